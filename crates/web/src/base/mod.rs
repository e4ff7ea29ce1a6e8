//! The web ground floor: what every page and API handler shares, whatever its module.
//!
//! `base` imports no feature module (ledger, mechanism, people, industry, region, identity
//! pages, audit …): it may use `crate::error`, `crate::i18n`, `crate::state`,
//! `crate::security`, the store and the domain. Feature modules import it.
//!
//! - [`cache`]: results kept under the data version (never stale);
//! - [`ctx`]: the request context (signed-in user, scope, language) and its extractors;
//! - [`format`]: money in yuan and 万元, China dates and times, quantities and units, file sizes;
//! - [`json`]: the JSON body extractor of the API, refusing with `json.*` codes;
//! - [`limit`]: rate limits of anonymous requests (public API, villagers' feedback);
//! - [`page`]: rendering a page and the outcome of a form;
//! - [`params`]: list, filter and paging parameters of the API with neutral `param.*` codes;
//! - [`regions`]: region pickers and names, user pickers;
//! - [`upload`]: the one reader of multipart uploads;
//! - [`url`]: encoding values for URLs.

pub mod cache;
pub mod ctx;
pub mod format;
pub mod json;
pub mod limit;
pub mod page;
pub mod params;
pub mod regions;
pub mod upload;
pub mod url;

#[cfg(test)]
mod tests {
    /// The ground floor names no feature module: every `crate::` path in its files (before
    /// their tests, which may build the whole router) is one of the modules it may use.
    #[test]
    fn base_imports_no_feature_module() {
        let allowed = ["base", "error", "i18n", "state", "security"];
        let files = [
            ("mod.rs", include_str!("mod.rs")),
            ("cache.rs", include_str!("cache.rs")),
            ("ctx.rs", include_str!("ctx.rs")),
            ("format.rs", include_str!("format.rs")),
            ("json.rs", include_str!("json.rs")),
            ("limit.rs", include_str!("limit.rs")),
            ("page.rs", include_str!("page.rs")),
            ("params.rs", include_str!("params.rs")),
            ("regions.rs", include_str!("regions.rs")),
            ("upload.rs", include_str!("upload.rs")),
            ("url.rs", include_str!("url.rs")),
        ];
        let mut found = Vec::new();
        for (name, text) in files {
            let text = text.split("#[cfg(test)]").next().unwrap_or(text);
            for (at, _) in text.match_indices("crate::") {
                let module: String = text[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !module.is_empty() && !allowed.contains(&module.as_str()) {
                    found.push(format!("{name}: crate::{module}"));
                }
            }
            if name != "mod.rs" && text.contains("super::super") {
                found.push(format!("{name}: super::super"));
            }
        }
        assert_eq!(found, Vec::<String>::new());
    }
}

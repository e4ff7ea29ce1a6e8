//! Translations: fluent files under `crates/usecase/locales/<locale>/<module>.ftl`, embedded in
//! the binary.
//! zh-CN is the default; en-US is complete (a test compares the two key sets).
//!
//! Error codes such as `region.code_invalid` are message ids with the dot made a dash.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    ZhCn,
    EnUs,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::EnUs];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::EnUs => "en-US",
        }
    }

    pub fn parse(text: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(text.trim()))
    }
}

macro_rules! locale_files {
    ($locale:literal) => {
        [
            (
                "shell",
                include_str!(concat!("../locales/", $locale, "/shell.ftl")),
            ),
            (
                "errors",
                include_str!(concat!("../locales/", $locale, "/errors.ftl")),
            ),
            (
                "base",
                include_str!(concat!("../locales/", $locale, "/base.ftl")),
            ),
            (
                "identity",
                include_str!(concat!("../locales/", $locale, "/identity.ftl")),
            ),
            (
                "region",
                include_str!(concat!("../locales/", $locale, "/region.ftl")),
            ),
            (
                "audit",
                include_str!(concat!("../locales/", $locale, "/audit.ftl")),
            ),
            (
                "ledger",
                include_str!(concat!("../locales/", $locale, "/ledger.ftl")),
            ),
            (
                "mechanism",
                include_str!(concat!("../locales/", $locale, "/mechanism.ftl")),
            ),
            (
                "people",
                include_str!(concat!("../locales/", $locale, "/people.ftl")),
            ),
            (
                "industry",
                include_str!(concat!("../locales/", $locale, "/industry.ftl")),
            ),
            (
                "tasks",
                include_str!(concat!("../locales/", $locale, "/tasks.ftl")),
            ),
            (
                "metrics",
                include_str!(concat!("../locales/", $locale, "/metrics.ftl")),
            ),
            (
                "assessment",
                include_str!(concat!("../locales/", $locale, "/assessment.ftl")),
            ),
            (
                "pay",
                include_str!(concat!("../locales/", $locale, "/pay.ftl")),
            ),
            (
                "disclosure",
                include_str!(concat!("../locales/", $locale, "/disclosure.ftl")),
            ),
            (
                "translog",
                include_str!(concat!("../locales/", $locale, "/translog.ftl")),
            ),
            (
                "portal",
                include_str!(concat!("../locales/", $locale, "/portal.ftl")),
            ),
            (
                "news",
                include_str!(concat!("../locales/", $locale, "/news.ftl")),
            ),
            (
                "dashboard",
                include_str!(concat!("../locales/", $locale, "/dashboard.ftl")),
            ),
            (
                "reports",
                include_str!(concat!("../locales/", $locale, "/reports.ftl")),
            ),
        ]
    };
}

/// The embedded fluent sources of a locale: (module, text).
pub fn sources(locale: Locale) -> [(&'static str, &'static str); 20] {
    match locale {
        Locale::ZhCn => locale_files!("zh-CN"),
        Locale::EnUs => locale_files!("en-US"),
    }
}

pub struct I18n {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

/// A locale file that does not load: a syntax error or a duplicate id (a startup error).
#[derive(Debug, thiserror::Error)]
#[error("locales/{locale}/{module}.ftl: {detail}")]
pub struct LoadError {
    pub locale: &'static str,
    pub module: &'static str,
    pub detail: String,
}

impl I18n {
    /// Parses every embedded file; a syntax error or a duplicate id is a startup error.
    pub fn load() -> Result<I18n, LoadError> {
        let mut bundles = Vec::new();
        for locale in Locale::ALL {
            let error = |module: &'static str, detail: String| LoadError {
                locale: locale.tag(),
                module,
                detail,
            };
            let lang = locale
                .tag()
                .parse()
                .map_err(|e| error("", format!("{e:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Unicode isolation marks would end up inside HTML attributes and spreadsheets.
            bundle.set_use_isolating(false);
            for (module, text) in sources(locale) {
                let resource = FluentResource::try_new(text.to_string())
                    .map_err(|(_, errors)| error(module, format!("{errors:?}")))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| error(module, format!("{errors:?}")))?;
            }
            bundles.push((locale, bundle));
        }
        Ok(I18n { bundles })
    }

    fn bundle(&self, locale: Locale) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, b)| b)
    }

    /// The message `key` in `locale`, with `args`; the key itself when it is missing
    /// (so a gap shows up on the page instead of breaking it).
    pub fn message(&self, locale: Locale, key: &str, args: &[(&str, String)]) -> String {
        let id = key.replace('.', "-");
        let Some(bundle) = self.bundle(locale) else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.clone()));
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundle(locale)
            .is_some_and(|b| b.has_message(&key.replace('.', "-")))
    }
}

/// Translation handle for one request: what templates call as `tr.t("key")`.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub locale: Locale,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, locale: Locale) -> Tr {
        Tr { i18n, locale }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.message(self.locale, key, &[])
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        self.i18n
            .message(self.locale, key, &[(name, value.to_string())])
    }

    pub fn with_args(&self, key: &str, args: &BTreeMap<&'static str, String>) -> String {
        let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.i18n.message(self.locale, key, &args)
    }

    /// The translated message of a validation error, naming the field.
    pub fn field_error(&self, e: &domain::FieldError) -> String {
        let field = self.t(&format!("field.{}", e.label.unwrap_or(e.field)));
        let mut args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        args.push(("field", field));
        self.i18n.message(self.locale, e.code, &args)
    }

    pub fn tag(&self) -> &'static str {
        self.locale.tag()
    }
}

/// The message ids of a fluent source, for the completeness test.
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains('='))
        .filter_map(|l| l.split('=').next())
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

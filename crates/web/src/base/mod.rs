//! The web ground floor: what every page and API handler shares, whatever its module.
//!
//! `base` imports no feature module (ledger, mechanism, people, industry, region, identity
//! pages, audit …): it may use `crate::error`, `crate::i18n`, `crate::state`,
//! `crate::security`, the store and the domain. Feature modules import it.
//!
//! - [`format`]: money in yuan, China dates and times, file sizes;
//! - [`page`]: rendering a page and the outcome of a form;
//! - [`params`]: list, filter and paging parameters of the API with neutral `param.*` codes;
//! - [`regions`]: region pickers and names, user pickers;
//! - [`upload`]: the one reader of multipart uploads.

pub mod format;
pub mod page;
pub mod params;
pub mod regions;
pub mod upload;

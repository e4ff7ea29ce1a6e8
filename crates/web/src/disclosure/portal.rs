//! The public portal under `/public` (owned by the portal work of issue 15): no sign-in,
//! Chinese first, small pages without JavaScript, cacheable.
//!
//! [`Frame`] and `templates/disclosure/public_base.html` are the public pages' frame, which
//! the news and feedback pages (`news.rs`, `feedback.rs`) extend too.

use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;

/// What the public frame needs: the language and translations, the page's title and the
/// path back up (district → town → village).
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    /// (label, href) from the portal's top down to the page's parent.
    pub crumbs: Vec<(String, String)>,
}

impl Frame {
    pub fn new(tr: Tr, title: impl Into<String>) -> Frame {
        Frame {
            tr,
            title: title.into(),
            crumbs: Vec::new(),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.locale.tag()
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
}

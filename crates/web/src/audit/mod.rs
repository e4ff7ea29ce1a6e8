//! The audit log page: filter by user, record type, one record, region and date; export what
//! is shown. Times are China time, people are shown by name, and each entry says what changed
//! as a list of fields (label, before → after, money in yuan), never as raw JSON in fen.

pub mod changes;
pub mod log;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> Router<AppState> {
    log::routes()
}

/// The audit log has no API of its own (an empty router, so every module has one shape).
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

/// The audit log filtered to one record: the link "this record's history" of a record page.
pub fn record_url(entity: &str, id: &str) -> String {
    format!(
        "{}?entity={}&entity_id={}",
        crate::base::url::AUDIT,
        crate::base::url::encode(entity),
        crate::base::url::encode(id)
    )
}

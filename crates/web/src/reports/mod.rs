//! The report pack (一键报表, issue 16): 农经 statistical returns and programme tables for a
//! region and year, as pages, JSON and one .xlsx workbook.

pub mod api;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

/// The module's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The module's API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

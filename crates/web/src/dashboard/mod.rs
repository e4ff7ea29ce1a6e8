//! The cockpit (一张图, issue 16): district and town dashboards with charts, data tables and
//! drill-down, read from the metrics catalogue.

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

//! The metrics catalogue (指标目录) on the web: the catalogue and one metric's figure for a
//! region and a year in the JSON API, both from `domain::metrics` / `store::metrics`, which
//! compute each metric in one place (plans read the same function).

pub mod api;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// No pages yet: plans show the metrics their targets bind to.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The metrics API: the catalogue and one metric's value.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::metrics::list_metrics))
        .routes(routes!(api::metrics::metric_value))
}

//! Assessment (考核) on the web: schemes, running assessments, results and ranking, and pay
//! linkage (`pay`).

pub mod api;
pub mod pay;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The assessment pages.
pub fn routes() -> Router<AppState> {
    Router::new().merge(pay::routes())
}

/// The assessment API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::assessments::list_assessments))
        .routes(routes!(api::assessments::assessment_results))
        .merge(pay::api_routes())
}

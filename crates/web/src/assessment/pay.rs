//! Pay linkage (报酬挂钩) pages.

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

/// The pay-linkage pages.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The pay-linkage API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

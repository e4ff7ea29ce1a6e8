//! Owned by the issue 15 work named in ../mod.rs.

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

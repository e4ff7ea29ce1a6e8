//! Sign-in, sessions, API tokens, the user's own account and user administration.

pub mod admin;
pub mod api;
pub mod pages;
pub mod session;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes())
}

/// The identity API: the caller's own account.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::me::me))
}

//! Regions: the tree, the village profile page (later modules add their sections), forms,
//! spreadsheet import and export, and the JSON API.

pub mod api;
pub mod pages;
pub mod profile;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    pages::routes()
}

/// The region API: list, get, create and update regions.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use api::regions;
    OpenApiRouter::new()
        .routes(routes!(regions::list_regions, regions::create_region))
        .routes(routes!(regions::get_region, regions::update_region))
}

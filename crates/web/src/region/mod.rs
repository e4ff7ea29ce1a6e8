//! Regions: the tree, the village profile page (later modules add their sections), forms,
//! spreadsheet import and export, and the JSON API.

pub mod api;
pub mod io;
pub mod pages;
pub mod profile;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    pages::routes()
}

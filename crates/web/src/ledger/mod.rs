//! The collective economy's books on the web: organisations, books, vouchers, reports.

pub mod io;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}

//! Owned by the portal work of issue 15 (see mod.rs).

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}

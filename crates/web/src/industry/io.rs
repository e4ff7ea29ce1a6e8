//! Imports of harvest, sale and labour logs (.xlsx/.csv, all-or-nothing) and the exports of
//! the industry lists.

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
}

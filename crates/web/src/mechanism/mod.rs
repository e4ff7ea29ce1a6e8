//! The work mechanism on the web: plans and targets, assignments, meetings, visits, the
//! problem list, the compliance board and the calendar, as pages, .xlsx exports and the JSON
//! API. Everything reads and writes through `store::mechanism`, which scopes every query to
//! the caller's region.

pub mod api;
pub mod board;
pub mod calendar;
pub mod meetings;
pub mod plans;
pub mod problems;
pub mod visits;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(plans::routes())
        .merge(meetings::routes())
        .merge(visits::routes())
        .merge(calendar::routes())
        .merge(problems::routes())
        .merge(board::routes())
}

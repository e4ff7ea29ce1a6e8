//! People and talent (队伍建设) on the web: the person registry with its masked personal
//! information, posts and teams, the talent pool, recruitment, trainings and their coverage,
//! incentives; pages, imports, .xlsx exports and the JSON API. Everything goes through
//! `store::people`, which scopes every query and masks ID numbers and phones.

pub mod api;
pub mod io;
pub mod persons;
pub mod posts;
pub mod recruitment;
pub mod talent;
pub mod trainings;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(persons::routes())
        .merge(posts::routes())
        .merge(io::routes())
        .merge(talent::routes())
        .merge(recruitment::routes())
        .merge(trainings::routes())
}

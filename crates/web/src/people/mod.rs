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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(persons::routes())
        .merge(posts::routes())
        .merge(io::routes())
        .merge(talent::routes())
        .merge(recruitment::routes())
        .merge(trainings::routes())
}

/// The people API: persons, posts, the talent pool, recruitment, trainings and incentives.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use api::{incentives, persons, posts, recruitment, talent, trainings};
    OpenApiRouter::new()
        .routes(routes!(persons::list_people, persons::create_person))
        .routes(routes!(persons::get_person, persons::update_person))
        .routes(routes!(persons::archive_person))
        .routes(routes!(persons::reveal_person))
        .routes(routes!(persons::restore_person))
        .routes(routes!(posts::list_posts, posts::create_post))
        .routes(routes!(posts::end_post))
        .routes(routes!(talent::search_talent, talent::create_talent))
        .routes(routes!(talent::set_talent_status))
        .routes(routes!(talent::archive_talent))
        .routes(routes!(
            recruitment::list_campaigns,
            recruitment::create_campaign
        ))
        .routes(routes!(recruitment::get_campaign))
        .routes(routes!(recruitment::add_applicant))
        .routes(routes!(recruitment::set_scores))
        .routes(routes!(recruitment::decide_applicant))
        .routes(routes!(recruitment::close_campaign))
        .routes(routes!(recruitment::reopen_campaign))
        .routes(routes!(recruitment::add_position))
        .routes(routes!(
            trainings::list_trainings,
            trainings::create_training
        ))
        .routes(routes!(trainings::coverage))
        .routes(routes!(trainings::get_training))
        .routes(routes!(trainings::set_attendance))
        .routes(routes!(trainings::archive_training))
        .routes(routes!(
            incentives::list_incentives,
            incentives::create_incentive
        ))
        .routes(routes!(incentives::archive_incentive))
}

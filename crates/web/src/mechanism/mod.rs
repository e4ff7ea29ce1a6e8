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
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(plans::routes())
        .merge(meetings::routes())
        .merge(visits::routes())
        .merge(calendar::routes())
        .merge(problems::routes())
        .merge(board::routes())
}

/// The mechanism's API: plans and targets, assignments, meeting types, rules, the compliance
/// board, meetings, visits and problems.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use api::{assignments, board, meeting_types, meetings, plans, problems, rules, visits};
    OpenApiRouter::new()
        .routes(routes!(plans::list_plans, plans::create_plan))
        .routes(routes!(plans::get_plan, plans::update_plan))
        .routes(routes!(plans::archive_plan))
        .routes(routes!(plans::restore_plan))
        .routes(routes!(plans::add_target))
        .routes(routes!(plans::update_target))
        .routes(routes!(plans::archive_target))
        .routes(routes!(plans::restore_target))
        .routes(routes!(
            assignments::list_assignments,
            assignments::create_assignment
        ))
        .routes(routes!(assignments::end_assignment))
        .routes(routes!(assignments::archive_assignment))
        .routes(routes!(assignments::restore_assignment))
        .routes(routes!(
            meeting_types::list_meeting_types,
            meeting_types::create_meeting_type
        ))
        .routes(routes!(meeting_types::update_meeting_type))
        .routes(routes!(meeting_types::activate_meeting_type))
        .routes(routes!(meeting_types::deactivate_meeting_type))
        .routes(routes!(rules::list_rules, rules::create_rule))
        .routes(routes!(rules::update_rule))
        .routes(routes!(rules::activate_rule))
        .routes(routes!(rules::deactivate_rule))
        .routes(routes!(board::compliance_board))
        .routes(routes!(meetings::list_meetings, meetings::create_meeting))
        .routes(routes!(meetings::get_meeting, meetings::update_meeting))
        .routes(routes!(meetings::archive_meeting))
        .routes(routes!(meetings::restore_meeting))
        .routes(routes!(meetings::add_decision))
        .routes(routes!(meetings::upload_attachments).layer(crate::security::upload_limit()))
        .routes(routes!(meetings::download_attachment))
        .routes(routes!(visits::list_visits, visits::create_visit))
        .routes(routes!(visits::get_visit, visits::update_visit))
        .routes(routes!(visits::archive_visit))
        .routes(routes!(visits::restore_visit))
        .routes(routes!(visits::add_visit_problem))
        .routes(routes!(problems::list_problems, problems::create_problem))
        .routes(routes!(problems::get_problem, problems::update_problem))
        .routes(routes!(problems::set_problem_progress))
        .routes(routes!(problems::archive_problem))
        .routes(routes!(problems::restore_problem))
        .routes(routes!(problems::transition_problem))
}

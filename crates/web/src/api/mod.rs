//! The JSON API under `/api/v1`, described by `/api/openapi.json`. Routes are registered
//! with their OpenAPI description in one step, so the document cannot leave one out.

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Zhenxing API",
        description = "振兴 — 党建引领乡村振兴 platform. Every list is scoped to the caller's region. \
                       Authenticate with a session cookie (send X-CSRF-Token on writes) or \
                       `Authorization: Bearer <token>`. Errors are `{\"code\",\"message\"}` with stable codes."
    ),
    modifiers(&SecurityAddon),
    security(("bearer" = []), ("session" = [])),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("zx_session"))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(crate::identity::api::me))
        .routes(routes!(crate::tasks::api::my_tasks))
        .routes(routes!(
            crate::region::api::list_regions,
            crate::region::api::create_region
        ))
        .routes(routes!(
            crate::region::api::get_region,
            crate::region::api::update_region
        ))
        .routes(routes!(crate::ledger::api::list_orgs))
        .routes(routes!(
            crate::ledger::api::list_vouchers,
            crate::ledger::api::create_voucher
        ))
        .routes(routes!(crate::ledger::api::get_voucher))
        .routes(routes!(crate::ledger::api::review_voucher))
        .routes(routes!(crate::ledger::api::post_voucher))
        .routes(routes!(crate::ledger::api::reverse_voucher))
        .routes(routes!(crate::ledger::api::trial_balance))
        .routes(routes!(crate::ledger::statements::balance_sheet_api))
        .routes(routes!(crate::ledger::statements::income_statement_api))
        .routes(routes!(crate::ledger::classification::classification_api))
        .routes(routes!(crate::ledger::account_ledgers::detail_api))
        .routes(routes!(crate::ledger::account_ledgers::general_api))
        .routes(routes!(
            crate::mechanism::api::list_plans,
            crate::mechanism::api::create_plan
        ))
        .routes(routes!(
            crate::mechanism::api::get_plan,
            crate::mechanism::api::more::update_plan
        ))
        .routes(routes!(crate::mechanism::api::more::archive_plan))
        .routes(routes!(crate::mechanism::api::more::restore_plan))
        .routes(routes!(crate::mechanism::api::more::add_target))
        .routes(routes!(crate::mechanism::api::more::update_target))
        .routes(routes!(crate::mechanism::api::more::archive_target))
        .routes(routes!(crate::mechanism::api::more::restore_target))
        .routes(routes!(
            crate::mechanism::api::list_assignments,
            crate::mechanism::api::create_assignment
        ))
        .routes(routes!(crate::mechanism::api::end_assignment))
        .routes(routes!(crate::mechanism::api::more::archive_assignment))
        .routes(routes!(crate::mechanism::api::more::restore_assignment))
        .routes(routes!(
            crate::mechanism::api::list_meeting_types,
            crate::mechanism::api::more::create_meeting_type
        ))
        .routes(routes!(crate::mechanism::api::more::update_meeting_type))
        .routes(routes!(crate::mechanism::api::more::activate_meeting_type))
        .routes(routes!(
            crate::mechanism::api::more::deactivate_meeting_type
        ))
        .routes(routes!(
            crate::mechanism::api::list_rules,
            crate::mechanism::api::more::create_rule
        ))
        .routes(routes!(crate::mechanism::api::more::update_rule))
        .routes(routes!(crate::mechanism::api::more::activate_rule))
        .routes(routes!(crate::mechanism::api::more::deactivate_rule))
        .routes(routes!(crate::mechanism::api::compliance_board))
        .routes(routes!(
            crate::industry::api::list_projects,
            crate::industry::api_write::create_project
        ))
        .routes(routes!(crate::industry::api::get_project))
        .routes(routes!(crate::industry::api::project_results))
        .routes(routes!(crate::industry::api_write::transition_project))
        .routes(routes!(crate::industry::api_write::archive_project))
        .routes(routes!(crate::industry::api_write::restore_project))
        .routes(routes!(crate::industry::api_write::add_funding))
        .routes(routes!(crate::industry::api_write::add_budget_line))
        .routes(routes!(crate::industry::api_write::add_milestone))
        .routes(routes!(crate::industry::api_write::set_milestone_progress))
        .routes(routes!(crate::industry::api_write::budget))
        .routes(routes!(crate::industry::api_write::add_approval))
        .routes(routes!(
            crate::industry::api_write::list_disbursements,
            crate::industry::api_write::create_disbursement
        ))
        .routes(routes!(
            crate::industry::api_write::list_units,
            crate::industry::api_write::create_unit
        ))
        .routes(routes!(crate::industry::api_write::list_batches))
        .routes(routes!(crate::industry::api_write::create_batch))
        .routes(routes!(crate::industry::api_write::list_logs))
        .routes(routes!(crate::industry::api_write::create_log))
        .routes(routes!(crate::industry::api_write::pay_labour))
        .routes(routes!(crate::industry::api_write::set_household))
        .routes(routes!(crate::industry::api_write::unit_results))
        .routes(routes!(crate::industry::api_write::batch_results))
        .routes(
            routes!(
                crate::industry::api_write::list_documents,
                crate::industry::api_write::upload_document
            )
            .layer(crate::security::upload_limit(
                crate::industry::projects::MAX_UPLOAD_BYTES,
            )),
        )
        .routes(routes!(crate::industry::api_write::download_document))
        .routes(routes!(
            crate::mechanism::api::records::list_meetings,
            crate::mechanism::api::records::create_meeting
        ))
        .routes(routes!(
            crate::mechanism::api::records::get_meeting,
            crate::mechanism::api::more::update_meeting
        ))
        .routes(routes!(crate::mechanism::api::more::archive_meeting))
        .routes(routes!(crate::mechanism::api::more::restore_meeting))
        .routes(routes!(crate::mechanism::api::more::add_decision))
        .routes(
            routes!(crate::mechanism::api::more::upload_attachments).layer(
                crate::security::upload_limit(crate::mechanism::api::more::MAX_UPLOAD_BYTES),
            ),
        )
        .routes(routes!(crate::mechanism::api::more::download_attachment))
        .routes(routes!(
            crate::mechanism::api::records::list_visits,
            crate::mechanism::api::records::create_visit
        ))
        .routes(routes!(
            crate::mechanism::api::records::get_visit,
            crate::mechanism::api::more::update_visit
        ))
        .routes(routes!(crate::mechanism::api::more::archive_visit))
        .routes(routes!(crate::mechanism::api::more::restore_visit))
        .routes(routes!(crate::mechanism::api::more::add_visit_problem))
        .routes(routes!(
            crate::mechanism::api::records::list_problems,
            crate::mechanism::api::records::create_problem
        ))
        .routes(routes!(
            crate::mechanism::api::records::get_problem,
            crate::mechanism::api::more::update_problem
        ))
        .routes(routes!(crate::mechanism::api::more::set_problem_progress))
        .routes(routes!(crate::mechanism::api::more::archive_problem))
        .routes(routes!(crate::mechanism::api::more::restore_problem))
        .routes(routes!(crate::mechanism::api::records::transition_problem))
        .routes(routes!(
            crate::people::api::list_people,
            crate::people::api::create_person
        ))
        .routes(routes!(
            crate::people::api::get_person,
            crate::people::api::update_person
        ))
        .routes(routes!(crate::people::api::archive_person))
        .routes(routes!(crate::people::api::reveal_person))
        .routes(routes!(
            crate::people::api::list_posts,
            crate::people::api::create_post
        ))
        .routes(routes!(crate::people::api::end_post))
        .routes(routes!(
            crate::people::api::talent::search_talent,
            crate::people::api::talent::create_talent
        ))
        .routes(routes!(crate::people::api::talent::set_talent_status))
        .routes(routes!(
            crate::people::api::talent::list_campaigns,
            crate::people::api::talent::create_campaign
        ))
        .routes(routes!(crate::people::api::talent::get_campaign))
        .routes(routes!(crate::people::api::talent::add_applicant))
        .routes(routes!(crate::people::api::talent::set_scores))
        .routes(routes!(crate::people::api::talent::decide_applicant))
        .routes(routes!(
            crate::people::api::trainings::list_trainings,
            crate::people::api::trainings::create_training
        ))
        .routes(routes!(crate::people::api::trainings::coverage))
        .routes(routes!(crate::people::api::trainings::get_training))
        .routes(routes!(crate::people::api::trainings::set_attendance))
        .routes(routes!(
            crate::people::api::trainings::list_incentives,
            crate::people::api::trainings::create_incentive
        ))
        .routes(routes!(crate::people::api::more::restore_person))
        .routes(routes!(crate::people::api::more::close_campaign))
        .routes(routes!(crate::people::api::more::reopen_campaign))
        .routes(routes!(crate::people::api::more::add_position))
        .routes(routes!(crate::people::api::more::archive_talent))
        .routes(routes!(crate::people::api::more::archive_training))
        .routes(routes!(crate::people::api::more::archive_incentive))
}

/// The document as served, for tests and `zhenxing gen openapi`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().split_for_parts().1
}

/// Pretty JSON of any document (the binary has no serde_json of its own).
pub fn to_pretty_json(doc: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(doc)
}

/// A JSON request body whose rejection is an API error with a stable code, like every
/// other error (axum's own rejection is plain text).
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                // The parser's own words name the field or position at fault.
                let detail = rejection.body_text();
                Err(domain::FieldError::new("common.bad_json", "body")
                    .arg("value", detail)
                    .into())
            }
        }
    }
}

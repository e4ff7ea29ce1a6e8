//! Industry projects and production (产业振兴) on the web: the project list and its export,
//! project entry, the project page (status workflow, funding, budget lines with approvals and
//! disbursements, milestones) and the production page (units, batches, logs, results for a
//! year and their export). Everything reads and writes through `store::industry`, which scopes
//! every query to the caller's region.

pub mod api;
pub mod io;
pub mod production;
pub mod projects;

use crate::base::ctx::Auth;
use crate::base::format::{quantity, unit_name};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use domain::FieldError;
use serde::Deserialize;
use store::industry::ProjectDetail;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(projects::routes())
        .merge(production::routes())
        .merge(io::routes())
}

/// The industry API: projects, their budget, production, results and documents.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use api::{budget, documents, production, projects, results};
    OpenApiRouter::new()
        .routes(routes!(projects::list_projects, projects::create_project))
        .routes(routes!(projects::get_project))
        .routes(routes!(results::project_results))
        .routes(routes!(projects::transition_project))
        .routes(routes!(projects::archive_project))
        .routes(routes!(projects::restore_project))
        .routes(routes!(projects::add_funding))
        .routes(routes!(budget::add_budget_line))
        .routes(routes!(projects::add_milestone))
        .routes(routes!(projects::set_milestone_progress))
        .routes(routes!(budget::budget))
        .routes(routes!(budget::add_approval))
        .routes(routes!(
            budget::list_disbursements,
            budget::create_disbursement
        ))
        .routes(routes!(production::list_units, production::create_unit))
        .routes(routes!(production::list_batches))
        .routes(routes!(production::create_batch))
        .routes(routes!(production::list_logs))
        .routes(routes!(production::create_log))
        .routes(routes!(production::pay_labour))
        .routes(routes!(production::set_household))
        .routes(routes!(results::unit_results))
        .routes(routes!(results::batch_results))
        .routes(
            routes!(documents::list_documents, documents::upload_document)
                .layer(crate::security::upload_limit()),
        )
        .routes(routes!(documents::download_document))
}

/// The translated label of a project status (申报 / 批准 / …).
pub fn status_label(tr: &Tr, status: &str) -> String {
    tr.t(&format!("ip-status-{status}"))
}

/// A project in the caller's scope, or 404.
pub(crate) async fn project_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<ProjectDetail, AppError> {
    store::industry::projects::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// Yields as `产品 数量 单位`, one per product and unit, separated by `；`, the unit in the
/// reader's language.
pub(crate) fn yields_text(tr: &Tr, r: &domain::industry::results::Results) -> String {
    r.yields
        .iter()
        .map(|y| {
            format!(
                "{} {} {}",
                y.product,
                quantity(&y.total),
                unit_name(tr, &y.unit)
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// `?year=` of the industry pages, exports and the region profile's industry section.
#[derive(Deserialize, Default)]
pub(crate) struct YearQuery {
    #[serde(default)]
    year: String,
}

impl YearQuery {
    /// The year asked for; `None` when the query names none (each page picks its default).
    pub(crate) fn year(&self) -> Result<Option<i32>, FieldError> {
        match self.year.trim() {
            "" => Ok(None),
            y => y
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..=9999).contains(y))
                .map(Some)
                .ok_or_else(|| {
                    FieldError::new("industry.number_invalid", "year")
                        .arg("value", y)
                        .arg("min", "1900")
                        .arg("max", "9999")
                }),
        }
    }
}

//! Industry projects (产业振兴) in the JSON API under `/api/v1` (registered with their OpenAPI
//! description in `crate::api`): the project list, one project with its funding, budget lines
//! and milestones, and a project's results for a year. Amounts are fen, quantities exact
//! decimal text; every read is scoped by the store to the caller's region. The writes are in
//! `api_write`, which reuses the response types and helpers here.

use crate::base::params::{bad_param, given, region_param};
use crate::error::{AppError, ErrorBody};
use crate::identity::session::{Auth, SignedIn};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use store::industry::projects::ProjectRecord;
use store::industry::results::Selection;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ProjectDto {
    pub id: String,
    /// The village (or town) the project belongs to.
    pub region: String,
    pub title: String,
    pub sector: String,
    /// declared, approved, … (the project workflow).
    pub status: String,
    /// Percent 0–100, weighted over the milestones.
    pub progress: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectQuery {
    /// Only projects under this region code.
    pub region: Option<String>,
}

/// Projects in the caller's scope, optionally under a region, by region and title.
#[utoipa::path(get, path = "/api/v1/projects", tag = "industry",
    params(ProjectQuery),
    responses((status = 200, body = Vec<ProjectDto>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody)))]
pub async fn list_projects(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ProjectQuery>,
) -> Result<Json<Vec<ProjectDto>>, AppError> {
    let region = region_param(&q.region, "region")?;
    let scope = &auth.actor.scope;
    // The progress is the detail's (weighted over milestones), read for all at once.
    let rows =
        store::industry::projects::list_with_progress(&state.db, scope, region.as_ref(), false)
            .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(p, progress)| project_dto(p, progress))
            .collect(),
    ))
}

fn project_dto(p: ProjectRecord, progress: i64) -> ProjectDto {
    ProjectDto {
        id: p.id,
        region: p.region_code,
        title: p.title,
        sector: p.sector,
        status: p.status,
        progress,
    }
}

#[derive(Serialize, ToSchema)]
pub struct FundingDto {
    pub id: String,
    pub source: String,
    /// Fen.
    pub amount: i64,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineDto {
    pub id: String,
    pub name: String,
    pub account_code: String,
    /// The line's budget, fen.
    pub budget: i64,
    /// Approved extra, fen.
    pub approved: i64,
    /// Committed, fen.
    pub committed: i64,
    /// Spent (disbursed), fen.
    pub spent: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneDto {
    pub id: String,
    pub title: String,
    pub due_on: String,
    pub weight: i64,
    /// Percent 0–100.
    pub progress: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectDetailDto {
    #[serde(flatten)]
    pub project: ProjectDto,
    pub description: String,
    pub responsible_name: String,
    pub terminated_reason: Option<String>,
    pub funding: Vec<FundingDto>,
    pub budget_lines: Vec<BudgetLineDto>,
    pub milestones: Vec<MilestoneDto>,
    /// The status history, in the order it was entered.
    pub history: Vec<EventDto>,
}

/// One status change of a project.
#[derive(Serialize, ToSchema)]
pub struct EventDto {
    /// None for the first (申报).
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: String,
    /// The date it was decided, `YYYY-MM-DD`.
    pub decided_on: Option<String>,
    /// When it was entered (RFC 3339) and by whom.
    pub at: String,
    pub actor: String,
}

/// One project with its funding, budget lines (budget, approved, committed, spent) and
/// milestones.
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = ProjectDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_project(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProjectDetailDto>, AppError> {
    Ok(Json(project_detail(&state, &auth, &id).await?))
}

/// A budget line's figures as the store reads them from the vouchers' states.
pub(crate) fn line_dto(l: store::industry::LineStatus) -> BudgetLineDto {
    BudgetLineDto {
        id: l.line.id,
        name: l.line.name,
        account_code: l.line.account_code,
        budget: l.budget,
        approved: l.approved,
        committed: l.committed,
        spent: l.spent,
    }
}

/// The live budget lines of a project in scope with their figures, or 404.
pub(crate) async fn budget_lines(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<Vec<BudgetLineDto>, AppError> {
    Ok(
        store::industry::funds::budget_status(&state.db, &auth.actor.scope, id)
            .await?
            .ok_or_else(AppError::not_found)?
            .into_iter()
            .filter(|l| !l.line.archived)
            .map(line_dto)
            .collect(),
    )
}

pub(crate) fn milestone_dto(m: store::industry::MilestoneRecord) -> MilestoneDto {
    MilestoneDto {
        id: m.id,
        title: m.title,
        due_on: m.due_on,
        weight: m.weight,
        progress: m.progress,
    }
}

pub(crate) fn funding_dto(f: store::industry::FundingRecord) -> FundingDto {
    FundingDto {
        id: f.id,
        source: f.source,
        amount: f.amount,
        note: f.note,
    }
}

/// One project in scope as the API shows it, or 404.
pub(crate) async fn project_detail(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<ProjectDetailDto, AppError> {
    let d = super::project_in_scope(state, auth, id).await?;
    let budget_lines = budget_lines(state, auth, id).await?;
    let description = d.project.description.clone();
    let responsible_name = d.project.responsible_name.clone();
    let terminated_reason = d.project.terminated_reason.clone();
    Ok(ProjectDetailDto {
        project: project_dto(d.project, d.progress),
        description,
        responsible_name,
        terminated_reason,
        funding: d
            .funding
            .into_iter()
            .filter(|f| !f.archived)
            .map(funding_dto)
            .collect(),
        budget_lines,
        milestones: d
            .milestones
            .into_iter()
            .filter(|m| !m.archived)
            .map(milestone_dto)
            .collect(),
        history: d
            .events
            .into_iter()
            .map(|e| EventDto {
                from_status: e.from_status,
                to_status: e.to_status,
                reason: e.reason,
                decided_on: e.decided_on,
                at: e.at,
                actor: e.actor_name,
            })
            .collect(),
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// The year (YYYY); all years when absent.
    pub year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct YieldDto {
    pub product: String,
    /// Exact decimal text.
    pub quantity: String,
    pub unit: String,
    /// Per m² of the units' area (6 decimals); null without area.
    pub per_m2: Option<String>,
    /// Per greenhouse; null without greenhouses.
    pub per_greenhouse: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdDto {
    pub household: String,
    pub workers: usize,
    /// Wages earned, fen.
    pub income: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsDto {
    /// The project (on the project's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The production unit (on a unit's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    /// The batch (on a batch's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    pub year: Option<i32>,
    /// Sales, fen.
    pub gross_income: i64,
    /// Sales whose income voucher is posted in the books (not reversed), fen.
    pub income_posted: i64,
    /// Input costs, fen.
    pub input_costs: i64,
    /// Wages earned, fen.
    pub wages: i64,
    /// Inputs plus wages, fen.
    pub costs: i64,
    /// Gross income less costs, fen.
    pub net: i64,
    pub distinct_workers: usize,
    /// Exact decimal text.
    pub person_days: String,
    /// Number of households with a worker.
    pub households: usize,
    pub household_income: Vec<HouseholdDto>,
    #[serde(rename = "yield")]
    pub yields: Vec<YieldDto>,
}

/// A project's results (yield, income, costs, labour, households), for a year when given.
#[utoipa::path(get, path = "/api/v1/projects/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Project id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn project_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Project(id), &q).await?,
    ))
}

/// The results of a project, unit or batch in scope (404 otherwise) for `q.year`.
pub(crate) async fn results_of(
    state: &AppState,
    auth: &Auth,
    selection: Selection,
    q: &ResultsQuery,
) -> Result<ResultsDto, AppError> {
    let year = given(&q.year)
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (1900..=9999).contains(y) && t.len() == 4)
                .ok_or_else(|| bad_param("year", t, "YYYY"))
        })
        .transpose()?;
    let r = store::industry::results::results(&state.db, &auth.actor.scope, &selection, year)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (project_id, unit_id, batch_id) = match selection {
        Selection::Project(id) => (Some(id), None, None),
        Selection::Unit(id) => (None, Some(id), None),
        Selection::Batch(id) => (None, None, Some(id)),
    };
    Ok(ResultsDto {
        project_id,
        unit_id,
        batch_id,
        year,
        gross_income: r.gross_income,
        income_posted: r.income_posted,
        input_costs: r.input_costs,
        wages: r.wages,
        costs: r.costs,
        net: r.net,
        distinct_workers: r.distinct_workers,
        person_days: r.person_days,
        households: r.households.len(),
        household_income: r
            .households
            .into_iter()
            .map(|h| HouseholdDto {
                household: h.household,
                workers: h.workers,
                income: h.income,
            })
            .collect(),
        yields: r
            .yields
            .into_iter()
            .map(|y| YieldDto {
                product: y.product,
                quantity: y.total,
                unit: y.unit,
                per_m2: y.per_m2,
                per_greenhouse: y.per_greenhouse,
            })
            .collect(),
    })
}

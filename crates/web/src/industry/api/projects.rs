//! Projects in the JSON API: the list, one project with its funding and milestones, entry,
//! the status workflow, archiving, funding and milestones.

use super::budget::{BudgetLineDto, budget_lines};
use super::{read_only, writable, yuan};
use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::{num_text, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::industry::project::{Status, decided_on};
use domain::industry::{FundingInput, MilestoneInput, ProjectInput};
use serde::{Deserialize, Serialize};
use store::industry::projects;
use store::industry::projects::ProjectRecord;
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
    let d = crate::industry::project_in_scope(state, auth, id).await?;
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

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProjectCreate {
    /// The village the project belongs to.
    pub region_code: String,
    /// The village's collective economic organisation (its books take the vouchers).
    pub org_id: String,
    pub sector: String,
    pub title: String,
    pub description: String,
    /// A person of the registry; then `responsible_name` may stay empty.
    pub responsible_person_id: Option<String>,
    pub responsible_name: String,
    /// Account codes; empty takes the defaults of the organisation's chart.
    pub income_account: String,
    pub labour_cost_account: String,
    pub labour_payable_account: String,
    /// 申报日期, `YYYY-MM-DD`; empty: today. Not after today.
    pub applied_on: String,
}

/// Creates a project in status `applied` (申报).
#[utoipa::path(post, path = "/api/v1/projects", tag = "industry", request_body = ProjectCreate,
    responses((status = 201, body = ProjectDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_project(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<ProjectCreate>,
) -> Result<(StatusCode, Json<ProjectDetailDto>), AppError> {
    read_only(&auth)?;
    let p = ProjectInput {
        region_code: body.region_code,
        org_id: body.org_id,
        sector: body.sector,
        title: body.title,
        description: body.description,
        responsible_person_id: body.responsible_person_id.unwrap_or_default(),
        responsible_name: body.responsible_name,
        income_account: body.income_account,
        labour_cost_account: body.labour_cost_account,
        labour_payable_account: body.labour_payable_account,
        applied_on: body.applied_on,
    }
    .validate()?;
    let record = projects::create(&state.db, &auth.actor, &p).await?;
    Ok((
        StatusCode::CREATED,
        Json(project_detail(&state, &auth, &record.id).await?),
    ))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct StatusChange {
    /// approved, implementing, accepted, operating (the next step) or terminated.
    pub status: String,
    /// Required when terminating.
    pub reason: String,
    /// The date the change was decided (批复、验收或决定的日期), `YYYY-MM-DD`; empty: today.
    /// Not after today.
    #[serde(default)]
    pub decided_on: String,
}

/// Moves a project one step along 申报 → 批准 → 实施 → 验收 → 运营, or terminates it with a
/// reason; the change is kept in the project's history.
#[utoipa::path(post, path = "/api/v1/projects/{id}/status", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = StatusChange,
    responses((status = 200, body = ProjectDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition_project(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<StatusChange>,
) -> Result<Json<ProjectDetailDto>, AppError> {
    writable(&state, &auth, &id).await?;
    let to = Status::parse(&body.status).ok_or_else(|| {
        FieldError::new("common.choice_invalid", "status").arg("value", body.status.trim())
    })?;
    let on = decided_on(&body.decided_on, "decided_on", domain::time::today())?;
    projects::transition(&state.db, &auth.actor, &id, to, &body.reason, on).await?;
    Ok(Json(project_detail(&state, &auth, &id).await?))
}

async fn archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<ProjectDetailDto>, AppError> {
    writable(state, auth, id).await?;
    projects::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(project_detail(state, auth, id).await?))
}

/// Archives a project entered by mistake (out of the lists; nothing is deleted).
#[utoipa::path(post, path = "/api/v1/projects/{id}/archive", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = ProjectDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_project(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProjectDetailDto>, AppError> {
    archived(&state, &auth, &id, true).await
}

/// Restores an archived project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/restore", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = ProjectDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_project(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProjectDetailDto>, AppError> {
    archived(&state, &auth, &id, false).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct FundingCreate {
    /// fiscal, collective, social or other.
    pub source: String,
    /// Fen.
    pub amount: Option<i64>,
    pub note: String,
}

/// Adds a funding source to a project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/funding", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = FundingCreate,
    responses((status = 201, body = FundingDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_funding(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<FundingCreate>,
) -> Result<(StatusCode, Json<FundingDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let f = FundingInput {
        source: body.source,
        amount: yuan(body.amount),
        note: body.note,
    }
    .validate()?;
    let record = projects::add_funding(&state.db, &auth.actor, &id, &f).await?;
    Ok((StatusCode::CREATED, Json(funding_dto(record))))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MilestoneCreate {
    pub title: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// 1–100 (default 1).
    pub weight: Option<i64>,
    /// Percent 0–100 (default 0).
    pub progress: Option<i64>,
}

/// Adds a milestone to a project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/milestones", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = MilestoneCreate,
    responses((status = 201, body = MilestoneDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_milestone(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<MilestoneCreate>,
) -> Result<(StatusCode, Json<MilestoneDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let m = MilestoneInput {
        title: body.title,
        due_on: body.due_on,
        weight: num_text(body.weight),
        progress: num_text(body.progress),
    }
    .validate()?;
    let record = projects::add_milestone(&state.db, &auth.actor, &id, &m).await?;
    Ok((StatusCode::CREATED, Json(milestone_dto(record))))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProgressChange {
    /// Percent 0–100.
    pub progress: Option<i64>,
}

/// Sets a milestone's progress; the project's progress follows.
#[utoipa::path(post, path = "/api/v1/milestones/{id}/progress", tag = "industry",
    params(("id" = String, Path, description = "Milestone id")), request_body = ProgressChange,
    responses((status = 200, body = MilestoneDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_milestone_progress(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<ProgressChange>,
) -> Result<Json<MilestoneDto>, AppError> {
    read_only(&auth)?;
    let progress = body
        .progress
        .ok_or_else(|| FieldError::new("common.required", "progress"))?;
    let record = projects::set_milestone_progress(&state.db, &auth.actor, &id, progress).await?;
    Ok(Json(milestone_dto(record)))
}

//! The industry JSON API's writes: projects and their workflow, funding, budget lines,
//! milestones, approvals, disbursements, units, batches, logs and paying labour, with the
//! reads that go with them (budget figures, disbursements, units, batches, logs, results of
//! a unit or batch). Amounts are integers in fen, as in every answer (the domain's inputs take
//! yuan text, so fen are written out as yuan before the same validation as the forms');
//! quantities and days are exact decimal text. Every write goes through `store::industry`,
//! which checks scope and role and writes the audit entry in the same transaction; here a
//! district leader (read only) is 403 and a project out of scope 404 before the body is
//! looked at.

use super::api::{
    BudgetLineDto, FundingDto, MilestoneDto, ProjectDetailDto, ResultsDto, ResultsQuery,
    funding_dto, milestone_dto, project_detail, results_of,
};
use crate::api::ApiJson;
use crate::base::params::num_text;
use crate::error::{AppError, ErrorBody};
use crate::identity::session::{Auth, SignedIn};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::identity::Role;
use domain::industry::project::{Status, decided_on};
use domain::industry::{
    ApprovalInput, BatchInput, BudgetLineInput, DisbursementInput, FundingInput, LogInput,
    MilestoneInput, ProjectInput, UnitInput,
};
use serde::{Deserialize, Serialize};
use store::industry::production::{self, BatchRecord, LogRecord, UnitRecord};
use store::industry::results::Selection;
use store::industry::{ApprovalRecord, DisbursementRecord, funds, projects};
use utoipa::ToSchema;

// ------------------------------------------------------------------ helpers

/// Fen as the yuan text the domain's inputs parse; absent stays empty (the field's own
/// default or "required" applies).
fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| domain::Money(f).to_string())
        .unwrap_or_default()
}

/// A project the caller may write: out of scope is 404, a district leader 403. The store
/// checks both again inside its transaction; this only answers them before validation.
async fn writable(state: &AppState, auth: &Auth, project_id: &str) -> Result<(), AppError> {
    super::project_in_scope(state, auth, project_id).await?;
    read_only(auth)
}

/// District leaders read only.
fn read_only(auth: &Auth) -> Result<(), AppError> {
    if auth.role == Role::DistrictLeader {
        return Err(AppError::forbidden());
    }
    Ok(())
}

/// A budget line of the project (in scope), or a 422 naming `budget_line_id`.
async fn line_of(
    state: &AppState,
    auth: &Auth,
    project_id: &str,
    line_id: &str,
) -> Result<(), AppError> {
    let lines = super::api::budget_lines(state, auth, project_id).await?;
    if lines.iter().any(|l| l.id == line_id) {
        Ok(())
    } else {
        Err(FieldError::new("common.choice_invalid", "budget_line_id")
            .arg("value", line_id.trim())
            .into())
    }
}

// ------------------------------------------------------------------ projects

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
    ApiJson(body): ApiJson<ProjectCreate>,
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
    ApiJson(body): ApiJson<StatusChange>,
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

// ------------------------------------------------------------------ funding, lines, milestones

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
    ApiJson(body): ApiJson<FundingCreate>,
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
pub struct BudgetLineCreate {
    pub name: String,
    /// Fen.
    pub amount: Option<i64>,
    /// The account a disbursement on this line debits.
    pub account_code: String,
}

/// Adds a budget line to a project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/budget-lines", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = BudgetLineCreate,
    responses((status = 201, body = BudgetLineDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_budget_line(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BudgetLineCreate>,
) -> Result<(StatusCode, Json<BudgetLineDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let b = BudgetLineInput {
        name: body.name,
        amount: yuan(body.amount),
        account_code: body.account_code,
    }
    .validate()?;
    let record = projects::add_budget_line(&state.db, &auth.actor, &id, &b).await?;
    Ok((
        StatusCode::CREATED,
        Json(BudgetLineDto {
            id: record.id,
            name: record.name,
            account_code: record.account_code,
            budget: record.amount,
            approved: 0,
            committed: 0,
            spent: 0,
        }),
    ))
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
    ApiJson(body): ApiJson<MilestoneCreate>,
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
    ApiJson(body): ApiJson<ProgressChange>,
) -> Result<Json<MilestoneDto>, AppError> {
    read_only(&auth)?;
    let progress = body
        .progress
        .ok_or_else(|| FieldError::new("common.required", "progress"))?;
    let record = projects::set_milestone_progress(&state.db, &auth.actor, &id, progress).await?;
    Ok(Json(milestone_dto(record)))
}

// ------------------------------------------------------------------ funds

/// Per budget line: budget, approved extra, committed (disbursements whose voucher is not
/// reversed, drafts included) and spent (posted), in fen.
#[utoipa::path(get, path = "/api/v1/projects/{id}/budget", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<BudgetLineDto>), (status = 404, body = ErrorBody)))]
pub async fn budget(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<BudgetLineDto>>, AppError> {
    Ok(Json(super::api::budget_lines(&state, &auth, &id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ApprovalCreate {
    pub budget_line_id: String,
    /// The extra amount approved, fen.
    pub amount: Option<i64>,
    /// Who approved (a name or body, e.g. 村民代表大会).
    pub approved_by: String,
    /// YYYY-MM-DD.
    pub approved_on: String,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApprovalDto {
    pub id: String,
    pub budget_line_id: String,
    /// Fen.
    pub amount: i64,
    pub approved_by: String,
    pub approved_on: String,
    pub reason: String,
    /// Who recorded it.
    pub created_by: String,
    pub created_at: String,
}

impl From<ApprovalRecord> for ApprovalDto {
    fn from(a: ApprovalRecord) -> Self {
        ApprovalDto {
            id: a.id,
            budget_line_id: a.budget_line_id,
            amount: a.amount,
            approved_by: a.approved_by,
            approved_on: a.approved_on,
            reason: a.reason,
            created_by: a.created_by,
            created_at: a.created_at,
        }
    }
}

/// Records an approval (who, when, why) of an extra amount on a budget line; disbursements
/// beyond the line's budget need one first.
#[utoipa::path(post, path = "/api/v1/projects/{id}/approvals", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = ApprovalCreate,
    responses((status = 201, body = ApprovalDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_approval(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ApprovalCreate>,
) -> Result<(StatusCode, Json<ApprovalDto>), AppError> {
    writable(&state, &auth, &id).await?;
    line_of(&state, &auth, &id, &body.budget_line_id).await?;
    let a = ApprovalInput {
        amount: yuan(body.amount),
        approved_by: body.approved_by,
        approved_on: body.approved_on,
        reason: body.reason,
    }
    .validate()?;
    let record = funds::approve(&state.db, &auth.actor, &body.budget_line_id, &a).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Serialize, ToSchema)]
pub struct DisbursementDto {
    pub id: String,
    pub budget_line_id: String,
    pub date: String,
    /// Fen.
    pub amount: i64,
    pub summary: String,
    /// The draft voucher in the village's books (see `/api/v1/orgs/{org}/vouchers/{id}`).
    pub voucher_id: String,
    pub created_by: String,
    pub created_at: String,
}

impl From<DisbursementRecord> for DisbursementDto {
    fn from(d: DisbursementRecord) -> Self {
        DisbursementDto {
            id: d.id,
            budget_line_id: d.budget_line_id,
            date: d.date,
            amount: d.amount,
            summary: d.summary,
            voucher_id: d.voucher_id,
            created_by: d.created_by,
            created_at: d.created_at,
        }
    }
}

/// The disbursements of a project, line by line in the budget's order, each by date.
#[utoipa::path(get, path = "/api/v1/projects/{id}/disbursements", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<DisbursementDto>), (status = 404, body = ErrorBody)))]
pub async fn list_disbursements(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<DisbursementDto>>, AppError> {
    // 404 for a project out of scope, rather than an empty list.
    super::project_in_scope(&state, &auth, &id).await?;
    let rows = funds::project_disbursements(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(DisbursementDto::from).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DisbursementCreate {
    pub budget_line_id: String,
    /// YYYY-MM-DD; the voucher goes into the organisation's book of that year.
    pub date: String,
    /// Fen.
    pub amount: Option<i64>,
    pub summary: String,
}

/// Disburses against a budget line: a draft voucher in the village's books (debit the line's
/// account, credit 102 银行存款) with the disbursement, in one transaction. Beyond the line's
/// budget plus its approved extras it is refused (422, `industry.over_budget`) and nothing is
/// written.
#[utoipa::path(post, path = "/api/v1/projects/{id}/disbursements", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = DisbursementCreate,
    responses((status = 201, body = DisbursementDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_disbursement(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DisbursementCreate>,
) -> Result<(StatusCode, Json<DisbursementDto>), AppError> {
    writable(&state, &auth, &id).await?;
    line_of(&state, &auth, &id, &body.budget_line_id).await?;
    let d = DisbursementInput {
        date: body.date,
        amount: yuan(body.amount),
        summary: body.summary,
    }
    .validate()?;
    let (record, _voucher) =
        funds::disburse(&state.db, &auth.actor, &body.budget_line_id, &d).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

// ------------------------------------------------------------------ units and batches

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: String,
    pub project_id: String,
    /// greenhouse, plot or other.
    pub kind: String,
    pub name: String,
    /// Exact decimal text.
    pub area_m2: String,
    pub built_on: Option<String>,
    /// The fixed asset it is (e.g. its card number).
    pub asset_note: String,
    pub created_at: String,
}

impl From<UnitRecord> for UnitDto {
    fn from(u: UnitRecord) -> Self {
        UnitDto {
            id: u.id,
            project_id: u.project_id,
            kind: u.kind,
            name: u.name,
            area_m2: u.area_m2,
            built_on: u.built_on,
            asset_note: u.asset_note,
            created_at: u.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UnitCreate {
    /// greenhouse, plot or other.
    pub kind: String,
    pub name: String,
    /// Exact decimal text, m².
    pub area_m2: String,
    /// YYYY-MM-DD, optional.
    pub built_on: String,
    pub asset_note: String,
}

/// The production units (greenhouses, plots) of a project, by name.
#[utoipa::path(get, path = "/api/v1/projects/{id}/units", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<UnitDto>), (status = 404, body = ErrorBody)))]
pub async fn list_units(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<UnitDto>>, AppError> {
    super::project_in_scope(&state, &auth, &id).await?;
    let rows = production::units(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(UnitDto::from).collect()))
}

/// Adds a production unit (a greenhouse, a plot) to a project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/units", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = UnitCreate,
    responses((status = 201, body = UnitDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_unit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UnitCreate>,
) -> Result<(StatusCode, Json<UnitDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let u = UnitInput {
        kind: body.kind,
        name: body.name,
        area_m2: body.area_m2,
        built_on: body.built_on,
        asset_note: body.asset_note,
    }
    .validate()?;
    let record = production::create_unit(&state.db, &auth.actor, &id, &u).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Serialize, ToSchema)]
pub struct BatchDto {
    pub id: String,
    pub unit_id: String,
    pub crop: String,
    pub variety: String,
    pub started_on: String,
    /// Exact decimal text.
    pub size: String,
    pub size_unit: String,
    pub created_at: String,
}

impl From<BatchRecord> for BatchDto {
    fn from(b: BatchRecord) -> Self {
        BatchDto {
            id: b.id,
            unit_id: b.unit_id,
            crop: b.crop,
            variety: b.variety,
            started_on: b.started_on,
            size: b.size,
            size_unit: b.size_unit,
            created_at: b.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct BatchCreate {
    pub crop: String,
    pub variety: String,
    /// YYYY-MM-DD.
    pub started_on: String,
    /// Exact decimal text.
    pub size: String,
    /// e.g. 袋, 株, m².
    pub size_unit: String,
}

/// The batches of a project (all its units), by start date.
#[utoipa::path(get, path = "/api/v1/projects/{id}/batches", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<BatchDto>), (status = 404, body = ErrorBody)))]
pub async fn list_batches(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<BatchDto>>, AppError> {
    super::project_in_scope(&state, &auth, &id).await?;
    let rows = production::batches(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(BatchDto::from).collect()))
}

/// Starts a batch in a production unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/batches", tag = "industry",
    params(("id" = String, Path, description = "Unit id")), request_body = BatchCreate,
    responses((status = 201, body = BatchDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_batch(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<BatchCreate>,
) -> Result<(StatusCode, Json<BatchDto>), AppError> {
    // The unit's scope is checked by the store; an invalid body says nothing about it.
    read_only(&auth)?;
    let b = BatchInput {
        crop: body.crop,
        variety: body.variety,
        started_on: body.started_on,
        size: body.size,
        size_unit: body.size_unit,
    }
    .validate()?;
    let record = production::create_batch(&state.db, &auth.actor, &id, &b).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

// ------------------------------------------------------------------ logs and labour

#[derive(Serialize, ToSchema)]
pub struct LogDto {
    pub id: String,
    pub batch_id: String,
    /// input, activity, harvest, sale or labour.
    pub kind: String,
    pub date: String,
    pub note: String,
    /// The material (input) or product (harvest, sale).
    pub item: Option<String>,
    /// Exact decimal text.
    pub quantity: Option<String>,
    pub unit: Option<String>,
    /// Input cost, fen.
    pub cost: Option<i64>,
    pub grade: Option<String>,
    pub buyer: Option<String>,
    /// Fen per `unit`.
    pub unit_price: Option<i64>,
    /// Sale amount, fen.
    pub amount: Option<i64>,
    pub person_id: Option<String>,
    /// Exact decimal text.
    pub days: Option<String>,
    /// Wage, fen.
    pub wage: Option<i64>,
    /// The draft voucher of a sale (income) or labour log (应付劳务费).
    pub voucher_id: Option<String>,
    /// The voucher that paid a labour log.
    pub paid_voucher_id: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

impl From<LogRecord> for LogDto {
    fn from(l: LogRecord) -> Self {
        LogDto {
            id: l.id,
            batch_id: l.batch_id,
            kind: l.kind,
            date: l.date,
            note: l.note,
            item: l.item,
            quantity: l.quantity,
            unit: l.unit,
            cost: l.cost,
            grade: l.grade,
            buyer: l.buyer,
            unit_price: l.unit_price,
            amount: l.amount,
            person_id: l.person_id,
            days: l.days,
            wage: l.wage,
            voucher_id: l.voucher_id,
            paid_voucher_id: l.paid_voucher_id,
            created_by: l.created_by,
            created_at: l.created_at,
        }
    }
}

/// A log on a batch; which fields count depends on `kind`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LogCreate {
    /// input, activity, harvest, sale or labour.
    pub kind: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// input: the material; harvest and sale: the product.
    pub item: String,
    /// Exact decimal text (input, harvest, sale).
    pub quantity: String,
    /// g, kg, 斤, 袋, … (input, harvest, sale).
    pub unit: String,
    /// input: cost, fen.
    pub cost: Option<i64>,
    /// Any log; required for an activity.
    pub note: String,
    /// harvest: grade.
    pub grade: String,
    /// sale: the buyer.
    pub buyer: String,
    /// sale: fen per `unit`.
    pub unit_price: Option<i64>,
    /// sale: fen; absent = quantity × unit price.
    pub amount: Option<i64>,
    /// sale: the account debited; absent is 102 银行存款 (e.g. 113 for a sale on credit).
    pub debit_account: String,
    /// labour: a person of the registry.
    pub person_id: String,
    /// labour: exact decimal text.
    pub days: String,
    /// labour: fen.
    pub wage: Option<i64>,
}

/// The logs of a project (all its units and batches), by date.
#[utoipa::path(get, path = "/api/v1/projects/{id}/logs", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<LogDto>), (status = 404, body = ErrorBody)))]
pub async fn list_logs(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<LogDto>>, AppError> {
    super::project_in_scope(&state, &auth, &id).await?;
    let rows = production::logs(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(LogDto::from).collect()))
}

/// Records a log on a batch. A sale creates its draft income voucher and a labour log its
/// 应付劳务费 voucher in the same transaction; `voucher_id` names it.
#[utoipa::path(post, path = "/api/v1/batches/{id}/logs", tag = "industry",
    params(("id" = String, Path, description = "Batch id")), request_body = LogCreate,
    responses((status = 201, body = LogDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_log(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LogCreate>,
) -> Result<(StatusCode, Json<LogDto>), AppError> {
    // The batch's scope is checked by the store; an invalid body says nothing about it.
    read_only(&auth)?;
    let log = LogInput {
        kind: body.kind,
        date: body.date,
        item: body.item,
        quantity: body.quantity,
        unit: body.unit,
        cost: yuan(body.cost),
        note: body.note,
        grade: body.grade,
        buyer: body.buyer,
        unit_price: yuan(body.unit_price),
        amount: yuan(body.amount),
        debit_account: body.debit_account,
        person_id: body.person_id,
        days: body.days,
        wage: yuan(body.wage),
    }
    .validate()?;
    let (record, _voucher) = production::add_log(&state.db, &auth.actor, &id, &log).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LabourPayment {
    /// Labour logs of this project not yet paid.
    pub log_ids: Vec<String>,
    /// YYYY-MM-DD of the payment voucher.
    pub date: String,
}

#[derive(Serialize, ToSchema)]
pub struct LabourPaid {
    /// The draft payment voucher (debit wages payable, credit 102 银行存款).
    pub voucher_id: String,
    /// Total paid, fen.
    pub total: i64,
    pub log_ids: Vec<String>,
}

/// Pays labour logs of the project with one voucher (debit wages payable, credit 102) and
/// marks them paid; all or nothing.
#[utoipa::path(post, path = "/api/v1/projects/{id}/labour-payments", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = LabourPayment,
    responses((status = 201, body = LabourPaid), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pay_labour(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LabourPayment>,
) -> Result<(StatusCode, Json<LabourPaid>), AppError> {
    writable(&state, &auth, &id).await?;
    let own = production::logs(&state.db, &auth.actor.scope, &id).await?;
    if let Some(stray) = body
        .log_ids
        .iter()
        .find(|l| !own.iter().any(|o| &o.id == *l))
    {
        return Err(FieldError::new("common.choice_invalid", "log_ids")
            .arg("value", stray.trim())
            .into());
    }
    let text = body.date.trim();
    if text.is_empty() {
        return Err(FieldError::new("common.required", "date").into());
    }
    let date = domain::time::parse_date(text)
        .ok_or_else(|| FieldError::new("common.date_invalid", "date").arg("value", text))?;
    let voucher = production::pay_labour(&state.db, &auth.actor, &body.log_ids, date).await?;
    Ok((
        StatusCode::CREATED,
        Json(LabourPaid {
            voucher_id: voucher.id,
            total: voucher.total,
            log_ids: body.log_ids,
        }),
    ))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct HouseholdSet {
    /// The household the person belongs to (e.g. 王某某户); empty: the person alone.
    pub household: String,
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdOfPerson {
    pub person_id: String,
    /// As stored: the household, or the person's id when they are their own household.
    pub household: String,
}

/// Sets the household a worker belongs to, for the results' households and their income.
#[utoipa::path(put, path = "/api/v1/people/{id}/household", tag = "industry",
    params(("id" = String, Path, description = "Person id")), request_body = HouseholdSet,
    responses((status = 200, body = HouseholdOfPerson), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_household(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<HouseholdSet>,
) -> Result<Json<HouseholdOfPerson>, AppError> {
    read_only(&auth)?;
    store::industry::results::set_household(&state.db, &auth.actor, &id, &body.household).await?;
    let household = match body.household.trim() {
        "" => id.clone(),
        h => h.to_string(),
    };
    Ok(Json(HouseholdOfPerson {
        person_id: id,
        household,
    }))
}

// ------------------------------------------------------------------ results

/// A production unit's results (same shape as a project's), for a year when given.
#[utoipa::path(get, path = "/api/v1/units/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Unit id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn unit_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Unit(id), &q).await?,
    ))
}

/// A batch's results (same shape as a project's), for a year when given.
#[utoipa::path(get, path = "/api/v1/batches/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Batch id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn batch_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Batch(id), &q).await?,
    ))
}

// ------------------------------------------------------------------ documents

/// A project's document (项目文件) without its bytes; download it from `/api/v1/documents/{id}`.
#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: String,
    pub project_id: String,
    /// plan (实施方案), approval (批复) or other
    pub kind: String,
    pub title: String,
    pub file_name: String,
    /// Recognised from the content when stored.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    pub created_by: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub archived: bool,
}

impl From<store::industry::documents::DocumentMeta> for DocumentDto {
    fn from(d: store::industry::documents::DocumentMeta) -> Self {
        DocumentDto {
            id: d.id,
            project_id: d.project_id,
            kind: d.kind,
            title: d.title,
            file_name: d.file_name,
            content_type: d.content_type,
            size: d.size,
            created_by: d.created_by,
            created_at: d.created_at,
            archived: d.archived,
        }
    }
}

/// The multipart body of a document upload.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the request for the document only
pub struct DocumentUpload {
    /// plan, approval or other.
    kind: String,
    /// Optional; the file name when left out.
    title: Option<String>,
    /// A PDF, Word document (.docx) or photo (PNG, JPEG) of at most 10 MiB, recognised by
    /// its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A project's documents, archived ones included (marked), oldest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/documents", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<DocumentDto>), (status = 404, body = ErrorBody)))]
pub async fn list_documents(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<DocumentDto>>, AppError> {
    super::project_in_scope(&state, &auth, &id).await?;
    let docs = store::industry::documents::list(&state.db, &auth.actor.scope, &id, true).await?;
    Ok(Json(docs.into_iter().map(DocumentDto::from).collect()))
}

/// Uploads a document to a project (multipart: `kind`, `title`, `file`). The file is checked
/// by content; an error names it and nothing is stored.
#[utoipa::path(post, path = "/api/v1/projects/{id}/documents", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentDto), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn upload_document(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    upload: crate::base::upload::Upload,
) -> Result<(StatusCode, Json<DocumentDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let input = domain::industry::document::DocumentInput {
        kind: upload.text("kind").to_string(),
        title: upload.text("title").to_string(),
    };
    let (name, data) = upload
        .file("file")
        .map(|f| (f.name.clone(), f.data.clone()))
        .ok_or_else(|| FieldError::new("common.required", "file"))?;
    let doc = input.validate(&name)?;
    let stored =
        store::industry::documents::add(&state.db, &auth.actor, &id, &doc, &name, &data).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// A document's bytes, with the content type recognised when it was stored, as an
/// attachment under its file name.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "industry",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200,
               description = "The file (application/pdf, Word .docx, image/png or image/jpeg)",
               content_type = "application/octet-stream"),
              (status = 404, body = ErrorBody)))]
pub async fn download_document(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    let (meta, data) = store::industry::documents::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(super::projects::document_response(&meta, data))
}

//! A project's budget in the JSON API: budget lines and their figures, approvals and
//! disbursements.

use super::{writable, yuan};
use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::industry::{ApprovalInput, BudgetLineInput, DisbursementInput};
use serde::{Deserialize, Serialize};
use store::industry::{ApprovalRecord, DisbursementRecord, funds, projects};
use utoipa::ToSchema;

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

/// A budget line of the project (in scope), or a 422 naming `budget_line_id`.
async fn line_of(
    state: &AppState,
    auth: &Auth,
    project_id: &str,
    line_id: &str,
) -> Result<(), AppError> {
    let lines = budget_lines(state, auth, project_id).await?;
    if lines.iter().any(|l| l.id == line_id) {
        Ok(())
    } else {
        Err(FieldError::new("common.choice_invalid", "budget_line_id")
            .arg("value", line_id.trim())
            .into())
    }
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
    json::Json(body): json::Json<BudgetLineCreate>,
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
    Ok(Json(budget_lines(&state, &auth, &id).await?))
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
    json::Json(body): json::Json<ApprovalCreate>,
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
    crate::industry::project_in_scope(&state, &auth, &id).await?;
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
    json::Json(body): json::Json<DisbursementCreate>,
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

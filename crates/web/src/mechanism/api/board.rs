//! The compliance board (会议落实看板) in the JSON API.

use super::rules::RuleDto;
use crate::base::ctx::SignedIn;
use crate::base::params::month_param;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::mechanism::compliance;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ComplianceQuery {
    /// First month, YYYY-MM (required).
    pub from: Option<String>,
    /// Last month, YYYY-MM (required; at most 120 months after `from`).
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CellDto {
    /// The region's 12-digit code: the village, the assignment's region, or the problems'.
    pub region: String,
    pub region_name: String,
    /// The rule's id.
    pub rule: String,
    /// 2023-05, 2023-Q2 or 2023.
    pub period: String,
    /// met, pending (period still open) or missed.
    pub status: String,
    pub required: u32,
    pub actual: u32,
    /// The assignment, for a per-assignment rule.
    pub assignment: Option<String>,
    /// Ids of the meetings (or problems) counted.
    pub records: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceDto {
    pub from: String,
    pub to: String,
    /// The day the board was evaluated (China time).
    pub today: String,
    pub cells: Vec<CellDto>,
    pub rules: Vec<RuleDto>,
}

/// The compliance board of the caller's scope for the months `from`–`to`: one cell per
/// region (or assignment), rule and period overlapping the range.
#[utoipa::path(get, path = "/api/v1/compliance", tag = "mechanism", params(ComplianceQuery),
    responses((status = 200, body = ComplianceDto), (status = 400, body = ErrorBody)))]
pub async fn compliance_board(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ComplianceQuery>,
) -> Result<Json<ComplianceDto>, AppError> {
    let from = month_param(&q.from, "from")?;
    let to = month_param(&q.to, "to")?;
    let today = crate::base::format::today();
    let board = compliance::board(&state.db, &auth.actor.scope, from, to, today)
        .await
        .map_err(|e| {
            // A range backwards or too long is a bad query like a bad month.
            let mut e = AppError::from(e);
            if e.field.is_some() {
                e.status = StatusCode::BAD_REQUEST;
            }
            e
        })?;
    let cells = board
        .cells
        .iter()
        .map(|c| CellDto {
            region_name: board.region_name(&c.region).unwrap_or("").to_string(),
            region: c.region.clone(),
            rule: c.rule.clone(),
            period: c.period.label(),
            status: c.status.as_str().to_string(),
            required: c.required,
            actual: c.actual,
            assignment: c.assignment.clone(),
            records: c.records.clone(),
        })
        .collect();
    Ok(Json(ComplianceDto {
        from: board.from.to_string(),
        to: board.to.to_string(),
        today: board.today.to_string(),
        cells,
        rules: board.rules.into_iter().map(RuleDto::from).collect(),
    }))
}

//! 资产负债表 and 收益及收益分配表 of a book in the JSON API.

use super::book_of;
use super::org_of;
use super::period_param;
use crate::base::ctx::SignedIn;
use crate::error::AppError;
use crate::error::ErrorBody;
use crate::ledger::statements::StatementQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::Path;
use axum::extract::Query;
use axum::extract::State;
use domain::FieldError;
use domain::ledger::Period;
use serde::Serialize;
use store::ledger::BookRecord;
use store::ledger::OrgRecord;
use store::ledger::reports;
use store::ledger::reports::Statement;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct StatementLineDto {
    /// The official line number (行次), absent on headings.
    pub line: Option<u32>,
    pub caption: String,
    /// asset, liability_equity, income or distribution.
    pub section: String,
    /// Fen; 0 on headings.
    pub amount: i64,
    pub heading: bool,
    /// Balance sheet only: the amount at the start of the year (年初数), fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_start: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct StatementDto {
    pub org_id: String,
    pub book_id: String,
    pub year: i32,
    /// cs2004 or cs2023: which layout was used.
    pub accounting_system: String,
    /// The balance sheet's month end, or the income statement's first and last month.
    pub from: String,
    pub to: String,
    pub lines: Vec<StatementLineDto>,
}

fn dto(org: &OrgRecord, book: &BookRecord, from: Period, to: Period, s: Statement) -> StatementDto {
    let start = s.year_start.clone();
    StatementDto {
        org_id: org.id.clone(),
        book_id: book.id.clone(),
        year: book.year,
        accounting_system: s.accounting_system.clone(),
        from: from.to_string(),
        to: to.to_string(),
        lines: s
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| StatementLineDto {
                year_start: start.as_ref().and_then(|v| v.get(i)).map(|x| x.amount),
                line: l.line,
                caption: l.caption,
                section: l.section,
                amount: l.amount,
                heading: l.heading,
            })
            .collect(),
    }
}

async fn api_book(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    org: &OrgRecord,
    year: i32,
) -> Result<BookRecord, AppError> {
    book_of(state, auth, org, Some(year)).await?.ok_or_else(|| {
        FieldError::new("ledger.no_book", "period")
            .arg("year", year.to_string())
            .arg("value", year.to_string())
            .into()
    })
}

/// 资产负债表 at a month end (`period=YYYY-MM`), with the year-start amounts.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/balance-sheet", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), StatementQuery),
    responses((status = 200, body = StatementDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn balance_sheet_api(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Json<StatementDto>, AppError> {
    let org = org_of(&state, &auth, &org).await?;
    let period = period_param(q.period.as_deref(), "period")?;
    // `?year=` alone means that year's end; with a period it must agree with it.
    let year = super::range_year(q.year.as_deref(), period, None)?;
    let period = match (period, year) {
        (Some(p), _) => p,
        (None, Some(year)) => Period { year, month: 12 },
        (None, None) => return Err(FieldError::new("common.required", "period").into()),
    };
    let book = api_book(&state, &auth, &org, period.year).await?;
    let s = reports::balance_sheet(&state.db, &auth.actor.scope, &book.id, period).await?;
    Ok(Json(dto(&org, &book, period, period, s)))
}

/// 收益及收益分配表 of a fiscal year (`year=YYYY`), year-end carry-over excluded.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/income-statement", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), StatementQuery),
    responses((status = 200, body = StatementDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn income_statement_api(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Json<StatementDto>, AppError> {
    let org = org_of(&state, &auth, &org).await?;
    let year = crate::base::params::year_param(q.year.as_deref())?
        .ok_or_else(|| FieldError::new("common.required", "year"))?;
    let book = api_book(&state, &auth, &org, year).await?;
    let (from, to) = (Period { year, month: 1 }, Period { year, month: 12 });
    let s = reports::income_statement(&state.db, &auth.actor.scope, &book.id, from, to).await?;
    Ok(Json(dto(&org, &book, from, to, s)))
}

//! 总账 and 明细账 of one account in the JSON API.

use super::org_of;
use super::period_param;
use crate::base::ctx::SignedIn;
use crate::error::AppError;
use crate::error::ErrorBody;
use crate::ledger::account_ledgers::AccountQuery;
use crate::ledger::account_ledgers::range;
use crate::state::AppState;
use axum::Json;
use axum::extract::Path;
use axum::extract::Query;
use axum::extract::State;
use domain::FieldError;
use domain::ledger::Period;
use serde::Serialize;
use store::ledger::BookRecord;
use store::ledger::reports;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DetailLineDto {
    pub voucher_id: String,
    pub date: String,
    pub period: String,
    pub number: i32,
    pub summary: String,
    pub line_summary: String,
    pub account_code: String,
    /// Fen.
    pub debit: i64,
    pub credit: i64,
    /// Debit-positive balance after the line, fen.
    pub balance: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DetailLedgerDto {
    pub book_id: String,
    pub account: String,
    pub from: String,
    pub to: String,
    /// Debit-positive balance at the start of `from`, fen.
    pub opening: i64,
    pub lines: Vec<DetailLineDto>,
}

#[derive(Serialize, ToSchema)]
pub struct GeneralMonthDto {
    pub period: String,
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing: i64,
}

async fn api_book(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    org: &str,
    q: &AccountQuery,
) -> Result<(BookRecord, String, Period, Period), AppError> {
    let org = org_of(state, auth, org).await?;
    let account = q
        .account
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| FieldError::new("common.required", "account_code"))?;
    let year = super::range_year(
        q.year.as_deref(),
        period_param(q.from.as_deref(), "from")?,
        period_param(q.to.as_deref(), "to")?,
    )?;
    let book = super::book_or_none_error(state, auth, &org, year).await?;
    let (from, to) = range(q, book.year)?;
    Ok((book, account, from, to))
}

/// 明细账 of an account: opening and every posted line with the running balance.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/ledger-detail", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), AccountQuery),
    responses((status = 200, body = DetailLedgerDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn detail_api(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<AccountQuery>,
) -> Result<Json<DetailLedgerDto>, AppError> {
    let (book, account, from, to) = api_book(&state, &auth, &org, &q).await?;
    let (opening, rows) =
        reports::detail_ledger(&state.db, &auth.actor.scope, &book.id, &account, from, to).await?;
    Ok(Json(DetailLedgerDto {
        book_id: book.id,
        account,
        from: from.to_string(),
        to: to.to_string(),
        opening,
        lines: rows
            .into_iter()
            .map(|r| DetailLineDto {
                voucher_id: r.voucher_id,
                date: r.date,
                period: r.period,
                number: r.number,
                summary: r.summary,
                line_summary: r.line_summary,
                account_code: r.account_code,
                debit: r.debit,
                credit: r.credit,
                balance: r.balance,
            })
            .collect(),
    }))
}

/// 总账 of an account: opening, debits, credits and closing month by month.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/general-ledger", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), AccountQuery),
    responses((status = 200, body = [GeneralMonthDto]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn general_api(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<AccountQuery>,
) -> Result<Json<Vec<GeneralMonthDto>>, AppError> {
    let (book, account, from, to) = api_book(&state, &auth, &org, &q).await?;
    let rows =
        reports::general_ledger(&state.db, &auth.actor.scope, &book.id, &account, from, to).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| GeneralMonthDto {
                closing: r.balance.closing(),
                period: r.period,
                opening: r.balance.opening,
                debit: r.balance.debit,
                credit: r.balance.credit,
            })
            .collect(),
    ))
}

//! 总账 (month by month) and 明细账 (line by line with the running balance) of one account:
//! pages, .xlsx and the JSON API.

use super::api::{org_of, period_param};
use super::{book_in_scope, default_to};
use crate::base::format::{yuan, yuan_or_blank};
use crate::base::page::render;
use crate::error::{AppError, ErrorBody};
use crate::identity::session::SignedIn;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use domain::FieldError;
use domain::ledger::Period;
use serde::{Deserialize, Serialize};
use store::ledger::reports::{self, DetailRow, GeneralRow};
use store::ledger::{BookRecord, OrgRecord};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/ledger/books/{id}/accounts/{code}/general",
            get(general_page),
        )
        .route(
            "/ledger/books/{id}/accounts/{code}/general/export.xlsx",
            get(general_xlsx),
        )
        .route(
            "/ledger/books/{id}/accounts/{code}/detail",
            get(detail_page),
        )
        .route(
            "/ledger/books/{id}/accounts/{code}/detail/export.xlsx",
            get(detail_xlsx),
        )
}

#[derive(Deserialize, Default, IntoParams)]
pub struct AccountQuery {
    /// The account (any level), for the API.
    #[serde(default)]
    pub account: Option<String>,
    /// First month (YYYY-MM); default January of the book's year.
    #[serde(default)]
    pub from: Option<String>,
    /// Last month (YYYY-MM); default this month or December.
    #[serde(default)]
    pub to: Option<String>,
    /// The API's fiscal year when neither `from` nor `to` is given (default: the latest book).
    #[serde(default)]
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
}

fn range(q: &AccountQuery, year: i32) -> Result<(Period, Period), FieldError> {
    let from = period_param(q.from.as_deref(), "from")?.unwrap_or(Period { year, month: 1 });
    let to = period_param(q.to.as_deref(), "to")?.unwrap_or(default_to(year));
    Ok((from, to))
}

/// A balance as account books print it: its side (借/贷) and amount, or 平 when it is zero.
fn signed(tr: &crate::i18n::Tr, v: i64) -> String {
    match v.signum() {
        0 => tr.t("ledger-side-even"),
        1 => format!("{} {}", tr.t("ledger-side-debit"), yuan(v)),
        _ => format!("{} {}", tr.t("ledger-side-credit"), yuan(-v)),
    }
}

async fn account_name(state: &AppState, book: &BookRecord, code: &str) -> Result<String, AppError> {
    store::ledger::books::accounts(&state.db, &book.id)
        .await?
        .into_iter()
        .find(|a| a.code == code)
        .map(|a| a.name)
        .ok_or_else(|| {
            FieldError::new("ledger.account_unknown", "account_code")
                .arg("value", code)
                .into()
        })
}

#[derive(Template)]
#[template(path = "ledger/account_ledger.html")]
struct AccountLedgerPage {
    ctx: PageCtx,
    org: OrgRecord,
    book: BookRecord,
    code: String,
    name: String,
    detail: bool,
    from: String,
    to: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The voucher each detail row links to.
    links: Vec<String>,
}

impl AccountLedgerPage {
    /// Each row with the voucher it links to (empty: no link).
    fn pairs(&self) -> Vec<(&Vec<String>, &String)> {
        self.rows.iter().zip(self.links.iter()).collect()
    }
}

fn general_table(tr: &crate::i18n::Tr, rows: &[GeneralRow]) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        "field-period",
        "ledger-tb-opening",
        "ledger-tb-debit",
        "ledger-tb-credit",
        "ledger-tb-closing",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let body = rows
        .iter()
        .map(|r| {
            vec![
                r.period.clone(),
                signed(tr, r.balance.opening),
                yuan_or_blank(r.balance.debit),
                yuan_or_blank(r.balance.credit),
                signed(tr, r.balance.closing()),
            ]
        })
        .collect();
    (header, body)
}

fn detail_table(
    tr: &crate::i18n::Tr,
    opening: i64,
    rows: &[DetailRow],
) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        "field-date",
        "field-number",
        "field-summary",
        "field-account_code",
        "ledger-tb-debit",
        "ledger-tb-credit",
        "ledger-dl-balance",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let mut body = vec![vec![
        String::new(),
        String::new(),
        tr.t("ledger-dl-opening"),
        String::new(),
        String::new(),
        String::new(),
        signed(tr, opening),
    ]];
    for r in rows {
        let summary = if r.line_summary.is_empty() {
            r.summary.clone()
        } else {
            r.line_summary.clone()
        };
        body.push(vec![
            r.date.clone(),
            format!("{} 记-{:04}", r.period, r.number),
            summary,
            r.account_code.clone(),
            yuan_or_blank(r.debit),
            yuan_or_blank(r.credit),
            signed(tr, r.balance),
        ]);
    }
    (header, body)
}

async fn general_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let name = account_name(&state, &book, &code).await?;
    let (from, to) = range(&q, book.year)?;
    let rows =
        reports::general_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = general_table(&ctx.tr, &rows);
    render(&AccountLedgerPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        code,
        name,
        detail: false,
        from: from.to_string(),
        to: to.to_string(),
        header,
        links: vec![String::new(); body.len()],
        rows: body,
    })
}

async fn detail_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let name = account_name(&state, &book, &code).await?;
    let (from, to) = range(&q, book.year)?;
    let (opening, rows) =
        reports::detail_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = detail_table(&ctx.tr, opening, &rows);
    let mut links = vec![String::new()];
    links.extend(rows.iter().map(|r| r.voucher_id.clone()));
    render(&AccountLedgerPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        code,
        name,
        detail: true,
        from: from.to_string(),
        to: to.to_string(),
        header,
        rows: body,
        links,
    })
}

async fn general_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let (from, to) = range(&q, book.year)?;
    let rows =
        reports::general_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = general_table(&ctx.tr, &rows);
    tabular::xlsx_response(
        &ctx.tr.t("ledger-general-ledger"),
        &header,
        &body,
        &format!("general-ledger-{code}.xlsx"),
    )
}

async fn detail_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let (from, to) = range(&q, book.year)?;
    let (opening, rows) =
        reports::detail_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = detail_table(&ctx.tr, opening, &rows);
    tabular::xlsx_response(
        &ctx.tr.t("ledger-detail-ledger"),
        &header,
        &body,
        &format!("detail-ledger-{code}.xlsx"),
    )
}

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
    auth: &crate::identity::Auth,
    org: &str,
    q: &AccountQuery,
) -> Result<(BookRecord, String, Period, Period), AppError> {
    let org = org_of(state, auth, org).await?;
    let account = q
        .account
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| FieldError::new("common.required", "account_code"))?;
    let year = super::api::range_year(
        q.year.as_deref(),
        period_param(q.from.as_deref(), "from")?,
        period_param(q.to.as_deref(), "to")?,
    )?;
    let book = super::api::book_or_none_error(state, auth, &org, year).await?;
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

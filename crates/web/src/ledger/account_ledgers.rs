//! 总账 (month by month) and 明细账 (line by line with the running balance) of one account:
//! pages, .xlsx and the JSON API.

use super::api::period_param;
use super::{book_in_scope, default_to};
use crate::base::ctx::SignedIn;
use crate::base::format::{yuan, yuan_or_blank};
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use domain::FieldError;
use domain::ledger::Period;
use serde::Deserialize;
use store::ledger::reports::{self, DetailRow, GeneralRow};
use store::ledger::{BookRecord, OrgRecord};
use utoipa::IntoParams;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNT_GENERAL,
            get(general_page),
        )
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNT_GENERAL_EXPORT_XLSX,
            get(general_xlsx),
        )
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNT_DETAIL,
            get(detail_page),
        )
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNT_DETAIL_EXPORT_XLSX,
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

pub(crate) fn range(q: &AccountQuery, year: i32) -> Result<(Period, Period), FieldError> {
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
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (from, to) = range(&q, book.year)?;
    let rows =
        reports::general_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = general_table(&ctx.tr, &rows);
    let title = ctx.tr.t("ledger-general-ledger");
    let name = super::export_name(
        &state,
        &auth,
        (&org, &book),
        &format!("{title}{code}"),
        &[from, to],
    )
    .await?;
    // Balances carry their side in words (借/贷); the movements are amounts Excel sums.
    use usecase::tabular::Kind::{Text, Yuan};
    tabular::kinds_xlsx_response(
        &title,
        &header,
        &[Text, Text, Yuan, Yuan, Text],
        &body,
        &name,
    )
}

async fn detail_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (from, to) = range(&q, book.year)?;
    let (opening, rows) =
        reports::detail_ledger(&state.db, &auth.actor.scope, &book.id, &code, from, to).await?;
    let (header, body) = detail_table(&ctx.tr, opening, &rows);
    let title = ctx.tr.t("ledger-detail-ledger");
    let name = super::export_name(
        &state,
        &auth,
        (&org, &book),
        &format!("{title}{code}"),
        &[from, to],
    )
    .await?;
    use usecase::tabular::Kind::{Date, Text, Yuan};
    tabular::kinds_xlsx_response(
        &title,
        &header,
        &[Date, Text, Text, Text, Yuan, Yuan, Text],
        &body,
        &name,
    )
}

//! 资产负债表 and 收益及收益分配表 of a book, computed from its balances with the shipped
//! layout files: pages, .xlsx and the JSON API.

use super::api::period_param;
use super::{book_in_scope, default_to};
use crate::base::ctx::SignedIn;
use crate::base::format::yuan;
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
use domain::ledger::statement::StatementLine;
use serde::Deserialize;
use store::ledger::reports::{self, Statement};
use store::ledger::{BookRecord, OrgRecord};
use utoipa::IntoParams;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            crate::base::url::LEDGER_BOOK_BALANCE_SHEET,
            get(balance_sheet_page),
        )
        .route(
            crate::base::url::LEDGER_BOOK_BALANCE_SHEET_EXPORT_XLSX,
            get(balance_sheet_xlsx),
        )
        .route(
            crate::base::url::LEDGER_BOOK_INCOME_STATEMENT,
            get(income_page),
        )
        .route(
            crate::base::url::LEDGER_BOOK_INCOME_STATEMENT_EXPORT_XLSX,
            get(income_xlsx),
        )
}

#[derive(Deserialize, Default, IntoParams)]
pub struct StatementQuery {
    /// Balance sheet: the month end (YYYY-MM); default this month or December.
    #[serde(default)]
    pub period: Option<String>,
    /// Income statement: first month (YYYY-MM), default January.
    #[serde(default)]
    pub from: Option<String>,
    /// Income statement: last month (YYYY-MM), default this month or December.
    #[serde(default)]
    pub to: Option<String>,
    /// Income statement via the API: the whole fiscal year; balance sheet: the year's end
    /// when no `period` is given (else it must be the period's year).
    #[serde(default)]
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
}

fn month_or(
    text: Option<&str>,
    field: &'static str,
    default: Period,
) -> Result<Period, FieldError> {
    Ok(period_param(text, field)?.unwrap_or(default))
}

/// One printed row: line number, caption, amounts (year start, end) as yuan text.
pub struct Row {
    pub line: String,
    pub caption: String,
    pub heading: bool,
    pub amounts: Vec<String>,
    /// asset, liability_equity, income or distribution.
    pub section: String,
}

fn rows(statement: &Statement) -> Vec<Row> {
    statement
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut amounts = Vec::new();
            if let Some(start) = &statement.year_start {
                amounts.push(amount(start.get(i)));
            }
            amounts.push(amount(Some(l)));
            Row {
                line: l.line.map(|n| n.to_string()).unwrap_or_default(),
                caption: l.caption.clone(),
                heading: l.heading,
                section: l.section.clone(),
                amounts: if l.heading { Vec::new() } else { amounts },
            }
        })
        .collect()
}

fn amount(l: Option<&StatementLine>) -> String {
    l.filter(|l| !l.heading)
        .map(|l| yuan(l.amount))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "ledger/statement.html")]
struct StatementPage {
    ctx: PageCtx,
    org: OrgRecord,
    book: BookRecord,
    title: String,
    /// Query string of the export link.
    query: String,
    /// Column headers of the amounts.
    columns: Vec<String>,
    rows: Vec<Row>,
    balance_sheet: bool,
    period: String,
    from: String,
    to: String,
    balanced: Option<bool>,
}

impl StatementPage {
    /// The balance sheet in its usual printed form: assets on the left, liabilities and
    /// equity on the right, row by row; the shorter side is padded before its last row, so
    /// that 资产总计 and 负债和所有者权益总计 stand on the same line.
    fn two_columns(&self) -> Vec<(Option<&Row>, Option<&Row>)> {
        let side = |section: &str| -> Vec<Option<&Row>> {
            self.rows
                .iter()
                .filter(|r| r.section == section)
                .map(Some)
                .collect()
        };
        let (mut left, mut right) = (side("asset"), side("liability_equity"));
        let n = left.len().max(right.len());
        for s in [&mut left, &mut right] {
            let last = s.pop();
            s.resize(n.saturating_sub(1), None);
            s.extend(last);
        }
        left.into_iter().zip(right).collect()
    }
}

async fn sheet(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    book: &BookRecord,
    q: &StatementQuery,
) -> Result<(Period, Statement), AppError> {
    let period = month_or(q.period.as_deref(), "period", default_to(book.year))?;
    Ok((
        period,
        reports::balance_sheet(&state.db, &auth.actor.scope, &book.id, period).await?,
    ))
}

async fn income(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    book: &BookRecord,
    q: &StatementQuery,
) -> Result<(Period, Period, Statement), AppError> {
    let from = month_or(
        q.from.as_deref(),
        "from",
        Period {
            year: book.year,
            month: 1,
        },
    )?;
    let to = month_or(q.to.as_deref(), "to", default_to(book.year))?;
    Ok((
        from,
        to,
        reports::income_statement(&state.db, &auth.actor.scope, &book.id, from, to).await?,
    ))
}

fn sheet_balanced(s: &Statement) -> bool {
    use domain::ledger::statement::{Section, section_total};
    section_total(&s.lines, Section::Asset) == section_total(&s.lines, Section::LiabilityEquity)
}

async fn balance_sheet_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (period, s) = sheet(&state, &auth, &book, &q).await?;
    render(&StatementPage {
        title: ctx.tr.t("ledger-balance-sheet"),
        query: format!("period={period}"),
        columns: vec![
            ctx.tr.t("ledger-bs-year-start"),
            ctx.tr.t1("ledger-bs-period-end", "period", &period),
        ],
        rows: rows(&s),
        balance_sheet: true,
        period: period.to_string(),
        from: String::new(),
        to: String::new(),
        balanced: Some(sheet_balanced(&s)),
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
    })
}

async fn income_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (from, to, s) = income(&state, &auth, &book, &q).await?;
    render(&StatementPage {
        title: ctx.tr.t("ledger-income-statement"),
        query: format!("from={from}&to={to}"),
        columns: vec![ctx.tr.t("ledger-is-amount")],
        rows: rows(&s),
        balance_sheet: false,
        period: String::new(),
        from: from.to_string(),
        to: to.to_string(),
        balanced: None,
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
    })
}

fn xlsx(
    title: &str,
    columns: Vec<String>,
    s: &Statement,
    tr: &crate::i18n::Tr,
    file: &str,
) -> Result<Response, AppError> {
    let mut header = vec![tr.t("ledger-st-line"), tr.t("ledger-st-caption")];
    header.extend(columns);
    let body: Vec<Vec<String>> = rows(s)
        .into_iter()
        .map(|r| {
            let mut cells = vec![r.line, r.caption];
            cells.extend(r.amounts);
            cells
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text, Yuan};
    tabular::kinds_xlsx_response(title, &header, &[Number, Text, Yuan, Yuan], &body, file)
}

async fn balance_sheet_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (period, s) = sheet(&state, &auth, &book, &q).await?;
    let title = ctx.tr.t("ledger-balance-sheet");
    let file = super::export_name(&state, &auth, (&org, &book), &title, &[period]).await?;
    let columns = vec![
        ctx.tr.t("ledger-bs-year-start"),
        ctx.tr.t1("ledger-bs-period-end", "period", &period),
    ];
    xlsx(&title, columns, &s, &ctx.tr, &file)
}

async fn income_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<StatementQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (from, to, s) = income(&state, &auth, &book, &q).await?;
    let title = ctx.tr.t("ledger-income-statement");
    let file = super::export_name(&state, &auth, (&org, &book), &title, &[from, to]).await?;
    xlsx(
        &title,
        vec![ctx.tr.t("ledger-is-amount")],
        &s,
        &ctx.tr,
        &file,
    )
}

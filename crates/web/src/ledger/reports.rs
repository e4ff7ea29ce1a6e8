//! Reports of a book: the trial balance (科目余额表), as a page and as .xlsx.

use super::{book_in_scope, default_to, indent};
use crate::base::ctx::SignedIn;
use crate::base::format::yuan_or_blank;
use crate::base::page::render_status;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use domain::FieldError;
use domain::ledger::Period;
use serde::Deserialize;
use store::ledger::reports::{self, TrialRow};
use store::ledger::{BookRecord, OrgRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            crate::base::url::LEDGER_BOOK_TRIAL_BALANCE,
            get(trial_balance),
        )
        .route(
            crate::base::url::LEDGER_BOOK_TRIAL_BALANCE_EXPORT_XLSX,
            get(export_trial_balance),
        )
}

#[derive(Deserialize, Default)]
pub struct RangeQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Leave out accounts without any balance or movement.
    #[serde(default)]
    pub nonzero: String,
}

impl RangeQuery {
    /// The range asked for; by default January to this month (or December of a past year).
    pub fn range(&self, year: i32) -> Result<(Period, Period), FieldError> {
        let from = match self.from.trim() {
            "" => Period { year, month: 1 },
            t => Period::parse(t)?,
        };
        let to = match self.to.trim() {
            "" => default_to(year),
            t => Period::parse(t)?,
        };
        Ok((from, to))
    }
}

/// A balance split onto its side: (debit column, credit column), debit-positive input.
pub fn split(v: i64) -> (i64, i64) {
    if v >= 0 { (v, 0) } else { (0, -v) }
}

/// One row as the report prints it.
pub struct Row {
    pub code: String,
    pub name: String,
    pub first_level: bool,
    pub indent: String,
    /// Opening debit, opening credit, debit, credit, closing debit, closing credit (fen).
    pub figures: [i64; 6],
}

impl Row {
    fn of(r: &TrialRow) -> Row {
        let b = r.balance;
        let (od, oc) = split(b.opening);
        let (cd, cc) = split(b.closing());
        Row {
            code: r.code.clone(),
            name: r.name.clone(),
            first_level: r.depth <= 1,
            indent: indent(r.depth),
            figures: [od, oc, b.debit, b.credit, cd, cc],
        }
    }

    pub fn cells(&self) -> Vec<String> {
        self.figures.iter().map(|f| yuan_or_blank(*f)).collect()
    }
}

/// The bottom line from `reports::totals`, in the same six columns.
pub fn total_figures(rows: &[TrialRow]) -> [i64; 6] {
    let t = reports::totals(rows);
    [t[0].0, t[0].1, t[1].0, t[2].1, t[3].0, t[3].1]
}

/// Debits equal credits at the start, within the range and at the end.
pub fn balanced(t: &[i64; 6]) -> bool {
    t[0] == t[1] && t[2] == t[3] && t[4] == t[5]
}

#[derive(Template)]
#[template(path = "ledger/trial_balance.html")]
struct TrialBalancePage {
    ctx: PageCtx,
    book: BookRecord,
    org: OrgRecord,
    from: String,
    to: String,
    rows: Vec<Row>,
    totals: Vec<String>,
    balanced: bool,
    hide_zero: bool,
    query: String,
    error: Option<String>,
}

async fn trial_balance(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let result = async {
        let (from, to) = q.range(book.year)?;
        let rows = reports::trial_balance(&state.db, &auth.actor.scope, &book.id, from, to).await?;
        Ok::<_, AppError>((from, to, rows))
    }
    .await;
    let (from, to, rows, error, status) = match result {
        Ok((from, to, rows)) => (from.to_string(), to.to_string(), rows, None, StatusCode::OK),
        Err(e) => {
            let e = crate::base::page::in_page(e)?;
            (
                q.from.clone(),
                q.to.clone(),
                Vec::new(),
                Some(e.message(&ctx.tr)),
                e.status,
            )
        }
    };
    let totals = total_figures(&rows);
    let hide_zero = !q.nonzero.is_empty();
    let page = TrialBalancePage {
        ctx: PageCtx::new(&ctx, "ledger"),
        query: format!(
            "from={}&to={}&nonzero={}",
            crate::base::url::encode(&from),
            crate::base::url::encode(&to),
            crate::base::url::encode(&q.nonzero)
        ),
        book,
        org,
        from,
        to,
        rows: rows
            .iter()
            .map(Row::of)
            .filter(|r| !hide_zero || r.figures.iter().any(|f| *f != 0))
            .collect(),
        hide_zero,
        totals: totals
            .iter()
            .map(|f| crate::base::format::yuan(*f))
            .collect(),
        balanced: error.is_none() && balanced(&totals),
        error,
    };
    render_status(&page, status)
}

async fn export_trial_balance(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let (from, to) = q.range(book.year)?;
    let rows = reports::trial_balance(&state.db, &auth.actor.scope, &book.id, from, to).await?;
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "ledger-col-code",
        "field-account_name",
        "ledger-tb-opening-debit",
        "ledger-tb-opening-credit",
        "ledger-tb-debit-movement",
        "ledger-tb-credit-movement",
        "ledger-tb-closing-debit",
        "ledger-tb-closing-credit",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    // Plain amounts (no separators), so that the sheet computes with them.
    let amount = |f: i64| {
        if f == 0 {
            String::new()
        } else {
            domain::Money(f).to_string()
        }
    };
    let hide_zero = !q.nonzero.is_empty();
    let mut body: Vec<Vec<String>> = rows
        .iter()
        .map(Row::of)
        .filter(|r| !hide_zero || r.figures.iter().any(|f| *f != 0))
        .map(|row| {
            let mut cells = vec![row.code.clone(), format!("{}{}", row.indent, row.name)];
            cells.extend(row.figures.iter().map(|f| amount(*f)));
            cells
        })
        .collect();
    let mut total = vec![String::new(), tr.t("ledger-total")];
    total.extend(
        total_figures(&rows)
            .iter()
            .map(|f| domain::Money(*f).to_string()),
    );
    body.push(total);
    use usecase::tabular::Kind::{Text, Yuan};
    let name = super::export_name(
        &state,
        &auth,
        (&org, &book),
        &tr.t("ledger-trial-balance"),
        &[from, to],
    )
    .await?;
    tabular::kinds_xlsx_response(
        &format!("{} {from}~{to}", tr.t("ledger-trial-balance")),
        &headers,
        &[Text, Text, Yuan, Yuan, Yuan, Yuan, Yuan, Yuan],
        &body,
        &name,
    )
}

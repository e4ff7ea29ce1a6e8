//! The trial balance (科目余额表) of a book in the JSON API.

use super::{book_or_none_error, org_of, period_param, range_year};
use crate::base::ctx::SignedIn;
use crate::error::{AppError, ErrorBody};
use crate::ledger::reports::{RangeQuery, total_figures};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct TrialBalanceQuery {
    /// The fiscal year when neither `from` nor `to` is given (default: the latest book).
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
    /// First period, YYYY-MM (default: January of the latest book's year).
    pub from: Option<String>,
    /// Last period, YYYY-MM (default: this month, or December of a past year).
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TrialRowDto {
    pub code: String,
    pub name: String,
    /// 1 for first-level accounts, 2 for their sub-accounts, …
    pub depth: usize,
    /// debit or credit.
    pub normal_side: String,
    pub leaf: bool,
    /// Debit-positive fen at the start of `from`.
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
    /// Debit-positive fen at the end of `to`: opening + debit − credit.
    pub closing: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TrialTotals {
    pub opening_debit: i64,
    pub opening_credit: i64,
    pub debit: i64,
    pub credit: i64,
    pub closing_debit: i64,
    pub closing_credit: i64,
    /// Debits equal credits at the start, within the range and at the end.
    pub balanced: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TrialBalanceDto {
    pub org_id: String,
    pub book_id: String,
    pub year: i32,
    pub from: String,
    pub to: String,
    pub rows: Vec<TrialRowDto>,
    /// Over first-level accounts.
    pub totals: TrialTotals,
}

/// The trial balance (科目余额表) of a period range within one fiscal year.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/trial-balance", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), TrialBalanceQuery),
    responses((status = 200, body = TrialBalanceDto), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn trial_balance(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<TrialBalanceQuery>,
) -> Result<Json<TrialBalanceDto>, AppError> {
    let org = org_of(&state, &auth, &org).await?;
    let from = period_param(q.from.as_deref(), "from")?;
    let to = period_param(q.to.as_deref(), "to")?;
    let year = range_year(q.year.as_deref(), from, to)?;
    let book = book_or_none_error(&state, &auth, &org, year).await?;
    let range = RangeQuery {
        from: q.from.unwrap_or_default(),
        to: q.to.unwrap_or_default(),
        nonzero: String::new(),
    };
    let (from, to) = range.range(book.year)?;
    let rows =
        store::ledger::reports::trial_balance(&state.db, &auth.actor.scope, &book.id, from, to)
            .await?;
    let t = total_figures(&rows);
    Ok(Json(TrialBalanceDto {
        org_id: org.id,
        book_id: book.id,
        year: book.year,
        from: from.to_string(),
        to: to.to_string(),
        totals: TrialTotals {
            opening_debit: t[0],
            opening_credit: t[1],
            debit: t[2],
            credit: t[3],
            closing_debit: t[4],
            closing_credit: t[5],
            balanced: crate::ledger::reports::balanced(&t),
        },
        rows: rows
            .into_iter()
            .map(|r| TrialRowDto {
                opening: r.balance.opening,
                debit: r.balance.debit,
                credit: r.balance.credit,
                closing: r.balance.closing(),
                code: r.code,
                name: r.name,
                depth: r.depth,
                normal_side: r.normal_side,
                leaf: r.leaf,
            })
            .collect(),
    }))
}

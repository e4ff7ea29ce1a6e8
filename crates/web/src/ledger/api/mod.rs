//! The books in the JSON API under `/api/v1`, one file per resource with its reads and writes
//! (registered with their OpenAPI description by `super::api_routes`): organisations and
//! their books, vouchers, the trial balance, the statements, the account ledgers and the
//! classification of villages. Amounts are integers in fen; every read is scoped by the store
//! to the caller's region.

pub mod account_ledgers;
pub mod classification;
pub mod orgs;
pub mod statements;
pub mod trial_balance;
pub mod vouchers;

use crate::base::ctx::Auth;
use crate::base::params::year_param;
use crate::error::AppError;
use crate::state::AppState;
use domain::FieldError;
use domain::ledger::Period;
use store::ledger::{BookRecord, OrgRecord, books};

// ------------------------------------------------------------------ helpers

pub(crate) async fn org_of(
    state: &AppState,
    auth: &Auth,
    org: &str,
) -> Result<OrgRecord, AppError> {
    crate::ledger::org_in_scope(state, auth, org).await
}

/// The organisation's book of `year`, or its latest book when no year is asked for.
pub(crate) async fn book_of(
    state: &AppState,
    auth: &Auth,
    org: &OrgRecord,
    year: Option<i32>,
) -> Result<Option<BookRecord>, AppError> {
    let all = books::list_books(&state.db, &auth.actor.scope, &org.id).await?;
    Ok(match year {
        Some(y) => all.into_iter().find(|b| b.year == y),
        None => all.into_iter().last(),
    })
}

/// The book of `year` (or the latest), or the error that says which year has none.
pub(crate) async fn book_or_none_error(
    state: &AppState,
    auth: &Auth,
    org: &OrgRecord,
    year: Option<i32>,
) -> Result<BookRecord, AppError> {
    Ok(book_of(state, auth, org, year)
        .await?
        .ok_or_else(|| match year {
            Some(y) => FieldError::new("ledger.no_book", "period")
                .arg("year", y.to_string())
                .arg("value", y.to_string()),
            None => FieldError::new("ledger.no_books", "period"),
        })?)
}

/// The year of a `from`/`to` range, which must agree with `?year=` when both are given.
pub(crate) fn range_year(
    year: Option<&str>,
    from: Option<Period>,
    to: Option<Period>,
) -> Result<Option<i32>, FieldError> {
    let year = year_param(year)?;
    let range = from.or(to).map(|p| p.year);
    match (year, range) {
        (Some(y), Some(r)) if y != r => Err(FieldError::new("ledger.range_invalid", "year")
            .arg("value", y.to_string())
            .arg("year", r.to_string())),
        (y, r) => Ok(r.or(y)),
    }
}

pub(crate) fn period_param(
    text: Option<&str>,
    field: &'static str,
) -> Result<Option<Period>, FieldError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => Period::parse(t)
            .map(Some)
            .map_err(|_| FieldError::new("ledger.period_invalid", field).arg("value", t)),
    }
}

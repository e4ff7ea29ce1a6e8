//! The collective economy's books on the web: organisations, books, vouchers, reports.
//!
//! Pages (`pages`, `vouchers`, `reports`) and the JSON API (`api`) read and write only through
//! `store::ledger`, which scopes every query to the caller's region; a book, voucher or
//! organisation outside the caller's scope is simply not found (404).

pub mod account_ledgers;
pub mod api;
pub mod classification;
pub mod io;
pub mod pages;
pub mod reports;
pub mod statements;
pub mod upload;
pub mod vouchers;

use crate::error::AppError;
use crate::i18n::Tr;
use crate::identity::session::Auth;
use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use domain::ledger::Period;
use store::ledger::{BookRecord, OrgRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(pages::routes())
        .merge(vouchers::routes())
        .merge(reports::routes())
        .merge(statements::routes())
        .merge(classification::routes())
        .merge(upload::routes())
        .merge(account_ledgers::routes())
}

/// Fen as yuan with thousands separators and two decimals: `-1,234,567.80`.
pub fn yuan(fen: i64) -> String {
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// [`yuan`], or nothing for zero (as printed account books leave the cell empty).
pub fn yuan_or_blank(fen: i64) -> String {
    if fen == 0 { String::new() } else { yuan(fen) }
}

/// Yuan text for an input field: no separators, empty for zero.
pub fn yuan_input(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        domain::Money(fen).to_string()
    }
}

/// Today in China (UTC+8), whatever the server's clock zone.
pub fn today() -> chrono::NaiveDate {
    domain::time::today()
}

/// The default end of a report range: this month when the book is this year's, else December.
pub fn default_to(year: i32) -> Period {
    let t = Period::of_date(today());
    if t.year == year {
        t
    } else {
        Period { year, month: 12 }
    }
}

/// Errors the page shows in place (bad input, a rule of the books) instead of an error page;
/// not found and forbidden go to the error page.
pub(crate) fn in_page(e: AppError) -> Result<AppError, AppError> {
    if e.status == StatusCode::UNPROCESSABLE_ENTITY || e.status == StatusCode::CONFLICT {
        Ok(e)
    } else {
        Err(e)
    }
}

/// Renders a page with the given status (a page that shows an error keeps the error's status).
pub(crate) fn render_status(
    template: &impl askama::Template,
    status: StatusCode,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    crate::shell::render(template).map(|r| (status, r).into_response())
}

/// A book and its organisation in the caller's scope, or 404.
pub(crate) async fn book_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<(BookRecord, OrgRecord), AppError> {
    store::ledger::books::get_book(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The organisation in the caller's scope, or 404.
pub(crate) async fn org_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<OrgRecord, AppError> {
    store::ledger::books::get_org(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The name of a region in scope (empty when unknown).
pub(crate) async fn region_name(
    state: &AppState,
    auth: &Auth,
    code: &str,
) -> Result<String, AppError> {
    Ok(store::region::get(&state.db, &auth.actor.scope, code)
        .await?
        .map(|r| r.name)
        .unwrap_or_default())
}

/// The name of a book's export, saying which village, book and period it holds:
/// `保婴村-2024-科目余额表-01-06.xlsx` (the organisation's name where the region has none).
pub(crate) async fn export_name(
    state: &AppState,
    auth: &Auth,
    (org, book): (&OrgRecord, &BookRecord),
    report: &str,
    months: &[Period],
) -> Result<String, AppError> {
    let mut place = region_name(state, auth, &org.region_code).await?;
    if place.is_empty() {
        place.clone_from(&org.name);
    }
    let mut parts = vec![place, book.year.to_string(), report.to_string()];
    parts.extend(months.iter().map(|p| format!("{:02}", p.month)));
    Ok(format!("{}.xlsx", parts.join("-")))
}

/// Labels of the books' enumerations.
pub struct Labels;

impl Labels {
    pub fn state(tr: &Tr, state: &str) -> String {
        tr.t(&format!("ledger-state-{state}"))
    }
    pub fn kind(tr: &Tr, kind: &str) -> String {
        tr.t(&format!("ledger-kind-{kind}"))
    }
    pub fn category(tr: &Tr, category: &str) -> String {
        tr.t(&format!("ledger-category-{category}"))
    }
    pub fn side(tr: &Tr, side: &str) -> String {
        tr.t(&format!("ledger-side-{side}"))
    }
    pub fn system(tr: &Tr, system: &str) -> String {
        tr.t(&format!("ledger-system-{system}"))
    }
}

/// Indentation for an account at `depth` (1 = first level): full-width spaces, which HTML
/// does not collapse and which need no style attribute.
pub fn indent(depth: usize) -> String {
    "\u{3000}".repeat(depth.saturating_sub(1))
}

/// A voucher error message in the user's language; errors about a line name the line when
/// their message does not already.
pub fn voucher_error(tr: &Tr, e: &AppError, line_of: impl Fn(usize) -> usize) -> String {
    let message = e.message(tr);
    let Some(f) = &e.field else {
        return message;
    };
    // These messages carry the line number themselves.
    let own_line = matches!(
        f.code,
        "ledger.amount_invalid" | "ledger.line_account_missing" | "ledger.line_one_side"
    );
    match f.args.get("line").and_then(|l| l.parse::<usize>().ok()) {
        Some(n) if !own_line => {
            format!(
                "{}{message}",
                tr.t1("ledger-line-prefix", "line", &line_of(n))
            )
        }
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(yuan(100_000), "1,000.00");
        assert_eq!(yuan(20_000_000), "200,000.00");
        assert_eq!(yuan(-12_345_678_901), "-123,456,789.01");
        assert_eq!(yuan(99_999), "999.99");
        assert_eq!(yuan_or_blank(0), "");
        assert_eq!(yuan_input(150), "1.50");
    }
}

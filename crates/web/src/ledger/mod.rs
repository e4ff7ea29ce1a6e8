//! The collective economy's books on the web: organisations, books, vouchers, reports.
//!
//! Pages (`pages`, `vouchers`, `reports`) and the JSON API (`api`) read and write only through
//! `store::ledger`, which scopes every query to the caller's region; a book, voucher or
//! organisation outside the caller's scope is simply not found (404).

pub mod account_ledgers;
pub mod api;
pub mod classification;
pub mod pages;
pub mod reports;
pub mod statements;
pub mod upload;
pub mod vouchers;

use crate::base::ctx::Auth;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use domain::ledger::Period;
use store::ledger::{BookRecord, OrgRecord};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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

/// The books' API: organisations, vouchers, the trial balance, statements, account ledgers
/// and the classification of villages.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use api::{account_ledgers, classification, orgs, statements, trial_balance, vouchers};
    OpenApiRouter::new()
        .routes(routes!(orgs::list_orgs))
        .routes(routes!(vouchers::list_vouchers, vouchers::create_voucher))
        .routes(routes!(vouchers::get_voucher))
        .routes(routes!(vouchers::review_voucher))
        .routes(routes!(vouchers::post_voucher))
        .routes(routes!(vouchers::reverse_voucher))
        .routes(routes!(trial_balance::trial_balance))
        .routes(routes!(statements::balance_sheet_api))
        .routes(routes!(statements::income_statement_api))
        .routes(routes!(classification::classification_api))
        .routes(routes!(account_ledgers::detail_api))
        .routes(routes!(account_ledgers::general_api))
}

/// The default end of a report range: this month when the book is this year's, else December.
pub fn default_to(year: i32) -> Period {
    let t = Period::of_date(crate::base::format::today());
    if t.year == year {
        t
    } else {
        Period { year, month: 12 }
    }
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

/// The name of a book's export, saying which village, book and period it holds:
/// `保婴村-2024-科目余额表-01-06.xlsx` (the organisation's name where the region has none).
pub(crate) async fn export_name(
    state: &AppState,
    auth: &Auth,
    (org, book): (&OrgRecord, &BookRecord),
    report: &str,
    months: &[Period],
) -> Result<String, AppError> {
    let mut place =
        crate::base::regions::region_name(state, &auth.actor.scope, &org.region_code).await?;
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

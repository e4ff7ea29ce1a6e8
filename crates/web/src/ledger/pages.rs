//! Organisations, their books, and a book's overview: chart of accounts and sub-accounts,
//! opening balances with their trial-balance check, and the months with their closing.

use super::{Labels, book_in_scope, indent, org_in_scope};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{yuan, yuan_input};
use crate::base::page::{in_page, render_status};
use crate::base::regions::region_name;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::identity::Role;
use domain::ledger::Period;
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use std::collections::HashMap;
use store::ledger::books::{self, has_children};
use store::ledger::{AccountRecord, BookRecord, OrgRecord};
use store::region::RegionRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::LEDGER, get(orgs))
        .route(crate::base::url::LEDGER_EXPORT_XLSX, get(export_orgs))
        .route(crate::base::url::LEDGER_ORGS, post(create_org))
        .route(crate::base::url::LEDGER_ORG, get(org))
        .route(crate::base::url::LEDGER_ORG_BOOKS, post(open_book))
        .route(crate::base::url::LEDGER_ORG_EXPORT_XLSX, get(export_books))
        .route(crate::base::url::LEDGER_BOOK, get(book))
        .route(crate::base::url::LEDGER_BOOK_ACCOUNTS, post(add_account))
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNTS_XLSX,
            get(export_accounts),
        )
        .route(
            crate::base::url::LEDGER_BOOK_ACCOUNT_ACTIVE,
            post(set_active),
        )
        .route(crate::base::url::LEDGER_BOOK_OPENINGS, post(save_openings))
        .route(
            crate::base::url::LEDGER_BOOK_OPENINGS_CHECK,
            post(check_openings),
        )
        .route(
            crate::base::url::LEDGER_BOOK_PERIOD_CLOSE,
            post(close_period),
        )
        .route(
            crate::base::url::LEDGER_BOOK_PERIOD_REOPEN,
            post(reopen_period),
        )
        .route(crate::base::url::LEDGER_BOOK_CLOSE_YEAR, post(close_year))
        .route(crate::base::url::LEDGER_BOOK_NEXT_YEAR, post(next_year))
}

// ------------------------------------------------------------------ organisations

pub struct OrgRow {
    pub org: OrgRecord,
    pub region_name: String,
}

#[derive(Deserialize, Default, Clone)]
struct OrgForm {
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    credit_code: String,
}

#[derive(Template)]
#[template(path = "ledger/orgs.html")]
struct OrgsPage {
    ctx: PageCtx,
    rows: Vec<OrgRow>,
    count: usize,
    can_write: bool,
    /// Villages and towns in scope, where an organisation may be registered.
    regions: Vec<RegionRecord>,
    form: OrgForm,
    error: Option<String>,
}

fn name_of(regions: &[RegionRecord], code: &str) -> String {
    regions
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

async fn org_rows(state: &AppState, auth: &Auth) -> Result<Vec<OrgRow>, AppError> {
    let scope = &auth.actor.scope;
    let regions = store::region::all(&state.db, scope).await?;
    Ok(books::list_orgs(&state.db, scope)
        .await?
        .into_iter()
        .map(|org| OrgRow {
            region_name: name_of(&regions, &org.region_code),
            org,
        })
        .collect())
}

async fn orgs_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: OrgForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let regions: Vec<RegionRecord> = store::region::all(&state.db, &auth.actor.scope)
        .await?
        .into_iter()
        .filter(|r| !r.archived && r.level != Level::District.as_str())
        .collect();
    let form = if form.region_code.is_empty() {
        OrgForm {
            region_code: auth.user.region_code.clone(),
            ..form
        }
    } else {
        form
    };
    let rows = org_rows(state, auth).await?;
    let page = OrgsPage {
        ctx: PageCtx::new(ctx, "ledger"),
        count: rows.len(),
        rows,
        can_write: auth.role.keeps_books() && !regions.is_empty(),
        regions,
        form,
        error,
    };
    render_status(&page, status)
}

async fn orgs(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    orgs_page(
        &state,
        &auth,
        &ctx,
        OrgForm::default(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn create_org(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<OrgForm>,
) -> Result<Response, AppError> {
    let result = async {
        let code = RegionCode::parse(&form.region_code).map_err(|_| {
            FieldError::new("region.code_invalid", "region_code")
                .arg("value", form.region_code.trim())
        })?;
        if code.level() == Level::District {
            return Err(FieldError::new("common.choice_invalid", "region_code")
                .arg("value", code.as_str())
                .into());
        }
        Ok::<_, AppError>(
            books::create_org(&state.db, &auth.actor, &code, &form.name, &form.credit_code).await?,
        )
    }
    .await;
    match result {
        Ok(org) => Ok(Redirect::to(&crate::base::url::ledger_org(&org.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let message = e.message(&ctx.tr);
            orgs_page(&state, &auth, &ctx, form, Some(message), e.status).await
        }
    }
}

async fn export_orgs(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "field-region_code",
        "field-region_name",
        "field-name",
        "field-credit_code",
        "field-created_at",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = org_rows(&state, &auth)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.org.region_code,
                r.region_name,
                r.org.name,
                r.org.credit_code,
                crate::base::format::china_time(&r.org.created_at),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Text, Time};
    tabular::kinds_xlsx_response(
        &tr.t("ledger-orgs-title"),
        &headers,
        &[Text, Text, Text, Text, Time],
        &rows,
        "ledger-orgs.xlsx",
    )
}

// ------------------------------------------------------------------ one organisation

#[derive(Template)]
#[template(path = "ledger/org.html")]
struct OrgPage {
    ctx: PageCtx,
    org: OrgRecord,
    region_name: String,
    books: Vec<BookRecord>,
    can_write: bool,
    year: String,
    error: Option<String>,
}

impl OrgPage {
    fn system(&self, b: &BookRecord) -> String {
        Labels::system(&self.ctx.tr, &b.accounting_system)
    }
}

#[derive(Deserialize, Default)]
struct YearForm {
    #[serde(default)]
    year: String,
}

async fn org_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    org: OrgRecord,
    year: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let books = books::list_books(&state.db, &auth.actor.scope, &org.id).await?;
    let year = if year.is_empty() {
        // The year after the last book, or this year.
        books
            .last()
            .map(|b| b.year + 1)
            .unwrap_or_else(|| Period::of_date(crate::base::format::today()).year)
            .to_string()
    } else {
        year
    };
    let page = OrgPage {
        ctx: PageCtx::new(ctx, "ledger"),
        region_name: region_name(state, &auth.actor.scope, &org.region_code).await?,
        org,
        books,
        can_write: auth.role.keeps_books(),
        year,
        error,
    };
    render_status(&page, status)
}

async fn org(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let org = org_in_scope(&state, &auth, &id).await?;
    org_page(
        &state,
        &auth,
        &ctx,
        org,
        String::new(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn open_book(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<YearForm>,
) -> Result<Response, AppError> {
    let org = org_in_scope(&state, &auth, &id).await?;
    let result = async {
        let year = form.year.trim().parse::<i32>().map_err(|_| {
            FieldError::new("ledger.year_invalid", "year").arg("value", form.year.trim())
        })?;
        Ok::<_, AppError>(books::open_book(&state.db, &auth.actor, &org.id, year, None).await?)
    }
    .await;
    match result {
        Ok(book) => Ok(Redirect::to(&crate::base::url::ledger_book(&book.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let message = e.message(&ctx.tr);
            org_page(&state, &auth, &ctx, org, form.year, Some(message), e.status).await
        }
    }
}

async fn export_books(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let org = org_in_scope(&state, &auth, &id).await?;
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "field-org",
        "field-year",
        "field-accounting_system",
        "ledger-openings",
        "common-status",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = books::list_books(&state.db, &auth.actor.scope, &org.id)
        .await?
        .into_iter()
        .map(|b| {
            vec![
                org.name.clone(),
                b.year.to_string(),
                Labels::system(tr, &b.accounting_system),
                tr.t(if b.opening_checked {
                    "ledger-openings-checked"
                } else {
                    "ledger-openings-pending"
                }),
                tr.t(if b.closed {
                    "ledger-year-closed"
                } else {
                    "ledger-year-open"
                }),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("ledger-books"),
        &headers,
        &[Text, Number],
        &rows,
        &format!("ledger-books-{}.xlsx", org.name),
    )
}

// ------------------------------------------------------------------ a book's overview

pub struct AccountRow {
    pub a: AccountRecord,
    pub depth: usize,
    pub indent: String,
    pub leaf: bool,
    /// The opening balance on the account's own side, as the input shows it.
    pub opening_input: String,
    /// The same, formatted for reading.
    pub opening_shown: String,
}

/// The opening balance on the account's normal side (debit-positive in the store).
fn on_side(a: &AccountRecord, debit_positive: i64) -> i64 {
    if a.normal_side == "credit" {
        -debit_positive
    } else {
        debit_positive
    }
}

pub struct MonthRow {
    pub period: String,
    pub closed: bool,
    pub next_to_close: bool,
    pub last_closed: bool,
}

#[derive(Deserialize, Default, Clone)]
struct SubForm {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

#[derive(Template)]
#[template(path = "ledger/book.html")]
struct BookPage {
    ctx: PageCtx,
    book: BookRecord,
    org: OrgRecord,
    region_name: String,
    accounts: Vec<AccountRow>,
    months: Vec<MonthRow>,
    can_write: bool,
    is_admin: bool,
    opening_debit: String,
    opening_credit: String,
    sub: SubForm,
    /// The next year's book, when it is open already.
    next_book: Option<BookRecord>,
    error: Option<String>,
    notice: Option<String>,
}

impl BookPage {
    fn system(&self) -> String {
        Labels::system(&self.ctx.tr, &self.book.accounting_system)
    }
    fn category(&self, a: &AccountRecord) -> String {
        Labels::category(&self.ctx.tr, &a.category)
    }
    fn side(&self, a: &AccountRecord) -> String {
        Labels::side(&self.ctx.tr, &a.normal_side)
    }
    /// May the openings still change?
    fn openings_open(&self) -> bool {
        self.can_write && !self.book.opening_checked && !self.book.closed
    }
}

/// What a book page shows besides the book: an error, a notice, the values just entered.
#[derive(Default)]
struct Extras {
    error: Option<String>,
    notice: Option<String>,
    sub: SubForm,
    /// Opening inputs as entered (`opening.<code>` → text), when they are shown again.
    entered: Option<HashMap<String, String>>,
    status: StatusCode,
}

impl Extras {
    fn error(ctx: &RequestCtx, e: &AppError) -> Extras {
        Extras {
            error: Some(e.message(&ctx.tr)),
            status: e.status,
            ..Default::default()
        }
    }
}

fn opening_key(code: &str) -> String {
    format!("opening.{code}")
}

async fn book_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    extras: Extras,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(state, auth, id).await?;
    let all = books::accounts(&state.db, &book.id).await?;
    let rolled = books::rolled_openings(&all)?;
    let (debit, credit) = books::opening_sides(&all)?;
    let accounts: Vec<AccountRow> = all
        .iter()
        .map(|a| {
            let leaf = !has_children(&all, &a.code);
            let depth = a.code.len() / 3;
            // A parent shows the sum of its leaves.
            let opening = rolled.get(&a.code).map(|b| b.opening).unwrap_or(a.opening);
            let amount = on_side(a, opening);
            let opening_input = match &extras.entered {
                Some(map) => map.get(&opening_key(&a.code)).cloned().unwrap_or_default(),
                None => yuan_input(amount),
            };
            AccountRow {
                a: a.clone(),
                depth,
                indent: indent(depth),
                leaf,
                opening_input,
                opening_shown: crate::base::format::yuan_or_blank(amount),
            }
        })
        .collect();
    let closed = store::ledger::vouchers::closed_periods(&state.db, &book.id).await?;
    let mut months: Vec<MonthRow> = (1..=12)
        .filter_map(|m| Period::new(book.year, m))
        .map(|p| {
            let period = p.to_string();
            MonthRow {
                closed: closed.contains(&period),
                period,
                next_to_close: false,
                last_closed: false,
            }
        })
        .collect();
    // Months are closed in order: the first open one may be closed next, the last closed one
    // reopened.
    if let Some(m) = months.iter_mut().find(|m| !m.closed) {
        m.next_to_close = true;
    }
    if let Some(m) = months.iter_mut().rev().find(|m| m.closed) {
        m.last_closed = true;
    }
    let next_book = books::list_books(&state.db, &auth.actor.scope, &org.id)
        .await?
        .into_iter()
        .find(|b| b.year == book.year + 1);
    let page = BookPage {
        ctx: PageCtx::new(ctx, "ledger"),
        next_book,
        region_name: region_name(state, &auth.actor.scope, &org.region_code).await?,
        book,
        org,
        accounts,
        months,
        can_write: auth.role.keeps_books(),
        is_admin: auth.role == Role::DistrictAdmin,
        opening_debit: yuan(debit),
        opening_credit: yuan(credit),
        sub: extras.sub,
        error: extras.error,
        notice: extras.notice,
    };
    render_status(&page, extras.status)
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// Notices a redirect after a successful action may ask for.
const NOTICES: [&str; 7] = [
    "year_closed",
    "openings_saved",
    "openings_checked",
    "account_added",
    "account_changed",
    "period_closed",
    "period_reopened",
];

async fn book(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let notice = NOTICES
        .iter()
        .find(|n| **n == q.done)
        .map(|n| ctx.tr.t(&format!("ledger-done-{n}")));
    let extras = Extras {
        notice,
        ..Default::default()
    };
    book_page(&state, &auth, &ctx, &id, extras).await
}

fn done(book_id: &str, what: &str) -> Response {
    Redirect::to(&format!(
        "{}?done={what}",
        crate::base::url::ledger_book(book_id)
    ))
    .into_response()
}

async fn add_account(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<SubForm>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let result = books::add_sub_account(
        &state.db,
        &auth.actor,
        &book.id,
        form.parent.trim(),
        &form.code,
        &form.name,
    )
    .await;
    match result {
        Ok(_) => Ok(done(&book.id, "account_added")),
        Err(e) => {
            let e = in_page(e.into())?;
            let extras = Extras {
                sub: form,
                ..Extras::error(&ctx, &e)
            };
            book_page(&state, &auth, &ctx, &book.id, extras).await
        }
    }
}

#[derive(Deserialize)]
struct ActiveForm {
    active: String,
}

async fn set_active(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, code)): Path<(String, String)>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let active = form.active == "true";
    match books::set_account_active(&state.db, &auth.actor, &book.id, &code, active).await {
        Ok(_) => Ok(done(&book.id, "account_changed")),
        Err(e) => {
            let e = in_page(e.into())?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

/// Reads the opening inputs of the active leaf accounts into debit-positive fen.
fn parse_openings(
    accounts: &[AccountRecord],
    form: &HashMap<String, String>,
) -> Result<Vec<(String, i64)>, FieldError> {
    let mut out = Vec::new();
    for a in accounts
        .iter()
        .filter(|a| a.active && !has_children(accounts, &a.code))
    {
        let Some(text) = form.get(&opening_key(&a.code)) else {
            continue;
        };
        let amount = if text.trim().is_empty() {
            0
        } else {
            domain::Money::parse_yuan(text)
                .ok_or_else(|| {
                    FieldError::new("ledger.opening_amount_invalid", "opening")
                        .arg("account", format!("{} {}", a.code, a.name))
                        .arg("value", text.trim())
                })?
                .fen()
        };
        out.push((a.code.clone(), on_side(a, amount)));
    }
    Ok(out)
}

async fn save_openings(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let result = async {
        let accounts = books::accounts(&state.db, &book.id).await?;
        let openings = parse_openings(&accounts, &form)?;
        books::set_openings(&state.db, &auth.actor, &book.id, &openings).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(done(&book.id, "openings_saved")),
        Err(e) => {
            let e = in_page(e)?;
            let extras = Extras {
                entered: Some(form),
                ..Extras::error(&ctx, &e)
            };
            book_page(&state, &auth, &ctx, &book.id, extras).await
        }
    }
}

async fn check_openings(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    match books::check_openings(&state.db, &auth.actor, &book.id).await {
        Ok(()) => Ok(done(&book.id, "openings_checked")),
        Err(e) => {
            let e = in_page(e.into())?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

async fn close_period(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, period)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let result = async {
        let period = Period::parse(&period)?;
        store::ledger::vouchers::close_period(&state.db, &auth.actor, &book.id, period).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(done(&book.id, "period_closed")),
        Err(e) => {
            let e = in_page(e)?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

#[derive(Deserialize, Default)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn reopen_period(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, period)): Path<(String, String)>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    let result = async {
        let period = Period::parse(&period)?;
        store::ledger::vouchers::reopen_period(
            &state.db,
            &auth.actor,
            &book.id,
            period,
            &form.reason,
        )
        .await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(done(&book.id, "period_reopened")),
        Err(e) => {
            let e = in_page(e)?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

/// Year end (年终结账): income and expenses carried to 本年收益 and on to 收益分配, then the
/// book is closed.
async fn close_year(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    match store::ledger::yearend::close_year(&state.db, &auth.actor, &book.id).await {
        Ok(_) => Ok(done(&book.id, "year_closed")),
        Err(e) => {
            let e = in_page(e.into())?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

/// Opens the next year's book with this year's closing balances as its openings.
async fn next_year(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, _) = book_in_scope(&state, &auth, &id).await?;
    match store::ledger::yearend::open_next_year(&state.db, &auth.actor, &book.id).await {
        Ok(next) => Ok(Redirect::to(&crate::base::url::ledger_book(&next.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            book_page(&state, &auth, &ctx, &book.id, Extras::error(&ctx, &e)).await
        }
    }
}

async fn export_accounts(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let tr = &ctx.tr;
    let all = books::accounts(&state.db, &book.id).await?;
    let headers: Vec<String> = [
        "ledger-col-code",
        "field-account_name",
        "field-category",
        "field-normal_balance",
        "common-status",
        "field-opening",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|a| {
            vec![
                a.code.clone(),
                a.name.clone(),
                Labels::category(tr, &a.category),
                Labels::side(tr, &a.normal_side),
                tr.t(if a.active {
                    "ledger-account-active"
                } else {
                    "ledger-account-inactive"
                }),
                domain::Money(on_side(a, a.opening)).to_string(),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Text, Yuan};
    tabular::kinds_xlsx_response(
        &tr.t("ledger-chart"),
        &headers,
        &[Text, Text, Text, Text, Text, Yuan],
        &rows,
        &super::export_name(&state, &auth, (&org, &book), &tr.t("ledger-chart"), &[]).await?,
    )
}

/// The organisations of a region and their books, for the village profile page.
pub struct ProfileOrg {
    pub org: OrgRecord,
    pub books: Vec<BookRecord>,
}

pub async fn profile_orgs(
    state: &AppState,
    auth: &Auth,
    region_code: &str,
) -> Result<Vec<ProfileOrg>, AppError> {
    Ok(
        books::orgs_with_books(&state.db, &auth.actor.scope, region_code)
            .await?
            .into_iter()
            .map(|(org, books)| ProfileOrg { org, books })
            .collect(),
    )
}

//! The books' JSON API under `/api/v1/orgs/{org}`: vouchers (list, get, create as draft,
//! review, post, reverse) and the trial balance. Amounts are integers in fen.

use super::reports::{RangeQuery, total_figures};
use crate::api::ApiJson;
use crate::base::params::year_param;
use crate::error::{AppError, ErrorBody};
use crate::identity::session::{Auth, SignedIn};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::ledger::{LineInput, Period, VoucherInput, VoucherState};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::ledger::books;
use store::ledger::vouchers::{self, Filter};
use store::ledger::{BookRecord, LineRecord, OrgRecord, VoucherRecord};
use utoipa::{IntoParams, ToSchema};

// ------------------------------------------------------------------ shapes

#[derive(Serialize, ToSchema)]
pub struct BookDto {
    pub id: String,
    pub year: i32,
    /// cs2004 (财会〔2004〕12号) or cs2023 (财会〔2023〕14号).
    pub accounting_system: String,
    /// The opening balances passed the trial-balance check.
    pub opening_checked: bool,
    pub closed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrgDto {
    pub id: String,
    /// 12-digit code of the village or town.
    pub region_code: String,
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub books: Vec<BookDto>,
}

#[derive(Serialize, ToSchema)]
pub struct LineDto {
    pub line_no: i32,
    pub account_code: String,
    pub account_name: String,
    /// Fen; 0 when the line is a credit. Negative on a red-ink reversal.
    pub debit: i64,
    pub credit: i64,
    pub summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct VoucherDto {
    pub id: String,
    pub org_id: String,
    pub book_id: String,
    pub year: i32,
    /// YYYY-MM.
    pub period: String,
    /// Number within the month; `label` shows it as 记-0001.
    pub number: i32,
    pub label: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub summary: String,
    pub attachments: i64,
    /// draft, reviewed or posted.
    pub state: String,
    /// normal, reversal (红字冲销) or closing (year-end carry-over).
    pub kind: String,
    pub reverses_id: Option<String>,
    pub reversed_by_id: Option<String>,
    pub preparer: String,
    pub reviewer: Option<String>,
    pub poster: Option<String>,
    /// Total of the debits, fen.
    pub total: i64,
    pub created_at: String,
    pub reviewed_at: Option<String>,
    pub posted_at: Option<String>,
    /// entered (in the ledger), generated (by an industry project from its source record;
    /// not editable in the ledger) or migrated (a previous system's posted voucher).
    pub origin: String,
    /// The lines; present when one voucher is returned, absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineDto>>,
}

impl VoucherDto {
    fn new(
        v: VoucherRecord,
        book: &BookRecord,
        lines: Option<(Vec<LineRecord>, &HashMap<String, String>)>,
    ) -> VoucherDto {
        VoucherDto {
            label: v.label(),
            org_id: book.org_id.clone(),
            year: book.year,
            lines: lines.map(|(lines, names)| {
                lines
                    .into_iter()
                    .map(|l| LineDto {
                        account_name: names.get(&l.account_code).cloned().unwrap_or_default(),
                        line_no: l.line_no,
                        account_code: l.account_code,
                        debit: l.debit,
                        credit: l.credit,
                        summary: l.summary,
                    })
                    .collect()
            }),
            id: v.id,
            book_id: v.book_id,
            period: v.period,
            number: v.number,
            date: v.date,
            summary: v.summary,
            attachments: v.attachments,
            state: v.state,
            kind: v.kind,
            reverses_id: v.reverses_id,
            reversed_by_id: v.reversed_by_id,
            preparer: v.preparer_name,
            reviewer: v.reviewer_name,
            poster: v.poster_name,
            total: v.total,
            created_at: v.created_at,
            reviewed_at: v.reviewed_at,
            posted_at: v.posted_at,
            origin: v.origin,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoucherPage {
    pub items: Vec<VoucherDto>,
    /// The fiscal year listed (one book per organisation and year).
    pub year: Option<i32>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct LineCreate {
    pub account_code: String,
    /// Fen; 0 (or absent) when the line is a credit.
    #[serde(default)]
    pub debit: i64,
    /// Fen; 0 (or absent) when the line is a debit.
    #[serde(default)]
    pub credit: i64,
    #[serde(default)]
    pub summary: String,
}

#[derive(Deserialize, ToSchema)]
pub struct VoucherCreate {
    /// YYYY-MM-DD; the voucher goes into the organisation's book of that year.
    pub date: String,
    pub summary: String,
    #[serde(default)]
    pub attachments: i64,
    pub lines: Vec<LineCreate>,
}

impl VoucherCreate {
    /// The same text a form would send, so the same validation applies.
    fn input(&self) -> VoucherInput {
        let yuan = |fen: i64| {
            if fen == 0 {
                String::new()
            } else {
                domain::Money(fen).to_string()
            }
        };
        VoucherInput {
            date: self.date.clone(),
            summary: self.summary.clone(),
            attachments: self.attachments.to_string(),
            lines: self
                .lines
                .iter()
                .map(|l| LineInput {
                    account_code: l.account_code.clone(),
                    debit: yuan(l.debit),
                    credit: yuan(l.credit),
                    summary: l.summary.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ReverseBody {
    /// YYYY-MM-DD of the reversal; today when absent.
    pub date: Option<String>,
    /// Summary of the reversal; "冲销 …" with the original's number when absent.
    pub summary: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct VoucherQuery {
    /// First period, YYYY-MM.
    pub from: Option<String>,
    /// Last period, YYYY-MM (same year as `from`).
    pub to: Option<String>,
    /// draft, reviewed or posted.
    pub state: Option<String>,
    /// The fiscal year (default: the latest book); must agree with `from`/`to` when given.
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page, 1–500 (default 50).
    pub per_page: Option<i64>,
}

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

// ------------------------------------------------------------------ helpers

pub(crate) async fn org_of(
    state: &AppState,
    auth: &Auth,
    org: &str,
) -> Result<OrgRecord, AppError> {
    super::org_in_scope(state, auth, org).await
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

async fn account_names(
    state: &AppState,
    book: &BookRecord,
) -> Result<HashMap<String, String>, AppError> {
    Ok(books::accounts(&state.db, &book.id)
        .await?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect())
}

/// A voucher of this organisation in scope, with its lines and book; 404 otherwise.
async fn voucher_of(
    state: &AppState,
    auth: &Auth,
    org: &str,
    id: &str,
) -> Result<(VoucherRecord, Vec<LineRecord>, BookRecord), AppError> {
    let (v, lines) = vouchers::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (book, o) = super::book_in_scope(state, auth, &v.book_id).await?;
    if o.id != org {
        return Err(AppError::not_found());
    }
    Ok((v, lines, book))
}

/// The voucher as stored now, with its lines.
async fn full(state: &AppState, auth: &Auth, org: &str, id: &str) -> Result<VoucherDto, AppError> {
    let (v, lines, book) = voucher_of(state, auth, org, id).await?;
    let names = account_names(state, &book).await?;
    Ok(VoucherDto::new(v, &book, Some((lines, &names))))
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

// ------------------------------------------------------------------ handlers

/// Collective economic organisations in the caller's scope, with their books.
#[utoipa::path(get, path = "/api/v1/orgs", tag = "ledger",
    responses((status = 200, body = Vec<OrgDto>), (status = 401, body = ErrorBody)))]
pub async fn list_orgs(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
) -> Result<Json<Vec<OrgDto>>, AppError> {
    let scope = &auth.actor.scope;
    let mut out = Vec::new();
    for org in books::list_orgs(&state.db, scope).await? {
        let books = books::list_books(&state.db, scope, &org.id)
            .await?
            .into_iter()
            .map(|b| BookDto {
                id: b.id,
                year: b.year,
                accounting_system: b.accounting_system,
                opening_checked: b.opening_checked,
                closed: b.closed,
            })
            .collect();
        out.push(OrgDto {
            id: org.id,
            region_code: org.region_code,
            name: org.name,
            credit_code: org.credit_code,
            books,
        });
    }
    Ok(Json(out))
}

/// Vouchers of one fiscal year of the organisation, by period and number.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/vouchers", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"), VoucherQuery),
    responses((status = 200, body = VoucherPage), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn list_vouchers(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(org): Path<String>,
    Query(q): Query<VoucherQuery>,
) -> Result<Json<VoucherPage>, AppError> {
    let org = org_of(&state, &auth, &org).await?;
    let from = period_param(q.from.as_deref(), "from")?;
    let to = period_param(q.to.as_deref(), "to")?;
    let state_filter = match q.state.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            VoucherState::parse(s)
                .ok_or_else(|| FieldError::new("common.choice_invalid", "state").arg("value", s))?,
        ),
    };
    if let (Some(f), Some(t)) = (from, to)
        && f.year != t.year
    {
        return Err(FieldError::new("ledger.range_invalid", "period")
            .arg("value", format!("{f}..{t}"))
            .arg("year", f.year.to_string())
            .into());
    }
    let year = range_year(q.year.as_deref(), from, to)?;
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(50).clamp(1, store::Page::MAX_LIMIT);
    let Some(book) = book_of(&state, &auth, &org, year).await? else {
        return Ok(Json(VoucherPage {
            items: Vec::new(),
            year,
            page,
            per_page,
            total: 0,
        }));
    };
    let filter = Filter {
        from,
        to,
        state: state_filter,
    };
    let (rows, total) = vouchers::list(
        &state.db,
        &auth.actor.scope,
        &book.id,
        &filter,
        store::Page::new(page, per_page),
    )
    .await?;
    Ok(Json(VoucherPage {
        items: rows
            .into_iter()
            .map(|v| VoucherDto::new(v, &book, None))
            .collect(),
        year: Some(book.year),
        page,
        per_page,
        total,
    }))
}

/// Creates a draft voucher in the organisation's book of the date's year. The same rules as
/// the entry form: two or more lines, each on one side, debits equal to credits.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/vouchers", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id")),
    request_body = VoucherCreate,
    responses((status = 201, body = VoucherDto), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_voucher(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(org): Path<String>,
    ApiJson(body): ApiJson<VoucherCreate>,
) -> Result<(StatusCode, Json<VoucherDto>), AppError> {
    let org = org_of(&state, &auth, &org).await?;
    // Errors about a line name it (1-based, as in `lines`).
    let named = |e: AppError| {
        let message = super::voucher_error(&ctx.tr, &e, |n| n);
        e.with_message(message)
    };
    let voucher = body.input().validate().map_err(|e| named(e.into()))?;
    let year = voucher.period.year;
    let book = book_of(&state, &auth, &org, Some(year))
        .await?
        .ok_or_else(|| {
            FieldError::new("ledger.no_book", "date")
                .arg("year", year.to_string())
                .arg("value", voucher.date.to_string())
        })?;
    let v = vouchers::create_draft(&state.db, &auth.actor, &book.id, &voucher)
        .await
        .map_err(|e| named(e.into()))?;
    Ok((
        StatusCode::CREATED,
        Json(full(&state, &auth, &org.id, &v.id).await?),
    ))
}

/// One voucher with its lines.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/vouchers/{id}", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"),
           ("id" = String, Path, description = "Voucher id")),
    responses((status = 200, body = VoucherDto), (status = 404, body = ErrorBody)))]
pub async fn get_voucher(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path((org, id)): Path<(String, String)>,
) -> Result<Json<VoucherDto>, AppError> {
    Ok(Json(full(&state, &auth, &org, &id).await?))
}

/// Reviews a draft (审核): the reviewer must not be the preparer (409
/// `ledger.reviewer_is_preparer`).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/vouchers/{id}/review", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"),
           ("id" = String, Path, description = "Voucher id")),
    responses((status = 200, body = VoucherDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn review_voucher(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path((org, id)): Path<(String, String)>,
) -> Result<Json<VoucherDto>, AppError> {
    voucher_of(&state, &auth, &org, &id).await?;
    vouchers::review(&state.db, &auth.actor, &id).await?;
    Ok(Json(full(&state, &auth, &org, &id).await?))
}

/// Posts a reviewed voucher (记账): balanced, active leaf accounts, open period, checked openings.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/vouchers/{id}/post", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"),
           ("id" = String, Path, description = "Voucher id")),
    responses((status = 200, body = VoucherDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_voucher(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path((org, id)): Path<(String, String)>,
) -> Result<Json<VoucherDto>, AppError> {
    voucher_of(&state, &auth, &org, &id).await?;
    vouchers::post(&state.db, &auth.actor, &id).await?;
    Ok(Json(full(&state, &auth, &org, &id).await?))
}

/// Makes the red-ink reversal (红字冲销) of a posted voucher, as a draft linked to it.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/vouchers/{id}/reverse", tag = "ledger",
    params(("org" = String, Path, description = "Organisation id"),
           ("id" = String, Path, description = "Voucher id")),
    request_body(content = ReverseBody, description = "Optional; `{}` or no body takes today"),
    responses((status = 201, body = VoucherDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reverse_voucher(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path((org, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<VoucherDto>), AppError> {
    voucher_of(&state, &auth, &org, &id).await?;
    let body: ReverseBody = if body.iter().all(u8::is_ascii_whitespace) {
        ReverseBody::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| FieldError::new("common.bad_json", "body").arg("value", e.to_string()))?
    };
    let date = match body.date.as_deref().map(str::trim) {
        None | Some("") => crate::base::format::today(),
        Some(t) => domain::time::parse_date(t)
            .ok_or_else(|| FieldError::new("common.date_invalid", "date").arg("value", t))?,
    };
    let v = vouchers::reverse(&state.db, &auth.actor, &id, date, body.summary).await?;
    Ok((
        StatusCode::CREATED,
        Json(full(&state, &auth, &org, &v.id).await?),
    ))
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
            balanced: super::reports::balanced(&t),
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

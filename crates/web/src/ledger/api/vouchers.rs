//! Vouchers in the JSON API: list, entry, review, posting and reversal.

use super::{book_of, org_of, period_param, range_year};
use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::filter_choice;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::ledger::{LineInput, VoucherInput, VoucherState};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::ledger::vouchers::Filter;
use store::ledger::{BookRecord, LineRecord, VoucherRecord, books, vouchers};
use utoipa::{IntoParams, ToSchema};

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
    let (book, o) = crate::ledger::book_in_scope(state, auth, &v.book_id).await?;
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
    let state_filter = filter_choice(
        q.state.as_deref().unwrap_or(""),
        "state",
        VoucherState::parse,
    )?;
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
    json::Json(body): json::Json<VoucherCreate>,
) -> Result<(StatusCode, Json<VoucherDto>), AppError> {
    let org = org_of(&state, &auth, &org).await?;
    // Errors about a line name it (1-based, as in `lines`).
    let named = |e: AppError| {
        let message = crate::ledger::voucher_error(&ctx.tr, &e, |n| n);
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
        json::parse(&body)?
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

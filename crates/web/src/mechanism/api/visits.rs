//! Visits (走访) in the JSON API, created with the problems they raised in one request.

use super::problems::{ProblemCreate, ProblemDto};
use super::today;
use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::{date_param, given, paging, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::identity::Scope;
use domain::mechanism::VisitInput;
use domain::mechanism::problem::SourceKind;
use serde::{Deserialize, Serialize};
use store::mechanism::{VisitRecord, problems, visits};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct VisitDto {
    pub id: String,
    pub visitor_user_id: Option<String>,
    pub visitor_name: String,
    /// The town or village visited.
    pub region_code: String,
    /// The household visited, if any.
    pub household: Option<String>,
    pub date: String,
    pub purpose: String,
    pub findings: String,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<VisitRecord> for VisitDto {
    fn from(v: VisitRecord) -> Self {
        VisitDto {
            id: v.id,
            visitor_user_id: v.visitor_user_id,
            visitor_name: v.visitor_name,
            region_code: v.region_code,
            household: v.household,
            date: v.date,
            purpose: v.purpose,
            findings: v.findings,
            archived: v.archived,
            created_by: v.created_by,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VisitDetailDto {
    #[serde(flatten)]
    pub visit: VisitDto,
    /// The problems raised on the visit.
    pub problems: Vec<ProblemDto>,
}

#[derive(Serialize, ToSchema)]
pub struct VisitPage {
    pub items: Vec<VisitDto>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct VisitQuery {
    /// Visits of this region and below.
    pub region: Option<String>,
    /// The visitor's user id, or `me`.
    pub visitor: Option<String>,
    /// First day, YYYY-MM-DD (inclusive).
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (inclusive).
    pub to: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page, 1–500 (default 50).
    pub per_page: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct VisitCreate {
    pub visitor_user_id: Option<String>,
    /// May be empty when `visitor_user_id` names a user.
    pub visitor_name: String,
    pub region_code: String,
    pub household: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub purpose: String,
    pub findings: String,
    /// Each becomes a problem (source `visit`) in the same transaction.
    pub problems: Vec<ProblemCreate>,
}

/// Visits (包乡走村入户) in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/visits", tag = "mechanism", params(VisitQuery),
    responses((status = 200, body = VisitPage), (status = 400, body = ErrorBody)))]
pub async fn list_visits(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<VisitQuery>,
) -> Result<Json<VisitPage>, AppError> {
    let (page, per_page, window) = paging(q.page, q.per_page);
    let visitor = match given(&q.visitor) {
        Some("me") => Some(auth.user.id.clone()),
        other => other.map(str::to_string),
    };
    let filter = visits::Filter {
        region: region_param(&q.region, "region")?,
        visitor_user_id: visitor,
        from: date_param(&q.from, "from")?,
        to: date_param(&q.to, "to")?,
        include_archived: false,
    };
    let (rows, total) = visits::list(&state.db, &auth.actor.scope, &filter, window).await?;
    Ok(Json(VisitPage {
        items: rows.into_iter().map(VisitDto::from).collect(),
        page,
        per_page,
        total,
    }))
}

pub(crate) async fn visit_detail(
    state: &AppState,
    scope: &Scope,
    id: &str,
) -> Result<VisitDetailDto, AppError> {
    let d = visits::get(&state.db, scope, id, crate::base::format::today())
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(VisitDetailDto {
        visit: d.visit.into(),
        problems: d.problems.into_iter().map(ProblemDto::from).collect(),
    })
}

/// One visit with the problems raised on it.
#[utoipa::path(get, path = "/api/v1/visits/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Visit id")),
    responses((status = 200, body = VisitDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_visit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<VisitDetailDto>, AppError> {
    Ok(Json(visit_detail(&state, &auth.actor.scope, &id).await?))
}

/// Records a visit with the problems raised on it, all or nothing.
#[utoipa::path(post, path = "/api/v1/visits", tag = "mechanism",
    request_body = VisitCreate,
    responses((status = 201, body = VisitDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_visit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<VisitCreate>,
) -> Result<(StatusCode, Json<VisitDetailDto>), AppError> {
    let v = VisitInput {
        visitor_user_id: body.visitor_user_id.unwrap_or_default(),
        visitor_name: body.visitor_name,
        region_code: body.region_code,
        household: body.household,
        date: body.date,
        purpose: body.purpose,
        findings: body.findings,
        problems: body.problems.iter().map(ProblemCreate::input).collect(),
    }
    .validate()?;
    let record = visits::create(&state.db, &auth.actor, &v).await?;
    Ok((
        StatusCode::CREATED,
        Json(visit_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

/// A visit's changes; problems raised are added with `/problems`.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct VisitUpdate {
    pub visitor_user_id: Option<String>,
    pub visitor_name: String,
    pub region_code: String,
    pub household: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub purpose: String,
    pub findings: String,
}

async fn visit_in_scope(state: &AppState, auth: &Auth, id: &str) -> Result<String, AppError> {
    Ok(visits::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)?
        .visit
        .region_code)
}

/// Changes a visit.
#[utoipa::path(put, path = "/api/v1/visits/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Visit id")), request_body = VisitUpdate,
    responses((status = 200, body = VisitDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_visit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<VisitUpdate>,
) -> Result<Json<VisitDetailDto>, AppError> {
    visit_in_scope(&state, &auth, &id).await?;
    let v = VisitInput {
        visitor_user_id: body.visitor_user_id.unwrap_or_default(),
        visitor_name: body.visitor_name,
        region_code: body.region_code,
        household: body.household,
        date: body.date,
        purpose: body.purpose,
        findings: body.findings,
        problems: Vec::new(),
    }
    .validate()?;
    visits::update(&state.db, &auth.actor, &id, &v).await?;
    Ok(Json(visit_detail(&state, &auth.actor.scope, &id).await?))
}

async fn visit_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<VisitDetailDto>, AppError> {
    visits::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(visit_detail(state, &auth.actor.scope, id).await?))
}

/// Archives a visit entered by mistake.
#[utoipa::path(post, path = "/api/v1/visits/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Visit id")),
    responses((status = 200, body = VisitDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_visit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<VisitDetailDto>, AppError> {
    visit_archived(&state, &auth, &id, true).await
}

/// Restores an archived visit.
#[utoipa::path(post, path = "/api/v1/visits/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Visit id")),
    responses((status = 200, body = VisitDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_visit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<VisitDetailDto>, AppError> {
    visit_archived(&state, &auth, &id, false).await
}

/// Adds a problem to a visit after the fact (source `visit`); the region may be left out
/// (the visit's).
#[utoipa::path(post, path = "/api/v1/visits/{id}/problems", tag = "mechanism",
    params(("id" = String, Path, description = "Visit id")), request_body = ProblemCreate,
    responses((status = 201, body = VisitDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_visit_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<ProblemCreate>,
) -> Result<(StatusCode, Json<VisitDetailDto>), AppError> {
    let region = visit_in_scope(&state, &auth, &id).await?;
    let region = domain::region::RegionCode::parse(&region).map_err(|_| AppError::not_found())?;
    let p = body.input().validate(Some(&region))?;
    problems::create_from(&state.db, &auth.actor, SourceKind::Visit, &id, &p).await?;
    Ok((
        StatusCode::CREATED,
        Json(visit_detail(&state, &auth.actor.scope, &id).await?),
    ))
}

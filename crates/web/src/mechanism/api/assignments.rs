//! Assignments (驻村第一书记、工作队、包村干部) in the JSON API.

use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::{bad_param, date_param, given, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::mechanism::AssignmentInput;
use domain::mechanism::assignment::AssignmentKind;
use serde::{Deserialize, Serialize};
use store::mechanism::{AssignmentRecord, assignments};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct AssignmentDto {
    pub id: String,
    pub leader_user_id: Option<String>,
    pub leader_name: String,
    pub region_code: String,
    /// guide (定点指导) or liaison (包联).
    pub kind: String,
    pub starts_on: String,
    /// The last day (inclusive); null while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    /// Archived (entered by mistake): out of lists and the board.
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<AssignmentRecord> for AssignmentDto {
    fn from(a: AssignmentRecord) -> Self {
        AssignmentDto {
            id: a.id,
            leader_user_id: a.leader_user_id,
            leader_name: a.leader_name,
            region_code: a.region_code,
            kind: a.kind,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            note: a.note,
            archived: a.archived,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AssignmentQuery {
    /// Assignments of this region and below.
    pub region: Option<String>,
    /// guide or liaison.
    pub kind: Option<String>,
    /// Only those active on this day, YYYY-MM-DD.
    pub active_on: Option<String>,
    /// Only those of this leader (user id).
    pub leader: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AssignmentCreate {
    pub leader_user_id: Option<String>,
    /// May be empty when `leader_user_id` names a user.
    pub leader_name: String,
    /// A town or a village.
    pub region_code: String,
    /// guide or liaison.
    pub kind: String,
    pub starts_on: String,
    /// The last day, when known.
    pub ends_on: Option<String>,
    pub note: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AssignmentEnd {
    /// The assignment's last day, YYYY-MM-DD (not before its start).
    pub ends_on: String,
}

/// Assignments (定点指导 / 包联) in the caller's scope, by region and start.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "mechanism", params(AssignmentQuery),
    responses((status = 200, body = Vec<AssignmentDto>), (status = 400, body = ErrorBody)))]
pub async fn list_assignments(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<AssignmentQuery>,
) -> Result<Json<Vec<AssignmentDto>>, AppError> {
    let kind = given(&q.kind)
        .map(|k| AssignmentKind::parse(k).map_err(|_| bad_param("kind", k, "guide, liaison")))
        .transpose()?;
    let filter = assignments::Filter {
        region: region_param(&q.region, "region")?,
        kind,
        leader_user_id: given(&q.leader).map(str::to_string),
        active_on: date_param(&q.active_on, "active_on")?,
        include_archived: false,
    };
    let rows = assignments::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(AssignmentDto::from).collect()))
}

/// Assigns a leader to a town or village (district administrator, or a town officer in
/// the town).
#[utoipa::path(post, path = "/api/v1/assignments", tag = "mechanism",
    request_body = AssignmentCreate,
    responses((status = 201, body = AssignmentDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<AssignmentCreate>,
) -> Result<(StatusCode, Json<AssignmentDto>), AppError> {
    let a = AssignmentInput {
        leader_user_id: body.leader_user_id.unwrap_or_default(),
        leader_name: body.leader_name,
        region_code: body.region_code,
        kind: body.kind,
        starts_on: body.starts_on,
        ends_on: body.ends_on.unwrap_or_default(),
        note: body.note,
    }
    .validate()?;
    let record = assignments::create(&state.db, &auth.actor, &a).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Ends an open assignment on its last day; the history is kept.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/end", tag = "mechanism",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = AssignmentEnd,
    responses((status = 200, body = AssignmentDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<AssignmentEnd>,
) -> Result<Json<AssignmentDto>, AppError> {
    // Out of scope is not found, before the body is judged.
    assignments::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let t = body.ends_on.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "ends_on").into());
    }
    let ends_on = domain::time::parse_date(t)
        .ok_or_else(|| FieldError::new("common.date_invalid", "ends_on").arg("value", t))?;
    let record = assignments::end(&state.db, &auth.actor, &id, ends_on).await?;
    Ok(Json(record.into()))
}

async fn assignment_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<AssignmentDto>, AppError> {
    assignments::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let record = assignments::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(record.into()))
}

/// Archives an assignment entered by mistake: it leaves lists and the board (district
/// administrator, or a town officer in the town).
#[utoipa::path(post, path = "/api/v1/assignments/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Assignment id")),
    responses((status = 200, body = AssignmentDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<AssignmentDto>, AppError> {
    assignment_archived(&state, &auth, &id, true).await
}

/// Restores an archived assignment.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Assignment id")),
    responses((status = 200, body = AssignmentDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<AssignmentDto>, AppError> {
    assignment_archived(&state, &auth, &id, false).await
}

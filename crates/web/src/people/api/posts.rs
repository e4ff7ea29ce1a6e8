//! Posts and teams (职务) in the JSON API.

use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, date_param, given, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::people::PostInput;
use domain::people::post::PostKind;
use serde::{Deserialize, Serialize};
use store::people::{PostRecord, posts};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct PostDto {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub region_code: String,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary or work_team_member.
    pub post: String,
    /// 选派单位 of a first secretary or work-team member.
    pub dispatching_unit: String,
    pub starts_on: String,
    /// The last day in post (inclusive); null while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<PostRecord> for PostDto {
    fn from(p: PostRecord) -> Self {
        PostDto {
            id: p.id,
            person_id: p.person_id,
            person_name: p.person_name,
            region_code: p.region_code,
            post: p.post,
            dispatching_unit: p.dispatching_unit,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            note: p.note,
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct PostQuery {
    /// Posts of this region and below.
    pub region: Option<String>,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary or work_team_member.
    pub post: Option<String>,
    /// Posts of this person (id).
    pub person: Option<String>,
    /// true: only posts held today (China time).
    pub current: Option<String>,
    /// Only posts held on this day, YYYY-MM-DD (wins over `current`).
    pub active_on: Option<String>,
    /// true: archived posts too.
    pub include_archived: Option<String>,
}

/// A post held. The person is named by `person_id`, or by `id_number` (never shown back).
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PostCreate {
    pub person_id: String,
    pub id_number: String,
    pub region_code: String,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary, work_team_member (or the Chinese word).
    pub post: String,
    /// Required for first secretaries and work-team members.
    pub dispatching_unit: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub note: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PostEnd {
    /// The last day in post, YYYY-MM-DD (not before the start).
    pub ends_on: String,
}

/// Posts and tenure (村“两委”, 村务监督委员会, 第一书记, 驻村工作队) in the caller's scope, by
/// region and start; history kept.
#[utoipa::path(get, path = "/api/v1/posts", tag = "people", params(PostQuery),
    responses((status = 200, body = Vec<PostDto>), (status = 400, body = ErrorBody)))]
pub async fn list_posts(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<PostQuery>,
) -> Result<Json<Vec<PostDto>>, AppError> {
    let active_on = match date_param(&q.active_on, "active_on")? {
        Some(day) => Some(day),
        None if bool_param(&q.current, "current")? => Some(crate::base::format::today()),
        None => None,
    };
    let filter = posts::Filter {
        region: region_param(&q.region, "region")?,
        post: choice_param(
            &q.post,
            "post",
            PostKind::ALL,
            PostKind::parse,
            PostKind::as_str,
        )?,
        person_id: given(&q.person).map(str::to_string),
        active_on,
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let rows = posts::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(PostDto::from).collect()))
}

/// Records that a person holds a post in a region.
#[utoipa::path(post, path = "/api/v1/posts", tag = "people",
    request_body = PostCreate,
    responses((status = 201, body = PostDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_post(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<PostCreate>,
) -> Result<(StatusCode, Json<PostDto>), AppError> {
    let p = PostInput {
        person_id: body.person_id,
        id_number: body.id_number,
        region_code: body.region_code,
        post: body.post,
        dispatching_unit: body.dispatching_unit,
        starts_on: body.starts_on,
        ends_on: body.ends_on.unwrap_or_default(),
        note: body.note,
    }
    .validate()?;
    let record = posts::create(&state.db, &auth.actor, &p).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Ends a post on its last day; the history is kept. A post already ended is 409
/// `people.post_ended`.
#[utoipa::path(post, path = "/api/v1/posts/{id}/end", tag = "people",
    params(("id" = String, Path, description = "Post id")),
    request_body = PostEnd,
    responses((status = 200, body = PostDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_post(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<PostEnd>,
) -> Result<Json<PostDto>, AppError> {
    posts::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let t = body.ends_on.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "ends_on").into());
    }
    let ends_on = domain::time::parse_date(t)
        .ok_or_else(|| FieldError::new("common.date_invalid", "ends_on").arg("value", t))?;
    let record = posts::end(&state.db, &auth.actor, &id, ends_on).await?;
    Ok(Json(record.into()))
}

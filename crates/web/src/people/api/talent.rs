//! The talent pool (人才库) in the JSON API.

use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, int_param, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::people::person::{Education, PoliticalStatus};
use domain::people::talent::{TalentCategory, TalentInput, TalentPool, TalentStatus};
use serde::{Deserialize, Serialize};
use store::people::{TalentRecord, talent};
use utoipa::{IntoParams, ToSchema};

/// Archives a talent-pool entry (it leaves the pool; nothing is deleted).
#[utoipa::path(post, path = "/api/v1/talent/{id}/archive", tag = "people",
    params(("id" = String, Path, description = "Talent entry id")),
    responses((status = 200, body = TalentDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_talent(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<TalentDto>, AppError> {
    let record = talent::set_archived(&state.db, &auth.actor, &id, true).await?;
    Ok(Json(record.into()))
}

#[derive(Serialize, ToSchema)]
pub struct TalentDto {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    pub sex: String,
    pub birth_date: String,
    pub education: Option<String>,
    pub political_status: String,
    /// reserve_cadre (后备干部) or local_talent (乡土人才).
    pub pool: String,
    /// production_expert, business_leader, craftsman, returning_graduate,
    /// returning_entrepreneur or other.
    pub category: String,
    pub skills: String,
    /// Comma-separated.
    pub tags: String,
    /// reserve (储备), training (培养) or used (已使用).
    pub status: String,
    /// The post a used entry was promoted to.
    pub post_id: Option<String>,
    pub note: String,
    /// 入库日期 `YYYY-MM-DD`: the day the person entered the pool.
    pub entered_on: String,
    /// 出库日期 `YYYY-MM-DD`: the first day out of the pool; absent: still in it.
    pub left_on: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<TalentRecord> for TalentDto {
    fn from(t: TalentRecord) -> Self {
        TalentDto {
            id: t.id,
            person_id: t.person_id,
            person_name: t.person_name,
            region_code: t.region_code,
            sex: t.sex,
            birth_date: t.birth_date,
            education: t.education,
            political_status: t.political_status,
            pool: t.pool,
            category: t.category,
            skills: t.skills,
            tags: t.tags,
            status: t.status,
            post_id: t.post_id,
            note: t.note,
            entered_on: t.entered_on,
            left_on: t.left_on,
            archived: t.archived,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct TalentQuery {
    /// People of this region and below.
    pub region: Option<String>,
    /// reserve_cadre or local_talent.
    pub pool: Option<String>,
    /// production_expert, business_leader, craftsman, returning_graduate,
    /// returning_entrepreneur or other.
    pub category: Option<String>,
    /// reserve, training or used.
    pub status: Option<String>,
    /// Age at least (whole years, today).
    pub min_age: Option<String>,
    /// Age at most (whole years, today).
    pub max_age: Option<String>,
    /// This education level or higher.
    pub education: Option<String>,
    pub political_status: Option<String>,
    /// Part of the name, the skills or the tags.
    pub q: Option<String>,
    /// true: archived entries too.
    pub include_archived: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TalentCreate {
    pub person_id: String,
    /// reserve_cadre or local_talent (or the Chinese word).
    pub pool: String,
    /// Empty: other.
    pub category: String,
    pub skills: String,
    /// Separated by commas or 、.
    pub tags: String,
    /// Empty: reserve.
    pub status: String,
    /// Required when the status is used.
    pub post_id: Option<String>,
    pub note: String,
    /// 入库日期 `YYYY-MM-DD`; absent: today.
    pub entered_on: Option<String>,
    /// 出库日期 `YYYY-MM-DD`, not before `entered_on`; absent: still in the pool.
    pub left_on: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TalentStatusBody {
    /// reserve, training or used; forward only (储备 → 培养 → 已使用).
    pub status: String,
    /// The post the person was promoted to (required for used); absent keeps the linked one.
    pub post_id: Option<String>,
}

/// Searches the talent pool of the caller's scope, by region and name.
#[utoipa::path(get, path = "/api/v1/talent", tag = "people", params(TalentQuery),
    responses((status = 200, body = Vec<TalentDto>), (status = 400, body = ErrorBody)))]
pub async fn search_talent(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<TalentQuery>,
) -> Result<Json<Vec<TalentDto>>, AppError> {
    let filter = talent::Filter {
        region: region_param(&q.region, "region")?,
        pool: choice_param(
            &q.pool,
            "pool",
            TalentPool::ALL,
            TalentPool::parse,
            TalentPool::as_str,
        )?,
        category: choice_param(
            &q.category,
            "category",
            TalentCategory::ALL,
            TalentCategory::parse,
            TalentCategory::as_str,
        )?,
        status: choice_param(
            &q.status,
            "status",
            TalentStatus::ALL,
            TalentStatus::parse,
            TalentStatus::as_str,
        )?,
        min_age: int_param(&q.min_age, "min_age", 0..=150)?,
        max_age: int_param(&q.max_age, "max_age", 0..=150)?,
        on: Some(crate::base::format::today()),
        education_at_least: choice_param(
            &q.education,
            "education",
            Education::ALL,
            Education::parse_loose,
            Education::as_str,
        )?,
        political_status: choice_param(
            &q.political_status,
            "political_status",
            PoliticalStatus::ALL,
            PoliticalStatus::parse_loose,
            PoliticalStatus::as_str,
        )?,
        text: q.q.clone().unwrap_or_default(),
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let rows = talent::search(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(TalentDto::from).collect()))
}

/// Adds a person to a pool (one open entry per person and pool: 409 `people.talent_exists`).
#[utoipa::path(post, path = "/api/v1/talent", tag = "people",
    request_body = TalentCreate,
    responses((status = 201, body = TalentDto), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_talent(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<TalentCreate>,
) -> Result<(StatusCode, Json<TalentDto>), AppError> {
    let t = TalentInput {
        person_id: body.person_id,
        pool: body.pool,
        category: body.category,
        skills: body.skills,
        tags: body.tags,
        status: body.status,
        post_id: body.post_id.unwrap_or_default(),
        note: body.note,
        entered_on: body.entered_on.unwrap_or_default(),
        left_on: body.left_on.unwrap_or_default(),
    }
    .validate()?;
    let record = talent::create(&state.db, &auth.actor, &t).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Moves an entry's status forward (储备 → 培养 → 已使用); a used entry links the person's
/// post. Backwards is 422 `people.talent_status_invalid`.
#[utoipa::path(post, path = "/api/v1/talent/{id}/status", tag = "people",
    params(("id" = String, Path, description = "Talent entry id")),
    request_body = TalentStatusBody,
    responses((status = 200, body = TalentDto), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn set_talent_status(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<TalentStatusBody>,
) -> Result<Json<TalentDto>, AppError> {
    let old = talent::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let t = TalentInput {
        person_id: old.person_id,
        pool: old.pool,
        category: old.category,
        skills: old.skills,
        tags: old.tags,
        status: body.status,
        post_id: body.post_id.or(old.post_id).unwrap_or_default(),
        note: old.note,
        entered_on: old.entered_on,
        left_on: old.left_on.unwrap_or_default(),
    }
    .validate()?;
    let record = talent::update(&state.db, &auth.actor, &id, &t).await?;
    Ok(Json(record.into()))
}

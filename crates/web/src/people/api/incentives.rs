//! Incentives (激励) in the JSON API.

use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, given, int_param, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::people::IncentiveInput;
use domain::people::incentive::IncentiveKind;
use serde::{Deserialize, Serialize};
use store::people::{IncentiveRecord, incentives};
use utoipa::{IntoParams, ToSchema};

/// Archives an incentive entered by mistake.
#[utoipa::path(post, path = "/api/v1/incentives/{id}/archive", tag = "people",
    params(("id" = String, Path, description = "Incentive id")),
    responses((status = 200, body = IncentiveDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_incentive(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<IncentiveDto>, AppError> {
    let record = incentives::set_archived(&state.db, &auth.actor, &id, true).await?;
    Ok(Json(record.into()))
}

#[derive(Serialize, ToSchema)]
pub struct IncentiveDto {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    /// award (表彰奖励), promotion (提拔晋升), pay_rise (报酬提高) or other.
    pub kind: String,
    pub date: String,
    pub title: String,
    pub issuer: String,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<IncentiveRecord> for IncentiveDto {
    fn from(i: IncentiveRecord) -> Self {
        IncentiveDto {
            id: i.id,
            person_id: i.person_id,
            person_name: i.person_name,
            region_code: i.region_code,
            kind: i.kind,
            date: i.date,
            title: i.title,
            issuer: i.issuer,
            note: i.note,
            archived: i.archived,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct IncentiveQuery {
    /// People of this region and below.
    pub region: Option<String>,
    /// The person's id.
    pub person: Option<String>,
    /// award, promotion, pay_rise or other.
    pub kind: Option<String>,
    pub year: Option<String>,
    /// true: archived records too.
    pub include_archived: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct IncentiveCreate {
    pub person_id: String,
    /// award, promotion, pay_rise or other (or the Chinese words).
    pub kind: String,
    pub date: String,
    pub title: String,
    pub issuer: String,
    pub note: String,
}

/// Incentives and promotions (正向激励) of the people in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/incentives", tag = "people", params(IncentiveQuery),
    responses((status = 200, body = Vec<IncentiveDto>), (status = 400, body = ErrorBody)))]
pub async fn list_incentives(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<IncentiveQuery>,
) -> Result<Json<Vec<IncentiveDto>>, AppError> {
    let filter = incentives::Filter {
        region: region_param(&q.region, "region")?,
        person_id: given(&q.person).map(str::to_string),
        kind: choice_param(
            &q.kind,
            "kind",
            IncentiveKind::ALL,
            IncentiveKind::parse,
            IncentiveKind::as_str,
        )?,
        year: int_param(&q.year, "year", 1900..=2999)?,
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let rows = incentives::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(IncentiveDto::from).collect()))
}

/// Records an award or a promotion of a person in scope.
#[utoipa::path(post, path = "/api/v1/incentives", tag = "people",
    request_body = IncentiveCreate,
    responses((status = 201, body = IncentiveDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_incentive(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<IncentiveCreate>,
) -> Result<(StatusCode, Json<IncentiveDto>), AppError> {
    let i = IncentiveInput {
        person_id: body.person_id,
        kind: body.kind,
        date: body.date,
        title: body.title,
        issuer: body.issuer,
        note: body.note,
    }
    .validate()?;
    let record = incentives::create(&state.db, &auth.actor, &i).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

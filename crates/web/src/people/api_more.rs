//! The people API's remaining writes: restoring an archived person, closing and reopening a
//! campaign, adding a position, and archiving talent entries, trainings and incentives. The
//! store checks scope (out of scope is 404) and role (403) and audits every change.

use super::PersonDto;
use super::talent::{CampaignDetailDto, PositionCreate, PositionDto, TalentDto, campaign_detail};
use super::trainings::{IncentiveDto, TrainingDto};
use crate::api::ApiJson;
use crate::error::{AppError, ErrorBody};
use crate::identity::session::SignedIn;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::people::{CampaignStatus, PositionInput};
use store::people::{incentives, persons, recruitment, talent, trainings};

/// Restores an archived person to the lists.
#[utoipa::path(post, path = "/api/v1/people/{id}/restore", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PersonDto>, AppError> {
    let record = persons::set_archived(&state.db, &auth.actor, &id, false).await?;
    Ok(Json(record.into()))
}

async fn campaign_status(
    state: &AppState,
    auth: &crate::identity::session::Auth,
    id: &str,
    status: CampaignStatus,
) -> Result<Json<CampaignDetailDto>, AppError> {
    recruitment::set_status(&state.db, &auth.actor, id, status).await?;
    Ok(Json(campaign_detail(state, &auth.actor.scope, id).await?))
}

/// Closes a campaign: it takes no more applicants, scores or results (district
/// administrator or town officer).
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/close", tag = "people",
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn close_campaign(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<CampaignDetailDto>, AppError> {
    campaign_status(&state, &auth, &id, CampaignStatus::Closed).await
}

/// Reopens a closed campaign.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/reopen", tag = "people",
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn reopen_campaign(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<CampaignDetailDto>, AppError> {
    campaign_status(&state, &auth, &id, CampaignStatus::Open).await
}

/// Adds a position to an open campaign (a closed one is 409 `people.campaign_closed`); it
/// serves in the campaign's region or below (`people.position_region`).
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/positions", tag = "people",
    params(("id" = String, Path, description = "Campaign id")),
    request_body = PositionCreate,
    responses((status = 201, body = PositionDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn add_position(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PositionCreate>,
) -> Result<(StatusCode, Json<PositionDto>), AppError> {
    recruitment::get_campaign(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let p = PositionInput {
        title: body.title,
        quota: body.quota.map(|q| q.to_string()).unwrap_or_default(),
        region_code: body.region_code,
    }
    .validate()?;
    let record = recruitment::add_position(&state.db, &auth.actor, &id, &p).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

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

/// Archives a training; an archived training counts for no coverage.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/archive", tag = "people",
    params(("id" = String, Path, description = "Training id")),
    responses((status = 200, body = TrainingDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_training(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<TrainingDto>, AppError> {
    let record = trainings::set_archived(&state.db, &auth.actor, &id, true).await?;
    Ok(Json(record.into()))
}

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

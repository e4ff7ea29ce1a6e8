//! Trainings (培训), their attendance and coverage in the JSON API.

use super::row_error;
use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, int_param, number_text, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Datelike;
use domain::people::training::{AttendanceInput, TargetGroup, TrainingInput};
use serde::{Deserialize, Serialize};
use store::people::{AttendanceRecord, TrainingRecord, trainings};
use utoipa::{IntoParams, ToSchema};

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

#[derive(Serialize, ToSchema)]
pub struct TrainingDto {
    pub id: String,
    /// The organising region (the district, a town); its whole subtree sees the training.
    pub region_code: String,
    pub topic: String,
    pub organiser: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Exact decimal as text, e.g. "24" or "7.5".
    pub hours: String,
    /// party_secretaries, first_secretaries, committee_members, all_village_cadres or
    /// custom.
    pub target_group: String,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<TrainingRecord> for TrainingDto {
    fn from(t: TrainingRecord) -> Self {
        TrainingDto {
            id: t.id,
            region_code: t.region_code,
            topic: t.topic,
            organiser: t.organiser,
            starts_on: t.starts_on,
            ends_on: t.ends_on,
            hours: t.hours,
            target_group: t.target_group,
            note: t.note,
            archived: t.archived,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceDto {
    pub person_id: String,
    pub person_name: String,
    pub region_code: String,
    pub attended: bool,
    /// Hours of this person when they differ from the training's.
    pub hours: Option<String>,
    pub updated_at: String,
}

impl From<AttendanceRecord> for AttendanceDto {
    fn from(a: AttendanceRecord) -> Self {
        AttendanceDto {
            person_id: a.person_id,
            person_name: a.person_name,
            region_code: a.region_code,
            attended: a.attended,
            hours: a.hours,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TrainingDetailDto {
    #[serde(flatten)]
    pub training: TrainingDto,
    /// The attendance of the people in the caller's scope, by region and name.
    pub attendance: Vec<AttendanceDto>,
}

#[derive(Deserialize, IntoParams)]
pub struct TrainingQuery {
    /// Trainings that start in this year.
    pub year: Option<String>,
    /// party_secretaries, first_secretaries, committee_members, all_village_cadres or
    /// custom.
    pub target_group: Option<String>,
    /// true: archived trainings too.
    pub include_archived: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TrainingCreate {
    /// The organising region (the district or a town).
    pub region_code: String,
    pub topic: String,
    pub organiser: String,
    pub starts_on: String,
    /// Empty: the start day.
    pub ends_on: String,
    /// A number or a decimal string (2 decimals).
    #[schema(value_type = String)]
    pub hours: Option<serde_json::Value>,
    /// party_secretaries, first_secretaries, committee_members, all_village_cadres or
    /// custom (or the Chinese words).
    pub target_group: String,
    pub note: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AttendanceRow {
    /// The person by id …
    pub person_id: String,
    /// … or by resident ID number (never shown back).
    pub id_number: String,
    /// Absent: attended.
    pub attended: Option<bool>,
    /// Absent: the training's hours.
    #[schema(value_type = Option<String>)]
    pub hours: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AttendanceBody {
    /// Rows to record (each person once); all or nothing: a bad row is named by its number
    /// (1-based) and nothing is written.
    pub rows: Vec<AttendanceRow>,
}

#[derive(Serialize, ToSchema)]
pub struct UntrainedDto {
    /// The person's id.
    pub person: String,
    pub name: String,
    /// The region of the post that makes them a member.
    pub region: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoverageDto {
    /// party_secretaries, first_secretaries, committee_members or all_village_cadres.
    pub group: String,
    /// Members of the group on the reference day (31 December, or today for this year).
    pub total: usize,
    /// Members who attended a training for the group that started in the year.
    pub trained: usize,
    /// trained / total, a number from 0 to 1 (0 for an empty group).
    pub share: f64,
    /// The members not trained, by region and name.
    pub untrained: Vec<UntrainedDto>,
}

#[derive(Deserialize, IntoParams)]
pub struct CoverageQuery {
    /// YYYY; default this year.
    pub year: Option<String>,
    /// Only members of this region and below.
    pub region: Option<String>,
}

async fn training_detail(
    state: &AppState,
    scope: &domain::identity::Scope,
    id: &str,
) -> Result<TrainingDetailDto, AppError> {
    let t = trainings::get(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let attendance = trainings::attendance(&state.db, scope, id).await?;
    Ok(TrainingDetailDto {
        training: t.into(),
        attendance: attendance.into_iter().map(AttendanceDto::from).collect(),
    })
}

/// Trainings visible in the caller's scope (its own and its ancestors'), newest first.
#[utoipa::path(get, path = "/api/v1/trainings", tag = "people", params(TrainingQuery),
    responses((status = 200, body = Vec<TrainingDto>), (status = 400, body = ErrorBody)))]
pub async fn list_trainings(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<TrainingQuery>,
) -> Result<Json<Vec<TrainingDto>>, AppError> {
    let filter = trainings::Filter {
        year: int_param(&q.year, "year", 1900..=2999)?,
        target_group: choice_param(
            &q.target_group,
            "target_group",
            TargetGroup::ALL,
            TargetGroup::parse,
            TargetGroup::as_str,
        )?,
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let rows = trainings::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(TrainingDto::from).collect()))
}

/// One training with the attendance of the people in the caller's scope.
#[utoipa::path(get, path = "/api/v1/trainings/{id}", tag = "people",
    params(("id" = String, Path, description = "Training id")),
    responses((status = 200, body = TrainingDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_training(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<TrainingDetailDto>, AppError> {
    Ok(Json(training_detail(&state, &auth.actor.scope, &id).await?))
}

/// Records a training (district administrator or town officer).
#[utoipa::path(post, path = "/api/v1/trainings", tag = "people",
    request_body = TrainingCreate,
    responses((status = 201, body = TrainingDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_training(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<TrainingCreate>,
) -> Result<(StatusCode, Json<TrainingDetailDto>), AppError> {
    let t = TrainingInput {
        region_code: body.region_code,
        topic: body.topic,
        organiser: body.organiser,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        hours: number_text(&body.hours),
        target_group: body.target_group,
        note: body.note,
    }
    .validate()?;
    let record = trainings::create(&state.db, &auth.actor, &t).await?;
    Ok((
        StatusCode::CREATED,
        Json(training_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

/// Records attendance (who attended, and hours when they differ), all or nothing; a person
/// already recorded is overwritten. A bad row is 422 with its row number in the message.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/attendance", tag = "people",
    params(("id" = String, Path, description = "Training id")),
    request_body = AttendanceBody,
    responses((status = 200, body = TrainingDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_attendance(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<AttendanceBody>,
) -> Result<Json<TrainingDetailDto>, AppError> {
    let scope = &auth.actor.scope;
    trainings::get(&state.db, scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let rows: Vec<(usize, AttendanceInput)> = body
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let attended = match r.attended {
                None => String::new(),
                Some(true) => "true".to_string(),
                Some(false) => "false".to_string(),
            };
            (
                i + 1,
                AttendanceInput {
                    person_id: r.person_id,
                    id_number: r.id_number,
                    attended,
                    hours: number_text(&r.hours),
                },
            )
        })
        .collect();
    trainings::import_attendance(&state.db, &auth.actor, &id, &rows)
        .await
        .map_err(|e| row_error(&ctx.tr, e))?;
    Ok(Json(training_detail(&state, scope, &id).await?))
}

/// Training coverage in a year: per target group the members (holders of the group's posts
/// on 31 December, or today for this year), how many attended a training for the group
/// that started in the year, the share (0–1) and the names of those not yet trained.
#[utoipa::path(get, path = "/api/v1/trainings/coverage", tag = "people", params(CoverageQuery),
    responses((status = 200, body = Vec<CoverageDto>), (status = 400, body = ErrorBody)))]
pub async fn coverage(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<CoverageQuery>,
) -> Result<Json<Vec<CoverageDto>>, AppError> {
    let today = crate::base::format::today();
    let year = int_param(&q.year, "year", 1900..=2999)?.unwrap_or(today.year());
    let region = region_param(&q.region, "region")?;
    let groups =
        trainings::coverage_in(&state.db, &auth.actor.scope, region.as_ref(), year, today).await?;
    Ok(Json(
        groups
            .into_iter()
            .map(|g| CoverageDto {
                group: g.group.as_str().to_string(),
                total: g.total,
                trained: g.trained,
                share: g.share,
                untrained: g
                    .untrained
                    .into_iter()
                    .map(|(person, name, region)| UntrainedDto {
                        person,
                        name,
                        region,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

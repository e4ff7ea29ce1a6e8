//! Recruitment campaigns (招录), their positions and applicants in the JSON API.

use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, int_param, number_text};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::people::recruitment as rules;
use domain::people::recruitment::{ApplicantResult, CampaignKind};
use domain::people::{ApplicantInput, CampaignInput, CampaignStatus, PositionInput};
use serde::{Deserialize, Serialize};
use store::people::{ApplicantRecord, CampaignRecord, PositionRecord, recruitment};
use utoipa::{IntoParams, ToSchema};

async fn campaign_status(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
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
    json::Json(body): json::Json<PositionCreate>,
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

#[derive(Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: String,
    pub region_code: String,
    pub title: String,
    /// reserve_cadre_exam (公开招考村级后备干部) or public_institution (事业单位招聘).
    pub kind: String,
    pub year: i32,
    /// open or closed.
    pub status: String,
    pub note: String,
    /// The positions' quotas added up.
    pub quota: i64,
    /// Applicants hired so far.
    pub hired: i64,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl CampaignDto {
    fn new(c: CampaignRecord, positions: &[PositionRecord]) -> CampaignDto {
        CampaignDto {
            quota: positions.iter().map(|p| p.quota).sum(),
            hired: positions.iter().map(|p| p.hired).sum(),
            id: c.id,
            region_code: c.region_code,
            title: c.title,
            kind: c.kind,
            year: c.year,
            status: c.status,
            note: c.note,
            archived: c.archived,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PositionDto {
    pub id: String,
    /// Where the hire will serve.
    pub region_code: String,
    pub title: String,
    pub quota: i64,
    pub hired: i64,
}

impl From<PositionRecord> for PositionDto {
    fn from(p: PositionRecord) -> Self {
        PositionDto {
            id: p.id,
            region_code: p.region_code,
            title: p.title,
            quota: p.quota,
            hired: p.hired,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApplicantDto {
    pub id: String,
    pub position_id: String,
    pub campaign_id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    /// Exact decimals as text, e.g. "78.5"; null while unknown.
    pub written_score: Option<String>,
    pub interview_score: Option<String>,
    /// Written plus interview, once both are known.
    pub total_score: Option<String>,
    /// pending, hired or not_hired.
    pub result: String,
    /// The reserve-cadre entry a hire of a reserve-cadre exam joined.
    pub talent_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ApplicantRecord> for ApplicantDto {
    fn from(a: ApplicantRecord) -> Self {
        ApplicantDto {
            id: a.id,
            position_id: a.position_id,
            campaign_id: a.campaign_id,
            person_id: a.person_id,
            person_name: a.person_name,
            region_code: a.region_code,
            written_score: a.written_score,
            interview_score: a.interview_score,
            total_score: a.total_score,
            result: a.result,
            talent_id: a.talent_id,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CampaignDetailDto {
    #[serde(flatten)]
    pub campaign: CampaignDto,
    pub positions: Vec<PositionDto>,
    /// By position and application.
    pub applicants: Vec<ApplicantDto>,
}

#[derive(Deserialize, IntoParams)]
pub struct CampaignQuery {
    pub year: Option<String>,
    /// reserve_cadre_exam or public_institution.
    pub kind: Option<String>,
    /// true: archived campaigns too.
    pub include_archived: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PositionCreate {
    pub title: String,
    pub quota: Option<i64>,
    /// Where the hire will serve (the campaign's region or below).
    pub region_code: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CampaignCreate {
    pub region_code: String,
    pub title: String,
    /// reserve_cadre_exam or public_institution (or the Chinese words).
    pub kind: String,
    pub year: Option<i32>,
    pub note: String,
    pub positions: Vec<PositionCreate>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ApplicantCreate {
    pub person_id: String,
    /// A position of this campaign.
    pub position_id: String,
    /// A number or a decimal string (0–1000, 2 decimals); absent while unknown.
    #[schema(value_type = Option<String>)]
    pub written_score: Option<serde_json::Value>,
    #[schema(value_type = Option<String>)]
    pub interview_score: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ScoresBody {
    /// A number or a decimal string (0–1000, 2 decimals); absent or null: unknown.
    #[schema(value_type = Option<String>)]
    pub written_score: Option<serde_json::Value>,
    #[schema(value_type = Option<String>)]
    pub interview_score: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DecisionBody {
    /// hired, not_hired or pending (or 录用 / 未录用 / 待定).
    pub result: String,
}

pub(crate) async fn campaign_detail(
    state: &AppState,
    scope: &domain::identity::Scope,
    id: &str,
) -> Result<CampaignDetailDto, AppError> {
    let c = recruitment::get_campaign(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let positions = recruitment::positions(&state.db, scope, id).await?;
    let applicants = recruitment::applicants(&state.db, scope, id).await?;
    Ok(CampaignDetailDto {
        campaign: CampaignDto::new(c, &positions),
        positions: positions.into_iter().map(PositionDto::from).collect(),
        applicants: applicants.into_iter().map(ApplicantDto::from).collect(),
    })
}

/// Recruitment campaigns of the caller's scope, newest year first, with their quotas and
/// hires.
#[utoipa::path(get, path = "/api/v1/recruitments", tag = "people", params(CampaignQuery),
    responses((status = 200, body = Vec<CampaignDto>), (status = 400, body = ErrorBody)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<CampaignQuery>,
) -> Result<Json<Vec<CampaignDto>>, AppError> {
    let year = int_param(&q.year, "year", 1900..=2999)?;
    let kind = choice_param(
        &q.kind,
        "kind",
        CampaignKind::ALL,
        CampaignKind::parse,
        CampaignKind::as_str,
    )?;
    let scope = &auth.actor.scope;
    let rows = recruitment::list_campaigns(
        &state.db,
        scope,
        bool_param(&q.include_archived, "include_archived")?,
    )
    .await?;
    let mut out = Vec::new();
    for c in rows {
        if year.is_some_and(|y| y != c.year) || kind.is_some_and(|k| k.as_str() != c.kind) {
            continue;
        }
        let positions = recruitment::positions(&state.db, scope, &c.id).await?;
        out.push(CampaignDto::new(c, &positions));
    }
    Ok(Json(out))
}

/// One campaign with its positions and applicants (scores and results).
#[utoipa::path(get, path = "/api/v1/recruitments/{id}", tag = "people",
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<CampaignDetailDto>, AppError> {
    Ok(Json(campaign_detail(&state, &auth.actor.scope, &id).await?))
}

/// Opens a campaign with its positions (district administrator or town officer).
#[utoipa::path(post, path = "/api/v1/recruitments", tag = "people",
    request_body = CampaignCreate,
    responses((status = 201, body = CampaignDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<CampaignCreate>,
) -> Result<(StatusCode, Json<CampaignDetailDto>), AppError> {
    let c = CampaignInput {
        region_code: body.region_code,
        title: body.title,
        kind: body.kind,
        year: body.year.map(|y| y.to_string()).unwrap_or_default(),
        note: body.note,
    }
    .validate()?;
    let mut positions = Vec::new();
    for (i, p) in body.positions.into_iter().enumerate() {
        let input = PositionInput {
            title: p.title,
            quota: p.quota.map(|q| q.to_string()).unwrap_or_default(),
            region_code: p.region_code,
        };
        positions.push(
            input
                .validate()
                .map_err(|e| e.arg("line", (i + 1).to_string()))?,
        );
    }
    let record = recruitment::create_campaign(&state.db, &auth.actor, &c, &positions).await?;
    Ok((
        StatusCode::CREATED,
        Json(campaign_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

/// Registers an applicant (a person in scope) for a position of an open campaign, with the
/// scores when known.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/applicants", tag = "people",
    params(("id" = String, Path, description = "Campaign id")),
    request_body = ApplicantCreate,
    responses((status = 201, body = ApplicantDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_applicant(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<ApplicantCreate>,
) -> Result<(StatusCode, Json<ApplicantDto>), AppError> {
    let scope = &auth.actor.scope;
    recruitment::get_campaign(&state.db, scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let a = ApplicantInput {
        person_id: body.person_id,
        position_id: body.position_id,
        written_score: number_text(&body.written_score),
        interview_score: number_text(&body.interview_score),
    }
    .validate()?;
    let position = a.position_id.to_string();
    let positions = recruitment::positions(&state.db, scope, &id).await?;
    if !positions.iter().any(|p| p.id == position) {
        return Err(FieldError::new("people.position_unknown", "position_id")
            .arg("value", position)
            .into());
    }
    let record = recruitment::add_applicant(&state.db, &auth.actor, &a).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Enters an applicant's scores; the total is computed exactly.
#[utoipa::path(post, path = "/api/v1/applicants/{id}/scores", tag = "people",
    params(("id" = String, Path, description = "Applicant id")),
    request_body = ScoresBody,
    responses((status = 200, body = ApplicantDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_scores(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<ScoresBody>,
) -> Result<Json<ApplicantDto>, AppError> {
    let (written, interview) = rules::scores(
        &number_text(&body.written_score),
        &number_text(&body.interview_score),
    )?;
    let record = recruitment::set_scores(&state.db, &auth.actor, &id, written, interview).await?;
    Ok(Json(record.into()))
}

/// Decides an applicant's result. Hiring beyond the position's quota is 409
/// `people.quota_full`; a hire is final. A hire of a reserve-cadre exam joins the reserve
/// pool (后备干部) in the same step.
#[utoipa::path(post, path = "/api/v1/applicants/{id}/decision", tag = "people",
    params(("id" = String, Path, description = "Applicant id")),
    request_body = DecisionBody,
    responses((status = 200, body = ApplicantDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_applicant(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<DecisionBody>,
) -> Result<Json<ApplicantDto>, AppError> {
    let result = ApplicantResult::parse(&body.result)?;
    let record = recruitment::decide(&state.db, &auth.actor, &id, result).await?;
    Ok(Json(record.into()))
}

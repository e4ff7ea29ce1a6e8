//! The API's changes to records already entered: rules and meeting types, plans and their
//! targets, meetings (with attachments and later decisions), visits, problems and
//! assignments. Every write goes through the store, which checks scope and role and audits
//! it; a record outside the caller's scope is "not found", judged before the body.

use super::records::{
    AttachmentDto, AttendeeDto, MeetingDetailDto, ProblemCreate, ProblemDetailDto, VisitDetailDto,
    meeting_detail, problem_detail, visit_detail,
};
use super::{AssignmentDto, MemberDto, PlanDetailDto, RuleDto, TargetCreate};
use super::{MeetingTypeDto, plan_detail};
use crate::api::ApiJson;
use crate::base::params::num_text;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Locale;
use crate::identity::session::{Auth, SignedIn};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::FieldError;
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::plan::{MemberInput, PlanInput, TargetInput};
use domain::mechanism::problem::SourceKind;
use domain::mechanism::{Every, MeetingInput, RuleKind, VisitInput};
use serde::{Deserialize, Serialize};
use store::mechanism::meetings::Upload;
use store::mechanism::{MeetingTypeRecord, assignments, meetings, plans, problems, rules, visits};
use utoipa::ToSchema;

/// A meeting's attachments are photos and scans: several of 10 MiB fit in one request.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

fn today() -> chrono::NaiveDate {
    crate::base::format::today()
}

// ------------------------------------------------------------------ rules

/// A rule as written: `kind` picks which of the other fields count.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RuleWrite {
    pub name: String,
    /// per_assignment, per_village or problems_on_time.
    pub kind: String,
    /// For per_assignment: guide or liaison.
    pub assignment_kind: String,
    /// For meeting rules: a meeting type code.
    pub meeting_type: String,
    /// For meeting rules: meetings required per period (1–1000).
    pub at_least: Option<u32>,
    /// month, quarter or year.
    pub every: String,
}

impl RuleWrite {
    fn rule_kind(&self) -> Result<RuleKind, FieldError> {
        let every = Every::parse(&self.every)?;
        let at_least = || match self.at_least {
            Some(n) if (1..=1000).contains(&n) => Ok(n),
            n => Err(FieldError::new("mechanism.number_invalid", "at_least")
                .arg("value", num_text(n))
                .arg("min", "1")
                .arg("max", "1000")),
        };
        match self.kind.trim() {
            "per_assignment" => Ok(RuleKind::PerAssignment {
                assignment_kind: AssignmentKind::parse(&self.assignment_kind)?,
                meeting_type: self.meeting_type.trim().to_string(),
                at_least: at_least()?,
                every,
            }),
            "per_village" => Ok(RuleKind::PerVillage {
                meeting_type: self.meeting_type.trim().to_string(),
                at_least: at_least()?,
                every,
            }),
            "problems_on_time" => Ok(RuleKind::ProblemsOnTime { every }),
            t => Err(FieldError::new("common.choice_invalid", "kind").arg("value", t)),
        }
    }
}

/// Adds a compliance rule, active, after the others (district administrator).
#[utoipa::path(post, path = "/api/v1/rules", tag = "mechanism", request_body = RuleWrite,
    responses((status = 201, body = RuleDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_rule(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<RuleWrite>,
) -> Result<(StatusCode, Json<RuleDto>), AppError> {
    admin_only(&auth)?;
    let kind = body.rule_kind()?;
    let record = rules::create(&state.db, &auth.actor, &body.name, &kind).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// The district administrator alone changes rules, types and plans; refused before the
/// body is judged.
fn admin_only(auth: &Auth) -> Result<(), AppError> {
    if auth.role == domain::identity::Role::DistrictAdmin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

async fn rule_exists(state: &AppState, id: &str) -> Result<(), AppError> {
    rules::list(&state.db, true)
        .await?
        .iter()
        .any(|r| r.id == id)
        .then_some(())
        .ok_or_else(AppError::not_found)
}

/// Changes a rule's name and parameters (district administrator).
#[utoipa::path(put, path = "/api/v1/rules/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Rule id")), request_body = RuleWrite,
    responses((status = 200, body = RuleDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_rule(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RuleWrite>,
) -> Result<Json<RuleDto>, AppError> {
    admin_only(&auth)?;
    rule_exists(&state, &id).await?;
    let kind = body.rule_kind()?;
    let record = rules::update(&state.db, &auth.actor, &id, &body.name, &kind).await?;
    Ok(Json(record.into()))
}

async fn rule_active(
    state: &AppState,
    auth: &Auth,
    id: &str,
    active: bool,
) -> Result<Json<RuleDto>, AppError> {
    admin_only(auth)?;
    rule_exists(state, id).await?;
    Ok(Json(
        rules::set_active(&state.db, &auth.actor, id, active)
            .await?
            .into(),
    ))
}

/// Puts a rule back on the board (district administrator).
#[utoipa::path(post, path = "/api/v1/rules/{id}/activate", tag = "mechanism",
    params(("id" = String, Path, description = "Rule id")),
    responses((status = 200, body = RuleDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn activate_rule(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<RuleDto>, AppError> {
    rule_active(&state, &auth, &id, true).await
}

/// Takes a rule off the board; it is kept (district administrator).
#[utoipa::path(post, path = "/api/v1/rules/{id}/deactivate", tag = "mechanism",
    params(("id" = String, Path, description = "Rule id")),
    responses((status = 200, body = RuleDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn deactivate_rule(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<RuleDto>, AppError> {
    rule_active(&state, &auth, &id, false).await
}

// ------------------------------------------------------------------ meeting types

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingTypeWrite {
    /// Only when adding: lower-case letters, digits and `_`; it never changes.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

fn type_dto(t: MeetingTypeRecord, locale: Locale) -> MeetingTypeDto {
    MeetingTypeDto {
        name: if locale == Locale::EnUs {
            t.name_en.clone()
        } else {
            t.name_zh.clone()
        },
        active: t.active,
        code: t.code,
        name_zh: t.name_zh,
        name_en: t.name_en,
    }
}

async fn type_by_code(state: &AppState, code: &str) -> Result<MeetingTypeRecord, AppError> {
    meetings::types(&state.db, true)
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or_else(AppError::not_found)
}

/// Adds a meeting type, active (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types", tag = "mechanism",
    request_body = MeetingTypeWrite,
    responses((status = 201, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    ApiJson(body): ApiJson<MeetingTypeWrite>,
) -> Result<(StatusCode, Json<MeetingTypeDto>), AppError> {
    admin_only(&auth)?;
    let t = meetings::add_type(
        &state.db,
        &auth.actor,
        &body.code,
        &body.name_zh,
        &body.name_en,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(type_dto(t, ctx.locale()))))
}

/// Renames a meeting type; its code and whether it is active stay.
#[utoipa::path(put, path = "/api/v1/meeting-types/{code}", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    request_body = MeetingTypeWrite,
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<MeetingTypeWrite>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    let old = type_by_code(&state, &code).await?;
    let t = meetings::update_type(
        &state.db,
        &auth.actor,
        &code,
        &body.name_zh,
        &body.name_en,
        old.active,
    )
    .await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

/// Offers a meeting type again for new meetings (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types/{code}/activate", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn activate_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    type_by_code(&state, &code).await?;
    let t = meetings::set_type_active(&state.db, &auth.actor, &code, true).await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

/// Stops offering a meeting type; its meetings and rules stay (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types/{code}/deactivate", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn deactivate_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    type_by_code(&state, &code).await?;
    let t = meetings::set_type_active(&state.db, &auth.actor, &code, false).await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

// ------------------------------------------------------------------ plans and targets

/// A plan's changes; its region stays.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlanUpdate {
    pub year: Option<i32>,
    pub title: String,
    pub body: String,
    /// Replaces the leading group.
    pub group: Vec<MemberDto>,
}

async fn plan_region(state: &AppState, auth: &Auth, id: &str) -> Result<String, AppError> {
    Ok(plans::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?
        .plan
        .region_code)
}

/// Changes a plan's year, title, body and leading group (district administrator).
#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Plan id")), request_body = PlanUpdate,
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_plan(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PlanUpdate>,
) -> Result<Json<PlanDetailDto>, AppError> {
    let region_code = plan_region(&state, &auth, &id).await?;
    admin_only(&auth)?;
    let plan = PlanInput {
        region_code,
        year: num_text(body.year),
        title: body.title,
        body: body.body,
        members: body
            .group
            .into_iter()
            .map(|m| MemberInput {
                name: m.name,
                user_id: m.user_id.unwrap_or_default(),
                role: m.role,
            })
            .collect(),
    }
    .validate()?;
    plans::update(&state.db, &auth.actor, &id, &plan).await?;
    Ok(Json(plan_detail(&state, &auth.actor.scope, &id).await?))
}

async fn plan_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<PlanDetailDto>, AppError> {
    plans::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(plan_detail(state, &auth.actor.scope, id).await?))
}

/// Archives a plan (district administrator).
#[utoipa::path(post, path = "/api/v1/plans/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Plan id")),
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_plan(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailDto>, AppError> {
    plan_archived(&state, &auth, &id, true).await
}

/// Restores an archived plan (district administrator).
#[utoipa::path(post, path = "/api/v1/plans/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Plan id")),
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_plan(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailDto>, AppError> {
    plan_archived(&state, &auth, &id, false).await
}

fn target_of(t: TargetCreate) -> TargetInput {
    TargetInput {
        name: t.name,
        kind: t.kind,
        metric: t.metric,
        target_value: num_text(t.target_value),
        unit: t.unit,
        manual_value: num_text(t.manual_value),
        evidence: t.evidence,
    }
}

/// Adds a target to a plan; answers the plan with every target's progress.
#[utoipa::path(post, path = "/api/v1/plans/{id}/targets", tag = "mechanism",
    params(("id" = String, Path, description = "Plan id")), request_body = TargetCreate,
    responses((status = 201, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_target(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TargetCreate>,
) -> Result<(StatusCode, Json<PlanDetailDto>), AppError> {
    plan_region(&state, &auth, &id).await?;
    admin_only(&auth)?;
    let t = target_of(body).validate()?;
    plans::add_target(&state.db, &auth.actor, &id, &t).await?;
    Ok((
        StatusCode::CREATED,
        Json(plan_detail(&state, &auth.actor.scope, &id).await?),
    ))
}

/// Changes a target; answers its plan with every target's progress.
#[utoipa::path(put, path = "/api/v1/targets/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Target id")), request_body = TargetCreate,
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_target(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TargetCreate>,
) -> Result<Json<PlanDetailDto>, AppError> {
    admin_only(&auth)?;
    let t = target_of(body).validate()?;
    let record = plans::update_target(&state.db, &auth.actor, &id, &t).await?;
    Ok(Json(
        plan_detail(&state, &auth.actor.scope, &record.plan_id).await?,
    ))
}

async fn target_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<PlanDetailDto>, AppError> {
    let record = plans::set_target_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(
        plan_detail(state, &auth.actor.scope, &record.plan_id).await?,
    ))
}

/// Archives a target: it leaves the plan (district administrator).
#[utoipa::path(post, path = "/api/v1/targets/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Target id")),
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_target(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailDto>, AppError> {
    target_archived(&state, &auth, &id, true).await
}

/// Restores an archived target (district administrator).
#[utoipa::path(post, path = "/api/v1/targets/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Target id")),
    responses((status = 200, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_target(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailDto>, AppError> {
    target_archived(&state, &auth, &id, false).await
}

// ------------------------------------------------------------------ assignments

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

// ------------------------------------------------------------------ meetings

/// A meeting's changes; its decisions are added with `/decisions`, its files with
/// `/attachments`.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingUpdate {
    pub type_code: String,
    pub region_code: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// HH:MM.
    pub start_time: String,
    pub end_time: Option<String>,
    pub place: String,
    pub chair: String,
    pub chair_user_id: Option<String>,
    pub agenda: String,
    /// Rich text; sanitized before it is stored.
    pub minutes_html: String,
    /// Replaces the attendees.
    pub attendees: Vec<AttendeeDto>,
}

async fn meeting_in_scope(state: &AppState, auth: &Auth, id: &str) -> Result<String, AppError> {
    Ok(meetings::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)?
        .meeting
        .region_code)
}

/// Changes a meeting and replaces its attendees.
#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")), request_body = MeetingUpdate,
    responses((status = 200, body = MeetingDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_meeting(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MeetingUpdate>,
) -> Result<Json<MeetingDetailDto>, AppError> {
    meeting_in_scope(&state, &auth, &id).await?;
    let m = MeetingInput {
        type_code: body.type_code,
        region_code: body.region_code,
        date: body.date,
        start_time: body.start_time,
        end_time: body.end_time.unwrap_or_default(),
        place: body.place,
        chair: body.chair,
        chair_user_id: body.chair_user_id.unwrap_or_default(),
        agenda: body.agenda,
        minutes_html: body.minutes_html,
        attendees: body
            .attendees
            .into_iter()
            .map(|a| AttendeeInput {
                user_id: a.user_id.unwrap_or_default(),
                name: a.name,
                status: a.status,
            })
            .collect(),
        decisions: Vec::new(),
    }
    .validate()?;
    meetings::update(&state.db, &auth.actor, &id, &m, &[]).await?;
    Ok(Json(meeting_detail(&state, &auth.actor.scope, &id).await?))
}

async fn meeting_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<MeetingDetailDto>, AppError> {
    meetings::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(meeting_detail(state, &auth.actor.scope, id).await?))
}

/// Archives a meeting entered by mistake: it no longer counts on the board.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_meeting(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<MeetingDetailDto>, AppError> {
    meeting_archived(&state, &auth, &id, true).await
}

/// Restores an archived meeting.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_meeting(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<MeetingDetailDto>, AppError> {
    meeting_archived(&state, &auth, &id, false).await
}

/// Adds a decision to a meeting after the fact (a problem with source `meeting`); the
/// region may be left out (the meeting's).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")), request_body = ProblemCreate,
    responses((status = 201, body = MeetingDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_decision(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProblemCreate>,
) -> Result<(StatusCode, Json<MeetingDetailDto>), AppError> {
    let region = meeting_in_scope(&state, &auth, &id).await?;
    let region = domain::region::RegionCode::parse(&region).map_err(|_| AppError::not_found())?;
    let p = body.input().validate(Some(&region))?;
    problems::create_from(&state.db, &auth.actor, SourceKind::Meeting, &id, &p).await?;
    Ok((
        StatusCode::CREATED,
        Json(meeting_detail(&state, &auth.actor.scope, &id).await?),
    ))
}

/// The multipart body of an upload: one or more parts named `file`.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the request for the document only
pub struct AttachmentUpload {
    /// A photo (PNG, JPEG) or a PDF of at most 10 MiB, recognised by its content; repeat the
    /// part for several files.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Adds attachments to a meeting: every file is checked (by content) before any is stored,
/// and an error names the file.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attachments", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Vec<AttachmentDto>), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn upload_attachments(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    upload: crate::base::upload::Upload,
) -> Result<(StatusCode, Json<Vec<AttachmentDto>>), AppError> {
    meeting_in_scope(&state, &auth, &id).await?;
    // All or nothing: the store checks every file, then stores them in one transaction.
    let uploads: Vec<Upload> = upload
        .files()
        .iter()
        .filter(|f| f.field == "file")
        .map(|f| Upload {
            file_name: &f.name,
            data: &f.data,
        })
        .collect();
    if uploads.is_empty() {
        return Err(FieldError::new("common.required", "file").into());
    }
    let stored = meetings::add_attachments(&state.db, &auth.actor, &id, &uploads).await?;
    Ok((
        StatusCode::CREATED,
        Json(stored.into_iter().map(AttachmentDto::from).collect()),
    ))
}

/// An attachment's bytes, with the content type recognised when it was stored.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/attachments/{attachment_id}",
    tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id"),
           ("attachment_id" = String, Path, description = "Attachment id")),
    responses((status = 200, description = "The file (image/png, image/jpeg or application/pdf)",
               content_type = "application/octet-stream"),
              (status = 404, body = ErrorBody)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (meta, data) = meetings::attachment(&state.db, &auth.actor.scope, &attachment_id)
        .await?
        .filter(|(meta, _)| meta.meeting_id == id)
        .ok_or_else(AppError::not_found)?;
    Ok(super::super::meetings::file_response(&meta, data))
}

// ------------------------------------------------------------------ visits

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
    ApiJson(body): ApiJson<VisitUpdate>,
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

// ------------------------------------------------------------------ problems

/// Changes a problem's title, description, owner, deadline, parent and weight; its region
/// stays (it may be left out).
#[utoipa::path(put, path = "/api/v1/problems/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")), request_body = ProblemCreate,
    responses((status = 200, body = ProblemDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProblemCreate>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    let d = problem_detail(&state, &auth.actor.scope, &id).await?;
    let region = domain::region::RegionCode::parse(&d.problem.region_code)
        .map_err(|_| AppError::not_found())?;
    let p = body.input().validate(Some(&region))?;
    problems::update(&state.db, &auth.actor, &id, &p).await?;
    Ok(Json(problem_detail(&state, &auth.actor.scope, &id).await?))
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProgressBody {
    /// 0–100, for an open problem without children (a parent's is computed).
    pub progress: Option<i32>,
}

/// Sets the progress of an open problem without children.
#[utoipa::path(post, path = "/api/v1/problems/{id}/progress", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")), request_body = ProgressBody,
    responses((status = 200, body = ProblemDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn set_problem_progress(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProgressBody>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    problem_detail(&state, &auth.actor.scope, &id).await?;
    let progress = body
        .progress
        .ok_or_else(|| FieldError::new("common.required", "progress"))?;
    problems::set_progress(&state.db, &auth.actor, &id, progress).await?;
    Ok(Json(problem_detail(&state, &auth.actor.scope, &id).await?))
}

async fn problem_archived(
    state: &AppState,
    auth: &Auth,
    id: &str,
    archived: bool,
) -> Result<Json<ProblemDetailDto>, AppError> {
    problems::set_archived(&state.db, &auth.actor, id, archived).await?;
    Ok(Json(problem_detail(state, &auth.actor.scope, id).await?))
}

/// Archives a problem entered by mistake: it leaves lists and the board.
#[utoipa::path(post, path = "/api/v1/problems/{id}/archive", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")),
    responses((status = 200, body = ProblemDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    problem_archived(&state, &auth, &id, true).await
}

/// Restores an archived problem.
#[utoipa::path(post, path = "/api/v1/problems/{id}/restore", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")),
    responses((status = 200, body = ProblemDetailDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    problem_archived(&state, &auth, &id, false).await
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
    ApiJson(body): ApiJson<ProblemCreate>,
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

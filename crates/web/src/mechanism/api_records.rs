//! Meetings, visits and problems in the JSON API. Meetings and visits are created with their
//! decisions / problems raised in one request (all or nothing); attachments are not JSON and
//! are uploaded on the meeting's page.

use crate::api::ApiJson;
use crate::base::params::{
    bad_param, bool_param, date_param, given, num_text, paging, region_param,
};
use crate::error::{AppError, ErrorBody};
use crate::identity::session::SignedIn;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::identity::Scope;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::problem::{ProblemState, SourceKind, Transition};
use domain::mechanism::{MeetingInput, ProblemInput, VisitInput};
use serde::{Deserialize, Serialize};
use store::mechanism::problems::{EventRecord, ProblemDetail};
use store::mechanism::{
    AttachmentMeta, AttendeeRecord, MeetingRecord, ProblemView, VisitRecord, meetings, problems,
    visits,
};
use utoipa::{IntoParams, ToSchema};

// ------------------------------------------------------------------ problems: shapes

#[derive(Serialize, ToSchema)]
pub struct ProblemDto {
    pub id: String,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<String>,
    pub owner_name: String,
    /// 办结时限, YYYY-MM-DD.
    pub deadline: String,
    /// meeting, visit or direct.
    pub source_kind: String,
    /// The meeting or visit it was raised at.
    pub source_id: Option<String>,
    pub parent_id: Option<String>,
    /// Weight in the parent's roll-up.
    pub weight: i32,
    /// todo (待办), doing (办理中), done (已办结) or closed (已销号).
    pub state: String,
    pub result: String,
    pub evidence: String,
    pub done_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// 逾期: open after the deadline, or finished after it.
    pub overdue: bool,
    /// 0–100: rolled up (weighted) from the children for a parent, 100 when finished.
    pub progress: i32,
    /// Number of direct children.
    pub child_count: usize,
    /// Archived (entered by mistake): out of lists and the board.
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<ProblemView> for ProblemDto {
    fn from(v: ProblemView) -> Self {
        let p = v.problem;
        ProblemDto {
            id: p.id,
            region_code: p.region_code,
            title: p.title,
            description: p.description,
            owner_user_id: p.owner_user_id,
            owner_name: p.owner_name,
            deadline: p.deadline,
            source_kind: p.source_kind,
            source_id: p.source_id,
            parent_id: p.parent_id,
            weight: p.weight,
            state: p.state,
            result: p.result,
            evidence: p.evidence,
            done_at: p.done_at,
            closed_at: p.closed_at,
            closed_by: p.closed_by,
            overdue: v.overdue,
            progress: v.progress,
            child_count: v.children,
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventDto {
    pub at: String,
    /// Username of who acted.
    pub actor: String,
    pub from_state: Option<String>,
    pub to_state: String,
    /// The reason of a send-back.
    pub note: String,
}

impl From<EventRecord> for EventDto {
    fn from(e: EventRecord) -> Self {
        EventDto {
            at: e.at,
            actor: e.actor,
            from_state: e.from_state,
            to_state: e.to_state,
            note: e.note,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProblemDetailDto {
    #[serde(flatten)]
    pub problem: ProblemDto,
    /// The workflow history, oldest first.
    pub events: Vec<EventDto>,
    /// The child problems (in scope), each with its rolled progress.
    pub children: Vec<ProblemDto>,
}

impl From<ProblemDetail> for ProblemDetailDto {
    fn from(d: ProblemDetail) -> Self {
        ProblemDetailDto {
            problem: d.view.into(),
            events: d.events.into_iter().map(EventDto::from).collect(),
            children: d.children.into_iter().map(ProblemDto::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProblemPage {
    pub items: Vec<ProblemDto>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// A problem to enter; in a meeting's `decisions` or a visit's `problems` the region may be
/// left out (the meeting's or visit's).
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProblemCreate {
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<String>,
    /// May be empty when `owner_user_id` names a user.
    pub owner_name: String,
    /// YYYY-MM-DD.
    pub deadline: String,
    pub parent_id: Option<String>,
    /// Weight in the parent's roll-up (0–1000, default 1).
    pub weight: Option<i32>,
}

impl ProblemCreate {
    pub(crate) fn input(&self) -> ProblemInput {
        ProblemInput {
            region_code: self.region_code.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            owner_user_id: self.owner_user_id.clone().unwrap_or_default(),
            owner_name: self.owner_name.clone(),
            deadline: self.deadline.clone(),
            parent_id: self.parent_id.clone().unwrap_or_default(),
            weight: num_text(self.weight),
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TransitionBody {
    /// start (待办 → 办理中), finish (→ 已办结, with result and evidence), close (销号, not by
    /// the owner) or send_back (退回, with reason).
    pub action: String,
    pub result: String,
    pub evidence: String,
    pub reason: String,
}

#[derive(Deserialize, IntoParams)]
pub struct ProblemQuery {
    /// Problems of this region and below.
    pub region: Option<String>,
    /// todo, doing, done or closed.
    pub state: Option<String>,
    /// true: only overdue ones.
    pub overdue: Option<String>,
    /// Owner's user id, or `me`.
    pub owner: Option<String>,
    /// meeting, visit or direct.
    pub source: Option<String>,
    /// Part of the title.
    pub q: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page, 1–500 (default 50).
    pub per_page: Option<i64>,
}

// ------------------------------------------------------------------ problems: handlers

pub(crate) async fn problem_detail(
    state: &AppState,
    scope: &Scope,
    id: &str,
) -> Result<ProblemDetailDto, AppError> {
    let d = problems::get(&state.db, scope, id, crate::base::format::today())
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(d.into())
}

/// The problem list (问题清单) of the caller's scope, by deadline.
#[utoipa::path(get, path = "/api/v1/problems", tag = "mechanism", params(ProblemQuery),
    responses((status = 200, body = ProblemPage), (status = 400, body = ErrorBody)))]
pub async fn list_problems(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ProblemQuery>,
) -> Result<Json<ProblemPage>, AppError> {
    let problem_state = given(&q.state)
        .map(|s| {
            ProblemState::parse(s).ok_or_else(|| bad_param("state", s, "todo, doing, done, closed"))
        })
        .transpose()?;
    let source = given(&q.source)
        .map(|s| {
            SourceKind::parse(s).ok_or_else(|| bad_param("source", s, "meeting, visit, direct"))
        })
        .transpose()?;
    let owner = match given(&q.owner) {
        Some("me") => Some(auth.user.id.clone()),
        other => other.map(str::to_string),
    };
    let (page, per_page, window) = paging(q.page, q.per_page);
    let filter = problems::Filter {
        region: region_param(&q.region, "region")?,
        state: problem_state,
        overdue_only: bool_param(&q.overdue, "overdue")?,
        owner_user_id: owner,
        source_kind: source,
        query: q.q.clone().unwrap_or_default(),
        ..Default::default()
    };
    let (rows, total) = problems::list(
        &state.db,
        &auth.actor.scope,
        &filter,
        crate::base::format::today(),
        window,
    )
    .await?;
    Ok(Json(ProblemPage {
        items: rows.into_iter().map(ProblemDto::from).collect(),
        page,
        per_page,
        total,
    }))
}

/// One problem with its history, its children and its rolled-up progress.
#[utoipa::path(get, path = "/api/v1/problems/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")),
    responses((status = 200, body = ProblemDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    Ok(Json(problem_detail(&state, &auth.actor.scope, &id).await?))
}

/// Enters a problem directly (source `direct`).
#[utoipa::path(post, path = "/api/v1/problems", tag = "mechanism",
    request_body = ProblemCreate,
    responses((status = 201, body = ProblemDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<ProblemCreate>,
) -> Result<(StatusCode, Json<ProblemDetailDto>), AppError> {
    let p = body.input().validate(None)?;
    let record = problems::create(&state.db, &auth.actor, &p).await?;
    Ok((
        StatusCode::CREATED,
        Json(problem_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

/// Moves a problem through the workflow. 销号 (close) by the problem's owner is refused
/// with 409 `mechanism.problem_owner_confirms`; a step the state does not allow with 409
/// `mechanism.problem_transition_invalid`.
#[utoipa::path(post, path = "/api/v1/problems/{id}/transition", tag = "mechanism",
    params(("id" = String, Path, description = "Problem id")),
    request_body = TransitionBody,
    responses((status = 200, body = ProblemDetailDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition_problem(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<ProblemDetailDto>, AppError> {
    problems::get(
        &state.db,
        &auth.actor.scope,
        &id,
        crate::base::format::today(),
    )
    .await?
    .ok_or_else(AppError::not_found)?;
    let t = match body.action.trim() {
        "start" => Transition::Start,
        "finish" => Transition::Finish {
            result: body.result,
            evidence: body.evidence,
        },
        "close" => Transition::Close,
        "send_back" => Transition::SendBack {
            reason: body.reason,
        },
        other => {
            return Err(FieldError::new("mapi.action_invalid", "action")
                .arg("value", other)
                .into());
        }
    };
    problems::transition(
        &state.db,
        &auth.actor,
        &id,
        &t,
        crate::base::format::today(),
    )
    .await?;
    Ok(Json(problem_detail(&state, &auth.actor.scope, &id).await?))
}

// ------------------------------------------------------------------ meetings

#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: String,
    /// A meeting type code (see /api/v1/meeting-types).
    pub type_code: String,
    pub region_code: String,
    pub date: String,
    /// HH:MM.
    pub start_time: String,
    pub end_time: Option<String>,
    pub place: String,
    pub chair: String,
    pub chair_user_id: Option<String>,
    pub agenda: String,
    /// Archived: no longer counted on the board.
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<MeetingRecord> for MeetingDto {
    fn from(m: MeetingRecord) -> Self {
        MeetingDto {
            id: m.id,
            type_code: m.type_code,
            region_code: m.region_code,
            date: m.date,
            start_time: m.start_time,
            end_time: m.end_time,
            place: m.place,
            chair: m.chair,
            chair_user_id: m.chair_user_id,
            agenda: m.agenda,
            archived: m.archived,
            created_by: m.created_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AttendeeDto {
    pub user_id: Option<String>,
    /// May be empty when `user_id` names a user.
    pub name: String,
    /// present (出席, the default), absent (缺席) or excused (请假).
    pub status: String,
}

impl From<AttendeeRecord> for AttendeeDto {
    fn from(a: AttendeeRecord) -> Self {
        AttendeeDto {
            user_id: a.user_id,
            name: a.name,
            status: a.status,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: String,
    pub file_name: String,
    /// image/png, image/jpeg or application/pdf (recognised by content).
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    pub created_at: String,
}

impl From<AttachmentMeta> for AttachmentDto {
    fn from(a: AttachmentMeta) -> Self {
        AttachmentDto {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            created_at: a.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDetailDto {
    #[serde(flatten)]
    pub meeting: MeetingDto,
    /// Sanitized HTML of the minutes.
    pub minutes_html: String,
    pub attendees: Vec<AttendeeDto>,
    /// The problems raised as its decisions.
    pub decisions: Vec<ProblemDto>,
    /// Attachments without their bytes.
    pub attachments: Vec<AttachmentDto>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<MeetingDto>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct MeetingQuery {
    /// Meetings of this region and below.
    pub region: Option<String>,
    /// A meeting type code.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub type_code: Option<String>,
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
pub struct MeetingCreate {
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
    /// Rich text; sanitized (a whitelist of tags) before it is stored.
    pub minutes_html: String,
    pub attendees: Vec<AttendeeDto>,
    /// Each decision becomes a problem (source `meeting`) in the same transaction.
    pub decisions: Vec<ProblemCreate>,
}

/// Meetings in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "mechanism", params(MeetingQuery),
    responses((status = 200, body = MeetingPage), (status = 400, body = ErrorBody)))]
pub async fn list_meetings(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<MeetingQuery>,
) -> Result<Json<MeetingPage>, AppError> {
    let (page, per_page, window) = paging(q.page, q.per_page);
    let filter = meetings::Filter {
        region: region_param(&q.region, "region")?,
        type_code: given(&q.type_code).map(str::to_string),
        from: date_param(&q.from, "from")?,
        to: date_param(&q.to, "to")?,
        include_archived: false,
    };
    let (rows, total) = meetings::list(&state.db, &auth.actor.scope, &filter, window).await?;
    Ok(Json(MeetingPage {
        items: rows.into_iter().map(MeetingDto::from).collect(),
        page,
        per_page,
        total,
    }))
}

pub(crate) async fn meeting_detail(
    state: &AppState,
    scope: &Scope,
    id: &str,
) -> Result<MeetingDetailDto, AppError> {
    let d = meetings::get(&state.db, scope, id, crate::base::format::today())
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(MeetingDetailDto {
        minutes_html: d.meeting.minutes_html.clone(),
        meeting: d.meeting.into(),
        attendees: d.attendees.into_iter().map(AttendeeDto::from).collect(),
        decisions: d.decisions.into_iter().map(ProblemDto::from).collect(),
        attachments: d.attachments.into_iter().map(AttachmentDto::from).collect(),
    })
}

/// One meeting with its attendees, decisions and attachment metadata.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<MeetingDetailDto>, AppError> {
    Ok(Json(meeting_detail(&state, &auth.actor.scope, &id).await?))
}

/// Records a meeting with its attendees and decisions, all or nothing; an error about an
/// attendee or a decision carries its 1-based `line`.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "mechanism",
    request_body = MeetingCreate,
    responses((status = 201, body = MeetingDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_meeting(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<MeetingCreate>,
) -> Result<(StatusCode, Json<MeetingDetailDto>), AppError> {
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
        decisions: body.decisions.iter().map(ProblemCreate::input).collect(),
    }
    .validate()?;
    let record = meetings::create(&state.db, &auth.actor, &m, &[]).await?;
    Ok((
        StatusCode::CREATED,
        Json(meeting_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

// ------------------------------------------------------------------ visits

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
    ApiJson(body): ApiJson<VisitCreate>,
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

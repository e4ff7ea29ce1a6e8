//! Meetings in the JSON API, created with their decisions in one request (all or nothing);
//! attachments are uploaded as multipart form data.

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
use axum::response::Response;
use domain::FieldError;
use domain::identity::Scope;
use domain::mechanism::MeetingInput;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::problem::SourceKind;
use serde::{Deserialize, Serialize};
use store::mechanism::meetings::Upload;
use store::mechanism::{AttachmentMeta, AttendeeRecord, MeetingRecord, meetings, problems};
use utoipa::{IntoParams, ToSchema};

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
    /// The people registry's person; when omitted, a name that is exactly one active
    /// person's in the meeting's region links to that person.
    pub person_id: Option<String>,
    /// May be empty when `user_id` or `person_id` names someone.
    pub name: String,
    /// present (出席, the default), absent (缺席) or excused (请假).
    pub status: String,
}

impl AttendeeDto {
    /// The attendee as the domain validates it.
    fn input(self) -> AttendeeInput {
        AttendeeInput {
            user_id: self.user_id.unwrap_or_default(),
            person_id: self.person_id.unwrap_or_default(),
            name: self.name,
            status: self.status,
        }
    }
}

impl From<AttendeeRecord> for AttendeeDto {
    fn from(a: AttendeeRecord) -> Self {
        AttendeeDto {
            user_id: a.user_id,
            person_id: a.person_id,
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
    json::Json(body): json::Json<MeetingCreate>,
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
        attendees: body.attendees.into_iter().map(AttendeeDto::input).collect(),
        decisions: body.decisions.iter().map(ProblemCreate::input).collect(),
    }
    .validate()?;
    let record = meetings::create(&state.db, &auth.actor, &m, &[]).await?;
    Ok((
        StatusCode::CREATED,
        Json(meeting_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

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
    json::Json(body): json::Json<MeetingUpdate>,
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
        attendees: body.attendees.into_iter().map(AttendeeDto::input).collect(),
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
    json::Json(body): json::Json<ProblemCreate>,
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
    Ok(crate::mechanism::meetings::file_response(&meta, data))
}

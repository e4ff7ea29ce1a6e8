//! The problem list (问题清单) in the JSON API: problems, their workflow and progress.

use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::{bad_param, bool_param, given, num_text, paging, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::identity::Scope;
use domain::mechanism::ProblemInput;
use domain::mechanism::problem::{ProblemState, SourceKind, Transition};
use serde::{Deserialize, Serialize};
use store::mechanism::problems::{EventRecord, ProblemDetail};
use store::mechanism::{ProblemView, problems};
use utoipa::{IntoParams, ToSchema};

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
    json::Json(body): json::Json<ProblemCreate>,
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
    json::Json(body): json::Json<TransitionBody>,
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
    json::Json(body): json::Json<ProblemCreate>,
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
    json::Json(body): json::Json<ProgressBody>,
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

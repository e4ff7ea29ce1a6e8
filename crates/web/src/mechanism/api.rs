//! The mechanism's JSON API under `/api/v1` (registered with its OpenAPI description in
//! `crate::api`): plans, assignments, meeting types, rules and the compliance board here;
//! meetings, visits and problems in [`records`]. Dates are `YYYY-MM-DD`, ids strings; every
//! read is scoped by the store to the caller's region, every write checked and audited there.

#[path = "api_records.rs"]
pub mod records;

#[path = "api_more.rs"]
pub mod more;

use crate::api::ApiJson;
use crate::base::params::{bad_param, date_param, given, month_param, num_text, region_param};
use crate::error::{AppError, ErrorBody};
use crate::i18n::Locale;
use crate::identity::session::SignedIn;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::identity::Role;
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::plan::{MemberInput, PlanInput, TargetInput};
use domain::mechanism::{AssignmentInput, Target};
use serde::{Deserialize, Serialize};
use store::mechanism::plans::{self, PlanDetail, TargetView};
use store::mechanism::{
    AssignmentRecord, PlanRecord, RuleRecord, assignments, compliance, meetings,
};
use utoipa::{IntoParams, ToSchema};

// ------------------------------------------------------------------ parameters

// ------------------------------------------------------------------ plans

#[derive(Serialize, ToSchema)]
pub struct PlanDto {
    pub id: String,
    /// The district (or town) the plan is for.
    pub region_code: String,
    pub year: i32,
    pub title: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<PlanRecord> for PlanDto {
    fn from(p: PlanRecord) -> Self {
        PlanDto {
            id: p.id,
            region_code: p.region_code,
            year: p.year,
            title: p.title,
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MemberDto {
    /// May be empty when `user_id` names a user.
    pub name: String,
    pub user_id: Option<String>,
    /// 组长, 副组长, 成员 …
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressDto {
    pub target: i64,
    /// The value reached; 0 when not available.
    pub actual: i64,
    pub done: bool,
    /// False when the figure cannot be computed or a manual target has no value yet.
    pub available: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TargetDto {
    pub id: String,
    pub name: String,
    /// metric or manual.
    pub kind: String,
    /// strong_villages, meetings_held, problems_closed_on_time, training_coverage,
    /// industry_gross_income, industry_workers or industry_households.
    pub metric: Option<String>,
    pub target_value: i64,
    pub unit: String,
    pub manual_value: Option<i64>,
    pub evidence: String,
    pub progress: ProgressDto,
}

impl From<TargetView> for TargetDto {
    fn from(v: TargetView) -> Self {
        let t = v.target;
        TargetDto {
            id: t.id,
            name: t.name,
            kind: t.kind,
            metric: t.metric,
            target_value: t.target_value,
            unit: t.unit,
            manual_value: t.manual_value,
            evidence: t.evidence,
            progress: ProgressDto {
                target: v.progress.target,
                actual: v.progress.actual,
                done: v.progress.done,
                available: v.progress.available,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanDetailDto {
    #[serde(flatten)]
    pub plan: PlanDto,
    pub body: String,
    /// The leading group (领导小组).
    pub group: Vec<MemberDto>,
    /// Targets with their progress (computed for metric targets).
    pub targets: Vec<TargetDto>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TargetCreate {
    pub name: String,
    /// metric or manual.
    pub kind: String,
    /// For a metric target: strong_villages, meetings_held, problems_closed_on_time,
    /// training_coverage, industry_gross_income, industry_workers or industry_households.
    pub metric: String,
    pub target_value: Option<i64>,
    pub unit: String,
    /// For a manual target: the value reached so far.
    pub manual_value: Option<i64>,
    pub evidence: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlanCreate {
    pub region_code: String,
    pub year: Option<i32>,
    pub title: String,
    pub body: String,
    pub group: Vec<MemberDto>,
    pub targets: Vec<TargetCreate>,
}

impl PlanCreate {
    fn validate(&self) -> Result<(domain::mechanism::Plan, Vec<Target>), FieldError> {
        let plan = PlanInput {
            region_code: self.region_code.clone(),
            year: num_text(self.year),
            title: self.title.clone(),
            body: self.body.clone(),
            members: self
                .group
                .iter()
                .map(|m| MemberInput {
                    name: m.name.clone(),
                    user_id: m.user_id.clone().unwrap_or_default(),
                    role: m.role.clone(),
                })
                .collect(),
        }
        .validate()?;
        let mut targets = Vec::new();
        for (i, t) in self.targets.iter().enumerate() {
            let input = TargetInput {
                name: t.name.clone(),
                kind: t.kind.clone(),
                metric: t.metric.clone(),
                target_value: num_text(t.target_value),
                unit: t.unit.clone(),
                manual_value: num_text(t.manual_value),
                evidence: t.evidence.clone(),
            };
            targets.push(
                input
                    .validate()
                    .map_err(|e| e.arg("line", (i + 1).to_string()))?,
            );
        }
        Ok((plan, targets))
    }
}

pub(crate) async fn plan_detail(
    state: &AppState,
    scope: &domain::identity::Scope,
    id: &str,
) -> Result<PlanDetailDto, AppError> {
    let PlanDetail { plan, members, .. } = plans::get(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let targets = plans::progress(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(PlanDetailDto {
        body: plan.body.clone(),
        plan: plan.into(),
        group: members
            .into_iter()
            .map(|m| MemberDto {
                name: m.name,
                user_id: m.user_id,
                role: m.role,
            })
            .collect(),
        targets: targets.into_iter().map(TargetDto::from).collect(),
    })
}

/// Implementation plans (实施方案) in the caller's scope, newest year first.
#[utoipa::path(get, path = "/api/v1/plans", tag = "mechanism",
    responses((status = 200, body = Vec<PlanDto>), (status = 401, body = ErrorBody)))]
pub async fn list_plans(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
) -> Result<Json<Vec<PlanDto>>, AppError> {
    let rows = plans::list(&state.db, &auth.actor.scope, false).await?;
    Ok(Json(rows.into_iter().map(PlanDto::from).collect()))
}

/// One plan with its leading group and its targets with their progress.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "mechanism",
    params(("id" = String, Path, description = "Plan id")),
    responses((status = 200, body = PlanDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_plan(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PlanDetailDto>, AppError> {
    Ok(Json(plan_detail(&state, &auth.actor.scope, &id).await?))
}

/// Creates a plan with its leading group and targets (district administrator).
#[utoipa::path(post, path = "/api/v1/plans", tag = "mechanism",
    request_body = PlanCreate,
    responses((status = 201, body = PlanDetailDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_plan(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<PlanCreate>,
) -> Result<(StatusCode, Json<PlanDetailDto>), AppError> {
    if auth.role != Role::DistrictAdmin {
        return Err(AppError::forbidden());
    }
    let (plan, targets) = body.validate()?;
    let record = plans::create(&state.db, &auth.actor, &plan, &targets).await?;
    Ok((
        StatusCode::CREATED,
        Json(plan_detail(&state, &auth.actor.scope, &record.id).await?),
    ))
}

// ------------------------------------------------------------------ assignments

#[derive(Serialize, ToSchema)]
pub struct AssignmentDto {
    pub id: String,
    pub leader_user_id: Option<String>,
    pub leader_name: String,
    pub region_code: String,
    /// guide (定点指导) or liaison (包联).
    pub kind: String,
    pub starts_on: String,
    /// The last day (inclusive); null while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    /// Archived (entered by mistake): out of lists and the board.
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<AssignmentRecord> for AssignmentDto {
    fn from(a: AssignmentRecord) -> Self {
        AssignmentDto {
            id: a.id,
            leader_user_id: a.leader_user_id,
            leader_name: a.leader_name,
            region_code: a.region_code,
            kind: a.kind,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            note: a.note,
            archived: a.archived,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AssignmentQuery {
    /// Assignments of this region and below.
    pub region: Option<String>,
    /// guide or liaison.
    pub kind: Option<String>,
    /// Only those active on this day, YYYY-MM-DD.
    pub active_on: Option<String>,
    /// Only those of this leader (user id).
    pub leader: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AssignmentCreate {
    pub leader_user_id: Option<String>,
    /// May be empty when `leader_user_id` names a user.
    pub leader_name: String,
    /// A town or a village.
    pub region_code: String,
    /// guide or liaison.
    pub kind: String,
    pub starts_on: String,
    /// The last day, when known.
    pub ends_on: Option<String>,
    pub note: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AssignmentEnd {
    /// The assignment's last day, YYYY-MM-DD (not before its start).
    pub ends_on: String,
}

/// Assignments (定点指导 / 包联) in the caller's scope, by region and start.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "mechanism", params(AssignmentQuery),
    responses((status = 200, body = Vec<AssignmentDto>), (status = 400, body = ErrorBody)))]
pub async fn list_assignments(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<AssignmentQuery>,
) -> Result<Json<Vec<AssignmentDto>>, AppError> {
    let kind = given(&q.kind)
        .map(|k| AssignmentKind::parse(k).map_err(|_| bad_param("kind", k, "guide, liaison")))
        .transpose()?;
    let filter = assignments::Filter {
        region: region_param(&q.region, "region")?,
        kind,
        leader_user_id: given(&q.leader).map(str::to_string),
        active_on: date_param(&q.active_on, "active_on")?,
        include_archived: false,
    };
    let rows = assignments::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(AssignmentDto::from).collect()))
}

/// Assigns a leader to a town or village (district administrator, or a town officer in
/// the town).
#[utoipa::path(post, path = "/api/v1/assignments", tag = "mechanism",
    request_body = AssignmentCreate,
    responses((status = 201, body = AssignmentDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<AssignmentCreate>,
) -> Result<(StatusCode, Json<AssignmentDto>), AppError> {
    let a = AssignmentInput {
        leader_user_id: body.leader_user_id.unwrap_or_default(),
        leader_name: body.leader_name,
        region_code: body.region_code,
        kind: body.kind,
        starts_on: body.starts_on,
        ends_on: body.ends_on.unwrap_or_default(),
        note: body.note,
    }
    .validate()?;
    let record = assignments::create(&state.db, &auth.actor, &a).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Ends an open assignment on its last day; the history is kept.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/end", tag = "mechanism",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = AssignmentEnd,
    responses((status = 200, body = AssignmentDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_assignment(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignmentEnd>,
) -> Result<Json<AssignmentDto>, AppError> {
    // Out of scope is not found, before the body is judged.
    assignments::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let t = body.ends_on.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "ends_on").into());
    }
    let ends_on = domain::time::parse_date(t)
        .ok_or_else(|| FieldError::new("common.date_invalid", "ends_on").arg("value", t))?;
    let record = assignments::end(&state.db, &auth.actor, &id, ends_on).await?;
    Ok(Json(record.into()))
}

// ------------------------------------------------------------------ meeting types, rules

#[derive(Serialize, ToSchema)]
pub struct MeetingTypeDto {
    pub code: String,
    /// False once deactivated: not offered for new meetings (only listed by writes).
    pub active: bool,
    /// The name in the caller's language.
    pub name: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The active meeting types (工作推进会, 联系会议, 三会一课 …), in their order.
#[utoipa::path(get, path = "/api/v1/meeting-types", tag = "mechanism",
    responses((status = 200, body = Vec<MeetingTypeDto>), (status = 401, body = ErrorBody)))]
pub async fn list_meeting_types(
    State(state): State<AppState>,
    SignedIn(_auth, ctx): SignedIn,
) -> Result<Json<Vec<MeetingTypeDto>>, AppError> {
    let english = ctx.locale() == Locale::EnUs;
    let rows = meetings::types(&state.db, false).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| MeetingTypeDto {
                name: if english {
                    t.name_en.clone()
                } else {
                    t.name_zh.clone()
                },
                active: t.active,
                code: t.code,
                name_zh: t.name_zh,
                name_en: t.name_en,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct RuleDto {
    pub id: String,
    pub name: String,
    /// per_assignment, per_village or problems_on_time.
    pub kind: String,
    /// The rule's parameters: `every` (month, quarter, year) and, for meeting rules,
    /// `meeting_type`, `at_least` and (per assignment) `assignment_kind`.
    #[schema(value_type = Object)]
    pub params: serde_json::Value,
    pub active: bool,
    pub position: i32,
}

impl From<RuleRecord> for RuleDto {
    fn from(r: RuleRecord) -> Self {
        RuleDto {
            params: serde_json::from_str(&r.params).unwrap_or(serde_json::Value::Null),
            id: r.id,
            name: r.name,
            kind: r.kind,
            active: r.active,
            position: r.position,
        }
    }
}

/// The compliance rules in force, by position.
#[utoipa::path(get, path = "/api/v1/rules", tag = "mechanism",
    responses((status = 200, body = Vec<RuleDto>), (status = 401, body = ErrorBody)))]
pub async fn list_rules(
    State(state): State<AppState>,
    SignedIn(_auth, _): SignedIn,
) -> Result<Json<Vec<RuleDto>>, AppError> {
    let rows = store::mechanism::rules::list(&state.db, false).await?;
    Ok(Json(rows.into_iter().map(RuleDto::from).collect()))
}

// ------------------------------------------------------------------ compliance

#[derive(Deserialize, IntoParams)]
pub struct ComplianceQuery {
    /// First month, YYYY-MM (required).
    pub from: Option<String>,
    /// Last month, YYYY-MM (required; at most 120 months after `from`).
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CellDto {
    /// The region's 12-digit code: the village, the assignment's region, or the problems'.
    pub region: String,
    pub region_name: String,
    /// The rule's id.
    pub rule: String,
    /// 2023-05, 2023-Q2 or 2023.
    pub period: String,
    /// met, pending (period still open) or missed.
    pub status: String,
    pub required: u32,
    pub actual: u32,
    /// The assignment, for a per-assignment rule.
    pub assignment: Option<String>,
    /// Ids of the meetings (or problems) counted.
    pub records: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceDto {
    pub from: String,
    pub to: String,
    /// The day the board was evaluated (China time).
    pub today: String,
    pub cells: Vec<CellDto>,
    pub rules: Vec<RuleDto>,
}

/// The compliance board of the caller's scope for the months `from`–`to`: one cell per
/// region (or assignment), rule and period overlapping the range.
#[utoipa::path(get, path = "/api/v1/compliance", tag = "mechanism", params(ComplianceQuery),
    responses((status = 200, body = ComplianceDto), (status = 400, body = ErrorBody)))]
pub async fn compliance_board(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ComplianceQuery>,
) -> Result<Json<ComplianceDto>, AppError> {
    let from = month_param(&q.from, "from")?;
    let to = month_param(&q.to, "to")?;
    let today = crate::base::format::today();
    let board = compliance::board(&state.db, &auth.actor.scope, from, to, today)
        .await
        .map_err(|e| {
            // A range backwards or too long is a bad query like a bad month.
            let mut e = AppError::from(e);
            if e.field.is_some() {
                e.status = StatusCode::BAD_REQUEST;
            }
            e
        })?;
    let cells = board
        .cells
        .iter()
        .map(|c| CellDto {
            region_name: board.region_name(&c.region).unwrap_or("").to_string(),
            region: c.region.clone(),
            rule: c.rule.clone(),
            period: c.period.label(),
            status: c.status.as_str().to_string(),
            required: c.required,
            actual: c.actual,
            assignment: c.assignment.clone(),
            records: c.records.clone(),
        })
        .collect();
    Ok(Json(ComplianceDto {
        from: board.from.to_string(),
        to: board.to.to_string(),
        today: board.today.to_string(),
        cells,
        rules: board.rules.into_iter().map(RuleDto::from).collect(),
    }))
}

//! Work plans (工作计划) and their targets in the JSON API.

use super::admin_only;
use crate::base::ctx::{Auth, SignedIn};
use crate::base::json;
use crate::base::params::num_text;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::identity::Role;
use domain::mechanism::Target;
use domain::mechanism::plan::{MemberInput, PlanInput, TargetInput};
use serde::{Deserialize, Serialize};
use store::mechanism::plans::{PlanDetail, TargetView};
use store::mechanism::{PlanRecord, plans};
use utoipa::ToSchema;

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
    json::Json(body): json::Json<PlanCreate>,
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
    json::Json(body): json::Json<PlanUpdate>,
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
    json::Json(body): json::Json<TargetCreate>,
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
    json::Json(body): json::Json<TargetCreate>,
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

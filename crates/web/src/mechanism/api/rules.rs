//! Compliance rules (会议制度) in the JSON API: listed for everyone, written by administrators.

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
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::{Every, RuleKind};
use serde::{Deserialize, Serialize};
use store::mechanism::{RuleRecord, rules};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RuleDto {
    pub id: String,
    pub name: String,
    /// per_assignment, per_village, problems_on_time or disclosures_on_time.
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

/// A rule as written: `kind` picks which of the other fields count.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RuleWrite {
    pub name: String,
    /// per_assignment, per_village, problems_on_time or disclosures_on_time.
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
            "disclosures_on_time" => Ok(RuleKind::DisclosuresOnTime { every }),
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
    json::Json(body): json::Json<RuleWrite>,
) -> Result<(StatusCode, Json<RuleDto>), AppError> {
    admin_only(&auth)?;
    let kind = body.rule_kind()?;
    let record = rules::create(&state.db, &auth.actor, &body.name, &kind).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
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
    json::Json(body): json::Json<RuleWrite>,
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

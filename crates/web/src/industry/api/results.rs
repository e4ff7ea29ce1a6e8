//! Results (产量、收益、带动农户) of a project, a unit or a batch for a year in the JSON API.

use crate::base::ctx::{Auth, SignedIn};
use crate::base::params::{bad_param, given};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use store::industry::results::Selection;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// The year (YYYY); all years when absent.
    pub year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct YieldDto {
    pub product: String,
    /// Exact decimal text.
    pub quantity: String,
    pub unit: String,
    /// Per m² of the units' area (6 decimals); null without area.
    pub per_m2: Option<String>,
    /// Per greenhouse; null without greenhouses.
    pub per_greenhouse: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdDto {
    pub household: String,
    pub workers: usize,
    /// Wages earned, fen.
    pub income: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsDto {
    /// The project (on the project's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The production unit (on a unit's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    /// The batch (on a batch's results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    pub year: Option<i32>,
    /// Sales, fen.
    pub gross_income: i64,
    /// Sales whose income voucher is posted in the books (not reversed), fen.
    pub income_posted: i64,
    /// Input costs, fen.
    pub input_costs: i64,
    /// Wages earned, fen.
    pub wages: i64,
    /// Inputs plus wages, fen.
    pub costs: i64,
    /// Gross income less costs, fen.
    pub net: i64,
    pub distinct_workers: usize,
    /// Exact decimal text.
    pub person_days: String,
    /// Number of households with a worker.
    pub households: usize,
    pub household_income: Vec<HouseholdDto>,
    #[serde(rename = "yield")]
    pub yields: Vec<YieldDto>,
}

/// A project's results (yield, income, costs, labour, households), for a year when given.
#[utoipa::path(get, path = "/api/v1/projects/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Project id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn project_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Project(id), &q).await?,
    ))
}

/// The results of a project, unit or batch in scope (404 otherwise) for `q.year`.
pub(crate) async fn results_of(
    state: &AppState,
    auth: &Auth,
    selection: Selection,
    q: &ResultsQuery,
) -> Result<ResultsDto, AppError> {
    let year = given(&q.year)
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (1900..=9999).contains(y) && t.len() == 4)
                .ok_or_else(|| bad_param("year", t, "YYYY"))
        })
        .transpose()?;
    let r = store::industry::results::results(&state.db, &auth.actor.scope, &selection, year)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (project_id, unit_id, batch_id) = match selection {
        Selection::Project(id) => (Some(id), None, None),
        Selection::Unit(id) => (None, Some(id), None),
        Selection::Batch(id) => (None, None, Some(id)),
    };
    Ok(ResultsDto {
        project_id,
        unit_id,
        batch_id,
        year,
        gross_income: r.gross_income,
        income_posted: r.income_posted,
        input_costs: r.input_costs,
        wages: r.wages,
        costs: r.costs,
        net: r.net,
        distinct_workers: r.distinct_workers,
        person_days: r.person_days,
        households: r.households.len(),
        household_income: r
            .households
            .into_iter()
            .map(|h| HouseholdDto {
                household: h.household,
                workers: h.workers,
                income: h.income,
            })
            .collect(),
        yields: r
            .yields
            .into_iter()
            .map(|y| YieldDto {
                product: y.product,
                quantity: y.total,
                unit: y.unit,
                per_m2: y.per_m2,
                per_greenhouse: y.per_greenhouse,
            })
            .collect(),
    })
}

/// A production unit's results (same shape as a project's), for a year when given.
#[utoipa::path(get, path = "/api/v1/units/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Unit id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn unit_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Unit(id), &q).await?,
    ))
}

/// A batch's results (same shape as a project's), for a year when given.
#[utoipa::path(get, path = "/api/v1/batches/{id}/results", tag = "industry",
    params(("id" = String, Path, description = "Batch id"), ResultsQuery),
    responses((status = 200, body = ResultsDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn batch_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<ResultsDto>, AppError> {
    Ok(Json(
        results_of(&state, &auth, Selection::Batch(id), &q).await?,
    ))
}

//! The metrics catalogue and one metric's value for a region and a year in the JSON API.

use crate::base::ctx::SignedIn;
use crate::base::params::{bad_param, region_param, year_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::ledger::Class;
use domain::metrics::{Metric, Unit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MetricDto {
    /// The stable key (plan targets store it).
    pub key: String,
    /// The label in the caller's language.
    pub label: String,
    /// villages, times, items, people, households, yuan, fen or class.
    pub unit: String,
    /// The unit in the caller's language.
    pub unit_label: String,
    /// The region levels it is computed for: village, town, district.
    pub levels: Vec<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValueQuery {
    /// The region (12-digit code); the figure covers its whole subtree.
    pub region: Option<String>,
    /// The year (YYYY).
    pub year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MetricValueDto {
    pub key: String,
    pub region: String,
    pub year: i32,
    /// The figure in the metric's unit; null when it cannot be computed.
    pub value: Option<i64>,
    pub unit: String,
    /// For a share: the whole the value is counted out of.
    pub of: Option<i64>,
    /// For a share or a growth: the value as a whole percentage of `of` (null with an empty
    /// or negative whole).
    pub percent: Option<i64>,
    /// For `village_class`: the class (shell, weak, ordinary or strong).
    pub class: Option<String>,
}

fn metric_dto(m: Metric, tr: &crate::i18n::Tr) -> MetricDto {
    MetricDto {
        key: m.as_str().to_string(),
        label: tr.t(&m.label_id()),
        unit: m.unit().as_str().to_string(),
        unit_label: tr.t(&m.unit_label_id()),
        levels: m.levels().iter().map(|l| l.as_str().to_string()).collect(),
    }
}

/// The metrics catalogue: every metric with its label, unit and region levels.
#[utoipa::path(get, path = "/api/v1/metrics", tag = "metrics",
    responses((status = 200, body = Vec<MetricDto>), (status = 401, body = ErrorBody)))]
pub async fn list_metrics(SignedIn(_auth, ctx): SignedIn) -> Json<Vec<MetricDto>> {
    Json(
        Metric::ALL
            .into_iter()
            .map(|m| metric_dto(m, &ctx.tr))
            .collect(),
    )
}

/// One metric's figure for a region in the caller's scope and a year (404 for an unknown
/// key or a region outside the scope; 400 for a region of a level the metric does not apply
/// to).
#[utoipa::path(get, path = "/api/v1/metrics/{key}", tag = "metrics",
    params(("key" = String, Path, description = "Metric key"), ValueQuery),
    responses((status = 200, body = MetricValueDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn metric_value(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(key): Path<String>,
    Query(q): Query<ValueQuery>,
) -> Result<Json<MetricValueDto>, AppError> {
    let metric = Metric::parse(&key).map_err(|_| AppError::not_found())?;
    let region =
        region_param(&q.region, "region")?.ok_or_else(|| bad_param("region", "", "region code"))?;
    let year = year_param(q.year.as_deref())?.ok_or_else(|| bad_param("year", "", "YYYY"))?;
    if !auth.actor.scope.contains(&region) {
        return Err(AppError::not_found());
    }
    if !metric.applies_to(region.level()) {
        let levels: Vec<&str> = metric.levels().iter().map(|l| l.as_str()).collect();
        return Err(bad_param("region", region.as_str(), &levels.join(", ")));
    }
    let v = store::metrics::value(&state.db, &auth.actor.scope, metric, &region, year).await?;
    Ok(Json(MetricValueDto {
        key: metric.as_str().to_string(),
        region: region.as_str().to_string(),
        year,
        value: v.map(|v| v.value),
        unit: metric.unit().as_str().to_string(),
        of: v.and_then(|v| v.of),
        percent: v.and_then(|v| v.percent()),
        class: v
            .filter(|_| metric.unit() == Unit::Class)
            .and_then(|v| usize::try_from(v.value).ok())
            .and_then(|i| Class::ALL.get(i))
            .map(|c| c.as_str().to_string()),
    }))
}

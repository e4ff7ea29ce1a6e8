//! Assessments in the JSON API: the schemes of a year with their runs and states, and a
//! run's results (each subject's score, band, rank and indicator scores), scoped like the
//! pages (a village sees its own result once published).

use crate::base::ctx::SignedIn;
use crate::base::params::year_param;
use crate::base::regions::region_names;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::assessment::Band;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (YYYY); all years when absent.
    pub year: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RunDto {
    /// The assessment's id (for `/api/v1/assessments/{id}/results`).
    pub id: String,
    /// 1, then one more for each correction.
    pub version: i32,
    /// open, computed, review or published.
    pub state: String,
    /// The correction's reason (empty for the first version).
    pub reason: String,
    pub published_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SchemeDto {
    pub scheme_id: String,
    pub year: i32,
    pub title: String,
    /// village_team, town_team or first_secretary.
    pub subject_kind: String,
    /// The owner region (the district, or a town for its villages).
    pub owner: String,
    /// Its assessments visible to the caller, newest version first.
    pub assessments: Vec<RunDto>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorScoreDto {
    pub key: String,
    /// The figure read from the metrics catalogue (in the metric's unit), or the manual
    /// score in hundredths of a point; null when unavailable or not entered.
    pub value: Option<i64>,
    /// For a share: the whole the value is counted out of.
    pub of: Option<i64>,
    /// Points (hundredths exact).
    pub score: f64,
    /// A veto holds.
    pub vetoed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SubjectDto {
    /// The subject's region code.
    pub region: String,
    pub name: String,
    /// The total in points (hundredths exact).
    pub score: f64,
    /// excellent, good, pass, basic_pass or fail.
    pub band: String,
    /// The band the total reaches before veto and quota.
    pub band_by_score: String,
    /// Why the band differs: veto, quota, quota_tie_broken or quota_tie.
    pub moved: Option<String>,
    /// 1 = best; equal totals share a rank.
    pub rank: i32,
    pub indicators: Vec<IndicatorScoreDto>,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsDto {
    pub id: String,
    pub scheme_id: String,
    pub year: i32,
    pub version: i32,
    pub state: String,
    /// All subjects of the run (a quota counts them all).
    pub subject_count: i64,
    pub subjects: Vec<SubjectDto>,
}

fn points(hundredths: i64) -> f64 {
    hundredths as f64 / 100.0
}

/// The schemes of a year (or all years) visible to the caller, with their assessments'
/// states.
#[utoipa::path(get, path = "/api/v1/assessments", tag = "assessment",
    params(YearQuery),
    responses((status = 200, body = Vec<SchemeDto>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody)))]
pub async fn list_assessments(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<SchemeDto>>, AppError> {
    let year = year_param(q.year.as_deref())?;
    let scope = &auth.actor.scope;
    let schemes = store::assessment::schemes::list(&state.db, scope, year).await?;
    let mut out = Vec::with_capacity(schemes.len());
    for s in schemes {
        let runs = store::assessment::runs::of_scheme(&state.db, scope, &s.id).await?;
        out.push(SchemeDto {
            scheme_id: s.id,
            year: s.year,
            title: s.title,
            subject_kind: s.subject_kind,
            owner: s.region_code,
            assessments: runs
                .into_iter()
                .map(|r| RunDto {
                    id: r.id,
                    version: r.version,
                    state: r.state,
                    reason: r.reason,
                    published_at: r.published_at,
                })
                .collect(),
        });
    }
    Ok(Json(out))
}

/// An assessment's results: each subject the caller may see, by rank (404 outside the
/// scope, or for a village before publication).
#[utoipa::path(get, path = "/api/v1/assessments/{id}/results", tag = "assessment",
    params(("id" = String, Path, description = "Assessment id")),
    responses((status = 200, body = ResultsDto), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn assessment_results(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ResultsDto>, AppError> {
    let scope = &auth.actor.scope;
    let view = store::assessment::runs::view(&state.db, scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let names = region_names(&state, scope).await?;
    let band = |b: &str| Band::parse(b).map_or_else(|| b.to_string(), |b| b.as_str().to_string());
    Ok(Json(ResultsDto {
        id: view.run.id.clone(),
        scheme_id: view.run.scheme_id.clone(),
        year: view.run.year,
        version: view.run.version,
        state: view.run.state.clone(),
        subject_count: view.subject_count,
        subjects: view
            .subjects
            .iter()
            .map(|s| SubjectDto {
                region: s.result.region_code.clone(),
                name: names
                    .get(&s.result.region_code)
                    .cloned()
                    .unwrap_or_default(),
                score: points(s.result.total),
                band: band(&s.result.band),
                band_by_score: band(&s.result.by_score),
                moved: s.result.moved.clone(),
                rank: s.result.rank,
                indicators: s
                    .scores
                    .iter()
                    .map(|x| IndicatorScoreDto {
                        key: x.indicator_key.clone(),
                        value: x.value,
                        of: x.of_value,
                        score: points(x.score),
                        vetoed: x.vetoed,
                    })
                    .collect(),
            })
            .collect(),
    }))
}

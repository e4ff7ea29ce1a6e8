//! The classification of villages by operating income in the JSON API.

use crate::base::ctx::SignedIn;
use crate::error::AppError;
use crate::error::ErrorBody;
use crate::ledger::classification::YearQuery;
use crate::ledger::classification::year_or_latest;
use crate::state::AppState;
use axum::Json;
use axum::extract::Query;
use axum::extract::State;
use serde::Serialize;
use store::ledger::classification;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ClassCountDto {
    /// shell (空壳村), weak (薄弱村), ordinary (一般村) or strong (强村).
    pub class: String,
    pub count: usize,
    /// count / villages.
    pub share: f64,
}

#[derive(Serialize, ToSchema)]
pub struct VillageFigureDto {
    pub code: String,
    pub name: String,
    /// Operating income in fen under the measure in force.
    pub figure: i64,
    pub class: String,
    pub has_books: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ClassificationDto {
    pub year: i32,
    /// gross or net.
    pub measure: String,
    /// The number of villages in the caller's scope.
    pub villages: usize,
    pub classes: Vec<ClassCountDto>,
    pub rows: Vec<VillageFigureDto>,
}

/// The classification of the villages in the caller's scope for a year.
#[utoipa::path(get, path = "/api/v1/classification", tag = "ledger", params(YearQuery),
    responses((status = 200, body = ClassificationDto), (status = 401, body = ErrorBody)))]
pub async fn classification_api(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Json<ClassificationDto>, AppError> {
    let (year, _) = year_or_latest(
        &state,
        &auth,
        crate::base::params::year_param(q.year.as_deref())?,
    )
    .await?;
    let c = classification::classify(&state.db, &auth.actor.scope, year).await?;
    Ok(Json(ClassificationDto {
        year: c.year,
        measure: c.measure.as_str().to_string(),
        villages: c.villages,
        classes: c
            .classes
            .iter()
            .map(|x| ClassCountDto {
                class: x.class.as_str().to_string(),
                count: x.count,
                share: x.share,
            })
            .collect(),
        rows: c
            .rows
            .into_iter()
            .map(|r| VillageFigureDto {
                code: r.region_code,
                name: r.name,
                figure: r.figure,
                class: r.class.as_str().to_string(),
                has_books: r.has_books,
            })
            .collect(),
    }))
}

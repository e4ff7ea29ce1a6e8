//! Disclosure items in the cadres' JSON API: the items of a region and year in the caller's
//! scope, and one item with its versions (and the current version's snapshot).

use crate::base::ctx::SignedIn;
use crate::base::params::{paging, region_param, year_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use store::disclosure::items::{self, Filter, ItemRecord};
use store::disclosure::versions;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_disclosures))
        .routes(routes!(get_disclosure))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Items of this region and below (12-digit code); the whole scope when absent.
    pub region: Option<String>,
    /// Items whose period overlaps this year (YYYY).
    pub year: Option<String>,
    /// finance, affairs or party.
    pub category: Option<String>,
    /// draft, submitted, approved or published.
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemDto {
    pub id: String,
    pub region_code: String,
    /// finance, affairs or party.
    pub category: String,
    /// finance_period, project_progress, meeting_decisions, subsidy_list, other or
    /// party_period.
    pub kind: String,
    pub title: String,
    /// First and last day, YYYY-MM-DD.
    pub period_from: String,
    pub period_to: String,
    /// draft, submitted, approved or published.
    pub state: String,
    /// The latest published version (0: never published).
    pub current_version: i64,
    /// The reason of the correction being prepared.
    pub correction_reason: String,
    pub updated_at: String,
}

impl From<ItemRecord> for ItemDto {
    fn from(i: ItemRecord) -> ItemDto {
        ItemDto {
            id: i.id,
            region_code: i.region_code,
            category: i.category,
            kind: i.kind,
            title: i.title,
            period_from: i.period_from,
            period_to: i.period_to,
            state: i.state,
            current_version: i.current_version,
            correction_reason: i.correction_reason,
            updated_at: i.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ItemListDto {
    pub items: Vec<ItemDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    pub version: i64,
    /// Why it corrects the version before ('' for the first).
    pub reason: String,
    /// Hex SHA-256 of the canonical snapshot (the log entry).
    pub snapshot_sha256: String,
    pub log_index: i64,
    pub published_at: String,
    pub published_by_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ItemDetailDto {
    pub item: ItemDto,
    /// Every published version, oldest first.
    pub versions: Vec<VersionDto>,
    /// The current version's snapshot (canonical JSON parsed), when published.
    #[schema(value_type = Option<Object>)]
    pub snapshot: Option<serde_json::Value>,
}

/// Disclosure items in the caller's scope (of a region and year when given), newest period
/// first.
#[utoipa::path(get, path = "/api/v1/disclosures", tag = "disclosure",
    params(ListQuery),
    responses((status = 200, body = ItemListDto), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody)))]
pub async fn list_disclosures(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Json<ItemListDto>, AppError> {
    let region = region_param(&q.region, "region")?;
    let year = year_param(q.year.as_deref())?;
    let (page, per_page, p) = paging(q.page, q.per_page);
    let filter = Filter {
        region: region.map(|r| r.as_str().to_string()).unwrap_or_default(),
        category: q.category.unwrap_or_default().trim().to_string(),
        state: q.state.unwrap_or_default().trim().to_string(),
        year,
    };
    let (rows, total) = items::list(&state.db, &auth.actor.scope, &filter, p).await?;
    Ok(Json(ItemListDto {
        items: rows.into_iter().map(ItemDto::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One item in the caller's scope with its published versions (404 outside the scope).
#[utoipa::path(get, path = "/api/v1/disclosures/{id}", tag = "disclosure",
    params(("id" = String, Path, description = "Disclosure item id")),
    responses((status = 200, body = ItemDetailDto), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_disclosure(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ItemDetailDto>, AppError> {
    let item = items::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let history = versions::history(&state.db, &id).await?;
    let snapshot = if item.current_version > 0 {
        versions::get(&state.db, &id, item.current_version)
            .await?
            .and_then(|v| serde_json::from_str(&v.snapshot).ok())
    } else {
        None
    };
    Ok(Json(ItemDetailDto {
        item: item.into(),
        versions: history
            .into_iter()
            .map(|v| VersionDto {
                version: v.version,
                reason: v.reason,
                snapshot_sha256: v.snapshot_sha256,
                log_index: v.log_index,
                published_at: v.published_at,
                published_by_name: v.published_by_name,
            })
            .collect(),
        snapshot,
    }))
}

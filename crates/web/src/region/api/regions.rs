//! `/api/v1/regions`: list with paging, get by code, create, update.

use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::region::{Level, RegionInput};
use serde::{Deserialize, Serialize};
use store::region::RegionRecord;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    /// 12-digit statistical division code.
    pub code: String,
    pub parent_code: Option<String>,
    /// district, town or village.
    pub level: String,
    /// district, county, town, township, subdistrict, village or community.
    pub kind: String,
    pub name: String,
    /// key_village (重点村), supported_village (扶持村).
    pub tags: Vec<String>,
    pub population: Option<i64>,
    pub households: Option<i64>,
    /// Area in km², exact decimal text.
    pub area_km2: Option<String>,
    pub party_members: Option<i64>,
    pub archived: bool,
    pub updated_at: String,
}

impl From<RegionRecord> for RegionDto {
    fn from(r: RegionRecord) -> Self {
        RegionDto {
            tags: r
                .tag_list()
                .into_iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            code: r.code,
            parent_code: r.parent_code,
            level: r.level,
            kind: r.kind,
            name: r.name,
            population: r.population,
            households: r.households,
            area_km2: r.area_km2,
            party_members: r.party_members,
            archived: r.archived,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionPage {
    pub items: Vec<RegionDto>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page, 1–500 (default 50).
    pub per_page: Option<i64>,
    /// Only the direct children of this code.
    pub parent: Option<String>,
    /// district, town or village.
    pub level: Option<String>,
    /// Part of the name or code.
    pub q: Option<String>,
}

/// Regions in the caller's scope, ordered by code.
#[utoipa::path(get, path = "/api/v1/regions", tag = "region", params(ListQuery),
    responses((status = 200, body = RegionPage), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list_regions(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Json<RegionPage>, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(50).clamp(1, store::Page::MAX_LIMIT);
    let level = match q.level.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("district") => Some(Level::District),
        Some("town") => Some(Level::Town),
        Some("village") => Some(Level::Village),
        Some(other) => {
            return Err(domain::FieldError::new("common.choice_invalid", "level")
                .arg("value", other)
                .into());
        }
    };
    let filter = store::region::Filter {
        parent_code: q.parent.filter(|p| !p.trim().is_empty()),
        level,
        query: q.q.unwrap_or_default(),
        include_archived: false,
    };
    let (rows, total) = store::region::list(
        &state.db,
        &auth.actor.scope,
        &filter,
        store::Page::new(page, per_page),
    )
    .await?;
    Ok(Json(RegionPage {
        items: rows.into_iter().map(RegionDto::from).collect(),
        page,
        per_page,
        total,
    }))
}

/// One region by its code; 404 when it does not exist or lies outside the caller's scope.
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "region",
    params(("code" = String, Path, description = "12-digit statistical code")),
    responses((status = 200, body = RegionDto), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_region(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<RegionDto>, AppError> {
    let r = store::region::get(&state.db, &auth.actor.scope, &code)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(r.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct RegionCreate {
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(flatten)]
    pub profile: ProfileFields,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ProfileFields {
    pub population: Option<i64>,
    pub households: Option<i64>,
    pub area_km2: Option<String>,
    pub party_members: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct RegionUpdate {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(flatten)]
    pub profile: ProfileFields,
}

fn input(
    code: String,
    parent: Option<String>,
    name: String,
    kind: String,
    tags: Vec<String>,
    p: ProfileFields,
) -> RegionInput {
    let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    RegionInput {
        code,
        parent_code: parent.unwrap_or_default(),
        name,
        kind,
        tags: tags.join(","),
        population: n(p.population),
        households: n(p.households),
        area_km2: p.area_km2.unwrap_or_default(),
        party_members: n(p.party_members),
    }
}

/// Creates a region under an existing parent in the caller's scope.
#[utoipa::path(post, path = "/api/v1/regions", tag = "region", request_body = RegionCreate,
    responses((status = 201, body = RegionDto), (status = 422, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn create_region(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    json::Json(body): json::Json<RegionCreate>,
) -> Result<(StatusCode, Json<RegionDto>), AppError> {
    let region = input(
        body.code,
        body.parent_code,
        body.name,
        body.kind,
        body.tags,
        body.profile,
    )
    .validate()?;
    let r = store::region::create(&state.db, &auth.actor, &region).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// Changes a region's name, kind, tags and profile figures (code and parent are fixed).
#[utoipa::path(put, path = "/api/v1/regions/{code}", tag = "region", request_body = RegionUpdate,
    params(("code" = String, Path, description = "12-digit statistical code")),
    responses((status = 200, body = RegionDto), (status = 404, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_region(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(code): Path<String>,
    json::Json(body): json::Json<RegionUpdate>,
) -> Result<Json<RegionDto>, AppError> {
    let existing = store::region::get(&state.db, &auth.actor.scope, &code)
        .await?
        .ok_or_else(AppError::not_found)?;
    let region = input(
        existing.code,
        existing.parent_code,
        body.name,
        body.kind,
        body.tags,
        body.profile,
    )
    .validate()?;
    let r = store::region::update(&state.db, &auth.actor, &region).await?;
    Ok(Json(r.into()))
}

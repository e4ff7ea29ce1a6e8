//! The read-only public API `/api/public/v1` (owned by the portal work of issue 15): regions
//! with their children, a region's current disclosures, a published version (its canonical
//! snapshot, hash and log index). No sign-in and no security requirement in the document;
//! answers carry `ETag` / `Last-Modified` (304 on revalidation); each client address gets
//! `public_limits.api_per_minute` requests a minute (then 429 with `Retry-After`).

use crate::base::ctx::RequestCtx;
use crate::disclosure::portal::{CACHE_IMMUTABLE, CACHE_REGION, Rendered, answer, cached};
use crate::error::{AppError, ErrorBody};
use crate::i18n::Locale;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use store::disclosure::public::{self as public, PublicRegion};
use store::disclosure::versions;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The OpenAPI tag of the public API.
pub const TAG: &str = "public";

/// The window of `public_limits.api_per_minute`, told to a refused client.
const RETRY_AFTER_SECS: &str = "60";

/// A region below another, as a region's `children` lists it.
#[derive(Serialize, ToSchema)]
pub struct PublicRegionRef {
    pub code: String,
    /// district, town or village.
    pub level: String,
    pub name: String,
    /// Items published (current versions) in its subtree.
    pub published: i64,
}

/// A region with the regions right below it.
#[derive(Serialize, ToSchema)]
pub struct PublicRegionDto {
    /// 12-digit statistical division code.
    pub code: String,
    pub parent_code: Option<String>,
    /// district, town or village.
    pub level: String,
    pub name: String,
    pub children: Vec<PublicRegionRef>,
}

/// The current published version of an item.
#[derive(Serialize, ToSchema)]
pub struct PublicDisclosureDto {
    pub item_id: String,
    pub region_code: String,
    /// finance (财务公开), affairs (村务公开) or party (党务公开).
    pub category: String,
    pub kind: String,
    /// The period covered, YYYY-MM-DD inclusive.
    pub period_from: String,
    pub period_to: String,
    pub title: String,
    pub version: i64,
    /// SHA-256 of the canonical snapshot, hex: the log entry.
    pub sha256: String,
    pub log_index: i64,
    pub published_at: String,
    /// The version's API address.
    pub href: String,
}

/// A published version, frozen.
#[derive(Serialize, ToSchema)]
pub struct PublicVersionDto {
    pub item_id: String,
    pub region_code: String,
    pub category: String,
    pub kind: String,
    pub period_from: String,
    pub period_to: String,
    pub title: String,
    pub version: i64,
    /// Why this version corrects the one before ("" for the first).
    pub reason: String,
    pub published_at: String,
    /// SHA-256 of `snapshot_text`, hex: the log entry.
    pub sha256: String,
    pub log_index: i64,
    /// The snapshot as JSON.
    #[schema(value_type = Object)]
    pub snapshot: serde_json::Value,
    /// The canonical snapshot exactly as hashed (sorted keys, no spaces).
    pub snapshot_text: String,
}

fn json_rendered(value: &impl Serialize, modified: chrono::DateTime<chrono::Utc>) -> Rendered {
    let body = serde_json::to_vec(value).unwrap_or_default();
    Rendered::new(body, "application/json", modified)
}

async fn region_dto(state: &AppState, r: PublicRegion) -> Result<PublicRegionDto, AppError> {
    let below = public::children(&state.db, &r.code).await?;
    let counts = public::published_counts(&state.db, &r.code, &below).await?;
    Ok(PublicRegionDto {
        children: below
            .into_iter()
            .zip(counts)
            .map(|(c, published)| PublicRegionRef {
                code: c.code,
                level: c.level,
                name: c.name,
                published,
            })
            .collect(),
        code: r.code,
        parent_code: r.parent_code,
        level: r.level,
        name: r.name,
    })
}

/// The districts, each with its towns.
#[utoipa::path(get, path = "/api/public/v1/regions", tag = TAG, security(),
    responses((status = 200, body = Vec<PublicRegionDto>),
              (status = 429, body = ErrorBody, description = "Too many requests from this address")))]
pub async fn list_regions(
    State(state): State<AppState>,
    _limit: WithinLimit,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let r = cached(&state, "/api/public/v1/regions", Locale::ZhCn, || async {
        let mut out = Vec::new();
        for d in public::districts(&state.db).await? {
            out.push(region_dto(&state, d).await?);
        }
        Ok(json_rendered(&out, domain::time::now()))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_REGION))
}

/// One region with the regions right below it; 404 when unknown or archived.
#[utoipa::path(get, path = "/api/public/v1/regions/{code}", tag = TAG, security(),
    params(("code" = String, Path, description = "12-digit statistical code")),
    responses((status = 200, body = PublicRegionDto), (status = 404, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn get_region(
    State(state): State<AppState>,
    _limit: WithinLimit,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = format!("/api/public/v1/regions/{code}");
    let r = cached(&state, &path, Locale::ZhCn, || async {
        let region = public::region(&state.db, &code)
            .await?
            .ok_or_else(AppError::not_found)?;
        Ok(json_rendered(
            &region_dto(&state, region).await?,
            domain::time::now(),
        ))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_REGION))
}

/// The current published version of every item of a region (its own, not those below).
#[utoipa::path(get, path = "/api/public/v1/regions/{code}/disclosures", tag = TAG, security(),
    params(("code" = String, Path, description = "12-digit statistical code")),
    responses((status = 200, body = Vec<PublicDisclosureDto>), (status = 404, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn region_disclosures(
    State(state): State<AppState>,
    _limit: WithinLimit,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let path = format!("/api/public/v1/regions/{code}/disclosures");
    let r = cached(&state, &path, Locale::ZhCn, || async {
        public::region(&state.db, &code)
            .await?
            .ok_or_else(AppError::not_found)?;
        let items: Vec<PublicDisclosureDto> = versions::current_for_region(&state.db, &code)
            .await?
            .into_iter()
            .map(|i| PublicDisclosureDto {
                href: format!(
                    "/api/public/v1/disclosures/{}/versions/{}",
                    i.item_id, i.version
                ),
                item_id: i.item_id,
                region_code: i.region_code,
                category: i.category,
                kind: i.kind,
                period_from: i.period_from,
                period_to: i.period_to,
                title: i.title,
                version: i.version,
                sha256: i.snapshot_sha256,
                log_index: i.log_index,
                published_at: i.published_at,
            })
            .collect();
        Ok(json_rendered(&items, domain::time::now()))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_REGION))
}

/// A published version: its snapshot, hash and log index (immutable).
#[utoipa::path(get, path = "/api/public/v1/disclosures/{id}/versions/{version}", tag = TAG,
    security(),
    params(("id" = String, Path, description = "The item's id"),
           ("version" = i64, Path, description = "The version, from 1")),
    responses((status = 200, body = PublicVersionDto), (status = 404, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn get_version(
    State(state): State<AppState>,
    _limit: WithinLimit,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let n: i64 = version.parse().map_err(|_| AppError::not_found())?;
    let item = public::item(&state.db, &id)
        .await?
        .filter(|i| (1..=i.current_version).contains(&n))
        .ok_or_else(AppError::not_found)?;
    let v = versions::get(&state.db, &id, n)
        .await?
        .ok_or_else(AppError::not_found)?;
    let snapshot = serde_json::from_str(&v.snapshot).map_err(AppError::internal)?;
    let modified = domain::time::parse_ts(&v.published_at).unwrap_or_else(domain::time::now);
    let dto = PublicVersionDto {
        item_id: item.id,
        region_code: item.region_code,
        category: item.category,
        kind: item.kind,
        period_from: item.period_from,
        period_to: item.period_to,
        title: item.title,
        version: v.version,
        reason: v.reason,
        published_at: v.published_at,
        sha256: v.snapshot_sha256,
        log_index: v.log_index,
        snapshot,
        snapshot_text: v.snapshot,
    };
    Ok(answer(
        &headers,
        &json_rendered(&dto, modified),
        CACHE_IMMUTABLE,
    ))
}

/// A request of the public API within its address's limit (the extractor counts it): over
/// the limit, 429 with a translated JSON error and `Retry-After`.
pub struct WithinLimit;

impl FromRequestParts<AppState> for WithinLimit {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let key = crate::ops::client_ip(parts, state.config.trust_proxy)
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        if state.public_limiters.api.allow(&key) {
            return Ok(WithinLimit);
        }
        let code = "portal.rate_limited";
        let locale = parts
            .extensions
            .get::<RequestCtx>()
            .map(|c| c.locale())
            .unwrap_or(Locale::ZhCn);
        let body = ErrorBody {
            code: code.to_string(),
            message: state.i18n.message(locale, &code.replace('.', "-"), &[]),
            field: None,
        };
        let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
        Err(response)
    }
}

pub fn api_routes() -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::new()
        .routes(routes!(list_regions))
        .routes(routes!(get_region))
        .routes(routes!(region_disclosures))
        .routes(routes!(get_version));
    // No security requirement: the document's global one (bearer or session) does not apply.
    for item in router.get_openapi_mut().paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.head].into_iter().flatten() {
            op.security = Some(Vec::new());
        }
    }
    router
}

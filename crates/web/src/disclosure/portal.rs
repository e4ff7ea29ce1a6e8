//! The public portal under `/public` (owned by the portal work of issue 15): no sign-in,
//! Chinese first, small pages without JavaScript, cacheable.
//!
//! [`Frame`] and `templates/disclosure/public_base.html` are the public pages' frame, which
//! the news and feedback pages (`news.rs`, `feedback.rs`) extend too.
//!
//! Every public answer is a [`Rendered`] body with its `ETag` and `Last-Modified`, answered
//! by [`answer`] (304 on `If-None-Match` / `If-Modified-Since`). Pages are rendered once per
//! data version ([`crate::base::cache::VersionedCache`]) and language: they hold no user and no
//! CSRF token, so they may be kept and shared (and carry no `Set-Cookie`). What a published
//! version froze (its print sheet and QR code) is immutable; pages showing the log's latest
//! checkpoint or a history that may grow are revalidated after a minute.

mod open_data;

use crate::base::url;
use crate::error::AppError;
use crate::i18n::{Locale, Tr};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use std::sync::Arc;
use store::disclosure::public::{self as public, PublicItem, PublicRegion};
use store::disclosure::versions::{self, PublishedItem, VersionMeta, VersionRecord};

/// What the public frame needs: the language and translations, the page's title and the
/// path back up (district → town → village).
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    /// (label, href) from the portal's top down to the page's parent.
    pub crumbs: Vec<(String, String)>,
    /// The page's own path (without query), for the language switch; empty: no switch.
    pub path: String,
}

impl Frame {
    pub fn new(tr: Tr, title: impl Into<String>) -> Frame {
        Frame {
            tr,
            title: title.into(),
            crumbs: Vec::new(),
            path: String::new(),
        }
    }

    /// The frame of the page at `path` (which the language switch links to).
    pub fn at(mut self, path: impl Into<String>) -> Frame {
        self.path = path.into();
        self
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.locale.tag()
    }

    /// A public link in the page's language: Chinese pages link plainly, others carry
    /// `?lang=`, so a page's address names its language (and its cache entry).
    pub fn link(&self, path: &str) -> String {
        with_lang(path, self.tr.locale)
    }

    /// The switch to the other language: (label, link to this page in it).
    pub fn switch(&self) -> Option<(String, String)> {
        if self.path.is_empty() {
            return None;
        }
        let other = match self.tr.locale {
            Locale::ZhCn => Locale::EnUs,
            _ => Locale::ZhCn,
        };
        let sep = if self.path.contains('?') { '&' } else { '?' };
        Some((
            self.t("portal-switch"),
            format!("{}{sep}lang={}", self.path, other.tag()),
        ))
    }

    /// The stylesheet's address, versioned by its content (so it may be cached for good).
    pub fn style_href(&self) -> String {
        style_href()
    }
}

fn with_lang(path: &str, locale: Locale) -> String {
    if locale == Locale::ZhCn {
        return path.to_string();
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={}", locale.tag())
}

/// The public pages' language: `?lang=` when given, else the visitor's (cookie or account),
/// Chinese by default.
#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    pub lang: Option<String>,
}

impl LangQuery {
    pub fn locale(&self, ctx: &crate::base::ctx::RequestCtx) -> Locale {
        self.lang
            .as_deref()
            .and_then(Locale::parse)
            .unwrap_or_else(|| ctx.locale())
    }
}

// ---------------------------------------------------------------------------------------------
// Answers: ETag, Last-Modified, 304, cache headers.

/// A public answer's body and validators.
pub struct Rendered {
    pub body: Bytes,
    pub content_type: &'static str,
    /// Quoted strong ETag.
    pub etag: String,
    /// HTTP date.
    pub last_modified: String,
}

impl Rendered {
    /// `body`, its ETag from its content, last modified at `modified`.
    pub fn new(
        body: impl Into<Bytes>,
        content_type: &'static str,
        modified: chrono::DateTime<chrono::Utc>,
    ) -> Rendered {
        let body = body.into();
        let digest = domain::disclosure::snapshot::sha256(&body);
        let hex = domain::disclosure::snapshot::hex(&digest);
        Rendered {
            etag: format!("\"{}\"", &hex[..32]),
            body,
            content_type,
            last_modified: http_date(modified),
        }
    }
}

/// Region pages and pages showing the log's latest state: shared caches may keep them a
/// minute, then ask again (a 304 when nothing changed).
pub const CACHE_REGION: &str = "public, max-age=60";
/// What a published version froze: never changes under its address.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `at` as an HTTP date (`Sat, 05 Dec 2026 14:00:00 GMT`).
pub fn http_date(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A stored timestamp as an HTTP date (now when it does not parse).
fn stored_http_time(ts: &str) -> chrono::DateTime<chrono::Utc> {
    domain::time::parse_ts(ts).unwrap_or_else(domain::time::now)
}

/// Has the client the same answer already? `If-None-Match` decides when sent (weak
/// comparison, `*` too), else `If-Modified-Since`.
fn not_modified(request: &HeaderMap, r: &Rendered) -> bool {
    let inm: Vec<&str> = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !inm.is_empty() {
        return inm.iter().flat_map(|v| v.split(',')).any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == r.etag
        });
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
    let modified = chrono::DateTime::parse_from_rfc2822(&r.last_modified).ok();
    matches!((since, modified), (Some(s), Some(m)) if m <= s)
}

/// The answer to a GET of `r`: 304 without a body when the client has it, else 200; both
/// with the validators, `cache_control` and `Vary: Cookie` (the language may come from the
/// language cookie).
pub fn answer(request: &HeaderMap, r: &Rendered, cache_control: &'static str) -> Response {
    let fresh = not_modified(request, r);
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut res = r.body.clone().into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(r.content_type),
        );
        res
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    h.insert(header::VARY, HeaderValue::from_static("cookie"));
    if let Ok(v) = HeaderValue::from_str(&r.etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&r.last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}

/// What a rendered public page depends on besides the data: its address and language.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    path: String,
    locale: Locale,
}

/// How long a data version read for the portal is answered again without a query while this
/// process commits nothing (another process's write shows within this time; the pages are
/// `max-age=60` for shared caches anyway).
pub const FRESH_WITHIN: std::time::Duration = std::time::Duration::from_secs(1);

/// Rendered public pages of one data version.
pub type PortalCache = crate::base::cache::VersionedCache<PageKey, Rendered>;

/// The page `path` in `locale`: kept from an earlier request of this data version, or made by
/// `make` (and kept). The version is read before making, so what is kept is never older than
/// a write this process acknowledged, nor than another process's by more than [`FRESH_WITHIN`].
pub async fn cached<F, Fut>(
    state: &AppState,
    path: &str,
    locale: Locale,
    make: F,
) -> Result<Arc<Rendered>, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, AppError>>,
{
    let key = PageKey {
        path: path.to_string(),
        locale,
    };
    let version = state
        .portal_cache
        .data_version_within(&state.db, FRESH_WITHIN)
        .await;
    if let Some(r) = version
        .as_deref()
        .and_then(|v| state.portal_cache.get(v, &key))
    {
        return Ok(r);
    }
    let r = Arc::new(make().await?);
    if let Some(v) = version {
        state.portal_cache.put(v, key, r.clone());
    }
    Ok(r)
}

fn html(page: &impl Template) -> Result<String, AppError> {
    Ok(page.render()?)
}

// ---------------------------------------------------------------------------------------------
// The stylesheet.

const STYLE: &str = include_str!("../../templates/disclosure/public.css");

fn style() -> &'static Rendered {
    static STYLE_RENDERED: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
    STYLE_RENDERED.get_or_init(|| {
        Rendered::new(
            STYLE,
            "text/css; charset=utf-8",
            chrono::DateTime::UNIX_EPOCH,
        )
    })
}

/// `/public/style.css?v=<first characters of its ETag>`.
pub fn style_href() -> String {
    let tag = style().etag.trim_matches('"');
    format!("{}?v={}", url::PUBLIC_STYLE, &tag[..12])
}

async fn stylesheet(headers: HeaderMap) -> Response {
    answer(&headers, style(), CACHE_IMMUTABLE)
}

// ---------------------------------------------------------------------------------------------
// Labels.

/// 财务公开 / 村务公开 / 党务公开.
pub fn category_label(tr: &Tr, category: &str) -> String {
    tr.t(&format!("portal-category-{category}"))
}

/// `2024-01-01 – 2024-03-31`, or the one day.
pub fn period_text(from: &str, to: &str) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from} – {to}")
    }
}

fn level_label(tr: &Tr, level: &str) -> String {
    tr.t(&format!("portal-level-{level}"))
}

fn crumbs_of(tr: &Tr, chain: &[PublicRegion]) -> Vec<(String, String)> {
    let mut crumbs = vec![(tr.t("portal-home"), with_lang(url::PUBLIC, tr.locale))];
    crumbs.extend(chain.iter().map(|r| {
        (
            r.name.clone(),
            with_lang(&url::public_region(&r.code), tr.locale),
        )
    }));
    crumbs
}

// ---------------------------------------------------------------------------------------------
// The portal's top: the districts and their towns.

#[derive(Template)]
#[template(path = "disclosure/public_index.html")]
struct IndexPage {
    frame: Frame,
    /// Each district with its towns and the number of published items below each.
    districts: Vec<(PublicRegion, Vec<(PublicRegion, i64)>)>,
}

impl IndexPage {
    fn region_href(&self, code: &str) -> String {
        self.frame.link(&url::public_region(code))
    }
    fn count_text(&self, n: &i64) -> String {
        self.frame.tr.t1("portal-published-count", "count", n)
    }
}

async fn index(
    State(state): State<AppState>,
    ctx: crate::base::ctx::RequestCtx,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = q.locale(&ctx);
    let r = cached(&state, url::PUBLIC, locale, || async {
        let tr = Tr::new(state.i18n.clone(), locale);
        let mut districts = Vec::new();
        for d in public::districts(&state.db).await? {
            let towns = public::children(&state.db, &d.code).await?;
            let counts = public::published_counts(&state.db, &d.code, &towns).await?;
            districts.push((d, towns.into_iter().zip(counts).collect()));
        }
        let frame = Frame::new(tr.clone(), tr.t("portal-title")).at(url::PUBLIC);
        let body = html(&IndexPage { frame, districts })?;
        Ok(Rendered::new(
            body,
            "text/html; charset=utf-8",
            domain::time::now(),
        ))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_REGION))
}

// ---------------------------------------------------------------------------------------------
// A region: a district (its towns), a town (its villages), a village (everything it shows).

#[derive(Template)]
#[template(path = "disclosure/public_region.html")]
struct RegionPage {
    frame: Frame,
    region: PublicRegion,
    /// Current published items by category (only categories with items).
    categories: Vec<(String, Vec<PublishedItem>)>,
    /// The regions below, with the number of published items in each.
    children: Vec<(PublicRegion, i64)>,
    projects: Vec<public::PublicProject>,
    news: Vec<store::disclosure::news::PublicNews>,
    answers: Vec<store::disclosure::feedback::PublicAnswer>,
    years: Vec<i32>,
}

impl RegionPage {
    fn is_village(&self) -> bool {
        self.region.level == "village"
    }
    fn level(&self) -> String {
        level_label(&self.frame.tr, &self.region.level)
    }
    fn children_title(&self) -> String {
        match self.region.level.as_str() {
            "district" => self.frame.t("portal-towns"),
            _ => self.frame.t("portal-villages"),
        }
    }
    fn period(&self, i: &PublishedItem) -> String {
        period_text(&i.period_from, &i.period_to)
    }
    fn date(&self, ts: &str) -> String {
        crate::base::format::china_date(ts)
    }
    fn status(&self, s: &str) -> String {
        self.frame.t(&format!("ip-status-{s}"))
    }
    fn item_href(&self, i: &PublishedItem) -> String {
        self.frame.link(&url::public_item(&i.item_id))
    }
    fn region_href(&self, code: &str) -> String {
        self.frame.link(&url::public_region(code))
    }
    fn news_href(&self, id: &str) -> String {
        self.frame.link(&url::public_news_item(id))
    }
    fn feedback_href(&self) -> String {
        self.frame.link(&url::public_feedback(&self.region.code))
    }
    fn open_data_href(&self, year: &i32) -> String {
        url::public_open_data(&self.region.code, year)
    }
    fn version_text(&self, v: &i64) -> String {
        self.frame.tr.t1("portal-version-n", "n", v)
    }
    fn days_text(&self, d: &i64) -> String {
        self.frame.tr.t1("portal-days-taken", "days", d)
    }
    fn count_text(&self, n: &i64) -> String {
        self.frame.tr.t1("portal-published-count", "count", n)
    }
}

/// How many news and answers a village page lists.
const LIST_NEWEST: i64 = 10;

async fn region(
    State(state): State<AppState>,
    ctx: crate::base::ctx::RequestCtx,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = q.locale(&ctx);
    let path = url::public_region(&code);
    let r = cached(&state, &path, locale, || async {
        let db = &state.db;
        let chain = public::chain(db, &code).await?;
        let Some(region) = chain.last().cloned().filter(|r| r.code == code) else {
            return Err(AppError::not_found());
        };
        let tr = Tr::new(state.i18n.clone(), locale);
        let items = versions::current_for_region(db, &code).await?;
        let categories = domain::disclosure::Category::ALL
            .iter()
            .filter_map(|c| {
                let of: Vec<PublishedItem> = items
                    .iter()
                    .filter(|i| i.category == c.as_str())
                    .cloned()
                    .collect();
                (!of.is_empty()).then(|| (category_label(&tr, c.as_str()), of))
            })
            .collect();
        let village = region.level == "village";
        let children = if village {
            Vec::new()
        } else {
            let below = public::children(db, &code).await?;
            let counts = public::published_counts(db, &code, &below).await?;
            below.into_iter().zip(counts).collect()
        };
        let (projects, answers, years) = if village {
            (
                public::projects(db, &code).await?,
                store::disclosure::feedback::answered_for_region(db, &code, LIST_NEWEST).await?,
                public::published_years(db, &code).await?,
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let news = store::disclosure::news::published_for_region(db, &code, LIST_NEWEST).await?;
        let mut frame = Frame::new(tr.clone(), region.name.clone()).at(path.clone());
        frame.crumbs = crumbs_of(&tr, &chain[..chain.len() - 1]);
        let body = html(&RegionPage {
            frame,
            region,
            categories,
            children,
            projects,
            news,
            answers,
            years,
        })?;
        Ok(Rendered::new(
            body,
            "text/html; charset=utf-8",
            domain::time::now(),
        ))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_REGION))
}

// ---------------------------------------------------------------------------------------------
// A published version: the frozen page, its hash, log index, proof and the history.

#[derive(Template)]
#[template(path = "disclosure/public_version.html")]
struct VersionPage {
    frame: Frame,
    item: PublicItem,
    v: VersionRecord,
    /// The version's page body in the page's language (the frozen page in Chinese).
    body_html: String,
    /// `body_html` is a rendering of the frozen data in a language other than Chinese.
    rendered: bool,
    proof: Option<crate::disclosure::log::ProofView>,
    history: Vec<VersionMeta>,
}

impl VersionPage {
    fn category(&self) -> String {
        category_label(&self.frame.tr, &self.item.category)
    }
    fn period(&self) -> String {
        period_text(&self.item.period_from, &self.item.period_to)
    }
    fn date(&self, ts: &str) -> String {
        crate::base::format::china_time(ts)
    }
    fn version_text(&self, v: &i64) -> String {
        self.frame.tr.t1("portal-version-n", "n", v)
    }
    fn version_href(&self, v: &i64) -> String {
        self.frame.link(&url::public_version(&self.item.id, v))
    }
    fn current_href(&self) -> String {
        self.frame.link(&url::public_item(&self.item.id))
    }
    fn print_href(&self) -> String {
        self.frame
            .link(&url::public_version_print(&self.item.id, self.v.version))
    }
    fn bundle_href(&self) -> String {
        url::public_version_bundle(&self.item.id, self.v.version)
    }
    fn log_href(&self) -> String {
        self.frame.link(url::PUBLIC_LOG)
    }
    fn is_current(&self) -> bool {
        self.v.version == self.item.current_version
    }
    fn short(&self, hash: &str) -> String {
        hash.chars().take(16).collect()
    }
}

/// The published item `id` and its version `version` (its current one when `None`).
async fn version_of(
    state: &AppState,
    id: &str,
    version: Option<i64>,
) -> Result<(PublicItem, VersionRecord), AppError> {
    let item = public::item(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let n = version.unwrap_or(item.current_version);
    if n < 1 || n > item.current_version {
        return Err(AppError::not_found());
    }
    let v = versions::get(&state.db, id, n)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((item, v))
}

async fn version_page(
    state: &AppState,
    ctx: &crate::base::ctx::RequestCtx,
    q: &LangQuery,
    headers: &HeaderMap,
    id: String,
    version: Option<i64>,
) -> Result<Response, AppError> {
    let locale = q.locale(ctx);
    let path = match version {
        Some(n) => url::public_version(&id, n),
        None => url::public_item(&id),
    };
    let r = cached(state, &path, locale, || async {
        let (item, v) = version_of(state, &id, version).await?;
        let proof = crate::disclosure::log::proof_view(state, v.log_index).await?;
        let history = versions::history(&state.db, &id).await?;
        let chain = public::chain(&state.db, &item.region_code).await?;
        let tr = Tr::new(state.i18n.clone(), locale);
        let mut frame = Frame::new(tr.clone(), item.title.clone()).at(path.clone());
        frame.crumbs = crumbs_of(&tr, &chain);
        let (body_html, rendered) =
            crate::disclosure::snapshots::version_html(&state.i18n, &v, locale);
        let body = html(&VersionPage {
            frame,
            item,
            v,
            body_html,
            rendered,
            proof,
            history,
        })?;
        Ok(Rendered::new(
            body,
            "text/html; charset=utf-8",
            domain::time::now(),
        ))
    })
    .await?;
    Ok(answer(headers, &r, CACHE_REGION))
}

async fn item_current(
    State(state): State<AppState>,
    ctx: crate::base::ctx::RequestCtx,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    version_page(&state, &ctx, &q, &headers, id, None).await
}

async fn item_version(
    State(state): State<AppState>,
    ctx: crate::base::ctx::RequestCtx,
    Path((id, version)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let n = version.parse().map_err(|_| AppError::not_found())?;
    version_page(&state, &ctx, &q, &headers, id, Some(n)).await
}

// ---------------------------------------------------------------------------------------------
// The notice-board sheet and its QR code.

/// The absolute address of version `version` of item `id`, at the configured public URL:
/// what the printed sheet's QR code encodes.
pub fn version_url(public_url: &str, id: &str, version: i64) -> String {
    format!(
        "{}{}",
        public_url.trim_end_matches('/'),
        url::public_version(id, version)
    )
}

/// The QR code of `text` as an SVG element (no XML declaration, so it can stand inside a
/// page), black on white, at least `size` pixels square.
pub fn qr_svg(text: &str, size: u32) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build();
    Ok(match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg,
    })
}

#[derive(Template)]
#[template(path = "disclosure/public_print.html")]
struct PrintPage {
    frame: Frame,
    item: PublicItem,
    v: VersionRecord,
    /// The version's page body in the sheet's language (the frozen page in Chinese).
    body_html: String,
    /// `body_html` is a rendering of the frozen data in a language other than Chinese.
    rendered: bool,
    /// The regions from the district down to the item's.
    place: String,
    url: String,
    qr: String,
}

impl PrintPage {
    fn category(&self) -> String {
        category_label(&self.frame.tr, &self.item.category)
    }
    fn period(&self) -> String {
        period_text(&self.item.period_from, &self.item.period_to)
    }
    fn date(&self) -> String {
        crate::base::format::china_date(&self.v.published_at)
    }
    fn version_text(&self) -> String {
        self.frame.tr.t1("portal-version-n", "n", &self.v.version)
    }
    fn hash_prefix(&self) -> String {
        self.v.snapshot_sha256.chars().take(16).collect()
    }
    fn back_href(&self) -> String {
        self.frame
            .link(&url::public_version(&self.item.id, self.v.version))
    }
}

async fn print_sheet(
    State(state): State<AppState>,
    ctx: crate::base::ctx::RequestCtx,
    Path((id, version)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let n: i64 = version.parse().map_err(|_| AppError::not_found())?;
    let locale = q.locale(&ctx);
    let path = url::public_version_print(&id, n);
    let r = cached(&state, &path, locale, || async {
        let (item, v) = version_of(&state, &id, Some(n)).await?;
        let chain = public::chain(&state.db, &item.region_code).await?;
        let place = chain
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let url = version_url(&state.config.public_url, &item.id, v.version);
        let qr = qr_svg(&url, 240)?;
        let tr = Tr::new(state.i18n.clone(), locale);
        let frame = Frame::new(tr, item.title.clone()).at(path.clone());
        let modified = stored_http_time(&v.published_at);
        let (body_html, rendered) =
            crate::disclosure::snapshots::version_html(&state.i18n, &v, locale);
        let body = html(&PrintPage {
            frame,
            item,
            v,
            body_html,
            rendered,
            place,
            url,
            qr,
        })?;
        Ok(Rendered::new(body, "text/html; charset=utf-8", modified))
    })
    .await?;
    Ok(answer(&headers, &r, CACHE_IMMUTABLE))
}

async fn qr_image(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let n: i64 = version.parse().map_err(|_| AppError::not_found())?;
    let (item, v) = version_of(&state, &id, Some(n)).await?;
    let url = version_url(&state.config.public_url, &item.id, v.version);
    let svg = format!(
        "<?xml version=\"1.0\" standalone=\"yes\"?>{}",
        qr_svg(&url, 240)?
    );
    let r = Rendered::new(svg, "image/svg+xml", stored_http_time(&v.published_at));
    Ok(answer(&headers, &r, CACHE_IMMUTABLE))
}

// ---------------------------------------------------------------------------------------------
// The 404 and other errors of the public side, in the public style.

#[derive(Template)]
#[template(path = "disclosure/public_error.html")]
struct ErrorPage {
    frame: Frame,
    status: u16,
    message: String,
}

/// The error page of a public path (shown by `shell::render_error` for paths under
/// `/public`): the public frame, no sign-in link, no JavaScript.
pub fn error_page(tr: &Tr, status: StatusCode, title: String, message: String) -> Response {
    let mut frame = Frame::new(tr.clone(), title);
    frame.crumbs = vec![(tr.t("portal-home"), with_lang(url::PUBLIC, tr.locale))];
    let page = ErrorPage {
        frame,
        status: status.as_u16(),
        message,
    };
    match page.render() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(_) => status.into_response(),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(url::PUBLIC, get(index))
        .route(url::PUBLIC_STYLE, get(stylesheet))
        .route(url::PUBLIC_REGION, get(region))
        .route(url::PUBLIC_ITEM, get(item_current))
        .route(url::PUBLIC_VERSION, get(item_version))
        .route(url::PUBLIC_VERSION_PRINT, get(print_sheet))
        .route(url::PUBLIC_VERSION_QR, get(qr_image))
        .route(url::PUBLIC_OPEN_DATA, get(open_data::open_data))
}

//! News (工作动态) on the web.
//!
//! Cadres' side: `/news` (scoped list with state filter, a new draft, .xlsx export),
//! `/news/{id}` (edit a draft, add pictures, submit; the town or district publishes, sends
//! back, withdraws; archive). Pictures go through the one multipart reader and
//! `usecase::image` (checked by content, bombs refused before decoding, scaled and
//! re-encoded as JPEG).
//!
//! Public side: `/public/news/{id}` (the public frame, no script) and
//! `/public/news/images/{id}` (immutable, served only while the item is published).

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::china_time;
use crate::base::page::{FormError, go_to, in_page, render_status};
use crate::base::params::filter_choice;
use crate::base::upload::Upload;
use crate::disclosure::portal::Frame;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::disclosure::news::{NewsInput, State as NewsState, Step, may_publish, may_write};
use domain::identity::Scope;
use domain::region::RegionCode;
use serde::Deserialize;
use store::disclosure::news::{self, Filter, ImageMeta, NewsRecord};

pub fn routes() -> Router<AppState> {
    use crate::base::url::*;
    Router::new()
        .route(NEWS, get(list).post(create))
        .route(NEWS_XLSX, get(export))
        .route(NEWS_ITEM, get(detail).post(save))
        .route(NEWS_ITEM_STEP, post(step))
        .route(
            NEWS_ITEM_IMAGES,
            post(upload_image).layer(crate::security::upload_limit()),
        )
        .route(PUBLIC_NEWS_ITEM, get(public_page))
        .route(PUBLIC_NEWS_IMAGE, get(public_picture))
}

const PAGE_SIZE: i64 = 50;

/// The translated label of a news state.
pub fn state_label(tr: &Tr, state: &str) -> String {
    tr.t(&format!("news-state-{state}"))
}

// ------------------------------------------------------------------ list and new draft

#[derive(Deserialize, Default, Clone)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let state = filter_choice(&self.state, "state", NewsState::parse)?;
        Ok(Filter {
            region: crate::base::regions::filter_region(&self.region)?,
            state,
            include_archived: false,
        })
    }

    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [("region", &self.region), ("state", &self.state)] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::base::url::encode(v)));
            }
        }
        parts.join("&")
    }
}

#[derive(Deserialize, Default, Clone)]
struct NewForm {
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub struct Row {
    pub n: NewsRecord,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "disclosure/news_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    q: ListQuery,
    regions: Vec<(String, String)>,
    form: NewForm,
    error: FormError,
    filter_error: Option<String>,
    may_write: bool,
}

impl ListPage {
    fn state(&self, s: &str) -> String {
        state_label(&self.ctx.tr, s)
    }
    fn states(&self) -> Vec<&'static str> {
        NewsState::ALL.iter().map(|s| s.as_str()).collect()
    }
    fn time(&self, ts: &str) -> String {
        china_time(ts)
    }
    fn general_error(&self) -> &str {
        self.error.other(&["region_code", "title", "body"])
    }
}

async fn list_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    q: ListQuery,
    form: NewForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let names = crate::base::regions::region_names(state, &auth.actor.scope).await?;
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, filter_error) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = news::list(
                &state.db,
                &auth.actor.scope,
                &filter,
                store::Page::new(page, PAGE_SIZE),
            )
            .await?;
            (rows, total, None)
        }
        Err(e) => (Vec::new(), 0, Some(ctx.tr.field_error(&e))),
    };
    let rows = rows
        .into_iter()
        .map(|n| Row {
            region_name: names.get(&n.region_code).cloned().unwrap_or_default(),
            n,
        })
        .collect();
    let status = match (&error, &filter_error) {
        (Some(e), _) => e.status,
        (None, Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let view = ListPage {
        ctx: PageCtx::new(ctx, "news"),
        rows,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        query: q.to_query(),
        q,
        regions: crate::base::regions::region_choices(state, &auth.actor.scope).await?,
        form,
        error: FormError::of_any(&ctx.tr, error.as_ref()),
        filter_error,
        may_write: may_write(Some(auth.role)),
    };
    render_status(&view, status)
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let form = NewForm {
        region_code: auth.user.region_code.clone(),
        ..NewForm::default()
    };
    list_page(&state, &auth, &ctx, q, form, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<NewForm>,
) -> Result<Response, AppError> {
    let result = async {
        let region = RegionCode::parse(&form.region_code).map_err(|e| FieldError {
            field: "region_code",
            ..e
        })?;
        let n = NewsInput {
            title: form.title.clone(),
            body: form.body.clone(),
        }
        .validate()?;
        Ok::<_, AppError>(news::create(&state.db, &auth.actor, &region, &n).await?)
    }
    .await;
    match result {
        Ok(n) => Ok(Redirect::to(&crate::base::url::news_item(&n.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            list_page(&state, &auth, &ctx, ListQuery::default(), form, Some(e)).await
        }
    }
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let filter = q.filter()?;
    let names = crate::base::regions::region_names(&state, &auth.actor.scope).await?;
    let (rows, _) = news::list(&state.db, &auth.actor.scope, &filter, store::Page::all()).await?;
    let headers: Vec<String> = [
        "field-region_code",
        "field-region_name",
        "field-title",
        "field-state",
        "news-col-author",
        "news-col-publisher",
        "news-col-published",
        "news-col-summary",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|n| {
            vec![
                n.region_code.clone(),
                names.get(&n.region_code).cloned().unwrap_or_default(),
                n.title.clone(),
                state_label(tr, &n.state),
                n.author_name.clone(),
                n.publisher_name.clone(),
                n.published_at
                    .as_deref()
                    .map(china_time)
                    .unwrap_or_default(),
                domain::disclosure::news::summary(&n.body_html, 200),
            ]
        })
        .collect();
    use usecase::tabular::Kind::Text;
    let kinds = [Text; 8];
    tabular::kinds_xlsx_response(&tr.t("news-title"), &headers, &kinds, &rows, "news.xlsx")
}

// ------------------------------------------------------------------ one item

#[derive(Template)]
#[template(path = "disclosure/news_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    n: NewsRecord,
    region_name: String,
    images: Vec<ImageMeta>,
    form: NewsInput,
    error: FormError,
    may_write: bool,
    may_publish: bool,
}

impl DetailPage {
    fn state(&self) -> String {
        state_label(&self.ctx.tr, &self.n.state)
    }
    fn is(&self, s: &str) -> bool {
        self.n.state == s
    }
    fn time(&self, ts: &str) -> String {
        china_time(ts)
    }
    /// The stored text as the public page shows it (sanitised again on the way out).
    fn body(&self) -> String {
        domain::mechanism::html::sanitize_news(&self.n.body_html)
    }
    fn image_src(&self, id: &str) -> String {
        crate::base::url::public_news_image(id)
    }
    fn general_error(&self) -> &str {
        self.error.other(&["title", "body", "image"])
    }
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    form: Option<NewsInput>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let n = news::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let region_name =
        crate::base::regions::region_name(state, &auth.actor.scope, &n.region_code).await?;
    let form = form.unwrap_or_else(|| NewsInput {
        title: n.title.clone(),
        body: n.body_html.clone(),
    });
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "news"),
        images: news::images(&state.db, &auth.actor.scope, id).await?,
        region_name,
        form,
        error: FormError::of_any(&ctx.tr, error.as_ref()),
        may_write: may_write(Some(auth.role)),
        may_publish: may_publish(Some(auth.role)),
        n,
    };
    render_status(&page, status)
}

async fn detail(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None, None).await
}

async fn save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<NewsInput>,
) -> Result<Response, AppError> {
    let result = async {
        let n = form.validate()?;
        Ok::<_, AppError>(news::update(&state.db, &auth.actor, &id, &n).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::news_item(&id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            detail_page(&state, &auth, &ctx, &id, Some(form), Some(e)).await
        }
    }
}

#[derive(Deserialize, Default)]
struct StepForm {
    #[serde(default)]
    action: String,
}

async fn step(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    news::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let result = match form.action.as_str() {
        "archive" => news::archive(&state.db, &auth.actor, &id).await,
        a => match Step::parse(a) {
            Some(s) => news::step(&state.db, &auth.actor, &id, s).await,
            None => return Err(AppError::not_found()),
        },
    };
    match result {
        Ok(_) if form.action == "archive" => {
            Ok(Redirect::to(crate::base::url::NEWS).into_response())
        }
        Ok(_) => Ok(Redirect::to(&crate::base::url::news_item(&id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            detail_page(&state, &auth, &ctx, &id, None, Some(e)).await
        }
    }
}

async fn upload_image(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    upload: Upload,
) -> Result<Response, AppError> {
    news::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let data = upload
        .file("image")
        .map(|f| f.data.clone())
        .unwrap_or_default();
    let result = async {
        // Decoding and scaling are CPU work: off the async threads.
        let prepared = tokio::task::spawn_blocking(move || usecase::image::prepare(&data, "image"))
            .await
            .map_err(AppError::internal)??;
        Ok::<_, AppError>(
            news::add_image(
                &state.db,
                &auth.actor,
                &id,
                &prepared.jpeg,
                prepared.width,
                prepared.height,
            )
            .await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::news_item(&id))),
        Err(e) => {
            let e = in_page(e)?;
            detail_page(&state, &auth, &ctx, &id, None, Some(e)).await
        }
    }
}

// ------------------------------------------------------------------ public

#[derive(Template)]
#[template(path = "disclosure/public_news.html")]
struct PublicPage {
    frame: Frame,
    n: NewsRecord,
    region_name: String,
    body: String,
}

impl PublicPage {
    fn time(&self, ts: &str) -> String {
        china_time(ts)
    }
}

async fn public_page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let n = news::published(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let region_name = store::region::get(&state.db, &Scope::system(), &n.region_code)
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    let mut frame = Frame::new(ctx.tr.clone(), n.title.clone());
    frame.crumbs.push((
        region_name.clone(),
        crate::base::url::public_region(&n.region_code),
    ));
    let page = PublicPage {
        frame,
        body: domain::mechanism::html::sanitize_news(&n.body_html),
        region_name,
        n,
    };
    let mut r = render_status(&page, StatusCode::OK)?;
    // It may be withdrawn: cached briefly, never for good.
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(r)
}

async fn public_picture(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let bytes = news::public_image(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    // An image never changes under its id (a new picture is a new id).
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{id}\"")) {
        h.insert(header::ETAG, v);
    }
    Ok(r)
}

//! The shell around every module: layout, navigation, start page, language choice,
//! static files and friendly error pages.

use crate::base::ctx::{RequestCtx, SignedIn};
use crate::error::{AppError, ErrorBody};
use crate::identity::session::{self, LANG_COOKIE};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

pub mod assets;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::HOME, get(home))
        .route(crate::base::url::LANG, post(switch_language))
        .route(crate::base::url::STATIC_FILE, get(assets::serve))
}

/// What every page's layout reads: translations, the caller, the CSRF token, the banner.
pub struct PageCtx {
    pub tr: crate::i18n::Tr,
    pub user: Option<UserView>,
    pub csrf: String,
    pub demo: bool,
    /// The active navigation entry.
    pub nav: &'static str,
    /// Where to come back after switching language.
    pub path: String,
    pub assets: &'static assets::Names,
    /// The form sent before this page was saved (shown as 已保存).
    pub saved: bool,
    /// Where the saved record is shown, when it is not this very page (the confirmation
    /// links to it).
    pub saved_link: Option<String>,
}

pub struct UserView {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region_code: String,
    pub manages_users: bool,
}

impl PageCtx {
    pub fn new(ctx: &RequestCtx, nav: &'static str) -> PageCtx {
        PageCtx {
            tr: ctx.tr.clone(),
            user: ctx.auth.as_ref().map(|a| UserView {
                username: a.user.username.clone(),
                display_name: a.user.display_name.clone(),
                role: a.user.role.clone(),
                region_code: a.user.region_code.clone(),
                manages_users: a.role.manages_users(),
            }),
            csrf: ctx.csrf.clone(),
            demo: ctx.demo,
            nav,
            path: ctx.path.clone(),
            assets: &assets::NAMES,
            saved: ctx.saved,
            saved_link: ctx.saved_link.clone().filter(|link| *link != ctx.path),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang(&self) -> &'static str {
        self.tr.tag()
    }

    /// `class="active"` marker for the navigation.
    pub fn is(&self, nav: &str) -> bool {
        self.nav == nav
    }

    /// The `hx-headers` value that makes htmx send the CSRF token with every request.
    pub fn hx_headers(&self) -> String {
        format!("{{\"X-CSRF-Token\": \"{}\"}}", self.csrf)
    }
}

#[derive(Template)]
#[template(path = "shell/home.html")]
struct HomePage {
    ctx: PageCtx,
    region_name: String,
    region_count: i64,
    user_count: i64,
    org_count: usize,
    /// The mechanism's rules still owed this period in the caller's scope.
    due: Vec<crate::mechanism::board::DueRow>,
    /// 我的待办: what waits for the caller.
    tasks: Vec<crate::tasks::TaskItem>,
    /// The day's work, one tap from the start page: (link, label, test id).
    actions: Vec<(String, String, &'static str)>,
}

/// The start page's shortcuts for the caller's role: enter a voucher (straight into the
/// book when the caller keeps exactly one open book of this year), record a meeting or a
/// visit, log production.
async fn quick_actions(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    tr: &crate::i18n::Tr,
    orgs: &[store::ledger::books::OrgRecord],
) -> Result<Vec<(String, String, &'static str)>, AppError> {
    use chrono::Datelike;
    use domain::identity::Role;
    let mut actions = Vec::new();
    if auth.role.keeps_books() {
        let year = crate::base::format::today().year();
        let mut open = Vec::new();
        // A few organisations: find this year's open book; many: let the caller choose.
        if orgs.len() <= 3 {
            for org in orgs {
                let books =
                    store::ledger::books::list_books(&state.db, &auth.actor.scope, &org.id).await?;
                open.extend(
                    books
                        .into_iter()
                        .filter(|b| b.year == year && !b.closed)
                        .map(|b| b.id),
                );
            }
        }
        let href = match open.as_slice() {
            [book] => crate::base::url::ledger_book_vouchers_new(book),
            _ => crate::base::url::LEDGER.to_string(),
        };
        actions.push((href, tr.t("ledger-voucher-new"), "quick-voucher"));
    }
    actions.push((
        crate::base::url::MECHANISM_MEETINGS_NEW.into(),
        tr.t("mtg-new"),
        "quick-meeting",
    ));
    actions.push((
        crate::base::url::MECHANISM_VISITS_NEW.into(),
        tr.t("mtg-visit-new"),
        "quick-visit",
    ));
    if !matches!(auth.role, Role::DistrictLeader) {
        actions.push((
            crate::base::url::INDUSTRY.into(),
            tr.t("ip-logs-new"),
            "quick-production",
        ));
    }
    Ok(actions)
}

async fn home(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let region = store::region::get(&state.db, scope, &auth.user.region_code).await?;
    let (_, region_count) = store::region::list(
        &state.db,
        scope,
        &store::region::Filter::default(),
        store::Page::new(1, 1),
    )
    .await?;
    let (_, user_count) =
        store::identity::list_users(&state.db, scope, store::Page::new(1, 1)).await?;
    let orgs = store::ledger::books::list_orgs(&state.db, scope).await?;
    let org_count = orgs.len();
    let actions = quick_actions(&state, &auth, &ctx.tr, &orgs).await?;
    let due = crate::mechanism::board::due_rows(&state, &auth, &ctx.tr).await?;
    let tasks = crate::tasks::items(&state, &auth, &ctx.tr).await?;
    crate::base::page::render(&HomePage {
        ctx: PageCtx::new(&ctx, "home"),
        due,
        tasks,
        actions,
        region_name: region.map(|r| r.name).unwrap_or_default(),
        region_count,
        user_count,
        org_count,
    })
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// Switches the language: remembered on the user when signed in, in a cookie always.
async fn switch_language(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Form(form): Form<LangForm>,
) -> Result<Response, AppError> {
    let locale = crate::i18n::Locale::parse(&form.lang).ok_or_else(|| {
        domain::FieldError::new("common.choice_invalid", "lang").arg("value", &form.lang)
    })?;
    if let Some(auth) = &ctx.auth {
        store::identity::set_locale(&state.db, &auth.actor, &auth.user.id, locale.tag()).await?;
    }
    // Only local paths: never an open redirect.
    let back = crate::identity::pages::safe_path(&form.back);
    let mut response = Redirect::to(&back).into_response();
    let cookie = session::set_cookie(&state, LANG_COOKIE, locale.tag(), 365 * 86_400, "Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn not_found() -> AppError {
    AppError::not_found()
}

#[derive(Template)]
#[template(path = "shell/error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: String,
    message: String,
}

/// Turns an [`AppError`] left in a response into what the caller reads: JSON under
/// `/api/`, a friendly page in their language elsewhere.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<RequestCtx>().cloned();
    let from_htmx = req.headers().contains_key("hx-request");
    let mut response = next.run(req).await;
    let Some(error) = response.extensions_mut().remove::<AppError>() else {
        return response;
    };
    let mut response = match ctx {
        Some(ctx) => render_error(&ctx, error),
        None => error.status.into_response(),
    };
    if from_htmx {
        // An htmx request (an upload, say) that ends on the error page shows that page's
        // message in place of the page's main part, whatever the form aimed at (htmx's own
        // response headers; the page's htmx-config swaps 4xx and 5xx answers).
        let headers = response.headers_mut();
        for (name, value) in [
            ("hx-retarget", "#main"),
            ("hx-reswap", "outerHTML"),
            ("hx-reselect", "#main"),
        ] {
            headers.insert(name, axum::http::HeaderValue::from_static(value));
        }
    }
    response
}

pub fn render_error(ctx: &RequestCtx, error: AppError) -> Response {
    let message = error.message(&ctx.tr);
    if ctx.path.starts_with("/api/") {
        let body = ErrorBody {
            code: error.code.to_string(),
            message,
            field: error.field.as_ref().map(|f| f.field.to_string()),
        };
        return (error.status, Json(body)).into_response();
    }
    let title_key = match error.status {
        StatusCode::NOT_FOUND => "error-not-found-title",
        StatusCode::FORBIDDEN => "error-forbidden-title",
        StatusCode::UNAUTHORIZED => "error-unauthorized-title",
        s if s.is_server_error() => "error-internal-title",
        _ => "error-bad-request-title",
    };
    if ctx.path.starts_with(crate::base::url::PUBLIC) {
        // The public side's errors in the public frame (no sign-in, no script).
        let title = ctx.tr.t(title_key);
        return crate::disclosure::portal::error_page(&ctx.tr, error.status, title, message);
    }
    let page = ErrorPage {
        ctx: PageCtx::new(ctx, ""),
        status: error.status.as_u16(),
        title: ctx.tr.t(title_key),
        message,
    };
    match page.render() {
        Ok(html) => (error.status, Html(html)).into_response(),
        Err(_) => error.status.into_response(),
    }
}

//! Who is calling: the session cookie or an API bearer token, resolved once per request
//! into a [`RequestCtx`] (defined in `crate::base::ctx`) that handlers and templates read.

use crate::base::ctx::{Auth, RequestCtx, Via};
use crate::error::AppError;
use crate::i18n::{Locale, Tr};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
// Token digests and random tokens: one definition for the web and the command line.
use store::identity::UserRecord;
pub use usecase::credentials::{random_token, sha256_hex};

pub const SESSION_COOKIE: &str = "zx_session";
pub const ANON_CSRF_COOKIE: &str = "zx_csrf";
pub const LANG_COOKIE: &str = "zx_lang";
/// A session lasts a working day.
pub const SESSION_HOURS: i64 = 12;

/// The value of the request's cookie `name` (the first one sent), parsed by the `cookie`
/// crate from every `Cookie` header.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value with the attributes every cookie of ours carries.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_secs: i64,
    same_site: &str,
) -> String {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age_secs}{secure}"
    )
}

/// Resolves the caller (session cookie or bearer token), the language and the CSRF token.
pub async fn load_auth(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let mut auth = None;
    let mut csrf = None;
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    if let Some(token) = bearer {
        match store::identity::find_token_user(&state.db, &sha256_hex(&token)).await {
            Ok(Some(user)) => auth = make_auth(user, Via::Token),
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
        if auth.is_none() {
            // A wrong token is an error, not an anonymous visit.
            return with_ctx_error(&state, req, next, AppError::unauthorized()).await;
        }
    } else if let Some(session_id) = cookie(&headers, SESSION_COOKIE) {
        let id_hash = sha256_hex(&session_id);
        match store::identity::find_session(&state.db, &id_hash).await {
            Ok(Some((session, user))) => {
                csrf = Some(session.csrf_token.clone());
                auth = make_auth(user, Via::Session { id_hash });
            }
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    let mut new_anon_csrf = None;
    let csrf = match csrf {
        Some(c) => c,
        None => match cookie(&headers, ANON_CSRF_COOKIE).filter(|c| c.len() == 64) {
            Some(c) => c,
            None => match random_token() {
                Ok(t) => {
                    new_anon_csrf = Some(t.clone());
                    t
                }
                Err(e) => return AppError::from(e).into_response(),
            },
        },
    };
    let locale = auth
        .as_ref()
        .and_then(|a: &Auth| a.user.locale.as_deref())
        .and_then(Locale::parse)
        .or_else(|| cookie(&headers, LANG_COOKIE).and_then(|l| Locale::parse(&l)))
        .unwrap_or(Locale::ZhCn);
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| crate::base::url::HOME.into());
    let saved_value = cookie(&headers, SAVED_COOKIE);
    let saved = saved_value.is_some();
    let saved_link = saved_value.as_deref().and_then(saved_link);
    let form_post = req.method() == axum::http::Method::POST
        && matches!(auth.as_ref().map(|a| &a.via), Some(Via::Session { .. }))
        && !path.starts_with("/api/")
        && !NOT_SAVES.iter().any(|p| path == *p);
    req.extensions_mut().insert(RequestCtx {
        auth,
        tr: Tr::new(state.i18n.clone(), locale),
        csrf,
        demo: state.config.demo,
        path,
        saved,
        saved_link,
    });
    let mut response = next.run(req).await;
    // A response any cache may keep and share (the public portal's pages) carries no cookie.
    if shared_cacheable(&response) {
        return response;
    }
    if let Some(Ok(v)) =
        saved_cookie(&state, form_post, saved, &mut response).map(|c| HeaderValue::from_str(&c))
    {
        response.headers_mut().append(SET_COOKIE, v);
    }
    if let Some(token) = new_anon_csrf {
        let value = set_cookie(&state, ANON_CSRF_COOKIE, &token, 86_400, "Strict");
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}

/// Is `response` marked for shared caches (`Cache-Control: public`)? Such an answer is the
/// same for everyone, so it sets no cookie (a `Set-Cookie` would make it uncacheable).
fn shared_cacheable(response: &Response) -> bool {
    response
        .headers()
        .get(axum::http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim() == "public"))
}

/// The cookie that carries "saved" from a form's answer to the page it leads to.
pub const SAVED_COOKIE: &str = "zx_saved";

/// Form posts that save nothing: signing out, switching the language.
const NOT_SAVES: [&str; 2] = [crate::base::url::LOGOUT, crate::base::url::LANG];

/// The local path a saved cookie names, or none (a value that is no local path is ignored:
/// the link never leads off the platform).
fn saved_link(value: &str) -> Option<String> {
    let path = percent_encoding::percent_decode_str(value)
        .decode_utf8()
        .ok()?
        .into_owned();
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 512
        && !path.chars().any(char::is_control);
    local.then_some(path)
}

/// Success is confirmed: a form post of a signed-in page answered by a redirect (303, or
/// htmx's `HX-Redirect`) sets a short-lived cookie naming where the saved record is shown
/// (the handler's [`crate::base::page::SAVED_HEADER`], else the redirect's target), and the
/// next page shown (a 200 HTML page) says 已保存, links to the record when it is another
/// page or a place further down, and clears it. A redirect whose target confirms in its own
/// words (`?done=…`) sets none.
fn saved_cookie(
    state: &AppState,
    form_post: bool,
    was_saved: bool,
    response: &mut Response,
) -> Option<String> {
    let headers = response.headers();
    let target = headers
        .get(axum::http::header::LOCATION)
        .or_else(|| headers.get("hx-redirect"))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let redirected = response.status() == axum::http::StatusCode::SEE_OTHER
        || (response.status().is_success() && headers.contains_key("hx-redirect"));
    let record = headers
        .get(crate::base::page::SAVED_HEADER)
        .and_then(|v| v.to_str().ok())
        .or(target.as_deref())
        .map(crate::base::url::encode);
    response
        .headers_mut()
        .remove(crate::base::page::SAVED_HEADER);
    if form_post && redirected && target.is_some_and(|t| !t.contains("done=")) {
        let value = record.unwrap_or_else(|| "1".into());
        return Some(set_cookie(state, SAVED_COOKIE, &value, 60, "Lax"));
    }
    let page = response.status() == axum::http::StatusCode::OK
        && response
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    (was_saved && page).then(|| set_cookie(state, SAVED_COOKIE, "", 0, "Lax"))
}

/// Answers with `error`, still giving the error renderer a context to translate with.
async fn with_ctx_error(
    state: &AppState,
    mut req: Request,
    _next: Next,
    error: AppError,
) -> Response {
    let locale = cookie(req.headers(), LANG_COOKIE)
        .and_then(|l| Locale::parse(&l))
        .unwrap_or(Locale::ZhCn);
    let ctx = RequestCtx {
        auth: None,
        tr: Tr::new(state.i18n.clone(), locale),
        csrf: String::new(),
        demo: state.config.demo,
        path: req.uri().path().to_string(),
        saved: false,
        saved_link: None,
    };
    req.extensions_mut().insert(ctx.clone());
    crate::shell::render_error(&ctx, error)
}

fn make_auth(user: UserRecord, via: Via) -> Option<Auth> {
    let role = user.role().ok()?;
    let actor = user.actor().ok()?;
    Some(Auth {
        user,
        role,
        actor,
        via,
    })
}

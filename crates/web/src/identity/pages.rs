//! Sign-in and sign-out, and the user's own account: password and API tokens.

use super::session::{self, SESSION_COOKIE, SESSION_HOURS};
use crate::base::ctx::{RequestCtx, SignedIn, Via};
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use usecase::credentials as password;

/// Failed sign-ins allowed per account, and per address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::LOGIN, get(login_page).post(login))
        .route(crate::base::url::LOGOUT, post(logout))
        .route(crate::base::url::ACCOUNT, get(account_page))
        .route(crate::base::url::ACCOUNT_PASSWORD, post(change_password))
        .route(crate::base::url::ACCOUNT_TOKENS, post(create_token))
        .route(crate::base::url::ACCOUNT_TOKEN_REVOKE, post(revoke_token))
}

#[derive(Template)]
#[template(path = "identity/login.html")]
struct LoginPage {
    ctx: PageCtx,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: a path on this site (never the sign-in page), or home.
pub fn safe_next(next: &str) -> String {
    let path = safe_path(next);
    if path.starts_with(crate::base::url::LOGIN) {
        crate::base::url::HOME.to_string()
    } else {
        path
    }
}

/// A path on this site to redirect to, or home (`/`).
///
/// Only `/` alone or a `/` followed by a character that is neither `/` nor `\` (browsers
/// read `//host` and `/\host` as another site); no control characters (CR/LF would break the
/// header, a tab is dropped by browsers). Characters outside visible ASCII are
/// percent-encoded so the `Location` header is always valid.
pub fn safe_path(next: &str) -> String {
    let home = || crate::base::url::HOME.to_string();
    let mut chars = next.chars();
    if chars.next() != Some('/') {
        return home();
    }
    if matches!(chars.next(), Some('/' | '\\')) {
        return home();
    }
    if next.chars().any(char::is_control) {
        return home();
    }
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

async fn login_page(ctx: RequestCtx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.auth.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    render(&LoginPage {
        ctx: PageCtx::new(&ctx, "login"),
        next: safe_next(&q.next),
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The client address for throttling, found as for `/metrics` ([`crate::ops::client_ip`]).
struct ClientAddr(String);

impl axum::extract::FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            crate::ops::client_ip(parts, state.config.trust_proxy)
                .map_or_else(|| "unknown".to_string(), |ip| ip.to_string()),
        ))
    }
}

fn throttle_keys(username: &str, addr: &str) -> (String, String) {
    (format!("account:{username}"), format!("address:{addr}"))
}

/// The key (account or address) that has reached its limit of failures, if any.
async fn throttled<'a>(
    state: &AppState,
    account_key: &'a str,
    address_key: &'a str,
) -> Result<Option<&'a str>, AppError> {
    let since = domain::time::format_ts(
        domain::time::now() - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES),
    );
    if store::identity::count_failures(&state.db, account_key, &since).await?
        >= MAX_FAILURES_PER_ACCOUNT
    {
        return Ok(Some(account_key));
    }
    if store::identity::count_failures(&state.db, address_key, &since).await?
        >= MAX_FAILURES_PER_ADDRESS
    {
        return Ok(Some(address_key));
    }
    Ok(None)
}

fn throttled_message(ctx: &RequestCtx) -> String {
    ctx.tr
        .t1("auth-throttled", "minutes", &FAILURE_WINDOW_MINUTES)
}

async fn login(
    State(state): State<AppState>,
    ctx: RequestCtx,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_lowercase();
    let (account_key, address_key) = throttle_keys(&username, &addr);
    let refuse = |key: &str| {
        let page = LoginPage {
            ctx: PageCtx::new(&ctx, "login"),
            next: safe_next(&form.next),
            username: username.clone(),
            error: Some(throttled_message(&ctx)),
        };
        tracing::warn!(throttle_key = key, "sign-in throttled");
        render(&page).map(|r| (StatusCode::TOO_MANY_REQUESTS, r).into_response())
    };
    if let Some(key) = throttled(&state, &account_key, &address_key).await? {
        return refuse(key);
    }
    let user = store::identity::find_for_login(&state.db, &username).await?;
    let verified = match &user {
        Some(u) if u.active => {
            password::verify(form.password.clone(), u.password_hash.clone()).await
        }
        _ => {
            password::burn_time(form.password.clone()).await;
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        store::identity::record_failure(&state.db, &[&account_key, &address_key]).await?;
        let page = LoginPage {
            ctx: PageCtx::new(&ctx, "login"),
            next: safe_next(&form.next),
            username,
            error: Some(ctx.tr.t("auth-bad-credentials")),
        };
        return render(&page).map(|r| (StatusCode::UNAUTHORIZED, r).into_response());
    };
    store::identity::clear_failures(&state.db, &account_key).await?;
    let session_id = session::random_token()?;
    let csrf = session::random_token()?;
    let expires =
        domain::time::format_ts(domain::time::now() + chrono::Duration::hours(SESSION_HOURS));
    store::identity::create_session(
        &state.db,
        &user,
        &session::sha256_hex(&session_id),
        &csrf,
        &expires,
    )
    .await?;
    let mut response = Redirect::to(&safe_next(&form.next)).into_response();
    let cookie = session::set_cookie(
        &state,
        SESSION_COOKIE,
        &session_id,
        SESSION_HOURS * 3600,
        "Lax",
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn logout(State(state): State<AppState>, ctx: RequestCtx) -> Result<Response, AppError> {
    if let Some(auth) = &ctx.auth
        && let Via::Session { id_hash } = &auth.via
    {
        store::identity::end_session(&state.db, &auth.actor, id_hash).await?;
    }
    let mut response = Redirect::to(crate::base::url::LOGIN).into_response();
    let cookie = session::set_cookie(&state, SESSION_COOKIE, "", 0, "Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "identity/account.html")]
struct AccountPage {
    ctx: PageCtx,
    tokens: Vec<store::identity::TokenRecord>,
    /// A token just created: shown once, never again.
    new_token: Option<String>,
    error: Option<String>,
    notice: Option<String>,
}

impl AccountPage {
    /// A stored UTC time as China time, as every page shows it.
    fn china_time(&self, ts: &str) -> String {
        crate::base::format::china_time(ts)
    }
}

async fn account_view(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    ctx: &RequestCtx,
    new_token: Option<String>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let tokens = store::identity::list_tokens(&state.db, &auth.user.id).await?;
    let has_error = error.is_some();
    let page = AccountPage {
        ctx: PageCtx::new(ctx, "account"),
        tokens,
        new_token,
        error,
        notice,
    };
    crate::base::page::render_form(&page, has_error)
}

async fn account_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    account_view(&state, &auth, &ctx, None, None, None).await
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

/// The user's own password. A wrong current password counts as a failed sign-in (the same
/// keys and limits), so the form cannot be used to guess it; a locked account gets the same
/// message as the sign-in page. A change ends every other session and revokes every API token
/// of the user; this session stays.
async fn change_password(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let fail = |msg: String| account_view(&state, &auth, &ctx, None, Some(msg), None);
    let (account_key, address_key) = throttle_keys(&auth.user.username, &addr);
    if let Some(key) = throttled(&state, &account_key, &address_key).await? {
        tracing::warn!(throttle_key = key, "password change throttled");
        let page = fail(throttled_message(&ctx)).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    if !password::verify(form.current.clone(), auth.user.password_hash.clone()).await {
        store::identity::record_failure(&state.db, &[&account_key, &address_key]).await?;
        return fail(ctx.tr.t("auth-bad-current-password")).await;
    }
    if form.password != form.confirm {
        return fail(ctx.tr.t("auth-password-mismatch")).await;
    }
    if let Err(e) = domain::identity::check_password_for(
        &form.password,
        &auth.user.username,
        &[&auth.user.display_name],
    ) {
        return fail(ctx.tr.field_error(&e)).await;
    }
    store::identity::clear_failures(&state.db, &account_key).await?;
    let hash = password::hash(form.password)
        .await
        .map_err(AppError::internal)?;
    let keep = match &auth.via {
        Via::Session { id_hash } => Some(id_hash.as_str()),
        Via::Token => None,
    };
    store::identity::change_password(&state.db, &auth.actor, &auth.user.id, &hash, keep).await?;
    let tokens = store::identity::list_tokens(&state.db, &auth.user.id).await?;
    let page = AccountPage {
        ctx: PageCtx::new(&ctx, "account"),
        tokens,
        new_token: None,
        error: None,
        notice: Some(ctx.tr.t("auth-password-changed")),
    };
    render(&page)
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let token = password::new_api_token()?;
    match store::identity::create_token(
        &state.db,
        &auth.actor,
        &auth.user,
        &form.name,
        &session::sha256_hex(&token),
    )
    .await
    {
        Ok(_) => account_view(&state, &auth, &ctx, Some(token), None, None).await,
        Err(store::StoreError::Domain(domain::DomainError::Invalid(e))) => {
            account_view(
                &state,
                &auth,
                &ctx,
                None,
                Some(ctx.tr.field_error(&e)),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    store::identity::revoke_token(&state.db, &auth.actor, &auth.user, &id).await?;
    account_view(
        &state,
        &auth,
        &ctx,
        None,
        None,
        Some(ctx.tr.t("auth-token-revoked")),
    )
    .await
}

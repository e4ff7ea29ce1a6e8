//! The request context every handler reads: who is calling ([`Auth`]: user, role, actor
//! with its scope), in which language ([`RequestCtx::tr`]), with which CSRF token. It is
//! resolved once per request by `identity::session::load_auth`; handlers take
//! [`SignedIn`] (a signed-in caller, or the sign-in page) or [`RequestCtx`] (anyone).

use crate::error::AppError;
use crate::i18n::{Locale, Tr};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::identity::{Actor, Role};
use store::identity::UserRecord;

#[derive(Clone, Debug)]
pub enum Via {
    /// Signed in with a browser session (cookie value hashed).
    Session { id_hash: String },
    /// An API bearer token: no cookies, so no CSRF check.
    Token,
}

/// A signed-in caller.
#[derive(Clone, Debug)]
pub struct Auth {
    pub user: UserRecord,
    pub role: Role,
    pub actor: Actor,
    pub via: Via,
}

/// Everything a handler needs to know about the caller, resolved by [`load_auth`].
#[derive(Clone)]
pub struct RequestCtx {
    pub auth: Option<Auth>,
    pub tr: Tr,
    /// The token forms must echo back (session-bound, or the anonymous cookie's).
    pub csrf: String,
    pub demo: bool,
    /// The request path with its query, for "back to where you were".
    pub path: String,
    /// The form sent just before this page was saved: the page confirms it (已保存).
    pub saved: bool,
    /// Where what was saved is shown (a local path), for the confirmation's link.
    pub saved_link: Option<String>,
}

impl RequestCtx {
    pub fn locale(&self) -> Locale {
        self.tr.locale
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestCtx>()
            .cloned()
            .ok_or_else(|| AppError::internal("request context missing"))
    }
}

/// A page handler's caller: signed in, or sent to the sign-in page.
pub struct SignedIn(pub Auth, pub RequestCtx);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = RequestCtx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match ctx.auth.clone() {
            Some(auth) => Ok(SignedIn(auth, ctx)),
            None if parts.uri.path().starts_with("/api/") => {
                Err(AppError::unauthorized().into_response())
            }
            None => {
                let next = crate::base::url::encode(&ctx.path);
                Err(
                    Redirect::to(&format!("{}?next={next}", crate::base::url::LOGIN))
                        .into_response(),
                )
            }
        }
    }
}

//! Security headers on every response and the CSRF check on every state-changing request.

use crate::error::AppError;
use crate::identity::session::{RequestCtx, Via};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// No inline script anywhere: scripts and styles come from our own embedded files.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; object-src 'none'";

pub async fn headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "_csrf";
/// Form bodies are small; uploads go as multipart and carry the token in the header.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Refuses a state-changing request whose token does not match the caller's.
/// API calls with a bearer token carry no cookies and need no token.
pub async fn csrf_guard(State(_state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let Some(ctx) = req.extensions().get::<RequestCtx>().cloned() else {
        return AppError::internal("request context missing").into_response();
    };
    if matches!(ctx.auth.as_ref().map(|a| &a.via), Some(Via::Token)) {
        return next.run(req).await;
    }
    let expected = ctx.csrf.as_str();
    let header_token = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(token) = header_token {
        return if constant_time_eq(&token, expected) {
            next.run(req).await
        } else {
            csrf_refused()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return csrf_refused();
    }
    // Read the form to find the token, then hand the same bytes on to the handler.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "common.too_large",
        )
        .into_response();
    };
    let fields: HashMap<String, String> = form_pairs(&bytes);
    let ok = fields
        .get(CSRF_FIELD)
        .is_some_and(|t| constant_time_eq(t, expected));
    if !ok {
        return csrf_refused();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn csrf_refused() -> Response {
    AppError::new(axum::http::StatusCode::FORBIDDEN, "auth.csrf").into_response()
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !b.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Decodes `application/x-www-form-urlencoded` pairs.
pub fn form_pairs(bytes: &[u8]) -> HashMap<String, String> {
    let text = String::from_utf8_lossy(bytes);
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) if hex.len() == 2 => {
                        out.push(b);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

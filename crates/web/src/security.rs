//! Security headers on every response and the CSRF check on every state-changing request.

use crate::base::ctx::{RequestCtx, Via};
use crate::error::AppError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
// The control characters no text may hold: one rule for forms here and for spreadsheet cells.
pub use usecase::tabular::{has_refused_control, is_refused_control};

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

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !b.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Decodes `application/x-www-form-urlencoded` pairs (`form_urlencoded`; a name sent twice
/// keeps its last value).
pub fn form_pairs(bytes: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(bytes).into_owned().collect()
}

/// The error code of text holding a control character.
pub const CONTROL_CHAR: &str = "common.control_char";

/// The text of a multipart part (a form field sent beside a file), refused like any other
/// form field when it holds a refused control character. Multipart bodies are not read by
/// [`refuse_control_chars`] (they may be large uploads), so their text parts come here.
pub async fn multipart_text(
    field: axum::extract::multipart::Field<'_>,
) -> Result<String, AppError> {
    let text = field
        .text()
        .await
        .map_err(|_| AppError::new(axum::http::StatusCode::BAD_REQUEST, "import.unreadable"))?;
    if has_refused_control(&text) {
        return Err(domain::FieldError::new(CONTROL_CHAR, "body").into());
    }
    Ok(text)
}

/// The body limit of an upload route, in place of `DefaultBodyLimit::max`: every upload route
/// is limited by the one configured size (`WebConfig::upload_max_bytes`, put on each request
/// by [`upload_size`]). The same limit holds for the extractors, and a body over it —
/// declared by `Content-Length` (refused before anything is read) or found while the handler
/// reads it — answers 413 `upload.too_large` naming the limit, whatever the handler made of
/// the cut-off body (multipart reports it as a damaged file). What a file may hold by its
/// kind (a photo at most 2 MiB, a document 10 MiB) is the handler's validation, answered
/// as a field error.
pub fn upload_limit() -> UploadLimit {
    UploadLimit
}

/// See [`upload_limit`].
#[derive(Debug, Clone, Copy)]
pub struct UploadLimit;

impl<S> tower::Layer<S> for UploadLimit {
    type Service = UploadLimited<S>;

    fn layer(&self, inner: S) -> Self::Service {
        UploadLimited { inner }
    }
}

/// The service of [`UploadLimit`].
#[derive(Debug, Clone)]
pub struct UploadLimited<S> {
    inner: S,
}

/// The configured upload size, on every request (see [`upload_size`]).
#[derive(Debug, Clone, Copy)]
pub struct UploadSize(pub usize);

/// Puts the configured upload size on the request, for the upload routes' [`upload_limit`].
pub async fn upload_size(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    req.extensions_mut()
        .insert(UploadSize(state.config.upload_max_bytes));
    next.run(req).await
}

/// The limit of an upload route, for the extractor that reads the body
/// ([`crate::base::upload::Upload`]) to name it.
#[derive(Debug, Clone, Copy)]
pub struct UploadMax(pub usize);

/// The answer to an upload over `max` bytes.
fn upload_too_large(max: usize) -> Response {
    too_large(max).into_response()
}

/// The error of an upload over `max` bytes: 413 `upload.too_large` naming the limit.
pub(crate) fn too_large(max: usize) -> AppError {
    const MIB: usize = 1024 * 1024;
    let limit = if max >= MIB {
        format!("{} MB", max / MIB)
    } else {
        format!("{} KB", max.div_ceil(1024))
    };
    let mut error: AppError = domain::FieldError::new("upload.too_large", "file")
        .arg("limit", limit)
        .into();
    error.status = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
    error
}

impl<S> tower::Service<Request> for UploadLimited<S>
where
    S: tower::Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Response, S::Error>> + Send + 'static>,
    >;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let max = req
            .extensions()
            .get::<UploadSize>()
            .map_or(crate::state::DEFAULT_UPLOAD_MAX_BYTES, |s| s.0);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Box::pin(std::future::ready(Ok(upload_too_large(max))));
        }
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (mut parts, body) = req.into_parts();
        parts.extensions.insert(UploadMax(max));
        let counted = Counted {
            inner: body,
            seen: seen.clone(),
        };
        let request = Request::from_parts(parts, Body::new(counted));
        // The inner service was made ready by `poll_ready`; a clone takes its place.
        let clone = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, clone);
        let mut limited = tower::Layer::layer(&axum::extract::DefaultBodyLimit::max(max), ready);
        let future = limited.call(request);
        Box::pin(async move {
            let response = future.await?;
            if seen.load(std::sync::atomic::Ordering::Relaxed) > max {
                return Ok(upload_too_large(max));
            }
            Ok(response)
        })
    }
}

/// A request body that counts the bytes read from it.
struct Counted {
    inner: Body,
    seen: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl http_body::Body for Counted {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let polled = http_body::Body::poll_frame(std::pin::Pin::new(&mut self.inner), cx);
        if let std::task::Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
        {
            self.seen
                .fetch_add(data.len(), std::sync::atomic::Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        http_body::Body::is_end_stream(&self.inner)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::Body::size_hint(&self.inner)
    }
}

/// The first field of an `application/x-www-form-urlencoded` text (a form body or a query
/// string) whose name or value holds a refused control character, raw or `%`-encoded.
pub fn control_char_in_pairs(text: &[u8]) -> Option<String> {
    form_urlencoded::parse(text).find_map(|(k, v)| {
        (has_refused_control(&k) || has_refused_control(&v)).then(|| printable(&k))
    })
}

/// The path (`lines[0].memo`) of the first JSON string, or object key, holding a refused
/// control character (written `\u0000` in the JSON text).
pub fn control_char_in_json(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &str) -> Option<String> {
        match value {
            serde_json::Value::String(s) => has_refused_control(s).then(|| path.to_string()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{path}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
                let key = printable(k);
                let here = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                if has_refused_control(k) {
                    return Some(here);
                }
                walk(v, &here)
            }),
            _ => None,
        }
    }
    walk(value, "").map(|p| if p.is_empty() { "body".into() } else { p })
}

/// A field name fit to show: control characters written as `\u{0}`, at most 100 characters.
fn printable(name: &str) -> String {
    name.chars()
        .take(100)
        .map(|c| {
            if is_refused_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Refuses, before any handler runs, a request whose query string, form body or JSON body
/// holds a control character in any text (NUL and the other C0 characters but tab, CR, LF):
/// 422 `common.control_char` naming the field. Bodies are read up to the form/JSON size limit
/// (larger ones go on untouched, and the handler's extractor refuses them).
pub async fn refuse_control_chars(req: Request, next: Next) -> Response {
    if let Some(field) = req
        .uri()
        .query()
        .and_then(|q| control_char_in_pairs(q.as_bytes()))
    {
        return control_char_refused(&req, field);
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let is_form = mime == "application/x-www-form-urlencoded";
    let is_json =
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"));
    if !is_form && !is_json {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_FORM_BYTES) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "common.too_large",
        )
        .into_response();
    };
    let field = if is_form {
        control_char_in_pairs(&bytes)
    } else if bytes
        .iter()
        .any(|b| (*b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0x7f)
        || bytes
            .windows(2)
            .any(|w| w == b"\\u" || (w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])))
    {
        // Only text that could carry one is parsed: an escape, DEL or a C1 character in
        // UTF-8 (raw C0 bytes make invalid JSON, which the handler reports as such).
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| control_char_in_json(&v))
    } else {
        None
    };
    let req = Request::from_parts(parts, Body::from(bytes));
    match field {
        Some(field) => control_char_refused(&req, field),
        None => next.run(req).await,
    }
}

fn control_char_refused(req: &Request, field: String) -> Response {
    let error = AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, CONTROL_CHAR);
    let Some(ctx) = req.extensions().get::<RequestCtx>() else {
        return error.into_response();
    };
    let key = format!("field.{field}");
    let label = ctx.tr.t(&key);
    let label = if label == key { field.clone() } else { label };
    let message = ctx.tr.t1(CONTROL_CHAR, "field", &label);
    if ctx.path.starts_with("/api/") {
        let body = crate::error::ErrorBody {
            code: CONTROL_CHAR.to_string(),
            message,
            field: Some(field),
        };
        return (error.status, axum::Json(body)).into_response();
    }
    error.with_message(message).into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn control_characters_are_found_with_their_field() {
        assert_eq!(
            control_char_in_pairs(b"a=1&name=x%00y"),
            Some("name".into())
        );
        assert_eq!(control_char_in_pairs(b"a=%1B"), Some("a".into()));
        assert_eq!(control_char_in_pairs(b"k%00=v"), Some("k\\u{0}".into()));
        assert_eq!(control_char_in_pairs(b"note=a%0D%0Ab%09c&x=%25"), None);
        let json: serde_json::Value = serde_json::from_str(
            r#"{"date":"2026-01-02","lines":[{"memo":"ok\n"},{"memo":"bad\u0000"}]}"#,
        )
        .unwrap();
        assert_eq!(control_char_in_json(&json), Some("lines[1].memo".into()));
        let clean: serde_json::Value =
            serde_json::from_str(r#"{"a":"tab\there","b":["line\r\nbreak"],"n":1}"#).unwrap();
        assert_eq!(control_char_in_json(&clean), None);
        let top: serde_json::Value = serde_json::from_str(r#""\u0001""#).unwrap();
        assert_eq!(control_char_in_json(&top), Some("body".into()));
    }
}

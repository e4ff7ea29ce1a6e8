//! The page toolkit: rendering a page, and the outcome of a form — shown again with what
//! was typed and the error at its field, or a redirect to where the work goes on.

use crate::error::AppError;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

/// Renders a page (200).
pub fn render(template: &impl askama::Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a form page: 422 when it shows an error, so scripts and tests can tell.
pub fn render_form(
    template: &impl askama::Template,
    has_error: bool,
) -> Result<Response, AppError> {
    let status = if has_error {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(template, status)
}

/// Renders a page with the given status (a page that shows an error keeps the error's status).
pub fn render_status(
    template: &impl askama::Template,
    status: StatusCode,
) -> Result<Response, AppError> {
    render(template).map(|r| (status, r).into_response())
}

/// Errors the page shows in place (bad input, a rule of the books) instead of an error page;
/// not found and forbidden go to the error page.
pub fn in_page(e: AppError) -> Result<AppError, AppError> {
    if e.status == StatusCode::UNPROCESSABLE_ENTITY || e.status == StatusCode::CONFLICT {
        Ok(e)
    } else {
        Err(e)
    }
}

/// After a successful form: htmx follows `HX-Redirect`, a plain browser the 303.
pub fn go_to(headers: &HeaderMap, to: &str) -> Response {
    if headers.contains_key("hx-request") {
        let mut r = StatusCode::OK.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            r.headers_mut().insert("hx-redirect", v);
        }
        r
    } else {
        Redirect::to(to).into_response()
    }
}

/// The response header by which a form's handler names where the saved record is shown when
/// its redirect leads elsewhere (a list, a long page): the confirmation links to it. The
/// session layer reads and removes it; it never leaves the server.
pub const SAVED_HEADER: &str = "x-zx-saved";

/// `response` (a redirect after a saved form) naming `record` as where the saved record is
/// shown, for the 已保存 confirmation's link.
pub fn saved_at(mut response: Response, record: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(record) {
        response.headers_mut().insert(SAVED_HEADER, v);
    }
    response
}

/// Where a refused form shows its error: beside the field the error names (`at`), or at the
/// top of the form for any other field (`other`). What was typed is the page's to keep.
#[derive(Debug, Clone, Default)]
pub struct FormError {
    at: String,
    message: String,
}

impl FormError {
    /// The error's field and its message in the page's language.
    pub fn of(tr: &crate::i18n::Tr, e: &AppError) -> FormError {
        FormError {
            at: e
                .field
                .as_ref()
                .map(|f| f.field.to_string())
                .unwrap_or_default(),
            message: e.message(tr),
        }
    }

    /// [`FormError::of`] when there is an error, else no message anywhere.
    pub fn of_any(tr: &crate::i18n::Tr, e: Option<&AppError>) -> FormError {
        e.map(|e| FormError::of(tr, e)).unwrap_or_default()
    }

    /// The message when it belongs beside `key`, else nothing.
    pub fn at(&self, key: &str) -> &str {
        if self.at == key { &self.message } else { "" }
    }

    /// The message when it belongs beside none of `keys` (shown at the top of the form).
    pub fn other(&self, keys: &[&str]) -> &str {
        if keys.contains(&self.at.as_str()) {
            ""
        } else {
            &self.message
        }
    }
}

//! Errors as users see them: a friendly translated page for HTML, `{"code","message"}` for
//! the API. Internal errors are logged with an id and never shown.

use crate::i18n::{Locale, Tr};
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{DomainError, FieldError};
use std::sync::Mutex;
use store::StoreError;
use store::error::Unavailable;

/// The code of [`AppError::unavailable`].
pub const UNAVAILABLE: &str = "common.unavailable";

/// The last unavailability logged, so that a failing database is logged once per change of
/// state, not once per request ([`database_recovered`] clears it).
static LOGGED_UNAVAILABLE: Mutex<Option<Unavailable>> = Mutex::new(None);

fn log_unavailable(why: Unavailable, error: &StoreError) {
    let Ok(mut logged) = LOGGED_UNAVAILABLE.lock() else {
        return;
    };
    if *logged != Some(why) {
        *logged = Some(why);
        tracing::error!(
            "{}: requests are answered 503 until it recovers ({error})",
            why.as_str()
        );
    }
}

/// A write succeeded after the database was unavailable: says so once.
pub fn database_recovered() {
    if let Ok(mut logged) = LOGGED_UNAVAILABLE.lock()
        && let Some(why) = logged.take()
    {
        tracing::info!("database available again (was: {})", why.as_str());
    }
}

/// An error with a stable code, the HTTP status it maps to and, for validation, the field.
#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub field: Option<FieldError>,
    /// A message made by the handler, already translated (e.g. an import row error).
    pub message: Option<String>,
}

/// The code of an error that is ours, not the user's.
pub const INTERNAL: &str = "common.internal";

tokio::task_local! {
    /// The id of the request being served (`ops::track` sets it for the request's task): in
    /// the log's request span, the `x-request-id` response header and an internal error's
    /// 错误编号.
    pub static REQUEST_ID: String;
}

/// The current request's id, when inside one.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str) -> AppError {
        AppError {
            status,
            code,
            field: None,
            message: None,
        }
    }

    pub fn not_found() -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "common.not_found")
    }

    pub fn forbidden() -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "auth.forbidden")
    }

    pub fn unauthorized() -> AppError {
        AppError::new(StatusCode::UNAUTHORIZED, "auth.unauthorized")
    }

    /// The database cannot serve the request for now (disk full, server unreachable): 503
    /// with `Retry-After` (added by `ops::track`), nobody's mistake, retried later.
    pub fn unavailable() -> AppError {
        AppError::new(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE)
    }

    /// Logged with its id — the request's id inside a request, which the user sees as
    /// 错误编号 on the error page ([`AppError::message`]); what went wrong is never shown.
    pub fn internal(what: impl std::fmt::Display) -> AppError {
        let id = request_id().unwrap_or_else(|| domain::Id::new().to_string());
        tracing::error!(error_id = %id, "internal error: {what}");
        AppError::new(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL)
    }

    pub fn with_message(mut self, message: String) -> AppError {
        self.message = Some(message);
        self
    }

    /// The message in the user's language.
    pub fn message(&self, tr: &Tr) -> String {
        if let Some(m) = &self.message {
            return m.clone();
        }
        let text = match &self.field {
            Some(f) => tr.field_error(f),
            None => tr.t(self.code),
        };
        // An internal error names the request it happened in, as the log does.
        match request_id().filter(|_| self.code == INTERNAL) {
            Some(id) => format!("{text} {}", tr.t1("common-error_id", "id", &id)),
            None => text,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: e.code,
            field: Some(e),
            message: None,
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(f) => f.into(),
            DomainError::NotFound => AppError::not_found(),
            DomainError::Forbidden => AppError::forbidden(),
            DomainError::Conflict(code) => AppError::new(StatusCode::CONFLICT, code),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => d.into(),
            StoreError::Row { error, .. } => error.into(),
            other => match other.unavailable() {
                Some(why) => {
                    log_unavailable(why, &other);
                    AppError::unavailable()
                }
                None => AppError::internal(other),
            },
        }
    }
}

impl From<usecase::Error> for AppError {
    fn from(e: usecase::Error) -> Self {
        match e {
            usecase::Error::Store(e) => e.into(),
            usecase::Error::Internal(what) => AppError::internal(what),
        }
    }
}

/// The response carries the error itself; `shell::render_errors` turns it into a
/// translated page or JSON body once the request's language is known.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(e)
    }
}

/// An API error body: a stable code and a message in the caller's language.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable error code, e.g. `auth.unauthorized`.
    pub code: String,
    pub message: String,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Without a request at hand (e.g. at startup), the default language.
pub fn default_tr(state: &AppState) -> Tr {
    Tr::new(state.i18n.clone(), Locale::ZhCn)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn an_internal_error_shows_the_request_id_as_its_error_number() {
        let tr = Tr::new(
            std::sync::Arc::new(crate::i18n::I18n::load().unwrap()),
            Locale::ZhCn,
        );
        let message = REQUEST_ID
            .scope("req-42".to_string(), async {
                AppError::internal("boom").message(&tr)
            })
            .await;
        assert!(message.contains("错误编号：req-42"), "{message}");
        assert!(!message.contains("boom"), "{message}");
        // Other errors carry no number.
        let other = REQUEST_ID
            .scope("req-43".to_string(), async {
                AppError::not_found().message(&tr)
            })
            .await;
        assert!(!other.contains("req-43"), "{other}");
    }
}

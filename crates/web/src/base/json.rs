//! The one JSON body extractor of the API: [`Json`], whose refusal is an API error with a
//! neutral `json.*` code and axum's status (400 unreadable JSON, 415 not sent as JSON, 422
//! JSON of the wrong shape), never axum's plain-text rejection.

use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

/// A JSON request body (`Json(body): Json<VoucherCreate>` in a handler's arguments).
/// Answers are written with `axum::Json`.
pub struct Json<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(refused(&rejection)),
        }
    }
}

/// A body that a handler reads itself (an optional body) parsed as `T`, refused as
/// [`Json`] refuses it.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        let status = match e.classify() {
            serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        error(status, e.to_string())
    })
}

/// The API error of axum's rejection, with its status.
fn refused(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "json.content_type")
        }
        JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_) => {
            error(rejection.status(), parser_words(&rejection.body_text()))
        }
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "common.too_large")
        }
        _ => AppError::new(StatusCode::BAD_REQUEST, "json.unreadable"),
    }
}

/// 400 `json.syntax` or 422 `json.invalid`, naming what the parser found.
fn error(status: StatusCode, detail: String) -> AppError {
    let code = if status == StatusCode::UNPROCESSABLE_ENTITY {
        "json.invalid"
    } else {
        "json.syntax"
    };
    let mut error: AppError = domain::FieldError::new(code, "body")
        .arg("value", detail)
        .into();
    error.status = status;
    error
}

/// The parser's own words (the field or position at fault), without axum's prefix.
fn parser_words(text: &str) -> String {
    text.split_once(": ")
        .filter(|(head, _)| head.starts_with("Failed to "))
        .map_or(text, |(_, rest)| rest)
        .to_string()
}

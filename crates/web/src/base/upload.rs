//! The one reader of multipart uploads: text fields (through
//! [`crate::security::multipart_text`], which refuses control characters) and file parts with
//! their field and file names. The route's [`crate::security::upload_limit`] bounds the body
//! by the configured upload size;
//! a body cut off at that limit is the 413 `upload.too_large` naming the limit, never a
//! "damaged file".
//!
//! [`Upload`] is an extractor: it reads the (bounded) body before the handler runs, after the
//! signed-in check of the extractors before it.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use std::collections::HashMap;

/// One file part of an upload.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The form field's name (`file`, `photo` …).
    pub field: String,
    /// The file name the browser sent (may be empty).
    pub name: String,
    pub data: Bytes,
}

impl UploadedFile {
    /// An empty file input: a part with neither a file name nor bytes.
    pub fn is_blank(&self) -> bool {
        self.name.is_empty() && self.data.is_empty()
    }
}

/// A multipart form, read whole: its text fields and its file parts in order.
#[derive(Debug, Default)]
pub struct Upload {
    texts: HashMap<String, String>,
    files: Vec<UploadedFile>,
}

impl Upload {
    /// Reads every part; a part with a file name is a file, any other a text field (the last
    /// of a repeated text field wins). `max` is the route's limit, named when it is exceeded.
    async fn read(mut multipart: Multipart, max: usize) -> Result<Self, AppError> {
        let mut upload = Upload::default();
        while let Some(field) = multipart.next_field().await.map_err(|e| refused(e, max))? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => {
                    let data = field.bytes().await.map_err(|e| refused(e, max))?;
                    upload.files.push(UploadedFile {
                        field: name,
                        name: file_name,
                        data,
                    });
                }
                None => {
                    let text = crate::security::multipart_text(field).await?;
                    upload.texts.insert(name, text);
                }
            }
        }
        Ok(upload)
    }

    /// A text field, empty when the form had none.
    pub fn text(&self, name: &str) -> &str {
        self.texts.get(name).map(String::as_str).unwrap_or_default()
    }

    /// Every text field by name.
    pub fn texts(&self) -> &HashMap<String, String> {
        &self.texts
    }

    /// The last file sent in field `field` (empty or not).
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().rev().find(|f| f.field == field)
    }

    /// [`Upload::file`] as (file name, bytes).
    pub fn file_bytes(&self, field: &str) -> Option<(String, Vec<u8>)> {
        self.file(field).map(|f| (f.name.clone(), f.data.to_vec()))
    }

    /// Every file part, in the order sent (empty file inputs included).
    pub fn files(&self) -> &[UploadedFile] {
        &self.files
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let max = req
            .extensions()
            .get::<crate::security::UploadMax>()
            .map_or(DEFAULT_BODY_LIMIT, |m| m.0);
        let multipart = Multipart::from_request(req, state)
            .await
            .map_err(|_| unreadable())?;
        Upload::read(multipart, max).await
    }
}

fn unreadable() -> AppError {
    AppError::new(StatusCode::BAD_REQUEST, "import.unreadable")
}

/// A part that could not be read: over the body limit is 413 naming the limit, anything
/// else a damaged upload.
fn refused(e: MultipartError, max: usize) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        crate::security::too_large(max)
    } else {
        unreadable()
    }
}

/// axum's body limit on a route without an upload limit of its own.
const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

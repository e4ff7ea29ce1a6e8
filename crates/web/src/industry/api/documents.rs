//! A project's documents in the JSON API: list, upload (multipart) and download.

use super::writable;
use crate::base::ctx::SignedIn;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

/// A project's document (项目文件) without its bytes; download it from `/api/v1/documents/{id}`.
#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: String,
    pub project_id: String,
    /// plan (实施方案), approval (批复) or other
    pub kind: String,
    pub title: String,
    pub file_name: String,
    /// Recognised from the content when stored.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    pub created_by: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub archived: bool,
}

impl From<store::industry::documents::DocumentMeta> for DocumentDto {
    fn from(d: store::industry::documents::DocumentMeta) -> Self {
        DocumentDto {
            id: d.id,
            project_id: d.project_id,
            kind: d.kind,
            title: d.title,
            file_name: d.file_name,
            content_type: d.content_type,
            size: d.size,
            created_by: d.created_by,
            created_at: d.created_at,
            archived: d.archived,
        }
    }
}

/// The multipart body of a document upload.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the request for the document only
pub struct DocumentUpload {
    /// plan, approval or other.
    kind: String,
    /// Optional; the file name when left out.
    title: Option<String>,
    /// A PDF, Word document (.docx) or photo (PNG, JPEG) of at most 10 MiB, recognised by
    /// its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A project's documents, archived ones included (marked), oldest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/documents", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<DocumentDto>), (status = 404, body = ErrorBody)))]
pub async fn list_documents(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<DocumentDto>>, AppError> {
    crate::industry::project_in_scope(&state, &auth, &id).await?;
    let docs = store::industry::documents::list(&state.db, &auth.actor.scope, &id, true).await?;
    Ok(Json(docs.into_iter().map(DocumentDto::from).collect()))
}

/// Uploads a document to a project (multipart: `kind`, `title`, `file`). The file is checked
/// by content; an error names it and nothing is stored.
#[utoipa::path(post, path = "/api/v1/projects/{id}/documents", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentDto), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn upload_document(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    upload: crate::base::upload::Upload,
) -> Result<(StatusCode, Json<DocumentDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let input = domain::industry::document::DocumentInput {
        kind: upload.text("kind").to_string(),
        title: upload.text("title").to_string(),
    };
    let (name, data) = upload
        .file("file")
        .map(|f| (f.name.clone(), f.data.clone()))
        .ok_or_else(|| FieldError::new("common.required", "file"))?;
    let doc = input.validate(&name)?;
    let stored =
        store::industry::documents::add(&state.db, &auth.actor, &id, &doc, &name, &data).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// A document's bytes, with the content type recognised when it was stored, as an
/// attachment under its file name.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "industry",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200,
               description = "The file (application/pdf, Word .docx, image/png or image/jpeg)",
               content_type = "application/octet-stream"),
              (status = 404, body = ErrorBody)))]
pub async fn download_document(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    let (meta, data) = store::industry::documents::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::industry::projects::document_response(&meta, data))
}

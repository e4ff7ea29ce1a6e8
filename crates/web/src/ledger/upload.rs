//! Uploading a voucher file into a book (the format of `domain::ledger::voucher_file`): all
//! or nothing, the refusal naming file, row, column and reason.

use super::book_in_scope;
use crate::error::AppError;
use crate::identity::session::SignedIn;
use crate::shell::{PageCtx, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use store::ledger::import::ImportSummary;
use store::ledger::{BookRecord, OrgRecord};

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/ledger/books/{id}/vouchers/import",
        get(page).post(upload).layer(DefaultBodyLimit::max(
            crate::region::pages::MAX_UPLOAD_BYTES,
        )),
    )
}

#[derive(Template)]
#[template(path = "ledger/upload.html")]
struct UploadPage {
    ctx: PageCtx,
    org: OrgRecord,
    book: BookRecord,
    columns: Vec<String>,
    error: Option<String>,
    summary: Option<ImportSummary>,
}

fn columns() -> Vec<String> {
    domain::ledger::voucher_file::COLUMNS
        .iter()
        .map(|(key, zh)| format!("{zh} ({key})"))
        .collect()
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    if !auth.role.keeps_books() {
        return Err(AppError::forbidden());
    }
    render(&UploadPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: columns(),
        error: None,
        summary: None,
    })
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    if !auth.role.keeps_books() {
        return Err(AppError::forbidden());
    }
    let unreadable = || AppError::new(StatusCode::BAD_REQUEST, "import.unreadable");
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(|_| unreadable())?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let outcome = match file {
        None => Err(ctx.tr.t("import-no-file")),
        Some((name, bytes)) => {
            super::io::import_vouchers(
                &state.db,
                &auth.actor,
                &ctx.tr,
                &name,
                &bytes,
                Some(&org.id),
            )
            .await
        }
    };
    let (error, summary) = match outcome {
        Ok(s) => (None, Some(s)),
        Err(e) => (Some(e), None),
    };
    // Always 200: htmx swaps only successful responses, and the page carries the message.
    render(&UploadPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: columns(),
        error,
        summary,
    })
}

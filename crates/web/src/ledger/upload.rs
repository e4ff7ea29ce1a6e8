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
    let limit = || DefaultBodyLimit::max(crate::region::pages::MAX_UPLOAD_BYTES);
    Router::new()
        .route(
            "/ledger/books/{id}/vouchers/import",
            get(page).post(upload).layer(limit()),
        )
        .route(
            "/ledger/books/{id}/openings/import",
            get(openings_page).post(openings_upload).layer(limit()),
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

/// The book in scope, for a caller who keeps books (uploads write).
async fn keeper_book(
    state: &AppState,
    auth: &crate::identity::Auth,
    id: &str,
) -> Result<(BookRecord, OrgRecord), AppError> {
    let found = book_in_scope(state, auth, id).await?;
    if auth.role.keeps_books() {
        Ok(found)
    } else {
        Err(AppError::forbidden())
    }
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
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    render(&UploadPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: columns(),
        error: None,
        summary: None,
    })
}

/// The uploaded `file` field: (file name, bytes), or `None` when the form had none.
async fn file_field(multipart: &mut Multipart) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let unreadable = || AppError::new(StatusCode::BAD_REQUEST, "import.unreadable");
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(|_| unreadable())?;
            file = Some((name, bytes.to_vec()));
        }
    }
    Ok(file)
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    let file = file_field(&mut multipart).await?;
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

#[derive(Template)]
#[template(path = "ledger/openings_import.html")]
struct OpeningsPage {
    ctx: PageCtx,
    org: OrgRecord,
    book: BookRecord,
    columns: Vec<String>,
    error: Option<String>,
    imported: Option<usize>,
}

fn opening_columns() -> Vec<String> {
    super::io::OPENING_COLUMNS
        .iter()
        .map(|(key, zh)| format!("{zh} ({key})"))
        .collect()
}

async fn openings_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    render(&OpeningsPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: opening_columns(),
        error: None,
        imported: None,
    })
}

async fn openings_upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    let outcome = match file_field(&mut multipart).await? {
        None => Err(ctx.tr.t("import-no-file")),
        Some((name, bytes)) => {
            super::io::import_openings(&state.db, &auth.actor, &ctx.tr, &name, &bytes, &book.id)
                .await
        }
    };
    let (error, imported) = match outcome {
        Ok(n) => (None, Some(n)),
        Err(e) => (Some(e), None),
    };
    render(&OpeningsPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: opening_columns(),
        error,
        imported,
    })
}

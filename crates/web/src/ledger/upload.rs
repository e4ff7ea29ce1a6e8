//! Uploading a voucher file into a book (the format of `domain::ledger::voucher_file`): all
//! or nothing, the refusal naming file, row, column and reason. The vouchers become drafts
//! prepared by the uploader, for someone else to review and post; only a district admin may
//! tick "migration" to load a previous system's posted books (`auth.forbidden` otherwise).

use super::book_in_scope;
use crate::base::ctx::SignedIn;
use crate::base::page::{render, render_form};
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::identity::Role;
use store::ledger::import::{ImportSummary, Mode};
use store::ledger::{BookRecord, OrgRecord};

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(
            crate::base::url::LEDGER_BOOK_VOUCHERS_IMPORT,
            get(page).post(upload).layer(limit()),
        )
        .route(
            crate::base::url::LEDGER_BOOK_OPENINGS_IMPORT,
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
    /// Whether the caller may run a migration import (a district admin).
    can_migrate: bool,
    /// The mode of the import just run.
    migrated: bool,
}

/// The book in scope, for a caller who keeps books (uploads write).
async fn keeper_book(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
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
        can_migrate: auth.role == Role::DistrictAdmin,
        migrated: false,
    })
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<Response, AppError> {
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    let migrated = matches!(upload.text("migrated").trim(), "1" | "on" | "true");
    let mode = if migrated {
        // A migration posts what a file says was posted: a district admin's decision only.
        store::ledger::import::check_migration(&auth.actor)?;
        Mode::Migration
    } else {
        Mode::Draft
    };
    let outcome = match upload.file_bytes("file") {
        None => Err(Ok(ctx.tr.t("import-no-file"))),
        Some((name, bytes)) => usecase::ledger::import_vouchers(
            &state.db,
            &auth.actor,
            &name,
            &bytes,
            Some(&org.id),
            mode,
        )
        .await
        .map_err(|e| tabular::refusal(e, &ctx.tr)),
    };
    let (error, summary) = match outcome {
        Ok(s) => (None, Some(s)),
        Err(e) => (Some(e?), None),
    };
    // A refused file answers 422 with its refusal in the page (htmx swaps 4xx answers).
    let refused = error.is_some();
    let page = UploadPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: columns(),
        error,
        summary,
        can_migrate: auth.role == Role::DistrictAdmin,
        migrated: mode == Mode::Migration,
    };
    render_form(&page, refused)
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
    usecase::ledger::OPENING_COLUMNS
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
    upload: Upload,
) -> Result<Response, AppError> {
    let (book, org) = keeper_book(&state, &auth, &id).await?;
    let outcome = match upload.file_bytes("file") {
        None => Err(Ok(ctx.tr.t("import-no-file"))),
        Some((name, bytes)) => {
            usecase::ledger::import_openings(&state.db, &auth.actor, &name, &bytes, &book.id)
                .await
                .map_err(|e| tabular::refusal(e, &ctx.tr))
        }
    };
    let (error, imported) = match outcome {
        Ok(n) => (None, Some(n)),
        Err(e) => (Some(e?), None),
    };
    let refused = error.is_some();
    let page = OpeningsPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        org,
        book,
        columns: opening_columns(),
        error,
        imported,
    };
    render_form(&page, refused)
}

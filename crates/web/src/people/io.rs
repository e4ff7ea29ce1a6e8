//! The roster files' pages: the import form (persons, posts, talent-pool entries) with the documentation of the
//! template's columns, the upload and the templates. Reading and validating a file is
//! `usecase::people` (all or nothing, the refusal naming file, row, column and reason).

use crate::base::ctx::SignedIn;
use crate::base::page::render_form;
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use usecase::people::{PERSON_COLUMNS, POST_COLUMNS, Roster, TALENT_COLUMNS, column_label};

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(crate::base::url::PEOPLE_IMPORT, get(page))
        .route(
            crate::base::url::PEOPLE_IMPORT_KIND,
            axum::routing::post(upload).layer(limit()),
        )
        .route(
            crate::base::url::PEOPLE_IMPORT_TEMPLATE_XLSX,
            get(template_xlsx),
        )
        .route(
            crate::base::url::PEOPLE_IMPORT_TEMPLATE_CSV,
            get(template_csv),
        )
}

/// "姓名 (name) *" for the page's documentation of the template.
fn documented(tr: &Tr, columns: &[(&str, bool)]) -> Vec<String> {
    columns
        .iter()
        .map(|(k, required)| {
            let mark = if *required { " *" } else { "" };
            format!("{} ({k}){mark}", column_label(tr, k))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "people/import.html")]
struct ImportPage {
    ctx: PageCtx,
    person_columns: Vec<String>,
    post_columns: Vec<String>,
    talent_columns: Vec<String>,
    kind: String,
    error: Option<String>,
    imported: Option<usize>,
}

fn import_page(
    ctx: &crate::base::ctx::RequestCtx,
    kind: &str,
    error: Option<String>,
    imported: Option<usize>,
) -> Result<Response, AppError> {
    // A refused file answers 422 with its refusal in the page (htmx swaps 4xx answers).
    let refused = error.is_some();
    let page = ImportPage {
        ctx: PageCtx::new(ctx, "people"),
        person_columns: documented(&ctx.tr, &PERSON_COLUMNS),
        post_columns: documented(&ctx.tr, &POST_COLUMNS),
        talent_columns: documented(&ctx.tr, &TALENT_COLUMNS),
        kind: kind.to_string(),
        error,
        imported,
    };
    render_form(&page, refused)
}

async fn page(SignedIn(auth, ctx): SignedIn) -> Result<Response, AppError> {
    if !super::persons::keeps(&auth) {
        return Err(AppError::forbidden());
    }
    import_page(&ctx, "", None, None)
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(kind): Path<String>,
    upload: Upload,
) -> Result<Response, AppError> {
    let roster = Roster::parse(&kind).ok_or_else(AppError::not_found)?;
    if !super::persons::keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let outcome = match upload.file_bytes("file") {
        Some((name, bytes)) if !bytes.is_empty() => usecase::people::import_roster(
            &state.db,
            &auth.actor,
            &state.i18n,
            roster,
            &name,
            &bytes,
        )
        .await
        .map_err(|e| tabular::refusal(e, &ctx.tr)),
        _ => Err(Ok(ctx.tr.t("import-no-file"))),
    };
    match outcome {
        Ok(n) => import_page(&ctx, &kind, None, Some(n)),
        Err(refused) => import_page(&ctx, &kind, Some(refused?), None),
    }
}

fn template_rows(kind: &str) -> Vec<Vec<String>> {
    let row: &[&str] = if kind == "talent" {
        &["", "后备干部", "", "村务管理", "", "2021-09-01", "", ""]
    } else if kind == "persons" {
        &[
            "张三",
            "男",
            "1980-01-01",
            "汉族",
            "",
            "中共党员",
            "大专",
            "",
            "340803100201",
        ]
    } else {
        &[
            "",
            "340803100201",
            "第一书记",
            "区委组织部",
            "2021-03-01",
            "",
            "",
        ]
    };
    vec![row.iter().map(|s| s.to_string()).collect()]
}

fn template_header(tr: &Tr, kind: &str) -> Result<Vec<String>, AppError> {
    let roster = Roster::parse(kind).ok_or_else(AppError::not_found)?;
    Ok(roster
        .columns()
        .iter()
        .map(|(k, _)| column_label(tr, k))
        .collect())
}

async fn template_xlsx(
    SignedIn(_auth, ctx): SignedIn,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let header = template_header(&ctx.tr, &kind)?;
    tabular::xlsx_response(
        &ctx.tr.t("pp-import"),
        &header,
        &template_rows(&kind),
        &format!("{kind}-template.xlsx"),
    )
}

async fn template_csv(
    SignedIn(_auth, ctx): SignedIn,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let header = template_header(&ctx.tr, &kind)?;
    let bytes = usecase::tabular::csv_bytes(&header, &template_rows(&kind))?;
    Ok(tabular::download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{kind}-template.csv"),
    ))
}

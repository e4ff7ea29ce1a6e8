//! Importing rosters of persons and of posts from .xlsx/.csv (the documented template:
//! Chinese headers with English keys), all or nothing: the first bad row refuses the whole
//! file, naming file, row, column and reason, and nothing is written.

use crate::base::ctx::SignedIn;
use crate::base::page::render;
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::i18n::{I18n, Tr};
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use domain::FieldError;
use domain::people::{PersonInput, PostInput};
use std::sync::Arc;
use usecase::import::{Column, ImportError, Label, Reason};

/// The person roster's columns: (key, required).
pub const PERSON_COLUMNS: [(&str, bool); 9] = [
    ("name", true),
    ("sex", false),
    ("birth_date", false),
    ("ethnicity", false),
    ("id_number", true),
    ("political_status", true),
    ("education", false),
    ("phone", false),
    ("region_code", true),
];

/// The posts file's columns: (key, required).
pub const POST_COLUMNS: [(&str, bool); 7] = [
    ("id_number", true),
    ("region_code", true),
    ("post", true),
    ("dispatching_unit", false),
    ("starts_on", true),
    ("ends_on", false),
    ("note", false),
];

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

/// Other headers people write for a column.
const ALIASES: [(&str, &str); 9] = [
    ("region_code", "区划代码"),
    ("region_code", "所属区划代码"),
    ("id_number", "身份证号码"),
    ("id_number", "公民身份号码"),
    ("phone", "手机号码"),
    ("phone", "联系电话"),
    ("starts_on", "任职时间"),
    ("dispatching_unit", "选派单位"),
    ("post", "职务名称"),
];

fn column_label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("pp-col-{key}"))
}

/// The header of the person roster in the user's language (exports use it too).
pub fn person_header(tr: &Tr) -> Vec<String> {
    PERSON_COLUMNS
        .iter()
        .map(|(k, _)| column_label(tr, k))
        .collect()
}

fn columns_of(kind: &str) -> Option<&'static [(&'static str, bool)]> {
    match kind {
        "persons" => Some(&PERSON_COLUMNS),
        "posts" => Some(&POST_COLUMNS),
        _ => None,
    }
}

/// "姓名 (name)" for the page's documentation of the template.
fn documented(tr: &Tr, columns: &[(&str, bool)]) -> Vec<String> {
    columns
        .iter()
        .map(|(k, required)| {
            let mark = if *required { " *" } else { "" };
            format!("{} ({k}){mark}", column_label(tr, k))
        })
        .collect()
}

/// The label of a column of these files (a field not among them by its form label).
fn label_of(field: &str) -> Label {
    match field {
        "person_id" => Label::message("pp-col-id_number".to_string()),
        f if PERSON_COLUMNS
            .iter()
            .chain(POST_COLUMNS.iter())
            .any(|(k, _)| *k == f) =>
        {
            Label::message(format!("pp-col-{f}"))
        }
        f => Label::field(f),
    }
}

/// The row error of a field error: the column is the column of the field in this file.
fn row_error(file: &str, row: usize, e: &FieldError) -> ImportError {
    ImportError::row(file, row, label_of(e.field), Reason::Field(e.clone()))
}

/// Reads the file and maps each data row to its cells by column key (headers may be the
/// label in any language, the key, or "label (key)"). Blank rows are skipped.
async fn read_rows(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
    columns: &[(&'static str, bool)],
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let rows = tabular::read_blocking(file, bytes)
        .await
        .map_err(|e| ImportError::read(file, e))?;
    let wanted: Vec<Column> = columns
        .iter()
        .map(|(key, required)| Column {
            key,
            required: *required,
            names: usecase::import::names(i18n, "pp-col-", key, &ALIASES),
        })
        .collect();
    usecase::import::read_columns(file, &rows, &wanted, label_of)
}

/// The person roster's rows, validated one by one (the store checks them again and checks
/// the numbers already registered).
pub async fn parse_persons(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, PersonInput)>, ImportError> {
    let rows = read_rows(i18n, file, bytes, &PERSON_COLUMNS).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, c) in rows {
        let get = |i: usize| c.get(i).cloned().unwrap_or_default();
        let input = PersonInput {
            name: get(0),
            sex: get(1),
            birth_date: get(2),
            ethnicity: get(3),
            id_number: get(4),
            political_status: get(5),
            education: get(6),
            phone: get(7),
            region_code: get(8),
        };
        input.validate().map_err(|e| row_error(file, row, &e))?;
        out.push((row, input));
    }
    Ok(out)
}

/// The posts file's rows (persons named by ID number).
pub async fn parse_posts(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, PostInput)>, ImportError> {
    let rows = read_rows(i18n, file, bytes, &POST_COLUMNS).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, c) in rows {
        let get = |i: usize| c.get(i).cloned().unwrap_or_default();
        let input = PostInput {
            person_id: String::new(),
            id_number: get(0),
            region_code: get(1),
            post: get(2),
            dispatching_unit: get(3),
            starts_on: get(4),
            ends_on: get(5),
            note: get(6),
        };
        input.validate().map_err(|e| row_error(file, row, &e))?;
        out.push((row, input));
    }
    Ok(out)
}

/// Imports a file of `kind`: the number of records written, or the translated refusal.
pub async fn import(
    state: &AppState,
    actor: &domain::identity::Actor,
    tr: &Tr,
    kind: &str,
    file: &str,
    bytes: &[u8],
) -> Result<usize, String> {
    let i18n = state.i18n.clone();
    let result = match kind {
        "persons" => {
            let rows = parse_persons(&i18n, file, bytes)
                .await
                .map_err(|e| e.describe(tr))?;
            store::people::persons::import(&state.db, actor, &rows)
                .await
                .map(|s| s.created)
        }
        _ => {
            let rows = parse_posts(&i18n, file, bytes)
                .await
                .map_err(|e| e.describe(tr))?;
            store::people::posts::import(&state.db, actor, &rows).await
        }
    };
    match result {
        Ok(n) => Ok(n),
        Err(store::StoreError::Row { row, error }) => {
            Err(row_error(file, row, &error).describe(tr))
        }
        Err(store::StoreError::Domain(d)) => Err(tr.t(d.code())),
        Err(e) => Err(ImportError::store(file, e, label_of).describe(tr)),
    }
}

#[derive(Template)]
#[template(path = "people/import.html")]
struct ImportPage {
    ctx: PageCtx,
    person_columns: Vec<String>,
    post_columns: Vec<String>,
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
    render(&ImportPage {
        ctx: PageCtx::new(ctx, "people"),
        person_columns: documented(&ctx.tr, &PERSON_COLUMNS),
        post_columns: documented(&ctx.tr, &POST_COLUMNS),
        kind: kind.to_string(),
        error,
        imported,
    })
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
    if columns_of(&kind).is_none() {
        return Err(AppError::not_found());
    }
    if !super::persons::keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let outcome = match upload.file_bytes("file") {
        Some((name, bytes)) if !bytes.is_empty() => {
            import(&state, &auth.actor, &ctx.tr, &kind, &name, &bytes).await
        }
        _ => Err(ctx.tr.t("import-no-file")),
    };
    // Always 200: htmx swaps only successful answers, and the page carries the message.
    match outcome {
        Ok(n) => import_page(&ctx, &kind, None, Some(n)),
        Err(e) => import_page(&ctx, &kind, Some(e), None),
    }
}

fn template_rows(kind: &str) -> Vec<Vec<String>> {
    let row: &[&str] = if kind == "persons" {
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
    let columns = columns_of(kind).ok_or_else(AppError::not_found)?;
    Ok(columns.iter().map(|(k, _)| column_label(tr, k)).collect())
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
    let bytes = tabular::csv_bytes(&header, &template_rows(&kind))?;
    Ok(tabular::download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{kind}-template.csv"),
    ))
}

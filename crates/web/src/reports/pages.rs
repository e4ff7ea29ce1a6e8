//! The report pages: the list of the pack's tables for a region and year, one table (phone
//! friendly: it scrolls within itself), and the whole pack as one workbook.

use super::{RegionYear, TableView, resolve, view};
use crate::base::ctx::SignedIn;
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::reports::table::{TableCode, Value};
use usecase::tabular::{Cell, Sheet, workbook_bytes};

pub(crate) struct TableLink {
    pub code: &'static str,
    pub title: String,
}

#[derive(Template)]
#[template(path = "reports/index.html")]
struct IndexPage {
    ctx: PageCtx,
    region: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    regions: Vec<(String, String)>,
    tables: Vec<TableLink>,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<RegionYear>,
) -> Result<Response, AppError> {
    let r = resolve(&state, &auth, &q).await?;
    let regions = crate::base::regions::region_choices(&state, &auth.actor.scope).await?;
    let tables = TableCode::ALL
        .into_iter()
        .map(|c| TableLink {
            code: c.as_str(),
            title: ctx.tr.t(&c.title_id()),
        })
        .collect();
    render(&IndexPage {
        ctx: PageCtx::new(&ctx, "reports"),
        region: r.region.as_str().to_string(),
        name: r.name,
        year: r.year,
        years: r.years,
        regions,
        tables,
    })
}

#[derive(Template)]
#[template(path = "reports/table.html")]
struct TablePage {
    ctx: PageCtx,
    region: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    t: TableView,
    /// The regions one level below (code, name): the same table for each, to drill down.
    below: Vec<(String, String)>,
}

/// The active regions one level below `region`, by code (all in the caller's scope, as the
/// region is).
async fn regions_below(
    state: &AppState,
    region: &domain::region::RegionCode,
) -> Result<Vec<(String, String)>, AppError> {
    let sub = domain::identity::Scope::region(region.clone());
    let mut below: Vec<(String, String)> = store::region::all(&state.db, &sub)
        .await?
        .into_iter()
        .filter(|r| r.parent_code.as_deref() == Some(region.as_str()) && !r.archived)
        .map(|r| (r.code, r.name))
        .collect();
    below.sort();
    Ok(below)
}

pub(crate) async fn table(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    Query(q): Query<RegionYear>,
) -> Result<Response, AppError> {
    let code = TableCode::parse(&code).ok_or_else(AppError::not_found)?;
    let r = resolve(&state, &auth, &q).await?;
    let t = store::reports::table(&state.db, &auth.actor.scope, code, &r.region, r.year)
        .await?
        .ok_or_else(AppError::not_found)?;
    let below = regions_below(&state, &r.region).await?;
    render(&TablePage {
        below,
        t: view(&ctx.tr, &t),
        ctx: PageCtx::new(&ctx, "reports"),
        region: r.region.as_str().to_string(),
        name: r.name,
        year: r.year,
        years: r.years,
    })
}

/// A figure as a typed cell: money in yuan, counts as numbers, shares and words as shown.
fn cell(shown: &str, v: &Value) -> Cell {
    match v {
        Value::Empty => Cell::Empty,
        Value::Fen { fen } => Cell::Yuan(*fen),
        Value::Count { count } => Cell::Number(*count as f64),
        Value::Points { hundredths } => Cell::Number(*hundredths as f64 / 100.0),
        Value::Share { .. } | Value::Text { .. } => Cell::text(shown),
    }
}

/// The sheet of one table: 行次 (or region code), caption, then its columns.
fn sheet_rows(t: &TableView) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut headers = vec![t.code_label.clone(), t.label_label.clone()];
    headers.extend(t.columns.iter().cloned());
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::text(&r.code), Cell::text(&r.label)];
            row.extend(r.cells.iter().zip(&r.values).map(|(s, v)| cell(s, v)));
            row
        })
        .collect();
    (headers, rows)
}

/// The whole pack as one workbook: a sheet per table in the pack's order, then the sheet
/// "来源 / sources" saying for each table which records and rule produced it.
pub(crate) async fn pack_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<RegionYear>,
) -> Result<Response, AppError> {
    let r = resolve(&state, &auth, &q).await?;
    let tables = store::reports::tables(&state.db, &auth.actor.scope, &r.region, r.year)
        .await?
        .ok_or_else(AppError::not_found)?;
    let views: Vec<TableView> = tables.iter().map(|t| view(&ctx.tr, t)).collect();
    let sheets: Vec<(Vec<String>, Vec<Vec<Cell>>)> = views.iter().map(sheet_rows).collect();
    let source_headers = vec![
        ctx.tr.t("reports-col-sheet"),
        ctx.tr.t("reports-col-table"),
        ctx.tr.t("reports-col-source"),
    ];
    let mut source_rows: Vec<Vec<Cell>> = vec![vec![
        Cell::text(&ctx.tr.t("reports-col-scope")),
        Cell::Text(format!("{} ({})", r.name, r.region.as_str())),
        Cell::Text(ctx.tr.t1("reports-year", "year", &r.year)),
    ]];
    source_rows.extend(views.iter().map(|v| {
        vec![
            Cell::text(&v.sheet),
            Cell::text(&v.title),
            Cell::text(&v.source),
        ]
    }));
    let mut all: Vec<Sheet<'_>> = views
        .iter()
        .zip(&sheets)
        .map(|(v, (headers, rows))| Sheet {
            name: &v.sheet,
            headers,
            rows,
        })
        .collect();
    all.push(Sheet {
        name: SOURCES_SHEET,
        headers: &source_headers,
        rows: &source_rows,
    });
    let bytes = workbook_bytes(&all)?;
    let file = format!("{}-{}-{}.xlsx", ctx.tr.t("reports-file"), r.name, r.year);
    Ok(crate::tabular::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &file,
    ))
}

/// The sources sheet's name, in both languages (a sheet name may not hold `/`).
pub const SOURCES_SHEET: &str = "来源 - sources";

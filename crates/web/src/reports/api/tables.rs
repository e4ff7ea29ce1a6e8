//! One table of the report pack as JSON: the figures the page and the workbook show.

use crate::base::ctx::SignedIn;
use crate::error::{AppError, ErrorBody};
use crate::reports::{RegionYear, resolve, view};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::reports::table::{TableCode, Value};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ColumnDto {
    pub key: String,
    /// The heading in the caller's language.
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct CellDto {
    /// empty, fen, count, points (value in hundredths of a point), share or text.
    pub kind: String,
    /// Money in fen (kind fen).
    pub fen: Option<i64>,
    /// A count (kind count), hundredths of a point (kind points), or a share's part (kind share).
    pub value: Option<i64>,
    /// A share's whole.
    pub of: Option<i64>,
    /// The cell as the page shows it, in the caller's language.
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct RowDto {
    /// The 行次 of a statistical return or a region's code; empty for a total.
    pub code: String,
    pub label: String,
    pub cells: Vec<CellDto>,
}

#[derive(Serialize, ToSchema)]
pub struct TableDto {
    /// t6, t7, classification, facts, training, meetings, industry, recruitment or assessment.
    pub table: String,
    pub title: String,
    pub region: String,
    pub region_name: String,
    pub year: i32,
    pub columns: Vec<ColumnDto>,
    pub rows: Vec<RowDto>,
    /// Which records and rule produced the table.
    pub source: String,
}

fn cell(text: String, v: &Value) -> CellDto {
    let (kind, fen, value, of) = match v {
        Value::Empty => ("empty", None, None, None),
        Value::Fen { fen } => ("fen", Some(*fen), None, None),
        Value::Count { count } => ("count", None, Some(*count), None),
        Value::Points { hundredths } => ("points", None, Some(*hundredths), None),
        Value::Share { value, of } => ("share", None, Some(*value), Some(*of)),
        Value::Text { .. } => ("text", None, None, None),
    };
    CellDto {
        kind: kind.to_string(),
        fen,
        value,
        of,
        text,
    }
}

/// One table of the report pack for a region in the caller's scope and a year (404 for an
/// unknown table or a region outside the scope).
#[utoipa::path(get, path = "/api/v1/reports/{key}", tag = "reports",
    params(("key" = String, Path, description = "The table: t6, t7, classification, facts, training, meetings, industry, recruitment or assessment"), RegionYear),
    responses((status = 200, body = TableDto), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn table(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    Query(q): Query<RegionYear>,
) -> Result<Json<TableDto>, AppError> {
    let code = TableCode::parse(&code).ok_or_else(AppError::not_found)?;
    let r = resolve(&state, &auth, &q).await?;
    let t = store::reports::table(&state.db, &auth.actor.scope, code, &r.region, r.year)
        .await?
        .ok_or_else(AppError::not_found)?;
    let v = view(&ctx.tr, &t);
    Ok(Json(TableDto {
        table: code.as_str().to_string(),
        title: v.title,
        region: r.region.as_str().to_string(),
        region_name: r.name,
        year: r.year,
        columns: t
            .columns
            .iter()
            .zip(v.columns)
            .map(|(c, label)| ColumnDto {
                key: c.key.clone(),
                label,
            })
            .collect(),
        rows: v
            .rows
            .into_iter()
            .map(|row| RowDto {
                cells: row
                    .cells
                    .into_iter()
                    .zip(&row.values)
                    .map(|(text, value)| cell(text, value))
                    .collect(),
                code: row.code,
                label: row.label,
            })
            .collect(),
        source: v.source,
    }))
}

//! The report pack (一键报表, issue 16): 农经 statistical returns and programme tables for a
//! region and year, as pages, JSON and one .xlsx workbook.
//!
//! Every table is a `domain::reports::table::Table` built by `store::reports`; this module
//! only resolves the region and year of a request (in the caller's scope: a region outside it
//! is 404), translates the table once ([`TableView`]) and shows it as a page, a sheet of the
//! workbook or JSON, so the three show the same figures.

pub mod api;
pub mod pages;

use crate::base::ctx::Auth;
use crate::base::format::yuan;
use crate::base::params::{bad_param, region_param, year_param};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use domain::region::RegionCode;
use domain::reports::table::{Table, TableCode, Text, Value};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The module's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::REPORTS, get(pages::index))
        .route(crate::base::url::REPORTS_PACK_XLSX, get(pages::pack_xlsx))
        .route(crate::base::url::REPORTS_TABLE, get(pages::table))
}

/// The module's API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::tables::table))
}

/// `?region=&year=` of every report page and of the API.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionYear {
    /// The region (12-digit code; default: the caller's own region); the tables cover its
    /// whole subtree.
    pub region: Option<String>,
    /// The year (YYYY; default: the latest year with books in scope).
    pub year: Option<String>,
}

/// The region and year a request asks for, in the caller's scope (404 outside it), with the
/// years that have books (for the selector).
pub(crate) struct Resolved {
    pub region: RegionCode,
    pub name: String,
    pub year: i32,
    pub years: Vec<i32>,
}

pub(crate) async fn resolve(
    state: &AppState,
    auth: &Auth,
    q: &RegionYear,
) -> Result<Resolved, AppError> {
    let region = match region_param(&q.region, "region")? {
        Some(r) => r,
        None => auth
            .actor
            .scope
            .root()
            .cloned()
            .ok_or_else(|| bad_param("region", "", "region code"))?,
    };
    let record = store::region::get(&state.db, &auth.actor.scope, region.as_str())
        .await?
        .ok_or_else(AppError::not_found)?;
    let (year, years) =
        crate::ledger::classification::year_or_latest(state, auth, year_param(q.year.as_deref())?)
            .await?;
    Ok(Resolved {
        region,
        name: record.name,
        year,
        years,
    })
}

/// A text of a table in the caller's language.
pub fn text(tr: &Tr, t: &Text) -> String {
    match t {
        Text::Message { id, args } => {
            let args: std::collections::BTreeMap<&'static str, String> = args
                .iter()
                .filter_map(|(k, v)| arg_name(k).map(|k| (k, v.clone())))
                .collect();
            tr.with_args(id, &args)
        }
        Text::Captions { zh, en } => match tr.locale {
            crate::i18n::Locale::ZhCn => zh.clone(),
            crate::i18n::Locale::EnUs => en.clone(),
        },
        Text::Name(n) => n.clone(),
    }
}

/// The argument names the tables use (`Tr::with_args` takes static names).
fn arg_name(k: &str) -> Option<&'static str> {
    [
        "shell", "weak", "strong", "books", "villages", "measure", "name",
    ]
    .into_iter()
    .find(|n| *n == k)
}

/// A cell as shown on a page: money in yuan, a share as "5 / 17 (29.4%)".
pub fn value_text(tr: &Tr, v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Fen { fen } => yuan(*fen),
        Value::Count { count } => count.to_string(),
        Value::Points { hundredths } => {
            let sign = if *hundredths < 0 { "-" } else { "" };
            let h = hundredths.unsigned_abs();
            format!("{sign}{}.{:02}", h / 100, h % 100)
        }
        Value::Share { value, of } => match v.percent() {
            Some(p) => format!("{value} / {of} ({p:.1}%)"),
            None => format!("{value} / {of}"),
        },
        Value::Text { text: t } => text(tr, t),
    }
}

/// A table translated once, for the page, the workbook and the JSON alike.
pub struct TableView {
    pub code: TableCode,
    pub title: String,
    pub sheet: String,
    pub source: String,
    pub code_label: String,
    pub label_label: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
}

pub struct RowView {
    pub code: String,
    pub label: String,
    pub cells: Vec<String>,
    pub values: Vec<Value>,
}

pub fn view(tr: &Tr, t: &Table) -> TableView {
    TableView {
        code: t.code,
        title: text(tr, &t.title),
        sheet: tr.t(&format!("reports-sheet-{}", t.code.as_str())),
        source: text(tr, &t.source),
        code_label: text(tr, &t.code_label),
        label_label: text(tr, &t.label_label),
        columns: t.columns.iter().map(|c| text(tr, &c.label)).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                code: r.code.clone(),
                label: text(tr, &r.label),
                cells: r.values.iter().map(|v| value_text(tr, v)).collect(),
                values: r.values.clone(),
            })
            .collect(),
    }
}

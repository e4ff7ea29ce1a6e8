//! Imports of harvest, sale and labour logs (.xlsx/.csv, all-or-nothing) and the exports of
//! the industry lists.
//!
//! An import goes into one batch of a project; reading, validating and writing a file is
//! `usecase::industry` (all or nothing, the refusal naming file, row, column and reason).
//!
//! Exports (.xlsx and .csv) cover the project page's lists (funding, budget lines,
//! disbursements, milestones) and the production page's (units, batches, logs with their
//! voucher numbers, workers and households of a year).

use super::production::{people_of, results_year};
use super::{YearQuery, project_in_scope};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::render_form;
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use domain::industry::production::{from_micro, micro};
use domain::{FieldError, Money};
use std::collections::BTreeMap;
use store::industry::ProjectRecord;
use store::industry::funds;
use store::industry::production::{self, BatchRecord, LogRecord, UnitRecord};
use store::industry::results::{self, Selection};
use store::people::persons::PersonRecord;
use usecase::industry::{LogFile, column_label, import_logs};
use usecase::tabular::Kind;

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(crate::base::url::INDUSTRY_PROJECT_IMPORT, get(page))
        .route(
            crate::base::url::INDUSTRY_PROJECT_IMPORT_KIND,
            post(upload).layer(limit()),
        )
        .route(
            crate::base::url::INDUSTRY_IMPORT_TEMPLATE_XLSX,
            get(template_xlsx),
        )
        .route(
            crate::base::url::INDUSTRY_IMPORT_TEMPLATE_CSV,
            get(template_csv),
        )
        .route(crate::base::url::INDUSTRY_PROJECT_EXPORT, get(export))
}

/// The log file of a path's `kind` (404 otherwise).
fn log_file(kind: &str) -> Result<LogFile, AppError> {
    LogFile::parse(kind).ok_or_else(AppError::not_found)
}

/// "日期 (date) *" for the page's documentation of a template.
fn documented(tr: &Tr, columns: &[(&str, bool)]) -> Vec<String> {
    columns
        .iter()
        .map(|(k, required)| {
            let mark = if *required { " *" } else { "" };
            format!("{} ({k}){mark}", column_label(tr, k))
        })
        .collect()
}

/// What an upload came to: the number of logs written, or the translated refusal.
enum Outcome {
    Imported(usize),
    Refused(String),
}

// ------------------------------------------------------------------ import page

pub struct KindSection {
    pub kind: &'static str,
    pub columns: Vec<String>,
}

#[derive(Template)]
#[template(path = "industry/import.html")]
struct ImportPage {
    ctx: PageCtx,
    p: ProjectRecord,
    batches: Vec<(BatchRecord, String)>,
    sections: Vec<KindSection>,
    /// The kind of the last upload, and the batch it went to.
    kind: String,
    batch_id: String,
    error: Option<String>,
    imported: Option<usize>,
}

impl ImportPage {
    fn log_kind(&self, k: &str) -> String {
        self.ctx.tr.t(&format!("ip-log-{k}"))
    }
    fn done(&self, n: &usize) -> String {
        self.ctx
            .tr
            .t1(&format!("iio-done-{}", self.kind), "count", n)
    }
}

fn batch_label(b: &BatchRecord, units: &[UnitRecord]) -> String {
    let unit = units
        .iter()
        .find(|u| u.id == b.unit_id)
        .map(|u| u.name.as_str())
        .unwrap_or_default();
    format!("{unit} · {} {} ({})", b.crop, b.variety, b.started_on)
}

async fn batches_of(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<Vec<(BatchRecord, String)>, AppError> {
    let scope = &auth.actor.scope;
    let units = production::units(&state.db, scope, id).await?;
    Ok(production::batches(&state.db, scope, id)
        .await?
        .into_iter()
        .map(|b| {
            let label = batch_label(&b, &units);
            (b, label)
        })
        .collect())
}

async fn import_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    last: (String, String),
    outcome: Option<Outcome>,
) -> Result<Response, AppError> {
    let d = project_in_scope(state, auth, id).await?;
    let batches = batches_of(state, auth, id).await?;
    let sections = LogFile::ALL
        .iter()
        .map(|k| KindSection {
            kind: k.as_str(),
            columns: documented(&ctx.tr, k.columns()),
        })
        .collect();
    let (error, imported) = match outcome {
        Some(Outcome::Imported(n)) => (None, Some(n)),
        Some(Outcome::Refused(m)) => (Some(m), None),
        None => (None, None),
    };
    // A refused file answers 422 with its refusal in the page (htmx swaps 4xx answers).
    let refused = error.is_some();
    let page = ImportPage {
        ctx: PageCtx::new(ctx, "industry"),
        p: d.project,
        batches,
        sections,
        kind: last.0,
        batch_id: last.1,
        error,
        imported,
    };
    render_form(&page, refused)
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    import_page(&state, &auth, &ctx, &id, Default::default(), None).await
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, kind)): Path<(String, String)>,
    upload: Upload,
) -> Result<Response, AppError> {
    // Out of scope is 404 before anything else.
    let detail = project_in_scope(&state, &auth, &id).await?;
    let log = log_file(&kind)?;
    let file = upload.file_bytes("file");
    let batch_id = upload.text("batch_id").to_string();
    let tr = &ctx.tr;
    let batches = batches_of(&state, &auth, &id).await?;
    let outcome = if !batches.iter().any(|(b, _)| b.id == batch_id) {
        Outcome::Refused(tr.field_error(&FieldError::new("common.required", "batch_id")))
    } else {
        match file {
            Some((name, bytes)) if !bytes.is_empty() => {
                let target = (&detail.project, batch_id.as_str());
                let i18n = &state.i18n;
                match import_logs(&state.db, &auth.actor, i18n, target, log, &name, &bytes).await {
                    Ok(n) => Outcome::Imported(n),
                    Err(e) => Outcome::Refused(tabular::refusal(e, tr)?),
                }
            }
            _ => Outcome::Refused(tr.t("import-no-file")),
        }
    };
    import_page(&state, &auth, &ctx, &id, (kind, batch_id), Some(outcome)).await
}

/// One example row of a template, which imports as downloaded: dated today, and for labour
/// naming a worker registered in the caller's reach by name (ID numbers are never shown;
/// a name the village holds once is enough, see `usecase::industry::workers_by_name`).
async fn template_rows(
    state: &AppState,
    auth: &Auth,
    kind: &str,
) -> Result<Vec<Vec<String>>, AppError> {
    let today = domain::time::today().format("%Y-%m-%d").to_string();
    let row: Vec<String> = match kind {
        "harvest" => vec![
            today,
            "灵芝子实体".into(),
            "120.5".into(),
            "kg".into(),
            "一级".into(),
            String::new(),
        ],
        "sale" => vec![
            today,
            "安庆市药材公司".into(),
            "灵芝子实体".into(),
            "100".into(),
            "kg".into(),
            "80.00".into(),
            String::new(),
            String::new(),
            String::new(),
        ],
        _ => {
            let (people, _) = store::people::persons::list(
                &state.db,
                &auth.actor.scope,
                &store::people::persons::Filter::default(),
                store::Page::new(1, 1),
            )
            .await?;
            let name = people
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "王守田".into());
            vec![
                today,
                String::new(),
                name,
                "1.5".into(),
                "150.00".into(),
                "采摘".into(),
            ]
        }
    };
    Ok(vec![row])
}

fn template_header(tr: &Tr, kind: &str) -> Result<Vec<String>, AppError> {
    Ok(log_file(kind)?
        .columns()
        .iter()
        .map(|(k, _)| column_label(tr, k))
        .collect())
}

async fn template_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let header = template_header(&ctx.tr, &kind)?;
    tabular::xlsx_response(
        &ctx.tr.t(&format!("ip-log-{kind}")),
        &header,
        &template_rows(&state, &auth, &kind).await?,
        &format!("{kind}-template.xlsx"),
    )
}

async fn template_csv(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(kind): Path<String>,
) -> Result<Response, AppError> {
    let header = template_header(&ctx.tr, &kind)?;
    let bytes = usecase::tabular::csv_bytes(&header, &template_rows(&state, &auth, &kind).await?)?;
    Ok(tabular::download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{kind}-template.csv"),
    ))
}

// ------------------------------------------------------------------ exports

/// The lists a project exports.
pub const EXPORTS: [&str; 9] = [
    "funding",
    "budget",
    "disbursements",
    "milestones",
    "units",
    "batches",
    "logs",
    "workers",
    "households",
];

fn money(fen: i64) -> String {
    Money(fen).to_string()
}

fn opt_money(fen: Option<i64>) -> String {
    fen.map(money).unwrap_or_default()
}

fn headers(tr: &Tr, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr.t(k)).collect()
}

/// A workbook's title, headers and rows.
type Sheet = (String, Vec<String>, Vec<Vec<String>>);

async fn sheet(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
    id: &str,
    list: &str,
    year: i32,
) -> Result<Sheet, AppError> {
    let db = &state.db;
    let scope = &auth.actor.scope;
    let d = project_in_scope(state, auth, id).await?;
    let labels: BTreeMap<String, String> = production::voucher_labels(db, scope, id)
        .await?
        .into_iter()
        .map(|v| (v.id.clone(), v.label()))
        .collect();
    let voucher = |id: &Option<String>| {
        id.as_ref()
            .and_then(|v| labels.get(v))
            .cloned()
            .unwrap_or_default()
    };
    let sheet = match list {
        "funding" => (
            tr.t("ip-funding"),
            headers(tr, &["ip-col-source", "ip-col-amount", "ip-col-note"]),
            d.funding
                .iter()
                .map(|f| {
                    vec![
                        tr.t(&format!("ip-source-{}", f.source)),
                        money(f.amount),
                        f.note.clone(),
                    ]
                })
                .collect(),
        ),
        "budget" => (
            tr.t("ip-budget"),
            headers(
                tr,
                &[
                    "ip-col-line",
                    "ip-col-account",
                    "ip-col-budget",
                    "ip-col-approved",
                    "ip-col-committed",
                    "ip-col-spent",
                    "ip-col-available",
                ],
            ),
            funds::budget_status(db, scope, id)
                .await?
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let available = s
                        .budget
                        .saturating_add(s.approved)
                        .saturating_sub(s.committed);
                    vec![
                        s.line.name,
                        s.line.account_code,
                        money(s.budget),
                        money(s.approved),
                        money(s.committed),
                        money(s.spent),
                        money(available),
                    ]
                })
                .collect(),
        ),
        "disbursements" => {
            let mut rows = Vec::new();
            for x in funds::project_disbursements(db, scope, &d.project.id).await? {
                let line = d
                    .budget_lines
                    .iter()
                    .find(|l| l.id == x.budget_line_id)
                    .map(|l| l.name.clone())
                    .unwrap_or_default();
                rows.push(vec![
                    line,
                    x.date,
                    money(x.amount),
                    x.summary,
                    voucher(&Some(x.voucher_id)),
                    x.created_by,
                ]);
            }
            rows.sort_by(|a, b| a[1].cmp(&b[1]));
            (
                tr.t("iio-disbursements"),
                headers(
                    tr,
                    &[
                        "ip-col-line",
                        "ip-col-date",
                        "ip-col-amount",
                        "ip-col-summary",
                        "ip-col-voucher",
                        "ip-col-actor",
                    ],
                ),
                rows,
            )
        }
        "milestones" => (
            tr.t("ip-milestones"),
            headers(
                tr,
                &[
                    "ip-col-title",
                    "ip-col-due_on",
                    "ip-col-weight",
                    "iio-col-progress",
                ],
            ),
            d.milestones
                .iter()
                .map(|m| {
                    vec![
                        m.title.clone(),
                        m.due_on.clone(),
                        m.weight.to_string(),
                        m.progress.to_string(),
                    ]
                })
                .collect(),
        ),
        "units" => (
            tr.t("ip-units"),
            headers(
                tr,
                &[
                    "ip-col-name",
                    "ip-col-kind",
                    "ip-col-area",
                    "ip-col-built_on",
                    "ip-col-asset",
                ],
            ),
            production::units(db, scope, id)
                .await?
                .into_iter()
                .map(|u| {
                    vec![
                        u.name,
                        tr.t(&format!("ip-unit-{}", u.kind)),
                        u.area_m2,
                        u.built_on.unwrap_or_default(),
                        u.asset_note,
                    ]
                })
                .collect(),
        ),
        "batches" => {
            let units = production::units(db, scope, id).await?;
            (
                tr.t("ip-batches"),
                headers(
                    tr,
                    &[
                        "iio-col-unit_name",
                        "ip-col-crop",
                        "ip-col-variety",
                        "ip-col-started_on",
                        "ip-col-size",
                        "iio-col-size_unit",
                    ],
                ),
                production::batches(db, scope, id)
                    .await?
                    .into_iter()
                    .map(|b| {
                        let unit = units
                            .iter()
                            .find(|u| u.id == b.unit_id)
                            .map(|u| u.name.clone())
                            .unwrap_or_default();
                        vec![unit, b.crop, b.variety, b.started_on, b.size, b.size_unit]
                    })
                    .collect(),
            )
        }
        "logs" => {
            let batches = batches_of(state, auth, id).await?;
            let people = people_of(state, auth, &d.project).await?;
            let rows = production::logs(db, scope, id)
                .await?
                .into_iter()
                .map(|l| log_row(tr, &l, &batches, &people, &voucher))
                .collect();
            (
                tr.t("ip-logs"),
                headers(
                    tr,
                    &[
                        "ip-col-date",
                        "ip-col-kind",
                        "ip-col-batch",
                        "iio-col-item",
                        "ip-col-quantity",
                        "iio-col-unit",
                        "ip-col-grade",
                        "ip-col-buyer",
                        "ip-col-unit_price",
                        "ip-col-amount",
                        "ip-col-cost",
                        "iio-col-name",
                        "iio-col-id_number",
                        "ip-col-days",
                        "ip-col-wage",
                        "ip-col-note",
                        "ip-col-voucher",
                        "iio-col-paid_voucher",
                    ],
                ),
                rows,
            )
        }
        "workers" => {
            let people = people_of(state, auth, &d.project).await?;
            (
                format!("{} {year}", tr.t("iio-workers")),
                headers(
                    tr,
                    &[
                        "iio-col-name",
                        "iio-col-id_number",
                        "iio-col-entries",
                        "ip-col-days",
                        "ip-col-wage",
                        "iio-col-paid",
                    ],
                ),
                workers(&production::logs(db, scope, id).await?, &people, year),
            )
        }
        "households" => {
            let people = people_of(state, auth, &d.project).await?;
            let r = results::results(db, scope, &Selection::Project(id.to_string()), Some(year))
                .await?
                .ok_or_else(AppError::not_found)?;
            (
                format!("{} {year}", tr.t("ip-res-households")),
                headers(
                    tr,
                    &[
                        "ip-col-household",
                        "ip-res-workers",
                        "ip-res-household_income",
                    ],
                ),
                r.households
                    .iter()
                    .map(|h| {
                        vec![
                            person_name(&people, &h.household),
                            h.workers.to_string(),
                            money(h.income),
                        ]
                    })
                    .collect(),
            )
        }
        _ => return Err(AppError::not_found()),
    };
    Ok(sheet)
}

fn person_name(people: &[PersonRecord], id: &str) -> String {
    people
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn log_row(
    tr: &Tr,
    l: &LogRecord,
    batches: &[(BatchRecord, String)],
    people: &[PersonRecord],
    voucher: &dyn Fn(&Option<String>) -> String,
) -> Vec<String> {
    let person = l
        .person_id
        .as_deref()
        .and_then(|p| people.iter().find(|x| x.id == p));
    vec![
        l.date.clone(),
        tr.t(&format!("ip-log-{}", l.kind)),
        batches
            .iter()
            .find(|(b, _)| b.id == l.batch_id)
            .map(|(_, label)| label.clone())
            .unwrap_or_default(),
        l.item.clone().unwrap_or_default(),
        l.quantity.clone().unwrap_or_default(),
        l.unit.clone().unwrap_or_default(),
        l.grade.clone().unwrap_or_default(),
        l.buyer.clone().unwrap_or_default(),
        opt_money(l.unit_price),
        opt_money(l.amount),
        opt_money(l.cost),
        person.map(|x| x.name.clone()).unwrap_or_default(),
        person.map(|x| x.id_number.clone()).unwrap_or_default(),
        l.days.clone().unwrap_or_default(),
        opt_money(l.wage),
        l.note.clone(),
        voucher(&l.voucher_id),
        voucher(&l.paid_voucher_id),
    ]
}

/// Labour of `year` per worker: entries, days, wages and what is paid of them.
fn workers(logs: &[LogRecord], people: &[PersonRecord], year: i32) -> Vec<Vec<String>> {
    let prefix = format!("{year:04}-");
    // person → (entries, days in millionths, wages, paid)
    let mut by: BTreeMap<&str, (usize, i128, i64, i64)> = BTreeMap::new();
    for l in logs
        .iter()
        .filter(|l| l.kind == "labour" && l.date.starts_with(&prefix))
    {
        let Some(person) = l.person_id.as_deref() else {
            continue;
        };
        let days = l
            .days
            .as_deref()
            .and_then(domain::decimal::Decimal::parse)
            .map(micro)
            .unwrap_or(0);
        let wage = l.wage.unwrap_or(0);
        let e = by.entry(person).or_default();
        e.0 += 1;
        e.1 += days;
        e.2 = e.2.saturating_add(wage);
        if l.paid_voucher_id.is_some() {
            e.3 = e.3.saturating_add(wage);
        }
    }
    let mut rows: Vec<Vec<String>> = by
        .into_iter()
        .map(|(person, (entries, days, wages, paid))| {
            let p = people.iter().find(|x| x.id == person);
            vec![
                p.map(|x| x.name.clone())
                    .unwrap_or_else(|| person.to_string()),
                p.map(|x| x.id_number.clone()).unwrap_or_default(),
                entries.to_string(),
                from_micro(days).map(|d| d.to_string()).unwrap_or_default(),
                money(wages),
                money(paid),
            ]
        })
        .collect();
    rows.sort();
    rows
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, file)): Path<(String, String)>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let (list, ext) = file.rsplit_once('.').ok_or_else(AppError::not_found)?;
    let format = usecase::tabular::Format::of_ext(ext).ok_or_else(AppError::not_found)?;
    if !EXPORTS.contains(&list) {
        return Err(AppError::not_found());
    }
    let year = results_year(&state, &auth, &id, q.year()?).await?;
    let (title, headers, rows) = sheet(&state, &auth, &ctx.tr, &id, list, year).await?;
    let project = project_in_scope(&state, &auth, &id).await?.project.title;
    let stem = if matches!(list, "workers" | "households") {
        format!("{project}-{list}-{year}")
    } else {
        format!("{project}-{list}")
    };
    tabular::kinds_table_response(format, &title, &headers, kinds(list), &rows, &stem)
}

/// What each column of an export holds, for the workbook's typed cells (the CSV is the text).
fn kinds(list: &str) -> &'static [Kind] {
    use Kind::{Date, Number, Text, Yuan};
    match list {
        "funding" => &[Text, Yuan],
        "budget" => &[Text, Text, Yuan, Yuan, Yuan, Yuan, Yuan],
        "disbursements" => &[Text, Date, Yuan],
        "milestones" => &[Text, Date, Number, Number],
        "units" => &[Text, Text, Number, Date],
        "batches" => &[Text, Text, Text, Date, Number],
        "logs" => &[
            Date, Text, Text, Text, Number, Text, Text, Text, Yuan, Yuan, Yuan, Text, Text, Number,
            Yuan,
        ],
        "workers" => &[Text, Text, Number, Number, Yuan, Yuan],
        "households" => &[Text, Number, Yuan],
        _ => &[],
    }
}

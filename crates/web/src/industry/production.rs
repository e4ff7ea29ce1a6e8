//! Production records on the web: a project's units (greenhouses with their area), batches
//! and dated logs (harvest, sale, labour; a sale and a labour log each write a draft voucher in
//! the village organisation's books), and the results for a year with their .xlsx export.

use super::{YearQuery, project_in_scope};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{today, yuan};
use crate::base::page::{in_page, render_status};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use domain::FieldError;
use domain::industry::production::UnitKind;
use domain::industry::results::Results;
use domain::industry::{BatchInput, LogInput, UnitInput};
use serde::Deserialize;
use store::industry::ProjectRecord;
use store::industry::production::{self, BatchRecord, LogRecord, UnitRecord};
use store::industry::results::{self, Selection};
use store::people::persons::PersonRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::INDUSTRY_PROJECT_PRODUCTION, get(page))
        .route(
            crate::base::url::INDUSTRY_PROJECT_RESULTS_XLSX,
            get(|state, signed, id, q| {
                export(state, signed, id, q, usecase::tabular::Format::Xlsx)
            }),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_RESULTS_CSV,
            get(|state, signed, id, q| export(state, signed, id, q, usecase::tabular::Format::Csv)),
        )
        .route(crate::base::url::INDUSTRY_PROJECT_UNITS, post(add_unit))
        .route(crate::base::url::INDUSTRY_PROJECT_BATCHES, post(add_batch))
        .route(crate::base::url::INDUSTRY_PROJECT_LOGS, post(add_log))
        .route(crate::base::url::INDUSTRY_PROJECT_PAY_LABOUR, post(pay))
}

/// The translated label of a unit kind (大棚 / 地块 / 其他).
fn kind_label(tr: &Tr, kind: &str) -> String {
    tr.t(&format!("ip-unit-{kind}"))
}

/// The translated label of a log kind.
fn log_label(tr: &Tr, kind: &str) -> String {
    tr.t(&format!("ip-log-{kind}"))
}

/// The year a project's results show: the one asked for, else the latest with records, else
/// the calendar year.
pub(crate) async fn results_year(
    state: &AppState,
    auth: &Auth,
    project_id: &str,
    asked: Option<i32>,
) -> Result<i32, AppError> {
    Ok(match asked {
        Some(y) => y,
        None => results::latest_year(&state.db, &auth.actor.scope, project_id)
            .await?
            .unwrap_or_else(|| today().year()),
    })
}

/// Every field of the production page's forms; each form sends its own.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ProductionForm {
    // unit
    kind: String,
    name: String,
    area_m2: String,
    built_on: String,
    asset_note: String,
    // batch
    unit_id: String,
    crop: String,
    variety: String,
    started_on: String,
    size: String,
    size_unit: String,
    // log
    batch_id: String,
    date: String,
    item: String,
    quantity: String,
    unit: String,
    grade: String,
    buyer: String,
    unit_price: String,
    amount: String,
    person_id: String,
    days: String,
    wage: String,
    cost: String,
    note: String,
    /// labour payment: the date; the logs come as repeated `log` fields.
    pay_date: String,
}

/// Logs the production page lists at once (newest first; the exports hold them all).
const LOGS_PER_PAGE: i64 = 50;

/// `?page=N` of the production page: which page of logs.
#[derive(Deserialize, Default)]
struct LogsQuery {
    #[serde(default)]
    page: Option<i64>,
}

struct LogRow {
    log: LogRecord,
    batch: String,
    person: String,
}

impl LogRow {
    /// A labour log not paid yet.
    fn unpaid(&self) -> bool {
        self.log.kind == "labour" && self.log.paid_voucher_id.is_none()
    }
}

#[derive(Template)]
#[template(path = "industry/production.html")]
struct ProductionPage {
    ctx: PageCtx,
    p: ProjectRecord,
    units: Vec<UnitRecord>,
    batches: Vec<(BatchRecord, String)>,
    /// The logs of the page shown, newest first.
    logs: Vec<LogRow>,
    /// Which page of logs, of how many, and how many logs in all.
    log_page: i64,
    log_pages: i64,
    log_total: i64,
    people: Vec<PersonRecord>,
    year: i32,
    results: Option<Results>,
    /// The year's results of each unit, then of each of its batches: (label, is a unit, results).
    breakdown: Vec<(String, bool, Results)>,
    households: Vec<(String, usize, i64)>,
    form: ProductionForm,
    action: String,
    error: Option<String>,
    today: String,
}

impl ProductionPage {
    fn kind(&self, k: &str) -> String {
        kind_label(&self.ctx.tr, k)
    }
    fn kinds(&self) -> Vec<&'static str> {
        UnitKind::ALL.iter().map(|k| k.as_str()).collect()
    }
    fn log_kind(&self, k: &str) -> String {
        log_label(&self.ctx.tr, k)
    }
    fn yields(&self, r: &Results) -> String {
        super::yields_text(&self.ctx.tr, r)
    }
    fn unit_name(&self, unit: &str) -> String {
        crate::base::format::unit_name(&self.ctx.tr, unit)
    }
    fn quantity(&self, text: &str) -> String {
        crate::base::format::quantity(text)
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn opt_yuan(&self, fen: &Option<i64>) -> String {
        fen.map(yuan).unwrap_or_default()
    }
    fn error_for(&self, action: &str) -> Option<&String> {
        self.error.as_ref().filter(|_| self.action == action)
    }
    fn has_unpaid(&self) -> bool {
        self.logs.iter().any(LogRow::unpaid)
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

/// People of the project's village in scope, for the labour form and the names of workers.
pub(crate) async fn people_of(
    state: &AppState,
    auth: &Auth,
    p: &ProjectRecord,
) -> Result<Vec<PersonRecord>, AppError> {
    Ok(usecase::industry::people_of(&state.db, &auth.actor, p).await?)
}

fn person_name(people: &[PersonRecord], id: &str) -> String {
    people
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.name.clone())
        .unwrap_or_else(|| id.to_string())
}

struct Failed {
    action: &'static str,
    form: ProductionForm,
    error: AppError,
}

async fn production_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    year: Option<i32>,
    log_page: i64,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let (action, form, error, status) = match failed {
        Some(f) => (
            f.action,
            f.form,
            Some(f.error.message(&ctx.tr)),
            f.error.status,
        ),
        None => ("", ProductionForm::default(), None, StatusCode::OK),
    };
    let d = project_in_scope(state, auth, id).await?;
    let year = results_year(state, auth, id, year).await?;
    let scope = &auth.actor.scope;
    let units = production::units(&state.db, scope, id).await?;
    let batches: Vec<(BatchRecord, String)> = production::batches(&state.db, scope, id)
        .await?
        .into_iter()
        .map(|b| {
            let label = batch_label(&b, &units);
            (b, label)
        })
        .collect();
    let people = people_of(state, auth, &d.project).await?;
    let mut log_page = log_page.max(1);
    let (mut page_logs, mut log_total) = production::log_page(
        &state.db,
        scope,
        id,
        store::Page::new(log_page, LOGS_PER_PAGE),
    )
    .await?;
    let log_pages = (log_total + LOGS_PER_PAGE - 1) / LOGS_PER_PAGE;
    if log_page > log_pages.max(1) {
        // Past the end: the last page.
        log_page = log_pages.max(1);
        (page_logs, log_total) = production::log_page(
            &state.db,
            scope,
            id,
            store::Page::new(log_page, LOGS_PER_PAGE),
        )
        .await?;
    }
    let logs = page_logs
        .into_iter()
        .map(|log| LogRow {
            batch: batches
                .iter()
                .find(|(b, _)| b.id == log.batch_id)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            person: log
                .person_id
                .as_deref()
                .map(|p| person_name(&people, p))
                .unwrap_or_default(),
            log,
        })
        .collect();
    let results = results::results(
        &state.db,
        scope,
        &Selection::Project(id.to_string()),
        Some(year),
    )
    .await?;
    let mut breakdown = Vec::new();
    for u in &units {
        let of_unit = Selection::Unit(u.id.clone());
        if let Some(r) = results::results(&state.db, scope, &of_unit, Some(year)).await? {
            breakdown.push((u.name.clone(), true, r));
        }
        for (b, label) in batches.iter().filter(|(b, _)| b.unit_id == u.id) {
            let of_batch = Selection::Batch(b.id.clone());
            if let Some(r) = results::results(&state.db, scope, &of_batch, Some(year)).await? {
                breakdown.push((label.clone(), false, r));
            }
        }
    }
    let households = results
        .as_ref()
        .map(|r| {
            r.households
                .iter()
                .map(|h| (person_name(&people, &h.household), h.workers, h.income))
                .collect()
        })
        .unwrap_or_default();
    let page = ProductionPage {
        ctx: PageCtx::new(ctx, "industry"),
        p: d.project,
        units,
        batches,
        logs,
        log_page,
        log_pages: log_pages.max(1),
        log_total,
        people,
        year,
        results,
        breakdown,
        households,
        form,
        action: action.to_string(),
        error,
        today: today().to_string(),
    };
    render_status(&page, status)
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    Query(logs): Query<LogsQuery>,
) -> Result<Response, AppError> {
    let year = q.year()?;
    let log_page = logs.page.unwrap_or(1).max(1);
    production_page(&state, &auth, &ctx, &id, year, log_page, None).await
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
    format: usecase::tabular::Format,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let d = project_in_scope(&state, &auth, &id).await?;
    let year = results_year(&state, &auth, &id, q.year()?).await?;
    let r = results::results(
        &state.db,
        &auth.actor.scope,
        &Selection::Project(id.clone()),
        Some(year),
    )
    .await?
    .ok_or_else(AppError::not_found)?;
    let people = people_of(&state, &auth, &d.project).await?;
    let headers: Vec<String> = [
        "ip-col-figure",
        "ip-col-product",
        "ip-col-value",
        "ip-col-unit",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for y in &r.yields {
        let unit = crate::base::format::unit_name(tr, &y.unit);
        rows.push(vec![
            tr.t("ip-res-yield"),
            y.product.clone(),
            y.total.clone(),
            unit.clone(),
        ]);
        if let Some(v) = &y.per_m2 {
            rows.push(vec![
                tr.t("ip-res-per_m2"),
                y.product.clone(),
                crate::base::format::quantity(v),
                format!("{unit}/m²"),
            ]);
        }
        if let Some(v) = &y.per_greenhouse {
            rows.push(vec![
                tr.t("ip-res-per_greenhouse"),
                y.product.clone(),
                crate::base::format::quantity(v),
                unit,
            ]);
        }
    }
    let yuan_unit = tr.t("ip-yuan");
    for (key, fen) in [
        ("ip-res-gross_income", r.gross_income),
        ("ip-res-input_costs", r.input_costs),
        ("ip-res-wages", r.wages),
        ("ip-res-costs", r.costs),
        ("ip-res-net", r.net),
    ] {
        rows.push(vec![
            tr.t(key),
            String::new(),
            domain::Money(fen).to_string(),
            yuan_unit.clone(),
        ]);
    }
    rows.push(vec![
        tr.t("ip-res-workers"),
        String::new(),
        r.distinct_workers.to_string(),
        String::new(),
    ]);
    rows.push(vec![
        tr.t("ip-res-person_days"),
        String::new(),
        r.person_days.clone(),
        String::new(),
    ]);
    rows.push(vec![
        tr.t("ip-res-households"),
        String::new(),
        r.households.len().to_string(),
        String::new(),
    ]);
    for h in &r.households {
        rows.push(vec![
            tr.t("ip-res-household_income"),
            person_name(&people, &h.household),
            domain::Money(h.income).to_string(),
            yuan_unit.clone(),
        ]);
    }
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_table_response(
        format,
        &tr.t("ip-results-title"),
        &headers,
        &[Text, Text, Number, Text],
        &rows,
        &format!("results-{year}"),
    )
}

/// Runs one form of the production page: back to the page on success, the page with the
/// error in place on bad input or a refused record (nothing written).
async fn act(
    state: AppState,
    auth: Auth,
    ctx: RequestCtx,
    id: String,
    action: &'static str,
    form: ProductionForm,
) -> Result<Response, AppError> {
    // Out of scope is 404 before anything else.
    project_in_scope(&state, &auth, &id).await?;
    let db = &state.db;
    let actor = &auth.actor;
    let scope = &actor.scope;
    let result: Result<(), AppError> = async {
        match action {
            "unit" => {
                let u = UnitInput {
                    kind: form.kind.clone(),
                    name: form.name.clone(),
                    area_m2: form.area_m2.clone(),
                    built_on: form.built_on.clone(),
                    asset_note: form.asset_note.clone(),
                }
                .validate()?;
                production::create_unit(db, actor, &id, &u).await?;
            }
            "batch" => {
                let units = production::units(db, scope, &id).await?;
                if !units.iter().any(|u| u.id == form.unit_id) {
                    return Err(FieldError::new("common.required", "unit_id").into());
                }
                let b = BatchInput {
                    crop: form.crop.clone(),
                    variety: form.variety.clone(),
                    started_on: form.started_on.clone(),
                    size: form.size.clone(),
                    size_unit: form.size_unit.clone(),
                }
                .validate()?;
                production::create_batch(db, actor, &form.unit_id, &b).await?;
            }
            kind => {
                let batches = production::batches(db, scope, &id).await?;
                if !batches.iter().any(|b| b.id == form.batch_id) {
                    return Err(FieldError::new("common.required", "batch_id").into());
                }
                let log = LogInput {
                    kind: kind.to_string(),
                    date: form.date.clone(),
                    item: form.item.clone(),
                    quantity: form.quantity.clone(),
                    unit: form.unit.clone(),
                    note: form.note.clone(),
                    grade: form.grade.clone(),
                    buyer: form.buyer.clone(),
                    unit_price: form.unit_price.clone(),
                    amount: form.amount.clone(),
                    person_id: form.person_id.clone(),
                    days: form.days.clone(),
                    wage: form.wage.clone(),
                    cost: form.cost.clone(),
                    ..LogInput::default()
                }
                .validate()?;
                production::add_log(db, actor, &form.batch_id, &log).await?;
            }
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            let page = crate::base::url::industry_project_production(&id);
            Ok(crate::base::page::saved_at(
                Redirect::to(&page).into_response(),
                &format!("{page}#logs"),
            ))
        }
        Err(e) => {
            let failed = Failed {
                action,
                form,
                error: in_page(e)?,
            };
            production_page(&state, &auth, &ctx, &id, None, 1, Some(failed)).await
        }
    }
}

async fn add_unit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ProductionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "unit", form).await
}

async fn add_batch(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ProductionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "batch", form).await
}

#[derive(Deserialize, Default)]
struct LogKind {
    #[serde(default)]
    kind: String,
}

async fn add_log(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(k): Query<LogKind>,
    Form(form): Form<ProductionForm>,
) -> Result<Response, AppError> {
    let action = match k.kind.trim() {
        "harvest" => "harvest",
        "sale" => "sale",
        "labour" => "labour",
        "input" => "input",
        _ => "activity",
    };
    act(state, auth, ctx, id, action, form).await
}

/// Pays the ticked labour logs of the project with one voucher (debit wages payable, credit
/// bank); all or nothing.
async fn pay(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    project_in_scope(&state, &auth, &id).await?;
    let logs: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "log")
        .map(|(_, v)| v.clone())
        .collect();
    let date_text = fields
        .iter()
        .find(|(k, _)| k == "pay_date")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let result: Result<(), AppError> = async {
        let own = production::logs(&state.db, &auth.actor.scope, &id).await?;
        if logs.iter().any(|l| !own.iter().any(|o| &o.id == l)) {
            return Err(AppError::not_found());
        }
        let date = domain::time::parse_date(&date_text).ok_or_else(|| {
            FieldError::new("common.date_invalid", "pay_date").arg("value", date_text.trim())
        })?;
        production::pay_labour(&state.db, &auth.actor, &logs, date).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            let page = crate::base::url::industry_project_production(&id);
            Ok(crate::base::page::saved_at(
                Redirect::to(&page).into_response(),
                &format!("{page}#logs"),
            ))
        }
        Err(e) => {
            let failed = Failed {
                action: "pay",
                form: ProductionForm {
                    pay_date: date_text,
                    ..ProductionForm::default()
                },
                error: in_page(e)?,
            };
            production_page(&state, &auth, &ctx, &id, None, 1, Some(failed)).await
        }
    }
}

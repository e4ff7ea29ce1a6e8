//! Scheme pages: the assessments of a year, a new scheme from the standard one, a scheme's
//! indicators, weights and bands with a simple edit form, copying it to the next year, and
//! opening its assessment. The store decides who may write; the pages hide what would be
//! refused.

use super::{can_own, indicator_rule, kind_label};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::FormError;
use crate::base::page::{go_to, in_page, render_form, render_status};
use crate::base::params::year_param;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use domain::FieldError;
use domain::assessment::Band;
use domain::assessment::scheme::{IndicatorKind, Rule, Scheme};
use domain::identity::Scope;
use domain::region::RegionCode;
use serde::Deserialize;
use store::assessment::{RunRecord, SchemeDetail, SchemeRecord, runs, schemes};

#[derive(Deserialize, Default)]
pub(crate) struct YearQuery {
    #[serde(default)]
    year: String,
}

/// A scheme of the year with its assessments.
pub(crate) struct SchemeRow {
    pub scheme: SchemeRecord,
    pub owner_name: String,
    pub runs: Vec<RunRecord>,
    pub can_write: bool,
}

#[derive(Template)]
#[template(path = "assessment/list.html")]
struct ListPage {
    ctx: PageCtx,
    year: i32,
    years: Vec<i32>,
    rows: Vec<SchemeRow>,
    can_create: bool,
    new_year: String,
    error: FormError,
}

impl ListPage {
    fn kind(&self, k: &str) -> String {
        self.ctx.t(&format!("assessment-subject-{k}"))
    }
    fn state(&self, s: &str) -> String {
        self.ctx.t(&format!("assessment-state-{s}"))
    }
}

async fn owner_name(state: &AppState, code: &str) -> Result<String, AppError> {
    crate::base::regions::region_name(state, &Scope::system(), code).await
}

/// The schemes of `year` (default: the newest with a scheme, else this year) in the caller's
/// scope with their assessments, and the years offered: what the list page and its export show.
async fn schemes_of_year(
    state: &AppState,
    auth: &Auth,
    year: Option<i32>,
) -> Result<(i32, Vec<i32>, Vec<SchemeRow>), AppError> {
    let scope = &auth.actor.scope;
    let all = schemes::list(&state.db, scope, None).await?;
    let this_year = crate::base::format::today().year();
    let mut years: Vec<i32> = all.iter().map(|s| s.year).collect();
    years.push(this_year);
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = year.unwrap_or_else(|| all.first().map_or(this_year, |s| s.year));
    let mut rows = Vec::new();
    for s in all.into_iter().filter(|s| s.year == year) {
        let runs = runs::of_scheme(&state.db, scope, &s.id).await?;
        rows.push(SchemeRow {
            owner_name: owner_name(state, &s.region_code).await?,
            can_write: can_own(auth, &s.region_code),
            scheme: s,
            runs,
        });
    }
    Ok((year, years, rows))
}

async fn list_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    year: Option<i32>,
    new_year: String,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let (year, years, rows) = schemes_of_year(state, auth, year).await?;
    let has_error = error.is_some();
    // The year offered for a new scheme: the year shown, or the next when it has one.
    let new_year = if new_year.is_empty() {
        if rows.is_empty() { year } else { year + 1 }.to_string()
    } else {
        new_year
    };
    let page = ListPage {
        ctx: PageCtx::new(ctx, "assessment"),
        year,
        years,
        rows,
        can_create: can_own(auth, &auth.user.region_code)
            && RegionCode::parse(&auth.user.region_code)
                .is_ok_and(|r| r.level() != domain::region::Level::Village),
        new_year,
        error: error
            .map(|e| FormError::of(&ctx.tr, &e))
            .unwrap_or_default(),
    };
    render_form(&page, has_error)
}

pub(crate) async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = year_param(Some(&q.year))?;
    list_page(&state, &auth, &ctx, year, String::new(), None).await
}

/// The list of the year as .xlsx: scheme, year, subjects, owner and its assessments.
pub(crate) async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    use usecase::tabular::Cell;
    let tr = &ctx.tr;
    let (year, _, rows) = schemes_of_year(&state, &auth, year_param(Some(&q.year))?).await?;
    let headers: Vec<String> = [
        "assessment-col-scheme",
        "field-year",
        "assessment-col-subject_kind",
        "assessment-col-owner",
        "assessment-col-assessments",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let runs: Vec<String> = r
                .runs
                .iter()
                .map(|run| {
                    format!(
                        "v{} · {}",
                        run.version,
                        tr.t(&format!("assessment-state-{}", run.state))
                    )
                })
                .collect();
            vec![
                Cell::Text(r.scheme.title.clone()),
                Cell::Number(f64::from(r.scheme.year)),
                Cell::Text(tr.t(&format!("assessment-subject-{}", r.scheme.subject_kind))),
                Cell::Text(r.owner_name.clone()),
                Cell::Text(runs.join("; ")),
            ]
        })
        .collect();
    let name = format!("{}-{year}.xlsx", tr.t("assessment-title"));
    crate::tabular::typed_xlsx_response(&tr.t("assessment-title"), &headers, &cells, &name)
}

#[derive(Deserialize, Default)]
pub(crate) struct NewForm {
    #[serde(default)]
    year: String,
}

/// A new scheme: the standard one for the caller's district or town and the year typed.
pub(crate) async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Form(form): Form<NewForm>,
) -> Result<Response, AppError> {
    let result = async {
        let year = year_param(Some(&form.year))?
            .ok_or_else(|| FieldError::new("common.required", "year"))?;
        let owner = RegionCode::parse(&auth.user.region_code)?;
        let scheme = domain::assessment::scheme::standard(year, owner);
        Ok::<_, AppError>(schemes::create(&state.db, &auth.actor, &scheme).await?)
    }
    .await;
    match result {
        Ok(s) => Ok(go_to(
            &headers,
            &crate::base::url::assessment_scheme(&s.record.id),
        )),
        Err(e) => {
            let e = in_page(e)?;
            list_page(&state, &auth, &ctx, None, form.year, Some(e)).await
        }
    }
}

/// One indicator as the edit form shows it.
pub(crate) struct IndicatorRow {
    pub index: usize,
    pub name: String,
    pub weight: String,
    pub kind: String,
    pub metric: String,
    pub rule: String,
    /// The rule's editable numbers (linear: floor and target; pass/fail and veto: the
    /// threshold in `target`).
    pub floor: Option<String>,
    pub target: Option<String>,
}

pub(crate) struct BandRow {
    pub band: &'static str,
    pub label: String,
    pub min: String,
    pub quota: String,
}

#[derive(Template)]
#[template(path = "assessment/scheme.html")]
struct SchemePage {
    ctx: PageCtx,
    detail: SchemeDetail,
    owner_name: String,
    rows: Vec<IndicatorRow>,
    bands: Vec<BandRow>,
    title: String,
    runs: Vec<RunRecord>,
    can_write: bool,
    /// No run of it is published: it may still be edited.
    editable: bool,
    error: FormError,
}

impl SchemePage {
    fn kind(&self, k: &str) -> String {
        self.ctx.t(&format!("assessment-subject-{k}"))
    }
    fn state(&self, s: &str) -> String {
        self.ctx.t(&format!("assessment-state-{s}"))
    }
    fn copy_label(&self) -> String {
        self.ctx
            .tr
            .t1("assessment-copy", "year", &(self.detail.record.year + 1))
    }
}

fn rows_of(tr: &crate::i18n::Tr, scheme: &Scheme) -> (Vec<IndicatorRow>, Vec<BandRow>) {
    let rows = scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(index, i)| {
            let (floor, target) = match &i.kind {
                IndicatorKind::Computed {
                    rule: Rule::Linear { floor, target },
                    ..
                } => (Some(floor.to_string()), Some(target.to_string())),
                IndicatorKind::Computed {
                    rule: Rule::PassFail { threshold },
                    ..
                }
                | IndicatorKind::VetoMetric { threshold, .. } => {
                    (None, Some(threshold.to_string()))
                }
                _ => (None, None),
            };
            IndicatorRow {
                index,
                name: i.name.clone(),
                weight: i.weight.to_string(),
                kind: kind_label(tr, &i.kind),
                metric: i
                    .kind
                    .metric()
                    .map(|m| tr.t(&m.label_id()))
                    .unwrap_or_default(),
                rule: indicator_rule(tr, i),
                floor,
                target,
            }
        })
        .collect();
    let bands = scheme
        .bands
        .iter()
        .map(|b| BandRow {
            band: b.band.as_str(),
            label: tr.t(&b.band.label_id()),
            min: b.min_points.to_string(),
            quota: b.quota.map(|q| q.to_string()).unwrap_or_default(),
        })
        .collect();
    (rows, bands)
}

async fn scheme_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<SchemeDetail, AppError> {
    schemes::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The scheme page; `typed` is a refused edit form shown again as typed.
async fn scheme_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    typed: Option<(String, Vec<IndicatorRow>, Vec<BandRow>)>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let detail = scheme_in_scope(state, auth, id).await?;
    let runs = runs::of_scheme(&state.db, &auth.actor.scope, id).await?;
    let (title, rows, bands) = match typed {
        Some(t) => t,
        None => {
            let (rows, bands) = rows_of(&ctx.tr, &detail.scheme);
            (detail.scheme.title.clone(), rows, bands)
        }
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = SchemePage {
        ctx: PageCtx::new(ctx, "assessment"),
        owner_name: owner_name(state, &detail.record.region_code).await?,
        can_write: can_own(auth, &detail.record.region_code),
        editable: !runs.iter().any(|r| r.state == "published"),
        detail,
        rows,
        bands,
        title,
        runs,
        error: error
            .map(|e| FormError::of(&ctx.tr, &e))
            .unwrap_or_default(),
    };
    render_status(&page, status)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    scheme_page(&state, &auth, &ctx, &id, None, None).await
}

fn number(text: &str, field: &'static str) -> Result<i64, FieldError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| FieldError::new("assessment.number_invalid", field).arg("value", text.trim()))
}

/// The edited scheme from the form: title, each indicator's name, weight and rule numbers,
/// each band's threshold and quota; everything else stays as stored.
fn edited(old: &Scheme, pairs: &[(String, String)]) -> Result<Scheme, FieldError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut s = old.clone();
    s.title = get("title").trim().to_string();
    for (i, ind) in s.indicators.iter_mut().enumerate() {
        ind.name = get(&format!("name_{i}")).trim().to_string();
        ind.weight = number(get(&format!("weight_{i}")), "weight")?;
        match &mut ind.kind {
            IndicatorKind::Computed {
                rule: Rule::Linear { floor, target },
                ..
            } => {
                *floor = number(get(&format!("floor_{i}")), "floor")?;
                *target = number(get(&format!("target_{i}")), "floor")?;
            }
            IndicatorKind::Computed {
                rule: Rule::PassFail { threshold },
                ..
            }
            | IndicatorKind::VetoMetric { threshold, .. } => {
                *threshold = number(get(&format!("target_{i}")), "floor")?;
            }
            _ => {}
        }
    }
    for b in s.bands.iter_mut() {
        b.min_points = number(get(&format!("min_{}", b.band.as_str())), "band_threshold")?;
        let q = get(&format!("quota_{}", b.band.as_str())).trim();
        b.quota = if q.is_empty() {
            None
        } else {
            Some(number(q, "band_quota")?)
        };
    }
    Ok(s)
}

/// The form as typed, for showing it again.
fn typed_rows(
    tr: &crate::i18n::Tr,
    old: &Scheme,
    pairs: &[(String, String)],
) -> (String, Vec<IndicatorRow>, Vec<BandRow>) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (mut rows, mut bands) = rows_of(tr, old);
    for r in &mut rows {
        r.name = get(&format!("name_{}", r.index));
        r.weight = get(&format!("weight_{}", r.index));
        if r.floor.is_some() {
            r.floor = Some(get(&format!("floor_{}", r.index)));
        }
        if r.target.is_some() {
            r.target = Some(get(&format!("target_{}", r.index)));
        }
    }
    for b in &mut bands {
        b.min = get(&format!("min_{}", b.band));
        b.quota = get(&format!("quota_{}", b.band));
    }
    (get("title"), rows, bands)
}

pub(crate) async fn save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let detail = scheme_in_scope(&state, &auth, &id).await?;
    let result = async {
        let s = edited(&detail.scheme, &pairs)?;
        Ok::<_, AppError>(schemes::update(&state.db, &auth.actor, &id, &s).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::assessment_scheme(&id))),
        Err(e) => {
            let e = in_page(e)?;
            let typed = typed_rows(&ctx.tr, &detail.scheme, &pairs);
            scheme_page(&state, &auth, &ctx, &id, Some(typed), Some(e)).await
        }
    }
}

/// Copies the scheme to the next year (one action).
pub(crate) async fn copy(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let detail = scheme_in_scope(&state, &auth, &id).await?;
    match schemes::copy(&state.db, &auth.actor, &id, detail.record.year + 1).await {
        Ok(s) => Ok(go_to(
            &headers,
            &crate::base::url::assessment_scheme(&s.record.id),
        )),
        Err(e) => {
            let e = in_page(e.into())?;
            scheme_page(&state, &auth, &ctx, &id, None, Some(e)).await
        }
    }
}

/// Opens the scheme's assessment.
pub(crate) async fn open(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    scheme_in_scope(&state, &auth, &id).await?;
    match runs::open(&state.db, &auth.actor, &id).await {
        Ok(r) => {
            super::runs::first_compute(&state, &auth, &r).await;
            Ok(go_to(&headers, &crate::base::url::assessment_run(&r.id)))
        }
        Err(e) => {
            let e = in_page(e.into())?;
            scheme_page(&state, &auth, &ctx, &id, None, Some(e)).await
        }
    }
}

/// The band labels for templates.
pub(crate) fn band_label(tr: &crate::i18n::Tr, band: &str) -> String {
    Band::parse(band).map_or_else(|| band.to_string(), |b| tr.t(&b.label_id()))
}

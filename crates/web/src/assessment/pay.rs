//! Pay linkage (报酬挂钩) pages: the policies (list, form), a region's year (villages with
//! pool and state, compute, 报酬核定表 .xlsx), a village's calculation step by step with its
//! scenarios side by side, submit (town), approve or return (district), and the 四议两公开
//! steps form.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{china_time, today, yuan};
use crate::base::page::{go_to, in_page, render, render_status};
use crate::base::regions::{region_choices, region_names};
use crate::base::url;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::Datelike;
use domain::FieldError;
use domain::assessment::Band;
use domain::assessment::pay::{
    Arg, Calculation, Deliberation, DeliberationInput, Facts, Kind, MAX_TIERS, Policy, PolicyInput,
    State as PayState, Step, scenarios, validate_deliberation,
};
use domain::identity::Role;
use domain::people::post::PostKind;
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use store::assessment::pay::{self as pay_store, CalculationRecord, PolicyRecord};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The pay-linkage pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(url::PAY, get(index))
        .route(url::PAY_POLICIES_NEW, get(new_policy).post(create_policy))
        .route(url::PAY_POLICIES_XLSX, get(policies_export))
        .route(url::PAY_POLICY, get(edit_policy).post(update_policy))
        .route(url::PAY_COMPUTE, post(compute))
        .route(url::PAY_YEAR, get(year_page))
        .route(url::PAY_YEAR_SHEET_XLSX, get(sheet))
        .route(url::PAY_CALCULATION, get(calculation))
        .route(url::PAY_CALCULATION_SUBMIT, post(submit))
        .route(url::PAY_CALCULATION_APPROVE, post(approve))
        .route(url::PAY_CALCULATION_RETURN, post(return_to_town))
        .route(
            url::PAY_CALCULATION_DELIBERATION,
            get(deliberation_form).post(save_deliberation),
        )
}

/// The pay-linkage API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(super::api::pay::pay_linkage))
}

fn is_admin(auth: &Auth) -> bool {
    auth.role == Role::DistrictAdmin
}

fn can_compute(auth: &Auth) -> bool {
    matches!(auth.role, Role::DistrictAdmin | Role::TownOfficer)
}

fn can_record(auth: &Auth) -> bool {
    matches!(
        auth.role,
        Role::DistrictAdmin | Role::TownOfficer | Role::VillageCadre
    )
}

/// A percentage from basis points: 850 → "8.5".
pub fn percent(bp: i64) -> String {
    let t = domain::Money(bp).to_string();
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A coefficient from hundredths: 90 → "0.90".
pub fn coefficient(hundredths: i64) -> String {
    domain::Money(hundredths).to_string()
}

fn post_label(tr: &Tr, post: PostKind) -> String {
    tr.t(&format!("pt-post-{}", post.as_str()))
}

fn band_label(tr: &Tr, band: Option<Band>) -> String {
    match band {
        Some(b) => tr.t(&format!("pay-band-{}", b.as_str())),
        None => tr.t("pay-unrated"),
    }
}

/// The argument names steps use (fluent takes them as static names).
fn arg_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "year" => "year",
        "income" => "income",
        "threshold" => "threshold",
        "previous" => "previous",
        "from" => "from",
        "to" => "to",
        "slice" => "slice",
        "rate" => "rate",
        "cap" => "cap",
        "band" => "band",
        "min" => "min",
        "eligible" => "eligible",
        "excluded" => "excluded",
        "weight" => "weight",
        _ => return None,
    })
}

/// A step as the page shows it: its sentence and its amount in yuan.
pub struct StepView {
    pub text: String,
    pub amount: Option<String>,
}

fn step_view(tr: &Tr, s: &Step) -> StepView {
    let mut args = std::collections::BTreeMap::new();
    for (k, v) in &s.args {
        let Some(name) = arg_name(k) else { continue };
        let text = match v {
            Arg::Fen(f) => yuan(*f),
            Arg::Bp(b) => percent(*b),
            Arg::Count(n) => n.to_string(),
            Arg::Band(b) => band_label(tr, Some(*b)),
            Arg::Text(t) => t.clone(),
        };
        args.insert(name, text);
    }
    StepView {
        text: tr.with_args(&s.message_id(), &args),
        amount: s.amount.map(yuan),
    }
}

/// A cadre's line as shown.
pub struct ShareView {
    pub name: String,
    pub post: String,
    pub coefficient: String,
    pub months: u32,
    pub amount: String,
    pub excluded: Option<String>,
}

fn share_views(tr: &Tr, c: &Calculation) -> Vec<ShareView> {
    c.shares
        .iter()
        .map(|s| ShareView {
            name: s.name.clone(),
            post: post_label(tr, s.post),
            coefficient: coefficient(s.coefficient),
            months: s.months,
            amount: yuan(s.amount),
            excluded: s.excluded.map(|e| tr.t(e.label_id())),
        })
        .collect()
}

// ------------------------------------------------------------------ index and policies

pub struct PolicyRow {
    pub r: PolicyRecord,
    pub kind: String,
    pub years: String,
    pub owner: String,
}

#[derive(Template)]
#[template(path = "assessment/pay_index.html")]
struct IndexPage {
    ctx: PageCtx,
    policies: Vec<PolicyRow>,
    regions: Vec<(String, String)>,
    region: String,
    year: i32,
    is_admin: bool,
}

fn years_text(tr: &Tr, from: i32, to: Option<i32>) -> String {
    match to {
        Some(t) if t == from => from.to_string(),
        Some(t) => format!("{from}–{t}"),
        None => tr.t1("pay-from-year", "year", &from),
    }
}

#[derive(Deserialize, Default)]
struct IndexQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    region: String,
}

/// The policies in the caller's scope as the list shows them (kind, years and owner named).
async fn policy_rows(
    state: &AppState,
    auth: &Auth,
    tr: &crate::i18n::Tr,
) -> Result<Vec<PolicyRow>, AppError> {
    let records = pay_store::policies(&state.db, &auth.actor.scope).await?;
    // The owners are the caller's region or regions above it: their names only.
    let mut names = std::collections::HashMap::new();
    for r in &records {
        if !names.contains_key(&r.region_code)
            && let Some(region) = store::region::get(
                &state.db,
                &domain::identity::Scope::system(),
                &r.region_code,
            )
            .await?
        {
            names.insert(r.region_code.clone(), region.name);
        }
    }
    Ok(records
        .into_iter()
        .map(|r| PolicyRow {
            kind: Kind::parse(&r.kind)
                .map(|k| tr.t(&k.label_id()))
                .unwrap_or_default(),
            years: years_text(tr, r.from_year, r.to_year),
            owner: names.get(&r.region_code).cloned().unwrap_or_default(),
            r,
        })
        .collect())
}

/// The policies as .xlsx: name, kind, years, owner.
async fn policies_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = policy_rows(&state, &auth, tr)
        .await?
        .into_iter()
        .map(|p| vec![p.r.name, p.kind, p.years, p.owner])
        .collect();
    let headers: Vec<String> = ["field-pay_name", "field-pay_kind", "pay-years", "pay-owner"]
        .iter()
        .map(|k| tr.t(k))
        .collect();
    let name = format!("{}.xlsx", tr.t("pay-policies"));
    crate::tabular::xlsx_response(&tr.t("pay-policies"), &headers, &rows, &name)
}

async fn index(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    // The year form: straight to the region's year.
    if !q.year.trim().is_empty()
        && let Ok(year) = parse_year(q.year.trim())
    {
        let region = year_region(&auth, &q.region)?;
        return Ok(go_to(
            &headers,
            &format!("{}?region={}", url::pay_year(year), region.as_str()),
        ));
    }
    let policies = policy_rows(&state, &auth, &ctx.tr).await?;
    let page = IndexPage {
        ctx: PageCtx::new(&ctx, "assessment"),
        policies,
        regions: region_choices(&state, &auth.actor.scope).await?,
        region: auth.user.region_code.clone(),
        year: today().year() - 1,
        is_admin: is_admin(&auth),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "assessment/pay_policy_form.html")]
struct PolicyForm {
    ctx: PageCtx,
    /// None: a new policy.
    id: Option<String>,
    form: PolicyInput,
    error: Option<String>,
    error_field: String,
    kinds: Vec<(String, String)>,
    bands: Vec<(usize, String)>,
    posts: Vec<(usize, String)>,
    tiers: Vec<(usize, String, String)>,
    can_save: bool,
}

impl PolicyForm {
    fn band_rate(&self, i: &usize) -> String {
        self.form.band_rates.get(*i).cloned().unwrap_or_default()
    }

    fn coefficient(&self, i: &usize) -> String {
        self.form.coefficients.get(*i).cloned().unwrap_or_default()
    }

    fn invalid(&self, field: &str) -> bool {
        self.error_field == field
    }
}

fn policy_form(
    ctx: &RequestCtx,
    id: Option<String>,
    form: PolicyInput,
    error: Option<AppError>,
    can_save: bool,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (message, field, status) = match &error {
        Some(e) => (
            Some(e.message(tr)),
            e.field
                .as_ref()
                .map(|f| f.field.to_string())
                .unwrap_or_default(),
            e.status,
        ),
        None => (None, String::new(), StatusCode::OK),
    };
    let mut tiers: Vec<(usize, String, String)> = form
        .tiers
        .iter()
        .enumerate()
        .map(|(i, (f, r))| (i, f.clone(), r.clone()))
        .collect();
    while tiers.len() < MAX_TIERS {
        tiers.push((tiers.len(), String::new(), String::new()));
    }
    let page = PolicyForm {
        ctx: PageCtx::new(ctx, "assessment"),
        id,
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), tr.t(&k.label_id())))
            .collect(),
        bands: Band::ALL
            .iter()
            .enumerate()
            .map(|(i, b)| (i, band_label(tr, Some(*b))))
            .collect(),
        posts: PostKind::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| (i, post_label(tr, *p)))
            .collect(),
        tiers,
        form,
        error: message,
        error_field: field,
        can_save,
    };
    render_status(&page, status)
}

/// The form's fields into the input: `tier_from_<i>`, `tier_rate_<i>`, `band_<i>`,
/// `coefficient_<i>`, the rest by name.
fn policy_input(pairs: &[(String, String)]) -> PolicyInput {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    PolicyInput {
        name: get("name"),
        kind: get("kind"),
        from_year: get("from_year"),
        to_year: get("to_year"),
        threshold: get("threshold"),
        tiers: (0..MAX_TIERS)
            .map(|i| {
                (
                    get(&format!("tier_from_{i}")),
                    get(&format!("tier_rate_{i}")),
                )
            })
            .collect(),
        share: get("share"),
        cap: get("cap"),
        band_rates: (0..Band::ALL.len())
            .map(|i| get(&format!("band_{i}")))
            .collect(),
        unrated: get("unrated"),
        coefficients: (0..PostKind::ALL.len())
            .map(|i| get(&format!("coefficient_{i}")))
            .collect(),
        min_months: get("min_months"),
    }
}

#[derive(Deserialize, Default)]
struct NewPolicyQuery {
    #[serde(default)]
    kind: String,
}

async fn new_policy(
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewPolicyQuery>,
) -> Result<Response, AppError> {
    if !is_admin(&auth) {
        return Err(AppError::forbidden());
    }
    let kind = Kind::parse(&q.kind).unwrap_or(Kind::IncreaseShare);
    let mut example = Policy::example(kind, today().year() - 1, "");
    example.name = String::new();
    policy_form(&ctx, None, PolicyInput::from_policy(&example), None, true)
}

async fn create_policy(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = policy_input(&pairs);
    let result = match form.validate() {
        Ok(p) => pay_store::create_policy(&state.db, &auth.actor, &p)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(go_to(&headers, url::PAY)),
        Err(e) => policy_form(&ctx, None, form, Some(in_page(e)?), true),
    }
}

async fn edit_policy(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let r = pay_store::policy(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let p = r.policy()?;
    let owned = RegionCode::parse(&r.region_code).is_ok_and(|c| auth.actor.scope.contains(&c));
    policy_form(
        &ctx,
        Some(id),
        PolicyInput::from_policy(&p),
        None,
        is_admin(&auth) && owned,
    )
}

async fn update_policy(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = policy_input(&pairs);
    let result = match form.validate() {
        Ok(p) => pay_store::update_policy(&state.db, &auth.actor, &id, &p)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(go_to(&headers, url::PAY)),
        Err(e) => policy_form(&ctx, Some(id), form, Some(in_page(e)?), true),
    }
}

// ------------------------------------------------------------------ a region's year

#[derive(Deserialize, Default)]
struct YearQuery {
    #[serde(default)]
    region: String,
}

pub struct VillageRow {
    pub code: String,
    pub name: String,
    pub calculations: Vec<(CalculationRecord, String)>,
    /// Policies in force without a calculation yet: (id, name).
    pub missing: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "assessment/pay_year.html")]
struct YearPage {
    ctx: PageCtx,
    year: i32,
    region: String,
    region_name: String,
    regions: Vec<(String, String)>,
    rows: Vec<VillageRow>,
    total_pool: String,
    total_paid: String,
    can_compute: bool,
}

fn parse_year(text: &str) -> Result<i32, AppError> {
    text.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(AppError::not_found)
}

fn year_region(auth: &Auth, text: &str) -> Result<RegionCode, AppError> {
    let text = if text.trim().is_empty() {
        auth.user.region_code.as_str()
    } else {
        text.trim()
    };
    let code = RegionCode::parse(text).map_err(|_| AppError::not_found())?;
    if !auth.actor.scope.contains(&code) {
        return Err(AppError::not_found());
    }
    Ok(code)
}

async fn village_rows(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
    region: &RegionCode,
    year: i32,
) -> Result<Vec<VillageRow>, AppError> {
    let scope = &auth.actor.scope;
    let names = region_names(state, scope).await?;
    let calcs = pay_store::for_year(&state.db, scope, region, year).await?;
    let policies = pay_store::policies(&state.db, scope).await?;
    let mut rows = Vec::new();
    for v in store::region::villages_under(&state.db, scope, region).await? {
        let calculations: Vec<(CalculationRecord, String)> = calcs
            .iter()
            .filter(|c| c.region_code == v.as_str())
            .map(|c| (c.clone(), tr.t(&c.state().label_id())))
            .collect();
        let missing = policies
            .iter()
            .filter(|p| p.applies(&v, year))
            .filter(|p| !calculations.iter().any(|(c, _)| c.policy_id == p.id))
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        rows.push(VillageRow {
            name: names.get(v.as_str()).cloned().unwrap_or_default(),
            code: v.as_str().to_string(),
            calculations,
            missing,
        });
    }
    Ok(rows)
}

async fn year_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(year): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = parse_year(&year)?;
    let region = year_region(&auth, &q.region)?;
    let rows = village_rows(&state, &auth, &ctx.tr, &region, year).await?;
    let sum = |f: fn(&CalculationRecord) -> i64| {
        rows.iter()
            .flat_map(|r| r.calculations.iter())
            .try_fold(0_i64, |acc, (c, _)| acc.checked_add(f(c)))
            .ok_or(domain::DomainError::Conflict(domain::money::OVERFLOW))
    };
    let page = YearPage {
        ctx: PageCtx::new(&ctx, "assessment"),
        total_pool: yuan(sum(|c| c.pool)?),
        total_paid: yuan(sum(|c| c.paid)?),
        region_name: crate::base::regions::region_name(&state, &auth.actor.scope, region.as_str())
            .await?,
        region: region.as_str().to_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        rows,
        year,
        can_compute: can_compute(&auth),
    };
    render(&page)
}

#[derive(Deserialize, Default)]
struct ComputeForm {
    #[serde(default)]
    policy_id: String,
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    year: String,
}

/// Computes one village's calculation (a village code and a policy), or every missing and
/// open one under a town or district (each policy in force).
async fn compute(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    headers: HeaderMap,
    Form(form): Form<ComputeForm>,
) -> Result<Response, AppError> {
    let year = parse_year(form.year.trim())?;
    let region = year_region(&auth, &form.region_code)?;
    if region.level() == Level::Village && !form.policy_id.trim().is_empty() {
        let c = pay_store::compute(&state.db, &auth.actor, form.policy_id.trim(), &region, year)
            .await?;
        return Ok(go_to(&headers, &url::pay_calculation(&c.id)));
    }
    let scope = &auth.actor.scope;
    let policies = pay_store::policies(&state.db, scope).await?;
    let done = pay_store::for_year(&state.db, scope, &region, year).await?;
    for v in store::region::villages_under(&state.db, scope, &region).await? {
        for p in policies.iter().filter(|p| p.applies(&v, year)) {
            let open = done
                .iter()
                .find(|c| c.policy_id == p.id && c.region_code == v.as_str())
                .is_none_or(|c| c.state().editable());
            if open {
                pay_store::compute(&state.db, &auth.actor, &p.id, &v, year).await?;
            }
        }
    }
    Ok(go_to(
        &headers,
        &format!("{}?region={}", url::pay_year(year), region.as_str()),
    ))
}

/// 报酬核定表: village, cadre, post, coefficient, months, amount and a signature column, a
/// total row per village.
async fn sheet(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(year): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    use usecase::tabular::Cell;
    let year = parse_year(&year)?;
    let region = year_region(&auth, &q.region)?;
    let tr = &ctx.tr;
    let calcs = pay_store::for_year(&state.db, &auth.actor.scope, &region, year).await?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for c in &calcs {
        let (_, _, calc) = c.snapshot()?;
        let state_label = tr.t(&c.state().label_id());
        for s in &calc.shares {
            rows.push(vec![
                Cell::text(&c.region_name),
                Cell::text(&s.name),
                Cell::text(&post_label(tr, s.post)),
                Cell::Number(s.coefficient as f64 / 100.0),
                Cell::Number(f64::from(s.months)),
                Cell::Yuan(s.amount),
                Cell::text(&s.excluded.map(|e| tr.t(e.label_id())).unwrap_or_default()),
                Cell::Empty,
            ]);
        }
        rows.push(vec![
            Cell::text(&c.region_name),
            Cell::text(&tr.t("pay-sheet-total")),
            Cell::text(&state_label),
            Cell::Empty,
            Cell::Empty,
            Cell::Yuan(c.paid),
            Cell::text(&c.policy_name),
            Cell::Empty,
        ]);
    }
    let headers: Vec<String> = [
        "pay-col-village",
        "pay-col-cadre",
        "pay-col-post",
        "pay-col-coefficient",
        "pay-col-months",
        "pay-col-amount",
        "pay-col-note",
        "pay-col-signature",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let name = format!("{}-{year}-{}.xlsx", region.as_str(), tr.t("pay-sheet"));
    crate::tabular::typed_xlsx_response(&tr.t("pay-sheet"), &headers, &rows, &name)
}

// ------------------------------------------------------------------ a village's calculation

/// A recorded 四议两公开 step: its label, date, meeting (link, text) and note.
pub type StepRecord = (String, String, Option<(String, String)>, String);

pub struct ScenarioView {
    pub label: String,
    pub income: String,
    pub band: String,
    pub pool: String,
    pub paid: String,
}

#[derive(Template)]
#[template(path = "assessment/pay_calculation.html")]
struct CalculationPage {
    ctx: PageCtx,
    c: CalculationRecord,
    state_label: String,
    policy_kind: String,
    facts: Facts,
    band: String,
    steps: Vec<StepView>,
    shares: Vec<ShareView>,
    scenarios: Vec<ScenarioView>,
    /// Each cadre's amount in every scenario: (name, amounts).
    scenario_shares: Vec<(String, Vec<String>)>,
    deliberation: Vec<StepRecord>,
    submitted_at: String,
    decided_at: String,
    can_compute: bool,
    can_submit: bool,
    can_decide: bool,
    can_record: bool,
    error: Option<String>,
    reason: String,
}

async fn calculation_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<AppError>,
    reason: String,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let c = pay_store::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (policy, facts, calc) = c.snapshot()?;
    let side = scenarios(&policy, &facts)?;
    let scenario_shares = calc
        .shares
        .iter()
        .map(|s| {
            let amounts = side
                .iter()
                .map(|(_, _, sc)| {
                    sc.shares
                        .iter()
                        .find(|x| x.person_id == s.person_id)
                        .map_or_else(|| yuan(0), |x| yuan(x.amount))
                })
                .collect();
            (s.name.clone(), amounts)
        })
        .collect();
    let deliberation = pay_store::deliberation(&state.db, &auth.actor.scope, id)
        .await?
        .into_iter()
        .map(|d| {
            let label = Deliberation::parse(&d.step)
                .map(|s| tr.t(&s.label_id()))
                .unwrap_or_default();
            let meeting = d.meeting_id.clone().map(|m| {
                (
                    url::mechanism_meeting(&m),
                    format!(
                        "{} {}",
                        d.meeting_date.clone().unwrap_or_default(),
                        d.meeting_agenda.clone().unwrap_or_default()
                    ),
                )
            });
            (label, d.held_on, meeting, d.note)
        })
        .collect();
    let st = c.state();
    let (status, error) = match error {
        Some(e) => (e.status, Some(e.message(tr))),
        None => (StatusCode::OK, None),
    };
    let page = CalculationPage {
        ctx: PageCtx::new(ctx, "assessment"),
        state_label: tr.t(&st.label_id()),
        policy_kind: tr.t(&policy.kind.label_id()),
        band: band_label(tr, facts.band),
        steps: calc.steps.iter().map(|s| step_view(tr, s)).collect(),
        shares: share_views(tr, &calc),
        scenarios: side
            .iter()
            .map(|(s, f, sc)| ScenarioView {
                label: tr.t(&s.label_id()),
                income: yuan(f.income),
                band: band_label(tr, f.band),
                pool: yuan(sc.pool),
                paid: yuan(sc.paid),
            })
            .collect(),
        scenario_shares,
        deliberation,
        submitted_at: c
            .submitted_at
            .as_deref()
            .map(china_time)
            .unwrap_or_default(),
        decided_at: c.decided_at.as_deref().map(china_time).unwrap_or_default(),
        can_compute: can_compute(auth) && st.editable(),
        can_submit: auth.role == Role::TownOfficer && st.editable(),
        can_decide: is_admin(auth)
            && st == PayState::Submitted
            && c.submitted_by_name.as_deref() != Some(auth.actor.username.as_str()),
        can_record: can_record(auth),
        facts,
        c,
        error,
        reason,
    };
    render_status(&page, status)
}

async fn calculation(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    calculation_page(&state, &auth, &ctx, &id, None, String::new()).await
}

async fn submit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match pay_store::submit(&state.db, &auth.actor, &id).await {
        Ok(_) => Ok(go_to(&headers, &url::pay_calculation(&id))),
        Err(e) => {
            let e = in_page(e.into())?;
            calculation_page(&state, &auth, &ctx, &id, Some(e), String::new()).await
        }
    }
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match pay_store::approve(&state.db, &auth.actor, &id, today()).await {
        Ok(_) => Ok(go_to(&headers, &url::pay_calculation(&id))),
        Err(e) => {
            let e = in_page(e.into())?;
            calculation_page(&state, &auth, &ctx, &id, Some(e), String::new()).await
        }
    }
}

#[derive(Deserialize, Default)]
struct ReturnForm {
    #[serde(default)]
    reason: String,
}

async fn return_to_town(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ReturnForm>,
) -> Result<Response, AppError> {
    match pay_store::return_to_town(&state.db, &auth.actor, &id, &form.reason).await {
        Ok(_) => Ok(go_to(&headers, &url::pay_calculation(&id))),
        Err(e) => {
            let e = in_page(e.into())?;
            calculation_page(&state, &auth, &ctx, &id, Some(e), form.reason).await
        }
    }
}

// ------------------------------------------------------------------ 四议两公开

pub struct DeliberationRow {
    pub i: usize,
    pub step: &'static str,
    pub label: String,
    pub on: String,
    pub meeting_id: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "assessment/pay_deliberation.html")]
struct DeliberationPage {
    ctx: PageCtx,
    c: CalculationRecord,
    rows: Vec<DeliberationRow>,
    meetings: Vec<(String, String)>,
    error: Option<String>,
    error_field: String,
}

async fn deliberation_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    c: CalculationRecord,
    inputs: Vec<DeliberationInput>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let village = RegionCode::parse(&c.region_code).map_err(|_| AppError::not_found())?;
    let meetings = pay_store::meetings(&state.db, &auth.actor.scope, &village, c.year)
        .await?
        .into_iter()
        .map(|(id, date, agenda)| (id, format!("{date} {agenda}")))
        .collect();
    let rows = Deliberation::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let input = inputs
                .iter()
                .find(|x| x.step == d.as_str())
                .cloned()
                .unwrap_or_default();
            DeliberationRow {
                i,
                step: d.as_str(),
                label: tr.t(&d.label_id()),
                on: input.on,
                meeting_id: input.meeting_id,
                note: input.note,
            }
        })
        .collect();
    let (message, field, status) = match &error {
        Some(e) => (
            Some(e.message(tr)),
            e.field
                .as_ref()
                .map(|f| {
                    format!(
                        "{}:{}",
                        f.args.get("step").cloned().unwrap_or_default(),
                        f.field
                    )
                })
                .unwrap_or_default(),
            e.status,
        ),
        None => (None, String::new(), StatusCode::OK),
    };
    let page = DeliberationPage {
        ctx: PageCtx::new(ctx, "assessment"),
        c,
        rows,
        meetings,
        error: message,
        error_field: field,
    };
    render_status(&page, status)
}

impl DeliberationPage {
    fn invalid(&self, step: &str, field: &str) -> bool {
        self.error_field == format!("{step}:{field}")
    }
}

async fn deliberation_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if !can_record(&auth) {
        return Err(AppError::forbidden());
    }
    let c = pay_store::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let inputs = pay_store::deliberation(&state.db, &auth.actor.scope, &id)
        .await?
        .into_iter()
        .map(|d| DeliberationInput {
            step: d.step,
            on: d.held_on,
            meeting_id: d.meeting_id.unwrap_or_default(),
            note: d.note,
        })
        .collect();
    deliberation_page(&state, &auth, &ctx, c, inputs, None).await
}

async fn save_deliberation(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = pay_store::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let get = |k: String| {
        pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let inputs: Vec<DeliberationInput> = Deliberation::ALL
        .iter()
        .map(|d| DeliberationInput {
            step: d.as_str().to_string(),
            on: get(format!("on_{}", d.as_str())),
            meeting_id: get(format!("meeting_{}", d.as_str())),
            note: get(format!("note_{}", d.as_str())),
        })
        .collect();
    let result = match validate_deliberation(&inputs, c.year) {
        Ok(steps) => pay_store::set_deliberation(&state.db, &auth.actor, &id, &steps)
            .await
            .map_err(AppError::from),
        Err(e) => Err(FieldError::into(e)),
    };
    match result {
        Ok(_) => Ok(go_to(&headers, &url::pay_calculation(&id))),
        Err(e) => {
            let e = in_page(e)?;
            deliberation_page(&state, &auth, &ctx, c, inputs, Some(e)).await
        }
    }
}

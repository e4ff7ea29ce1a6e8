//! The cadres' disclosure items under `/disclosure`: the list with its filters and .xlsx
//! export, a new item, an item's page (state, the preview that is exactly what will be
//! published, the versions with their reasons, the step buttons, the draft's edit form and
//! the correction form), the preview on its own page, and the schedules.
//!
//! The store decides who may take each step; the pages offer only what the caller may do.

use super::snapshots;
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::{FormError, go_to, in_page, render_form, render_status};
use crate::base::params::year_param;
use crate::error::AppError;
use crate::i18n::{Locale, Tr};
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use domain::FieldError;
use domain::disclosure::Category;
use domain::disclosure::item::{self, Input, Kind, PeriodSpec, State as ItemState, Step};
use domain::disclosure::mask::NameRule;
use domain::disclosure::schedule::{Cadence, Rule};
use domain::identity::{Role, Scope};
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use store::disclosure::items::{self as items_store, Filter, ItemRecord, NewItem};
use store::disclosure::schedules::{self, ScheduleRecord};
use store::disclosure::versions::{self, VersionMeta};

pub fn routes() -> Router<AppState> {
    use crate::base::url as u;
    Router::new()
        .route(u::DISCLOSURES, get(list))
        .route(u::DISCLOSURES_XLSX, get(export))
        .route(u::DISCLOSURE_NEW, get(new_form).post(create))
        .route(u::DISCLOSURE_ITEM, get(show).post(save))
        .route(u::DISCLOSURE_ITEM_PREVIEW, get(preview))
        .route(u::DISCLOSURE_ITEM_STEP, axum::routing::post(step))
        .route(u::DISCLOSURE_ITEM_CORRECT, axum::routing::post(correct))
        .route(
            u::DISCLOSURE_SCHEDULES,
            get(schedules_page).post(save_schedule),
        )
        .route(u::DISCLOSURE_SCHEDULES_XLSX, get(schedules_export))
}

/// The translations of a Chinese notice (titles of items are Chinese, as published).
fn zh(state: &AppState) -> Tr {
    Tr::new(state.i18n.clone(), Locale::ZhCn)
}

fn may_prepare(auth: &Auth) -> bool {
    item::may_prepare(Some(auth.role))
}

// ---------------------------------------------------------------- list

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: Option<i64>,
}

/// One row of the list.
pub(crate) struct Row {
    pub item: ItemRecord,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "disclosure/items.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    regions: Vec<(String, String)>,
    region: String,
    category: String,
    state: String,
    year: String,
    query: String,
    can_create: bool,
}

impl ListPage {
    fn categories(&self) -> Vec<(&'static str, String)> {
        Category::ALL
            .iter()
            .map(|c| {
                (
                    c.as_str(),
                    self.ctx.t(&format!("disclosure-category-{}", c.as_str())),
                )
            })
            .collect()
    }
    fn states(&self) -> Vec<(&'static str, String)> {
        ItemState::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    self.ctx.t(&format!("disclosure-state-{}", s.as_str())),
                )
            })
            .collect()
    }
    fn kind(&self, k: &str) -> String {
        self.ctx.t(&format!("disclosure-kind-{k}"))
    }
    fn state_label(&self, s: &str) -> String {
        self.ctx.t(&format!("disclosure-state-{s}"))
    }
    fn period(&self, i: &ItemRecord) -> String {
        period_text(i)
    }
    fn page_link(&self, n: i64) -> String {
        format!("{}?{}&page={n}", crate::base::url::DISCLOSURES, self.query)
    }
}

fn period_text(i: &ItemRecord) -> String {
    i.period().map_or_else(
        || format!("{} — {}", i.period_from, i.period_to),
        PeriodSpec::code,
    )
}

fn filter_of(q: &ListQuery) -> Result<Filter, AppError> {
    Ok(Filter {
        region: q.region.trim().to_string(),
        category: Category::parse(&q.category)
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        state: ItemState::parse(&q.state)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        year: year_param(Some(&q.year))?,
    })
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let filter = filter_of(&q)?;
    let page = q.page.unwrap_or(1).max(1);
    let per_page = 50;
    let (items, total) =
        items_store::list(&state.db, scope, &filter, store::Page::new(page, per_page)).await?;
    let names = crate::base::regions::region_names(&state, scope).await?;
    let rows = items
        .into_iter()
        .map(|item| Row {
            region_name: names
                .get(&item.region_code)
                .cloned()
                .unwrap_or_else(|| item.region_code.clone()),
            item,
        })
        .collect();
    let query = format!(
        "region={}&category={}&state={}&year={}",
        crate::base::url::encode(&filter.region),
        filter.category,
        filter.state,
        filter.year.map(|y| y.to_string()).unwrap_or_default()
    );
    let page_view = ListPage {
        ctx: PageCtx::new(&ctx, "disclosure"),
        rows,
        total,
        page,
        pages: (total + per_page - 1) / per_page,
        regions: crate::base::regions::region_choices(&state, scope).await?,
        region: filter.region.clone(),
        category: filter.category.clone(),
        state: filter.state.clone(),
        year: filter.year.map(|y| y.to_string()).unwrap_or_default(),
        query,
        can_create: may_prepare(&auth),
    };
    crate::base::page::render(&page_view)
}

/// The list as .xlsx: the same filters, every row.
async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let scope = &auth.actor.scope;
    let filter = filter_of(&q)?;
    let (items, _) = items_store::list(&state.db, scope, &filter, store::Page::all()).await?;
    let names = crate::base::regions::region_names(&state, scope).await?;
    let headers: Vec<String> = [
        "disclosure-col-region",
        "disclosure-col-category",
        "disclosure-col-kind",
        "disclosure-col-period",
        "disclosure-col-title",
        "disclosure-col-state",
        "disclosure-col-version",
        "disclosure-col-updated",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text, Time};
    let kinds = [Text, Text, Text, Text, Text, Text, Number, Time];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                names
                    .get(&i.region_code)
                    .cloned()
                    .unwrap_or_else(|| i.region_code.clone()),
                tr.t(&format!("disclosure-category-{}", i.category)),
                tr.t(&format!("disclosure-kind-{}", i.kind)),
                period_text(i),
                i.title.clone(),
                tr.t(&format!("disclosure-state-{}", i.state)),
                i.current_version.to_string(),
                crate::base::format::china_time(&i.updated_at),
            ]
        })
        .collect();
    let title = tr.t("disclosure-title");
    crate::tabular::kinds_xlsx_response(&title, &headers, &kinds, &rows, &format!("{title}.xlsx"))
}

// ---------------------------------------------------------------- new

#[derive(Deserialize, Default, Clone)]
pub(crate) struct ItemForm {
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    rows: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    project_id: String,
    #[serde(default)]
    major: Option<String>,
    #[serde(default)]
    approved_on: String,
}

#[derive(Template)]
#[template(path = "disclosure/item_new.html")]
struct NewPage {
    ctx: PageCtx,
    form: ItemForm,
    regions: Vec<(String, String)>,
    projects: Vec<(String, String)>,
    error: FormError,
}

impl NewPage {
    fn kinds(&self) -> Vec<(&'static str, String)> {
        kind_choices(&self.ctx.tr)
    }
}

fn kind_choices(tr: &Tr) -> Vec<(&'static str, String)> {
    Kind::ALL
        .iter()
        .map(|k| (k.as_str(), tr.t(&k.label_id())))
        .collect()
}

/// The villages and towns in scope the caller may publish for.
async fn publishing_regions(
    state: &AppState,
    scope: &Scope,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::base::regions::region_choices(state, scope)
        .await?
        .into_iter()
        .filter(|(code, _)| {
            RegionCode::parse(code).is_ok_and(|c| matches!(c.level(), Level::Village | Level::Town))
        })
        .collect())
}

async fn project_choices(
    state: &AppState,
    scope: &Scope,
) -> Result<Vec<(String, String)>, AppError> {
    let names = crate::base::regions::region_names(state, scope).await?;
    Ok(
        store::industry::projects::list(&state.db, scope, None, false)
            .await?
            .into_iter()
            .map(|p| {
                let region = names.get(&p.region_code).cloned().unwrap_or_default();
                (p.id, format!("{region} · {}", p.title))
            })
            .collect(),
    )
}

async fn new_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: ItemForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    if !may_prepare(auth) {
        return Err(AppError::from(domain::DomainError::Forbidden));
    }
    let scope = &auth.actor.scope;
    let has_error = error.is_some();
    let page = NewPage {
        ctx: PageCtx::new(ctx, "disclosure"),
        regions: publishing_regions(state, scope).await?,
        projects: project_choices(state, scope).await?,
        form,
        error: FormError::of_any(&ctx.tr, error.as_ref()),
    };
    render_form(&page, has_error)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let mut form = ItemForm {
        region_code: auth.user.region_code.clone(),
        kind: Kind::FinancePeriod.as_str().into(),
        ..ItemForm::default()
    };
    // The quarter that ended last, as the usual item to prepare.
    let today = crate::base::format::today();
    let q = (chrono::Datelike::month(&today) - 1) / 3;
    form.period = if q == 0 {
        format!("{}-Q4", chrono::Datelike::year(&today) - 1)
    } else {
        format!("{}-Q{q}", chrono::Datelike::year(&today))
    };
    new_page(&state, &auth, &ctx, form, None).await
}

fn input_of(kind: Kind, form: &ItemForm) -> Result<Input, FieldError> {
    Ok(match kind {
        Kind::SubsidyList => Input {
            rows: item::parse_subsidy_rows(&form.rows)?,
            ..Input::default()
        },
        Kind::Other => Input {
            text: form.text.trim().to_string(),
            ..Input::default()
        },
        Kind::ProjectProgress => Input {
            project_id: form.project_id.trim().to_string(),
            ..Input::default()
        },
        _ => Input::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Form(form): Form<ItemForm>,
) -> Result<Response, AppError> {
    let result = async {
        let kind = Kind::parse(&form.kind).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "kind").arg("value", form.kind.clone())
        })?;
        let period = PeriodSpec::parse(&form.period)?;
        let input = input_of(kind, &form)?;
        let approved_on = if form.approved_on.trim().is_empty() {
            None
        } else {
            Some(domain::time::parse_date(&form.approved_on).ok_or_else(|| {
                FieldError::new("common.date_invalid", "approved_on")
                    .arg("value", form.approved_on.clone())
            })?)
        };
        let title = if form.title.trim().is_empty() {
            let name = crate::base::regions::region_name(
                &state,
                &auth.actor.scope,
                form.region_code.trim(),
            )
            .await?;
            snapshots::default_title(&zh(&state), &name, kind, period)
        } else {
            form.title.clone()
        };
        let new = NewItem {
            region_code: form.region_code.trim().to_string(),
            kind,
            period,
            title,
            major: form.major.is_some(),
            approved_on,
            input,
        };
        Ok::<_, AppError>(items_store::create(&state.db, &auth.actor, &new).await?)
    }
    .await;
    match result {
        Ok(item) => Ok(go_to(
            &headers,
            &crate::base::url::disclosure_item(&item.id),
        )),
        Err(e) => {
            let e = in_page(e)?;
            new_page(&state, &auth, &ctx, form, Some(e)).await
        }
    }
}

// ---------------------------------------------------------------- item

#[derive(Template)]
#[template(path = "disclosure/item_show.html")]
struct ItemPage {
    ctx: PageCtx,
    item: ItemRecord,
    region_name: String,
    needs_approval: bool,
    steps: Vec<Step>,
    can_prepare: bool,
    /// The page as it would be published now (not for a published item).
    preview_html: Option<String>,
    /// The current published version's page.
    published_html: Option<String>,
    history: Vec<VersionMeta>,
    form: ItemForm,
    projects: Vec<(String, String)>,
    reason: String,
    error: FormError,
}

impl ItemPage {
    fn state_label(&self) -> String {
        self.ctx.t(&format!("disclosure-state-{}", self.item.state))
    }
    fn kind(&self) -> String {
        self.ctx.t(&format!("disclosure-kind-{}", self.item.kind))
    }
    fn category(&self) -> String {
        self.ctx
            .t(&format!("disclosure-category-{}", self.item.category))
    }
    fn period(&self) -> String {
        period_text(&self.item)
    }
    fn is(&self, s: &str) -> bool {
        self.item.state == s
    }
    fn kind_is(&self, k: &str) -> bool {
        self.item.kind == k
    }
    fn correcting(&self) -> String {
        self.ctx.tr.t1(
            "disclosure-correcting",
            "reason",
            &self.item.correction_reason,
        )
    }
}

/// The preview of `item`: the snapshot it would be published as by `auth` now, rendered by
/// the one template (the same calls as publishing) in the reader's language.
async fn preview_html(
    state: &AppState,
    auth: &Auth,
    item: &ItemRecord,
    locale: Locale,
) -> Result<String, AppError> {
    let body = snapshots::body(&state.db, &auth.actor.scope, item).await?;
    let snap = items_store::snapshot(
        &state.db,
        &auth.actor,
        item,
        body,
        &domain::time::now_text(),
    )
    .await?;
    let frozen = snapshots::render(&state.i18n, &snap, Locale::ZhCn)?;
    // What the store would refuse to freeze is refused here too, so the cadre sees why first.
    let text =
        String::from_utf8_lossy(&domain::disclosure::snapshot::canonical(&snap)).into_owned();
    if domain::disclosure::mask::find_pii(&text).is_some()
        || domain::disclosure::mask::find_pii(&frozen).is_some()
    {
        return Err(domain::DomainError::Conflict("disclosure.pii").into());
    }
    if locale == Locale::ZhCn {
        return Ok(frozen);
    }
    Ok(snapshots::render(&state.i18n, &snap, locale)?)
}

fn form_of(item: &ItemRecord) -> ItemForm {
    let input = item.input();
    ItemForm {
        title: item.title.clone(),
        rows: item::subsidy_rows_text(&input.rows),
        text: input.text,
        project_id: input.project_id,
        ..ItemForm::default()
    }
}

async fn item_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    form: Option<ItemForm>,
    reason: String,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let item = items_store::get(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let category = item.category().ok_or_else(AppError::not_found)?;
    let rule = schedules::rule_for(&state.db, &item.region_code, category).await?;
    let history = versions::history(&state.db, id).await?;
    // In the reader's language: the frozen page in Chinese, its data rendered otherwise.
    let published_html = if item.current_version > 0 {
        versions::get(&state.db, id, item.current_version)
            .await?
            .map(|v| snapshots::version_html(&state.i18n, &v, ctx.tr.locale).0)
    } else {
        None
    };
    let preview = if item.state() == ItemState::Published {
        None
    } else {
        // A preview that cannot be made (records gone, personal data) says why in its place.
        Some(
            match preview_html(state, auth, &item, ctx.tr.locale).await {
                Ok(html) => html,
                Err(e) => {
                    let e = in_page(e)?;
                    format!(
                        "<p class=\"alert error\" data-testid=\"preview-error\">{}</p>",
                        askama::filters::escape(e.message(&ctx.tr), askama::filters::Html)
                            .map(|s| s.to_string())
                            .unwrap_or_default()
                    )
                }
            },
        )
    };
    let steps: Vec<Step> = Step::available(item.state(), rule.needs_approval)
        .into_iter()
        .filter(|s| match s {
            Step::Approve => item::may_approve(Some(auth.role)),
            _ => may_prepare(auth),
        })
        .collect();
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = ItemPage {
        ctx: PageCtx::new(ctx, "disclosure"),
        region_name: crate::base::regions::region_name(state, &Scope::system(), &item.region_code)
            .await?,
        needs_approval: rule.needs_approval,
        steps,
        can_prepare: may_prepare(auth),
        preview_html: preview,
        published_html,
        history,
        form: form.unwrap_or_else(|| form_of(&item)),
        projects: if item.kind() == Some(Kind::ProjectProgress) {
            project_choices(state, scope).await?
        } else {
            Vec::new()
        },
        item,
        reason,
        error: FormError::of_any(&ctx.tr, error.as_ref()),
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    item_page(&state, &auth, &ctx, &id, None, String::new(), None).await
}

/// Saves a draft's title and what was entered.
async fn save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Result<Response, AppError> {
    let result = async {
        let item = items_store::get(&state.db, &auth.actor.scope, &id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let kind = item.kind().ok_or_else(AppError::not_found)?;
        let input = input_of(kind, &form)?;
        Ok::<_, AppError>(
            items_store::update_draft(&state.db, &auth.actor, &id, &form.title, &input).await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::disclosure_item(&id))),
        Err(e) => {
            let e = in_page(e)?;
            item_page(&state, &auth, &ctx, &id, Some(form), String::new(), Some(e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "disclosure/item_preview.html")]
struct PreviewPage {
    ctx: PageCtx,
    item: ItemRecord,
    html: String,
}

async fn preview(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let item = items_store::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let html = preview_html(&state, &auth, &item, ctx.tr.locale).await?;
    crate::base::page::render(&PreviewPage {
        ctx: PageCtx::new(&ctx, "disclosure"),
        item,
        html,
    })
}

#[derive(Deserialize, Default)]
pub(crate) struct StepForm {
    #[serde(default)]
    step: String,
}

/// Submit, approve or publish; publishing freezes the snapshot made from the records now.
pub(crate) async fn take_step(
    state: &AppState,
    auth: &Auth,
    id: &str,
    step: Step,
) -> Result<ItemRecord, AppError> {
    Ok(match step {
        Step::Publish => snapshots::publish(&state.db, &state.i18n, &auth.actor, id).await?,
        s => items_store::step(&state.db, &auth.actor, id, s, None).await?,
    })
}

async fn step(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    let step = Step::parse(&form.step).ok_or_else(|| {
        AppError::from(
            FieldError::new("common.choice_invalid", "step").arg("value", form.step.clone()),
        )
    })?;
    match take_step(&state, &auth, &id, step).await {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::disclosure_item(&id))),
        Err(e) => {
            let e = in_page(e)?;
            item_page(&state, &auth, &ctx, &id, None, String::new(), Some(e)).await
        }
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct CorrectForm {
    #[serde(default)]
    reason: String,
}

async fn correct(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, AppError> {
    match items_store::correct(&state.db, &auth.actor, &id, &form.reason).await {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::disclosure_item(&id))),
        Err(e) => {
            let e = in_page(e.into())?;
            item_page(&state, &auth, &ctx, &id, None, form.reason, Some(e)).await
        }
    }
}

// ---------------------------------------------------------------- schedules

/// One category's rule as the page shows it: the default and the district's own.
pub(crate) struct ScheduleRow {
    pub category: &'static str,
    pub default: Option<ScheduleRecord>,
    pub own: Option<ScheduleRecord>,
    /// What the form shows (typed, or the rule in force).
    pub form: ScheduleForm,
}

#[derive(Deserialize, Default, Clone)]
pub(crate) struct ScheduleForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    monthly_over_vouchers: String,
    #[serde(default)]
    due_days: String,
    #[serde(default)]
    major_days: String,
    #[serde(default)]
    needs_approval: Option<String>,
    #[serde(default)]
    name_rule: String,
}

#[derive(Template)]
#[template(path = "disclosure/schedules.html")]
struct SchedulesPage {
    ctx: PageCtx,
    rows: Vec<ScheduleRow>,
    district_name: String,
    can_edit: bool,
    name_rule: String,
    /// The villages in scope with their disclosures overdue today for `year`.
    overdue: Vec<(String, String, u32)>,
    year: i32,
    /// The category whose form shows `error` ("name_rule" for the rule's form).
    error_for: String,
    error: FormError,
}

impl SchedulesPage {
    fn cadence(&self, c: &str) -> String {
        self.ctx.t(&format!("disclosure-cadence-{c}"))
    }
    fn category(&self, c: &str) -> String {
        self.ctx.t(&format!("disclosure-category-{c}"))
    }
    fn rules(&self) -> Vec<(&'static str, String)> {
        NameRule::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    self.ctx.t(&format!("disclosure-name-rule-{}", r.as_str())),
                )
            })
            .collect()
    }
    fn export_href(&self) -> &'static str {
        crate::base::url::DISCLOSURE_SCHEDULES_XLSX
    }
    fn name_rule_label(&self) -> String {
        self.ctx
            .t(&format!("disclosure-name-rule-{}", self.name_rule))
    }
    fn cadences(&self) -> Vec<(&'static str, String)> {
        Cadence::ALL
            .iter()
            .map(|c| (c.as_str(), self.cadence(c.as_str())))
            .collect()
    }
    fn err(&self, category: &str, field: &str) -> String {
        if self.error_for == category {
            self.error.at(field).to_string()
        } else {
            String::new()
        }
    }
    fn err_other(&self, category: &str) -> String {
        if self.error_for == category {
            self.error
                .other(&[
                    "cadence",
                    "monthly_over_vouchers",
                    "due_days",
                    "major_days",
                    "name_rule",
                ])
                .to_string()
        } else {
            String::new()
        }
    }
}

fn form_of_rule(r: &ScheduleRecord) -> ScheduleForm {
    ScheduleForm {
        category: r.category.clone(),
        cadence: r.cadence.clone(),
        monthly_over_vouchers: r
            .monthly_over_vouchers
            .map(|n| n.to_string())
            .unwrap_or_default(),
        due_days: r.due_days.to_string(),
        major_days: r.major_days.to_string(),
        needs_approval: r.needs_approval.then(|| "1".to_string()),
        name_rule: String::new(),
    }
}

fn district_of(auth: &Auth) -> Option<RegionCode> {
    let code = RegionCode::parse(&auth.user.region_code).ok()?;
    let mut c = code;
    while c.level() != Level::District {
        c = c.expected_parent()?;
    }
    Some(c)
}

/// A category's provincial default and the district's own rule, when there are.
fn rules_of(
    all: &[ScheduleRecord],
    district: Option<&str>,
    category: Category,
) -> (Option<ScheduleRecord>, Option<ScheduleRecord>) {
    let find = |region: Option<&str>| {
        all.iter()
            .find(|r| r.region_code.as_deref() == region && r.category == category.as_str())
            .cloned()
    };
    (find(None), district.and_then(|d| find(Some(d))))
}

async fn schedules_view(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    typed: Option<ScheduleForm>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let all = schedules::all(&state.db).await?;
    let district = district_of(auth);
    let district_code = district.as_ref().map(|d| d.as_str().to_string());
    let rows = Category::ALL
        .iter()
        .map(|c| {
            let (default, own) = rules_of(&all, district_code.as_deref(), *c);
            let form = match &typed {
                Some(t) if t.category == c.as_str() => t.clone(),
                _ => own
                    .as_ref()
                    .or(default.as_ref())
                    .map(form_of_rule)
                    .unwrap_or_default(),
            };
            ScheduleRow {
                category: c.as_str(),
                default,
                own,
                form,
            }
        })
        .collect();
    let has_error = error.is_some();
    let scope = &auth.actor.scope;
    let today = crate::base::format::today();
    let year = chrono::Datelike::year(&today);
    let names = crate::base::regions::region_names(state, scope).await?;
    let villages: Vec<String> = match scope.root() {
        Some(root) => store::region::villages_under(&state.db, scope, root).await?,
        None => Vec::new(),
    }
    .iter()
    .map(|v| v.as_str().to_string())
    .collect();
    let counts = schedules::overdue_by_village(&state.db, scope, &villages, year, today).await?;
    let overdue = villages
        .into_iter()
        .map(|v| {
            let n = counts.get(&v).copied().unwrap_or(0);
            let name = names.get(&v).cloned().unwrap_or_else(|| v.clone());
            (v, name, n)
        })
        .collect();
    let page = SchedulesPage {
        overdue,
        year,
        ctx: PageCtx::new(ctx, "disclosure"),
        rows,
        district_name: match &district_code {
            Some(d) => crate::base::regions::region_name(state, &Scope::system(), d).await?,
            None => String::new(),
        },
        can_edit: auth.role == Role::DistrictAdmin,
        name_rule: match &typed {
            Some(t) if t.category.is_empty() => t.name_rule.clone(),
            _ => schedules::name_rule(&state.db).await?.as_str().to_string(),
        },
        error_for: typed
            .map(|t| {
                if t.category.is_empty() {
                    "name_rule".into()
                } else {
                    t.category
                }
            })
            .unwrap_or_default(),
        error: FormError::of_any(&ctx.tr, error.as_ref()),
    };
    render_form(&page, has_error)
}

async fn schedules_page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    schedules_view(&state, &auth, &ctx, None, None).await
}

/// The schedules as the page's table shows them (each category's default and the district's
/// own rule), as .xlsx.
async fn schedules_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let all = schedules::all(&state.db).await?;
    let district_code = district_of(&auth).map(|d| d.as_str().to_string());
    let district_name = match &district_code {
        Some(d) => crate::base::regions::region_name(&state, &Scope::system(), d).await?,
        None => String::new(),
    };
    let headers: Vec<String> = [
        "disclosure-col-category",
        "disclosure-col-applies",
        "field-cadence",
        "field-monthly_over_vouchers",
        "field-due_days",
        "field-major_days",
        "field-needs_approval",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text};
    let kinds = [Text, Text, Text, Number, Number, Number, Text];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for c in Category::ALL {
        let (default, own) = rules_of(&all, district_code.as_deref(), c);
        let applies = [
            tr.t("disclosure-schedule-default"),
            format!("{district_name} {}", tr.t("disclosure-schedule-override")),
        ];
        for (rule, applies) in [default, own].into_iter().zip(applies) {
            let Some(r) = rule else { continue };
            rows.push(vec![
                tr.t(&format!("disclosure-category-{}", c.as_str())),
                applies,
                tr.t(&format!("disclosure-cadence-{}", r.cadence)),
                r.monthly_over_vouchers
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                r.due_days.to_string(),
                r.major_days.to_string(),
                tr.t(if r.needs_approval {
                    "common-yes"
                } else {
                    "common-no"
                }),
            ]);
        }
    }
    let title = tr.t("disclosure-schedules");
    crate::tabular::kinds_xlsx_response(&title, &headers, &kinds, &rows, &format!("{title}.xlsx"))
}

fn days(text: &str, field: &'static str) -> Result<i64, FieldError> {
    text.trim()
        .parse()
        .map_err(|_| FieldError::new("disclosure.days_invalid", field).arg("value", text.trim()))
}

/// Saves the district's rule of one category, or (without a category) the name rule.
async fn save_schedule(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, AppError> {
    let result = async {
        if form.category.is_empty() {
            let rule = NameRule::parse(&form.name_rule).ok_or_else(|| {
                FieldError::new("common.choice_invalid", "name_rule")
                    .arg("value", form.name_rule.clone())
            })?;
            schedules::set_name_rule(&state.db, &auth.actor, rule).await?;
            return Ok::<_, AppError>(());
        }
        let category = Category::parse(&form.category).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "category").arg("value", form.category.clone())
        })?;
        let cadence = Cadence::parse(&form.cadence).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "cadence").arg("value", form.cadence.clone())
        })?;
        let over = form.monthly_over_vouchers.trim();
        let monthly_over_vouchers = if over.is_empty() {
            None
        } else {
            Some(over.parse::<i64>().map_err(|_| {
                FieldError::new("disclosure.threshold_invalid", "monthly_over_vouchers")
                    .arg("value", over)
            })?)
        };
        let rule = Rule {
            category,
            cadence,
            monthly_over_vouchers,
            due_days: days(&form.due_days, "due_days")?,
            major_days: days(&form.major_days, "major_days")?,
            needs_approval: form.needs_approval.is_some(),
        };
        schedules::save(&state.db, &auth.actor, rule).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(go_to(&headers, crate::base::url::DISCLOSURE_SCHEDULES)),
        Err(e) => {
            let e = in_page(e)?;
            schedules_view(&state, &auth, &ctx, Some(form), Some(e)).await
        }
    }
}

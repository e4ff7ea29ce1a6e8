//! Plans (实施方案) with their leading group and targets, leaders' assignments (定点指导 /
//! 包联) with their history, compliance rules and meeting types, as pages and .xlsx exports.
//! The store decides who may write (plans, rules, types: the district administrator;
//! assignments: also town officers in their town); the pages only hide forms that would be
//! refused.

use super::board::{rule_description, type_name};
use super::problems::{name_of, regions_in_scope};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
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
use domain::FieldError;
use domain::identity::Role;
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::compliance::RuleKind;
use domain::mechanism::period::Every;
use domain::mechanism::plan::{MemberInput, Metric};
use domain::mechanism::{AssignmentInput, PlanInput, TargetInput};
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use store::mechanism::plans::{self, TargetView};
use store::mechanism::{
    AssignmentRecord, MeetingTypeRecord, MemberRecord, PlanRecord, RuleRecord, TargetRecord,
};
use store::region::RegionRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            crate::base::url::MECHANISM_PLANS,
            get(plan_list).post(plan_create),
        )
        .route(
            crate::base::url::MECHANISM_PLANS_EXPORT_XLSX,
            get(plan_export),
        )
        .route(crate::base::url::MECHANISM_PLANS_NEW, get(plan_new))
        .route(crate::base::url::MECHANISM_PLAN, get(plan_detail))
        .route(
            crate::base::url::MECHANISM_PLAN_EDIT,
            get(plan_edit).post(plan_save),
        )
        .route(crate::base::url::MECHANISM_PLAN_ARCHIVE, post(plan_archive))
        .route(crate::base::url::MECHANISM_PLAN_TARGETS, post(target_add))
        .route(
            crate::base::url::MECHANISM_PLAN_TARGETS_XLSX,
            get(target_export),
        )
        .route(
            crate::base::url::MECHANISM_PLAN_TARGET_EDIT,
            get(target_edit).post(target_save),
        )
        .route(
            crate::base::url::MECHANISM_PLAN_TARGET_ARCHIVE,
            post(target_archive),
        )
        .route(
            crate::base::url::MECHANISM_ASSIGNMENTS,
            get(assignment_list).post(assignment_create),
        )
        .route(
            crate::base::url::MECHANISM_ASSIGNMENTS_EXPORT_XLSX,
            get(assignment_export),
        )
        .route(
            crate::base::url::MECHANISM_ASSIGNMENT_END,
            post(assignment_end),
        )
        .route(
            crate::base::url::MECHANISM_RULES,
            get(rule_list).post(rule_create),
        )
        .route(
            crate::base::url::MECHANISM_RULES_EXPORT_XLSX,
            get(rule_export),
        )
        .route(
            crate::base::url::MECHANISM_RULE_EDIT,
            get(rule_edit).post(rule_save),
        )
        .route(crate::base::url::MECHANISM_RULE_ACTIVE, post(rule_active))
        .route(
            crate::base::url::MECHANISM_TYPES,
            get(type_list).post(type_add),
        )
        .route(
            crate::base::url::MECHANISM_TYPES_EXPORT_XLSX,
            get(type_export),
        )
        .route(crate::base::url::MECHANISM_TYPE, post(type_save))
        .route(crate::base::url::MECHANISM_TYPE_ACTIVE, post(type_active))
}

fn is_admin(auth: &Auth) -> bool {
    auth.role == Role::DistrictAdmin
}

fn yes_no(tr: &Tr, b: bool) -> String {
    tr.t(if b { "common-yes" } else { "common-no" })
}

/// The value of `key` in a form sent as pairs (forms with repeated fields).
fn field(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn fields<'a>(pairs: &'a [(String, String)], key: &'a str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Users in scope as (id, name), for choosing a person.
async fn users(state: &AppState, auth: &Auth) -> Result<Vec<(String, String)>, AppError> {
    let (users, _) =
        store::identity::list_users(&state.db, &auth.actor.scope, store::Page::all()).await?;
    Ok(users
        .into_iter()
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
        .collect())
}

// ------------------------------------------------------------------ plans

#[derive(Template)]
#[template(path = "mechanism/plan_list.html")]
struct PlanListPage {
    ctx: PageCtx,
    plans: Vec<(PlanRecord, String)>,
    can_write: bool,
}

async fn plan_rows(state: &AppState, auth: &Auth) -> Result<Vec<(PlanRecord, String)>, AppError> {
    let regions = regions_in_scope(state, auth).await?;
    Ok(plans::list(&state.db, &auth.actor.scope, false)
        .await?
        .into_iter()
        .map(|p| {
            let name = name_of(&regions, &p.region_code);
            (p, name)
        })
        .collect())
}

async fn plan_list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    crate::base::page::render(&PlanListPage {
        ctx: PageCtx::new(&ctx, "mechanism"),
        plans: plan_rows(&state, &auth).await?,
        can_write: is_admin(&auth),
    })
}

async fn plan_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "field-year",
        "field-title",
        "field-region_code",
        "field-region_name",
        "common-created",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = plan_rows(&state, &auth)
        .await?
        .into_iter()
        .map(|(p, name)| {
            vec![
                p.year.to_string(),
                p.title,
                p.region_code,
                name,
                crate::base::format::china_time(&p.created_at),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text, Time};
    tabular::kinds_xlsx_response(
        &tr.t("mp-plans-title"),
        &headers,
        &[Number, Text, Text, Text, Time],
        &rows,
        "plans.xlsx",
    )
}

/// The plan form as typed; members as parallel lists.
#[derive(Default, Clone)]
struct PlanForm {
    region_code: String,
    year: String,
    title: String,
    body: String,
    members: Vec<MemberInput>,
}

impl PlanForm {
    fn from_pairs(pairs: &[(String, String)]) -> PlanForm {
        let names: Vec<&str> = fields(pairs, "member_name").collect();
        let users: Vec<&str> = fields(pairs, "member_user_id").collect();
        let roles: Vec<&str> = fields(pairs, "member_role").collect();
        let members = (0..names.len().max(users.len()).max(roles.len()))
            .map(|i| MemberInput {
                name: names.get(i).unwrap_or(&"").to_string(),
                user_id: users.get(i).unwrap_or(&"").to_string(),
                role: roles.get(i).unwrap_or(&"").to_string(),
            })
            .collect();
        PlanForm {
            region_code: field(pairs, "region_code"),
            year: field(pairs, "year"),
            title: field(pairs, "title"),
            body: field(pairs, "body"),
            members,
        }
    }

    fn of(p: &PlanRecord, members: &[MemberRecord]) -> PlanForm {
        PlanForm {
            region_code: p.region_code.clone(),
            year: p.year.to_string(),
            title: p.title.clone(),
            body: p.body.clone(),
            members: members
                .iter()
                .map(|m| MemberInput {
                    name: m.name.clone(),
                    user_id: m.user_id.clone().unwrap_or_default(),
                    role: m.role.clone(),
                })
                .collect(),
        }
    }

    fn input(&self) -> PlanInput {
        PlanInput {
            region_code: self.region_code.clone(),
            year: self.year.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            members: self.members.clone(),
        }
    }

    /// The members typed plus empty rows to add more.
    fn rows(&self) -> Vec<MemberInput> {
        let mut rows = self.members.clone();
        rows.extend((0..3).map(|_| MemberInput::default()));
        rows
    }
}

#[derive(Template)]
#[template(path = "mechanism/plan_form.html")]
struct PlanFormPage {
    ctx: PageCtx,
    id: Option<String>,
    form: PlanForm,
    regions: Vec<RegionRecord>,
    users: Vec<(String, String)>,
    error: Option<String>,
}

async fn plan_form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: Option<String>,
    form: PlanForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let regions = regions_in_scope(state, auth)
        .await?
        .into_iter()
        .filter(|r| !r.archived && r.level != Level::Village.as_str())
        .collect();
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = PlanFormPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        id,
        form,
        regions,
        users: users(state, auth).await?,
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn plan_new(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    if !is_admin(&auth) {
        return Err(AppError::forbidden());
    }
    let form = PlanForm {
        region_code: auth.user.region_code.clone(),
        year: chrono::Datelike::year(&today()).to_string(),
        ..PlanForm::default()
    };
    plan_form_page(&state, &auth, &ctx, None, form, None).await
}

async fn plan_create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = PlanForm::from_pairs(&pairs);
    let result = async {
        let plan = form.input().validate()?;
        Ok::<_, AppError>(plans::create(&state.db, &auth.actor, &plan, &[]).await?)
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&crate::base::url::mechanism_plan(&p.id)).into_response()),
        Err(e) => plan_form_page(&state, &auth, &ctx, None, form, Some(in_page(e)?)).await,
    }
}

async fn plan_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<plans::PlanDetail, AppError> {
    plans::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

async fn plan_edit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(&state, &auth, &id).await?;
    let form = PlanForm::of(&d.plan, &d.members);
    plan_form_page(&state, &auth, &ctx, Some(id), form, None).await
}

async fn plan_save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(&state, &auth, &id).await?;
    let mut form = PlanForm::from_pairs(&pairs);
    // The region is fixed after creation.
    form.region_code = d.plan.region_code.clone();
    let result = async {
        let plan = form.input().validate()?;
        Ok::<_, AppError>(plans::update(&state.db, &auth.actor, &id, &plan).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::mechanism_plan(&id)).into_response()),
        Err(e) => plan_form_page(&state, &auth, &ctx, Some(id), form, Some(in_page(e)?)).await,
    }
}

async fn plan_archive(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    plan_in_scope(&state, &auth, &id).await?;
    plans::set_archived(&state.db, &auth.actor, &id, true).await?;
    Ok(Redirect::to(crate::base::url::MECHANISM_PLANS).into_response())
}

#[derive(Deserialize, Default, Clone)]
struct TargetForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metric: String,
    #[serde(default)]
    target_value: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    manual_value: String,
    #[serde(default)]
    evidence: String,
}

impl TargetForm {
    fn input(&self) -> TargetInput {
        TargetInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            metric: self.metric.clone(),
            target_value: self.target_value.clone(),
            unit: self.unit.clone(),
            manual_value: self.manual_value.clone(),
            evidence: self.evidence.clone(),
        }
    }

    fn of(t: &TargetRecord) -> TargetForm {
        TargetForm {
            name: t.name.clone(),
            kind: t.kind.clone(),
            metric: t.metric.clone().unwrap_or_default(),
            target_value: t.target_value.to_string(),
            unit: t.unit.clone(),
            manual_value: t.manual_value.map(|v| v.to_string()).unwrap_or_default(),
            evidence: t.evidence.clone(),
        }
    }
}

fn metrics() -> Vec<&'static str> {
    Metric::ALL.iter().map(|m| m.as_str()).collect()
}

#[derive(Template)]
#[template(path = "mechanism/plan_detail.html")]
struct PlanPage {
    ctx: PageCtx,
    plan: PlanRecord,
    region_name: String,
    members: Vec<MemberRecord>,
    targets: Vec<TargetView>,
    can_write: bool,
    form: TargetForm,
    error: Option<String>,
}

impl PlanPage {
    fn metric(&self, m: &str) -> String {
        self.ctx.t(&format!("metric-{m}"))
    }
    fn metric_of(&self, t: &TargetRecord) -> String {
        match &t.metric {
            Some(m) if t.kind == "metric" => self.metric(m),
            _ => self.ctx.t("mp-target-kind-manual"),
        }
    }
    fn metrics(&self) -> Vec<&'static str> {
        metrics()
    }
}

async fn plan_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    form: TargetForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(state, auth, id).await?;
    let targets = plans::progress(&state.db, &auth.actor.scope, id)
        .await?
        .unwrap_or_default();
    let regions = regions_in_scope(state, auth).await?;
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = PlanPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        region_name: name_of(&regions, &d.plan.region_code),
        plan: d.plan,
        members: d.members,
        targets,
        can_write: is_admin(auth),
        form,
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn plan_detail(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let form = TargetForm {
        kind: "metric".into(),
        ..TargetForm::default()
    };
    plan_page(&state, &auth, &ctx, &id, form, None).await
}

async fn target_add(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TargetForm>,
) -> Result<Response, AppError> {
    plan_in_scope(&state, &auth, &id).await?;
    let result = async {
        let t = form.input().validate()?;
        Ok::<_, AppError>(plans::add_target(&state.db, &auth.actor, &id, &t).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::mechanism_plan(&id)).into_response()),
        Err(e) => plan_page(&state, &auth, &ctx, &id, form, Some(in_page(e)?)).await,
    }
}

async fn target_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    plan_in_scope(&state, &auth, &id).await?;
    let targets = plans::progress(&state.db, &auth.actor.scope, &id)
        .await?
        .unwrap_or_default();
    let headers: Vec<String> = [
        "field-name",
        "field-metric",
        "field-target_value",
        "mp-col-actual_value",
        "field-unit",
        "mp-col-reached",
        "field-evidence",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = targets
        .into_iter()
        .map(|v| {
            let t = v.target;
            let metric = match &t.metric {
                Some(m) if t.kind == "metric" => tr.t(&format!("metric-{m}")),
                _ => tr.t("mp-target-kind-manual"),
            };
            vec![
                t.name,
                metric,
                v.progress.target.to_string(),
                if v.progress.available {
                    v.progress.actual.to_string()
                } else {
                    String::new()
                },
                t.unit,
                yes_no(tr, v.progress.done),
                t.evidence,
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("mp-targets"),
        &headers,
        &[Text, Text, Number, Number],
        &rows,
        "targets.xlsx",
    )
}

#[derive(Template)]
#[template(path = "mechanism/plan_target_form.html")]
struct TargetFormPage {
    ctx: PageCtx,
    plan: PlanRecord,
    target_id: String,
    form: TargetForm,
    error: Option<String>,
}

impl TargetFormPage {
    fn metric(&self, m: &str) -> String {
        self.ctx.t(&format!("metric-{m}"))
    }
    fn metrics(&self) -> Vec<&'static str> {
        metrics()
    }
}

async fn target_edit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, target)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(&state, &auth, &id).await?;
    let t = d
        .targets
        .iter()
        .find(|t| t.id == target)
        .ok_or_else(AppError::not_found)?;
    crate::base::page::render(&TargetFormPage {
        ctx: PageCtx::new(&ctx, "mechanism"),
        form: TargetForm::of(t),
        plan: d.plan,
        target_id: target,
        error: None,
    })
}

async fn target_save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, target)): Path<(String, String)>,
    Form(form): Form<TargetForm>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(&state, &auth, &id).await?;
    if !d.targets.iter().any(|t| t.id == target) {
        return Err(AppError::not_found());
    }
    let result = async {
        let t = form.input().validate()?;
        Ok::<_, AppError>(plans::update_target(&state.db, &auth.actor, &target, &t).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::mechanism_plan(&id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let page = TargetFormPage {
                ctx: PageCtx::new(&ctx, "mechanism"),
                plan: d.plan,
                target_id: target,
                form,
                error: Some(e.message(&ctx.tr)),
            };
            render_status(&page, e.status)
        }
    }
}

async fn target_archive(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path((id, target)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let d = plan_in_scope(&state, &auth, &id).await?;
    if !d.targets.iter().any(|t| t.id == target) {
        return Err(AppError::not_found());
    }
    plans::set_target_archived(&state.db, &auth.actor, &target, true).await?;
    Ok(Redirect::to(&crate::base::url::mechanism_plan(&id)).into_response())
}

// ------------------------------------------------------------------ assignments

#[derive(Deserialize, Default, Clone)]
struct AssignmentQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    active_on: String,
}

impl AssignmentQuery {
    fn filter(&self) -> Result<store::mechanism::assignments::Filter, FieldError> {
        let region = match self.region.trim() {
            "" => None,
            r => Some(RegionCode::parse(r).map_err(|e| FieldError {
                field: "region_code",
                ..e
            })?),
        };
        let kind = match self.kind.trim() {
            "" => None,
            k => Some(AssignmentKind::parse(k)?),
        };
        let active_on =
            match self.active_on.trim() {
                "" => None,
                d => Some(domain::time::parse_date(d).ok_or_else(|| {
                    FieldError::new("common.date_invalid", "date").arg("value", d)
                })?),
            };
        Ok(store::mechanism::assignments::Filter {
            region,
            kind,
            active_on,
            ..Default::default()
        })
    }

    fn to_query(&self) -> String {
        let enc = crate::base::url::encode;
        format!(
            "region={}&kind={}&active_on={}",
            enc(&self.region),
            enc(&self.kind),
            enc(&self.active_on)
        )
    }
}

#[derive(Deserialize, Default, Clone)]
struct AssignmentForm {
    #[serde(default)]
    leader_user_id: String,
    #[serde(default)]
    leader_name: String,
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    note: String,
}

pub struct AssignmentRow {
    pub a: AssignmentRecord,
    pub region_name: String,
    /// Active today.
    pub active: bool,
}

#[derive(Template)]
#[template(path = "mechanism/assignment_list.html")]
struct AssignmentPage {
    ctx: PageCtx,
    rows: Vec<AssignmentRow>,
    q: AssignmentQuery,
    query: String,
    regions: Vec<RegionRecord>,
    users: Vec<(String, String)>,
    can_write: bool,
    form: AssignmentForm,
    today: String,
    error: Option<String>,
}

impl AssignmentPage {
    fn kind(&self, k: &str) -> String {
        self.ctx.t(&format!("mp-kind-{k}"))
    }
    fn kinds(&self) -> Vec<&'static str> {
        AssignmentKind::ALL.iter().map(|k| k.as_str()).collect()
    }
}

async fn assignment_rows(
    state: &AppState,
    auth: &Auth,
    q: &AssignmentQuery,
    regions: &[RegionRecord],
) -> Result<Vec<AssignmentRow>, AppError> {
    let filter = q.filter()?;
    let today = today().to_string();
    Ok(
        store::mechanism::assignments::list(&state.db, &auth.actor.scope, &filter)
            .await?
            .into_iter()
            .map(|a| AssignmentRow {
                region_name: name_of(regions, &a.region_code),
                active: a.starts_on <= today && a.ends_on.as_ref().is_none_or(|e| *e >= today),
                a,
            })
            .collect(),
    )
}

async fn assignment_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    q: AssignmentQuery,
    form: AssignmentForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let regions = regions_in_scope(state, auth).await?;
    let (rows, error) = match (assignment_rows(state, auth, &q, &regions).await, error) {
        (Ok(rows), e) => (rows, e),
        (Err(e), _) => (Vec::new(), Some(in_page(e)?)),
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = AssignmentPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        rows,
        query: q.to_query(),
        q,
        regions: regions
            .into_iter()
            .filter(|r| !r.archived && r.level != Level::District.as_str())
            .collect(),
        users: users(state, auth).await?,
        can_write: matches!(auth.role, Role::DistrictAdmin | Role::TownOfficer),
        form,
        today: today().to_string(),
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn assignment_list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AssignmentQuery>,
) -> Result<Response, AppError> {
    let form = AssignmentForm {
        kind: "guide".into(),
        starts_on: today().to_string(),
        ..AssignmentForm::default()
    };
    assignment_page(&state, &auth, &ctx, q, form, None).await
}

async fn assignment_create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<AssignmentForm>,
) -> Result<Response, AppError> {
    let result = async {
        let a = AssignmentInput {
            leader_user_id: form.leader_user_id.clone(),
            leader_name: form.leader_name.clone(),
            region_code: form.region_code.clone(),
            kind: form.kind.clone(),
            starts_on: form.starts_on.clone(),
            ends_on: form.ends_on.clone(),
            note: form.note.clone(),
        }
        .validate()?;
        Ok::<_, AppError>(store::mechanism::assignments::create(&state.db, &auth.actor, &a).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_ASSIGNMENTS).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            assignment_page(
                &state,
                &auth,
                &ctx,
                AssignmentQuery::default(),
                form,
                Some(e),
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
struct EndForm {
    #[serde(default)]
    ends_on: String,
}

async fn assignment_end(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<EndForm>,
) -> Result<Response, AppError> {
    store::mechanism::assignments::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let result = async {
        let t = form.ends_on.trim();
        if t.is_empty() {
            return Err(FieldError::new("common.required", "ends_on").into());
        }
        let day = domain::time::parse_date(t)
            .ok_or_else(|| FieldError::new("common.date_invalid", "ends_on").arg("value", t))?;
        Ok::<_, AppError>(
            store::mechanism::assignments::end(&state.db, &auth.actor, &id, day).await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_ASSIGNMENTS).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let form = AssignmentForm {
                kind: "guide".into(),
                ..AssignmentForm::default()
            };
            assignment_page(
                &state,
                &auth,
                &ctx,
                AssignmentQuery::default(),
                form,
                Some(e),
            )
            .await
        }
    }
}

async fn assignment_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AssignmentQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let regions = regions_in_scope(&state, &auth).await?;
    let rows = assignment_rows(&state, &auth, &q, &regions).await?;
    let headers: Vec<String> = [
        "field-leader_name",
        "field-region_code",
        "field-region_name",
        "field-kind",
        "field-starts_on",
        "field-ends_on",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.a.leader_name,
                r.a.region_code,
                r.region_name,
                tr.t(&format!("mp-kind-{}", r.a.kind)),
                r.a.starts_on,
                r.a.ends_on.unwrap_or_default(),
                r.a.note,
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Date, Text};
    tabular::kinds_xlsx_response(
        &tr.t("mp-assignments-title"),
        &headers,
        &[Text, Text, Text, Text, Date, Date],
        &rows,
        "assignments.xlsx",
    )
}

// ------------------------------------------------------------------ rules

#[derive(Deserialize, Default, Clone)]
struct RuleForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    assignment_kind: String,
    #[serde(default)]
    meeting_type: String,
    #[serde(default)]
    at_least: String,
    #[serde(default)]
    every: String,
}

impl RuleForm {
    fn rule_kind(&self) -> Result<RuleKind, FieldError> {
        let every = Every::parse(&self.every)?;
        let at_least = || -> Result<u32, FieldError> {
            let t = self.at_least.trim();
            t.parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    FieldError::new("mechanism.number_invalid", "at_least")
                        .arg("value", t)
                        .arg("min", "1")
                        .arg("max", "1000")
                })
        };
        match self.kind.trim() {
            "per_assignment" => Ok(RuleKind::PerAssignment {
                assignment_kind: AssignmentKind::parse(&self.assignment_kind)?,
                meeting_type: self.meeting_type.trim().to_string(),
                at_least: at_least()?,
                every,
            }),
            "per_village" => Ok(RuleKind::PerVillage {
                meeting_type: self.meeting_type.trim().to_string(),
                at_least: at_least()?,
                every,
            }),
            "problems_on_time" => Ok(RuleKind::ProblemsOnTime { every }),
            "disclosures_on_time" => Ok(RuleKind::DisclosuresOnTime { every }),
            t => Err(FieldError::new("common.choice_invalid", "kind").arg("value", t)),
        }
    }

    fn of(r: &RuleRecord) -> RuleForm {
        let mut form = RuleForm {
            name: r.name.clone(),
            kind: r.kind.clone(),
            at_least: "1".into(),
            ..RuleForm::default()
        };
        match r.kind() {
            Some(RuleKind::PerAssignment {
                assignment_kind,
                meeting_type,
                at_least,
                every,
            }) => {
                form.assignment_kind = assignment_kind.as_str().into();
                form.meeting_type = meeting_type;
                form.at_least = at_least.to_string();
                form.every = every.as_str().into();
            }
            Some(RuleKind::PerVillage {
                meeting_type,
                at_least,
                every,
            }) => {
                form.meeting_type = meeting_type;
                form.at_least = at_least.to_string();
                form.every = every.as_str().into();
            }
            Some(RuleKind::ProblemsOnTime { every } | RuleKind::DisclosuresOnTime { every }) => {
                form.every = every.as_str().into()
            }
            None => {}
        }
        form
    }
}

pub struct RuleRow {
    pub rule: RuleRecord,
    pub description: String,
}

#[derive(Template)]
#[template(path = "mechanism/rule_list.html")]
struct RulePage {
    ctx: PageCtx,
    rows: Vec<RuleRow>,
    /// The rule being edited; none on the list (the form adds a rule).
    editing: Option<RuleRecord>,
    types: Vec<MeetingTypeRecord>,
    can_write: bool,
    form: RuleForm,
    error: Option<String>,
}

impl RulePage {
    fn type_name(&self, code: &str) -> String {
        type_name(&self.ctx.tr, &self.types, code)
    }
    fn rule_kinds(&self) -> Vec<&'static str> {
        vec![
            "per_assignment",
            "per_village",
            "problems_on_time",
            "disclosures_on_time",
        ]
    }
    fn kinds(&self) -> Vec<&'static str> {
        AssignmentKind::ALL.iter().map(|k| k.as_str()).collect()
    }
    fn everies(&self) -> Vec<&'static str> {
        Every::ALL.iter().map(|e| e.as_str()).collect()
    }
}

async fn rule_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    editing: Option<RuleRecord>,
    form: RuleForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let types = store::mechanism::meetings::types(&state.db, true).await?;
    let rows = store::mechanism::rules::list(&state.db, true)
        .await?
        .into_iter()
        .map(|rule| RuleRow {
            description: rule_description(&ctx.tr, &types, &rule),
            rule,
        })
        .collect();
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = RulePage {
        ctx: PageCtx::new(ctx, "mechanism"),
        rows,
        editing,
        types,
        can_write: is_admin(auth),
        form,
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn rule_list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let form = RuleForm {
        kind: "per_village".into(),
        assignment_kind: "guide".into(),
        at_least: "1".into(),
        every: "month".into(),
        ..RuleForm::default()
    };
    rule_page(&state, &auth, &ctx, None, form, None).await
}

async fn rule_create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    let result = async {
        let kind = form.rule_kind()?;
        Ok::<_, AppError>(
            store::mechanism::rules::create(&state.db, &auth.actor, &form.name, &kind).await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_RULES).into_response()),
        Err(e) => rule_page(&state, &auth, &ctx, None, form, Some(in_page(e)?)).await,
    }
}

async fn rule_by_id(state: &AppState, id: &str) -> Result<RuleRecord, AppError> {
    store::mechanism::rules::list(&state.db, true)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(AppError::not_found)
}

async fn rule_edit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let rule = rule_by_id(&state, &id).await?;
    let form = RuleForm::of(&rule);
    rule_page(&state, &auth, &ctx, Some(rule), form, None).await
}

async fn rule_save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RuleForm>,
) -> Result<Response, AppError> {
    let rule = rule_by_id(&state, &id).await?;
    let result = async {
        let kind = form.rule_kind()?;
        Ok::<_, AppError>(
            store::mechanism::rules::update(&state.db, &auth.actor, &id, &form.name, &kind).await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_RULES).into_response()),
        Err(e) => rule_page(&state, &auth, &ctx, Some(rule), form, Some(in_page(e)?)).await,
    }
}

#[derive(Deserialize, Default)]
struct ActiveForm {
    #[serde(default)]
    active: String,
}

impl ActiveForm {
    fn active(&self) -> bool {
        matches!(self.active.trim(), "1" | "true" | "on")
    }
}

async fn rule_active(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    rule_by_id(&state, &id).await?;
    store::mechanism::rules::set_active(&state.db, &auth.actor, &id, form.active()).await?;
    Ok(Redirect::to(crate::base::url::MECHANISM_RULES).into_response())
}

async fn rule_export(
    State(state): State<AppState>,
    SignedIn(_auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let types = store::mechanism::meetings::types(&state.db, true).await?;
    let headers: Vec<String> = ["field-name", "mp-col-rule", "field-active"]
        .iter()
        .map(|k| tr.t(k))
        .collect();
    let rows: Vec<Vec<String>> = store::mechanism::rules::list(&state.db, true)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.name.clone(),
                rule_description(tr, &types, &r),
                yes_no(tr, r.active),
            ]
        })
        .collect();
    tabular::xlsx_response(&tr.t("mp-rules-title"), &headers, &rows, "rules.xlsx")
}

// ------------------------------------------------------------------ meeting types

#[derive(Deserialize, Default, Clone)]
struct TypeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
}

#[derive(Template)]
#[template(path = "mechanism/type_list.html")]
struct TypePage {
    ctx: PageCtx,
    types: Vec<MeetingTypeRecord>,
    can_write: bool,
    form: TypeForm,
    error: Option<String>,
}

async fn type_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: TypeForm,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = TypePage {
        ctx: PageCtx::new(ctx, "mechanism"),
        types: store::mechanism::meetings::types(&state.db, true).await?,
        can_write: is_admin(auth),
        form,
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn type_list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    type_page(&state, &auth, &ctx, TypeForm::default(), None).await
}

async fn type_add(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<TypeForm>,
) -> Result<Response, AppError> {
    let result = store::mechanism::meetings::add_type(
        &state.db,
        &auth.actor,
        &form.code,
        &form.name_zh,
        &form.name_en,
    )
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_TYPES).into_response()),
        Err(e) => type_page(&state, &auth, &ctx, form, Some(in_page(e.into())?)).await,
    }
}

async fn type_by_code(state: &AppState, code: &str) -> Result<MeetingTypeRecord, AppError> {
    store::mechanism::meetings::types(&state.db, true)
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or_else(AppError::not_found)
}

async fn type_save(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    Form(form): Form<TypeForm>,
) -> Result<Response, AppError> {
    let t = type_by_code(&state, &code).await?;
    let result = store::mechanism::meetings::update_type(
        &state.db,
        &auth.actor,
        &code,
        &form.name_zh,
        &form.name_en,
        t.active,
    )
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(crate::base::url::MECHANISM_TYPES).into_response()),
        Err(e) => {
            type_page(
                &state,
                &auth,
                &ctx,
                TypeForm::default(),
                Some(in_page(e.into())?),
            )
            .await
        }
    }
}

async fn type_active(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(code): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    type_by_code(&state, &code).await?;
    store::mechanism::meetings::set_type_active(&state.db, &auth.actor, &code, form.active())
        .await?;
    Ok(Redirect::to(crate::base::url::MECHANISM_TYPES).into_response())
}

async fn type_export(
    State(state): State<AppState>,
    SignedIn(_auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "mp-col-code",
        "field-name_zh",
        "field-name_en",
        "field-active",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = store::mechanism::meetings::types(&state.db, true)
        .await?
        .into_iter()
        .map(|t| vec![t.code, t.name_zh, t.name_en, yes_no(tr, t.active)])
        .collect();
    tabular::xlsx_response(
        &tr.t("mp-types-title"),
        &headers,
        &rows,
        "meeting-types.xlsx",
    )
}

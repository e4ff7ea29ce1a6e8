//! The problem list (问题清单) on the web: the filtered, paged list with overdue flags and
//! rolled-up progress, its .xlsx export, direct entry, and one problem with its source,
//! history, children and the workflow as forms (办理, 办结, 销号, 退回, progress, archive).

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{in_page, render_status};
use crate::base::params::filter_choice;
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
use domain::mechanism::ProblemInput;
use domain::mechanism::problem::{ProblemState, SourceKind, Transition};
use domain::region::RegionCode;
use serde::Deserialize;
use store::mechanism::problems::{self, EventRecord, Filter, ProblemDetail};
use store::mechanism::{ProblemRecord, ProblemView};
use store::region::RegionRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::MECHANISM_PROBLEMS, get(list).post(create))
        .route(
            crate::base::url::MECHANISM_PROBLEMS_EXPORT_XLSX,
            get(export),
        )
        .route(crate::base::url::MECHANISM_PROBLEMS_NEW, get(new_form))
        .route(crate::base::url::MECHANISM_PROBLEM, get(detail))
        .route(
            crate::base::url::MECHANISM_PROBLEM_EDIT,
            get(edit_form).post(save_edit),
        )
        .route(crate::base::url::MECHANISM_PROBLEM_START, post(start))
        .route(crate::base::url::MECHANISM_PROBLEM_FINISH, post(finish))
        .route(crate::base::url::MECHANISM_PROBLEM_CLOSE, post(close))
        .route(
            crate::base::url::MECHANISM_PROBLEM_SEND_BACK,
            post(send_back),
        )
        .route(crate::base::url::MECHANISM_PROBLEM_PROGRESS, post(progress))
        .route(crate::base::url::MECHANISM_PROBLEM_ARCHIVE, post(archive))
}

const PAGE_SIZE: i64 = 50;

/// The translated label of a problem state (待办 / 办理中 / 已办结 / 已销号).
pub fn state_label(tr: &Tr, state: &str) -> String {
    tr.t(&format!("mp-state-{state}"))
}

/// The translated label of where a problem comes from.
pub fn source_label(tr: &Tr, kind: &str) -> String {
    tr.t(&format!("mp-source-{kind}"))
}

/// The page of the record a problem comes from (a meeting or a visit).
pub fn source_href(p: &ProblemRecord) -> Option<String> {
    let id = p.source_id.as_deref()?;
    match p.source_kind.as_str() {
        "meeting" => Some(crate::base::url::mechanism_meeting(id)),
        "visit" => Some(crate::base::url::mechanism_visit(id)),
        _ => None,
    }
}

/// Region names in scope, by code.
pub(crate) async fn regions_in_scope(
    state: &AppState,
    auth: &Auth,
) -> Result<Vec<RegionRecord>, AppError> {
    Ok(store::region::all(&state.db, &auth.actor.scope).await?)
}

pub(crate) fn name_of(regions: &[RegionRecord], code: &str) -> String {
    regions
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

// ------------------------------------------------------------------ list

#[derive(Deserialize, Default, Clone)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let region = match self.region.trim() {
            "" => None,
            r => Some(RegionCode::parse(r).map_err(|e| FieldError {
                field: "region_code",
                ..e
            })?),
        };
        let state = filter_choice(&self.state, "state", ProblemState::parse)?;
        let source_kind = filter_choice(&self.source, "source", SourceKind::parse)?;
        Ok(Filter {
            region,
            state,
            overdue_only: !self.overdue.is_empty(),
            owner_user_id: Some(self.owner.trim().to_string()).filter(|o| !o.is_empty()),
            source_kind,
            query: self.q.clone(),
            ..Filter::default()
        })
    }

    /// The query string without the page, for the pager and the export link.
    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("region", &self.region),
            ("state", &self.state),
            ("overdue", &self.overdue),
            ("owner", &self.owner),
            ("source", &self.source),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::base::url::encode(v)));
            }
        }
        parts.join("&")
    }
}

pub struct Row {
    pub view: ProblemView,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "mechanism/problem_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    q: ListQuery,
    regions: Vec<RegionRecord>,
    owners: Vec<(String, String)>,
    error: Option<String>,
}

impl ListPage {
    fn state(&self, s: &str) -> String {
        state_label(&self.ctx.tr, s)
    }
    fn source(&self, s: &str) -> String {
        source_label(&self.ctx.tr, s)
    }
    fn states(&self) -> Vec<&'static str> {
        ProblemState::ALL.iter().map(|s| s.as_str()).collect()
    }
    fn sources(&self) -> Vec<&'static str> {
        SourceKind::ALL.iter().map(|s| s.as_str()).collect()
    }
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let regions = regions_in_scope(&state, &auth).await?;
    let owners = crate::base::regions::user_choices(&state, &auth.actor.scope).await?;
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, error) = match q.filter() {
        Ok(filter) => {
            let (views, total) = problems::list(
                &state.db,
                &auth.actor.scope,
                &filter,
                today(),
                store::Page::new(page, PAGE_SIZE),
            )
            .await?;
            (views, total, None)
        }
        Err(e) => (Vec::new(), 0, Some(ctx.tr.field_error(&e))),
    };
    let rows = rows
        .into_iter()
        .map(|view| Row {
            region_name: name_of(&regions, &view.problem.region_code),
            view,
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page_view = ListPage {
        ctx: PageCtx::new(&ctx, "mechanism"),
        rows,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        query: q.to_query(),
        q,
        regions,
        owners,
        error,
    };
    render_status(&page_view, status)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let filter = q.filter()?;
    let regions = regions_in_scope(&state, &auth).await?;
    let (views, _) = problems::list(
        &state.db,
        &auth.actor.scope,
        &filter,
        today(),
        store::Page::all(),
    )
    .await?;
    let headers: Vec<String> = [
        "field-region_code",
        "field-region_name",
        "field-title",
        "field-owner_name",
        "field-deadline",
        "field-state",
        "mp-col-overdue",
        "field-progress",
        "mp-col-source",
        "field-result",
        "field-evidence",
        "mp-col-done_at",
        "mp-col-closed_at",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = views
        .into_iter()
        .map(|v| {
            let p = v.problem;
            let region_name = name_of(&regions, &p.region_code);
            vec![
                p.region_code,
                region_name,
                p.title,
                p.owner_name,
                p.deadline,
                state_label(tr, &p.state),
                if v.overdue {
                    tr.t("common-yes")
                } else {
                    tr.t("common-no")
                },
                v.progress.to_string(),
                source_label(tr, &p.source_kind),
                p.result,
                p.evidence,
                p.done_at.unwrap_or_default(),
                p.closed_at.unwrap_or_default(),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Date, Number, Text};
    let kinds = [
        Text, Text, Text, Text, Date, Text, Text, Number, Text, Text, Text, Date, Date,
    ];
    tabular::kinds_xlsx_response(
        &tr.t("mp-problems-title"),
        &headers,
        &kinds,
        &rows,
        "problems.xlsx",
    )
}

// ------------------------------------------------------------------ entry and edit

#[derive(Deserialize, Default, Clone)]
struct ProblemForm {
    #[serde(default)]
    region_code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_user_id: String,
    #[serde(default)]
    owner_name: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    weight: String,
}

impl ProblemForm {
    fn input(&self) -> ProblemInput {
        ProblemInput {
            region_code: self.region_code.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            owner_user_id: self.owner_user_id.clone(),
            owner_name: self.owner_name.clone(),
            deadline: self.deadline.clone(),
            parent_id: self.parent_id.clone(),
            weight: self.weight.clone(),
        }
    }

    fn of(p: &ProblemRecord) -> ProblemForm {
        ProblemForm {
            region_code: p.region_code.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            owner_user_id: p.owner_user_id.clone().unwrap_or_default(),
            owner_name: p.owner_name.clone(),
            deadline: p.deadline.clone(),
            parent_id: p.parent_id.clone().unwrap_or_default(),
            weight: p.weight.to_string(),
        }
    }
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    parent: String,
}

#[derive(Template)]
#[template(path = "mechanism/problem_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// The problem being edited; none for a new one.
    id: Option<String>,
    form: ProblemForm,
    regions: Vec<RegionRecord>,
    owners: Vec<(String, String)>,
    error: Option<String>,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: Option<String>,
    form: ProblemForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let regions = regions_in_scope(state, auth)
        .await?
        .into_iter()
        .filter(|r| !r.archived)
        .collect();
    let page = FormPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        id,
        form,
        regions,
        owners: crate::base::regions::user_choices(state, &auth.actor.scope).await?,
        error,
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let mut form = ProblemForm {
        region_code: auth.user.region_code.clone(),
        weight: "1".into(),
        ..ProblemForm::default()
    };
    if !q.parent.is_empty() {
        // A child starts in its parent's region.
        let parent = problems::get(&state.db, &auth.actor.scope, &q.parent, today())
            .await?
            .ok_or_else(AppError::not_found)?;
        form.region_code = parent.view.problem.region_code.clone();
        form.parent_id = q.parent.clone();
    }
    form_page(&state, &auth, &ctx, None, form, None, StatusCode::OK).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<ProblemForm>,
) -> Result<Response, AppError> {
    let result = async {
        let p = form.input().validate(None)?;
        Ok::<_, AppError>(problems::create(&state.db, &auth.actor, &p).await?)
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&crate::base::url::mechanism_problem(&p.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let message = e.message(&ctx.tr);
            form_page(&state, &auth, &ctx, None, form, Some(message), e.status).await
        }
    }
}

async fn in_scope(state: &AppState, auth: &Auth, id: &str) -> Result<ProblemDetail, AppError> {
    problems::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let d = in_scope(&state, &auth, &id).await?;
    let form = ProblemForm::of(&d.view.problem);
    form_page(&state, &auth, &ctx, Some(id), form, None, StatusCode::OK).await
}

async fn save_edit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ProblemForm>,
) -> Result<Response, AppError> {
    let d = in_scope(&state, &auth, &id).await?;
    let result = async {
        // The region is fixed after creation.
        let mut form = form.clone();
        form.region_code = d.view.problem.region_code.clone();
        let p = form.input().validate(None)?;
        Ok::<_, AppError>(problems::update(&state.db, &auth.actor, &id, &p).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::mechanism_problem(&id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let message = e.message(&ctx.tr);
            form_page(&state, &auth, &ctx, Some(id), form, Some(message), e.status).await
        }
    }
}

// ------------------------------------------------------------------ one problem

#[derive(Deserialize, Default, Clone)]
struct ActionForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    progress: String,
}

#[derive(Template)]
#[template(path = "mechanism/problem_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    p: ProblemRecord,
    overdue: bool,
    progress: i32,
    region_name: String,
    parent: Option<ProblemRecord>,
    events: Vec<EventRecord>,
    children: Vec<Row>,
    /// The workflow form that failed, with what was typed, and its error.
    form: ActionForm,
    action: String,
    error: Option<String>,
}

impl DetailPage {
    fn state(&self, s: &str) -> String {
        state_label(&self.ctx.tr, s)
    }
    fn source(&self) -> String {
        source_label(&self.ctx.tr, &self.p.source_kind)
    }
    fn source_href(&self) -> Option<String> {
        source_href(&self.p)
    }
    fn is(&self, s: &str) -> bool {
        self.p.state == s
    }
    fn error_for(&self, action: &str) -> Option<&String> {
        self.error.as_ref().filter(|_| self.action == action)
    }
    fn general_error(&self) -> Option<&String> {
        self.error
            .as_ref()
            .filter(|_| !matches!(self.action.as_str(), "finish" | "send_back" | "progress"))
    }
    fn event_note(&self, e: &EventRecord) -> String {
        let to = self.state(&e.to_state);
        match &e.from_state {
            Some(from) => format!("{} → {to}", self.state(from)),
            None => to,
        }
    }
}

/// A workflow step that failed: which form, what was typed, why.
struct Failed {
    action: &'static str,
    form: ActionForm,
    error: AppError,
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let (action, form, error, status) = match failed {
        Some(f) => (
            f.action,
            f.form,
            Some(f.error.message(&ctx.tr)),
            f.error.status,
        ),
        None => ("", ActionForm::default(), None, StatusCode::OK),
    };
    let d = in_scope(state, auth, id).await?;
    let regions = regions_in_scope(state, auth).await?;
    let parent = match &d.view.problem.parent_id {
        Some(pid) => problems::get(&state.db, &auth.actor.scope, pid, today())
            .await?
            .map(|p| p.view.problem),
        None => None,
    };
    let children = d
        .children
        .into_iter()
        .map(|view| Row {
            region_name: name_of(&regions, &view.problem.region_code),
            view,
        })
        .collect();
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        region_name: name_of(&regions, &d.view.problem.region_code),
        overdue: d.view.overdue,
        progress: d.view.progress,
        p: d.view.problem,
        parent,
        events: d.events,
        children,
        form,
        action: action.to_string(),
        error,
    };
    render_status(&page, status)
}

async fn detail(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None).await
}

/// Runs one workflow step: back to the problem on success, the problem with the error in
/// place (and what was typed) on bad input or a refused step.
async fn act(
    state: AppState,
    auth: Auth,
    ctx: RequestCtx,
    id: String,
    action: &'static str,
    form: ActionForm,
) -> Result<Response, AppError> {
    // Out of scope is 404 before anything else.
    in_scope(&state, &auth, &id).await?;
    let db = &state.db;
    let actor = &auth.actor;
    let result: Result<(), AppError> = async {
        match action {
            "start" => {
                problems::transition(db, actor, &id, &Transition::Start, today()).await?;
            }
            "finish" => {
                let t = Transition::Finish {
                    result: form.result.clone(),
                    evidence: form.evidence.clone(),
                };
                problems::transition(db, actor, &id, &t, today()).await?;
            }
            "close" => {
                problems::transition(db, actor, &id, &Transition::Close, today()).await?;
            }
            "send_back" => {
                let t = Transition::SendBack {
                    reason: form.reason.clone(),
                };
                problems::transition(db, actor, &id, &t, today()).await?;
            }
            "progress" => {
                let value = form.progress.trim().parse::<i32>().map_err(|_| {
                    FieldError::new("mechanism.number_invalid", "progress")
                        .arg("value", form.progress.trim())
                        .arg("min", "0")
                        .arg("max", "100")
                })?;
                problems::set_progress(db, actor, &id, value).await?;
            }
            _ => {
                problems::set_archived(db, actor, &id, true).await?;
            }
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) if action == "archive" => {
            Ok(Redirect::to(crate::base::url::MECHANISM_PROBLEMS).into_response())
        }
        Ok(()) => Ok(Redirect::to(&crate::base::url::mechanism_problem(&id)).into_response()),
        Err(e) => {
            let failed = Failed {
                action,
                form,
                error: in_page(e)?,
            };
            detail_page(&state, &auth, &ctx, &id, Some(failed)).await
        }
    }
}

async fn start(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "start", form).await
}

async fn finish(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "finish", form).await
}

async fn close(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "close", form).await
}

async fn send_back(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "send_back", form).await
}

async fn progress(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "progress", form).await
}

async fn archive(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, "archive", form).await
}

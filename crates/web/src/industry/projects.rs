//! Projects on the web: the list in scope and its .xlsx export, the entry form, and one
//! project with its status workflow, funding sources, budget lines (budget, approved extra,
//! committed and spent per line, with approval and disbursement forms), milestones and the
//! project's documents (项目文件: plan, approvals; uploaded, downloaded, archived).

use super::{project_in_scope, status_label};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{today, yuan};
use crate::base::page::{in_page, render_status};
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::mechanism::problems::{name_of, regions_in_scope};
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::industry::document::{self, DocumentInput};
use domain::industry::project::{FundingSource, Status, decided_on};
use domain::industry::{
    ApprovalInput, BudgetLineInput, DisbursementInput, FundingInput, MilestoneInput, ProjectInput,
};
use serde::Deserialize;
use store::industry::documents::{self, DocumentMeta};
use store::industry::funds::{self, LineStatus};
use store::industry::projects;
use store::industry::{EventRecord, FundingRecord, MilestoneRecord, ProjectRecord};
use store::ledger::books::OrgRecord;
use store::region::RegionRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::INDUSTRY, get(list))
        .route(
            crate::base::url::INDUSTRY_EXPORT_XLSX,
            get(|state, signed| export(state, signed, usecase::tabular::Format::Xlsx)),
        )
        .route(
            crate::base::url::INDUSTRY_EXPORT_CSV,
            get(|state, signed| export(state, signed, usecase::tabular::Format::Csv)),
        )
        .route(crate::base::url::INDUSTRY_PROJECTS, post(create))
        .route(crate::base::url::INDUSTRY_PROJECTS_NEW, get(new_form))
        .route(crate::base::url::INDUSTRY_PROJECT, get(detail))
        .route(crate::base::url::INDUSTRY_PROJECT_STATUS, post(status))
        .route(crate::base::url::INDUSTRY_PROJECT_FUNDING, post(funding))
        .route(
            crate::base::url::INDUSTRY_PROJECT_BUDGET_LINES,
            post(budget_line),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_MILESTONES,
            post(milestone),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_MILESTONE_PROGRESS,
            post(milestone_progress),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_LINE_APPROVE,
            post(approve),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_LINE_DISBURSE,
            post(disburse),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_DOCUMENTS,
            post(upload_document).layer(crate::security::upload_limit()),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_DOCUMENT_ARCHIVE,
            post(archive_document),
        )
        .route(
            crate::base::url::INDUSTRY_PROJECT_DOCUMENT_RESTORE,
            post(restore_document),
        )
        .route(crate::base::url::INDUSTRY_DOCUMENT, get(download_document))
}

// ------------------------------------------------------------------ list

pub struct Row {
    pub p: ProjectRecord,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "industry/project_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
}

impl ListPage {
    fn status(&self, s: &str) -> String {
        status_label(&self.ctx.tr, s)
    }
}

async fn rows(state: &AppState, auth: &Auth) -> Result<Vec<Row>, AppError> {
    let regions = regions_in_scope(state, auth).await?;
    Ok(projects::list(&state.db, &auth.actor.scope, None, false)
        .await?
        .into_iter()
        .map(|p| Row {
            region_name: name_of(&regions, &p.region_code),
            p,
        })
        .collect())
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let page = ListPage {
        ctx: PageCtx::new(&ctx, "industry"),
        rows: rows(&state, &auth).await?,
    };
    render_status(&page, StatusCode::OK)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    format: usecase::tabular::Format,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "ip-col-region_code",
        "ip-col-region",
        "ip-col-title",
        "ip-col-sector",
        "ip-col-status",
        "ip-col-responsible",
        "ip-col-terminated_reason",
        "ip-col-created_at",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let data: Vec<Vec<String>> = rows(&state, &auth)
        .await?
        .into_iter()
        .map(|r| {
            let status = status_label(tr, &r.p.status);
            vec![
                r.p.region_code,
                r.region_name,
                r.p.title,
                r.p.sector,
                status,
                r.p.responsible_name,
                r.p.terminated_reason.unwrap_or_default(),
                crate::base::format::china_time(&r.p.created_at),
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Text, Time};
    tabular::kinds_table_response(
        format,
        &tr.t("ip-projects-title"),
        &headers,
        &[Text, Text, Text, Text, Text, Text, Text, Time],
        &data,
        "projects",
    )
}

// ------------------------------------------------------------------ entry

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ProjectForm {
    region_code: String,
    org_id: String,
    sector: String,
    title: String,
    description: String,
    responsible_name: String,
    applied_on: String,
}

#[derive(Template)]
#[template(path = "industry/project_form.html")]
struct FormPage {
    ctx: PageCtx,
    form: ProjectForm,
    villages: Vec<RegionRecord>,
    orgs: Vec<(OrgRecord, String)>,
    error: Option<String>,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: ProjectForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let regions = regions_in_scope(state, auth).await?;
    let orgs = store::ledger::books::list_orgs(&state.db, &auth.actor.scope)
        .await?
        .into_iter()
        .filter(|o| !o.archived)
        .map(|o| {
            let region = name_of(&regions, &o.region_code);
            (o, region)
        })
        .collect();
    let villages = regions
        .into_iter()
        .filter(|r| !r.archived && r.level == "village")
        .collect();
    let page = FormPage {
        ctx: PageCtx::new(ctx, "industry"),
        form,
        villages,
        orgs,
        error,
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let form = ProjectForm {
        region_code: auth.user.region_code.clone(),
        ..ProjectForm::default()
    };
    form_page(&state, &auth, &ctx, form, None, StatusCode::OK).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<ProjectForm>,
) -> Result<Response, AppError> {
    let result = async {
        let p = ProjectInput {
            region_code: form.region_code.clone(),
            org_id: form.org_id.clone(),
            sector: form.sector.clone(),
            title: form.title.clone(),
            description: form.description.clone(),
            responsible_name: form.responsible_name.clone(),
            applied_on: form.applied_on.clone(),
            ..ProjectInput::default()
        }
        .validate()?;
        Ok::<_, AppError>(projects::create(&state.db, &auth.actor, &p).await?)
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&crate::base::url::industry_project(&p.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let message = e.message(&ctx.tr);
            form_page(&state, &auth, &ctx, form, Some(message), e.status).await
        }
    }
}

// ------------------------------------------------------------------ one project

/// Every field of the project page's forms; each form sends its own.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ActionForm {
    to: String,
    reason: String,
    decided_on: String,
    source: String,
    amount: String,
    note: String,
    name: String,
    account_code: String,
    title: String,
    due_on: String,
    weight: String,
    progress: String,
    approved_by: String,
    approved_on: String,
    date: String,
    summary: String,
    kind: String,
}

pub struct LineView {
    pub s: LineStatus,
    /// Budget plus approved extra, less committed.
    pub available: i64,
}

#[derive(Template)]
#[template(path = "industry/project_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    p: ProjectRecord,
    region_name: String,
    org_name: String,
    events: Vec<EventRecord>,
    funding: Vec<FundingRecord>,
    funding_total: i64,
    lines: Vec<LineView>,
    milestones: Vec<MilestoneRecord>,
    progress: i64,
    next: Option<&'static str>,
    can_terminate: bool,
    form: ActionForm,
    action: String,
    error: Option<String>,
    today: String,
    year: i32,
    results: Option<domain::industry::results::Results>,
    documents: Vec<DocumentMeta>,
}

impl DetailPage {
    fn status(&self, s: &str) -> String {
        status_label(&self.ctx.tr, s)
    }
    fn source(&self, s: &str) -> String {
        self.ctx.tr.t(&format!("ip-source-{s}"))
    }
    fn sources(&self) -> Vec<&'static str> {
        FundingSource::ALL.iter().map(|s| s.as_str()).collect()
    }
    fn yuan(&self, fen: &i64) -> String {
        yuan(*fen)
    }
    fn error_for(&self, action: &str) -> Option<&String> {
        self.error.as_ref().filter(|_| self.action == action)
    }
    /// What was typed into the form of `action` when it failed; empty otherwise.
    fn typed<'a>(&self, action: &str, value: &'a str) -> &'a str {
        if self.error.is_some() && self.action == action {
            value
        } else {
            ""
        }
    }
    fn doc_kinds(&self) -> Vec<&'static str> {
        document::Kind::ALL.iter().map(|k| k.as_str()).collect()
    }
    fn doc_kind(&self, k: &str) -> String {
        self.ctx.tr.t(&format!("idoc-kind-{k}"))
    }
    fn size(&self, bytes: &i64) -> String {
        crate::base::format::file_size(*bytes)
    }
    fn when(&self, ts: &str) -> String {
        crate::base::format::china_time(ts)
    }
    fn event_note(&self, e: &EventRecord) -> String {
        let to = self.status(&e.to_status);
        match &e.from_status {
            Some(from) => format!("{} → {to}", self.status(from)),
            None => to,
        }
    }
}

/// A form that failed: which one, what was typed, why.
struct Failed {
    action: String,
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
        None => (String::new(), ActionForm::default(), None, StatusCode::OK),
    };
    let d = project_in_scope(state, auth, id).await?;
    let regions = regions_in_scope(state, auth).await?;
    let org_name = store::ledger::books::get_org(&state.db, &auth.actor.scope, &d.project.org_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let lines = funds::budget_status(&state.db, &auth.actor.scope, id)
        .await?
        .unwrap_or_default()
        .into_iter()
        .map(|s| LineView {
            available: s
                .budget
                .saturating_add(s.approved)
                .saturating_sub(s.committed),
            s,
        })
        .collect();
    let current = d.project.status();
    let year = super::production::results_year(state, auth, id, None).await?;
    let results = store::industry::results::results(
        &state.db,
        &auth.actor.scope,
        &store::industry::results::Selection::Project(id.to_string()),
        Some(year),
    )
    .await?;
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "industry"),
        region_name: name_of(&regions, &d.project.region_code),
        org_name,
        funding_total: d.funding.iter().map(|f| f.amount).sum(),
        events: d.events,
        funding: d.funding,
        lines,
        milestones: d.milestones,
        progress: d.progress,
        next: current.next().map(Status::as_str),
        can_terminate: !current.is_final(),
        p: d.project,
        form,
        action,
        error,
        today: today().to_string(),
        year,
        results,
        documents: documents::list(&state.db, &auth.actor.scope, id, true).await?,
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

enum Act {
    Status,
    Funding,
    BudgetLine,
    Milestone,
    Progress(String),
    Approve(String),
    Disburse(String),
    ArchiveDocument(String, bool),
}

impl Act {
    fn name(&self) -> String {
        match self {
            Act::Status => "status".into(),
            Act::Funding => "funding".into(),
            Act::BudgetLine => "budget_line".into(),
            Act::Milestone => "milestone".into(),
            Act::Progress(m) => format!("progress:{m}"),
            Act::Approve(l) => format!("approve:{l}"),
            Act::Disburse(l) => format!("disburse:{l}"),
            Act::ArchiveDocument(..) => "document".into(),
        }
    }
}

/// Runs one form of the project page: back to the project on success, the project with the
/// error in place on bad input or a refused step (nothing written).
async fn act(
    state: AppState,
    auth: Auth,
    ctx: RequestCtx,
    id: String,
    act: Act,
    form: ActionForm,
) -> Result<Response, AppError> {
    // Out of scope is 404 before anything else.
    let d = project_in_scope(&state, &auth, &id).await?;
    let db = &state.db;
    let actor = &auth.actor;
    let line_of = |line: &str| -> Result<(), AppError> {
        if d.budget_lines.iter().any(|l| l.id == line) {
            Ok(())
        } else {
            Err(AppError::not_found())
        }
    };
    let result: Result<(), AppError> = async {
        match &act {
            Act::Status => {
                let to = Status::parse(&form.to).ok_or_else(|| {
                    FieldError::new("common.choice_invalid", "status").arg("value", form.to.trim())
                })?;
                let on = decided_on(&form.decided_on, "decided_on", today())?;
                projects::transition(db, actor, &id, to, &form.reason, on).await?;
            }
            Act::Funding => {
                let f = FundingInput {
                    source: form.source.clone(),
                    amount: form.amount.clone(),
                    note: form.note.clone(),
                }
                .validate()?;
                projects::add_funding(db, actor, &id, &f).await?;
            }
            Act::BudgetLine => {
                let b = BudgetLineInput {
                    name: form.name.clone(),
                    amount: form.amount.clone(),
                    account_code: form.account_code.clone(),
                }
                .validate()?;
                projects::add_budget_line(db, actor, &id, &b).await?;
            }
            Act::Milestone => {
                let m = MilestoneInput {
                    title: form.title.clone(),
                    due_on: form.due_on.clone(),
                    weight: form.weight.clone(),
                    progress: form.progress.clone(),
                }
                .validate()?;
                projects::add_milestone(db, actor, &id, &m).await?;
            }
            Act::Progress(m) => {
                if !d.milestones.iter().any(|x| &x.id == m) {
                    return Err(AppError::not_found());
                }
                let value = form.progress.trim().parse::<i64>().map_err(|_| {
                    FieldError::new("industry.number_invalid", "progress")
                        .arg("value", form.progress.trim())
                        .arg("min", "0")
                        .arg("max", "100")
                })?;
                projects::set_milestone_progress(db, actor, m, value).await?;
            }
            Act::Approve(line) => {
                line_of(line)?;
                let a = ApprovalInput {
                    amount: form.amount.clone(),
                    approved_by: form.approved_by.clone(),
                    approved_on: form.approved_on.clone(),
                    reason: form.reason.clone(),
                }
                .validate()?;
                funds::approve(db, actor, line, &a).await?;
            }
            Act::Disburse(line) => {
                line_of(line)?;
                let x = DisbursementInput {
                    date: form.date.clone(),
                    amount: form.amount.clone(),
                    summary: form.summary.clone(),
                }
                .validate()?;
                funds::disburse(db, actor, line, &x).await?;
            }
            Act::ArchiveDocument(doc, archived) => {
                let of_project = documents::list(db, &actor.scope, &id, true)
                    .await?
                    .iter()
                    .any(|x| &x.id == doc);
                if !of_project {
                    return Err(AppError::not_found());
                }
                documents::set_archived(db, actor, doc, *archived).await?;
            }
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&crate::base::url::industry_project(&id)).into_response()),
        Err(e) => {
            let failed = Failed {
                action: act.name(),
                form,
                error: in_page(e)?,
            };
            detail_page(&state, &auth, &ctx, &id, Some(failed)).await
        }
    }
}

async fn status(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Status, form).await
}

async fn funding(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Funding, form).await
}

async fn budget_line(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::BudgetLine, form).await
}

async fn milestone(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Milestone, form).await
}

async fn milestone_progress(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Progress(item), form).await
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Approve(item), form).await
}

async fn disburse(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::Disburse(item), form).await
}

// ------------------------------------------------------------------ documents

/// Uploads a document: back to the project, or the project with the error (naming the
/// file) above the upload form; nothing is written on error.
async fn upload_document(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<Response, AppError> {
    project_in_scope(&state, &auth, &id).await?;
    // The form: `kind`, `title` and one `file`; an empty file input is "required".
    let form = ActionForm {
        kind: upload.text("kind").to_string(),
        title: upload.text("title").to_string(),
        ..ActionForm::default()
    };
    let file = upload
        .files()
        .iter()
        .rev()
        .find(|f| f.field == "file" && !f.is_blank())
        .map(|f| (f.name.clone(), f.data.clone()));
    let result: Result<(), AppError> = async {
        let (file_name, data) = file.ok_or_else(|| FieldError::new("common.required", "file"))?;
        let doc = DocumentInput {
            kind: form.kind.clone(),
            title: form.title.clone(),
        }
        .validate(&file_name)?;
        documents::add(&state.db, &auth.actor, &id, &doc, &file_name, &data).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}#documents",
            crate::base::url::industry_project(&id)
        ))
        .into_response()),
        Err(e) => {
            let failed = Failed {
                action: "document".into(),
                form,
                error: in_page(e)?,
            };
            detail_page(&state, &auth, &ctx, &id, Some(failed)).await
        }
    }
}

async fn archive_document(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(state, auth, ctx, id, Act::ArchiveDocument(item, true), form).await
}

async fn restore_document(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, item)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    act(
        state,
        auth,
        ctx,
        id,
        Act::ArchiveDocument(item, false),
        form,
    )
    .await
}

/// A document's bytes, saved under its file name.
async fn download_document(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (meta, data) = documents::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(document_response(&meta, data))
}

/// A document's bytes as a download (for the page and the API): the content type recognised
/// when it was stored, and the file name in an `attachment` disposition (ASCII fallback plus
/// the UTF-8 name), as meeting attachments are sent.
pub(crate) fn document_response(meta: &DocumentMeta, data: Vec<u8>) -> Response {
    crate::download::stored_file(
        &meta.file_name,
        &meta.content_type,
        data,
        crate::download::Disposition::Attachment,
        "private, no-store",
    )
}

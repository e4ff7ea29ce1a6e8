//! Region pages: tree, profile, create/edit forms, archive, import and export.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::{render, render_form};
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::region::{RegionInput, RegionKind, RegionTag};
use serde::Deserialize;
use store::region::RegionRecord;
use usecase::region as io;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::REGIONS, get(tree).post(create))
        .route(crate::base::url::REGIONS_NEW, get(new_form))
        .route(crate::base::url::REGIONS_EXPORT_XLSX, get(export_xlsx))
        .route(crate::base::url::REGIONS_EXPORT_CSV, get(export_csv))
        .route(
            crate::base::url::REGIONS_IMPORT,
            get(import_page)
                .post(import)
                .layer(crate::security::upload_limit()),
        )
        .route(
            crate::base::url::REGION,
            get(super::profile::profile).post(update),
        )
        .route(crate::base::url::REGION_EDIT, get(edit_form))
        .route(crate::base::url::REGION_ARCHIVE, post(toggle_archive))
}

/// A region with the regions directly below it.
pub struct Node {
    pub r: RegionRecord,
    pub children: Vec<Node>,
}

/// Builds the tree from a list ordered by code: roots are those whose parent is not listed.
fn build_tree(records: Vec<RegionRecord>) -> Vec<Node> {
    fn attach(parent: &str, pool: &mut Vec<RegionRecord>) -> Vec<Node> {
        let mine: Vec<RegionRecord> = {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(pool)
                .into_iter()
                .partition(|r| r.parent_code.as_deref() == Some(parent));
            *pool = rest;
            mine
        };
        mine.into_iter()
            .map(|r| {
                let children = attach(&r.code, pool);
                Node { r, children }
            })
            .collect()
    }
    let codes: std::collections::HashSet<String> = records.iter().map(|r| r.code.clone()).collect();
    let (roots, mut rest): (Vec<_>, Vec<_>) = records
        .into_iter()
        .partition(|r| r.parent_code.as_ref().is_none_or(|p| !codes.contains(p)));
    roots
        .into_iter()
        .map(|r| {
            let children = attach(&r.code, &mut rest);
            Node { r, children }
        })
        .collect()
}

/// Display helpers the templates call.
pub struct Labels;

impl Labels {
    pub fn kind(tr: &crate::i18n::Tr, r: &RegionRecord) -> String {
        tr.t(&format!("region-kind-{}", r.kind))
    }
    pub fn tags(tr: &crate::i18n::Tr, r: &RegionRecord) -> Vec<String> {
        r.tag_list()
            .into_iter()
            .map(|t| tr.t(&format!("region-tag-{}", t.as_str())))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "region/tree.html")]
struct TreePage {
    ctx: PageCtx,
    roots: Vec<Node>,
    can_edit: bool,
    total: usize,
}

impl TreePage {
    fn kind(&self, r: &RegionRecord) -> String {
        Labels::kind(&self.ctx.tr, r)
    }
    fn tags(&self, r: &RegionRecord) -> Vec<String> {
        Labels::tags(&self.ctx.tr, r)
    }
}

async fn tree(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let records = store::region::all(&state.db, &auth.actor.scope).await?;
    let total = records.len();
    render(&TreePage {
        ctx: PageCtx::new(&ctx, "regions"),
        roots: build_tree(records),
        can_edit: auth.role.edits_regions(),
        total,
    })
}

#[derive(Deserialize, Default, Clone)]
struct RegionForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent_code: String,
    name: String,
    kind: String,
    /// Ticked tag checkboxes arrive as repeated fields; htmx and browsers send `tags=…`.
    #[serde(default)]
    key_village: Option<String>,
    #[serde(default)]
    supported_village: Option<String>,
    #[serde(default)]
    population: String,
    #[serde(default)]
    households: String,
    #[serde(default)]
    area_km2: String,
    #[serde(default)]
    party_members: String,
}

impl RegionForm {
    fn from_record(r: &RegionRecord) -> RegionForm {
        let tags = r.tag_list();
        let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        RegionForm {
            code: r.code.clone(),
            parent_code: r.parent_code.clone().unwrap_or_default(),
            name: r.name.clone(),
            kind: r.kind.clone(),
            key_village: tags.contains(&RegionTag::KeyVillage).then(|| "on".into()),
            supported_village: tags
                .contains(&RegionTag::SupportedVillage)
                .then(|| "on".into()),
            population: n(r.population),
            households: n(r.households),
            area_km2: r.area_km2.clone().unwrap_or_default(),
            party_members: n(r.party_members),
        }
    }

    fn input(&self) -> RegionInput {
        let mut tags = Vec::new();
        if self.key_village.is_some() {
            tags.push(RegionTag::KeyVillage.as_str());
        }
        if self.supported_village.is_some() {
            tags.push(RegionTag::SupportedVillage.as_str());
        }
        RegionInput {
            code: self.code.clone(),
            parent_code: self.parent_code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            tags: tags.join(","),
            population: self.population.clone(),
            households: self.households.clone(),
            area_km2: self.area_km2.clone(),
            party_members: self.party_members.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "region/form.html")]
struct FormPage {
    ctx: PageCtx,
    editing: bool,
    form: RegionForm,
    kinds: Vec<&'static str>,
    error: Option<String>,
}

fn form_page(
    ctx: &RequestCtx,
    editing: bool,
    form: RegionForm,
    error: Option<String>,
) -> Result<Response, AppError> {
    let has_error = error.is_some();
    let page = FormPage {
        ctx: PageCtx::new(ctx, "regions"),
        editing,
        form,
        kinds: RegionKind::ALL.iter().map(|k| k.as_str()).collect(),
        error,
    };
    crate::base::page::render_form(&page, has_error)
}

fn require_editor(auth: &Auth) -> Result<(), AppError> {
    if auth.role.edits_regions() {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    parent: String,
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let parent = store::region::get(&state.db, &auth.actor.scope, &q.parent)
        .await?
        .ok_or_else(AppError::not_found)?;
    require_editor(&auth)?;
    let child_kind = match parent.level.as_str() {
        "district" => RegionKind::Town,
        _ => RegionKind::Village,
    };
    let prefix_len = if child_kind == RegionKind::Town { 6 } else { 9 };
    let form = RegionForm {
        parent_code: parent.code.clone(),
        code: parent.code[..prefix_len].to_string(),
        kind: child_kind.as_str().to_string(),
        ..Default::default()
    };
    form_page(&ctx, false, form, None)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<RegionForm>,
) -> Result<Response, AppError> {
    require_editor(&auth)?;
    let result = async {
        let region = form.input().validate()?;
        Ok::<_, AppError>(store::region::create(&state.db, &auth.actor, &region).await?)
    }
    .await;
    match result {
        Ok(r) => Ok(Redirect::to(&crate::base::url::region(&r.code)).into_response()),
        Err(e) if e.field.is_some() || e.status == StatusCode::CONFLICT => {
            form_page(&ctx, false, form, Some(e.message(&ctx.tr)))
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let r = store::region::get(&state.db, &auth.actor.scope, &code)
        .await?
        .ok_or_else(AppError::not_found)?;
    require_editor(&auth)?;
    form_page(&ctx, true, RegionForm::from_record(&r), None)
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    Form(form): Form<RegionForm>,
) -> Result<Response, AppError> {
    let existing = store::region::get(&state.db, &auth.actor.scope, &code)
        .await?
        .ok_or_else(AppError::not_found)?;
    require_editor(&auth)?;
    // The code and the parent are fixed once a region exists.
    let form = RegionForm {
        code: existing.code.clone(),
        parent_code: existing.parent_code.clone().unwrap_or_default(),
        ..form
    };
    let result = async {
        let region = form.input().validate()?;
        Ok::<_, AppError>(store::region::update(&state.db, &auth.actor, &region).await?)
    }
    .await;
    match result {
        Ok(r) => Ok(Redirect::to(&crate::base::url::region(&r.code)).into_response()),
        Err(e) if e.field.is_some() || e.status == StatusCode::CONFLICT => {
            form_page(&ctx, true, form, Some(e.message(&ctx.tr)))
        }
        Err(e) => Err(e),
    }
}

async fn toggle_archive(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let existing = store::region::get(&state.db, &auth.actor.scope, &code)
        .await?
        .ok_or_else(AppError::not_found)?;
    require_editor(&auth)?;
    store::region::set_archived(&state.db, &auth.actor, &code, !existing.archived).await?;
    Ok(Redirect::to(&crate::base::url::region(&code)).into_response())
}

async fn export_data(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
) -> Result<(Vec<String>, Vec<Vec<String>>), AppError> {
    let records = store::region::all(&state.db, &auth.actor.scope).await?;
    Ok((io::header(&ctx.tr), io::export_rows(&records)))
}

async fn export_xlsx(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let (header, rows) = export_data(&state, &auth, &ctx).await?;
    tabular::xlsx_response(&ctx.tr.t("nav-regions"), &header, &rows, "regions.xlsx")
}

async fn export_csv(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let (header, rows) = export_data(&state, &auth, &ctx).await?;
    let bytes = usecase::tabular::csv_bytes(&header, &rows)?;
    Ok(tabular::download(
        bytes,
        "text/csv; charset=utf-8",
        "regions.csv",
    ))
}

#[derive(Template)]
#[template(path = "region/import.html")]
struct ImportPage {
    ctx: PageCtx,
    error: Option<String>,
    summary: Option<store::region::ImportSummary>,
    columns: Vec<String>,
}

async fn import_page(SignedIn(auth, ctx): SignedIn) -> Result<Response, AppError> {
    require_editor(&auth)?;
    render(&ImportPage {
        columns: io::header(&ctx.tr),
        ctx: PageCtx::new(&ctx, "regions"),
        error: None,
        summary: None,
    })
}

/// Imports an uploaded file all-or-nothing (`usecase::region::import_file`); a refused file
/// answers 422 with the page naming file, row, column and reason (htmx swaps 4xx answers).
async fn import(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    upload: Upload,
) -> Result<Response, AppError> {
    require_editor(&auth)?;
    let outcome = match upload.file_bytes("file") {
        None => Err(ctx.tr.t("import-no-file")),
        Some((name, bytes)) => {
            match io::import_file(&state.db, &auth.actor, &state.i18n, &name, &bytes).await {
                Ok(summary) => Ok(summary),
                Err(e) => Err(tabular::refusal(e, &ctx.tr)?),
            }
        }
    };
    let (error, summary) = match outcome {
        Ok(s) => (None, Some(s)),
        Err(message) => (Some(message), None),
    };
    let refused = error.is_some();
    let page = ImportPage {
        columns: io::header(&ctx.tr),
        ctx: PageCtx::new(&ctx, "regions"),
        error,
        summary,
    };
    render_form(&page, refused)
}

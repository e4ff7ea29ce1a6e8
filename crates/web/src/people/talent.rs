//! The talent pool (后备干部, 乡土人才): search with filters (region, pool, category, status,
//! age, education, political status, text), the list and its .xlsx export, adding a person of
//! the registry, editing skills, tags and category, advancing the status (储备 → 培养 →
//! 已使用, the last naming one of the person's posts) and archiving. Every entry has the day
//! the person entered the pool (入库日期, today offered) and, once out, the day they left
//! (出库日期; a promoted entry leaves on its post's start); a refused date is shown beside
//! its field with what was typed kept.
//!
//! Also the helpers the recruitment and training pages share: labels of the people module's
//! enumerations, person choices with masked ID numbers, who may write.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::FormError;
use crate::base::page::{in_page, render_status};
use crate::base::regions::{filter_region, region_choices, region_names};
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
use domain::people::person::{Education, PoliticalStatus, age_on};
use domain::people::talent::{TalentCategory, TalentInput, TalentPool, TalentStatus};
use serde::Deserialize;
use std::collections::HashMap;
use store::people::talent::{self, Filter};
use store::people::{PostRecord, TalentRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::PEOPLE_TALENT, get(list))
        .route(crate::base::url::PEOPLE_TALENT_EXPORT_XLSX, get(export))
        .route(
            crate::base::url::PEOPLE_TALENT_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::PEOPLE_TALENT_ENTRY, get(show))
        .route(crate::base::url::PEOPLE_TALENT_EDIT, post(edit))
        .route(crate::base::url::PEOPLE_TALENT_STATUS, post(advance))
        .route(crate::base::url::PEOPLE_TALENT_ARCHIVE, post(archive))
}

// ------------------------------------------------------------------ shared helpers

pub(crate) use super::persons::{choices, label};

/// May the caller organise campaigns and trainings (district admin, town officer)?
pub(crate) fn can_organise(auth: &Auth) -> bool {
    matches!(auth.role, Role::DistrictAdmin | Role::TownOfficer)
}

/// A person as the pickers and lists show them: masked ID number, region name.
#[derive(Debug, Clone)]
pub(crate) struct PersonChoice {
    pub id: String,
    pub name: String,
    pub id_number: String,
    pub region_name: String,
}

impl PersonChoice {
    pub fn label(&self) -> String {
        format!("{} · {} · {}", self.name, self.id_number, self.region_name)
    }
}

/// Every person (not archived) in the caller's scope, masked, by region and name.
pub(crate) async fn person_choices(
    state: &AppState,
    auth: &Auth,
) -> Result<Vec<PersonChoice>, AppError> {
    let (rows, _) = store::people::persons::list(
        &state.db,
        &auth.actor.scope,
        &store::people::persons::Filter::default(),
        store::Page::all(),
    )
    .await?;
    let names = region_names(state, &auth.actor.scope).await?;
    Ok(rows
        .into_iter()
        .map(|p| PersonChoice {
            region_name: names.get(&p.region_code).cloned().unwrap_or_default(),
            id: p.id,
            name: p.name,
            id_number: p.id_number,
        })
        .collect())
}

/// Masked ID numbers of the people in scope, by person id.
pub(crate) async fn masked_ids(
    state: &AppState,
    auth: &Auth,
) -> Result<HashMap<String, String>, AppError> {
    Ok(person_choices(state, auth)
        .await?
        .into_iter()
        .map(|p| (p.id, p.id_number))
        .collect())
}

fn opt_choice<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => parse(t).map(Some),
    }
}

/// An optional age bound; a bad one is refused with its own message (naming the value).
fn opt_age(tr: &Tr, text: &str) -> Result<Option<i32>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<i32>()
            .ok()
            .filter(|a| (0..=150).contains(a))
            .map(Some)
            .ok_or_else(|| {
                AppError::from(FieldError::new("common.count_invalid", "birth_date"))
                    .with_message(tr.t1("pt-age-invalid", "value", &t))
            }),
    }
}

// ------------------------------------------------------------------ list and export

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ListQuery {
    region: String,
    pool: String,
    category: String,
    status: String,
    min_age: String,
    max_age: String,
    education: String,
    political_status: String,
    text: String,
    archived: String,
}

impl ListQuery {
    fn filter(&self, tr: &Tr) -> Result<Filter, AppError> {
        Ok(Filter {
            region: filter_region(&self.region)?,
            pool: opt_choice(&self.pool, TalentPool::parse)?,
            category: opt_choice(&self.category, TalentCategory::parse)?,
            status: opt_choice(&self.status, TalentStatus::parse)?,
            min_age: opt_age(tr, &self.min_age)?,
            max_age: opt_age(tr, &self.max_age)?,
            on: Some(today()),
            education_at_least: opt_choice(&self.education, Education::parse)?,
            political_status: opt_choice(&self.political_status, PoliticalStatus::parse)?,
            text: self.text.clone(),
            include_archived: self.archived == "1",
        })
    }

    fn query_string(&self) -> String {
        [
            ("region", &self.region),
            ("pool", &self.pool),
            ("category", &self.category),
            ("status", &self.status),
            ("min_age", &self.min_age),
            ("max_age", &self.max_age),
            ("education", &self.education),
            ("political_status", &self.political_status),
            ("text", &self.text),
            ("archived", &self.archived),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::base::url::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

pub struct Row {
    pub t: TalentRecord,
    pub id_number: String,
    pub region_name: String,
    pub age: String,
    pub sex: String,
    pub education: String,
    pub political_status: String,
    pub pool: String,
    pub category: String,
    pub status: String,
}

fn row_of(
    tr: &Tr,
    t: TalentRecord,
    ids: &HashMap<String, String>,
    names: &HashMap<String, String>,
) -> Row {
    let age = domain::time::parse_date(&t.birth_date)
        .map(|b| age_on(b, today()).to_string())
        .unwrap_or_default();
    Row {
        id_number: ids.get(&t.person_id).cloned().unwrap_or_default(),
        region_name: names.get(&t.region_code).cloned().unwrap_or_default(),
        age,
        sex: label(tr, "sex", &t.sex),
        education: t
            .education
            .as_deref()
            .map(|e| label(tr, "education", e))
            .unwrap_or_default(),
        political_status: label(tr, "political", &t.political_status),
        pool: label(tr, "pool", &t.pool),
        category: label(tr, "category", &t.category),
        status: label(tr, "status", &t.status),
        t,
    }
}

async fn rows_of(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
    records: Vec<TalentRecord>,
) -> Result<Vec<Row>, AppError> {
    let ids = masked_ids(state, auth).await?;
    let names = region_names(state, &auth.actor.scope).await?;
    Ok(records
        .into_iter()
        .map(|t| row_of(tr, t, &ids, &names))
        .collect())
}

#[derive(Template)]
#[template(path = "people/talent_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    regions: Vec<(String, String)>,
    pools: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    educations: Vec<(String, String)>,
    politicals: Vec<(String, String)>,
    rows: Vec<Row>,
    count: usize,
    query: String,
    can_write: bool,
    error: Option<String>,
}

pub(crate) fn pools(tr: &Tr) -> Vec<(String, String)> {
    choices(tr, "pool", TalentPool::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn categories(tr: &Tr) -> Vec<(String, String)> {
    choices(
        tr,
        "category",
        TalentCategory::ALL.iter().map(|v| v.as_str()),
    )
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (records, error, status) = match q.filter(tr) {
        Ok(filter) => (
            talent::search(&state.db, &auth.actor.scope, &filter).await?,
            None,
            StatusCode::OK,
        ),
        Err(e) => (Vec::new(), Some(e.message(tr)), e.status),
    };
    let rows = rows_of(&state, &auth, tr, records).await?;
    let page = ListPage {
        ctx: PageCtx::new(&ctx, "people"),
        count: rows.len(),
        rows,
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        pools: pools(tr),
        categories: categories(tr),
        statuses: choices(tr, "status", TalentStatus::ALL.iter().map(|v| v.as_str())),
        educations: choices(tr, "education", Education::ALL.iter().map(|v| v.as_str())),
        politicals: choices(
            tr,
            "political",
            PoliticalStatus::ALL.iter().map(|v| v.as_str()),
        ),
        q,
        can_write: super::persons::keeps(&auth),
        error,
    };
    render_status(&page, status)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let filter = q.filter(tr)?;
    let records = talent::search(&state.db, &auth.actor.scope, &filter).await?;
    let rows: Vec<Vec<String>> = rows_of(&state, &auth, tr, records)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.t.person_name,
                r.id_number,
                r.sex,
                r.age,
                r.education,
                r.political_status,
                r.t.region_code,
                r.region_name,
                r.pool,
                r.category,
                r.t.skills,
                r.t.tags,
                r.status,
                r.t.entered_on,
                r.t.left_on.unwrap_or_default(),
                r.t.note,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "pp-col-name",
        "field-id_number",
        "field-sex",
        "pt-age",
        "field-education",
        "field-political_status",
        "field-region_code",
        "field-region_name",
        "field-pool",
        "pt-col-category",
        "field-skills",
        "field-tags",
        "field-status",
        "field-entered_on",
        "field-left_on",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pt-talent"),
        &headers,
        &[Text, Text, Text, Number],
        &rows,
        "talent.xlsx",
    )
}

// ------------------------------------------------------------------ adding a person

#[derive(Template)]
#[template(path = "people/talent_form.html")]
struct NewPage {
    ctx: PageCtx,
    form: TalentInput,
    people: Vec<PersonChoice>,
    pools: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    error: FormError,
}

async fn new_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: TalentInput,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    if !super::persons::keeps(auth) {
        return Err(AppError::forbidden());
    }
    let status = error.as_ref().map(|e| e.status).unwrap_or(StatusCode::OK);
    let page = NewPage {
        ctx: PageCtx::new(ctx, "people"),
        form,
        people: person_choices(state, auth).await?,
        pools: pools(&ctx.tr),
        categories: categories(&ctx.tr),
        error: FormError::of_any(&ctx.tr, error.as_ref()),
    };
    render_status(&page, status)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    person: String,
    pool: String,
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let form = TalentInput {
        person_id: q.person,
        pool: q.pool,
        entered_on: today().to_string(),
        ..Default::default()
    };
    new_page(&state, &auth, &ctx, form, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<TalentInput>,
) -> Result<Response, AppError> {
    let form = TalentInput {
        status: String::new(),
        post_id: String::new(),
        ..form
    };
    let t = match form.validate() {
        Ok(t) => t,
        Err(e) => return new_page(&state, &auth, &ctx, form, Some(e.into())).await,
    };
    match talent::create(&state.db, &auth.actor, &t).await {
        Ok(r) => Ok(Redirect::to(&crate::base::url::people_talent_entry(&r.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            new_page(&state, &auth, &ctx, form, Some(e)).await
        }
    }
}

// ------------------------------------------------------------------ one entry

#[derive(Template)]
#[template(path = "people/talent_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    r: Row,
    /// The edit form's values: the entry's, or what was typed into a refused form.
    edit: TalentInput,
    categories: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    posts: Vec<(String, String)>,
    post_label: String,
    can_write: bool,
    error: FormError,
}

fn describe_post(tr: &Tr, p: &PostRecord, names: &HashMap<String, String>) -> String {
    let post = tr.t(&format!("pt-post-{}", p.post));
    let region = names.get(&p.region_code).cloned().unwrap_or_default();
    let end = p.ends_on.clone().unwrap_or_default();
    format!("{region} {post} ({} – {end})", p.starts_on)
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<AppError>,
    typed: Option<TalentInput>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let t = talent::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let names = region_names(state, &auth.actor.scope).await?;
    let posts = store::people::posts::list(
        &state.db,
        &auth.actor.scope,
        &store::people::posts::Filter {
            person_id: Some(t.person_id.clone()),
            ..Default::default()
        },
    )
    .await?;
    let post_label = t
        .post_id
        .as_ref()
        .and_then(|pid| posts.iter().find(|p| p.id == *pid))
        .map(|p| describe_post(tr, p, &names))
        .unwrap_or_default();
    let posts = posts
        .iter()
        .map(|p| (p.id.clone(), describe_post(tr, p, &names)))
        .collect();
    let ids = masked_ids(state, auth).await?;
    let current = TalentStatus::parse(&t.status).unwrap_or(TalentStatus::Reserve);
    let statuses = choices(
        tr,
        "status",
        TalentStatus::ALL
            .iter()
            .filter(|s| **s > current)
            .map(|v| v.as_str()),
    );
    let status = error.as_ref().map(|e| e.status).unwrap_or(StatusCode::OK);
    let edit = typed.unwrap_or_else(|| input_of(&t));
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "people"),
        edit,
        r: row_of(tr, t, &ids, &names),
        categories: categories(tr),
        statuses,
        posts,
        post_label,
        can_write: super::persons::keeps(auth),
        error: FormError::of_any(tr, error.as_ref()),
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None, None).await
}

/// The entry as input, for an update that changes some of it.
fn input_of(t: &TalentRecord) -> TalentInput {
    TalentInput {
        person_id: t.person_id.clone(),
        pool: t.pool.clone(),
        category: t.category.clone(),
        skills: t.skills.clone(),
        tags: t.tags.clone(),
        status: t.status.clone(),
        post_id: t.post_id.clone().unwrap_or_default(),
        note: t.note.clone(),
        entered_on: t.entered_on.clone(),
        left_on: t.left_on.clone().unwrap_or_default(),
    }
}

async fn save(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    change: impl FnOnce(TalentInput) -> TalentInput,
) -> Result<Response, AppError> {
    let old = talent::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let input = change(input_of(&old));
    let typed = input.clone();
    let result = match input.validate() {
        Ok(t) => talent::update(&state.db, &auth.actor, id, &t)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_talent_entry(id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            detail_page(state, auth, ctx, id, Some(e), Some(typed)).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EditForm {
    category: String,
    skills: String,
    tags: String,
    note: String,
    entered_on: String,
    left_on: String,
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(f): Form<EditForm>,
) -> Result<Response, AppError> {
    save(&state, &auth, &ctx, &id, |i| TalentInput {
        category: f.category,
        skills: f.skills,
        tags: f.tags,
        note: f.note,
        entered_on: f.entered_on,
        left_on: f.left_on,
        ..i
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    status: String,
    post_id: String,
}

async fn advance(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Result<Response, AppError> {
    save(&state, &auth, &ctx, &id, |i| TalentInput {
        status: f.status,
        post_id: f.post_id,
        ..i
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ArchiveForm {
    archived: String,
}

async fn archive(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(f): Form<ArchiveForm>,
) -> Result<Response, AppError> {
    match talent::set_archived(&state.db, &auth.actor, &id, f.archived != "0").await {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_talent_entry(&id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            detail_page(&state, &auth, &ctx, &id, Some(e), None).await
        }
    }
}

//! The people landing page and the person registry: the list with filters, paging and a
//! masked export, the full export for the district administrator (a POST, audited), the
//! form, archiving, the photo, and one person's page with posts, talent entries, trainings
//! and incentives. ID numbers and phones are shown masked; the full values only after the
//! administrator's explicit "reveal" (a POST, audited by the store), never in a GET page.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{in_page, render_status};
use crate::base::regions::{filter_region, region_choices, region_names};
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::identity::Role;
use domain::people::{Education, IncentiveKind, PersonInput, PoliticalStatus, PostKind, Sex};
use serde::Deserialize;
use std::collections::HashMap;
use store::people::persons::{self, Filter};
use store::people::{IncentiveRecord, PersonRecord, PostRecord, Revealed, TalentRecord};

const PAGE_SIZE: i64 = 50;

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(crate::base::url::PEOPLE, get(landing))
        .route(crate::base::url::PEOPLE_PERSONS, get(list))
        .route(crate::base::url::PEOPLE_PERSONS_EXPORT_XLSX, get(export))
        .route(
            crate::base::url::PEOPLE_PERSONS_EXPORT_FULL_XLSX,
            post(export_full),
        )
        .route(
            crate::base::url::PEOPLE_PERSONS_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::PEOPLE_PERSON, get(show))
        .route(
            crate::base::url::PEOPLE_PERSON_EDIT,
            get(edit_form).post(update),
        )
        .route(crate::base::url::PEOPLE_PERSON_ARCHIVE, post(archive))
        .route(crate::base::url::PEOPLE_PERSON_REVEAL, post(reveal))
        .route(
            crate::base::url::PEOPLE_PERSON_PHOTO,
            get(photo).post(upload_photo).layer(limit()),
        )
}

// ------------------------------------------------------------------ shared helpers

/// A choice's label in the user's language: the enumerations' one set of labels
/// `pt-<list>-<code>` (people.ftl), and `pp-incentive-<code>` for incentive kinds.
pub(crate) fn label(tr: &crate::i18n::Tr, list: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    let prefix = if list == "incentive" { "pp" } else { "pt" };
    tr.t(&format!("{prefix}-{list}-{code}"))
}

/// (code, label) pairs of a choice list.
pub(crate) fn choices(
    tr: &crate::i18n::Tr,
    list: &str,
    codes: impl IntoIterator<Item = &'static str>,
) -> Vec<(String, String)> {
    codes
        .into_iter()
        .map(|c| (c.to_string(), label(tr, list, c)))
        .collect()
}

pub(crate) fn political_choices(tr: &crate::i18n::Tr) -> Vec<(String, String)> {
    choices(
        tr,
        "political",
        PoliticalStatus::ALL.iter().map(|v| v.as_str()),
    )
}

pub(crate) fn education_choices(tr: &crate::i18n::Tr) -> Vec<(String, String)> {
    choices(tr, "education", Education::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn post_choices(tr: &crate::i18n::Tr) -> Vec<(String, String)> {
    choices(tr, "post", PostKind::ALL.iter().map(|v| v.as_str()))
}

pub(crate) fn incentive_choices(tr: &crate::i18n::Tr) -> Vec<(String, String)> {
    choices(
        tr,
        "incentive",
        IncentiveKind::ALL.iter().map(|v| v.as_str()),
    )
}

/// May the caller keep the registry (persons, posts, incentives)?
pub(crate) fn keeps(auth: &Auth) -> bool {
    matches!(
        auth.role,
        Role::DistrictAdmin | Role::TownOfficer | Role::VillageCadre
    )
}

pub(crate) fn is_admin(auth: &Auth) -> bool {
    auth.role == Role::DistrictAdmin
}

/// A response that no cache keeps (pages and files with full personal information).
pub(crate) fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Persons in scope for a select: (id, "name masked-number").
pub(crate) async fn person_choices(
    state: &AppState,
    auth: &Auth,
) -> Result<Vec<(String, String)>, AppError> {
    let (rows, _) = persons::list(
        &state.db,
        &auth.actor.scope,
        &Filter::default(),
        store::Page::all(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|p| (p.id, format!("{} {}", p.name, p.id_number)))
        .collect())
}

// ------------------------------------------------------------------ landing page

#[derive(Template)]
#[template(path = "people/index.html")]
struct Landing {
    ctx: PageCtx,
    persons: i64,
    posts: usize,
    incentives: usize,
    /// Whether the roster import is offered (only to those who keep the registry).
    can_import: bool,
}

async fn landing(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let (_, persons) =
        persons::list(&state.db, scope, &Filter::default(), store::Page::new(1, 1)).await?;
    let posts = store::people::posts::list(
        &state.db,
        scope,
        &store::people::posts::Filter {
            active_on: Some(today()),
            ..Default::default()
        },
    )
    .await?
    .len();
    let incentives = store::people::incentives::list(&state.db, scope, &Default::default()).await?;
    crate::base::page::render(&Landing {
        ctx: PageCtx::new(&ctx, "people"),
        persons,
        posts,
        incentives: incentives.len(),
        can_import: keeps(&auth),
    })
}

// ------------------------------------------------------------------ list and exports

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    political_status: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    archived: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let political_status = match self.political_status.trim() {
            "" => None,
            t => Some(PoliticalStatus::parse(t)?),
        };
        let education_at_least = match self.education.trim() {
            "" => None,
            t => Some(Education::parse(t)?),
        };
        Ok(Filter {
            region: filter_region(&self.region)?,
            text: self.q.trim().to_string(),
            political_status,
            education_at_least,
            include_archived: self.archived == "1",
        })
    }

    fn query_string(&self) -> String {
        format!(
            "region={}&political_status={}&education={}&q={}&archived={}",
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.political_status),
            crate::base::url::encode(&self.education),
            crate::base::url::encode(&self.q),
            crate::base::url::encode(&self.archived)
        )
    }
}

pub struct Row {
    pub p: PersonRecord,
    pub region_name: String,
    pub political: String,
    pub education: String,
    pub sex: String,
}

fn row_of(tr: &crate::i18n::Tr, names: &HashMap<String, String>, p: PersonRecord) -> Row {
    Row {
        region_name: names.get(&p.region_code).cloned().unwrap_or_default(),
        political: label(tr, "political", &p.political_status),
        education: label(tr, "education", p.education.as_deref().unwrap_or("")),
        sex: label(tr, "sex", &p.sex),
        p,
    }
}

#[derive(Template)]
#[template(path = "people/person_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    regions: Vec<(String, String)>,
    politicals: Vec<(String, String)>,
    educations: Vec<(String, String)>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    error: Option<String>,
    can_write: bool,
    is_admin: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let (records, total, error, status) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = persons::list(
                &state.db,
                &auth.actor.scope,
                &filter,
                store::Page::new(page, PAGE_SIZE),
            )
            .await?;
            (rows, total, None, StatusCode::OK)
        }
        Err(e) => {
            let e = AppError::from(e);
            (Vec::new(), 0, Some(e.message(&ctx.tr)), e.status)
        }
    };
    let names = region_names(&state, &auth.actor.scope).await?;
    let rows = records
        .into_iter()
        .map(|p| row_of(&ctx.tr, &names, p))
        .collect();
    let list = ListPage {
        ctx: PageCtx::new(&ctx, "people"),
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        politicals: political_choices(&ctx.tr),
        educations: education_choices(&ctx.tr),
        rows,
        q,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        error,
        can_write: keeps(&auth),
        is_admin: is_admin(&auth),
    };
    render_status(&list, status)
}

/// The export's rows: the import's columns (so that a full file imports back) and the
/// region's name.
fn export_rows(
    tr: &crate::i18n::Tr,
    names: &HashMap<String, String>,
    records: Vec<PersonRecord>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = usecase::people::person_header(tr);
    headers.push(tr.t("field-region_name"));
    let rows = records
        .into_iter()
        .map(|p| {
            let sex = Sex::parse(&p.sex).map(Sex::chinese).unwrap_or_default();
            let political = PoliticalStatus::parse(&p.political_status)
                .map(PoliticalStatus::chinese)
                .unwrap_or_default();
            let education = p
                .education
                .as_deref()
                .and_then(|e| Education::parse(e).ok())
                .map(Education::chinese)
                .unwrap_or_default();
            vec![
                p.name,
                sex.to_string(),
                p.birth_date,
                p.ethnicity,
                p.id_number,
                political.to_string(),
                education.to_string(),
                p.phone,
                p.region_code.clone(),
                names.get(&p.region_code).cloned().unwrap_or_default(),
            ]
        })
        .collect();
    (headers, rows)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let (records, _) =
        persons::list(&state.db, &auth.actor.scope, &filter, store::Page::all()).await?;
    let names = region_names(&state, &auth.actor.scope).await?;
    let (headers, rows) = export_rows(&ctx.tr, &names, records);
    use usecase::tabular::Kind::{Date, Text};
    tabular::kinds_xlsx_response(
        &ctx.tr.t("pp-persons"),
        &headers,
        &[Text, Text, Date],
        &rows,
        "persons.xlsx",
    )
}

#[derive(Deserialize, Default)]
struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

/// The full roster (ID numbers and phones in full): the district administrator only, who
/// ticks the confirmation; the store writes the export to the audit log.
async fn export_full(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    if !is_admin(&auth) {
        return Err(AppError::forbidden());
    }
    if form.confirm != "yes" {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "pp.confirm_required",
        ));
    }
    let records = persons::roster(&state.db, &auth.actor, true).await?;
    let names = region_names(&state, &auth.actor.scope).await?;
    let (headers, rows) = export_rows(&ctx.tr, &names, records);
    use usecase::tabular::Kind::{Date, Text};
    let r = tabular::kinds_xlsx_response(
        &ctx.tr.t("pp-persons"),
        &headers,
        &[Text, Text, Date],
        &rows,
        "persons-full.xlsx",
    )?;
    Ok(no_store(r))
}

// ------------------------------------------------------------------ the form

#[derive(Template)]
#[template(path = "people/person_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// The person edited (`None` for a new one).
    id: Option<String>,
    /// The masked number of the person edited.
    masked: String,
    form: PersonInput,
    regions: Vec<(String, String)>,
    sexes: Vec<(String, String)>,
    politicals: Vec<(String, String)>,
    educations: Vec<(String, String)>,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: Option<String>,
    masked: String,
    form: PersonInput,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let (message, status) = match error {
        Some(e) => (Some(e.message(&ctx.tr)), e.status),
        None => (None, StatusCode::OK),
    };
    let page = FormPage {
        ctx: PageCtx::new(ctx, "people"),
        id,
        masked,
        form,
        regions: region_choices(state, &auth.actor.scope).await?,
        sexes: choices(&ctx.tr, "sex", Sex::ALL.iter().map(|v| v.as_str())),
        politicals: political_choices(&ctx.tr),
        educations: education_choices(&ctx.tr),
        error: message,
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    if !keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let form = PersonInput {
        region_code: auth.user.region_code.clone(),
        ethnicity: "汉族".into(),
        ..Default::default()
    };
    form_page(&state, &auth, &ctx, None, String::new(), form, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<PersonInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(p) => persons::create(&state.db, &auth.actor, &p)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(p) => Ok(Redirect::to(&crate::base::url::people_person(&p.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            // The number typed is not sent back in the page.
            let form = PersonInput {
                id_number: String::new(),
                ..form
            };
            form_page(&state, &auth, &ctx, None, String::new(), form, Some(e)).await
        }
    }
}

async fn person_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<PersonRecord, AppError> {
    persons::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)
}

fn input_of(p: &PersonRecord) -> PersonInput {
    PersonInput {
        region_code: p.region_code.clone(),
        name: p.name.clone(),
        sex: p.sex.clone(),
        birth_date: p.birth_date.clone(),
        ethnicity: p.ethnicity.clone(),
        id_number: String::new(),
        political_status: p.political_status.clone(),
        education: p.education.clone().unwrap_or_default(),
        phone: String::new(),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let p = person_in_scope(&state, &auth, &id).await?;
    if !keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let form = input_of(&p);
    form_page(&state, &auth, &ctx, Some(p.id), p.id_number, form, None).await
}

#[derive(Deserialize, Default)]
struct EditForm {
    #[serde(flatten)]
    input: PersonInput,
    /// "1": keep the stored phone (the form shows it masked).
    #[serde(default)]
    keep_phone: String,
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let p = person_in_scope(&state, &auth, &id).await?;
    let keep_phone = form.keep_phone == "1";
    match store::people::persons::update_keeping(
        &state.db,
        &auth.actor,
        &id,
        &form.input,
        keep_phone,
    )
    .await
    {
        Ok(p) => Ok(Redirect::to(&crate::base::url::people_person(&p.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            let form = PersonInput {
                id_number: String::new(),
                phone: String::new(),
                ..form.input
            };
            form_page(&state, &auth, &ctx, Some(p.id), p.id_number, form, Some(e)).await
        }
    }
}

#[derive(Deserialize, Default)]
struct ArchiveForm {
    /// "0" restores.
    #[serde(default)]
    archived: String,
}

async fn archive(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ArchiveForm>,
) -> Result<Response, AppError> {
    let p = persons::set_archived(&state.db, &auth.actor, &id, form.archived != "0").await?;
    Ok(Redirect::to(&crate::base::url::people_person(&p.id)).into_response())
}

// ------------------------------------------------------------------ photo

async fn photo(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (content_type, bytes) = persons::photo(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let mut r = bytes.into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

async fn upload_photo(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    upload: Upload,
) -> Result<Response, AppError> {
    let data = upload
        .file("photo")
        .map(|f| &f.data)
        .filter(|d| !d.is_empty());
    let Some(data) = data else {
        let e = AppError::from(FieldError::new("common.required", "photo"));
        return detail_page(&state, &auth, &ctx, &id, None, Some(e)).await;
    };
    match persons::set_photo(&state.db, &auth.actor, &id, Some(data)).await {
        Ok(p) => Ok(crate::base::page::go_to(
            &headers,
            &crate::base::url::people_person(&p.id),
        )),
        Err(e) => {
            let e = in_page(e.into())?;
            detail_page(&state, &auth, &ctx, &id, None, Some(e)).await
        }
    }
}

// ------------------------------------------------------------------ one person

/// (id, pool, category, status, skills) of a talent entry.
type TalentRow = (String, String, String, String, String);

/// A talent entry's id, pool, category, status (labels in the user's language) and skills.
fn talent_labels(ctx: &RequestCtx, t: TalentRecord) -> TalentRow {
    (
        t.id,
        label(&ctx.tr, "pool", &t.pool),
        label(&ctx.tr, "category", &t.category),
        label(&ctx.tr, "status", &t.status),
        t.skills,
    )
}

pub struct PostRow {
    pub p: PostRecord,
    pub post: String,
    pub region_name: String,
    pub current: bool,
}

pub struct TrainingRow {
    pub id: String,
    pub topic: String,
    pub starts_on: String,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "people/person_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    row: Row,
    posts: Vec<PostRow>,
    /// (id, pool, category, status, skills) of the person's talent entries.
    talent: Vec<TalentRow>,
    trainings: Vec<TrainingRow>,
    incentives: Vec<(IncentiveRecord, String)>,
    incentive_kinds: Vec<(String, String)>,
    today: String,
    can_write: bool,
    is_admin: bool,
    revealed: Option<Revealed>,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    revealed: Option<Revealed>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let p = person_in_scope(state, auth, id).await?;
    let names = region_names(state, scope).await?;
    let day = today();
    let posts = store::people::posts::list(
        &state.db,
        scope,
        &store::people::posts::Filter {
            person_id: Some(p.id.clone()),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .map(|r| PostRow {
        post: label(&ctx.tr, "post", &r.post),
        region_name: names.get(&r.region_code).cloned().unwrap_or_default(),
        current: r.active_on(day),
        p: r,
    })
    .collect();
    let talent = store::people::talent::search(
        &state.db,
        scope,
        &store::people::talent::Filter {
            region: None,
            text: p.name.clone(),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .filter(|t| t.person_id == p.id)
    .map(|t| talent_labels(ctx, t))
    .collect();
    let trainings = store::people::trainings::attended_by(&state.db, scope, &p.id)
        .await?
        .into_iter()
        .map(|t| TrainingRow {
            id: t.training_id,
            topic: t.topic,
            starts_on: t.starts_on,
            hours: t.hours,
        })
        .collect();
    let incentives = store::people::incentives::list(
        &state.db,
        scope,
        &store::people::incentives::Filter {
            person_id: Some(p.id.clone()),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .map(|i| {
        let kind = label(&ctx.tr, "incentive", &i.kind);
        (i, kind)
    })
    .collect();
    let (error, status) = match error {
        Some(e) => (Some(e.message(&ctx.tr)), e.status),
        None => (None, StatusCode::OK),
    };
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "people"),
        row: row_of(&ctx.tr, &names, p),
        posts,
        talent,
        trainings,
        incentives,
        incentive_kinds: incentive_choices(&ctx.tr),
        today: day.to_string(),
        can_write: keeps(auth),
        is_admin: is_admin(auth),
        revealed,
        error,
    };
    let r = render_status(&page, status)?;
    Ok(no_store(r))
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None, None).await
}

/// The full ID number and phone, once, in the answer to the administrator's POST.
async fn reveal(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let revealed = persons::reveal(&state.db, &auth.actor, &id).await?;
    detail_page(&state, &auth, &ctx, &id, Some(revealed), None).await
}

//! Posts and tenure (任职): the list (current and history) with filters and export, the
//! form, ending a post; and incentives (正向激励): the list with export and the form (also on
//! a person's page).

use super::persons::{incentive_choices, keeps, label, person_choices, post_choices};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{in_page, render_status};
use crate::base::params::filter_date;
use crate::base::regions::{filter_region, region_choices, region_names};
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
use domain::FieldError;
use domain::people::{IncentiveInput, IncentiveKind, PostInput, PostKind};
use serde::Deserialize;
use std::collections::HashMap;
use store::people::posts::{self, Filter};
use store::people::{IncentiveRecord, PostRecord, incentives};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::PEOPLE_POSTS, get(list))
        .route(crate::base::url::PEOPLE_POSTS_EXPORT_XLSX, get(export))
        .route(
            crate::base::url::PEOPLE_POSTS_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::PEOPLE_POST_END, post(end))
        .route(crate::base::url::PEOPLE_INCENTIVES, get(incentive_list))
        .route(
            crate::base::url::PEOPLE_INCENTIVES_EXPORT_XLSX,
            get(incentive_export),
        )
        .route(
            crate::base::url::PEOPLE_INCENTIVES_NEW,
            get(incentive_new).post(incentive_create),
        )
}

// ------------------------------------------------------------------ posts

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    post: String,
    /// Held on this day (empty: current and history).
    #[serde(default)]
    on: String,
    #[serde(default)]
    archived: String,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let post = match self.post.trim() {
            "" => None,
            t => Some(PostKind::parse(t)?),
        };
        Ok(Filter {
            region: filter_region(&self.region)?,
            post,
            person_id: None,
            active_on: filter_date(&self.on, "date")?,
            include_archived: self.archived == "1",
        })
    }

    fn query_string(&self) -> String {
        format!(
            "region={}&post={}&on={}&archived={}",
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.post),
            crate::base::url::encode(&self.on),
            crate::base::url::encode(&self.archived)
        )
    }
}

pub struct Row {
    pub p: PostRecord,
    pub post: String,
    pub region_name: String,
    pub current: bool,
}

fn rows_of(
    tr: &crate::i18n::Tr,
    names: &HashMap<String, String>,
    records: Vec<PostRecord>,
) -> Vec<Row> {
    let day = today();
    records
        .into_iter()
        .map(|p| Row {
            post: label(tr, "post", &p.post),
            region_name: names.get(&p.region_code).cloned().unwrap_or_default(),
            current: p.active_on(day),
            p,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "people/post_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    regions: Vec<(String, String)>,
    posts: Vec<(String, String)>,
    rows: Vec<Row>,
    query: String,
    today: String,
    error: Option<String>,
    can_write: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (records, error, status) = match q.filter() {
        Ok(f) => (
            posts::list(&state.db, &auth.actor.scope, &f).await?,
            None,
            StatusCode::OK,
        ),
        Err(e) => {
            let e = AppError::from(e);
            (Vec::new(), Some(e.message(&ctx.tr)), e.status)
        }
    };
    let names = region_names(&state, &auth.actor.scope).await?;
    let page = ListPage {
        ctx: PageCtx::new(&ctx, "people"),
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        posts: post_choices(&ctx.tr),
        rows: rows_of(&ctx.tr, &names, records),
        q,
        today: today().to_string(),
        error,
        can_write: keeps(&auth),
    };
    render_status(&page, status)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let records = posts::list(&state.db, &auth.actor.scope, &q.filter()?).await?;
    let names = region_names(&state, &auth.actor.scope).await?;
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = rows_of(tr, &names, records)
        .into_iter()
        .map(|r| {
            vec![
                r.p.person_name,
                r.p.region_code,
                r.region_name,
                r.post,
                r.p.dispatching_unit,
                r.p.starts_on,
                r.p.ends_on.unwrap_or_default(),
                r.p.note,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "pp-col-name",
        "field-region_code",
        "field-region_name",
        "field-post",
        "field-dispatching_unit",
        "field-starts_on",
        "field-ends_on",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Date, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pp-posts"),
        &headers,
        &[Text, Text, Text, Text, Text, Date, Date],
        &rows,
        "posts.xlsx",
    )
}

#[derive(Template)]
#[template(path = "people/post_form.html")]
struct FormPage {
    ctx: PageCtx,
    form: PostInput,
    persons: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    posts: Vec<(String, String)>,
    error: Option<String>,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: PostInput,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let (error, status) = match error {
        Some(e) => (Some(e.message(&ctx.tr)), e.status),
        None => (None, StatusCode::OK),
    };
    let page = FormPage {
        ctx: PageCtx::new(ctx, "people"),
        form,
        persons: person_choices(state, auth).await?,
        regions: region_choices(state, &auth.actor.scope).await?,
        posts: post_choices(&ctx.tr),
        error,
    };
    render_status(&page, status)
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    person: String,
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    if !keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let form = PostInput {
        person_id: q.person,
        region_code: auth.user.region_code.clone(),
        starts_on: today().to_string(),
        ..Default::default()
    };
    form_page(&state, &auth, &ctx, form, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<PostInput>,
) -> Result<Response, AppError> {
    // The form names the person by id only.
    let form = PostInput {
        id_number: String::new(),
        ..form
    };
    let result = match form.validate() {
        Ok(p) => posts::create(&state.db, &auth.actor, &p)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(p) => Ok(Redirect::to(&crate::base::url::people_person(&p.person_id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            form_page(&state, &auth, &ctx, form, Some(e)).await
        }
    }
}

#[derive(Deserialize, Default)]
struct EndForm {
    #[serde(default)]
    ends_on: String,
    /// Where to go back to: "person" (the person's page) or the list.
    #[serde(default)]
    back: String,
}

async fn end(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<EndForm>,
) -> Result<Response, AppError> {
    let day = domain::time::parse_date(form.ends_on.trim()).ok_or_else(|| {
        FieldError::new("common.date_invalid", "ends_on").arg("value", form.ends_on.trim())
    })?;
    let p = posts::end(&state.db, &auth.actor, &id, day).await?;
    let to = if form.back == "person" {
        crate::base::url::people_person(&p.person_id)
    } else {
        crate::base::url::PEOPLE_POSTS.to_string()
    };
    Ok(Redirect::to(&to).into_response())
}

// ------------------------------------------------------------------ incentives

#[derive(Deserialize, Default)]
struct IncentiveQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
}

impl IncentiveQuery {
    fn filter(&self) -> Result<incentives::Filter, FieldError> {
        let kind = match self.kind.trim() {
            "" => None,
            t => Some(IncentiveKind::parse(t)?),
        };
        let year = match self.year.trim() {
            "" => None,
            t => Some(
                t.parse::<i32>()
                    .map_err(|_| FieldError::new("common.count_invalid", "year").arg("value", t))?,
            ),
        };
        Ok(incentives::Filter {
            region: filter_region(&self.region)?,
            person_id: None,
            kind,
            year,
            include_archived: false,
        })
    }

    fn query_string(&self) -> String {
        format!(
            "region={}&kind={}&year={}",
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.kind),
            crate::base::url::encode(&self.year)
        )
    }
}

#[derive(Template)]
#[template(path = "people/incentive_list.html")]
struct IncentiveList {
    ctx: PageCtx,
    q: IncentiveQuery,
    regions: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    rows: Vec<(IncentiveRecord, String, String)>,
    query: String,
    error: Option<String>,
    can_write: bool,
}

async fn incentive_rows(
    state: &AppState,
    auth: &Auth,
    tr: &crate::i18n::Tr,
    filter: &incentives::Filter,
) -> Result<Vec<(IncentiveRecord, String, String)>, AppError> {
    let names = region_names(state, &auth.actor.scope).await?;
    Ok(incentives::list(&state.db, &auth.actor.scope, filter)
        .await?
        .into_iter()
        .map(|i| {
            let kind = label(tr, "incentive", &i.kind);
            let region = names.get(&i.region_code).cloned().unwrap_or_default();
            (i, kind, region)
        })
        .collect())
}

async fn incentive_list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<IncentiveQuery>,
) -> Result<Response, AppError> {
    let (rows, error, status) = match q.filter() {
        Ok(f) => (
            incentive_rows(&state, &auth, &ctx.tr, &f).await?,
            None,
            StatusCode::OK,
        ),
        Err(e) => {
            let e = AppError::from(e);
            (Vec::new(), Some(e.message(&ctx.tr)), e.status)
        }
    };
    let page = IncentiveList {
        ctx: PageCtx::new(&ctx, "people"),
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        kinds: incentive_choices(&ctx.tr),
        rows,
        q,
        error,
        can_write: keeps(&auth),
    };
    render_status(&page, status)
}

async fn incentive_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<IncentiveQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = incentive_rows(&state, &auth, tr, &q.filter()?)
        .await?
        .into_iter()
        .map(|(i, kind, region)| {
            vec![
                i.date,
                i.person_name,
                i.region_code,
                region,
                kind,
                i.title,
                i.issuer,
                i.note,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-date",
        "pp-col-name",
        "field-region_code",
        "field-region_name",
        "field-kind",
        "field-title",
        "field-issuer",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::Date;
    tabular::kinds_xlsx_response(
        &tr.t("pp-incentives"),
        &headers,
        &[Date],
        &rows,
        "incentives.xlsx",
    )
}

#[derive(Template)]
#[template(path = "people/incentive_form.html")]
struct IncentiveForm {
    ctx: PageCtx,
    form: IncentiveInput,
    persons: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    error: Option<String>,
}

async fn incentive_form(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: IncentiveInput,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let (error, status) = match error {
        Some(e) => (Some(e.message(&ctx.tr)), e.status),
        None => (None, StatusCode::OK),
    };
    let page = IncentiveForm {
        ctx: PageCtx::new(ctx, "people"),
        form,
        persons: person_choices(state, auth).await?,
        kinds: incentive_choices(&ctx.tr),
        error,
    };
    render_status(&page, status)
}

async fn incentive_new(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    if !keeps(&auth) {
        return Err(AppError::forbidden());
    }
    let form = IncentiveInput {
        person_id: q.person,
        date: today().to_string(),
        ..Default::default()
    };
    incentive_form(&state, &auth, &ctx, form, None).await
}

async fn incentive_create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<IncentiveInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(i) => incentives::create(&state.db, &auth.actor, &i)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(i) => Ok(Redirect::to(&crate::base::url::people_person(&i.person_id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            incentive_form(&state, &auth, &ctx, form, Some(e)).await
        }
    }
}

//! Visit pages (包乡走村入户): the list with filters, paging and export, the form with the
//! problems raised (each becomes a problem in the problem list), one visit with its problems,
//! changing a visit (its problems stay in the problem list) and archiving one entered by
//! mistake.

use super::meetings::{
    FormError, link_owners, may_write, nth_filled, pad_problems, person_names, problem_is_blank,
    problem_rows, problem_state, users_in_reach,
};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{go_to, in_page, render_status};
use crate::base::params::filter_date;
use crate::base::regions::{filter_region, region_choices, region_names, user_choices};
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::mechanism::VisitInput;
use serde::Deserialize;
use std::collections::HashMap;
use store::mechanism::ProblemView;
use store::mechanism::visits::{self, Filter, VisitDetail, VisitRecord};

const PAGE_SIZE: i64 = 50;
const MORE_ROWS: usize = 3;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::MECHANISM_VISITS, get(list))
        .route(crate::base::url::MECHANISM_VISITS_EXPORT_XLSX, get(export))
        .route(
            crate::base::url::MECHANISM_VISITS_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::MECHANISM_VISIT, get(show))
        .route(
            crate::base::url::MECHANISM_VISIT_EDIT,
            get(edit_form).post(update),
        )
        .route(crate::base::url::MECHANISM_VISIT_ARCHIVE, post(archive))
}

// ------------------------------------------------------------------ list and export

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    archived: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        Ok(Filter {
            region: filter_region(&self.region)?,
            visitor_user_id: None,
            from: filter_date(&self.from, "from")?,
            to: filter_date(&self.to, "to")?,
            include_archived: self.archived == "1",
        })
    }

    fn query_string(&self) -> String {
        format!(
            "region={}&from={}&to={}&archived={}",
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.from),
            crate::base::url::encode(&self.to),
            crate::base::url::encode(&self.archived)
        )
    }
}

pub struct Row {
    pub v: VisitRecord,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "mechanism/visit_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    regions: Vec<(String, String)>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    error: Option<String>,
}

async fn rows_of(
    state: &AppState,
    auth: &Auth,
    records: Vec<VisitRecord>,
) -> Result<Vec<Row>, AppError> {
    let names = region_names(state, &auth.actor.scope).await?;
    Ok(records
        .into_iter()
        .map(|v| Row {
            region_name: names.get(&v.region_code).cloned().unwrap_or_default(),
            v,
        })
        .collect())
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let (records, total, error, status) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = visits::list(
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
    let list = ListPage {
        ctx: PageCtx::new(&ctx, "mechanism"),
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        rows: rows_of(&state, &auth, records).await?,
        q,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        error,
    };
    render_status(&list, status)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let (records, _) =
        visits::list(&state.db, &auth.actor.scope, &filter, store::Page::all()).await?;
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = rows_of(&state, &auth, records)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.v.date,
                r.v.visitor_name,
                r.v.region_code,
                r.region_name,
                r.v.household.unwrap_or_default(),
                r.v.purpose,
                r.v.findings,
                tr.t(if r.v.archived {
                    "common-yes"
                } else {
                    "common-no"
                }),
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-date",
        "field-visitor_name",
        "field-region_code",
        "field-region_name",
        "field-household",
        "field-purpose",
        "field-findings",
        "mtg-archived",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    tabular::kinds_xlsx_response(
        &tr.t("mtg-visits"),
        &headers,
        &[usecase::tabular::Kind::Date],
        &rows,
        "visits.xlsx",
    )
}

// ------------------------------------------------------------------ the form

const PROBLEM_FIELDS: &[&str] = &[
    "title",
    "description",
    "owner_user_id",
    "owner_name",
    "deadline",
    "parent_id",
    "weight",
];

fn input_from_map(map: &HashMap<String, String>) -> Result<VisitInput, FieldError> {
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    Ok(VisitInput {
        visitor_user_id: get("visitor_user_id"),
        visitor_name: get("visitor_name"),
        region_code: get("region_code"),
        household: get("household"),
        date: get("date"),
        purpose: get("purpose"),
        findings: get("findings"),
        problems: problem_rows(map, "problems")?,
    })
}

fn padded(mut input: VisitInput, extra: usize) -> VisitInput {
    pad_problems(&mut input.problems, extra);
    input
}

#[derive(Template)]
#[template(path = "mechanism/visit_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// The visit being changed, or none for a new one.
    editing: Option<VisitRecord>,
    form: VisitInput,
    regions: Vec<(String, String)>,
    users: Vec<(String, String)>,
    /// Names offered for problem owners (the registry's persons of the region, then users).
    names: Vec<String>,
    error: FormError,
}

impl FormPage {
    /// The empty problem row the "add row" button copies.
    fn blank_problem(&self) -> domain::mechanism::ProblemInput {
        domain::mechanism::ProblemInput::default()
    }
    fn action(&self) -> String {
        match &self.editing {
            Some(v) => crate::base::url::mechanism_visit_edit(&v.id),
            None => crate::base::url::MECHANISM_VISITS_NEW.to_string(),
        }
    }
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    editing: Option<VisitRecord>,
    form: VisitInput,
    error: FormError,
    status: StatusCode,
) -> Result<Response, AppError> {
    let in_reach = users_in_reach(state, auth).await?;
    let page = FormPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        editing,
        names: person_names(state, auth, &form.region_code, &in_reach).await?,
        form,
        regions: region_choices(state, &auth.actor.scope).await?,
        users: user_choices(state, &auth.actor.scope).await?,
        error,
    };
    render_status(&page, status)
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    region: String,
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let region = if q.region.is_empty() {
        auth.user.region_code.clone()
    } else {
        q.region
    };
    let form = padded(
        VisitInput {
            visitor_user_id: auth.user.id.clone(),
            region_code: region,
            date: today().to_string(),
            ..Default::default()
        },
        0,
    );
    form_page(
        &state,
        &auth,
        &ctx,
        None,
        form,
        FormError::default(),
        StatusCode::OK,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let mut form = input_from_map(&map)?;
    link_owners(&mut form.problems, &users_in_reach(&state, &auth).await?);
    if map.contains_key("more") {
        let form = padded(form, MORE_ROWS);
        return form_page(
            &state,
            &auth,
            &ctx,
            None,
            form,
            FormError::default(),
            StatusCode::OK,
        )
        .await;
    }
    let sections: [(&'static str, &[&'static str]); 1] = [("problems", PROBLEM_FIELDS)];
    let refuse = |e: AppError, form: VisitInput, by_store: bool| {
        let error = FormError::of(&ctx.tr, &e, &sections, |_, n| {
            if by_store {
                nth_filled(&form.problems, problem_is_blank, n)
            } else {
                n
            }
        });
        (padded(form, 0), error, e.status)
    };
    let visit = match form.validate() {
        Ok(v) => v,
        Err(e) => {
            let (form, error, status) = refuse(e.into(), form, false);
            return form_page(&state, &auth, &ctx, None, form, error, status).await;
        }
    };
    match visits::create(&state.db, &auth.actor, &visit).await {
        Ok(v) => Ok(go_to(&headers, &crate::base::url::mechanism_visit(&v.id))),
        Err(e) => {
            let e = in_page(e.into())?;
            let (form, error, status) = refuse(e, form, true);
            form_page(&state, &auth, &ctx, None, form, error, status).await
        }
    }
}

/// A visit the caller may change: in scope (else 404), writable (else 403), not archived.
async fn for_write(state: &AppState, auth: &Auth, id: &str) -> Result<VisitRecord, AppError> {
    let d = visits::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)?;
    if d.visit.archived || !may_write(state, auth, &d.visit.region_code).await? {
        return Err(AppError::forbidden());
    }
    Ok(d.visit)
}

fn input_from_record(v: &VisitRecord) -> VisitInput {
    VisitInput {
        visitor_user_id: v.visitor_user_id.clone().unwrap_or_default(),
        visitor_name: v.visitor_name.clone(),
        region_code: v.region_code.clone(),
        household: v.household.clone().unwrap_or_default(),
        date: v.date.clone(),
        purpose: v.purpose.clone(),
        findings: v.findings.clone(),
        problems: Vec::new(),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let v = for_write(&state, &auth, &id).await?;
    let form = input_from_record(&v);
    form_page(
        &state,
        &auth,
        &ctx,
        Some(v),
        form,
        FormError::default(),
        StatusCode::OK,
    )
    .await
}

/// Saves a changed visit; the problems raised on it are not part of this form.
async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let old = for_write(&state, &auth, &id).await?;
    let mut form = input_from_map(&map)?;
    form.problems.clear();
    let result = match form.validate() {
        Ok(v) => visits::update(&state.db, &auth.actor, &id, &v)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(v) => Ok(go_to(&headers, &crate::base::url::mechanism_visit(&v.id))),
        Err(e) => {
            let e = in_page(e)?;
            let error = FormError::of(&ctx.tr, &e, &[], |_, n| n);
            let status = e.status;
            form_page(&state, &auth, &ctx, Some(old), form, error, status).await
        }
    }
}

// ------------------------------------------------------------------ one visit

#[derive(Template)]
#[template(path = "mechanism/visit_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    d: VisitDetail,
    region_name: String,
    can_write: bool,
    error: Option<String>,
}

impl DetailPage {
    fn pstate(&self, p: &ProblemView) -> String {
        problem_state(&self.ctx.tr, p)
    }
    fn when(&self, ts: &str) -> String {
        crate::base::format::china_time(ts)
    }
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<(String, StatusCode)>,
) -> Result<Response, AppError> {
    let d = visits::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)?;
    let region_name = region_names(state, &auth.actor.scope)
        .await?
        .remove(&d.visit.region_code)
        .unwrap_or_default();
    let (error, status) = match error {
        Some((m, s)) => (Some(m), s),
        None => (None, StatusCode::OK),
    };
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        region_name,
        can_write: may_write(state, auth, &d.visit.region_code).await?,
        d,
        error,
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None).await
}

#[derive(Deserialize, Default)]
struct ArchiveForm {
    /// "0" restores an archived visit.
    #[serde(default)]
    archived: String,
}

async fn archive(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ArchiveForm>,
) -> Result<Response, AppError> {
    let archived = form.archived != "0";
    match visits::set_archived(&state.db, &auth.actor, &id, archived).await {
        Ok(v) => Ok(Redirect::to(&crate::base::url::mechanism_visit(&v.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            let message = e.message(&ctx.tr);
            detail_page(&state, &auth, &ctx, &id, Some((message, e.status))).await
        }
    }
}

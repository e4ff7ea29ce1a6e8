//! Trainings (培训): the list and its export, the form (new and edit), one training with its
//! attendance (marked per person, chosen among the target group's members in scope or any
//! person), the attendance import from .xlsx/.csv (身份证号, 是否参加, 学时; all or nothing,
//! a refusal naming file, row, column and reason) with its template, and the coverage report
//! per year and target group with the names of those not yet trained.

use super::talent::{PersonChoice, can_organise, choices, label, masked_ids, person_choices};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{in_page, render_status};
use crate::base::regions::{region_choices, region_names};
use crate::base::upload::Upload;
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
use chrono::Datelike;
use domain::FieldError;
use domain::people::training::{AttendanceInput, TargetGroup, TrainingInput};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use store::people::trainings::{self, Filter};
use store::people::{AttendanceRecord, TrainingRecord};
use usecase::people::{ATTENDANCE_COLUMNS, attendance_label};

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(crate::base::url::PEOPLE_TRAININGS, get(list))
        .route(crate::base::url::PEOPLE_TRAININGS_EXPORT_XLSX, get(export))
        .route(
            crate::base::url::PEOPLE_TRAININGS_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::PEOPLE_TRAININGS_COVERAGE, get(coverage))
        .route(
            crate::base::url::PEOPLE_TRAININGS_COVERAGE_EXPORT_XLSX,
            get(coverage_export),
        )
        .route(
            crate::base::url::PEOPLE_TRAININGS_ATTENDANCE_TEMPLATE_XLSX,
            get(attendance_template),
        )
        .route(crate::base::url::PEOPLE_TRAINING, get(show))
        .route(
            crate::base::url::PEOPLE_TRAINING_EDIT,
            get(edit_form).post(update),
        )
        .route(crate::base::url::PEOPLE_TRAINING_ATTENDANCE, post(mark))
        .route(
            crate::base::url::PEOPLE_TRAINING_IMPORT,
            get(show).post(import).layer(limit()),
        )
        .route(crate::base::url::PEOPLE_TRAINING_ARCHIVE, post(archive))
}

fn groups(tr: &Tr) -> Vec<(String, String)> {
    choices(tr, "group", TargetGroup::ALL.iter().map(|g| g.as_str()))
}

// ------------------------------------------------------------------ list and export

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    year: String,
    target_group: String,
    archived: String,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let year = match self.year.trim() {
            "" => None,
            t => Some(domain::mechanism::plan::year(t)?),
        };
        let target_group = match self.target_group.trim() {
            "" => None,
            t => Some(TargetGroup::parse(t)?),
        };
        Ok(Filter {
            year,
            target_group,
            include_archived: self.archived == "1",
        })
    }
}

pub struct Row {
    pub t: TrainingRecord,
    pub group: String,
    pub region_name: String,
}

async fn rows_of(
    state: &AppState,
    tr: &Tr,
    records: Vec<TrainingRecord>,
) -> Result<Vec<Row>, AppError> {
    let names = store::region::all(&state.db, &domain::identity::Scope::system())
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect::<HashMap<_, _>>();
    Ok(records
        .into_iter()
        .map(|t| Row {
            group: label(tr, "group", &t.target_group),
            region_name: names.get(&t.region_code).cloned().unwrap_or_default(),
            t,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "people/training_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    groups: Vec<(String, String)>,
    rows: Vec<Row>,
    query: String,
    can_write: bool,
    error: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (records, error, status) = match q.filter() {
        Ok(f) => (
            trainings::list(&state.db, &auth.actor.scope, &f).await?,
            None,
            StatusCode::OK,
        ),
        Err(e) => {
            let e = AppError::from(e);
            (Vec::new(), Some(e.message(tr)), e.status)
        }
    };
    let query = format!(
        "year={}&target_group={}&archived={}",
        crate::base::url::encode(&q.year),
        crate::base::url::encode(&q.target_group),
        crate::base::url::encode(&q.archived)
    );
    let page = ListPage {
        ctx: PageCtx::new(&ctx, "people"),
        groups: groups(tr),
        rows: rows_of(&state, tr, records).await?,
        q,
        query,
        can_write: can_organise(&auth),
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
    let records = trainings::list(&state.db, &auth.actor.scope, &q.filter()?).await?;
    let rows: Vec<Vec<String>> = rows_of(&state, tr, records)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.t.topic,
                r.t.organiser,
                r.t.starts_on,
                r.t.ends_on,
                r.t.hours,
                r.group,
                r.t.region_code,
                r.region_name,
                r.t.note,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-topic",
        "field-organiser",
        "field-starts_on",
        "field-ends_on",
        "field-hours",
        "field-target_group",
        "field-region_code",
        "field-region_name",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Date, Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pt-trainings"),
        &headers,
        &[Text, Text, Date, Date, Number],
        &rows,
        "trainings.xlsx",
    )
}

// ------------------------------------------------------------------ the form

#[derive(Template)]
#[template(path = "people/training_form.html")]
struct FormPage {
    ctx: PageCtx,
    form: TrainingInput,
    /// None: a new training.
    id: Option<String>,
    regions: Vec<(String, String)>,
    groups: Vec<(String, String)>,
    error: Option<String>,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: TrainingInput,
    id: Option<String>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    if !can_organise(auth) {
        return Err(AppError::forbidden());
    }
    let status = error.as_ref().map(|e| e.status).unwrap_or(StatusCode::OK);
    let page = FormPage {
        ctx: PageCtx::new(ctx, "people"),
        form,
        id,
        regions: region_choices(state, &auth.actor.scope).await?,
        groups: groups(&ctx.tr),
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let form = TrainingInput {
        region_code: auth.user.region_code.clone(),
        starts_on: today().to_string(),
        ..Default::default()
    };
    form_page(&state, &auth, &ctx, form, None, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<TrainingInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(t) => trainings::create(&state.db, &auth.actor, &t)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(t) => Ok(Redirect::to(&crate::base::url::people_training(&t.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            form_page(&state, &auth, &ctx, form, None, Some(e)).await
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t = trainings::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let form = TrainingInput {
        region_code: t.region_code,
        topic: t.topic,
        organiser: t.organiser,
        starts_on: t.starts_on,
        ends_on: t.ends_on,
        hours: t.hours,
        target_group: t.target_group,
        note: t.note,
    };
    form_page(&state, &auth, &ctx, form, Some(id), None).await
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TrainingInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(t) => trainings::update(&state.db, &auth.actor, &id, &t)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_training(&id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            form_page(&state, &auth, &ctx, form, Some(id), Some(e)).await
        }
    }
}

// ------------------------------------------------------------------ one training

pub struct AttendanceRow {
    pub a: AttendanceRecord,
    pub id_number: String,
    pub region_name: String,
    pub attended: String,
}

#[derive(Template)]
#[template(path = "people/training_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    r: Row,
    rows: Vec<AttendanceRow>,
    count: usize,
    members: Vec<PersonChoice>,
    others: Vec<PersonChoice>,
    columns: Vec<String>,
    can_write: bool,
    error: Option<String>,
    import_error: Option<String>,
    imported: Option<usize>,
}

/// The people holding a post of `group` today, in scope (ids).
async fn members_of(
    state: &AppState,
    auth: &Auth,
    group: TargetGroup,
) -> Result<BTreeSet<String>, AppError> {
    if group.posts().is_empty() {
        return Ok(BTreeSet::new());
    }
    let posts = store::people::posts::list(
        &state.db,
        &auth.actor.scope,
        &store::people::posts::Filter {
            active_on: Some(today()),
            ..Default::default()
        },
    )
    .await?;
    Ok(posts
        .into_iter()
        .filter(|p| p.kind().is_some_and(|k| group.posts().contains(&k)))
        .map(|p| p.person_id)
        .collect())
}

#[derive(Default)]
struct Outcome {
    error: Option<AppError>,
    import_error: Option<String>,
    imported: Option<usize>,
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let t = trainings::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let r = rows_of(state, tr, vec![t])
        .await?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let ids = masked_ids(state, auth).await?;
    let names = region_names(state, &auth.actor.scope).await?;
    let rows: Vec<AttendanceRow> = trainings::attendance(&state.db, &auth.actor.scope, id)
        .await?
        .into_iter()
        .map(|a| AttendanceRow {
            id_number: ids.get(&a.person_id).cloned().unwrap_or_default(),
            region_name: names.get(&a.region_code).cloned().unwrap_or_default(),
            attended: tr.t(if a.attended {
                "common-yes"
            } else {
                "common-no"
            }),
            a,
        })
        .collect();
    let can_write = can_organise(auth);
    let (members, others) = if can_write {
        let group = TargetGroup::parse(&r.t.target_group).unwrap_or(TargetGroup::Custom);
        let in_group = members_of(state, auth, group).await?;
        person_choices(state, auth)
            .await?
            .into_iter()
            .partition(|p| in_group.contains(&p.id))
    } else {
        (Vec::new(), Vec::new())
    };
    // A refused form or file answers with its status (a refused file 422), the error in the
    // page: htmx swaps 4xx answers.
    let status = match (&outcome.error, &outcome.import_error) {
        (Some(e), _) => e.status,
        (None, Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, None) => StatusCode::OK,
    };
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "people"),
        r,
        count: rows.len(),
        rows,
        members,
        others,
        columns: ATTENDANCE_COLUMNS
            .iter()
            .map(|(k, _)| attendance_label(tr, k))
            .collect(),
        can_write,
        error: outcome.error.map(|e| e.message(tr)),
        import_error: outcome.import_error,
        imported: outcome.imported,
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, Outcome::default()).await
}

async fn mark(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(input): Form<AttendanceInput>,
) -> Result<Response, AppError> {
    let input = AttendanceInput {
        id_number: String::new(),
        ..input
    };
    match trainings::set_attendance(&state.db, &auth.actor, &id, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_training(&id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            let outcome = Outcome {
                error: Some(e),
                ..Default::default()
            };
            detail_page(&state, &auth, &ctx, &id, outcome).await
        }
    }
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
    match trainings::set_archived(&state.db, &auth.actor, &id, f.archived != "0").await {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_training(&id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            let outcome = Outcome {
                error: Some(e),
                ..Default::default()
            };
            detail_page(&state, &auth, &ctx, &id, outcome).await
        }
    }
}

// ------------------------------------------------------------------ attendance import

async fn import(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    if trainings::get(&state.db, &auth.actor.scope, &id)
        .await?
        .is_none()
    {
        return Err(AppError::not_found());
    }
    if !can_organise(&auth) {
        return Err(AppError::forbidden());
    }
    let outcome = match upload.file_bytes("file") {
        None => Outcome {
            import_error: Some(tr.t("import-no-file")),
            ..Default::default()
        },
        Some((name, bytes)) => {
            let i18n = &state.i18n;
            match usecase::people::import_attendance(
                &state.db,
                &auth.actor,
                i18n,
                &id,
                &name,
                &bytes,
            )
            .await
            {
                Ok(n) => Outcome {
                    imported: Some(n),
                    ..Default::default()
                },
                Err(e) => Outcome {
                    import_error: Some(tabular::refusal(e, tr)?),
                    ..Default::default()
                },
            }
        }
    };
    detail_page(&state, &auth, &ctx, &id, outcome).await
}

async fn attendance_template(SignedIn(_, ctx): SignedIn) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let headers: Vec<String> = ATTENDANCE_COLUMNS
        .iter()
        .map(|(k, _)| attendance_label(tr, k))
        .collect();
    tabular::xlsx_response(
        &tr.t("pt-attendance"),
        &headers,
        &[],
        "attendance-template.xlsx",
    )
}

// ------------------------------------------------------------------ coverage

#[derive(Deserialize, Default)]
#[serde(default)]
struct CoverageQuery {
    year: String,
    /// A town or village (empty: the whole scope).
    region: String,
}

pub struct Untrained {
    pub person_id: String,
    pub name: String,
    pub id_number: String,
    pub region_name: String,
}

pub struct GroupRow {
    pub code: String,
    pub group: String,
    pub total: usize,
    pub trained: usize,
    /// Whole percent, "—" for an empty group.
    pub share: String,
    pub untrained: Vec<Untrained>,
}

#[derive(Template)]
#[template(path = "people/coverage.html")]
struct CoveragePage {
    ctx: PageCtx,
    year: i32,
    region: String,
    regions: Vec<(String, String)>,
    groups: Vec<GroupRow>,
}

async fn coverage_rows(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
    q: &CoverageQuery,
) -> Result<(i32, Vec<GroupRow>), AppError> {
    let year = match q.year.trim() {
        "" => today().year(),
        t => domain::mechanism::plan::year(t)?,
    };
    let ids = masked_ids(state, auth).await?;
    let names = region_names(state, &auth.actor.scope).await?;
    let region = crate::base::regions::filter_region(&q.region)?;
    let groups =
        trainings::coverage_in(&state.db, &auth.actor.scope, region.as_ref(), year, today())
            .await?
            .into_iter()
            .map(|g| GroupRow {
                code: g.group.as_str().to_string(),
                group: label(tr, "group", g.group.as_str()),
                total: g.total,
                trained: g.trained,
                share: g
                    .percent()
                    .map(|p| format!("{p}%"))
                    .unwrap_or_else(|| "—".to_string()),
                untrained: g
                    .untrained
                    .iter()
                    .map(|(pid, name, region)| Untrained {
                        person_id: pid.clone(),
                        name: name.clone(),
                        id_number: ids.get(pid).cloned().unwrap_or_default(),
                        region_name: names.get(region).cloned().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
    Ok((year, groups))
}

async fn coverage(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, AppError> {
    let (year, groups) = coverage_rows(&state, &auth, &ctx.tr, &q).await?;
    let page = CoveragePage {
        ctx: PageCtx::new(&ctx, "people"),
        year,
        regions: region_choices(&state, &auth.actor.scope).await?,
        region: q.region,
        groups,
    };
    render_status(&page, StatusCode::OK)
}

async fn coverage_export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let (year, groups) = coverage_rows(&state, &auth, tr, &q).await?;
    let mut rows = Vec::new();
    for g in groups {
        rows.push(vec![
            g.group.clone(),
            g.total.to_string(),
            g.trained.to_string(),
            g.share.clone(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        for u in g.untrained {
            rows.push(vec![
                g.group.clone(),
                String::new(),
                String::new(),
                String::new(),
                u.name,
                u.id_number,
                u.region_name,
            ]);
        }
    }
    let headers: Vec<String> = [
        "field-target_group",
        "pt-total",
        "pt-trained",
        "pt-share",
        "pt-untrained-name",
        "field-id_number",
        "field-region_name",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pt-coverage"),
        &headers,
        &[Text, Number, Number],
        &rows,
        &format!("coverage-{year}.xlsx"),
    )
}

//! Meeting pages: the list with filters, paging and export, the form (new and edit) with
//! attendees, decisions (which become problems) and attachments, one meeting with its
//! minutes, attachments and decisions, archiving, and attachment downloads.
//!
//! The form is multipart (it carries files), so it is sent by htmx, which adds the CSRF
//! header; a refused form comes back with the values entered and the error at its field.
//! Minutes are typed as plain text (`minutes`, turned into HTML by
//! `domain::mechanism::minutes`); attendee and owner names are offered from the people
//! registry of the meeting's region and the users in reach; "add a row" buttons clone a
//! `<template>` row in `app-3.js` and, without JavaScript, post `more` for more rows.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{china_time, file_size, today};
use crate::base::page::{go_to, in_page, render, render_status};
use crate::base::params::filter_date;
use crate::base::regions::{filter_region, region_choices, region_names, user_choices};
use crate::base::upload::Upload as UploadForm;
use crate::error::AppError;
use crate::i18n::Tr;
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
use domain::identity::Role;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::minutes;
use domain::mechanism::{AttendeeStatus, MeetingInput, ProblemInput};
use domain::region::RegionCode;
use serde::Deserialize;
use std::collections::HashMap;
use store::mechanism::meetings::{self, Filter, MeetingDetail, Upload};
use store::mechanism::{MeetingRecord, MeetingTypeRecord, ProblemView};

const PAGE_SIZE: i64 = 50;
/// Blank rows the form offers at least; "more rows" adds this many again.
const MIN_ROWS: usize = 5;
const MORE_ROWS: usize = 5;
/// A form with more rows than this is refused (the domain allows 500 attendees).
const MAX_ROWS: usize = 600;

pub fn routes() -> Router<AppState> {
    let limit = || crate::security::upload_limit();
    Router::new()
        .route(crate::base::url::MECHANISM_MEETINGS, get(list))
        .route(
            crate::base::url::MECHANISM_MEETINGS_EXPORT_XLSX,
            get(export),
        )
        .route(
            crate::base::url::MECHANISM_MEETINGS_NEW,
            get(new_form).post(create).layer(limit()),
        )
        .route(crate::base::url::MECHANISM_MEETING, get(show))
        .route(
            crate::base::url::MECHANISM_MEETING_EDIT,
            get(edit_form).post(update).layer(limit()),
        )
        .route(crate::base::url::MECHANISM_MEETING_ARCHIVE, post(archive))
        .route(
            crate::base::url::MECHANISM_MEETING_DECISIONS,
            post(add_decision),
        )
        .route(crate::base::url::MECHANISM_ATTACHMENT, get(attachment))
        .route(
            crate::base::url::MECHANISM_PERSON_NAMES,
            get(person_names_list),
        )
}

// ------------------------------------------------------------------ shared with visits and the calendar

/// The name of a meeting type in the user's language.
pub(crate) fn type_name(tr: &Tr, types: &[MeetingTypeRecord], code: &str) -> String {
    types
        .iter()
        .find(|t| t.code == code)
        .map(|t| {
            if tr.tag() == "zh-CN" {
                t.name_zh.clone()
            } else {
                t.name_en.clone()
            }
        })
        .unwrap_or_else(|| code.to_string())
}

/// May the caller record meetings, visits and problems in `region`? (A district leader
/// only where an assignment of theirs covers it; the store checks again on write.)
pub(crate) async fn may_write(
    state: &AppState,
    auth: &Auth,
    region: &str,
) -> Result<bool, AppError> {
    let Ok(region) = RegionCode::parse(region) else {
        return Ok(false);
    };
    if !auth.actor.scope.contains(&region) {
        return Ok(false);
    }
    if auth.role != Role::DistrictLeader {
        return Ok(true);
    }
    let mine = store::mechanism::assignments::list(
        &state.db,
        &auth.actor.scope,
        &store::mechanism::assignments::Filter {
            leader_user_id: Some(auth.user.id.clone()),
            ..Default::default()
        },
    )
    .await?;
    Ok(mine
        .iter()
        .any(|a| RegionCode::parse(&a.region_code).is_ok_and(|r| r.contains(&region))))
}

/// Labels of a problem's state, shown next to decisions and problems raised.
pub(crate) fn problem_state(tr: &Tr, p: &ProblemView) -> String {
    tr.t(&format!("mtg-pstate-{}", p.problem.state))
}

/// Where a refused form shows its error: the field key the template asks for, and the
/// message (naming the row for attendees, decisions and problems raised).
#[derive(Debug, Clone, Default)]
pub(crate) struct FormError {
    pub at: String,
    pub message: String,
}

impl FormError {
    /// `row_of` turns the `line` of the error into the row of the form.
    pub(crate) fn of(
        tr: &Tr,
        e: &AppError,
        rows: &[(&'static str, &[&'static str])],
        row_of: impl Fn(&str, usize) -> usize,
    ) -> FormError {
        let message = e.message(tr);
        let Some(f) = &e.field else {
            return FormError {
                at: String::new(),
                message,
            };
        };
        let section = rows
            .iter()
            .find(|(_, fields)| fields.contains(&f.field))
            .map(|(s, _)| *s);
        match (
            section,
            f.args.get("line").and_then(|l| l.parse::<usize>().ok()),
        ) {
            (Some(section), Some(line)) => {
                let args: std::collections::BTreeMap<&'static str, String> = [
                    ("section", tr.t(&format!("field-{section}"))),
                    ("line", row_of(section, line).to_string()),
                ]
                .into_iter()
                .collect();
                FormError {
                    at: section.to_string(),
                    message: format!("{}{message}", tr.with_args("mtg-row-prefix", &args)),
                }
            }
            _ => FormError {
                at: f.field.to_string(),
                message,
            },
        }
    }

    /// The message when it belongs at `key`, else nothing.
    pub(crate) fn at(&self, key: &str) -> &str {
        if self.at == key { &self.message } else { "" }
    }
}

/// Reads `name[N].field` rows from form fields.
pub(crate) fn row_count(map: &HashMap<String, String>, name: &str) -> Result<usize, FieldError> {
    let prefix = format!("{name}[");
    let mut rows = 0;
    for key in map.keys() {
        let index = key
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok());
        if let Some(i) = index {
            rows = rows.max(i + 1);
        }
    }
    if rows > MAX_ROWS {
        return Err(FieldError::new("mechanism.too_many", "attendees").arg("max", "500"));
    }
    Ok(rows)
}

/// Problem rows (`{name}[N].title|owner_user_id|owner_name|deadline`) of a form.
pub(crate) fn problem_rows(
    map: &HashMap<String, String>,
    name: &str,
) -> Result<Vec<ProblemInput>, FieldError> {
    let get = |k: String| map.get(&k).cloned().unwrap_or_default();
    Ok((0..row_count(map, name)?)
        .map(|i| ProblemInput {
            title: get(format!("{name}[{i}].title")),
            owner_user_id: get(format!("{name}[{i}].owner_user_id")),
            owner_name: get(format!("{name}[{i}].owner_name")),
            deadline: get(format!("{name}[{i}].deadline")),
            ..Default::default()
        })
        .collect())
}

pub(crate) fn problem_is_blank(p: &ProblemInput) -> bool {
    p.title.trim().is_empty() && p.owner_name.trim().is_empty() && p.deadline.trim().is_empty()
}

/// Trailing blank problem rows dropped, then blank ones up to the minimum plus `extra`.
pub(crate) fn pad_problems(rows: &mut Vec<ProblemInput>, extra: usize) {
    while rows.last().is_some_and(problem_is_blank) {
        rows.pop();
    }
    let want = rows.len().max(MIN_ROWS / 2 + 1) + extra;
    rows.resize_with(want, ProblemInput::default);
}

/// The form row (1-based) of the `n`-th non-blank row: the store numbers only those.
pub(crate) fn nth_filled<T>(rows: &[T], blank: impl Fn(&T) -> bool, n: usize) -> usize {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| !blank(r))
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i + 1)
        .unwrap_or(n)
}

// ------------------------------------------------------------------ list and export

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default, rename = "type")]
    type_code: String,
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
            type_code: Some(self.type_code.trim().to_string()).filter(|t| !t.is_empty()),
            from: filter_date(&self.from, "from")?,
            to: filter_date(&self.to, "to")?,
            include_archived: self.archived == "1",
        })
    }

    fn query_string(&self) -> String {
        format!(
            "region={}&type={}&from={}&to={}&archived={}",
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.type_code),
            crate::base::url::encode(&self.from),
            crate::base::url::encode(&self.to),
            crate::base::url::encode(&self.archived)
        )
    }
}

pub struct Row {
    pub m: MeetingRecord,
    pub type_name: String,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "mechanism/meeting_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: ListQuery,
    regions: Vec<(String, String)>,
    types: Vec<MeetingTypeRecord>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    error: Option<String>,
}

impl ListPage {
    fn type_label(&self, t: &MeetingTypeRecord) -> String {
        type_name(&self.ctx.tr, std::slice::from_ref(t), &t.code)
    }
}

async fn rows_of(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
    records: Vec<MeetingRecord>,
    types: &[MeetingTypeRecord],
) -> Result<Vec<Row>, AppError> {
    let names = region_names(state, &auth.actor.scope).await?;
    Ok(records
        .into_iter()
        .map(|m| Row {
            type_name: type_name(tr, types, &m.type_code),
            region_name: names.get(&m.region_code).cloned().unwrap_or_default(),
            m,
        })
        .collect())
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let types = meetings::types(&state.db, true).await?;
    let (records, total, error, status) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = meetings::list(
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
    let rows = rows_of(&state, &auth, &ctx.tr, records, &types).await?;
    let list = ListPage {
        ctx: PageCtx::new(&ctx, "mechanism"),
        query: q.query_string(),
        regions: region_choices(&state, &auth.actor.scope).await?,
        types,
        q,
        rows,
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
    let types = meetings::types(&state.db, true).await?;
    let (records, _) =
        meetings::list(&state.db, &auth.actor.scope, &filter, store::Page::all()).await?;
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = rows_of(&state, &auth, tr, records, &types)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.m.date,
                r.m.start_time,
                r.m.end_time.unwrap_or_default(),
                r.type_name,
                r.m.region_code,
                r.region_name,
                r.m.place,
                r.m.chair,
                r.m.agenda,
                tr.t(if r.m.archived {
                    "common-yes"
                } else {
                    "common-no"
                }),
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-date",
        "field-start_time",
        "field-end_time",
        "field-type_code",
        "field-region_code",
        "field-region_name",
        "field-place",
        "field-chair",
        "field-agenda",
        "mtg-archived",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    tabular::kinds_xlsx_response(
        &tr.t("mtg-meetings"),
        &headers,
        &[usecase::tabular::Kind::Date],
        &rows,
        "meetings.xlsx",
    )
}

// ------------------------------------------------------------------ the form

/// Fields of an attendee row and of a decision row, for placing errors.
const ATTENDEE_FIELDS: &[&str] = &["user_id", "name", "status"];
const DECISION_FIELDS: &[&str] = &[
    "title",
    "description",
    "owner_user_id",
    "owner_name",
    "deadline",
    "parent_id",
    "weight",
];

fn attendee_is_blank(a: &AttendeeInput) -> bool {
    a.user_id.trim().is_empty() && a.name.trim().is_empty()
}

fn input_from_map(map: &HashMap<String, String>) -> Result<MeetingInput, FieldError> {
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    let attendees = (0..row_count(map, "attendees")?)
        .map(|i| AttendeeInput {
            user_id: get(&format!("attendees[{i}].user_id")),
            person_id: get(&format!("attendees[{i}].person_id")),
            name: get(&format!("attendees[{i}].name")),
            status: get(&format!("attendees[{i}].status")),
        })
        .collect();
    Ok(MeetingInput {
        type_code: get("type_code"),
        region_code: get("region_code"),
        date: get("date"),
        start_time: get("start_time"),
        end_time: get("end_time"),
        place: get("place"),
        chair: get("chair"),
        chair_user_id: get("chair_user_id"),
        agenda: get("agenda"),
        // The form sends plain text; the API (and older forms) HTML, sanitized alike.
        minutes_html: match map.get("minutes") {
            Some(text) => minutes::to_html(text),
            None => get("minutes_html"),
        },
        attendees,
        decisions: problem_rows(map, "decisions")?,
    })
}

fn input_from_record(d: &MeetingDetail) -> MeetingInput {
    let m = &d.meeting;
    MeetingInput {
        type_code: m.type_code.clone(),
        region_code: m.region_code.clone(),
        date: m.date.clone(),
        start_time: m.start_time.clone(),
        end_time: m.end_time.clone().unwrap_or_default(),
        place: m.place.clone(),
        chair: m.chair.clone(),
        chair_user_id: m.chair_user_id.clone().unwrap_or_default(),
        agenda: m.agenda.clone(),
        minutes_html: m.minutes_html.clone(),
        attendees: d
            .attendees
            .iter()
            .map(|a| AttendeeInput {
                user_id: a.user_id.clone().unwrap_or_default(),
                person_id: a.person_id.clone().unwrap_or_default(),
                name: a.name.clone(),
                status: a.status.clone(),
            })
            .collect(),
        decisions: Vec::new(),
    }
}

fn padded(mut input: MeetingInput, extra: usize) -> MeetingInput {
    while input.attendees.last().is_some_and(attendee_is_blank) {
        input.attendees.pop();
    }
    let want = input.attendees.len().max(MIN_ROWS) + extra;
    input.attendees.resize_with(want, AttendeeInput::default);
    pad_problems(&mut input.decisions, extra);
    input
}

#[derive(Template)]
#[template(path = "mechanism/meeting_form.html")]
struct FormPage {
    ctx: PageCtx,
    /// The meeting being changed, or none for a new one.
    editing: Option<MeetingRecord>,
    form: MeetingInput,
    types: Vec<MeetingTypeRecord>,
    regions: Vec<(String, String)>,
    users: Vec<(String, String)>,
    /// Names offered for attendees and owners: the registry's persons of the meeting's
    /// region, then the users in reach (a name typed as it is listed links to the user).
    names: Vec<String>,
    statuses: Vec<(&'static str, String)>,
    error: FormError,
}

impl FormPage {
    fn action(&self) -> String {
        match &self.editing {
            Some(m) => crate::base::url::mechanism_meeting_edit(&m.id),
            None => crate::base::url::MECHANISM_MEETINGS_NEW.to_string(),
        }
    }
    fn type_label(&self, t: &MeetingTypeRecord) -> String {
        type_name(&self.ctx.tr, std::slice::from_ref(t), &t.code)
    }
    /// Active types, and the meeting's own type when it was deactivated since.
    fn offered(&self, t: &MeetingTypeRecord) -> bool {
        t.active || t.code == self.form.type_code
    }
    fn status_selected(&self, a: &AttendeeInput, s: &str) -> bool {
        AttendeeStatus::parse(&a.status)
            .map(|x| x.as_str() == s)
            .unwrap_or(false)
    }
    /// The empty rows the "add row" button copies.
    fn blank_attendee(&self) -> AttendeeInput {
        AttendeeInput::default()
    }
    fn blank_decision(&self) -> ProblemInput {
        ProblemInput::default()
    }
    /// The minutes as the plain text the form edits.
    fn minutes_text(&self) -> String {
        minutes::to_text(&self.form.minutes_html)
    }
}

/// Most registry names one form offers.
const MAX_NAMES: i64 = 2000;

/// The `<datalist id="person-names">` of the meeting and visit forms.
#[derive(Template)]
#[template(path = "mechanism/person_names.html")]
pub(crate) struct PersonNames {
    pub(crate) names: Vec<String>,
}

#[derive(Deserialize)]
struct NamesQuery {
    #[serde(default)]
    region_code: String,
}

/// The names offered for a region, fetched by the forms when their region changes.
async fn person_names_list(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Query(q): Query<NamesQuery>,
) -> Result<Response, AppError> {
    let in_reach = users_in_reach(&state, &auth).await?;
    let names = person_names(&state, &auth, &q.region_code, &in_reach).await?;
    render(&PersonNames { names })
}

/// The names a form offers for people at `region`: persons of the registry there (by
/// name, each once), then the users in reach by display name.
pub(crate) async fn person_names(
    state: &AppState,
    auth: &Auth,
    region: &str,
    users: &[store::identity::UserRecord],
) -> Result<Vec<String>, AppError> {
    let mut names: Vec<String> = Vec::new();
    if let Ok(region) = RegionCode::parse(region) {
        let (persons, _) = store::people::persons::list(
            &state.db,
            &auth.actor.scope,
            &store::people::persons::Filter {
                region: Some(region),
                ..Default::default()
            },
            store::Page::new(1, MAX_NAMES),
        )
        .await?;
        names.extend(persons.into_iter().map(|p| p.name));
    }
    names.extend(users.iter().map(|u| u.display_name.clone()));
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    Ok(names)
}

/// The one active user in reach whose display name is `name` (none when no user or several
/// have it).
fn user_named(users: &[store::identity::UserRecord], name: &str) -> Option<String> {
    let name = name.trim();
    let mut found = users.iter().filter(|u| u.display_name == name);
    match (found.next(), found.next()) {
        (Some(u), None) if !name.is_empty() => Some(u.id.clone()),
        _ => None,
    }
}

/// Links problem rows whose owner is named by a user's display name (and choosing none) to
/// that user; other names stay as typed.
pub(crate) fn link_owners(rows: &mut [ProblemInput], users: &[store::identity::UserRecord]) {
    for d in rows.iter_mut().filter(|d| d.owner_user_id.is_empty()) {
        if let Some(id) = user_named(users, &d.owner_name) {
            d.owner_user_id = id;
        }
    }
}

/// Links rows naming a user by display name (and choosing none) to that user, when exactly
/// one active user in reach has the name; other names stay as typed (guests, villagers).
fn link_users(form: &mut MeetingInput, users: &[store::identity::UserRecord]) {
    for a in form.attendees.iter_mut().filter(|a| a.user_id.is_empty()) {
        if let Some(id) = user_named(users, &a.name) {
            a.user_id = id;
        }
    }
    link_owners(&mut form.decisions, users);
}

/// The active users in reach of the caller.
pub(crate) async fn users_in_reach(
    state: &AppState,
    auth: &Auth,
) -> Result<Vec<store::identity::UserRecord>, AppError> {
    let mut users = store::identity::users_in_reach(&state.db, &auth.actor.scope).await?;
    users.retain(|u| u.active);
    Ok(users)
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    editing: Option<MeetingRecord>,
    form: MeetingInput,
    error: FormError,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let in_reach = users_in_reach(state, auth).await?;
    let page = FormPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        editing,
        names: person_names(state, auth, &form.region_code, &in_reach).await?,
        form,
        types: meetings::types(&state.db, true).await?,
        regions: region_choices(state, &auth.actor.scope).await?,
        users: user_choices(state, &auth.actor.scope).await?,
        statuses: AttendeeStatus::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(&format!("mtg-status-{}", s.as_str()))))
            .collect(),
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
        MeetingInput {
            region_code: region,
            date: today().to_string(),
            start_time: "09:00".into(),
            chair_user_id: auth.user.id.clone(),
            ..Default::default()
        },
        0,
    );
    let status = StatusCode::OK;
    form_page(
        &state,
        &auth,
        &ctx,
        None,
        form,
        FormError::default(),
        status,
    )
    .await
}

/// Validates and stores the form (new meeting or changes), or shows it again with the
/// reason at its field; nothing is written when anything is refused.
async fn save(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    headers: &HeaderMap,
    editing: Option<MeetingRecord>,
    upload: UploadForm,
) -> Result<Response, AppError> {
    let map = upload.texts();
    let mut form = input_from_map(map)?;
    link_users(&mut form, &users_in_reach(state, auth).await?);
    let sections: [(&'static str, &[&'static str]); 2] = [
        ("attendees", ATTENDEE_FIELDS),
        ("decisions", DECISION_FIELDS),
    ];
    if map.contains_key("more") {
        let form = padded(form, MORE_ROWS);
        return form_page(
            state,
            auth,
            ctx,
            editing,
            form,
            FormError::default(),
            StatusCode::OK,
        )
        .await;
    }
    let refuse = |e: AppError, form: MeetingInput, by_store: bool| {
        // The domain numbers rows as the form does; the store numbers only filled rows.
        let error = FormError::of(&ctx.tr, &e, &sections, |section, n| {
            if !by_store {
                n
            } else if section == "attendees" {
                nth_filled(&form.attendees, attendee_is_blank, n)
            } else {
                nth_filled(&form.decisions, problem_is_blank, n)
            }
        });
        let status = e.status;
        (padded(form, 0), error, status)
    };
    let meeting = match form.validate() {
        Ok(m) => m,
        Err(e) => {
            let (form, error, status) = refuse(e.into(), form, false);
            return form_page(state, auth, ctx, editing, form, error, status).await;
        }
    };
    // A file input left empty still sends a part without name or bytes.
    let uploads: Vec<Upload<'_>> = upload
        .files()
        .iter()
        .filter(|f| !f.is_blank())
        .map(|f| Upload {
            file_name: &f.name,
            data: &f.data,
        })
        .collect();
    let result = match &editing {
        None => meetings::create(&state.db, &auth.actor, &meeting, &uploads).await,
        Some(old) => meetings::update(&state.db, &auth.actor, &old.id, &meeting, &uploads).await,
    };
    match result {
        Ok(m) => Ok(go_to(headers, &crate::base::url::mechanism_meeting(&m.id))),
        Err(e) => {
            let e = in_page(e.into())?;
            let (form, error, status) = refuse(e, form, true);
            form_page(state, auth, ctx, editing, form, error, status).await
        }
    }
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    upload: UploadForm,
) -> Result<Response, AppError> {
    save(&state, &auth, &ctx, &headers, None, upload).await
}

/// A meeting in scope, or 404.
async fn detail(state: &AppState, auth: &Auth, id: &str) -> Result<MeetingDetail, AppError> {
    meetings::get(&state.db, &auth.actor.scope, id, today())
        .await?
        .ok_or_else(AppError::not_found)
}

/// A meeting the caller may change: in scope (else 404), writable, not archived.
async fn for_write(state: &AppState, auth: &Auth, id: &str) -> Result<MeetingDetail, AppError> {
    let d = detail(state, auth, id).await?;
    if !may_write(state, auth, &d.meeting.region_code).await? {
        return Err(AppError::forbidden());
    }
    Ok(d)
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let d = for_write(&state, &auth, &id).await?;
    let form = padded(input_from_record(&d), 0);
    let status = StatusCode::OK;
    form_page(
        &state,
        &auth,
        &ctx,
        Some(d.meeting),
        form,
        FormError::default(),
        status,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    upload: UploadForm,
) -> Result<Response, AppError> {
    let d = for_write(&state, &auth, &id).await?;
    save(&state, &auth, &ctx, &headers, Some(d.meeting), upload).await
}

// ------------------------------------------------------------------ one meeting

#[derive(Template)]
#[template(path = "mechanism/meeting_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    d: MeetingDetail,
    type_name: String,
    region_name: String,
    can_write: bool,
    error: Option<String>,
    /// Users for the owner of a decision added after the meeting.
    users: Vec<(String, String)>,
    /// The decision being added, with its error when refused.
    decision: ProblemInput,
    decision_error: Option<String>,
}

impl DetailPage {
    fn status(&self, s: &str) -> String {
        self.ctx.t(&format!("mtg-status-{s}"))
    }
    fn pstate(&self, p: &ProblemView) -> String {
        problem_state(&self.ctx.tr, p)
    }
    fn size(&self, bytes: &i64) -> String {
        file_size(*bytes)
    }
    fn when(&self, ts: &str) -> String {
        china_time(ts)
    }
}

/// A refused decision: the values entered, the message and the status.
type DecisionRefused = (ProblemInput, String, StatusCode);

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<(String, StatusCode)>,
    decision: Option<DecisionRefused>,
) -> Result<Response, AppError> {
    let d = detail(state, auth, id).await?;
    let types = meetings::types(&state.db, true).await?;
    let region_name = region_names(state, &auth.actor.scope)
        .await?
        .remove(&d.meeting.region_code)
        .unwrap_or_default();
    let (error, mut status) = match error {
        Some((m, s)) => (Some(m), s),
        None => (None, StatusCode::OK),
    };
    let (decision, decision_error) = match decision {
        Some((form, message, s)) => {
            status = s;
            (form, Some(message))
        }
        None => (ProblemInput::default(), None),
    };
    let can_write = may_write(state, auth, &d.meeting.region_code).await?;
    let users = if can_write && !d.meeting.archived {
        user_choices(state, &auth.actor.scope).await?
    } else {
        Vec::new()
    };
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "mechanism"),
        type_name: type_name(&ctx.tr, &types, &d.meeting.type_code),
        region_name,
        can_write,
        d,
        error,
        users,
        decision,
        decision_error,
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

#[derive(Deserialize, Default)]
struct ArchiveForm {
    /// "0" restores an archived meeting.
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
    match meetings::set_archived(&state.db, &auth.actor, &id, archived).await {
        Ok(m) => Ok(Redirect::to(&crate::base::url::mechanism_meeting(&m.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            let message = e.message(&ctx.tr);
            detail_page(&state, &auth, &ctx, &id, Some((message, e.status)), None).await
        }
    }
}

#[derive(Deserialize, Default)]
struct DecisionForm {
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
}

/// Adds a decision after the meeting: a problem with the meeting as its source, in the
/// meeting's region.
async fn add_decision(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let d = for_write(&state, &auth, &id).await?;
    let input = ProblemInput {
        region_code: d.meeting.region_code.clone(),
        title: form.title,
        description: form.description,
        owner_user_id: form.owner_user_id,
        owner_name: form.owner_name,
        deadline: form.deadline,
        ..ProblemInput::default()
    };
    let result = match input.validate(None) {
        Ok(p) => store::mechanism::problems::create_from(
            &state.db,
            &auth.actor,
            domain::mechanism::problem::SourceKind::Meeting,
            &id,
            &p,
        )
        .await
        .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}#decisions",
            crate::base::url::mechanism_meeting(&id)
        ))
        .into_response()),
        Err(e) => {
            let e = in_page(e)?;
            let refused = (input, e.message(&ctx.tr), e.status);
            detail_page(&state, &auth, &ctx, &id, None, Some(refused)).await
        }
    }
}

/// An attachment's bytes with its stored content type; photos and PDFs open in the
/// browser, under their file name when saved.
async fn attachment(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (meta, data) = meetings::attachment(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(file_response(&meta, data))
}

/// An attachment's bytes as a response (for the page and the API).
pub(crate) fn file_response(meta: &store::mechanism::AttachmentMeta, data: Vec<u8>) -> Response {
    crate::download::stored_file(
        &meta.file_name,
        &meta.content_type,
        data,
        crate::download::Disposition::Inline,
        "private, max-age=3600",
    )
}

//! The people JSON API under `/api/v1` (registered with its OpenAPI description in
//! `crate::api`): persons and posts here; the talent pool and recruitment in [`talent`];
//! trainings, their coverage and incentives in [`trainings`].
//!
//! Personal information: every response carries ID numbers and phones masked
//! (`340803********1234`, `138****5678`), as the store returns them. Only
//! `POST /api/v1/people/{id}/reveal` gives the full values, to a district administrator, and the
//! store writes that to the audit log. Dates are `YYYY-MM-DD`, ids strings; every read is
//! scoped by the store to the caller's region (out of scope is 404), every write checked and
//! audited there.

#[path = "api_more.rs"]
pub mod more;
#[path = "api_talent.rs"]
pub mod talent;
#[path = "api_trainings.rs"]
pub mod trainings;

use crate::api::ApiJson;
use crate::base::params::{bool_param, choice_param, date_param, given, paging, region_param};
use crate::error::{AppError, ErrorBody};
use crate::i18n::Tr;
use crate::identity::session::SignedIn;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::people::person::{Education, PoliticalStatus};
use domain::people::post::PostKind;
use domain::people::{PersonInput, PostInput};
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::people::{PersonRecord, PostRecord, incentives, persons, posts};
use utoipa::{IntoParams, ToSchema};

// ------------------------------------------------------------------ shared helpers

/// An error of one row of a list in a request body (attendance rows): the row's number and
/// its reason, in the caller's language. Other errors pass through.
pub(crate) fn row_error(tr: &Tr, e: StoreError) -> AppError {
    match e {
        StoreError::Row { row, error } => {
            let reason = tr.field_error(&error);
            let message = tr.with_args(
                "papi-row",
                &[("row", row.to_string()), ("reason", reason)]
                    .into_iter()
                    .collect(),
            );
            AppError::from(error).with_message(message)
        }
        other => other.into(),
    }
}

// ------------------------------------------------------------------ persons: shapes

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: String,
    /// The village (or town) the person belongs to.
    pub region_code: String,
    pub name: String,
    /// male or female.
    pub sex: String,
    pub birth_date: String,
    pub ethnicity: String,
    /// Always masked: `340803********1234` (see `POST /api/v1/people/{id}/reveal`).
    pub id_number: String,
    /// party_member, probationary, league_member, masses, other_party or non_party.
    pub political_status: String,
    /// primary … doctor; null when unknown.
    pub education: Option<String>,
    /// Always masked: `138****5678`; empty when none.
    pub phone: String,
    pub has_photo: bool,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<PersonRecord> for PersonDto {
    fn from(p: PersonRecord) -> Self {
        PersonDto {
            id: p.id,
            region_code: p.region_code,
            name: p.name,
            sex: p.sex,
            birth_date: p.birth_date,
            ethnicity: p.ethnicity,
            id_number: p.id_number,
            political_status: p.political_status,
            education: p.education,
            phone: p.phone,
            has_photo: p.has_photo,
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonPage {
    pub items: Vec<PersonDto>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct IncentiveBrief {
    pub id: String,
    /// award, promotion, pay_rise or other.
    pub kind: String,
    pub date: String,
    pub title: String,
    pub issuer: String,
}

#[derive(Serialize, ToSchema)]
pub struct PersonDetailDto {
    #[serde(flatten)]
    pub person: PersonDto,
    /// Every post the person held or holds (history kept), by region and start.
    pub posts: Vec<PostDto>,
    /// Awards and promotions, newest first.
    pub incentives: Vec<IncentiveBrief>,
}

#[derive(Deserialize, IntoParams)]
pub struct PersonQuery {
    /// People of this region and below.
    pub region: Option<String>,
    /// Part of the name, or a whole ID number (matched exactly; never shown back).
    pub q: Option<String>,
    /// party_member, probationary, league_member, masses, other_party or non_party.
    pub political_status: Option<String>,
    /// This education level or higher: primary, junior, senior, vocational, college,
    /// bachelor, master, doctor.
    pub education: Option<String>,
    /// true: archived people too.
    pub include_archived: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page, 1–500 (default 50).
    pub per_page: Option<i64>,
}

/// A person to register or change. Sex and birth date may be left empty: they are read from
/// the ID number. On a change, an `id_number` left empty or sent back masked keeps the
/// stored number.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PersonBody {
    pub region_code: String,
    pub name: String,
    /// male / female (or 男 / 女); empty: from the ID number.
    pub sex: String,
    /// Empty: from the ID number.
    pub birth_date: String,
    /// Empty: 汉族.
    pub ethnicity: String,
    /// 18 characters, checked by the GB 11643 check character.
    pub id_number: String,
    /// party_member, probationary, league_member, masses, other_party, non_party (or the
    /// Chinese word).
    pub political_status: String,
    pub education: String,
    pub phone: String,
}

impl PersonBody {
    fn input(self) -> PersonInput {
        PersonInput {
            region_code: self.region_code,
            name: self.name,
            sex: self.sex,
            birth_date: self.birth_date,
            ethnicity: self.ethnicity,
            id_number: self.id_number,
            political_status: self.political_status,
            education: self.education,
            phone: self.phone,
        }
    }
}

/// The full personal information of one person.
#[derive(Serialize, ToSchema)]
pub struct RevealedDto {
    pub id: String,
    /// The full resident ID number.
    pub id_number: String,
    /// The full phone number; empty when none.
    pub phone: String,
}

// ------------------------------------------------------------------ persons: handlers

/// The person registry of the caller's scope, by region and name; ID numbers and phones
/// masked.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PersonQuery),
    responses((status = 200, body = PersonPage), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody)))]
pub async fn list_people(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<PersonQuery>,
) -> Result<Json<PersonPage>, AppError> {
    let filter = persons::Filter {
        region: region_param(&q.region, "region")?,
        text: q.q.clone().unwrap_or_default(),
        political_status: choice_param(
            &q.political_status,
            "political_status",
            PoliticalStatus::ALL,
            PoliticalStatus::parse_loose,
            PoliticalStatus::as_str,
        )?,
        education_at_least: choice_param(
            &q.education,
            "education",
            Education::ALL,
            Education::parse_loose,
            Education::as_str,
        )?,
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let (page, per_page, window) = paging(q.page, q.per_page);
    let (rows, total) = persons::list(&state.db, &auth.actor.scope, &filter, window).await?;
    Ok(Json(PersonPage {
        items: rows.into_iter().map(PersonDto::from).collect(),
        page,
        per_page,
        total,
    }))
}

async fn person_detail(
    state: &AppState,
    scope: &domain::identity::Scope,
    id: &str,
) -> Result<PersonDetailDto, AppError> {
    let person = persons::get(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let held = posts::list(
        &state.db,
        scope,
        &posts::Filter {
            person_id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await?;
    let awards = incentives::list(
        &state.db,
        scope,
        &incentives::Filter {
            person_id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await?;
    Ok(PersonDetailDto {
        person: person.into(),
        posts: held.into_iter().map(PostDto::from).collect(),
        incentives: awards
            .into_iter()
            .map(|i| IncentiveBrief {
                id: i.id,
                kind: i.kind,
                date: i.date,
                title: i.title,
                issuer: i.issuer,
            })
            .collect(),
    })
}

/// One person (masked) with the posts held and the incentives received.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonDetailDto), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PersonDetailDto>, AppError> {
    Ok(Json(person_detail(&state, &auth.actor.scope, &id).await?))
}

/// Registers a person (district administrator, town officer, village cadre, in scope). A
/// number already registered is 422 `people.id_number_taken`.
#[utoipa::path(post, path = "/api/v1/people", tag = "people",
    request_body = PersonBody,
    responses((status = 201, body = PersonDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<PersonBody>,
) -> Result<(StatusCode, Json<PersonDto>), AppError> {
    let p = body.input().validate()?;
    let record = persons::create(&state.db, &auth.actor, &p).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Changes a person (every field; the ID number may be left empty or sent back masked to
/// keep it).
#[utoipa::path(put, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    request_body = PersonBody,
    responses((status = 200, body = PersonDto), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PersonBody>,
) -> Result<Json<PersonDto>, AppError> {
    persons::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let record =
        store::people::persons::update_keeping(&state.db, &auth.actor, &id, &body.input(), false)
            .await?;
    Ok(Json(record.into()))
}

/// Archives a person (nothing is deleted; an archived person leaves the lists).
#[utoipa::path(post, path = "/api/v1/people/{id}/archive", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn archive_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PersonDto>, AppError> {
    let record = persons::set_archived(&state.db, &auth.actor, &id, true).await?;
    Ok(Json(record.into()))
}

/// The full ID number and phone of one person: district administrators only (403 for
/// everyone else), and written to the audit log (查看完整个人信息), without the values.
#[utoipa::path(post, path = "/api/v1/people/{id}/reveal", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = RevealedDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn reveal_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<RevealedDto>, AppError> {
    persons::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let r = persons::reveal(&state.db, &auth.actor, &id).await?;
    Ok(Json(RevealedDto {
        id: r.id,
        id_number: r.id_number,
        phone: r.phone,
    }))
}

// ------------------------------------------------------------------ posts

#[derive(Serialize, ToSchema)]
pub struct PostDto {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub region_code: String,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary or work_team_member.
    pub post: String,
    /// 选派单位 of a first secretary or work-team member.
    pub dispatching_unit: String,
    pub starts_on: String,
    /// The last day in post (inclusive); null while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<PostRecord> for PostDto {
    fn from(p: PostRecord) -> Self {
        PostDto {
            id: p.id,
            person_id: p.person_id,
            person_name: p.person_name,
            region_code: p.region_code,
            post: p.post,
            dispatching_unit: p.dispatching_unit,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            note: p.note,
            archived: p.archived,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct PostQuery {
    /// Posts of this region and below.
    pub region: Option<String>,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary or work_team_member.
    pub post: Option<String>,
    /// Posts of this person (id).
    pub person: Option<String>,
    /// true: only posts held today (China time).
    pub current: Option<String>,
    /// Only posts held on this day, YYYY-MM-DD (wins over `current`).
    pub active_on: Option<String>,
    /// true: archived posts too.
    pub include_archived: Option<String>,
}

/// A post held. The person is named by `person_id`, or by `id_number` (never shown back).
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PostCreate {
    pub person_id: String,
    pub id_number: String,
    pub region_code: String,
    /// party_secretary, committee_director, committee_member, supervision_member,
    /// first_secretary, work_team_member (or the Chinese word).
    pub post: String,
    /// Required for first secretaries and work-team members.
    pub dispatching_unit: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub note: String,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PostEnd {
    /// The last day in post, YYYY-MM-DD (not before the start).
    pub ends_on: String,
}

/// Posts and tenure (村“两委”, 村务监督委员会, 第一书记, 驻村工作队) in the caller's scope, by
/// region and start; history kept.
#[utoipa::path(get, path = "/api/v1/posts", tag = "people", params(PostQuery),
    responses((status = 200, body = Vec<PostDto>), (status = 400, body = ErrorBody)))]
pub async fn list_posts(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<PostQuery>,
) -> Result<Json<Vec<PostDto>>, AppError> {
    let active_on = match date_param(&q.active_on, "active_on")? {
        Some(day) => Some(day),
        None if bool_param(&q.current, "current")? => Some(crate::base::format::today()),
        None => None,
    };
    let filter = posts::Filter {
        region: region_param(&q.region, "region")?,
        post: choice_param(
            &q.post,
            "post",
            PostKind::ALL,
            PostKind::parse,
            PostKind::as_str,
        )?,
        person_id: given(&q.person).map(str::to_string),
        active_on,
        include_archived: bool_param(&q.include_archived, "include_archived")?,
    };
    let rows = posts::list(&state.db, &auth.actor.scope, &filter).await?;
    Ok(Json(rows.into_iter().map(PostDto::from).collect()))
}

/// Records that a person holds a post in a region.
#[utoipa::path(post, path = "/api/v1/posts", tag = "people",
    request_body = PostCreate,
    responses((status = 201, body = PostDto), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_post(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    ApiJson(body): ApiJson<PostCreate>,
) -> Result<(StatusCode, Json<PostDto>), AppError> {
    let p = PostInput {
        person_id: body.person_id,
        id_number: body.id_number,
        region_code: body.region_code,
        post: body.post,
        dispatching_unit: body.dispatching_unit,
        starts_on: body.starts_on,
        ends_on: body.ends_on.unwrap_or_default(),
        note: body.note,
    }
    .validate()?;
    let record = posts::create(&state.db, &auth.actor, &p).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// Ends a post on its last day; the history is kept. A post already ended is 409
/// `people.post_ended`.
#[utoipa::path(post, path = "/api/v1/posts/{id}/end", tag = "people",
    params(("id" = String, Path, description = "Post id")),
    request_body = PostEnd,
    responses((status = 200, body = PostDto), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn end_post(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PostEnd>,
) -> Result<Json<PostDto>, AppError> {
    posts::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let t = body.ends_on.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "ends_on").into());
    }
    let ends_on = domain::time::parse_date(t)
        .ok_or_else(|| FieldError::new("common.date_invalid", "ends_on").arg("value", t))?;
    let record = posts::end(&state.db, &auth.actor, &id, ends_on).await?;
    Ok(Json(record.into()))
}

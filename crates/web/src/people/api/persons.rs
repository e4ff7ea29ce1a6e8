//! The person registry (人员) in the JSON API, ID numbers and phones masked.

use super::posts::PostDto;
use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::base::params::{bool_param, choice_param, paging, region_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use domain::people::PersonInput;
use domain::people::person::{Education, PoliticalStatus};
use serde::{Deserialize, Serialize};
use store::people::{PersonRecord, incentives, persons, posts};
use utoipa::{IntoParams, ToSchema};

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
    json::Json(body): json::Json<PersonBody>,
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
    json::Json(body): json::Json<PersonBody>,
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

/// Restores an archived person to the lists.
#[utoipa::path(post, path = "/api/v1/people/{id}/restore", tag = "people",
    params(("id" = String, Path, description = "Person id")),
    responses((status = 200, body = PersonDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn restore_person(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<PersonDto>, AppError> {
    let record = persons::set_archived(&state.db, &auth.actor, &id, false).await?;
    Ok(Json(record.into()))
}

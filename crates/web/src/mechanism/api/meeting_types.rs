//! Meeting types (会议类型) in the JSON API: listed for everyone, written by administrators.

use super::admin_only;
use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Locale;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::mechanism::{MeetingTypeRecord, meetings};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeetingTypeDto {
    pub code: String,
    /// False once deactivated: not offered for new meetings (only listed by writes).
    pub active: bool,
    /// The name in the caller's language.
    pub name: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The active meeting types (工作推进会, 联系会议, 三会一课 …), in their order.
#[utoipa::path(get, path = "/api/v1/meeting-types", tag = "mechanism",
    responses((status = 200, body = Vec<MeetingTypeDto>), (status = 401, body = ErrorBody)))]
pub async fn list_meeting_types(
    State(state): State<AppState>,
    SignedIn(_auth, ctx): SignedIn,
) -> Result<Json<Vec<MeetingTypeDto>>, AppError> {
    let english = ctx.locale() == Locale::EnUs;
    let rows = meetings::types(&state.db, false).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| MeetingTypeDto {
                name: if english {
                    t.name_en.clone()
                } else {
                    t.name_zh.clone()
                },
                active: t.active,
                code: t.code,
                name_zh: t.name_zh,
                name_en: t.name_en,
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingTypeWrite {
    /// Only when adding: lower-case letters, digits and `_`; it never changes.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

fn type_dto(t: MeetingTypeRecord, locale: Locale) -> MeetingTypeDto {
    MeetingTypeDto {
        name: if locale == Locale::EnUs {
            t.name_en.clone()
        } else {
            t.name_zh.clone()
        },
        active: t.active,
        code: t.code,
        name_zh: t.name_zh,
        name_en: t.name_en,
    }
}

async fn type_by_code(state: &AppState, code: &str) -> Result<MeetingTypeRecord, AppError> {
    meetings::types(&state.db, true)
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or_else(AppError::not_found)
}

/// Adds a meeting type, active (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types", tag = "mechanism",
    request_body = MeetingTypeWrite,
    responses((status = 201, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    json::Json(body): json::Json<MeetingTypeWrite>,
) -> Result<(StatusCode, Json<MeetingTypeDto>), AppError> {
    admin_only(&auth)?;
    let t = meetings::add_type(
        &state.db,
        &auth.actor,
        &body.code,
        &body.name_zh,
        &body.name_en,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(type_dto(t, ctx.locale()))))
}

/// Renames a meeting type; its code and whether it is active stay.
#[utoipa::path(put, path = "/api/v1/meeting-types/{code}", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    request_body = MeetingTypeWrite,
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
    json::Json(body): json::Json<MeetingTypeWrite>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    let old = type_by_code(&state, &code).await?;
    let t = meetings::update_type(
        &state.db,
        &auth.actor,
        &code,
        &body.name_zh,
        &body.name_en,
        old.active,
    )
    .await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

/// Offers a meeting type again for new meetings (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types/{code}/activate", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn activate_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    type_by_code(&state, &code).await?;
    let t = meetings::set_type_active(&state.db, &auth.actor, &code, true).await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

/// Stops offering a meeting type; its meetings and rules stay (district administrator).
#[utoipa::path(post, path = "/api/v1/meeting-types/{code}/deactivate", tag = "mechanism",
    params(("code" = String, Path, description = "Meeting type code")),
    responses((status = 200, body = MeetingTypeDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn deactivate_meeting_type(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<MeetingTypeDto>, AppError> {
    admin_only(&auth)?;
    type_by_code(&state, &code).await?;
    let t = meetings::set_type_active(&state.db, &auth.actor, &code, false).await?;
    Ok(Json(type_dto(t, ctx.locale())))
}

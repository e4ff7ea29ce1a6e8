//! `/api/v1/me`: who the caller is.

use crate::base::ctx::SignedIn;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// One of district_admin, district_leader, town_officer, village_cadre, first_secretary.
    pub role: String,
    /// The root of the caller's scope (12-digit statistical code).
    pub region_code: String,
    pub locale: Option<String>,
}

/// The signed-in user and their scope.
#[utoipa::path(get, path = "/api/v1/me", tag = "identity",
    responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(SignedIn(auth, _): SignedIn) -> Json<Me> {
    let u = auth.user;
    Json(Me {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        region_code: u.region_code,
        locale: u.locale,
    })
}

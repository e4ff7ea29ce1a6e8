//! Organisations and their books in the JSON API.

use crate::base::ctx::SignedIn;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use store::ledger::books;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct BookDto {
    pub id: String,
    pub year: i32,
    /// cs2004 (财会〔2004〕12号) or cs2023 (财会〔2023〕14号).
    pub accounting_system: String,
    /// The opening balances passed the trial-balance check.
    pub opening_checked: bool,
    pub closed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrgDto {
    pub id: String,
    /// 12-digit code of the village or town.
    pub region_code: String,
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub books: Vec<BookDto>,
}

/// Collective economic organisations in the caller's scope, with their books.
#[utoipa::path(get, path = "/api/v1/orgs", tag = "ledger",
    responses((status = 200, body = Vec<OrgDto>), (status = 401, body = ErrorBody)))]
pub async fn list_orgs(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
) -> Result<Json<Vec<OrgDto>>, AppError> {
    let scope = &auth.actor.scope;
    let mut out = Vec::new();
    for org in books::list_orgs(&state.db, scope).await? {
        let books = books::list_books(&state.db, scope, &org.id)
            .await?
            .into_iter()
            .map(|b| BookDto {
                id: b.id,
                year: b.year,
                accounting_system: b.accounting_system,
                opening_checked: b.opening_checked,
                closed: b.closed,
            })
            .collect();
        out.push(OrgDto {
            id: org.id,
            region_code: org.region_code,
            name: org.name,
            credit_code: org.credit_code,
            books,
        });
    }
    Ok(Json(out))
}

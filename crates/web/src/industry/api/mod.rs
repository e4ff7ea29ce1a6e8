//! Industry projects and production (产业振兴) in the JSON API under `/api/v1`, one file per
//! resource with its reads and writes (registered with their OpenAPI description by
//! `super::api_routes`). Amounts are integers in fen, as in every answer (the domain's inputs
//! take yuan text, so fen are written out as yuan before the same validation as the forms');
//! quantities and days are exact decimal text. Every read is scoped by the store to the
//! caller's region; every write goes through `store::industry`, which checks scope and role
//! and writes the audit entry in the same transaction; here a district leader (read only) is
//! 403 and a project out of scope 404 before the body is looked at.

pub mod budget;
pub mod documents;
pub mod production;
pub mod projects;
pub mod results;

use crate::base::ctx::Auth;
use crate::error::AppError;
use crate::state::AppState;
use domain::identity::Role;

// ------------------------------------------------------------------ helpers

/// Fen as the yuan text the domain's inputs parse; absent stays empty (the field's own
/// default or "required" applies).
fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| domain::Money(f).to_string())
        .unwrap_or_default()
}

/// A project the caller may write: out of scope is 404, a district leader 403. The store
/// checks both again inside its transaction; this only answers them before validation.
async fn writable(state: &AppState, auth: &Auth, project_id: &str) -> Result<(), AppError> {
    crate::industry::project_in_scope(state, auth, project_id).await?;
    read_only(auth)
}

/// District leaders read only.
fn read_only(auth: &Auth) -> Result<(), AppError> {
    if auth.role == Role::DistrictLeader {
        return Err(AppError::forbidden());
    }
    Ok(())
}

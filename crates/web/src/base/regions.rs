//! Region pickers and names, and the users a record may name: what forms and lists of
//! every module offer, always within the caller's scope.

use crate::error::AppError;
use crate::state::AppState;
use domain::FieldError;
use domain::identity::Scope;
use domain::region::RegionCode;
use std::collections::HashMap;

/// Regions in scope for a select: (code, name), by code.
pub async fn region_choices(
    state: &AppState,
    scope: &Scope,
) -> Result<Vec<(String, String)>, AppError> {
    let (rows, _) = store::region::list(
        &state.db,
        scope,
        &store::region::Filter::default(),
        store::Page::all(),
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// Names of every region in scope (archived too), for lists and exports.
pub async fn region_names(
    state: &AppState,
    scope: &Scope,
) -> Result<HashMap<String, String>, AppError> {
    Ok(store::region::all(&state.db, scope)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}

/// The name of a region in scope (empty when unknown).
pub async fn region_name(state: &AppState, scope: &Scope, code: &str) -> Result<String, AppError> {
    Ok(store::region::get(&state.db, scope, code)
        .await?
        .map(|r| r.name)
        .unwrap_or_default())
}

/// The active users a record of the caller's region may name, for a select: those in scope
/// and those of the regions above (`store::identity::users_in_reach`), as (id, "name
/// (username)"), so an edit form offers every user the store accepts and keeps a town
/// officer or district leader already named.
pub async fn user_choices(
    state: &AppState,
    scope: &Scope,
) -> Result<Vec<(String, String)>, AppError> {
    let rows = store::identity::users_in_reach(&state.db, scope).await?;
    Ok(rows
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
        .collect())
}

/// An optional region filter of a page (a bad code is an error of the field `region_code`).
pub fn filter_region(text: &str) -> Result<Option<RegionCode>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => RegionCode::parse(t).map(Some).map_err(|e| FieldError {
            field: "region_code",
            ..e
        }),
    }
}

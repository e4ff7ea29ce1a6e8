//! The mechanism's JSON API under `/api/v1`, one file per resource with its reads and writes
//! (registered with its OpenAPI description by `super::api_routes`). Dates are `YYYY-MM-DD`,
//! ids strings; every read is scoped by the store to the caller's region, every write checked
//! and audited there.

pub mod assignments;
pub mod board;
pub mod meeting_types;
pub mod meetings;
pub mod plans;
pub mod problems;
pub mod rules;
pub mod visits;

use crate::base::ctx::Auth;
use crate::error::AppError;

fn today() -> chrono::NaiveDate {
    crate::base::format::today()
}

/// The district administrator alone changes rules, types and plans; refused before the
/// body is judged.
fn admin_only(auth: &Auth) -> Result<(), AppError> {
    if auth.role == domain::identity::Role::DistrictAdmin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

//! The people JSON API under `/api/v1`, one file per resource with its reads and writes
//! (registered with its OpenAPI description by `super::api_routes`).
//!
//! Personal information: every response carries ID numbers and phones masked
//! (`340803********1234`, `138****5678`), as the store returns them. Only
//! `POST /api/v1/people/{id}/reveal` gives the full values, to a district administrator, and the
//! store writes that to the audit log. Dates are `YYYY-MM-DD`, ids strings; every read is
//! scoped by the store to the caller's region (out of scope is 404), every write checked and
//! audited there.

pub mod incentives;
pub mod persons;
pub mod posts;
pub mod recruitment;
pub mod talent;
pub mod trainings;

use crate::error::AppError;
use crate::i18n::Tr;
use store::StoreError;

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

//! The error of a use case: a rule the input broke (shown to the user, translated) or a
//! failure that is ours (logged with an id, shown as `common.internal`).

use domain::{DomainError, FieldError};
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// From the store: a rule (shown), or the database (logged, never shown).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something that is ours, not the user's (a spreadsheet writer failing, a worker thread
    /// lost): the text is for the log only.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    pub fn internal(what: impl std::fmt::Display) -> Error {
        Error::Internal(what.to_string())
    }
}

impl From<DomainError> for Error {
    fn from(e: DomainError) -> Self {
        Error::Store(StoreError::Domain(e))
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Store(e.into())
    }
}

/// Logs `what` with a fresh id and returns the id (what a user may quote; the log has the rest).
pub fn log_internal(what: &dyn std::fmt::Display) -> String {
    let id = domain::Id::new().to_string();
    tracing::error!(error_id = %id, "internal error: {what}");
    id
}

use domain::{DomainError, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A row of an import broke a rule: `row` is 1-based as a spreadsheet shows it.
    #[error("row {row}: {error}")]
    Row { row: usize, error: FieldError },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// From the bulk loader's statements on the SQLite handle (`crate::bulk`).
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database url: {0}")]
    BadUrl(String),
}

impl From<FieldError> for StoreError {
    fn from(e: FieldError) -> Self {
        StoreError::Domain(DomainError::Invalid(e))
    }
}

impl StoreError {
    /// True when a unique constraint refused the row (both backends).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => e.is_unique_violation(),
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            }
            _ => false,
        }
    }
}

use domain::money::OVERFLOW;
use domain::{DomainError, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A row of an import broke a rule: `row` is 1-based as a spreadsheet shows it.
    #[error("row {row}: {error}")]
    Row { row: usize, error: FieldError },
    #[error("database: {0}")]
    Database(sqlx::Error),
    /// From the bulk loader's statements on the SQLite handle (`crate::bulk`).
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
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

/// A database error that says money did not fit: SQLite's `SUM()` raising "integer
/// overflow", SQLite's integer-only CHECKs on the balances refusing a sum that turned into
/// REAL (`typeof(…) = 'integer'`), PostgreSQL's `numeric_value_out_of_range` (22003: BIGINT
/// arithmetic or a cast of a `SUM` that does not fit) or its integer CHECKs on the balances.
/// These become `money.overflow`, an error the user is told about, never an internal one.
fn is_money_overflow(message: &str, code: Option<&str>, constraint: Option<&str>) -> bool {
    code == Some("22003")
        || message.contains("integer overflow")
        || (message.contains("CHECK constraint failed") && message.contains("typeof("))
        || constraint
            .is_some_and(|c| c.starts_with("ledger_period_balances_") && c.ends_with("_int"))
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e
            && is_money_overflow(d.message(), d.code().as_deref(), d.constraint())
        {
            tracing::warn!("money overflow refused by the database: {}", d.message());
            return StoreError::Domain(DomainError::Conflict(OVERFLOW));
        }
        StoreError::Database(e)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(_, Some(message)) = &e
            && is_money_overflow(message, None, None)
        {
            tracing::warn!("money overflow refused by the database: {message}");
            return StoreError::Domain(DomainError::Conflict(OVERFLOW));
        }
        StoreError::Sqlite(e)
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

    /// True when this is `money.overflow` (a sum that did not fit, in Rust or in SQL).
    pub fn is_money_overflow(&self) -> bool {
        matches!(self, StoreError::Domain(DomainError::Conflict(c)) if *c == OVERFLOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_overflows_read_as_money_overflow() {
        assert!(is_money_overflow("integer overflow", Some("1"), None));
        assert!(is_money_overflow(
            "CHECK constraint failed: typeof(debit) = 'integer'",
            Some("275"),
            None
        ));
        assert!(is_money_overflow(
            "bigint out of range",
            Some("22003"),
            None
        ));
        assert!(is_money_overflow(
            "new row violates check constraint",
            Some("23514"),
            Some("ledger_period_balances_debit_int")
        ));
        assert!(!is_money_overflow(
            "UNIQUE constraint failed: x.y",
            Some("2067"),
            None
        ));
        assert!(!is_money_overflow(
            "CHECK constraint failed: state IN ('a')",
            None,
            None
        ));
    }
}

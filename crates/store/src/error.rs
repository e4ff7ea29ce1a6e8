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

/// Why the database cannot serve requests for now (see [`StoreError::unavailable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// No space left for the database: writes fail until space is freed.
    DiskFull,
    /// The database server cannot be reached or refuses connections.
    Unreachable,
}

impl Unavailable {
    pub fn as_str(self) -> &'static str {
        match self {
            Unavailable::DiskFull => "database or disk is full",
            Unavailable::Unreachable => "database unreachable",
        }
    }
}

/// SQLite's `SQLITE_FULL` (13) comes as the code "13" (sqlx) or an extended code whose low
/// byte is 13; PostgreSQL's `53100` disk_full, class 08 (connection exceptions), 57P01–57P03
/// (shutting down, cannot connect now) and 53300 (too many connections).
fn unavailable_code(code: &str, message: &str) -> Option<Unavailable> {
    let sqlite_full = code.len() < 5 && code.parse::<i32>().is_ok_and(|c| c & 0xff == 13);
    if sqlite_full || code == "53100" || message.contains("database or disk is full") {
        Some(Unavailable::DiskFull)
    } else if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300") {
        Some(Unavailable::Unreachable)
    } else {
        None
    }
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

    /// Why the database cannot serve the request right now, when that is the trouble: the
    /// disk is full (SQLite `SQLITE_FULL`, PostgreSQL `53100`), or the database cannot be
    /// reached (no connection within the pool's acquire timeout, a refused or broken
    /// connection, PostgreSQL shutting down or refusing connections). Such an error is
    /// nobody's mistake and passes by itself: the web answers 503 with `Retry-After`.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            StoreError::Database(e) => match e {
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::WorkerCrashed => Some(Unavailable::Unreachable),
                sqlx::Error::Database(d) => {
                    unavailable_code(d.code().as_deref().unwrap_or(""), d.message())
                }
                _ => None,
            },
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, message)) => unavailable_code(
                &e.extended_code.to_string(),
                message.as_deref().unwrap_or(""),
            ),
            _ => None,
        }
    }

    /// True when [`StoreError::unavailable`] says why.
    pub fn is_unavailable(&self) -> bool {
        self.unavailable().is_some()
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
    fn full_disks_and_lost_connections_read_as_unavailable() {
        assert_eq!(
            unavailable_code("13", "database or disk is full"),
            Some(Unavailable::DiskFull)
        );
        assert_eq!(
            unavailable_code("53100", "could not extend file"),
            Some(Unavailable::DiskFull)
        );
        assert_eq!(
            unavailable_code("08006", "connection failure"),
            Some(Unavailable::Unreachable)
        );
        assert_eq!(
            unavailable_code("57P01", "terminating"),
            Some(Unavailable::Unreachable)
        );
        assert_eq!(unavailable_code("2067", "UNIQUE constraint failed"), None);
        assert_eq!(unavailable_code("23505", "duplicate key"), None);
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unavailable());
    }

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

//! The database handle: two real pools behind one type.

use crate::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a request waits for a PostgreSQL connection before it fails as unavailable.
pub const POSTGRES_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// May this idle connection be handed out? Not when its driver still counts an open
/// transaction. That happens on SQLite after `SQLITE_FULL` (or `SQLITE_IOERR`, `SQLITE_NOMEM`):
/// SQLite then rolls the whole transaction back by itself, so the `ROLLBACK` that dropping
/// the sqlx `Transaction` queues fails ("no transaction is active") and the driver's
/// transaction depth stays at 1. Every later `begin_with("BEGIN IMMEDIATE")` on that
/// connection would fail with "attempted to call begin_with at non-zero transaction depth",
/// for as long as the process runs. Such a connection is closed instead (the pool opens a
/// fresh one), so writes recover by themselves once space is back. The check runs after the
/// pool's release ping, which the queued rollback precedes, so it sees the final depth.
fn is_clean<C: sqlx::Connection>(conn: &mut C) -> bool {
    if conn.is_in_transaction() {
        tracing::warn!(
            "closing a database connection left inside a failed transaction \
             (e.g. after \"database or disk is full\")"
        );
        return false;
    }
    true
}

#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A write transaction. On SQLite it was opened with `BEGIN IMMEDIATE`, so it holds the
/// write lock from its first statement and never fails later with `SQLITE_BUSY` on upgrade.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the backend's pool. The body is written once and
/// compiled for each backend.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// Paging of a list: at most `limit` rows from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub const MAX_LIMIT: i64 = 500;

    /// How many pages of `size` rows `total` rows fill: at least one (an empty list is one
    /// empty page).
    pub fn count(total: i64, size: i64) -> i64 {
        let size = size.max(1);
        let total = total.max(0);
        (total / size + i64::from(total % size != 0)).max(1)
    }

    /// Page `number` (1-based) of `size` rows, clamped to sane bounds.
    pub fn new(number: i64, size: i64) -> Page {
        let limit = size.clamp(1, Self::MAX_LIMIT);
        Page {
            limit,
            offset: (number.max(1) - 1).saturating_mul(limit),
        }
    }

    pub fn all() -> Page {
        Page {
            limit: i64::MAX,
            offset: 0,
        }
    }
}

impl Db {
    /// Opens `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Db::open(url, false).await
    }

    /// Opens the database for one large load by a command that has it to itself
    /// (`zhenxing import dataset`). On SQLite: one connection in rollback-journal mode with
    /// full fsync, because rows appended to a growing file are then written once, where WAL
    /// writes them twice (into the WAL, then into the file at the checkpoint). A commit is
    /// durable either way. The next ordinary [`Db::connect`] switches the file back to WAL.
    /// On PostgreSQL the same as `connect`.
    pub async fn connect_for_load(url: &str) -> Result<Db, StoreError> {
        Db::open(url, true).await
    }

    async fn open(url: &str, load: bool) -> Result<Db, StoreError> {
        if url.starts_with("sqlite:") {
            let (journal, synchronous, connections) = if load {
                (SqliteJournalMode::Delete, SqliteSynchronous::Full, 1)
            } else {
                (SqliteJournalMode::Wal, SqliteSynchronous::Normal, 8)
            };
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(format!("{url}: {e}")))?
                .create_if_missing(true)
                .journal_mode(journal)
                .synchronous(synchronous)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // 16 MiB of page cache per connection (SQLite's default is 2 MiB): bulk
                // imports and year-long reports touch more pages than that.
                .pragma("cache_size", "-16384")
                .pragma("page_size", "16384");
            let pool = SqlitePoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(10))
                .before_acquire(|conn, _| Box::pin(async move { Ok(is_clean(conn)) }))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = sqlx::postgres::PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(format!("{}: {e}", redact_url(url))))?;
            // A short acquire timeout: with the server gone, a request fails (503) after 2 s
            // instead of hanging; the pool reconnects by itself when the server is back.
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(POSTGRES_ACQUIRE_TIMEOUT)
                .before_acquire(|conn, _| Box::pin(async move { Ok(is_clean(conn)) }))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::BadUrl(format!(
                "{}: expected sqlite://… or postgres://…",
                redact_url(url)
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the pending migrations of this backend.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A cheap round trip, for readiness checks. Callers that must answer quickly wrap it in
    /// their own timeout (`/readyz` does).
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Pool figures for `/metrics`: (open connections, idle connections).
    pub fn pool_stats(&self) -> (u32, usize) {
        on_pool!(self, |pool| (pool.size(), pool.num_idle()))
    }

    /// Table name → column names, from the live schema (for the schema-parity test and `db copy`).
    pub async fn schema(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let rows: Vec<(String, String)> = match self {
            Db::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
                     ORDER BY m.name, p.name",
                )
                .fetch_all(pool)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'
                     ORDER BY table_name, column_name",
                )
                .fetch_all(pool)
                .await?
            }
        };
        let mut tables: Vec<(String, Vec<String>)> = Vec::new();
        for (table, column) in rows {
            match tables.last_mut() {
                Some((t, cols)) if *t == table => cols.push(column),
                _ => tables.push((table, vec![column])),
            }
        }
        Ok(tables)
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }
}

impl Tx {
    /// The row of `table` with this `id`, locked for the rest of the transaction: SQLite's
    /// write transactions are already exclusive (`BEGIN IMMEDIATE`); on PostgreSQL
    /// `SELECT … FOR UPDATE` makes every other writer of the row queue behind this one and
    /// read what it committed. The one way a state change takes its row lock.
    pub async fn locked_row<T>(
        &mut self,
        table: &'static str,
        id: &str,
    ) -> Result<Option<T>, StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        Ok(match self {
            Tx::Sqlite(t) => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT * FROM {table} WHERE id = $1"
                )))
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
            }
            Tx::Postgres(t) => {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT * FROM {table} WHERE id = $1 FOR UPDATE"
                )))
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
            }
        })
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// `count` bind placeholders after the first `start`: `$start+1, …` on PostgreSQL, and
    /// anonymous `?` on SQLite, whose driver binds those positionally instead of looking each
    /// `$N` up by name (a linear scan that makes long statements quadratic).
    pub fn placeholders(&self, start: usize, count: usize) -> Vec<String> {
        (1..=count)
            .map(|i| match self.backend() {
                Backend::Sqlite => "?".to_string(),
                Backend::Postgres => format!("${}", start + i),
            })
            .collect()
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        LOCAL_COMMITS.fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(())
    }
}

/// Write transactions this process has committed, counted after each commit returns.
static LOCAL_COMMITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many write transactions ([`Tx::commit`]) this process has committed so far, on any
/// database. A reader that noted the count before reading knows, when it is unchanged, that
/// no write of this process committed since — every audited write goes through a [`Tx`].
pub fn local_commits() -> u64 {
    LOCAL_COMMITS.load(std::sync::atomic::Ordering::Acquire)
}

/// The URL without its password, for logs and error lines.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme_end + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod page_tests {
    use super::Page;

    #[test]
    fn a_list_fills_whole_pages_and_at_least_one() {
        assert_eq!(Page::count(0, 50), 1);
        assert_eq!(Page::count(1, 50), 1);
        assert_eq!(Page::count(50, 50), 1);
        assert_eq!(Page::count(51, 50), 2);
        assert_eq!(Page::count(i64::MAX, 50), i64::MAX / 50 + 1);
        assert_eq!(Page::count(-3, 50), 1);
    }
}

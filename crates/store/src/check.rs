//! `zhenxing check`: what must always be true of a deployment's database, checked from the
//! outside. The database file itself is sound (SQLite's `integrity_check` and
//! `foreign_key_check`), the audit log still refuses changes (its triggers are there and an
//! attempted change is refused), and the books agree with themselves
//! ([`crate::ledger::check`]: balances equal the posted lines, reversals point to exactly one
//! original, posted vouchers balance). An empty list of findings means all holds.

use crate::{Db, StoreError, Tx};
use serde::Serialize;
use sqlx::Row;

/// One thing found wrong, with a stable kind and a plain description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `sqlite_integrity`, `foreign_key`, `audit_guard_missing`, `audit_changeable`, or a
    /// kind of [`crate::ledger::check::Problem`].
    pub kind: &'static str,
    pub detail: String,
}

/// Runs every check; read-only apart from one attempted audit change that is rolled back.
pub async fn run(db: &Db) -> Result<Vec<Finding>, StoreError> {
    let mut out = file_integrity(db).await?;
    out.extend(audit_guard(db).await?);
    out.extend(
        crate::ledger::check::check(db, None)
            .await?
            .into_iter()
            .map(|p| Finding {
                kind: p.kind,
                detail: format!("book {}: {}", p.book_id, p.detail),
            }),
    );
    Ok(out)
}

async fn file_integrity(db: &Db) -> Result<Vec<Finding>, StoreError> {
    let Db::Sqlite(pool) = db else {
        // PostgreSQL keeps its own files consistent; its checks are the server's (amcheck).
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let rows = sqlx::query("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    for row in rows {
        let line: String = row.try_get(0)?;
        if line != "ok" {
            out.push(Finding {
                kind: "sqlite_integrity",
                detail: line,
            });
        }
    }
    let rows = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(pool)
        .await?;
    for row in rows {
        let table: String = row.try_get(0)?;
        let parent: String = row.try_get(2)?;
        out.push(Finding {
            kind: "foreign_key",
            detail: format!("a row of {table} refers to a missing row of {parent}"),
        });
    }
    Ok(out)
}

/// The audit log's append-only guard: its triggers exist, and changing a row is refused.
async fn audit_guard(db: &Db) -> Result<Vec<Finding>, StoreError> {
    let (sql, expected): (&str, &[&str]) = match db {
        Db::Sqlite(_) => (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
            &["audit_log_no_update", "audit_log_no_delete"],
        ),
        Db::Postgres(_) => (
            "SELECT tgname::text FROM pg_trigger
             WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
            &["audit_log_no_change"],
        ),
    };
    let present: Vec<(String,)> =
        crate::on_pool!(db, |pool| { sqlx::query_as(sql).fetch_all(pool).await? });
    let mut out: Vec<Finding> = expected
        .iter()
        .filter(|name| !present.iter().any(|(p,)| p == *name))
        .map(|name| Finding {
            kind: "audit_guard_missing",
            detail: format!("the audit log's trigger {name} is missing"),
        })
        .collect();
    // Try it: a change of one row must fail; the transaction is rolled back either way.
    let mut tx = db.begin_write().await?;
    let changed = crate::on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE audit_log SET actor_name = actor_name
             WHERE id = (SELECT id FROM audit_log ORDER BY at LIMIT 1)",
        )
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    });
    rollback(tx).await?;
    if let Ok(n) = changed
        && n > 0
    {
        out.push(Finding {
            kind: "audit_changeable",
            detail: "a row of the audit log could be changed".into(),
        });
    }
    Ok(out)
}

async fn rollback(tx: Tx) -> Result<(), StoreError> {
    match tx {
        Tx::Sqlite(t) => t.rollback().await?,
        Tx::Postgres(t) => t.rollback().await?,
    }
    Ok(())
}

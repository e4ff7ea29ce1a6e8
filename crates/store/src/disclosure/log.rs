//! The Merkle log's leaves and checkpoints as stored. The tree itself (hashes, proofs) is
//! `domain::disclosure::log`; this module appends entries and reads them back.

use crate::{Db, StoreError, Tx, on_pool, on_tx};

/// Appends `entry` (the 32-byte SHA-256 of a snapshot) as the next leaf, inside the caller's
/// transaction, and returns its index. Exactly one of concurrent appends gets each index: the
/// head row is the guard (its update takes the row's write lock on PostgreSQL and the
/// database's on SQLite).
pub async fn append_in_tx(tx: &mut Tx, entry: &[u8; 32]) -> Result<i64, StoreError> {
    let (size,): (i64,) = on_tx!(tx, |conn| {
        sqlx::query_as("UPDATE disclosure_log_head SET size = size + 1 WHERE id = 1 RETURNING size")
            .fetch_one(conn)
            .await?
    });
    let idx = size - 1;
    let hex = domain::disclosure::snapshot::hex(entry);
    let now = domain::time::now_text();
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_log (idx, entry_sha256, appended_at) VALUES ($1, $2, $3)",
        )
        .bind(idx)
        .bind(&hex)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    Ok(idx)
}

/// The log's size (number of leaves).
pub async fn size(db: &Db) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_pool!(db, |pool| {
        sqlx::query_as("SELECT size FROM disclosure_log_head WHERE id = 1")
            .fetch_one(pool)
            .await?
    });
    Ok(n)
}

/// The entries of leaves `from..to` in index order.
pub async fn entries(db: &Db, from: i64, to: i64) -> Result<Vec<[u8; 32]>, StoreError> {
    let rows: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT entry_sha256 FROM disclosure_log WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        )
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|(h,)| {
            domain::disclosure::snapshot::parse_hex32(&h).ok_or(StoreError::Domain(
                domain::DomainError::Conflict("disclosure.log_corrupt"),
            ))
        })
        .collect()
}

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
                domain::DomainError::Conflict("translog.corrupt"),
            ))
        })
        .collect()
}

/// A signed checkpoint as stored (one per size signed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CheckpointRecord {
    pub size: i64,
    pub root_sha256: String,
    /// The signed note (C2SP checkpoint with its signature line).
    pub note: String,
    pub key_id: String,
    pub signed_at: String,
}

const CHECKPOINT_COLUMNS: &str = "size, root_sha256, note, key_id, signed_at";

/// The checkpoint of the largest size signed, if any.
pub async fn latest_checkpoint(db: &Db) -> Result<Option<CheckpointRecord>, StoreError> {
    let sql = format!(
        "SELECT {CHECKPOINT_COLUMNS} FROM disclosure_checkpoints ORDER BY size DESC LIMIT 1"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_optional(pool)
            .await?
    }))
}

/// The checkpoint signed at `size`, if any.
pub async fn checkpoint(db: &Db, size: i64) -> Result<Option<CheckpointRecord>, StoreError> {
    let sql = format!("SELECT {CHECKPOINT_COLUMNS} FROM disclosure_checkpoints WHERE size = $1");
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(size)
            .fetch_optional(pool)
            .await?
    }))
}

/// Stores the checkpoint of `size` unless one is stored already (concurrent signers agree:
/// the first insert wins, the others change nothing), with its audit entry; returns the
/// stored one. The log must hold `size` leaves.
pub async fn save_checkpoint(
    db: &Db,
    size: i64,
    root_hex: &str,
    note: &str,
    key_id: &str,
) -> Result<CheckpointRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (stored,): (i64,) = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT size FROM disclosure_log_head WHERE id = 1")
            .fetch_one(conn)
            .await?
    });
    if size > stored || size < 0 {
        return Err(domain::DomainError::Conflict("translog.size_beyond").into());
    }
    let now = domain::time::now_text();
    let inserted = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_checkpoints (size, root_sha256, note, key_id, signed_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (size) DO NOTHING",
        )
        .bind(size)
        .bind(root_hex)
        .bind(note)
        .bind(key_id)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if inserted == 1 {
        let id = size.to_string();
        crate::audit::record(
            &mut tx,
            &domain::identity::Actor::system("disclosure-log"),
            crate::audit::Entry {
                entity: domain::audit::entity::DISCLOSURE_CHECKPOINT,
                entity_id: &id,
                region_code: None,
                action: domain::audit::Action::Create,
                before: None,
                after: Some(serde_json::json!({
                    "size": size, "root_sha256": root_hex, "key_id": key_id
                })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    checkpoint(db, size)
        .await?
        .ok_or(StoreError::Domain(domain::DomainError::NotFound))
}

//! Published versions: frozen snapshots (canonical JSON and the page rendered from it), each
//! one leaf of the log. Inserted by [`publish_in_tx`], never updated or deleted. The reads
//! here are public (no scope): a published version is public by definition.

use super::log;
use crate::{Db, StoreError, Tx, on_pool, on_tx};
use domain::DomainError;
use domain::disclosure::{mask, snapshot};
use domain::identity::Actor;
use serde::Serialize;

/// A published version, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct VersionRecord {
    pub id: String,
    pub item_id: String,
    pub version: i64,
    pub reason: String,
    /// The canonical JSON (exactly the bytes the log entry hashes).
    pub snapshot: String,
    pub page_html: String,
    pub snapshot_sha256: String,
    pub log_index: i64,
    pub published_at: String,
    pub published_by_name: String,
}

/// A version in an item's public history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct VersionMeta {
    pub version: i64,
    pub reason: String,
    pub snapshot_sha256: String,
    pub log_index: i64,
    pub published_at: String,
    pub published_by_name: String,
}

/// An item's current published version, as a region's public page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PublishedItem {
    pub item_id: String,
    pub region_code: String,
    pub category: String,
    pub kind: String,
    pub period_from: String,
    pub period_to: String,
    pub title: String,
    pub version: i64,
    pub snapshot_sha256: String,
    pub log_index: i64,
    pub published_at: String,
}

// `version` and `current_version` are INTEGER on PostgreSQL: read as BIGINT (i64).
const COLUMNS: &str = "id, item_id, CAST(version AS BIGINT) AS version, reason, snapshot, page_html, snapshot_sha256, \
     log_index, published_at, published_by_name";

/// Freezes `snapshot` (and `page_html`, rendered from it) as the next version of `item_id`,
/// appends its hash to the log and marks the item published, inside the caller's transaction
/// (which checks scope and approval and writes the audit entry). The item's state must
/// allow it: the caller's guarded transition runs in the same transaction.
///
/// Refused (`disclosure.pii`) when the snapshot or the page holds an ID number or a full
/// mobile number. Exactly one of concurrent publications of the same item version wins: the
/// item's `current_version` moves only from the version this one follows
/// (`disclosure.already_published` for the others).
pub async fn publish_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    item_id: &str,
    reason: &str,
    snapshot: &serde_json::Value,
    page_html: &str,
) -> Result<VersionRecord, StoreError> {
    let bytes = snapshot::canonical(snapshot);
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| DomainError::Conflict("disclosure.snapshot_invalid"))?;
    if mask::find_pii(&text).is_some() || mask::find_pii(page_html).is_some() {
        return Err(DomainError::Conflict("disclosure.pii").into());
    }
    let current: Option<(i64,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT CAST(current_version AS BIGINT) FROM disclosure_items WHERE id = $1")
            .bind(item_id)
            .fetch_optional(conn)
            .await?
    });
    let Some((current,)) = current else {
        return Err(DomainError::NotFound.into());
    };
    let version = current + 1;
    let now = domain::time::now_text();
    let moved = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_items SET current_version = $2, state = 'published',
             correction_reason = '', updated_at = $3
             WHERE id = $1 AND current_version = $4",
        )
        .bind(item_id)
        .bind(version)
        .bind(&now)
        .bind(current)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("disclosure.already_published").into());
    }
    let hash = snapshot::sha256(&bytes);
    let log_index = log::append_in_tx(tx, &hash).await?;
    let by = actor.user_id.map(|u| u.to_string());
    let name: Option<(String,)> = match &by {
        Some(id) => on_tx!(tx, |conn| {
            sqlx::query_as("SELECT display_name FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?
        }),
        None => None,
    };
    let record = VersionRecord {
        id: domain::Id::new().to_string(),
        item_id: item_id.to_string(),
        version,
        reason: reason.trim().to_string(),
        snapshot: text,
        page_html: page_html.to_string(),
        snapshot_sha256: snapshot::hex(&hash),
        log_index,
        published_at: now,
        published_by_name: name.map(|(n,)| n).unwrap_or_else(|| actor.username.clone()),
    };
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_versions (id, item_id, version, reason, snapshot, page_html,
             snapshot_sha256, log_index, published_at, published_by, published_by_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&record.id)
        .bind(&record.item_id)
        .bind(record.version)
        .bind(&record.reason)
        .bind(&record.snapshot)
        .bind(&record.page_html)
        .bind(&record.snapshot_sha256)
        .bind(record.log_index)
        .bind(&record.published_at)
        .bind(&by)
        .bind(&record.published_by_name)
        .execute(conn)
        .await?;
    });
    Ok(record)
}

/// Version `version` of a published item (not archived), whole.
pub async fn get(
    db: &Db,
    item_id: &str,
    version: i64,
) -> Result<Option<VersionRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM disclosure_versions v WHERE item_id = $1 AND version = $2
         AND EXISTS (SELECT 1 FROM disclosure_items i WHERE i.id = v.item_id AND NOT i.archived)"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(item_id)
            .bind(version)
            .fetch_optional(pool)
            .await?
    }))
}

/// Every published version of an item, oldest first (the public history).
pub async fn history(db: &Db, item_id: &str) -> Result<Vec<VersionMeta>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT CAST(version AS BIGINT) AS version, reason, snapshot_sha256, log_index,
                    published_at, published_by_name
             FROM disclosure_versions WHERE item_id = $1 ORDER BY version",
        )
        .bind(item_id)
        .fetch_all(pool)
        .await?
    }))
}

/// The current published version of every item of `region_code` (not archived), by category,
/// then newest period first.
pub async fn current_for_region(
    db: &Db,
    region_code: &str,
) -> Result<Vec<PublishedItem>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT i.id AS item_id, i.region_code, i.category, i.kind, i.period_from,
                    i.period_to, i.title, CAST(v.version AS BIGINT) AS version, v.snapshot_sha256, v.log_index,
                    v.published_at
             FROM disclosure_items i
             JOIN disclosure_versions v ON v.item_id = i.id AND v.version = i.current_version
             WHERE i.region_code = $1 AND NOT i.archived
             ORDER BY i.category, i.period_from DESC, i.period_to DESC, i.title",
        )
        .bind(region_code)
        .fetch_all(pool)
        .await?
    }))
}

//! Key-value settings of the deployment (e.g. whether the demo data set is loaded).

use crate::{Db, StoreError, Tx, on_pool, on_tx};

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, StoreError> {
    let value: Option<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
    });
    Ok(value.map(|(v,)| v))
}

/// [`get`] inside a write transaction (what the transaction is about to replace).
pub async fn get_in_tx(tx: &mut Tx, key: &str) -> Result<Option<String>, StoreError> {
    let value: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?
    });
    Ok(value.map(|(v,)| v))
}

pub async fn set(tx: &mut Tx, key: &str, value: &str) -> Result<(), StoreError> {
    let now = domain::time::now_text();
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    Ok(())
}

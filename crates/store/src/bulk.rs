//! Bulk writes of many rows inside a transaction.
//!
//! On SQLite the rows go through prepared statements on the very connection (and transaction)
//! sqlx opened, borrowed with [`with_sqlite`]: sqlx sends every statement and every bound
//! value to its worker thread, which for a million rows costs more than SQLite's own work.
//! On PostgreSQL a batch of rows is one statement whose only large parameter is a JSON array
//! of the rows ([`JsonRows`]), read back by `json_array_elements`: one round trip per batch.

use crate::{Backend, StoreError};
use sqlx::Sqlite;
use std::fmt::Write;

/// Runs `work` with the transaction's SQLite connection as a `rusqlite` connection; its
/// statements run inside the transaction, which sqlx still commits or rolls back.
pub async fn with_sqlite<T>(
    tx: &mut sqlx::Transaction<'static, Sqlite>,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut handle = tx.lock_handle().await?;
    let raw = handle.as_raw_handle();
    // SAFETY: the handle stays locked away from sqlx's worker thread while `handle` lives,
    // which outlives `conn`; `from_handle` does not take ownership (the connection is not
    // closed on drop), and dropping `conn` finalizes the statements `work` prepared, so sqlx
    // gets the handle back as it left it. libsqlite3-sys is the same crate for both.
    #[allow(unsafe_code)]
    let conn = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }?;
    let result = work(&conn);
    drop(conn);
    drop(handle);
    result
}

/// Inserts `rows` on SQLite with multi-row statements of `per` rows (fewer statement runs
/// than one per row): `sql(n)` gives the statement for `n` rows, `bind(statement, i, row)`
/// binds the `i`-th row of the group with `raw_bind_parameter`.
pub fn insert_in_groups<T>(
    conn: &rusqlite::Connection,
    rows: &[T],
    per: usize,
    sql: impl Fn(usize) -> String,
    bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> Result<(), StoreError> {
    let mut full: Option<rusqlite::Statement<'_>> = None;
    for group in rows.chunks(per.max(1)) {
        let mut last;
        let statement = if group.len() == per {
            match &mut full {
                Some(statement) => statement,
                None => full.insert(conn.prepare(&sql(per))?),
            }
        } else {
            last = conn.prepare(&sql(group.len()))?;
            &mut last
        };
        for (i, row) in group.iter().enumerate() {
            bind(statement, i, row)?;
        }
        statement.raw_execute()?;
    }
    Ok(())
}

/// The rows of one bulk statement, written as a JSON array of arrays.
#[derive(Debug, Default)]
pub struct JsonRows {
    text: String,
    rows: usize,
    /// Whether the current row has a cell yet (for the commas).
    cells: bool,
}

impl JsonRows {
    pub fn with_capacity(bytes: usize) -> Self {
        let mut text = String::with_capacity(bytes);
        text.push('[');
        JsonRows {
            text,
            rows: 0,
            cells: false,
        }
    }

    /// Starts a new row.
    pub fn row(&mut self) -> &mut Self {
        if self.rows > 0 {
            self.text.push_str("],");
        }
        self.text.push('[');
        self.rows += 1;
        self.cells = false;
        self
    }

    fn comma(&mut self) {
        if self.cells {
            self.text.push(',');
        }
        self.cells = true;
    }

    pub fn text(&mut self, value: &str) -> &mut Self {
        self.comma();
        self.text.push('"');
        for c in value.chars() {
            match c {
                '"' => self.text.push_str("\\\""),
                '\\' => self.text.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(self.text, "\\u{:04x}", u32::from(c));
                }
                c => self.text.push(c),
            }
        }
        self.text.push('"');
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.comma();
        let _ = write!(self.text, "{value}");
        self
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Bytes written so far, to cut batches by size.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    /// The JSON text to bind.
    pub fn finish(mut self) -> String {
        if self.rows > 0 {
            self.text.push(']');
        }
        self.text.push(']');
        self.text
    }
}

/// The `FROM` item that turns the JSON parameter `$param` into rows with a column `value`;
/// cells are `value->>0`, `value->>1`, … (text on PostgreSQL: cast numbers with `CAST`).
pub fn json_rows_from(backend: Backend, param: usize) -> String {
    match backend {
        Backend::Sqlite => format!("json_each(${param})"),
        Backend::Postgres => format!("json_array_elements(${param}::json) AS j(value)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_rows_as_a_json_array_with_escapes() {
        let mut rows = JsonRows::with_capacity(16);
        rows.row().text("a\"b\\c\n").int(-5);
        rows.row().text("灵芝").int(0);
        let text = rows.finish();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, serde_json::json!([["a\"b\\c\n", -5], ["灵芝", 0]]));
        assert_eq!(JsonRows::with_capacity(0).finish(), "[]");
    }
}

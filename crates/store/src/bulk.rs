//! Bulk writes of many rows inside a transaction.
//!
//! On SQLite the rows go through prepared statements on the very connection (and transaction)
//! sqlx opened, borrowed with [`with_sqlite`]: sqlx sends every statement and every bound
//! value to its worker thread, which for a million rows costs more than SQLite's own work.
//! On PostgreSQL a batch of rows is one statement whose only large parameter is a JSON array
//! of the rows ([`JsonRows`]), read back by `json_array_elements`: one round trip per batch.
//! Loads of many thousands of rows go through the COPY protocol instead ([`CopyRows`],
//! [`copy_in`]), and a load into empty tables sets their indexes and keys aside while it
//! writes and builds them again before the commit ([`SetAside`]), as `pg_restore` does.

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

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format: cells separated by tabs, rows ended
/// by newlines, `\N` for NULL, and backslash, tab, newline and carriage return escaped.
#[derive(Debug, Default)]
pub struct CopyRows {
    text: String,
    rows: usize,
    /// Whether the current row has a cell yet (for the tabs).
    cells: bool,
}

impl CopyRows {
    pub fn with_capacity(bytes: usize) -> Self {
        CopyRows {
            text: String::with_capacity(bytes),
            rows: 0,
            cells: false,
        }
    }

    /// Starts a new row.
    pub fn row(&mut self) -> &mut Self {
        if self.rows > 0 {
            self.text.push('\n');
        }
        self.rows += 1;
        self.cells = false;
        self
    }

    fn tab(&mut self) {
        if self.cells {
            self.text.push('\t');
        }
        self.cells = true;
    }

    pub fn text(&mut self, value: &str) -> &mut Self {
        self.tab();
        let mut rest = value;
        while let Some(at) = rest.find(['\\', '\t', '\n', '\r']) {
            let (plain, special) = rest.split_at(at);
            self.text.push_str(plain);
            let mut chars = special.chars();
            self.text.push_str(match chars.next() {
                Some('\t') => "\\t",
                Some('\n') => "\\n",
                Some('\r') => "\\r",
                _ => "\\\\",
            });
            rest = chars.as_str();
        }
        self.text.push_str(rest);
        self
    }

    /// A text cell or NULL.
    pub fn opt(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(value),
            None => self.null(),
        }
    }

    pub fn null(&mut self) -> &mut Self {
        self.tab();
        self.text.push_str("\\N");
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.tab();
        let _ = write!(self.text, "{value}");
        self
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.tab();
        self.text.push(if value { 't' } else { 'f' });
        self
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Bytes written so far, to cut loads by size.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    /// The rows written so far, leaving the buffer empty (its capacity kept) for more.
    fn take(&mut self) -> String {
        if self.rows > 0 {
            self.text.push('\n');
        }
        self.rows = 0;
        self.cells = false;
        let capacity = self.text.capacity();
        std::mem::replace(&mut self.text, String::with_capacity(capacity))
    }
}

/// Sends `rows` into `target` (a table and its column list, e.g. `t (a, b)`) with one
/// `COPY … FROM STDIN` and empties `rows`; returns the rows stored. A row the table refuses
/// fails the statement, and with it the caller's transaction.
pub async fn copy_in(
    conn: &mut sqlx::PgConnection,
    target: &str,
    rows: &mut CopyRows,
) -> Result<u64, StoreError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let data = rows.take();
    let mut copy = conn
        .copy_in_raw(&format!("COPY {target} FROM STDIN"))
        .await?;
    if let Err(e) = copy.send(data.as_bytes()).await {
        // The connection is broken or the server refused: say so to the server if it still
        // listens, and report the first error.
        let _ = copy.abort(e.to_string()).await;
        return Err(e.into());
    }
    Ok(copy.finish().await?)
}

/// The indexes, primary and unique keys and foreign keys of tables being loaded, set aside
/// while the rows go in and built again by [`SetAside::restore`] before the commit: building
/// an index from all rows at once (a sort) and checking a foreign key with one join cost a
/// fraction of keeping them row by row. Only empty tables are set aside, inside the load's
/// transaction: a failed load rolls the schema back with the rows. The definitions are
/// read from the catalogue (`pg_get_indexdef`, `pg_get_constraintdef`), never kept by hand,
/// and every check the keys make is made again when they are restored (a duplicate or a
/// dangling reference fails the commit).
#[derive(Debug, Default)]
pub struct SetAside {
    /// Statements that build everything again, keys and indexes before foreign keys.
    restore: Vec<String>,
}

impl SetAside {
    /// Locks `tables` (`ACCESS EXCLUSIVE` until the end of the transaction) and, when every
    /// one is empty, drops their indexes and keys and the foreign keys that point at them
    /// from other tables. When one holds rows nothing is set aside (rows then go in with
    /// every index kept up to date).
    pub async fn begin(
        conn: &mut sqlx::PgConnection,
        tables: &[&str],
    ) -> Result<SetAside, StoreError> {
        let list = tables.join(", ");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "LOCK TABLE {list} IN ACCESS EXCLUSIVE MODE"
        )))
        .execute(&mut *conn)
        .await?;
        for table in tables {
            let (any,): (bool,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT EXISTS (SELECT 1 FROM {table})"
            )))
            .fetch_one(&mut *conn)
            .await?;
            if any {
                return Ok(SetAside::default());
            }
        }
        let names: Vec<String> = tables.iter().map(|t| t.to_string()).collect();
        // Foreign keys on the tables or pointing at them; then their primary and unique
        // keys; then the indexes that back no constraint. Dropped in that order, built again
        // in the reverse one.
        let foreign: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT c.conrelid::regclass::text, quote_ident(c.conname),
                    pg_get_constraintdef(c.oid)
             FROM pg_constraint c
             WHERE c.contype = 'f'
               AND (c.conrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t)
                 OR c.confrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t))
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await?;
        let keys: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT c.conrelid::regclass::text, quote_ident(c.conname),
                    pg_get_constraintdef(c.oid)
             FROM pg_constraint c
             WHERE c.contype IN ('p', 'u')
               AND c.conrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t)
             ORDER BY 1, 2",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await?;
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
             FROM pg_index i
             WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) t)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY 1",
        )
        .bind(&names)
        .fetch_all(&mut *conn)
        .await?;
        let mut drop = Vec::new();
        let mut restore = Vec::new();
        for (table, name, _) in foreign.iter().chain(&keys) {
            drop.push(format!("ALTER TABLE {table} DROP CONSTRAINT {name}"));
        }
        for (index, definition) in &indexes {
            drop.push(format!("DROP INDEX {index}"));
            restore.push(definition.clone());
        }
        for (table, name, definition) in keys.iter().chain(&foreign) {
            restore.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
            ));
        }
        for statement in drop {
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut *conn)
                .await?;
        }
        Ok(SetAside { restore })
    }

    /// Whether anything was set aside.
    pub fn is_empty(&self) -> bool {
        self.restore.is_empty()
    }

    /// Builds the indexes and keys again, then adds the foreign keys back, each checking
    /// every row loaded.
    pub async fn restore(self, conn: &mut sqlx::PgConnection) -> Result<(), StoreError> {
        for statement in self.restore {
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
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

    #[test]
    fn writes_copy_rows_with_escapes_and_nulls() {
        let mut rows = CopyRows::with_capacity(16);
        rows.row().text("a\tb\\c\nd\re").int(-5).null();
        rows.row().text("灵芝").bool(true).opt(None).opt(Some("x"));
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows.take(),
            "a\\tb\\\\c\\nd\\re\t-5\t\\N\n灵芝\tt\t\\N\tx\n"
        );
        assert!(rows.is_empty());
        assert_eq!(rows.take(), "");
    }
}

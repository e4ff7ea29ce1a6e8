//! `zhenxing db copy`: a whole deployment from one database into another (SQLite →
//! PostgreSQL, PostgreSQL → SQLite, or either to its own kind), for a district that outgrows
//! one file.
//!
//! Nothing about the tables is kept by hand here: the tables, their columns and types, their
//! primary keys and foreign keys are read from the live schemas (`pragma_table_info` and
//! `pragma_foreign_key_list` on SQLite, `information_schema` and `pg_constraint` on
//! PostgreSQL), so the next migration is copied without a change here.
//!
//! - The source is read in one read transaction (a consistent snapshot; on PostgreSQL
//!   `REPEATABLE READ, READ ONLY`), table by table in primary-key order, in batches of
//!   [`BATCH_ROWS`] rows fetched by key (`WHERE (key) > (last key)`), so the largest table is
//!   never held in memory.
//! - The target is written in ONE write transaction: any error, or a table whose row count
//!   differs from the source's, drops it, and the target is left as it was.
//! - Tables go in foreign-key order (parents first). A foreign key that order cannot satisfy
//!   (a table referring to itself: regions, reversals of vouchers, sub-problems) is checked
//!   at the end of the transaction instead: `PRAGMA defer_foreign_keys` on SQLite; on
//!   PostgreSQL the constraint is made deferrable for the transaction and made immediate
//!   again before the commit (all inside the transaction).
//! - The target must be migrated and hold nothing but what the migrations seed: the rows a
//!   fresh migration writes are counted in a scratch in-memory SQLite database, and a target
//!   table holding more is refused, naming it. Seeded rows (meeting types, compliance rules)
//!   are taken from the source, which may have edited them (`ON CONFLICT … DO UPDATE`).
//! - Values move by their column types on each side (TEXT, BIGINT/INTEGER, BOOLEAN stored as
//!   0/1 on SQLite, BLOB/BYTEA byte for byte); a type this module does not know is refused,
//!   naming the column, rather than guessed.
//! - The audit log's append-only triggers stay in place: the copy only inserts.

use crate::{Backend, Db, StoreError, Tx, on_tx};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Postgres, Row, Sqlite, TypeInfo, ValueRef};
use std::collections::{BTreeMap, BTreeSet};

/// Rows read from the source per query.
pub const BATCH_ROWS: usize = 2000;
/// Bound parameters per insert statement (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;

/// Why a copy did not happen. Every case leaves the target as it was.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("表 {table}: {error}")]
    InTable { table: String, error: StoreError },
    #[error(
        "目标数据库已有数据（表 {table} 有 {rows} 行），未复制任何内容 \
         the target holds data (table {table}: {rows} rows); nothing was copied: \
         copy into a new, empty database"
    )]
    TargetNotEmpty { table: String, rows: i64 },
    #[error(
        "源数据库的迁移版本 {from_version} 与目标的 {to_version} 不同，未复制任何内容 \
         the source is at migration {from_version}, the target at {to_version}; nothing was \
         copied: run `zhenxing migrate --database-url <source>` with this zhenxing first"
    )]
    Versions { from_version: i64, to_version: i64 },
    #[error("源数据库与目标数据库的表结构不同 the schemas differ: {0}; nothing was copied")]
    Schema(String),
    #[error(
        "表 {table} 列 {column} 的类型 {declared} 无法复制 \
         column {table}.{column} has a type the copy does not know: {declared}"
    )]
    UnsupportedType {
        table: String,
        column: String,
        declared: String,
    },
    #[error(
        "表 {table} 列 {column} 的值无法复制 a value of {table}.{column} cannot be copied: {detail}"
    )]
    Value {
        table: String,
        column: String,
        detail: ValueError,
    },
    #[error("表 {table} 没有主键 table {table} has no primary key; nothing was copied")]
    NoPrimaryKey { table: String },
    #[error(
        "行数不符，已回滚 row counts differ in {table}: {from_rows} in the source, {to_rows} \
         in the target; the copy was rolled back"
    )]
    Count {
        table: String,
        from_rows: i64,
        to_rows: i64,
    },
}

/// What a copy reports as it goes: after every batch of a table, and once more when the
/// table is complete and its row counts agree (`done`).
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub table: &'a str,
    pub rows: i64,
    pub of: i64,
    pub done: bool,
}

/// A finished copy: every table with its row count (the same on both sides).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(String, i64)>,
}

impl Copied {
    pub fn rows(&self) -> i64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// How a value is read and written, from a column's declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int16,
    Int32,
    Int64,
    Bool,
    Real32,
    Real64,
    Bytes,
}

impl Kind {
    /// SQLite's type affinity rules (§3.1 of its datatype page), with BOOLEAN apart.
    fn sqlite(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_uppercase();
        if t.contains("BOOL") {
            Some(Kind::Bool)
        } else if t.contains("INT") {
            Some(Kind::Int64)
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            Some(Kind::Text)
        } else if t.contains("BLOB") || t.is_empty() {
            Some(Kind::Bytes)
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Some(Kind::Real64)
        } else {
            None
        }
    }

    /// `information_schema.columns.data_type` on PostgreSQL.
    fn postgres(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "text" | "character varying" | "character" => Kind::Text,
            "smallint" => Kind::Int16,
            "integer" => Kind::Int32,
            "bigint" => Kind::Int64,
            "boolean" => Kind::Bool,
            "real" => Kind::Real32,
            "double precision" => Kind::Real64,
            "bytea" => Kind::Bytes,
            _ => return None,
        })
    }
}

/// One value in flight.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    /// The value as the target column `kind` stores it.
    fn into_kind(self, kind: Kind) -> Result<Value, ValueError> {
        Ok(match (kind, self) {
            (_, Value::Null) => Value::Null,
            (Kind::Text, v @ Value::Text(_)) => v,
            (Kind::Int16 | Kind::Int32 | Kind::Int64, v @ Value::Int(_)) => v,
            (Kind::Int16 | Kind::Int32 | Kind::Int64, Value::Bool(b)) => Value::Int(i64::from(b)),
            (Kind::Bool, v @ Value::Bool(_)) => v,
            (Kind::Bool, Value::Int(0)) => Value::Bool(false),
            (Kind::Bool, Value::Int(1)) => Value::Bool(true),
            (Kind::Real32 | Kind::Real64, v @ Value::Real(_)) => v,
            (Kind::Real32 | Kind::Real64, Value::Int(i)) => Value::Real(i as f64),
            (Kind::Bytes, v @ Value::Bytes(_)) => v,
            // A BLOB column of SQLite may hold a TEXT value: its bytes are the UTF-8 bytes.
            (Kind::Bytes, Value::Text(s)) => Value::Bytes(s.into_bytes()),
            (kind, v) => {
                return Err(ValueError::Unfit {
                    value: format!("{v:?}"),
                    kind: format!("{kind:?}"),
                });
            }
        })
    }
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    declared: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
struct ForeignKey {
    /// The constraint's name (PostgreSQL; SQLite's are anonymous).
    name: String,
    parent: String,
    deferrable: bool,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
    /// Primary-key column names in key order.
    key: Vec<String>,
    parents: Vec<ForeignKey>,
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// `"name"` with inner quotes doubled (both backends).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn param(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => "?".to_string(),
        Backend::Postgres => format!("${n}"),
    }
}

/// The schema as the open transaction sees it.
async fn schema(tx: &mut Tx) -> Result<Vec<Table>, CopyError> {
    let mut tables = Vec::new();
    match tx {
        Tx::Sqlite(t) => {
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'
                 ORDER BY name",
            )
            .fetch_all(&mut **t)
            .await
            .map_err(StoreError::from)?;
            for (name,) in names {
                // `pragma_table_info` leaves out generated (hidden) columns, which are not
                // inserted anyway.
                let cols: Vec<(String, String, i64)> =
                    sqlx::query_as("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
                        .bind(&name)
                        .fetch_all(&mut **t)
                        .await
                        .map_err(StoreError::from)?;
                let mut key: Vec<(i64, String)> = cols
                    .iter()
                    .filter(|(_, _, pk)| *pk > 0)
                    .map(|(c, _, pk)| (*pk, c.clone()))
                    .collect();
                key.sort();
                let mut columns = Vec::new();
                for (column, declared, _) in cols {
                    let kind =
                        Kind::sqlite(&declared).ok_or_else(|| CopyError::UnsupportedType {
                            table: name.clone(),
                            column: column.clone(),
                            declared: declared.clone(),
                        })?;
                    columns.push(Column {
                        name: column,
                        declared,
                        kind,
                    });
                }
                let parents: Vec<(String,)> =
                    sqlx::query_as("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
                        .bind(&name)
                        .fetch_all(&mut **t)
                        .await
                        .map_err(StoreError::from)?;
                tables.push(Table {
                    name,
                    columns,
                    key: key.into_iter().map(|(_, c)| c).collect(),
                    parents: parents
                        .into_iter()
                        .map(|(parent,)| ForeignKey {
                            name: String::new(),
                            parent,
                            deferrable: false,
                        })
                        .collect(),
                });
            }
        }
        Tx::Postgres(t) => {
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                   AND table_name::text NOT LIKE '\\_sqlx%'
                 ORDER BY table_name",
            )
            .fetch_all(&mut **t)
            .await
            .map_err(StoreError::from)?;
            for (name,) in names {
                let cols: Vec<(String, String)> = sqlx::query_as(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1
                       AND is_generated = 'NEVER'
                     ORDER BY ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut **t)
                .await
                .map_err(StoreError::from)?;
                let mut columns = Vec::new();
                for (column, declared) in cols {
                    let kind =
                        Kind::postgres(&declared).ok_or_else(|| CopyError::UnsupportedType {
                            table: name.clone(),
                            column: column.clone(),
                            declared: declared.clone(),
                        })?;
                    columns.push(Column {
                        name: column,
                        declared,
                        kind,
                    });
                }
                let key: Vec<(String,)> = sqlx::query_as(
                    "SELECT k.column_name::text
                     FROM information_schema.table_constraints c
                     JOIN information_schema.key_column_usage k
                       ON k.constraint_schema = c.constraint_schema
                      AND k.constraint_name = c.constraint_name
                     WHERE c.table_schema = current_schema() AND c.table_name = $1
                       AND c.constraint_type = 'PRIMARY KEY'
                     ORDER BY k.ordinal_position",
                )
                .bind(&name)
                .fetch_all(&mut **t)
                .await
                .map_err(StoreError::from)?;
                let parents: Vec<(String, String, bool)> = sqlx::query_as(
                    "SELECT c.conname::text, p.relname::text, c.condeferrable
                     FROM pg_constraint c
                     JOIN pg_class r ON r.oid = c.conrelid
                     JOIN pg_class p ON p.oid = c.confrelid
                     WHERE c.contype = 'f' AND r.relname = $1
                       AND r.relnamespace = current_schema()::regnamespace
                     ORDER BY c.conname",
                )
                .bind(&name)
                .fetch_all(&mut **t)
                .await
                .map_err(StoreError::from)?;
                tables.push(Table {
                    name,
                    columns,
                    key: key.into_iter().map(|(c,)| c).collect(),
                    parents: parents
                        .into_iter()
                        .map(|(name, parent, deferrable)| ForeignKey {
                            name,
                            parent,
                            deferrable,
                        })
                        .collect(),
                });
            }
        }
    }
    Ok(tables)
}

/// Parents before children (Kahn's algorithm, ties by name). Tables on a cycle of foreign
/// keys follow by name; the keys the order cannot satisfy are checked at commit.
fn fk_order(tables: &[Table]) -> Vec<String> {
    let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> = tables
        .iter()
        .map(|t| {
            let parents = t
                .parents
                .iter()
                .map(|f| f.parent.as_str())
                .filter(|p| *p != t.name && names.contains(p))
                .collect();
            (t.name.as_str(), parents)
        })
        .collect();
    let mut order: Vec<String> = Vec::new();
    while !waiting.is_empty() {
        let ready: Vec<&str> = waiting
            .iter()
            .filter(|(_, parents)| parents.is_empty())
            .map(|(name, _)| *name)
            .collect();
        let next: Vec<&str> = if ready.is_empty() {
            // A cycle: take the first remaining table and go on.
            waiting.keys().take(1).copied().collect()
        } else {
            ready
        };
        for name in next {
            waiting.remove(name);
            for parents in waiting.values_mut() {
                parents.remove(name);
            }
            order.push(name.to_string());
        }
    }
    order
}

/// Latest applied migration.
async fn migration_version(tx: &mut Tx) -> Result<i64, StoreError> {
    let (v,): (i64,) = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(conn)
            .await?
    });
    Ok(v)
}

async fn count(tx: &mut Tx, table: &str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM {}", ident(table));
    let (n,): (i64,) = on_tx!(tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(conn)
            .await?
    });
    Ok(n)
}

/// Rows per table that a freshly migrated database holds (what the migrations seed),
/// counted in a scratch in-memory SQLite database.
async fn seeded() -> Result<BTreeMap<String, i64>, CopyError> {
    let scratch = Db::connect("sqlite::memory:").await?;
    scratch.migrate().await?;
    let mut tx = match &scratch {
        Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await.map_err(StoreError::from)?),
        Db::Postgres(pool) => Tx::Postgres(pool.begin().await.map_err(StoreError::from)?),
    };
    let mut out = BTreeMap::new();
    for table in schema(&mut tx).await? {
        let n = count(&mut tx, &table.name).await?;
        if n > 0 {
            out.insert(table.name, n);
        }
    }
    drop(tx);
    scratch.close().await;
    Ok(out)
}

type SqliteQuery = sqlx::query::Query<'static, Sqlite, <Sqlite as sqlx::Database>::Arguments>;
type PgQuery = sqlx::query::Query<'static, Postgres, <Postgres as sqlx::Database>::Arguments>;

fn bind_sqlite(q: SqliteQuery, value: Value) -> SqliteQuery {
    match value {
        Value::Null => q.bind(None::<String>),
        Value::Int(i) => q.bind(i),
        Value::Real(f) => q.bind(f),
        Value::Bool(b) => q.bind(b),
        Value::Text(s) => q.bind(s),
        Value::Bytes(b) => q.bind(b),
    }
}

/// Why a value cannot be copied into its target column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("{value} is not {expected}")]
    NotA {
        value: String,
        expected: &'static str,
    },
    #[error("{value} does not fit a {kind} column")]
    Unfit { value: String, kind: String },
    #[error(transparent)]
    OutOfRange(#[from] std::num::TryFromIntError),
    #[error("a row refers to a missing row (foreign key)")]
    ForeignKey,
    /// The source database could not decode the value (its driver's words, for the
    /// operator running `db copy`).
    #[error("{0}")]
    Unreadable(String),
}

impl ValueError {
    fn not_a(value: &Value, expected: &'static str) -> ValueError {
        ValueError::NotA {
            value: format!("{value:?}"),
            expected,
        }
    }
}

/// Binds with the PostgreSQL type of `kind` (a NULL too: its parameter must have the
/// column's type).
fn bind_pg(q: PgQuery, value: Value, kind: Kind) -> Result<PgQuery, ValueError> {
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Null => Ok(None),
        other => Err(ValueError::not_a(other, "an integer")),
    };
    let real = |v: &Value| match v {
        Value::Real(f) => Ok(Some(*f)),
        Value::Null => Ok(None),
        other => Err(ValueError::not_a(other, "a number")),
    };
    Ok(match kind {
        Kind::Int64 => q.bind(int(&value)?),
        Kind::Int32 => q.bind(
            int(&value)?
                .map(i32::try_from)
                .transpose()
                .map_err(ValueError::from)?,
        ),
        Kind::Int16 => q.bind(
            int(&value)?
                .map(i16::try_from)
                .transpose()
                .map_err(ValueError::from)?,
        ),
        Kind::Real64 => q.bind(real(&value)?),
        #[allow(clippy::cast_possible_truncation)]
        Kind::Real32 => q.bind(real(&value)?.map(|f| f as f32)),
        Kind::Bool => q.bind(match value {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            other => return Err(ValueError::not_a(&other, "a boolean")),
        }),
        Kind::Text => q.bind(match value {
            Value::Text(s) => Some(s),
            Value::Null => None,
            other => return Err(ValueError::not_a(&other, "text")),
        }),
        Kind::Bytes => q.bind(match value {
            Value::Bytes(b) => Some(b),
            Value::Null => None,
            other => return Err(ValueError::not_a(&other, "bytes")),
        }),
    })
}

/// A SQLite value by its storage class (SQLite keeps the type per value, not per column).
fn sqlite_value(row: &SqliteRow, i: usize) -> Result<Value, sqlx::Error> {
    let class = {
        let raw = row.try_get_raw(i)?;
        if raw.is_null() {
            return Ok(Value::Null);
        }
        raw.type_info().name().to_string()
    };
    Ok(match class.as_str() {
        "INTEGER" => Value::Int(row.try_get_unchecked::<i64, _>(i)?),
        "REAL" => Value::Real(row.try_get_unchecked::<f64, _>(i)?),
        "BLOB" => Value::Bytes(row.try_get_unchecked::<Vec<u8>, _>(i)?),
        _ => Value::Text(row.try_get_unchecked::<String, _>(i)?),
    })
}

/// A PostgreSQL value by its column's type.
fn pg_value(row: &PgRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match kind {
        Kind::Text => or_null(row.try_get::<Option<String>, _>(i)?.map(Value::Text)),
        Kind::Int16 => or_null(
            row.try_get::<Option<i16>, _>(i)?
                .map(|v| Value::Int(v.into())),
        ),
        Kind::Int32 => or_null(
            row.try_get::<Option<i32>, _>(i)?
                .map(|v| Value::Int(v.into())),
        ),
        Kind::Int64 => or_null(row.try_get::<Option<i64>, _>(i)?.map(Value::Int)),
        Kind::Bool => or_null(row.try_get::<Option<bool>, _>(i)?.map(Value::Bool)),
        Kind::Real32 => or_null(
            row.try_get::<Option<f32>, _>(i)?
                .map(|v| Value::Real(v.into())),
        ),
        Kind::Real64 => or_null(row.try_get::<Option<f64>, _>(i)?.map(Value::Real)),
        Kind::Bytes => or_null(row.try_get::<Option<Vec<u8>>, _>(i)?.map(Value::Bytes)),
    })
}

/// One table's copy: the columns in the target's order, with their kinds on each side.
struct Plan<'a> {
    table: &'a str,
    columns: Vec<(&'a str, Kind, Kind)>,
    /// Indexes into `columns` of the source's primary key.
    key: Vec<usize>,
    /// Whether the target holds seeded rows of this table (then rows are upserted).
    upsert: Option<Vec<&'a str>>,
}

/// Up to `limit` source rows after `after` (a primary key), in key order.
async fn read_batch(
    source: &mut Tx,
    plan: &Plan<'_>,
    after: Option<&[Value]>,
    limit: usize,
) -> Result<Vec<Vec<Value>>, CopyError> {
    let backend = source.backend();
    let list = |idx: &[usize]| -> Vec<String> {
        idx.iter()
            .filter_map(|&i| plan.columns.get(i))
            .map(|(c, _, _)| ident(c))
            .collect()
    };
    let all: Vec<usize> = (0..plan.columns.len()).collect();
    let key = list(&plan.key).join(", ");
    let mut sql = format!(
        "SELECT {} FROM {}",
        list(&all).join(", "),
        ident(plan.table)
    );
    if let Some(after) = after {
        let params: Vec<String> = (1..=after.len()).map(|n| param(backend, n)).collect();
        sql.push_str(&format!(" WHERE ({key}) > ({})", params.join(", ")));
    }
    sql.push_str(&format!(" ORDER BY {key} LIMIT {limit}"));
    let value_error = |i: usize, e: sqlx::Error| CopyError::Value {
        table: plan.table.to_string(),
        column: plan
            .columns
            .get(i)
            .map(|c| c.0.to_string())
            .unwrap_or_default(),
        detail: ValueError::Unreadable(e.to_string()),
    };
    let in_table = |e: sqlx::Error| CopyError::InTable {
        table: plan.table.to_string(),
        error: e.into(),
    };
    let mut out = Vec::new();
    match source {
        Tx::Sqlite(t) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in after.unwrap_or_default() {
                q = bind_sqlite(q, v.clone());
            }
            for row in q.fetch_all(&mut **t).await.map_err(in_table)? {
                let mut values = Vec::with_capacity(plan.columns.len());
                for i in 0..plan.columns.len() {
                    values.push(sqlite_value(&row, i).map_err(|e| value_error(i, e))?);
                }
                out.push(values);
            }
        }
        Tx::Postgres(t) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (v, &i) in after.unwrap_or_default().iter().zip(&plan.key) {
                let kind = plan.columns.get(i).map_or(Kind::Text, |c| c.1);
                q = bind_pg(q, v.clone(), kind).map_err(|detail| CopyError::Value {
                    table: plan.table.to_string(),
                    column: String::new(),
                    detail,
                })?;
            }
            for row in q.fetch_all(&mut **t).await.map_err(in_table)? {
                let mut values = Vec::with_capacity(plan.columns.len());
                for (i, (_, kind, _)) in plan.columns.iter().enumerate() {
                    values.push(pg_value(&row, i, *kind).map_err(|e| value_error(i, e))?);
                }
                out.push(values);
            }
        }
    }
    Ok(out)
}

/// Inserts `rows` (already converted to the target's kinds) with multi-row statements.
async fn insert(target: &mut Tx, plan: &Plan<'_>, rows: Vec<Vec<Value>>) -> Result<(), CopyError> {
    let backend = target.backend();
    let width = plan.columns.len().max(1);
    let per = (MAX_PARAMS / width).clamp(1, BATCH_ROWS);
    let names: Vec<String> = plan.columns.iter().map(|(c, _, _)| ident(c)).collect();
    let conflict = plan.upsert.as_ref().map(|key| {
        let key_list: Vec<String> = key.iter().map(|c| ident(c)).collect();
        let set: Vec<String> = plan
            .columns
            .iter()
            .filter(|(c, _, _)| !key.contains(c))
            .map(|(c, _, _)| format!("{0} = excluded.{0}", ident(c)))
            .collect();
        if set.is_empty() {
            format!(" ON CONFLICT ({}) DO NOTHING", key_list.join(", "))
        } else {
            format!(
                " ON CONFLICT ({}) DO UPDATE SET {}",
                key_list.join(", "),
                set.join(", ")
            )
        }
    });
    let in_table = |e: sqlx::Error| CopyError::InTable {
        table: plan.table.to_string(),
        error: e.into(),
    };
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let group: Vec<Vec<Value>> = rows.by_ref().take(per).collect();
        let mut n = 0;
        let tuples: Vec<String> = group
            .iter()
            .map(|_| {
                let cells: Vec<String> = (0..width)
                    .map(|_| {
                        n += 1;
                        param(backend, n)
                    })
                    .collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}{}",
            ident(plan.table),
            names.join(", "),
            tuples.join(", "),
            conflict.as_deref().unwrap_or("")
        );
        match target {
            Tx::Sqlite(t) => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for row in group {
                    for v in row {
                        q = bind_sqlite(q, v);
                    }
                }
                q.execute(&mut **t).await.map_err(in_table)?;
            }
            Tx::Postgres(t) => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for row in group {
                    for (v, (column, _, kind)) in row.into_iter().zip(&plan.columns) {
                        q = bind_pg(q, v, *kind).map_err(|detail| CopyError::Value {
                            table: plan.table.to_string(),
                            column: column.to_string(),
                            detail,
                        })?;
                    }
                }
                q.execute(&mut **t).await.map_err(in_table)?;
            }
        }
    }
    Ok(())
}

/// Executes one statement of the copy's own (DDL, pragmas) on the target.
async fn exec(tx: &mut Tx, sql: String) -> Result<(), StoreError> {
    on_tx!(tx, |conn| {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(conn).await?;
    });
    Ok(())
}

/// Copies everything from `source` into `target` (migrated, holding only what the migrations
/// seed), calling `progress` as it goes. On any error the target is left as it was.
pub async fn copy(
    source: &Db,
    target: &Db,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<Copied, CopyError> {
    let seeds = seeded().await?;
    // One snapshot of the source for the whole copy.
    let mut reader = match source {
        Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await.map_err(StoreError::from)?),
        Db::Postgres(pool) => Tx::Postgres(
            pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await
                .map_err(StoreError::from)?,
        ),
    };
    let mut writer = target.begin_write().await?;

    let (from_version, to_version) = (
        migration_version(&mut reader).await?,
        migration_version(&mut writer).await?,
    );
    if from_version != to_version {
        return Err(CopyError::Versions {
            from_version,
            to_version,
        });
    }
    let from_tables = schema(&mut reader).await?;
    let to_tables = schema(&mut writer).await?;
    let from_names: BTreeSet<&str> = from_tables.iter().map(|t| t.name.as_str()).collect();
    let to_names: BTreeSet<&str> = to_tables.iter().map(|t| t.name.as_str()).collect();
    if from_names != to_names {
        let only: Vec<String> = from_names
            .symmetric_difference(&to_names)
            .map(|t| t.to_string())
            .collect();
        return Err(CopyError::Schema(format!(
            "tables on one side only: {}",
            only.join(", ")
        )));
    }
    let order = fk_order(&to_tables);

    // The target holds nothing but seeds.
    for name in &order {
        let rows = count(&mut writer, name).await?;
        if rows > seeds.get(name).copied().unwrap_or(0) {
            return Err(CopyError::TargetNotEmpty {
                table: name.clone(),
                rows,
            });
        }
    }

    // Foreign keys the table order cannot satisfy wait for the end of the transaction.
    let position: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut deferred: Vec<(&str, &str)> = Vec::new();
    for t in &to_tables {
        for fk in &t.parents {
            let (Some(child), Some(parent)) = (
                position.get(t.name.as_str()),
                position.get(fk.parent.as_str()),
            ) else {
                continue;
            };
            if parent >= child && !fk.deferrable {
                deferred.push((t.name.as_str(), fk.name.as_str()));
            }
        }
    }
    match writer.backend() {
        Backend::Sqlite => exec(&mut writer, "PRAGMA defer_foreign_keys = ON".into()).await?,
        Backend::Postgres => {
            for (table, constraint) in &deferred {
                exec(
                    &mut writer,
                    format!(
                        "ALTER TABLE {} ALTER CONSTRAINT {} DEFERRABLE INITIALLY DEFERRED",
                        ident(table),
                        ident(constraint)
                    ),
                )
                .await?;
            }
        }
    }

    let mut copied = Copied::default();
    for name in &order {
        let (Some(from), Some(to)) = (
            from_tables.iter().find(|t| &t.name == name),
            to_tables.iter().find(|t| &t.name == name),
        ) else {
            continue;
        };
        let plan = plan(from, to, seeds.contains_key(name))?;
        let total = count(&mut reader, name).await?;
        let mut rows = 0i64;
        let mut after: Option<Vec<Value>> = None;
        loop {
            let batch = read_batch(&mut reader, &plan, after.as_deref(), BATCH_ROWS).await?;
            let Some(last) = batch.last() else { break };
            after = Some(
                plan.key
                    .iter()
                    .filter_map(|&i| last.get(i).cloned())
                    .collect(),
            );
            rows += batch.len() as i64;
            let full = batch.len() == BATCH_ROWS;
            let mut converted = Vec::with_capacity(batch.len());
            for row in batch {
                let mut values = Vec::with_capacity(row.len());
                for (v, (column, _, kind)) in row.into_iter().zip(&plan.columns) {
                    values.push(v.into_kind(*kind).map_err(|detail| CopyError::Value {
                        table: name.clone(),
                        column: column.to_string(),
                        detail,
                    })?);
                }
                converted.push(values);
            }
            insert(&mut writer, &plan, converted).await?;
            progress(Progress {
                table: name,
                rows,
                of: total,
                done: false,
            });
            if !full {
                break;
            }
        }
        let written = count(&mut writer, name).await?;
        if rows != total || written != total {
            return Err(CopyError::Count {
                table: name.clone(),
                from_rows: total,
                to_rows: written,
            });
        }
        progress(Progress {
            table: name,
            rows,
            of: total,
            done: true,
        });
        copied.tables.push((name.clone(), total));
    }

    // Every deferred foreign key is checked now, before the commit, naming the table.
    match writer.backend() {
        Backend::Sqlite => {
            let Tx::Sqlite(t) = &mut writer else {
                return Err(CopyError::Schema("backend".into()));
            };
            let broken: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut **t)
                    .await
                    .map_err(StoreError::from)?;
            if let Some((table,)) = broken.into_iter().next() {
                return Err(CopyError::Value {
                    table,
                    column: String::new(),
                    detail: ValueError::ForeignKey,
                });
            }
        }
        Backend::Postgres => {
            exec(&mut writer, "SET CONSTRAINTS ALL IMMEDIATE".into()).await?;
            for (table, constraint) in &deferred {
                exec(
                    &mut writer,
                    format!(
                        "ALTER TABLE {} ALTER CONSTRAINT {} NOT DEFERRABLE INITIALLY IMMEDIATE",
                        ident(table),
                        ident(constraint)
                    ),
                )
                .await?;
            }
        }
    }
    writer.commit().await?;
    drop(reader);
    if let Db::Postgres(pool) = target {
        // Fresh statistics for the planner: the tables went from empty to full at once.
        sqlx::query("ANALYZE")
            .execute(pool)
            .await
            .map_err(StoreError::from)?;
    }
    Ok(copied)
}

/// The copy of one table: the target's columns, each found in the source.
fn plan<'a>(from: &'a Table, to: &'a Table, seeded: bool) -> Result<Plan<'a>, CopyError> {
    let mut columns = Vec::new();
    for c in &to.columns {
        let Some(s) = from.column(&c.name) else {
            return Err(CopyError::Schema(format!(
                "{}.{} is not in the source",
                to.name, c.name
            )));
        };
        columns.push((c.name.as_str(), s.kind, c.kind));
    }
    if let Some(extra) = from.columns.iter().find(|c| to.column(&c.name).is_none()) {
        return Err(CopyError::Schema(format!(
            "{}.{} ({}) is not in the target",
            from.name, extra.name, extra.declared
        )));
    }
    if from.key.is_empty() || to.key.is_empty() {
        return Err(CopyError::NoPrimaryKey {
            table: to.name.clone(),
        });
    }
    let key = from
        .key
        .iter()
        .filter_map(|k| columns.iter().position(|(c, _, _)| c == k))
        .collect();
    Ok(Plan {
        table: &to.name,
        columns,
        key,
        upsert: seeded.then(|| to.key.iter().map(String::as_str).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, parents: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            key: vec!["id".into()],
            parents: parents
                .iter()
                .map(|p| ForeignKey {
                    name: format!("{name}_{p}_fkey"),
                    parent: (*p).into(),
                    deferrable: false,
                })
                .collect(),
        }
    }

    #[test]
    fn parents_come_first_and_cycles_do_not_stall_the_order() {
        let tables = [
            table("lines", &["vouchers"]),
            table("vouchers", &["vouchers", "books"]),
            table("books", &[]),
            table("chicken", &["egg"]),
            table("egg", &["chicken"]),
        ];
        let order = fk_order(&tables);
        let at = |n: &str| order.iter().position(|t| t == n).unwrap();
        assert_eq!(order.len(), tables.len());
        assert!(at("books") < at("vouchers") && at("vouchers") < at("lines"));
        assert!(order.contains(&"chicken".to_string()) && order.contains(&"egg".to_string()));
    }

    #[test]
    fn column_types_are_read_from_the_schema_and_unknown_ones_refused() {
        assert_eq!(Kind::sqlite("BIGINT"), Some(Kind::Int64));
        assert_eq!(Kind::sqlite("BOOLEAN"), Some(Kind::Bool));
        assert_eq!(Kind::sqlite("TEXT"), Some(Kind::Text));
        assert_eq!(Kind::sqlite("BLOB"), Some(Kind::Bytes));
        assert_eq!(Kind::sqlite("NUMERIC"), None);
        assert_eq!(Kind::postgres("integer"), Some(Kind::Int32));
        assert_eq!(Kind::postgres("bytea"), Some(Kind::Bytes));
        assert_eq!(Kind::postgres("timestamp with time zone"), None);
        assert_eq!(Value::Int(1).into_kind(Kind::Bool), Ok(Value::Bool(true)));
        assert_eq!(Value::Bool(true).into_kind(Kind::Int64), Ok(Value::Int(1)));
        assert!(Value::Int(2).into_kind(Kind::Bool).is_err());
        assert!(Value::Text("1".into()).into_kind(Kind::Int64).is_err());
        assert_eq!(Value::Null.into_kind(Kind::Bytes), Ok(Value::Null));
    }
}

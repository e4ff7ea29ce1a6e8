//! `zhenxing db copy --from URL --to URL`: moves a whole deployment to another database
//! (SQLite → PostgreSQL when a district outgrows one file, or back), with
//! [`store::copy::copy`]: the target is migrated first and must hold nothing but what the
//! migrations seed; the copy is one transaction on the target, verified table by table by
//! row count; then `zhenxing check` runs on the target.

use crate::config::{FileConfig, Settings};
use std::io::Write;
use std::str::FromStr;
use store::Db;
use store::db::redact_url;

/// Progress lines every this many rows of a large table.
const PROGRESS_EVERY: i64 = 100_000;

/// Why a copy failed: one line for the operator (a database's text goes to the operator
/// only, on one line).
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("--from 与 --to 是同一个数据库 --from and --to name the same database")]
    SameDatabase,
    #[error("--from {shown}: {source}")]
    SourceUrl { shown: String, source: sqlx::Error },
    #[error("源数据库不存在 the source database does not exist: {}", .0.display())]
    NoSource(std::path::PathBuf),
    #[error("cannot open database {shown}: {}", crate::one_line(&source.to_string()))]
    Open {
        shown: String,
        source: store::StoreError,
    },
    /// Opening (creating, migrating) the target.
    #[error(transparent)]
    Target(Box<crate::Error>),
    /// The copy was refused or failed (the target is as it was).
    #[error("{}", crate::one_line(&.0.to_string()))]
    Copy(#[source] store::copy::CopyError),
    /// The check of the target failed in the database.
    #[error("{}", crate::one_line(&.0.to_string()))]
    Check(#[source] store::StoreError),
    #[error(
        "已复制，但目标数据库的检查发现 {0} 个问题 the copy was committed but `check` on the \
         target found {0} problem(s); do not switch to it"
    )]
    Problems(usize),
}

/// Runs the copy, printing progress per table to standard output. The error is the one line
/// the command prints (exit status 1).
pub async fn run(from: &str, to: &str, file: FileConfig) -> Result<store::copy::Copied, CopyError> {
    if from == to {
        return Err(CopyError::SameDatabase);
    }
    let source = open_source(from).await?;
    // The target is migrated (created when it is a new SQLite file) like any database the
    // server opens; a SQLite target is opened for one large load.
    let settings = Settings::merge(None, None, Some(to.to_string()), None, file);
    let target = crate::open_for_load(&settings)
        .await
        .map_err(|e| CopyError::Target(Box::new(e)))?;
    println!("复制 copying {} → {}", redact_url(from), redact_url(to));
    let mut shown = 0i64;
    let copied = store::copy::copy(&source, &target, |p| {
        if p.done {
            println!("  {:<36} {:>10} 行 rows", p.table, p.rows);
            shown = 0;
        } else if p.rows - shown >= PROGRESS_EVERY {
            println!("  {:<36} {:>10} / {} …", p.table, p.rows, p.of);
            shown = p.rows;
        }
        let _ = std::io::stdout().flush();
    })
    .await
    .map_err(CopyError::Copy)?;
    source.close().await;
    println!(
        "已复制并核对行数 copied, row counts verified: {} tables, {} rows",
        copied.tables.len(),
        copied.rows()
    );
    let findings = store::check::run(&target).await.map_err(CopyError::Check)?;
    target.close().await;
    if !findings.is_empty() {
        for f in &findings {
            println!("{}\t{}", f.kind, f.detail);
        }
        return Err(CopyError::Problems(findings.len()));
    }
    println!("一致：未发现问题 (consistent: nothing found)");
    Ok(copied)
}

/// Opens the source without migrating or creating it: a copy never writes to its source.
async fn open_source(url: &str) -> Result<Db, CopyError> {
    let shown = redact_url(url);
    if url.starts_with("sqlite:") {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).map_err(|source| {
            CopyError::SourceUrl {
                shown: shown.clone(),
                source,
            }
        })?;
        let path = options.get_filename();
        if !path.exists() {
            return Err(CopyError::NoSource(path.to_path_buf()));
        }
    }
    Db::connect(url)
        .await
        .map_err(|source| CopyError::Open { shown, source })
}

//! `zhenxing backup` and `zhenxing restore` for the embedded SQLite database.
//!
//! A backup is one consistent SQLite file taken online with `VACUUM INTO` (a read
//! transaction: the server keeps serving and writing meanwhile; what was committed before it
//! started is in it), holding everything — attachments and project documents live in the
//! database — and a manifest beside it (`<file>.manifest.json`) with the file's size and
//! SHA-256 and the row count of every table. A restore goes into a data directory without a
//! database, checks the digest first, copies the file, runs the migrations and
//! `zhenxing check`, and compares the row counts. PostgreSQL deployments use `pg_dump` /
//! `pg_restore` and then `zhenxing check` (docs/deploy.md).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use store::Db;

/// What a backup holds, written beside it and checked by a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest's format, for later readers.
    pub format: u32,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The backup file's name (beside the manifest).
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
    /// Rows per table.
    pub tables: BTreeMap<String, i64>,
}

/// The manifest's path for a backup file.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// The default backup file: `<data-dir>/backups/zhenxing-<China time>.db`.
pub fn default_file(data_dir: &Path) -> PathBuf {
    let stamp = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y%m%d-%H%M%S");
    data_dir
        .join("backups")
        .join(format!("zhenxing-{stamp}.db"))
}

/// Takes a consistent online backup of `db` into `to` (which must not exist) and writes its
/// manifest.
pub async fn backup(db: &Db, to: &Path) -> Result<Manifest, String> {
    let Db::Sqlite(pool) = db else {
        return Err(
            "PostgreSQL: take backups with pg_dump and restore them with pg_restore, then run \
             zhenxing check (docs/deploy.md)"
                .into(),
        );
    };
    if to.exists() || manifest_path(to).exists() {
        return Err(format!(
            "{} already exists; nothing was written",
            to.display()
        ));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| format!("{}: the path is not UTF-8", to.display()))?;
    // VACUUM INTO takes a file name as a string literal: quotes doubled.
    let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(pool)
        .await
        .map_err(|e| format!("backup into {}: {e}", to.display()))?;
    let (bytes, sha256) = digest(to)?;
    let tables = row_counts(to).await?;
    let manifest = Manifest {
        format: 1,
        created_at: domain::time::now_text(),
        file: to
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes,
        sha256,
        tables,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(manifest_path(to), text)
        .map_err(|e| format!("{}: {e}", manifest_path(to).display()))?;
    Ok(manifest)
}

/// Restores `file` into `data_dir` (which must hold no database yet), then verifies it: the
/// digest before anything is copied; after, the migrations, `zhenxing check` and the row
/// counts of the manifest.
pub async fn restore(file: &Path, data_dir: &Path) -> Result<Manifest, String> {
    let manifest_file = manifest_path(file);
    let text = std::fs::read_to_string(&manifest_file)
        .map_err(|e| format!("{}: {e}", manifest_file.display()))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest_file.display()))?;
    let (bytes, sha256) = digest(file)?;
    if (bytes, sha256.as_str()) != (manifest.bytes, manifest.sha256.as_str()) {
        return Err(format!(
            "{}: the file is not the one its manifest describes (size or SHA-256 differ); \
             nothing was restored",
            file.display()
        ));
    }
    let target = data_dir.join("zhenxing.db");
    for existing in [target.clone(), data_dir.join("zhenxing.db-wal")] {
        if existing.exists() {
            return Err(format!(
                "{} already holds a database; restore into an empty data directory",
                data_dir.display()
            ));
        }
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let partial = data_dir.join("zhenxing.db.restoring");
    std::fs::copy(file, &partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, &target).map_err(|e| format!("{}: {e}", target.display()))?;

    let db = Db::connect(&format!("sqlite://{}", target.display()))
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let findings = store::check::run(&db).await.map_err(|e| e.to_string())?;
    db.close().await;
    if !findings.is_empty() {
        let list: Vec<String> = findings
            .iter()
            .map(|f| format!("{}: {}", f.kind, f.detail))
            .collect();
        return Err(format!(
            "restored into {}, but the check found {} problem(s):\n{}",
            target.display(),
            findings.len(),
            list.join("\n")
        ));
    }
    let restored = row_counts(&target).await?;
    for (table, rows) in &manifest.tables {
        let got = restored.get(table).copied().unwrap_or(-1);
        if got != *rows {
            return Err(format!(
                "restored into {}, but {table} has {got} rows where the backup had {rows}",
                target.display()
            ));
        }
    }
    Ok(manifest)
}

/// Size and SHA-256 (hex) of a file, read in chunks.
fn digest(path: &Path) -> Result<(u64, String), String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        hasher.update(chunk);
        bytes += n as u64;
    }
    Ok((
        bytes,
        web::ledger::io::hex_digest(hasher.finalize().as_slice()),
    ))
}

/// Rows per table of a SQLite file, opened read-only.
async fn row_counts(path: &Path) -> Result<BTreeMap<String, i64>, String> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    for (name,) in names {
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        out.insert(name, n);
    }
    conn.close().await.map_err(|e| e.to_string())?;
    Ok(out)
}

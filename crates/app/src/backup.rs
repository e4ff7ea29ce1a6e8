//! `zhenxing backup` and `zhenxing restore` for the embedded SQLite database, and the
//! server's scheduled daily backup.
//!
//! A backup is one consistent SQLite file taken online with `VACUUM INTO` (a read
//! transaction: the server keeps serving and writing meanwhile; what was committed before it
//! started is in it), holding everything — attachments and project documents live in the
//! database — and a manifest beside it (`<file>.manifest.json`) with the file's size and
//! SHA-256 and the row count of every table. The disclosure signing key, when the data
//! directory has one ([`store::keys::DISCLOSURE_KEY`]), is copied beside it as
//! `<file>.disclosure.key` (mode 0600) with its SHA-256 in the manifest. A restore goes into a
//! data directory without a database, checks the digests first, copies the file, runs the
//! migrations and `zhenxing check`, compares the row counts and puts the key back.
//! PostgreSQL deployments use `pg_dump` / `pg_restore` and then `zhenxing check`
//! (docs/deploy.md).
//!
//! With `--backup-at HH:MM` the server takes such a backup every day at that China time
//! ([`run_schedule`]) into `zhenxing-scheduled-<date>-<time>.db` files and keeps the newest
//! `--backup-keep` of them ([`prune`]), never touching other files.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{ConnectOptions, Connection};
use std::collections::BTreeMap;
use std::io::{Read, Write};
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
    /// The disclosure signing key's copy, when the data directory had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure_key: Option<KeyCopy>,
}

/// A secret file copied beside a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCopy {
    /// The copy's name (beside the manifest).
    pub file: String,
    pub sha256: String,
}

/// The manifest format this code writes: 2 added `disclosure_key`; 1 is still restored.
const FORMAT: u32 = 2;

/// The manifest's path for a backup file.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// Where a backup's copy of the disclosure signing key goes: `<file>.disclosure.key`.
pub fn key_copy_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".disclosure.key");
    PathBuf::from(name)
}

/// The default backup file: `<data-dir>/backups/zhenxing-<China time>.db`.
pub fn default_file(data_dir: &Path) -> PathBuf {
    let stamp = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y%m%d-%H%M%S");
    data_dir
        .join("backups")
        .join(format!("zhenxing-{stamp}.db"))
}

/// Why a backup, a restore or the schedule's settings failed: one line for the operator
/// naming the file (a restore's check failure lists what it found).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "PostgreSQL: take backups with pg_dump and restore them with pg_restore, then run \
         zhenxing check (docs/deploy.md)"
    )]
    Postgres,
    #[error("{} already exists; nothing was written", .0.display())]
    Exists(PathBuf),
    #[error("{}: the path is not UTF-8", .0.display())]
    NotUtf8(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("backup into {}: {source}", path.display())]
    Vacuum { path: PathBuf, source: sqlx::Error },
    #[error("{}: {source}", path.display())]
    Sqlite { path: PathBuf, source: sqlx::Error },
    #[error("{}: {source}", path.display())]
    Manifest {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{}: manifest format {format} is newer than this program reads ({current}); restore \
         with the version that took the backup",
        path.display(),
        current = FORMAT
    )]
    NewerFormat { path: PathBuf, format: u32 },
    #[error(
        "{}: the file is not the one its manifest describes (size or SHA-256 differ); \
         nothing was restored",
        .0.display()
    )]
    NotDescribed(PathBuf),
    #[error(
        "{}: {source}; the manifest lists the disclosure signing key; nothing was restored",
        path.display()
    )]
    KeyMissing {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the disclosure signing key is not the one the manifest describes \
         (SHA-256 differs); nothing was restored",
        .0.display()
    )]
    KeyNotDescribed(PathBuf),
    #[error("{} already holds a database; restore into an empty data directory", .0.display())]
    NotEmpty(PathBuf),
    /// Opening, migrating or checking the restored database.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(
        "restored into {}, but the check found {} problem(s):\n{}",
        target.display(),
        findings.len(),
        findings.join("\n")
    )]
    Check {
        target: PathBuf,
        findings: Vec<String>,
    },
    #[error(
        "restored into {}, but {table} has {got} rows where the backup had {rows}",
        target.display()
    )]
    Rows {
        target: PathBuf,
        table: String,
        got: i64,
        rows: i64,
    },
    #[error(
        "--backup-at {0:?}：请写成 HH:MM 或 HH:MM:SS（北京时间，如 02:30） (expected HH:MM or HH:MM:SS, China time, e.g. 02:30)"
    )]
    BadTime(String),
    /// A blocking task of the backup was lost (a panic or the runtime shutting down).
    #[error("backup task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn sqlite(path: &Path) -> impl Fn(sqlx::Error) -> BackupError + '_ {
    move |source| BackupError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// Takes a consistent online backup of `db` into `to` (which must not exist), copies the
/// data directory's disclosure signing key beside it when there is one, and writes the
/// manifest. On failure nothing it began is left behind.
pub async fn backup(db: &Db, data_dir: &Path, to: &Path) -> Result<Manifest, BackupError> {
    let Db::Sqlite(pool) = db else {
        return Err(BackupError::Postgres);
    };
    let written = [to.to_path_buf(), key_copy_path(to), manifest_path(to)];
    if written.iter().any(|f| f.exists()) {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| BackupError::NotUtf8(to.to_path_buf()))?;
    let result = async {
        // VACUUM INTO takes a file name as a string literal: quotes doubled.
        let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
        // On a connection of its own, not one of the pool's that requests wait for, and
        // without sqlx's slow-statement warning: a backup takes seconds by nature.
        let options = (*pool.connect_options())
            .clone()
            .disable_statement_logging();
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| BackupError::Vacuum {
                path: to.to_path_buf(),
                source: e,
            })?;
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .map_err(|e| BackupError::Vacuum {
                path: to.to_path_buf(),
                source: e,
            });
        let _ = conn.close().await;
        done?;
        let file = to.to_path_buf();
        let (bytes, sha256) = blocking(move || digest(&file)).await?;
        let tables = row_counts(to).await?;
        let key = store::keys::disclosure_key_path(data_dir);
        let copy = key_copy_path(to);
        let disclosure_key = blocking(move || copy_key(&key, &copy)).await?;
        let manifest = Manifest {
            format: FORMAT,
            created_at: domain::time::now_text(),
            file: file_name(to),
            bytes,
            sha256,
            tables,
            disclosure_key,
        };
        let text =
            serde_json::to_string_pretty(&manifest).map_err(|source| BackupError::Manifest {
                path: manifest_path(to),
                source,
            })?;
        std::fs::write(manifest_path(to), text).map_err(io(&manifest_path(to)))?;
        Ok(manifest)
    }
    .await;
    if result.is_err() {
        // A half-written file (disk full…) is not a backup.
        for f in &written {
            let _ = std::fs::remove_file(f);
        }
    }
    result
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs file work on the blocking pool, off the async workers that serve requests.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, BackupError> + Send + 'static,
) -> Result<T, BackupError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(BackupError::Task)?
}

/// Copies the key at `key`, if there is one, to `copy` (mode 0600); its name and digest.
fn copy_key(key: &Path, copy: &Path) -> Result<Option<KeyCopy>, BackupError> {
    let bytes = match std::fs::read(key) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(key)(e)),
    };
    write_secret(copy, &bytes)?;
    Ok(Some(KeyCopy {
        file: file_name(copy),
        sha256: sha256_hex(&bytes),
    }))
}

fn sha256_hex(bytes: &[u8]) -> String {
    usecase::credentials::hex_digest(Sha256::digest(bytes).as_slice())
}

/// Writes a new file readable by its owner only (0600 on Unix), synced to disk.
fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io(path))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io(path))
}

/// Restores `file` into `data_dir` (which must hold no database yet), then verifies it: the
/// digest before anything is copied; after, the migrations, `zhenxing check` and the row
/// counts of the manifest.
pub async fn restore(file: &Path, data_dir: &Path) -> Result<Manifest, BackupError> {
    let manifest_file = manifest_path(file);
    let text = std::fs::read_to_string(&manifest_file).map_err(io(&manifest_file))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|source| BackupError::Manifest {
            path: manifest_file.clone(),
            source,
        })?;
    if manifest.format > FORMAT {
        return Err(BackupError::NewerFormat {
            path: manifest_file,
            format: manifest.format,
        });
    }
    let (bytes, sha256) = digest(file)?;
    if (bytes, sha256.as_str()) != (manifest.bytes, manifest.sha256.as_str()) {
        return Err(BackupError::NotDescribed(file.to_path_buf()));
    }
    // The key's copy is checked before anything is written, like the database file.
    let key = match &manifest.disclosure_key {
        None => None,
        Some(copy) => {
            let path = key_copy_path(file);
            let bytes = std::fs::read(&path).map_err(|source| BackupError::KeyMissing {
                path: path.clone(),
                source,
            })?;
            if sha256_hex(&bytes) != copy.sha256 {
                return Err(BackupError::KeyNotDescribed(path));
            }
            Some(bytes)
        }
    };
    let key_path = store::keys::disclosure_key_path(data_dir);
    let target = data_dir.join("zhenxing.db");
    for existing in [
        target.clone(),
        data_dir.join("zhenxing.db-wal"),
        key_path.clone(),
    ] {
        if existing.exists() {
            return Err(BackupError::NotEmpty(data_dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let partial = data_dir.join("zhenxing.db.restoring");
    std::fs::copy(file, &partial).map_err(io(&partial))?;
    std::fs::rename(&partial, &target).map_err(io(&target))?;

    let db = Db::connect(&format!("sqlite://{}", target.display())).await?;
    db.migrate().await?;
    let findings = store::check::run(&db).await?;
    db.close().await;
    if !findings.is_empty() {
        let list: Vec<String> = findings
            .iter()
            .map(|f| format!("{}: {}", f.kind, f.detail))
            .collect();
        return Err(BackupError::Check {
            target,
            findings: list,
        });
    }
    let restored = row_counts(&target).await?;
    for (table, rows) in &manifest.tables {
        let got = restored.get(table).copied().unwrap_or(-1);
        if got != *rows {
            return Err(BackupError::Rows {
                target,
                table: table.clone(),
                got,
                rows: *rows,
            });
        }
    }
    if let Some(bytes) = key {
        if let Some(dir) = key_path.parent() {
            create_private_dir(dir)?;
        }
        write_secret(&key_path, &bytes)?;
    }
    Ok(manifest)
}

/// Creates a directory (and its parents) readable by its owner only (0700 on Unix).
fn create_private_dir(dir: &Path) -> Result<(), BackupError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))
}

/// The scheduled daily backup (`--backup-at`, `--backup-keep`, `--backup-dir`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// China time of day.
    pub at: NaiveTime,
    /// Scheduled backups kept; older ones are deleted after each new one.
    pub keep: usize,
    pub dir: PathBuf,
}

/// China is UTC+8 all year (no daylight saving).
const CHINA_OFFSET_HOURS: i64 = 8;

/// Parses `HH:MM` or `HH:MM:SS` (24-hour clock).
pub fn parse_at(text: &str) -> Result<NaiveTime, BackupError> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M"))
        .map_err(|_| BackupError::BadTime(text.to_string()))
}

/// The first time strictly after `after` that China's clocks show `at`.
pub fn next_run(after: DateTime<Utc>, at: NaiveTime) -> DateTime<Utc> {
    let offset = chrono::Duration::hours(CHINA_OFFSET_HOURS);
    let local = (after + offset).naive_utc();
    let mut candidate = local.date().and_time(at);
    if candidate <= local {
        candidate += chrono::Duration::days(1);
    }
    candidate.and_utc() - offset
}

const SCHEDULED_PREFIX: &str = "zhenxing-scheduled-";

/// A scheduled backup's file: `<dir>/zhenxing-scheduled-<China date>-<time>.db`; names sort
/// in time order.
pub fn scheduled_file(dir: &Path, at: DateTime<Utc>) -> PathBuf {
    let stamp = (at + chrono::Duration::hours(CHINA_OFFSET_HOURS)).format("%Y%m%d-%H%M%S");
    dir.join(format!("{SCHEDULED_PREFIX}{stamp}.db"))
}

/// Is `name` what [`scheduled_file`] makes?
fn is_scheduled_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(SCHEDULED_PREFIX)
        .and_then(|rest| rest.strip_suffix(".db"))
    else {
        return false;
    };
    stamp.len() == 15
        && stamp
            .char_indices()
            .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() })
}

/// Deletes the scheduled backups of `dir` beyond the newest `keep`, with their manifests and
/// key copies. Only files the schedule made are candidates: a name as [`scheduled_file`]
/// makes it and a manifest beside it naming that file. Returns the backups deleted.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    let mut ours = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_scheduled_name(&name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let described = std::fs::read_to_string(manifest_path(&path))
            .ok()
            .and_then(|text| serde_json::from_str::<Manifest>(&text).ok())
            .is_some_and(|m| m.file == name);
        if described {
            ours.push((name, path));
        }
    }
    // Newest first: the stamp in the name orders them.
    ours.sort_by(|a, b| b.0.cmp(&a.0));
    let mut deleted = Vec::new();
    for (_, path) in ours.into_iter().skip(keep) {
        for file in [key_copy_path(&path), path.clone(), manifest_path(&path)] {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&file)(e)),
            }
        }
        deleted.push(path);
    }
    Ok(deleted)
}

/// The server's backup task: every day at the schedule's time a backup (on the pool like any
/// reader, its file work on the blocking pool), then the pruning. One log line per backup and
/// per failure; a failure waits for the next day. `succeeded` hears of each success (the
/// `/metrics` gauge). Never returns.
pub async fn run_schedule(
    db: Db,
    data_dir: PathBuf,
    schedule: Schedule,
    succeeded: impl Fn(DateTime<Utc>) + Send + 'static,
) {
    let mut after = Utc::now();
    loop {
        let due = next_run(after, schedule.at);
        // In steps of at most a minute, so that a clock set right meanwhile is followed.
        loop {
            let left = due - Utc::now();
            let Ok(left) = left.to_std() else { break };
            if left.is_zero() {
                break;
            }
            tokio::time::sleep(left.min(std::time::Duration::from_secs(60))).await;
        }
        let now = Utc::now();
        after = now.max(due);
        let file = scheduled_file(&schedule.dir, now);
        let next = next_run(after, schedule.at) + chrono::Duration::hours(CHINA_OFFSET_HOURS);
        let next = next.format("%Y-%m-%d %H:%M:%S");
        match backup(&db, &data_dir, &file).await {
            Ok(manifest) => {
                succeeded(now);
                let (dir, keep) = (schedule.dir.clone(), schedule.keep);
                match blocking(move || prune(&dir, keep)).await {
                    Ok(deleted) => tracing::info!(
                        file = %file.display(),
                        bytes = manifest.bytes,
                        sha256 = %manifest.sha256,
                        "scheduled backup written; {} older scheduled backup(s) deleted, \
                         the newest {keep} kept; next {next} China time",
                        deleted.len()
                    ),
                    Err(e) => tracing::warn!(
                        file = %file.display(),
                        "scheduled backup written, but deleting older scheduled backups \
                         failed: {e}"
                    ),
                }
            }
            Err(e) => tracing::error!(
                file = %file.display(),
                "scheduled backup failed: {}; next attempt {next} China time",
                e.to_string().lines().collect::<Vec<_>>().join(" ")
            ),
        }
    }
}

/// Size and SHA-256 (hex) of a file, read in chunks.
fn digest(path: &Path) -> Result<(u64, String), BackupError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        let Some(chunk) = buf.get(..n).filter(|c| !c.is_empty()) else {
            break;
        };
        hasher.update(chunk);
        bytes += n as u64;
    }
    Ok((
        bytes,
        usecase::credentials::hex_digest(hasher.finalize().as_slice()),
    ))
}

/// Rows per table of a SQLite file, opened read-only.
async fn row_counts(path: &Path) -> Result<BTreeMap<String, i64>, BackupError> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(sqlite(path))?;
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(sqlite(path))?;
    let mut out = BTreeMap::new();
    for (name,) in names {
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .map_err(sqlite(path))?;
        out.insert(name, n);
    }
    conn.close().await.map_err(sqlite(path))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn time(text: &str) -> NaiveTime {
        parse_at(text).unwrap()
    }

    #[test]
    fn the_next_run_is_the_next_time_china_shows_the_hour() {
        // 02:00 in China is 18:00 UTC the day before.
        assert_eq!(
            next_run(utc("2026-03-01T17:59:00Z"), time("02:00")),
            utc("2026-03-01T18:00:00Z")
        );
        // Exactly at the time: the next day, so a run never repeats itself.
        assert_eq!(
            next_run(utc("2026-03-01T18:00:00Z"), time("02:00")),
            utc("2026-03-02T18:00:00Z")
        );
        assert_eq!(
            next_run(utc("2026-03-01T18:00:01Z"), time("02:00:00")),
            utc("2026-03-02T18:00:00Z")
        );
        // After midnight in China but before it in UTC: China's date counts.
        assert_eq!(
            next_run(utc("2026-03-01T16:30:00Z"), time("23:00")),
            utc("2026-03-02T15:00:00Z")
        );
        assert_eq!(
            next_run(utc("2026-12-31T15:59:59Z"), time("00:00:00")),
            utc("2026-12-31T16:00:00Z")
        );
        // Seconds count; the end of a month and a leap day pass.
        assert_eq!(
            next_run(utc("2028-02-28T20:00:00Z"), time("03:04:05")),
            utc("2028-02-29T19:04:05Z")
        );
        for bad in ["", "2", "24:00", "12:60", "12:30:61x", "noon", "12.30"] {
            let e = parse_at(bad).unwrap_err().to_string();
            assert!(e.contains("HH:MM") && !e.contains('\n'), "{bad}: {e}");
        }
    }

    #[test]
    fn scheduled_files_are_named_by_china_time_and_recognised() {
        let file = scheduled_file(Path::new("/b"), utc("2026-03-01T18:00:07Z"));
        assert_eq!(file, Path::new("/b/zhenxing-scheduled-20260302-020007.db"));
        assert!(is_scheduled_name("zhenxing-scheduled-20260302-020007.db"));
        for other in [
            "zhenxing-20260302-020007.db",
            "zhenxing-scheduled-20260302-020007.db.manifest.json",
            "zhenxing-scheduled-20260302-020007.db.disclosure.key",
            "zhenxing-scheduled-2026030-0200070.db",
            "zhenxing-scheduled-20260302_020007.db",
            "zhenxing-scheduled-latest.db",
        ] {
            assert!(!is_scheduled_name(other), "{other}");
        }
    }

    /// A fake backup as the schedule leaves it: the file, its manifest and a key copy.
    fn fake_backup(dir: &Path, name: &str, with_key: bool) -> PathBuf {
        let file = dir.join(name);
        std::fs::write(&file, name).unwrap();
        let manifest = Manifest {
            format: FORMAT,
            created_at: domain::time::now_text(),
            file: name.to_string(),
            bytes: name.len() as u64,
            sha256: sha256_hex(name.as_bytes()),
            tables: BTreeMap::new(),
            disclosure_key: None,
        };
        std::fs::write(
            manifest_path(&file),
            serde_json::to_string(&manifest).unwrap(),
        )
        .unwrap();
        if with_key {
            std::fs::write(key_copy_path(&file), "key").unwrap();
        }
        file
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn pruning_keeps_exactly_the_newest_scheduled_backups_and_nothing_else_is_touched() {
        let dir = std::env::temp_dir().join(format!("zx-prune-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let start = utc("2026-01-01T18:00:00Z");
        let ours: Vec<PathBuf> = (0..10)
            .map(|day| {
                let file = scheduled_file(&dir, start + chrono::Duration::days(day));
                let name = file.file_name().unwrap().to_str().unwrap().to_string();
                fake_backup(&dir, &name, day % 2 == 0)
            })
            .collect();
        // Files the schedule did not make: a manual backup, a scheduled name without a
        // manifest (an interrupted backup), one whose manifest names another file, an older
        // one in a subdirectory, and anything else.
        fake_backup(&dir, "zhenxing-20250101-000000.db", true);
        std::fs::write(dir.join("zhenxing-scheduled-20200101-020000.db"), "x").unwrap();
        let stranger = dir.join("zhenxing-scheduled-20200102-020000.db");
        std::fs::write(&stranger, "y").unwrap();
        std::fs::write(
            manifest_path(&stranger),
            std::fs::read_to_string(manifest_path(&ours[0])).unwrap(),
        )
        .unwrap();
        std::fs::create_dir(dir.join("zhenxing-scheduled-20190101-020000.db")).unwrap();
        std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
        let others: Vec<String> = names(&dir)
            .into_iter()
            .filter(|n| {
                !ours
                    .iter()
                    .any(|o| n.starts_with(&*o.file_name().unwrap().to_string_lossy()))
            })
            .collect();

        let mut deleted = prune(&dir, 3).unwrap();
        deleted.sort();
        assert_eq!(deleted, ours[..7].to_vec(), "the oldest seven go");
        let mut expected: Vec<String> = others.clone();
        for kept in &ours[7..] {
            let name = kept.file_name().unwrap().to_string_lossy().into_owned();
            expected.push(name.clone());
            expected.push(format!("{name}.manifest.json"));
            if std::fs::exists(key_copy_path(kept)).unwrap() {
                expected.push(format!("{name}.disclosure.key"));
            }
        }
        expected.sort();
        assert_eq!(names(&dir), expected);
        assert!(
            ours[7..]
                .iter()
                .all(|f| f.exists() && manifest_path(f).exists()),
            "the newest three are whole"
        );
        assert!(
            ours[..7]
                .iter()
                .all(|f| !f.exists() && !manifest_path(f).exists() && !key_copy_path(f).exists()),
            "nothing of the deleted ones is left"
        );

        // Again: nothing more to delete; keeping more than there are deletes nothing.
        assert!(prune(&dir, 3).unwrap().is_empty());
        assert!(prune(&dir, 100).unwrap().is_empty());
        assert_eq!(names(&dir), expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

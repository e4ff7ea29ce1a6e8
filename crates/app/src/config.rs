//! Configuration: flags, then `ZHENXING_*` environment variables (clap reads both), then an
//! optional TOML file, then defaults. Unknown keys in the file are an error. Flags are
//! `Option`s without clap defaults, so that a flag not given lets the file's key through;
//! the defaults are applied here, after merging, and every value is checked at start.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub log: Option<String>,
    /// Behind a reverse proxy: take the client address from X-Forwarded-For / X-Real-IP.
    pub trust_proxy: Option<bool>,
    /// Addresses or networks (`10.0.0.0/8`) that may read /metrics; default loopback only.
    pub metrics_allow: Option<Vec<String>>,
    /// A bearer token that reads /metrics from any address.
    pub metrics_token: Option<String>,
    /// Seconds a client has to send a request's head.
    pub header_timeout: Option<u64>,
    /// Seconds a whole request may take.
    pub request_timeout: Option<u64>,
    /// Connections served at once.
    pub max_connections: Option<u64>,
    /// Seconds in-flight requests get on SIGTERM.
    pub shutdown_grace: Option<u64>,
    /// Daily backup time, China time, `HH:MM[:SS]` (SQLite only).
    pub backup_at: Option<String>,
    /// Scheduled backups kept (the oldest beyond are deleted).
    pub backup_keep: Option<u64>,
    /// Where scheduled backups go [default: `<data_dir>/backups`].
    pub backup_dir: Option<PathBuf>,
    /// The largest request body of an upload route (imports, attachments, photos), bytes.
    pub upload_max_bytes: Option<u64>,
    /// The `[import]` table: how large an imported spreadsheet may be.
    pub import: Option<ImportConfig>,
}

/// The `[import]` table of the file: [`usecase::tabular::ImportLimits`], every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    pub max_rows: Option<u64>,
    pub max_columns: Option<u64>,
    pub max_cells: Option<u64>,
    pub max_bytes: Option<u64>,
    pub max_ratio: Option<u64>,
    pub max_shared_strings_bytes: Option<u64>,
    pub max_record_bytes: Option<u64>,
    pub allow_xls: Option<bool>,
    pub concurrent_reads: Option<u64>,
}

/// Why the configuration is refused: one line naming the flag or key and what it must be.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "config file {}: {}",
        path.display(),
        source.to_string().lines().collect::<Vec<_>>().join(" ")
    )]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    /// An allowed network that does not parse (`web::ops::AllowedNet` words the reason).
    #[error("{given}: {reason}")]
    Net {
        given: &'static str,
        reason: web::ops::BadNet,
    },
    #[error("metrics token: use at least 16 characters")]
    ShortToken,
    #[error("{given} = {value}：须在 {min} 到 {max} 之间 (must be between {min} and {max})")]
    OutOfRange {
        given: String,
        value: u64,
        min: u64,
        max: u64,
    },
    #[error(
        "backup_keep / backup_dir 需要同时设置 backup_at (--backup-keep and --backup-dir need --backup-at HH:MM)"
    )]
    BackupWithoutTime,
    #[error(
        "--backup-at：定时备份只用于 SQLite，PostgreSQL 请用 pg_dump 备份，见 docs/deploy.md (scheduled backups are for SQLite; on PostgreSQL take backups with pg_dump, see docs/deploy.md)"
    )]
    BackupOnPostgres,
    /// `backup_at` that is not a time of day.
    #[error(transparent)]
    BackupAt(#[from] crate::backup::BackupError),
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// The settings in force after merging.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub public_url: String,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Settings {
    pub fn merge(
        listen: Option<String>,
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        public_url: Option<String>,
        file: FileConfig,
    ) -> Settings {
        let listen = listen
            .or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let data_dir = data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = database_url
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("zhenxing.db").display()));
        let public_url = public_url
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        Settings {
            listen,
            data_dir,
            database_url,
            public_url,
        }
    }
}

/// Who may read `/metrics`: the allowed networks and the optional bearer token. The flag (or
/// `ZHENXING_METRICS_ALLOW`, comma-separated) wins over the file's list; an empty value allows
/// no address (then only the token reads it). Without either, loopback only.
pub fn metrics_access(
    flag_allow: Option<String>,
    flag_token: Option<String>,
    file: &FileConfig,
) -> Result<(Vec<web::ops::AllowedNet>, Option<String>), ConfigError> {
    let allow = match (flag_allow, &file.metrics_allow) {
        (Some(text), _) => {
            web::ops::AllowedNet::parse_list(&text).map_err(|reason| ConfigError::Net {
                given: "--metrics-allow",
                reason,
            })?
        }
        (None, Some(list)) => list
            .iter()
            .map(|item| web::ops::AllowedNet::parse(item))
            .collect::<Result<_, _>>()
            .map_err(|reason| ConfigError::Net {
                given: "config file metrics_allow",
                reason,
            })?,
        (None, None) => web::ops::AllowedNet::loopback(),
    };
    let token = flag_token
        .or_else(|| file.metrics_token.clone())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if token.as_ref().is_some_and(|t| t.len() < 16) {
        return Err(ConfigError::ShortToken);
    }
    Ok((allow, token))
}

/// An allowed range, inclusive; the flags' parsers and the file's checks share it.
pub type Range = (u64, u64);

pub const HEADER_TIMEOUT: Range = (1, 3600);
pub const REQUEST_TIMEOUT: Range = (1, 86_400);
pub const MAX_CONNECTIONS: Range = (1, 1_000_000);
pub const SHUTDOWN_GRACE: Range = (0, 3600);
pub const BACKUP_KEEP: Range = (1, 3650);
/// `upload_max_bytes`: from 64 KiB (a photo form must fit) to 4 GiB.
pub const UPLOAD_MAX_BYTES: Range = (64 * 1024, 4 * 1024 * 1024 * 1024);
/// Scheduled backups kept when `backup_keep` is not given.
pub const DEFAULT_BACKUP_KEEP: u64 = 7;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// The `[import]` keys' ranges: zero is refused everywhere, and so is a value whose file the
/// server could not read within a few GiB of memory.
pub const IMPORT_RANGES: [(&str, Range); 8] = [
    ("max_rows", (1, 10_000_000)),
    ("max_columns", (1, 16_384)),
    ("max_cells", (1, 50_000_000)),
    ("max_bytes", (KIB, GIB)),
    ("max_ratio", (2, 10_000)),
    ("max_shared_strings_bytes", (KIB, GIB)),
    ("max_record_bytes", (KIB, 256 * MIB)),
    ("concurrent_reads", (1, 64)),
];

/// `value` if within `range`, else one line naming where it came from.
fn within(source: &str, value: u64, (min, max): Range) -> Result<u64, ConfigError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::OutOfRange {
            given: source.to_string(),
            value,
            min,
            max,
        })
    }
}

/// The server limits as flags (or env) gave them; `None` when not given.
#[derive(Debug, Default, Clone, Copy)]
pub struct LimitFlags {
    pub header_timeout: Option<u64>,
    pub request_timeout: Option<u64>,
    pub max_connections: Option<u64>,
    pub shutdown_grace: Option<u64>,
}

/// The server limits: flag (or env), else the file's key, else the default; each checked.
pub fn server_limits(
    flags: LimitFlags,
    file: &FileConfig,
) -> Result<crate::server::Limits, ConfigError> {
    let defaults = crate::server::Limits::default();
    let pick =
        |flag: Option<u64>, key: &str, from_file: Option<u64>, default: u64, range: Range| match (
            flag, from_file,
        ) {
            (Some(v), _) => within(&format!("--{}", key.replace('_', "-")), v, range),
            (None, Some(v)) => within(&format!("config file {key}"), v, range),
            (None, None) => Ok(default),
        };
    let secs = std::time::Duration::from_secs;
    Ok(crate::server::Limits {
        header_timeout: secs(pick(
            flags.header_timeout,
            "header_timeout",
            file.header_timeout,
            defaults.header_timeout.as_secs(),
            HEADER_TIMEOUT,
        )?),
        request_timeout: secs(pick(
            flags.request_timeout,
            "request_timeout",
            file.request_timeout,
            defaults.request_timeout.as_secs(),
            REQUEST_TIMEOUT,
        )?),
        max_connections: usize::try_from(pick(
            flags.max_connections,
            "max_connections",
            file.max_connections,
            defaults.max_connections as u64,
            MAX_CONNECTIONS,
        )?)
        .unwrap_or(usize::MAX),
        shutdown_grace: secs(pick(
            flags.shutdown_grace,
            "shutdown_grace",
            file.shutdown_grace,
            defaults.shutdown_grace.as_secs(),
            SHUTDOWN_GRACE,
        )?),
    })
}

/// The upload size: the flag (or env), else the file's `upload_max_bytes`, else
/// the web layer's default (`WebConfig::default()`: 64 MiB); checked against [`UPLOAD_MAX_BYTES`].
pub fn upload_max_bytes(flag: Option<u64>, file: &FileConfig) -> Result<usize, ConfigError> {
    let bytes = match (flag, file.upload_max_bytes) {
        (Some(v), _) => within("--upload-max-bytes", v, UPLOAD_MAX_BYTES)?,
        (None, Some(v)) => within("config file upload_max_bytes", v, UPLOAD_MAX_BYTES)?,
        (None, None) => return Ok(web::WebConfig::default().upload_max_bytes),
    };
    Ok(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// The spreadsheet import limits: the file's `[import]` keys over the defaults, each checked.
pub fn import_limits(file: &FileConfig) -> Result<usecase::tabular::ImportLimits, ConfigError> {
    let mut limits = usecase::tabular::ImportLimits::default();
    let Some(import) = &file.import else {
        return Ok(limits);
    };
    let given = [
        import.max_rows,
        import.max_columns,
        import.max_cells,
        import.max_bytes,
        import.max_ratio,
        import.max_shared_strings_bytes,
        import.max_record_bytes,
        import.concurrent_reads,
    ];
    let mut checked = [None; 8];
    for ((value, (key, range)), out) in given.iter().zip(IMPORT_RANGES).zip(&mut checked) {
        if let Some(v) = value {
            *out = Some(within(&format!("config file [import] {key}"), *v, range)?);
        }
    }
    let size = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    let [rows, columns, cells, bytes, ratio, strings, record, reads] = checked;
    if let Some(v) = rows {
        limits.max_rows = size(v);
    }
    if let Some(v) = columns {
        limits.max_columns = size(v);
    }
    if let Some(v) = cells {
        limits.max_cells = size(v);
    }
    if let Some(v) = bytes {
        limits.max_bytes = v;
    }
    if let Some(v) = ratio {
        limits.max_ratio = v;
    }
    if let Some(v) = strings {
        limits.max_shared_strings_bytes = v;
    }
    if let Some(v) = record {
        limits.max_record_bytes = size(v);
    }
    if let Some(v) = reads {
        limits.concurrent_reads = size(v);
    }
    if let Some(allow) = import.allow_xls {
        limits.allow_xls = allow;
    }
    Ok(limits)
}

/// The scheduled-backup settings as flags (or env) gave them.
#[derive(Debug, Default, Clone)]
pub struct BackupFlags {
    pub at: Option<String>,
    pub keep: Option<u64>,
    pub dir: Option<PathBuf>,
}

/// The scheduled backup, if `backup_at` is set (flag, env or file): checked at start. It is
/// refused on PostgreSQL (pg_dump is the tool there), and `backup_keep` / `backup_dir`
/// without a time are refused too, since they would suggest backups that never happen.
pub fn backup_schedule(
    flags: BackupFlags,
    file: &FileConfig,
    data_dir: &Path,
    database_url: &str,
) -> Result<Option<crate::backup::Schedule>, ConfigError> {
    let at = flags.at.or_else(|| file.backup_at.clone());
    let keep = match (flags.keep, file.backup_keep) {
        (Some(v), _) => Some(within("--backup-keep", v, BACKUP_KEEP)?),
        (None, Some(v)) => Some(within("config file backup_keep", v, BACKUP_KEEP)?),
        (None, None) => None,
    };
    let dir = flags.dir.or_else(|| file.backup_dir.clone());
    let Some(at) = at else {
        if keep.is_some() || dir.is_some() {
            return Err(ConfigError::BackupWithoutTime);
        }
        return Ok(None);
    };
    if !database_url.starts_with("sqlite:") {
        return Err(ConfigError::BackupOnPostgres);
    }
    let at = crate::backup::parse_at(&at)?;
    Ok(Some(crate::backup::Schedule {
        at,
        keep: usize::try_from(keep.unwrap_or(DEFAULT_BACKUP_KEEP)).unwrap_or(usize::MAX),
        dir: dir.unwrap_or_else(|| data_dir.join("backups")),
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn metrics_access_defaults_to_loopback() {
        let (allow, token) = metrics_access(None, None, &FileConfig::default()).unwrap();
        assert!(token.is_none());
        let allowed = |a: &str| allow.iter().any(|n| n.contains(ip(a)));
        assert!(allowed("127.0.0.1") && allowed("127.9.9.9") && allowed("::1"));
        assert!(allowed("::ffff:127.0.0.1"), "IPv4 on a dual-stack socket");
        assert!(!allowed("10.0.0.1") && !allowed("::2") && !allowed("192.168.1.1"));
    }

    #[test]
    fn metrics_access_from_the_file_and_flags() {
        let file: FileConfig = toml::from_str(
            "metrics_allow = [\"10.1.0.0/16\", \"fd00::/8\", \"192.0.2.7\"]\n\
             metrics_token = \"a-long-metrics-token-1234\"\n",
        )
        .unwrap();
        let (allow, token) = metrics_access(None, None, &file).unwrap();
        assert_eq!(token.as_deref(), Some("a-long-metrics-token-1234"));
        let allowed = |a: &str| allow.iter().any(|n| n.contains(ip(a)));
        assert!(allowed("10.1.200.3") && allowed("fd12::1") && allowed("192.0.2.7"));
        assert!(!allowed("10.2.0.1") && !allowed("192.0.2.8") && !allowed("127.0.0.1"));
        // The flag (or env) wins; an empty list allows no address at all.
        let (allow, _) = metrics_access(Some("172.16.0.0/12, ::1".into()), None, &file).unwrap();
        assert!(allow.iter().any(|n| n.contains(ip("172.20.1.1"))));
        assert!(!allow.iter().any(|n| n.contains(ip("10.1.200.3"))));
        let (allow, _) = metrics_access(Some(String::new()), None, &file).unwrap();
        assert!(allow.is_empty());
        // Bad entries and short tokens are refused at startup.
        assert!(metrics_access(Some("10.0.0.0/33".into()), None, &file).is_err());
        assert!(metrics_access(Some("localhost".into()), None, &file).is_err());
        assert!(metrics_access(None, Some("short".into()), &file).is_err());
    }

    fn file(text: &str) -> FileConfig {
        toml::from_str(text).unwrap()
    }

    /// The error is one line naming the key and its range.
    fn refused(result: Result<impl std::fmt::Debug, ConfigError>, key: &str) {
        let e = result.unwrap_err().to_string();
        assert!(e.contains(key) && !e.contains('\n'), "{e}");
    }

    #[test]
    fn server_limits_come_from_flags_then_file_then_defaults() {
        let none = server_limits(LimitFlags::default(), &FileConfig::default()).unwrap();
        let defaults = crate::server::Limits::default();
        assert_eq!(none.header_timeout, defaults.header_timeout);
        assert_eq!(none.request_timeout, defaults.request_timeout);
        assert_eq!(none.max_connections, defaults.max_connections);
        assert_eq!(none.shutdown_grace, defaults.shutdown_grace);

        let f = file(
            "header_timeout = 3\nrequest_timeout = 600\nmax_connections = 50\nshutdown_grace = 0\n",
        );
        let from_file = server_limits(LimitFlags::default(), &f).unwrap();
        assert_eq!(from_file.header_timeout.as_secs(), 3);
        assert_eq!(from_file.request_timeout.as_secs(), 600);
        assert_eq!(from_file.max_connections, 50);
        assert_eq!(from_file.shutdown_grace.as_secs(), 0);

        let flags = LimitFlags {
            header_timeout: Some(7),
            max_connections: Some(9),
            ..LimitFlags::default()
        };
        let mixed = server_limits(flags, &f).unwrap();
        assert_eq!(mixed.header_timeout.as_secs(), 7, "the flag wins");
        assert_eq!(mixed.max_connections, 9, "the flag wins");
        assert_eq!(mixed.request_timeout.as_secs(), 600, "the file fills in");

        refused(
            server_limits(LimitFlags::default(), &file("header_timeout = 0\n")),
            "config file header_timeout = 0",
        );
        refused(
            server_limits(LimitFlags::default(), &file("max_connections = 0\n")),
            "max_connections",
        );
        refused(
            server_limits(
                LimitFlags::default(),
                &file("request_timeout = 999999999\n"),
            ),
            "request_timeout",
        );
    }

    #[test]
    fn the_upload_size_comes_from_the_flag_then_the_file_then_the_default() {
        let none = FileConfig::default();
        assert_eq!(
            upload_max_bytes(None, &none).unwrap(),
            web::WebConfig::default().upload_max_bytes
        );
        let f = file("upload_max_bytes = 1048576\n");
        assert_eq!(upload_max_bytes(None, &f).unwrap(), 1_048_576);
        assert_eq!(upload_max_bytes(Some(2_097_152), &f).unwrap(), 2_097_152);
        let err = upload_max_bytes(None, &file("upload_max_bytes = 100\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("upload_max_bytes = 100"), "{err}");
        assert!(upload_max_bytes(Some(0), &none).is_err());
    }

    #[test]
    fn import_limits_come_from_the_import_table_and_are_checked() {
        let defaults = usecase::tabular::ImportLimits::default();
        assert_eq!(import_limits(&FileConfig::default()).unwrap(), defaults);
        assert_eq!(import_limits(&file("[import]\n")).unwrap(), defaults);

        let f = file(
            "[import]\nmax_rows = 5000\nmax_columns = 30\nmax_cells = 150000\n\
             max_bytes = 8388608\nmax_ratio = 100\nmax_shared_strings_bytes = 4194304\n\
             max_record_bytes = 65536\nallow_xls = true\nconcurrent_reads = 4\n",
        );
        let limits = import_limits(&f).unwrap();
        assert_eq!(
            limits,
            usecase::tabular::ImportLimits {
                max_rows: 5000,
                max_columns: 30,
                max_cells: 150_000,
                max_bytes: 8 * 1024 * 1024,
                max_ratio: 100,
                max_shared_strings_bytes: 4 * 1024 * 1024,
                max_record_bytes: 64 * 1024,
                allow_xls: true,
                concurrent_reads: 4,
            }
        );
        // One key given: the others keep their defaults.
        let one = import_limits(&file("[import]\nmax_rows = 10\n")).unwrap();
        assert_eq!(one.max_rows, 10);
        assert_eq!(
            usecase::tabular::ImportLimits {
                max_rows: defaults.max_rows,
                ..one
            },
            defaults
        );

        // Zero and absurd values are refused with the key's name, for every key.
        for (key, (min, max)) in IMPORT_RANGES {
            for bad in [min - 1, max + 1] {
                refused(
                    import_limits(&file(&format!("[import]\n{key} = {bad}\n"))),
                    &format!("[import] {key} = {bad}"),
                );
            }
            assert!(import_limits(&file(&format!("[import]\n{key} = {min}\n"))).is_ok());
            assert!(import_limits(&file(&format!("[import]\n{key} = {max}\n"))).is_ok());
        }
        // An unknown key in the table is an error when the file is read.
        assert!(toml::from_str::<FileConfig>("[import]\nmax_sheets = 3\n").is_err());
    }

    #[test]
    fn a_backup_schedule_needs_a_time_and_sqlite() {
        let data = Path::new("/srv/zx");
        let sqlite = "sqlite:///srv/zx/zhenxing.db";
        let none = FileConfig::default();
        assert_eq!(
            backup_schedule(BackupFlags::default(), &none, data, sqlite).unwrap(),
            None
        );
        let from_file = backup_schedule(
            BackupFlags::default(),
            &file("backup_at = \"02:30\"\n"),
            data,
            sqlite,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            from_file.at,
            chrono::NaiveTime::from_hms_opt(2, 30, 0).unwrap()
        );
        assert_eq!(from_file.keep as u64, DEFAULT_BACKUP_KEEP);
        assert_eq!(from_file.dir, data.join("backups"));

        let flags = BackupFlags {
            at: Some("23:15:05".into()),
            keep: Some(3),
            dir: Some("/mnt/usb".into()),
        };
        let f = file("backup_at = \"02:30\"\nbackup_keep = 30\nbackup_dir = \"/x\"\n");
        let s = backup_schedule(flags, &f, data, sqlite).unwrap().unwrap();
        assert_eq!(s.at, chrono::NaiveTime::from_hms_opt(23, 15, 5).unwrap());
        assert_eq!((s.keep, s.dir), (3, PathBuf::from("/mnt/usb")));

        // Settings that would suggest backups that never happen, or are not ours to take.
        refused(
            backup_schedule(
                BackupFlags::default(),
                &file("backup_keep = 3\n"),
                data,
                sqlite,
            ),
            "--backup-at",
        );
        refused(
            backup_schedule(
                BackupFlags::default(),
                &file("backup_at = \"02:30\"\n"),
                data,
                "postgres://u@h/db",
            ),
            "pg_dump",
        );
        refused(
            backup_schedule(
                BackupFlags::default(),
                &file("backup_at = \"25:00\"\n"),
                data,
                sqlite,
            ),
            "HH:MM",
        );
        refused(
            backup_schedule(
                BackupFlags::default(),
                &file("backup_at = \"02:30\"\nbackup_keep = 0\n"),
                data,
                sqlite,
            ),
            "backup_keep = 0",
        );
    }
}

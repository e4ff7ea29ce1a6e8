//! Operating a server: configuration checked at start, scheduled backups, the disclosure
//! signing key in backups.

use super::*;
use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn migrated_data_dir() -> PathBuf {
    let data = temp_dir().join("data");
    let out = zhenxing(&["migrate", "--data-dir", data.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    data
}

/// A dummy disclosure signing key where issue 15's code will keep the real one.
fn dummy_key(data: &Path) -> Vec<u8> {
    let key = store::keys::disclosure_key_path(data);
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    let bytes: Vec<u8> = (0..32u8).map(|b| b.wrapping_mul(37)).collect();
    std::fs::write(&key, &bytes).unwrap();
    bytes
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn manifest(file: &Path) -> app::backup::Manifest {
    serde_json::from_str(&std::fs::read_to_string(app::backup::manifest_path(file)).unwrap())
        .unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    usecase::credentials::hex_digest(sha2::Sha256::digest(bytes).as_slice())
}

#[test]
fn bad_settings_are_refused_at_start_in_one_line() {
    let data = temp_dir();
    let d = data.to_str().unwrap();
    let config = data.join("zhenxing.toml");
    for (toml, needle) in [
        ("[import]\nmax_rows = 0\n", "[import] max_rows = 0"),
        (
            "[import]\nmax_columns = 20000\n",
            "[import] max_columns = 20000",
        ),
        ("[import]\nmax_pages = 3\n", "max_pages"),
        ("header_timeout = 0\n", "header_timeout = 0"),
        ("max_connections = 0\n", "max_connections = 0"),
        ("backup_at = \"2:61\"\n", "HH:MM"),
        ("backup_keep = 3\n", "--backup-at"),
        (
            "backup_at = \"02:30\"\nbackup_keep = 0\n",
            "backup_keep = 0",
        ),
    ] {
        std::fs::write(&config, toml).unwrap();
        let out = zhenxing(
            &[
                "serve",
                "--config",
                config.to_str().unwrap(),
                "--data-dir",
                d,
            ],
            "",
        );
        assert_one_line_error(&out, needle);
    }
    // A flag out of range is clap's usage error; env and flags share the ranges.
    let out = zhenxing(&["serve", "--data-dir", d, "--backup-keep", "0"], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    // On PostgreSQL a scheduled backup is refused before anything is opened, pointing to
    // pg_dump.
    let out = zhenxing(
        &[
            "serve",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
            "--backup-at",
            "02:30",
        ],
        "",
    );
    assert_one_line_error(&out, "pg_dump");
    assert!(text(&out.stderr).contains("docs/deploy.md"));
    // Nothing was created by refused starts.
    assert!(!data.join("zhenxing.db").exists());
}

#[cfg(unix)]
#[test]
fn backup_copies_the_disclosure_key_and_restore_puts_it_back_verified() {
    let data = migrated_data_dir();
    let key = dummy_key(&data);
    let dir = data.parent().unwrap().to_path_buf();
    let file = dir.join("b.db");
    let out = zhenxing(
        &[
            "backup",
            "--data-dir",
            data.to_str().unwrap(),
            "--to",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let copy = app::backup::key_copy_path(&file);
    assert_eq!(copy, dir.join("b.db.disclosure.key"));
    assert_eq!(std::fs::read(&copy).unwrap(), key);
    assert_eq!(mode(&copy), 0o600, "the key's copy is the owner's only");
    let listed = manifest(&file)
        .disclosure_key
        .expect("the manifest lists the key");
    assert_eq!(listed.file, "b.db.disclosure.key");
    assert_eq!(listed.sha256, sha256_hex(&key));

    let restored = dir.join("restored");
    let out = zhenxing(
        &[
            "restore",
            file.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let back = store::keys::disclosure_key_path(&restored);
    assert_eq!(std::fs::read(&back).unwrap(), key);
    assert_eq!(mode(&back), 0o600);
    assert_eq!(mode(back.parent().unwrap()), 0o700);

    // A key copy that is not the one the manifest describes: nothing is restored.
    std::fs::write(&copy, b"another key").unwrap();
    let elsewhere = dir.join("elsewhere");
    let out = zhenxing(
        &[
            "restore",
            file.to_str().unwrap(),
            "--data-dir",
            elsewhere.to_str().unwrap(),
        ],
        "",
    );
    assert_one_line_error(&out, "disclosure signing key");
    assert!(!elsewhere.join("zhenxing.db").exists());
    assert!(!store::keys::disclosure_key_path(&elsewhere).exists());
    // A missing copy likewise.
    std::fs::remove_file(&copy).unwrap();
    let out = zhenxing(
        &[
            "restore",
            file.to_str().unwrap(),
            "--data-dir",
            elsewhere.to_str().unwrap(),
        ],
        "",
    );
    assert_one_line_error(&out, "disclosure signing key");
    assert!(!elsewhere.join("zhenxing.db").exists());

    // Without a key in the data directory, a backup has no copy and its manifest no entry.
    std::fs::remove_file(store::keys::disclosure_key_path(&data)).unwrap();
    let plain = dir.join("plain.db");
    let out = zhenxing(
        &[
            "backup",
            "--data-dir",
            data.to_str().unwrap(),
            "--to",
            plain.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!app::backup::key_copy_path(&plain).exists());
    assert!(manifest(&plain).disclosure_key.is_none());
}

fn http_get(addr: &str, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// The scheduled backups of a directory (files with a manifest).
fn scheduled(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("zhenxing-scheduled-")
                && name.ends_with(".db")
                && app::backup::manifest_path(p).exists()
        })
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
#[test]
fn the_server_takes_its_scheduled_backup_at_the_time_and_it_restores_verified() {
    let data = migrated_data_dir();
    let key = dummy_key(&data);
    let root = data.parent().unwrap().to_path_buf();
    let backups = root.join("nightly");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    // A few seconds ahead, on China's clock, to the second.
    let at = (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::seconds(6))
        .format("%H:%M:%S")
        .to_string();
    let log = root.join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_zhenxing"))
        .args([
            "serve",
            "--data-dir",
            data.to_str().unwrap(),
            "--listen",
            &addr,
        ])
        .args([
            "--backup-dir",
            backups.to_str().unwrap(),
            "--backup-keep",
            "2",
        ])
        .env("ZHENXING_BACKUP_AT", &at)
        .env_remove("ZHENXING_DATABASE_URL")
        .env_remove("ZHENXING_CONFIG")
        .env("ZHENXING_LOG", "info,zhenxing::access=warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http_get(&addr, "/healthz").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // No backup yet, so no gauge.
    let metrics = http_get(&addr, "/metrics").unwrap();
    assert!(!metrics.contains("zhenxing_backup_last_success_timestamp_seconds "));
    let found = loop {
        let found = scheduled(&backups);
        if !found.is_empty() {
            break found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(45),
            "no scheduled backup at {at}: {}",
            std::fs::read_to_string(&log).unwrap()
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(found.len(), 1, "{found:?}");
    let file = &found[0];
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let stamp = at.replace(':', "");
    assert!(
        name.ends_with(&format!("-{stamp}.db")),
        "{name} taken at {at}"
    );
    // The server keeps serving, and /metrics shows when the backup succeeded.
    assert!(http_get(&addr, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")));
    let metrics = http_get(&addr, "/metrics").unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("zhenxing_backup_last_success_timestamp_seconds "))
        .unwrap_or_else(|| panic!("no backup gauge:\n{metrics}"));
    let when: i64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!((when - chrono::Utc::now().timestamp()).abs() < 60, "{line}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        logged.matches("scheduled backup written").count(),
        1,
        "one line per backup:\n{logged}"
    );

    // SIGTERM; the backup restores into an empty data directory, verified, key and all.
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(server.wait().unwrap().success());
    let restored = root.join("restored");
    let out = zhenxing(
        &[
            "restore",
            file.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("恢复完成"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        std::fs::read(store::keys::disclosure_key_path(&restored)).unwrap(),
        key
    );
    assert_eq!(manifest(file).file, name);
}

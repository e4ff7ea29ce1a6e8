//! Secret files the platform keeps in its data directory, beside the SQLite database (also
//! on PostgreSQL: they are the server's, not the database's). Defined here, below `web` and
//! `app`, so that the code that makes or reads them and `zhenxing backup` / `restore` name the
//! same place.

use std::path::{Path, PathBuf};

/// The disclosure signing key (Ed25519, issue 15), relative to the data directory.
/// `zhenxing backup` copies it beside a backup as `<file>.disclosure.key` (mode 0600) with its
/// SHA-256 in the manifest; `zhenxing restore` puts it back, verified.
pub const DISCLOSURE_KEY: &str = "keys/disclosure-ed25519.key";

/// `<data-dir>/keys/disclosure-ed25519.key`.
pub fn disclosure_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DISCLOSURE_KEY)
}

//! `zhenxing disclosure key|verify` and the signing key in the data directory (issue 15):
//! owned by the log work.
//!
//! The key is `<data-dir>/keys/disclosure-ed25519.key` ([`store::keys::DISCLOSURE_KEY`]): the
//! 32-byte Ed25519 seed, made on first start (mode 0600 in a 0700 directory, written to a
//! temporary file and linked into place, so a crash leaves no half key and two processes
//! starting at once agree on one key), read on later starts. A file of another size stops
//! the server with one line naming it: it is never replaced, since every checkpoint signed
//! with the key would stop verifying.

use domain::disclosure::log::{self as tlog, Bundle, Signer};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest bundle `verify` reads (a bundle is a snapshot of a few KB and ~40 hashes).
pub const MAX_BUNDLE_BYTES: u64 = 8 * 1024 * 1024;

/// Why the signing key cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "{}: the disclosure signing key must be 32 bytes, found {found}; restore it from a backup (it is never replaced: checkpoints signed with it would no longer verify)",
        path.display()
    )]
    WrongSize { path: PathBuf, found: u64 },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no random bytes for a new signing key: {0}")]
    Random(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The server's signing key: read from the data directory, or made there on first start.
pub fn load_or_create_key(data_dir: &Path) -> Result<Signer, KeyError> {
    let path = store::keys::disclosure_key_path(data_dir);
    match read_key(&path) {
        Err(KeyError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
        other => return other,
    }
    create_key(&path)?;
    read_key(&path)
}

fn read_key(path: &Path) -> Result<Signer, KeyError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let found = file.metadata().map_err(io(path))?.len();
    if found != 32 {
        return Err(KeyError::WrongSize {
            path: path.to_path_buf(),
            found,
        });
    }
    let mut seed = [0u8; 32];
    file.read_exact(&mut seed).map_err(io(path))?;
    Ok(Signer::from_seed(&seed))
}

fn create_key(path: &Path) -> Result<(), KeyError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(io(dir))?;
    }
    let seed = usecase::credentials::random_token()
        .ok()
        .and_then(|t| domain::disclosure::snapshot::parse_hex32(&t))
        .ok_or_else(|| KeyError::Random("the system's random source failed".into()))?;
    let tmp = dir.join(format!(".disclosure-ed25519.key.tmp-{}", domain::Id::new()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(&seed)?;
        file.sync_all()?;
        // Linking does not replace an existing key: of two processes starting at once, the
        // second finds the first's key and uses it.
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(e),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    written.map_err(io(path))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What `zhenxing disclosure key` prints: the public key, its key id under the origin of
/// `public_url`, and the verifier key.
pub fn describe_key(signer: &Signer, public_url: &str) -> String {
    let origin = tlog::origin(public_url);
    let key = signer.public_key();
    format!(
        "公钥 public key (Ed25519, base64): {}\n密钥编号 key id: {} (origin {origin})\n验证密钥 verifier key: {}\n",
        tlog::key_text(&key),
        domain::disclosure::snapshot::hex(&tlog::key_id(&origin, &key)),
        tlog::verifier_key(&origin, &key),
    )
}

/// Why `verify` says no.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {size} bytes, more than a bundle can be ({MAX_BUNDLE_BYTES}); not read", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: not a bundle.json: {detail}", path.display())]
    NotJson { path: PathBuf, detail: String },
    #[error("--key: not a public key (base64 of 32 bytes): {0}")]
    BadKey(String),
    #[error("未通过核验 NOT VERIFIED: {}: {reason}", path.display())]
    Failed {
        path: PathBuf,
        reason: tlog::BundleError,
    },
}

/// Reads and checks the bundle at `path` (against `key`, base64, when given); the report to
/// print when it verifies.
pub fn verify_file(path: &Path, key: Option<&str>) -> Result<String, VerifyError> {
    let trusted = match key {
        Some(k) => Some(tlog::parse_key(k).ok_or_else(|| VerifyError::BadKey(k.to_string()))?),
        None => None,
    };
    let read = |source| VerifyError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    let size = file.metadata().map_err(read)?.len();
    if size > MAX_BUNDLE_BYTES {
        return Err(VerifyError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let mut bytes = Vec::new();
    // Never more than the limit, even if the file grows while it is read.
    file.take(MAX_BUNDLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(VerifyError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    let bundle: Bundle = serde_json::from_slice(&bytes).map_err(|e| VerifyError::NotJson {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let v = bundle
        .verify(trusted.as_ref())
        .map_err(|reason| VerifyError::Failed {
            path: path.to_path_buf(),
            reason,
        })?;
    let mut out = format!(
        "已核实 VERIFIED: {}\n  事项 item {} 版本 version {}\n  内容哈希 snapshot sha256 {}\n  叶子哈希 leaf hash {}\n  叶子 leaf {} / 日志大小 tree size {}\n  检查点 checkpoint {} root {}\n  签名公钥 signed by {} (key id {})\n",
        path.display(),
        bundle.item_id,
        bundle.version,
        v.entry_hex,
        v.leaf_hash_hex,
        v.leaf_index,
        v.checkpoint.size,
        v.checkpoint.origin,
        domain::disclosure::snapshot::hex(&v.checkpoint.root),
        v.key,
        v.key_id_hex,
    );
    if !v.trusted_key {
        out.push_str(
            "注意 NOTE: the checkpoint was checked with the key inside the bundle, not against a key you trust: \
             pass --key with the public key shown on the portal's log page or printed by `zhenxing disclosure key`.\n",
        );
    }
    Ok(out)
}

//! The Merkle log on the web: the server's signing key and tree cache ([`LogState`]) and the
//! public endpoints under `/public/log` (owned by the log work of issue 15).

use crate::state::AppState;
use axum::Router;
use domain::disclosure::log::Signer;
use std::sync::Arc;

/// The log as the server keeps it: the signing key (from the data directory; a fresh
/// in-memory one when none is configured, as in tests).
#[derive(Debug)]
pub struct LogState {
    pub signer: Option<Arc<Signer>>,
}

impl LogState {
    pub fn new(signer: Option<Arc<Signer>>) -> LogState {
        LogState { signer }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// What an item's public page shows of the log: the version's leaf and its inclusion proof
/// in the latest signed checkpoint (stub: filled by the log work).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProofView {
    pub log_index: i64,
    /// The checkpoint's tree size the proof is for.
    pub tree_size: i64,
    pub root_hex: String,
    /// SHA-256(0x00 || entry), hex.
    pub leaf_hash_hex: String,
    /// The inclusion proof's hashes, leaf to root, hex.
    pub path_hex: Vec<String>,
    /// The signed checkpoint (note text with its signature line).
    pub checkpoint: String,
}

/// The proof of the leaf at `log_index` in the latest checkpoint (signed now when the log grew
/// since the last one); `None` when there is no such leaf.
pub async fn proof_view(
    _state: &AppState,
    _log_index: i64,
) -> Result<Option<ProofView>, crate::error::AppError> {
    Ok(None)
}

/// The bundle a villager downloads for a version (`bundle.json`: the snapshot, its leaf
/// index, the inclusion proof, the checkpoint and the public key), which
/// `zhenxing disclosure verify` checks offline. Used by the route and the open-data ZIP.
pub async fn bundle(
    _state: &AppState,
    _record: &store::disclosure::versions::VersionRecord,
) -> Result<serde_json::Value, crate::error::AppError> {
    Ok(serde_json::Value::Null)
}

/// The latest signed checkpoint's text (signed now when the log grew since the last one).
pub async fn checkpoint_text(_state: &AppState) -> Result<String, crate::error::AppError> {
    Ok(String::new())
}

/// The public key as the portal shows it (base64 of the 32 bytes) and its key id.
pub fn public_key_text(_state: &AppState) -> (String, String) {
    (String::new(), String::new())
}

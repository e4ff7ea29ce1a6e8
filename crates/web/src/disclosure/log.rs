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

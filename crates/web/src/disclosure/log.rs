//! The Merkle log on the web: the server's signing key and tree cache ([`LogState`]) and the
//! public endpoints under `/public/log` (owned by the log work of issue 15).
//!
//! - `/public/log`: what the log is, its key and latest checkpoint, how to check a sheet;
//! - `/public/log/checkpoint` and `/public/log/key`: the signed note and the public key,
//!   as text;
//! - `/public/log/inclusion/{index}?size=` and `/public/log/consistency?from=&to=`: proofs
//!   as JSON (a size at most what is stored; hex hashes);
//! - `/public/d/{id}/v/{version}/bundle.json`: a version's bundle, which
//!   `zhenxing disclosure verify` checks offline.

use crate::base::ctx::RequestCtx;
use crate::base::params::{bad_param, given};
use crate::disclosure::portal::Frame;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::FieldError;
use domain::disclosure::log::{self as tlog, Bundle, Checkpoint, Hash, Signer, Tree};
use domain::disclosure::snapshot::hex;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use store::disclosure::log::CheckpointRecord;

/// How many leaves one request loads into the tree cache at most (bounded work per request:
/// a server starting on a large log catches up over a few requests).
const LOAD_BATCH: i64 = 65_536;

/// The log as the server keeps it: the signing key (from the data directory; a fresh
/// in-memory one when none is configured, as in tests) and the tree of the stored leaves,
/// loaded incrementally.
pub struct LogState {
    /// `None` only when no key was configured and the system's random source failed: the
    /// log then serves no new checkpoint.
    pub signer: Option<Arc<Signer>>,
    tree: RwLock<Tree>,
    /// One loader at a time; readers of the tree never wait for the database.
    loading: tokio::sync::Mutex<()>,
    /// A stored checkpoint that the key does not verify was logged (once).
    warned_key: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for LogState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogState")
            .field("signer", &self.signer)
            .field("leaves", &self.tree.read().map(|t| t.len()).ok())
            .finish()
    }
}

impl LogState {
    pub fn new(signer: Option<Arc<Signer>>) -> LogState {
        let signer = signer.or_else(|| {
            let seed = usecase::credentials::random_token().ok()?;
            let seed = domain::disclosure::snapshot::parse_hex32(&seed)?;
            Some(Arc::new(Signer::from_seed(&seed)))
        });
        LogState {
            signer,
            tree: RwLock::new(Tree::new()),
            loading: tokio::sync::Mutex::new(()),
            warned_key: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn read<R>(&self, f: impl FnOnce(&Tree) -> R) -> Result<R, AppError> {
        self.tree
            .read()
            .map(|t| f(&t))
            .map_err(|_| AppError::internal("disclosure log tree lock poisoned"))
    }

    fn signer(&self) -> Result<&Signer, AppError> {
        self.signer
            .as_deref()
            .ok_or_else(|| AppError::internal("disclosure log has no signing key"))
    }

    /// Brings the tree up to the stored log (at most [`LOAD_BATCH`] leaves per call) and
    /// returns the size it can prove: never more than what is stored.
    async fn refresh(&self, db: &store::Db) -> Result<u64, AppError> {
        let stored = store::disclosure::log::size(db).await?.max(0);
        let have = self.read(|t| t.len())? as i64;
        if have == stored {
            return Ok(stored as u64);
        }
        let _guard = self.loading.lock().await;
        let have = self.read(|t| t.len())? as i64;
        if have > stored {
            // The stored log is shorter than what was loaded: the database was restored.
            // Start again from what is stored.
            *self
                .tree
                .write()
                .map_err(|_| AppError::internal("disclosure log tree lock poisoned"))? =
                Tree::new();
            return self.refresh_locked(db, stored).await;
        }
        self.refresh_locked(db, stored).await
    }

    /// The loading part of [`LogState::refresh`], with the loader's lock held.
    async fn refresh_locked(&self, db: &store::Db, stored: i64) -> Result<u64, AppError> {
        let from = self.read(|t| t.len())? as i64;
        if from >= stored {
            return Ok(stored as u64);
        }
        let to = stored.min(from + LOAD_BATCH);
        let entries = store::disclosure::log::entries(db, from, to).await?;
        if entries.len() as i64 != to - from {
            return Err(AppError::internal(format!(
                "disclosure log: {} entries stored for leaves {from}..{to}",
                entries.len()
            )));
        }
        let mut tree = self
            .tree
            .write()
            .map_err(|_| AppError::internal("disclosure log tree lock poisoned"))?;
        for e in &entries {
            tree.push(e);
        }
        Ok(tree.len())
    }
}

/// The origin line of this server's checkpoints.
fn origin(state: &AppState) -> String {
    tlog::origin(&state.config.public_url)
}

/// The latest signed checkpoint, signing the current size first when the log grew since the
/// last one (insert-or-ignore: concurrent signers agree on one note per size).
async fn latest(state: &AppState) -> Result<CheckpointRecord, AppError> {
    let log = &state.disclosure_log;
    let size = log.refresh(&state.db).await?;
    if let Some(cp) = store::disclosure::log::latest_checkpoint(&state.db).await?
        && cp.size as u64 >= size
    {
        if let Some(signer) = log.signer.as_deref()
            && hex(&tlog::key_id(
                cp.note.lines().next().unwrap_or(""),
                &signer.public_key(),
            )) != cp.key_id
            && !log
                .warned_key
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            // Served as stored (it is what was signed); the operator should know.
            tracing::warn!(
                size = cp.size,
                key_id = %cp.key_id,
                "the latest disclosure checkpoint does not verify with the server's key: was the \
                 key file in the data directory replaced? Restore it from a backup"
            );
        }
        return Ok(cp);
    }
    let signer = log.signer()?;
    let root = log.read(|t| t.root(size))?.map_err(AppError::internal)?;
    let checkpoint = Checkpoint {
        origin: origin(state),
        size,
        root,
    };
    let note = checkpoint.sign(signer);
    let key_id = hex(&tlog::key_id(&checkpoint.origin, &signer.public_key()));
    Ok(
        store::disclosure::log::save_checkpoint(
            &state.db,
            size as i64,
            &hex(&root),
            &note,
            &key_id,
        )
        .await?,
    )
}

/// What an item's public page shows of the log: the version's leaf and its inclusion proof
/// in the latest signed checkpoint.
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

/// The inclusion proof of leaf `index` in the tree of `size` leaves, hex, and the leaf's
/// hash; `None` when the tree does not hold them (yet).
fn inclusion(
    state: &AppState,
    index: u64,
    size: u64,
) -> Result<Option<(Hash, Vec<Hash>)>, AppError> {
    state.disclosure_log.read(|t| {
        let leaf = t.leaf_hash_at(index)?;
        let path = t.inclusion_proof(index, size).ok()?;
        Some((leaf, path))
    })
}

/// The proof of the leaf at `log_index` in the latest checkpoint (signed now when the log grew
/// since the last one); `None` when there is no such leaf.
pub async fn proof_view(
    state: &AppState,
    log_index: i64,
) -> Result<Option<ProofView>, crate::error::AppError> {
    let cp = latest(state).await?;
    let Ok(index) = u64::try_from(log_index) else {
        return Ok(None);
    };
    if log_index >= cp.size {
        return Ok(None);
    }
    let Some((leaf, path)) = inclusion(state, index, cp.size as u64)? else {
        return Ok(None);
    };
    Ok(Some(ProofView {
        log_index,
        tree_size: cp.size,
        root_hex: cp.root_sha256,
        leaf_hash_hex: hex(&leaf),
        path_hex: path.iter().map(|h| hex(h)).collect(),
        checkpoint: cp.note,
    }))
}

/// The bundle of a published version, as [`Bundle`].
pub async fn bundle_of(
    state: &AppState,
    record: &store::disclosure::versions::VersionRecord,
) -> Result<Bundle, AppError> {
    let view = proof_view(state, record.log_index)
        .await?
        .ok_or_else(AppError::unavailable)?;
    Ok(Bundle {
        format: tlog::BUNDLE_FORMAT.to_string(),
        item_id: record.item_id.clone(),
        version: record.version,
        snapshot: record.snapshot.clone(),
        leaf_index: view.log_index as u64,
        tree_size: view.tree_size as u64,
        inclusion_proof: view.path_hex,
        checkpoint: view.checkpoint,
        public_key: public_key_text(state).0,
    })
}

/// The bundle a villager downloads for a version (`bundle.json`: the snapshot, its leaf
/// index, the inclusion proof, the checkpoint and the public key), which
/// `zhenxing disclosure verify` checks offline. Used by the route and the open-data ZIP.
pub async fn bundle(
    state: &AppState,
    record: &store::disclosure::versions::VersionRecord,
) -> Result<serde_json::Value, crate::error::AppError> {
    let b = bundle_of(state, record).await?;
    serde_json::to_value(b).map_err(AppError::internal)
}

/// The latest signed checkpoint's text (signed now when the log grew since the last one).
pub async fn checkpoint_text(state: &AppState) -> Result<String, crate::error::AppError> {
    Ok(latest(state).await?.note)
}

/// The public key as the portal shows it (base64 of the 32 bytes) and its key id (hex of the
/// 4 bytes that begin the checkpoints' signatures).
pub fn public_key_text(state: &AppState) -> (String, String) {
    match state.disclosure_log.signer.as_deref() {
        Some(s) => {
            let key = s.public_key();
            (
                tlog::key_text(&key),
                hex(&tlog::key_id(&origin(state), &key)),
            )
        }
        None => (String::new(), String::new()),
    }
}

// ------------------------------------------------------------------ routes

pub fn routes() -> Router<AppState> {
    use crate::base::url;
    Router::new()
        .route(url::PUBLIC_LOG, get(page))
        .route(url::PUBLIC_LOG_CHECKPOINT, get(checkpoint))
        .route(url::PUBLIC_LOG_KEY, get(key))
        .route(url::PUBLIC_LOG_INCLUSION, get(inclusion_json))
        .route(url::PUBLIC_LOG_CONSISTENCY, get(consistency_json))
        .route(url::PUBLIC_VERSION_BUNDLE, get(bundle_json))
}

/// Revalidate every time (the answer changes as the log grows; 304 when it did not).
const REVALIDATE: &str = "public, no-cache";
/// An answer about fixed sizes never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `response`, or 304 when the caller holds `etag` already; with the ETag and
/// Cache-Control either way.
fn cached(
    headers: &HeaderMap,
    etag: &str,
    cache_control: &'static str,
    response: impl FnOnce() -> Response,
) -> Response {
    let etag = format!("\"{etag}\"");
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// A JSON endpoint's error: `{code, message, field}` in the caller's language (these paths
/// are not under `/api/`, whose errors the shell renders as JSON).
fn json_error(ctx: &RequestCtx, e: AppError) -> Response {
    if e.status.is_server_error() {
        return e.into_response();
    }
    let body = ErrorBody {
        code: e.code.to_string(),
        message: e.message(&ctx.tr),
        field: e.field.as_ref().map(|f| f.field.to_string()),
    };
    (e.status, axum::Json(body)).into_response()
}

/// A size or index parameter: a whole number (not above the tree's limit).
fn number(text: &str, param: &'static str) -> Result<u64, AppError> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= tlog::MAX_SIZE)
        .ok_or_else(|| bad_param(param, text, "0, 1, 2, …"))
}

/// 400: a parameter's value beyond what the log holds or in the wrong order.
fn bad(code: &'static str, param: &'static str, args: &[(&'static str, u64)]) -> AppError {
    let mut f = FieldError::new(code, param);
    for (name, value) in args {
        f = f.arg(name, value.to_string());
    }
    let mut e: AppError = f.into();
    e.status = StatusCode::BAD_REQUEST;
    e
}

#[derive(Template)]
#[template(path = "disclosure/log.html")]
struct LogPage {
    frame: Frame,
    key: String,
    key_id: String,
    verifier_key: String,
    checkpoint: String,
    size: i64,
    root_hex: String,
    signed_at: String,
    checkpoint_href: &'static str,
    key_href: &'static str,
    consistency_example: String,
}

async fn page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let cp = latest(&state).await?;
    let (key, key_id) = public_key_text(&state);
    let verifier_key = state
        .disclosure_log
        .signer
        .as_deref()
        .map(|s| tlog::verifier_key(&origin(&state), &s.public_key()))
        .unwrap_or_default();
    let tag = format!("log-{}-{}-{}", cp.size, key_id, ctx.tr.locale.tag());
    let mut frame = Frame::new(ctx.tr.clone(), ctx.tr.t("translog-title"));
    frame.crumbs.push((
        ctx.tr.t("translog-portal"),
        crate::base::url::PUBLIC.to_string(),
    ));
    let page = LogPage {
        frame,
        key,
        key_id,
        verifier_key,
        checkpoint: cp.note,
        size: cp.size,
        root_hex: cp.root_sha256,
        signed_at: crate::base::format::china_time(&cp.signed_at),
        checkpoint_href: crate::base::url::PUBLIC_LOG_CHECKPOINT,
        key_href: crate::base::url::PUBLIC_LOG_KEY,
        consistency_example: crate::base::url::public_log_consistency(1, cp.size.max(1)),
    };
    let html = page.render()?;
    let mut response = cached(&headers, &tag, REVALIDATE, || {
        axum::response::Html(html).into_response()
    });
    // The language comes from a cookie: a cache keeps one answer per language choice.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("cookie"));
    Ok(response)
}

async fn checkpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let cp = latest(&state).await?;
    let tag = format!("cp-{}-{}", cp.size, cp.key_id);
    Ok(cached(&headers, &tag, REVALIDATE, || text(cp.note)))
}

async fn key(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (key, key_id) = public_key_text(&state);
    if key.is_empty() {
        return Err(AppError::internal("disclosure log has no signing key"));
    }
    Ok(cached(
        &headers,
        &format!("key-{key_id}"),
        REVALIDATE,
        || text(format!("{key}\n")),
    ))
}

#[derive(Debug, serde::Serialize)]
struct InclusionBody {
    leaf_index: u64,
    tree_size: u64,
    root: String,
    leaf_hash: String,
    inclusion_proof: Vec<String>,
}

async fn inclusion_json(
    State(state): State<AppState>,
    ctx: RequestCtx,
    headers: HeaderMap,
    Path(index): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match inclusion_answer(&state, &headers, &index, q.get("size").cloned()).await {
        Ok(r) => r,
        Err(e) => json_error(&ctx, e),
    }
}

async fn inclusion_answer(
    state: &AppState,
    headers: &HeaderMap,
    index: &str,
    size: Option<String>,
) -> Result<Response, AppError> {
    let index = number(index, "index")?;
    let (size, cache) = match given(&size) {
        Some(s) => (number(s, "size")?, IMMUTABLE),
        None => (latest(state).await?.size as u64, REVALIDATE),
    };
    let stored = state.disclosure_log.refresh(&state.db).await?;
    if size > stored {
        return Err(bad(
            "translog.size_beyond",
            "size",
            &[("size", size), ("stored", stored)],
        ));
    }
    if index >= size {
        return Err(bad(
            "translog.index_beyond",
            "index",
            &[("index", index), ("size", size)],
        ));
    }
    let root = state
        .disclosure_log
        .read(|t| t.root(size))?
        .map_err(AppError::internal)?;
    let (leaf, path) = inclusion(state, index, size)?.ok_or_else(AppError::unavailable)?;
    let body = InclusionBody {
        leaf_index: index,
        tree_size: size,
        root: hex(&root),
        leaf_hash: hex(&leaf),
        inclusion_proof: path.iter().map(|h| hex(h)).collect(),
    };
    Ok(cached(headers, &format!("i-{index}-{size}"), cache, || {
        axum::Json(body).into_response()
    }))
}

#[derive(Debug, serde::Serialize)]
struct ConsistencyBody {
    from: u64,
    to: u64,
    from_root: String,
    to_root: String,
    consistency_proof: Vec<String>,
}

async fn consistency_json(
    State(state): State<AppState>,
    ctx: RequestCtx,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match consistency_answer(
        &state,
        &headers,
        q.get("from").cloned(),
        q.get("to").cloned(),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => json_error(&ctx, e),
    }
}

async fn consistency_answer(
    state: &AppState,
    headers: &HeaderMap,
    from: Option<String>,
    to: Option<String>,
) -> Result<Response, AppError> {
    let Some(from_text) = given(&from) else {
        return Err(bad("translog.from_required", "from", &[]));
    };
    let from = number(from_text, "from")?;
    let (to, cache) = match given(&to) {
        Some(t) => (number(t, "to")?, IMMUTABLE),
        None => (latest(state).await?.size as u64, REVALIDATE),
    };
    let stored = state.disclosure_log.refresh(&state.db).await?;
    if to > stored {
        return Err(bad(
            "translog.size_beyond",
            "to",
            &[("size", to), ("stored", stored)],
        ));
    }
    if from == 0 || from > to {
        return Err(bad(
            "translog.from_after_to",
            "from",
            &[("from", from), ("to", to)],
        ));
    }
    let (from_root, to_root, proof) = state
        .disclosure_log
        .read(|t| -> Result<_, tlog::ProofError> {
            Ok((t.root(from)?, t.root(to)?, t.consistency_proof(from, to)?))
        })?
        .map_err(|_| AppError::unavailable())?;
    let body = ConsistencyBody {
        from,
        to,
        from_root: hex(&from_root),
        to_root: hex(&to_root),
        consistency_proof: proof.iter().map(|h| hex(h)).collect(),
    };
    Ok(cached(headers, &format!("c-{from}-{to}"), cache, || {
        axum::Json(body).into_response()
    }))
}

async fn bundle_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Ok(version) = version.trim().parse::<i64>() else {
        return Err(AppError::not_found());
    };
    let record = store::disclosure::versions::get(&state.db, &id, version)
        .await?
        .ok_or_else(AppError::not_found)?;
    let b = bundle_of(&state, &record).await?;
    let tag = format!(
        "b-{}-{}-{}",
        record.id,
        b.tree_size,
        public_key_text(&state).1
    );
    let body = serde_json::to_vec_pretty(&b).map_err(AppError::internal)?;
    let name = format!(
        "disclosure-{}-v{}.bundle.json",
        record.item_id, record.version
    );
    Ok(cached(&headers, &tag, REVALIDATE, || {
        let mut r = body.into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(v) =
            crate::download::disposition(crate::download::Disposition::Attachment, &name)
        {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        r
    }))
}

/// `text` in pieces of 16 characters, between which a narrow screen may break the line
/// (`<wbr>`: hashes and keys have no spaces, and copying them keeps them whole).
fn chunks(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(16).map(|c| c.iter().collect()).collect()
}

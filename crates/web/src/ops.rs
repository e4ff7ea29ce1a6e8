//! Operations: `/healthz` (process up), `/readyz` (database reachable within 1 s and
//! writes not failing for want of the database), `/metrics`
//! (Prometheus text from the `metrics` crate's Prometheus exporter: requests by route and
//! status, a latency histogram, pool figures, the last backup).
//!
//! Every label value of `/metrics` is bounded: the method is one of the standard ones or
//! `other`, the route is the matched pattern or `unmatched`, the status a number. `/metrics`
//! answers only the configured addresses (`metrics_allow`, loopback by default) or a caller
//! presenting `Authorization: Bearer <metrics_token>`; everyone else gets 403.

use crate::state::{AppState, WebConfig};
use axum::Router;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::HEALTHZ, get(|| async { "ok" }))
        .route(crate::base::url::READYZ, get(readyz))
        .route(crate::base::url::METRICS, get(metrics))
}

/// `/readyz` answers within this time even when the database does not.
const READY_TIMEOUT: Duration = Duration::from_millis(800);

/// How long a request answered 503 (database unavailable) keeps `/readyz` not ready when no
/// write has succeeded since: long enough to cover the next probes, short enough that an
/// idle server whose disk got space again reports ready by itself.
const UNAVAILABLE_HOLD: Duration = Duration::from_secs(30);

/// Seconds a client is told to wait (`Retry-After`) when the database is unavailable.
const RETRY_AFTER_SECONDS: &str = "30";

/// Ready when the database answers a round trip within [`READY_TIMEOUT`] and no request
/// failed for want of the database (disk full, server gone) since the last successful write
/// (within [`UNAVAILABLE_HOLD`]). The check itself logs nothing: the failing requests are
/// logged once per change of state (`error::log_unavailable`).
async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = |why: &str| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        )
    };
    match tokio::time::timeout(READY_TIMEOUT, state.db.ping()).await {
        Err(_) => return not_ready("database does not answer").into_response(),
        Ok(Err(e)) => {
            let why = e.unavailable().map_or("database error", |u| u.as_str());
            return not_ready(why).into_response();
        }
        Ok(Ok(())) => {}
    }
    if state.metrics.writes_failing() {
        return not_ready("requests fail for want of the database (disk full?)").into_response();
    }
    (StatusCode::OK, "ready").into_response()
}

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

const REQUESTS: &str = "zhenxing_http_requests_total";
const DURATION: &str = "zhenxing_http_request_duration_seconds";
const POOL: &str = "zhenxing_db_pool_connections";
const POOL_IDLE: &str = "zhenxing_db_pool_idle_connections";
const LAST_BACKUP: &str = "zhenxing_backup_last_success_timestamp_seconds";

/// Histogram samples wait in the recorder until a scrape or an upkeep folds them into the
/// buckets; without a scraper the upkeep every this many requests keeps them bounded.
const UPKEEP_EVERY: u64 = 1024;

/// The figures of `/metrics`, in a Prometheus recorder (`metrics-exporter-prometheus`) owned
/// by this state rather than installed globally: every app built (one per test) counts on
/// its own. Metrics are recorded through `metrics::with_local_recorder`.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    /// Requests observed, to run the recorder's upkeep every [`UPKEEP_EVERY`].
    observed: AtomicU64,
    /// When a request last failed for want of the database (503), unless a write succeeded
    /// after it.
    unavailable_since: Mutex<Option<Instant>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let builder = PrometheusBuilder::new();
        // Only an empty list of buckets is refused; without buckets the latency would be a
        // summary.
        let builder = match builder.set_buckets(&BUCKETS) {
            Ok(with_buckets) => with_buckets,
            Err(_) => PrometheusBuilder::new(),
        };
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            metrics::describe_counter!(REQUESTS, "HTTP requests by method, route and status.");
            metrics::describe_histogram!(DURATION, "Request latency by route.");
            metrics::describe_gauge!(POOL, "Open database connections.");
            metrics::describe_gauge!(POOL_IDLE, "Idle database connections.");
            metrics::describe_gauge!(LAST_BACKUP, "When the last scheduled backup succeeded.");
        });
        Metrics {
            recorder,
            handle,
            observed: AtomicU64::new(0),
            unavailable_since: Mutex::new(None),
        }
    }
}

impl Metrics {
    /// Notes how the database served a request: a 503 (only the database's unavailability
    /// gives one) marks it failing, a successful write clears the mark.
    fn note_database(&self, method: &Method, status: StatusCode) {
        let Ok(mut since) = self.unavailable_since.lock() else {
            return;
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            *since = Some(Instant::now());
        } else if since.is_some()
            && !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
            && (status.is_success() || status.is_redirection())
        {
            *since = None;
            crate::error::database_recovered();
        }
    }

    /// Did a request fail for want of the database lately, with no write succeeding since?
    pub fn writes_failing(&self) -> bool {
        self.unavailable_since
            .lock()
            .ok()
            .and_then(|since| *since)
            .is_some_and(|at| at.elapsed() < UNAVAILABLE_HOLD)
    }

    /// A scheduled backup succeeded at `unix_seconds` (`zhenxing serve --backup-at`). The gauge
    /// appears in `/metrics` from the first success on.
    pub fn backup_succeeded(&self, unix_seconds: i64) {
        metrics::with_local_recorder(&self.recorder, || {
            metrics::gauge!(LAST_BACKUP).set(unix_seconds as f64);
        });
    }

    fn observe(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        metrics::with_local_recorder(&self.recorder, || {
            metrics::counter!(
                REQUESTS,
                "method" => method,
                "route" => route.to_string(),
                "status" => status.to_string()
            )
            .increment(1);
            metrics::histogram!(DURATION, "route" => route.to_string()).record(seconds);
        });
        if self.observed.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.handle.run_upkeep();
        }
    }

    /// The Prometheus text: the recorded series, the pool figures as of now.
    fn render(&self, backend: &'static str, pool_size: u32, pool_idle: usize) -> String {
        metrics::with_local_recorder(&self.recorder, || {
            metrics::gauge!(POOL, "backend" => backend).set(f64::from(pool_size));
            metrics::gauge!(POOL_IDLE, "backend" => backend).set(pool_idle as f64);
        });
        self.handle.render()
    }
}

/// The method as a label: a standard method's name, anything else `other` (a client may send
/// any token as a method).
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts every request under its route pattern (never the raw path, which would let
/// clients create unbounded series).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let method_kind = req.method().clone();
    // Every request gets an id: in its log span and access line, in the `x-request-id`
    // header, and as the 错误编号 of an internal error.
    let id = domain::Id::new().to_string();
    let span = tracing::info_span!("request", id = %id, method = %method_kind, route = %route);
    let mut response = crate::error::REQUEST_ID
        .scope(
            id.clone(),
            tracing::Instrument::instrument(next.run(req), span.clone()),
        )
        .await;
    if let Ok(value) = header::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    span.in_scope(|| {
        tracing::info!(
            target: "zhenxing::access",
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request"
        );
    });
    if route != crate::base::url::READYZ {
        state.metrics.note_database(&method_kind, response.status());
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
    }
    state.metrics.observe(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// A text that is no IP address or network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or network such as 10.0.0.0/8")]
pub struct BadNet(pub String);

/// An address or a network (`10.0.0.0/8`, `::1`, `fd00::/8`) allowed to read `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedNet {
    addr: IpAddr,
    prefix: u8,
}

impl AllowedNet {
    /// Parses `address` or `address/prefix`.
    pub fn parse(text: &str) -> Result<AllowedNet, BadNet> {
        let text = text.trim();
        let bad = || BadNet(text.to_string());
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(AllowedNet { addr, prefix })
    }

    /// Parses a comma- or space-separated list (the form flags and env variables take).
    pub fn parse_list(text: &str) -> Result<Vec<AllowedNet>, BadNet> {
        text.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(AllowedNet::parse)
            .collect()
    }

    /// 127.0.0.0/8 and ::1.
    pub fn loopback() -> Vec<AllowedNet> {
        vec![
            AllowedNet {
                addr: IpAddr::V4(Ipv4Addr::new(127, 0, 0, 0)),
                prefix: 8,
            },
            AllowedNet {
                addr: IpAddr::V6(Ipv6Addr::LOCALHOST),
                prefix: 128,
            },
        ]
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for AllowedNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The client's address: the socket's peer, or behind a trusted reverse proxy the address
/// the proxy reports (the last X-Forwarded-For hop, which the proxy appended, else
/// X-Real-IP) — the same rule as sign-in throttling.
pub fn client_ip(parts: &axum::http::request::Parts, trust_proxy: bool) -> Option<IpAddr> {
    // The last line of a header: a proxy that adds a line of its own (HAProxy) puts it after
    // whatever the client sent, so only the last line is the proxy's word.
    let header = |name: &str| {
        parts
            .headers
            .get_all(name)
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    if trust_proxy {
        let proxied = header("x-forwarded-for")
            .and_then(|v| v.rsplit(',').next().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .or_else(|| header("x-real-ip"));
        if let Some(text) = proxied {
            // A proxy-reported address that does not parse is nobody's: refused.
            return text.trim().parse().ok();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The body of a refused `/metrics` request (plain text: scrapers are no browsers).
const REFUSED: &str =
    "forbidden: /metrics is open to the configured addresses or the metrics token\n";

/// May this request read `/metrics`?
fn metrics_allowed(parts: &axum::http::request::Parts, config: &WebConfig) -> bool {
    if let Some(expected) = config.metrics_token.as_deref().filter(|t| !t.is_empty()) {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if presented.is_some_and(|t| crate::security::constant_time_eq(t, expected)) {
            return true;
        }
    }
    client_ip(parts, config.trust_proxy)
        .is_some_and(|ip| config.metrics_allow.iter().any(|net| net.contains(ip)))
}

async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    if !metrics_allowed(&parts, &state.config) {
        return (StatusCode::FORBIDDEN, REFUSED).into_response();
    }
    let (size, idle) = state.db.pool_stats();
    let out = state
        .metrics
        .render(state.db.backend().as_str(), size, idle);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

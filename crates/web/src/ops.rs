//! Operations: `/healthz` (process up), `/readyz` (database reachable within 1 s and
//! writes not failing for want of the database), `/metrics`
//! (Prometheus text: requests by route and status, a latency histogram, pool figures).
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
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
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

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) → count; every part bounded (see `method_label`, `track`).
    requests: Mutex<BTreeMap<(&'static str, String, u16), u64>>,
    /// route → latency series.
    latency: Mutex<BTreeMap<String, Series>>,
    /// When a request last failed for want of the database (503), unless a write succeeded
    /// after it.
    unavailable_since: Mutex<Option<Instant>>,
    /// When the last scheduled backup succeeded (Unix seconds; 0: none since start).
    last_backup: std::sync::atomic::AtomicI64,
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

    /// A scheduled backup succeeded at `unix_seconds` (`zhenxing serve --backup-at`).
    pub fn backup_succeeded(&self, unix_seconds: i64) {
        self.last_backup
            .store(unix_seconds, std::sync::atomic::Ordering::Relaxed);
    }

    fn observe(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            *map.entry((method, route.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut map) = self.latency.lock() {
            let s = map.entry(route.to_string()).or_default();
            s.count += 1;
            s.sum += seconds;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    s.buckets[i] += 1;
                }
            }
        }
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
    if route != "/readyz" {
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

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// An address or a network (`10.0.0.0/8`, `::1`, `fd00::/8`) allowed to read `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedNet {
    addr: IpAddr,
    prefix: u8,
}

impl AllowedNet {
    /// Parses `address` or `address/prefix`.
    pub fn parse(text: &str) -> Result<AllowedNet, String> {
        let text = text.trim();
        let bad = || format!("{text:?} is not an IP address or network such as 10.0.0.0/8");
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
    pub fn parse_list(text: &str) -> Result<Vec<AllowedNet>, String> {
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
    let mut out = String::new();
    out.push_str(
        "# HELP zhenxing_http_requests_total HTTP requests by method, route and status.\n",
    );
    out.push_str("# TYPE zhenxing_http_requests_total counter\n");
    if let Ok(map) = state.metrics.requests.lock() {
        for ((method, route, status), n) in map.iter() {
            out.push_str(&format!(
                "zhenxing_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}\n",
                escape(method),
                escape(route)
            ));
        }
    }
    out.push_str("# HELP zhenxing_http_request_duration_seconds Request latency by route.\n");
    out.push_str("# TYPE zhenxing_http_request_duration_seconds histogram\n");
    if let Ok(map) = state.metrics.latency.lock() {
        for (route, s) in map.iter() {
            let route = escape(route);
            for (i, bound) in BUCKETS.iter().enumerate() {
                out.push_str(&format!(
                    "zhenxing_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}\n",
                    s.buckets[i]
                ));
            }
            out.push_str(&format!(
                "zhenxing_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n",
                s.count
            ));
            out.push_str(&format!(
                "zhenxing_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n",
                s.sum
            ));
            out.push_str(&format!(
                "zhenxing_http_request_duration_seconds_count{{route=\"{route}\"}} {}\n",
                s.count
            ));
        }
    }
    let (size, idle) = state.db.pool_stats();
    out.push_str("# HELP zhenxing_db_pool_connections Open database connections.\n");
    out.push_str("# TYPE zhenxing_db_pool_connections gauge\n");
    out.push_str(&format!(
        "zhenxing_db_pool_connections{{backend=\"{}\"}} {size}\n",
        state.db.backend().as_str()
    ));
    out.push_str("# HELP zhenxing_db_pool_idle_connections Idle database connections.\n");
    out.push_str("# TYPE zhenxing_db_pool_idle_connections gauge\n");
    out.push_str(&format!(
        "zhenxing_db_pool_idle_connections{{backend=\"{}\"}} {idle}\n",
        state.db.backend().as_str()
    ));
    let last_backup = state
        .metrics
        .last_backup
        .load(std::sync::atomic::Ordering::Relaxed);
    if last_backup > 0 {
        out.push_str(
            "# HELP zhenxing_backup_last_success_timestamp_seconds When the last scheduled backup succeeded.\n",
        );
        out.push_str("# TYPE zhenxing_backup_last_success_timestamp_seconds gauge\n");
        out.push_str(&format!(
            "zhenxing_backup_last_success_timestamp_seconds {last_backup}\n"
        ));
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

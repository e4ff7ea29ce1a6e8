//! Operations: `/healthz` (process up), `/readyz` (database reachable), `/metrics`
//! (Prometheus text: requests by route and status, a latency histogram, pool figures).

use crate::state::AppState;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!("readiness check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
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
    /// (method, route, status) → count.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency series.
    latency: Mutex<BTreeMap<String, Series>>,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut map) = self.requests.lock() {
            *map.entry((method.to_string(), route.to_string(), status))
                .or_default() += 1;
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

/// Counts every request under its route pattern (never the raw path, which would let
/// clients create unbounded series).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let response = next.run(req).await;
    state.metrics.observe(
        &method,
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

async fn metrics(State(state): State<AppState>) -> Response {
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
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

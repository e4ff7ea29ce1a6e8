//! The public portal's speed (issue 15): `zhenxing bench bare-http --listen ADDR` serves a
//! bare axum handler answering every GET with a fixed string, through the same server loop as
//! `zhenxing serve` ([`crate::server::serve`]), so `bench/portal.sh` can compare the public
//! village page with it in the same run on the same machine (target: at least 30 % of its
//! requests per second, p99 under 25 ms).

use crate::server;
use std::future::Future;
use std::net::SocketAddr;

/// The fixed answer of the bare handler.
pub const BARE_BODY: &str = "ok\n";

/// A router answering every path with [`BARE_BODY`]: the yardstick.
pub fn bare_router() -> axum::Router {
    axum::Router::new().fallback(|| async { BARE_BODY })
}

/// Serves [`bare_router`] on `listen` until `shutdown` completes.
pub async fn serve_bare(
    listen: &str,
    shutdown: impl Future<Output = ()>,
) -> Result<(), crate::Error> {
    let addr: SocketAddr = listen
        .parse()
        .map_err(|_| format!("--listen {listen}: expected an address such as 127.0.0.1:18081"))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    eprintln!("bare HTTP handler on http://{addr}/");
    server::serve(listener, bare_router(), server::Limits::default(), shutdown).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn the_bare_handler_answers_any_path_with_its_fixed_string() {
        let res = bare_router()
            .oneshot(
                axum::http::Request::get("/public/r/340803100201")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), axum::http::StatusCode::OK);
    }
}

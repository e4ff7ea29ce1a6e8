//! Static files, embedded in the binary. Every name carries a version, so browsers may
//! cache them for good. Text files (css, js, svg) are also served gzip-compressed to clients
//! that accept it (compressed once, on first use); pages and the API never are (BREACH: they
//! carry secrets beside what a user typed).

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

pub struct Names {
    pub htmx: &'static str,
    pub css: &'static str,
    pub js: &'static str,
}

pub static NAMES: Names = Names {
    htmx: "vendor/htmx-2.0.11.min.js",
    css: "app-4.css",
    js: "app-3.js",
};

const FILES: &[(&str, &[u8], &str)] = &[
    (
        "vendor/htmx-2.0.11.min.js",
        include_bytes!("../../static/vendor/htmx-2.0.11.min.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "app-4.css",
        include_bytes!("../../static/app-4.css"),
        "text/css; charset=utf-8",
    ),
    (
        "app-3.js",
        include_bytes!("../../static/app-3.js"),
        "text/javascript; charset=utf-8",
    ),
    // The cockpit (一张图, issue 16): Apache ECharts and the script drawing its charts.
    (
        "vendor/echarts-6.1.0.min.js",
        include_bytes!("../../static/vendor/echarts-6.1.0.min.js"),
        "text/javascript; charset=utf-8",
    ),
    // Its licence and notice travel with the binary (Apache-2.0 §4).
    (
        "vendor/echarts-6.1.0.LICENSE.txt",
        include_bytes!("../../static/vendor/echarts-6.1.0.LICENSE.txt"),
        "text/plain; charset=utf-8",
    ),
    (
        "vendor/echarts-6.1.0.NOTICE.txt",
        include_bytes!("../../static/vendor/echarts-6.1.0.NOTICE.txt"),
        "text/plain; charset=utf-8",
    ),
    (
        "vendor/echarts-6.1.0.LICENSE-d3.txt",
        include_bytes!("../../static/vendor/echarts-6.1.0.LICENSE-d3.txt"),
        "text/plain; charset=utf-8",
    ),
    (
        "dashboard-1.js",
        include_bytes!("../../static/dashboard-1.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "dashboard-1.css",
        include_bytes!("../../static/dashboard-1.css"),
        "text/css; charset=utf-8",
    ),
    (
        "favicon.svg",
        include_bytes!("../../static/favicon.svg"),
        "image/svg+xml",
    ),
];

pub fn get(name: &str) -> Option<(&'static [u8], &'static str)> {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, bytes, ct)| (*bytes, *ct))
}

/// The gzip form of a text file (css, js, svg), made once; `None` for other files or when it
/// would not be smaller.
fn gzipped(name: &str) -> Option<&'static [u8]> {
    static GZIPPED: OnceLock<HashMap<&'static str, Vec<u8>>> = OnceLock::new();
    GZIPPED
        .get_or_init(|| {
            FILES
                .iter()
                .filter(|(_, _, ct)| ct.starts_with("text/") || ct.starts_with("image/svg+xml"))
                .filter_map(|(n, bytes, _)| {
                    let mut enc = flate2::write::GzEncoder::new(
                        Vec::with_capacity(bytes.len() / 3),
                        flate2::Compression::best(),
                    );
                    enc.write_all(bytes).ok()?;
                    let gz = enc.finish().ok()?;
                    (gz.len() < bytes.len()).then_some((*n, gz))
                })
                .collect()
        })
        .get(name)
        .map(Vec::as_slice)
}

/// Does `Accept-Encoding` allow gzip (`gzip` or `*`, not with `q=0`)?
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// `GET /static/{*file}`: the file, gzip-compressed when the client accepts it.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some((bytes, content_type)) = get(&file) else {
        return crate::error::AppError::not_found().into_response();
    };
    let gz = gzipped(&file);
    let body = match gz {
        Some(gz) if accepts_gzip(&headers) => gz,
        _ => bytes,
    };
    let mut res = (
        [
            (header::CONTENT_TYPE, content_type),
            // Names carry versions, so a file never changes under its name.
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response();
    if let Some(gz) = gz {
        let h = res.headers_mut();
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if std::ptr::eq(body, gz) {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
    }
    res
}

//! Static text files go gzip-compressed to a client that accepts it, with `Vary`; the same
//! bytes come back after decompression; pages are never compressed (BREACH).

use super::*;
use std::io::Read;

async fn get_with(app: &App, path: &str, accept: Option<&str>) -> Resp {
    let mut req = Request::get(path);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT_ENCODING, a);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn static_files_are_gzipped_when_accepted_and_pages_never() {
    let app = app().await;
    let login = app.get("/login", "").await;
    let css = login
        .body
        .split("href=\"/static/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.ends_with(".css"))
        .map(|s| format!("/static/{s}"))
        .unwrap();
    assert!(css.ends_with(".css"), "{css}");
    let plain = get_with(&app, &css, None).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.headers[header::VARY], "accept-encoding");
    let gz = get_with(&app, &css, Some("br, gzip;q=0.8")).await;
    assert_eq!(gz.status, StatusCode::OK);
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gz.headers[header::VARY], "accept-encoding");
    assert_eq!(
        gz.headers[header::CONTENT_TYPE],
        plain.headers[header::CONTENT_TYPE]
    );
    assert!(gz.bytes.len() < plain.bytes.len());
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(gz.bytes.as_slice())
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain.bytes);
    // Refused with q=0: plain.
    let refused = get_with(&app, &css, Some("gzip;q=0")).await;
    assert!(refused.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(refused.bytes, plain.bytes);
    // Pages and the API: never compressed.
    for path in ["/login", "/api/v1/regions"] {
        let res = get_with(&app, path, Some("gzip, br")).await;
        assert!(
            res.headers.get(header::CONTENT_ENCODING).is_none(),
            "{path} compressed"
        );
    }
}

//! The web ground floor (issue 13 point 1): the one JSON body extractor and the one upload
//! size limit.

use super::*;

/// A JSON body sent to an API write by a signed-in browser session.
fn json_post(
    path: &str,
    session: &Session,
    content_type: Option<&str>,
    body: &str,
) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf);
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

async fn json_refusals_are_api_errors(app: &App) {
    let admin = app.login("admin").await;
    let cases = [
        // Not JSON at all: 400, as axum answers it.
        (
            Some("application/json"),
            r#"{"code": "34080310"#,
            StatusCode::BAD_REQUEST,
            "json.syntax",
        ),
        // JSON of the wrong shape: 422.
        (
            Some("application/json"),
            r#"{"code": 340803100203}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "json.invalid",
        ),
        // Not sent as JSON: 415.
        (
            Some("text/plain"),
            r#"{"code":"340803100203"}"#,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json.content_type",
        ),
        (
            None,
            r#"{"code":"340803100203"}"#,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json.content_type",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let res = app
            .send(json_post("/api/v1/regions", &admin, content_type, body))
            .await;
        assert_eq!(res.status, status, "{body}: {}", res.body);
        assert!(
            res.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{body}"
        );
        let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(json["code"], code, "{body}");
        let message = json["message"].as_str().unwrap();
        assert!(!message.is_empty() && message != code, "{message}");
    }
    // The parser's words say where the fault is, in the user's language around them.
    let res = app
        .send(json_post(
            "/api/v1/regions",
            &admin,
            Some("application/json"),
            r#"{"code": 340803100203}"#,
        ))
        .await;
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("invalid type"), "{message}");
    assert!(message.starts_with("请求内容"), "{message}");
    assert_eq!(json["field"], "body");
    // Nothing was written.
    let list = app.get("/api/v1/regions/340803100203", &admin.cookie).await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_json_body_the_api_cannot_read_is_an_api_error_with_its_code() {
    let app = app().await;
    json_refusals_are_api_errors(&app).await;
}

#[tokio::test]
async fn a_json_body_the_api_cannot_read_is_an_api_error_with_its_code_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    json_refusals_are_api_errors(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

/// Every upload route is limited by the one configured size: a body over it is 413
/// `upload.too_large` naming that size, on a page (found while reading the body) and on the
/// API (declared by `Content-Length`).
async fn uploads_are_limited_by_the_configured_size(db: Db) {
    let limit = 100 * 1024;
    let app = app_configured(
        db,
        web::WebConfig {
            upload_max_bytes: limit,
            ..Default::default()
        },
    )
    .await;
    let admin = app.login("admin").await;
    let over = vec![b'a'; limit + 1024];
    let zh = format!("文件超过 {} KB 上限", limit / 1024);

    let res = app
        .send(upload_request("/regions/import", &admin, "big.csv", &over))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(res.body.contains(&zh), "{}", res.body);

    let mut req = upload_request(
        "/api/v1/meetings/none/attachments",
        &admin,
        "big.pdf",
        &over,
    );
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        (over.len() + 400).to_string().parse().unwrap(),
    );
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(body["code"], "upload.too_large");
    assert!(body["message"].as_str().unwrap().contains(&zh), "{body}");

    // The photo route too, before the photo's own rule (at most 2 MiB) is asked.
    let res = app
        .send(upload_request(
            "/people/persons/none/photo",
            &admin,
            "p.jpg",
            &over,
        ))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(res.body.contains(&zh), "{}", res.body);

    // Under the limit, the upload reaches its handler (which refuses this file as no
    // region file: 422 with the import's own reason, not the size).
    let res = app
        .send(upload_request("/regions/import", &admin, "small.csv", b"x"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("import-result"), "{}", res.body);
    assert!(!res.body.contains(&zh));
}

#[tokio::test]
async fn uploads_are_limited_by_the_configured_size_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("zx-web-{}", domain::Id::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .unwrap();
    uploads_are_limited_by_the_configured_size(db).await;
}

#[tokio::test]
async fn uploads_are_limited_by_the_configured_size_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    uploads_are_limited_by_the_configured_size(db.clone()).await;
    pg.drop_db(db).await;
}

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

//! /metrics stays bounded whatever clients send and answers only allowed addresses or the
//! metrics token; a village is never placed directly under the district; control characters
//! (NUL …) are refused in JSON, forms, query strings and spreadsheet cells before anything is
//! stored.

use super::*;
use serde_json::{Value, json};
use std::net::IpAddr;

/// The request series lines of a metrics text.
fn request_series(metrics: &str) -> Vec<&str> {
    metrics
        .lines()
        .filter(|l| l.starts_with("zhenxing_http_requests_total{"))
        .collect()
}

fn from_address(mut req: Request<Body>, ip: &str) -> Request<Body> {
    let ip: IpAddr = ip.parse().unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(ip, 40000)));
    req
}

fn metrics_request() -> Request<Body> {
    Request::get("/metrics").body(Body::empty()).unwrap()
}

async fn region_stored(app: &App, code: &str) -> bool {
    store::region::get(&app.db, &domain::identity::Scope::system(), code)
        .await
        .unwrap()
        .is_some()
}

/// Sends JSON as a signed-in user (session cookie and CSRF header).
async fn post_json(app: &App, s: &Session, path: &str, body: &str) -> (StatusCode, Value, String) {
    let res = app
        .send(
            Request::post(path)
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    let json = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, json, res.body)
}

#[tokio::test]
async fn random_method_names_add_no_metrics_series() {
    let app = app().await;
    app.get("/login", "").await;
    // Read twice so that the /metrics request's own series exists before counting.
    app.get("/metrics", "").await;
    let before = app.get("/metrics", "").await.body;
    for i in 0..50 {
        let method =
            format!("X{}{i}", domain::Id::new().to_string().replace('-', "")).to_uppercase();
        let path = format!("/no-such-{}", domain::Id::new());
        let res = app
            .send(
                Request::builder()
                    .method(method.as_str())
                    .uri(path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(res.status.is_client_error(), "{method}: {}", res.status);
    }
    let after = app.get("/metrics", "").await.body;
    let (old, new) = (request_series(&before), request_series(&after));
    let grown: Vec<&&str> = new
        .iter()
        .filter(|l| {
            let key = l.rsplit_once(' ').unwrap().0;
            !old.iter().any(|o| o.rsplit_once(' ').unwrap().0 == key)
        })
        .collect();
    assert_eq!(grown.len(), 1, "one new series, not fifty: {grown:?}");
    let other: Vec<&&str> = new
        .iter()
        .filter(|l| l.contains("method=\"other\""))
        .collect();
    assert_eq!(other.len(), 1, "{other:?}");
    assert!(
        other[0].contains("route=\"unmatched\"") && other[0].ends_with(" 50"),
        "{}",
        other[0]
    );
    for line in &new {
        let method = line
            .split("method=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        assert!(
            [
                "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"
            ]
            .contains(&method),
            "{line}"
        );
    }
    assert!(
        after.len() < before.len() + 2048,
        "the text grew by {} bytes",
        after.len() - before.len()
    );
}

#[tokio::test]
async fn metrics_answer_allowed_addresses_or_the_token_only() {
    let app = app().await;
    // Loopback (the default allow list) reads; another address is refused.
    let local = app.send(from_address(metrics_request(), "127.0.0.1")).await;
    assert_eq!(local.status, StatusCode::OK);
    // The pool gauges are always there; request series only once a request was counted.
    assert!(
        local.body.contains("zhenxing_db_pool_connections{"),
        "{}",
        local.body
    );
    let local6 = app.send(from_address(metrics_request(), "::1")).await;
    assert_eq!(local6.status, StatusCode::OK);
    let remote = app
        .send(from_address(metrics_request(), "203.0.113.5"))
        .await;
    assert_eq!(remote.status, StatusCode::FORBIDDEN);
    assert!(!remote.body.contains("zhenxing_"), "{}", remote.body);
    // Without a trusted proxy a forwarded header changes nothing.
    let spoofed = app
        .send(from_address(
            Request::get("/metrics")
                .header("x-forwarded-for", "127.0.0.1")
                .body(Body::empty())
                .unwrap(),
            "203.0.113.5",
        ))
        .await;
    assert_eq!(spoofed.status, StatusCode::FORBIDDEN);

    // Configured networks and a token.
    let token = format!("metrics-{}", domain::Id::new());
    let configured = web::router(
        web::AppState::new(
            app.db.clone(),
            web::WebConfig {
                metrics_allow: web::ops::AllowedNet::parse_list("10.20.0.0/16, fd00::/8").unwrap(),
                metrics_token: Some(token.clone()),
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let configured = App {
        router: configured,
        db: app.db.clone(),
    };
    for (ip, status) in [
        ("10.20.3.4", StatusCode::OK),
        ("fd12::7", StatusCode::OK),
        ("10.21.0.1", StatusCode::FORBIDDEN),
        ("127.0.0.1", StatusCode::FORBIDDEN),
    ] {
        let res = configured.send(from_address(metrics_request(), ip)).await;
        assert_eq!(res.status, status, "{ip}");
    }
    let bearer = |value: String| {
        from_address(
            Request::get("/metrics")
                .header(header::AUTHORIZATION, value)
                .body(Body::empty())
                .unwrap(),
            "198.51.100.9",
        )
    };
    let with_token = configured.send(bearer(format!("Bearer {token}"))).await;
    assert_eq!(with_token.status, StatusCode::OK);
    assert!(with_token.body.contains("zhenxing_db_pool_connections"));
    let wrong = configured.send(bearer(format!("Bearer {token}x"))).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn behind_a_trusted_proxy_metrics_key_on_the_forwarded_address() {
    // The https test app trusts its proxy; the proxy itself connects from loopback.
    let app = app_at("https://zhenxing.example.gov.cn").await;
    let via_proxy = |forwarded: &str| {
        Request::get("/metrics")
            .header("x-forwarded-for", forwarded)
            .body(Body::empty())
            .unwrap()
    };
    let outside = app.send(via_proxy("127.0.0.1, 203.0.113.9")).await;
    assert_eq!(
        outside.status,
        StatusCode::FORBIDDEN,
        "the client the proxy reports is outside"
    );
    let inside = app.send(via_proxy("203.0.113.9, 127.0.0.1")).await;
    assert_eq!(inside.status, StatusCode::OK);
    // A proxy that adds a header line of its own (HAProxy) puts it after the client's: the
    // client's own first line, claiming loopback, does not count.
    let two_lines = Request::get("/metrics")
        .header("x-forwarded-for", "127.0.0.1")
        .header("x-forwarded-for", "203.0.113.9")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(two_lines).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_village_directly_under_the_district_is_refused_on_parent_code() {
    let app = app().await;
    let s = app.login("admin").await;
    let (status, body, text) = post_json(
        &app,
        &s,
        "/api/v1/regions",
        &json!({"code": "340803000201", "parent_code": "340803000000",
                "name": "直属村", "kind": "村"})
        .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert_eq!(body["field"], "parent_code", "{text}");
    assert_eq!(body["code"], "region.village_needs_town");
    assert!(body["message"].as_str().unwrap().contains("乡镇"), "{text}");
    assert!(!region_stored(&app, "340803000201").await);
    // The form says the same.
    let form = app
        .post_form(
            "/regions",
            &s.cookie,
            &format!(
                "_csrf={}&code=340803000201&parent_code=340803000000&name={}&kind={}",
                s.csrf,
                enc("直属村"),
                enc("村")
            ),
        )
        .await;
    assert!(form.body.contains("乡镇"), "{}", form.body);
    assert!(!region_stored(&app, "340803000201").await);
    // And the import names the row and the parent column.
    let csv = "区划代码,上级区划代码,名称,类型,标签\n340803100203,340803100000,光明村,村,\n340803000201,340803000000,直属村,村,\n";
    let res = app
        .send(upload_request(
            "/regions/import",
            &s,
            "v.csv",
            csv.as_bytes(),
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("第 3 行") && res.body.contains("上级区划代码"),
        "{}",
        res.body
    );
    assert!(!region_stored(&app, "340803100203").await, "all or nothing");
    // A town under the district and a village under its town are fine.
    for (code, parent, name, kind) in [
        ("340803300000", "340803000000", "新镇", "镇"),
        ("340803300201", "340803300000", "新村", "村"),
    ] {
        let (status, _, text) = post_json(
            &app,
            &s,
            "/api/v1/regions",
            &json!({"code": code, "parent_code": parent, "name": name, "kind": kind}).to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
    }
}

#[tokio::test]
async fn nul_in_json_is_refused_naming_the_field_and_nothing_is_stored() {
    let app = app().await;
    let s = app.login("admin").await;
    // serde_json writes the NUL as the escape \u0000.
    let body = json!({"code": "340803100203", "parent_code": "340803100000",
                      "name": "光\u{0}明村", "kind": "村"})
    .to_string();
    assert!(body.contains("\\u0000"));
    let (status, json, text) = post_json(&app, &s, "/api/v1/regions", &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert_eq!(json["code"], "common.control_char", "{text}");
    assert_eq!(json["field"], "name", "{text}");
    assert!(json["message"].as_str().unwrap().contains("名称"), "{text}");
    assert!(!region_stored(&app, "340803100203").await);
    // Another C0 character, DEL and a C1 character too; tab and line breaks are ordinary text.
    for control in ['\u{7}', '\u{7f}', '\u{85}'] {
        let body = json!({"code": "340803100203", "parent_code": "340803100000",
                          "name": format!("光明村{control}"), "kind": "村"})
        .to_string();
        let (status, _, text) = post_json(&app, &s, "/api/v1/regions", &body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{control:?}: {text}"
        );
        assert!(!region_stored(&app, "340803100203").await);
    }
    // A query string with %00 is refused too.
    let res = app
        .send(
            Request::get("/api/v1/regions?parent=%00")
                .header(header::COOKIE, &s.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let json: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        (json["code"].as_str(), json["field"].as_str()),
        (Some("common.control_char"), Some("parent"))
    );
    // The clean request goes through.
    let clean = json!({"code": "340803100203", "parent_code": "340803100000",
                       "name": "光明村", "kind": "村"})
    .to_string();
    let (status, _, text) = post_json(&app, &s, "/api/v1/regions", &clean).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
}

#[tokio::test]
async fn nul_in_a_form_shows_an_error_page_and_nothing_is_stored() {
    let app = app().await;
    let s = app.login("admin").await;
    let res = app
        .post_form(
            "/regions",
            &s.cookie,
            &format!(
                "_csrf={}&code=340803100203&parent_code=340803100000&name={}%00&kind={}",
                s.csrf,
                enc("光明村"),
                enc("村")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("<html lang=\"zh-CN\">"), "{}", res.body);
    assert!(
        res.body.contains("名称") && res.body.contains("控制字符"),
        "{}",
        res.body
    );
    assert!(!region_stored(&app, "340803100203").await);
}

#[tokio::test]
async fn a_csv_cell_with_nul_is_refused_naming_row_and_column() {
    let app = app().await;
    let s = app.login("admin").await;
    let csv = "区划代码,上级区划代码,名称,类型,标签\n340803100203,340803100000,光明村,村,\n340803100204,340803100000,红\u{0}星村,村,\n";
    let res = app
        .send(upload_request(
            "/regions/import",
            &s,
            "nul.csv",
            csv.as_bytes(),
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("nul.csv") && res.body.contains("第 3 行") && res.body.contains("名称"),
        "{}",
        res.body
    );
    assert!(res.body.contains("控制字符"), "{}", res.body);
    assert!(!region_stored(&app, "340803100203").await);
    assert!(!region_stored(&app, "340803100204").await);
}

#[tokio::test]
async fn every_response_carries_its_own_request_id() {
    let app = app().await;
    let id = |res: &Resp| {
        res.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let a = app
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    let b = app
        .send(Request::get("/no-such-page").body(Body::empty()).unwrap())
        .await;
    let (a, b) = (id(&a).expect("x-request-id"), id(&b).expect("x-request-id"));
    assert_ne!(a, b);
    assert!(a.parse::<domain::Id>().is_ok(), "{a}");
}

#[tokio::test]
async fn each_app_counts_its_own_requests_in_latency_buckets() {
    let counted = app().await;
    let other = App {
        router: web::router(web::AppState::new(counted.db.clone(), Default::default()).unwrap()),
        db: counted.db.clone(),
    };
    for _ in 0..3 {
        counted.get("/login", "").await;
    }
    let mine = counted.get("/metrics", "").await.body;
    let theirs = other.get("/metrics", "").await.body;
    let login = |text: &str| {
        text.lines()
            .find(|l| {
                l.starts_with("zhenxing_http_requests_total{") && l.contains("route=\"/login\"")
            })
            .map(str::to_string)
    };
    assert!(login(&mine).is_some_and(|l| l.ends_with(" 3")), "{mine}");
    assert_eq!(login(&theirs), None, "{theirs}");
    // Latency in the configured buckets, not as a summary.
    let buckets: Vec<&str> = mine
        .lines()
        .filter(|l| l.starts_with("zhenxing_http_request_duration_seconds_bucket{route=\"/login\""))
        .collect();
    assert_eq!(buckets.len(), 11, "{buckets:?}");
    assert!(
        buckets.iter().any(|l| l.contains("le=\"0.005\"")),
        "{buckets:?}"
    );
    assert!(
        buckets
            .iter()
            .any(|l| l.contains("le=\"+Inf\"") && l.ends_with(" 3")),
        "{buckets:?}"
    );
    assert!(mine.contains("# TYPE zhenxing_http_request_duration_seconds histogram"));
}

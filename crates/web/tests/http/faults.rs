//! Faults: the database's disk fills up (SQLite's `max_page_count` stands in for a small
//! filesystem), then gets space again.

use super::*;

/// Sets `PRAGMA max_page_count` to the page count plus `pages` (or back to SQLite's
/// maximum) on every connection of the pool, all held at once so none is left out.
async fn set_max_page_count(db: &Db, pages: Option<i64>) {
    let Db::Sqlite(pool) = db else {
        unreachable!("SQLite only")
    };
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        let count = sqlx::query_scalar::<_, i64>("PRAGMA page_count")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        let limit = pages.map(|p| count + p).unwrap_or(1_073_741_823);
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {limit}"
        )))
        .execute(&mut **conn)
        .await
        .unwrap();
    }
}

async fn create_village(app: &App, bearer: &str, n: u32) -> Resp {
    let body = format!(
        r#"{{"code":"340803100{n:03}","parent_code":"340803100000","name":"测试村{n}","kind":"村"}}"#
    );
    app.send(
        Request::post("/api/v1/regions")
            .header(header::AUTHORIZATION, bearer)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn readyz(app: &App) -> StatusCode {
    app.send(Request::get("/readyz").body(Body::empty()).unwrap())
        .await
        .status
}

#[tokio::test]
async fn a_full_disk_gives_503_with_retry_after_and_not_ready_until_space_returns() {
    let app = app().await;
    let s = app.login("town").await;
    let page = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=sync", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let bearer = format!("Bearer {}", page.body[start..].split('<').next().unwrap());
    assert_eq!(readyz(&app).await, StatusCode::OK);

    set_max_page_count(&app.db, Some(2)).await;
    let mut n = 300;
    let refused = loop {
        assert!(n < 999, "the database never filled up");
        let res = create_village(&app, &bearer, n).await;
        if res.status != StatusCode::CREATED {
            break res;
        }
        n += 1;
    };
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.body
    );
    assert!(
        refused.headers.get(header::RETRY_AFTER).is_some(),
        "no Retry-After: {:?}",
        refused.headers
    );
    let json: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(json["code"], "common.unavailable");
    assert!(!json["message"].as_str().unwrap().is_empty());
    assert_eq!(readyz(&app).await, StatusCode::SERVICE_UNAVAILABLE);

    // Space again: writes succeed without a restart, and /readyz is ready again.
    set_max_page_count(&app.db, None).await;
    for i in 1..=10 {
        let res = create_village(&app, &bearer, n + i).await;
        assert_eq!(res.status, StatusCode::CREATED, "write {i}: {}", res.body);
    }
    assert_eq!(readyz(&app).await, StatusCode::OK);
}

/// A TCP relay to PostgreSQL that the test pulls out (every connection cut, the port
/// refusing) and puts back on the same port.
struct Relay {
    port: u16,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Relay {
    async fn start(port: u16, upstream: String) -> Relay {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                links.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Relay {
            port,
            task: Some(task),
        }
    }

    async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

#[tokio::test]
async fn postgres_away_gives_503_with_retry_after_and_readyz_answers_within_a_second() {
    let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: skipped");
        return;
    };
    let name = format!("zx_web_{}", domain::Id::new().to_string().replace('-', ""));
    let admin = Db::connect(&admin_url).await.unwrap();
    let Db::Postgres(pool) = &admin else {
        unreachable!("ZHENXING_TEST_POSTGRES names a PostgreSQL server")
    };
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(pool)
        .await
        .unwrap();
    let host = admin_url
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    let mut relay = Relay::start(0, host.clone()).await;
    let port = relay.port;
    let db = Db::connect(&format!("postgres://postgres@127.0.0.1:{port}/{name}"))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let system = Actor::system("test");
    let district = RegionInput {
        code: "340803000000".into(),
        name: "大观区".into(),
        kind: "区".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::region::import(&db, &system, &[(2, district)])
        .await
        .unwrap();
    let app = App {
        router: web::router(
            web::AppState::new(
                db.clone(),
                web::WebConfig {
                    public_url: "http://127.0.0.1:8080".into(),
                    ..Default::default()
                },
            )
            .unwrap(),
        ),
        db: db.clone(),
    };
    assert_eq!(readyz(&app).await, StatusCode::OK);

    relay.stop().await;
    let started = std::time::Instant::now();
    assert_eq!(readyz(&app).await, StatusCode::SERVICE_UNAVAILABLE);
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(1),
        "/readyz took {waited:?}"
    );
    let started = std::time::Instant::now();
    let list = app
        .send(
            Request::get("/api/v1/regions")
                .header(header::AUTHORIZATION, "Bearer zx_some_token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        list.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        list.body
    );
    assert!(list.headers.get(header::RETRY_AFTER).is_some());
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let page = app.get("/login", "").await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the sign-in page needs no database"
    );

    // The server is back: requests are served again without a restart.
    let mut relay = Relay::start(port, host).await;
    let list = app
        .send(
            Request::get("/api/v1/regions")
                .header(header::AUTHORIZATION, "Bearer zx_some_token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(list.status, StatusCode::UNAUTHORIZED, "{}", list.body);
    let ready = app
        .send(Request::get("/readyz").body(Body::empty()).unwrap())
        .await;
    // A request failed for want of the database and no write succeeded since: not ready
    // until one does (or the hold passes); the database itself answers again.
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.body.contains("requests fail"), "{}", ready.body);

    db.close().await;
    relay.stop().await;
    let Db::Postgres(pool) = &admin else {
        unreachable!("ZHENXING_TEST_POSTGRES names a PostgreSQL server")
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(pool)
    .await
    .unwrap();
    admin.close().await;
}

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

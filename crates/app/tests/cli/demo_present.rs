//! Issue 13 point 11: the demo lives in the present. Loaded today, every village organisation
//! has an open book for the China-time year of today, opened by the year end of the year
//! before (its openings are that year's closing balances); the demo cadre enters a voucher
//! dated today through the API and the town's bookkeeping station reviews and posts it; the
//! cadre logs a sale and a labour entry dated today on this season's lingzhi batch, and both
//! write their vouchers into this year's book. On SQLite, and on PostgreSQL when
//! `ZHENXING_TEST_POSTGRES` is set.

use super::dbcopy::{create_database, drop_database};
use super::temp_dir;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use std::net::SocketAddr;
use store::Db;
use tower::ServiceExt;

/// The web application on `db`, and a bearer token for each demo account asked for.
async fn api(db: &Db, usernames: &[&str]) -> (axum::Router, Vec<String>) {
    let mut tokens = Vec::new();
    for username in usernames {
        let user = store::identity::find_for_login(db, username)
            .await
            .unwrap()
            .unwrap();
        let actor = user.actor().unwrap();
        let token = format!("zx_demo_present_{username}_{}", domain::Id::new());
        store::identity::create_token(
            db,
            &actor,
            &user,
            "demo-present",
            &usecase::credentials::sha256_hex(&token),
        )
        .await
        .unwrap();
        tokens.push(token);
    }
    let state = web::AppState::new(
        db.clone(),
        web::WebConfig {
            demo: true,
            ..Default::default()
        },
    )
    .unwrap();
    (web::router(state), tokens)
}

/// POSTs `body` as JSON with a bearer token; the status and the answer.
async fn post(router: &axum::Router, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let mut req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50000))));
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, json)
}

/// Loads the demo into the empty `db` and does a day's work in the present.
async fn a_day_in_the_present(db: &Db) {
    use store::ledger::{books, reports, vouchers};
    assert!(app::demo::load(db).await.unwrap());
    let scope = domain::identity::Scope::system();
    let today = domain::time::today();
    let present = app::demo_ledger::present_year();
    assert_eq!(
        present,
        chrono::Datelike::year(&today).max(app::demo_ledger::LAST_YEAR)
    );

    // Every organisation: this year's book open, last year's closed, the openings carried.
    let orgs = books::list_orgs(db, &scope).await.unwrap();
    assert_eq!(orgs.len(), 17);
    for org in &orgs {
        let list = books::list_books(db, &scope, &org.id).await.unwrap();
        let this = list.iter().find(|b| b.year == present).unwrap();
        assert!(!this.closed && this.opening_checked, "{}", org.name);
        let Some(before) = list.iter().find(|b| b.year == present - 1) else {
            continue;
        };
        assert!(before.closed, "{} {}", org.name, before.year);
        let closing = reports::trial_balance(
            db,
            &scope,
            &before.id,
            domain::ledger::Period::new(before.year, 1).unwrap(),
            domain::ledger::Period::new(before.year, 12).unwrap(),
        )
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.code == "102")
        .unwrap()
        .balance
        .closing();
        let opening = books::accounts(db, &this.id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.code == "102")
            .unwrap()
            .opening;
        assert_eq!(opening, closing, "{}: 102 carried over", org.name);
        assert_ne!(opening, 0, "{}", org.name);
    }
    // Nothing generated is dated today or later: today's work is the user's.
    let baoying = orgs
        .iter()
        .find(|o| o.region_code == app::demo_ledger::BAOYING)
        .unwrap();
    let book = books::list_books(db, &scope, &baoying.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.year == present)
        .unwrap();
    let (before_today, _) = vouchers::list(
        db,
        &scope,
        &book.id,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap();
    // The one exception is the district's approval of 保婴村's 2021 pay linkage, made when the
    // demo loads: its draft voucher is dated the approval day (2021 is closed), for the
    // bookkeeper to review today.
    let baoying_code = domain::region::RegionCode::parse(app::demo_ledger::BAOYING).unwrap();
    let pay_vouchers: Vec<String> =
        store::assessment::pay::for_year(db, &scope, &baoying_code, 2021)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|c| c.voucher_id)
            .collect();
    assert_eq!(
        pay_vouchers.len(),
        1,
        "保婴村's approved pay linkage has its voucher"
    );
    assert!(
        before_today
            .iter()
            .filter(|v| !pay_vouchers.contains(&v.id))
            .all(|v| v.date < today.to_string()),
        "generated vouchers stop before today"
    );

    let (router, tokens) = api(db, &["baoying", "haikou"]).await;
    let (cadre, station) = (&tokens[0], &tokens[1]);

    // The cadre enters today's voucher; the town's station reviews and posts it.
    let (status, v) = post(
        &router,
        cadre,
        &format!("/api/v1/orgs/{}/vouchers", baoying.id),
        json!({
            "date": today.to_string(),
            "summary": "购买村部办公用品",
            "attachments": 1,
            "lines": [
                {"account_code": "513", "debit": 36_000, "credit": 0},
                {"account_code": "102", "debit": 0, "credit": 36_000}
            ]
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["year"].as_i64(), v["state"].as_str()),
        (Some(present.into()), Some("draft"))
    );
    assert_eq!(v["book_id"], book.id.as_str());
    let id = v["id"].as_str().unwrap().to_string();
    for step in ["review", "post"] {
        let (status, v) = post(
            &router,
            station,
            &format!("/api/v1/orgs/{}/vouchers/{id}/{step}", baoying.id),
            json!({}),
        )
        .await;
        assert!(status.is_success(), "{step}: {status} {v}");
    }
    let (posted, _) = vouchers::get(db, &scope, &id).await.unwrap().unwrap();
    assert_eq!(
        (posted.state.as_str(), posted.date.as_str()),
        ("posted", today.to_string().as_str())
    );
    let month = domain::ledger::Period::of_date(today);
    let office = reports::trial_balance(db, &scope, &book.id, month, month)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.code == "513")
        .unwrap();
    assert!(office.balance.debit >= 36_000, "{:?}", office.balance);

    // This season's lingzhi: a batch in every greenhouse, started this year.
    let lingzhi = store::industry::projects::list(db, &scope, None, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.title == app::demo_industry::LINGZHI_TITLE)
        .unwrap();
    let batches = store::industry::production::batches(db, &scope, &lingzhi.id)
        .await
        .unwrap();
    let season: Vec<_> = batches
        .iter()
        .filter(|b| b.started_on.starts_with(&present.to_string()))
        .collect();
    assert_eq!(season.len(), app::demo_industry::GREENHOUSES);
    assert!(season.iter().all(|b| b.started_on <= today.to_string()));
    // A worker of the first season comes back.
    let worker = store::industry::production::logs(db, &scope, &lingzhi.id)
        .await
        .unwrap()
        .into_iter()
        .find_map(|l| l.person_id)
        .unwrap();
    let batch = &season[0].id;
    let sale = json!({
        "kind": "sale",
        "date": today.to_string(),
        "item": app::demo_industry::FRUITING_BODY,
        "quantity": "12.5",
        "unit": "公斤",
        "unit_price": 12_000,
        "buyer": "安庆某中药材公司（示例）"
    });
    let labour = json!({
        "kind": "labour",
        "date": today.to_string(),
        "person_id": worker,
        "days": "1",
        "wage": 10_000
    });
    for (body, total) in [(sale, 150_000), (labour, 10_000)] {
        let (status, log) = post(
            &router,
            cadre,
            &format!("/api/v1/batches/{batch}/logs"),
            body,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{log}");
        assert_eq!(log["date"], today.to_string().as_str());
        let voucher = log["voucher_id"].as_str().unwrap();
        let (v, lines) = vouchers::get(db, &scope, voucher).await.unwrap().unwrap();
        assert_eq!(
            (v.book_id.as_str(), v.state.as_str(), v.date.as_str()),
            (book.id.as_str(), "draft", today.to_string().as_str()),
            "{}",
            v.summary
        );
        let debits: i64 = lines.iter().map(|l| l.debit).sum();
        assert_eq!(debits, total, "{}", v.summary);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_cadre_works_today_in_this_years_books() {
    let dir = temp_dir();
    let db = Db::connect(&format!("sqlite://{}", dir.join("d.db").display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    a_day_in_the_present(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_cadre_works_today_in_this_years_books_on_postgres() {
    let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the demo on PostgreSQL is checked on CI");
        return;
    };
    let admin = Db::connect(&admin_url).await.unwrap();
    let (url, name) = create_database(&admin, &admin_url).await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    a_day_in_the_present(&db).await;
    db.close().await;
    drop_database(&admin, &name).await;
}

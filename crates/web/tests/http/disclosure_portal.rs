//! The public portal (issue 15, points 4 and 7): pages without sign-in for the district, a
//! town and a village, showing published items only; cache validators and 304s; no cookie and
//! no script on public pages; a village page under 50 KB; the print sheet's QR code and hash
//! prefix; the open-data ZIP holding the snapshots exactly; the public API and its rate limit.

use super::*;
use domain::audit::Action;
use store::disclosure::versions::{self, VersionRecord};

const DISTRICT: &str = "340803000000";
const TOWN: &str = "340803100000";
const OTHER_TOWN: &str = "340803200000";
const BAOYING: &str = "340803100201";

/// Inserts an item row of `region` (never published).
async fn insert_item(
    db: &Db,
    region: &str,
    kind: &str,
    from: &str,
    to: &str,
    title: &str,
) -> String {
    let id = domain::Id::new().to_string();
    let now = domain::time::now_text();
    let category = if kind.starts_with("party") {
        "party"
    } else if kind.starts_with("finance") {
        "finance"
    } else {
        "affairs"
    };
    let sql = "INSERT INTO disclosure_items (id, region_code, category, kind, period_from,
               period_to, title, state, current_version, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'approved', 0, $8, $8)";
    macro_rules! run {
        ($pool:expr) => {
            sqlx::query(sql)
                .bind(&id)
                .bind(region)
                .bind(category)
                .bind(kind)
                .bind(from)
                .bind(to)
                .bind(title)
                .bind(&now)
                .execute($pool)
                .await
                .unwrap()
        };
    }
    match db {
        Db::Sqlite(pool) => {
            run!(pool);
        }
        Db::Postgres(pool) => {
            run!(pool);
        }
    }
    id
}

/// Publishes the next version of `item` as the cadre of 保婴村, with its audit entry (as the
/// items work does), so the data version moves.
async fn publish(
    db: &Db,
    item: &str,
    reason: &str,
    snapshot: &serde_json::Value,
    page: &str,
) -> VersionRecord {
    let cadre = store::identity::find_for_login(db, "cadre")
        .await
        .unwrap()
        .unwrap();
    let actor = cadre.actor().unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let record = versions::publish_in_tx(&mut tx, &actor, item, reason, snapshot, page)
        .await
        .unwrap();
    store::audit::record(
        &mut tx,
        &actor,
        store::audit::Entry {
            entity: domain::audit::entity::DISCLOSURE_VERSION,
            entity_id: &record.id,
            region_code: Some(BAOYING),
            action: Action::Create,
            before: None,
            after: Some(serde_json::json!({ "version": record.version })),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    record
}

async fn archive_item(db: &Db, id: &str) {
    let sql = "UPDATE disclosure_items SET archived = TRUE WHERE id = $1";
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(sql).bind(id).execute(pool).await.unwrap();
        }
        Db::Postgres(pool) => {
            sqlx::query(sql).bind(id).execute(pool).await.unwrap();
        }
    }
}

fn quarter_snapshot(year: i32, q: u32) -> serde_json::Value {
    serde_json::json!({
        "village": "保婴村",
        "period": format!("{year}Q{q}"),
        "rows": [
            { "account": "101 库存现金", "debit": "1200.00", "credit": "800.00" },
            { "account": "102 银行存款", "debit": "56000.00", "credit": "31000.50" },
            { "account": "501 经营收入", "debit": "0.00", "credit": "18000.00" },
        ],
        "totals": { "income": "18000.00", "expense": "9000.00" }
    })
}

fn quarter_page(year: i32, q: u32) -> String {
    format!(
        "<h2>{year}年第{q}季度收支明细</h2><table><tr><th>科目</th><th>借方</th><th>贷方</th></tr>\
         <tr><td>101 库存现金</td><td class=\"num\">1,200.00</td><td class=\"num\">800.00</td></tr>\
         <tr><td>102 银行存款</td><td class=\"num\">56,000.00</td><td class=\"num\">31,000.50</td></tr>\
         <tr><td>501 经营收入</td><td class=\"num\">0.00</td><td class=\"num\">18,000.00</td></tr></table>"
    )
}

/// A quarter's finances of 保婴村, published once.
async fn published_quarter(db: &Db, year: i32, q: u32) -> (String, VersionRecord) {
    let from = format!("{year}-{:02}-01", (q - 1) * 3 + 1);
    let to = match q {
        1 => format!("{year}-03-31"),
        2 => format!("{year}-06-30"),
        3 => format!("{year}-09-30"),
        _ => format!("{year}-12-31"),
    };
    let title = format!("{year}年第{q}季度财务收支公开");
    let id = insert_item(db, BAOYING, "finance_period", &from, &to, &title).await;
    let v = publish(
        db,
        &id,
        "",
        &quarter_snapshot(year, q),
        &quarter_page(year, q),
    )
    .await;
    (id, v)
}

fn no_cookie_no_script(res: &Resp, what: &str) {
    assert!(
        res.headers.get(header::SET_COOKIE).is_none(),
        "{what} sets a cookie: {:?}",
        res.headers.get(header::SET_COOKIE)
    );
    assert!(!res.body.contains("<script"), "{what} has a script");
}

async fn pages_show_published_items_only(app: &App) {
    let (item, v1) = published_quarter(&app.db, 2024, 1).await;
    let draft = insert_item(
        &app.db,
        BAOYING,
        "meeting_decisions",
        "2024-01-01",
        "2024-03-31",
        "草稿中的会议决定",
    )
    .await;
    let (gone, _) = published_quarter(&app.db, 2023, 4).await;
    archive_item(&app.db, &gone).await;

    let top = app.get("/public", "").await;
    assert_eq!(top.status, StatusCode::OK, "{}", top.body);
    assert!(top.body.contains("<html lang=\"zh-CN\">"));
    assert!(
        top.body.contains("大观区") && top.body.contains("海口镇") && top.body.contains("十里铺乡")
    );
    no_cookie_no_script(&top, "/public");

    let district = app.get(&format!("/public/r/{DISTRICT}"), "").await;
    assert_eq!(district.status, StatusCode::OK);
    assert!(district.body.contains("海口镇") && district.body.contains("十里铺乡"));
    assert!(district.body.contains(&format!("/public/r/{TOWN}")));
    no_cookie_no_script(&district, "district page");

    let town = app.get(&format!("/public/r/{TOWN}"), "").await;
    assert_eq!(town.status, StatusCode::OK);
    assert!(town.body.contains("保婴村"));
    assert!(town.body.contains("已公开 1 项"), "{}", town.body);
    assert!(!town.body.contains("长风村"), "another town's village");
    let other_town = app.get(&format!("/public/r/{OTHER_TOWN}"), "").await;
    assert!(other_town.body.contains("长风村") && other_town.body.contains("已公开 0 项"));

    let village = app.get(&format!("/public/r/{BAOYING}"), "").await;
    assert_eq!(village.status, StatusCode::OK);
    no_cookie_no_script(&village, "village page");
    assert!(village.body.contains("财务公开"));
    assert!(village.body.contains("2024年第1季度财务收支公开"));
    assert!(village.body.contains(&format!("/public/d/{item}")));
    assert!(
        village
            .body
            .contains(&format!("/public/r/{BAOYING}/feedback"))
    );
    assert!(
        village
            .body
            .contains(&format!("/public/r/{BAOYING}/open-data/2024"))
    );
    assert!(
        !village.body.contains("草稿中的会议决定"),
        "a draft is not public"
    );
    assert!(
        !village.body.contains("2023年第4季度"),
        "an archived item is not public"
    );

    // The version page: the frozen page as stored, its hash, log index, history, publisher.
    let page = app.get(&format!("/public/d/{item}"), "").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    no_cookie_no_script(&page, "item page");
    assert!(
        page.body.contains(&quarter_page(2024, 1)),
        "the frozen page as stored"
    );
    assert!(page.body.contains(&v1.snapshot_sha256));
    assert!(page.body.contains(&format!("<dd>{}</dd>", v1.log_index)));
    assert!(
        page.body.contains("cadre 名"),
        "the publisher by display name"
    );
    assert!(page.body.contains(&format!("/public/d/{item}/v/1/print")));
    assert!(
        page.body
            .contains(&format!("/public/d/{item}/v/1/bundle.json"))
    );
    let same = app.get(&format!("/public/d/{item}/v/1"), "").await;
    assert!(same.body.contains(&v1.snapshot_sha256));

    // Nothing of a draft or an archived item, nor an unknown region or version: the 404 page in
    // the public frame.
    for path in [
        format!("/public/d/{draft}"),
        format!("/public/d/{draft}/v/1"),
        format!("/public/d/{draft}/v/1/print"),
        format!("/public/d/{draft}/v/1/qr.svg"),
        format!("/public/d/{gone}"),
        format!("/public/d/{item}/v/2"),
        format!("/public/d/{item}/v/0"),
        "/public/r/340803999999".to_string(),
        "/public/r/nonsense".to_string(),
        format!("/api/public/v1/disclosures/{draft}/versions/1"),
        "/api/public/v1/regions/340803999999".to_string(),
    ] {
        let res = app.get(&path, "").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        if path.starts_with("/public/") && !path.ends_with(".svg") {
            assert!(res.body.contains("pub-main"), "{path}: public frame");
            assert!(!res.body.contains("<script"), "{path}");
        }
    }
    let api = app
        .get(&format!("/api/public/v1/regions/{BAOYING}/disclosures"), "")
        .await;
    assert_eq!(api.status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{}", api.body);
    assert_eq!(list[0]["item_id"], item.as_str());

    // In English by the link's language.
    let en = app
        .get(&format!("/public/r/{BAOYING}?lang=en-US"), "")
        .await;
    assert!(en.body.contains("<html lang=\"en-US\">"));
    assert!(en.body.contains("Finances"));
    assert!(en.body.contains(&format!("/public/d/{item}?lang=en-US")));
}

#[tokio::test]
async fn public_pages_show_published_items_only_on_both_backends() {
    let app = app().await;
    pages_show_published_items_only(&app).await;
    if let Some((db, pg)) = PgTestDb::create().await {
        let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
        pages_show_published_items_only(&app).await;
        drop(app);
        pg.drop_db(db).await;
    }
}

#[tokio::test]
async fn public_answers_carry_validators_and_revalidate_with_304() {
    let app = app().await;
    let (item, _) = published_quarter(&app.db, 2024, 1).await;
    let path = format!("/public/r/{BAOYING}");
    let first = app.get(&path, "").await;
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let modified = first.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(first.headers[header::CACHE_CONTROL], "public, max-age=60");
    let again = app
        .send(
            Request::get(path.as_str())
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.headers[header::ETAG], etag.as_str());
    assert!(again.headers.get(header::SET_COOKIE).is_none());
    let since = app
        .send(
            Request::get(path.as_str())
                .header(header::IF_MODIFIED_SINCE, &modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);

    // A new publication changes the page at once: the old ETag no longer matches.
    published_quarter(&app.db, 2024, 2).await;
    let changed = app
        .send(
            Request::get(path.as_str())
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body.contains("2024年第2季度财务收支公开"));
    assert_ne!(changed.headers[header::ETAG], etag.as_str());

    // What a version froze is immutable; the stylesheet too (its address carries its hash).
    for p in [
        format!("/public/d/{item}/v/1/print"),
        format!("/public/d/{item}/v/1/qr.svg"),
        "/public/style.css".to_string(),
    ] {
        let res = app.get(&p, "").await;
        assert_eq!(res.status, StatusCode::OK, "{p}");
        assert_eq!(
            res.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable",
            "{p}"
        );
        assert!(res.headers.contains_key(header::ETAG), "{p}");
        assert!(res.headers.contains_key(header::LAST_MODIFIED), "{p}");
        assert!(res.headers.get(header::SET_COOKIE).is_none(), "{p}");
    }
    // The version page shows the log's latest checkpoint and the history: revalidated.
    let v = app.get(&format!("/public/d/{item}/v/1"), "").await;
    assert_eq!(v.headers[header::CACHE_CONTROL], "public, max-age=60");
    assert!(v.headers.contains_key(header::ETAG));
}

#[tokio::test]
async fn a_village_page_with_five_years_of_disclosures_is_under_50_kb_with_its_css() {
    let app = app().await;
    for year in 2021..=2025 {
        for q in 1..=4 {
            published_quarter(&app.db, year, q).await;
        }
        let id = insert_item(
            &app.db,
            BAOYING,
            "party_period",
            &format!("{year}-01-01"),
            &format!("{year}-12-31"),
            &format!("{year}年党务公开"),
        )
        .await;
        publish(
            &app.db,
            &id,
            "",
            &serde_json::json!({"meetings": 12}),
            "<p>党员大会 12 次</p>",
        )
        .await;
        let id = insert_item(
            &app.db,
            BAOYING,
            "meeting_decisions",
            &format!("{year}-01-01"),
            &format!("{year}-12-31"),
            &format!("{year}年村务会议决定及实施情况"),
        )
        .await;
        publish(
            &app.db,
            &id,
            "",
            &serde_json::json!({"decisions": 4}),
            "<p>四议两公开 4 项</p>",
        )
        .await;
    }
    // Two projects, with a responsible person the public page does not name.
    let system = Actor::system("test");
    let body = "N2340803MF0000099";
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let baoying = RegionCode::parse(BAOYING).unwrap();
    let org = store::ledger::books::create_org(
        &app.db,
        &system,
        &baoying,
        "保婴村股份经济合作社",
        &credit,
    )
    .await
    .unwrap();
    let book = store::ledger::books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    store::ledger::books::check_openings(&app.db, &system, &book.id)
        .await
        .unwrap();
    for title in ["灵芝大棚种植基地", "香菇种植"] {
        let p = domain::industry::ProjectInput {
            region_code: BAOYING.into(),
            org_id: org.id.clone(),
            sector: "种植业".into(),
            title: title.into(),
            description: "5 个大棚".into(),
            responsible_name: "张书记".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::industry::projects::create(&app.db, &system, &p)
            .await
            .unwrap();
    }
    let page = app.get(&format!("/public/r/{BAOYING}"), "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("灵芝大棚种植基地") && page.body.contains("香菇种植"));
    assert!(page.body.contains("申报 · 进度 0%"), "state and progress");
    assert!(
        !page.body.contains("张书记"),
        "no responsible person on the public page"
    );
    assert!(page.body.contains("2021年第1季度财务收支公开"));
    assert!(page.body.contains("2025年党务公开"));
    let css_href = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let css = app.get(&css_href, "").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let total = page.bytes.len() + css.bytes.len();
    assert!(
        total < 50 * 1024,
        "village page {} + css {} bytes",
        page.bytes.len(),
        css.bytes.len()
    );
    assert!(!page.body.contains("<script"));
    // Readable at 360 px: the viewport is the device's, and nothing is laid out wider.
    assert!(page.body.contains("width=device-width"));
}

#[tokio::test]
async fn the_print_sheet_holds_the_hash_prefix_and_the_qr_code_of_the_version_address() {
    let app = app_at("https://gongkai.example.cn/").await;
    let (item, v) = published_quarter(&app.db, 2024, 3).await;
    let sheet = app.get(&format!("/public/d/{item}/v/1/print"), "").await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.body);
    no_cookie_no_script(&sheet, "print sheet");
    let prefix = &v.snapshot_sha256[..16];
    assert!(
        sheet.body.contains(prefix),
        "the hash prefix beside the QR code"
    );
    assert!(
        !sheet.body.contains(&v.snapshot_sha256),
        "only the prefix is printed"
    );
    let url = web::disclosure::portal::version_url("https://gongkai.example.cn/", &item, 1);
    assert_eq!(
        url,
        format!("https://gongkai.example.cn/public/d/{item}/v/1")
    );
    let svg = web::disclosure::portal::qr_svg(&url, 240).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(
        sheet.body.contains(&svg),
        "the QR code of the version's address"
    );
    assert!(sheet.body.contains(&url));
    assert!(sheet.body.contains("海口镇 保婴村"));
    assert!(sheet.body.contains("2024-07-01 – 2024-09-30"));
    assert!(sheet.body.contains(&quarter_page(2024, 3)));
    let css = app.get("/public/style.css", "").await;
    assert!(css.body.contains("@page{size:A4"));

    let qr = app.get(&format!("/public/d/{item}/v/1/qr.svg"), "").await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(qr.body.ends_with(&svg));
    // Another address, another code.
    assert_ne!(
        web::disclosure::portal::qr_svg(&format!("{url}0"), 240).unwrap(),
        svg
    );
}

#[tokio::test]
async fn the_open_data_zip_holds_every_version_exactly_and_a_correction_keeps_both() {
    use std::io::Read;
    let app = app().await;
    let (item, v1) = published_quarter(&app.db, 2024, 1).await;
    let mut corrected = quarter_snapshot(2024, 1);
    corrected["rows"][0]["credit"] = serde_json::json!("850.00");
    let v2 = publish(
        &app.db,
        &item,
        "库存现金贷方录入有误",
        &corrected,
        &quarter_page(2024, 1),
    )
    .await;
    published_quarter(&app.db, 2025, 1).await;

    let res = app
        .get(&format!("/public/r/{BAOYING}/open-data/2024"), "")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.headers[header::CONTENT_TYPE], "application/zip");
    assert!(res.headers.contains_key(header::ETAG));
    assert!(res.headers.get(header::SET_COOKIE).is_none());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(res.bytes.clone())).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    let read = |zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    };
    let base = "finance_period-2024-01-01_2024-03-31";
    assert_eq!(
        read(&mut zip, &format!("{base}-v1.json")),
        v1.snapshot.as_bytes()
    );
    assert_eq!(
        read(&mut zip, &format!("{base}-v2.json")),
        v2.snapshot.as_bytes()
    );
    assert_eq!(
        domain::disclosure::snapshot::hex(&domain::disclosure::snapshot::sha256(
            v2.snapshot.as_bytes()
        )),
        v2.snapshot_sha256
    );
    let rows = String::from_utf8(read(&mut zip, &format!("{base}-v2-rows.csv"))).unwrap();
    assert!(
        rows.contains("101 库存现金") && rows.contains("850.00"),
        "{rows}"
    );
    let index = String::from_utf8(read(&mut zip, "items.csv")).unwrap();
    assert!(index.contains(&v1.snapshot_sha256) && index.contains(&v2.snapshot_sha256));
    assert!(index.contains("库存现金贷方录入有误"));
    assert!(!names.iter().any(|n| n.contains("2025")), "{names:?}");
    // The same data, the same bytes (and ETag).
    let again = app
        .get(&format!("/public/r/{BAOYING}/open-data/2024"), "")
        .await;
    assert_eq!(again.bytes, res.bytes);
    for bad in [
        "/public/r/340803100000/open-data/2024",
        "/public/r/340803100201/open-data/20x4",
    ] {
        assert_eq!(
            app.get(bad, "").await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }

    // The correction is public: v1 says a newer version exists, the history lists both.
    let old = app.get(&format!("/public/d/{item}/v/1"), "").await;
    assert!(old.body.contains("这是旧版本"));
    assert!(old.body.contains("库存现金贷方录入有误"));
    assert!(old.body.contains(&format!("/public/d/{item}/v/2")));
    let current = app.get(&format!("/public/d/{item}"), "").await;
    assert!(current.body.contains(&v2.snapshot_sha256));
    assert!(!current.body.contains("这是旧版本"));
}

#[tokio::test]
async fn the_public_api_answers_without_sign_in_and_limits_each_address() {
    let config = web::WebConfig {
        public_limits: web::state::PublicLimits {
            api_per_minute: 3,
            ..Default::default()
        },
        ..Default::default()
    };
    let dir = std::env::temp_dir().join(format!("zx-web-{}", domain::Id::new()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .unwrap();
    let app = app_configured(db, config).await;
    let (item, v) = published_quarter(&app.db, 2024, 1).await;

    let regions = app.get(&format!("/api/public/v1/regions/{TOWN}"), "").await;
    assert_eq!(regions.status, StatusCode::OK, "{}", regions.body);
    assert!(regions.headers.get(header::SET_COOKIE).is_none());
    assert!(regions.headers.contains_key(header::ETAG));
    let r: serde_json::Value = serde_json::from_str(&regions.body).unwrap();
    assert_eq!(r["name"], "海口镇");
    assert_eq!(r["children"][0]["code"], BAOYING);
    assert_eq!(r["children"][0]["published"], 1);

    let version = app
        .get(&format!("/api/public/v1/disclosures/{item}/versions/1"), "")
        .await;
    assert_eq!(version.status, StatusCode::OK, "{}", version.body);
    assert_eq!(
        version.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let body: serde_json::Value = serde_json::from_str(&version.body).unwrap();
    assert_eq!(body["snapshot_text"], v.snapshot.as_str());
    assert_eq!(body["sha256"], v.snapshot_sha256.as_str());
    assert_eq!(body["log_index"], v.log_index);
    assert_eq!(body["snapshot"]["rows"][1]["account"], "102 银行存款");

    let top = app.get("/api/public/v1/regions", "").await;
    assert_eq!(top.status, StatusCode::OK);
    // The limit: 3 a minute for this address; the fourth is refused, another address is not.
    let refused = app.get("/api/public/v1/regions", "").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers[header::RETRY_AFTER], "60");
    let e: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(e["code"], "portal.rate_limited");
    assert_eq!(e["message"], "请求过于频繁，请稍后再试。");
    let mut other = Request::get("/api/public/v1/regions")
        .body(Body::empty())
        .unwrap();
    other
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 7], 50000))));
    assert_eq!(app.send(other).await.status, StatusCode::OK);

    // In the OpenAPI document under its own tag, with no security requirement.
    let doc = app.get("/api/openapi.json", "").await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    for path in [
        "/api/public/v1/regions",
        "/api/public/v1/regions/{code}",
        "/api/public/v1/regions/{code}/disclosures",
        "/api/public/v1/disclosures/{id}/versions/{version}",
    ] {
        let op = &doc["paths"][path]["get"];
        assert_eq!(op["tags"][0], "public", "{path}");
        assert_eq!(op["security"], serde_json::json!([]), "{path}");
    }
}

//! The disclosure log's public endpoints (owned by the issue 15 log work): checkpoints that
//! verify with the served key, bundles that verify offline, inclusion and consistency proofs,
//! cache headers, and translated 400s for bad parameters.

use super::*;
use domain::disclosure::log::{self as tlog, Bundle};
use domain::disclosure::snapshot::parse_hex32;

/// Publishes a version of a new item of 保婴村 through the store (the items' pages are
/// another work's): the record as stored.
async fn publish(app: &App, n: usize) -> store::disclosure::versions::VersionRecord {
    let id = domain::Id::new().to_string();
    let now = domain::time::now_text();
    let Db::Sqlite(pool) = &app.db else {
        unreachable!("the HTTP tests run on SQLite")
    };
    sqlx::query(
        "INSERT INTO disclosure_items (id, region_code, category, kind, period_from, period_to,
         title, state, current_version, created_at, updated_at)
         VALUES ($1, '340803100201', 'finance', 'finance_period', '2024-07-01', '2024-09-30',
         $2, 'approved', 0, $3, $3)",
    )
    .bind(&id)
    .bind(format!("2024年第三季度财务公开 {n}"))
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    let actor = Actor::system("test");
    let mut tx = app.db.begin_write().await.unwrap();
    let r = store::disclosure::versions::publish_in_tx(
        &mut tx,
        &actor,
        &id,
        "",
        &serde_json::json!({"title": "财务公开", "n": n, "income": "12000.00"}),
        "<p>财务公开</p>",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    r
}

async fn key(app: &App) -> tlog::VerifyingKey {
    let res = app.get("/public/log/key", "").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    tlog::parse_key(&res.body).unwrap()
}

async fn checkpoint(app: &App) -> (tlog::Checkpoint, Resp) {
    let res = app.get("/public/log/checkpoint", "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cp = tlog::open_checkpoint(&res.body, &key(app).await).unwrap();
    (cp, res)
}

fn hashes(v: &serde_json::Value) -> Vec<[u8; 32]> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| parse_hex32(h.as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn checkpoints_bundles_and_proofs_verify_with_the_served_key() {
    let app = app_at("https://gongkai.example.cn").await;
    let mut records = Vec::new();
    for n in 0..5 {
        records.push(publish(&app, n).await);
    }
    let key = key(&app).await;

    // The checkpoint: a C2SP note of this server's origin, the log's size, signed by the
    // served key; asked again, the same note (signed once per size), 304 to a revalidation.
    let (cp5, res) = checkpoint(&app).await;
    assert_eq!(cp5.origin, "zhenxing/gongkai.example.cn/disclosure");
    assert_eq!(cp5.size, 5);
    let etag = res.headers[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(res.headers[header::CACHE_CONTROL], "public, no-cache");
    let again = app.get("/public/log/checkpoint", "").await;
    assert_eq!(again.body, res.body);
    let not_modified = app
        .send(
            Request::get("/public/log/checkpoint")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.body.is_empty());

    // A version's bundle: an attachment that verifies offline against the served key, and
    // whose snapshot is the stored one, byte for byte.
    let r = &records[2];
    let res = app
        .get(
            &web::base::url::public_version_bundle(&r.item_id, r.version),
            "",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let bundle: Bundle = serde_json::from_slice(&res.bytes).unwrap();
    assert_eq!(bundle.snapshot, r.snapshot);
    assert_eq!(bundle.leaf_index, r.log_index as u64);
    assert_eq!(bundle.tree_size, 5);
    assert_eq!(bundle.public_key, tlog::key_text(&key));
    let verified = bundle.verify(Some(&key)).unwrap();
    assert_eq!(verified.entry_hex, r.snapshot_sha256);
    let mut changed = bundle.clone();
    changed.snapshot = changed.snapshot.replace("12000.00", "12001.00");
    assert_eq!(
        changed.verify(Some(&key)),
        Err(tlog::BundleError::NotIncluded)
    );
    // No such version: 404.
    let res = app
        .get(&web::base::url::public_version_bundle(&r.item_id, 9), "")
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // The log grows: a new checkpoint, consistent with the old one.
    for n in 5..8 {
        records.push(publish(&app, n).await);
    }
    let (cp8, res8) = checkpoint(&app).await;
    assert_eq!(cp8.size, 8);
    assert_ne!(res8.headers[header::ETAG].to_str().unwrap(), etag);
    let res = app
        .get(&web::base::url::public_log_consistency(5, 8), "")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(
        body["from_root"],
        domain::disclosure::snapshot::hex(&cp5.root)
    );
    assert_eq!(
        body["to_root"],
        domain::disclosure::snapshot::hex(&cp8.root)
    );
    let proof = hashes(&body["consistency_proof"]);
    tlog::verify_consistency(5, &cp5.root, 8, &cp8.root, &proof).unwrap();
    let mut bad = proof.clone();
    bad[0][0] ^= 1;
    assert!(tlog::verify_consistency(5, &cp5.root, 8, &cp8.root, &bad).is_err());

    // An inclusion proof in the older tree still verifies against the older checkpoint.
    let res = app
        .get(
            &format!("{}?size=5", web::base::url::public_log_inclusion(2)),
            "",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let entry = domain::disclosure::snapshot::sha256(records[2].snapshot.as_bytes());
    let proof = hashes(&body["inclusion_proof"]);
    let index = records[2].log_index as u64;
    let res = app
        .get(
            &format!("{}?size=5", web::base::url::public_log_inclusion(index)),
            "",
        )
        .await;
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let proof_of_index = hashes(&body["inclusion_proof"]);
    tlog::verify_inclusion(&entry, index, 5, &cp5.root, &proof_of_index).unwrap();
    if index != 2 {
        assert!(tlog::verify_inclusion(&entry, index, 5, &cp5.root, &proof).is_err());
    }
    // Without a size: the latest checkpoint's, and a bundle now proves in the tree of 8.
    let res = app
        .get(&web::base::url::public_log_inclusion(index), "")
        .await;
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(body["tree_size"], 8);
    tlog::verify_inclusion(
        &entry,
        index,
        8,
        &cp8.root,
        &hashes(&body["inclusion_proof"]),
    )
    .unwrap();
    let res = app
        .get(
            &web::base::url::public_version_bundle(&records[2].item_id, 1),
            "",
        )
        .await;
    let bundle: Bundle = serde_json::from_slice(&res.bytes).unwrap();
    assert_eq!(bundle.tree_size, 8);
    bundle.verify(Some(&key)).unwrap();
}

#[tokio::test]
async fn bad_parameters_are_translated_400s_never_a_proof_beyond_the_log() {
    let app = app().await;
    for n in 0..3 {
        publish(&app, n).await;
    }
    for (path, needle_zh) in [
        ("/public/log/consistency?from=3&to=2", "1 ≤ from ≤ to"),
        ("/public/log/consistency?from=0&to=2", "1 ≤ from ≤ to"),
        ("/public/log/consistency?from=1&to=4", "只有 3 片叶子"),
        (
            "/public/log/consistency?from=1&to=99999999999999999999",
            "99999999999999999999",
        ),
        ("/public/log/consistency?to=2", "缺少查询参数“from”"),
        ("/public/log/consistency?from=abc&to=2", "abc"),
        ("/public/log/inclusion/abc", "abc"),
        ("/public/log/inclusion/3", "没有第 3 片叶子"),
        ("/public/log/inclusion/0?size=4", "只有 3 片叶子"),
        ("/public/log/inclusion/0?size=-1", "-1"),
    ] {
        let res = app.get(path, "").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}: {}", res.body);
        let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(needle_zh), "{path}: {message}");
    }
    // In English for an English reader.
    let res = app
        .send(
            Request::get("/public/log/consistency?from=3&to=2")
                .header(header::COOKIE, "zx_lang=en-US")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(
        res.body.contains("A consistency proof needs"),
        "{}",
        res.body
    );
    // A bad version number in a bundle's path is simply not found.
    let res = app.get("/public/d/x/v/abc/bundle.json", "").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_log_page_shows_the_key_and_checkpoint_without_sign_in() {
    let app = app().await;
    publish(&app, 0).await;
    let res = app.get("/public/log", "").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("公开日志"), "{}", res.body);
    assert!(res.body.contains("如何核对"));
    let key = app.get("/public/log/key", "").await.body;
    // The key is shown in pieces a phone may wrap between; the pieces make the key.
    let shown: String = res.body.replace("<wbr>", "");
    assert!(shown.contains(key.trim()), "{shown}");
    assert!(shown.contains("zhenxing/127.0.0.1:8080/disclosure"));
    assert!(shown.contains("zhenxing disclosure verify bundle.json --key"));
    assert!(res.headers.contains_key(header::ETAG));
    // No script on the page.
    assert!(!res.body.contains("<script"));
    // In English for an English reader, and cached per language.
    let en = app.get("/public/log", "zx_lang=en-US").await;
    assert!(en.body.contains("<h1>Disclosure log</h1>"), "{}", en.body);
    assert!(en.body.contains("How to check a notice-board sheet"));
    assert_eq!(en.headers[header::VARY], "cookie");
    assert_ne!(en.headers[header::ETAG], res.headers[header::ETAG]);
}

#[tokio::test]
async fn concurrent_readers_of_a_grown_log_get_one_checkpoint() {
    let app = app().await;
    for n in 0..4 {
        publish(&app, n).await;
    }
    // Eight readers at once load the tree and sign the new size: one note is stored and
    // every reader gets it.
    let router = app.router.clone();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move {
                let mut req = Request::get("/public/log/checkpoint")
                    .body(Body::empty())
                    .unwrap();
                req.extensions_mut()
                    .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50000))));
                let res = router.oneshot(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                String::from_utf8(bytes.to_vec()).unwrap()
            })
        })
        .collect();
    let mut notes = Vec::new();
    for h in handles {
        notes.push(h.await.unwrap());
    }
    assert!(notes.iter().all(|n| *n == notes[0]), "{notes:?}");
    let (cp, _) = checkpoint(&app).await;
    assert_eq!(cp.size, 4);
    let Db::Sqlite(pool) = &app.db else {
        unreachable!()
    };
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM disclosure_checkpoints")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

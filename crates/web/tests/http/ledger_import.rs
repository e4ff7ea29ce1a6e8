//! The voucher upload (issue 11): a bookkeeper's file becomes drafts the uploader prepared,
//! which someone else reviews and posts; only a district admin may tick "migration", which
//! posts the file's vouchers as migrated (no reviewer from the file) and audits the file's
//! SHA-256; an amount over the per-line bound is refused naming its row and column.

use super::*;
use domain::identity::Scope;
use sha2::{Digest, Sha256};
use store::ledger::{reports, vouchers};

/// A multipart upload of `file`, with the "migration" box ticked when `migrated`.
fn upload(
    path: &str,
    session: &Session,
    name: &str,
    bytes: &[u8],
    migrated: bool,
) -> Request<Body> {
    let boundary = "zxupload";
    let mut body = Vec::new();
    if migrated {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"migrated\"\r\n\r\n1\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// Two vouchers whose file names someone else as preparer and the uploader as reviewer:
/// neither name is read.
const FILE: &str = "日期,凭证号,摘要,科目代码,借方金额,贷方金额,制单人,审核人\n\
    2024-10-08,,付电费,513,80.50,,李站长,cadre\n\
    2024-10-08,,付电费,101,,80.50,李站长,cadre\n\
    2024-10-09,,收到租金,102,3000,,李站长,cadre\n\
    2024-10-09,,收到租金,501,,3000,李站长,cadre\n";

/// (state, origin, preparer, reviewer, poster) of the book's vouchers of October 2024.
async fn october(
    db: &Db,
    book_id: &str,
) -> Vec<(String, String, String, Option<String>, Option<String>)> {
    let scope = Scope::system();
    let oct = domain::ledger::Period::parse("2024-10").ok();
    let filter = vouchers::Filter {
        from: oct,
        to: oct,
        state: None,
    };
    let (list, _) = vouchers::list(db, &scope, book_id, &filter, store::Page::all())
        .await
        .unwrap();
    let origins = store::ledger::import::origins(db, &scope, book_id)
        .await
        .unwrap();
    list.into_iter()
        .map(|v| {
            let origin = origins
                .iter()
                .find(|(p, n, _)| *p == v.period && *n == v.number)
                .map(|(_, _, o)| o.clone())
                .unwrap();
            (
                v.state,
                origin,
                v.preparer_name,
                v.reviewer_name,
                v.poster_name,
            )
        })
        .collect()
}

async fn trial(db: &Db, book_id: &str) -> Vec<reports::TrialRow> {
    reports::trial_balance(
        db,
        &Scope::system(),
        book_id,
        domain::ledger::Period::new(2024, 1).unwrap(),
        domain::ledger::Period::new(2024, 12).unwrap(),
    )
    .await
    .unwrap()
}

async fn actor(app: &App, username: &str) -> Actor {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap()
}

#[tokio::test]
async fn a_village_cadres_upload_makes_drafts_that_someone_else_reviews_and_posts() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    let page = app.get(&path, &cadre.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("草稿"),
        "the page says imports are drafts"
    );
    assert!(
        !page.body.contains("data-testid=\"import-migrated\""),
        "no migration box for a village cadre"
    );
    let before = trial(&app.db, &book.id).await;
    let res = app
        .send(upload(&path, &cadre, "oct.csv", FILE.as_bytes(), false))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("草稿"), "{}", res.body);
    let rows = october(&app.db, &book.id).await;
    assert_eq!(rows.len(), 2);
    for (state, origin, preparer, reviewer, poster) in &rows {
        assert_eq!(
            (state.as_str(), origin.as_str(), preparer.as_str()),
            ("draft", "entered", "cadre"),
            "drafts prepared by the uploader, whatever the file says"
        );
        assert_eq!((reviewer, poster), (&None, &None));
    }
    assert_eq!(
        trial(&app.db, &book.id).await,
        before,
        "nothing counts before posting"
    );
    // The uploader cannot review them; the town's station does, then posts.
    let (list, _) = vouchers::list(
        &app.db,
        &Scope::system(),
        &book.id,
        &vouchers::Filter {
            state: Some(domain::ledger::VoucherState::Draft),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 2);
    let cadre_actor = actor(&app, "cadre").await;
    assert!(
        vouchers::review(&app.db, &cadre_actor, &list[0].id)
            .await
            .is_err()
    );
    let town = actor(&app, "town").await;
    for v in &list {
        vouchers::review(&app.db, &town, &v.id).await.unwrap();
        vouchers::post(&app.db, &town, &v.id).await.unwrap();
    }
    let after = trial(&app.db, &book.id).await;
    let bank = |rows: &[reports::TrialRow]| rows.iter().find(|r| r.code == "102").unwrap().balance;
    assert_eq!(bank(&after).debit - bank(&before).debit, 300_000);
    // A cadre who ticks "migration" anyway (a crafted form) is refused, nothing written.
    let res = app
        .send(upload(&path, &cadre, "oct.csv", FILE.as_bytes(), true))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(october(&app.db, &book.id).await.len(), 2);
}

#[tokio::test]
async fn a_district_admins_migration_upload_posts_as_migrated_and_audits_the_digest() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let admin = app.login("admin").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    let page = app.get(&path, &admin.cookie).await;
    assert!(
        page.body.contains("data-testid=\"import-migrated\""),
        "{}",
        page.body
    );
    let before = trial(&app.db, &book.id).await;
    let res = app
        .send(upload(&path, &admin, "旧账.csv", FILE.as_bytes(), true))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("迁移"), "{}", res.body);
    let rows = october(&app.db, &book.id).await;
    assert_eq!(rows.len(), 2);
    for (state, origin, preparer, reviewer, poster) in &rows {
        assert_eq!((state.as_str(), origin.as_str()), ("posted", "migrated"));
        assert_eq!(
            preparer, "李站长",
            "the previous system's preparer, as a label"
        );
        assert_eq!(
            reviewer, &None,
            "the file's reviewer column never becomes a reviewer"
        );
        assert_eq!(poster.as_deref(), Some("admin"));
    }
    let after = trial(&app.db, &book.id).await;
    let bank = |rows: &[reports::TrialRow]| rows.iter().find(|r| r.code == "102").unwrap().balance;
    assert_eq!(bank(&after).debit - bank(&before).debit, 300_000);
    let digest: String = Sha256::digest(FILE.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (entries, _) = store::audit::list(
        &app.db,
        &Scope::system(),
        &store::audit::Filter {
            entity: "ledger_book".into(),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    let imports: Vec<serde_json::Value> = entries
        .iter()
        .filter(|e| e.action == "import" && e.actor_name == "admin")
        .map(|e| serde_json::from_str(e.after_json.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(imports.len(), 1, "one audit entry for the import");
    assert_eq!(imports[0]["migration"], true);
    assert_eq!(imports[0]["file"], "旧账.csv");
    assert_eq!(imports[0]["sha256"], digest.as_str());
}

#[tokio::test]
async fn an_amount_over_the_bound_is_refused_naming_its_row_and_column() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    // 10^13 fen + 1 fen on both sides of the second voucher (rows 4 and 5).
    let over = domain::Money(domain::money::MAX_AMOUNT_FEN + 1).to_string();
    let file = FILE.replace("3000", &over);
    let res = app
        .send(upload(&path, &cadre, "big.csv", file.as_bytes(), false))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("第 4 行") && res.body.contains("借方金额"),
        "{}",
        res.body
    );
    assert!(res.body.contains("超过单笔上限"), "{}", res.body);
    assert!(
        october(&app.db, &book.id).await.is_empty(),
        "nothing written"
    );
}

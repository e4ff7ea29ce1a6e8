//! `zhenxing db copy`: the demo moves between SQLite and PostgreSQL and every report reads
//! the same on both sides; a target holding data is refused, and a copy failing midway leaves
//! its target as it was.

use super::{assert_one_line_error, temp_dir, text, zhenxing};
use domain::identity::Scope;
use domain::ledger::Period;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use store::Db;

/// A PNG header and then every byte value: an attachment that must come through unchanged.
fn odd_bytes() -> Vec<u8> {
    let mut data = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    for _ in 0..3 {
        data.extend(0..=255u8);
    }
    data
}

/// Length and SHA-256 of a file's bytes (a short line when they differ).
fn digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{} bytes, sha256 {hash}", bytes.len())
}

/// The demo in a new SQLite database, with an API token and a binary attachment besides (the
/// demo has neither), as `(url, attachment id)`.
async fn demo_source(dir: &std::path::Path) -> (String, String) {
    let url = format!("sqlite://{}", dir.join("source.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    app::demo::load(&db).await.unwrap();
    let meeting: (String,) = store::on_pool!(&db, |pool| {
        sqlx::query_as("SELECT id FROM mechanism_meetings ORDER BY id LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    let data = odd_bytes();
    let meta = store::mechanism::meetings::add_attachment(
        &db,
        &domain::identity::Actor::system("t"),
        &meeting.0,
        store::mechanism::meetings::Upload {
            file_name: "会议照片.png",
            data: &data,
        },
    )
    .await
    .unwrap();
    db.close().await;
    let u = url.clone();
    let out = tokio::task::spawn_blocking(move || {
        zhenxing(
            &["user", "token", "create", "admin", "--database-url", &u],
            "",
        )
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (url, meta.id)
}

/// What users see, computed by the code under test: the classification of every village in
/// every year with books, the trial balance of every book (January, the first half, December
/// and the year), the compliance board of every year, and the bytes of the secrets and files.
async fn reports(db: &Db, attachment: &str) -> Value {
    let scope = Scope::system();
    let mut classification = Vec::new();
    let years = store::ledger::classification::years(db, &scope)
        .await
        .unwrap();
    for year in &years {
        let c = store::ledger::classification::classify(db, &scope, *year)
            .await
            .unwrap();
        classification.push(serde_json::to_value(c).unwrap());
    }
    let mut trial = Vec::new();
    for org in store::ledger::books::list_orgs(db, &scope).await.unwrap() {
        for book in store::ledger::books::list_books(db, &scope, &org.id)
            .await
            .unwrap()
        {
            for (from, to) in [(1, 1), (1, 6), (12, 12), (1, 12)] {
                let rows = store::ledger::reports::trial_balance(
                    db,
                    &scope,
                    &book.id,
                    Period::new(book.year, from).unwrap(),
                    Period::new(book.year, to).unwrap(),
                )
                .await
                .unwrap();
                trial.push(json!([org.name, book.year, from, to, rows]));
            }
        }
    }
    let today = domain::time::today();
    let mut boards = Vec::new();
    for year in &years {
        let board = store::mechanism::compliance::board(
            db,
            &scope,
            Period::new(*year, 1).unwrap(),
            Period::new(*year, 12).unwrap(),
            today,
        )
        .await
        .unwrap();
        boards.push(serde_json::to_value(board).unwrap());
    }
    let (secrets, tokens): (Vec<(String, String)>, Vec<(String,)>) = store::on_pool!(db, |pool| {
        (
            sqlx::query_as("SELECT username, password_hash FROM users ORDER BY username")
                .fetch_all(pool)
                .await
                .unwrap(),
            sqlx::query_as("SELECT token_hash FROM api_tokens ORDER BY token_hash")
                .fetch_all(pool)
                .await
                .unwrap(),
        )
    });
    let file = store::mechanism::meetings::attachment(db, &scope, attachment)
        .await
        .unwrap()
        .map(|(_, bytes)| digest(&bytes));
    json!({
        "years": years,
        "classification": classification,
        "trial": trial,
        "boards": boards,
        "passwords": secrets,
        "tokens": tokens,
        "attachment": file,
    })
}

/// Rows of every table (the migrations' own table apart).
async fn counts(url: &str) -> BTreeMap<String, i64> {
    let db = Db::connect(url).await.unwrap();
    let mut out = BTreeMap::new();
    for (table, _) in db.schema().await.unwrap() {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let (n,): (i64,) = store::on_pool!(&db, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_one(pool)
                .await
                .unwrap()
        });
        out.insert(table, n);
    }
    db.close().await;
    out
}

async fn copy(from: &str, to: &str) -> std::process::Output {
    let (from, to) = (from.to_string(), to.to_string());
    tokio::task::spawn_blocking(move || zhenxing(&["db", "copy", "--from", &from, "--to", &to], ""))
        .await
        .unwrap()
}

/// Copies `from` into `to` and checks the command's account of it and what users see there.
async fn copy_and_compare(from: &str, to: &str, attachment: &str, expected: &Value) {
    let out = copy(from, to).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("ledger_lines"),
        "progress per table: {stdout}"
    );
    assert!(stdout.contains("一致"), "check passed: {stdout}");
    let db = Db::connect(to).await.unwrap();
    assert_eq!(&reports(&db, attachment).await, expected, "{to}");
    assert!(store::check::run(&db).await.unwrap().is_empty());
    db.close().await;
    assert_eq!(counts(from).await, counts(to).await);
}

/// The reports are not empty: a comparison of nothing would prove nothing.
fn assert_substantial(r: &Value) {
    assert!(r["years"].as_array().unwrap().len() >= 2, "{}", r["years"]);
    let rows = r["classification"][0]["rows"].as_array().unwrap();
    assert!(rows.iter().any(|v| v["figure"].as_i64().unwrap() != 0));
    assert!(r["trial"].as_array().unwrap().len() >= 8);
    assert!(
        r["boards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| !b["cells"].as_array().unwrap().is_empty())
    );
    assert_eq!(r["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(r["attachment"], json!(digest(&odd_bytes())));
}

/// A trigger that refuses every voucher line: a copy fails after many tables are written.
async fn refuse_lines(url: &str) {
    let db = Db::connect(url).await.unwrap();
    match &db {
        Db::Sqlite(pool) => {
            sqlx::query(
                "CREATE TRIGGER test_refuse_lines BEFORE INSERT ON ledger_lines
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
            )
            .execute(pool)
            .await
            .unwrap();
        }
        Db::Postgres(pool) => {
            for sql in [
                "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'refused by the test'; END; $$",
                "CREATE TRIGGER test_refuse_lines BEFORE INSERT ON ledger_lines
                 FOR EACH ROW EXECUTE FUNCTION test_refuse()",
            ] {
                sqlx::query(sql).execute(pool).await.unwrap();
            }
        }
    }
    db.close().await;
}

/// A target holding data is refused and left unchanged; a copy that fails midway (here a
/// trigger refusing voucher lines, which come after most tables) leaves its target as it was.
async fn refusals(source: &str, copied: &str, fresh: &str) {
    let before = counts(copied).await;
    let out = copy(source, copied).await;
    assert_one_line_error(&out, "the target holds data (table ");
    assert_eq!(counts(copied).await, before);

    // The target of the failing copy is migrated (by `migrate`) and holds only the seeds.
    let out = zhenxing(&["migrate", "--database-url", fresh], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    refuse_lines(fresh).await;
    let before = counts(fresh).await;
    assert!(before["mechanism_rules"] > 0, "{before:?}");
    let out = copy(source, fresh).await;
    assert_one_line_error(&out, "ledger_lines");
    assert!(
        text(&out.stdout).contains("ledger_vouchers"),
        "it failed midway: {}",
        text(&out.stdout)
    );
    assert_eq!(counts(fresh).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_copied_to_a_new_sqlite_database_reads_the_same() {
    let dir = temp_dir();
    let (source, attachment) = demo_source(&dir).await;
    let db = Db::connect(&source).await.unwrap();
    let expected = reports(&db, &attachment).await;
    db.close().await;
    assert_substantial(&expected);
    let target = format!("sqlite://{}", dir.join("copy.db").display());
    copy_and_compare(&source, &target, &attachment, &expected).await;
    let fresh = format!("sqlite://{}", dir.join("fresh.db").display());
    refusals(&source, &target, &fresh).await;

    // Nothing is made up for a source that is not there.
    let missing = format!("sqlite://{}", dir.join("missing.db").display());
    let out = copy(
        &missing,
        &format!("sqlite://{}", dir.join("x.db").display()),
    )
    .await;
    assert_one_line_error(&out, "the source database does not exist");
    assert!(!dir.join("missing.db").exists());
}

/// A new PostgreSQL database beside `admin_url`'s, dropped by [`drop_database`].
pub(super) async fn create_database(admin: &Db, admin_url: &str) -> (String, String) {
    let Db::Postgres(pool) = admin else {
        panic!("not PostgreSQL")
    };
    let name = format!("zx_copy_{}", domain::Id::new().to_string().replace('-', ""));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(pool)
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
    (format!("{base}/{name}"), name)
}

pub(super) async fn drop_database(admin: &Db, name: &str) {
    let Db::Postgres(pool) = admin else {
        panic!("not PostgreSQL")
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_moves_to_postgresql_and_back_and_reads_the_same() {
    let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the copy to PostgreSQL is checked on CI");
        return;
    };
    let dir = temp_dir();
    let (source, attachment) = demo_source(&dir).await;
    let db = Db::connect(&source).await.unwrap();
    let expected = reports(&db, &attachment).await;
    db.close().await;
    assert_substantial(&expected);

    let admin = Db::connect(&admin_url).await.unwrap();
    let (pg, pg_name) = create_database(&admin, &admin_url).await;
    let (fresh_pg, fresh_name) = create_database(&admin, &admin_url).await;

    // SQLite → PostgreSQL, then PostgreSQL → a new SQLite file: the same everywhere.
    copy_and_compare(&source, &pg, &attachment, &expected).await;
    let back = format!("sqlite://{}", dir.join("back.db").display());
    copy_and_compare(&pg, &back, &attachment, &expected).await;

    refusals(&source, &pg, &fresh_pg).await;

    drop_database(&admin, &pg_name).await;
    drop_database(&admin, &fresh_name).await;
    admin.close().await;
}

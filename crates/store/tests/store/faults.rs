//! Faults: a database whose disk fills up, then frees. SQLite's `max_page_count` stands in
//! for the small filesystem (it is a per-connection setting, so the test sets it on every
//! connection of the pool at once).

use super::*;

/// Sets `PRAGMA max_page_count` on every connection of the SQLite pool (all of them held at
/// once, so none is left out) and returns the database's page count.
async fn set_max_page_count(db: &Db, pages: Option<i64>) -> i64 {
    let Db::Sqlite(pool) = db else {
        unreachable!("SQLite only")
    };
    let mut held = Vec::new();
    for _ in 0..pool.options().get_max_connections() {
        held.push(pool.acquire().await.unwrap());
    }
    let mut count = 0;
    for conn in &mut held {
        count = sqlx::query_scalar::<_, i64>("PRAGMA page_count")
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
    count
}

fn village(n: u32) -> domain::region::Region {
    region(
        &format!("340803100{n:03}"),
        "340803100000",
        &format!("测试村{n}"),
        "村",
        "",
    )
}

async fn region_count(db: &Db) -> i64 {
    store::on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM regions"
    )
    .fetch_one(pool)
    .await
    .unwrap())
}

#[tokio::test]
async fn sqlite_writes_recover_after_the_disk_was_full() {
    let t = TestDb::sqlite().await;
    let db = &t.db;
    seed(db).await;
    let system = Actor::system("test");

    // The disk fills: a few pages more, then every write is refused.
    set_max_page_count(db, Some(2)).await;
    let mut n = 300;
    let error = loop {
        assert!(n < 999, "the database never filled up");
        match store::region::create(db, &system, &village(n)).await {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
    };
    eprintln!("full after {} writes: {error}", n - 300);
    assert!(
        error.is_unavailable(),
        "not an unavailable error: {error:?}"
    );
    assert!(error.to_string().contains("full"), "{error}");

    // Space again: the following writes all succeed, without reopening the database.
    set_max_page_count(db, None).await;
    let before = region_count(db).await;
    for i in 1..=20 {
        store::region::create(db, &system, &village(n + i))
            .await
            .unwrap_or_else(|e| panic!("write {i} after the disk had space again: {e}"));
    }
    assert_eq!(region_count(db).await, before + 20);
    t.drop_db().await;
}

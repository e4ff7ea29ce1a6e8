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

/// A TCP relay to PostgreSQL that the test can pull out (every connection cut, the port
/// refusing) and put back on the same port: the database going away and coming back.
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

    /// Cuts every connection and closes the port.
    async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

#[tokio::test]
async fn postgres_away_fails_fast_as_unavailable_and_recovers_by_itself() {
    let Some(t) = TestDb::postgres().await else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: skipped");
        return;
    };
    let Cleanup::Postgres { admin_url, name } = &t.cleanup else {
        unreachable!()
    };
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
    seed(&db).await;
    let system = Actor::system("test");
    store::region::create(&db, &system, &village(300))
        .await
        .unwrap();

    // The server goes away: a write fails as unavailable within the short acquire timeout,
    // and a readiness round trip under a 1 s timeout answers within that second.
    relay.stop().await;
    let started = std::time::Instant::now();
    let error = store::region::create(&db, &system, &village(301))
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(error.is_unavailable(), "not unavailable: {error:?}");
    assert!(
        waited < std::time::Duration::from_secs(3),
        "the write waited {waited:?}"
    );
    let started = std::time::Instant::now();
    let ping = tokio::time::timeout(std::time::Duration::from_secs(1), db.ping()).await;
    assert!(
        !matches!(ping, Ok(Ok(()))),
        "ping succeeded without a server"
    );
    assert!(started.elapsed() < std::time::Duration::from_millis(1100));

    // The server is back on the same address: writes succeed without reopening the Db.
    let mut relay = Relay::start(port, host).await;
    for n in 302..312 {
        store::region::create(&db, &system, &village(n))
            .await
            .unwrap_or_else(|e| panic!("write {n} after the server came back: {e}"));
    }
    assert_eq!(
        store::region::get(&db, &domain::identity::Scope::system(), "340803100311")
            .await
            .unwrap()
            .map(|r| r.code.to_string()),
        Some("340803100311".to_string())
    );
    db.close().await;
    relay.stop().await;
    t.drop_db().await;
}

//! Scoped lists seek an index on the region code: the range `code >= lo AND code < hi` of
//! `Scope::range` is an index condition on SQLite (`EXPLAIN QUERY PLAN`) and on PostgreSQL
//! (`EXPLAIN`, with sequential scans disabled so the plan shows that the index CAN be used on
//! the test's small tables). The SQL is the repositories' own (`store::list::List` built by each
//! list's `list_query`), never a copy. On
//! PostgreSQL the range is also checked to hold exactly a scope's codes in the C, English and
//! Chinese collations.

use super::*;

use store::list::Arg;

/// The lines of the query plan of `sql` with `args` bound.
async fn plan(db: &Db, sql: &str, args: &[Arg]) -> Vec<String> {
    match db {
        Db::Sqlite(pool) => {
            let text = format!("EXPLAIN QUERY PLAN {sql}");
            let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(text));
            for a in args {
                q = match a {
                    Arg::Text(t) => q.bind(t.clone()),
                    Arg::Bool(b) => q.bind(*b),
                    Arg::Int(i) => q.bind(*i),
                };
            }
            let rows = q.fetch_all(pool).await.unwrap();
            rows.into_iter().map(|r| r.3).collect()
        }
        Db::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .unwrap();
            let text = format!("EXPLAIN {sql}");
            let mut q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(text));
            for a in args {
                q = match a {
                    Arg::Text(t) => q.bind(t.clone()),
                    Arg::Bool(b) => q.bind(*b),
                    Arg::Int(i) => q.bind(*i),
                };
            }
            let rows = q.fetch_all(&mut *conn).await.unwrap();
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *conn)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect()
        }
    }
}

/// Asserts that the plan seeks `index` with the range on `column`.
fn assert_seeks(db: &Db, plan: &[String], index: &str, column: &str) {
    let all = plan.join("\n");
    match db {
        Db::Sqlite(_) => {
            let wanted = format!("USING INDEX {index} ({column}>? AND {column}<?)");
            assert!(
                plan.iter()
                    .any(|l| l.starts_with("SEARCH") && l.contains(&wanted)),
                "SQLite plan does not seek {index} on {column}:\n{all}"
            );
        }
        Db::Postgres(_) => {
            let scan = plan.iter().position(|l| {
                (l.contains("Index Scan using") || l.contains("Bitmap Index Scan on"))
                    && l.contains(index)
            });
            let Some(at) = scan else {
                panic!("PostgreSQL plan does not scan {index}:\n{all}");
            };
            let cond = plan[at..]
                .iter()
                .skip(1)
                .take_while(|l| !l.contains("->"))
                .find(|l| l.contains("Index Cond:"));
            assert!(
                cond.is_some_and(
                    |c| c.contains(&format!("{column} >= ")) && c.contains(&format!("{column} < "))
                ),
                "PostgreSQL plan has no range condition on {column} for {index}:\n{all}"
            );
        }
    }
}

#[tokio::test]
async fn scoped_lists_seek_the_region_code_index() {
    on_each_backend!(|db| {
        seed(db).await;
        let scope = Scope::region(code("340803100000"));
        let page = Page::new(1, 50);
        // Regions: the primary key on `code`.
        let (sql, args) =
            store::region::list_query(&scope, &store::region::Filter::default()).page_sql(page);
        let p = plan(db, &sql, &args).await;
        let pk = match db.backend() {
            store::Backend::Sqlite => "sqlite_autoindex_regions_1",
            store::Backend::Postgres => "regions_pkey",
        };
        assert_seeks(db, &p, pk, "code");
        // People: `people_persons_region (region_code, name)`.
        let (sql, args) = store::people::persons::list_query(&scope, &Default::default())
            .unwrap()
            .page_sql(page);
        let p = plan(db, &sql, &args).await;
        assert_seeks(db, &p, "people_persons_region", "region_code");
        // Meetings: `mechanism_meetings_region_date (region_code, date)`.
        let (sql, args) = store::mechanism::meetings::list_query(&scope, &Default::default())
            .unwrap()
            .page_sql(page);
        let p = plan(db, &sql, &args).await;
        assert_seeks(db, &p, "mechanism_meetings_region_date", "region_code");
        // Visits: `mechanism_visits_region_date (region_code, date)`.
        let (sql, args) = store::mechanism::visits::list_query(&scope, &Default::default())
            .unwrap()
            .page_sql(page);
        let p = plan(db, &sql, &args).await;
        assert_seeks(db, &p, "mechanism_visits_region_date", "region_code");
        // Trainings: their subtree range or their ancestors' exact codes, both on
        // `people_trainings_region (region_code, starts_on)`.
        let (sql, args) =
            store::people::trainings::list_query(&scope, &Default::default()).page_sql(page);
        assert!(sql.contains(" IN ("), "{sql}");
        let p = plan(db, &sql, &args).await;
        assert_seeks(db, &p, "people_trainings_region", "region_code");
        let exact = match db.backend() {
            store::Backend::Sqlite => "USING INDEX people_trainings_region (region_code=?)",
            store::Backend::Postgres => "Index Cond: (region_code = ",
        };
        assert!(
            p.iter().any(|l| l.contains(exact)),
            "the ancestors' codes do not seek the index:\n{}",
            p.join("\n")
        );
        // The count query of a list seeks the same index.
        let (sql, args) = store::mechanism::visits::list_query(&scope, &Default::default())
            .unwrap()
            .count_sql();
        let p = plan(db, &sql, &args).await;
        assert_seeks(db, &p, "mechanism_visits_region_date", "region_code");
    });
}

/// The range of every scope holds exactly the scope's codes in the collations a deployment may
/// run: C, English and Chinese (ICU), and the database's default.
#[tokio::test]
async fn scope_ranges_hold_in_every_collation() {
    let Some(t) = TestDb::postgres().await else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: collations checked on CI");
        return;
    };
    let Db::Postgres(pool) = &t.db else {
        unreachable!("PostgreSQL")
    };
    let codes: Vec<String> = [
        "110101000000",
        "340803000000",
        "340803100000",
        "340803100201",
        "340803100999",
        "340803109999",
        "340803110000",
        "340803199999",
        "340803200201",
        "340899999999",
        "340901000000",
        "999999000000",
        "999999999999",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    let mut scopes = vec![Scope::system()];
    scopes.extend(codes.iter().map(|c| Scope::region(code(c))));
    let wanted = [
        "C",
        "en-US-x-icu",
        "zh-x-icu",
        "zh-Hans-CN-x-icu",
        "und-x-icu",
    ];
    let mut collations: Vec<String> = Vec::new();
    for name in wanted {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pg_collation WHERE collname = $1")
            .bind(name)
            .fetch_one(pool)
            .await
            .unwrap();
        if n > 0 {
            collations.push(format!("COLLATE \"{name}\""));
        }
    }
    collations.push(String::new()); // the database's default
    assert!(collations.len() >= 2, "no collation to check");
    for collate in &collations {
        let sql = format!(
            "SELECT c FROM unnest($1::text[]) AS t(c)
             WHERE c {collate} >= $2 AND c {collate} < $3 ORDER BY c COLLATE \"C\""
        );
        for scope in &scopes {
            let (lo, hi) = scope.range();
            let inside: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&codes)
                .bind(&lo)
                .bind(&hi)
                .fetch_all(pool)
                .await
                .unwrap();
            let inside: Vec<String> = inside.into_iter().map(|r| r.0).collect();
            let expected: Vec<String> = codes
                .iter()
                .filter(|c| scope.contains(&code(c)))
                .cloned()
                .collect();
            assert_eq!(inside, expected, "{scope:?} [{lo}, {hi}) {collate}");
        }
    }
    t.drop_db().await;
}

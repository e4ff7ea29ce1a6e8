//! Province scale (issue 16): `zhenxing gen province` writes a data set of districts, towns
//! and villages that `zhenxing import dataset` loads into SQLite and, through COPY, into
//! PostgreSQL with the same figures; a bad voucher in the middle of the file leaves either
//! database empty (and PostgreSQL's indexes and keys as the migrations made them).

use super::*;
use domain::identity::Scope;

/// A fresh PostgreSQL database (admin URL, name, URL) when `ZHENXING_TEST_POSTGRES` is set.
async fn postgres_db() -> Option<(store::Db, String, String)> {
    let admin_url = std::env::var("ZHENXING_TEST_POSTGRES").ok()?;
    let name = format!("zx_cli_{}", domain::Id::new().to_string().replace('-', ""));
    let admin = store::Db::connect(&admin_url).await.unwrap();
    let store::Db::Postgres(pool) = &admin else {
        panic!("not PostgreSQL")
    };
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(pool)
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
    Some((admin, name.clone(), format!("{base}/{name}")))
}

async fn drop_postgres(admin: store::Db, name: &str) {
    if let store::Db::Postgres(pool) = &admin {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(pool)
        .await
        .unwrap();
    }
    admin.close().await;
}

fn import(ds: &std::path::Path, url: &str) -> Output {
    let ds = ds.to_str().unwrap().to_string();
    let url = url.to_string();
    tokio::task::block_in_place(|| {
        zhenxing(&["import", "dataset", &ds, "--database-url", &url], "")
    })
}

/// What users read of a loaded province: each region's classification of each year (from
/// the province down to a town and a village), every book's trial balance for its year, and
/// the counts.
async fn figures(url: &str) -> Vec<String> {
    let db = store::Db::connect(url).await.unwrap();
    let mut out = Vec::new();
    let system = Scope::system();
    for prefix in [
        "",
        "340102000000",
        "340103000000",
        "340102119000",
        "340102100201",
    ] {
        let scope = match prefix {
            "" => system.clone(),
            code => Scope::region(domain::region::RegionCode::parse(code).unwrap()),
        };
        for year in [2024, 2025] {
            let c = store::ledger::classification::classify(&db, &scope, year)
                .await
                .unwrap();
            assert!(c.villages > 0 && c.rows.iter().any(|r| r.figure != 0));
            out.push(format!(
                "{prefix} {year} {}",
                serde_json::to_string(&c).unwrap()
            ));
        }
    }
    for org in store::ledger::books::list_orgs(&db, &system).await.unwrap() {
        for book in store::ledger::books::list_books(&db, &system, &org.id)
            .await
            .unwrap()
        {
            let rows = store::ledger::reports::trial_balance(
                &db,
                &system,
                &book.id,
                domain::ledger::Period::new(book.year, 1).unwrap(),
                domain::ledger::Period::new(book.year, 12).unwrap(),
            )
            .await
            .unwrap();
            out.push(format!("{} {} {rows:?}", org.credit_code, book.year));
        }
    }
    out.push(format!("{:?}", dataset_counts(&db).await));
    db.close().await;
    out
}

/// Every constraint and index of a PostgreSQL database's schema.
async fn pg_schema(url: &str) -> Vec<(String,)> {
    let db = store::Db::connect(url).await.unwrap();
    let store::Db::Postgres(pool) = &db else {
        panic!("not PostgreSQL")
    };
    let rows = sqlx::query_as(
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace
         UNION ALL
         SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    db.close().await;
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_province_loads_the_same_into_sqlite_and_postgres() {
    let dir = temp_dir();
    let ds = dir.join("province");
    let out = tokio::task::block_in_place(|| {
        zhenxing(
            &[
                "gen",
                "province",
                "--villages",
                "320",
                "--years",
                "2",
                "--vouchers-per-village-year",
                "3",
                "--out",
                ds.to_str().unwrap(),
            ],
            "",
        )
    });
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 districts, 22 towns, 320 villages, 640 books, 1920 vouchers"),
        "{}",
        text(&out.stdout)
    );
    // The layout as the file gives it: towns of at most 15 villages, districts of at most
    // 20 towns, every code under the province's two digits.
    let regions = std::fs::read_to_string(ds.join("regions.csv")).unwrap();
    let mut children: std::collections::HashMap<String, usize> = Default::default();
    for line in regions.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert!(cells[0].starts_with("34") && cells[0].len() == 12, "{line}");
        if !cells[1].is_empty() {
            *children.entry(cells[1].to_string()).or_default() += 1;
        }
    }
    assert_eq!(children.get("340102000000"), Some(&20));
    assert_eq!(children.get("340103000000"), Some(&2));
    assert_eq!(children.get("340102100000"), Some(&15));
    assert_eq!(children.get("340103101000"), Some(&5), "320 = 21 × 15 + 5");
    // The same command twice writes the same files.
    let again = dir.join("again");
    let out = tokio::task::block_in_place(|| {
        zhenxing(
            &[
                "gen",
                "province",
                "--villages",
                "320",
                "--years",
                "2",
                "--vouchers-per-village-year",
                "3",
                "--out",
                again.to_str().unwrap(),
            ],
            "",
        )
    });
    assert!(out.status.success());
    for file in ["regions.csv", "orgs.csv", "vouchers.csv"] {
        assert_eq!(
            std::fs::read(ds.join(file)).unwrap(),
            std::fs::read(again.join(file)).unwrap(),
            "{file}"
        );
    }

    let sqlite = format!("sqlite://{}", dir.join("p.db").display());
    let out = import(&ds, &sqlite);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("344 regions, 320 organisations, 640 books, 1920 vouchers, 3840 lines"),
        "{}",
        text(&out.stdout)
    );
    let on_sqlite = figures(&sqlite).await;
    assert!(on_sqlite.last().unwrap().starts_with("(344, 320, 640, "));
    let Some((admin, name, pg)) = postgres_db().await else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the PostgreSQL load is checked on CI");
        return;
    };
    let out = import(&ds, &pg);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("344 regions, 320 organisations, 640 books, 1920 vouchers, 3840 lines"),
        "{}",
        text(&out.stdout)
    );
    let on_postgres = figures(&pg).await;
    assert_eq!(on_postgres.len(), on_sqlite.len());
    for (a, b) in on_postgres.iter().zip(&on_sqlite) {
        assert_eq!(a, b);
    }
    drop_postgres(admin, &name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_voucher_in_the_middle_leaves_the_database_empty_on_both_backends() {
    let dir = temp_dir();
    let ds = dir.join("province");
    let out = tokio::task::block_in_place(|| {
        zhenxing(
            &[
                "gen",
                "province",
                "--villages",
                "300",
                "--years",
                "2",
                "--vouchers-per-village-year",
                "4",
                "--out",
                ds.to_str().unwrap(),
            ],
            "",
        )
    });
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The middle voucher line goes to an account no chart has.
    let csv = std::fs::read_to_string(ds.join("vouchers.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // An odd index is a voucher's first line (the header is line 0): the error names its row.
    let middle = (lines.len() / 2) | 1;
    let mut cells: Vec<String> = lines[middle].split(',').map(str::to_string).collect();
    cells[4] = "999".into();
    lines[middle] = cells.join(",");
    std::fs::write(ds.join("vouchers.csv"), lines.join("\n") + "\n").unwrap();

    let mut urls = vec![(format!("sqlite://{}", dir.join("p.db").display()), None)];
    let pg = postgres_db().await;
    if let Some((_, _, url)) = &pg {
        urls.push((url.clone(), Some(())));
    }
    for (url, is_pg) in &urls {
        // The schema as the migrations make it, from a database migrated and left empty.
        let before = match is_pg {
            Some(()) => {
                let db = store::Db::connect(url).await.unwrap();
                db.migrate().await.unwrap();
                db.close().await;
                pg_schema(url).await
            }
            None => Vec::new(),
        };
        let out = import(&ds, url);
        assert_one_line_error(&out, &format!("vouchers.csv row {}", middle + 1));
        let db = store::Db::connect(url).await.unwrap();
        assert_eq!(dataset_counts(&db).await, (0, 0, 0, 0), "{url}");
        db.close().await;
        if is_pg.is_some() {
            assert_eq!(pg_schema(url).await, before, "the schema is whole");
        }
        // Fixed, the load goes through.
        std::fs::write(ds.join("vouchers.csv"), &csv).unwrap();
        let out = import(&ds, url);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("600 books, 2400 vouchers"));
        if is_pg.is_some() {
            assert_eq!(pg_schema(url).await, before, "the schema is whole");
        }
        std::fs::write(ds.join("vouchers.csv"), lines.join("\n") + "\n").unwrap();
    }
    if let Some((admin, name, _)) = pg {
        drop_postgres(admin, &name).await;
    } else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the PostgreSQL load is checked on CI");
    }
}

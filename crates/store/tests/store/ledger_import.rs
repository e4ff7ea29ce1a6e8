//! Voucher imports on both backends (issue 11): no one person posts. A bookkeeper's file
//! becomes drafts prepared by the importing user, which someone else reviews and posts; a
//! migration of a previous system's posted books is a district admin's, marks the vouchers
//! as migrated, takes no reviewer from the file and is audited with the file's SHA-256; the
//! pieces `zhenxing import dataset` is built from leave an empty database untouched when a
//! book fails; an amount over the per-line bound is refused naming its row.

use super::ledger::{book, credit_code, user, voucher};
use super::*;
use domain::DomainError;
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{AccountingSystem, Period};
use store::ledger::import::{self, ImportVoucher, Mode, Source};
use store::ledger::{books, reports, vouchers};

const BAOYING: &str = "340803100201";

fn item(row: usize, date: &str, lines: &[(&str, &str, &str)]) -> ImportVoucher {
    ImportVoucher {
        row,
        number: None,
        voucher: voucher(date, lines),
        preparer: "王会计".into(),
        reviewer: "李站长".into(),
    }
}

fn file_items() -> Vec<ImportVoucher> {
    vec![
        item(2, "2024-03-05", &[("102", "1200", ""), ("501", "", "1200")]),
        item(
            4,
            "2024-03-06",
            &[("513", "80.50", ""), ("102", "", "80.50")],
        ),
    ]
}

/// (number, state, origin, preparer, reviewer, poster) of a book's vouchers, read with SQL.
type Row = (i32, String, String, String, Option<String>, Option<String>);

async fn stored(db: &Db, book_id: &str) -> Vec<Row> {
    const SQL: &str = "SELECT number, state, origin, preparer_name, reviewer_name, poster_name
         FROM ledger_vouchers WHERE book_id = $1 ORDER BY period, number";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(SQL).bind(book_id).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(SQL).bind(book_id).fetch_all(pool).await,
    }
    .unwrap()
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) = match db {
        Db::Sqlite(pool) => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(pool)
                .await
        }
    }
    .unwrap();
    n
}

async fn year_trial(db: &Db, book_id: &str) -> Vec<reports::TrialRow> {
    reports::trial_balance(
        db,
        &Scope::system(),
        book_id,
        Period::new(2024, 1).unwrap(),
        Period::new(2024, 12).unwrap(),
    )
    .await
    .unwrap()
}

fn source() -> Source {
    Source {
        file: "旧系统凭证.xlsx".into(),
        // The digest is the caller's (web::ledger::io::source_of): stored as given.
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
    }
}

#[tokio::test]
async fn a_village_cadres_import_is_drafts_that_another_user_reviews_and_posts() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let before = year_trial(db, &book.id).await;
        let summary = import::import(
            db,
            &cadre,
            &book.id,
            &file_items(),
            Mode::Draft,
            Some(&source()),
        )
        .await
        .unwrap();
        assert_eq!((summary.vouchers, summary.lines), (2, 4));
        let rows = stored(db, &book.id).await;
        assert_eq!(rows.len(), 2);
        for (_, state, origin, preparer, reviewer, poster) in &rows {
            assert_eq!(
                (state.as_str(), origin.as_str(), preparer.as_str()),
                ("draft", "entered", "kuaiji"),
                "a draft prepared by the importing user, not by the file's 王会计"
            );
            assert_eq!(
                (reviewer, poster),
                (&None, &None),
                "no reviewer from the file"
            );
        }
        assert_eq!(
            year_trial(db, &book.id).await,
            before,
            "balances untouched until posting"
        );
        // The importer cannot review their own drafts; a colleague does, then posts.
        let (list, _) = vouchers::list(
            db,
            &Scope::system(),
            &book.id,
            &Default::default(),
            Page::all(),
        )
        .await
        .unwrap();
        let err = vouchers::review(db, &cadre, &list[0].id).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Domain(DomainError::Conflict("ledger.reviewer_is_preparer"))
            ),
            "{err:?}"
        );
        let station = user("zhan", Role::TownOfficer, "340803100000");
        for v in &list {
            vouchers::review(db, &station, &v.id).await.unwrap();
            vouchers::post(db, &station, &v.id).await.unwrap();
        }
        let after = year_trial(db, &book.id).await;
        let bank = |rows: &[reports::TrialRow]| {
            rows.iter()
                .find(|r| r.code == "102")
                .map(|r| r.balance)
                .unwrap()
        };
        assert_eq!(bank(&after).debit - bank(&before).debit, 120_000);
        assert_eq!(bank(&after).credit - bank(&before).credit, 8_050);
        let rows = stored(db, &book.id).await;
        assert!(
            rows.iter().all(|r| r.1 == "posted"
                && r.4.as_deref() == Some("zhan")
                && r.5.as_deref() == Some("zhan")),
            "{rows:?}"
        );
        // The import's audit entry names the file and says what it made.
        let entries = import_entries(db, &book.id).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["state"], "draft");
        assert_eq!(entries[0]["migration"], false);
        assert_eq!(entries[0]["sha256"], source().sha256.as_str());
    });
}

/// The `after` JSON of the import entries of a book.
async fn import_entries(db: &Db, book_id: &str) -> Vec<serde_json::Value> {
    let (entries, _) = store::audit::list(
        db,
        &Scope::system(),
        &store::audit::Filter {
            entity: "ledger_book".into(),
            ..Default::default()
        },
        Page::all(),
    )
    .await
    .unwrap();
    entries
        .iter()
        .filter(|e| e.entity_id == book_id && e.action == "import")
        .map(|e| serde_json::from_str(e.after_json.as_deref().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn a_migration_import_is_refused_to_anyone_but_a_district_admin() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        for actor in [
            user("kuaiji", Role::VillageCadre, BAOYING),
            user("zhan", Role::TownOfficer, "340803100000"),
            user("lingdao", Role::DistrictLeader, "340803000000"),
        ] {
            let err = import::import(
                db,
                &actor,
                &book.id,
                &file_items(),
                Mode::Migration,
                Some(&source()),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(err, StoreError::Domain(DomainError::Forbidden)),
                "{}: {err:?}",
                actor.username
            );
            assert_eq!(err.to_string(), "forbidden");
        }
        assert!(stored(db, &book.id).await.is_empty(), "nothing written");
    });
}

#[tokio::test]
async fn an_admins_migration_posts_as_migrated_with_no_reviewer_from_the_file() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let admin = user("admin", Role::DistrictAdmin, "340803000000");
        let before = year_trial(db, &book.id).await;
        let mut items = file_items();
        items[1].number = Some(7);
        import::import(
            db,
            &admin,
            &book.id,
            &items,
            Mode::Migration,
            Some(&source()),
        )
        .await
        .unwrap();
        let rows = stored(db, &book.id).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            [7, 8],
            "the file's number is kept, the unnumbered voucher continues after it"
        );
        for (_, state, origin, preparer, reviewer, poster) in &rows {
            assert_eq!((state.as_str(), origin.as_str()), ("posted", "migrated"));
            assert_eq!(
                preparer, "王会计",
                "the previous system's preparer, as a label"
            );
            assert_eq!(reviewer, &None, "the file's 李站长 is never a reviewer");
            assert_eq!(poster.as_deref(), Some("admin"));
        }
        let after = year_trial(db, &book.id).await;
        let bank = |rows: &[reports::TrialRow]| {
            rows.iter()
                .find(|r| r.code == "102")
                .map(|r| r.balance)
                .unwrap()
        };
        assert_eq!(bank(&after).debit - bank(&before).debit, 120_000);
        let entries = import_entries(db, &book.id).await;
        assert_eq!(entries.len(), 1, "one audit entry for the import");
        let e = &entries[0];
        assert_eq!(e["migration"], true);
        assert_eq!(e["origin"], "migrated");
        assert_eq!(e["file"], "旧系统凭证.xlsx");
        assert_eq!(e["sha256"], source().sha256.as_str());
        assert_eq!(e["imported"]["vouchers"], 2);
    });
}

fn over_bound_items() -> Vec<ImportVoucher> {
    let big = domain::Money(domain::money::MAX_AMOUNT_FEN + 1);
    let date = domain::time::parse_date("2024-03-07").unwrap();
    let mut items = file_items();
    items.push(ImportVoucher {
        row: 6,
        number: None,
        // Built directly: the file's parser may refuse it too, the import must on its own.
        voucher: Voucher {
            date,
            period: Period::of_date(date),
            summary: "金额过大".into(),
            attachments: 0,
            lines: vec![
                Line {
                    account_code: "102".into(),
                    debit: big,
                    credit: domain::Money(0),
                    summary: String::new(),
                },
                Line {
                    account_code: "501".into(),
                    debit: domain::Money(0),
                    credit: big,
                    summary: String::new(),
                },
            ],
        },
        preparer: "王会计".into(),
        reviewer: String::new(),
    });
    items
}

#[tokio::test]
async fn a_line_over_the_money_bound_is_refused_naming_its_row() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let admin = user("admin", Role::DistrictAdmin, "340803000000");
        for mode in [Mode::Draft, Mode::Migration] {
            let err = import::import(db, &admin, &book.id, &over_bound_items(), mode, None)
                .await
                .unwrap_err();
            match err {
                StoreError::Row { row, error } => {
                    assert_eq!(
                        (row, error.code, error.field),
                        (6, "money.too_large", "debit"),
                        "{mode:?}"
                    );
                    assert_eq!(error.args.get("line").map(String::as_str), Some("1"));
                }
                other => panic!("{mode:?}: {other:?}"),
            }
        }
        // The credit side of the second line is named by its own row.
        let mut items = over_bound_items();
        items[2].voucher.lines[0].debit = domain::Money(100);
        let err = import::import(db, &admin, &book.id, &items, Mode::Draft, None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 7, error } if error.code == "money.too_large" && error.field == "credit"),
            "{err:?}"
        );
        assert!(stored(db, &book.id).await.is_empty(), "nothing written");
    });
}

/// The prepared vouchers of a new 2024 book from `items`, as `import dataset`'s reader makes
/// them.
fn prepared(items: &[ImportVoucher]) -> Result<import::Prepared, StoreError> {
    let template = AccountingSystem::for_year(2024).template().unwrap();
    let mut state = import::BookState::new_book(&template, 2024);
    import::prepare(&mut state, items, Mode::Migration)
}

/// What `import dataset` does, in one transaction: refuse a non-empty database, regions,
/// organisations, then a new book per organisation; `fail_last` breaks the last book.
async fn load(db: &Db, fail_last: bool) -> Result<(), StoreError> {
    let actor = Actor::system("dataset");
    let mut tx = db.begin_write().await?;
    import::check_empty(&mut tx).await?;
    for (_, region) in super::seed_rows() {
        store::region::save(&mut tx, &actor, &region, store::region::SaveMode::Create).await?;
    }
    let template = AccountingSystem::for_year(2024).template().unwrap();
    for (n, village) in [(1, BAOYING), (2, "340803100202")] {
        let org = books::create_org_in_tx(
            &mut tx,
            &actor,
            &code(village),
            "股份经济合作社",
            &credit_code(n),
        )
        .await?;
        let mut items = file_items();
        if fail_last && n == 2 {
            items[1] = item(
                4,
                "2024-03-06",
                &[("513", "80.50", ""), ("599", "", "80.50")],
            );
        }
        import::write_new_book(&mut tx, &actor, &org, &template, &prepared(&items)?, None).await?;
    }
    import::record_dataset(
        &mut tx,
        &actor,
        "340803000000",
        &[source()],
        &[("books", 2)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tokio::test]
async fn a_data_set_loads_whole_into_an_empty_database_or_not_at_all() {
    on_each_backend!(|db| {
        // A bad voucher in the last book: nothing at all is left behind.
        let err = load(db, true).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { row: 4, error } if error.code == "ledger.account_unknown"),
            "{err:?}"
        );
        for table in [
            "regions",
            "ledger_orgs",
            "ledger_books",
            "ledger_vouchers",
            "audit_log",
        ] {
            assert_eq!(count(db, table).await, 0, "{table} is empty");
        }
        // Fixed, the same load succeeds (no credit_code_taken from a half-written first run).
        load(db, false).await.unwrap();
        assert_eq!(count(db, "ledger_books").await, 2);
        assert_eq!(count(db, "ledger_vouchers").await, 4);
        let (entries, _) = store::audit::list(
            db,
            &Scope::system(),
            &store::audit::Filter {
                entity: "region".into(),
                ..Default::default()
            },
            Page::all(),
        )
        .await
        .unwrap();
        let dataset: Vec<serde_json::Value> = entries
            .iter()
            .filter(|e| e.action == "import")
            .map(|e| serde_json::from_str(e.after_json.as_deref().unwrap()).unwrap())
            .collect();
        assert_eq!(dataset.len(), 1);
        assert_eq!(dataset[0]["migration"], true);
        assert_eq!(dataset[0]["files"][0]["sha256"], source().sha256.as_str());
        let origins: Vec<String> = {
            const SQL: &str = "SELECT DISTINCT origin FROM ledger_vouchers";
            let rows: Vec<(String,)> = match db {
                Db::Sqlite(pool) => sqlx::query_as(SQL).fetch_all(pool).await,
                Db::Postgres(pool) => sqlx::query_as(SQL).fetch_all(pool).await,
            }
            .unwrap();
            rows.into_iter().map(|(o,)| o).collect()
        };
        assert_eq!(origins, ["migrated"]);
        // A second load into the now non-empty database is refused before writing anything.
        let audit_before = count(db, "audit_log").await;
        let err = load(db, false).await.unwrap_err();
        match &err {
            StoreError::Domain(DomainError::Invalid(e)) => {
                assert_eq!(e.code, "ledger.dataset_not_empty");
                assert_eq!(e.args.get("books").map(String::as_str), Some("2"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            count(db, "audit_log").await,
            audit_before,
            "nothing written"
        );
        assert_eq!(count(db, "ledger_books").await, 2);
    });
}

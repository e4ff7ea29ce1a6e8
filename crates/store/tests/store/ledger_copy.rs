//! Data set loads on PostgreSQL through the COPY protocol (issue 16): `NewBooks` stores,
//! field for field, what the ordinary paths store (SQLite's rusqlite statements, PostgreSQL's
//! statement-by-statement path); the indexes and keys it sets aside while loading come back
//! exactly as the migrations made them; a load that fails after books have reached the
//! database leaves nothing behind, on both backends.

use super::ledger::credit_code;
use super::*;
use domain::ledger::voucher::LineInput;
use domain::ledger::{AccountingSystem, Period, VoucherInput};
use store::ledger::import::{self, ImportVoucher, Mode, NewBooks};
use store::ledger::{books, classification, reports};

/// The villages of the test district that get an organisation (credit code number, village).
const ORGS: [(u32, &str); 3] = [
    (1, "340803100201"),
    (2, "340803100202"),
    (3, "340803200201"),
];
const YEARS: [i32; 2] = [2020, 2024];

/// Summaries holding what COPY's text format must escape, and Chinese.
const SUMMARIES: [&str; 5] = [
    "收到土地发包款",
    "制表\t符",
    "反斜杠\\N 不是空值",
    "两行\n摘要\r回车",
    "引号\"与'单引号'",
];

/// A book's vouchers: `n` of them over the year's months, on accounts of the year's chart
/// (one with three lines, one on a sub-level parent's leaf), numbered by the file for odd
/// ones and by the import for even ones.
fn book_items(year: i32, seed: usize, n: usize) -> Vec<ImportVoucher> {
    let pairs: [(&str, &str); 3] = match AccountingSystem::for_year(year) {
        AccountingSystem::Cs2004 => [("102", "511"), ("541", "102"), ("101", "102")],
        AccountingSystem::Cs2023 => [("102", "501"), ("513", "102"), ("101", "102")],
    };
    (0..n)
        .map(|i| {
            let k = seed + i;
            let month = 1 + (i * 12 / n.max(1)) as u32;
            let (debit, credit) = pairs[k % pairs.len()];
            let fen = 100 + (k * 7919 % 500_000) as i64;
            let amount = domain::Money(fen).to_string();
            let half = domain::Money(fen / 2).to_string();
            let rest = domain::Money(fen - fen / 2).to_string();
            let mut lines = vec![LineInput {
                account_code: debit.into(),
                debit: amount.clone(),
                credit: String::new(),
                summary: SUMMARIES[(k + 1) % SUMMARIES.len()].into(),
            }];
            if k.is_multiple_of(4) {
                for part in [half, rest] {
                    lines.push(LineInput {
                        account_code: credit.into(),
                        debit: String::new(),
                        credit: part,
                        summary: String::new(),
                    });
                }
            } else {
                lines.push(LineInput {
                    account_code: credit.into(),
                    debit: String::new(),
                    credit: amount,
                    summary: String::new(),
                });
            }
            let voucher = VoucherInput {
                date: format!("{year}-{month:02}-{:02}", 1 + k % 28),
                summary: SUMMARIES[k % SUMMARIES.len()].into(),
                attachments: (k % 3).to_string(),
                lines,
            }
            .validate()
            .unwrap();
            ImportVoucher {
                row: 2 + i * 2,
                number: (i % 2 == 1).then_some(1000 + i as i32),
                voucher,
                preparer: "王会计".into(),
                reviewer: "李站长".into(),
            }
        })
        .collect()
}

fn prepared(year: i32, items: &[ImportVoucher]) -> Result<import::Prepared, StoreError> {
    let template = AccountingSystem::for_year(year).template().unwrap();
    let mut state = import::BookState::new_book(&template, year);
    import::prepare(&mut state, items, Mode::Migration)
}

/// How a load writes its books.
#[derive(Clone, Copy, Debug)]
enum Way {
    /// `NewBooks` (COPY on PostgreSQL), sending its rows every `flush_at` bytes.
    NewBooks { flush_at: usize },
    /// `write_new_book`, one book at a time (PostgreSQL: ordinary statements).
    Ordinary,
}

/// What `import dataset` does, in one transaction: refuse a non-empty database, regions,
/// organisations, then a book per organisation and year of `n` vouchers. `fail_at` makes the
/// book of that index fail: its vouchers (an unknown account) when `bad_voucher`, else a
/// second book of the same organisation and year.
async fn load(
    db: &Db,
    way: Way,
    n: usize,
    fail_at: Option<usize>,
    bad_voucher: bool,
) -> Result<(), StoreError> {
    let actor = Actor::system("dataset");
    let mut tx = db.begin_write().await?;
    import::check_empty(&mut tx).await?;
    for (_, region) in super::seed_rows() {
        store::region::save(&mut tx, &actor, &region, store::region::SaveMode::Create).await?;
    }
    let mut orgs = Vec::new();
    for (n, village) in ORGS {
        orgs.push(
            books::create_org_in_tx(
                &mut tx,
                &actor,
                &code(village),
                "股份经济合作社",
                &credit_code(n),
            )
            .await?,
        );
    }
    let mut new_books = match way {
        Way::NewBooks { flush_at } => Some(NewBooks::begin(&mut tx).await?.flush_at(flush_at)),
        Way::Ordinary => None,
    };
    let mut index = 0;
    for org in &orgs {
        for year in YEARS {
            let template = AccountingSystem::for_year(year).template().unwrap();
            let mut items = book_items(year, index * 31, n);
            let fails = fail_at == Some(index);
            if fails && bad_voucher {
                items[n / 2].voucher.lines[1].account_code = "599".into();
            }
            let prepared = prepared(year, &items)?;
            let times = if fails && !bad_voucher { 2 } else { 1 };
            for _ in 0..times {
                match &mut new_books {
                    Some(new_books) => {
                        new_books
                            .write(&mut tx, &actor, org, &template, &prepared, None)
                            .await?;
                    }
                    None => {
                        import::write_new_book(&mut tx, &actor, org, &template, &prepared, None)
                            .await?;
                    }
                }
            }
            index += 1;
        }
    }
    if let Some(new_books) = new_books {
        new_books.finish(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Rows of a query giving one text column, in the query's order.
async fn texts(db: &Db, sql: &str) -> Vec<String> {
    let rows: Vec<(String,)> = match db {
        Db::Sqlite(pool) => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_all(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    rows.into_iter().map(|(t,)| t).collect()
}

fn flag(column: &str) -> String {
    format!("CASE WHEN {column} THEN 't' ELSE 'f' END")
}

/// Everything a load stored, without the ids and times each run makes afresh: books,
/// charts, vouchers, lines, balances (by organisation, year, period and number), the audit
/// entries, and what users read from them — each book's trial balance for the year and the
/// classification of each year.
async fn stored(db: &Db) -> Vec<String> {
    const BOOK: &str = "FROM ledger_books b JOIN ledger_orgs o ON o.id = b.org_id";
    let key = "o.credit_code || '|' || CAST(b.year AS TEXT)";
    let mut all = Vec::new();
    let queries = [
        format!(
            "SELECT {key} || '|' || b.accounting_system || '|' || {} || '|' || {} {BOOK}
             ORDER BY 1",
            flag("b.opening_checked"),
            flag("b.closed")
        ),
        format!(
            "SELECT {key} || '|' || a.code || '|' || a.name || '|' || a.category || '|' ||
                    a.normal_side || '|' || COALESCE(a.parent_code, '-') || '|' || {} || '|' ||
                    {} || '|' || CAST(a.opening AS TEXT)
             {BOOK} JOIN ledger_accounts a ON a.book_id = b.id ORDER BY 1",
            flag("a.from_template"),
            flag("a.active")
        ),
        format!(
            "SELECT {key} || '|' || v.period || '|' || CAST(v.number AS TEXT) || '|' || v.date
                    || '|' || v.summary || '|' || CAST(v.attachments AS TEXT) || '|' || v.state
                    || '|' || v.kind || '|' || COALESCE(v.reverses_id, '-') || '|' ||
                    COALESCE(v.reversed_by_id, '-') || '|' || COALESCE(v.preparer_id, '-') ||
                    '|' || v.preparer_name || '|' || COALESCE(v.reviewer_name, '-') || '|' ||
                    COALESCE(v.poster_name, '-') || '|' || CAST(v.total AS TEXT) || '|' ||
                    COALESCE(v.reviewed_at, '-') || '|' ||
                    CASE WHEN v.posted_at = v.created_at THEN 'posted at creation' ELSE '?' END
                    || '|' || v.origin
             {BOOK} JOIN ledger_vouchers v ON v.book_id = b.id ORDER BY 1"
        ),
        format!(
            "SELECT {key} || '|' || v.period || '|' || CAST(v.number AS TEXT) || '|' ||
                    CAST(l.line_no AS TEXT) || '|' || l.account_code || '|' ||
                    CAST(l.debit AS TEXT) || '|' || CAST(l.credit AS TEXT) || '|' || l.summary
             {BOOK} JOIN ledger_vouchers v ON v.book_id = b.id
             JOIN ledger_lines l ON l.voucher_id = v.id ORDER BY 1"
        ),
        format!(
            "SELECT {key} || '|' || p.account_code || '|' || p.period || '|' ||
                    CAST(p.debit AS TEXT) || '|' || CAST(p.credit AS TEXT) || '|' ||
                    CAST(p.closing_debit AS TEXT) || '|' || CAST(p.closing_credit AS TEXT)
             {BOOK} JOIN ledger_period_balances p ON p.book_id = b.id ORDER BY 1"
        ),
    ];
    for sql in &queries {
        let rows = texts(db, sql).await;
        assert!(!rows.is_empty(), "{sql}");
        all.extend(rows);
    }
    // The audit entries, their JSON without the ids and times of this run.
    let (entries, _) = store::audit::list(db, &Scope::system(), &Default::default(), Page::all())
        .await
        .unwrap();
    let mut audit: Vec<String> = entries
        .iter()
        .map(|e| {
            let mut after: serde_json::Value =
                serde_json::from_str(e.after_json.as_deref().unwrap_or("null")).unwrap();
            if let Some(map) = after.as_object_mut() {
                for field in ["id", "org_id", "created_at", "updated_at"] {
                    map.remove(field);
                }
            }
            format!(
                "{}|{}|{}|{}|{:?}|{:?}|{after}",
                e.entity,
                e.action,
                e.actor_name,
                e.region_code.as_deref().unwrap_or("-"),
                e.actor_id,
                e.before_json,
            )
        })
        .collect();
    audit.sort();
    all.extend(audit);
    // What users read: each book's trial balance and each year's classification.
    let scope = Scope::system();
    for org in books::list_orgs(db, &scope).await.unwrap() {
        for book in books::list_books(db, &scope, &org.id).await.unwrap() {
            let rows = reports::trial_balance(
                db,
                &scope,
                &book.id,
                Period::new(book.year, 1).unwrap(),
                Period::new(book.year, 12).unwrap(),
            )
            .await
            .unwrap();
            assert!(rows.iter().any(|r| r.balance.debit != 0));
            all.push(format!("{} {} {rows:?}", org.credit_code, book.year));
        }
    }
    for year in YEARS {
        let classes = classification::classify(db, &scope, year).await.unwrap();
        all.push(serde_json::to_string(&classes).unwrap());
    }
    all
}

/// Every constraint and index of the schema, as the catalogue defines them (PostgreSQL).
async fn schema(db: &Db) -> Vec<String> {
    if !matches!(db, Db::Postgres(_)) {
        return Vec::new();
    }
    let mut rows = texts(
        db,
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
             || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1",
    )
    .await;
    rows.extend(
        texts(
            db,
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
        )
        .await,
    );
    rows
}

async fn count(db: &Db, table: &str) -> i64 {
    texts(db, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}"))
        .await
        .first()
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Each configured database, loaded the given way: SQLite (where `NewBooks` is the ordinary
/// path) and, with `ZHENXING_TEST_POSTGRES`, PostgreSQL.
async fn loaded(way: Way, n: usize) -> Vec<(TestDb, Vec<String>)> {
    let mut dbs = vec![TestDb::sqlite().await];
    if let Some(pg) = TestDb::postgres().await {
        dbs.push(pg);
    }
    let mut out = Vec::new();
    for t in dbs {
        let before = schema(&t.db).await;
        load(&t.db, way, n, None, false).await.unwrap();
        assert_eq!(schema(&t.db).await, before, "the schema is whole again");
        let rows = stored(&t.db).await;
        out.push((t, rows));
    }
    out
}

#[tokio::test]
async fn copy_loads_store_what_the_ordinary_paths_store() {
    // Small flushes, so books go out in several COPY statements per table.
    let copied = loaded(Way::NewBooks { flush_at: 8 * 1024 }, 40).await;
    let ordinary = loaded(Way::Ordinary, 40).await;
    let (sqlite, sqlite_rows) = &ordinary[0];
    assert_eq!(sqlite.db.backend().as_str(), "sqlite");
    assert_eq!(count(&sqlite.db, "ledger_vouchers").await, 240);
    assert!(
        sqlite_rows.iter().any(|r| r.contains("反斜杠\\N 不是空值")),
        "escaped text comes back as written"
    );
    assert!(sqlite_rows.iter().any(|r| r.contains("两行\n摘要\r回车")));
    for (t, rows) in copied.iter().chain(&ordinary) {
        let backend = t.db.backend().as_str();
        assert_eq!(rows.len(), sqlite_rows.len(), "{backend}");
        for (a, b) in rows.iter().zip(sqlite_rows) {
            assert_eq!(a, b, "{backend}");
        }
    }
    if copied.len() == 1 {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the COPY path is checked on CI");
    }
    for (t, _) in copied.into_iter().chain(ordinary) {
        t.drop_db().await;
    }
}

#[tokio::test]
async fn a_load_failing_after_books_reached_the_database_leaves_nothing() {
    on_each_backend!(|db| {
        let before = schema(db).await;
        // Every book is sent as soon as it is gathered; the fourth of six fails.
        let way = Way::NewBooks { flush_at: 1 };
        let err = load(db, way, 30, Some(3), true).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Row { error, .. } if error.code == "ledger.account_unknown"),
            "{err:?}"
        );
        for table in [
            "regions",
            "ledger_orgs",
            "ledger_books",
            "ledger_accounts",
            "ledger_vouchers",
            "ledger_lines",
            "ledger_period_balances",
            "audit_log",
        ] {
            assert_eq!(count(db, table).await, 0, "{table} is empty");
        }
        assert_eq!(schema(db).await, before, "the schema is as it was");
        // A second book of an organisation and year is refused as such.
        let err = load(db, way, 30, Some(4), false).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Domain(domain::DomainError::Conflict(c)) if *c == "ledger.book_exists"),
            "{err:?}"
        );
        assert_eq!(count(db, "ledger_vouchers").await, 0);
        assert_eq!(schema(db).await, before);
        // The same load, whole, succeeds afterwards.
        load(db, way, 30, None, false).await.unwrap();
        assert_eq!(count(db, "ledger_books").await, 6);
        assert_eq!(count(db, "ledger_vouchers").await, 180);
        assert_eq!(schema(db).await, before);
    });
}

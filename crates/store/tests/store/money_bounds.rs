//! Money is bounded: every amount entered is within ±10^13 fen (`money.too_large` beyond),
//! every sum is checked, and a sum that does not fit — in Rust or in SQL, on either backend —
//! is the error `money.overflow`, never a wrapped figure, a REAL balance or an internal error.

use super::ledger::{book, user};
use super::*;
use domain::DomainError;
use domain::ledger::Period;
use domain::ledger::voucher::{LineInput, VoucherInput};
use domain::money::MAX_AMOUNT_FEN;
use store::ledger::{classification, reports, vouchers};

fn input(date: &str, debit: &str, credit: &str, amount: &str) -> VoucherInput {
    VoucherInput {
        date: date.into(),
        summary: "测试凭证".into(),
        attachments: String::new(),
        lines: vec![
            LineInput {
                account_code: debit.into(),
                debit: amount.into(),
                ..LineInput::default()
            },
            LineInput {
                account_code: credit.into(),
                credit: amount.into(),
                ..LineInput::default()
            },
        ],
    }
}

pub(super) fn is_overflow(e: &StoreError) -> bool {
    matches!(e, StoreError::Domain(DomainError::Conflict(c)) if *c == "money.overflow")
}

/// Runs one statement of test setup directly on the database (not through the store).
pub(super) async fn exec(db: &Db, sql: &str) -> Result<(), sqlx::Error> {
    let q = || sqlx::AssertSqlSafe(sql.to_string());
    match db {
        Db::Sqlite(pool) => sqlx::query(q()).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(q()).execute(pool).await.map(|_| ()),
    }
}

async fn query_i64(db: &Db, sql: &str) -> i64 {
    let q = || sqlx::AssertSqlSafe(sql.to_string());
    let row: (i64,) = match db {
        Db::Sqlite(pool) => sqlx::query_as(q()).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_as(q()).fetch_one(pool).await.unwrap(),
    };
    row.0
}

/// Creates, reviews and posts a voucher; the validated voucher must be accepted.
async fn post(db: &Db, book_id: &str, v: &VoucherInput) -> Result<String, StoreError> {
    let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
    let checker = user("zhang", Role::TownOfficer, "340803100000");
    let draft = vouchers::create_draft(db, &cadre, book_id, &v.validate()?).await?;
    vouchers::review(db, &checker, &draft.id).await?;
    vouchers::post(db, &checker, &draft.id).await?;
    Ok(draft.id)
}

#[tokio::test]
async fn a_balance_that_does_not_fit_is_money_overflow_in_every_report_and_posting() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        post(db, &book.id, &input("2024-01-10", "102", "501", "100"))
            .await
            .unwrap();
        post(db, &book.id, &input("2024-02-10", "102", "501", "100"))
            .await
            .unwrap();
        // Figures no bounded entry can reach (e.g. books migrated before the bound): each fits
        // in BIGINT, their sums do not.
        let near = i64::MAX - 1_000;
        exec(
            db,
            &format!(
                "UPDATE ledger_period_balances SET debit = {near} WHERE account_code = '102' AND period = '2024-01'"
            ),
        )
        .await
        .unwrap();
        exec(
            db,
            &format!(
                "UPDATE ledger_period_balances SET credit = {near} WHERE account_code = '501'"
            ),
        )
        .await
        .unwrap();
        let scope = Scope::system();
        let (jan, feb) = (Period::new(2024, 1).unwrap(), Period::new(2024, 2).unwrap());
        let e = reports::trial_balance(db, &scope, &book.id, jan, feb)
            .await
            .unwrap_err();
        assert!(is_overflow(&e), "trial balance: {e:?}");
        let e = reports::balance_sheet(db, &scope, &book.id, feb)
            .await
            .unwrap_err();
        assert!(is_overflow(&e), "balance sheet: {e:?}");
        let e = reports::income_statement(db, &scope, &book.id, jan, feb)
            .await
            .unwrap_err();
        assert!(is_overflow(&e), "income statement: {e:?}");
        let e = reports::general_ledger(db, &scope, &book.id, "102", jan, feb)
            .await
            .unwrap_err();
        assert!(is_overflow(&e), "general ledger: {e:?}");
        // The classification sums 501 over the months in SQL: SQLite's SUM raises "integer
        // overflow", PostgreSQL's NUMERIC sum does not fit the BIGINT cast.
        let e = classification::classify(db, &scope, 2024)
            .await
            .unwrap_err();
        assert!(is_overflow(&e), "classification: {e:?}");
        // Posting onto the full balance: SQLite would turn the sum into REAL (refused by the
        // integer CHECK), PostgreSQL's BIGINT raises; either way money.overflow, nothing moved.
        let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
        let checker = user("zhang", Role::TownOfficer, "340803100000");
        let big = input("2024-01-20", "102", "101", "100000000000")
            .validate()
            .unwrap();
        let draft = vouchers::create_draft(db, &cadre, &book.id, &big)
            .await
            .unwrap();
        vouchers::review(db, &checker, &draft.id).await.unwrap();
        let e = vouchers::post(db, &checker, &draft.id).await.unwrap_err();
        assert!(is_overflow(&e), "posting: {e:?}");
        let state = query_i64(
            db,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM ledger_vouchers WHERE id = '{}' AND state = 'reviewed'",
                draft.id
            ),
        )
        .await;
        assert_eq!(state, 1, "the posting rolled back");
        let still = query_i64(
            db,
            "SELECT debit FROM ledger_period_balances WHERE account_code = '102' AND period = '2024-01'",
        )
        .await;
        assert_eq!(still, near, "nothing moved");
    });
}

#[tokio::test]
async fn a_balance_column_holds_integers_only() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        post(db, &book.id, &input("2024-01-10", "102", "501", "100"))
            .await
            .unwrap();
        for sql in [
            "UPDATE ledger_period_balances SET debit = debit + 9223372036854775807 WHERE account_code = '102'",
            "UPDATE ledger_period_balances SET credit = 1.5 WHERE account_code = '501'",
            "UPDATE ledger_period_balances SET closing_debit = 1e30 WHERE account_code = '102'",
        ] {
            if sql.contains("1.5") && matches!(db, Db::Postgres(_)) {
                // A BIGINT column rounds a fraction on PostgreSQL: it holds an integer anyway.
                continue;
            }
            let e = exec(db, sql).await.unwrap_err();
            let e = StoreError::from(e);
            assert!(is_overflow(&e), "{sql}: {e:?}");
        }
    });
}

#[tokio::test]
async fn openings_are_bounded() {
    on_each_backend!(|db| {
        seed(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
        let org = store::ledger::books::create_org(
            db,
            &cadre,
            &code("340803100201"),
            "保婴村股份经济合作社",
            &super::ledger::credit_code(1),
        )
        .await
        .unwrap();
        let b = store::ledger::books::open_book(db, &cadre, &org.id, 2024, None)
            .await
            .unwrap();
        let e = store::ledger::books::set_openings(
            db,
            &cadre,
            &b.id,
            &[("102".into(), MAX_AMOUNT_FEN + 1)],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&e, StoreError::Domain(DomainError::Invalid(f)) if f.code == "money.too_large" && f.field == "opening"),
            "{e:?}"
        );
        store::ledger::books::set_openings(
            db,
            &cadre,
            &b.id,
            &[
                ("102".into(), MAX_AMOUNT_FEN),
                ("301".into(), -MAX_AMOUNT_FEN),
            ],
        )
        .await
        .unwrap();
        store::ledger::books::check_openings(db, &cadre, &b.id)
            .await
            .unwrap();
    });
}

mod property {
    //! No sequence of vouchers, with amounts drawn up to and beyond the bound, makes a
    //! balance or a report overflow or fail: accepted vouchers post, refused ones are
    //! refused with `money.too_large`, and every report answers with the exact figures.
    use super::*;
    use domain::ledger::statement::{Section, section_total};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    const ACCOUNTS: [&str; 8] = ["101", "102", "112", "211", "301", "501", "502", "511"];

    #[derive(Debug, Clone)]
    struct Entry {
        month: u32,
        debit: usize,
        credit: usize,
        /// Yuan text as a user would type it (possibly beyond the bound or beyond i64).
        amount: String,
    }

    fn amount() -> impl Strategy<Value = String> {
        let fen = |f: i64| domain::Money(f).to_string();
        prop_oneof![
            (1i64..100_000_000).prop_map(fen),
            (MAX_AMOUNT_FEN - 1_000..=MAX_AMOUNT_FEN).prop_map(fen),
            (MAX_AMOUNT_FEN + 1..=i64::MAX).prop_map(fen),
            Just("92233720368547758.07".to_string()),
            Just("99999999999999999999999".to_string()),
        ]
    }

    fn entry() -> impl Strategy<Value = Entry> {
        (1u32..=12, 0..ACCOUNTS.len(), 1..ACCOUNTS.len(), amount()).prop_map(
            |(month, debit, offset, amount)| Entry {
                month,
                debit,
                credit: (debit + offset) % ACCOUNTS.len(),
                amount,
            },
        )
    }

    async fn check(db: &Db, entries: &[Entry]) {
        let (_, book) = book(db).await;
        // Expected closings, in i128 so the expectation itself cannot overflow.
        let mut expected: BTreeMap<&str, i128> =
            BTreeMap::from([("102", 1_000_000), ("301", -1_000_000)]);
        let mut accepted = 0;
        for e in entries {
            let v = input(
                &format!("2024-{:02}-15", e.month),
                ACCOUNTS[e.debit],
                ACCOUNTS[e.credit],
                &e.amount,
            );
            let within = domain::Money::parse_yuan(&e.amount);
            match post(db, &book.id, &v).await {
                Ok(_) => {
                    let fen = i128::from(within.expect("accepted only within the bound").fen());
                    *expected.entry(ACCOUNTS[e.debit]).or_default() += fen;
                    *expected.entry(ACCOUNTS[e.credit]).or_default() -= fen;
                    accepted += 1;
                }
                Err(StoreError::Domain(DomainError::Invalid(f))) => {
                    assert_eq!(f.code, "money.too_large", "{e:?}");
                    assert!(within.is_none(), "refused within the bound: {e:?}");
                    assert_eq!(f.args["line"], "1");
                }
                Err(other) => panic!("{e:?}: {other:?}"),
            }
        }
        let scope = Scope::system();
        let (jan, dec) = (
            Period::new(2024, 1).unwrap(),
            Period::new(2024, 12).unwrap(),
        );
        let rows = reports::trial_balance(db, &scope, &book.id, jan, dec)
            .await
            .unwrap();
        for r in rows.iter().filter(|r| r.depth == 1) {
            assert_eq!(
                i128::from(r.balance.checked_closing().unwrap()),
                expected.get(r.code.as_str()).copied().unwrap_or(0),
                "{} after {accepted} vouchers",
                r.code
            );
        }
        let t = reports::checked_totals(&rows).unwrap();
        assert_eq!(t[1].0, t[2].1, "debits equal credits");
        assert_eq!(t[3].0, t[3].1, "closings balance");
        let sheet = reports::balance_sheet(db, &scope, &book.id, dec)
            .await
            .unwrap();
        assert_eq!(
            section_total(&sheet.lines, Section::Asset),
            section_total(&sheet.lines, Section::LiabilityEquity)
        );
        reports::income_statement(db, &scope, &book.id, jan, dec)
            .await
            .unwrap();
        let c = classification::classify(db, &scope, 2024).await.unwrap();
        let village = c
            .rows
            .iter()
            .find(|r| r.region_code == "340803100201")
            .unwrap();
        // Gross operating income (2023 chart): net credits of 501 and 502.
        let gross = -(expected.get("501").copied().unwrap_or(0)
            + expected.get("502").copied().unwrap_or(0));
        assert_eq!(i128::from(village.figure), gross);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]
        #[test]
        fn no_sequence_of_vouchers_makes_a_balance_or_report_overflow(
            entries in proptest::collection::vec(entry(), 1..12)
        ) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                on_each_backend!(|db| {
                    check(db, &entries).await;
                });
            });
        }
    }
}

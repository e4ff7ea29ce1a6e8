//! Trustworthy books (issue 11) on both backends: every state change of the ledger happens
//! exactly once under concurrency, voucher numbers never collide, whoever edits a draft is
//! its preparer, generated vouchers are changed only through their source, the year end
//! follows the closing of December, overflowing balances are refused, and the consistency
//! check agrees with a separate sum of the posted lines.

use super::ledger::{book, user, voucher};
use super::*;
use domain::ledger::Period;
use store::ledger::{check, vouchers, yearend};

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";
/// How many concurrent attempts each race makes.
const N: usize = 12;

fn code_of(e: &StoreError) -> &'static str {
    match e {
        StoreError::Domain(d) => d.code(),
        other => panic!("not a domain error: {other:?}"),
    }
}

fn cadre() -> Actor {
    user("kuaiji", Role::VillageCadre, BAOYING)
}

fn officer() -> Actor {
    user("zhen", Role::TownOfficer, TOWN)
}

/// One integer from a query with the book id as `$1` (and `$2` when given).
async fn scalar(db: &Db, sql: &'static str, a: &str, b: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql)
            .bind(a)
            .bind(b)
            .fetch_one(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql)
            .bind(a)
            .bind(b)
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

async fn exec(db: &Db, sql: &'static str, a: &str, b: &str) {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(sql)
                .bind(a)
                .bind(b)
                .execute(pool)
                .await
                .unwrap();
        }
        Db::Postgres(pool) => {
            sqlx::query(sql)
                .bind(a)
                .bind(b)
                .execute(pool)
                .await
                .unwrap();
        }
    }
}

/// The debit sum of the posted lines on `account` and its sub-accounts, summed here from
/// the lines, not from the maintained balances.
async fn posted_debits(db: &Db, book_id: &str, account: &str) -> i64 {
    scalar(
        db,
        "SELECT CAST(COALESCE(SUM(l.debit), 0) AS BIGINT) FROM ledger_lines l
         JOIN ledger_vouchers v ON v.id = l.voucher_id
         WHERE v.book_id = $1 AND v.state = 'posted' AND v.kind <> 'closing'
           AND l.account_code LIKE $2",
        book_id,
        &format!("{account}%"),
    )
    .await
}

/// The maintained debit balance of `account` over the whole year.
async fn balance_debits(db: &Db, book_id: &str, account: &str) -> i64 {
    scalar(
        db,
        "SELECT CAST(COALESCE(SUM(debit), 0) AS BIGINT) FROM ledger_period_balances
         WHERE book_id = $1 AND account_code = $2",
        book_id,
        account,
    )
    .await
}

async fn consistent(db: &Db, book_id: &str) {
    let problems = check::check(db, Some(book_id)).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    let all = check::check(db, None).await.unwrap();
    assert!(all.is_empty(), "{all:#?}");
}

/// A reviewed voucher of 3,000 yuan: 现金 to 经营收入.
async fn reviewed(db: &Db, book_id: &str) -> vouchers::VoucherRecord {
    let v = vouchers::create_draft(
        db,
        &cadre(),
        book_id,
        &voucher("2024-03-10", &[("101", "3000", ""), ("501", "", "3000")]),
    )
    .await
    .unwrap();
    vouchers::review(db, &officer(), &v.id).await.unwrap()
}

/// Runs `n` copies of `f` at once on clones of the database and returns their results.
async fn race<T, F, Fut>(db: &Db, n: usize, f: F) -> Vec<Result<T, StoreError>>
where
    T: Send + 'static,
    F: Fn(Db, usize) -> Fut,
    Fut: std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(f(db.clone(), i))).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Exactly one success; every other attempt is the conflict `code`.
fn one_winner<T>(results: Vec<Result<T, StoreError>>, code: &str) -> T {
    let mut wins = Vec::new();
    for r in results {
        match r {
            Ok(v) => wins.push(v),
            Err(e) => assert_eq!(code_of(&e), code, "{e:?}"),
        }
    }
    assert_eq!(wins.len(), 1, "exactly one attempt succeeds");
    wins.pop().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_posts_post_a_voucher_once() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        let id = v.id.clone();
        let results = race(db, N, move |db, i| {
            let id = id.clone();
            async move {
                let poster = user(&format!("poster{i}"), Role::TownOfficer, TOWN);
                vouchers::post(&db, &poster, &id).await
            }
        })
        .await;
        let posted = one_winner(results, "ledger.already_posted");
        assert_eq!(posted.state, "posted");
        // The balances moved once: as the posted lines say, 3,000 yuan.
        assert_eq!(posted_debits(db, &book.id, "101").await, 300_000);
        assert_eq!(balance_debits(db, &book.id, "101").await, 300_000);
        let audited = scalar(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND action = $2",
            &v.id,
            "post",
        )
        .await;
        assert_eq!(audited, 1);
        consistent(db, &book.id).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reversals_make_one_reversal() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        let id = v.id.clone();
        let results = race(db, N, move |db, _| {
            let id = id.clone();
            async move {
                let date = chrono::NaiveDate::from_ymd_opt(2024, 4, 2).unwrap();
                vouchers::reverse(&db, &cadre(), &id, date, None).await
            }
        })
        .await;
        let reversal = one_winner(results, "ledger.already_reversed");
        let reversals = scalar(
            db,
            "SELECT COUNT(*) FROM ledger_vouchers WHERE reverses_id = $1 AND kind = $2",
            &v.id,
            "reversal",
        )
        .await;
        assert_eq!(reversals, 1);
        // The one reversal posts, and a second reversal is refused afterwards too.
        vouchers::review(db, &officer(), &reversal.id)
            .await
            .unwrap();
        let id = reversal.id.clone();
        let results = race(db, N, move |db, i| {
            let id = id.clone();
            async move {
                let poster = user(&format!("poster{i}"), Role::TownOfficer, TOWN);
                vouchers::post(&db, &poster, &id).await
            }
        })
        .await;
        one_winner(results, "ledger.already_posted");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 4, 3).unwrap();
        let e = vouchers::reverse(db, &cadre(), &v.id, date, None)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), "ledger.already_reversed");
        let (original, _) = vouchers::get(db, &Scope::system(), &v.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            original.reversed_by_id.as_deref(),
            Some(reversal.id.as_str())
        );
        // 3,000 and its red-ink −3,000: the lines and the balances both net to zero.
        assert_eq!(posted_debits(db, &book.id, "101").await, 0);
        assert_eq!(balance_debits(db, &book.id, "101").await, 0);
        consistent(db, &book.id).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reviews_review_a_draft_once() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = vouchers::create_draft(
            db,
            &cadre(),
            &book.id,
            &voucher("2024-03-10", &[("101", "50", ""), ("501", "", "50")]),
        )
        .await
        .unwrap();
        let id = v.id.clone();
        let results = race(db, N, move |db, i| {
            let id = id.clone();
            async move {
                let reviewer = user(&format!("reviewer{i}"), Role::TownOfficer, TOWN);
                vouchers::review(&db, &reviewer, &id).await
            }
        })
        .await;
        let won = one_winner(results, "ledger.not_draft");
        let (now, _) = vouchers::get(db, &Scope::system(), &v.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.state, "reviewed");
        assert_eq!(now.reviewer_name, won.reviewer_name);
        consistent(db, &book.id).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_drafts_get_distinct_numbers() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let book_id = book.id.clone();
        let results = race(db, 16, move |db, _| {
            let book_id = book_id.clone();
            async move {
                let v = voucher("2024-05-06", &[("101", "1", ""), ("501", "", "1")]);
                vouchers::create_draft(&db, &cadre(), &book_id, &v).await
            }
        })
        .await;
        let mut numbers: Vec<i32> = results.into_iter().map(|r| r.unwrap().number).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=16).collect::<Vec<i32>>());
        consistent(db, &book.id).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_month_closes_and_reopens_happen_once() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        let march = Period::new(2024, 3).unwrap();
        let book_id = book.id.clone();
        let results = race(db, N, move |db, _| {
            let book_id = book_id.clone();
            async move { vouchers::close_period(&db, &cadre(), &book_id, march).await }
        })
        .await;
        one_winner(results, "ledger.period_already_closed");
        let closes = scalar(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND action = $2",
            &format!("{}/2024-03", book.id),
            "close",
        )
        .await;
        assert_eq!(closes, 1);
        let book_id = book.id.clone();
        let results = race(db, N, move |db, i| {
            let book_id = book_id.clone();
            async move {
                let admin = user(&format!("admin{i}"), Role::DistrictAdmin, "340803000000");
                vouchers::reopen_period(&db, &admin, &book_id, march, "补录凭证").await
            }
        })
        .await;
        one_winner(results, "ledger.period_not_closed");
        assert!(
            vouchers::closed_periods(db, &book.id)
                .await
                .unwrap()
                .is_empty()
        );
        consistent(db, &book.id).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_year_ends_close_the_year_once() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        let book_id = book.id.clone();
        let results = race(db, 6, move |db, _| {
            let book_id = book_id.clone();
            async move { yearend::close_year(&db, &cadre(), &book_id).await }
        })
        .await;
        let done = one_winner(results, "ledger.book_closed");
        assert_eq!(done.result, 300_000);
        assert_eq!(done.vouchers.len(), 2);
        consistent(db, &book.id).await;
    });
}

#[tokio::test]
async fn whoever_edits_a_draft_is_its_preparer() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = vouchers::create_draft(
            db,
            &cadre(),
            &book.id,
            &voucher("2024-03-10", &[("101", "3000", ""), ("501", "", "3000")]),
        )
        .await
        .unwrap();
        assert_eq!(v.preparer_name, "kuaiji");
        // The town officer changes 3,000 into 30,000: he is now the preparer…
        let edited = vouchers::update_draft(
            db,
            &officer(),
            &v.id,
            &voucher("2024-03-10", &[("101", "30000", ""), ("501", "", "30000")]),
        )
        .await
        .unwrap();
        assert_eq!(edited.preparer_name, "zhen");
        assert_eq!(edited.total, 3_000_000);
        // …so he cannot review his own change; the cadre can.
        let e = vouchers::review(db, &officer(), &v.id).await.unwrap_err();
        assert_eq!(code_of(&e), "ledger.reviewer_is_preparer");
        let r = vouchers::review(db, &cadre(), &v.id).await.unwrap();
        assert_eq!(r.reviewer_name.as_deref(), Some("kuaiji"));
        // The history shows the edit with the amounts before and after, and who made it.
        let history = vouchers::history(db, &officer().scope, &v.id)
            .await
            .unwrap()
            .unwrap();
        let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(actions, ["create", "update", "review"]);
        let edit = &history[1];
        assert_eq!(edit.actor_name, "zhen");
        let before = edit.before.as_ref().unwrap();
        let after = edit.after.as_ref().unwrap();
        assert_eq!((before.total, after.total), (300_000, 3_000_000));
        assert_eq!(
            (before.preparer_name.as_str(), after.preparer_name.as_str()),
            ("kuaiji", "zhen")
        );
        assert_eq!(before.lines[0], ("101".to_string(), 300_000, 0));
        assert_eq!(after.lines[0], ("101".to_string(), 3_000_000, 0));
        // Out of scope, there is no history to read.
        let other = user("hongpu", Role::VillageCadre, "340803100202");
        assert!(
            vouchers::history(db, &other.scope, &v.id)
                .await
                .unwrap()
                .is_none()
        );
    });
}

#[tokio::test]
async fn a_generated_voucher_is_not_edited_in_the_ledger() {
    use domain::industry::project::Status;
    use domain::industry::{BudgetLineInput, DisbursementInput, ProjectInput};
    use store::industry::{funds, projects};
    on_each_backend!(|db| {
        let (org, book) = book(db).await;
        let p = projects::create(
            db,
            &cadre(),
            &ProjectInput {
                region_code: BAOYING.into(),
                org_id: org.id.clone(),
                sector: "种植业".into(),
                title: "灵芝大棚种植".into(),
                description: "5 个大棚种植灵芝".into(),
                responsible_name: "张书记".into(),
                applied_on: "2024-02-01".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let line = projects::add_budget_line(
            db,
            &cadre(),
            &p.id,
            &BudgetLineInput {
                name: "大棚建设".into(),
                amount: "100000".into(),
                account_code: "401".into(),
            }
            .validate()
            .unwrap(),
        )
        .await
        .unwrap();
        let approved_on = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        projects::transition(db, &cadre(), &p.id, Status::Approved, "", approved_on)
            .await
            .unwrap();
        let pay = DisbursementInput {
            date: "2024-03-15".into(),
            amount: "3000".into(),
            summary: "支付大棚建设款".into(),
        }
        .validate()
        .unwrap();
        let (_, v) = funds::disburse(db, &cadre(), &line.id, &pay).await.unwrap();
        assert_eq!(v.origin, "generated");
        let e = vouchers::update_draft(
            db,
            &officer(),
            &v.id,
            &voucher("2024-03-15", &[("401", "30000", ""), ("101", "", "30000")]),
        )
        .await
        .unwrap_err();
        assert_eq!(code_of(&e), "ledger.voucher_generated");
        let (still, lines) = vouchers::get(db, &Scope::system(), &v.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(still.total, 300_000);
        assert_eq!(lines.iter().map(|l| l.debit).sum::<i64>(), 300_000);
        // A voucher entered in the ledger stays "entered".
        let entered = reviewed(db, &book.id).await;
        assert_eq!(entered.origin, "entered");
    });
}

#[tokio::test]
async fn the_year_end_follows_the_close_of_december() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        for month in 1..=12 {
            let p = Period::new(2024, month).unwrap();
            vouchers::close_period(db, &cadre(), &book.id, p)
                .await
                .unwrap();
        }
        // The cadre who closed every month goes on to the year end, with no admin needed.
        let done = yearend::close_year(db, &cadre(), &book.id).await.unwrap();
        assert_eq!(done.result, 300_000);
        let (closed, _) = store::ledger::books::get_book(db, &Scope::system(), &book.id)
            .await
            .unwrap()
            .unwrap();
        assert!(closed.closed);
        assert_eq!(
            vouchers::closed_periods(db, &book.id).await.unwrap().len(),
            12
        );
        // The carry-over is in the closing columns of December; nothing else moved there.
        let carried = scalar(
            db,
            "SELECT CAST(COALESCE(SUM(closing_debit), 0) AS BIGINT) FROM ledger_period_balances
             WHERE book_id = $1 AND account_code = $2",
            &book.id,
            "501",
        )
        .await;
        assert_eq!(carried, 300_000);
        consistent(db, &book.id).await;
        let next = yearend::open_next_year(db, &cadre(), &book.id)
            .await
            .unwrap();
        assert_eq!(next.year, 2025);
    });
}

#[tokio::test]
async fn a_balance_past_the_integer_range_is_money_overflow() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let first = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &first.id).await.unwrap();
        // A balance a hair under the largest integer (only a damaged or hostile database
        // holds one): the next posting would carry it past the range.
        exec(
            db,
            "UPDATE ledger_period_balances SET debit = 9223372036854775000
             WHERE book_id = $1 AND account_code = $2 AND period = '2024-03'",
            &book.id,
            "101",
        )
        .await;
        let second = reviewed(db, &book.id).await;
        let e = vouchers::post(db, &officer(), &second.id)
            .await
            .unwrap_err();
        assert_eq!(code_of(&e), domain::money::OVERFLOW);
        let (still, _) = vouchers::get(db, &Scope::system(), &second.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            still.state, "reviewed",
            "nothing of the refused posting stays"
        );
        // The check names the damaged balance.
        let problems = check::check(db, Some(&book.id)).await.unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.kind == "balance_mismatch" && p.detail.contains("101")),
            "{problems:#?}"
        );
    });
}

#[tokio::test]
async fn the_check_finds_a_broken_reversal_and_an_unbalanced_voucher() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        consistent(db, &book.id).await;
        exec(
            db,
            "UPDATE ledger_lines SET credit = credit + 1 WHERE voucher_id = $1 AND account_code = $2",
            &v.id,
            "501",
        )
        .await;
        exec(
            db,
            "UPDATE ledger_vouchers SET reversed_by_id = $2 WHERE id = $1",
            &v.id,
            "nothing",
        )
        .await;
        let problems = check::check(db, None).await.unwrap();
        let kinds: Vec<&str> = problems.iter().map(|p| p.kind).collect();
        for kind in [
            "unbalanced_voucher",
            "reversal_link_broken",
            "balance_mismatch",
        ] {
            assert!(kinds.contains(&kind), "{problems:#?}");
        }
    });
}

#[tokio::test]
async fn zhenxing_check_finds_broken_books_and_a_disarmed_audit_log() {
    on_each_backend!(|db| {
        let (_, book) = book(db).await;
        let v = reviewed(db, &book.id).await;
        vouchers::post(db, &officer(), &v.id).await.unwrap();
        // A sound database: nothing found (the attempted audit change is refused and undone).
        let findings = store::check::run(db).await.unwrap();
        assert!(findings.is_empty(), "{findings:#?}");
        let audit_rows = |db: &Db| {
            let db = db.clone();
            async move {
                let (n,): (i64,) = store::on_pool!(&db, |pool| {
                    sqlx::query_as("SELECT COUNT(*) FROM audit_log")
                        .fetch_one(pool)
                        .await
                        .unwrap()
                });
                n
            }
        };
        let before = audit_rows(db).await;
        assert!(before > 0);

        // A balance moved behind the books' back, and the audit log's guard taken away.
        exec(
            db,
            "UPDATE ledger_period_balances SET debit = debit + 1 WHERE book_id = $1 AND account_code = $2",
            &book.id,
            "101",
        )
        .await;
        let disarm = match db {
            Db::Sqlite(_) => "DROP TRIGGER audit_log_no_update",
            Db::Postgres(_) => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
        };
        store::on_pool!(db, |pool| {
            sqlx::query(disarm).execute(pool).await.unwrap();
        });
        let findings = store::check::run(db).await.unwrap();
        let kinds: Vec<&str> = findings.iter().map(|f| f.kind).collect();
        for kind in [
            "balance_mismatch",
            "audit_guard_missing",
            "audit_changeable",
        ] {
            assert!(kinds.contains(&kind), "{findings:#?}");
        }
        // The check changed nothing itself.
        assert_eq!(audit_rows(db).await, before);
    });
}

//! The report pack's 表六 and 表七 (issue 16): sums of the villages' books, a town's the sum of
//! its villages', the district's of its towns'; 表六's counts the classification's; scope.

use super::ledger::{credit_code, user, voucher};
use super::*;
use domain::ledger::{AccountingSystem, Class};
use domain::reports::layout::{ReportLayout, Return};
use store::ledger::{books, classification, vouchers};
use store::reports::{self as reports_store, Returns};

const DISTRICT: &str = "340803000000";
const HAIKOU: &str = "340803100000";
const SHILIPU: &str = "340803200000";
const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";

/// A book of `year` under `system` for a new organisation of `village`, with `vouchers`
/// posted (prepared by the district administrator, reviewed and posted by another).
async fn book(
    db: &Db,
    village: &str,
    n: u32,
    system: AccountingSystem,
    vouchers_: &[&[(&str, &str, &str)]],
) -> String {
    let openings = [("102", 1_000_000), ("301", -1_000_000)];
    book_opened(db, village, n, system, &openings, vouchers_).await
}

/// [`book`] with the given opening balances (fen, debit positive); its id.
async fn book_opened(
    db: &Db,
    village: &str,
    n: u32,
    system: AccountingSystem,
    openings: &[(&str, i64)],
    vouchers_: &[&[(&str, &str, &str)]],
) -> String {
    let admin = user("admin", Role::DistrictAdmin, DISTRICT);
    let checker = user("shenhe", Role::DistrictAdmin, DISTRICT);
    let org = books::create_org(db, &admin, &code(village), "合作社", &credit_code(n))
        .await
        .unwrap();
    let template = system.template().unwrap();
    let b = books::open_book(db, &admin, &org.id, 2024, Some(&template))
        .await
        .unwrap();
    let openings: Vec<(String, i64)> = openings.iter().map(|(c, a)| ((*c).into(), *a)).collect();
    books::set_openings(db, &admin, &b.id, &openings)
        .await
        .unwrap();
    books::check_openings(db, &admin, &b.id).await.unwrap();
    for lines in vouchers_ {
        let v = vouchers::create_draft(db, &admin, &b.id, &voucher("2024-06-30", lines))
            .await
            .unwrap();
        vouchers::review(db, &checker, &v.id).await.unwrap();
        vouchers::post(db, &checker, &v.id).await.unwrap();
    }
    b.id
}

async fn fixture(db: &Db) {
    seed(db).await;
    // 保婴村: two organisations, one on each chart.
    book(
        db,
        BAOYING,
        21,
        AccountingSystem::Cs2004,
        &[
            &[("102", "600,000", ""), ("501", "", "600,000")],
            &[("502", "100,000", ""), ("102", "", "100,000")],
        ],
    )
    .await;
    book(
        db,
        BAOYING,
        22,
        AccountingSystem::Cs2023,
        &[&[("102", "20,000", ""), ("501", "", "20,000")]],
    )
    .await;
    // 洪铺村 (2023 chart): 60,000 income, 10,000 expenses, 5,000 investment income.
    book(
        db,
        HONGPU,
        23,
        AccountingSystem::Cs2023,
        &[
            &[("102", "60,000", ""), ("501", "", "60,000")],
            &[("511", "10,000", ""), ("102", "", "10,000")],
            &[("102", "5,000", ""), ("502", "", "5,000")],
        ],
    )
    .await;
    // 长风村 (2004 chart): a subsidy and administrative expenses, no operating income.
    book(
        db,
        CHANGFENG,
        24,
        AccountingSystem::Cs2004,
        &[
            &[("102", "30,000", ""), ("522", "", "30,000")],
            &[("541", "8,000", ""), ("102", "", "8,000")],
        ],
    )
    .await;
}

fn line(layout: &ReportLayout, amounts: &[i64], line: u32) -> i64 {
    let i = layout.lines.iter().position(|l| l.line == line).unwrap();
    amounts[i]
}

fn sum(parts: &[&Returns]) -> Returns {
    let mut r = Returns {
        t6: vec![0; parts[0].t6.len()],
        t7_start: vec![0; parts[0].t7_start.len()],
        t7_end: vec![0; parts[0].t7_end.len()],
        books: 0,
    };
    for p in parts {
        for (a, b) in [
            (&mut r.t6, &p.t6),
            (&mut r.t7_start, &p.t7_start),
            (&mut r.t7_end, &p.t7_end),
        ] {
            for (x, y) in a.iter_mut().zip(b.iter()) {
                *x += y;
            }
        }
        r.books += p.books;
    }
    r
}

#[tokio::test]
async fn returns_are_the_sums_of_the_books_and_follow_the_regions() {
    on_each_backend!(|db| {
        fixture(db).await;
        let district = Scope::region(code(DISTRICT));
        let pack = |region: &'static str| {
            let district = district.clone();
            async move {
                reports_store::pack(db, &district, &code(region), 2024)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let d = pack(DISTRICT).await;
        let t6 = ReportLayout::shipped(Return::T6, AccountingSystem::Cs2004).unwrap();
        let t7 = ReportLayout::shipped(Return::T7, AccountingSystem::Cs2004).unwrap();
        // 经营收入: 600,000 + 20,000 + 60,000 yuan; 投资收益 5,000; 经营支出 100,000 + 10,000;
        // 管理费用 8,000; 补助收入 30,000.
        assert_eq!(line(&t6, &d.total.t6, 1), 68_000_000);
        assert_eq!(line(&t6, &d.total.t6, 3), 500_000);
        assert_eq!(line(&t6, &d.total.t6, 4), 11_000_000);
        assert_eq!(line(&t6, &d.total.t6, 5), 800_000);
        assert_eq!(line(&t6, &d.total.t6, 6), 56_700_000);
        assert_eq!(line(&t6, &d.total.t6, 7), 3_000_000);
        assert_eq!(line(&t6, &d.total.t6, 10), 59_700_000);
        assert_eq!(d.total.books, 4);
        t6.check_relations(&d.total.t6).unwrap();
        t7.check_relations(&d.total.t7_end).unwrap();
        // Four books opened with 10,000 yuan of cash each; 资产 = 负债 + 所有者权益.
        assert_eq!(line(&t7, &d.total.t7_start, 1), 4_000_000);
        assert_eq!(line(&t7, &d.total.t7_start, 15), 4_000_000);
        assert_eq!(
            line(&t7, &d.total.t7_end, 1),
            4_000_000 + 59_700_000,
            "cash grew by the year's profit"
        );
        assert_eq!(
            line(&t7, &d.total.t7_end, 15),
            line(&t7, &d.total.t7_end, 31)
        );
        // Per village: 保婴村 sums its two books under two charts.
        let baoying = d
            .villages
            .iter()
            .find(|v| v.region_code == BAOYING)
            .unwrap();
        assert_eq!(baoying.returns.books, 2);
        assert_eq!(line(&t6, &baoying.returns.t6, 1), 62_000_000);
        assert_eq!(line(&t6, &baoying.returns.t6, 6), 52_000_000);
        // A town's tables are the sum of its villages', the district's of its towns'.
        let haikou = pack(HAIKOU).await;
        let shilipu = pack(SHILIPU).await;
        let villages = [
            pack(BAOYING).await.total,
            pack(HONGPU).await.total,
            pack(CHANGFENG).await.total,
        ];
        assert_eq!(haikou.total, sum(&[&villages[0], &villages[1]]));
        assert_eq!(shilipu.total, villages[2]);
        assert_eq!(d.total, sum(&[&haikou.total, &shilipu.total]));
        assert_eq!(baoying.returns, villages[0]);
        // 表六's counts are the classification's (gross measure: 620,000 strong, 65,000
        // weak, 长风村 none).
        let c = classification::classify(db, &district, 2024).await.unwrap();
        let class = |k: Class| c.classes.iter().find(|x| x.class == k).unwrap().count;
        let n = d.counts;
        assert_eq!(n.villages, c.villages);
        assert_eq!(n.none + n.under_shell, class(Class::Shell));
        assert_eq!(n.shell_to_weak, class(Class::Weak));
        assert_eq!(n.from_weak, class(Class::Ordinary) + class(Class::Strong));
        assert_eq!(n.strong, class(Class::Strong));
        assert_eq!((n.none, n.shell_to_weak, n.strong), (1, 1, 1));
        // Scope: a town officer of 十里铺乡 does not reach 海口镇 or the district.
        let shilipu_scope = Scope::region(code(SHILIPU));
        for region in [HAIKOU, DISTRICT, BAOYING] {
            assert!(
                reports_store::pack(db, &shilipu_scope, &code(region), 2024)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        let own = reports_store::pack(db, &shilipu_scope, &code(SHILIPU), 2024)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(own.total, villages[2]);
        // Every table of the pack builds; a year without books gives zeros, not an error.
        let tables = reports_store::tables(db, &district, &code(DISTRICT), 2024)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tables.len(), domain::reports::table::TableCode::ALL.len());
        let empty = pack(DISTRICT).await;
        assert_eq!(empty.total.books, 4);
        let none = reports_store::pack(db, &district, &code(DISTRICT), 2019)
            .await
            .unwrap()
            .unwrap();
        assert!(none.total.t6.iter().all(|a| *a == 0));
        assert_eq!(none.counts.none, 3);
    });
}

#[tokio::test]
async fn the_undistributed_profit_carried_in_is_the_years_opening() {
    on_each_backend!(|db| {
        seed(db).await;
        // 3,000 yuan of undistributed profit carried in (a credit balance of 322), and income
        // in June.
        let openings = [("102", 1_000_000), ("301", -700_000), ("322", -300_000)];
        let book_id = book_opened(
            db,
            BAOYING,
            31,
            AccountingSystem::Cs2004,
            &openings,
            &[&[("102", "1,000", ""), ("501", "", "1,000")]],
        )
        .await;
        let scope = Scope::system();
        let opening_line = |s: &store::ledger::reports::Statement| {
            s.lines
                .iter()
                .find(|l| l.line == Some(22))
                .map(|l| l.amount)
                .unwrap()
        };
        for from in [1, 4] {
            let s = store::ledger::reports::income_statement(
                db,
                &scope,
                &book_id,
                domain::ledger::Period::new(2024, from).unwrap(),
                domain::ledger::Period::new(2024, 12).unwrap(),
            )
            .await
            .unwrap();
            assert_eq!(
                opening_line(&s),
                300_000,
                "年初未分配收益 from month {from}"
            );
        }
        let t6 = ReportLayout::shipped(Return::T6, AccountingSystem::Cs2004).unwrap();
        let pack = reports_store::pack(db, &Scope::system(), &code(BAOYING), 2024)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(line(&t6, &pack.total.t6, 11), 300_000);
        assert_eq!(line(&t6, &pack.total.t6, 13), 400_000, "可分配收益");
        t6.check_relations(&pack.total.t6).unwrap();
    });
}

#[tokio::test]
async fn a_pack_whose_sums_do_not_fit_is_money_overflow() {
    use super::money_bounds::{exec, is_overflow};
    on_each_backend!(|db| {
        fixture(db).await;
        // June's income of 保婴村's two books and 洪铺村's book raised by 2^62 fen each (books
        // migrated before the bound could hold such figures; each fits, their sums do not),
        // cash raised alike so every book still balances.
        let big = 1_i64 << 62;
        for (account, column) in [("501", "credit"), ("102", "debit")] {
            exec(
                db,
                &format!(
                    "UPDATE ledger_period_balances SET {column} = {column} + {big}
                     WHERE account_code = '{account}' AND period = '2024-06' AND book_id IN
                       (SELECT b.id FROM ledger_books b JOIN ledger_orgs o ON o.id = b.org_id
                        WHERE o.region_code IN ('{BAOYING}', '{HONGPU}'))"
                ),
            )
            .await
            .unwrap();
        }
        let scope = Scope::region(code(DISTRICT));
        // One book's figure fits: 洪铺村's pack is built.
        let hongpu = reports_store::pack(db, &scope, &code(HONGPU), 2024)
            .await
            .unwrap()
            .unwrap();
        let t6 = ReportLayout::shipped(Return::T6, AccountingSystem::Cs2004).unwrap();
        assert!(line(&t6, &hongpu.total.t6, 1) >= big);
        // Two such books in a village, or two villages in a town: money.overflow, no figure.
        for region in [BAOYING, HAIKOU, DISTRICT] {
            let e = reports_store::pack(db, &scope, &code(region), 2024)
                .await
                .unwrap_err();
            assert!(is_overflow(&e), "{region}: {e:?}");
        }
    });
}

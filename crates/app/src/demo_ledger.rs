//! The demo's books: one collective economic organisation per village, books 2020–2025
//! (2020–2023 on the 2004 chart, 2024–2025 on the 2023 chart, carried over at each year end),
//! with contract and operating income, investment income, subsidies, wages and management
//! costs. Figures are illustrative, chosen so that the 2020 classification computed from the
//! vouchers gives 5 strong villages of 17 (29.4 %), and 保婴村's first lingzhi season sold
//! 200,000 yuan. Nothing here is a typed-in result: the reports compute them.
//!
//! The demo lives in the present: the books go on to the China-time year in which the demo is
//! loaded ([`present_year`]), each year closed and the next opened by the books' own year end,
//! so the present year starts from the balances carried over, as a real village's does once
//! the town's bookkeeping station has closed the year before. The present year holds the
//! generated vouchers dated before today (not 保婴村's lingzhi sales: this season's are the
//! production logs', entered as they happen) and is open for today's work.
//!
//! 保婴村's 2020 lingzhi sales and costs are not imported here: the industry demo records the
//! season's production logs, whose sale and labour vouchers are the books' entries. So
//! [`load`] leaves 保婴村's 2020 book open, and [`finish`] closes it once the industry demo
//! has posted its vouchers, then goes on to 2025 and the present like every other village.

use domain::Money;
use domain::identity::Actor;
use domain::ledger::AccountingSystem;
use domain::ledger::Period;
use domain::ledger::voucher::{Line, Voucher};
use store::Db;
use store::ledger::import::{ImportVoucher, import_posted};
use store::ledger::{books, yearend};

pub const FIRST_YEAR: i32 = 2020;
/// The last year whose facts the demo fixes (the supported villages' projects are 2025's).
pub const LAST_YEAR: i32 = 2025;
pub const BAOYING: &str = "340803100201";
/// 保婴村's first lingzhi season, in yuan.
pub const LINGZHI_FIRST_SEASON_YUAN: i64 = 200_000;

/// (village code, 2020 contract income, 2020 operating income, 2020 investment income), yuan.
/// The five with a sum of at least 500,000 are the strong villages of 2020.
const VILLAGES: [(&str, i64, i64, i64); 17] = [
    (BAOYING, 90_000, 40_000, 0),
    ("340803100202", 42_000, 18_000, 0),
    ("340803100203", 260_000, 280_000, 30_000),
    ("340803100204", 310_000, 240_000, 12_000),
    ("340803100205", 120_000, 60_000, 5_000),
    ("340803100206", 30_000, 8_000, 0),
    ("340803200201", 420_000, 330_000, 60_000),
    ("340803200202", 150_000, 90_000, 0),
    ("340803200203", 380_000, 150_000, 20_000),
    ("340803200204", 40_000, 25_000, 0),
    ("340803200205", 95_000, 70_000, 8_000),
    ("340803200206", 18_000, 6_000, 0),
    ("340803201201", 160_000, 120_000, 10_000),
    ("340803201202", 300_000, 260_000, 45_000),
    ("340803201203", 35_000, 20_000, 0),
    ("340803201204", 70_000, 50_000, 0),
    ("340803201205", 25_000, 12_000, 0),
];

/// The year the demo lives in: the China-time year it is loaded in (never before
/// [`LAST_YEAR`]). Its books are open, carried over from the closed year before.
pub fn present_year() -> i32 {
    use chrono::Datelike;
    domain::time::today().year().max(LAST_YEAR)
}

struct Chart {
    contract: &'static str,
    operating: &'static str,
    lingzhi: &'static str,
    investment: &'static str,
    subsidy: &'static str,
    wages_expense: &'static str,
    wages_payable: &'static str,
    management: &'static str,
    operating_cost: &'static str,
}

fn chart(system: AccountingSystem) -> Chart {
    match system {
        AccountingSystem::Cs2004 => Chart {
            contract: "511",
            operating: "501001",
            lingzhi: "501002",
            investment: "561",
            subsidy: "522",
            wages_expense: "541",
            wages_payable: "211",
            management: "541",
            operating_cost: "502",
        },
        AccountingSystem::Cs2023 => Chart {
            contract: "501003",
            operating: "501001",
            lingzhi: "501002",
            investment: "502",
            subsidy: "503",
            wages_expense: "513",
            wages_payable: "212",
            management: "513",
            operating_cost: "511",
        },
    }
}

fn credit_code(n: usize) -> String {
    let body = format!("N2340803MF{n:07}");
    let check = domain::ledger::credit_code::check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

fn voucher(
    year: i32,
    month: u32,
    day: u32,
    summary: &str,
    lines: &[(&str, i64, i64)],
) -> Option<Voucher> {
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Voucher {
        date,
        period: Period::of_date(date),
        summary: summary.to_string(),
        attachments: 1,
        lines: lines
            .iter()
            .map(|(code, d, c)| Line {
                account_code: code.to_string(),
                debit: Money(*d),
                credit: Money(*c),
                summary: String::new(),
            })
            .collect(),
    })
}

/// Grows a 2020 figure by 6 % a year (integer fen, rounded down).
fn grown(yuan: i64, year: i32) -> i64 {
    let mut fen = yuan * 100;
    for _ in FIRST_YEAR..year {
        fen = fen * 106 / 100;
    }
    fen
}

/// Splits `total` fen into `parts` nearly equal parts that add up exactly.
fn split(total: i64, parts: i64) -> Vec<i64> {
    let base = total / parts;
    let mut out = vec![base; parts as usize];
    if let Some(last) = out.last_mut() {
        *last += total - base * parts;
    }
    out
}

fn year_vouchers(
    index: usize,
    code: &str,
    year: i32,
    system: AccountingSystem,
) -> Vec<ImportVoucher> {
    let (_, contract, operating, investment) = VILLAGES[index];
    let c = chart(system);
    let mut out: Vec<Option<Voucher>> = Vec::new();
    // Contract fees (发包收入) in January and July.
    for (month, part) in [1, 7].into_iter().zip(split(grown(contract, year), 2)) {
        out.push(voucher(
            year,
            month,
            8,
            "收到土地及资源发包款",
            &[("102", part, 0), (c.contract, 0, part)],
        ));
    }
    // Operating income (rentals, services) monthly.
    for (i, part) in split(grown(operating, year), 12).into_iter().enumerate() {
        if part > 0 {
            let month = i as u32 + 1;
            out.push(voucher(
                year,
                month,
                20,
                "收到集体资产出租及服务收入",
                &[("102", part, 0), (c.operating, 0, part)],
            ));
        }
    }
    if investment > 0 {
        let fen = grown(investment, year);
        out.push(voucher(
            year,
            12,
            10,
            "收到入股分红（投资收益）",
            &[("102", fen, 0), (c.investment, 0, fen)],
        ));
    }
    // 保婴村's lingzhi: growing seasons after the first (2020: the production logs'); the
    // present season's sales are the production logs' too, entered as they happen.
    if code == BAOYING && year > FIRST_YEAR && year < present_year() {
        let season =
            LINGZHI_FIRST_SEASON_YUAN * 100 * (100 + 15 * i64::from(year - FIRST_YEAR)) / 100;
        for (month, part) in [9, 10, 11].into_iter().zip(split(season, 3)) {
            out.push(voucher(
                year,
                month,
                25,
                "灵芝子实体及孢子粉销售收入",
                &[("102", part, 0), (c.lingzhi, 0, part)],
            ));
        }
        let cost = season * 45 / 100;
        out.push(voucher(
            year,
            11,
            28,
            "灵芝大棚菌包、用工等经营支出",
            &[(c.operating_cost, cost, 0), ("102", 0, cost)],
        ));
    }
    // Subsidies (补助收入) in March and September: not operating income.
    for (month, part) in [3, 9]
        .into_iter()
        .zip(split(3_000_000 + (index as i64) * 150_000, 2))
    {
        out.push(voucher(
            year,
            month,
            12,
            "收到村级组织运转经费补助",
            &[("102", part, 0), (c.subsidy, 0, part)],
        ));
    }
    // Wages of village cadres: accrued and paid each month.
    let monthly_wage = 900_000 + (index as i64 % 5) * 60_000;
    for month in 1..=12 {
        out.push(voucher(
            year,
            month,
            26,
            "计提村干部报酬",
            &[
                (c.wages_expense, monthly_wage, 0),
                (c.wages_payable, 0, monthly_wage),
            ],
        ));
        out.push(voucher(
            year,
            month,
            28,
            "发放村干部报酬",
            &[(c.wages_payable, monthly_wage, 0), ("102", 0, monthly_wage)],
        ));
    }
    // Management costs each quarter.
    for month in [3, 6, 9, 12] {
        let fen = 450_000 + (index as i64) * 20_000;
        out.push(voucher(
            year,
            month,
            30,
            "支付办公、水电等管理费用",
            &[(c.management, fen, 0), ("102", 0, fen)],
        ));
    }
    // The present year holds what happened before today; today's work is the user's.
    let today = domain::time::today();
    out.into_iter()
        .flatten()
        .filter(|v| year <= LAST_YEAR || v.date < today)
        .enumerate()
        .map(|(i, voucher)| ImportVoucher {
            row: i + 2,
            number: None,
            voucher,
            preparer: if code == BAOYING {
                "baoying".into()
            } else {
                "村报账员（示例）".into()
            },
            reviewer: "镇农经站（示例）".into(),
        })
        .collect()
}

type Book = store::ledger::books::BookRecord;

/// Imports a village's vouchers of the book's year (adding 501003 发包收入 to the first book
/// on the 2023 chart).
async fn fill_year(
    db: &Db,
    actor: &Actor,
    index: usize,
    code: &str,
    book: &Book,
) -> Result<(), crate::demo::DemoError> {
    let err = crate::demo::DemoError::Database;
    let system = book.system().map_err(|e| e.to_string())?;
    if system == AccountingSystem::Cs2023
        && !books::accounts(db, &book.id)
            .await
            .map_err(err)?
            .iter()
            .any(|a| a.code == "501003")
    {
        // From 2024 contract fees are operating income (经营收入) under the new chart.
        books::add_sub_account(db, actor, &book.id, "501", "501003", "发包收入")
            .await
            .map_err(err)?;
    }
    let items = year_vouchers(index, code, book.year, system);
    if !items.is_empty() {
        import_posted(db, actor, &book.id, &items)
            .await
            .map_err(err)?;
    }
    Ok(())
}

/// Closes the book's year and opens the next.
async fn next_year(db: &Db, actor: &Actor, book: &Book) -> Result<Book, crate::demo::DemoError> {
    let err = crate::demo::DemoError::Database;
    yearend::close_year(db, actor, &book.id)
        .await
        .map_err(err)?;
    yearend::open_next_year(db, actor, &book.id)
        .await
        .map_err(err)
}

/// Loads the books of every demo village, 保婴村's only up to its open 2020 book.
pub async fn load(db: &Db, actor: &Actor) -> Result<(), crate::demo::DemoError> {
    let err = crate::demo::DemoError::Database;
    for (index, (code, ..)) in VILLAGES.iter().enumerate() {
        let region = domain::region::RegionCode::parse(code).map_err(|e| e.to_string())?;
        let village = store::region::get(db, &domain::identity::Scope::system(), code)
            .await
            .map_err(err)?
            .ok_or_else(|| format!("demo village {code} missing"))?;
        let org = books::create_org(
            db,
            actor,
            &region,
            &format!("{}股份经济合作社", village.name),
            &credit_code(index + 1),
        )
        .await
        .map_err(err)?;
        let mut book = books::open_book(db, actor, &org.id, FIRST_YEAR, None)
            .await
            .map_err(err)?;
        let bank = 30_000_000 + index as i64 * 1_700_000;
        let assets = 120_000_000 + index as i64 * 9_000_000;
        let depreciation = assets / 5;
        books::set_openings(
            db,
            actor,
            &book.id,
            &[
                ("102".into(), bank),
                ("151".into(), assets),
                ("152".into(), -depreciation),
                ("301".into(), -(bank + assets - depreciation)),
            ],
        )
        .await
        .map_err(err)?;
        books::check_openings(db, actor, &book.id)
            .await
            .map_err(err)?;
        let mut subs = vec![
            ("501", "501001", "集体资产出租及服务收入"),
            ("322", "322001", "各项分配"),
            ("322", "322002", "未分配收益"),
        ];
        if *code == BAOYING {
            subs.push(("501", "501002", "灵芝销售收入"));
        }
        for (parent, sub, name) in subs {
            books::add_sub_account(db, actor, &book.id, parent, sub, name)
                .await
                .map_err(err)?;
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            fill_year(db, actor, index, code, &book).await?;
            if *code == BAOYING {
                // The industry demo writes the first lingzhi season; `finish` goes on.
                break;
            }
            if year < LAST_YEAR {
                book = next_year(db, actor, &book).await?;
            }
        }
    }
    Ok(())
}

/// A village's book of `year`.
async fn book_of(db: &Db, village: &str, year: i32) -> Result<Book, crate::demo::DemoError> {
    let err = crate::demo::DemoError::Database;
    let scope = domain::identity::Scope::system();
    let org = books::list_orgs(db, &scope)
        .await
        .map_err(err)?
        .into_iter()
        .find(|o| o.region_code == village)
        .ok_or_else(|| {
            crate::demo::DemoError::Data(format!("demo: village {village} has no organisation"))
        })?;
    books::list_books(db, &scope, &org.id)
        .await
        .map_err(err)?
        .into_iter()
        .find(|b| b.year == year)
        .ok_or_else(|| {
            crate::demo::DemoError::Data(format!("demo: village {village} has no {year} book"))
        })
}

/// Closes 保婴村's 2020 book (every voucher in it posted by then) and loads its books up to
/// 2025; then every village's books go on from 2025 to the present year, each year opened by
/// the year end of the one before (balances carried over by `yearend`, never typed), so the
/// present year's book is open for the work of today.
pub async fn finish(db: &Db, actor: &Actor) -> Result<(), crate::demo::DemoError> {
    let mut book = book_of(db, BAOYING, FIRST_YEAR).await?;
    let index = VILLAGES
        .iter()
        .position(|(c, ..)| *c == BAOYING)
        .unwrap_or_default();
    for _ in FIRST_YEAR..LAST_YEAR {
        book = next_year(db, actor, &book).await?;
        fill_year(db, actor, index, BAOYING, &book).await?;
    }
    let present = present_year();
    for (index, (code, ..)) in VILLAGES.iter().enumerate() {
        let mut book = book_of(db, code, LAST_YEAR).await?;
        for _ in LAST_YEAR..present {
            book = next_year(db, actor, &book).await?;
            fill_year(db, actor, index, code, &book).await?;
        }
    }
    Ok(())
}

//! The report pack over HTTP (issue 16): every table's balance relations hold; 表六's counts
//! are the classification's; the workbook read back with calamine shows the pages' and the
//! API's figures; a town's pack is the sum of its villages', the district's of its towns';
//! scope (a town officer sees only its villages, a region outside the scope is 404). On
//! SQLite, and on PostgreSQL when `ZHENXING_TEST_POSTGRES` is set.

use super::*;
use calamine::{Data, Reader};
use domain::identity::Scope;
use domain::ledger::{AccountingSystem, Class, VoucherInput, voucher::LineInput};
use domain::reports::layout::{ReportLayout, Return, Term};
use domain::reports::table::TableCode;
use serde_json::Value;
use store::ledger::{books, classification, vouchers};

const DISTRICT: &str = "340803000000";
const HAIKOU: &str = "340803100000";
const SHILIPU: &str = "340803200000";
const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";
const CHANGFENG: &str = "340803200201";

fn district_actor(name: &str) -> Actor {
    Actor {
        user_id: None,
        username: name.into(),
        role: Some(Role::DistrictAdmin),
        scope: Scope::region(RegionCode::parse(DISTRICT).unwrap()),
    }
}

/// A 2024 book under `system` for a new organisation of `village`, opened with 10,000 yuan
/// of cash against capital, with `entries` posted (prepared and reviewed by two people).
async fn book(
    app: &App,
    village: &str,
    n: u32,
    system: AccountingSystem,
    entries: &[&[(&str, &str, &str)]],
) {
    let admin = district_actor("admin-a");
    let checker = district_actor("admin-b");
    let body = format!("N2340803MF{n:07}");
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(&body).unwrap()
    );
    let org = books::create_org(
        &app.db,
        &admin,
        &RegionCode::parse(village).unwrap(),
        "合作社",
        &credit,
    )
    .await
    .unwrap();
    let template = system.template().unwrap();
    let b = books::open_book(&app.db, &admin, &org.id, 2024, Some(&template))
        .await
        .unwrap();
    books::set_openings(
        &app.db,
        &admin,
        &b.id,
        &[("102".into(), 1_000_000), ("301".into(), -1_000_000)],
    )
    .await
    .unwrap();
    books::check_openings(&app.db, &admin, &b.id).await.unwrap();
    for lines in entries {
        let input = VoucherInput {
            date: "2024-06-30".into(),
            summary: "测试".into(),
            attachments: "1".into(),
            lines: lines
                .iter()
                .map(|(code, d, c)| LineInput {
                    account_code: (*code).into(),
                    debit: (*d).into(),
                    credit: (*c).into(),
                    summary: String::new(),
                })
                .collect(),
        }
        .validate()
        .unwrap();
        let v = vouchers::create_draft(&app.db, &admin, &b.id, &input)
            .await
            .unwrap();
        vouchers::review(&app.db, &checker, &v.id).await.unwrap();
        vouchers::post(&app.db, &checker, &v.id).await.unwrap();
    }
}

/// 洪铺村 beside 保婴村 in 海口镇, and books in three villages of two towns under both charts.
async fn fixture(app: &App) {
    let input = RegionInput {
        code: HONGPU.into(),
        parent_code: HAIKOU.into(),
        name: "洪铺村".into(),
        kind: "村".into(),
        ..Default::default()
    };
    store::region::import(
        &app.db,
        &Actor::system("test"),
        &[(2, input.validate().unwrap())],
    )
    .await
    .unwrap();
    book(
        app,
        BAOYING,
        31,
        AccountingSystem::Cs2004,
        &[
            &[("102", "600,000", ""), ("501", "", "600,000")],
            &[("502", "100,000", ""), ("102", "", "100,000")],
            &[("322", "20,000", ""), ("102", "", "20,000")],
        ],
    )
    .await;
    book(
        app,
        HONGPU,
        32,
        AccountingSystem::Cs2023,
        &[
            &[("102", "60,000", ""), ("501", "", "60,000")],
            &[("511", "10,000", ""), ("102", "", "10,000")],
        ],
    )
    .await;
    book(
        app,
        CHANGFENG,
        33,
        AccountingSystem::Cs2004,
        &[
            &[("102", "30,000", ""), ("522", "", "30,000")],
            &[("541", "8,000", ""), ("102", "", "8,000")],
        ],
    )
    .await;
}

async fn api(app: &App, s: &Session, table: &str, region: &str) -> (StatusCode, Value) {
    let res = app
        .get(
            &format!("/api/v1/reports/{table}?region={region}&year=2024"),
            &s.cookie,
        )
        .await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or(Value::Null),
    )
}

/// The rows of a table whose code is a line number, as (line, [fen per column]).
fn lines(t: &Value) -> Vec<(u32, Vec<i64>)> {
    t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            let line: u32 = r["code"].as_str()?.parse().ok()?;
            let fens = r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["fen"].as_i64().unwrap())
                .collect();
            Some((line, fens))
        })
        .collect()
}

/// Every balance relation of the layout holds in every column of the API's table.
fn relations_hold(ret: Return, t: &Value) {
    let rows = lines(t);
    assert!(!rows.is_empty());
    for system in AccountingSystem::ALL {
        let layout = ReportLayout::shipped(ret, system).unwrap();
        let side = |f: &domain::reports::layout::Formula, col: usize| -> i64 {
            f.terms
                .iter()
                .map(|(neg, term)| {
                    let v = match term {
                        Term::Line(n) => rows.iter().find(|(l, _)| l == n).unwrap().1[col],
                        _ => 0,
                    };
                    if *neg { -v } else { v }
                })
                .sum()
        };
        for r in &layout.relations {
            for col in 0..rows[0].1.len() {
                assert_eq!(side(&r.left, col), side(&r.right, col), "{}", r.text);
            }
        }
    }
}

fn fen(t: &Value, line: u32, col: usize) -> i64 {
    lines(t).into_iter().find(|(l, _)| *l == line).unwrap().1[col]
}

/// The appended counts of 表六 (the rows without a line number), in order.
fn counts(t: &Value) -> Vec<i64> {
    t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"] == "")
        .map(|r| r["cells"][0]["value"].as_i64().unwrap())
        .collect()
}

fn add(a: &[(u32, Vec<i64>)], b: &[(u32, Vec<i64>)]) -> Vec<(u32, Vec<i64>)> {
    a.iter()
        .zip(b)
        .map(|((l, x), (m, y))| {
            assert_eq!(l, m);
            (*l, x.iter().zip(y).map(|(p, q)| p + q).collect())
        })
        .collect()
}

/// A 2024 village assessment of one computed indicator (operating income, linear up to
/// 1,000,000 yuan), opened, computed, reviewed and published.
async fn published_assessment(app: &App) {
    use domain::assessment::Step;
    use domain::assessment::scheme::{
        Basis, Indicator, IndicatorKind, Rule, Scheme, SubjectKind, default_bands,
    };
    use store::assessment::{runs, schemes};
    let scheme = Scheme {
        year: 2024,
        subject_kind: SubjectKind::VillageTeam,
        owner: RegionCode::parse(DISTRICT).unwrap(),
        title: "2024年度村两委班子考核".into(),
        indicators: vec![Indicator {
            key: "income".into(),
            name: "经营收入".into(),
            weight: 100,
            kind: IndicatorKind::Computed {
                metric: domain::metrics::Metric::OperatingIncome,
                basis: Basis::Value,
                rule: Rule::Linear {
                    floor: 0,
                    target: 100_000_000,
                },
            },
        }],
        bands: default_bands(),
    };
    let system = Actor::system("test");
    let s = schemes::create(&app.db, &system, &scheme).await.unwrap();
    let run = runs::open(&app.db, &system, &s.record.id).await.unwrap();
    for step in [Step::Compute, Step::Review, Step::Publish] {
        runs::step(&app.db, &system, &run.id, step).await.unwrap();
    }
}

async fn the_pack(app: &App) {
    fixture(app).await;
    published_assessment(app).await;
    let admin = app.login("admin").await;
    // Every table answers for the district, as a page, as JSON; t6 and t7 balance.
    let mut api_tables = Vec::new();
    for code in TableCode::ALL {
        let (status, t) = api(app, &admin, code.as_str(), DISTRICT).await;
        assert_eq!(status, StatusCode::OK, "{code:?}: {t}");
        assert_eq!(t["region"], DISTRICT);
        assert_eq!(t["year"], 2024);
        let page = app
            .get(
                &format!("/reports/{}?region={DISTRICT}&year=2024", code.as_str()),
                &admin.cookie,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(t["title"].as_str().unwrap()));
        // The page shows every cell the API gives, as the API's text says.
        for row in t["rows"].as_array().unwrap() {
            for c in row["cells"].as_array().unwrap() {
                let shown = format!("<td class=\"num\">{}</td>", c["text"].as_str().unwrap());
                assert!(page.body.contains(&shown), "{code:?}: {shown}");
            }
        }
        api_tables.push((code, t));
    }
    let t6 = &api_tables[0].1;
    let t7 = &api_tables[1].1;
    relations_hold(Return::T6, t6);
    relations_hold(Return::T7, t7);
    // The figures come from the books: 经营收入 600,000 + 60,000; 经营收益 after 100,000 +
    // 10,000 of expenses and 8,000 of administration; 农户分配 20,000 (保婴村).
    assert_eq!(fen(t6, 1, 0), 66_000_000);
    assert_eq!(fen(t6, 6, 0), 54_200_000);
    assert_eq!(fen(t6, 7, 0), 3_000_000);
    assert_eq!(fen(t6, 18, 0), 2_000_000, "322 debits without detail: 其他");
    assert_eq!(
        fen(t7, 15, 0),
        3_000_000,
        "three books opened with 10,000 yuan"
    );
    assert_eq!(fen(t7, 15, 1), fen(t7, 31, 1));
    // 表六's counts are the classification's.
    let c = classification::classify(
        &app.db,
        &Scope::region(RegionCode::parse(DISTRICT).unwrap()),
        2024,
    )
    .await
    .unwrap();
    let class =
        |k: Class| i64::try_from(c.classes.iter().find(|x| x.class == k).unwrap().count).unwrap();
    let n = counts(t6);
    assert_eq!(n.len(), 6);
    assert_eq!(n[0], i64::try_from(c.villages).unwrap());
    assert_eq!(n[1] + n[2], class(Class::Shell));
    assert_eq!(n[3], class(Class::Weak));
    assert_eq!(n[4], class(Class::Ordinary) + class(Class::Strong));
    assert_eq!(n[5], class(Class::Strong));
    assert_eq!((n[0], n[1], n[3], n[5]), (3, 1, 1, 1));
    // The classification table lists the same villages with the same figures.
    let cls = &api_tables[2].1;
    for v in &c.rows {
        let row = cls["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == v.region_code.as_str())
            .unwrap();
        assert_eq!(row["cells"][0]["fen"], v.figure);
    }
    // The facts table's F14 is the classification's strong villages out of all villages.
    let facts = &api_tables[3].1;
    assert_eq!(facts["table"], "facts");
    let f14 = facts["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "F14")
        .unwrap();
    assert_eq!(f14["cells"][0]["value"], class(Class::Strong));
    assert_eq!(f14["cells"][0]["of"], 3);
    assert_eq!(f14["cells"][0]["text"], "1 / 3 (33.3%)");
    // The assessment ranking is the published result: 保婴村 600,000 of 1,000,000 yuan = 60
    // points, first; 洪铺村 6.00; 长风村 0.
    let ranking = &api_tables[8].1;
    assert_eq!(ranking["table"], "assessment");
    let ranked: Vec<(&str, &str, i64, &str)> = ranking["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap(),
                r["cells"][1]["text"].as_str().unwrap(),
                r["cells"][2]["value"].as_i64().unwrap(),
                r["cells"][0]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            (BAOYING, "60.00", 1, "2024年度村两委班子考核"),
            (HONGPU, "6.00", 2, "2024年度村两委班子考核"),
            (CHANGFENG, "0.00", 3, "2024年度村两委班子考核"),
        ]
    );
    // The workbook: a sheet per table with the API's figures, then the sources.
    let xlsx = app
        .get(
            &format!("/reports/pack.xlsx?region={DISTRICT}&year=2024"),
            &admin.cookie,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(names.len(), TableCode::ALL.len() + 1);
    assert_eq!(names.last().unwrap(), "来源 - sources");
    for (i, (code, t)) in api_tables.iter().enumerate() {
        let range = wb.worksheet_range(&names[i]).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let api_rows = t["rows"].as_array().unwrap();
        assert_eq!(rows.len(), api_rows.len() + 1, "{code:?}");
        for (sheet_row, api_row) in rows[1..].iter().zip(api_rows) {
            assert_eq!(sheet_row[0].to_string(), api_row["code"].as_str().unwrap());
            assert_eq!(sheet_row[1].to_string(), api_row["label"].as_str().unwrap());
            for (j, c) in api_row["cells"].as_array().unwrap().iter().enumerate() {
                let cell = sheet_row.get(j + 2).cloned().unwrap_or(Data::Empty);
                match c["kind"].as_str().unwrap() {
                    "fen" => assert_eq!(
                        cell,
                        Data::Float(c["fen"].as_i64().unwrap() as f64 / 100.0),
                        "{code:?} {}",
                        api_row["label"]
                    ),
                    "count" => assert_eq!(cell, Data::Float(c["value"].as_i64().unwrap() as f64)),
                    "points" => assert_eq!(
                        cell,
                        Data::Float(c["value"].as_i64().unwrap() as f64 / 100.0)
                    ),
                    "empty" => assert_eq!(cell, Data::Empty),
                    _ => assert_eq!(cell.to_string(), c["text"].as_str().unwrap()),
                }
            }
        }
    }
    let sources = wb.worksheet_range(names.last().unwrap()).unwrap();
    let source_rows: Vec<&[Data]> = sources.rows().collect();
    for (code, t) in &api_tables {
        assert!(
            source_rows.iter().any(
                |r| r[1] == Data::String(t["title"].as_str().unwrap().into())
                    && r[2] == Data::String(t["source"].as_str().unwrap().into())
            ),
            "{code:?}"
        );
    }
    // A town's pack is the sum of its villages', the district's the sum of its towns'.
    for (ret, table) in [(Return::T6, "t6"), (Return::T7, "t7")] {
        let of = |region: &'static str| {
            let admin = &admin;
            async move { lines(&api(app, admin, table, region).await.1) }
        };
        let district = of(DISTRICT).await;
        let haikou = of(HAIKOU).await;
        let shilipu = of(SHILIPU).await;
        assert_eq!(
            haikou,
            add(&of(BAOYING).await, &of(HONGPU).await),
            "{ret:?}"
        );
        assert_eq!(shilipu, of(CHANGFENG).await, "{ret:?}");
        assert_eq!(district, add(&haikou, &shilipu), "{ret:?}");
    }
    // Scope: the town officer of 海口镇 sees its own town (the default) and villages only.
    let town = app.login("town").await;
    let res = app
        .get("/api/v1/reports/classification?year=2024", &town.cookie)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let own: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(own["region"], HAIKOU);
    let codes: Vec<&str> = own["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["code"].as_str().filter(|c| !c.is_empty()))
        .collect();
    assert_eq!(codes, [BAOYING, HONGPU]);
    for region in [DISTRICT, SHILIPU, CHANGFENG] {
        assert_eq!(
            api(app, &town, "t6", region).await.0,
            StatusCode::NOT_FOUND,
            "{region}"
        );
        for path in [
            format!("/reports?region={region}"),
            format!("/reports/t7?region={region}&year=2024"),
            format!("/reports/pack.xlsx?region={region}&year=2024"),
        ] {
            assert_eq!(
                app.get(&path, &town.cookie).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
    }
    // The town's table links the same table of each of its villages, and no other region.
    let page = app
        .get(
            &format!("/reports/t6?region={HAIKOU}&year=2024"),
            &town.cookie,
        )
        .await;
    for v in [BAOYING, HONGPU] {
        assert!(
            page.body
                .contains(&format!("href=\"/reports/t6?region={v}&#38;year=2024\"")),
            "{v}"
        );
    }
    assert!(!page.body.contains(CHANGFENG));
    // In English: the layout's English captions and the translated appended counts.
    app.post_form(
        "/lang",
        &admin.cookie,
        &format!("_csrf={}&lang=en-US&back=/reports", admin.csrf),
    )
    .await;
    let (_, en) = api(app, &admin, "t6", DISTRICT).await;
    assert_eq!(
        en["title"],
        "Table 6: income distribution of village collective economic organisations"
    );
    let labels: Vec<&str> = en["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[5], "Operating profit");
    assert_eq!(
        labels[21],
        "Villages with operating income under 50,000 yuan"
    );
    assert_eq!(fen(&en, 6, 0), fen(t6, 6, 0));
    let cadre = app.login("cadre").await;
    assert_eq!(
        api(app, &cadre, "t6", HAIKOU).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api(app, &cadre, "t6", BAOYING).await.0, StatusCode::OK);
    // An unknown table is 404; the index page links every table and the workbook.
    assert_eq!(
        api(app, &admin, "t8", DISTRICT).await.0,
        StatusCode::NOT_FOUND
    );
    let index = app
        .get(
            &format!("/reports?region={DISTRICT}&year=2024"),
            &admin.cookie,
        )
        .await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(
        index.body.contains("Report pack"),
        "the index in the language chosen above"
    );
    for code in TableCode::ALL {
        let link = format!(
            "href=\"/reports/{}?region={DISTRICT}&#38;year=2024\"",
            code.as_str()
        );
        assert!(index.body.contains(&link), "{link}");
    }
    assert!(index.body.contains(&format!(
        "href=\"/reports/pack.xlsx?region={DISTRICT}&#38;year=2024\""
    )));
}

#[tokio::test]
async fn the_report_pack_balances_sums_and_reads_back() {
    let app = app().await;
    the_pack(&app).await;
}

#[tokio::test]
async fn the_report_pack_balances_sums_and_reads_back_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    the_pack(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

//! Issue 13 points 9 and 10: times in China time, people by name, the audit log as a readable
//! list filterable by record; books on paper (capitals, signatures, the two-column balance
//! sheet) and exports with typed cells and names that say what they hold. On SQLite, and on
//! PostgreSQL when `ZHENXING_TEST_POSTGRES` is set.

use super::*;
use calamine::{Data, Reader};

/// The test application on each backend, with the PostgreSQL database to drop afterwards.
async fn backends() -> Vec<(App, Option<(Db, String)>)> {
    let mut out = vec![(app().await, None)];
    if let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") {
        let name = format!(
            "zx_paper_{}",
            domain::Id::new().to_string().replace('-', "")
        );
        let admin = Db::connect(&admin_url).await.unwrap();
        let Db::Postgres(pool) = &admin else {
            unreachable!("ZHENXING_TEST_POSTGRES names a PostgreSQL server")
        };
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(pool)
            .await
            .unwrap();
        let base = admin_url.rsplit_once('/').unwrap().0;
        let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
        out.push((
            app_on(db, "http://127.0.0.1:8080").await,
            Some((admin, name)),
        ));
    }
    out
}

async fn done(app: App, pg: Option<(Db, String)>) {
    app.db.close().await;
    if let Some((admin, name)) = pg {
        let Db::Postgres(pool) = &admin else {
            unreachable!()
        };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(pool)
        .await
        .unwrap();
        admin.close().await;
    }
}

async fn display_name(app: &App, username: &str) -> String {
    store::identity::display_names(&app.db, &[username])
        .await
        .unwrap()
        .remove(username)
        .unwrap()
}

/// The text of the element carrying `data-testid="{id}"` (up to its first tag end).
fn testid<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!("data-testid=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} in {body}"));
    let rest = &body[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    &rest[open..open + close]
}

/// The file name a download's `filename*` carries, percent-decoded.
pub(super) fn saved_name(res: &Resp) -> String {
    let cd = res.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    let encoded = cd.split("filename*=UTF-8''").nth(1).unwrap();
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

fn sheet(bytes: &[u8]) -> calamine::Range<Data> {
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name).unwrap()
}

#[tokio::test]
async fn the_printed_voucher_has_its_amount_in_capitals_and_a_signature_block() {
    for (app, pg) in backends().await {
        let (_, book) = baoying_books(&app).await;
        let s = app.login("cadre").await;
        let (list, _) = store::ledger::vouchers::list(
            &app.db,
            &domain::identity::Scope::system(),
            &book.id,
            &Default::default(),
            store::Page::all(),
        )
        .await
        .unwrap();
        let v = &list[0];
        let page = app
            .get(&format!("/ledger/vouchers/{}", v.id), &s.cookie)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            testid(&page.body, "capitals"),
            domain::Money(v.total).in_capitals()
        );
        assert!(page.body.contains("金额大写"));
        // The signature block: the names the record has, blank lines for the rest.
        assert_eq!(
            testid(&page.body, "sign-preparer"),
            display_name(&app, &v.preparer_name).await
        );
        let reviewer = display_name(&app, v.reviewer_name.as_deref().unwrap()).await;
        assert_eq!(testid(&page.body, "sign-reviewer"), reviewer);
        let poster = display_name(&app, v.poster_name.as_deref().unwrap()).await;
        assert_eq!(testid(&page.body, "sign-poster"), poster);
        assert_eq!(testid(&page.body, "sign-cashier"), "");
        assert_eq!(testid(&page.body, "sign-supervisor"), "");
        for label in ["制单", "审核", "记账", "出纳", "主管"] {
            assert!(
                page.body
                    .contains(&format!("{label}：<span class=\"sign-line\"")),
                "{label}"
            );
        }
        // The voucher's history links to the audit log filtered to it.
        assert!(page.body.contains(&format!(
            "href=\"/audit?entity=ledger_voucher&amp;entity_id={}\"",
            v.id
        )));
        done(app, pg).await;
    }
}

#[tokio::test]
async fn the_audit_log_reads_in_china_time_by_name_with_changes_in_yuan_per_record() {
    for (app, pg) in backends().await {
        let (_, book) = baoying_books(&app).await;
        let cadre = store::identity::find_for_login(&app.db, "cadre")
            .await
            .unwrap()
            .unwrap()
            .actor()
            .unwrap();
        // A second voucher, drafted then changed: its log has a creation and an edit.
        let input = |amount: &str| {
            domain::ledger::VoucherInput {
                date: "2024-10-08".into(),
                summary: "购买菌棒".into(),
                attachments: String::new(),
                lines: vec![
                    domain::ledger::LineInput {
                        account_code: "121".into(),
                        debit: amount.into(),
                        credit: String::new(),
                        summary: String::new(),
                    },
                    domain::ledger::LineInput {
                        account_code: "102".into(),
                        debit: String::new(),
                        credit: amount.into(),
                        summary: String::new(),
                    },
                ],
            }
            .validate()
            .unwrap()
        };
        let d = store::ledger::vouchers::create_draft(&app.db, &cadre, &book.id, &input("1234.5"))
            .await
            .unwrap();
        store::ledger::vouchers::update_draft(&app.db, &cadre, &d.id, &input("98765.43"))
            .await
            .unwrap();
        let (entries, total) = store::audit::list(
            &app.db,
            &domain::identity::Scope::system(),
            &store::audit::Filter {
                entity: "ledger_voucher".into(),
                entity_id: d.id.clone(),
                ..Default::default()
            },
            store::Page::all(),
        )
        .await
        .unwrap();
        assert_eq!(total, 2, "created and edited");
        assert!(entries.iter().all(|e| e.entity_id == d.id));

        let s = app.login("admin").await;
        let page = app
            .get(
                &format!("/audit?entity=ledger_voucher&entity_id={}", d.id),
                &s.cookie,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("data-testid=\"record-filter\""));
        // Only this record's entries: the posted voucher's are not listed.
        assert_eq!(page.body.matches("data-testid=\"at\"").count(), 2);
        // By name, never by username.
        let name = display_name(&app, "cadre").await;
        assert_eq!(testid(&page.body, "actor"), name);
        assert!(!page.body.contains(">cadre<"));
        // China time, date first: the newest entry's stored UTC time plus eight hours.
        let at = domain::time::parse_ts(&entries[0].at).unwrap() + chrono::Duration::hours(8);
        assert_eq!(
            testid(&page.body, "at"),
            at.format("%Y-%m-%d %H:%M").to_string()
        );
        // The edit as before → after in yuan, not raw JSON in fen.
        let total_of = |json: &Option<String>| {
            let v: serde_json::Value = serde_json::from_str(json.as_deref().unwrap()).unwrap();
            v["voucher"]["total"].as_i64().unwrap()
        };
        let (before, after) = (
            total_of(&entries[0].before_json),
            total_of(&entries[0].after_json),
        );
        assert_ne!(before, after);
        let change = format!(
            "<del>{}</del> → <ins>{}</ins>",
            web::base::format::yuan(before),
            web::base::format::yuan(after)
        );
        assert!(page.body.contains(&change), "{}", page.body);
        assert!(!page.body.contains("\"total\""), "no raw JSON");
        assert!(!page.body.contains(&format!(">{after}<")), "no fen");

        // The export: the same names and changes, the time as a date-time cell.
        let xlsx = app
            .get(
                &format!(
                    "/audit/export.xlsx?entity=ledger_voucher&entity_id={}",
                    d.id
                ),
                &s.cookie,
            )
            .await;
        let range = sheet(&xlsx.bytes);
        assert_eq!(range.height(), 3);
        assert!(matches!(range.get((1, 0)), Some(Data::DateTime(_))));
        assert_eq!(range.get((1, 1)), Some(&Data::String(name.clone())));
        let changes = range.get((1, 6)).unwrap().to_string();
        assert!(
            changes.contains(&format!(
                "{} → {}",
                web::base::format::yuan(before),
                web::base::format::yuan(after)
            )),
            "{changes}"
        );
        done(app, pg).await;
    }
}

#[tokio::test]
async fn the_balance_sheet_prints_assets_left_and_liabilities_right() {
    for (app, pg) in backends().await {
        let (_, book) = baoying_books(&app).await;
        let s = app.login("cadre").await;
        let page = app
            .get(
                &format!(
                    "/ledger/books/{}/balance-sheet?period={}-12",
                    book.id, book.year
                ),
                &s.cookie,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let sheet = store::ledger::reports::balance_sheet(
            &app.db,
            &domain::identity::Scope::system(),
            &book.id,
            domain::ledger::Period {
                year: book.year,
                month: 12,
            },
        )
        .await
        .unwrap();
        let last = |section: &str| {
            sheet
                .lines
                .iter()
                .rev()
                .find(|l| l.section == section)
                .unwrap()
                .caption
                .clone()
        };
        let first = |section: &str| {
            sheet
                .lines
                .iter()
                .find(|l| l.section == section && !l.heading)
                .unwrap()
                .caption
                .clone()
        };
        let table = &page.body[page.body.find("data-testid=\"balance-sheet\"").unwrap()..];
        let rows: Vec<&str> = table.split("<tr>").collect();
        // The totals of both sides stand on one (the last) row, assets first.
        let totals = rows.last().unwrap();
        let (assets, liabilities) = (last("asset"), last("liability_equity"));
        let (a, l) = (
            totals.find(&assets).unwrap(),
            totals.find(&liabilities).unwrap(),
        );
        assert!(a < l, "{totals}");
        // The first lines of both sides share a row too.
        assert!(rows.iter().any(|r| {
            matches!((r.find(&first("asset")), r.find(&first("liability_equity"))), (Some(a), Some(l)) if a < l)
        }));
        assert!(page.body.contains("<th>资产</th>") && page.body.contains("负债和所有者权益</th>"));
        done(app, pg).await;
    }
}

#[tokio::test]
async fn exports_keep_numbers_and_dates_and_say_what_they_hold() {
    for (app, pg) in backends().await {
        let (_, book) = baoying_books(&app).await;
        let s = app.login("cadre").await;
        let xlsx = app
            .get(
                &format!(
                    "/ledger/books/{}/trial-balance/export.xlsx?from={y}-01&to={y}-06",
                    book.id,
                    y = book.year
                ),
                &s.cookie,
            )
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert_eq!(
            saved_name(&xlsx),
            format!("保婴村-{}-科目余额表-01-06.xlsx", book.year)
        );
        let cd = xlsx.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(cd.starts_with("attachment; filename=\""), "{cd}");
        // The account 102 row: its code stays text, its amounts are numbers Excel sums.
        let nine = app
            .get(
                &format!(
                    "/ledger/books/{}/trial-balance/export.xlsx?from={y}-01&to={y}-09",
                    book.id,
                    y = book.year
                ),
                &s.cookie,
            )
            .await;
        let tb = store::ledger::reports::trial_balance(
            &app.db,
            &domain::identity::Scope::system(),
            &book.id,
            domain::ledger::Period {
                year: book.year,
                month: 1,
            },
            domain::ledger::Period {
                year: book.year,
                month: 9,
            },
        )
        .await
        .unwrap();
        let debit = tb.iter().find(|r| r.code == "102").unwrap().balance.debit;
        assert_ne!(debit, 0);
        let range = sheet(&nine.bytes);
        let row = range
            .rows()
            .find(|r| r[0] == Data::String("102".into()))
            .unwrap();
        assert!(
            row[2..]
                .iter()
                .all(|c| matches!(c, Data::Float(_) | Data::Empty)),
            "{row:?}"
        );
        assert_eq!(row[4], Data::Float(debit as f64 / 100.0));
        // The balance sheet: its line numbers are numbers, its file says the month.
        let bs = app
            .get(
                &format!(
                    "/ledger/books/{}/balance-sheet/export.xlsx?period={}-12",
                    book.id, book.year
                ),
                &s.cookie,
            )
            .await;
        assert_eq!(
            saved_name(&bs),
            format!("保婴村-{}-资产负债表-12.xlsx", book.year)
        );
        let range = sheet(&bs.bytes);
        assert!(
            range.rows().skip(1).any(|r| matches!(r[0], Data::Float(_))),
            "line numbers"
        );
        done(app, pg).await;
    }
}

/// The account ledgers and the classification export keep dates and amounts as dates and
/// numbers, and their files say which village, book and period (or area and year) they hold.
#[tokio::test]
async fn ledger_and_classification_exports_are_typed_and_named() {
    for (app, pg) in backends().await {
        let (_, book) = baoying_books(&app).await;
        let s = app.login("cadre").await;
        let y = book.year;
        let detail = app
            .get(
                &format!(
                    "/ledger/books/{}/accounts/102/detail/export.xlsx?from={y}-01&to={y}-12",
                    book.id
                ),
                &s.cookie,
            )
            .await;
        assert_eq!(detail.status, StatusCode::OK, "{}", detail.body);
        let name = saved_name(&detail);
        assert!(
            name.starts_with(&format!("保婴村-{y}-")) && name.ends_with("102-01-12.xlsx"),
            "{name}"
        );
        let (_, lines) = store::ledger::reports::detail_ledger(
            &app.db,
            &domain::identity::Scope::system(),
            &book.id,
            "102",
            domain::ledger::Period { year: y, month: 1 },
            domain::ledger::Period { year: y, month: 12 },
        )
        .await
        .unwrap();
        let first = &lines[0];
        let range = sheet(&detail.bytes);
        let row = range
            .rows()
            .find(|r| matches!(r[0], Data::DateTime(_)))
            .expect("a dated line");
        assert_eq!(row[4], Data::Float(first.debit as f64 / 100.0), "{row:?}");

        let general = app
            .get(
                &format!(
                    "/ledger/books/{}/accounts/102/general/export.xlsx?from={y}-01&to={y}-12",
                    book.id
                ),
                &s.cookie,
            )
            .await;
        assert!(saved_name(&general).starts_with(&format!("保婴村-{y}-")));
        let range = sheet(&general.bytes);
        assert!(
            range
                .rows()
                .skip(1)
                .any(|r| r[2] == Data::Float(first.debit as f64 / 100.0)),
            "the month's debit is a number"
        );

        let admin = app.login("admin").await;
        let cls = app
            .get(
                &format!("/ledger/classification/export.xlsx?year={y}"),
                &admin.cookie,
            )
            .await;
        assert_eq!(cls.status, StatusCode::OK, "{}", cls.body);
        assert!(
            saved_name(&cls).starts_with(&format!("大观区-{y}-")),
            "{}",
            saved_name(&cls)
        );
        let c =
            store::ledger::classification::classify(&app.db, &domain::identity::Scope::system(), y)
                .await
                .unwrap();
        let baoying = c
            .rows
            .iter()
            .find(|r| r.region_code == "340803100201")
            .unwrap();
        let range = sheet(&cls.bytes);
        let row = range
            .rows()
            .find(|r| r[0] == Data::String("340803100201".into()))
            .unwrap();
        assert_eq!(
            row[2],
            Data::Float(baoying.figure as f64 / 100.0),
            "{row:?}"
        );
        done(app, pg).await;
    }
}

/// The China time (UTC+8) of a stored timestamp as calamine reads a date-time cell.
fn china(ts: &str) -> chrono::NaiveDateTime {
    let at = domain::time::parse_ts(ts).unwrap() + chrono::Duration::hours(8);
    chrono::NaiveDateTime::parse_from_str(
        &at.format("%Y-%m-%d %H:%M").to_string(),
        "%Y-%m-%d %H:%M",
    )
    .unwrap()
}

/// List exports keep numbers, dates and times as such (Excel sums and sorts them), times in
/// China time, and name what they hold.
#[tokio::test]
async fn list_exports_keep_numbers_dates_and_china_times() {
    for (app, pg) in backends().await {
        let (org, book) = baoying_books(&app).await;
        let admin = app.login("admin").await;

        // Users: the creation time is a date-time in China time.
        let res = app.get("/admin/users/export.xlsx", &admin.cookie).await;
        assert_eq!(res.status, StatusCode::OK);
        let range = sheet(&res.bytes);
        let cadre = store::identity::find_for_login(&app.db, "cadre")
            .await
            .unwrap()
            .unwrap();
        let row = range
            .rows()
            .find(|r| r[0] == Data::String("cadre".into()))
            .unwrap();
        let Data::DateTime(at) = &row[6] else {
            panic!("created_at is no date-time: {row:?}")
        };
        assert_eq!(at.as_datetime().unwrap(), china(&cadre.created_at));

        // Organisations: created in China time; the chart of accounts names its village's
        // organisation and year, its openings are numbers.
        let res = app.get("/ledger/export.xlsx", &admin.cookie).await;
        let range = sheet(&res.bytes);
        let row = range
            .rows()
            .find(|r| r[3] == Data::String(org.credit_code.clone()))
            .unwrap();
        let Data::DateTime(at) = &row[4] else {
            panic!("created_at is no date-time: {row:?}")
        };
        assert_eq!(at.as_datetime().unwrap(), china(&org.created_at));
        let res = app
            .get(
                &format!("/ledger/books/{}/accounts.xlsx", book.id),
                &admin.cookie,
            )
            .await;
        assert_eq!(
            saved_name(&res),
            format!("保婴村-{}-会计科目表.xlsx", book.year)
        );
        let range = sheet(&res.bytes);
        assert!(
            range
                .rows()
                .skip(1)
                .all(|r| matches!(r[5], Data::Float(_) | Data::Empty)),
            "openings are numbers"
        );

        // Problems: deadlines are dates and progress a number.
        let s = app.login("cadre").await;
        let problem = format!(
            "_csrf={}&region_code=340803100201&title={}&owner_name={}&deadline=2099-06-30",
            s.csrf,
            enc("修水渠"),
            enc("王五")
        );
        let res = app
            .post_form("/mechanism/problems", &s.cookie, &problem)
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let res = app.get("/mechanism/problems/export.xlsx", &s.cookie).await;
        let range = sheet(&res.bytes);
        let row = range
            .rows()
            .find(|r| r[2] == Data::String("修水渠".into()))
            .unwrap();
        let Data::DateTime(deadline) = &row[4] else {
            panic!("the deadline is no date: {row:?}")
        };
        assert_eq!(
            deadline.as_datetime().map(|d| d.date()),
            chrono::NaiveDate::from_ymd_opt(2099, 6, 30)
        );
        assert!(matches!(row[7], Data::Float(_)), "{row:?}");
        done(app, pg).await;
    }
}

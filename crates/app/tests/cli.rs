//! The `zhenxing` command line as an operator uses it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zx-cli-{}", domain::Id::new()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn zhenxing(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhenxing"))
        .args(args)
        .env_remove("ZHENXING_DATABASE_URL")
        .env_remove("ZHENXING_CONFIG")
        .env("ZHENXING_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// One clear line on stderr, a non-zero exit, no backtrace.
fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(needle),
        "{err}"
    );
    assert!(!err.contains("panicked") && !err.contains("backtrace"));
}

#[test]
fn bad_flags_urls_databases_and_ports_give_one_clear_line() {
    let out = zhenxing(&["serve", "--no-such-flag"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--no-such-flag"));

    let dir = temp_dir();
    let d = dir.to_str().unwrap();
    let out = zhenxing(&["migrate", "--database-url", "mysql://localhost/x"], "");
    assert_one_line_error(&out, "expected sqlite://");
    let out = zhenxing(
        &[
            "migrate",
            "--database-url",
            "postgres://nobody:secret@127.0.0.1:1/none",
        ],
        "",
    );
    assert_one_line_error(&out, "cannot open database");
    assert!(
        !text(&out.stderr).contains("secret"),
        "the password is not printed"
    );

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().to_string();
    let out = zhenxing(&["serve", "--data-dir", d, "--listen", &port], "");
    assert_one_line_error(&out, "cannot listen on");
    let out = zhenxing(&["serve", "--data-dir", d, "--listen", "nowhere"], "");
    assert_one_line_error(&out, "--listen");

    // --trust-proxy is a switch; trust_proxy a file key.
    let out = zhenxing(
        &[
            "serve",
            "--trust-proxy",
            "--data-dir",
            d,
            "--listen",
            "nowhere",
        ],
        "",
    );
    assert_one_line_error(&out, "--listen");
    let proxy_config = dir.join("proxy.toml");
    std::fs::write(&proxy_config, "trust_proxy = true\nlisten = \"nowhere\"\n").unwrap();
    let out = zhenxing(
        &[
            "serve",
            "--config",
            proxy_config.to_str().unwrap(),
            "--data-dir",
            d,
        ],
        "",
    );
    assert_one_line_error(&out, "--listen nowhere");
    let config = dir.join("zhenxing.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:1\"\ncolour = \"red\"\n").unwrap();
    let out = zhenxing(&["migrate", "--config", config.to_str().unwrap()], "");
    assert_one_line_error(&out, "colour");
}

#[test]
fn users_tokens_and_regions_from_the_command_line() {
    let dir = temp_dir();
    let d = dir.to_str().unwrap();
    let csv = dir.join("regions.csv");
    std::fs::write(&csv, "code,parent_code,name,kind,tags\n340803000000,,大观区,区,\n340803100000,340803000000,海口镇,镇,\n340803100201,340803100000,保婴村,村,重点村\n").unwrap();
    let out = zhenxing(
        &["region", "import", csv.to_str().unwrap(), "--data-dir", d],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("3 created"));

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "code,parent_code,name,kind\n340803100202,340803100000,洪铺村,村\n340803100203,340803100000,,村\n").unwrap();
    let out = zhenxing(
        &["region", "import", bad.to_str().unwrap(), "--data-dir", d],
        "",
    );
    assert_one_line_error(&out, "bad.csv");
    assert!(
        text(&out.stderr).contains("第 3 行"),
        "{}",
        text(&out.stderr)
    );

    let exported = dir.join("out.xlsx");
    let out = zhenxing(
        &[
            "region",
            "export",
            exported.to_str().unwrap(),
            "--data-dir",
            d,
        ],
        "",
    );
    assert!(out.status.success());
    let out = zhenxing(
        &[
            "region",
            "import",
            exported.to_str().unwrap(),
            "--data-dir",
            d,
        ],
        "",
    );
    assert!(
        text(&out.stdout).contains("0 created, 0 updated, 3 unchanged"),
        "{}",
        text(&out.stdout)
    );

    let out = zhenxing(
        &[
            "user",
            "add",
            "--username",
            "liming",
            "--role",
            "village_cadre",
            "--region",
            "340803100201",
            "--data-dir",
            d,
        ],
        "short\n",
    );
    assert_one_line_error(&out, "10");
    let out = zhenxing(
        &[
            "user",
            "add",
            "--username",
            "liming",
            "--role",
            "village_cadre",
            "--region",
            "340803100201",
            "--data-dir",
            d,
        ],
        "Village-pass-1\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = zhenxing(&["user", "token", "create", "liming", "--data-dir", d], "");
    let token = text(&out.stdout).trim().to_string();
    assert!(token.starts_with("zx_") && token.len() == 67, "{token}");
    let out = zhenxing(
        &["user", "passwd", "liming", "--data-dir", d],
        "Another-pass-2\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = zhenxing(
        &["user", "passwd", "nobody", "--data-dir", d],
        "Another-pass-2\n",
    );
    assert_one_line_error(&out, "nobody");
}

#[tokio::test]
async fn the_demo_data_set_loads_once() {
    let dir = temp_dir();
    let db = store::Db::connect(&format!("sqlite://{}", dir.join("d.db").display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    assert!(app::demo::load(&db).await.unwrap());
    let scope = domain::identity::Scope::system();
    let regions = store::region::all(&db, &scope).await.unwrap();
    let villages: Vec<_> = regions.iter().filter(|r| r.level == "village").collect();
    assert_eq!(villages.len(), 17);
    let baoying = regions.iter().find(|r| r.name == "保婴村").unwrap();
    assert_eq!(
        (baoying.code.as_str(), baoying.parent_code.as_deref()),
        ("340803100201", Some("340803100000"))
    );
    assert!(baoying.tags.contains("key_village"));
    for (code, name) in [
        ("340803100000", "海口镇"),
        ("340803200000", "十里铺乡"),
        ("340803201000", "山口乡"),
    ] {
        assert!(regions.iter().any(|r| r.code == code && r.name == name));
    }
    let (users, _) = store::identity::list_users(&db, &scope, store::Page::all())
        .await
        .unwrap();
    let roles: std::collections::BTreeSet<_> = users.iter().map(|u| u.role.as_str()).collect();
    assert_eq!(roles.len(), 5, "one account per role");
    assert!(
        users
            .iter()
            .any(|u| u.username == "admin" && u.role == "district_admin")
    );
    // The programme's 2020 figure comes out of the vouchers: 5 strong villages of 17, 29.4 %.
    let c2020 = store::ledger::classification::classify(&db, &scope, 2020)
        .await
        .unwrap();
    let strong = c2020
        .classes
        .iter()
        .find(|c| c.class == domain::ledger::Class::Strong)
        .unwrap();
    assert_eq!((c2020.villages, strong.count), (17, 5));
    assert_eq!(format!("{:.1}", strong.share * 100.0), "29.4");
    // 保婴村's first lingzhi season is in its 2020 books.
    let orgs = store::ledger::books::list_orgs(&db, &scope).await.unwrap();
    let baoying_org = orgs
        .iter()
        .find(|o| o.region_code == "340803100201")
        .unwrap();
    let b2020 = store::ledger::books::list_books(&db, &scope, &baoying_org.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.year == 2020)
        .unwrap();
    let year = store::ledger::reports::trial_balance(
        &db,
        &scope,
        &b2020.id,
        domain::ledger::Period::new(2020, 1).unwrap(),
        domain::ledger::Period::new(2020, 11).unwrap(),
    )
    .await
    .unwrap();
    let lingzhi = year.iter().find(|r| r.code == "501002").unwrap();
    assert_eq!(lingzhi.name, "灵芝销售收入");
    assert_eq!(lingzhi.balance.credit, 200_000 * 100);
    let books = store::ledger::books::list_books(&db, &scope, &baoying_org.id)
        .await
        .unwrap();
    let systems: Vec<(i32, &str)> = books
        .iter()
        .map(|b| (b.year, b.accounting_system.as_str()))
        .collect();
    // Then every year up to the present one (the year the demo is loaded in), open.
    let present: Vec<(i32, &str)> = (2026..=app::demo_ledger::present_year())
        .map(|y| (y, "cs2023"))
        .collect();
    assert_eq!(
        systems,
        [
            vec![
                (2020, "cs2004"),
                (2021, "cs2004"),
                (2022, "cs2004"),
                (2023, "cs2004"),
                (2024, "cs2023"),
                (2025, "cs2023")
            ],
            present
        ]
        .concat()
    );
    assert!(
        books
            .iter()
            .all(|b| b.closed == (b.year < app::demo_ledger::present_year())),
        "only the present year is open"
    );
    the_demo_mechanism_is_as_issue_4_describes(&db).await;
    the_demo_people_are_as_issue_5_describes(&db).await;
    the_demo_industry_is_as_issue_6_describes(&db).await;
    let (_, audit_before) =
        store::audit::list(&db, &scope, &Default::default(), store::Page::new(1, 1))
            .await
            .unwrap();
    assert!(
        !app::demo::load(&db).await.unwrap(),
        "a second run adds nothing"
    );
    // A database with other data never receives the sample data.
    let other_dir = temp_dir();
    let other = store::Db::connect(&format!("sqlite://{}", other_dir.join("o.db").display()))
        .await
        .unwrap();
    other.migrate().await.unwrap();
    let district = domain::region::RegionInput {
        code: "340803000000".into(),
        name: "大观区".into(),
        kind: "区".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::region::create(&other, &domain::identity::Actor::system("t"), &district)
        .await
        .unwrap();
    let refused = app::demo::load(&other).await.unwrap_err().to_string();
    assert!(refused.contains("empty --data-dir"), "{refused}");
    assert_eq!(
        store::region::all(&db, &scope).await.unwrap().len(),
        regions.len()
    );
    let (_, audit_after) =
        store::audit::list(&db, &scope, &Default::default(), store::Page::new(1, 1))
            .await
            .unwrap();
    assert_eq!(audit_before, audit_after);

    // `zhenxing check` on the demo: the books agree with themselves, the file is sound and
    // the audit log refuses changes.
    let url = format!("sqlite://{}", dir.join("d.db").display());
    let out = zhenxing(&["check", "--database-url", &url], "");
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("一致"), "{}", text(&out.stdout));
    // A balance moved behind the books' back is found, and the exit status says so.
    if let store::Db::Sqlite(pool) = &db {
        sqlx::query(
            "UPDATE ledger_period_balances SET debit = debit + 1
             WHERE rowid = (SELECT MIN(rowid) FROM ledger_period_balances)",
        )
        .execute(pool)
        .await
        .unwrap();
    }
    let out = zhenxing(&["check", "--database-url", &url], "");
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("balance_mismatch"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("发现"), "{}", text(&out.stderr));
}

/// Issue 4, point 9: the plan with its targets, the meeting rules with exactly one red cell,
/// problems in every state and one overdue.
async fn the_demo_mechanism_is_as_issue_4_describes(db: &store::Db) {
    use app::demo_mechanism as demo;
    use domain::mechanism::{CellStatus, ProblemState};
    use store::mechanism::{compliance, plans, problems};
    let scope = domain::identity::Scope::system();
    let today = domain::time::today();
    let period = |y, m| domain::ledger::Period::new(y, m).unwrap();
    let board = compliance::board(db, &scope, period(2021, 1), period(2025, 12), today)
        .await
        .unwrap();
    let meeting_rules: Vec<_> = board
        .rules
        .iter()
        .filter(|r| r.kind().unwrap().meeting_type().is_some())
        .collect();
    assert_eq!(
        meeting_rules.len(),
        5,
        "the seeded meeting rules are active"
    );
    fn cells<'a>(
        board: &'a compliance::Board,
        rule: &'a str,
    ) -> impl Iterator<Item = &'a domain::mechanism::Cell> {
        board.cells.iter().filter(move |c| c.rule == rule)
    }
    let mut missed = Vec::new();
    for rule in &meeting_rules {
        let kind = rule.kind().unwrap();
        // Every village owes the 三会一课 rules, every key village (one guide each) the others.
        let regions: std::collections::BTreeSet<_> =
            cells(&board, &rule.id).map(|c| &c.region).collect();
        let expected = match kind {
            domain::mechanism::RuleKind::PerVillage { .. } => 17,
            _ => 3,
        };
        assert_eq!(regions.len(), expected, "{}", rule.name);
        let periods = match kind.every() {
            domain::mechanism::Every::Month => 60,
            domain::mechanism::Every::Quarter => 20,
            domain::mechanism::Every::Year => 5,
        };
        assert_eq!(
            cells(&board, &rule.id).count(),
            expected * periods,
            "{}",
            rule.name
        );
        assert!(cells(&board, &rule.id).all(|c| c.status != CellStatus::Pending));
        missed.extend(cells(&board, &rule.id).filter(|c| c.status == CellStatus::Missed));
    }
    assert_eq!(missed.len(), 1, "{missed:?}");
    // The problems of those years were all finished on time: that cell is the board's only red.
    let red = board
        .cells
        .iter()
        .filter(|c| c.status == CellStatus::Missed);
    assert_eq!(red.count(), 1);
    let (year, month) = demo::MISSED_MONTH;
    assert_eq!(missed[0].region, demo::MISSED_VILLAGE);
    assert_eq!(
        missed[0].period.to_string(),
        format!("{year:04}-{month:02}")
    );
    assert_eq!((missed[0].required, missed[0].actual), (1, 0));
    assert_eq!(
        board
            .rule(&missed[0].rule)
            .unwrap()
            .kind()
            .unwrap()
            .meeting_type(),
        Some("work_promotion")
    );
    // The plan: its leading group and four targets, the strong villages from the ledger.
    let plan = plans::list(db, &scope, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.year == demo::PLAN_YEAR)
        .unwrap();
    let detail = plans::get(db, &scope, &plan.id).await.unwrap().unwrap();
    let roles: std::collections::BTreeSet<_> =
        detail.members.iter().map(|m| m.role.as_str()).collect();
    assert!(roles.contains("组长") && roles.contains("副组长") && roles.contains("成员"));
    let progress = plans::progress(db, &scope, &plan.id)
        .await
        .unwrap()
        .unwrap();
    let metric = |m: &str| {
        progress
            .iter()
            .find(|t| t.target.metric.as_deref() == Some(m))
            .unwrap()
    };
    let district = domain::region::RegionCode::parse(&plan.region_code).unwrap();
    let classes = store::ledger::classification::classify(
        db,
        &domain::identity::Scope::region(district),
        plan.year,
    )
    .await
    .unwrap();
    let strong = classes
        .rows
        .iter()
        .filter(|r| r.class == domain::ledger::Class::Strong)
        .count() as i64;
    assert_eq!(metric("strong_villages").progress.actual, strong);
    assert!(metric("strong_villages").progress.available);
    assert!(metric("meetings_held").progress.actual > 0);
    assert!(metric("problems_closed_on_time").progress.available);
    let manual: Vec<_> = progress
        .iter()
        .filter(|t| t.target.kind == "manual")
        .collect();
    assert_eq!(manual.len(), 1);
    assert!(!manual[0].target.evidence.is_empty() && manual[0].progress.available);
    assert_eq!(progress.len(), 4);
    // Problems: every state, one sent back, exactly one overdue, from every source.
    let (list, _) = problems::list(
        db,
        &scope,
        &problems::Filter::default(),
        today,
        store::Page::all(),
    )
    .await
    .unwrap();
    for state in ProblemState::ALL {
        assert!(list.iter().any(|p| p.problem.state() == state), "{state:?}");
    }
    for source in ["meeting", "visit", "direct"] {
        assert!(
            list.iter().any(|p| p.problem.source_kind == source),
            "{source}"
        );
    }
    let overdue: Vec<_> = list.iter().filter(|p| p.overdue).collect();
    assert_eq!(overdue.len(), 1);
    assert!(!overdue[0].problem.state().is_finished());
    let mut sent_back = 0;
    for p in &list {
        let events = problems::get(db, &scope, &p.problem.id, today)
            .await
            .unwrap()
            .unwrap()
            .events;
        sent_back += events
            .iter()
            .filter(|e| e.from_state.as_deref() == Some("done") && e.to_state == "doing")
            .count();
    }
    assert_eq!(sent_back, 1);
}

/// Issue 6, the demo: 保婴村's shiitake project terminated with its reason; the lingzhi
/// project's first season (5 greenhouses, both products, sales of exactly 200,000 yuan, more
/// than 200 villagers employed and paid) in step with the books; two supported villages with
/// budget lines and disbursements, one beyond its line after a recorded approval.
async fn the_demo_industry_is_as_issue_6_describes(db: &store::Db) {
    use app::demo_industry as demo;
    use store::industry::{funds, production, projects, results};
    let scope = domain::identity::Scope::system();
    let all = projects::list(db, &scope, None, false).await.unwrap();
    let find = |title: &str| all.iter().find(|p| p.title == title).unwrap().clone();

    // The shiitake project: terminated, with its reason and its status history.
    let shiitake = find(demo::SHIITAKE_TITLE);
    assert_eq!(shiitake.region_code, app::demo_ledger::BAOYING);
    assert_eq!(shiitake.status, "terminated");
    assert_eq!(
        shiitake.terminated_reason.as_deref(),
        Some(demo::SHIITAKE_REASON)
    );
    let history = projects::get(db, &scope, &shiitake.id)
        .await
        .unwrap()
        .unwrap();
    let steps: Vec<&str> = history
        .events
        .iter()
        .map(|e| e.to_status.as_str())
        .collect();
    assert_eq!(steps, ["applied", "approved", "implementing", "terminated"]);
    // Dated when decided, before the books of the demo begin, not when the demo was loaded.
    assert!(
        history
            .events
            .iter()
            .all(|e| e.decided_on.as_deref().is_some_and(|d| d < "2020-01-01")),
        "{:?}",
        history.events
    );

    // The lingzhi project: operating, led by 保婴村's first secretary, funded and budgeted.
    let lingzhi = find(demo::LINGZHI_TITLE);
    assert_eq!(lingzhi.status, "operating");
    let detail = projects::get(db, &scope, &lingzhi.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!detail.funding.is_empty() && !detail.budget_lines.is_empty());
    assert!(detail.milestones.len() >= 2 && detail.progress > 0);
    // Its plan document, a PDF as recognised by its content.
    let docs = store::industry::documents::list(db, &scope, &lingzhi.id, false)
        .await
        .unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(
        (
            docs[0].kind.as_str(),
            docs[0].file_name.as_str(),
            docs[0].content_type.as_str()
        ),
        ("plan", demo::LINGZHI_PLAN_FILE, "application/pdf")
    );
    let secretary = store::people::posts::list(
        db,
        &scope,
        &store::people::posts::Filter {
            region: domain::region::RegionCode::parse(app::demo_ledger::BAOYING).ok(),
            post: Some(domain::people::post::PostKind::FirstSecretary),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        lingzhi.responsible_person_id.as_deref(),
        Some(secretary[0].person_id.as_str())
    );
    let units = production::units(db, &scope, &lingzhi.id).await.unwrap();
    assert_eq!(units.len(), 5);
    assert!(units.iter().all(|u| u.kind == "greenhouse"
        && u.built_on.as_deref().is_some_and(|d| d.starts_with("2020"))
        && !u.asset_note.is_empty()));
    let batches = production::batches(db, &scope, &lingzhi.id).await.unwrap();
    let first_season = batches
        .iter()
        .filter(|b| b.started_on.starts_with("2020"))
        .count();
    assert_eq!(first_season, 5, "one first-season batch per greenhouse");

    // Its 2020 results: exactly 200,000 yuan sold, both products, over 200 villagers.
    let r = results::results(
        db,
        &scope,
        &results::Selection::Project(lingzhi.id.clone()),
        Some(2020),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(r.gross_income, 200_000 * 100);
    assert_eq!(
        r.gross_income,
        app::demo_ledger::LINGZHI_FIRST_SEASON_YUAN * 100
    );
    let products: Vec<&str> = r.yields.iter().map(|y| y.product.as_str()).collect();
    assert!(products.contains(&demo::FRUITING_BODY), "{products:?}");
    assert!(products.contains(&demo::SPORE_POWDER), "{products:?}");
    assert!(
        r.yields
            .iter()
            .all(|y| y.unit == "kg" && y.per_greenhouse.is_some())
    );
    assert!(r.distinct_workers > 200, "{}", r.distinct_workers);
    assert!(r.input_costs > 0 && r.wages > 0);
    assert!(
        !r.households.is_empty() && r.households.len() < r.distinct_workers,
        "workers are grouped into households"
    );
    assert_eq!(r.households.iter().map(|h| h.income).sum::<i64>(), r.wages);
    // Every worker is a person of 保婴村 in the registry.
    let logs = production::logs(db, &scope, &lingzhi.id).await.unwrap();
    let labour: Vec<_> = logs.iter().filter(|l| l.kind == "labour").collect();
    let mut workers = std::collections::BTreeSet::new();
    for l in &labour {
        let person = l.person_id.as_deref().unwrap();
        if workers.insert(person) {
            let p = store::people::persons::get(db, &scope, person)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(p.region_code, app::demo_ledger::BAOYING);
        }
    }
    assert_eq!(workers.len(), r.distinct_workers);
    // Labour paid; every sale's, labour's and payment's voucher posted.
    assert!(labour.iter().all(|l| l.paid_voucher_id.is_some()));
    let mut ids: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for l in &logs {
        ids.extend(l.voucher_id.as_deref());
        ids.extend(l.paid_voucher_id.as_deref());
    }
    assert!(ids.len() > labour.len());
    for id in ids {
        let (v, _) = store::ledger::vouchers::get(db, &scope, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v.state, "posted", "{}", v.summary);
    }
    // The books of 2020 agree: 501002 over the year is the project's gross income.
    let orgs = store::ledger::books::list_orgs(db, &scope).await.unwrap();
    let org = orgs.iter().find(|o| o.id == lingzhi.org_id).unwrap();
    let b2020 = store::ledger::books::list_books(db, &scope, &org.id)
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.year == 2020)
        .unwrap();
    assert!(b2020.closed);
    let tb = store::ledger::reports::trial_balance(
        db,
        &scope,
        &b2020.id,
        domain::ledger::Period::new(2020, 1).unwrap(),
        domain::ledger::Period::new(2020, 11).unwrap(),
    )
    .await
    .unwrap();
    let income = tb.iter().find(|row| row.code == "501002").unwrap();
    assert_eq!(income.balance.credit, r.gross_income);

    // Two supported villages: budget lines and disbursements; one line beyond its budget
    // after a recorded approval.
    let mut over = 0;
    for (code, title) in demo::SUPPORTED {
        let p = find(title);
        assert_eq!(p.region_code, code);
        let region = store::region::get(db, &scope, code).await.unwrap().unwrap();
        assert!(region.tags.contains("supported"), "{}", region.tags);
        let detail = projects::get(db, &scope, &p.id).await.unwrap().unwrap();
        assert!(!detail.project.description.is_empty() && !detail.funding.is_empty());
        // A sale on it can be booked today: its income account is a leaf of the present
        // year's open book.
        let book = store::ledger::books::list_books(db, &scope, &p.org_id)
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.year == app::demo_ledger::present_year())
            .unwrap();
        assert!(!book.closed);
        let accounts = store::ledger::books::accounts(db, &book.id).await.unwrap();
        assert!(accounts.iter().any(|a| a.code == p.income_account));
        assert!(!store::ledger::books::has_children(
            &accounts,
            &p.income_account
        ));
        assert!(!detail.milestones.is_empty());
        let lines = funds::budget_status(db, &scope, &p.id)
            .await
            .unwrap()
            .unwrap();
        assert!(!lines.is_empty());
        let paid = funds::project_disbursements(db, &scope, &p.id)
            .await
            .unwrap()
            .len();
        for l in &lines {
            assert!(l.spent <= l.budget + l.approved && l.committed <= l.budget + l.approved);
            if l.approved > 0 && l.spent > l.budget {
                assert_eq!(l.line.name, demo::OVER_BUDGET_LINE);
                over += 1;
            }
        }
        assert!(paid >= 2, "{title}: {paid} disbursements");
    }
    assert_eq!(
        over, 1,
        "one line spent beyond its budget after an approval"
    );
    // 2020 is still 5 strong villages of 17 (checked above too, after the industry's vouchers).
}

/// Issue 5, point 9: the teams, first secretaries at the key villages, the two 2021
/// recruitments, the talent pool and the 2021 trainings with full coverage.
async fn the_demo_people_are_as_issue_5_describes(db: &store::Db) {
    use app::demo_people as demo;
    use domain::people::post::PostKind;
    use domain::people::training::TargetGroup;
    use store::people::{persons, posts, recruitment, talent, trainings};
    let scope = domain::identity::Scope::system();
    let today = domain::time::today();
    // “头雁”: every Party secretary in post at the end of 2021 was trained; so were the
    // first secretaries.
    let coverage = trainings::coverage(db, &scope, 2021, today).await.unwrap();
    let group = |g: TargetGroup| coverage.iter().find(|c| c.group == g).unwrap();
    let secretaries = group(TargetGroup::PartySecretaries);
    assert_eq!((secretaries.total, secretaries.share), (17, 1.0));
    assert!(secretaries.untrained.is_empty());
    let first = group(TargetGroup::FirstSecretaries);
    assert_eq!((first.total, first.share), (3, 1.0));
    let members = group(TargetGroup::CommitteeMembers);
    assert!(members.share > 0.5 && members.share < 1.0, "{members:?}");
    // The two recruitments of 2021.
    let campaigns = recruitment::list_campaigns(db, &scope, false)
        .await
        .unwrap();
    let hired = |title: &str| {
        let c = campaigns.iter().find(|c| c.title == title).unwrap();
        assert_eq!(c.year, 2021);
        c.id.clone()
    };
    let exam = hired(demo::RESERVE_EXAM);
    let exam_positions = recruitment::positions(db, &scope, &exam).await.unwrap();
    let exam_hired: i64 = exam_positions.iter().map(|p| p.hired).sum();
    assert!(exam_hired >= 30, "{exam_hired}");
    assert!(exam_positions.len() >= 3, "positions across the towns");
    let applicants = recruitment::applicants(db, &scope, &exam).await.unwrap();
    assert!(applicants.iter().any(|a| a.result == "not_hired"));
    assert!(
        applicants
            .iter()
            .filter(|a| a.result == "hired")
            .all(|a| a.talent_id.is_some()),
        "hired reserve cadres join the pool"
    );
    let public = hired(demo::PUBLIC_INSTITUTION);
    let public_hired: i64 = recruitment::positions(db, &scope, &public)
        .await
        .unwrap()
        .iter()
        .map(|p| p.hired)
        .sum();
    assert_eq!(public_hired, 4);
    // First secretaries at the three key villages at the end of 2021, with their units.
    let end_2021 = chrono::NaiveDate::from_ymd_opt(2021, 12, 31).unwrap();
    let sent = posts::list(
        db,
        &scope,
        &posts::Filter {
            post: Some(PostKind::FirstSecretary),
            active_on: Some(end_2021),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let villages: std::collections::BTreeSet<&str> =
        sent.iter().map(|p| p.region_code.as_str()).collect();
    let key: std::collections::BTreeSet<&str> = demo::FIRST_SECRETARIES
        .iter()
        .map(|(code, _)| *code)
        .collect();
    assert_eq!(villages, key);
    assert!(sent.iter().all(|p| !p.dispatching_unit.is_empty()));
    // Every village has a secretary today; history is kept (ended posts exist).
    let all = posts::list(db, &scope, &Default::default()).await.unwrap();
    let now: std::collections::BTreeSet<&str> = all
        .iter()
        .filter(|p| p.post == "party_secretary" && p.active_on(today))
        .map(|p| p.region_code.as_str())
        .collect();
    assert_eq!(now.len(), 17);
    assert!(all.iter().filter(|p| p.ends_on.is_some()).count() >= 3);
    assert!(all.iter().any(|p| p.post == "work_team_member"));
    // The talent pool: returning graduates and entrepreneurs; a reserve cadre promoted to
    // 两委委员, used and linked to the post.
    let pool = talent::search(db, &scope, &Default::default())
        .await
        .unwrap();
    for category in ["returning_graduate", "returning_entrepreneur"] {
        assert!(
            pool.iter()
                .any(|t| t.pool == "local_talent" && t.category == category)
        );
    }
    let used: Vec<_> = pool.iter().filter(|t| t.status == "used").collect();
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].pool, "reserve_cadre");
    let post = posts::get(db, &scope, used[0].post_id.as_deref().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (post.post.as_str(), post.person_id.as_str()),
        ("committee_member", used[0].person_id.as_str())
    );
    let promotions = store::people::incentives::list(
        db,
        &scope,
        &store::people::incentives::Filter {
            kind: Some(domain::people::IncentiveKind::Promotion),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(promotions.len(), 1);
    assert_eq!(promotions[0].person_id, used[0].person_id);
    // Valid, distinct GB 11643 numbers with a 3408xx prefix (read in full by the system).
    let roster = persons::roster(db, &domain::identity::Actor::system("test"), true)
        .await
        .unwrap();
    assert!(roster.len() > 150, "{}", roster.len());
    let mut seen = std::collections::BTreeSet::new();
    for p in &roster {
        let n = domain::people::check_id_number(&p.id_number).unwrap();
        assert!(n.starts_with("3408"), "{n}");
        assert!(seen.insert(n));
    }
}

#[tokio::test]
async fn vouchers_import_from_a_file_all_or_nothing_and_export_back() {
    let dir = temp_dir();
    let url = format!("sqlite://{}", dir.join("v.db").display());
    let db = store::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    app::demo::load(&db).await.unwrap();
    let scope = domain::identity::Scope::system();
    let org = store::ledger::books::list_orgs(&db, &scope)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.region_code == "340803100201")
        .unwrap();
    let csv = dir.join("vouchers.csv");
    // Into the present year's open book, dated today.
    let present = app::demo_ledger::present_year();
    let good = format!(
        "组织,日期,摘要,科目代码,借方金额,贷方金额,制单人,审核人\n\
         {c},{d},收到灵芝货款,102,1200,,baoying,haikou\n\
         {c},{d},收到灵芝货款,501002,,1200,baoying,haikou\n\
         {c},{d},付电费,513,80.50,,baoying,haikou\n\
         {c},{d},付电费,102,,80.5,baoying,haikou\n",
        c = org.credit_code,
        d = domain::time::today()
    );
    let bad = good.replace("102,,80.5", "102,,80.4");
    std::fs::write(&csv, &bad).unwrap();
    let out = zhenxing(
        &[
            "import",
            "vouchers",
            csv.to_str().unwrap(),
            "--database-url",
            &url,
        ],
        "",
    );
    assert_one_line_error(&out, "第 4 行");
    assert!(
        text(&out.stderr).contains("借贷不平衡"),
        "{}",
        text(&out.stderr)
    );
    let books = store::ledger::books::list_books(&db, &scope, &org.id)
        .await
        .unwrap();
    let this_year = books.iter().find(|b| b.year == present).unwrap();
    let count = |db: store::Db, id: String| async move {
        store::ledger::vouchers::list(
            &db,
            &domain::identity::Scope::system(),
            &id,
            &Default::default(),
            store::Page::all(),
        )
        .await
        .unwrap()
        .1
    };
    let before = count(db.clone(), this_year.id.clone()).await;
    std::fs::write(&csv, &good).unwrap();
    let out = zhenxing(
        &[
            "import",
            "vouchers",
            csv.to_str().unwrap(),
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 vouchers, 4 lines (drafts to review)"));
    assert_eq!(count(db.clone(), this_year.id.clone()).await, before + 2);
    // The file's vouchers are drafts (issue 11); a town officer reviews and posts them.
    let town = domain::identity::Actor {
        user_id: None,
        username: "zhan".into(),
        role: Some(domain::identity::Role::TownOfficer),
        scope: domain::identity::Scope::region(
            domain::region::RegionCode::parse("340803100000").unwrap(),
        ),
    };
    let (drafts, _) = store::ledger::vouchers::list(
        &db,
        &scope,
        &this_year.id,
        &store::ledger::vouchers::Filter {
            state: Some(domain::ledger::VoucherState::Draft),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    let drafts: Vec<_> = drafts
        .into_iter()
        .filter(|v| v.preparer_name == "system:cli")
        .collect();
    assert_eq!(drafts.len(), 2);
    for v in &drafts {
        store::ledger::vouchers::review(&db, &town, &v.id)
            .await
            .unwrap();
        store::ledger::vouchers::post(&db, &town, &v.id)
            .await
            .unwrap();
    }
    // The export of the book migrates into another deployment unchanged, but for the
    // reviewer column: a migration never takes a reviewer from a file.
    let rows = usecase::ledger::export_rows(&db, &scope, &this_year.id)
        .await
        .unwrap();
    let bytes = usecase::tabular::xlsx_bytes("vouchers", &rows[0], &rows[1..]).unwrap();
    // Another deployment with the same organisation and an empty book of the same year with the same
    // sub-accounts takes the file and exports it back identically.
    let other_dir = temp_dir();
    let other = store::Db::connect(&format!("sqlite://{}", other_dir.join("o.db").display()))
        .await
        .unwrap();
    other.migrate().await.unwrap();
    let system = domain::identity::Actor::system("t");
    let regions: Vec<(usize, domain::region::Region)> = store::region::all(&db, &scope)
        .await
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r.to_region().unwrap()))
        .collect();
    store::region::import(&other, &system, &regions)
        .await
        .unwrap();
    let other_org = store::ledger::books::create_org(
        &other,
        &system,
        &domain::region::RegionCode::parse(&org.region_code).unwrap(),
        &org.name,
        &org.credit_code,
    )
    .await
    .unwrap();
    let other_book = store::ledger::books::open_book(&other, &system, &other_org.id, present, None)
        .await
        .unwrap();
    for a in store::ledger::books::accounts(&db, &this_year.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| !a.from_template)
    {
        store::ledger::books::add_sub_account(
            &other,
            &system,
            &other_book.id,
            a.parent_code.as_deref().unwrap(),
            &a.code,
            &a.name,
        )
        .await
        .unwrap();
    }
    store::ledger::books::check_openings(&other, &system, &other_book.id)
        .await
        .unwrap();
    let tr = usecase::i18n::Tr::new(
        std::sync::Arc::new(usecase::i18n::I18n::load().unwrap()),
        usecase::i18n::Locale::ZhCn,
    );
    let migration = store::ledger::import::Mode::Migration;
    let imported =
        usecase::ledger::import_vouchers(&other, &system, "export.xlsx", &bytes, None, migration)
            .await
            .unwrap();
    let posted = rows.len() - 1;
    assert!(posted >= 4);
    assert_eq!(
        imported.lines, posted,
        "every posted line of the book is exported and migrated"
    );
    let round_trip = usecase::ledger::export_rows(&other, &scope, &other_book.id)
        .await
        .unwrap();
    let reviewer = domain::ledger::voucher_file::COLUMNS
        .iter()
        .position(|(k, _)| *k == "reviewer")
        .unwrap();
    let without_reviewer = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| {
                let mut r = r.clone();
                r.remove(reviewer);
                r
            })
            .collect()
    };
    assert_eq!(
        without_reviewer(&rows),
        without_reviewer(&round_trip),
        "the export migrates unchanged"
    );
    assert!(
        round_trip[1..].iter().all(|r| r[reviewer].is_empty()),
        "no reviewer name from the file"
    );
    // Importing the same file again is refused whole: its voucher numbers are taken.
    let clash =
        usecase::ledger::import_vouchers(&other, &system, "export.xlsx", &bytes, None, migration)
            .await
            .unwrap_err()
            .describe(&tr);
    assert!(clash.contains("凭证号"), "{clash}");
    let again = usecase::ledger::export_rows(&db, &scope, &this_year.id)
        .await
        .unwrap();
    assert_eq!(rows, again, "exporting twice gives the same file");
}

#[test]
fn a_generated_ledger_data_set_imports_whole_or_not_at_all() {
    let dir = temp_dir();
    let ds = dir.join("ds");
    let out = zhenxing(
        &[
            "gen",
            "ledger",
            "--villages",
            "3",
            "--vouchers",
            "600",
            "--years",
            "2",
            "--out",
            ds.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let journal = std::fs::read_to_string(ds.join("journal.ledger")).unwrap();
    assert_eq!(journal.matches(" * 记-").count(), 600);
    // A broken line in the middle: nothing at all is imported.
    let csv = std::fs::read_to_string(ds.join("vouchers.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    let mut cells: Vec<&str> = lines[700].split(',').collect();
    cells[4] = "999";
    let broken = cells.join(",");
    let original = lines[700].to_string();
    lines[700] = &broken;
    std::fs::write(ds.join("vouchers.csv"), lines.join("\n")).unwrap();
    let db_dir = dir.join("db");
    let out = zhenxing(
        &[
            "import",
            "dataset",
            ds.to_str().unwrap(),
            "--data-dir",
            db_dir.to_str().unwrap(),
        ],
        "",
    );
    assert_ne!(broken, original, "the test must break a line");
    {
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("vouchers.csv"),
            "{}",
            text(&out.stderr)
        );
        let url = format!("sqlite://{}", db_dir.join("zhenxing.db").display());
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let books = rt.block_on(async {
            let db = store::Db::connect(&url).await.unwrap();
            let scope = domain::identity::Scope::system();
            let mut books = 0;
            for org in store::ledger::books::list_orgs(&db, &scope).await.unwrap() {
                books += store::ledger::books::list_books(&db, &scope, &org.id)
                    .await
                    .unwrap()
                    .len();
            }
            books
        });
        assert_eq!(
            books, 0,
            "no book and no voucher of the data set was written"
        );
    }
    std::fs::write(ds.join("vouchers.csv"), &csv).unwrap();
    let fresh = dir.join("db2");
    let out = zhenxing(
        &[
            "import",
            "dataset",
            ds.to_str().unwrap(),
            "--data-dir",
            fresh.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 organisations, 6 books, 600 vouchers, 1200 lines"),
        "{}",
        text(&out.stdout)
    );
    // Every book's trial balance moves exactly what the file's rows for its organisation and
    // year carry (summed here from the CSV), and each book has its chart and audit entries.
    let mut file_debits: std::collections::HashMap<(String, i32), i64> = Default::default();
    for row in csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let year: i32 = cells[1][..4].parse().unwrap();
        let debit = domain::Money::parse_yuan(cells[6])
            .map(|m| m.fen())
            .unwrap_or(0);
        *file_debits.entry((cells[0].to_string(), year)).or_default() += debit;
    }
    let url = format!("sqlite://{}", fresh.join("zhenxing.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = store::Db::connect(&url).await.unwrap();
        let scope = domain::identity::Scope::system();
        let mut checked = 0;
        for org in store::ledger::books::list_orgs(&db, &scope).await.unwrap() {
            for book in store::ledger::books::list_books(&db, &scope, &org.id)
                .await
                .unwrap()
            {
                let year_range = (
                    domain::ledger::Period::new(book.year, 1).unwrap(),
                    domain::ledger::Period::new(book.year, 12).unwrap(),
                );
                let rows = store::ledger::reports::trial_balance(
                    &db,
                    &scope,
                    &book.id,
                    year_range.0,
                    year_range.1,
                )
                .await
                .unwrap();
                let first_level_debits: i64 = rows
                    .iter()
                    .filter(|r| r.depth == 1)
                    .map(|r| r.balance.debit)
                    .sum();
                assert_eq!(
                    first_level_debits,
                    file_debits[&(org.credit_code.clone(), book.year)],
                    "book {} {}",
                    org.credit_code,
                    book.year
                );
                assert!(rows.len() > 30, "the book has its chart");
                checked += 1;
            }
        }
        assert_eq!(checked, 6);
        let (entries, _) = store::audit::list(
            &db,
            &scope,
            &store::audit::Filter {
                entity: "ledger_book".into(),
                ..Default::default()
            },
            store::Page::all(),
        )
        .await
        .unwrap();
        let created = entries.iter().filter(|e| e.action == "create").count();
        let imported = entries.iter().filter(|e| e.action == "import").count();
        assert_eq!(
            (created, imported),
            (6, 6),
            "a create and an import entry per book"
        );
    });
    let out = zhenxing(
        &[
            "bench",
            "ledger-queries",
            "--runs",
            "3",
            "--data-dir",
            fresh.to_str().unwrap(),
        ],
        "",
    );
    assert!(text(&out.stdout).contains("trial_balance_month_ms"));
}

#[test]
fn the_compliance_benchmark_generates_a_district_and_times_its_board() {
    let dir = temp_dir();
    let args = [
        "bench",
        "compliance",
        "--villages",
        "45",
        "--assignments",
        "16",
        "--years",
        "2",
        "--runs",
        "3",
        "--data-dir",
        dir.to_str().unwrap(),
    ];
    let out = zhenxing(&args, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("3 towns, 45 villages, 16 assignments"),
        "{stdout}"
    );
    let ms: f64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("compliance_board_year_ms "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(ms > 0.0);
    // The board it timed has cells of every rule, some of them red.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = store::Db::connect(&format!("sqlite://{}", dir.join("zhenxing.db").display()))
            .await
            .unwrap();
        let period = |m| domain::ledger::Period::new(2022, m).unwrap();
        let board = store::mechanism::compliance::board(
            &db,
            &domain::identity::Scope::system(),
            period(1),
            period(12),
            chrono::NaiveDate::from_ymd_opt(2023, 1, 15).unwrap(),
        )
        .await
        .unwrap();
        for rule in &board.rules {
            assert!(
                board.cells.iter().any(|c| c.rule == rule.id),
                "{}",
                rule.name
            );
        }
        let missed = board
            .cells
            .iter()
            .filter(|c| c.status == domain::mechanism::CellStatus::Missed)
            .count();
        assert!(missed > 0);
        assert!(stdout.contains(&format!(
            "board 2022: {} cells, {missed} missed",
            board.cells.len()
        )));
        db.close().await;
    });
    // It never writes into a database that holds data.
    assert_one_line_error(&zhenxing(&args, ""), "empty database");
}

// Issue 11: imports. A voucher file becomes drafts; `--migrated` is a district admin's and
// audited with the file's SHA-256; `import dataset` is one transaction into an empty database.

/// A database with 大观区 → 海口镇 → 保婴村, users `kuaiji` (village cadre) and `admin`
/// (district admin), and 保婴村's organisation with a checked 2024 book. Returns the URL,
/// the organisation's credit code and the book id.
async fn small_books(dir: &std::path::Path) -> (String, String, String) {
    use domain::identity::{Actor, Role};
    let url = format!("sqlite://{}", dir.join("b.db").display());
    let db = store::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let system = Actor::system("test");
    let rows: Vec<(usize, domain::region::Region)> = [
        ("340803000000", "", "大观区", "区"),
        ("340803100000", "340803000000", "海口镇", "镇"),
        ("340803100201", "340803100000", "保婴村", "村"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (code, parent, name, kind))| {
        let input = domain::region::RegionInput {
            code: (*code).into(),
            parent_code: (*parent).into(),
            name: (*name).into(),
            kind: (*kind).into(),
            ..Default::default()
        };
        (i + 2, input.validate().unwrap())
    })
    .collect();
    store::region::import(&db, &system, &rows).await.unwrap();
    for (username, role, region) in [
        ("kuaiji", Role::VillageCadre, "340803100201"),
        ("admin", Role::DistrictAdmin, "340803000000"),
    ] {
        store::identity::create_user(
            &db,
            &system,
            store::identity::NewUser {
                username: username.into(),
                display_name: username.into(),
                role,
                region: domain::region::RegionCode::parse(region).unwrap(),
                password_hash: "not-used".into(),
            },
        )
        .await
        .unwrap();
    }
    let body = "N2340803MF0000099";
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let org = store::ledger::books::create_org(
        &db,
        &system,
        &domain::region::RegionCode::parse("340803100201").unwrap(),
        "保婴村股份经济合作社",
        &credit,
    )
    .await
    .unwrap();
    let book = store::ledger::books::open_book(&db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    store::ledger::books::check_openings(&db, &system, &book.id)
        .await
        .unwrap();
    db.close().await;
    (url, credit, book.id)
}

/// (state, origin, preparer, reviewer) of every voucher of the book.
async fn vouchers_of(url: &str, book_id: &str) -> Vec<(String, String, String, Option<String>)> {
    let db = store::Db::connect(url).await.unwrap();
    let scope = domain::identity::Scope::system();
    let (list, _) = store::ledger::vouchers::list(
        &db,
        &scope,
        book_id,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap();
    let origins = store::ledger::import::origins(&db, &scope, book_id)
        .await
        .unwrap();
    let out = list
        .into_iter()
        .map(|v| {
            let origin = origins
                .iter()
                .find(|(p, n, _)| *p == v.period && *n == v.number)
                .map(|(_, _, o)| o.clone())
                .unwrap();
            (v.state, origin, v.preparer_name, v.reviewer_name)
        })
        .collect();
    db.close().await;
    out
}

#[tokio::test]
async fn import_vouchers_makes_drafts_and_only_a_district_admin_migrates() {
    let dir = temp_dir();
    let (url, credit, book_id) = small_books(&dir).await;
    let csv = dir.join("v.csv");
    let file = format!(
        "组织,日期,摘要,科目代码,借方金额,贷方金额,制单人,审核人\n\
         {credit},2024-06-05,收到租金,102,1200,,王会计,kuaiji\n\
         {credit},2024-06-05,收到租金,501,,1200,王会计,kuaiji\n"
    );
    std::fs::write(&csv, &file).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "vouchers",
            csv.to_str().unwrap(),
            "--database-url",
        ];
        args.push(&url);
        args.extend_from_slice(extra);
        zhenxing(&args, "")
    };
    // --migrated needs a named district admin: without a user, or as a village cadre, it
    // is refused and nothing is written.
    assert_one_line_error(&run(&["--migrated"]), "--user");
    assert_one_line_error(&run(&["--migrated", "--user", "kuaiji"]), "权限");
    assert!(vouchers_of(&url, &book_id).await.is_empty());
    // The cadre's import: drafts the cadre prepared, whatever the file's columns say.
    let out = run(&["--user", "kuaiji"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("drafts to review"));
    assert_eq!(
        vouchers_of(&url, &book_id).await,
        [(
            "draft".to_string(),
            "entered".to_string(),
            "kuaiji".to_string(),
            None
        )]
    );
    // The admin's migration of another file: posted, migrated, no reviewer from the file,
    // audited with the file's SHA-256.
    let migrated = file.replace("2024-06-05", "2024-07-01");
    std::fs::write(&csv, &migrated).unwrap();
    let out = run(&["--migrated", "--user", "admin"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("posted as migrated"));
    let all = vouchers_of(&url, &book_id).await;
    assert_eq!(
        all[1],
        (
            "posted".to_string(),
            "migrated".to_string(),
            "王会计".to_string(),
            None
        ),
        "{all:?}"
    );
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(migrated.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let db = store::Db::connect(&url).await.unwrap();
    let (entries, _) = store::audit::list(
        &db,
        &domain::identity::Scope::system(),
        &store::audit::Filter {
            entity: "ledger_book".into(),
            actor: "admin".into(),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    let after: Vec<String> = entries
        .iter()
        .filter(|e| e.action == "import")
        .filter_map(|e| e.after_json.clone())
        .collect();
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(
        after[0].contains(&digest) && after[0].contains("\"migration\":true"),
        "{after:?}"
    );
}

/// Generates a small data set and breaks the last voucher line (the last book) when asked.
fn small_dataset(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let ds = dir.join("ds");
    let out = zhenxing(
        &[
            "gen",
            "ledger",
            "--villages",
            "3",
            "--vouchers",
            "60",
            "--years",
            "2",
            "--out",
            ds.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(ds.join("vouchers.csv")).unwrap();
    (ds, csv)
}

fn break_last_book(ds: &std::path::Path, csv: &str) {
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let last = lines.len() - 1;
    let mut cells: Vec<String> = lines[last].split(',').map(str::to_string).collect();
    cells[4] = "999".into();
    lines[last] = cells.join(",");
    assert_ne!(lines[last], csv.lines().last().unwrap());
    std::fs::write(ds.join("vouchers.csv"), lines.join("\n")).unwrap();
}

/// (regions, organisations, books, audit entries) in the database.
async fn dataset_counts(db: &store::Db) -> (usize, usize, usize, i64) {
    let scope = domain::identity::Scope::system();
    let regions = store::region::all(db, &scope).await.unwrap().len();
    let orgs = store::ledger::books::list_orgs(db, &scope).await.unwrap();
    let mut books = 0;
    for org in &orgs {
        books += store::ledger::books::list_books(db, &scope, &org.id)
            .await
            .unwrap()
            .len();
    }
    let (_, audit) = store::audit::list(
        db,
        &scope,
        &Default::default(),
        store::Page {
            limit: 1,
            offset: 0,
        },
    )
    .await
    .unwrap();
    (regions, orgs.len(), books, audit)
}

#[test]
fn import_dataset_is_all_or_nothing_and_refuses_a_database_in_use() {
    let dir = temp_dir();
    let (ds, csv) = small_dataset(&dir);
    break_last_book(&ds, &csv);
    let db_dir = dir.join("db");
    let run = || {
        zhenxing(
            &[
                "import",
                "dataset",
                ds.to_str().unwrap(),
                "--data-dir",
                db_dir.to_str().unwrap(),
            ],
            "",
        )
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("sqlite://{}", db_dir.join("zhenxing.db").display());
    let counts = || {
        rt.block_on(async {
            let db = store::Db::connect(&url).await.unwrap();
            let c = dataset_counts(&db).await;
            db.close().await;
            c
        })
    };
    // A bad voucher in the last book: no region, organisation or book is left behind.
    let out = run();
    assert_one_line_error(&out, "vouchers.csv");
    assert_eq!(counts(), (0, 0, 0, 0), "the database is as it was: empty");
    // Fixed, the same command on the same database succeeds (no credit_code_taken).
    std::fs::write(ds.join("vouchers.csv"), &csv).unwrap();
    let out = run();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 organisations, 6 books, 60 vouchers"),
        "{}",
        text(&out.stdout)
    );
    let loaded = counts();
    assert_eq!((loaded.1, loaded.2), (3, 6));
    // Every voucher is marked migrated, and the load is audited as a migration with the
    // SHA-256 of each of its files.
    rt.block_on(async {
        let db = store::Db::connect(&url).await.unwrap();
        let scope = domain::identity::Scope::system();
        for org in store::ledger::books::list_orgs(&db, &scope).await.unwrap() {
            for book in store::ledger::books::list_books(&db, &scope, &org.id)
                .await
                .unwrap()
            {
                let origins = store::ledger::import::origins(&db, &scope, &book.id)
                    .await
                    .unwrap();
                assert!(!origins.is_empty());
                assert!(origins.iter().all(|(_, _, o)| o == "migrated"));
            }
        }
        let (entries, _) = store::audit::list(
            &db,
            &scope,
            &store::audit::Filter {
                entity: "region".into(),
                ..Default::default()
            },
            store::Page::all(),
        )
        .await
        .unwrap();
        let load: Vec<&str> = entries
            .iter()
            .filter(|e| e.action == "import")
            .filter_map(|e| e.after_json.as_deref())
            .collect();
        assert_eq!(load.len(), 1, "{load:?}");
        use sha2::Digest;
        for name in ["regions.csv", "orgs.csv", "vouchers.csv"] {
            let bytes = std::fs::read(ds.join(name)).unwrap();
            let digest: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert!(load[0].contains(&digest), "{name}: {}", load[0]);
        }
        assert!(load[0].contains("\"migration\":true"), "{}", load[0]);
        db.close().await;
    });
    // Once more into the loaded database: refused with a clear message, nothing written.
    let out = run();
    assert_one_line_error(&out, "数据库不是空的");
    assert_eq!(counts(), loaded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_dataset_is_all_or_nothing_on_postgres() {
    let Ok(admin_url) = std::env::var("ZHENXING_TEST_POSTGRES") else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: the PostgreSQL load is checked on CI");
        return;
    };
    let dir = temp_dir();
    let (ds, csv) = tokio::task::block_in_place(|| small_dataset(&dir));
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
    let db = store::Db::connect(&format!("{base}/{name}")).await.unwrap();
    db.migrate().await.unwrap();
    break_last_book(&ds, &csv);
    let err = app::dataset::import(&db, &ds)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("vouchers.csv"), "{err}");
    assert_eq!(dataset_counts(&db).await, (0, 0, 0, 0));
    std::fs::write(ds.join("vouchers.csv"), &csv).unwrap();
    let loaded = app::dataset::import(&db, &ds).await.unwrap();
    assert_eq!((loaded.orgs, loaded.books, loaded.vouchers), (3, 6, 60));
    let counts = dataset_counts(&db).await;
    let err = app::dataset::import(&db, &ds)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("数据库不是空的"), "{err}");
    assert_eq!(dataset_counts(&db).await, counts);
    db.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(pool)
    .await
    .unwrap();
    admin.close().await;
}

/// A region of the test district: the district, 海口镇, or a village of 海口镇 numbered `n`.
fn test_region(code: &str, parent: &str, name: &str, kind: &str) -> domain::region::Region {
    domain::region::RegionInput {
        code: code.into(),
        parent_code: parent.into(),
        name: name.into(),
        kind: kind.into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_writing_restores_verified_with_every_acknowledged_write() {
    let dir = temp_dir();
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = store::Db::connect(&format!("sqlite://{}", data.join("zhenxing.db").display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let actor = domain::identity::Actor::system("t");
    for r in [
        test_region("340803000000", "", "大观区", "区"),
        test_region("340803100000", "340803000000", "海口镇", "镇"),
    ] {
        store::region::create(&db, &actor, &r).await.unwrap();
    }
    let village = |n: usize| {
        test_region(
            &format!("340803100{n:03}"),
            "340803100000",
            &format!("第{n}村"),
            "村",
        )
    };
    for n in 1..=20 {
        store::region::create(&db, &actor, &village(n))
            .await
            .unwrap();
    }
    // A writer keeps adding villages while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, actor, stop) = (db.clone(), actor.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 21;
            while n < 900 && !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store::region::create(&db, &actor, &village(n))
                    .await
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    // Every write acknowledged before the backup starts must be in it.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let acknowledged = store::region::all(&db, &domain::identity::Scope::system())
        .await
        .unwrap()
        .len();
    let file = dir.join("backups").join("b.db");
    let data_arg = data.display().to_string();
    let file_arg = file.display().to_string();
    let out = tokio::task::spawn_blocking(move || {
        zhenxing(&["backup", "--data-dir", &data_arg, "--to", &file_arg], "")
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.await.unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("备份完成"),
        "{}",
        text(&out.stdout)
    );
    assert!(app::backup::manifest_path(&file).exists());

    // A second backup never overwrites the first.
    let again = zhenxing(
        &[
            "backup",
            "--data-dir",
            &data.display().to_string(),
            "--to",
            &file.display().to_string(),
        ],
        "",
    );
    assert!(!again.status.success());

    // Restored into an empty data directory and verified: digest, check, row counts.
    let restored = dir.join("restored");
    let out = zhenxing(
        &[
            "restore",
            &file.display().to_string(),
            "--data-dir",
            &restored.display().to_string(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("恢复完成"),
        "{}",
        text(&out.stdout)
    );
    let back = store::Db::connect(&format!(
        "sqlite://{}",
        restored.join("zhenxing.db").display()
    ))
    .await
    .unwrap();
    let regions = store::region::all(&back, &domain::identity::Scope::system())
        .await
        .unwrap();
    assert!(
        regions.len() >= acknowledged,
        "{} regions restored, {acknowledged} acknowledged before the backup",
        regions.len()
    );
    assert!(store::check::run(&back).await.unwrap().is_empty());
    back.close().await;

    // Not into a data directory that has a database; not from a file its manifest does not
    // describe.
    let out = zhenxing(
        &[
            "restore",
            &file.display().to_string(),
            "--data-dir",
            &restored.display().to_string(),
        ],
        "",
    );
    assert_one_line_error(&out, "empty data directory");
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    let elsewhere = dir.join("elsewhere");
    let out = zhenxing(
        &[
            "restore",
            &file.display().to_string(),
            "--data-dir",
            &elsewhere.display().to_string(),
        ],
        "",
    );
    assert_one_line_error(&out, "SHA-256");
    assert!(!elsewhere.join("zhenxing.db").exists());
    db.close().await;
}

#[test]
fn a_slow_client_is_cut_off_and_sigterm_ends_the_server_within_its_grace() {
    use std::io::Read;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};
    let dir = temp_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_zhenxing"))
        .args([
            "serve",
            "--data-dir",
            dir.to_str().unwrap(),
            "--listen",
            &addr,
        ])
        .args(["--header-timeout", "1", "--shutdown-grace", "2"])
        .env_remove("ZHENXING_DATABASE_URL")
        .env_remove("ZHENXING_CONFIG")
        .env("ZHENXING_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let get = |path: &str| -> Option<String> {
        let mut s = TcpStream::connect(&addr).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        Some(out)
    };
    let started = Instant::now();
    while get("/healthz").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // One header byte a second: the connection is closed after the 1 s header timeout.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let t = Instant::now();
    let mut closed = false;
    for byte in b"GET /healthz HTTP/1.1\r\n" {
        if slow.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 512];
        slow.set_read_timeout(Some(Duration::from_millis(1000)))
            .unwrap();
        match slow.read(&mut buf) {
            // The server's answer (408 or a close) ends the slow request.
            Ok(_) => {
                closed = true;
                break;
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    assert!(
        closed,
        "a client sending a byte a second kept its connection"
    );
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "cut off only after {:?}",
        t.elapsed()
    );
    // The server still answers others.
    assert!(get("/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")));

    // SIGTERM with a client holding a connection open: the server exits within its grace.
    let mut holding = TcpStream::connect(&addr).unwrap();
    holding
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(6),
            "the server was still running {:?} after SIGTERM",
            t.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(holding);
}

#[path = "cli/dbcopy.rs"]
mod dbcopy;
#[path = "cli/demo_present.rs"]
mod demo_present;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/ops.rs"]
mod ops;
// Disclosure (issue 15): key, verify, the demo's published items.
#[path = "cli/disclosure.rs"]
mod disclosure;
#[path = "cli/public_site.rs"]
mod public_site;
// Province scale (issue 16): gen province, and its load on SQLite and through COPY on PostgreSQL.
#[path = "cli/province.rs"]
mod province;
// The report pack on the demo (issue 16).
#[path = "cli/report_pack.rs"]
mod report_pack;

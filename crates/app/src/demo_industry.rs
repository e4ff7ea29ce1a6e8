//! The demo's industry projects (issue 6): at 保婴村 the shiitake (香菇) project, terminated
//! with its reason, and the lingzhi (灵芝) project of the district's support team — funding,
//! budget lines, milestones, status 运营, five greenhouses with one first-season batch each in
//! 2020, inputs, harvests of 灵芝子实体 and 孢子粉, sales totalling exactly
//! [`LINGZHI_FIRST_SEASON_YUAN`] and the labour of more than 200 villagers registered in the
//! people registry, grouped into households and paid; and one project in each of two
//! supported villages (扶持村) with plan, funding, budget lines, milestones and disbursements
//! in 2025, one of them beyond its budget line after a recorded approval.
//!
//! Everything is entered through `store::industry` as 保婴村's bookkeeper (or the system, for
//! the supported villages), so the sale, labour and disbursement vouchers are drafts in the
//! village's books; the town's bookkeeping station reviews and posts those of 2020, which
//! `demo_ledger::finish` then closes. Names, areas and quantities are illustrative; the
//! totals are computed by the results, never typed in.

use crate::demo_ledger::{BAOYING, LINGZHI_FIRST_SEASON_YUAN};
use crate::demo_people::{Kind, Registry};
use chrono::NaiveDate;
use domain::Money;
use domain::identity::{Actor, Scope};
use domain::industry::funds::{ApprovalInput, DisbursementInput};
use domain::industry::production::{BatchInput, LogInput, UnitInput};
use domain::industry::project::{
    BudgetLineInput, FundingInput, MilestoneInput, ProjectInput, Status,
};
use domain::ledger::Period;
use domain::ledger::voucher::{Line, Voucher};
use domain::people::post::PostKind;
use store::Db;
use store::industry::{documents, funds, production, projects, results};
use store::ledger::vouchers;

/// 保婴村's lingzhi project.
pub const LINGZHI_TITLE: &str = "保婴村灵芝大棚种植基地";
/// 保婴村's shiitake project, terminated.
pub const SHIITAKE_TITLE: &str = "保婴村香菇种植项目";
/// Why the shiitake project was terminated.
pub const SHIITAKE_REASON: &str = "技术和市场不成熟，连续两季亏损，经村民代表大会决议终止";
/// The lingzhi project's greenhouses (大棚).
pub const GREENHOUSES: usize = 5;
/// The two products of the first season.
pub const FRUITING_BODY: &str = "灵芝子实体";
pub const SPORE_POWDER: &str = "孢子粉";
/// Villagers of 保婴村 who worked in the first season.
pub const WORKERS: usize = 216;
/// The supported villages' projects: (village code, title).
pub const SUPPORTED: [(&str, &str); 2] = [
    ("340803100202", "洪铺村稻虾共养基地"),
    ("340803200204", "双塘村黄桃种植基地"),
];
/// The budget line of 双塘村 that was exceeded after a recorded approval.
pub const OVER_BUDGET_LINE: &str = "黄桃苗木采购及栽植";

/// Sale prices, yuan per kg: 灵芝子实体 and 孢子粉.
const FRUITING_PRICE: i64 = 120;
const SPORE_PRICE: i64 = 400;
/// Daily wage of the greenhouse work, yuan.
const DAILY_WAGE: i64 = 100;
/// Bags (菌包) per greenhouse and their price in fen.
const BAGS: i64 = 4_800;
const BAG_FEN: i64 = 250;

const VILLAGER_GIVEN: [&str; 30] = [
    "春花", "金龙", "来福", "秋菊", "根生", "桂芳", "长生", "水英", "大勇", "冬梅", "福林", "兰英",
    "有才", "翠兰", "国庆", "美华", "建国", "淑珍", "永红", "爱民", "月娥", "新民", "素梅", "德明",
    "凤兰", "金山", "小红", "满堂", "秀珍", "忠诚",
];
const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
];

/// Villager `n`'s name. Villagers come in runs of six (households of 1, 2 and 3 members,
/// see `lingzhi`) that share a surname; names are distinct for every `n` below 24 × 6 × 5.
fn villager(n: usize) -> String {
    let (run, member) = (n / 6, n % 6);
    let s = run % SURNAMES.len();
    let given = member + 6 * (run / SURNAMES.len()) + 7 * s;
    format!(
        "{}{}",
        SURNAMES[s],
        VILLAGER_GIVEN[given % VILLAGER_GIVEN.len()]
    )
}

fn day(year: i32, month: u32, d: u32) -> Result<NaiveDate, crate::demo::DemoError> {
    NaiveDate::from_ymd_opt(year, month, d).ok_or(crate::demo::DemoError::date(year, month, d))
}

fn err(what: &str) -> impl Fn(store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::store(format!("demo industry, {what}"))
}

fn invalid(what: &str) -> impl Fn(domain::FieldError) -> crate::demo::DemoError + '_ {
    move |e| crate::demo::DemoError::Data(format!("demo industry, {what}: {e}"))
}

/// Yuan as the forms take them.
fn yuan(fen: i64) -> String {
    Money(fen).to_string()
}

/// The demo account `username` acting as itself.
async fn user(db: &Db, username: &str) -> Result<Actor, crate::demo::DemoError> {
    store::identity::find_for_login(db, username)
        .await
        .map_err(err("account"))?
        .ok_or_else(|| crate::demo::DemoError::Data(format!("demo account {username} missing")))?
        .actor()
        .map_err(invalid("account"))
}

/// The collective economic organisation of a village.
async fn org_of(db: &Db, village: &str) -> Result<String, crate::demo::DemoError> {
    Ok(store::ledger::books::list_orgs(db, &Scope::system())
        .await
        .map_err(err("organisations"))?
        .into_iter()
        .find(|o| o.region_code == village)
        .ok_or_else(|| format!("demo village {village} has no organisation"))?
        .id)
}

/// Reviews (as `reviewer`, not the preparer) and posts a draft voucher.
async fn review_and_post(
    db: &Db,
    reviewer: &Actor,
    voucher_id: &str,
) -> Result<(), crate::demo::DemoError> {
    vouchers::review(db, reviewer, voucher_id)
        .await
        .map_err(err("review"))?;
    vouchers::post(db, reviewer, voucher_id)
        .await
        .map_err(err("post"))?;
    Ok(())
}

struct NewProject<'a> {
    village: &'a str,
    sector: &'a str,
    title: &'a str,
    description: &'a str,
    responsible: (Option<String>, String),
    income_account: &'a str,
    /// (source, yuan, note)
    funding: &'a [(&'a str, i64, &'a str)],
    /// (name, yuan, account)
    lines: &'a [(&'a str, i64, &'a str)],
    /// (title, due, weight, progress)
    milestones: &'a [(&'a str, NaiveDate, i64, i64)],
    /// The day it was applied for (申报).
    applied_on: NaiveDate,
    /// The statuses it goes through after 申报, with the reason and the date of each step.
    steps: &'a [(Status, &'a str, NaiveDate)],
}

/// Creates a project with its funding, budget lines and milestones and moves it along its
/// workflow. Returns the project id and the budget lines' ids in order.
async fn project(
    db: &Db,
    actor: &Actor,
    p: NewProject<'_>,
) -> Result<(String, Vec<String>), crate::demo::DemoError> {
    let input = ProjectInput {
        region_code: p.village.to_string(),
        org_id: org_of(db, p.village).await?,
        sector: p.sector.to_string(),
        title: p.title.to_string(),
        description: p.description.to_string(),
        responsible_person_id: p.responsible.0.clone().unwrap_or_default(),
        responsible_name: p.responsible.1.clone(),
        income_account: p.income_account.to_string(),
        applied_on: p.applied_on.to_string(),
        ..Default::default()
    }
    .validate()
    .map_err(invalid(p.title))?;
    let record = projects::create(db, actor, &input)
        .await
        .map_err(err(p.title))?;
    for (source, amount, note) in p.funding {
        let f = FundingInput {
            source: source.to_string(),
            amount: amount.to_string(),
            note: note.to_string(),
        }
        .validate()
        .map_err(invalid("funding"))?;
        projects::add_funding(db, actor, &record.id, &f)
            .await
            .map_err(err("funding"))?;
    }
    let mut lines = Vec::new();
    for (name, amount, account) in p.lines {
        let b = BudgetLineInput {
            name: name.to_string(),
            amount: amount.to_string(),
            account_code: account.to_string(),
        }
        .validate()
        .map_err(invalid("budget line"))?;
        lines.push(
            projects::add_budget_line(db, actor, &record.id, &b)
                .await
                .map_err(err("budget line"))?
                .id,
        );
    }
    for (title, due, weight, progress) in p.milestones {
        let m = MilestoneInput {
            title: title.to_string(),
            due_on: due.to_string(),
            weight: weight.to_string(),
            progress: progress.to_string(),
        }
        .validate()
        .map_err(invalid("milestone"))?;
        projects::add_milestone(db, actor, &record.id, &m)
            .await
            .map_err(err("milestone"))?;
    }
    for (status, reason, on) in p.steps {
        projects::transition(db, actor, &record.id, *status, reason, *on)
            .await
            .map_err(err("status"))?;
    }
    Ok((record.id, lines))
}

/// Disburses on a budget line; returns the draft voucher's id.
async fn disburse(
    db: &Db,
    actor: &Actor,
    line: &str,
    date: NaiveDate,
    fen: i64,
    summary: &str,
) -> Result<String, crate::demo::DemoError> {
    let d = DisbursementInput {
        date: date.to_string(),
        amount: yuan(fen),
        summary: summary.to_string(),
    }
    .validate()
    .map_err(invalid(summary))?;
    Ok(funds::disburse(db, actor, line, &d)
        .await
        .map_err(err(summary))?
        .1
        .id)
}

/// Records a log; returns the id of its voucher, if it has one.
async fn log(
    db: &Db,
    actor: &Actor,
    batch: &str,
    input: LogInput,
) -> Result<Option<String>, crate::demo::DemoError> {
    let what = format!("{} log of {}", input.kind, input.date);
    let l = input.validate().map_err(invalid(&what))?;
    let (_, voucher) = production::add_log(db, actor, batch, &l)
        .await
        .map_err(err(&what))?;
    Ok(voucher.map(|v| v.id))
}

/// Loads the industry demo (after the books' first phase and the people).
pub async fn load(db: &Db, system: &Actor) -> Result<(), crate::demo::DemoError> {
    let bookkeeper = user(db, "baoying").await?;
    let station = user(db, "haikou").await?;
    shiitake(db, &bookkeeper).await?;
    lingzhi(db, system, &bookkeeper, &station).await?;
    supported(db, system, &user(db, "admin").await?).await
}

/// The shiitake project (2018–2019), terminated before the books of the demo begin.
async fn shiitake(db: &Db, actor: &Actor) -> Result<(), crate::demo::DemoError> {
    project(
        db,
        actor,
        NewProject {
            village: BAOYING,
            sector: "食用菌种植",
            title: SHIITAKE_TITLE,
            description: "2018年利用闲置林地发展袋料香菇种植，由村股份经济合作社经营。",
            responsible: (None, "保婴村股份经济合作社（示例）".to_string()),
            income_account: "",
            funding: &[("collective", 80_000, "村集体自筹")],
            lines: &[("香菇菌棒及棚架", 80_000, "401")],
            milestones: &[
                ("首季香菇出菇", day(2018, 12, 31)?, 1, 100),
                ("实现稳定盈利", day(2019, 12, 31)?, 2, 0),
            ],
            applied_on: day(2018, 3, 6)?,
            steps: &[
                (Status::Approved, "村两委会议研究同意", day(2018, 3, 20)?),
                (Status::Implementing, "", day(2018, 4, 2)?),
                (Status::Terminated, SHIITAKE_REASON, day(2019, 11, 18)?),
            ],
        },
    )
    .await?;
    Ok(())
}

/// The person who leads 保婴村's district support team: its first secretary.
async fn first_secretary(db: &Db) -> Result<(String, String), crate::demo::DemoError> {
    let held = store::people::posts::list(
        db,
        &Scope::system(),
        &store::people::posts::Filter {
            region: domain::region::RegionCode::parse(BAOYING).ok(),
            post: Some(PostKind::FirstSecretary),
            ..Default::default()
        },
    )
    .await
    .map_err(err("first secretary"))?;
    let p = held.first().ok_or("demo: 保婴村 has no first secretary")?;
    Ok((p.person_id.clone(), p.person_name.clone()))
}

/// The file name of the lingzhi project's plan document.
pub const LINGZHI_PLAN_FILE: &str = "lingzhi-plan-demo.pdf";

/// A one-page PDF standing in for the lingzhi project's plan (the demo has no real one).
fn plan_pdf() -> Vec<u8> {
    let text = "BT /F1 16 Tf 72 770 Td (Baoying village lingzhi greenhouses: \
                implementation plan - illustrative demo file) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// The lingzhi project and its first season (2020), every voucher of it posted.
async fn lingzhi(
    db: &Db,
    system: &Actor,
    actor: &Actor,
    station: &Actor,
) -> Result<(), crate::demo::DemoError> {
    let (leader, leader_name) = first_secretary(db).await?;
    let built = day(2020, 3, 28)?;
    let (id, lines) = project(
        db,
        actor,
        NewProject {
            village: BAOYING,
            sector: "食用菌种植",
            title: LINGZHI_TITLE,
            description: "区委组织部选派的驻村工作队牵头，村股份经济合作社建设5座钢架大棚种植赤芝，\
                          采收灵芝子实体和孢子粉，优先吸纳本村村民务工。",
            responsible: (Some(leader), leader_name),
            income_account: "501002",
            funding: &[
                ("fiscal", 200_000, "2020年财政衔接资金（产业发展）"),
                ("collective", 70_000, "村集体自筹"),
            ],
            lines: &[
                ("5座灵芝大棚建设", 200_000, "151"),
                ("菌包及生产物资", 70_000, "401"),
            ],
            milestones: &[
                ("大棚建成", day(2020, 3, 31)?, 3, 100),
                ("首季灵芝采收", day(2020, 9, 30)?, 2, 100),
                ("首季销售回款", day(2020, 11, 30)?, 2, 100),
                ("孢子粉深加工合作", day(2026, 12, 31)?, 1, 40),
            ],
            applied_on: day(2019, 12, 10)?,
            steps: &[
                (Status::Approved, "区农业农村局批复立项", day(2020, 1, 8)?),
                (Status::Implementing, "", day(2020, 1, 15)?),
                (Status::Accepted, "大棚工程验收合格", day(2020, 3, 31)?),
                (Status::Operating, "首季投产", day(2020, 4, 10)?),
            ],
        },
    )
    .await?;
    let [greenhouse_line, bags_line] = lines.as_slice() else {
        return Err("demo: lingzhi budget lines".into());
    };
    let plan = domain::industry::document::DocumentInput {
        kind: "plan".into(),
        title: "保婴村灵芝大棚种植基地实施方案（示例）".into(),
    }
    .validate(LINGZHI_PLAN_FILE)
    .map_err(invalid("plan document"))?;
    documents::add(db, actor, &id, &plan, LINGZHI_PLAN_FILE, &plan_pdf())
        .await
        .map_err(err("plan document"))?;
    let mut posted = Vec::new();
    // The greenhouses: built with the fiscal funds, paid from the budget line.
    let areas = ["600", "600", "540", "660", "612.5"];
    let mut batches = Vec::new();
    for (i, area) in areas.iter().enumerate() {
        let unit = UnitInput {
            kind: "greenhouse".into(),
            name: format!("{}号大棚", i + 1),
            area_m2: area.to_string(),
            built_on: built.to_string(),
            asset_note: "固定资产：钢架塑料大棚，财政衔接资金建设，归村集体所有".into(),
        }
        .validate()
        .map_err(invalid("greenhouse"))?;
        let unit = production::create_unit(db, actor, &id, &unit)
            .await
            .map_err(err("greenhouse"))?;
        let batch = BatchInput {
            crop: "灵芝".into(),
            variety: "赤芝（沪农灵芝1号）".into(),
            started_on: day(2020, 4, 10)?.to_string(),
            size: BAGS.to_string(),
            size_unit: "袋".into(),
        }
        .validate()
        .map_err(invalid("batch"))?;
        batches.push(
            production::create_batch(db, actor, &unit.id, &batch)
                .await
                .map_err(err("batch"))?
                .id,
        );
    }
    let per_greenhouse = 36_000 * 100;
    posted.push(
        disburse(
            db,
            actor,
            greenhouse_line,
            built,
            per_greenhouse * GREENHOUSES as i64,
            "支付5座灵芝大棚建设工程款",
        )
        .await?,
    );
    // Inputs: the bags of every greenhouse, paid in one disbursement of the same amount.
    for batch in &batches {
        log(
            db,
            actor,
            batch,
            LogInput {
                kind: "input".into(),
                date: day(2020, 4, 10)?.to_string(),
                item: "灵芝菌包".into(),
                quantity: BAGS.to_string(),
                unit: "袋".into(),
                cost: yuan(BAGS * BAG_FEN),
                ..Default::default()
            },
        )
        .await?;
    }
    let inputs = BAGS * BAG_FEN * batches.len() as i64;
    posted.push(
        disburse(
            db,
            actor,
            bags_line,
            day(2020, 4, 8)?,
            inputs,
            "购买灵芝菌包",
        )
        .await?,
    );
    // Harvests and sales: 灵芝子实体 in two flushes (the second weighed in 斤), 孢子粉 once;
    // each greenhouse sells LINGZHI_FIRST_SEASON_YUAN / 5.
    let share = LINGZHI_FIRST_SEASON_YUAN * 100 / GREENHOUSES as i64;
    for (i, batch) in batches.iter().enumerate() {
        let first_flush = 200 + 5 * i as i64; // kg
        let second_flush_jin = 80; // 斤 = 40 kg
        let fruiting_kg = first_flush + second_flush_jin / 2;
        let fruiting_fen = fruiting_kg * FRUITING_PRICE * 100;
        let spore_fen = share - fruiting_fen;
        // Hundredths of a kg, exact: the share leaves a multiple of 4 yuan.
        let spore_hundredths = spore_fen * 100 / (SPORE_PRICE * 100);
        let spore_kg = format!("{}.{:02}", spore_hundredths / 100, spore_hundredths % 100);
        let harvests = [
            (
                day(2020, 8, 18)?,
                FRUITING_BODY,
                first_flush.to_string(),
                "kg",
                "一级",
            ),
            (
                day(2020, 9, 22)?,
                FRUITING_BODY,
                second_flush_jin.to_string(),
                "斤",
                "二级",
            ),
            (
                day(2020, 9, 5)?,
                SPORE_POWDER,
                spore_kg.clone(),
                "kg",
                "一级",
            ),
        ];
        for (date, product, quantity, unit, grade) in harvests {
            log(
                db,
                actor,
                batch,
                LogInput {
                    kind: "harvest".into(),
                    date: date.to_string(),
                    item: product.into(),
                    quantity,
                    unit: unit.into(),
                    grade: grade.into(),
                    ..Default::default()
                },
            )
            .await?;
        }
        let sales = [
            (
                day(2020, 9, 25)?,
                "安庆某中药材公司（示例）",
                FRUITING_BODY,
                fruiting_kg.to_string(),
                FRUITING_PRICE,
            ),
            (
                day(2020, 10, 20 + i as u32)?,
                "合肥某保健品公司（示例）",
                SPORE_POWDER,
                spore_kg,
                SPORE_PRICE,
            ),
        ];
        for (date, buyer, product, quantity, price) in sales {
            let v = log(
                db,
                actor,
                batch,
                LogInput {
                    kind: "sale".into(),
                    date: date.to_string(),
                    buyer: buyer.into(),
                    item: product.into(),
                    quantity,
                    unit: "kg".into(),
                    unit_price: price.to_string(),
                    ..Default::default()
                },
            )
            .await?;
            posted.extend(v);
        }
    }
    // Labour: villagers of 保婴村, registered with the people registry and grouped into
    // households of one to three; each works 1 to 2.5 days in one greenhouse.
    let mut registry = Registry::resume(db, system).await?;
    let mut household = String::new();
    for n in 0..WORKERS {
        let name = villager(n);
        let person = registry.person(BAOYING, &name, Kind::Villager).await?;
        // A household starts at every member 0, 1, 3 of each run of six: sizes 1, 2, 3.
        if matches!(n % 6, 0 | 1 | 3) {
            household = format!("{name}户");
        }
        results::set_household(db, actor, &person, &household)
            .await
            .map_err(err("household"))?;
        let halves = 2 + (n % 4) as i64; // 1, 1.5, 2, 2.5 days
        let days = format!("{}.{}", halves / 2, if halves % 2 == 1 { 5 } else { 0 });
        let date = day(2020, 4 + (n % 7) as u32, 10 + (n % 15) as u32)?;
        let input = LogInput {
            kind: "labour".into(),
            date: date.to_string(),
            person_id: person,
            days,
            wage: yuan(halves * DAILY_WAGE * 100 / 2),
            ..Default::default()
        };
        let batch = &batches[n % batches.len()];
        let voucher = log(db, actor, batch, input).await?;
        posted.extend(voucher);
    }
    // The labour logs' ids, to pay them: up to July on 31 July, the rest on 30 November.
    let logs = production::logs(db, &Scope::system(), &id)
        .await
        .map_err(err("logs"))?;
    let july = day(2020, 7, 31)?;
    let (early, late): (Vec<_>, Vec<_>) = logs
        .iter()
        .filter(|l| l.kind == "labour")
        .partition(|l| domain::time::parse_date(&l.date).is_some_and(|d| d <= july));
    for (group, paid_on) in [(early, july), (late, day(2020, 11, 30)?)] {
        let ids: Vec<String> = group.into_iter().map(|l| l.id.clone()).collect();
        let v = production::pay_labour(db, actor, &ids, paid_on)
            .await
            .map_err(err("labour payment"))?;
        posted.push(v.id);
    }
    // The season's production cost (bags and wages, on 401) goes to 经营支出 when the
    // products are sold.
    let wages: i64 = logs.iter().filter_map(|l| l.wage).sum();
    let cost = Money(inputs + wages);
    let date = day(2020, 11, 30)?;
    let transfer = Voucher {
        date,
        period: Period::of_date(date),
        summary: "结转灵芝销售成本".into(),
        attachments: 1,
        lines: vec![
            Line {
                account_code: "502".into(),
                debit: cost,
                credit: Money(0),
                summary: String::new(),
            },
            Line {
                account_code: "401".into(),
                debit: Money(0),
                credit: cost,
                summary: String::new(),
            },
        ],
    };
    let book = store::ledger::books::list_books(db, &Scope::system(), &org_of(db, BAOYING).await?)
        .await
        .map_err(err("books"))?
        .into_iter()
        .find(|b| b.year == 2020)
        .ok_or("demo: 保婴村 has no 2020 book")?;
    posted.push(
        vouchers::create_draft(db, actor, &book.id, &transfer)
            .await
            .map_err(err("cost transfer"))?
            .id,
    );
    for v in &posted {
        review_and_post(db, station, v).await?;
    }
    Ok(())
}

/// A sub-account of 501 经营收入 in the village's 2025 book for a project's sales (501 has
/// sub-accounts, so it takes no entries itself).
async fn sales_account(
    db: &Db,
    actor: &Actor,
    village: &str,
    name: &str,
) -> Result<&'static str, crate::demo::DemoError> {
    const CODE: &str = "501004";
    let org = org_of(db, village).await?;
    let book = store::ledger::books::list_books(db, &Scope::system(), &org)
        .await
        .map_err(err("books"))?
        .into_iter()
        .find(|b| b.year == crate::demo_ledger::LAST_YEAR)
        .ok_or_else(|| format!("demo village {village} has no 2025 book"))?;
    store::ledger::books::add_sub_account(db, actor, &book.id, "501", CODE, name)
        .await
        .map_err(err("sales account"))?;
    Ok(CODE)
}

/// A project in each of two supported villages, 2025: disbursements posted; at 双塘村 a line
/// exceeded after the village assembly approved the extra. 洪铺村's feed of the present year
/// is bought by [`present`].
async fn supported(
    db: &Db,
    system: &Actor,
    reviewer: &Actor,
) -> Result<(), crate::demo::DemoError> {
    let [(hongpu, hongpu_title), (shuangtang, shuangtang_title)] = SUPPORTED;
    let (_, lines) = project(
        db,
        system,
        NewProject {
            village: hongpu,
            sector: "种养结合",
            title: hongpu_title,
            description: "计划：2025年改造稻田120亩开挖围沟，发展稻虾共养；村股份经济合作社统一\
                          购苗、统一技术、统一销售，带动脱贫户务工增收。",
            responsible: (None, "洪铺村股份经济合作社（示例）".to_string()),
            income_account: sales_account(db, system, hongpu, "稻虾销售收入").await?,
            funding: &[
                ("fiscal", 150_000, "2025年财政衔接资金"),
                ("collective", 60_000, "村集体自筹"),
            ],
            lines: &[("稻田围沟改造", 150_000, "153"), (FEED_LINE, 60_000, "401")],
            milestones: &[
                ("围沟开挖完成", day(2025, 4, 15)?, 2, 100),
                ("虾苗投放", day(2025, 5, 10)?, 1, 100),
                ("首季成虾上市", day(2025, 8, 31)?, 2, 60),
            ],
            applied_on: day(2024, 11, 20)?,
            steps: &[
                (Status::Approved, "镇政府批复实施方案", day(2025, 1, 10)?),
                (Status::Implementing, "", day(2025, 2, 20)?),
            ],
        },
    )
    .await?;
    let [ditch, fry] = lines.as_slice() else {
        return Err("demo: 洪铺村 budget lines".into());
    };
    let mut posted = vec![
        disburse(
            db,
            system,
            ditch,
            day(2025, 3, 15)?,
            9_000_000,
            "支付稻田围沟开挖工程款",
        )
        .await?,
        disburse(
            db,
            system,
            fry,
            day(2025, 5, 6)?,
            3_800_000,
            "购买小龙虾虾苗",
        )
        .await?,
    ];
    // This year's feed is bought in the present (see `present`).

    let (_, lines) = project(
        db,
        system,
        NewProject {
            village: shuangtang,
            sector: "特色种植",
            title: shuangtang_title,
            description: "计划：流转土地80亩建设黄桃种植基地，2025年春季栽植，2027年挂果；\
                          收益按股分配，优先安排脱贫户管护务工。",
            responsible: (None, "双塘村股份经济合作社（示例）".to_string()),
            income_account: sales_account(db, system, shuangtang, "黄桃销售收入").await?,
            funding: &[
                ("fiscal", 120_000, "2025年财政衔接资金"),
                ("social", 30_000, "合作企业投入"),
            ],
            lines: &[
                (OVER_BUDGET_LINE, 120_000, "153"),
                ("灌溉设施", 30_000, "153"),
            ],
            milestones: &[
                ("苗木栽植", day(2025, 4, 30)?, 2, 100),
                ("滴灌设施建成", day(2025, 7, 31)?, 1, 100),
                ("首次挂果", day(2027, 7, 31)?, 2, 0),
            ],
            applied_on: day(2024, 12, 5)?,
            steps: &[
                (Status::Approved, "镇政府批复实施方案", day(2025, 1, 16)?),
                (Status::Implementing, "", day(2025, 3, 1)?),
            ],
        },
    )
    .await?;
    let [seedlings, irrigation] = lines.as_slice() else {
        return Err("demo: 双塘村 budget lines".into());
    };
    posted.push(
        disburse(
            db,
            system,
            seedlings,
            day(2025, 3, 10)?,
            8_000_000,
            "支付黄桃苗木款（首批）",
        )
        .await?,
    );
    // Frost killed part of the seedlings: replanting costs more than the line has left, so
    // the village assembly approves the extra before it is paid.
    let approval = ApprovalInput {
        amount: "20000".into(),
        approved_by: "双塘村村民代表大会".into(),
        approved_on: day(2025, 4, 18)?.to_string(),
        reason: "倒春寒致部分苗木冻死需补植，苗木价格上涨，同意追加预算2万元".into(),
    }
    .validate()
    .map_err(invalid("approval"))?;
    funds::approve(db, system, seedlings, &approval)
        .await
        .map_err(err("approval"))?;
    posted.push(
        disburse(
            db,
            system,
            seedlings,
            day(2025, 4, 25)?,
            5_500_000,
            "支付黄桃补植苗木及栽植款",
        )
        .await?,
    );
    posted.push(
        disburse(
            db,
            system,
            irrigation,
            day(2025, 6, 12)?,
            2_600_000,
            "支付滴灌设施款",
        )
        .await?,
    );
    for v in &posted {
        review_and_post(db, reviewer, v).await?;
    }
    Ok(())
}

/// The budget line of 洪铺村 from which the present year's feed is bought.
pub const FEED_LINE: &str = "虾苗及饲料";

/// `month`/`d` of the present year, or today if that is still to come.
fn this_year(month: u32, d: u32) -> Result<NaiveDate, crate::demo::DemoError> {
    Ok(day(crate::demo_ledger::present_year(), month, d)?.min(domain::time::today()))
}

/// The present (after the books reach the present year, see `demo_ledger::finish`): the
/// lingzhi greenhouses each grow this year's batch, on which the bookkeeper logs today's
/// harvests, sales and labour; 洪铺村 bought this year's shrimp feed, a disbursement whose
/// voucher is still a draft: committed, not yet spent.
pub async fn present(db: &Db, system: &Actor) -> Result<(), crate::demo::DemoError> {
    let bookkeeper = user(db, "baoying").await?;
    let scope = Scope::system();
    let all = projects::list(db, &scope, None, false)
        .await
        .map_err(err("projects"))?;
    let find = |title: &str| {
        all.iter()
            .find(|p| p.title == title)
            .map(|p| p.id.clone())
            .ok_or_else(|| format!("demo: project {title} missing"))
    };
    let lingzhi = find(LINGZHI_TITLE)?;
    let started = this_year(4, 10)?;
    for unit in production::units(db, &scope, &lingzhi)
        .await
        .map_err(err("greenhouses"))?
    {
        let batch = BatchInput {
            crop: "灵芝".into(),
            variety: "赤芝（沪农灵芝1号）".into(),
            started_on: started.to_string(),
            size: BAGS.to_string(),
            size_unit: "袋".into(),
        }
        .validate()
        .map_err(invalid("batch"))?;
        production::create_batch(db, &bookkeeper, &unit.id, &batch)
            .await
            .map_err(err("batch"))?;
    }
    let hongpu = find(SUPPORTED[0].1)?;
    let detail = projects::get(db, &scope, &hongpu)
        .await
        .map_err(err("project"))?
        .ok_or("demo: 洪铺村's project missing")?;
    let feed = detail
        .budget_lines
        .iter()
        .find(|l| l.name == FEED_LINE)
        .ok_or("demo: 洪铺村's feed line missing")?;
    disburse(
        db,
        system,
        &feed.id,
        this_year(6, 20)?,
        1_250_000,
        "购买虾饲料",
    )
    .await?;
    Ok(())
}

//! Industry results over a region on both backends: hand-built projects in two villages with
//! known answers (a person working in two batches counts once, a household's income sums its
//! members', yield per m² and per greenhouse), the region's roll-up against its projects, the
//! caller's scope, and income posted in the books moving only when a sale's voucher is posted.

use super::ledger::{book, credit_code, user};
use super::*;
use domain::industry::results::Results;
use domain::industry::{BatchInput, LogInput, ProjectInput, UnitInput};
use domain::mechanism::plan::{MemberInput, PlanInput, TargetInput};
use store::industry::results::{self, Selection};
use store::industry::{production, projects};
use store::ledger::{books, vouchers};
use store::mechanism::plans;

const TOWN: &str = "340803100000";
const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";

async fn project(db: &Db, cadre: &Actor, region: &str, org_id: &str, title: &str) -> String {
    let p = ProjectInput {
        region_code: region.into(),
        org_id: org_id.into(),
        sector: "种植业".into(),
        title: title.into(),
        description: "灵芝种植".into(),
        responsible_name: "张书记".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    projects::create(db, cadre, &p).await.unwrap().id
}

async fn unit(db: &Db, cadre: &Actor, project: &str, kind: &str, area: &str) -> String {
    let u = UnitInput {
        kind: kind.into(),
        name: format!("{kind} {area}"),
        area_m2: area.into(),
        built_on: "2024-02-01".into(),
        asset_note: String::new(),
    }
    .validate()
    .unwrap();
    production::create_unit(db, cadre, project, &u)
        .await
        .unwrap()
        .id
}

async fn batch(db: &Db, cadre: &Actor, unit: &str) -> String {
    let b = BatchInput {
        crop: "灵芝".into(),
        variety: "赤芝".into(),
        started_on: "2024-03-01".into(),
        size: "1000".into(),
        size_unit: "袋".into(),
    }
    .validate()
    .unwrap();
    production::create_batch(db, cadre, unit, &b)
        .await
        .unwrap()
        .id
}

async fn person(db: &Db, cadre: &Actor, region: &str, name: &str, seq: u32) -> String {
    let first = format!("34080319850101{seq:03}");
    let p = domain::people::PersonInput {
        region_code: region.into(),
        name: name.into(),
        id_number: format!(
            "{first}{}",
            domain::people::person::check_character(&first).unwrap()
        ),
        political_status: "群众".into(),
        education: "初中".into(),
        phone: "13855665678".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(db, cadre, &p)
        .await
        .unwrap()
        .id
}

/// Adds a log and returns its voucher id, if any.
async fn log(
    db: &Db,
    cadre: &Actor,
    batch: &str,
    kind: &str,
    date: &str,
    f: &dyn Fn(&mut LogInput),
) -> Option<String> {
    let mut l = LogInput {
        kind: kind.into(),
        date: date.into(),
        ..Default::default()
    };
    f(&mut l);
    let (_, v) = production::add_log(db, cadre, batch, &l.validate().unwrap())
        .await
        .unwrap();
    v.map(|v| v.id)
}

async fn harvest(db: &Db, cadre: &Actor, batch: &str, date: &str, q: &str, unit: &str) {
    log(db, cadre, batch, "harvest", date, &|l| {
        l.item = "灵芝子实体".into();
        l.quantity = q.into();
        l.unit = unit.into();
        l.grade = "一级".into();
    })
    .await;
}

async fn sale(db: &Db, cadre: &Actor, batch: &str, q: &str, price: &str) -> String {
    log(db, cadre, batch, "sale", "2024-09-20", &|l| {
        l.item = "灵芝子实体".into();
        l.quantity = q.into();
        l.unit = "kg".into();
        l.unit_price = price.into();
        l.buyer = "药材公司".into();
    })
    .await
    .unwrap()
}

async fn labour(db: &Db, cadre: &Actor, batch: &str, person: &str, days: &str, wage: &str) {
    log(db, cadre, batch, "labour", "2024-08-10", &|l| {
        l.person_id = person.into();
        l.days = days.into();
        l.wage = wage.into();
    })
    .await;
}

async fn input(db: &Db, cadre: &Actor, batch: &str, cost: &str) {
    log(db, cadre, batch, "input", "2024-03-05", &|l| {
        l.item = "菌棒".into();
        l.quantity = "1000".into();
        l.unit = "袋".into();
        l.cost = cost.into();
    })
    .await;
}

/// 洪铺村's organisation with a checked 2024 book.
async fn hongpu_org(db: &Db, cadre: &Actor) -> String {
    let org = books::create_org(
        db,
        cadre,
        &code(HONGPU),
        "洪铺村股份经济合作社",
        &credit_code(2),
    )
    .await
    .unwrap();
    let b = books::open_book(db, cadre, &org.id, 2024, None)
        .await
        .unwrap();
    books::check_openings(db, cadre, &b.id).await.unwrap();
    org.id
}

fn yield_of<'a>(
    r: &'a Results,
    product: &str,
) -> (&'a str, &'a str, Option<&'a str>, Option<&'a str>) {
    let y = r.yields.iter().find(|y| y.product == product).unwrap();
    (
        y.total.as_str(),
        y.unit.as_str(),
        y.per_m2.as_deref(),
        y.per_greenhouse.as_deref(),
    )
}

fn income_of(r: &Results, household: &str) -> (usize, i64) {
    let h = r
        .households
        .iter()
        .find(|h| h.household == household)
        .unwrap();
    (h.workers, h.income)
}

#[tokio::test]
async fn a_regions_results_roll_up_its_projects_counting_people_once() {
    on_each_backend!(|db| {
        let (org, _) = book(db).await;
        let baoying = user("kuaiji", Role::VillageCadre, BAOYING);
        let hongpu = user("hongpu", Role::VillageCadre, HONGPU);
        let hongpu_org = hongpu_org(db, &hongpu).await;

        // 保婴村: two greenhouses of 400 and 600 m², a batch in each.
        let a = project(db, &baoying, BAOYING, &org.id, "灵芝大棚").await;
        let u1 = unit(db, &baoying, &a, "greenhouse", "400").await;
        let u2 = unit(db, &baoying, &a, "greenhouse", "600").await;
        let (b1, b2) = (
            batch(db, &baoying, &u1).await,
            batch(db, &baoying, &u2).await,
        );
        let wang = person(db, &baoying, BAOYING, "王大", 1).await;
        let li = person(db, &baoying, BAOYING, "李二", 2).await;
        let zhao = person(db, &hongpu, HONGPU, "赵三", 3).await;
        // 李二 lives in 王大's household.
        results::set_household(db, &baoying, &wang, "王大户")
            .await
            .unwrap();
        results::set_household(db, &baoying, &li, "王大户")
            .await
            .unwrap();

        harvest(db, &baoying, &b1, "2024-09-01", "300", "kg").await;
        harvest(db, &baoying, &b2, "2024-09-02", "1000", "斤").await;
        // Another year: not in 2024's figures.
        harvest(db, &baoying, &b1, "2023-10-01", "50", "kg").await;
        sale(db, &baoying, &b1, "100", "80").await;
        input(db, &baoying, &b1, "3000").await;
        // 王大 works in both batches.
        labour(db, &baoying, &b1, &wang, "2", "300").await;
        labour(db, &baoying, &b2, &wang, "1.5", "225").await;
        labour(db, &baoying, &b2, &li, "1", "150").await;

        // 洪铺村: a 1000 m² plot; 王大 works there too, with 赵三. 洪铺村's cadre cannot see
        // 保婴村's registry, so the town's officer records 王大's day there.
        let b = project(db, &hongpu, HONGPU, &hongpu_org, "灵芝林下种植").await;
        let u3 = unit(db, &hongpu, &b, "plot", "1000").await;
        let b3 = batch(db, &hongpu, &u3).await;
        harvest(db, &hongpu, &b3, "2024-09-05", "200", "kg").await;
        sale(db, &hongpu, &b3, "50", "100").await;
        let town = user("haikou", Role::TownOfficer, "340803100000");
        labour(db, &town, &b3, &wang, "1", "150").await;
        labour(db, &hongpu, &b3, &zhao, "0.5", "75").await;

        let district = user("admin", Role::DistrictAdmin, "340803000000");
        let village = results::region_results(db, &district.scope, &code(BAOYING), Some(2024))
            .await
            .unwrap();
        assert_eq!(village.projects.len(), 1);
        let ra = &village.projects[0].results;
        // 300 kg + 1000 斤 (500 kg) over 1000 m² and 2 greenhouses.
        assert_eq!(
            yield_of(ra, "灵芝子实体"),
            ("800", "kg", Some("0.8"), Some("400"))
        );
        assert_eq!(ra.distinct_workers, 2);
        assert_eq!(ra.person_days, "4.5");
        assert_eq!(ra.wages, 67_500);
        assert_eq!(ra.gross_income, 800_000);
        assert_eq!(ra.input_costs, 300_000);
        assert_eq!(ra.net, 800_000 - 300_000 - 67_500);
        assert_eq!(ra.households.len(), 1);
        assert_eq!(income_of(ra, "王大户"), (2, 67_500));
        // The village's results are the project's, as the project page shows them.
        let alone = results::results(
            db,
            &district.scope,
            &Selection::Project(a.clone()),
            Some(2024),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(&alone, ra);
        assert_eq!(&village.total, ra);

        let town = results::region_results(db, &district.scope, &code(TOWN), Some(2024))
            .await
            .unwrap();
        assert_eq!(
            town.projects
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
            vec![a.as_str(), b.as_str()]
        );
        let rb = &town.projects[1].results;
        assert_eq!(
            &results::results(
                db,
                &district.scope,
                &Selection::Project(b.clone()),
                Some(2024)
            )
            .await
            .unwrap()
            .unwrap(),
            rb
        );
        // Money and person-days of the town are the sums of its projects'.
        let t = &town.total;
        let sum = |f: fn(&Results) -> i64| town.projects.iter().map(|p| f(&p.results)).sum::<i64>();
        assert_eq!(t.gross_income, sum(|r| r.gross_income));
        assert_eq!(t.income_posted, sum(|r| r.income_posted));
        assert_eq!(t.input_costs, sum(|r| r.input_costs));
        assert_eq!(t.wages, sum(|r| r.wages));
        assert_eq!(t.costs, sum(|r| r.costs));
        assert_eq!(t.net, sum(|r| r.net));
        assert_eq!(t.gross_income, 800_000 + 500_000);
        assert_eq!(t.person_days, "6");
        // 王大 works in both villages: three villagers, not four.
        assert_eq!(
            (ra.distinct_workers, rb.distinct_workers, t.distinct_workers),
            (2, 2, 3)
        );
        // 王大户 earned in both projects; 赵三 is a household of his own.
        assert_eq!(income_of(t, "王大户"), (2, 67_500 + 15_000));
        assert_eq!(income_of(t, &zhao), (1, 7_500));
        assert_eq!(t.households.len(), 2);
        // 800 + 200 kg over the 2000 m² that grew it; per greenhouse only the 800 kg the two
        // greenhouses gave (the plot's 200 kg is not a greenhouse's yield).
        assert_eq!(
            yield_of(t, "灵芝子实体"),
            ("1000", "kg", Some("0.5"), Some("400"))
        );
        // The district sees the same projects; the years with records, latest first.
        let whole = results::region_results(db, &district.scope, &code("340803000000"), Some(2024))
            .await
            .unwrap();
        assert_eq!(whole.total, town.total);
        assert_eq!(
            results::region_years(db, &district.scope, &code(TOWN))
                .await
                .unwrap(),
            vec![2024, 2023]
        );
        let earlier = results::region_results(db, &district.scope, &code(BAOYING), Some(2023))
            .await
            .unwrap();
        assert_eq!(yield_of(&earlier.total, "灵芝子实体").0, "50");
        assert_eq!(earlier.total.gross_income, 0);

        // Scope: 洪铺村's cadre asking for the town sees 洪铺村's project only, and nothing
        // of 保婴村; another town's officer sees nothing.
        let own = results::region_results(db, &hongpu.scope, &code(TOWN), Some(2024))
            .await
            .unwrap();
        assert_eq!(own.projects.len(), 1);
        assert_eq!(&own.total, rb);
        let none = results::region_results(db, &hongpu.scope, &code(BAOYING), Some(2024))
            .await
            .unwrap();
        assert!(none.projects.is_empty());
        assert_eq!(none.total.gross_income, 0);
        assert!(
            results::region_years(db, &hongpu.scope, &code(BAOYING))
                .await
                .unwrap()
                .is_empty()
        );
        let shilipu = user("town2", Role::TownOfficer, "340803200000");
        let other = results::region_results(db, &shilipu.scope, &code(TOWN), Some(2024))
            .await
            .unwrap();
        assert!(other.projects.is_empty());
        assert_eq!(other.total.distinct_workers, 0);

        // A town plan's targets bound to the industry metrics read the town's results.
        let plan = PlanInput {
            region_code: TOWN.into(),
            year: "2024".into(),
            title: "2024年海口镇实施方案".into(),
            body: String::new(),
            members: vec![MemberInput {
                name: "镇党委书记".into(),
                role: "组长".into(),
                ..Default::default()
            }],
        }
        .validate()
        .unwrap();
        let target = |metric: &str, value: &str| {
            TargetInput {
                name: metric.into(),
                kind: "metric".into(),
                metric: metric.into(),
                target_value: value.into(),
                unit: "个".into(),
                ..Default::default()
            }
            .validate()
            .unwrap()
        };
        let targets = [
            target("industry_gross_income", "13000"),
            target("industry_workers", "200"),
            target("industry_households", "2"),
        ];
        let record = plans::create(db, &district, &plan, &targets).await.unwrap();
        let progress = plans::progress(db, &district.scope, &record.id)
            .await
            .unwrap()
            .unwrap();
        let reached: Vec<(i64, bool)> = progress
            .iter()
            .map(|t| (t.progress.actual, t.progress.done))
            .collect();
        assert_eq!(
            reached,
            vec![
                (t.gross_income / 100, true),
                (t.distinct_workers as i64, false),
                (t.households.len() as i64, true)
            ]
        );
        assert_eq!(reached[0].0, 13_000);
    });
}

#[tokio::test]
async fn income_posted_moves_only_when_the_sales_voucher_is_posted() {
    on_each_backend!(|db| {
        let (org, _) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let reviewer = user("shenhe", Role::VillageCadre, BAOYING);
        let p = project(db, &cadre, BAOYING, &org.id, "灵芝大棚").await;
        let u = unit(db, &cadre, &p, "greenhouse", "500").await;
        let b = batch(db, &cadre, &u).await;
        harvest(db, &cadre, &b, "2024-09-01", "100", "kg").await;
        let first = sale(db, &cadre, &b, "10", "120").await;
        let second = sale(db, &cadre, &b, "5", "100").await;
        let figures = || async {
            let village = results::region_results(db, &cadre.scope, &code(BAOYING), Some(2024))
                .await
                .unwrap();
            let project =
                results::results(db, &cadre.scope, &Selection::Project(p.clone()), Some(2024))
                    .await
                    .unwrap()
                    .unwrap();
            assert_eq!(village.total, project);
            (project.gross_income, project.income_posted)
        };
        // Drafts: every sale is income, none is in the books yet.
        assert_eq!(figures().await, (170_000, 0));
        vouchers::review(db, &reviewer, &first).await.unwrap();
        assert_eq!(figures().await, (170_000, 0));
        vouchers::post(db, &reviewer, &first).await.unwrap();
        assert_eq!(figures().await, (170_000, 120_000));
        vouchers::review(db, &reviewer, &second).await.unwrap();
        vouchers::post(db, &reviewer, &second).await.unwrap();
        assert_eq!(figures().await, (170_000, 170_000));
        // A red-ink reversal takes the sale out of the books once it is posted itself.
        let red = vouchers::reverse(
            db,
            &cadre,
            &second,
            domain::time::parse_date("2024-09-25").unwrap(),
            None,
        )
        .await
        .unwrap();
        assert_eq!(figures().await, (170_000, 170_000));
        vouchers::review(db, &reviewer, &red.id).await.unwrap();
        vouchers::post(db, &reviewer, &red.id).await.unwrap();
        assert_eq!(figures().await, (170_000, 120_000));
    });
}

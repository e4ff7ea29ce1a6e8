//! Industry results where the district reads them: the 产业振兴 section of a village's and a
//! town's profile (figures equal to the store's region results, income posted in the books
//! beside gross income, the year chosen), a plan target bound to an industry metric showing
//! the computed actual, and another town's officer seeing none of it.

use super::*;
use domain::identity::Scope;
use domain::industry::{BatchInput, LogInput, ProjectInput, UnitInput};
use store::industry::results::{RegionResults, region_results};
use store::industry::{production, projects};
use store::ledger::{books, vouchers};
use web::i18n::{I18n, Locale, Tr};

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

fn yuan(fen: i64) -> String {
    web::base::format::yuan(fen)
}

/// 保婴村's lingzhi project with a 2024 season (two sales, one posted; three labour entries
/// of two villagers) and one 2023 harvest; returns the project id.
async fn season(app: &App) -> String {
    let system = Actor::system("test");
    let cadre = Actor {
        user_id: None,
        username: "kuaiji".into(),
        role: Some(Role::VillageCadre),
        scope: Scope::region(RegionCode::parse(BAOYING).unwrap()),
    };
    let reviewer = Actor {
        username: "shenhe".into(),
        ..cadre.clone()
    };
    let body = "N2340803MF0000077";
    let credit = format!(
        "{body}{}",
        domain::ledger::credit_code::check_char(body).unwrap()
    );
    let org = books::create_org(
        &app.db,
        &system,
        &RegionCode::parse(BAOYING).unwrap(),
        "保婴村股份经济合作社",
        &credit,
    )
    .await
    .unwrap();
    let book = books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    books::check_openings(&app.db, &system, &book.id)
        .await
        .unwrap();
    let p = ProjectInput {
        region_code: BAOYING.into(),
        org_id: org.id.clone(),
        sector: "种植业".into(),
        title: "灵芝大棚种植".into(),
        description: "5 个大棚".into(),
        responsible_name: "张书记".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let p = projects::create(&app.db, &cadre, &p).await.unwrap();
    let unit = UnitInput {
        kind: "greenhouse".into(),
        name: "1号大棚".into(),
        area_m2: "500".into(),
        built_on: "2024-02-01".into(),
        asset_note: String::new(),
    }
    .validate()
    .unwrap();
    let unit = production::create_unit(&app.db, &cadre, &p.id, &unit)
        .await
        .unwrap();
    let batch = BatchInput {
        crop: "灵芝".into(),
        variety: "赤芝".into(),
        started_on: "2024-03-01".into(),
        size: "1000".into(),
        size_unit: "袋".into(),
    }
    .validate()
    .unwrap();
    let batch = production::create_batch(&app.db, &cadre, &unit.id, &batch)
        .await
        .unwrap();
    let mut people = Vec::new();
    for (i, name) in ["王大", "李二"].iter().enumerate() {
        let first = format!("34080319850101{:03}", i + 1);
        let person = domain::people::PersonInput {
            region_code: BAOYING.into(),
            name: (*name).into(),
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
        people.push(
            store::people::persons::create(&app.db, &cadre, &person)
                .await
                .unwrap()
                .id,
        );
    }
    let add = async |kind: &str, date: &str, f: &dyn Fn(&mut LogInput)| {
        let mut l = LogInput {
            kind: kind.into(),
            date: date.into(),
            ..Default::default()
        };
        f(&mut l);
        production::add_log(&app.db, &cadre, &batch.id, &l.validate().unwrap())
            .await
            .unwrap()
            .1
    };
    add("harvest", "2023-10-01", &|l| {
        l.item = "灵芝子实体".into();
        l.quantity = "40".into();
        l.unit = "kg".into();
    })
    .await;
    add("harvest", "2024-09-01", &|l| {
        l.item = "灵芝子实体".into();
        l.quantity = "100".into();
        l.unit = "kg".into();
    })
    .await;
    for (q, price) in [("10", "120"), ("5", "100")] {
        let v = add("sale", "2024-09-20", &|l| {
            l.item = "灵芝子实体".into();
            l.quantity = q.into();
            l.unit = "kg".into();
            l.unit_price = price.into();
            l.buyer = "药材公司".into();
        })
        .await
        .unwrap();
        if q == "10" {
            vouchers::review(&app.db, &reviewer, &v.id).await.unwrap();
            vouchers::post(&app.db, &reviewer, &v.id).await.unwrap();
        }
    }
    for (person, days) in [(&people[0], "2"), (&people[0], "1"), (&people[1], "1.5")] {
        add("labour", "2024-08-10", &|l| {
            l.person_id = person.clone();
            l.days = days.into();
            l.wage = "150".into();
        })
        .await;
    }
    p.id
}

/// The table row of `project` on a profile page.
fn row<'a>(body: &'a str, project: &str) -> &'a str {
    let start = body
        .find(&format!("data-project=\"{project}\""))
        .unwrap_or_else(|| panic!("no row of {project}: {body}"));
    let end = start + body[start..].find("</tr>").unwrap();
    &body[start..end]
}

/// The figures a row shows, in the order of the columns, from the store's results.
fn figures(r: &domain::industry::results::Results) -> String {
    format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\n      <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        yuan(r.gross_income),
        yuan(r.income_posted),
        yuan(r.costs),
        yuan(r.net),
        r.distinct_workers,
        r.person_days,
        yuan(r.wages),
        r.households.len()
    )
}

async fn store_results(app: &App, region: &str, year: i32) -> RegionResults {
    region_results(
        &app.db,
        &Scope::system(),
        &RegionCode::parse(region).unwrap(),
        Some(year),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_village_profile_shows_the_years_industry_results() {
    let app = app().await;
    let tr = zh();
    let project = season(&app).await;
    let expected = store_results(&app, BAOYING, 2024).await;
    let r = &expected.projects[0].results;
    // The season as recorded: two sales, one posted; two villagers, 4.5 person-days.
    assert_eq!((r.gross_income, r.income_posted), (170_000, 120_000));
    assert_eq!((r.distinct_workers, r.person_days.as_str()), (2, "4.5"));

    let cadre = app.login("cadre").await;
    // No year given: the latest year with records.
    let page = app.get(&format!("/regions/{BAOYING}"), &cadre.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"industry\""));
    assert!(page.body.contains(&tr.t("ir-section")), "{}", page.body);
    assert!(page.body.contains(&tr.t("ir-income_posted")));
    assert!(
        page.body
            .contains(&format!("{}</a> · 2024", tr.t("ir-section")))
    );
    assert!(page.body.contains(&format!("/regions/{BAOYING}?year=2023")));
    let shown = row(&page.body, &project);
    assert!(
        shown.contains(&format!("href=\"/industry/projects/{project}\""))
            && shown.contains("灵芝大棚种植")
            && shown.contains(&tr.t("ip-status-applied")),
        "{shown}"
    );
    assert!(shown.contains(&figures(r)), "{shown}\n{}", figures(r));
    assert!(shown.contains("灵芝子实体 100 公斤"), "{shown}");
    let y = &expected.total.yields[0];
    assert_eq!(
        (y.total.as_str(), y.per_m2.as_deref(), y.unit.as_str()),
        ("100", Some("0.2"), "kg")
    );
    // Shown in the reader's language: kg is 公斤.
    assert!(page.body.contains(&format!(
        "<td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        y.product,
        y.total,
        tr.t("unit-kg"),
        y.per_m2.as_deref().unwrap_or("—"),
        y.per_greenhouse.as_deref().unwrap_or("—")
    )));

    // Another year, chosen.
    let earlier = store_results(&app, BAOYING, 2023).await;
    let page = app
        .get(&format!("/regions/{BAOYING}?year=2023"), &cadre.cookie)
        .await;
    let shown = row(&page.body, &project);
    assert!(shown.contains(&figures(&earlier.projects[0].results)));
    assert!(shown.contains("灵芝子实体 40 公斤"), "{shown}");
    // A year that is not one is named.
    let bad = app
        .get(&format!("/regions/{BAOYING}?year=20x4"), &cadre.cookie)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains(
            &tr.field_error(
                &domain::FieldError::new("industry.number_invalid", "year")
                    .arg("value", "20x4")
                    .arg("min", "1900")
                    .arg("max", "9999")
            )
        )
    );

    // The town's profile rolls its villages up, naming the village.
    let town = app.login("town").await;
    let page = app.get(&format!("/regions/{TOWN}"), &town.cookie).await;
    let shown = row(&page.body, &project);
    assert!(shown.contains("<td>保婴村</td>"), "{shown}");
    let town_results = store_results(&app, TOWN, 2024).await;
    assert!(shown.contains(&figures(&town_results.projects[0].results)));
    assert_eq!(town_results.total, *r);

    // In English too.
    let res = app
        .post_form(
            "/lang",
            &cadre.cookie,
            &format!("_csrf={}&lang=en-US&back=/regions", cadre.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let again = app.login("cadre").await;
    let en = app.get(&format!("/regions/{BAOYING}"), &again.cookie).await;
    assert!(
        en.body.contains("Industry revitalisation</a> · 2024")
            && en.body.contains("Sales posted in the books (yuan)"),
        "{}",
        en.body
    );
}

#[tokio::test]
async fn a_plan_target_bound_to_an_industry_metric_shows_the_computed_actual() {
    let app = app().await;
    let tr = zh();
    season(&app).await;
    let expected = store_results(&app, "340803000000", 2024).await.total;
    let admin = app.login("admin").await;
    let csrf = format!("_csrf={}", admin.csrf);
    let created = app
        .post_form(
            "/mechanism/plans",
            &admin.cookie,
            &format!(
                "{csrf}&region_code=340803000000&year=2024&title={}&member_role={}&member_name={}&member_user_id=",
                enc("2024年实施方案"),
                enc("组长"),
                enc("赵书记")
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let plan = created.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    for (name, metric, value, unit) in [
        ("产业销售收入", "industry_gross_income", "1000", "元"),
        ("带动务工", "industry_workers", "200", "人"),
        ("务工增收户", "industry_households", "2", "户"),
    ] {
        let res = app
            .post_form(
                &format!("{plan}/targets"),
                &admin.cookie,
                &format!(
                    "{csrf}&name={}&kind=metric&metric={metric}&target_value={value}&unit={}",
                    enc(name),
                    enc(unit)
                ),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    let page = app.get(&plan, &admin.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    for key in [
        "metric-industry_gross_income",
        "metric-industry_workers",
        "metric-industry_households",
    ] {
        assert!(body.contains(&tr.t(key)), "{key}: {body}");
    }
    // 1,700.00 yuan sold: 1700 元 against 1000, reached; 2 workers of 200, not reached.
    let cell = |actual: String, done: bool| {
        format!(
            "<td class=\"num\">{actual}</td>\n      <td>{}</td>",
            if done {
                format!("✓ {}", tr.t("mp-reached"))
            } else {
                format!("… {}", tr.t("mp-not-reached"))
            }
        )
    };
    let income = expected.gross_income / 100;
    assert_eq!(income, 1700);
    assert!(body.contains(&cell(format!("{income} 元"), true)), "{body}");
    assert!(body.contains(&cell(format!("{} 人", expected.distinct_workers), false)));
    assert!(body.contains(&cell(format!("{} 户", expected.households.len()), true)));
}

#[tokio::test]
async fn another_towns_officer_sees_none_of_it() {
    let app = app().await;
    let tr = zh();
    let project = season(&app).await;
    let hash = usecase::credentials::hash(PASSWORD.into()).await.unwrap();
    store::identity::create_user(
        &app.db,
        &Actor::system("test"),
        store::identity::NewUser {
            username: "town2".into(),
            display_name: "十里铺乡干部".into(),
            role: Role::TownOfficer,
            region: RegionCode::parse("340803200000").unwrap(),
            password_hash: hash,
        },
    )
    .await
    .unwrap();
    let other = app.login("town2").await;
    for path in [
        format!("/regions/{BAOYING}"),
        format!("/regions/{TOWN}"),
        format!("/regions/{BAOYING}?year=2024"),
        format!("/industry/projects/{project}"),
    ] {
        assert_eq!(
            app.get(&path, &other.cookie).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Their own town's profile has the section, empty.
    let own = app.get("/regions/340803200000", &other.cookie).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains(&tr.t("ir-none")), "{}", own.body);
    assert!(!own.body.contains("灵芝大棚种植"));
    assert!(!own.body.contains(&project));
}

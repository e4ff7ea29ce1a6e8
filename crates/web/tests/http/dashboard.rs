//! The cockpit (一张图, issue 16) over HTTP, on SQLite and PostgreSQL: every figure a panel
//! shows equals `store::metrics::value` for the same metric, region and year (and the shown
//! text says the same number); the class distribution's strong villages equal the catalogue's
//! strong villages; the assessment bands equal each village's published band; a town
//! officer's cockpit holds only its villages and every link on it stays in its scope and
//! answers; a region outside the scope is 404; a village user is sent to its profile; the
//! English page has no Chinese label left.

use super::disclosure_english::on_both_backends;
use super::*;
use chrono::Datelike;
use domain::assessment::Step;
use domain::identity::Scope;
use domain::metrics::Metric;
use serde_json::json;
use std::collections::BTreeSet;

const DISTRICT: &str = "340803000000";
const HAIKOU: &str = "340803100000";
const SHILIPU: &str = "340803200000";
const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";

/// A metric cell of the page: its attributes and the text shown.
#[derive(Debug)]
struct MetricCell {
    metric: String,
    region: String,
    year: i32,
    part: String,
    value: String,
    of: String,
    text: String,
}

/// The value of attribute `name` in an opening tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// Every `<td>` carrying `data-metric`, in page order.
fn metric_cells(html: &str) -> Vec<MetricCell> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<td ") {
        rest = &rest[i..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        let body_end = rest.find("</td>").unwrap_or(close);
        let text = rest[close + 1..body_end].trim().to_string();
        if let Some(metric) = attr(tag, "data-metric") {
            out.push(MetricCell {
                metric,
                region: attr(tag, "data-region").unwrap(),
                year: attr(tag, "data-year").unwrap().parse().unwrap(),
                part: attr(tag, "data-part").unwrap(),
                value: attr(tag, "data-value").unwrap(),
                of: attr(tag, "data-of").unwrap(),
                text,
            });
        }
        rest = &rest[close..];
    }
    out
}

/// Every `href` in the page's main part.
fn main_hrefs(html: &str) -> Vec<String> {
    let main = html
        .split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map(|(m, _)| m)
        .unwrap_or("");
    main.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}

/// The rows' region codes (`data-code`) of one panel's table.
fn row_codes(html: &str, panel: &str) -> Vec<String> {
    let start = html
        .find(&format!("id=\"table-{panel}\""))
        .unwrap_or_else(|| panic!("no table of {panel}"));
    let table = &html[start..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("data-code=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The cells' texts of the row of `code` in one panel's table (after the row header).
fn row_texts(html: &str, panel: &str, code: &str) -> Vec<String> {
    let start = html.find(&format!("id=\"table-{panel}\"")).unwrap();
    let table = &html[start..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = table
        .split("<tr")
        .find(|r| r.contains(&format!("data-code=\"{code}\"")))
        .unwrap();
    row.split("<td")
        .skip(1)
        .filter(|c| !c.starts_with(" class=\"records\""))
        .map(|c| {
            let c = &c[c.find('>').unwrap() + 1..];
            c[..c.find("</td>").unwrap()].trim().to_string()
        })
        .collect()
}

/// A valid resident ID number (GB 11643) from its first 17 digits.
fn id_number(first17: &str) -> String {
    let check = domain::people::person::check_character(first17).unwrap();
    format!("{first17}{check}")
}

async fn post_json(app: &App, s: &Session, path: &str, body: serde_json::Value) -> String {
    let res = app
        .send(
            Request::post(path)
                .header(header::COOKIE, &s.cookie)
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    v["id"].as_str().unwrap_or_default().to_string()
}

/// Something to count in 保婴村: 2024 books with a sale (operating income, a strong village),
/// a problem open past its 2024 deadline, a meeting, a reserve cadre; and the 2024 village
/// team assessment published.
async fn facts(app: &App) {
    baoying_books(app).await;
    let admin = app.login("admin").await;
    post_json(
        app,
        &admin,
        "/api/v1/problems",
        json!({"region_code": BAOYING, "title": "村道破损", "owner_name": "张书记",
               "deadline": "2024-06-30"}),
    )
    .await;
    post_json(
        app,
        &admin,
        "/api/v1/meetings",
        json!({"type_code": "special", "region_code": BAOYING, "date": "2024-03-01",
               "start_time": "09:00", "chair": "张常委"}),
    )
    .await;
    let person = post_json(
        app,
        &admin,
        "/api/v1/people",
        json!({"region_code": BAOYING, "name": "王后备",
               "id_number": id_number("34080319950315224"),
               "political_status": "中共党员", "education": "大专"}),
    )
    .await;
    post_json(
        app,
        &admin,
        "/api/v1/talent",
        json!({"person_id": person, "pool": "reserve_cadre", "skills": "电商"}),
    )
    .await;
    let system = Actor::system("test");
    let scheme = computed_scheme(2024);
    let s = store::assessment::schemes::create(&app.db, &system, &scheme)
        .await
        .unwrap();
    let run = store::assessment::runs::open(&app.db, &system, &s.record.id)
        .await
        .unwrap();
    for step in [Step::Compute, Step::Review, Step::Publish] {
        store::assessment::runs::step(&app.db, &system, &run.id, step)
            .await
            .unwrap();
    }
}

/// A village team scheme of computed indicators only (published without manual scores).
fn computed_scheme(year: i32) -> domain::assessment::scheme::Scheme {
    use domain::assessment::scheme::{
        Basis, Indicator, IndicatorKind, Rule, Scheme, SubjectKind, default_bands,
    };
    let ind = |key: &str, weight: i64, metric: Metric, rule: Rule| Indicator {
        key: key.into(),
        name: key.into(),
        weight,
        kind: IndicatorKind::Computed {
            metric,
            basis: Basis::Value,
            rule,
        },
    };
    Scheme {
        year,
        subject_kind: SubjectKind::VillageTeam,
        owner: RegionCode::parse(DISTRICT).unwrap(),
        title: format!("{year}年度村两委班子考核"),
        indicators: vec![
            ind(
                "income",
                70,
                Metric::OperatingIncome,
                Rule::Linear {
                    floor: 0,
                    target: 100_000_000,
                },
            ),
            ind(
                "meetings",
                30,
                Metric::MeetingsHeld,
                Rule::PassFail { threshold: 1 },
            ),
        ],
        bands: default_bands(),
    }
}

/// The metrics the panels show (every one the cockpit reads but the village class, which
/// is shown as the class distribution).
const SHOWN: [Metric; 13] = [
    Metric::OperatingIncome,
    Metric::StrongVillages,
    Metric::OperatingIncomeGrowth,
    Metric::MeetingCompliance,
    Metric::ProblemsPastDeadline,
    Metric::ProblemsClosedOnTime,
    Metric::TrainingCoverage,
    Metric::ReserveCadres,
    Metric::IndustryGrossIncome,
    Metric::IndustryWorkers,
    Metric::IndustryHouseholds,
    Metric::DisclosuresOverdue,
    Metric::FeedbackAnsweredInTime,
];

const PANELS: [&str; 9] = [
    "income",
    "classes",
    "growth",
    "compliance",
    "problems",
    "people",
    "industry",
    "assessment",
    "disclosure",
];

/// Every metric cell of `html` holds `store::metrics::value` of its metric, region and year,
/// and a count's text is that number; returns the metrics seen.
async fn cells_agree(app: &App, html: &str, what: &str) -> BTreeSet<String> {
    let cells = metric_cells(html);
    assert!(!cells.is_empty(), "{what}: no metric cell");
    let mut seen = BTreeSet::new();
    for c in &cells {
        let metric = Metric::parse(&c.metric).unwrap();
        let region = RegionCode::parse(&c.region).unwrap();
        let v = store::metrics::value(&app.db, &Scope::system(), metric, &region, c.year)
            .await
            .unwrap();
        let value = v.map(|v| v.value.to_string()).unwrap_or_default();
        let of = v
            .and_then(|v| v.of)
            .map(|o| o.to_string())
            .unwrap_or_default();
        assert_eq!(
            (&c.value, &c.of),
            (&value, &of),
            "{what}: {} of {} in {}",
            c.metric,
            c.region,
            c.year
        );
        // What the reader sees is the same number.
        let shown = match (c.part.as_str(), v) {
            (_, None) => "—".to_string(),
            ("of", Some(v)) => v.of.unwrap().to_string(),
            ("missed", Some(v)) => (v.of.unwrap() - v.value).to_string(),
            (_, Some(v)) => match metric {
                Metric::OperatingIncome | Metric::OperatingIncomeGrowth => {
                    web::base::format::wan(v.value)
                }
                Metric::IndustryGrossIncome => {
                    let y = web::base::format::yuan(v.value * 100);
                    y.trim_end_matches(".00").to_string()
                }
                _ => v.value.to_string(),
            },
        };
        let shown = if c.part == "of" && metric == Metric::OperatingIncomeGrowth {
            v.map(|v| web::base::format::wan(v.of.unwrap()))
                .unwrap_or(shown)
        } else {
            shown
        };
        assert_eq!(c.text, shown, "{what}: the text of {c:?}");
        seen.insert(c.metric.clone());
    }
    seen
}

async fn cockpit_agrees_with_the_catalogue(app: &App) {
    facts(app).await;
    let admin = app.login("admin").await;
    let this_year = domain::time::today().year();
    for (region, year) in [(DISTRICT, 2024), (HAIKOU, 2024), (DISTRICT, this_year)] {
        let res = app
            .get(
                &format!("/dashboard?region={region}&year={year}"),
                &admin.cookie,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{region} {year}: {}", res.body);
        for p in PANELS {
            assert!(
                res.body.contains(&format!("data-testid=\"panel-{p}\"")),
                "{region} {year}: no panel {p}"
            );
        }
        let seen = cells_agree(app, &res.body, &format!("{region} {year}")).await;
        let shown: BTreeSet<String> = SHOWN.iter().map(|m| m.as_str().to_string()).collect();
        assert_eq!(seen, shown, "{region} {year}: every panel's metric shown");
    }
    // The facts are there to see, not only zeros: 保婴村's sale, its open problem.
    let res = app
        .get(
            &format!("/dashboard?region={HAIKOU}&year=2024"),
            &admin.cookie,
        )
        .await;
    let cells = metric_cells(&res.body);
    let find = |m: &str, r: &str| {
        cells
            .iter()
            .find(|c| c.metric == m && c.region == r && c.year == 2024 && c.part == "value")
            .unwrap_or_else(|| panic!("no {m} of {r}"))
    };
    assert_eq!(find("operating_income", BAOYING).value, "60000000");
    assert_eq!(find("strong_villages", BAOYING).value, "1");
    assert_eq!(find("problems_past_deadline", HAIKOU).value, "1");
    // The trend's 2024 row is the district's figure; the classes' strong column too (its text
    // is the number of villages of the class strong: the same count).
    let district = app
        .get(
            &format!("/dashboard?region={DISTRICT}&year=2024"),
            &admin.cookie,
        )
        .await;
    assert_eq!(
        row_codes(&district.body, "classes"),
        [DISTRICT, HAIKOU, SHILIPU]
    );
    let mut classes = [0_usize; 4];
    for v in [BAOYING, CHANGFENG] {
        let c = store::metrics::value(
            &app.db,
            &Scope::system(),
            Metric::VillageClass,
            &RegionCode::parse(v).unwrap(),
            2024,
        )
        .await
        .unwrap()
        .unwrap();
        classes[c.value as usize] += 1;
    }
    assert_eq!(classes[3], 1, "保婴村 is strong");
    let mut want: Vec<String> = classes.iter().map(|n| n.to_string()).collect();
    want.push("50.0%".into());
    assert_eq!(row_texts(&district.body, "classes", DISTRICT), want);
    // The assessment bands: each village's published band, counted.
    let mut expected = [0_usize; 5];
    let mut unpublished = 0;
    for v in [BAOYING, CHANGFENG] {
        match store::assessment::published_band(&app.db, &RegionCode::parse(v).unwrap(), 2024)
            .await
            .unwrap()
        {
            Some(b) => {
                let i = domain::assessment::Band::ALL
                    .iter()
                    .position(|x| *x == b)
                    .unwrap();
                expected[i] += 1;
            }
            None => unpublished += 1,
        }
    }
    assert_eq!(unpublished, 0, "the 2024 assessment is published");
    let mut want: Vec<String> = expected.iter().map(|n| n.to_string()).collect();
    want.push(unpublished.to_string());
    assert_eq!(row_texts(&district.body, "assessment", DISTRICT), want);
}

#[tokio::test]
async fn every_panel_figure_equals_the_metric_on_both_backends() {
    on_both_backends(|app| Box::pin(cockpit_agrees_with_the_catalogue(app))).await;
}

async fn cockpit_is_scoped(app: &App) {
    baoying_books(app).await;
    let town = app.login("town").await;
    // The town officer's own cockpit by default: its town and its villages only.
    let res = app.get("/dashboard?year=2024", &town.cookie).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("data-region=\"340803100000\""));
    for p in PANELS.iter().filter(|p| **p != "income") {
        for code in row_codes(&res.body, p) {
            assert!(code.starts_with("340803100"), "{p}: row {code}");
        }
        assert!(
            row_codes(&res.body, p).contains(&BAOYING.to_string()),
            "{p}"
        );
    }
    assert!(!res.body.contains(CHANGFENG) && !res.body.contains("长风村"));
    assert!(!res.body.contains("十里铺乡"));
    // Every link stays within the town, and answers the officer.
    let links = main_hrefs(&res.body);
    assert!(links.iter().any(|h| h.starts_with("/regions/340803100201")));
    for href in &links {
        for code in href
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| s.len() == 12)
        {
            assert!(code.starts_with("340803100"), "{href} leaves the town");
        }
        let path = href.split('#').next().unwrap();
        let page = app.get(path, &town.cookie).await;
        assert!(
            page.status == StatusCode::OK,
            "{href}: {} {}",
            page.status,
            &page.body[..page.body.len().min(300)]
        );
    }
    // Above or beside the town: not found.
    for region in [DISTRICT, SHILIPU] {
        let res = app
            .get(&format!("/dashboard?region={region}"), &town.cookie)
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{region}");
    }
    // A village user sees its own profile; another village is not found.
    let cadre = app.login("cadre").await;
    let res = app.get("/dashboard?year=2024", &cadre.cookie).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers.get(header::LOCATION).unwrap(),
        "/regions/340803100201?year=2024"
    );
    let res = app
        .get(&format!("/dashboard?region={CHANGFENG}"), &cadre.cookie)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The district administrator drills down: district → town → village.
    let admin = app.login("admin").await;
    let res = app.get("/dashboard?year=2024", &admin.cookie).await;
    let links = main_hrefs(&res.body);
    assert!(links.contains(&"/dashboard?region=340803100000&year=2024".to_string()));
    let town_page = app
        .get("/dashboard?region=340803100000&year=2024", &admin.cookie)
        .await;
    assert!(main_hrefs(&town_page.body).contains(&"/regions/340803100201?year=2024".to_string()));
    assert!(
        main_hrefs(&town_page.body)
            .contains(&"/mechanism/problems?region=340803100201&overdue=1".to_string())
    );
    // A bad region or year is refused, not shown empty.
    let res = app.get("/dashboard?region=abc", &admin.cookie).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app.get("/dashboard?year=20x4", &admin.cookie).await;
    assert!(res.status.is_client_error(), "{}", res.status);
}

#[tokio::test]
async fn a_town_officers_cockpit_holds_its_villages_only_on_both_backends() {
    on_both_backends(|app| Box::pin(cockpit_is_scoped(app))).await;
}

/// Chinese words of the cockpit's own labels that must not reach an English reader.
const CHINESE_LABELS: [&str; 8] = [
    "一张图",
    "合计",
    "经营性收入",
    "强村",
    "记录",
    "台账",
    "年度",
    "地区",
];

#[tokio::test]
async fn the_english_cockpit_is_complete() {
    let app = app().await;
    baoying_books(&app).await;
    let admin = app.login("admin").await;
    let english = format!("{}; zx_lang=en-US", admin.cookie);
    let res = app.get("/dashboard?year=2024", &english).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("<html lang=\"en-US\">"));
    assert!(res.body.contains("Cockpit"));
    assert!(res.body.contains("Strong village"));
    let main = res.body.split_once("<main").unwrap().1;
    // Region names are data and stay Chinese; every label is English.
    let mut text = main.to_string();
    for name in ["大观区", "海口镇", "十里铺乡", "保婴村", "长风村"] {
        text = text.replace(name, "");
    }
    for word in CHINESE_LABELS {
        assert!(!text.contains(word), "{word} on the English cockpit");
    }
    assert!(
        !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "Chinese text left: {}",
        text.chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect::<String>()
    );
    assert!(!text.contains("dashboard-"), "a message id shown");
}

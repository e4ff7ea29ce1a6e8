//! The metrics catalogue over HTTP: the catalogue in the caller's language, a plan target's
//! figure equal to the metric's value for the same region and year, scoping and unknown keys
//! (SQLite and PostgreSQL).

use super::*;
use chrono::Datelike;
use domain::metrics::Metric;
use domain::region::Level;
use serde_json::{Value, json};

const DISTRICT: &str = "340803000000";
const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";
const HAIKOU: &str = "340803100000";

/// Sends a JSON request with the session; returns the status and the parsed body.
async fn call(
    app: &App,
    s: &Session,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf);
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let res = app.send(req).await;
    let json = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, json)
}

/// A plan for `region` and `year` with a target bound to every metric of `level` (shares also
/// as percentages): each target's progress is the API's figure for the region and year.
async fn check_plan(app: &App, admin: &Session, region: &str, level: Level, year: i32) {
    let mut targets: Vec<Value> = Metric::ALL
        .iter()
        .filter(|m| m.applies_to(level))
        .map(|m| {
            json!({"name": m.as_str(), "kind": "metric", "metric": m.as_str(),
                   "target_value": 1, "unit": "个"})
        })
        .collect();
    let shares = [
        Metric::ProblemsClosedOnTime,
        Metric::TrainingCoverage,
        Metric::MeetingCompliance,
        Metric::FirstSecretaryInPost,
        Metric::ProjectsOnSchedule,
    ];
    for m in shares {
        targets.push(
            json!({"name": m.as_str(), "kind": "metric", "metric": m.as_str(),
                            "target_value": 90, "unit": "%"}),
        );
    }
    let (status, plan) = call(
        app,
        admin,
        "POST",
        "/api/v1/plans",
        Some(
            json!({"region_code": region, "year": year, "title": format!("{year}年实施方案"),
                    "group": [], "targets": targets}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let (_, plan) = call(
        app,
        admin,
        "GET",
        &format!("/api/v1/plans/{}", plan["id"].as_str().unwrap()),
        None,
    )
    .await;
    let targets = plan["targets"].as_array().unwrap();
    let metrics = Metric::ALL.iter().filter(|m| m.applies_to(level)).count();
    assert_eq!(targets.len(), metrics + shares.len());
    for t in targets {
        let key = t["metric"].as_str().unwrap();
        let (status, v) = call(
            app,
            admin,
            "GET",
            &format!("/api/v1/metrics/{key}?region={region}&year={year}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let figure = if t["unit"] == "%" {
            &v["percent"]
        } else {
            &v["value"]
        };
        let progress = &t["progress"];
        let actual = if progress["available"] == true {
            progress["actual"].clone()
        } else {
            Value::Null
        };
        assert_eq!(
            &actual, figure,
            "{region} {year} {key} ({}): {v}",
            t["unit"]
        );
    }
}

/// A valid resident ID number (GB 11643) from its first 17 digits.
fn id_number(first17: &str) -> String {
    let check = domain::people::person::check_character(first17).unwrap();
    format!("{first17}{check}")
}

/// The new metrics of issue 14 given something to count in 保婴村: a first secretary in post
/// since 2024, a reserve cadre, a problem left open past its 2024 deadline.
async fn issue_14_facts(app: &App, admin: &Session) {
    let mut ids = Vec::new();
    for (name, first17) in [
        ("李第一", "34080319800101123"),
        ("王后备", "34080319950315224"),
    ] {
        let (status, p) = call(
            app,
            admin,
            "POST",
            "/api/v1/people",
            Some(
                json!({"region_code": BAOYING, "name": name, "id_number": id_number(first17),
                        "political_status": "中共党员", "education": "大专"}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        ids.push(p["id"].as_str().unwrap().to_string());
    }
    let (status, post) = call(
        app,
        admin,
        "POST",
        "/api/v1/posts",
        Some(
            json!({"person_id": ids[0], "region_code": BAOYING, "post": "first_secretary",
                    "dispatching_unit": "区委组织部", "starts_on": "2024-01-02"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{post}");
    let (status, t) = call(
        app,
        admin,
        "POST",
        "/api/v1/talent",
        Some(json!({"person_id": ids[1], "pool": "reserve_cadre", "skills": "电商"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let (status, p) = call(
        app,
        admin,
        "POST",
        "/api/v1/problems",
        Some(
            json!({"region_code": BAOYING, "title": "村道破损", "owner_name": "张书记",
                    "deadline": "2024-06-30"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
}

async fn metrics_agree_with_plans(app: &App) {
    // 保婴村's 2024 books with a posted sale: operating income, a strong village.
    baoying_books(app).await;
    let admin = app.login("admin").await;
    for date in ["2024-03-01", "2024-09-30"] {
        let (status, m) = call(
            app,
            &admin,
            "POST",
            "/api/v1/meetings",
            Some(
                json!({"type_code": "special", "region_code": BAOYING, "date": date,
                        "start_time": "09:00", "chair": "张常委"}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{m}");
    }

    issue_14_facts(app, &admin).await;

    // The catalogue: every metric, labelled in the caller's language.
    let (status, list) = call(app, &admin, "GET", "/api/v1/metrics", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let keys: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(keys, expected);
    for m in list.as_array().unwrap() {
        let key = m["key"].as_str().unwrap();
        assert_ne!(m["label"].as_str(), Some(format!("metric-{key}").as_str()));
        assert!(!m["levels"].as_array().unwrap().is_empty());
    }

    // A plan binding a target to every metric: as counts, and shares as percentages; its
    // progress is the API's figure, for the district in 2024 and for the town this year.
    check_plan(app, &admin, DISTRICT, Level::District, 2024).await;
    let this_year = domain::time::today().year();
    check_plan(app, &admin, HAIKOU, Level::Town, this_year).await;

    // The meetings held are counted, not only both null.
    let (_, held) = call(
        app,
        &admin,
        "GET",
        &format!("/api/v1/metrics/meetings_held?region={BAOYING}&year=2024"),
        None,
    )
    .await;
    assert_eq!(held["value"], 2);

    // The new metrics count what issue_14_facts recorded, in the village and its town alike.
    let this_year = domain::time::today().year();
    for region in [BAOYING, HAIKOU] {
        for (key, year) in [
            ("first_secretary_in_post", 2024),
            ("problems_past_deadline", 2024),
            ("problems_past_deadline", this_year),
            ("reserve_cadres", this_year),
        ] {
            let (status, v) = call(
                app,
                &admin,
                "GET",
                &format!("/api/v1/metrics/{key}?region={region}&year={year}"),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{v}");
            assert_eq!(v["value"], 1, "{key} {region} {year}: {v}");
        }
    }
    // Before it was entered, the reserve cadre was not in the pool; the secretary's village
    // counts out of the town's villages.
    let (_, v) = call(
        app,
        &admin,
        "GET",
        &format!("/api/v1/metrics/reserve_cadres?region={BAOYING}&year=2023"),
        None,
    )
    .await;
    assert_eq!(v["value"], 0, "{v}");
    let (_, v) = call(
        app,
        &admin,
        "GET",
        &format!("/api/v1/metrics/first_secretary_in_post?region={HAIKOU}&year=2024"),
        None,
    )
    .await;
    let villages = store::region::villages_under(
        &app.db,
        &domain::identity::Scope::system(),
        &domain::region::RegionCode::parse(HAIKOU).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(v["of"].as_u64(), Some(villages.len() as u64), "{v}");

    // Operating income, its growth and the class agree with the ledger's classification.
    let (status, c) = call(app, &admin, "GET", "/api/v1/classification", None).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    let year = c["year"].as_i64().unwrap();
    let rows = c["rows"].as_array().unwrap();
    let metric = |key: &'static str, region: &'static str, year: i64| {
        let admin = &admin;
        async move {
            let (status, v) = call(
                app,
                admin,
                "GET",
                &format!("/api/v1/metrics/{key}?region={region}&year={year}"),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{key} {region} {year}: {v}");
            v
        }
    };
    let row = rows.iter().find(|r| r["code"] == BAOYING).unwrap();
    let income = metric("operating_income", BAOYING, year).await;
    assert_eq!(income["value"], row["figure"]);
    assert!(
        income["value"].as_i64() > Some(0),
        "the posted sale counts: {income}"
    );
    let total: i64 = rows.iter().map(|r| r["figure"].as_i64().unwrap()).sum();
    let district = metric("operating_income", DISTRICT, year).await;
    assert_eq!(district["value"].as_i64(), Some(total));
    let before = metric("operating_income", BAOYING, year - 1).await;
    let growth = metric("operating_income_growth", BAOYING, year).await;
    let (now, was) = (
        income["value"].as_i64().unwrap(),
        before["value"].as_i64().unwrap(),
    );
    assert_eq!(growth["value"].as_i64(), Some(now - was));
    assert_eq!(growth["of"].as_i64(), Some(was));
    assert_eq!(
        growth["percent"].as_i64(),
        domain::mechanism::plan::percent(now - was, was)
    );
    let class = metric("village_class", BAOYING, year).await;
    assert_eq!(class["class"], row["class"]);
    let (status, _) = call(
        app,
        &admin,
        "GET",
        &format!("/api/v1/metrics/village_class?region={DISTRICT}&year={year}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a class is a village's");

    // Scoped like every read: a town officer sees its own villages only.
    let town = app.login("town").await;
    for region in [DISTRICT, CHANGFENG] {
        let (status, _) = call(
            app,
            &town,
            "GET",
            &format!("/api/v1/metrics/meetings_held?region={region}&year=2024"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{region}");
    }
    let (status, own) = call(
        app,
        &town,
        "GET",
        &format!("/api/v1/metrics/meetings_held?region={BAOYING}&year=2024"),
        None,
    )
    .await;
    assert_eq!((status, &own["value"]), (StatusCode::OK, &held["value"]));
    // An unknown key: 404.
    let (status, _) = call(
        app,
        &town,
        "GET",
        &format!("/api/v1/metrics/likes?region={BAOYING}&year=2024"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_agree_with_plan_targets_and_are_scoped() {
    let app = app().await;
    metrics_agree_with_plans(&app).await;
}

#[tokio::test]
async fn metrics_agree_with_plan_targets_and_are_scoped_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    metrics_agree_with_plans(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

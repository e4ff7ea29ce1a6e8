//! Assessment over HTTP (SQLite and PostgreSQL): the API's shape, an indicator's value equal
//! to the metrics API's figure for the same region and year, scope (a town officer sees its
//! villages; a village cadre its own result, only once published), a published result that
//! does not move when a voucher is posted afterwards, and the pages.

use super::*;
use domain::assessment::Step;
use domain::assessment::scheme::{
    Basis, Cmp, Indicator, IndicatorKind, Rule, Scheme, SubjectKind, default_bands,
};
use domain::metrics::Metric;
use serde_json::Value;
use store::assessment::{ManualInput, runs, schemes};

const DISTRICT: &str = "340803000000";
const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";

async fn call(app: &App, s: &Session, path: &str) -> (StatusCode, Value) {
    let res = app.get(path, &s.cookie).await;
    let json = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, json)
}

fn scheme(year: i32) -> Scheme {
    let ind = |key: &str, name: &str, weight: i64, kind: IndicatorKind| Indicator {
        key: key.into(),
        name: name.into(),
        weight,
        kind,
    };
    Scheme {
        year,
        subject_kind: SubjectKind::VillageTeam,
        owner: RegionCode::parse(DISTRICT).unwrap(),
        title: format!("{year}年度村两委班子考核"),
        indicators: vec![
            ind(
                "income",
                "经营收益",
                50,
                IndicatorKind::Computed {
                    metric: Metric::OperatingIncome,
                    basis: Basis::Value,
                    rule: Rule::Linear {
                        floor: 0,
                        target: 100_000_000,
                    },
                },
            ),
            ind(
                "meetings",
                "会议召开",
                20,
                IndicatorKind::Computed {
                    metric: Metric::MeetingsHeld,
                    basis: Basis::Value,
                    rule: Rule::PassFail { threshold: 1 },
                },
            ),
            ind(
                "work",
                "日常工作",
                30,
                IndicatorKind::Manual {
                    role: Role::TownOfficer,
                },
            ),
            ind(
                "veto",
                "一票否决",
                0,
                IndicatorKind::VetoMetric {
                    metric: Metric::OperatingIncome,
                    basis: Basis::Value,
                    cmp: Cmp::Lt,
                    threshold: 0,
                },
            ),
        ],
        bands: default_bands(),
    }
}

async fn actor_of(app: &App, username: &str) -> Actor {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap()
}

/// 保婴村's 2024 books, the 2024 scheme opened and computed; returns the run id.
async fn computed_run(app: &App) -> (String, String) {
    let (_, book) = baoying_books(app).await;
    let system = Actor::system("test");
    let s = schemes::create(&app.db, &system, &scheme(2024))
        .await
        .unwrap();
    let run = runs::open(&app.db, &system, &s.record.id).await.unwrap();
    runs::step(&app.db, &system, &run.id, Step::Compute)
        .await
        .unwrap();
    (run.id, book.id)
}

async fn api_is_scoped_and_agrees_with_metrics(app: &App) {
    let (run, book) = computed_run(app).await;
    let admin = app.login("admin").await;
    let town = app.login("town").await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;

    // The list: the scheme with its assessment's state.
    let (status, list) = call(app, &admin, "/api/v1/assessments?year=2024").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["subject_kind"], "village_team");
    assert_eq!(list[0]["assessments"][0]["id"], run.as_str());
    assert_eq!(list[0]["assessments"][0]["state"], "computed");
    let (status, none) = call(app, &admin, "/api/v1/assessments?year=2023").await;
    assert_eq!(
        (status, none.as_array().unwrap().len()),
        (StatusCode::OK, 0)
    );
    let (status, _) = call(app, &admin, "/api/v1/assessments?year=20x4").await;
    assert!(status.is_client_error(), "{status}");

    // The results' shape; each computed value is the metrics API's figure.
    let results = format!("/api/v1/assessments/{run}/results");
    let (status, r) = call(app, &admin, &results).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let subjects = r["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 2);
    for s in subjects {
        for key in ["region", "score", "band", "rank", "indicators"] {
            assert!(!s[key].is_null(), "{key}: {s}");
        }
        let region = s["region"].as_str().unwrap();
        let keys: Vec<&str> = s["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, vec!["income", "meetings", "work", "veto"]);
        let (_, m) = call(
            app,
            &admin,
            &format!("/api/v1/metrics/operating_income?region={region}&year=2024"),
        )
        .await;
        assert_eq!(s["indicators"][0]["value"], m["value"], "{region}");
        let total: f64 = s["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["score"].as_f64().unwrap())
            .sum();
        assert!((s["score"].as_f64().unwrap() - total).abs() < 1e-9);
    }
    let baoying = subjects.iter().find(|s| s["region"] == BAOYING).unwrap();
    assert!(baoying["indicators"][0]["score"].as_f64() > Some(0.0));

    // Scope: the town sees its village only; villages nothing before publication.
    let (status, t) = call(app, &town, &results).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    let regions: Vec<&str> = t["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, vec![BAOYING]);
    for s in [&cadre, &other] {
        let (status, _) = call(app, s, &results).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, l) = call(app, s, "/api/v1/assessments?year=2024").await;
        assert_eq!(l[0]["assessments"].as_array().unwrap().len(), 0, "{l}");
    }

    // Manual scores by the town officers, then published.
    let town_actor = actor_of(app, "town").await;
    runs::set_manual(
        &app.db,
        &town_actor,
        &run,
        &RegionCode::parse(BAOYING).unwrap(),
        "work",
        ManualInput {
            score: "27",
            reason: "台账规范",
            evidence: None,
        },
    )
    .await
    .unwrap();
    let system = Actor::system("test");
    runs::set_manual(
        &app.db,
        &system,
        &run,
        &RegionCode::parse(CHANGFENG).unwrap(),
        "work",
        ManualInput {
            score: "20",
            reason: "一般",
            evidence: None,
        },
    )
    .await
    .unwrap();
    runs::step(&app.db, &system, &run, Step::Review)
        .await
        .unwrap();
    runs::step(&app.db, &system, &run, Step::Publish)
        .await
        .unwrap();
    let (_, before) = call(app, &admin, &results).await;
    for (s, own) in [(&cadre, BAOYING), (&other, CHANGFENG)] {
        let (status, mine) = call(app, s, &results).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        let regions: Vec<&str> = mine["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["region"].as_str().unwrap())
            .collect();
        assert_eq!(regions, vec![own]);
        let all = before["subjects"].as_array().unwrap();
        let same = all.iter().find(|x| x["region"] == own).unwrap();
        assert_eq!(&mine["subjects"][0], same);
    }

    // A voucher posted afterwards moves the metric, not the published result.
    let (_, m_before) = call(
        app,
        &admin,
        &format!("/api/v1/metrics/operating_income?region={BAOYING}&year=2024"),
    )
    .await;
    let cadre_actor = actor_of(app, "cadre").await;
    let v = domain::ledger::VoucherInput {
        date: "2024-10-20".into(),
        summary: "租金收入".into(),
        attachments: String::new(),
        lines: vec![
            domain::ledger::LineInput {
                account_code: "102".into(),
                debit: "80000".into(),
                credit: String::new(),
                summary: String::new(),
            },
            domain::ledger::LineInput {
                account_code: "501".into(),
                debit: String::new(),
                credit: "80000".into(),
                summary: String::new(),
            },
        ],
    }
    .validate()
    .unwrap();
    let d = store::ledger::vouchers::create_draft(&app.db, &cadre_actor, &book, &v)
        .await
        .unwrap();
    store::ledger::vouchers::review(&app.db, &town_actor, &d.id)
        .await
        .unwrap();
    store::ledger::vouchers::post(&app.db, &town_actor, &d.id)
        .await
        .unwrap();
    let (_, m_after) = call(
        app,
        &admin,
        &format!("/api/v1/metrics/operating_income?region={BAOYING}&year=2024"),
    )
    .await;
    assert_ne!(m_before["value"], m_after["value"]);
    let (_, after) = call(app, &admin, &results).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn assessment_api_is_scoped_and_agrees_with_the_metrics_api() {
    let app = app().await;
    api_is_scoped_and_agrees_with_metrics(&app).await;
}

#[tokio::test]
async fn assessment_api_is_scoped_and_agrees_with_the_metrics_api_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    api_is_scoped_and_agrees_with_metrics(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

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

/// A manual score sent as the form sends it (multipart, htmx adds the token).
fn manual_request(
    path: &str,
    s: &Session,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Request<Body> {
    let boundary = "zxmanual";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// The href of the first link with `data-testid="<id>"`.
fn testid_href(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"{id}\""))?;
    let start = html[..at].rfind("<a ")?;
    let tag = &html[start..];
    let href = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

#[tokio::test]
async fn assessment_pages_from_scheme_to_published_result() {
    let app = app().await;
    baoying_books(&app).await;
    let admin = app.login("admin").await;
    let town = app.login("town").await;
    let cadre = app.login("cadre").await;

    // The nav entry and the list; a new scheme from the standard one.
    let home = app.get("/", &admin.cookie).await;
    assert!(home.body.contains("href=\"/assessments\""), "nav entry");
    let list = app.get("/assessments?year=2024", &admin.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("新建考核方案"));
    let bad = app
        .post_form(
            "/assessments/schemes",
            &admin.cookie,
            &format!("_csrf={}&year=12", admin.csrf),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("data-testid=\"field-error\""),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("value=\"12\""), "what was typed is kept");
    let created = app
        .post_form(
            "/assessments/schemes",
            &admin.cookie,
            &format!("_csrf={}&year=2024", admin.csrf),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let scheme_path = created.headers["location"].to_str().unwrap().to_string();
    // The list exports as .xlsx: the scheme of the year with its owner, the year a number.
    let list = app.get("/assessments?year=2024", &admin.cookie).await;
    assert!(
        list.body
            .contains("href=\"/assessments/export.xlsx?year=2024\" data-testid=\"export-xlsx\""),
        "{}",
        list.body
    );
    let xlsx = app
        .get("/assessments/export.xlsx?year=2024", &admin.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = xlsx_rows(&xlsx.bytes);
    assert_eq!(rows[0][0], calamine::Data::String("考核方案".into()));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[1][0],
        calamine::Data::String("2024年度村两委班子考核".into())
    );
    assert_eq!(rows[1][1], calamine::Data::Float(2024.0));
    assert_eq!(rows[1][3], calamine::Data::String("大观区".into()));
    let other_year = app
        .get("/assessments/export.xlsx?year=2023", &admin.cookie)
        .await;
    assert_eq!(
        xlsx_rows(&other_year.bytes).len(),
        1,
        "only the year asked for"
    );
    let scheme_page = app.get(&scheme_path, &admin.cookie).await;
    assert_eq!(scheme_page.status, StatusCode::OK);
    assert!(scheme_page.body.contains("2024年度村两委班子考核"));
    assert!(scheme_page.body.contains("日常工作与群众评议"));

    // Weights that do not add up: refused beside the indicators, as typed.
    let detail = store::assessment::schemes::get(
        &app.db,
        &domain::identity::Scope::system(),
        scheme_path.rsplit('/').next().unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let mut form = vec![("_csrf".to_string(), admin.csrf.clone())];
    form.push(("title".into(), detail.scheme.title.clone()));
    for (i, ind) in detail.scheme.indicators.iter().enumerate() {
        form.push((format!("name_{i}"), ind.name.clone()));
        let w = if i == 0 { ind.weight + 1 } else { ind.weight };
        form.push((format!("weight_{i}"), w.to_string()));
        if let IndicatorKind::Computed {
            rule: Rule::Linear { floor, target },
            ..
        } = &ind.kind
        {
            form.push((format!("floor_{i}"), floor.to_string()));
            form.push((format!("target_{i}"), target.to_string()));
        }
    }
    for b in &detail.scheme.bands {
        form.push((format!("min_{}", b.band.as_str()), b.min_points.to_string()));
        form.push((
            format!("quota_{}", b.band.as_str()),
            b.quota.map(|q| q.to_string()).unwrap_or_default(),
        ));
    }
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let refused = app.post_form(&scheme_path, &admin.cookie, &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("合计须为 100 分，现为 101 分"),
        "{}",
        refused.body
    );
    let first = detail.scheme.indicators[0].weight + 1;
    assert!(
        refused
            .body
            .contains(&format!("name=\"weight_0\" value=\"{first}\""))
    );

    // Open, compute; the town scores its village through the form.
    let open = app
        .post_form(
            &format!("{scheme_path}/open"),
            &admin.cookie,
            &format!("_csrf={}", admin.csrf),
        )
        .await;
    assert_eq!(open.status, StatusCode::SEE_OTHER);
    let run_path = open.headers["location"].to_str().unwrap().to_string();
    let step = |s: &'static str| {
        let (app, admin, run_path) = (&app, &admin, &run_path);
        async move {
            app.post_form(
                &format!("{run_path}/step"),
                &admin.cookie,
                &format!("_csrf={}&step={s}", admin.csrf),
            )
            .await
        }
    };
    assert_eq!(step("compute").await.status, StatusCode::SEE_OTHER);
    let run_page = app.get(&run_path, &admin.cookie).await;
    assert!(run_page.body.contains("保婴村") && run_page.body.contains("长风村"));
    assert!(run_page.body.contains("data-testid=\"quota-note\""));
    // Publishing before review: refused in the page.
    let early = step("publish").await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    let subject = format!("{run_path}/subjects/{BAOYING}");
    let page = app.get(&subject, &town.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"manual-daily_work\""));
    let manual = format!("{subject}/manual/daily_work");
    let res = app
        .send(manual_request(
            &manual,
            &town,
            &[("score", "25"), ("reason", "台账规范")],
            None,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    assert!(res.body.contains("须为 0 到 20 之间"), "{}", res.body);
    assert!(res.body.contains("台账规范"), "the reason typed is kept");
    // A file that says it is a PDF but is a page with a script is refused beside the field,
    // the typed reason kept, and nothing is saved.
    let disguised = b"<html><script>alert(1)</script></html>";
    let res = app
        .send(manual_request(
            &manual,
            &town,
            &[("score", "18.5"), ("reason", "伪装的佐证")],
            Some(("评议表.pdf", disguised)),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("data-testid=\"field-error\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("伪装的佐证"), "the reason typed is kept");
    let page = app.get(&subject, &town.cookie).await;
    assert!(!page.body.contains("伪装的佐证"), "nothing saved");
    let pdf = b"%PDF-1.4 evidence";
    let res = app
        .send(manual_request(
            &manual,
            &town,
            &[("score", "18.5"), ("reason", "台账规范，群众满意")],
            Some(("评议表.pdf", pdf)),
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.get(&subject, &town.cookie).await;
    assert!(page.body.contains("台账规范，群众满意"));
    assert!(page.body.contains("town 名"), "the assessor by name");
    assert!(page.body.contains("评议表.pdf"));
    // The town does not reach 长风村.
    let other = app
        .get(&format!("{run_path}/subjects/{CHANGFENG}"), &town.cookie)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // The village sees nothing before publication.
    assert_eq!(
        app.get(&run_path, &cadre.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&subject, &cadre.cookie).await.status,
        StatusCode::NOT_FOUND
    );

    // 长风村's scores (its town has no officer here) and the vetoes, then publish.
    let system = Actor::system("test");
    let run_id = run_path.rsplit('/').next().unwrap().to_string();
    for (region, key, score) in [
        (CHANGFENG, "daily_work", "15"),
        (CHANGFENG, "veto", "0"),
        (BAOYING, "veto", "0"),
    ] {
        runs::set_manual(
            &app.db,
            &system,
            &run_id,
            &RegionCode::parse(region).unwrap(),
            key,
            ManualInput {
                score,
                reason: "经核实",
                evidence: None,
            },
        )
        .await
        .unwrap();
    }
    assert_eq!(step("review").await.status, StatusCode::SEE_OTHER);
    assert_eq!(step("publish").await.status, StatusCode::SEE_OTHER);
    let run_page = app.get(&run_path, &admin.cookie).await;
    assert!(run_page.body.contains("已发布"));
    assert!(run_page.body.contains("data-testid=\"correct\""));

    // The cadre opens 保婴村's result and follows a computed indicator to its records.
    let own = app.get(&subject, &cadre.cookie).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        !own.body.contains("data-testid=\"manual-"),
        "no scoring of one's own village"
    );
    let drill = testid_href(&own.body, "drill").unwrap();
    assert!(
        drill.starts_with("/ledger/classification?year=2024"),
        "{drill}"
    );
    assert_eq!(app.get(&drill, &cadre.cookie).await.status, StatusCode::OK);
    let ranking = app.get(&run_path, &cadre.cookie).await;
    assert!(ranking.body.contains("保婴村") && !ranking.body.contains("长风村"));

    // The ranking as .xlsx, and the evidence file.
    let xlsx = app
        .get(&format!("{run_path}/ranking.xlsx"), &admin.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"));
    let manual = runs::manual_of(
        &app.db,
        &domain::identity::Scope::system(),
        &run_id,
        &RegionCode::parse(BAOYING).unwrap(),
    )
    .await
    .unwrap();
    let with_file = manual.iter().find(|m| m.evidence_name.is_some()).unwrap();
    let file = app
        .get(
            &format!("/assessments/evidence/{}", with_file.id),
            &cadre.cookie,
        )
        .await;
    assert_eq!(
        (file.status, file.bytes.as_slice()),
        (StatusCode::OK, &pdf[..])
    );

    // A correction needs its reason; then it is a new version.
    let res = app
        .post_form(
            &format!("{run_path}/correct"),
            &admin.cookie,
            &format!("_csrf={}&reason=", admin.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    let res = app
        .post_form(
            &format!("{run_path}/correct"),
            &admin.cookie,
            &format!("_csrf={}&reason={}", admin.csrf, enc("补录凭证")),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let v2 = app
        .get(res.headers["location"].to_str().unwrap(), &admin.cookie)
        .await;
    assert!(v2.body.contains("v2") && v2.body.contains("补录凭证"));
    // The copy to the next year is one action.
    let copy = app
        .post_form(
            &format!("{scheme_path}/copy"),
            &admin.cookie,
            &format!("_csrf={}", admin.csrf),
        )
        .await;
    assert_eq!(copy.status, StatusCode::SEE_OTHER);
    let copied = app
        .get(copy.headers["location"].to_str().unwrap(), &admin.cookie)
        .await;
    assert!(copied.body.contains("2025年度村两委班子考核"));
}

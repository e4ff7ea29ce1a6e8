//! The mechanism's JSON API: compliance cells, the problem workflow over HTTP, scoping,
//! meetings with decisions, bearer tokens and the OpenAPI document.

use super::*;
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::compliance::RuleKind;
use domain::mechanism::period::Every;
use serde_json::{Value, json};

const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";

enum Caller<'a> {
    Session(&'a Session),
    Bearer(&'a str),
}

/// Sends a JSON request as `caller`; returns the status and the parsed body.
async fn call(
    app: &App,
    caller: &Caller<'_>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    req = match caller {
        Caller::Session(s) => req
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf),
        Caller::Bearer(token) => req.header(header::AUTHORIZATION, format!("Bearer {token}")),
    };
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

async fn user_id(app: &App, username: &str) -> String {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn meeting(type_code: &str, region: &str, date: &str) -> Value {
    json!({
        "type_code": type_code,
        "region_code": region,
        "date": date,
        "start_time": "09:00",
        "chair": "张常委",
    })
}

#[tokio::test]
async fn compliance_api_returns_the_one_missed_cell_with_its_figures() {
    let app = app().await;
    let system = Actor::system("test");
    // A hand-built rule set: only "two work-promotion meetings a month per guided village".
    for r in store::mechanism::rules::list(&app.db, false).await.unwrap() {
        store::mechanism::rules::set_active(&app.db, &system, &r.id, false)
            .await
            .unwrap();
    }
    let at_least = 2;
    let rule = store::mechanism::rules::create(
        &app.db,
        &system,
        "定点指导村每月两次工作推进会",
        &RuleKind::PerAssignment {
            assignment_kind: AssignmentKind::Guide,
            meeting_type: "work_promotion".into(),
            at_least,
            every: Every::Month,
        },
    )
    .await
    .unwrap();
    let admin = app.login("admin").await;
    let admin = Caller::Session(&admin);
    let (status, a) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/assignments",
        Some(
            json!({"leader_name": "张常委", "region_code": BAOYING, "kind": "guide",
                    "starts_on": "2024-01-01"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    // January and March hold enough meetings (one on the month's last day); February one.
    let months: [(&str, &[&str]); 3] = [
        ("2024-01", &["2024-01-10", "2024-01-31"]),
        ("2024-02", &["2024-02-29"]),
        ("2024-03", &["2024-03-01", "2024-03-31"]),
    ];
    for (_, dates) in months {
        for date in dates {
            let (status, m) = call(
                &app,
                &admin,
                "POST",
                "/api/v1/meetings",
                Some(meeting("work_promotion", BAOYING, date)),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED, "{m}");
        }
    }
    // A meeting of another village counts for nothing here.
    call(
        &app,
        &admin,
        "POST",
        "/api/v1/meetings",
        Some(meeting("work_promotion", CHANGFENG, "2024-02-10")),
    )
    .await;

    let (status, board) = call(
        &app,
        &admin,
        "GET",
        "/api/v1/compliance?from=2024-01&to=2024-03",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert_eq!(
        (board["from"].as_str(), board["to"].as_str()),
        (Some("2024-01"), Some("2024-03"))
    );
    let cells = board["cells"].as_array().unwrap();
    let missed: Vec<&Value> = cells.iter().filter(|c| c["status"] == "missed").collect();
    let (short_month, short_dates) = months
        .iter()
        .find(|(_, d)| d.len() < at_least as usize)
        .unwrap();
    assert_eq!(missed.len(), 1, "{cells:?}");
    let cell = missed[0];
    assert_eq!(cell["region"], BAOYING);
    assert_eq!(cell["rule"], rule.id.as_str());
    assert_eq!(cell["period"], *short_month);
    assert_eq!(cell["required"], at_least);
    assert_eq!(cell["actual"], short_dates.len());
    assert_eq!(cell["assignment"], a["id"]);
    assert_eq!(cell["records"].as_array().unwrap().len(), short_dates.len());
    assert_eq!(
        cells.iter().filter(|c| c["status"] == "met").count(),
        months.len() - 1
    );
    assert_eq!(board["rules"].as_array().unwrap().len(), 1);
    assert_eq!(board["rules"][0]["id"], rule.id.as_str());

    // Another village's cadre sees none of it.
    let other = app.login("other").await;
    let (_, theirs) = call(
        &app,
        &Caller::Session(&other),
        "GET",
        "/api/v1/compliance?from=2024-01&to=2024-03",
        None,
    )
    .await;
    assert_eq!(theirs["cells"].as_array().unwrap().len(), 0, "{theirs}");

    // A missing or bad month is a 400 naming the parameter.
    for (query, field, code) in [
        ("from=2024-01", "to", "param.month_required"),
        ("to=2024-03", "from", "param.month_required"),
        ("from=2024-13&to=2024-03", "from", "param.month_invalid"),
        ("from=2024-01&to=March", "to", "param.month_invalid"),
        ("from=2024-05&to=2024-03", "to", "mechanism.range_invalid"),
    ] {
        let (status, err) = call(
            &app,
            &admin,
            "GET",
            &format!("/api/v1/compliance?{query}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {err}");
        assert_eq!(
            (err["code"].as_str(), err["field"].as_str()),
            (Some(code), Some(field))
        );
        assert!(
            err["message"].as_str().unwrap().contains(field) || code == "mechanism.range_invalid"
        );
    }
}

#[tokio::test]
async fn the_owner_cannot_close_a_problem_another_user_can() {
    let app = app().await;
    let cadre_id = user_id(&app, "cadre").await;
    let admin = app.login("admin").await;
    let (status, p) = call(
        &app,
        &Caller::Session(&admin),
        "POST",
        "/api/v1/problems",
        Some(
            json!({"region_code": BAOYING, "title": "村道破损", "owner_user_id": cadre_id,
                    "deadline": "2030-06-30"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(
        (p["state"].as_str(), p["source_kind"].as_str()),
        (Some("todo"), Some("direct"))
    );
    assert_eq!(p["owner_name"], "cadre 名");
    let id = p["id"].as_str().unwrap();
    let path = format!("/api/v1/problems/{id}/transition");
    let owner = app.login("cadre").await;
    let owner = Caller::Session(&owner);
    let (status, _) = call(
        &app,
        &owner,
        "POST",
        &path,
        Some(json!({"action": "start"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, err) = call(
        &app,
        &owner,
        "POST",
        &path,
        Some(json!({"action": "finish", "result": "已修好", "evidence": " "})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("common.required"), Some("evidence"))
    );
    let (status, err) = call(&app, &owner, "POST", &path, Some(json!({"action": "tick"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["code"], "mapi.action_invalid");
    let (status, done) = call(
        &app,
        &owner,
        "POST",
        &path,
        Some(json!({"action": "finish", "result": "已修好", "evidence": "照片三张"})),
    )
    .await;
    assert_eq!(
        (status, done["state"].as_str()),
        (StatusCode::OK, Some("done"))
    );

    let (status, err) = call(
        &app,
        &owner,
        "POST",
        &path,
        Some(json!({"action": "close"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["code"], "mechanism.problem_owner_confirms");
    assert!(err["message"].as_str().unwrap().contains("责任人"), "{err}");
    let (_, still) = call(&app, &owner, "GET", &format!("/api/v1/problems/{id}"), None).await;
    assert_eq!(still["state"], "done");

    let town = app.login("town").await;
    let (status, closed) = call(
        &app,
        &Caller::Session(&town),
        "POST",
        &path,
        Some(json!({"action": "close"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(
        (
            closed["state"].as_str(),
            closed["closed_by"].as_str(),
            closed["progress"].as_i64()
        ),
        (Some("closed"), Some("town"), Some(100))
    );
    let states: Vec<&str> = closed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to_state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["todo", "doing", "done", "closed"]);
}

#[tokio::test]
async fn a_village_cadre_cannot_see_another_villages_problem() {
    let app = app().await;
    let admin = app.login("admin").await;
    let admin = Caller::Session(&admin);
    let mut ids = Vec::new();
    for region in [BAOYING, CHANGFENG] {
        let (status, p) = call(
            &app,
            &admin,
            "POST",
            "/api/v1/problems",
            Some(
                json!({"region_code": region, "title": format!("{region} 的问题"),
                        "owner_name": "王五", "deadline": "2030-01-31"}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        ids.push(p["id"].as_str().unwrap().to_string());
    }
    let cadre = app.login("cadre").await;
    let cadre = Caller::Session(&cadre);
    let (status, err) = call(
        &app,
        &cadre,
        "GET",
        &format!("/api/v1/problems/{}", ids[1]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["code"], "common.not_found");
    let (status, _) = call(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/problems/{}/transition", ids[1]),
        Some(json!({"action": "start"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, list) = call(&app, &cadre, "GET", "/api/v1/problems", None).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [ids[0].as_str()]);
    assert_eq!(list["total"], 1);
    let (_, narrowed) = call(
        &app,
        &cadre,
        "GET",
        &format!("/api/v1/problems?region={CHANGFENG}"),
        None,
    )
    .await;
    assert_eq!(narrowed["total"], 0);
    // The other village's cadre does see it.
    let other = app.login("other").await;
    let (status, _) = call(
        &app,
        &Caller::Session(&other),
        "GET",
        &format!("/api/v1/problems/{}", ids[1]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // A bad filter is a 400 naming it.
    let (status, err) = call(&app, &cadre, "GET", "/api/v1/problems?region=3408", None).await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("param.region_invalid"),
            Some("region")
        )
    );
    assert!(err["message"].as_str().unwrap().contains("3408"), "{err}");
    let (status, err) = call(&app, &cadre, "GET", "/api/v1/problems?state=open", None).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("state"))
    );
}

#[tokio::test]
async fn a_meeting_posted_with_a_decision_creates_the_problem() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let cadre = Caller::Session(&cadre);
    let mut body = meeting("branch_committee", BAOYING, "2024-05-31");
    body["attendees"] = json!([{"name": "王五", "status": "excused"}, {"name": "李四"}]);
    body["minutes_html"] = json!("<p>议定修路<script>alert(1)</script></p>");
    body["decisions"] =
        json!([{"title": "修缮村道", "owner_name": "王五", "deadline": "2024-06-30"}]);
    // A decision without its deadline refuses the whole meeting, naming the line.
    let mut bad = body.clone();
    bad["decisions"][0]["deadline"] = json!("");
    let (status, err) = call(&app, &cadre, "POST", "/api/v1/meetings", Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "deadline");
    let (_, none) = call(&app, &cadre, "GET", "/api/v1/meetings", None).await;
    assert_eq!(none["total"], 0, "nothing half-written");

    let (status, m) = call(&app, &cadre, "POST", "/api/v1/meetings", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    assert_eq!(m["minutes_html"], "<p>议定修路</p>");
    assert_eq!(m["attendees"][0]["status"], "excused");
    assert_eq!(m["attendees"][1]["status"], "present");
    assert_eq!(m["attachments"].as_array().unwrap().len(), 0);
    assert_eq!(m["decisions"][0]["title"], "修缮村道");
    let meeting_id = m["id"].as_str().unwrap();

    let (_, list) = call(&app, &cadre, "GET", "/api/v1/problems?source=meeting", None).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(
        (
            items[0]["title"].as_str(),
            items[0]["source_id"].as_str(),
            items[0]["region_code"].as_str()
        ),
        (Some("修缮村道"), Some(meeting_id), Some(BAOYING))
    );
    assert_eq!(items[0]["state"], "todo");

    let (_, got) = call(
        &app,
        &cadre,
        "GET",
        &format!("/api/v1/meetings/{meeting_id}"),
        None,
    )
    .await;
    assert_eq!(got["decisions"][0]["id"], items[0]["id"]);
    let (_, found) = call(
        &app,
        &cadre,
        "GET",
        "/api/v1/meetings?type=branch_committee&from=2024-05-01&to=2024-05-31",
        None,
    )
    .await;
    assert_eq!(found["total"], 1);
    let (_, other_type) = call(&app, &cadre, "GET", "/api/v1/meetings?type=liaison", None).await;
    assert_eq!(other_type["total"], 0);
    let (status, err) = call(&app, &cadre, "GET", "/api/v1/meetings?from=May", None).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("from"))
    );
}

#[tokio::test]
async fn bearer_tokens_reach_the_mechanism_api() {
    let app = app().await;
    let s = app.login("town").await;
    let page = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=mechanism", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let token = page.body[start..].split('<').next().unwrap().to_string();
    let bearer = Caller::Bearer(&token);
    // A write with the token alone: no cookie, no CSRF token.
    let (status, v) = call(
        &app,
        &bearer,
        "POST",
        "/api/v1/visits",
        Some(json!({"visitor_name": "镇干部", "region_code": BAOYING, "household": "王某某户",
                    "date": "2024-04-02", "purpose": "走访困难户",
                    "problems": [{"title": "屋顶漏雨", "owner_name": "村委会", "deadline": "2024-04-30"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["problems"][0]["source_kind"], "visit");
    let (status, list) = call(&app, &bearer, "GET", "/api/v1/visits", None).await;
    assert_eq!((status, list["total"].as_i64()), (StatusCode::OK, Some(1)));
    let (status, got) = call(
        &app,
        &bearer,
        "GET",
        &format!("/api/v1/visits/{}", v["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(
        (status, got["household"].as_str()),
        (StatusCode::OK, Some("王某某户"))
    );
    let (status, overdue) = call(&app, &bearer, "GET", "/api/v1/problems?overdue=true", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(overdue["items"][0]["overdue"], true, "{overdue}");
    let (status, types) = call(&app, &bearer, "GET", "/api/v1/meeting-types", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        types
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "work_promotion")
    );
    let (status, rules) = call(&app, &bearer, "GET", "/api/v1/rules", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!rules.as_array().unwrap().is_empty());
    // Town officers assign within their town; the list filters by kind and day.
    let (status, a) = call(
        &app,
        &bearer,
        "POST",
        "/api/v1/assignments",
        Some(
            json!({"leader_name": "李委员", "region_code": BAOYING, "kind": "liaison",
                    "starts_on": "2024-01-01"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let (status, ended) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/assignments/{}/end", a["id"].as_str().unwrap()),
        Some(json!({"ends_on": "2024-06-30"})),
    )
    .await;
    assert_eq!(
        (status, ended["ends_on"].as_str()),
        (StatusCode::OK, Some("2024-06-30"))
    );
    let (_, active) = call(
        &app,
        &bearer,
        "GET",
        "/api/v1/assignments?kind=liaison&active_on=2024-03-01",
        None,
    )
    .await;
    assert_eq!(active.as_array().unwrap().len(), 1);
    let (_, later) = call(
        &app,
        &bearer,
        "GET",
        "/api/v1/assignments?kind=liaison&active_on=2024-07-01",
        None,
    )
    .await;
    assert_eq!(later.as_array().unwrap().len(), 0);
    // Without any credential: 401.
    let res = app.get("/api/v1/problems", "").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn plans_are_created_by_the_administrator_with_progress() {
    let app = app().await;
    let admin = app.login("admin").await;
    let admin = Caller::Session(&admin);
    let body = json!({
        "region_code": "340803000000", "year": 2024, "title": "2024年党建引领乡村振兴实施方案",
        "group": [{"name": "区委书记", "role": "组长"}],
        "targets": [
            {"name": "召开会议", "kind": "metric", "metric": "meetings_held", "target_value": 2, "unit": "次"},
            {"name": "培育示范村", "kind": "manual", "target_value": 3, "manual_value": 1, "evidence": "验收材料"}
        ]
    });
    let cadre = app.login("cadre").await;
    let (status, _) = call(
        &app,
        &Caller::Session(&cadre),
        "POST",
        "/api/v1/plans",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut bad = body.clone();
    bad["targets"][0]["metric"] = json!("likes");
    let (status, err) = call(&app, &admin, "POST", "/api/v1/plans", Some(bad)).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("metric"))
    );
    let dates = ["2024-03-01", "2024-09-30"];
    for date in dates {
        call(
            &app,
            &admin,
            "POST",
            "/api/v1/meetings",
            Some(meeting("special", BAOYING, date)),
        )
        .await;
    }
    let (status, plan) = call(&app, &admin, "POST", "/api/v1/plans", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    assert_eq!(plan["group"][0]["role"], "组长");
    let metric = &plan["targets"][0]["progress"];
    assert_eq!(
        (metric["actual"].as_u64(), metric["done"].as_bool()),
        (Some(dates.len() as u64), Some(true))
    );
    let manual = &plan["targets"][1]["progress"];
    assert_eq!(
        (manual["actual"].as_i64(), manual["done"].as_bool()),
        (Some(1), Some(false))
    );
    let (_, list) = call(&app, &admin, "GET", "/api/v1/plans", None).await;
    assert_eq!(list[0]["id"], plan["id"]);
    let (status, got) = call(
        &app,
        &Caller::Session(&cadre),
        "GET",
        &format!("/api/v1/plans/{}", plan["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a district plan lies above a village cadre's scope: {got}"
    );
}

#[tokio::test]
async fn every_mechanism_path_is_in_the_openapi_document() {
    let app = app().await;
    let doc: Value = serde_json::from_str(&app.get("/api/openapi.json", "").await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/plans", &["get", "post"][..]),
        ("/api/v1/plans/{id}", &["get"]),
        ("/api/v1/assignments", &["get", "post"]),
        ("/api/v1/assignments/{id}/end", &["post"]),
        ("/api/v1/meeting-types", &["get"]),
        ("/api/v1/meetings", &["get", "post"]),
        ("/api/v1/meetings/{id}", &["get"]),
        ("/api/v1/visits", &["get", "post"]),
        ("/api/v1/visits/{id}", &["get"]),
        ("/api/v1/problems", &["get", "post"]),
        ("/api/v1/problems/{id}", &["get"]),
        ("/api/v1/problems/{id}/transition", &["post"]),
        ("/api/v1/rules", &["get"]),
        ("/api/v1/compliance", &["get"]),
    ] {
        for method in methods {
            assert!(
                paths.get(path).and_then(|p| p.get(*method)).is_some(),
                "{method} {path} missing from the document"
            );
        }
    }
    let params: Vec<&str> = paths["/api/v1/compliance"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["from", "to"]);
    let meeting_params = paths["/api/v1/meetings"]["get"]["parameters"].to_string();
    assert!(meeting_params.contains("\"type\""), "{meeting_params}");
}

//! Changing what was entered: the API's writes on rules, meeting types, plans, targets,
//! meetings (files, later decisions), visits, problems and assignments — each allowed in
//! scope and refused, with nothing written, outside it or without the role — and, on the
//! pages, editing a visit and adding a decision after a meeting.

use super::*;
use serde_json::{Value, json};

const BAOYING: &str = "340803100201";
const HAIKOU: &str = "340803100000";
const PNG: [u8; 12] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];

pub(super) enum Caller<'a> {
    Session(&'a Session),
    Bearer(&'a str),
}

pub(super) async fn call(
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

/// GET as `caller`, the body only.
async fn read(app: &App, caller: &Caller<'_>, path: &str) -> Value {
    let (status, v) = call(app, caller, "GET", path, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {v}");
    v
}

/// A district leader (in scope everywhere, but writing records only where assigned).
pub(super) async fn leader(app: &App) -> Session {
    let hash = usecase::credentials::hash(PASSWORD.into()).await.unwrap();
    store::identity::create_user(
        &app.db,
        &Actor::system("test"),
        store::identity::NewUser {
            username: "leader".into(),
            display_name: "区领导".into(),
            role: Role::DistrictLeader,
            region: RegionCode::parse("340803000000").unwrap(),
            password_hash: hash,
        },
    )
    .await
    .unwrap();
    app.login("leader").await
}

fn refused(status: StatusCode) -> bool {
    status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND
}

#[tokio::test]
async fn rules_and_meeting_types_are_changed_by_the_administrator_only() {
    let app = app().await;
    let (admin, cadre) = (app.login("admin").await, app.login("cadre").await);
    let (admin, cadre) = (Caller::Session(&admin), Caller::Session(&cadre));
    let rule = json!({"name": "每村每季度一次专题会", "kind": "per_village",
                      "meeting_type": "special", "at_least": 1, "every": "quarter"});
    let before = read(&app, &admin, "/api/v1/rules").await;
    let (status, _) = call(&app, &cadre, "POST", "/api/v1/rules", Some(rule.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(read(&app, &admin, "/api/v1/rules").await, before);

    let (status, r) = call(&app, &admin, "POST", "/api/v1/rules", Some(rule.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(
        (r["params"]["every"].as_str(), r["active"].as_bool()),
        (Some("quarter"), Some(true))
    );
    let path = format!("/api/v1/rules/{}", r["id"].as_str().unwrap());
    let mut bad = rule.clone();
    bad["at_least"] = json!(0);
    let (status, err) = call(&app, &admin, "PUT", &path, Some(bad)).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("at_least"))
    );
    let mut changed = rule.clone();
    changed["name"] = json!("每村每月一次专题会");
    changed["every"] = json!("month");
    let (status, _) = call(&app, &cadre, "PUT", &path, Some(changed.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, r2) = call(&app, &admin, "PUT", &path, Some(changed)).await;
    assert_eq!(status, StatusCode::OK, "{r2}");
    assert_eq!(
        (r2["name"].as_str(), r2["params"]["every"].as_str()),
        (Some("每村每月一次专题会"), Some("month"))
    );
    let (status, _) = call(&app, &cadre, "POST", &format!("{path}/deactivate"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, off) = call(&app, &admin, "POST", &format!("{path}/deactivate"), None).await;
    assert_eq!(
        (status, off["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let listed = |rules: &Value| rules.as_array().unwrap().iter().any(|x| x["id"] == r["id"]);
    assert!(!listed(&read(&app, &admin, "/api/v1/rules").await));
    call(&app, &admin, "POST", &format!("{path}/activate"), None).await;
    assert!(listed(&read(&app, &admin, "/api/v1/rules").await));
    let (status, _) = call(&app, &admin, "PUT", "/api/v1/rules/nope", Some(rule)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Meeting types.
    let t = json!({"code": "study", "name_zh": "集中学习", "name_en": "Group study"});
    let types_before = read(&app, &admin, "/api/v1/meeting-types").await;
    let (status, _) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/meeting-types",
        Some(t.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        read(&app, &admin, "/api/v1/meeting-types").await,
        types_before
    );
    let (status, made) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/meeting-types",
        Some(t.clone()),
    )
    .await;
    assert_eq!(
        (status, made["name"].as_str()),
        (StatusCode::CREATED, Some("集中学习"))
    );
    let (status, _) = call(&app, &admin, "POST", "/api/v1/meeting-types", Some(t)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let rename = json!({"name_zh": "集中学习会", "name_en": "Group study meeting"});
    let (status, _) = call(
        &app,
        &cadre,
        "PUT",
        "/api/v1/meeting-types/study",
        Some(rename.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, renamed) = call(
        &app,
        &admin,
        "PUT",
        "/api/v1/meeting-types/study",
        Some(rename.clone()),
    )
    .await;
    assert_eq!(
        (status, renamed["name_zh"].as_str()),
        (StatusCode::OK, Some("集中学习会"))
    );
    let (status, _) = call(
        &app,
        &admin,
        "PUT",
        "/api/v1/meeting-types/nope",
        Some(rename),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let offered = |types: &Value| {
        types
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "study")
    };
    let (status, _) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/meeting-types/study/deactivate",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(offered(&read(&app, &admin, "/api/v1/meeting-types").await));
    let (status, off) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/meeting-types/study/deactivate",
        None,
    )
    .await;
    assert_eq!(
        (status, off["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    assert!(!offered(&read(&app, &admin, "/api/v1/meeting-types").await));
    call(
        &app,
        &admin,
        "POST",
        "/api/v1/meeting-types/study/activate",
        None,
    )
    .await;
    assert!(offered(&read(&app, &admin, "/api/v1/meeting-types").await));
}

#[tokio::test]
async fn plans_and_their_targets_change_through_the_api() {
    let app = app().await;
    let (admin, town, cadre) = (
        app.login("admin").await,
        app.login("town").await,
        app.login("cadre").await,
    );
    let (admin, town, cadre) = (
        Caller::Session(&admin),
        Caller::Session(&town),
        Caller::Session(&cadre),
    );
    // A town's plan: the town officer sees it but may not change it; a village cadre does
    // not see it.
    let (status, plan) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/plans",
        Some(
            json!({"region_code": HAIKOU, "year": 2024, "title": "海口镇实施方案",
                    "group": [{"name": "镇党委书记", "role": "组长"}],
                    "targets": [{"name": "召开会议", "kind": "metric", "metric": "meetings_held",
                                 "target_value": 4, "unit": "次"}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let path = format!("/api/v1/plans/{}", plan["id"].as_str().unwrap());
    let change = json!({"year": 2025, "title": "海口镇2025年实施方案",
                        "group": [{"name": "镇长", "role": "副组长"}]});
    for (who, want) in [
        (&town, StatusCode::FORBIDDEN),
        (&cadre, StatusCode::NOT_FOUND),
    ] {
        let (status, _) = call(&app, who, "PUT", &path, Some(change.clone())).await;
        assert_eq!(status, want);
        let (status, _) = call(&app, who, "POST", &format!("{path}/archive"), None).await;
        assert_eq!(status, want);
        let (status, _) = call(
            &app,
            who,
            "POST",
            &format!("{path}/targets"),
            Some(json!({"name": "x", "kind": "manual", "target_value": 1})),
        )
        .await;
        assert_eq!(status, want);
    }
    assert_eq!(read(&app, &admin, &path).await, plan, "nothing written");

    let (status, p) = call(&app, &admin, "PUT", &path, Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(
        (
            p["year"].as_i64(),
            p["title"].as_str(),
            p["group"][0]["name"].as_str()
        ),
        (Some(2025), Some("海口镇2025年实施方案"), Some("镇长"))
    );
    let (status, err) = call(&app, &admin, "PUT", &path, Some(json!({"year": 2025}))).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("title"))
    );

    // Targets: add, change, archive, restore.
    let (status, p) = call(
        &app,
        &admin,
        "POST",
        &format!("{path}/targets"),
        Some(json!({"name": "培育示范村", "kind": "manual", "target_value": 3, "manual_value": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let target = p["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "培育示范村")
        .unwrap()
        .clone();
    let tpath = format!("/api/v1/targets/{}", target["id"].as_str().unwrap());
    let tchange = json!({"name": "培育示范村", "kind": "manual", "target_value": 3,
                         "manual_value": 2, "evidence": "验收材料"});
    for who in [&town, &cadre] {
        let (status, _) = call(&app, who, "PUT", &tpath, Some(tchange.clone())).await;
        assert!(refused(status), "{status}");
        let (status, _) = call(&app, who, "POST", &format!("{tpath}/archive"), None).await;
        assert!(refused(status), "{status}");
    }
    assert_eq!(read(&app, &admin, &path).await, p, "nothing written");
    let (status, p) = call(&app, &admin, "PUT", &tpath, Some(tchange)).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let manual = p["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == target["id"])
        .unwrap();
    assert_eq!(manual["progress"]["actual"].as_i64(), Some(2));
    let (status, p) = call(&app, &admin, "POST", &format!("{tpath}/archive"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        p["targets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != target["id"])
    );
    let (_, p) = call(&app, &admin, "POST", &format!("{tpath}/restore"), None).await;
    assert!(
        p["targets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == target["id"])
    );

    let (status, p) = call(&app, &admin, "POST", &format!("{path}/archive"), None).await;
    assert_eq!(
        (status, p["archived"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, p) = call(&app, &admin, "POST", &format!("{path}/restore"), None).await;
    assert_eq!(p["archived"].as_bool(), Some(false));
}

fn upload(path: &str, caller: &Caller<'_>, files: &[(&str, &[u8])], csrf: bool) -> Request<Body> {
    let boundary = "zxupload";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    req = match caller {
        Caller::Session(s) if csrf => req
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf),
        Caller::Session(s) => req.header(header::COOKIE, &s.cookie),
        Caller::Bearer(token) => req.header(header::AUTHORIZATION, format!("Bearer {token}")),
    };
    req.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn meetings_change_archive_take_files_and_later_decisions() {
    let app = app().await;
    let (cadre, other, lead) = (
        app.login("cadre").await,
        app.login("other").await,
        leader(&app).await,
    );
    let (cadre_s, cadre, other, lead) = (
        &cadre,
        Caller::Session(&cadre),
        Caller::Session(&other),
        Caller::Session(&lead),
    );
    let (status, m) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/meetings",
        Some(
            json!({"type_code": "branch_committee", "region_code": BAOYING,
                    "date": "2024-05-06", "start_time": "09:00", "chair": "村支书",
                    "attendees": [{"name": "张三"}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let path = format!("/api/v1/meetings/{}", m["id"].as_str().unwrap());
    let change = json!({"type_code": "branch_committee", "region_code": BAOYING,
                        "date": "2024-05-07", "start_time": "14:30", "place": "村部会议室",
                        "chair": "村支书", "attendees": [{"name": "张三"}, {"name": "李四", "status": "excused"}]});
    let decision = json!({"title": "修缮村部", "owner_name": "村委会", "deadline": "2024-06-30"});
    // Out of scope: not found; a district leader without an assignment here: forbidden.
    for (who, want) in [
        (&other, StatusCode::NOT_FOUND),
        (&lead, StatusCode::FORBIDDEN),
    ] {
        for (method, to, body) in [
            ("PUT", path.clone(), Some(change.clone())),
            ("POST", format!("{path}/archive"), None),
            ("POST", format!("{path}/decisions"), Some(decision.clone())),
        ] {
            let (status, _) = call(&app, who, method, &to, body).await;
            assert_eq!(status, want, "{method} {to}");
        }
        let res = app
            .send(upload(
                &format!("{path}/attachments"),
                who,
                &[("a.png", &PNG)],
                true,
            ))
            .await;
        assert_eq!(res.status, want);
    }
    assert_eq!(read(&app, &cadre, &path).await, m, "nothing written");

    let (status, m2) = call(&app, &cadre, "PUT", &path, Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{m2}");
    assert_eq!(
        (
            m2["date"].as_str(),
            m2["place"].as_str(),
            m2["attendees"][1]["status"].as_str()
        ),
        (Some("2024-05-07"), Some("村部会议室"), Some("excused"))
    );
    let (status, err) = call(
        &app,
        &cadre,
        "PUT",
        &path,
        Some(
            json!({"type_code": "branch_committee", "region_code": BAOYING, "date": "2024-13-01",
                    "start_time": "09:00", "chair": "村支书"}),
        ),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("date"))
    );

    // A decision after the meeting, in the meeting's region.
    let (status, m3) = call(
        &app,
        &cadre,
        "POST",
        &format!("{path}/decisions"),
        Some(decision),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{m3}");
    let d = &m3["decisions"][0];
    assert_eq!(
        (
            d["title"].as_str(),
            d["source_kind"].as_str(),
            d["source_id"].as_str(),
            d["region_code"].as_str()
        ),
        (
            Some("修缮村部"),
            Some("meeting"),
            m["id"].as_str(),
            Some(BAOYING)
        )
    );

    // Files: a session needs its CSRF header; a bearer token does not.
    let files: [(&str, &[u8]); 1] = [("现场.png", &PNG)];
    let res = app
        .send(upload(
            &format!("{path}/attachments"),
            &cadre,
            &files,
            false,
        ))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // One bad file refuses them all.
    let res = app
        .send(upload(
            &format!("{path}/attachments"),
            &cadre,
            &[("现场.png", &PNG), ("说明.txt", b"hello")],
            true,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("说明.txt"), "{}", res.body);
    assert_eq!(read(&app, &cadre, &path).await["attachments"], json!([]));
    let page = app
        .post_form(
            "/account/tokens",
            &cadre_s.cookie,
            &format!("_csrf={}&name=files", cadre_s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let token = page.body[start..].split('<').next().unwrap().to_string();
    let res = app
        .send(upload(
            &format!("{path}/attachments"),
            &Caller::Bearer(&token),
            &files,
            false,
        ))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let stored: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(stored[0]["content_type"], "image/png");
    let file_path = format!("{path}/attachments/{}", stored[0]["id"].as_str().unwrap());
    let file = app.get(&file_path, &cadre_s.cookie).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(file.bytes, PNG);
    let other_cookie = match &other {
        Caller::Session(s) => s.cookie.clone(),
        Caller::Bearer(_) => unreachable!(),
    };
    assert_eq!(
        app.get(&file_path, &other_cookie).await.status,
        StatusCode::NOT_FOUND
    );
    let elsewhere = format!(
        "/api/v1/meetings/nope/attachments/{}",
        stored[0]["id"].as_str().unwrap()
    );
    assert_eq!(
        app.get(&elsewhere, &cadre_s.cookie).await.status,
        StatusCode::NOT_FOUND
    );

    // Archive and restore.
    let (status, a) = call(&app, &cadre, "POST", &format!("{path}/archive"), None).await;
    assert_eq!(
        (status, a["archived"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, list) = call(&app, &cadre, "GET", "/api/v1/meetings", None).await;
    assert_eq!(list["total"].as_i64(), Some(0));
    let (status, r) = call(&app, &cadre, "POST", &format!("{path}/restore"), None).await;
    assert_eq!(
        (status, r["archived"].as_bool()),
        (StatusCode::OK, Some(false))
    );
}

#[tokio::test]
async fn visits_problems_and_assignments_change_through_the_api() {
    let app = app().await;
    let (admin, cadre, other, lead) = (
        app.login("admin").await,
        app.login("cadre").await,
        app.login("other").await,
        leader(&app).await,
    );
    let (admin, cadre, other, lead) = (
        Caller::Session(&admin),
        Caller::Session(&cadre),
        Caller::Session(&other),
        Caller::Session(&lead),
    );
    // Visits.
    let (status, v) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/visits",
        Some(
            json!({"visitor_name": "村支书", "region_code": BAOYING, "date": "2024-04-02",
                    "purpose": "走访困难户"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let vpath = format!("/api/v1/visits/{}", v["id"].as_str().unwrap());
    let vchange = json!({"visitor_name": "村支书", "region_code": BAOYING, "household": "王某某户",
                         "date": "2024-04-03", "purpose": "走访困难户", "findings": "屋顶漏雨"});
    let found = json!({"title": "屋顶漏雨", "owner_name": "村委会", "deadline": "2024-04-30"});
    for (who, want) in [
        (&other, StatusCode::NOT_FOUND),
        (&lead, StatusCode::FORBIDDEN),
    ] {
        for (method, to, body) in [
            ("PUT", vpath.clone(), Some(vchange.clone())),
            ("POST", format!("{vpath}/archive"), None),
            ("POST", format!("{vpath}/problems"), Some(found.clone())),
        ] {
            let (status, _) = call(&app, who, method, &to, body).await;
            assert_eq!(status, want, "{method} {to}");
        }
    }
    assert_eq!(read(&app, &cadre, &vpath).await, v, "nothing written");
    let (status, v2) = call(&app, &cadre, "PUT", &vpath, Some(vchange)).await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(
        (v2["household"].as_str(), v2["findings"].as_str()),
        (Some("王某某户"), Some("屋顶漏雨"))
    );
    let (status, v3) = call(
        &app,
        &cadre,
        "POST",
        &format!("{vpath}/problems"),
        Some(found),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v3}");
    assert_eq!(v3["problems"][0]["source_kind"], "visit");
    let (status, a) = call(&app, &cadre, "POST", &format!("{vpath}/archive"), None).await;
    assert_eq!(
        (status, a["archived"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, r) = call(&app, &cadre, "POST", &format!("{vpath}/restore"), None).await;
    assert_eq!(r["archived"].as_bool(), Some(false));

    // Problems.
    let (status, p) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/problems",
        Some(
            json!({"region_code": BAOYING, "title": "道路破损", "owner_name": "村委会",
                    "deadline": "2024-06-30"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let ppath = format!("/api/v1/problems/{}", p["id"].as_str().unwrap());
    let pchange =
        json!({"title": "村道破损修复", "owner_name": "村委会", "deadline": "2024-07-31"});
    for (who, want) in [
        (&other, StatusCode::NOT_FOUND),
        (&lead, StatusCode::FORBIDDEN),
    ] {
        for (method, to, body) in [
            ("PUT", ppath.clone(), Some(pchange.clone())),
            (
                "POST",
                format!("{ppath}/progress"),
                Some(json!({"progress": 40})),
            ),
            ("POST", format!("{ppath}/archive"), None),
        ] {
            let (status, _) = call(&app, who, method, &to, body).await;
            assert_eq!(status, want, "{method} {to}");
        }
    }
    assert_eq!(read(&app, &cadre, &ppath).await, p, "nothing written");
    let (status, p2) = call(&app, &cadre, "PUT", &ppath, Some(pchange)).await;
    assert_eq!(status, StatusCode::OK, "{p2}");
    assert_eq!(
        (
            p2["title"].as_str(),
            p2["deadline"].as_str(),
            p2["region_code"].as_str()
        ),
        (Some("村道破损修复"), Some("2024-07-31"), Some(BAOYING))
    );
    let (status, err) = call(
        &app,
        &cadre,
        "PUT",
        &ppath,
        Some(
            json!({"region_code": "340803200201", "title": "x", "owner_name": "y",
                    "deadline": "2024-07-31"}),
        ),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("mechanism.region_fixed"),
            Some("region_code")
        )
    );
    let progress = 40;
    let (status, p3) = call(
        &app,
        &cadre,
        "POST",
        &format!("{ppath}/progress"),
        Some(json!({ "progress": progress })),
    )
    .await;
    assert_eq!(
        (status, p3["progress"].as_i64()),
        (StatusCode::OK, Some(progress))
    );
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{ppath}/progress"),
        Some(json!({"progress": 101})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("progress"))
    );
    let (status, a) = call(&app, &cadre, "POST", &format!("{ppath}/archive"), None).await;
    assert_eq!(
        (status, a["archived"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, list) = call(&app, &cadre, "GET", "/api/v1/problems", None).await;
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != p["id"])
    );
    let (_, r) = call(&app, &cadre, "POST", &format!("{ppath}/restore"), None).await;
    assert_eq!(r["archived"].as_bool(), Some(false));

    // Assignments: the administrator (or the town officer) archives; a cadre may not.
    let (status, asg) = call(
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
    assert_eq!(status, StatusCode::CREATED, "{asg}");
    let apath = format!("/api/v1/assignments/{}", asg["id"].as_str().unwrap());
    for (who, want) in [
        (&cadre, StatusCode::FORBIDDEN),
        (&other, StatusCode::NOT_FOUND),
    ] {
        let (status, _) = call(&app, who, "POST", &format!("{apath}/archive"), None).await;
        assert_eq!(status, want);
    }
    let (_, list) = call(&app, &admin, "GET", "/api/v1/assignments", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing written");
    let (status, a) = call(&app, &admin, "POST", &format!("{apath}/archive"), None).await;
    assert_eq!(
        (status, a["archived"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (_, list) = call(&app, &admin, "GET", "/api/v1/assignments", None).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let (status, r) = call(&app, &admin, "POST", &format!("{apath}/restore"), None).await;
    assert_eq!(
        (status, r["archived"].as_bool()),
        (StatusCode::OK, Some(false))
    );
}

#[tokio::test]
async fn a_visit_is_edited_and_a_decision_added_on_the_pages() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;
    let api = Caller::Session(&cadre);
    let (_, v) = call(
        &app,
        &api,
        "POST",
        "/api/v1/visits",
        Some(
            json!({"visitor_name": "村支书", "region_code": BAOYING, "date": "2024-04-02",
                    "purpose": "走访困难户"}),
        ),
    )
    .await;
    let id = v["id"].as_str().unwrap();
    let detail = app
        .get(&format!("/mechanism/visits/{id}"), &cadre.cookie)
        .await;
    assert!(
        detail
            .body
            .contains(&format!("/mechanism/visits/{id}/edit"))
    );
    let edit = app
        .get(&format!("/mechanism/visits/{id}/edit"), &cadre.cookie)
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("修改走访记录") && edit.body.contains("走访困难户"));
    assert_eq!(
        app.get(&format!("/mechanism/visits/{id}/edit"), &other.cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let form = |who: &Session, purpose: &str| {
        format!(
            "_csrf={}&visitor_name={}&region_code={BAOYING}&household=&date=2024-04-05&purpose={}&findings={}",
            who.csrf,
            enc("村支书"),
            enc(purpose),
            enc("院墙开裂")
        )
    };
    // A blank purpose is refused at its field, nothing written.
    let res = app
        .post_form(
            &format!("/mechanism/visits/{id}/edit"),
            &cadre.cookie,
            &form(&cadre, ""),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("data-testid=\"field-error\""),
        "{}",
        res.body
    );
    assert_eq!(read(&app, &api, &format!("/api/v1/visits/{id}")).await, v);
    let res = app
        .post_form(
            &format!("/mechanism/visits/{id}/edit"),
            &other.cookie,
            &form(&other, "x"),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .post_form(
            &format!("/mechanism/visits/{id}/edit"),
            &cadre.cookie,
            &form(&cadre, "回访困难户"),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let detail = app
        .get(&format!("/mechanism/visits/{id}"), &cadre.cookie)
        .await;
    assert!(detail.body.contains("回访困难户") && detail.body.contains("院墙开裂"));
    assert!(detail.body.contains("2024-04-05"));

    // A decision added after the meeting.
    let (_, m) = call(
        &app,
        &api,
        "POST",
        "/api/v1/meetings",
        Some(
            json!({"type_code": "branch_committee", "region_code": BAOYING,
                    "date": "2024-05-06", "start_time": "09:00", "chair": "村支书"}),
        ),
    )
    .await;
    let mid = m["id"].as_str().unwrap();
    let page = app
        .get(&format!("/mechanism/meetings/{mid}"), &cadre.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"decision-form\""));
    let decision = |who: &Session, deadline: &str| {
        format!(
            "_csrf={}&title={}&owner_user_id=&owner_name={}&deadline={deadline}",
            who.csrf,
            enc("整修文化广场"),
            enc("村委会")
        )
    };
    let to = format!("/mechanism/meetings/{mid}/decisions");
    let res = app
        .post_form(&to, &cadre.cookie, &decision(&cadre, ""))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("data-testid=\"decision-error\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("整修文化广场"), "the title entered stays");
    assert_eq!(
        read(&app, &api, &format!("/api/v1/meetings/{mid}")).await["decisions"],
        json!([])
    );
    let res = app
        .post_form(&to, &other.cookie, &decision(&other, "2024-06-30"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .post_form(&to, &cadre.cookie, &decision(&cadre, "2024-06-30"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app
        .get(&format!("/mechanism/meetings/{mid}"), &cadre.cookie)
        .await;
    let decisions = page.body.split("data-testid=\"decisions\"").nth(1).unwrap();
    assert!(
        decisions
            .split("</table>")
            .next()
            .unwrap()
            .contains("整修文化广场")
    );
}

#[tokio::test]
async fn every_new_write_is_in_the_openapi_document() {
    let app = app().await;
    let doc: Value = serde_json::from_str(&app.get("/api/openapi.json", "").await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/rules", &["get", "post"][..]),
        ("/api/v1/rules/{id}", &["put"]),
        ("/api/v1/rules/{id}/activate", &["post"]),
        ("/api/v1/rules/{id}/deactivate", &["post"]),
        ("/api/v1/meeting-types", &["get", "post"]),
        ("/api/v1/meeting-types/{code}", &["put"]),
        ("/api/v1/meeting-types/{code}/activate", &["post"]),
        ("/api/v1/meeting-types/{code}/deactivate", &["post"]),
        ("/api/v1/plans/{id}", &["get", "put"]),
        ("/api/v1/plans/{id}/archive", &["post"]),
        ("/api/v1/plans/{id}/restore", &["post"]),
        ("/api/v1/plans/{id}/targets", &["post"]),
        ("/api/v1/targets/{id}", &["put"]),
        ("/api/v1/targets/{id}/archive", &["post"]),
        ("/api/v1/targets/{id}/restore", &["post"]),
        ("/api/v1/assignments/{id}/archive", &["post"]),
        ("/api/v1/assignments/{id}/restore", &["post"]),
        ("/api/v1/meetings/{id}", &["get", "put"]),
        ("/api/v1/meetings/{id}/archive", &["post"]),
        ("/api/v1/meetings/{id}/restore", &["post"]),
        ("/api/v1/meetings/{id}/decisions", &["post"]),
        ("/api/v1/meetings/{id}/attachments", &["post"]),
        (
            "/api/v1/meetings/{id}/attachments/{attachment_id}",
            &["get"],
        ),
        ("/api/v1/visits/{id}", &["get", "put"]),
        ("/api/v1/visits/{id}/archive", &["post"]),
        ("/api/v1/visits/{id}/restore", &["post"]),
        ("/api/v1/visits/{id}/problems", &["post"]),
        ("/api/v1/problems/{id}", &["get", "put"]),
        ("/api/v1/problems/{id}/progress", &["post"]),
        ("/api/v1/problems/{id}/archive", &["post"]),
        ("/api/v1/problems/{id}/restore", &["post"]),
    ] {
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is missing"));
        for m in methods {
            assert!(item.get(*m).is_some(), "{m} {path} is missing");
        }
    }
    let upload = &paths["/api/v1/meetings/{id}/attachments"]["post"]["requestBody"]["content"];
    assert!(upload.get("multipart/form-data").is_some(), "{upload}");
}

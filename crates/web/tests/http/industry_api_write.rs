//! The industry JSON API's writes: a project created and taken through its workflow, funding,
//! budget lines and milestones (the list's progress follows); a disbursement beyond its line
//! refused with nothing written, then allowed after an approval, its voucher in the village's
//! book; a sale and a labour log each make one balanced draft voucher that agrees with the
//! results, and paying labour settles it; a district leader's writes are 403, another
//! village's 404; every path is in the OpenAPI document.

use super::industry_api::{BAOYING, api_token, baoying_org, get_json, villager};
use super::mechanism_more::{Caller, call, leader};
use super::*;
use serde_json::{Value, json};

/// POST (or PUT) as `caller`, expecting `status`; the body.
async fn send_ok(
    app: &App,
    caller: &Caller<'_>,
    method: &str,
    path: &str,
    body: Value,
    status: StatusCode,
) -> Value {
    let (got, v) = call(app, caller, method, path, Some(body)).await;
    assert_eq!(got, status, "{method} {path}: {v}");
    v
}

/// A project of 保婴村 created through the API, approved; its id and the organisation.
async fn api_project(app: &App, caller: &Caller<'_>) -> (String, store::ledger::OrgRecord) {
    let org = baoying_org(app).await;
    let p = send_ok(
        app,
        caller,
        "POST",
        "/api/v1/projects",
        json!({"region_code": BAOYING, "org_id": org.id, "sector": "种植业",
               "title": "灵芝大棚种植", "responsible_name": "张书记", "applied_on": "2024-01-05"}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(p["status"].as_str(), Some("applied"), "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let approved = send_ok(
        app,
        caller,
        "POST",
        &format!("/api/v1/projects/{id}/status"),
        json!({"status": "approved", "decided_on": "2024-01-20"}),
        StatusCode::OK,
    )
    .await;
    // The history keeps the dates the changes were decided.
    let decided: Vec<(&str, &str)> = approved["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["to_status"].as_str().unwrap(),
                e["decided_on"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        decided,
        [("applied", "2024-01-05"), ("approved", "2024-01-20")]
    );
    (id, org)
}

/// The vouchers of the organisation's 2024 book, as the ledger API lists them.
async fn voucher_count(app: &App, caller: &Caller<'_>, org: &str) -> i64 {
    let (status, page) = call(
        app,
        caller,
        "GET",
        &format!("/api/v1/orgs/{org}/vouchers?year=2024"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["total"].as_i64().unwrap()
}

/// One voucher as the ledger API shows it; asserts it balances and returns it.
async fn balanced_voucher(app: &App, caller: &Caller<'_>, org: &str, id: &str) -> Value {
    let (status, v) = call(
        app,
        caller,
        "GET",
        &format!("/api/v1/orgs/{org}/vouchers/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let lines = v["lines"].as_array().unwrap();
    let debit: i64 = lines.iter().map(|l| l["debit"].as_i64().unwrap()).sum();
    let credit: i64 = lines.iter().map(|l| l["credit"].as_i64().unwrap()).sum();
    assert_eq!(debit, credit, "{v}");
    assert_eq!(v["total"].as_i64(), Some(debit), "{v}");
    v
}

#[tokio::test]
async fn a_project_runs_through_its_workflow_and_funds_stay_within_budget() {
    let app = app().await;
    let s = app.login("cadre").await;
    let cadre = Caller::Session(&s);
    let (id, org) = api_project(&app, &cadre).await;
    let project = format!("/api/v1/projects/{id}");

    // Only the next step: straight to 运营 is refused, naming the field.
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/status"),
        Some(json!({"status": "operating"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("industry.transition_invalid"), Some("status"))
    );

    let funding = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/funding"),
        json!({"source": "fiscal", "amount": 50_000_000, "note": "衔接资金"}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(funding["amount"].as_i64(), Some(50_000_000));
    let line = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/budget-lines"),
        json!({"name": "大棚建设", "amount": 100_000, "account_code": "401"}),
        StatusCode::CREATED,
    )
    .await;
    let line_id = line["id"].as_str().unwrap().to_string();
    let mut milestones = Vec::new();
    for (title, weight) in [("大棚完工", 1), ("首季采收", 3)] {
        let m = send_ok(
            &app,
            &cadre,
            "POST",
            &format!("{project}/milestones"),
            json!({"title": title, "due_on": "2024-10-01", "weight": weight}),
            StatusCode::CREATED,
        )
        .await;
        milestones.push(m["id"].as_str().unwrap().to_string());
    }
    let m = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/milestones/{}/progress", milestones[1]),
        json!({"progress": 100}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(m["progress"].as_i64(), Some(100));
    let (_, detail) = get_json(&app, &project, &s.cookie).await;
    assert_eq!(detail["funding"][0]["source"].as_str(), Some("fiscal"));
    let (_, list) = get_json(
        &app,
        &format!("/api/v1/projects?region={BAOYING}"),
        &s.cookie,
    )
    .await;
    // The list's progress (read for all projects at once) is the detail's: 3 of 4 weights.
    assert_eq!(list[0]["progress"], detail["progress"], "{list}");
    assert_eq!(list[0]["progress"].as_i64(), Some(75), "{list}");

    // Within the line: one draft voucher in 保婴村's book.
    let before = voucher_count(&app, &cadre, &org.id).await;
    let first = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/disbursements"),
        json!({"budget_line_id": line_id, "date": "2024-05-10", "amount": 60_000,
               "summary": "大棚钢架"}),
        StatusCode::CREATED,
    )
    .await;
    let v = balanced_voucher(&app, &cadre, &org.id, first["voucher_id"].as_str().unwrap()).await;
    assert_eq!(
        (v["total"].as_i64(), v["state"].as_str()),
        (Some(60_000), Some("draft"))
    );
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 1);

    // Beyond the line without an approval: refused, translated, nothing written.
    let over = json!({"budget_line_id": line_id, "date": "2024-06-10", "amount": 50_000,
                      "summary": "大棚薄膜"});
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/disbursements"),
        Some(over.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["code"].as_str(), Some("industry.over_budget"));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("大棚建设") && message.contains("超出预算") && message.contains("500.00"),
        "{message}"
    );
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 1);
    let (_, listed) = get_json(&app, &format!("{project}/disbursements"), &s.cookie).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // A line of another project is not this project's.
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/approvals"),
        Some(json!({"budget_line_id": "no-such-line", "amount": 10_000,
                    "approved_by": "村民代表大会", "approved_on": "2024-06-01",
                    "reason": "薄膜涨价"})),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("budget_line_id"))
    );
    let approval = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/approvals"),
        json!({"budget_line_id": line_id, "amount": 10_000, "approved_by": "村民代表大会",
               "approved_on": "2024-06-01", "reason": "薄膜涨价"}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(approval["approved_by"].as_str(), Some("村民代表大会"));
    let second = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/disbursements"),
        over,
        StatusCode::CREATED,
    )
    .await;
    let v = balanced_voucher(
        &app,
        &cadre,
        &org.id,
        second["voucher_id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(
        (
            v["org_id"].as_str(),
            v["year"].as_i64(),
            v["total"].as_i64()
        ),
        (Some(org.id.as_str()), Some(2024), Some(50_000))
    );
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 2);
    let (_, budget) = get_json(&app, &format!("{project}/budget"), &s.cookie).await;
    assert_eq!(
        (
            budget[0]["budget"].as_i64(),
            budget[0]["approved"].as_i64(),
            budget[0]["committed"].as_i64(),
            budget[0]["spent"].as_i64()
        ),
        (Some(100_000), Some(10_000), Some(110_000), Some(0)),
        "drafts are committed, not spent: {budget}"
    );

    // Termination needs a reason; a terminated project pays nothing more.
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/status"),
        Some(json!({"status": "terminated"})),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("industry.reason_required")
        )
    );
    let done = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/status"),
        json!({"status": "terminated", "reason": "市场价格下跌"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (done["status"].as_str(), done["terminated_reason"].as_str()),
        (Some("terminated"), Some("市场价格下跌"))
    );
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/disbursements"),
        Some(
            json!({"budget_line_id": line_id, "date": "2024-07-01", "amount": 100,
                    "summary": "尾款"}),
        ),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("industry.project_not_paying")
        )
    );
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 2);

    // Archived: out of the list; restored: back.
    send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/archive"),
        json!({}),
        StatusCode::OK,
    )
    .await;
    let (_, list) = get_json(&app, "/api/v1/projects", &s.cookie).await;
    assert!(!list.to_string().contains(&id), "{list}");
    send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/restore"),
        json!({}),
        StatusCode::OK,
    )
    .await;
    let (_, list) = get_json(&app, "/api/v1/projects", &s.cookie).await;
    assert!(list.to_string().contains(&id), "{list}");
}

#[tokio::test]
async fn a_sale_and_labour_make_balanced_vouchers_that_agree_with_the_results() {
    let app = app().await;
    let s = app.login("cadre").await;
    let cadre = Caller::Session(&s);
    let (id, org) = api_project(&app, &cadre).await;
    let project = format!("/api/v1/projects/{id}");
    let unit = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/units"),
        json!({"kind": "greenhouse", "name": "1号棚", "area_m2": "500"}),
        StatusCode::CREATED,
    )
    .await;
    let unit_id = unit["id"].as_str().unwrap().to_string();
    let batch = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/units/{unit_id}/batches"),
        json!({"crop": "灵芝", "started_on": "2024-03-01", "size": "1000", "size_unit": "袋"}),
        StatusCode::CREATED,
    )
    .await;
    let batch_id = batch["id"].as_str().unwrap().to_string();
    let (_, units) = get_json(&app, &format!("{project}/units"), &s.cookie).await;
    let (_, batches) = get_json(&app, &format!("{project}/batches"), &s.cookie).await;
    assert_eq!(units[0]["name"].as_str(), Some("1号棚"), "{units}");
    assert_eq!(
        batches[0]["id"].as_str(),
        Some(batch_id.as_str()),
        "{batches}"
    );
    let logs = format!("/api/v1/batches/{batch_id}/logs");

    let harvest = send_ok(
        &app,
        &cadre,
        "POST",
        &logs,
        json!({"kind": "harvest", "date": "2024-08-20", "item": "灵芝子实体",
               "quantity": "50", "unit": "kg", "grade": "一级"}),
        StatusCode::CREATED,
    )
    .await;
    assert!(harvest["voucher_id"].is_null(), "{harvest}");

    // A sale without its buyer names the field; nothing is written.
    let before = voucher_count(&app, &cadre, &org.id).await;
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &logs,
        Some(
            json!({"kind": "sale", "date": "2024-09-01", "item": "灵芝子实体",
                    "quantity": "10", "unit": "kg", "unit_price": 8_000}),
        ),
    )
    .await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("buyer"))
    );
    let sale = send_ok(
        &app,
        &cadre,
        "POST",
        &logs,
        json!({"kind": "sale", "date": "2024-09-01", "buyer": "药材公司", "item": "灵芝子实体",
               "quantity": "10", "unit": "kg", "unit_price": 8_000}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 1);
    let v = balanced_voucher(&app, &cadre, &org.id, sale["voucher_id"].as_str().unwrap()).await;
    let (_, results) = get_json(&app, &format!("{project}/results?year=2024"), &s.cookie).await;
    assert_eq!(v["total"], results["gross_income"], "{v} {results}");
    assert_eq!(sale["amount"], results["gross_income"], "{sale}");
    assert_eq!(results["gross_income"].as_i64(), Some(80_000));
    for path in [
        format!("/api/v1/units/{unit_id}/results?year=2024"),
        format!("/api/v1/batches/{batch_id}/results?year=2024"),
    ] {
        let (status, r) = get_json(&app, &path, &s.cookie).await;
        assert_eq!(status, StatusCode::OK, "{path}: {r}");
        assert_eq!(r["gross_income"], results["gross_income"], "{path}: {r}");
        assert_eq!(r["yield"], results["yield"], "{path}: {r}");
    }

    // Labour: a 应付劳务费 voucher; the worker's household; then the payment.
    let person = villager(&app, "王守田", "34080319750312001").await;
    let labour = send_ok(
        &app,
        &cadre,
        "POST",
        &logs,
        json!({"kind": "labour", "date": "2024-09-02", "person_id": person.id, "days": "2",
               "wage": 30_000}),
        StatusCode::CREATED,
    )
    .await;
    let lv = balanced_voucher(
        &app,
        &cadre,
        &org.id,
        labour["voucher_id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 2);
    send_ok(
        &app,
        &cadre,
        "PUT",
        &format!("/api/v1/people/{}/household", person.id),
        json!({"household": "王守田户"}),
        StatusCode::OK,
    )
    .await;
    let (_, results) = get_json(&app, &format!("{project}/results?year=2024"), &s.cookie).await;
    assert_eq!(results["wages"], lv["total"], "{results}");
    assert_eq!(
        (
            results["household_income"][0]["household"].as_str(),
            &results["household_income"][0]["income"]
        ),
        (Some("王守田户"), &lv["total"]),
        "{results}"
    );
    let labour_id = labour["id"].as_str().unwrap();
    let paid = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/labour-payments"),
        json!({"log_ids": [labour_id], "date": "2024-09-30"}),
        StatusCode::CREATED,
    )
    .await;
    let pv = balanced_voucher(&app, &cadre, &org.id, paid["voucher_id"].as_str().unwrap()).await;
    assert_eq!(pv["total"], lv["total"], "{pv}");
    assert_eq!(paid["total"], lv["total"], "{paid}");
    let (_, all) = get_json(&app, &format!("{project}/logs"), &s.cookie).await;
    let row = all
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"].as_str() == Some(labour_id))
        .unwrap();
    assert_eq!(row["paid_voucher_id"], paid["voucher_id"], "{row}");
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/labour-payments"),
        Some(json!({"log_ids": [labour_id], "date": "2024-10-01"})),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("industry.already_paid")
        )
    );
    assert_eq!(voucher_count(&app, &cadre, &org.id).await, before + 3);
}

#[tokio::test]
async fn a_district_leader_reads_only_and_another_village_sees_nothing() {
    let app = app().await;
    let s = app.login("cadre").await;
    let cadre = Caller::Session(&s);
    let (id, org) = api_project(&app, &cadre).await;
    let project = format!("/api/v1/projects/{id}");
    let unit = send_ok(
        &app,
        &cadre,
        "POST",
        &format!("{project}/units"),
        json!({"kind": "greenhouse", "name": "1号棚", "area_m2": "500"}),
        StatusCode::CREATED,
    )
    .await;
    let unit_id = unit["id"].as_str().unwrap().to_string();
    let writes = [
        (
            "POST".to_string(),
            "/api/v1/projects".to_string(),
            json!({"region_code": BAOYING, "org_id": org.id, "sector": "种植业", "title": "t",
                   "responsible_name": "n"}),
        ),
        (
            "POST".into(),
            format!("{project}/status"),
            json!({"status": "implementing"}),
        ),
        (
            "POST".into(),
            format!("{project}/funding"),
            json!({"source": "fiscal", "amount": 100}),
        ),
        (
            "POST".into(),
            format!("{project}/units"),
            json!({"kind": "plot", "name": "2号地", "area_m2": "100"}),
        ),
        (
            "POST".into(),
            format!("/api/v1/units/{unit_id}/batches"),
            json!({"crop": "灵芝", "started_on": "2024-03-01", "size": "1", "size_unit": "袋"}),
        ),
        ("POST".into(), format!("{project}/archive"), json!({})),
    ];
    let leader = leader(&app).await;
    let leader = Caller::Session(&leader);
    let (status, _) = call(&app, &leader, "GET", &project, None).await;
    assert_eq!(status, StatusCode::OK);
    let other = app.login("other").await;
    let other = Caller::Session(&other);
    for (method, path, body) in &writes {
        let (status, err) = call(&app, &leader, method, path, Some(body.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "leader {path}: {err}");
        let (status, err) = call(&app, &other, method, path, Some(body.clone())).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "other {path}: {err}");
        assert!(err["message"].is_string(), "{err}");
    }
    for path in [
        format!("{project}/budget"),
        format!("{project}/units"),
        format!("{project}/logs"),
        format!("/api/v1/units/{unit_id}/results"),
    ] {
        let (status, _) = call(&app, &other, "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // Nothing was written: still approved, no funding, one unit, one project, not archived.
    let (_, detail) = get_json(&app, &project, &s.cookie).await;
    assert_eq!(detail["status"].as_str(), Some("approved"), "{detail}");
    assert_eq!(detail["funding"].as_array().map(Vec::len), Some(0));
    let (_, units) = get_json(&app, &format!("{project}/units"), &s.cookie).await;
    assert_eq!(units.as_array().map(Vec::len), Some(1), "{units}");
    let (_, list) = get_json(&app, "/api/v1/projects", &s.cookie).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");

    // A bearer token of the town writes without a session.
    let town = app.login("town").await;
    let token = api_token(&app, &town).await;
    let m = send_ok(
        &app,
        &Caller::Bearer(&token),
        "POST",
        &format!("{project}/milestones"),
        json!({"title": "大棚完工", "due_on": "2024-06-30"}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(m["weight"].as_i64(), Some(1), "{m}");
}

#[tokio::test]
async fn every_industry_write_is_in_the_openapi_document() {
    let app = app().await;
    let res = app.get("/api/openapi.json", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&res.body).unwrap();
    for (path, method) in [
        ("/api/v1/projects", "post"),
        ("/api/v1/projects/{id}/status", "post"),
        ("/api/v1/projects/{id}/archive", "post"),
        ("/api/v1/projects/{id}/restore", "post"),
        ("/api/v1/projects/{id}/funding", "post"),
        ("/api/v1/projects/{id}/budget-lines", "post"),
        ("/api/v1/projects/{id}/milestones", "post"),
        ("/api/v1/milestones/{id}/progress", "post"),
        ("/api/v1/projects/{id}/budget", "get"),
        ("/api/v1/projects/{id}/approvals", "post"),
        ("/api/v1/projects/{id}/disbursements", "get"),
        ("/api/v1/projects/{id}/disbursements", "post"),
        ("/api/v1/projects/{id}/units", "get"),
        ("/api/v1/projects/{id}/units", "post"),
        ("/api/v1/projects/{id}/batches", "get"),
        ("/api/v1/units/{id}/batches", "post"),
        ("/api/v1/projects/{id}/logs", "get"),
        ("/api/v1/batches/{id}/logs", "post"),
        ("/api/v1/projects/{id}/labour-payments", "post"),
        ("/api/v1/people/{id}/household", "put"),
        ("/api/v1/units/{id}/results", "get"),
        ("/api/v1/batches/{id}/results", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from the document"
        );
    }
}

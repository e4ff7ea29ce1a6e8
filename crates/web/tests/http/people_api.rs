//! The people JSON API: masking in every response, the audited reveal for district
//! administrators only, coverage figures equal to the store's, scoping, bearer tokens,
//! recruitment over HTTP and the OpenAPI document.

use super::*;
use serde_json::{Value, json};

const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";
const HAIKOU: &str = "340803100000";
const DISTRICT: &str = "340803000000";

enum Caller<'a> {
    Session(&'a Session),
    Bearer(&'a str),
}

/// Sends a JSON request as `caller`; returns the status, the parsed body and the raw text.
async fn call(
    app: &App,
    caller: &Caller<'_>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
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
    (res.status, json, res.body)
}

/// A valid resident ID number (GB 11643) from its first 17 digits.
fn id_number(first17: &str) -> String {
    let check = domain::people::person::check_character(first17).unwrap();
    format!("{first17}{check}")
}

fn person(region: &str, name: &str, number: &str, phone: &str) -> Value {
    json!({"region_code": region, "name": name, "id_number": number,
           "political_status": "中共党员", "education": "大专", "phone": phone})
}

async fn create_person(app: &App, caller: &Caller<'_>, body: Value) -> Value {
    let (status, p, text) = call(app, caller, "POST", "/api/v1/people", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    p
}

#[tokio::test]
async fn no_full_id_number_or_phone_in_any_api_response_for_a_non_admin() {
    let app = app().await;
    let town = app.login("town").await;
    let town = Caller::Session(&town);
    let number = id_number("34080319800101123");
    let second = id_number("34080319920315224");
    let phone = "13855665678";
    let p = create_person(&app, &town, person(BAOYING, "张三", &number, phone)).await;
    assert_eq!(p["id_number"], domain::people::mask_id_number(&number));
    assert_eq!(p["phone"], "138****5678");
    assert_eq!(
        (p["sex"].as_str(), p["birth_date"].as_str()),
        (Some("male"), Some("1980-01-01"))
    );
    let id = p["id"].as_str().unwrap().to_string();
    let q = create_person(&app, &town, person(BAOYING, "李四", &second, "13955661234")).await;
    let second_id = q["id"].as_str().unwrap().to_string();

    let mut bodies: Vec<(String, String)> = Vec::new();
    // A number taken: the error repeats it masked only.
    let (status, e, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/people",
        Some(person(BAOYING, "王五", &number, "")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert_eq!(e["code"], "people.id_number_taken");
    bodies.push(("taken".into(), text));
    // A post named by the ID number, a talent entry, a campaign with the person applying, a
    // training whose attendance names the person by number, an incentive.
    let (status, post, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/posts",
        Some(
            json!({"id_number": number, "region_code": BAOYING, "post": "村党组织书记",
                    "starts_on": "2021-01-20"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert_eq!(post["person_id"], id.as_str());
    bodies.push(("post".into(), text));
    let (status, _, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/talent",
        Some(
            json!({"person_id": second_id, "pool": "乡土人才", "category": "返乡大学生",
                    "skills": "电商", "tags": "电商、直播"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    bodies.push(("talent".into(), text));
    let (status, c, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/recruitments",
        Some(
            json!({"region_code": HAIKOU, "title": "2021年海口镇村级后备干部招考",
                    "kind": "reserve_cadre_exam", "year": 2021,
                    "positions": [{"title": "后备干部", "quota": 1, "region_code": HAIKOU}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let campaign = c["id"].as_str().unwrap().to_string();
    let position = c["positions"][0]["id"].as_str().unwrap().to_string();
    let (status, _, text) = call(
        &app,
        &town,
        "POST",
        &format!("/api/v1/recruitments/{campaign}/applicants"),
        Some(
            json!({"person_id": second_id, "position_id": position, "written_score": 80.5,
                    "interview_score": "85.25"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let (status, t, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/trainings",
        Some(
            json!({"region_code": HAIKOU, "topic": "村党组织书记培训", "organiser": "海口镇党委",
                    "starts_on": "2021-04-12", "hours": 8, "target_group": "party_secretaries"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let training = t["id"].as_str().unwrap().to_string();
    let (status, _, text) = call(
        &app,
        &town,
        "POST",
        &format!("/api/v1/trainings/{training}/attendance"),
        Some(json!({"rows": [{"id_number": number}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    bodies.push(("attendance".into(), text));
    let (status, _, text) = call(
        &app,
        &town,
        "POST",
        "/api/v1/incentives",
        Some(
            json!({"person_id": id, "kind": "award", "date": "2021-06-28",
                    "title": "优秀村党组织书记", "issuer": "区委"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    bodies.push(("incentive".into(), text));
    // A bad attendance row names its number and still masks the ID number.
    let unknown = id_number("34080319700101003");
    let (status, e, text) = call(
        &app,
        &town,
        "POST",
        &format!("/api/v1/trainings/{training}/attendance"),
        Some(json!({"rows": [{"person_id": id}, {"id_number": unknown}]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert_eq!(e["code"], "people.person_unknown");
    assert!(
        e["message"].as_str().unwrap().starts_with("第 2 行"),
        "{text}"
    );
    assert!(!text.contains(&unknown));
    bodies.push(("bad row".into(), text));
    // Every read, by the town officer, the village cadre and (except reveal) the admin.
    let cadre = app.login("cadre").await;
    let admin = app.login("admin").await;
    let reads = [
        "/api/v1/people".to_string(),
        format!("/api/v1/people?q={number}"),
        format!("/api/v1/people/{id}"),
        format!("/api/v1/people/{second_id}"),
        "/api/v1/posts?current=true".to_string(),
        "/api/v1/talent".to_string(),
        "/api/v1/recruitments".to_string(),
        format!("/api/v1/recruitments/{campaign}"),
        "/api/v1/trainings".to_string(),
        format!("/api/v1/trainings/{training}"),
        "/api/v1/trainings/coverage?year=2021".to_string(),
        "/api/v1/incentives".to_string(),
    ];
    for (who, session) in [("cadre", &cadre), ("admin", &admin)] {
        let caller = Caller::Session(session);
        for path in &reads {
            let (status, _, text) = call(&app, &caller, "GET", path, None).await;
            // The town's campaign is the town's: a village cadre does not see it.
            let expected = if who == "cadre" && path.contains("/recruitments/") {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            assert_eq!(status, expected, "{who} {path}: {text}");
            bodies.push((path.clone(), text));
        }
    }
    // Searching by the whole number finds the person without showing it.
    let (_, found, _) = call(
        &app,
        &Caller::Session(&cadre),
        "GET",
        &format!("/api/v1/people?q={number}"),
        None,
    )
    .await;
    assert_eq!(found["total"], 1);
    // An update that sends the masked number back keeps the number.
    let mut changed = person(BAOYING, "张三丰", p["id_number"].as_str().unwrap(), "");
    changed["phone"] = json!("");
    let (status, u, text) = call(
        &app,
        &town,
        "PUT",
        &format!("/api/v1/people/{id}"),
        Some(changed),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        (u["name"].as_str(), u["phone"].as_str()),
        (Some("张三丰"), Some(""))
    );
    bodies.push(("update".into(), text));
    assert!(bodies.len() > 25);
    for (what, text) in &bodies {
        for secret in [
            &number,
            &second,
            &phone.to_string(),
            &"13955661234".to_string(),
        ] {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows {secret}: {text}"
            );
        }
        // Nor the birth-date digits with the sequence, in any other spelling.
        assert!(!text.contains(&number[6..17]), "{what}: {text}");
    }
    // The number was kept: the person still holds it (a search by it finds them).
    let (_, found, _) = call(
        &app,
        &Caller::Session(&admin),
        "GET",
        &format!("/api/v1/people?q={number}"),
        None,
    )
    .await;
    assert_eq!(found["items"][0]["name"], "张三丰");
}

#[tokio::test]
async fn reveal_is_for_the_district_admin_only_and_audited() {
    let app = app().await;
    let admin_s = app.login("admin").await;
    let admin = Caller::Session(&admin_s);
    let number = id_number("34080319851231456");
    let p = create_person(
        &app,
        &admin,
        person(BAOYING, "赵六", &number, "13812345678"),
    )
    .await;
    let id = p["id"].as_str().unwrap();
    let path = format!("/api/v1/people/{id}/reveal");
    for user in ["town", "cadre"] {
        let s = app.login(user).await;
        let (status, e, text) = call(&app, &Caller::Session(&s), "POST", &path, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{user}: {text}");
        assert_eq!(e["code"], "auth.forbidden");
        assert!(!text.contains(&number));
    }
    // Another village's cadre does not even learn that the person exists.
    let other = app.login("other").await;
    let (status, _, _) = call(&app, &Caller::Session(&other), "POST", &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let audit = |app: &App| {
        let db = app.db.clone();
        async move {
            store::audit::list(
                &db,
                &domain::identity::Scope::system(),
                &store::audit::Filter::default(),
                store::Page::all(),
            )
            .await
            .unwrap()
            .0
            .into_iter()
            .filter(|a| a.action == "reveal")
            .collect::<Vec<_>>()
        }
    };
    assert!(
        audit(&app).await.is_empty(),
        "refused reveals leave no reveal entry"
    );
    let (status, r, text) = call(&app, &admin, "POST", &path, None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        (r["id_number"].as_str(), r["phone"].as_str()),
        (Some(number.as_str()), Some("13812345678"))
    );
    let entries = audit(&app).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (
            entries[0].entity_id.as_str(),
            entries[0].actor_name.as_str()
        ),
        (id, "admin")
    );
    let logged = format!("{:?}", entries[0]);
    assert!(!logged.contains(&number) && !logged.contains("13812345678"));
    // The admin's ordinary reads stay masked.
    let (_, got, text) = call(&app, &admin, "GET", &format!("/api/v1/people/{id}"), None).await;
    assert_eq!(got["id_number"], domain::people::mask_id_number(&number));
    assert!(!text.contains(&number));
}

#[tokio::test]
async fn coverage_endpoint_gives_the_store_figures() {
    let app = app().await;
    let admin_s = app.login("admin").await;
    let admin = Caller::Session(&admin_s);
    // Two village secretaries; one attends the 2021 training for secretaries. A first
    // secretary attends a training for another group, which does not count for hers.
    let mut ids = Vec::new();
    for (region, name, first17) in [
        (BAOYING, "保婴书记", "34080319700101001"),
        (CHANGFENG, "长风书记", "34080319710202002"),
        (BAOYING, "第一书记甲", "34080219850303003"),
    ] {
        let p = create_person(&app, &admin, person(region, name, &id_number(first17), "")).await;
        ids.push(p["id"].as_str().unwrap().to_string());
    }
    for (i, (region, post, unit)) in [
        (BAOYING, "party_secretary", ""),
        (CHANGFENG, "party_secretary", ""),
        (BAOYING, "first_secretary", "区委组织部"),
    ]
    .iter()
    .enumerate()
    {
        let (status, _, text) = call(
            &app,
            &admin,
            "POST",
            "/api/v1/posts",
            Some(
                json!({"person_id": ids[i], "region_code": region, "post": post,
                        "dispatching_unit": unit, "starts_on": "2021-01-20"}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
    }
    let (_, t, _) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/trainings",
        Some(
            json!({"region_code": DISTRICT, "topic": "“头雁”培训", "starts_on": "2021-04-12",
                    "ends_on": "2021-04-16", "hours": "40", "target_group": "全体村党组织书记"}),
        ),
    )
    .await;
    let training = t["id"].as_str().unwrap();
    let (status, detail, text) = call(
        &app,
        &admin,
        "POST",
        &format!("/api/v1/trainings/{training}/attendance"),
        Some(
            json!({"rows": [{"person_id": ids[0]}, {"person_id": ids[2]},
                              {"person_id": ids[1], "attended": false}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(detail["attendance"].as_array().unwrap().len(), 3);

    let (status, got, text) = call(
        &app,
        &admin,
        "GET",
        "/api/v1/trainings/coverage?year=2021",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let expected = store::people::trainings::coverage(
        &app.db,
        &domain::identity::Scope::system(),
        2021,
        web::base::format::today(),
    )
    .await
    .unwrap();
    let got = got.as_array().unwrap();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g["group"], e.group.as_str());
        assert_eq!(g["total"].as_u64(), Some(e.total as u64));
        assert_eq!(g["trained"].as_u64(), Some(e.trained as u64));
        assert_eq!(g["share"].as_f64(), Some(e.share));
        let untrained: Vec<(String, String, String)> = g["untrained"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["person"].as_str().unwrap().to_string(),
                    u["name"].as_str().unwrap().to_string(),
                    u["region"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(untrained, e.untrained);
    }
    let secretaries = &got[0];
    assert_eq!(secretaries["group"], "party_secretaries");
    assert_eq!(
        (
            secretaries["total"].as_u64(),
            secretaries["trained"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(secretaries["share"].as_f64(), Some(0.5));
    assert_eq!(secretaries["untrained"][0]["name"], "长风书记");
    assert_eq!(secretaries["untrained"][0]["region"], CHANGFENG);
    let first = got
        .iter()
        .find(|g| g["group"] == "first_secretaries")
        .unwrap();
    assert_eq!(
        (first["total"].as_u64(), first["share"].as_f64()),
        (Some(1), Some(0.0))
    );
    // A village cadre sees only its own village's members.
    let cadre = app.login("cadre").await;
    let (_, mine, _) = call(
        &app,
        &Caller::Session(&cadre),
        "GET",
        "/api/v1/trainings/coverage?year=2021",
        None,
    )
    .await;
    assert_eq!(
        (mine[0]["total"].as_u64(), mine[0]["share"].as_f64()),
        (Some(1), Some(1.0))
    );
    let (status, e, _) = call(
        &app,
        &admin,
        "GET",
        "/api/v1/trainings/coverage?year=21x",
        None,
    )
    .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("year"))
    );
}

#[tokio::test]
async fn another_villages_people_are_not_found() {
    let app = app().await;
    let admin_s = app.login("admin").await;
    let admin = Caller::Session(&admin_s);
    let theirs = create_person(
        &app,
        &admin,
        person(CHANGFENG, "长风村民", &id_number("34080319800505055"), ""),
    )
    .await;
    let theirs = theirs["id"].as_str().unwrap().to_string();
    let (_, post, _) = call(
        &app,
        &admin,
        "POST",
        "/api/v1/posts",
        Some(
            json!({"person_id": theirs, "region_code": CHANGFENG, "post": "两委委员",
                    "starts_on": "2021-01-20"}),
        ),
    )
    .await;
    let post = post["id"].as_str().unwrap().to_string();
    let cadre_s = app.login("cadre").await;
    let cadre = Caller::Session(&cadre_s);
    let mine = create_person(
        &app,
        &cadre,
        person(BAOYING, "保婴村民", &id_number("34080319900606066"), ""),
    )
    .await;
    for (method, path, body) in [
        ("GET", format!("/api/v1/people/{theirs}"), None),
        (
            "PUT",
            format!("/api/v1/people/{theirs}"),
            Some(json!({"name": "x"})),
        ),
        ("POST", format!("/api/v1/people/{theirs}/archive"), None),
        (
            "POST",
            format!("/api/v1/posts/{post}/end"),
            Some(json!({"ends_on": "2022-01-01"})),
        ),
    ] {
        let (status, _, text) = call(&app, &cadre, method, &path, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {text}");
    }
    let (_, list, _) = call(&app, &cadre, "GET", "/api/v1/people", None).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["保婴村民"]);
    assert_eq!(list["total"], 1);
    let (_, posts, _) = call(&app, &cadre, "GET", "/api/v1/posts", None).await;
    assert_eq!(posts.as_array().unwrap().len(), 0);
    // Registering someone in another village is refused as not found, too.
    let (status, _, _) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/people",
        Some(person(
            CHANGFENG,
            "越权",
            &id_number("34080319900707077"),
            "",
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Ending one's own post works, and a second end is a conflict.
    let (_, own, _) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/posts",
        Some(
            json!({"person_id": mine["id"], "region_code": BAOYING, "post": "两委委员",
                    "starts_on": "2021-01-20"}),
        ),
    )
    .await;
    let own = own["id"].as_str().unwrap().to_string();
    let end = json!({"ends_on": "2022-06-30"});
    let (status, ended, _) = call(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/posts/{own}/end"),
        Some(end.clone()),
    )
    .await;
    assert_eq!(
        (status, ended["ends_on"].as_str()),
        (StatusCode::OK, Some("2022-06-30"))
    );
    let (status, e, _) = call(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/posts/{own}/end"),
        Some(end),
    )
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (StatusCode::CONFLICT, Some("people.post_ended"))
    );
    let (_, current, _) = call(&app, &cadre, "GET", "/api/v1/posts?current=true", None).await;
    assert_eq!(current.as_array().unwrap().len(), 0);
    let (_, history, _) = call(
        &app,
        &cadre,
        "GET",
        "/api/v1/posts?post=committee_member",
        None,
    )
    .await;
    assert_eq!(history.as_array().unwrap().len(), 1);
    let (status, e, _) = call(&app, &cadre, "GET", "/api/v1/posts?post=mayor", None).await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("post"))
    );
}

#[tokio::test]
async fn bearer_tokens_reach_the_people_api_and_recruitment_hires_into_the_pool() {
    let app = app().await;
    let s = app.login("town").await;
    let page = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=people", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = page.body.find(marker).unwrap() + marker.len();
    let token = page.body[start..].split('<').next().unwrap().to_string();
    let bearer = Caller::Bearer(&token);
    let mut applicants = Vec::new();
    for (name, first17) in [("甲", "34080319950101011"), ("乙", "34080319960202022")] {
        let p = create_person(
            &app,
            &bearer,
            person(BAOYING, name, &id_number(first17), ""),
        )
        .await;
        applicants.push(p["id"].as_str().unwrap().to_string());
    }
    let (status, c, text) = call(
        &app,
        &bearer,
        "POST",
        "/api/v1/recruitments",
        Some(json!({"region_code": HAIKOU, "title": "2021年公开招考村级后备干部",
                    "kind": "公开招考村级后备干部", "year": 2021,
                    "positions": [{"title": "保婴村后备干部", "quota": 1, "region_code": BAOYING}]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let campaign = c["id"].as_str().unwrap().to_string();
    let position = c["positions"][0]["id"].as_str().unwrap().to_string();
    let mut entries = Vec::new();
    for person_id in &applicants {
        let (status, a, text) = call(
            &app,
            &bearer,
            "POST",
            &format!("/api/v1/recruitments/{campaign}/applicants"),
            Some(json!({"person_id": person_id, "position_id": position})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        entries.push(a["id"].as_str().unwrap().to_string());
    }
    let (status, scored, text) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/applicants/{}/scores", entries[0]),
        Some(json!({"written_score": 78.5, "interview_score": "81.25"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(scored["total_score"], "159.75");
    let (status, bad, _) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/applicants/{}/scores", entries[1]),
        Some(json!({"written_score": 1001})),
    )
    .await;
    assert_eq!(
        (status, bad["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("written_score"))
    );
    let decide = |result: &str| json!({ "result": result });
    let (status, hired, text) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/applicants/{}/decision", entries[0]),
        Some(decide("hired")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        hired["talent_id"].is_string(),
        "a hire joins the reserve pool"
    );
    let (status, e, _) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/applicants/{}/decision", entries[1]),
        Some(decide("hired")),
    )
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (StatusCode::CONFLICT, Some("people.quota_full"))
    );
    let (_, list, _) = call(&app, &bearer, "GET", "/api/v1/recruitments?year=2021", None).await;
    assert_eq!(
        (list[0]["quota"].as_i64(), list[0]["hired"].as_i64()),
        (Some(1), Some(1))
    );
    let (_, pool, _) = call(
        &app,
        &bearer,
        "GET",
        "/api/v1/talent?pool=reserve_cadre",
        None,
    )
    .await;
    let pool = pool.as_array().unwrap();
    assert_eq!(pool.len(), 1);
    assert_eq!(pool[0]["person_name"], "甲");
    // Promoted: a post, then status used linked to it; backwards is refused.
    let (_, post, _) = call(
        &app,
        &bearer,
        "POST",
        "/api/v1/posts",
        Some(
            json!({"person_id": applicants[0], "region_code": BAOYING, "post": "两委委员",
                    "starts_on": "2022-07-01"}),
        ),
    )
    .await;
    let talent = pool[0]["id"].as_str().unwrap();
    let (status, used, text) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/talent/{talent}/status"),
        Some(json!({"status": "used", "post_id": post["id"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        (used["status"].as_str(), used["post_id"].as_str()),
        (Some("used"), post["id"].as_str())
    );
    let (status, e, _) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/talent/{talent}/status"),
        Some(json!({"status": "training"})),
    )
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("people.talent_status_invalid")
        )
    );
    let (status, i, text) = call(
        &app,
        &bearer,
        "POST",
        "/api/v1/incentives",
        Some(
            json!({"person_id": applicants[0], "kind": "提拔晋升", "date": "2022-07-01",
                    "title": "由后备干部选任为两委委员"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert_eq!(i["kind"], "promotion");
    let (_, listed, _) = call(
        &app,
        &bearer,
        "GET",
        "/api/v1/incentives?kind=promotion&year=2022",
        None,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // The token holder is a town officer: reveal is refused.
    let (status, _, _) = call(
        &app,
        &bearer,
        "POST",
        &format!("/api/v1/people/{}/reveal", applicants[0]),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_people_path_is_in_the_openapi_document() {
    let app = app().await;
    let doc: Value = serde_json::from_str(&app.get("/api/openapi.json", "").await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/people", &["get", "post"][..]),
        ("/api/v1/people/{id}", &["get", "put"]),
        ("/api/v1/people/{id}/archive", &["post"]),
        ("/api/v1/people/{id}/reveal", &["post"]),
        ("/api/v1/posts", &["get", "post"]),
        ("/api/v1/posts/{id}/end", &["post"]),
        ("/api/v1/talent", &["get", "post"]),
        ("/api/v1/talent/{id}/status", &["post"]),
        ("/api/v1/recruitments", &["get", "post"]),
        ("/api/v1/recruitments/{id}", &["get"]),
        ("/api/v1/recruitments/{id}/applicants", &["post"]),
        ("/api/v1/applicants/{id}/scores", &["post"]),
        ("/api/v1/applicants/{id}/decision", &["post"]),
        ("/api/v1/trainings", &["get", "post"]),
        ("/api/v1/trainings/{id}", &["get"]),
        ("/api/v1/trainings/{id}/attendance", &["post"]),
        ("/api/v1/trainings/coverage", &["get"]),
        ("/api/v1/incentives", &["get", "post"]),
    ] {
        for method in methods {
            assert!(
                paths.get(path).and_then(|p| p.get(*method)).is_some(),
                "{method} {path} missing from the document"
            );
        }
    }
    let params: Vec<&str> = paths["/api/v1/trainings/coverage"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["year", "region"]);
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let coverage = &schemas["CoverageDto"]["properties"];
    for field in ["group", "total", "trained", "share", "untrained"] {
        assert!(coverage.get(field).is_some(), "{field}");
    }
}

//! The people module's remaining gaps: a posts import with one bad row writes nothing and
//! names the row and column; the API's restore, close/reopen, add-position and archive
//! endpoints for allowed users and refused outside scope or role; the English person page
//! shows labels, never codes or message ids; and a village cadre's every page and export
//! carries no full ID number or phone.

use super::*;
use serde_json::{Value, json};

const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";
const DISTRICT: &str = "340803000000";

/// Sends a JSON request with the session; returns the status, the parsed body and the text.
async fn call(
    app: &App,
    s: &Session,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
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
    (res.status, json, res.body)
}

/// Like `call`, expecting `status`; returns the body.
async fn expect(
    app: &App,
    s: &Session,
    method: &str,
    path: &str,
    body: Option<Value>,
    status: StatusCode,
) -> Value {
    let (got, json, text) = call(app, s, method, path, body).await;
    assert_eq!(got, status, "{method} {path}: {text}");
    json
}

fn id_number(first17: &str) -> String {
    let check = domain::people::person::check_character(first17).unwrap();
    format!("{first17}{check}")
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// One fixture person with everything hanging on them.
struct Someone {
    id: String,
    number: String,
    phone: String,
    talent: String,
    campaign: String,
    incentive: String,
}

struct Fixture {
    baoying: Someone,
    changfeng: Someone,
    training: String,
}

async fn fixture(app: &App) -> Fixture {
    let admin = app.login("admin").await;
    let created = StatusCode::CREATED;
    let training = id_of(
        &expect(
            app,
            &admin,
            "POST",
            "/api/v1/trainings",
            Some(
                json!({"region_code": DISTRICT, "topic": "“头雁”培训", "organiser": "区委组织部",
                        "starts_on": "2021-04-12", "hours": 16,
                        "target_group": "party_secretaries"}),
            ),
            created,
        )
        .await,
    );
    let mut made = Vec::new();
    for (name, first17, phone, village) in [
        ("王守田", "34080319750312001", "13855661234", BAOYING),
        ("李长风", "34080319820705002", "13955667788", CHANGFENG),
    ] {
        let number = id_number(first17);
        let p = expect(
            app,
            &admin,
            "POST",
            "/api/v1/people",
            Some(
                json!({"region_code": village, "name": name, "id_number": number,
                        "political_status": "party_member", "education": "college",
                        "phone": phone}),
            ),
            created,
        )
        .await;
        let id = id_of(&p);
        expect(
            app,
            &admin,
            "POST",
            "/api/v1/posts",
            Some(
                json!({"person_id": id, "region_code": village, "post": "party_secretary",
                        "starts_on": "2021-01-01"}),
            ),
            created,
        )
        .await;
        let talent = id_of(
            &expect(
                app,
                &admin,
                "POST",
                "/api/v1/talent",
                Some(json!({"person_id": id, "pool": "reserve_cadre",
                            "category": "returning_graduate", "skills": "电商"})),
                created,
            )
            .await,
        );
        let c = expect(
            app,
            &admin,
            "POST",
            "/api/v1/recruitments",
            Some(
                json!({"region_code": village, "title": format!("{name}村后备干部招考"),
                        "kind": "reserve_cadre_exam", "year": 2021,
                        "positions": [{"title": "后备干部", "quota": 1, "region_code": village}]}),
            ),
            created,
        )
        .await;
        let campaign = id_of(&c);
        let position = c["positions"][0]["id"].as_str().unwrap().to_string();
        expect(
            app,
            &admin,
            "POST",
            &format!("/api/v1/recruitments/{campaign}/applicants"),
            Some(json!({"person_id": id, "position_id": position})),
            created,
        )
        .await;
        expect(
            app,
            &admin,
            "POST",
            &format!("/api/v1/trainings/{training}/attendance"),
            Some(json!({"rows": [{"person_id": id}]})),
            StatusCode::OK,
        )
        .await;
        let incentive = id_of(
            &expect(
                app,
                &admin,
                "POST",
                "/api/v1/incentives",
                Some(
                    json!({"person_id": id, "kind": "award", "date": "2022-07-01",
                            "title": "优秀村党组织书记", "issuer": "区委"}),
                ),
                created,
            )
            .await,
        );
        made.push(Someone {
            id,
            number,
            phone: phone.to_string(),
            talent,
            campaign,
            incentive,
        });
    }
    let changfeng = made.pop().unwrap();
    let baoying = made.pop().unwrap();
    Fixture {
        baoying,
        changfeng,
        training,
    }
}

async fn post_count(app: &App) -> usize {
    store::people::posts::list(
        &app.db,
        &Actor::system("t").scope,
        &store::people::posts::Filter {
            include_archived: true,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .len()
}

#[tokio::test]
async fn a_posts_file_with_one_bad_row_writes_nothing_and_names_row_and_column() {
    let app = app().await;
    let f = fixture(&app).await;
    let s = app.login("admin").await;
    let before = post_count(&app).await;
    let unknown = id_number("34080319880808009");
    let header = "身份证号,区划代码,职务,派出单位,任职起始日期\n";
    let good = format!(
        "{},{BAOYING},第一书记,区委组织部,2022-03-01\n",
        f.baoying.number
    );
    for (third, column) in [
        (
            format!("{unknown},{CHANGFENG},村委会主任,,2022-03-01\n"),
            "身份证号",
        ),
        (
            format!(
                "{},{CHANGFENG},村委会主任,,2022-13-45\n",
                f.changfeng.number
            ),
            "任职起始日期",
        ),
    ] {
        let file = format!("{header}{good}{third}");
        let res = app
            .send(upload_request(
                "/people/import/posts",
                &s,
                "posts.csv",
                file.as_bytes(),
            ))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("import-error"), "{}", res.body);
        assert!(
            res.body.contains("posts.csv")
                && res.body.contains("第 3 行")
                && res.body.contains(column)
                && res.body.contains("没有写入任何数据"),
            "{column}: {}",
            res.body
        );
        assert!(!res.body.contains("import-ok"));
        for number in [&unknown, &f.baoying.number, &f.changfeng.number] {
            assert!(!res.body.contains(number.as_str()), "a full number shown");
        }
        assert_eq!(
            post_count(&app).await,
            before,
            "{column}: something written"
        );
    }
    // The good row alone imports.
    let res = app
        .send(upload_request(
            "/people/import/posts",
            &s,
            "posts.csv",
            format!("{header}{good}").as_bytes(),
        ))
        .await;
    assert!(res.body.contains("import-ok"), "{}", res.body);
    assert_eq!(post_count(&app).await, before + 1);
}

#[tokio::test]
async fn the_new_api_endpoints_work_in_scope_and_are_refused_outside_it() {
    let app = app().await;
    let f = fixture(&app).await;
    let (admin, town, cadre) = (
        app.login("admin").await,
        app.login("town").await,
        app.login("cadre").await,
    );
    let (ok, forbidden, missing) = (StatusCode::OK, StatusCode::FORBIDDEN, StatusCode::NOT_FOUND);
    let (b, c) = (&f.baoying, &f.changfeng);

    // Restore an archived person.
    for p in [b, c] {
        let a = expect(
            &app,
            &admin,
            "POST",
            &format!("/api/v1/people/{}/archive", p.id),
            None,
            ok,
        )
        .await;
        assert_eq!(a["archived"], true);
    }
    expect(
        &app,
        &town,
        "POST",
        &format!("/api/v1/people/{}/restore", c.id),
        None,
        missing,
    )
    .await;
    expect(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/people/{}/restore", c.id),
        None,
        missing,
    )
    .await;
    let still = expect(
        &app,
        &admin,
        "GET",
        &format!("/api/v1/people/{}", c.id),
        None,
        ok,
    )
    .await;
    assert_eq!(still["archived"], true, "restored from outside its scope");
    let back = expect(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/people/{}/restore", b.id),
        None,
        ok,
    )
    .await;
    assert_eq!(back["archived"], false);
    let list = expect(&app, &admin, "GET", "/api/v1/people", None, ok).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(names, [b.id.as_str()]);

    // Close and reopen a campaign; add a position.
    let campaign = |id: &str| format!("/api/v1/recruitments/{id}");
    expect(
        &app,
        &cadre,
        "POST",
        &format!("{}/close", campaign(&b.campaign)),
        None,
        forbidden,
    )
    .await;
    expect(
        &app,
        &town,
        "POST",
        &format!("{}/close", campaign(&c.campaign)),
        None,
        missing,
    )
    .await;
    let open = expect(&app, &admin, "GET", &campaign(&b.campaign), None, ok).await;
    assert_eq!(open["status"], "open");
    let closed = expect(
        &app,
        &town,
        "POST",
        &format!("{}/close", campaign(&b.campaign)),
        None,
        ok,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    let position = json!({"title": "第二个岗位", "quota": 2, "region_code": BAOYING});
    expect(
        &app,
        &town,
        "POST",
        &format!("{}/positions", campaign(&b.campaign)),
        Some(position.clone()),
        StatusCode::CONFLICT,
    )
    .await;
    expect(
        &app,
        &cadre,
        "POST",
        &format!("{}/reopen", campaign(&b.campaign)),
        None,
        forbidden,
    )
    .await;
    let reopened = expect(
        &app,
        &town,
        "POST",
        &format!("{}/reopen", campaign(&b.campaign)),
        None,
        ok,
    )
    .await;
    assert_eq!(reopened["status"], "open");
    expect(
        &app,
        &cadre,
        "POST",
        &format!("{}/positions", campaign(&b.campaign)),
        Some(position.clone()),
        forbidden,
    )
    .await;
    expect(
        &app,
        &town,
        "POST",
        &format!("{}/positions", campaign(&c.campaign)),
        Some(json!({"title": "x", "quota": 1, "region_code": CHANGFENG})),
        missing,
    )
    .await;
    expect(
        &app,
        &town,
        "POST",
        &format!("{}/positions", campaign(&b.campaign)),
        Some(json!({"title": "岗位", "quota": 1, "region_code": CHANGFENG})),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let added = expect(
        &app,
        &town,
        "POST",
        &format!("{}/positions", campaign(&b.campaign)),
        Some(position),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (added["title"].as_str(), added["quota"].as_i64()),
        (Some("第二个岗位"), Some(2))
    );
    let detail = expect(&app, &admin, "GET", &campaign(&b.campaign), None, ok).await;
    assert_eq!(detail["positions"].as_array().unwrap().len(), 2);
    assert_eq!(detail["quota"], 3);
    let other = expect(&app, &admin, "GET", &campaign(&c.campaign), None, ok).await;
    assert_eq!(
        (
            other["status"].as_str(),
            other["positions"].as_array().unwrap().len()
        ),
        (Some("open"), 1)
    );

    // Archive talent, trainings and incentives.
    expect(
        &app,
        &town,
        "POST",
        &format!("/api/v1/talent/{}/archive", c.talent),
        None,
        missing,
    )
    .await;
    let t = expect(
        &app,
        &town,
        "POST",
        &format!("/api/v1/talent/{}/archive", b.talent),
        None,
        ok,
    )
    .await;
    assert_eq!(t["archived"], true);
    let pool = expect(&app, &admin, "GET", "/api/v1/talent", None, ok).await;
    let left: Vec<&str> = pool
        .as_array()
        .or_else(|| pool["items"].as_array())
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(left, [c.talent.as_str()]);

    // A district training: seen by the town and the village, but not theirs to archive.
    for s in [&cadre, &town] {
        let path = format!("/api/v1/trainings/{}/archive", f.training);
        expect(&app, s, "POST", &path, None, missing).await;
    }
    let town_training = id_of(
        &expect(
            &app,
            &admin,
            "POST",
            "/api/v1/trainings",
            Some(
                json!({"region_code": "340803100000", "topic": "两委委员培训",
                        "starts_on": "2021-05-12", "hours": 8,
                        "target_group": "committee_members"}),
            ),
            StatusCode::CREATED,
        )
        .await,
    );
    let path = format!("/api/v1/trainings/{town_training}/archive");
    expect(&app, &cadre, "POST", &path, None, missing).await;
    let still = expect(
        &app,
        &admin,
        "GET",
        &format!("/api/v1/trainings/{town_training}"),
        None,
        ok,
    )
    .await;
    assert_eq!(still["archived"], false);
    let gone = expect(&app, &town, "POST", &path, None, ok).await;
    assert_eq!(gone["archived"], true);
    let still = expect(
        &app,
        &admin,
        "GET",
        &format!("/api/v1/trainings/{}", f.training),
        None,
        ok,
    )
    .await;
    assert_eq!(still["archived"], false);
    let gone = expect(
        &app,
        &admin,
        "POST",
        &format!("/api/v1/trainings/{}/archive", f.training),
        None,
        ok,
    )
    .await;
    assert_eq!(gone["archived"], true);

    expect(
        &app,
        &town,
        "POST",
        &format!("/api/v1/incentives/{}/archive", c.incentive),
        None,
        missing,
    )
    .await;
    expect(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/incentives/{}/archive", c.incentive),
        None,
        missing,
    )
    .await;
    let i = expect(
        &app,
        &town,
        "POST",
        &format!("/api/v1/incentives/{}/archive", b.incentive),
        None,
        ok,
    )
    .await;
    assert_eq!(i["archived"], true);
    let rest = expect(&app, &admin, "GET", "/api/v1/incentives", None, ok).await;
    let rest: Vec<&str> = rest
        .as_array()
        .or_else(|| rest["items"].as_array())
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(rest, [c.incentive.as_str()]);

    // All of them are in the OpenAPI document.
    let doc: Value = serde_json::from_str(&app.get("/api/openapi.json", "").await.body).unwrap();
    for path in [
        "/api/v1/people/{id}/restore",
        "/api/v1/recruitments/{id}/close",
        "/api/v1/recruitments/{id}/reopen",
        "/api/v1/recruitments/{id}/positions",
        "/api/v1/talent/{id}/archive",
        "/api/v1/trainings/{id}/archive",
        "/api/v1/incentives/{id}/archive",
    ] {
        assert!(
            doc["paths"][path]["post"].is_object(),
            "{path} missing from the document"
        );
    }
}

/// Whether the text shows a message id of the people pages (`pp-…`, `pt-…`) untranslated.
fn raw_message_id(body: &str) -> Option<String> {
    for prefix in ["pp-", "pt-", "papi-"] {
        for (at, _) in body.match_indices(prefix) {
            let before = body[..at].chars().last();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Some(body[at..].chars().take(40).collect());
            }
        }
    }
    None
}

#[tokio::test]
async fn the_english_person_page_shows_labels_not_codes() {
    let app = app().await;
    let f = fixture(&app).await;
    let admin = app.login("admin").await;
    let cookie = format!("{}; zx_lang=en-US", admin.cookie);
    let page = app
        .get(&format!("/people/persons/{}", f.baoying.id), &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for label in [
        "Village Party secretary",
        "Reserve cadres",
        "Returning graduate",
        "Reserve",
        "CPC member",
        "Junior college",
        "Male",
        "Award",
        "“头雁”培训",
    ] {
        assert!(page.body.contains(label), "{label} missing: {}", page.body);
    }
    for code in [
        "party_secretary",
        "reserve_cadre",
        "returning_graduate",
        "party_member",
        ">college<",
        ">male<",
        ">award<",
        ">reserve<",
        "returning graduate",
        "reserve cadre<",
    ] {
        assert!(!page.body.contains(code), "raw code {code}: {}", page.body);
    }
    assert_eq!(raw_message_id(&page.body), None, "{}", page.body);
    // The entries link to the talent entry and the training.
    assert!(
        page.body
            .contains(&format!("/people/talent/{}", f.baoying.talent))
    );
    assert!(
        page.body
            .contains(&format!("/people/trainings/{}", f.training))
    );
    // And the Chinese page reads the same labels in Chinese.
    let zh = app
        .get(&format!("/people/persons/{}", f.baoying.id), &admin.cookie)
        .await;
    for label in [
        "村党组织书记",
        "后备干部",
        "返乡大学生",
        "储备",
        "中共党员",
        "大专",
    ] {
        assert!(zh.body.contains(label), "{label} missing");
    }
    assert_eq!(raw_message_id(&zh.body), None);
}

/// The hrefs of a page that lead to a file (an export or a template).
fn file_links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| {
            let path = h.split('?').next().unwrap_or_default();
            path.ends_with(".xlsx") || path.ends_with(".csv") || path.contains("export")
        })
        .collect()
}

/// Everything a response shows: the text of a page, or every cell of a spreadsheet.
fn shown(path: &str, res: &Resp) -> String {
    let file = path.split('?').next().unwrap_or_default();
    if file.ends_with(".xlsx") {
        usecase::tabular::read("f.xlsx", &res.bytes)
            .unwrap()
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("|")
    } else if file.ends_with(".csv") {
        String::from_utf8_lossy(&res.bytes).to_string()
    } else {
        res.body.clone()
    }
}

#[tokio::test]
async fn a_village_cadre_sees_no_full_number_on_any_people_page_or_export() {
    let app = app().await;
    let f = fixture(&app).await;
    let s = app.login("cadre").await;
    let b = &f.baoying;
    let mut pages = vec![
        "/people".to_string(),
        "/people/persons".to_string(),
        format!("/people/persons/{}", b.id),
        format!("/people/persons/{}", f.changfeng.id),
        "/people/posts".to_string(),
        "/people/talent".to_string(),
        format!("/people/talent/{}", b.talent),
        "/people/recruitment".to_string(),
        format!("/people/recruitment/{}", b.campaign),
        "/people/trainings".to_string(),
        format!("/people/trainings/{}", f.training),
        "/people/trainings/coverage?year=2021".to_string(),
        "/people/incentives".to_string(),
    ];
    let mut files = Vec::new();
    let mut fetched = 0;
    let mut seen_baoying = false;
    let mut i = 0;
    while i < pages.len() {
        let path = pages[i].clone();
        i += 1;
        let res = app.get(&path, &s.cookie).await;
        let expected = if path.contains(&f.changfeng.id) {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(res.status, expected, "{path}");
        fetched += 1;
        let text = shown(&path, &res);
        seen_baoying |= text.contains(&domain::people::mask_id_number(&b.number));
        for p in [&f.baoying, &f.changfeng] {
            assert!(!text.contains(&p.number), "{path} shows a full ID number");
            assert!(!text.contains(&p.phone), "{path} shows a full phone");
        }
        let file = path.split('?').next().unwrap_or_default();
        if !(file.ends_with(".xlsx") || file.ends_with(".csv")) {
            for link in file_links(&res.body) {
                if !files.contains(&link) && !pages.contains(&link) {
                    files.push(link.clone());
                    pages.push(link);
                }
            }
        }
    }
    assert!(
        seen_baoying,
        "the masked number of the village's person is shown"
    );
    // Every list exports, and all of them were fetched.
    for export in [
        "/people/persons/export.xlsx",
        "/people/posts/export.xlsx",
        "/people/talent/export.xlsx",
        "/people/incentives/export.xlsx",
    ] {
        assert!(
            files.iter().any(|f| f.starts_with(export)),
            "{export} not linked: {files:?}"
        );
    }
    assert!(
        files
            .iter()
            .any(|f| f.contains("/people/trainings/coverage/export.xlsx")),
        "{files:?}"
    );
    assert!(fetched > 13 + 5, "{files:?}");
}

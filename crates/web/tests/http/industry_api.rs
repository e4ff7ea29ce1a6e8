//! The industry JSON API: a project with a sale and two labour logs by one person in two
//! batches, its results equal to the store's; another village's cadre sees nothing; a bearer
//! token works; the paths are in the OpenAPI document.

use super::*;
use domain::identity::Scope;
use domain::people::PersonInput;
use domain::people::person::check_character;
use store::industry::results::Selection;
use store::ledger::books;

pub(super) const BAOYING: &str = "340803100201";

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// 保婴村's organisation, with its 2024 book.
pub(super) async fn baoying_org(app: &App) -> store::ledger::OrgRecord {
    let system = Actor::system("test");
    let body = "N2340803MF0000088";
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
    books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    org
}

/// 保婴村's organisation (with its 2024 book) and a project entered through the form.
pub(super) async fn project(app: &App, s: &Session) -> String {
    let org = baoying_org(app).await;
    let created = app
        .post_form(
            "/industry/projects",
            &s.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&org_id={}&sector={}&title={}&description={}&responsible_name={}",
                s.csrf,
                org.id,
                enc("种植业"),
                enc("灵芝大棚种植"),
                enc("5 个大棚"),
                enc("张书记")
            ),
        )
        .await;
    location(&created)
        .trim_start_matches("/industry/projects/")
        .to_string()
}

/// A villager of 保婴村 in the people registry; `first17` are the ID number's first 17 digits.
pub(super) async fn villager(app: &App, name: &str, first17: &str) -> store::people::PersonRecord {
    let person = PersonInput {
        region_code: BAOYING.into(),
        name: name.into(),
        id_number: format!("{first17}{}", check_character(first17).unwrap()),
        political_status: "群众".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(&app.db, &Actor::system("test"), &person)
        .await
        .unwrap()
}

pub(super) async fn post(app: &App, s: &Session, path: &str, form: String) {
    location(
        &app.post_form(path, &s.cookie, &format!("_csrf={}&{form}", s.csrf))
            .await,
    );
}

pub(super) async fn get_json(
    app: &App,
    path: &str,
    cookie: &str,
) -> (StatusCode, serde_json::Value) {
    let res = app.get(path, cookie).await;
    let json = serde_json::from_str(&res.body).unwrap_or(serde_json::Value::Null);
    (res.status, json)
}

/// A new API token of the signed-in user, made on the account page.
pub(super) async fn api_token(app: &App, s: &Session) -> String {
    let tokens = app
        .post_form(
            "/account/tokens",
            &s.cookie,
            &format!("_csrf={}&name=sync", s.csrf),
        )
        .await;
    let marker = "data-testid=\"new-token\">";
    let start = tokens.body.find(marker).unwrap() + marker.len();
    tokens.body[start..].split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn results_match_the_store_and_scope_holds() {
    let app = app().await;
    let person = villager(&app, "王守田", "34080319750312001").await;
    let cadre = app.login("cadre").await;
    let id = project(&app, &cadre).await;
    let page = format!("/industry/projects/{id}");
    post(
        &app,
        &cadre,
        &format!("{page}/units"),
        format!("kind=greenhouse&name={}&area_m2=500", enc("1号棚")),
    )
    .await;
    let unit = store::industry::production::units(&app.db, &Scope::system(), &id)
        .await
        .unwrap()[0]
        .id
        .clone();
    for started in ["2024-03-01", "2024-04-01"] {
        post(
            &app,
            &cadre,
            &format!("{page}/batches"),
            format!(
                "unit_id={unit}&crop={}&started_on={started}&size=1000&size_unit={}",
                enc("灵芝"),
                enc("袋")
            ),
        )
        .await;
    }
    let batches: Vec<String> = store::industry::production::batches(&app.db, &Scope::system(), &id)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(batches.len(), 2);
    post(
        &app,
        &cadre,
        &format!("{page}/logs?kind=harvest"),
        format!(
            "batch_id={}&date=2024-08-20&item={}&quantity=50&unit=kg",
            batches[0],
            enc("灵芝子实体")
        ),
    )
    .await;
    post(
        &app,
        &cadre,
        &format!("{page}/logs?kind=sale"),
        format!(
            "batch_id={}&date=2024-09-01&buyer={}&item={}&quantity=10&unit=kg&unit_price=80",
            batches[0],
            enc("药材公司"),
            enc("灵芝子实体")
        ),
    )
    .await;
    for batch in &batches {
        post(
            &app,
            &cadre,
            &format!("{page}/logs?kind=labour"),
            format!(
                "batch_id={batch}&date=2024-09-02&person_id={}&days=2&wage=300",
                person.id
            ),
        )
        .await;
    }

    let expected = store::industry::results::results(
        &app.db,
        &Scope::system(),
        &Selection::Project(id.clone()),
        Some(2024),
    )
    .await
    .unwrap()
    .unwrap();
    let (status, r) = get_json(
        &app,
        &format!("/api/v1/projects/{id}/results?year=2024"),
        &cadre.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["gross_income"].as_i64(), Some(expected.gross_income));
    assert_eq!(r["gross_income"].as_i64(), Some(80_000));
    assert_eq!(r["distinct_workers"].as_u64(), Some(1));
    assert_eq!(
        r["distinct_workers"].as_u64(),
        Some(expected.distinct_workers as u64)
    );
    assert_eq!(r["wages"].as_i64(), Some(expected.wages));
    assert_eq!(r["net"].as_i64(), Some(expected.net));
    assert_eq!(r["costs"].as_i64(), Some(expected.costs));
    assert_eq!(
        r["person_days"].as_str(),
        Some(expected.person_days.as_str())
    );
    assert_eq!(r["households"].as_u64(), Some(1));
    assert_eq!(r["yield"][0]["unit"].as_str(), Some("kg"));
    assert!(r["yield"][0]["quantity"].is_string(), "{r}");
    let (bad, _) = get_json(
        &app,
        &format!("/api/v1/projects/{id}/results?year=24x"),
        &cadre.cookie,
    )
    .await;
    assert_eq!(bad, StatusCode::BAD_REQUEST);

    // The project and the list.
    let (status, p) = get_json(&app, &format!("/api/v1/projects/{id}"), &cadre.cookie).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["title"].as_str(), Some("灵芝大棚种植"));
    assert_eq!(p["region"].as_str(), Some(BAOYING));
    assert!(p["budget_lines"].is_array() && p["milestones"].is_array() && p["funding"].is_array());
    let (_, list) = get_json(
        &app,
        &format!("/api/v1/projects?region={BAOYING}"),
        &cadre.cookie,
    )
    .await;
    assert_eq!(list[0]["id"].as_str(), Some(id.as_str()), "{list}");

    // Another village's cadre: 404 and an empty list.
    let other = app.login("other").await;
    let (status, body) = get_json(&app, &format!("/api/v1/projects/{id}"), &other.cookie).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["code"].is_string(), "{body}");
    let (status, _) = get_json(
        &app,
        &format!("/api/v1/projects/{id}/results"),
        &other.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = get_json(&app, "/api/v1/projects", &other.cookie).await;
    assert!(!list.to_string().contains(&id), "{list}");

    // A bearer token of the town sees the village's project.
    let town = app.login("town").await;
    let token = api_token(&app, &town).await;
    let res = app
        .send(
            Request::get("/api/v1/projects")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains(&id), "{}", res.body);
}

#[tokio::test]
async fn project_paths_are_in_the_openapi_document() {
    let app = app().await;
    let res = app.get("/api/openapi.json", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    for path in [
        "/api/v1/projects",
        "/api/v1/projects/{id}",
        "/api/v1/projects/{id}/results",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}

//! A real internal error — a table gone from under a running server, so that a page's query
//! fails with a database error that is not the database being away — shows its 错误编号 (the
//! request id of the `x-request-id` header) on the HTML page and in the API's JSON, and none
//! of the database's own words.

use super::*;

/// What must never reach a user: the table's name and the databases' wording.
const LEAKS: [&str; 6] = [
    "mechanism_problems",
    "no such table",
    "does not exist",
    "relation",
    "sqlx",
    "SQLITE",
];

async fn sees_the_error_number(app: &App) {
    let s = app.login("admin").await;
    let before = app.get("/mechanism/problems", &s.cookie).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let api = app.get("/api/v1/problems", &s.cookie).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);

    sqlx_execute(
        &app.db,
        "ALTER TABLE mechanism_problems RENAME TO mechanism_problems_away",
    )
    .await;

    // The page: the error page in Chinese, with the request's id as 错误编号.
    let page = app.get("/mechanism/problems", &s.cookie).await;
    assert_eq!(
        page.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        page.body
    );
    let id = page.headers["x-request-id"].to_str().unwrap().to_string();
    assert!(!id.is_empty());
    assert!(
        page.body.contains(&format!("错误编号：{id}")),
        "no 错误编号 {id} on the page:\n{}",
        page.body
    );
    assert!(page.body.contains("<html"), "an HTML page: {}", page.body);
    for leak in LEAKS {
        assert!(!page.body.contains(leak), "{leak:?} shown:\n{}", page.body);
    }

    // The API: JSON with the stable code and the id in the message.
    let api = app.get("/api/v1/problems", &s.cookie).await;
    assert_eq!(
        api.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        api.body
    );
    let api_id = api.headers["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(api_id, id, "every request its own id");
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["code"], "common.internal", "{}", api.body);
    let message = json["message"].as_str().unwrap();
    assert!(message.contains(&api_id), "{message}");
    for leak in LEAKS {
        assert!(!api.body.contains(leak), "{leak:?} shown: {}", api.body);
    }
    // In English too (the user's language choice).
    let lang = app
        .post_form(
            "/lang",
            &s.cookie,
            &format!("_csrf={}&lang=en-US&back=/", s.csrf),
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER, "{}", lang.body);
    let en = app.get("/api/v1/problems", &s.cookie).await;
    let json: serde_json::Value = serde_json::from_str(&en.body).unwrap();
    let en_id = en.headers["x-request-id"].to_str().unwrap();
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains(&format!("Error number: {en_id}")),
        "{}",
        en.body
    );

    // Not mistaken for the database being away: no Retry-After, and still ready.
    assert!(page.headers.get(header::RETRY_AFTER).is_none());
    let ready = app
        .send(Request::get("/readyz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);

    sqlx_execute(
        &app.db,
        "ALTER TABLE mechanism_problems_away RENAME TO mechanism_problems",
    )
    .await;
    let after = app.get("/mechanism/problems", &s.cookie).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
}

async fn sqlx_execute(db: &Db, sql: &'static str) {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
        Db::Postgres(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

#[tokio::test]
async fn a_real_internal_error_shows_its_error_number_and_no_database_text() {
    let app = app().await;
    sees_the_error_number(&app).await;
}

#[tokio::test]
async fn a_real_internal_error_shows_its_error_number_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let system = Actor::system("test");
    let district = RegionInput {
        code: "340803000000".into(),
        name: "大观区".into(),
        kind: "区".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::region::import(&db, &system, &[(2, district)])
        .await
        .unwrap();
    store::identity::create_user(
        &db,
        &system,
        store::identity::NewUser {
            username: "admin".into(),
            display_name: "admin 名".into(),
            role: Role::DistrictAdmin,
            region: RegionCode::parse("340803000000").unwrap(),
            password_hash: usecase::credentials::hash(PASSWORD.into()).await.unwrap(),
        },
    )
    .await
    .unwrap();
    let app = App {
        router: web::router(web::AppState::new(db.clone(), web::WebConfig::default()).unwrap()),
        db: db.clone(),
    };
    sees_the_error_number(&app).await;
    pg.drop_db(db).await;
}

//! The village profile keeps its computed sections under the data version: a write (a voucher
//! posted through the API, the region edited through its form) shows on the very next profile
//! request, on both backends; a caller outside the region still gets 404 while others have the
//! profile cached.

use super::*;
use domain::identity::Scope;
use store::ledger::{books, classification};

const BAOYING: &str = "340803100201";

/// The operating income shown for `year` in the profile's income table.
fn income_shown(body: &str, year: i32) -> Option<String> {
    let marker = format!("?year={year}\">{year}</a></td><td class=\"num\">");
    let start = body.find(&marker)? + marker.len();
    body[start..].split('<').next().map(str::to_string)
}

/// 保婴村's operating income for `year` as the classification computes it, in yuan.
async fn income_in_store(db: &Db, year: i32) -> String {
    let scope = Scope::region(RegionCode::parse(BAOYING).unwrap());
    let c = classification::classify(db, &scope, year).await.unwrap();
    let row = c.rows.iter().find(|r| r.region_code == BAOYING).unwrap();
    web::base::format::yuan(row.figure)
}

async fn writes_show_on_the_next_profile_request(app: &App) {
    let system = Actor::system("test");
    let body = "N2340803MF0000031";
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
    let book = books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    books::check_openings(&app.db, &system, &book.id)
        .await
        .unwrap();

    let admin = app.login("admin").await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;
    let path = format!("/regions/{BAOYING}");
    // Asked twice, so the second answer may come from the cache.
    let before = app.get(&path, &admin.cookie).await;
    let again = app.get(&path, &admin.cookie).await;
    assert_eq!(
        (before.status, again.status),
        (StatusCode::OK, StatusCode::OK)
    );
    let income_before = income_shown(&again.body, 2024).unwrap();
    assert_eq!(income_before, income_in_store(&app.db, 2024).await);
    // Out of scope: 404, although the district's profile of the village is cached.
    let refused = app.get(&path, &other.cookie).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.body.contains("保婴村股份经济合作社"));

    // A voucher through the API: drafted by the cadre, reviewed and posted by the admin.
    let vouchers = format!("/api/v1/orgs/{}/vouchers", org.id);
    let json_post = |path: String, s: &Session, body: &str| {
        Request::post(path.as_str())
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let created = app
        .send(json_post(
            vouchers.clone(),
            &cadre,
            r#"{"date":"2024-04-02","summary":"收到门面房租金","lines":[{"account_code":"102","debit":3000000},{"account_code":"501","credit":3000000}]}"#,
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let v: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let one = format!("{vouchers}/{}", v["id"].as_str().unwrap());
    // A draft moves no balance: the profile still shows the same income.
    let draft = app.get(&path, &admin.cookie).await;
    assert_eq!(income_shown(&draft.body, 2024).unwrap(), income_before);
    for step in ["review", "post"] {
        let res = app
            .send(json_post(format!("{one}/{step}"), &admin, ""))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{step}: {}", res.body);
    }
    let after = app.get(&path, &admin.cookie).await;
    let income_after = income_shown(&after.body, 2024).unwrap();
    assert_eq!(income_after, income_in_store(&app.db, 2024).await);
    assert_ne!(
        income_after, income_before,
        "the posted income shows at once"
    );
    // The village's own cadre sees the same figure.
    let mine = app.get(&path, &cadre.cookie).await;
    assert_eq!(income_shown(&mine.body, 2024).unwrap(), income_after);

    // The region edited through its form: the new population shows on the next request.
    let r = store::region::get(&app.db, &Scope::system(), BAOYING)
        .await
        .unwrap()
        .unwrap();
    let population = r.population.unwrap_or(0) + 1234;
    let saved = app
        .post_form(
            &path,
            &admin.cookie,
            &format!(
                "_csrf={}&name={}&kind={}&population={population}",
                admin.csrf,
                enc(&r.name),
                enc(&r.kind)
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let edited = app.get(&path, &admin.cookie).await;
    assert!(
        edited.body.contains(&format!("<dd>{population}</dd>")),
        "population {population} not shown"
    );
    let refused = app.get(&path, &other.cookie).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn profile_writes_show_at_once_sqlite() {
    let app = app().await;
    writes_show_on_the_next_profile_request(&app).await;
}

#[tokio::test]
async fn profile_writes_show_at_once_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    writes_show_on_the_next_profile_request(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

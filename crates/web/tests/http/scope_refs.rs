//! References stay in scope over HTTP: a village cadre who posts another village's person
//! by ID number gets the same refusal as for a number never registered, and no name.

use super::*;
use serde_json::{Value, json};

const BAOYING: &str = "340803100201";
const CHANGFENG: &str = "340803200201";

/// Sends a JSON request in `session`; returns the status, the parsed body and the raw text.
async fn call(
    app: &App,
    session: &Session,
    method: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value, String) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
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

#[tokio::test]
async fn a_post_with_another_villages_id_number_tells_no_name() {
    let app = app().await;
    let admin = app.login("admin").await;
    let cadre = app.login("cadre").await;
    let (theirs, mine, never) = (
        id_number("34080319800101123"),
        id_number("34080319850202456"),
        id_number("34080319900303789"),
    );
    for (region, name, number) in [(CHANGFENG, "赵长风", &theirs), (BAOYING, "王保婴", &mine)]
    {
        let (status, _, text) = call(
            &app,
            &admin,
            "POST",
            "/api/v1/people",
            json!({"region_code": region, "name": name, "id_number": number,
                   "political_status": "中共党员", "education": "大专"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
    }
    let post = |number: &str| {
        json!({"id_number": number, "region_code": BAOYING, "post": "两委委员",
               "starts_on": "2024-01-01"})
    };

    let (status, outside, text) = call(&app, &cadre, "POST", "/api/v1/posts", post(&theirs)).await;
    assert!(status.is_client_error(), "{status} {text}");
    assert!(!text.contains("赵长风"), "{text}");
    assert!(!text.contains(&theirs), "{text}");
    assert_eq!(outside["code"], "people.person_unknown", "{text}");
    assert_eq!(outside["field"], "id_number", "{text}");
    // Exactly what a number never registered gets.
    let (unknown_status, unknown, text) =
        call(&app, &cadre, "POST", "/api/v1/posts", post(&never)).await;
    assert_eq!(unknown_status, status, "{text}");
    assert_eq!(
        (&unknown["code"], &unknown["field"]),
        (&outside["code"], &outside["field"])
    );
    // Nothing was recorded for the other village's person.
    let (_, posts, _) = call(&app, &admin, "GET", "/api/v1/posts", Value::Null).await;
    assert!(!posts.to_string().contains("赵长风"), "{posts}");

    // The village's own person is posted, with the name.
    let (status, created, text) = call(&app, &cadre, "POST", "/api/v1/posts", post(&mine)).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert_eq!(created["person_name"], "王保婴", "{text}");
}

#[tokio::test]
async fn an_edit_form_keeps_the_town_officer_a_record_names() {
    // A village cadre's problem owned by the town officer above the village (which the
    // store accepts): the edit form offers that officer, selected, so saving it unchanged
    // keeps the owner instead of silently dropping them.
    let app = app().await;
    let user = |name: &'static str| {
        let db = app.db.clone();
        async move {
            store::identity::find_for_login(&db, name)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (cadre, town) = (user("cadre").await, user("town").await);
    let problem = domain::mechanism::problem::ProblemInput {
        region_code: BAOYING.into(),
        title: "村道硬化".into(),
        owner_user_id: town.id.clone(),
        deadline: "2030-06-30".into(),
        ..Default::default()
    }
    .validate(None)
    .unwrap();
    let record = store::mechanism::problems::create(&app.db, &cadre.actor().unwrap(), &problem)
        .await
        .unwrap();
    let s = app.login("cadre").await;
    let page = app
        .get(
            &format!("/mechanism/problems/{}/edit", record.id),
            &s.cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains(&format!("<option value=\"{}\" selected>", town.id)),
        "{}",
        page.body
    );
}

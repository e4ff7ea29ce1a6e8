//! 我的待办: the start page's task list and `GET /api/v1/me/tasks`, on SQLite and (when
//! `ZHENXING_TEST_POSTGRES` is set) PostgreSQL. Items come from records and go when done.

use super::*;

/// (kind, url, title) of every item in the start page's task list, in order.
fn page_items(html: &str) -> Vec<(String, String, String)> {
    let marker = "data-testid=\"task\" data-kind=\"";
    html.split(marker)
        .skip(1)
        .map(|chunk| {
            let kind = chunk.split('"').next().unwrap().to_string();
            let after_href = chunk.split_once("<a href=\"").unwrap().1;
            let (url, rest) = after_href.split_once('"').unwrap();
            let title = rest
                .split_once('>')
                .unwrap()
                .1
                .split_once("</a>")
                .unwrap()
                .0;
            let title = title
                .replace("&#34;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (kind, url.to_string(), title)
        })
        .collect()
}

/// (kind, url, title) of every item the API lists, in order, and the `due` of each.
fn api_items(body: &str) -> Vec<(String, String, String, Option<String>)> {
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["url"].as_str().unwrap().to_string(),
                i["title"].as_str().unwrap().to_string(),
                i["due"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The page list and the API list of one user, checked to be the same list.
async fn tasks_of(app: &App, s: &Session) -> Vec<(String, String, String, Option<String>)> {
    let home = app.get("/", &s.cookie).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("data-testid=\"my-tasks\""),
        "{}",
        home.body
    );
    let api = app.get("/api/v1/me/tasks", &s.cookie).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let items = api_items(&api.body);
    let from_api: Vec<(String, String, String)> = items
        .iter()
        .map(|(k, u, t, _)| (k.clone(), u.clone(), t.clone()))
        .collect();
    assert_eq!(
        page_items(&home.body),
        from_api,
        "the page and the API differ"
    );
    let page = app.get("/tasks", &s.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page_items(&page.body), from_api);
    items
}

fn urls(items: &[(String, String, String, Option<String>)]) -> Vec<&str> {
    items.iter().map(|(_, u, _, _)| u.as_str()).collect()
}

async fn user(app: &App, name: &str) -> store::identity::UserRecord {
    store::identity::find_for_login(&app.db, name)
        .await
        .unwrap()
        .unwrap()
}

async fn tasks_come_from_records_and_go_when_done(app: &App) {
    let (_, book) = baoying_books(app).await;
    let cadre = user(app, "cadre").await;
    let other = user(app, "other").await;
    // A draft prepared by the village cadre waits for the town's review.
    let input = domain::ledger::VoucherInput {
        date: "2024-10-08".into(),
        summary: "购买菌种".into(),
        attachments: String::new(),
        lines: vec![
            domain::ledger::LineInput {
                account_code: "401".into(),
                debit: "1250.50".into(),
                ..Default::default()
            },
            domain::ledger::LineInput {
                account_code: "102".into(),
                credit: "1250.50".into(),
                ..Default::default()
            },
        ],
    }
    .validate()
    .unwrap();
    let draft =
        store::ledger::vouchers::create_draft(&app.db, &cadre.actor().unwrap(), &book.id, &input)
            .await
            .unwrap();
    let draft_url = format!("/ledger/vouchers/{}", draft.id);
    // Overdue problems: one owned by the cadre in 保婴村, one by the other village's cadre.
    let today = domain::time::today();
    let past = today - chrono::Days::new(3);
    let problem = |region: &str, title: &str, owner: &store::identity::UserRecord| {
        domain::mechanism::problem::ProblemInput {
            region_code: region.into(),
            title: title.into(),
            owner_user_id: owner.id.clone(),
            deadline: past.to_string(),
            ..Default::default()
        }
        .validate(None)
        .unwrap()
    };
    let ours = store::mechanism::problems::create(
        &app.db,
        &cadre.actor().unwrap(),
        &problem("340803100201", "村道硬化", &cadre),
    )
    .await
    .unwrap();
    let theirs = store::mechanism::problems::create(
        &app.db,
        &other.actor().unwrap(),
        &problem("340803200201", "长风村水渠", &other),
    )
    .await
    .unwrap();
    let ours_url = format!("/mechanism/problems/{}", ours.id);
    let theirs_url = format!("/mechanism/problems/{}", theirs.id);

    let town = app.login("town").await;
    let cadre_s = app.login("cadre").await;
    let other_s = app.login("other").await;

    // The reviewer sees the draft, with its number, summary and amount.
    let town_items = tasks_of(app, &town).await;
    let review = town_items
        .iter()
        .find(|(_, u, _, _)| *u == draft_url)
        .expect("the draft waits for the town's review");
    assert_eq!(review.0, "voucher_review");
    assert!(review.2.contains("购买菌种"), "{}", review.2);
    assert!(review.2.contains(&draft.label()), "{}", review.2);
    assert!(review.2.contains("1250.50"), "{}", review.2);
    assert_eq!(review.3, None);
    // The cadre's overdue problem is not the town's to do (another owner).
    assert!(!urls(&town_items).contains(&ours_url.as_str()));

    // The preparer never reviews: not in the cadre's list; the overdue problem is, first.
    let cadre_items = tasks_of(app, &cadre_s).await;
    assert!(!urls(&cadre_items).contains(&draft_url.as_str()));
    let first = &cadre_items[0];
    assert_eq!(
        (first.0.as_str(), first.1.as_str(), first.2.as_str()),
        ("problem_due", ours_url.as_str(), "村道硬化")
    );
    assert_eq!(first.3.as_deref(), Some(past.to_string().as_str()));
    let home = app.get("/", &cadre_s.cookie).await;
    assert!(home.body.contains("task-due overdue"), "{}", home.body);
    assert!(!urls(&cadre_items).contains(&theirs_url.as_str()));

    // Another village's user sees their own problem and nothing of 保婴村.
    let other_items = tasks_of(app, &other_s).await;
    assert!(urls(&other_items).contains(&theirs_url.as_str()));
    assert!(!urls(&other_items).contains(&ours_url.as_str()));
    assert!(!urls(&other_items).contains(&draft_url.as_str()));

    // Reviewed through the page: gone from the town's list.
    let res = app
        .post_form(
            &format!("{draft_url}/review"),
            &town.cookie,
            &format!("_csrf={}", town.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let town_items = tasks_of(app, &town).await;
    assert!(!urls(&town_items).contains(&draft_url.as_str()));

    // Started and finished by its owner: gone from the cadre's list.
    for (step, form) in [
        ("start", String::new()),
        (
            "finish",
            format!("&result={}&evidence={}", enc("已硬化"), enc("验收照片")),
        ),
    ] {
        let res = app
            .post_form(
                &format!("{ours_url}/{step}"),
                &cadre_s.cookie,
                &format!("_csrf={}{form}", cadre_s.csrf),
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{step}: {}", res.body);
    }
    let cadre_items = tasks_of(app, &cadre_s).await;
    assert!(!urls(&cadre_items).contains(&ours_url.as_str()));
    // Now done, it waits for the town's 销号.
    let town_items = tasks_of(app, &town).await;
    assert!(
        town_items
            .iter()
            .any(|(k, u, _, _)| k == "problem_close" && *u == ours_url)
    );
}

#[tokio::test]
async fn my_tasks_come_from_records_and_stay_in_scope() {
    let app = app().await;
    tasks_come_from_records_and_go_when_done(&app).await;
}

#[tokio::test]
async fn my_tasks_come_from_records_and_stay_in_scope_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    tasks_come_from_records_and_go_when_done(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

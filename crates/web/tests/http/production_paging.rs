//! The production page lists its logs a page at a time, newest first, with a pager.

use super::industry_api::{post, project};
use super::*;
use domain::identity::Scope;

async fn logs_are_paged_newest_first(app: &App) {
    let cadre = app.login("cadre").await;
    let id = project(app, &cadre).await;
    let page = format!("/industry/projects/{id}");
    post(
        app,
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
    post(
        app,
        &cadre,
        &format!("{page}/batches"),
        format!(
            "unit_id={unit}&crop={}&started_on=2024-01-01&size=1000&size_unit={}",
            enc("灵芝"),
            enc("袋")
        ),
    )
    .await;
    let batch = store::industry::production::batches(&app.db, &Scope::system(), &id)
        .await
        .unwrap()[0]
        .id
        .clone();
    // One more harvest than a page holds, a day apart.
    let first = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let item = |n: usize| format!("采收第{n:03}批");
    let count = 51;
    for n in 1..=count {
        let date = first + chrono::Days::new(n as u64);
        post(
            app,
            &cadre,
            &format!("{page}/logs?kind=harvest"),
            format!(
                "batch_id={batch}&date={date}&item={}&quantity=5&unit=kg",
                enc(&item(n))
            ),
        )
        .await;
    }
    let stored = store::industry::production::logs(&app.db, &Scope::system(), &id)
        .await
        .unwrap();
    assert_eq!(stored.len(), count);

    let one = app
        .get(&format!("{page}/production?year=2024"), &cadre.cookie)
        .await;
    assert_eq!(one.status, StatusCode::OK);
    let logs = &one.body[one.body.find("data-testid=\"logs\"").unwrap()..];
    // Newest first; the oldest is on the next page.
    let newest = logs.find(&item(count)).unwrap();
    let older = logs.find(&item(count - 1)).unwrap();
    assert!(newest < older);
    assert!(logs.contains(&item(2)));
    assert!(!logs.contains(&item(1)));
    assert!(logs.contains("data-testid=\"logs-pager\""));
    assert!(logs.contains("1 / 2"));
    assert!(logs.contains("production?year=2024&amp;page=2#logs"));

    let two = app
        .get(
            &format!("{page}/production?year=2024&page=2"),
            &cadre.cookie,
        )
        .await;
    assert_eq!(two.status, StatusCode::OK);
    let logs = &two.body[two.body.find("data-testid=\"logs\"").unwrap()..];
    assert!(logs.contains(&item(1)));
    assert!(!logs.contains(&item(2)));
    assert!(logs.contains("2 / 2"));
}

#[tokio::test]
async fn production_logs_are_paged_newest_first() {
    let app = app().await;
    logs_are_paged_newest_first(&app).await;
}

#[tokio::test]
async fn production_logs_are_paged_newest_first_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    logs_are_paged_newest_first(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

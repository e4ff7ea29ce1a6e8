//! The start page's shortcuts to the day's work (issue 13, phone first): a bookkeeper with one
//! open book of this year goes straight to a new voucher in it; others choose on /ledger.

use super::*;

/// (test id, href) of every shortcut on the start page.
fn shortcuts(html: &str) -> Vec<(String, String)> {
    let block = html
        .split_once("data-testid=\"quick-actions\"")
        .expect("the start page has its shortcuts")
        .1
        .split_once("</div>")
        .unwrap()
        .0;
    block
        .split("<a ")
        .skip(1)
        .map(|a| {
            let href = a
                .split_once("href=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            let id = a
                .split_once("data-testid=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            (
                id.to_string(),
                href.replace("&#x2f;", "/").replace("&#47;", "/"),
            )
        })
        .collect()
}

async fn shortcuts_lead_to_the_days_work(app: &App) {
    use store::ledger::books;
    let system = Actor::system("test");
    let org = baoying_org(app).await;
    let year = chrono::Datelike::year(&domain::time::today());
    // Last year's book is there too; only this year's open book is the shortcut's target.
    books::open_book(&app.db, &system, &org.id, year - 1, None)
        .await
        .unwrap();
    let book = books::open_book(&app.db, &system, &org.id, year, None)
        .await
        .unwrap();

    let cadre = app.login("cadre").await;
    let home = app.get("/", &cadre.cookie).await;
    assert_eq!(home.status, StatusCode::OK);
    let links = shortcuts(&home.body);
    let voucher = links
        .iter()
        .find(|(id, _)| id == "quick-voucher")
        .expect("a bookkeeper is offered to enter a voucher");
    assert_eq!(voucher.1, format!("/ledger/books/{}/vouchers/new", book.id));
    let form = app.get(&voucher.1, &cadre.cookie).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("form"), "{}", form.body);
    // Every shortcut opens a page the cadre may use.
    for (id, href) in &links {
        let page = app.get(href, &cadre.cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{id} → {href}: {}", page.body);
    }

    // The other village keeps no books here: its cadre chooses on the ledger page.
    let other = app.login("other").await;
    let home = app.get("/", &other.cookie).await;
    let links = shortcuts(&home.body);
    assert!(
        links
            .iter()
            .any(|(id, href)| id == "quick-voucher" && href == "/ledger"),
        "{links:?}"
    );
}

#[tokio::test]
async fn start_page_shortcuts_lead_to_the_days_work() {
    let app = app().await;
    shortcuts_lead_to_the_days_work(&app).await;
}

#[tokio::test]
async fn start_page_shortcuts_lead_to_the_days_work_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    shortcuts_lead_to_the_days_work(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

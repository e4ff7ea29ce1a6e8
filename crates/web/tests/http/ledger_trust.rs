//! Trustworthy books in the pages and the API (issue 11): the voucher page shows every edit
//! with before and after (China time, people by name, yuan) and where the voucher came
//! from; an edit makes the editor the preparer; a generated voucher is not edited in the
//! ledger; the year end follows the close of December; a bad `?year=` is refused by name.

use super::*;
use domain::identity::Scope;
use store::ledger::books::{self, BookRecord, OrgRecord};
use store::ledger::vouchers;

const BAOYING: &str = "340803100201";

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

async fn actor_of(app: &App, username: &str) -> Actor {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap()
}

/// 保婴村's organisation and its 2024 book, openings checked.
async fn book(app: &App) -> (OrgRecord, BookRecord) {
    let system = Actor::system("test");
    let body = "N2340803MF0000111";
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
    (org, book)
}

fn entry(csrf: &str, amount: &str) -> String {
    format!(
        "_csrf={csrf}&date=2024-03-10&summary={}&attachments=1&lines[0].account_code=101&lines[0].debit={amount}&lines[1].account_code=501&lines[1].credit={amount}",
        enc("收到租金")
    )
}

/// A stored UTC timestamp as the page must show it: China time, to the minute.
fn china(ts: &str) -> String {
    (domain::time::parse_ts(ts).unwrap() + chrono::Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[tokio::test]
async fn the_voucher_page_shows_each_edit_and_the_editor_cannot_review() {
    let app = app().await;
    let (_, book) = book(&app).await;
    let cadre = app.login("cadre").await;
    let town = app.login("town").await;
    // The cadre enters 3,000; the town officer changes it to 30,000.
    let created = app
        .post_form(
            &format!("/ledger/books/{}/vouchers/new", book.id),
            &cadre.cookie,
            &entry(&cadre.csrf, "3000"),
        )
        .await;
    let url = location(&created);
    let form = app.get(&format!("{url}/edit"), &town.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("data-testid=\"edit-hint\""),
        "{}",
        form.body
    );
    let saved = app
        .post_form(
            &format!("{url}/edit"),
            &town.cookie,
            &entry(&town.csrf, "30000"),
        )
        .await;
    assert_eq!(location(&saved), url);

    let id = url.rsplit('/').next().unwrap();
    let (v, _) = vouchers::get(&app.db, &Scope::system(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.preparer_name, "town");
    let page = app.get(&url, &town.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    // The origin, and no review button for the officer who is now the preparer.
    assert!(body.contains("data-testid=\"origin\">账簿录入<"), "{body}");
    assert!(
        !body.contains(&format!("action=\"{url}/review\"")),
        "{body}"
    );
    assert!(
        body.contains("制单人：<span data-testid=\"preparer\">town 名</span>"),
        "{body}"
    );
    // The history: people by name, China time, amounts in yuan before and after.
    let history = &body[body.find("data-testid=\"history\"").expect(body)..];
    assert!(
        history.contains("cadre 名") && history.contains("town 名"),
        "{history}"
    );
    assert!(
        history.contains("修改前") && history.contains("修改后"),
        "{history}"
    );
    assert!(history.contains("金额 3,000.00 元"), "{history}");
    assert!(history.contains("金额 30,000.00 元"), "{history}");
    // The preparer inside the before/after is named too, never by login name.
    assert!(
        history.contains("制单人 cadre 名") && history.contains("制单人 town 名"),
        "{history}"
    );
    assert!(history.contains("101 借 30,000.00"), "{history}");
    assert!(!history.contains("{\""), "no raw JSON: {history}");
    let (log, _) = store::audit::list(
        &app.db,
        &Scope::system(),
        &store::audit::Filter {
            entity: "ledger_voucher".into(),
            actor: "town".into(),
            ..Default::default()
        },
        store::Page::all(),
    )
    .await
    .unwrap();
    let edited_at = &log.iter().find(|e| e.action == "update").unwrap().at;
    assert!(history.contains(&china(edited_at)), "{history}");

    // The cadre, no longer the preparer, reviews it; the officer could not.
    let own = app
        .post_form(
            &format!("{url}/review"),
            &town.cookie,
            &format!("_csrf={}", town.csrf),
        )
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT, "{}", own.body);
    let reviewed = app
        .post_form(
            &format!("{url}/review"),
            &cadre.cookie,
            &format!("_csrf={}", cadre.csrf),
        )
        .await;
    assert_eq!(location(&reviewed), url);
}

#[tokio::test]
async fn a_generated_voucher_shows_its_origin_and_is_not_edited() {
    use domain::industry::project::Status;
    use domain::industry::{BudgetLineInput, DisbursementInput, ProjectInput};
    use store::industry::{funds, projects};
    let app = app().await;
    let (org, _) = book(&app).await;
    let cadre_actor = actor_of(&app, "cadre").await;
    let p = projects::create(
        &app.db,
        &cadre_actor,
        &ProjectInput {
            region_code: BAOYING.into(),
            org_id: org.id.clone(),
            sector: "种植业".into(),
            title: "灵芝大棚种植".into(),
            description: "5 个大棚种植灵芝".into(),
            responsible_name: "张书记".into(),
            applied_on: "2024-02-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let line = projects::add_budget_line(
        &app.db,
        &cadre_actor,
        &p.id,
        &BudgetLineInput {
            name: "大棚建设".into(),
            amount: "100000".into(),
            account_code: "401".into(),
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    let approved_on = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    projects::transition(
        &app.db,
        &cadre_actor,
        &p.id,
        Status::Approved,
        "",
        approved_on,
    )
    .await
    .unwrap();
    let pay = DisbursementInput {
        date: "2024-03-15".into(),
        amount: "3000".into(),
        summary: "支付大棚建设款".into(),
    }
    .validate()
    .unwrap();
    let (_, v) = funds::disburse(&app.db, &cadre_actor, &line.id, &pay)
        .await
        .unwrap();

    let town = app.login("town").await;
    let url = format!("/ledger/vouchers/{}", v.id);
    let page = app.get(&url, &town.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("data-testid=\"origin\">由产业项目生成<"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("data-testid=\"edit\""), "{}", page.body);
    // Neither the form nor a hand-made request changes it.
    let form = app.get(&format!("{url}/edit"), &town.cookie).await;
    assert_eq!(form.status, StatusCode::CONFLICT);
    let post = app
        .post_form(
            &format!("{url}/edit"),
            &town.cookie,
            &format!(
                "_csrf={}&date=2024-03-15&summary=x&lines[0].account_code=401&lines[0].debit=30000&lines[1].account_code=101&lines[1].credit=30000",
                town.csrf
            ),
        )
        .await;
    assert_eq!(post.status, StatusCode::CONFLICT, "{}", post.body);
    let (still, _) = vouchers::get(&app.db, &Scope::system(), &v.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((still.total, still.origin.as_str()), (300_000, "generated"));
    // The API says where it came from too.
    let api = app
        .get(
            &format!("/api/v1/orgs/{}/vouchers/{}", org.id, v.id),
            &town.cookie,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["origin"], "generated");
}

#[tokio::test]
async fn the_year_end_page_works_after_closing_december() {
    let app = app().await;
    let (_, book) = book(&app).await;
    let cadre_actor = actor_of(&app, "cadre").await;
    for month in 1..=12 {
        let p = domain::ledger::Period::new(2024, month).unwrap();
        vouchers::close_period(&app.db, &cadre_actor, &book.id, p)
            .await
            .unwrap();
    }
    let cadre = app.login("cadre").await;
    let page = app
        .get(&format!("/ledger/books/{}", book.id), &cadre.cookie)
        .await;
    assert!(
        page.body.contains("十二月结账后，即可进行年终结转"),
        "{}",
        page.body
    );
    let done = app
        .post_form(
            &format!("/ledger/books/{}/close-year", book.id),
            &cadre.cookie,
            &format!("_csrf={}", cadre.csrf),
        )
        .await;
    assert!(location(&done).ends_with("?done=year_closed"));
    let (closed, _) = books::get_book(&app.db, &Scope::system(), &book.id)
        .await
        .unwrap()
        .unwrap();
    assert!(closed.closed);
    // Closing a closed month again is refused in words, not repeated.
    let again = vouchers::close_period(
        &app.db,
        &cadre_actor,
        &book.id,
        domain::ledger::Period::new(2024, 12).unwrap(),
    )
    .await
    .unwrap_err();
    assert!(
        format!("{again:?}").contains("ledger.book_closed"),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_year_out_of_range_is_refused_naming_the_year() {
    let app = app().await;
    let (org, _) = book(&app).await;
    let cadre = app.login("cadre").await;
    for path in [
        "reports/trial-balance?year=-1",
        "reports/income-statement?year=-1",
        "reports/ledger-detail?account=101&year=-1",
        "vouchers?year=-1",
        "reports/trial-balance?year=2025&from=2024-01",
        // Malformed years are the same translated error, not a bare parse message.
        "reports/trial-balance?year=abc",
        "reports/balance-sheet?year=2025.0",
        "reports/general-ledger?account=101&year=2147483648",
        "vouchers?year=abc",
        // A year the range disagrees with is refused, never answered with the range's year.
        "vouchers?year=2025&from=2024-01",
    ] {
        let res = app
            .get(&format!("/api/v1/orgs/{}/{path}", org.id), &cadre.cookie)
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            res.body
        );
        let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(json["field"], "year", "{path}: {json}");
        assert!(!json["message"].as_str().unwrap().is_empty());
        assert!(
            json["message"].as_str().unwrap().contains('年'),
            "{path}: {json}"
        );
    }
    // A year without a book says which year, in the detail reports too.
    let res = app
        .get(
            &format!(
                "/api/v1/orgs/{}/reports/general-ledger?account=101&year=2019",
                org.id
            ),
            &cadre.cookie,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("ledger.no_book\""), "{}", res.body);
    // A valid year answers that year.
    let res = app
        .get(
            &format!("/api/v1/orgs/{}/reports/trial-balance?year=2024", org.id),
            &cadre.cookie,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["year"], 2024);
}

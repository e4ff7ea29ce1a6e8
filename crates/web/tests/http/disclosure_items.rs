//! Disclosure items over HTTP: a village prepares a quarter's finances from its books, sees
//! the preview, the town approves, the village publishes; the published page does not move
//! when a voucher is posted afterwards while the preview does; a correction keeps both
//! versions with the reason; scope (another town's village gets 404); personal data refused
//! with the reason shown; the list, its export, the API and the schedules page.

use super::*;
use serde_json::Value;

const BAOYING: &str = "340803100201";

pub(super) async fn actor_of(app: &App, username: &str) -> Actor {
    store::identity::find_for_login(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .actor()
        .unwrap()
}

fn location(res: &Resp) -> String {
    res.headers
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("no redirect: {} {}", res.status, res.body))
        .to_str()
        .unwrap()
        .to_string()
}

pub(super) async fn create(app: &App, s: &Session, form: &str) -> String {
    let res = app
        .post_form(
            "/disclosure/new",
            &s.cookie,
            &format!("_csrf={}&{form}", s.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    location(&res).rsplit('/').next().unwrap().to_string()
}

pub(super) async fn step(app: &App, s: &Session, id: &str, step: &str) -> Resp {
    app.post_form(
        &format!("/disclosure/items/{id}/step"),
        &s.cookie,
        &format!("_csrf={}&step={step}", s.csrf),
    )
    .await
}

/// Posts a voucher of `yuan` into 保婴村's 2024 book on `date`.
async fn post_voucher(app: &App, book_id: &str, date: &str, yuan: &str) {
    use store::ledger::vouchers;
    let v = domain::ledger::VoucherInput {
        date: date.into(),
        summary: "补记收入".into(),
        attachments: String::new(),
        lines: vec![
            domain::ledger::LineInput {
                account_code: "102".into(),
                debit: yuan.into(),
                credit: String::new(),
                summary: String::new(),
            },
            domain::ledger::LineInput {
                account_code: "501".into(),
                debit: String::new(),
                credit: yuan.into(),
                summary: String::new(),
            },
        ],
    }
    .validate()
    .unwrap();
    let d = vouchers::create_draft(&app.db, &actor_of(app, "cadre").await, book_id, &v)
        .await
        .unwrap();
    let town = actor_of(app, "town").await;
    vouchers::review(&app.db, &town, &d.id).await.unwrap();
    vouchers::post(&app.db, &town, &d.id).await.unwrap();
}

#[tokio::test]
async fn a_published_quarter_is_frozen_while_the_preview_moves_on() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let town = app.login("town").await;
    let id = create(
        &app,
        &cadre,
        &format!("region_code={BAOYING}&kind=finance_period&period=2024-Q3&title="),
    )
    .await;
    // The preview is computed from the books: the September voucher of 600,000 yuan.
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("保婴村2024年第三季度财务公开"),
        "default title"
    );
    assert!(page.body.contains("data-testid=\"preview\""));
    assert!(page.body.contains("600,000.00"), "{}", page.body);
    assert!(page.body.contains("data-testid=\"step-submit\""));
    assert!(!page.body.contains("data-testid=\"step-approve\""));
    // The village submits; a village user is not offered approval, and is refused it.
    assert_eq!(
        step(&app, &cadre, &id, "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let refused = step(&app, &cadre, &id, "approve").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let page = app
        .get(&format!("/disclosure/items/{id}"), &town.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"step-approve\""));
    assert_eq!(
        step(&app, &town, &id, "approve").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &cadre, &id, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    assert!(page.body.contains("已发布"), "{}", page.body);
    assert!(page.body.contains("data-testid=\"published\""));
    let v1 = store::disclosure::versions::get(&app.db, &id, 1)
        .await
        .unwrap()
        .unwrap();
    assert!(v1.page_html.contains("600,000.00"));
    assert!(v1.page_html.contains("资产负债表"));
    // A voucher posted into the quarter afterwards: the version stays, the preview moves.
    post_voucher(&app, &book.id, "2024-08-08", "1234.56").await;
    let again = store::disclosure::versions::get(&app.db, &id, 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.snapshot, v1.snapshot);
    assert_eq!(again.snapshot_sha256, v1.snapshot_sha256);
    assert_eq!(again.page_html, v1.page_html);
    let preview = app
        .get(&format!("/disclosure/items/{id}/preview"), &cadre.cookie)
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("601,234.56"), "{}", preview.body);
    assert!(!v1.page_html.contains("601,234.56"));

    // A correction: the reason is required (kept beside its field), then both versions.
    let res = app
        .post_form(
            &format!("/disclosure/items/{id}/correct"),
            &cadre.cookie,
            &format!("_csrf={}&reason=", cadre.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    let res = app
        .post_form(
            &format!("/disclosure/items/{id}/correct"),
            &cadre.cookie,
            &format!("_csrf={}&reason={}", cadre.csrf, enc("八月收入漏记")),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        step(&app, &cadre, &id, "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &town, &id, "approve").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &cadre, &id, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    assert!(page.body.contains(">v1<"), "{}", page.body);
    assert!(page.body.contains(">v2<"));
    assert!(page.body.contains("八月收入漏记"));
    let v2 = store::disclosure::versions::get(&app.db, &id, 2)
        .await
        .unwrap()
        .unwrap();
    assert!(v2.page_html.contains("601,234.56"));
    assert!(v2.page_html.contains("八月收入漏记"));

    // The API: the list of the year and the item with both versions; scoped.
    let res = app
        .get(
            &format!("/api/v1/disclosures?region={BAOYING}&year=2024"),
            &cadre.cookie,
        )
        .await;
    let json: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["total"], 1, "{}", res.body);
    assert_eq!(json["items"][0]["current_version"], 2);
    let res = app
        .get(&format!("/api/v1/disclosures/{id}"), &cadre.cookie)
        .await;
    let json: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["versions"][1]["reason"], "八月收入漏记");
    assert_eq!(json["snapshot"]["version"], 2);
    let other = app.login("other").await;
    let res = app
        .get(&format!("/api/v1/disclosures/{id}"), &other.cookie)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .get("/api/v1/disclosures?year=2024", &other.cookie)
        .await;
    let json: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["total"], 0);
}

#[tokio::test]
async fn another_towns_village_cannot_see_or_publish_and_personal_data_is_refused() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let other = app.login("other").await;
    // 长风村's cadre cannot create for 保婴村: not found.
    let res = app
        .post_form(
            "/disclosure/new",
            &other.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&kind=other&period=2024-Q3&title=x&text=y",
                other.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // A bad period is shown beside its field with what was typed.
    let res = app
        .post_form(
            "/disclosure/new",
            &cadre.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&kind=other&period=2024-Q7&title=&text=y",
                cadre.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    assert!(res.body.contains("value=\"2024-Q7\""));
    // A subsidy list with a bad line names the line.
    let res = app
        .post_form(
            "/disclosure/new",
            &cadre.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&kind=subsidy_list&period=2024-Q3&rows={}",
                cadre.csrf,
                enc("王小明，低保，1200\n李四，危房改造")
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("第 2 行"), "{}", res.body);
    // Names are masked by the district's rule in the preview.
    let id = create(
        &app,
        &cadre,
        &format!(
            "region_code={BAOYING}&kind=subsidy_list&period=2024-Q3&rows={}",
            enc("王小明，低保，1200\n欧阳小明，危房改造，15000")
        ),
    )
    .await;
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    let preview = page
        .body
        .split("data-testid=\"preview\"")
        .nth(1)
        .and_then(|p| p.split("</section>").next())
        .unwrap();
    assert!(preview.contains("王*明"), "{preview}");
    assert!(preview.contains("欧**明"));
    assert!(
        !preview.contains("王小明"),
        "the full name is not in the preview"
    );
    assert!(preview.contains("16,200.00"), "the total");
    // 长风村's cadre gets 404 for 保婴村's item and its steps.
    let res = app
        .get(&format!("/disclosure/items/{id}"), &other.cookie)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        step(&app, &other, &id, "publish").await.status,
        StatusCode::NOT_FOUND
    );
    // Affairs are published by the village directly.
    assert_eq!(
        step(&app, &cadre, &id, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    // A phone number in other matters' text: refused, the reason shown on the item's page.
    let id = create(
        &app,
        &cadre,
        &format!(
            "region_code={BAOYING}&kind=other&period=2024-Q3&title={}&text={}",
            enc("修路通知"),
            enc("有事请联系 13812345678")
        ),
    )
    .await;
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    assert!(
        page.body.contains("data-testid=\"preview-error\""),
        "{}",
        page.body
    );
    let res = step(&app, &cadre, &id, "publish").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.body.contains("身份证号码或完整手机号码"),
        "{}",
        res.body
    );
    // The list and its export.
    let list = app.get("/disclosure?year=2024", &cadre.cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("修路通知"));
    let xlsx = app
        .get("/disclosure/export.xlsx?year=2024", &cadre.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"));
    let empty = app.get("/disclosure?year=2024", &other.cookie).await;
    assert!(!empty.body.contains("修路通知"));
}

#[tokio::test]
async fn the_district_sets_schedules_and_the_name_rule() {
    let app = app().await;
    let admin = app.login("admin").await;
    let town = app.login("town").await;
    let page = app.get("/disclosure/schedules", &town.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("data-testid=\"schedule-finance\""));
    let res = app
        .post_form(
            "/disclosure/schedules",
            &town.cookie,
            &format!(
                "_csrf={}&category=finance&cadence=monthly&due_days=5&major_days=3",
                town.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .post_form(
            "/disclosure/schedules",
            &admin.cookie,
            &format!(
                "_csrf={}&category=finance&cadence=quarterly&monthly_over_vouchers=40&due_days=abc&major_days=3&needs_approval=1",
                admin.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("data-testid=\"field-error\""));
    assert!(res.body.contains("value=\"40\""), "typed values kept");
    let res = app
        .post_form(
            "/disclosure/schedules",
            &admin.cookie,
            &format!(
                "_csrf={}&category=affairs&cadence=quarterly&monthly_over_vouchers=&due_days=7&major_days=3&needs_approval=1",
                admin.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = app
        .post_form(
            "/disclosure/schedules",
            &admin.cookie,
            &format!("_csrf={}&name_rule=surname", admin.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.get("/disclosure/schedules", &admin.cookie).await;
    assert!(page.body.contains("data-testid=\"override\""));
    // The villages' overdue disclosures of this year, each linked to its list.
    let overdue = page.body.split("data-testid=\"overdue\"").nth(1).unwrap();
    assert!(
        overdue.contains("保婴村") && overdue.contains("长风村"),
        "{overdue}"
    );
    assert!(page.body.contains("王**"));
    // Affairs now need the town's approval: the village is offered submission, not publication.
    let cadre = app.login("cadre").await;
    let id = create(
        &app,
        &cadre,
        &format!(
            "region_code={BAOYING}&kind=subsidy_list&period=2024-Q3&rows={}",
            enc("王小明，低保，1200")
        ),
    )
    .await;
    let page = app
        .get(&format!("/disclosure/items/{id}"), &cadre.cookie)
        .await;
    assert!(page.body.contains("data-testid=\"step-submit\""));
    assert!(!page.body.contains("data-testid=\"step-publish\""));
    assert!(
        page.body.contains("王**"),
        "the district's rule masks the preview"
    );
}

#[tokio::test]
async fn party_affairs_show_the_team_and_the_first_secretary_without_id_numbers() {
    use domain::people::{PersonInput, PostInput};
    let app = app().await;
    let system = Actor::system("test");
    let first = "34080319800101001";
    let id_number = format!(
        "{first}{}",
        domain::people::person::check_character(first).unwrap()
    );
    let person = PersonInput {
        region_code: BAOYING.into(),
        name: "郑梦瑶".into(),
        id_number: id_number.clone(),
        political_status: "中共党员".into(),
        education: "大学本科".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let person = store::people::persons::create(&app.db, &system, &person)
        .await
        .unwrap();
    let post = PostInput {
        person_id: person.id,
        region_code: BAOYING.into(),
        post: "first_secretary".into(),
        dispatching_unit: "区委组织部".into(),
        starts_on: "2024-01-01".into(),
        ends_on: String::new(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::posts::create(&app.db, &system, &post)
        .await
        .unwrap();
    let cadre = app.login("cadre").await;
    let id = create(
        &app,
        &cadre,
        &format!("region_code={BAOYING}&kind=party_period&period=2024-Q3"),
    )
    .await;
    // Party affairs are published by the village directly.
    assert_eq!(
        step(&app, &cadre, &id, "publish").await.status,
        StatusCode::SEE_OTHER
    );
    let v1 = store::disclosure::versions::get(&app.db, &id, 1)
        .await
        .unwrap()
        .unwrap();
    assert!(
        v1.page_html.contains("驻村第一书记：郑梦瑶"),
        "{}",
        v1.page_html
    );
    assert!(v1.page_html.contains("第一书记"));
    assert!(!v1.snapshot.contains(&id_number));
    assert!(v1.snapshot.contains("\"category\":\"party\""));
}

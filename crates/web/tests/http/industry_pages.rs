//! The industry pages: a project entered through the form and approved, a budget line whose
//! over-budget disbursement is refused in place (translated, nothing written) until an
//! approval is recorded; a sale and a labour entry through the production page, each one
//! voucher in the village's books, showing in the year's results; the village scope.

use super::*;
use domain::identity::Scope;
use domain::people::PersonInput;
use domain::people::person::check_character;
use domain::{FieldError, Money};
use store::ledger::books::{self, BookRecord};
use store::ledger::vouchers;
use web::i18n::{I18n, Locale, Tr};

const BAOYING: &str = "340803100201";

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// 保婴村's organisation and its 2024 book.
async fn book(app: &App) -> (String, BookRecord) {
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
    let book = books::open_book(&app.db, &system, &org.id, 2024, None)
        .await
        .unwrap();
    (org.id, book)
}

async fn voucher_count(app: &App, book_id: &str) -> i64 {
    vouchers::list(
        &app.db,
        &Scope::system(),
        book_id,
        &vouchers::Filter::default(),
        store::Page::all(),
    )
    .await
    .unwrap()
    .1
}

/// Creates a project through the form; returns its page.
async fn new_project(app: &App, s: &Session, org_id: &str) -> String {
    let form = app.get("/industry/projects/new", &s.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("保婴村股份经济合作社"), "{}", form.body);
    let created = app
        .post_form(
            "/industry/projects",
            &s.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&org_id={org_id}&sector={}&title={}&description={}&responsible_name={}&applied_on=2024-01-02",
                s.csrf,
                enc("种植业"),
                enc("灵芝大棚种植"),
                enc("5 个大棚"),
                enc("张书记")
            ),
        )
        .await;
    let page = location(&created);
    assert!(page.starts_with("/industry/projects/"), "{page}");
    page
}

async fn disburse(app: &App, s: &Session, page: &str, line: &str, amount: &str) -> Resp {
    app.post_form(
        &format!("{page}/lines/{line}/disburse"),
        &s.cookie,
        &format!(
            "_csrf={}&date=2024-05-10&amount={amount}&summary={}",
            s.csrf,
            enc("购买大棚钢架")
        ),
    )
    .await
}

fn id_of(page: &str) -> String {
    page.trim_start_matches("/industry/projects/").to_string()
}

#[tokio::test]
async fn over_budget_is_refused_until_an_approval_is_recorded() {
    let app = app().await;
    let tr = zh();
    let (org_id, book) = book(&app).await;
    let cadre = app.login("cadre").await;
    let page = new_project(&app, &cadre, &org_id).await;
    let detail = app.get(&page, &cadre.cookie).await;
    assert!(
        detail.body.contains(&format!(
            "data-testid=\"status\">{}",
            tr.t("ip-status-applied")
        )),
        "{}",
        detail.body
    );
    // The list and its export show it.
    let list = app.get("/industry", &cadre.cookie).await;
    assert!(list.body.contains("灵芝大棚种植"));
    let export = app.get("/industry/export.xlsx", &cadre.cookie).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.bytes.starts_with(b"PK"));
    let csv = app.get("/industry/export.csv", &cadre.cookie).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    assert!(csv.body.contains("灵芝大棚种植"), "{}", csv.body);

    // Termination needs a reason; approval moves on and lands in the history.
    let no_reason = app
        .post_form(
            &format!("{page}/status"),
            &cadre.cookie,
            &format!("_csrf={}&to=terminated&reason=", cadre.csrf),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains(&tr.t("industry-reason_required")));
    // A decision cannot be dated in the future; one dated in the past keeps its date.
    let tomorrow = domain::time::today() + chrono::Duration::days(1);
    let future = app
        .post_form(
            &format!("{page}/status"),
            &cadre.cookie,
            &format!("_csrf={}&to=approved&decided_on={tomorrow}", cadre.csrf),
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        future.body.contains(&tomorrow.to_string()),
        "{}",
        future.body
    );
    assert!(future.body.contains(&tr.t("field-decided_on")));
    location(
        &app.post_form(
            &format!("{page}/status"),
            &cadre.cookie,
            &format!("_csrf={}&to=approved&decided_on=2024-01-15", cadre.csrf),
        )
        .await,
    );
    let approved = app.get(&page, &cadre.cookie).await;
    let history = &approved.body[approved.body.find("data-testid=\"history\"").unwrap()..];
    assert!(history.contains("<td>2024-01-15</td>"), "{history}");
    assert!(approved.body.contains(&format!(
        "data-testid=\"status\">{}",
        tr.t("ip-status-approved")
    )));
    assert!(approved.body.contains("data-testid=\"next-implementing\""));

    // A budget line of 1000 yuan.
    location(
        &app.post_form(
            &format!("{page}/budget-lines"),
            &cadre.cookie,
            &format!(
                "_csrf={}&name={}&amount=1000&account_code=401",
                cadre.csrf,
                enc("大棚建设")
            ),
        )
        .await,
    );
    let detail = store::industry::projects::get(&app.db, &Scope::system(), &id_of(&page))
        .await
        .unwrap()
        .unwrap();
    let line = detail.budget_lines[0].id.clone();

    // 1500 yuan is refused in place with the translated message; no voucher is written.
    let refused = disburse(&app, &cadre, &page, &line, "1500").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = tr.field_error(
        &domain::industry::check_budget(
            "大棚建设",
            Money(100_000),
            Money(0),
            Money(0),
            Money(150_000),
        )
        .unwrap_err(),
    );
    assert!(
        refused.body.contains("data-testid=\"disburse-error\"") && refused.body.contains(&expected),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("购买大棚钢架"),
        "what was typed stays"
    );
    assert_eq!(voucher_count(&app, &book.id).await, 0);

    // An approval of 500 yuan extra lets it through: one voucher.
    location(
        &app.post_form(
            &format!("{page}/lines/{line}/approve"),
            &cadre.cookie,
            &format!(
                "_csrf={}&amount=500&approved_by={}&approved_on=2024-05-01&reason={}",
                cadre.csrf,
                enc("村民代表大会"),
                enc("钢材涨价")
            ),
        )
        .await,
    );
    location(&disburse(&app, &cadre, &page, &line, "1500").await);
    assert_eq!(voucher_count(&app, &book.id).await, 1);
    let after = app.get(&page, &cadre.cookie).await;
    assert!(after.body.contains("1,500.00") && after.body.contains("500.00"));

    // Bad input names the field.
    let bad = app
        .post_form(
            &format!("{page}/funding"),
            &cadre.cookie,
            &format!("_csrf={}&source=fiscal&amount=", cadre.csrf),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains(&tr.field_error(&FieldError::new("common.required", "amount")))
    );
}

#[tokio::test]
async fn a_sale_is_one_voucher_and_shows_in_the_results() {
    let app = app().await;
    let (org_id, book) = book(&app).await;
    let first17 = "34080319750312001";
    let person = PersonInput {
        region_code: BAOYING.into(),
        name: "王守田".into(),
        id_number: format!("{first17}{}", check_character(first17).unwrap()),
        political_status: "群众".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let person = store::people::persons::create(&app.db, &Actor::system("test"), &person)
        .await
        .unwrap();
    let cadre = app.login("cadre").await;
    let page = new_project(&app, &cadre, &org_id).await;
    let id = id_of(&page);
    let production = format!("{page}/production");
    location(
        &app.post_form(
            &format!("{page}/units"),
            &cadre.cookie,
            &format!(
                "_csrf={}&kind=greenhouse&name={}&area_m2=500",
                cadre.csrf,
                enc("1号棚")
            ),
        )
        .await,
    );
    let unit = store::industry::production::units(&app.db, &Scope::system(), &id)
        .await
        .unwrap()[0]
        .id
        .clone();
    location(
        &app.post_form(
            &format!("{page}/batches"),
            &cadre.cookie,
            &format!(
                "_csrf={}&unit_id={unit}&crop={}&started_on=2024-03-01&size=1000&size_unit={}",
                cadre.csrf,
                enc("灵芝"),
                enc("袋")
            ),
        )
        .await,
    );
    let batch = store::industry::production::batches(&app.db, &Scope::system(), &id)
        .await
        .unwrap()[0]
        .id
        .clone();
    location(
        &app.post_form(
            &format!("{page}/logs?kind=harvest"),
            &cadre.cookie,
            &format!(
                "_csrf={}&batch_id={batch}&date=2024-08-20&item={}&quantity=50&unit=kg",
                cadre.csrf,
                enc("灵芝子实体")
            ),
        )
        .await,
    );
    assert_eq!(voucher_count(&app, &book.id).await, 0);
    location(
        &app.post_form(
            &format!("{page}/logs?kind=sale"),
            &cadre.cookie,
            &format!(
                "_csrf={}&batch_id={batch}&date=2024-09-01&buyer={}&item={}&quantity=10&unit=kg&unit_price=80",
                cadre.csrf,
                enc("药材公司"),
                enc("灵芝子实体")
            ),
        )
        .await,
    );
    assert_eq!(voucher_count(&app, &book.id).await, 1);
    // The labour form offers the registry's people; a labour entry is its own voucher.
    let form = app.get(&production, &cadre.cookie).await;
    assert!(form.body.contains(&person.id) && form.body.contains("王守田"));
    assert!(!form.body.contains("ip-") && !form.body.contains("field."));
    location(
        &app.post_form(
            &format!("{page}/logs?kind=labour"),
            &cadre.cookie,
            &format!(
                "_csrf={}&batch_id={batch}&date=2024-09-02&person_id={}&days=2&wage=300",
                cadre.csrf, person.id
            ),
        )
        .await,
    );
    assert_eq!(voucher_count(&app, &book.id).await, 2);

    let results = app
        .get(&format!("{production}?year=2024"), &cadre.cookie)
        .await;
    assert_eq!(results.status, StatusCode::OK);
    let b = &results.body;
    assert!(b.contains("data-testid=\"gross-income\">800.00"), "{b}");
    assert!(b.contains("data-testid=\"wages\">300.00"), "{b}");
    assert!(b.contains("data-testid=\"net\">500.00"), "{b}");
    assert!(b.contains("data-testid=\"workers\">1<"), "{b}");
    let yields = &b[b.find("data-testid=\"yields\"").unwrap()..];
    let yields = &yields[..yields.find("</table>").unwrap()];
    assert!(
        yields.contains("<td class=\"num\">0.1</td>"),
        "50 kg over 500 m²: {yields}"
    );
    // The breakdown: the greenhouse, then its one batch, each with the whole year's figures.
    let breakdown = &b[b.find("data-testid=\"results-breakdown\"").unwrap()..];
    let breakdown = &breakdown[..breakdown.find("</table>").unwrap()];
    let rows: Vec<&str> = breakdown.split("<tr").skip(2).collect();
    assert_eq!(rows.len(), 2, "{breakdown}");
    assert!(
        rows[0].contains("1号棚") && rows[0].contains("灵芝子实体 50 公斤"),
        "{breakdown}"
    );
    assert!(
        rows[1].contains("└") && rows[1].contains("灵芝"),
        "{breakdown}"
    );
    for row in rows {
        assert!(
            row.contains(">800.00<") && row.contains(">500.00<"),
            "{row}"
        );
    }
    // Paying the labour entry settles it with one more voucher.
    let labour = store::industry::production::logs(&app.db, &Scope::system(), &id)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.kind == "labour")
        .unwrap();
    location(
        &app.post_form(
            &format!("{page}/pay-labour"),
            &cadre.cookie,
            &format!("_csrf={}&log={}&pay_date=2024-09-30", cadre.csrf, labour.id),
        )
        .await,
    );
    assert_eq!(voucher_count(&app, &book.id).await, 3);
    let paid = app.get(&production, &cadre.cookie).await;
    assert!(paid.body.contains(&zh().t("ip-paid")), "{}", paid.body);
    // Without a year the page opens on the latest year with records, not the calendar year.
    assert!(
        paid.body.contains("data-testid=\"gross-income\">800.00"),
        "{}",
        paid.body
    );
    let project_page = app.get(&page, &cadre.cookie).await;
    assert!(
        project_page
            .body
            .contains("data-testid=\"income-posted\">0.00"),
        "the sale's voucher is a draft: {}",
        project_page.body
    );
    let again = app
        .post_form(
            &format!("{page}/pay-labour"),
            &cadre.cookie,
            &format!("_csrf={}&log={}&pay_date=2024-09-30", cadre.csrf, labour.id),
        )
        .await;
    assert!(
        again.body.contains("data-testid=\"pay-error\""),
        "{}",
        again.body
    );
    assert_eq!(voucher_count(&app, &book.id).await, 3);
    let export = app
        .get(&format!("{page}/results.xlsx?year=2024"), &cadre.cookie)
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.bytes.starts_with(b"PK"));
    let csv = app
        .get(&format!("{page}/results.csv?year=2024"), &cadre.cookie)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let gross = format!("{},,800.00,", zh().t("ip-res-gross_income"));
    assert!(csv.body.contains(&gross), "{}", csv.body);
}

#[tokio::test]
async fn another_village_sees_no_project() {
    let app = app().await;
    let (org_id, _book) = book(&app).await;
    let cadre = app.login("cadre").await;
    let page = new_project(&app, &cadre, &org_id).await;
    // Every label is translated in English too.
    location(
        &app.post_form(
            "/lang",
            &cadre.cookie,
            &format!("_csrf={}&lang=en-US&back=/industry", cadre.csrf),
        )
        .await,
    );
    for path in [
        page.clone(),
        format!("{page}/production"),
        "/industry".to_string(),
        "/industry/projects/new".to_string(),
    ] {
        let en = app.get(&path, &cadre.cookie).await;
        assert_eq!(en.status, StatusCode::OK);
        assert!(en.body.contains("<html lang=\"en-US\">"), "{}", en.body);
        assert!(
            !en.body.contains("ip-") && !en.body.contains("field."),
            "{path}: {}",
            en.body
        );
    }
    let other = app.login("other").await;
    assert_eq!(
        app.get(&page, &other.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{page}/production"), &other.cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .post_form(
            &format!("{page}/status"),
            &other.cookie,
            &format!("_csrf={}&to=approved", other.csrf),
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let list = app.get("/industry", &other.cookie).await;
    assert!(!list.body.contains("灵芝大棚种植"));
}

//! The talent pool's dates on the pages: the new form offers today as the day in; a day out
//! before the day in is refused beside the field with what was typed kept and nothing
//! written; the entry, the list and the export show both dates.

use super::*;
use domain::people::PersonInput;
use domain::people::person::check_character;
use web::i18n::{I18n, Locale, Tr};

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

async fn person(app: &App, name: &str) -> String {
    let first = "34080319960101123".to_string();
    let number = format!("{first}{}", check_character(&first).unwrap());
    let p = PersonInput {
        region_code: "340803100201".into(),
        name: name.into(),
        id_number: number,
        political_status: "中共党员".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(&app.db, &Actor::system("test"), &p)
        .await
        .unwrap()
        .id
}

async fn entries(app: &App) -> Vec<store::people::TalentRecord> {
    store::people::talent::search(
        &app.db,
        &domain::identity::Scope::system(),
        &Default::default(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_day_out_before_the_day_in_is_refused_beside_the_field_and_kept() {
    let app = app().await;
    let p = person(&app, "储备甲").await;
    let admin = app.login("admin").await;
    let tr = zh();

    // The new form offers today.
    let form = app.get("/people/talent/new", &admin.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    let today = web::base::format::today().to_string();
    assert!(
        form.body
            .contains(&format!("name=\"entered_on\" value=\"{today}\"")),
        "{}",
        form.body
    );
    assert!(form.body.contains(&tr.t("field-left_on")));

    // 出库 before 入库: refused beside the day out, both dates and the skills kept.
    let bad = app
        .post_form(
            "/people/talent/new",
            &admin.cookie,
            &format!(
                "_csrf={}&person_id={p}&pool=reserve_cadre&skills={}&entered_on=2021-09-01&left_on=2021-08-31",
                admin.csrf,
                enc("村务管理")
            ),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let beside = bad.body.split("name=\"left_on\"").nth(1).unwrap();
    let (next_field, _) = beside.split_once("<label").unwrap();
    assert!(
        next_field.contains("data-testid=\"field-error\"")
            && next_field.contains("2021-08-31")
            && next_field.contains("2021-09-01"),
        "the message beside 出库日期 names both dates: {next_field}"
    );
    assert!(bad.body.contains("value=\"2021-09-01\""), "day in kept");
    assert!(bad.body.contains("value=\"2021-08-31\""), "day out kept");
    assert!(bad.body.contains("村务管理"), "skills kept");
    assert!(
        !bad.body.contains("data-testid=\"error\""),
        "not at the top"
    );
    assert!(entries(&app).await.is_empty(), "nothing written");

    // Saved with a day in only; the entry shows it, and “在库” for the day out.
    let ok = app
        .post_form(
            "/people/talent/new",
            &admin.cookie,
            &format!(
                "_csrf={}&person_id={p}&pool=reserve_cadre&entered_on=2021-09-01&left_on=",
                admin.csrf
            ),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let entry = ok.headers[header::LOCATION].to_str().unwrap().to_string();
    let page = app.get(&entry, &admin.cookie).await;
    assert!(page.body.contains("data-testid=\"entered_on\">2021-09-01<"));
    assert!(page.body.contains(&tr.t("pt-in-pool")));

    // Editing to a day out before the day in: refused beside the field, typed values kept,
    // the entry unchanged.
    let id = entry.rsplit('/').next().unwrap();
    let before = entries(&app).await;
    let edit = app
        .post_form(
            &format!("{entry}/edit"),
            &admin.cookie,
            &format!(
                "_csrf={}&category=other&skills={}&tags=&note=&entered_on=2021-09-01&left_on=2020-01-01",
                admin.csrf,
                enc("群众工作")
            ),
        )
        .await;
    assert_eq!(
        edit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        edit.body
    );
    assert!(edit.body.contains("value=\"2020-01-01\""), "day out kept");
    assert!(edit.body.contains("群众工作"), "skills kept");
    let beside = edit.body.split("name=\"left_on\"").nth(1).unwrap();
    assert!(
        beside
            .split_once("<label")
            .unwrap()
            .0
            .contains("field-error")
    );
    assert_eq!(entries(&app).await, before, "nothing written");

    // A good day out: saved, shown on the entry, the list and the export.
    let saved = app
        .post_form(
            &format!("{entry}/edit"),
            &admin.cookie,
            &format!(
                "_csrf={}&category=other&skills=&tags=&note=&entered_on=2021-09-01&left_on=2023-01-01",
                admin.csrf
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let t = entries(&app).await.remove(0);
    assert_eq!(t.id, id);
    assert_eq!(
        (t.entered_on.as_str(), t.left_on.as_deref()),
        ("2021-09-01", Some("2023-01-01"))
    );
    let page = app.get(&entry, &admin.cookie).await;
    assert!(page.body.contains("data-testid=\"left_on\">2023-01-01<"));
    let list = app.get("/people/talent", &admin.cookie).await;
    assert!(list.body.contains(&tr.t("field-entered_on")) && list.body.contains("2023-01-01"));
    let x = app.get("/people/talent/export.xlsx", &admin.cookie).await;
    let rows = usecase::tabular::read("t.xlsx", &x.bytes).unwrap();
    let header = &rows[0];
    let at = |k: &str| header.iter().position(|h| *h == tr.t(k)).unwrap();
    let row = rows
        .iter()
        .find(|r| r.contains(&"储备甲".to_string()))
        .unwrap();
    assert_eq!(
        (
            row[at("field-entered_on")].as_str(),
            row[at("field-left_on")].as_str()
        ),
        ("2021-09-01", "2023-01-01")
    );
}

#[tokio::test]
async fn a_talent_file_with_the_two_dates_is_imported_all_or_nothing() {
    let app = app().await;
    let p = person(&app, "储备乙").await;
    let first = "34080319960101123";
    let number = format!("{first}{}", check_character(first).unwrap());
    let admin = app.login("admin").await;
    let tr = zh();
    let page = app.get("/people/import", &admin.cookie).await;
    assert!(
        page.body.contains(&tr.t("pp-col-entered_on"))
            && page.body.contains(&tr.t("pp-col-left_on"))
    );
    let header: Vec<String> = usecase::people::TALENT_COLUMNS
        .iter()
        .map(|(k, _)| usecase::people::column_label(&tr, k))
        .collect();
    let row = |entered: &str, left: &str| {
        vec![
            number.clone(),
            "后备干部".to_string(),
            String::new(),
            "村务管理".to_string(),
            String::new(),
            entered.to_string(),
            left.to_string(),
            String::new(),
        ]
    };
    // A day out before the day in: the file is refused naming the row and column.
    let bad = usecase::tabular::csv_bytes(&header, &[row("2021-09-01", "2021-08-01")]).unwrap();
    let res = app
        .send(upload_request(
            "/people/import/talent",
            &admin,
            "t.csv",
            &bad,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("data-testid=\"import-error\""));
    assert!(res.body.contains(&tr.t("pp-col-left_on")), "{}", res.body);
    assert!(entries(&app).await.is_empty(), "nothing written");
    // Without the day out, and the day in given: imported.
    let good = usecase::tabular::csv_bytes(&header, &[row("2021-09-01", "")]).unwrap();
    let res = app
        .send(upload_request(
            "/people/import/talent",
            &admin,
            "t.csv",
            &good,
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body
            .contains(&tr.t1("pp-import-talent-done", "count", &1))
    );
    let t = entries(&app).await.remove(0);
    assert_eq!(
        (
            t.person_id.as_str(),
            t.pool.as_str(),
            t.entered_on.as_str(),
            t.left_on
        ),
        (p.as_str(), "reserve_cadre", "2021-09-01", None)
    );
    // Again: the person is already in the pool, the file is refused.
    let res = app
        .send(upload_request(
            "/people/import/talent",
            &admin,
            "t.csv",
            &good,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(entries(&app).await.len(), 1);
    // Without the day in: today.
    let q = {
        let first = "34080319970101124".to_string();
        let number = format!("{first}{}", check_character(&first).unwrap());
        let input = PersonInput {
            region_code: "340803100201".into(),
            name: "储备丙".into(),
            id_number: number.clone(),
            political_status: "群众".into(),
            ..Default::default()
        };
        store::people::persons::create(&app.db, &Actor::system("test"), &input.validate().unwrap())
            .await
            .unwrap();
        number
    };
    let mut r = row("", "");
    r[0] = q;
    r[1] = "乡土人才".into();
    let today = usecase::tabular::csv_bytes(&header, &[r]).unwrap();
    let res = app
        .send(upload_request(
            "/people/import/talent",
            &admin,
            "t.csv",
            &today,
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let added = entries(&app)
        .await
        .into_iter()
        .find(|t| t.person_name == "储备丙")
        .unwrap();
    assert_eq!(added.entered_on, web::base::format::today().to_string());
}

//! Industry imports and exports: harvest, sale and labour logs imported into a batch from
//! .csv and .xlsx (all or nothing, a bad row named with its column, nothing written), the
//! results following the import; the exports read back; another village is refused.

use super::*;
use domain::FieldError;
use domain::identity::Scope;
use domain::people::PersonInput;
use domain::people::person::check_character;
use store::ledger::books::{self, BookRecord};
use store::ledger::vouchers;
use usecase::import::{ImportError, Label, Reason};
use web::i18n::{I18n, Locale, Tr};

const BAOYING: &str = "340803100201";

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.headers[header::LOCATION].to_str().unwrap().to_string()
}

pub(super) async fn book(app: &App) -> (String, BookRecord) {
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

pub(super) async fn log_count(app: &App, project: &str) -> usize {
    store::industry::production::logs(&app.db, &Scope::system(), project)
        .await
        .unwrap()
        .len()
}

/// A villager of 保婴村 in the registry; returns the ID number.
pub(super) async fn villager(app: &App, name: &str, seq: u32) -> String {
    let first17 = format!("340803197503120{seq:02}");
    let number = format!("{first17}{}", check_character(&first17).unwrap());
    let p = PersonInput {
        region_code: BAOYING.into(),
        name: name.into(),
        id_number: number.clone(),
        political_status: "群众".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store::people::persons::create(&app.db, &Actor::system("test"), &p)
        .await
        .unwrap();
    number
}

/// A project with one greenhouse and one batch, entered through the forms: (page, id, batch).
pub(super) async fn project_with_batch(
    app: &App,
    s: &Session,
    org_id: &str,
) -> (String, String, String) {
    let created = app
        .post_form(
            "/industry/projects",
            &s.cookie,
            &format!(
                "_csrf={}&region_code={BAOYING}&org_id={org_id}&sector={}&title={}&responsible_name={}",
                s.csrf,
                enc("种植业"),
                enc("灵芝大棚种植"),
                enc("张书记")
            ),
        )
        .await;
    let page = location(&created);
    let id = page.trim_start_matches("/industry/projects/").to_string();
    location(
        &app.post_form(
            &format!("{page}/units"),
            &s.cookie,
            &format!(
                "_csrf={}&kind=greenhouse&name={}&area_m2=500",
                s.csrf,
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
            &s.cookie,
            &format!(
                "_csrf={}&unit_id={unit}&crop={}&started_on=2024-03-01&size=1000&size_unit={}",
                s.csrf,
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
    (page, id, batch)
}

/// The import form's upload: the batch and the file (htmx sends the token in a header).
pub(super) fn upload(
    path: &str,
    s: &Session,
    batch: &str,
    name: &str,
    bytes: &[u8],
) -> Request<Body> {
    let boundary = "zxupload";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"batch_id\"\r\n\r\n{batch}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// The header of a kind's template, as the template download gives it.
async fn template_header(app: &App, s: &Session, kind: &str) -> Vec<String> {
    let res = app
        .get(&format!("/industry/import/{kind}/template.csv"), &s.cookie)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    usecase::tabular::read("t.csv", &res.bytes).unwrap()[0].clone()
}

fn csv(header: &[String], rows: &[&[&str]]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    usecase::tabular::csv_bytes(header, &rows).unwrap()
}

#[tokio::test]
async fn imported_logs_are_written_with_their_vouchers_and_show_in_results_and_exports() {
    let app = app().await;
    let tr = zh();
    let (org_id, book) = book(&app).await;
    let wang = villager(&app, "王守田", 1).await;
    let li = villager(&app, "李桂芝", 2).await;
    let cadre = app.login("cadre").await;
    let (page, id, batch) = project_with_batch(&app, &cadre, &org_id).await;

    // The project and production pages link to the import page and the exports.
    let detail = app.get(&page, &cadre.cookie).await;
    assert!(detail.body.contains(&format!("{page}/import\"")));
    assert!(detail.body.contains(&format!("{page}/export/budget.xlsx")));
    let import_page = app.get(&format!("{page}/import"), &cadre.cookie).await;
    assert_eq!(import_page.status, StatusCode::OK);
    assert!(
        import_page
            .body
            .contains("data-testid=\"import-labour-form\"")
    );
    assert!(!import_page.body.contains("iio-") && !import_page.body.contains("ip-"));
    let template = app
        .get("/industry/import/sale/template.xlsx", &cadre.cookie)
        .await;
    assert!(template.bytes.starts_with(b"PK"));
    let harvest_header = template_header(&app, &cadre, "harvest").await;
    assert_eq!(harvest_header[0], "日期");

    // Harvest and sales from CSV (the template's header); labour from an .xlsx.
    let harvest = csv(
        &harvest_header,
        &[
            &["2024-08-20", "灵芝子实体", "50", "kg", "一级", ""],
            &["2024-08-25", "灵芝子实体", "20", "斤", "", ""],
        ],
    );
    let res = app
        .send(upload(
            &format!("{page}/import/harvest"),
            &cadre,
            &batch,
            "harvest.csv",
            &harvest,
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert!(res.body.contains(&tr.t1("iio-done-harvest", "count", &2)));
    assert_eq!(voucher_count(&app, &book.id).await, 0);

    let sale_header = template_header(&app, &cadre, "sale").await;
    let sales = csv(
        &sale_header,
        &[
            &[
                "2024-09-01",
                "药材公司",
                "灵芝子实体",
                "10",
                "kg",
                "80",
                "",
                "",
                "",
            ],
            &[
                "2024-09-02",
                "药店",
                "灵芝子实体",
                "4",
                "斤",
                "",
                "150.50",
                "",
                "",
            ],
        ],
    );
    let res = app
        .send(upload(
            &format!("{page}/import/sale"),
            &cadre,
            &batch,
            "sales.csv",
            &sales,
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert_eq!(voucher_count(&app, &book.id).await, 2);

    let labour_header = template_header(&app, &cadre, "labour").await;
    let labour = usecase::tabular::xlsx_bytes(
        "劳务",
        &labour_header,
        &[
            vec![
                "2024-09-03".into(),
                wang.clone(),
                "王守田".into(),
                "2".into(),
                "300".into(),
                String::new(),
            ],
            vec![
                "2024-09-04".into(),
                li.clone(),
                String::new(),
                "1.5".into(),
                "225".into(),
                "采摘".into(),
            ],
        ],
    )
    .unwrap();
    let res = app
        .send(upload(
            &format!("{page}/import/labour"),
            &cadre,
            &batch,
            "labour.xlsx",
            &labour,
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert_eq!(voucher_count(&app, &book.id).await, 4);
    assert_eq!(log_count(&app, &id).await, 6);

    // The results follow: figures from the store's own results of the same logs.
    let r = store::industry::results::results(
        &app.db,
        &Scope::system(),
        &store::industry::results::Selection::Project(id.clone()),
        Some(2024),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(r.distinct_workers, 2);
    assert_eq!(r.gross_income, 80_000 + 15_050);
    let production = app
        .get(&format!("{page}/production?year=2024"), &cadre.cookie)
        .await;
    let b = &production.body;
    assert!(b.contains("data-testid=\"gross-income\">950.50"), "{b}");
    assert!(b.contains("data-testid=\"wages\">525.00"), "{b}");
    assert!(b.contains("data-testid=\"workers\">2<"), "{b}");
    assert!(b.contains("data-testid=\"person-days\">3.5<"), "{b}");

    // The logs export holds every recorded row with its voucher number; xlsx and csv agree.
    let logs = store::industry::production::logs(&app.db, &Scope::system(), &id)
        .await
        .unwrap();
    let xlsx = app
        .get(&format!("{page}/export/logs.xlsx"), &cadre.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let sheet = usecase::tabular::read("logs.xlsx", &xlsx.bytes).unwrap();
    let csv_export = app
        .get(&format!("{page}/export/logs.csv"), &cadre.cookie)
        .await;
    let from_csv = usecase::tabular::read("logs.csv", &csv_export.bytes).unwrap();
    // The same cells: the workbook keeps amounts as numbers (800 where the CSV says 800.00).
    let same = |x: &str, y: &str| {
        x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
    };
    assert_eq!(sheet.len(), from_csv.len());
    for (a, b) in sheet.iter().zip(&from_csv) {
        assert!(
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
            "{a:?} / {b:?}"
        );
    }
    {
        use calamine::{Data, Reader};
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).unwrap();
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).unwrap();
        let sale = range
            .rows()
            .find(|r| r[3] == Data::String("灵芝子实体".into()) && r[7] != Data::Empty)
            .unwrap();
        assert!(matches!(sale[0], Data::DateTime(_)), "{sale:?}");
        assert!(matches!(sale[9], Data::Float(_)), "{sale:?}");
        let name = super::paper::saved_name(&xlsx);
        assert!(
            name.ends_with("-logs.xlsx") && name.len() > "-logs.xlsx".len(),
            "{name}"
        );
    }
    assert_eq!(sheet.len(), logs.len() + 1);
    // The text as shown (the CSV's; the workbook's numbers are checked above).
    let sheet = from_csv;
    let col = |name: &str| sheet[0].iter().position(|h| h == name).unwrap();
    let (date, voucher, person, amount) = (
        col(&tr.t("ip-col-date")),
        col(&tr.t("ip-col-voucher")),
        col(&tr.t("iio-col-name")),
        col(&tr.t("ip-col-amount")),
    );
    for log in &logs {
        let row = sheet
            .iter()
            .skip(1)
            .find(|r| r[date] == log.date)
            .unwrap_or_else(|| panic!("{} missing", log.date));
        assert_eq!(row[voucher].is_empty(), log.voucher_id.is_none(), "{row:?}");
        if let Some(a) = log.amount {
            assert_eq!(row[amount], domain::Money(a).to_string());
        }
    }
    let sale_row = sheet.iter().find(|r| r[date] == "2024-09-02").unwrap();
    assert_eq!(sale_row[amount], "150.50");
    assert!(sale_row[voucher].starts_with("2024-09 记-"), "{sale_row:?}");
    assert!(sheet.iter().any(|r| r[person] == "王守田"));

    // The other lists export too, in both formats.
    for list in [
        "funding",
        "budget",
        "disbursements",
        "milestones",
        "units",
        "batches",
        "workers",
        "households",
    ] {
        for ext in ["xlsx", "csv"] {
            let res = app
                .get(
                    &format!("{page}/export/{list}.{ext}?year=2024"),
                    &cadre.cookie,
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{list}.{ext}");
            let rows = usecase::tabular::read(&format!("x.{ext}"), &res.bytes).unwrap();
            assert!(!rows[0].is_empty(), "{list}.{ext}");
        }
    }
    let workers = usecase::tabular::read(
        "w.csv",
        &app.get(
            &format!("{page}/export/workers.csv?year=2024"),
            &cadre.cookie,
        )
        .await
        .bytes,
    )
    .unwrap();
    assert_eq!(workers.len(), 1 + r.distinct_workers);
    let units = usecase::tabular::read(
        "u.csv",
        &app.get(&format!("{page}/export/units.csv"), &cadre.cookie)
            .await
            .bytes,
    )
    .unwrap();
    assert_eq!(units[1][0], "1号棚");
    assert_eq!(
        app.get(&format!("{page}/export/nothing.xlsx"), &cadre.cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_bad_row_names_row_and_column_and_writes_nothing() {
    let app = app().await;
    let tr = zh();
    let (org_id, book) = book(&app).await;
    let wang = villager(&app, "王守田", 1).await;
    let cadre = app.login("cadre").await;
    let (page, id, batch) = project_with_batch(&app, &cadre, &org_id).await;
    let header = template_header(&app, &cadre, "labour").await;
    let unknown = {
        let first17 = "34080319900101009";
        format!("{first17}{}", check_character(first17).unwrap())
    };
    let good: &[&str] = &["2024-09-03", &wang, "王守田", "2", "300", ""];
    let cases: Vec<(Vec<&str>, &str, FieldError)> = vec![
        (
            vec!["2024-09-04", &wang, "", "-1", "300", ""],
            "iio-col-days",
            FieldError::new("industry.quantity_invalid", "days").arg("value", "-1"),
        ),
        (
            vec!["2024-09-04", &unknown, "", "1", "150", ""],
            "iio-col-id_number",
            FieldError::new("people.person_unknown", "id_number")
                .arg("value", domain::people::mask_id_number(&unknown)),
        ),
        (
            vec!["2024-09-04", &wang, "王二", "1", "150", ""],
            "iio-col-name",
            FieldError::new("industry.name_mismatch", "name")
                .arg("value", "王二")
                .arg("id_number", domain::people::mask_id_number(&wang)),
        ),
    ];
    for (bad, column, error) in cases {
        let file = csv(&header, &[good, &bad]);
        let res = app
            .send(upload(
                &format!("{page}/import/labour"),
                &cadre,
                &batch,
                "labour.csv",
                &file,
            ))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let expected = ImportError::row(
            "labour.csv",
            3,
            Label::message(column.to_string()),
            Reason::Field(error.clone()),
        )
        .describe(&tr);
        assert!(
            res.body.contains("data-testid=\"import-error\"")
                && res.body.contains(&expected)
                && res.body.contains("第 3 行")
                && res.body.contains(&tr.t("import-refused")),
            "{expected}: {}",
            res.body
        );
        assert!(!res.body.contains("import-ok"));
        assert!(!res.body.contains(&unknown) && !res.body.contains(&wang));
        assert_eq!(log_count(&app, &id).await, 0, "{column}: written");
        assert_eq!(voucher_count(&app, &book.id).await, 0);
    }
    // A missing column is named; a file that is not a spreadsheet is refused whole.
    let res = app
        .send(upload(
            &format!("{page}/import/sale"),
            &cadre,
            &batch,
            "sales.csv",
            "日期,产品\n2024-09-01,灵芝\n".as_bytes(),
        ))
        .await;
    assert!(
        res.body.contains(&tr.t("import-missing-column")),
        "{}",
        res.body
    );
    assert!(res.body.contains(&tr.t("iio-col-buyer")));
    let res = app
        .send(upload(
            &format!("{page}/import/sale"),
            &cadre,
            &batch,
            "sales.pdf",
            b"%PDF",
        ))
        .await;
    assert!(
        res.body.contains(&tr.t("import-unsupported_type")),
        "{}",
        res.body
    );
    // The good row alone imports.
    let res = app
        .send(upload(
            &format!("{page}/import/labour"),
            &cadre,
            &batch,
            "labour.csv",
            &csv(&header, &[good]),
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-ok\""),
        "{}",
        res.body
    );
    assert_eq!(log_count(&app, &id).await, 1);
    assert_eq!(voucher_count(&app, &book.id).await, 1);
}

#[tokio::test]
async fn another_village_cannot_import_into_the_batch_or_export() {
    let app = app().await;
    let (org_id, _book) = book(&app).await;
    let cadre = app.login("cadre").await;
    let (page, id, batch) = project_with_batch(&app, &cadre, &org_id).await;
    let header = template_header(&app, &cadre, "harvest").await;
    let file = csv(
        &header,
        &[&["2024-08-20", "灵芝子实体", "50", "kg", "", ""]],
    );
    let other = app.login("other").await;
    let res = app
        .send(upload(
            &format!("{page}/import/harvest"),
            &other,
            &batch,
            "harvest.csv",
            &file,
        ))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(log_count(&app, &id).await, 0);
    for path in [
        format!("{page}/import"),
        format!("{page}/export/logs.xlsx"),
        format!("{page}/export/budget.csv"),
    ] {
        assert_eq!(
            app.get(&path, &other.cookie).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // A batch of another project is not this project's: refused, nothing written.
    let res = app
        .send(upload(
            &format!("{page}/import/harvest"),
            &cadre,
            "not-a-batch",
            "harvest.csv",
            &file,
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert_eq!(log_count(&app, &id).await, 0);
    // In English, the import page is translated.
    location(
        &app.post_form(
            "/lang",
            &cadre.cookie,
            &format!("_csrf={}&lang=en-US&back=/industry", cadre.csrf),
        )
        .await,
    );
    for path in [
        format!("{page}/import"),
        page.clone(),
        format!("{page}/production"),
    ] {
        let en = app.get(&path, &cadre.cookie).await;
        assert!(en.body.contains("<html lang=\"en-US\">"));
        assert!(
            !en.body.contains("iio-") && !en.body.contains("ip-"),
            "{path}: {}",
            en.body
        );
    }
}

//! Sizes and encodings reported truthfully (issue 12 point 2), over HTTP: an upload over its
//! route's limit answers 413 naming the limit (page and API), not "文件损坏"; a CSV neither
//! UTF-8 nor GB18030 names the byte offset; an unknown organisation in a voucher file is
//! named; the industry templates import as downloaded.

use super::industry_io::{book, log_count, project_with_batch, upload, villager};
use super::*;

const MIB: usize = 1024 * 1024;

/// The figure the limit message shows for the import routes' limit.
fn import_limit_mb() -> usize {
    web::state::DEFAULT_UPLOAD_MAX_BYTES / MIB
}

#[tokio::test]
async fn an_upload_over_the_limit_answers_413_naming_the_limit() {
    let app = app().await;
    let admin = app.login("admin").await;
    let limit = web::state::DEFAULT_UPLOAD_MAX_BYTES;
    let big = vec![b'a'; limit + 1024];
    let zh = format!("文件超过 {} MB 上限", import_limit_mb());
    let unreadable = "无法读取该文件";

    // The body read by the handler (no Content-Length: found while reading).
    let res = app
        .send(upload_request("/regions/import", &admin, "big.csv", &big))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(
        res.body.contains(&zh) && !res.body.contains(unreadable),
        "{}",
        res.body
    );

    // Declared by Content-Length: refused before anything is read.
    let mut req = upload_request("/regions/import", &admin, "big.csv", &big);
    let length = (big.len() + 400).to_string();
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, length.parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(res.body.contains(&zh), "{}", res.body);

    // Every importer's route says the same (people roster, attendance, industry logs,
    // vouchers), before it looks the training, project or book up.
    let cadre = app.login("cadre").await;
    for path in [
        "/people/import/persons",
        "/people/trainings/none/import",
        "/industry/projects/none/import/labour",
        "/ledger/books/none/vouchers/import",
    ] {
        let mut req = upload_request(path, &cadre, "big.xlsx", &big);
        req.headers_mut()
            .insert(header::CONTENT_LENGTH, length.parse().unwrap());
        let res = app.send(req).await;
        assert_eq!(
            res.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path}: {}",
            res.body
        );
        assert!(res.body.contains(&zh), "{path}: {}", res.body);
    }

    // The API answers JSON with the code and the message (a meeting's attachments).
    let api_limit = web::state::DEFAULT_UPLOAD_MAX_BYTES;
    let api_body = vec![b'a'; api_limit + 1024];
    let mut req = upload_request(
        "/api/v1/meetings/none/attachments",
        &admin,
        "big.pdf",
        &api_body,
    );
    req.headers_mut().insert(
        header::CONTENT_LENGTH,
        (api_body.len() + 400).to_string().parse().unwrap(),
    );
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    let body: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(body["code"], "upload.too_large");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("文件超过 {} MB 上限", api_limit / MIB)),
        "{message}"
    );

    // An upload under the limit still reaches the handler.
    let res = app
        .send(upload_request("/regions/import", &admin, "small.csv", b"x"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.body.contains(&zh));
}

#[tokio::test]
async fn a_csv_neither_utf8_nor_gb18030_names_the_byte_offset() {
    let app = app().await;
    let admin = app.login("admin").await;
    // A roster saved in some other encoding: UTF-8 up to a byte no encoding we read has.
    let mut csv = "区划代码,上级区划代码,名称,类型\n340803100201,340803100000,保婴村,村\n"
        .as_bytes()
        .to_vec();
    csv.extend_from_slice(b"340803100202,340803100000,");
    csv.extend_from_slice(&[0xFF, 0xFE, b'x']);
    csv.extend_from_slice(",村\n".as_bytes());
    let offset = csv.iter().position(|b| *b == 0xFF).unwrap();
    let row = csv[..offset].iter().filter(|b| **b == b'\n').count() + 1;

    let res = app
        .send(upload_request("/regions/import", &admin, "latin.csv", &csv))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("字节偏移 {offset}"))
            && res.body.contains(&format!("第 {row} 行"))
            && res.body.contains("GB18030"),
        "{}",
        res.body
    );

    // The same file read directly (as the CLI does) says the same.
    let error = usecase::tabular::read("latin.csv", &csv).unwrap_err();
    assert_eq!(error, usecase::tabular::ReadError::Encoding { offset, row });

    // GB18030 (as Excel in China saves CSV) still reads.
    let (gb, _, _) = encoding_rs::GB18030.encode("名称,类型\n保婴村,村\n");
    let rows = usecase::tabular::read("gb.csv", &gb).unwrap();
    assert_eq!(rows[1], vec!["保婴村".to_string(), "村".to_string()]);
}

#[tokio::test]
async fn an_unknown_organisation_in_a_voucher_file_is_named() {
    let app = app().await;
    let (_org, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    // The second line of a voucher names an organisation that does not exist: grouped by
    // organisation first, this made two one-line vouchers ("needs two lines").
    let unknown = "91340800MA2UNKNOWN";
    let csv = format!(
        "组织,日期,凭证号,摘要,科目代码,借方金额,贷方金额\n\
         ,2024-10-08,,付电费,513,80.50,\n\
         {unknown},2024-10-08,,付电费,101,,80.50\n"
    );
    let res = app
        .send(upload_request(&path, &cadre, "orgs.csv", csv.as_bytes()))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let tr = web::i18n::Tr::new(
        std::sync::Arc::new(web::i18n::I18n::load().unwrap()),
        web::i18n::Locale::ZhCn,
    );
    let two_lines = tr.t("ledger.too_few_lines");
    assert!(
        res.body.contains("data-testid=\"import-error\"")
            && res.body.contains(unknown)
            && res.body.contains("第 3 行")
            && !res.body.contains(&two_lines),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn the_industry_templates_import_as_downloaded() {
    let app = app().await;
    let (org_id, _) = book(&app).await;
    // The templates are dated today: the organisation keeps books for this year.
    let year = domain::time::today().format("%Y").to_string();
    store::ledger::books::open_book(
        &app.db,
        &Actor::system("test"),
        &org_id,
        year.parse().unwrap(),
        None,
    )
    .await
    .unwrap();
    let _wang = villager(&app, "王守田", 1).await;
    let cadre = app.login("cadre").await;
    let (page, id, batch) = project_with_batch(&app, &cadre, &org_id).await;
    for kind in ["harvest", "sale", "labour"] {
        for ext in ["xlsx", "csv"] {
            let template = app
                .get(
                    &format!("/industry/import/{kind}/template.{ext}"),
                    &cadre.cookie,
                )
                .await;
            assert_eq!(template.status, StatusCode::OK, "{kind}.{ext}");
            let before = log_count(&app, &id).await;
            let res = app
                .send(upload(
                    &format!("{page}/import/{kind}"),
                    &cadre,
                    &batch,
                    &format!("{kind}-template.{ext}"),
                    &template.bytes,
                ))
                .await;
            assert_eq!(res.status, StatusCode::OK, "{kind}.{ext}");
            assert!(
                !res.body.contains("data-testid=\"import-error\""),
                "{kind}.{ext}: {}",
                res.body
            );
            assert_eq!(log_count(&app, &id).await, before + 1, "{kind}.{ext}");
        }
    }
}

/// htmx's own error handling: an upload sent by htmx that ends on the error page (too large)
/// tells htmx, by its response headers, to show that page's main part in place of the
/// page's; a plain browser gets the same page without them.
#[tokio::test]
async fn an_htmx_upload_ending_on_the_error_page_retargets_main() {
    let app = app().await;
    let admin = app.login("admin").await;
    let big = vec![b'a'; web::state::DEFAULT_UPLOAD_MAX_BYTES + 1024];
    let zh = format!("文件超过 {} MB 上限", import_limit_mb());

    let mut req = upload_request("/regions/import", &admin, "big.csv", &big);
    req.headers_mut()
        .insert("hx-request", "true".parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert_eq!(res.headers["hx-retarget"], "#main");
    assert_eq!(res.headers["hx-reswap"], "outerHTML");
    assert_eq!(res.headers["hx-reselect"], "#main");
    // What htmx selects holds the message.
    let main = res.body.split_once("<main id=\"main\">").unwrap().1;
    assert!(main.contains(&zh), "{}", res.body);

    let res = app
        .send(upload_request("/regions/import", &admin, "big.csv", &big))
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!res.headers.contains_key("hx-retarget"));
}

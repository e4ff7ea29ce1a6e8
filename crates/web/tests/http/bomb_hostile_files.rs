//! Hostile spreadsheets (issue 12): a 6 KB .xlsx whose sheet declares A1:XFD1048576, or holds
//! a cell there, is refused on the region import and the voucher upload with a message
//! naming the limit, not a 500 and not an aborted process; the server answers afterwards.

use super::*;
use std::io::{Read, Write};

/// A small workbook whose first sheet has a header, one row and a cell at XFD1048576, its
/// `<dimension>` claiming A1:XFD1048576.
fn dimension_bomb() -> Vec<u8> {
    let header = vec!["区划代码".to_string(), "名称".to_string()];
    let rows = vec![vec!["340803100201".to_string(), "保婴村".to_string()]];
    let base = usecase::tabular::xlsx_bytes("s", &header, &rows).unwrap();
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let start = text.find("<dimension ref=\"").unwrap() + 16;
            let end = start + text[start..].find('"').unwrap();
            text = format!("{}A1:XFD1048576{}", &text[..start], &text[end..]);
            text = text.replace(
                "</sheetData>",
                "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
            );
        }
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_dimension_bomb_is_refused_naming_the_limit_and_the_server_stays_up() {
    let app = app().await;
    let bomb = dimension_bomb();
    assert!(bomb.len() < 16 * 1024, "{} bytes", bomb.len());
    let limit = usecase::tabular::ImportLimits::default().max_rows;
    let expected = format!("文件超过 {limit} 行");

    let admin = app.login("admin").await;
    let res = app
        .send(upload_request(
            "/regions/import",
            &admin,
            "bomb.xlsx",
            &bomb,
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("data-testid=\"import-error\"") && res.body.contains(&expected),
        "{}",
        res.body
    );

    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let path = format!("/ledger/books/{}/vouchers/import", book.id);
    let res = app
        .send(upload_request(&path, &cadre, "bomb.xlsx", &bomb))
        .await;
    assert!(res.status.as_u16() < 500, "{}", res.status);
    assert!(res.body.contains(&expected), "{}", res.body);

    // Still serving.
    let page = app.get("/regions/340803100201", &admin.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
}

//! The disclosure schedules page exports its table as .xlsx like every other list: each
//! category's provincial default and the district's own rule, with the numbers as numbers,
//! in the reader's language.

use super::*;
use calamine::Data;

fn sheet(bytes: &[u8]) -> Vec<Vec<Data>> {
    xlsx_rows(bytes)
}

fn text(s: &str) -> Data {
    Data::String(s.to_string())
}

#[tokio::test]
async fn the_schedules_export_holds_the_defaults_and_the_districts_own_rule() {
    let app = app().await;
    let admin = app.login("admin").await;
    let res = app
        .post_form(
            "/disclosure/schedules",
            &admin.cookie,
            &format!(
                "_csrf={}&category=affairs&cadence=monthly&monthly_over_vouchers=&due_days=7&major_days=3&needs_approval=1",
                admin.csrf
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let town = app.login("town").await;
    let page = app.get("/disclosure/schedules", &town.cookie).await;
    assert!(
        page.body
            .contains("href=\"/disclosure/schedules/export.xlsx\" data-testid=\"export\""),
        "{}",
        page.body
    );

    let xlsx = app
        .get("/disclosure/schedules/export.xlsx", &town.cookie)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let rows = sheet(&xlsx.bytes);
    assert_eq!(
        rows[0],
        [
            "类别",
            "适用范围",
            "公开周期",
            "按月公开的凭证数",
            "公开期限（天）",
            "重大事项期限（天）",
            "须乡镇审核"
        ]
        .map(text)
    );
    // One row per stored rule: the provincial defaults and the district's own.
    let all = store::disclosure::schedules::all(&app.db).await.unwrap();
    let defaults = all.iter().filter(|r| r.region_code.is_none()).count();
    assert!(defaults >= 1);
    assert_eq!(rows.len(), 1 + defaults + 1);
    let own = rows
        .iter()
        .find(|r| r[1] == text("大观区 本区设置"))
        .expect("the district's own rule");
    assert_eq!(
        own,
        &vec![
            text("村务公开"),
            text("大观区 本区设置"),
            text("每月"),
            Data::Empty,
            Data::Float(7.0),
            Data::Float(3.0),
            text("是"),
        ]
    );
    // The finance default as stored: its numbers are numbers.
    let finance = all
        .iter()
        .find(|r| r.region_code.is_none() && r.category == "finance")
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r[0] == text("财务公开") && r[1] == text("省级默认"))
        .unwrap();
    assert_eq!(row[4], Data::Float(finance.due_days as f64));
    assert_eq!(row[5], Data::Float(finance.major_days as f64));
    match finance.monthly_over_vouchers {
        Some(n) => assert_eq!(row[3], Data::Float(n as f64)),
        None => assert_eq!(row[3], Data::Empty),
    }

    // In English for an English reader.
    let en = app
        .get(
            "/disclosure/schedules/export.xlsx",
            &format!("{}; zx_lang=en-US", town.cookie),
        )
        .await;
    let rows = sheet(&en.bytes);
    assert_eq!(rows[0][0], text("Category"));
    assert_eq!(rows[0][1], text("Applies"));
    assert!(
        rows.iter()
            .any(|r| r[1] == text("大观区 District setting") && r[2] == text("Monthly"))
    );
}

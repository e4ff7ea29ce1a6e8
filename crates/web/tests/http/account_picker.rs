//! The voucher form's account box searches by code and name (issue 13 point 8): a line's
//! account may be typed as its code, as the picker lists it ("102 银行存款") or by its name;
//! anything else is refused naming the row, with what was typed kept. The voucher list names
//! its preparers by name (point 9).

use super::*;

async fn accounts_are_found_by_code_or_name(app: &App) {
    let (_, book) = baoying_books(app).await;
    let cadre = app.login("cadre").await;
    let csrf = format!("_csrf={}", cadre.csrf);
    let url = format!("/ledger/books/{}/vouchers/new", book.id);

    let form = app.get(&url, &cadre.cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    // One list of the book's postable accounts serves every row's box.
    assert!(
        form.body.contains("<datalist id=\"accounts\">"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("list=\"accounts\" name=\"lines[0].account_code\"")
    );

    let entry = |first: &str, second: &str| {
        format!(
            "{csrf}&date=2024-05-06&summary={}&attachments=0\
             &lines[0].account_code={}&lines[0].debit=88&lines[0].credit=&lines[0].summary=\
             &lines[1].account_code={}&lines[1].debit=&lines[1].credit=88&lines[1].summary=",
            enc("提取备用金"),
            enc(first),
            enc(second)
        )
    };

    // By name, and as the picker lists it.
    let saved = app
        .post_form(&url, &cadre.cookie, &entry("库存现金", "102 银行存款"))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id = saved.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (_, lines) = store::ledger::vouchers::get(&app.db, &domain::identity::Scope::system(), &id)
        .await
        .unwrap()
        .unwrap();
    let codes: Vec<&str> = lines.iter().map(|l| l.account_code.as_str()).collect();
    assert_eq!(codes, ["101", "102"]);
    // The list names who prepared it by name, not by username.
    let list = app
        .get(
            &format!("/ledger/books/{}/vouchers", book.id),
            &cadre.cookie,
        )
        .await;
    assert!(list.body.contains("<td>cadre 名</td>"), "{}", list.body);
    assert!(!list.body.contains("<td>cadre</td>"), "{}", list.body);

    // A name no account has: refused, naming the row, the typed text kept and marked.
    let refused = app
        .post_form(&url, &cadre.cookie, &entry("备用金账户", "102"))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("第 1 行"), "{}", refused.body);
    assert!(
        refused
            .body
            .contains("value=\"备用金账户\" autocomplete=\"off\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn voucher_accounts_are_found_by_code_or_name() {
    let app = app().await;
    accounts_are_found_by_code_or_name(&app).await;
}

#[tokio::test]
async fn voucher_accounts_are_found_by_code_or_name_on_postgres() {
    let Some((db, pg)) = PgTestDb::create().await else {
        return;
    };
    let app = app_on(db.clone(), "http://127.0.0.1:8080").await;
    accounts_are_found_by_code_or_name(&app).await;
    drop(app);
    pg.drop_db(db).await;
}

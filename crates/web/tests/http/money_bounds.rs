//! Money is bounded (10^13 fen per entry) where it enters: the voucher API and form, voucher
//! files and industry logs refuse more with `money.too_large` naming the line or field, and
//! nothing is written. A balance that does not fit (books from before the bound) makes the
//! reports answer `money.overflow` with a translated message — never a 500, never a wrapped
//! figure or a village counted strong with i64::MAX.

use super::industry_api::{BAOYING, baoying_org};
use super::mechanism_more::{Caller, call};
use super::*;
use serde_json::{Value, json};

const BOUND: i64 = domain::money::MAX_AMOUNT_FEN;

async fn voucher_count(app: &App, book_id: &str) -> i64 {
    store::ledger::vouchers::list(
        &app.db,
        &domain::identity::Scope::system(),
        book_id,
        &Default::default(),
        store::Page::all(),
    )
    .await
    .unwrap()
    .1
}

fn lines(debit: i64, credit: i64) -> Value {
    json!({"date": "2024-04-02", "summary": "收到租金",
           "lines": [{"account_code": "102", "debit": debit},
                     {"account_code": "501", "credit": credit}]})
}

#[tokio::test]
async fn a_voucher_line_beyond_the_bound_is_refused_through_the_api_naming_the_line() {
    let app = app().await;
    let (org, book) = baoying_books(&app).await;
    let s = app.login("cadre").await;
    let cadre = Caller::Session(&s);
    let path = format!("/api/v1/orgs/{}/vouchers", org.id);
    let before = voucher_count(&app, &book.id).await;

    let (status, err) = call(&app, &cadre, "POST", &path, Some(lines(100, BOUND + 1))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("money.too_large"), Some("credit"))
    );
    let message = err["message"].as_str().unwrap();
    assert!(message.starts_with("第 2 行："), "{message}");
    assert!(
        message.contains("100000000000.01") && message.contains("100000000000.00"),
        "the amount and the bound in yuan: {message}"
    );

    // i64::MAX fen (the figure the old code took and wrapped) on either side.
    for body in [lines(i64::MAX, i64::MAX), lines(100, i64::MAX)] {
        let (status, err) = call(&app, &cadre, "POST", &path, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(err["code"].as_str(), Some("money.too_large"), "{err}");
    }
    // Red ink beyond the bound too.
    let (status, err) = call(
        &app,
        &cadre,
        "POST",
        &path,
        Some(lines(-BOUND - 1, -BOUND - 1)),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("money.too_large"))
    );
    assert_eq!(
        voucher_count(&app, &book.id).await,
        before,
        "nothing written"
    );

    // The bound itself is an amount.
    let (status, v) = call(&app, &cadre, "POST", &path, Some(lines(BOUND, BOUND))).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(voucher_count(&app, &book.id).await, before + 1);
}

#[tokio::test]
async fn a_yuan_amount_beyond_the_bound_is_refused_in_the_entry_form() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let before = voucher_count(&app, &book.id).await;
    let form = |amount: &str| {
        format!(
            "_csrf={}&date=2024-02-03&summary=x&lines[0].account_code=101&lines[0].debit=80&lines[1].account_code=102&lines[1].credit={}",
            cadre.csrf,
            enc(amount)
        )
    };
    for amount in [
        "100,000,000,000.01",
        "92233720368547758.07",
        "99999999999999999999999999",
    ] {
        let res = app
            .post_form(
                &format!("/ledger/books/{}/vouchers/new", book.id),
                &cadre.cookie,
                &form(amount),
            )
            .await;
        assert_ne!(res.status, StatusCode::SEE_OTHER, "{amount}: refused");
        assert!(
            res.body.contains("超过单笔上限") && res.body.contains("100000000000.00"),
            "{amount}: {}",
            res.body
        );
        assert!(res.body.contains("第 2 行"), "{amount}: the line is named");
        assert!(
            !res.body.contains("不是有效") && !res.body.contains("无效"),
            "{amount}: too large, not invalid"
        );
    }
    assert_eq!(
        voucher_count(&app, &book.id).await,
        before,
        "nothing written"
    );
}

#[tokio::test]
async fn a_voucher_file_with_an_amount_beyond_the_bound_is_refused_naming_the_row() {
    let app = app().await;
    let (_, book) = baoying_books(&app).await;
    let cadre = app.login("cadre").await;
    let before = voucher_count(&app, &book.id).await;
    let csv = "日期,凭证号,摘要,科目代码,借方金额,贷方金额,制单人,审核人\n\
               2024-10-08,,付电费,513,100000000000.01,,王会计,李站长\n\
               2024-10-08,,付电费,101,,100000000000.01,王会计,李站长\n";
    let res = app
        .send(upload_request(
            &format!("/ledger/books/{}/vouchers/import", book.id),
            &cadre,
            "big.csv",
            csv.as_bytes(),
        ))
        .await;
    assert!(
        res.body.contains("data-testid=\"import-error\""),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("big.csv")
            && res.body.contains("第 2 行")
            && res.body.contains("超过单笔上限"),
        "{}",
        res.body
    );
    assert_eq!(
        voucher_count(&app, &book.id).await,
        before,
        "nothing written"
    );
}

#[tokio::test]
async fn a_sale_whose_quantity_times_price_is_beyond_the_bound_is_refused() {
    let app = app().await;
    let s = app.login("cadre").await;
    let cadre = Caller::Session(&s);
    let org = baoying_org(&app).await;
    let (status, p) = call(
        &app,
        &cadre,
        "POST",
        "/api/v1/projects",
        Some(
            json!({"region_code": BAOYING, "org_id": org.id, "sector": "种植业",
                   "title": "灵芝大棚种植", "responsible_name": "张书记", "applied_on": "2024-01-05"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let project = format!("/api/v1/projects/{}", p["id"].as_str().unwrap());
    let (status, unit) = call(
        &app,
        &cadre,
        "POST",
        &format!("{project}/units"),
        Some(json!({"kind": "greenhouse", "name": "1号棚", "area_m2": "500"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    let (status, batch) = call(
        &app,
        &cadre,
        "POST",
        &format!("/api/v1/units/{}/batches", unit["id"].as_str().unwrap()),
        Some(
            json!({"crop": "灵芝", "started_on": "2024-03-01", "size": "1000", "size_unit": "袋"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{batch}");
    let logs = format!("/api/v1/batches/{}/logs", batch["id"].as_str().unwrap());
    let book_id =
        store::ledger::books::list_books(&app.db, &domain::identity::Scope::system(), &org.id)
            .await
            .unwrap()[0]
            .id
            .clone();
    let before = voucher_count(&app, &book_id).await;
    let sale = |quantity: &str, unit_price: i64| {
        json!({"kind": "sale", "date": "2024-09-01", "buyer": "药材公司", "item": "灵芝子实体",
               "quantity": quantity, "unit": "kg", "unit_price": unit_price})
    };
    // 10^9 kg at 10^9 yuan: 10^20 fen, beyond i64 itself; 2 kg at 600 亿元: beyond the bound.
    for (quantity, price) in [("1000000000", 100_000_000_000), ("2", 6_000_000_000_000)] {
        let (status, err) = call(&app, &cadre, "POST", &logs, Some(sale(quantity, price))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(
            (err["code"].as_str(), err["field"].as_str()),
            (Some("money.too_large"), Some("amount")),
            "{err}"
        );
        assert!(
            err["message"].as_str().unwrap().contains("超过单笔上限"),
            "{err}"
        );
    }
    // A unit price or a wage beyond the bound by itself.
    let (status, err) = call(&app, &cadre, "POST", &logs, Some(sale("1", i64::MAX))).await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("money.too_large"),
            Some("unit_price")
        )
    );
    assert_eq!(
        voucher_count(&app, &book_id).await,
        before,
        "nothing written"
    );
    // At the bound it is a sale, with its voucher.
    let (status, ok) = call(&app, &cadre, "POST", &logs, Some(sale("2", BOUND / 2))).await;
    assert_eq!(status, StatusCode::CREATED, "{ok}");
    assert_eq!(ok["amount"].as_i64(), Some(BOUND));
    assert_eq!(voucher_count(&app, &book_id).await, before + 1);
}

#[tokio::test]
async fn an_overflowing_balance_makes_the_reports_say_so_never_500() {
    let app = app().await;
    let (org, book) = baoying_books(&app).await;
    let Db::Sqlite(pool) = &app.db else {
        unreachable!()
    };
    // Books from before the bound: 501's credit alone near i64::MAX in two months, so that
    // every sum over it (SQL SUM, closings, statements, the classification) does not fit.
    let near = i64::MAX - 1_000;
    for period in ["2024-09", "2024-10"] {
        sqlx::query(
            "INSERT INTO ledger_period_balances (book_id, account_code, period, debit, credit, closing_debit, closing_credit)
             VALUES ($1, '501', $2, 0, 0, 0, 0) ON CONFLICT (book_id, account_code, period) DO NOTHING",
        )
        .bind(&book.id)
        .bind(period)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "UPDATE ledger_period_balances SET credit = $2 WHERE book_id = $1 AND account_code = '501'",
    )
    .bind(&book.id)
    .bind(near)
    .execute(pool)
    .await
    .unwrap();
    let admin = app.login("admin").await;
    let admin_caller = Caller::Session(&admin);
    for path in [
        format!(
            "/api/v1/orgs/{}/reports/trial-balance?from=2024-01&to=2024-12",
            org.id
        ),
        format!(
            "/api/v1/orgs/{}/reports/balance-sheet?period=2024-12",
            org.id
        ),
        format!("/api/v1/orgs/{}/reports/income-statement?year=2024", org.id),
        "/api/v1/classification?year=2024".to_string(),
    ] {
        let (status, err) = call(&app, &admin_caller, "GET", &path, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}: {err}");
        assert_eq!(
            err["code"].as_str(),
            Some("money.overflow"),
            "{path}: {err}"
        );
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("超出了可记录的范围"),
            "{path}: {err}"
        );
    }
    for page in [
        format!("/ledger/books/{}/trial-balance", book.id),
        "/ledger/classification?year=2024".to_string(),
        format!("/regions/{BAOYING}"),
    ] {
        let res = app.get(&page, &admin.cookie).await;
        assert_ne!(
            res.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{page}: {}",
            res.body
        );
        assert!(
            !res.body.contains("9223372036854775807")
                && !res.body.contains("92,233,720,368,547,758.07"),
            "{page}: no saturated figure"
        );
    }
}

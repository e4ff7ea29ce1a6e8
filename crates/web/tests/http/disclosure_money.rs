//! Money bounds in disclosures (issue 15 leftovers): a village whose books hold balances that
//! no longer add up within the integer range (books from before the bound) cannot publish a
//! finance quarter. Publishing answers the translated `money.overflow`, beside the steps; the
//! preview says the same in its place; nothing is frozen: no version, no log leaf, nothing
//! public. On both backends.

use super::disclosure_english::{Quarter, baoying_quarter, on_both_backends};
use super::disclosure_items::step;
use super::*;

/// Runs one statement of test setup directly on the database (not through the store).
async fn exec(db: &Db, sql: &str, book_id: &str, value: i64) {
    macro_rules! run {
        ($pool:expr) => {
            sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .bind(book_id)
                .bind(value)
                .execute($pool)
                .await
                .map(drop)
        };
    }
    match db {
        Db::Sqlite(pool) => run!(pool),
        Db::Postgres(pool) => run!(pool),
    }
    .unwrap();
}

async fn an_overflowing_quarter_is_not_published(app: &App) {
    let Quarter {
        book,
        cadre,
        town,
        id,
    } = baoying_quarter(app).await;
    for (s, name) in [(&cadre, "submit"), (&town, "approve")] {
        assert_eq!(
            step(app, s, &id, name).await.status,
            StatusCode::SEE_OTHER,
            "{name}"
        );
    }
    // Income credited near i64::MAX in August and in September: each month's figure fits,
    // the quarter's sum does not.
    let near = i64::MAX - 1_000;
    for month in ["08", "09"] {
        exec(
            &app.db,
            &format!(
                "INSERT INTO ledger_period_balances (book_id, account_code, period, debit, credit, closing_debit, closing_credit)
                 VALUES ($1, '501', '2024-{month}', 0, $2, 0, 0)
                 ON CONFLICT (book_id, account_code, period) DO UPDATE SET credit = excluded.credit"
            ),
            &book.id,
            near,
        )
        .await;
    }
    let log_before = store::disclosure::log::size(&app.db).await.unwrap();

    let res = step(app, &cadre, &id, "publish").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let alert = res
        .body
        .split("data-testid=\"error\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or_else(|| panic!("no error beside the steps: {}", res.body));
    assert!(alert.contains("金额合计超出了可记录的范围"), "{alert}");
    // Nothing frozen: no version, no leaf, the item still waits to be published.
    assert!(
        store::disclosure::versions::history(&app.db, &id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store::disclosure::versions::get(&app.db, &id, 1)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store::disclosure::log::size(&app.db).await.unwrap(),
        log_before
    );
    let item = store::disclosure::items::get(&app.db, &domain::identity::Scope::system(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((item.state.as_str(), item.current_version), ("approved", 0));
    assert_eq!(
        app.get(&format!("/public/d/{id}"), "").await.status,
        StatusCode::NOT_FOUND
    );
    // The item page's preview says why in its place, in the reader's language.
    let page = app
        .get(
            &format!("/disclosure/items/{id}"),
            &format!("{}; zx_lang=en-US", cadre.cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let preview = page
        .body
        .split("data-testid=\"preview-error\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no preview error: {}", page.body));
    assert!(
        preview.starts_with("The amounts add up to more than can be recorded"),
        "{preview}"
    );
}

#[tokio::test]
async fn a_quarter_whose_sums_overflow_answers_money_overflow_and_freezes_nothing() {
    on_both_backends(|app| Box::pin(an_overflowing_quarter_is_not_published(app))).await;
}

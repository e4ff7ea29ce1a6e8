//! Year end (年终结转): profit-and-loss accounts are carried to 本年收益 (321), 本年收益 to
//! 收益分配 (322), every month is closed, and the next year's books open with the closing
//! balances (converted to the new chart when the system changes, e.g. 2023 → 2024).

use super::books::{self, AccountRecord, BookRecord, book_for_write, has_children};
use super::vouchers::{self, Kind};
use crate::audit;
use crate::{Db, StoreError, Tx, on_tx};
use domain::audit::{Action, entity};
use domain::identity::Actor;
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{AccountingSystem, Category, Period, chart};
use domain::{DomainError, FieldError, Money};
use std::collections::BTreeMap;

/// Current (debit-positive) closing balance of every account of a book, all months.
async fn closing_balances(
    tx: &mut Tx,
    book_id: &str,
    accounts: &[AccountRecord],
) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut out: BTreeMap<String, i64> = books::rolled_openings(accounts)?
        .into_iter()
        .map(|(code, b)| (code, b.opening))
        .collect();
    let rows: Vec<(String, i64, i64, i64, i64)> = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT account_code, debit, credit, closing_debit, closing_credit
             FROM ledger_period_balances WHERE book_id = $1",
        )
        .bind(book_id)
        .fetch_all(conn)
        .await?
    });
    let overflow = || DomainError::Conflict(domain::money::OVERFLOW);
    for (code, d, c, cd, cc) in rows {
        let entry = out.entry(code).or_default();
        *entry = [d, cd]
            .into_iter()
            .try_fold(*entry, i64::checked_add)
            .and_then(|x| [c, cc].into_iter().try_fold(x, i64::checked_sub))
            .ok_or_else(overflow)?;
    }
    Ok(out)
}

fn leaf_under<'a>(
    accounts: &'a [AccountRecord],
    code: &str,
    prefer: &str,
) -> Option<&'a AccountRecord> {
    let leaves: Vec<&AccountRecord> = accounts
        .iter()
        .filter(|a| a.code.starts_with(code) && a.active && !has_children(accounts, &a.code))
        .collect();
    leaves
        .iter()
        .find(|a| a.name.contains(prefer))
        .or_else(|| leaves.first())
        .copied()
}

/// What the year end did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearEnd {
    /// The year's result carried to 收益分配 (positive: profit), fen.
    pub result: i64,
    pub vouchers: Vec<String>,
}

/// Carries the year's income and expenses forward and closes the book. Every voucher of the
/// year must be posted. The months may already be closed (closing January to December first
/// is the normal order): the carry-over vouchers are posted into December all the same, and
/// every month is closed with the book.
pub async fn close_year(db: &Db, actor: &Actor, book_id: &str) -> Result<YearEnd, StoreError> {
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if book.closed {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    if !book.opening_checked {
        return Err(DomainError::Conflict("ledger.openings_unchecked").into());
    }
    // The months still holding unposted vouchers, so the refusal says where to look.
    let unposted: Vec<(String, i64)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT period, COUNT(*) FROM ledger_vouchers WHERE book_id = $1 AND state <> 'posted'
             GROUP BY period ORDER BY period",
        )
        .bind(book_id)
        .fetch_all(conn)
        .await?
    });
    if !unposted.is_empty() {
        let months: Vec<&str> = unposted.iter().map(|(p, _)| p.as_str()).collect();
        let count: i64 = unposted.iter().map(|(_, n)| n).sum();
        return Err(FieldError::new("ledger.period_has_unposted", "period")
            .arg("value", months.join("、"))
            .arg("count", count.to_string())
            .into());
    }
    let accounts = books::accounts_in_tx(&mut tx, book_id).await?;
    let date = chrono::NaiveDate::from_ymd_opt(book.year, 12, 31).ok_or(DomainError::NotFound)?;
    let mut posted = Vec::new();

    // 1. Profit-and-loss leaves to 本年收益.
    let balances = closing_balances(&mut tx, book_id, &accounts).await?;
    let current_year = leaf_under(&accounts, "321", "本年收益").ok_or_else(|| {
        FieldError::new("ledger.account_unknown", "account_code").arg("value", "321")
    })?;
    let mut lines = Vec::new();
    let (mut expenses, mut income) = (0i64, 0i64);
    for a in accounts.iter().filter(|a| {
        a.category == Category::ProfitLoss.as_str() && !has_children(&accounts, &a.code)
    }) {
        let b = balances.get(&a.code).copied().unwrap_or(0);
        let overflow = || DomainError::Conflict(domain::money::OVERFLOW);
        if b > 0 {
            expenses = expenses.checked_add(b).ok_or_else(overflow)?;
            lines.push(line(&a.code, 0, b));
        } else if b < 0 {
            let amount = b.checked_neg().ok_or_else(overflow)?;
            income = income.checked_add(amount).ok_or_else(overflow)?;
            lines.push(line(&a.code, amount, 0));
        }
    }
    if expenses > 0 {
        lines.push(line(&current_year.code, expenses, 0));
    }
    if income > 0 {
        lines.push(line(&current_year.code, 0, income));
    }
    if lines.len() >= 2 {
        let v = voucher(date, "结转本年收入和费用", lines);
        posted.push(post_closing(&mut tx, actor, &book, &v).await?);
    }

    // 2. 本年收益 to 收益分配.
    let balances = closing_balances(&mut tx, book_id, &accounts).await?;
    let result = balances
        .get(&current_year.code)
        .copied()
        .unwrap_or(0)
        .checked_neg()
        .ok_or(DomainError::Conflict(domain::money::OVERFLOW))?;
    let distribution = leaf_under(&accounts, "322", "未分配").ok_or_else(|| {
        FieldError::new("ledger.account_unknown", "account_code").arg("value", "322")
    })?;
    if result != 0 {
        let lines = if result > 0 {
            vec![
                line(&current_year.code, result, 0),
                line(&distribution.code, 0, result),
            ]
        } else {
            vec![
                line(&current_year.code, 0, -result),
                line(&distribution.code, -result, 0),
            ]
        };
        let v = voucher(date, "结转本年收益", lines);
        posted.push(post_closing(&mut tx, actor, &book, &v).await?);
    }

    // 3. Every month closed, the book closed.
    let now = domain::time::now_text();
    for month in 1..=12 {
        let p = Period::new(book.year, month)
            .ok_or(DomainError::NotFound)?
            .to_string();
        on_tx!(&mut tx, |conn| {
            sqlx::query(
                "INSERT INTO ledger_periods (book_id, period, closed, changed_at, changed_by, reopen_reason)
                 VALUES ($1, $2, $3, $4, $5, NULL)
                 ON CONFLICT (book_id, period) DO UPDATE SET closed = excluded.closed,
                     changed_at = excluded.changed_at, changed_by = excluded.changed_by",
            )
            .bind(book_id)
            .bind(&p)
            .bind(true)
            .bind(&now)
            .bind(&actor.username)
            .execute(conn)
            .await?;
        });
    }
    let rows = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE ledger_books SET closed = $2, updated_at = $3 WHERE id = $1 AND closed = $4",
        )
        .bind(book_id)
        .bind(true)
        .bind(&now)
        .bind(false)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if rows != 1 {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    audit::change(
        &mut tx,
        actor,
        Action::Close,
        audit::Subject {
            entity: entity::LEDGER_BOOK,
            id: book_id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({ "year": book.year, "result": result, "vouchers": posted })),
    )
    .await?;
    tx.commit().await?;
    Ok(YearEnd {
        result,
        vouchers: posted,
    })
}

fn line(code: &str, debit: i64, credit: i64) -> Line {
    Line {
        account_code: code.to_string(),
        debit: Money(debit),
        credit: Money(credit),
        summary: String::new(),
    }
}

fn voucher(date: chrono::NaiveDate, summary: &str, lines: Vec<Line>) -> Voucher {
    Voucher {
        date,
        period: Period::of_date(date),
        summary: summary.to_string(),
        attachments: 0,
        lines,
    }
}

/// Closing vouchers are made and posted by the year-end action itself (audited as such):
/// there is no second person to review what the system computed.
async fn post_closing(
    tx: &mut Tx,
    actor: &Actor,
    book: &BookRecord,
    v: &Voucher,
) -> Result<String, StoreError> {
    let record = vouchers::insert_draft(tx, actor, &book.id, v, Kind::Closing, None).await?;
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "UPDATE ledger_vouchers SET state = 'reviewed', reviewer_name = $2 WHERE id = $1",
        )
        .bind(&record.id)
        .bind(&actor.username)
        .execute(conn)
        .await?;
    });
    vouchers::post_in_tx(tx, actor, &record.id).await?;
    Ok(record.id)
}

/// Opens the next year's books with this year's closing balances as openings: the same
/// sub-accounts, or on a change of chart the accounts mapped by the conversion file.
pub async fn open_next_year(
    db: &Db,
    actor: &Actor,
    book_id: &str,
) -> Result<BookRecord, StoreError> {
    let (book, accounts, balances) = {
        let mut tx = db.begin_write().await?;
        let (book, _) = book_for_write(&mut tx, actor, book_id).await?;
        if !book.closed {
            return Err(DomainError::Conflict("ledger.book_not_closed").into());
        }
        let accounts = books::accounts_in_tx(&mut tx, book_id).await?;
        let balances = closing_balances(&mut tx, book_id, &accounts).await?;
        tx.commit().await?;
        (book, accounts, balances)
    };
    let from = book.system()?;
    let to = AccountingSystem::for_year(book.year + 1);
    let map = chart::conversion(from, to)?;
    let convert = |code: &str| -> String {
        if map.is_empty() {
            return code.to_string();
        }
        let (root, rest) = code.split_at(3);
        let mapped = map
            .iter()
            .find(|(a, _)| a == root)
            .map(|(_, b)| b.as_str())
            .unwrap_or(root);
        format!("{mapped}{rest}")
    };
    let next = books::open_book(db, actor, &book.org_id, book.year + 1, None).await?;
    let mut next_accounts = books::accounts(db, &next.id).await?;
    let carried = |a: &&AccountRecord| !has_children(&accounts, &a.code);
    // Pass 1: sub-accounts come along, each under its (converted) parent.
    for a in accounts.iter().filter(carried) {
        let balance = balances.get(&a.code).copied().unwrap_or(0);
        let target = convert(&a.code);
        if target.len() <= 3 || !(a.active || balance != 0) {
            continue;
        }
        for code in ancestors_to_create(&target, &next_accounts) {
            let name = accounts
                .iter()
                .find(|o| convert(&o.code) == code)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| code.clone());
            let parent_code = chart::parent_code(&code).unwrap_or_default().to_string();
            books::add_sub_account(db, actor, &next.id, &parent_code, &code, &name).await?;
        }
        next_accounts = books::accounts(db, &next.id).await?;
    }
    // Pass 2: balances. One landing on an account that has sub-accounts (another old account
    // merged into it by the conversion) gets a sub-account of its own, named as before.
    let mut leaf_openings: BTreeMap<String, i64> = BTreeMap::new();
    for a in accounts.iter().filter(carried) {
        let balance = balances.get(&a.code).copied().unwrap_or(0);
        if balance == 0 {
            continue;
        }
        let mut target = convert(&a.code);
        if has_children(&next_accounts, &target) {
            let next_free = (1..1000)
                .map(|n| format!("{target}{n:03}"))
                .find(|c| !next_accounts.iter().any(|x| &x.code == c))
                .ok_or(DomainError::Conflict("ledger.too_many_lines"))?;
            books::add_sub_account(db, actor, &next.id, &target, &next_free, &a.name).await?;
            next_accounts = books::accounts(db, &next.id).await?;
            target = next_free;
        }
        *leaf_openings.entry(target).or_default() += balance;
    }
    let list: Vec<(String, i64)> = leaf_openings.into_iter().collect();
    books::set_openings(db, actor, &next.id, &list).await?;
    books::check_openings(db, actor, &next.id).await?;
    let reread = books::get_book(db, &domain::identity::Scope::system(), &next.id)
        .await?
        .map(|(b, _)| b)
        .ok_or(DomainError::NotFound)?;
    Ok(reread)
}

/// The sub-account codes between an existing first-level account and `code`, top down.
fn ancestors_to_create(code: &str, existing: &[AccountRecord]) -> Vec<String> {
    let mut chain = Vec::new();
    let mut c = Some(code);
    while let Some(x) = c {
        if x.len() <= 3 || existing.iter().any(|a| a.code == x) {
            break;
        }
        chain.push(x.to_string());
        c = chart::parent_code(x);
    }
    chain.reverse();
    chain
}

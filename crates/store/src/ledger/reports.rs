//! Reports read from the maintained period balances, never from all voucher lines.

use super::books::{self, AccountRecord, has_children, rolled_openings};
use crate::{Db, StoreError, on_pool};
use domain::DomainError;
use domain::identity::Scope;
use domain::ledger::statement::{Layout, StatementKind, StatementLine};
use domain::ledger::{Balance, Period};
use domain::money::OVERFLOW;
use serde::Serialize;

/// One account's row in the trial balance (科目余额表).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialRow {
    pub code: String,
    pub name: String,
    /// 1 for first-level accounts, 2 for their sub-accounts, …
    pub depth: usize,
    pub normal_side: String,
    pub category: String,
    pub leaf: bool,
    pub balance: Balance,
}

#[derive(sqlx::FromRow)]
struct Movement {
    account_code: String,
    period: String,
    debit: i64,
    credit: i64,
    closing_debit: i64,
    closing_credit: i64,
}

/// Trial balance of a book for `from..=to` (months of the book's year): opening at the start
/// of `from`, debits and credits within, closing at the end of `to`.
pub async fn trial_balance(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    from: Period,
    to: Period,
) -> Result<Vec<TrialRow>, StoreError> {
    let Some((book, _)) = books::get_book(db, scope, book_id).await? else {
        return Err(DomainError::NotFound.into());
    };
    if from > to || from.year != book.year || to.year != book.year {
        return Err(domain::FieldError::new("ledger.range_invalid", "period")
            .arg("value", format!("{from}..{to}"))
            .arg("year", book.year.to_string())
            .into());
    }
    let accounts = books::accounts(db, book_id).await?;
    let movements = movements(db, book_id, to).await?;
    let rows = fold(&accounts, &movements, from, true)?;
    checked_totals(&rows)?;
    Ok(rows)
}

async fn movements(db: &Db, book_id: &str, to: Period) -> Result<Vec<Movement>, StoreError> {
    let to_text = to.to_string();
    let movements: Vec<Movement> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT account_code, period, debit, credit, closing_debit, closing_credit
             FROM ledger_period_balances WHERE book_id = $1 AND period <= $2",
        )
        .bind(book_id)
        .bind(&to_text)
        .fetch_all(pool)
        .await?
    });
    Ok(movements)
}

fn overflow() -> DomainError {
    DomainError::Conflict(OVERFLOW)
}

/// Rows with balances from `from` on; `with_carry_over` false leaves out the year-end
/// carry-over (for the income statement, which shows the year's activity).
///
/// Every sum is checked (`money.overflow`), and so is every row's result: its opening,
/// debits, credits and closing each fit and can be shown on either side (negated), so the
/// pages and statements that read the rows never meet a figure that does not fit.
fn fold(
    accounts: &[AccountRecord],
    movements: &[Movement],
    from: Period,
    with_carry_over: bool,
) -> Result<Vec<TrialRow>, StoreError> {
    let mut balances = rolled_openings(accounts)?;
    let from_text = from.to_string();
    for m in movements {
        let Some(b) = balances.get_mut(&m.account_code) else {
            continue;
        };
        let (carried_debit, carried_credit) = if with_carry_over {
            (m.closing_debit, m.closing_credit)
        } else {
            (0, 0)
        };
        let debit = m.debit.checked_add(carried_debit).ok_or_else(overflow)?;
        let credit = m.credit.checked_add(carried_credit).ok_or_else(overflow)?;
        if m.period < from_text {
            b.opening = debit
                .checked_sub(credit)
                .and_then(|net| b.opening.checked_add(net))
                .ok_or_else(overflow)?;
        } else {
            b.debit = b.debit.checked_add(debit).ok_or_else(overflow)?;
            b.credit = b.credit.checked_add(credit).ok_or_else(overflow)?;
        }
    }
    let mut rows = Vec::with_capacity(accounts.len());
    for a in accounts {
        let balance = balances.get(&a.code).copied().unwrap_or_default();
        let closing = balance.checked_closing()?;
        for v in [balance.opening, balance.debit, balance.credit, closing] {
            v.checked_neg().ok_or_else(overflow)?;
        }
        rows.push(TrialRow {
            code: a.code.clone(),
            name: a.name.clone(),
            depth: a.code.len() / 3,
            normal_side: a.normal_side.clone(),
            category: a.category.clone(),
            leaf: !has_children(accounts, &a.code),
            balance,
        });
    }
    Ok(rows)
}

/// [`totals`], checked: `money.overflow` when a total does not fit. [`trial_balance`] checks
/// its rows with it, so [`totals`] of its rows is always exact.
pub fn checked_totals(rows: &[TrialRow]) -> Result<[(i64, i64); 4], DomainError> {
    let add = |a: i64, b: i64| a.checked_add(b).ok_or_else(overflow);
    let split = |v: i64| -> Result<(i64, i64), DomainError> {
        if v >= 0 {
            Ok((v, 0))
        } else {
            Ok((0, v.checked_neg().ok_or_else(overflow)?))
        }
    };
    let mut t = [(0i64, 0i64); 4];
    for r in rows.iter().filter(|r| r.depth == 1) {
        let b = r.balance;
        let (od, oc) = split(b.opening)?;
        let (cd, cc) = split(b.checked_closing()?)?;
        t[0].0 = add(t[0].0, od)?;
        t[0].1 = add(t[0].1, oc)?;
        t[1].0 = add(t[1].0, b.debit)?;
        t[2].1 = add(t[2].1, b.credit)?;
        t[3].0 = add(t[3].0, cd)?;
        t[3].1 = add(t[3].1, cc)?;
    }
    Ok(t)
}

/// Totals over first-level accounts: (opening, debit, credit, closing) each split as
/// debit-side and credit-side sums, for the trial balance's bottom line. Exact for the rows
/// of [`trial_balance`] (which refuses rows whose totals do not fit); for any other rows a
/// total that does not fit reads as `i64::MAX`, never a wrapped figure.
pub fn totals(rows: &[TrialRow]) -> [(i64, i64); 4] {
    checked_totals(rows).unwrap_or([(i64::MAX, i64::MAX); 4])
}

/// A statement computed from the book's balances with its shipped layout.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub kind: StatementKind,
    pub accounting_system: String,
    pub lines: Vec<StatementLine>,
    /// The same layout at the start of the year (年初数), for the balance sheet.
    pub year_start: Option<Vec<StatementLine>>,
}

fn value_of(rows: &[TrialRow]) -> impl Fn(&str) -> Balance + '_ {
    move |code: &str| {
        rows.iter()
            .find(|r| r.code == code)
            .map(|r| r.balance)
            .unwrap_or_default()
    }
}

/// 资产负债表 at the end of `period`, with the year-start column.
pub async fn balance_sheet(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    period: Period,
) -> Result<Statement, StoreError> {
    let Some((book, _)) = books::get_book(db, scope, book_id).await? else {
        return Err(DomainError::NotFound.into());
    };
    let system = book.system()?;
    let start = Period::new(book.year, 1).ok_or(DomainError::NotFound)?;
    let rows = trial_balance(db, scope, book_id, start, period).await?;
    let layout = Layout::shipped(StatementKind::BalanceSheet, system)?;
    let lines = layout.evaluate(system, value_of(&rows))?;
    let openings: Vec<TrialRow> = rows
        .iter()
        .map(|r| TrialRow {
            balance: Balance {
                opening: r.balance.opening,
                debit: 0,
                credit: 0,
            },
            ..r.clone()
        })
        .collect();
    let year_start = layout.evaluate(system, value_of(&openings))?;
    Ok(Statement {
        kind: StatementKind::BalanceSheet,
        accounting_system: system.as_str().to_string(),
        lines,
        year_start: Some(year_start),
    })
}

/// 收益及收益分配表 for `from..=to`: the activity of those months, carry-over excluded.
pub async fn income_statement(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    from: Period,
    to: Period,
) -> Result<Statement, StoreError> {
    let Some((book, _)) = books::get_book(db, scope, book_id).await? else {
        return Err(DomainError::NotFound.into());
    };
    if from > to || from.year != book.year || to.year != book.year {
        return Err(domain::FieldError::new("ledger.range_invalid", "period")
            .arg("value", format!("{from}..{to}"))
            .arg("year", book.year.to_string())
            .into());
    }
    let system = book.system()?;
    let accounts = books::accounts(db, book_id).await?;
    let movements = movements(db, book_id, to).await?;
    // The statement shows the movements of `from..=to`; an opening (`open(322)`, 年初未分配收益)
    // is the year's: the book's opening balance, never movements before `from`.
    let year_start = books::rolled_openings(&accounts)?;
    let rows: Vec<TrialRow> = fold(&accounts, &movements, from, false)?
        .into_iter()
        .map(|r| TrialRow {
            balance: Balance {
                opening: year_start.get(&r.code).map_or(0, |b| b.opening),
                ..r.balance
            },
            ..r
        })
        .collect();
    let layout = Layout::shipped(StatementKind::IncomeStatement, system)?;
    let lines = layout.evaluate(system, value_of(&rows))?;
    Ok(Statement {
        kind: StatementKind::IncomeStatement,
        accounting_system: system.as_str().to_string(),
        lines,
        year_start: None,
    })
}

/// One month of an account in the general ledger (总账).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneralRow {
    pub period: String,
    pub balance: Balance,
}

/// 总账: an account's opening, movements and closing month by month over `from..=to`.
pub async fn general_ledger(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    code: &str,
    from: Period,
    to: Period,
) -> Result<Vec<GeneralRow>, StoreError> {
    let mut out = Vec::new();
    let mut opening = None;
    for p in from.through(to) {
        let rows = trial_balance(db, scope, book_id, p, p).await?;
        let Some(row) = rows.into_iter().find(|r| r.code == code) else {
            return Err(
                domain::FieldError::new("ledger.account_unknown", "account_code")
                    .arg("value", code)
                    .into(),
            );
        };
        let balance = Balance {
            opening: opening.unwrap_or(row.balance.opening),
            ..row.balance
        };
        opening = Some(balance.checked_closing()?);
        out.push(GeneralRow {
            period: p.to_string(),
            balance,
        });
    }
    Ok(out)
}

/// One posted line in the account detail (明细账), with the balance after it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DetailRow {
    pub voucher_id: String,
    pub date: String,
    pub period: String,
    pub number: i32,
    pub summary: String,
    pub line_summary: String,
    pub account_code: String,
    pub debit: i64,
    pub credit: i64,
    /// Debit-positive balance after this line.
    #[sqlx(default)]
    pub balance: i64,
}

/// 明细账: the account's opening at `from` and every posted line on it (or its sub-accounts)
/// in `from..=to`, in date and voucher order, with the running balance.
pub async fn detail_ledger(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    code: &str,
    from: Period,
    to: Period,
) -> Result<(i64, Vec<DetailRow>), StoreError> {
    let rows = trial_balance(db, scope, book_id, from, to).await?;
    let Some(account) = rows.iter().find(|r| r.code == code) else {
        return Err(
            domain::FieldError::new("ledger.account_unknown", "account_code")
                .arg("value", code)
                .into(),
        );
    };
    let opening = account.balance.opening;
    let (from_text, to_text, below) = (from.to_string(), to.to_string(), format!("{code}%"));
    let mut lines: Vec<DetailRow> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT v.id AS voucher_id, v.date, v.period, v.number, v.summary, l.summary AS line_summary,
                    l.account_code, l.debit, l.credit
             FROM ledger_lines l JOIN ledger_vouchers v ON v.id = l.voucher_id
             WHERE v.book_id = $1 AND v.state = 'posted' AND v.period >= $2 AND v.period <= $3
               AND l.account_code LIKE $4
             ORDER BY v.date, v.period, v.number, l.line_no",
        )
        .bind(book_id)
        .bind(&from_text)
        .bind(&to_text)
        .bind(&below)
        .fetch_all(pool)
        .await?
    });
    let mut running = opening;
    for line in &mut lines {
        running = line
            .debit
            .checked_sub(line.credit)
            .and_then(|net| running.checked_add(net))
            .ok_or_else(overflow)?;
        line.balance = running;
    }
    Ok((opening, lines))
}

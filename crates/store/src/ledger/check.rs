//! The consistency check of the books (later `zhenxing check`): every period balance equals
//! the sum of its posted lines, every reversal points to exactly one original, every posted
//! voucher balances. An empty report means the books agree with themselves.

use crate::{Db, StoreError, on_pool};
use domain::ledger::chart;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One disagreement found, with the book it is in and a plain description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub book_id: String,
    /// A stable kind: `balance_mismatch`, `unbalanced_voucher`, `reversal_without_original`,
    /// `reversal_of_reversal`, `several_reversals`, `reversal_link_broken`.
    pub kind: &'static str,
    pub detail: String,
}

/// (debit, credit, closing debit, closing credit) in fen, summed wide so nothing wraps.
type Sums = [i128; 4];

#[derive(sqlx::FromRow)]
struct VoucherRow {
    id: String,
    book_id: String,
    period: String,
    number: i32,
    state: String,
    kind: String,
    reverses_id: Option<String>,
    reversed_by_id: Option<String>,
    total: i64,
}

#[derive(sqlx::FromRow)]
struct PostedLine {
    book_id: String,
    period: String,
    kind: String,
    account_code: String,
    debit: i64,
    credit: i64,
}

#[derive(sqlx::FromRow)]
struct BalanceRow {
    book_id: String,
    account_code: String,
    period: String,
    debit: i64,
    credit: i64,
    closing_debit: i64,
    closing_credit: i64,
}

/// Checks every book in the database (`book = None`) or one book.
pub async fn check(db: &Db, book: Option<&str>) -> Result<Vec<Problem>, StoreError> {
    let book = book.unwrap_or("").to_string();
    let (vouchers, lines, balances): (Vec<VoucherRow>, Vec<PostedLine>, Vec<BalanceRow>) =
        on_pool!(db, |pool| {
            let vouchers = sqlx::query_as(
                "SELECT id, book_id, period, number, state, kind, reverses_id, reversed_by_id, total
                 FROM ledger_vouchers WHERE ($1 = '' OR book_id = $1)",
            )
            .bind(&book)
            .fetch_all(pool)
            .await?;
            let lines = sqlx::query_as(
                "SELECT v.book_id, v.period, v.kind, l.account_code, l.debit, l.credit
                 FROM ledger_lines l JOIN ledger_vouchers v ON v.id = l.voucher_id
                 WHERE v.state = 'posted' AND ($1 = '' OR v.book_id = $1)",
            )
            .bind(&book)
            .fetch_all(pool)
            .await?;
            let balances = sqlx::query_as(
                "SELECT book_id, account_code, period, debit, credit, closing_debit, closing_credit
                 FROM ledger_period_balances WHERE ($1 = '' OR book_id = $1)",
            )
            .bind(&book)
            .fetch_all(pool)
            .await?;
            (vouchers, lines, balances)
        });
    let mut problems = Vec::new();
    check_balances(&lines, &balances, &mut problems);
    check_vouchers(
        &vouchers,
        &lines_by_voucher(db, &book).await?,
        &mut problems,
    );
    check_reversals(&vouchers, &mut problems);
    Ok(problems)
}

/// Every (book, account, period) balance row equals the posted lines on that account and
/// all its sub-accounts in that month; the year-end carry-over in the closing columns.
fn check_balances(lines: &[PostedLine], balances: &[BalanceRow], problems: &mut Vec<Problem>) {
    let mut expected: BTreeMap<(&str, &str, &str), Sums> = BTreeMap::new();
    for l in lines {
        let closing = l.kind == "closing";
        let mut code = Some(l.account_code.as_str());
        while let Some(c) = code {
            let e = expected
                .entry((l.book_id.as_str(), c, l.period.as_str()))
                .or_default();
            let (d, k) = if closing { (2, 3) } else { (0, 1) };
            e[d] += i128::from(l.debit);
            e[k] += i128::from(l.credit);
            code = chart::parent_code(c);
        }
    }
    let mut stored: BTreeMap<(&str, &str, &str), Sums> = BTreeMap::new();
    for b in balances {
        stored.insert(
            (
                b.book_id.as_str(),
                b.account_code.as_str(),
                b.period.as_str(),
            ),
            [
                i128::from(b.debit),
                i128::from(b.credit),
                i128::from(b.closing_debit),
                i128::from(b.closing_credit),
            ],
        );
    }
    let keys: std::collections::BTreeSet<_> = expected.keys().chain(stored.keys()).collect();
    for key in keys {
        let want = expected.get(key).copied().unwrap_or_default();
        let have = stored.get(key).copied().unwrap_or_default();
        if want != have {
            let (book, account, period) = key;
            problems.push(Problem {
                book_id: book.to_string(),
                kind: "balance_mismatch",
                detail: format!(
                    "account {account} in {period}: balance (debit, credit, closing debit, \
                     closing credit) {have:?} but posted lines sum to {want:?}"
                ),
            });
        }
    }
}

/// Per voucher: (debit sum, credit sum, lines), every voucher's lines.
async fn lines_by_voucher(
    db: &Db,
    book: &str,
) -> Result<HashMap<String, (i128, i128, usize)>, StoreError> {
    let rows: Vec<(String, i64, i64)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT l.voucher_id, l.debit, l.credit
             FROM ledger_lines l JOIN ledger_vouchers v ON v.id = l.voucher_id
             WHERE $1 = '' OR v.book_id = $1",
        )
        .bind(book)
        .fetch_all(pool)
        .await?
    });
    let mut out: HashMap<String, (i128, i128, usize)> = HashMap::new();
    for (id, d, c) in rows {
        let e = out.entry(id).or_default();
        e.0 += i128::from(d);
        e.1 += i128::from(c);
        e.2 += 1;
    }
    Ok(out)
}

fn label(v: &VoucherRow) -> String {
    format!("{} 记-{:04} ({})", v.period, v.number, v.id)
}

/// Every posted voucher has two or more lines, debits equal to credits, not zero, and its
/// stored total is its debit sum.
fn check_vouchers(
    vouchers: &[VoucherRow],
    sums: &HashMap<String, (i128, i128, usize)>,
    problems: &mut Vec<Problem>,
) {
    for v in vouchers.iter().filter(|v| v.state == "posted") {
        let (d, c, n) = sums.get(&v.id).copied().unwrap_or_default();
        if d != c || d == 0 || n < 2 || d != i128::from(v.total) {
            problems.push(Problem {
                book_id: v.book_id.clone(),
                kind: "unbalanced_voucher",
                detail: format!(
                    "voucher {}: {n} lines, debit {d}, credit {c}, total {}",
                    label(v),
                    v.total
                ),
            });
        }
    }
}

/// A reversal points to exactly one original of its book, which is not itself a reversal;
/// no original has two reversals; the original's `reversed_by` names its posted reversal,
/// and only that.
fn check_reversals(vouchers: &[VoucherRow], problems: &mut Vec<Problem>) {
    let by_id: HashMap<&str, &VoucherRow> = vouchers.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut reversals_of: HashMap<&str, Vec<&VoucherRow>> = HashMap::new();
    let mut push = |book: &str, kind: &'static str, detail: String| {
        problems.push(Problem {
            book_id: book.to_string(),
            kind,
            detail,
        })
    };
    for v in vouchers {
        let is_reversal = v.kind == "reversal";
        match (&v.reverses_id, is_reversal) {
            (None, false) => {}
            (None, true) | (Some(_), false) => push(
                &v.book_id,
                "reversal_without_original",
                format!(
                    "voucher {} is {} but reverses {:?}",
                    label(v),
                    v.kind,
                    v.reverses_id
                ),
            ),
            (Some(original), true) => match by_id.get(original.as_str()) {
                Some(o) if o.book_id == v.book_id => {
                    if o.kind == "reversal" {
                        push(
                            &v.book_id,
                            "reversal_of_reversal",
                            format!("voucher {} reverses the reversal {}", label(v), label(o)),
                        );
                    }
                    reversals_of.entry(original.as_str()).or_default().push(v);
                }
                _ => push(
                    &v.book_id,
                    "reversal_without_original",
                    format!("voucher {} reverses {original}, not in its book", label(v)),
                ),
            },
        }
    }
    for (original, reversals) in &reversals_of {
        if reversals.len() > 1 {
            push(
                &reversals[0].book_id,
                "several_reversals",
                format!("{original} has {} reversals", reversals.len()),
            );
        }
    }
    for v in vouchers {
        let posted_reversal = reversals_of
            .get(v.id.as_str())
            .and_then(|rs| rs.iter().find(|r| r.state == "posted"));
        let linked = v.reversed_by_id.as_deref();
        let ok = match (posted_reversal, linked) {
            (None, None) => true,
            (Some(r), Some(l)) => r.id == l && v.state == "posted",
            _ => false,
        };
        if !ok {
            push(
                &v.book_id,
                "reversal_link_broken",
                format!(
                    "voucher {} is marked reversed by {:?}, its posted reversal is {:?}",
                    label(v),
                    linked,
                    posted_reversal.map(|r| r.id.as_str())
                ),
            );
        }
    }
}

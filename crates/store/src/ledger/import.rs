//! Bulk import of posted vouchers (a bookkeeper's file, the demo, a migrated data set): all
//! or nothing in one transaction, rows validated like single vouchers, written in batches,
//! balances moved once per account and month, one audit entry for the whole import.

use super::books::{self, book_for_write};
use super::vouchers::{Kind, check_accounts};
use crate::audit::{self, Entry};
use crate::{Db, StoreError, Tx, on_tx};
use domain::audit::{Action, entity};
use domain::identity::Actor;
use domain::ledger::chart;
use domain::ledger::voucher::Voucher;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::BTreeMap;

/// One voucher of a file, with the people the file names.
#[derive(Debug, Clone)]
pub struct ImportVoucher {
    /// Row of the voucher's first line in the file (1-based, header = 1), for error messages.
    pub row: usize,
    /// The number the file gives (kept, so an export imports back unchanged), or `None`.
    pub number: Option<i32>,
    pub voucher: Voucher,
    pub preparer: String,
    pub reviewer: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub vouchers: usize,
    pub lines: usize,
}

/// Rows per multi-row INSERT: few statements (each is a round trip to the SQLite worker
/// thread), within both backends' bind-parameter limits. Placeholders come from
/// [`Tx::placeholders`], which keeps SQLite's binding linear (see docs/benchmarks.md).
const VOUCHER_BATCH: usize = 400;
const LINE_BATCH: usize = 1500;
const BALANCE_BATCH: usize = 500;

fn row_error(row: usize, error: FieldError) -> StoreError {
    StoreError::Row { row, error }
}

/// Imports posted vouchers into a book whose openings are checked.
pub async fn import_posted(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    items: &[ImportVoucher],
) -> Result<ImportSummary, StoreError> {
    let mut tx = db.begin_write().await?;
    let summary = import_posted_in_tx(&mut tx, actor, book_id, items).await?;
    tx.commit().await?;
    Ok(summary)
}

/// The same inside a caller's transaction, so a file spanning several books is still
/// imported all or nothing.
pub async fn import_posted_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
    items: &[ImportVoucher],
) -> Result<ImportSummary, StoreError> {
    let (book, org) = book_for_write(tx, actor, book_id).await?;
    if !book.opening_checked {
        return Err(DomainError::Conflict("ledger.openings_unchecked").into());
    }
    if book.closed {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    let accounts = books::accounts_in_tx(tx, book_id).await?;
    let closed: Vec<(String,)> = on_tx!(&mut *tx, |conn| {
        sqlx::query_as("SELECT period FROM ledger_periods WHERE book_id = $1 AND closed")
            .bind(book_id)
            .fetch_all(conn)
            .await?
    });
    let existing: Vec<(String, i32)> = on_tx!(&mut *tx, |conn| {
        sqlx::query_as("SELECT period, number FROM ledger_vouchers WHERE book_id = $1")
            .bind(book_id)
            .fetch_all(conn)
            .await?
    });
    let mut taken: std::collections::HashSet<(String, i32)> = existing.into_iter().collect();
    for item in items {
        if let Some(n) = item.number
            && !taken.insert((item.voucher.period.to_string(), n))
        {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.voucher_number_taken", "number")
                    .arg("value", format!("{} 记-{n:04}", item.voucher.period)),
            ));
        }
    }
    let mut next_number: BTreeMap<String, i64> = BTreeMap::new();
    for (period, n) in &taken {
        let e = next_number.entry(period.clone()).or_insert(0);
        *e = (*e).max(i64::from(*n));
    }

    // Validate everything before writing anything.
    for item in items {
        let v = &item.voucher;
        if v.period.year != book.year {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.date_outside_year", "date")
                    .arg("value", v.date.to_string())
                    .arg("year", book.year.to_string()),
            ));
        }
        if closed.iter().any(|(p,)| *p == v.period.to_string()) {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.period_closed", "date").arg("value", v.period.to_string()),
            ));
        }
        check_accounts(&accounts, v).map_err(|e| row_error(item.row, e))?;
        if item.preparer.trim().is_empty() {
            return Err(row_error(
                item.row,
                FieldError::new("common.required", "preparer"),
            ));
        }
        if item.preparer.trim() == item.reviewer.trim() {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.reviewer_is_preparer_row", "reviewer")
                    .arg("value", item.reviewer.trim()),
            ));
        }
    }

    let now = domain::time::now_text();
    let mut movements: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    let mut line_count = 0;
    for chunk in items.chunks(VOUCHER_BATCH) {
        let mut ids = Vec::with_capacity(chunk.len());
        let mut sql = String::from(
            "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary, attachments, state, kind,
                 reverses_id, reversed_by_id, preparer_id, preparer_name, reviewer_name, poster_name, total,
                 created_at, reviewed_at, posted_at) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let p = tx.placeholders(i * 14, 14);
            sql.push_str(&format!(
                "({}, 'posted', '{}', NULL, NULL, NULL, {})",
                p[..7].join(", "),
                Kind::Normal.as_str(),
                p[7..].join(", ")
            ));
        }
        let mut rows = Vec::with_capacity(chunk.len());
        for item in chunk {
            let period = item.voucher.period.to_string();
            let n = match item.number {
                Some(n) => n,
                None => {
                    let number = next_number.entry(period.clone()).or_insert(0);
                    *number += 1;
                    i32::try_from(*number)
                        .map_err(|_| DomainError::Conflict("ledger.too_many_vouchers"))?
                }
            };
            let id = Id::new().to_string();
            ids.push(id.clone());
            rows.push((id, period, n, item));
        }
        on_tx!(&mut *tx, |conn| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (id, period, n, item) in &rows {
                let v = &item.voucher;
                q = q
                    .bind(id.as_str())
                    .bind(book_id)
                    .bind(period.as_str())
                    .bind(*n)
                    .bind(v.date.to_string())
                    .bind(v.summary.as_str())
                    .bind(v.attachments)
                    .bind(item.preparer.trim())
                    .bind(item.reviewer.trim())
                    .bind(item.reviewer.trim())
                    .bind(v.total_debit().fen())
                    .bind(now.as_str())
                    .bind(now.as_str())
                    .bind(now.as_str());
            }
            q.execute(conn).await?;
        });
        // Lines, in batches of their own.
        let mut lines: Vec<(&str, i32, &domain::ledger::voucher::Line)> = Vec::new();
        for ((id, period, _, item), _) in rows.iter().zip(&ids) {
            for (i, line) in item.voucher.lines.iter().enumerate() {
                let line_no = i32::try_from(i + 1)
                    .map_err(|_| FieldError::new("ledger.too_many_lines", "lines"))?;
                lines.push((id.as_str(), line_no, line));
                let mut code = Some(line.account_code.as_str());
                while let Some(c) = code {
                    let m = movements
                        .entry((c.to_string(), period.clone()))
                        .or_default();
                    m.0 += line.debit.fen();
                    m.1 += line.credit.fen();
                    code = chart::parent_code(c);
                }
            }
        }
        line_count += lines.len();
        for batch in lines.chunks(LINE_BATCH) {
            let mut sql = String::from(
                "INSERT INTO ledger_lines (voucher_id, line_no, account_code, debit, credit, summary) VALUES ",
            );
            for i in 0..batch.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("({})", tx.placeholders(i * 6, 6).join(", ")));
            }
            on_tx!(&mut *tx, |conn| {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
                for (id, line_no, line) in batch {
                    q = q
                        .bind(*id)
                        .bind(*line_no)
                        .bind(line.account_code.as_str())
                        .bind(line.debit.fen())
                        .bind(line.credit.fen())
                        .bind(line.summary.as_str());
                }
                q.execute(conn).await?;
            });
        }
    }
    // The balances, a few hundred rows per book, in multi-row upserts.
    let movements: Vec<_> = movements.iter().collect();
    for batch in movements.chunks(BALANCE_BATCH) {
        let mut sql = String::from(
            "INSERT INTO ledger_period_balances (book_id, account_code, period, debit, credit,
                                                 closing_debit, closing_credit) VALUES ",
        );
        for i in 0..batch.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("({}, 0, 0)", tx.placeholders(i * 5, 5).join(", ")));
        }
        sql.push_str(
            " ON CONFLICT (book_id, account_code, period) DO UPDATE SET
                 debit = ledger_period_balances.debit + excluded.debit,
                 credit = ledger_period_balances.credit + excluded.credit",
        );
        on_tx!(&mut *tx, |conn| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for ((code, period), (debit, credit)) in batch {
                q = q
                    .bind(book_id)
                    .bind(code.as_str())
                    .bind(period.as_str())
                    .bind(*debit)
                    .bind(*credit);
            }
            q.execute(conn).await?;
        });
    }
    let summary = ImportSummary {
        vouchers: items.len(),
        lines: line_count,
    };
    audit::record(
        tx,
        actor,
        Entry {
            entity: entity::LEDGER_BOOK,
            entity_id: book_id,
            region_code: Some(&org.region_code),
            action: Action::Import,
            before: None,
            after: Some(serde_json::json!({ "imported": summary, "year": book.year })),
        },
    )
    .await?;
    Ok(summary)
}

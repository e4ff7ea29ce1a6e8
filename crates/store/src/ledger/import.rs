//! Bulk import of posted vouchers (a bookkeeper's file, the demo, a migrated data set): all
//! or nothing in one transaction, rows validated like single vouchers, written in bulk,
//! balances moved once per account and month, one audit entry for the whole import.
//!
//! Two steps, so a caller can run the first on another thread: [`prepare`] checks and
//! numbers the vouchers against a [`BookState`] (pure work, no database), [`write`] stores
//! them. [`import_posted_in_tx`] does both for a book as it is in the database.

use super::books::{self, BookRecord, OrgRecord, book_for_write};
use super::check_write;
use super::vouchers::{Kind, Postable, check_accounts};
use crate::audit::{self, Entry};
use crate::bulk::{self, JsonRows, json_rows_from};
use crate::{Db, StoreError, Tx, on_tx};
use domain::audit::{Action, entity};
use domain::identity::Actor;
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{ChartTemplate, Period, chart};
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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

/// Rows per multi-row balance upsert, within both backends' bind-parameter limits.
/// Placeholders come from [`Tx::placeholders`], which keeps SQLite's binding linear.
const BALANCE_BATCH: usize = 500;
/// Vouchers per JSON statement on PostgreSQL (their lines go in a second one).
const JSON_BATCH: usize = 2000;

fn row_error(row: usize, error: FieldError) -> StoreError {
    StoreError::Row { row, error }
}

/// What vouchers are checked against: the book's year, the accounts lines may go to, the
/// closed months and the numbers already taken.
#[derive(Debug, Clone)]
pub struct BookState {
    year: i32,
    postable: Postable,
    closed: HashSet<Period>,
    taken: HashSet<(Period, i32)>,
}

impl BookState {
    /// A book opened from `template` for `year` in the same transaction: no vouchers yet, no
    /// month closed (what `zhenxing import dataset` writes into).
    pub fn new_book(template: &ChartTemplate, year: i32) -> Self {
        BookState {
            year,
            postable: Postable::from_template(template),
            closed: HashSet::new(),
            taken: HashSet::new(),
        }
    }

    /// The book as the database holds it; refuses a book not open for imports.
    async fn load(tx: &mut Tx, book: &books::BookRecord) -> Result<Self, StoreError> {
        check_open(book)?;
        let accounts = books::accounts_in_tx(tx, &book.id).await?;
        let closed: Vec<(String,)> = on_tx!(&mut *tx, |conn| {
            sqlx::query_as("SELECT period FROM ledger_periods WHERE book_id = $1 AND closed")
                .bind(&book.id)
                .fetch_all(conn)
                .await?
        });
        let existing: Vec<(String, i32)> = on_tx!(&mut *tx, |conn| {
            sqlx::query_as("SELECT period, number FROM ledger_vouchers WHERE book_id = $1")
                .bind(&book.id)
                .fetch_all(conn)
                .await?
        });
        Ok(BookState {
            year: book.year,
            postable: Postable::from_accounts(&accounts),
            closed: closed
                .iter()
                .map(|(p,)| Period::parse(p))
                .collect::<Result<_, _>>()?,
            taken: existing
                .iter()
                .map(|(p, n)| Period::parse(p).map(|p| (p, *n)))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Imports go into books whose openings are checked and which are not closed.
fn check_open(book: &books::BookRecord) -> Result<(), StoreError> {
    if !book.opening_checked {
        return Err(DomainError::Conflict("ledger.openings_unchecked").into());
    }
    if book.closed {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    Ok(())
}

/// One voucher checked and numbered, with the texts it is stored with.
#[derive(Debug)]
struct Ready {
    id: String,
    period: String,
    number: i32,
    date: String,
    summary: String,
    attachments: i64,
    preparer: String,
    reviewer: String,
    total: i64,
    lines: Vec<Line>,
}

/// Vouchers checked against a book and ready to [`write`].
#[derive(Debug)]
pub struct Prepared {
    year: i32,
    vouchers: Vec<Ready>,
    /// Movements per account (every level) and month: (code, period, debit, credit).
    movements: Vec<(String, String, i64, i64)>,
    lines: usize,
}

impl Prepared {
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            vouchers: self.vouchers.len(),
            lines: self.lines,
        }
    }
}

/// Checks every voucher against the book (nothing is written if one fails, and the error
/// names its file row), numbers those without a number, and sums the balance movements.
/// Takes the numbers it gives from `book`, so a second import into it continues after them.
pub fn prepare(book: &mut BookState, items: &[ImportVoucher]) -> Result<Prepared, StoreError> {
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
        if book.closed.contains(&v.period) {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.period_closed", "date").arg("value", v.period.to_string()),
            ));
        }
        check_accounts(&book.postable, v).map_err(|e| row_error(item.row, e))?;
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
    let mut taken = book.taken.clone();
    for item in items {
        if let Some(n) = item.number
            && !taken.insert((item.voucher.period, n))
        {
            return Err(row_error(
                item.row,
                FieldError::new("ledger.voucher_number_taken", "number")
                    .arg("value", format!("{} 记-{n:04}", item.voucher.period)),
            ));
        }
    }
    let mut next_number: HashMap<Period, i32> = HashMap::new();
    for (period, n) in &taken {
        let e = next_number.entry(*period).or_insert(0);
        *e = (*e).max(*n);
    }

    let mut vouchers = Vec::with_capacity(items.len());
    let mut movements: HashMap<(&str, Period), (i64, i64)> = HashMap::new();
    let mut lines = 0;
    for item in items {
        let v = &item.voucher;
        let number = match item.number {
            Some(n) => n,
            None => {
                let number = next_number.entry(v.period).or_insert(0);
                *number = number
                    .checked_add(1)
                    .ok_or(DomainError::Conflict("ledger.too_many_vouchers"))?;
                taken.insert((v.period, *number));
                *number
            }
        };
        lines += v.lines.len();
        for line in &v.lines {
            let mut code = Some(line.account_code.as_str());
            while let Some(c) = code {
                let m = movements.entry((c, v.period)).or_default();
                m.0 += line.debit.fen();
                m.1 += line.credit.fen();
                code = chart::parent_code(c);
            }
        }
        vouchers.push(Ready {
            id: Id::new().to_string(),
            period: v.period.to_string(),
            number,
            date: v.date.to_string(),
            summary: v.summary.clone(),
            attachments: v.attachments,
            preparer: item.preparer.trim().to_string(),
            reviewer: item.reviewer.trim().to_string(),
            total: v.total_debit().fen(),
            lines: v.lines.clone(),
        });
    }
    let mut movements: Vec<_> = movements
        .into_iter()
        .map(|((code, period), (debit, credit))| {
            (code.to_string(), period.to_string(), debit, credit)
        })
        .collect();
    movements.sort();
    book.taken = taken;
    Ok(Prepared {
        year: book.year,
        vouchers,
        movements,
        lines,
    })
}

/// Stores prepared vouchers as posted in `book_id` (which must be the book they were
/// prepared for) and moves its balances; one audit entry for the import.
pub async fn write(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
    prepared: &Prepared,
) -> Result<ImportSummary, StoreError> {
    let (book, org) = book_for_write(tx, actor, book_id).await?;
    write_to(tx, actor, &book, &org, prepared).await
}

/// [`write`] into a book the caller has already loaded for writing.
async fn write_to(
    tx: &mut Tx,
    actor: &Actor,
    book: &BookRecord,
    org: &OrgRecord,
    prepared: &Prepared,
) -> Result<ImportSummary, StoreError> {
    let book_id = book.id.as_str();
    check_open(book)?;
    if book.year != prepared.year {
        return Err(FieldError::new("ledger.date_outside_year", "date")
            .arg("value", prepared.year.to_string())
            .arg("year", book.year.to_string())
            .into());
    }
    let now = domain::time::now_text();
    match tx {
        Tx::Sqlite(t) => {
            bulk::with_sqlite(t, |conn| {
                write_sqlite(conn, book_id, &now, prepared)?;
                write_balances_sqlite(conn, book_id, prepared)
            })
            .await?
        }
        Tx::Postgres(_) => {
            write_json(tx, book_id, &now, prepared).await?;
            write_balances(tx, book_id, prepared).await?;
        }
    }
    let summary = prepared.summary();
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

/// Opens the book of `org` for the year the vouchers were prepared for, from `template`
/// with zero openings (checked), and stores the prepared vouchers in it, in the caller's
/// transaction: [`books::open_book_in_tx`] and [`write`] in one step. On SQLite that is one
/// borrowing of the handle per book instead of a dozen statements through sqlx's worker
/// thread, whose wake-ups a data set of hundreds of books notices.
pub async fn write_new_book(
    tx: &mut Tx,
    actor: &Actor,
    org: &OrgRecord,
    template: &ChartTemplate,
    prepared: &Prepared,
) -> Result<(BookRecord, ImportSummary), StoreError> {
    let Tx::Sqlite(t) = tx else {
        let book =
            books::open_book_in_tx(tx, actor, &org.id, prepared.year, Some(template), true).await?;
        let summary = write(tx, actor, &book.id, prepared).await?;
        return Ok((book, summary));
    };
    check_write(actor, &org.region_code)?;
    books::check_book_year(prepared.year)?;
    let now = domain::time::now_text();
    let book = BookRecord {
        id: Id::new().to_string(),
        org_id: org.id.clone(),
        year: prepared.year,
        accounting_system: template.system.as_str().to_string(),
        opening_checked: true,
        closed: false,
        created_at: now.clone(),
        updated_at: now.clone(),
    };
    let summary = prepared.summary();
    bulk::with_sqlite(t, |conn| {
        let inserted = conn.execute(
            books::INSERT_BOOK,
            rusqlite::params![
                book.id,
                book.org_id,
                book.year,
                book.accounting_system,
                book.opening_checked,
                book.closed,
                now
            ],
        );
        if let Err(e) = inserted {
            let e = StoreError::from(e);
            return Err(if e.is_unique_violation() {
                DomainError::Conflict("ledger.book_exists").into()
            } else {
                e
            });
        }
        let chart_sql = |rows: usize| {
            let values: Vec<String> = (0..rows)
                .map(|i| {
                    let p = 2 + i * 4;
                    format!(
                        "(?1, ?{}, ?{}, ?{}, ?{}, NULL, TRUE, TRUE, 0)",
                        p,
                        p + 1,
                        p + 2,
                        p + 3
                    )
                })
                .collect();
            format!("{}{}", books::INSERT_ACCOUNTS, values.join(","))
        };
        bulk::insert_in_groups(
            conn,
            &template.accounts,
            200,
            chart_sql,
            |statement, i, a| {
                if i == 0 {
                    statement.raw_bind_parameter(1, &book.id)?;
                }
                let p = 2 + i * 4;
                statement.raw_bind_parameter(p, &a.code)?;
                statement.raw_bind_parameter(p + 1, &a.name)?;
                statement.raw_bind_parameter(p + 2, a.category.as_str())?;
                statement.raw_bind_parameter(p + 3, a.normal_side.as_str())
            },
        )?;
        audit::record_on(
            conn,
            actor,
            Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Create,
                before: None,
                after: Some(books::json(&book)),
            },
        )?;
        write_sqlite(conn, &book.id, &now, prepared)?;
        write_balances_sqlite(conn, &book.id, prepared)?;
        audit::record_on(
            conn,
            actor,
            Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Import,
                before: None,
                after: Some(serde_json::json!({ "imported": summary, "year": book.year })),
            },
        )
    })
    .await?;
    Ok((book, summary))
}

/// SQLite: multi-row prepared statements on the borrowed handle.
fn write_sqlite(
    conn: &rusqlite::Connection,
    book_id: &str,
    now: &str,
    prepared: &Prepared,
) -> Result<(), StoreError> {
    // Parameters ?1 book, ?2 timestamp, ?3 kind, then VOUCHER_PARAMS per voucher.
    const VOUCHER_PARAMS: usize = 9;
    let voucher_sql = |rows: usize| {
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let p = |k: usize| format!("?{}", 4 + r * VOUCHER_PARAMS + k);
                format!(
                    "({}, ?1, {}, {}, {}, {}, {}, 'posted', ?3, NULL, NULL, NULL, {}, {}, {}, {}, ?2, ?2, ?2)",
                    p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(7), p(8)
                )
            })
            .collect();
        format!(
            "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary,
                 attachments, state, kind, reverses_id, reversed_by_id, preparer_id,
                 preparer_name, reviewer_name, poster_name, total, created_at, reviewed_at,
                 posted_at) VALUES {}",
            values.join(",")
        )
    };
    bulk::insert_in_groups(
        conn,
        &prepared.vouchers,
        32,
        voucher_sql,
        |statement, i, v| {
            if i == 0 {
                statement.raw_bind_parameter(1, book_id)?;
                statement.raw_bind_parameter(2, now)?;
                statement.raw_bind_parameter(3, Kind::Normal.as_str())?;
            }
            let p = 4 + i * VOUCHER_PARAMS;
            statement.raw_bind_parameter(p, &v.id)?;
            statement.raw_bind_parameter(p + 1, &v.period)?;
            statement.raw_bind_parameter(p + 2, v.number)?;
            statement.raw_bind_parameter(p + 3, &v.date)?;
            statement.raw_bind_parameter(p + 4, &v.summary)?;
            statement.raw_bind_parameter(p + 5, v.attachments)?;
            statement.raw_bind_parameter(p + 6, &v.preparer)?;
            statement.raw_bind_parameter(p + 7, &v.reviewer)?;
            statement.raw_bind_parameter(p + 8, v.total)
        },
    )?;

    const LINE_PARAMS: usize = 6;
    let line_sql = |rows: usize| {
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let p = 1 + r * LINE_PARAMS;
                format!(
                    "(?{}, ?{}, ?{}, ?{}, ?{}, ?{})",
                    p,
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5
                )
            })
            .collect();
        format!(
            "INSERT INTO ledger_lines (voucher_id, line_no, account_code, debit, credit,
                 summary) VALUES {}",
            values.join(",")
        )
    };
    let lines: Vec<(&str, i64, &Line)> = prepared
        .vouchers
        .iter()
        .flat_map(|v| {
            (1i64..)
                .zip(&v.lines)
                .map(move |(line_no, line)| (v.id.as_str(), line_no, line))
        })
        .collect();
    bulk::insert_in_groups(conn, &lines, 64, line_sql, |statement, i, row| {
        let (id, line_no, line) = row;
        let p = 1 + i * LINE_PARAMS;
        statement.raw_bind_parameter(p, id)?;
        statement.raw_bind_parameter(p + 1, line_no)?;
        statement.raw_bind_parameter(p + 2, &line.account_code)?;
        statement.raw_bind_parameter(p + 3, line.debit.fen())?;
        statement.raw_bind_parameter(p + 4, line.credit.fen())?;
        statement.raw_bind_parameter(p + 5, &line.summary)
    })
}

/// The upsert that adds an import's movements to the balances, for `rows` rows of
/// `placeholders(i)` (the i-th row's five parameters).
fn balance_upsert_sql(rows: usize, placeholders: impl Fn(usize) -> String) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("({}, 0, 0)", placeholders(i)))
        .collect();
    format!(
        "INSERT INTO ledger_period_balances (book_id, account_code, period, debit, credit,
             closing_debit, closing_credit) VALUES {}
         ON CONFLICT (book_id, account_code, period) DO UPDATE SET
             debit = ledger_period_balances.debit + excluded.debit,
             credit = ledger_period_balances.credit + excluded.credit",
        values.join(",")
    )
}

fn write_balances_sqlite(
    conn: &rusqlite::Connection,
    book_id: &str,
    prepared: &Prepared,
) -> Result<(), StoreError> {
    let sql = |rows: usize| {
        balance_upsert_sql(rows, |i| {
            let p = 2 + i * 4;
            format!("?1, ?{}, ?{}, ?{}, ?{}", p, p + 1, p + 2, p + 3)
        })
    };
    bulk::insert_in_groups(
        conn,
        &prepared.movements,
        BALANCE_BATCH,
        sql,
        |statement, i, (code, period, debit, credit)| {
            if i == 0 {
                statement.raw_bind_parameter(1, book_id)?;
            }
            let p = 2 + i * 4;
            statement.raw_bind_parameter(p, code)?;
            statement.raw_bind_parameter(p + 1, period)?;
            statement.raw_bind_parameter(p + 2, debit)?;
            statement.raw_bind_parameter(p + 3, credit)
        },
    )
}

async fn write_balances(tx: &mut Tx, book_id: &str, prepared: &Prepared) -> Result<(), StoreError> {
    for batch in prepared.movements.chunks(BALANCE_BATCH) {
        let sql = balance_upsert_sql(batch.len(), |i| tx.placeholders(i * 5, 5).join(", "));
        on_tx!(&mut *tx, |conn| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (code, period, debit, credit) in batch {
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
    Ok(())
}

/// PostgreSQL: batches of rows as JSON parameters, one round trip per batch and table.
async fn write_json(
    tx: &mut Tx,
    book_id: &str,
    now: &str,
    prepared: &Prepared,
) -> Result<(), StoreError> {
    let backend = tx.backend();
    let voucher_sql = format!(
        "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary, attachments,
             state, kind, reverses_id, reversed_by_id, preparer_id, preparer_name,
             reviewer_name, poster_name, total, created_at, reviewed_at, posted_at)
         SELECT value->>0, $1, value->>1, CAST(value->>2 AS INTEGER), value->>3, value->>4,
             CAST(value->>5 AS BIGINT), 'posted', '{kind}', NULL, NULL, NULL, value->>6,
             value->>7, value->>7, CAST(value->>8 AS BIGINT), $2, $2, $2
         FROM {rows}",
        kind = Kind::Normal.as_str(),
        rows = json_rows_from(backend, 3),
    );
    let line_sql = format!(
        "INSERT INTO ledger_lines (voucher_id, line_no, account_code, debit, credit, summary)
         SELECT value->>0, CAST(value->>1 AS INTEGER), value->>2, CAST(value->>3 AS BIGINT),
             CAST(value->>4 AS BIGINT), value->>5
         FROM {rows}",
        rows = json_rows_from(backend, 1),
    );
    for batch in prepared.vouchers.chunks(JSON_BATCH) {
        let mut vouchers = JsonRows::with_capacity(batch.len() * 160);
        let mut lines = JsonRows::with_capacity(batch.len() * 160);
        for v in batch {
            vouchers
                .row()
                .text(&v.id)
                .text(&v.period)
                .int(i64::from(v.number))
                .text(&v.date)
                .text(&v.summary)
                .int(v.attachments)
                .text(&v.preparer)
                .text(&v.reviewer)
                .int(v.total);
            for (line_no, line) in (1i64..).zip(&v.lines) {
                lines
                    .row()
                    .text(&v.id)
                    .int(line_no)
                    .text(&line.account_code)
                    .int(line.debit.fen())
                    .int(line.credit.fen())
                    .text(&line.summary);
            }
        }
        let (vouchers, lines) = (vouchers.finish(), lines.finish());
        on_tx!(&mut *tx, |conn| {
            sqlx::query(sqlx::AssertSqlSafe(voucher_sql.as_str()))
                .bind(book_id)
                .bind(now)
                .bind(vouchers.as_str())
                .execute(&mut *conn)
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(line_sql.as_str()))
                .bind(lines.as_str())
                .execute(conn)
                .await?;
        });
    }
    Ok(())
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
    let mut state = BookState::load(tx, &book).await?;
    let prepared = prepare(&mut state, items)?;
    write_to(tx, actor, &book, &org, &prepared).await
}

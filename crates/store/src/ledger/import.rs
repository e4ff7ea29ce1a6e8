//! Bulk import of vouchers: all or nothing in one transaction, rows validated like single
//! vouchers, written in bulk, one audit entry per book for the whole import.
//!
//! Two kinds ([`Mode`]), because no one person posts:
//! - [`Mode::Draft`] (a bookkeeper's file): the vouchers become drafts prepared by the
//!   importing user, like vouchers entered by hand; another user reviews and posts them. The
//!   file's preparer and reviewer columns are not read. Balances do not move.
//! - [`Mode::Migration`] (a previous system's posted books): only a district admin (or the
//!   command line's system actor, e.g. `zhenxing import dataset` and the demo) may run it; the
//!   vouchers are stored posted with `origin = 'migrated'`, the file's preparer kept as its
//!   label, no reviewer (a name typed in a file never becomes a reviewer), the admin as the
//!   poster; the balances move once per account and month, and the audit entry says
//!   `origin: migrated` with the file's name and SHA-256 digest ([`Source`]).
//!
//! The file's voucher numbers are kept in both kinds (a number already used in the month is
//! refused), so an export imports back unchanged; vouchers without one get the month's next.
//!
//! Two steps, so a caller can run the first on another thread: [`prepare`] checks and
//! numbers the vouchers against a [`BookState`] (pure work, no database), [`write`] stores
//! them. [`import_in_tx`] does both for a book as it is in the database.

use super::books::{self, BookRecord, OrgRecord, book_for_write};
use super::check_write;
use super::vouchers::{Kind, Postable, check_accounts};
use crate::audit;
use crate::bulk::{self, CopyRows, JsonRows, SetAside, json_rows_from};
use crate::{Db, StoreError, Tx, on_tx};
use domain::audit::{Action, entity};
use domain::identity::{Actor, Role};
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{ChartTemplate, Period, VoucherState, chart};
use domain::money::OVERFLOW;
use domain::{DomainError, FieldError, Id, Money};
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
    /// The file's preparer: kept as the label of a migrated voucher, not read for drafts.
    pub preparer: String,
    /// The file's reviewer: never read (no name typed in a file becomes a reviewer).
    pub reviewer: String,
}

/// How imported vouchers enter the books (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Drafts prepared by the importing user, reviewed and posted by others.
    Draft,
    /// A previous system's posted books, by a district admin: posted, `origin = 'migrated'`.
    Migration,
}

impl Mode {
    /// The `ledger_vouchers.origin` of the vouchers.
    pub fn origin(self) -> &'static str {
        match self {
            Mode::Draft => "entered",
            Mode::Migration => "migrated",
        }
    }

    fn state(self) -> VoucherState {
        match self {
            Mode::Draft => VoucherState::Draft,
            Mode::Migration => VoucherState::Posted,
        }
    }
}

/// The file an import came from, recorded in its audit entry: name and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub sha256: String,
}

/// Only a district admin migrates a previous system's posted books; the system actor (no
/// role: the command line's `import dataset`, the demo loader) may too.
pub fn check_migration(actor: &Actor) -> Result<(), DomainError> {
    match actor.role {
        None | Some(Role::DistrictAdmin) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
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

    /// The book as the database holds it; refuses a book not open for imports of `mode`.
    async fn load(tx: &mut Tx, book: &books::BookRecord, mode: Mode) -> Result<Self, StoreError> {
        check_open(book, mode)?;
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

/// Imports go into books that are not closed; posted (migrated) vouchers only into books
/// whose openings are checked, like posting by hand. Drafts, like entered ones, need not.
fn check_open(book: &books::BookRecord, mode: Mode) -> Result<(), StoreError> {
    if mode == Mode::Migration && !book.opening_checked {
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
    /// The file's preparer (migrations only; a draft's preparer is the importing user).
    preparer: String,
    total: i64,
    lines: Vec<Line>,
}

/// Vouchers checked against a book and ready to [`write`].
#[derive(Debug)]
pub struct Prepared {
    year: i32,
    mode: Mode,
    vouchers: Vec<Ready>,
    /// Movements per account (every level) and month: (code, period, debit, credit).
    movements: Vec<(String, String, i64, i64)>,
    lines: usize,
}

impl Prepared {
    pub fn mode(&self) -> Mode {
        self.mode
    }

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
/// Every amount is bounded ([`Money::bounded`], `money.too_large` naming the line's row and
/// column) and every sum checked (`money.overflow`), so no figure wraps.
pub fn prepare(
    book: &mut BookState,
    items: &[ImportVoucher],
    mode: Mode,
) -> Result<Prepared, StoreError> {
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
        for (i, line) in v.lines.iter().enumerate() {
            let bounded = line
                .debit
                .bounded("debit")
                .and_then(|_| line.credit.bounded("credit"));
            bounded.map_err(|e| row_error(item.row + i, e.arg("line", (i + 1).to_string())))?;
        }
        check_accounts(&book.postable, v).map_err(|e| row_error(item.row, e))?;
        if mode == Mode::Migration && item.preparer.trim().is_empty() {
            return Err(row_error(
                item.row,
                FieldError::new("common.required", "preparer"),
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

    let overflow =
        |row: usize, field: &'static str| row_error(row, FieldError::new(OVERFLOW, field));
    let mut vouchers = Vec::with_capacity(items.len());
    let mut movements: HashMap<(&str, Period), (Money, Money)> = HashMap::new();
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
        let total =
            Money::sum(v.lines.iter().map(|l| l.debit)).map_err(|_| overflow(item.row, "debit"))?;
        if mode == Mode::Migration {
            for (i, line) in v.lines.iter().enumerate() {
                let mut code = Some(line.account_code.as_str());
                while let Some(c) = code {
                    let m = movements.entry((c, v.period)).or_default();
                    m.0 =
                        m.0.checked_add(line.debit)
                            .ok_or_else(|| overflow(item.row + i, "debit"))?;
                    m.1 =
                        m.1.checked_add(line.credit)
                            .ok_or_else(|| overflow(item.row + i, "credit"))?;
                    code = chart::parent_code(c);
                }
            }
        }
        vouchers.push(Ready {
            id: Id::new().to_string(),
            period: v.period.to_string(),
            number,
            date: v.date.to_string(),
            summary: v.summary.clone(),
            attachments: v.attachments,
            preparer: match mode {
                Mode::Migration => item.preparer.trim().to_string(),
                Mode::Draft => String::new(),
            },
            total: total.fen(),
            lines: v.lines.clone(),
        });
    }
    let mut movements: Vec<_> = movements
        .into_iter()
        .map(|((code, period), (debit, credit))| {
            (
                code.to_string(),
                period.to_string(),
                debit.fen(),
                credit.fen(),
            )
        })
        .collect();
    movements.sort();
    book.taken = taken;
    Ok(Prepared {
        year: book.year,
        mode,
        vouchers,
        movements,
        lines,
    })
}

/// What every voucher of one write is stored with besides its own fields.
struct Stamp<'a> {
    now: String,
    state: &'static str,
    origin: &'static str,
    /// A draft's preparer: the importing user (id and name); a migration's is the file's.
    preparer_id: Option<String>,
    preparer_name: Option<&'a str>,
    poster_name: Option<&'a str>,
    posted_at: Option<String>,
}

impl<'a> Stamp<'a> {
    fn new(actor: &'a Actor, mode: Mode) -> Self {
        let now = domain::time::now_text();
        match mode {
            Mode::Draft => Stamp {
                state: mode.state().as_str(),
                origin: mode.origin(),
                preparer_id: actor.user_id.map(|u| u.to_string()),
                preparer_name: Some(actor.username.as_str()),
                poster_name: None,
                posted_at: None,
                now,
            },
            Mode::Migration => Stamp {
                state: mode.state().as_str(),
                origin: mode.origin(),
                preparer_id: None,
                preparer_name: None,
                poster_name: Some(actor.username.as_str()),
                posted_at: Some(now.clone()),
                now,
            },
        }
    }

    fn preparer<'v>(&'v self, v: &'v Ready) -> &'v str {
        self.preparer_name.unwrap_or(v.preparer.as_str())
    }
}

/// The audit entry of an import into a book: counts, state, origin and the source file.
fn import_entry_json(prepared: &Prepared, year: i32, source: Option<&Source>) -> serde_json::Value {
    let mode = prepared.mode;
    serde_json::json!({
        "imported": prepared.summary(),
        "year": year,
        "state": mode.state().as_str(),
        "origin": mode.origin(),
        "migration": mode == Mode::Migration,
        "file": source.map(|s| s.file.as_str()),
        "sha256": source.map(|s| s.sha256.as_str()),
    })
}

/// The checks of the actor for the prepared vouchers' mode: a migration is a district
/// admin's; every import writes in the actor's scope (checked with the book).
fn check_mode(actor: &Actor, mode: Mode) -> Result<(), StoreError> {
    if mode == Mode::Migration {
        check_migration(actor)?;
    }
    Ok(())
}

/// Stores prepared vouchers in `book_id` (which must be the book they were prepared for):
/// drafts, or posted migrated vouchers whose balances move; one audit entry for the import,
/// naming the source file when there is one.
pub async fn write(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
    prepared: &Prepared,
    source: Option<&Source>,
) -> Result<ImportSummary, StoreError> {
    check_mode(actor, prepared.mode)?;
    let (book, org) = book_for_write(tx, actor, book_id).await?;
    write_to(tx, actor, &book, &org, prepared, source).await
}

/// [`write`] into a book the caller has already loaded for writing.
async fn write_to(
    tx: &mut Tx,
    actor: &Actor,
    book: &BookRecord,
    org: &OrgRecord,
    prepared: &Prepared,
    source: Option<&Source>,
) -> Result<ImportSummary, StoreError> {
    check_mode(actor, prepared.mode)?;
    let book_id = book.id.as_str();
    check_open(book, prepared.mode)?;
    if book.year != prepared.year {
        return Err(FieldError::new("ledger.date_outside_year", "date")
            .arg("value", prepared.year.to_string())
            .arg("year", book.year.to_string())
            .into());
    }
    let stamp = Stamp::new(actor, prepared.mode);
    match tx {
        Tx::Sqlite(t) => {
            bulk::with_sqlite(t, |conn| {
                write_sqlite(conn, book_id, &stamp, prepared)?;
                write_balances_sqlite(conn, book_id, prepared)
            })
            .await?
        }
        Tx::Postgres(_) => {
            write_json(tx, book_id, &stamp, prepared).await?;
            write_balances(tx, book_id, prepared).await?;
        }
    }
    audit::change(
        tx,
        actor,
        Action::Import,
        audit::Subject {
            entity: entity::LEDGER_BOOK,
            id: book_id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&import_entry_json(prepared, book.year, source)),
    )
    .await?;
    Ok(prepared.summary())
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
    source: Option<&Source>,
) -> Result<(BookRecord, ImportSummary), StoreError> {
    check_mode(actor, prepared.mode)?;
    let Tx::Sqlite(t) = tx else {
        let book =
            books::open_book_in_tx(tx, actor, &org.id, prepared.year, Some(template), true).await?;
        let summary = write(tx, actor, &book.id, prepared, source).await?;
        return Ok((book, summary));
    };
    check_write(actor, &org.region_code)?;
    books::check_book_year(prepared.year)?;
    let book = BookRecord::loaded(&org.id, prepared.year, template.system);
    let summary = prepared.summary();
    let stamp = Stamp::new(actor, prepared.mode);
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
                book.created_at
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
            audit::Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Create,
                before: None,
                after: Some(books::json(&book)),
            },
        )?;
        write_sqlite(conn, &book.id, &stamp, prepared)?;
        write_balances_sqlite(conn, &book.id, prepared)?;
        audit::record_on(
            conn,
            actor,
            audit::Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Import,
                before: None,
                after: Some(import_entry_json(prepared, book.year, source)),
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
    stamp: &Stamp<'_>,
    prepared: &Prepared,
) -> Result<(), StoreError> {
    // Parameters ?1 book, ?2 timestamp, ?3 kind, ?4 state, ?5 origin, ?6 preparer id,
    // ?7 poster, ?8 posted at, then VOUCHER_PARAMS per voucher.
    const COMMON: usize = 8;
    const VOUCHER_PARAMS: usize = 8;
    let voucher_sql = |rows: usize| {
        let values: Vec<String> = (0..rows)
            .map(|r| {
                let p = |k: usize| format!("?{}", COMMON + 1 + r * VOUCHER_PARAMS + k);
                format!(
                    "({}, ?1, {}, {}, {}, {}, {}, ?4, ?3, NULL, NULL, ?6, {}, NULL, ?7, {}, ?2, NULL, ?8, ?5)",
                    p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7)
                )
            })
            .collect();
        format!(
            "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary,
                 attachments, state, kind, reverses_id, reversed_by_id, preparer_id,
                 preparer_name, reviewer_name, poster_name, total, created_at, reviewed_at,
                 posted_at, origin) VALUES {}",
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
                statement.raw_bind_parameter(2, &stamp.now)?;
                statement.raw_bind_parameter(3, Kind::Normal.as_str())?;
                statement.raw_bind_parameter(4, stamp.state)?;
                statement.raw_bind_parameter(5, stamp.origin)?;
                statement.raw_bind_parameter(6, &stamp.preparer_id)?;
                statement.raw_bind_parameter(7, stamp.poster_name)?;
                statement.raw_bind_parameter(8, &stamp.posted_at)?;
            }
            let p = COMMON + 1 + i * VOUCHER_PARAMS;
            statement.raw_bind_parameter(p, &v.id)?;
            statement.raw_bind_parameter(p + 1, &v.period)?;
            statement.raw_bind_parameter(p + 2, v.number)?;
            statement.raw_bind_parameter(p + 3, &v.date)?;
            statement.raw_bind_parameter(p + 4, &v.summary)?;
            statement.raw_bind_parameter(p + 5, v.attachments)?;
            statement.raw_bind_parameter(p + 6, stamp.preparer(v))?;
            statement.raw_bind_parameter(p + 7, v.total)
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
    // Drafts carry no movements (`prepare` sums them for migrations only).
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
    stamp: &Stamp<'_>,
    prepared: &Prepared,
) -> Result<(), StoreError> {
    let backend = tx.backend();
    // $1 book, $2 timestamp, $3 rows, $4 state, $5 origin, $6 preparer id, $7 poster,
    // $8 posted at.
    let voucher_sql = format!(
        "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary, attachments,
             state, kind, reverses_id, reversed_by_id, preparer_id, preparer_name,
             reviewer_name, poster_name, total, created_at, reviewed_at, posted_at, origin)
         SELECT value->>0, $1, value->>1, CAST(value->>2 AS INTEGER), value->>3, value->>4,
             CAST(value->>5 AS BIGINT), $4, '{kind}', NULL, NULL, $6, value->>6,
             NULL, $7, CAST(value->>7 AS BIGINT), $2, NULL, $8, $5
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
                .text(stamp.preparer(v))
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
                .bind(&stamp.now)
                .bind(vouchers.as_str())
                .bind(stamp.state)
                .bind(stamp.origin)
                .bind(&stamp.preparer_id)
                .bind(stamp.poster_name)
                .bind(&stamp.posted_at)
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

/// The tables a load of new books writes, parents first.
const LOADED_TABLES: [&str; 5] = [
    "ledger_books",
    "ledger_accounts",
    "ledger_vouchers",
    "ledger_lines",
    "ledger_period_balances",
];

/// Bytes of COPY rows gathered per table on PostgreSQL before they are sent (about 60,000
/// vouchers, or 120,000 lines).
const COPY_FLUSH: usize = 16 << 20;

/// New books of a data set written one after the other into one transaction (`zhenxing
/// import dataset`): [`NewBooks::begin`], [`NewBooks::write`] for each book, then
/// [`NewBooks::finish`] before the commit.
///
/// - SQLite: each book is [`write_new_book`] (rusqlite statements on sqlx's handle).
/// - PostgreSQL: the rows of books, charts, vouchers, lines, balances and audit entries are
///   gathered as COPY text and sent by `COPY … FROM STDIN` every 16 MiB; when the ledger's
///   tables are empty their indexes, keys and foreign keys are set aside until
///   [`NewBooks::finish`] builds them again ([`SetAside`]), which checks every row loaded.
///   The rows are the ones the other paths write, field for field, and the checks are the
///   same: [`prepare`]'s (balanced, leaf accounts, numbers unique in their month, bounded
///   amounts), the actor's scope, the book's year, one book per organisation and year.
pub struct NewBooks {
    pg: Option<CopyBooks>,
    /// Bytes gathered before they are sent (PostgreSQL).
    flush_at: usize,
}

/// What [`NewBooks`] gathers on PostgreSQL.
struct CopyBooks {
    set_aside: SetAside,
    /// (organisation, year) of every book written, so a second is refused as
    /// `ledger.book_exists` with the unique key set aside.
    seen: HashSet<(String, i32)>,
    books: CopyRows,
    accounts: CopyRows,
    vouchers: CopyRows,
    lines: CopyRows,
    balances: CopyRows,
    audit: CopyRows,
}

/// Where each of [`CopyBooks`]' buffers goes, in the order of [`CopyBooks::tables`]: parents
/// first.
const COPY_TARGETS: [&str; 6] = [
    "ledger_books (id, org_id, year, accounting_system, opening_checked, closed, created_at,
         updated_at)",
    "ledger_accounts (book_id, code, name, category, normal_side, parent_code, from_template,
         active, opening)",
    "ledger_vouchers (id, book_id, period, number, date, summary, attachments, state, kind,
         reverses_id, reversed_by_id, preparer_id, preparer_name, reviewer_name, poster_name,
         total, created_at, reviewed_at, posted_at, origin)",
    "ledger_lines (voucher_id, line_no, account_code, debit, credit, summary)",
    "ledger_period_balances (book_id, account_code, period, debit, credit, closing_debit,
         closing_credit)",
    "audit_log (id, at, actor_id, actor_name, region_code, entity, entity_id, action,
         before_json, after_json)",
];

impl CopyBooks {
    fn tables(&mut self) -> [&mut CopyRows; 6] {
        [
            &mut self.books,
            &mut self.accounts,
            &mut self.vouchers,
            &mut self.lines,
            &mut self.balances,
            &mut self.audit,
        ]
    }

    fn bytes(&mut self) -> usize {
        self.tables().iter().map(|rows| rows.bytes()).sum()
    }

    /// Sends each table's gathered rows that reach `at` bytes (all of them for 0), parents
    /// first. Every `COPY` statement costs a round trip and, over TCP, often a delayed
    /// acknowledgement (sqlx sets no `TCP_NODELAY`, so the closing `CopyDone` waits for the
    /// server's ACK of the data, up to 40 ms): fewer, larger statements are faster.
    async fn flush(&mut self, conn: &mut sqlx::PgConnection, at: usize) -> Result<(), StoreError> {
        for (target, rows) in COPY_TARGETS.iter().zip(self.tables()) {
            if !rows.is_empty() && rows.bytes() >= at {
                bulk::copy_in(conn, target, rows).await?;
            }
        }
        Ok(())
    }

    /// After each book: with the keys set aside each table goes out when its own rows reach
    /// `flush_at` (the small tables only at the end); with them in place, every table at
    /// once, parents first, when all together reach it.
    async fn flush_some(
        &mut self,
        conn: &mut sqlx::PgConnection,
        flush_at: usize,
    ) -> Result<(), StoreError> {
        if !self.set_aside.is_empty() {
            self.flush(conn, flush_at).await
        } else if self.bytes() >= flush_at {
            self.flush(conn, 0).await
        } else {
            Ok(())
        }
    }

    /// An audit entry as [`audit::record`] writes it.
    fn audit_row(&mut self, actor: &Actor, entry: audit::Entry<'_>) {
        let actor_id = actor.user_id.map(|u| u.to_string());
        self.audit
            .row()
            .text(&Id::new().to_string())
            .text(&domain::time::now_text())
            .opt(actor_id.as_deref())
            .text(&actor.username)
            .opt(entry.region_code)
            .text(entry.entity)
            .text(entry.entity_id)
            .text(entry.action.as_str())
            .opt(entry.before.map(|v| v.to_string()).as_deref())
            .opt(entry.after.map(|v| v.to_string()).as_deref());
    }

    /// Gathers a new book's rows: the book, its chart from `template`, its vouchers and
    /// lines, the balances they move and the two audit entries (created, imported).
    fn add(
        &mut self,
        actor: &Actor,
        org: &OrgRecord,
        template: &ChartTemplate,
        prepared: &Prepared,
        source: Option<&Source>,
    ) -> Result<BookRecord, StoreError> {
        check_write(actor, &org.region_code)?;
        books::check_book_year(prepared.year)?;
        if !self.seen.insert((org.id.clone(), prepared.year)) {
            return Err(DomainError::Conflict("ledger.book_exists").into());
        }
        let book = BookRecord::loaded(&org.id, prepared.year, template.system);
        self.books
            .row()
            .text(&book.id)
            .text(&book.org_id)
            .int(i64::from(book.year))
            .text(&book.accounting_system)
            .bool(book.opening_checked)
            .bool(book.closed)
            .text(&book.created_at)
            .text(&book.updated_at);
        for a in &template.accounts {
            self.accounts
                .row()
                .text(&book.id)
                .text(&a.code)
                .text(&a.name)
                .text(a.category.as_str())
                .text(a.normal_side.as_str())
                .null()
                .bool(true)
                .bool(true)
                .int(0);
        }
        self.audit_row(
            actor,
            audit::Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Create,
                before: None,
                after: Some(books::json(&book)),
            },
        );
        let stamp = Stamp::new(actor, prepared.mode);
        for v in &prepared.vouchers {
            self.vouchers
                .row()
                .text(&v.id)
                .text(&book.id)
                .text(&v.period)
                .int(i64::from(v.number))
                .text(&v.date)
                .text(&v.summary)
                .int(v.attachments)
                .text(stamp.state)
                .text(Kind::Normal.as_str())
                .null()
                .null()
                .opt(stamp.preparer_id.as_deref())
                .text(stamp.preparer(v))
                .null()
                .opt(stamp.poster_name)
                .int(v.total)
                .text(&stamp.now)
                .null()
                .opt(stamp.posted_at.as_deref())
                .text(stamp.origin);
            for (line_no, line) in (1i64..).zip(&v.lines) {
                self.lines
                    .row()
                    .text(&v.id)
                    .int(line_no)
                    .text(&line.account_code)
                    .int(line.debit.fen())
                    .int(line.credit.fen())
                    .text(&line.summary);
            }
        }
        // One row per account and month: `prepare` summed the movements by (code, period).
        for (code, period, debit, credit) in &prepared.movements {
            self.balances
                .row()
                .text(&book.id)
                .text(code)
                .text(period)
                .int(*debit)
                .int(*credit)
                .int(0)
                .int(0);
        }
        self.audit_row(
            actor,
            audit::Entry {
                entity: entity::LEDGER_BOOK,
                entity_id: &book.id,
                region_code: Some(&org.region_code),
                action: Action::Import,
                before: None,
                after: Some(import_entry_json(prepared, book.year, source)),
            },
        );
        Ok(book)
    }
}

impl NewBooks {
    /// Starts writing new books in `tx`. On PostgreSQL this locks the ledger's tables until
    /// the end of the transaction and, when they are empty, sets their indexes and keys
    /// aside ([`SetAside`]): call it after [`check_empty`], and [`NewBooks::finish`] before
    /// the commit (a transaction rolled back restores them with everything else).
    pub async fn begin(tx: &mut Tx) -> Result<NewBooks, StoreError> {
        let Tx::Postgres(t) = tx else {
            return Ok(NewBooks {
                pg: None,
                flush_at: COPY_FLUSH,
            });
        };
        let set_aside = SetAside::begin(t, &LOADED_TABLES).await?;
        let rows = || CopyRows::with_capacity(1 << 20);
        Ok(NewBooks {
            pg: Some(CopyBooks {
                set_aside,
                seen: HashSet::new(),
                books: rows(),
                accounts: rows(),
                vouchers: CopyRows::with_capacity(COPY_FLUSH + (1 << 20)),
                lines: CopyRows::with_capacity(COPY_FLUSH + (1 << 20)),
                balances: rows(),
                audit: rows(),
            }),
            flush_at: COPY_FLUSH,
        })
    }

    /// Sends the gathered rows once they reach `bytes` (default 16 MiB) instead: less memory,
    /// more statements (tests use it to have books reach the database before a failure).
    pub fn flush_at(mut self, bytes: usize) -> Self {
        self.flush_at = bytes;
        self
    }

    /// Opens the book of `org` for the year the vouchers were prepared for, from `template`
    /// with zero openings (checked), and stores the prepared vouchers in it, audited like
    /// [`books::open_book_in_tx`] and [`write`] audit them (see [`write_new_book`]). On
    /// PostgreSQL the rows may reach the database only at a later book or at
    /// [`NewBooks::finish`].
    pub async fn write(
        &mut self,
        tx: &mut Tx,
        actor: &Actor,
        org: &OrgRecord,
        template: &ChartTemplate,
        prepared: &Prepared,
        source: Option<&Source>,
    ) -> Result<(BookRecord, ImportSummary), StoreError> {
        check_mode(actor, prepared.mode)?;
        let (Some(pg), Tx::Postgres(t)) = (&mut self.pg, &mut *tx) else {
            return write_new_book(tx, actor, org, template, prepared, source).await;
        };
        let book = pg.add(actor, org, template, prepared, source)?;
        pg.flush_some(t, self.flush_at).await?;
        Ok((book, prepared.summary()))
    }

    /// Sends the rows still gathered and builds again what was set aside, checking every
    /// row loaded (keys unique, references found). Call before the commit.
    pub async fn finish(self, tx: &mut Tx) -> Result<(), StoreError> {
        let (Some(mut pg), Tx::Postgres(t)) = (self.pg, tx) else {
            return Ok(());
        };
        pg.flush(t, 0).await?;
        pg.set_aside.restore(t).await
    }
}

/// Imports a file's vouchers into a book in one transaction ([`import_in_tx`]).
pub async fn import(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    items: &[ImportVoucher],
    mode: Mode,
    source: Option<&Source>,
) -> Result<ImportSummary, StoreError> {
    let mut tx = db.begin_write().await?;
    let summary = import_in_tx(&mut tx, actor, book_id, items, mode, source).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Imports vouchers into a book inside a caller's transaction, so a file spanning several
/// books is still imported all or nothing: drafts prepared by `actor`, or (a district
/// admin's) migration of posted vouchers, refused with `auth.forbidden` for anyone else.
pub async fn import_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
    items: &[ImportVoucher],
    mode: Mode,
    source: Option<&Source>,
) -> Result<ImportSummary, StoreError> {
    check_mode(actor, mode)?;
    let (book, org) = book_for_write(tx, actor, book_id).await?;
    let mut state = BookState::load(tx, &book, mode).await?;
    let prepared = prepare(&mut state, items, mode)?;
    write_to(tx, actor, &book, &org, &prepared, source).await
}

/// A migration without a file: the demo's generated history of previous years
/// ([`Mode::Migration`], so posted with `origin = 'migrated'` and no reviewer).
pub async fn import_posted(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    items: &[ImportVoucher],
) -> Result<ImportSummary, StoreError> {
    import(db, actor, book_id, items, Mode::Migration, None).await
}

/// Whether the database holds no regions, organisations, books or vouchers: `zhenxing import
/// dataset` loads a previous system's books into an empty database only, and checks this in
/// its own transaction before writing anything (`ledger.dataset_not_empty` otherwise, with
/// the counts found).
pub async fn check_empty(tx: &mut Tx) -> Result<(), StoreError> {
    let (regions, orgs, books, vouchers): (i64, i64, i64, i64) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM ledger_orgs),
                    (SELECT COUNT(*) FROM ledger_books), (SELECT COUNT(*) FROM ledger_vouchers)",
        )
        .fetch_one(conn)
        .await?
    });
    if regions + orgs + books + vouchers == 0 {
        return Ok(());
    }
    Err(FieldError::new("ledger.dataset_not_empty", "database")
        .arg("regions", regions.to_string())
        .arg("orgs", orgs.to_string())
        .arg("books", books.to_string())
        .into())
}

/// The audit entry of a whole data set loaded by `zhenxing import dataset`: one `import`
/// entry on the data set's top region, recording the load as a migration with the name and
/// SHA-256 of each file and the counts (each book also has its create and import entries).
pub async fn record_dataset(
    tx: &mut Tx,
    actor: &Actor,
    top_region: &str,
    sources: &[Source],
    counts: &[(&str, usize)],
) -> Result<(), StoreError> {
    check_migration(actor)?;
    let counts: serde_json::Map<String, serde_json::Value> = counts
        .iter()
        .map(|(k, n)| (k.to_string(), serde_json::Value::from(*n)))
        .collect();
    audit::change(
        tx,
        actor,
        Action::Import,
        audit::Subject {
            entity: entity::REGION,
            id: top_region,
            region: Some(top_region),
        },
        None::<&()>,
        Some(&serde_json::json!({
            "dataset": counts,
            "origin": Mode::Migration.origin(),
            "migration": true,
            "files": sources,
        })),
    )
    .await
}

/// Each voucher of a book in the scope with its origin (`entered`, `generated`, `migrated`),
/// in (period, number) order: what an import made of a file, for checks and reports.
pub async fn origins(
    db: &Db,
    scope: &domain::identity::Scope,
    book_id: &str,
) -> Result<Vec<(String, i32, String)>, StoreError> {
    if books::get_book(db, scope, book_id).await?.is_none() {
        return Err(DomainError::NotFound.into());
    }
    Ok(crate::on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT period, number, origin FROM ledger_vouchers WHERE book_id = $1
             ORDER BY period, number",
        )
        .bind(book_id)
        .fetch_all(pool)
        .await?
    }))
}

//! Vouchers: drafts, review by another user, posting (which maintains the period balances),
//! red-ink reversal, and the monthly periods that closing locks.

use super::books::{self, AccountRecord, BookRecord, OrgRecord, book_for_write};
use crate::audit::{self, Entry};
use crate::{Db, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::{Action, entity};
use domain::identity::{Actor, Role, Scope};
use domain::ledger::chart;
use domain::ledger::voucher::{self, Voucher, VoucherState};
use domain::ledger::{ChartTemplate, Period};
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct VoucherRecord {
    pub id: String,
    pub book_id: String,
    pub period: String,
    pub number: i32,
    pub date: String,
    pub summary: String,
    pub attachments: i64,
    pub state: String,
    pub kind: String,
    pub reverses_id: Option<String>,
    pub reversed_by_id: Option<String>,
    pub preparer_id: Option<String>,
    pub preparer_name: String,
    pub reviewer_name: Option<String>,
    pub poster_name: Option<String>,
    pub total: i64,
    pub created_at: String,
    pub reviewed_at: Option<String>,
    pub posted_at: Option<String>,
}

impl VoucherRecord {
    /// 记-0001 style number within its month.
    pub fn label(&self) -> String {
        format!("记-{:04}", self.number)
    }

    pub fn state(&self) -> VoucherState {
        VoucherState::parse(&self.state).unwrap_or(VoucherState::Draft)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LineRecord {
    pub voucher_id: String,
    pub line_no: i32,
    pub account_code: String,
    pub debit: i64,
    pub credit: i64,
    pub summary: String,
}

/// What a voucher is: an ordinary entry, a red-ink reversal, or the year-end carry-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Normal,
    Reversal,
    Closing,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Normal => "normal",
            Kind::Reversal => "reversal",
            Kind::Closing => "closing",
        }
    }
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Checks the lines against the book's accounts: known, active, leaf. Names the line.
/// Which accounts of a book may carry voucher lines, indexed by code once per book, so a
/// file of a million lines is checked without scanning the chart per line.
#[derive(Debug, Clone)]
pub struct Postable {
    /// Per account code: `None` when lines may go there, else the refusal's code.
    refusal: HashMap<String, Option<&'static str>>,
}

impl Postable {
    pub fn from_accounts(accounts: &[AccountRecord]) -> Self {
        let parents: HashSet<&str> = accounts
            .iter()
            .filter_map(|a| a.parent_code.as_deref())
            .collect();
        let refusal = accounts
            .iter()
            .map(|a| {
                let refusal = if !a.active {
                    Some("ledger.account_inactive")
                } else if parents.contains(a.code.as_str()) {
                    Some("ledger.account_not_leaf")
                } else {
                    None
                };
                (a.code.clone(), refusal)
            })
            .collect();
        Postable { refusal }
    }

    /// The accounts of a book just opened from `template`: all active, none with
    /// sub-accounts yet.
    pub fn from_template(template: &ChartTemplate) -> Self {
        let refusal = template
            .accounts
            .iter()
            .map(|a| (a.code.clone(), None))
            .collect();
        Postable { refusal }
    }
}

/// Every line on an active leaf account of the book.
pub(crate) fn check_accounts(postable: &Postable, v: &Voucher) -> Result<(), FieldError> {
    for (i, line) in v.lines.iter().enumerate() {
        let refusal = match postable.refusal.get(line.account_code.as_str()) {
            None => "ledger.account_unknown",
            Some(None) => continue,
            Some(Some(code)) => code,
        };
        return Err(FieldError::new(refusal, "account_code")
            .arg("value", line.account_code.as_str())
            .arg("line", (i + 1).to_string()));
    }
    Ok(())
}

fn check_year(book: &BookRecord, v: &Voucher) -> Result<(), FieldError> {
    if v.period.year != book.year {
        return Err(FieldError::new("ledger.date_outside_year", "date")
            .arg("value", v.date.to_string())
            .arg("year", book.year.to_string()));
    }
    Ok(())
}

async fn period_closed(tx: &mut Tx, book_id: &str, period: &str) -> Result<bool, StoreError> {
    let row: Option<(bool,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT closed FROM ledger_periods WHERE book_id = $1 AND period = $2")
            .bind(book_id)
            .bind(period)
            .fetch_optional(conn)
            .await?
    });
    Ok(row.is_some_and(|(c,)| c))
}

fn closed_error(period: Period) -> StoreError {
    FieldError::new("ledger.period_closed", "date")
        .arg("value", period.to_string())
        .into()
}

/// Stores a new draft voucher with the next number of its month.
pub async fn create_draft(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    v: &Voucher,
) -> Result<VoucherRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let record = insert_draft(&mut tx, actor, book_id, v, Kind::Normal, None).await?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn insert_draft(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
    v: &Voucher,
    kind: Kind,
    reverses: Option<&str>,
) -> Result<VoucherRecord, StoreError> {
    let (book, org) = book_for_write(tx, actor, book_id).await?;
    check_year(&book, v)?;
    let accounts = books::accounts_in_tx(tx, book_id).await?;
    check_accounts(&Postable::from_accounts(&accounts), v)?;
    let period = v.period.to_string();
    if book.closed || period_closed(tx, book_id, &period).await? {
        return Err(closed_error(v.period));
    }
    let (next,): (i64,) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM ledger_vouchers WHERE book_id = $1 AND period = $2",
        )
        .bind(book_id)
        .bind(&period)
        .fetch_one(conn)
        .await?
    });
    let number =
        i32::try_from(next).map_err(|_| DomainError::Conflict("ledger.too_many_vouchers"))?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let preparer_id = actor.user_id.map(|u| u.to_string());
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO ledger_vouchers (id, book_id, period, number, date, summary, attachments, state,
                 kind, reverses_id, reversed_by_id, preparer_id, preparer_name, reviewer_name,
                 poster_name, total, created_at, reviewed_at, posted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, NULL, NULL, $13, $14, NULL, NULL)",
        )
        .bind(&id)
        .bind(book_id)
        .bind(&period)
        .bind(number)
        .bind(v.date.to_string())
        .bind(&v.summary)
        .bind(v.attachments)
        .bind(VoucherState::Draft.as_str())
        .bind(kind.as_str())
        .bind(reverses)
        .bind(&preparer_id)
        .bind(&actor.username)
        .bind(v.total_debit().fen())
        .bind(&now)
        .execute(conn)
        .await?;
    });
    insert_lines(tx, &id, v).await?;
    let record = voucher_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::record(
        tx,
        actor,
        Entry {
            entity: entity::LEDGER_VOUCHER,
            entity_id: &id,
            region_code: Some(&org.region_code),
            action: if kind == Kind::Reversal {
                Action::Reverse
            } else {
                Action::Create
            },
            before: None,
            after: Some(serde_json::json!({ "voucher": record, "lines": v.lines })),
        },
    )
    .await?;
    Ok(record)
}

async fn insert_lines(tx: &mut Tx, voucher_id: &str, v: &Voucher) -> Result<(), StoreError> {
    for (i, line) in v.lines.iter().enumerate() {
        let line_no =
            i32::try_from(i + 1).map_err(|_| FieldError::new("ledger.too_many_lines", "lines"))?;
        on_tx!(&mut *tx, |conn| {
            sqlx::query(
                "INSERT INTO ledger_lines (voucher_id, line_no, account_code, debit, credit, summary)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(voucher_id)
            .bind(line_no)
            .bind(&line.account_code)
            .bind(line.debit.fen())
            .bind(line.credit.fen())
            .bind(&line.summary)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

async fn voucher_in_tx(tx: &mut Tx, id: &str) -> Result<Option<VoucherRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM ledger_vouchers WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn lines_in_tx(tx: &mut Tx, id: &str) -> Result<Vec<LineRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM ledger_lines WHERE voucher_id = $1 ORDER BY line_no")
            .bind(id)
            .fetch_all(conn)
            .await?
    }))
}

/// The voucher, its book and organisation, checked against the actor.
async fn voucher_for_write(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<(VoucherRecord, BookRecord, OrgRecord), StoreError> {
    let v = voucher_in_tx(tx, id).await?.ok_or(DomainError::NotFound)?;
    let (book, org) = book_for_write(tx, actor, &v.book_id).await?;
    Ok((v, book, org))
}

/// Replaces a draft's content (date within the same month keeps its number).
pub async fn update_draft(
    db: &Db,
    actor: &Actor,
    id: &str,
    v: &Voucher,
) -> Result<VoucherRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, book, org) = voucher_for_write(&mut tx, actor, id).await?;
    if old.state() != VoucherState::Draft {
        return Err(DomainError::Conflict("ledger.not_draft").into());
    }
    if v.period.to_string() != old.period {
        return Err(FieldError::new("ledger.period_change", "date")
            .arg("value", v.date.to_string())
            .arg("period", old.period.as_str())
            .into());
    }
    check_year(&book, v)?;
    check_accounts(
        &Postable::from_accounts(&books::accounts_in_tx(&mut tx, &book.id).await?),
        v,
    )?;
    let old_lines = lines_in_tx(&mut tx, id).await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM ledger_lines WHERE voucher_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "UPDATE ledger_vouchers SET date = $2, summary = $3, attachments = $4, total = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(v.date.to_string())
        .bind(&v.summary)
        .bind(v.attachments)
        .bind(v.total_debit().fen())
        .execute(&mut *conn)
        .await?;
    });
    insert_lines(&mut tx, id, v).await?;
    let new = voucher_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::record(
        &mut tx,
        actor,
        Entry {
            entity: entity::LEDGER_VOUCHER,
            entity_id: id,
            region_code: Some(&org.region_code),
            action: Action::Update,
            before: Some(serde_json::json!({ "voucher": old, "lines": old_lines })),
            after: Some(serde_json::json!({ "voucher": new, "lines": v.lines })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Review by someone other than the preparer.
pub async fn review(db: &Db, actor: &Actor, id: &str) -> Result<VoucherRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, _, org) = voucher_for_write(&mut tx, actor, id).await?;
    voucher::check_review(old.state(), &old.preparer_name, &actor.username)?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE ledger_vouchers SET state = $2, reviewer_name = $3, reviewed_at = $4 WHERE id = $1")
            .bind(id)
            .bind(VoucherState::Reviewed.as_str())
            .bind(&actor.username)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = voucher_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::record(
        &mut tx,
        actor,
        Entry {
            entity: entity::LEDGER_VOUCHER,
            entity_id: id,
            region_code: Some(&org.region_code),
            action: Action::Review,
            before: Some(json(&old)),
            after: Some(json(&new)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Posts a reviewed voucher: every check again, then the period balances of the line
/// accounts and all their parents move with it.
pub async fn post(db: &Db, actor: &Actor, id: &str) -> Result<VoucherRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let new = post_in_tx(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(new)
}

pub(crate) async fn post_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<VoucherRecord, StoreError> {
    let (old, book, org) = voucher_for_write(tx, actor, id).await?;
    voucher::check_post(old.state())?;
    if !book.opening_checked {
        return Err(DomainError::Conflict("ledger.openings_unchecked").into());
    }
    let period = Period::parse(&old.period)?;
    if book.closed || period_closed(tx, &book.id, &old.period).await? {
        return Err(closed_error(period));
    }
    let lines = lines_in_tx(tx, id).await?;
    let v = Voucher {
        date: domain::time::parse_date(&old.date).ok_or(DomainError::NotFound)?,
        period,
        summary: old.summary.clone(),
        attachments: old.attachments,
        lines: lines
            .iter()
            .map(|l| voucher::Line {
                account_code: l.account_code.clone(),
                debit: domain::Money(l.debit),
                credit: domain::Money(l.credit),
                summary: l.summary.clone(),
            })
            .collect(),
    };
    if v.total_debit() != v.total_credit() || v.total_debit().fen() == 0 {
        return Err(FieldError::new("ledger.unbalanced", "lines")
            .arg("debit", v.total_debit().to_string())
            .arg("credit", v.total_credit().to_string())
            .into());
    }
    if v.lines
        .iter()
        .any(|l| (l.debit.0 == 0) == (l.credit.0 == 0))
    {
        return Err(FieldError::new("ledger.line_one_side", "debit")
            .arg("line", "?")
            .into());
    }
    check_accounts(
        &Postable::from_accounts(&books::accounts_in_tx(tx, &book.id).await?),
        &v,
    )?;
    let closing = old.kind == Kind::Closing.as_str();
    apply_movements(tx, &book.id, &old.period, &v, closing).await?;
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "UPDATE ledger_vouchers SET state = $2, poster_name = $3, posted_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(VoucherState::Posted.as_str())
        .bind(&actor.username)
        .bind(&now)
        .execute(&mut *conn)
        .await?;
        if let Some(original) = &old.reverses_id {
            sqlx::query("UPDATE ledger_vouchers SET reversed_by_id = $2 WHERE id = $1")
                .bind(original)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    });
    let new = voucher_in_tx(tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::record(
        tx,
        actor,
        Entry {
            entity: entity::LEDGER_VOUCHER,
            entity_id: id,
            region_code: Some(&org.region_code),
            action: Action::Post,
            before: Some(json(&old)),
            after: Some(json(&new)),
        },
    )
    .await?;
    Ok(new)
}

/// Adds a voucher's lines to the period balances of each account and all its parents,
/// one upsert per (account, period).
async fn apply_movements(
    tx: &mut Tx,
    book_id: &str,
    period: &str,
    v: &Voucher,
    closing: bool,
) -> Result<(), StoreError> {
    let mut sums: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for line in &v.lines {
        let mut code = Some(line.account_code.as_str());
        while let Some(c) = code {
            let entry = sums.entry(c).or_default();
            entry.0 += line.debit.fen();
            entry.1 += line.credit.fen();
            code = chart::parent_code(c);
        }
    }
    for (code, (debit, credit)) in sums {
        let (d, c, cd, cc) = if closing {
            (0, 0, debit, credit)
        } else {
            (debit, credit, 0, 0)
        };
        on_tx!(&mut *tx, |conn| {
            sqlx::query(
                "INSERT INTO ledger_period_balances (book_id, account_code, period, debit, credit,
                                                     closing_debit, closing_credit)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (book_id, account_code, period) DO UPDATE SET
                     debit = ledger_period_balances.debit + excluded.debit,
                     credit = ledger_period_balances.credit + excluded.credit,
                     closing_debit = ledger_period_balances.closing_debit + excluded.closing_debit,
                     closing_credit = ledger_period_balances.closing_credit + excluded.closing_credit",
            )
            .bind(book_id)
            .bind(code)
            .bind(period)
            .bind(d)
            .bind(c)
            .bind(cd)
            .bind(cc)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

/// Makes the red-ink reversal (红字冲销) of a posted voucher as a draft linked to it.
pub async fn reverse(
    db: &Db,
    actor: &Actor,
    id: &str,
    date: chrono::NaiveDate,
    summary: Option<String>,
) -> Result<VoucherRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, book, _) = voucher_for_write(&mut tx, actor, id).await?;
    if old.state() != VoucherState::Posted {
        return Err(DomainError::Conflict("ledger.reverse_unposted").into());
    }
    if old.reversed_by_id.is_some() || old.kind == Kind::Reversal.as_str() {
        return Err(DomainError::Conflict("ledger.already_reversed").into());
    }
    let pending: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT id FROM ledger_vouchers WHERE reverses_id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    });
    if pending.is_some() {
        return Err(DomainError::Conflict("ledger.already_reversed").into());
    }
    let lines = lines_in_tx(&mut tx, id).await?;
    let original = Voucher {
        date,
        period: Period::of_date(date),
        summary: old.summary.clone(),
        attachments: 0,
        lines: lines
            .iter()
            .map(|l| voucher::Line {
                account_code: l.account_code.clone(),
                debit: domain::Money(l.debit),
                credit: domain::Money(l.credit),
                summary: l.summary.clone(),
            })
            .collect(),
    };
    let summary = summary
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("冲销 {} {} {}", old.period, old.label(), old.summary));
    let reversal = original.reversal(date, summary);
    let record = insert_draft(
        &mut tx,
        actor,
        &book.id,
        &reversal,
        Kind::Reversal,
        Some(id),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// A voucher and its lines, when its organisation lies in scope.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<(VoucherRecord, Vec<LineRecord>)>, StoreError> {
    let v: Option<VoucherRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_vouchers WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(v) = v else {
        return Ok(None);
    };
    if books::get_book(db, scope, &v.book_id).await?.is_none() {
        return Ok(None);
    }
    let lines = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_lines WHERE voucher_id = $1 ORDER BY line_no")
            .bind(id)
            .fetch_all(pool)
            .await?
    });
    Ok(Some((v, lines)))
}

/// List filters; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub state: Option<VoucherState>,
}

macro_rules! voucher_filter {
    () => {
        "book_id = $1 AND ($2 = '' OR period >= $2) AND ($3 = '' OR period <= $3) AND ($4 = '' OR state = $4)"
    };
}

/// Vouchers of a book in scope, by period and number, and their total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    book_id: &str,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<VoucherRecord>, i64), StoreError> {
    if books::get_book(db, scope, book_id).await?.is_none() {
        return Err(DomainError::NotFound.into());
    }
    let from = filter.from.map(|p| p.to_string()).unwrap_or_default();
    let to = filter.to.map(|p| p.to_string()).unwrap_or_default();
    let state = filter.state.map(|s| s.as_str()).unwrap_or("");
    Ok(on_pool!(db, |pool| {
        let rows = sqlx::query_as(concat!(
            "SELECT * FROM ledger_vouchers WHERE ",
            voucher_filter!(),
            " ORDER BY period, number LIMIT $5 OFFSET $6"
        ))
        .bind(book_id)
        .bind(&from)
        .bind(&to)
        .bind(state)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(pool)
        .await?;
        let (total,): (i64,) = sqlx::query_as(concat!(
            "SELECT COUNT(*) FROM ledger_vouchers WHERE ",
            voucher_filter!()
        ))
        .bind(book_id)
        .bind(&from)
        .bind(&to)
        .bind(state)
        .fetch_one(pool)
        .await?;
        (rows, total)
    }))
}

/// Closes a month (结账): every voucher in it must be posted.
pub async fn close_period(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    period: Period,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if period.year != book.year {
        return Err(FieldError::new("ledger.date_outside_year", "period")
            .arg("value", period.to_string())
            .arg("year", book.year.to_string())
            .into());
    }
    let p = period.to_string();
    let (open,): (i64,) = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT COUNT(*) FROM ledger_vouchers WHERE book_id = $1 AND period = $2 AND state <> 'posted'")
            .bind(book_id)
            .bind(&p)
            .fetch_one(conn)
            .await?
    });
    if open > 0 {
        return Err(FieldError::new("ledger.period_has_unposted", "period")
            .arg("value", p)
            .arg("count", open.to_string())
            .into());
    }
    set_period(&mut tx, actor, &org, book_id, &p, true, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens a closed month: district administrators only, with a reason.
pub async fn reopen_period(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    period: Period,
    reason: &str,
) -> Result<(), StoreError> {
    if actor.role.is_some() && actor.role != Some(Role::DistrictAdmin) {
        return Err(DomainError::Forbidden.into());
    }
    if reason.trim().is_empty() {
        return Err(FieldError::new("common.required", "reason").into());
    }
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if book.closed {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    let p = period.to_string();
    if !period_closed(&mut tx, book_id, &p).await? {
        return Err(DomainError::Conflict("ledger.period_not_closed").into());
    }
    set_period(
        &mut tx,
        actor,
        &org,
        book_id,
        &p,
        false,
        Some(reason.trim()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn set_period(
    tx: &mut Tx,
    actor: &Actor,
    org: &OrgRecord,
    book_id: &str,
    period: &str,
    closed: bool,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO ledger_periods (book_id, period, closed, changed_at, changed_by, reopen_reason)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (book_id, period) DO UPDATE SET closed = excluded.closed,
                 changed_at = excluded.changed_at, changed_by = excluded.changed_by,
                 reopen_reason = excluded.reopen_reason",
        )
        .bind(book_id)
        .bind(period)
        .bind(closed)
        .bind(&now)
        .bind(&actor.username)
        .bind(reason)
        .execute(conn)
        .await?;
    });
    audit::record(
        tx,
        actor,
        Entry {
            entity: entity::LEDGER_PERIOD,
            entity_id: &format!("{book_id}/{period}"),
            region_code: Some(&org.region_code),
            action: if closed {
                Action::Close
            } else {
                Action::Reopen
            },
            before: None,
            after: Some(
                serde_json::json!({ "period": period, "closed": closed, "reason": reason }),
            ),
        },
    )
    .await?;
    Ok(())
}

/// Closed months of a book.
pub async fn closed_periods(db: &Db, book_id: &str) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT period FROM ledger_periods WHERE book_id = $1 AND closed ORDER BY period",
        )
        .bind(book_id)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(|(p,)| p).collect())
}

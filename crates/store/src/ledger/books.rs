//! Organisations, books and accounts.

use super::check_write;
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::{Action, entity};
use domain::identity::{Actor, Scope};
use domain::ledger::{AccountingSystem, Balance, ChartTemplate, chart};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OrgRecord {
    pub id: String,
    pub region_code: String,
    pub name: String,
    pub credit_code: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BookRecord {
    pub id: String,
    pub org_id: String,
    pub year: i32,
    pub accounting_system: String,
    pub opening_checked: bool,
    pub closed: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl BookRecord {
    pub fn system(&self) -> Result<AccountingSystem, FieldError> {
        AccountingSystem::parse(&self.accounting_system)
    }

    /// A new book of `org_id` for `year` on `system` as a data-set load writes it: openings
    /// checked (a loaded year starts from zero), open, made now.
    pub fn loaded(org_id: &str, year: i32, system: AccountingSystem) -> BookRecord {
        let now = domain::time::now_text();
        BookRecord {
            id: domain::Id::new().to_string(),
            org_id: org_id.to_string(),
            year,
            accounting_system: system.as_str().to_string(),
            opening_checked: true,
            closed: false,
            created_at: now.clone(),
            updated_at: now,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AccountRecord {
    pub book_id: String,
    pub code: String,
    pub name: String,
    pub category: String,
    pub normal_side: String,
    pub parent_code: Option<String>,
    pub from_template: bool,
    pub active: bool,
    pub opening: i64,
}

pub(crate) fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Creates a collective economic organisation in a village or town of the actor's scope.
pub async fn create_org(
    db: &Db,
    actor: &Actor,
    region: &RegionCode,
    name: &str,
    credit_code: &str,
) -> Result<OrgRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let org = create_org_in_tx(&mut tx, actor, region, name, credit_code).await?;
    tx.commit().await?;
    Ok(org)
}

/// [`create_org`] inside a caller's transaction (a data set loaded all or nothing).
pub async fn create_org_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    region: &RegionCode,
    name: &str,
    credit_code: &str,
) -> Result<OrgRecord, StoreError> {
    check_write(actor, region.as_str())?;
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("common.required", "name").into());
    }
    let credit_code = domain::ledger::credit_code::parse(credit_code)?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let inserted = on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO ledger_orgs (id, region_code, name, credit_code, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(&id)
        .bind(region.as_str())
        .bind(name)
        .bind(&credit_code)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await
        .map(|_| ())
    });
    if let Err(e) = inserted {
        let e = StoreError::from(e);
        return Err(if e.is_unique_violation() {
            FieldError::new("ledger.credit_code_taken", "credit_code")
                .arg("value", credit_code)
                .into()
        } else {
            e
        });
    }
    let org = org_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::LEDGER_ORG,
            id: &id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&org),
    )
    .await?;
    Ok(org)
}

async fn org_in_tx(tx: &mut Tx, id: &str) -> Result<Option<OrgRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM ledger_orgs WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Organisations in scope, by region and name.
pub async fn list_orgs(db: &Db, scope: &Scope) -> Result<Vec<OrgRecord>, StoreError> {
    let mut q = List::new("*", "FROM ledger_orgs");
    q.scoped("region_code", scope)
        .order_by("region_code, name, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// The organisations of one region in scope (by name), each with its books (by year): two
/// queries, for the village profile.
pub async fn orgs_with_books(
    db: &Db,
    scope: &Scope,
    region_code: &str,
) -> Result<Vec<(OrgRecord, Vec<BookRecord>)>, StoreError> {
    let (lo, hi) = scope.range();
    let (orgs, books): (Vec<OrgRecord>, Vec<BookRecord>) = on_pool!(db, |pool| {
        let orgs = sqlx::query_as(
            "SELECT * FROM ledger_orgs
             WHERE region_code = $1 AND region_code >= $2 AND region_code < $3
             ORDER BY name, id",
        )
        .bind(region_code)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?;
        let books = sqlx::query_as(
            "SELECT b.* FROM ledger_books b JOIN ledger_orgs o ON o.id = b.org_id
             WHERE o.region_code = $1 AND o.region_code >= $2 AND o.region_code < $3
             ORDER BY b.org_id, b.year",
        )
        .bind(region_code)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?;
        (orgs, books)
    });
    Ok(orgs
        .into_iter()
        .map(|org| {
            let of_org = books
                .iter()
                .filter(|b| b.org_id == org.id)
                .cloned()
                .collect();
            (org, of_org)
        })
        .collect())
}

pub async fn get_org(db: &Db, scope: &Scope, id: &str) -> Result<Option<OrgRecord>, StoreError> {
    let org: Option<OrgRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_orgs WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(org.filter(|o| in_scope(scope, &o.region_code)))
}

pub(crate) fn in_scope(scope: &Scope, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|c| scope.contains(&c))
}

/// Opens the books of a fiscal year with the chart in force for that year (or the one given),
/// every first-level account from the template, all opening balances zero.
pub async fn open_book(
    db: &Db,
    actor: &Actor,
    org_id: &str,
    year: i32,
    template: Option<&ChartTemplate>,
) -> Result<BookRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let book = open_book_in_tx(&mut tx, actor, org_id, year, template, false).await?;
    tx.commit().await?;
    Ok(book)
}

/// The same inside a caller's transaction. `zero_openings_checked` opens the book with its
/// (all zero, so balanced) openings already checked, for imports of whole data sets.
/// Books are kept for years 1990 to 2999.
pub(crate) fn check_book_year(year: i32) -> Result<(), FieldError> {
    if !(1990..=2999).contains(&year) {
        return Err(FieldError::new("ledger.year_invalid", "year").arg("value", year.to_string()));
    }
    Ok(())
}

/// Inserts a book: id, org, year, system, openings checked, closed, timestamp.
pub(crate) const INSERT_BOOK: &str =
    "INSERT INTO ledger_books (id, org_id, year, accounting_system,
        opening_checked, closed, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";

/// Inserts a book's chart: followed by one `(book, code, name, category, side, NULL,
/// from_template, active, 0)` row per account.
pub(crate) const INSERT_ACCOUNTS: &str = "INSERT INTO ledger_accounts (book_id, code, name,
        category, normal_side, parent_code, from_template, active, opening) VALUES ";

pub async fn open_book_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    org_id: &str,
    year: i32,
    template: Option<&ChartTemplate>,
    zero_openings_checked: bool,
) -> Result<BookRecord, StoreError> {
    check_book_year(year)?;
    let shipped;
    let template = match template {
        Some(t) => t,
        None => {
            shipped = AccountingSystem::for_year(year).template()?;
            &shipped
        }
    };
    let org = org_in_tx(tx, org_id).await?.ok_or(DomainError::NotFound)?;
    check_write(actor, &org.region_code)?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let inserted = on_tx!(&mut *tx, |conn| {
        sqlx::query(INSERT_BOOK)
            .bind(&id)
            .bind(org_id)
            .bind(year)
            .bind(template.system.as_str())
            .bind(zero_openings_checked)
            .bind(false)
            .bind(&now)
            .execute(conn)
            .await
            .map(|_| ())
    });
    if let Err(e) = inserted {
        let e = StoreError::from(e);
        return Err(if e.is_unique_violation() {
            DomainError::Conflict("ledger.book_exists").into()
        } else {
            e
        });
    }
    // The chart in one statement: opening books is part of every import and year end.
    let mut sql = String::from(INSERT_ACCOUNTS);
    for i in 0..template.accounts.len() {
        if i > 0 {
            sql.push(',');
        }
        let p = tx.placeholders(i * 7, 7);
        sql.push_str(&format!(
            "({}, NULL, {}, 0)",
            p[..5].join(", "),
            p[5..].join(", ")
        ));
    }
    on_tx!(&mut *tx, |conn| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for account in &template.accounts {
            q = q
                .bind(id.clone())
                .bind(account.code.clone())
                .bind(account.name.clone())
                .bind(account.category.as_str())
                .bind(account.normal_side.as_str())
                .bind(true)
                .bind(true);
        }
        q.execute(conn).await?;
    });
    let book = book_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::LEDGER_BOOK,
            id: &id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&book),
    )
    .await?;
    Ok(book)
}

pub(crate) async fn book_in_tx(tx: &mut Tx, id: &str) -> Result<Option<BookRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM ledger_books WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// A book and its organisation, when the organisation lies in scope.
pub async fn get_book(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<(BookRecord, OrgRecord)>, StoreError> {
    let book: Option<BookRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_books WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(book) = book else {
        return Ok(None);
    };
    Ok(get_org(db, scope, &book.org_id)
        .await?
        .map(|org| (book, org)))
}

/// The book row, locked for the rest of the transaction: SQLite's write transactions are
/// already exclusive (`BEGIN IMMEDIATE`); on PostgreSQL the row lock makes every write to one
/// book (numbering a voucher, reviewing, posting, reversing, closing a month or the year)
/// queue behind the one before, and read what it committed.
pub(crate) async fn locked_book(tx: &mut Tx, id: &str) -> Result<Option<BookRecord>, StoreError> {
    tx.locked_row("ledger_books", id).await
}

/// The book and organisation inside a write transaction, checked against the actor; the
/// book row is locked until the transaction ends (see [`locked_book`]).
pub(crate) async fn book_for_write(
    tx: &mut Tx,
    actor: &Actor,
    book_id: &str,
) -> Result<(BookRecord, OrgRecord), StoreError> {
    let book = locked_book(tx, book_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let org = org_in_tx(tx, &book.org_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    check_write(actor, &org.region_code)?;
    Ok((book, org))
}

pub async fn list_books(
    db: &Db,
    scope: &Scope,
    org_id: &str,
) -> Result<Vec<BookRecord>, StoreError> {
    if get_org(db, scope, org_id).await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_books WHERE org_id = $1 ORDER BY year")
            .bind(org_id)
            .fetch_all(pool)
            .await?
    }))
}

/// The accounts of a book ordered by code (the caller has checked the book is in scope).
pub async fn accounts(db: &Db, book_id: &str) -> Result<Vec<AccountRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM ledger_accounts WHERE book_id = $1 ORDER BY code")
            .bind(book_id)
            .fetch_all(pool)
            .await?
    }))
}

pub(crate) async fn accounts_in_tx(
    tx: &mut Tx,
    book_id: &str,
) -> Result<Vec<AccountRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM ledger_accounts WHERE book_id = $1 ORDER BY code")
            .bind(book_id)
            .fetch_all(conn)
            .await?
    }))
}

/// True when some other account of the book lies below `code`.
pub fn has_children(accounts: &[AccountRecord], code: &str) -> bool {
    accounts
        .iter()
        .any(|a| a.parent_code.as_deref() == Some(code))
}

/// Adds a sub-account (明细科目) under an existing account; it inherits category and side.
pub async fn add_sub_account(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    parent_code: &str,
    code: &str,
    name: &str,
) -> Result<AccountRecord, StoreError> {
    let code = code.trim();
    let name = name.trim();
    chart::check_sub_account_code(parent_code, code)?;
    if name.is_empty() {
        return Err(FieldError::new("common.required", "name").into());
    }
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if book.closed {
        return Err(DomainError::Conflict("ledger.book_closed").into());
    }
    let all = accounts_in_tx(&mut tx, book_id).await?;
    let parent = all.iter().find(|a| a.code == parent_code).ok_or_else(|| {
        FieldError::new("ledger.account_unknown", "account_code").arg("value", parent_code)
    })?;
    if all.iter().any(|a| a.code == code) {
        return Err(FieldError::new("ledger.account_exists", "code")
            .arg("value", code)
            .into());
    }
    if !has_children(&all, parent_code)
        && (parent.opening != 0 || has_movements(&mut tx, book_id, parent_code).await?)
    {
        // A leaf with a balance keeps it: its postings cannot move to a new child by themselves.
        return Err(DomainError::Conflict("ledger.parent_has_balance").into());
    }
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO ledger_accounts (book_id, code, name, category, normal_side, parent_code,
                                          from_template, active, opening)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)",
        )
        .bind(book_id)
        .bind(code)
        .bind(name)
        .bind(&parent.category)
        .bind(&parent.normal_side)
        .bind(parent_code)
        .bind(false)
        .bind(true)
        .execute(conn)
        .await?;
    });
    let account = accounts_in_tx(&mut tx, book_id)
        .await?
        .into_iter()
        .find(|a| a.code == code)
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::LEDGER_ACCOUNT,
            id: &format!("{book_id}/{code}"),
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&account),
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

async fn has_movements(tx: &mut Tx, book_id: &str, code: &str) -> Result<bool, StoreError> {
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT account_code FROM ledger_period_balances WHERE book_id = $1 AND account_code = $2
             AND (debit <> 0 OR credit <> 0 OR closing_debit <> 0 OR closing_credit <> 0) LIMIT 1",
        )
        .bind(book_id)
        .bind(code)
        .fetch_optional(conn)
        .await?
    });
    Ok(row.is_some())
}

/// Deactivates (or reactivates) a sub-account. Template accounts stay; an account with a
/// balance or children in use cannot be deactivated.
pub async fn set_account_active(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    code: &str,
    active: bool,
) -> Result<AccountRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (_, org) = book_for_write(&mut tx, actor, book_id).await?;
    let all = accounts_in_tx(&mut tx, book_id).await?;
    let old = all
        .iter()
        .find(|a| a.code == code)
        .cloned()
        .ok_or(DomainError::NotFound)?;
    if old.from_template && !active {
        return Err(DomainError::Conflict("ledger.template_account_fixed").into());
    }
    if !active && (old.opening != 0 || has_movements(&mut tx, book_id, code).await?) {
        return Err(DomainError::Conflict("ledger.account_in_use").into());
    }
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE ledger_accounts SET active = $3 WHERE book_id = $1 AND code = $2")
            .bind(book_id)
            .bind(code)
            .bind(active)
            .execute(conn)
            .await?;
    });
    let new = AccountRecord {
        active,
        ..old.clone()
    };
    audit::change(
        &mut tx,
        actor,
        if active {
            Action::Update
        } else {
            Action::Archive
        },
        audit::Subject {
            entity: entity::LEDGER_ACCOUNT,
            id: &format!("{book_id}/{code}"),
            region: Some(&org.region_code),
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Sets opening balances (期初余额, debit-positive fen) on leaf accounts, before the book's
/// openings are checked. Accounts not listed keep theirs.
pub async fn set_openings(
    db: &Db,
    actor: &Actor,
    book_id: &str,
    openings: &[(String, i64)],
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if book.opening_checked {
        return Err(DomainError::Conflict("ledger.openings_fixed").into());
    }
    let all = accounts_in_tx(&mut tx, book_id).await?;
    for (code, amount) in openings {
        let account = all.iter().find(|a| &a.code == code).ok_or_else(|| {
            FieldError::new("ledger.account_unknown", "account_code").arg("value", code)
        })?;
        if has_children(&all, code) {
            return Err(FieldError::new("ledger.account_not_leaf", "account_code")
                .arg("value", code)
                .into());
        }
        domain::Money(*amount)
            .bounded("opening")
            .map_err(|e| e.arg("account", format!("{} {}", account.code, account.name)))?;
        on_tx!(&mut tx, |conn| {
            sqlx::query("UPDATE ledger_accounts SET opening = $3 WHERE book_id = $1 AND code = $2")
                .bind(book_id)
                .bind(&account.code)
                .bind(*amount)
                .execute(conn)
                .await?;
        });
    }
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: entity::LEDGER_BOOK,
            id: book_id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({ "openings": openings })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The trial-balance check of the openings: debit-positive leaf openings sum to zero. Passing
/// it fixes the openings and allows posting.
pub async fn check_openings(db: &Db, actor: &Actor, book_id: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let (book, org) = book_for_write(&mut tx, actor, book_id).await?;
    if book.opening_checked {
        return Ok(());
    }
    let all = accounts_in_tx(&mut tx, book_id).await?;
    let (debit, credit) = opening_sides(&all)?;
    if debit != credit {
        return Err(FieldError::new("ledger.openings_unbalanced", "opening")
            .arg("debit", domain::Money(debit).to_string())
            .arg("credit", domain::Money(credit).to_string())
            .into());
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE ledger_books SET opening_checked = $2, updated_at = $3 WHERE id = $1")
            .bind(book_id)
            .bind(true)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    audit::change(
        &mut tx,
        actor,
        Action::Review,
        audit::Subject {
            entity: entity::LEDGER_BOOK,
            id: book_id,
            region: Some(&org.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({ "opening_checked": true, "debit": debit, "credit": credit })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Openings rolled up to every level: a parent's opening is the sum of its leaves' (checked:
/// `money.overflow` when a sum does not fit).
pub fn rolled_openings(
    accounts: &[AccountRecord],
) -> Result<std::collections::BTreeMap<String, Balance>, DomainError> {
    let mut out: std::collections::BTreeMap<String, Balance> = accounts
        .iter()
        .map(|a| (a.code.clone(), Balance::default()))
        .collect();
    for a in accounts.iter().filter(|a| !has_children(accounts, &a.code)) {
        let mut code = Some(a.code.as_str());
        while let Some(c) = code {
            if let Some(b) = out.get_mut(c) {
                b.opening = b
                    .opening
                    .checked_add(a.opening)
                    .ok_or(DomainError::Conflict(domain::money::OVERFLOW))?;
            }
            code = chart::parent_code(c);
        }
    }
    Ok(out)
}

/// The leaves' openings on each side (debit, credit), checked: what "openings balance" compares.
pub fn opening_sides(accounts: &[AccountRecord]) -> Result<(i64, i64), DomainError> {
    let overflow = || DomainError::Conflict(domain::money::OVERFLOW);
    let (mut debit, mut credit) = (0i64, 0i64);
    for a in accounts.iter().filter(|a| !has_children(accounts, &a.code)) {
        if a.opening >= 0 {
            debit = debit.checked_add(a.opening).ok_or_else(overflow)?;
        } else {
            credit = credit.checked_sub(a.opening).ok_or_else(overflow)?;
        }
    }
    Ok((debit, credit))
}

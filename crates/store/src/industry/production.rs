//! Production records: units (大棚, plots), batches and dated logs. A sale log creates its
//! draft income voucher (debit 102 银行存款 or the account given, e.g. a receivable; credit the project's income account) and a
//! labour log its 应付劳务费 voucher (debit labour cost, credit labour payable), each in the
//! log's own transaction; `pay_labour` settles labour logs with one voucher (debit payable,
//! credit 102) and marks them paid.

use super::funds::{BANK_ACCOUNT, book_of};
use super::projects::{ProjectRecord, project_for_write};
use crate::audit;
use crate::ledger::vouchers::{self, Kind, VoucherRecord};
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::industry::entity;
use domain::industry::production::{Batch, Log, LogEntry, Unit, convert};
use domain::ledger::Period;
use domain::ledger::voucher::{Line, Voucher};
use domain::{DomainError, FieldError, Id, Money};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct UnitRecord {
    pub id: String,
    pub project_id: String,
    pub kind: String,
    pub name: String,
    pub area_m2: String,
    pub built_on: Option<String>,
    pub asset_note: String,
    pub archived: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BatchRecord {
    pub id: String,
    pub unit_id: String,
    pub crop: String,
    pub variety: String,
    pub started_on: String,
    pub size: String,
    pub size_unit: String,
    pub archived: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct LogRecord {
    pub id: String,
    pub batch_id: String,
    pub kind: String,
    pub date: String,
    pub note: String,
    pub item: Option<String>,
    pub quantity: Option<String>,
    pub unit: Option<String>,
    pub cost: Option<i64>,
    pub grade: Option<String>,
    pub buyer: Option<String>,
    pub unit_price: Option<i64>,
    pub amount: Option<i64>,
    pub person_id: Option<String>,
    pub days: Option<String>,
    pub wage: Option<i64>,
    pub voucher_id: Option<String>,
    pub paid_voucher_id: Option<String>,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
}

/// Adds a production unit to a project.
pub async fn create_unit(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    u: &Unit,
) -> Result<UnitRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let project = project_for_write(&mut tx, actor, project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: UnitRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_units (id, project_id, kind, name, area_m2, built_on, asset_note,
                 archived, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *",
        )
        .bind(&id)
        .bind(project_id)
        .bind(u.kind.as_str())
        .bind(&u.name)
        .bind(u.area_m2.to_string())
        .bind(u.built_on.map(|d| d.to_string()))
        .bind(&u.asset_note)
        .bind(false)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::UNIT, &id, &project.region_code),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn project_of_unit(
    tx: &mut Tx,
    actor: &Actor,
    unit_id: &str,
) -> Result<ProjectRecord, StoreError> {
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT project_id FROM industry_units WHERE id = $1 AND NOT archived")
            .bind(unit_id)
            .fetch_optional(conn)
            .await?
    });
    let (project_id,) = row.ok_or(DomainError::NotFound)?;
    project_for_write(tx, actor, &project_id).await
}

/// Starts a batch in a unit.
pub async fn create_batch(
    db: &Db,
    actor: &Actor,
    unit_id: &str,
    b: &Batch,
) -> Result<BatchRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let project = project_of_unit(&mut tx, actor, unit_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: BatchRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_batches (id, unit_id, crop, variety, started_on, size, size_unit,
                 archived, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *",
        )
        .bind(&id)
        .bind(unit_id)
        .bind(&b.crop)
        .bind(&b.variety)
        .bind(b.started_on.to_string())
        .bind(b.size.to_string())
        .bind(&b.size_unit)
        .bind(false)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::BATCH, &id, &project.region_code),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// The unit of a product in a project: the unit of its first harvest, if any.
async fn product_unit(
    tx: &mut Tx,
    project_id: &str,
    product: &str,
) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT l.unit FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             WHERE u.project_id = $1 AND l.kind = 'harvest' AND l.item = $2 AND NOT l.archived
             ORDER BY l.date, l.created_at LIMIT 1",
        )
        .bind(project_id)
        .bind(product)
        .fetch_optional(conn)
        .await?
    });
    Ok(row.and_then(|(u,)| u))
}

fn two_lines(date: NaiveDate, summary: &str, debit: &str, credit: &str, amount: Money) -> Voucher {
    Voucher {
        date,
        period: Period::of_date(date),
        summary: summary.to_string(),
        attachments: 0,
        lines: vec![
            Line {
                account_code: debit.to_string(),
                debit: amount,
                credit: Money(0),
                summary: summary.to_string(),
            },
            Line {
                account_code: credit.to_string(),
                debit: Money(0),
                credit: amount,
                summary: summary.to_string(),
            },
        ],
    }
}

/// Records a log on a batch; a sale or labour log creates its draft voucher in the same
/// transaction (in the book of the log's year).
pub async fn add_log(
    db: &Db,
    actor: &Actor,
    batch_id: &str,
    log: &Log,
) -> Result<(LogRecord, Option<VoucherRecord>), StoreError> {
    let mut tx = db.begin_write().await?;
    let written = add_log_in_tx(&mut tx, actor, batch_id, log).await?;
    tx.commit().await?;
    Ok(written)
}

/// [`add_log`] inside the caller's transaction, so that an import writes all its logs (and
/// their vouchers) or none.
pub async fn add_log_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    batch_id: &str,
    log: &Log,
) -> Result<(LogRecord, Option<VoucherRecord>), StoreError> {
    let row: Option<(String, String)> = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT b.unit_id, b.crop FROM industry_batches b WHERE b.id = $1 AND NOT b.archived",
        )
        .bind(batch_id)
        .fetch_optional(conn)
        .await?
    });
    let (unit_id, crop) = row.ok_or(DomainError::NotFound)?;
    let project = project_of_unit(tx, actor, &unit_id).await?;
    let mut voucher = None;
    match &log.entry {
        LogEntry::Harvest {
            product,
            quantity,
            unit,
            ..
        }
        | LogEntry::Sale {
            product,
            quantity,
            unit,
            ..
        } => {
            if let Some(known) = product_unit(tx, &project.id, product).await? {
                convert(*quantity, unit, &known)?;
            }
        }
        LogEntry::Labour { person_id, .. } => {
            // A worker outside the actor's scope reads as unknown, as in the imports.
            let found: Option<(String,)> = on_tx!(&mut *tx, |conn| {
                sqlx::query_as("SELECT region_code FROM people_persons WHERE id = $1")
                    .bind(person_id.to_string())
                    .fetch_optional(conn)
                    .await?
            });
            if !found.is_some_and(|(region,)| super::in_scope(&actor.scope, &region)) {
                return Err(FieldError::new("industry.person_unknown", "person_id")
                    .arg("value", person_id.to_string())
                    .into());
            }
        }
        LogEntry::Input { .. } | LogEntry::Activity => {}
    }
    let entry = match &log.entry {
        LogEntry::Sale {
            buyer,
            product,
            amount,
            debit_account,
            ..
        } => Some(two_lines(
            log.date,
            &format!("销售{product}（{crop}）：{buyer}"),
            debit_account.as_deref().unwrap_or(BANK_ACCOUNT),
            &project.income_account,
            *amount,
        )),
        LogEntry::Labour { wage, .. } => Some(two_lines(
            log.date,
            &format!("应付劳务费（{crop}）"),
            &project.labour_cost_account,
            &project.labour_payable_account,
            *wage,
        )),
        _ => None,
    };
    if let Some(v) = entry {
        let book_id = book_of(tx, &project.org_id, log.date).await?;
        voucher = Some(vouchers::insert_generated(tx, actor, &book_id, &v, Kind::Normal).await?);
    }
    let (item, quantity, unit, cost, grade, buyer, unit_price, amount, person, days, wage) =
        match &log.entry {
            LogEntry::Input {
                material,
                quantity,
                unit,
                cost,
            } => (
                Some(material.clone()),
                Some(quantity.to_string()),
                Some(unit.clone()),
                Some(cost.fen()),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            LogEntry::Activity => (
                None, None, None, None, None, None, None, None, None, None, None,
            ),
            LogEntry::Harvest {
                product,
                quantity,
                unit,
                grade,
            } => (
                Some(product.clone()),
                Some(quantity.to_string()),
                Some(unit.clone()),
                None,
                Some(grade.clone()),
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            LogEntry::Sale {
                buyer,
                product,
                quantity,
                unit,
                unit_price,
                amount,
                ..
            } => (
                Some(product.clone()),
                Some(quantity.to_string()),
                Some(unit.clone()),
                None,
                None,
                Some(buyer.clone()),
                Some(unit_price.fen()),
                Some(amount.fen()),
                None,
                None,
                None,
            ),
            LogEntry::Labour {
                person_id,
                days,
                wage,
            } => (
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                Some(person_id.to_string()),
                Some(days.to_string()),
                Some(wage.fen()),
            ),
        };
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let voucher_id = voucher.as_ref().map(|v| v.id.clone());
    let record: LogRecord = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_logs (id, batch_id, kind, date, note, item, quantity, unit, cost,
                 grade, buyer, unit_price, amount, person_id, days, wage, voucher_id,
                 paid_voucher_id, archived, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 NULL, $18, $19, $20) RETURNING *",
        )
        .bind(&id)
        .bind(batch_id)
        .bind(log.entry.kind())
        .bind(log.date.to_string())
        .bind(&log.note)
        .bind(&item)
        .bind(&quantity)
        .bind(&unit)
        .bind(cost)
        .bind(&grade)
        .bind(&buyer)
        .bind(unit_price)
        .bind(amount)
        .bind(&person)
        .bind(&days)
        .bind(wage)
        .bind(&voucher_id)
        .bind(false)
        .bind(&actor.username)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::insert(
        tx,
        actor,
        audit::Subject::new(entity::LOG, &id, &project.region_code),
        &record,
    )
    .await?;
    Ok((record, voucher))
}

/// kind, project, wage, paid voucher of a log.
type PayRow = (String, String, Option<i64>, Option<String>);

/// Settles labour logs of one project with one voucher dated `date` (debit the labour
/// payable account, credit 102) and marks them paid; all or nothing. Exactly once: of any
/// number of concurrent payments of a log one succeeds; the others are refused with
/// `industry.already_paid` (naming the log) when they read it paid, or the conflict
/// `industry.labour_paid_meanwhile` when it was paid between their check and their write.
pub async fn pay_labour(
    db: &Db,
    actor: &Actor,
    log_ids: &[String],
    date: NaiveDate,
) -> Result<VoucherRecord, StoreError> {
    if log_ids.is_empty() {
        return Err(FieldError::new("common.required", "log_ids").into());
    }
    // A log named twice would pass the "already paid" check twice and be paid twice.
    let mut seen = std::collections::HashSet::new();
    if let Some(repeated) = log_ids.iter().find(|id| !seen.insert(id.as_str())) {
        return Err(FieldError::new("industry.log_repeated", "log_ids")
            .arg("value", repeated.as_str())
            .into());
    }
    let mut tx = db.begin_write().await?;
    let mut project: Option<ProjectRecord> = None;
    let mut total: i64 = 0;
    for id in log_ids {
        let row: Option<PayRow> = on_tx!(&mut tx, |conn| {
            sqlx::query_as(
                "SELECT l.kind, u.project_id, l.wage, l.paid_voucher_id
                     FROM industry_logs l
                     JOIN industry_batches b ON b.id = l.batch_id
                     JOIN industry_units u ON u.id = b.unit_id
                     WHERE l.id = $1 AND NOT l.archived",
            )
            .bind(id)
            .fetch_optional(conn)
            .await?
        });
        let (kind, project_id, wage, paid) = row.ok_or(DomainError::NotFound)?;
        let p = match project.take() {
            Some(p) if p.id == project_id => p,
            Some(_) => {
                return Err(FieldError::new("industry.labour_mixed", "log_ids").into());
            }
            None => project_for_write(&mut tx, actor, &project_id).await?,
        };
        project = Some(p);
        if kind != "labour" {
            return Err(FieldError::new("industry.not_labour", "log_ids")
                .arg("value", id.as_str())
                .into());
        }
        if paid.is_some() {
            return Err(FieldError::new("industry.already_paid", "log_ids")
                .arg("value", id.as_str())
                .into());
        }
        total = total
            .checked_add(wage.unwrap_or(0))
            .ok_or(DomainError::Conflict(domain::money::OVERFLOW))?;
    }
    let project = project.ok_or(DomainError::NotFound)?;
    // One voucher line: within the per-entry bound like any other.
    let total = Money(total).bounded("log_ids")?;
    let v = two_lines(
        date,
        "支付劳务费",
        &project.labour_payable_account,
        BANK_ACCOUNT,
        total,
    );
    let book_id = book_of(&mut tx, &project.org_id, date).await?;
    let voucher = vouchers::insert_generated(&mut tx, actor, &book_id, &v, Kind::Normal).await?;
    for id in log_ids {
        // Guarded: a log is paid once. A concurrent payment that read the log before this
        // one committed finds it paid here and is refused (409), writing nothing.
        let marked = on_tx!(&mut tx, |conn| {
            sqlx::query(
                "UPDATE industry_logs SET paid_voucher_id = $2
                 WHERE id = $1 AND paid_voucher_id IS NULL AND NOT archived",
            )
            .bind(id)
            .bind(&voucher.id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        if marked != 1 {
            return Err(DomainError::Conflict("industry.labour_paid_meanwhile").into());
        }
        audit::change(
            &mut tx,
            actor,
            Action::Update,
            audit::Subject {
                entity: entity::LOG,
                id,
                region: Some(&project.region_code),
            },
            None::<&()>,
            Some(&serde_json::json!({ "paid_voucher_id": voucher.id })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(voucher)
}

/// The logs of a project in scope (all its units and batches), by date.
pub async fn logs(db: &Db, scope: &Scope, project_id: &str) -> Result<Vec<LogRecord>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT l.* FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             JOIN industry_projects p ON p.id = u.project_id
             WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND NOT l.archived
             ORDER BY l.date, l.created_at, l.id",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

/// One page of the logs of a project in scope, newest first, and how many it has in all.
pub async fn log_page(
    db: &Db,
    scope: &Scope,
    project_id: &str,
    page: Page,
) -> Result<(Vec<LogRecord>, i64), StoreError> {
    let mut q = List::new(
        "l.*",
        "FROM industry_logs l
         JOIN industry_batches b ON b.id = l.batch_id
         JOIN industry_units u ON u.id = b.unit_id
         JOIN industry_projects p ON p.id = u.project_id",
    );
    let project = q.arg(project_id);
    q.and(format!("p.id = {project}"))
        .scoped("p.region_code", scope)
        .and("NOT l.archived")
        .order_by("l.date DESC, l.created_at DESC, l.id DESC");
    q.fetch(db, page).await
}

/// The units of a project in scope, by name.
pub async fn units(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Vec<UnitRecord>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT u.* FROM industry_units u JOIN industry_projects p ON p.id = u.project_id
             WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND NOT u.archived
             ORDER BY u.name, u.id",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

/// The batches of a project in scope, by start date.
pub async fn batches(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Vec<BatchRecord>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT b.* FROM industry_batches b
             JOIN industry_units u ON u.id = b.unit_id
             JOIN industry_projects p ON p.id = u.project_id
             WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND NOT b.archived
             ORDER BY b.started_on, b.id",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

/// One row of an imported file of harvest, sale or labour logs.
#[derive(Debug, Clone, Default)]
pub struct ImportRow {
    /// 1-based row of the file (the header is row 1), for error messages.
    pub row: usize,
    /// The log as typed; for labour `person_id` is empty and the person is `id_number`.
    pub input: domain::industry::LogInput,
    /// Labour: the worker's resident ID number (身份证号), looked up in the caller's scope.
    pub id_number: String,
    /// Labour: the worker's name; when given it must be the registry's name.
    pub name: String,
}

/// Kinds of log a file may hold: the ones with figures people keep in spreadsheets.
pub const IMPORT_KINDS: [&str; 3] = ["harvest", "sale", "labour"];

/// Imports logs of one batch: every log and its draft voucher in one transaction, so that the
/// first bad row (named by [`StoreError::Row`] with its field) leaves nothing written.
/// Returns the number of logs written.
pub async fn import_logs(
    db: &Db,
    actor: &Actor,
    batch_id: &str,
    rows: &[ImportRow],
) -> Result<usize, StoreError> {
    if rows.is_empty() {
        return Err(FieldError::new("import.empty", "file").into());
    }
    let mut tx = db.begin_write().await?;
    for r in rows {
        let at = crate::people::at_row(r.row);
        let kind = r.input.kind.trim();
        if !IMPORT_KINDS.contains(&kind) {
            return Err(StoreError::Row {
                row: r.row,
                error: FieldError::new("common.choice_invalid", "kind").arg("value", kind),
            });
        }
        let mut input = r.input.clone();
        if kind == "labour" && input.person_id.trim().is_empty() {
            input.person_id = import_worker(&mut tx, actor, r).await.map_err(&at)?;
        }
        let log = input
            .validate()
            .map_err(|error| StoreError::Row { row: r.row, error })?;
        add_log_in_tx(&mut tx, actor, batch_id, &log)
            .await
            .map_err(&at)?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// The worker of a labour row: the person with the row's ID number in the actor's scope
/// (the people module's lookup), whose name is the row's name when one is given.
async fn import_worker(tx: &mut Tx, actor: &Actor, r: &ImportRow) -> Result<String, StoreError> {
    use domain::people::PersonRef;
    if r.id_number.trim().is_empty() {
        return Err(FieldError::new("common.required", "id_number").into());
    }
    let number = domain::people::person::check_id_number(&r.id_number)?;
    // Out of scope reads as unknown, like the other imports.
    let (person_id, _) =
        crate::people::resolve_person(tx, &actor.scope, &PersonRef::IdNumber(number.clone()))
            .await?;
    let name = r.name.trim();
    if !name.is_empty() {
        let found: Option<(String,)> = on_tx!(&mut *tx, |conn| {
            sqlx::query_as("SELECT name FROM people_persons WHERE id = $1")
                .bind(&person_id)
                .fetch_optional(conn)
                .await?
        });
        let registered = found.map(|(n,)| n).unwrap_or_default();
        if registered != name {
            return Err(FieldError::new("industry.name_mismatch", "name")
                .arg("value", name)
                .arg("id_number", domain::people::mask_id_number(&number))
                .into());
        }
    }
    Ok(person_id)
}

/// A voucher a project's records point to: id, month and number (for exports).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VoucherLabel {
    pub id: String,
    pub period: String,
    pub number: i32,
}

impl VoucherLabel {
    /// `2024-09 记-0003`, as the books show it.
    pub fn label(&self) -> String {
        format!("{} 记-{:04}", self.period, self.number)
    }
}

/// The vouchers of a project in scope: those of its logs (entry and payment) and of its
/// disbursements.
pub async fn voucher_labels(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Vec<VoucherLabel>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT v.id, v.period, v.number FROM ledger_vouchers v
             WHERE v.id IN (
                 SELECT l.voucher_id FROM industry_logs l
                 JOIN industry_batches b ON b.id = l.batch_id
                 JOIN industry_units u ON u.id = b.unit_id
                 JOIN industry_projects p ON p.id = u.project_id
                 WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND l.voucher_id IS NOT NULL
                 UNION
                 SELECT l.paid_voucher_id FROM industry_logs l
                 JOIN industry_batches b ON b.id = l.batch_id
                 JOIN industry_units u ON u.id = b.unit_id
                 JOIN industry_projects p ON p.id = u.project_id
                 WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND l.paid_voucher_id IS NOT NULL
                 UNION
                 SELECT d.voucher_id FROM industry_disbursements d
                 JOIN industry_budget_lines bl ON bl.id = d.budget_line_id
                 JOIN industry_projects p ON p.id = bl.project_id
                 WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3)
             ORDER BY v.period, v.number",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

//! Regulated use of funds (规范资金使用): approvals of extra amounts on a budget line and
//! disbursements. A disbursement is a draft voucher in the books of the project's
//! organisation for the year of its date (debit the line's account, credit 102 银行存款, an
//! account both charts have), written with the disbursement row in one transaction, and
//! refused when the line's committed amount would exceed its budget plus approved extras.
//!
//! Committed = the disbursements whose voucher has not been reversed (drafts included);
//! spent = those whose voucher is posted. Both are read from the vouchers' states, so the
//! figures follow the books.

use super::in_scope;
use super::projects::{BudgetLineRecord, project_for_write};
use crate::audit;
use crate::ledger::vouchers::{self, Kind};
use crate::{Db, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::industry::entity;
use domain::industry::funds::{Approval, Disbursement, check_budget};
use domain::industry::project::Status;
use domain::ledger::Period;
use domain::ledger::voucher::{Line, Voucher};
use domain::{DomainError, FieldError, Id, Money};
use serde::Serialize;

/// The bank account (银行存款) of both charts, credited by disbursements.
pub const BANK_ACCOUNT: &str = "102";

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ApprovalRecord {
    pub id: String,
    pub budget_line_id: String,
    pub amount: i64,
    pub approved_by: String,
    pub approved_on: String,
    pub reason: String,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DisbursementRecord {
    pub id: String,
    pub budget_line_id: String,
    pub date: String,
    pub amount: i64,
    pub summary: String,
    pub voucher_id: String,
    pub created_by: String,
    pub created_at: String,
}

/// One budget line's figures, in fen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineStatus {
    pub line: BudgetLineRecord,
    pub budget: i64,
    pub approved: i64,
    /// Disbursements whose voucher is not reversed (drafts and reviewed included).
    pub committed: i64,
    /// Disbursements whose voucher is posted and not reversed.
    pub spent: i64,
}

/// The budget line, locked for the rest of the transaction: SQLite's write transactions
/// are already exclusive (`BEGIN IMMEDIATE`); on PostgreSQL the row lock makes concurrent
/// disbursements on one line queue, so the budget check sees every earlier one.
async fn line_in_tx(tx: &mut Tx, id: &str) -> Result<Option<BudgetLineRecord>, StoreError> {
    Ok(match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as("SELECT * FROM industry_budget_lines WHERE id = $1 AND NOT archived")
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(
                "SELECT * FROM industry_budget_lines WHERE id = $1 AND NOT archived FOR UPDATE",
            )
            .bind(id)
            .fetch_optional(&mut **t)
            .await?
        }
    })
}

/// Approved extra on a line and the amount committed (not reversed), in fen.
async fn figures(tx: &mut Tx, line_id: &str) -> Result<(i64, i64), StoreError> {
    let (approved,): (i64,) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM industry_approvals
             WHERE budget_line_id = $1",
        )
        .bind(line_id)
        .fetch_one(conn)
        .await?
    });
    let (committed,): (i64,) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(d.amount), 0) AS BIGINT)
             FROM industry_disbursements d JOIN ledger_vouchers v ON v.id = d.voucher_id
             WHERE d.budget_line_id = $1 AND v.reversed_by_id IS NULL",
        )
        .bind(line_id)
        .fetch_one(conn)
        .await?
    });
    Ok((approved, committed))
}

/// Records an approval of an extra amount on a budget line (who, when, why).
pub async fn approve(
    db: &Db,
    actor: &Actor,
    line_id: &str,
    a: &Approval,
) -> Result<ApprovalRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let line = line_in_tx(&mut tx, line_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let project = project_for_write(&mut tx, actor, &line.project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: ApprovalRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_approvals (id, budget_line_id, amount, approved_by, approved_on,
                 reason, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(&id)
        .bind(line_id)
        .bind(a.amount.fen())
        .bind(&a.approved_by)
        .bind(a.approved_on.to_string())
        .bind(&a.reason)
        .bind(&actor.username)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::APPROVAL,
            id: &id,
            region: Some(&project.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Disburses against a budget line: a draft voucher in the organisation's book of the
/// date's year (debit the line's account, credit 102) and the disbursement row, in one
/// transaction; refused with `industry.over_budget` when it would exceed the line's budget
/// plus approved extras. Nothing is written on refusal.
pub async fn disburse(
    db: &Db,
    actor: &Actor,
    line_id: &str,
    d: &Disbursement,
) -> Result<(DisbursementRecord, vouchers::VoucherRecord), StoreError> {
    let mut tx = db.begin_write().await?;
    let line = line_in_tx(&mut tx, line_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let project = project_for_write(&mut tx, actor, &line.project_id).await?;
    let status = Status::parse(&project.status).ok_or(DomainError::NotFound)?;
    if !status.pays_out() {
        return Err(FieldError::new("industry.project_not_paying", "status").into());
    }
    let (approved, committed) = figures(&mut tx, line_id).await?;
    check_budget(
        &line.name,
        Money(line.amount),
        Money(approved),
        Money(committed),
        d.amount,
    )?;
    let voucher = Voucher {
        date: d.date,
        period: Period::of_date(d.date),
        summary: d.summary.clone(),
        attachments: 0,
        lines: vec![
            Line {
                account_code: line.account_code.clone(),
                debit: d.amount,
                credit: Money(0),
                summary: d.summary.clone(),
            },
            Line {
                account_code: BANK_ACCOUNT.to_string(),
                debit: Money(0),
                credit: d.amount,
                summary: d.summary.clone(),
            },
        ],
    };
    let book_id = book_of(&mut tx, &project.org_id, d.date).await?;
    let voucher =
        vouchers::insert_generated(&mut tx, actor, &book_id, &voucher, Kind::Normal).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: DisbursementRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_disbursements (id, budget_line_id, date, amount, summary,
                 voucher_id, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(&id)
        .bind(line_id)
        .bind(d.date.to_string())
        .bind(d.amount.fen())
        .bind(&d.summary)
        .bind(&voucher.id)
        .bind(&actor.username)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::DISBURSEMENT,
            id: &id,
            region: Some(&project.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok((record, voucher))
}

/// The organisation's book of the year of `date`, or `industry.book_missing`.
pub(crate) async fn book_of(
    tx: &mut Tx,
    org_id: &str,
    date: chrono::NaiveDate,
) -> Result<String, StoreError> {
    use chrono::Datelike;
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT id FROM ledger_books WHERE org_id = $1 AND year = $2")
            .bind(org_id)
            .bind(date.year())
            .fetch_optional(conn)
            .await?
    });
    row.map(|(id,)| id).ok_or_else(|| {
        FieldError::new("industry.book_missing", "date")
            .arg("year", date.year().to_string())
            .into()
    })
}

/// Per budget line of a project in scope: budget, approved extra, committed and spent.
pub async fn budget_status(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Option<Vec<LineStatus>>, StoreError> {
    let (lo, hi) = scope.range();
    let project: Option<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT region_code FROM industry_projects WHERE id = $1 AND region_code >= $2 AND region_code < $3",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_optional(pool)
        .await?
    });
    if project.is_none_or(|(r,)| !in_scope(scope, &r)) {
        return Ok(None);
    }
    type Row = (String, i64, i64, i64);
    let (lines, sums): (Vec<BudgetLineRecord>, Vec<Row>) = on_pool!(db, |pool| {
        let lines = sqlx::query_as(
            "SELECT * FROM industry_budget_lines WHERE project_id = $1 AND NOT archived
             ORDER BY created_at, id",
        )
        .bind(project_id)
        .fetch_all(pool)
        .await?;
        let sums = sqlx::query_as(
            "SELECT l.id,
                 CAST(COALESCE((SELECT SUM(a.amount) FROM industry_approvals a
                     WHERE a.budget_line_id = l.id), 0) AS BIGINT),
                 CAST(COALESCE((SELECT SUM(d.amount) FROM industry_disbursements d
                     JOIN ledger_vouchers v ON v.id = d.voucher_id
                     WHERE d.budget_line_id = l.id AND v.reversed_by_id IS NULL), 0) AS BIGINT),
                 CAST(COALESCE((SELECT SUM(d.amount) FROM industry_disbursements d
                     JOIN ledger_vouchers v ON v.id = d.voucher_id
                     WHERE d.budget_line_id = l.id AND v.reversed_by_id IS NULL
                       AND v.state = 'posted'), 0) AS BIGINT)
             FROM industry_budget_lines l WHERE l.project_id = $1",
        )
        .bind(project_id)
        .fetch_all(pool)
        .await?;
        (lines, sums)
    });
    Ok(Some(
        lines
            .into_iter()
            .map(|line| {
                let (approved, committed, spent) = sums
                    .iter()
                    .find(|(id, ..)| *id == line.id)
                    .map(|(_, a, c, s)| (*a, *c, *s))
                    .unwrap_or_default();
                LineStatus {
                    budget: line.amount,
                    line,
                    approved,
                    committed,
                    spent,
                }
            })
            .collect(),
    ))
}

/// The disbursements on a project's current budget lines in scope, in one query: line by
/// line in the budget's order, each line's by date.
pub async fn project_disbursements(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Vec<DisbursementRecord>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT d.* FROM industry_disbursements d
             JOIN industry_budget_lines l ON l.id = d.budget_line_id
             JOIN industry_projects p ON p.id = l.project_id
             WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND NOT l.archived
             ORDER BY l.created_at, l.id, d.date, d.id",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

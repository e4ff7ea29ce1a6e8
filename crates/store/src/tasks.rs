//! "My tasks" (我的待办): what waits for the caller, computed from the records and scoped to
//! the caller's region subtree. Nothing here is stored: an item disappears as soon as the
//! record it points to is done (reviewed, finished, approved, held).

use crate::mechanism::compliance::{self, DueSoon};
use crate::{Db, StoreError, on_pool};
use chrono::{Days, NaiveDate};
use domain::identity::{Actor, Role};
use serde::Serialize;

/// How many items of each kind the list shows at most (the record lists show the rest).
pub const LIMIT: i64 = 50;

/// Problems whose deadline is at most this many days away count as due.
pub const DUE_WITHIN_DAYS: u64 = 7;

/// A draft voucher someone else prepared, which the caller may review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct VoucherTask {
    pub id: String,
    pub org_name: String,
    pub number: i32,
    pub date: String,
    pub summary: String,
    pub total: i64,
}

impl VoucherTask {
    /// 记-0001 style number within its month, as the voucher pages show it.
    pub fn label(&self) -> String {
        format!("记-{:04}", self.number)
    }
}

/// A problem of the problem list (问题清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProblemTask {
    pub id: String,
    pub title: String,
    pub deadline: String,
    pub state: String,
}

/// An industry project applied for (申报) and waiting for its approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProjectTask {
    pub id: String,
    pub title: String,
    pub created_at: String,
}

/// Everything waiting for one user, each list in the order it should be done.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tasks {
    /// Drafts in scope prepared by someone else, for roles that keep the books.
    pub to_review: Vec<VoucherTask>,
    /// Open problems owned by the caller (or by the caller's own region without an owning
    /// user) that are overdue or due within [`DUE_WITHIN_DAYS`], by deadline.
    pub problems: Vec<ProblemTask>,
    /// Problems reported done (已办结) by someone else, waiting for 销号, for town and
    /// district roles.
    pub to_close: Vec<ProblemTask>,
    /// Projects applied for in scope, waiting for approval by a town or district role.
    pub to_approve: Vec<ProjectTask>,
    /// The compliance rules still owed in the current period in scope.
    pub meetings: Vec<DueSoon>,
}

impl Tasks {
    pub fn is_empty(&self) -> bool {
        self.to_review.is_empty()
            && self.problems.is_empty()
            && self.to_close.is_empty()
            && self.to_approve.is_empty()
            && self.meetings.is_empty()
    }
}

/// Roles that decide on the work of the level below: approve projects, close problems.
fn decides(role: Option<Role>) -> bool {
    matches!(role, Some(Role::DistrictAdmin | Role::TownOfficer))
}

/// The caller's tasks on `today` (China time). Every query is filtered by the caller's
/// scope; the command line's system actor has no tasks of its own.
pub async fn for_actor(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Tasks, StoreError> {
    let Some(user_id) = actor.user_id.map(|u| u.to_string()) else {
        return Ok(Tasks::default());
    };
    let (lo, hi) = actor.scope.range();
    let own_region = actor
        .scope
        .root()
        .map(|r| r.as_str().to_string())
        .unwrap_or_default();
    let mut tasks = Tasks::default();
    if actor.role.is_some_and(Role::keeps_books) {
        // The review guard compares preparer_name with the reviewer's username.
        tasks.to_review = on_pool!(db, |pool| {
            sqlx::query_as(
                "SELECT v.id, o.name AS org_name, v.number, v.date, v.summary, v.total
                 FROM ledger_vouchers v
                 JOIN ledger_books b ON b.id = v.book_id
                 JOIN ledger_orgs o ON o.id = b.org_id
                 WHERE v.state = 'draft' AND v.preparer_name <> $1 AND NOT b.closed
                   AND NOT o.archived AND o.region_code >= $2 AND o.region_code < $3
                 ORDER BY v.date, v.number, v.id LIMIT $4",
            )
            .bind(&actor.username)
            .bind(&lo)
            .bind(&hi)
            .bind(LIMIT)
            .fetch_all(pool)
            .await?
        });
    }
    let horizon = today
        .checked_add_days(Days::new(DUE_WITHIN_DAYS))
        .unwrap_or(today)
        .to_string();
    tasks.problems = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT id, title, deadline, state FROM mechanism_problems
             WHERE state IN ('todo', 'doing') AND NOT archived AND deadline <= $1
               AND region_code >= $2 AND region_code < $3
               AND (owner_user_id = $4 OR (owner_user_id IS NULL AND region_code = $5))
             ORDER BY deadline, created_at, id LIMIT $6",
        )
        .bind(&horizon)
        .bind(&lo)
        .bind(&hi)
        .bind(&user_id)
        .bind(&own_region)
        .bind(LIMIT)
        .fetch_all(pool)
        .await?
    });
    if decides(actor.role) {
        tasks.to_close = on_pool!(db, |pool| {
            sqlx::query_as(
                "SELECT id, title, deadline, state FROM mechanism_problems
                 WHERE state = 'done' AND NOT archived AND region_code >= $1 AND region_code < $2
                   AND (owner_user_id IS NULL OR owner_user_id <> $3)
                 ORDER BY deadline, created_at, id LIMIT $4",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(&user_id)
            .bind(LIMIT)
            .fetch_all(pool)
            .await?
        });
        tasks.to_approve = on_pool!(db, |pool| {
            sqlx::query_as(
                "SELECT id, title, created_at FROM industry_projects
                 WHERE status = 'applied' AND NOT archived AND region_code >= $1 AND region_code < $2
                 ORDER BY created_at, id LIMIT $3",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(LIMIT)
            .fetch_all(pool)
            .await?
        });
    }
    tasks.meetings = compliance::due_soon(db, &actor.scope, today).await?;
    Ok(tasks)
}

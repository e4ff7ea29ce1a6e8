//! Projects: create, read under scope, the status workflow with its history, funding
//! sources, budget lines and milestones.

use super::{check_write, in_scope};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::industry::entity;
use domain::industry::project::{
    BudgetLine, Funding, Milestone, Project, Status, default_accounts, progress_rollup,
};
use domain::ledger::AccountingSystem;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ProjectRecord {
    pub id: String,
    pub region_code: String,
    pub org_id: String,
    pub sector: String,
    pub title: String,
    pub description: String,
    pub responsible_person_id: Option<String>,
    pub responsible_name: String,
    pub status: String,
    pub terminated_reason: Option<String>,
    pub income_account: String,
    pub labour_cost_account: String,
    pub labour_payable_account: String,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl ProjectRecord {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Applied)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EventRecord {
    pub id: String,
    pub project_id: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: String,
    pub actor_name: String,
    pub at: String,
    /// `YYYY-MM-DD`; none for changes recorded before dates were kept.
    pub decided_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct FundingRecord {
    pub id: String,
    pub project_id: String,
    pub source: String,
    pub amount: i64,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BudgetLineRecord {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub amount: i64,
    pub account_code: String,
    pub archived: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MilestoneRecord {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub due_on: String,
    pub weight: i64,
    pub progress: i64,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A project with everything on its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectDetail {
    pub project: ProjectRecord,
    pub events: Vec<EventRecord>,
    pub funding: Vec<FundingRecord>,
    pub budget_lines: Vec<BudgetLineRecord>,
    pub milestones: Vec<MilestoneRecord>,
    /// Weighted progress of the milestones, percent.
    pub progress: i64,
}

pub(crate) async fn project_in_tx(
    tx: &mut Tx,
    id: &str,
) -> Result<Option<ProjectRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM industry_projects WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The project inside a write transaction, checked against the actor and locked for the
/// rest of it: SQLite's write transactions are already exclusive; on PostgreSQL the row lock
/// makes concurrent writes to one project (two status changes, two labour payments) queue,
/// so each sees what the other wrote.
async fn locked_project(tx: &mut Tx, actor: &Actor, id: &str) -> Result<ProjectRecord, StoreError> {
    let found: Option<ProjectRecord> = tx.locked_row("industry_projects", id).await?;
    let p = found
        .filter(|p| in_scope(&actor.scope, &p.region_code))
        .ok_or(DomainError::NotFound)?;
    check_write(actor, &p.region_code)?;
    Ok(p)
}

/// The project inside a write transaction, checked against the actor and locked (see
/// [`locked_project`]). An archived project takes no more records until it is restored.
pub(crate) async fn project_for_write(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<ProjectRecord, StoreError> {
    let p = locked_project(tx, actor, id).await?;
    if p.archived {
        return Err(DomainError::Conflict("industry.project_archived").into());
    }
    Ok(p)
}

/// Creates a project in status 申报. The organisation must be in the project's village; the
/// accounts left empty take the defaults of the chart of the organisation's latest book
/// (of the current year's chart when it has none).
pub async fn create(db: &Db, actor: &Actor, p: &Project) -> Result<ProjectRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    check_write(actor, p.region.as_str())?;
    let org: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT region_code FROM ledger_orgs WHERE id = $1 AND NOT archived")
            .bind(p.org_id.to_string())
            .fetch_optional(conn)
            .await?
    });
    if org.as_ref().is_none_or(|(r,)| r != p.region.as_str()) {
        return Err(FieldError::new("industry.org_unknown", "org_id")
            .arg("value", p.org_id.to_string())
            .into());
    }
    if let Some(person) = p.responsible_person_id {
        // A person outside the actor's scope reads as unknown, as for workers.
        let found: Option<(String,)> = on_tx!(&mut tx, |conn| {
            sqlx::query_as("SELECT region_code FROM people_persons WHERE id = $1")
                .bind(person.to_string())
                .fetch_optional(conn)
                .await?
        });
        if !found.is_some_and(|(region,)| in_scope(&actor.scope, &region)) {
            return Err(
                FieldError::new("industry.person_unknown", "responsible_person_id")
                    .arg("value", person.to_string())
                    .into(),
            );
        }
    }
    let system: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT accounting_system FROM ledger_books WHERE org_id = $1 ORDER BY year DESC LIMIT 1",
        )
        .bind(p.org_id.to_string())
        .fetch_optional(conn)
        .await?
    });
    let system = system
        .and_then(|(s,)| AccountingSystem::parse(&s).ok())
        .unwrap_or_else(|| {
            use chrono::Datelike;
            AccountingSystem::for_year(chrono::Utc::now().year())
        });
    let (income, cost, payable) = default_accounts(system);
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO industry_projects (id, region_code, org_id, sector, title, description,
                 responsible_person_id, responsible_name, status, terminated_reason,
                 income_account, labour_cost_account, labour_payable_account, archived,
                 created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, $12, $13, $14, $15, $15)",
        )
        .bind(&id)
        .bind(p.region.as_str())
        .bind(p.org_id.to_string())
        .bind(&p.sector)
        .bind(&p.title)
        .bind(&p.description)
        .bind(p.responsible_person_id.map(|i| i.to_string()))
        .bind(&p.responsible_name)
        .bind(Status::Applied.as_str())
        .bind(p.income_account.as_deref().unwrap_or(income))
        .bind(p.labour_cost_account.as_deref().unwrap_or(cost))
        .bind(p.labour_payable_account.as_deref().unwrap_or(payable))
        .bind(false)
        .bind(&actor.username)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    insert_event(&mut tx, actor, &id, None, Status::Applied, "", p.applied_on).await?;
    let record = project_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::PROJECT, &id, &record.region_code),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn insert_event(
    tx: &mut Tx,
    actor: &Actor,
    project_id: &str,
    from: Option<Status>,
    to: Status,
    reason: &str,
    decided_on: NaiveDate,
) -> Result<(), StoreError> {
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO industry_project_events (id, project_id, from_status, to_status, reason,
                 actor_name, at, decided_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(project_id)
        .bind(from.map(Status::as_str))
        .bind(to.as_str())
        .bind(reason)
        .bind(&actor.username)
        .bind(&now)
        .bind(decided_on.to_string())
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Moves a project along its workflow (see `Status::transition`) and records the change with
/// the date it was decided (see `domain::industry::project::decided_on`).
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: &str,
    to: Status,
    reason: &str,
    decided_on: NaiveDate,
) -> Result<ProjectRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = project_for_write(&mut tx, actor, id).await?;
    let from = old.status();
    let reason = from.transition(to, reason)?;
    // Decisions follow one another: none is dated before the one it follows.
    let previous: Option<(Option<String>, String)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT decided_on, at FROM industry_project_events WHERE project_id = $1
             ORDER BY at DESC, id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await?
    });
    if let Some(previous) =
        previous.map(|(d, at)| d.unwrap_or_else(|| at.chars().take(10).collect()))
        && decided_on.to_string() < previous
    {
        return Err(
            FieldError::new("industry.date_before_previous", "decided_on")
                .arg("value", decided_on.to_string())
                .arg("previous", previous)
                .into(),
        );
    }
    let now = domain::time::now_text();
    let terminated = (to == Status::Terminated).then_some(reason.as_str());
    // Guarded on the status read: of concurrent changes exactly one moves the project.
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE industry_projects SET status = $2, terminated_reason = $3, updated_at = $4
             WHERE id = $1 AND status = $5",
        )
        .bind(id)
        .bind(to.as_str())
        .bind(terminated)
        .bind(&now)
        .bind(from.as_str())
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("industry.status_changed").into());
    }
    insert_event(&mut tx, actor, id, Some(from), to, &reason, decided_on).await?;
    let new = project_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if to == Status::Terminated {
            Action::Close
        } else {
            Action::Update
        },
        audit::Subject::new(entity::PROJECT, id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Adds a funding source to a project.
pub async fn add_funding(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    f: &Funding,
) -> Result<FundingRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let project = project_for_write(&mut tx, actor, project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: FundingRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_funding (id, project_id, source, amount, note, archived, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(&id)
        .bind(project_id)
        .bind(f.source.as_str())
        .bind(f.amount.fen())
        .bind(&f.note)
        .bind(false)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::FUNDING, &id, &project.region_code),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Adds a budget line to a project.
pub async fn add_budget_line(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    b: &BudgetLine,
) -> Result<BudgetLineRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let project = project_for_write(&mut tx, actor, project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: BudgetLineRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_budget_lines (id, project_id, name, amount, account_code,
                 archived, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(&id)
        .bind(project_id)
        .bind(&b.name)
        .bind(b.amount.fen())
        .bind(&b.account_code)
        .bind(false)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::BUDGET_LINE, &id, &project.region_code),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Adds a milestone to a project.
pub async fn add_milestone(
    db: &Db,
    actor: &Actor,
    project_id: &str,
    m: &Milestone,
) -> Result<MilestoneRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let project = project_for_write(&mut tx, actor, project_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: MilestoneRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "INSERT INTO industry_milestones (id, project_id, title, due_on, weight, progress,
                 archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *",
        )
        .bind(&id)
        .bind(project_id)
        .bind(&m.title)
        .bind(m.due_on.to_string())
        .bind(m.weight)
        .bind(m.progress)
        .bind(false)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::MILESTONE, &id, &project.region_code),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// A project in scope with its history, funding, budget lines, milestones and progress.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<ProjectDetail>, StoreError> {
    let (lo, hi) = scope.range();
    let project: Option<ProjectRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM industry_projects WHERE id = $1 AND region_code >= $2 AND region_code < $3")
            .bind(id)
            .bind(&lo)
            .bind(&hi)
            .fetch_optional(pool)
            .await?
    });
    let Some(project) = project else {
        return Ok(None);
    };
    let (events, funding, budget_lines, milestones) = on_pool!(db, |pool| {
        let events: Vec<EventRecord> = sqlx::query_as(
            "SELECT * FROM industry_project_events WHERE project_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let funding: Vec<FundingRecord> = sqlx::query_as(
            "SELECT * FROM industry_funding WHERE project_id = $1 AND NOT archived
             ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let lines: Vec<BudgetLineRecord> = sqlx::query_as(
            "SELECT * FROM industry_budget_lines WHERE project_id = $1 AND NOT archived
             ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let milestones: Vec<MilestoneRecord> = sqlx::query_as(
            "SELECT * FROM industry_milestones WHERE project_id = $1 AND NOT archived
             ORDER BY due_on, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        (events, funding, lines, milestones)
    });
    let progress = progress_rollup(
        &milestones
            .iter()
            .map(|m| (m.weight, m.progress))
            .collect::<Vec<_>>(),
    );
    Ok(Some(ProjectDetail {
        project,
        events,
        funding,
        budget_lines,
        milestones,
        progress,
    }))
}

/// Projects in scope (optionally only those under `region`), by region and title.
pub async fn list(
    db: &Db,
    scope: &Scope,
    region: Option<&domain::region::RegionCode>,
    include_archived: bool,
) -> Result<Vec<ProjectRecord>, StoreError> {
    let mut q = List::new("*", "FROM industry_projects");
    q.scoped("region_code", scope);
    if let Some(r) = region {
        q.within(
            "region_code",
            domain::identity::prefix_range(r.subtree_prefix()),
        );
    }
    q.unarchived("archived", include_archived)
        .order_by("region_code, title, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// Projects in scope as `list` gives them, each with its weighted milestone progress, read
/// in two queries whatever the number of projects (the API list shows every progress).
pub async fn list_with_progress(
    db: &Db,
    scope: &Scope,
    region: Option<&domain::region::RegionCode>,
    include_archived: bool,
) -> Result<Vec<(ProjectRecord, i64)>, StoreError> {
    let projects = list(db, scope, region, include_archived).await?;
    let (narrow_lo, narrow_hi) =
        domain::identity::prefix_range(region.map(|r| r.subtree_prefix()).unwrap_or(""));
    let (lo, hi) = scope.range();
    let rows: Vec<(String, i64, i64)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT m.project_id, m.weight, m.progress FROM industry_milestones m
             JOIN industry_projects p ON p.id = m.project_id
             WHERE p.region_code >= $1 AND p.region_code < $2 AND p.region_code >= $3 AND p.region_code < $4 AND ($5 OR NOT p.archived)
               AND NOT m.archived
             ORDER BY m.project_id, m.id",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&narrow_lo)
        .bind(&narrow_hi)
        .bind(include_archived)
        .fetch_all(pool)
        .await?
    });
    let mut by_project: std::collections::HashMap<&str, Vec<(i64, i64)>> =
        std::collections::HashMap::new();
    for (project, weight, progress) in &rows {
        by_project
            .entry(project.as_str())
            .or_default()
            .push((*weight, *progress));
    }
    Ok(projects
        .into_iter()
        .map(|p| {
            let progress = by_project
                .get(p.id.as_str())
                .map(|m| progress_rollup(m))
                .unwrap_or(0);
            (p, progress)
        })
        .collect())
}

/// Sets a milestone's progress (percent 0–100); the project's progress follows.
pub async fn set_milestone_progress(
    db: &Db,
    actor: &Actor,
    milestone_id: &str,
    progress: i64,
) -> Result<MilestoneRecord, StoreError> {
    if !(0..=100).contains(&progress) {
        return Err(FieldError::new("industry.number_invalid", "progress")
            .arg("value", progress.to_string())
            .arg("min", "0")
            .arg("max", "100")
            .into());
    }
    let mut tx = db.begin_write().await?;
    let old: MilestoneRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT * FROM industry_milestones WHERE id = $1")
            .bind(milestone_id)
            .fetch_optional(conn)
            .await?
    })
    .ok_or(DomainError::NotFound)?;
    let project = project_for_write(&mut tx, actor, &old.project_id).await?;
    let now = domain::time::now_text();
    let new: MilestoneRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "UPDATE industry_milestones SET progress = $2, updated_at = $3 WHERE id = $1
             RETURNING *",
        )
        .bind(milestone_id)
        .bind(progress)
        .bind(&now)
        .fetch_one(conn)
        .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject::new(entity::MILESTONE, milestone_id, &project.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a project entered by mistake; nothing is deleted.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<ProjectRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = locked_project(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE industry_projects SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = project_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if archived {
            Action::Archive
        } else {
            Action::Update
        },
        audit::Subject::new(entity::PROJECT, id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

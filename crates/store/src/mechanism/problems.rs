//! The problem list (问题清单): problems from meetings, visits and direct entry; the workflow
//! todo → doing → done → closed (or sent back), its event log, overdue flags and the
//! weighted progress roll-up of parents (computed, never stored).

use super::{check_record, check_region, in_scope, narrowed, person_name, placeholders};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::mechanism::Problem;
use domain::mechanism::entity;
use domain::mechanism::problem::{self, Node, ProblemState, SourceKind, Status, Transition};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ProblemRecord {
    pub id: String,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<String>,
    pub owner_name: String,
    pub deadline: String,
    pub source_kind: String,
    pub source_id: Option<String>,
    pub parent_id: Option<String>,
    pub weight: i32,
    /// Entered progress (0–100) of a leaf; see [`ProblemView::progress`] for the rolled value.
    pub progress: i32,
    pub state: String,
    pub result: String,
    pub evidence: String,
    pub done_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl ProblemRecord {
    pub fn state(&self) -> ProblemState {
        ProblemState::parse(&self.state).unwrap_or(ProblemState::Todo)
    }

    pub fn deadline_date(&self) -> Option<NaiveDate> {
        domain::time::parse_date(&self.deadline)
    }

    pub fn done_date(&self) -> Option<NaiveDate> {
        self.done_at.as_deref().and_then(domain::time::parse_date)
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.deadline_date()
            .is_some_and(|d| problem::is_overdue(self.state(), d, self.done_date(), today))
    }

    fn status(&self) -> Status {
        Status {
            state: self.state(),
            result: self.result.clone(),
            evidence: self.evidence.clone(),
            done_at: self.done_date(),
            closed_at: self.closed_at.as_deref().and_then(domain::time::parse_date),
            closed_by: self.closed_by.clone(),
        }
    }

    fn node(&self) -> Node {
        Node {
            id: self.id.clone(),
            parent: self.parent_id.clone(),
            weight: self.weight,
            progress: self.progress,
            state: self.state(),
        }
    }
}

/// A problem as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemView {
    #[serde(flatten)]
    pub problem: ProblemRecord,
    /// 逾期: open after the deadline, or finished after it.
    pub overdue: bool,
    /// Progress 0–100: rolled up from the children (weighted) for a parent, 100 when
    /// finished, else the entered value.
    pub progress: i32,
    /// Number of direct children (not archived).
    pub children: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EventRecord {
    pub id: String,
    pub problem_id: String,
    pub at: String,
    pub actor: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: String,
}

/// A problem with its history and children.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemDetail {
    pub view: ProblemView,
    pub events: Vec<EventRecord>,
    pub children: Vec<ProblemView>,
}

/// List filters; `None` / empty / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Problems of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    pub state: Option<ProblemState>,
    pub overdue_only: bool,
    pub owner_user_id: Option<String>,
    pub source_kind: Option<SourceKind>,
    pub source_id: Option<String>,
    pub parent_id: Option<String>,
    /// Part of the title.
    pub query: String,
    pub include_archived: bool,
}

/// Problems in scope matching `filter`, open ones first, each part by deadline, with
/// overdue flags and rolled-up progress, and the total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    today: NaiveDate,
    page: Page,
) -> Result<(Vec<ProblemView>, i64), StoreError> {
    let Some(range) = narrowed(scope, filter.region.as_ref()) else {
        return Ok((Vec::new(), 0));
    };
    let mut q = List::new("*", "FROM mechanism_problems");
    q.within("region_code", range)
        .eq("state", filter.state.map(|s| s.as_str()).unwrap_or(""))
        .eq(
            "owner_user_id",
            filter.owner_user_id.as_deref().unwrap_or(""),
        )
        .eq(
            "source_kind",
            filter.source_kind.map(|s| s.as_str()).unwrap_or(""),
        )
        .eq("source_id", filter.source_id.as_deref().unwrap_or(""))
        .eq("parent_id", filter.parent_id.as_deref().unwrap_or(""))
        .unarchived("archived", filter.include_archived);
    if filter.overdue_only {
        let today = q.arg(today.to_string());
        q.and(format!(
            "(state IN ('todo', 'doing') AND deadline < {today}
              OR (done_at IS NOT NULL AND done_at > deadline))"
        ));
    }
    q.contains(&["title"], &filter.query).order_by(
        "CASE WHEN state IN ('done', 'closed') THEN 1 ELSE 0 END, deadline, created_at, id",
    );
    let (rows, total): (Vec<ProblemRecord>, i64) = q.fetch(db, page).await?;
    Ok((views(db, rows, today).await?, total))
}

/// Views of `rows`: their descendants are loaded level by level for the roll-up.
async fn views(
    db: &Db,
    rows: Vec<ProblemRecord>,
    today: NaiveDate,
) -> Result<Vec<ProblemView>, StoreError> {
    let mut nodes: Vec<Node> = rows.iter().map(ProblemRecord::node).collect();
    let mut seen: std::collections::BTreeSet<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut children: BTreeMap<String, usize> = BTreeMap::new();
    let mut level: Vec<String> = seen.iter().cloned().collect();
    while !level.is_empty() {
        let mut next = Vec::new();
        for chunk in level.chunks(500) {
            let sql = format!(
                "SELECT id, parent_id, weight, progress, state FROM mechanism_problems
                 WHERE NOT archived AND parent_id IN ({})",
                placeholders(0, chunk.len())
            );
            let found: Vec<(String, Option<String>, i32, i32, String)> = on_pool!(db, |pool| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for id in chunk {
                    q = q.bind(id.as_str());
                }
                q.fetch_all(pool).await?
            });
            for (id, parent, weight, progress, state) in found {
                if let Some(p) = &parent {
                    *children.entry(p.clone()).or_default() += 1;
                }
                if seen.insert(id.clone()) {
                    next.push(id.clone());
                    nodes.push(Node {
                        id,
                        parent,
                        weight,
                        progress,
                        state: ProblemState::parse(&state).unwrap_or(ProblemState::Todo),
                    });
                }
            }
        }
        level = next;
    }
    // Rows outside the page may share ids with loaded descendants: the roll-up sees all.
    let rolled = problem::rollup(&nodes);
    Ok(rows
        .into_iter()
        .map(|r| ProblemView {
            overdue: r.is_overdue(today),
            progress: rolled.get(&r.id).copied().unwrap_or(r.progress),
            children: children.get(&r.id).copied().unwrap_or(0),
            problem: r,
        })
        .collect())
}

/// One problem with its events and children, when it lies in scope.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
    today: NaiveDate,
) -> Result<Option<ProblemDetail>, StoreError> {
    let row: Option<ProblemRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_problems WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(row) = row.filter(|r| in_scope(scope, &r.region_code)) else {
        return Ok(None);
    };
    let events: Vec<EventRecord> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM mechanism_problem_events WHERE problem_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let (lo, hi) = scope.range();
    let kids: Vec<ProblemRecord> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM mechanism_problems WHERE parent_id = $1 AND NOT archived
             AND region_code >= $2 AND region_code < $3 ORDER BY deadline, created_at, id",
        )
        .bind(id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    let mut view = views(db, vec![row], today).await?;
    let children = views(db, kids, today).await?;
    let Some(view) = view.pop() else {
        return Ok(None);
    };
    Ok(Some(ProblemDetail {
        view,
        events,
        children,
    }))
}

/// The problems with these ids that lie in scope (drill-down of a board cell), by deadline.
pub async fn by_ids(
    db: &Db,
    scope: &Scope,
    ids: &[String],
) -> Result<Vec<ProblemRecord>, StoreError> {
    let mut out: Vec<ProblemRecord> = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT * FROM mechanism_problems WHERE region_code >= $1 AND region_code < $2 AND id IN ({})",
            placeholders(2, chunk.len())
        );
        let (lo, hi) = scope.range();
        let rows: Vec<ProblemRecord> = on_pool!(db, |pool| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&lo)
                .bind(&hi);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.fetch_all(pool).await?
        });
        out.extend(rows);
    }
    out.sort_by(|a, b| (&a.deadline, &a.id).cmp(&(&b.deadline, &b.id)));
    Ok(out)
}

/// Problems in scope (narrowed to `region`) whose deadline falls in the month, for the
/// calendar; archived ones left out.
pub async fn due_in_month(
    db: &Db,
    scope: &Scope,
    region: Option<&RegionCode>,
    year: i32,
    month: u32,
) -> Result<Vec<ProblemRecord>, StoreError> {
    let (Some((lo, hi)), Some((first, last))) =
        (narrowed(scope, region), super::month_bounds(year, month))
    else {
        return Ok(Vec::new());
    };
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM mechanism_problems WHERE region_code >= $1 AND region_code < $2 AND deadline >= $3
             AND deadline <= $4 AND NOT archived ORDER BY deadline, region_code, id",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&first)
        .bind(&last)
        .fetch_all(pool)
        .await?
    }))
}

pub(crate) async fn problem_in_tx(
    tx: &mut Tx,
    id: &str,
) -> Result<Option<ProblemRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_problems WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The problem for a write by `actor`: in scope (else not found) and writable by the role.
async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<ProblemRecord, StoreError> {
    let row = problem_in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let region = RegionCode::parse(&row.region_code).map_err(|_| DomainError::NotFound)?;
    check_record(tx, actor, &region, None).await?;
    Ok(row)
}

async fn event(
    tx: &mut Tx,
    actor: &Actor,
    problem_id: &str,
    from: Option<ProblemState>,
    to: ProblemState,
    note: &str,
) -> Result<(), StoreError> {
    let id = Id::new().to_string();
    let at = domain::time::now_text();
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_problem_events (id, problem_id, at, actor, from_state, to_state, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(problem_id)
        .bind(&at)
        .bind(&actor.username)
        .bind(from.map(|s| s.as_str()))
        .bind(to.as_str())
        .bind(note)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Checks a parent for a problem in `region`: it exists in the actor's scope, is not
/// archived, its region contains `region`, and (for an existing problem `child`) it is not
/// the problem itself or one of its descendants.
async fn check_parent(
    tx: &mut Tx,
    actor: &Actor,
    parent: Id,
    region: &RegionCode,
    child: Option<&str>,
) -> Result<(), StoreError> {
    let parent_id = parent.to_string();
    let unknown = || {
        StoreError::from(
            FieldError::new("mechanism.parent_unknown", "parent_id")
                .arg("value", parent_id.clone()),
        )
    };
    let row = problem_in_tx(tx, &parent_id)
        .await?
        .filter(|p| !p.archived && in_scope(&actor.scope, &p.region_code))
        .ok_or_else(unknown)?;
    let parent_region = RegionCode::parse(&row.region_code).map_err(|_| unknown())?;
    if !parent_region.contains(region) {
        return Err(
            FieldError::new("mechanism.parent_region_mismatch", "parent_id")
                .arg("value", row.title.clone())
                .into(),
        );
    }
    if let Some(child) = child {
        // Walk up from the new parent: meeting the child would make a cycle.
        let mut at = Some(row);
        let mut steps = 0;
        while let Some(p) = at {
            if p.id == child {
                return Err(DomainError::Conflict("mechanism.problem_parent_cycle").into());
            }
            steps += 1;
            if steps > 64 {
                break;
            }
            at = match p.parent_id {
                Some(next) => problem_in_tx(tx, &next).await?,
                None => None,
            };
        }
    }
    Ok(())
}

/// Inserts a problem (with its first event and audit entry) inside `tx`.
pub(crate) async fn insert_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    p: &Problem,
    source: SourceKind,
    source_id: Option<&str>,
) -> Result<ProblemRecord, StoreError> {
    check_record(tx, actor, &p.region, None).await?;
    check_region(tx, &p.region, "region_code").await?;
    if let Some(parent) = p.parent_id {
        check_parent(tx, actor, parent, &p.region, None).await?;
    }
    let owner_name = person_name(
        tx,
        actor,
        &p.region,
        p.owner_user_id,
        &p.owner_name,
        "owner_user_id",
    )
    .await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_problems (id, region_code, title, description, owner_user_id,
                 owner_name, deadline, source_kind, source_id, parent_id, weight, progress, state,
                 result, evidence, done_at, closed_at, closed_by, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, '', '', NULL, NULL, NULL,
                     $13, $14, $14)",
        )
        .bind(&id)
        .bind(p.region.as_str())
        .bind(&p.title)
        .bind(&p.description)
        .bind(p.owner_user_id.map(|u| u.to_string()))
        .bind(&owner_name)
        .bind(p.deadline.to_string())
        .bind(source.as_str())
        .bind(source_id)
        .bind(p.parent_id.map(|u| u.to_string()))
        .bind(p.weight)
        .bind(ProblemState::Todo.as_str())
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    event(tx, actor, &id, None, ProblemState::Todo, "").await?;
    let record = problem_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::PROBLEM,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    Ok(record)
}

/// Enters a problem directly (source `direct`).
pub async fn create(db: &Db, actor: &Actor, p: &Problem) -> Result<ProblemRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let record = insert_in_tx(&mut tx, actor, p, SourceKind::Direct, None).await?;
    tx.commit().await?;
    Ok(record)
}

/// Adds a decision to a meeting, or a problem to a visit, after the fact: `source` names
/// the meeting or visit, which must lie in the actor's scope.
pub async fn create_from(
    db: &Db,
    actor: &Actor,
    source: SourceKind,
    source_id: &str,
    p: &Problem,
) -> Result<ProblemRecord, StoreError> {
    let table = match source {
        SourceKind::Meeting => "mechanism_meetings",
        SourceKind::Visit => "mechanism_visits",
        SourceKind::Direct => return create(db, actor, p).await,
    };
    let mut tx = db.begin_write().await?;
    let sql = format!("SELECT region_code FROM {table} WHERE id = $1 AND NOT archived");
    let region: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(source_id)
            .fetch_optional(conn)
            .await?
    });
    if !region.is_some_and(|(r,)| in_scope(&actor.scope, &r)) {
        return Err(DomainError::NotFound.into());
    }
    let record = insert_in_tx(&mut tx, actor, p, source, Some(source_id)).await?;
    tx.commit().await?;
    Ok(record)
}

fn finished_error() -> StoreError {
    DomainError::Conflict("mechanism.problem_finished").into()
}

/// Changes title, description, owner, deadline, parent and weight. The region stays; a
/// closed (销号) problem no longer changes.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    p: &Problem,
) -> Result<ProblemRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.state() == ProblemState::Closed {
        return Err(finished_error());
    }
    if p.region.as_str() != old.region_code {
        return Err(FieldError::new("mechanism.region_fixed", "region_code").into());
    }
    if let Some(parent) = p.parent_id {
        check_parent(&mut tx, actor, parent, &p.region, Some(id)).await?;
    }
    let owner_name = person_name(
        &mut tx,
        actor,
        &p.region,
        p.owner_user_id,
        &p.owner_name,
        "owner_user_id",
    )
    .await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_problems SET title = $2, description = $3, owner_user_id = $4,
                 owner_name = $5, deadline = $6, parent_id = $7, weight = $8, updated_at = $9
             WHERE id = $1",
        )
        .bind(id)
        .bind(&p.title)
        .bind(&p.description)
        .bind(p.owner_user_id.map(|u| u.to_string()))
        .bind(&owner_name)
        .bind(p.deadline.to_string())
        .bind(p.parent_id.map(|u| u.to_string()))
        .bind(p.weight)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = problem_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::PROBLEM, &old.id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Sets the progress (0–100) of an open leaf; a parent's progress is computed.
pub async fn set_progress(
    db: &Db,
    actor: &Actor,
    id: &str,
    progress: i32,
) -> Result<ProblemRecord, StoreError> {
    if !(0..=100).contains(&progress) {
        return Err(FieldError::new("mechanism.number_invalid", "progress")
            .arg("value", progress.to_string())
            .arg("min", "0")
            .arg("max", "100")
            .into());
    }
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.state().is_finished() {
        return Err(finished_error());
    }
    let child: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT id FROM mechanism_problems WHERE parent_id = $1 AND NOT archived LIMIT 1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await?
    });
    if child.is_some() {
        return Err(DomainError::Conflict("mechanism.progress_computed").into());
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_problems SET progress = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(progress)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = problem_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::PROBLEM, &old.id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Moves a problem through the workflow (see [`domain::mechanism::problem::apply`]):
/// start, finish (result and evidence), close (销号, not by the owner), send back (reason).
/// `today` dates 办结 and 销号.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    id: &str,
    t: &Transition,
    today: NaiveDate,
) -> Result<ProblemRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let owner = old
        .owner_user_id
        .as_deref()
        .and_then(|u| u.parse::<Id>().ok());
    let change = problem::apply(
        &old.status(),
        owner,
        actor.user_id,
        &actor.username,
        t,
        today,
    )?;
    let s = &change.status;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_problems SET state = $2, result = $3, evidence = $4, done_at = $5,
                 closed_at = $6, closed_by = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(s.state.as_str())
        .bind(&s.result)
        .bind(&s.evidence)
        .bind(s.done_at.map(|d| d.to_string()))
        .bind(s.closed_at.map(|d| d.to_string()))
        .bind(&s.closed_by)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    event(&mut tx, actor, id, Some(change.from), s.state, &change.note).await?;
    let action = match t {
        Transition::Close => Action::Close,
        Transition::SendBack { .. } => Action::Reopen,
        Transition::Start | Transition::Finish { .. } => Action::Update,
    };
    let new = problem_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::PROBLEM, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a problem entered by mistake; it leaves lists and the board.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<ProblemRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_problems SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let action = if archived {
        Action::Archive
    } else {
        Action::Update
    };
    let new = problem_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::PROBLEM, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

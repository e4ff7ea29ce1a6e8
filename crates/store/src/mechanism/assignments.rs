//! Assignments of leaders to towns and villages (定点指导 guide, 包联 liaison). History is
//! kept: ending an assignment sets its last day; nothing is deleted.

use super::{check_assign, check_region, in_scope, narrowed, person_name};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::mechanism::assignment::{Assignment, AssignmentKind, check_end};
use domain::mechanism::entity;
use domain::region::RegionCode;
use domain::{DomainError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AssignmentRecord {
    pub id: String,
    pub leader_user_id: Option<String>,
    pub leader_name: String,
    pub region_code: String,
    /// guide or liaison
    pub kind: String,
    pub starts_on: String,
    /// The last day (inclusive); none while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl AssignmentRecord {
    pub fn kind(&self) -> Option<AssignmentKind> {
        AssignmentKind::parse(&self.kind).ok()
    }

    /// Active on `day`: started, not ended, not archived.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        let d = day.to_string();
        !self.archived && self.starts_on <= d && self.ends_on.as_ref().is_none_or(|e| *e >= d)
    }
}

/// List filters; `None` / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Assignments of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    pub kind: Option<AssignmentKind>,
    pub leader_user_id: Option<String>,
    /// Only those active on this day.
    pub active_on: Option<NaiveDate>,
    pub include_archived: bool,
}

/// Assignments in scope matching `filter`, by region, start and id.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
) -> Result<Vec<AssignmentRecord>, StoreError> {
    let Some((lo, hi)) = narrowed(scope, filter.region.as_ref()) else {
        return Ok(Vec::new());
    };
    let mut q = List::new("*", "FROM mechanism_assignments");
    q.within("region_code", (lo, hi))
        .eq("kind", filter.kind.map(|k| k.as_str()).unwrap_or(""))
        .eq(
            "leader_user_id",
            filter.leader_user_id.as_deref().unwrap_or(""),
        );
    if let Some(day) = filter.active_on {
        let day = q.arg(day.to_string());
        q.and(format!(
            "starts_on <= {day} AND (ends_on IS NULL OR ends_on >= {day})"
        ));
    }
    q.unarchived("archived", filter.include_archived)
        .order_by("region_code, starts_on, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<AssignmentRecord>, StoreError> {
    let row: Option<AssignmentRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_assignments WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<AssignmentRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_assignments WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Assigns a leader (district administrator, or a town officer in the town).
pub async fn create(
    db: &Db,
    actor: &Actor,
    a: &Assignment,
) -> Result<AssignmentRecord, StoreError> {
    check_assign(actor, &a.region)?;
    let mut tx = db.begin_write().await?;
    check_region(&mut tx, &a.region, "region_code").await?;
    let leader = person_name(
        &mut tx,
        actor,
        &a.region,
        a.leader_user_id,
        &a.leader_name,
        "leader_user_id",
    )
    .await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_assignments (id, leader_user_id, leader_name, region_code, kind,
                 starts_on, ends_on, note, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(&id)
        .bind(a.leader_user_id.map(|u| u.to_string()))
        .bind(&leader)
        .bind(a.region.as_str())
        .bind(a.kind.as_str())
        .bind(a.starts_on.to_string())
        .bind(a.ends_on.map(|d| d.to_string()))
        .bind(&a.note)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = in_tx(&mut tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::ASSIGNMENT,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<AssignmentRecord, StoreError> {
    let old = in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let region = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
    check_assign(actor, &region)?;
    Ok(old)
}

/// Ends an open assignment: `ends_on` is its last day (not before its start). An assignment
/// already ended is refused (`mechanism.assignment_ended`).
pub async fn end(
    db: &Db,
    actor: &Actor,
    id: &str,
    ends_on: NaiveDate,
) -> Result<AssignmentRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.ends_on.is_some() {
        return Err(DomainError::Conflict("mechanism.assignment_ended").into());
    }
    if let Some(start) = domain::time::parse_date(&old.starts_on) {
        check_end(start, ends_on)?;
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_assignments SET ends_on = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(ends_on.to_string())
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Close,
        audit::Subject::new(entity::ASSIGNMENT, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Changes the note (the other fields are history: end the assignment and make a new one).
pub async fn set_note(
    db: &Db,
    actor: &Actor,
    id: &str,
    note: &str,
) -> Result<AssignmentRecord, StoreError> {
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(domain::FieldError::new("common.too_long", "note")
            .arg("max", "1000")
            .into());
    }
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_assignments SET note = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(note)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::ASSIGNMENT, &old.id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) an assignment entered by mistake; it leaves lists and the board.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<AssignmentRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_assignments SET archived = $2, updated_at = $3 WHERE id = $1",
        )
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
    let new = in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::ASSIGNMENT, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

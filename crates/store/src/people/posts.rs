//! Posts and tenure (村“两委”, 村务监督委员会, 第一书记, 驻村工作队): who holds which post in
//! which region from when to when. History is kept: ending a post sets its last day.

use super::{check_keep, check_region, in_scope, narrowed, resolve_person, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::DomainError;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::people::entity;
use domain::people::post::{Post, PostInput, PostKind, check_end};
use domain::region::RegionCode;
use domain::{FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PostRecord {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub region_code: String,
    /// One of [`PostKind`].
    pub post: String,
    pub dispatching_unit: String,
    pub starts_on: String,
    /// The last day in post (inclusive); none while it lasts.
    pub ends_on: Option<String>,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl PostRecord {
    pub fn kind(&self) -> Option<PostKind> {
        PostKind::parse(&self.post).ok()
    }

    /// Held on `day`: started, not ended, not archived.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        let d = day.to_string();
        !self.archived && self.starts_on <= d && self.ends_on.as_ref().is_none_or(|e| *e >= d)
    }
}

macro_rules! columns {
    () => {
        "p.id, p.person_id, n.name AS person_name, p.region_code, p.post,
         p.dispatching_unit, p.starts_on, p.ends_on, p.note, p.archived, p.created_at,
         p.updated_at"
    };
}

macro_rules! from {
    () => {
        "FROM people_posts p JOIN people_persons n ON n.id = p.person_id"
    };
}

macro_rules! select {
    () => {
        concat!("SELECT ", columns!(), " ", from!(), " ")
    };
}

/// The order of posts in a team: secretary, director, members, supervision, first
/// secretary, work team.
macro_rules! team_order {
    () => {
        "CASE p.post WHEN 'party_secretary' THEN 1 WHEN 'committee_director' THEN 2
         WHEN 'committee_member' THEN 3 WHEN 'supervision_member' THEN 4
         WHEN 'first_secretary' THEN 5 ELSE 6 END"
    };
}

/// List filters; `None` / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Posts of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    pub post: Option<PostKind>,
    pub person_id: Option<String>,
    /// Only those held on this day.
    pub active_on: Option<NaiveDate>,
    pub include_archived: bool,
}

/// Posts in scope matching `filter`, by region, start and id.
pub async fn list(db: &Db, scope: &Scope, filter: &Filter) -> Result<Vec<PostRecord>, StoreError> {
    let Some((lo, hi)) = narrowed(scope, filter.region.as_ref()) else {
        return Ok(Vec::new());
    };
    let mut q = List::new(columns!(), from!());
    q.within("p.region_code", (lo, hi))
        .eq("p.post", filter.post.map(|k| k.as_str()).unwrap_or(""))
        .eq("p.person_id", filter.person_id.as_deref().unwrap_or(""));
    if let Some(day) = filter.active_on {
        let day = q.arg(day.to_string());
        q.and(format!(
            "p.starts_on <= {day} AND (p.ends_on IS NULL OR p.ends_on >= {day})"
        ));
    }
    q.unarchived("p.archived", filter.include_archived)
        .order_by("p.region_code, p.starts_on, p.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// The team of one region (exactly that region) on `on`: the posts held that day, in team
/// order (secretary first). Empty when the region is out of scope.
pub async fn current_team(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    on: NaiveDate,
) -> Result<Vec<PostRecord>, StoreError> {
    if !scope.contains(region) {
        return Ok(Vec::new());
    }
    let day = on.to_string();
    let query = concat!(
        select!(),
        "WHERE p.region_code = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
           AND NOT p.archived ORDER BY ",
        team_order!(),
        ", p.starts_on, p.id"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(query)
            .bind(region.as_str())
            .bind(&day)
            .fetch_all(pool)
            .await?
    }))
}

pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<PostRecord>, StoreError> {
    let row: Option<PostRecord> = on_pool!(db, |pool| {
        sqlx::query_as(concat!(select!(), "WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

pub(crate) async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<PostRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(select!(), "WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    p: &Post,
    action: Action,
) -> Result<PostRecord, StoreError> {
    check_region(tx, &p.region, "region_code").await?;
    // The person must be one the actor may name (else unknown: no name, no existence).
    let (person_id, _) = resolve_person(tx, &actor.scope, &p.person).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO people_posts (id, person_id, region_code, post, dispatching_unit,
                 starts_on, ends_on, note, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(&id)
        .bind(&person_id)
        .bind(p.region.as_str())
        .bind(p.post.as_str())
        .bind(&p.dispatching_unit)
        .bind(p.starts_on.to_string())
        .bind(p.ends_on.map(|d| d.to_string()))
        .bind(&p.note)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        action,
        audit::Subject {
            entity: entity::POST,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    Ok(record)
}

/// Records that a person holds a post in a region.
pub async fn create(db: &Db, actor: &Actor, p: &Post) -> Result<PostRecord, StoreError> {
    check_keep(actor, &p.region)?;
    let mut tx = db.begin_write().await?;
    let record = insert(&mut tx, actor, p, Action::Create).await?;
    tx.commit().await?;
    Ok(record)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<PostRecord, StoreError> {
    let old = in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    check_keep(actor, &stored_region(&old.region_code)?)?;
    Ok(old)
}

/// Ends a post held: `ends_on` is the last day (not before the start). A post already
/// ended is refused (`people.post_ended`).
pub async fn end(
    db: &Db,
    actor: &Actor,
    id: &str,
    ends_on: NaiveDate,
) -> Result<PostRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.ends_on.is_some() {
        return Err(DomainError::Conflict("people.post_ended").into());
    }
    if let Some(start) = domain::time::parse_date(&old.starts_on) {
        check_end(start, ends_on)?;
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_posts SET ends_on = $2, updated_at = $3 WHERE id = $1")
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
        audit::Subject::new(entity::POST, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Changes the note and the dispatching unit (the rest is history: end the post and record
/// a new one).
pub async fn set_note(
    db: &Db,
    actor: &Actor,
    id: &str,
    dispatching_unit: &str,
    note: &str,
) -> Result<PostRecord, StoreError> {
    let (unit, note) = (dispatching_unit.trim(), note.trim());
    if note.chars().count() > 1000 {
        return Err(FieldError::new("common.too_long", "note")
            .arg("max", "1000")
            .into());
    }
    if unit.chars().count() > 100 {
        return Err(FieldError::new("common.too_long", "dispatching_unit")
            .arg("max", "100")
            .into());
    }
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if unit.is_empty() && old.kind().is_some_and(|k| k.needs_dispatching_unit()) {
        return Err(
            FieldError::new("people.dispatching_unit_required", "dispatching_unit")
                .arg("post", old.post.clone())
                .into(),
        );
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_posts SET dispatching_unit = $2, note = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(unit)
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
        audit::Subject::new(entity::POST, &old.id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a post entered by mistake.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<PostRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_posts SET archived = $2, updated_at = $3 WHERE id = $1")
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
        audit::Subject::new(entity::POST, &old.id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Imports posts (persons named by ID number or id): all or nothing; a row error names the
/// 1-based file row and the field (`people.person_unknown` for a number not registered).
pub async fn import(
    db: &Db,
    actor: &Actor,
    rows: &[(usize, PostInput)],
) -> Result<usize, StoreError> {
    let mut posts = Vec::with_capacity(rows.len());
    for (row, input) in rows {
        let row = *row;
        let p = input
            .validate()
            .map_err(|error| StoreError::Row { row, error })?;
        match check_keep(actor, &p.region) {
            Ok(()) => {}
            Err(DomainError::NotFound) => {
                return Err(StoreError::Row {
                    row,
                    error: FieldError::new("mechanism.region_unknown", "region_code")
                        .arg("value", p.region.as_str()),
                });
            }
            Err(e) => return Err(e.into()),
        }
        posts.push((row, p));
    }
    let mut tx = db.begin_write().await?;
    for (row, p) in &posts {
        insert(&mut tx, actor, p, Action::Import)
            .await
            .map_err(super::at_row(*row))?;
    }
    tx.commit().await?;
    Ok(posts.len())
}

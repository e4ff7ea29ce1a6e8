//! Reserve cadres (后备干部) and the local talent pool (乡土人才). An entry belongs to a
//! person and is seen and written in the scope of the person's region.

use super::{check_keep, in_scope, narrowed, resolve_person, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::people::person::{Education, PoliticalStatus, born_by};
use domain::people::talent::{Talent, TalentCategory, TalentPool, TalentStatus};
use domain::people::{PersonRef, entity};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TalentRecord {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    pub sex: String,
    pub birth_date: String,
    pub education: Option<String>,
    pub political_status: String,
    pub pool: String,
    pub category: String,
    pub skills: String,
    pub tags: String,
    pub status: String,
    /// The post a used entry was promoted to.
    pub post_id: Option<String>,
    pub note: String,
    /// 入库日期 `YYYY-MM-DD`.
    pub entered_on: String,
    /// 出库日期 `YYYY-MM-DD`, the first day out of the pool; `None`: still in it.
    pub left_on: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! columns {
    () => {
        "t.id, t.person_id, n.name AS person_name, n.region_code, n.sex, n.birth_date,
         n.education, n.political_status, t.pool, t.category, t.skills, t.tags, t.status,
         t.post_id, t.note, t.entered_on, t.left_on, t.archived, t.created_at, t.updated_at"
    };
}

macro_rules! from {
    () => {
        "FROM people_talent t JOIN people_persons n ON n.id = t.person_id"
    };
}

macro_rules! select {
    () => {
        concat!("SELECT ", columns!(), " ", from!(), " ")
    };
}

/// Search filters; `None` / empty / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// People of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    pub pool: Option<TalentPool>,
    pub category: Option<TalentCategory>,
    pub status: Option<TalentStatus>,
    /// Age in whole years on `on` (today when none), inclusive bounds.
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub on: Option<NaiveDate>,
    pub education_at_least: Option<Education>,
    pub political_status: Option<PoliticalStatus>,
    /// Part of the name, the skills or the tags.
    pub text: String,
    pub include_archived: bool,
}

/// Talent entries in scope matching `filter`, by region and name.
pub async fn search(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
) -> Result<Vec<TalentRecord>, StoreError> {
    let Some((lo, hi)) = narrowed(scope, filter.region.as_ref()) else {
        return Ok(Vec::new());
    };
    let on = filter
        .on
        .unwrap_or_else(|| domain::time::now().date_naive());
    // Age ≥ min: born on or before `born_by(on, min)`; age ≤ max: born after
    // `born_by(on, max + 1)`.
    let born_before = filter
        .min_age
        .map(|a| born_by(on, a).to_string())
        .unwrap_or_default();
    let born_after = filter
        .max_age
        .map(|a| born_by(on, a.saturating_add(1)).to_string())
        .unwrap_or_default();
    let mut q = List::new(columns!(), from!());
    q.within("n.region_code", (lo, hi))
        .eq("t.pool", filter.pool.map(|p| p.as_str()).unwrap_or(""))
        .eq(
            "t.category",
            filter.category.map(|c| c.as_str()).unwrap_or(""),
        )
        .cmp("n.birth_date", "<=", &born_before)
        .cmp("n.birth_date", ">", &born_after);
    if let Some(e) = filter.education_at_least {
        let list: Vec<String> = e.at_least().iter().map(|x| q.arg(x.as_str())).collect();
        q.and(format!("n.education IN ({})", list.join(", ")));
    }
    q.eq(
        "n.political_status",
        filter.political_status.map(|s| s.as_str()).unwrap_or(""),
    )
    .eq("t.status", filter.status.map(|s| s.as_str()).unwrap_or(""));
    let text = filter.text.trim();
    if !text.is_empty() {
        let like = q.arg(format!("%{text}%"));
        q.and(format!(
            "(n.name LIKE {like} OR t.skills LIKE {like} OR t.tags LIKE {like})"
        ));
    }
    q.unarchived("t.archived", filter.include_archived)
        .order_by("n.region_code, n.name, t.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<TalentRecord>, StoreError> {
    let row: Option<TalentRecord> = on_pool!(db, |pool| {
        sqlx::query_as(concat!(select!(), "WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

pub(crate) async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<TalentRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(select!(), "WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The linked post must exist and be the person's (`people.post_unknown`).
async fn check_post(tx: &mut Tx, person_id: &str, post_id: Option<Id>) -> Result<(), StoreError> {
    let Some(post_id) = post_id else {
        return Ok(());
    };
    let found: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT person_id FROM people_posts WHERE id = $1 AND NOT archived")
            .bind(post_id.to_string())
            .fetch_optional(conn)
            .await?
    });
    match found {
        Some((p,)) if p == person_id => Ok(()),
        _ => Err(FieldError::new("people.post_unknown", "post_id")
            .arg("value", post_id.to_string())
            .into()),
    }
}

/// The day a used entry leaves the pool: the day typed, or else the linked post's start (at
/// the earliest the day in).
async fn left_on(tx: &mut Tx, t: &Talent) -> Result<Option<String>, StoreError> {
    if let Some(l) = t.left_on {
        return Ok(Some(l.to_string()));
    }
    let Some(post_id) = t.post_id.filter(|_| t.status == TalentStatus::Used) else {
        return Ok(None);
    };
    let start: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT starts_on FROM people_posts WHERE id = $1")
            .bind(post_id.to_string())
            .fetch_optional(conn)
            .await?
    });
    let Some((start,)) = start else {
        return Ok(None);
    };
    // A post that started before the entry (promoted before being recorded): out on the
    // day in, so the entry never counts.
    Ok(Some(match domain::time::parse_date(&start) {
        Some(s) if s < t.entered_on => t.entered_on.to_string(),
        _ => start,
    }))
}

/// Inserts an entry (no checks of the actor) and writes its audit entry.
pub(crate) async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    t: &Talent,
    action: Action,
) -> Result<TalentRecord, StoreError> {
    let person_id = t.person_id.to_string();
    let (existing,): (i64,) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM people_talent WHERE person_id = $1 AND pool = $2 AND NOT archived",
        )
        .bind(&person_id)
        .bind(t.pool.as_str())
        .fetch_one(conn)
        .await?
    });
    if existing > 0 {
        return Err(DomainError::Conflict("people.talent_exists").into());
    }
    check_post(tx, &person_id, t.post_id).await?;
    let left = left_on(tx, t).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO people_talent (id, person_id, pool, category, skills, tags, status,
                 post_id, note, entered_on, left_on, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(&id)
        .bind(&person_id)
        .bind(t.pool.as_str())
        .bind(t.category.as_str())
        .bind(&t.skills)
        .bind(&t.tags)
        .bind(t.status.as_str())
        .bind(t.post_id.map(|p| p.to_string()))
        .bind(&t.note)
        .bind(t.entered_on.to_string())
        .bind(&left)
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
            entity: entity::TALENT,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    Ok(record)
}

/// Adds a person to a pool (one open entry per person and pool: `people.talent_exists`); a
/// used entry without a day out leaves the pool on the linked post's start.
pub async fn create(db: &Db, actor: &Actor, t: &Talent) -> Result<TalentRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (_, region) = resolve_person(&mut tx, &actor.scope, &PersonRef::Id(t.person_id)).await?;
    check_keep(actor, &stored_region(&region)?)?;
    let record = insert(&mut tx, actor, t, Action::Create).await?;
    tx.commit().await?;
    Ok(record)
}

/// Imports entries of a file, each person named by ID number (`row`, ID number, entry; the
/// entry's `person_id` is ignored), all or nothing: the first refused row (unknown or
/// out-of-scope person, bad field, a person already in the pool) refuses the file and
/// nothing is written. Returns the number of entries added.
pub async fn import(
    db: &Db,
    actor: &Actor,
    rows: &[(usize, String, domain::people::TalentInput)],
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    for (row, number, input) in rows {
        let at = super::at_row(*row);
        let number = domain::people::person::check_id_number(number)
            .map_err(|error| StoreError::Row { row: *row, error })?;
        let (person_id, region) =
            resolve_person(&mut tx, &actor.scope, &PersonRef::IdNumber(number))
                .await
                .map_err(&at)?;
        check_keep(actor, &stored_region(&region)?)?;
        let input = domain::people::TalentInput {
            person_id,
            ..input.clone()
        };
        let t = input
            .validate()
            .map_err(|error| StoreError::Row { row: *row, error })?;
        insert(&mut tx, actor, &t, Action::Import)
            .await
            .map_err(|e| match e {
                StoreError::Domain(DomainError::Conflict(code)) => StoreError::Row {
                    row: *row,
                    error: FieldError::new(code, "id_number"),
                },
                other => at(other),
            })?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<TalentRecord, StoreError> {
    let old = in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    check_keep(actor, &stored_region(&old.region_code)?)?;
    Ok(old)
}

/// Changes an entry: category, skills, tags, note, the dates in and out of the pool, and the
/// status, which moves forward only (`people.talent_status_invalid`); a used entry names the
/// person's post and, without a day out typed, leaves the pool on the post's start (at the
/// earliest its day in). The
/// person and the pool stay (`people.talent_fixed`).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    t: &Talent,
) -> Result<TalentRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.person_id != t.person_id.to_string() || old.pool != t.pool.as_str() {
        return Err(FieldError::new("people.talent_fixed", "pool").into());
    }
    if let Ok(from) = TalentStatus::parse(&old.status) {
        from.check_move(t.status)?;
    }
    check_post(&mut tx, &old.person_id, t.post_id).await?;
    let left = left_on(&mut tx, t).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_talent SET category = $2, skills = $3, tags = $4, status = $5,
                 post_id = $6, note = $7, updated_at = $8, entered_on = $9, left_on = $10
             WHERE id = $1",
        )
        .bind(id)
        .bind(t.category.as_str())
        .bind(&t.skills)
        .bind(&t.tags)
        .bind(t.status.as_str())
        .bind(t.post_id.map(|p| p.to_string()))
        .bind(&t.note)
        .bind(&now)
        .bind(t.entered_on.to_string())
        .bind(&left)
        .execute(conn)
        .await?;
    });
    let new = in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::TALENT, &old.id, &new.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) an entry.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<TalentRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_talent SET archived = $2, updated_at = $3 WHERE id = $1")
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
        audit::Subject::new(entity::TALENT, &old.id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

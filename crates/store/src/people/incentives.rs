//! Incentives and promotions (正向激励) of village cadres, linked to the person and seen in
//! the scope of the person's region.

use super::{check_keep, in_scope, narrowed, person_region, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::people::entity;
use domain::people::incentive::{Incentive, IncentiveKind};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct IncentiveRecord {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    /// One of [`IncentiveKind`].
    pub kind: String,
    pub date: String,
    pub title: String,
    pub issuer: String,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! columns {
    () => {
        "i.id, i.person_id, n.name AS person_name, n.region_code, i.kind, i.date, i.title,
         i.issuer, i.note, i.archived, i.created_at, i.updated_at"
    };
}

macro_rules! from {
    () => {
        "FROM people_incentives i JOIN people_persons n ON n.id = i.person_id"
    };
}

macro_rules! select {
    () => {
        concat!("SELECT ", columns!(), " ", from!(), " ")
    };
}

/// List filters; `None` / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub region: Option<RegionCode>,
    pub person_id: Option<String>,
    pub kind: Option<IncentiveKind>,
    /// Dated in this year.
    pub year: Option<i32>,
    pub include_archived: bool,
}

/// Incentives in scope, newest first.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
) -> Result<Vec<IncentiveRecord>, StoreError> {
    let Some((lo, hi)) = narrowed(scope, filter.region.as_ref()) else {
        return Ok(Vec::new());
    };
    let mut q = List::new(columns!(), from!());
    q.within("n.region_code", (lo, hi))
        .eq("i.person_id", filter.person_id.as_deref().unwrap_or(""))
        .eq("i.kind", filter.kind.map(|k| k.as_str()).unwrap_or(""));
    if let Some(y) = filter.year {
        q.cmp("i.date", ">=", &format!("{y:04}-01-01")).cmp(
            "i.date",
            "<=",
            &format!("{y:04}-12-31"),
        );
    }
    q.unarchived("i.archived", filter.include_archived)
        .order_by("i.date DESC, i.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<IncentiveRecord>, StoreError> {
    let row: Option<IncentiveRecord> = on_pool!(db, |pool| {
        sqlx::query_as(concat!(select!(), "WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<IncentiveRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(select!(), "WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Records an award, promotion or pay rise of a person in scope.
pub async fn create(db: &Db, actor: &Actor, i: &Incentive) -> Result<IncentiveRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let person_id = i.person_id.to_string();
    let (_, region) = person_region(&mut tx, &person_id)
        .await?
        .filter(|(_, r)| in_scope(&actor.scope, r))
        .ok_or_else(|| {
            FieldError::new("people.person_unknown", "person_id").arg("value", person_id.clone())
        })?;
    check_keep(actor, &stored_region(&region)?)?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO people_incentives (id, person_id, kind, date, title, issuer, note,
                 archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&id)
        .bind(&person_id)
        .bind(i.kind.as_str())
        .bind(i.date.to_string())
        .bind(&i.title)
        .bind(&i.issuer)
        .bind(&i.note)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = in_tx(&mut tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::INCENTIVE, &id, &record.region_code),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Archives (or restores) an incentive entered by mistake.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<IncentiveRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = in_tx(&mut tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    check_keep(actor, &stored_region(&old.region_code)?)?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_incentives SET archived = $2, updated_at = $3 WHERE id = $1")
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
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::INCENTIVE, id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

//! Visits (包乡走村入户) and the problems raised on them (source `visit`, created in the same
//! transaction).

use super::problems::{self, ProblemView};
use super::{check_record, check_region, in_scope, narrowed, person_name};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::mechanism::Visit;
use domain::mechanism::entity;
use domain::mechanism::problem::SourceKind;
use domain::region::RegionCode;
use domain::{DomainError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct VisitRecord {
    pub id: String,
    pub visitor_user_id: Option<String>,
    pub visitor_name: String,
    pub region_code: String,
    pub household: Option<String>,
    pub date: String,
    pub purpose: String,
    pub findings: String,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitDetail {
    pub visit: VisitRecord,
    pub problems: Vec<ProblemView>,
}

async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<VisitRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_visits WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Records a visit and the problems raised on it, all or nothing.
pub async fn create(db: &Db, actor: &Actor, v: &Visit) -> Result<VisitRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    check_record(&mut tx, actor, &v.region, Some(v.date)).await?;
    check_region(&mut tx, &v.region, "region_code").await?;
    let visitor = person_name(
        &mut tx,
        actor,
        &v.region,
        v.visitor_user_id,
        &v.visitor_name,
        "visitor_user_id",
    )
    .await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_visits (id, visitor_user_id, visitor_name, region_code, household,
                 date, purpose, findings, archived, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&id)
        .bind(v.visitor_user_id.map(|u| u.to_string()))
        .bind(&visitor)
        .bind(v.region.as_str())
        .bind(&v.household)
        .bind(v.date.to_string())
        .bind(&v.purpose)
        .bind(&v.findings)
        .bind(false)
        .bind(&actor.username)
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
            entity: entity::VISIT,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    for (i, p) in v.problems.iter().enumerate() {
        problems::insert_in_tx(&mut tx, actor, p, SourceKind::Visit, Some(&id))
            .await
            .map_err(|e| match e {
                StoreError::Domain(DomainError::Invalid(f)) => {
                    StoreError::from(f.arg("line", (i + 1).to_string()))
                }
                other => other,
            })?;
    }
    tx.commit().await?;
    Ok(record)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<VisitRecord, StoreError> {
    let old = in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let region = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
    check_record(tx, actor, &region, domain::time::parse_date(&old.date)).await?;
    Ok(old)
}

/// Changes a visit's fields; problems raised are not touched (add one with
/// [`problems::create_from`]).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    v: &Visit,
) -> Result<VisitRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    check_record(&mut tx, actor, &v.region, Some(v.date)).await?;
    check_region(&mut tx, &v.region, "region_code").await?;
    let visitor = person_name(
        &mut tx,
        actor,
        &v.region,
        v.visitor_user_id,
        &v.visitor_name,
        "visitor_user_id",
    )
    .await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_visits SET visitor_user_id = $2, visitor_name = $3, region_code = $4,
                 household = $5, date = $6, purpose = $7, findings = $8, updated_at = $9
             WHERE id = $1",
        )
        .bind(id)
        .bind(v.visitor_user_id.map(|u| u.to_string()))
        .bind(&visitor)
        .bind(v.region.as_str())
        .bind(&v.household)
        .bind(v.date.to_string())
        .bind(&v.purpose)
        .bind(&v.findings)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: entity::VISIT,
            id,
            region: Some(&new.region_code),
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a visit entered by mistake.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<VisitRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_visits SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if archived {
            Action::Archive
        } else {
            Action::Update
        },
        audit::Subject {
            entity: entity::VISIT,
            id,
            region: Some(&new.region_code),
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// A visit in scope with the problems raised on it.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
    today: NaiveDate,
) -> Result<Option<VisitDetail>, StoreError> {
    let visit: Option<VisitRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_visits WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(visit) = visit.filter(|v| in_scope(scope, &v.region_code)) else {
        return Ok(None);
    };
    let (problems, _) = problems::list(
        db,
        scope,
        &problems::Filter {
            source_kind: Some(SourceKind::Visit),
            source_id: Some(id.to_string()),
            ..Default::default()
        },
        today,
        Page::all(),
    )
    .await?;
    Ok(Some(VisitDetail { visit, problems }))
}

/// List filters; `None` / empty mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub region: Option<RegionCode>,
    pub visitor_user_id: Option<String>,
    /// Inclusive.
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
    pub include_archived: bool,
}

/// The query of [`list`] (`None` when the region filter lies outside the scope): the range,
/// then only the filters that are set. Public for the query-plan test.
pub fn list_query(scope: &Scope, filter: &Filter) -> Option<List> {
    let range = narrowed(scope, filter.region.as_ref())?;
    let mut q = List::new("*", "FROM mechanism_visits");
    q.within("region_code", range)
        .eq(
            "visitor_user_id",
            filter.visitor_user_id.as_deref().unwrap_or(""),
        )
        .cmp(
            "date",
            ">=",
            &filter.from.map(|d| d.to_string()).unwrap_or_default(),
        )
        .cmp(
            "date",
            "<=",
            &filter.to.map(|d| d.to_string()).unwrap_or_default(),
        )
        .unarchived("archived", filter.include_archived)
        .order_by("date DESC, id DESC");
    Some(q)
}

/// Visits in scope matching `filter`, newest first, and the total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<VisitRecord>, i64), StoreError> {
    match list_query(scope, filter) {
        Some(q) => q.fetch(db, page).await,
        None => Ok((Vec::new(), 0)),
    }
}

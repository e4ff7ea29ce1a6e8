//! Yearly implementation plans (实施方案) with their leading group and targets, and the
//! progress of each target: computed for metric targets, entered for manual ones.

use super::{check_admin, check_region, in_scope, person_name};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::mechanism::entity;
use domain::mechanism::plan::{Metric, Plan, Target, TargetProgress};
use domain::region::RegionCode;
use domain::{DomainError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PlanRecord {
    pub id: String,
    pub region_code: String,
    pub year: i32,
    pub title: String,
    pub body: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MemberRecord {
    pub plan_id: String,
    pub position: i32,
    pub name: String,
    pub user_id: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TargetRecord {
    pub id: String,
    pub plan_id: String,
    pub position: i32,
    pub name: String,
    /// metric or manual
    pub kind: String,
    pub metric: Option<String>,
    pub target_value: i64,
    pub unit: String,
    pub manual_value: Option<i64>,
    pub evidence: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDetail {
    pub plan: PlanRecord,
    pub members: Vec<MemberRecord>,
    /// Targets not archived, by position.
    pub targets: Vec<TargetRecord>,
}

/// A target and how far it has come.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetView {
    pub target: TargetRecord,
    pub progress: TargetProgress,
}

/// Plans in scope, newest year first.
pub async fn list(
    db: &Db,
    scope: &Scope,
    include_archived: bool,
) -> Result<Vec<PlanRecord>, StoreError> {
    let mut q = List::new("*", "FROM mechanism_plans");
    q.scoped("region_code", scope)
        .unarchived("archived", include_archived)
        .order_by("year DESC, created_at DESC, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// A plan in scope with its leading group and targets.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<PlanDetail>, StoreError> {
    let plan: Option<PlanRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_plans WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(plan) = plan.filter(|p| in_scope(scope, &p.region_code)) else {
        return Ok(None);
    };
    let (members, targets): (Vec<MemberRecord>, Vec<TargetRecord>) = on_pool!(db, |pool| {
        let members = sqlx::query_as(
            "SELECT * FROM mechanism_group_members WHERE plan_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let targets = sqlx::query_as(
            "SELECT * FROM mechanism_targets WHERE plan_id = $1 AND NOT archived ORDER BY position, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        (members, targets)
    });
    Ok(Some(PlanDetail {
        plan,
        members,
        targets,
    }))
}

async fn plan_in_tx(tx: &mut Tx, id: &str) -> Result<Option<PlanRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_plans WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn target_in_tx(tx: &mut Tx, id: &str) -> Result<Option<TargetRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_targets WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn members_in_tx(tx: &mut Tx, id: &str) -> Result<Vec<MemberRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_group_members WHERE plan_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?
    }))
}

fn check_plan_write(actor: &Actor, region: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound);
    }
    check_admin(actor)
}

async fn write_members(
    tx: &mut Tx,
    actor: &Actor,
    plan_id: &str,
    plan: &Plan,
) -> Result<(), StoreError> {
    on_tx!(&mut *tx, |conn| {
        sqlx::query("DELETE FROM mechanism_group_members WHERE plan_id = $1")
            .bind(plan_id)
            .execute(conn)
            .await?;
    });
    for (i, m) in plan.members.iter().enumerate() {
        let name = person_name(tx, actor, &plan.region, m.user_id, &m.name, "user_id").await?;
        on_tx!(&mut *tx, |conn| {
            sqlx::query(
                "INSERT INTO mechanism_group_members (plan_id, position, name, user_id, role)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(plan_id)
            .bind(i as i32 + 1)
            .bind(&name)
            .bind(m.user_id.map(|u| u.to_string()))
            .bind(&m.role)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

async fn insert_target(
    tx: &mut Tx,
    actor: &Actor,
    plan: &PlanRecord,
    t: &Target,
) -> Result<TargetRecord, StoreError> {
    let (max,): (Option<i32>,) = on_tx!(&mut *tx, |conn| {
        sqlx::query_as("SELECT MAX(position) FROM mechanism_targets WHERE plan_id = $1")
            .bind(&plan.id)
            .fetch_one(conn)
            .await?
    });
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_targets (id, plan_id, position, name, kind, metric, target_value,
                 unit, manual_value, evidence, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(&id)
        .bind(&plan.id)
        .bind(max.unwrap_or(0) + 1)
        .bind(&t.name)
        .bind(t.kind.as_str())
        .bind(t.metric.map(|m| m.as_str()))
        .bind(t.target_value)
        .bind(&t.unit)
        .bind(t.manual_value)
        .bind(&t.evidence)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = target_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::TARGET,
            id: &id,
            region: Some(&plan.region_code),
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    Ok(record)
}

/// Creates a plan with its leading group and targets (district administrator).
pub async fn create(
    db: &Db,
    actor: &Actor,
    plan: &Plan,
    targets: &[Target],
) -> Result<PlanRecord, StoreError> {
    check_plan_write(actor, &plan.region)?;
    let mut tx = db.begin_write().await?;
    check_region(&mut tx, &plan.region, "region_code").await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_plans (id, region_code, year, title, body, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(&id)
        .bind(plan.region.as_str())
        .bind(plan.year)
        .bind(&plan.title)
        .bind(&plan.body)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    write_members(&mut tx, actor, &id, plan).await?;
    let record = plan_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let members = members_in_tx(&mut tx, &id).await?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::PLAN,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({ "plan": record, "members": members })),
    )
    .await?;
    for t in targets {
        insert_target(&mut tx, actor, &record, t).await?;
    }
    tx.commit().await?;
    Ok(record)
}

async fn plan_for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<PlanRecord, StoreError> {
    let plan = plan_in_tx(tx, id)
        .await?
        .filter(|p| in_scope(&actor.scope, &p.region_code))
        .ok_or(DomainError::NotFound)?;
    let region = RegionCode::parse(&plan.region_code).map_err(|_| DomainError::NotFound)?;
    check_plan_write(actor, &region)?;
    Ok(plan)
}

/// Changes year, title and body and replaces the leading group; the region stays.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    plan: &Plan,
) -> Result<PlanRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = plan_for_write(&mut tx, actor, id).await?;
    if plan.region.as_str() != old.region_code {
        return Err(domain::FieldError::new("mechanism.region_fixed", "region_code").into());
    }
    let old_members = members_in_tx(&mut tx, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_plans SET year = $2, title = $3, body = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(plan.year)
        .bind(&plan.title)
        .bind(&plan.body)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    write_members(&mut tx, actor, id, plan).await?;
    let new = plan_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let members = members_in_tx(&mut tx, id).await?;
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: entity::PLAN,
            id,
            region: Some(&new.region_code),
        },
        Some(&serde_json::json!({ "plan": old, "members": old_members })),
        Some(&serde_json::json!({ "plan": new, "members": members })),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a plan.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<PlanRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = plan_for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_plans SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = plan_in_tx(&mut tx, id)
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
        audit::Subject {
            entity: entity::PLAN,
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

/// Adds a target to a plan, after its existing targets.
pub async fn add_target(
    db: &Db,
    actor: &Actor,
    plan_id: &str,
    t: &Target,
) -> Result<TargetRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let plan = plan_for_write(&mut tx, actor, plan_id).await?;
    let record = insert_target(&mut tx, actor, &plan, t).await?;
    tx.commit().await?;
    Ok(record)
}

async fn target_for_write(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<(TargetRecord, PlanRecord), StoreError> {
    let target = target_in_tx(tx, id).await?.ok_or(DomainError::NotFound)?;
    let plan = plan_for_write(tx, actor, &target.plan_id).await?;
    Ok((target, plan))
}

/// Changes a target (name, kind, metric, value, unit, manual value and evidence).
pub async fn update_target(
    db: &Db,
    actor: &Actor,
    id: &str,
    t: &Target,
) -> Result<TargetRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, plan) = target_for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_targets SET name = $2, kind = $3, metric = $4, target_value = $5,
                 unit = $6, manual_value = $7, evidence = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(id)
        .bind(&t.name)
        .bind(t.kind.as_str())
        .bind(t.metric.map(|m| m.as_str()))
        .bind(t.target_value)
        .bind(&t.unit)
        .bind(t.manual_value)
        .bind(&t.evidence)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = target_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::TARGET, &old.id, &plan.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a target.
pub async fn set_target_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<TargetRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, plan) = target_for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_targets SET archived = $2, updated_at = $3 WHERE id = $1")
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
    let new = target_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::TARGET, &old.id, &plan.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The progress of every target of a plan in scope (`None` when the plan is not visible).
/// Metric targets take the metric's figure over the plan's region and year from
/// [`crate::metrics::value`]; a share (`problems_closed_on_time`, `training_coverage`) is a
/// percentage when the target's unit is `%` (unavailable with an empty whole), else the
/// count.
///
/// Manual targets report their entered value (unavailable while none is entered).
pub async fn progress(
    db: &Db,
    scope: &Scope,
    plan_id: &str,
) -> Result<Option<Vec<TargetView>>, StoreError> {
    let Some(detail) = get(db, scope, plan_id).await? else {
        return Ok(None);
    };
    let plan = &detail.plan;
    let region = RegionCode::parse(&plan.region_code).map_err(|_| DomainError::NotFound)?;
    // The plan is visible, so its figures are computed over its whole region.
    let within = Scope::region(region.clone());
    let mut out = Vec::new();
    for target in detail.targets {
        let actual = match target.metric.as_deref().map(Metric::parse) {
            _ if target.kind == "manual" => target.manual_value,
            Some(Ok(metric)) => {
                let v = crate::metrics::value(db, &within, metric, &region, plan.year).await?;
                v.and_then(|v| match v.of {
                    Some(_) if target.unit.trim() == "%" => v.percent(),
                    _ => Some(v.value),
                })
            }
            Some(Err(_)) | None => None,
        };
        out.push(TargetView {
            progress: TargetProgress::new(target.target_value, actual),
            target,
        });
    }
    Ok(Some(out))
}

//! Schemes (考核方案): the indicators and bands stored as rows, created, edited while no run
//! of them is published, and copied to another year in one action.

use super::{check_owner, stored};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::assessment::Band;
use domain::assessment::entity;
use domain::assessment::scheme::{
    BandRule, Basis, Cmp, Indicator, IndicatorKind, Rule, Scheme, SubjectKind, Tier,
};
use domain::identity::{Actor, Role, Scope};
use domain::metrics::Metric;
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SchemeRecord {
    pub id: String,
    pub region_code: String,
    pub year: i32,
    pub subject_kind: String,
    pub title: String,
    pub copied_from: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
struct IndicatorRow {
    scheme_id: String,
    position: i32,
    indicator_key: String,
    name: String,
    weight: i64,
    kind: String,
    metric: Option<String>,
    basis: String,
    rule: Option<String>,
    floor_value: Option<i64>,
    target_value: Option<i64>,
    tiers: Option<String>,
    cmp: Option<String>,
    role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
struct BandRow {
    scheme_id: String,
    band: String,
    position: i32,
    min_points: i64,
    quota: Option<i64>,
}

/// A scheme with its indicators and bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemeDetail {
    pub record: SchemeRecord,
    pub scheme: Scheme,
}

fn indicator_row(scheme_id: &str, position: usize, i: &Indicator) -> IndicatorRow {
    let mut row = IndicatorRow {
        scheme_id: scheme_id.to_string(),
        position: i32::try_from(position).unwrap_or(i32::MAX),
        indicator_key: i.key.clone(),
        name: i.name.trim().to_string(),
        weight: i.weight,
        kind: i.kind.key().to_string(),
        metric: i.kind.metric().map(|m| m.as_str().to_string()),
        basis: i.kind.basis().as_str().to_string(),
        rule: None,
        floor_value: None,
        target_value: None,
        tiers: None,
        cmp: None,
        role: i.kind.role().map(|r| r.as_str().to_string()),
    };
    match &i.kind {
        IndicatorKind::Computed { rule, .. } => {
            row.rule = Some(rule.key().to_string());
            match rule {
                Rule::Linear { floor, target } => {
                    row.floor_value = Some(*floor);
                    row.target_value = Some(*target);
                }
                Rule::PassFail { threshold } => row.target_value = Some(*threshold),
                Rule::Tiered { tiers } => {
                    row.tiers = serde_json::to_string(tiers).ok();
                }
                Rule::RatioToTarget => {}
            }
        }
        IndicatorKind::VetoMetric { cmp, threshold, .. } => {
            row.cmp = Some(cmp.as_str().to_string());
            row.target_value = Some(*threshold);
        }
        _ => {}
    }
    row
}

fn indicator(row: &IndicatorRow) -> Result<Indicator, DomainError> {
    let metric = || {
        row.metric
            .as_deref()
            .and_then(|m| Metric::parse(m).ok())
            .ok_or_else(stored)
    };
    let role = || {
        row.role
            .as_deref()
            .and_then(|r| Role::parse(r).ok())
            .ok_or_else(stored)
    };
    let basis = Basis::parse(&row.basis).map_err(|_| stored())?;
    let num = |v: Option<i64>| v.ok_or_else(stored);
    let kind = match row.kind.as_str() {
        "computed" => IndicatorKind::Computed {
            metric: metric()?,
            basis,
            rule: match row.rule.as_deref() {
                Some("linear") => Rule::Linear {
                    floor: num(row.floor_value)?,
                    target: num(row.target_value)?,
                },
                Some("tiered") => Rule::Tiered {
                    tiers: row
                        .tiers
                        .as_deref()
                        .and_then(|t| serde_json::from_str::<Vec<Tier>>(t).ok())
                        .ok_or_else(stored)?,
                },
                Some("ratio") => Rule::RatioToTarget,
                Some("pass_fail") => Rule::PassFail {
                    threshold: num(row.target_value)?,
                },
                _ => return Err(stored()),
            },
        },
        "manual" => IndicatorKind::Manual { role: role()? },
        "veto_metric" => IndicatorKind::VetoMetric {
            metric: metric()?,
            basis,
            cmp: row
                .cmp
                .as_deref()
                .and_then(|c| Cmp::parse(c).ok())
                .ok_or_else(stored)?,
            threshold: num(row.target_value)?,
        },
        "veto_manual" => IndicatorKind::VetoManual { role: role()? },
        _ => return Err(stored()),
    };
    Ok(Indicator {
        key: row.indicator_key.clone(),
        name: row.name.clone(),
        weight: row.weight,
        kind,
    })
}

fn detail(
    record: SchemeRecord,
    rows: &[IndicatorRow],
    bands: &[BandRow],
) -> Result<SchemeDetail, StoreError> {
    let scheme = Scheme {
        year: record.year,
        subject_kind: SubjectKind::parse(&record.subject_kind).map_err(|_| stored())?,
        owner: RegionCode::parse(&record.region_code).map_err(|_| stored())?,
        title: record.title.clone(),
        indicators: rows.iter().map(indicator).collect::<Result<_, _>>()?,
        bands: bands
            .iter()
            .map(|b| {
                Ok(BandRule {
                    band: Band::parse(&b.band).ok_or_else(stored)?,
                    min_points: b.min_points,
                    quota: b.quota,
                })
            })
            .collect::<Result<_, DomainError>>()?,
    };
    Ok(SchemeDetail { record, scheme })
}

/// Schemes visible to `scope` (owned in its subtree or above it), of `year` when given,
/// newest year first.
pub async fn list(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
) -> Result<Vec<SchemeRecord>, StoreError> {
    let mut q = List::new("*", "FROM assessment_schemes");
    q.scoped_or_above("region_code", scope)
        .unarchived("archived", false);
    if let Some(y) = year {
        let y = q.arg(y as i64);
        q.and(format!("year = {y}"));
    }
    q.order_by("year DESC, region_code, subject_kind, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

async fn load_in_tx(tx: &mut Tx, id: &str) -> Result<Option<SchemeDetail>, StoreError> {
    let record: Option<SchemeRecord> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM assessment_schemes WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    });
    let Some(record) = record else {
        return Ok(None);
    };
    let (rows, bands): (Vec<IndicatorRow>, Vec<BandRow>) = on_tx!(tx, |conn| {
        let rows = sqlx::query_as(
            "SELECT * FROM assessment_indicators WHERE scheme_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let bands =
            sqlx::query_as("SELECT * FROM assessment_bands WHERE scheme_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        (rows, bands)
    });
    Ok(Some(detail(record, &rows, &bands)?))
}

/// A scheme (not in scope of the caller's own read rules: see [`get`]).
pub(crate) async fn load(db: &Db, id: &str) -> Result<Option<SchemeDetail>, StoreError> {
    let record: Option<SchemeRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM assessment_schemes WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(record) = record else {
        return Ok(None);
    };
    let (rows, bands): (Vec<IndicatorRow>, Vec<BandRow>) = on_pool!(db, |pool| {
        let rows = sqlx::query_as(
            "SELECT * FROM assessment_indicators WHERE scheme_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let bands =
            sqlx::query_as("SELECT * FROM assessment_bands WHERE scheme_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(pool)
                .await?;
        (rows, bands)
    });
    Ok(Some(detail(record, &rows, &bands)?))
}

/// True when `scope` sees a record owned by `owner`: its subtree, or a region below it.
pub(crate) fn sees(scope: &Scope, owner: &str) -> bool {
    let Ok(owner) = RegionCode::parse(owner) else {
        return false;
    };
    scope.contains(&owner) || scope.root().is_some_and(|r| owner.contains(r))
}

/// A scheme visible to `scope`.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<SchemeDetail>, StoreError> {
    Ok(load(db, id)
        .await?
        .filter(|d| !d.record.archived && sees(scope, &d.record.region_code)))
}

async fn write_rows(tx: &mut Tx, id: &str, scheme: &Scheme) -> Result<(), StoreError> {
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM assessment_indicators WHERE scheme_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM assessment_bands WHERE scheme_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    });
    for (pos, ind) in scheme.indicators.iter().enumerate() {
        let r = indicator_row(id, pos, ind);
        on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO assessment_indicators (scheme_id, position, indicator_key, name, weight,
                 kind, metric, basis, rule, floor_value, target_value, tiers, cmp, role)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(&r.scheme_id)
            .bind(r.position)
            .bind(&r.indicator_key)
            .bind(&r.name)
            .bind(r.weight)
            .bind(&r.kind)
            .bind(&r.metric)
            .bind(&r.basis)
            .bind(&r.rule)
            .bind(r.floor_value)
            .bind(r.target_value)
            .bind(&r.tiers)
            .bind(&r.cmp)
            .bind(&r.role)
            .execute(conn)
            .await?;
        });
    }
    for (pos, b) in scheme.bands.iter().enumerate() {
        on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO assessment_bands (scheme_id, band, position, min_points, quota)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(b.band.as_str())
            .bind(i32::try_from(pos).unwrap_or(i32::MAX))
            .bind(b.min_points)
            .bind(b.quota)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

async fn insert_scheme(
    tx: &mut Tx,
    actor: &Actor,
    scheme: &Scheme,
    copied_from: Option<&str>,
) -> Result<SchemeDetail, StoreError> {
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let done = on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO assessment_schemes (id, region_code, year, subject_kind, title, copied_from,
             archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(scheme.owner.as_str())
        .bind(scheme.year)
        .bind(scheme.subject_kind.as_str())
        .bind(scheme.title.trim())
        .bind(copied_from)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if done != 1 {
        return Err(FieldError::new("assessment.scheme_exists", "year")
            .arg("value", scheme.year.to_string())
            .into());
    }
    write_rows(tx, &id, scheme).await?;
    let saved = load_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::insert(
        tx,
        actor,
        audit::Subject::new(entity::SCHEME, &id, scheme.owner.as_str()),
        &saved,
    )
    .await?;
    Ok(saved)
}

async fn check_owner_region(tx: &mut Tx, owner: &RegionCode) -> Result<(), StoreError> {
    let row: Option<(String, bool)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT level, archived FROM regions WHERE code = $1")
            .bind(owner.as_str())
            .fetch_optional(conn)
            .await?
    });
    match row {
        Some((_, false)) => Ok(()),
        _ => Err(FieldError::new("assessment.owner_invalid", "owner")
            .arg("value", owner.as_str())
            .into()),
    }
}

/// Creates a scheme (validated; one per owner, year and subject kind).
pub async fn create(db: &Db, actor: &Actor, scheme: &Scheme) -> Result<SchemeDetail, StoreError> {
    check_owner(actor, &scheme.owner)?;
    scheme.check()?;
    let mut tx = db.begin_write().await?;
    check_owner_region(&mut tx, &scheme.owner).await?;
    let saved = insert_scheme(&mut tx, actor, scheme, None).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<SchemeDetail, StoreError> {
    let d = load_in_tx(tx, id)
        .await?
        .filter(|d| !d.record.archived && actor.scope.contains(&d.scheme.owner))
        .ok_or(DomainError::NotFound)?;
    check_owner(actor, &d.scheme.owner)?;
    Ok(d)
}

/// Replaces a scheme's title, indicators and bands (owner, year and subject kind stay);
/// refused once a run of it is published (`assessment.scheme_published`).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    scheme: &Scheme,
) -> Result<SchemeDetail, StoreError> {
    scheme.check()?;
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.scheme.owner != scheme.owner
        || old.scheme.year != scheme.year
        || old.scheme.subject_kind != scheme.subject_kind
    {
        return Err(FieldError::new("assessment.scheme_fixed", "year").into());
    }
    let now = domain::time::now_text();
    // Guarded: no run of the scheme is published (checked in the same statement).
    let done = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE assessment_schemes SET title = $2, updated_at = $3 WHERE id = $1
             AND NOT EXISTS (SELECT 1 FROM assessment_runs WHERE scheme_id = $1 AND state = 'published')",
        )
        .bind(id)
        .bind(scheme.title.trim())
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if done != 1 {
        return Err(DomainError::Conflict("assessment.scheme_published").into());
    }
    write_rows(&mut tx, id, scheme).await?;
    let new = load_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::SCHEME, id, &new.record.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Copies a scheme to `year` (its indicators and bands; the year in the title follows): one
/// action. Refused when the owner already has a scheme of that kind for `year`.
pub async fn copy(db: &Db, actor: &Actor, id: &str, year: i32) -> Result<SchemeDetail, StoreError> {
    let mut tx = db.begin_write().await?;
    let from = for_write(&mut tx, actor, id).await?;
    let mut scheme = from.scheme.clone();
    scheme.title = scheme
        .title
        .replace(&from.scheme.year.to_string(), &year.to_string());
    scheme.year = year;
    scheme.check()?;
    let saved = insert_scheme(&mut tx, actor, &scheme, Some(id)).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The scheme of the year before `year` with the same owner and subject kind, if any.
pub async fn previous(
    db: &Db,
    scope: &Scope,
    owner: &RegionCode,
    kind: SubjectKind,
    year: i32,
) -> Result<Option<SchemeRecord>, StoreError> {
    let row: Option<SchemeRecord> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM assessment_schemes WHERE region_code = $1 AND subject_kind = $2
             AND year = $3 AND NOT archived",
        )
        .bind(owner.as_str())
        .bind(kind.as_str())
        .bind(year - 1)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.filter(|r| sees(scope, &r.region_code)))
}

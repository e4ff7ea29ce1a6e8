//! Regions repository. Every read takes the caller's scope and returns nothing outside it.

use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::region::{Level, Profile, Region, RegionCode, RegionKind, RegionTag};
use domain::{DomainError, FieldError};
use serde::Serialize;

/// A stored region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RegionRecord {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: String,
    pub kind: String,
    pub name: String,
    /// Canonical tag names joined by `,` (e.g. `key_village,supported_village`).
    pub tags: String,
    pub population: Option<i64>,
    pub households: Option<i64>,
    pub area_km2: Option<String>,
    pub party_members: Option<i64>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl RegionRecord {
    pub fn tag_list(&self) -> Vec<RegionTag> {
        RegionTag::parse_list(&self.tags).unwrap_or_default()
    }

    pub fn kind(&self) -> Option<RegionKind> {
        RegionKind::parse(&self.kind).ok()
    }

    pub fn is_village(&self) -> bool {
        self.level == Level::Village.as_str()
    }

    /// The record as a validated domain value (for updates that keep most fields).
    pub fn to_region(&self) -> Result<Region, FieldError> {
        Ok(Region {
            code: RegionCode::parse(&self.code)?,
            parent_code: self
                .parent_code
                .as_deref()
                .map(RegionCode::parse)
                .transpose()?,
            name: self.name.clone(),
            kind: RegionKind::parse(&self.kind)?,
            tags: self.tag_list(),
            profile: Profile {
                population: self.population,
                households: self.households,
                area_km2: self.area_km2.clone(),
                party_members: self.party_members,
            },
        })
    }
}

fn tags_text(tags: &[RegionTag]) -> String {
    tags.iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// List filters; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub parent_code: Option<String>,
    pub level: Option<Level>,
    /// Part of the name or code.
    pub query: String,
    pub include_archived: bool,
}

/// The query of [`list`]: the scope's code range, then only the filters that are set. Public
/// for the query-plan test.
pub fn list_query(scope: &Scope, filter: &Filter) -> List {
    let mut q = List::new("*", "FROM regions");
    q.scoped("code", scope)
        .eq("parent_code", filter.parent_code.as_deref().unwrap_or(""))
        .eq("level", filter.level.map(|l| l.as_str()).unwrap_or(""))
        .contains(&["name", "code"], &filter.query)
        .unarchived("archived", filter.include_archived)
        .order_by("code");
    q
}

/// Regions in scope matching `filter`, ordered by code, and the total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<RegionRecord>, i64), StoreError> {
    list_query(scope, filter).fetch(db, page).await
}

/// Every region in scope (archived too), ordered by code: for the tree and the export.
pub async fn all(db: &Db, scope: &Scope) -> Result<Vec<RegionRecord>, StoreError> {
    let filter = Filter {
        include_archived: true,
        ..Filter::default()
    };
    Ok(list(db, scope, &filter, Page::all()).await?.0)
}

/// The active villages under `region` (itself, when it is a village) that `scope` reaches,
/// in code order.
pub async fn villages_under(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
) -> Result<Vec<RegionCode>, StoreError> {
    if !scope.contains(region) {
        return Ok(Vec::new());
    }
    let (lo, hi) = domain::identity::prefix_range(region.subtree_prefix());
    let codes: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT code FROM regions WHERE code >= $1 AND code < $2 AND level = 'village'
             AND NOT archived ORDER BY code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    Ok(codes
        .into_iter()
        .filter_map(|(c,)| RegionCode::parse(&c).ok())
        .collect())
}

/// One region, or `None` when it does not exist or lies outside the scope.
pub async fn get(db: &Db, scope: &Scope, code: &str) -> Result<Option<RegionRecord>, StoreError> {
    let Ok(code) = RegionCode::parse(code) else {
        return Ok(None);
    };
    if !scope.contains(&code) {
        return Ok(None);
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM regions WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
    }))
}

async fn get_in_tx(tx: &mut Tx, code: &str) -> Result<Option<RegionRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM regions WHERE code = $1")
            .bind(code)
            .fetch_optional(conn)
            .await?
    }))
}

fn check_writable(actor: &Actor, region: &Region) -> Result<(), DomainError> {
    if let Some(role) = actor.role
        && !role.edits_regions()
    {
        return Err(DomainError::Forbidden);
    }
    if !actor.scope.contains(&region.code) {
        return Err(DomainError::Forbidden);
    }
    Ok(())
}

/// Creates a region under an existing parent in the actor's scope.
pub async fn create(db: &Db, actor: &Actor, region: &Region) -> Result<RegionRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let record = save(&mut tx, actor, region, SaveMode::Create).await?;
    tx.commit().await?;
    Ok(record)
}

/// Changes name, kind, tags and profile figures; the code and parent never change.
pub async fn update(db: &Db, actor: &Actor, region: &Region) -> Result<RegionRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let record = save(&mut tx, actor, region, SaveMode::Update).await?;
    tx.commit().await?;
    Ok(record)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    Create,
    Update,
    /// Create when missing, update when present (imports).
    Upsert,
}

/// What [`save`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
    Unchanged,
}

/// Writes one region inside `tx`, with its audit entry.
pub async fn save(
    tx: &mut Tx,
    actor: &Actor,
    region: &Region,
    mode: SaveMode,
) -> Result<RegionRecord, StoreError> {
    save_reporting(tx, actor, region, mode)
        .await
        .map(|(r, _)| r)
}

pub async fn save_reporting(
    tx: &mut Tx,
    actor: &Actor,
    region: &Region,
    mode: SaveMode,
) -> Result<(RegionRecord, Saved), StoreError> {
    check_writable(actor, region)?;
    let existing = get_in_tx(tx, region.code.as_str()).await?;
    match (&existing, mode) {
        (Some(_), SaveMode::Create) => return Err(DomainError::Conflict("region.exists").into()),
        (None, SaveMode::Update) => return Err(DomainError::NotFound.into()),
        _ => {}
    }
    if let Some(old) = &existing
        && old.parent_code.as_deref() != region.parent_code.as_ref().map(|c| c.as_str())
    {
        return Err(FieldError::new("region.parent_fixed", "parent_code").into());
    }
    if existing.is_none()
        && let Some(parent) = &region.parent_code
    {
        let parent_row = get_in_tx(tx, parent.as_str()).await?;
        if parent_row.is_none() {
            return Err(FieldError::new("region.parent_missing", "parent_code")
                .arg("value", parent.as_str())
                .into());
        }
    }
    let now = domain::time::now_text();
    let tags = tags_text(&region.tags);
    let p = &region.profile;
    let saved = match &existing {
        None => {
            on_tx!(tx, |conn| {
                sqlx::query(
                    "INSERT INTO regions (code, parent_code, level, kind, name, tags, population,
                         households, area_km2, party_members, archived, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
                )
                .bind(region.code.as_str())
                .bind(region.parent_code.as_ref().map(|c| c.as_str()))
                .bind(region.code.level().as_str())
                .bind(region.kind.as_str())
                .bind(&region.name)
                .bind(&tags)
                .bind(p.population)
                .bind(p.households)
                .bind(&p.area_km2)
                .bind(p.party_members)
                .bind(false)
                .bind(&now)
                .execute(conn)
                .await?;
            });
            Saved::Created
        }
        Some(old) => {
            let unchanged = old.name == region.name
                && old.kind == region.kind.as_str()
                && old.tags == tags
                && old.population == p.population
                && old.households == p.households
                && old.area_km2 == p.area_km2
                && old.party_members == p.party_members;
            if unchanged {
                return Ok((old.clone(), Saved::Unchanged));
            }
            on_tx!(tx, |conn| {
                sqlx::query(
                    "UPDATE regions SET kind = $2, name = $3, tags = $4, population = $5,
                         households = $6, area_km2 = $7, party_members = $8, updated_at = $9
                     WHERE code = $1",
                )
                .bind(region.code.as_str())
                .bind(region.kind.as_str())
                .bind(&region.name)
                .bind(&tags)
                .bind(p.population)
                .bind(p.households)
                .bind(&p.area_km2)
                .bind(p.party_members)
                .bind(&now)
                .execute(conn)
                .await?;
            });
            Saved::Updated
        }
    };
    let record = get_in_tx(tx, region.code.as_str())
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        tx,
        actor,
        if existing.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        audit::Subject {
            entity: domain::audit::entity::REGION,
            id: &record.code,
            region: Some(&record.code),
        },
        existing.as_ref().map(to_json).as_ref(),
        Some(&to_json(&record)),
    )
    .await?;
    Ok((record, saved))
}

/// Archives or restores a region (regions are never deleted).
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    code: &str,
    archived: bool,
) -> Result<RegionRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = get_in_tx(&mut tx, code)
        .await?
        .filter(|r| RegionCode::parse(&r.code).is_ok_and(|c| actor.scope.contains(&c)))
        .ok_or(DomainError::NotFound)?;
    check_writable(actor, &old.to_region()?)?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE regions SET archived = $2, updated_at = $3 WHERE code = $1")
            .bind(code)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = get_in_tx(&mut tx, code)
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
            entity: domain::audit::entity::REGION,
            id: code,
            region: Some(code),
        },
        Some(&to_json(&old)),
        Some(&to_json(&new)),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Summary of an import that went through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportSummary {
    /// Message arguments: `created`, `updated`, `unchanged`.
    pub fn args(&self) -> std::collections::BTreeMap<&'static str, String> {
        [
            ("created", self.created.to_string()),
            ("updated", self.updated.to_string()),
            ("unchanged", self.unchanged.to_string()),
        ]
        .into_iter()
        .collect()
    }
}

/// Imports validated rows all-or-nothing: parents before children, creating or updating.
/// `rows` pairs each region with its 1-based row number in the file; the first failure
/// rolls everything back and names its row.
pub async fn import(
    db: &Db,
    actor: &Actor,
    rows: &[(usize, Region)],
) -> Result<ImportSummary, StoreError> {
    let mut ordered: Vec<&(usize, Region)> = rows.iter().collect();
    ordered.sort_by_key(|(row, r)| (r.code.level(), *row));
    let mut tx = db.begin_write().await?;
    let mut summary = ImportSummary::default();
    for (row, region) in ordered {
        let outcome = save_reporting(&mut tx, actor, region, SaveMode::Upsert).await;
        match outcome {
            Ok((_, Saved::Created)) => summary.created += 1,
            Ok((_, Saved::Updated)) => summary.updated += 1,
            Ok((_, Saved::Unchanged)) => summary.unchanged += 1,
            Err(StoreError::Domain(DomainError::Invalid(error))) => {
                return Err(StoreError::Row { row: *row, error });
            }
            Err(StoreError::Domain(DomainError::Forbidden)) => {
                return Err(StoreError::Row {
                    row: *row,
                    error: FieldError::new("region.outside_scope", "code")
                        .arg("value", region.code.as_str()),
                });
            }
            Err(e) => return Err(e),
        }
    }
    tx.commit().await?;
    Ok(summary)
}

fn to_json(record: &RegionRecord) -> serde_json::Value {
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

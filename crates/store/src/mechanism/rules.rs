//! Compliance rules: data, not code. The migration seeds the district's standing rules
//! (see [`domain::mechanism::compliance::default_rules`]); the district administrator adds,
//! changes and deactivates them.

use super::check_admin;
use crate::audit;
use crate::{Db, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::Actor;
use domain::mechanism::compliance::{Rule, RuleKind};
use domain::mechanism::entity;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RuleRecord {
    pub id: String,
    pub name: String,
    /// per_assignment, per_village, problems_on_time or disclosures_on_time
    pub kind: String,
    /// The JSON of the rule's [`RuleKind`] (tagged by `kind`).
    pub params: String,
    pub active: bool,
    pub position: i32,
}

impl RuleRecord {
    pub fn kind(&self) -> Option<RuleKind> {
        serde_json::from_str(&self.params).ok()
    }

    /// The rule for evaluation; `None` when its parameters do not parse.
    pub fn rule(&self) -> Option<Rule> {
        Some(Rule {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind()?,
        })
    }
}

/// Rules by position; inactive ones only when asked.
pub async fn list(db: &Db, include_inactive: bool) -> Result<Vec<RuleRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_rules WHERE ($1 OR active) ORDER BY position, id")
            .bind(include_inactive)
            .fetch_all(pool)
            .await?
    }))
}

async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<RuleRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_rules WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn check(tx: &mut Tx, name: &str, kind: &RuleKind) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("common.required", "name").into());
    }
    if name.chars().count() > 200 {
        return Err(FieldError::new("common.too_long", "name")
            .arg("max", "200")
            .into());
    }
    kind.validate()?;
    if let Some(code) = kind.meeting_type() {
        let found: Option<(String,)> = on_tx!(tx, |conn| {
            sqlx::query_as("SELECT code FROM mechanism_meeting_types WHERE code = $1")
                .bind(code)
                .fetch_optional(conn)
                .await?
        });
        if found.is_none() {
            return Err(
                FieldError::new("mechanism.meeting_type_unknown", "meeting_type")
                    .arg("value", code)
                    .into(),
            );
        }
    }
    Ok(name.to_string())
}

fn params(kind: &RuleKind) -> String {
    serde_json::to_string(kind).unwrap_or_else(|_| "{}".into())
}

/// Adds an active rule after the existing ones (district administrator).
pub async fn create(
    db: &Db,
    actor: &Actor,
    name: &str,
    kind: &RuleKind,
) -> Result<RuleRecord, StoreError> {
    check_admin(actor)?;
    let mut tx = db.begin_write().await?;
    let name = check(&mut tx, name, kind).await?;
    let (max,): (Option<i32>,) = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT MAX(position) FROM mechanism_rules")
            .fetch_one(conn)
            .await?
    });
    let id = Id::new().to_string();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_rules (id, name, kind, params, active, position)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&name)
        .bind(kind.as_str())
        .bind(params(kind))
        .bind(true)
        .bind(max.unwrap_or(0) + 1)
        .execute(conn)
        .await?;
    });
    let record = in_tx(&mut tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::RULE,
            id: &id,
            region: None,
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn save(
    db: &Db,
    actor: &Actor,
    id: &str,
    change: Option<(&str, &RuleKind)>,
    active: Option<bool>,
) -> Result<RuleRecord, StoreError> {
    check_admin(actor)?;
    let mut tx = db.begin_write().await?;
    let old = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    let (name, kind, params_text) = match change {
        Some((name, kind)) => (
            check(&mut tx, name, kind).await?,
            kind.as_str().to_string(),
            params(kind),
        ),
        None => (old.name.clone(), old.kind.clone(), old.params.clone()),
    };
    let active = active.unwrap_or(old.active);
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_rules SET name = $2, kind = $3, params = $4, active = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(&name)
        .bind(&kind)
        .bind(&params_text)
        .bind(active)
        .execute(conn)
        .await?;
    });
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if active {
            Action::Update
        } else {
            Action::Archive
        },
        audit::Subject {
            entity: entity::RULE,
            id,
            region: None,
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Changes a rule's name and parameters.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    name: &str,
    kind: &RuleKind,
) -> Result<RuleRecord, StoreError> {
    save(db, actor, id, Some((name, kind)), None).await
}

/// Deactivates (or reactivates) a rule: an inactive rule leaves the board.
pub async fn set_active(
    db: &Db,
    actor: &Actor,
    id: &str,
    active: bool,
) -> Result<RuleRecord, StoreError> {
    save(db, actor, id, None, Some(active)).await
}

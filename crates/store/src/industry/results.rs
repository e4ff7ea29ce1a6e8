//! Results of a project, a unit or a batch, optionally for one year: the store loads the
//! facts in scope and calls the pure `domain::industry::results::compute`. Households of
//! workers are set per person (`industry_households`; default: the person alone).

use super::{check_write, json};
use crate::audit::{self, Entry};
use crate::{Db, StoreError, on_pool, on_tx};
use domain::audit::Action;
use domain::decimal::Decimal;
use domain::identity::{Actor, Scope};
use domain::industry::entity;
use domain::industry::production::UnitKind;
use domain::industry::results::{Fact, LogFact, Results, UnitFact, compute};
use domain::{DomainError, FieldError, Money};
use std::collections::HashMap;

/// What the results cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Project(String),
    Unit(String),
    Batch(String),
}

type UnitRow = (String, String, String);
type LogRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// Results of the selection in scope (`None` when it is not found), for `year` when given.
/// The units dividing the yield: the project's units, the unit, or the batch's unit.
pub async fn results(
    db: &Db,
    scope: &Scope,
    selection: &Selection,
    year: Option<i32>,
) -> Result<Option<Results>, StoreError> {
    let pattern = scope.like_pattern();
    let (by, id) = match selection {
        Selection::Project(id) => ("u.project_id", id),
        Selection::Unit(id) => ("u.id", id),
        Selection::Batch(id) => ("b.id", id),
    };
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => (String::new(), String::new()),
    };
    // The selection's project, in scope.
    let found: Option<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id FROM industry_projects p
             LEFT JOIN industry_units u ON u.project_id = p.id
             LEFT JOIN industry_batches b ON b.unit_id = u.id
             WHERE {} = $1 AND p.region_code LIKE $2 LIMIT 1",
            if by == "u.project_id" { "p.id" } else { by }
        )))
        .bind(id)
        .bind(&pattern)
        .fetch_optional(pool)
        .await?
    });
    let project_found = found.is_some();
    if !project_found {
        return Ok(None);
    }
    let (units, logs): (Vec<UnitRow>, Vec<LogRow>) = on_pool!(db, |pool| {
        let units = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT u.id, u.kind, u.area_m2 FROM industry_units u
             LEFT JOIN industry_batches b ON b.unit_id = u.id
             WHERE {by} = $1 AND NOT u.archived"
        )))
        .bind(id)
        .fetch_all(pool)
        .await?;
        let logs = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT l.kind, l.date, l.item, l.quantity, l.unit, l.cost, l.amount, l.person_id,
                 l.days, l.wage
             FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             WHERE {by} = $1 AND NOT l.archived AND ($2 = '' OR l.date >= $2)
               AND ($3 = '' OR l.date <= $3)
             ORDER BY l.date, l.id"
        )))
        .bind(id)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?;
        (units, logs)
    });
    let households: Vec<(String, String)> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT h.person_id, h.household FROM industry_households h
             WHERE h.person_id IN (SELECT l.person_id FROM industry_logs l
                 JOIN industry_batches b ON b.id = l.batch_id
                 JOIN industry_units u ON u.id = b.unit_id
                 WHERE {by} = $1 AND l.person_id IS NOT NULL)"
        )))
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let households: HashMap<String, String> = households.into_iter().collect();
    let zero = Decimal::parse("0").ok_or(DomainError::NotFound)?;
    let dec = |t: &Option<String>| t.as_deref().and_then(Decimal::parse).unwrap_or(zero);
    let units: Vec<UnitFact> = units
        .iter()
        .map(|(_, kind, area)| UnitFact {
            kind: UnitKind::parse(kind).unwrap_or(UnitKind::Other),
            area_m2: Decimal::parse(area).unwrap_or(zero),
        })
        .collect();
    let mut facts = Vec::new();
    for (kind, date, item, quantity, unit, cost, amount, person, days, wage) in &logs {
        let Some(date) = domain::time::parse_date(date) else {
            continue;
        };
        let fact = match kind.as_str() {
            "input" => Fact::Input {
                cost: Money(cost.unwrap_or(0)),
            },
            "harvest" => Fact::Harvest {
                product: item.clone().unwrap_or_default(),
                quantity: dec(quantity),
                unit: unit.clone().unwrap_or_default(),
            },
            "sale" => Fact::Sale {
                amount: Money(amount.unwrap_or(0)),
            },
            "labour" => Fact::Labour {
                person_id: person.clone().unwrap_or_default(),
                days: dec(days),
                wage: Money(wage.unwrap_or(0)),
            },
            _ => continue,
        };
        facts.push(LogFact { date, fact });
    }
    let lookup = |p: &str| households.get(p).cloned();
    Ok(Some(compute(&units, &facts, &lookup)?))
}

/// Sets the household a worker belongs to (e.g. 王某某户); empty resets it to the person.
pub async fn set_household(
    db: &Db,
    actor: &Actor,
    person_id: &str,
    household: &str,
) -> Result<(), StoreError> {
    let household = household.trim();
    if household.chars().count() > 100 {
        return Err(FieldError::new("common.too_long", "household")
            .arg("max", "100")
            .into());
    }
    let mut tx = db.begin_write().await?;
    let row: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT region_code FROM people_persons WHERE id = $1")
            .bind(person_id)
            .fetch_optional(conn)
            .await?
    });
    let (region,) = row.ok_or(DomainError::NotFound)?;
    check_write(actor, &region)?;
    let before: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT household FROM industry_households WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(conn)
            .await?
    });
    let value = if household.is_empty() {
        person_id
    } else {
        household
    };
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO industry_households (person_id, household, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (person_id) DO UPDATE SET household = $2, updated_at = $3",
        )
        .bind(person_id)
        .bind(value)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    audit::record(
        &mut tx,
        actor,
        Entry {
            entity: entity::HOUSEHOLD,
            entity_id: person_id,
            region_code: Some(&region),
            action: Action::Update,
            before: before.map(|(h,)| json(&h)),
            after: Some(json(&value)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

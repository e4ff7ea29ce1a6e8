//! Results of a project, a unit or a batch, optionally for one year: the store loads the
//! facts in scope and calls the pure `domain::industry::results::compute`. Households of
//! workers are set per person (`industry_households`; default: the person alone).

use super::{check_write, json};
use crate::audit;
use crate::{Db, StoreError, on_pool, on_tx};
use domain::audit::Action;
use domain::decimal::Decimal;
use domain::identity::{Actor, Scope};
use domain::industry::entity;
use domain::industry::production::UnitKind;
use domain::industry::results::{Fact, LogFact, Results, UnitFact, compute};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Money};
use serde::Serialize;
use std::collections::HashMap;

/// What the results cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Project(String),
    Unit(String),
    Batch(String),
}

/// A unit as loaded: its key (itself, or the project for a region), id, kind and area.
type UnitRow = (String, String, String, String);
/// A log as loaded: its key (the project, for a region), kind, date, item, quantity, unit,
/// cost, amount, person, days, wage, and 1 when its voucher is posted and not reversed.
type LogRow = (
    String,
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
    i64,
    String,
);

/// The columns of a [`LogRow`] after its key; `l` the log, `v` its voucher (LEFT JOIN).
const LOG_COLUMNS: &str = "l.kind, l.date, l.item, l.quantity, l.unit, l.cost, l.amount,
    l.person_id, l.days, l.wage,
    CAST(CASE WHEN v.state = 'posted' AND v.reversed_by_id IS NULL THEN 1 ELSE 0 END AS BIGINT),
    b.unit_id";

/// `[from, to]` dates of `year` (empty strings: every year).
fn year_range(year: Option<i32>) -> (String, String) {
    match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => (String::new(), String::new()),
    }
}

fn unit_fact(id: &str, kind: &str, area: &str) -> Option<UnitFact> {
    Some(UnitFact {
        id: id.to_string(),
        kind: UnitKind::parse(kind).unwrap_or(UnitKind::Other),
        area_m2: Decimal::parse(area).or_else(|| Decimal::parse("0"))?,
    })
}

/// What a loaded log contributes; none for activities and unreadable dates.
fn log_fact(row: &LogRow) -> Option<LogFact> {
    let (_, kind, date, item, quantity, unit, cost, amount, person, days, wage, posted, from_unit) =
        row;
    let zero = Decimal::parse("0")?;
    let dec = |t: &Option<String>| t.as_deref().and_then(Decimal::parse).unwrap_or(zero);
    let date = domain::time::parse_date(date)?;
    let fact = match kind.as_str() {
        "input" => Fact::Input {
            cost: Money(cost.unwrap_or(0)),
        },
        "harvest" => Fact::Harvest {
            product: item.clone().unwrap_or_default(),
            quantity: dec(quantity),
            unit: unit.clone().unwrap_or_default(),
            from_unit: from_unit.clone(),
        },
        "sale" => Fact::Sale {
            amount: Money(amount.unwrap_or(0)),
            posted: *posted == 1,
        },
        "labour" => Fact::Labour {
            person_id: person.clone().unwrap_or_default(),
            days: dec(days),
            wage: Money(wage.unwrap_or(0)),
        },
        _ => return None,
    };
    Some(LogFact { date, fact })
}

/// Results of the selection in scope (`None` when it is not found), for `year` when given.
/// The units dividing the yield: the project's units, the unit, or the batch's unit.
pub async fn results(
    db: &Db,
    scope: &Scope,
    selection: &Selection,
    year: Option<i32>,
) -> Result<Option<Results>, StoreError> {
    let (lo, hi) = scope.range();
    let (by, id) = match selection {
        Selection::Project(id) => ("u.project_id", id),
        Selection::Unit(id) => ("u.id", id),
        Selection::Batch(id) => ("b.id", id),
    };
    let (from, to) = year_range(year);
    // The selection's project, in scope.
    let found: Option<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id FROM industry_projects p
             LEFT JOIN industry_units u ON u.project_id = p.id
             LEFT JOIN industry_batches b ON b.unit_id = u.id
             WHERE {} = $1 AND p.region_code >= $2 AND p.region_code < $3 LIMIT 1",
            if by == "u.project_id" { "p.id" } else { by }
        )))
        .bind(id)
        .bind(&lo)
        .bind(&hi)
        .fetch_optional(pool)
        .await?
    });
    let project_found = found.is_some();
    if !project_found {
        return Ok(None);
    }
    let (units, logs): (Vec<UnitRow>, Vec<LogRow>) = on_pool!(db, |pool| {
        let units = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT u.id, u.id, u.kind, u.area_m2 FROM industry_units u
             LEFT JOIN industry_batches b ON b.unit_id = u.id
             WHERE {by} = $1 AND NOT u.archived"
        )))
        .bind(id)
        .fetch_all(pool)
        .await?;
        let logs = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT u.project_id, {LOG_COLUMNS}
             FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             LEFT JOIN ledger_vouchers v ON v.id = l.voucher_id
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
    let units: Vec<UnitFact> = units
        .iter()
        .filter_map(|(_, id, kind, area)| unit_fact(id, kind, area))
        .collect();
    let facts: Vec<LogFact> = logs.iter().filter_map(log_fact).collect();
    let lookup = |p: &str| households.get(p).cloned();
    Ok(Some(compute(&units, &facts, &lookup)?))
}

/// One project's results within a region's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectResults {
    pub id: String,
    pub title: String,
    pub region_code: String,
    pub status: String,
    pub results: Results,
}

/// Results of the projects of a region for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionResults {
    /// Every project (not archived), terminated ones included: their records stay facts.
    pub projects: Vec<ProjectResults>,
    /// All the projects together. Money, person-days and yields are the sums of the
    /// projects'; a worker or household in two projects counts once.
    pub total: Results,
}

/// The conditions selecting the region's projects: `p` in `$1..$2` (the range of the region's
/// codes) and `$3..$4` (the caller's scope range), not archived.
const REGION_PROJECTS: &str = "p.region_code >= $1 AND p.region_code < $2 AND p.region_code >= $3 AND p.region_code < $4 AND NOT p.archived";

/// The units (not archived), the logs (not archived, dated from..=to when given) and the
/// households of the logs' workers of the projects selected by [`REGION_PROJECTS`] for the
/// region range `within` and the caller's scope range; `key` (`u.project_id` or
/// `p.region_code`, never user input) is the first column of each unit and log row. Logs
/// come in date order.
async fn load_facts(
    db: &Db,
    key: &'static str,
    within: (&str, &str),
    scope: (&str, &str),
    dates: (&str, &str),
) -> Result<(Vec<UnitRow>, Vec<LogRow>, HashMap<String, String>), StoreError> {
    type Loaded = (Vec<UnitRow>, Vec<LogRow>, Vec<(String, String)>);
    let (units, logs, households): Loaded = on_pool!(db, |pool| {
        let units = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {key}, u.id, u.kind, u.area_m2 FROM industry_units u
             JOIN industry_projects p ON p.id = u.project_id
             WHERE {REGION_PROJECTS} AND NOT u.archived"
        )))
        .bind(within.0)
        .bind(within.1)
        .bind(scope.0)
        .bind(scope.1)
        .fetch_all(pool)
        .await?;
        let logs = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {key}, {LOG_COLUMNS}
             FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             JOIN industry_projects p ON p.id = u.project_id
             LEFT JOIN ledger_vouchers v ON v.id = l.voucher_id
             WHERE {REGION_PROJECTS} AND NOT l.archived AND ($5 = '' OR l.date >= $5)
               AND ($6 = '' OR l.date <= $6)
             ORDER BY l.date, l.id"
        )))
        .bind(within.0)
        .bind(within.1)
        .bind(scope.0)
        .bind(scope.1)
        .bind(dates.0)
        .bind(dates.1)
        .fetch_all(pool)
        .await?;
        let households = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT h.person_id, h.household FROM industry_households h
             WHERE h.person_id IN (SELECT l.person_id FROM industry_logs l
                 JOIN industry_batches b ON b.id = l.batch_id
                 JOIN industry_units u ON u.id = b.unit_id
                 JOIN industry_projects p ON p.id = u.project_id
                 WHERE {REGION_PROJECTS} AND l.person_id IS NOT NULL)"
        )))
        .bind(within.0)
        .bind(within.1)
        .bind(scope.0)
        .bind(scope.1)
        .fetch_all(pool)
        .await?;
        (units, logs, households)
    });
    Ok((units, logs, households.into_iter().collect()))
}

/// Results of every project (not archived) of the villages under `region` that the caller
/// can see, for `year` when given (empty outside the caller's scope). Each project's figures
/// are those of [`results`] for it; the total is computed over all their units and logs at
/// once by the same `domain::industry::results::compute`.
pub async fn region_results(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: Option<i32>,
) -> Result<RegionResults, StoreError> {
    let (within_lo, within_hi) = domain::identity::prefix_range(region.subtree_prefix());
    let (lo, hi) = scope.range();
    let (from, to) = year_range(year);
    type ProjectRow = (String, String, String, String);
    let projects: Vec<ProjectRow> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.title, p.region_code, p.status FROM industry_projects p
             WHERE {REGION_PROJECTS} ORDER BY p.region_code, p.created_at, p.id"
        )))
        .bind(&within_lo)
        .bind(&within_hi)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    let (units, logs, households) = load_facts(
        db,
        "u.project_id",
        (within_lo.as_str(), within_hi.as_str()),
        (lo.as_str(), hi.as_str()),
        (from.as_str(), to.as_str()),
    )
    .await?;
    let lookup = |p: &str| households.get(p).cloned();
    let all_units: Vec<UnitFact> = units
        .iter()
        .filter_map(|(_, id, k, a)| unit_fact(id, k, a))
        .collect();
    let all_logs: Vec<LogFact> = logs.iter().filter_map(log_fact).collect();
    let total = compute(&all_units, &all_logs, &lookup)?;
    let mut out = Vec::with_capacity(projects.len());
    for (id, title, region_code, status) in projects {
        let units: Vec<UnitFact> = units
            .iter()
            .filter(|(p, ..)| *p == id)
            .filter_map(|(_, id, k, a)| unit_fact(id, k, a))
            .collect();
        let facts: Vec<LogFact> = logs
            .iter()
            .filter(|row| row.0 == id)
            .filter_map(log_fact)
            .collect();
        out.push(ProjectResults {
            results: compute(&units, &facts, &lookup)?,
            id,
            title,
            region_code,
            status,
        });
    }
    Ok(RegionResults {
        projects: out,
        total,
    })
}

/// The years (latest first) in which the caller can see production records of the projects
/// (not archived) under `region`.
pub async fn region_years(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
) -> Result<Vec<i32>, StoreError> {
    let (within_lo, within_hi) = domain::identity::prefix_range(region.subtree_prefix());
    let (lo, hi) = scope.range();
    let years: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT SUBSTR(l.date, 1, 4) FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             JOIN industry_projects p ON p.id = u.project_id
             WHERE {REGION_PROJECTS} AND NOT l.archived"
        )))
        .bind(&within_lo)
        .bind(&within_hi)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    let mut years: Vec<i32> = years.iter().filter_map(|(y,)| y.parse().ok()).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

/// The latest year in which a project in scope has records (`None` without any): the year
/// its pages open on, rather than the calendar year, which may have none yet.
pub async fn latest_year(
    db: &Db,
    scope: &Scope,
    project_id: &str,
) -> Result<Option<i32>, StoreError> {
    let (lo, hi) = scope.range();
    let latest: Option<(Option<String>,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT MAX(SUBSTR(l.date, 1, 4)) FROM industry_logs l
             JOIN industry_batches b ON b.id = l.batch_id
             JOIN industry_units u ON u.id = b.unit_id
             JOIN industry_projects p ON p.id = u.project_id
             WHERE p.id = $1 AND p.region_code >= $2 AND p.region_code < $3 AND NOT l.archived",
        )
        .bind(project_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_optional(pool)
        .await?
    });
    Ok(latest.and_then(|(y,)| y).and_then(|y| y.parse().ok()))
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
        return Err(FieldError::new("common.too_long", "household_name")
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
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: entity::HOUSEHOLD,
            id: person_id,
            region: Some(&region),
        },
        before.map(|(h,)| json(&h)).as_ref(),
        Some(&value),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The units and the logs (of `year`) of the projects (not archived) under `region` that the
/// caller can see, each sorted by its project's region code (parallel `*_regions`), and the
/// households of their workers: the facts `store::metrics` computes the industry figures of
/// every village from at once, by the same [`compute`] as [`region_results`].
#[derive(Debug, Clone, Default)]
pub struct RegionFacts {
    pub unit_regions: Vec<String>,
    pub units: Vec<UnitFact>,
    pub log_regions: Vec<String>,
    pub logs: Vec<LogFact>,
    pub households: HashMap<String, String>,
}

/// Loads [`RegionFacts`] with three queries (read only).
pub async fn region_facts(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<RegionFacts, StoreError> {
    let (within_lo, within_hi) = domain::identity::prefix_range(region.subtree_prefix());
    let (lo, hi) = scope.range();
    let (from, to) = year_range(Some(year));
    let (units, logs, households) = load_facts(
        db,
        "p.region_code",
        (within_lo.as_str(), within_hi.as_str()),
        (lo.as_str(), hi.as_str()),
        (from.as_str(), to.as_str()),
    )
    .await?;
    let mut units: Vec<(String, UnitFact)> = units
        .iter()
        .filter_map(|(r, id, k, a)| Some((r.clone(), unit_fact(id, k, a)?)))
        .collect();
    // Stable: the logs keep their date order within a region.
    units.sort_by(|a, b| a.0.cmp(&b.0));
    let mut logs: Vec<(String, LogFact)> = logs
        .iter()
        .filter_map(|row| Some((row.0.clone(), log_fact(row)?)))
        .collect();
    logs.sort_by(|a, b| a.0.cmp(&b.0));
    let (unit_regions, units) = units.into_iter().unzip();
    let (log_regions, logs) = logs.into_iter().unzip();
    Ok(RegionFacts {
        unit_regions,
        units,
        log_regions,
        logs,
        households,
    })
}

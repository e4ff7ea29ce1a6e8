//! Operating income per village and year, and the district's classification, from the
//! maintained period balances (year-end carry-over excluded). The measure and thresholds
//! are a district setting with effective years.

use crate::audit;
use crate::{Db, StoreError, Tx, on_pool};
use domain::DomainError;
use domain::identity::{Actor, Scope};
use domain::ledger::{AccountingSystem, Class, Measure, Thresholds};
use domain::money::OVERFLOW;
use serde::{Deserialize, Serialize};

const SETTING: &str = "ledger.classification";

/// One rule, in force from `from_year` until a later rule takes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub from_year: i32,
    pub measure: Measure,
    pub thresholds: Thresholds,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            from_year: 1990,
            measure: Measure::Gross,
            thresholds: Thresholds::default(),
        }
    }
}

pub async fn rules(db: &Db) -> Result<Vec<Rule>, StoreError> {
    Ok(match crate::settings::get(db, SETTING).await? {
        Some(text) => serde_json::from_str(&text).unwrap_or_default(),
        None => Vec::new(),
    })
}

/// The rule in force for `year`.
pub fn rule_for(rules: &[Rule], year: i32) -> Rule {
    rules
        .iter()
        .filter(|r| r.from_year <= year)
        .max_by_key(|r| r.from_year)
        .copied()
        .unwrap_or_default()
}

/// Replaces the rules (a district administrator's setting; the caller checks the role).
pub async fn set_rules(tx: &mut Tx, rules: &[Rule]) -> Result<(), StoreError> {
    let text = serde_json::to_string(rules).unwrap_or_else(|_| "[]".into());
    crate::settings::set(tx, SETTING, &text).await
}

/// Replaces the rules by the district administrator (or the system), with the audit entry
/// (the rules before and after, on the actor's region) in the same transaction.
pub async fn save_rules(db: &Db, actor: &Actor, new: &[Rule]) -> Result<(), StoreError> {
    crate::mechanism::check_admin(actor)?;
    let mut tx = db.begin_write().await?;
    let before: Vec<Rule> = match crate::settings::get_in_tx(&mut tx, SETTING).await? {
        Some(text) => serde_json::from_str(&text).unwrap_or_default(),
        None => Vec::new(),
    };
    set_rules(&mut tx, new).await?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject {
            entity: domain::audit::entity::SETTING,
            id: SETTING,
            region: actor.scope.root().map(|r| r.as_str()),
        },
        &before,
        new,
    )
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, Serialize)]
pub struct VillageFigure {
    pub region_code: String,
    pub name: String,
    /// Operating income in fen under the rule's measure.
    pub figure: i64,
    pub class: Class,
    /// False when the village kept no books that year (counted with figure 0).
    pub has_books: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    pub class: Class,
    pub count: usize,
    /// count / villages, 0 when there are no villages.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    pub year: i32,
    pub measure: Measure,
    pub thresholds: Thresholds,
    pub villages: usize,
    pub classes: Vec<ClassCount>,
    pub rows: Vec<VillageFigure>,
}

/// A village's first-level movement of the year on one chart: (region code, accounting
/// system, account code, debit, credit).
type Movement = (String, String, String, i64, i64);

/// The classification of every village in scope for `year`.
pub async fn classify(db: &Db, scope: &Scope, year: i32) -> Result<Classification, StoreError> {
    let rule = rule_for(&rules(db).await?, year);
    let (lo, hi) = scope.range();
    let villages: Vec<(String, String)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT code, name FROM regions WHERE code >= $1 AND code < $2 AND level = 'village' AND NOT archived ORDER BY code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    // First-level movements of the year per village and chart, carry-over excluded. A sum
    // that does not fit raises in SQL (SQLite: "integer overflow"; PostgreSQL: the cast of the
    // NUMERIC sum to BIGINT is out of range), which the store reads as `money.overflow`.
    let movements: Vec<Movement> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT o.region_code, b.accounting_system, pb.account_code,
                    CAST(SUM(pb.debit) AS BIGINT), CAST(SUM(pb.credit) AS BIGINT)
             FROM ledger_period_balances pb
             JOIN ledger_books b ON b.id = pb.book_id
             JOIN ledger_orgs o ON o.id = b.org_id
             WHERE b.year = $1 AND o.region_code >= $2 AND o.region_code < $3 AND LENGTH(pb.account_code) = 3
             GROUP BY o.region_code, b.accounting_system, pb.account_code",
        )
        .bind(year)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    let with_books: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT DISTINCT o.region_code FROM ledger_books b JOIN ledger_orgs o ON o.id = b.org_id
             WHERE b.year = $1 AND o.region_code >= $2 AND o.region_code < $3",
        )
        .bind(year)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    // Grouped once by (village, chart): each village then reads its own rows, so the work
    // grows with the rows, not with villages × rows.
    let mut by_village: std::collections::HashMap<(&str, &str), Vec<&Movement>> =
        std::collections::HashMap::new();
    for m in &movements {
        by_village
            .entry((m.0.as_str(), m.1.as_str()))
            .or_default()
            .push(m);
    }
    let with_books: std::collections::HashSet<&str> =
        with_books.iter().map(|(c,)| c.as_str()).collect();
    let mut rows = Vec::new();
    for (code, name) in villages {
        let mut figure: i64 = 0;
        for system in AccountingSystem::ALL {
            let Some(mine) = by_village.get(&(code.as_str(), system.as_str())) else {
                continue;
            };
            let part = rule.measure.figure(system, |account| {
                mine.iter()
                    .filter(|m| m.2 == account)
                    .try_fold(0_i64, |acc, m| acc.checked_add(m.3.checked_sub(m.4)?))
                    .ok_or(DomainError::Conflict(OVERFLOW))
            })?;
            figure = i64::checked_add(figure, part).ok_or(DomainError::Conflict(OVERFLOW))?;
        }
        rows.push(VillageFigure {
            has_books: with_books.contains(code.as_str()),
            class: rule.thresholds.classify(figure),
            region_code: code,
            name,
            figure,
        });
    }
    let villages = rows.len();
    let classes = Class::ALL
        .into_iter()
        .map(|class| {
            let count = rows.iter().filter(|r| r.class == class).count();
            let share = if villages == 0 {
                0.0
            } else {
                count as f64 / villages as f64
            };
            ClassCount {
                class,
                count,
                share,
            }
        })
        .collect();
    Ok(Classification {
        year,
        measure: rule.measure,
        thresholds: rule.thresholds,
        villages,
        classes,
        rows,
    })
}

/// The fiscal years for which some organisation in scope keeps books, ascending.
pub async fn years(db: &Db, scope: &Scope) -> Result<Vec<i32>, StoreError> {
    let (lo, hi) = scope.range();
    let rows: Vec<(i32,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT DISTINCT b.year FROM ledger_books b JOIN ledger_orgs o ON o.id = b.org_id
             WHERE o.region_code >= $1 AND o.region_code < $2 ORDER BY b.year",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(|(y,)| y).collect())
}

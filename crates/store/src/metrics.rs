//! The metrics catalogue computed: [`value`] is the one place each metric of
//! `domain::metrics` is computed for a region and a year. Plan progress, the API (and next
//! the assessment) read it, so they show the same figure.

use crate::{Db, StoreError, on_pool};
use domain::DomainError;
use domain::identity::Scope;
use domain::ledger::Class;
use domain::metrics::{Metric, MetricValue};
use domain::money::OVERFLOW;
use domain::people::TargetGroup;
use domain::region::RegionCode;

/// The figure of `metric` for `region` (its whole subtree) in `year`; `None` when the region
/// is outside `scope`, or the figure is unavailable (no secretaries to cover).
/// - `strong_villages`: villages classified strong (强村) by the ledger's classification;
/// - `meetings_held`: meetings (not archived) dated in the year;
/// - `problems_closed_on_time`: problems due in the year finished by their deadline, `of`
///   those due;
/// - `training_coverage`: the village Party secretaries ("头雁" group `party_secretaries`)
///   trained in the year, `of` those in the group, from `people::trainings::coverage`
///   (members on 31 December, or today in the current year);
/// - `operating_income`: the classification's figure (its measure for the year) summed over
///   the region's villages, in fen; `operating_income_growth`: that less the previous year's,
///   `of` the previous year's; `village_class`: the village's class, as its index in
///   `Class::ALL` (villages only: `None` for a town or a district);
/// - `industry_gross_income`, `industry_workers`, `industry_households`: the industry
///   results of the region's projects in the year (`industry::results::region_results`):
///   gross income of every recorded sale in whole yuan (rounded down), distinct villagers
///   employed, and households whose members earned wages.
pub async fn value(
    db: &Db,
    scope: &Scope,
    metric: Metric,
    region: &RegionCode,
    year: i32,
) -> Result<Option<MetricValue>, StoreError> {
    if !scope.contains(region) || !metric.applies_to(region.level()) {
        return Ok(None);
    }
    let within = Scope::region(region.clone());
    let (lo, hi) = domain::identity::prefix_range(region.subtree_prefix());
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    Ok(match metric {
        Metric::StrongVillages => {
            let c = crate::ledger::classification::classify(db, &within, year).await?;
            let strong = c.rows.iter().filter(|r| r.class == Class::Strong).count();
            Some(MetricValue::count(strong as i64))
        }
        Metric::MeetingsHeld => {
            let (n,): (i64,) = on_pool!(db, |pool| {
                sqlx::query_as(
                    "SELECT COUNT(*) FROM mechanism_meetings WHERE region_code >= $1 AND region_code < $2
                     AND date >= $3 AND date <= $4 AND NOT archived",
                )
                .bind(&lo)
                .bind(&hi)
                .bind(&first)
                .bind(&last)
                .fetch_one(pool)
                .await?
            });
            Some(MetricValue::count(n))
        }
        Metric::ProblemsClosedOnTime => {
            let (due, on_time): (i64, i64) = on_pool!(db, |pool| {
                sqlx::query_as(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state IN ('done', 'closed')
                            AND done_at IS NOT NULL AND done_at <= deadline THEN 1 ELSE 0 END), 0)
                     FROM mechanism_problems WHERE region_code >= $1 AND region_code < $2
                     AND deadline >= $3 AND deadline <= $4 AND NOT archived",
                )
                .bind(&lo)
                .bind(&hi)
                .bind(&first)
                .bind(&last)
                .fetch_one(pool)
                .await?
            });
            Some(MetricValue {
                value: on_time,
                of: Some(due),
            })
        }
        Metric::TrainingCoverage => {
            let today = domain::time::now().date_naive();
            let groups = crate::people::trainings::coverage(db, &within, year, today).await?;
            groups
                .iter()
                .find(|g| g.group == TargetGroup::PartySecretaries)
                .map(|g| MetricValue {
                    value: g.trained as i64,
                    of: Some(g.total as i64),
                })
        }
        Metric::OperatingIncome => Some(MetricValue::count(
            operating_income(db, &within, year).await?,
        )),
        Metric::OperatingIncomeGrowth => {
            let now = operating_income(db, &within, year).await?;
            let before = operating_income(db, &within, year - 1).await?;
            let growth = now
                .checked_sub(before)
                .ok_or(DomainError::Conflict(OVERFLOW))?;
            Some(MetricValue {
                value: growth,
                of: Some(before),
            })
        }
        Metric::VillageClass => {
            let c = crate::ledger::classification::classify(db, &within, year).await?;
            c.rows
                .iter()
                .find(|r| r.region_code == region.as_str())
                .and_then(|r| Class::ALL.iter().position(|c| *c == r.class))
                .map(|i| MetricValue::count(i as i64))
        }
        // Computed by the metrics work of issue 14 (not yet).
        Metric::MeetingCompliance
        | Metric::ProblemsPastDeadline
        | Metric::ReserveCadres
        | Metric::FirstSecretaryInPost
        | Metric::ProjectsOnSchedule => None,
        Metric::IndustryGrossIncome | Metric::IndustryWorkers | Metric::IndustryHouseholds => {
            let r =
                crate::industry::results::region_results(db, &within, region, Some(year)).await?;
            let total = r.total;
            Some(MetricValue::count(match metric {
                Metric::IndustryGrossIncome => total.gross_income.div_euclid(100),
                Metric::IndustryWorkers => total.distinct_workers as i64,
                _ => total.households.iter().filter(|h| h.income > 0).count() as i64,
            }))
        }
    })
}

/// The classification's operating income of the villages in `within` for `year`, in fen.
async fn operating_income(db: &Db, within: &Scope, year: i32) -> Result<i64, StoreError> {
    let c = crate::ledger::classification::classify(db, within, year).await?;
    let total = c
        .rows
        .iter()
        .try_fold(0_i64, |acc, r| acc.checked_add(r.figure))
        .ok_or(DomainError::Conflict(OVERFLOW))?;
    Ok(total)
}

/// The figure of `metric` for every village under `region` (itself, when it is a village) in
/// `scope`, in code order, for `year`: what an assessment scores its subjects by. Each
/// village's figure equals [`value`] for it.
pub async fn by_village(
    db: &Db,
    scope: &Scope,
    metric: Metric,
    region: &RegionCode,
    year: i32,
) -> Result<Vec<(RegionCode, Option<MetricValue>)>, StoreError> {
    // First version: one `value` a village (the metrics work makes it one query a metric).
    let villages = crate::region::villages_under(db, scope, region).await?;
    let mut out = Vec::with_capacity(villages.len());
    for v in villages {
        let figure = value(db, scope, metric, &v, year).await?;
        out.push((v, figure));
    }
    Ok(out)
}

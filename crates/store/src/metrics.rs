//! The metrics catalogue computed: each metric of `domain::metrics` is computed in one place,
//! [`Facts`]: loaded once for a region's subtree with a constant number of queries (grouped by
//! region in SQL, one classification, one compliance board…), then the figure of any subtree
//! of it is an aggregate of its rows. [`value`] is that figure for the whole region;
//! [`by_village`] the figure of each of its villages from the same load, so a village's figure
//! is the same whichever way it is asked for. Plan progress, the API and the assessment read
//! them, so they show the same figure.

use crate::industry::results::RegionFacts;
use crate::mechanism::compliance::board;
use crate::{Db, StoreError, on_pool};
use chrono::NaiveDate;
use domain::DomainError;
use domain::identity::{Scope, prefix_range};
use domain::industry::results::compute as industry_compute;
use domain::ledger::{Class, Period};
use domain::mechanism::compliance::CellStatus;
use domain::metrics::{Metric, MetricValue};
use domain::money::OVERFLOW;
use domain::people::TargetGroup;
use domain::people::post::PostKind;
use domain::people::training::{
    Attended, HeldPost, HeldTraining, coverage as training_coverage, reference_day,
};
use domain::region::RegionCode;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// The figure of `metric` for `region` (its whole subtree) in `year`; `None` when the region
/// is outside `scope`, the metric does not apply to its level, or the figure is unavailable.
/// "The date" below is 31 December of `year`, or today (China time) in the current year
/// (`domain::people::training::reference_day`).
/// - `strong_villages`: villages classified strong (强村) by the ledger's classification;
/// - `meetings_held`: meetings (not archived) dated in the year;
/// - `problems_closed_on_time`: problems (not archived) due in the year finished (done or
///   closed) by their deadline, `of` those due;
/// - `training_coverage`: the village Party secretaries ("头雁" group `party_secretaries`)
///   holding their post in the region on the date, trained in the year (attended a training
///   of the year for the group, see `domain::people::training::coverage`), `of` them; a person
///   holding posts in two villages counts once in a region containing both;
/// - `operating_income`: the classification's figure (its measure for the year) summed over
///   the region's villages, in fen; `operating_income_growth`: that less the previous year's,
///   `of` the previous year's; `village_class`: the village's class, as its index in
///   `Class::ALL` (villages only: `None` for a town or a district);
/// - `industry_gross_income`, `industry_workers`, `industry_households`: the industry
///   results (`domain::industry::results::compute`) of the units and logs of the year of the
///   region's projects: gross income of every recorded sale in whole yuan (rounded down),
///   distinct villagers employed (a person once in the region), and households whose members
///   earned wages;
/// - `meeting_compliance`: the cells of the meeting rules (per village and per assignment; not
///   the problems-on-time rule) on the compliance board of the year's months
///   (`mechanism::compliance::board`, as of today) whose region lies in the region (its
///   villages, and the region itself when an assignment puts it under a rule): cells met,
///   `of` cells due (met or missed; a cell still pending is not due yet);
/// - `problems_past_deadline`: problems (not archived) of the region whose deadline is before
///   the date and that were not finished on it (state not done/closed, or finished after it);
/// - `reserve_cadres`: entries (not archived) of the reserve-cadre pool (后备干部) of people
///   registered in the region that are in the pool on the date: entered on or before it
///   (`entered_on`) and not left on or before it (`left_on` empty or after it; a promoted
///   entry leaves on its post's start). The status does not matter, so history holds;
/// - `first_secretary_in_post`: the region's villages (active) where someone holds a first
///   secretary post (第一书记, not archived) on the date, `of` the villages;
/// - `projects_on_schedule`: industry projects (not archived) of the region under way
///   (实施, by their last status change decided on or before the date) with no milestone
///   (not archived) due before the date and not completed (progress below 100), `of` the
///   projects under way. Milestone progress keeps no history: today's progress counts.
/// - `disclosures_overdue`: the region's villages' disclosures of the year due before today
///   (China time) and not covered by a published item, plus major matters unpublished past
///   their days (`disclosure::schedules::overdue_by_village`): a late publication clears it.
/// - `feedback_answered_in_time`: villagers' feedback received in the year (China dates) and
///   not rejected, answered within 15 days, `of` those due on the date (answered, or received
///   more than 15 days before it) (`disclosure::feedback::response_by_village`).
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
    let facts = Facts::load(db, metric, region, year, &mut Shared::default()).await?;
    facts.figure(region)
}

/// The figure of `metric` for every village under `region` (itself, when it is a village) in
/// `scope`, in code order, for `year`: what an assessment scores its subjects by. One load of
/// the metric's facts for `region` (a constant number of queries), each village's figure its
/// share of them — equal to [`value`] for it.
pub async fn by_village(
    db: &Db,
    scope: &Scope,
    metric: Metric,
    region: &RegionCode,
    year: i32,
) -> Result<Vec<(RegionCode, Option<MetricValue>)>, StoreError> {
    let villages = crate::region::villages_under(db, scope, region).await?;
    if villages.is_empty() {
        return Ok(Vec::new());
    }
    let facts = Facts::load(db, metric, region, year, &mut Shared::default()).await?;
    let mut out = Vec::with_capacity(villages.len());
    for v in villages {
        let figure = facts.figure(&v)?;
        out.push((v, figure));
    }
    Ok(out)
}

/// [`by_village`] of each of `metrics` (in their order), from loads that share what they
/// can: the ledger's metrics (strong villages, operating income, its growth, class) read one
/// classification of the year (and one of the previous year) between them instead of one
/// each. Each metric's figures are the ones [`by_village`] gives: the same loads and the same
/// code, only the classifications kept between them.
pub async fn by_village_many(
    db: &Db,
    scope: &Scope,
    metrics: &[Metric],
    region: &RegionCode,
    year: i32,
) -> Result<Vec<(Metric, Vec<(RegionCode, Option<MetricValue>)>)>, StoreError> {
    let villages = crate::region::villages_under(db, scope, region).await?;
    let mut shared = Shared::default();
    let mut out = Vec::with_capacity(metrics.len());
    for &metric in metrics {
        let mut rows = Vec::with_capacity(villages.len());
        if !villages.is_empty() {
            let facts = Facts::load(db, metric, region, year, &mut shared).await?;
            for v in &villages {
                rows.push((v.clone(), facts.figure(v)?));
            }
        }
        out.push((metric, rows));
    }
    Ok(out)
}

/// The figures of each of `metrics` (in their order) for each of `regions` (in their order;
/// regions of `region`'s subtree, `region` itself among them if wanted), each over its whole
/// subtree, in `year`: one load of each metric's facts for `region` (the ledger's metrics
/// sharing their classifications, as in [`by_village_many`]), each region's figure its part
/// of them — equal to [`value`] for that region. A region outside `scope` or outside
/// `region`'s subtree, or of a level the metric does not apply to, has `None`. What the
/// cockpit (一张图) shows for a district and its towns, or a town and its villages.
pub async fn for_regions(
    db: &Db,
    scope: &Scope,
    metrics: &[Metric],
    region: &RegionCode,
    regions: &[RegionCode],
    year: i32,
) -> Result<Vec<(Metric, Vec<Option<MetricValue>>)>, StoreError> {
    let mut shared = Shared::default();
    let mut out = Vec::with_capacity(metrics.len());
    for &metric in metrics {
        let wanted = |r: &RegionCode| {
            scope.contains(r) && region.contains(r) && metric.applies_to(r.level())
        };
        let mut figures = Vec::with_capacity(regions.len());
        if scope.contains(region) && regions.iter().any(wanted) {
            let facts = Facts::load(db, metric, region, year, &mut shared).await?;
            for r in regions {
                figures.push(if wanted(r) { facts.figure(r)? } else { None });
            }
        } else {
            figures.resize(regions.len(), None);
        }
        out.push((metric, figures));
    }
    Ok(out)
}

/// What loads of several metrics for the same region share: the classifications by year.
#[derive(Default)]
struct Shared {
    classifications: HashMap<i32, crate::ledger::classification::Classification>,
}

impl Shared {
    /// The classification of `within` in `year`, loaded once.
    async fn classify(
        &mut self,
        db: &Db,
        within: &Scope,
        year: i32,
    ) -> Result<&crate::ledger::classification::Classification, StoreError> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.classifications.entry(year) {
            e.insert(crate::ledger::classification::classify(db, within, year).await?);
        }
        self.classifications
            .get(&year)
            .ok_or_else(|| DomainError::NotFound.into())
    }
}

/// Additive rows `(region code, value, of)`, sorted by code.
type SumRows = Vec<(String, i64, i64)>;

/// What a metric is computed from, for a region's subtree.
enum Facts {
    /// Additive rows; `share` gives the figure its `of`.
    Sums { rows: SumRows, share: bool },
    /// The classification's class of each village, as its index in `Class::ALL`.
    Classes(Vec<(String, i64)>),
    /// The posts held on the date (by region), the year's trainings and who attended them
    /// (by person).
    Training {
        posts: Vec<HeldPost>,
        trainings: Vec<HeldTraining>,
        attended: HashMap<String, Vec<Attended>>,
        year: i32,
        reference: NaiveDate,
    },
    /// The industry units and logs, by region.
    Industry {
        facts: Box<RegionFacts>,
        metric: Metric,
    },
}

/// The index range of `items` (sorted by `key`) whose key lies in `region`'s subtree.
fn subtree<T>(items: &[T], key: impl Fn(&T) -> &str, region: &RegionCode) -> Range<usize> {
    let (lo, hi) = prefix_range(region.subtree_prefix());
    let start = items.partition_point(|x| key(x) < lo.as_str());
    let end = items.partition_point(|x| key(x) < hi.as_str());
    start..end.max(start)
}

fn sorted(mut rows: SumRows) -> SumRows {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

impl Facts {
    /// The figure for `region`'s subtree (within the loaded region).
    fn figure(&self, region: &RegionCode) -> Result<Option<MetricValue>, StoreError> {
        Ok(match self {
            Facts::Sums { rows, share } => {
                let (mut value, mut of) = (0_i64, 0_i64);
                for (_, v, o) in &rows[subtree(rows, |r| r.0.as_str(), region)] {
                    value = value
                        .checked_add(*v)
                        .ok_or(DomainError::Conflict(OVERFLOW))?;
                    of = of.checked_add(*o).ok_or(DomainError::Conflict(OVERFLOW))?;
                }
                Some(MetricValue {
                    value,
                    of: share.then_some(of),
                })
            }
            Facts::Classes(rows) => rows[subtree(rows, |r| r.0.as_str(), region)]
                .iter()
                .find(|r| r.0 == region.as_str())
                .map(|r| MetricValue::count(r.1)),
            Facts::Training {
                posts,
                trainings,
                attended,
                year,
                reference,
            } => {
                let posts = &posts[subtree(posts, |p| p.region_code.as_str(), region)];
                // The attendance of these posts' holders only (a holder of two posts twice:
                // the same trained person).
                let attended: Vec<Attended> = posts
                    .iter()
                    .filter_map(|p| attended.get(&p.person_id))
                    .flatten()
                    .cloned()
                    .collect();
                training_coverage(posts, trainings, &attended, *year, *reference)
                    .iter()
                    .find(|g| g.group == TargetGroup::PartySecretaries)
                    .map(|g| MetricValue {
                        value: g.trained as i64,
                        of: Some(g.total as i64),
                    })
            }
            Facts::Industry { facts, metric } => {
                let units = subtree(&facts.unit_regions, |r| r.as_str(), region);
                let logs = subtree(&facts.log_regions, |r| r.as_str(), region);
                let lookup = |p: &str| facts.households.get(p).cloned();
                let total = industry_compute(&facts.units[units], &facts.logs[logs], &lookup)?;
                Some(MetricValue::count(match metric {
                    Metric::IndustryGrossIncome => total.gross_income.div_euclid(100),
                    Metric::IndustryWorkers => total.distinct_workers as i64,
                    _ => total.households.iter().filter(|h| h.income > 0).count() as i64,
                }))
            }
        })
    }

    /// Loads the facts of `metric` for `region`'s subtree in `year` (the classifications
    /// from `shared`, which is for this region only).
    async fn load(
        db: &Db,
        metric: Metric,
        region: &RegionCode,
        year: i32,
        shared: &mut Shared,
    ) -> Result<Facts, StoreError> {
        let within = Scope::region(region.clone());
        let (lo, hi) = prefix_range(region.subtree_prefix());
        let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let today = domain::time::today();
        let reference = reference_day(year, today);
        let day = reference.to_string();
        let sums = |rows: SumRows, share: bool| Facts::Sums {
            rows: sorted(rows),
            share,
        };
        Ok(match metric {
            Metric::StrongVillages | Metric::OperatingIncome => {
                let c = shared.classify(db, &within, year).await?;
                let rows = c
                    .rows
                    .iter()
                    .map(|r| {
                        let v = match metric {
                            Metric::StrongVillages => i64::from(r.class == Class::Strong),
                            _ => r.figure,
                        };
                        (r.region_code.clone(), v, 0)
                    })
                    .collect();
                sums(rows, false)
            }
            Metric::VillageClass => {
                let c = shared.classify(db, &within, year).await?;
                let mut rows: Vec<(String, i64)> = c
                    .rows
                    .iter()
                    .filter_map(|r| {
                        let i = Class::ALL.iter().position(|c| *c == r.class)?;
                        Some((r.region_code.clone(), i as i64))
                    })
                    .collect();
                rows.sort_by(|a, b| a.0.cmp(&b.0));
                Facts::Classes(rows)
            }
            Metric::OperatingIncomeGrowth => {
                let mut by: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                for r in &shared.classify(db, &within, year).await?.rows {
                    by.entry(r.region_code.clone()).or_default().0 = r.figure;
                }
                for r in &shared.classify(db, &within, year - 1).await?.rows {
                    by.entry(r.region_code.clone()).or_default().1 = r.figure;
                }
                let mut rows = Vec::with_capacity(by.len());
                for (code, (n, b)) in by {
                    let growth = n.checked_sub(b).ok_or(DomainError::Conflict(OVERFLOW))?;
                    rows.push((code, growth, b));
                }
                sums(rows, true)
            }
            Metric::MeetingsHeld => {
                let rows: Vec<(String, i64)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT region_code, COUNT(*) FROM mechanism_meetings
                         WHERE region_code >= $1 AND region_code < $2
                           AND date >= $3 AND date <= $4 AND NOT archived
                         GROUP BY region_code",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&first)
                    .bind(&last)
                    .fetch_all(pool)
                    .await?
                });
                sums(rows.into_iter().map(|(c, n)| (c, n, 0)).collect(), false)
            }
            Metric::ProblemsClosedOnTime => {
                let rows: Vec<(String, i64, i64)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT region_code, COALESCE(SUM(CASE WHEN state IN ('done', 'closed')
                                AND done_at IS NOT NULL AND done_at <= deadline THEN 1 ELSE 0 END), 0),
                                COUNT(*)
                         FROM mechanism_problems WHERE region_code >= $1 AND region_code < $2
                           AND deadline >= $3 AND deadline <= $4 AND NOT archived
                         GROUP BY region_code",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&first)
                    .bind(&last)
                    .fetch_all(pool)
                    .await?
                });
                sums(rows, true)
            }
            Metric::ProblemsPastDeadline => {
                let rows: Vec<(String, i64)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT region_code, COUNT(*) FROM mechanism_problems
                         WHERE region_code >= $1 AND region_code < $2 AND NOT archived
                           AND deadline < $3
                           AND (state NOT IN ('done', 'closed')
                                OR (done_at IS NOT NULL AND done_at > $3))
                         GROUP BY region_code",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&day)
                    .fetch_all(pool)
                    .await?
                });
                sums(rows.into_iter().map(|(c, n)| (c, n, 0)).collect(), false)
            }
            Metric::ReserveCadres => {
                let rows: Vec<(String, i64)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT n.region_code, COUNT(*) FROM people_talent t
                         JOIN people_persons n ON n.id = t.person_id
                         WHERE n.region_code >= $1 AND n.region_code < $2
                           AND t.pool = 'reserve_cadre' AND NOT t.archived
                           AND t.entered_on <= $3 AND (t.left_on IS NULL OR t.left_on > $3)
                         GROUP BY n.region_code",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&day)
                    .fetch_all(pool)
                    .await?
                });
                sums(rows.into_iter().map(|(c, n)| (c, n, 0)).collect(), false)
            }
            Metric::FirstSecretaryInPost => {
                let villages = crate::region::villages_under(db, &within, region).await?;
                let held: Vec<(String,)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT DISTINCT region_code FROM people_posts
                         WHERE region_code >= $1 AND region_code < $2 AND post = $3
                           AND NOT archived AND starts_on <= $4
                           AND (ends_on IS NULL OR ends_on >= $4)",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(PostKind::FirstSecretary.as_str())
                    .bind(&day)
                    .fetch_all(pool)
                    .await?
                });
                let held: BTreeSet<String> = held.into_iter().map(|(c,)| c).collect();
                let rows = villages
                    .into_iter()
                    .map(|v| {
                        let n = i64::from(held.contains(v.as_str()));
                        (v.as_str().to_string(), n, 1)
                    })
                    .collect();
                sums(rows, true)
            }
            Metric::ProjectsOnSchedule => {
                let rows: Vec<(String, i64, i64)> = on_pool!(db, |pool| {
                    sqlx::query_as(
                        "SELECT p.region_code,
                                COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM industry_milestones m
                                    WHERE m.project_id = p.id AND NOT m.archived
                                      AND m.progress < 100 AND m.due_on < $3)
                                  THEN 0 ELSE 1 END), 0),
                                COUNT(*)
                         FROM industry_projects p
                         WHERE p.region_code >= $1 AND p.region_code < $2 AND NOT p.archived
                           AND (SELECT e.to_status FROM industry_project_events e
                                WHERE e.project_id = p.id
                                  AND COALESCE(e.decided_on, SUBSTR(e.at, 1, 10)) <= $3
                                ORDER BY COALESCE(e.decided_on, SUBSTR(e.at, 1, 10)) DESC,
                                         e.at DESC, e.id DESC
                                LIMIT 1) = 'implementing'
                         GROUP BY p.region_code",
                    )
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&day)
                    .fetch_all(pool)
                    .await?
                });
                sums(rows, true)
            }
            Metric::DisclosuresOverdue => {
                let villages: Vec<String> = crate::region::villages_under(db, &within, region)
                    .await?
                    .iter()
                    .map(|v| v.as_str().to_string())
                    .collect();
                let counts = crate::disclosure::schedules::overdue_by_village(
                    db, &within, &villages, year, today,
                )
                .await?;
                let rows = counts
                    .into_iter()
                    .map(|(c, n)| (c, i64::from(n), 0))
                    .collect();
                sums(rows, false)
            }
            Metric::FeedbackAnsweredInTime => {
                let counts =
                    crate::disclosure::feedback::response_by_village(db, &within, year, reference)
                        .await?;
                let rows = counts
                    .into_iter()
                    .map(|(c, (in_time, due))| (c, i64::from(in_time), i64::from(due)))
                    .collect();
                sums(rows, true)
            }
            Metric::MeetingCompliance => {
                let (Some(from), Some(to)) = (Period::new(year, 1), Period::new(year, 12)) else {
                    return Ok(sums(Vec::new(), true));
                };
                let b = board(db, &within, from, to, today).await?;
                let meeting_rules: BTreeSet<&str> = b
                    .rules
                    .iter()
                    .filter(|r| r.rule().is_some_and(|r| r.kind.meeting_type().is_some()))
                    .map(|r| r.id.as_str())
                    .collect();
                let rows = b
                    .cells
                    .iter()
                    .filter(|c| meeting_rules.contains(c.rule.as_str()))
                    .map(|c| {
                        (
                            c.region.clone(),
                            i64::from(c.status == CellStatus::Met),
                            i64::from(c.status != CellStatus::Pending),
                        )
                    })
                    .collect();
                sums(rows, true)
            }
            Metric::TrainingCoverage => {
                let (mut posts, trainings, attended) =
                    crate::people::trainings::coverage_facts(db, (&lo, &hi), year, reference)
                        .await?;
                posts.sort_by(|a, b| a.region_code.cmp(&b.region_code));
                let mut by_person: HashMap<String, Vec<Attended>> = HashMap::new();
                for a in attended {
                    by_person.entry(a.person_id.clone()).or_default().push(a);
                }
                Facts::Training {
                    posts,
                    trainings,
                    attended: by_person,
                    year,
                    reference,
                }
            }
            Metric::IndustryGrossIncome | Metric::IndustryWorkers | Metric::IndustryHouseholds => {
                let facts =
                    crate::industry::results::region_facts(db, &within, region, year).await?;
                Facts::Industry {
                    facts: Box::new(facts),
                    metric,
                }
            }
        })
    }
}

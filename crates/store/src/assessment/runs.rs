//! Runs of a scheme (考核): open → computed (from the metrics catalogue, again on demand)
//! → review → published (frozen: the scores and figures stay as they were published); a
//! correction is a new version with a reason. Manual scores with assessor, reason and
//! evidence. Every state change is one conditional `UPDATE … WHERE state IN (…)`, so one of
//! concurrent attempts wins.

use super::schemes::{self, SchemeDetail};
use super::{check_owner, stored};
use crate::audit;
use crate::mechanism::meetings::Upload;
use crate::{Db, StoreError, Tx, on_pool, on_tx};
use domain::assessment::entity;
use domain::assessment::rating::{self, Candidate};
use domain::assessment::scheme::{IndicatorKind, Scheme, SubjectKind};
use domain::assessment::scoring::{self, Input};
use domain::assessment::{State, Step};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::metrics::{Metric, MetricValue};
use domain::region::{Level, RegionCode};
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RunRecord {
    pub id: String,
    pub scheme_id: String,
    pub region_code: String,
    pub year: i32,
    pub version: i32,
    pub state: String,
    pub corrects_id: Option<String>,
    pub reason: String,
    pub computed_at: Option<String>,
    pub published_at: Option<String>,
    pub published_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl RunRecord {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Open)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ScoreRecord {
    pub run_id: String,
    pub region_code: String,
    pub indicator_key: String,
    pub value: Option<i64>,
    pub of_value: Option<i64>,
    pub figure: Option<i64>,
    pub target: Option<i64>,
    pub score: i64,
    pub vetoed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ResultRecord {
    pub run_id: String,
    pub region_code: String,
    pub total: i64,
    pub rank: i32,
    pub by_score: String,
    pub band: String,
    pub moved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ManualRecord {
    pub id: String,
    pub run_id: String,
    pub region_code: String,
    pub indicator_key: String,
    pub score: i64,
    pub reason: String,
    pub assessor_user_id: Option<String>,
    pub assessor_name: String,
    pub evidence_name: Option<String>,
    pub evidence_type: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const MANUAL_COLUMNS: &str =
    "id, run_id, region_code, indicator_key, score, reason, assessor_user_id,
    assessor_name, evidence_name, evidence_type, created_at, updated_at";

/// A subject's result with its indicator scores (in the scheme's order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectResult {
    pub result: ResultRecord,
    pub scores: Vec<ScoreRecord>,
}

/// A run with its scheme and the results the caller may see, by rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunView {
    pub run: RunRecord,
    pub scheme: SchemeDetail,
    pub subjects: Vec<SubjectResult>,
    /// How many subjects the run has in all (the quota counts them all).
    pub subject_count: i64,
}

/// A manual score as typed.
#[derive(Debug, Clone, Copy)]
pub struct ManualInput<'a> {
    pub score: &'a str,
    pub reason: &'a str,
    pub evidence: Option<Upload<'a>>,
}

fn in_scope(scope: &Scope, code: &str) -> bool {
    RegionCode::parse(code).is_ok_and(|c| scope.contains(&c))
}

/// True when `scope` may see `run`: owned in its subtree, or above it (then a village's
/// scope sees it only once published).
fn visible(scope: &Scope, run: &RunRecord) -> bool {
    let Ok(owner) = RegionCode::parse(&run.region_code) else {
        return false;
    };
    if scope.contains(&owner) {
        return true;
    }
    match scope.root() {
        Some(root) if owner.contains(root) => {
            root.level() != Level::Village || run.state() == State::Published
        }
        _ => false,
    }
}

async fn run_row(db: &Db, id: &str) -> Result<Option<RunRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM assessment_runs WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

async fn run_in_tx(tx: &mut Tx, id: &str) -> Result<Option<RunRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM assessment_runs WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// A run visible to `scope`.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<RunRecord>, StoreError> {
    Ok(run_row(db, id).await?.filter(|r| visible(scope, r)))
}

/// The runs of a scheme visible to `scope`, newest version first.
pub async fn of_scheme(
    db: &Db,
    scope: &Scope,
    scheme_id: &str,
) -> Result<Vec<RunRecord>, StoreError> {
    let rows: Vec<RunRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM assessment_runs WHERE scheme_id = $1 ORDER BY version DESC")
            .bind(scheme_id)
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().filter(|r| visible(scope, r)).collect())
}

/// Runs of `year` visible to `scope` (every version), by owner and version.
pub async fn list(db: &Db, scope: &Scope, year: Option<i32>) -> Result<Vec<RunRecord>, StoreError> {
    let mut q = crate::List::new("*", "FROM assessment_runs");
    q.scoped_or_above("region_code", scope);
    if let Some(y) = year {
        let y = q.arg(y as i64);
        q.and(format!("year = {y}"));
    }
    q.order_by("year DESC, region_code, scheme_id, version DESC, id");
    let rows: Vec<RunRecord> = q.fetch(db, crate::Page::all()).await?.0;
    Ok(rows.into_iter().filter(|r| visible(scope, r)).collect())
}

/// Opens the first run of a scheme (one per scheme: a second is `assessment.run_exists`).
pub async fn open(db: &Db, actor: &Actor, scheme_id: &str) -> Result<RunRecord, StoreError> {
    let scheme = schemes::load(db, scheme_id)
        .await?
        .filter(|d| !d.record.archived && actor.scope.contains(&d.scheme.owner))
        .ok_or(DomainError::NotFound)?;
    check_owner(actor, &scheme.scheme.owner)?;
    let mut tx = db.begin_write().await?;
    let run = insert_run(&mut tx, actor, &scheme, 1, None, "").await?;
    tx.commit().await?;
    Ok(run)
}

async fn insert_run(
    tx: &mut Tx,
    actor: &Actor,
    scheme: &SchemeDetail,
    version: i32,
    corrects: Option<&str>,
    reason: &str,
) -> Result<RunRecord, StoreError> {
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let done = on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO assessment_runs (id, scheme_id, region_code, year, version, state,
             corrects_id, reason, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $8) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&scheme.record.id)
        .bind(&scheme.record.region_code)
        .bind(scheme.record.year)
        .bind(version)
        .bind(corrects)
        .bind(reason)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if done != 1 {
        return Err(DomainError::Conflict("assessment.run_exists").into());
    }
    let run = run_in_tx(tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::insert(
        tx,
        actor,
        audit::Subject::new(entity::RUN, &id, &run.region_code),
        &run,
    )
    .await?;
    Ok(run)
}

/// The regions assessed by a scheme: the villages (or towns) under its owner, in code order.
pub async fn subjects(db: &Db, scheme: &Scheme) -> Result<Vec<RegionCode>, StoreError> {
    let within = Scope::region(scheme.owner.clone());
    if scheme.subject_kind.level() == Level::Village {
        return crate::region::villages_under(db, &within, &scheme.owner).await;
    }
    let (lo, hi) = within.range();
    let rows: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT code FROM regions WHERE code >= $1 AND code < $2 AND level = 'town'
             AND NOT archived ORDER BY code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(c,)| RegionCode::parse(&c).ok())
        .collect())
}

/// Figures of each subject, by metric and region code.
type Figures = HashMap<Metric, HashMap<String, Option<MetricValue>>>;

/// Each subject's figure of each of `metrics` for the scheme's year, from the catalogue
/// (`store::metrics`): for villages one `by_village_many` (loads shared between the metrics).
async fn figures(
    db: &Db,
    scheme: &Scheme,
    subjects: &[RegionCode],
    metrics: &[Metric],
) -> Result<Figures, StoreError> {
    let within = Scope::region(scheme.owner.clone());
    if scheme.subject_kind.level() == Level::Village {
        let all = crate::metrics::by_village_many(db, &within, metrics, &scheme.owner, scheme.year)
            .await?;
        return Ok(all
            .into_iter()
            .map(|(m, rows)| {
                let rows = rows
                    .into_iter()
                    .map(|(r, v)| (r.as_str().to_string(), v))
                    .collect();
                (m, rows)
            })
            .collect());
    }
    let mut out: Figures = HashMap::new();
    for &metric in metrics {
        let of_metric = out.entry(metric).or_default();
        for s in subjects {
            let v = crate::metrics::value(db, &within, metric, s, scheme.year).await?;
            of_metric.insert(s.as_str().to_string(), v);
        }
    }
    Ok(out)
}

/// The plan targets of `metric` for `year` set on the subjects' own regions (the first one
/// of a region's plans not archived).
async fn plan_targets(
    db: &Db,
    owner: &RegionCode,
    metric: Metric,
    year: i32,
) -> Result<HashMap<String, i64>, StoreError> {
    let (lo, hi) = Scope::region(owner.clone()).range();
    let rows: Vec<(String, i64)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT p.region_code, t.target_value FROM mechanism_targets t
             JOIN mechanism_plans p ON p.id = t.plan_id
             WHERE p.region_code >= $1 AND p.region_code < $2 AND p.year = $3
             AND t.kind = 'metric' AND t.metric = $4 AND NOT t.archived AND NOT p.archived
             ORDER BY p.region_code, p.created_at, t.position",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(year)
        .bind(metric.as_str())
        .fetch_all(pool)
        .await?
    });
    let mut out = HashMap::new();
    for (r, t) in rows {
        out.entry(r).or_insert(t);
    }
    Ok(out)
}

/// One computed row before it is written.
struct Computed {
    region: String,
    key: String,
    value: Option<MetricValue>,
    target: Option<i64>,
}

async fn compute_figures(db: &Db, scheme: &Scheme) -> Result<Vec<Computed>, StoreError> {
    let subjects = subjects(db, scheme).await?;
    let mut out = Vec::new();
    let mut metrics: Vec<Metric> = Vec::new();
    for m in scheme.indicators.iter().filter_map(|i| i.kind.metric()) {
        if !metrics.contains(&m) {
            metrics.push(m);
        }
    }
    let cache = figures(db, scheme, &subjects, &metrics).await?;
    for ind in &scheme.indicators {
        let Some(metric) = ind.kind.metric() else {
            continue;
        };
        let targets = match &ind.kind {
            IndicatorKind::Computed {
                rule: domain::assessment::scheme::Rule::RatioToTarget,
                ..
            } => plan_targets(db, &scheme.owner, metric, scheme.year).await?,
            _ => HashMap::new(),
        };
        let values = cache.get(&metric);
        for s in &subjects {
            out.push(Computed {
                region: s.as_str().to_string(),
                key: ind.key.clone(),
                value: values.and_then(|v| v.get(s.as_str()).copied().flatten()),
                target: targets.get(s.as_str()).copied(),
            });
        }
    }
    // Subjects without a computed indicator still need a row: the manual ones below.
    for s in &subjects {
        for ind in scheme
            .indicators
            .iter()
            .filter(|i| i.kind.metric().is_none())
        {
            out.push(Computed {
                region: s.as_str().to_string(),
                key: ind.key.clone(),
                value: None,
                target: None,
            });
        }
    }
    Ok(out)
}

/// Moves `run` from one of `from` to `to` in one conditional statement; `false` when another
/// change came first.
async fn transition(
    tx: &mut Tx,
    id: &str,
    from: &[State],
    to: State,
    actor: &Actor,
) -> Result<bool, StoreError> {
    let now = domain::time::now_text();
    let list = from
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let published = to == State::Published;
    let computed = to == State::Computed;
    let sql = format!(
        "UPDATE assessment_runs SET state = $2, updated_at = $3,
         computed_at = CASE WHEN $4 THEN $3 ELSE computed_at END,
         published_at = CASE WHEN $5 THEN $3 ELSE published_at END,
         published_by = CASE WHEN $5 THEN $6 ELSE published_by END
         WHERE id = $1 AND state IN ({list})"
    );
    let by = actor.user_id.map(|u| u.to_string());
    let n = on_tx!(tx, |conn| {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .bind(to.as_str())
            .bind(&now)
            .bind(computed)
            .bind(published)
            .bind(&by)
            .execute(conn)
            .await?
            .rows_affected()
    });
    Ok(n == 1)
}

async fn manual_rows(tx: &mut Tx, run_id: &str) -> Result<Vec<ManualRecord>, StoreError> {
    let sql = format!("SELECT {MANUAL_COLUMNS} FROM assessment_manual WHERE run_id = $1");
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(run_id)
            .fetch_all(conn)
            .await?
    }))
}

/// Writes every subject's scores (computed figures and the manual scores entered) and rates.
async fn write_scores(
    tx: &mut Tx,
    run_id: &str,
    scheme: &Scheme,
    computed: &[Computed],
) -> Result<(), StoreError> {
    let manual: HashMap<(String, String), i64> = manual_rows(tx, run_id)
        .await?
        .into_iter()
        .map(|m| ((m.region_code, m.indicator_key), m.score))
        .collect();
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM assessment_scores WHERE run_id = $1")
            .bind(run_id)
            .execute(conn)
            .await?;
    });
    let by_key: HashMap<&str, &domain::assessment::scheme::Indicator> = scheme
        .indicators
        .iter()
        .map(|i| (i.key.as_str(), i))
        .collect();
    let mut rows = Vec::with_capacity(computed.len());
    for c in computed {
        let Some(ind) = by_key.get(c.key.as_str()) else {
            continue;
        };
        let input = Input {
            value: c.value,
            target: c.target,
            manual: manual.get(&(c.region.clone(), c.key.clone())).copied(),
        };
        let out = scoring::score(ind, &input);
        rows.push(ScoreRecord {
            run_id: run_id.to_string(),
            region_code: c.region.clone(),
            indicator_key: c.key.clone(),
            value: c.value.map(|v| v.value).or(input.manual),
            of_value: c.value.and_then(|v| v.of),
            figure: out.figure,
            target: c.target,
            score: out.score,
            vetoed: out.vetoed,
        });
    }
    // Many rows a statement (9 parameters a row, within both backends' limits).
    for chunk in rows.chunks(200) {
        let sql = format!(
            "INSERT INTO assessment_scores (run_id, region_code, indicator_key, value, of_value,
             figure, target, score, vetoed) VALUES {}",
            values_marks(chunk.len(), 9)
        );
        on_tx!(tx, |conn| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                q = q
                    .bind(&r.run_id)
                    .bind(&r.region_code)
                    .bind(&r.indicator_key)
                    .bind(r.value)
                    .bind(r.of_value)
                    .bind(r.figure)
                    .bind(r.target)
                    .bind(r.score)
                    .bind(r.vetoed);
            }
            q.execute(conn).await?;
        });
    }
    rate(tx, run_id, scheme).await
}

/// `($1, …, $k), ($k+1, …)`: the placeholders of `rows` rows of `k` values.
fn values_marks(rows: usize, k: usize) -> String {
    (0..rows)
        .map(|i| {
            let p: Vec<String> = (1..=k).map(|j| format!("${}", i * k + j)).collect();
            format!("({})", p.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rates the run's subjects from their stored scores and rewrites the results.
async fn rate(tx: &mut Tx, run_id: &str, scheme: &Scheme) -> Result<(), StoreError> {
    let rows: Vec<(String, String, i64, bool)> = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT region_code, indicator_key, score, vetoed FROM assessment_scores
             WHERE run_id = $1 ORDER BY region_code",
        )
        .bind(run_id)
        .fetch_all(conn)
        .await?
    });
    let first = scheme
        .indicators
        .first()
        .map(|i| i.key.as_str())
        .unwrap_or("");
    let mut by_region: BTreeMap<String, Candidate> = BTreeMap::new();
    for (region, key, score, vetoed) in rows {
        let c = by_region.entry(region).or_insert(Candidate {
            total: 0,
            first: 0,
            vetoed: false,
        });
        c.total = c
            .total
            .checked_add(score)
            .ok_or(DomainError::Conflict(domain::money::OVERFLOW))?;
        c.vetoed |= vetoed;
        if key == first {
            c.first = score;
        }
    }
    let regions: Vec<String> = by_region.keys().cloned().collect();
    let candidates: Vec<Candidate> = by_region.values().copied().collect();
    let rated = rating::rate(&candidates, &scheme.bands);
    on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM assessment_results WHERE run_id = $1")
            .bind(run_id)
            .execute(conn)
            .await?;
    });
    let rows: Vec<_> = regions.iter().zip(&candidates).zip(&rated).collect();
    // Many rows a statement (7 parameters a row, within both backends' limits).
    for chunk in rows.chunks(200) {
        let sql = format!(
            "INSERT INTO assessment_results (run_id, region_code, total, rank, by_score, band, moved)
             VALUES {}",
            values_marks(chunk.len(), 7)
        );
        on_tx!(tx, |conn| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for ((region, c), r) in chunk {
                q = q
                    .bind(run_id)
                    .bind(region.as_str())
                    .bind(c.total)
                    .bind(i32::try_from(r.rank).unwrap_or(i32::MAX))
                    .bind(r.by_score.as_str())
                    .bind(r.band.as_str())
                    .bind(r.moved.map(|m| m.as_str()));
            }
            q.execute(conn).await?;
        });
    }
    Ok(())
}

async fn scheme_of(db: &Db, run: &RunRecord) -> Result<SchemeDetail, StoreError> {
    schemes::load(db, &run.scheme_id)
        .await?
        .ok_or_else(|| stored().into())
}

/// Takes a step: compute (fill the computed indicators from the catalogue again and rate),
/// to review, publish (frozen; every manual indicator must be scored for every subject:
/// `assessment.manual_missing`). A step from the wrong state — or a step that another came
/// first to — is `assessment.state_changed`.
pub async fn step(db: &Db, actor: &Actor, id: &str, step: Step) -> Result<RunRecord, StoreError> {
    let run = run_row(db, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let owner = RegionCode::parse(&run.region_code).map_err(|_| stored())?;
    check_owner(actor, &owner)?;
    let scheme = scheme_of(db, &run).await?;
    let (from, to) = step.from_to();
    if !from.contains(&run.state()) {
        return Err(DomainError::Conflict("assessment.state_changed").into());
    }
    // Figures are read before the write transaction (the catalogue reads the pool).
    let computed = if step == Step::Compute {
        Some(compute_figures(db, &scheme.scheme).await?)
    } else {
        None
    };
    let mut tx = db.begin_write().await?;
    if step == Step::Publish {
        let missing = missing_manual(&mut tx, id, &scheme.scheme).await?;
        if missing > 0 {
            return Err(DomainError::Conflict("assessment.manual_missing").into());
        }
    }
    if !transition(&mut tx, id, from, to, actor).await? {
        return Err(DomainError::Conflict("assessment.state_changed").into());
    }
    if let Some(c) = &computed {
        write_scores(&mut tx, id, &scheme.scheme, c).await?;
    }
    let new = run_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        match step {
            Step::Compute => Action::Update,
            Step::Review => Action::Review,
            Step::Publish => Action::Post,
        },
        audit::Subject::new(entity::RUN, id, &new.region_code),
        Some(&run),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// How many (subject, manual indicator) pairs have no score yet.
async fn missing_manual(tx: &mut Tx, run_id: &str, scheme: &Scheme) -> Result<i64, StoreError> {
    let manual: Vec<&str> = scheme
        .indicators
        .iter()
        .filter(|i| i.kind.is_manual())
        .map(|i| i.key.as_str())
        .collect();
    if manual.is_empty() {
        return Ok(0);
    }
    let (subjects,): (i64,) = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT COUNT(*) FROM assessment_results WHERE run_id = $1")
            .bind(run_id)
            .fetch_one(conn)
            .await?
    });
    let entered = manual_rows(tx, run_id)
        .await?
        .iter()
        .filter(|m| manual.contains(&m.indicator_key.as_str()))
        .count() as i64;
    Ok((subjects * manual.len() as i64 - entered).max(0))
}

/// A correction: a new version of a published run (the latest), open, with the manual
/// scores carried over; `reason` is required. The published version stays readable.
pub async fn correct(
    db: &Db,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<RunRecord, StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new("common.required", "reason").into());
    }
    if reason.chars().count() > 1000 {
        return Err(FieldError::new("common.too_long", "reason")
            .arg("max", "1000")
            .into());
    }
    let run = run_row(db, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let owner = RegionCode::parse(&run.region_code).map_err(|_| stored())?;
    check_owner(actor, &owner)?;
    if run.state() != State::Published {
        return Err(DomainError::Conflict("assessment.state_changed").into());
    }
    let scheme = scheme_of(db, &run).await?;
    let mut tx = db.begin_write().await?;
    // Only the latest version is corrected: the next version number is taken once.
    let new = insert_run(
        &mut tx,
        actor,
        &scheme,
        run.version.saturating_add(1),
        Some(id),
        reason,
    )
    .await?;
    let now = domain::time::now_text();
    let old = manual_rows(&mut tx, id).await?;
    for m in old {
        let mid = Id::new().to_string();
        on_tx!(&mut tx, |conn| {
            sqlx::query(
                "INSERT INTO assessment_manual (id, run_id, region_code, indicator_key, score, reason,
                 assessor_user_id, assessor_name, evidence_name, evidence_type, evidence, created_at, updated_at)
                 SELECT $1, $2, region_code, indicator_key, score, reason, assessor_user_id,
                 assessor_name, evidence_name, evidence_type, evidence, $3, $3
                 FROM assessment_manual WHERE id = $4",
            )
            .bind(&mid)
            .bind(&new.id)
            .bind(&now)
            .bind(&m.id)
            .execute(conn)
            .await?;
        });
    }
    tx.commit().await?;
    Ok(new)
}

/// A run with its scheme and the results `scope` may see (its subtree's subjects), by rank.
pub async fn view(db: &Db, scope: &Scope, id: &str) -> Result<Option<RunView>, StoreError> {
    let Some(run) = get(db, scope, id).await? else {
        return Ok(None);
    };
    let scheme = scheme_of(db, &run).await?;
    let (lo, hi) = scope.range();
    let (results, scores, count): (Vec<ResultRecord>, Vec<ScoreRecord>, (i64,)) =
        on_pool!(db, |pool| {
            let results = sqlx::query_as(
                "SELECT * FROM assessment_results WHERE run_id = $1
                 AND region_code >= $2 AND region_code < $3 ORDER BY rank, region_code",
            )
            .bind(id)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(pool)
            .await?;
            let scores = sqlx::query_as(
                "SELECT * FROM assessment_scores WHERE run_id = $1
                 AND region_code >= $2 AND region_code < $3",
            )
            .bind(id)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(pool)
            .await?;
            let count = sqlx::query_as("SELECT COUNT(*) FROM assessment_results WHERE run_id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?;
            (results, scores, count)
        });
    let order: HashMap<&str, usize> = scheme
        .scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.key.as_str(), i))
        .collect();
    let mut by_region: HashMap<String, Vec<ScoreRecord>> = HashMap::new();
    for s in scores {
        by_region.entry(s.region_code.clone()).or_default().push(s);
    }
    let subjects = results
        .into_iter()
        .map(|result| {
            let mut scores = by_region.remove(&result.region_code).unwrap_or_default();
            scores.sort_by_key(|s| order.get(s.indicator_key.as_str()).copied());
            SubjectResult { result, scores }
        })
        .collect();
    Ok(Some(RunView {
        run,
        scheme,
        subjects,
        subject_count: count.0,
    }))
}

/// The manual scores of a subject in a run (visible to `scope`).
pub async fn manual_of(
    db: &Db,
    scope: &Scope,
    run_id: &str,
    region: &RegionCode,
) -> Result<Vec<ManualRecord>, StoreError> {
    if !scope.contains(region) || get(db, scope, run_id).await?.is_none() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {MANUAL_COLUMNS} FROM assessment_manual WHERE run_id = $1 AND region_code = $2
         ORDER BY indicator_key"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(run_id)
            .bind(region.as_str())
            .fetch_all(pool)
            .await?
    }))
}

type EvidenceRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<Vec<u8>>,
);

/// A manual score's evidence file (name, content type, bytes), visible to `scope`.
pub async fn evidence(
    db: &Db,
    scope: &Scope,
    manual_id: &str,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    let row: Option<EvidenceRow> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT run_id, region_code, evidence_name, evidence_type, evidence
                 FROM assessment_manual WHERE id = $1",
        )
        .bind(manual_id)
        .fetch_optional(pool)
        .await?
    });
    let Some((run_id, region, Some(name), Some(kind), Some(data))) = row else {
        return Ok(None);
    };
    if !in_scope(scope, &region) || get(db, scope, &run_id).await?.is_none() {
        return Ok(None);
    }
    Ok(Some((name, kind, data)))
}

/// True when `actor` belongs to the subject's own region: their scope lies inside it (a
/// cadre or first secretary of the village), or a person of their name holds a post there
/// in the run's year (users and the person registry are linked by name, as meeting
/// attendees are).
async fn own_subject(
    tx: &mut Tx,
    actor: &Actor,
    subject: &RegionCode,
    year: i32,
) -> Result<bool, StoreError> {
    if actor.scope.root().is_some_and(|r| subject.contains(r)) {
        return Ok(true);
    }
    let Some(user) = actor.user_id else {
        return Ok(false);
    };
    let (lo, hi) = Scope::region(subject.clone()).range();
    let (n,): (i64,) = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM people_posts p
             JOIN people_persons n ON n.id = p.person_id
             JOIN users u ON u.display_name = n.name
             WHERE u.id = $1 AND p.region_code >= $2 AND p.region_code < $3
             AND NOT p.archived AND NOT n.archived
             AND p.starts_on <= $4 AND (p.ends_on IS NULL OR p.ends_on >= $5)",
        )
        .bind(user.to_string())
        .bind(&lo)
        .bind(&hi)
        .bind(format!("{year:04}-12-31"))
        .bind(format!("{year:04}-01-01"))
        .fetch_one(conn)
        .await?
    });
    Ok(n > 0)
}

/// Enters (or replaces) a manual score of `subject` on the indicator `key` while the run is
/// not published: the score within 0..=weight (a manual veto: 1 yes / 0 no), a reason, an
/// optional evidence file. The assessor must hold the indicator's role and not belong to
/// the subject (`assessment.assessor_own_subject`). Rates the run again when it has been
/// computed.
pub async fn set_manual(
    db: &Db,
    actor: &Actor,
    run_id: &str,
    subject: &RegionCode,
    key: &str,
    input: ManualInput<'_>,
) -> Result<ManualRecord, StoreError> {
    let run = run_row(db, run_id)
        .await?
        .filter(|r| visible(&actor.scope, r) && actor.scope.contains(subject))
        .ok_or(DomainError::NotFound)?;
    let scheme = scheme_of(db, &run).await?;
    let ind = scheme
        .scheme
        .indicators
        .iter()
        .find(|i| i.key == key && i.kind.is_manual())
        .ok_or(DomainError::NotFound)?;
    if !subjects(db, &scheme.scheme).await?.contains(subject) {
        return Err(DomainError::NotFound.into());
    }
    let mut tx = db.begin_write().await?;
    if own_subject(&mut tx, actor, subject, run.year).await? {
        return Err(FieldError::new("assessment.assessor_own_subject", "score").into());
    }
    if actor.role.is_some() && actor.role != ind.kind.role() {
        return Err(DomainError::Forbidden.into());
    }
    let score = match &ind.kind {
        IndicatorKind::VetoManual { .. } => match input.score.trim() {
            "1" | "yes" => 1,
            "0" | "no" => 0,
            "" => return Err(FieldError::new("common.required", "score").into()),
            t => {
                return Err(FieldError::new("common.choice_invalid", "score")
                    .arg("value", t)
                    .into());
            }
        },
        _ => scoring::parse_manual(input.score, ind)?,
    };
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new("common.required", "reason").into());
    }
    if reason.chars().count() > 1000 {
        return Err(FieldError::new("common.too_long", "reason")
            .arg("max", "1000")
            .into());
    }
    let evidence = match input.evidence {
        Some(u) => {
            let kind = domain::mechanism::attachment::check(u.file_name, u.data).map_err(|e| {
                FieldError {
                    field: "evidence",
                    ..e
                }
            })?;
            Some((
                domain::mechanism::attachment::clean_name(u.file_name),
                kind,
                u.data,
            ))
        }
        None => None,
    };
    // Guarded: the run is not published (the row is locked until this commits).
    let now = domain::time::now_text();
    let n = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE assessment_runs SET updated_at = $2 WHERE id = $1 AND state <> 'published'",
        )
        .bind(run_id)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if n != 1 {
        return Err(DomainError::Conflict("assessment.frozen").into());
    }
    let assessor_name = match actor.user_id {
        Some(u) => {
            let row: Option<(String,)> = on_tx!(&mut tx, |conn| {
                sqlx::query_as("SELECT display_name FROM users WHERE id = $1")
                    .bind(u.to_string())
                    .fetch_optional(conn)
                    .await?
            });
            row.map(|(n,)| n).unwrap_or_else(|| actor.username.clone())
        }
        None => actor.username.clone(),
    };
    let before: Option<ManualRecord> = {
        let sql = format!(
            "SELECT {MANUAL_COLUMNS} FROM assessment_manual WHERE run_id = $1 AND region_code = $2
             AND indicator_key = $3"
        );
        on_tx!(&mut tx, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(run_id)
                .bind(subject.as_str())
                .bind(key)
                .fetch_optional(conn)
                .await?
        })
    };
    let id = before
        .as_ref()
        .map(|b| b.id.clone())
        .unwrap_or_else(|| Id::new().to_string());
    let user = actor.user_id.map(|u| u.to_string());
    let (ev_name, ev_type, ev_data) = match evidence {
        Some((n, t, d)) => (Some(n), Some(t.to_string()), Some(d.to_vec())),
        None => (None, None, None),
    };
    on_tx!(&mut tx, |conn| {
        if before.is_some() {
            sqlx::query(
                "UPDATE assessment_manual SET score = $2, reason = $3, assessor_user_id = $4,
                 assessor_name = $5, updated_at = $6,
                 evidence_name = COALESCE($7, evidence_name), evidence_type = COALESCE($8, evidence_type),
                 evidence = COALESCE($9, evidence) WHERE id = $1",
            )
            .bind(&id)
            .bind(score)
            .bind(reason)
            .bind(&user)
            .bind(&assessor_name)
            .bind(&now)
            .bind(&ev_name)
            .bind(&ev_type)
            .bind(&ev_data)
            .execute(conn)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO assessment_manual (id, run_id, region_code, indicator_key, score, reason,
                 assessor_user_id, assessor_name, evidence_name, evidence_type, evidence, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
            )
            .bind(&id)
            .bind(run_id)
            .bind(subject.as_str())
            .bind(key)
            .bind(score)
            .bind(reason)
            .bind(&user)
            .bind(&assessor_name)
            .bind(&ev_name)
            .bind(&ev_type)
            .bind(&ev_data)
            .bind(&now)
            .execute(conn)
            .await?;
        }
    });
    // A computed run: the subject's score row follows, and the run is rated again.
    if run.computed_at.is_some() {
        let out = scoring::score(
            ind,
            &Input {
                manual: Some(score),
                ..Input::default()
            },
        );
        on_tx!(&mut tx, |conn| {
            sqlx::query(
                "UPDATE assessment_scores SET value = $4, score = $5, vetoed = $6
                 WHERE run_id = $1 AND region_code = $2 AND indicator_key = $3",
            )
            .bind(run_id)
            .bind(subject.as_str())
            .bind(key)
            .bind(score)
            .bind(out.score)
            .bind(out.vetoed)
            .execute(conn)
            .await?;
        });
        rate(&mut tx, run_id, &scheme.scheme).await?;
    }
    let sql = format!("SELECT {MANUAL_COLUMNS} FROM assessment_manual WHERE id = $1");
    let after: ManualRecord = on_tx!(&mut tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&id)
            .fetch_one(conn)
            .await?
    });
    audit::change(
        &mut tx,
        actor,
        if before.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        audit::Subject::new(entity::MANUAL, &id, subject.as_str()),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The scheme's subject kind of a run (for pages that name it).
pub fn subject_kind(view: &RunView) -> SubjectKind {
    view.scheme.scheme.subject_kind
}

//! Pay linkage stored: policies, a village's yearly calculation, its approval and voucher.
//!
//! - Policies (`pay_policies`) are owned by a district and written by its administrator;
//!   they are seen by everyone in the district (a town or village sees the policies of the
//!   regions above it).
//! - A calculation (`pay_calculations`, one per policy, village and year) keeps a snapshot:
//!   the policy, the facts (operating income of the year and the year before from the
//!   metrics catalogue, the published rating, the posts held) and the result (pool, shares,
//!   steps). It is computed by the town (or the district) and recomputed while `draft` or
//!   `returned`; the town submits it, the district approves or returns it with a reason. Each
//!   change is a guarded `UPDATE … WHERE state = …`: of N concurrent attempts one wins, the
//!   others get `pay.state_changed`. The approver must not be the submitter.
//! - Approval writes ONE draft voucher (generated, so the ledger does not edit it; reviewed
//!   and posted like any other) in the same transaction: debit 管理费用 (2004 chart 541, 2023
//!   chart 513), credit 应付工资 (211 / 212) one line per cadre, each on the account itself or,
//!   when it has sub-accounts, on its first active leaf. It goes into the village's book of
//!   the pay year dated 31 December while that book and its December are open, else into
//!   the book of the approval day's year dated that day. Nothing to pay (0) writes no
//!   voucher. The voucher id is unique across calculations.
//! - The 四议两公开 record (`pay_deliberations`) is replaced as a whole; a meeting named must
//!   be a meeting of the village.
//!
//! Operating income is the classification's figure (`Metric::OperatingIncome`: gross or
//! net per the district's classification measure for the year), so policy (b)'s "net
//! income" is that figure: the catalogue is the only source.

use crate::audit;
use crate::ledger::books::{self, AccountRecord};
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::{Datelike, NaiveDate};
use domain::assessment::pay::{
    Calculation, DeliberationStep, Facts, Policy, State, Tenure, calculate, entity,
};
use domain::audit::Action;
use domain::identity::{Actor, Role, Scope};
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{AccountingSystem, Period};
use domain::metrics::Metric;
use domain::people::post::PostKind;
use domain::region::{Level, RegionCode};
use domain::{DomainError, FieldError, Id, Money};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PolicyRecord {
    pub id: String,
    pub region_code: String,
    pub name: String,
    pub kind: String,
    pub from_year: i32,
    pub to_year: Option<i32>,
    pub params: String,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl PolicyRecord {
    /// The policy its parameters hold.
    pub fn policy(&self) -> Result<Policy, StoreError> {
        serde_json::from_str(&self.params)
            .map_err(|_| DomainError::Conflict("pay.policy_unreadable").into())
    }

    /// Applies to `village` (below the owning region) in `year`.
    pub fn applies(&self, village: &RegionCode, year: i32) -> bool {
        RegionCode::parse(&self.region_code).is_ok_and(|r| Scope::region(r).contains(village))
            && self.from_year <= year
            && self.to_year.is_none_or(|t| year <= t)
            && !self.archived
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CalculationRecord {
    pub id: String,
    pub policy_id: String,
    pub policy_name: String,
    pub region_code: String,
    pub region_name: String,
    pub year: i32,
    pub state: String,
    pub pool: i64,
    pub paid: i64,
    pub policy: String,
    pub facts: String,
    pub result: String,
    pub computed_by_name: String,
    pub computed_at: String,
    pub submitted_by: Option<String>,
    pub submitted_by_name: Option<String>,
    pub submitted_at: Option<String>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<String>,
    pub reason: String,
    pub voucher_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The submitter's and the decider's display names (their user names when unknown).
    pub submitted_by_display: Option<String>,
    pub decided_by_display: Option<String>,
}

impl CalculationRecord {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Draft)
    }

    /// The snapshot: policy, facts and result.
    pub fn snapshot(&self) -> Result<(Policy, Facts, Calculation), StoreError> {
        let bad = |_| StoreError::from(DomainError::Conflict("pay.snapshot_unreadable"));
        Ok((
            serde_json::from_str(&self.policy).map_err(bad)?,
            serde_json::from_str(&self.facts).map_err(bad)?,
            serde_json::from_str(&self.result).map_err(bad)?,
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DeliberationRecord {
    pub calculation_id: String,
    pub step: String,
    pub step_no: i32,
    pub held_on: String,
    pub meeting_id: Option<String>,
    pub note: String,
    /// The meeting's date and agenda, when linked.
    pub meeting_date: Option<String>,
    pub meeting_agenda: Option<String>,
}

/// Policies: the district administrator (or the system), in the district.
fn check_district(actor: &Actor) -> Result<(), DomainError> {
    match actor.role {
        None | Some(Role::DistrictAdmin) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Computing and submitting: the town officer (or the district administrator, or the
/// system) in scope.
fn check_town(actor: &Actor, village: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(village) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin) | Some(Role::TownOfficer) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Submitting: the town (the town officer, or the system).
fn check_submit(actor: &Actor, village: &RegionCode) -> Result<(), DomainError> {
    check_town(actor, village)?;
    match actor.role {
        None | Some(Role::TownOfficer) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// The 四议两公开 record: the village's own cadres too.
fn check_record(actor: &Actor, village: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(village) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin) | Some(Role::TownOfficer) | Some(Role::VillageCadre) => {
            Ok(())
        }
        Some(_) => Err(DomainError::Forbidden),
    }
}

const POLICY_COLUMNS: &str = "id, region_code, name, kind, from_year, to_year, params, archived,
     created_by, created_at, updated_at";

/// The policies a scope sees (its own region's, those below and those of the regions
/// above it), newest first.
pub async fn policies(db: &Db, scope: &Scope) -> Result<Vec<PolicyRecord>, StoreError> {
    let mut q = List::new(POLICY_COLUMNS, "FROM pay_policies");
    q.scoped_or_above("region_code", scope)
        .and("NOT archived")
        .order_by("from_year DESC, name, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

pub async fn policy(db: &Db, scope: &Scope, id: &str) -> Result<Option<PolicyRecord>, StoreError> {
    let mut q = List::new(POLICY_COLUMNS, "FROM pay_policies");
    q.scoped_or_above("region_code", scope)
        .eq("id", id)
        .order_by("id");
    Ok(q.fetch(db, Page::all()).await?.0.into_iter().next())
}

/// The policies in force for `village` in `year`.
pub async fn policies_for(
    db: &Db,
    scope: &Scope,
    village: &RegionCode,
    year: i32,
) -> Result<Vec<PolicyRecord>, StoreError> {
    Ok(policies(db, scope)
        .await?
        .into_iter()
        .filter(|p| p.applies(village, year))
        .collect())
}

async fn policy_in_tx(tx: &mut Tx, id: &str) -> Result<Option<PolicyRecord>, StoreError> {
    tx.locked_row("pay_policies", id).await
}

/// A new policy of the actor's district.
pub async fn create_policy(db: &Db, actor: &Actor, p: &Policy) -> Result<PolicyRecord, StoreError> {
    check_district(actor)?;
    let region = actor
        .scope
        .root()
        .filter(|r| r.level() == Level::District)
        .ok_or(DomainError::Forbidden)?
        .clone();
    let mut tx = db.begin_write().await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let params = to_json(p);
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO pay_policies (id, region_code, name, kind, from_year, to_year, params,
                 archived, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9, $9)",
        )
        .bind(&id)
        .bind(region.as_str())
        .bind(&p.name)
        .bind(p.kind.as_str())
        .bind(p.from_year)
        .bind(p.to_year)
        .bind(&params)
        .bind(&actor.username)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = policy_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::POLICY, &id, region.as_str()),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Replaces a policy's content (calculations keep their own snapshot).
pub async fn update_policy(
    db: &Db,
    actor: &Actor,
    id: &str,
    p: &Policy,
) -> Result<PolicyRecord, StoreError> {
    check_district(actor)?;
    let mut tx = db.begin_write().await?;
    let old = policy_in_tx(&mut tx, id)
        .await?
        .filter(|r| owned_by(actor, r))
        .ok_or(DomainError::NotFound)?;
    let now = domain::time::now_text();
    let params = to_json(p);
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE pay_policies SET name = $2, kind = $3, from_year = $4, to_year = $5,
                 params = $6, updated_at = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(&p.name)
        .bind(p.kind.as_str())
        .bind(p.from_year)
        .bind(p.to_year)
        .bind(&params)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = policy_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::POLICY, id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

fn owned_by(actor: &Actor, r: &PolicyRecord) -> bool {
    RegionCode::parse(&r.region_code).is_ok_and(|c| actor.scope.contains(&c))
}

/// The facts of `village`'s calculation for `year` as the caller's scope sees them:
/// operating income of the year and the year before (the metrics catalogue), the published
/// rating, the posts of the village (exactly the village) held some day in the year. `None`
/// outside the scope.
pub async fn facts(
    db: &Db,
    scope: &Scope,
    village: &RegionCode,
    year: i32,
) -> Result<Option<Facts>, StoreError> {
    if !scope.contains(village) || village.level() != Level::Village {
        return Ok(None);
    }
    let Some(income) =
        crate::metrics::value(db, scope, Metric::OperatingIncome, village, year).await?
    else {
        return Ok(None);
    };
    let Some(growth) =
        crate::metrics::value(db, scope, Metric::OperatingIncomeGrowth, village, year).await?
    else {
        return Ok(None);
    };
    let band = crate::assessment::published_band(db, village, year).await?;
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let posts = crate::people::posts::list(
        db,
        scope,
        &crate::people::posts::Filter {
            region: Some(village.clone()),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .filter(|p| {
        p.region_code == village.as_str()
            && p.starts_on <= last
            && p.ends_on.as_ref().is_none_or(|e| *e >= first)
    })
    .filter_map(|p| {
        Some(Tenure {
            post: PostKind::parse(&p.post).ok()?,
            starts_on: domain::time::parse_date(&p.starts_on)?,
            ends_on: match &p.ends_on {
                Some(e) => Some(domain::time::parse_date(e)?),
                None => None,
            },
            person_id: p.person_id,
            name: p.person_name,
        })
    })
    .collect();
    Ok(Some(Facts {
        year,
        income: income.value,
        previous: growth.of.unwrap_or(0),
        band,
        posts,
    }))
}

macro_rules! calc_select {
    () => {
        "SELECT c.id, c.policy_id, p.name AS policy_name, c.region_code, r.name AS region_name,
                c.year, c.state, c.pool, c.paid, c.policy, c.facts, c.result, c.computed_by_name,
                c.computed_at, c.submitted_by, c.submitted_by_name, c.submitted_at, c.decided_by,
                c.decided_by_name, c.decided_at, c.reason, c.voucher_id, c.created_at, c.updated_at,
                COALESCE(su.display_name, c.submitted_by_name) AS submitted_by_display,
                COALESCE(du.display_name, c.decided_by_name) AS decided_by_display
         FROM pay_calculations c JOIN pay_policies p ON p.id = c.policy_id
         JOIN regions r ON r.code = c.region_code
         LEFT JOIN users su ON su.id = c.submitted_by LEFT JOIN users du ON du.id = c.decided_by "
    };
}

const CALC_COLUMNS: &str = "c.id, c.policy_id, p.name AS policy_name, c.region_code,
    r.name AS region_name, c.year, c.state, c.pool, c.paid, c.policy, c.facts, c.result,
    c.computed_by_name, c.computed_at, c.submitted_by, c.submitted_by_name, c.submitted_at,
    c.decided_by, c.decided_by_name, c.decided_at, c.reason, c.voucher_id, c.created_at,
    c.updated_at, COALESCE(su.display_name, c.submitted_by_name) AS submitted_by_display,
    COALESCE(du.display_name, c.decided_by_name) AS decided_by_display";
const CALC_FROM: &str = "FROM pay_calculations c JOIN pay_policies p ON p.id = c.policy_id
    JOIN regions r ON r.code = c.region_code
    LEFT JOIN users su ON su.id = c.submitted_by LEFT JOIN users du ON du.id = c.decided_by";

/// One calculation in scope.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<CalculationRecord>, StoreError> {
    let mut q = List::new(CALC_COLUMNS, CALC_FROM);
    q.scoped("c.region_code", scope)
        .eq("c.id", id)
        .order_by("c.id");
    Ok(q.fetch(db, Page::all()).await?.0.into_iter().next())
}

/// The calculations of `year` for the villages under `region` (within the scope), by
/// village and policy.
pub async fn for_year(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<Vec<CalculationRecord>, StoreError> {
    if !scope.contains(region) {
        return Ok(Vec::new());
    }
    let mut q = List::new(CALC_COLUMNS, CALC_FROM);
    q.within(
        "c.region_code",
        domain::identity::prefix_range(region.subtree_prefix()),
    );
    let y = q.arg(i64::from(year));
    q.and(format!("c.year = {y}"))
        .order_by("c.region_code, p.from_year DESC, c.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

async fn calc_in_tx(tx: &mut Tx, id: &str) -> Result<Option<CalculationRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(calc_select!(), "WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// Locks the calculation's row (PostgreSQL; SQLite's write transaction is exclusive) and
/// reads it with its names.
async fn calc_for_write(tx: &mut Tx, id: &str) -> Result<CalculationRecord, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Locked {
        #[allow(dead_code)]
        id: String,
    }
    let _: Option<Locked> = tx.locked_row("pay_calculations", id).await?;
    calc_in_tx(tx, id)
        .await?
        .ok_or_else(|| DomainError::NotFound.into())
}

fn audit_subject<'a>(r: &'a CalculationRecord) -> audit::Subject<'a> {
    audit::Subject::new(entity::CALCULATION, &r.id, &r.region_code)
}

/// Runs a guarded state change and refuses with `pay.state_changed` when it changed no
/// row: someone else moved the calculation first.
fn guarded(rows: u64) -> Result<(), StoreError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(DomainError::Conflict("pay.state_changed").into())
    }
}

/// Computes (or recomputes, while draft or returned; back to draft) `village`'s calculation
/// of `year` under the policy, from the records as the actor's scope sees them.
pub async fn compute(
    db: &Db,
    actor: &Actor,
    policy_id: &str,
    village: &RegionCode,
    year: i32,
) -> Result<CalculationRecord, StoreError> {
    check_town(actor, village)?;
    let record = policy(db, &actor.scope, policy_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !record.applies(village, year) {
        return Err(DomainError::Conflict("pay.not_in_force").into());
    }
    let p = record.policy()?;
    let f = facts(db, &actor.scope, village, year)
        .await?
        .ok_or(DomainError::NotFound)?;
    let c = calculate(&p, &f)?;
    let (policy_json, facts_json, result_json) = (to_json(&p), to_json(&f), to_json(&c));
    let mut tx = db.begin_write().await?;
    let now = domain::time::now_text();
    let existing: Option<(String,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT id FROM pay_calculations WHERE policy_id = $1 AND region_code = $2 AND year = $3",
        )
        .bind(policy_id)
        .bind(village.as_str())
        .bind(year)
        .fetch_optional(conn)
        .await?
    });
    let (id, old) = match existing {
        Some((id,)) => {
            let old = calc_for_write(&mut tx, &id).await?;
            let rows = on_tx!(&mut tx, |conn| {
                sqlx::query(
                    "UPDATE pay_calculations SET state = 'draft', pool = $2, paid = $3, policy = $4,
                         facts = $5, result = $6, computed_by_name = $7, computed_at = $8,
                         updated_at = $8
                     WHERE id = $1 AND state IN ('draft', 'returned')",
                )
                .bind(&id)
                .bind(c.pool)
                .bind(c.paid)
                .bind(&policy_json)
                .bind(&facts_json)
                .bind(&result_json)
                .bind(&actor.username)
                .bind(&now)
                .execute(conn)
                .await?
                .rows_affected()
            });
            guarded(rows)?;
            (id, Some(old))
        }
        None => {
            let id = Id::new().to_string();
            on_tx!(&mut tx, |conn| {
                sqlx::query(
                    "INSERT INTO pay_calculations (id, policy_id, region_code, year, state, pool,
                         paid, policy, facts, result, computed_by_name, computed_at, reason,
                         created_at, updated_at)
                     VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, '', $11, $11)",
                )
                .bind(&id)
                .bind(policy_id)
                .bind(village.as_str())
                .bind(year)
                .bind(c.pool)
                .bind(c.paid)
                .bind(&policy_json)
                .bind(&facts_json)
                .bind(&result_json)
                .bind(&actor.username)
                .bind(&now)
                .execute(conn)
                .await
                .map(|_| ())
            })
            .map_err(|e| {
                let e = StoreError::from(e);
                if e.is_unique_violation() {
                    DomainError::Conflict("pay.state_changed").into()
                } else {
                    e
                }
            })?;
            (id, None)
        }
    };
    let new = calc_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if old.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        audit_subject(&new),
        old.as_ref(),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// A snapshot part as JSON text.
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The town submits a draft (or returned) calculation to the district.
pub async fn submit(db: &Db, actor: &Actor, id: &str) -> Result<CalculationRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = calc_for_write(&mut tx, id).await?;
    let village = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
    check_submit(actor, &village)?;
    let now = domain::time::now_text();
    let rows = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE pay_calculations SET state = 'submitted', submitted_by = $2,
                 submitted_by_name = $3, submitted_at = $4, reason = '', updated_at = $4
             WHERE id = $1 AND state IN ('draft', 'returned')",
        )
        .bind(id)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&actor.username)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    guarded(rows)?;
    finish(tx, actor, &old).await
}

async fn finish(
    mut tx: Tx,
    actor: &Actor,
    old: &CalculationRecord,
) -> Result<CalculationRecord, StoreError> {
    let new = calc_in_tx(&mut tx, &old.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::update(&mut tx, actor, audit_subject(&new), old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The district returns a submitted calculation with a reason.
pub async fn return_to_town(
    db: &Db,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<CalculationRecord, StoreError> {
    let reason = domain::assessment::pay::reason(reason)?;
    let mut tx = db.begin_write().await?;
    let old = calc_for_write(&mut tx, id).await?;
    check_decide(actor, &old)?;
    let now = domain::time::now_text();
    let rows = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE pay_calculations SET state = 'returned', decided_by = $2, decided_by_name = $3,
                 decided_at = $4, reason = $5, updated_at = $4
             WHERE id = $1 AND state = 'submitted'",
        )
        .bind(id)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&actor.username)
        .bind(&now)
        .bind(&reason)
        .execute(conn)
        .await?
        .rows_affected()
    });
    guarded(rows)?;
    finish(tx, actor, &old).await
}

/// Approving and returning: the district administrator (or the system) in scope, never the
/// submitter.
fn check_decide(actor: &Actor, old: &CalculationRecord) -> Result<(), StoreError> {
    let village = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
    if !actor.scope.contains(&village) {
        return Err(DomainError::NotFound.into());
    }
    check_district(actor)?;
    if old.submitted_by_name.as_deref() == Some(actor.username.as_str()) {
        return Err(DomainError::Conflict("pay.approver_is_submitter").into());
    }
    Ok(())
}

/// The district approves a submitted calculation: the state moves (guarded, never by its
/// submitter) and the pay's draft voucher is written in the same transaction. `today` is
/// the approval's China date (the voucher's date when the pay year is closed).
pub async fn approve(
    db: &Db,
    actor: &Actor,
    id: &str,
    today: NaiveDate,
) -> Result<CalculationRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = calc_for_write(&mut tx, id).await?;
    check_decide(actor, &old)?;
    let now = domain::time::now_text();
    let rows = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE pay_calculations SET state = 'approved', decided_by = $2, decided_by_name = $3,
                 decided_at = $4, reason = '', updated_at = $4
             WHERE id = $1 AND state = 'submitted' AND submitted_by_name <> $3",
        )
        .bind(id)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&actor.username)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    guarded(rows)?;
    let (_, _, calc) = old.snapshot()?;
    if calc.paid > 0 {
        let voucher_id = write_voucher(&mut tx, actor, &old, &calc, today).await?;
        on_tx!(&mut tx, |conn| {
            sqlx::query("UPDATE pay_calculations SET voucher_id = $2 WHERE id = $1")
                .bind(id)
                .bind(&voucher_id)
                .execute(conn)
                .await?;
        });
    }
    finish(tx, actor, &old).await
}

/// The book (id, year, system, closed) of the village for `year`: the first organisation's.
async fn village_book(
    tx: &mut Tx,
    village: &str,
    year: i32,
) -> Result<Option<(String, bool, String)>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT b.id, b.closed, b.accounting_system FROM ledger_books b
             JOIN ledger_orgs o ON o.id = b.org_id
             WHERE o.region_code = $1 AND b.year = $2 AND NOT o.archived
             ORDER BY o.created_at, o.id LIMIT 1",
        )
        .bind(village)
        .bind(year)
        .fetch_optional(conn)
        .await?
    }))
}

async fn december_closed(tx: &mut Tx, book_id: &str, year: i32) -> Result<bool, StoreError> {
    let row: Option<(bool,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT closed FROM ledger_periods WHERE book_id = $1 AND period = $2")
            .bind(book_id)
            .bind(format!("{year:04}-12"))
            .fetch_optional(conn)
            .await?
    });
    Ok(row.is_some_and(|(c,)| c))
}

/// `code` itself when it takes entries, else its first active leaf (by code).
fn entry_account(accounts: &[AccountRecord], code: &str) -> Option<String> {
    let leaf = |c: &str| !books::has_children(accounts, c);
    let own = accounts.iter().find(|a| a.code == code && a.active)?;
    if leaf(&own.code) {
        return Some(own.code.clone());
    }
    accounts
        .iter()
        .filter(|a| a.active && a.code.starts_with(code) && a.code != code && leaf(&a.code))
        .map(|a| a.code.clone())
        .min()
}

/// The accounts of pay by chart: (管理费用, 应付工资).
pub fn pay_accounts(system: AccountingSystem) -> (&'static str, &'static str) {
    match system {
        AccountingSystem::Cs2004 => ("541", "211"),
        AccountingSystem::Cs2023 => ("513", "212"),
    }
}

async fn write_voucher(
    tx: &mut Tx,
    actor: &Actor,
    calc_record: &CalculationRecord,
    calc: &Calculation,
    today: NaiveDate,
) -> Result<String, StoreError> {
    let year = calc_record.year;
    let village = calc_record.region_code.as_str();
    let in_year = match village_book(tx, village, year).await? {
        Some((id, false, system)) if !december_closed(tx, &id, year).await? => {
            NaiveDate::from_ymd_opt(year, 12, 31).map(|d| (id, system, d))
        }
        _ => None,
    };
    let (book_id, system, date) = match in_year {
        Some(found) => found,
        None => match village_book(tx, village, today.year()).await? {
            Some((id, _, system)) => (id, system, today),
            None => return Err(DomainError::Conflict("pay.no_book").into()),
        },
    };
    let system = AccountingSystem::parse(&system).map_err(DomainError::Invalid)?;
    let (expense, payable) = pay_accounts(system);
    let accounts = books::accounts_in_tx(tx, &book_id).await?;
    let no_account = |code: &str| {
        StoreError::from(
            FieldError::new("pay.account_missing", "account_code").arg("value", code.to_string()),
        )
    };
    let expense = entry_account(&accounts, expense).ok_or_else(|| no_account(expense))?;
    let payable = entry_account(&accounts, payable).ok_or_else(|| no_account(payable))?;
    let summary = format!("{year}年度村干部报酬（{}）", calc_record.policy_name);
    let mut lines = vec![Line {
        account_code: expense,
        debit: Money(calc.paid),
        credit: Money(0),
        summary: summary.clone(),
    }];
    for s in calc.shares.iter().filter(|s| s.amount > 0) {
        lines.push(Line {
            account_code: payable.clone(),
            debit: Money(0),
            credit: Money(s.amount),
            summary: s.name.clone(),
        });
    }
    let v = Voucher {
        date,
        period: Period::of_date(date),
        summary: chars(&summary, 100),
        attachments: 1,
        lines,
    };
    let record = crate::ledger::vouchers::insert_generated(
        tx,
        actor,
        &book_id,
        &v,
        crate::ledger::vouchers::Kind::Normal,
    )
    .await?;
    Ok(record.id)
}

fn chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A calculation's 四议两公开 steps in step order, with their meetings' date and agenda.
const DELIBERATION: &str =
    "SELECT d.calculation_id, d.step, d.step_no, d.held_on, d.meeting_id, d.note,
        m.date AS meeting_date, m.agenda AS meeting_agenda
     FROM pay_deliberations d LEFT JOIN mechanism_meetings m ON m.id = d.meeting_id
     WHERE d.calculation_id = $1 ORDER BY d.step_no";

/// The 四议两公开 steps recorded for a calculation, in step order, with their meetings.
pub async fn deliberation(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Vec<DeliberationRecord>, StoreError> {
    if get(db, scope, id).await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(DELIBERATION)
            .bind(id)
            .fetch_all(pool)
            .await?
    }))
}

/// Replaces the 四议两公开 record of a calculation (any state: the result's disclosure comes
/// after approval). A meeting named must be a meeting (not archived) of the village.
pub async fn set_deliberation(
    db: &Db,
    actor: &Actor,
    id: &str,
    steps: &[DeliberationStep],
) -> Result<Vec<DeliberationRecord>, StoreError> {
    let mut tx = db.begin_write().await?;
    let calc = calc_for_write(&mut tx, id).await?;
    let village = RegionCode::parse(&calc.region_code).map_err(|_| DomainError::NotFound)?;
    check_record(actor, &village)?;
    let before = deliberation_in_tx(&mut tx, id).await?;
    for s in steps {
        if let Some(m) = &s.meeting_id {
            let found: Option<(String,)> = on_tx!(&mut tx, |conn| {
                sqlx::query_as(
                    "SELECT id FROM mechanism_meetings WHERE id = $1 AND region_code = $2 AND NOT archived",
                )
                .bind(m)
                .bind(village.as_str())
                .fetch_optional(conn)
                .await?
            });
            if found.is_none() {
                return Err(domain::assessment::pay::labelled(
                    FieldError::new("pay.meeting_unknown", "meeting_id")
                        .arg("value", m.clone())
                        .arg("step", s.step.as_str()),
                )
                .into());
            }
        }
    }
    on_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM pay_deliberations WHERE calculation_id = $1")
            .bind(id)
            .execute(conn)
            .await?;
    });
    for s in steps {
        let no = domain::assessment::pay::Deliberation::ALL
            .iter()
            .position(|d| *d == s.step)
            .unwrap_or(0) as i32;
        on_tx!(&mut tx, |conn| {
            sqlx::query(
                "INSERT INTO pay_deliberations (calculation_id, step, step_no, held_on, meeting_id, note)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(s.step.as_str())
            .bind(no)
            .bind(s.on.to_string())
            .bind(&s.meeting_id)
            .bind(&s.note)
            .execute(conn)
            .await?;
        });
    }
    let after = deliberation_in_tx(&mut tx, id).await?;
    audit::update(
        &mut tx,
        actor,
        audit_subject(&calc),
        &serde_json::json!({ "deliberation": before }),
        &serde_json::json!({ "deliberation": after }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn deliberation_in_tx(tx: &mut Tx, id: &str) -> Result<Vec<DeliberationRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(DELIBERATION)
            .bind(id)
            .fetch_all(conn)
            .await?
    }))
}

/// The meetings of `village` dated from 1 January of `year` to the end of the next year
/// (what a 四议两公开 step may link to): (id, date, agenda), by date.
pub async fn meetings(
    db: &Db,
    scope: &Scope,
    village: &RegionCode,
    year: i32,
) -> Result<Vec<(String, String, String)>, StoreError> {
    if !scope.contains(village) {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT id, date, agenda FROM mechanism_meetings
             WHERE region_code = $1 AND date >= $2 AND date <= $3 AND NOT archived
             ORDER BY date, id",
        )
        .bind(village.as_str())
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{:04}-12-31", year + 1))
        .fetch_all(pool)
        .await?
    }))
}

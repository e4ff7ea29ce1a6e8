//! The work mechanism (工作机制): plans and targets, assignments, meetings, visits, the problem
//! list, compliance rules and the board. Every read is filtered to the caller's region
//! subtree in SQL; every write checks the actor's region and role and writes its audit entry
//! in the same transaction.
//!
//! Who may write (out of scope is always "not found"):
//! - plans, targets, rules and meeting types: the district administrator;
//! - assignments: the district administrator and town officers (in their town);
//! - meetings, visits and problems: every role in scope, except that a district leader
//!   writes only where one of their own assignments covers the region (定点指导 / 包联).

pub mod assignments;
pub mod compliance;
pub mod meetings;
pub mod plans;
pub mod problems;
pub mod rules;
pub mod visits;

pub use assignments::AssignmentRecord;
pub use meetings::{AttachmentMeta, AttendeeRecord, MeetingRecord, MeetingTypeRecord};
pub use plans::{MemberRecord, PlanRecord, TargetRecord};
pub use problems::{EventRecord, ProblemRecord, ProblemView};
pub use rules::RuleRecord;
pub use visits::VisitRecord;

use crate::{StoreError, Tx, on_tx};
use chrono::NaiveDate;
use domain::identity::{Actor, Role, Scope};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

pub(crate) fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// True when `region` (a stored code) lies in `scope`.
pub(crate) fn in_scope(scope: &Scope, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|c| scope.contains(&c))
}

/// Plans, targets, rules and meeting types: the district administrator (or the system).
pub(crate) fn check_admin(actor: &Actor) -> Result<(), DomainError> {
    match actor.role {
        None | Some(Role::DistrictAdmin) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Assignments: the district administrator and town officers, inside their scope.
pub(crate) fn check_assign(actor: &Actor, region: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin) | Some(Role::TownOfficer) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Meetings, visits and problems: anyone in scope; a district leader only where an
/// assignment of theirs covers `region` (active on `on`, when given).
pub(crate) async fn check_record(
    tx: &mut Tx,
    actor: &Actor,
    region: &RegionCode,
    on: Option<NaiveDate>,
) -> Result<(), StoreError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound.into());
    }
    if actor.role != Some(Role::DistrictLeader) {
        return Ok(());
    }
    let Some(user) = actor.user_id else {
        return Err(DomainError::Forbidden.into());
    };
    let rows: Vec<(String, String, Option<String>)> = on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT region_code, starts_on, ends_on FROM mechanism_assignments
             WHERE leader_user_id = $1 AND NOT archived",
        )
        .bind(user.to_string())
        .fetch_all(conn)
        .await?
    });
    let covered = rows.iter().any(|(r, starts, ends)| {
        let active = on.is_none_or(|d| {
            let d = d.to_string();
            *starts <= d && ends.as_ref().is_none_or(|e| *e >= d)
        });
        active && RegionCode::parse(r).is_ok_and(|r| r.contains(region))
    });
    if covered {
        Ok(())
    } else {
        Err(DomainError::Forbidden.into())
    }
}

/// The region must exist and not be archived.
pub(crate) async fn check_region(
    tx: &mut Tx,
    region: &RegionCode,
    field: &'static str,
) -> Result<(), StoreError> {
    let row: Option<(bool,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT archived FROM regions WHERE code = $1")
            .bind(region.as_str())
            .fetch_optional(conn)
            .await?
    });
    match row {
        Some((false,)) => Ok(()),
        _ => Err(FieldError::new("mechanism.region_unknown", field)
            .arg("value", region.as_str())
            .into()),
    }
}

/// The name to store for a person given as a user and/or a name: the name typed, or else
/// the user's display name.
///
/// This is the one check of every reference to a user (a meeting's chair and attendees, a
/// problem's owner, a visit's visitor, an assignment's leader, a plan's group members). A
/// user may be named on a record of `region` by `actor` when the user exists and their
/// region is
/// - in the actor's scope (a village cadre names the users of the village; a town officer
///   those of the town and its villages), or
/// - `region` itself or one of its ancestors (the town officer or district leader who takes
///   part in a village's meeting, owns its problem or visits it).
///
/// Any other user reads exactly like an unknown one: the field error
/// `mechanism.user_unknown` on `field`, with no name.
pub(crate) async fn person_name(
    tx: &mut Tx,
    actor: &Actor,
    region: &RegionCode,
    user: Option<Id>,
    name: &str,
    field: &'static str,
) -> Result<String, StoreError> {
    let Some(user) = user else {
        return Ok(name.to_string());
    };
    let row: Option<(String, String)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT display_name, region_code FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(conn)
            .await?
    });
    let nameable = |user_region: &str| {
        in_scope(&actor.scope, user_region)
            || RegionCode::parse(user_region).is_ok_and(|u| u.contains(region))
    };
    match row.filter(|(_, user_region)| nameable(user_region)) {
        Some((display, _)) if name.is_empty() => Ok(display),
        Some(_) => Ok(name.to_string()),
        None => Err(FieldError::new("mechanism.user_unknown", field)
            .arg("value", user.to_string())
            .into()),
    }
}

/// `$start+1, …, $start+count`: a placeholder list for `IN (…)` (valid on both backends).
pub(crate) fn placeholders(start: usize, count: usize) -> String {
    (1..=count)
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first and last day of a month as `YYYY-MM-DD`, or `None` for a bad month.
pub(crate) fn month_bounds(year: i32, month: u32) -> Option<(String, String)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((first.to_string(), next.pred_opt()?.to_string()))
}

/// Scope range (`[lo, hi)` of region codes) narrowed to `region` when given: the caller's
/// subtree, or the part of it under `region`. `None` when `region` lies outside the scope.
pub(crate) fn narrowed(scope: &Scope, region: Option<&RegionCode>) -> Option<(String, String)> {
    match region {
        None => Some(scope.range()),
        Some(r) if scope.contains(r) => Some(domain::identity::prefix_range(r.subtree_prefix())),
        Some(r) => {
            // The scope may lie below `region` (a village cadre asking for the town).
            let root = scope.root()?;
            r.contains(root).then(|| scope.range())
        }
    }
}

//! Industry projects (产业振兴): projects with their status history, funding sources,
//! budget lines and milestones (`projects`), and the regulated use of funds (`funds`):
//! approvals and disbursements, each disbursement a draft voucher in the books of the
//! village's collective economic organisation, written in the same transaction.
//!
//! Every read takes the caller's scope and filters in SQL; every write checks the actor's
//! region (out of scope is "not found") and role (district leaders read only) and writes its
//! audit entry in the same transaction.

pub mod documents;
pub mod funds;
pub mod production;
pub mod projects;
pub mod results;

pub use funds::{ApprovalRecord, DisbursementRecord, LineStatus};
pub use projects::{
    BudgetLineRecord, EventRecord, FundingRecord, MilestoneRecord, ProjectDetail, ProjectRecord,
};

use domain::DomainError;
use domain::identity::{Actor, Role, Scope};
use domain::region::RegionCode;
use serde::Serialize;

pub(crate) fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// True when `region` (a stored code) lies in `scope`.
pub(crate) fn in_scope(scope: &Scope, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|c| scope.contains(&c))
}

/// Writes: anyone in scope except district leaders, who read only.
pub(crate) fn check_write(actor: &Actor, region: &str) -> Result<(), DomainError> {
    if !in_scope(&actor.scope, region) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        Some(Role::DistrictLeader) => Err(DomainError::Forbidden),
        _ => Ok(()),
    }
}

//! Assessment (考核) stored: schemes (indicators and bands as data), runs of a scheme and
//! their results, manual scores, and pay linkage (`pay`).
//!
//! Who may do what (out of scope is always "not found"):
//! - schemes and runs (create, copy, edit, compute, review, publish, correct): the district
//!   administrator, or a town officer for a scheme its town owns;
//! - manual scores: a user of the indicator's assessor role whose scope reaches the subject,
//!   never one of the subject's own village (a user of that village, or one holding a post
//!   in it under the same name);
//! - reading: a run is seen by its owner's subtree and by the regions below the owner (only
//!   their own subjects); a village user sees a run only once it is published.

pub mod pay;
pub mod runs;
pub mod schemes;

pub use runs::{
    ManualInput, ManualRecord, ResultRecord, RunRecord, RunView, ScoreRecord, SubjectResult,
};
pub use schemes::{SchemeDetail, SchemeRecord};

use crate::{Db, StoreError, on_pool};
use domain::DomainError;
use domain::assessment::Band;
use domain::identity::{Actor, Role};
use domain::region::RegionCode;

/// The band of `region`'s published assessment result for `year` (the latest version of the
/// village leadership team's assessment), or `None` when none is published. Pay linkage
/// scales by it.
pub async fn published_band(
    db: &Db,
    region: &RegionCode,
    year: i32,
) -> Result<Option<Band>, StoreError> {
    let row: Option<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT r.band FROM assessment_results r
             JOIN assessment_runs u ON u.id = r.run_id
             JOIN assessment_schemes s ON s.id = u.scheme_id
             WHERE r.region_code = $1 AND u.year = $2 AND u.state = 'published'
             AND s.subject_kind = 'village_team' AND NOT s.archived
             ORDER BY u.published_at DESC, u.version DESC LIMIT 1",
        )
        .bind(region.as_str())
        .bind(year)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.and_then(|(b,)| Band::parse(&b)))
}

/// Schemes and runs: the district administrator, or a town officer in its town (or the
/// system), for an owner in the actor's scope.
pub(crate) fn check_owner(actor: &Actor, owner: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(owner) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin) | Some(Role::TownOfficer) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// A stored value that does not parse (never written by this module).
pub(crate) fn stored() -> DomainError {
    DomainError::Conflict("assessment.stored_invalid")
}

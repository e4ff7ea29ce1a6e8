//! People and talent (队伍建设): the person registry, posts and tenure, the talent pool,
//! recruitment, trainings with their coverage, and incentives. Every read is filtered to the
//! caller's region subtree in SQL; every write checks the actor's region and role and writes
//! its audit entry in the same transaction.
//!
//! Personal information: resident ID numbers and phones leave this module masked
//! (`340803********1234`, `138****5678`) in every record, list, error and audit entry. The full
//! values come only from [`persons::reveal`] and a full [`persons::roster`], both for the
//! district administrator and both written to the audit log.
//!
//! Who may write (out of scope is always "not found"):
//! - persons, posts, talent and incentives: the district administrator, town officers and
//!   village cadres, in their scope (the region of the person or post);
//! - campaigns (positions, applicants, results) and trainings (attendance): the district
//!   administrator and town officers;
//! - district leaders and first secretaries read only.

pub mod incentives;
pub mod persons;
pub mod posts;
pub mod recruitment;
pub mod talent;
pub mod trainings;

pub use incentives::IncentiveRecord;
pub use persons::{PersonRecord, Revealed};
pub use posts::PostRecord;
pub use recruitment::{ApplicantRecord, CampaignRecord, PositionRecord};
pub use talent::TalentRecord;
pub use trainings::{AttendanceRecord, TrainingRecord};

use crate::{StoreError, Tx, on_tx};
use domain::identity::{Actor, Role, Scope};
use domain::region::RegionCode;
use domain::{DomainError, FieldError};

pub(crate) use crate::mechanism::{check_region, in_scope, json, narrowed};

/// Persons, posts, talent and incentives: the district administrator, town officers and
/// village cadres inside their scope.
pub(crate) fn check_keep(actor: &Actor, region: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin | Role::TownOfficer | Role::VillageCadre) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Campaigns and trainings: the district administrator and town officers inside their scope.
pub(crate) fn check_organise(actor: &Actor, region: &RegionCode) -> Result<(), DomainError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        None | Some(Role::DistrictAdmin | Role::TownOfficer) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Full personal information: the district administrator (or the command line).
pub(crate) fn check_reveal(actor: &Actor) -> Result<(), DomainError> {
    match actor.role {
        None | Some(Role::DistrictAdmin) => Ok(()),
        Some(_) => Err(DomainError::Forbidden),
    }
}

/// Parses a stored region code (a bad one is treated as not found).
pub(crate) fn stored_region(code: &str) -> Result<RegionCode, DomainError> {
    RegionCode::parse(code).map_err(|_| DomainError::NotFound)
}

/// The person's id and region for a stored person (by id), not archived.
pub(crate) async fn person_region(
    tx: &mut Tx,
    person_id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT id, region_code FROM people_persons WHERE id = $1 AND NOT archived")
            .bind(person_id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The person a [`domain::people::PersonRef`] names, when the actor may name them:
/// (id, region). This is the one check of every reference to a person (posts, training
/// attendance, applicants, talent, workers): the person must exist, not be archived and be
/// registered in a region of `scope`. A person outside the scope reads exactly like an
/// unknown one — the field error `people.person_unknown` on the field the reference came
/// in (`person_id`, or `id_number` with the number masked) — so a reference never tells
/// whether, or as whom, a number is registered elsewhere.
pub(crate) async fn resolve_person(
    tx: &mut Tx,
    scope: &Scope,
    person: &domain::people::PersonRef,
) -> Result<(String, String), StoreError> {
    use domain::people::PersonRef;
    let found: Option<(String, String)> = match person {
        PersonRef::Id(id) => person_region(tx, &id.to_string()).await?,
        PersonRef::IdNumber(number) => on_tx!(tx, |conn| {
            sqlx::query_as(
                "SELECT id, region_code FROM people_persons WHERE id_number = $1 AND NOT archived",
            )
            .bind(number)
            .fetch_optional(conn)
            .await?
        }),
    };
    found
        .filter(|(_, region)| in_scope(scope, region))
        .ok_or_else(|| person_unknown(person).into())
}

/// `people.person_unknown` for a reference: its field, and its value (a number masked).
pub(crate) fn person_unknown(person: &domain::people::PersonRef) -> FieldError {
    use domain::people::PersonRef;
    let (field, value) = match person {
        PersonRef::Id(id) => ("person_id", id.to_string()),
        PersonRef::IdNumber(n) => ("id_number", domain::people::mask_id_number(n)),
    };
    FieldError::new("people.person_unknown", field).arg("value", value)
}

/// Turns an error of an import row into a row error (field errors keep their field; other
/// errors pass through).
pub(crate) fn at_row(row: usize) -> impl Fn(StoreError) -> StoreError {
    move |e| match e {
        StoreError::Domain(DomainError::Invalid(error)) => StoreError::Row { row, error },
        other => other,
    }
}

//! Helpers for the people JSON API (wave 3, helper I): changing a person without the full ID
//! number (API responses only ever carry it masked).

use crate::{Db, StoreError, on_pool};
use domain::DomainError;
use domain::identity::Actor;
use domain::people::{PersonInput, mask_id_number};

use super::persons::{self, PersonRecord};

/// Changes a person in the actor's scope. An `id_number` left empty, or sent back masked
/// exactly as the API showed it, keeps the stored number; the full number never leaves the
/// store. A person out of scope is not found.
pub async fn update_keeping_masked_number(
    db: &Db,
    actor: &Actor,
    id: &str,
    input: &PersonInput,
) -> Result<PersonRecord, StoreError> {
    let found: Option<(String, String)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT region_code, id_number FROM people_persons WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let stored = found
        .filter(|(region, _)| super::in_scope(&actor.scope, region))
        .map(|(_, number)| number)
        .ok_or(DomainError::NotFound)?;
    let mut input = input.clone();
    let sent = input.id_number.trim().to_ascii_uppercase();
    if sent.is_empty() || sent == mask_id_number(&stored) {
        input.id_number = stored;
    }
    let person = input.validate()?;
    persons::update(db, actor, id, &person).await
}

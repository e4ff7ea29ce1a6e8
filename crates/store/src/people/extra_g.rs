//! Helpers for the people pages (wave 3, helper G): changing a person without sending the
//! ID number back (the form only ever shows it masked).

use crate::{Db, StoreError, on_pool};
use domain::DomainError;
use domain::identity::Actor;
use domain::people::PersonInput;

use super::persons::{self, PersonRecord};

/// Changes a person in the actor's scope. An empty `id_number` keeps the stored number, and
/// with `keep_phone` an empty phone keeps the stored phone, so that an edit form never needs
/// to carry the full values.
pub async fn update_keeping(
    db: &Db,
    actor: &Actor,
    id: &str,
    input: &PersonInput,
    keep_phone: bool,
) -> Result<PersonRecord, StoreError> {
    let mut input = input.clone();
    let found: Option<(String, String, Option<String>)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT region_code, id_number, phone FROM people_persons WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let (_, number, phone) = found
        .filter(|(region, _, _)| super::in_scope(&actor.scope, region))
        .ok_or(DomainError::NotFound)?;
    if input.id_number.trim().is_empty() {
        input.id_number = number;
    }
    if keep_phone && input.phone.trim().is_empty() {
        input.phone = phone.unwrap_or_default();
    }
    let person = input.validate()?;
    persons::update(db, actor, id, &person).await
}

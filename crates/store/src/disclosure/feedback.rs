//! Villagers' feedback (村民意见) stored: owned by the feedback work of issue 15. The public read
//! below is the interface the portal uses (a stub until that work lands).

use crate::{Db, StoreError};
use serde::Serialize;

/// An answered feedback item as a village's public page shows it: no name, no phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicAnswer {
    pub id: String,
    pub region_code: String,
    /// What the villager wrote (as moderated).
    pub body: String,
    /// The public answer.
    pub answer: String,
    pub received_at: String,
    pub answered_at: String,
    /// Whole days from receipt to answer.
    pub days_taken: i64,
}

/// The newest answered (and published) feedback of `region_code`, at most `limit`.
pub async fn answered_for_region(
    _db: &Db,
    _region_code: &str,
    _limit: i64,
) -> Result<Vec<PublicAnswer>, StoreError> {
    Ok(Vec::new())
}

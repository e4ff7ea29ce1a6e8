//! News (工作动态) stored: owned by the news work of issue 15. The public read below is the
//! interface the portal uses (a stub until that work lands).

use crate::{Db, StoreError};
use serde::Serialize;

/// A published news item as a region's public page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicNews {
    pub id: String,
    pub region_code: String,
    pub title: String,
    /// When it was published (RFC 3339, China time).
    pub published_at: String,
    /// The first words of its text (plain text).
    pub summary: String,
}

/// The newest published news of `region_code` (its own, not of the regions below),
/// at most `limit`.
pub async fn published_for_region(
    _db: &Db,
    _region_code: &str,
    _limit: i64,
) -> Result<Vec<PublicNews>, StoreError> {
    Ok(Vec::new())
}

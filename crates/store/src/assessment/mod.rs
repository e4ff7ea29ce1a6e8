//! Assessment (考核) stored: schemes, running assessments and their results, and pay
//! linkage (`pay`).

pub mod pay;

use crate::{Db, StoreError};
use domain::assessment::Band;
use domain::region::RegionCode;

/// The band of `region`'s published assessment result for `year` (the latest version of the
/// village leadership team's assessment), or `None` when none is published. Pay linkage
/// scales by it.
pub async fn published_band(
    db: &Db,
    region: &RegionCode,
    year: i32,
) -> Result<Option<Band>, StoreError> {
    // Filled in by the assessment runs (issue 14).
    let _ = (db, region, year);
    Ok(None)
}

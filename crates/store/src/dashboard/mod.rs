//! Storage of the cockpit (一张图, issue 16): district and town dashboards with charts, data
//! tables and drill-down. Every figure the cockpit shows comes from the metrics catalogue
//! (`crate::metrics::for_regions`, one load per metric for the region shown); what the
//! catalogue has no metric for is read here from the records the owning page reads, never
//! computed a second way.

use crate::{Db, StoreError, on_pool};
use domain::assessment::Band;
use domain::identity::{Scope, prefix_range};
use domain::region::RegionCode;

/// The band of each village under `region` (in `scope`) in its published assessment result
/// for `year`, in code order: the latest published version of a village leadership team's
/// assessment, as [`crate::assessment::published_band`] picks it for one village (one query
/// for them all). Villages without a published result are left out.
pub async fn published_bands(
    db: &Db,
    scope: &Scope,
    region: &RegionCode,
    year: i32,
) -> Result<Vec<(RegionCode, Band)>, StoreError> {
    if !scope.contains(region) {
        return Ok(Vec::new());
    }
    let (lo, hi) = prefix_range(region.subtree_prefix());
    let rows: Vec<(String, String)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT r.region_code, r.band FROM assessment_results r
             JOIN assessment_runs u ON u.id = r.run_id
             JOIN assessment_schemes s ON s.id = u.scheme_id
             WHERE r.region_code >= $1 AND r.region_code < $2 AND u.year = $3
               AND u.state = 'published' AND s.subject_kind = 'village_team' AND NOT s.archived
             ORDER BY r.region_code, u.published_at DESC, u.version DESC",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(year)
        .fetch_all(pool)
        .await?
    });
    let mut out: Vec<(RegionCode, Band)> = Vec::new();
    let mut last: Option<String> = None;
    for (code, band) in rows {
        if last.as_deref() == Some(code.as_str()) {
            continue; // an older version of the same village's result
        }
        last = Some(code.clone());
        let (Ok(code), Some(band)) = (RegionCode::parse(&code), Band::parse(&band)) else {
            continue;
        };
        if scope.contains(&code) {
            out.push((code, band));
        }
    }
    Ok(out)
}

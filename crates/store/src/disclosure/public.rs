//! The public portal's reads (no sign-in, no scope): the region tree from the district down,
//! a region's published items, a village's projects and counts. Public data only: a region's
//! name and place, an item's published versions, a project's name, state and progress — never
//! a user, a person or anything not yet published (an item that was never published, or is
//! archived, does not exist here).

use super::versions::VersionRecord;
use crate::{Db, StoreError, on_pool};
use domain::identity::Scope;
use domain::region::RegionCode;
use serde::Serialize;

/// A region as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PublicRegion {
    pub code: String,
    pub parent_code: Option<String>,
    /// district, town or village.
    pub level: String,
    pub name: String,
}

const REGION_COLUMNS: &str = "code, parent_code, level, name";

/// A region that is not archived.
pub async fn region(db: &Db, code: &str) -> Result<Option<PublicRegion>, StoreError> {
    if RegionCode::parse(code).is_err() {
        return Ok(None);
    }
    let sql = format!("SELECT {REGION_COLUMNS} FROM regions WHERE code = $1 AND NOT archived");
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(code)
            .fetch_optional(pool)
            .await?
    }))
}

/// The region and the regions above it, from the top down (district, town, village).
pub async fn chain(db: &Db, code: &str) -> Result<Vec<PublicRegion>, StoreError> {
    let mut out = Vec::new();
    let mut next = Some(code.to_string());
    while let Some(code) = next.take() {
        if out.len() >= 3 {
            break;
        }
        if let Some(r) = region(db, &code).await? {
            next = r.parent_code.clone();
            out.push(r);
        }
    }
    out.reverse();
    Ok(out)
}

/// The regions right below `code` (none archived), in code order.
pub async fn children(db: &Db, code: &str) -> Result<Vec<PublicRegion>, StoreError> {
    let sql = format!(
        "SELECT {REGION_COLUMNS} FROM regions WHERE parent_code = $1 AND NOT archived ORDER BY code"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(code)
            .fetch_all(pool)
            .await?
    }))
}

/// The districts (the portal's top), in code order.
pub async fn districts(db: &Db) -> Result<Vec<PublicRegion>, StoreError> {
    let sql = format!(
        "SELECT {REGION_COLUMNS} FROM regions WHERE level = 'district' AND NOT archived ORDER BY code"
    );
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(pool)
            .await?
    }))
}

/// How many items are published (current, not archived) in each of `regions`' subtrees, in
/// their order; one query over the subtree of `parent`.
pub async fn published_counts(
    db: &Db,
    parent: &str,
    regions: &[PublicRegion],
) -> Result<Vec<i64>, StoreError> {
    let Ok(parent) = RegionCode::parse(parent) else {
        return Ok(vec![0; regions.len()]);
    };
    let (lo, hi) = domain::identity::prefix_range(parent.subtree_prefix());
    let rows: Vec<(String, i64)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT region_code, COUNT(*) FROM disclosure_items
             WHERE region_code >= $1 AND region_code < $2 AND current_version > 0
               AND NOT archived
             GROUP BY region_code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    });
    Ok(regions
        .iter()
        .map(|r| {
            let prefix = RegionCode::parse(&r.code)
                .map(|c| c.subtree_prefix().to_string())
                .unwrap_or_else(|_| r.code.clone());
            rows.iter()
                .filter(|(code, _)| code.starts_with(&prefix))
                .map(|(_, n)| n)
                .sum()
        })
        .collect())
}

/// A project as a village's public page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicProject {
    pub id: String,
    pub title: String,
    /// applied, approved, implementing, accepted, operating, terminated.
    pub status: String,
    /// Weighted progress of its milestones, percent.
    pub progress: i64,
}

/// The projects of `code` (not archived), with their progress; public fields only.
pub async fn projects(db: &Db, code: &str) -> Result<Vec<PublicProject>, StoreError> {
    let Ok(code) = RegionCode::parse(code) else {
        return Ok(Vec::new());
    };
    let rows =
        crate::industry::projects::list_with_progress(db, &Scope::system(), Some(&code), false)
            .await?;
    Ok(rows
        .into_iter()
        .filter(|(p, _)| p.region_code == code.as_str())
        .map(|(p, progress)| PublicProject {
            id: p.id,
            title: p.title,
            status: p.status,
            progress,
        })
        .collect())
}

/// A published item (current version > 0, not archived) with its region's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PublicItem {
    pub id: String,
    pub region_code: String,
    pub region_name: String,
    pub category: String,
    pub kind: String,
    pub period_from: String,
    pub period_to: String,
    pub title: String,
    pub current_version: i64,
}

/// The published item `id`; `None` when it does not exist, was never published or is archived.
pub async fn item(db: &Db, id: &str) -> Result<Option<PublicItem>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT i.id, i.region_code, r.name AS region_name, i.category, i.kind,
                    i.period_from, i.period_to, i.title,
                    CAST(i.current_version AS BIGINT) AS current_version
             FROM disclosure_items i JOIN regions r ON r.code = i.region_code
             WHERE i.id = $1 AND i.current_version > 0 AND NOT i.archived",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    }))
}

/// The years (of their periods' start) in which `code` has published items, latest first.
pub async fn published_years(db: &Db, code: &str) -> Result<Vec<i32>, StoreError> {
    let rows: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT DISTINCT SUBSTR(period_from, 1, 4) AS y FROM disclosure_items
             WHERE region_code = $1 AND current_version > 0 AND NOT archived
             ORDER BY y DESC",
        )
        .bind(code)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().filter_map(|(y,)| y.parse().ok()).collect())
}

/// A published version with its item, for the open data of a year.
#[derive(Debug, Clone)]
pub struct YearVersion {
    pub item: PublicItem,
    pub version: VersionRecord,
}

/// Every published version of `code`'s items (not archived) whose period starts in `year`,
/// by period, kind, item and version; at most `cap` (`None` when there are more).
pub async fn versions_in_year(
    db: &Db,
    code: &str,
    year: i32,
    cap: usize,
) -> Result<Option<Vec<YearVersion>>, StoreError> {
    let from = format!("{year:04}-01-01");
    let to = format!("{:04}-01-01", year + 1);
    let limit = i64::try_from(cap).unwrap_or(i64::MAX - 1) + 1;
    let items: Vec<PublicItem> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT i.id, i.region_code, r.name AS region_name, i.category, i.kind,
                    i.period_from, i.period_to, i.title,
                    CAST(i.current_version AS BIGINT) AS current_version
             FROM disclosure_items i JOIN regions r ON r.code = i.region_code
             WHERE i.region_code = $1 AND NOT i.archived AND i.current_version > 0
               AND i.period_from >= $2 AND i.period_from < $3
             ORDER BY i.period_from, i.period_to, i.kind, i.id",
        )
        .bind(code)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?
    });
    let sql = "SELECT v.id, v.item_id, CAST(v.version AS BIGINT) AS version, v.reason, v.snapshot, v.page_html,
                      v.snapshot_sha256, v.log_index, v.published_at, v.published_by_name
               FROM disclosure_versions v JOIN disclosure_items i ON i.id = v.item_id
               WHERE i.region_code = $1 AND NOT i.archived AND i.current_version > 0
                 AND i.period_from >= $2 AND i.period_from < $3
               ORDER BY v.item_id, v.version
               LIMIT $4";
    let versions: Vec<VersionRecord> = on_pool!(db, |pool| {
        sqlx::query_as(sql)
            .bind(code)
            .bind(&from)
            .bind(&to)
            .bind(limit)
            .fetch_all(pool)
            .await?
    });
    if versions.len() > cap {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(versions.len());
    for item in items {
        for v in versions.iter().filter(|v| v.item_id == item.id) {
            out.push(YearVersion {
                item: item.clone(),
                version: v.clone(),
            });
        }
    }
    Ok(Some(out))
}

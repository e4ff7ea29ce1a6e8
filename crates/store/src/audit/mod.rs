//! The append-only audit log. Every write of every module calls [`record`] inside its own
//! transaction, so the change and its audit entry land together or not at all.

use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use serde::Serialize;

/// One change to record.
pub struct Entry<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub region_code: Option<&'a str>,
    pub action: Action,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

const INSERT: &str = "INSERT INTO audit_log (id, at, actor_id, actor_name, region_code, entity,
        entity_id, action, before_json, after_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

pub async fn record(tx: &mut Tx, actor: &Actor, entry: Entry<'_>) -> Result<(), StoreError> {
    let id = domain::Id::new().to_string();
    let at = domain::time::now_text();
    let actor_id = actor.user_id.map(|u| u.to_string());
    let before = entry.before.map(|v| v.to_string());
    let after = entry.after.map(|v| v.to_string());
    on_tx!(tx, |conn| {
        sqlx::query(INSERT)
            .bind(&id)
            .bind(&at)
            .bind(&actor_id)
            .bind(&actor.username)
            .bind(entry.region_code)
            .bind(entry.entity)
            .bind(entry.entity_id)
            .bind(entry.action.as_str())
            .bind(&before)
            .bind(&after)
            .execute(conn)
            .await?;
    });
    Ok(())
}

/// The JSON an audit entry keeps of a value (`null` when it cannot be serialised).
pub fn json<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The record a change is about: its entity (a `domain::audit::entity` name), id and region
/// (`None` for records of no region, such as a system setting).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub entity: &'a str,
    pub id: &'a str,
    pub region: Option<&'a str>,
}

impl<'a> Subject<'a> {
    pub fn new(entity: &'a str, id: &'a str, region: &'a str) -> Subject<'a> {
        Subject {
            entity,
            id,
            region: Some(region),
        }
    }
}

/// The one audited-write helper: records `action` on `subject` by `actor` in the caller's
/// transaction `tx` (so the change and its entry commit or roll back together), with the
/// record as it was (`before`) and as it is (`after`), each serialised to JSON.
pub async fn change<B, A>(
    tx: &mut Tx,
    actor: &Actor,
    action: Action,
    subject: Subject<'_>,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), StoreError>
where
    B: Serialize + ?Sized,
    A: Serialize + ?Sized,
{
    record(
        tx,
        actor,
        Entry {
            entity: subject.entity,
            entity_id: subject.id,
            region_code: subject.region,
            action,
            before: before.map(json),
            after: after.map(json),
        },
    )
    .await
}

/// [`change`] for a new record: no `before`.
pub async fn insert<A: Serialize + ?Sized>(
    tx: &mut Tx,
    actor: &Actor,
    subject: Subject<'_>,
    after: &A,
) -> Result<(), StoreError> {
    change(tx, actor, Action::Create, subject, None::<&A>, Some(after)).await
}

/// [`change`] for an edited record.
pub async fn update<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &mut Tx,
    actor: &Actor,
    subject: Subject<'_>,
    before: &B,
    after: &A,
) -> Result<(), StoreError> {
    change(
        tx,
        actor,
        Action::Update,
        subject,
        Some(before),
        Some(after),
    )
    .await
}

/// [`change`] for an archived record.
pub async fn archive<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &mut Tx,
    actor: &Actor,
    subject: Subject<'_>,
    before: &B,
    after: &A,
) -> Result<(), StoreError> {
    change(
        tx,
        actor,
        Action::Archive,
        subject,
        Some(before),
        Some(after),
    )
    .await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: String,
    pub at: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub region_code: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    /// The actor's name as people know it (the user's display name), when the actor is a
    /// user that still exists; `actor_name` (the username) otherwise.
    #[sqlx(default)]
    pub actor_display: Option<String>,
}

impl AuditRecord {
    /// Who made the change, by name: the display name, else the recorded username.
    pub fn actor(&self) -> &str {
        match &self.actor_display {
            Some(name) if !name.is_empty() => name,
            _ => &self.actor_name,
        }
    }
}

/// Filters of the audit page; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A username or a display name.
    pub actor: String,
    pub entity: String,
    /// One record's history (with `entity`): its id.
    pub entity_id: String,
    /// A region code: entries of that region and below.
    pub region_prefix: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// `YYYY-MM-DD`, inclusive.
    pub to: String,
}

/// The query of [`list`]: the scope's range (entries without a region only for the system
/// scope, and only when no region is asked for), the region asked for, then only the filters
/// that are set.
pub fn list_query(scope: &Scope, filter: &Filter) -> List {
    let (lo, hi) = scope.range();
    let region = filter.region_prefix.trim();
    let unregioned = lo.is_empty() && region.is_empty();
    let mut q = List::new(
        "a.*, u.display_name AS actor_display",
        "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id",
    );
    let (lo, hi) = (q.arg(lo), q.arg(hi));
    let mut range = format!("a.region_code >= {lo} AND a.region_code < {hi}");
    if !region.is_empty() {
        let (region_lo, region_hi) = domain::identity::prefix_range(region);
        let (region_lo, region_hi) = (q.arg(region_lo), q.arg(region_hi));
        range.push_str(&format!(
            " AND a.region_code >= {region_lo} AND a.region_code < {region_hi}"
        ));
    }
    if unregioned {
        q.and(format!("({range} OR a.region_code IS NULL)"));
    } else {
        q.and(range);
    }
    let actor = filter.actor.trim();
    if !actor.is_empty() {
        let a = q.arg(actor);
        q.and(format!("(a.actor_name = {a} OR u.display_name = {a})"));
    }
    // Dates are China dates: a day starts at 00:00 in Beijing, 16:00 UTC the day before.
    let from = domain::time::parse_date(&filter.from)
        .map(china_day_start)
        .unwrap_or_default();
    // The end date is inclusive: compare against the next day's start.
    let to = domain::time::parse_date(&filter.to)
        .and_then(|d| d.succ_opt())
        .map(china_day_start)
        .unwrap_or_default();
    q.eq("a.entity", filter.entity.trim())
        .cmp("a.at", ">=", &from)
        .cmp("a.at", "<", &to)
        .eq("a.entity_id", filter.entity_id.trim())
        .order_by("a.at DESC, a.id DESC");
    q
}

/// Entries in the caller's scope matching `filter`, newest first, and their total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<AuditRecord>, i64), StoreError> {
    list_query(scope, filter).fetch(db, page).await
}

/// The stored (UTC) timestamp at which `day` begins in China (UTC+8).
fn china_day_start(day: chrono::NaiveDate) -> String {
    let utc = day.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8);
    domain::time::format_ts(utc.and_utc())
}

/// The distinct entity names in the log, for the filter's choice list.
pub async fn entities(db: &Db) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT DISTINCT entity FROM audit_log ORDER BY entity")
            .fetch_all(pool)
            .await?
    });
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

/// [`record`] on a SQLite handle borrowed by [`crate::bulk::with_sqlite`], inside the same
/// transaction.
pub(crate) fn record_on(
    conn: &rusqlite::Connection,
    actor: &Actor,
    entry: Entry<'_>,
) -> Result<(), StoreError> {
    conn.execute(
        INSERT,
        rusqlite::params![
            domain::Id::new().to_string(),
            domain::time::now_text(),
            actor.user_id.map(|u| u.to_string()),
            actor.username,
            entry.region_code,
            entry.entity,
            entry.entity_id,
            entry.action.as_str(),
            entry.before.map(|v| v.to_string()),
            entry.after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
}

/// A version of the stored data that changes whenever a write commits, visible to every
/// process on the same database; `None` when no such version can be had right now (callers
/// then compute afresh). Derived results may be cached under it and are never stale.
///
/// - SQLite: the largest rowid of the audit log. Every write records its audit entry in its
///   own transaction, and a rowid is assigned under the database's single write lock and never
///   reused (the log is append-only), so it grows in commit order. (UUIDv7 ids do not: an id is
///   taken from the clock before the commit, and several processes have several clocks.)
/// - PostgreSQL: `xmax` of the current snapshot (one past the latest finished transaction
///   id), when no transaction that wrote is still running below it (`xmin = xmax`; otherwise
///   `None`). A write, audited or not, that is running or starts later has an id at or above
///   it, so its commit moves it; one running below it would not, hence `None` then.
pub async fn data_version(db: &Db) -> Result<Option<String>, StoreError> {
    Ok(match db {
        Db::Sqlite(pool) => {
            let (n,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(rowid), 0) FROM audit_log")
                .fetch_one(pool)
                .await?;
            Some(format!("s{n}"))
        }
        Db::Postgres(pool) => {
            let (xmin, xmax): (String, String) = sqlx::query_as(
                "SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text
                 FROM (SELECT pg_current_snapshot() AS s) t",
            )
            .fetch_one(pool)
            .await?;
            (xmin == xmax).then(|| format!("p{xmax}"))
        }
    })
}

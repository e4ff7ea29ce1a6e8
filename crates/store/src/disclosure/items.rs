//! Disclosure items: created in a village (or town) of the caller's scope, prepared, submitted
//! and approved where the schedule says the town approves, published (the snapshot frozen as
//! the next version, in the same transaction as the guarded state move and the audit entry),
//! and corrected (back to draft with a reason; the published version stays public).
//!
//! The snapshot's body (the kind's figures) is computed by the caller from the records before
//! the write transaction (the reads use the pool); the envelope (region, period, version,
//! reason, time, publisher) is added here inside it, and the page is rendered from the whole
//! snapshot by the caller's `render`, so that what is frozen is exactly what is previewed.

use super::{schedules, versions};
use crate::industry::in_scope;
use crate::{Db, List, Page, StoreError, Tx, audit, on_pool, on_tx};
use domain::audit::{Action, entity};
use domain::disclosure::Category;
use domain::disclosure::item::{self, Envelope, Input, Kind, PeriodSpec, State, Step};
use domain::identity::{Actor, Scope};
use domain::region::{Level, RegionCode};
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

/// An item as stored, with its preparer's, submitter's and approver's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ItemRecord {
    pub id: String,
    pub region_code: String,
    pub category: String,
    pub kind: String,
    pub period_from: String,
    pub period_to: String,
    pub title: String,
    pub major: bool,
    pub approved_on: Option<String>,
    pub input_json: Option<String>,
    pub state: String,
    pub current_version: i64,
    pub prepared_by: Option<String>,
    pub submitted_by: Option<String>,
    pub approved_by: Option<String>,
    pub correction_reason: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
    pub prepared_by_name: Option<String>,
    pub submitted_by_name: Option<String>,
    pub approved_by_name: Option<String>,
}

impl ItemRecord {
    pub fn kind(&self) -> Option<Kind> {
        Kind::parse(&self.kind)
    }

    pub fn category(&self) -> Option<Category> {
        Category::parse(&self.category)
    }

    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Draft)
    }

    /// What was entered for publication (empty when nothing was).
    pub fn input(&self) -> Input {
        self.input_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    /// The period as a spec, when it is a year, quarter or month.
    pub fn period(&self) -> Option<PeriodSpec> {
        PeriodSpec::of_range(
            domain::time::parse_date(&self.period_from)?,
            domain::time::parse_date(&self.period_to)?,
        )
    }
}

const COLUMNS: &str = "i.id, i.region_code, i.category, i.kind, i.period_from,
        i.period_to, i.title, i.major, i.approved_on, i.input_json, i.state,
        CAST(i.current_version AS BIGINT) AS current_version, i.prepared_by, i.submitted_by, i.approved_by,
        i.correction_reason, i.archived, i.created_at, i.updated_at,
        p.display_name AS prepared_by_name, s.display_name AS submitted_by_name,
        a.display_name AS approved_by_name";
const FROM: &str = "FROM disclosure_items i
        LEFT JOIN users p ON p.id = i.prepared_by
        LEFT JOIN users s ON s.id = i.submitted_by
        LEFT JOIN users a ON a.id = i.approved_by";

/// A new item as entered.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub region_code: String,
    pub kind: Kind,
    pub period: PeriodSpec,
    pub title: String,
    pub major: bool,
    pub approved_on: Option<chrono::NaiveDate>,
    pub input: Input,
}

fn user_of(actor: &Actor) -> Option<String> {
    actor.user_id.map(|u| u.to_string())
}

/// Is `actor` the user `who` (the system, without a user, is nobody's preparer but its own)?
fn is_user(who: Option<&str>, actor: &Actor) -> bool {
    match (who, user_of(actor)) {
        (Some(w), Some(a)) => w == a,
        (None, None) => true,
        _ => false,
    }
}

fn check_input(kind: Kind, input: &Input) -> Result<(), FieldError> {
    match kind {
        Kind::SubsidyList if input.rows.is_empty() => {
            Err(FieldError::new("common.required", "rows"))
        }
        Kind::Other if input.text.trim().is_empty() => {
            Err(FieldError::new("common.required", "text"))
        }
        Kind::ProjectProgress if input.project_id.is_empty() => {
            Err(FieldError::new("common.required", "project_id"))
        }
        _ => Ok(()),
    }
}

async fn check_project(
    db: &Db,
    actor: &Actor,
    region: &str,
    input: &Input,
) -> Result<(), StoreError> {
    if input.project_id.is_empty() {
        return Ok(());
    }
    let found = crate::industry::projects::get(db, &actor.scope, &input.project_id)
        .await?
        .is_some_and(|p| p.project.region_code == region);
    if found {
        Ok(())
    } else {
        Err(FieldError::new("disclosure.project_unknown", "project_id").into())
    }
}

/// Creates a draft item in a village or town of the actor's scope; the actor prepares it.
pub async fn create(db: &Db, actor: &Actor, new: &NewItem) -> Result<ItemRecord, StoreError> {
    if !item::may_prepare(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    let code = RegionCode::parse(&new.region_code)
        .map_err(|_| FieldError::new("common.required", "region_code"))?;
    if !actor.scope.contains(&code) {
        return Err(DomainError::NotFound.into());
    }
    if crate::region::get(db, &actor.scope, code.as_str())
        .await?
        .is_none()
    {
        return Err(DomainError::NotFound.into());
    }
    if !matches!(code.level(), Level::Village | Level::Town) {
        return Err(FieldError::new("disclosure.region_level", "region_code").into());
    }
    let title = item::check_title(&new.title)?;
    check_input(new.kind, &new.input)?;
    check_project(db, actor, code.as_str(), &new.input).await?;
    let (from, to) = new
        .period
        .range()
        .ok_or_else(|| FieldError::new("disclosure.period_invalid", "period"))?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let input_json = serde_json::to_string(&new.input).ok();
    let mut tx = db.begin_write().await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_items (id, region_code, category, kind, period_from,
                 period_to, title, major, approved_on, input_json, state, current_version,
                 prepared_by, correction_reason, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', 0, $11, '', FALSE,
                 $12, $12)",
        )
        .bind(&id)
        .bind(code.as_str())
        .bind(new.kind.category().as_str())
        .bind(new.kind.as_str())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(&title)
        .bind(new.major)
        .bind(new.approved_on.map(|d| d.to_string()))
        .bind(&input_json)
        .bind(user_of(actor))
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = get_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::DISCLOSURE_ITEM, &id, code.as_str()),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Edits a draft's title and what was entered; whoever edits becomes its preparer.
pub async fn update_draft(
    db: &Db,
    actor: &Actor,
    id: &str,
    title: &str,
    input: &Input,
) -> Result<ItemRecord, StoreError> {
    let before = get(db, &actor.scope, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !item::may_prepare(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    let kind = before.kind().ok_or(DomainError::NotFound)?;
    let title = item::check_title(title)?;
    check_input(kind, input)?;
    check_project(db, actor, &before.region_code, input).await?;
    let input_json = serde_json::to_string(input).ok();
    let mut tx = db.begin_write().await?;
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_items SET title = $2, input_json = $3, prepared_by = $4,
                 updated_at = $5
             WHERE id = $1 AND state = 'draft'",
        )
        .bind(id)
        .bind(&title)
        .bind(&input_json)
        .bind(user_of(actor))
        .bind(domain::time::now_text())
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("disclosure.state_changed").into());
    }
    let after = get_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::DISCLOSURE_ITEM, id, &before.region_code),
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// An item in scope (not archived).
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<ItemRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE i.id = $1 AND NOT i.archived");
    let row: Option<ItemRecord> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

async fn get_in_tx(tx: &mut Tx, id: &str) -> Result<Option<ItemRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE i.id = $1");
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// List filters; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A region inside the scope: its subtree.
    pub region: String,
    pub category: String,
    pub state: String,
    pub year: Option<i32>,
}

/// Items in scope, newest period first, and their total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<ItemRecord>, i64), StoreError> {
    let mut q = List::new(COLUMNS, FROM);
    q.scoped("i.region_code", scope);
    if let Ok(r) = RegionCode::parse(&filter.region) {
        q.within(
            "i.region_code",
            domain::identity::prefix_range(r.subtree_prefix()),
        );
    }
    q.eq("i.category", &filter.category)
        .eq("i.state", &filter.state)
        .and("NOT i.archived");
    if let Some(y) = filter.year {
        q.cmp("i.period_from", "<=", &format!("{y}-12-31")).cmp(
            "i.period_to",
            ">=",
            &format!("{y}-01-01"),
        );
    }
    q.order_by("i.period_from DESC, i.region_code, i.category, i.id");
    q.fetch(db, page).await
}

/// The display name a publication shows for `actor` (the user's, else the account's name).
pub async fn publisher_name(db: &Db, actor: &Actor) -> Result<String, StoreError> {
    let name: Option<(String,)> = match user_of(actor) {
        Some(id) => on_pool!(db, |pool| {
            sqlx::query_as("SELECT display_name FROM users WHERE id = $1")
                .bind(&id)
                .fetch_optional(pool)
                .await?
        }),
        None => None,
    };
    Ok(name.map_or_else(|| actor.username.clone(), |(n,)| n))
}

async fn region_name(db: &Db, code: &str) -> Result<String, StoreError> {
    Ok(crate::region::get(db, &Scope::system(), code)
        .await?
        .map_or_else(|| code.to_string(), |r| r.name))
}

/// The snapshot `item` would be published as by `actor` now, with `body` (the kind's
/// figures): the next version, the correction's reason, the time and the publisher's name.
pub async fn snapshot(
    db: &Db,
    actor: &Actor,
    item: &ItemRecord,
    body: serde_json::Value,
    published_at: &str,
) -> Result<serde_json::Value, StoreError> {
    let kind = item.kind().ok_or(DomainError::NotFound)?;
    let region = region_name(db, &item.region_code).await?;
    let publisher = publisher_name(db, actor).await?;
    Ok(Envelope {
        region_code: &item.region_code,
        region_name: &region,
        kind,
        title: &item.title,
        period_from: &item.period_from,
        period_to: &item.period_to,
        version: item.current_version + 1,
        reason: &item.correction_reason,
        published_at,
        publisher: &publisher,
    }
    .snapshot(body))
}

/// The page rendered from a snapshot (by the web's one template).
pub type Render<'a> = &'a (dyn Fn(&serde_json::Value) -> Result<String, StoreError> + Sync);

/// Takes `step` on item `id`. Publishing needs `publication`: the body computed from the
/// records and the renderer of the page; the snapshot is frozen as the next version in the
/// same transaction as the guarded state move and the audit entry. Exactly one of
/// concurrent attempts wins (`disclosure.state_changed` for the others).
pub async fn step(
    db: &Db,
    actor: &Actor,
    id: &str,
    step: Step,
    publication: Option<(serde_json::Value, Render<'_>)>,
) -> Result<ItemRecord, StoreError> {
    let before = get(db, &actor.scope, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let category = before.category().ok_or(DomainError::NotFound)?;
    let rule = schedules::rule_for(db, &before.region_code, category).await?;
    let (from, to) = step
        .transition(rule.needs_approval)
        .ok_or(DomainError::Conflict("disclosure.state_changed"))?;
    item::check_step(
        step,
        actor.role,
        is_user(before.prepared_by.as_deref(), actor),
    )?;
    if before.state() != from {
        return Err(DomainError::Conflict("disclosure.state_changed").into());
    }
    let frozen = match (step, publication) {
        (Step::Publish, Some((body, render))) => {
            let now = domain::time::now_text();
            let snap = snapshot(db, actor, &before, body, &now).await?;
            let html = render(&snap)?;
            Some((snap, html))
        }
        (Step::Publish, None) => {
            return Err(DomainError::Conflict("disclosure.snapshot_invalid").into());
        }
        _ => None,
    };
    let who = user_of(actor);
    let mut tx = db.begin_write().await?;
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_items SET state = $2,
                 submitted_by = CASE WHEN $5 = 'submit' THEN $6 ELSE submitted_by END,
                 approved_by = CASE WHEN $5 = 'approve' THEN $6 ELSE approved_by END,
                 updated_at = $7
             WHERE id = $1 AND state = $3 AND current_version = $4",
        )
        .bind(id)
        .bind(to.as_str())
        .bind(from.as_str())
        .bind(before.current_version)
        .bind(step.as_str())
        .bind(&who)
        .bind(domain::time::now_text())
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("disclosure.state_changed").into());
    }
    if let Some((snap, html)) = &frozen {
        let v = versions::publish_in_tx(&mut tx, actor, id, &before.correction_reason, snap, html)
            .await?;
        audit::insert(
            &mut tx,
            actor,
            audit::Subject::new(entity::DISCLOSURE_VERSION, &v.id, &before.region_code),
            &serde_json::json!({
                "item_id": v.item_id,
                "version": v.version,
                "reason": v.reason,
                "snapshot_sha256": v.snapshot_sha256,
                "log_index": v.log_index,
            }),
        )
        .await?;
    }
    let after = get_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        match step {
            Step::Submit => Action::Update,
            Step::Approve => Action::Review,
            Step::Publish => Action::Post,
        },
        audit::Subject::new(entity::DISCLOSURE_ITEM, id, &before.region_code),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Opens a correction of a published item: back to draft with `reason` (required), the
/// actor its preparer; the published version stays public. Exactly one of concurrent
/// corrections wins.
pub async fn correct(
    db: &Db,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<ItemRecord, StoreError> {
    let reason = item::check_reason(reason)?;
    let before = get(db, &actor.scope, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !item::may_prepare(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    if before.state() != State::Published {
        return Err(DomainError::Conflict("disclosure.state_changed").into());
    }
    let mut tx = db.begin_write().await?;
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_items SET state = 'draft', correction_reason = $2,
                 prepared_by = $3, submitted_by = NULL, approved_by = NULL, updated_at = $4
             WHERE id = $1 AND state = 'published' AND current_version = $5",
        )
        .bind(id)
        .bind(&reason)
        .bind(user_of(actor))
        .bind(domain::time::now_text())
        .bind(before.current_version)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("disclosure.state_changed").into());
    }
    let after = get_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::DISCLOSURE_ITEM, id, &before.region_code),
        &before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

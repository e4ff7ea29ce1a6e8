//! News (工作动态) stored: written by cadres for a region in their scope, published by the town
//! or district (never by its author), withdrawn, archived; its images (re-encoded JPEG).
//!
//! Invariants:
//! - every state change is `UPDATE … WHERE id = $1 AND state = $from` with its rows affected
//!   checked (one of N concurrent attempts wins; the others get `news.state_changed`), in
//!   a transaction with its audit entry; only a draft is edited or gets images;
//! - the public reads ([`published_for_region`], [`published`], [`public_image`]) return
//!   only items that are published and not archived: a withdrawn item and its images
//!   disappear from the public side at once;
//! - the stored text is sanitised ([`domain::mechanism::html::sanitize_news`]) and its
//!   images are referenced only by our own `/public/news/images/{id}` URLs.

use crate::{Db, List, Page, StoreError, Tx, audit, on_pool, on_tx};
use domain::DomainError;
use domain::Id;
use domain::audit::{Action, entity};
use domain::disclosure::news::{self as rules, News, State, Step};
use domain::identity::{Actor, Scope};
use domain::region::RegionCode;
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct NewsRecord {
    pub id: String,
    pub region_code: String,
    pub title: String,
    pub body_html: String,
    pub state: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub publisher_id: Option<String>,
    pub publisher_name: String,
    pub published_at: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl NewsRecord {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Draft)
    }
}

/// An image of a news item, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ImageMeta {
    pub id: String,
    pub news_id: String,
    pub width: i64,
    pub height: i64,
    pub created_at: String,
}

const SUMMARY_CHARS: usize = 80;

/// The published time in China time, RFC 3339 with its offset.
fn china_rfc3339(ts: &str) -> String {
    domain::time::parse_ts(ts)
        .map(|t| {
            (t + chrono::Duration::hours(8))
                .format("%Y-%m-%dT%H:%M:%S+08:00")
                .to_string()
        })
        .unwrap_or_else(|| ts.to_string())
}

/// The newest published news of `region_code` (its own, not of the regions below),
/// at most `limit`.
pub async fn published_for_region(
    db: &Db,
    region_code: &str,
    limit: i64,
) -> Result<Vec<PublicNews>, StoreError> {
    let rows: Vec<NewsRecord> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM disclosure_news WHERE region_code = $1 AND state = 'published'
             AND NOT archived ORDER BY published_at DESC, id DESC LIMIT $2",
        )
        .bind(region_code)
        .bind(limit)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|r| PublicNews {
            summary: rules::summary(&r.body_html, SUMMARY_CHARS),
            published_at: china_rfc3339(r.published_at.as_deref().unwrap_or_default()),
            id: r.id,
            region_code: r.region_code,
            title: r.title,
        })
        .collect())
}

/// A published (not archived) news item, for its public page.
pub async fn published(db: &Db, id: &str) -> Result<Option<NewsRecord>, StoreError> {
    let row: Option<NewsRecord> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM disclosure_news WHERE id = $1 AND state = 'published' AND NOT archived",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    Ok(row)
}

/// The JPEG bytes of an image whose news item is published (and not archived).
pub async fn public_image(db: &Db, image_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let row: Option<(Vec<u8>,)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT i.data FROM disclosure_news_images i JOIN disclosure_news n ON n.id = i.news_id
             WHERE i.id = $1 AND n.state = 'published' AND NOT n.archived",
        )
        .bind(image_id)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|(d,)| d))
}

fn in_scope(scope: &Scope, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|c| scope.contains(&c))
}

/// List filters; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub region: Option<RegionCode>,
    pub state: Option<State>,
    pub include_archived: bool,
}

/// News in scope, newest first, and the count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<NewsRecord>, i64), StoreError> {
    let range = match &filter.region {
        None => scope.range(),
        Some(r) if scope.contains(r) => domain::identity::prefix_range(r.subtree_prefix()),
        Some(_) => return Ok((Vec::new(), 0)),
    };
    let mut q = List::new("*", "FROM disclosure_news");
    q.within("region_code", range)
        .eq("state", filter.state.map(|s| s.as_str()).unwrap_or(""))
        .unarchived("archived", filter.include_archived)
        .order_by("updated_at DESC, id DESC");
    q.fetch(db, page).await
}

/// One item in scope.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<NewsRecord>, StoreError> {
    let row: Option<NewsRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM disclosure_news WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

/// The images of an item in scope, oldest first.
pub async fn images(db: &Db, scope: &Scope, news_id: &str) -> Result<Vec<ImageMeta>, StoreError> {
    if get(db, scope, news_id).await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT id, news_id, width, height, created_at FROM disclosure_news_images
             WHERE news_id = $1 ORDER BY created_at, id",
        )
        .bind(news_id)
        .fetch_all(pool)
        .await?
    }))
}

async fn row_in_tx(tx: &mut Tx, id: &str) -> Result<Option<NewsRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM disclosure_news WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The acting user's display name (the username for the system or an unknown user).
async fn actor_name(tx: &mut Tx, actor: &Actor) -> Result<String, StoreError> {
    let Some(user) = actor.user_id else {
        return Ok(actor.username.clone());
    };
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT display_name FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(conn)
            .await?
    });
    Ok(row.map_or_else(|| actor.username.clone(), |(n,)| n))
}

/// The item for a write by `actor`: in scope (else not found), writable by the role.
async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<NewsRecord, StoreError> {
    let row = row_in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    if !rules::may_write(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    Ok(row)
}

fn changed() -> StoreError {
    DomainError::Conflict("news.state_changed").into()
}

/// Writes a draft for `region` (in the actor's scope, live).
pub async fn create(
    db: &Db,
    actor: &Actor,
    region: &RegionCode,
    n: &News,
) -> Result<NewsRecord, StoreError> {
    if !actor.scope.contains(region) {
        return Err(DomainError::NotFound.into());
    }
    if !rules::may_write(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    let mut tx = db.begin_write().await?;
    let live: Option<(bool,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT archived FROM regions WHERE code = $1")
            .bind(region.as_str())
            .fetch_optional(conn)
            .await?
    });
    if live != Some((false,)) {
        return Err(
            domain::FieldError::new("mechanism.region_unknown", "region_code")
                .arg("value", region.as_str())
                .into(),
        );
    }
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let author = actor_name(&mut tx, actor).await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_news (id, region_code, title, body_html, state, author_id,
                 author_name, publisher_name, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $9)",
        )
        .bind(&id)
        .bind(region.as_str())
        .bind(&n.title)
        .bind(&n.body_html)
        .bind(State::Draft.as_str())
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(&author)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = row_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::NEWS_ITEM, &id, region.as_str()),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Changes the title and text of a draft.
pub async fn update(db: &Db, actor: &Actor, id: &str, n: &News) -> Result<NewsRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_news SET title = $2, body_html = $3, updated_at = $4
             WHERE id = $1 AND state = 'draft' AND NOT archived",
        )
        .bind(id)
        .bind(&n.title)
        .bind(&n.body_html)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(changed());
    }
    let new = row_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::NEWS_ITEM, id, &old.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Takes a workflow step (guarded: of concurrent steps exactly one wins). Publishing
/// records the publisher, who must not be the author.
pub async fn step(db: &Db, actor: &Actor, id: &str, s: Step) -> Result<NewsRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = row_in_tx(&mut tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    if !s.allowed(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    let (from, to) = s.from_to();
    if old.state() != from || old.archived {
        return Err(changed());
    }
    if s == Step::Publish
        && let (Some(author), Some(me)) = (&old.author_id, actor.user_id)
        && *author == me.to_string()
    {
        return Err(DomainError::Conflict("news.own_item").into());
    }
    let now = domain::time::now_text();
    let who = actor_name(&mut tx, actor).await?;
    let moved = on_tx!(&mut tx, |conn| {
        let q = if s == Step::Publish {
            sqlx::query(
                "UPDATE disclosure_news SET state = $3, publisher_id = $4, publisher_name = $5,
                     published_at = $6, updated_at = $6
                 WHERE id = $1 AND state = $2 AND NOT archived",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(&who)
            .bind(&now)
        } else {
            sqlx::query(
                "UPDATE disclosure_news SET state = $3, updated_at = $4
                 WHERE id = $1 AND state = $2 AND NOT archived",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(&now)
        };
        q.execute(conn).await?.rows_affected()
    });
    if moved != 1 {
        return Err(changed());
    }
    let new = row_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    let action = match s {
        Step::Publish => Action::Post,
        Step::Withdraw => Action::Reverse,
        Step::SendBack => Action::Reopen,
        Step::Submit => Action::Update,
    };
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::NEWS_ITEM, id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives a draft or a withdrawn item (a published one is withdrawn first); it leaves the
/// lists but stays in the database and the audit log.
pub async fn archive(db: &Db, actor: &Actor, id: &str) -> Result<NewsRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_news SET archived = $2, updated_at = $3
             WHERE id = $1 AND state IN ('draft', 'withdrawn') AND NOT archived",
        )
        .bind(id)
        .bind(true)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(changed());
    }
    let new = row_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Archive,
        audit::Subject::new(entity::NEWS_ITEM, id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Adds a prepared image (re-encoded JPEG, see `usecase::image`) to a draft and appends it
/// to the text, as `<p><img src="/public/news/images/{id}" alt=""></p>`.
pub async fn add_image(
    db: &Db,
    actor: &Actor,
    news_id: &str,
    jpeg: &[u8],
    width: u32,
    height: u32,
) -> Result<ImageMeta, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, news_id).await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let tag = format!(
        "<p><img src=\"{}{id}\" alt=\"\"></p>",
        domain::mechanism::html::NEWS_IMAGE_PATH
    );
    let body = domain::mechanism::html::sanitize_news(&format!("{}{tag}", old.body_html));
    let moved = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE disclosure_news SET body_html = $2, updated_at = $3
             WHERE id = $1 AND state = 'draft' AND NOT archived",
        )
        .bind(news_id)
        .bind(&body)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if moved != 1 {
        return Err(changed());
    }
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_news_images (id, news_id, width, height, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(news_id)
        .bind(i64::from(width))
        .bind(i64::from(height))
        .bind(jpeg)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let meta = ImageMeta {
        id: id.clone(),
        news_id: news_id.to_string(),
        width: i64::from(width),
        height: i64::from(height),
        created_at: now,
    };
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject::new(entity::NEWS_IMAGE, &id, &old.region_code),
        None::<&()>,
        Some(&meta),
    )
    .await?;
    tx.commit().await?;
    Ok(meta)
}

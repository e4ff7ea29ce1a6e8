//! Users, sessions, API tokens and login throttling.
//!
//! Secrets never reach the database in the clear: passwords are argon2id hashes made by the
//! caller, session ids and API tokens are stored as SHA-256 hex digests.

use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Role, Scope, TokenScope};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region_code: String,
    #[serde(skip)]
    pub password_hash: String,
    pub locale: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl UserRecord {
    pub fn role(&self) -> Result<Role, FieldError> {
        Role::parse(&self.role)
    }

    pub fn region(&self) -> Result<RegionCode, FieldError> {
        RegionCode::parse(&self.region_code)
    }

    /// The actor this user is when acting, with their scope.
    pub fn actor(&self) -> Result<Actor, FieldError> {
        Ok(Actor {
            user_id: self.id.parse().ok(),
            username: self.username.clone(),
            role: Some(self.role()?),
            scope: Scope::region(self.region()?),
        })
    }
}

/// A user to create; the password is already hashed.
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub region: RegionCode,
    pub password_hash: String,
}

async fn user_by_id_tx(tx: &mut Tx, id: &str) -> Result<Option<UserRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn region_exists_tx(tx: &mut Tx, code: &RegionCode) -> Result<bool, StoreError> {
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT code FROM regions WHERE code = $1 AND NOT archived")
            .bind(code.as_str())
            .fetch_optional(conn)
            .await?
    });
    Ok(row.is_some())
}

fn user_json(user: &UserRecord) -> serde_json::Value {
    serde_json::to_value(user).unwrap_or(serde_json::Value::Null)
}

/// Creates a user; the actor may grant only inside their scope and never above their role.
pub async fn create_user(db: &Db, actor: &Actor, new: NewUser) -> Result<UserRecord, StoreError> {
    domain::identity::check_username(&new.username)?;
    if new.display_name.trim().is_empty() {
        return Err(FieldError::new("common.required", "display_name").into());
    }
    actor.check_grant(new.role, &new.region)?;
    let mut tx = db.begin_write().await?;
    if !region_exists_tx(&mut tx, &new.region).await? {
        return Err(FieldError::new("region.not_found", "region_code")
            .arg("value", new.region.as_str())
            .into());
    }
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let inserted = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO users (id, username, display_name, role, region_code, password_hash,
                                locale, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $8)",
        )
        .bind(&id)
        .bind(&new.username)
        .bind(new.display_name.trim())
        .bind(new.role.as_str())
        .bind(new.region.as_str())
        .bind(&new.password_hash)
        .bind(true)
        .bind(&now)
        .execute(conn)
        .await
        .map(|_| ())
    });
    if let Err(e) = inserted {
        let e = StoreError::from(e);
        return Err(if e.is_unique_violation() {
            FieldError::new("identity.username_taken", "username")
                .arg("value", new.username.as_str())
                .into()
        } else {
            e
        });
    }
    let user = user_by_id_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: domain::audit::entity::USER,
            id: &id,
            region: Some(&user.region_code),
        },
        None::<&()>,
        Some(&user_json(&user)),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes to a user by an administrator.
pub struct UserChange {
    pub display_name: String,
    pub role: Role,
    pub region: RegionCode,
    pub active: bool,
    /// A new argon2id hash, when the administrator resets the password.
    pub password_hash: Option<String>,
}

pub async fn update_user(
    db: &Db,
    actor: &Actor,
    id: &str,
    change: UserChange,
) -> Result<UserRecord, StoreError> {
    if change.display_name.trim().is_empty() {
        return Err(FieldError::new("common.required", "display_name").into());
    }
    let mut tx = db.begin_write().await?;
    let old = user_by_id_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    actor.check_manage(old.role()?, &old.region()?)?;
    actor.check_grant(change.role, &change.region)?;
    if actor.user_id.map(|u| u.to_string()).as_deref() == Some(id)
        && (!change.active || change.role.as_str() != old.role)
    {
        // Nobody locks themselves out or changes their own power.
        return Err(DomainError::Conflict("identity.self_change").into());
    }
    if !region_exists_tx(&mut tx, &change.region).await? {
        return Err(FieldError::new("region.not_found", "region_code")
            .arg("value", change.region.as_str())
            .into());
    }
    let now = domain::time::now_text();
    let hash = change
        .password_hash
        .unwrap_or_else(|| old.password_hash.clone());
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE users SET display_name = $2, role = $3, region_code = $4, active = $5,
                              password_hash = $6, updated_at = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(change.display_name.trim())
        .bind(change.role.as_str())
        .bind(change.region.as_str())
        .bind(change.active)
        .bind(&hash)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    if !change.active || hash != old.password_hash {
        // A deactivated user or a reset password ends every open session.
        end_sessions_tx(&mut tx, id, None).await?;
    }
    if hash != old.password_hash {
        // A reset password also revokes the user's API tokens: whoever knew the old password
        // may have made one.
        revoke_tokens_tx(&mut tx, id, &now).await?;
    }
    let new = user_by_id_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: domain::audit::entity::USER,
            id,
            region: Some(&new.region_code),
        },
        Some(&user_json(&old)),
        Some(&user_json(&new)),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Sets a user's password (from the command line, any user's): every session of the user
/// ends and every API token of the user is revoked.
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    id: &str,
    password_hash: &str,
) -> Result<(), StoreError> {
    change_password(db, actor, id, password_hash, None).await
}

/// Sets a user's password. Every other session of the user ends and every API token of the
/// user is revoked, in the same transaction; only the session `keep_session` (the hash of the
/// session that made the change, when it is the user's own) stays open. Someone else's
/// password is changed only by an actor allowed to administer them.
pub async fn change_password(
    db: &Db,
    actor: &Actor,
    id: &str,
    password_hash: &str,
    keep_session: Option<&str>,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let user = user_by_id_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let own = actor.user_id.map(|u| u.to_string()).as_deref() == Some(id);
    if !own && actor.role.is_some() {
        actor.check_manage(user.role()?, &user.region()?)?;
    }
    let keep = keep_session.filter(|_| own);
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let sessions = end_sessions_tx(&mut tx, id, keep).await?;
    let tokens = revoke_tokens_tx(&mut tx, id, &now).await?;
    audit::change(
        &mut tx,
        actor,
        Action::PasswordChange,
        audit::Subject {
            entity: domain::audit::entity::USER,
            id,
            region: Some(&user.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({
            "sessions_ended": sessions,
            "tokens_revoked": tokens,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Remembers the user's language choice.
pub async fn set_locale(db: &Db, actor: &Actor, id: &str, locale: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let old = user_by_id_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let own = actor.user_id.map(|u| u.to_string()).as_deref() == Some(id);
    if !own && actor.role.is_some() {
        actor.check_manage(old.role()?, &old.region()?)?;
    }
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
            .bind(id)
            .bind(locale)
            .execute(conn)
            .await?;
    });
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: domain::audit::entity::USER,
            id,
            region: Some(&old.region_code),
        },
        Some(&serde_json::json!({ "locale": old.locale })),
        Some(&serde_json::json!({ "locale": locale })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// For sign-in only: the user by name, whatever their region.
pub async fn find_for_login(db: &Db, username: &str) -> Result<Option<UserRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(pool)
            .await?
    }))
}

/// The display names of users by username, for pages that record people by username
/// (a voucher's preparer, reviewer and poster). A name not found is left out; the caller
/// shows the username itself (a command-line actor such as `system:cli`, say).
pub async fn display_names(
    db: &Db,
    usernames: &[&str],
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for username in usernames {
        if out.contains_key(*username) {
            continue;
        }
        let row: Option<(String,)> = on_pool!(db, |pool| {
            sqlx::query_as("SELECT display_name FROM users WHERE username = $1")
                .bind(*username)
                .fetch_optional(pool)
                .await?
        });
        if let Some((name,)) = row {
            out.insert((*username).to_string(), name);
        }
    }
    Ok(out)
}

/// A user in the caller's scope.
pub async fn get_user(db: &Db, scope: &Scope, id: &str) -> Result<Option<UserRecord>, StoreError> {
    let user: Option<UserRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(user.filter(|u| u.region().is_ok_and(|r| scope.contains(&r))))
}

/// Users in the caller's scope, by region and name.
pub async fn list_users(
    db: &Db,
    scope: &Scope,
    page: Page,
) -> Result<(Vec<UserRecord>, i64), StoreError> {
    let mut q = List::new("*", "FROM users");
    q.scoped("region_code", scope)
        .order_by("region_code, username");
    q.fetch(db, page).await
}

/// The users a caller may name on a record of their own region (a meeting's chair or
/// attendee, a problem's owner, a visitor): everyone in the caller's scope and the users of
/// the regions above it (the town officer or district leader who takes part in a village's
/// work), as `store::mechanism::person_name` accepts them. By region, then username.
pub async fn users_in_reach(db: &Db, scope: &Scope) -> Result<Vec<UserRecord>, StoreError> {
    let (mut users, _) = list_users(db, scope, Page::all()).await?;
    let mut above = Vec::new();
    let mut code = scope.root().and_then(|r| r.expected_parent());
    while let Some(c) = code {
        code = c.expected_parent();
        above.push(c);
    }
    for region in &above {
        let rows: Vec<UserRecord> = on_pool!(db, |pool| {
            sqlx::query_as("SELECT * FROM users WHERE region_code = $1 ORDER BY username")
                .bind(region.as_str())
                .fetch_all(pool)
                .await?
        });
        users.extend(rows);
    }
    users.sort_by(|a, b| (&a.region_code, &a.username).cmp(&(&b.region_code, &b.username)));
    Ok(users)
}

// ---------------------------------------------------------------- sessions

/// A signed-in browser session, found by the hash of its cookie value.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: String,
    pub expires_at: String,
}

/// Opens a session for a user who just proved their password; the sign-in is audited.
pub async fn create_session(
    db: &Db,
    user: &UserRecord,
    id_hash: &str,
    csrf_token: &str,
    expires_at: &str,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(&user.id)
        .bind(csrf_token)
        .bind(&now)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
        // Expired sessions of anyone are swept as a side effect of signing in.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let actor = user.actor()?;
    audit::change(
        &mut tx,
        &actor,
        Action::Login,
        audit::Subject {
            entity: domain::audit::entity::SESSION,
            id: &user.id,
            region: Some(&user.region_code),
        },
        None::<&()>,
        None::<&()>,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A session row joined with its user's row: the session's columns carry an `s_` prefix.
#[derive(sqlx::FromRow)]
struct SessionUserRow {
    s_id_hash: String,
    s_user_id: String,
    s_csrf_token: String,
    s_created_at: String,
    s_expires_at: String,
    #[sqlx(flatten)]
    user: UserRecord,
}

/// The live session and its active user, or `None` when expired, ended or deactivated: one
/// query (every signed-in request makes it).
pub async fn find_session(
    db: &Db,
    id_hash: &str,
) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
    let now = domain::time::now_text();
    let row: Option<SessionUserRow> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT s.id_hash AS s_id_hash, s.user_id AS s_user_id, s.csrf_token AS s_csrf_token,
                    s.created_at AS s_created_at, s.expires_at AS s_expires_at, u.*
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.active",
        )
        .bind(id_hash)
        .bind(&now)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|r| {
        (
            SessionRecord {
                id_hash: r.s_id_hash,
                user_id: r.s_user_id,
                csrf_token: r.s_csrf_token,
                created_at: r.s_created_at,
                expires_at: r.s_expires_at,
            },
            r.user,
        )
    }))
}

/// Ends a session (sign-out). Sessions are credentials, not business records: they go.
pub async fn end_session(db: &Db, actor: &Actor, id_hash: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(conn)
            .await?;
    });
    let user_id = actor.user_id.map(|u| u.to_string()).unwrap_or_default();
    let region = actor.scope.root().map(|r| r.to_string());
    audit::change(
        &mut tx,
        actor,
        Action::Logout,
        audit::Subject {
            entity: domain::audit::entity::SESSION,
            id: &user_id,
            region: region.as_deref(),
        },
        None::<&()>,
        None::<&()>,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends the user's sessions but `keep` (a session id hash); returns how many ended.
async fn end_sessions_tx(
    tx: &mut Tx,
    user_id: &str,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(conn)
            .await?
            .rows_affected()
    }))
}

/// Revokes every live API token of the user; returns how many.
async fn revoke_tokens_tx(tx: &mut Tx, user_id: &str, now: &str) -> Result<u64, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected()
    }))
}

// ---------------------------------------------------------------- API tokens

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: String,
    pub user_id: String,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
    /// `full` (the API as its user) or `calendar` (the user's calendar feed only).
    pub scope: String,
}

/// Stores a new full API token's hash for `user`. The clear token is shown once by the caller.
pub async fn create_token(
    db: &Db,
    actor: &Actor,
    user: &UserRecord,
    name: &str,
    token_hash: &str,
) -> Result<TokenRecord, StoreError> {
    create_scoped_token(db, actor, user, name, token_hash, TokenScope::Full).await
}

/// Stores a new token's hash for `user` with what it may be used for. A token is made for
/// oneself or, by an actor allowed to administer them, for another user.
pub async fn create_scoped_token(
    db: &Db,
    actor: &Actor,
    user: &UserRecord,
    name: &str,
    token_hash: &str,
    scope: TokenScope,
) -> Result<TokenRecord, StoreError> {
    let own = actor.user_id.map(|u| u.to_string()).as_deref() == Some(user.id.as_str());
    if !own && actor.role.is_some() {
        actor.check_manage(user.role()?, &user.region()?)?;
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("common.required", "name").into());
    }
    let mut tx = db.begin_write().await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let record: TokenRecord = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, scope)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&user.id)
        .bind(name)
        .bind(token_hash)
        .bind(&now)
        .bind(scope.as_str())
        .execute(&mut *conn)
        .await?;
        sqlx::query_as("SELECT * FROM api_tokens WHERE id = $1")
            .bind(&id)
            .fetch_one(&mut *conn)
            .await?
    });
    audit::change(
        &mut tx,
        actor,
        Action::TokenCreate,
        audit::Subject {
            entity: domain::audit::entity::API_TOKEN,
            id: &id,
            region: Some(&user.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({
            "user": user.username, "name": name, "scope": scope.as_str(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// The active user owning an unrevoked full API token with this hash (bearer tokens). A
/// calendar token is not found here: it reads the calendar feed and nothing else.
pub async fn find_token_user(db: &Db, token_hash: &str) -> Result<Option<UserRecord>, StoreError> {
    find_scoped_token_user(db, token_hash, TokenScope::Full).await
}

/// The active user owning an unrevoked token of exactly this scope with this hash.
pub async fn find_scoped_token_user(
    db: &Db,
    token_hash: &str,
    scope: TokenScope,
) -> Result<Option<UserRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.scope = $2 AND t.revoked_at IS NULL AND u.active",
        )
        .bind(token_hash)
        .bind(scope.as_str())
        .fetch_optional(pool)
        .await?
    }))
}

pub async fn list_tokens(db: &Db, user_id: &str) -> Result<Vec<TokenRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC")
            .bind(user_id)
            .fetch_all(pool)
            .await?
    }))
}

/// Revokes one of `owner`'s tokens. Tokens are kept, marked revoked, for the record.
pub async fn revoke_token(
    db: &Db,
    actor: &Actor,
    owner: &UserRecord,
    token_id: &str,
) -> Result<(), StoreError> {
    let own = actor.user_id.map(|u| u.to_string()).as_deref() == Some(owner.id.as_str());
    if !own && actor.role.is_some() {
        actor.check_manage(owner.role()?, &owner.region()?)?;
    }
    let mut tx = db.begin_write().await?;
    let now = domain::time::now_text();
    let result = on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3
             WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
        .bind(token_id)
        .bind(&owner.id)
        .bind(&now)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if result == 0 {
        return Err(DomainError::NotFound.into());
    }
    audit::change(
        &mut tx,
        actor,
        Action::TokenRevoke,
        audit::Subject {
            entity: domain::audit::entity::API_TOKEN,
            id: token_id,
            region: Some(&owner.region_code),
        },
        None::<&()>,
        None::<&()>,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- login throttling

/// Counts failed sign-ins under `key` (an account or an address) since `since`.
pub async fn count_failures(db: &Db, key: &str, since: &str) -> Result<i64, StoreError> {
    let (n,): (i64,) = on_pool!(db, |pool| {
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND at > $2")
            .bind(key)
            .bind(since)
            .fetch_one(pool)
            .await?
    });
    Ok(n)
}

pub async fn record_failure(db: &Db, keys: &[&str]) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let now = domain::time::now_text();
    for key in keys {
        let id = Id::new().to_string();
        on_tx!(&mut tx, |conn| {
            sqlx::query("INSERT INTO login_failures (id, throttle_key, at) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(*key)
                .bind(&now)
                .execute(conn)
                .await?;
        });
    }
    tx.commit().await?;
    Ok(())
}

/// Forgets an account's failures after it signs in.
pub async fn clear_failures(db: &Db, key: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(conn)
            .await?;
    });
    tx.commit().await?;
    Ok(())
}

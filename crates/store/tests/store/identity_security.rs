//! Identity security on both backends (issue 11): a password change or reset ends the user's
//! sessions and revokes their API tokens; nobody administers a peer; calendar tokens are
//! found only as calendar tokens.

use super::*;
use domain::DomainError;
use domain::identity::TokenScope;
use store::identity::{UserChange, UserRecord};

const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

async fn stored(db: &Db, username: &str, role: Role, region: &str) -> UserRecord {
    store::identity::create_user(
        db,
        &Actor::system("test"),
        store::identity::NewUser {
            username: username.into(),
            display_name: format!("{username}姓名"),
            role,
            region: code(region),
            password_hash: format!("hash-of-{username}"),
        },
    )
    .await
    .unwrap()
}

/// One text value by a query with one parameter, on either backend.
async fn one_text(db: &Db, sql: &'static str, arg: &str) -> String {
    let (value,): (String,) = match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).bind(arg).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_as(sql).bind(arg).fetch_one(pool).await.unwrap(),
    };
    value
}

fn later() -> String {
    domain::time::format_ts(domain::time::now() + chrono::Duration::hours(1))
}

async fn session_alive(db: &Db, hash: &str) -> bool {
    store::identity::find_session(db, hash)
        .await
        .unwrap()
        .is_some()
}

async fn token_works(db: &Db, hash: &str) -> bool {
    store::identity::find_token_user(db, hash)
        .await
        .unwrap()
        .is_some()
}

fn is_forbidden(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(result, Err(StoreError::Domain(DomainError::Forbidden)))
}

fn change(user: &UserRecord, role: Role, region: &str, hash: Option<&str>) -> UserChange {
    UserChange {
        display_name: user.display_name.clone(),
        role,
        region: code(region),
        active: true,
        password_hash: hash.map(str::to_string),
    }
}

#[tokio::test]
async fn a_password_set_or_reset_ends_sessions_and_revokes_tokens() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = stored(db, "town", Role::TownOfficer, TOWN).await;
        let admin = stored(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let admin_actor = admin.actor().unwrap();
        let own = town.actor().unwrap();

        // The command line's `user passwd` (set_password): every session and token goes.
        store::identity::create_session(db, &town, "s1", "c1", &later())
            .await
            .unwrap();
        store::identity::create_token(db, &own, &town, "sync", "t1")
            .await
            .unwrap();
        store::identity::set_password(db, &Actor::system("cli"), &town.id, "new-hash-1")
            .await
            .unwrap();
        assert!(!session_alive(db, "s1").await, "session ended");
        assert!(!token_works(db, "t1").await, "token revoked");
        let tokens = store::identity::list_tokens(db, &town.id).await.unwrap();
        assert!(tokens.iter().all(|t| t.revoked_at.is_some()), "{tokens:?}");

        // An administrator's reset (update_user with a new hash): the same.
        store::identity::create_session(db, &town, "s2", "c2", &later())
            .await
            .unwrap();
        store::identity::create_token(db, &own, &town, "sync2", "t2")
            .await
            .unwrap();
        store::identity::update_user(
            db,
            &admin_actor,
            &town.id,
            change(&town, Role::TownOfficer, TOWN, Some("new-hash-2")),
        )
        .await
        .unwrap();
        assert!(!session_alive(db, "s2").await, "session ended by the reset");
        assert!(!token_works(db, "t2").await, "token revoked by the reset");

        // An edit that keeps the password keeps sessions and tokens.
        store::identity::create_session(db, &town, "s3", "c3", &later())
            .await
            .unwrap();
        store::identity::create_token(db, &own, &town, "sync3", "t3")
            .await
            .unwrap();
        store::identity::update_user(
            db,
            &admin_actor,
            &town.id,
            change(&town, Role::TownOfficer, TOWN, None),
        )
        .await
        .unwrap();
        assert!(session_alive(db, "s3").await && token_works(db, "t3").await);

        // The user's own change keeps the session that made it, and only that one.
        store::identity::create_session(db, &town, "s4", "c4", &later())
            .await
            .unwrap();
        store::identity::change_password(db, &own, &town.id, "new-hash-3", Some("s4"))
            .await
            .unwrap();
        assert!(session_alive(db, "s4").await, "the current session stays");
        assert!(!session_alive(db, "s3").await, "another session ends");
        assert!(!token_works(db, "t3").await, "tokens are revoked");
        // The audit entry says what ended, in the same transaction as the change.
        let after = one_text(
            db,
            "SELECT after_json FROM audit_log WHERE entity_id = $1 AND action = 'password_change'
             ORDER BY at DESC, id DESC LIMIT 1",
            &town.id,
        )
        .await;
        let after: serde_json::Value = serde_json::from_str(&after).unwrap();
        assert_eq!(after["sessions_ended"], 1, "{after}");
        assert_eq!(after["tokens_revoked"], 1, "{after}");
        // A session id of someone else is no shield: the keep applies to one's own change.
        store::identity::create_session(db, &town, "s5", "c5", &later())
            .await
            .unwrap();
        store::identity::change_password(db, &admin_actor, &town.id, "new-hash-4", Some("s5"))
            .await
            .unwrap();
        assert!(!session_alive(db, "s5").await && !session_alive(db, "s4").await);
    });
}

#[tokio::test]
async fn nobody_administers_a_peer_or_a_user_above() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = stored(db, "town", Role::TownOfficer, TOWN).await;
        let peer = stored(db, "town2", Role::TownOfficer, TOWN).await;
        let cadre = stored(db, "cadre", Role::VillageCadre, "340803100201").await;
        let admin = stored(db, "admin", Role::DistrictAdmin, DISTRICT).await;
        let admin2 = stored(db, "admin2", Role::DistrictAdmin, DISTRICT).await;
        let me = town.actor().unwrap();
        let peer_token =
            store::identity::create_token(db, &peer.actor().unwrap(), &peer, "p", "pt")
                .await
                .unwrap();

        // A town officer and a peer of the same town: no edit, no reset, no deactivation,
        // no role change, no token made or revoked, no language set.
        for (label, hash, active) in [
            ("edit", None, true),
            ("reset", Some("taken-over"), true),
            ("deactivate", None, false),
        ] {
            let mut c = change(&peer, Role::TownOfficer, TOWN, hash);
            c.active = active;
            assert!(
                is_forbidden(store::identity::update_user(db, &me, &peer.id, c).await),
                "{label}"
            );
        }
        assert!(is_forbidden(
            store::identity::update_user(
                db,
                &me,
                &peer.id,
                change(&peer, Role::VillageCadre, "340803100201", None)
            )
            .await
        ));
        assert!(is_forbidden(
            store::identity::set_password(db, &me, &peer.id, "taken-over").await
        ));
        assert!(is_forbidden(
            store::identity::revoke_token(db, &me, &peer, &peer_token.id).await
        ));
        assert!(is_forbidden(
            store::identity::create_token(db, &me, &peer, "mine now", "stolen").await
        ));
        assert!(is_forbidden(
            store::identity::set_locale(db, &me, &peer.id, "en-US").await
        ));
        // Nor oneself through administration (the account page changes one's own password).
        assert!(is_forbidden(
            store::identity::update_user(
                db,
                &me,
                &town.id,
                change(&town, Role::TownOfficer, TOWN, Some("x"))
            )
            .await
        ));
        // District admins are peers of each other too.
        assert!(is_forbidden(
            store::identity::set_password(db, &admin.actor().unwrap(), &admin2.id, "x").await
        ));
        let unchanged = store::identity::find_for_login(db, "town2")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unchanged.password_hash, "hash-of-town2");
        assert!(unchanged.active && token_works(db, "pt").await);

        // A role strictly above administers: the town officer its village cadre, the district
        // admin the town officer.
        store::identity::update_user(
            db,
            &me,
            &cadre.id,
            change(
                &cadre,
                Role::VillageCadre,
                "340803100201",
                Some("cadre-new"),
            ),
        )
        .await
        .unwrap();
        store::identity::update_user(
            db,
            &admin.actor().unwrap(),
            &peer.id,
            change(&peer, Role::TownOfficer, TOWN, Some("reset-by-admin")),
        )
        .await
        .unwrap();
        let reset = store::identity::find_for_login(db, "town2")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reset.password_hash, "reset-by-admin");
        assert!(!token_works(db, "pt").await, "reset revokes the token");
    });
}

#[tokio::test]
async fn calendar_tokens_are_found_only_as_calendar_tokens() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = stored(db, "town", Role::TownOfficer, TOWN).await;
        let own = town.actor().unwrap();
        let cal = store::identity::create_scoped_token(
            db,
            &own,
            &town,
            "日历",
            "cal-hash",
            TokenScope::Calendar,
        )
        .await
        .unwrap();
        assert_eq!(cal.scope, "calendar");
        let full = store::identity::create_token(db, &own, &town, "sync", "full-hash")
            .await
            .unwrap();
        assert_eq!(full.scope, "full");
        let found = |hash: &'static str, scope| async move {
            store::identity::find_scoped_token_user(db, hash, scope)
                .await
                .unwrap()
                .map(|u| u.username)
        };
        assert_eq!(
            found("cal-hash", TokenScope::Calendar).await.as_deref(),
            Some("town")
        );
        assert_eq!(found("cal-hash", TokenScope::Full).await, None);
        assert_eq!(found("full-hash", TokenScope::Calendar).await, None);
        assert!(!token_works(db, "cal-hash").await, "not a bearer token");
        assert!(token_works(db, "full-hash").await);
        // The stored column is what the record says.
        let scope = one_text(db, "SELECT scope FROM api_tokens WHERE id = $1", &cal.id).await;
        assert_eq!(scope, "calendar");
        store::identity::revoke_token(db, &own, &town, &cal.id)
            .await
            .unwrap();
        assert_eq!(found("cal-hash", TokenScope::Calendar).await, None);
    });
}

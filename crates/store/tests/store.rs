//! Store tests. Each runs on a fresh temporary SQLite file and, when
//! `ZHENXING_TEST_POSTGRES` names a server (e.g. postgres://postgres@127.0.0.1:5432/postgres),
//! on a fresh PostgreSQL database that the test creates and drops.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use domain::identity::{Actor, Role, Scope};
use domain::region::{RegionCode, RegionInput};
use store::{Db, Page, StoreError};

struct TestDb {
    db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("zx-store-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        TestDb {
            db,
            cleanup: Cleanup::File(dir),
        }
    }

    async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("ZHENXING_TEST_POSTGRES").ok()?;
        let name = format!("zx_test_{}", domain::Id::new().to_string().replace('-', ""));
        let admin = Db::connect(&admin_url).await.unwrap();
        if let Db::Postgres(pool) = &admin {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(pool)
                .await
                .unwrap();
        }
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
        db.migrate().await.unwrap();
        Some(TestDb {
            db,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    async fn drop_db(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let admin = Db::connect(&admin_url).await.unwrap();
                if let Db::Postgres(pool) = &admin {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(pool)
                    .await
                    .unwrap();
                }
                admin.close().await;
            }
        }
    }
}

/// Runs `body` on every configured backend.
macro_rules! on_each_backend {
    (|$db:ident| $body:block) => {{
        let mut dbs = vec![TestDb::sqlite().await];
        if let Some(pg) = TestDb::postgres().await {
            dbs.push(pg);
        }
        for t in dbs {
            {
                let $db: &Db = &t.db;
                eprintln!("backend: {}", $db.backend().as_str());
                $body
            }
            t.drop_db().await;
        }
    }};
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn region(code: &str, parent: &str, name: &str, kind: &str, tags: &str) -> domain::region::Region {
    RegionInput {
        code: code.into(),
        parent_code: parent.into(),
        name: name.into(),
        kind: kind.into(),
        tags: tags.into(),
        population: "1200".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

fn seed_rows() -> Vec<(usize, domain::region::Region)> {
    vec![
        (2, region("340803000000", "", "大观区", "区", "")),
        (
            3,
            region("340803100000", "340803000000", "海口镇", "镇", ""),
        ),
        (
            4,
            region("340803200000", "340803000000", "十里铺乡", "乡", ""),
        ),
        (
            5,
            region("340803100201", "340803100000", "保婴村", "村", "重点村"),
        ),
        (
            6,
            region("340803100202", "340803100000", "洪铺村", "村", "扶持村"),
        ),
        (
            7,
            region("340803200201", "340803200000", "长风村", "村", ""),
        ),
    ]
}

async fn seed(db: &Db) {
    store::region::import(db, &Actor::system("test"), &seed_rows())
        .await
        .unwrap();
}

fn actor(role: Role, region: &str) -> Actor {
    Actor {
        user_id: None,
        username: format!("{}@{region}", role.as_str()),
        role: Some(role),
        scope: Scope::region(code(region)),
    }
}

#[tokio::test]
async fn both_schemas_have_the_same_tables_and_columns() {
    let sqlite = TestDb::sqlite().await;
    let Some(pg) = TestDb::postgres().await else {
        eprintln!("ZHENXING_TEST_POSTGRES not set: schema parity checked on CI");
        sqlite.drop_db().await;
        return;
    };
    let a = sqlite.db.schema().await.unwrap();
    let b = pg.db.schema().await.unwrap();
    assert!(a.iter().any(|(t, _)| t == "regions"), "{a:?}");
    assert_eq!(a, b);
    sqlite.drop_db().await;
    pg.drop_db().await;
}

#[tokio::test]
async fn regions_are_scoped_to_the_callers_subtree() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = Scope::region(code("340803100000"));
        let village = Scope::region(code("340803100201"));
        let all = store::region::all(db, &Scope::region(code("340803000000")))
            .await
            .unwrap();
        assert_eq!(all.len(), 6);
        let in_town: Vec<String> = store::region::all(db, &town)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(in_town, vec!["海口镇", "保婴村", "洪铺村"]);
        assert!(
            store::region::get(db, &village, "340803100201")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store::region::get(db, &village, "340803100202")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store::region::get(db, &town, "340803200201")
                .await
                .unwrap()
                .is_none()
        );
        // Paging counts the whole selection.
        let (page, total) = store::region::list(db, &town, &Default::default(), Page::new(2, 2))
            .await
            .unwrap();
        assert_eq!((page.len(), total), (1, 3));
        let key = store::region::get(db, &village, "340803100201")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(key.tags, "key_village");
    });
}

#[tokio::test]
async fn a_bad_row_fails_the_whole_import_and_names_the_row() {
    on_each_backend!(|db| {
        let mut rows = seed_rows();
        // A village whose town is neither in the database nor in the file.
        rows.push((
            8,
            region("340803300201", "340803300000", "无名村", "村", ""),
        ));
        let err = store::region::import(db, &Actor::system("test"), &rows)
            .await
            .unwrap_err();
        match err {
            StoreError::Row { row, error } => {
                assert_eq!(row, 8);
                assert_eq!(error.code, "region.parent_missing");
            }
            other => panic!("unexpected {other:?}"),
        }
        let all = store::region::all(db, &Scope::system()).await.unwrap();
        assert!(all.is_empty(), "nothing may be written: {all:?}");
        let (audit, _) = store::audit::list(db, &Scope::system(), &Default::default(), Page::all())
            .await
            .unwrap();
        assert!(audit.is_empty());
        // Importing the same good rows twice changes nothing the second time.
        let first = store::region::import(db, &Actor::system("test"), &seed_rows())
            .await
            .unwrap();
        let second = store::region::import(db, &Actor::system("test"), &seed_rows())
            .await
            .unwrap();
        assert_eq!(first.created, 6);
        assert_eq!(
            (second.created, second.updated, second.unchanged),
            (0, 0, 6)
        );
    });
}

#[tokio::test]
async fn writes_are_audited_and_the_log_is_append_only() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = actor(Role::TownOfficer, "340803100000");
        let mut changed = region("340803100202", "340803100000", "洪铺村", "村", "");
        changed.profile.households = Some(321);
        store::region::update(db, &town, &changed).await.unwrap();
        let filter = store::audit::Filter {
            entity: "region".into(),
            region_prefix: "340803100202".into(),
            ..Default::default()
        };
        let (rows, total) = store::audit::list(db, &Scope::system(), &filter, Page::all())
            .await
            .unwrap();
        assert_eq!(total, 2, "create and update");
        let update = &rows[0];
        assert_eq!(update.action, "update");
        assert_eq!(update.actor_name, town.username);
        assert!(
            update
                .before_json
                .as_deref()
                .unwrap()
                .contains("supported_village")
        );
        assert!(
            update
                .after_json
                .as_deref()
                .unwrap()
                .contains("\"households\":321")
        );
        // A town officer sees only its town's entries.
        let (mine, _) = store::audit::list(db, &town.scope, &Default::default(), Page::all())
            .await
            .unwrap();
        assert!(
            mine.iter()
                .all(|r| r.region_code.as_deref().unwrap().starts_with("340803100"))
        );
        // The database refuses to change or delete audit entries.
        let refused = store::on_pool!(db, |pool| sqlx::query("DELETE FROM audit_log")
            .execute(pool)
            .await
            .is_err());
        assert!(refused);
        let refused = store::on_pool!(db, |pool| sqlx::query(
            "UPDATE audit_log SET actor_name = 'x'"
        )
        .execute(pool)
        .await
        .is_err());
        assert!(refused);
        // Outside its scope the officer can change nothing.
        let other = region("340803200201", "340803200000", "长风村", "村", "");
        let err = store::region::update(db, &town, &other).await.unwrap_err();
        assert!(
            matches!(err, StoreError::Domain(domain::DomainError::Forbidden)),
            "{err:?}"
        );
    });
}

#[tokio::test]
async fn users_are_granted_only_within_scope_and_rank() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = actor(Role::TownOfficer, "340803100000");
        let new = |username: &str, role: Role, region: &str| store::identity::NewUser {
            username: username.into(),
            display_name: username.into(),
            role,
            region: code(region),
            password_hash: "x".into(),
        };
        let cadre = store::identity::create_user(
            db,
            &town,
            new("cadre1", Role::VillageCadre, "340803100201"),
        )
        .await
        .unwrap();
        assert_eq!(cadre.region_code, "340803100201");
        let outside = store::identity::create_user(
            db,
            &town,
            new("cadre2", Role::VillageCadre, "340803200201"),
        )
        .await;
        assert!(matches!(
            outside,
            Err(StoreError::Domain(domain::DomainError::Forbidden))
        ));
        let above = store::identity::create_user(
            db,
            &town,
            new("boss", Role::DistrictAdmin, "340803000000"),
        )
        .await;
        assert!(matches!(
            above,
            Err(StoreError::Domain(domain::DomainError::Forbidden))
        ));
        let dup = store::identity::create_user(
            db,
            &town,
            new("cadre1", Role::VillageCadre, "340803100202"),
        )
        .await
        .unwrap_err();
        match dup {
            StoreError::Domain(domain::DomainError::Invalid(e)) => {
                assert_eq!(e.code, "identity.username_taken")
            }
            other => panic!("{other:?}"),
        }
        let (users, total) =
            store::identity::list_users(db, &Scope::region(code("340803200000")), Page::all())
                .await
                .unwrap();
        assert!(users.is_empty() && total == 0);
    });
}

#[tokio::test]
async fn sessions_and_tokens_resolve_until_ended_or_revoked() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, "340803000000");
        let user = store::identity::create_user(
            db,
            &Actor::system("t"),
            store::identity::NewUser {
                username: "cadre".into(),
                display_name: "c".into(),
                role: Role::VillageCadre,
                region: code("340803100201"),
                password_hash: "h".into(),
            },
        )
        .await
        .unwrap();
        let later = domain::time::format_ts(domain::time::now() + chrono::Duration::hours(1));
        store::identity::create_session(db, &user, "sess-hash", "csrf", &later)
            .await
            .unwrap();
        let (session, found) = store::identity::find_session(db, "sess-hash")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (session.csrf_token.as_str(), found.username.as_str()),
            ("csrf", "cadre")
        );
        let earlier = domain::time::format_ts(domain::time::now() - chrono::Duration::hours(1));
        store::identity::create_session(db, &user, "old-hash", "csrf2", &earlier)
            .await
            .unwrap();
        assert!(
            store::identity::find_session(db, "old-hash")
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        store::identity::end_session(db, &user.actor().unwrap(), "sess-hash")
            .await
            .unwrap();
        assert!(
            store::identity::find_session(db, "sess-hash")
                .await
                .unwrap()
                .is_none()
        );

        let token = store::identity::create_token(db, &admin, &user, "sync", "tok-hash")
            .await
            .unwrap();
        assert_eq!(
            store::identity::find_token_user(db, "tok-hash")
                .await
                .unwrap()
                .unwrap()
                .id,
            user.id
        );
        store::identity::revoke_token(db, &admin, &user, &token.id)
            .await
            .unwrap();
        assert!(
            store::identity::find_token_user(db, "tok-hash")
                .await
                .unwrap()
                .is_none()
        );
        // A deactivated user's sessions end with the change.
        store::identity::create_session(db, &user, "s2", "c", &later)
            .await
            .unwrap();
        store::identity::update_user(
            db,
            &admin,
            &user.id,
            store::identity::UserChange {
                display_name: "c".into(),
                role: Role::VillageCadre,
                region: code("340803100201"),
                active: false,
                password_hash: None,
            },
        )
        .await
        .unwrap();
        assert!(
            store::identity::find_session(db, "s2")
                .await
                .unwrap()
                .is_none()
        );
    });
}

#[tokio::test]
async fn concurrent_sqlite_writers_wait_instead_of_failing() {
    let t = TestDb::sqlite().await;
    seed(&t.db).await;
    let admin = actor(Role::DistrictAdmin, "340803000000");
    let mut tasks = Vec::new();
    for i in 0..8 {
        let db = t.db.clone();
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            let mut r = region("340803100201", "340803100000", "保婴村", "村", "重点村");
            r.profile.households = Some(100 + i);
            store::region::update(&db, &admin, &r).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    t.drop_db().await;
}

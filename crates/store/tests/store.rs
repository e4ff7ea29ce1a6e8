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

// The work mechanism's tests live in their own file.
#[path = "store/mechanism.rs"]
mod mechanism;

// People and talent.
#[path = "store/people.rs"]
mod people;

// ------------------------------------------------------------------ ledger

mod ledger {
    use super::*;
    use domain::ledger::{Period, VoucherInput, voucher::LineInput};
    use store::ledger::{books, reports, vouchers};

    pub fn credit_code(n: u32) -> String {
        let body = format!("N2340803MF{n:07}");
        format!(
            "{body}{}",
            domain::ledger::credit_code::check_char(&body).unwrap()
        )
    }

    pub fn voucher(date: &str, lines: &[(&str, &str, &str)]) -> domain::ledger::voucher::Voucher {
        VoucherInput {
            date: date.into(),
            summary: "测试凭证".into(),
            attachments: "1".into(),
            lines: lines
                .iter()
                .map(|(code, d, c)| LineInput {
                    account_code: (*code).into(),
                    debit: (*d).into(),
                    credit: (*c).into(),
                    summary: String::new(),
                })
                .collect(),
        }
        .validate()
        .unwrap()
    }

    pub fn user(name: &str, role: Role, region: &str) -> Actor {
        Actor {
            user_id: None,
            username: name.into(),
            role: Some(role),
            scope: Scope::region(code(region)),
        }
    }

    /// An organisation of 保婴村 with a 2024 book whose openings are checked.
    pub async fn book(db: &Db) -> (books::OrgRecord, books::BookRecord) {
        seed(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
        let org = books::create_org(
            db,
            &cadre,
            &code("340803100201"),
            "保婴村股份经济合作社",
            &credit_code(1),
        )
        .await
        .unwrap();
        let book = books::open_book(db, &cadre, &org.id, 2024, None)
            .await
            .unwrap();
        books::set_openings(
            db,
            &cadre,
            &book.id,
            &[("102".into(), 1_000_000), ("301".into(), -1_000_000)],
        )
        .await
        .unwrap();
        books::check_openings(db, &cadre, &book.id).await.unwrap();
        (org, book)
    }

    fn row<'a>(rows: &'a [reports::TrialRow], code: &str) -> &'a reports::TrialRow {
        rows.iter().find(|r| r.code == code).unwrap()
    }

    #[tokio::test]
    async fn organisations_and_books_follow_scope_and_chart() {
        on_each_backend!(|db| {
            seed(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            let bad = books::create_org(
                db,
                &cadre,
                &code("340803100201"),
                "合作社",
                "N2340803MF00000010",
            )
            .await
            .unwrap_err();
            assert!(
                matches!(bad, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.credit_code_invalid"),
                "{bad:?}"
            );
            let outside = books::create_org(
                db,
                &cadre,
                &code("340803100202"),
                "洪铺村合作社",
                &credit_code(2),
            )
            .await
            .unwrap_err();
            assert!(matches!(
                outside,
                StoreError::Domain(domain::DomainError::NotFound)
            ));
            let org = books::create_org(
                db,
                &cadre,
                &code("340803100201"),
                "保婴村股份经济合作社",
                &credit_code(1),
            )
            .await
            .unwrap();
            let dup =
                books::create_org(db, &cadre, &code("340803100201"), "另一个", &credit_code(1))
                    .await
                    .unwrap_err();
            assert!(
                matches!(dup, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.credit_code_taken")
            );
            let b2020 = books::open_book(db, &cadre, &org.id, 2020, None)
                .await
                .unwrap();
            let b2024 = books::open_book(db, &cadre, &org.id, 2024, None)
                .await
                .unwrap();
            assert_eq!(b2020.accounting_system, "cs2004");
            assert_eq!(b2024.accounting_system, "cs2023");
            assert_eq!(books::accounts(db, &b2020.id).await.unwrap().len(), 33);
            assert_eq!(books::accounts(db, &b2024.id).await.unwrap().len(), 42);
            assert!(
                books::open_book(db, &cadre, &org.id, 2024, None)
                    .await
                    .is_err(),
                "one book per year"
            );
            let other = Scope::region(code("340803200201"));
            assert!(books::get_org(db, &other, &org.id).await.unwrap().is_none());
            assert!(
                books::get_book(db, &other, &b2024.id)
                    .await
                    .unwrap()
                    .is_none()
            );
            let leader = user("leader", Role::DistrictLeader, "340803000000");
            let refused = books::open_book(db, &leader, &org.id, 2025, None)
                .await
                .unwrap_err();
            assert!(matches!(
                refused,
                StoreError::Domain(domain::DomainError::Forbidden)
            ));
            // Sub-accounts under template accounts; the template ones stay.
            let sub =
                books::add_sub_account(db, &cadre, &b2024.id, "501", "501001", "土地发包收入")
                    .await
                    .unwrap();
            assert_eq!(
                (sub.normal_side.as_str(), sub.parent_code.as_deref()),
                ("credit", Some("501"))
            );
            let fixed = books::set_account_active(db, &cadre, &b2024.id, "501", false)
                .await
                .unwrap_err();
            assert!(matches!(
                fixed,
                StoreError::Domain(domain::DomainError::Conflict(
                    "ledger.template_account_fixed"
                ))
            ));
            books::set_account_active(db, &cadre, &b2024.id, "501001", false)
                .await
                .unwrap();
        });
    }

    #[tokio::test]
    async fn openings_must_balance_before_posting() {
        on_each_backend!(|db| {
            seed(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            let org =
                books::create_org(db, &cadre, &code("340803100201"), "合作社", &credit_code(3))
                    .await
                    .unwrap();
            let book = books::open_book(db, &cadre, &org.id, 2024, None)
                .await
                .unwrap();
            books::set_openings(
                db,
                &cadre,
                &book.id,
                &[("102".into(), 500_000), ("301".into(), -400_000)],
            )
            .await
            .unwrap();
            let err = books::check_openings(db, &cadre, &book.id)
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.openings_unbalanced")
            );
            let v = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-01-05", &[("102", "100", ""), ("501", "", "100")]),
            )
            .await
            .unwrap();
            vouchers::review(db, &checker, &v.id).await.unwrap();
            let refused = vouchers::post(db, &checker, &v.id).await.unwrap_err();
            assert!(matches!(
                refused,
                StoreError::Domain(domain::DomainError::Conflict("ledger.openings_unchecked"))
            ));
            books::set_openings(db, &cadre, &book.id, &[("301".into(), -500_000)])
                .await
                .unwrap();
            books::check_openings(db, &cadre, &book.id).await.unwrap();
            vouchers::post(db, &checker, &v.id).await.unwrap();
            let fixed = books::set_openings(db, &cadre, &book.id, &[("102".into(), 1)])
                .await
                .unwrap_err();
            assert!(matches!(
                fixed,
                StoreError::Domain(domain::DomainError::Conflict("ledger.openings_fixed"))
            ));
        });
    }

    #[tokio::test]
    async fn vouchers_are_reviewed_by_another_posted_and_reversed_never_edited() {
        on_each_backend!(|db| {
            let (_, book) = book(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            books::add_sub_account(db, &cadre, &book.id, "501", "501001", "灵芝销售收入")
                .await
                .unwrap();
            let parent_line = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-03-01", &[("102", "1", ""), ("501", "", "1")]),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(parent_line, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.account_not_leaf")
            );
            let unknown = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-03-01", &[("102", "1", ""), ("599", "", "1")]),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(unknown, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.account_unknown" && e.args["line"] == "2")
            );
            let wrong_year = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2023-12-31", &[("102", "1", ""), ("501001", "", "1")]),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(wrong_year, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.date_outside_year")
            );

            let sale = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher(
                    "2024-03-10",
                    &[("102", "200,000", ""), ("501001", "", "200000")],
                ),
            )
            .await
            .unwrap();
            let second = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-03-12", &[("513", "800", ""), ("101", "", "800")]),
            )
            .await
            .unwrap();
            assert_eq!(
                (sale.label(), second.label()),
                ("记-0001".to_string(), "记-0002".to_string())
            );
            let own = vouchers::review(db, &cadre, &sale.id).await.unwrap_err();
            assert!(matches!(
                own,
                StoreError::Domain(domain::DomainError::Conflict("ledger.reviewer_is_preparer"))
            ));
            assert!(
                vouchers::post(db, &checker, &sale.id).await.is_err(),
                "not reviewed"
            );
            vouchers::review(db, &checker, &sale.id).await.unwrap();
            vouchers::post(db, &checker, &sale.id).await.unwrap();
            let edit = vouchers::update_draft(
                db,
                &cadre,
                &sale.id,
                &voucher("2024-03-10", &[("102", "1", ""), ("501001", "", "1")]),
            )
            .await
            .unwrap_err();
            assert!(matches!(
                edit,
                StoreError::Domain(domain::DomainError::Conflict("ledger.not_draft"))
            ));

            let march = Period::parse("2024-03").unwrap();
            let rows = reports::trial_balance(db, &Scope::system(), &book.id, march, march)
                .await
                .unwrap();
            assert_eq!(
                row(&rows, "102").balance,
                domain::ledger::Balance {
                    opening: 1_000_000,
                    debit: 20_000_000,
                    credit: 0
                }
            );
            assert_eq!(
                row(&rows, "501").balance.credit,
                20_000_000,
                "parents move with their sub-accounts"
            );
            assert_eq!(row(&rows, "501001").balance.closing(), -20_000_000);
            let t = reports::totals(&rows);
            assert_eq!(t[1].0, t[2].1, "debits equal credits");
            assert_eq!(t[3].0, t[3].1, "closing balances balance");

            // A correction is a red-ink reversal, linked, itself reviewed and posted.
            let rev = vouchers::reverse(
                db,
                &cadre,
                &sale.id,
                chrono::NaiveDate::from_ymd_opt(2024, 3, 20).unwrap(),
                None,
            )
            .await
            .unwrap();
            assert_eq!(
                (rev.kind.as_str(), rev.reverses_id.as_deref(), rev.total),
                ("reversal", Some(sale.id.as_str()), -20_000_000)
            );
            assert!(
                vouchers::reverse(
                    db,
                    &cadre,
                    &sale.id,
                    chrono::NaiveDate::from_ymd_opt(2024, 3, 21).unwrap(),
                    None
                )
                .await
                .is_err()
            );
            vouchers::review(db, &checker, &rev.id).await.unwrap();
            vouchers::post(db, &checker, &rev.id).await.unwrap();
            let (original, _) = vouchers::get(db, &Scope::system(), &sale.id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(original.reversed_by_id.as_deref(), Some(rev.id.as_str()));
            let rows = reports::trial_balance(db, &Scope::system(), &book.id, march, march)
                .await
                .unwrap();
            assert_eq!(row(&rows, "501001").balance.closing(), 0);
            assert_eq!(row(&rows, "102").balance.closing(), 1_000_000);

            let (all, total) =
                vouchers::list(db, &cadre.scope, &book.id, &Default::default(), Page::all())
                    .await
                    .unwrap();
            assert_eq!((all.len(), total), (3, 3));
            let elsewhere = user("other", Role::VillageCadre, "340803200201");
            assert!(
                vouchers::get(db, &elsewhere.scope, &sale.id)
                    .await
                    .unwrap()
                    .is_none()
            );
            assert!(
                vouchers::list(
                    db,
                    &elsewhere.scope,
                    &book.id,
                    &Default::default(),
                    Page::all()
                )
                .await
                .is_err()
            );
            assert!(matches!(
                vouchers::review(db, &elsewhere, &second.id).await,
                Err(StoreError::Domain(domain::DomainError::NotFound))
            ));
            let (audit, _) = store::audit::list(
                db,
                &Scope::system(),
                &store::audit::Filter {
                    entity: "ledger_voucher".into(),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap();
            assert!(
                audit.iter().any(|a| a.action == "post")
                    && audit.iter().any(|a| a.action == "reverse")
            );
        });
    }

    #[tokio::test]
    async fn closing_a_month_needs_everything_posted_and_only_an_admin_reopens() {
        on_each_backend!(|db| {
            let (_, book) = book(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            let admin = user("admin", Role::DistrictAdmin, "340803000000");
            let jan = Period::parse("2024-01").unwrap();
            let v = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-01-15", &[("101", "50", ""), ("102", "", "50")]),
            )
            .await
            .unwrap();
            let err = vouchers::close_period(db, &cadre, &book.id, jan)
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.period_has_unposted" && e.args["count"] == "1")
            );
            vouchers::review(db, &checker, &v.id).await.unwrap();
            vouchers::post(db, &checker, &v.id).await.unwrap();
            vouchers::close_period(db, &cadre, &book.id, jan)
                .await
                .unwrap();
            let late = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-01-31", &[("101", "5", ""), ("102", "", "5")]),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(late, StoreError::Domain(domain::DomainError::Invalid(ref e)) if e.code == "ledger.period_closed")
            );
            assert!(matches!(
                vouchers::reopen_period(db, &checker, &book.id, jan, "补记").await,
                Err(StoreError::Domain(domain::DomainError::Forbidden))
            ));
            assert!(
                vouchers::reopen_period(db, &admin, &book.id, jan, " ")
                    .await
                    .is_err(),
                "a reason is required"
            );
            vouchers::reopen_period(db, &admin, &book.id, jan, "补记一笔漏记的现金支出")
                .await
                .unwrap();
            vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-01-31", &[("101", "5", ""), ("102", "", "5")]),
            )
            .await
            .unwrap();
            assert!(
                vouchers::closed_periods(db, &book.id)
                    .await
                    .unwrap()
                    .is_empty()
            );
        });
    }
}

mod yearend {
    use super::ledger::{book, credit_code, user, voucher};
    use super::*;
    use domain::ledger::Period;
    use store::ledger::{books, classification, reports, vouchers, yearend};

    async fn post(db: &Db, book_id: &str, date: &str, lines: &[(&str, &str, &str)]) {
        let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
        let checker = user("zhang", Role::TownOfficer, "340803100000");
        let v = vouchers::create_draft(db, &cadre, book_id, &voucher(date, lines))
            .await
            .unwrap();
        vouchers::review(db, &checker, &v.id).await.unwrap();
        vouchers::post(db, &checker, &v.id).await.unwrap();
    }

    #[tokio::test]
    async fn year_end_carries_the_result_and_opens_next_year() {
        on_each_backend!(|db| {
            let (_, book) = book(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            books::add_sub_account(db, &cadre, &book.id, "322", "322001", "各项分配")
                .await
                .unwrap();
            books::add_sub_account(db, &cadre, &book.id, "322", "322002", "未分配收益")
                .await
                .unwrap();
            books::add_sub_account(db, &cadre, &book.id, "112", "112001", "应收灵芝货款")
                .await
                .unwrap();
            post(
                db,
                &book.id,
                "2024-05-10",
                &[("102", "300,000", ""), ("501", "", "300,000")],
            )
            .await;
            post(
                db,
                &book.id,
                "2024-06-10",
                &[("112001", "20,000", ""), ("502", "", "20,000")],
            )
            .await;
            post(
                db,
                &book.id,
                "2024-07-10",
                &[("513", "45,000", ""), ("102", "", "45,000")],
            )
            .await;
            post(
                db,
                &book.id,
                "2024-08-10",
                &[("503", "", "10,000"), ("102", "10,000", "")],
            )
            .await;
            let draft = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-09-01", &[("101", "1", ""), ("102", "", "1")]),
            )
            .await
            .unwrap();
            let refused = yearend::close_year(db, &cadre, &book.id).await.unwrap_err();
            assert!(
                matches!(refused, StoreError::Domain(domain::DomainError::Invalid(ref e))
                    if e.code == "ledger.period_has_unposted" && e.args["value"] == "2024-09"),
                "the refusal names the month of the unposted voucher"
            );
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            vouchers::review(db, &checker, &draft.id).await.unwrap();
            vouchers::post(db, &checker, &draft.id).await.unwrap();

            // The classification reads the year's activity, before or after the carry-over alike.
            let before = classification::classify(db, &Scope::system(), 2024)
                .await
                .unwrap();
            let end = yearend::close_year(db, &cadre, &book.id).await.unwrap();
            assert_eq!(
                end.result,
                (300_000 + 20_000 + 10_000 - 45_000) * 100,
                "yuan to fen"
            );
            let after = classification::classify(db, &Scope::system(), 2024)
                .await
                .unwrap();
            let baoying = |c: &classification::Classification| {
                c.rows
                    .iter()
                    .find(|r| r.region_code == "340803100201")
                    .unwrap()
                    .figure
            };
            assert_eq!(
                baoying(&before),
                320_000 * 100,
                "gross: 501 + 502, subsidies excluded"
            );
            assert_eq!(baoying(&after), baoying(&before));

            let dec = Period::parse("2024-12").unwrap();
            // The statements: net result on the income statement, a balanced balance sheet.
            let income = reports::income_statement(
                db,
                &Scope::system(),
                &book.id,
                Period::parse("2024-01").unwrap(),
                dec,
            )
            .await
            .unwrap();
            let line = |lines: &[domain::ledger::statement::StatementLine], n: u32| {
                lines.iter().find(|l| l.line == Some(n)).unwrap().amount
            };
            assert_eq!(line(&income.lines, 1), 300_000 * 100, "经营收入");
            assert_eq!(line(&income.lines, 13), end.result, "净收益");
            let sheet = reports::balance_sheet(db, &Scope::system(), &book.id, dec)
                .await
                .unwrap();
            use domain::ledger::statement::{Section, section_total};
            assert_eq!(
                section_total(&sheet.lines, Section::Asset),
                section_total(&sheet.lines, Section::LiabilityEquity)
            );
            let start = sheet.year_start.as_ref().unwrap();
            assert_eq!(
                section_total(start, Section::Asset),
                Some(1_000_000),
                "年初数: the opening bank balance"
            );
            let rows = reports::trial_balance(db, &Scope::system(), &book.id, dec, dec)
                .await
                .unwrap();
            for r in rows
                .iter()
                .filter(|r| r.category == "profit_loss" || r.code == "321")
            {
                assert_eq!(r.balance.closing(), 0, "{} carried", r.code);
            }
            let undistributed = rows.iter().find(|r| r.code == "322002").unwrap();
            assert_eq!(undistributed.balance.closing(), -end.result);
            assert!(
                vouchers::create_draft(
                    db,
                    &cadre,
                    &book.id,
                    &voucher("2024-12-31", &[("101", "1", ""), ("102", "", "1")])
                )
                .await
                .is_err(),
                "closed"
            );

            let next = yearend::open_next_year(db, &cadre, &book.id).await.unwrap();
            assert_eq!((next.year, next.opening_checked), (2025, true));
            let jan = Period::parse("2025-01").unwrap();
            let opening = reports::trial_balance(db, &Scope::system(), &next.id, jan, jan)
                .await
                .unwrap();
            for r in rows.iter().filter(|r| r.balance.closing() != 0) {
                let carried = opening.iter().find(|o| o.code == r.code).unwrap();
                assert_eq!(carried.balance.opening, r.balance.closing(), "{}", r.code);
            }
        });
    }

    #[tokio::test]
    async fn books_convert_to_the_2023_chart_in_2024() {
        on_each_backend!(|db| {
            seed(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            let org =
                books::create_org(db, &cadre, &code("340803100201"), "合作社", &credit_code(9))
                    .await
                    .unwrap();
            let b2023 = books::open_book(db, &cadre, &org.id, 2023, None)
                .await
                .unwrap();
            books::add_sub_account(db, &cadre, &b2023.id, "202", "202001", "应付工程款")
                .await
                .unwrap();
            books::set_openings(
                db,
                &cadre,
                &b2023.id,
                &[
                    ("102".into(), 800_000),
                    ("202001".into(), -300_000),
                    ("212".into(), -100_000),
                    ("301".into(), -400_000),
                ],
            )
            .await
            .unwrap();
            books::check_openings(db, &cadre, &b2023.id).await.unwrap();
            let v = vouchers::create_draft(
                db,
                &cadre,
                &b2023.id,
                &voucher("2023-04-01", &[("102", "5,000", ""), ("511", "", "5,000")]),
            )
            .await
            .unwrap();
            vouchers::review(db, &checker, &v.id).await.unwrap();
            vouchers::post(db, &checker, &v.id).await.unwrap();
            yearend::close_year(db, &cadre, &b2023.id).await.unwrap();
            let b2024 = yearend::open_next_year(db, &cadre, &b2023.id)
                .await
                .unwrap();
            assert_eq!(b2024.accounting_system, "cs2023");
            let accounts = books::accounts(db, &b2024.id).await.unwrap();
            let opening = |code: &str| accounts.iter().find(|a| a.code == code).map(|a| a.opening);
            assert_eq!(opening("102"), Some(1_300_000));
            assert_eq!(
                opening("211001"),
                Some(-300_000),
                "应付款 sub-account re-rooted under 211"
            );
            assert_eq!(
                opening("211002"),
                Some(-100_000),
                "应付福利费 carried to 应付款 in a sub-account of its own"
            );
            assert_eq!(
                accounts.iter().find(|a| a.code == "211002").unwrap().name,
                "应付福利费"
            );
            assert_eq!(opening("322"), Some(-500_000));
            assert_eq!(accounts.iter().map(|a| a.opening).sum::<i64>(), 0);
        });
    }

    #[tokio::test]
    async fn classification_counts_every_village_in_scope() {
        on_each_backend!(|db| {
            seed(db).await;
            let admin = user("admin", Role::DistrictAdmin, "340803000000");
            let checker = user("zhang", Role::TownOfficer, "340803100000");
            // 保婴村 600,000 (strong), 洪铺村 60,000 (weak), 长风村 no books (shell).
            for (village, n, amount) in [
                ("340803100201", 11, "600,000"),
                ("340803100202", 12, "60,000"),
            ] {
                let org = books::create_org(db, &admin, &code(village), "合作社", &credit_code(n))
                    .await
                    .unwrap();
                let b = books::open_book(db, &admin, &org.id, 2020, None)
                    .await
                    .unwrap();
                books::check_openings(db, &admin, &b.id).await.unwrap();
                let v = vouchers::create_draft(
                    db,
                    &admin,
                    &b.id,
                    &voucher("2020-06-30", &[("102", amount, ""), ("511", "", amount)]),
                )
                .await
                .unwrap();
                vouchers::review(db, &checker, &v.id).await.unwrap();
                vouchers::post(db, &checker, &v.id).await.unwrap();
            }
            let c = classification::classify(db, &Scope::region(code("340803000000")), 2020)
                .await
                .unwrap();
            assert_eq!(c.villages, 3);
            let count = |class: domain::ledger::Class| {
                c.classes.iter().find(|x| x.class == class).unwrap().count
            };
            assert_eq!(
                (
                    count(domain::ledger::Class::Strong),
                    count(domain::ledger::Class::Weak),
                    count(domain::ledger::Class::Shell)
                ),
                (1, 1, 1)
            );
            let strong = c
                .classes
                .iter()
                .find(|x| x.class == domain::ledger::Class::Strong)
                .unwrap();
            assert!((strong.share - 1.0 / 3.0).abs() < 1e-9);
            let changong = c
                .rows
                .iter()
                .find(|r| r.region_code == "340803200201")
                .unwrap();
            assert!(!changong.has_books && changong.figure == 0);
            // A stricter rule from 2020 on: strong from 700,000 yuan.
            let mut tx = db.begin_write().await.unwrap();
            classification::set_rules(
                &mut tx,
                &[classification::Rule {
                    from_year: 2020,
                    measure: domain::ledger::Measure::Gross,
                    thresholds: domain::ledger::Thresholds {
                        strong_from: 70_000_000,
                        ..Default::default()
                    },
                }],
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let c = classification::classify(db, &Scope::system(), 2020)
                .await
                .unwrap();
            assert_eq!(
                c.classes
                    .iter()
                    .find(|x| x.class == domain::ledger::Class::Strong)
                    .unwrap()
                    .count,
                0
            );
            // A town sees its own villages only.
            let town = classification::classify(db, &Scope::region(code("340803100000")), 2020)
                .await
                .unwrap();
            assert_eq!(town.villages, 2);
        });
    }
}

mod invariants {
    //! Property tests of the books' invariants over random sequences of vouchers, reversals
    //! and the year end, checked against sums computed here from the generated entries.
    use super::ledger::{book, user, voucher};
    use super::*;
    use domain::ledger::Period;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use store::ledger::{reports, vouchers, yearend};

    const ACCOUNTS: [&str; 14] = [
        "101", "102", "112", "121", "151", "152", "211", "212", "301", "501", "502", "503", "511",
        "513",
    ];

    #[derive(Debug, Clone)]
    struct Entry {
        month: u32,
        debit: usize,
        credit: usize,
        fen: i64,
        reversed: bool,
    }

    fn entry() -> impl Strategy<Value = Entry> {
        (
            1u32..=12,
            0..ACCOUNTS.len(),
            1..ACCOUNTS.len(),
            1i64..50_000_000,
            proptest::bool::weighted(0.2),
        )
            .prop_map(|(month, debit, offset, fen, reversed)| Entry {
                month,
                debit,
                credit: (debit + offset) % ACCOUNTS.len(),
                fen,
                reversed,
            })
    }

    fn yuan(fen: i64) -> String {
        domain::Money(fen).to_string()
    }

    async fn check(db: &Db, entries: &[Entry]) {
        let (_, book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
        let checker = user("zhang", Role::TownOfficer, "340803100000");
        let mut ordered = entries.to_vec();
        ordered.sort_by_key(|e| e.month);
        for e in &ordered {
            let date = format!("2024-{:02}-15", e.month);
            let amount = yuan(e.fen);
            let v = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher(
                    &date,
                    &[
                        (ACCOUNTS[e.debit], &amount, ""),
                        (ACCOUNTS[e.credit], "", &amount),
                    ],
                ),
            )
            .await
            .unwrap();
            vouchers::review(db, &checker, &v.id).await.unwrap();
            vouchers::post(db, &checker, &v.id).await.unwrap();
            if e.reversed {
                let day = chrono::NaiveDate::from_ymd_opt(2024, e.month, 28).unwrap();
                let r = vouchers::reverse(db, &cadre, &v.id, day, None)
                    .await
                    .unwrap();
                vouchers::review(db, &checker, &r.id).await.unwrap();
                vouchers::post(db, &checker, &r.id).await.unwrap();
            }
        }
        // Expected closing per account and month, from the entries themselves.
        let mut expected: BTreeMap<&str, i64> =
            BTreeMap::from([("102", 1_000_000), ("301", -1_000_000)]);
        let mut previous_closing: BTreeMap<String, i64> = BTreeMap::new();
        for month in 1..=12u32 {
            for e in ordered.iter().filter(|e| e.month == month && !e.reversed) {
                *expected.entry(ACCOUNTS[e.debit]).or_default() += e.fen;
                *expected.entry(ACCOUNTS[e.credit]).or_default() -= e.fen;
            }
            let p = Period::new(2024, month).unwrap();
            let year_to_date = reports::trial_balance(
                db,
                &Scope::system(),
                &book.id,
                Period::new(2024, 1).unwrap(),
                p,
            )
            .await
            .unwrap();
            let t = reports::totals(&year_to_date);
            assert_eq!(t[1].0, t[2].1, "debits equal credits to {p}");
            assert_eq!(t[0].0, t[0].1, "openings balance");
            assert_eq!(t[3].0, t[3].1, "closings balance at {p}");
            assert_sheet_balances(&year_to_date, &p.to_string());
            let sum: i64 = year_to_date
                .iter()
                .filter(|r| r.depth == 1)
                .map(|r| r.balance.closing())
                .sum();
            assert_eq!(
                sum, 0,
                "assets + costs + expenses = liabilities + equity + income at {p}"
            );
            for r in year_to_date.iter().filter(|r| r.depth == 1) {
                assert_eq!(
                    r.balance.closing(),
                    r.balance.opening + r.balance.debit - r.balance.credit
                );
                assert_eq!(
                    r.balance.closing(),
                    expected.get(r.code.as_str()).copied().unwrap_or(0),
                    "{} at {p}",
                    r.code
                );
            }
            let month_only = reports::trial_balance(db, &Scope::system(), &book.id, p, p)
                .await
                .unwrap();
            for r in month_only.iter().filter(|r| r.depth == 1) {
                assert_eq!(
                    r.balance.opening,
                    previous_closing
                        .get(&r.code)
                        .copied()
                        .unwrap_or(if r.code == "102" {
                            1_000_000
                        } else if r.code == "301" {
                            -1_000_000
                        } else {
                            0
                        }),
                    "{} opening of {p}",
                    r.code
                );
                previous_closing.insert(r.code.clone(), r.balance.closing());
            }
        }
        // After the year end: income and expenses are carried, the sheet balances by category.
        yearend::close_year(db, &cadre, &book.id).await.unwrap();
        let dec = Period::new(2024, 12).unwrap();
        let rows = reports::trial_balance(
            db,
            &Scope::system(),
            &book.id,
            Period::new(2024, 1).unwrap(),
            dec,
        )
        .await
        .unwrap();
        let by_category = |cats: &[&str]| -> i64 {
            rows.iter()
                .filter(|r| r.depth == 1 && cats.contains(&r.category.as_str()))
                .map(|r| r.balance.closing())
                .sum()
        };
        assert_sheet_balances(&rows, "after the year end");
        assert_eq!(by_category(&["profit_loss"]), 0);
        assert!(
            rows.iter()
                .filter(|r| r.category == "profit_loss")
                .all(|r| r.balance.closing() == 0)
        );
        assert_eq!(
            by_category(&["asset", "cost"]),
            -by_category(&["liability", "equity"]),
            "assets = liabilities + owners' equity"
        );
        let result: i64 = ordered
            .iter()
            .filter(|e| !e.reversed)
            .map(|e| {
                let effect = |i: usize| {
                    if ["501", "502", "503", "511", "513"].contains(&ACCOUNTS[i]) {
                        1
                    } else {
                        0
                    }
                };
                // Income (credit) raises the result, expense (debit) lowers it.
                e.fen * effect(e.credit) - e.fen * effect(e.debit)
            })
            .sum();
        assert_eq!(
            rows.iter()
                .find(|r| r.code == "322")
                .unwrap()
                .balance
                .closing(),
            -result,
            "the year's result sits in 收益分配"
        );
    }

    /// The shipped 资产负债表 layout, evaluated on the trial balance, balances.
    fn assert_sheet_balances(rows: &[reports::TrialRow], when: &str) {
        use domain::ledger::statement::{Layout, Section, StatementKind, section_total};
        let system = domain::ledger::AccountingSystem::Cs2023;
        let layout = Layout::shipped(StatementKind::BalanceSheet, system).unwrap();
        let lines = layout
            .evaluate(system, |code: &str| {
                rows.iter()
                    .find(|r| r.code == code)
                    .map(|r| r.balance)
                    .unwrap_or_default()
            })
            .unwrap();
        let assets = section_total(&lines, Section::Asset).unwrap();
        let claims = section_total(&lines, Section::LiabilityEquity).unwrap();
        assert_eq!(assets, claims, "balance sheet {when}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
        #[test]
        fn the_books_balance_after_any_entries_reversals_and_year_end(entries in proptest::collection::vec(entry(), 1..20)) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                on_each_backend!(|db| {
                    check(db, &entries).await;
                });
            });
        }
    }
}

mod bulk_import {
    use super::ledger::{book, user, voucher};
    use super::*;
    use domain::ledger::Period;
    use store::ledger::import::{ImportVoucher, import_posted};
    use store::ledger::{reports, vouchers};

    fn item(row: usize, date: &str, lines: &[(&str, &str, &str)]) -> ImportVoucher {
        ImportVoucher {
            row,
            number: None,
            voucher: voucher(date, lines),
            preparer: "王会计".into(),
            reviewer: "李站长".into(),
        }
    }

    #[tokio::test]
    async fn imports_are_all_or_nothing_and_move_the_balances() {
        on_each_backend!(|db| {
            let (_, book) = book(db).await;
            let cadre = user("kuaiji", Role::VillageCadre, "340803100201");
            // Posted imports are migrations, a district admin's (ledger_import.rs has drafts).
            let admin = user("admin", Role::DistrictAdmin, "340803000000");
            let mut items: Vec<ImportVoucher> = (0..900)
                .map(|i| {
                    item(
                        2 + i * 2,
                        &format!("2024-{:02}-10", 1 + i % 12),
                        &[("102", "100.01", ""), ("501", "", "100.01")],
                    )
                })
                .collect();
            items.push(item(
                1802,
                "2024-05-01",
                &[("102", "1", ""), ("599", "", "1")],
            ));
            let err = import_posted(db, &admin, &book.id, &items)
                .await
                .unwrap_err();
            match err {
                StoreError::Row { row, error } => {
                    assert_eq!((row, error.code), (1802, "ledger.account_unknown"))
                }
                other => panic!("{other:?}"),
            }
            let (none, _) = vouchers::list(
                db,
                &Scope::system(),
                &book.id,
                &Default::default(),
                Page::all(),
            )
            .await
            .unwrap();
            assert!(none.is_empty(), "nothing written");
            items.pop();
            let summary = import_posted(db, &admin, &book.id, &items).await.unwrap();
            assert_eq!((summary.vouchers, summary.lines), (900, 1800));
            let year = reports::trial_balance(
                db,
                &Scope::system(),
                &book.id,
                Period::new(2024, 1).unwrap(),
                Period::new(2024, 12).unwrap(),
            )
            .await
            .unwrap();
            let bank = year.iter().find(|r| r.code == "102").unwrap();
            assert_eq!(bank.balance.debit, 900 * 10_001);
            let (list, total) = vouchers::list(
                db,
                &Scope::system(),
                &book.id,
                &vouchers::Filter {
                    from: Period::parse("2024-03").ok(),
                    to: Period::parse("2024-03").ok(),
                    state: None,
                },
                Page::all(),
            )
            .await
            .unwrap();
            assert_eq!(total, 75);
            assert_eq!(list.last().unwrap().label(), "记-0075");
            assert!(
                list.iter()
                    .all(|v| v.state == "posted" && v.reviewer_name.is_none())
            );
            // Numbers a file gives are kept, and a number already used is refused.
            let mut numbered = item(9000, "2024-03-31", &[("101", "2", ""), ("102", "", "2")]);
            numbered.number = Some(75);
            let err = import_posted(db, &admin, &book.id, &[numbered.clone()])
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::Row { row: 9000, ref error } if error.code == "ledger.voucher_number_taken"),
                "{err:?}"
            );
            numbered.number = Some(90);
            import_posted(db, &admin, &book.id, &[numbered])
                .await
                .unwrap();
            // A further single voucher continues the month's numbering.
            let next = vouchers::create_draft(
                db,
                &cadre,
                &book.id,
                &voucher("2024-03-30", &[("101", "1", ""), ("102", "", "1")]),
            )
            .await
            .unwrap();
            assert_eq!(next.label(), "记-0091");
        });
    }
}

// Industry projects.
#[path = "store/industry.rs"]
mod industry;
#[path = "store/industry_docs.rs"]
mod industry_docs;
#[path = "store/industry_list.rs"]
mod industry_list;
#[path = "store/industry_races.rs"]
mod industry_races;
#[path = "store/industry_results.rs"]
mod industry_results;
#[path = "store/ledger_trust.rs"]
mod ledger_trust;
#[path = "store/scope_refs.rs"]
mod scope_refs;
// Identity security (issue 11).
#[path = "store/identity_security.rs"]
mod identity_security;

// Money is bounded and every sum is checked.
#[path = "store/money_bounds.rs"]
mod money_bounds;
// Voucher imports: drafts, migrations, data sets, bounds.
#[path = "store/ledger_import.rs"]
mod ledger_import;
// Faults: a full disk, then space again; writes recover without a restart.
#[path = "store/data_version.rs"]
mod data_version;
#[path = "store/faults.rs"]
mod faults;
// Scoped lists seek the region-code index; scope ranges hold in every collation.
#[path = "store/assessment.rs"]
mod assessment;
#[path = "store/lists.rs"]
mod lists;
#[path = "store/metrics.rs"]
mod metrics;
#[path = "store/pay.rs"]
mod pay;
#[path = "store/query_plan.rs"]
mod query_plan;
// Talent-pool dates and reserve cadres as of a date (issue 14).
#[path = "store/talent_dates.rs"]
mod talent_dates;
// Disclosure (issue 15): versions and items, the log, news and feedback.
#[path = "store/disclosure_items.rs"]
mod disclosure_items;
#[path = "store/disclosure_log.rs"]
mod disclosure_log;
#[path = "store/disclosure_news.rs"]
mod disclosure_news;
#[path = "store/reports.rs"]
mod reports;
// Data set loads through COPY on PostgreSQL (issue 16).
#[path = "store/ledger_copy.rs"]
mod ledger_copy;

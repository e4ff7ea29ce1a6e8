//! The one scoped, paged list (`store::list::List`) and the reads built on it: pages and
//! totals, trainings seen from above, a village's organisations with their books, the
//! classification rules saved with their audit entry, and a session found with its user.

use super::*;
use domain::people::training::TrainingInput;
use store::ledger::{books, classification};
use store::people::trainings;

#[tokio::test]
async fn a_list_pages_in_order_and_counts_every_match() {
    on_each_backend!(|db| {
        seed(db).await;
        let district = Scope::region(code("340803000000"));
        let filter = store::region::Filter::default();
        let (all, total) = store::region::list(db, &district, &filter, Page::all())
            .await
            .unwrap();
        assert_eq!(total, all.len() as i64);
        assert!(all.len() >= 4, "{all:?}");
        // Pages of two, in the same order as the whole list, each with the same total.
        let mut paged = Vec::new();
        for n in 1.. {
            let (rows, t) = store::region::list(db, &district, &filter, Page::new(n, 2))
                .await
                .unwrap();
            assert_eq!(t, total, "page {n}");
            if rows.is_empty() {
                break;
            }
            paged.extend(rows);
        }
        assert_eq!(paged, all);
        // Past the end: nothing, and still the total.
        let (rows, t) = store::region::list(db, &district, &filter, Page::new(99, 2))
            .await
            .unwrap();
        assert!(rows.is_empty());
        assert_eq!(t, total);
        // A filter that is set narrows both the rows and the count; one that is not adds
        // nothing to the query.
        let town = store::region::Filter {
            parent_code: Some("340803100000".into()),
            ..Default::default()
        };
        let (rows, t) = store::region::list(db, &district, &town, Page::new(1, 1))
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(t, 2, "the two villages of 海口镇");
        let (sql, _) = store::region::list_query(&district, &filter).count_sql();
        assert!(!sql.contains("parent_code"), "{sql}");
        // Out of scope: a village sees only itself.
        let village = Scope::region(code("340803100201"));
        let (rows, t) = store::region::list(db, &village, &filter, Page::new(1, 10))
            .await
            .unwrap();
        assert_eq!(
            rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
            ["340803100201"]
        );
        assert_eq!(t, 1);
    });
}

#[tokio::test]
async fn a_training_is_seen_in_its_subtree_and_below_its_region_only() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, "340803000000");
        let training = |region: &str, topic: &str| TrainingInput {
            region_code: region.into(),
            topic: topic.into(),
            starts_on: "2024-05-10".into(),
            ends_on: "2024-05-12".into(),
            hours: "8".into(),
            target_group: "party_secretaries".into(),
            ..Default::default()
        };
        for (region, topic) in [
            ("340803000000", "区级培训"),
            ("340803100000", "海口镇培训"),
            ("340803200000", "十里铺乡培训"),
        ] {
            trainings::create(db, &admin, &training(region, topic).validate().unwrap())
                .await
                .unwrap();
        }
        let topics = |scope: Scope| async move {
            let mut t: Vec<String> = trainings::list(db, &scope, &Default::default())
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.topic)
                .collect();
            t.sort();
            t
        };
        // A village of 海口镇 sees the district's and its town's, not the other town's.
        assert_eq!(
            topics(Scope::region(code("340803100201"))).await,
            ["区级培训", "海口镇培训"]
        );
        // The district sees its whole subtree.
        assert_eq!(topics(Scope::region(code("340803000000"))).await.len(), 3);
        assert_eq!(topics(Scope::system()).await.len(), 3);
    });
}

#[tokio::test]
async fn a_village_profile_reads_its_organisations_and_their_books() {
    on_each_backend!(|db| {
        let (org, book) = ledger::book(db).await;
        let cadre = ledger::user("kuaiji", Role::VillageCadre, "340803100201");
        let second = books::create_org(
            db,
            &cadre,
            &code("340803100201"),
            "保婴村经济联合社",
            &ledger::credit_code(2),
        )
        .await
        .unwrap();
        let other_village = ledger::user("k2", Role::VillageCadre, "340803100202");
        let other = books::create_org(
            db,
            &other_village,
            &code("340803100202"),
            "洪铺村股份经济合作社",
            &ledger::credit_code(3),
        )
        .await
        .unwrap();
        books::open_book(db, &other_village, &other.id, 2024, None)
            .await
            .unwrap();
        let later = books::open_book(db, &cadre, &org.id, 2025, None)
            .await
            .unwrap();
        let found = books::orgs_with_books(db, &cadre.scope, "340803100201")
            .await
            .unwrap();
        let mut names: Vec<&str> = found.iter().map(|(o, _)| o.name.as_str()).collect();
        names.sort();
        let mut wanted = vec![org.name.as_str(), "保婴村经济联合社"];
        wanted.sort();
        assert_eq!(names, wanted);
        let of = |id: &str| {
            found
                .iter()
                .find(|(o, _)| o.id == id)
                .map(|(_, b)| b.iter().map(|b| b.id.clone()).collect::<Vec<_>>())
                .unwrap()
        };
        assert_eq!(of(&org.id), [book.id.clone(), later.id.clone()]);
        assert!(of(&second.id).is_empty());
        // Another village's region is out of the cadre's scope: nothing.
        assert!(
            books::orgs_with_books(db, &cadre.scope, "340803100202")
                .await
                .unwrap()
                .is_empty()
        );
    });
}

#[tokio::test]
async fn classification_rules_are_saved_with_their_audit_entry() {
    on_each_backend!(|db| {
        seed(db).await;
        let admin = actor(Role::DistrictAdmin, "340803000000");
        let rule = classification::Rule {
            from_year: 2020,
            ..Default::default()
        };
        classification::save_rules(db, &admin, &[rule])
            .await
            .unwrap();
        assert_eq!(classification::rules(db).await.unwrap(), [rule]);
        let (entries, _) = store::audit::list(
            db,
            &admin.scope,
            &store::audit::Filter {
                entity: domain::audit::entity::SETTING.into(),
                ..Default::default()
            },
            Page::new(1, 10),
        )
        .await
        .unwrap();
        assert_eq!(entries.len(), 1);
        let entry = &entries[0];
        assert_eq!(entry.entity_id, "ledger.classification");
        assert_eq!(entry.region_code.as_deref(), Some("340803000000"));
        assert_eq!(entry.before_json.as_deref(), Some("[]"));
        assert!(
            entry
                .after_json
                .as_deref()
                .is_some_and(|a| a.contains("2020")),
            "{entry:?}"
        );
        // Only the district administrator sets them; a refusal writes nothing.
        let town = actor(Role::TownOfficer, "340803100000");
        assert!(classification::save_rules(db, &town, &[]).await.is_err());
        assert_eq!(classification::rules(db).await.unwrap(), [rule]);
    });
}

#[tokio::test]
async fn a_session_is_found_with_its_user_in_one_read() {
    on_each_backend!(|db| {
        seed(db).await;
        let user = store::identity::create_user(
            db,
            &Actor::system("t"),
            store::identity::NewUser {
                username: "cadre".into(),
                display_name: "保婴村干部".into(),
                role: Role::VillageCadre,
                region: code("340803100201"),
                password_hash: "h".into(),
            },
        )
        .await
        .unwrap();
        let until = domain::time::format_ts(domain::time::now() + chrono::Duration::hours(1));
        store::identity::create_session(db, &user, "hash-1", "csrf-1", &until)
            .await
            .unwrap();
        let (session, found) = store::identity::find_session(db, "hash-1")
            .await
            .unwrap()
            .unwrap();
        // The session's own columns, not the user's of the same name.
        assert_eq!(session.id_hash, "hash-1");
        assert_eq!(session.user_id, user.id);
        assert_eq!(session.csrf_token, "csrf-1");
        assert_eq!(session.expires_at, until);
        assert!(session.created_at >= user.created_at);
        assert_eq!(found, user);
        assert!(
            store::identity::find_session(db, "no-such-hash")
                .await
                .unwrap()
                .is_none()
        );
    });
}

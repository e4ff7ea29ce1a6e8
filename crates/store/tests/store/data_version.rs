//! The data version under which derived results (the village profile) are cached: the same
//! while nothing is written, different once a write commits (also one that was open while the
//! version was read), on both backends.

use super::*;

#[tokio::test]
async fn the_data_version_moves_with_every_committed_write() {
    on_each_backend!(|db| {
        seed(db).await;
        let town = actor(Role::TownOfficer, "340803100000");
        let first = store::audit::data_version(db).await.unwrap();
        if db.backend() == store::Backend::Sqlite {
            // Nothing written: the same version (PostgreSQL's may move with other databases'
            // writes on the same server).
            assert_eq!(store::audit::data_version(db).await.unwrap(), first);
            assert!(first.is_some());
        }
        // A write in an open transaction.
        let mut tx = db.begin_write().await.unwrap();
        store::audit::record(
            &mut tx,
            &town,
            store::audit::Entry {
                entity: "region",
                entity_id: "340803100202",
                region_code: Some("340803100202"),
                action: domain::audit::Action::Update,
                before: None,
                after: None,
            },
        )
        .await
        .unwrap();
        if db.backend() == store::Backend::Sqlite {
            let during = store::audit::data_version(db).await.unwrap();
            assert_eq!(during, first, "uncommitted writes are unseen");
        }
        tx.commit().await.unwrap();
        // On PostgreSQL a version may be missing while other databases' writers run; one
        // that is there differs.
        let moved = |a: &Option<String>, b: &Option<String>| match db.backend() {
            store::Backend::Sqlite => a.is_some() && a != b,
            store::Backend::Postgres => a.is_none() || b.is_none() || a != b,
        };
        let after = store::audit::data_version(db).await.unwrap();
        assert!(moved(&after, &first), "{after:?} after {first:?}");
        // An ordinary audited write moves it again.
        let mut changed = region("340803100202", "340803100000", "洪铺村", "村", "");
        changed.profile.households = Some(322);
        store::region::update(db, &town, &changed).await.unwrap();
        let later = store::audit::data_version(db).await.unwrap();
        assert!(moved(&later, &after), "{later:?} after {after:?}");
        assert!(moved(&later, &first), "{later:?} after {first:?}");
    });
}

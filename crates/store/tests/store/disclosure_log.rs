//! The disclosure log on both backends (owned by the issue 15 log work): concurrent
//! appends (each in its transaction, as a publication makes them) take distinct, gapless
//! indices; a rolled-back transaction leaves
//! no leaf; a checkpoint is stored once per size however many sign it at once.

use super::*;
use domain::disclosure::snapshot;
use store::disclosure::{log, versions};

const BAOYING: &str = "340803100201";
const N: usize = 8;

/// A disclosure item of 保婴村 ready to publish (written directly: the items' own store is
/// another work's).
async fn item(db: &Db, n: usize) -> String {
    let id = domain::Id::new().to_string();
    let now = domain::time::now_text();
    let sql = "INSERT INTO disclosure_items (id, region_code, category, kind, period_from,
               period_to, title, state, current_version, created_at, updated_at)
               VALUES ($1, $2, 'finance', 'finance_period', '2024-07-01', '2024-09-30', $3,
               'approved', 0, $4, $4)";
    let title = format!("2024年第三季度财务公开 {n}");
    match db {
        Db::Sqlite(p) => {
            sqlx::query(sql)
                .bind(&id)
                .bind(BAOYING)
                .bind(&title)
                .bind(&now)
                .execute(p)
                .await
                .unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql)
                .bind(&id)
                .bind(BAOYING)
                .bind(&title)
                .bind(&now)
                .execute(p)
                .await
                .unwrap();
        }
    }
    id
}

/// Appends the entry of `snapshot_text` in a transaction of its own, as a publication does.
async fn append(db: &Db, snapshot_text: &str) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let idx = log::append_in_tx(&mut tx, &snapshot::sha256(snapshot_text.as_bytes())).await?;
    tx.commit().await?;
    Ok(idx)
}

fn text_of(i: usize) -> String {
    format!("{{\"leaf\":{i}}}")
}

#[tokio::test]
async fn concurrent_appends_take_distinct_gapless_leaves() {
    on_each_backend!(|db| {
        seed(db).await;
        for round in 0..2 {
            let handles: Vec<_> = (0..N)
                .map(|i| {
                    let db = db.clone();
                    tokio::spawn(async move { append(&db, &text_of(round * N + i)).await })
                })
                .collect();
            let mut got = Vec::new();
            for h in handles {
                got.push(h.await.unwrap().unwrap());
            }
            got.sort_unstable();
            let first = (round * N) as i64;
            assert_eq!(got, (first..first + N as i64).collect::<Vec<_>>());
        }
        assert_eq!(log::size(db).await.unwrap(), 2 * N as i64);
        // Every leaf holds the entry its transaction appended (whatever order they ran in).
        let entries = log::entries(db, 0, 2 * N as i64).await.unwrap();
        let mut want: Vec<[u8; 32]> = (0..2 * N)
            .map(|i| snapshot::sha256(text_of(i).as_bytes()))
            .collect();
        let mut have = entries.clone();
        want.sort_unstable();
        have.sort_unstable();
        assert_eq!(have, want);
        // A range beyond the log reads what there is, no more.
        assert_eq!(
            log::entries(db, 2 * N as i64 - 1, 1000)
                .await
                .unwrap()
                .len(),
            1
        );
    });
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_leaf() {
    on_each_backend!(|db| {
        seed(db).await;
        append(db, &text_of(0)).await.unwrap();
        {
            let mut tx = db.begin_write().await.unwrap();
            let idx = log::append_in_tx(&mut tx, &snapshot::sha256(b"never"))
                .await
                .unwrap();
            assert_eq!(idx, 1);
            // Dropped without commit: rolled back.
        }
        assert_eq!(log::size(db).await.unwrap(), 1);
        assert_eq!(log::entries(db, 0, 10).await.unwrap().len(), 1);
        // A publication refused inside its transaction (personal information) leaves none
        // either, and the next leaf takes the index the rolled-back one had.
        let other = item(db, 1).await;
        let actor = actor(Role::TownOfficer, "340803100000");
        let mut tx = db.begin_write().await.unwrap();
        let refused = versions::publish_in_tx(
            &mut tx,
            &actor,
            &other,
            "",
            &serde_json::json!({ "phone": "13912345678" }),
            "",
        )
        .await
        .unwrap_err();
        drop(tx);
        assert!(refused.to_string().contains("pii"), "{refused}");
        assert_eq!(log::size(db).await.unwrap(), 1);
        assert_eq!(append(db, &text_of(1)).await.unwrap(), 1);
    });
}

#[tokio::test]
async fn a_checkpoint_is_stored_once_per_size_whoever_signs_it() {
    on_each_backend!(|db| {
        seed(db).await;
        append(db, &text_of(0)).await.unwrap();
        assert_eq!(log::latest_checkpoint(db).await.unwrap(), None);
        let handles: Vec<_> = (0..N)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    log::save_checkpoint(&db, 1, "ab", &format!("note {i}"), "k").await
                })
            })
            .collect();
        let mut stored = Vec::new();
        for h in handles {
            stored.push(h.await.unwrap().unwrap());
        }
        // Every signer gets the one stored note: the first insert won, the rest changed
        // nothing, and one audit entry records it.
        assert!(stored.iter().all(|c| *c == stored[0]), "{stored:?}");
        assert_eq!(
            log::latest_checkpoint(db).await.unwrap().as_ref(),
            Some(&stored[0])
        );
        let (entries, total) = store::audit::list(
            db,
            &domain::identity::Scope::system(),
            &store::audit::Filter {
                entity: domain::audit::entity::DISCLOSURE_CHECKPOINT.into(),
                ..Default::default()
            },
            Page::new(1, 50),
        )
        .await
        .unwrap();
        assert_eq!(total, 1, "{entries:?}");
        assert_eq!(entries[0].entity_id, "1");
        // A size beyond the stored log is refused.
        let e = log::save_checkpoint(db, 2, "ab", "note", "k")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("size_beyond"), "{e}");
    });
}

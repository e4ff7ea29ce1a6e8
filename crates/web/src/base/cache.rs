//! Results kept under the data version of the database ([`store::audit::data_version`]), which
//! changes on every committed write, in this process or any other: a kept result is never
//! stale. The village profile keeps its computed sections here, the public portal its
//! rendered pages (which hold no user and no CSRF token).
//!
//! Rules: read the version *before* computing (the result is then at least as new as it);
//! keep nothing when there is no version (PostgreSQL with a transaction in flight); the key
//! holds everything else the result depends on.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries kept at most; the map is emptied when it is full or the data version changes.
pub const CACHE_ENTRIES: usize = 512;

/// Values of one data version, by key.
pub struct VersionedCache<K, V> {
    inner: Mutex<Inner<K, V>>,
    /// The round of [`VersionedCache::data_version`] that callers arriving now join.
    pending: Mutex<Arc<Round>>,
    /// One data-version query at a time: the next round gathers while one runs.
    query: tokio::sync::Mutex<()>,
    /// The last version read, for [`VersionedCache::data_version_within`].
    recent: Mutex<Option<Recent>>,
    /// This process's commit count ([`store::local_commits`]; a test's own counter in tests).
    commits: fn() -> u64,
}

/// A version read, with what this process had committed and the time when its read began.
struct Recent {
    version: String,
    commits: u64,
    at: Instant,
}

/// One reading of the data version, shared by the callers that arrived before it started.
#[derive(Default)]
struct Round {
    value: tokio::sync::OnceCell<Option<String>>,
}

struct Inner<K, V> {
    version: String,
    entries: HashMap<K, Arc<V>>,
}

impl<K, V> Default for VersionedCache<K, V> {
    fn default() -> Self {
        VersionedCache {
            inner: Mutex::new(Inner {
                version: String::new(),
                entries: HashMap::new(),
            }),
            pending: Mutex::new(Arc::default()),
            query: tokio::sync::Mutex::new(()),
            recent: Mutex::new(None),
            commits: store::local_commits,
        }
    }
}

impl<K, V> VersionedCache<K, V> {
    /// The database's data version as of after this call began ([`store::audit::data_version`]),
    /// read by one query for all callers waiting together: callers join the round that has
    /// not started its query yet; a round's query starts once the one before has finished,
    /// so under load one query serves many requests, and every caller still gets a version
    /// read after it arrived (never older than its request). `None` when there is none or
    /// the read failed (then nothing is kept; the caller computes afresh and meets the error).
    pub async fn data_version(&self, db: &store::Db) -> Option<String> {
        let round = match self.pending.lock() {
            Ok(p) => p.clone(),
            Err(_) => return None,
        };
        round
            .value
            .get_or_init(|| async {
                let _one_at_a_time = self.query.lock().await;
                // Close this round: whoever arrives from now on waits for the next query.
                if let Ok(mut p) = self.pending.lock() {
                    *p = Arc::default();
                }
                store::audit::data_version(db).await.ok().flatten()
            })
            .await
            .clone()
    }

    /// Like [`VersionedCache::data_version`], but a version read less than `max_age` ago is
    /// answered again without a query while this process has committed no write since that
    /// read began ([`store::local_commits`]). So a result is never older than a write this
    /// process acknowledged, and a write of another process (a command-line import next to
    /// the server) shows within `max_age`. For pages that shared caches keep longer anyway
    /// (the public portal's, `max-age=60`); results that must follow every write use
    /// [`VersionedCache::data_version`].
    pub async fn data_version_within(&self, db: &store::Db, max_age: Duration) -> Option<String> {
        let commits = (self.commits)();
        if let Ok(recent) = self.recent.lock()
            && let Some(r) = recent.as_ref()
            && r.commits == commits
            && r.at.elapsed() < max_age
        {
            return Some(r.version.clone());
        }
        let at = Instant::now();
        let version = self.data_version(db).await?;
        if let Ok(mut recent) = self.recent.lock() {
            // Keep the newest reading: a slower caller must not put back an older one.
            if recent.as_ref().is_none_or(|r| r.at <= at) {
                *recent = Some(Recent {
                    version: version.clone(),
                    commits,
                    at,
                });
            }
        }
        Some(version)
    }
}

impl<K: Hash + Eq, V> VersionedCache<K, V> {
    /// The value kept for `key` under `version`, if any.
    pub fn get(&self, version: &str, key: &K) -> Option<Arc<V>> {
        let inner = self.inner.lock().ok()?;
        (inner.version == version)
            .then(|| inner.entries.get(key).cloned())
            .flatten()
    }

    /// Keeps `value` for `key` under `version` (dropping everything of another version).
    pub fn put(&self, version: String, key: K, value: Arc<V>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.version != version || inner.entries.len() >= CACHE_ENTRIES {
            inner.entries.clear();
            inner.version = version;
        }
        inner.entries.insert(key, value);
    }

    /// Entries held now (for tests and metrics).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An audited write through this process's transactions.
    async fn write_a_region(db: &store::Db) {
        let system = domain::identity::Actor::system("test");
        let region = domain::region::RegionInput {
            code: "340803000000".into(),
            name: "大观区".into(),
            kind: "区".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::region::import(db, &system, &[(2, region)])
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_data_version_read_is_never_older_than_the_call() {
        let dir = std::env::temp_dir().join(format!("zx-cache-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = store::Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        let cache: VersionedCache<(), ()> = VersionedCache::default();
        let before = cache.data_version(&db).await.unwrap();
        // Many callers at once share reads, and all see the version of their time.
        let reads = tokio::join!(
            cache.data_version(&db),
            cache.data_version(&db),
            cache.data_version(&db),
            cache.data_version(&db)
        );
        for v in [reads.0, reads.1, reads.2, reads.3] {
            assert_eq!(v.as_deref(), Some(before.as_str()));
        }
        write_a_region(&db).await;
        let after = cache.data_version(&db).await.unwrap();
        assert_ne!(after, before, "a write is seen by the next call");
        std::fs::remove_dir_all(dir).ok();
    }

    /// The commits the next test counts: its own, so tests committing in parallel in this
    /// process do not disturb it.
    static TEST_COMMITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

    fn test_commits() -> u64 {
        TEST_COMMITS.load(std::sync::atomic::Ordering::SeqCst)
    }

    #[tokio::test]
    async fn a_recent_version_serves_until_this_process_commits_or_it_ages() {
        let dir = std::env::temp_dir().join(format!("zx-cache-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let db = store::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let cache: VersionedCache<(), ()> = VersionedCache {
            commits: test_commits,
            ..VersionedCache::default()
        };
        let long = Duration::from_secs(3600);
        let first = cache.data_version_within(&db, long).await.unwrap();
        // Another process writes (an audit row appended outside this process's transactions,
        // as a command-line import beside the server would).
        let store::Db::Sqlite(pool) = &db else {
            panic!("sqlite")
        };
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, actor_name, region_code, entity, entity_id, action)
             VALUES ('x', '2026-01-01T00:00:00Z', 'system', 'other process', '', 'region', 'r', 'create')",
        )
        .execute(pool)
        .await
        .unwrap();
        let exact = cache.data_version(&db).await.unwrap();
        assert_ne!(
            exact, first,
            "the strict read sees the other process's write"
        );
        assert_eq!(
            cache.data_version_within(&db, long).await.unwrap(),
            first,
            "within its age and with no commit of this process, the reading is kept"
        );
        assert_eq!(
            cache
                .data_version_within(&db, Duration::ZERO)
                .await
                .unwrap(),
            exact,
            "an aged reading is read again"
        );
        // This process writes: its commit count moves, and the next call reads again however
        // young its reading.
        write_a_region(&db).await;
        let newest = cache.data_version(&db).await.unwrap();
        assert_eq!(
            cache.data_version_within(&db, long).await.unwrap(),
            exact,
            "the count has not moved yet"
        );
        TEST_COMMITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            cache.data_version_within(&db, long).await.unwrap(),
            newest,
            "a commit of this process is seen at once"
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_committed_write_transaction_moves_the_process_commit_count() {
        let dir = std::env::temp_dir().join(format!("zx-cache-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = store::Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        let before = store::local_commits();
        write_a_region(&db).await;
        // Other tests of this process may commit too: the count only grows.
        assert!(store::local_commits() > before);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_value_is_kept_only_under_its_version() {
        let cache: VersionedCache<&str, i32> = VersionedCache::default();
        cache.put("s1".into(), "a", Arc::new(1));
        assert_eq!(cache.get("s1", &"a").as_deref(), Some(&1));
        assert_eq!(cache.get("s2", &"a"), None);
        cache.put("s2".into(), "b", Arc::new(2));
        assert_eq!(cache.get("s1", &"a"), None);
        assert_eq!(cache.len(), 1);
    }
}

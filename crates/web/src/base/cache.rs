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

/// Entries kept at most; the map is emptied when it is full or the data version changes.
pub const CACHE_ENTRIES: usize = 512;

/// Values of one data version, by key.
pub struct VersionedCache<K, V> {
    inner: Mutex<Inner<K, V>>,
    /// The round of [`VersionedCache::data_version`] that callers arriving now join.
    pending: Mutex<Arc<Round>>,
    /// One data-version query at a time: the next round gathers while one runs.
    query: tokio::sync::Mutex<()>,
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
        let system = domain::identity::Actor::system("test");
        let region = domain::region::RegionInput {
            code: "340803000000".into(),
            name: "大观区".into(),
            kind: "区".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::region::import(&db, &system, &[(2, region)])
            .await
            .unwrap();
        let after = cache.data_version(&db).await.unwrap();
        assert_ne!(after, before, "a write is seen by the next call");
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

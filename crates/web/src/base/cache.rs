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
        }
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

//! Rate limits of anonymous requests (the public portal's API, villagers' feedback): a fixed
//! window counter per key (an address, a village), bounded in the keys it holds so that a
//! flood of addresses cannot grow it without end.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys held at most; when full, windows that have ended are dropped, and if none has, the
/// new key is refused (a flood is limited, not remembered).
const MAX_KEYS: usize = 100_000;

/// At most `max` requests per key in each `window`.
#[derive(Debug)]
pub struct RateLimit {
    window: Duration,
    max: u32,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimit {
    pub fn new(max: u32, window: Duration) -> RateLimit {
        RateLimit {
            window,
            max,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `key`: `true` when it is within the limit.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    fn allow_at(&self, key: &str, now: Instant) -> bool {
        let Ok(mut counts) = self.counts.lock() else {
            return false;
        };
        if let Some((start, n)) = counts.get_mut(key) {
            if now.duration_since(*start) >= self.window {
                *start = now;
                *n = 0;
            }
            if *n >= self.max {
                return false;
            }
            *n += 1;
            return true;
        }
        if counts.len() >= MAX_KEYS {
            let window = self.window;
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
            if counts.len() >= MAX_KEYS {
                return false;
            }
        }
        if self.max == 0 {
            return false;
        }
        counts.insert(key.to_string(), (now, 1));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_max_per_window_then_again_after_it() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limit.allow_at("a", t0));
        assert!(limit.allow_at("a", t0));
        assert!(!limit.allow_at("a", t0));
        assert!(limit.allow_at("b", t0));
        assert!(limit.allow_at("a", t0 + Duration::from_secs(61)));
    }
}

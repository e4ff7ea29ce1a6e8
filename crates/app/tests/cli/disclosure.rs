//! Owned by the issue 15 log work.

//! Owned by the schedule work of issue 15 (see mod.rs).

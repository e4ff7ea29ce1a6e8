//! Owned by the schedules work of issue 15 (see mod.rs).

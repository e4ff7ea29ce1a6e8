//! Owned by the feedback work of issue 15 (see mod.rs).

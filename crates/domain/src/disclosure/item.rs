//! Owned by the item work of issue 15 (see mod.rs).

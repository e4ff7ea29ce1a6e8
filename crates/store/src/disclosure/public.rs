//! Owned by the public work of issue 15 (see mod.rs).

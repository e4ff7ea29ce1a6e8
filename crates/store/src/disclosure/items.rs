//! Owned by the items work of issue 15 (see mod.rs).

//! Owned by the news work of issue 15 (see mod.rs).

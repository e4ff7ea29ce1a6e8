//! The reports API.

pub mod tables;

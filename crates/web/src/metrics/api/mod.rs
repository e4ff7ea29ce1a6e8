//! The metrics API.

pub mod metrics;

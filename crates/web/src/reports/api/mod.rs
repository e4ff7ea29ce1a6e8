//! The reports API.

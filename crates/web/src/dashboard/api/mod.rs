//! The dashboard API.

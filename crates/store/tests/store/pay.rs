//! pay tests.

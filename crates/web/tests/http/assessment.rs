//! assessment tests.

//! The mechanism's JSON API under `/api/v1` (registered in `crate::api`). (to be written)

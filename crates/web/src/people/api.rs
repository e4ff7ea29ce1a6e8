//! The people JSON API under `/api/v1` (registered in `crate::api`). (to be written)

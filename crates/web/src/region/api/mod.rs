//! The region JSON API under `/api/v1`, one file per resource with its reads and writes
//! (registered with its OpenAPI description by `super::api_routes`).

pub mod regions;

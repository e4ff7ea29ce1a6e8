//! The identity JSON API under `/api/v1`, one file per resource (registered with its OpenAPI
//! description by `super::api_routes`).

pub mod me;

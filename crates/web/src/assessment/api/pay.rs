//! `GET /api/v1/pay-linkage`.

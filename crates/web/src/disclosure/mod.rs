//! Disclosure (村务、财务、党务公开, issue 15) on the web:
//! - `items`: the cadres' disclosure items (schedules, preview, submit, approve, publish,
//!   correct) under `/disclosure`;
//! - `news` and `feedback`: 工作动态 and 村民意见, cadres' side under `/news` and `/feedback`;
//! - `portal`: the public pages under `/public` (no sign-in, small, cacheable);
//! - `log`: the Merkle log's public endpoints under `/public/log` and the server's
//!   [`log::LogState`] (signing key, tree cache);
//! - `api`: `/api/v1/disclosures` (cadres) and the read-only public API `/api/public/v1`.

pub mod api;
pub mod feedback;
pub mod items;
pub mod log;
pub mod news;
pub mod portal;
pub mod snapshots;

use crate::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

/// The disclosure pages, cadres' and public.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(items::routes())
        .merge(news::routes())
        .merge(feedback::routes())
        .merge(portal::routes())
        .merge(log::routes())
}

/// The disclosure API: cadres' and public.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(api::disclosures::api_routes())
        .merge(api::public::api_routes())
}

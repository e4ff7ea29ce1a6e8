//! Zhenxing web: server-rendered pages (askama + htmx), the JSON API under `/api/v1`,
//! authentication, translations, operations endpoints and embedded static files.

pub mod api;
pub mod assessment;
pub mod audit;
pub mod base;
pub mod dashboard;
pub mod disclosure;
pub mod download;
pub mod error;
pub mod identity;
pub mod industry;
pub mod ledger;
pub mod mechanism;
pub mod metrics;
pub mod ops;
pub mod people;
pub mod region;
pub mod reports;
pub mod security;
pub mod shell;
pub mod state;
pub mod tabular;
pub mod tasks;

pub use state::{AppState, WebConfig};
/// Translations live in `usecase::i18n` (the command line translates import errors too);
/// re-exported once so that pages and templates keep writing `crate::i18n::Tr`.
pub use usecase::i18n;

use axum::Router;
use axum::middleware;

/// The whole application: pages, API, static files and operations endpoints, wrapped in
/// metrics, security headers, session loading, CSRF checks and the refusal of control
/// characters in query strings, forms and JSON bodies (outermost first).
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = std::sync::Arc::new(openapi);
    let app = Router::new()
        .merge(shell::routes())
        .merge(identity::routes())
        .merge(region::routes())
        .merge(audit::routes())
        .merge(ledger::routes())
        .merge(mechanism::routes())
        .merge(metrics::routes())
        .merge(assessment::routes())
        .merge(people::routes())
        .merge(industry::routes())
        .merge(tasks::routes())
        .merge(disclosure::routes())
        .merge(dashboard::routes())
        .merge(reports::routes())
        .merge(api_router)
        .route(
            crate::base::url::API_OPENAPI_JSON,
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(shell::not_found)
        // One `layer` call for the stack: axum boxes a route once per call, and every request
        // clones the boxes below each middleware, so one call costs a fraction of five.
        .layer(
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    security::upload_size,
                ))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    identity::session::load_auth,
                ))
                .layer(middleware::from_fn(shell::render_errors))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    security::csrf_guard,
                ))
                .layer(middleware::from_fn(security::refuse_control_chars)),
        );
    // The operations endpoints have no session: /metrics does its own check (allowed
    // addresses or the metrics token, which is no user's API token).
    Router::new()
        .merge(app)
        .merge(ops::routes())
        .layer(
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(state.clone(), ops::track))
                .layer(middleware::from_fn(security::headers)),
        )
        .with_state(state)
}

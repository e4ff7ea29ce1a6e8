//! The cockpit (一张图, issue 16): district and town dashboards with charts, data tables and
//! drill-down, read from the metrics catalogue.
//!
//! `GET /dashboard?region=&year=` shows a district or a town (a village is sent to its
//! profile): panels of figures for the region and each region below it, each a data table
//! (the source: printable, copyable) with a chart drawn from it by `dashboard-1.js` (Apache
//! ECharts, SVG renderer; no inline script or style, so the CSP stays strict). Every figure
//! comes from `store::metrics::for_regions` (one load per metric for the region shown, each
//! figure equal to `store::metrics::value` for its region); the assessment bands from
//! `store::dashboard::published_bands`.

pub mod api;
mod cockpit;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;

/// The vendored chart library (Apache ECharts 6.1.0, `static/vendor/README.md`).
pub const ECHARTS: &str = "vendor/echarts-6.1.0.min.js";
/// The cockpit's own script: draws each chart from the data table it belongs to.
pub const SCRIPT: &str = "dashboard-1.js";
/// The cockpit's stylesheet (panels, charts, phone width, the A4 landscape handout).
pub const STYLE: &str = "dashboard-1.css";

/// The module's pages.
pub fn routes() -> Router<AppState> {
    Router::new().route(crate::base::url::DASHBOARD, get(cockpit::page))
}

/// The module's API.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

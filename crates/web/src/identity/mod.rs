//! Sign-in, sessions, API tokens, the user's own account and user administration.

pub mod admin;
pub mod api;
pub mod pages;
pub mod password;
pub mod session;

pub use session::{Auth, RequestCtx, SignedIn};

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    pages::routes().merge(admin::routes())
}

//! The JSON API under `/api/v1`, described by `/api/openapi.json`. Routes are registered
//! with their OpenAPI description in one step, so the document cannot leave one out.

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Zhenxing API",
        description = "振兴 — 党建引领乡村振兴 platform. Every list is scoped to the caller's region. \
                       Authenticate with a session cookie (send X-CSRF-Token on writes) or \
                       `Authorization: Bearer <token>`. Errors are `{\"code\",\"message\"}` with stable codes."
    ),
    modifiers(&SecurityAddon),
    security(("bearer" = []), ("session" = [])),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("zx_session"))),
        );
    }
}

/// Every module's API routes (`<module>::api_routes()`), merged under the document's
/// description and security schemes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::identity::api_routes())
        .merge(crate::tasks::api_routes())
        .merge(crate::region::api_routes())
        .merge(crate::audit::api_routes())
        .merge(crate::ledger::api_routes())
        .merge(crate::mechanism::api_routes())
        .merge(crate::industry::api_routes())
        .merge(crate::people::api_routes())
        .merge(crate::metrics::api_routes())
        .merge(crate::assessment::api_routes())
        .merge(crate::disclosure::api_routes())
        .merge(crate::dashboard::api_routes())
        .merge(crate::reports::api_routes())
}

/// The document as served, for tests and `zhenxing gen openapi`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().split_for_parts().1
}

/// Pretty JSON of any document (the binary has no serde_json of its own).
pub fn to_pretty_json(doc: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(doc)
}

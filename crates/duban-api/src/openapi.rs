//! The OpenAPI document's frame; paths are added by the routers themselves.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "duban 督办 API",
        description = "督查室民生实事督办台账的接口。The supervision ledger's JSON API. Errors are RFC 9457 problem documents; changes need If-Match.",
        version = "1"
    ),
    modifiers(&Security),
    security(("bearer" = []), ("cookie" = [])),
    components(schemas(crate::error::Problem, crate::error::ProblemField))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        c.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::COOKIE))),
        );
    }
}

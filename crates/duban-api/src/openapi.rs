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

/// Errors are sent as `application/problem+json` (RFC 9457), but the routes'
/// annotations name only the schema, which utoipa files under `application/json`.
/// The finished document is mended here, once, so that it says what is sent.
pub fn problems_as_problem_json(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    const JSON: &str = "application/json";
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for op in ops.into_iter().flatten() {
            for r in op.responses.responses.values_mut() {
                let RefOr::T(r) = r else { continue };
                let problem = matches!(
                    r.content.get(JSON),
                    Some(RefOr::T(c)) if matches!(
                        &c.schema,
                        Some(RefOr::Ref(s)) if s.ref_location.ends_with("/Problem")
                    )
                );
                if problem && let Some(c) = r.content.shift_remove(JSON) {
                    r.content.insert("application/problem+json".into(), c);
                }
            }
        }
    }
}

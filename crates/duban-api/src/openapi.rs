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

/// Mends the finished document where the routes' annotations cannot say, in one
/// place, what every route shares:
/// - errors are sent as `application/problem+json` (RFC 9457), but annotations name
///   only the schema, which utoipa files under `application/json`;
/// - any operation may also answer with a problem document not listed for it (400
///   for an unreadable request, 413, 415, 503…): each gets a `default` response;
/// - a path id is a positive 64-bit integer, as `extract::PathId` enforces, and
///   `page` and `per_page` keep to their bounds.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    const JSON: &str = "application/json";
    const PROBLEM_JSON: &str = "application/problem+json";
    let problem = || RefOr::Ref(Ref::from_schema_name("Problem"));
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
                let is_problem = matches!(
                    r.content.get(JSON),
                    Some(RefOr::T(c)) if matches!(
                        &c.schema,
                        Some(RefOr::Ref(s)) if s.ref_location.ends_with("/Problem")
                    )
                );
                if is_problem && let Some(c) = r.content.shift_remove(JSON) {
                    r.content.insert(PROBLEM_JSON.into(), c);
                }
            }
            op.responses
                .responses
                .entry("default".into())
                .or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description(
                                "其他错误(问题文档)/ Any other error, as a problem document",
                            )
                            .content(
                                PROBLEM_JSON,
                                ContentBuilder::new().schema(Some(problem())).build(),
                            )
                            .build(),
                    )
                });
            for p in op.parameters.iter_mut().flatten() {
                let RefOr::T(p) = p else { continue };
                let Some(RefOr::T(Schema::Object(o))) = &mut p.schema else {
                    continue;
                };
                if o.schema_type != SchemaType::Type(Type::Integer) {
                    continue;
                }
                // Bounds the extractors enforce: `PathId`, and `PageParams::page` for
                // the lists whose query structs spell out `page` and `per_page`.
                let max = match (&p.parameter_in, p.name.as_str()) {
                    (ParameterIn::Path, _) | (ParameterIn::Query, "page") => i64::MAX,
                    (ParameterIn::Query, "per_page") => duban_store::Page::MAX_PER_PAGE,
                    _ => continue,
                };
                o.minimum = Some(1.into());
                o.maximum = Some(max.into());
            }
        }
    }
}

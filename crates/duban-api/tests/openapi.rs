//! The OpenAPI document describes exactly what is served, `/healthz` needs nothing, and
//! `/readyz` answers only while the database does.

mod common;

use common::apps;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn every_documented_operation_is_served_and_documents_its_problems() {
    for app in apps().await {
        let doc = app
            .call(Method::GET, "/api/v1/openapi.json", None, None, &[])
            .await;
        assert_eq!(doc.status, StatusCode::OK);
        assert!(
            doc.body["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.")),
            "{}",
            doc.body["openapi"]
        );
        let paths = doc.body["paths"].as_object().expect("paths");
        assert!(paths.len() >= 20, "only {} paths", paths.len());
        for (path, ops) in paths {
            for (method, op) in ops.as_object().expect("operations") {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let concrete = path.replace("{id}", "1").replace("{entity}", "plan");
                let a = app.call(m.clone(), &concrete, None, None, &[]).await;
                // Anonymous: refused or asked for a body, but never "no such route".
                assert!(
                    a.status != StatusCode::NOT_FOUND && a.status != StatusCode::METHOD_NOT_ALLOWED,
                    "{m} {path} is documented but not served: {a:?}"
                );
                assert!(a.is_problem(), "{m} {path} answered {a:?}");
                let responses = op["responses"].as_object().expect("responses");
                assert!(
                    responses.keys().any(|k| k.starts_with('4')),
                    "{m} {path} documents no 4xx answer"
                );
                assert!(
                    op["summary"].is_string() || op["description"].is_string(),
                    "{m} {path} is undescribed"
                );
            }
        }
    }
}

#[tokio::test]
async fn an_undocumented_route_is_not_served() {
    for app in apps().await {
        let a = app
            .call(Method::GET, "/api/v1/nothing-here", None, None, &[])
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert!(a.is_problem());
        let a = app
            .call(Method::DELETE, "/api/v1/plans", None, None, &[])
            .await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(a.is_problem());
    }
}

#[tokio::test]
async fn healthz_answers_even_when_the_database_is_gone_and_readyz_says_it_is_gone() {
    for app in apps().await {
        let t = app.token("lingdao").await;
        let ready = app.call(Method::GET, "/readyz", None, None, &[]).await;
        assert_eq!(
            (ready.status, ready.text.as_str()),
            (StatusCode::OK, "ready")
        );
        app.store.close().await;
        let gone = app.call(Method::GET, "/readyz", None, None, &[]).await;
        assert_eq!(gone.status, StatusCode::SERVICE_UNAVAILABLE, "{gone:?}");
        assert_eq!(gone.body["code"], "unavailable");
        let h = app.call(Method::GET, "/healthz", None, None, &[]).await;
        assert_eq!((h.status, h.text.as_str()), (StatusCode::OK, "ok"));
        let me = app.get("/api/v1/me", &t).await;
        assert_eq!(me.status, StatusCode::SERVICE_UNAVAILABLE, "{me:?}");
        assert!(me.is_problem());
        assert_eq!(me.body["code"], "unavailable");
    }
}

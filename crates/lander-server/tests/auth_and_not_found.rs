//! Authentication failures (401 with `WWW-Authenticate: Bearer`) and ids that name nothing
//! (404, or 422 for a rollback target), each as a problem document.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, header, invalid_at, problem, simple_doc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    missing_or_bad_tokens_are_401,
    unknown_paths_under_api_need_a_token,
    unknown_pages_are_404,
    unknown_versions_are_404,
    rollback_to_a_missing_version_is_422,
    wrong_method_is_a_405_problem,
);

/// Endpoints to try without valid credentials: (method, path, JSON body).
fn protected(id: &str) -> Vec<(Method, String, Option<Value>)> {
    let page = json!({"title": "Sneaky", "slug": "sneaky"});
    vec![
        (Method::GET, "/api/v1/templates".into(), None),
        (Method::GET, "/api/v1/templates/saas".into(), None),
        (Method::GET, "/api/v1/pages".into(), None),
        (Method::POST, "/api/v1/pages".into(), Some(page)),
        (Method::GET, format!("/api/v1/pages/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/pages/{id}"),
            Some(json!({"title": "Hijacked"})),
        ),
        (Method::DELETE, format!("/api/v1/pages/{id}"), None),
        (Method::POST, format!("/api/v1/pages/{id}/duplicate"), None),
        (Method::GET, format!("/api/v1/pages/{id}/draft"), None),
        (
            Method::PUT,
            format!("/api/v1/pages/{id}/draft"),
            Some(simple_doc("Hijacked")),
        ),
        (Method::POST, format!("/api/v1/pages/{id}/publish"), None),
        (Method::POST, format!("/api/v1/pages/{id}/unpublish"), None),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/rollback"),
            Some(json!({"version": 1})),
        ),
        (Method::GET, format!("/api/v1/pages/{id}/versions"), None),
        (Method::GET, format!("/api/v1/pages/{id}/versions/1"), None),
        (
            Method::GET,
            format!("/api/v1/pages/{id}/versions/1/html"),
            None,
        ),
        (
            Method::POST,
            "/api/v1/render".into(),
            Some(simple_doc("Preview")),
        ),
        (Method::GET, "/api/v1/pages/not-a-uuid".into(), None),
    ]
}

async fn unauthorized(res: reqwest::Response, what: &str) {
    assert_eq!(
        header(res.headers(), "www-authenticate"),
        "Bearer",
        "{what}"
    );
    problem(res, 401).await;
}

async fn missing_or_bad_tokens_are_401(app: TestApp) {
    let id = app.create_blank("Mine", "mine").await;
    app.publish(&id).await;
    let without_prefix = app.token.trim_start_matches("lnd_").to_string();
    let credentials: Vec<Option<String>> = vec![
        None,
        Some("Bearer lnd_wrongwrongwrongwrongwrongwrongwrongwrongwro".into()),
        Some(format!("Bearer {without_prefix}")),
        Some(format!("Bearer {}x", app.token)),
        Some(app.token.clone()),
        Some(format!("Basic {}", app.token)),
        Some(format!("Token {}", app.token)),
        Some("Bearer".into()),
        Some("Bearer ".into()),
        Some("Bearer lnd_".into()),
        Some(format!("Bearer {}", "lnd_".repeat(100))),
        Some(format!("Bearer  {}", app.token.to_uppercase())),
    ];
    for (method, path, body) in protected(&id) {
        for auth in &credentials {
            let mut req = app.client.request(method.clone(), app.url(&path));
            if let Some(a) = auth {
                req = req.header("authorization", a);
            }
            if let Some(b) = &body {
                req = req.json(b);
            }
            let res = req.send().await.unwrap();
            unauthorized(res, &format!("{method} {path} with {auth:?}")).await;
        }
        // Non-ASCII bytes in the header.
        let res = app
            .client
            .request(method.clone(), app.url(&path))
            .header(
                "authorization",
                reqwest::header::HeaderValue::from_bytes(b"Bearer lnd_\xe9\xe9").unwrap(),
            )
            .send()
            .await
            .unwrap();
        unauthorized(res, &format!("{method} {path} with a non-ASCII token")).await;
    }
    // Nothing happened: the page is as it was, still live, and nothing was created.
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["title"], "Mine");
    assert_eq!(page["draft_revision"], 1);
    assert_eq!(page["live_version"], 1);
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(app.public("/mine").await.status(), StatusCode::OK);
    // And the real token works with either spelling of the scheme.
    for scheme in ["Bearer", "bearer"] {
        let res = app
            .client
            .get(app.url("/api/v1/pages"))
            .header("authorization", format!("{scheme} {}", app.token))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{scheme}");
    }
}

/// Without a token, an unknown API path does not reveal whether it exists: it is a 401 like
/// every other API path.
async fn unknown_paths_under_api_need_a_token(app: TestApp) {
    let mut wrong = Vec::new();
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/nope",
        "/api/v2/pages",
        "/api/v1/pages/x/y/z",
    ] {
        let res = app.public(path).await;
        let (status, h) = (res.status().as_u16(), res.headers().clone());
        if status != 401 || header(&h, "www-authenticate") != "Bearer" {
            wrong.push(format!(
                "{path} without a token: {status} {} (WWW-Authenticate: {:?})",
                common::content_type(&h),
                header(&h, "www-authenticate")
            ));
        } else {
            problem(res, 401).await;
        }
        // With the token they are problem-document 404s.
        let res = app.get(path).await;
        let (status, ct) = (res.status().as_u16(), common::content_type(res.headers()));
        if status != 404 || ct != "application/problem+json" {
            wrong.push(format!("{path} with a token: {status} {ct}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The OpenAPI description is public on purpose.
    let res = app.public("/api/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/pages"].is_object());
}

async fn unknown_pages_are_404(app: TestApp) {
    // A real page exists, so the 404s are about the ids, not an empty database.
    let real = app.create_blank("Real", "real").await;
    app.publish(&real).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    for id in [
        unknown.as_str(),
        "not-a-uuid",
        "12345",
        "nil",
        "00000000-0000-0000-0000-00000000000g",
    ] {
        // Every endpoint that names a page, as in the authentication matrix.
        let cases: Vec<(Method, String, Option<Value>)> = protected(id)
            .into_iter()
            .filter(|(_, path, _)| path.contains(&format!("/pages/{id}")))
            .collect();
        assert!(cases.len() >= 12, "{}", cases.len());
        for (method, path, body) in cases {
            let mut req = app.request(method.clone(), &path);
            if let Some(b) = &body {
                req = req.json(b);
            }
            problem(req.send().await.unwrap(), 404).await;
        }
    }
    let res = app.get("/api/v1/templates/nope").await;
    problem(res, 404).await;
    // The real page was not touched.
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["draft_revision"], 1);
    assert_eq!(app.public("/real").await.status(), StatusCode::OK);
}

async fn unknown_versions_are_404(app: TestApp) {
    let id = app.create_blank("Versioned", "versioned").await;
    for n in ["1", "0", "-1", "abc", "99999999999999999999"] {
        problem(
            app.get(&format!("/api/v1/pages/{id}/versions/{n}")).await,
            404,
        )
        .await;
        problem(
            app.get(&format!("/api/v1/pages/{id}/versions/{n}/html"))
                .await,
            404,
        )
        .await;
    }
    app.publish(&id).await;
    assert_eq!(
        app.get(&format!("/api/v1/pages/{id}/versions/1"))
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        app.get(&format!("/api/v1/pages/{id}/versions/2")).await,
        404,
    )
    .await;
    problem(
        app.get(&format!("/api/v1/pages/{id}/versions/2/html"))
            .await,
        404,
    )
    .await;
    // Another page's versions are not this page's.
    let other = app.create_blank("Other", "other").await;
    problem(
        app.get(&format!("/api/v1/pages/{other}/versions/1")).await,
        404,
    )
    .await;
}

async fn rollback_to_a_missing_version_is_422(app: TestApp) {
    let id = app.create_blank("Rolling", "rolling").await;
    // Nothing published yet.
    let res = app
        .post_json(
            &format!("/api/v1/pages/{id}/rollback"),
            &json!({"version": 1}),
        )
        .await;
    invalid_at(res, "/version").await;
    assert_eq!(app.public("/rolling").await.status(), StatusCode::NOT_FOUND);

    app.publish(&id).await;
    app.put_draft(&id, 1, &simple_doc("Rolling two")).await;
    app.publish(&id).await;
    let before = app.public("/rolling").await.bytes().await.unwrap();
    for version in [3, 0, -1, 1_000_000] {
        let res = app
            .post_json(
                &format!("/api/v1/pages/{id}/rollback"),
                &json!({"version": version}),
            )
            .await;
        invalid_at(res, "/version").await;
    }
    // Another page's version number is not a version of this page.
    let other = app.create_blank("Other", "other").await;
    let res = app
        .post_json(
            &format!("/api/v1/pages/{other}/rollback"),
            &json!({"version": 2}),
        )
        .await;
    invalid_at(res, "/version").await;

    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["live_version"], 2, "the live version is unchanged");
    assert_eq!(app.public("/rolling").await.bytes().await.unwrap(), before);
    let missing = uuid::Uuid::new_v4();
    let res = app
        .post_json(
            &format!("/api/v1/pages/{missing}/rollback"),
            &json!({"version": 1}),
        )
        .await;
    problem(res, 404).await;
    // A missing or mistyped version field is a 422 with its pointer.
    let res = app
        .post_json(&format!("/api/v1/pages/{id}/rollback"), &json!({}))
        .await;
    problem(res, 422).await;
    let res = app
        .post_json(
            &format!("/api/v1/pages/{id}/rollback"),
            &json!({"version": 1.5}),
        )
        .await;
    invalid_at(res, "/version").await;
}

/// A method an API path does not support is a 405 problem document with `Allow`, like every
/// other API error.
async fn wrong_method_is_a_405_problem(app: TestApp) {
    let id = app.create_blank("Methods", "methods").await;
    for (method, path) in [
        (Method::DELETE, "/api/v1/templates".to_string()),
        (Method::PUT, "/api/v1/pages".to_string()),
        (Method::POST, format!("/api/v1/pages/{id}/draft")),
        (Method::GET, format!("/api/v1/pages/{id}/publish")),
    ] {
        let res = app.request(method.clone(), &path).send().await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert!(
            !header(res.headers(), "allow").is_empty(),
            "{method} {path}"
        );
        problem(res, 405).await;
    }
}

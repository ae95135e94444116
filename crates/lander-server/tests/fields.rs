//! Bad fields and parameters: slugs, titles, templates, list queries, taken slugs (409) and
//! stale draft revisions (412), each a problem document with a pointer, never a 500.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, invalid_at, pointers, problem, simple_doc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    invalid_and_reserved_slugs_are_422,
    taken_slugs_are_409,
    stale_revision_is_412,
    title_and_template_errors_are_422,
    invalid_list_queries_are_422,
);

const BAD_SLUGS: &[&str] = &[
    "Hello World",
    "a--b",
    "../etc",
    "%2e%2e",
    "-a",
    "a-",
    "",
    "a/b",
    "é",
    "UPPER",
    "api",
    "app",
    "healthz",
    "readyz",
    "metrics",
    "assets",
    "f",
    "e",
    "_private",
];

async fn invalid_and_reserved_slugs_are_422(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    for slug in BAD_SLUGS {
        let res = app
            .post_json("/api/v1/pages", &json!({"title": "T", "slug": slug}))
            .await;
        invalid_at(res, "/slug").await;
        let res = app
            .patch_json(&format!("/api/v1/pages/{id}"), &json!({"slug": slug}))
            .await;
        invalid_at(res, "/slug").await;
        let res = app
            .post_json(
                &format!("/api/v1/pages/{id}/duplicate"),
                &json!({"slug": slug}),
            )
            .await;
        invalid_at(res, "/slug").await;
        let mut doc = simple_doc("T");
        doc["settings"]["slug"] = json!(slug);
        invalid_at(app.put_draft(&id, 1, &doc).await, "/settings/slug").await;
    }
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (page["slug"].as_str(), page["draft_revision"].as_i64()),
        (Some("target"), Some(1))
    );
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

async fn taken_slugs_are_409(app: TestApp) {
    app.create_blank("First", "taken").await;
    let other = app.create_blank("Other", "other").await;
    let res = app
        .post_json(
            "/api/v1/pages",
            &json!({"title": "Second", "slug": "taken"}),
        )
        .await;
    let body = problem(res, 409).await;
    assert_eq!(pointers(&body), ["/slug"]);
    let res = app
        .patch_json(&format!("/api/v1/pages/{other}"), &json!({"slug": "taken"}))
        .await;
    assert_eq!(pointers(&problem(res, 409).await), ["/slug"]);
    let res = app
        .post_json(
            &format!("/api/v1/pages/{other}/duplicate"),
            &json!({"slug": "taken"}),
        )
        .await;
    assert_eq!(pointers(&problem(res, 409).await), ["/slug"]);
    let mut doc = simple_doc("Other");
    doc["settings"]["slug"] = json!("taken");
    let body = problem(app.put_draft(&other, 1, &doc).await, 409).await;
    assert_eq!(pointers(&body), ["/settings/slug"]);
    let page: Value = app
        .get(&format!("/api/v1/pages/{other}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["slug"], "other");
    assert_eq!(app.draft(&other).await.0, 1);
}

async fn stale_revision_is_412(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    assert_eq!(
        app.put_draft(&id, 1, &simple_doc("Second")).await.status(),
        StatusCode::OK
    );
    let res = app.put_draft(&id, 1, &simple_doc("Stale")).await;
    let body = problem(res, 412).await;
    assert_eq!(body["current_revision"], 2);
    let (rev, doc) = app.draft(&id).await;
    assert_eq!(rev, 2);
    assert_eq!(doc["settings"]["title"], "Second", "the draft is unchanged");
    // A revision from the future is just as stale.
    problem(app.put_draft(&id, 7, &simple_doc("Future")).await, 412).await;
    // If-Match that is not a revision is a bad request.
    let res = app
        .request(Method::PUT, &format!("/api/v1/pages/{id}/draft"))
        .header("If-Match", "\"abc\"")
        .json(&simple_doc("Garbage"))
        .send()
        .await
        .unwrap();
    problem(res, 400).await;
    assert_eq!(app.draft(&id).await.0, 2);
}

async fn title_and_template_errors_are_422(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    for title in ["bell \u{0001}", "tab\tinside", "", "   ", &"t".repeat(201)] {
        let res = app
            .post_json("/api/v1/pages", &json!({"title": title, "slug": "t"}))
            .await;
        invalid_at(res, "/title").await;
        let res = app
            .patch_json(&format!("/api/v1/pages/{id}"), &json!({"title": title}))
            .await;
        invalid_at(res, "/title").await;
        let res = app
            .post_json(
                &format!("/api/v1/pages/{id}/duplicate"),
                &json!({"title": title}),
            )
            .await;
        invalid_at(res, "/title").await;
    }
    let res = app
        .post_json("/api/v1/pages", &json!({"title": "T", "template": "nope"}))
        .await;
    invalid_at(res, "/template").await;
    let res = app
        .post_json(
            "/api/v1/pages",
            &json!({"title": "T", "template": "saas", "doc": simple_doc("T")}),
        )
        .await;
    invalid_at(res, "/template").await;
    // Every problem at once.
    let res = app
        .post_json(
            "/api/v1/pages",
            &json!({"title": "\u{0002}", "slug": "Bad Slug", "template": "nope"}),
        )
        .await;
    let body = invalid_at(res, "/title").await;
    let ptrs = pointers(&body);
    assert!(ptrs.contains(&"/slug".to_string()) && ptrs.contains(&"/template".to_string()));
    let res = app
        .patch_json(
            &format!("/api/v1/pages/{id}"),
            &json!({"language": "not a language!"}),
        )
        .await;
    invalid_at(res, "/language").await;
    let res = app
        .patch_json(
            &format!("/api/v1/pages/{id}"),
            &json!({"seo": {"canonical_url": "javascript:alert(1)"}}),
        )
        .await;
    invalid_at(res, "/seo/canonical_url").await;
    assert_eq!(app.draft(&id).await.0, 1);
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

async fn invalid_list_queries_are_422(app: TestApp) {
    for (query, pointer) in [
        ("limit=0", "/limit"),
        ("limit=201", "/limit"),
        ("limit=abc", "/limit"),
        ("limit=-1", "/limit"),
        ("offset=-1", "/offset"),
        ("offset=x", "/offset"),
        ("status=x", "/status"),
        ("status=", "/status"),
    ] {
        let res = app.get(&format!("/api/v1/pages?{query}")).await;
        invalid_at(res, pointer).await;
    }
    let res = app.get("/api/v1/pages?limit=0&status=x").await;
    let body = problem(res, 422).await;
    assert_eq!(pointers(&body), ["/limit", "/status"]);
    let res = app
        .get(&format!("/api/v1/pages?q={}", "q".repeat(201)))
        .await;
    invalid_at(res, "/q").await;
}

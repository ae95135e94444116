//! Bad request bodies and parameters: each answers the right status with a problem document
//! (and a JSON pointer for every field error), never a 500.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, doc_with_blocks, heading, invalid_at, pointers, problem, simple_doc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    malformed_json_is_400,
    syntax_errors_are_400_even_after_a_field_error,
    wrong_field_types_are_422,
    invalid_documents_are_422,
    bodies_over_2_mib_are_413,
    wrong_content_type_is_415,
);

/// Every endpoint that reads a JSON body, for a page `id`, with a valid body for it.
fn json_endpoints(id: &str) -> Vec<(Method, String, &'static str)> {
    vec![
        (Method::POST, "/api/v1/pages".into(), r#"{"title": "ok"}"#),
        (
            Method::PATCH,
            format!("/api/v1/pages/{id}"),
            r#"{"title": "ok"}"#,
        ),
        (
            Method::PUT,
            format!("/api/v1/pages/{id}/draft"),
            r#"{"schema_version": 1}"#,
        ),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/rollback"),
            r#"{"version": 1}"#,
        ),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/duplicate"),
            r#"{"title": "ok"}"#,
        ),
        (
            Method::POST,
            "/api/v1/render".into(),
            r#"{"schema_version": 1}"#,
        ),
    ]
}

async fn malformed_json_is_400(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    for (method, path, valid) in json_endpoints(&id) {
        // The endpoint's one field, so no field error can come before the syntax error.
        let field = valid.split('"').nth(1).unwrap();
        let bodies: Vec<Vec<u8>> = vec![
            b"[".to_vec(),
            b"{".to_vec(),
            format!(r#"{{"{field}": "#).into_bytes(),
            format!(r#"{{"{field}": }}"#).into_bytes(),
            [format!(r#"{{"{field}": ""#).as_bytes(), b"\xff\xfe\"}"].concat(),
            b"\xff\xfe".to_vec(),
            b"{\"\xff\": 1}".to_vec(),
            format!("{valid} trailing").into_bytes(),
            format!("{valid}{valid}").into_bytes(),
        ];
        for body in bodies {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let res = app
                .send_raw(method.clone(), &path, "application/json", body)
                .await;
            assert_eq!(
                res.status(),
                StatusCode::BAD_REQUEST,
                "{method} {path} {shown}"
            );
            let p = problem(res, 400).await;
            assert!(p["errors"].is_null(), "{method} {path}: {p}");
        }
    }
    // Nothing changed.
    let (rev, _) = app.draft(&id).await;
    assert_eq!(rev, 1);
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

/// A body that is not valid JSON is a 400 even when what was read before the syntax error
/// already has a wrong field: a 422 would claim the syntax is correct.
async fn syntax_errors_are_400_even_after_a_field_error(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    let cases: [(Method, String, &[u8]); 4] = [
        (Method::POST, "/api/v1/pages".into(), b"{\"title\": 5"),
        (
            Method::POST,
            "/api/v1/pages".into(),
            b"{\"title\": 5} trailing",
        ),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/rollback"),
            b"{\"title\": \"\xff\xfe\"}",
        ),
        (
            Method::PATCH,
            format!("/api/v1/pages/{id}"),
            b"{\"colour\": 1,",
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body) in cases {
        let shown = String::from_utf8_lossy(body).into_owned();
        let res = app
            .send_raw(method.clone(), &path, "application/json", body.to_vec())
            .await;
        if res.status() == StatusCode::BAD_REQUEST {
            problem(res, 400).await;
        } else {
            let status = res.status().as_u16();
            let text = res.text().await.unwrap();
            wrong.push(format!("{method} {path} {shown:?}: {status} {text}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

async fn wrong_field_types_are_422(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    let cases = [
        (
            Method::POST,
            "/api/v1/pages".to_string(),
            json!({"title": 5, "slug": "a"}),
            "/title",
        ),
        (
            Method::POST,
            "/api/v1/pages".to_string(),
            json!({"title": "A", "slug": 7}),
            "/slug",
        ),
        (
            Method::POST,
            "/api/v1/pages".to_string(),
            json!({"title": null}),
            "/title",
        ),
        (
            Method::POST,
            "/api/v1/pages".to_string(),
            json!({"title": ["x"]}),
            "/title",
        ),
        (
            Method::PATCH,
            format!("/api/v1/pages/{id}"),
            json!({"title": false}),
            "/title",
        ),
        (
            Method::PATCH,
            format!("/api/v1/pages/{id}"),
            json!({"seo": {"noindex": "yes"}}),
            "/seo/noindex",
        ),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/rollback"),
            json!({"version": "one"}),
            "/version",
        ),
        (
            Method::POST,
            format!("/api/v1/pages/{id}/duplicate"),
            json!({"slug": 1}),
            "/slug",
        ),
        (
            Method::PUT,
            format!("/api/v1/pages/{id}/draft"),
            json!({"schema_version": 1, "settings": {"title": 5}}),
            "/settings/title",
        ),
    ];
    for (method, path, body, pointer) in cases {
        let res = app
            .request(method.clone(), &path)
            .json(&body)
            .send()
            .await
            .unwrap();
        invalid_at(res, pointer).await;
    }
    // A body that is JSON but not an object, and a missing required field.
    invalid_or_400(&app, Method::POST, "/api/v1/pages", json!(42)).await;
    invalid_or_400(&app, Method::POST, "/api/v1/pages", json!({"slug": "x"})).await;
    let res = app
        .post_json("/api/v1/pages", &json!({"title": "A", "colour": "red"}))
        .await;
    problem(res, 422).await;
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1, "nothing was created");
}

async fn invalid_or_400(app: &TestApp, method: Method, path: &str, body: Value) {
    let res = app.request(method, path).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    assert!(status == 400 || status == 422, "{path} {body}: {status}");
    problem(res, status).await;
}

/// `depth` columns blocks nested inside each other, with a heading at the bottom.
fn nested_columns(depth: usize) -> Value {
    let mut inner = heading("deep", "Deep down");
    for d in 0..depth {
        inner = json!({
            "id": format!("cols-{d}"),
            "type": "columns",
            "props": {"columns": [{"span": 1, "blocks": [inner]}]},
        });
    }
    inner
}

/// A rich-text block with one paragraph (whose text has no limit but the general one).
fn paragraph(id: &str, text: &str) -> Value {
    json!({"id": id, "type": "rich_text", "props": {
        "content": [{"type": "paragraph", "content": [{"text": text}]}],
    }})
}

async fn invalid_documents_are_422(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    let too_many: Vec<Value> = (0..1001)
        .map(|i| json!({"id": format!("d{i}"), "type": "divider"}))
        .collect();
    let long = "x".repeat(10_001);
    let too_deep = format!(
        "/sections/0/blocks/0{}/props",
        "/props/columns/0/blocks/0".repeat(3)
    );
    // (document, pointer inside the document, or None to only require a 422)
    let cases: Vec<(Value, Option<&str>)> = vec![
        (
            doc_with_blocks(
                "T",
                vec![json!({"id": "m", "type": "marquee", "props": {}})],
            ),
            Some("/sections/0/blocks/0/type"),
        ),
        (
            doc_with_blocks("T", too_many),
            Some("/sections/0/blocks/1000"),
        ),
        (
            doc_with_blocks("T", vec![nested_columns(6)]),
            Some(too_deep.as_str()),
        ),
        (
            doc_with_blocks("T", vec![paragraph("p", &long)]),
            Some("/sections/0/blocks/0/props/content/0/content/0/text"),
        ),
        (
            doc_with_blocks("T", vec![heading("h", "bell \u{0001} here")]),
            Some("/sections/0/blocks/0/props/text"),
        ),
        (
            simple_doc("Title with \u{0007} bell"),
            Some("/settings/title"),
        ),
        (
            doc_with_blocks("T", vec![heading("same", "a"), heading("same", "b")]),
            None,
        ),
        (
            json!({"schema_version": 1, "settings": {"title": "T"}, "sections": "nope"}),
            Some("/sections"),
        ),
        (
            json!({"schema_version": 1, "sections": []}),
            Some("/settings"),
        ),
        (json!({"settings": {"title": "T"}}), Some("/schema_version")),
    ];
    for (doc, pointer) in &cases {
        // Inside a create request the pointers are under /doc.
        let res = app
            .post_json(
                "/api/v1/pages",
                &json!({"title": "Bad doc", "slug": "bad-doc", "doc": doc}),
            )
            .await;
        let body = problem(res, 422).await;
        let ptrs = pointers(&body);
        assert!(!ptrs.is_empty(), "{body}");
        match pointer {
            Some(p) => assert!(ptrs.contains(&format!("/doc{p}")), "{p} not in {ptrs:?}"),
            None => assert!(ptrs.iter().all(|p| p.starts_with("/doc")), "{ptrs:?}"),
        }
        // As a draft and as a preview, the pointers are into the body itself.
        for (method, path) in [
            (Method::PUT, format!("/api/v1/pages/{id}/draft")),
            (Method::POST, "/api/v1/render".to_string()),
        ] {
            let res = app
                .request(method, &path)
                .header("If-Match", "\"1\"")
                .json(doc)
                .send()
                .await
                .unwrap();
            let body = problem(res, 422).await;
            let ptrs = pointers(&body);
            assert!(!ptrs.is_empty(), "{path}: {body}");
            if let Some(p) = pointer {
                assert!(ptrs.iter().any(|q| q == p), "{path}: {p} not in {ptrs:?}");
            }
        }
    }
    let (rev, doc) = app.draft(&id).await;
    assert_eq!(rev, 1, "rejected drafts are not saved");
    assert_eq!(doc["settings"]["title"], "Target");
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    // Exactly at the limits is fine.
    let at_limit: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("d{i}"), "type": "divider"}))
        .collect();
    let res = app
        .put_draft(&id, 1, &doc_with_blocks("Full", at_limit))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let ok = doc_with_blocks("Long", vec![paragraph("p", &"y".repeat(10_000))]);
    let res = app.put_draft(&id, 2, &ok).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let deepest = doc_with_blocks("Deep", vec![nested_columns(3)]);
    let res = app.put_draft(&id, 3, &deepest).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

async fn bodies_over_2_mib_are_413(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    let big = "z".repeat(2 * 1024 * 1024 + 1024);
    let doc = doc_with_blocks("Big", vec![heading("h", &big)]);
    let create = json!({"title": "Big", "slug": "big", "doc": doc});
    for (method, path, body) in [
        (Method::POST, "/api/v1/pages".to_string(), &create),
        (Method::PUT, format!("/api/v1/pages/{id}/draft"), &doc),
        (Method::POST, "/api/v1/render".to_string(), &doc),
    ] {
        let res = app.request(method, &path).json(body).send().await.unwrap();
        problem(res, 413).await;
    }
    // Without a Content-Length (chunked), the limit still holds.
    let bytes = serde_json::to_vec(&doc).unwrap();
    let mut request = format!(
        "PUT /api/v1/pages/{id}/draft HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        app.token
    )
    .into_bytes();
    for chunk in bytes.chunks(64 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let (status, text) = app.raw_http_bytes(&request).await;
    assert_eq!(status, 413, "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{text}"
    );
    assert_eq!(app.draft(&id).await.0, 1);
}

async fn wrong_content_type_is_415(app: TestApp) {
    let id = app.create_blank("Target", "target").await;
    let body = serde_json::to_vec(&json!({"title": "Text", "version": 1})).unwrap();
    for (method, path, _) in json_endpoints(&id) {
        for ct in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "text/json",
        ] {
            let res = app.send_raw(method.clone(), &path, ct, body.clone()).await;
            problem(res, 415).await;
        }
        // No Content-Type at all (duplicate alone accepts an empty body).
        let res = app
            .request(method.clone(), &path)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        problem(res, 415).await;
    }
    let list: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

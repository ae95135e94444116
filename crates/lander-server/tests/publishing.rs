//! Publishing through the API as the public edge sees it: publish, versions, rollback,
//! unpublish, restarts, and concurrent writers.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, header, simple_doc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

on_both_backends!(
    publish_answers_once_the_edge_serves_the_page,
    forms_post_to_their_page,
    versions_rollback_and_unpublish,
    restart_serves_published_pages_again,
    concurrent_draft_saves_with_one_revision,
    concurrent_publishes_get_distinct_versions,
);

async fn publish_answers_once_the_edge_serves_the_page(app: TestApp) {
    let id = app.create_blank("Launch day", "launch-day").await;
    assert_eq!(
        app.public("/launch-day").await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app.post(&format!("/api/v1/pages/{id}/publish")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        header(res.headers(), "location"),
        format!("/api/v1/pages/{id}/versions/1")
    );
    let body: Value = res.json().await.unwrap();
    // The very next request is the public one: no polling, no retry.
    let live = app.public("/launch-day").await;
    assert_eq!(live.status(), StatusCode::OK);
    assert!(live.text().await.unwrap().contains("Launch day"));
    assert_eq!(body["version"], 1);
    assert_eq!(body["page"]["status"], "published");
    assert_eq!(body["page"]["live_version"], 1);
    assert_eq!(body["page"]["has_unpublished_changes"], false);

    let (rev, mut doc) = app.draft(&id).await;
    doc["settings"]["title"] = json!("Launch day, take two");
    assert_eq!(app.put_draft(&id, rev, &doc).await.status(), StatusCode::OK);
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["has_unpublished_changes"], true);
    assert_eq!(app.publish(&id).await, 2);
    assert!(
        app.public("/launch-day")
            .await
            .text()
            .await
            .unwrap()
            .contains("Launch day, take two")
    );
}

/// Ids of every form block in a document.
fn form_ids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if map.get("type") == Some(&json!("form"))
                && let Some(id) = map.get("id").and_then(Value::as_str)
            {
                out.push(id.to_string());
            }
            map.values().for_each(|v| form_ids(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| form_ids(v, out)),
        _ => {}
    }
}

async fn forms_post_to_their_page(app: TestApp) {
    let templates: Vec<Value> = app.get("/api/v1/templates").await.json().await.unwrap();
    let with_forms: Vec<&str> = templates
        .iter()
        .filter(|t| t["has_form"] == true)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(with_forms.len() >= 3, "{with_forms:?}");
    for template in with_forms {
        let slug = format!("{template}-form");
        let page = app.create_page("Forms", &slug, template).await;
        let id = page["id"].as_str().unwrap();
        let (_, doc) = app.draft(id).await;
        let mut forms = Vec::new();
        form_ids(&doc, &mut forms);
        assert!(!forms.is_empty(), "{template} says it has a form");
        app.publish(id).await;
        let html = app.public(&format!("/{slug}")).await.text().await.unwrap();
        for form in forms {
            let action = format!("action=\"/f/{id}/{form}\"");
            assert!(html.contains(&action), "{template}: no {action}");
        }
    }
}

struct Served {
    etag: String,
    body: Vec<u8>,
}

async fn served(app: &TestApp, slug: &str) -> Served {
    let res = app.public(&format!("/{slug}")).await;
    assert_eq!(res.status(), StatusCode::OK, "/{slug}");
    Served {
        etag: header(res.headers(), "etag"),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

async fn versions(app: &TestApp, id: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/pages/{id}/versions")).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn versions_rollback_and_unpublish(app: TestApp) {
    let id = app.create_blank("First edition", "edition").await;
    assert!(versions(&app, &id).await.is_empty());
    assert_eq!(app.publish(&id).await, 1);
    let v1 = served(&app, "edition").await;
    app.put_draft(&id, 1, &simple_doc("Second edition")).await;
    assert_eq!(app.publish(&id).await, 2);
    let v2 = served(&app, "edition").await;
    assert_ne!(v1.body, v2.body);
    assert_ne!(v1.etag, v2.etag);

    let list = versions(&app, &id).await;
    let numbers: Vec<i64> = list
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1], "newest first");
    let live: Vec<bool> = list.iter().map(|v| v["live"].as_bool().unwrap()).collect();
    assert_eq!(live, [true, false]);
    assert_eq!(list[0]["etag"], json!(v2.etag));
    assert_eq!(list[1]["etag"], json!(v1.etag));
    assert_eq!(list[1]["size"], json!(v1.body.len()));
    assert_eq!(
        (
            list[0]["draft_revision"].as_i64(),
            list[1]["draft_revision"].as_i64()
        ),
        (Some(2), Some(1))
    );

    let res = app.get(&format!("/api/v1/pages/{id}/versions/1")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let one: Value = res.json().await.unwrap();
    assert_eq!(one["version"], 1);
    assert_eq!(one["live"], false);
    assert_eq!(one["doc"]["settings"]["title"], "First edition");
    let res = app
        .get(&format!("/api/v1/pages/{id}/versions/1/html"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(res.headers(), "content-type").starts_with("text/html"));
    assert_eq!(
        res.bytes().await.unwrap().to_vec(),
        v1.body,
        "the HTML as published"
    );

    let res = app
        .post_json(
            &format!("/api/v1/pages/{id}/rollback"),
            &json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["live_version"], 1);
    assert_eq!(page["latest_version"], 2);
    let now = served(&app, "edition").await;
    assert_eq!(now.body, v1.body, "version 1's bytes again");
    assert_eq!(now.etag, v1.etag);
    let live: Vec<bool> = versions(&app, &id)
        .await
        .iter()
        .map(|v| v["live"].as_bool().unwrap())
        .collect();
    assert_eq!(live, [false, true]);
    // Rollback leaves the draft alone.
    let (rev, doc) = app.draft(&id).await;
    assert_eq!(
        (rev, doc["settings"]["title"].as_str()),
        (2, Some("Second edition"))
    );

    let res = app.post(&format!("/api/v1/pages/{id}/unpublish")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["status"], "draft");
    assert_eq!(page["live_version"], Value::Null);
    assert_eq!(app.public("/edition").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(versions(&app, &id).await.len(), 2, "versions are kept");

    // Rolling back brings it back online.
    let res = app
        .post_json(
            &format!("/api/v1/pages/{id}/rollback"),
            &json!({"version": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(served(&app, "edition").await.body, v2.body);
}

async fn restart_serves_published_pages_again(mut app: TestApp) {
    let a = app.create_blank("Alpha", "alpha").await;
    let b = app.create_page("Beta", "beta", "saas").await;
    let b = b["id"].as_str().unwrap().to_string();
    let gone = app.create_blank("Gone", "gone").await;
    app.publish(&a).await;
    app.publish(&b).await;
    app.put_draft(&b, 1, &simple_doc("Beta two")).await;
    app.publish(&b).await;
    let res = app
        .post_json(
            &format!("/api/v1/pages/{b}/rollback"),
            &json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.publish(&gone).await;
    app.post(&format!("/api/v1/pages/{gone}/unpublish")).await;
    let alpha = served(&app, "alpha").await;
    let beta = served(&app, "beta").await;

    app.restart().await;
    // No warm-up request, no API call: the pages are simply there.
    let alpha2 = served(&app, "alpha").await;
    let beta2 = served(&app, "beta").await;
    assert_eq!((alpha2.etag, alpha2.body), (alpha.etag, alpha.body));
    assert_eq!(
        (beta2.etag, beta2.body),
        (beta.etag, beta.body),
        "rolled-back version"
    );
    assert_eq!(app.public("/gone").await.status(), StatusCode::NOT_FOUND);
    let ready: Value = app.public("/readyz").await.json().await.unwrap();
    assert_eq!(ready["live_pages"], 2);
    // The token still works after the restart.
    assert_eq!(app.get("/api/v1/pages").await.status(), StatusCode::OK);
    app.cleanup().await;
}

async fn concurrent_draft_saves_with_one_revision(app: TestApp) {
    let app = Arc::new(app);
    let id = app.create_blank("Race", "race").await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (app, id) = (app.clone(), id.clone());
        tasks.spawn(async move {
            let res = app
                .put_draft(&id, 1, &simple_doc(&format!("Writer {i}")))
                .await;
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (i, status, body)
        });
    }
    let mut winners = Vec::new();
    let mut losers = 0;
    while let Some(r) = tasks.join_next().await {
        let (i, status, body) = r.unwrap();
        match status {
            200 => winners.push(i),
            412 => {
                assert_eq!(body["current_revision"], 2, "{body}");
                losers += 1;
            }
            other => panic!("writer {i}: {other} {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one save wins: {winners:?}");
    assert_eq!(losers, 19);
    let (rev, doc) = app.draft(&id).await;
    assert_eq!(rev, 2);
    assert_eq!(doc["settings"]["title"], format!("Writer {}", winners[0]));
}

async fn concurrent_publishes_get_distinct_versions(app: TestApp) {
    let app = Arc::new(app);
    let id = app.create_blank("Busy", "busy").await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (app, id) = (app.clone(), id.clone());
        tasks.spawn(async move {
            let res = app.post(&format!("/api/v1/pages/{id}/publish")).await;
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            assert_eq!(status, 201, "{body}");
            body["version"].as_i64().unwrap()
        });
    }
    let mut numbers = Vec::new();
    while let Some(r) = tasks.join_next().await {
        numbers.push(r.unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    let list = versions(&app, &id).await;
    assert_eq!(list.len(), 10);
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["live_version"], 10);
    assert_eq!(list[0]["version"], 10);
    assert_eq!(list[0]["live"], true);
    assert_eq!(json!(served(&app, "busy").await.etag), list[0]["etag"]);
}

//! The REST API's happy paths: templates, pages, drafts, duplicates, previews and probes.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, header, heading, simple_doc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

on_both_backends!(
    templates_are_listed,
    create_from_template,
    create_from_posted_doc,
    list_filters_searches_and_paginates,
    get_one_page,
    patch_changes_settings_in_the_draft,
    patch_slug_moves_a_published_page_at_once,
    delete_removes_the_page_and_its_edge_route,
    duplicate_copies_the_draft_with_a_free_slug,
    draft_revisions_and_etags,
    render_preview_returns_html,
    health_and_readiness,
);

async fn templates_are_listed(app: TestApp) {
    let res = app.get("/api/v1/templates").await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Vec<Value> = res.json().await.unwrap();
    let ids: Vec<&str> = list.iter().map(|t| t["id"].as_str().unwrap()).collect();
    for id in [
        "blank", "saas", "webinar", "ebook", "app", "event", "waitlist",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for t in &list {
        assert!(t["name"].as_str().is_some_and(|n| !n.is_empty()), "{t}");
        assert!(t["has_form"].is_boolean(), "{t}");
    }
    let res = app.get("/api/v1/templates/saas").await;
    assert_eq!(res.status(), StatusCode::OK);
    let saas: Value = res.json().await.unwrap();
    assert_eq!(saas["id"], "saas");
    assert!(
        saas["doc"]["sections"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );

    // Each template previews as a whole page from the publishing renderer, with its own CSP.
    for id in &ids {
        let res = app.get(&format!("/api/v1/templates/{id}/preview")).await;
        assert_eq!(res.status(), StatusCode::OK, "{id}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("style-src 'sha256-") && csp.contains("frame-ancestors 'self'"),
            "{csp}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        let html = res.text().await.unwrap();
        assert!(html.starts_with("<!doctype html>"), "{id}: {}", &html[..40]);
    }
    let res = app.get("/api/v1/templates/saas/preview").await;
    let html = res.text().await.unwrap();
    let headline = saas["doc"]["sections"][0]["blocks"][0]["props"]["headline"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        html.contains(&headline),
        "the saas hero headline is in its preview"
    );
    let res = app.get("/api/v1/templates/nope/preview").await;
    common::problem(res, 404).await;
}

async fn create_from_template(app: TestApp) {
    for template in [
        "blank", "saas", "webinar", "ebook", "app", "event", "waitlist",
    ] {
        let slug = format!("from-{template}");
        let res = app
            .post_json(
                "/api/v1/pages",
                &json!({"title": format!("Page {template}"), "slug": slug, "template": template}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{template}");
        let location = header(res.headers(), "location");
        let page: Value = res.json().await.unwrap();
        let id = page["id"].as_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        assert_eq!(location, format!("/api/v1/pages/{id}"));
        assert_eq!(page["status"], "draft");
        assert_eq!(page["slug"], slug);
        assert_eq!(page["title"], format!("Page {template}"));
        assert_eq!(page["url"], format!("/{slug}"));
        assert_eq!(page["draft_revision"], 1);
        assert_eq!(page["live_version"], Value::Null);
        // The draft is the template's document, with the page's title and slug.
        let (_, doc) = app.draft(id).await;
        let t: Value = app
            .get(&format!("/api/v1/templates/{template}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(doc["sections"], t["doc"]["sections"], "{template}");
        assert_eq!(doc["settings"]["title"], format!("Page {template}"));
        assert_eq!(doc["settings"]["slug"], slug);
    }
    // No template and no doc: the blank page; no slug: derived from the title.
    let res = app
        .post_json("/api/v1/pages", &json!({"title": "Spring Sale 2026!"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["slug"], "spring-sale-2026");
}

async fn create_from_posted_doc(app: TestApp) {
    let doc = common::doc_with_blocks(
        "Ignored title",
        vec![heading("welcome", "Hello from a posted document")],
    );
    let res = app
        .post_json(
            "/api/v1/pages",
            &json!({"title": "From a doc", "slug": "from-doc", "doc": doc}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["status"], "draft");
    let id = page["id"].as_str().unwrap();
    let (revision, draft) = app.draft(id).await;
    assert_eq!(revision, 1);
    assert_eq!(draft["settings"]["title"], "From a doc");
    assert_eq!(draft["settings"]["slug"], "from-doc");
    let blocks = draft["sections"][0]["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["id"], "welcome");
    assert_eq!(blocks[0]["type"], "heading");
    assert_eq!(blocks[0]["props"]["text"], "Hello from a posted document");
}

async fn list(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/pages{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res.json().await.unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

async fn list_filters_searches_and_paginates(app: TestApp) {
    let mut all = HashSet::new();
    for (title, slug) in [
        ("Spring Sale", "spring"),
        ("Summer SALE", "summer"),
        ("Autumn launch", "autumn"),
        ("Winter sale", "winter"),
        ("Webinar", "webinar"),
    ] {
        all.insert(app.create_blank(title, slug).await);
    }
    let mut published = HashSet::new();
    for p in ids(&list(&app, "?q=autumn").await)
        .into_iter()
        .chain(ids(&list(&app, "?q=webinar").await))
    {
        app.publish(&p).await;
        published.insert(p);
    }
    assert_eq!(published.len(), 2);

    let everything = list(&app, "").await;
    assert_eq!(everything["total"], 5);
    assert_eq!(everything["limit"], 50);
    assert_eq!(everything["offset"], 0);
    assert_eq!(ids(&everything).into_iter().collect::<HashSet<_>>(), all);

    let p = list(&app, "?status=published").await;
    assert_eq!(p["total"], 2);
    assert_eq!(ids(&p).into_iter().collect::<HashSet<_>>(), published);
    assert!(
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "published")
    );
    let d = list(&app, "?status=draft").await;
    assert_eq!(d["total"], 3);
    assert!(
        d["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "draft")
    );

    let sale = list(&app, "?q=sale").await;
    assert_eq!(sale["total"], 3, "case-insensitive title search: {sale}");
    let sale_drafts = list(&app, "?q=Sale&status=draft").await;
    assert_eq!(sale_drafts["total"], 3);
    assert_eq!(list(&app, "?q=nothing-like-this").await["total"], 0);

    // Pages of two: 2 + 2 + 1, all distinct, total always 5.
    let mut seen = HashSet::new();
    for (offset, expected) in [(0, 2), (2, 2), (4, 1), (6, 0)] {
        let page = list(&app, &format!("?limit=2&offset={offset}")).await;
        assert_eq!(page["total"], 5, "offset {offset}");
        assert_eq!(page["limit"], 2);
        assert_eq!(page["offset"], offset);
        let got = ids(&page);
        assert_eq!(got.len(), expected, "offset {offset}");
        seen.extend(got);
    }
    assert_eq!(seen, all);
    let sale_page = list(&app, "?q=sale&limit=2&offset=2").await;
    assert_eq!(sale_page["total"], 3);
    assert_eq!(ids(&sale_page).len(), 1);
}

async fn get_one_page(app: TestApp) {
    let created = app.create_page("Launch", "launch", "saas").await;
    let id = created["id"].as_str().unwrap();
    let res = app.get(&format!("/api/v1/pages/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page, created);
    app.publish(id).await;
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["status"], "published");
    assert_eq!(page["live_version"], 1);
    assert_eq!(page["latest_version"], 1);
    assert_eq!(page["has_unpublished_changes"], false);
    assert!(page["published_at"].is_string());
}

async fn patch_changes_settings_in_the_draft(app: TestApp) {
    let id = app.create_blank("Old title", "old-slug").await;
    let res = app
        .patch_json(
            &format!("/api/v1/pages/{id}"),
            &json!({
                "title": "New title",
                "slug": "new-slug",
                "seo": {"meta_title": "SEO title", "meta_description": "About it", "noindex": true},
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    assert_eq!(page["title"], "New title");
    assert_eq!(page["slug"], "new-slug");
    assert_eq!(page["url"], "/new-slug");
    assert_eq!(page["draft_revision"], 2);
    let (revision, doc) = app.draft(&id).await;
    assert_eq!(revision, 2);
    let s = &doc["settings"];
    assert_eq!(s["title"], "New title");
    assert_eq!(s["slug"], "new-slug");
    assert_eq!(s["seo"]["meta_title"], "SEO title");
    assert_eq!(s["seo"]["meta_description"], "About it");
    assert_eq!(s["seo"]["noindex"], true);
    // Only what is sent changes.
    let res = app
        .patch_json(&format!("/api/v1/pages/{id}"), &json!({"title": "Third"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, doc) = app.draft(&id).await;
    assert_eq!(doc["settings"]["title"], "Third");
    assert_eq!(doc["settings"]["slug"], "new-slug");
    assert_eq!(doc["settings"]["seo"]["meta_title"], "SEO title");
}

async fn patch_slug_moves_a_published_page_at_once(app: TestApp) {
    let id = app.create_blank("Moving", "before-move").await;
    app.publish(&id).await;
    assert_eq!(app.public("/before-move").await.status(), StatusCode::OK);
    let res = app
        .patch_json(
            &format!("/api/v1/pages/{id}"),
            &json!({"slug": "after-move"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.public("/before-move").await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app.public("/after-move").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Moving"));
    // The old slug is free again.
    app.create_blank("Newcomer", "before-move").await;
}

async fn delete_removes_the_page_and_its_edge_route(app: TestApp) {
    let draft_only = app.create_blank("Draft only", "draft-only").await;
    let res = app.delete(&format!("/api/v1/pages/{draft_only}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.bytes().await.unwrap().is_empty());
    common::problem(app.get(&format!("/api/v1/pages/{draft_only}")).await, 404).await;
    common::problem(
        app.delete(&format!("/api/v1/pages/{draft_only}")).await,
        404,
    )
    .await;

    let live = app.create_blank("Live", "live-page").await;
    app.publish(&live).await;
    assert_eq!(app.public("/live-page").await.status(), StatusCode::OK);
    let res = app.delete(&format!("/api/v1/pages/{live}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.public("/live-page").await.status(),
        StatusCode::NOT_FOUND
    );
    common::problem(
        app.get(&format!("/api/v1/pages/{live}/versions")).await,
        404,
    )
    .await;
    let pages: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(pages["total"], 0);
}

fn without_title_and_slug(mut doc: Value) -> Value {
    let s = doc["settings"].as_object_mut().unwrap();
    s.remove("title");
    s.remove("slug");
    doc
}

async fn duplicate_copies_the_draft_with_a_free_slug(app: TestApp) {
    let page = app.create_page("Offer", "offer", "saas").await;
    let id = page["id"].as_str().unwrap();
    let res = app.post(&format!("/api/v1/pages/{id}/duplicate")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = header(res.headers(), "location");
    let copy: Value = res.json().await.unwrap();
    let copy_id = copy["id"].as_str().unwrap();
    assert_ne!(copy_id, id);
    assert_eq!(location, format!("/api/v1/pages/{copy_id}"));
    assert_eq!(copy["slug"], "offer-copy");
    assert_eq!(copy["status"], "draft");
    assert_ne!(copy["title"], page["title"]);

    let second: Value = app
        .post(&format!("/api/v1/pages/{id}/duplicate"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["slug"], "offer-copy-2");
    assert_ne!(second["id"], copy["id"]);

    let (_, original) = app.draft(id).await;
    let (_, copied) = app.draft(copy_id).await;
    assert_eq!(copied["settings"]["slug"], "offer-copy");
    assert_eq!(copied["settings"]["title"], copy["title"]);
    assert_eq!(
        without_title_and_slug(copied),
        without_title_and_slug(original)
    );

    // An explicit title and slug.
    let res = app
        .post_json(
            &format!("/api/v1/pages/{id}/duplicate"),
            &json!({"title": "Variant B", "slug": "offer-b"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let b: Value = res.json().await.unwrap();
    assert_eq!(
        (b["title"].as_str(), b["slug"].as_str()),
        (Some("Variant B"), Some("offer-b"))
    );
}

async fn draft_revisions_and_etags(app: TestApp) {
    let id = app.create_blank("Drafty", "drafty").await;
    let res = app.get(&format!("/api/v1/pages/{id}/draft")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), "etag"), "\"1\"");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["revision"], 1);
    assert_eq!(body["doc"]["settings"]["title"], "Drafty");

    let mut doc = simple_doc("Drafty, edited");
    doc["sections"][0]["blocks"][0]["props"]["text"] = json!("An edited heading");
    let res = app.put_draft(&id, 1, &doc).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), "etag"), "\"2\"");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["revision"], 2);

    let res = app.get(&format!("/api/v1/pages/{id}/draft")).await;
    assert_eq!(header(res.headers(), "etag"), "\"2\"");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["revision"], 2);
    assert_eq!(body["doc"]["settings"]["title"], "Drafty, edited");
    assert_eq!(
        body["doc"]["settings"]["slug"], "drafty",
        "the slug is kept"
    );
    assert_eq!(
        body["doc"]["sections"][0]["blocks"][0]["props"]["text"],
        "An edited heading"
    );
    // The page follows the draft's title.
    let page: Value = app
        .get(&format!("/api/v1/pages/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["title"], "Drafty, edited");
    assert_eq!(page["draft_revision"], 2);
}

async fn render_preview_returns_html(app: TestApp) {
    let res = app
        .post_json("/api/v1/render", &simple_doc("Preview title 7f3a"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        header(res.headers(), "content-type").starts_with("text/html"),
        "{:?}",
        res.headers()
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Preview title 7f3a"), "{html}");
    assert!(html.to_ascii_lowercase().starts_with("<!doctype html>"));
    // Nothing was stored.
    let pages: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert_eq!(pages["total"], 0);
}

async fn health_and_readiness(app: TestApp) {
    let res = app.public("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.public("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "ok", "{body}");
    assert_eq!(body["status"], "ready", "{body}");
}

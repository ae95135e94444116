//! The audit log through the API: every change is recorded with who, which token, what, when
//! and from where; refusals are recorded too; only admins read it; nothing can change it.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, problem};
use lander_store::Role;
use reqwest::Method;
use serde_json::Value;

on_both_backends!(changes_and_refusals_are_audited, the_audit_log_is_read_only);

async fn log(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/audit{query}")).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

async fn changes_and_refusals_are_audited(app: TestApp) {
    let id = app.create_blank("Audited", "audited").await;
    app.publish(&id).await;
    let res = app.post(&format!("/api/v1/pages/{id}/unpublish")).await;
    assert_eq!(res.status(), 200);
    let res = app.delete(&format!("/api/v1/pages/{id}")).await;
    assert_eq!(res.status(), 204);

    let entries = log(&app, "").await;
    let actions: Vec<_> = entries
        .iter()
        .rev()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // The test's user and token were created by the operator (CLI path) before anything else:
    // the account (its own act, so its actor) became owner of the default workspace.
    let token_create = entries
        .iter()
        .find(|e| e["action"] == "token.create")
        .unwrap();
    assert_eq!(token_create["user_agent"], "lander-cli");
    assert!(token_create["actor_account_id"].is_null());
    assert_eq!(
        actions,
        [
            "account.create",
            "member.set",
            "token.create",
            "page.create",
            "page.publish",
            "page.unpublish",
            "page.delete"
        ]
    );
    for e in entries
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("page."))
    {
        assert_eq!(e["outcome"], "ok");
        assert_eq!(e["actor_email"], common::EMAIL);
        assert!(e["actor_token_id"].is_string());
        assert_eq!(e["ip"], "127.0.0.1");
        assert!(e["user_agent"].is_string() || e["user_agent"].is_null());
        assert!(e["target_id"].as_str().unwrap().starts_with(&id));
    }
    assert_eq!(
        entries[2]["target_id"],
        format!("{id}@1"),
        "a publish names its version"
    );

    // A viewer's attempt to publish is refused and recorded as such.
    let page = app.create_blank("Target", "target").await;
    let viewer = app
        .add_member("viewer@example.com", Role::Viewer, None)
        .await;
    let res = app
        .request_as(
            &viewer,
            Method::POST,
            &format!("/api/v1/pages/{page}/publish"),
        )
        .header("user-agent", "curious-viewer/1.0")
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    let denied = log(&app, "?outcome=denied").await;
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0]["action"], "pages.publish");
    assert_eq!(denied[0]["actor_email"], "viewer@example.com");
    assert_eq!(denied[0]["target_id"], page);
    assert_eq!(denied[0]["user_agent"], "curious-viewer/1.0");

    // Filters.
    assert_eq!(log(&app, "?action=page.publish").await.len(), 1);
    assert_eq!(log(&app, "?limit=2").await.len(), 2);
    let maya = entries[0]["actor_account_id"].as_str().unwrap().to_string();
    assert_eq!(
        log(&app, &format!("?actor={maya}")).await.len(),
        7,
        "four changes, a page create, and the account's creation and membership"
    );
    let res = app.get("/api/v1/audit?outcome=maybe&limit=0").await;
    let body = problem(res, 422).await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
}

async fn the_audit_log_is_read_only(app: TestApp) {
    app.create_blank("One", "one").await;
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let res = app
            .request(method.clone(), "/api/v1/audit")
            .send()
            .await
            .unwrap();
        problem(res, 405).await;
    }
    assert_eq!(log(&app, "").await.len(), 4, "nothing was removed or added");
    // Publishers cannot read it; admins can.
    let publisher = app
        .add_member("pub@example.com", Role::Publisher, None)
        .await;
    let res = app
        .request_as(&publisher, Method::GET, "/api/v1/audit")
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    let admin = app.add_member("admin@example.com", Role::Admin, None).await;
    let res = app
        .request_as(&admin, Method::GET, "/api/v1/audit")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

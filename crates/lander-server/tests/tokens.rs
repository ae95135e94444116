//! API tokens through the API: created by admins at a role no higher than their own, shown once,
//! listed without secrets, expiring, and revoked at once; another workspace's tokens are
//! invisible.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, invalid_at, problem};
use lander_store::Role;
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends!(tokens_are_created_listed_and_revoked, token_rules);

async fn status_with(app: &TestApp, token: &str) -> u16 {
    let res = app
        .request_as(token, Method::GET, "/api/v1/workspace")
        .send()
        .await
        .unwrap();
    res.status().as_u16()
}

async fn tokens_are_created_listed_and_revoked(app: TestApp) {
    let res = app
        .post_json("/api/v1/tokens", &json!({"name": "ci", "role": "editor"}))
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["token"].as_str().unwrap().to_string();
    assert!(secret.starts_with("lnd_"));
    assert_eq!(created["role"], "editor");
    assert_eq!(status_with(&app, &secret).await, 200);
    let res = app
        .request_as(&secret, Method::GET, "/api/v1/workspace")
        .send()
        .await
        .unwrap();
    let ws: Value = res.json().await.unwrap();
    assert_eq!(ws["role"], "editor", "the token acts at its own role");

    let res = app.get("/api/v1/tokens").await;
    let list: Value = res.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "the test's own token and the new one");
    assert!(
        !serde_json::to_string(list).unwrap().contains("lnd_"),
        "no secrets in lists"
    );
    let id = created["id"].as_str().unwrap();
    assert!(
        list.iter()
            .any(|t| t["id"] == id && t["revoked_at"].is_null())
    );

    let res = app.delete(&format!("/api/v1/tokens/{id}")).await;
    assert_eq!(res.status(), 204);
    assert_eq!(status_with(&app, &secret).await, 401, "revoked at once");
    let res = app.get("/api/v1/tokens").await;
    let list: Value = res.json().await.unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == id && t["revoked_at"].is_string())
    );

    let audit = app.get("/api/v1/audit?action=token.revoke").await;
    let entries: Value = audit.json().await.unwrap();
    assert_eq!(entries["items"].as_array().unwrap().len(), 1);
}

async fn token_rules(app: TestApp) {
    // An admin cannot mint an owner token.
    let admin = app.add_member("admin@example.com", Role::Admin, None).await;
    let res = app
        .request_as(&admin, Method::POST, "/api/v1/tokens")
        .json(&json!({"name": "too much", "role": "owner"}))
        .send()
        .await
        .unwrap();
    invalid_at(res, "/role").await;
    for (body, pointer) in [
        (json!({"name": ""}), "/name"),
        (json!({"name": "x", "role": "boss"}), "/role"),
        (
            json!({"name": "x", "expires_at": "2001-01-01T00:00:00Z"}),
            "/expires_at",
        ),
        (
            json!({"name": "x", "expires_at": "tomorrow"}),
            "/expires_at",
        ),
    ] {
        invalid_at(app.post_json("/api/v1/tokens", &body).await, pointer).await;
    }

    // A token with an expiry works until then.
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"name": "short", "expires_at": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["expires_at"], "2099-01-01T00:00:00Z");
    assert_eq!(
        status_with(&app, created["token"].as_str().unwrap()).await,
        200
    );

    // Tokens of another workspace cannot be seen or revoked.
    let other = app.create_workspace("Elsewhere").await;
    let stranger = app
        .add_member("owner@elsewhere.example", Role::Owner, Some(other))
        .await;
    let res = app
        .request_as(&stranger, Method::GET, "/api/v1/tokens")
        .send()
        .await
        .unwrap();
    let theirs: Value = res.json().await.unwrap();
    assert_eq!(theirs.as_array().unwrap().len(), 1, "only their own token");
    let id = created["id"].as_str().unwrap();
    let res = app
        .request_as(&stranger, Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
    assert_eq!(
        status_with(&app, created["token"].as_str().unwrap()).await,
        200
    );
    let res = app.delete("/api/v1/tokens/not-a-uuid").await;
    problem(res, 404).await;
}

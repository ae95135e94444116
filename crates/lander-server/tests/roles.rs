//! The whole role x operation matrix, through the real HTTP API: every role tries every
//! workspace API operation (pages, publishing, assets, tokens, audit, members, invitations,
//! transfer and deletion) and is allowed (2xx) or refused (403 problem) exactly as the table
//! below says. The table is written out here, independently of the policy code, so a change to
//! the policy shows up as a failing cell. Account actions of a signed-in browser (sessions,
//! password, export) depend on no role and are tested in sessions.rs and email_flows.rs. Also:
//! another workspace's pages are invisible (404).
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, problem, simple_doc};
use lander_store::Role;
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends!(
    every_role_times_every_operation,
    other_workspaces_are_invisible
);

/// One API operation: how to call it on a page, and the least role that may.
struct Op {
    name: &'static str,
    method: Method,
    path: &'static str,
    body: fn(&str) -> Option<Value>,
    min_role: Role,
    /// Changes the page, so it gets a fresh one.
    mutates: bool,
}

/// Operations on the workspace itself (transfer, delete) run in a fresh workspace per cell, so
/// the shared one survives the matrix.
fn on_fresh_workspace(op: &Op) -> bool {
    op.path == "/api/v1/workspace" && op.method != Method::GET
        || op.path == "/api/v1/workspace/transfer"
}

fn none(_: &str) -> Option<Value> {
    None
}

fn ops() -> Vec<Op> {
    let op = |name, method, path, body, min_role, mutates| Op {
        name,
        method,
        path,
        body,
        min_role,
        mutates,
    };
    use Method as M;
    use Role::*;
    vec![
        op(
            "list templates",
            M::GET,
            "/api/v1/templates",
            none,
            Viewer,
            false,
        ),
        op(
            "get template",
            M::GET,
            "/api/v1/templates/saas",
            none,
            Viewer,
            false,
        ),
        op(
            "preview template",
            M::GET,
            "/api/v1/templates/saas/preview",
            none,
            Viewer,
            false,
        ),
        op(
            "get workspace",
            M::GET,
            "/api/v1/workspace",
            none,
            Viewer,
            false,
        ),
        op("list pages", M::GET, "/api/v1/pages", none, Viewer, false),
        op(
            "create page",
            M::POST,
            "/api/v1/pages",
            |tag| Some(json!({"title": "New", "slug": format!("new-{tag}")})),
            Editor,
            false,
        ),
        op(
            "get page",
            M::GET,
            "/api/v1/pages/{id}",
            none,
            Viewer,
            false,
        ),
        op(
            "update page",
            M::PATCH,
            "/api/v1/pages/{id}",
            |_| Some(json!({"title": "Renamed"})),
            Editor,
            true,
        ),
        op(
            "delete page",
            M::DELETE,
            "/api/v1/pages/{id}",
            none,
            Publisher,
            true,
        ),
        op(
            "duplicate page",
            M::POST,
            "/api/v1/pages/{id}/duplicate",
            none,
            Editor,
            false,
        ),
        op(
            "get draft",
            M::GET,
            "/api/v1/pages/{id}/draft",
            none,
            Viewer,
            false,
        ),
        op(
            "put draft",
            M::PUT,
            "/api/v1/pages/{id}/draft",
            |_| Some(simple_doc("Edited")),
            Editor,
            true,
        ),
        op(
            "publish",
            M::POST,
            "/api/v1/pages/{id}/publish",
            none,
            Publisher,
            true,
        ),
        op(
            "unpublish",
            M::POST,
            "/api/v1/pages/{id}/unpublish",
            none,
            Publisher,
            true,
        ),
        op(
            "rollback",
            M::POST,
            "/api/v1/pages/{id}/rollback",
            |_| Some(json!({"version": 1})),
            Publisher,
            true,
        ),
        op(
            "list versions",
            M::GET,
            "/api/v1/pages/{id}/versions",
            none,
            Viewer,
            false,
        ),
        op(
            "get version",
            M::GET,
            "/api/v1/pages/{id}/versions/1",
            none,
            Viewer,
            false,
        ),
        op(
            "get version html",
            M::GET,
            "/api/v1/pages/{id}/versions/1/html",
            none,
            Viewer,
            false,
        ),
        op(
            "read audit log",
            M::GET,
            "/api/v1/audit",
            none,
            Admin,
            false,
        ),
        op(
            "create token",
            M::POST,
            "/api/v1/tokens",
            |_| Some(json!({"name": "matrix", "role": "viewer"})),
            Admin,
            false,
        ),
        op("list tokens", M::GET, "/api/v1/tokens", none, Admin, false),
        op(
            "revoke token",
            M::DELETE,
            "/api/v1/tokens/{token}",
            none,
            Admin,
            true,
        ),
        op(
            "render preview",
            M::POST,
            "/api/v1/render",
            |_| Some(simple_doc("Preview")),
            Editor,
            false,
        ),
        op(
            "list members",
            M::GET,
            "/api/v1/members",
            none,
            Admin,
            false,
        ),
        op(
            "change a member's role",
            M::PATCH,
            "/api/v1/members/{member}",
            |_| Some(json!({"role": "editor"})),
            Admin,
            false,
        ),
        op(
            "remove a member",
            M::DELETE,
            "/api/v1/members/{member}",
            none,
            Admin,
            false,
        ),
        op(
            "invite",
            M::POST,
            "/api/v1/invitations",
            |tag| Some(json!({"email": format!("invitee-{tag}@example.com"), "role": "viewer"})),
            Admin,
            false,
        ),
        op(
            "list invitations",
            M::GET,
            "/api/v1/invitations",
            none,
            Admin,
            false,
        ),
        op(
            "withdraw an invitation",
            M::DELETE,
            "/api/v1/invitations/{invite}",
            none,
            Admin,
            false,
        ),
        op(
            "upload an asset",
            M::POST,
            "/api/v1/assets",
            none,
            Editor,
            false,
        ),
        op("list assets", M::GET, "/api/v1/assets", none, Viewer, false),
        op(
            "read an asset",
            M::GET,
            "/api/v1/assets/{asset}",
            none,
            Viewer,
            false,
        ),
        op(
            "delete an asset",
            M::DELETE,
            "/api/v1/assets/{asset}",
            none,
            Editor,
            false,
        ),
        op(
            "transfer the workspace",
            M::POST,
            "/api/v1/workspace/transfer",
            |_| None,
            Owner,
            false,
        ),
        op(
            "delete the workspace",
            M::DELETE,
            "/api/v1/workspace",
            none,
            Owner,
            false,
        ),
    ]
}

async fn every_role_times_every_operation(app: TestApp) {
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let email = format!("{role}@example.com");
        tokens.push((role, app.add_member(&email, role, None).await));
    }
    // A published page the read-only operations share.
    let shared = app.create_blank("Shared", "shared").await;
    app.publish(&shared).await;

    let ops = ops();
    assert_eq!(
        ops.len(),
        35,
        "every workspace API operation is in the matrix"
    );
    let mut cells = 0;
    for (r, (role, token)) in tokens.iter().enumerate() {
        for (o, op) in ops.iter().enumerate() {
            let id = if op.mutates {
                let id = app.create_blank("Target", &format!("t-{r}-{o}")).await;
                app.publish(&id).await;
                id
            } else {
                shared.clone()
            };
            let tag = format!("{r}-{o}");
            let mut body = (op.body)(&tag);
            let mut caller = token.clone();
            if on_fresh_workspace(op) {
                // A workspace of its own: an owner, the caller at its role, and a member to
                // hand it to.
                let ws = app.create_workspace(&format!("Cell {tag}")).await;
                app.add_member(&format!("keeper-{tag}@example.com"), Role::Owner, Some(ws))
                    .await;
                caller = app
                    .add_member(&format!("{role}-{tag}@example.com"), *role, Some(ws))
                    .await;
                let heir = format!("heir-{tag}@example.com");
                app.add_member(&heir, Role::Admin, Some(ws)).await;
                let heir_id = account_id(&app, &heir).await;
                if op.path.ends_with("/transfer") {
                    body = Some(json!({"account_id": heir_id}));
                }
            }
            let mut path = op.path.replace("{id}", &id);
            if path.contains("{member}") {
                // A viewer for the caller to change or remove.
                let victim = format!("member-{tag}@example.com");
                app.add_member(&victim, Role::Viewer, None).await;
                path = path.replace("{member}", &account_id(&app, &victim).await);
            }
            if path.contains("{invite}") {
                let res = app
                    .post_json(
                        "/api/v1/invitations",
                        &json!({"email": format!("pending-{tag}@example.com"), "role": "viewer"}),
                    )
                    .await;
                assert_eq!(res.status(), 201);
                let created: Value = res.json().await.unwrap();
                path = path.replace("{invite}", created["id"].as_str().unwrap());
            }
            if path.contains("{token}") {
                // A token of the workspace for the caller to revoke, created by the owner.
                let res = app
                    .post_json("/api/v1/tokens", &json!({"name": format!("victim-{tag}")}))
                    .await;
                assert_eq!(res.status(), 201);
                let created: Value = res.json().await.unwrap();
                path = path.replace("{token}", created["id"].as_str().unwrap());
            }
            if path.contains("{asset}") {
                // An unused asset of the workspace, uploaded by the owner.
                let res = app
                    .upload("cell.png", &common::png(20, 20, (r * 40 + o) as u8))
                    .await;
                assert_eq!(res.status(), 201);
                let created: Value = res.json().await.unwrap();
                path = path.replace("{asset}", created["id"].as_str().unwrap());
            }
            let mut req = app.request_as(&caller, op.method.clone(), &path);
            if let Some(body) = body {
                req = req.json(&body);
            }
            if op.method == Method::POST && path == "/api/v1/assets" {
                let (ct, body) = common::multipart_file("upload.png", &common::png(16, 16, 99));
                req = req.header("content-type", ct).body(body);
            }
            let res = req.send().await.unwrap();
            let status = res.status();
            if *role >= op.min_role {
                assert!(
                    status.is_success(),
                    "{role} may {}: expected 2xx, got {status}: {}",
                    op.name,
                    res.text().await.unwrap()
                );
            } else {
                let body = problem(res, 403).await;
                assert_eq!(
                    body["type"], "urn:lander:problem:forbidden",
                    "{role} {}",
                    op.name
                );
                assert!(
                    body["detail"]
                        .as_str()
                        .unwrap()
                        .contains(op.min_role.as_str()),
                    "the refusal names the role needed: {body}"
                );
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 5 * 35);

    // The workspace endpoint reports each token's effective role.
    for (role, token) in &tokens {
        let res = app
            .request_as(token, Method::GET, "/api/v1/workspace")
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["role"], role.as_str());
        assert_eq!(body["id"], lander_store::DEFAULT_WORKSPACE_ID.to_string());
    }
}

/// The account id of an e-mail address, read from the database.
async fn account_id(app: &TestApp, email: &str) -> String {
    let url = app.db.lock().unwrap().as_ref().unwrap().url.clone();
    let store = lander_store::connect(&url).await.unwrap();
    let id = store.account_by_email(email).await.unwrap().id;
    store.close().await;
    id.to_string()
}

async fn other_workspaces_are_invisible(app: TestApp) {
    let page = app.create_blank("Ours", "ours").await;
    app.publish(&page).await;
    let other = app.create_workspace("Another company").await;
    let stranger = app
        .add_member("owner@another.example", Role::Owner, Some(other))
        .await;

    // Their list is empty; our page is "not found" for every operation on it.
    let res = app
        .request_as(&stranger, Method::GET, "/api/v1/pages")
        .send()
        .await
        .unwrap();
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["total"], 0);
    for op in ops().iter().filter(|op| op.path.contains("{id}")) {
        let mut req = app.request_as(
            &stranger,
            op.method.clone(),
            &op.path.replace("{id}", &page),
        );
        if let Some(body) = (op.body)("x") {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let body = problem(res, 404).await;
        assert!(
            body["detail"].as_str().unwrap().contains("no page"),
            "{}: same answer as a page that does not exist: {body}",
            op.name
        );
    }
    // The page is untouched and still live.
    let res = app.public("/ours").await;
    assert_eq!(res.status(), 200);
    let res = app.get(&format!("/api/v1/pages/{page}")).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "Ours");

    // Pages they create are theirs, and invisible to us.
    let res = app
        .request_as(&stranger, Method::POST, "/api/v1/pages")
        .json(&json!({"title": "Theirs", "slug": "theirs"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let theirs: Value = res.json().await.unwrap();
    let res = app
        .get(&format!("/api/v1/pages/{}", theirs["id"].as_str().unwrap()))
        .await;
    problem(res, 404).await;
    let res = app.get("/api/v1/pages").await;
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["total"], 1, "only our page");
}

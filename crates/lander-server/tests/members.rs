//! Members, workspaces and privacy through the HTTP API: roles and who may change them, the
//! last owner, transfer, leaving, deleting a workspace (its pages go offline), workspaces made
//! by a signed-in browser, and a user's export and deletion of their account.
#![allow(clippy::unwrap_used)]

mod common;

use common::{EMAIL, PASSWORD, TestApp, invalid_at, problem};
use lander_store::Role;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    roles_and_the_last_owner,
    transfer_then_the_old_owner_can_go,
    deleting_a_workspace_takes_its_pages_offline,
    a_signed_in_user_creates_workspaces,
    export_and_delete_an_account,
);

/// Asserts a problem with this status and `urn:lander:problem:{kind}`; returns it.
async fn problem_of(res: Response, status: u16, kind: &str) -> Value {
    let body = problem(res, status).await;
    assert_eq!(body["type"], format!("urn:lander:problem:{kind}"), "{body}");
    body
}

/// The workspace's members as (email, role), oldest first, read with `token`.
async fn members(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let res = app
        .request_as(token, Method::GET, "/api/v1/members")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_string(),
                m["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The account id of the member with `email`, read with the app's (owner) token.
async fn member_id(app: &TestApp, email: &str) -> String {
    let list: Value = app.get("/api/v1/members").await.json().await.unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("{email} is not a member: {list}"))["account_id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn pair(email: &str, role: &str) -> (String, String) {
    (email.to_string(), role.to_string())
}

async fn set_role(app: &TestApp, token: &str, id: &str, role: &str) -> Response {
    app.request_as(token, Method::PATCH, &format!("/api/v1/members/{id}"))
        .json(&json!({"role": role}))
        .send()
        .await
        .unwrap()
}

async fn remove(app: &TestApp, token: &str, id: &str) -> Response {
    app.request_as(token, Method::DELETE, &format!("/api/v1/members/{id}"))
        .send()
        .await
        .unwrap()
}

async fn roles_and_the_last_owner(app: TestApp) {
    let admin = app.add_member("ada@example.com", Role::Admin, None).await;
    let editor = app.add_member("ed@example.com", Role::Editor, None).await;
    assert_eq!(
        members(&app, &app.token).await,
        [
            pair(EMAIL, "owner"),
            pair("ada@example.com", "admin"),
            pair("ed@example.com", "editor"),
        ]
    );
    let list: Value = app.get("/api/v1/members").await.json().await.unwrap();
    assert!(list[0]["account_id"].is_string() && list[0]["joined_at"].is_string());
    let maya = member_id(&app, EMAIL).await;
    let ada = member_id(&app, "ada@example.com").await;
    let ed = member_id(&app, "ed@example.com").await;

    // The owner changes a role.
    assert_eq!(
        set_role(&app, &app.token, &ed, "publisher").await.status(),
        204
    );
    assert_eq!(
        members(&app, &app.token).await[2],
        pair("ed@example.com", "publisher")
    );

    // An admin neither grants a role above theirs nor touches an owner; both are audited.
    problem_of(set_role(&app, &admin, &ed, "owner").await, 403, "forbidden").await;
    problem_of(
        set_role(&app, &admin, &maya, "viewer").await,
        403,
        "forbidden",
    )
    .await;
    problem_of(remove(&app, &admin, &maya).await, 403, "forbidden").await;
    let log: Value = app
        .get("/api/v1/audit?outcome=denied")
        .await
        .json()
        .await
        .unwrap();
    let denied: Vec<_> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor_email"].as_str().unwrap(),
                e["target_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        denied,
        [
            ("member.remove", "ada@example.com", maya.as_str()),
            ("member.set", "ada@example.com", maya.as_str()),
            ("member.set", "ada@example.com", ed.as_str()),
        ]
    );
    // Within their own role they may.
    assert_eq!(set_role(&app, &admin, &ed, "viewer").await.status(), 204);
    assert_eq!(set_role(&app, &admin, &ada, "admin").await.status(), 204);

    // An editor (now a viewer) cannot even list the members.
    problem_of(
        app.request_as(&editor, Method::GET, "/api/v1/members")
            .send()
            .await
            .unwrap(),
        403,
        "forbidden",
    )
    .await;

    // Not a role; not a member.
    invalid_at(set_role(&app, &app.token, &ed, "boss").await, "/role").await;
    let stranger = uuid::Uuid::new_v4().to_string();
    problem_of(
        set_role(&app, &app.token, &stranger, "viewer").await,
        404,
        "not-found",
    )
    .await;
    problem_of(
        set_role(&app, &app.token, "not-a-uuid", "viewer").await,
        404,
        "not-found",
    )
    .await;
    problem_of(remove(&app, &app.token, &stranger).await, 404, "not-found").await;

    // The last owner can be neither demoted nor removed.
    let body = problem_of(
        set_role(&app, &app.token, &maya, "admin").await,
        409,
        "conflict",
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("owner"), "{body}");
    problem_of(remove(&app, &app.token, &maya).await, 409, "conflict").await;
    // With a second owner, the first may step down.
    assert_eq!(
        set_role(&app, &app.token, &ada, "owner").await.status(),
        204
    );
    assert_eq!(
        set_role(&app, &app.token, &maya, "admin").await.status(),
        204
    );
    assert_eq!(
        members(&app, &app.token).await,
        [
            pair(EMAIL, "admin"),
            pair("ada@example.com", "owner"),
            pair("ed@example.com", "viewer"),
        ]
    );
}

async fn transfer_then_the_old_owner_can_go(app: TestApp) {
    let admin = app.add_member("ada@example.com", Role::Admin, None).await;
    let editor = app.add_member("ed@example.com", Role::Editor, None).await;
    let maya = member_id(&app, EMAIL).await;
    let ada = member_id(&app, "ada@example.com").await;
    let ed = member_id(&app, "ed@example.com").await;
    let transfer = |token: &str, to: &str| {
        app.request_as(token, Method::POST, "/api/v1/workspace/transfer")
            .json(&json!({"account_id": to}))
            .send()
    };

    // Only the owner transfers, and only to a member.
    problem_of(transfer(&admin, &ada).await.unwrap(), 403, "forbidden").await;
    let stranger = uuid::Uuid::new_v4().to_string();
    problem_of(
        transfer(&app.token, &stranger).await.unwrap(),
        404,
        "not-found",
    )
    .await;
    assert_eq!(transfer(&app.token, &ada).await.unwrap().status(), 204);
    assert_eq!(
        members(&app, &app.token).await,
        [
            pair(EMAIL, "admin"),
            pair("ada@example.com", "owner"),
            pair("ed@example.com", "editor"),
        ]
    );
    let log: Value = app
        .get("/api/v1/audit?action=workspace.transfer")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"][0]["target_id"], ada.as_str());

    // The old owner is an admin now: no more deleting the workspace.
    problem_of(app.delete("/api/v1/workspace").await, 403, "forbidden").await;

    // The new owner (signed in, so acting with the owner role) removes the old one.
    let new_owner = app.browser();
    new_owner.sign_in("ada@example.com", PASSWORD).await;
    let res = new_owner
        .send(Method::DELETE, &format!("/api/v1/members/{maya}"), None)
        .await;
    assert_eq!(res.status(), 204);
    // Removal revokes the member's tokens here.
    problem_of(app.get("/api/v1/pages").await, 401, "unauthorized").await;

    // A member leaves by removing themself.
    assert_eq!(remove(&app, &editor, &ed).await.status(), 204);
    problem_of(
        app.request_as(&editor, Method::GET, "/api/v1/pages")
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let res = new_owner.get("/api/v1/members").await;
    let list: Value = res.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["email"], "ada@example.com");
    // ...but the last owner cannot leave.
    let res = new_owner
        .send(Method::DELETE, &format!("/api/v1/members/{ada}"), None)
        .await;
    problem_of(res, 409, "conflict").await;
}

async fn deleting_a_workspace_takes_its_pages_offline(app: TestApp) {
    let ws = app.create_workspace("Side project").await;
    let owner = app
        .add_member("olga@example.com", Role::Owner, Some(ws))
        .await;
    let admin = app
        .add_member("ada@example.com", Role::Admin, Some(ws))
        .await;

    let res = app
        .request_as(&owner, Method::POST, "/api/v1/pages")
        .json(&json!({"title": "Side launch", "slug": "side-launch", "template": "blank"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let page: Value = res.json().await.unwrap();
    let res = app
        .request_as(
            &owner,
            Method::POST,
            &format!("/api/v1/pages/{}/publish", page["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(app.public("/side-launch").await.status(), 200);
    let main = app.create_blank("Main launch", "main-launch").await;
    app.publish(&main).await;

    // Only the owner deletes a workspace.
    let res = app
        .request_as(&admin, Method::DELETE, "/api/v1/workspace")
        .send()
        .await
        .unwrap();
    problem_of(res, 403, "forbidden").await;
    assert_eq!(app.public("/side-launch").await.status(), 200);

    let res = app
        .request_as(&owner, Method::DELETE, "/api/v1/workspace")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Its pages are gone from the edge at once; other workspaces' pages stay.
    assert_eq!(app.public("/side-launch").await.status(), 404);
    assert_eq!(app.public("/main-launch").await.status(), 200);
    // Its tokens went with it.
    let res = app
        .request_as(&owner, Method::GET, "/api/v1/pages")
        .send()
        .await
        .unwrap();
    problem_of(res, 401, "unauthorized").await;
    // The accounts remain, in no workspace.
    let olga = app.browser();
    let session = olga.sign_in("olga@example.com", PASSWORD).await;
    assert_eq!(session["workspaces"], json!([]));
    problem_of(olga.get("/api/v1/pages").await, 403, "forbidden").await;
    // The deletion is recorded as hers (the token it was made with went with the workspace).
    let export: Value = olga
        .get("/api/v1/account/export")
        .await
        .json()
        .await
        .unwrap();
    let deleted = export["activity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "workspace.delete")
        .unwrap_or_else(|| panic!("no workspace.delete in {export}"));
    assert_eq!(deleted["target_id"], ws.to_string());
    assert_eq!(deleted["actor_email"], "olga@example.com");
    assert!(deleted["actor_token_id"].is_null());
    assert_eq!(members(&app, &app.token).await, [pair(EMAIL, "owner")]);
}

async fn a_signed_in_user_creates_workspaces(app: TestApp) {
    let browser = app.browser();
    let session = browser.sign_in(EMAIL, PASSWORD).await;
    let default = session["workspaces"][0].clone();

    let res = browser
        .post("/api/v1/workspaces", &json!({"name": "  Launch team "}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["name"], "Launch team");
    assert_eq!(created["role"], "owner");
    assert_ne!(created["id"], default["id"]);

    let res = browser.get("/api/v1/workspaces").await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list, json!([default, created]));

    // The creator is its only member, as owner.
    let res = browser
        .request(Method::GET, "/api/v1/members")
        .header("lander-workspace", created["id"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let members: Value = res.json().await.unwrap();
    assert_eq!(members.as_array().unwrap().len(), 1, "{members}");
    assert_eq!(members[0]["email"], EMAIL);
    assert_eq!(members[0]["role"], "owner");

    // Bad names; API tokens (one workspace each) cannot create or list workspaces.
    for name in ["", "   ", &"x".repeat(101)] {
        let res = browser
            .post("/api/v1/workspaces", &json!({"name": name}))
            .await;
        invalid_at(res, "/name").await;
    }
    problem_of(app.get("/api/v1/workspaces").await, 403, "forbidden").await;
    let res = app
        .post_json("/api/v1/workspaces", &json!({"name": "By token"}))
        .await;
    problem_of(res, 403, "forbidden").await;
    // Without the CSRF token a browser cannot either.
    browser.forget_csrf();
    let res = browser
        .post("/api/v1/workspaces", &json!({"name": "Forged"}))
        .await;
    problem_of(res, 403, "csrf").await;
    let list: Value = browser
        .get("/api/v1/workspaces")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

async fn export_and_delete_an_account(app: TestApp) {
    let maya = app.browser();
    maya.sign_in(EMAIL, PASSWORD).await;

    // The export: an attachment with everything about the account.
    let res = maya.get("/api/v1/account/export").await;
    assert_eq!(res.status(), 200);
    let disposition = common::header(res.headers(), "content-disposition");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(common::header(res.headers(), "cache-control"), "no-store");
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["account"]["email"], EMAIL);
    assert_eq!(export["workspaces"][0]["role"], "owner");
    let sessions = export["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{export}");
    assert_eq!(sessions[0]["current"], true);
    assert_eq!(export["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(export["tokens"][0]["name"], "tests");
    assert!(!export.to_string().contains(&app.token), "no token secrets");
    assert!(
        export["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "session.create"),
        "{export}"
    );
    assert!(export["identities"].as_array().unwrap().is_empty());
    // An API token cannot export the account.
    problem_of(app.get("/api/v1/account/export").await, 403, "forbidden").await;

    // Deleting: the password is checked, and the only owner of a shared workspace stays.
    let delete = |browser: &common::browser::Browser, password: &str| {
        let req = browser
            .request(Method::DELETE, "/api/v1/account")
            .json(&json!({"password": password}));
        async move { req.send().await.unwrap() }
    };
    problem_of(delete(&maya, "not my password!").await, 403, "forbidden").await;
    app.add_member("ed@example.com", Role::Editor, None).await;
    let body = problem_of(delete(&maya, PASSWORD).await, 409, "conflict").await;
    assert!(body["detail"].as_str().unwrap().contains("owner"), "{body}");
    assert_eq!(maya.get("/api/v1/auth/session").await.status(), 200);

    // A member who is not the last owner works a little, then deletes their account.
    let ed = app.browser();
    let session = ed.sign_in("ed@example.com", PASSWORD).await;
    let ed_id = session["account"]["id"].as_str().unwrap().to_string();
    let res = ed
        .request(Method::POST, "/api/v1/pages")
        .header("user-agent", "ed-browser/1.0")
        .json(&json!({"title": "Ed's page", "slug": "eds-page", "template": "blank"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let page: Value = res.json().await.unwrap();
    let page_id = page["id"].as_str().unwrap().to_string();
    let page_created = |log: &Value| {
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "page.create" && e["target_id"] == page_id.as_str())
            .unwrap_or_else(|| panic!("no page.create for {page_id}: {log}"))
            .clone()
    };
    let log: Value = app.get("/api/v1/audit").await.json().await.unwrap();
    let before = page_created(&log);
    assert_eq!(before["actor_account_id"], ed_id.as_str());
    assert_eq!(before["actor_email"], "ed@example.com");
    assert_eq!(before["ip"], "127.0.0.1");
    assert_eq!(before["user_agent"], "ed-browser/1.0");

    let res = delete(&ed, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cookie = common::header(res.headers(), "set-cookie");
    assert!(
        cookie.starts_with("lander_session=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    problem_of(ed.get("/api/v1/auth/session").await, 401, "unauthorized").await;
    let res = app
        .browser()
        .post(
            "/api/v1/auth/signin",
            &json!({"email": "ed@example.com", "password": PASSWORD}),
        )
        .await;
    problem_of(res, 401, "unauthorized").await;

    // The workspace keeps the page and the log keeps the event, without who or from where.
    assert_eq!(members(&app, &app.token).await, [pair(EMAIL, "owner")]);
    assert_eq!(
        app.get(&format!("/api/v1/pages/{page_id}")).await.status(),
        200
    );
    let log: Value = app.get("/api/v1/audit").await.json().await.unwrap();
    let after = page_created(&log);
    assert_eq!(after["id"], before["id"]);
    for field in [
        "actor_account_id",
        "actor_email",
        "actor_token_id",
        "ip",
        "user_agent",
    ] {
        assert!(after[field].is_null(), "{field} in {after}");
    }
    assert!(
        !log.to_string().contains("ed@example.com") && !log.to_string().contains("ed-browser"),
        "{log}"
    );
    // `account.delete` is an account-level entry without an actor: no workspace's log shows it.
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "account.delete"),
        "{log}"
    );

    // Now the only member of her workspace, the owner may delete her account, and the
    // workspace goes with it.
    assert_eq!(delete(&maya, PASSWORD).await.status(), 204);
    problem_of(app.get("/api/v1/pages").await, 401, "unauthorized").await;
    problem_of(maya.get("/api/v1/auth/session").await, 401, "unauthorized").await;
}

//! Browser sessions through the real HTTP API, on SQLite and PostgreSQL: the session cookie and
//! what is stored of it, sign-in answers that do not reveal accounts, CSRF checks (with their
//! audit entries), idle and absolute expiry, sign-out, revoking sessions, password changes
//! ending every session, account actions refused to API tokens, choosing a workspace, the
//! `__Host-` cookie of an HTTPS deployment, and sign-in rate limits with growing delays.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::{Backend, EMAIL, PASSWORD, TestApp, header, invalid_at, problem};
use lander_store::{DEFAULT_WORKSPACE_ID, Role};
use reqwest::{Method, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

on_both_backends!(
    sign_in_sets_an_http_only_cookie_and_stores_only_its_hash,
    wrong_password_and_unknown_email_look_the_same,
    a_session_uses_workspace_apis_with_its_role,
    state_changes_need_origin_and_csrf_token,
    foreign_or_missing_sessions_are_refused,
    sign_out_ends_the_session,
    sessions_are_listed_and_revoked,
    a_password_change_ends_every_session,
    api_tokens_cannot_act_on_the_account,
    the_workspace_is_chosen_per_request_or_per_session,
    repeated_wrong_passwords_are_slowed_down,
    an_unknown_email_is_slowed_down_the_same_way,
);

const EVIL: &str = "https://evil.example";
const NEW_PASSWORD: &str = "tulip orbit cascade 2026";

/// The `Set-Cookie` header of a response (exactly one expected).
fn set_cookie(res: &Response) -> String {
    let all: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
    assert_eq!(all.len(), 1, "one Set-Cookie expected: {all:?}");
    all[0].to_str().unwrap().to_string()
}

/// The value of cookie `name` in a `Set-Cookie` header.
fn cookie_value(set_cookie: &str, name: &str) -> String {
    let first = set_cookie.split(';').next().unwrap();
    let (k, v) = first.split_once('=').unwrap();
    assert_eq!(k, name, "{set_cookie}");
    v.to_string()
}

/// Signs `browser` in, remembering its CSRF token; returns the session view and the
/// `Set-Cookie` header.
async fn sign_in(browser: &Browser, email: &str, password: &str) -> (Value, String) {
    let res = browser
        .post(
            "/api/v1/auth/signin",
            &json!({"email": email, "password": password}),
        )
        .await;
    assert_eq!(res.status(), 200, "sign-in of {email}");
    let cookie = set_cookie(&res);
    let body: Value = res.json().await.unwrap();
    browser.remember(&body);
    (body, cookie)
}

/// A sign-in attempt from a client without cookies or `Origin`.
async fn attempt(app: &TestApp, email: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/v1/auth/signin"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// A request carrying only this session cookie (no jar, no token).
fn with_cookie(app: &TestApp, method: Method, path: &str, cookie: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, app.url(path))
        .header("cookie", cookie)
}

/// The status of `GET /api/v1/auth/session` with this cookie.
async fn session_status(app: &TestApp, cookie: &str) -> u16 {
    with_cookie(app, Method::GET, "/api/v1/auth/session", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Audit entries of the default workspace, read by the owner's API token.
async fn audit(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/audit{query}")).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

fn db_url(app: &TestApp) -> String {
    app.db.lock().unwrap().as_ref().unwrap().url.clone()
}

/// Every stored session token hash.
async fn stored_token_hashes(app: &TestApp) -> Vec<Vec<u8>> {
    let url = db_url(app);
    let sql = "select token_hash from session order by created_at";
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    }
}

/// The stored `last_seen_at` of the (only) session. On SQLite the column is text: it must be
/// RFC 3339, the format the ageing statements below write.
async fn stored_last_seen(app: &TestApp) -> OffsetDateTime {
    let url = db_url(app);
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let raw: String = sqlx::query_scalar("select last_seen_at from session")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        OffsetDateTime::parse(&raw, &Rfc3339).unwrap_or_else(|e| panic!("{raw}: {e}"))
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let t = sqlx::query_scalar("select last_seen_at from session")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        t
    }
}

/// An RFC 3339 timestamp `ago` before now, as an SQL literal both backends read as a time.
fn ago(ago: time::Duration) -> String {
    format!(
        "'{}'",
        (OffsetDateTime::now_utc() - ago).format(&Rfc3339).unwrap()
    )
}

/// Makes the existing account `email` a member of `workspace` with `role`.
async fn join(app: &TestApp, email: &str, workspace: Uuid, role: Role) {
    let store = lander_store::connect(&db_url(app)).await.unwrap();
    let account = store.account_by_email(email).await.unwrap();
    store
        .set_member(workspace, account.id, role, &common::operator())
        .await
        .unwrap();
    store.close().await;
}

fn sha256(s: &str) -> Vec<u8> {
    Sha256::digest(s.as_bytes()).to_vec()
}

fn secs_from_now(rfc3339: &str) -> i64 {
    (OffsetDateTime::parse(rfc3339, &Rfc3339).unwrap() - OffsetDateTime::now_utc()).whole_seconds()
}

async fn sign_in_sets_an_http_only_cookie_and_stores_only_its_hash(app: TestApp) {
    let b1 = app.browser();
    let res = b1
        .post(
            "/api/v1/auth/signin",
            &json!({"email": EMAIL, "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "cache-control"), "no-store");
    let c1 = set_cookie(&res);
    let text = res.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();

    // lander_session=<token>; Path=/; HttpOnly; SameSite=Lax; Max-Age=<14 days>; not Secure
    // over plain http, and no Domain (so it stays on this host).
    let t1 = cookie_value(&c1, "lander_session");
    assert_eq!(
        c1,
        format!("lander_session={t1}; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600")
    );
    assert!(!c1.contains("Secure") && !c1.contains("Domain"), "{c1}");
    // At least 128 bits: 22+ base64url characters (Lander uses 256 bits, 43 characters).
    assert!(t1.len() >= 43, "{t1}");
    assert!(
        t1.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
        "{t1}"
    );
    // The body never carries the session token itself.
    assert!(!text.contains(&t1), "the token leaked into the body");
    assert_eq!(body["account"]["email"], EMAIL);
    assert_eq!(body["account"]["email_verified"], true);
    assert_eq!(body["workspace_id"], DEFAULT_WORKSPACE_ID.to_string());
    assert_eq!(body["workspaces"][0]["role"], "owner");
    let csrf = body["csrf_token"].as_str().unwrap();
    assert!(csrf.len() >= 22 && csrf != t1, "{csrf}");
    let lifetime = secs_from_now(body["expires_at"].as_str().unwrap());
    assert!(
        (14 * 86_400 - 120..=14 * 86_400).contains(&lifetime),
        "{lifetime}"
    );

    // A second sign-in gets another token, another session and another CSRF token.
    let b2 = app.browser();
    let (body2, c2) = sign_in(&b2, EMAIL, PASSWORD).await;
    let t2 = cookie_value(&c2, "lander_session");
    assert_ne!(t1, t2);
    assert_ne!(body["session_id"], body2["session_id"]);
    assert_ne!(body["csrf_token"], body2["csrf_token"]);

    // The database holds SHA-256 hashes of the tokens and never the tokens.
    let hashes = stored_token_hashes(&app).await;
    assert_eq!(hashes, [sha256(&t1), sha256(&t2)]);
    for h in &hashes {
        assert_ne!(h.as_slice(), t1.as_bytes());
        assert_ne!(h.as_slice(), t2.as_bytes());
    }

    // The cookie works, and sign-ins are in the audit log.
    let res = b1.get("/api/v1/auth/session").await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["session_id"], body["session_id"]);
    assert_eq!(again["csrf_token"], body["csrf_token"]);
    let created = audit(&app, "?action=session.create").await;
    assert_eq!(created.len(), 2, "{created:?}");
    assert!(created.iter().all(|e| e["actor_email"] == EMAIL));
}

async fn wrong_password_and_unknown_email_look_the_same(app: TestApp) {
    let member = "vera@example.com";
    app.add_member(member, Role::Viewer, None).await;

    let wrong = attempt(&app, member, "not the right password").await;
    let wrong_auth = header(wrong.headers(), "www-authenticate");
    let wrong = problem(wrong, 401).await;
    let unknown = attempt(&app, "nobody@example.com", "not the right password").await;
    let unknown_auth = header(unknown.headers(), "www-authenticate");
    let unknown = problem(unknown, 401).await;
    assert_eq!(wrong["type"], "urn:lander:problem:unauthorized");
    assert_eq!(wrong["type"], unknown["type"]);
    assert_eq!(wrong["title"], unknown["title"]);
    assert_eq!(wrong["detail"], unknown["detail"]);
    assert_eq!(
        wrong["detail"],
        "the e-mail address or the password is wrong"
    );
    assert_eq!(wrong_auth, unknown_auth);
    // E-mail addresses are matched case-insensitively: no second account hides behind case.
    let res = attempt(&app, "Vera@Example.COM", PASSWORD).await;
    assert_eq!(res.status(), 200);

    // The member's failed attempt is in the workspace's audit log, attributed to the member;
    // the attempt on an unknown address names no one, so it is in no workspace's log.
    let denied = audit(&app, "?action=auth.signin&outcome=denied").await;
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0]["actor_email"], member);
    assert_eq!(denied[0]["target_type"], "account");
    assert_eq!(denied[0]["target_id"], denied[0]["actor_account_id"]);
    assert_eq!(denied[0]["ip"], "127.0.0.1");
}

async fn a_session_uses_workspace_apis_with_its_role(app: TestApp) {
    let owner = app.browser();
    sign_in(&owner, EMAIL, PASSWORD).await;
    let res = owner.get("/api/v1/pages").await;
    assert_eq!(res.status(), 200);
    let res = owner
        .post("/api/v1/pages", &json!({"title": "Hello", "slug": "hello"}))
        .await;
    assert_eq!(res.status(), 201);
    let page: Value = res.json().await.unwrap();
    // The change is attributed to the account, with no token.
    let created = audit(&app, "?action=page.create").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["actor_email"], EMAIL);
    assert!(created[0]["actor_token_id"].is_null());
    assert_eq!(created[0]["target_id"], page["id"]);

    // A viewer signed in may read but not create.
    app.add_member("vera@example.com", Role::Viewer, None).await;
    let viewer = app.browser();
    sign_in(&viewer, "vera@example.com", PASSWORD).await;
    let res = viewer.get("/api/v1/pages").await;
    assert_eq!(res.status(), 200);
    let pages: Value = res.json().await.unwrap();
    assert!(pages.to_string().contains("hello"), "{pages}");
    let res = viewer
        .post("/api/v1/pages", &json!({"title": "Nope", "slug": "nope"}))
        .await;
    let body = problem(res, 403).await;
    assert_eq!(body["type"], "urn:lander:problem:forbidden");
    let res = viewer.get("/api/v1/workspace").await;
    let ws: Value = res.json().await.unwrap();
    assert_eq!(ws["role"], "viewer");
}

async fn state_changes_need_origin_and_csrf_token(app: TestApp) {
    let b = app.browser();
    let (view, _) = sign_in(&b, EMAIL, PASSWORD).await;
    let csrf = view["csrf_token"].as_str().unwrap().to_string();
    let page = |slug: &str| json!({"title": "CSRF", "slug": format!("csrf-{slug}")});
    let csrf_problem = |body: &Value| {
        assert_eq!(body["type"], "urn:lander:problem:csrf", "{body}");
    };

    // No Origin at all (the browser's own client, its cookie jar, the right token).
    let res = b
        .client
        .post(b.url("/api/v1/pages"))
        .header("x-csrf-token", &csrf)
        .json(&page("a"))
        .send()
        .await
        .unwrap();
    let body = problem(res, 403).await;
    csrf_problem(&body);
    assert!(
        body["detail"].as_str().unwrap().contains("Origin header"),
        "{body}"
    );

    // A foreign Origin.
    let res = b
        .client
        .post(b.url("/api/v1/pages"))
        .header("origin", EVIL)
        .header("x-csrf-token", &csrf)
        .json(&page("b"))
        .send()
        .await
        .unwrap();
    let body = problem(res, 403).await;
    csrf_problem(&body);
    assert!(body["detail"].as_str().unwrap().contains(EVIL), "{body}");

    // The right Origin, no token.
    b.forget_csrf();
    let res = b.post("/api/v1/pages", &page("c")).await;
    let body = problem(res, 403).await;
    csrf_problem(&body);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("missing X-CSRF-Token"),
        "{body}"
    );

    // A wrong token, and the token of another session.
    let other = app.browser();
    let (other_view, _) = sign_in(&other, EMAIL, PASSWORD).await;
    for wrong in ["nope", other_view["csrf_token"].as_str().unwrap()] {
        let res = b
            .request(Method::POST, "/api/v1/pages")
            .header("x-csrf-token", wrong)
            .json(&page("d"))
            .send()
            .await
            .unwrap();
        let body = problem(res, 403).await;
        csrf_problem(&body);
        assert!(
            body["detail"].as_str().unwrap().contains("is wrong"),
            "{body}"
        );
    }

    // Account actions are checked too: signing out needs the token.
    let res = b.send(Method::POST, "/api/v1/auth/signout", None).await;
    csrf_problem(&problem(res, 403).await);

    // Reads need no token, from anywhere.
    let res = b.get("/api/v1/pages").await;
    assert_eq!(res.status(), 200);
    let res = b.client.get(b.url("/api/v1/pages")).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // Nothing was created; with the token, it works.
    let pages: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert!(!pages.to_string().contains("CSRF"), "{pages}");
    b.remember(&view);
    let res = b.post("/api/v1/pages", &page("e")).await;
    assert_eq!(res.status(), 201);

    // Every refusal is in the audit log, against the session.
    let refused = audit(&app, "?action=csrf.check").await;
    assert_eq!(refused.len(), 6, "{refused:?}");
    for e in &refused {
        assert_eq!(e["outcome"], "denied");
        assert_eq!(e["actor_email"], EMAIL);
        assert_eq!(e["target_type"], "session");
        assert_eq!(e["target_id"], view["session_id"]);
    }

    // A sign-in form posted from another site is refused, even with the right password.
    let res = app
        .client
        .post(app.url("/api/v1/auth/signin"))
        .header("origin", EVIL)
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("set-cookie").is_none());
    let body = problem(res, 403).await;
    csrf_problem(&body);
    assert!(body["detail"].as_str().unwrap().contains(EVIL), "{body}");
    // Clients that send no Origin (scripts, the CLI) may sign in.
    let res = attempt(&app, EMAIL, PASSWORD).await;
    assert_eq!(res.status(), 200);
}

async fn foreign_or_missing_sessions_are_refused(app: TestApp) {
    // A cookie this server never issued (another deployment's, or made up).
    let forged = format!("lander_session={}", random_token());
    for path in ["/api/v1/pages", "/api/v1/auth/session"] {
        let res = with_cookie(&app, Method::GET, path, &forged)
            .send()
            .await
            .unwrap();
        assert_eq!(header(res.headers(), "www-authenticate"), "Bearer");
        let body = problem(res, 401).await;
        assert_eq!(body["type"], "urn:lander:problem:unauthorized");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("not from this server"),
            "{body}"
        );
    }
    // Nothing at all.
    let res = app.public("/api/v1/pages").await;
    let body = problem(res, 401).await;
    assert!(
        body["detail"].as_str().unwrap().contains("sign in"),
        "{body}"
    );
    let res = app.public("/api/v1/auth/session").await;
    problem(res, 401).await;
    // Another cookie of the same site is not a session.
    let res = with_cookie(&app, Method::GET, "/api/v1/pages", "theme=dark")
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
}

/// 43 random characters of the base64url alphabet, the shape of a real token.
fn random_token() -> String {
    let a = Uuid::new_v4().simple().to_string();
    let b = Uuid::new_v4().simple().to_string();
    format!("{a}{b}")[..43].to_string()
}

async fn sign_out_ends_the_session(app: TestApp) {
    let b = app.browser();
    let (_, c) = sign_in(&b, EMAIL, PASSWORD).await;
    let cookie = format!("lander_session={}", cookie_value(&c, "lander_session"));
    assert_eq!(session_status(&app, &cookie).await, 200);

    let res = b.send(Method::POST, "/api/v1/auth/signout", None).await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        set_cookie(&res),
        "lander_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    );
    // The browser dropped the cookie ...
    let res = b.get("/api/v1/auth/session").await;
    let body = problem(res, 401).await;
    assert_eq!(body["detail"], "sign in first");
    // ... and a copy kept elsewhere no longer works either.
    assert_eq!(session_status(&app, &cookie).await, 401);
    let res = with_cookie(&app, Method::GET, "/api/v1/pages", &cookie)
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
    let revoked = audit(&app, "?action=session.revoke").await;
    assert_eq!(revoked.len(), 1);
}

async fn sessions_are_listed_and_revoked(app: TestApp) {
    let b1 = app.browser();
    let b2 = app.browser();
    let (v1, _) = sign_in(&b1, EMAIL, PASSWORD).await;
    let (v2, _) = sign_in(&b2, EMAIL, PASSWORD).await;

    let res = b1.get("/api/v1/auth/sessions").await;
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = res.json().await.unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let mine = list.iter().find(|s| s["id"] == v1["session_id"]).unwrap();
    let other = list.iter().find(|s| s["id"] == v2["session_id"]).unwrap();
    assert_eq!(mine["current"], true);
    assert_eq!(other["current"], false);
    assert_eq!(mine["ip"], "127.0.0.1");
    // The other browser sees the same sessions from its side.
    let list: Vec<Value> = b2.get("/api/v1/auth/sessions").await.json().await.unwrap();
    let current: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], v2["session_id"]);

    // End the other browser's session.
    let other_id = v2["session_id"].as_str().unwrap();
    let res = b1
        .send(
            Method::DELETE,
            &format!("/api/v1/auth/sessions/{other_id}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    problem(b2.get("/api/v1/auth/session").await, 401).await;
    assert_eq!(b1.get("/api/v1/auth/session").await.status(), 200);
    let list: Vec<Value> = b1.get("/api/v1/auth/sessions").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    // Ending it again, an unknown id, or not an id at all: 404.
    for id in [other_id.to_string(), Uuid::new_v4().to_string(), "x".into()] {
        let res = b1
            .send(Method::DELETE, &format!("/api/v1/auth/sessions/{id}"), None)
            .await;
        let body = problem(res, 404).await;
        assert_eq!(body["type"], "urn:lander:problem:not-found");
    }

    // Another account's session is not yours to end: 404, and it lives on.
    app.add_member("vera@example.com", Role::Editor, None).await;
    let b3 = app.browser();
    let (v3, _) = sign_in(&b3, "vera@example.com", PASSWORD).await;
    let res = b1
        .send(
            Method::DELETE,
            &format!(
                "/api/v1/auth/sessions/{}",
                v3["session_id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    problem(res, 404).await;
    assert_eq!(b3.get("/api/v1/auth/session").await.status(), 200);
    let list: Vec<Value> = b1.get("/api/v1/auth/sessions").await.json().await.unwrap();
    assert!(!list.iter().any(|s| s["id"] == v3["session_id"]));
}

async fn a_password_change_ends_every_session(app: TestApp) {
    let b1 = app.browser();
    let b2 = app.browser();
    let (v1, c1) = sign_in(&b1, EMAIL, PASSWORD).await;
    sign_in(&b2, EMAIL, PASSWORD).await;
    let old_cookie = format!("lander_session={}", cookie_value(&c1, "lander_session"));

    // The current password must be right.
    let res = b1
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": "not my password", "new_password": NEW_PASSWORD}),
        )
        .await;
    let body = problem(res, 403).await;
    assert_eq!(body["type"], "urn:lander:problem:forbidden");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("current password is wrong"),
        "{body}"
    );
    let denied = audit(&app, "?action=account.password&outcome=denied").await;
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0]["actor_email"], EMAIL);

    // The new password must not be a common one.
    let res = b1
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "password1234"}),
        )
        .await;
    invalid_at(res, "/new_password").await;
    // Neither refusal changed anything.
    assert_eq!(session_status(&app, &old_cookie).await, 200);
    assert_eq!(b2.get("/api/v1/auth/session").await.status(), 200);

    let res = b1
        .post(
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let c_new = set_cookie(&res);
    let new_token = cookie_value(&c_new, "lander_session");
    assert_ne!(c_new, c1);
    let v_new: Value = res.json().await.unwrap();
    assert_ne!(v_new["session_id"], v1["session_id"]);
    assert_ne!(v_new["csrf_token"], v1["csrf_token"]);

    // Every earlier session ended: this browser's old cookie and the other browser.
    assert_eq!(session_status(&app, &old_cookie).await, 401);
    problem(b2.get("/api/v1/auth/session").await, 401).await;
    // The new cookie works, with the new CSRF token.
    assert_eq!(
        session_status(&app, &format!("lander_session={new_token}")).await,
        200
    );
    b1.remember(&v_new);
    let res = b1
        .post("/api/v1/pages", &json!({"title": "After", "slug": "after"}))
        .await;
    assert_eq!(res.status(), 201);
    let list: Vec<Value> = b1.get("/api/v1/auth/sessions").await.json().await.unwrap();
    assert_eq!(list.len(), 1);

    // Only the new password signs in now.
    problem(attempt(&app, EMAIL, PASSWORD).await, 401).await;
    assert_eq!(attempt(&app, EMAIL, NEW_PASSWORD).await.status(), 200);
    let changed = audit(&app, "?action=account.password&outcome=ok").await;
    assert_eq!(changed.len(), 1);
}

async fn api_tokens_cannot_act_on_the_account(app: TestApp) {
    for (method, path, body) in [
        (Method::GET, "/api/v1/auth/sessions", None),
        (Method::GET, "/api/v1/auth/session", None),
        (
            Method::POST,
            "/api/v1/auth/password",
            Some(json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})),
        ),
        (Method::POST, "/api/v1/auth/signout", None),
    ] {
        let mut req = app.request(method, path);
        if let Some(b) = &body {
            req = req.json(b);
        }
        let res = req.send().await.unwrap();
        let problem = problem(res, 403).await;
        assert_eq!(problem["type"], "urn:lander:problem:forbidden", "{path}");
        assert!(
            problem["detail"].as_str().unwrap().contains("API tokens"),
            "{problem}"
        );
    }
    // The password is unchanged.
    assert_eq!(attempt(&app, EMAIL, PASSWORD).await.status(), 200);
}

async fn the_workspace_is_chosen_per_request_or_per_session(app: TestApp) {
    let member = "sam@example.com";
    let second = app.create_workspace("Second").await;
    let foreign = app.create_workspace("Foreign").await;
    app.add_member(member, Role::Viewer, None).await;
    join(&app, member, second, Role::Editor).await;

    let b = app.browser();
    let (view, _) = sign_in(&b, member, PASSWORD).await;
    let mut listed: Vec<(String, String)> = view["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["id"].as_str().unwrap().into(),
                w["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    listed.sort();
    let mut expected = [
        (DEFAULT_WORKSPACE_ID.to_string(), "viewer".to_string()),
        (second.to_string(), "editor".to_string()),
    ];
    expected.sort();
    assert_eq!(listed, expected);

    let in_ws = |ws: &str, method: Method, path: &str| {
        b.request(method, path).header("lander-workspace", ws)
    };
    // The header picks the workspace, and the role there.
    for (ws, role) in [(second, "editor"), (DEFAULT_WORKSPACE_ID, "viewer")] {
        let res = in_ws(&ws.to_string(), Method::GET, "/api/v1/workspace")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let got: Value = res.json().await.unwrap();
        assert_eq!(got["id"], ws.to_string());
        assert_eq!(got["role"], role);
    }
    let res = in_ws(&second.to_string(), Method::POST, "/api/v1/pages")
        .json(&json!({"title": "Second", "slug": "second"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = in_ws(
        &DEFAULT_WORKSPACE_ID.to_string(),
        Method::POST,
        "/api/v1/pages",
    )
    .json(&json!({"title": "Default", "slug": "default"}))
    .send()
    .await
    .unwrap();
    problem(res, 403).await;
    // The page lives in the second workspace only.
    let pages: Value = app.get("/api/v1/pages").await.json().await.unwrap();
    assert!(!pages.to_string().contains("second"), "{pages}");

    // A workspace one is not a member of, or no workspace id at all: 404.
    for ws in [foreign.to_string(), Uuid::new_v4().to_string(), "x".into()] {
        let res = in_ws(&ws, Method::GET, "/api/v1/pages")
            .send()
            .await
            .unwrap();
        let body = problem(res, 404).await;
        assert_eq!(body["type"], "urn:lander:problem:not-found");
    }

    // The session remembers a choice; a foreign workspace cannot be chosen.
    let choose = |ws: Uuid| {
        b.request(Method::PUT, "/api/v1/auth/session/workspace")
            .json(&json!({"workspace_id": ws}))
    };
    let res = choose(foreign).send().await.unwrap();
    let body = problem(res, 404).await;
    assert_eq!(body["type"], "urn:lander:problem:not-found");
    for ws in [second, DEFAULT_WORKSPACE_ID, second] {
        let res = choose(ws).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let view: Value = res.json().await.unwrap();
        assert_eq!(view["workspace_id"], ws.to_string());
        let got: Value = b.get("/api/v1/workspace").await.json().await.unwrap();
        assert_eq!(got["id"], ws.to_string());
        let session: Value = b.get("/api/v1/auth/session").await.json().await.unwrap();
        assert_eq!(session["workspace_id"], ws.to_string());
    }
    // Choosing is a change: it needs the CSRF token.
    b.forget_csrf();
    let res = choose(DEFAULT_WORKSPACE_ID).send().await.unwrap();
    assert_eq!(problem(res, 403).await["type"], "urn:lander:problem:csrf");
}

/// Signs in as `email` with wrong passwords until refused, then checks the refusals: the right
/// password is refused too, and each failure beyond the free ones doubles the wait.
async fn slow_down(app: &TestApp, email: &str, right_password: &str) {
    // Five failures are free, and so is the sixth attempt ...
    for n in 1..=6 {
        let res = attempt(app, email, &format!("wrong password {n}")).await;
        assert!(res.headers().get("retry-after").is_none());
        let body = problem(res, 401).await;
        assert_eq!(
            body["detail"],
            "the e-mail address or the password is wrong"
        );
    }
    // ... after which every attempt waits, even with the right password.
    let res = attempt(app, email, right_password).await;
    assert!(res.headers().get("set-cookie").is_none());
    assert_eq!(header(res.headers(), "retry-after"), "1");
    let body = problem(res, 429).await;
    assert_eq!(body["type"], "urn:lander:problem:rate-limited");
    assert_eq!(body["detail"], "too many attempts; try again in 1 seconds");

    // Waiting as told lets one attempt through; its failure doubles the wait, and
    // `Retry-After` says so (rounded up, never less than the real wait).
    tokio::time::sleep(Duration::from_millis(1_050)).await;
    let res = attempt(app, email, "wrong password 7").await;
    problem(res, 401).await;
    let res = attempt(app, email, right_password).await;
    assert_eq!(header(res.headers(), "retry-after"), "2");
    problem(res, 429).await;
}

async fn repeated_wrong_passwords_are_slowed_down(app: TestApp) {
    slow_down(&app, EMAIL, PASSWORD).await;
    // The refusals did not sign anyone in, and the audit log has the failed attempts only.
    let denied = audit(&app, "?action=auth.signin&outcome=denied").await;
    assert_eq!(denied.len(), 7);
    assert!(audit(&app, "?action=session.create").await.is_empty());
}

async fn an_unknown_email_is_slowed_down_the_same_way(app: TestApp) {
    slow_down(&app, "nobody@example.com", PASSWORD).await;
}

/// An app served as `https://lander.example.test` behind a proxy (the test talks plain HTTP to
/// it, as the proxy would).
async fn https_deployment_uses_a_host_only_secure_cookie(app: TestApp) {
    let origin = "https://lander.example.test";
    let res = app
        .client
        .post(app.url("/api/v1/auth/signin"))
        .header("origin", origin)
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let c = set_cookie(&res);
    let token = cookie_value(&c, "__Host-lander_session");
    assert_eq!(
        c,
        format!(
            "__Host-lander_session={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600; \
             Secure"
        )
    );
    assert!(!c.contains("Domain"), "__Host- cookies have no Domain");
    let view: Value = res.json().await.unwrap();
    let csrf = view["csrf_token"].as_str().unwrap();

    // A cookie jar would not send a Secure cookie over http, so the test sends it itself.
    let cookie = format!("__Host-lander_session={token}");
    assert_eq!(session_status(&app, &cookie).await, 200);
    // The token under the plain name is not a session here.
    assert_eq!(
        session_status(&app, &format!("lander_session={token}")).await,
        401
    );
    // Changes must come from the public origin; the address the server listens on is not it.
    let create = |origin: &str| {
        with_cookie(&app, Method::POST, "/api/v1/pages", &cookie)
            .header("origin", origin)
            .header("x-csrf-token", csrf)
            .json(&json!({"title": "Secure", "slug": "secure"}))
    };
    let res = create(&format!("http://{}", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(res, 403).await["type"], "urn:lander:problem:csrf");
    let res = create(origin).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let res = app
        .client
        .post(app.url("/api/v1/auth/signin"))
        .header("origin", format!("http://{}", app.addr))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    problem(res, 403).await;

    // Signing out clears the same cookie, Secure as well.
    let res = with_cookie(&app, Method::POST, "/api/v1/auth/signout", &cookie)
        .header("origin", origin)
        .header("x-csrf-token", csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        set_cookie(&res),
        "__Host-lander_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
    );
    assert_eq!(session_status(&app, &cookie).await, 401);
}

/// Sessions configured to end after 30 idle minutes and 2 hours in all.
async fn sessions_expire_when_idle_and_at_their_lifetime(app: TestApp) {
    let b = app.browser();
    let (view, c) = sign_in(&b, EMAIL, PASSWORD).await;
    assert!(c.contains("; Max-Age=7200"), "{c}");
    let lifetime = secs_from_now(view["expires_at"].as_str().unwrap());
    assert!((7200 - 120..=7200).contains(&lifetime), "{lifetime}");
    let signed_in = stored_last_seen(&app).await;
    assert!((OffsetDateTime::now_utc() - signed_in).whole_seconds() < 60);

    // Idle for 25 minutes: still signed in, and the request counts as activity.
    app.sql(&format!(
        "update session set last_seen_at = {}",
        ago(time::Duration::minutes(25))
    ))
    .await;
    assert_eq!(b.get("/api/v1/auth/session").await.status(), 200);
    let seen = stored_last_seen(&app).await;
    assert!(
        (OffsetDateTime::now_utc() - seen).whole_seconds() < 60,
        "{seen}"
    );
    // Idle for 31 minutes: signed out.
    app.sql(&format!(
        "update session set last_seen_at = {}",
        ago(time::Duration::minutes(31))
    ))
    .await;
    let body = problem(b.get("/api/v1/auth/session").await, 401).await;
    assert!(
        body["detail"].as_str().unwrap().contains("timed out"),
        "{body}"
    );
    problem(b.get("/api/v1/pages").await, 401).await;

    // Active all along, but past the absolute lifetime: signed out too.
    let b = app.browser();
    let (view, _) = sign_in(&b, EMAIL, PASSWORD).await;
    assert_eq!(b.get("/api/v1/pages").await.status(), 200);
    // The timed-out session is not listed among the live ones.
    let list: Vec<Value> = b.get("/api/v1/auth/sessions").await.json().await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], view["session_id"]);
    app.sql(&format!(
        "update session set expires_at = {}, last_seen_at = {}",
        ago(time::Duration::seconds(5)),
        ago(time::Duration::ZERO)
    ))
    .await;
    problem(b.get("/api/v1/pages").await, 401).await;
    let list = b.get("/api/v1/auth/sessions").await;
    problem(list, 401).await;
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn https(backend: Backend) {
    let v = vars(&[("LANDER_PUBLIC_URL", "https://lander.example.test/")]);
    common::run_with(
        backend,
        &v,
        None,
        https_deployment_uses_a_host_only_secure_cookie,
    )
    .await;
}

/// `public_url` written loosely (upper case, default port, trailing slash) names the same
/// origin browsers send, so sign-in works and the cookie is still `Secure`.
async fn loosely_written_https_origin_still_matches(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/signin"))
        .header("origin", "https://lander.example.test")
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let c = set_cookie(&res);
    assert!(c.starts_with("__Host-lander_session="), "{c}");
    assert!(c.ends_with("; Secure"), "{c}");
}

async fn https_loose(backend: Backend) {
    let v = vars(&[("LANDER_PUBLIC_URL", "HTTPS://Lander.Example.TEST:443/")]);
    common::run_with(
        backend,
        &v,
        None,
        loosely_written_https_origin_still_matches,
    )
    .await;
}

async fn expiry(backend: Backend) {
    let v = vars(&[
        ("LANDER_AUTH__SESSION_IDLE_MINUTES", "30"),
        ("LANDER_AUTH__SESSION_LIFETIME_HOURS", "2"),
    ]);
    common::run_with(
        backend,
        &v,
        None,
        sessions_expire_when_idle_and_at_their_lifetime,
    )
    .await;
}

mod configured_sqlite {
    use super::common::Backend;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn https_deployment_uses_a_host_only_secure_cookie() {
        super::https(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sessions_expire_when_idle_and_at_their_lifetime() {
        super::expiry(Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn loosely_written_https_origin_still_matches() {
        super::https_loose(Backend::Sqlite).await;
    }
}

mod configured_postgres {
    use super::common::Backend;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn https_deployment_uses_a_host_only_secure_cookie() {
        super::https(Backend::Postgres).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sessions_expire_when_idle_and_at_their_lifetime() {
        super::expiry(Backend::Postgres).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn loosely_written_https_origin_still_matches() {
        super::https_loose(Backend::Postgres).await;
    }
}

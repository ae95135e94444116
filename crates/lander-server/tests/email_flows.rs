//! The identity flows that go through the mailbox, against the real server and a real SMTP
//! server (aiosmtpd): sign-up and e-mail verification, sign-up with a taken address, unverified
//! sign-in, password reset, and invitations. Each link is taken from the mail as delivered.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::smtp::{ReceivedMail, SmtpSink};
use common::{Backend, EMAIL, PASSWORD, TestApp, invalid_at, problem};
use lander_store::Role;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use std::future::Future;
use std::time::Duration;

/// How long a mail may take to arrive.
const WAIT: Duration = Duration::from_secs(10);
/// A password the policy accepts, for new accounts and resets.
const NEW_PASSWORD: &str = "tulip orbit cascade 42";

/// Like `on_both_backends!`, for tests that take the app and the SMTP sink its mail goes to;
/// `name: (KEY, VALUE), ...` adds `LANDER_*` variables.
macro_rules! with_smtp_on_both_backends {
    ($($name:ident $(: $($var:expr),+)?);* $(;)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::with_smtp(
                    crate::common::Backend::Sqlite,
                    &[$($($var),+)?],
                    super::$name,
                )
                .await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::with_smtp(
                    crate::common::Backend::Postgres,
                    &[$($($var),+)?],
                    super::$name,
                )
                .await
            })*
        }
    };
}

with_smtp_on_both_backends!(
    sign_up_confirm_and_sign_in;
    sign_up_with_a_taken_address_reveals_nothing;
    unverified_sign_in_and_refused_sign_ups;
    sign_up_can_be_disabled: ("LANDER_AUTH__SIGNUP", "false");
    password_reset;
    invitations;
);

/// Starts an SMTP sink, then the app sending its mail there, and runs `test` with both; the sink
/// lives as long as the test.
async fn with_smtp<F, Fut>(backend: Backend, vars: &[(&str, &str)], test: F)
where
    F: FnOnce(TestApp, SmtpSink) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let sink = SmtpSink::start().await;
    let mut all = vec![("LANDER_MAIL__SMTP_URL".to_string(), sink.url())];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    common::run_with(backend, &all, None, move |app| test(app, sink)).await;
}

/// The token of the link starting with `prefix` in the mail's body.
fn link_token(mail: &ReceivedMail, prefix: &str) -> String {
    let start = mail
        .body
        .find(prefix)
        .unwrap_or_else(|| panic!("no link {prefix}... in: {}", mail.body))
        + prefix.len();
    let token = mail.body[start..].split_whitespace().next().unwrap();
    assert_eq!(token.len(), 43, "a 256-bit base64url token: {token}");
    token.to_string()
}

/// Mails the sink received for `to` so far.
fn mails_to(sink: &SmtpSink, to: &str) -> Vec<ReceivedMail> {
    sink.received()
        .into_iter()
        .filter(|m| m.to.eq_ignore_ascii_case(to))
        .collect()
}

/// Asserts a problem with this status and `urn:lander:problem:{kind}`; returns it.
async fn problem_of(res: Response, status: u16, kind: &str) -> Value {
    let body = problem(res, status).await;
    assert_eq!(body["type"], format!("urn:lander:problem:{kind}"), "{body}");
    body
}

/// Status and JSON body of an answer.
async fn json_of(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, body)
}

async fn sign_up(browser: &Browser, email: &str, password: &str) -> Response {
    browser
        .post(
            "/api/v1/auth/signup",
            &json!({"email": email, "password": password}),
        )
        .await
}

async fn sign_in(browser: &Browser, email: &str, password: &str) -> Response {
    browser
        .post(
            "/api/v1/auth/signin",
            &json!({"email": email, "password": password}),
        )
        .await
}

async fn account_count(app: &TestApp) -> i64 {
    let url = app.db.lock().unwrap().as_ref().unwrap().url.clone();
    let store = lander_store::connect(&url).await.unwrap();
    let n = store.count_accounts().await.unwrap();
    store.close().await;
    n
}

async fn sign_up_confirm_and_sign_in(app: TestApp, sink: SmtpSink) {
    let browser = app.browser();
    let (status, accepted) =
        json_of(sign_up(&browser, " Sam@Example.com ", NEW_PASSWORD).await).await;
    assert_eq!(status, 202, "{accepted}");
    let detail = accepted["detail"].as_str().unwrap();
    assert!(detail.contains("sam@example.com"), "{detail}");

    let mail = sink.wait_for("sam@example.com", WAIT).await;
    assert_eq!(mail.subject, "Confirm your e-mail address for Lander");
    assert_eq!(mail.from, "lander@localhost");
    let token = link_token(&mail, &format!("{}/app/verify#token=", browser.origin));
    // Not signed in before confirming.
    problem_of(
        browser.get("/api/v1/auth/session").await,
        401,
        "unauthorized",
    )
    .await;

    let res = browser
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    let cookie = common::header(res.headers(), "set-cookie");
    assert!(
        cookie.starts_with("lander_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let (status, session) = json_of(res).await;
    assert_eq!(status, 200, "{session}");
    browser.remember(&session);
    assert_eq!(session["account"]["email"], "sam@example.com");
    assert_eq!(session["account"]["email_verified"], true);
    let workspaces = session["workspaces"].as_array().unwrap();
    assert_eq!(workspaces.len(), 1, "{session}");
    assert_eq!(workspaces[0]["name"], "sam's workspace");
    assert_eq!(workspaces[0]["role"], "owner");
    assert_eq!(session["workspace_id"], workspaces[0]["id"]);

    // The cookie signs the browser in, and it works in its own workspace only.
    let (status, current) = json_of(browser.get("/api/v1/auth/session").await).await;
    assert_eq!(status, 200);
    assert_eq!(current["account"]["id"], session["account"]["id"]);
    let (status, members) = json_of(browser.get("/api/v1/members").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        members,
        json!([{
            "account_id": session["account"]["id"],
            "email": "sam@example.com",
            "role": "owner",
            "joined_at": members[0]["joined_at"],
        }])
    );

    // The link works once.
    let res = app
        .browser()
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    problem_of(res, 400, "bad-request").await;

    // The password works from another browser now that the address is confirmed.
    let other = app.browser();
    let again = other.sign_in("sam@example.com", NEW_PASSWORD).await;
    assert_eq!(again["account"]["id"], session["account"]["id"]);
    assert_eq!(mails_to(&sink, "sam@example.com").len(), 1);
}

async fn sign_up_with_a_taken_address_reveals_nothing(app: TestApp, sink: SmtpSink) {
    let browser = app.browser();
    assert_eq!(account_count(&app).await, 1);

    let taken = sign_up(&browser, &EMAIL.to_uppercase(), NEW_PASSWORD).await;
    let taken_type = common::content_type(taken.headers());
    let (taken_status, taken_body) = json_of(taken).await;
    let fresh = sign_up(&browser, "newcomer@example.com", NEW_PASSWORD).await;
    let fresh_type = common::content_type(fresh.headers());
    let (fresh_status, fresh_body) = json_of(fresh).await;

    // The same answer, apart from the address it echoes.
    assert_eq!(taken_status, 202);
    assert_eq!(fresh_status, 202);
    assert_eq!(taken_type, fresh_type);
    let anonymous = |body: &Value, email: &str| -> Value {
        serde_json::from_str(&body.to_string().replace(email, "<address>")).unwrap()
    };
    assert_eq!(
        anonymous(&taken_body, EMAIL),
        anonymous(&fresh_body, "newcomer@example.com")
    );
    assert_eq!(taken_body.as_object().unwrap().len(), 1, "{taken_body}");

    // The owner of the address learns about it, without a confirmation link.
    let mail = sink.wait_for(EMAIL, WAIT).await;
    assert_eq!(mail.subject, "You already have a Lander account");
    assert!(!mail.body.contains("#token="), "{}", mail.body);
    assert!(!mail.body.contains("/app/verify"), "{}", mail.body);
    assert!(
        mail.body
            .contains(&format!("{}/app/reset\n", browser.origin)),
        "{}",
        mail.body
    );
    let confirm = sink.wait_for("newcomer@example.com", WAIT).await;
    assert_eq!(confirm.subject, "Confirm your e-mail address for Lander");

    // No second account: the new password does not sign in, the old one still does.
    assert_eq!(account_count(&app).await, 2, "the owner and the newcomer");
    problem_of(
        sign_in(&app.browser(), EMAIL, NEW_PASSWORD).await,
        401,
        "unauthorized",
    )
    .await;
    app.browser().sign_in(EMAIL, PASSWORD).await;
    assert_eq!(mails_to(&sink, EMAIL).len(), 1);
}

async fn unverified_sign_in_and_refused_sign_ups(app: TestApp, sink: SmtpSink) {
    let browser = app.browser();
    let kim = "kim@example.com";
    assert_eq!(sign_up(&browser, kim, NEW_PASSWORD).await.status(), 202);
    let first = sink.wait_for(kim, WAIT).await;
    let prefix = format!("{}/app/verify#token=", browser.origin);
    let first_token = link_token(&first, &prefix);

    // The right password, but the address is not confirmed: refused, and a new link is sent.
    let res = sign_in(&browser, kim, NEW_PASSWORD).await;
    assert!(common::header(res.headers(), "set-cookie").is_empty());
    let body = problem_of(res, 403, "forbidden").await;
    assert!(
        body["detail"].as_str().unwrap().contains("confirm"),
        "{body}"
    );
    let second = sink.wait_for(kim, WAIT).await;
    assert_eq!(second.subject, "Confirm your e-mail address for Lander");
    let second_token = link_token(&second, &prefix);
    assert_ne!(first_token, second_token);
    // A wrong password gets the usual answer and no mail.
    problem_of(
        sign_in(&browser, kim, "not the password at all").await,
        401,
        "unauthorized",
    )
    .await;

    // The new link confirms the address; then the password signs in.
    let res = browser
        .post("/api/v1/auth/verify-email", &json!({"token": second_token}))
        .await;
    assert_eq!(res.status(), 200);
    app.browser().sign_in(kim, NEW_PASSWORD).await;

    // Weak passwords and bad addresses are refused field by field, before anything is sent.
    for weak in ["password1234", "short", "aaaaaaaaaaaaaaaa"] {
        let res = sign_up(&browser, "weak@example.com", weak).await;
        invalid_at(res, "/password").await;
    }
    for bad in ["not-an-address", "a@b", "two@@example.com", ""] {
        let res = sign_up(&browser, bad, NEW_PASSWORD).await;
        invalid_at(res, "/email").await;
    }
    let both = invalid_at(sign_up(&browser, "nope", "short").await, "/email").await;
    assert_eq!(common::pointers(&both), ["/email", "/password"], "{both}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(mails_to(&sink, "weak@example.com").is_empty());
    assert_eq!(
        mails_to(&sink, kim).len(),
        2,
        "no mail for the wrong password"
    );
    assert_eq!(account_count(&app).await, 2);
}

async fn sign_up_can_be_disabled(app: TestApp, sink: SmtpSink) {
    let browser = app.browser();
    let res = sign_up(&browser, "sam@example.com", NEW_PASSWORD).await;
    let body = problem_of(res, 403, "forbidden").await;
    assert!(
        body["detail"].as_str().unwrap().contains("invitation"),
        "{body}"
    );
    assert_eq!(account_count(&app).await, 1);

    // Invited people can still join.
    let res = app
        .post_json(
            "/api/v1/invitations",
            &json!({"email": "sam@example.com", "role": "viewer"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let mail = sink.wait_for("sam@example.com", WAIT).await;
    let token = link_token(&mail, &format!("{}/app/invitation#token=", browser.origin));
    let res = browser
        .post(
            "/api/v1/auth/invitations/accept",
            &json!({"token": token, "password": NEW_PASSWORD}),
        )
        .await;
    let (status, session) = json_of(res).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["workspaces"][0]["role"], "viewer");
    assert_eq!(sink.received().len(), 1, "no mail for the refused sign-up");
}

async fn password_reset(app: TestApp, sink: SmtpSink) {
    // A browser signed in before the reset.
    let before = app.browser();
    before.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(before.get("/api/v1/auth/session").await.status(), 200);

    let anon = app.browser();
    let request = |email: &'static str| {
        let anon = &anon;
        async move {
            anon.post("/api/v1/auth/password-reset", &json!({"email": email}))
                .await
        }
    };
    let (known_status, known) = json_of(request(EMAIL).await).await;
    let (unknown_status, unknown) = json_of(request("nobody@example.com").await).await;
    assert_eq!(known_status, 202, "{known}");
    assert_eq!(unknown_status, 202, "{unknown}");
    // The answer echoes the address; otherwise it is the same.
    assert!(known["detail"].as_str().unwrap().contains(EMAIL), "{known}");
    assert_eq!(
        known.to_string().replace(EMAIL, "<address>"),
        unknown
            .to_string()
            .replace("nobody@example.com", "<address>")
    );

    let mail = sink.wait_for(EMAIL, WAIT).await;
    assert_eq!(mail.subject, "Reset your Lander password");
    assert!(mail.body.contains("30 minutes"), "{}", mail.body);
    let prefix = format!("{}/app/reset#token=", anon.origin);
    let token = link_token(&mail, &prefix);
    // Nothing goes to an address without an account.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(mails_to(&sink, "nobody@example.com").is_empty());

    // A weak new password is refused without spending the link.
    let res = anon
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "password1234"}),
        )
        .await;
    invalid_at(res, "/new_password").await;

    let reset = app.browser();
    let res = reset
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert!(common::header(res.headers(), "set-cookie").starts_with("lander_session="));
    let (status, session) = json_of(res).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["account"]["email"], EMAIL);
    assert_eq!(reset.get("/api/v1/auth/session").await.status(), 200);

    let notice = sink.wait_for(EMAIL, WAIT).await;
    assert_eq!(notice.subject, "Your Lander password was changed");
    assert!(!notice.body.contains("#token="), "{}", notice.body);

    // Every earlier session has ended; the old password is gone, the new one works.
    problem_of(
        before.get("/api/v1/auth/session").await,
        401,
        "unauthorized",
    )
    .await;
    problem_of(
        sign_in(&app.browser(), EMAIL, PASSWORD).await,
        401,
        "unauthorized",
    )
    .await;
    app.browser().sign_in(EMAIL, NEW_PASSWORD).await;

    // The link works once.
    let res = anon
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "another fine passphrase"}),
        )
        .await;
    problem_of(res, 400, "bad-request").await;

    // An expired link is refused too. Both backends compare `expires_at` with the time now:
    // an RFC 3339 text on SQLite (as sqlx stores `time` values there), a timestamptz on
    // PostgreSQL; this literal suits both.
    assert_eq!(request(EMAIL).await.status(), 202);
    let mail = sink.wait_for(EMAIL, WAIT).await;
    let expired = link_token(&mail, &prefix);
    app.sql(
        "update one_time_token set expires_at = '2000-01-01T00:00:00Z' \
         where kind = 'reset' and used_at is null",
    )
    .await;
    let res = anon
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": expired, "new_password": "another fine passphrase"}),
        )
        .await;
    let body = problem_of(res, 400, "bad-request").await;
    assert!(
        body["detail"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    app.browser().sign_in(EMAIL, NEW_PASSWORD).await;
    assert_eq!(
        mails_to(&sink, EMAIL).len(),
        3,
        "two links and one notice, nothing for the refused attempts"
    );
}

async fn invitations(app: TestApp, sink: SmtpSink) {
    let owner = app.browser();
    let me = owner.sign_in(EMAIL, PASSWORD).await;
    let workspace = me["workspaces"][0].clone();
    let prefix = format!("{}/app/invitation#token=", owner.origin);
    let invite = |email: &'static str, role: &'static str| {
        let owner = &owner;
        async move {
            owner
                .post(
                    "/api/v1/invitations",
                    &json!({"email": email, "role": role}),
                )
                .await
        }
    };
    let accept = |browser: &Browser, token: &str, password: Option<&str>| {
        let body = match password {
            Some(p) => json!({"token": token, "password": p}),
            None => json!({"token": token}),
        };
        let req = browser
            .request(Method::POST, "/api/v1/auth/invitations/accept")
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let members = || async {
        let (status, list) = json_of(app.get("/api/v1/members").await).await;
        assert_eq!(status, 200);
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["email"].as_str().unwrap().to_string(),
                    m["role"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };

    // A new address: the link creates the account and signs it in.
    let (status, created) = json_of(invite("Ivy@Example.com", "editor").await).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["email"], "ivy@example.com");
    assert_eq!(created["role"], "editor");
    let (_, pending) = json_of(app.get("/api/v1/invitations").await).await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["id"], created["id"]);

    let mail = sink.wait_for("ivy@example.com", WAIT).await;
    assert_eq!(
        mail.subject,
        format!(
            "{EMAIL} invited you to \"{}\" on Lander",
            workspace["name"].as_str().unwrap()
        )
    );
    assert!(
        mail.body.contains("with the role \"editor\""),
        "{}",
        mail.body
    );
    let token = link_token(&mail, &prefix);

    let ivy = app.browser();
    // A new account needs a password; asking for it does not spend the link.
    invalid_at(accept(&ivy, &token, None).await, "/password").await;
    let res = accept(&ivy, &token, Some(NEW_PASSWORD)).await;
    assert!(common::header(res.headers(), "set-cookie").starts_with("lander_session="));
    let (status, session) = json_of(res).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["account"]["email"], "ivy@example.com");
    assert_eq!(session["account"]["email_verified"], true);
    assert_eq!(
        session["workspaces"],
        json!([{"id": workspace["id"], "name": workspace["name"], "role": "editor"}])
    );
    ivy.remember(&session);
    assert_eq!(ivy.get("/api/v1/pages").await.status(), 200);
    assert!(
        members()
            .await
            .contains(&("ivy@example.com".into(), "editor".into()))
    );
    let (_, pending) = json_of(app.get("/api/v1/invitations").await).await;
    assert_eq!(pending, json!([]));
    // Once only.
    problem_of(
        accept(&app.browser(), &token, Some(NEW_PASSWORD)).await,
        400,
        "bad-request",
    )
    .await;

    // Nobody invites above their own role; the refusal is in the audit log.
    let admin = app.add_member("ada@example.com", Role::Admin, None).await;
    let res = app
        .request_as(&admin, Method::POST, "/api/v1/invitations")
        .json(&json!({"email": "boss@example.com", "role": "owner"}))
        .send()
        .await
        .unwrap();
    problem_of(res, 403, "forbidden").await;
    let (status, log) = json_of(
        app.get("/api/v1/audit?action=invite.create&outcome=denied")
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let denied = log["items"].as_array().unwrap();
    assert_eq!(denied.len(), 1, "{log}");
    assert_eq!(denied[0]["actor_email"], "ada@example.com");
    assert_eq!(denied[0]["target_id"], "owner");
    // At their own role they may.
    let res = app
        .request_as(&admin, Method::POST, "/api/v1/invitations")
        .json(&json!({"email": "adam@example.com", "role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    sink.wait_for("adam@example.com", WAIT).await;

    // A withdrawn invitation's link stops working.
    let (status, withdrawn) = json_of(invite("wes@example.com", "viewer").await).await;
    assert_eq!(status, 201);
    let wes_token = link_token(&sink.wait_for("wes@example.com", WAIT).await, &prefix);
    let path = format!("/api/v1/invitations/{}", withdrawn["id"].as_str().unwrap());
    assert_eq!(owner.send(Method::DELETE, &path, None).await.status(), 204);
    problem_of(
        owner.send(Method::DELETE, &path, None).await,
        404,
        "not-found",
    )
    .await;
    problem_of(
        accept(&app.browser(), &wes_token, Some(NEW_PASSWORD)).await,
        400,
        "bad-request",
    )
    .await;

    // An address that has an account signs in first, then accepts.
    let other = app.create_workspace("Olga's studio").await;
    app.add_member("olga@example.com", Role::Owner, Some(other))
        .await;
    assert_eq!(invite("olga@example.com", "publisher").await.status(), 201);
    let olga_token = link_token(&sink.wait_for("olga@example.com", WAIT).await, &prefix);
    let olga = app.browser();
    let res = accept(&olga, &olga_token, Some(NEW_PASSWORD)).await;
    let body = problem_of(res, 401, "unauthorized").await;
    assert!(
        body["detail"].as_str().unwrap().contains("sign in"),
        "{body}"
    );
    // The refusal neither spent the link nor changed the password.
    olga.sign_in("olga@example.com", PASSWORD).await;
    let (status, session) = json_of(accept(&olga, &olga_token, None).await).await;
    assert_eq!(status, 200, "{session}");
    let mut roles: Vec<_> = session["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["id"].as_str().unwrap().to_string(),
                w["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    roles.sort();
    let mut expected = vec![
        (other.to_string(), "owner".to_string()),
        (
            workspace["id"].as_str().unwrap().to_string(),
            "publisher".to_string(),
        ),
    ];
    expected.sort();
    assert_eq!(roles, expected);
    assert!(
        members()
            .await
            .contains(&("olga@example.com".into(), "publisher".into()))
    );

    // Field errors.
    invalid_at(invite("zed@example.com", "superuser").await, "/role").await;
    invalid_at(invite("zed", "editor").await, "/email").await;
    assert!(mails_to(&sink, "zed@example.com").is_empty());
    assert!(mails_to(&sink, "boss@example.com").is_empty());
    assert_eq!(
        members().await,
        [
            (EMAIL.to_string(), "owner".to_string()),
            ("ivy@example.com".into(), "editor".into()),
            ("ada@example.com".into(), "admin".into()),
            ("olga@example.com".into(), "publisher".into()),
        ]
    );
}

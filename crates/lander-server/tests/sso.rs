//! Single sign-on through Lander's HTTP API against a real OpenID provider (npm `oidc-provider`,
//! run by Node), on SQLite and PostgreSQL: the browser starts at Lander, signs in at the
//! provider and comes back to the callback, which finds, links or creates the account, applies
//! domain rules and sign-up settings, and refuses forged, replayed, foreign and malformed
//! callbacks and unverified addresses.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::oidc::TestProvider;
use common::{Backend, PASSWORD, TestApp, header, problem, run_with};
use lander_store::{DEFAULT_WORKSPACE_ID, Store};
use reqwest::Response;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use url::Url;

const CLIENT_ID: &str = "lander-sso-test";
const CLIENT_SECRET: &str = "sso-test-client-secret-0123456789";
const START: &str = "/api/v1/auth/oidc/test/start";
const CALLBACK: &str = "/api/v1/auth/oidc/test/callback";

/// Runs `test` against a Lander configured with the provider `test` (plus `extra_toml`) and that
/// provider, whose registered redirect URI is Lander's callback.
///
/// Lander needs the issuer URL before it starts and the provider needs Lander's callback URL
/// before it starts: a free port is reserved for the provider first (held while Lander binds, so
/// Lander cannot take it), Lander is configured with it and started (discovery is lazy), then
/// the port is released and the provider started on it.
async fn with_sso<F, Fut>(backend: Backend, vars: &[(&str, &str)], extra_toml: &str, test: F)
where
    F: FnOnce(TestApp, TestProvider) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = reserved.local_addr().unwrap().port();
    let toml = format!(
        r#"
[[auth.oidc]]
name = "test"
display_name = "Test IdP"
issuer = "http://127.0.0.1:{port}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
{extra_toml}
"#
    );
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    run_with(backend, &vars, Some(&toml), move |app| async move {
        drop(reserved);
        let idp =
            TestProvider::start_with(port, CLIENT_ID, CLIENT_SECRET, &app.url(CALLBACK), &[]).await;
        assert_eq!(idp.port, port);
        test(app, idp).await;
    })
    .await;
}

/// A domain rule as `lander.toml` writes it.
fn domain_rule(domain: &str, workspace: uuid::Uuid, role: &str) -> String {
    format!(
        "[[auth.domain_rules]]\ndomain = \"{domain}\"\nworkspace_id = \"{workspace}\"\n\
         role = \"{role}\"\n"
    )
}

fn query(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// `url` with its query replaced by `pairs`.
fn with_query(url: &Url, pairs: &[(&str, &str)]) -> Url {
    let mut url = url.clone();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}

/// Every `Set-Cookie` of a response.
fn set_cookies(res: &Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn has_session_cookie(res: &Response) -> bool {
    set_cookies(res)
        .iter()
        .any(|c| c.starts_with("lander_session=") || c.starts_with("__Host-lander_session="))
}

/// Opens Lander's start URL in `browser`; returns the provider's authorization URL.
async fn start(browser: &Browser) -> Url {
    let res = browser.client.get(browser.url(START)).send().await.unwrap();
    assert_eq!(res.status(), 303, "start: {:?}", res.text().await);
    Url::parse(&header(res.headers(), "location")).unwrap()
}

/// Starts in `browser` and signs in at the provider as `login`; returns the callback URL the
/// provider sends the browser to (not yet opened).
async fn authorize(browser: &Browser, idp: &TestProvider, login: &str) -> Url {
    let url = start(browser).await;
    idp.authorize(&url, login).await
}

/// Opens a callback URL in `browser`, as the browser following the provider's redirect would
/// (no `Origin` on a top-level navigation).
async fn open(browser: &Browser, url: &Url) -> Response {
    browser.client.get(url.clone()).send().await.unwrap()
}

async fn session_of(browser: &Browser) -> Value {
    let res = browser.get("/api/v1/auth/session").await;
    assert_eq!(res.status(), 200, "session: {:?}", res.text().await);
    res.json().await.unwrap()
}

/// Signs in as `login` in a fresh browser, all the way; returns it and its session.
async fn sign_in(app: &TestApp, idp: &TestProvider, login: &str) -> (Browser, Value) {
    let browser = app.browser();
    let callback = authorize(&browser, idp, login).await;
    let res = open(&browser, &callback).await;
    let status = res.status();
    let location = header(res.headers(), "location");
    assert_eq!(status, 303, "{login}: {:?}", res.text().await);
    assert_eq!(location, "/app");
    let session = session_of(&browser).await;
    (browser, session)
}

/// Signs in as `login` in a fresh browser up to the callback, which must refuse it with
/// `status` and set no session; returns the problem document.
async fn refused(app: &TestApp, idp: &TestProvider, login: &str, status: u16) -> Value {
    let browser = app.browser();
    let callback = authorize(&browser, idp, login).await;
    let res = open(&browser, &callback).await;
    assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
    let body = problem(res, status).await;
    assert_eq!(browser.get("/api/v1/auth/session").await.status(), 401);
    body
}

/// The members of the default workspace as `email -> role`, read with the owner's token.
async fn members(app: &TestApp) -> HashMap<String, String> {
    let res = app.get("/api/v1/members").await;
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = res.json().await.unwrap();
    list.iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_string(),
                m["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A store connected to the app's database (close it after use).
async fn store(app: &TestApp) -> Arc<dyn Store> {
    let url = app.db.lock().unwrap().as_ref().unwrap().url.clone();
    lander_store::connect(&url).await.unwrap()
}

/// `select count(*) ...` on the app's database.
async fn count(app: &TestApp, sql: &'static str) -> i64 {
    let url = app.db.lock().unwrap().as_ref().unwrap().url.clone();
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let n = sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let n = sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        n
    }
}

fn detail(body: &Value) -> String {
    body["detail"].as_str().unwrap().to_string()
}

/// The provider is listed, publicly, with its display name and where to start.
async fn providers_are_listed(backend: Backend) {
    with_sso(backend, &[], "", |app, _idp| async move {
        let res = app.public("/api/v1/auth/providers").await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body,
            json!([{"name": "test", "display_name": "Test IdP", "start_url": START}])
        );
    })
    .await;
}

/// Alice signs in end to end (PKCE S256, state, nonce, cookies), gets an account of her own
/// with a workspace of her own, and comes back to the same account the next time.
async fn alice_signs_in_and_returns_to_the_same_account(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let browser = app.browser();
        let res = browser.client.get(browser.url(START)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(header(res.headers(), "cache-control"), "no-store");
        let cookies = set_cookies(&res);
        let pending = cookies
            .iter()
            .find(|c| c.starts_with("lander_oidc="))
            .unwrap_or_else(|| panic!("no lander_oidc cookie in {cookies:?}"));
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(pending.contains(attr), "{attr} in {pending}");
        }
        let authorize_url = Url::parse(&header(res.headers(), "location")).unwrap();
        assert_eq!(
            authorize_url.origin(),
            Url::parse(&idp.issuer).unwrap().origin()
        );
        let q = query(&authorize_url);
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(q["redirect_uri"], app.url(CALLBACK));
        assert_eq!(q["code_challenge_method"], "S256");
        assert!(q["code_challenge"].len() >= 43, "{authorize_url}");
        assert!(q["state"].len() >= 16, "{authorize_url}");
        assert!(q["nonce"].len() >= 16, "{authorize_url}");
        let scopes: Vec<&str> = q["scope"].split(' ').collect();
        for s in ["openid", "email", "profile"] {
            assert!(scopes.contains(&s), "{s} in {scopes:?}");
        }

        let callback = idp.authorize(&authorize_url, "alice").await;
        assert_eq!(query(&callback)["state"], q["state"]);
        let res = open(&browser, &callback).await;
        assert_eq!(res.status(), 303);
        assert_eq!(header(res.headers(), "location"), "/app");
        assert_eq!(header(res.headers(), "cache-control"), "no-store");
        let cookies = set_cookies(&res);
        let session_cookie = cookies
            .iter()
            .find(|c| c.starts_with("lander_session="))
            .unwrap_or_else(|| panic!("no lander_session cookie in {cookies:?}"));
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(session_cookie.contains(attr), "{attr} in {session_cookie}");
        }
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with("lander_oidc=;") && c.contains("Max-Age=0")),
            "the pending-login cookie is cleared: {cookies:?}"
        );

        let session = session_of(&browser).await;
        let account = &session["account"];
        assert_eq!(account["email"], "alice@acme.test");
        assert_eq!(account["email_verified"], true);
        assert_eq!(account["has_password"], false);
        // No domain rule: a workspace of her own, as its owner, and not the default one.
        let workspaces = session["workspaces"].as_array().unwrap();
        assert_eq!(workspaces.len(), 1, "{session}");
        assert_eq!(workspaces[0]["role"], "owner");
        assert_ne!(workspaces[0]["id"], json!(DEFAULT_WORKSPACE_ID));
        assert_eq!(session["workspace_id"], workspaces[0]["id"]);
        assert!(!members(&app).await.contains_key("alice@acme.test"));

        // The second time, in another browser: the same account, no second workspace.
        let (_, again) = sign_in(&app, &idp, "alice").await;
        assert_eq!(again["account"]["id"], account["id"]);
        assert_eq!(again["workspaces"], session["workspaces"]);
        assert_ne!(again["session_id"], session["session_id"]);
        assert_eq!(
            count(
                &app,
                "select count(*) from account where email = 'alice@acme.test'"
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &app,
                "select count(*) from oidc_identity where subject = 'alice'"
            )
            .await,
            1
        );
    })
    .await;
}

/// A domain rule puts alice (acme.test) into the default workspace as an editor; carol
/// (other.test, no rule) gets a workspace of her own.
async fn domain_rules_place_newcomers(backend: Backend) {
    let rule = domain_rule("acme.test", DEFAULT_WORKSPACE_ID, "editor");
    with_sso(backend, &[], &rule, |app, idp| async move {
        let (_, alice) = sign_in(&app, &idp, "alice").await;
        assert_eq!(alice["workspace_id"], json!(DEFAULT_WORKSPACE_ID));
        assert_eq!(
            alice["workspaces"],
            json!([{"id": DEFAULT_WORKSPACE_ID, "name": alice["workspaces"][0]["name"],
                    "role": "editor"}])
        );
        let listed = members(&app).await;
        assert_eq!(
            listed.get("alice@acme.test").map(String::as_str),
            Some("editor"),
            "{listed:?}"
        );

        let (_, carol) = sign_in(&app, &idp, "carol").await;
        let workspaces = carol["workspaces"].as_array().unwrap();
        assert_eq!(workspaces.len(), 1, "{carol}");
        assert_eq!(workspaces[0]["role"], "owner");
        assert_ne!(workspaces[0]["id"], json!(DEFAULT_WORKSPACE_ID));
        assert!(!members(&app).await.contains_key("carol@other.test"));
    })
    .await;
}

/// A callback whose `state` is not the one sent is refused (and audited), and does not burn
/// the real sign-in.
async fn a_forged_state_is_refused(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let browser = app.browser();
        let callback = authorize(&browser, &idp, "alice").await;
        let code = query(&callback)["code"].clone();
        let forged = with_query(&callback, &[("code", &code), ("state", "forged-state")]);
        let res = open(&browser, &forged).await;
        assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
        let body = problem(res, 400).await;
        assert!(detail(&body).contains("wrong state"), "{body}");
        assert_eq!(browser.get("/api/v1/auth/session").await.status(), 401);
        assert_eq!(
            count(
                &app,
                "select count(*) from audit_log where action = 'auth.oidc' \
                 and outcome = 'denied' and target_id = 'test'"
            )
            .await,
            1
        );

        let res = open(&browser, &callback).await;
        assert_eq!(res.status(), 303, "{:?}", res.text().await);
        assert_eq!(
            session_of(&browser).await["account"]["email"],
            "alice@acme.test"
        );
    })
    .await;
}

/// A callback works once; its code does not work with another sign-in's state either.
async fn a_replayed_callback_or_code_is_refused(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let browser = app.browser();
        let callback = authorize(&browser, &idp, "alice").await;
        let res = open(&browser, &callback).await;
        assert_eq!(res.status(), 303);
        let alice = session_of(&browser).await["account"]["id"].clone();

        let res = open(&browser, &callback).await;
        assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
        let body = problem(res, 400).await;
        assert!(detail(&body).contains("already used"), "{body}");

        // A fresh start (new state, new PKCE verifier) with the old code.
        let fresh = start(&browser).await;
        let old_code = query(&callback)["code"].clone();
        let new_state = query(&fresh)["state"].clone();
        let replay = with_query(&callback, &[("code", &old_code), ("state", &new_state)]);
        let res = open(&browser, &replay).await;
        assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
        let body = problem(res, 400).await;
        assert!(
            detail(&body).contains("did not accept the sign-in code"),
            "{body}"
        );

        let store = store(&app).await;
        let id: uuid::Uuid = serde_json::from_value(alice).unwrap();
        assert_eq!(store.sessions(id).await.unwrap().len(), 1);
        store.close().await;
    })
    .await;
}

/// Bob's provider has not verified his address: refused, and no account is made.
async fn an_unverified_email_is_refused(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let body = refused(&app, &idp, "bob", 403).await;
        assert!(detail(&body).contains("verified e-mail"), "{body}");
        assert_eq!(
            count(
                &app,
                "select count(*) from account where email = 'bob@acme.test'"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &app,
                "select count(*) from oidc_identity where subject = 'bob'"
            )
            .await,
            0
        );
        assert!(!members(&app).await.contains_key("bob@acme.test"));
    })
    .await;
}

/// A callback opened in a browser other than the one that started: refused, whether that
/// browser has a pending sign-in of its own or none.
async fn a_callback_in_another_browser_is_refused(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        for other_started in [true, false] {
            let a = app.browser();
            let callback = authorize(&a, &idp, "alice").await;
            let b = app.browser();
            if other_started {
                start(&b).await;
            }
            let res = open(&b, &callback).await;
            assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
            let body = problem(res, 400).await;
            assert!(detail(&body).contains("another browser"), "{body}");
            assert_eq!(b.get("/api/v1/auth/session").await.status(), 401);
        }
        assert_eq!(
            count(
                &app,
                "select count(*) from account where email = 'alice@acme.test'"
            )
            .await,
            0
        );
    })
    .await;
}

/// Callbacks without code or state, the provider's refusals, and unknown providers.
async fn malformed_callbacks_are_refused(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let browser = app.browser();
        let url = start(&browser).await;
        let state = query(&url)["state"].clone();
        let cb = Url::parse(&app.url(CALLBACK)).unwrap();
        for pairs in [
            vec![("state", state.as_str())],
            vec![("code", "some-code")],
            vec![],
        ] {
            let res = open(&browser, &with_query(&cb, &pairs)).await;
            let body = problem(res, 400).await;
            assert!(detail(&body).contains("lacks `code` or `state`"), "{body}");
        }

        let refusal = with_query(
            &cb,
            &[
                ("error", "access_denied"),
                ("error_description", "The user said no"),
                ("state", &state),
            ],
        );
        let body = problem(open(&browser, &refusal).await, 400).await;
        let d = detail(&body);
        assert!(
            d.contains("access_denied") && d.contains("The user said no"),
            "{body}"
        );

        // A refusal from the real provider (an account it does not know).
        let callback = idp.authorize(&url, "mallory").await;
        assert_eq!(query(&callback)["error"], "access_denied");
        let body = problem(open(&browser, &callback).await, 400).await;
        assert!(detail(&body).contains("unknown test account"), "{body}");

        // Unknown providers: 404, and a callback there does not consume the pending sign-in
        // its state names.
        let body = problem(browser.get("/api/v1/auth/oidc/nope/start").await, 404).await;
        assert!(detail(&body).contains("nope"), "{body}");
        let callback = authorize(&browser, &idp, "alice").await;
        let elsewhere = Url::parse(&format!(
            "{}?{}",
            app.url("/api/v1/auth/oidc/nope/callback"),
            callback.query().unwrap()
        ))
        .unwrap();
        let res = open(&browser, &elsewhere).await;
        assert!(!has_session_cookie(&res), "{:?}", set_cookies(&res));
        problem(res, 404).await;
        let res = open(&browser, &callback).await;
        assert_eq!(res.status(), 303, "{:?}", res.text().await);
    })
    .await;
}

/// With sign-up disabled and no domain rule, a newcomer is refused and no account is made.
async fn signup_disabled_refuses_newcomers(backend: Backend) {
    with_sso(
        backend,
        &[("LANDER_AUTH__SIGNUP", "false")],
        "",
        |app, idp| async move {
            let body = refused(&app, &idp, "carol", 403).await;
            assert!(detail(&body).contains("sign-up is disabled"), "{body}");
            assert_eq!(
                count(
                    &app,
                    "select count(*) from account where email = 'carol@other.test'"
                )
                .await,
                0
            );
            assert_eq!(count(&app, "select count(*) from oidc_identity").await, 0);
        },
    )
    .await;
}

/// With sign-up disabled, a domain rule still lets its domain in (and only its domain).
async fn signup_disabled_admits_ruled_domains(backend: Backend) {
    let rule = domain_rule("other.test", DEFAULT_WORKSPACE_ID, "viewer");
    with_sso(
        backend,
        &[("LANDER_AUTH__SIGNUP", "false")],
        &rule,
        |app, idp| async move {
            let (_, carol) = sign_in(&app, &idp, "carol").await;
            assert_eq!(carol["account"]["email"], "carol@other.test");
            assert_eq!(carol["workspace_id"], json!(DEFAULT_WORKSPACE_ID));
            assert_eq!(
                members(&app)
                    .await
                    .get("carol@other.test")
                    .map(String::as_str),
                Some("viewer")
            );
            let body = refused(&app, &idp, "alice", 403).await;
            assert!(detail(&body).contains("sign-up is disabled"), "{body}");
        },
    )
    .await;
}

/// A password account with the same verified address is linked (and keeps its password and
/// workspace); a disabled account cannot sign in through the provider.
async fn a_password_account_is_linked(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let store = store(&app).await;
        let existing = common::create_verified_user(store.as_ref(), "alice@acme.test").await;
        let ws = store.create_workspace("Alice's place").await.unwrap();
        store
            .set_member(
                ws.id,
                existing.id,
                lander_store::Role::Admin,
                &common::operator(),
            )
            .await
            .unwrap();

        let (_, session) = sign_in(&app, &idp, "alice").await;
        assert_eq!(session["account"]["id"], json!(existing.id));
        assert_eq!(session["account"]["has_password"], true);
        assert_eq!(
            session["workspaces"],
            json!([{"id": ws.id, "name": "Alice's place", "role": "admin"}])
        );
        assert_eq!(
            store.oidc_identities(existing.id).await.unwrap(),
            [("test".to_string(), "alice".to_string())]
        );
        // The password still works.
        app.browser().sign_in("alice@acme.test", PASSWORD).await;

        store
            .disable_account(existing.id, &common::operator())
            .await
            .unwrap();
        let body = refused(&app, &idp, "alice", 403).await;
        assert!(detail(&body).contains("disabled"), "{body}");
        store.close().await;
    })
    .await;
}

/// An unconfirmed password sign-up for the address is taken over by its verified owner: linked,
/// confirmed, its password removed (whoever set it may not own the address), and given a
/// workspace as a confirmation by e-mail would.
async fn an_unconfirmed_password_account_is_taken_over(backend: Backend) {
    with_sso(backend, &[], "", |app, idp| async move {
        let store = store(&app).await;
        let (squatted, _) = lander_server::auth::create_user(
            store.as_ref(),
            "carol@other.test",
            PASSWORD,
            &common::operator(),
        )
        .await
        .unwrap();
        assert!(store.memberships(squatted.id).await.unwrap().is_empty());

        let (_, session) = sign_in(&app, &idp, "carol").await;
        assert_eq!(session["account"]["id"], json!(squatted.id));
        assert_eq!(session["account"]["email_verified"], true);
        assert_eq!(session["account"]["has_password"], false);
        let workspaces = session["workspaces"].as_array().unwrap();
        assert_eq!(workspaces.len(), 1, "{session}");
        assert_eq!(workspaces[0]["role"], "owner");
        assert_eq!(session["workspace_id"], workspaces[0]["id"]);

        let res = app
            .browser()
            .post(
                "/api/v1/auth/signin",
                &json!({"email": "carol@other.test", "password": PASSWORD}),
            )
            .await;
        problem(res, 401).await;
        store.close().await;
    })
    .await;
}

macro_rules! each_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name(super::Backend::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name(super::Backend::Postgres).await
            })*
        }
    };
}

each_backend!(
    providers_are_listed,
    alice_signs_in_and_returns_to_the_same_account,
    domain_rules_place_newcomers,
    a_forged_state_is_refused,
    a_replayed_callback_or_code_is_refused,
    an_unverified_email_is_refused,
    a_callback_in_another_browser_is_refused,
    malformed_callbacks_are_refused,
    signup_disabled_refuses_newcomers,
    signup_disabled_admits_ruled_domains,
    a_password_account_is_linked,
    an_unconfirmed_password_account_is_taken_over,
);

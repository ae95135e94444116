//! OpenID Connect sign-in end to end against a real provider (npm `oidc-provider`, run by
//! Node): authorization code with PKCE, state and nonce, and the refusals (forged state, replayed
//! code, tampered nonce, unknown or unreachable provider). Only the `oidc` module is exercised;
//! no Lander server runs.
#![allow(clippy::unwrap_used)]

mod common;

use common::oidc::TestProvider;
use lander_server::oidc::{Oidc, OidcError, OidcProviderConfig, PendingLogin, VerifiedIdentity};
use secrecy::SecretString;
use std::collections::HashMap;
use url::Url;

/// Lander's public base URL in these tests; nothing listens there (callbacks are never opened).
const BASE: &str = "http://127.0.0.1:9";
const CLIENT_ID: &str = "lander-test";
const CLIENT_SECRET: &str = "test-client-secret-0123456789";

fn redirect_uri(provider: &str) -> String {
    format!("{BASE}/api/v1/auth/oidc/{provider}/callback")
}

fn config(name: &str, issuer: &str) -> OidcProviderConfig {
    OidcProviderConfig {
        name: name.into(),
        display_name: Some("Test IdP".into()),
        issuer: issuer.into(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(SecretString::from(CLIENT_SECRET)),
        scopes: vec!["openid".into(), "email".into(), "profile".into()],
    }
}

/// A provider named `test` and an `Oidc` configured for it.
async fn setup_with(flags: &[&str]) -> (TestProvider, Oidc) {
    let idp =
        TestProvider::start_with(0, CLIENT_ID, CLIENT_SECRET, &redirect_uri("test"), flags).await;
    let oidc = Oidc::new(vec![config("test", &idp.issuer)], Url::parse(BASE).unwrap()).unwrap();
    (idp, oidc)
}

async fn setup() -> (TestProvider, Oidc) {
    setup_with(&[]).await
}

fn query(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// Signs in as `login` up to the callback; returns the pending login and the callback's code and
/// state.
async fn sign_in_until_callback(
    idp: &TestProvider,
    oidc: &Oidc,
    login: &str,
) -> (PendingLogin, String, String) {
    let (url, pending) = oidc.start("test").await.unwrap();
    let callback = idp.authorize(&url, login).await;
    let q = query(&callback);
    assert!(!q.contains_key("error"), "provider refused: {callback}");
    (pending, q["code"].clone(), q["state"].clone())
}

async fn sign_in(idp: &TestProvider, oidc: &Oidc, login: &str) -> VerifiedIdentity {
    let (pending, code, state) = sign_in_until_callback(idp, oidc, login).await;
    oidc.finish(&pending, &code, &state).await.unwrap()
}

#[tokio::test]
async fn alice_signs_in_with_pkce_state_and_nonce() {
    let (idp, oidc) = setup().await;
    assert_eq!(
        oidc.providers(),
        [("test".to_string(), "Test IdP".to_string())]
    );

    let (url, pending) = oidc.start("test").await.unwrap();
    assert_eq!(pending.provider, "test");
    assert!(
        url.as_str().starts_with(&format!("{}/auth?", idp.issuer)),
        "{url}"
    );
    let q = query(&url);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["redirect_uri"], redirect_uri("test"));
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(q["code_challenge"].len() >= 43, "{url}");
    assert_eq!(q["state"], pending.state);
    assert_eq!(q["nonce"], pending.nonce);
    let scopes: Vec<&str> = q["scope"].split(' ').collect();
    for s in ["openid", "email", "profile"] {
        assert!(scopes.contains(&s), "{s} in {scopes:?}");
    }
    assert!(
        !url.as_str().contains(&pending.pkce_verifier),
        "verifier leaked in {url}"
    );

    let callback = idp.authorize(&url, "alice").await;
    assert!(
        callback.as_str().starts_with(&redirect_uri("test")),
        "{callback}"
    );
    let q = query(&callback);
    assert_eq!(q["state"], pending.state);

    let identity = oidc
        .finish(&pending, &q["code"], &q["state"])
        .await
        .unwrap();
    assert_eq!(
        identity,
        VerifiedIdentity {
            provider: "test".into(),
            subject: "alice".into(),
            email: Some("alice@acme.test".into()),
            email_verified: true,
            name: Some("Alice Example".into()),
        }
    );
    assert_eq!(identity.verified_email().unwrap(), "alice@acme.test");
}

#[tokio::test]
async fn a_wrong_state_is_refused_before_the_code_is_spent() {
    let (idp, oidc) = setup().await;
    let (pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    let err = oidc.finish(&pending, &code, "forged").await.unwrap_err();
    assert!(matches!(err, OidcError::StateMismatch), "{err}");
    let err = oidc.finish(&pending, &code, "").await.unwrap_err();
    assert!(matches!(err, OidcError::StateMismatch), "{err}");
    // The code was not spent by the refused attempts.
    let identity = oidc.finish(&pending, &code, &state).await.unwrap();
    assert_eq!(identity.subject, "alice");
}

#[tokio::test]
async fn a_code_works_once() {
    let (idp, oidc) = setup().await;
    let (pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    oidc.finish(&pending, &code, &state).await.unwrap();
    let err = oidc.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::CodeExchange(_)), "{err}");
    let message = err.to_string();
    assert!(message.contains("invalid_grant"), "{message}");
    assert!(!message.contains(&code), "code leaked: {message}");
    assert!(!message.contains(CLIENT_SECRET), "secret leaked: {message}");

    // A made-up code is refused the same way.
    let (pending, _, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    let err = oidc.finish(&pending, "made-up", &state).await.unwrap_err();
    assert!(matches!(err, OidcError::CodeExchange(_)), "{err}");
}

#[tokio::test]
async fn a_code_needs_its_pkce_verifier() {
    let (idp, oidc) = setup().await;
    let (mut pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    pending.pkce_verifier = "x".repeat(64);
    let err = oidc.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::CodeExchange(_)), "{err}");
}

#[tokio::test]
async fn unverified_and_other_domain_emails_are_reported_as_they_are() {
    let (idp, oidc) = setup().await;
    let bob = sign_in(&idp, &oidc, "bob").await;
    assert_eq!(bob.subject, "bob");
    assert_eq!(bob.email.as_deref(), Some("bob@acme.test"));
    assert!(!bob.email_verified);
    let err = bob.verified_email().unwrap_err();
    assert!(matches!(err, OidcError::UnverifiedEmail { .. }), "{err}");

    let carol = sign_in(&idp, &oidc, "carol").await;
    assert_eq!(carol.email.as_deref(), Some("carol@other.test"));
    assert!(carol.email_verified);
}

#[tokio::test]
async fn claims_missing_from_the_id_token_come_from_userinfo() {
    let (idp, oidc) = setup_with(&["--thin-id-token"]).await;
    let carol = sign_in(&idp, &oidc, "carol").await;
    assert_eq!(
        carol,
        VerifiedIdentity {
            provider: "test".into(),
            subject: "carol".into(),
            email: Some("carol@other.test".into()),
            email_verified: true,
            name: Some("Carol Other".into()),
        }
    );
    let bob = sign_in(&idp, &oidc, "bob").await;
    assert!(!bob.email_verified);
}

#[tokio::test]
async fn a_tampered_nonce_is_refused() {
    let (idp, oidc) = setup().await;
    let (mut pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    pending.nonce = "another-nonce".into();
    let err = oidc.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::InvalidIdToken(_)), "{err}");
    assert!(err.to_string().to_lowercase().contains("nonce"), "{err}");
}

#[tokio::test]
async fn an_unknown_provider_is_refused() {
    let (idp, oidc) = setup().await;
    let err = oidc.start("nope").await.unwrap_err();
    assert!(
        matches!(err, OidcError::UnknownProvider(ref p) if p == "nope"),
        "{err}"
    );

    let (mut pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    pending.provider = "nope".into();
    let err = oidc.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::UnknownProvider(_)), "{err}");
}

#[tokio::test]
async fn an_unreachable_provider_is_a_discovery_error_and_retried_later() {
    // A port nobody listens on (yet).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let issuer = format!("http://127.0.0.1:{port}");
    let oidc = Oidc::new(vec![config("test", &issuer)], Url::parse(BASE).unwrap()).unwrap();
    for _ in 0..2 {
        let err = oidc.start("test").await.unwrap_err();
        assert!(
            matches!(err, OidcError::Discovery { ref provider, .. } if provider == "test"),
            "{err}"
        );
        assert!(err.to_string().contains(&issuer), "names the URL: {err}");
    }

    // Once the provider answers, the same `Oidc` discovers it: failures are not cached.
    let idp =
        TestProvider::start_with(port, CLIENT_ID, CLIENT_SECRET, &redirect_uri("test"), &[]).await;
    let identity = sign_in(&idp, &oidc, "alice").await;
    assert_eq!(identity.subject, "alice");
}

#[tokio::test]
async fn a_wrong_issuer_or_client_secret_is_refused() {
    let (idp, _) = setup().await;
    // The discovery document names another issuer than the configured one.
    let oidc = Oidc::new(
        vec![config(
            "test",
            &format!("{}/", idp.issuer.replace("127.0.0.1", "localhost")),
        )],
        Url::parse(BASE).unwrap(),
    )
    .unwrap();
    let err = oidc.start("test").await.unwrap_err();
    assert!(matches!(err, OidcError::Discovery { .. }), "{err}");

    // A wrong client secret fails the code exchange and does not show either secret.
    let mut wrong = config("test", &idp.issuer);
    wrong.client_secret = Some(SecretString::from("wrong-secret"));
    let oidc = Oidc::new(vec![wrong], Url::parse(BASE).unwrap()).unwrap();
    let (pending, code, state) = sign_in_until_callback(&idp, &oidc, "alice").await;
    let err = oidc.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::CodeExchange(_)), "{err}");
    let message = err.to_string();
    assert!(
        !message.contains("wrong-secret") && !message.contains(CLIENT_SECRET),
        "{message}"
    );
}

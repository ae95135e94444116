//! OpenID Connect sign-in (authorization code flow with PKCE S256, `state` and `nonce`) against
//! any number of configured providers, discovered lazily. Owns no storage: [`Oidc::start`] hands
//! back a [`PendingLogin`] for the caller to keep server-side (single use, keyed by `state`,
//! bound to the browser), and [`Oidc::finish`] turns the provider's callback into a
//! [`VerifiedIdentity`]. What to do with that identity (accounts, sessions, [`DomainRule`]s) is
//! the caller's business.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreErrorResponseType, CoreIdTokenClaims,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, HttpClientError, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    StandardErrorResponse, TokenResponse,
};
use openidconnect::{ClaimsVerificationError, DiscoveryError, SignatureVerificationError};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::error::Error as StdError;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

mod client;
use client::HttpClient;

/// How long discovered metadata and signing keys are used before they are fetched again.
const METADATA_MAX_AGE: Duration = Duration::from_secs(60 * 60);
/// An ID token signed by a key we do not know triggers a refetch of the keys (the provider may
/// have rotated them), but not more often than this.
const KEY_REFRESH_MIN_INTERVAL: Duration = Duration::from_secs(60);
/// ID token signature algorithms accepted: the asymmetric ones. HMAC (keyed with the client
/// secret) and `none` are refused.
const ALLOWED_ALGS: [CoreJwsSigningAlgorithm; 10] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EcdsaP521Sha512,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// One OpenID provider, as configured by the operator.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProviderConfig {
    /// URL-safe identifier (`[a-z0-9_-]`), used in the callback path, e.g. `google`.
    pub name: String,
    /// Name shown on the sign-in button; defaults to `name`.
    pub display_name: Option<String>,
    /// Issuer URL; discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client id registered with the provider.
    pub client_id: String,
    /// The client secret (confidential clients); `None` for public clients, which rely on PKCE
    /// alone. Never serialized (so a serialized configuration neither shows it nor carries a
    /// placeholder that could be read back as the secret).
    #[serde(skip_serializing)]
    pub client_secret: Option<SecretString>,
    /// Scopes requested; `openid` is always requested, listed or not.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
}

fn default_scopes() -> Vec<String> {
    ["openid", "email", "profile"].map(String::from).to_vec()
}

/// Maps the verified e-mail domain of a newly signed-in person to a workspace and role. Only
/// the type lives here; the sign-in handler applies it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DomainRule {
    /// E-mail domain, e.g. `acme.test`.
    pub domain: String,
    /// Workspace the person joins.
    pub workspace_id: uuid::Uuid,
    /// Role given there.
    pub role: String,
}

/// A sign-in in progress, between [`Oidc::start`] and [`Oidc::finish`]. Holds secrets (the PKCE
/// verifier): keep it server-side, use it once, and bind it to the browser that started it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The provider's `name`.
    pub provider: String,
    /// The `state` sent to the provider; it must come back unchanged.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier, sent with the code exchange.
    pub pkce_verifier: String,
}

/// Who signed in, as asserted by a verified ID token (and the userinfo endpoint when the ID token
/// does not carry the e-mail address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedIdentity {
    /// The provider's `name`.
    pub provider: String,
    /// The `sub` claim: the stable identifier of the person at this provider.
    pub subject: String,
    /// The `email` claim, if the provider shared it.
    pub email: Option<String>,
    /// The `email_verified` claim (`false` when absent).
    pub email_verified: bool,
    /// The `name` claim, if shared.
    pub name: Option<String>,
}

impl VerifiedIdentity {
    /// The e-mail address if the provider vouches for it: [`OidcError::MissingEmail`] when it
    /// shared none, [`OidcError::UnverifiedEmail`] when it did not verify it.
    pub fn verified_email(&self) -> Result<&str, OidcError> {
        match &self.email {
            None => Err(OidcError::MissingEmail {
                provider: self.provider.clone(),
            }),
            Some(_) if !self.email_verified => Err(OidcError::UnverifiedEmail {
                provider: self.provider.clone(),
            }),
            Some(email) => Ok(email),
        }
    }
}

/// Why a sign-in could not start or finish. Messages name the provider and the cause, never a
/// secret, code or token.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider configuration is unusable.
    #[error("invalid OpenID provider configuration: {0}")]
    InvalidConfig(String),
    /// No provider of this name is configured.
    #[error("no OpenID provider named {0:?} is configured")]
    UnknownProvider(String),
    /// The provider's discovery document or signing keys could not be fetched or are invalid.
    #[error(
        "cannot discover OpenID provider {provider:?} (check its issuer URL and that it is \
         reachable): {message}"
    )]
    Discovery {
        /// The provider's `name`.
        provider: String,
        /// What went wrong.
        message: String,
    },
    /// The `state` returned by the provider is not the one sent: a forged or stale callback.
    #[error("the sign-in response does not match the sign-in that was started; start again")]
    StateMismatch,
    /// The provider refused the authorization code (invalid, expired or already used) or
    /// could not be reached.
    #[error("the provider did not accept the sign-in code: {0}")]
    CodeExchange(String),
    /// The ID token is missing or fails verification (signature, issuer, audience, expiry,
    /// nonce).
    #[error("the provider's ID token is not valid: {0}")]
    InvalidIdToken(String),
    /// The provider's userinfo endpoint failed.
    #[error("cannot read the profile from the provider's userinfo endpoint: {0}")]
    UserInfo(String),
    /// The provider shared no e-mail address (is the `email` scope requested?).
    #[error("OpenID provider {provider:?} did not share an e-mail address")]
    MissingEmail {
        /// The provider's `name`.
        provider: String,
    },
    /// The provider shared an e-mail address it has not verified.
    #[error("OpenID provider {provider:?} has not verified this e-mail address")]
    UnverifiedEmail {
        /// The provider's `name`.
        provider: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client for OpenID providers: {0}")]
    HttpClient(String),
}

/// OpenID Connect sign-in against the configured providers.
pub struct Oidc {
    providers: Vec<Provider>,
    http: HttpClient,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field(
                "providers",
                &self.providers.iter().map(|p| &p.config).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// A configured provider and its discovery cache.
struct Provider {
    config: OidcProviderConfig,
    issuer: IssuerUrl,
    redirect_uri: RedirectUrl,
    /// Discovered metadata with its signing keys; `None` until the first successful discovery.
    /// A failed discovery leaves it as it was, so the next sign-in tries again.
    cache: tokio::sync::Mutex<Option<Discovered>>,
}

#[derive(Clone)]
struct Discovered {
    metadata: Arc<CoreProviderMetadata>,
    fetched_at: Instant,
}

/// The client type built from discovered metadata: authorization endpoint set, token and
/// userinfo endpoints as the metadata says.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

impl Oidc {
    /// Checks the configurations; discovers nothing yet. The redirect URI of provider `P` is
    /// `{redirect_base}/api/v1/auth/oidc/{P}/callback` and must be registered with `P`.
    pub fn new(
        configs: Vec<OidcProviderConfig>,
        redirect_base: url::Url,
    ) -> Result<Self, OidcError> {
        let base = redirect_base.as_str().trim_end_matches('/').to_string();
        let mut providers: Vec<Provider> = Vec::with_capacity(configs.len());
        for config in configs {
            let name = &config.name;
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            {
                return Err(OidcError::InvalidConfig(format!(
                    "provider name {name:?} must be non-empty and use only a-z, 0-9, '-' and '_'"
                )));
            }
            if providers.iter().any(|p| &p.config.name == name) {
                return Err(OidcError::InvalidConfig(format!(
                    "provider name {name:?} is configured twice"
                )));
            }
            if config.client_id.is_empty() {
                return Err(OidcError::InvalidConfig(format!(
                    "provider {name:?} has an empty client_id"
                )));
            }
            let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| {
                OidcError::InvalidConfig(format!(
                    "provider {name:?}: issuer {:?} is not a URL: {e}",
                    config.issuer
                ))
            })?;
            if !secure_or_loopback(issuer.url()) {
                return Err(OidcError::InvalidConfig(format!(
                    "provider {name:?}: issuer {:?} must be an https URL (plain http only on \
                     loopback, for development)",
                    config.issuer
                )));
            }
            let redirect = format!("{base}/api/v1/auth/oidc/{name}/callback");
            let redirect_uri = RedirectUrl::new(redirect.clone()).map_err(|e| {
                OidcError::InvalidConfig(format!("redirect URI {redirect:?} is not a URL: {e}"))
            })?;
            providers.push(Provider {
                config,
                issuer,
                redirect_uri,
                cache: tokio::sync::Mutex::new(None),
            });
        }
        Ok(Oidc {
            providers,
            http: HttpClient::new()?,
        })
    }

    /// The configured providers as `(name, display name)`, in configuration order (for the
    /// sign-in page).
    pub fn providers(&self) -> Vec<(String, String)> {
        self.providers
            .iter()
            .map(|p| {
                let c = &p.config;
                (
                    c.name.clone(),
                    c.display_name.clone().unwrap_or_else(|| c.name.clone()),
                )
            })
            .collect()
    }

    /// The redirect URI registered for `provider`.
    pub fn redirect_uri(&self, provider: &str) -> Result<url::Url, OidcError> {
        Ok(self.provider(provider)?.redirect_uri.url().clone())
    }

    /// Starts a sign-in: discovers the provider if needed and returns the URL to send the
    /// browser to, with the [`PendingLogin`] to keep until the callback.
    pub async fn start(&self, provider: &str) -> Result<(url::Url, PendingLogin), OidcError> {
        let p = self.provider(provider)?;
        let metadata = p.metadata(&self.http, false).await?;
        let client = p.client(&metadata);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in p.config.scopes.iter().filter(|s| s.as_str() != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok((
            url,
            PendingLogin {
                provider: p.config.name.clone(),
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Finishes a sign-in from the provider's callback (`code` and `state` query parameters):
    /// checks `state`, exchanges the code (with the PKCE verifier), verifies the ID token
    /// (signature, issuer, audience, expiry, nonce, access-token hash) and reads the identity.
    ///
    /// The caller must have taken `pending` out of its store (single use) by the returned
    /// `state` from the cookie-bound browser session, and checked that `pending.provider` is the
    /// provider named in the callback path.
    pub async fn finish(
        &self,
        pending: &PendingLogin,
        code: &str,
        returned_state: &str,
    ) -> Result<VerifiedIdentity, OidcError> {
        if !bool::from(pending.state.as_bytes().ct_eq(returned_state.as_bytes())) {
            return Err(OidcError::StateMismatch);
        }
        let p = self.provider(&pending.provider)?;
        let metadata = p.metadata(&self.http, false).await?;
        let client = p.client(&metadata);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| OidcError::CodeExchange(format!("provider {:?}: {e}", p.config.name)))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                OidcError::CodeExchange(format!(
                    "provider {:?}: {}",
                    p.config.name,
                    token_error_message(&e)
                ))
            })?;
        let id_token = tokens.id_token().ok_or_else(|| {
            OidcError::InvalidIdToken("the token response carries no ID token".into())
        })?;
        let nonce = Nonce::new(pending.nonce.clone());

        // Verify with the cached keys; if the token is signed by a key we do not know, the
        // provider may have rotated its keys: fetch them again and retry once.
        let (client, claims) = match verify(&client, id_token, &nonce, tokens.access_token()) {
            Err(VerifyError::UnknownKey) => {
                let metadata = p.metadata(&self.http, true).await?;
                let client = p.client(&metadata);
                let claims = verify(&client, id_token, &nonce, tokens.access_token())
                    .map_err(VerifyError::into_oidc)?;
                (client, claims)
            }
            other => (client, other.map_err(VerifyError::into_oidc)?),
        };

        let mut identity = VerifiedIdentity {
            provider: p.config.name.clone(),
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string()),
            email_verified: claims.email_verified().unwrap_or(false),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string()),
        };

        // Some providers keep profile claims out of the ID token; ask the userinfo endpoint
        // (whose answer must be about the same subject).
        if identity.email.is_none() && metadata.userinfo_endpoint().is_some() {
            let request = client
                .user_info(
                    tokens.access_token().clone(),
                    Some(claims.subject().clone()),
                )
                .map_err(|e| OidcError::UserInfo(e.to_string()))?;
            let info: CoreUserInfoClaims = request
                .request_async(&self.http)
                .await
                .map_err(|e| OidcError::UserInfo(error_chain(&e)))?;
            identity.email = info.email().map(|e| e.to_string());
            identity.email_verified = info.email_verified().unwrap_or(false);
            if identity.name.is_none() {
                identity.name = info.name().and_then(|n| n.get(None)).map(|n| n.to_string());
            }
        }
        Ok(identity)
    }

    fn provider(&self, name: &str) -> Result<&Provider, OidcError> {
        self.providers
            .iter()
            .find(|p| p.config.name == name)
            .ok_or_else(|| OidcError::UnknownProvider(name.to_string()))
    }
}

impl Provider {
    /// The provider's metadata and keys: from the cache while fresh, else discovered again.
    /// With `refresh_keys`, refetches unless the cached copy is very recent. A failed refetch
    /// keeps serving the previous copy (logged); with no previous copy, it is an error, and
    /// the next call tries again.
    async fn metadata(
        &self,
        http: &HttpClient,
        refresh_keys: bool,
    ) -> Result<Arc<CoreProviderMetadata>, OidcError> {
        let mut cache = self.cache.lock().await;
        if let Some(d) = cache.as_ref() {
            let limit = if refresh_keys {
                KEY_REFRESH_MIN_INTERVAL
            } else {
                METADATA_MAX_AGE
            };
            if d.fetched_at.elapsed() < limit {
                return Ok(d.metadata.clone());
            }
        }
        match CoreProviderMetadata::discover_async(self.issuer.clone(), http).await {
            Ok(metadata) => {
                tracing::info!(provider = %self.config.name, "OpenID provider discovered");
                let metadata = Arc::new(metadata);
                *cache = Some(Discovered {
                    metadata: metadata.clone(),
                    fetched_at: Instant::now(),
                });
                Ok(metadata)
            }
            Err(e) => {
                let message = discovery_error_message(&e);
                match cache.as_ref() {
                    Some(d) => {
                        tracing::warn!(
                            provider = %self.config.name,
                            error = %message,
                            "OpenID provider rediscovery failed; using the previous metadata"
                        );
                        Ok(d.metadata.clone())
                    }
                    None => Err(OidcError::Discovery {
                        provider: self.config.name.clone(),
                        message,
                    }),
                }
            }
        }
    }

    fn client(&self, metadata: &CoreProviderMetadata) -> Client {
        CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.config.client_id.clone()),
            self.config
                .client_secret
                .as_ref()
                .map(|s| ClientSecret::new(s.expose_secret().to_string())),
        )
        .set_redirect_uri(self.redirect_uri.clone())
    }
}

enum VerifyError {
    /// Signed by a key not in the provider's key set.
    UnknownKey,
    Invalid(String),
}

impl VerifyError {
    fn into_oidc(self) -> OidcError {
        match self {
            VerifyError::UnknownKey => OidcError::InvalidIdToken(
                "it is signed by a key the provider does not publish".into(),
            ),
            VerifyError::Invalid(m) => OidcError::InvalidIdToken(m),
        }
    }
}

/// Verifies the ID token's signature, issuer, audience, expiry and nonce, and the access-token
/// hash when present.
fn verify<'a>(
    client: &Client,
    id_token: &'a openidconnect::core::CoreIdToken,
    nonce: &Nonce,
    access_token: &openidconnect::AccessToken,
) -> Result<&'a CoreIdTokenClaims, VerifyError> {
    let verifier = client.id_token_verifier().set_allowed_algs(ALLOWED_ALGS);
    let claims = id_token.claims(&verifier, nonce).map_err(|e| match e {
        ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        ) => VerifyError::UnknownKey,
        other => VerifyError::Invalid(error_chain(&other)),
    })?;
    if let Some(expected) = claims.access_token_hash() {
        let alg = id_token
            .signing_alg()
            .map_err(|e| VerifyError::Invalid(error_chain(&e)))?;
        let key = id_token
            .signing_key(&verifier)
            .map_err(|e| VerifyError::Invalid(error_chain(&e)))?;
        let actual = AccessTokenHash::from_token(access_token, alg, key)
            .map_err(|e| VerifyError::Invalid(error_chain(&e)))?;
        if actual != *expected {
            return Err(VerifyError::Invalid(
                "the access token hash (at_hash) does not match the access token".into(),
            ));
        }
    }
    Ok(claims)
}

/// A message for a failed code exchange: the provider's OAuth error (e.g. `invalid_grant` for a
/// used or expired code) or the transport failure. Never the response body.
fn token_error_message(
    e: &RequestTokenError<
        HttpClientError<reqwest::Error>,
        StandardErrorResponse<CoreErrorResponseType>,
    >,
) -> String {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let hint = match r.error().to_string().as_str() {
                "invalid_grant" => " (the code is invalid, expired or already used; sign in again)",
                "invalid_client" => " (check the configured client_id and client_secret)",
                _ => "",
            };
            format!("it answered {r}{hint}")
        }
        RequestTokenError::Parse(err, _body) => {
            format!("the provider's token response is not valid: {err}")
        }
        other => error_chain(other),
    }
}

fn discovery_error_message<RE: StdError + 'static>(e: &DiscoveryError<RE>) -> String {
    match e {
        DiscoveryError::Response(status, _body, message) => {
            format!("HTTP {status}: {message}")
        }
        other => error_chain(other),
    }
}

/// `https`, or `http` to a loopback address (a provider on the same machine, in development and
/// tests).
fn secure_or_loopback(url: &url::Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(d))) => d == "localhost",
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

/// `error: cause: cause...`, skipping causes whose text is already included.
fn error_chain(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            let _ = write!(out, ": {text}");
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn config(name: &str) -> OidcProviderConfig {
        OidcProviderConfig {
            name: name.into(),
            display_name: None,
            issuer: "https://id.example.test".into(),
            client_id: "lander".into(),
            client_secret: None,
            scopes: default_scopes(),
        }
    }

    fn base() -> url::Url {
        url::Url::parse("https://lander.example.test/").unwrap()
    }

    #[test]
    fn config_defaults_scopes_and_refuses_unknown_fields() {
        let c: OidcProviderConfig = serde_json::from_value(serde_json::json!({
            "name": "google", "issuer": "https://accounts.google.com", "client_id": "x",
            "client_secret": "s3cret",
        }))
        .unwrap();
        assert_eq!(c.scopes, ["openid", "email", "profile"]);
        assert!(!format!("{c:?}").contains("s3cret"), "secret in {c:?}");
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            !json.contains("s3cret") && !json.contains("client_secret"),
            "{json}"
        );
        let err = serde_json::from_value::<OidcProviderConfig>(serde_json::json!({
            "name": "google", "issuer": "https://accounts.google.com", "client_id": "x",
            "scope": ["openid"],
        }))
        .unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn redirect_uri_and_providers() {
        let mut second = config("acme-sso");
        second.display_name = Some("Acme SSO".into());
        let oidc = Oidc::new(vec![config("google"), second], base()).unwrap();
        assert_eq!(
            oidc.redirect_uri("google").unwrap().as_str(),
            "https://lander.example.test/api/v1/auth/oidc/google/callback"
        );
        assert_eq!(
            oidc.providers(),
            [
                ("google".to_string(), "google".to_string()),
                ("acme-sso".to_string(), "Acme SSO".to_string())
            ]
        );
        let prefixed = Oidc::new(
            vec![config("g")],
            url::Url::parse("https://x.test/lander").unwrap(),
        )
        .unwrap();
        assert_eq!(
            prefixed.redirect_uri("g").unwrap().as_str(),
            "https://x.test/lander/api/v1/auth/oidc/g/callback"
        );
    }

    #[test]
    fn bad_configs_are_refused() {
        for name in ["", "Google", "a/b", "a b"] {
            let err = Oidc::new(vec![config(name)], base()).unwrap_err();
            assert!(
                matches!(err, OidcError::InvalidConfig(_)),
                "{name:?}: {err}"
            );
        }
        let err = Oidc::new(vec![config("g"), config("g")], base()).unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
        let mut c = config("g");
        for issuer in [
            "not a url",
            "http://id.example.test",
            "ftp://id.example.test",
        ] {
            c.issuer = issuer.into();
            let err = Oidc::new(vec![c.clone()], base()).unwrap_err();
            assert!(
                matches!(err, OidcError::InvalidConfig(_)),
                "{issuer}: {err}"
            );
        }
        c.issuer = "http://127.0.0.1:8080".into();
        Oidc::new(vec![c], base()).unwrap();
    }

    /// Handlers run on a multi-threaded runtime: the futures must be `Send`.
    #[test]
    fn futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let oidc = Oidc::new(vec![config("g")], base()).unwrap();
        let pending = PendingLogin {
            provider: "g".into(),
            state: "s".into(),
            nonce: "n".into(),
            pkce_verifier: "v".into(),
        };
        assert_send(&oidc.start("g"));
        assert_send(&oidc.finish(&pending, "c", "s"));
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<Oidc>();
    }

    #[test]
    fn verified_email_requires_presence_and_verification() {
        let mut id = VerifiedIdentity {
            provider: "g".into(),
            subject: "1".into(),
            email: None,
            email_verified: true,
            name: None,
        };
        assert!(matches!(
            id.verified_email(),
            Err(OidcError::MissingEmail { .. })
        ));
        id.email = Some("a@b.test".into());
        id.email_verified = false;
        assert!(matches!(
            id.verified_email(),
            Err(OidcError::UnverifiedEmail { .. })
        ));
        id.email_verified = true;
        assert_eq!(id.verified_email().unwrap(), "a@b.test");
    }
}

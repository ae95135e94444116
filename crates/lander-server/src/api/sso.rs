//! Single sign-on with OpenID Connect: `start` redirects the browser to the provider (code flow
//! with PKCE, `state` and `nonce`), `callback` checks everything the provider sends back, then
//! finds, links or creates the account and signs the browser in. The pending sign-in is kept
//! server-side, used once, and bound to the browser that started it by a cookie.

use super::account::{Client, onboard, start_session};
use crate::AppState;
use crate::auth::{generate_secret, token_hash};
use crate::error::{ApiError, ApiPath, ProblemDetails};
use crate::oidc::{OidcError, PendingLogin};
use crate::sessions::same_secret;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_store::{AuditEntry, Outcome, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// How long a started sign-in may take at the provider.
const PENDING_MINUTES: i64 = 10;

/// A configured identity provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderView {
    /// Its name in URLs.
    pub name: String,
    /// Its name for people.
    pub display_name: String,
    /// Open this in the browser to sign in with it.
    pub start_url: String,
}

/// What the provider sends back.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackParams {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` sent at the start.
    pub state: Option<String>,
    /// An error code, when the provider refused.
    pub error: Option<String>,
    /// The provider's explanation of the error.
    pub error_description: Option<String>,
}

fn cookie_name(state: &AppState) -> &'static str {
    if state.sessions.secure {
        "__Host-lander_oidc"
    } else {
        "lander_oidc"
    }
}

fn browser_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.sessions.secure {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(state)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn oidc_error(e: OidcError) -> ApiError {
    match e {
        OidcError::UnknownProvider(p) => ApiError::NotFound(format!(
            "there is no identity provider '{p}' on this server"
        )),
        OidcError::Discovery { .. } | OidcError::HttpClient(_) => {
            tracing::warn!(error = %e, "identity provider unreachable");
            ApiError::Unavailable(format!("{e}; try again shortly"))
        }
        OidcError::UnverifiedEmail { .. } | OidcError::MissingEmail { .. } => {
            ApiError::Forbidden(format!("{e}; Lander needs a verified e-mail address"))
        }
        other => ApiError::BadRequest(format!("single sign-on failed: {other}")),
    }
}

/// The identity providers you can sign in with.
#[utoipa::path(
    get,
    path = "/api/v1/auth/providers",
    tag = "account",
    security(()),
    responses((status = 200, description = "Providers", body = Vec<ProviderView>))
)]
pub async fn list_providers(State(state): State<AppState>) -> Json<Vec<ProviderView>> {
    Json(
        state
            .oidc
            .providers()
            .into_iter()
            .map(|(name, display_name)| ProviderView {
                start_url: format!("/api/v1/auth/oidc/{name}/start"),
                name,
                display_name,
            })
            .collect(),
    )
}

/// Start signing in with a provider: redirects the browser there.
#[utoipa::path(
    get,
    path = "/api/v1/auth/oidc/{provider}/start",
    tag = "account",
    security(()),
    params(("provider" = String, Path, description = "Provider name")),
    responses(
        (status = 303, description = "To the provider's sign-in page"),
        (status = 404, description = "No such provider", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 503, description = "The provider cannot be reached", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    ApiPath(provider): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (url, pending) = state.oidc.start(&provider).await.map_err(oidc_error)?;
    let browser = generate_secret();
    let json = serde_json::to_string(&pending).map_err(|e| ApiError::Internal(e.into()))?;
    state
        .store
        .save_oidc_login(
            &pending.state,
            &token_hash(&browser),
            &json,
            time::OffsetDateTime::now_utc() + time::Duration::minutes(PENDING_MINUTES),
        )
        .await?;
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    h.insert(
        header::LOCATION,
        HeaderValue::from_str(url.as_str()).map_err(|e| ApiError::Internal(e.into()))?,
    );
    h.insert(
        header::SET_COOKIE,
        browser_cookie(&state, &browser, PENDING_MINUTES * 60),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Where the provider sends the browser back. Refuses a wrong or replayed `state`, a sign-in
/// started in another browser, a replayed code, a bad ID token and an unverified e-mail; on
/// success, signs in and redirects to the app.
#[utoipa::path(
    get,
    path = "/api/v1/auth/oidc/{provider}/callback",
    tag = "account",
    security(()),
    params(("provider" = String, Path, description = "Provider name"), CallbackParams),
    responses(
        (status = 303, description = "Signed in; to the app, with the session cookie"),
        (status = 400, description = "A malformed, replayed or foreign callback", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The e-mail is not verified, the account is disabled, or no account may be created", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn callback(
    State(state): State<AppState>,
    client: Client,
    ApiPath(provider): ApiPath<String>,
    Query(params): Query<CallbackParams>,
) -> Result<Response, ApiError> {
    match finish(&state, &client, &provider, params).await {
        Ok(res) => Ok(res),
        Err(e) => {
            let mut entry = client.audit(None);
            entry.action = "auth.oidc".into();
            entry.outcome = Outcome::Denied;
            entry.target_type = Some("provider".into());
            entry.target_id = Some(provider.chars().take(100).collect());
            crate::policy::record_refusal(&state, &entry).await;
            Err(e)
        }
    }
}

async fn finish(
    state: &AppState,
    client: &Client,
    provider: &str,
    params: CallbackParams,
) -> Result<Response, ApiError> {
    // An unknown provider is a 404 whatever the query carries, and must not consume the
    // pending sign-in its `state` may name.
    state.oidc.redirect_uri(provider).map_err(oidc_error)?;
    if let Some(error) = params.error {
        let why = params.error_description.unwrap_or_default();
        return Err(ApiError::BadRequest(format!(
            "the identity provider refused the sign-in ({}{}{})",
            error.chars().take(100).collect::<String>(),
            if why.is_empty() { "" } else { ": " },
            why.chars().take(300).collect::<String>()
        )));
    }
    let (Some(code), Some(returned_state)) = (params.code, params.state) else {
        return Err(ApiError::BadRequest(
            "the callback lacks `code` or `state`; start signing in again".into(),
        ));
    };
    let (browser_hash, pending) = match state.store.take_oidc_login(&returned_state).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => {
            return Err(ApiError::BadRequest(
                "this sign-in is unknown, expired or already used (wrong state); start signing \
                 in again"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let browser = client
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == cookie_name(state))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if !same_secret(&token_hash(&browser), &browser_hash) {
        return Err(ApiError::BadRequest(
            "this sign-in was started in another browser; start signing in again here".into(),
        ));
    }
    let pending: PendingLogin =
        serde_json::from_str(&pending).map_err(|e| ApiError::Internal(e.into()))?;
    if pending.provider != provider {
        return Err(ApiError::BadRequest(
            "the callback came to another provider than the one the sign-in started with".into(),
        ));
    }
    let identity = state
        .oidc
        .finish(&pending, &code, &returned_state)
        .await
        .map_err(oidc_error)?;
    let email = crate::auth::normalise_email(identity.verified_email().map_err(oidc_error)?)
        .map_err(|e| ApiError::Forbidden(format!("the provider's e-mail is unusable: {e}")))?;

    let audit = client.audit(None);
    let account = match state.store.oidc_account(provider, &identity.subject).await {
        Ok(id) => state.store.account(id).await?,
        Err(StoreError::NotFound) => {
            link_or_create(state, client, provider, &identity.subject, &email).await?
        }
        Err(e) => return Err(e.into()),
    };
    if account.disabled_at.is_some() {
        return Err(ApiError::Forbidden("this account is disabled".into()));
    }
    if account.email_verified_at.is_none() {
        let audit = AuditEntry {
            actor_account_id: Some(account.id),
            ..audit.clone()
        };
        state.store.set_email_verified(account.id, &audit).await?;
        // As when the address is confirmed by e-mail: a sign-up that was never confirmed has
        // no workspace yet.
        onboard(state, &account, &audit).await?;
    }
    let account = state.store.account(account.id).await?;
    let (_, token) = start_session(state, client, &account).await?;
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_static("/app"));
    h.append(header::SET_COOKIE, state.sessions.set_cookie(&token));
    h.append(header::SET_COOKIE, browser_cookie(state, "", 0));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The first sign-in of this identity: link it to the account with the same (verified) e-mail,
/// or create one when sign-up is open or a domain rule takes the address in.
async fn link_or_create(
    state: &AppState,
    client: &Client,
    provider: &str,
    subject: &str,
    email: &str,
) -> Result<lander_store::Account, ApiError> {
    let account = match state.store.account_by_email(email).await {
        Ok(existing) => {
            if existing.email_verified_at.is_none() {
                // Someone may have signed up with this address without owning it: their
                // password must not survive the real owner's arrival.
                state
                    .store
                    .set_password_hash(existing.id, "", &client.audit(Some(existing.id)))
                    .await?;
            }
            existing
        }
        Err(StoreError::NotFound) => {
            let domain = email.rsplit('@').next().unwrap_or_default();
            let mut ruled = false;
            for rule in state.domain_rules.iter() {
                if rule.domain.eq_ignore_ascii_case(domain)
                    && state.store.workspace(rule.workspace_id).await.is_ok()
                {
                    ruled = true;
                }
            }
            if !state.sessions.signup && !ruled {
                return Err(ApiError::Forbidden(
                    "there is no Lander account for this address and sign-up is disabled; ask \
                     an admin for an invitation"
                        .into(),
                ));
            }
            let created = state
                .store
                .create_account(email, "", &client.audit(None))
                .await?;
            let audit = client.audit(Some(created.id));
            state.store.set_email_verified(created.id, &audit).await?;
            if state.store.count_accounts().await? == 1 {
                state
                    .store
                    .set_member(
                        lander_store::DEFAULT_WORKSPACE_ID,
                        created.id,
                        lander_store::Role::Owner,
                        &audit,
                    )
                    .await?;
            }
            onboard(state, &created, &audit).await?;
            created
        }
        Err(e) => return Err(e.into()),
    };
    state
        .store
        .link_oidc_identity(provider, subject, account.id)
        .await?;
    Ok(account)
}

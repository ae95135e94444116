//! Browser sign-in: sign-up with e-mail verification, sign-in, sign-out, the current session,
//! one's sessions, password change and reset. Answers never reveal whether an account exists;
//! failed attempts are rate-limited per address and per account with growing delays.

use super::account_views::*;
use super::responses::{BadJson, BadLink, Forbidden, NotJson, RateLimited, TooLarge, Unauthorized};
use crate::AppState;
use crate::auth::{
    self, AccountError, SignedIn, client_info, generate_secret, hash_password, normalise_email,
    password_problem, token_hash, verify_password,
};
use crate::error::{ApiError, ApiPath, JsonBody, ProblemDetails};
use crate::mail;
use crate::sessions::{self, csrf_token};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_store::{Account, AuditEntry, NewOneTimeToken, Outcome, Session, StoreError, TokenKind};
use uuid::Uuid;

/// How long a password-reset link works.
pub const RESET_MINUTES: i64 = 30;
/// How long an e-mail verification link works.
pub const VERIFY_HOURS: i64 = 48;

/// Where a request came from, for audit entries and rate limits of anonymous endpoints.
pub struct Client {
    /// Address.
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Request headers (for the Origin check).
    pub headers: HeaderMap,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let (ip, user_agent) = client_info(parts);
        Ok(Client {
            ip,
            user_agent,
            headers: parts.headers.clone(),
        })
    }
}

impl Client {
    /// An anonymous, account-level audit entry from this client.
    pub fn audit(&self, account: Option<Uuid>) -> AuditEntry {
        AuditEntry {
            workspace_id: None,
            actor_account_id: account,
            actor_token_id: None,
            action: String::new(),
            target_type: None,
            target_id: None,
            outcome: Outcome::Ok,
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }

    /// The rate-limit key of the client's address.
    pub fn ip_key(&self, scope: &str) -> String {
        format!("{scope}:ip:{}", self.ip.as_deref().unwrap_or("unknown"))
    }
}

/// 429 with the time to wait, in whole seconds rounded up: a client that waits as long as
/// `Retry-After` says must not be refused again.
pub fn too_many(wait: std::time::Duration) -> ApiError {
    let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    ApiError::TooManyRequests {
        detail: format!("too many attempts; try again in {secs} seconds"),
        retry_after_secs: secs,
    }
}

/// Refuses when any of the keys must still wait.
pub fn check_limits(state: &AppState, keys: &[&str]) -> Result<(), ApiError> {
    for key in keys {
        state.limiter.check(key).map_err(too_many)?;
    }
    Ok(())
}

/// Counts an attempt against every key (for endpoints where each request counts).
pub fn hit_limits(state: &AppState, keys: &[&str]) -> Result<(), ApiError> {
    for key in keys {
        state.limiter.hit(key).map_err(too_many)?;
    }
    Ok(())
}

fn account_key(scope: &str, email: &str) -> String {
    format!("{scope}:account:{email}")
}

/// The body of a signed-in answer, and the response carrying its cookie.
pub async fn signed_in_response(
    state: &AppState,
    status: StatusCode,
    account: &Account,
    session: &Session,
    token: &str,
) -> Result<Response, ApiError> {
    let view = session_view(state, account, session, token).await?;
    let mut res = (status, Json(view)).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, state.sessions.set_cookie(token));
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

async fn session_view(
    state: &AppState,
    account: &Account,
    session: &Session,
    token: &str,
) -> Result<SessionView, ApiError> {
    let memberships = state.store.memberships(account.id).await?;
    let workspace_id = memberships
        .iter()
        .find(|m| Some(m.workspace.id) == session.workspace_id)
        .or(memberships.first())
        .map(|m| m.workspace.id);
    Ok(SessionView {
        account: AccountView::from(account),
        session_id: session.id,
        csrf_token: csrf_token(token),
        workspace_id,
        workspaces: memberships.iter().map(MembershipView::from).collect(),
        expires_at: session.expires_at,
    })
}

/// A new session for `account` from this client, in its first workspace; returns it with its
/// secret token.
pub async fn start_session(
    state: &AppState,
    client: &Client,
    account: &Account,
) -> Result<(Session, String), ApiError> {
    let first = state
        .store
        .memberships(account.id)
        .await?
        .first()
        .map(|m| m.workspace.id);
    sessions::start(
        state,
        account,
        first,
        client.ip.as_deref(),
        client.user_agent.as_deref(),
    )
    .await
}

/// Signs `account` in from this client: a new session and its cookie.
pub async fn sign_in_as(
    state: &AppState,
    client: &Client,
    account: &Account,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let (session, token) = start_session(state, client, account).await?;
    signed_in_response(state, status, account, &session, &token).await
}

/// Gives an account with a verified address and no workspace a place to work: the workspace a
/// domain rule names for its address, else a workspace of its own.
pub async fn onboard(
    state: &AppState,
    account: &Account,
    audit: &AuditEntry,
) -> Result<(), ApiError> {
    if !state.store.memberships(account.id).await?.is_empty() {
        return Ok(());
    }
    let domain = account.email.rsplit('@').next().unwrap_or_default();
    for rule in state
        .domain_rules
        .iter()
        .filter(|r| r.domain.eq_ignore_ascii_case(domain))
    {
        let Ok(role) = rule.role.parse() else {
            continue;
        };
        match state.store.workspace(rule.workspace_id).await {
            Ok(ws) => {
                let audit = AuditEntry {
                    workspace_id: Some(ws.id),
                    ..audit.clone()
                };
                state
                    .store
                    .set_member(ws.id, account.id, role, &audit)
                    .await?;
                return Ok(());
            }
            Err(StoreError::NotFound) => tracing::warn!(
                workspace = %rule.workspace_id,
                domain = %rule.domain,
                "a domain rule names a workspace that does not exist"
            ),
            Err(e) => return Err(e.into()),
        }
    }
    let local = account.email.split('@').next().unwrap_or("My");
    let ws = state
        .store
        .create_workspace(&format!("{local}'s workspace"))
        .await?;
    let audit = AuditEntry {
        workspace_id: Some(ws.id),
        ..audit.clone()
    };
    state
        .store
        .set_member(ws.id, account.id, lander_store::Role::Owner, &audit)
        .await?;
    Ok(())
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized("the e-mail address or the password is wrong".into())
}

/// Sign in with e-mail and password. The answer carries the session cookie and the CSRF token.
#[utoipa::path(
    post,
    path = "/api/v1/auth/signin",
    tag = "account",
    security(()),
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie` carries the session", body = SessionView),
        BadJson,
        (status = 401, description = "Wrong e-mail or password (the same answer for both)", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "A foreign Origin, or the e-mail address is not confirmed yet", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        RateLimited,
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    JsonBody(body): JsonBody<Credentials>,
) -> Result<Response, ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    let email = body.email.trim().to_lowercase();
    let ip_key = client.ip_key("signin");
    let acct_key = account_key("signin", &email);
    check_limits(&state, &[&ip_key, &acct_key])?;
    let account = match state.store.account_by_email(&email).await {
        Ok(a) => Some(a),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let ok = match &account {
        Some(a) => verify_password(&body.password, &a.password_hash) && a.disabled_at.is_none(),
        None => {
            auth::verify_dummy_password(&body.password);
            false
        }
    };
    let known = account.as_ref().map(|a| a.id);
    let Some(account) = account.filter(|_| ok) else {
        state.limiter.failure(&ip_key);
        state.limiter.failure(&acct_key);
        let mut entry = client.audit(known);
        entry.action = "auth.signin".into();
        entry.outcome = Outcome::Denied;
        if let Some(id) = known {
            entry.target_type = Some("account".into());
            entry.target_id = Some(id.to_string());
        }
        crate::policy::record_refusal(&state, &entry).await;
        return Err(wrong_credentials());
    };
    state.limiter.success(&acct_key);
    if account.email_verified_at.is_none() {
        send_verification(&state, &client, &account).await;
        return Err(ApiError::Forbidden(
            "confirm your e-mail address first: we have sent you a new link".into(),
        ));
    }
    sign_in_as(&state, &client, &account, StatusCode::OK).await
}

/// Create an account. The answer is the same whether or not the address already has an
/// account: a mail goes to it either way (a confirmation link, or a note that it already has
/// one). The link signs the new user in.
#[utoipa::path(
    post,
    path = "/api/v1/auth/signup",
    tag = "account",
    security(()),
    request_body = Credentials,
    responses(
        (status = 202, description = "A confirmation link is on its way", body = Accepted),
        BadJson,
        (status = 403, description = "Sign-up is disabled on this server, or a foreign Origin", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        (status = 422, description = "Not an e-mail address, or a weak password", body = ProblemDetails, content_type = "application/problem+json"),
        RateLimited,
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    client: Client,
    JsonBody(body): JsonBody<Credentials>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    if !state.sessions.signup {
        return Err(ApiError::Forbidden(
            "sign-up is disabled on this server; ask an admin of your workspace for an invitation"
                .into(),
        ));
    }
    let mut errors = Vec::new();
    let email = match normalise_email(&body.email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.push(("/email", e.to_string()));
            None
        }
    };
    if let Some(p) = password_problem(&body.password) {
        errors.push(("/password", p));
    }
    ApiError::check_fields(errors)?;
    let Some(email) = email else {
        return Err(ApiError::invalid("/email", "not an e-mail address"));
    };
    let acct_key = account_key("signup", &email);
    hit_limits(&state, &[&client.ip_key("signup"), &acct_key])?;
    let accepted = Accepted {
        detail: format!(
            "we have sent a link to {email}; open it to confirm the address and sign in"
        ),
    };
    match auth::create_user(
        state.store.as_ref(),
        &email,
        &body.password,
        &client.audit(None),
    )
    .await
    {
        Ok((account, _)) => send_verification(&state, &client, &account).await,
        Err(AccountError::EmailTaken(_)) => {
            let link = format!("{}/app/reset", state.sessions.public_origin);
            deliver(&state, mail::account_exists(&email, &link)).await;
        }
        Err(AccountError::WeakPassword(p)) => return Err(ApiError::invalid("/password", p)),
        Err(AccountError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(ApiError::Internal(e.into())),
    }
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// Queues a mail for the background sender: the answers of these endpoints must not depend (in
/// content or in time) on whether an account exists or the mail server is up.
pub async fn deliver(state: &AppState, mail: mail::OutgoingMail) {
    state.outbox.enqueue(mail);
}

/// Creates a single-use token and returns the secret for the link.
async fn one_time_token(
    state: &AppState,
    kind: TokenKind,
    account: &Account,
    valid: time::Duration,
    audit: &AuditEntry,
) -> Result<String, StoreError> {
    let secret = generate_secret();
    state
        .store
        .create_one_time_token(
            NewOneTimeToken {
                kind,
                token_hash: &token_hash(&secret),
                email: &account.email,
                account_id: Some(account.id),
                workspace_id: None,
                role: None,
                created_by: None,
                expires_at: time::OffsetDateTime::now_utc() + valid,
            },
            audit,
        )
        .await?;
    Ok(secret)
}

async fn send_verification(state: &AppState, client: &Client, account: &Account) {
    let key = account_key("verify-mail", &account.email);
    if state.limiter.hit(&key).is_err() {
        return;
    }
    match one_time_token(
        state,
        TokenKind::Verify,
        account,
        time::Duration::hours(VERIFY_HOURS),
        &client.audit(Some(account.id)),
    )
    .await
    {
        Ok(secret) => {
            let link = format!("{}/app/verify#token={secret}", state.sessions.public_origin);
            deliver(state, mail::verify_email(&account.email, &link)).await;
        }
        Err(e) => tracing::error!(error = %e, "could not create a verification link"),
    }
}

/// Confirm an e-mail address with the token from the mailed link; signs the browser in.
#[utoipa::path(
    post,
    path = "/api/v1/auth/verify-email",
    tag = "account",
    security(()),
    request_body = TokenOnly,
    responses(
        (status = 200, description = "Confirmed and signed in", body = SessionView),
        BadJson,
        BadLink,
        TooLarge,
        NotJson,
        RateLimited,
    )
)]
pub async fn verify_email(
    State(state): State<AppState>,
    client: Client,
    JsonBody(body): JsonBody<TokenOnly>,
) -> Result<Response, ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    let ip_key = client.ip_key("token");
    check_limits(&state, &[&ip_key])?;
    let used = match state
        .store
        .use_one_time_token(TokenKind::Verify, &token_hash(body.token.trim()))
        .await
    {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            state.limiter.failure(&ip_key);
            return Err(ApiError::BadRequest(
                "this confirmation link is not valid: it was already used or has expired; \
                 sign in to get a new one"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(account_id) = used.account_id else {
        return Err(ApiError::BadRequest(
            "this confirmation link is not valid".into(),
        ));
    };
    let account = state.store.account(account_id).await?;
    if account.email != used.email || account.disabled_at.is_some() {
        return Err(ApiError::BadRequest(
            "this confirmation link is for an address the account no longer has".into(),
        ));
    }
    let audit = client.audit(Some(account.id));
    state.store.set_email_verified(account.id, &audit).await?;
    onboard(&state, &account, &audit).await?;
    let account = state.store.account(account.id).await?;
    sign_in_as(&state, &client, &account, StatusCode::OK).await
}

/// Ask for a password-reset link. The answer is the same whether or not the address has an
/// account; the link works once, for 30 minutes.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "account",
    security(()),
    request_body = EmailOnly,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way", body = Accepted),
        BadJson,
        TooLarge,
        NotJson,
        RateLimited,
    )
)]
pub async fn request_reset(
    State(state): State<AppState>,
    client: Client,
    JsonBody(body): JsonBody<EmailOnly>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    let email = body.email.trim().to_lowercase();
    hit_limits(
        &state,
        &[&client.ip_key("reset"), &account_key("reset", &email)],
    )?;
    let accepted = Accepted {
        detail: format!(
            "if {email} has a Lander account, a link to choose a new password is on its way; \
             it works once, for {RESET_MINUTES} minutes"
        ),
    };
    let account = match state.store.account_by_email(&email).await {
        Ok(a) if a.disabled_at.is_none() => a,
        Ok(_) | Err(StoreError::NotFound) => return Ok((StatusCode::ACCEPTED, Json(accepted))),
        Err(e) => return Err(e.into()),
    };
    let secret = one_time_token(
        &state,
        TokenKind::Reset,
        &account,
        time::Duration::minutes(RESET_MINUTES),
        &client.audit(Some(account.id)),
    )
    .await?;
    let link = format!("{}/app/reset#token={secret}", state.sessions.public_origin);
    deliver(
        &state,
        mail::password_reset(&account.email, &link, RESET_MINUTES as u32),
    )
    .await;
    Ok((StatusCode::ACCEPTED, Json(accepted)))
}

/// Choose a new password with the token from the mailed link. Every session of the account
/// ends; this browser is signed in afresh.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset/confirm",
    tag = "account",
    security(()),
    request_body = ResetPassword,
    responses(
        (status = 200, description = "Password changed and signed in", body = SessionView),
        BadJson,
        BadLink,
        TooLarge,
        NotJson,
        (status = 422, description = "A weak password", body = ProblemDetails, content_type = "application/problem+json"),
        RateLimited,
    )
)]
pub async fn confirm_reset(
    State(state): State<AppState>,
    client: Client,
    JsonBody(body): JsonBody<ResetPassword>,
) -> Result<Response, ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    let ip_key = client.ip_key("token");
    check_limits(&state, &[&ip_key])?;
    if let Some(p) = password_problem(&body.new_password) {
        return Err(ApiError::invalid("/new_password", p));
    }
    let used = match state
        .store
        .use_one_time_token(TokenKind::Reset, &token_hash(body.token.trim()))
        .await
    {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            state.limiter.failure(&ip_key);
            let mut entry = client.audit(None);
            entry.action = "account.password_reset".into();
            entry.outcome = Outcome::Denied;
            crate::policy::record_refusal(&state, &entry).await;
            return Err(ApiError::BadRequest(
                "this reset link is not valid: it was already used or has expired \
                 (links work once, for 30 minutes); ask for a new one"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(account_id) = used.account_id else {
        return Err(ApiError::BadRequest("this reset link is not valid".into()));
    };
    let account = state.store.account(account_id).await?;
    if account.disabled_at.is_some() {
        return Err(ApiError::Forbidden(
            "this account is disabled; ask an admin of your workspace".into(),
        ));
    }
    let hash = hash_password(&body.new_password).map_err(|e| match e {
        AccountError::WeakPassword(p) => ApiError::invalid("/new_password", p),
        other => ApiError::Internal(other.into()),
    })?;
    let audit = client.audit(Some(account.id));
    state
        .store
        .set_password_hash(account.id, &hash, &audit)
        .await?;
    // Receiving the link proves the address.
    if account.email_verified_at.is_none() {
        state.store.set_email_verified(account.id, &audit).await?;
    }
    deliver(&state, mail::password_changed(&account.email)).await;
    let account = state.store.account(account.id).await?;
    sign_in_as(&state, &client, &account, StatusCode::OK).await
}

/// Sign out: this session ends and its cookie is removed.
#[utoipa::path(
    post,
    path = "/api/v1/auth/signout",
    tag = "account",
    responses(
        (status = 204, description = "Signed out"),
        Unauthorized,
        (status = 403, description = "CSRF checks failed", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn sign_out(State(state): State<AppState>, who: SignedIn) -> Result<Response, ApiError> {
    state
        .store
        .revoke_session(who.account.id, who.session.id, &who.audit())
        .await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, state.sessions.clear_cookie());
    Ok(res)
}

/// The signed-in account, its workspaces and the CSRF token.
#[utoipa::path(
    get,
    path = "/api/v1/auth/session",
    tag = "account",
    responses(
        (status = 200, description = "The session", body = SessionView),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn current_session(
    State(state): State<AppState>,
    who: SignedIn,
    headers: HeaderMap,
) -> Result<Json<SessionView>, ApiError> {
    let token = state.sessions.read_cookie(&headers).unwrap_or_default();
    Ok(Json(
        session_view(&state, &who.account, &who.session, token).await?,
    ))
}

/// Choose the workspace this browser works in.
#[utoipa::path(
    put,
    path = "/api/v1/auth/session/workspace",
    tag = "account",
    request_body = ChooseWorkspace,
    responses(
        (status = 200, description = "The session, now in that workspace", body = SessionView),
        BadJson,
        Unauthorized,
        Forbidden,
        (status = 404, description = "Not a workspace of yours", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
    )
)]
pub async fn choose_workspace(
    State(state): State<AppState>,
    who: SignedIn,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ChooseWorkspace>,
) -> Result<Json<SessionView>, ApiError> {
    let memberships = state.store.memberships(who.account.id).await?;
    if !memberships
        .iter()
        .any(|m| m.workspace.id == body.workspace_id)
    {
        return Err(ApiError::NotFound(format!(
            "there is no workspace '{}' among yours",
            body.workspace_id
        )));
    }
    state
        .store
        .set_session_workspace(who.session.id, body.workspace_id)
        .await?;
    let session = Session {
        workspace_id: Some(body.workspace_id),
        ..who.session
    };
    let token = state.sessions.read_cookie(&headers).unwrap_or_default();
    Ok(Json(
        session_view(&state, &who.account, &session, token).await?,
    ))
}

/// Your live sessions, most recently used first.
#[utoipa::path(
    get,
    path = "/api/v1/auth/sessions",
    tag = "account",
    responses(
        (status = 200, description = "Sessions", body = Vec<SessionInfo>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_sessions(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Json<Vec<SessionInfo>>, ApiError> {
    let sessions = state.store.sessions(who.account.id).await?;
    // The store knows the absolute lifetime, not the idle timeout: drop sessions idle too long.
    let idle_since = time::OffsetDateTime::now_utc() - state.sessions.idle;
    Ok(Json(
        sessions
            .into_iter()
            .filter(|s| s.last_seen_at > idle_since)
            .map(|s| SessionInfo::new(s, who.session.id))
            .collect(),
    ))
}

/// End one of your sessions (another browser, or this one).
#[utoipa::path(
    delete,
    path = "/api/v1/auth/sessions/{id}",
    tag = "account",
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended"),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such live session of yours", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_session(
    State(state): State<AppState>,
    who: SignedIn,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound(format!("you have no live session '{id}'"));
    let session_id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    match state
        .store
        .revoke_session(who.account.id, session_id, &who.audit())
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(StoreError::NotFound) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// Change your password. Every session of the account ends, this one included; the answer
/// signs this browser in again with a new cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "account",
    request_body = ChangePassword,
    responses(
        (status = 200, description = "Changed; a new session for this browser", body = SessionView),
        BadJson,
        Unauthorized,
        (status = 403, description = "The current password is wrong, or CSRF checks failed", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        (status = 422, description = "A weak new password", body = ProblemDetails, content_type = "application/problem+json"),
        RateLimited,
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(body): JsonBody<ChangePassword>,
) -> Result<Response, ApiError> {
    let key = account_key("password", &who.account.email);
    check_limits(&state, &[&key])?;
    let has_password = !who.account.password_hash.is_empty();
    let current_ok = match (&body.current_password, has_password) {
        (Some(p), true) => verify_password(p, &who.account.password_hash),
        (None, false) => true,
        _ => false,
    };
    if !current_ok {
        state.limiter.failure(&key);
        let mut entry = who.audit();
        entry.action = "account.password".into();
        entry.outcome = Outcome::Denied;
        entry.target_type = Some("account".into());
        entry.target_id = Some(who.account.id.to_string());
        crate::policy::record_refusal(&state, &entry).await;
        return Err(ApiError::Forbidden(
            "the current password is wrong; your password is unchanged".into(),
        ));
    }
    state.limiter.success(&key);
    let hash = hash_password(&body.new_password).map_err(|e| match e {
        AccountError::WeakPassword(p) => ApiError::invalid("/new_password", p),
        other => ApiError::Internal(other.into()),
    })?;
    state
        .store
        .set_password_hash(who.account.id, &hash, &who.audit())
        .await?;
    deliver(&state, mail::password_changed(&who.account.email)).await;
    let client = Client {
        ip: who.ip.clone(),
        user_agent: who.user_agent.clone(),
        headers: HeaderMap::new(),
    };
    let account = state.store.account(who.account.id).await?;
    sign_in_as(&state, &client, &account, StatusCode::OK).await
}

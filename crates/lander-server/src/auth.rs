//! Authentication: argon2id password hashes with a common-password check, opaque API tokens
//! (`lnd_` + 256 random bits, stored as SHA-256 hashes), and the extractors `/api` handlers
//! take: [`Auth`] (an API token or a browser session, acting in one workspace) and [`SignedIn`]
//! (a browser session, for account-level actions).

use crate::AppState;
use crate::error::ApiError;
use crate::sessions::{self, CookieSession, WORKSPACE_HEADER};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use lander_store::{
    Account, AuditEntry, DEFAULT_WORKSPACE_ID, NewToken, Outcome, Principal, Role, Session, Store,
    StoreError,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Prefix of every API token, so leaked tokens are recognisable by secret scanners.
pub const TOKEN_PREFIX: &str = "lnd_";
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (argon2 cost is per byte; no one types more).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why an account or token could not be created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The e-mail address is not plausible.
    #[error("'{0}' is not an e-mail address")]
    InvalidEmail(String),
    /// The password breaks the rules.
    #[error("{0}")]
    WeakPassword(String),
    /// The e-mail is taken.
    #[error("an account with the e-mail {0} already exists")]
    EmailTaken(String),
    /// No account with this e-mail.
    #[error("no account with the e-mail {0}")]
    UnknownEmail(String),
    /// The account belongs to no workspace.
    #[error("{0} is not a member of any workspace; add them with `lander workspace add-member`")]
    NoWorkspace(String),
    /// The account is not a member of the workspace asked for.
    #[error("{0} is not a member of workspace {1}")]
    NotAMember(String, Uuid),
    /// A token cannot have more power than its creator.
    #[error(
        "a token's role cannot be above its creator's: asked for {asked}, the account is {has}"
    )]
    RoleTooHigh {
        /// The role asked for.
        asked: Role,
        /// The account's role.
        has: Role,
    },
    /// The token name is empty or too long.
    #[error("a token name is 1 to 100 characters")]
    InvalidTokenName,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing failed (should not happen).
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// Trims and lower-cases an e-mail address, checking it looks like one.
pub fn normalise_email(email: &str) -> Result<String, AccountError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(|c| c.is_whitespace() || c.is_control())
                && e.matches('@').count() == 1
        });
    if valid {
        Ok(e)
    } else {
        Err(AccountError::InvalidEmail(email.trim().to_string()))
    }
}

/// The 28,000 most common passwords of six characters or more, most common first (from the
/// zxcvbn project's frequency lists, MIT licence).
static COMMON_PASSWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

/// Why a password is refused, or `None` when it is acceptable: at least 12 characters, at most
/// 1 KiB, and not a common password, nor one with digits or symbols added, nor one character or
/// a short pattern repeated.
pub fn password_problem(password: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Some(format!(
            "a password has at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Some(format!("a password has at most {MAX_PASSWORD_BYTES} bytes"));
    }
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let chars: Vec<char> = lower.chars().collect();
    let repeated = (1..=chars.len() / 2)
        .any(|n| chars.len().is_multiple_of(n) && chars.chunks(n).all(|c| c == &chars[..n]));
    let sequence = "01234567890123456789abcdefghijklmnopqrstuvwxyz".contains(lower.as_str())
        || "98765432109876543210zyxwvutsrqponmlkjihgfedcba".contains(lower.as_str());
    if sequence
        || COMMON_PASSWORDS.contains(lower.as_str())
        || COMMON_PASSWORDS.contains(core)
        || repeated
        || chars.iter().collect::<std::collections::HashSet<_>>().len() < 4
    {
        return Some(
            "this password is too common or too easy to guess; choose a longer phrase of your own"
                .into(),
        );
    }
    None
}

/// Hashes a password with argon2id at the OWASP parameters (m=19 MiB, t=2, p=1), after
/// [`password_problem`] accepts it.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if let Some(problem) = password_problem(password) {
        return Err(AccountError::WeakPassword(problem));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Spends about as long as checking a real password, so that an unknown e-mail cannot be told
/// from a wrong password by the time the answer takes.
pub fn verify_dummy_password(password: &str) {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        Argon2::default()
            .hash_password(b"lander dummy password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let _ = verify_password(password, &DUMMY);
}

/// 256 random bits as 43 base64url characters (session and e-mailed tokens).
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new random API token (`lnd_` + 43 base64url characters).
pub fn generate_token() -> String {
    format!("{TOKEN_PREFIX}{}", generate_secret())
}

/// The stored form of a token. Tokens carry 256 random bits, so a fast hash is enough.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates an account (`lander user create`, sign-up). The first account of an installation
/// becomes the owner of the default workspace; the answer says whether it did.
pub async fn create_user(
    store: &dyn Store,
    email: &str,
    password: &str,
    audit: &AuditEntry,
) -> Result<(Account, bool), AccountError> {
    let email = normalise_email(email)?;
    let hash = hash_password(password)?;
    let account = store
        .create_account(&email, &hash, audit)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AccountError::EmailTaken(email.clone()),
            other => other.into(),
        })?;
    let first = store.count_accounts().await? == 1;
    if first {
        let audit = AuditEntry {
            actor_account_id: audit.actor_account_id.or(Some(account.id)),
            ..audit.clone()
        };
        store
            .set_member(DEFAULT_WORKSPACE_ID, account.id, Role::Owner, &audit)
            .await?;
    }
    Ok((account, first))
}

/// Where and how a new token acts.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokenScope {
    /// The workspace; the account's first workspace when `None`.
    pub workspace_id: Option<Uuid>,
    /// The role; the account's role in the workspace when `None`. Never above it.
    pub role: Option<Role>,
    /// When the token stops working; never when `None`.
    pub expires_at: Option<time::OffsetDateTime>,
}

/// Creates an API token for the account with `email`; returns the token, which is shown once
/// and never stored.
pub async fn create_token(
    store: &dyn Store,
    email: &str,
    name: &str,
    scope: TokenScope,
) -> Result<String, AccountError> {
    let email = normalise_email(email)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AccountError::InvalidTokenName);
    }
    let account = store.account_by_email(&email).await.map_err(|e| match e {
        StoreError::NotFound => AccountError::UnknownEmail(email.clone()),
        other => other.into(),
    })?;
    let memberships = store.memberships(account.id).await?;
    let membership = match scope.workspace_id {
        Some(ws) => memberships
            .iter()
            .find(|m| m.workspace.id == ws)
            .ok_or(AccountError::NotAMember(email.clone(), ws))?,
        None => memberships
            .first()
            .ok_or_else(|| AccountError::NoWorkspace(email.clone()))?,
    };
    let role = scope.role.unwrap_or(membership.role);
    if role > membership.role {
        return Err(AccountError::RoleTooHigh {
            asked: role,
            has: membership.role,
        });
    }
    let audit = AuditEntry::by_operator(membership.workspace.id);
    let (token, _) = issue_token(
        store,
        NewTokenFor {
            account_id: account.id,
            workspace_id: membership.workspace.id,
            role,
            name,
            expires_at: scope.expires_at,
        },
        &audit,
    )
    .await?;
    Ok(token)
}

/// A token to issue.
pub struct NewTokenFor<'a> {
    /// Account it acts as.
    pub account_id: Uuid,
    /// Workspace it acts in.
    pub workspace_id: Uuid,
    /// Role (already checked against the account's).
    pub role: Role,
    /// Name.
    pub name: &'a str,
    /// Expiry.
    pub expires_at: Option<time::OffsetDateTime>,
}

/// Generates a token, stores its hash (audited) and returns the secret with the stored record.
pub async fn issue_token(
    store: &dyn Store,
    t: NewTokenFor<'_>,
    audit: &AuditEntry,
) -> Result<(String, lander_store::ApiToken), AccountError> {
    let token = generate_token();
    let record = store
        .create_token(
            NewToken {
                account_id: t.account_id,
                workspace_id: t.workspace_id,
                role: t.role,
                name: t.name,
                token_hash: &token_hash(&token),
                expires_at: t.expires_at,
            },
            audit,
        )
        .await?;
    Ok((token, record))
}

/// Where a request came from: client address and user agent (at most 300 characters).
pub fn client_info(parts: &Parts) -> (Option<String>, Option<String>) {
    let ip = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(300).collect());
    (ip, user_agent)
}

/// An authenticated caller: the principal, and where the request came from (for the audit log).
#[derive(Clone, Debug)]
pub struct Caller {
    /// Account, token or session, workspace and role.
    pub principal: Principal,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent (at most 300 characters).
    pub user_agent: Option<String>,
}

impl std::ops::Deref for Caller {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl Caller {
    /// An audit entry for an action by this caller (the store fills in action and target).
    pub fn audit(&self) -> AuditEntry {
        AuditEntry {
            workspace_id: Some(self.principal.workspace_id),
            actor_account_id: Some(self.principal.account_id),
            actor_token_id: self.principal.token_id,
            action: String::new(),
            target_type: None,
            target_id: None,
            outcome: Outcome::Ok,
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }
}

/// The authenticated caller of an `/api` handler that acts in a workspace: an API token
/// (`Authorization: Bearer lnd_...`), or a browser session cookie acting in the workspace named
/// by the `Lander-Workspace` header (else the one chosen last, else the first).
#[derive(Clone, Debug)]
pub struct Auth(pub Caller);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (ip, user_agent) = client_info(parts);
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let principal = bearer_principal(parts, state).await?;
            return Ok(Auth(Caller {
                principal,
                ip,
                user_agent,
            }));
        }
        let found = sessions::from_request(
            state,
            &parts.method,
            &parts.headers,
            ip.as_deref(),
            user_agent.as_deref(),
        )
        .await?;
        let Some(CookieSession { session, account }) = found else {
            return Err(ApiError::Unauthorized(
                "sign in, or send an API token as 'Authorization: Bearer lnd_...' \
                 (create one with `lander token create`)"
                    .into(),
            ));
        };
        let principal = session_principal(state, &parts.headers, &session, &account).await?;
        Ok(Auth(Caller {
            principal,
            ip,
            user_agent,
        }))
    }
}

async fn bearer_principal(parts: &Parts, state: &AppState) -> Result<Principal, ApiError> {
    let header = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::Unauthorized("the Authorization header is not valid".into()))?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::Unauthorized("use the Bearer scheme: 'Authorization: Bearer lnd_...'".into())
        })?;
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
        return Err(ApiError::Unauthorized("the token is not valid".into()));
    }
    match state.store.authenticate_token(&token_hash(token)).await {
        Ok(principal) => Ok(principal),
        Err(StoreError::NotFound) => Err(ApiError::Unauthorized(
            "the token is not valid, revoked or expired".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The principal of a browser session in the workspace the request names (404 when the
/// account is not a member there, exactly as for a workspace that does not exist).
async fn session_principal(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    session: &Session,
    account: &Account,
) -> Result<Principal, ApiError> {
    let memberships = state.store.memberships(account.id).await?;
    let asked = match headers.get(WORKSPACE_HEADER) {
        None => None,
        Some(v) => {
            let raw = v.to_str().unwrap_or_default();
            let id = Uuid::parse_str(raw.trim()).map_err(|_| {
                ApiError::NotFound(format!("there is no workspace '{raw}' among yours"))
            })?;
            Some(id)
        }
    };
    let membership = match asked {
        Some(id) => memberships
            .iter()
            .find(|m| m.workspace.id == id)
            .ok_or_else(|| {
                ApiError::NotFound(format!("there is no workspace '{id}' among yours"))
            })?,
        None => memberships
            .iter()
            .find(|m| Some(m.workspace.id) == session.workspace_id)
            .or(memberships.first())
            .ok_or_else(|| {
                ApiError::Forbidden(
                    "you are not a member of any workspace yet; create one or ask for an \
                     invitation"
                        .into(),
                )
            })?,
    };
    Ok(Principal {
        account_id: account.id,
        email: account.email.clone(),
        token_id: None,
        session_id: Some(session.id),
        workspace_id: membership.workspace.id,
        role: membership.role,
    })
}

/// A signed-in browser (session cookie only): account-level actions such as changing one's
/// password, listing sessions, exporting or deleting one's data. API tokens, scoped to one
/// workspace, cannot do these.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The account.
    pub account: Account,
    /// The session.
    pub session: Session,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
}

impl SignedIn {
    /// An account-level audit entry for an action by this user.
    pub fn audit(&self) -> AuditEntry {
        AuditEntry {
            workspace_id: None,
            actor_account_id: Some(self.account.id),
            actor_token_id: None,
            action: String::new(),
            target_type: None,
            target_id: None,
            outcome: Outcome::Ok,
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = std::convert::Infallible;

    /// `None` unless the request carries a live session that passes the CSRF checks.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(
            <SignedIn as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .ok(),
        )
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (ip, user_agent) = client_info(parts);
        let found = sessions::from_request(
            state,
            &parts.method,
            &parts.headers,
            ip.as_deref(),
            user_agent.as_deref(),
        )
        .await?;
        match found {
            Some(CookieSession { session, account }) => Ok(SignedIn {
                account,
                session,
                ip,
                user_agent,
            }),
            None if parts.headers.contains_key(header::AUTHORIZATION) => Err(ApiError::Forbidden(
                "this is an account action for a signed-in browser; API tokens act only \
                     inside their workspace"
                    .into(),
            )),
            None => Err(ApiError::Unauthorized("sign in first".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalise_email("  Maya@Example.COM ").unwrap(),
            "maya@example.com"
        );
        for bad in [
            "",
            "maya",
            "@example.com",
            "maya@",
            "maya@example",
            "a b@c.d",
            "a@@b.c",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn common_passwords_are_refused() {
        for weak in [
            "password1234",
            "Password123!",
            "qwerty123456",
            "123456789012",
            "iloveyou2024!!",
            "aaaaaaaaaaaaaa",
            "abcabcabcabcabc",
            "1q2w3e4r5t6y",
            "121212121212",
        ] {
            assert!(password_problem(weak).is_some(), "{weak} accepted");
        }
        for fine in [
            "correct horse battery",
            "Maya's launch page 2026",
            "tulip-orbit-cascade",
        ] {
            assert_eq!(password_problem(fine), None, "{fine}");
        }
        assert!(COMMON_PASSWORDS.len() > 20_000);
    }

    #[test]
    fn passwords() {
        assert!(matches!(
            hash_password("short"),
            Err(AccountError::WeakPassword(_))
        ));
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery!", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a, b);
        assert!(a.starts_with("lnd_"));
        assert_eq!(a.len(), 4 + 43);
        assert_eq!(token_hash(&a).len(), 32);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}

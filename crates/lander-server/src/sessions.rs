//! Browser sessions: an opaque random token (256 bits) in an HttpOnly, SameSite=Lax cookie —
//! `__Host-` prefixed and `Secure` when Lander is served over HTTPS — stored only as its SHA-256.
//! Sessions end after an idle timeout and an absolute lifetime, on sign-out, on revocation and on
//! every password change.
//!
//! CSRF: a state-changing request authenticated by the cookie must come from Lander's own origin
//! (`Origin` header) and carry `X-CSRF-Token`, a value derived from the session token that only
//! pages able to read `GET /api/v1/auth/session` can know.

use crate::AppState;
use crate::auth::{generate_secret, token_hash};
use crate::config::Config;
use crate::error::ApiError;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use base64::Engine;
use lander_store::{Account, AuditEntry, NewSession, Outcome, Session, StoreError};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use uuid::Uuid;

/// The header carrying the CSRF token on state-changing browser requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The header choosing the workspace a browser request acts in.
pub const WORKSPACE_HEADER: &str = "lander-workspace";

/// How sessions behave, from the configuration.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Lander's public origin (`https://lander.example.com`), with no trailing slash.
    pub public_origin: String,
    /// Whether cookies are `Secure` (and `__Host-` prefixed): when the origin is HTTPS.
    pub secure: bool,
    /// Whether anyone may sign up.
    pub signup: bool,
    /// Idle timeout.
    pub idle: time::Duration,
    /// Absolute lifetime.
    pub lifetime: time::Duration,
}

impl SessionSettings {
    /// Settings from the configuration; `bound` is the address actually listened on, which
    /// gives the origin when `public_url` is not set.
    pub fn from_config(config: &Config, bound: SocketAddr) -> Self {
        let public_origin = match &config.public_url {
            // As browsers write it in `Origin` (lower-case scheme and host, no default port, no
            // trailing slash), so `HTTPS://Lander.Example.com:443/` still matches, and still
            // gets `Secure` cookies. The configuration is checked to be an http(s) origin.
            Some(url) => url::Url::parse(url)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_else(|_| url.trim_end_matches('/').to_string()),
            None => format!("http://{bound}"),
        };
        SessionSettings {
            secure: public_origin.starts_with("https://"),
            public_origin,
            signup: config.auth.signup,
            idle: time::Duration::minutes(config.auth.session_idle_minutes as i64),
            lifetime: time::Duration::hours(config.auth.session_lifetime_hours as i64),
        }
    }

    /// The cookie's name.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-lander_session"
        } else {
            "lander_session"
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn set_cookie(&self, token: &str) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            self.cookie_name(),
            self.lifetime.whole_seconds()
        );
        // Tokens are base64url; the value is always a valid header.
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear_cookie(&self) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
            self.cookie_name()
        );
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The session token in the request's cookies, if any.
    pub fn read_cookie<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        let name = self.cookie_name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty() && v.len() <= 100)
    }

    /// Refuses a request whose `Origin` is present and not Lander's own (sign-in and sign-up
    /// forms posted from another site).
    pub fn check_origin_if_present(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        match headers.get(header::ORIGIN) {
            None => Ok(()),
            Some(o) if o.as_bytes() == self.public_origin.as_bytes() => Ok(()),
            Some(o) => Err(ApiError::Csrf(format!(
                "requests from {} are refused; Lander only accepts them from {}",
                o.to_str().unwrap_or("another origin"),
                self.public_origin
            ))),
        }
    }
}

/// The CSRF token bound to a session token: SHA-256 over a label and the token. Knowing it
/// reveals nothing about the session token; computing it needs the token.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"lander-csrf\0");
    h.update(session_token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(h.finalize())
}

/// Constant-time equality for secrets.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A live session found from the request's cookie.
#[derive(Clone, Debug)]
pub struct CookieSession {
    /// The session.
    pub session: Session,
    /// Its account.
    pub account: Account,
}

/// Finds the session behind the request's cookie (`Ok(None)` when there is no cookie) and,
/// for state-changing methods, applies the CSRF checks. Refusals of a valid session's request
/// are recorded in the audit log.
pub async fn from_request(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<Option<CookieSession>, ApiError> {
    let settings = &state.sessions;
    let Some(token) = settings.read_cookie(headers) else {
        return Ok(None);
    };
    let idle_since = time::OffsetDateTime::now_utc() - settings.idle;
    let (session, account) = match state
        .store
        .authenticate_session(&token_hash(token), idle_since)
        .await
    {
        Ok(found) => found,
        Err(StoreError::NotFound) => {
            return Err(ApiError::Unauthorized(
                "your session has ended (signed out, timed out, or not from this server); \
                 sign in again"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Err(refusal) = check_csrf(settings, headers, token) {
        let entry = AuditEntry {
            workspace_id: None,
            actor_account_id: Some(account.id),
            actor_token_id: None,
            action: "csrf.check".into(),
            target_type: Some("session".into()),
            target_id: Some(session.id.to_string()),
            outcome: Outcome::Denied,
            ip: ip.map(str::to_string),
            user_agent: user_agent.map(str::to_string),
        };
        crate::policy::record_refusal(state, &entry).await;
        return Err(refusal);
    }
    Ok(Some(CookieSession { session, account }))
}

fn check_csrf(
    settings: &SessionSettings,
    headers: &HeaderMap,
    token: &str,
) -> Result<(), ApiError> {
    match headers.get(header::ORIGIN) {
        Some(o) if o.as_bytes() == settings.public_origin.as_bytes() => {}
        Some(o) => {
            return Err(ApiError::Csrf(format!(
                "a cross-origin request from {} was refused; Lander accepts changes only from {}",
                o.to_str().unwrap_or("another origin"),
                settings.public_origin
            )));
        }
        None => {
            return Err(ApiError::Csrf(
                "a change made with a session cookie must carry an Origin header".into(),
            ));
        }
    }
    let expected = csrf_token(token);
    match headers.get(CSRF_HEADER) {
        Some(v) if same_secret(v.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::Csrf(
            "the X-CSRF-Token header is wrong; read the current one from GET /api/v1/auth/session"
                .into(),
        )),
        None => Err(ApiError::Csrf(
            "missing X-CSRF-Token header; read it from GET /api/v1/auth/session".into(),
        )),
    }
}

/// Starts a session for `account`: stores it (audited) and returns it with its secret token.
pub async fn start(
    state: &AppState,
    account: &Account,
    workspace_id: Option<Uuid>,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<(Session, String), ApiError> {
    let token = generate_secret();
    let audit = AuditEntry {
        workspace_id: None,
        actor_account_id: Some(account.id),
        actor_token_id: None,
        action: String::new(),
        target_type: None,
        target_id: None,
        outcome: Outcome::Ok,
        ip: ip.map(str::to_string),
        user_agent: user_agent.map(str::to_string),
    };
    let session = state
        .store
        .create_session(
            NewSession {
                account_id: account.id,
                workspace_id,
                token_hash: &token_hash(&token),
                ip,
                user_agent,
                expires_at: time::OffsetDateTime::now_utc() + state.sessions.lifetime,
            },
            &audit,
        )
        .await?;
    Ok((session, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(secure: bool) -> SessionSettings {
        SessionSettings {
            public_origin: if secure {
                "https://lander.example.com".into()
            } else {
                "http://127.0.0.1:8080".into()
            },
            secure,
            signup: true,
            idle: time::Duration::hours(1),
            lifetime: time::Duration::days(14),
        }
    }

    #[test]
    fn cookies() {
        let s = settings(true);
        let c = s.set_cookie("abc");
        let c = c.to_str().unwrap();
        assert!(c.starts_with("__Host-lander_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(c.ends_with("; Secure"), "{c}");
        let plain = settings(false).set_cookie("abc");
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(plain.to_str().unwrap().starts_with("lander_session=abc;"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-lander_session=tok; b=2"),
        );
        assert_eq!(s.read_cookie(&h), Some("tok"));
        assert_eq!(settings(false).read_cookie(&h), None);
    }

    #[test]
    fn csrf() {
        let s = settings(false);
        let tok = "session-token";
        let mut h = HeaderMap::new();
        assert!(check_csrf(&s, &h, tok).is_err(), "no origin");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.test"),
        );
        assert!(check_csrf(&s, &h, tok).is_err(), "foreign origin");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(check_csrf(&s, &h, tok).is_err(), "no token");
        h.insert(CSRF_HEADER, HeaderValue::from_static("nope"));
        assert!(check_csrf(&s, &h, tok).is_err(), "wrong token");
        h.insert(
            CSRF_HEADER,
            HeaderValue::from_str(&csrf_token(tok)).unwrap(),
        );
        assert!(check_csrf(&s, &h, tok).is_ok());
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
    }
}

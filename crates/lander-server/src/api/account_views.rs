//! Request and response bodies of the account, session, member and invitation endpoints.

use lander_store::{Account, Membership, Session};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// E-mail and password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// E-mail address.
    #[schema(example = "maya@example.com")]
    pub email: String,
    /// Password (at least 12 characters, not a common one).
    pub password: String,
}

/// An account as its holder sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// Id.
    pub id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Whether the address has been confirmed.
    pub email_verified: bool,
    /// Whether the account has a password (accounts made through single sign-on may not).
    pub has_password: bool,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        AccountView {
            id: a.id,
            email: a.email.clone(),
            email_verified: a.email_verified_at.is_some(),
            has_password: !a.password_hash.is_empty(),
            created_at: a.created_at,
        }
    }
}

/// A workspace the account belongs to, with its role there.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    /// Workspace id.
    pub id: Uuid,
    /// Workspace name.
    pub name: String,
    /// Role there.
    #[schema(example = "editor")]
    pub role: String,
}

impl From<&Membership> for MembershipView {
    fn from(m: &Membership) -> Self {
        MembershipView {
            id: m.workspace.id,
            name: m.workspace.name.clone(),
            role: m.role.as_str().to_string(),
        }
    }
}

/// The signed-in browser: who, where, and the CSRF token to send as `X-CSRF-Token` on every
/// change.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// The account.
    pub account: AccountView,
    /// This session's id.
    pub session_id: Uuid,
    /// Send as `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    /// The workspace requests act in when they do not name one with `Lander-Workspace`.
    pub workspace_id: Option<Uuid>,
    /// Every workspace the account belongs to.
    pub workspaces: Vec<MembershipView>,
    /// When the session ends at the latest.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
}

/// One of the account's sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// Id.
    pub id: Uuid,
    /// Whether this is the session making the request.
    pub current: bool,
    /// Address it signed in from.
    pub ip: Option<String>,
    /// Browser it signed in with.
    pub user_agent: Option<String>,
    /// Signed in.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last request (to the minute).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub last_seen_at: OffsetDateTime,
    /// Ends at the latest.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
}

impl SessionInfo {
    /// The view of `s`, marked current when it is `current`.
    pub fn new(s: Session, current: Uuid) -> Self {
        SessionInfo {
            current: s.id == current,
            id: s.id,
            ip: s.ip,
            user_agent: s.user_agent,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
        }
    }
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password now (omit it only when the account has none yet).
    #[serde(default)]
    pub current_password: Option<String>,
    /// The new password.
    pub new_password: String,
}

/// The workspace a session works in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChooseWorkspace {
    /// A workspace the account belongs to.
    pub workspace_id: Uuid,
}

/// A request that only names an e-mail address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailOnly {
    /// E-mail address.
    pub email: String,
}

/// A single-use token from an e-mailed link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenOnly {
    /// The token from the link.
    pub token: String,
}

/// A new password chosen with an e-mailed reset token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    /// The token from the link.
    pub token: String,
    /// The new password.
    pub new_password: String,
}

/// A plain acknowledgement, worded the same whether or not an account exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// What happens next.
    pub detail: String,
}

//! Privacy: a signed-in user downloads everything Lander holds about them, or deletes their
//! account. The audit log keeps the events of a deleted account, without who or from where.

use super::account_views::{AccountView, MembershipView, SessionInfo};
use super::responses::{BadJson, NotJson, TooLarge, Unauthorized};
use super::{AuditView, TokenView};
use crate::AppState;
use crate::auth::{SignedIn, verify_password};
use crate::error::{ApiError, JsonBody, ProblemDetails};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_store::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Everything Lander holds about an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountExport {
    /// When this export was made.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub exported_at: time::OffsetDateTime,
    /// The account.
    pub account: AccountView,
    /// Workspaces and roles.
    pub workspaces: Vec<MembershipView>,
    /// Live sessions (address and browser of each).
    pub sessions: Vec<SessionInfo>,
    /// API tokens (never their secrets).
    pub tokens: Vec<TokenView>,
    /// Linked single sign-on identities.
    pub identities: Vec<IdentityView>,
    /// Every audit-log entry of the account's actions.
    pub activity: Vec<AuditView>,
}

/// A linked identity at an OpenID provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityView {
    /// Provider name.
    pub provider: String,
    /// Subject at the provider.
    pub subject: String,
}

/// Confirms an account deletion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccount {
    /// Your password (omit it only when the account has none).
    #[serde(default)]
    pub password: Option<String>,
}

/// Download everything Lander holds about you, as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/account/export",
    tag = "account",
    responses(
        (status = 200, description = "The export (sent as an attachment)", body = AccountExport),
        Unauthorized,
        (status = 403, description = "API tokens cannot export an account", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn export_account(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, ApiError> {
    let id = who.account.id;
    let store = &state.store;
    let export = AccountExport {
        exported_at: time::OffsetDateTime::now_utc(),
        account: AccountView::from(&who.account),
        workspaces: store
            .memberships(id)
            .await?
            .iter()
            .map(MembershipView::from)
            .collect(),
        sessions: store
            .sessions(id)
            .await?
            .into_iter()
            .map(|s| SessionInfo::new(s, who.session.id))
            .collect(),
        tokens: store
            .tokens(id)
            .await?
            .into_iter()
            .map(TokenView::from)
            .collect(),
        identities: store
            .oidc_identities(id)
            .await?
            .into_iter()
            .map(|(provider, subject)| IdentityView { provider, subject })
            .collect(),
        activity: store
            .audit_by_actor(id)
            .await?
            .into_iter()
            .map(AuditView::from)
            .collect(),
    };
    let mut res = Json(export).into_response();
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"lander-account.json\""),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Delete your account: memberships, tokens, sessions and identities go; workspaces where you
/// are the only member go with it. The audit log keeps the events without your account,
/// address or browser. Refused while you are the only owner of a workspace others belong to.
#[utoipa::path(
    delete,
    path = "/api/v1/account",
    tag = "account",
    request_body = DeleteAccount,
    responses(
        (status = 204, description = "Deleted; the session cookie is removed"),
        BadJson,
        Unauthorized,
        (status = 403, description = "Wrong password, or CSRF checks failed", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "You are the only owner of a workspace with other members", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
    )
)]
pub async fn delete_account(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(body): JsonBody<DeleteAccount>,
) -> Result<Response, ApiError> {
    let account = &who.account;
    let confirmed = match (&body.password, account.password_hash.is_empty()) {
        (Some(p), false) => verify_password(p, &account.password_hash),
        (None, true) => true,
        _ => false,
    };
    if !confirmed {
        return Err(ApiError::Forbidden(
            "the password is wrong; your account is unchanged".into(),
        ));
    }
    let mut alone_in = Vec::new();
    for m in state.store.memberships(account.id).await? {
        let members = state.store.members(m.workspace.id).await?;
        let owners = members.iter().filter(|x| x.role.0 == Role::Owner).count();
        if members.len() == 1 {
            alone_in.push(m.workspace.id);
        } else if m.role == Role::Owner && owners == 1 {
            return Err(ApiError::Conflict {
                detail: format!(
                    "you are the only owner of '{}', which has other members; make one of them \
                     owner (or delete the workspace) first",
                    m.workspace.name
                ),
                pointer: None,
            });
        }
    }
    for ws in &alone_in {
        state.store.delete_workspace(*ws, &who.audit()).await?;
    }
    state.store.delete_account(account.id, &who.audit()).await?;
    if !alone_in.is_empty() {
        state.edge.warm(state.store.as_ref()).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, state.sessions.clear_cookie());
    Ok(res)
}

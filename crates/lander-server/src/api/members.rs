//! Members, invitations and workspaces: admins manage members and invite people by e-mail with a
//! role no higher than their own; owners transfer or delete the workspace; a workspace always
//! keeps at least one owner.

use super::account::{Client, deliver, hit_limits, sign_in_as};
use super::account_views::*;
use super::responses::{BadJson, BadLink, Forbidden, NotJson, RateLimited, TooLarge, Unauthorized};
use crate::AppState;
use crate::auth::{Auth, Caller, SignedIn, generate_secret, normalise_email, token_hash};
use crate::error::{ApiError, ApiPath, JsonBody, ProblemDetails};
use crate::mail;
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lander_store::{AuditEntry, NewOneTimeToken, Outcome, Role, StoreError, TokenKind};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// How long an invitation works.
pub const INVITE_DAYS: i64 = 7;

/// A member of the workspace.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    /// Account id.
    pub account_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Role.
    #[schema(example = "editor")]
    pub role: String,
    /// Joined.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub joined_at: OffsetDateTime,
}

/// A new role for a member.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRole {
    /// `viewer`, `editor`, `publisher`, `admin` or `owner`.
    pub role: String,
}

/// An invitation to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitation {
    /// Address to invite.
    pub email: String,
    /// Role they join with; at most yours.
    pub role: String,
}

/// A pending invitation.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    /// Id.
    pub id: Uuid,
    /// Invited address.
    pub email: String,
    /// Role they join with.
    pub role: Option<String>,
    /// Works until.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Sent.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<lander_store::OneTimeToken> for InvitationView {
    fn from(t: lander_store::OneTimeToken) -> Self {
        InvitationView {
            id: t.id,
            email: t.email,
            role: t.role.0.map(|r| r.as_str().to_string()),
            expires_at: t.expires_at,
            created_at: t.created_at,
        }
    }
}

/// Accepting an invitation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The token from the invitation link.
    pub token: String,
    /// A password for the new account, when the address has none yet and the browser is not
    /// signed in.
    #[serde(default)]
    pub password: Option<String>,
}

/// A new workspace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspace {
    /// Its name (1 to 100 characters).
    pub name: String,
}

/// Hand the workspace to another member.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferWorkspace {
    /// The member who becomes owner; you become admin.
    pub account_id: Uuid,
}

fn parse_role(raw: &str, pointer: &str) -> Result<Role, ApiError> {
    raw.parse::<Role>()
        .map_err(|e| ApiError::invalid(pointer, e))
}

/// Records a refusal and answers 403.
async fn refuse(
    state: &AppState,
    who: &Caller,
    action: &str,
    target: (&str, String),
    why: String,
) -> ApiError {
    let mut entry = who.audit();
    entry.action = action.into();
    entry.outcome = Outcome::Denied;
    entry.target_type = Some(target.0.into());
    entry.target_id = Some(target.1);
    crate::policy::record_refusal(state, &entry).await;
    ApiError::Forbidden(why)
}

/// The workspace's members, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/members",
    tag = "members",
    responses(
        (status = 200, description = "Members", body = Vec<MemberView>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_members(
    State(state): State<AppState>,
    Auth(who): Auth,
) -> Result<Json<Vec<MemberView>>, ApiError> {
    policy::enforce(&state, &who, Action::ManageMembers, None).await?;
    let members = state.store.members(who.workspace_id).await?;
    Ok(Json(
        members
            .into_iter()
            .map(|m| MemberView {
                account_id: m.account_id,
                email: m.email,
                role: m.role.0.as_str().to_string(),
                joined_at: m.created_at,
            })
            .collect(),
    ))
}

async fn member_role(
    state: &AppState,
    workspace_id: Uuid,
    account_id: Uuid,
) -> Result<Role, ApiError> {
    state
        .store
        .members(workspace_id)
        .await?
        .into_iter()
        .find(|m| m.account_id == account_id)
        .map(|m| m.role.0)
        .ok_or_else(|| {
            ApiError::NotFound(format!("'{account_id}' is not a member of this workspace"))
        })
}

fn member_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::NotFound(format!("'{raw}' is not a member of this workspace")))
}

/// Change a member's role. You can neither grant a role above yours nor change someone whose
/// role is above yours; the last owner stays an owner.
#[utoipa::path(
    patch,
    path = "/api/v1/members/{account_id}",
    tag = "members",
    params(("account_id" = Uuid, Path, description = "The member's account id")),
    request_body = ChangeRole,
    responses(
        (status = 204, description = "Changed"),
        BadJson,
        Unauthorized,
        Forbidden,
        (status = 404, description = "Not a member", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "It would leave the workspace without an owner", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        (status = 422, description = "Not a role", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn change_member(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    JsonBody(body): JsonBody<ChangeRole>,
) -> Result<StatusCode, ApiError> {
    let target = member_id(&id)?;
    policy::enforce(
        &state,
        &who,
        Action::ManageMembers,
        Some(("account", id.clone())),
    )
    .await?;
    let role = parse_role(&body.role, "/role")?;
    let current = member_role(&state, who.workspace_id, target).await?;
    if role > who.role || current > who.role {
        return Err(refuse(
            &state,
            &who,
            "member.set",
            ("account", id),
            format!(
                "your role is {}: you cannot give the {role} role or change a member who is {current}",
                who.role
            ),
        )
        .await);
    }
    state
        .store
        .set_member(who.workspace_id, target, role, &who.audit())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member (their tokens here are revoked). Anyone may leave; admins remove others whose
/// role is not above theirs; the last owner cannot go.
#[utoipa::path(
    delete,
    path = "/api/v1/members/{account_id}",
    tag = "members",
    params(("account_id" = Uuid, Path, description = "The member's account id")),
    responses(
        (status = 204, description = "Removed"),
        Unauthorized,
        Forbidden,
        (status = 404, description = "Not a member", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "The last owner cannot be removed", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn remove_member(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let target = member_id(&id)?;
    if target != who.account_id {
        policy::enforce(
            &state,
            &who,
            Action::ManageMembers,
            Some(("account", id.clone())),
        )
        .await?;
        let current = member_role(&state, who.workspace_id, target).await?;
        if current > who.role {
            return Err(refuse(
                &state,
                &who,
                "member.remove",
                ("account", id),
                format!(
                    "your role is {}: you cannot remove a member who is {current}",
                    who.role
                ),
            )
            .await);
        }
    }
    state
        .store
        .remove_member(who.workspace_id, target, &who.audit())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                ApiError::NotFound(format!("'{id}' is not a member of this workspace"))
            }
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite someone by e-mail to join with a role no higher than yours. The link works once, for
/// seven days.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "members",
    request_body = CreateInvitation,
    responses(
        (status = 201, description = "Sent", body = InvitationView),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        (status = 422, description = "Not an e-mail address or not a role", body = ProblemDetails, content_type = "application/problem+json"),
        RateLimited,
    )
)]
pub async fn create_invitation(
    State(state): State<AppState>,
    Auth(who): Auth,
    JsonBody(body): JsonBody<CreateInvitation>,
) -> Result<(StatusCode, Json<InvitationView>), ApiError> {
    policy::enforce(&state, &who, Action::ManageMembers, None).await?;
    let mut errors = Vec::new();
    let email = normalise_email(&body.email)
        .map_err(|e| errors.push(("/email", e.to_string())))
        .ok();
    let role = body
        .role
        .parse::<Role>()
        .map_err(|e| errors.push(("/role", e)))
        .ok();
    ApiError::check_fields(errors)?;
    let (Some(email), Some(role)) = (email, role) else {
        return Err(ApiError::invalid("", "invalid invitation"));
    };
    if role > who.role {
        return Err(refuse(
            &state,
            &who,
            "invite.create",
            ("email_role", role.as_str().to_string()),
            format!(
                "your role is {}: you cannot invite someone as {role}",
                who.role
            ),
        )
        .await);
    }
    hit_limits(&state, &[&format!("invite:account:{}", who.account_id)])?;
    let secret = generate_secret();
    let invite = state
        .store
        .create_one_time_token(
            NewOneTimeToken {
                kind: TokenKind::Invite,
                token_hash: &token_hash(&secret),
                email: &email,
                account_id: None,
                workspace_id: Some(who.workspace_id),
                role: Some(role),
                created_by: Some(who.account_id),
                expires_at: OffsetDateTime::now_utc() + time::Duration::days(INVITE_DAYS),
            },
            &who.audit(),
        )
        .await?;
    let workspace = state.store.workspace(who.workspace_id).await?;
    let link = format!(
        "{}/app/invitation#token={secret}",
        state.sessions.public_origin
    );
    deliver(
        &state,
        mail::invitation(
            &email,
            &who.email,
            &workspace.name,
            role.as_str(),
            &link,
            INVITE_DAYS as u32,
        ),
    )
    .await;
    Ok((StatusCode::CREATED, Json(InvitationView::from(invite))))
}

/// The workspace's pending invitations, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/invitations",
    tag = "members",
    responses(
        (status = 200, description = "Pending invitations", body = Vec<InvitationView>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_invitations(
    State(state): State<AppState>,
    Auth(who): Auth,
) -> Result<Json<Vec<InvitationView>>, ApiError> {
    policy::enforce(&state, &who, Action::ManageMembers, None).await?;
    let list = state.store.invitations(who.workspace_id).await?;
    Ok(Json(list.into_iter().map(InvitationView::from).collect()))
}

/// Withdraw a pending invitation; its link stops working.
#[utoipa::path(
    delete,
    path = "/api/v1/invitations/{id}",
    tag = "members",
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Withdrawn"),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such pending invitation", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound(format!("there is no pending invitation '{id}'"));
    let invite_id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    policy::enforce(
        &state,
        &who,
        Action::ManageMembers,
        Some(("invite", id.clone())),
    )
    .await?;
    match state
        .store
        .revoke_invitation(who.workspace_id, invite_id, &who.audit())
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(StoreError::NotFound) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// Accept an invitation. A signed-in browser joins with its account; otherwise an address
/// without an account gets one (with `password`) and is signed in; an address with an account
/// signs in first.
#[utoipa::path(
    post,
    path = "/api/v1/auth/invitations/accept",
    tag = "account",
    security(()),
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Joined and signed in", body = SessionView),
        BadJson,
        BadLink,
        (status = 401, description = "The address has an account: sign in, then accept", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        (status = 422, description = "A password is needed for the new account, or it is weak", body = ProblemDetails, content_type = "application/problem+json"),
        RateLimited,
    )
)]
pub async fn accept_invitation(
    State(state): State<AppState>,
    client: Client,
    signed_in: Option<SignedIn>,
    JsonBody(body): JsonBody<AcceptInvitation>,
) -> Result<Response, ApiError> {
    state.sessions.check_origin_if_present(&client.headers)?;
    let ip_key = client.ip_key("token");
    super::account::check_limits(&state, &[&ip_key])?;
    let hash = token_hash(body.token.trim());
    let invite = match state.store.one_time_token(TokenKind::Invite, &hash).await {
        Ok(i) => i,
        Err(StoreError::NotFound) => {
            state.limiter.failure(&ip_key);
            return Err(ApiError::BadRequest(
                "this invitation is not valid: it was already used, withdrawn or has expired; \
                 ask for a new one"
                    .into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let account = match signed_in {
        Some(s) => s.account,
        None => match state.store.account_by_email(&invite.email).await {
            Ok(_) => {
                return Err(ApiError::Unauthorized(
                    "this address already has an account: sign in, then open the invitation \
                     link again"
                        .into(),
                ));
            }
            Err(StoreError::NotFound) => {
                let Some(password) = body.password.as_deref() else {
                    return Err(ApiError::invalid(
                        "/password",
                        "choose a password for your new account",
                    ));
                };
                let (account, _) = crate::auth::create_user(
                    state.store.as_ref(),
                    &invite.email,
                    password,
                    &client.audit(None),
                )
                .await
                .map_err(|e| match e {
                    crate::auth::AccountError::WeakPassword(p) => ApiError::invalid("/password", p),
                    crate::auth::AccountError::Store(e) => e.into(),
                    other => ApiError::Internal(other.into()),
                })?;
                // The link reached this address: it is verified.
                state
                    .store
                    .set_email_verified(account.id, &client.audit(Some(account.id)))
                    .await?;
                account
            }
            Err(e) => return Err(e.into()),
        },
    };
    state
        .store
        .accept_invitation(&hash, account.id, &client.audit(Some(account.id)))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::BadRequest("this invitation was just used".into()),
            other => other.into(),
        })?;
    let account = state.store.account(account.id).await?;
    sign_in_as(&state, &client, &account, StatusCode::OK).await
}

/// Your workspaces and your role in each.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces",
    tag = "members",
    responses(
        (status = 200, description = "Workspaces", body = Vec<MembershipView>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_workspaces(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Json<Vec<MembershipView>>, ApiError> {
    let list = state.store.memberships(who.account.id).await?;
    Ok(Json(list.iter().map(MembershipView::from).collect()))
}

/// Create a workspace; you become its owner.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces",
    tag = "members",
    request_body = CreateWorkspace,
    responses(
        (status = 201, description = "Created", body = MembershipView),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        (status = 422, description = "Invalid name", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn create_workspace(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(body): JsonBody<CreateWorkspace>,
) -> Result<(StatusCode, Json<MembershipView>), ApiError> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "/name",
            "a workspace name is 1 to 100 characters",
        ));
    }
    let ws = state.store.create_workspace(name).await?;
    let audit = AuditEntry {
        workspace_id: Some(ws.id),
        ..who.audit()
    };
    state
        .store
        .set_member(ws.id, who.account.id, Role::Owner, &audit)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(MembershipView {
            id: ws.id,
            name: ws.name,
            role: Role::Owner.as_str().into(),
        }),
    ))
}

/// Make another member the owner; you become admin.
#[utoipa::path(
    post,
    path = "/api/v1/workspace/transfer",
    tag = "members",
    request_body = TransferWorkspace,
    responses(
        (status = 204, description = "Transferred"),
        BadJson,
        Unauthorized,
        Forbidden,
        (status = 404, description = "Not a member", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
    )
)]
pub async fn transfer_workspace(
    State(state): State<AppState>,
    Auth(who): Auth,
    JsonBody(body): JsonBody<TransferWorkspace>,
) -> Result<StatusCode, ApiError> {
    policy::enforce(
        &state,
        &who,
        Action::ManageWorkspace,
        Some(("account", body.account_id.to_string())),
    )
    .await?;
    state
        .store
        .transfer_workspace(
            who.workspace_id,
            who.account_id,
            body.account_id,
            &who.audit(),
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::NotFound(format!(
                "'{}' is not a member of this workspace",
                body.account_id
            )),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete the workspace with its pages, tokens and invitations. Its published pages go offline.
#[utoipa::path(
    delete,
    path = "/api/v1/workspace",
    tag = "members",
    responses(
        (status = 204, description = "Deleted"),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn delete_workspace(
    State(state): State<AppState>,
    Auth(who): Auth,
) -> Result<StatusCode, ApiError> {
    policy::enforce(
        &state,
        &who,
        Action::ManageWorkspace,
        Some(("workspace", who.workspace_id.to_string())),
    )
    .await?;
    state
        .store
        .delete_workspace(who.workspace_id, &who.audit())
        .await?;
    state.edge.warm(state.store.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

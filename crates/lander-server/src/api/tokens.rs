//! API tokens through the API: admins create tokens (acting as themselves, at a role no higher
//! than their own), list the workspace's tokens and revoke them. Secrets are shown once.

use super::responses::{BadJson, Forbidden, NotJson, TooLarge, Unauthorized};
use super::{CreateToken, CreatedToken, TokenView};
use crate::AppState;
use crate::auth::{AccountError, Auth, NewTokenFor, issue_token};
use crate::error::{ApiError, ApiPath, JsonBody, ProblemDetails};
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lander_store::{Role, StoreError};
use time::OffsetDateTime;
use uuid::Uuid;

/// Create a token for yourself in this workspace. The secret is in the answer, once.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "workspace",
    request_body = CreateToken,
    responses(
        (status = 201, description = "Created; `token` is the secret, shown only now", body = CreatedToken),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        (status = 422, description = "Invalid name, role above yours, or expiry in the past", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    Auth(who): Auth,
    JsonBody(body): JsonBody<CreateToken>,
) -> Result<Response, ApiError> {
    policy::enforce(&state, &who, Action::ManageTokens, None).await?;
    let mut errors = Vec::new();
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(("/name", "a token name is 1 to 100 characters".to_string()));
    }
    let role = match body.role.as_deref().map(str::parse::<Role>) {
        None => who.role,
        Some(Ok(r)) if r <= who.role => r,
        Some(Ok(r)) => {
            errors.push((
                "/role",
                format!(
                    "a token's role cannot be above yours ({}), asked for {r}",
                    who.role
                ),
            ));
            who.role
        }
        Some(Err(e)) => {
            errors.push(("/role", e));
            who.role
        }
    };
    let expires_at = match body.expires_at.as_deref() {
        None => None,
        Some(s) => match OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
            Ok(t) if t > OffsetDateTime::now_utc() => Some(t),
            Ok(_) => {
                errors.push(("/expires_at", "must be in the future".to_string()));
                None
            }
            Err(_) => {
                errors.push((
                    "/expires_at",
                    "an RFC 3339 time, e.g. 2027-01-31T00:00:00Z".into(),
                ));
                None
            }
        },
    };
    ApiError::check_fields(errors)?;
    let new = NewTokenFor {
        account_id: who.account_id,
        workspace_id: who.workspace_id,
        role,
        name,
        expires_at,
    };
    let (secret, record) = issue_token(state.store.as_ref(), new, &who.audit())
        .await
        .map_err(|e| match e {
            AccountError::Store(e) => e.into(),
            other => ApiError::Internal(other.into()),
        })?;
    let body = CreatedToken {
        token: secret,
        info: TokenView::from(record),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The workspace's tokens, newest first (never their secrets).
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "workspace",
    responses(
        (status = 200, description = "Tokens", body = Vec<TokenView>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    Auth(who): Auth,
) -> Result<Json<Vec<TokenView>>, ApiError> {
    policy::enforce(&state, &who, Action::ManageTokens, None).await?;
    let tokens = state.store.workspace_tokens(who.workspace_id).await?;
    Ok(Json(tokens.into_iter().map(TokenView::from).collect()))
}

/// Revoke a token of this workspace; it stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "workspace",
    params(("id" = Uuid, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such token in this workspace", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound(format!("there is no token '{id}' in this workspace"));
    let token_id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let token = match state.store.token(token_id).await {
        Ok(t) if t.workspace_id == who.workspace_id => t,
        Ok(_) | Err(StoreError::NotFound) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    policy::enforce(
        &state,
        &who,
        Action::ManageTokens,
        Some(("token", id.clone())),
    )
    .await?;
    state.store.revoke_token(token.id, &who.audit()).await?;
    Ok(StatusCode::NO_CONTENT)
}

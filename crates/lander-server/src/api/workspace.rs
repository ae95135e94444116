//! `GET /api/v1/workspace`: the workspace the caller's token acts in, and the caller's role.

use super::responses::{Forbidden, Unauthorized};
use super::{JsonResult, WorkspaceView};
use crate::AppState;
use crate::auth::Auth;
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::State;

/// The workspace the token acts in and the role it acts with.
#[utoipa::path(
    get,
    path = "/api/v1/workspace",
    tag = "workspace",
    responses(
        (status = 200, description = "The workspace", body = WorkspaceView),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn current_workspace(
    State(state): State<AppState>,
    Auth(who): Auth,
) -> JsonResult<WorkspaceView> {
    policy::require(&who, Action::ReadPages)?;
    let ws = state.store.workspace(who.workspace_id).await?;
    Ok(Json(WorkspaceView {
        id: ws.id,
        name: ws.name,
        role: who.role.as_str().to_string(),
    }))
}

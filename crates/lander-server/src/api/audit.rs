//! `GET /api/v1/audit`: the workspace's audit log, for admins. Read-only: no endpoint changes
//! or deletes entries.

use super::responses::{Forbidden, Unauthorized};
use super::{AuditList, AuditView, JsonResult};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::{RawQuery, State};
use lander_store::{AuditQuery, Outcome};
use uuid::Uuid;

fn parse_query(raw: Option<&str>, workspace_id: Uuid) -> Result<AuditQuery, ApiError> {
    let mut q = AuditQuery {
        workspace_id,
        limit: 100,
        ..Default::default()
    };
    let mut errors = Vec::new();
    let mut bad = |pointer: &'static str, detail: &str| errors.push((pointer, detail.to_string()));
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "action" if !value.is_empty() && value.len() <= 100 => q.action = Some(value.into()),
            "action" => bad("/action", "an action name such as page.publish"),
            "outcome" => match Outcome::parse(&value) {
                Some(o) => q.outcome = Some(o),
                None => bad("/outcome", "must be 'ok' or 'denied'"),
            },
            "actor" => match Uuid::parse_str(&value) {
                Ok(id) => q.actor_account_id = Some(id),
                Err(_) => bad("/actor", "must be an account id (UUID)"),
            },
            "limit" => match value.parse::<i64>() {
                Ok(n) if (1..=500).contains(&n) => q.limit = n,
                _ => bad("/limit", "must be a whole number from 1 to 500"),
            },
            "offset" => match value.parse::<i64>() {
                Ok(n) if (0..=i64::from(i32::MAX)).contains(&n) => q.offset = n,
                _ => bad("/offset", "must be a whole number from 0 to 2147483647"),
            },
            _ => {}
        }
    }
    ApiError::check_fields(errors)?;
    Ok(q)
}

/// The workspace's audit log, newest first: every change (who, which token, what, when, from
/// where) and every refusal.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "workspace",
    params(
        ("action" = Option<String>, Query, description = "Only this action, e.g. `page.publish`"),
        ("outcome" = Option<String>, Query, description = "`ok` or `denied`"),
        ("actor" = Option<Uuid>, Query, description = "Only this account"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Entries, 1-500 (default 100)"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 2147483647, description = "Entries to skip"),
    ),
    responses(
        (status = 200, description = "Entries, newest first", body = AuditList),
        Unauthorized,
        Forbidden,
        (status = 422, description = "Invalid query parameter", body = crate::error::ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn read_audit_log(
    State(state): State<AppState>,
    Auth(who): Auth,
    RawQuery(raw): RawQuery,
) -> JsonResult<AuditList> {
    policy::enforce(&state, &who, Action::ReadAudit, None).await?;
    let q = parse_query(raw.as_deref(), who.workspace_id)?;
    let items = state.store.audit_log(&q).await?;
    Ok(Json(AuditList {
        items: items.into_iter().map(AuditView::from).collect(),
        limit: q.limit,
        offset: q.offset,
    }))
}

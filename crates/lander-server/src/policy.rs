//! The one place that decides what a role may do. Every handler asks [`require`] before it acts;
//! the role x action table below is the whole policy, and a test walks every cell of it
//! through the real HTTP API.

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use lander_store::{Outcome, Principal, Role};

/// Everything a caller can ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// List templates, list and read pages, drafts and versions, see the workspace.
    ReadPages,
    /// Create, duplicate and edit pages (settings and drafts) and render previews.
    EditPages,
    /// Publish, unpublish, roll back and delete pages (anything that changes what visitors see).
    PublishPages,
    /// Read the workspace's asset library (uploaded images and their usage).
    ReadAssets,
    /// Upload images to the asset library and delete unused ones.
    EditAssets,
    /// Read the workspace's audit log.
    ReadAudit,
    /// Create, list and revoke the workspace's API tokens.
    ManageTokens,
    /// List members, change their roles, remove them, and invite people.
    ManageMembers,
    /// Transfer or delete the workspace.
    ManageWorkspace,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 9] = [
        Action::ReadPages,
        Action::EditPages,
        Action::PublishPages,
        Action::ReadAssets,
        Action::EditAssets,
        Action::ReadAudit,
        Action::ManageTokens,
        Action::ManageMembers,
        Action::ManageWorkspace,
    ];

    /// The least powerful role allowed to do this.
    pub fn min_role(self) -> Role {
        match self {
            Action::ReadPages => Role::Viewer,
            Action::EditPages => Role::Editor,
            Action::PublishPages => Role::Publisher,
            Action::ReadAssets => Role::Viewer,
            Action::EditAssets => Role::Editor,
            Action::ReadAudit => Role::Admin,
            Action::ManageTokens => Role::Admin,
            Action::ManageMembers => Role::Admin,
            Action::ManageWorkspace => Role::Owner,
        }
    }

    /// The audit-log name of the action.
    pub fn audit_name(self) -> &'static str {
        match self {
            Action::ReadPages => "pages.read",
            Action::EditPages => "pages.edit",
            Action::PublishPages => "pages.publish",
            Action::ReadAssets => "assets.read",
            Action::EditAssets => "assets.edit",
            Action::ReadAudit => "audit.read",
            Action::ManageTokens => "tokens.manage",
            Action::ManageMembers => "members.manage",
            Action::ManageWorkspace => "workspace.manage",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Action::ReadPages => "read pages",
            Action::EditPages => "edit pages",
            Action::PublishPages => "publish, unpublish, roll back or delete pages",
            Action::ReadAssets => "read the asset library",
            Action::EditAssets => "upload or delete images",
            Action::ReadAudit => "read the audit log",
            Action::ManageTokens => "manage API tokens",
            Action::ManageMembers => "manage members and invitations",
            Action::ManageWorkspace => "transfer or delete the workspace",
        }
    }
}

/// May `role` do `action`?
pub fn allows(role: Role, action: Action) -> bool {
    role >= action.min_role()
}

/// Like [`require`], and a refusal is recorded in the audit log (a failure to record it is
/// logged; the caller gets the 403 either way).
pub async fn enforce(
    state: &AppState,
    who: &Caller,
    action: Action,
    target: Option<(&str, String)>,
) -> Result<(), ApiError> {
    let refusal = match require(who, action) {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    let mut entry = who.audit();
    entry.action = action.audit_name().to_string();
    entry.outcome = Outcome::Denied;
    if let Some((kind, id)) = target {
        entry.target_type = Some(kind.to_string());
        entry.target_id = Some(id);
    }
    record_refusal(state, &entry).await;
    Err(refusal)
}

/// Appends a refusal to the audit log. A failure to record it is logged, not returned: the
/// caller is refused either way.
pub async fn record_refusal(state: &AppState, entry: &lander_store::AuditEntry) {
    if let Err(e) = state.store.record_audit(entry).await {
        tracing::error!(error = %e, action = %entry.action, "could not record a refusal in the audit log");
    }
}

/// 403 unless the caller's role allows `action`.
pub fn require(who: &Principal, action: Action) -> Result<(), ApiError> {
    if allows(who.role, action) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "your role in this workspace is {}; to {} you need the {} role or higher",
            who.role,
            action.describe(),
            action.min_role()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        let expected = [
            // viewer, editor, publisher, admin, owner
            (Action::ReadPages, [true, true, true, true, true]),
            (Action::EditPages, [false, true, true, true, true]),
            (Action::PublishPages, [false, false, true, true, true]),
            (Action::ReadAssets, [true, true, true, true, true]),
            (Action::EditAssets, [false, true, true, true, true]),
            (Action::ReadAudit, [false, false, false, true, true]),
            (Action::ManageTokens, [false, false, false, true, true]),
            (Action::ManageMembers, [false, false, false, true, true]),
            (Action::ManageWorkspace, [false, false, false, false, true]),
        ];
        for (action, row) in expected {
            for (role, allowed) in Role::ALL.into_iter().zip(row) {
                assert_eq!(allows(role, action), allowed, "{role} {action:?}");
            }
        }
        assert_eq!(expected.len(), Action::ALL.len());
    }
}

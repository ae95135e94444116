//! The one place that decides what a role may do. Every handler asks [`require`] before it acts;
//! the role x action table below is the whole policy, and a test walks every cell of it
//! through the real HTTP API.

use crate::error::ApiError;
use lander_store::{Principal, Role};

/// Everything a caller can ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// List templates, list and read pages, drafts and versions, see the workspace.
    ReadPages,
    /// Create, duplicate and edit pages (settings and drafts) and render previews.
    EditPages,
    /// Publish, unpublish, roll back and delete pages (anything that changes what visitors see).
    PublishPages,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 3] = [Action::ReadPages, Action::EditPages, Action::PublishPages];

    /// The least powerful role allowed to do this.
    pub fn min_role(self) -> Role {
        match self {
            Action::ReadPages => Role::Viewer,
            Action::EditPages => Role::Editor,
            Action::PublishPages => Role::Publisher,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Action::ReadPages => "read pages",
            Action::EditPages => "edit pages",
            Action::PublishPages => "publish, unpublish, roll back or delete pages",
        }
    }
}

/// May `role` do `action`?
pub fn allows(role: Role, action: Action) -> bool {
    role >= action.min_role()
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
        ];
        for (action, row) in expected {
            for (role, allowed) in Role::ALL.into_iter().zip(row) {
                assert_eq!(allows(role, action), allowed, "{role} {action:?}");
            }
        }
        assert_eq!(expected.len(), Action::ALL.len());
    }
}

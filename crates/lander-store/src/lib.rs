//! Lander's storage: accounts, API tokens, pages with drafts, and immutable published versions,
//! behind one [`Store`] trait with a SQLite and a PostgreSQL backend. The backend is chosen once,
//! from the database URL, by [`connect`]; migrations for each backend are embedded.

mod backends;
mod model;
#[cfg(feature = "testing")]
pub mod testing;

pub use model::*;

use async_trait::async_trait;
use std::sync::Arc;
use uuid::Uuid;

/// What can go wrong in storage, in terms callers can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness or reference rule was broken; `constraint` names it when known
    /// (e.g. `page_slug_key`).
    #[error("conflict on {}", constraint.as_deref().unwrap_or("a constraint"))]
    Conflict {
        /// Name of the violated constraint.
        constraint: Option<String>,
    },
    /// An optimistic-concurrency check failed: the stored revision is `current`.
    #[error("stale revision: the current revision is {current}")]
    StaleRevision {
        /// The revision now stored.
        current: i64,
    },
    /// The database cannot be reached right now (connection refused, pool exhausted or
    /// closed); the operation may succeed if retried.
    #[error("database unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database answered with an unexpected error.
    #[error("database error")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Result of a storage call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => {
                use sqlx::error::ErrorKind;
                match db.kind() {
                    ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation => {
                        let constraint = db
                            .constraint()
                            .map(str::to_string)
                            .or_else(|| sqlite_constraint_name(db.message()));
                        StoreError::Conflict { constraint }
                    }
                    _ => StoreError::Other(Box::new(sqlx::Error::Database(db))),
                }
            }
            e @ (sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)) => StoreError::Unavailable(Box::new(e)),
            other => StoreError::Other(Box::new(other)),
        }
    }
}

/// SQLite reports "UNIQUE constraint failed: page.slug"; name it as PostgreSQL would
/// (`page_slug_key`) so callers match one name on both backends.
fn sqlite_constraint_name(message: &str) -> Option<String> {
    let cols = message.strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = "";
    let mut names = Vec::new();
    for col in cols.split(", ") {
        let (t, c) = col.split_once('.')?;
        table = t;
        names.push(c);
    }
    Some(format!("{table}_{}_key", names.join("_")))
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(Box::new(e))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Other(Box::new(e))
    }
}

/// Everything Lander keeps in its database.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Applies pending migrations.
    async fn migrate(&self) -> Result<()>;
    /// Checks the database answers.
    async fn ping(&self) -> Result<()>;
    /// Closes the pool, waiting for connections to be returned.
    async fn close(&self);

    /// Creates an account. The e-mail must already be normalised (trimmed, lowercase).
    async fn create_account(&self, email: &str, password_hash: &str) -> Result<Account>;
    /// Finds an account by normalised e-mail.
    async fn account_by_email(&self, email: &str) -> Result<Account>;

    /// Number of accounts.
    async fn count_accounts(&self) -> Result<i64>;
    /// Every account, oldest first.
    async fn accounts(&self) -> Result<Vec<Account>>;
    /// Replaces an account's password hash.
    async fn set_password_hash(&self, account_id: Uuid, password_hash: &str) -> Result<()>;
    /// Disables an account: its tokens stop working; nothing is deleted.
    async fn disable_account(&self, account_id: Uuid) -> Result<()>;
    /// An account's tokens (metadata only), newest first, revoked ones included.
    async fn tokens(&self, account_id: Uuid) -> Result<Vec<ApiToken>>;
    /// Revokes a token (revoking twice is harmless); audited in the same transaction.
    async fn revoke_token(&self, token_id: Uuid, audit: &AuditEntry) -> Result<()>;

    /// Creates a workspace.
    async fn create_workspace(&self, name: &str) -> Result<Workspace>;
    /// Every workspace, oldest first.
    async fn workspaces(&self) -> Result<Vec<Workspace>>;
    /// One workspace.
    async fn workspace(&self, id: Uuid) -> Result<Workspace>;
    /// Makes an account a member of a workspace with a role, or changes its role.
    async fn set_member(&self, workspace_id: Uuid, account_id: Uuid, role: Role) -> Result<()>;
    /// An account's memberships, oldest first.
    async fn memberships(&self, account_id: Uuid) -> Result<Vec<Membership>>;

    /// Stores a new API token (only its hash), scoped to a workspace and a role; audited in the
    /// same transaction.
    async fn create_token(&self, token: NewToken<'_>, audit: &AuditEntry) -> Result<ApiToken>;
    /// One token's metadata.
    async fn token(&self, token_id: Uuid) -> Result<ApiToken>;
    /// The tokens of a workspace (metadata only), newest first, revoked ones included.
    async fn workspace_tokens(&self, workspace_id: Uuid) -> Result<Vec<ApiToken>>;
    /// The account, workspace and effective role behind a token hash, if the token is valid
    /// (not revoked, not expired, its account still a member), and records the use.
    async fn authenticate_token(&self, token_hash: &[u8]) -> Result<Principal>;

    /// Appends an entry to the audit log on its own (refusals, CLI actions).
    async fn record_audit(&self, entry: &AuditEntry) -> Result<()>;
    /// Reads a workspace's audit log.
    async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>>;

    /// Creates a page with its first draft (revision 1); audited in the same transaction.
    async fn create_page(&self, page: NewPage, audit: &AuditEntry) -> Result<Page>;
    /// One page.
    async fn page(&self, id: Uuid) -> Result<Page>;
    /// A page of pages, newest change first, and the total matching.
    async fn list_pages(&self, query: &PageQuery) -> Result<(Vec<Page>, i64)>;
    /// Deletes a page with its versions; audited in the same transaction.
    async fn delete_page(&self, id: Uuid, audit: &AuditEntry) -> Result<()>;

    /// The page's draft.
    async fn draft(&self, id: Uuid) -> Result<Draft>;
    /// Replaces the draft (and the page's title and slug, which mirror it) and bumps the
    /// revision. With `expected_revision`, fails with [`StoreError::StaleRevision`] unless the
    /// stored revision matches.
    async fn save_draft(&self, id: Uuid, save: SaveDraft, audit: &AuditEntry) -> Result<Draft>;

    /// Stores a new immutable version and makes it live, in one transaction.
    async fn publish(
        &self,
        id: Uuid,
        version: NewVersion,
        audit: &AuditEntry,
    ) -> Result<VersionInfo>;
    /// Takes the page offline (its versions are kept); audited in the same transaction.
    async fn unpublish(&self, id: Uuid, audit: &AuditEntry) -> Result<Page>;
    /// Makes an existing version live again; audited in the same transaction.
    async fn rollback(&self, id: Uuid, version: i64, audit: &AuditEntry) -> Result<Page>;
    /// The page's versions, newest first.
    async fn versions(&self, id: Uuid) -> Result<Vec<VersionInfo>>;
    /// One version with its document and bodies.
    async fn version(&self, id: Uuid, version: i64) -> Result<Version>;

    /// Every live page with the bodies the edge serves.
    async fn live_pages(&self) -> Result<Vec<LivePage>>;
    /// One page's live bodies, or `None` when it is not published.
    async fn live_page(&self, id: Uuid) -> Result<Option<LivePage>>;
}

/// Opens the database named by `url` (`sqlite://path`, `sqlite::memory:` or
/// `postgres://...`). Does not migrate.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(backends::PgStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(backends::SqliteStore::connect(url).await?))
    } else {
        Err(StoreError::Other(
            format!(
                "unsupported database URL '{}': use sqlite://PATH or postgres://...",
                redact_url(url)
            )
            .into(),
        ))
    }
}

/// The URL with any password replaced by `***`, safe to log.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_constraint_names_match_postgres() {
        assert_eq!(
            sqlite_constraint_name("UNIQUE constraint failed: page.slug").as_deref(),
            Some("page_slug_key")
        );
        assert_eq!(
            sqlite_constraint_name(
                "UNIQUE constraint failed: page_version.page_id, page_version.version"
            )
            .as_deref(),
            Some("page_version_page_id_version_key")
        );
    }

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
    }
}

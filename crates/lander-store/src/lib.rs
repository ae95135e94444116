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

    /// Creates an account (audited as `account.create` in the same transaction). The e-mail must
    /// already be normalised (trimmed, lowercase). An empty password hash means the account
    /// signs in only through an identity provider until a password is set.
    async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> Result<Account>;
    /// Finds an account by normalised e-mail.
    async fn account_by_email(&self, email: &str) -> Result<Account>;
    /// Finds an account by id.
    async fn account(&self, id: Uuid) -> Result<Account>;

    /// Number of accounts.
    async fn count_accounts(&self) -> Result<i64>;
    /// Every account, oldest first.
    async fn accounts(&self) -> Result<Vec<Account>>;
    /// Replaces an account's password hash and revokes all its sessions, audited as
    /// `account.password` in the same transaction.
    async fn set_password_hash(
        &self,
        account_id: Uuid,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> Result<()>;
    /// Disables an account: its tokens and sessions stop working; nothing is deleted. Audited.
    async fn disable_account(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()>;
    /// Marks the account's e-mail address as verified (idempotent), audited.
    async fn set_email_verified(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()>;
    /// Deletes an account with its memberships, tokens, sessions and identities. Its audit
    /// entries stay, without the account, address or browser; the deletion itself is audited.
    async fn delete_account(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()>;
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
    /// Makes an account a member of a workspace with a role, or changes its role; audited as
    /// `member.set`. Fails with [`StoreError::Conflict`] on `last_owner` if the workspace would
    /// be left without an owner.
    async fn set_member(
        &self,
        workspace_id: Uuid,
        account_id: Uuid,
        role: Role,
        audit: &AuditEntry,
    ) -> Result<()>;
    /// Removes a member (their tokens in the workspace are revoked); audited as
    /// `member.remove`. Fails on `last_owner` like [`Store::set_member`].
    async fn remove_member(
        &self,
        workspace_id: Uuid,
        account_id: Uuid,
        audit: &AuditEntry,
    ) -> Result<()>;
    /// Makes `to` an owner and `from` an admin, in one transaction; audited.
    async fn transfer_workspace(
        &self,
        workspace_id: Uuid,
        from: Uuid,
        to: Uuid,
        audit: &AuditEntry,
    ) -> Result<()>;
    /// Deletes a workspace with everything in it; audited without a workspace (its own log
    /// goes with it).
    async fn delete_workspace(&self, workspace_id: Uuid, audit: &AuditEntry) -> Result<()>;
    /// An account's memberships, oldest first.
    async fn memberships(&self, account_id: Uuid) -> Result<Vec<Membership>>;
    /// A workspace's members, oldest first.
    async fn members(&self, workspace_id: Uuid) -> Result<Vec<Member>>;

    /// Stores a new browser session (only its token's hash); audited as `session.create`.
    async fn create_session(&self, session: NewSession<'_>, audit: &AuditEntry) -> Result<Session>;
    /// The session and its account behind a token hash, if the session is live: not revoked,
    /// before its absolute expiry, seen after `idle_since`, its account enabled. Records the
    /// use at most once a minute.
    async fn authenticate_session(
        &self,
        token_hash: &[u8],
        idle_since: time::OffsetDateTime,
    ) -> Result<(Session, Account)>;
    /// An account's live sessions, most recently seen first.
    async fn sessions(&self, account_id: Uuid) -> Result<Vec<Session>>;
    /// Revokes one of an account's sessions; audited as `session.revoke`.
    async fn revoke_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        audit: &AuditEntry,
    ) -> Result<()>;
    /// Remembers the workspace a session works in.
    async fn set_session_workspace(&self, session_id: Uuid, workspace_id: Uuid) -> Result<()>;

    /// Stores a single-use token (reset, verify, invite), audited as `<kind>.create`.
    async fn create_one_time_token(
        &self,
        token: NewOneTimeToken<'_>,
        audit: &AuditEntry,
    ) -> Result<OneTimeToken>;
    /// The live (unused, unexpired) single-use token of a kind behind a hash, without using it.
    async fn one_time_token(&self, kind: TokenKind, token_hash: &[u8]) -> Result<OneTimeToken>;
    /// Uses a live single-use token: it never works again. [`StoreError::NotFound`] when it is
    /// unknown, used or expired.
    async fn use_one_time_token(&self, kind: TokenKind, token_hash: &[u8]) -> Result<OneTimeToken>;
    /// Uses an invitation and makes the account a member with its role, in one transaction;
    /// audited as `invite.accept`.
    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        account_id: Uuid,
        audit: &AuditEntry,
    ) -> Result<OneTimeToken>;
    /// A workspace's pending invitations, newest first.
    async fn invitations(&self, workspace_id: Uuid) -> Result<Vec<OneTimeToken>>;
    /// Withdraws a pending invitation of a workspace; audited as `invite.revoke`.
    async fn revoke_invitation(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        audit: &AuditEntry,
    ) -> Result<()>;

    /// The account linked to an identity at an OpenID provider.
    async fn oidc_account(&self, provider: &str, subject: &str) -> Result<Uuid>;
    /// Links an identity at an OpenID provider to an account.
    async fn link_oidc_identity(
        &self,
        provider: &str,
        subject: &str,
        account_id: Uuid,
    ) -> Result<()>;
    /// An account's linked identities as (provider, subject).
    async fn oidc_identities(&self, account_id: Uuid) -> Result<Vec<(String, String)>>;
    /// Stores a pending OIDC sign-in under its `state`.
    async fn save_oidc_login(
        &self,
        state: &str,
        browser_hash: &[u8],
        pending: &str,
        expires_at: time::OffsetDateTime,
    ) -> Result<()>;
    /// Takes (and deletes) a pending OIDC sign-in that has not expired: (browser hash, pending).
    async fn take_oidc_login(&self, state: &str) -> Result<(Vec<u8>, String)>;

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
    /// Reads a workspace's audit log: its own entries and the account-level entries (sign-in,
    /// password, sessions) of its current members.
    async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>>;
    /// Every audit entry an account made, newest first (for its privacy export).
    async fn audit_by_actor(&self, account_id: Uuid) -> Result<Vec<AuditRecord>>;

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

    /// Stores an uploaded asset with its variants (already written to the object store), audited
    /// as `asset.create`, in one transaction. Uploading the same bytes to the same workspace
    /// again returns the asset already stored (not audited again).
    async fn create_asset(&self, asset: NewAsset, audit: &AuditEntry) -> Result<Asset>;
    /// A page of a workspace's assets with their usage counts, newest first, and the total.
    async fn assets(&self, query: &AssetQuery) -> Result<(Vec<AssetUse>, i64)>;
    /// One asset with its variants.
    async fn asset(&self, id: Uuid) -> Result<Asset>;
    /// How many pages of the asset's workspace refer to it in their draft or live version.
    async fn asset_usage(&self, id: Uuid) -> Result<i64>;
    /// Deletes an asset, audited as `asset.delete`. Fails with [`StoreError::Conflict`] on
    /// `asset_in_use` while a page refers to it. Returns the object-store keys no asset refers
    /// to any more (the same bytes may be stored by another workspace), for the caller to
    /// remove.
    async fn delete_asset(&self, id: Uuid, audit: &AuditEntry) -> Result<Vec<String>>;

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

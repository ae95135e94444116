//! The records the store reads and writes.

use lander_doc::Document;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// A user account.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    /// Id.
    pub id: Uuid,
    /// Normalised e-mail.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// When the account was disabled, if it was.
    pub disabled_at: Option<OffsetDateTime>,
    /// When its e-mail address was shown to belong to its holder, if it was.
    pub email_verified_at: Option<OffsetDateTime>,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// An API token's metadata (never the token itself).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiToken {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub account_id: Uuid,
    /// Name given at creation.
    pub name: String,
    /// Workspace it is scoped to.
    pub workspace_id: Uuid,
    /// Role it acts with (at most its account's role there).
    #[sqlx(try_from = "String")]
    pub role: RoleName,
    /// Last use (recorded at most once a minute).
    pub last_used_at: Option<OffsetDateTime>,
    /// When it stops working, if ever.
    pub expires_at: Option<OffsetDateTime>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// A role read from the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleName(pub Role);

impl TryFrom<String> for RoleName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse().map(RoleName)
    }
}

/// The workspace every installation starts with; data from before workspaces existed lives
/// here, and the first account created owns it.
pub const DEFAULT_WORKSPACE_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001);

/// A member's role in a workspace, from least to most powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads pages, versions and analytics.
    Viewer,
    /// Also edits drafts, uploads assets, previews.
    Editor,
    /// Also publishes, unpublishes, rolls back and runs experiments.
    Publisher,
    /// Also manages members, tokens, webhooks, domains and workspace settings.
    Admin,
    /// Also deletes or transfers the workspace.
    Owner,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 5] = [
        Role::Viewer,
        Role::Editor,
        Role::Publisher,
        Role::Admin,
        Role::Owner,
    ];

    /// The name stored and shown (`viewer` ... `owner`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("'{s}' is not a role; use viewer, editor, publisher, admin or owner")
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A workspace.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Workspace {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// An account's membership of a workspace.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The workspace.
    pub workspace: Workspace,
    /// The account's role there.
    pub role: Role,
}

/// Who is making a request: an account acting through an API token or a browser session in one
/// workspace.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The account.
    pub account_id: Uuid,
    /// Its e-mail.
    pub email: String,
    /// The API token used, when the request carried one.
    pub token_id: Option<Uuid>,
    /// The browser session used, when the request carried a session cookie.
    pub session_id: Option<Uuid>,
    /// The workspace the request acts in (a token's own; a session's chosen one).
    pub workspace_id: Uuid,
    /// The effective role: the token's role, capped by the account's current role in the
    /// workspace (so demoting a member demotes their tokens).
    pub role: Role,
}

/// A page to create.
#[derive(Clone, Debug)]
pub struct NewPage {
    /// Workspace it belongs to.
    pub workspace_id: Uuid,
    /// Title.
    pub title: String,
    /// Slug (validated).
    pub slug: String,
    /// First draft.
    pub doc: Document,
    /// Creator.
    pub created_by: Option<Uuid>,
}

/// Publication state of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStatus {
    /// Never published, or unpublished.
    Draft,
    /// A version is live.
    Published,
}

/// A page's record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Page {
    /// Id.
    pub id: Uuid,
    /// Workspace it belongs to.
    pub workspace_id: Uuid,
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Current draft revision.
    pub draft_revision: i64,
    /// Live version number.
    pub live_version: Option<i64>,
    /// Draft revision the live version was published from.
    pub live_revision: Option<i64>,
    /// Highest version number.
    pub latest_version: Option<i64>,
    /// When the live version went live.
    pub published_at: Option<OffsetDateTime>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

impl Page {
    /// Draft or published.
    pub fn status(&self) -> PageStatus {
        if self.live_version.is_some() {
            PageStatus::Published
        } else {
            PageStatus::Draft
        }
    }

    /// True when the draft has changed since the live version was published.
    pub fn has_unpublished_changes(&self) -> bool {
        self.live_revision != Some(self.draft_revision)
    }
}

/// Filters and paging for [`crate::Store::list_pages`].
#[derive(Clone, Debug, Default)]
pub struct PageQuery {
    /// The workspace whose pages are listed.
    pub workspace_id: Uuid,
    /// Only pages with this status.
    pub status: Option<PageStatus>,
    /// Only pages whose title contains this (case-insensitive).
    pub search: Option<String>,
    /// At most this many (1-200).
    pub limit: i64,
    /// Skip this many.
    pub offset: i64,
}

/// A draft.
#[derive(Clone, Debug)]
pub struct Draft {
    /// Revision, bumped by every save.
    pub revision: i64,
    /// The document.
    pub doc: Document,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

/// A draft to save.
#[derive(Clone, Debug)]
pub struct SaveDraft {
    /// The new document.
    pub doc: Document,
    /// The page's title (mirrors `doc.settings.title`).
    pub title: String,
    /// The page's slug.
    pub slug: String,
    /// Fail unless the stored revision is this.
    pub expected_revision: Option<i64>,
}

/// A version to publish.
#[derive(Clone, Debug)]
pub struct NewVersion {
    /// The draft revision it was rendered from.
    pub draft_revision: i64,
    /// The document.
    pub doc: Document,
    /// Rendered HTML.
    pub html: Vec<u8>,
    /// gzip body.
    pub gzip: Vec<u8>,
    /// Brotli body.
    pub brotli: Vec<u8>,
    /// Strong ETag (with quotes).
    pub etag: String,
    /// Content-Security-Policy.
    pub csp: String,
    /// Publisher.
    pub created_by: Option<Uuid>,
}

/// A version's metadata.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VersionInfo {
    /// Number, from 1.
    pub version: i64,
    /// Draft revision it was rendered from.
    pub draft_revision: i64,
    /// Strong ETag.
    pub etag: String,
    /// Size of the HTML in bytes.
    pub size: i64,
    /// Publisher.
    pub created_by: Option<Uuid>,
    /// Published.
    pub created_at: OffsetDateTime,
}

/// A version with its document and HTML.
#[derive(Clone, Debug)]
pub struct Version {
    /// Metadata.
    pub info: VersionInfo,
    /// The document as published.
    pub doc: Document,
    /// The HTML as published.
    pub html: Vec<u8>,
    /// The Content-Security-Policy it is served with.
    pub csp: String,
}

/// What the edge needs to serve one live page.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LivePage {
    /// Page id.
    pub page_id: Uuid,
    /// Slug.
    pub slug: String,
    /// Live version.
    pub version: i64,
    /// HTML.
    pub html: Vec<u8>,
    /// gzip body.
    pub gzip: Vec<u8>,
    /// Brotli body.
    pub brotli: Vec<u8>,
    /// Strong ETag.
    pub etag: String,
    /// Content-Security-Policy.
    pub csp: String,
}

/// An API token to store.
#[derive(Clone, Copy, Debug)]
pub struct NewToken<'a> {
    /// Owner.
    pub account_id: Uuid,
    /// Workspace it acts in.
    pub workspace_id: Uuid,
    /// Role it acts with.
    pub role: Role,
    /// Name to recognise it by.
    pub name: &'a str,
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// When it stops working, if ever.
    pub expires_at: Option<OffsetDateTime>,
}

/// Whether an audited action was carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done.
    Ok,
    /// Refused by the policy.
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
        }
    }

    /// Parses the stored form.
    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "ok" => Some(Outcome::Ok),
            "denied" => Some(Outcome::Denied),
            _ => None,
        }
    }

    /// The stored form.
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

/// One audit-log entry to append.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    /// Workspace it happened in.
    pub workspace_id: Option<Uuid>,
    /// Account that acted.
    pub actor_account_id: Option<Uuid>,
    /// Token it acted through.
    pub actor_token_id: Option<Uuid>,
    /// What was done (`page.publish`).
    pub action: String,
    /// Kind of target (`page`).
    pub target_type: Option<String>,
    /// Target id.
    pub target_id: Option<String>,
    /// Done or refused.
    pub outcome: Outcome,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
}

impl AuditEntry {
    /// An action taken by the operator on the server (the `lander` CLI), not through the API.
    pub fn by_operator(workspace_id: Uuid) -> AuditEntry {
        AuditEntry {
            workspace_id: Some(workspace_id),
            actor_account_id: None,
            actor_token_id: None,
            action: String::new(),
            target_type: None,
            target_id: None,
            outcome: Outcome::Ok,
            ip: None,
            user_agent: Some("lander-cli".into()),
        }
    }

    /// An account-level action by the operator (the `lander` CLI), in no workspace.
    pub fn by_operator_global() -> AuditEntry {
        AuditEntry {
            workspace_id: None,
            ..AuditEntry::by_operator(Uuid::nil())
        }
    }

    /// The same entry in no workspace (account-level events).
    pub fn global(&self) -> AuditEntry {
        AuditEntry {
            workspace_id: None,
            ..self.clone()
        }
    }

    /// The same entry for another action and target (a mutation records its own target).
    pub fn with(&self, action: &str, target_type: &str, target_id: impl ToString) -> AuditEntry {
        AuditEntry {
            action: action.to_string(),
            target_type: Some(target_type.to_string()),
            target_id: Some(target_id.to_string()),
            ..self.clone()
        }
    }
}

/// A stored audit-log entry.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    /// Id.
    pub id: Uuid,
    /// Workspace.
    pub workspace_id: Option<Uuid>,
    /// Acting account.
    pub actor_account_id: Option<Uuid>,
    /// Its e-mail, if the account still exists.
    pub actor_email: Option<String>,
    /// Token used.
    pub actor_token_id: Option<Uuid>,
    /// Action.
    pub action: String,
    /// Kind of target.
    pub target_type: Option<String>,
    /// Target id.
    pub target_id: Option<String>,
    /// `ok` or `denied`.
    pub outcome: String,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Filters for reading the audit log of one workspace, newest first.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    /// The workspace.
    pub workspace_id: Uuid,
    /// Only this action.
    pub action: Option<String>,
    /// Only this acting account.
    pub actor_account_id: Option<Uuid>,
    /// Only this outcome.
    pub outcome: Option<Outcome>,
    /// At most this many.
    pub limit: i64,
    /// Skip this many.
    pub offset: i64,
}

/// A browser session's record (never its token).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Session {
    /// Id.
    pub id: Uuid,
    /// Signed-in account.
    pub account_id: Uuid,
    /// Workspace the browser last chose.
    pub workspace_id: Option<Uuid>,
    /// Address it signed in from.
    pub ip: Option<String>,
    /// Browser it signed in with.
    pub user_agent: Option<String>,
    /// Last request (recorded at most once a minute).
    pub last_seen_at: OffsetDateTime,
    /// End of its absolute lifetime.
    pub expires_at: OffsetDateTime,
    /// Signed in.
    pub created_at: OffsetDateTime,
}

/// A session to store.
#[derive(Clone, Copy, Debug)]
pub struct NewSession<'a> {
    /// Signed-in account.
    pub account_id: Uuid,
    /// Workspace to start in.
    pub workspace_id: Option<Uuid>,
    /// SHA-256 of the session token.
    pub token_hash: &'a [u8],
    /// Client address.
    pub ip: Option<&'a str>,
    /// Client user agent.
    pub user_agent: Option<&'a str>,
    /// End of its absolute lifetime.
    pub expires_at: OffsetDateTime,
}

/// What a single-use e-mailed token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Choose a new password.
    Reset,
    /// Confirm an e-mail address.
    Verify,
    /// Join a workspace.
    Invite,
}

impl TokenKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Reset => "reset",
            TokenKind::Verify => "verify",
            TokenKind::Invite => "invite",
        }
    }
}

/// A single-use token's record (never the token).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OneTimeToken {
    /// Id.
    pub id: Uuid,
    /// `reset`, `verify` or `invite`.
    pub kind: String,
    /// Address it was sent to.
    pub email: String,
    /// Account it is for (reset, verify).
    pub account_id: Option<Uuid>,
    /// Workspace it invites to.
    pub workspace_id: Option<Uuid>,
    /// Role it invites with.
    #[sqlx(try_from = "Option<String>")]
    pub role: OptionalRole,
    /// Who sent the invitation.
    pub created_by: Option<Uuid>,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// A role that may be absent, read from the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionalRole(pub Option<Role>);

impl TryFrom<Option<String>> for OptionalRole {
    type Error = String;
    fn try_from(s: Option<String>) -> Result<Self, String> {
        s.map(|s| s.parse()).transpose().map(OptionalRole)
    }
}

/// A single-use token to store.
#[derive(Clone, Copy, Debug)]
pub struct NewOneTimeToken<'a> {
    /// What it is for.
    pub kind: TokenKind,
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// Address it is sent to.
    pub email: &'a str,
    /// Account it is for.
    pub account_id: Option<Uuid>,
    /// Workspace it invites to.
    pub workspace_id: Option<Uuid>,
    /// Role it invites with.
    pub role: Option<Role>,
    /// Who sends it.
    pub created_by: Option<Uuid>,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
}

/// A member of a workspace.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Member {
    /// Account.
    pub account_id: Uuid,
    /// Its e-mail.
    pub email: String,
    /// Its role in the workspace.
    #[sqlx(try_from = "String")]
    pub role: RoleName,
    /// Joined.
    pub created_at: OffsetDateTime,
}

/// An uploaded image: its original's hash and dimensions, and the variants stored for it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Asset {
    /// Id.
    pub id: Uuid,
    /// Workspace it belongs to.
    pub workspace_id: Uuid,
    /// SHA-256 of the uploaded bytes, lowercase hex.
    pub sha256: String,
    /// Media type of the original (`image/png`).
    pub content_type: String,
    /// Size of the uploaded bytes.
    pub size: i64,
    /// Width of the original, in pixels.
    pub width: i64,
    /// Height of the original, in pixels.
    pub height: i64,
    /// The uploaded file's name (for search).
    pub name: String,
    /// Account that uploaded it.
    pub created_by: Option<Uuid>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
    /// Its stored variants, narrowest first (original format before WebP at each width).
    #[sqlx(skip)]
    pub variants: Vec<AssetVariant>,
}

impl Asset {
    /// The path every public URL of this asset's variants starts with; pages that use the
    /// asset contain it. Variant keys are `<first 16 hex of sha256>-<width>.<ext>`.
    pub fn url_prefix(&self) -> String {
        asset_url_prefix(&self.sha256)
    }
}

/// The public path prefix of the variants of an original with this SHA-256 (hex).
pub fn asset_url_prefix(sha256: &str) -> String {
    format!("/assets/{}-", sha256.get(..16).unwrap_or(sha256))
}

/// One stored encoding of an asset at one width.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AssetVariant {
    /// Width in pixels.
    pub width: i64,
    /// Height in pixels.
    pub height: i64,
    /// `webp` or the original's format (`png`, `jpeg`, `gif`).
    pub format: String,
    /// Key in the object store (also the last segment of its public URL).
    pub key: String,
    /// Encoded size in bytes.
    pub size: i64,
}

/// An asset to store, see [`crate::Store::create_asset`].
#[derive(Clone, Debug)]
pub struct NewAsset {
    /// Workspace.
    pub workspace_id: Uuid,
    /// SHA-256 of the uploaded bytes, lowercase hex.
    pub sha256: String,
    /// Media type of the original.
    pub content_type: String,
    /// Size of the uploaded bytes.
    pub size: i64,
    /// Width of the original.
    pub width: i64,
    /// Height of the original.
    pub height: i64,
    /// The uploaded file's name.
    pub name: String,
    /// Uploader.
    pub created_by: Option<Uuid>,
    /// The variants already written to the object store.
    pub variants: Vec<AssetVariant>,
}

/// Filters and paging for [`crate::Store::assets`].
#[derive(Clone, Debug, Default)]
pub struct AssetQuery {
    /// The workspace whose assets are listed.
    pub workspace_id: Uuid,
    /// Only assets whose name contains this (case-insensitive).
    pub search: Option<String>,
    /// At most this many (1-200).
    pub limit: i64,
    /// Skip this many.
    pub offset: i64,
}

/// An asset in the library, with how many pages use it.
#[derive(Clone, Debug)]
pub struct AssetUse {
    /// The asset with its variants.
    pub asset: Asset,
    /// Pages of its workspace whose draft or live version refers to it.
    pub usage: i64,
}

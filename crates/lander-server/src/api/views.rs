//! Request and response bodies of the REST API.

use lander_store::{Page, PageStatus, VersionInfo};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// A page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageView {
    /// Id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// URL path segment of the published page.
    pub slug: String,
    /// `draft` or `published`.
    #[schema(value_type = String, example = "published")]
    pub status: PageStatus,
    /// Path of the published page (`/{slug}`).
    pub url: String,
    /// Current draft revision (also the draft's ETag).
    pub draft_revision: i64,
    /// The version being served, if published.
    pub live_version: Option<i64>,
    /// The newest version, if any was ever published.
    pub latest_version: Option<i64>,
    /// The draft differs from what is live (always true for an unpublished page).
    pub has_unpublished_changes: bool,
    /// When the live version went live.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub published_at: Option<OffsetDateTime>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last change to the page or its draft.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<Page> for PageView {
    fn from(p: Page) -> Self {
        PageView {
            status: p.status(),
            has_unpublished_changes: p.has_unpublished_changes(),
            url: format!("/{}", p.slug),
            id: p.id,
            title: p.title,
            slug: p.slug,
            draft_revision: p.draft_revision,
            live_version: p.live_version,
            latest_version: p.latest_version,
            published_at: p.published_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A page of pages.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageList {
    /// The pages, most recently changed first.
    pub items: Vec<PageView>,
    /// How many pages match in total.
    pub total: i64,
    /// Page size used.
    pub limit: i64,
    /// Offset used.
    pub offset: i64,
}

/// Body of `POST /api/v1/pages`: a title, a slug, and either a template or a document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePage {
    /// Title of the page.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// URL path segment; derived from the title when omitted. Reserved: api, app, healthz,
    /// readyz, metrics, assets, f, e, and anything starting with `_`.
    #[serde(default)]
    #[schema(max_length = 100, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// Id of a built-in template (`blank` when neither template nor doc is given).
    #[serde(default)]
    pub template: Option<String>,
    /// A complete page document.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub doc: Option<serde_json::Value>,
}

/// Body of `PATCH /api/v1/pages/{id}`: the settings to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePage {
    /// New title.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    /// New slug. A published page moves to its new address at once.
    #[serde(default)]
    #[schema(max_length = 100, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// New language tag (`en`, `pt-BR`).
    #[serde(default)]
    pub language: Option<String>,
    /// New SEO settings (replace the old ones): meta_title, meta_description, canonical_url,
    /// og_image, noindex.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub seo: Option<serde_json::Value>,
}

/// Body of `POST /api/v1/pages/{id}/duplicate` (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicatePage {
    /// Title of the copy (default: "<title> (copy)").
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    /// Slug of the copy (default: "<slug>-copy", numbered if taken).
    #[serde(default)]
    #[schema(max_length = 100, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
}

/// A page's draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftView {
    /// Revision; send it back in `If-Match` to avoid overwriting someone else's change.
    pub revision: i64,
    /// The page document.
    #[schema(value_type = Object)]
    pub doc: serde_json::Value,
}

/// A published version.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Version number, from 1.
    pub version: i64,
    /// The draft revision it was published from.
    pub draft_revision: i64,
    /// Whether this version is being served.
    pub live: bool,
    /// Strong ETag of the HTML.
    pub etag: String,
    /// Size of the HTML in bytes.
    pub size: i64,
    /// Who published it.
    pub published_by: Option<Uuid>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub published_at: OffsetDateTime,
}

impl VersionView {
    /// From stored metadata; `live` is the page's live version.
    pub fn new(v: VersionInfo, live: Option<i64>) -> Self {
        VersionView {
            live: live == Some(v.version),
            version: v.version,
            draft_revision: v.draft_revision,
            etag: v.etag,
            size: v.size,
            published_by: v.created_by,
            published_at: v.created_at,
        }
    }
}

/// A published version with its document.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDetail {
    /// Metadata.
    #[serde(flatten)]
    pub version: VersionView,
    /// The document as published.
    #[schema(value_type = Object)]
    pub doc: serde_json::Value,
}

/// Answer to a publish.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishResult {
    /// The new version's number.
    pub version: i64,
    /// The page, now published.
    pub page: PageView,
}

/// Body of `POST /api/v1/pages/{id}/rollback`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RollbackRequest {
    /// The version to make live again.
    #[schema(minimum = 1)]
    pub version: i64,
}

/// A built-in template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    /// Id to pass as `template` when creating a page.
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Whether it contains a lead form.
    pub has_form: bool,
}

/// A built-in template with its document.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDetail {
    /// Description.
    #[serde(flatten)]
    pub template: TemplateView,
    /// The document a new page starts from.
    #[schema(value_type = Object)]
    pub doc: serde_json::Value,
}

/// The workspace a token acts in.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// The caller's effective role: viewer, editor, publisher, admin or owner.
    #[schema(example = "editor")]
    pub role: String,
}

/// One audit-log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    /// Id.
    pub id: Uuid,
    /// What was done or attempted, e.g. `page.publish`.
    pub action: String,
    /// `ok` or `denied`.
    pub outcome: String,
    /// Kind of target, e.g. `page`.
    pub target_type: Option<String>,
    /// Target id (`<page id>@<version>` for publishes and rollbacks).
    pub target_id: Option<String>,
    /// Acting account.
    pub actor_account_id: Option<Uuid>,
    /// Its e-mail (absent once the account is deleted).
    pub actor_email: Option<String>,
    /// Token used.
    pub actor_token_id: Option<Uuid>,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<lander_store::AuditRecord> for AuditView {
    fn from(r: lander_store::AuditRecord) -> Self {
        AuditView {
            id: r.id,
            action: r.action,
            outcome: r.outcome,
            target_type: r.target_type,
            target_id: r.target_id,
            actor_account_id: r.actor_account_id,
            actor_email: r.actor_email,
            actor_token_id: r.actor_token_id,
            ip: r.ip,
            user_agent: r.user_agent,
            created_at: r.created_at,
        }
    }
}

/// A page of audit-log entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// Entries, newest first.
    pub items: Vec<AuditView>,
    /// Page size used.
    pub limit: i64,
    /// Offset used.
    pub offset: i64,
}

/// Body of `POST /api/v1/tokens`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A name to recognise it by.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// viewer, editor, publisher, admin or owner; at most your own role (default: yours).
    #[serde(default)]
    pub role: Option<String>,
    /// When it stops working (RFC 3339, in the future); never when absent.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub expires_at: Option<String>,
}

/// An API token's metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Account it acts as.
    pub account_id: Uuid,
    /// Workspace it acts in.
    pub workspace_id: Uuid,
    /// Role it acts with.
    pub role: String,
    /// Last use (recorded at most once a minute).
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<OffsetDateTime>,
    /// Expiry.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    /// Revocation time.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<lander_store::ApiToken> for TokenView {
    fn from(t: lander_store::ApiToken) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            account_id: t.account_id,
            workspace_id: t.workspace_id,
            role: t.role.0.as_str().to_string(),
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            created_at: t.created_at,
        }
    }
}

/// A newly created token.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The secret (`lnd_...`): shown only in this answer. Send it as `Authorization: Bearer`.
    pub token: String,
    /// Its metadata.
    #[serde(flatten)]
    pub info: TokenView,
}

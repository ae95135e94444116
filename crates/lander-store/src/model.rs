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
    /// Created.
    pub created_at: OffsetDateTime,
}

/// Who is making a request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Principal {
    /// The account.
    pub account_id: Uuid,
    /// Its e-mail.
    pub email: String,
    /// The token used.
    pub token_id: Uuid,
}

/// A page to create.
#[derive(Clone, Debug)]
pub struct NewPage {
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

//! The draft of a page: the one place that reads and writes it, keeping the page's title and
//! slug in step with the document's settings. (When collaborative editing arrives, the draft
//! becomes a CRDT document behind this same interface.)

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::policy::{self, Action};
use lander_doc::{Document, Slug};
use lander_store::{AuditEntry, Draft, SaveDraft, StoreError};
use uuid::Uuid;

/// Loads a page's draft; 404 when there is no such page.
pub async fn load(state: &AppState, page_id: Uuid) -> Result<Draft, ApiError> {
    state.store.draft(page_id).await.map_err(|e| match e {
        StoreError::NotFound => page_not_found(page_id),
        other => other.into(),
    })
}

/// Loads a page's record; 404 when there is no such page.
pub async fn page(state: &AppState, page_id: Uuid) -> Result<lander_store::Page, ApiError> {
    state.store.page(page_id).await.map_err(|e| match e {
        StoreError::NotFound => page_not_found(page_id),
        other => other.into(),
    })
}

/// Loads a page on behalf of `who` for `action`: 404 when it does not exist or belongs to
/// another workspace (the two are indistinguishable to the caller), 403 when the caller's role
/// does not allow the action.
pub async fn authorize(
    state: &AppState,
    who: &Caller,
    page_id: Uuid,
    action: Action,
) -> Result<lander_store::Page, ApiError> {
    let found = page(state, page_id).await?;
    if found.workspace_id != who.workspace_id {
        return Err(page_not_found(page_id));
    }
    policy::enforce(state, who, action, Some(("page", page_id.to_string()))).await?;
    Ok(found)
}

/// 404 for a page id.
pub fn page_not_found(page_id: Uuid) -> ApiError {
    ApiError::NotFound(format!("there is no page with id {page_id}"))
}

/// Replaces the draft. The document's title becomes the page's title; its slug (when set)
/// becomes the page's slug, and when absent the page's slug is written into it. With
/// `expected_revision`, a stale revision answers 412.
pub async fn save(
    state: &AppState,
    page_id: Uuid,
    mut doc: Document,
    expected_revision: Option<i64>,
    audit: &AuditEntry,
) -> Result<Draft, ApiError> {
    let page = page(state, page_id).await?;
    let slug = match &doc.settings.slug {
        Some(s) => s.as_str().to_string(),
        None => page.slug.clone(),
    };
    doc.settings.slug = Slug::parse(slug.clone()).ok();
    let title = doc.settings.title.clone();
    let draft = state
        .store
        .save_draft(
            page_id,
            SaveDraft {
                doc,
                title,
                slug: slug.clone(),
                expected_revision,
            },
            audit,
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => page_not_found(page_id),
            StoreError::Conflict { .. } => ApiError::Conflict {
                detail: format!("another page already uses the slug '{slug}'"),
                pointer: Some("/settings/slug".into()),
            },
            other => other.into(),
        })?;
    if slug != page.slug && page.live_version.is_some() {
        // The live page moves to its new address at once.
        state.edge.refresh(state.store.as_ref(), page_id).await?;
    }
    Ok(draft)
}

/// Applies `change` to the current draft and saves it, retrying if another writer saved in
/// between.
pub async fn update(
    state: &AppState,
    page_id: Uuid,
    audit: &AuditEntry,
    change: impl Fn(&mut Document) -> Result<(), ApiError>,
) -> Result<Draft, ApiError> {
    let mut attempts = 0;
    loop {
        let current = load(state, page_id).await?;
        let mut doc = current.doc;
        change(&mut doc)?;
        match save(state, page_id, doc, Some(current.revision), audit).await {
            Err(ApiError::StaleRevision { .. }) if attempts < 5 => attempts += 1,
            other => return other,
        }
    }
}

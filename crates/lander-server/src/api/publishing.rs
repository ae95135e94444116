//! Publishing: publish the draft, unpublish, list and read versions, roll back, and render a
//! preview of an unsaved document.

use super::responses::{BadJson, Forbidden, NotJson, PageNotFound, TooLarge, Unauthorized};
use super::{
    JsonResult, PageView, PublishResult, RollbackRequest, VersionDetail, VersionView, page_id,
};
use crate::AppState;
use crate::auth::Auth;
use crate::drafts;
use crate::error::{ApiError, ApiPath, JsonBody, ProblemDetails, json_bytes};
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_store::StoreError;
use uuid::Uuid;

fn version_number(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ApiError::NotFound(format!("there is no version '{raw}'")))
}

/// Publish the current draft as a new immutable version and serve it.
///
/// Answers once this server serves the new version at `/{slug}`.
#[utoipa::path(
    post,
    path = "/api/v1/pages/{id}/publish",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 201, description = "Published", body = PublishResult, headers(("Location" = String, description = "URL of the new version"))),
        Unauthorized,
        Forbidden,
        PageNotFound,
        (status = 422, description = "The draft is invalid", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::PublishPages).await?;
    let info = crate::publish::publish(&state, id, &who).await?;
    let page = drafts::page(&state, id).await?;
    let location = format!("/api/v1/pages/{id}/versions/{}", info.version);
    let mut res = (
        StatusCode::CREATED,
        Json(PublishResult {
            version: info.version,
            page: page.into(),
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// Take the page offline. Its versions are kept; publish or roll back to bring it back.
#[utoipa::path(
    post,
    path = "/api/v1/pages/{id}/unpublish",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 200, description = "Unpublished", body = PageView),
        Unauthorized,
        Forbidden,
        PageNotFound,
    )
)]
pub async fn unpublish(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> JsonResult<PageView> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::PublishPages).await?;
    let page = state
        .store
        .unpublish(id, &who.audit())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => drafts::page_not_found(id),
            other => other.into(),
        })?;
    state.edge.refresh(state.store.as_ref(), id).await?;
    tracing::info!(page_id = %id, "page unpublished");
    Ok(Json(page.into()))
}

/// Make an earlier version live again. The draft is left as it is.
#[utoipa::path(
    post,
    path = "/api/v1/pages/{id}/rollback",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id")),
    request_body = RollbackRequest,
    responses(
        (status = 200, description = "The version is live", body = PageView),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        PageNotFound,
        (status = 422, description = "The page has no such version", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn rollback(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    JsonBody(body): JsonBody<RollbackRequest>,
) -> JsonResult<PageView> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::PublishPages).await?;
    let page = state
        .store
        .rollback(id, body.version, &who.audit())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::invalid(
                "/version",
                format!(
                    "this page has no version {}; see GET .../versions",
                    body.version
                ),
            ),
            other => other.into(),
        })?;
    state.edge.refresh(state.store.as_ref(), id).await?;
    tracing::info!(page_id = %id, version = body.version, "page rolled back");
    Ok(Json(page.into()))
}

/// The page's published versions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{id}/versions",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 200, description = "Versions", body = Vec<VersionView>),
        Unauthorized,
        Forbidden,
        PageNotFound,
    )
)]
pub async fn list_versions(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> JsonResult<Vec<VersionView>> {
    let id = page_id(&id)?;
    let page = drafts::authorize(&state, &who, id, Action::ReadPages).await?;
    let versions = state.store.versions(id).await?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| VersionView::new(v, page.live_version))
            .collect(),
    ))
}

async fn load_version(
    state: &AppState,
    who: &crate::auth::Caller,
    id: &str,
    n: &str,
) -> Result<(lander_store::Page, lander_store::Version), ApiError> {
    let id = page_id(id)?;
    let page = drafts::authorize(state, who, id, Action::ReadPages).await?;
    let n = version_number(n)?;
    let version = state.store.version(id, n).await.map_err(|e| match e {
        StoreError::NotFound => ApiError::NotFound(format!("this page has no version {n}")),
        other => other.into(),
    })?;
    Ok((page, version))
}

/// One version with the document as it was published.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{id}/versions/{n}",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id"), ("n" = i64, Path, description = "Version number")),
    responses(
        (status = 200, description = "The version", body = VersionDetail),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such page or version", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn get_version(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath((id, n)): ApiPath<(String, String)>,
) -> JsonResult<VersionDetail> {
    let (page, v) = load_version(&state, &who, &id, &n).await?;
    Ok(Json(VersionDetail {
        version: VersionView::new(v.info, page.live_version),
        doc: serde_json::to_value(&v.doc).map_err(|e| ApiError::Internal(e.into()))?,
    }))
}

/// An HTML answer that is never cached, with its page's CSP.
pub(super) fn html_response(html: Vec<u8>, csp: Option<&str>) -> Response {
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(v) = csp.and_then(|c| HeaderValue::from_str(c).ok()) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// The HTML of one version exactly as it was published (for previews and diffs).
#[utoipa::path(
    get,
    path = "/api/v1/pages/{id}/versions/{n}/html",
    tag = "publishing",
    params(("id" = Uuid, Path, description = "Page id"), ("n" = i64, Path, description = "Version number")),
    responses(
        (status = 200, description = "The HTML", content_type = "text/html", body = String),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such page or version", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn get_version_html(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath((id, n)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, v) = load_version(&state, &who, &id, &n).await?;
    Ok(html_response(v.html, Some(&v.csp)))
}

/// Render a document to HTML without storing anything (live preview).
#[utoipa::path(
    post,
    path = "/api/v1/render",
    tag = "publishing",
    params(("page_id" = Option<Uuid>, Query, description = "Page the forms should post to")),
    request_body(content = Object, description = "The page document", content_type = "application/json"),
    responses(
        (status = 200, description = "The rendered page", content_type = "text/html", body = String),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        (status = 422, description = "Invalid document; every problem listed with a pointer", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn render_preview(
    State(state): State<AppState>,
    Auth(who): Auth,
    RawQuery(query): RawQuery,
    req: Request,
) -> Result<Response, ApiError> {
    policy::enforce(&state, &who, Action::EditPages, None).await?;
    let mut page = None;
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if k == "page_id" {
            page = Some(
                Uuid::parse_str(&v)
                    .map_err(|_| ApiError::invalid("/page_id", "must be a page id (UUID)"))?,
            );
        }
    }
    let bytes = json_bytes(req, &state).await?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let doc = lander_doc::parse_document(value).map_err(|p| ApiError::from_problems("", p))?;
    let rendered = tokio::task::spawn_blocking(move || {
        lander_render::render(
            &doc,
            &lander_render::RenderOptions {
                page_id: page.map(|p| p.to_string()),
            },
        )
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("render task failed: {e}")))?;
    Ok(html_response(
        rendered.html.into_bytes(),
        Some(&rendered.csp),
    ))
}

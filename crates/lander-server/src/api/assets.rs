//! The asset library through the API: upload an image (it becomes responsive variants in the
//! object store), list and search the library with usage counts, read one asset, and delete an
//! asset no page uses.

use super::responses::{Forbidden, Unauthorized};
use crate::AppState;
use crate::assets::process::{self, ProcessError};
use crate::auth::Auth;
use crate::error::{ApiError, ApiPath, ProblemDetails};
use crate::policy::{self, Action};
use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_store::{Asset, AssetQuery, NewAsset, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Room for the multipart framing and small fields around the file itself.
const MULTIPART_SLACK: usize = 64 * 1024;

/// One stored encoding of an asset.
#[derive(Debug, Serialize, ToSchema)]
pub struct VariantView {
    /// Width in pixels.
    pub width: i64,
    /// Height in pixels.
    pub height: i64,
    /// `webp` or the original's format (`png`, `jpeg`, `gif`).
    pub format: String,
    /// Public, immutable URL path (`/assets/<hash>-<width>.<ext>`).
    pub url: String,
    /// Size in bytes.
    pub size: i64,
}

/// An uploaded image with its responsive variants.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssetView {
    /// Id.
    pub id: Uuid,
    /// The uploaded file's name.
    pub name: String,
    /// URL path of the widest variant in the original format (for `src`).
    pub url: String,
    /// Width of the original, in pixels (for the `width` attribute).
    pub width: i64,
    /// Height of the original, in pixels (for the `height` attribute).
    pub height: i64,
    /// Media type of the original.
    pub content_type: String,
    /// Size of the uploaded file in bytes.
    pub size: i64,
    /// Stored variants, narrowest first.
    pub variants: Vec<VariantView>,
    /// A ready-to-use `srcset` per format (`webp`, and the original's), e.g.
    /// `/assets/ab12…-480.webp 480w, /assets/ab12…-960.webp 960w`.
    pub srcset: BTreeMap<String, String>,
    /// Pages of the workspace whose draft or live version uses it (in the library and when
    /// reading one asset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<i64>,
    /// Uploaded.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl AssetView {
    fn new(a: Asset, usage: Option<i64>) -> AssetView {
        let variants: Vec<VariantView> = a
            .variants
            .iter()
            .map(|v| VariantView {
                width: v.width,
                height: v.height,
                format: v.format.clone(),
                url: format!("/assets/{}", v.key),
                size: v.size,
            })
            .collect();
        let original = a.content_type.strip_prefix("image/").unwrap_or("");
        let url = variants
            .iter()
            .rev()
            .find(|v| v.format == original)
            .or(variants.last())
            .map(|v| v.url.clone())
            .unwrap_or_default();
        let mut srcset: BTreeMap<String, String> = BTreeMap::new();
        for v in &variants {
            let entry = srcset.entry(v.format.clone()).or_default();
            if !entry.is_empty() {
                entry.push_str(", ");
            }
            entry.push_str(&format!("{} {}w", v.url, v.width));
        }
        AssetView {
            id: a.id,
            name: a.name,
            url,
            width: a.width,
            height: a.height,
            content_type: a.content_type,
            size: a.size,
            variants,
            srcset,
            usage,
            created_at: a.created_at,
        }
    }
}

/// A page of the asset library.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssetList {
    /// The assets, newest first, each with its usage count.
    pub items: Vec<AssetView>,
    /// How many assets match in total.
    pub total: i64,
    /// Page size used.
    pub limit: i64,
    /// Offset used.
    pub offset: i64,
}

/// Schema of the upload form, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The image: PNG, JPEG, GIF or WebP (checked by content, not by name).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload an image. It is checked by its content, stripped of metadata (EXIF, including GPS
/// location), and stored as responsive variants (480, 960 and 1600 pixels wide when narrower
/// than the original, and the original width), each in the original format and WebP, at
/// content-hashed, immutable URLs. Uploading the same bytes again returns the same asset.
#[utoipa::path(
    post,
    path = "/api/v1/assets",
    tag = "assets",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored (or already in the library)", body = AssetView),
        (status = 400, description = "The multipart body cannot be read", body = ProblemDetails, content_type = "application/problem+json"),
        Unauthorized,
        Forbidden,
        (status = 413, description = "The file is over the upload limit (`assets.max_upload_mb`, 10 MB by default)", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart, or not a PNG, JPEG, GIF or WebP image (SVG is refused); `detail` names what was found", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "No `file` field, an image that cannot be decoded, or one over 40 megapixels", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn upload_asset(
    State(state): State<AppState>,
    Auth(who): Auth,
    req: Request,
) -> Result<Response, ApiError> {
    policy::enforce(&state, &who, Action::EditAssets, None).await?;
    let max = state.assets.max_upload_bytes;
    let too_large = || {
        ApiError::TooLarge(format!(
            "an image is at most {} MB",
            max.div_ceil(1024 * 1024)
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max + MULTIPART_SLACK) {
        return Err(too_large());
    }
    // The route has no default body limit; this one counts what is actually read.
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, max + MULTIPART_SLACK)));
    let mut form = Multipart::from_request(req, &state).await.map_err(|e| {
        ApiError::UnsupportedMediaType(format!(
            "send the image as multipart/form-data in a field named `file` ({})",
            e.body_text()
        ))
    })?;
    let read_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest(format!("could not read the upload: {}", e.body_text()))
        }
    };
    let mut upload: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = form.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") || upload.is_some() {
            continue;
        }
        let name = clean_name(field.file_name().unwrap_or(""));
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            if bytes.len() + chunk.len() > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        upload = Some((name, bytes));
    }
    let Some((name, bytes)) = upload else {
        return Err(ApiError::invalid(
            "/file",
            "send the image in a multipart field named `file`",
        ));
    };
    if bytes.is_empty() {
        return Err(ApiError::invalid("/file", "the file is empty"));
    }
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let permit =
        state.assets.processing.acquire().await.map_err(|e| {
            ApiError::Internal(anyhow::anyhow!("image processing is shut down: {e}"))
        })?;
    let processed = tokio::task::spawn_blocking(move || process::process(&bytes))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("image processing task failed: {e}")))?
        .map_err(|e| match e {
            ProcessError::Unsupported(msg) => ApiError::UnsupportedMediaType(msg),
            ProcessError::Undecodable(msg) => ApiError::invalid("/file", msg),
            e @ ProcessError::Encode(_) => ApiError::Internal(e.into()),
        })?;
    drop(permit);
    let mut variants = Vec::with_capacity(processed.variants.len());
    for v in processed.variants {
        variants.push(lander_store::AssetVariant {
            width: i64::from(v.width),
            height: i64::from(v.height),
            format: v.format.name().to_string(),
            key: v.key.clone(),
            size: i64::try_from(v.bytes.len()).unwrap_or(i64::MAX),
        });
        state.assets.put(&v.key, v.bytes).await.map_err(|e| {
            ApiError::Internal(anyhow::Error::new(e).context("could not store an asset variant"))
        })?;
    }
    let name = if name.is_empty() {
        format!("image.{}", processed.format.extension())
    } else {
        name
    };
    let asset = state
        .store
        .create_asset(
            NewAsset {
                workspace_id: who.workspace_id,
                sha256: processed.sha256,
                content_type: processed.format.content_type().to_string(),
                size,
                width: i64::from(processed.width),
                height: i64::from(processed.height),
                name,
                created_by: Some(who.account_id),
                variants,
            },
            &who.audit(),
        )
        .await?;
    tracing::info!(asset_id = %asset.id, size, "asset uploaded");
    let location = format!("/api/v1/assets/{}", asset.id);
    let mut res = (StatusCode::CREATED, Json(AssetView::new(asset, None))).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// The uploaded file's name without any folder, control characters, or excess length.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The asset library, newest first, each asset with how many pages use it.
#[utoipa::path(
    get,
    path = "/api/v1/assets",
    tag = "assets",
    params(
        ("q" = Option<String>, Query, description = "Only assets whose file name contains this (case-insensitive)"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Page size, 1-200 (default 50)"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 2147483647, description = "Assets to skip (default 0)"),
    ),
    responses(
        (status = 200, description = "A page of assets", body = AssetList),
        Unauthorized,
        Forbidden,
        (status = 422, description = "Invalid query parameter", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn list_assets(
    State(state): State<AppState>,
    Auth(who): Auth,
    RawQuery(raw): RawQuery,
) -> Result<Json<AssetList>, ApiError> {
    policy::require(&who, Action::ReadAssets)?;
    let p = super::parse_list_params(raw.as_deref(), |_, _| None)?;
    let q = AssetQuery {
        workspace_id: who.workspace_id,
        search: p.search,
        limit: p.limit,
        offset: p.offset,
    };
    let (items, total) = state.store.assets(&q).await?;
    Ok(Json(AssetList {
        items: items
            .into_iter()
            .map(|u| AssetView::new(u.asset, Some(u.usage)))
            .collect(),
        total,
        limit: q.limit,
        offset: q.offset,
    }))
}

/// The asset behind an id of the caller's workspace, or 404.
async fn workspace_asset(
    state: &AppState,
    workspace_id: Uuid,
    raw: &str,
) -> Result<Asset, ApiError> {
    let not_found = || ApiError::NotFound(format!("there is no asset '{raw}' in this workspace"));
    let id = Uuid::parse_str(raw).map_err(|_| not_found())?;
    match state.store.asset(id).await {
        Ok(a) if a.workspace_id == workspace_id => Ok(a),
        Ok(_) | Err(StoreError::NotFound) => Err(not_found()),
        Err(e) => Err(e.into()),
    }
}

/// One asset with its variants and usage count.
#[utoipa::path(
    get,
    path = "/api/v1/assets/{id}",
    tag = "assets",
    params(("id" = Uuid, Path, description = "Asset id")),
    responses(
        (status = 200, description = "The asset", body = AssetView),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such asset in this workspace", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn get_asset(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AssetView>, ApiError> {
    policy::require(&who, Action::ReadAssets)?;
    let asset = workspace_asset(&state, who.workspace_id, &id).await?;
    let usage = state.store.asset_usage(asset.id).await?;
    Ok(Json(AssetView::new(asset, Some(usage))))
}

/// Delete an asset. Refused (409) while a page's draft or live version uses it; its variants
/// stop being served once no workspace holds the same image.
#[utoipa::path(
    delete,
    path = "/api/v1/assets/{id}",
    tag = "assets",
    params(("id" = Uuid, Path, description = "Asset id")),
    responses(
        (status = 204, description = "Deleted"),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such asset in this workspace", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "A page uses the asset; remove it from the page (and republish) first", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn delete_asset(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let asset = workspace_asset(&state, who.workspace_id, &id).await?;
    policy::enforce(
        &state,
        &who,
        Action::EditAssets,
        Some(("asset", id.clone())),
    )
    .await?;
    let unused = match state.store.delete_asset(asset.id, &who.audit()).await {
        Ok(keys) => keys,
        Err(StoreError::Conflict { constraint })
            if constraint.as_deref() == Some("asset_in_use") =>
        {
            let usage = state.store.asset_usage(asset.id).await.unwrap_or(1);
            return Err(ApiError::Conflict {
                detail: format!(
                    "{usage} page(s) use this asset in their draft or live version; remove it \
                     from them (and republish) first"
                ),
                pointer: None,
            });
        }
        Err(e) => return Err(e.into()),
    };
    state.assets.remove(&unused).await;
    Ok(StatusCode::NO_CONTENT)
}

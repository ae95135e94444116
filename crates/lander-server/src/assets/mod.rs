//! Uploaded images: where their bytes live (an `object_store`, a folder in the data directory by
//! default, S3-compatible later), how uploads become responsive variants ([`process`]), and the
//! public, immutable `GET /assets/{key}` that published pages load them from. The API handlers
//! are in `crate::api::assets`.

pub mod process;

use crate::AppState;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use std::sync::Arc;

/// How uploads are accepted and where their variants are kept.
pub struct Assets {
    /// The object store holding every variant, under its content-hashed key.
    pub objects: Arc<dyn ObjectStore>,
    /// Largest accepted upload (the file itself), in bytes.
    pub max_upload_bytes: usize,
    /// Images decoded at once. Decoding a large image takes hundreds of megabytes and a whole
    /// core, so uploads beyond one per core wait their turn instead of exhausting memory.
    pub processing: tokio::sync::Semaphore,
}

impl Assets {
    /// Variants in `<data_dir>/assets` (created when missing).
    pub fn local(data_dir: &std::path::Path, max_upload_bytes: usize) -> anyhow::Result<Assets> {
        use anyhow::Context;
        let dir = data_dir.join("assets");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the assets folder {}", dir.display()))?;
        let fs = LocalFileSystem::new_with_prefix(&dir)
            .with_context(|| format!("cannot use the assets folder {}", dir.display()))?;
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Ok(Assets {
            objects: Arc::new(fs),
            max_upload_bytes,
            processing: tokio::sync::Semaphore::new(cores),
        })
    }

    /// Writes a variant. Keys are derived from the content, so an object that already exists
    /// holds these bytes: it is left as it is, which keeps served objects immutable.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> object_store::Result<()> {
        let options = PutOptions::from(PutMode::Create);
        match self
            .objects
            .put_opts(&Path::from(key), PutPayload::from(bytes), options)
            .await
        {
            Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Removes variants no asset refers to any more; failures are logged (an orphaned object
    /// wastes space, nothing else).
    pub async fn remove(&self, keys: &[String]) {
        for key in keys {
            match self.objects.delete(&Path::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(error = %e, %key, "could not remove an asset object"),
            }
        }
    }
}

/// Whether `key` has the shape of a variant key: `<16 lowercase hex>-<width>.<ext>`. Anything
/// else is never looked up in the object store.
pub fn valid_key(key: &str) -> Option<process::Format> {
    process::Format::from_extension(lander_doc::assets::parse_key(key)?.ext)
}

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

/// `GET /assets/{key}`: a variant, public (published pages load it), cached for a year: its
/// key names its content, so it never changes. The ETag is the key for the same reason.
pub async fn serve(
    State(state): State<AppState>,
    UrlPath(key): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let Some(format) = valid_key(&key) else {
        return crate::edge::not_found_page();
    };
    let Ok(etag) = HeaderValue::from_str(&format!("\"{key}\"")) else {
        return crate::edge::not_found_page();
    };
    let common = |res: &mut Response| {
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, IMMUTABLE);
        h.insert(header::ETAG, etag.clone());
        h.insert(header::X_CONTENT_TYPE_OPTIONS, crate::edge::NOSNIFF);
    };
    if crate::edge::not_modified(&headers, &etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        common(&mut res);
        return res;
    }
    let got = match state.assets.objects.get(&Path::from(key.as_str())).await {
        Ok(got) => got,
        Err(object_store::Error::NotFound { .. }) => return crate::edge::not_found_page(),
        Err(e) => {
            tracing::error!(error = %e, %key, "could not read an asset object");
            return (StatusCode::SERVICE_UNAVAILABLE, "asset storage unavailable").into_response();
        }
    };
    let size = got.meta.size;
    let mut res = Body::from_stream(got.into_stream()).into_response();
    common(&mut res);
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            valid_key("0123456789abcdef-480.webp"),
            Some(process::Format::Webp)
        );
        assert_eq!(
            valid_key("0123456789abcdef-1600.jpg"),
            Some(process::Format::Jpeg)
        );
        for bad in [
            "0123456789abcdef-480.svg",
            "0123456789ABCDEF-480.png",
            "0123456789abcdef-.png",
            "0123456789abcdef-048.png",
            "../etc/passwd",
            "0123456789abcde-480.png",
            "0123456789abcdef-480",
        ] {
            assert_eq!(valid_key(bad), None, "{bad}");
        }
    }
}

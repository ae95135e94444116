//! Publishing: render a draft once into an immutable version (HTML plus precompressed gzip
//! and brotli bodies and a strong ETag), store it, and make this instance's edge serve it
//! before answering.

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use lander_doc::Document;
use lander_render::{RenderOptions, render};
use lander_store::{NewVersion, VersionInfo};
use sha2::{Digest, Sha256};
use std::io::Write;
use uuid::Uuid;

/// A rendered page with its precompressed bodies.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// HTML.
    pub html: Vec<u8>,
    /// gzip (level 9).
    pub gzip: Vec<u8>,
    /// Brotli (quality 11).
    pub brotli: Vec<u8>,
    /// Strong ETag, quoted: a hash of the HTML.
    pub etag: String,
    /// Content-Security-Policy.
    pub csp: String,
}

/// Renders and compresses `doc` for page `page_id`. CPU-bound: call from a blocking task.
pub fn compile(doc: &Document, page_id: Uuid) -> Compiled {
    let page = render(
        doc,
        &RenderOptions {
            page_id: Some(page_id.to_string()),
        },
    );
    let html = page.html.into_bytes();
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&html))[..32]);
    Compiled {
        gzip: gzip(&html),
        brotli: brotli(&html),
        html,
        etag,
        csp: page.csp,
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    // Reading from a slice and writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out
}

/// Publishes the page's current draft; returns once this instance's edge serves it.
pub async fn publish(
    state: &AppState,
    page_id: Uuid,
    by: &Caller,
) -> Result<VersionInfo, ApiError> {
    let draft = crate::drafts::load(state, page_id).await?;
    let problems = lander_doc::validate(&draft.doc);
    if !problems.is_empty() {
        return Err(ApiError::from_problems("/doc", problems));
    }
    let doc = draft.doc.clone();
    let compiled = tokio::task::spawn_blocking(move || compile(&doc, page_id))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("render task failed: {e}")))?;
    let info = state
        .store
        .publish(
            page_id,
            NewVersion {
                draft_revision: draft.revision,
                doc: draft.doc,
                html: compiled.html,
                gzip: compiled.gzip,
                brotli: compiled.brotli,
                etag: compiled.etag,
                csp: compiled.csp,
                created_by: Some(by.account_id),
            },
            &by.audit(),
        )
        .await?;
    state.edge.refresh(state.store.as_ref(), page_id).await?;
    tracing::info!(%page_id, version = info.version, "page published");
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressed_bodies_decompress_to_the_html() {
        let doc = lander_doc::templates::get("blank").unwrap();
        let c = compile(&doc, Uuid::nil());
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&c.gzip[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, c.html);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &c.brotli[..], &mut out).unwrap();
        assert_eq!(out, c.html);
        assert!(c.etag.starts_with('"') && c.etag.ends_with('"') && c.etag.len() == 34);
        assert_eq!(compile(&doc, Uuid::nil()).etag, c.etag, "deterministic");
    }
}

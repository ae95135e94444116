//! The browser app under `/app`: `index.html` for every client route, hashed assets cached for
//! good and precompressed, ETags, 404s for unknown assets, and the security headers.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestApp, header};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::io::Read;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                   connect-src 'self'; img-src 'self' data: blob:; frame-src 'self'; \
                   font-src 'self'; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";

/// The headers every `/app` response carries.
fn assert_app_headers(h: &HeaderMap, what: &str) {
    assert_eq!(header(h, "content-security-policy"), CSP, "{what}");
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(h, "referrer-policy"), "same-origin", "{what}");
    assert!(h.get("set-cookie").is_none(), "{what} sets no cookie");
}

/// `index.html` as served at `/app`, and the script it loads (`/app/assets/...`).
async fn index_and_script(app: &TestApp) -> (String, String) {
    let html = app.public("/app").await.text().await.unwrap();
    let script = html
        .split("<script")
        .skip(1)
        .find_map(|tag| tag.split("src=\"").nth(1)?.split('"').next())
        .expect("index.html loads a script")
        .to_string();
    assert!(script.starts_with("/app/assets/"), "{script}");
    (html, script)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_app_path_is_index_html_never_stored() {
    common::run(Backend::Sqlite, |app| async move {
        let (index, _) = index_and_script(&app).await;
        assert!(index.contains("<div id=\"root\">"), "{index}");
        for path in [
            "/app",
            "/app/",
            "/app/signin",
            "/app/pages/123/edit?tab=seo",
            "/app/no/such/screen",
            "/app/index.html",
            "/app/assets",
            "/app/.vite/manifest.json",
        ] {
            let res = app.public(path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let h = res.headers().clone();
            assert_eq!(
                header(&h, "content-type"),
                "text/html; charset=utf-8",
                "{path}"
            );
            assert_eq!(header(&h, "cache-control"), "no-store", "{path}");
            assert_eq!(header(&h, "content-encoding"), "", "{path}");
            assert_app_headers(&h, path);
            assert_eq!(res.text().await.unwrap(), index, "{path}");
        }
        // Compressed too, and the same bytes once decompressed.
        let res = app
            .public_with("/app/signin", &[("accept-encoding", "br")])
            .await;
        assert_eq!(header(res.headers(), "content-encoding"), "br");
        assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
        let br = res.bytes().await.unwrap();
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, index.as_bytes());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_is_immutable_and_precompressed() {
    common::run(Backend::Sqlite, |app| async move {
        let (_, script) = index_and_script(&app).await;

        let res = app.public(&script).await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        assert_eq!(header(&h, "content-type"), "text/javascript; charset=utf-8");
        assert_eq!(
            header(&h, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&h, "content-encoding"), "");
        assert_eq!(header(&h, "vary"), "Accept-Encoding");
        assert_app_headers(&h, &script);
        let etag = header(&h, "etag");
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
            "{etag}"
        );
        let identity = res.bytes().await.unwrap().to_vec();
        assert!(!identity.is_empty());

        // Brotli first when both are accepted, as browsers send.
        let res = app
            .public_with(&script, &[("accept-encoding", "gzip, deflate, br")])
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(res.headers(), "content-encoding"), "br");
        assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
        assert_eq!(header(res.headers(), "etag"), etag);
        assert_app_headers(res.headers(), "br");
        let br = res.bytes().await.unwrap().to_vec();
        assert!(br.len() < identity.len());
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(
            out, identity,
            "brotli body decompresses to the identity body"
        );

        let res = app
            .public_with(&script, &[("accept-encoding", "gzip")])
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(res.headers(), "content-encoding"), "gzip");
        assert_eq!(
            header(res.headers(), "cache-control"),
            "public, max-age=31536000, immutable"
        );
        let gz = res.bytes().await.unwrap().to_vec();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, identity, "gzip body decompresses to the identity body");

        // Revalidation with the ETag: 304, no body, the caching headers again.
        for enc in ["", "br", "gzip"] {
            let res = app
                .public_with(
                    &script,
                    &[("if-none-match", &etag), ("accept-encoding", enc)],
                )
                .await;
            assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{enc}");
            assert_eq!(header(res.headers(), "etag"), etag);
            assert_eq!(
                header(res.headers(), "cache-control"),
                "public, max-age=31536000, immutable"
            );
            assert_app_headers(res.headers(), "304");
            assert!(res.bytes().await.unwrap().is_empty());
        }
        let res = app
            .public_with(&script, &[("if-none-match", "\"0123456789abcdef\"")])
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.bytes().await.unwrap().to_vec(), identity);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_assets_are_the_branded_404() {
    common::run(Backend::Sqlite, |app| async move {
        let (_, script) = index_and_script(&app).await;
        let renamed = script.replace("/assets/", "/assets/x");
        for path in [
            "/app/assets/nope.js",
            "/app/assets/index-00000000.js",
            renamed.as_str(),
            "/app/assets/%ff",
        ] {
            let res = app.public(path).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(res.headers().get("set-cookie").is_none(), "{path}");
            assert_eq!(header(res.headers(), "x-content-type-options"), "nosniff");
            assert!(
                header(res.headers(), "content-type").starts_with("text/html"),
                "{path}"
            );
            let html = res.text().await.unwrap();
            assert!(html.contains("404"), "{path}: Lander's 404 page");
        }
        // Sent raw, so that no client normalises the dots away.
        for path in [
            "/app/assets/../index.html",
            "/app/assets/%2e%2e/index.html",
            "/app/assets/..%2f.vite/manifest.json",
            "/app/assets/..%2f..%2f..%2fCargo.toml",
            "/app/assets/%00",
        ] {
            let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let (status, text) = app.raw_http(&request).await;
            assert_eq!(status, 404, "{path}: {text}");
        }
    })
    .await;
}

//! The public edge: encodings, caching headers, security headers, 404s and hostile paths.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TestApp, header};
use reqwest::StatusCode;
use std::io::Read;

on_both_backends!(
    encodings_decompress_to_the_identity_body,
    security_and_caching_headers,
    head_has_headers_and_no_body,
    if_none_match_answers_304,
    unknown_slug_is_the_branded_404,
    path_traversal_is_404,
);

/// Publishes a page with forms and more at `/{slug}` and returns its identity body.
async fn published(app: &TestApp, slug: &str) -> Vec<u8> {
    let page = app.create_page("Edge page", slug, "saas").await;
    app.publish(page["id"].as_str().unwrap()).await;
    let res = app.public(&format!("/{slug}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), "content-encoding"), "");
    res.bytes().await.unwrap().to_vec()
}

async fn encodings_decompress_to_the_identity_body(app: TestApp) {
    let identity = published(&app, "edge").await;
    assert!(
        String::from_utf8(identity.clone())
            .unwrap()
            .contains("action=\"/f/")
    );

    let res = app.public_with("/edge", &[("accept-encoding", "br")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), "content-encoding"), "br");
    assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
    let br = res.bytes().await.unwrap().to_vec();
    assert_ne!(br, identity);
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
    assert_eq!(
        out, identity,
        "brotli body decompresses to the identity body"
    );

    let res = app
        .public_with("/edge", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(header(res.headers(), "content-encoding"), "gzip");
    assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
    let gz = res.bytes().await.unwrap().to_vec();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, identity, "gzip body decompresses to the identity body");

    // Browsers send both: brotli wins. q=0 refuses.
    let res = app
        .public_with("/edge", &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(header(res.headers(), "content-encoding"), "br");
    let res = app
        .public_with("/edge", &[("accept-encoding", "br;q=0, gzip")])
        .await;
    assert_eq!(header(res.headers(), "content-encoding"), "gzip");
    let res = app
        .public_with("/edge", &[("accept-encoding", "identity")])
        .await;
    assert_eq!(header(res.headers(), "content-encoding"), "");
    assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
    assert_eq!(res.bytes().await.unwrap().to_vec(), identity);
}

async fn security_and_caching_headers(app: TestApp) {
    published(&app, "headers").await;
    for enc in ["", "br", "gzip"] {
        let res = app
            .public_with("/headers", &[("accept-encoding", enc)])
            .await;
        let h = res.headers();
        assert_eq!(
            header(h, "content-type"),
            "text/html; charset=utf-8",
            "{enc}"
        );
        let etag = header(h, "etag");
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
            "a strong ETag: {etag}"
        );
        assert!(!header(h, "cache-control").is_empty(), "{enc}");
        assert_eq!(header(h, "vary"), "Accept-Encoding");
        let csp = header(h, "content-security-policy");
        assert!(csp.contains("default-src"), "{csp}");
        assert_eq!(header(h, "x-content-type-options"), "nosniff");
        assert!(!header(h, "referrer-policy").is_empty());
    }
    // The ETag does not depend on the encoding (the bytes it names are the HTML's).
    let a = header(app.public("/headers").await.headers(), "etag");
    let b = header(
        app.public_with("/headers", &[("accept-encoding", "br")])
            .await
            .headers(),
        "etag",
    );
    assert_eq!(a, b);
}

async fn head_has_headers_and_no_body(app: TestApp) {
    let identity = published(&app, "heady").await;
    let get = app.public("/heady").await;
    let get_etag = header(get.headers(), "etag");
    let res = app.client.head(app.url("/heady")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(header(&h, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&h, "etag"), get_etag);
    assert!(!header(&h, "content-security-policy").is_empty());
    assert_eq!(header(&h, "vary"), "Accept-Encoding");
    let length = header(&h, "content-length");
    if !length.is_empty() {
        assert_eq!(length, identity.len().to_string());
    }
    assert!(res.bytes().await.unwrap().is_empty());

    let res = app
        .client
        .head(app.url("/heady"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(res.headers(), "content-encoding"), "br");
    assert!(res.bytes().await.unwrap().is_empty());
    let res = app
        .client
        .head(app.url("/no-such-page"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.bytes().await.unwrap().is_empty());
}

async fn if_none_match_answers_304(app: TestApp) {
    published(&app, "cached").await;
    let etag = header(app.public("/cached").await.headers(), "etag");
    for enc in ["", "br", "gzip"] {
        let res = app
            .public_with(
                "/cached",
                &[("if-none-match", &etag), ("accept-encoding", enc)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{enc}");
        assert_eq!(header(res.headers(), "etag"), etag);
        assert_eq!(header(res.headers(), "vary"), "Accept-Encoding");
        assert!(res.bytes().await.unwrap().is_empty());
    }
    // A list containing it matches; another tag does not.
    let list = format!("\"nope\", {etag}");
    let res = app
        .public_with("/cached", &[("if-none-match", &list)])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = app
        .public_with("/cached", &[("if-none-match", "\"0123456789abcdef\"")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.bytes().await.unwrap().is_empty());
}

async fn unknown_slug_is_the_branded_404(app: TestApp) {
    for path in [
        "/no-such-page",
        "/draft-only",
        "/a/b/c",
        "/_private",
        "/api-docs",
    ] {
        if path == "/draft-only" {
            app.create_blank("Draft only", "draft-only").await;
        }
        let res = app.public(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            header(res.headers(), "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(res.headers(), "x-content-type-options"), "nosniff");
        let html = res.text().await.unwrap();
        assert!(html.contains("Lander"), "{path}: branded");
        assert!(html.contains("404"), "{path}");
    }
}

async fn path_traversal_is_404(app: TestApp) {
    published(&app, "etc").await;
    for path in [
        "/../etc/passwd",
        "/%2e%2e%2fetc%2fpasswd",
        "/..%2F..%2Fetc",
        "/%2e%2e/",
        "/..",
        "/%2e%2e",
        "/.%2e/etc/passwd",
        "/etc%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e%252fetc",
        "/..\\..\\etc\\passwd",
        "/%00",
        "/etc%00",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let (status, text) = app.raw_http(&request).await;
        assert!(status == 404 || status == 400, "{path}: {status}\n{text}");
        assert!(!text.contains("root:"), "{path}: {text}");
        if path != "/..\\..\\etc\\passwd" {
            assert_eq!(status, 404, "{path}: {text}");
        }
    }
    // The page itself is still served.
    let (status, _) = app
        .raw_http("GET /etc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await;
    assert_eq!(status, 200);
}

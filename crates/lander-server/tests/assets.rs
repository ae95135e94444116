//! Images through the API and the public edge: uploads become content-hashed, immutable
//! variants; types are checked by content; sizes are limited; EXIF (with GPS) is stripped; the
//! library searches, counts usage and refuses to delete what pages use.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestApp, doc_with_blocks, header, heading, png, problem};
use lander_store::Role;
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends!(
    uploads_become_immutable_responsive_variants,
    the_same_bytes_twice_are_one_asset,
    types_are_checked_by_content,
    exif_and_gps_location_are_stripped,
    the_library_searches_counts_usage_and_keeps_used_assets,
    viewers_read_the_library_but_cannot_upload,
);

mod limit {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_oversized_uploads_are_refused() {
        super::with_one_mb_limit(crate::common::Backend::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_oversized_uploads_are_refused() {
        super::with_one_mb_limit(crate::common::Backend::Postgres).await
    }
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 200) as u8, 90, (y % 200) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn created(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 201, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// Fetches a variant publicly and checks its caching headers, type and dimensions.
async fn fetch_variant(app: &TestApp, v: &Value) -> Vec<u8> {
    let url = v["url"].as_str().unwrap();
    let res = app.public(url).await;
    assert_eq!(res.status(), 200, "{url}");
    let h = res.headers().clone();
    assert_eq!(
        header(&h, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&h, "x-content-type-options"), "nosniff");
    let expected_type = format!("image/{}", v["format"].as_str().unwrap());
    assert_eq!(header(&h, "content-type"), expected_type, "{url}");
    let etag = header(&h, "etag");
    assert!(etag.starts_with('"'), "{etag}");
    let bytes = res.bytes().await.unwrap().to_vec();
    assert_eq!(bytes.len() as i64, v["size"].as_i64().unwrap(), "{url}");
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (i64::from(img.width()), i64::from(img.height())),
        (v["width"].as_i64().unwrap(), v["height"].as_i64().unwrap()),
        "{url}"
    );
    // Revalidation answers 304 with the same caching.
    let res = app.public_with(url, &[("if-none-match", &etag)]).await;
    assert_eq!(res.status(), 304);
    assert_eq!(
        header(res.headers(), "cache-control"),
        "public, max-age=31536000, immutable"
    );
    bytes
}

async fn uploads_become_immutable_responsive_variants(app: TestApp) {
    let original = png(1200, 600, 1);
    let asset = created(app.upload("wide banner.png", &original).await).await;
    assert_eq!(asset["name"], "wide banner.png");
    assert_eq!(asset["content_type"], "image/png");
    assert_eq!(
        (asset["width"].as_i64(), asset["height"].as_i64()),
        (Some(1200), Some(600))
    );
    assert_eq!(asset["size"].as_i64().unwrap(), original.len() as i64);
    let shape: Vec<(i64, i64, String)> = asset["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["width"].as_i64().unwrap(),
                v["height"].as_i64().unwrap(),
                v["format"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: Vec<(i64, i64, String)> = [
        (480, 240, "png"),
        (480, 240, "webp"),
        (960, 480, "png"),
        (960, 480, "webp"),
        (1200, 600, "png"),
        (1200, 600, "webp"),
    ]
    .into_iter()
    .map(|(w, h, f)| (w, h, f.to_string()))
    .collect();
    assert_eq!(shape, expected);

    // Content-hashed URLs: the first 16 hex digits of the upload's SHA-256, the width, the type.
    let url = asset["url"].as_str().unwrap();
    let hash = url
        .strip_prefix("/assets/")
        .unwrap()
        .split('-')
        .next()
        .unwrap();
    assert_eq!(hash.len(), 16);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(url, format!("/assets/{hash}-1200.png"));
    assert_eq!(
        asset["srcset"]["webp"],
        format!(
            "/assets/{hash}-480.webp 480w, /assets/{hash}-960.webp 960w, \
             /assets/{hash}-1200.webp 1200w"
        )
    );
    assert_eq!(
        asset["srcset"]["png"],
        format!(
            "/assets/{hash}-480.png 480w, /assets/{hash}-960.png 960w, \
             /assets/{hash}-1200.png 1200w"
        )
    );
    for v in asset["variants"].as_array().unwrap() {
        fetch_variant(&app, v).await;
    }
    assert!(
        app.public("/api/v1/assets")
            .await
            .status()
            .is_client_error()
    );

    // A JPEG narrower than 960: only 480 and its own width.
    let photo = created(app.upload("photo.jpg", &jpeg(700, 350)).await).await;
    assert_eq!(photo["content_type"], "image/jpeg");
    let widths: Vec<_> = photo["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["width"].as_i64().unwrap(),
                v["format"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        widths,
        [
            (480, "jpeg".to_string()),
            (480, "webp".to_string()),
            (700, "jpeg".to_string()),
            (700, "webp".to_string())
        ]
    );
    assert!(photo["url"].as_str().unwrap().ends_with("-700.jpg"));
    for v in photo["variants"].as_array().unwrap() {
        fetch_variant(&app, v).await;
    }

    // Unknown and malformed keys: the 404 page, never a lookup outside the store.
    for path in [
        format!("/assets/{hash}-123.png"),
        "/assets/0000000000000000-480.webp".to_string(),
        "/assets/..%2Flander.db".to_string(),
        format!("/assets/{hash}-480.svg"),
    ] {
        let res = app.public(&path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(header(res.headers(), "content-type").starts_with("text/html"));
    }

    // Read back through the API, with its usage.
    let id = asset["id"].as_str().unwrap();
    let res = app.get(&format!("/api/v1/assets/{id}")).await;
    assert_eq!(res.status(), 200);
    let read: Value = res.json().await.unwrap();
    assert_eq!(read["url"], asset["url"]);
    assert_eq!(read["usage"], 0);
    problem(app.get("/api/v1/assets/not-a-uuid").await, 404).await;
    problem(
        app.get(&format!("/api/v1/assets/{}", uuid::Uuid::now_v7()))
            .await,
        404,
    )
    .await;
}

async fn the_same_bytes_twice_are_one_asset(app: TestApp) {
    let bytes = png(300, 200, 7);
    let first = created(app.upload("a.png", &bytes).await).await;
    let second = created(app.upload("b.png", &bytes).await).await;
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["name"], "a.png");
    let other = created(app.upload("a.png", &png(300, 200, 8)).await).await;
    assert_ne!(first["id"], other["id"]);
    let list: Value = app.get("/api/v1/assets").await.json().await.unwrap();
    assert_eq!(list["total"], 2);
    // One `asset.create` per stored asset.
    let log: Value = app
        .get("/api/v1/audit?action=asset.create")
        .await
        .json()
        .await
        .unwrap();
    let n = log["items"]
        .as_array()
        .or(log.as_array())
        .map(|a| a.len())
        .unwrap_or(0);
    assert_eq!(n, 2, "{log}");
}

async fn types_are_checked_by_content(app: TestApp) {
    // Text named like a PNG.
    let body = problem(
        app.upload("notes.png", b"just some text, not an image")
            .await,
        415,
    )
    .await;
    assert_eq!(body["type"], "urn:lander:problem:unsupported-media-type");
    assert!(body["detail"].as_str().unwrap().contains("text"), "{body}");
    // SVG is refused, and the answer says so.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let body = problem(app.upload("logo.png", svg).await, 415).await;
    assert!(body["detail"].as_str().unwrap().contains("SVG"), "{body}");
    // A PDF.
    let body = problem(app.upload("a.jpg", b"%PDF-1.7\n...").await, 415).await;
    assert!(body["detail"].as_str().unwrap().contains("PDF"), "{body}");
    // A real image with a misleading name is accepted by its content.
    let ok = created(app.upload("looks-like.gif", &png(40, 30, 2)).await).await;
    assert_eq!(ok["content_type"], "image/png");
    // A PNG signature followed by garbage: the right type, but not decodable.
    let mut broken = png(40, 30, 3);
    broken.truncate(40);
    problem(app.upload("broken.png", &broken).await, 422).await;
    // Not multipart at all.
    let res = app
        .send_raw(Method::POST, "/api/v1/assets", "application/json", "{}")
        .await;
    problem(res, 415).await;
    // Multipart without a `file` field.
    let boundary = "b0undary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--{boundary}--\r\n"
    );
    let res = app
        .send_raw(
            Method::POST,
            "/api/v1/assets",
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    common::invalid_at(res, "/file").await;
}

async fn with_one_mb_limit(backend: Backend) {
    let vars = [("LANDER_ASSETS__MAX_UPLOAD_MB".to_string(), "1".to_string())];
    common::run_with(backend, &vars, None, |app| async move {
        // 1.5 MB: refused as soon as the declared length is seen.
        let mut big = png(8, 8, 1);
        big.resize(1_500_000, 0);
        let body = problem(app.upload("big.png", &big).await, 413).await;
        assert!(body["detail"].as_str().unwrap().contains("1 MB"), "{body}");
        // Just over the limit, within the multipart slack: refused while reading.
        let mut over = png(8, 8, 1);
        over.resize(1024 * 1024 + 10, 0);
        problem(app.upload("over.png", &over).await, 413).await;
        // Streamed in chunks without a declared length: still refused while reading.
        let (ct, body) = common::multipart_file("big.png", &big);
        let mut raw = format!(
            "POST /api/v1/assets HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: {ct}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            app.addr, app.token
        )
        .into_bytes();
        for chunk in body.chunks(64 * 1024) {
            raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            raw.extend_from_slice(chunk);
            raw.extend_from_slice(b"\r\n");
        }
        raw.extend_from_slice(b"0\r\n\r\n");
        let (status, text) = app.raw_http_bytes(&raw).await;
        assert_eq!(status, 413, "{text}");
        assert!(text.contains("application/problem+json"), "{text}");
        // Under the limit is fine.
        created(app.upload("small.png", &png(64, 64, 1)).await).await;
        // Other API bodies keep their 2 MiB limit.
        let res = app
            .send_raw(
                Method::POST,
                "/api/v1/pages",
                "application/json",
                vec![b' '; 3 * 1024 * 1024],
            )
            .await;
        problem(res, 413).await;
    })
    .await;
}

/// A JPEG with an EXIF APP1 segment holding a GPS block (latitude reference `N`) and a marker.
fn jpeg_with_gps() -> Vec<u8> {
    let plain = jpeg(640, 480);
    // TIFF, big-endian: IFD0 with one entry, GPSInfo (0x8825) -> the GPS IFD at offset 26.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0x00, 0x01]); // one entry
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&26u32.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    // GPS IFD: GPSLatitudeRef = "N", GPSVersionID.
    tiff.extend_from_slice(&[0x00, 0x02]);
    tiff.extend_from_slice(&[
        0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, b'N', 0, 0, 0,
    ]);
    tiff.extend_from_slice(&[0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 2, 3, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(b"GPS-SECRET-52.3676N-4.9041E");
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let len = u16::try_from(app1.len() + 2).unwrap();
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn exif_and_gps_location_are_stripped(app: TestApp) {
    let upload = jpeg_with_gps();
    assert!(contains(&upload, b"Exif\x00\x00"));
    assert!(contains(&upload, b"GPS-SECRET"));
    // The upload itself still decodes (the EXIF block is well-formed).
    image::load_from_memory(&upload).unwrap();
    let asset = created(app.upload("holiday.jpg", &upload).await).await;
    assert_eq!(asset["content_type"], "image/jpeg");
    let variants = asset["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 4);
    for v in variants {
        let bytes = fetch_variant(&app, v).await;
        assert!(
            !contains(&bytes, b"Exif"),
            "{} keeps an Exif block",
            v["url"]
        );
        assert!(!contains(&bytes, b"GPS-SECRET"), "{}", v["url"]);
        if v["format"] == "jpeg" {
            // No APP1 segment at all.
            assert!(!contains(&bytes, &[0xFF, 0xE1]), "{}", v["url"]);
        }
    }
    // Nothing in the object store keeps the upload's bytes either.
    let dir = app.data_dir.join("assets");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!contains(&bytes, b"GPS-SECRET"));
        assert!(!contains(&bytes, b"Exif"));
    }
}

fn image_block(src: &str) -> Value {
    json!({"id": "img", "type": "image", "props": {"src": src, "alt": "A photo"}})
}

async fn the_library_searches_counts_usage_and_keeps_used_assets(app: TestApp) {
    let hero = created(app.upload("Hero Sunset.png", &png(500, 250, 10)).await).await;
    let logo = created(app.upload("logo_50%.png", &png(120, 120, 11)).await).await;
    let id = hero["id"].as_str().unwrap();

    let list: Value = app.get("/api/v1/assets").await.json().await.unwrap();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], logo["id"], "newest first");
    assert_eq!(list["items"][0]["usage"], 0);
    let found: Value = app
        .get("/api/v1/assets?q=sunset")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["id"], hero["id"]);
    let found: Value = app
        .get("/api/v1/assets?q=50%25")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["id"], logo["id"]);
    let paged: Value = app
        .get("/api/v1/assets?limit=1&offset=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (paged["items"].as_array().unwrap().len(), &paged["total"]),
        (1, &json!(2))
    );
    common::invalid_at(app.get("/api/v1/assets?limit=0").await, "/limit").await;

    // A page's draft uses the hero image (at one of its widths).
    let page = app.create_blank("Landing", "landing").await;
    let (rev, _) = app.draft(&page).await;
    let src = hero["variants"][0]["url"].as_str().unwrap();
    let doc = doc_with_blocks("Landing", vec![heading("h", "Hi"), image_block(src)]);
    let res = app.put_draft(&page, rev, &doc).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let list: Value = app.get("/api/v1/assets").await.json().await.unwrap();
    let usage: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].clone(), a["usage"].as_i64().unwrap()))
        .collect();
    assert_eq!(usage, [(logo["id"].clone(), 0), (hero["id"].clone(), 1)]);
    let one: Value = app
        .get(&format!("/api/v1/assets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["usage"], 1);

    // Deleting it is refused while the page uses it.
    let body = problem(app.delete(&format!("/api/v1/assets/{id}")).await, 409).await;
    assert!(
        body["detail"].as_str().unwrap().contains("1 page"),
        "{body}"
    );
    assert_eq!(
        app.public(hero["url"].as_str().unwrap()).await.status(),
        200
    );

    // Published, then removed from the draft: the live version still uses it.
    app.publish(&page).await;
    let (rev, _) = app.draft(&page).await;
    let res = app
        .put_draft(
            &page,
            rev,
            &doc_with_blocks("Landing", vec![heading("h", "Hi")]),
        )
        .await;
    assert_eq!(res.status(), 200);
    problem(app.delete(&format!("/api/v1/assets/{id}")).await, 409).await;
    // Republished without it: free to delete.
    app.publish(&page).await;
    let res = app.delete(&format!("/api/v1/assets/{id}")).await;
    assert_eq!(res.status(), 204);
    problem(app.get(&format!("/api/v1/assets/{id}")).await, 404).await;
    problem(app.delete(&format!("/api/v1/assets/{id}")).await, 404).await;
    // Its variants are gone from the store and the edge.
    assert_eq!(
        app.public(hero["url"].as_str().unwrap()).await.status(),
        404
    );
    let list: Value = app.get("/api/v1/assets").await.json().await.unwrap();
    assert_eq!(list["total"], 1);

    // Another workspace's member sees none of this.
    let ws = app.create_workspace("Elsewhere").await;
    let stranger = app
        .add_member("stranger@example.com", Role::Owner, Some(ws))
        .await;
    let res = app
        .request_as(&stranger, Method::GET, "/api/v1/assets")
        .send()
        .await
        .unwrap();
    let theirs: Value = res.json().await.unwrap();
    assert_eq!(theirs["total"], 0);
    let logo_id = logo["id"].as_str().unwrap();
    let res = app
        .request_as(
            &stranger,
            Method::DELETE,
            &format!("/api/v1/assets/{logo_id}"),
        )
        .send()
        .await
        .unwrap();
    problem(res, 404).await;
}

async fn viewers_read_the_library_but_cannot_upload(app: TestApp) {
    let viewer = app
        .add_member("viewer@example.com", Role::Viewer, None)
        .await;
    let body = problem(app.upload_as(&viewer, "a.png", &png(10, 10, 1)).await, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("editor"),
        "{body}"
    );
    let asset = created(app.upload("a.png", &png(10, 10, 1)).await).await;
    let res = app
        .request_as(&viewer, Method::GET, "/api/v1/assets")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let id = asset["id"].as_str().unwrap();
    let res = app
        .request_as(&viewer, Method::DELETE, &format!("/api/v1/assets/{id}"))
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    let editor = app
        .add_member("editor@example.com", Role::Editor, None)
        .await;
    created(app.upload_as(&editor, "b.png", &png(10, 10, 2)).await).await;
    // Unauthenticated: 401.
    let res = app
        .client
        .post(app.url("/api/v1/assets"))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
}

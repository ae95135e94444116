//! Lander's browser app under `/app` (built from `web/` and embedded by `lander-web`): hashed
//! files under `/app/assets/` cached for good, `index.html` for every other path (the app
//! routes in the browser and shows its own "not found"), all with a strict
//! Content-Security-Policy (no inline code, nothing from other origins).

use axum::body::Body;
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use lander_web::Asset;

use crate::edge::{self, Encoding};

const CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data: blob:; frame-src 'self'; font-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'",
);
const REFERRER: HeaderValue = HeaderValue::from_static("same-origin");
/// Hashed file names change with their content.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// `index.html` names the current hashed files: always fetch it afresh.
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
/// Other files (unhashed, e.g. from `web/public/`): revalidate with the ETag.
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// Serves `asset`: 304 when `If-None-Match` names its ETag, else the best encoding the client
/// accepts.
fn respond(asset: &'static Asset, cache: HeaderValue, req: &HeaderMap) -> Response {
    // `from_static` cannot panic here: lander-web's build script writes ETags as quoted hex
    // and content types from its own fixed list, all visible ASCII.
    let etag = HeaderValue::from_static(asset.etag);
    let mut h = HeaderMap::with_capacity(10);
    let (status, body) = if edge::not_modified(req, &etag) {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        let (body, encoding) = match (edge::negotiate(req), asset.brotli, asset.gzip) {
            (Encoding::Brotli, Some(br), _) => (br, Some(edge::BR)),
            (Encoding::Gzip, _, Some(gz)) => (gz, Some(edge::GZIP)),
            _ => (asset.body, None),
        };
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        if let Some(encoding) = encoding {
            h.insert(header::CONTENT_ENCODING, encoding);
        }
        (StatusCode::OK, Body::from(body))
    };
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, cache);
    if asset.brotli.is_some() || asset.gzip.is_some() {
        h.insert(header::VARY, edge::VARY);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, CSP);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, edge::NOSNIFF);
    h.insert(header::REFERRER_POLICY, REFERRER);
    let mut res = Response::new(body);
    *res.status_mut() = status;
    *res.headers_mut() = h;
    res
}

/// `GET /app/assets/{*file}`: a built file; Lander's 404 page when there is none.
pub async fn asset(
    file: Result<Path<String>, PathRejection>,
    req: axum::extract::Request,
) -> Response {
    let Some(asset) = file
        .ok()
        .and_then(|Path(file)| lander_web::get(&format!("assets/{file}")))
    else {
        return edge::not_found_page();
    };
    let cache = if asset.immutable { IMMUTABLE } else { NO_CACHE };
    respond(asset, cache, req.headers())
}

/// `GET /app` and `GET /app/`: `index.html`.
pub async fn index(req: axum::extract::Request) -> Response {
    respond(lander_web::index(), NO_STORE, req.headers())
}

/// `GET /app/{*path}`: a file the app ships at that path (from `web/public/`), otherwise
/// `index.html`, which routes in the browser.
pub async fn shell(
    path: Result<Path<String>, PathRejection>,
    req: axum::extract::Request,
) -> Response {
    let file = path
        .ok()
        .and_then(|Path(path)| lander_web::get(&path))
        .filter(|a| !std::ptr::eq(*a, lander_web::index()));
    match file {
        Some(asset) => respond(asset, NO_CACHE, req.headers()),
        None => respond(lander_web::index(), NO_STORE, req.headers()),
    }
}

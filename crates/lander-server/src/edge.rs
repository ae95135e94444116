//! The public edge: serves published pages from memory by slug. The routing table is an
//! immutable map swapped atomically on every change, so a request never waits for a lock,
//! never touches the database and never renders.

use arc_swap::ArcSwap;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use lander_store::{LivePage, Store};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

use crate::AppState;

/// One live page, ready to serve.
#[derive(Debug)]
pub struct Entry {
    /// Page id.
    pub page_id: Uuid,
    /// Slug it is served at.
    pub slug: String,
    /// Live version.
    pub version: i64,
    html: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    etag: HeaderValue,
    csp: HeaderValue,
}

impl Entry {
    fn from_live(p: LivePage) -> Option<Entry> {
        Some(Entry {
            etag: HeaderValue::from_str(&p.etag).ok()?,
            csp: HeaderValue::from_str(&p.csp).ok()?,
            page_id: p.page_id,
            slug: p.slug,
            version: p.version,
            html: Bytes::from(p.html),
            gzip: Bytes::from(p.gzip),
            brotli: Bytes::from(p.brotli),
        })
    }
}

#[derive(Default)]
struct Routes {
    by_slug: HashMap<String, Arc<Entry>>,
    by_page: HashMap<Uuid, Arc<Entry>>,
}

/// The in-memory routing table of live pages.
pub struct Edge {
    routes: ArcSwap<Routes>,
    /// Serialises refreshes so the last one to finish reflects the last committed state.
    refresh: tokio::sync::Mutex<()>,
    warm: AtomicBool,
}

impl Default for Edge {
    fn default() -> Self {
        Edge {
            routes: ArcSwap::from_pointee(Routes::default()),
            refresh: tokio::sync::Mutex::new(()),
            warm: AtomicBool::new(false),
        }
    }
}

impl Edge {
    /// Loads every live page from the store (at start-up).
    pub async fn warm(&self, store: &dyn Store) -> lander_store::Result<usize> {
        let _guard = self.refresh.lock().await;
        let mut routes = Routes::default();
        for page in store.live_pages().await? {
            if let Some(e) = Entry::from_live(page) {
                let e = Arc::new(e);
                routes.by_slug.insert(e.slug.clone(), e.clone());
                routes.by_page.insert(e.page_id, e);
            }
        }
        let n = routes.by_page.len();
        self.routes.store(Arc::new(routes));
        self.warm.store(true, Ordering::Release);
        Ok(n)
    }

    /// True once the table has been loaded.
    pub fn is_warm(&self) -> bool {
        self.warm.load(Ordering::Acquire)
    }

    /// Re-reads one page's live state from the store and installs it (or removes the page).
    /// Returns once this instance serves the new state.
    pub async fn refresh(&self, store: &dyn Store, page_id: Uuid) -> lander_store::Result<()> {
        let _guard = self.refresh.lock().await;
        let live = store.live_page(page_id).await?.and_then(Entry::from_live);
        let current = self.routes.load();
        let mut by_slug = current.by_slug.clone();
        let mut by_page = current.by_page.clone();
        if let Some(old) = by_page.remove(&page_id) {
            by_slug.remove(&old.slug);
        }
        if let Some(e) = live {
            let e = Arc::new(e);
            by_slug.insert(e.slug.clone(), e.clone());
            by_page.insert(page_id, e);
        }
        self.routes.store(Arc::new(Routes { by_slug, by_page }));
        Ok(())
    }

    /// The live entry at `slug`.
    pub fn get(&self, slug: &str) -> Option<Arc<Entry>> {
        self.routes.load().by_slug.get(slug).cloned()
    }

    /// Number of live pages served.
    pub fn len(&self) -> usize {
        self.routes.load().by_page.len()
    }

    /// True when no page is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A body encoding Lander serves precompressed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// Picks the best encoding the client accepts (brotli, then gzip), honouring `q=0`.
pub(crate) fn negotiate(headers: &HeaderMap) -> Encoding {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let (mut br, mut gzip, mut star) = (None, None, None);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let ok = q > 0.0;
        if name.eq_ignore_ascii_case("br") {
            br = Some(ok);
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(ok);
        } else if name == "*" {
            star = Some(ok);
        }
    }
    if br.or(star) == Some(true) {
        Encoding::Brotli
    } else if gzip.or(star) == Some(true) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Does `If-None-Match` match this strong ETag?
pub(crate) fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let etag = etag.as_bytes();
    inm.split(',').any(|t| {
        let t = t.trim();
        let t = t.strip_prefix("W/").unwrap_or(t);
        t == "*" || t.as_bytes() == etag
    })
}

const CACHE_CONTROL: HeaderValue = HeaderValue::from_static("public, no-cache");
const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
pub(crate) const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
const REFERRER: HeaderValue = HeaderValue::from_static("strict-origin-when-cross-origin");
pub(crate) const VARY: HeaderValue = HeaderValue::from_static("Accept-Encoding");
pub(crate) const BR: HeaderValue = HeaderValue::from_static("br");
pub(crate) const GZIP: HeaderValue = HeaderValue::from_static("gzip");

/// `GET /{slug}`: the hot path.
pub async fn serve_page(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
    // The whole request rather than a `HeaderMap` extractor, which would clone every header.
    req: axum::extract::Request,
) -> Response {
    let headers = req.headers();
    // A path that does not decode (e.g. invalid percent-encoding) names no page either.
    let Some(entry) = slug.ok().and_then(|Path(slug)| state.edge.get(&slug)) else {
        return not_found_page();
    };
    // One allocation for all the headers, sized for the most we set.
    let mut h = HeaderMap::with_capacity(12);
    let (status, body) = if not_modified(headers, &entry.etag) {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        let (body, enc) = match negotiate(headers) {
            Encoding::Brotli => (entry.brotli.clone(), Some(BR)),
            Encoding::Gzip => (entry.gzip.clone(), Some(GZIP)),
            Encoding::Identity => (entry.html.clone(), None),
        };
        h.insert(header::CONTENT_TYPE, HTML);
        if let Some(enc) = enc {
            h.insert(header::CONTENT_ENCODING, enc);
        }
        (StatusCode::OK, Body::from(body))
    };
    h.insert(header::ETAG, entry.etag.clone());
    h.insert(header::CACHE_CONTROL, CACHE_CONTROL);
    h.insert(header::VARY, VARY);
    h.insert(header::CONTENT_SECURITY_POLICY, entry.csp.clone());
    h.insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    h.insert(header::REFERRER_POLICY, REFERRER);
    let mut res = Response::new(body);
    *res.status_mut() = status;
    *res.headers_mut() = h;
    res
}

const NOT_FOUND_HTML: &str = include_str!("pages/not_found.html");
const HOME_HTML: &str = include_str!("pages/home.html");
/// CSP of Lander's own static pages: inline style only.
const STATIC_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'",
);

fn static_page(status: StatusCode, html: &'static str) -> Response {
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HTML);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, STATIC_CSP);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    h.insert(header::REFERRER_POLICY, REFERRER);
    res
}

/// Lander's branded "page not found".
pub fn not_found_page() -> Response {
    static_page(StatusCode::NOT_FOUND, NOT_FOUND_HTML)
}

/// `GET /`: what a visitor sees at the root of a Lander server.
pub async fn home() -> Response {
    static_page(StatusCode::OK, HOME_HTML)
}

/// Fallback for every unmatched path outside `/api`.
pub async fn fallback() -> Response {
    not_found_page()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(name: header::HeaderName, v: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(name, HeaderValue::from_str(v).unwrap());
        m
    }

    #[test]
    fn encoding_negotiation() {
        let ae = |v| negotiate(&h(header::ACCEPT_ENCODING, v));
        assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(ae("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(ae("gzip"), Encoding::Gzip);
        assert_eq!(ae("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(ae("identity"), Encoding::Identity);
        assert_eq!(ae("*"), Encoding::Brotli);
        assert_eq!(ae("br;q=0, *;q=0.1"), Encoding::Gzip);
        assert_eq!(ae("gzip;q=0"), Encoding::Identity);
    }

    #[test]
    fn etag_matching() {
        let etag = HeaderValue::from_static("\"abc\"");
        assert!(not_modified(&h(header::IF_NONE_MATCH, "\"abc\""), &etag));
        assert!(not_modified(
            &h(header::IF_NONE_MATCH, "\"x\", \"abc\""),
            &etag
        ));
        assert!(not_modified(&h(header::IF_NONE_MATCH, "W/\"abc\""), &etag));
        assert!(not_modified(&h(header::IF_NONE_MATCH, "*"), &etag));
        assert!(!not_modified(&h(header::IF_NONE_MATCH, "\"abd\""), &etag));
        assert!(!not_modified(&HeaderMap::new(), &etag));
    }
}

//! Lander's own screens in the browser under `/app` (sign-in, sign-up, password reset, e-mail
//! confirmation, invitations, the account page): one HTML shell and its script and style,
//! compiled into the binary and served with a strict Content-Security-Policy (no inline code,
//! nothing from other origins).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("app/index.html");
const SCRIPT: &str = include_str!("app/app.js");
const STYLE: &str = include_str!("app/app.css");

const CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
);

fn respond(body: &'static str, content_type: &'static str, cache: &'static str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::CONTENT_SECURITY_POLICY, CSP);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// The screens the shell knows (it routes in the browser).
pub const SCREENS: &[&str] = &[
    "/app",
    "/app/",
    "/app/signin",
    "/app/signup",
    "/app/forgot",
    "/app/reset",
    "/app/verify",
    "/app/invitation",
];

/// A screen: the shell; any other path under `/app` is Lander's 404 page.
pub async fn shell(uri: axum::http::Uri) -> Response {
    if SCREENS.contains(&uri.path()) {
        respond(INDEX, "text/html; charset=utf-8", "no-store")
    } else {
        crate::edge::not_found_page()
    }
}

/// `/app/assets/app.js`.
pub async fn script() -> Response {
    respond(SCRIPT, "text/javascript; charset=utf-8", "no-cache")
}

/// `/app/assets/app.css`.
pub async fn style() -> Response {
    respond(STYLE, "text/css; charset=utf-8", "no-cache")
}

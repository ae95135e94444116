//! The REST API under `/api/v1`, and its OpenAPI 3.1 description generated from the handlers.

mod account;
mod account_views;
mod assets;
mod audit;
mod members;
mod pages;
mod privacy;
mod publishing;
mod responses;
mod sso;
mod templates;
mod tokens;
mod views;
mod workspace;

use crate::AppState;
use crate::error::{ApiError, ProblemDetails};
use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub use views::*;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lander API",
        description = "Create, edit, publish and roll back landing pages. Endpoints need \
                       `Authorization: Bearer <token>` (create a token with `lander token \
                       create`) or a browser session from `POST /api/v1/auth/signin`. Errors \
                       are RFC 9457 problem documents; field errors carry a JSON pointer.",
        license(name = "AGPL-3.0-only")
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []), ("session" = [])),
    components(schemas(ProblemDetails)),
    tags(
        (name = "pages", description = "Pages and their drafts"),
        (name = "publishing", description = "Publishing, versions and rollback"),
        (name = "templates", description = "Built-in templates"),
        (name = "assets", description = "Uploaded images and their responsive variants"),
        (name = "workspace", description = "The workspace a token or session acts in"),
        (name = "members", description = "Members, invitations and workspaces"),
        (name = "account", description = "Sign-in, sessions, passwords and your data"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "lander_session",
                "The browser session cookie (`__Host-lander_session` over HTTPS). State-changing \
                 requests also need the `Origin` of Lander and the `X-CSRF-Token` header.",
            ))),
        );
    }
}

/// Every API route, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(templates::list_templates))
        .routes(routes!(templates::get_template))
        .routes(routes!(templates::preview_template))
        .routes(routes!(pages::list_pages, pages::create_page))
        .routes(routes!(
            pages::get_page,
            pages::update_page,
            pages::delete_page
        ))
        .routes(routes!(pages::duplicate_page))
        .routes(routes!(pages::get_draft, pages::put_draft))
        .routes(routes!(publishing::publish))
        .routes(routes!(publishing::unpublish))
        .routes(routes!(publishing::rollback))
        .routes(routes!(publishing::list_versions))
        .routes(routes!(publishing::get_version))
        .routes(routes!(publishing::get_version_html))
        .routes(routes!(publishing::render_preview))
        .routes(routes!(assets::list_assets))
        // Uploads carry their own limit (`assets.max_upload_mb`), enforced by the handler
        // while it reads; the 2 MiB default for every other route does not apply here.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(assets::upload_asset))
                .layer(DefaultBodyLimit::disable()),
        )
        .routes(routes!(assets::get_asset, assets::delete_asset))
        .routes(routes!(audit::read_audit_log))
        .routes(routes!(tokens::list_tokens, tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(sso::list_providers))
        .routes(routes!(sso::start))
        .routes(routes!(sso::callback))
        .routes(routes!(account::sign_up))
        .routes(routes!(account::sign_in))
        .routes(routes!(account::sign_out))
        .routes(routes!(account::verify_email))
        .routes(routes!(account::request_reset))
        .routes(routes!(account::confirm_reset))
        .routes(routes!(account::current_session))
        .routes(routes!(account::choose_workspace))
        .routes(routes!(account::list_sessions))
        .routes(routes!(account::revoke_session))
        .routes(routes!(account::change_password))
        .routes(routes!(privacy::export_account))
        .routes(routes!(privacy::delete_account))
        .routes(routes!(members::list_members))
        .routes(routes!(members::change_member, members::remove_member))
        .routes(routes!(
            members::list_invitations,
            members::create_invitation
        ))
        .routes(routes!(members::revoke_invitation))
        .routes(routes!(members::accept_invitation))
        .routes(routes!(members::list_workspaces, members::create_workspace))
        .routes(routes!(members::transfer_workspace))
        .routes(routes!(
            workspace::current_workspace,
            members::delete_workspace
        ))
}

/// The OpenAPI document as pretty JSON (what `/api/openapi.json` serves and the repository
/// commits as `docs/openapi.json`).
pub fn openapi_document() -> String {
    let doc = router().into_openapi();
    let mut s = doc.to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

/// `GET /api/openapi.json`. Public: it describes the API, it grants nothing.
pub async fn openapi_json() -> Response {
    static DOC: OnceLock<String> = OnceLock::new();
    let body = DOC.get_or_init(openapi_document).clone();
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

/// Any other path under `/api`: 401 without a valid token (nothing is revealed to anonymous
/// callers), 404 with one.
pub async fn not_found(_auth: crate::auth::Auth) -> ApiError {
    ApiError::NotFound("no such API endpoint; see /api/openapi.json".into())
}

/// A known path with a method it does not support.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed(
        "this endpoint does not support this method; see /api/openapi.json".into(),
    )
}

/// Parses a page id from the path; anything that is not a UUID is a page that does not exist.
fn page_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::NotFound(format!("there is no page with id '{raw}'")))
}

/// The `q`, `limit` and `offset` of a list endpoint.
struct ListParams {
    search: Option<String>,
    limit: i64,
    offset: i64,
}

/// Reads `q` (at most 200 characters), `limit` (1-200, default 50) and `offset` from a query
/// string; every other parameter goes to `other`, which may report a problem for it as
/// `(pointer, detail)`. All problems are answered together (422).
fn parse_list_params(
    raw: Option<&str>,
    mut other: impl FnMut(&str, &str) -> Option<(&'static str, String)>,
) -> Result<ListParams, ApiError> {
    let mut p = ListParams {
        search: None,
        limit: 50,
        offset: 0,
    };
    let mut errors = Vec::new();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let number = |max: i64| match value.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => Ok(n),
            _ => Err(format!("must be a whole number from 0 to {max}")),
        };
        match key.as_ref() {
            "q" => {
                if value.chars().count() > 200 {
                    errors.push(("/q", "is at most 200 characters".to_string()));
                } else if !value.trim().is_empty() {
                    p.search = Some(value.trim().to_string());
                }
            }
            "limit" => match number(200) {
                Ok(0) => errors.push(("/limit", "must be at least 1".to_string())),
                Ok(n) => p.limit = n,
                Err(e) => errors.push(("/limit", e)),
            },
            "offset" => match number(i64::from(i32::MAX)) {
                Ok(n) => p.offset = n,
                Err(e) => errors.push(("/offset", e)),
            },
            key => errors.extend(other(key, &value)),
        }
    }
    ApiError::check_fields(errors)?;
    Ok(p)
}

/// Shorthand for JSON responses.
type JsonResult<T> = Result<Json<T>, ApiError>;

//! The API's error type, rendered as RFC 9457 `application/problem+json`, and the JSON body
//! extractor that turns every kind of bad body into one of these errors.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_doc::Problem;
use lander_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

tokio::task_local! {
    /// The current request's id, set by the request-id middleware so errors can quote it.
    pub static REQUEST_ID: String;
}

/// One field-level error in a problem document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) into the request body, e.g. `/sections/0/blocks/1/props/url`.
    pub pointer: String,
    /// What is wrong.
    pub detail: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemDetails {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation of this occurrence.
    pub detail: String,
    /// Field-level errors, each with a JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The stored draft revision (412 responses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i64>,
    /// Request id, also in the `x-request-id` header; quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Everything a handler can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read at all (e.g. malformed JSON).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: authenticated, but the role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// 403: a browser request that fails the CSRF checks (foreign `Origin`, missing or wrong
    /// `X-CSRF-Token`).
    #[error("{0}")]
    Csrf(String),
    /// 404.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists, the method does not.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 409: conflicts with existing data; the pointer names the field.
    #[error("{detail}")]
    Conflict {
        /// Explanation.
        detail: String,
        /// Field.
        pointer: Option<String>,
    },
    /// 412: `If-Match` names a revision that is no longer current.
    #[error("stale revision")]
    StaleRevision {
        /// The current revision.
        current: i64,
    },
    /// 413.
    #[error("{0}")]
    TooLarge(String),
    /// 415.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: the request is well-formed but invalid; every problem is listed.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// 429: too many attempts; try again after `retry_after_secs`.
    #[error("{detail}")]
    TooManyRequests {
        /// Explanation.
        detail: String,
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// 503: a dependency (the database) is unavailable; try again.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a bug or an unexpected failure. Logged with its cause; the client sees only an
    /// opaque message with the request id.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// A 422 with one field error.
    pub fn invalid(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError {
            pointer: pointer.into(),
            detail: detail.into(),
        }])
    }

    /// A 422 with a field error per `(pointer, detail)` pair; `Ok` when there are none.
    pub fn check_fields<P: Into<String>>(errors: Vec<(P, String)>) -> Result<(), Self> {
        if errors.is_empty() {
            return Ok(());
        }
        Err(ApiError::Invalid(
            errors
                .into_iter()
                .map(|(p, d)| FieldError {
                    pointer: p.into(),
                    detail: d,
                })
                .collect(),
        ))
    }

    /// A 422 listing document problems, their pointers under `prefix` (e.g. `/doc`).
    pub fn from_problems(prefix: &str, problems: Vec<Problem>) -> Self {
        ApiError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError {
                    pointer: format!("{prefix}{}", p.pointer),
                    detail: p.message,
                })
                .collect(),
        )
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad-request", "Bad request"),
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            ApiError::Csrf(_) => (StatusCode::FORBIDDEN, "csrf", "Cross-site request refused"),
            ApiError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many attempts",
            ),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            ApiError::Conflict { .. } => (StatusCode::CONFLICT, "conflict", "Conflict"),
            ApiError::StaleRevision { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "stale-revision",
                "The draft has changed",
            ),
            ApiError::TooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request body too large",
            ),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "The request is invalid",
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Temporarily unavailable",
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
            ),
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> ProblemDetails {
        let (status, kind, title) = self.parts();
        let request_id = REQUEST_ID.try_with(Clone::clone).ok();
        let (detail, errors, current_revision) = match self {
            ApiError::Invalid(errors) => {
                let detail = match errors.len() {
                    1 => format!(
                        "{}: {}",
                        display_pointer(&errors[0].pointer),
                        errors[0].detail
                    ),
                    n => format!("{n} problems; see `errors`"),
                };
                (detail, errors.clone(), None)
            }
            ApiError::Conflict { detail, pointer } => (
                detail.clone(),
                pointer
                    .iter()
                    .map(|p| FieldError {
                        pointer: p.clone(),
                        detail: detail.clone(),
                    })
                    .collect(),
                None,
            ),
            ApiError::StaleRevision { current } => (
                format!(
                    "the draft is at revision {current}; fetch it again, reapply your change, \
                     and send it with If-Match: \"{current}\""
                ),
                Vec::new(),
                Some(*current),
            ),
            ApiError::Internal(_) => (
                "something went wrong on our side; it has been logged. Quote the request id \
                 when reporting it."
                    .to_string(),
                Vec::new(),
                None,
            ),
            other => (other.to_string(), Vec::new(), None),
        };
        ProblemDetails {
            kind: format!("urn:lander:problem:{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail,
            errors,
            current_revision,
            request_id,
        }
    }
}

fn display_pointer(p: &str) -> &str {
    if p.is_empty() { "the body" } else { p }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, _, _) = self.parts();
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(msg) => tracing::warn!(%msg, "dependency unavailable"),
            _ => {}
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self {
            ApiError::Unauthorized(_) => {
                h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::Unavailable(_) => {
                h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            ApiError::TooManyRequests {
                retry_after_secs, ..
            } => {
                h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            _ => {}
        }
        res
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound("not found".into()),
            StoreError::Conflict { constraint } => match constraint.as_deref() {
                Some("page_slug_key") => ApiError::Conflict {
                    detail: "another page already uses this slug".into(),
                    pointer: Some("/slug".into()),
                },
                Some("last_owner") => ApiError::Conflict {
                    detail: "a workspace always keeps at least one owner; make someone else \
                             owner first"
                        .into(),
                    pointer: Some("/role".into()),
                },
                Some("account_email_key") => ApiError::Conflict {
                    detail: "an account with this e-mail already exists".into(),
                    pointer: Some("/email".into()),
                },
                _ => ApiError::Conflict {
                    detail: "conflicts with existing data".into(),
                    pointer: None,
                },
            },
            StoreError::StaleRevision { current } => ApiError::StaleRevision { current },
            StoreError::Unavailable(e) => {
                tracing::error!(error = %e, "database unavailable");
                ApiError::Unavailable("the database is unavailable; try again shortly".into())
            }
            StoreError::Other(e) => ApiError::Internal(anyhow::Error::from_boxed(e)),
        }
    }
}

/// JSON request body. Unlike `axum::Json`, every rejection is a problem document: wrong
/// content type (415), body too large (413), malformed JSON or invalid UTF-8 (400), wrong
/// types or missing fields (422 with a pointer).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = json_bytes(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Reads a JSON body's bytes, checking the content type and size.
pub async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<bytes::Bytes, ApiError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !(mime == "application/json"
        || (mime.starts_with("application/") && mime.ends_with("+json")))
    {
        return Err(ApiError::UnsupportedMediaType(format!(
            "send the body as JSON with Content-Type: application/json (got '{ct}')"
        )));
    }
    bytes::Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(format!(
                "a request body is at most {} bytes",
                crate::MAX_BODY_BYTES
            ))
        } else {
            ApiError::BadRequest(format!("could not read the body: {e}"))
        }
    })
}

/// Parses JSON bytes into `T`, mapping syntax errors to 400 and data errors to 422 with a
/// pointer.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Syntax first, so a body that is not JSON at all is always a 400, whatever its fields.
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|e| ApiError::invalid(pointer_of(e.path()), clean(e.inner())))
}

fn clean(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&lander_doc::parse::escape_token(key));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Path parameters. A malformed segment (e.g. invalid percent-encoding) names nothing that
/// exists, so it answers 404 as a problem document.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(e: axum::extract::rejection::PathRejection) -> Self {
        ApiError::NotFound(format!("no such resource: {}", e.body_text()))
    }
}

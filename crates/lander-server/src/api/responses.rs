//! Error responses shared by many endpoints, declared once for the OpenAPI document. These
//! types only describe responses; handlers answer with [`crate::error::ApiError`].
#![allow(dead_code)]

use crate::error::ProblemDetails;
use utoipa::IntoResponses;

/// The body is not valid JSON.
#[derive(IntoResponses)]
#[response(status = 400, content_type = "application/problem+json")]
pub struct BadJson(ProblemDetails);

/// No valid token: missing, malformed, unknown, revoked or expired.
#[derive(IntoResponses)]
#[response(status = 401, content_type = "application/problem+json")]
pub struct Unauthorized(ProblemDetails);

/// No such page.
#[derive(IntoResponses)]
#[response(status = 404, content_type = "application/problem+json")]
pub struct PageNotFound(ProblemDetails);

/// Another page already uses the slug.
#[derive(IntoResponses)]
#[response(status = 409, content_type = "application/problem+json")]
pub struct SlugTaken(ProblemDetails);

/// The body is over 2 MiB.
#[derive(IntoResponses)]
#[response(status = 413, content_type = "application/problem+json")]
pub struct TooLarge(ProblemDetails);

/// The body is not sent as `application/json`.
#[derive(IntoResponses)]
#[response(status = 415, content_type = "application/problem+json")]
pub struct NotJson(ProblemDetails);

/// Authenticated, but the caller's role in the workspace does not allow this.
#[derive(IntoResponses)]
#[response(status = 403, content_type = "application/problem+json")]
pub struct Forbidden(ProblemDetails);

/// Too many attempts; `Retry-After` says when to try again.
#[derive(IntoResponses)]
#[response(status = 429, content_type = "application/problem+json")]
pub struct RateLimited(ProblemDetails);

/// The e-mailed link is unknown, used, withdrawn or expired.
#[derive(IntoResponses)]
#[response(status = 400, content_type = "application/problem+json")]
pub struct BadLink(ProblemDetails);

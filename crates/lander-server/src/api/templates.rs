//! `GET /api/v1/templates`: the built-in templates.

use super::responses::{Forbidden, Unauthorized};
use super::{JsonResult, TemplateDetail, TemplateView};
use crate::auth::Auth;
use crate::error::ApiPath;
use crate::error::{ApiError, ProblemDetails};
use crate::policy::{self, Action};
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::Response;

fn view(t: lander_doc::templates::TemplateInfo) -> TemplateView {
    TemplateView {
        id: t.id.into(),
        name: t.name.into(),
        description: t.description.into(),
        has_form: t.has_form,
    }
}

/// List the built-in templates.
#[utoipa::path(
    get,
    path = "/api/v1/templates",
    tag = "templates",
    responses(
        (status = 200, description = "The templates, in gallery order", body = Vec<TemplateView>),
        Unauthorized,
        Forbidden,
    )
)]
pub async fn list_templates(Auth(who): Auth) -> JsonResult<Vec<TemplateView>> {
    policy::require(&who, Action::ReadPages)?;
    Ok(Json(
        lander_doc::templates::list()
            .into_iter()
            .map(view)
            .collect(),
    ))
}

/// One template with its document.
#[utoipa::path(
    get,
    path = "/api/v1/templates/{id}",
    tag = "templates",
    params(("id" = String, Path, description = "Template id, e.g. `saas`")),
    responses(
        (status = 200, description = "The template", body = TemplateDetail),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such template", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn get_template(
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> JsonResult<TemplateDetail> {
    policy::require(&who, Action::ReadPages)?;
    let not_found = || ApiError::NotFound(format!("there is no template '{id}'"));
    let info = lander_doc::templates::list()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(not_found)?;
    let doc = lander_doc::templates::get(&id).ok_or_else(not_found)?;
    Ok(Json(TemplateDetail {
        template: view(info),
        doc: serde_json::to_value(doc).map_err(|e| ApiError::Internal(e.into()))?,
    }))
}

/// A template rendered as a full page by the same renderer that publishes (for the gallery's
/// live previews); served with the page's own Content-Security-Policy.
#[utoipa::path(
    get,
    path = "/api/v1/templates/{id}/preview",
    tag = "templates",
    params(("id" = String, Path, description = "Template id, e.g. `saas`")),
    responses(
        (status = 200, description = "The rendered template", content_type = "text/html", body = String),
        Unauthorized,
        Forbidden,
        (status = 404, description = "No such template", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn preview_template(
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    policy::require(&who, Action::ReadPages)?;
    let doc = lander_doc::templates::get(&id)
        .ok_or_else(|| ApiError::NotFound(format!("there is no template '{id}'")))?;
    let page = lander_render::render(&doc, &lander_render::RenderOptions { page_id: None });
    let mut res = super::publishing::html_response(page.html.into_bytes(), Some(&page.csp));
    // Templates change only with Lander itself: browsers may keep a preview for an hour.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(res)
}

//! Pages: create (from a template or a document), list, read, change settings, duplicate,
//! delete, and read or replace the draft.

use super::responses::{
    BadJson, Forbidden, NotJson, PageNotFound, SlugTaken, TooLarge, Unauthorized,
};
use super::{
    CreatePage, DraftView, DuplicatePage, JsonResult, PageList, PageView, UpdatePage, page_id,
};
use crate::AppState;
use crate::auth::Auth;
use crate::drafts;
use crate::error::{ApiError, ApiPath, JsonBody, ProblemDetails, json_bytes, parse_json};
use crate::policy::{self, Action};
use axum::Json;
use axum::extract::{FromRequest, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lander_doc::{Document, Slug};
use lander_store::{NewPage, PageQuery, PageStatus, StoreError};

const MAX_TITLE_CHARS: usize = 200;

fn parse_title(title: &str, pointer: &str) -> Result<String, ApiError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(ApiError::invalid(pointer, "a title cannot be empty"));
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::invalid(
            pointer,
            format!("a title is at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            pointer,
            "a title cannot contain control characters",
        ));
    }
    Ok(t.to_string())
}

fn parse_slug(slug: &str, pointer: &str) -> Result<Slug, ApiError> {
    Slug::parse(slug).map_err(|msg| ApiError::invalid(pointer, msg))
}

fn slug_conflict(slug: &str) -> ApiError {
    ApiError::Conflict {
        detail: format!("another page already uses the slug '{slug}'"),
        pointer: Some("/slug".into()),
    }
}

fn created(page: PageView) -> Response {
    let location = format!("/api/v1/pages/{}", page.id);
    let mut res = (StatusCode::CREATED, Json(page)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Create a page from a template or a document.
#[utoipa::path(
    post,
    path = "/api/v1/pages",
    tag = "pages",
    request_body = CreatePage,
    responses(
        (status = 201, description = "Created", body = PageView, headers(("Location" = String, description = "URL of the new page"))),
        BadJson,
        Unauthorized,
        Forbidden,
        SlugTaken,
        TooLarge,
        NotJson,
        (status = 422, description = "Invalid title, slug, template or document", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn create_page(
    State(state): State<AppState>,
    Auth(who): Auth,
    JsonBody(body): JsonBody<CreatePage>,
) -> Result<Response, ApiError> {
    policy::enforce(&state, &who, Action::EditPages, None).await?;
    let title = parse_title(&body.title, "/title");
    let slug = match &body.slug {
        Some(s) => parse_slug(s, "/slug").map(Some),
        None => Ok(None),
    };
    let doc = match (body.template.as_deref(), body.doc) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "/template",
            "give either a template or a doc, not both",
        )),
        (None, Some(doc)) => {
            lander_doc::parse_document(doc).map_err(|p| ApiError::from_problems("/doc", p))
        }
        (template, None) => {
            let id = template.unwrap_or("blank");
            lander_doc::templates::get(id).ok_or_else(|| {
                let ids: Vec<_> = lander_doc::templates::list().iter().map(|t| t.id).collect();
                ApiError::invalid(
                    "/template",
                    format!(
                        "there is no template '{id}'; choose one of: {}",
                        ids.join(", ")
                    ),
                )
            })
        }
    };
    // Report every problem of the request at once.
    let mut errors = Vec::new();
    for e in [
        title.as_ref().err(),
        slug.as_ref().err(),
        doc.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        if let ApiError::Invalid(list) = e {
            errors.extend(list.iter().cloned());
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let (title, slug, mut doc) = (title?, slug?, doc?);
    let slug = slug.unwrap_or_else(|| Slug::from_title(&title));
    doc.settings.title = title.clone();
    doc.settings.slug = Some(slug.clone());
    let page = state
        .store
        .create_page(
            NewPage {
                workspace_id: who.workspace_id,
                title,
                slug: slug.to_string(),
                doc,
                created_by: Some(who.account_id),
            },
            &who.audit(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => slug_conflict(slug.as_str()),
            other => other.into(),
        })?;
    tracing::info!(page_id = %page.id, slug = %page.slug, "page created");
    Ok(created(page.into()))
}

fn parse_list_query(raw: Option<&str>) -> Result<PageQuery, ApiError> {
    let mut status = None;
    let p = super::parse_list_params(raw, |key, value| match (key, value) {
        ("status", "draft") => {
            status = Some(PageStatus::Draft);
            None
        }
        ("status", "published") => {
            status = Some(PageStatus::Published);
            None
        }
        ("status", _) => Some(("/status", "must be 'draft' or 'published'".to_string())),
        _ => None,
    })?;
    Ok(PageQuery {
        status,
        search: p.search,
        limit: p.limit,
        offset: p.offset,
        ..Default::default()
    })
}

/// List pages, most recently changed first.
#[utoipa::path(
    get,
    path = "/api/v1/pages",
    tag = "pages",
    params(
        ("status" = Option<String>, Query, description = "`draft` or `published`"),
        ("q" = Option<String>, Query, description = "Only pages whose title contains this (case-insensitive)"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Page size, 1-200 (default 50)"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 2147483647, description = "Pages to skip (default 0)"),
    ),
    responses(
        (status = 200, description = "A page of pages", body = PageList),
        Unauthorized,
        Forbidden,
        (status = 422, description = "Invalid query parameter", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn list_pages(
    State(state): State<AppState>,
    Auth(who): Auth,
    RawQuery(raw): RawQuery,
) -> JsonResult<PageList> {
    policy::require(&who, Action::ReadPages)?;
    let mut q = parse_list_query(raw.as_deref())?;
    q.workspace_id = who.workspace_id;
    let (pages, total) = state.store.list_pages(&q).await?;
    Ok(Json(PageList {
        items: pages.into_iter().map(PageView::from).collect(),
        total,
        limit: q.limit,
        offset: q.offset,
    }))
}

/// One page.
#[utoipa::path(
    get,
    path = "/api/v1/pages/{id}",
    tag = "pages",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 200, description = "The page", body = PageView),
        Unauthorized,
        Forbidden,
        PageNotFound,
    )
)]
pub async fn get_page(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> JsonResult<PageView> {
    let page = drafts::authorize(&state, &who, page_id(&id)?, Action::ReadPages).await?;
    Ok(Json(page.into()))
}

/// Change a page's settings (title, slug, language, SEO) in its draft.
#[utoipa::path(
    patch,
    path = "/api/v1/pages/{id}",
    tag = "pages",
    params(("id" = Uuid, Path, description = "Page id")),
    request_body = UpdatePage,
    responses(
        (status = 200, description = "The updated page", body = PageView),
        BadJson,
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        PageNotFound,
        SlugTaken,
        (status = 422, description = "Invalid settings", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn update_page(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    JsonBody(body): JsonBody<UpdatePage>,
) -> JsonResult<PageView> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::EditPages).await?;
    let title = body
        .title
        .as_deref()
        .map(|t| parse_title(t, "/title"))
        .transpose()?;
    let slug = body
        .slug
        .as_deref()
        .map(|s| parse_slug(s, "/slug"))
        .transpose()?;
    let language = body
        .language
        .as_deref()
        .map(|l| {
            lander_doc::types::Language::parse(l).map_err(|m| ApiError::invalid("/language", m))
        })
        .transpose()?;
    let seo: Option<lander_doc::Seo> = match body.seo {
        Some(v) => Some(
            parse_json(&serde_json::to_vec(&v).unwrap_or_default()).map_err(|e| match e {
                ApiError::Invalid(mut list) => {
                    for f in &mut list {
                        f.pointer = format!("/seo{}", f.pointer);
                    }
                    ApiError::Invalid(list)
                }
                other => other,
            })?,
        ),
        None => None,
    };
    let result = drafts::update(&state, id, &who.audit(), |doc: &mut Document| {
        if let Some(t) = &title {
            doc.settings.title = t.clone();
        }
        if let Some(s) = &slug {
            doc.settings.slug = Some(s.clone());
        }
        if let Some(l) = &language {
            doc.settings.language = l.clone();
        }
        if let Some(s) = &seo {
            doc.settings.seo = s.clone();
        }
        let problems = lander_doc::validate(doc);
        match problems.iter().find(|p| p.pointer.starts_with("/settings")) {
            Some(p) => Err(ApiError::invalid(
                p.pointer.trim_start_matches("/settings").to_string(),
                p.message.clone(),
            )),
            None => Ok(()),
        }
    })
    .await;
    match result {
        Ok(_) => {}
        Err(ApiError::Conflict { .. }) => {
            return Err(slug_conflict(slug.as_ref().map(Slug::as_str).unwrap_or("")));
        }
        Err(e) => return Err(e),
    }
    Ok(Json(drafts::page(&state, id).await?.into()))
}

/// Delete a page, its draft and all its versions. A published page goes offline at once.
#[utoipa::path(
    delete,
    path = "/api/v1/pages/{id}",
    tag = "pages",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 204, description = "Deleted"),
        Unauthorized,
        Forbidden,
        PageNotFound,
    )
)]
pub async fn delete_page(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::PublishPages).await?;
    state
        .store
        .delete_page(id, &who.audit())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => drafts::page_not_found(id),
            other => other.into(),
        })?;
    state.edge.refresh(state.store.as_ref(), id).await?;
    tracing::info!(page_id = %id, "page deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Optional JSON body: none at all means the defaults.
pub struct OptionalJson<T>(pub T);

impl<T: serde::de::DeserializeOwned + Default> FromRequest<AppState> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let empty = req.headers().get(header::CONTENT_TYPE).is_none()
            && req
                .headers()
                .get(header::CONTENT_LENGTH)
                .is_none_or(|v| v.as_bytes() == b"0");
        if empty {
            return Ok(OptionalJson(T::default()));
        }
        let bytes = json_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) || bytes.trim_ascii() == b"null" {
            return Ok(OptionalJson(T::default()));
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

/// Copy a page's draft into a new page (for example as an A/B variant).
#[utoipa::path(
    post,
    path = "/api/v1/pages/{id}/duplicate",
    tag = "pages",
    params(("id" = Uuid, Path, description = "Page to copy")),
    request_body(content = Option<DuplicatePage>, description = "Optional title and slug of the copy"),
    responses(
        (status = 201, description = "The copy", body = PageView, headers(("Location" = String, description = "URL of the copy"))),
        Unauthorized,
        Forbidden,
        TooLarge,
        NotJson,
        PageNotFound,
        SlugTaken,
        (status = 422, description = "Invalid title or slug", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn duplicate_page(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    OptionalJson(body): OptionalJson<DuplicatePage>,
) -> Result<Response, ApiError> {
    let id = page_id(&id)?;
    let source = drafts::authorize(&state, &who, id, Action::EditPages).await?;
    let draft = drafts::load(&state, id).await?;
    let title = match &body.title {
        Some(t) => parse_title(t, "/title")?,
        None => {
            let t = format!("{} (copy)", source.title);
            t.chars().take(MAX_TITLE_CHARS).collect()
        }
    };
    let explicit = body
        .slug
        .as_deref()
        .map(|s| parse_slug(s, "/slug"))
        .transpose()?;
    let base: String = format!("{}-copy", source.slug).chars().take(90).collect();
    for n in 1..=50 {
        let slug = match &explicit {
            Some(s) => s.clone(),
            None if n == 1 => parse_slug(&base, "/slug")?,
            None => parse_slug(&format!("{base}-{n}"), "/slug")?,
        };
        let mut doc = draft.doc.clone();
        doc.settings.title = title.clone();
        doc.settings.slug = Some(slug.clone());
        match state
            .store
            .create_page(
                NewPage {
                    workspace_id: who.workspace_id,
                    title: title.clone(),
                    slug: slug.to_string(),
                    doc,
                    created_by: Some(who.account_id),
                },
                &who.audit(),
            )
            .await
        {
            Ok(page) => return Ok(created(page.into())),
            Err(StoreError::Conflict { .. }) if explicit.is_none() => continue,
            Err(StoreError::Conflict { .. }) => return Err(slug_conflict(slug.as_str())),
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict {
        detail: "could not find a free slug for the copy; pass one as `slug`".into(),
        pointer: Some("/slug".into()),
    })
}

fn draft_response(status: StatusCode, draft: lander_store::Draft) -> Result<Response, ApiError> {
    let etag = format!("\"{}\"", draft.revision);
    let body = DraftView {
        revision: draft.revision,
        doc: serde_json::to_value(&draft.doc).map_err(|e| ApiError::Internal(e.into()))?,
    };
    let mut res = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The page's draft document and its revision (also in `ETag`).
#[utoipa::path(
    get,
    path = "/api/v1/pages/{id}/draft",
    tag = "pages",
    params(("id" = Uuid, Path, description = "Page id")),
    responses(
        (status = 200, description = "The draft", body = DraftView, headers(("ETag" = String, description = "The revision, quoted"))),
        Unauthorized,
        Forbidden,
        PageNotFound,
    )
)]
pub async fn get_draft(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::ReadPages).await?;
    let draft = drafts::load(&state, id).await?;
    draft_response(StatusCode::OK, draft)
}

/// Parses `If-Match`: `"7"`, `W/"7"`, `7` or `*` (any revision).
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("").trim();
    if s == "*" {
        return Ok(None);
    }
    let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
    s.parse::<i64>().map(Some).map_err(|_| {
        ApiError::BadRequest(format!(
            "If-Match must be a draft revision such as \"3\" (from the draft's ETag), got '{}'",
            v.to_str().unwrap_or("?")
        ))
    })
}

/// Replace the draft. The body is the page document itself. Send `If-Match` with the revision
/// you edited to be told (412) instead of overwriting someone else's change.
#[utoipa::path(
    put,
    path = "/api/v1/pages/{id}/draft",
    tag = "pages",
    params(
        ("id" = Uuid, Path, description = "Page id"),
        ("If-Match" = Option<String>, Header, description = "The draft revision this change is based on, e.g. \"3\""),
    ),
    request_body(content = Object, description = "The page document", content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = DraftView, headers(("ETag" = String, description = "The new revision, quoted"))),
        (status = 400, description = "Malformed JSON or If-Match", body = ProblemDetails, content_type = "application/problem+json"),
        Unauthorized,
        Forbidden,
        PageNotFound,
        (status = 409, description = "The document's slug is taken", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 412, description = "The draft changed since the revision in If-Match", body = ProblemDetails, content_type = "application/problem+json"),
        TooLarge,
        NotJson,
        (status = 422, description = "Invalid document; every problem listed with a pointer", body = ProblemDetails, content_type = "application/problem+json"),
    )
)]
pub async fn put_draft(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, ApiError> {
    let id = page_id(&id)?;
    drafts::authorize(&state, &who, id, Action::EditPages).await?;
    let expected = if_match(&headers)?;
    let bytes = json_bytes(req, &state).await?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let doc = lander_doc::parse_document(value).map_err(|p| ApiError::from_problems("", p))?;
    let draft = drafts::save(&state, id, doc, expected, &who.audit()).await?;
    draft_response(StatusCode::OK, draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_query_parsing() {
        let q = parse_list_query(Some("status=published&q=%20Sale%20&limit=10&offset=20")).unwrap();
        assert_eq!(q.status, Some(PageStatus::Published));
        assert_eq!(q.search.as_deref(), Some("Sale"));
        assert_eq!((q.limit, q.offset), (10, 20));
        let Err(ApiError::Invalid(errs)) = parse_list_query(Some("status=x&limit=0&offset=-1"))
        else {
            panic!("expected errors")
        };
        let ptrs: Vec<_> = errs.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(ptrs, ["/status", "/limit", "/offset"]);
    }

    #[test]
    fn if_match_forms() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::IF_MATCH, HeaderValue::from_str(v).unwrap());
            m
        };
        assert_eq!(if_match(&HeaderMap::new()).unwrap(), None);
        assert_eq!(if_match(&h("\"7\"")).unwrap(), Some(7));
        assert_eq!(if_match(&h("W/\"7\"")).unwrap(), Some(7));
        assert_eq!(if_match(&h("7")).unwrap(), Some(7));
        assert_eq!(if_match(&h("*")).unwrap(), None);
        assert!(if_match(&h("\"abc\"")).is_err());
    }
}

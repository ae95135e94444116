//! The page body: sections, the block dispatcher, and the simple blocks (heading, rich text,
//! image, button, columns, divider, spacer, custom HTML). Shared markup helpers live here too.
//!
//! Block ids and field names are validated newtypes (`[a-z][a-z0-9_-]*`), so they are written
//! into `id`/`for`/`aria-*` attributes and CSS selectors as they are; every other string goes
//! through [`crate::escape`]. Derived ids add an upper-case suffix (`{id}-H` for a block's
//! heading, `{form}-F-{field}` for form controls), which no user id can contain, so they never
//! collide with a block id.

use crate::ctx::{Ctx, align_class, chunk, space_index};
use crate::escape::{push_attr, text};
use crate::{form, marketing, media, sanitize};
use lander_doc::{
    Background, Block, BlockKind, ButtonVariant, Columns, Document, Heading, Href, Image, Inline,
    LineStyle, RichText, Section, TextBlock, Width,
};

/// Renders `<main>` with every section.
pub(crate) fn body(ctx: &mut Ctx, doc: &Document) {
    ctx.out.push_str("<main id=\"main\">");
    if ctx.needs_hidden_h1() {
        ctx.out.push_str("<h1 class=\"vh\">");
        text(&mut ctx.out, &doc.settings.title);
        ctx.out.push_str("</h1>");
    }
    for s in &doc.sections {
        section(ctx, s);
    }
    ctx.out.push_str("</main>");
}

fn section(ctx: &mut Ctx, s: &Section) {
    let (bg, bg_index) = match s.background {
        Background::Default => ("", 0),
        Background::Surface => (" bg-surface", 1),
        Background::Brand => (" bg-brand", 2),
        Background::Accent => (" bg-accent", 3),
        Background::Dark => (" bg-dark", 4),
        Background::Gradient => (" bg-gradient", 5),
    };
    ctx.need.backgrounds |= 1 << bg_index;
    let pad = space_index(s.padding);
    ctx.need.paddings |= 1 << pad;
    let out = &mut ctx.out;
    out.push_str("<section");
    push_attr(out, "id", s.id.as_str());
    out.push_str(" class=\"sec");
    out.push_str(bg);
    out.push_str(" pad-");
    out.push_str(crate::ctx::SPACE_NAMES[pad]);
    out.push_str(align_class(s.align));
    out.push('"');
    if let Some(h) = first_heading(&s.blocks) {
        out.push_str(" aria-labelledby=\"");
        out.push_str(h);
        out.push_str("-H\"");
    }
    out.push_str("><div class=\"wrap");
    out.push_str(match s.width {
        Width::Narrow => " w-narrow",
        Width::Normal => "",
        Width::Wide => " w-wide",
        Width::Full => " w-full",
    });
    out.push_str("\">");
    for b in &s.blocks {
        block(ctx, b);
    }
    ctx.out.push_str("</div></section>");
}

/// Id of the first block in `blocks` (depth first) that renders a heading with id `{id}-H`.
fn first_heading(blocks: &[Block]) -> Option<&str> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Columns(c) => c.columns.iter().find_map(|col| first_heading(&col.blocks)),
        _ if has_heading(b) => Some(b.id.as_str()),
        _ => None,
    })
}

/// Whether the block renders a heading element with id `{block id}-H`.
pub(crate) fn has_heading(b: &Block) -> bool {
    match &b.kind {
        BlockKind::Hero(_) | BlockKind::Heading(_) => true,
        BlockKind::Features(f) => nonempty(&f.heading).is_some(),
        BlockKind::Testimonials(t) => nonempty(&t.heading).is_some(),
        BlockKind::Logos(l) => nonempty(&l.heading).is_some(),
        BlockKind::Pricing(p) => nonempty(&p.heading).is_some(),
        BlockKind::Faq(f) => nonempty(&f.heading).is_some(),
        BlockKind::Form(f) => nonempty(&f.heading).is_some(),
        _ => false,
    }
}

/// Renders one block; its outermost element carries the block id.
pub(crate) fn block(ctx: &mut Ctx, b: &Block) {
    let id = b.id.as_str();
    match &b.kind {
        BlockKind::Hero(h) => marketing::hero(ctx, id, h),
        BlockKind::Heading(h) => heading(ctx, id, h),
        BlockKind::RichText(r) => rich_text(ctx, id, r),
        BlockKind::Image(img) => image_block(ctx, id, img),
        BlockKind::Button(btn) => {
            open(&mut ctx.out, "div", id, "bt", align_class(btn.align));
            button(&mut ctx.out, &btn.label, &btn.href, btn.variant, btn.large);
            ctx.out.push_str("</div>");
        }
        BlockKind::Columns(c) => columns(ctx, id, c),
        BlockKind::Features(f) => marketing::features(ctx, id, f),
        BlockKind::Testimonials(t) => marketing::testimonials(ctx, id, t),
        BlockKind::Logos(l) => marketing::logos(ctx, id, l),
        BlockKind::Pricing(p) => marketing::pricing(ctx, id, p),
        BlockKind::Faq(f) => marketing::faq(ctx, id, f),
        BlockKind::Form(f) => form::form(ctx, id, f),
        BlockKind::Video(v) => media::video(ctx, id, v),
        BlockKind::Countdown(c) => media::countdown(ctx, id, c),
        BlockKind::Divider(d) => {
            ctx.need.add(chunk::DIVIDER);
            let style = match d.style {
                LineStyle::Solid => "",
                LineStyle::Dashed => " dashed",
                LineStyle::Dotted => " dotted",
            };
            open(&mut ctx.out, "hr", id, "hr", style);
        }
        BlockKind::Spacer(s) => {
            let i = space_index(s.size);
            ctx.need.spacers |= 1 << i;
            let out = &mut ctx.out;
            out.push_str("<div");
            push_attr(out, "id", id);
            out.push_str(" class=\"sp-");
            out.push_str(crate::ctx::SPACE_NAMES[i]);
            out.push_str("\" aria-hidden=\"true\"></div>");
        }
        BlockKind::CustomHtml(h) => {
            ctx.need.add(chunk::CUSTOM_HTML);
            open(&mut ctx.out, "div", id, "html", "");
            sanitize::custom_html(&mut ctx.out, &h.html);
            ctx.out.push_str("</div>");
        }
    }
}

/// Writes `<tag id="id" class="class extra">`. `extra` starts with a space when not empty.
pub(crate) fn open(out: &mut String, tag: &str, id: &str, class: &str, extra: &str) {
    out.push('<');
    out.push_str(tag);
    push_attr(out, "id", id);
    out.push_str(" class=\"");
    out.push_str(class);
    out.push_str(extra);
    out.push_str("\">");
}

/// The trimmed-non-empty content of an optional string.
pub(crate) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// Writes `<tag class="class">text</tag>` when `s` is set and not blank.
pub(crate) fn opt_text(out: &mut String, tag: &str, class: &str, s: &Option<String>) {
    if let Some(s) = nonempty(s) {
        out.push('<');
        out.push_str(tag);
        out.push_str(" class=\"");
        out.push_str(class);
        out.push_str("\">");
        text(out, s);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// Writes an `<hN id="{id}-H" class=..>` heading.
pub(crate) fn heading_el(out: &mut String, level: u8, id: &str, class: &str, s: &str) {
    let n = char::from(b'0' + level.clamp(1, 6));
    out.push_str("<h");
    out.push(n);
    out.push_str(" id=\"");
    out.push_str(id);
    out.push_str("-H\"");
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push('>');
    text(out, s);
    out.push_str("</h");
    out.push(n);
    out.push('>');
}

/// The heading and intro over a card block; writes nothing when there is neither.
pub(crate) fn block_head(
    ctx: &mut Ctx,
    id: &str,
    heading: &Option<String>,
    intro: &Option<String>,
) {
    let h = nonempty(heading);
    if h.is_none() && nonempty(intro).is_none() {
        return;
    }
    ctx.need.add(chunk::BLOCK_HEAD);
    ctx.out.push_str("<div class=\"bh\">");
    if let Some(h) = h {
        let level = ctx.heading_level(false, 2);
        heading_el(&mut ctx.out, level, id, "", h);
    }
    opt_text(&mut ctx.out, "p", "sub", intro);
    ctx.out.push_str("</div>");
}

/// `rel` for a link: external http(s) links get `noopener`.
fn rel(href: &Href) -> Option<&'static str> {
    let h = href.as_str();
    let starts = |p: &str| h.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    (starts("http://") || starts("https://")).then_some("noopener")
}

/// Writes ` href=".."` and, for external links, ` rel="noopener"`.
pub(crate) fn href_attrs(out: &mut String, href: &Href) {
    push_attr(out, "href", href.as_str());
    if let Some(r) = rel(href) {
        push_attr(out, "rel", r);
    }
}

/// Writes a link styled as a button.
pub(crate) fn button(
    out: &mut String,
    label: &str,
    href: &Href,
    variant: ButtonVariant,
    large: bool,
) {
    out.push_str("<a class=\"btn ");
    out.push_str(match variant {
        ButtonVariant::Primary => "btn-p",
        ButtonVariant::Secondary => "btn-s",
        ButtonVariant::Ghost => "btn-g",
    });
    if large {
        out.push_str(" btn-l");
    }
    out.push('"');
    href_attrs(out, href);
    out.push('>');
    text(out, label);
    out.push_str("</a>");
}

/// Writes plain text as paragraphs: blank lines separate paragraphs, single line breaks
/// become `<br>`.
pub(crate) fn paragraphs(out: &mut String, s: &str) {
    let normalized;
    let s = if s.contains('\r') {
        normalized = s.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        s
    };
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if para.is_empty() {
            return;
        }
        out.push_str("<p>");
        for (i, line) in para.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            text(out, line.trim());
        }
        out.push_str("</p>");
        para.clear();
    };
    for line in s.split('\n') {
        if line.trim().is_empty() {
            flush(&mut para, out);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, out);
}

fn heading(ctx: &mut Ctx, id: &str, h: &Heading) {
    ctx.need.add(chunk::HEADING);
    let level = ctx.heading_level(h.level <= 1, h.level);
    open(&mut ctx.out, "div", id, "hd", align_class(h.align));
    opt_text(&mut ctx.out, "p", "eb", &h.eyebrow);
    heading_el(&mut ctx.out, level, id, "", &h.text);
    opt_text(&mut ctx.out, "p", "sub", &h.subtitle);
    ctx.out.push_str("</div>");
}

fn inlines(out: &mut String, runs: &[Inline]) {
    for r in runs {
        if let Some(h) = &r.href {
            out.push_str("<a");
            href_attrs(out, h);
            out.push('>');
        }
        if r.bold {
            out.push_str("<strong>");
        }
        if r.italic {
            out.push_str("<em>");
        }
        text(out, &r.text);
        if r.italic {
            out.push_str("</em>");
        }
        if r.bold {
            out.push_str("</strong>");
        }
        if r.href.is_some() {
            out.push_str("</a>");
        }
    }
}

fn rich_text(ctx: &mut Ctx, id: &str, r: &RichText) {
    ctx.need.add(chunk::RICH_TEXT);
    let out = &mut ctx.out;
    open(out, "div", id, "rt", align_class(r.align));
    for tb in &r.content {
        match tb {
            TextBlock::Paragraph { content } => {
                out.push_str("<p>");
                inlines(out, content);
                out.push_str("</p>");
            }
            TextBlock::List { ordered, items } => {
                out.push_str(if *ordered { "<ol>" } else { "<ul>" });
                for item in items {
                    out.push_str("<li>");
                    inlines(out, item);
                    out.push_str("</li>");
                }
                out.push_str(if *ordered { "</ol>" } else { "</ul>" });
            }
        }
    }
    out.push_str("</div>");
}

/// How an image loads: eagerly with high priority (the first hero's image) or lazily.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loading {
    Eager,
    Lazy,
}

/// How wide an image shows at most: the widest content column.
const IMAGE_SIZES: &str = "(max-width: 1200px) 100vw, 1200px";

/// The `srcset` of an uploaded image in one format: every stored width.
fn srcset(key: &lander_doc::assets::AssetKey<'_>, ext: &str) -> String {
    lander_doc::assets::variant_widths(key.width)
        .into_iter()
        .map(|w| format!("{} {w}w", key.url(w, ext)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes an `<img>` with alt, known dimensions and loading hints. An uploaded image
/// (`/assets/...`) also gets a `srcset` of its stored widths, and PNG and GIF images a WebP
/// `<source>` (the stored WebP variants are lossless, smaller than PNG or GIF but not than JPEG).
pub(crate) fn img(out: &mut String, img: &Image, class: &str, loading: Loading) {
    let asset = lander_doc::assets::parse_src(img.src.as_str());
    let webp = asset.filter(|k| matches!(k.ext, "png" | "gif"));
    if let Some(k) = &webp {
        out.push_str("<picture><source type=\"image/webp\"");
        push_attr(out, "srcset", &srcset(k, "webp"));
        push_attr(out, "sizes", IMAGE_SIZES);
        out.push('>');
    }
    out.push_str("<img");
    push_attr(out, "src", img.src.as_str());
    if let Some(k) = &asset {
        push_attr(out, "srcset", &srcset(k, k.ext));
        push_attr(out, "sizes", IMAGE_SIZES);
    }
    push_attr(out, "alt", &img.alt);
    if let Some(w) = img.width {
        out.push_str(&format!(" width=\"{w}\""));
    }
    if let Some(h) = img.height {
        out.push_str(&format!(" height=\"{h}\""));
    }
    let class = match (class.is_empty(), img.rounded) {
        (true, false) => String::new(),
        (true, true) => "rd".to_string(),
        (false, false) => class.to_string(),
        (false, true) => format!("{class} rd"),
    };
    if !class.is_empty() {
        push_attr(out, "class", &class);
    }
    out.push_str(match loading {
        Loading::Eager => " fetchpriority=\"high\" decoding=\"async\">",
        Loading::Lazy => " loading=\"lazy\" decoding=\"async\">",
    });
    if webp.is_some() {
        out.push_str("</picture>");
    }
}

/// Writes an image, linked when it has an href, with its caption in a `figcaption`.
pub(crate) fn figure(out: &mut String, id: Option<&str>, class: &str, im: &Image, l: Loading) {
    out.push_str("<figure");
    if let Some(id) = id {
        push_attr(out, "id", id);
    }
    push_attr(out, "class", class);
    out.push('>');
    if let Some(h) = &im.href {
        out.push_str("<a");
        href_attrs(out, h);
        out.push('>');
        img(out, im, "", l);
        out.push_str("</a>");
    } else {
        img(out, im, "", l);
    }
    opt_text(out, "figcaption", "cap", &im.caption);
    out.push_str("</figure>");
}

fn image_block(ctx: &mut Ctx, id: &str, im: &Image) {
    ctx.need.add(chunk::IMAGE);
    figure(&mut ctx.out, Some(id), "img", im, Loading::Lazy);
}

fn columns(ctx: &mut Ctx, id: &str, c: &Columns) {
    ctx.need.add(chunk::COLUMNS);
    let gap = space_index(c.gap);
    ctx.need.gaps |= 1 << gap;
    let mut class = format!(" gap-{}", crate::ctx::SPACE_NAMES[gap]);
    if c.columns.len() > 1 {
        let pattern = c
            .columns
            .iter()
            .map(|col| col.span.clamp(1, 12).to_string())
            .collect::<Vec<_>>()
            .join("-");
        class.push_str(" g");
        class.push_str(&pattern);
        ctx.need.templates.insert(pattern);
    }
    if c.center_vertically {
        class.push_str(" cv");
    }
    open(&mut ctx.out, "div", id, "cols", &class);
    for col in &c.columns {
        ctx.out.push_str("<div class=\"col\">");
        for b in &col.blocks {
            block(ctx, b);
        }
        ctx.out.push_str("</div>");
    }
    ctx.out.push_str("</div>");
}

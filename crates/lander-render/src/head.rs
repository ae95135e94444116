//! The document head: language, charset, viewport, title, description, canonical link, Open
//! Graph tags, robots, and the inlined stylesheet.

use crate::escape::{push_attr, text};
use lander_doc::Document;

fn meta(out: &mut String, key: &str, name: &str, content: &str) {
    out.push_str("<meta");
    push_attr(out, key, name);
    push_attr(out, "content", content);
    out.push('>');
}

/// Writes everything from `<!doctype html>` to `<body>`.
pub(crate) fn write(out: &mut String, doc: &Document, style: &str) {
    let s = &doc.settings;
    let seo = &s.seo;
    let title = seo
        .meta_title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&s.title);
    let description = seo
        .meta_description
        .as_deref()
        .filter(|d| !d.trim().is_empty());
    out.push_str("<!doctype html><html");
    push_attr(out, "lang", s.language.as_str());
    out.push_str(
        "><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
    );
    text(out, title);
    out.push_str("</title>");
    if let Some(d) = description {
        meta(out, "name", "description", d);
    }
    if seo.noindex {
        out.push_str("<meta name=\"robots\" content=\"noindex\">");
    }
    if let Some(c) = &seo.canonical_url {
        out.push_str("<link rel=\"canonical\"");
        push_attr(out, "href", c.as_str());
        out.push('>');
    }
    meta(out, "property", "og:type", "website");
    meta(out, "property", "og:title", title);
    if let Some(d) = description {
        meta(out, "property", "og:description", d);
    }
    if let Some(c) = &seo.canonical_url {
        meta(out, "property", "og:url", c.as_str());
    }
    if let Some(img) = &seo.og_image {
        meta(out, "property", "og:image", img.as_str());
        meta(out, "name", "twitter:card", "summary_large_image");
    }
    out.push_str("<style>");
    out.push_str(style);
    out.push_str("</style></head><body>");
}

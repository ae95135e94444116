//! Helpers shared by the integration tests: building documents from JSON, and an HTML
//! inspector built on `lol_html` that lists elements, attributes, scripts and styles.
#![allow(dead_code)]

use lander_doc::Document;
use lander_render::{RenderOptions, RenderedPage, render};
use lol_html::{HtmlRewriter, Settings, element, text};
use serde_json::{Value, json};
use std::cell::RefCell;

/// One element as the parser saw it (attribute values decoded).
#[derive(Debug, Clone)]
pub struct El {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What an HTML parser makes of a page.
#[derive(Debug, Default)]
pub struct Parsed {
    pub elements: Vec<El>,
    pub scripts: Vec<String>,
    pub styles: Vec<String>,
    /// All text outside script and style, as written (entities not decoded), concatenated.
    pub text: String,
}

impl Parsed {
    pub fn tags<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.elements.iter().filter(move |e| e.tag == tag)
    }

    pub fn by_id(&self, id: &str) -> Option<&El> {
        self.elements.iter().find(|e| e.attr("id") == Some(id))
    }
}

/// Parses `html` with lol_html.
pub fn parse(html: &str) -> Parsed {
    let out = RefCell::new(Parsed::default());
    let settings = Settings::new()
        .append_element_content_handler(element!("*", |el| {
            let e = El {
                tag: el.tag_name().to_ascii_lowercase(),
                attrs: el
                    .attributes()
                    .iter()
                    .map(|a| (a.name(), a.value()))
                    .collect(),
            };
            let mut o = out.borrow_mut();
            if e.tag == "script" {
                o.scripts.push(String::new());
            }
            if e.tag == "style" {
                o.styles.push(String::new());
            }
            o.elements.push(e);
            Ok(())
        }))
        .append_element_content_handler(text!("script", |t| {
            if let Some(s) = out.borrow_mut().scripts.last_mut() {
                s.push_str(t.as_str());
            }
            Ok(())
        }))
        .append_element_content_handler(text!("style", |t| {
            if let Some(s) = out.borrow_mut().styles.last_mut() {
                s.push_str(t.as_str());
            }
            Ok(())
        }))
        .append_element_content_handler(text!("body *:not(script):not(style)", |t| {
            out.borrow_mut().text.push_str(t.as_str());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(html.as_bytes()).expect("parse");
    rewriter.end().expect("parse end");
    out.into_inner()
}

/// Decodes the few entities the renderer emits, to compare text.
pub fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Parses a JSON document, panicking with the problems when it is invalid.
pub fn doc(v: Value) -> Document {
    lander_doc::parse_document(v).unwrap_or_else(|p| panic!("invalid test document: {p:#?}"))
}

/// A document with the given sections (JSON).
pub fn with_sections(sections: Value) -> Document {
    doc(json!({"schema_version": 1, "settings": {"title": "Test page"}, "sections": sections}))
}

/// A document with one section holding `blocks`.
pub fn with_blocks(blocks: Value) -> Document {
    with_sections(json!([{"id": "s1", "blocks": blocks}]))
}

/// Renders with a page id.
pub fn page(d: &Document) -> RenderedPage {
    render(
        d,
        &RenderOptions {
            page_id: Some("pg1".into()),
        },
    )
}

/// A document using every block kind, with `s` in every free-text slot.
pub fn every_slot(s: &str) -> Value {
    json!({
        "schema_version": 1,
        "settings": {"title": s, "seo": {"meta_title": s, "meta_description": s}},
        "sections": [
            {"id": "a", "background": "dark", "blocks": [
                {"id": "hero", "type": "hero", "props": {
                    "eyebrow": s, "headline": s, "subheadline": s, "note": s,
                    "primary": {"label": s, "href": "#f"}, "secondary": {"label": s, "href": "/x"},
                    "image": {"src": "/i.png", "alt": s, "caption": s}}},
                {"id": "h", "type": "heading", "props": {"text": s, "eyebrow": s, "subtitle": s}},
                {"id": "rt", "type": "rich_text", "props": {"content": [
                    {"type": "paragraph", "content": [{"text": s, "bold": true}, {"text": s, "href": "https://e.com"}]},
                    {"type": "list", "items": [[{"text": s, "italic": true}]]}]}},
                {"id": "img", "type": "image", "props": {"src": "https://e.com/i.png", "alt": s, "caption": s, "href": "#a"}},
                {"id": "btn", "type": "button", "props": {"label": s, "href": "#a"}},
                {"id": "cols", "type": "columns", "props": {"columns": [
                    {"span": 2, "blocks": [{"id": "inner", "type": "heading", "props": {"text": s, "level": 3}}]},
                    {"blocks": [{"id": "inner-btn", "type": "button", "props": {"label": s, "href": "#a"}}]}]}}
            ]},
            {"id": "b", "background": "gradient", "blocks": [
                {"id": "feat", "type": "features", "props": {"heading": s, "intro": s,
                    "items": [{"icon": "bolt", "title": s, "text": s}, {"title": s, "text": s}]}},
                {"id": "tst", "type": "testimonials", "props": {"heading": s,
                    "items": [{"quote": s, "name": s, "role": s, "rating": 4}, {"quote": s, "name": s, "avatar": "/a.png"}]}},
                {"id": "logos", "type": "logos", "props": {"heading": s,
                    "items": [{"name": s}, {"name": s, "src": "/l.png", "href": "https://e.com"}]}},
                {"id": "price", "type": "pricing", "props": {"heading": s, "intro": s, "plans": [
                    {"name": s, "price": s, "period": s, "description": s, "features": [s],
                     "cta": {"label": s, "href": "#f"}, "highlighted": true, "badge": s}]}},
                {"id": "faq", "type": "faq", "props": {"heading": s, "items": [{"question": s, "answer": s}]}}
            ]},
            {"id": "c", "blocks": [
                {"id": "form", "type": "form", "props": {"heading": s, "intro": s, "submit_label": s, "consent": s,
                    "fields": [
                        {"name": "email", "label": s, "type": "email", "required": true, "placeholder": s, "help": s},
                        {"name": "pick", "label": s, "type": "select", "options": [s, "other"], "placeholder": s},
                        {"name": "msg", "label": s, "type": "textarea", "value": s},
                        {"name": "ok", "label": s, "type": "checkbox"},
                        {"name": "src", "label": s, "type": "hidden", "value": s}]}},
                {"id": "vid", "type": "video", "props": {"url": "https://vimeo.com/76979871", "title": s, "caption": s}},
                {"id": "cd", "type": "countdown", "props": {"target": "2030-01-01T00:00:00Z", "label": s, "expired_text": s}},
                {"id": "hr", "type": "divider", "props": {}},
                {"id": "sp", "type": "spacer", "props": {"size": "l"}},
                {"id": "html", "type": "custom_html", "props": {"html": s}}
            ]}
        ]
    })
}

//! Parsing untrusted documents: every problem at once, each with its JSON pointer, and limits.
#![allow(clippy::unwrap_used)]

use lander_doc::{BlockKind, Document, Problem, parse_document, parse_document_bytes};
use serde_json::{Value, json};

fn problems(v: Value) -> Vec<Problem> {
    parse_document(v).expect_err("expected problems")
}

fn pointers(v: Value) -> Vec<String> {
    let mut p: Vec<_> = problems(v).into_iter().map(|p| p.pointer).collect();
    p.sort();
    p
}

fn doc_with_blocks(blocks: Value) -> Value {
    json!({
        "schema_version": 1,
        "settings": {"title": "T"},
        "sections": [{"id": "s", "blocks": blocks}]
    })
}

#[test]
fn a_valid_document_round_trips() {
    let v = json!({
        "schema_version": 1,
        "settings": {"title": "Launch", "slug": "launch", "language": "en-GB",
                     "seo": {"meta_description": "d", "noindex": true}},
        "theme": {"preset": "ocean", "colors": {"brand": "#0a7a70"}},
        "sections": [{"id": "top", "background": "dark", "blocks": [
            {"id": "h", "type": "hero", "props": {"headline": "Hi",
                "primary": {"label": "Go", "href": "#f"}}, "responsive": {"mobile": {"hidden": true}}},
            {"id": "c", "type": "columns", "props": {"columns": [
                {"span": 2, "blocks": [{"id": "t", "type": "rich_text", "props": {"content": [
                    {"type": "paragraph", "content": [{"text": "a", "bold": true, "href": "/x"}]},
                    {"type": "list", "ordered": true, "items": [[{"text": "one"}]]}
                ]}}]},
                {"blocks": [{"id": "d", "type": "divider"}]}
            ]}},
            {"id": "f", "type": "form", "props": {"fields": [
                {"name": "email", "label": "E-mail", "type": "email", "required": true},
                {"name": "size", "label": "Size", "type": "select", "options": ["1-10", "11+"]}
            ], "submit_label": "Send"}}
        ]}]
    });
    let doc = parse_document(v).unwrap();
    assert_eq!(doc.sections[0].blocks.len(), 3);
    assert!(matches!(
        doc.sections[0].blocks[1].kind,
        BlockKind::Columns(_)
    ));
    assert!(doc.form("f").is_some());
    // Serialising and parsing again gives the same document.
    let again = parse_document(serde_json::to_value(&doc).unwrap()).unwrap();
    assert_eq!(doc, again);
    // And the typed Deserialize agrees with the collecting parser.
    let typed: Document = serde_json::from_value(serde_json::to_value(&doc).unwrap()).unwrap();
    assert_eq!(typed, doc);
}

#[test]
fn every_problem_is_reported_with_its_pointer() {
    let v = json!({
        "schema_version": 1,
        "settings": {"title": ""},
        "theme": {"preset": "nope"},
        "sections": [
            {"id": "s1", "blocks": [
                {"id": "a", "type": "button", "props": {"label": "x", "href": "javascript:alert(1)"}},
                {"id": "b", "type": "carousel", "props": {}},
                {"id": "c", "type": "image", "props": {"src": "https://x.test/a.png", "alt": 5}},
                {"id": "a", "type": "spacer"}
            ]},
            {"id": "s2", "blocks": [
                {"id": "d", "type": "heading", "props": {"text": "ok", "level": 9}},
                {"id": "e", "type": "video", "props": {"url": "https://evil.test/v", "title": "t"}}
            ]}
        ]
    });
    assert_eq!(
        pointers(v),
        vec![
            "/sections/0/blocks/0/props/href",
            "/sections/0/blocks/1/type",
            "/sections/0/blocks/2/props/alt",
            "/sections/1/blocks/0/props/level",
            "/sections/1/blocks/1/props/url",
            "/settings/title",
            "/theme/preset",
        ]
    );
}

#[test]
fn semantic_problems_are_all_listed() {
    let v = doc_with_blocks(json!([
        {"id": "a", "type": "spacer"},
        {"id": "a", "type": "heading", "props": {"text": " ", "level": 7}},
        {"id": "f", "type": "form", "props": {"fields": [
            {"name": "x", "label": "X", "type": "select"},
            {"name": "x", "label": "", "type": "text"},
            {"name": "h", "label": "H", "type": "hidden"}
        ], "submit_label": ""}}
    ]));
    assert_eq!(
        pointers(v),
        vec![
            "/sections/0/blocks/1/id",
            "/sections/0/blocks/1/props/level",
            "/sections/0/blocks/1/props/text",
            "/sections/0/blocks/2/props/fields/0/options",
            "/sections/0/blocks/2/props/fields/1/label",
            "/sections/0/blocks/2/props/fields/1/name",
            "/sections/0/blocks/2/props/fields/2/value",
            "/sections/0/blocks/2/props/submit_label",
        ]
    );
}

#[test]
fn control_characters_and_long_strings_are_refused() {
    let long = "x".repeat(10_001);
    let v = doc_with_blocks(json!([
        {"id": "a", "type": "heading", "props": {"text": "bad\u{0001}"}},
        {"id": "b", "type": "heading", "props": {"text": long}},
        {"id": "c", "type": "heading", "props": {"text": "line\nbreak\tok"}}
    ]));
    assert_eq!(
        pointers(v),
        vec![
            "/sections/0/blocks/0/props/text",
            "/sections/0/blocks/1/props/text"
        ]
    );
}

#[test]
fn block_count_and_depth_limits() {
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"id": format!("b{i}"), "type": "spacer"}))
        .collect();
    let p = problems(doc_with_blocks(Value::Array(many)));
    assert!(
        p.iter().any(|p| p.message.contains("at most 1000 blocks")),
        "{p:?}"
    );

    let mut inner = json!({"id": "leaf", "type": "spacer"});
    for depth in 0..5 {
        inner = json!({"id": format!("c{depth}"), "type": "columns",
                       "props": {"columns": [{"blocks": [inner]}]}});
    }
    let p = problems(doc_with_blocks(json!([inner])));
    assert!(
        p.iter().any(|p| p.message.contains("nested at most")),
        "{p:?}"
    );
}

#[test]
fn size_limit_and_malformed_json() {
    let big = vec![b' '; 2 * 1024 * 1024 + 1];
    let p = parse_document_bytes(&big).unwrap_err();
    assert!(p[0].message.contains("at most"));
    let p = parse_document_bytes(b"{\"schema_version\": 1,").unwrap_err();
    assert!(p[0].message.contains("not valid JSON"));
    let p = parse_document_bytes(b"[1]").unwrap_err();
    assert_eq!(p[0].pointer, "");
    let p = parse_document_bytes(&[b'"', 0xff, 0xfe, b'"']).unwrap_err();
    assert!(p[0].message.contains("not valid JSON"));
}

#[test]
fn schema_versions() {
    assert_eq!(
        pointers(json!({"settings": {"title": "t"}})),
        vec!["/schema_version"]
    );
    assert_eq!(
        pointers(json!({"schema_version": 99, "settings": {"title": "t"}})),
        vec!["/schema_version"]
    );
    assert_eq!(
        pointers(json!({"schema_version": 1, "settings": {"title": "t"}, "extra": 1})),
        vec!["/extra"]
    );
}

#[test]
fn reserved_and_invalid_slugs_point_at_the_slug() {
    for slug in ["api", "_x", "Hello World", "../etc"] {
        let v = json!({"schema_version": 1, "settings": {"title": "t", "slug": slug}});
        assert_eq!(pointers(v), vec!["/settings/slug"], "{slug}");
    }
}

/// The browser editor's default blocks (web/src/editor/library.ts) are valid documents: the
/// editor's tests write one page holding a block of every type to this fixture, and the server's
/// parser must accept it as it is.
#[test]
fn the_editor_library_defaults_are_valid() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../web/src/editor/fixtures/library-doc.json"
    );
    let bytes = std::fs::read(path).expect("the editor's library fixture");
    let doc = match parse_document_bytes(&bytes) {
        Ok(doc) => doc,
        Err(problems) => panic!("the editor's defaults are refused: {problems:?}"),
    };
    let mut types: Vec<&str> = Vec::new();
    doc.walk_blocks(|block, _| types.push(block.kind.type_name()));
    types.sort();
    types.dedup();
    assert_eq!(types.len(), 17, "one block of every type: {types:?}");
}

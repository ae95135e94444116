//! Rendering speed: a 100-block page using every block kind (10 sections of 10 blocks), and
//! each built-in template. Run with
//! `cargo bench -p lander-render --bench render -- --warm-up-time 1 --measurement-time 5`.

use criterion::{Criterion, criterion_group, criterion_main};
use lander_doc::Document;
use lander_render::{RenderOptions, render};
use serde_json::{Value, json};
use std::hint::black_box;

const ICONS: [&str; 6] = ["bolt", "users", "shield", "clock", "chart", "lock"];
const BGS: [&str; 4] = ["default", "surface", "dark", "brand"];

/// Block `i` of the benchmark page; the kind cycles through all seventeen.
fn block(i: usize) -> Value {
    let id = format!("b{i}");
    let text = "Plan a month of clinic shifts in ten minutes & keep <everyone> happy";
    let (kind, props) = match i % 17 {
        0 => (
            "hero",
            json!({"eyebrow": "New", "headline": text, "subheadline": text,
            "primary": {"label": "Start", "href": "#f"}, "secondary": {"label": "Tour", "href": "/t"},
            "note": "No card needed", "image": {"src": "/h.png", "alt": "Rota", "width": 1200, "height": 800}}),
        ),
        1 => (
            "heading",
            json!({"text": text, "eyebrow": "Why", "subtitle": text}),
        ),
        2 => (
            "rich_text",
            json!({"content": [
            {"type": "paragraph", "content": [{"text": text}, {"text": "bold", "bold": true},
                {"text": "link", "href": "https://example.com"}]},
            {"type": "list", "items": [[{"text": "One"}], [{"text": "Two"}], [{"text": "Three"}]]}]}),
        ),
        3 => (
            "image",
            json!({"src": "https://img.example/a.jpg", "alt": "Team", "width": 800,
            "height": 600, "caption": "Our team", "rounded": true}),
        ),
        4 => (
            "button",
            json!({"label": "Get started", "href": "#f", "large": true}),
        ),
        5 => (
            "columns",
            json!({"columns": [
            {"span": 2, "blocks": [{"id": format!("{id}-a"), "type": "heading", "props": {"text": "Inner"}}]},
            {"blocks": [{"id": format!("{id}-b"), "type": "button", "props": {"label": "Go", "href": "#a"}}]}]}),
        ),
        6 => (
            "features",
            json!({"heading": "Features", "intro": text, "items": (0..6).map(|k| json!(
            {"icon": ICONS[k], "title": "Fast", "text": text}))
            .collect::<Vec<_>>()}),
        ),
        7 => (
            "testimonials",
            json!({"heading": "Love", "items": (0..3).map(|_| json!(
            {"quote": text, "name": "Priya Raman", "role": "Manager", "rating": 5})).collect::<Vec<_>>()}),
        ),
        8 => (
            "logos",
            json!({"heading": "Trusted by", "items": (0..6).map(|k| json!(
            {"name": format!("Company {k}")})).collect::<Vec<_>>()}),
        ),
        9 => (
            "pricing",
            json!({"heading": "Pricing", "intro": text, "plans": (0..3).map(|k| json!(
            {"name": "Plan", "price": "$49", "period": "per month", "description": text,
             "features": ["One", "Two", "Three", "Four"], "cta": {"label": "Buy", "href": "#f"},
             "highlighted": k == 1, "badge": "Popular"})).collect::<Vec<_>>()}),
        ),
        10 => (
            "faq",
            json!({"heading": "FAQ", "items": (0..5).map(|_| json!(
            {"question": "How long does setup take?", "answer": "An hour.\n\nOr less."})).collect::<Vec<_>>()}),
        ),
        11 => (
            "form",
            json!({"heading": "Sign up", "intro": text, "submit_label": "Send", "consent": text,
            "fields": [
                {"name": "name", "label": "Name", "type": "text", "required": true},
                {"name": "email", "label": "Email", "type": "email", "required": true, "help": "No spam"},
                {"name": "size", "label": "Size", "type": "select", "options": ["1", "2", "3"]},
                {"name": "ok", "label": "Updates", "type": "checkbox"}]}),
        ),
        12 => (
            "video",
            json!({"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "Tour", "caption": text}),
        ),
        13 => (
            "countdown",
            json!({"target": "2030-01-01T00:00:00Z", "label": "Starts in"}),
        ),
        14 => ("divider", json!({})),
        15 => ("spacer", json!({"size": "l"})),
        _ => (
            "custom_html",
            json!({"html": "<p>Custom <b>HTML</b> with <a href=\"https://e.com\">a link</a>.</p>"}),
        ),
    };
    let mut b = json!({"id": id, "type": kind, "props": props});
    if i.is_multiple_of(7) {
        b["responsive"] = json!({"mobile": {"hidden": true}, "desktop": {"font_size": "xl"}});
    }
    b
}

/// A page of 100 top-level blocks: 10 sections of 10.
fn hundred_blocks() -> Document {
    let sections: Vec<Value> = (0..10)
        .map(|s| {
            json!({"id": format!("s{s}"), "background": BGS[s % 4],
            "blocks": (0..10).map(|k| block(s * 10 + k)).collect::<Vec<_>>()})
        })
        .collect();
    let doc =
        json!({"schema_version": 1, "settings": {"title": "Benchmark"}, "sections": sections});
    match lander_doc::parse_document(doc) {
        Ok(d) => d,
        Err(p) => panic!("benchmark document is invalid: {p:#?}"),
    }
}

fn bench(c: &mut Criterion) {
    let opts = RenderOptions {
        page_id: Some("pg_bench".into()),
    };
    let doc = hundred_blocks();
    c.bench_function("render_100_blocks", |b| {
        b.iter(|| render(black_box(&doc), &opts))
    });
    let mut group = c.benchmark_group("templates");
    for info in lander_doc::templates::list() {
        if let Some(doc) = lander_doc::templates::get(info.id) {
            group.bench_function(info.id, |b| b.iter(|| render(black_box(&doc), &opts)));
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

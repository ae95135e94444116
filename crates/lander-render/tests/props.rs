//! Property test: whatever a document contains, the rendered page runs no script but the
//! renderer's own, has no event-handler attributes, no `javascript:` URLs, and exactly one
//! unbroken `<style>`.

mod common;

use common::parse;
use lander_render::{RenderOptions, render, scripts};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use std::cell::Cell;

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</script>",
    "<script>",
    "\"",
    "'",
    "\"><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "<!--",
    "-->",
    "]]>",
    "</style>",
    "<style>*{display:none}</style>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<p style=\"color:red\" onclick=\"x()\">",
    "<scr<script>ipt>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;",
    "&#x3C;script&#x3E;",
    "\n\n",
    "<details open ontoggle=alert(1)>",
    "{}%;@import url(//evil);",
];

fn text() -> impl Strategy<Value = String> {
    let word = "[A-Za-z][A-Za-z ,.!?é€-]{0,24}";
    let piece = prop_oneof![3 => word.prop_map(String::from), 2 => prop::sample::select(HOSTILE).prop_map(String::from)];
    (word, prop::collection::vec(piece, 0..4)).prop_map(|(first, rest)| {
        let mut s = first;
        for r in rest {
            s.push_str(&r);
        }
        s
    })
}

fn href() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => prop::sample::select(&[
            "#signup", "/pricing", "https://example.com/a?b=1", "mailto:a@example.com", "tel:+441234",
            "https://example.com/\"><script>alert(1)</script>", "https://example.com/'onmouseover='x",
            "http://example.com/<svg/onload=alert(1)>",
            "/été", "https://例え.jp/パス", "#ü",
        ][..]).prop_map(String::from),
        1 => prop::sample::select(&["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "data:text/html,<script>x</script>"][..]).prop_map(String::from),
    ]
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(s)
}

fn cta() -> impl Strategy<Value = Value> {
    (text(), href()).prop_map(|(label, href)| json!({"label": label, "href": href}))
}

fn image() -> impl Strategy<Value = Value> {
    (text(), opt(text()), opt(href()), any::<bool>()).prop_map(|(alt, caption, href, rounded)| {
        json!({"src": "https://img.example/a.png", "alt": alt, "caption": caption, "href": href,
               "rounded": rounded, "width": 640, "height": 480})
    })
}

fn inline() -> impl Strategy<Value = Value> {
    (text(), any::<bool>(), any::<bool>(), opt(href()))
        .prop_map(|(t, b, i, h)| json!({"text": t, "bold": b, "italic": i, "href": h}))
}

fn responsive() -> impl Strategy<Value = Value> {
    let o = || {
        (
            opt(any::<bool>()),
            opt(prop::sample::select(&["left", "center", "right"][..])),
            opt(prop::sample::select(&["none", "s", "xl"][..])),
            opt(prop::sample::select(&["sm", "display"][..])),
        )
            .prop_map(
                |(h, a, p, f)| json!({"hidden": h, "align": a, "padding_top": p, "font_size": f}),
            )
    };
    prop_oneof![3 => Just(json!({})), 1 => (o(), o()).prop_map(|(m, d)| json!({"mobile": m, "desktop": d}))]
}

/// A leaf block (anything but columns), without its id.
fn leaf() -> BoxedStrategy<Value> {
    let t = text;
    prop_oneof![
        (opt(t()), t(), opt(t()), opt(cta()), opt(cta()), opt(t()), opt(image()))
            .prop_map(|(eyebrow, headline, sub, p, s, note, image)| json!({"type": "hero", "props": {
                "eyebrow": eyebrow, "headline": headline, "subheadline": sub, "primary": p,
                "secondary": s, "note": note, "image": image}})),
        (t(), 1u8..=6, opt(t()), opt(t())).prop_map(|(text, level, eb, sub)| json!({"type": "heading",
            "props": {"text": text, "level": level, "eyebrow": eb, "subtitle": sub}})),
        prop::collection::vec(inline(), 1..4).prop_map(|runs| json!({"type": "rich_text", "props": {"content": [
            {"type": "paragraph", "content": runs.clone()}, {"type": "list", "items": [runs]}]}})),
        image().prop_map(|i| json!({"type": "image", "props": i})),
        (t(), href()).prop_map(|(l, h)| json!({"type": "button", "props": {"label": l, "href": h, "variant": "secondary"}})),
        (opt(t()), opt(t()), prop::collection::vec((t(), t()), 1..4)).prop_map(|(h, i, items)| json!({
            "type": "features", "props": {"heading": h, "intro": i, "items": items.into_iter()
                .map(|(a, b)| json!({"icon": "star", "title": a, "text": b})).collect::<Vec<_>>()}})),
        (opt(t()), prop::collection::vec((t(), t(), opt(t())), 1..3)).prop_map(|(h, items)| json!({
            "type": "testimonials", "props": {"heading": h, "items": items.into_iter()
                .map(|(q, n, r)| json!({"quote": q, "name": n, "role": r, "rating": 5})).collect::<Vec<_>>()}})),
        (opt(t()), prop::collection::vec((t(), opt(href())), 1..4)).prop_map(|(h, items)| json!({
            "type": "logos", "props": {"heading": h, "items": items.into_iter()
                .map(|(n, href)| json!({"name": n, "href": href})).collect::<Vec<_>>()}})),
        (opt(t()), t(), t(), opt(t()), prop::collection::vec(t(), 0..3), cta(), opt(t())).prop_map(
            |(h, name, price, period, features, cta, badge)| json!({"type": "pricing", "props": {
                "heading": h, "plans": [{"name": name, "price": price, "period": period,
                "features": features, "cta": cta, "badge": badge, "highlighted": true}]}})),
        (opt(t()), prop::collection::vec((t(), t()), 1..3)).prop_map(|(h, items)| json!({"type": "faq",
            "props": {"heading": h, "items": items.into_iter()
                .map(|(q, a)| json!({"question": q, "answer": a})).collect::<Vec<_>>()}})),
        (opt(t()), t(), t(), t(), opt(t()), opt(t())).prop_map(|(h, label, opt1, submit, help, value)| json!({
            "type": "form", "props": {"heading": h, "submit_label": submit, "consent": help.clone(),
                "fields": [
                    {"name": "email", "label": label, "type": "email", "required": true, "help": help, "placeholder": value.clone()},
                    {"name": "pick", "label": label, "type": "select", "options": [opt1]},
                    {"name": "note", "label": label, "type": "textarea", "value": value.clone()},
                    {"name": "hid", "label": "", "type": "hidden", "value": value.unwrap_or_else(|| "v".into())},
                    {"name": "agree", "label": label, "type": "checkbox"}]}})),
        (t(), opt(t())).prop_map(|(title, cap)| json!({"type": "video", "props": {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": title, "caption": cap}})),
        (opt(t()), t()).prop_map(|(label, exp)| json!({"type": "countdown", "props": {
            "target": "2031-02-03T04:05:06+02:00", "label": label, "expired_text": exp}})),
        Just(json!({"type": "divider", "props": {"style": "dotted"}})),
        Just(json!({"type": "spacer", "props": {"size": "xl"}})),
        prop::collection::vec(text(), 1..4).prop_map(|parts| json!({"type": "custom_html", "props": {"html": parts.concat()}})),
    ]
    .prop_flat_map(|b| responsive().prop_map(move |r| {
        let mut b = b.clone();
        b["responsive"] = r;
        b
    }))
    .boxed()
}

fn block() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => leaf(),
        1 => prop::collection::vec(prop::collection::vec(leaf(), 0..3), 1..4).prop_map(|cols| json!({
            "type": "columns", "props": {"columns": cols.into_iter()
                .map(|blocks| json!({"span": 2, "blocks": blocks})).collect::<Vec<_>>()}})),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    let section = (
        prop::sample::select(&["default", "surface", "brand", "accent", "dark", "gradient"][..]),
        prop::sample::select(&["narrow", "normal", "wide", "full"][..]),
        prop::collection::vec(block(), 0..6),
        responsive(),
    )
        .prop_map(|(bg, w, blocks, r)| json!({"background": bg, "width": w, "blocks": blocks, "responsive": r}));
    (
        text(),
        opt(text()),
        prop::sample::select(
            &[
                "lander", "ocean", "sunset", "forest", "midnight", "mono", "grape",
            ][..],
        ),
        prop::collection::vec(section, 1..4),
    )
        .prop_map(|(title, desc, preset, sections)| {
            let mut doc = json!({"schema_version": 1,
                "settings": {"title": title, "seo": {"meta_description": desc}},
                "theme": {"preset": preset}, "sections": sections});
            let mut n = 0;
            assign_ids(&mut doc["sections"], &mut n);
            strip_nulls(&mut doc);
            doc
        })
}

/// Gives every section and block (objects directly in a `sections` or `blocks` list) a unique id.
fn assign_ids(list: &mut Value, n: &mut usize) {
    if let Value::Array(items) = list {
        for item in items {
            *n += 1;
            item["id"] = json!(format!("b{n}"));
            if let Some(blocks) = item.get_mut("blocks") {
                assign_ids(blocks, n);
            }
            if let Some(Value::Array(cols)) = item.pointer_mut("/props/columns") {
                for col in cols {
                    assign_ids(&mut col["blocks"], n);
                }
            }
        }
    }
}

/// Removes `null` members (absent optional props).
fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn check(html: &str) -> Result<(), TestCaseError> {
    let p = parse(html);
    for s in &p.scripts {
        prop_assert!(
            s == scripts::VIDEO || s == scripts::COUNTDOWN,
            "foreign script: {s}"
        );
    }
    for e in &p.elements {
        for (name, value) in &e.attrs {
            prop_assert!(!name.starts_with("on"), "<{}> has {name}={value}", e.tag);
            if matches!(name.as_str(), "href" | "src" | "action") {
                let v = value.trim().to_ascii_lowercase();
                prop_assert!(!v.starts_with("javascript:"), "<{}> {name}={value}", e.tag);
            }
        }
    }
    prop_assert_eq!(p.styles.len(), 1);
    prop_assert!(!p.styles[0].to_ascii_lowercase().contains("</style"));
    prop_assert_eq!(p.tags("h1").count(), 1);
    Ok(())
}

#[test]
fn no_document_produces_foreign_script() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        ..Config::default()
    });
    let (total, valid) = (Cell::new(0u32), Cell::new(0u32));
    let result = runner.run(&document(), |v| {
        total.set(total.get() + 1);
        let Ok(doc) = lander_doc::parse_document(v) else {
            return Ok(());
        };
        valid.set(valid.get() + 1);
        let page = render(
            &doc,
            &RenderOptions {
                page_id: Some("p\"><script>".into()),
            },
        );
        check(&page.html)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (total, valid) = (total.get(), valid.get());
    eprintln!("{valid} of {total} generated documents were valid");
    assert!(
        valid * 2 >= total,
        "only {valid} of {total} generated documents were valid"
    );
}

//! The markup the renderer produces: one h1, escaping, forms, determinism, sanitised custom
//! HTML, images, video, countdown, rich text and the head.

mod common;

use common::*;
use lander_render::{RenderOptions, render, scripts};
use serde_json::json;

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

// ---------------------------------------------------------------------------------------------
// One h1

#[test]
fn first_hero_is_the_only_h1_and_later_candidates_become_h2() {
    let d = with_sections(json!([
        {"id": "s1", "blocks": [
            {"id": "intro", "type": "heading", "props": {"text": "Intro", "level": 3}},
            {"id": "h-one", "type": "hero", "props": {"headline": "First hero"}},
            {"id": "big", "type": "heading", "props": {"text": "Level one heading", "level": 1}}
        ]},
        {"id": "s2", "blocks": [{"id": "h-two", "type": "hero", "props": {"headline": "Second hero"}}]}
    ]));
    let html = page(&d).html;
    let p = parse(&html);
    assert_eq!(p.tags("h1").count(), 1, "{html}");
    assert_eq!(p.tags("h1").next().unwrap().attr("id"), Some("h-one-H"));
    assert_eq!(p.by_id("big-H").unwrap().tag, "h2");
    assert_eq!(p.by_id("h-two-H").unwrap().tag, "h2");
    assert_eq!(
        p.by_id("intro-H").unwrap().tag,
        "h3",
        "other levels stay as given"
    );
}

#[test]
fn a_level_one_heading_before_the_hero_takes_the_h1() {
    let d = with_blocks(json!([
        {"id": "top", "type": "heading", "props": {"text": "Top", "level": 1}},
        {"id": "hero", "type": "hero", "props": {"headline": "Hero"}}
    ]));
    let p = parse(&page(&d).html);
    assert_eq!(p.tags("h1").count(), 1);
    assert_eq!(p.by_id("top-H").unwrap().tag, "h1");
    assert_eq!(p.by_id("hero-H").unwrap().tag, "h2");
}

#[test]
fn without_a_candidate_the_title_is_a_visually_hidden_h1() {
    let d = with_blocks(json!([{"id": "x", "type": "heading", "props": {"text": "Sub"}}]));
    let html = page(&d).html;
    let p = parse(&html);
    let h1s: Vec<_> = p.tags("h1").collect();
    assert_eq!(h1s.len(), 1);
    assert_eq!(h1s[0].attr("class"), Some("vh"));
    assert!(
        html.contains("<main id=\"main\"><h1 class=\"vh\">Test page</h1>"),
        "{html}"
    );
    assert_eq!(p.by_id("x-H").unwrap().tag, "h2");
}

#[test]
fn sections_are_labelled_by_their_first_heading() {
    let d = with_sections(json!([
        {"id": "one", "blocks": [
            {"id": "c", "type": "columns", "props": {"columns": [{"blocks": [
                {"id": "deep", "type": "heading", "props": {"text": "Deep"}}]}]}}]},
        {"id": "two", "blocks": [{"id": "d", "type": "divider", "props": {}}]}
    ]));
    let p = parse(&page(&d).html);
    assert_eq!(p.by_id("one").unwrap().tag, "section");
    assert_eq!(
        p.by_id("one").unwrap().attr("aria-labelledby"),
        Some("deep-H")
    );
    assert_eq!(p.by_id("two").unwrap().attr("aria-labelledby"), None);
    assert_eq!(p.tags("main").count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Escaping

#[test]
fn hostile_strings_are_escaped_in_every_text_slot() {
    for payload in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
    ] {
        let d = doc(every_slot(payload));
        let out = page(&d);
        let p = parse(&out.html);
        assert!(!out.html.contains(payload), "raw payload in output");
        // Only the renderer's own scripts exist, and no element grew an event handler.
        for s in &p.scripts {
            assert!(
                s == scripts::VIDEO || s == scripts::COUNTDOWN,
                "foreign script {s}"
            );
        }
        for e in &p.elements {
            for (name, _) in &e.attrs {
                assert!(!name.starts_with("on"), "{} has {name}", e.tag);
            }
            // Custom HTML may keep a harmless `<img src="x">`; everywhere else it is text.
            if e.tag == "img" && e.attr("src") == Some("x") {
                let allowed = ["src", "loading", "decoding"];
                assert!(
                    e.attrs.iter().all(|(n, _)| allowed.contains(&n.as_str())),
                    "{e:?}"
                );
            }
            assert!(e.tag != "svg" || e.attr("class").is_some(), "injected svg");
        }
        // The payload survives as visible text (escaped, not dropped), in head and body.
        let escaped = payload
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(out.html.contains(&format!("<title>{escaped}</title>")));
        assert!(
            count(&out.html, &escaped) >= 30,
            "payload should appear escaped in many slots"
        );
        assert!(decode(&p.text).contains(payload));
    }
}

#[test]
fn attribute_values_escape_quotes() {
    let d = doc(every_slot("a\"b'c<d>&e"));
    let html = page(&d).html;
    assert!(
        html.contains("alt=\"a&quot;b&#39;c&lt;d&gt;&amp;e\""),
        "img alt"
    );
    assert!(
        html.contains("placeholder=\"a&quot;b&#39;c&lt;d&gt;&amp;e\""),
        "placeholder"
    );
    assert!(
        html.contains("content=\"a&quot;b&#39;c&lt;d&gt;&amp;e\""),
        "meta description"
    );
}

// ---------------------------------------------------------------------------------------------
// Forms

fn form_doc() -> lander_doc::Document {
    with_blocks(json!([{"id": "signup", "type": "form", "props": {
    "heading": "Join", "submit_label": "Send",
    "fields": [
        {"name": "full_name", "label": "Name", "type": "text", "required": true},
        {"name": "email", "label": "Email", "type": "email", "required": true, "help": "No spam."},
        {"name": "phone", "label": "Phone", "type": "tel"},
        {"name": "size", "label": "Team size", "type": "select", "options": ["1-10", "11-50"]},
        {"name": "notes", "label": "Notes", "type": "textarea", "max_length": 500},
        {"name": "consent", "label": "I agree", "type": "checkbox", "required": true},
        {"name": "campaign", "label": "", "type": "hidden", "value": "spring"}
    ]}}]))
}

#[test]
fn form_posts_to_the_page_and_form_and_labels_every_field() {
    let d = form_doc();
    let p = parse(&page(&d).html);
    let forms: Vec<_> = p.tags("form").collect();
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].attr("method"), Some("post"));
    assert_eq!(forms[0].attr("action"), Some("/f/pg1/signup"));
    assert_eq!(forms[0].attr("aria-labelledby"), Some("signup-H"));

    let preview = parse(&render(&d, &RenderOptions::default()).html);
    assert_eq!(
        preview.tags("form").next().unwrap().attr("action"),
        Some("/f/preview/signup")
    );
    let odd = render(
        &d,
        &RenderOptions {
            page_id: Some("a/../\"x".into()),
        },
    );
    assert!(
        odd.html.contains("action=\"/f/a%2F..%2F%22x/signup\""),
        "page id is encoded"
    );

    // Every visible control has exactly one label pointing at it.
    let labels: Vec<_> = p.tags("label").filter_map(|l| l.attr("for")).collect();
    for e in p
        .elements
        .iter()
        .filter(|e| matches!(e.tag.as_str(), "input" | "select" | "textarea"))
    {
        if e.attr("type") == Some("hidden") {
            continue;
        }
        let id = e.attr("id").expect("control has an id");
        assert_eq!(
            labels.iter().filter(|l| **l == id).count(),
            1,
            "label for {id}"
        );
    }
    let name = p.by_id("signup-F-full_name").unwrap();
    assert!(name.attr("required").is_some());
    assert_eq!(name.attr("aria-required"), Some("true"));
    assert_eq!(name.attr("autocomplete"), Some("name"));
    let email = p.by_id("signup-F-email").unwrap();
    assert_eq!(email.attr("type"), Some("email"));
    assert_eq!(email.attr("autocomplete"), Some("email"));
    assert_eq!(email.attr("inputmode"), Some("email"));
    let help = email.attr("aria-describedby").unwrap();
    assert_eq!(p.by_id(help).unwrap().tag, "p");
    assert_eq!(
        p.by_id("signup-F-phone").unwrap().attr("autocomplete"),
        Some("tel")
    );
    assert!(
        p.by_id("signup-F-phone")
            .unwrap()
            .attr("required")
            .is_none()
    );
    assert_eq!(p.by_id("signup-F-size").unwrap().tag, "select");
    assert_eq!(p.tags("option").count(), 3, "placeholder + two options");
    assert_eq!(
        p.by_id("signup-F-notes").unwrap().attr("maxlength"),
        Some("500")
    );
    assert_eq!(
        p.by_id("signup-F-consent").unwrap().attr("type"),
        Some("checkbox")
    );
    let hidden = p
        .tags("input")
        .find(|e| e.attr("name") == Some("campaign"))
        .unwrap();
    assert_eq!(hidden.attr("type"), Some("hidden"));
    assert_eq!(hidden.attr("value"), Some("spring"));
    // Required fields say so visibly and to screen readers.
    let html = page(&d).html;
    assert_eq!(count(&html, "<span class=\"vh\"> (required)</span>"), 3);
}

#[test]
fn form_has_a_hidden_honeypot_and_no_success_message() {
    let p = parse(&page(&form_doc()).html);
    let hp: Vec<_> = p
        .tags("input")
        .filter(|e| e.attr("name") == Some("_hp"))
        .collect();
    assert_eq!(hp.len(), 1);
    assert_eq!(hp[0].attr("tabindex"), Some("-1"));
    assert_eq!(hp[0].attr("autocomplete"), Some("off"));
    assert_eq!(hp[0].attr("aria-hidden"), Some("true"));
    let wrapper = p
        .elements
        .iter()
        .find(|e| e.attr("class") == Some("hp"))
        .unwrap();
    assert_eq!(wrapper.attr("aria-hidden"), Some("true"));
    assert!(p.tags("input").all(|e| e.attr("name") != Some("_ts")));
    assert!(
        !p.text.contains("Thank you"),
        "success message is server-side"
    );
    assert_eq!(
        p.tags("button").next().unwrap().attr("type"),
        Some("submit")
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism, sanitising, media, markup details

#[test]
fn rendering_is_deterministic() {
    let d = doc(every_slot("Same <every> time"));
    let a = page(&d);
    let b = page(&d.clone());
    assert_eq!(a, b);
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/all_blocks.json")).unwrap();
    let f1 = page(&doc(fixture.clone()));
    let f2 = page(&doc(fixture));
    assert_eq!(f1.html.as_bytes(), f2.html.as_bytes());
    assert_eq!(f1.csp, f2.csp);
}

#[test]
fn custom_html_is_sanitised() {
    let d = with_blocks(
        json!([{"id": "raw", "type": "custom_html", "props": {"html":
        "<p onclick=\"x()\">Hi <b>there</b></p><script>alert(1)</script><img src=x onerror=alert(1)>\
         <a href=\"javascript:alert(1)\">bad</a><a href=\"https://ok.example\">good</a>\
         <iframe src=\"https://evil.example\"></iframe><form action=\"/x\"><input name=a></form>\
         <div style=\"position:fixed\">styled</div><style>body{display:none}</style><h1>Second h1</h1>"}}]),
    );
    let out = page(&d);
    let p = parse(&out.html);
    assert!(p.scripts.is_empty());
    assert_eq!(p.styles.len(), 1);
    assert_eq!(p.tags("h1").count(), 1, "custom HTML cannot add an h1");
    for e in &p.elements {
        assert!(
            e.attrs
                .iter()
                .all(|(n, _)| !n.starts_with("on") && n != "style"),
            "{e:?}"
        );
        assert!(
            !matches!(e.tag.as_str(), "iframe" | "form" | "input"),
            "{e:?}"
        );
        if let Some(h) = e.attr("href") {
            assert!(!h.to_ascii_lowercase().starts_with("javascript:"));
        }
    }
    let good = p
        .tags("a")
        .find(|a| a.attr("href") == Some("https://ok.example"))
        .unwrap();
    assert_eq!(good.attr("rel"), Some("noopener noreferrer"));
    assert!(out.html.contains("<b>there</b>") && out.html.contains("Second h1"));
    let wrapper = p.by_id("raw").unwrap();
    assert_eq!(
        (wrapper.tag.as_str(), wrapper.attr("class")),
        ("div", Some("html"))
    );
}

#[test]
fn images_have_alt_and_load_lazily_except_the_hero() {
    let d = with_blocks(json!([
        {"id": "hero", "type": "hero", "props": {"headline": "Hi",
            "image": {"src": "/hero.png", "alt": "", "width": 1200, "height": 800}}},
        {"id": "pic", "type": "image", "props": {"src": "/p.png", "alt": "A cat", "width": 10}},
        {"id": "l", "type": "logos", "props": {"items": [{"name": "Acme", "src": "/acme.svg"}, {"name": "Initech"}]}},
        {"id": "t", "type": "testimonials", "props": {"items": [{"quote": "Q", "name": "Ada Lovelace"}]}}
    ]));
    let out = page(&d);
    let p = parse(&out.html);
    let imgs: Vec<_> = p.tags("img").collect();
    assert_eq!(imgs.len(), 3);
    for i in &imgs {
        assert!(i.attr("alt").is_some(), "{i:?}");
        assert_eq!(i.attr("decoding"), Some("async"));
    }
    let hero = imgs
        .iter()
        .find(|i| i.attr("src") == Some("/hero.png"))
        .unwrap();
    assert_eq!(hero.attr("fetchpriority"), Some("high"));
    assert_eq!(hero.attr("loading"), None);
    assert_eq!(
        (hero.attr("width"), hero.attr("height")),
        (Some("1200"), Some("800"))
    );
    let pic = imgs
        .iter()
        .find(|i| i.attr("src") == Some("/p.png"))
        .unwrap();
    assert_eq!(pic.attr("loading"), Some("lazy"));
    assert_eq!(pic.attr("width"), Some("10"));
    assert_eq!(pic.attr("height"), None);
    let logo = imgs
        .iter()
        .find(|i| i.attr("src") == Some("/acme.svg"))
        .unwrap();
    assert_eq!(logo.attr("alt"), Some("Acme"));
    assert!(
        out.html.contains("<span class=\"wm\">Initech</span>"),
        "wordmark"
    );
    assert!(
        out.html
            .contains("<span class=\"av\" aria-hidden=\"true\">AL</span>"),
        "initials"
    );
}

#[test]
fn uploaded_images_get_every_stored_width_and_webp_for_lossless_originals() {
    let d = with_blocks(json!([
        {"id": "png", "type": "image", "props": {"src": "/assets/0123456789abcdef-1200.png",
            "alt": "Chart", "width": 1200, "height": 600}},
        {"id": "jpg", "type": "image", "props": {"src": "/assets/fedcba9876543210-700.jpg",
            "alt": "Team", "width": 700, "height": 400}},
        {"id": "ext", "type": "image", "props": {"src": "https://cdn.example/a.png", "alt": "X"}}
    ]));
    let out = page(&d);
    let p = parse(&out.html);
    let png = p
        .tags("img")
        .find(|i| i.attr("alt") == Some("Chart"))
        .unwrap();
    assert_eq!(
        png.attr("srcset"),
        Some(
            "/assets/0123456789abcdef-480.png 480w, /assets/0123456789abcdef-960.png 960w, \
             /assets/0123456789abcdef-1200.png 1200w"
        )
    );
    assert!(png.attr("sizes").is_some());
    assert_eq!(png.attr("loading"), Some("lazy"));
    let source = p.tags("source").next().expect("a WebP source for the PNG");
    assert_eq!(source.attr("type"), Some("image/webp"));
    assert_eq!(
        source.attr("srcset"),
        Some(
            "/assets/0123456789abcdef-480.webp 480w, /assets/0123456789abcdef-960.webp 960w, \
             /assets/0123456789abcdef-1200.webp 1200w"
        )
    );
    assert_eq!(
        count(&out.html, "<picture>"),
        1,
        "only the PNG gets a <picture>"
    );
    // JPEG: its own widths only (lossless WebP would be larger than the JPEG).
    let jpg = p
        .tags("img")
        .find(|i| i.attr("alt") == Some("Team"))
        .unwrap();
    assert_eq!(
        jpg.attr("srcset"),
        Some("/assets/fedcba9876543210-480.jpg 480w, /assets/fedcba9876543210-700.jpg 700w")
    );
    // Not an upload: left as it is.
    let ext = p.tags("img").find(|i| i.attr("alt") == Some("X")).unwrap();
    assert_eq!((ext.attr("srcset"), ext.attr("sizes")), (None, None));
}

#[test]
fn video_is_a_working_link_with_data_attributes() {
    let d = with_blocks(json!([
        {"id": "yt", "type": "video", "props": {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Tour"}},
        {"id": "vm", "type": "video", "props": {"url": "https://vimeo.com/76979871", "title": "Demo"}}
    ]));
    let out = page(&d);
    let p = parse(&out.html);
    let links: Vec<_> = p
        .tags("a")
        .filter(|a| a.attr("class") == Some("video-facade"))
        .collect();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].attr("href"), Some("https://youtu.be/dQw4w9WgXcQ"));
    assert_eq!(links[0].attr("data-provider"), Some("youtube"));
    assert_eq!(links[0].attr("data-video-id"), Some("dQw4w9WgXcQ"));
    assert_eq!(links[1].attr("data-provider"), Some("vimeo"));
    assert_eq!(links[1].attr("data-video-id"), Some("76979871"));
    assert_eq!(count(&out.html, "<script>"), 1);
    assert!(scripts::VIDEO.contains("https://www.youtube-nocookie.com/embed/"));
    assert!(scripts::VIDEO.contains("https://player.vimeo.com/video/"));
    assert!(
        p.tags("iframe").next().is_none(),
        "no third-party frame before a click"
    );
}

#[test]
fn countdown_reads_without_javascript() {
    let d = with_blocks(json!([{"id": "cd", "type": "countdown", "props": {
        "target": "2030-06-01T09:00:00Z", "label": "Doors open in", "expired_text": "We are live!"}}]));
    let html = page(&d).html;
    assert!(html.contains("<time datetime=\"2030-06-01T09:00:00Z\">1 June 2030, 09:00 UTC</time>"));
    assert!(html.contains("aria-live=\"polite\""));
    assert!(html.contains("<p class=\"cd-done\" hidden>We are live!</p>"));
    assert!(html.contains("class=\"cd-units\" aria-hidden=\"true\" hidden"));
    // The label introduces the counter; the date follows as a smaller line.
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at("class=\"cd-label\"") < at("class=\"cd-units\""));
    assert!(at("class=\"cd-units\"") < at("class=\"cd-when\""));
}

#[test]
fn pricing_badge_takes_no_room_in_the_card() {
    let d = with_blocks(json!([{"id": "p", "type": "pricing", "props": {"plans": [
        {"name": "A", "price": "$1", "cta": {"label": "Go", "href": "#a"}},
        {"name": "B", "price": "$2", "cta": {"label": "Go", "href": "#a"}, "highlighted": true, "badge": "Most popular"}]}}]));
    let html = page(&d).html;
    assert!(html.contains(
        "<div class=\"card plan pop\"><p class=\"badge\">Most popular</p><h3 class=\"ct\">B</h3>"
    ));
    let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    let badge = &css[css.find(".badge{").unwrap()..];
    let badge = &badge[..badge.find('}').unwrap()];
    // Over the card's top border, so names, prices and features line up across plans.
    assert!(
        badge.contains("position:absolute") && badge.contains("translateY(-50%)"),
        "{badge}"
    );
    assert!(css.contains(".plan{position:relative;"), "{css}");
    assert!(css.contains("grid-template-rows:subgrid"), "{css}");
}

#[test]
fn rich_text_faq_and_testimonial_markup() {
    let d = with_blocks(json!([
        {"id": "rt", "type": "rich_text", "props": {"content": [
            {"type": "paragraph", "content": [{"text": "B", "bold": true}, {"text": "I", "italic": true},
                {"text": "ext", "href": "https://x.example"}, {"text": "int", "href": "/pricing"},
                {"text": "utf", "href": "/été"}, {"text": "up", "href": "HTTPS://Y.example"}]},
            {"type": "list", "ordered": true, "items": [[{"text": "one"}], [{"text": "two"}]]}]}},
        {"id": "faq", "type": "faq", "props": {"items": [{"question": "Q?", "answer": "Para one.\n\nPara two\nline."}]}},
        {"id": "t", "type": "testimonials", "props": {"items": [{"quote": "Great", "name": "N", "rating": 4}]}}
    ]));
    let html = page(&d).html;
    assert!(html.contains("<strong>B</strong><em>I</em>"));
    assert!(html.contains("<a href=\"https://x.example\" rel=\"noopener\">ext</a>"));
    assert!(html.contains("<a href=\"/pricing\">int</a>"));
    assert!(html.contains("<a href=\"/été\">utf</a>"));
    assert!(html.contains("<a href=\"HTTPS://Y.example\" rel=\"noopener\">up</a>"));
    assert!(html.contains("<ol><li>one</li><li>two</li></ol>"));
    assert!(html.contains("<details><summary>Q?</summary><div class=\"ans\"><p>Para one.</p><p>Para two<br>line.</p></div></details>"));
    assert!(
        html.contains("<figure class=\"card q\">")
            && html.contains("<blockquote><p>Great</p></blockquote>")
    );
    assert!(html.contains("Rated 4 out of 5"));
}

#[test]
fn head_has_language_seo_and_social_tags() {
    let d = doc(json!({"schema_version": 1,
        "settings": {"title": "Page", "language": "pt-BR", "seo": {
            "meta_title": "SEO title", "meta_description": "Desc", "noindex": true,
            "canonical_url": "https://e.example/p", "og_image": "https://e.example/og.png"}},
        "sections": []}));
    let html = page(&d).html;
    assert!(html.starts_with("<!doctype html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\">"));
    for tag in [
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
        "<title>SEO title</title>",
        "<meta name=\"description\" content=\"Desc\">",
        "<meta name=\"robots\" content=\"noindex\">",
        "<link rel=\"canonical\" href=\"https://e.example/p\">",
        "<meta property=\"og:title\" content=\"SEO title\">",
        "<meta property=\"og:description\" content=\"Desc\">",
        "<meta property=\"og:image\" content=\"https://e.example/og.png\">",
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }
    let plain = with_blocks(json!([]));
    let html = page(&plain).html;
    assert!(html.contains("<title>Test page</title>") && !html.contains("robots"));
    assert!(!html.contains("og:image"));
}

//! The stylesheet and the policy around it: CSS chunk selection, theme tokens, responsive
//! overrides, the Content-Security-Policy hashes, and the size of the built-in templates.

mod common;

use base64::Engine;
use common::*;
use lander_render::scripts;
use serde_json::json;
use sha2::{Digest, Sha256};

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}
// ---------------------------------------------------------------------------------------------
// CSS

fn style_of(html: &str) -> String {
    let p = parse(html);
    assert_eq!(p.styles.len(), 1);
    p.styles[0].clone()
}

#[test]
fn css_contains_only_the_chunks_of_used_blocks() {
    let plain = with_blocks(json!([{"id": "h", "type": "hero", "props": {"headline": "Hi"}}]));
    let css = style_of(&page(&plain).html);
    assert!(css.contains(".hero{"));
    for absent in [
        ".plan{",
        ".pop{",
        ".qa{",
        ".fm{",
        ".video-facade",
        ".cd-units",
        ".q{",
        ".wm{",
        ".fi{",
        ".cols{",
        ".rt{",
        ".grid{",
        ".hr{",
        ".bg-dark",
        ".html>",
    ] {
        assert!(
            !css.contains(absent),
            "{absent} should not be in a hero-only page"
        );
    }
    let pricing = with_blocks(json!([{"id": "p", "type": "pricing", "props": {"plans": [
        {"name": "A", "price": "$1", "features": ["x"], "cta": {"label": "Go", "href": "#a"}}]}}]));
    let css = style_of(&page(&pricing).html);
    assert!(css.contains(".plan{") && css.contains(".grid{") && css.contains(".ic{"));
    assert!(!css.contains(".hero{") && !css.contains(".qa{"));
}

#[test]
fn css_has_theme_tokens_focus_styles_and_reduced_motion() {
    let d = doc(json!({"schema_version": 1, "settings": {"title": "T"},
        "theme": {"preset": "ocean", "colors": {"brand": "#123456"}, "spacing": {"unit_px": 10}},
        "sections": []}));
    let css = style_of(&page(&d).html);
    assert!(css.starts_with(":root{--brand:#123456;"), "{css}");
    assert!(
        css.contains("--s1:.625rem;"),
        "spacing unit 10px -> .625rem: {css}"
    );
    assert!(css.contains(":focus-visible{outline:"));
    assert!(css.contains("@media (prefers-reduced-motion:no-preference)"));
    assert!(!css.contains("</style"));
}

#[test]
fn no_style_attributes_and_no_external_resources() {
    let d = doc(every_slot("Plain words"));
    let out = page(&d);
    let p = parse(&out.html);
    for e in &p.elements {
        assert!(e.attr("style").is_none(), "{} has a style attribute", e.tag);
        assert!(!(e.tag == "link" && e.attr("rel") == Some("stylesheet")));
        assert!(e.tag != "script" || e.attr("src").is_none());
    }
    assert!(!out.html.contains("@import") && !out.html.contains("@font-face"));
}

#[test]
fn responsive_overrides_land_in_the_right_media_query() {
    let d = with_sections(
        json!([{"id": "sec", "responsive": {"tablet": {"padding_top": "s"}},
            "blocks": [
            {"id": "promo", "type": "heading", "props": {"text": "Hi"},
             "responsive": {"mobile": {"hidden": true}, "desktop": {"font_size": "xxxl", "align": "center"}}},
            {"id": "cta", "type": "button", "props": {"label": "Go", "href": "#a"},
             "responsive": {"mobile": {"font_size": "lg", "padding_bottom": "m"}}}
        ]}]),
    );
    let css = style_of(&page(&d).html);
    let block = |q: &str| -> String {
        let start = css
            .find(&format!("@media {q}{{"))
            .unwrap_or_else(|| panic!("no {q}: {css}"));
        let rest = &css[start..];
        // The block ends at the brace that balances its opening one.
        let mut depth = 0;
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return rest[..=i].to_string();
                    }
                }
                _ => {}
            }
        }
        panic!("unbalanced");
    };
    let mobile = block("(max-width:767.98px)");
    assert!(mobile.contains("#promo{display:none}"), "{mobile}");
    assert!(mobile.contains("#cta{padding-bottom:1rem}"), "{mobile}");
    assert!(
        mobile.contains("#cta .btn{font-size:var(--f2)}"),
        "{mobile}"
    );
    let tablet = block("(min-width:768px) and (max-width:1023.98px)");
    assert!(
        tablet.contains("#sec{padding-top:calc(.5rem*var(--k))}"),
        "{tablet}"
    );
    assert!(!tablet.contains("#promo"));
    let desktop = block("(min-width:1024px)");
    assert!(desktop.contains("#promo{text-align:center;"), "{desktop}");
    assert!(
        desktop.contains("#promo-H{font-size:var(--f5)}"),
        "{desktop}"
    );
    assert!(!desktop.contains("display:none"));
}

#[test]
fn heading_subtitles_step_down_with_the_heading() {
    let d = with_blocks(json!([
        {"id": "big", "type": "heading", "props": {"text": "A", "subtitle": "a"}},
        {"id": "stat", "type": "heading", "props": {"text": "B", "level": 3, "subtitle": "b"},
         "responsive": {"mobile": {"font_size": "xxl"}}},
        {"id": "tiny", "type": "heading", "props": {"text": "C", "subtitle": "c"},
         "responsive": {"mobile": {"font_size": "sm"}}}
    ]));
    let css = style_of(&page(&d).html);
    // By level: body-large under h2 (the base rule), body under h3/h4, small under h5/h6.
    assert!(
        css.contains(".hd h3+.sub,.hd h4+.sub{font-size:var(--f1)}"),
        "{css}"
    );
    assert!(
        css.contains(".hd h5+.sub,.hd h6+.sub{font-size:var(--f0)}"),
        "{css}"
    );
    // A heading made larger keeps its level's subtitle; one made smaller takes it down too.
    assert!(!css.contains("#stat .sub"), "{css}");
    assert!(
        css.contains("#tiny-H{font-size:var(--f0)}#tiny .sub{font-size:var(--f0)}"),
        "{css}"
    );
    assert!(!css.contains("#big .sub"), "{css}");
}

#[test]
fn logo_strip_heading_follows_the_alignment_as_text() {
    let d = with_sections(json!([
        {"id": "a", "blocks": [{"id": "l", "type": "logos", "props": {"heading": "Trusted by many teams in many places",
            "items": [{"name": "A"}]}, "responsive": {"mobile": {"align": "right"}}}]},
        {"id": "b", "align": "left", "blocks": [{"id": "m", "type": "logos", "props": {"heading": "H", "items": [{"name": "B"}]}}]}
    ]));
    let css = style_of(&page(&d).html);
    let lh = &css[css.find(".lh{").unwrap()..];
    let lh = &lh[..lh.find('}').unwrap()];
    // Centred by default; a wrapped heading's lines follow the block's alignment.
    assert!(
        lh.contains("text-align:var(--ta,center)") && !lh.contains("flex"),
        "{lh}"
    );
    assert!(css.contains(".tl{text-align:left;--ta:left;"), "{css}");
    assert!(css.contains("#l{text-align:right;--ta:right;"), "{css}");
}

// ---------------------------------------------------------------------------------------------
// CSP

fn sha(s: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s))
    )
}

#[test]
fn csp_hashes_match_the_emitted_style_and_scripts() {
    let d = doc(every_slot("Hello"));
    let out = page(&d);
    let p = parse(&out.html);
    assert_eq!(p.styles.len(), 1);
    assert!(
        out.csp
            .contains(&format!("style-src {}", sha(&p.styles[0]))),
        "{}",
        out.csp
    );
    assert_eq!(p.scripts.len(), 2, "video and countdown scripts, once each");
    for s in &p.scripts {
        assert!(
            out.csp.contains(&sha(s)),
            "script hash missing: {}",
            out.csp
        );
    }
    assert!(
        out.csp
            .starts_with("default-src 'none'; img-src 'self' https: data:; style-src ")
    );
    for part in [
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
    ] {
        assert!(out.csp.contains(part), "{part}");
    }
}

#[test]
fn pages_without_script_blocks_have_no_script_and_no_script_src() {
    let d = with_blocks(json!([{"id": "h", "type": "hero", "props": {"headline": "Hi"}}]));
    let out = page(&d);
    assert!(!out.html.contains("<script"));
    assert!(!out.csp.contains("script-src") && !out.csp.contains("frame-src"));
    let cd = with_blocks(json!([
        {"id": "a", "type": "countdown", "props": {"target": "2030-01-01T00:00:00Z"}},
        {"id": "b", "type": "countdown", "props": {"target": "2031-01-01T00:00:00Z"}}]));
    let out = page(&cd);
    assert_eq!(
        count(&out.html, "<script>"),
        1,
        "one script for two countdowns"
    );
    assert!(
        out.csp
            .contains(&format!("script-src {};", sha(scripts::COUNTDOWN)))
    );
    assert!(!out.csp.contains("frame-src"));
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn every_template_renders_small_with_one_h1() {
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;
    let templates = lander_doc::templates::list();
    assert!(!templates.is_empty());
    for info in templates {
        let d = lander_doc::templates::get(info.id).unwrap_or_else(|| panic!("{} parses", info.id));
        let out = page(&d);
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(out.html.as_bytes()).unwrap();
        let size = gz.finish().unwrap().len();
        eprintln!(
            "template {}: {} bytes, {size} bytes gzip",
            info.id,
            out.html.len()
        );
        assert!(
            size < 14 * 1024,
            "{} is {size} bytes gzip-compressed",
            info.id
        );
        let p = parse(&out.html);
        assert_eq!(p.tags("h1").count(), 1, "{}", info.id);
        assert_eq!(p.styles.len(), 1);
    }
}

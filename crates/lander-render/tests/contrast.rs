//! WCAG AA contrast of the rendered stylesheet: for every theme preset, every text colour the
//! renderer gives a section background (body text, secondary text, links, button labels), on
//! that background, on the cards inside it, and on buttons, reads at 4.5:1 or more. Gradients
//! are checked at both ends and at points between them.
//!
//! The colours come from the emitted CSS itself: a small evaluator resolves the custom
//! properties (`var()`, `color-mix(in srgb, ..)`, `transparent`, hex colours) of `:root` and of
//! each `.bg-*` rule, so the test follows whatever the renderer writes.

mod common;

use common::*;
use serde_json::json;
use std::collections::HashMap;

/// A colour with straight (not premultiplied) alpha; components 0-255.
#[derive(Clone, Copy, Debug)]
struct Rgba {
    rgb: [f64; 3],
    a: f64,
}

impl Rgba {
    fn hex(s: &str) -> Rgba {
        let h = s.trim_start_matches('#');
        let digits: Vec<f64> = h
            .chars()
            .map(|c| f64::from(c.to_digit(16).unwrap_or_else(|| panic!("bad colour {s}"))))
            .collect();
        let rgb = match digits.len() {
            3 => [digits[0] * 17.0, digits[1] * 17.0, digits[2] * 17.0],
            6 => [
                digits[0] * 16.0 + digits[1],
                digits[2] * 16.0 + digits[3],
                digits[4] * 16.0 + digits[5],
            ],
            _ => panic!("bad colour {s}"),
        };
        Rgba { rgb, a: 1.0 }
    }

    /// `color-mix(in srgb, self p, other)`, with premultiplied alpha as CSS specifies.
    fn mix(self, other: Rgba, p: f64) -> Rgba {
        let a = self.a * p + other.a * (1.0 - p);
        if a == 0.0 {
            return Rgba { rgb: [0.0; 3], a };
        }
        let c = |i: usize| (self.rgb[i] * self.a * p + other.rgb[i] * other.a * (1.0 - p)) / a;
        Rgba {
            rgb: [c(0), c(1), c(2)],
            a,
        }
    }

    /// This colour painted over an opaque one.
    fn over(self, under: Rgba) -> Rgba {
        let c = |i: usize| self.rgb[i] * self.a + under.rgb[i] * (1.0 - self.a);
        Rgba {
            rgb: [c(0), c(1), c(2)],
            a: 1.0,
        }
    }

    fn luminance(self) -> f64 {
        let lin = |c: f64| {
            let c = c / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.rgb[0]) + 0.7152 * lin(self.rgb[1]) + 0.0722 * lin(self.rgb[2])
    }

    fn contrast(self, other: Rgba) -> f64 {
        assert!(
            self.a == 1.0 && other.a == 1.0,
            "contrast of translucent colours"
        );
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// Declarations of the rule with exactly this selector (`:root`, `.bg-brand`), in order.
fn rule(css: &str, selector: &str) -> Option<Vec<(String, String)>> {
    let start = css.find(&format!("{selector}{{"))? + selector.len() + 1;
    // Values contain parentheses but no braces.
    let end = start + css[start..].find('}')?;
    Some(
        split_top(&css[start..end], ';')
            .into_iter()
            .filter_map(|d| {
                let (k, v) = d.split_once(':')?;
                Some((k.trim().to_string(), v.trim().to_string()))
            })
            .collect(),
    )
}

/// Splits on `sep` outside parentheses.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut last, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[last..]);
    out
}

/// Custom properties in scope on an element: its rule's, then the root's.
struct Scope<'a> {
    own: HashMap<&'a str, &'a str>,
    root: &'a HashMap<&'a str, &'a str>,
}

impl<'a> Scope<'a> {
    fn new(own: &'a [(String, String)], root: &'a HashMap<&'a str, &'a str>) -> Scope<'a> {
        Scope {
            own: own.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
            root,
        }
    }

    fn raw(&self, name: &str) -> &'a str {
        self.own
            .get(name)
            .or_else(|| self.root.get(name))
            .unwrap_or_else(|| panic!("{name} is not defined"))
    }

    /// Resolves a property of this scope. A custom property set on `:root` only is resolved
    /// there (as the browser does), one set by the element's rule is resolved in this scope.
    fn prop(&self, name: &str) -> Rgba {
        if self.own.contains_key(name) {
            self.color(self.raw(name))
        } else {
            let root_scope = Scope {
                own: HashMap::new(),
                root: self.root,
            };
            root_scope.color(self.raw(name))
        }
    }

    /// Evaluates a colour expression.
    fn color(&self, expr: &str) -> Rgba {
        let e = expr.trim();
        if let Some(name) = e.strip_prefix("var(").and_then(|r| r.strip_suffix(')')) {
            return self.prop(name.trim());
        }
        if e == "transparent" {
            return Rgba {
                rgb: [0.0; 3],
                a: 0.0,
            };
        }
        if e.starts_with('#') {
            return Rgba::hex(e);
        }
        if let Some(args) = e
            .strip_prefix("color-mix(in srgb,")
            .and_then(|r| r.strip_suffix(')'))
        {
            let parts = split_top(args, ',');
            assert_eq!(parts.len(), 2, "{e}");
            let (a, pa) = self.mix_arg(parts[0]);
            let (b, pb) = self.mix_arg(parts[1]);
            let p = match (pa, pb) {
                (Some(p), _) => p,
                (None, Some(q)) => 1.0 - q,
                (None, None) => 0.5,
            };
            return a.mix(b, p);
        }
        panic!("cannot evaluate colour {e}");
    }

    fn mix_arg(&self, s: &str) -> (Rgba, Option<f64>) {
        let s = s.trim();
        match s.rsplit_once(' ') {
            Some((c, pct)) if pct.ends_with('%') => {
                let p: f64 = pct
                    .trim_end_matches('%')
                    .parse()
                    .unwrap_or_else(|e| panic!("bad percentage {pct}: {e}"));
                (self.color(c), Some(p / 100.0))
            }
            _ => (self.color(s), None),
        }
    }

    /// The opaque colours of a `background` value: one for a colour, several points from
    /// the first to the last stop of a two-stop linear gradient.
    fn background(&self, value: &str) -> Vec<Rgba> {
        if let Some(args) = value
            .strip_prefix("linear-gradient(")
            .and_then(|r| r.strip_suffix(')'))
        {
            let parts = split_top(args, ',');
            assert_eq!(parts.len(), 3, "angle and two stops: {value}");
            let (from, to) = (self.color(parts[1]), self.color(parts[2]));
            return (0..=10)
                .map(|i| to.mix(from, f64::from(i) / 10.0))
                .collect();
        }
        vec![self.color(value)]
    }
}

/// The lowest contrast of each kind of text on one section background.
#[derive(Debug)]
struct Lowest {
    what: &'static str,
    ratio: f64,
}

/// Checks one section background; returns the lowest ratio per kind of text.
fn check_section(scope: &Scope, backgrounds: &[Rgba]) -> Vec<Lowest> {
    let mut low: Vec<Lowest> = Vec::new();
    let mut note = |what: &'static str, fg: Rgba, bg: Rgba| {
        let r = fg.contrast(bg);
        match low.iter_mut().find(|l| l.what == what) {
            Some(l) => l.ratio = l.ratio.min(r),
            None => low.push(Lowest { what, ratio: r }),
        }
    };
    let (fg, mt, lk) = (scope.prop("--fg"), scope.prop("--mt"), scope.prop("--lk"));
    for (name, c) in [("--fg", fg), ("--mt", mt), ("--lk", lk)] {
        assert!(c.a == 1.0, "{name} must be opaque");
    }
    let card = scope.prop("--cd");
    let (bb, bf) = (scope.prop("--bb"), scope.prop("--bf"));
    for &bg in backgrounds {
        note("text", fg, bg);
        note("secondary text", mt, bg);
        note("links", lk, bg);
        let card = card.over(bg);
        note("text on cards", fg, card);
        note("secondary text on cards", mt, card);
        note("links on cards", lk, card);
        note("primary button label", bf, bb.over(bg));
    }
    low
}

/// A page with one section per background, in `theme` (JSON).
fn every_background(theme: serde_json::Value) -> lander_doc::Document {
    let sections: Vec<_> = BACKGROUNDS
        .iter()
        .map(|bg| {
            json!({"id": format!("s-{bg}"), "background": bg, "blocks": [
                {"id": format!("h-{bg}"), "type": "heading", "props": {"text": "Title", "subtitle": "Sub"}},
                {"id": format!("f-{bg}"), "type": "features", "props": {"items": [{"title": "A", "text": "B"}]}},
                {"id": format!("b-{bg}"), "type": "button", "props": {"label": "Go", "href": "#a"}}
            ]})
        })
        .collect();
    doc(
        json!({"schema_version": 1, "settings": {"title": "Contrast"},
        "theme": theme, "sections": sections}),
    )
}

const BACKGROUNDS: [&str; 6] = ["default", "surface", "brand", "accent", "dark", "gradient"];

/// Renders every background in `theme` and returns the pairs under 4.5:1.
fn failures_of(label: &str, theme: serde_json::Value) -> Vec<String> {
    let html = page(&every_background(theme)).html;
    let p = parse(&html);
    let css = &p.styles[0];
    let root_rule = rule(css, ":root").expect(":root rule");
    let root: HashMap<&str, &str> = root_rule
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (mut failures, mut seen) = (Vec::new(), 0);
    for bg in BACKGROUNDS {
        let own = if bg == "default" {
            Vec::new()
        } else {
            rule(css, &format!(".bg-{bg}")).unwrap_or_else(|| panic!("{label}: no .bg-{bg} rule"))
        };
        let scope = Scope::new(&own, &root);
        let backgrounds = match own.iter().find(|(k, _)| k == "background") {
            Some((_, v)) => scope.background(v),
            None => vec![scope.prop("--bg")],
        };
        if bg == "gradient" {
            assert_eq!(backgrounds.len(), 11, "both ends and points between");
        }
        for l in check_section(&scope, &backgrounds) {
            seen += 1;
            eprintln!("{label:<16} {bg:<9} {:<24} {:.2}", l.what, l.ratio);
            if l.ratio < 4.5 {
                failures.push(format!(
                    "{label}: {} on {bg} background: {:.2} < 4.5",
                    l.what, l.ratio
                ));
            }
        }
    }
    assert_eq!(seen, 6 * 7, "{label}: every kind of text checked");
    failures
}

#[test]
fn every_text_colour_meets_wcag_aa_on_every_section_background_of_every_preset() {
    let mut failures = Vec::new();
    for preset in lander_doc::theme::PRESETS {
        failures.extend(failures_of(preset.id, json!({"preset": preset.id})));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_built_in_templates_themes_keep_wcag_aa_on_every_section_background() {
    let mut failures = Vec::new();
    for info in lander_doc::templates::list() {
        let d = lander_doc::templates::get(info.id).expect("template parses");
        let theme = serde_json::to_value(&d.theme).unwrap();
        failures.extend(failures_of(&format!("template {}", info.id), theme));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_evaluator_agrees_with_known_values() {
    let white = Rgba::hex("#fff");
    let black = Rgba::hex("#000000");
    assert!((white.contrast(black) - 21.0).abs() < 1e-9);
    assert!((Rgba::hex("#767676").contrast(white) - 4.54).abs() < 0.01);
    let root: HashMap<&str, &str> = [
        ("--on", "#ffffff"),
        ("--base", "#000"),
        ("--half", "color-mix(in srgb,var(--on) 50%,var(--base))"),
        ("--ghost", "color-mix(in srgb,var(--on) 20%,transparent)"),
    ]
    .into_iter()
    .collect();
    let own = [("--base".to_string(), "#ff0000".to_string())];
    let scope = Scope::new(&own, &root);
    // Set on :root only, so resolved there: white and black, not white and red.
    assert!((scope.prop("--half").rgb[0] - 127.5).abs() < 1e-9);
    assert!(scope.prop("--half").rgb[1] > 127.0);
    let ghost = scope.prop("--ghost");
    assert!((ghost.a - 0.2).abs() < 1e-9 && ghost.rgb == [255.0; 3]);
    let over = ghost.over(black);
    assert!((over.rgb[0] - 51.0).abs() < 1e-9);
    let stops = scope.background("linear-gradient(135deg,#000,#fff)");
    assert_eq!(stops.len(), 11);
    assert!(stops[0].rgb[0] == 0.0 && stops[10].rgb[0] == 255.0);
}

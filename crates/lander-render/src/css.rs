//! The page's one stylesheet: theme tokens as custom properties, the base, the chunks for the
//! block kinds the page uses, classes for the spacing values it uses, and the per-element
//! responsive overrides.

use crate::blocks::{has_heading, nonempty};
use crate::css_chunks as c;
use crate::ctx::{Need, SPACE_NAMES, chunk};
use lander_doc::{
    Align, Block, BlockKind, Breakpoint, Document, FontSize, HexColor, Override, ResolvedTheme,
    Space,
};
use std::fmt::Write;

/// Chunks in the order they appear in the stylesheet.
const CHUNKS: &[(u32, &str)] = &[
    (chunk::HEADING, c::HEADING),
    (chunk::BLOCK_HEAD, c::BLOCK_HEAD),
    (chunk::HERO, c::HERO),
    (chunk::RICH_TEXT, c::RICH_TEXT),
    (chunk::IMAGE, c::IMAGE),
    (chunk::COLUMNS, c::COLUMNS),
    (chunk::GRID, c::GRID),
    (chunk::ICON, c::ICON),
    (chunk::FEATURES, c::FEATURES),
    (chunk::TESTIMONIALS, c::TESTIMONIALS),
    (chunk::LOGOS, c::LOGOS),
    (chunk::PRICING, c::PRICING),
    (chunk::FAQ, c::FAQ),
    (chunk::FORM, c::FORM),
    (chunk::VIDEO, c::VIDEO),
    (chunk::COUNTDOWN, c::COUNTDOWN),
    (chunk::DIVIDER, c::DIVIDER),
    (chunk::CUSTOM_HTML, c::CUSTOM_HTML),
];

/// A number for CSS: at most four decimals, no trailing zeros, no leading zero.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s.strip_prefix("0.") {
        Some(frac) => format!(".{frac}"),
        None if s.is_empty() || s == "-0" => "0".into(),
        None => s.to_string(),
    }
}

/// `px` as rem (16 px each), e.g. `2.5rem`, or `0`.
fn rem(px: f64) -> String {
    if px == 0.0 {
        "0".into()
    } else {
        format!("{}rem", num(px / 16.0))
    }
}

/// The length of a space step for this theme.
fn space(t: &ResolvedTheme, s: Space) -> String {
    rem(f64::from(s.half_units()) * f64::from(t.spacing.unit_px) / 2.0)
}

/// The size of a type-scale step. Steps above the body size grow fluidly from a gentler ratio
/// on a 375 px phone to the theme's ratio at 1280 px, so display headlines fit small screens.
fn font_size(t: &ResolvedTheme, step: i32) -> String {
    let base = f64::from(t.type_scale.base_px);
    let ratio = t.type_scale.ratio;
    let desktop = base * ratio.powi(step);
    if step <= 0 {
        return rem(desktop);
    }
    let mobile = (base * (1.0 + (ratio - 1.0) * 0.6).powi(step))
        .min(44.0)
        .min(desktop);
    if (desktop - mobile).abs() < 0.5 {
        return rem(desktop);
    }
    let slope = (desktop - mobile) / (1280.0 - 375.0);
    let intercept = mobile - slope * 375.0;
    format!(
        "clamp({},{} + {}vw,{})",
        rem(mobile),
        rem(intercept),
        num(slope * 100.0),
        rem(desktop)
    )
}

fn tokens(out: &mut String, t: &ResolvedTheme) {
    let p = &t.colors;
    out.push_str(":root{");
    for (name, v) in [
        ("brand", &p.brand),
        ("on-brand", &p.on_brand),
        ("accent", &p.accent),
        ("on-accent", &p.on_accent),
        ("text", &p.text),
        ("muted", &p.muted),
        ("bg", &p.background),
        ("surface", &p.surface),
        ("border", &p.border),
        ("dark", &p.dark),
        ("on-dark", &p.on_dark),
    ] {
        let _ = write!(out, "--{name}:{v};");
    }
    let _ = write!(
        out,
        "--fh:{};--fb:{};--hw:{};--bw:{};",
        t.fonts.heading, t.fonts.body, t.type_scale.heading_weight, t.buttons.weight
    );
    if t.buttons.uppercase {
        out.push_str("--tt:uppercase;--ls:.06em;");
    } else {
        out.push_str("--tt:none;--ls:normal;");
    }
    for (i, step) in (-1..=5).enumerate() {
        let _ = write!(out, "--f{i}:{};", font_size(t, step));
    }
    let unit = f64::from(t.spacing.unit_px);
    let _ = write!(out, "--sh:{};", rem(unit / 2.0));
    for n in [1, 2, 3, 4, 5, 6, 8] {
        let _ = write!(out, "--s{n}:{};", rem(unit * f64::from(n)));
    }
    let r = &t.radius;
    let _ = write!(
        out,
        "--r-s:{}px;--r-m:{}px;--r-l:{}px;--r-b:{}px;",
        r.small, r.medium, r.large, t.buttons.radius
    );
    let scheme = if p.background.luminance() < 0.2 {
        "dark"
    } else {
        "light"
    };
    let _ = write!(
        out,
        "--fg:var(--text);--mt:var(--muted);--lk:var(--brand);--bd:var(--border);--cd:var(--bg);\
         --bb:var(--brand);--bf:var(--on-brand);--g:0px;--k:1;color-scheme:{scheme}}}"
    );
}

/// A colour as sRGB components (0-255), to check the contrast of `color-mix()` results.
#[derive(Clone, Copy)]
struct Rgb([f64; 3]);

impl Rgb {
    fn of(c: &HexColor) -> Rgb {
        let (r, g, b) = c.rgb();
        Rgb([f64::from(r), f64::from(g), f64::from(b)])
    }

    /// `color-mix(in srgb, self p, other)`.
    fn mix(self, other: Rgb, p: f64) -> Rgb {
        let m = |i: usize| self.0[i] * p + other.0[i] * (1.0 - p);
        Rgb([m(0), m(1), m(2)])
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
        0.2126 * lin(self.0[0]) + 0.7152 * lin(self.0[1]) + 0.0722 * lin(self.0[2])
    }

    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// WCAG AA for body-size text.
const AA: f64 = 4.5;

/// Whether `fg` reads at [`AA`] on every colour in `under`.
fn reads_on(fg: Rgb, under: &[Rgb]) -> bool {
    under.iter().all(|u| fg.contrast(*u) >= AA)
}

/// Points from `from` to `to` of a two-stop gradient, both ends included. Light text is
/// weakest at an end; dark text can be weakest between the ends, hence the points between.
fn gradient_points(from: Rgb, to: Rgb) -> Vec<Rgb> {
    (0..=10)
        .map(|i| to.mix(from, f64::from(i) / 10.0))
        .collect()
}

/// How far secondary text on a coloured background is softened towards the background.
const SOFT: f64 = 0.82;

/// The softened secondary text colour on `base`.
fn soft(on: &HexColor, base: &HexColor) -> Rgb {
    Rgb::of(on).mix(Rgb::of(base), SOFT)
}

/// Secondary text on a coloured background: the text colour softened towards the background
/// when that still reads at 4.5:1 on every colour in `under`, the full text colour otherwise.
fn muted_on(on: &HexColor, base: &HexColor, under: &[Rgb], on_var: &str, base_var: &str) -> String {
    if reads_on(soft(on, base), under) {
        format!("color-mix(in srgb,{on_var} {}%,{base_var})", SOFT * 100.0)
    } else {
        on_var.to_string()
    }
}

/// The card background in a coloured section, as CSS, and the card's colours over `under`: a
/// `pct` tint of the text colour `on` (a lighter card under light text) when every colour in
/// `texts` still reads at 4.5:1 on it, else the same tint of black under light text or of white
/// under dark text, which moves the card away from the text and so only adds contrast.
fn card_tint(on: Rgb, texts: &[Rgb], under: &[Rgb], pct: f64, on_var: &str) -> (String, Vec<Rgb>) {
    let cards = |with: Rgb| -> Vec<Rgb> { under.iter().map(|u| with.mix(*u, pct)).collect() };
    let own = cards(on);
    if texts.iter().all(|t| reads_on(*t, &own)) {
        return (
            format!(
                "color-mix(in srgb,{on_var} {}%,transparent)",
                num(pct * 100.0)
            ),
            own,
        );
    }
    let (with, with_css) = if under.iter().all(|u| on.luminance() > u.luminance()) {
        (Rgb([0.0; 3]), "#000")
    } else {
        (Rgb([255.0; 3]), "#fff")
    };
    (
        format!(
            "color-mix(in srgb,{with_css} {}%,transparent)",
            num(pct * 100.0)
        ),
        cards(with),
    )
}

/// The text colours that should read on the cards of a section: `on`, and the softened
/// secondary text and `link` when they read on the section itself.
fn card_texts(on: &HexColor, base: &HexColor, link: Option<Rgb>, under: &[Rgb]) -> Vec<Rgb> {
    let mut texts = vec![Rgb::of(on)];
    texts.extend(
        [Some(soft(on, base)), link]
            .into_iter()
            .flatten()
            .filter(|t| reads_on(*t, under)),
    );
    texts
}

/// The rule of a brand, accent or gradient section: `on` is its text colour (body text, links,
/// buttons), `base` the colour it is written on, `under` every colour of the background.
fn coloured(
    out: &mut String,
    class: &str,
    background: &str,
    (on, on_var): (&HexColor, &str),
    (base, base_var): (&HexColor, &str),
    under: &[Rgb],
) {
    let texts = card_texts(on, base, None, under);
    let (cd, cards) = card_tint(Rgb::of(on), &texts, under, 0.09, "var(--on)");
    let all: Vec<Rgb> = under.iter().chain(&cards).copied().collect();
    let mt = muted_on(on, base, &all, on_var, base_var);
    let _ = write!(
        out,
        ".{class}{{background:{background};--on:{on_var};--base:{base_var};--mt:{mt};\
         --fg:var(--on);--lk:var(--on);--bd:color-mix(in srgb,var(--on) 24%,transparent);\
         --cd:{cd};--bb:var(--on);--bf:var(--base)}}"
    );
}

/// Rules for the section backgrounds in use, with text colours that keep contrast on the
/// section and on the cards in it.
fn backgrounds(out: &mut String, t: &ResolvedTheme, used: u8) {
    let p = &t.colors;
    let has = |i: u8| used & (1 << i) != 0;
    let (brand, accent) = (Rgb::of(&p.brand), Rgb::of(&p.accent));
    if has(1) {
        out.push_str(".bg-surface{background:var(--surface)}");
    }
    let on_brand = (&p.on_brand, "var(--on-brand)");
    let on_brand_base = (&p.brand, "var(--brand)");
    if has(2) {
        coloured(
            out,
            "bg-brand",
            "var(--brand)",
            on_brand,
            on_brand_base,
            &[brand],
        );
    }
    if has(3) {
        coloured(
            out,
            "bg-accent",
            "var(--accent)",
            (&p.on_accent, "var(--on-accent)"),
            (&p.accent, "var(--accent)"),
            &[accent],
        );
    }
    if has(5) {
        // Brand to accent; if the brand's text colour is too weak anywhere on that, the
        // gradient ends halfway to the accent instead.
        let (end, end_rgb) = if reads_on(Rgb::of(&p.on_brand), &gradient_points(brand, accent)) {
            ("var(--accent)", accent)
        } else {
            (
                "color-mix(in srgb,var(--accent) 50%,var(--brand))",
                accent.mix(brand, 0.5),
            )
        };
        coloured(
            out,
            "bg-gradient",
            &format!("linear-gradient(135deg,var(--brand),{end})"),
            on_brand,
            on_brand_base,
            &gradient_points(brand, end_rgb),
        );
    }
    if has(4) {
        let dark = Rgb::of(&p.dark);
        let texts = card_texts(&p.on_dark, &p.dark, Some(brand), &[dark]);
        let (cd, card) = card_tint(Rgb::of(&p.on_dark), &texts, &[dark], 0.06, "var(--on-dark)");
        let under = [dark, card[0]];
        let mt = muted_on(&p.on_dark, &p.dark, &under, "var(--on-dark)", "var(--dark)");
        let link = if reads_on(brand, &under) {
            "var(--brand)"
        } else {
            "var(--on-dark)"
        };
        let (bb, bf) = if p.brand.contrast(&p.dark) >= 3.0 {
            ("var(--brand)", "var(--on-brand)")
        } else {
            ("var(--on-dark)", "var(--dark)")
        };
        let _ = write!(
            out,
            ".bg-dark{{background:var(--dark);--fg:var(--on-dark);--mt:{mt};--lk:{link};\
             --bd:color-mix(in srgb,var(--on-dark) 18%,transparent);--cd:{cd};--bb:{bb};--bf:{bf}}}"
        );
    }
}

/// Classes for the space values in use: section paddings (scaled up on wider screens through
/// `--k`), column gaps and spacer heights.
fn spacing_classes(out: &mut String, t: &ResolvedTheme, need: &Need) {
    for (i, s) in SPACES.iter().enumerate() {
        let name = SPACE_NAMES[i];
        let len = space(t, *s);
        if need.paddings & (1 << i) != 0 {
            if *s == Space::None {
                let _ = write!(out, ".pad-{name}{{padding-block:0}}");
            } else {
                let _ = write!(out, ".pad-{name}{{padding-block:calc({len}*var(--k))}}");
            }
        }
        if need.gaps & (1 << i) != 0 {
            let _ = write!(out, ".gap-{name}{{--g:{len}}}");
        }
        if need.spacers & (1 << i) != 0 {
            let _ = write!(out, ".sp-{name}{{height:{len}}}");
        }
    }
    if !need.templates.is_empty() {
        out.push_str("@media (min-width:768px){");
        for pattern in &need.templates {
            let _ = write!(out, ".g{pattern}{{grid-template-columns:");
            for (k, span) in pattern.split('-').enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "minmax(0,{span}fr)");
            }
            out.push('}');
        }
        out.push('}');
    }
}

/// Every space step, in [`crate::ctx::space_index`] order.
const SPACES: [Space; 7] = [
    Space::None,
    Space::Xs,
    Space::S,
    Space::M,
    Space::L,
    Space::Xl,
    Space::Xxl,
];

/// The declarations of one override (without the selector), e.g. `display:none;`.
fn override_decls(t: &ResolvedTheme, o: &Override, section: bool) -> String {
    let mut d = String::new();
    if o.hidden == Some(true) {
        d.push_str("display:none;");
    }
    if let Some(a) = o.align {
        d.push_str(match a {
            Align::Left => "text-align:left;--ta:left;--jc:flex-start;--ml:0;--mr:auto;",
            Align::Center => "text-align:center;--ta:center;--jc:center;--ml:auto;--mr:auto;",
            Align::Right => "text-align:right;--ta:right;--jc:flex-end;--ml:auto;--mr:0;",
        });
    }
    for (prop, v) in [
        ("padding-top", o.padding_top),
        ("padding-bottom", o.padding_bottom),
    ] {
        if let Some(s) = v {
            let len = space(t, s);
            if section && s != Space::None {
                let _ = write!(d, "{prop}:calc({len}*var(--k));");
            } else {
                let _ = write!(d, "{prop}:{len};");
            }
        }
    }
    d
}

fn font_var(f: FontSize) -> String {
    format!("font-size:var(--f{})", f.step() + 1)
}

/// The type-scale token (`--f{n}`) of a heading's subtitle, from the heading's token: a clear
/// step below it and never above body-large (`--f2`): body-large under `h1`/`h2` (`--f5`,
/// `--f4`), body under `h3`/`h4` (`--f3`, `--f2`), small under `h5`/`h6` (`--f1`). The
/// [`c::HEADING`] chunk applies it by level.
pub(crate) fn subtitle_step(heading: i32) -> i32 {
    match heading {
        4.. => 2,
        2 | 3 => 1,
        _ => 0,
    }
}

/// The type-scale token of a heading level in the base stylesheet (`h1` is `--f5`).
fn level_token(level: u8) -> i32 {
    match level {
        0 | 1 => 5,
        2 => 4,
        3 => 3,
        4 => 2,
        _ => 1,
    }
}

/// Appends the rules of one element's override at one breakpoint.
fn override_rules(
    rules: &mut String,
    t: &ResolvedTheme,
    id: &str,
    o: &Override,
    block: Option<&Block>,
) {
    let decls = override_decls(t, o, block.is_none());
    if !decls.is_empty() {
        let _ = write!(rules, "#{id}{{{}}}", decls.trim_end_matches(';'));
    }
    if let Some(f) = o.font_size {
        match block {
            Some(b) if matches!(b.kind, BlockKind::Button(_)) => {
                let _ = write!(rules, "#{id} .btn{{{}}}", font_var(f));
            }
            Some(b) if has_heading(b) => {
                let _ = write!(rules, "#{id}-H{{{}}}", font_var(f));
                // The subtitle keeps the step its level gives it, and steps further down
                // when the heading is made smaller than its level.
                if let BlockKind::Heading(h) = &b.kind
                    && nonempty(&h.subtitle).is_some()
                {
                    let by_level = subtitle_step(level_token(h.level));
                    let step = subtitle_step(f.step() + 1);
                    if step < by_level {
                        let _ = write!(rules, "#{id} .sub{{font-size:var(--f{step})}}");
                    }
                }
            }
            _ => {
                let _ = write!(rules, "#{id}{{{}}}", font_var(f));
            }
        }
    }
}

fn walk_overrides(rules: &mut String, t: &ResolvedTheme, bp: Breakpoint, blocks: &[Block]) {
    for b in blocks {
        let o = b.responsive.get(bp);
        if !o.is_empty() {
            override_rules(rules, t, b.id.as_str(), o, Some(b));
        }
        if let BlockKind::Columns(c) = &b.kind {
            for col in &c.columns {
                walk_overrides(rules, t, bp, &col.blocks);
            }
        }
    }
}

/// `@media` blocks with the responsive overrides of every section and block, one per
/// breakpoint that has any.
fn responsive(out: &mut String, t: &ResolvedTheme, doc: &Document) {
    let mut rules = String::new();
    for bp in Breakpoint::ALL {
        rules.clear();
        for s in &doc.sections {
            let o = s.responsive.get(bp);
            if !o.is_empty() {
                override_rules(&mut rules, t, s.id.as_str(), o, None);
            }
            walk_overrides(&mut rules, t, bp, &s.blocks);
        }
        if !rules.is_empty() {
            let _ = write!(out, "@media {}{{{rules}}}", bp.media_query());
        }
    }
}

/// The complete stylesheet of a page.
pub(crate) fn stylesheet(doc: &Document, t: &ResolvedTheme, need: &Need) -> String {
    let mut out = String::with_capacity(12 * 1024);
    tokens(&mut out, t);
    out.push_str(c::BASE);
    backgrounds(&mut out, t, need.backgrounds);
    for (bit, css) in CHUNKS {
        if need.has(*bit) {
            out.push_str(css);
        }
    }
    spacing_classes(&mut out, t, need);
    responsive(&mut out, t, doc);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(0.5), ".5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1.0625), "1.0625");
        assert_eq!(num(1.0 / 3.0), ".3333");
        assert_eq!(rem(40.0), "2.5rem");
        assert_eq!(rem(0.0), "0");
    }

    #[test]
    fn muted_text_keeps_contrast_on_coloured_sections() {
        for preset in lander_doc::theme::PRESETS {
            let p = preset.resolve().colors;
            let mt = muted_on(&p.on_brand, &p.brand, &[Rgb::of(&p.brand)], "on", "base");
            if mt != "on" {
                let soft = Rgb::of(&p.on_brand).mix(Rgb::of(&p.brand), 0.82);
                assert!(soft.contrast(Rgb::of(&p.brand)) >= 4.5, "{}", preset.id);
            }
        }
        let white = HexColor::parse("#ffffff").unwrap();
        let grey = HexColor::parse("#767676").unwrap();
        assert_eq!(muted_on(&white, &grey, &[Rgb::of(&grey)], "on", "b"), "on");
    }

    #[test]
    fn cards_on_coloured_sections_move_away_from_the_text_when_a_tint_would_weaken_it() {
        let hex = |s: &str| Rgb::of(&HexColor::parse(s).unwrap());
        // White text on a mid green: a white tint would drop under 4.5:1, black deepens it.
        let (white, green) = (hex("#ffffff"), hex("#15803d"));
        let (css, cards) = card_tint(white, &[white], &[green], 0.09, "var(--on)");
        assert_eq!(css, "color-mix(in srgb,#000 9%,transparent)");
        assert!(white.contrast(cards[0]) > white.contrast(green));
        // Dark text on a light violet: a dark tint would drop under 4.5:1, white lifts it.
        let (ink, violet) = (hex("#1e1b4b"), hex("#8b7bd8"));
        let (css, cards) = card_tint(ink, &[ink], &[violet], 0.3, "var(--on)");
        assert_eq!(css, "color-mix(in srgb,#fff 30%,transparent)");
        assert!(ink.contrast(cards[0]) > ink.contrast(violet));
        // Plenty of contrast: the usual light tint of the text colour.
        let navy = hex("#1e1b4b");
        let (css, _) = card_tint(white, &[white], &[navy], 0.09, "var(--on)");
        assert_eq!(css, "color-mix(in srgb,var(--on) 9%,transparent)");
    }

    #[test]
    fn heading_subtitles_step_down_with_the_heading() {
        // Heading level -> the heading's type token (see BASE) -> the subtitle's.
        for (level, heading_token, sub) in [
            (1, 5, 2),
            (2, 4, 2),
            (3, 3, 1),
            (4, 2, 1),
            (5, 1, 0),
            (6, 1, 0),
        ] {
            assert_eq!(level_token(level), heading_token, "h{level}");
            let base_rule = if level <= 4 {
                format!("h{level}{{font-size:var(--f{heading_token})}}")
            } else {
                format!("h5,h6{{font-size:var(--f{heading_token})}}")
            };
            assert!(c::BASE.contains(&base_rule), "{base_rule}");
            assert_eq!(subtitle_step(heading_token), sub, "h{level}");
            assert!(sub < heading_token && sub <= 2, "h{level}");
            if sub < 2 {
                let rule_start = c::HEADING
                    .find(&format!("h{level}+.sub"))
                    .unwrap_or_else(|| panic!("no rule for h{level}"));
                let rule = &c::HEADING[rule_start..];
                let decl = &rule[rule.find('{').unwrap()..rule.find('}').unwrap()];
                assert_eq!(decl, format!("{{font-size:var(--f{sub})"), "h{level}");
            } else {
                assert!(!c::HEADING.contains(&format!("h{level}+")), "h{level}");
            }
        }
        assert_eq!(subtitle_step(6), 2);
        assert_eq!(subtitle_step(0), 0);
    }

    #[test]
    fn type_scale_is_fluid_above_body_size() {
        let t = lander_doc::Theme::default().resolve();
        assert_eq!(font_size(&t, 0), rem(f64::from(t.type_scale.base_px)));
        let display = font_size(&t, 5);
        assert!(display.starts_with("clamp("), "{display}");
    }
}

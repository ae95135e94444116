//! Design tokens. A document's theme names a preset and overrides any of its tokens; rendering
//! works on the [`ResolvedTheme`], where every token has a value.

use crate::types::{FontStack, HexColor};
use serde::{Deserialize, Serialize};

/// A theme as stored in a document: a preset reference plus overrides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Name of the preset the theme starts from (see [`PRESETS`]); `lander` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Colour overrides.
    #[serde(default, skip_serializing_if = "Colors::is_empty")]
    pub colors: Colors,
    /// Font overrides.
    #[serde(default, skip_serializing_if = "Fonts::is_empty")]
    pub fonts: Fonts,
    /// Type scale overrides.
    #[serde(default, skip_serializing_if = "TypeScale::is_empty")]
    pub type_scale: TypeScale,
    /// Spacing overrides.
    #[serde(default, skip_serializing_if = "Spacing::is_empty")]
    pub spacing: Spacing,
    /// Corner radius overrides.
    #[serde(default, skip_serializing_if = "Radius::is_empty")]
    pub radius: Radius,
    /// Button style overrides.
    #[serde(default, skip_serializing_if = "Buttons::is_empty")]
    pub buttons: Buttons,
}

macro_rules! overrides {
    ($(#[$m:meta])* $name:ident, $resolved:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fm])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
        }
        impl $name {
            /// True when nothing is overridden.
            pub fn is_empty(&self) -> bool {
                true $(&& self.$field.is_none())*
            }
            fn apply(&self, to: &mut $resolved) {
                $(if let Some(v) = &self.$field { to.$field = v.clone(); })*
            }
        }
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        pub struct $resolved {
            $($(#[$fm])* pub $field: $ty,)*
        }
    };
}

overrides!(
    /// The palette: one brand colour, one accent, neutrals.
    Colors, Palette {
        /// Brand colour: primary buttons, links, highlights.
        brand: HexColor,
        /// Text on the brand colour.
        on_brand: HexColor,
        /// Accent colour, used sparingly.
        accent: HexColor,
        /// Text on the accent colour.
        on_accent: HexColor,
        /// Body text.
        text: HexColor,
        /// Secondary text.
        muted: HexColor,
        /// Page background.
        background: HexColor,
        /// Tinted surfaces (cards, alternate sections).
        surface: HexColor,
        /// Borders and rules.
        border: HexColor,
        /// Dark sections.
        dark: HexColor,
        /// Text on dark sections.
        on_dark: HexColor,
    }
);

overrides!(
    /// Font stacks.
    Fonts, ResolvedFonts {
        /// Headings.
        heading: FontStack,
        /// Body text.
        body: FontStack,
    }
);

overrides!(
    /// Type scale: body size and the ratio between steps.
    TypeScale, ResolvedTypeScale {
        /// Body text size in pixels (14-24).
        base_px: u8,
        /// Ratio between steps (1.05-1.6).
        ratio: f64,
        /// Heading weight (100-900).
        heading_weight: u16,
    }
);

overrides!(
    /// Spacing.
    Spacing, ResolvedSpacing {
        /// The spacing unit in pixels (4-16, 8 by default).
        unit_px: u8,
    }
);

overrides!(
    /// Corner radii in pixels (0-48).
    Radius, ResolvedRadius {
        /// Inputs and small elements.
        small: u8,
        /// Cards.
        medium: u8,
        /// Large panels and images.
        large: u8,
    }
);

overrides!(
    /// Button style.
    Buttons, ResolvedButtons {
        /// Corner radius in pixels (0-48; 999 for a pill).
        radius: u16,
        /// Font weight (100-900).
        weight: u16,
        /// Upper-case labels.
        uppercase: bool,
    }
);

/// A theme with every token set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolvedTheme {
    /// Colours.
    pub colors: Palette,
    /// Fonts.
    pub fonts: ResolvedFonts,
    /// Type scale.
    pub type_scale: ResolvedTypeScale,
    /// Spacing.
    pub spacing: ResolvedSpacing,
    /// Radii.
    pub radius: ResolvedRadius,
    /// Buttons.
    pub buttons: ResolvedButtons,
}

/// System font stack for body text: no web-font requests.
pub const SYSTEM_SANS: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', \
                               Arial, 'Noto Sans', sans-serif";
/// System serif stack.
pub const SYSTEM_SERIF: &str =
    "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif";
/// System monospace stack.
pub const SYSTEM_MONO: &str = "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/// A named preset.
pub struct Preset {
    /// Name used in `theme.preset`.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// brand, on_brand, accent, on_accent, text, muted, background, surface, border, dark, on_dark
    colors: [&'static str; 11],
    heading_font: &'static str,
    body_font: &'static str,
    radius: (u8, u8, u8),
    button_radius: u16,
}

/// Built-in presets. Every pair of text and background colour in each passes WCAG AA (checked by
/// a test).
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "lander",
        name: "Lander indigo",
        colors: [
            "#4338ca", "#ffffff", "#0e7490", "#ffffff", "#111827", "#4b5563", "#ffffff", "#f5f6fb",
            "#e5e7eb", "#111827", "#f9fafb",
        ],
        heading_font: SYSTEM_SANS,
        body_font: SYSTEM_SANS,
        radius: (6, 12, 20),
        button_radius: 8,
    },
    Preset {
        id: "ocean",
        name: "Ocean",
        colors: [
            "#0f766e", "#ffffff", "#1d4ed8", "#ffffff", "#0f172a", "#475569", "#ffffff", "#f0fdfa",
            "#d5e6e4", "#082f49", "#f0f9ff",
        ],
        heading_font: SYSTEM_SANS,
        body_font: SYSTEM_SANS,
        radius: (6, 14, 24),
        button_radius: 999,
    },
    Preset {
        id: "sunset",
        name: "Sunset",
        colors: [
            "#c2410c", "#ffffff", "#be185d", "#ffffff", "#1c1917", "#57534e", "#fffbf7", "#fff1e6",
            "#f1dccb", "#292524", "#fafaf9",
        ],
        heading_font: SYSTEM_SERIF,
        body_font: SYSTEM_SANS,
        radius: (4, 10, 16),
        button_radius: 6,
    },
    Preset {
        id: "forest",
        name: "Forest",
        colors: [
            "#15803d", "#ffffff", "#a16207", "#ffffff", "#14231a", "#4b5a50", "#fcfdfb", "#eff6ee",
            "#d6e3d6", "#14231a", "#f0fdf4",
        ],
        heading_font: SYSTEM_SANS,
        body_font: SYSTEM_SANS,
        radius: (8, 16, 28),
        button_radius: 999,
    },
    Preset {
        id: "midnight",
        name: "Midnight",
        colors: [
            "#a78bfa", "#1e1b4b", "#22d3ee", "#0b1120", "#e5e7eb", "#a5adbb", "#0b1120", "#131b2e",
            "#283350", "#020617", "#e5e7eb",
        ],
        heading_font: SYSTEM_SANS,
        body_font: SYSTEM_SANS,
        radius: (6, 12, 20),
        button_radius: 10,
    },
    Preset {
        id: "mono",
        name: "Monochrome",
        colors: [
            "#111111", "#ffffff", "#525252", "#ffffff", "#111111", "#525252", "#ffffff", "#f5f5f5",
            "#e5e5e5", "#111111", "#fafafa",
        ],
        heading_font: SYSTEM_SERIF,
        body_font: SYSTEM_SANS,
        radius: (0, 0, 0),
        button_radius: 0,
    },
    Preset {
        id: "grape",
        name: "Grape",
        colors: [
            "#7e22ce", "#ffffff", "#db2777", "#ffffff", "#1e1433", "#5b5170", "#ffffff", "#f7f2fd",
            "#e6dcf3", "#1e1433", "#faf5ff",
        ],
        heading_font: SYSTEM_SANS,
        body_font: SYSTEM_SANS,
        radius: (8, 16, 24),
        button_radius: 12,
    },
];

impl Preset {
    /// The preset's fully resolved theme.
    pub fn resolve(&self) -> ResolvedTheme {
        // Preset values are constants checked by the `presets_are_valid_and_accessible` test,
        // so parsing them cannot fail at run time.
        let c = |i: usize| HexColor::parse(self.colors[i]).unwrap_or_else(|e| panic!("{e}"));
        let f = |s: &str| FontStack::parse(s).unwrap_or_else(|e| panic!("{e}"));
        ResolvedTheme {
            colors: Palette {
                brand: c(0),
                on_brand: c(1),
                accent: c(2),
                on_accent: c(3),
                text: c(4),
                muted: c(5),
                background: c(6),
                surface: c(7),
                border: c(8),
                dark: c(9),
                on_dark: c(10),
            },
            fonts: ResolvedFonts {
                heading: f(self.heading_font),
                body: f(self.body_font),
            },
            type_scale: ResolvedTypeScale {
                base_px: 17,
                ratio: 1.25,
                heading_weight: 700,
            },
            spacing: ResolvedSpacing { unit_px: 8 },
            radius: ResolvedRadius {
                small: self.radius.0,
                medium: self.radius.1,
                large: self.radius.2,
            },
            buttons: ResolvedButtons {
                radius: self.button_radius,
                weight: 600,
                uppercase: false,
            },
        }
    }
}

/// Looks a preset up by name.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

impl Theme {
    /// Every token resolved: the preset (or `lander`), then the overrides. An unknown preset
    /// name (refused by validation) falls back to `lander`.
    pub fn resolve(&self) -> ResolvedTheme {
        let base = self
            .preset
            .as_deref()
            .and_then(preset)
            .unwrap_or(&PRESETS[0]);
        let mut t = base.resolve();
        self.colors.apply(&mut t.colors);
        self.fonts.apply(&mut t.fonts);
        self.type_scale.apply(&mut t.type_scale);
        self.spacing.apply(&mut t.spacing);
        self.radius.apply(&mut t.radius);
        self.buttons.apply(&mut t.buttons);
        t
    }

    /// Problems with the theme's values, as (pointer relative to the theme, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(p) = &self.preset
            && preset(p).is_none()
        {
            let names: Vec<_> = PRESETS.iter().map(|p| p.id).collect();
            out.push((
                "/preset".into(),
                format!(
                    "unknown theme preset '{p}'; choose one of: {}",
                    names.join(", ")
                ),
            ));
        }
        let mut range = |ptr: &str, v: Option<f64>, lo: f64, hi: f64| {
            if let Some(v) = v
                && !(lo..=hi).contains(&v)
            {
                out.push((ptr.into(), format!("must be between {lo} and {hi}")));
            }
        };
        range(
            "/type_scale/base_px",
            self.type_scale.base_px.map(f64::from),
            14.0,
            24.0,
        );
        range("/type_scale/ratio", self.type_scale.ratio, 1.05, 1.6);
        range(
            "/type_scale/heading_weight",
            self.type_scale.heading_weight.map(f64::from),
            100.0,
            900.0,
        );
        range(
            "/spacing/unit_px",
            self.spacing.unit_px.map(f64::from),
            4.0,
            16.0,
        );
        range("/radius/small", self.radius.small.map(f64::from), 0.0, 48.0);
        range(
            "/radius/medium",
            self.radius.medium.map(f64::from),
            0.0,
            48.0,
        );
        range("/radius/large", self.radius.large.map(f64::from), 0.0, 48.0);
        range(
            "/buttons/weight",
            self.buttons.weight.map(f64::from),
            100.0,
            900.0,
        );
        if let Some(r) = self.buttons.radius
            && r > 48
            && r != 999
        {
            out.push((
                "/buttons/radius".into(),
                "must be 0-48, or 999 for a pill".into(),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_accessible() {
        for p in PRESETS {
            let t = p.resolve();
            let c = &t.colors;
            for (fg, bg, what) in [
                (&c.text, &c.background, "text on background"),
                (&c.text, &c.surface, "text on surface"),
                (&c.muted, &c.background, "muted on background"),
                (&c.muted, &c.surface, "muted on surface"),
                (&c.on_brand, &c.brand, "on_brand on brand"),
                (
                    &c.on_brand,
                    &c.accent,
                    "on_brand on accent (end of gradients)",
                ),
                (&c.on_accent, &c.accent, "on_accent on accent"),
                (&c.on_dark, &c.dark, "on_dark on dark"),
                (&c.brand, &c.background, "brand (links) on background"),
                (&c.brand, &c.surface, "brand (links) on surface"),
            ] {
                let ratio = fg.contrast(bg);
                assert!(ratio >= 4.5, "{}: {what} contrast {ratio:.2} < 4.5", p.id);
            }
        }
    }

    #[test]
    fn overrides_apply_on_top_of_preset() {
        let theme: Theme = serde_json::from_str(
            r##"{"preset":"ocean","colors":{"brand":"#ff0000"},"radius":{"large":2}}"##,
        )
        .unwrap();
        let r = theme.resolve();
        assert_eq!(r.colors.brand.as_str(), "#ff0000");
        assert_eq!(r.colors.accent.as_str(), "#1d4ed8");
        assert_eq!(r.radius.large, 2);
        assert!(theme.problems().is_empty());
    }

    #[test]
    fn bad_theme_values_are_reported() {
        let theme: Theme =
            serde_json::from_str(r#"{"preset":"nope","type_scale":{"ratio":3.0}}"#).unwrap();
        let p = theme.problems();
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "/preset");
        assert_eq!(p[1].0, "/type_scale/ratio");
    }
}

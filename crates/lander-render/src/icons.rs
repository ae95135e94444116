//! Inline SVG icons: one simple 24x24 stroke drawing per [`Icon`], plus the video play mark.
//! Decorative: hidden from assistive technology and never focusable. Stroke and size come
//! from the `.ic` rule in the stylesheet, so each icon is just its geometry.

use lander_doc::Icon;

/// The inner SVG markup of an icon.
fn shape(icon: Icon) -> &'static str {
    match icon {
        Icon::Bolt => r#"<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>"#,
        Icon::Shield => {
            r#"<path d="M12 3 5 6v5.5c0 4.4 3 7.6 7 9.5 4-1.9 7-5.1 7-9.5V6z"/><path d="m9 12 2 2 4-4"/>"#
        }
        Icon::Chart => r#"<path d="M4 4v16h16M8 16v-4M12 16V8M16 16v-6"/>"#,
        Icon::Clock => r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>"#,
        Icon::Check => r#"<path d="m5 12.5 4.5 4.5L19 7.5"/>"#,
        Icon::Star => {
            r#"<path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z"/>"#
        }
        Icon::Users => {
            r#"<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.4c1.8.8 3 2.8 3 5.6"/>"#
        }
        Icon::Lock => {
            r#"<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7.5a4 4 0 0 1 8 0V11"/>"#
        }
        Icon::Globe => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.4 2.6 3.6 5.6 3.6 9s-1.2 6.4-3.6 9c-2.4-2.6-3.6-5.6-3.6-9S9.6 5.6 12 3z"/>"#
        }
        Icon::Sparkles => {
            r#"<path d="m11 3 1.9 5.1L18 10l-5.1 1.9L11 17l-1.9-5.1L4 10l5.1-1.9zM18.5 15l.9 2.1 2.1.9-2.1.9-.9 2.1-.9-2.1-2.1-.9 2.1-.9z"/>"#
        }
        Icon::Heart => {
            r#"<path d="M12 20s-7.5-4.6-9-9.4C2 7.4 4.2 4.5 7.3 4.5c2 0 3.6 1.1 4.7 2.8 1.1-1.7 2.7-2.8 4.7-2.8 3.1 0 5.3 2.9 4.3 6.1C19.5 15.4 12 20 12 20z"/>"#
        }
        Icon::Mail => {
            r#"<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3.5 6.5 8.5 6.5 8.5-6.5"/>"#
        }
        Icon::Calendar => {
            r#"<rect x="3.5" y="5" width="17" height="16" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/>"#
        }
        Icon::Book => {
            r#"<path d="M3 5.5C6 4.3 9 4.5 12 6.5c3-2 6-2.2 9-1v13.5c-3-1.2-6-1-9 1-3-2-6-2.2-9-1zM12 6.5V20"/>"#
        }
        Icon::Phone => {
            r#"<rect x="6.5" y="2.5" width="11" height="19" rx="2.5"/><path d="M11 18h2"/>"#
        }
        Icon::Code => r#"<path d="m8 7-5 5 5 5M16 7l5 5-5 5M14 4l-4 16"/>"#,
        Icon::Gift => {
            r#"<rect x="3.5" y="8" width="17" height="4.5" rx="1"/><path d="M5 12.5V21h14v-8.5M12 8v13M12 8C10.5 4.5 6.5 3.5 6.5 6S10 8 12 8zm0 0c1.5-3.5 5.5-4.5 5.5-2S14 8 12 8z"/>"#
        }
        Icon::Target => {
            r#"<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="5"/><circle cx="12" cy="12" r="1"/>"#
        }
    }
}

/// Writes `icon` as an inline, decorative SVG.
pub(crate) fn write(out: &mut String, icon: Icon) {
    out.push_str(r#"<svg class="ic" viewBox="0 0 24 24" aria-hidden="true" focusable="false">"#);
    out.push_str(shape(icon));
    out.push_str("</svg>");
}

/// The play mark of the video facade (a filled triangle).
pub(crate) const PLAY: &str = r#"<svg class="play-ic" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5.5v13l10.5-6.5z"/></svg>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_well_formed() {
        let all = [
            Icon::Bolt,
            Icon::Shield,
            Icon::Chart,
            Icon::Clock,
            Icon::Check,
            Icon::Star,
            Icon::Users,
            Icon::Lock,
            Icon::Globe,
            Icon::Sparkles,
            Icon::Heart,
            Icon::Mail,
            Icon::Calendar,
            Icon::Book,
            Icon::Phone,
            Icon::Code,
            Icon::Gift,
            Icon::Target,
        ];
        let mut seen = std::collections::BTreeSet::new();
        for icon in all {
            let mut s = String::new();
            write(&mut s, icon);
            assert!(s.contains("aria-hidden=\"true\"") && s.contains("focusable=\"false\""));
            assert_eq!(s.matches('<').count(), s.matches('>').count(), "{icon:?}");
            assert!(
                seen.insert(shape(icon)),
                "{icon:?} reuses another icon's drawing"
            );
        }
    }
}

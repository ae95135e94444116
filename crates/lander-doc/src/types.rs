//! Validated newtypes ("parse, don't validate"): once a value has one of these types, code deeper
//! in never re-checks it. Each parses from a JSON string and serialises back to the same string.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_newtype {
    ($(#[$m:meta])* $name:ident, $parse:path) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses and validates `s`.
            pub fn parse(s: impl Into<String>) -> Result<Self, String> {
                let s = s.into();
                $parse(&s)?;
                Ok(Self(s))
            }
            /// The validated string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                Self::parse(s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// Path segments that the public edge reserves for itself; no page may use them as its slug.
pub const RESERVED_SLUGS: &[&str] = &[
    "api", "app", "healthz", "readyz", "metrics", "assets", "f", "e",
];

/// Maximum length of a slug in bytes.
pub const MAX_SLUG_LEN: usize = 100;

fn check_slug(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("a slug cannot be empty".into());
    }
    if s.len() > MAX_SLUG_LEN {
        return Err(format!("a slug is at most {MAX_SLUG_LEN} characters"));
    }
    if s.starts_with('_') {
        return Err("slugs starting with '_' are reserved".into());
    }
    if RESERVED_SLUGS.contains(&s) {
        return Err(format!("'{s}' is reserved by Lander; choose another slug"));
    }
    let ok_chars = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Err(
            "a slug uses lowercase letters a-z, digits and single hyphens, \
             and starts and ends with a letter or digit (e.g. 'spring-sale')"
                .into(),
        );
    }
    Ok(())
}

string_newtype!(
    /// The URL path of a published page: `/{slug}`. Lowercase ASCII letters, digits and single
    /// hyphens; never one of [`RESERVED_SLUGS`] nor starting with `_`.
    Slug,
    check_slug
);

impl Slug {
    /// Derives a valid slug from free text ("Spring Sale 2026!" -> "spring-sale-2026"), falling
    /// back to `page` when nothing usable remains or the result is reserved.
    pub fn from_title(title: &str) -> Slug {
        let mut out = String::new();
        for c in title.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            if out.len() >= 60 {
                break;
            }
        }
        let trimmed = out.trim_matches('-').to_string();
        Slug::parse(trimmed).unwrap_or_else(|_| Slug("page".into()))
    }
}

fn check_id(s: &str) -> Result<(), String> {
    let mut bytes = s.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !first_ok || !rest_ok || s.len() > 64 {
        return Err(
            "an id starts with a lowercase letter and uses a-z, 0-9, '-' and '_' \
                    (at most 64 characters)"
                .into(),
        );
    }
    Ok(())
}

string_newtype!(
    /// Identifier of a section or block, unique within a document. Also used as the HTML `id`
    /// (so `#pricing` links work) and, for form blocks, as the form id in `/f/{page}/{form}`.
    BlockId,
    check_id
);

fn check_field_name(s: &str) -> Result<(), String> {
    let mut bytes = s.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !first_ok || !rest_ok || s.len() > 64 {
        return Err(
            "a field name starts with a lowercase letter and uses a-z, 0-9 and '_' \
                    (at most 64 characters)"
                .into(),
        );
    }
    Ok(())
}

string_newtype!(
    /// Name of a form field, as posted (`email`, `company_size`).
    FieldName,
    check_field_name
);

fn check_hex_color(s: &str) -> Result<(), String> {
    let hex = s.strip_prefix('#').unwrap_or("");
    if (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!(
            "'{s}' is not a colour: use #rgb or #rrggbb (e.g. #4f46e5)"
        ))
    }
}

string_newtype!(
    /// A CSS colour in `#rgb` or `#rrggbb` form.
    HexColor,
    check_hex_color
);

impl HexColor {
    /// Red, green and blue components, 0-255.
    pub fn rgb(&self) -> (u8, u8, u8) {
        let hex = &self.0[1..];
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).unwrap_or(0);
        if hex.len() == 3 {
            (digit(0) * 17, digit(1) * 17, digit(2) * 17)
        } else {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            (byte(0), byte(2), byte(4))
        }
    }

    /// WCAG 2 relative luminance (0 = black, 1 = white).
    pub fn luminance(&self) -> f64 {
        let (r, g, b) = self.rgb();
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG 2 contrast ratio between two colours (1 to 21).
    pub fn contrast(&self, other: &HexColor) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

fn check_font_stack(s: &str) -> Result<(), String> {
    let ok = !s.trim().is_empty()
        && s.len() <= 300
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ,-'\"".contains(c));
    if ok {
        Ok(())
    } else {
        Err(
            "a font stack is a comma-separated list of font names using letters, digits, \
             spaces, hyphens and quotes (e.g. \"Georgia, 'Times New Roman', serif\")"
                .into(),
        )
    }
}

string_newtype!(
    /// A CSS `font-family` list, restricted to characters that cannot break out of CSS.
    FontStack,
    check_font_stack
);

fn check_language(s: &str) -> Result<(), String> {
    let mut parts = s.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok && s.len() <= 35 {
        Ok(())
    } else {
        Err(format!(
            "'{s}' is not a language tag (e.g. 'en', 'en-GB', 'pt-BR')"
        ))
    }
}

string_newtype!(
    /// A BCP 47 language tag such as `en` or `pt-BR`.
    Language,
    check_language
);

impl Default for Language {
    fn default() -> Self {
        Language("en".into())
    }
}

/// Schemes a link may use. Everything else (notably `javascript:` and `data:`) is refused.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

fn check_link(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("a link cannot be empty".into());
    }
    if s.len() > 2048 {
        return Err("a link is at most 2048 characters".into());
    }
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("a link cannot contain spaces or control characters".into());
    }
    if s.starts_with('#') || (s.starts_with('/') && !s.starts_with("//")) || s.starts_with('?') {
        return Ok(());
    }
    match url::Url::parse(s) {
        Ok(u) if LINK_SCHEMES.contains(&u.scheme()) => {
            if matches!(u.scheme(), "http" | "https") && u.host_str().is_none_or(str::is_empty) {
                return Err(format!("'{s}' has no host"));
            }
            Ok(())
        }
        Ok(u) => Err(format!(
            "links may use http, https, mailto or tel, not '{}:'",
            u.scheme()
        )),
        Err(_) => Err(format!(
            "'{s}' is not a link: use a full URL (https://example.com/...), \
             a path on this site (/pricing) or an anchor (#signup)"
        )),
    }
}

string_newtype!(
    /// Target of a link or button: an absolute `http(s)`, `mailto:` or `tel:` URL, a path on this
    /// site (`/pricing`) or an in-page anchor (`#signup`).
    Href,
    check_link
);

fn check_image_src(s: &str) -> Result<(), String> {
    if s.len() > 2048 || s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("an image address is at most 2048 characters without spaces".into());
    }
    if s.starts_with('/') && !s.starts_with("//") {
        return Ok(());
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(format!(
            "'{s}' is not an image address: use https://... or a path on this site (/assets/...)"
        )),
    }
}

string_newtype!(
    /// Address of an image: an `http(s)` URL or a path on this site (`/assets/...`).
    ImageSrc,
    check_image_src
);

fn check_absolute_url(s: &str) -> Result<(), String> {
    match url::Url::parse(s) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && s.len() <= 2048
                && !s.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "'{s}' is not an absolute http(s) URL (e.g. https://example.com/page)"
        )),
    }
}

string_newtype!(
    /// An absolute `http(s)` URL (canonical URLs).
    AbsoluteUrl,
    check_absolute_url
);

/// Video host understood by the video block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoProvider {
    /// YouTube, embedded from the privacy-enhanced `youtube-nocookie.com` host.
    YouTube,
    /// Vimeo, embedded with `dnt=1`.
    Vimeo,
}

fn parse_video(s: &str) -> Result<(VideoProvider, String), String> {
    let err = || {
        format!(
            "'{s}' is not a YouTube or Vimeo video address \
             (e.g. https://www.youtube.com/watch?v=dQw4w9WgXcQ or https://vimeo.com/76979871)"
        )
    };
    let u = url::Url::parse(s).map_err(|_| err())?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(err());
    }
    let host = u
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let valid_id = |id: &str, digits_only: bool| {
        !id.is_empty()
            && id.len() <= 32
            && id.bytes().all(|b| {
                if digits_only {
                    b.is_ascii_digit()
                } else {
                    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
                }
            })
    };
    let mut segments = u
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty());
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let first = segments.next().unwrap_or("");
            let id = match first {
                "watch" => u
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default(),
                "embed" | "shorts" | "live" => segments.next().unwrap_or("").to_string(),
                _ => String::new(),
            };
            (VideoProvider::YouTube, id)
        }
        "youtu.be" => (
            VideoProvider::YouTube,
            segments.next().unwrap_or("").to_string(),
        ),
        "vimeo.com" | "player.vimeo.com" => {
            let id = segments
                .find(|p| p.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or("");
            (VideoProvider::Vimeo, id.to_string())
        }
        _ => return Err(err()),
    };
    if valid_id(&id, provider == VideoProvider::Vimeo) {
        Ok((provider, id))
    } else {
        Err(err())
    }
}

fn check_video(s: &str) -> Result<(), String> {
    parse_video(s).map(|_| ())
}

string_newtype!(
    /// Address of a YouTube or Vimeo video.
    VideoUrl,
    check_video
);

impl VideoUrl {
    /// The provider and the video's id on it.
    pub fn provider_and_id(&self) -> (VideoProvider, String) {
        // The value was validated by `parse_video` on construction, so this cannot fail; the
        // fallback only keeps the function total.
        parse_video(&self.0).unwrap_or((VideoProvider::YouTube, String::new()))
    }
}

fn check_datetime(s: &str) -> Result<(), String> {
    // RFC 3339: YYYY-MM-DDTHH:MM:SS(.fff)?(Z|+HH:MM|-HH:MM)
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok()).unwrap_or(99);
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let ranges = shape
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 61;
    let mut rest = s.get(19..).unwrap_or("");
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
        if n == 0 {
            rest = "!";
        }
    }
    let zone = rest == "Z"
        || rest == "z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3].bytes().all(|d| d.is_ascii_digit())
            && rest[4..6].bytes().all(|d| d.is_ascii_digit()));
    if ranges && zone {
        Ok(())
    } else {
        Err(format!(
            "'{s}' is not a date and time: use RFC 3339, e.g. 2026-12-31T18:00:00Z"
        ))
    }
}

string_newtype!(
    /// A date and time in RFC 3339 form with a zone (`2026-12-31T18:00:00Z`).
    DateTime,
    check_datetime
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("spring-sale-2026").is_ok());
        for bad in [
            "", "API", "api", "_x", "a b", "../etc", "a--b", "-a", "a-", "é", "a/b", "%2e",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            Slug::from_title("Spring Sale 2026!").as_str(),
            "spring-sale-2026"
        );
        assert_eq!(Slug::from_title("!!!").as_str(), "page");
        assert_eq!(Slug::from_title("API").as_str(), "page");
    }

    #[test]
    fn links() {
        for good in [
            "https://example.com/x?y=1#z",
            "/pricing",
            "#signup",
            "mailto:a@b.c",
            "tel:+4412",
        ] {
            assert!(Href::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "//evil.com",
            "vbscript:x",
            "https://",
            "",
            "java\tscript:x",
        ] {
            assert!(Href::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn videos() {
        let v = VideoUrl::parse("https://www.youtube.com/watch?v=dQw4w9WgXcQ").unwrap();
        assert_eq!(
            v.provider_and_id(),
            (VideoProvider::YouTube, "dQw4w9WgXcQ".into())
        );
        let v = VideoUrl::parse("https://youtu.be/dQw4w9WgXcQ").unwrap();
        assert_eq!(v.provider_and_id().1, "dQw4w9WgXcQ");
        let v = VideoUrl::parse("https://vimeo.com/76979871").unwrap();
        assert_eq!(
            v.provider_and_id(),
            (VideoProvider::Vimeo, "76979871".into())
        );
        assert!(VideoUrl::parse("https://evil.com/watch?v=x").is_err());
        assert!(VideoUrl::parse("https://www.youtube.com/watch?v=<script>").is_err());
    }

    #[test]
    fn colours_and_contrast() {
        let black = HexColor::parse("#000").unwrap();
        let white = HexColor::parse("#ffffff").unwrap();
        assert!((black.contrast(&white) - 21.0).abs() < 1e-9);
        assert!(HexColor::parse("red").is_err());
        assert!(HexColor::parse("#12345g").is_err());
    }

    #[test]
    fn datetimes() {
        assert!(DateTime::parse("2026-12-31T18:00:00Z").is_ok());
        assert!(DateTime::parse("2026-12-31T18:00:00.123+01:00").is_ok());
        assert!(DateTime::parse("2026-13-31T18:00:00Z").is_err());
        assert!(DateTime::parse("tomorrow").is_err());
    }

    proptest! {
        #[test]
        fn slug_from_any_title_is_valid(title in ".{0,200}") {
            let slug = Slug::from_title(&title);
            prop_assert!(Slug::parse(slug.as_str()).is_ok());
        }

        #[test]
        fn accepted_slugs_are_url_safe(s in "[ -~]{0,40}") {
            if let Ok(slug) = Slug::parse(s) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!slug.as_str().contains(".."));
            }
        }

        #[test]
        fn accepted_font_stacks_cannot_escape_css(s in "\\PC{0,60}") {
            if let Ok(f) = FontStack::parse(s) {
                let bad = [';', '{', '}', '<', '>', '\\', '/'];
                prop_assert!(!f.as_str().contains(bad), "{:?}", f);
            }
        }

        #[test]
        fn accepted_links_never_run_script(s in "\\PC{0,60}") {
            if let Ok(h) = Href::parse(s) {
                let lower = h.as_str().to_ascii_lowercase();
                prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"));
            }
        }
    }
}

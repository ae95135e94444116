//! Sanitising custom HTML with `ammonia`: no scripts, event handlers, styles, frames or forms;
//! links only to http, https, mailto and tel, with `rel="noopener noreferrer"`.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The one sanitiser, built on first use (building it allocates its tag and attribute sets).
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // ammonia's defaults already drop script, style, iframe, form, input, object and every
    // event handler or style attribute. We also drop `h1` (the page keeps exactly one) and
    // landmark-like elements, keeping their content as text.
    b.rm_tags(["h1", "header", "footer", "nav"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .set_tag_attribute_value("img", "loading", "lazy")
        .set_tag_attribute_value("img", "decoding", "async");
    b
});

/// Appends the sanitised form of `html`.
pub(crate) fn custom_html(out: &mut String, html: &str) {
    out.push_str(&CLEANER.clean(html).to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        let mut out = String::new();
        custom_html(&mut out, s);
        out
    }

    #[test]
    fn removes_everything_executable() {
        let out = clean(
            "<p onclick=\"x()\" style=\"color:red\">Hi <a href=\"javascript:alert(1)\">x</a>\
             <a href=\"https://example.com\">ok</a></p><script>alert(1)</script>\
             <img src=x onerror=alert(1)><iframe src=\"https://evil.test\"></iframe>\
             <form action=\"/steal\"><input name=a></form><h1>Big</h1><style>p{}</style>",
        );
        let lower = out.to_ascii_lowercase();
        for bad in [
            "onclick",
            "onerror",
            "style",
            "javascript:",
            "<script",
            "<iframe",
            "<form",
            "<input",
            "<h1",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {out}");
        }
        assert!(
            out.contains("href=\"https://example.com\" rel=\"noopener noreferrer\""),
            "{out}"
        );
        assert!(out.contains("Big"), "{out}");
        assert!(clean("<img src=\"/a.png\" alt=\"A\">").contains("loading=\"lazy\""));
    }
}

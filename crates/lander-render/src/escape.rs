//! HTML escaping of user strings: text content and attribute values. Every user string reaches
//! the output through one of these functions.

/// Appends `s` as HTML text content: `&`, `<` and `>` are escaped, NUL becomes U+FFFD.
pub(crate) fn text(out: &mut String, s: &str) {
    escape(out, s, false);
}

/// Appends `s` as a double-quoted attribute value: `&`, `<`, `>`, `"` and `'` are escaped.
pub(crate) fn attr(out: &mut String, s: &str) {
    escape(out, s, true);
}

/// Appends ` name="value"` with the value escaped.
pub(crate) fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    attr(out, value);
    out.push('"');
}

fn escape(out: &mut String, s: &str, quotes: bool) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            0 => "\u{FFFD}",
            _ => continue,
        };
        // Every byte matched above is ASCII, so `i` is on a character boundary.
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Percent-encodes a URL path segment (everything but `A-Za-z0-9-_.~`), for ids that come from
/// outside the document (the page id in a form's action).
pub(crate) fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() || out == "." || out == ".." {
        return "preview".into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut t = String::new();
        text(&mut t, "a<b>&\"'\0é");
        assert_eq!(t, "a&lt;b&gt;&amp;\"'\u{FFFD}é");
        let mut a = String::new();
        attr(&mut a, "\"><img src=x onerror='1'>");
        assert_eq!(a, "&quot;&gt;&lt;img src=x onerror=&#39;1&#39;&gt;");
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("pg_01-a"), "pg_01-a");
        assert_eq!(path_segment("a/../b\"<"), "a%2F..%2Fb%22%3C");
        assert_eq!(path_segment(".."), "preview");
    }
}

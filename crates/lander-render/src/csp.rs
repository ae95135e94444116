//! The page's Content-Security-Policy: nothing is allowed by default; the one inline style and
//! the renderer's own inline scripts are allowed by their SHA-256 hashes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// `'sha256-<base64>'` of the exact text of an inline element.
pub(crate) fn hash_source(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("'sha256-{}'", STANDARD.encode(digest))
}

/// Builds the policy for a page with this style text and these inline scripts.
pub(crate) fn policy(style: &str, scripts: &[&str], frames: bool) -> String {
    let mut csp = String::with_capacity(320);
    csp.push_str("default-src 'none'; img-src 'self' https: data:; style-src ");
    csp.push_str(&hash_source(style));
    if !scripts.is_empty() {
        csp.push_str("; script-src");
        for s in scripts {
            csp.push(' ');
            csp.push_str(&hash_source(s));
        }
    }
    csp.push_str("; form-action 'self'; base-uri 'none'; frame-ancestors 'self'");
    if frames {
        csp.push_str("; frame-src https://www.youtube-nocookie.com https://player.vimeo.com");
    }
    csp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hash() {
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn script_src_only_with_scripts() {
        let p = policy("a{}", &[], false);
        assert!(!p.contains("script-src") && !p.contains("frame-src"));
        let p = policy("a{}", &["x()"], true);
        assert!(p.contains(&format!("script-src {}", hash_source("x()"))));
        assert!(p.contains("frame-src https://www.youtube-nocookie.com https://player.vimeo.com"));
    }
}

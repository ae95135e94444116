//! Uploaded images as pages refer to them: content-addressed URLs `/assets/<key>`, where a key is
//! `<16 lowercase hex of the SHA-256>-<width>.<ext>`, and the widths stored for each image. The
//! server writes these variants; the renderer turns a reference to one into `srcset`.

/// Widths, in pixels, of the variants stored for an image that is wider than them; the image's
/// own width is always stored too.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1600];

/// Path prefix of uploaded images.
pub const URL_PREFIX: &str = "/assets/";

/// One stored variant, named by its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssetKey<'a> {
    /// First 16 hex digits of the original's SHA-256.
    pub hash: &'a str,
    /// Width of this variant.
    pub width: u32,
    /// `png`, `jpg`, `gif` or `webp`.
    pub ext: &'a str,
}

impl AssetKey<'_> {
    /// The URL of the same image at another width and format.
    pub fn url(&self, width: u32, ext: &str) -> String {
        format!("{URL_PREFIX}{}-{width}.{ext}", self.hash)
    }
}

/// Parses a variant key (`0123456789abcdef-960.webp`); `None` for anything else.
pub fn parse_key(key: &str) -> Option<AssetKey<'_>> {
    let (stem, ext) = key.rsplit_once('.')?;
    if !matches!(ext, "png" | "jpg" | "gif" | "webp") {
        return None;
    }
    let (hash, width) = stem.split_once('-')?;
    let hex = hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let digits = !width.is_empty()
        && width.len() <= 6
        && width.bytes().all(|b| b.is_ascii_digit())
        && !width.starts_with('0');
    if !(hex && digits) {
        return None;
    }
    Some(AssetKey {
        hash,
        width: width.parse().ok()?,
        ext,
    })
}

/// Parses an image address that points at an uploaded image (`/assets/<key>`).
pub fn parse_src(src: &str) -> Option<AssetKey<'_>> {
    parse_key(src.strip_prefix(URL_PREFIX)?)
}

/// The widths stored for an image `original` pixels wide, narrowest first.
pub fn variant_widths(original: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = VARIANT_WIDTHS
        .into_iter()
        .filter(|&w| w < original)
        .collect();
    widths.push(original);
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_widths() {
        let k = parse_src("/assets/0123456789abcdef-1200.jpg").unwrap();
        assert_eq!((k.hash, k.width, k.ext), ("0123456789abcdef", 1200, "jpg"));
        assert_eq!(k.url(480, "webp"), "/assets/0123456789abcdef-480.webp");
        for bad in [
            "/assets/0123456789abcdef-480.svg",
            "/assets/0123456789ABCDEF-480.png",
            "/assets/0123456789abcde-480.png",
            "/assets/0123456789abcdef-0480.png",
            "/assets/0123456789abcdef-480",
            "/img/0123456789abcdef-480.png",
            "https://cdn.example/0123456789abcdef-480.png",
        ] {
            assert_eq!(parse_src(bad), None, "{bad}");
        }
        assert_eq!(variant_widths(1200), vec![480, 960, 1200]);
        assert_eq!(variant_widths(300), vec![300]);
        assert_eq!(variant_widths(2400), vec![480, 960, 1600, 2400]);
    }
}

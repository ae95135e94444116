//! Turning uploaded bytes into responsive variants: the type is sniffed from the bytes (never
//! the file name), the image decoded under size limits, and every variant re-encoded from the
//! decoded pixels. CPU-bound: call [`process`] from `tokio::task::spawn_blocking`.
//!
//! Re-encoding is also what strips metadata: the encoders write pixels only, so EXIF (with any
//! GPS location, camera serial numbers, ...), XMP and comments of the upload never reach a
//! published page. ICC colour profiles go too, which can shift colours of wide-gamut photos;
//! browsers treat untagged images as sRGB.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// Largest accepted image, in pixels (width x height). A small compressed file can declare a
/// huge canvas (a decompression bomb); the size is checked from the header before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;

/// JPEG quality of the re-encoded variants.
const JPEG_QUALITY: u8 = 85;

/// A format accepted for upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (only the first frame is kept: animations become still images).
    Gif,
    /// WebP.
    Webp,
}

impl Format {
    /// Name stored with a variant (`png`, `jpeg`, `gif`, `webp`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    /// File extension of a variant's key.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            other => other.name(),
        }
    }

    /// Media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }

    /// The format of a key's extension.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "png" => Some(Format::Png),
            "jpg" => Some(Format::Jpeg),
            "gif" => Some(Format::Gif),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Gif => ImageFormat::Gif,
            Format::Webp => ImageFormat::WebP,
        }
    }
}

/// Why an upload cannot be turned into an asset.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// Not one of the accepted formats; names what the bytes look like.
    #[error("{0}")]
    Unsupported(String),
    /// An accepted format that does not decode, or an image over the size limits.
    #[error("{0}")]
    Undecodable(String),
    /// Encoding a variant failed (a bug, or an encoder limit).
    #[error("could not encode a variant: {0}")]
    Encode(#[source] image::ImageError),
}

/// One encoded variant.
#[derive(Debug)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Encoding.
    pub format: Format,
    /// Object-store key: `<first 16 hex of the upload's SHA-256>-<width>.<ext>`.
    pub key: String,
    /// The encoded bytes.
    pub bytes: Vec<u8>,
}

/// An upload turned into variants.
#[derive(Debug)]
pub struct Processed {
    /// SHA-256 of the uploaded bytes, lowercase hex.
    pub sha256: String,
    /// The uploaded format.
    pub format: Format,
    /// Width of the original (after applying its EXIF orientation).
    pub width: u32,
    /// Height of the original.
    pub height: u32,
    /// Variants, narrowest first.
    pub variants: Vec<Variant>,
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Which accepted format the bytes are, by their content.
///
/// SVG is refused: an SVG is an XML document that can carry `<script>` and event handlers, and
/// served from our origin it would run them (stored cross-site scripting). Sanitising SVG
/// safely is a project of its own; rasterise it before uploading.
pub fn sniff(bytes: &[u8]) -> Result<Format, ProcessError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => return Ok(Format::Png),
        Ok(ImageFormat::Jpeg) => return Ok(Format::Jpeg),
        Ok(ImageFormat::Gif) => return Ok(Format::Gif),
        Ok(ImageFormat::WebP) => return Ok(Format::Webp),
        Ok(other) => {
            return Err(ProcessError::Unsupported(format!(
                "the file is {} ({}); upload PNG, JPEG, GIF or WebP",
                other.to_mime_type(),
                other.extensions_str().first().copied().unwrap_or("?")
            )));
        }
        Err(_) => {}
    }
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let detected = if text.contains("<svg") {
        "an SVG image (refused: SVG can carry scripts)"
    } else if head.starts_with(b"%PDF") {
        "a PDF document"
    } else if text.trim_start().starts_with("<!doctype html") || text.contains("<html") {
        "an HTML document"
    } else if std::str::from_utf8(head).is_ok() || head.is_empty() {
        "text, not an image"
    } else {
        "not a recognised image"
    };
    Err(ProcessError::Unsupported(format!(
        "the file is {detected}; upload PNG, JPEG, GIF or WebP"
    )))
}

/// Decodes the upload and encodes its variants: at each of
/// [`lander_doc::assets::VARIANT_WIDTHS`] narrower than the original and at the original width,
/// in the original format and in WebP (once when the original is WebP).
///
/// The `image` crate's WebP encoder is lossless only (no C libraries here), so a WebP variant
/// of a photo can be larger than its JPEG: the renderer offers WebP only for PNG and GIF
/// originals, where lossless WebP is smaller. A lossy encoder (libwebp) would let JPEGs
/// benefit too.
pub fn process(bytes: &[u8]) -> Result<Processed, ProcessError> {
    let format = sniff(bytes)?;
    let undecodable =
        |e: image::ImageError| ProcessError::Undecodable(format!("the image cannot be read: {e}"));

    // Dimensions from the header first, so a bomb is refused before any pixel is allocated.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(limits());
    let (w, h) = reader.into_dimensions().map_err(undecodable)?;
    if w == 0 || h == 0 {
        return Err(ProcessError::Undecodable("the image is empty".into()));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ProcessError::Undecodable(format!(
            "the image is {w} x {h} pixels; at most {} megapixels are accepted",
            MAX_PIXELS / 1_000_000
        )));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let orientation = decoder.orientation().map_err(undecodable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    // The EXIF orientation is dropped with the rest of the metadata, so apply it to the pixels.
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());

    let sha256 = sha256_hex(bytes);
    let stem = &sha256[..16];
    // Never enlarged; the renderer derives the same list for `srcset`.
    let widths = lander_doc::assets::variant_widths(width);
    let mut formats = vec![format];
    if format != Format::Webp {
        formats.push(Format::Webp);
    }
    let mut variants = Vec::new();
    for w in widths {
        let scaled = if w == width {
            img.clone()
        } else {
            // Height rounded, at least one pixel.
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .max(1);
            let h = u32::try_from(h).unwrap_or(u32::MAX);
            img.resize_exact(w, h, FilterType::CatmullRom)
        };
        for &f in &formats {
            variants.push(Variant {
                width: scaled.width(),
                height: scaled.height(),
                format: f,
                key: format!("{stem}-{w}.{}", f.extension()),
                bytes: encode(&scaled, f).map_err(ProcessError::Encode)?,
            });
        }
    }
    Ok(Processed {
        sha256,
        format,
        width,
        height,
        variants,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(40_000);
    limits.max_image_height = Some(40_000);
    // 40 megapixels of 16-bit RGBA, with room for a decoder's working buffers.
    limits.max_alloc = Some(MAX_PIXELS * 8 + 64 * 1024 * 1024);
    limits
}

fn encode(img: &DynamicImage, format: Format) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Cursor::new(Vec::new());
    match format {
        Format::Jpeg => {
            // JPEG has no alpha channel.
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))?;
        }
        Format::Webp => {
            // The WebP encoder takes 8-bit RGB(A) only.
            let px = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            px.write_with_encoder(WebPEncoder::new_lossless(&mut out))?;
        }
        Format::Gif => {
            DynamicImage::ImageRgba8(img.to_rgba8()).write_to(&mut out, ImageFormat::Gif)?;
        }
        Format::Png => img.write_to(&mut out, ImageFormat::Png)?,
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap_or_default();
        out.into_inner()
    }

    #[test]
    fn sniffing_looks_at_the_bytes() {
        assert_eq!(sniff(&png(2, 2)).ok(), Some(Format::Png));
        let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
        let e = sniff(svg).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("SVG"), "{e}");
        let e = sniff(b"hello")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("text"), "{e}");
    }

    #[test]
    fn variants_are_never_wider_than_the_original() {
        let p = process(&png(1000, 500)).ok();
        let p = p.as_ref();
        let sizes: Vec<_> = p
            .map(|p| {
                p.variants
                    .iter()
                    .map(|v| (v.width, v.height, v.format.name()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            sizes,
            [
                (480, 240, "png"),
                (480, 240, "webp"),
                (960, 480, "png"),
                (960, 480, "webp"),
                (1000, 500, "png"),
                (1000, 500, "webp"),
            ]
        );
    }

    #[test]
    fn bombs_are_refused_from_the_header() {
        // A PNG header declaring 50 000 x 50 000 pixels.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let e = process(&bytes).err();
        assert!(matches!(e, Some(ProcessError::Undecodable(_))), "{e:?}");
    }
}

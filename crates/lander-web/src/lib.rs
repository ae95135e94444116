//! Lander's browser app (`web/`, served under `/app/`), compiled into the binary: the build
//! script builds it with npm and embeds every file with its content type, a strong ETag and
//! precompressed bodies, so the server answers from static memory without touching the disk.
//!
//! Pure data: no I/O, no runtime; the HTTP handling lives in `lander-server`.

/// One file of the built app.
#[derive(Debug)]
pub struct Asset {
    /// Path relative to `/app/`, e.g. `index.html` or `assets/index-B2x_Qa1z.js`.
    pub path: &'static str,
    /// The file as built.
    pub body: &'static [u8],
    /// Brotli (quality 11) body, for text files where it is smaller.
    pub brotli: Option<&'static [u8]>,
    /// Gzip (level 9) body, for text files where it is smaller.
    pub gzip: Option<&'static [u8]>,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Strong ETag, quoted (the first 16 bytes of the body's SHA-256, in hex).
    pub etag: &'static str,
    /// True for `assets/` files whose name carries a content hash: they never change, so
    /// clients may cache them for good.
    pub immutable: bool,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The file at `path` (relative to `/app/`, no leading slash), if the app has one.
pub fn get(path: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|a| a.path.cmp(path))
        .ok()
        .and_then(|i| ASSETS.get(i))
}

/// `index.html`: the page every client route of the app loads.
pub fn index() -> &'static Asset {
    // The build script fails when the build has no index.html and writes its position.
    &ASSETS[INDEX]
}

/// Every file of the app, sorted by path.
pub fn all() -> &'static [Asset] {
    ASSETS
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn index_loads_a_script_from_app_assets() {
        let index = index();
        assert_eq!(index.path, "index.html");
        assert_eq!(index.content_type, "text/html; charset=utf-8");
        assert!(!index.immutable);
        let html = std::str::from_utf8(index.body).unwrap();
        let script = html
            .split("<script")
            .skip(1)
            .find_map(|tag| tag.split("src=\"").nth(1)?.split('"').next())
            .expect("index.html has a script with a src");
        let path = script
            .strip_prefix("/app/")
            .expect("the script is under /app/");
        assert!(path.starts_with("assets/"), "{script}");
        let asset = get(path).expect("the script is embedded");
        assert_eq!(asset.content_type, "text/javascript; charset=utf-8");
    }

    #[test]
    fn get_finds_every_file_and_nothing_else() {
        assert!(all().windows(2).all(|w| w[0].path < w[1].path), "sorted");
        for asset in all() {
            assert!(std::ptr::eq(get(asset.path).unwrap(), asset));
            assert!(!asset.path.starts_with('/') && !asset.path.starts_with('.'));
        }
        assert!(get(".vite/manifest.json").is_none(), "build metadata");
        assert!(get("assets/missing.js").is_none());
        assert!(get("").is_none());
    }

    /// Vite's names: `name-HASH.ext`, the hash 8 characters of `[A-Za-z0-9_-]`.
    fn has_hash(path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap();
        let stem = name.split_once('.').unwrap().0;
        stem.len() > 9
            && stem.as_bytes()[stem.len() - 9] == b'-'
            && stem[stem.len() - 8..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }

    #[test]
    fn every_asset_file_is_hashed_and_immutable() {
        let assets: Vec<_> = all()
            .iter()
            .filter(|a| a.path.starts_with("assets/"))
            .collect();
        assert!(!assets.is_empty());
        for asset in assets {
            assert!(asset.immutable, "{}", asset.path);
            assert!(has_hash(asset.path), "{}", asset.path);
        }
        assert!(
            all()
                .iter()
                .all(|a| a.immutable == a.path.starts_with("assets/"))
        );
    }

    #[test]
    fn etags_are_strong() {
        for asset in all() {
            assert_eq!(asset.etag.len(), 34, "{}", asset.etag);
            assert!(asset.etag.starts_with('"') && asset.etag.ends_with('"'));
            assert!(asset.etag[1..33].bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn compressed_bodies_decompress_to_the_original() {
        for asset in all() {
            if let Some(br) = asset.brotli {
                let mut out = Vec::new();
                brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
                assert_eq!(out, asset.body, "brotli {}", asset.path);
                assert!(br.len() < asset.body.len());
            }
            if let Some(gz) = asset.gzip {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(gz)
                    .read_to_end(&mut out)
                    .unwrap();
                assert_eq!(out, asset.body, "gzip {}", asset.path);
                assert!(gz.len() < asset.body.len());
            }
        }
        let index = index();
        assert!(index.brotli.is_some() && index.gzip.is_some());
        let script = all().iter().find(|a| a.path.ends_with(".js")).unwrap();
        assert!(script.brotli.is_some() && script.gzip.is_some());
    }
}

//! Builds the browser app in `web/` with npm (Vite) into `$OUT_DIR/web` and generates
//! `$OUT_DIR/assets.rs`: a static table of every built file with its content type, a strong
//! ETag and, for text, brotli and gzip bodies compressed here once rather than per request.
//!
//! npm runs only when cargo reruns this script, i.e. when a file of the app's sources or its
//! configuration changed (see `watch`); `npm ci` runs only when `web/node_modules` is missing or
//! older than `web/package-lock.json`.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files and folders of `web/` the build reads (besides `node_modules`).
const INPUTS: &[&str] = &[
    "src",
    "public",
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "tsconfig.json",
];

fn main() {
    if let Err(message) = run() {
        // Cargo prints a failed build script's stderr under `--- stderr`.
        eprintln!("\nerror: cannot build Lander's browser app (web/)\n\n{message}\n");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env("OUT_DIR")?);
    let web = manifest_dir.join("../../web");
    let web = web
        .canonicalize()
        .map_err(|e| format!("the app's folder {} is missing: {e}", web.display()))?;
    watch(&web)?;

    // rust-analyzer, `cargo clippy` and `cargo build` may run this script at the same time in
    // separate target folders; they must not run `npm ci` in the same `web/` together.
    let _lock = lock(&web)?;
    if node_modules_stale(&web) {
        npm(&web, &["ci", "--no-audit", "--no-fund"], None)?;
    }
    let built = out_dir.join("web");
    if built.exists() {
        fs::remove_dir_all(&built).map_err(|e| format!("cannot empty {}: {e}", built.display()))?;
    }
    npm(&web, &["run", "build"], Some(&built))?;

    let mut files = Vec::new();
    walk(&built, &mut files)?;
    generate(&built, &out_dir, &files)
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("cargo did not set {name}"))
}

/// Tells cargo which inputs rerun this script. Cargo scans a listed folder recursively for
/// changes; each file is listed as well so that a change is reported by name.
fn watch(web: &Path) -> Result<(), String> {
    for input in INPUTS {
        let path = web.join(input);
        // A path that does not exist would make cargo rerun this script on every build.
        if !path.exists() {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, &mut files)?;
            files.sort();
            for file in files {
                println!("cargo::rerun-if-changed={}", file.display());
            }
        }
    }
    Ok(())
}

/// An exclusive lock, released when the file is dropped, on a file in the system's temporary
/// folder named after `web/` (a lock file inside `web/` would be one more file to ignore).
fn lock(web: &Path) -> Result<File, String> {
    let key = hex::encode(&Sha256::digest(web.as_os_str().as_encoded_bytes())[..8]);
    let path = std::env::temp_dir().join(format!("lander-web-{key}.lock"));
    let file = File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    Ok(file)
}

/// npm writes `node_modules/.package-lock.json` on every install: missing, or older than the
/// lockfile, means the installed packages are not the locked ones.
fn node_modules_stale(web: &Path) -> bool {
    let modified = |p: PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (
        modified(web.join("node_modules/.package-lock.json")),
        modified(web.join("package-lock.json")),
    ) {
        (Some(installed), Some(locked)) => installed < locked,
        _ => true,
    }
}

/// Runs `npm args..` in `web/`; its output is shown only when it fails.
fn npm(web: &Path, args: &[&str], out_dir: Option<&Path>) -> Result<(), String> {
    let program = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(web);
    // Read by web/vite.config.ts only; Lander's own configuration never sees it.
    cmd.env_remove("LANDER_WEB_OUT_DIR");
    if let Some(dir) = out_dir {
        cmd.env("LANDER_WEB_OUT_DIR", dir);
    }
    let shown = format!("npm {} (in {})", args.join(" "), web.display());
    let output = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "npm was not found. Building Lander builds its browser app with Node.js (>= 20.19) \
             and npm: install them (e.g. `apt-get install nodejs npm`) and build again."
                .to_string()
        } else {
            format!("cannot run {shown}: {e}")
        }
    })?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{shown} failed ({}).\n\n--- npm's output ---\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    ))
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// The content type served for a file, and whether it is text worth compressing.
fn content_type(path: &str) -> (&'static str, bool) {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => ("text/html; charset=utf-8", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "svg" => ("image/svg+xml", true),
        "json" | "map" => ("application/json", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "png" => ("image/png", false),
        "webp" => ("image/webp", false),
        "woff2" => ("font/woff2", false),
        "ico" => ("image/x-icon", false),
        _ => ("application/octet-stream", false),
    }
}

/// Does the file name carry a content hash (Vite names them `name-HASH.ext`, the hash being at
/// least 8 characters of `[A-Za-z0-9_-]`)?
fn hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = name.strip_suffix(".map").unwrap_or(name);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.match_indices('-').any(|(i, _)| {
        let hash = &stem[i + 1..];
        hash.len() >= 8
            && hash
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).map_err(|e| format!("gzip: {e}"))?;
    enc.finish().map_err(|e| format!("gzip: {e}"))
}

fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

/// Writes `body` to `path` and returns the `include_bytes!` expression for it.
fn include(path: &Path, body: &[u8]) -> Result<String, String> {
    fs::write(path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("include_bytes!({:?})", path.display().to_string()))
}

/// Writes `$OUT_DIR/assets.rs` (sorted by path, for binary search) and the compressed bodies.
fn generate(built: &Path, out_dir: &Path, files: &[PathBuf]) -> Result<(), String> {
    let compressed = out_dir.join("compressed");
    if compressed.exists() {
        fs::remove_dir_all(&compressed)
            .map_err(|e| format!("cannot empty {}: {e}", compressed.display()))?;
    }
    fs::create_dir_all(&compressed)
        .map_err(|e| format!("cannot create {}: {e}", compressed.display()))?;

    // URL paths relative to /app/, sorted as strings (the order `get` searches in).
    let mut served = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(built)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // `.vite/manifest.json` is build metadata, not part of the app.
        if !parts.iter().any(|part| part.starts_with('.')) {
            served.push((parts.join("/"), file));
        }
    }
    served.sort();

    let mut code = String::from("/// Every served file of the built app, sorted by path.\n");
    code.push_str("static ASSETS: &[Asset] = &[\n");
    let mut index = None;
    for (n, (path, file)) in served.into_iter().enumerate() {
        let body = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
        let (content_type, text) = content_type(&path);
        let immutable = path.starts_with("assets/") && hashed(&path);
        if path.starts_with("assets/") && !immutable {
            println!(
                "cargo::warning=web build: {path} has no content hash in its name; \
                 it is served with `no-cache` instead of as immutable"
            );
        }
        // Compressed bodies are kept only when they are smaller.
        let (mut br, mut gz) = ("None".to_string(), "None".to_string());
        if text {
            let b = brotli(&body)?;
            if b.len() < body.len() {
                br = format!(
                    "Some({})",
                    include(&compressed.join(format!("{n}.br")), &b)?
                );
            }
            let g = gzip(&body)?;
            if g.len() < body.len() {
                gz = format!(
                    "Some({})",
                    include(&compressed.join(format!("{n}.gz")), &g)?
                );
            }
        }
        if path == "index.html" {
            index = Some(n);
        }
        let _ = writeln!(
            code,
            "    Asset {{\n        path: {path:?},\n        body: include_bytes!({:?}),\n        \
             brotli: {br},\n        gzip: {gz},\n        content_type: {content_type:?},\n        \
             etag: {etag:?},\n        immutable: {immutable},\n    }},",
            file.display().to_string(),
        );
    }
    code.push_str("];\n");
    let index = index.ok_or_else(|| {
        format!(
            "the build wrote no index.html to {} (see web/vite.config.ts)",
            built.display()
        )
    })?;
    let _ = writeln!(
        code,
        "/// Position of `index.html` in [`ASSETS`].\nconst INDEX: usize = {index};"
    );
    let target = out_dir.join("assets.rs");
    fs::write(&target, code).map_err(|e| format!("cannot write {}: {e}", target.display()))
}

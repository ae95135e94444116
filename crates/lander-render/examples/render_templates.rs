//! Renders every built-in template to `<dir>/<id>.html`, and the every-block fixture in each
//! theme preset to `<dir>/all_blocks-<preset>.html`, for visual review.
//!
//! ```text
//! cargo run -p lander-render --example render_templates -- /tmp/lander-templates
//! ```

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/lander-templates".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let opts = lander_render::RenderOptions {
        page_id: Some("demo".into()),
    };
    for info in lander_doc::templates::list() {
        let Some(doc) = lander_doc::templates::get(info.id) else {
            eprintln!(
                "{}: template does not parse; run `cargo test -p lander-doc`",
                info.id
            );
            std::process::exit(1);
        };
        let page = lander_render::render(&doc, &opts);
        let path = dir.join(format!("{}.html", info.id));
        std::fs::write(&path, &page.html)?;
        println!(
            "{:<10} {:>7} bytes  {}",
            info.id,
            page.html.len(),
            path.display()
        );
    }
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../tests/fixtures/all_blocks.json"))
            .map_err(std::io::Error::other)?;
    for preset in lander_doc::theme::PRESETS {
        let mut value = fixture.clone();
        value["theme"]["preset"] = preset.id.into();
        let doc = lander_doc::parse_document(value).map_err(|p| {
            std::io::Error::other(format!("the all-blocks fixture is invalid: {p:?}"))
        })?;
        let page = lander_render::render(&doc, &opts);
        let path = dir.join(format!("all_blocks-{}.html", preset.id));
        std::fs::write(&path, &page.html)?;
        println!(
            "all_blocks {:>7} bytes  {}",
            page.html.len(),
            path.display()
        );
    }
    Ok(())
}

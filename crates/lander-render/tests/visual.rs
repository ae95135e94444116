//! Writes rendered pages to a folder for looking at them in a browser. Ignored by default:
//! `LANDER_RENDER_DUMP=/tmp/pages cargo test -p lander-render --test visual -- --ignored`.

use lander_render::{RenderOptions, render};

#[test]
#[ignore = "writes files; run by hand to look at the pages"]
fn dump_pages() {
    let dir = std::env::var("LANDER_RENDER_DUMP").unwrap_or_else(|_| "/tmp/lander-pages".into());
    std::fs::create_dir_all(&dir).unwrap();
    let opts = RenderOptions {
        page_id: Some("pg_demo".into()),
    };
    for info in lander_doc::templates::list() {
        let doc = lander_doc::templates::get(info.id).unwrap();
        let page = render(&doc, &opts);
        std::fs::write(format!("{dir}/{}.html", info.id), page.html).unwrap();
    }
    let json = include_str!("fixtures/all_blocks.json");
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    for preset in [
        "lander", "ocean", "sunset", "forest", "midnight", "mono", "grape",
    ] {
        let mut v = value.clone();
        v["theme"]["preset"] = preset.into();
        let doc = lander_doc::parse_document(v).unwrap();
        let page = render(&doc, &opts);
        std::fs::write(format!("{dir}/all_blocks-{preset}.html"), page.html).unwrap();
        std::fs::write(format!("{dir}/all_blocks-{preset}.csp"), page.csp).unwrap();
    }
}

//! The committed OpenAPI document (`docs/openapi.json`) must match what the code generates, so
//! API changes are always visible in review. Regenerate with
//! `cargo run -p lander -- openapi > docs/openapi.json`.

#[test]
fn committed_openapi_document_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let generated = lander_server::api::openapi_document();
    if std::env::var_os("LANDER_UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).expect("write docs/openapi.json");
    }
    let committed = std::fs::read_to_string(path).expect("docs/openapi.json exists");
    assert!(
        committed == generated,
        "docs/openapi.json is out of date: run `cargo run -p lander -- openapi > docs/openapi.json` \
         and commit it"
    );
}

#[test]
fn openapi_document_is_3_1_and_describes_every_endpoint() {
    let doc: serde_json::Value =
        serde_json::from_str(&lander_server::api::openapi_document()).expect("valid JSON");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/templates", "get"),
        ("/api/v1/pages", "get"),
        ("/api/v1/pages", "post"),
        ("/api/v1/pages/{id}", "get"),
        ("/api/v1/pages/{id}", "patch"),
        ("/api/v1/pages/{id}", "delete"),
        ("/api/v1/pages/{id}/duplicate", "post"),
        ("/api/v1/pages/{id}/draft", "get"),
        ("/api/v1/pages/{id}/draft", "put"),
        ("/api/v1/pages/{id}/publish", "post"),
        ("/api/v1/pages/{id}/unpublish", "post"),
        ("/api/v1/pages/{id}/versions", "get"),
        ("/api/v1/pages/{id}/versions/{n}", "get"),
        ("/api/v1/pages/{id}/rollback", "post"),
        ("/api/v1/render", "post"),
        ("/api/v1/workspace", "get"),
        ("/api/v1/audit", "get"),
        ("/api/v1/tokens", "get"),
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{id}", "delete"),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        for status in ["401", "403"] {
            assert!(
                op["responses"][status].is_object(),
                "{method} {path} lacks its {status}"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

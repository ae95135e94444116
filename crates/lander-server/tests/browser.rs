//! Lander's account screens in a real browser: Debian's Chromium driven by playwright-core
//! (tests/support/browser/account.mjs) against the real server. Signs in (a wrong password
//! first), reads the account page, invites someone, creates, uses and revokes an API token, is
//! refused a common password, changes the password, signs out and back in, makes, duplicates
//! and deletes a page, and uploads an image. Screenshots go to a
//! temporary folder for review.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, EMAIL, PASSWORD, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_screens_in_chromium() {
    let support = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/browser");
    assert!(
        support.join("node_modules/playwright-core").is_dir(),
        "run `npm ci --prefix crates/lander-server/tests/support/browser` (scripts/test.sh does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "Chromium is needed at {chromium}: apt-get install chromium (scripts/test.sh does)"
    );
    let app = spawn_app(Backend::Sqlite).await;
    let shots = std::env::temp_dir().join(format!("lander-shots-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&shots).unwrap();
    let out = tokio::process::Command::new("node")
        .arg(support.join("account.mjs"))
        .arg(app.url(""))
        .arg(EMAIL)
        .arg(PASSWORD)
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    app.cleanup().await;
    assert!(
        out.status.success(),
        "the browser scenario failed:\n{stdout}\n{stderr}"
    );
    for step in [
        "wrong password is refused",
        "account page",
        "invites someone by e-mail",
        "API token is created in the browser",
        "common new password is refused",
        "password change is accepted",
        "signing out ends the session",
        "new password signs in",
        "image is uploaded with the file picker",
        "no script errors",
    ] {
        assert!(stdout.contains(step), "step missing: {step}\n{stdout}");
    }
    assert!(shots.join("account.png").is_file());
    println!("screenshots: {}", shots.display());
}

//! The `lander` binary as an operator uses it: help, users and tokens, configuration errors,
//! serving, graceful shutdown and restarts, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

use lander_store::testing::TestDatabase;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lander");

struct Env {
    dir: PathBuf,
    database_url: Option<String>,
}

impl Env {
    fn new(database_url: Option<String>) -> Env {
        let dir = std::env::temp_dir().join(format!("lander-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir, database_url }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .current_dir(&self.dir)
            .env("LANDER_DATA_DIR", self.dir.join("data"))
            .env("LANDER_LOG__FORMAT", "json")
            .env_remove("LANDER_DATABASE_URL")
            .env_remove("RUST_LOG");
        if let Some(url) = &self.database_url {
            c.env("LANDER_DATABASE_URL", url);
        }
        c
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn create_user_and_token(&self) -> String {
        let out = self.run(
            &[
                "user",
                "create",
                "--email",
                "maya@example.com",
                "--password-stdin",
            ],
            "correct horse battery staple\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = self.run(
            &[
                "token",
                "create",
                "--email",
                "maya@example.com",
                "--name",
                "ci",
            ],
            "",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let token = stdout.trim_end_matches('\n');
        assert!(
            token.starts_with("lnd_") && token.len() == 47 && !token.contains(char::is_whitespace),
            "stdout must hold only the token, got {stdout:?}"
        );
        assert_eq!(stdout.lines().count(), 1);
        token.to_string()
    }

    /// Starts `lander serve` on a free port and waits until it answers.
    fn serve(&self) -> (Child, String) {
        let (child, base, _) = self.serve_with_log();
        (child, base)
    }

    /// Like [`Env::serve`], also returning what the server logged before it listened.
    fn serve_with_log(&self) -> (Child, String, String) {
        let mut child = self
            .cmd(&["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut before = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://127.0.0.1:") {
                    let addr: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect();
                    let _ = tx.send((addr, std::mem::take(&mut before)));
                } else {
                    before.push_str(&line);
                    before.push('\n');
                }
            }
        });
        let (addr, log) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server did not start");
        (child, format!("http://{addr}"), log)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success(), "expected failure");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let lines: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("lander: "))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one readable error line expected, got: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    lines[0].to_string()
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn every_command_has_help() {
    let env = Env::new(None);
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "--help"],
        vec!["user", "create", "--help"],
        vec!["token", "--help"],
        vec!["token", "create", "--help"],
    ] {
        let out = env.run(&args, "");
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
    let out = env.run(&["frobnicate"], "");
    assert!(!out.status.success());
}

#[test]
fn user_and_token_errors_are_one_clear_line() {
    let env = Env::new(None);
    env.create_user_and_token();
    let dup = env.run(
        &[
            "user",
            "create",
            "--email",
            "MAYA@example.com",
            "--password-stdin",
        ],
        "another long password\n",
    );
    assert!(one_line_error(&dup).contains("already exists"));
    let weak = env.run(
        &[
            "user",
            "create",
            "--email",
            "b@example.com",
            "--password-stdin",
        ],
        "short\n",
    );
    assert!(one_line_error(&weak).contains("at least 12 characters"));
    let bad = env.run(
        &[
            "user",
            "create",
            "--email",
            "not-an-email",
            "--password-stdin",
        ],
        "x",
    );
    assert!(one_line_error(&bad).contains("not an e-mail"));
    let unknown = env.run(
        &[
            "token",
            "create",
            "--email",
            "nobody@example.com",
            "--name",
            "x",
        ],
        "",
    );
    assert!(one_line_error(&unknown).contains("no account"));
    assert!(unknown.stdout.is_empty(), "nothing on stdout on failure");
}

#[test]
fn invalid_configuration_stops_start_up_with_one_line() {
    let env = Env::new(None);
    let mut c = env.cmd(&["serve"]);
    let out = c.env("LANDER_LISTEN", "not-an-address").output().unwrap();
    assert!(one_line_error(&out).contains("listen"));

    let out = env
        .cmd(&["migrate"])
        .env("LANDER_DATABASE_URL", "mysql://x")
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("database_url"));

    std::fs::write(env.dir.join("lander.toml"), "listen = 5\n").unwrap();
    let out = env.cmd(&["serve"]).output().unwrap();
    assert!(one_line_error(&out).contains("listen"));
    std::fs::remove_file(env.dir.join("lander.toml")).unwrap();

    let out = env
        .cmd(&["serve", "--config", "/nonexistent.toml"])
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("does not exist"));

    let out = env
        .cmd(&["migrate"])
        .env(
            "LANDER_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/nothing",
        )
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("cannot open the database"));
}

async fn publish_a_page(base: &str, token: &str) -> String {
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/api/v1/pages"))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": "Spring launch", "slug": "spring", "template": "waitlist"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let page: serde_json::Value = res.json().await.unwrap();
    let id = page["id"].as_str().unwrap();
    let res = client
        .post(format!("{base}/api/v1/pages/{id}/publish"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = client.get(format!("{base}/spring")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

async fn serve_publish_restart(env: &Env) {
    let token = env.create_user_and_token();
    let (mut child, base, log) = env.serve_with_log();
    // No SMTP server is configured: start-up says where mail goes instead.
    assert!(
        log.contains("no SMTP server is configured") && log.contains("written to this log"),
        "start-up warns that mail goes to the log: {log}"
    );
    let html = publish_a_page(&base, &token).await;
    assert!(html.contains("<html"));
    let status = terminate(&mut child);
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );

    // After a restart the page is served again without any action.
    let (mut child, base) = env.serve();
    let res = reqwest::get(format!("{base}/spring")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), html);
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    assert!(terminate(&mut child).success());
}

#[tokio::test]
async fn serve_publish_and_restart_on_sqlite() {
    let env = Env::new(None);
    serve_publish_restart(&env).await;
    assert!(
        env.dir.join("data/lander.db").is_file(),
        "SQLite file in the data dir"
    );
}

#[tokio::test]
async fn every_command_uses_postgres_when_configured() {
    let db = TestDatabase::postgres().await;
    let env = Env::new(Some(db.url.clone()));
    let out = env.run(&["migrate"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serve_publish_restart(&env).await;
    assert!(
        !env.dir.join("data/lander.db").exists(),
        "no SQLite file when PostgreSQL is used"
    );
    db.drop_database().await;
}

#[test]
fn workspaces_members_and_scoped_tokens() {
    let env = Env::new(None);
    // The first user owns the default workspace, so a token needs no options.
    env.create_user_and_token();
    let out = env.run(
        &[
            "user",
            "create",
            "--email",
            "sam@example.com",
            "--password-stdin",
        ],
        "another long password\n",
    );
    assert!(out.status.success());
    let none = env.run(
        &[
            "token",
            "create",
            "--email",
            "sam@example.com",
            "--name",
            "x",
        ],
        "",
    );
    assert!(one_line_error(&none).contains("not a member of any workspace"));

    let out = env.run(
        &[
            "workspace",
            "create",
            "--name",
            "Acme",
            "--owner",
            "maya@example.com",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acme = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(
        uuid::Uuid::parse_str(&acme).is_ok(),
        "prints the new id: {acme}"
    );
    let list = String::from_utf8(env.run(&["workspace", "list"], "").stdout).unwrap();
    assert!(
        list.contains("Default workspace") && list.contains(&format!("{acme}\tAcme")),
        "{list}"
    );

    let add = [
        "workspace",
        "add-member",
        "--workspace",
        &acme,
        "--email",
        "sam@example.com",
    ];
    let out = env.run(&[&add[..], &["--role", "editor"]].concat(), "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad_role = env.run(&[&add[..], &["--role", "boss"]].concat(), "");
    assert!(!bad_role.status.success());

    let token = [
        "token",
        "create",
        "--email",
        "sam@example.com",
        "--name",
        "ci",
    ];
    let scoped = [&token[..], &["--workspace", &acme]].concat();
    let too_high = env.run(&[&scoped[..], &["--role", "publisher"]].concat(), "");
    assert!(one_line_error(&too_high).contains("cannot be above"));
    let out = env.run(&scoped, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("lnd_"));
    let lower = env.run(&[&scoped[..], &["--role", "viewer"]].concat(), "");
    assert!(lower.status.success());

    let unknown = env.run(
        &[
            &token[..],
            &["--workspace", &uuid::Uuid::new_v4().to_string()],
        ]
        .concat(),
        "",
    );
    assert!(one_line_error(&unknown).contains("not a member of workspace"));
}

#[tokio::test]
async fn users_and_tokens_are_administered_from_the_cli() {
    let env = Env::new(None);
    let token = env.create_user_and_token();
    let (mut child, base) = env.serve();
    let client = reqwest::Client::new();
    let status = |t: String| {
        let client = client.clone();
        let url = format!("{base}/api/v1/pages");
        async move {
            client
                .get(url)
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(token.clone()).await, 200);

    let list = String::from_utf8(env.run(&["user", "list"], "").stdout).unwrap();
    assert!(
        list.contains("maya@example.com\tactive\tDefault workspace:owner"),
        "{list}"
    );

    // Listing tokens shows ids and names, never secrets; revoking one stops it at once.
    let tokens = String::from_utf8(
        env.run(&["token", "list", "--email", "maya@example.com"], "")
            .stdout,
    )
    .unwrap();
    assert!(
        tokens.contains("\tci\t") && tokens.contains("\towner\t"),
        "{tokens}"
    );
    assert!(!tokens.contains("lnd_"), "secrets are never shown again");
    let id = tokens.split('\t').next().unwrap().to_string();
    let out = env.run(&["token", "revoke", "--id", &id], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(status(token).await, 401);
    let tokens = String::from_utf8(
        env.run(&["token", "list", "--email", "maya@example.com"], "")
            .stdout,
    )
    .unwrap();
    assert!(tokens.contains("revoked"), "{tokens}");
    let unknown = env.run(
        &["token", "revoke", "--id", &uuid::Uuid::new_v4().to_string()],
        "",
    );
    assert!(one_line_error(&unknown).contains("no token"));

    // Reset a password (the weak-password rule applies), then disable the account.
    let weak = env.run(
        &[
            "user",
            "reset-password",
            "--email",
            "maya@example.com",
            "--password-stdin",
        ],
        "short",
    );
    assert!(one_line_error(&weak).contains("at least 12"));
    let out = env.run(
        &[
            "user",
            "reset-password",
            "--email",
            "maya@example.com",
            "--password-stdin",
        ],
        "a brand new passphrase\n",
    );
    assert!(out.status.success());
    let fresh = String::from_utf8(
        env.run(
            &[
                "token",
                "create",
                "--email",
                "maya@example.com",
                "--name",
                "again",
            ],
            "",
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(status(fresh.trim().to_string()).await, 200);
    let out = env.run(&["user", "disable", "--email", "maya@example.com"], "");
    assert!(out.status.success());
    assert_eq!(
        status(fresh.trim().to_string()).await,
        401,
        "a disabled user's tokens stop working"
    );
    let list = String::from_utf8(env.run(&["user", "list"], "").stdout).unwrap();
    assert!(list.contains("maya@example.com\tdisabled"), "{list}");
    assert!(terminate(&mut child).success());
}

//! A real OpenID provider for tests: `tests/support/oidc/provider.mjs` (npm `oidc-provider`) run
//! by Node on a random port, and a browser stand-in that signs in as a test account.
//!
//! Accounts: `alice` (alice@acme.test, verified, "Alice Example"), `bob` (bob@acme.test, NOT
//! verified), `carol` (carol@other.test, verified).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use url::Url;

/// A running provider; stops when dropped.
pub struct TestProvider {
    /// Port on 127.0.0.1.
    pub port: u16,
    /// Issuer URL, `http://127.0.0.1:<port>`.
    pub issuer: String,
    /// The one registered client.
    pub client_id: String,
    /// Its secret.
    pub client_secret: String,
    /// Its one registered redirect URI.
    pub redirect_uri: String,
    _child: Child,
    // Node exits when this pipe closes, so even a killed test process leaves no provider behind.
    _stdin: ChildStdin,
}

/// The directory holding provider.mjs and its package.json.
pub fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc")
}

impl TestProvider {
    /// Starts a provider on a free port with one confidential client.
    pub async fn start(client_id: &str, client_secret: &str, redirect_uri: &str) -> TestProvider {
        Self::start_with(0, client_id, client_secret, redirect_uri, &[]).await
    }

    /// Starts a provider on `port` (0: any free port) with extra flags for provider.mjs
    /// (`--thin-id-token`: e-mail and name only from the userinfo endpoint).
    pub async fn start_with(
        port: u16,
        client_id: &str,
        client_secret: &str,
        redirect_uri: &str,
        flags: &[&str],
    ) -> TestProvider {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test OpenID provider is not installed: run \
             `npm ci --prefix crates/lander-server/tests/support/oidc` (scripts/test.sh does)"
        );
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .arg(port.to_string())
            .args([client_id, client_secret, redirect_uri])
            .args(flags)
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node (is Node.js installed?): {e}"));
        let stdin = child.stdin.take().unwrap();
        // Forward the provider's stderr to the test output (shown when a test fails).
        let stderr = child.stderr.take().unwrap();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("[oidc-provider] {line}");
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = tokio::time::timeout(Duration::from_secs(120), async {
            let mut port = None;
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(p) = line.strip_prefix("PORT ") {
                    port = Some(p.trim().parse::<u16>().unwrap());
                } else if line.trim() == "READY" {
                    return port;
                } else {
                    eprintln!("[oidc-provider] {line}");
                }
            }
            None
        })
        .await;
        let port = match ready {
            Ok(Some(port)) => port,
            Ok(None) => panic!("the test OpenID provider exited before READY (see its stderr)"),
            Err(_) => panic!(
                "the test OpenID provider was not READY within 120 s (is the machine overloaded?)"
            ),
        };
        // Keep draining stdout so the provider never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("[oidc-provider] {line}");
            }
        });
        TestProvider {
            port,
            issuer: format!("http://127.0.0.1:{port}"),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            _child: child,
            _stdin: stdin,
        }
    }

    /// Plays the browser: opens `authorize_url` as `login` (sent as `login_hint`, which the
    /// provider's test interactions log in and consent for) and follows the provider's
    /// redirects, with cookies, until one points at the redirect URI. Returns that callback URL
    /// (with `code` and `state`, or `error`) without requesting it.
    pub async fn authorize(&self, authorize_url: &Url, login: &str) -> Url {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut url = authorize_url.clone();
        url.query_pairs_mut().append_pair("login_hint", login);
        let redirect = Url::parse(&self.redirect_uri).unwrap();
        for _ in 0..20 {
            let res = client.get(url.clone()).send().await.unwrap();
            let status = res.status();
            if !status.is_redirection() {
                let body = res.text().await.unwrap_or_default();
                panic!("the provider answered {status} at {url}, not a redirect: {body}");
            }
            let location = res
                .headers()
                .get(reqwest::header::LOCATION)
                .unwrap_or_else(|| panic!("{status} without Location at {url}"))
                .to_str()
                .unwrap();
            let next = url.join(location).unwrap();
            if next.origin() == redirect.origin() && next.path() == redirect.path() {
                return next;
            }
            url = next;
        }
        panic!("no redirect to {} after 20 hops", self.redirect_uri);
    }
}

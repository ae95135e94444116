//! `spawn_app`: the real Lander server on a random port, on a fresh SQLite file or PostgreSQL
//! database, with a user, an API token, a real HTTP client and typed helpers.
#![allow(dead_code, clippy::unwrap_used)]

pub mod oidc;

use lander_server::config::{Config, Overrides};
use lander_store::testing::TestDatabase;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod browser;
pub mod smtp;

/// The storage backend a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Writes each test once as `async fn name(app: TestApp)` and runs it on both backends.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::common::run($crate::common::Backend::Sqlite, super::$name).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::common::run($crate::common::Backend::Postgres, super::$name).await
            })*
        }
    };
}

/// A running server and a client authenticated against it.
pub struct TestApp {
    /// Address of the running server (changes on [`TestApp::restart`]).
    pub addr: SocketAddr,
    /// A valid API token (`lnd_...`).
    pub token: String,
    /// HTTP client; never decompresses bodies, so tests see the raw encodings.
    pub client: reqwest::Client,
    /// The database, shared with [`run`] so it is dropped even when the test panics.
    pub db: Arc<Mutex<Option<TestDatabase>>>,
    /// The data directory.
    pub data_dir: PathBuf,
    config: Config,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub const EMAIL: &str = "maya@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

/// An audit entry for set-up done behind the API's back.
pub fn operator() -> lander_store::AuditEntry {
    lander_store::AuditEntry::by_operator_global()
}

/// Creates an account with [`PASSWORD`] whose address is verified (as `lander user create`).
pub async fn create_verified_user(
    store: &dyn lander_store::Store,
    email: &str,
) -> lander_store::Account {
    let (account, _) = lander_server::auth::create_user(store, email, PASSWORD, &operator())
        .await
        .expect("create a test user");
    store
        .set_email_verified(account.id, &operator())
        .await
        .unwrap();
    account
}

/// Starts the server on a fresh database of `backend`.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the server on a fresh database of `backend`, configured with these `LANDER_*`
/// variables as well.
pub async fn spawn_app_with(backend: Backend, vars: &[(&str, &str)]) -> TestApp {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    spawn_app_config(backend, &vars, None).await
}

/// Starts the server on a fresh database of `backend`, configured with `LANDER_*` variables and
/// the contents of a `lander.toml` (for lists such as `[[auth.oidc]]`).
pub async fn spawn_app_config(
    backend: Backend,
    vars: &[(String, String)],
    toml: Option<&str>,
) -> TestApp {
    let db = match backend {
        Backend::Sqlite => TestDatabase::sqlite(),
        Backend::Postgres => TestDatabase::postgres().await,
    };
    let data_dir = std::env::temp_dir().join(format!("lander-data-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let overrides = Overrides {
        listen: Some("127.0.0.1:0".into()),
        data_dir: Some(data_dir.clone()),
        database_url: Some(db.url.clone()),
    };
    let file = toml.map(|t| {
        let path = data_dir.join("lander.toml");
        std::fs::write(&path, t).unwrap();
        path
    });
    let config = Config::load_from(file.as_deref(), &overrides, vars)
        .unwrap()
        .config;
    let mut app = TestApp {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        token: String::new(),
        client: client(),
        db: Arc::new(Mutex::new(Some(db))),
        data_dir,
        config,
        shutdown: None,
        handle: None,
    };
    let server = app.start().await;
    let store = server.state().store.clone();
    create_verified_user(store.as_ref(), EMAIL).await;
    app.token =
        lander_server::auth::create_token(store.as_ref(), EMAIL, "tests", Default::default())
            .await
            .unwrap();
    app.run(server);
    app
}

impl TestApp {
    async fn start(&mut self) -> lander_server::Server {
        let server = lander_server::build(&self.config).await.unwrap();
        self.addr = server.local_addr();
        server
    }

    fn run(&mut self, server: lander_server::Server) {
        let (tx, rx) = oneshot::channel::<()>();
        self.shutdown = Some(tx);
        self.handle = Some(tokio::spawn(server.run(async move {
            let _ = rx.await;
        })));
    }

    /// Stops the server gracefully and waits until it has finished.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap().unwrap();
        }
    }

    /// Stops the server and builds it again on the same database and data directory (on a new
    /// port).
    pub async fn restart(&mut self) {
        self.stop().await;
        let server = self.start().await;
        self.run(server);
        self.client = client();
    }

    /// Stops the server and drops the database.
    pub async fn cleanup(mut self) {
        self.stop().await;
        let db = self.db.lock().unwrap().take();
        if let Some(db) = db {
            db.drop_database().await;
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// An authenticated request.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await.unwrap()
    }

    pub async fn post(&self, path: &str) -> Response {
        self.request(Method::POST, path).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::PUT, path)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::PATCH, path)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A request with a raw body and content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        self.request(method, path)
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// A public (unauthenticated) GET.
    pub async fn public(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A public GET with extra headers.
    pub async fn public_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }

    /// Creates a page (201 expected) and returns its JSON.
    pub async fn create_page(&self, title: &str, slug: &str, template: &str) -> Value {
        let res = self
            .post_json(
                "/api/v1/pages",
                &json!({"title": title, "slug": slug, "template": template}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "create {slug}");
        res.json().await.unwrap()
    }

    /// Creates a page from the blank template and returns its id.
    pub async fn create_blank(&self, title: &str, slug: &str) -> String {
        let page = self.create_page(title, slug, "blank").await;
        page["id"].as_str().unwrap().to_string()
    }

    /// Publishes a page (201 expected) and returns the new version number.
    pub async fn publish(&self, id: &str) -> i64 {
        let res = self.post(&format!("/api/v1/pages/{id}/publish")).await;
        assert_eq!(res.status(), StatusCode::CREATED, "publish {id}");
        res.json::<Value>().await.unwrap()["version"]
            .as_i64()
            .unwrap()
    }

    /// The page's draft: (revision, document).
    pub async fn draft(&self, id: &str) -> (i64, Value) {
        let res = self.get(&format!("/api/v1/pages/{id}/draft")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let v: Value = res.json().await.unwrap();
        (v["revision"].as_i64().unwrap(), v["doc"].clone())
    }

    /// Replaces the draft with `If-Match: "{revision}"`.
    pub async fn put_draft(&self, id: &str, revision: i64, doc: &Value) -> Response {
        self.request(Method::PUT, &format!("/api/v1/pages/{id}/draft"))
            .header("If-Match", format!("\"{revision}\""))
            .json(doc)
            .send()
            .await
            .unwrap()
    }

    /// Sends `request` as raw bytes over a fresh TCP connection (so no client normalises the
    /// path) and returns the status code and the whole response text.
    pub async fn raw_http(&self, request: &str) -> (u16, String) {
        self.raw_http_bytes(request.as_bytes()).await
    }

    /// Like [`TestApp::raw_http`] with a byte request. The server may answer (and close) before
    /// reading everything, so write errors are ignored and whatever was answered is returned.
    pub async fn raw_http_bytes(&self, request: &[u8]) -> (u16, String) {
        let stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        // Write while reading, so an early answer is seen even if the write never finishes.
        let request = request.to_vec();
        let write = tokio::spawn(async move {
            let _ = writer.write_all(&request).await;
            writer
        });
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        write.abort();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        (status, text)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Runs `test` on a fresh app, then drops its database whether the test passed or not.
pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_with(backend, &[], None, test).await
}

/// Like [`run`], with configuration (`LANDER_*` variables and `lander.toml` contents).
pub async fn run_with<F, Fut>(
    backend: Backend,
    vars: &[(String, String)],
    toml: Option<&str>,
    test: F,
) where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let app = spawn_app_config(backend, vars, toml).await;
    let db = app.db.clone();
    let data_dir = app.data_dir.clone();
    let outcome = tokio::spawn(test(app)).await;
    let db = db.lock().unwrap().take();
    if let Some(db) = db {
        db.drop_database().await;
    }
    let _ = std::fs::remove_dir_all(data_dir);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Asserts a problem document: `status`, `application/problem+json`, and the RFC 9457 members.
/// Returns the body.
pub async fn problem(res: Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "status; body: {text}");
    assert_eq!(
        content_type(&headers),
        "application/problem+json",
        "content type; body: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(body["type"].is_string(), "type in {body}");
    assert!(body["title"].is_string(), "title in {body}");
    assert_eq!(body["status"], json!(status), "status in {body}");
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "detail in {body}"
    );
    body
}

/// Asserts a 422 problem listing `pointer` among its `errors`; returns the body.
pub async fn invalid_at(res: Response, pointer: &str) -> Value {
    let body = problem(res, 422).await;
    let ptrs = pointers(&body);
    assert!(
        ptrs.iter().any(|p| p == pointer),
        "expected pointer {pointer} in {ptrs:?}: {body}"
    );
    body
}

/// The `errors[].pointer` values of a problem document.
pub fn pointers(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errs| {
            errs.iter()
                .map(|e| e["pointer"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The response's `Content-Type`, or "".
pub fn content_type(headers: &HeaderMap) -> String {
    header(headers, "content-type")
}

/// A header as a string, or "".
pub fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A valid document with `blocks` in one section.
pub fn doc_with_blocks(title: &str, blocks: Vec<Value>) -> Value {
    json!({
        "schema_version": 1,
        "settings": {"title": title},
        "sections": [{"id": "main", "blocks": blocks}],
    })
}

/// A heading block.
pub fn heading(id: &str, text: &str) -> Value {
    json!({"id": id, "type": "heading", "props": {"text": text}})
}

/// A small valid document.
pub fn simple_doc(title: &str) -> Value {
    doc_with_blocks(title, vec![heading("h", title)])
}

impl TestApp {
    /// Creates an account `email` with `role` in `workspace` (the default workspace when
    /// `None`) and returns a token for it, scoped there at that role.
    pub async fn add_member(
        &self,
        email: &str,
        role: lander_store::Role,
        workspace: Option<uuid::Uuid>,
    ) -> String {
        let url = self.db.lock().unwrap().as_ref().unwrap().url.clone();
        let store = lander_store::connect(&url).await.unwrap();
        let account = create_verified_user(store.as_ref(), email).await;
        let ws = workspace.unwrap_or(lander_store::DEFAULT_WORKSPACE_ID);
        store
            .set_member(ws, account.id, role, &operator())
            .await
            .unwrap();
        let scope = lander_server::auth::TokenScope {
            workspace_id: Some(ws),
            role: None,
            expires_at: None,
        };
        let token = lander_server::auth::create_token(store.as_ref(), email, "member", scope)
            .await
            .unwrap();
        store.close().await;
        token
    }

    /// Runs SQL directly on the test database (to age sessions and links, for example). The
    /// same statement must suit both backends.
    pub async fn sql(&self, sql: &str) {
        let url = self.db.lock().unwrap().as_ref().unwrap().url.clone();
        if url.starts_with("sqlite") {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }

    /// A browser: a client with its own cookie jar that sends Lander's `Origin` and, once
    /// signed in, the CSRF token.
    pub fn browser(&self) -> browser::Browser {
        browser::Browser::new(self.addr)
    }

    /// Creates a workspace directly in the database and returns its id.
    pub async fn create_workspace(&self, name: &str) -> uuid::Uuid {
        let url = self.db.lock().unwrap().as_ref().unwrap().url.clone();
        let store = lander_store::connect(&url).await.unwrap();
        let ws = store.create_workspace(name).await.unwrap();
        store.close().await;
        ws.id
    }

    /// The same request as [`TestApp::request`], with another token.
    pub fn request_as(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }
}

/// A `multipart/form-data` body with one file field `file`: (content type, body).
pub fn multipart_file(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "lander-test-boundary-7d0c1f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A PNG of `w` x `h` pixels whose colours depend on `seed` (different seeds, different bytes).
pub fn png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, seed])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

impl TestApp {
    /// `POST /api/v1/assets` with `bytes` as the file `file_name`, as the holder of `token`.
    pub async fn upload_as(&self, token: &str, file_name: &str, bytes: &[u8]) -> Response {
        let (ct, body) = multipart_file(file_name, bytes);
        self.request_as(token, Method::POST, "/api/v1/assets")
            .header(CONTENT_TYPE, ct)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/assets` with the app's token.
    pub async fn upload(&self, file_name: &str, bytes: &[u8]) -> Response {
        self.upload_as(&self.token.clone(), file_name, bytes).await
    }
}

//! A browser for the API: its own cookie jar, Lander's `Origin` on every request, and the CSRF
//! token of its session on every change once signed in.

use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Mutex;

pub struct Browser {
    pub client: reqwest::Client,
    pub origin: String,
    csrf: Mutex<Option<String>>,
}

impl Browser {
    pub fn new(addr: SocketAddr) -> Self {
        Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            origin: format!("http://{addr}"),
            csrf: Mutex::new(None),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// A request with `Origin`, and `X-CSRF-Token` when known.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut req = self
            .client
            .request(method, self.url(path))
            .header("origin", &self.origin);
        if let Some(token) = self.csrf.lock().unwrap().clone() {
            req = req.header("x-csrf-token", token);
        }
        req
    }

    /// Remembers the CSRF token of a signed-in answer (`SessionView`).
    pub fn remember(&self, session: &Value) {
        if let Some(t) = session["csrf_token"].as_str() {
            *self.csrf.lock().unwrap() = Some(t.to_string());
        }
    }

    /// Forgets the CSRF token (to test requests without it).
    pub fn forget_csrf(&self) {
        *self.csrf.lock().unwrap() = None;
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Response {
        let req = self.request(method, path);
        let req = match body {
            Some(b) => req.json(b),
            None => req,
        };
        req.send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(Method::POST, path, Some(body)).await
    }

    /// Signs in and remembers the CSRF token; panics unless it succeeds.
    pub async fn sign_in(&self, email: &str, password: &str) -> Value {
        let res = self
            .post(
                "/api/v1/auth/signin",
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "sign-in failed: {}",
            res.text().await.unwrap()
        );
        let body: Value = res.json().await.unwrap();
        self.remember(&body);
        body
    }
}

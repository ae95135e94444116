//! The HTTP client `openidconnect` talks through: our reqwest 0.13 (the crate's own reqwest
//! support is an older reqwest with ring), adapted to its [`AsyncHttpClient`] trait.

use super::OidcError;
use super::error_chain;
use openidconnect::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Timeout of each request to a provider (discovery, keys, token, userinfo).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response accepted from a provider.
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The HTTP client for provider requests: our reqwest, redirects never followed (so a provider
/// cannot bounce our requests elsewhere: SSRF), bounded in time and size.
#[derive(Clone)]
pub(super) struct HttpClient(reqwest::Client);

impl HttpClient {
    pub(super) fn new() -> Result<Self, OidcError> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("lander/", env!("CARGO_PKG_VERSION")))
            .build()
            .map(HttpClient)
            .map_err(|e| OidcError::HttpClient(error_chain(&e)))
    }

    async fn send(
        &self,
        request: HttpRequest,
    ) -> Result<HttpResponse, HttpClientError<reqwest::Error>> {
        let request = reqwest::Request::try_from(request).map_err(Box::new)?;
        let mut response = self.0.execute(request).await.map_err(Box::new)?;
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Box::new)? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(HttpClientError::Other(format!(
                    "the response from {} is larger than {MAX_RESPONSE_BYTES} bytes",
                    response.url()
                )));
            }
            body.extend_from_slice(&chunk);
        }
        builder.body(body).map_err(HttpClientError::Http)
    }
}

impl<'c> AsyncHttpClient<'c> for HttpClient {
    type Error = HttpClientError<reqwest::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

//! Lander's HTTP server. [`build`] connects storage, migrates, warms the edge and binds the
//! listener (port 0 allowed, so tests run the real server on a random port); [`Server::run`]
//! serves until the shutdown future resolves, then drains in-flight requests.

pub mod api;
pub mod assets;
pub mod auth;
pub mod config;
pub mod drafts;
pub mod edge;
pub mod error;
mod health;
pub mod mail;
pub mod oidc;
pub mod policy;
pub mod publish;
pub mod ratelimit;
pub mod sessions;
pub mod telemetry;
pub mod webapp;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};
use axum::serve::ListenerExt;
use config::Config;
use lander_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body accepted by the API, in bytes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// The live-page routing table.
    pub edge: Arc<edge::Edge>,
    /// Session cookie, CSRF and sign-up settings.
    pub sessions: Arc<sessions::SessionSettings>,
    /// OpenID Connect providers.
    pub oidc: Arc<oidc::Oidc>,
    /// Verified e-mail domain -> workspace and role, for first sign-ins.
    pub domain_rules: Arc<Vec<oidc::DomainRule>>,
    /// Outgoing mail (SMTP, or the log when none is configured), sent in the background.
    pub outbox: Arc<mail::Outbox>,
    /// Growing delays for sign-in, sign-up, reset and invitation attempts.
    pub limiter: Arc<ratelimit::Limiter>,
    /// Uploaded images: the object store and the upload limit.
    pub assets: Arc<assets::Assets>,
}

/// A built server, bound and ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    state: AppState,
    grace: Duration,
    mail_worker: tokio::task::JoinHandle<()>,
}

/// Connects to the database named by the configuration and applies migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    if config.uses_embedded_database() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                config.data_dir.display()
            )
        })?;
    }
    let url = config.database_url();
    let store = lander_store::connect(&url).await.with_context(|| {
        format!(
            "cannot open the database {}",
            lander_store::redact_url(&url)
        )
    })?;
    store
        .migrate()
        .await
        .context("cannot apply database migrations")?;
    Ok(store)
}

/// Opens storage, warms the edge and binds the listener.
pub async fn build(config: &Config) -> anyhow::Result<Server> {
    let store = open_store(config).await?;
    let edge = Arc::new(edge::Edge::default());
    let live = edge
        .warm(store.as_ref())
        .await
        .context("cannot load published pages")?;
    tracing::info!(
        pages = live,
        backend = store.backend(),
        "published pages loaded"
    );
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let bound = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let sessions = Arc::new(sessions::SessionSettings::from_config(config, bound));
    if config.public_url.is_none() && !bound.ip().is_loopback() {
        tracing::warn!(
            origin = %sessions.public_origin,
            "public_url is not set: browser sign-in only works at this address and e-mailed \
             links point to it; set LANDER_PUBLIC_URL to the address people use"
        );
    }
    let redirect_base = url::Url::parse(&sessions.public_origin)
        .with_context(|| format!("public_url '{}' is not a URL", sessions.public_origin))?;
    let oidc = oidc::Oidc::new(config.auth.oidc.clone(), redirect_base)
        .context("invalid configuration: auth.oidc")?;
    let mailer = mail::Mailer::from_config(&config.mail).context("invalid configuration")?;
    if !mailer.is_configured() {
        tracing::warn!(
            "no SMTP server is configured (mail.smtp_url): e-mails (password resets, \
             confirmations, invitations) are written to this log instead of being sent"
        );
    }
    let (outbox, mail_worker) = mail::Outbox::start(mailer);
    let assets = assets::Assets::local(&config.data_dir, config.assets.max_upload_bytes())?;
    let state = AppState {
        store,
        edge,
        sessions,
        oidc: Arc::new(oidc),
        domain_rules: Arc::new(config.auth.domain_rules.clone()),
        outbox: Arc::new(outbox),
        limiter: Arc::new(ratelimit::Limiter::new(ratelimit::Policy::default())),
        assets: Arc::new(assets),
    };
    let router = router(
        state.clone(),
        Duration::from_secs(config.request_timeout_secs),
    );
    Ok(Server {
        listener,
        router,
        state,
        grace: Duration::from_secs(config.shutdown_grace_secs),
        mail_worker,
    })
}

/// The whole application: public edge, health checks and the API.
///
/// The edge routes (`/`, `/{slug}` and the 404 fallback) carry no per-request middleware: they
/// answer from memory and never fail, so a request id, a timer and a log line per page view
/// would only cost throughput. Everything else gets request ids, tracing and a timeout.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    let (api, _) = api::router().split_for_parts();
    let api = api
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api", any(api::not_found))
        .route("/api/", any(api::not_found))
        .route("/api/{*rest}", any(api::not_found))
        .route("/app", get(webapp::index))
        .route("/app/", get(webapp::index))
        .route("/app/assets/{*file}", get(webapp::asset))
        .route("/app/{*path}", get(webapp::shell))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .method_not_allowed_fallback(api::method_not_allowed);
    let api = telemetry::with_http_layers(api, request_timeout);
    Router::new()
        .route("/", get(edge::home))
        .route("/{slug}", get(edge::serve_page))
        .route("/assets/{key}", get(assets::serve))
        .merge(api)
        .fallback(edge::fallback)
        .with_state(state)
}

impl Server {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        // A bound TCP listener always has a local address.
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Shared state (tests use it to reach the store).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish (up to the grace
    /// period) and closes the database pool.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Server {
            listener,
            router,
            state,
            grace,
            mail_worker,
        } = self;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        // Responses go out as soon as they are written (as nginx's `tcp_nodelay on`), instead
        // of waiting on Nagle's algorithm for the previous segment's acknowledgement.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let app = router.into_make_service_with_connect_info::<SocketAddr>();
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing in-flight requests");
            let _ = stop_tx.send(true);
        });
        let mut stop_rx2 = stop_rx.clone();
        let result = tokio::select! {
            r = serve => r.context("server error"),
            _ = async move {
                let _ = stop_rx2.wait_for(|s| *s).await;
                tokio::time::sleep(grace).await;
            } => {
                tracing::warn!(grace_secs = grace.as_secs(), "in-flight requests did not finish in time");
                Ok(())
            }
        };
        drop(stop_rx);
        // Send what is queued: the mail task ends once the last outbox handle is gone.
        let store = state.store.clone();
        drop(state);
        match tokio::time::timeout(Duration::from_secs(10), mail_worker).await {
            Ok(Ok(())) => tracing::info!("mail queue sent"),
            Ok(Err(e)) => tracing::error!(error = %e, "the mail task failed"),
            Err(_) => tracing::warn!("mails still queued after 10 s were not sent"),
        }
        store.close().await;
        tracing::info!("stopped");
        result
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

//! The Plimsoll server: a JSON HTTP API over a store (`/api/v1`, described by
//! the OpenAPI document it serves) and the web UI on it (`/`, [`web`]), with
//! accounts and roles, API tokens, the review workflow and a hash-chained
//! audit trail.
//!
//! [`app`] builds the router (tests call it with `tower::ServiceExt::oneshot`);
//! [`serve`] runs it. Every response carries the security headers; request
//! bodies are bounded by [`BODY_MAX_BYTES`]; errors are one JSON shape
//! without internals ([`AppError`]).

pub mod accounts;
mod api;
mod app_error;
pub mod audit;
pub mod auth;
mod error;
mod ledger;
mod tokens;
mod vessels;
pub mod web;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::{delete, get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use accounts::Accounts;
pub use api::{AUDIT_PAGE_MAX, EVENT_ID_MAX, PAGE_SIZE_MAX, TRACK_POINTS_MAX, TRACK_SPAN_MAX_MS};
pub use app_error::AppError;
pub use error::{Error, ErrorKind};

/// Largest request body, bytes (a review with its 4 KB comment fits many times over).
pub const BODY_MAX_BYTES: usize = 64 * 1024;
/// Password hashes computed at once (argon2 takes ~19 MiB and tens of ms each).
pub const HASHING_CONCURRENCY: usize = 2;

/// The OpenAPI 3.1 document of the API (hand-written; a test checks it against the router).
pub const OPENAPI: &str = include_str!("openapi.json");

/// What the handlers share: the store, its accounts, the login limiter.
#[derive(Clone)]
pub struct AppState {
    /// The store directory.
    pub store: Arc<PathBuf>,
    pub accounts: Arc<Accounts>,
    pub login_limiter: Arc<auth::LoginLimiter>,
    pub hashing: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// The state for the store in `dir`, opening (creating) its accounts database.
    ///
    /// # Errors
    /// [`ErrorKind::NoStore`] when `dir` holds no store catalog; SQLite errors.
    pub fn open(dir: &Path) -> Result<AppState, Error> {
        Ok(AppState {
            store: Arc::new(dir.to_owned()),
            accounts: Arc::new(Accounts::open(dir)?),
            login_limiter: Arc::default(),
            hashing: Arc::new(tokio::sync::Semaphore::new(HASHING_CONCURRENCY)),
        })
    }
}

/// The headers every response carries (set only where a handler did not set
/// its own, which the dossier does for its Content-Security-Policy).
const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", web::CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    // Events and reviews are sensitive and change: never cached (the UI's files
    // set their own revalidated caching).
    ("cache-control", "no-store"),
];

/// The router: the API under `/api/v1`, every response with [`SECURITY_HEADERS`].
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/login", post(api::login))
        .route("/logout", post(api::logout))
        .route("/me", get(api::me))
        .route("/events", get(api::list_events))
        .route("/events/{id}", get(api::get_event))
        .route("/events/{id}/dossier", get(api::event_dossier))
        .route("/events/{id}/reviews", post(api::add_review))
        .route("/vessels/{mmsi}/track", get(api::vessel_track))
        .route("/audit", get(api::audit))
        .route("/openapi.json", get(api::openapi))
        .route("/vessels/{mmsi}", get(vessels::vessel))
        .route("/sanctioned", get(vessels::sanctioned))
        .route("/summary", get(vessels::summary))
        .route("/ledger", get(ledger::ledger))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", delete(tokens::revoke))
        .route("/basemap/land.geojson", get(web::basemap));
    let mut router = Router::new()
        .route("/", get(web::index))
        .route("/ui/{*path}", get(web::asset))
        .nest("/api/v1", api)
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(BODY_MAX_BYTES))
        .with_state(state);
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// Why [`serve`] stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The store or its accounts could not be opened.
    #[error(transparent)]
    Open(#[from] Error),
    /// Binding the address, or serving, failed.
    #[error("{addr}: {source}")]
    Io {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// Serves the store in `dir` on `addr` until Ctrl-C; calls `ready` with the
/// bound address once listening.
///
/// # Errors
/// [`ServeError`].
pub fn serve(dir: &Path, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let state = AppState::open(dir)?;
    let io = |source| ServeError::Io { addr, source };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(io)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
        ready(listener.local_addr().map_err(io)?);
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                // If the signal cannot be listened for, serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .map_err(io)
    })
}

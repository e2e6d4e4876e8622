//! Who is calling: the session cookie (with the CSRF check on state-changing
//! requests) or an API token (`Authorization: Bearer`), roles, and the
//! failed-login limiter.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};

use crate::accounts::{Role, Session, User, API_TOKEN_PREFIX};
use crate::app_error::AppError;
use crate::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "plimsoll_session";
/// The header carrying the CSRF token on POST, PUT, PATCH and DELETE.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Failed logins for one name before it is refused for a while.
pub const LOGIN_FAILURES_MAX: u32 = 5;
/// How long a name stays refused after [`LOGIN_FAILURES_MAX`] failures, ms.
pub const LOGIN_LOCKOUT_MS: i64 = 15 * 60_000;
/// Names the limiter remembers; beyond it, expired entries are dropped, then all.
const LIMITER_NAMES_MAX: usize = 10_000;

/// The caller of a request that needs a session or an API token.
///
/// With the session cookie, methods other than GET and HEAD need the
/// `X-CSRF-Token` header to match the session's token: the cookie alone (which
/// a browser sends by itself) never changes anything. An API token comes in the
/// `Authorization` header, which a browser never adds by itself, so it needs no
/// CSRF token. A request with an `Authorization` header is judged by it alone.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub credential: Credential,
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    /// The session cookie's token (to end the session on logout), with the session's CSRF token.
    Session { token: String, csrf_token: String },
    /// An API token.
    ApiToken,
}

impl Caller {
    /// Refuses callers below `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(AppError::Forbidden("your role does not allow this"))
        }
    }
}

/// The session token in the `Cookie` header, if well-formed (64 hex digits).
fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The token of an `Authorization: Bearer plm_...` header: `None` without the
/// header, `Some(None)` when it is there but malformed.
fn bearer_token(parts: &Parts) -> Option<Option<String>> {
    let value = parts.headers.get(header::AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| {
            t.strip_prefix(API_TOKEN_PREFIX)
                .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .map(str::to_owned);
    Some(token)
}

/// Compares without stopping at the first difference, so the time taken does not
/// tell how much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
        if let Some(bearer) = bearer_token(parts) {
            let token = bearer.ok_or(AppError::Unauthorized)?;
            let accounts = state.accounts.clone();
            let user = tokio::task::spawn_blocking(move || accounts.token_user(&token)).await??;
            let user = user.ok_or(AppError::Unauthorized)?;
            return Ok(Caller { user, credential: Credential::ApiToken });
        }
        let token = session_token(parts).ok_or(AppError::Unauthorized)?;
        let accounts = state.accounts.clone();
        let lookup = token.clone();
        let session: Option<Session> =
            tokio::task::spawn_blocking(move || accounts.session(&lookup)).await??;
        let session = session.ok_or(AppError::Unauthorized)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts.headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
            if !constant_time_eq(sent, session.csrf_token.as_bytes()) {
                return Err(AppError::Forbidden("missing or wrong X-CSRF-Token header"));
            }
        }
        Ok(Caller {
            user: session.user,
            credential: Credential::Session { token, csrf_token: session.csrf_token },
        })
    }
}

/// The `Set-Cookie` value of a new session: HttpOnly (no script reads it),
/// SameSite=Strict (no other site's page sends it), for the whole site. Not
/// `Secure`, as the server speaks plain HTTP on a loopback address; put a TLS
/// proxy in front (and it adds `Secure`) to serve a network.
pub fn session_cookie(token: &str, max_age_s: i64) -> String {
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_s}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_cookie() -> String {
    session_cookie("", 0)
}

/// Counts failed logins per name; a name with [`LOGIN_FAILURES_MAX`] failures in
/// [`LOGIN_LOCKOUT_MS`] is refused until the window passes. Keyed by name, not
/// address, so that guessing one account's password from many addresses is
/// slowed as much as from one.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    /// name -> (failures, time of the first failure of the window, ms).
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl LoginLimiter {
    /// Whether `name` may try now.
    pub fn allows(&self, name: &str, now_ms: i64) -> bool {
        let failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match failures.get(name) {
            Some(&(count, since_ms)) => count < LOGIN_FAILURES_MAX || now_ms - since_ms >= LOGIN_LOCKOUT_MS,
            None => true,
        }
    }

    /// Records the outcome of a login attempt for `name`.
    pub fn record(&self, name: &str, succeeded: bool, now_ms: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if succeeded {
            failures.remove(name);
            return;
        }
        if failures.len() >= LIMITER_NAMES_MAX && !failures.contains_key(name) {
            failures.retain(|_, &mut (_, since_ms)| now_ms - since_ms < LOGIN_LOCKOUT_MS);
            if failures.len() >= LIMITER_NAMES_MAX {
                failures.clear();
            }
        }
        let entry = failures.entry(name.to_owned()).or_insert((0, now_ms));
        if now_ms - entry.1 >= LOGIN_LOCKOUT_MS {
            *entry = (0, now_ms);
        }
        entry.0 = entry.0.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_locks_then_forgets() {
        let limiter = LoginLimiter::default();
        for _ in 0..LOGIN_FAILURES_MAX {
            assert!(limiter.allows("ana", 0));
            limiter.record("ana", false, 0);
        }
        assert!(!limiter.allows("ana", 1000));
        assert!(limiter.allows("bob", 1000));
        assert!(limiter.allows("ana", LOGIN_LOCKOUT_MS));
        limiter.record("ana", true, LOGIN_LOCKOUT_MS);
        assert!(limiter.allows("ana", LOGIN_LOCKOUT_MS));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}

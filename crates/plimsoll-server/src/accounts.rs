//! Users, sessions, reviews and the audit trail, in `accounts.sqlite` beside
//! the store's catalog (kept apart so the engine's catalog never holds
//! credentials, and a store can be shared without its accounts).
//!
//! Passwords are hashed with argon2 (the crate's default parameters,
//! Argon2id m=19 MiB t=2 p=1, OWASP's recommendation). Session tokens are 32
//! random bytes; the database holds only their SHA-256, so a copy of it opens
//! no session. Every method opens its own connection: the server calls them
//! from blocking tasks, and SQLite serialises the writers.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{self, hex, AuditEntry, NewEntry, Verification};
use crate::error::{At, Error, ErrorKind};

/// The accounts database's file name in the store directory.
pub const ACCOUNTS_FILE: &str = "accounts.sqlite";
/// Longest user name.
pub const USER_NAME_MAX: usize = 64;
/// Shortest password, bytes (NIST SP 800-63B's minimum for user-chosen secrets).
pub const PASSWORD_MIN: usize = 8;
/// Longest password, bytes (bounds the hashing work one request can ask for).
pub const PASSWORD_MAX: usize = 1024;
/// How long a session lasts, ms (a working day).
pub const SESSION_MS: i64 = 12 * 3_600_000;
/// Longest review comment, bytes.
pub const COMMENT_MAX: usize = 4096;
/// The prefix of an API token (so a leaked one is recognisable in logs and scanners).
pub const API_TOKEN_PREFIX: &str = "plm_";
/// Longest API token label.
pub const TOKEN_LABEL_MAX: usize = 100;
/// Longest an API token lives, days (a year; a token that must live longer is renewed).
pub const TOKEN_DAYS_MAX: u32 = 366;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'dismiss', 'escalate')),
    comment TEXT NOT NULL,
    time TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_event ON reviews(event_id);
CREATE TABLE IF NOT EXISTS api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_sha256 TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_ms INTEGER
);
";

/// What a user may do; each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads events, dossiers, tracks and reviews.
    Viewer,
    /// Also reviews events.
    Analyst,
    /// Also reads the audit trail.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        [Role::Viewer, Role::Analyst, Role::Admin].into_iter().find(|r| r.as_str() == name)
    }
}

/// A user account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// A new session: the token goes into the cookie, the CSRF token to the client.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_ms: i64,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

/// A new API token: the secret is shown once and stored only as its SHA-256.
#[derive(Debug, Clone, Serialize)]
pub struct NewApiToken {
    pub id: i64,
    /// `plm_` and 64 hex digits: send as `Authorization: Bearer <token>`.
    pub token: String,
    pub user: String,
    pub label: String,
    /// RFC 3339 UTC, or `None` for a token that lives until revoked.
    pub expires: Option<String>,
}

/// An API token as listed (without its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub user: String,
    pub label: String,
    pub created_at: String,
    pub created_by: String,
    pub expires: Option<String>,
}

/// An analyst's verdict on an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    Confirm,
    Dismiss,
    Escalate,
}

impl ReviewAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Confirm => "confirm",
            ReviewAction::Dismiss => "dismiss",
            ReviewAction::Escalate => "escalate",
        }
    }

    fn from_db(text: &str) -> ReviewAction {
        match text {
            "confirm" => ReviewAction::Confirm,
            "dismiss" => ReviewAction::Dismiss,
            _ => ReviewAction::Escalate,
        }
    }
}

/// A recorded review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub id: i64,
    pub event_id: String,
    pub user: String,
    pub action: ReviewAction,
    pub comment: String,
    /// RFC 3339 UTC.
    pub time: String,
    /// Its entry in the audit trail.
    pub audit_seq: i64,
}

/// The accounts database of one store.
#[derive(Debug, Clone)]
pub struct Accounts {
    path: PathBuf,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// 32 random bytes as hex.
fn random_token() -> Result<String, Error> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|source| ErrorKind::Random { source })?;
    Ok(hex(&bytes))
}

fn token_sha256(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hash_password(password: &str) -> Result<String, Error> {
    let mut salt = [0_u8; 16];
    getrandom::fill(&mut salt).map_err(|source| ErrorKind::Random { source })?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ErrorKind::Hash { what: e.to_string() })?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| ErrorKind::Hash { what: e.to_string() })?;
    Ok(hash.to_string())
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash no password matches, checked when the user does not exist so that an
/// unknown name takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        random_token().and_then(|pw| hash_password(&pw)).unwrap_or_else(|_| "$argon2id$decoy".to_owned())
    })
}

/// Whether `name` is an acceptable user name.
pub fn valid_user_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= USER_NAME_MAX
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

impl Accounts {
    /// Opens (creating if needed) the accounts database of the store in `dir`.
    ///
    /// # Errors
    /// [`ErrorKind::NoStore`] when `dir` holds no store catalog; SQLite errors.
    pub fn open(dir: &Path) -> Result<Accounts, Error> {
        if !dir.join(plimsoll::store::CATALOG_FILE).is_file() {
            return Err(ErrorKind::NoStore { path: dir.to_owned() }.into());
        }
        let accounts = Accounts { path: dir.join(ACCOUNTS_FILE) };
        let conn = accounts.conn()?;
        conn.execute_batch(SCHEMA).at(&accounts.path)?;
        conn.execute_batch(audit::SCHEMA).at(&accounts.path)?;
        Ok(accounts)
    }

    fn conn(&self) -> Result<Connection, Error> {
        let p = &self.path;
        let conn = Connection::open(p).at(p)?;
        conn.busy_timeout(Duration::from_secs(5)).at(p)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;").at(p)?;
        Ok(conn)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds a user (audited as `user.add` by `by`).
    ///
    /// # Errors
    /// [`ErrorKind::BadUserName`], [`ErrorKind::BadPassword`], [`ErrorKind::UserExists`].
    pub fn add_user(&self, name: &str, role: Role, password: &str, by: &str) -> Result<User, Error> {
        if !valid_user_name(name) {
            return Err(ErrorKind::BadUserName { max: USER_NAME_MAX }.into());
        }
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&password.len()) {
            return Err(ErrorKind::BadPassword { min: PASSWORD_MIN, max: PASSWORD_MAX }.into());
        }
        let hash = hash_password(password)?;
        let p = &self.path;
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).at(p)?;
        let exists: Option<i64> =
            tx.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0)).optional().at(p)?;
        if exists.is_some() {
            return Err(ErrorKind::UserExists { name: name.to_owned() }.into());
        }
        let time = now_rfc3339();
        tx.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.as_str(), hash, time],
        )
        .at(p)?;
        let id = tx.last_insert_rowid();
        let comment = format!("{name} as {}", role.as_str());
        audit::append(
            &tx,
            &NewEntry { time, user: by, action: "user.add", event_id: None, comment: &comment },
        )
        .at(p)?;
        tx.commit().at(p)?;
        Ok(User { id, name: name.to_owned(), role })
    }

    /// The number of users.
    pub fn user_count(&self) -> Result<u64, Error> {
        let n: i64 = self.conn()?.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).at(&self.path)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The user whose name and password these are. An unknown name costs one
    /// argon2 verification, like a wrong password.
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>, Error> {
        let row: Option<(i64, String, String)> = if valid_user_name(name) {
            self.conn()?
                .query_row("SELECT id, role, password_hash FROM users WHERE name = ?1", [name], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()
                .at(&self.path)?
        } else {
            None
        };
        let stored = row.as_ref().map_or(decoy_hash(), |(_, _, hash)| hash.as_str());
        let matches = password.len() <= PASSWORD_MAX && password_matches(password, stored);
        Ok(match row {
            Some((id, role, _)) if matches => {
                Role::from_name(&role).map(|role| User { id, name: name.to_owned(), role })
            }
            _ => None,
        })
    }

    /// Opens a session for `user`, dropping the expired ones.
    pub fn create_session(&self, user: &User) -> Result<NewSession, Error> {
        let token = random_token()?;
        let csrf_token = random_token()?;
        let now = now_ms();
        let expires_ms = now.saturating_add(SESSION_MS);
        let conn = self.conn()?;
        let p = &self.path;
        conn.execute("DELETE FROM sessions WHERE expires_ms <= ?1", [now]).at(p)?;
        conn.execute(
            "INSERT INTO sessions (token_sha256, user_id, csrf_token, expires_ms) VALUES (?1, ?2, ?3, ?4)",
            params![token_sha256(&token), user.id, csrf_token, expires_ms],
        )
        .at(p)?;
        Ok(NewSession { token, csrf_token, expires_ms })
    }

    /// The live session of `token`, if any.
    pub fn session(&self, token: &str) -> Result<Option<Session>, Error> {
        let row: Option<(i64, String, String, String)> = self
            .conn()?
            .query_row(
                "SELECT u.id, u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_sha256 = ?1 AND s.expires_ms > ?2",
                params![token_sha256(token), now_ms()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .at(&self.path)?;
        Ok(row.and_then(|(id, name, role, csrf_token)| {
            Role::from_name(&role).map(|role| Session { user: User { id, name, role }, csrf_token })
        }))
    }

    /// Ends the session of `token`.
    pub fn end_session(&self, token: &str) -> Result<(), Error> {
        self.conn()?
            .execute("DELETE FROM sessions WHERE token_sha256 = ?1", [token_sha256(token)])
            .at(&self.path)?;
        Ok(())
    }

    /// Creates an API token for the user `name`, valid for `days` (until revoked
    /// when `None`); audited as `token.create` by `by`.
    ///
    /// # Errors
    /// [`ErrorKind::NoSuchUser`], [`ErrorKind::BadTokenLabel`], [`ErrorKind::BadTokenDays`]; SQLite errors.
    pub fn create_token(
        &self,
        name: &str,
        label: &str,
        days: Option<u32>,
        by: &str,
    ) -> Result<NewApiToken, Error> {
        if label.len() > TOKEN_LABEL_MAX || label.chars().any(char::is_control) {
            return Err(ErrorKind::BadTokenLabel { max: TOKEN_LABEL_MAX }.into());
        }
        if days.is_some_and(|d| d == 0 || d > TOKEN_DAYS_MAX) {
            return Err(ErrorKind::BadTokenDays { max: TOKEN_DAYS_MAX }.into());
        }
        let token = format!("{API_TOKEN_PREFIX}{}", random_token()?);
        let expires_ms = days.map(|d| now_ms().saturating_add(i64::from(d) * 86_400_000));
        let p = &self.path;
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).at(p)?;
        let user_id: i64 = tx
            .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
            .optional()
            .at(p)?
            .ok_or_else(|| ErrorKind::NoSuchUser { name: name.to_owned() })?;
        let time = now_rfc3339();
        tx.execute(
            "INSERT INTO api_tokens (token_sha256, user_id, label, created_at, created_by, expires_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token_sha256(&token), user_id, label, time, by, expires_ms],
        )
        .at(p)?;
        let id = tx.last_insert_rowid();
        let comment = format!("token {id} for {name}: {label}");
        audit::append(
            &tx,
            &NewEntry { time, user: by, action: "token.create", event_id: None, comment: &comment },
        )
        .at(p)?;
        tx.commit().at(p)?;
        Ok(NewApiToken {
            id,
            token,
            user: name.to_owned(),
            label: label.to_owned(),
            expires: expires_ms.map(plimsoll::ingest::format_time_ms),
        })
    }

    /// The user of a live API token, if any.
    pub fn token_user(&self, token: &str) -> Result<Option<User>, Error> {
        let row: Option<(i64, String, String)> = self
            .conn()?
            .query_row(
                "SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_sha256 = ?1 AND (t.expires_ms IS NULL OR t.expires_ms > ?2)",
                params![token_sha256(token), now_ms()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .at(&self.path)?;
        Ok(row.and_then(|(id, name, role)| Role::from_name(&role).map(|role| User { id, name, role })))
    }

    /// Every API token, oldest first (without secrets).
    pub fn tokens(&self) -> Result<Vec<ApiTokenInfo>, Error> {
        let conn = self.conn()?;
        let p = &self.path;
        let mut stmt = conn
            .prepare(
                "SELECT t.id, u.name, t.label, t.created_at, t.created_by, t.expires_ms
                 FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id",
            )
            .at(p)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ApiTokenInfo {
                    id: r.get(0)?,
                    user: r.get(1)?,
                    label: r.get(2)?,
                    created_at: r.get(3)?,
                    created_by: r.get(4)?,
                    expires: r.get::<_, Option<i64>>(5)?.map(plimsoll::ingest::format_time_ms),
                })
            })
            .at(p)?;
        rows.collect::<Result<_, _>>().at(p)
    }

    /// Revokes the API token `id`; audited as `token.revoke` by `by`. Whether it existed.
    pub fn revoke_token(&self, id: i64, by: &str) -> Result<bool, Error> {
        let p = &self.path;
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).at(p)?;
        if tx.execute("DELETE FROM api_tokens WHERE id = ?1", [id]).at(p)? == 0 {
            return Ok(false);
        }
        let comment = format!("token {id}");
        let entry = NewEntry {
            time: now_rfc3339(),
            user: by,
            action: "token.revoke",
            event_id: None,
            comment: &comment,
        };
        audit::append(&tx, &entry).at(p)?;
        tx.commit().at(p)?;
        Ok(true)
    }

    /// Records `user`'s review of `event_id` and its audit entry, in one transaction.
    ///
    /// # Errors
    /// SQLite errors. The caller checks the event exists and the comment's length.
    pub fn add_review(
        &self,
        user: &User,
        event_id: &str,
        action: ReviewAction,
        comment: &str,
    ) -> Result<Review, Error> {
        let p = &self.path;
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).at(p)?;
        let time = now_rfc3339();
        let audit_action = format!("review.{}", action.as_str());
        let entry = audit::append(
            &tx,
            &NewEntry {
                time: time.clone(),
                user: &user.name,
                action: &audit_action,
                event_id: Some(event_id),
                comment,
            },
        )
        .at(p)?;
        tx.execute(
            "INSERT INTO reviews (event_id, user, action, comment, time, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![event_id, user.name, action.as_str(), comment, time, entry.seq],
        )
        .at(p)?;
        let id = tx.last_insert_rowid();
        tx.commit().at(p)?;
        Ok(Review {
            id,
            event_id: event_id.to_owned(),
            user: user.name.clone(),
            action,
            comment: comment.to_owned(),
            time,
            audit_seq: entry.seq,
        })
    }

    /// The reviews of `event_id`, oldest first.
    pub fn reviews(&self, event_id: &str) -> Result<Vec<Review>, Error> {
        let conn = self.conn()?;
        let p = &self.path;
        let mut stmt = conn
            .prepare(
                "SELECT id, event_id, user, action, comment, time, audit_seq FROM reviews
                 WHERE event_id = ?1 ORDER BY id",
            )
            .at(p)?;
        let rows = stmt
            .query_map([event_id], |r| {
                Ok(Review {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    user: r.get(2)?,
                    action: ReviewAction::from_db(&r.get::<_, String>(3)?),
                    comment: r.get(4)?,
                    time: r.get(5)?,
                    audit_seq: r.get(6)?,
                })
            })
            .at(p)?;
        rows.collect::<Result<_, _>>().at(p)
    }

    /// Audit entries in order, `limit` from `offset`.
    pub fn audit_entries(&self, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, Error> {
        audit::entries(&self.conn()?, limit, offset).at(&self.path)
    }

    /// Recomputes the audit chain (see [`audit`]).
    pub fn verify_audit(&self) -> Result<Verification, Error> {
        audit::verify(&self.conn()?).at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Problem;

    fn setup() -> (tempfile::TempDir, Accounts, User) {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(Accounts::open(dir.path()).unwrap_err().kind, ErrorKind::NoStore { .. }));
        std::fs::write(dir.path().join(plimsoll::store::CATALOG_FILE), "").unwrap();
        let accounts = Accounts::open(dir.path()).unwrap();
        let user = accounts.add_user("ana", Role::Analyst, "correct horse", "cli").unwrap();
        for (i, action) in
            [ReviewAction::Confirm, ReviewAction::Dismiss, ReviewAction::Escalate].iter().enumerate()
        {
            accounts.add_review(&user, &format!("encounter-1-2-{i}"), *action, "looked at it").unwrap();
        }
        (dir, accounts, user)
    }

    fn raw(accounts: &Accounts, sql: &str) {
        Connection::open(accounts.path()).unwrap().execute_batch(sql).unwrap();
    }

    #[test]
    fn passwords_and_sessions() {
        let (_dir, accounts, user) = setup();
        assert_eq!(accounts.check_password("ana", "correct horse").unwrap(), Some(user.clone()));
        assert_eq!(accounts.check_password("ana", "wrong horse").unwrap(), None);
        assert_eq!(accounts.check_password("bob", "correct horse").unwrap(), None);
        assert_eq!(accounts.check_password("../etc", "x").unwrap(), None);
        assert!(matches!(
            accounts.add_user("ana", Role::Viewer, "another one", "cli").unwrap_err().kind,
            ErrorKind::UserExists { .. }
        ));
        assert!(matches!(
            accounts.add_user("x y", Role::Viewer, "another one", "cli").unwrap_err().kind,
            ErrorKind::BadUserName { .. }
        ));
        assert!(matches!(
            accounts.add_user("bob", Role::Viewer, "short", "cli").unwrap_err().kind,
            ErrorKind::BadPassword { .. }
        ));
        let session = accounts.create_session(&user).unwrap();
        let live = accounts.session(&session.token).unwrap().unwrap();
        assert_eq!(live.user, user);
        assert_eq!(live.csrf_token, session.csrf_token);
        // The database keeps only the token's hash.
        let stored: String = Connection::open(accounts.path())
            .unwrap()
            .query_row("SELECT token_sha256 FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, session.token);
        accounts.end_session(&session.token).unwrap();
        assert!(accounts.session(&session.token).unwrap().is_none());
    }

    #[test]
    fn api_tokens_are_hashed_expire_and_revoke() {
        let (_dir, accounts, user) = setup();
        let new = accounts.create_token("ana", "ci job", None, "root").unwrap();
        assert!(new.token.starts_with(API_TOKEN_PREFIX) && new.token.len() == 68);
        assert_eq!(accounts.token_user(&new.token).unwrap(), Some(user));
        assert_eq!(accounts.token_user("plm_0000").unwrap(), None);
        let stored: String = Connection::open(accounts.path())
            .unwrap()
            .query_row("SELECT token_sha256 FROM api_tokens", [], |r| r.get(0))
            .unwrap();
        assert_ne!(stored, new.token);
        assert!(matches!(
            accounts.create_token("nobody", "x", None, "root").unwrap_err().kind,
            ErrorKind::NoSuchUser { .. }
        ));
        assert!(matches!(
            accounts.create_token("ana", "x", Some(0), "root").unwrap_err().kind,
            ErrorKind::BadTokenDays { .. }
        ));
        assert!(matches!(
            accounts.create_token("ana", "bell \u{7}", None, "root").unwrap_err().kind,
            ErrorKind::BadTokenLabel { .. }
        ));
        let expiring = accounts.create_token("ana", "short", Some(1), "root").unwrap();
        raw(&accounts, "UPDATE api_tokens SET expires_ms = 1 WHERE label = 'short'");
        assert_eq!(accounts.token_user(&expiring.token).unwrap(), None);
        assert_eq!(accounts.tokens().unwrap().len(), 2);
        assert!(accounts.revoke_token(new.id, "root").unwrap());
        assert!(!accounts.revoke_token(new.id, "root").unwrap());
        assert_eq!(accounts.token_user(&new.token).unwrap(), None);
        let actions: Vec<String> =
            accounts.audit_entries(100, 0).unwrap().into_iter().map(|e| e.action).collect();
        assert!(actions.iter().any(|a| a == "token.create") && actions.iter().any(|a| a == "token.revoke"));
        assert!(accounts.verify_audit().unwrap().ok());
    }

    #[test]
    fn intact_chain_verifies() {
        let (_dir, accounts, _) = setup();
        let v = accounts.verify_audit().unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(v.entries, 4);
        assert_eq!(accounts.reviews("encounter-1-2-1").unwrap()[0].action, ReviewAction::Dismiss);
        let entries = accounts.audit_entries(10, 0).unwrap();
        assert_eq!(entries[0].action, "user.add");
        assert_eq!(entries[3].hash, v.head_hash);
    }

    #[test]
    fn edited_entry_is_found() {
        let (_dir, accounts, _) = setup();
        raw(&accounts, "UPDATE audit_log SET comment = 'nothing to see' WHERE seq = 3");
        let bad = accounts.verify_audit().unwrap().first_bad.unwrap();
        assert_eq!((bad.seq, bad.problem), (3, Problem::Edited));
    }

    #[test]
    fn removed_entry_is_found() {
        let (_dir, accounts, _) = setup();
        raw(&accounts, "DELETE FROM audit_log WHERE seq = 2");
        let bad = accounts.verify_audit().unwrap().first_bad.unwrap();
        assert_eq!((bad.seq, bad.problem), (3, Problem::Sequence));
        // Renumbering to hide the gap breaks the link instead.
        raw(&accounts, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2");
        let bad = accounts.verify_audit().unwrap().first_bad.unwrap();
        assert_eq!((bad.seq, bad.problem), (2, Problem::Unlinked));
    }

    #[test]
    fn reordered_entries_are_found() {
        let (_dir, accounts, _) = setup();
        raw(
            &accounts,
            "UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;
             UPDATE audit_log SET seq = 3 WHERE seq = -2;",
        );
        let bad = accounts.verify_audit().unwrap().first_bad.unwrap();
        assert_eq!((bad.seq, bad.problem), (2, Problem::Unlinked));
    }

    #[test]
    fn removed_tail_is_found() {
        let (_dir, accounts, _) = setup();
        raw(&accounts, "DELETE FROM audit_log WHERE seq = 4");
        let bad = accounts.verify_audit().unwrap().first_bad.unwrap();
        assert_eq!((bad.seq, bad.problem), (4, Problem::Truncated));
    }
}

//! Errors of the accounts database (users, sessions, reviews, audit trail).

use std::path::PathBuf;

/// An error from the accounts database.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    /// What went wrong; match on it.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The accounts database (SQLite) failed.
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The directory holds no store.
    #[error("{}: not a Plimsoll store (no catalog.sqlite)", path.display())]
    NoStore { path: PathBuf },
    /// A user name outside the allowed form.
    #[error("user name must be 1 to {max} characters of letters, digits, `.`, `_` or `-`")]
    BadUserName { max: usize },
    /// A password shorter or longer than allowed.
    #[error("password must be {min} to {max} bytes long")]
    BadPassword { min: usize, max: usize },
    /// A user of that name exists already.
    #[error("a user named `{name}` exists already")]
    UserExists { name: String },
    /// No user of that name.
    #[error("no user named `{name}`")]
    NoSuchUser { name: String },
    /// An API token label too long or with control characters.
    #[error("a token label must be at most {max} bytes without control characters")]
    BadTokenLabel { max: usize },
    /// An API token lifetime out of range.
    #[error("a token lives 1 to {max} days")]
    BadTokenDays { max: u32 },
    /// Hashing a password failed (argon2).
    #[error("hashing the password: {what}")]
    Hash { what: String },
    /// The operating system's random source failed.
    #[error("random source: {source}")]
    Random {
        #[source]
        source: getrandom::Error,
    },
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

/// Adds the database path to SQLite errors.
pub(crate) trait At<T> {
    fn at(self, path: &std::path::Path) -> Result<T, Error>;
}

impl<T> At<T> for Result<T, rusqlite::Error> {
    fn at(self, path: &std::path::Path) -> Result<T, Error> {
        self.map_err(|source| ErrorKind::Sqlite { path: path.to_owned(), source }.into())
    }
}

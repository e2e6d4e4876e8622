//! Store errors, each with the path it concerns.

use std::path::PathBuf;

use crate::ingest;

/// An error from the store.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    /// What went wrong, and where; match on it.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or directory of the store could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The SQLite catalog failed.
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// Writing a Parquet file failed.
    #[error("{}: {source}", path.display())]
    Parquet {
        path: PathBuf,
        #[source]
        source: parquet::errors::ParquetError,
    },
    /// Decoding a batch of a Parquet file failed.
    #[error("{}: {source}", path.display())]
    ArrowRead {
        path: PathBuf,
        #[source]
        source: arrow_schema::ArrowError,
    },
    /// A Parquet file lacks a column, or has it with another type.
    #[error("{}: no column {column} of the expected type", path.display())]
    Column { path: PathBuf, column: &'static str },
    /// Rows did not fit the schema (a bug).
    #[error("building a record batch: {source}")]
    Arrow {
        #[source]
        source: arrow_schema::ArrowError,
    },
    /// Reading the input failed.
    #[error(transparent)]
    Ingest(#[from] ingest::Error),
    /// Another ingest holds the store.
    #[error("{}: another ingest is writing to this store", path.display())]
    Locked { path: PathBuf },
    /// The directory holds no catalog.
    #[error("{}: not a Plimsoll store (no catalog.sqlite)", path.display())]
    NotAStore { path: PathBuf },
    /// The catalog was written by a version with another schema.
    #[error("{}: catalog schema version {found}, this build reads {expected}", path.display())]
    SchemaVersion { path: PathBuf, found: String, expected: String },
    /// The input's bytes changed between hashing it and reading it.
    #[error("{input}: changed while being read (SHA-256 {before} before, {after} after)")]
    InputChanged { input: String, before: String, after: String },
    /// The writer stored a different number of rows than ingest produced (a bug).
    #[error("{table}: {produced} rows produced, {written} written")]
    RowCount { table: &'static str, produced: u64, written: u64 },
    /// A list version of that date is in the store with other content.
    #[error("{list} published {published} is already in the store with other content (SHA-256 {sha256})")]
    ListVersionConflict { list: String, published: String, sha256: String },
    /// No version of a list (of that date) is in the store.
    #[error("no version of list {list}{} in the store", published.as_deref().map(|p| format!(" published {p}")).unwrap_or_default())]
    NoListVersion { list: String, published: Option<String> },
    /// A stored list entry or match could not be read back (a bug, or a
    /// catalog written by another version).
    #[error("{}: stored JSON: {source}", path.display())]
    StoredJson {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// A detect run gave two events one id (a bug in a detector).
    #[error("two events with the id {id} in one detect run")]
    DuplicateEventId { id: String },
    /// A stored event's JSON could not be read back (a store written by another version).
    #[error("stored event: {source}")]
    StoredEvent {
        #[source]
        source: crate::event::ParseError,
    },
    /// The Parquet writer thread stopped without saying why (it panicked).
    #[error("the Parquet writer stopped unexpectedly")]
    WriterStopped,
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

impl From<ingest::Error> for Error {
    fn from(e: ingest::Error) -> Self {
        Error { kind: ErrorKind::Ingest(e) }
    }
}

/// Adds the path to I/O, SQLite and Parquet errors.
pub(crate) trait At<T> {
    fn at(self, path: &std::path::Path) -> Result<T, Error>;
}

impl<T> At<T> for Result<T, std::io::Error> {
    fn at(self, path: &std::path::Path) -> Result<T, Error> {
        self.map_err(|source| ErrorKind::Io { path: path.to_owned(), source }.into())
    }
}

impl<T> At<T> for Result<T, rusqlite::Error> {
    fn at(self, path: &std::path::Path) -> Result<T, Error> {
        self.map_err(|source| ErrorKind::Sqlite { path: path.to_owned(), source }.into())
    }
}

impl<T> At<T> for Result<T, parquet::errors::ParquetError> {
    fn at(self, path: &std::path::Path) -> Result<T, Error> {
        self.map_err(|source| ErrorKind::Parquet { path: path.to_owned(), source }.into())
    }
}

//! Errors that stop the ingest of one input.
//!
//! A bad line is not an error: it is an outcome, counted and listed in the
//! [`Report`](super::Report). These are the problems that leave no way to go on
//! with an input: it cannot be read, or the options cannot describe it.

use std::fmt;

use super::csv::{ColumnSpecError, Field};

/// Where an error happened. Every part is optional because not every error has
/// one: an unreadable file has no line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The input as the user named it (`-` for stdin).
    pub input: Option<String>,
    /// 1-based line number.
    pub line: Option<u64>,
    /// 0-based byte offset in the (decompressed) input.
    pub byte: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.input, self.line) {
            (Some(input), Some(line)) => write!(f, "{input}:{line}")?,
            (Some(input), None) => f.write_str(input)?,
            (None, Some(line)) => write!(f, "line {line}")?,
            (None, None) => f.write_str("(no input)")?,
        }
        if let Some(byte) = self.byte {
            write!(f, " (byte {byte})")?;
        }
        Ok(())
    }
}

/// An error that stopped the ingest of one input.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct Error {
    /// What went wrong; match on it.
    pub kind: ErrorKind,
    /// Where.
    pub location: Location,
}

impl Error {
    /// An error of `kind` at no particular place yet (see [`Error::at_input`]).
    pub fn new(kind: ErrorKind) -> Self {
        Error { kind, location: Location::default() }
    }

    /// Sets the input the error belongs to.
    #[must_use]
    pub fn at_input(mut self, input: &str) -> Self {
        self.location.input = Some(input.to_owned());
        self
    }

    /// Sets the line and byte offset.
    #[must_use]
    pub fn at_line(mut self, line: u64, byte: u64) -> Self {
        self.location.line = Some(line);
        self.location.byte = Some(byte);
        self
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be opened or read (not a decompression error: those
    /// end the input early and are recorded in the report).
    #[error("cannot read: {source}")]
    Io {
        #[source]
        source: std::io::Error,
    },
    /// A `--columns` map that cannot be parsed.
    #[error("bad column map: {what}")]
    ColumnSpec { what: ColumnSpecError },
    /// A `--time-format` that is not a valid strftime format.
    #[error("bad time format {format:?}: not a strftime format, epoch_s, epoch_ms or iso")]
    TimeFormat { format: String },
    /// A `--assume-time` that is not an RFC 3339 / ISO 8601 time.
    #[error("bad time {text:?}: expected RFC 3339, e.g. 2021-03-23T00:00:00Z")]
    AssumedTime { text: String },
    /// The CSV header lacks a column the column map names.
    #[error("the CSV header has no column {column:?} (for {field})")]
    MissingColumn { column: String, field: Field },
    /// The sink stopped accepting rows (the store's writer failed; its own error
    /// says why).
    #[error("the store stopped accepting rows")]
    SinkClosed,
    /// The outcome counts do not add up to the lines read: a bug, reported
    /// instead of storing a report that does not account for every line.
    #[error("outcome counts add up to {counted}, but {lines_read} lines were read")]
    Accounting { lines_read: u64, counted: u64 },
}

/// The sink refused rows because it has stopped (see [`ErrorKind::SinkClosed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the sink is closed")]
pub struct SinkClosed;

impl From<SinkClosed> for Error {
    fn from(_: SinkClosed) -> Self {
        Error::new(ErrorKind::SinkClosed)
    }
}

//! Errors of the list parsers, each with where in the input it happened.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a list file an error happened. Parsers know the byte offset (XML,
/// JSON lines) or the line (CSV); [`Error::in_file`] adds the path and works out
/// the line from the offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub path: Option<PathBuf>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 0-based byte offset from the start of the file.
    pub byte_offset: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}", path.display())?,
            None => f.write_str("<input>")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(offset) = self.byte_offset {
            write!(f, " (byte {offset})")?;
        }
        Ok(())
    }
}

/// An error reading a sanctions list.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct Error {
    /// What went wrong; match on it.
    pub kind: ErrorKind,
    pub location: Location,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("{0}")]
    Io(#[source] std::io::Error),
    /// Malformed XML (a truncated file ends here too).
    #[error("XML: {0}")]
    Xml(#[source] quick_xml::Error),
    /// The XML ended before the root element was closed.
    #[error("the XML ends inside <{open_element}> (truncated file?)")]
    TruncatedXml { open_element: String },
    /// A malformed CSV record (a broken quote, invalid UTF-8 where it must be text).
    #[error("CSV: {0}")]
    Csv(#[source] csv::Error),
    /// A JSON line that does not parse.
    #[error("JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// A quoted field runs over a line end, which no field of the format does:
    /// a quote that is never closed swallows the records after it.
    #[error("a quoted field runs past the end of its line (a broken quote?)")]
    BrokenQuote,
    /// A record has another number of fields than the format has.
    #[error("{found} fields, the {format} format has {expected}")]
    FieldCount { format: &'static str, expected: usize, found: usize },
    /// The CSV header is not the one the format requires.
    #[error("header is not `{expected}`")]
    Header { expected: &'static str },
    /// A required field or element is missing or empty.
    #[error("`{field}` is missing or empty")]
    Missing { field: &'static str },
    /// A field's text is longer than any real value (a bound on untrusted input).
    #[error("`{field}` is longer than {limit_bytes} bytes")]
    TooLong { field: &'static str, limit_bytes: usize },
    /// More records than any real list has (a bound on untrusted input).
    #[error("more than {limit} records")]
    TooManyRecords { limit: usize },
    /// Nesting deeper than any list format has.
    #[error("XML nested deeper than {limit} elements")]
    TooDeep { limit: usize },
    #[error("`{field}` is not a date (YYYY-MM-DD): `{value}`")]
    Date { field: &'static str, value: String },
    #[error("`{field}` is not a number: `{value}`")]
    Number { field: &'static str, value: String },
    /// An IMO number whose seventh digit is not its check digit.
    #[error("IMO number {imo} fails its check digit")]
    ImoCheckDigit { imo: u32 },
    /// An IMO number that is not seven digits.
    #[error("`{value}` is not a seven-digit IMO number")]
    Imo { value: String },
    /// An MMSI that is not nine digits.
    #[error("`{value}` is not a nine-digit MMSI")]
    Mmsi { value: String },
    /// The list carries no publication date and none was given.
    #[error("this list carries no publication date: give one (--published YYYY-MM-DD)")]
    NoPublicationDate,
    /// A publication date was given for a list that carries its own.
    #[error("this list carries its own publication date ({own}); do not give another")]
    PublicationDateGiven { own: String },
    /// The content is of no list format this build reads.
    #[error("not a list format Plimsoll reads (UN consolidated XML, OFAC SDN XML or CSV, OpenSanctions FollowTheMoney JSON lines, watchlist CSV)")]
    UnknownFormat,
    /// An OFAC CSV file was imported without its `sdn` file.
    #[error("an OFAC alt/add CSV without its sdn CSV in the same import")]
    OfacWithoutSdn,
    /// Two files of one import are of the same OFAC part or list.
    #[error("two files of the same kind ({format}) in one import")]
    DuplicatePart { format: &'static str },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind, location: Location::default() }
    }

    pub(crate) fn at_byte(kind: ErrorKind, byte_offset: u64) -> Error {
        Error { kind, location: Location { byte_offset: Some(byte_offset), ..Location::default() } }
    }

    /// At the start of a CSV record.
    pub(crate) fn at_record(kind: ErrorKind, record: &csv::ByteRecord) -> Error {
        Error::at_byte(kind, record.position().map_or(0, csv::Position::byte))
    }

    pub(crate) fn at_line(kind: ErrorKind, line: u64) -> Error {
        Error { kind, location: Location { line: Some(line), ..Location::default() } }
    }

    /// The same error located in `path`; when only the byte offset is known, the
    /// line is counted from the file (best effort: left out if the file cannot
    /// be read again).
    pub fn in_file(mut self, path: &Path) -> Error {
        if self.location.line.is_none() {
            if let Some(offset) = self.location.byte_offset {
                self.location.line = line_of_offset(path, offset);
            }
        }
        self.location.path = Some(path.to_owned());
        self
    }
}

/// The 1-based line holding byte `offset` of the file; a `\n` at the offset
/// counts to the line after it (a CSV record's offset can point at the `\n`
/// of the CRLF before it).
fn line_of_offset(path: &Path, offset: u64) -> Option<u64> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::new(file).take(offset.saturating_add(1));
    let mut buf = [0u8; 64 * 1024];
    let mut newlines = 0u64;
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        newlines += u64::try_from(memchr::memchr_iter(b'\n', &buf[..n]).count()).unwrap_or(u64::MAX);
    }
    Some(newlines + 1)
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e))
    }
}

/// The location a csv error carries (its line and byte offset).
pub(crate) fn csv_error(e: csv::Error) -> Error {
    // Only the byte offset: csv counts a CRLF's `\n` into the next record, so
    // its line can be one short; `Error::in_file` counts lines from the file.
    let location = e.position().map(|p| Location { path: None, line: None, byte_offset: Some(p.byte()) });
    Error { kind: ErrorKind::Csv(e), location: location.unwrap_or_default() }
}

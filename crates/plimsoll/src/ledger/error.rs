//! Errors of the ledger: a regime, reported-deliveries file or volume configuration
//! that does not parse or does not make sense, with the file's line where there is one.

/// A ledger error.
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct Error {
    pub kind: ErrorKind,
    /// The input file's line (1-based), when the error is in a file.
    pub line: Option<u64>,
}

impl Error {
    pub(crate) fn at(kind: ErrorKind, line: u64) -> Error {
        Error { kind, line: Some(line) }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind, line: None }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A regime or configuration TOML does not parse or does not fit the format.
    #[error("{0}")]
    Toml(Box<toml::de::Error>),
    /// The store could not be read.
    #[error(transparent)]
    Store(Box<crate::store::Error>),
    /// The embedded reference data could not be loaded.
    #[error(transparent)]
    Geo(Box<crate::geo::Error>),
    /// A date that is not `YYYY-MM-DD`.
    #[error("`{field}` is not a date (YYYY-MM-DD): {value:?}")]
    BadDate { field: &'static str, value: String },
    /// An interval that ends before it starts.
    #[error("`{field}` ({end}) is before the start ({start})")]
    EndBeforeStart { field: &'static str, start: Date, end: Date },
    /// Two caps on one product in force on the same day.
    #[error("the {product} cap from {start} overlaps the cap on line {other_line} (to {other_end})")]
    Overlap { product: String, start: Date, other_line: u64, other_end: Date },
    /// Days between two caps on one product with no cap in force.
    #[error(
        "no {product} cap from {gap_start} to {gap_end}, between the cap on line {other_line} and this one"
    )]
    Gap { product: String, gap_start: Date, gap_end: Date, other_line: u64 },
    /// A cap that is not open-ended is followed by none, or an open-ended cap is
    /// followed by another.
    #[error("the {product} cap has no end (`to`) but another cap on it starts later")]
    OpenCapNotLast { product: String },
    /// A cap limit that is negative or not a number (0 is a ban).
    #[error("`limit_bbl` must be 0 (a ban) or more, found {value}")]
    BadLimit { value: f64 },
    /// A volume configuration value out of range.
    #[error("ledger config: {field} = {value} is out of range")]
    Config { field: String, value: String },
    /// A product with no barrels-per-tonne conversion.
    #[error("no barrels-per-tonne conversion for product {product:?}")]
    UnknownProduct { product: String },
    /// A reported-deliveries CSV row that cannot be read.
    #[error("reported deliveries: {what}")]
    Csv { what: CsvProblem },
    /// A year outside what the ledger evaluates.
    #[error("year {year} is out of range")]
    Year { year: i32 },
}

/// What is wrong with a reported-deliveries row.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvProblem {
    /// The CSV syntax is broken (an unclosed quote, a row of the wrong width).
    #[error("{0}")]
    Syntax(String),
    /// The header lacks a column.
    #[error("the header has no `{0}` column")]
    MissingColumn(&'static str),
    /// A field is empty or not of its type.
    #[error("`{field}` is {value:?}, {expected}")]
    Field { field: &'static str, value: String, expected: &'static str },
}

/// A calendar date, for messages.
pub type Date = chrono::NaiveDate;

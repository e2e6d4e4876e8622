//! Errors of the simulator: a scenario that does not parse or does not make sense
//! (with the field and, for files, the line), and output that cannot be written.

use std::ops::Range;

/// A simulator error.
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct Error {
    pub kind: ErrorKind,
    /// The scenario file's line (1-based), when the error is in a file.
    pub line: Option<usize>,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The TOML does not parse or does not fit the scenario format.
    #[error("scenario file: {0}")]
    Toml(#[from] toml::de::Error),
    /// A field's value is out of its range or contradicts another.
    #[error("`{field}`: {problem}")]
    Field { field: String, problem: Problem },
    /// No built-in scenario has this name.
    #[error("no built-in scenario `{name}` (built in: east-china-sea, korea-bay, global-day)")]
    UnknownScenario { name: String },
    /// The embedded reference geography failed to load.
    #[error("reference geography: {0}")]
    Geo(#[from] crate::geo::Error),
    /// Writing the output failed.
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
}

/// What is wrong with a scenario field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    #[error("{value} is outside {min}..={max}")]
    OutOfRange { value: f64, min: f64, max: f64 },
    #[error("the end ({end_hours} h) is not after the start ({start_hours} h)")]
    EndNotAfterStart { start_hours: f64, end_hours: f64 },
    #[error("no vessel is named {name:?}")]
    UnknownVessel { name: String },
    #[error("two vessels are named {name:?}")]
    DuplicateVessel { name: String },
    #[error("no port is named {name:?} (a World Port Index name or UN/LOCODE)")]
    UnknownPort { name: String },
    #[error("no STS transfer has the id {id:?}")]
    UnknownSts { id: String },
    #[error("a waypoint needs exactly one of lat and lon, port, or sts")]
    AmbiguousWaypoint,
    #[error("the leg crosses land near {lat_deg:.4}, {lon_deg:.4}")]
    CrossesLand { lat_deg: f64, lon_deg: f64 },
    #[error("STS transfer {id:?} needs exactly two vessels routed to it, found {count}")]
    StsParties { id: String, count: usize },
    #[error("the receiver {name:?} is not routed to STS transfer {id:?}")]
    ReceiverNotRouted { name: String, id: String },
    #[error("the vessel reaches STS transfer {id:?} after its end")]
    LateForSts { id: String },
    #[error("not an RFC 3339 time: {text:?}")]
    Time { text: String },
    #[error("the flag {iso_alpha2:?} has no MID")]
    UnknownFlag { iso_alpha2: String },
    #[error("{value} is not a valid IMO number (check digit)")]
    BadImo { value: u32 },
    #[error("no World Port Index port in the area lies within 12 km of a shipping lane")]
    NoLanePorts,
    #[error("not a YYYY-MM-DD date: {text:?}")]
    Date { text: String },
    #[error("no receiver is named {name:?}")]
    UnknownReceiver { name: String },
}

impl Error {
    /// An error in `field` at byte range `span` of `text` (the scenario file), or
    /// without a line for a built-in scenario (`text` is `None`).
    pub(crate) fn field(field: String, problem: Problem, text: Option<&str>, span: Range<usize>) -> Error {
        Error { kind: ErrorKind::Field { field, problem }, line: text.map(|t| line_of(t, span.start)) }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        let line = None;
        Error { kind, line }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        ErrorKind::Io(e).into()
    }
}

impl From<crate::geo::Error> for Error {
    fn from(e: crate::geo::Error) -> Error {
        ErrorKind::Geo(e).into()
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

//! Tracking errors: a configuration that cannot work, or points that break the
//! input contract (one vessel, in time order).

use std::fmt;

/// An error from the tracking stage.
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
    /// A [`super::TrackConfig`] field is zero, negative, not finite or above its limit.
    #[error("track config: {field} = {value} is out of range ({expected})")]
    Config { field: &'static str, value: ConfigValue, expected: &'static str },
    /// A point is earlier than the one before it.
    #[error("MMSI {mmsi}: point {index} is earlier than the point before it")]
    Unsorted { mmsi: u32, index: usize },
    /// A point belongs to another vessel.
    #[error("MMSI {mmsi}: point {index} has MMSI {found}")]
    OtherMmsi { mmsi: u32, index: usize, found: u32 },
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

/// The value of a rejected configuration field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConfigValue {
    Float(f64),
    Integer(i64),
    Count(usize),
}

impl fmt::Display for ConfigValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigValue::Float(v) => write!(f, "{v}"),
            ConfigValue::Integer(v) => write!(f, "{v}"),
            ConfigValue::Count(v) => write!(f, "{v}"),
        }
    }
}

//! Errors of the evidence stage.

use std::path::PathBuf;

/// An export or dossier could not be made.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error {
    /// What went wrong; match on it.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] crate::store::Error),
    /// The tracker rejected its configuration or a vessel's points.
    #[error(transparent)]
    Track(#[from] crate::track::Error),
    /// The embedded reference data could not be loaded.
    #[error(transparent)]
    Geo(#[from] crate::geo::Error),
    /// Writing the output failed (`path` when it is a file).
    #[error("{}: {source}", path.as_ref().map_or_else(|| "output".to_owned(), |p| p.display().to_string()))]
    Io {
        path: Option<PathBuf>,
        #[source]
        source: std::io::Error,
    },
    /// Encoding Parquet failed.
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Building an Arrow batch failed (a programmer error: columns disagree).
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// Writing CSV failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A bounding box is not `W,S,E,N` with finite degrees, |lat| ≤ 90, |lon| ≤ 180 and S ≤ N.
    #[error("bounding box `{text}` is not W,S,E,N in degrees (S ≤ N, |lat| ≤ 90, |lon| ≤ 180)")]
    BadBBox { text: String },
    /// A kind filter was given for positions or tracks, which have no kind.
    #[error("--kind filters events only")]
    KindWithoutEvents,
    /// No event has this id.
    #[error("no event with id `{id}`")]
    NoSuchEvent { id: String },
    /// No vessel in the store matches.
    #[error("no positions or static reports of {vessel} in the time range")]
    NoSuchVessel { vessel: String },
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

/// `?` on the stages' errors.
macro_rules! from_source {
    ($($source:ty),*) => {$(
        impl From<$source> for Error {
            fn from(e: $source) -> Self {
                Error { kind: ErrorKind::from(e) }
            }
        }
    )*};
}
from_source!(
    crate::store::Error,
    crate::track::Error,
    crate::geo::Error,
    parquet::errors::ParquetError,
    arrow_schema::ArrowError,
    csv::Error,
    serde_json::Error
);

impl Error {
    /// An I/O error on the output (`path` when it is a file).
    pub(crate) fn io(path: Option<&std::path::Path>, source: std::io::Error) -> Error {
        Error { kind: ErrorKind::Io { path: path.map(ToOwned::to_owned), source } }
    }
}

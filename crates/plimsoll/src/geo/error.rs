//! Errors from loading reference data.
//!
//! The shipped data is embedded in the binary, so a failure to load it is a programmer
//! error (a bad data file was committed); the loaders still return it as a value, with
//! the dataset and the place in it, rather than panicking.

/// A dataset failed to load.
#[derive(Debug, thiserror::Error)]
#[error("{dataset}: {kind}")]
pub struct Error {
    /// Which dataset.
    pub dataset: Dataset,
    /// What went wrong and where; match on it.
    pub kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(dataset: Dataset, kind: ErrorKind) -> Self {
        Error { dataset, kind }
    }
}

/// The reference datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dataset {
    /// Land polygons (Natural Earth, or GeoJSON given to [`super::Land::from_geojson`]).
    Land,
    /// The World Port Index.
    WorldPortIndex,
    /// The ITU Maritime Identification Digits table.
    MidTable,
    /// The MARNET shipping-lane network (the simulator's lanes).
    Marnet,
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Dataset::Land => "land polygons",
            Dataset::WorldPortIndex => "World Port Index",
            Dataset::MidTable => "MID table",
            Dataset::Marnet => "MARNET lanes",
        })
    }
}

/// What went wrong. Variants carry values and locations, never free text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The zstd stream is corrupt.
    #[error("cannot decompress: {0}")]
    Decompress(#[source] std::io::Error),
    /// The GeoJSON is not JSON, or not a FeatureCollection of Polygons and MultiPolygons
    /// with 2-D positions (serde_json's error carries the line and column).
    #[error("bad GeoJSON: {0}")]
    Json(#[source] serde_json::Error),
    /// A polygon ring is unusable: fewer than three positions, not closed, or a position
    /// that is not finite or lies outside ±90° latitude / ±180° longitude.
    #[error("feature {feature_index}, polygon {polygon_index}, ring {ring_index}: {fault}")]
    BadRing { feature_index: usize, polygon_index: usize, ring_index: usize, fault: RingFault },
    /// The polygons have more vertices than the index can address.
    #[error("{vertex_count} vertices, at most {limit} supported")]
    TooManyVertices { vertex_count: usize, limit: usize },
    /// The polygons have no coastline at all, so no distance to shore exists.
    #[error("no coastline")]
    NoCoastline,
    /// The CSV could not be read (csv's error carries the line and byte).
    #[error("bad CSV: {0}")]
    Csv(#[source] csv::Error),
    /// A required column is missing from the CSV header.
    #[error("no column {column:?}")]
    MissingColumn { column: &'static str },
    /// A field is empty or malformed.
    #[error("line {line}: bad {column:?} field {value:?}")]
    BadField { line: u64, column: &'static str, value: String },
    /// A line's position is not finite or out of range.
    #[error("feature {feature_index}: position out of range")]
    BadPosition { feature_index: usize },
    /// The same MID appears twice in the MID table.
    #[error("line {line}: MID {mid} appears twice")]
    DuplicateMid { line: u64, mid: u16 },
}

/// Why a polygon ring was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RingFault {
    /// Fewer than three positions (there and back again is the least a ring can be).
    #[error("fewer than 3 positions")]
    TooShort,
    /// The last position differs from the first.
    #[error("not closed")]
    NotClosed,
    /// A coordinate is NaN, infinite, or outside ±90° latitude / ±180° longitude.
    #[error("position {position_index} out of range")]
    OutOfRange { position_index: usize },
}

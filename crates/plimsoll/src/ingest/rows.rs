//! The rows ingest hands to its [`Sink`]: positions and static reports, plain
//! structs so the hot loop fills them without allocating (strings aside).

use super::error::SinkClosed;
use super::report::Reject;

/// One position, from an AIS position report or a CSV row.
///
/// The input it came from is implied by the ingest that produced it; `line`
/// locates the raw sentence (for a multi-part message, its first fragment).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionRow {
    pub mmsi: u32,
    /// Time of the fix, UTC ms since the epoch (refined by the UTC second).
    pub time_ms: i64,
    /// Degrees, −90..=90.
    pub lat_deg: f64,
    /// Degrees, −180..=180.
    pub lon_deg: f64,
    pub sog_knots: Option<f64>,
    pub cog_deg: Option<f64>,
    pub heading_deg: Option<u16>,
    /// Navigational status 0–15 as sent (15 = not defined).
    pub nav_status: Option<u8>,
    /// The AIS message type; `None` for CSV rows.
    pub msg_type: Option<u8>,
    /// Position accuracy flag (true: better than 10 m), when the source gives one.
    pub accuracy: Option<bool>,
    /// The receiving station, as an index into the sources sent to the sink.
    pub source: Option<u32>,
    /// 1-based line number in the input.
    pub line: u64,
}

/// Identity and voyage data: AIS types 5, 19, 24 or a CSV row's static columns.
/// Fields the source does not give are `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticRow {
    pub mmsi: u32,
    /// Receive time, UTC ms since the epoch.
    pub time_ms: i64,
    /// The AIS message type; `None` for CSV rows.
    pub msg_type: Option<u8>,
    pub imo: Option<u32>,
    pub callsign: Option<String>,
    pub shipname: Option<String>,
    /// Ship and cargo type (ITU-R M.1371 table 53).
    pub ship_type: Option<u8>,
    /// Distances from the position reference point (A, B, C, D), metres.
    pub dimensions: Option<ais::msg::Dimensions>,
    /// Length overall, metres.
    pub length_m: Option<u16>,
    /// Beam, metres.
    pub beam_m: Option<u16>,
    pub draught_m: Option<f64>,
    pub destination: Option<String>,
    /// Estimated time of arrival as sent (no year); "not available" parts are
    /// the AIS sentinels (month 0, day 0, hour 24, minute 60).
    pub eta: Option<ais::msg::Eta>,
    /// The receiving station, as an index into the sources sent to the sink.
    pub source: Option<u32>,
    /// 1-based line number in the input (first fragment).
    pub line: u64,
}

/// Where ingest puts what it reads. Calls come in input order: sources are sent
/// before any row that refers to them.
pub trait Sink {
    /// Receiving-station names, appended to this input's source table; the
    /// `source` of a row is an index into that table.
    fn sources(&mut self, names: Vec<String>) -> Result<(), SinkClosed>;
    /// A batch of positions.
    fn positions(&mut self, rows: Vec<PositionRow>) -> Result<(), SinkClosed>;
    /// A batch of static reports.
    fn statics(&mut self, rows: Vec<StaticRow>) -> Result<(), SinkClosed>;
    /// A batch of rejected lines in detail (the report has the counts).
    fn rejects(&mut self, rejects: Vec<Reject>) -> Result<(), SinkClosed>;
}

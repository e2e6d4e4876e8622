//! What a store holds, as `plimsoll stats` shows it.

use std::collections::BTreeMap;

use serde::Serialize;

/// A summary of the committed inputs of a store. Invariant: `outcomes` has
/// every outcome and adds up to `lines_read`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The store directory.
    pub store: String,
    /// Lines read from all inputs.
    pub lines_read: u64,
    /// Lines per outcome (`decoded`, `non_ais`, `bad_checksum`, ...).
    pub outcomes: BTreeMap<String, u64>,
    /// Decoded AIS messages per message type.
    pub messages_by_type: BTreeMap<u8, u64>,
    pub positions: u64,
    pub static_reports: u64,
    /// Distinct MMSIs with a position or a static report.
    pub vessels: u64,
    /// Earliest and latest time stored.
    pub time_span: Option<TimeSpan>,
    /// Rejected lines, all counted.
    pub rejects_total: u64,
    /// Rejected lines kept in detail (bounded per input).
    pub rejects_stored: u64,
    /// Rejected lines by outcome and reason, most frequent first.
    pub rejects_by_reason: Vec<ReasonCount>,
    pub inputs: Vec<InputInfo>,
}

/// A span of time, as RFC 3339 text and ms since the epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSpan {
    pub start: String,
    pub end: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// Rejected lines of one outcome and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub outcome: String,
    pub reason: String,
    pub lines: u64,
}

/// One committed input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputInfo {
    pub id: i64,
    pub path: String,
    pub size_bytes: u64,
    pub sha256: Option<String>,
    pub format: Option<String>,
    pub compression: Option<String>,
    pub ingested_at: Option<String>,
    pub lines_read: u64,
    pub positions: u64,
    pub static_reports: u64,
    pub rejects: u64,
    pub rejects_stored: u64,
    pub time_min_ms: Option<i64>,
    pub time_max_ms: Option<i64>,
    /// Why reading ended early (a truncated compressed stream), if it did.
    pub read_error: Option<String>,
    pub note: Option<String>,
}

/// One rejected line kept in detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectRow {
    /// The input's path.
    pub path: String,
    pub input_id: i64,
    pub line: u64,
    pub byte_offset: Option<u64>,
    pub outcome: String,
    pub reason: String,
}

//! Tracks: one vessel's positions cut into segments a single ship could have
//! sailed.
//!
//! [`Tracker::track`] takes one vessel's points in time order (as
//! [`crate::store::PositionReader`] hands them out) and returns its
//! [`Segment`]s:
//!
//! - copies of one fix from several receivers (within 1 s and 10 m) become one
//!   point that keeps every copy's provenance;
//! - sentinel speeds (51.2, 63.0, 102.3 knots) become unknown;
//! - implausible positions (off the earth, or exactly 0° N 0° E) are dropped;
//! - a point continues the nearest open segment it can reach within 8 h at no
//!   more than 25 knots (or within 500 m, the scatter of fixes), else it opens a new one; so a gap or an impossible jump
//!   starts a segment, and two ships under one MMSI (or a real track and spoofed
//!   positions) become separate segments instead of a zig-zag;
//! - at most 8 segments per vessel are open at once (the oldest is closed).
//!
//! Thresholds are in [`TrackConfig`]. Distances are great-circle
//! ([`crate::geo::geodesy`]), so tracks across the antimeridian or near a pole
//! are not cut there.
//!
//! A vessel is a partition: nothing here looks beyond the points it is given.

mod config;
mod error;
pub mod identity;
mod segment;

use std::fmt;
use std::sync::Arc;

pub use config::{TrackConfig, MAX_OPEN_SEGMENTS_LIMIT};
pub use error::{ConfigValue, Error, ErrorKind};
pub use segment::{is_plausible, is_reachable, is_sentinel_speed, SENTINEL_SPEEDS_KNOTS};

use crate::store::TrackPoint;

/// Where a copy of a fix came from, so that evidence can cite the raw sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The receiving station (tag block `s:`).
    pub source: Option<Arc<str>>,
    /// The input (`inputs.id` in the catalog).
    pub input_id: i64,
    /// 1-based line in that input.
    pub line: u64,
}

impl Provenance {
    /// The provenance of a stored point.
    pub fn of(point: &TrackPoint) -> Provenance {
        Provenance { source: point.source.clone(), input_id: point.input_id, line: point.line }
    }
}

/// A kept point: the first copy of a fix received, with the other copies'
/// provenance. Its speed is `None` when the fix reported a sentinel.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedPoint {
    pub point: TrackPoint,
    /// Other receptions of the same fix (empty for most points; no allocation then).
    pub also_received: Vec<Provenance>,
}

/// A segment's stable id: the vessel and the segment's place among the vessel's
/// segments in order of their first points. The same points give the same ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SegmentId {
    pub mmsi: u32,
    pub index: u64,
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.mmsi, self.index)
    }
}

/// Points a single ship could have sailed: in time order, each reachable from
/// the one before within `max_gap_ms` at no more than `max_implied_speed_knots`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: SegmentId,
    /// Time of the first point, UTC ms since the epoch.
    pub start_ms: i64,
    /// Time of the last point (equal to `start_ms` for one point).
    pub end_ms: i64,
    /// Whether another segment of the same MMSI overlaps this one in time: the
    /// MMSI carried concurrent position streams (shared or spoofed identity).
    pub concurrent: bool,
    /// Never empty.
    pub points: Vec<TrackedPoint>,
}

/// What happened to a vessel's points besides segmentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Points given.
    pub points_read: u64,
    /// Points dropped for an implausible position.
    pub implausible_dropped: u64,
    /// Points merged into an earlier copy of the same fix.
    pub duplicates_merged: u64,
    /// Kept points whose sentinel speed was cleared.
    pub sentinel_speeds: u64,
    /// Segments closed early because more than `max_open_segments` were open.
    pub segments_evicted: u64,
}

impl Counts {
    /// Points kept in segments: those read less those dropped or merged.
    pub fn points_kept(&self) -> u64 {
        self.points_read.saturating_sub(self.implausible_dropped).saturating_sub(self.duplicates_merged)
    }
}

/// One vessel's segments, in the order of their first points.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselTracks {
    pub mmsi: u32,
    pub segments: Vec<Segment>,
    pub counts: Counts,
}

/// Segments vessels with a validated [`TrackConfig`] (the default one is).
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    config: TrackConfig,
}

impl Tracker {
    /// A tracker with `config`, once [`TrackConfig::validate`] accepts it.
    pub fn new(config: TrackConfig) -> Result<Tracker, Error> {
        config.validate()?;
        Ok(Tracker { config })
    }

    /// The configuration in use.
    pub fn config(&self) -> &TrackConfig {
        &self.config
    }

    /// Segments one vessel's points, which must all carry `mmsi` and be in
    /// non-decreasing time order (else an error names the first that is not).
    /// Every point given is either dropped, merged or in exactly one segment
    /// ([`Counts`] says how many of each).
    ///
    /// Work is linear in the points times `max_open_segments`; memory is the
    /// points kept plus the segments' bookkeeping.
    pub fn track(&self, mmsi: u32, points: &[TrackPoint]) -> Result<VesselTracks, Error> {
        let mut counts =
            Counts { points_read: u64::try_from(points.len()).unwrap_or(u64::MAX), ..Counts::default() };
        let kept = segment::clean(&self.config, mmsi, points, &mut counts)?;
        let segments = segment::assign(&self.config, mmsi, kept, &mut counts);
        Ok(VesselTracks { mmsi, segments, counts })
    }
}

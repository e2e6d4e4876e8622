//! AIS gaps: a vessel that stopped reporting for hours, and whether it looks like
//! its transponder was switched off (far from shore, for long) or like nobody
//! could hear it (no other vessel nearby was received either).

use std::collections::HashMap;

use serde_json::{json, Map};

use super::{check_positive, implied_speed_knots, ConfigError, ConfigErrorKind, NAUTICAL_MILE_M};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::haversine_distance_m;
use crate::geo::Land;
use crate::track::{Segment, TrackedPoint, VesselTracks};

/// Thresholds of the gap detector. [`AisGapConfig::default`] gives the Global
/// Fishing Watch baselines (DESIGN.md, "Detection defaults").
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AisGapConfig {
    /// A silence at least this long is a gap. Default 6 h (Global Fishing Watch).
    pub min_gap_ms: i64,
    /// A gap at least this long ... Default 12 h (Global Fishing Watch).
    pub disabling_min_gap_ms: i64,
    /// ... that starts at least this far from shore is flagged as likely
    /// disabling. Default 50 nm (Global Fishing Watch).
    pub disabling_min_shore_distance_m: f64,
    /// Radius around each end of a gap in which other vessels' reports show the
    /// area was covered by receivers. Default 50 km: about the reach of a
    /// coastal receiver, and a few cells of a satellite footprint.
    pub coverage_radius_m: f64,
    /// Implied speed across the gap below this fraction of the speed reported
    /// before it means the vessel stopped or detoured. Default 0.5: a ship does
    /// not halve its speed by chance over hours of steady steaming.
    pub slowdown_ratio: f64,
}

impl Default for AisGapConfig {
    fn default() -> Self {
        AisGapConfig {
            min_gap_ms: 6 * HOUR_MS,
            disabling_min_gap_ms: 12 * HOUR_MS,
            disabling_min_shore_distance_m: 50.0 * NAUTICAL_MILE_M,
            coverage_radius_m: 50_000.0,
            slowdown_ratio: 0.5,
        }
    }
}

const HOUR_MS: i64 = 3_600_000;

impl AisGapConfig {
    /// Checks every threshold is positive (and finite) and the disabling
    /// duration is at least the gap duration; the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            DETECTOR,
            &[
                ("disabling_min_shore_distance_m", self.disabling_min_shore_distance_m),
                ("coverage_radius_m", self.coverage_radius_m),
                ("slowdown_ratio", self.slowdown_ratio),
            ],
            &[("min_gap_ms", self.min_gap_ms), ("disabling_min_gap_ms", self.disabling_min_gap_ms)],
        )?;
        if self.disabling_min_gap_ms < self.min_gap_ms {
            return Err(ConfigError {
                detector: DETECTOR,
                kind: ConfigErrorKind::Order { field: "disabling_min_gap_ms", other: "min_gap_ms" },
            });
        }
        Ok(())
    }
}

const DETECTOR: &str = "ais_gap";

/// Where receivers were listening: how many vessels were heard near a place and time.
pub trait Coverage {
    /// How many distinct vessels other than `mmsi` reported within about
    /// `radius_m` of (`lat_deg`, `lon_deg`) during `start_ms..=end_ms`.
    /// Implementations may over-count at the rim (coarse cells), never under-count,
    /// and answer `usize::MAX` for a query too costly to check (read as unknown).
    fn vessels_reporting(
        &self,
        mmsi: u32,
        lat_deg: f64,
        lon_deg: f64,
        radius_m: f64,
        start_ms: i64,
        end_ms: i64,
    ) -> usize;
}

/// [`Coverage`] from a list of positions, binned into cells of `cell_deg` ×
/// one hour; a query counts the vessels in every cell-hour touching the circle's
/// bounding box and the interval, so it answers at cell and hour granularity.
#[derive(Debug, Clone)]
pub struct GridCoverage {
    cell_deg: f64,
    /// Sorted, deduplicated MMSIs heard per (lat cell, lon cell, hour).
    cells: HashMap<(i64, i64, i64), Vec<u32>>,
}

/// Most cell-hours one [`GridCoverage`] query visits: a bound on the work for a
/// gap of weeks or a huge radius; beyond it the query answers `usize::MAX` (unknown).
pub const MAX_COVERAGE_CELL_HOURS: usize = 100_000;

impl GridCoverage {
    /// Bins `(mmsi, time_ms, lat_deg, lon_deg)` positions into cells of
    /// `cell_deg` (clamped to 0.01°–10°; 0.5° is a good default) × one hour.
    pub fn new(cell_deg: f64, positions: impl IntoIterator<Item = (u32, i64, f64, f64)>) -> GridCoverage {
        let cell_deg = if cell_deg.is_finite() { cell_deg.clamp(0.01, 10.0) } else { 0.5 };
        let mut coverage = GridCoverage { cell_deg, cells: HashMap::new() };
        coverage.extend(positions);
        coverage
    }

    /// Adds more positions, as [`GridCoverage::new`] bins them: the coverage of
    /// several calls is that of one over all their positions, in any order.
    pub fn extend(&mut self, positions: impl IntoIterator<Item = (u32, i64, f64, f64)>) {
        // One vessel's consecutive reports mostly fall in one cell-hour: skipping a
        // repeat of the last one saves a hash look-up per position.
        let mut last = None;
        for (mmsi, time_ms, lat_deg, lon_deg) in positions {
            if !(lat_deg.is_finite() && lon_deg.is_finite()) {
                continue;
            }
            let key = self.key(lat_deg, lon_deg, time_ms.div_euclid(HOUR_MS));
            if last == Some((mmsi, key)) {
                continue;
            }
            last = Some((mmsi, key));
            let heard = self.cells.entry(key).or_default();
            if let Err(slot) = heard.binary_search(&mmsi) {
                heard.insert(slot, mmsi);
            }
        }
    }

    fn lon_cells(&self) -> i64 {
        // Float to integer: the cell size is clamped, so this is at most 36,000.
        (360.0 / self.cell_deg).ceil() as i64
    }

    fn key(&self, lat_deg: f64, lon_deg: f64, hour: i64) -> (i64, i64, i64) {
        let lat_cell = (lat_deg / self.cell_deg).floor() as i64;
        let lon_cell = ((lon_deg + 180.0) / self.cell_deg).floor() as i64;
        (lat_cell, lon_cell.rem_euclid(self.lon_cells()), hour)
    }
}

impl Coverage for GridCoverage {
    fn vessels_reporting(
        &self,
        mmsi: u32,
        lat_deg: f64,
        lon_deg: f64,
        radius_m: f64,
        start_ms: i64,
        end_ms: i64,
    ) -> usize {
        let radius_deg = radius_m / 111_000.0;
        // Capped at the globe, so that a huge radius cannot overflow the cell count below.
        let lat_span = ((radius_deg / self.cell_deg).ceil() as i64).min(self.lon_cells());
        // Longitude degrees shrink with latitude; near the poles every cell is near.
        let cos_lat = lat_deg.to_radians().cos().max(0.01);
        let lon_span = ((radius_deg / cos_lat / self.cell_deg).ceil() as i64).min(self.lon_cells() / 2);
        let (first_hour, last_hour) = (start_ms.div_euclid(HOUR_MS), end_ms.div_euclid(HOUR_MS));
        let cells_per_hour = usize::try_from((2 * lat_span + 1) * (2 * lon_span + 1)).unwrap_or(usize::MAX);
        let hours =
            usize::try_from(last_hour.saturating_sub(first_hour).saturating_add(1)).unwrap_or(usize::MAX);
        if cells_per_hour.saturating_mul(hours) > MAX_COVERAGE_CELL_HOURS {
            // Too big to answer cheaply: say "covered" so the gap keeps its confidence.
            return usize::MAX;
        }
        let (lat_cell, lon_cell, _) = self.key(lat_deg, lon_deg, 0);
        let mut heard: Vec<u32> = Vec::new();
        for hour in first_hour..=last_hour {
            for d_lat in -lat_span..=lat_span {
                for d_lon in -lon_span..=lon_span {
                    let key = (lat_cell + d_lat, (lon_cell + d_lon).rem_euclid(self.lon_cells()), hour);
                    if let Some(cell) = self.cells.get(&key) {
                        heard.extend(cell.iter().filter(|&&m| m != mmsi));
                    }
                }
            }
        }
        heard.sort_unstable();
        heard.dedup();
        heard.len()
    }
}

/// Every gap of at least `config.min_gap_ms` in one vessel's tracks, in time order.
///
/// Gaps are taken between consecutive points of each segment, and between
/// consecutive segments that are not `concurrent`: when two ships share an
/// MMSI, their interleaved streams are separate segments and no gap is ever
/// measured from one ship's point to the other's. `coverage`, when given, lowers
/// the confidence of a gap near which no other vessel was heard (a receiver
/// outage rather than a silent ship).
///
/// The caller validates `config` ([`AisGapConfig::validate`]); an invalid one
/// gives meaningless but harmless results.
pub fn detect(
    tracks: &VesselTracks,
    land: &Land,
    coverage: Option<&dyn Coverage>,
    config: &AisGapConfig,
) -> Vec<Event> {
    let mut events = Vec::new();
    let mut emit = |before: (&Segment, &TrackedPoint), after: (&Segment, &TrackedPoint)| {
        if after.1.point.time_ms - before.1.point.time_ms >= config.min_gap_ms {
            events.push(gap_event(tracks.mmsi, before, after, land, coverage, config));
        }
    };
    for segment in &tracks.segments {
        for pair in segment.points.windows(2) {
            emit((segment, &pair[0]), (segment, &pair[1]));
        }
    }
    let separate: Vec<&Segment> = tracks.segments.iter().filter(|s| !s.concurrent).collect();
    for pair in separate.windows(2) {
        if let (Some(last), Some(first)) = (pair[0].points.last(), pair[1].points.first()) {
            emit((pair[0], last), (pair[1], first));
        }
    }
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

/// One gap's event, with its evidence and the reasons behind its confidence.
fn gap_event(
    mmsi: u32,
    (seg_before, before): (&Segment, &TrackedPoint),
    (seg_after, after): (&Segment, &TrackedPoint),
    land: &Land,
    coverage: Option<&dyn Coverage>,
    config: &AisGapConfig,
) -> Event {
    let (a, b) = (&before.point, &after.point);
    let gap_ms = b.time_ms - a.time_ms;
    let distance_m = haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
    let speed_knots = implied_speed_knots(distance_m, gap_ms);
    let shore_before_m = land.distance_to_shore_m(a.lat_deg, a.lon_deg);
    let shore_after_m = land.distance_to_shore_m(b.lat_deg, b.lon_deg);
    let likely_disabling =
        gap_ms >= config.disabling_min_gap_ms && shore_before_m >= config.disabling_min_shore_distance_m;
    // Stopped or detoured: it covered much less ground than its reported speed would.
    let slowed = a.sog_knots.map(|sog| speed_knots < sog * config.slowdown_ratio);

    let mut reasons = Vec::new();
    let mut confidence: f64 = if likely_disabling {
        reasons.push("long gap starting far from shore: likely disabling");
        0.8
    } else {
        reasons.push("gap below the disabling duration or near shore");
        0.5
    };
    if slowed == Some(true) {
        reasons.push("implied speed far below the reported speed: stopped or detoured");
        confidence += 0.1;
    }
    let heard = coverage
        .map(|c| {
            let at = |lat, lon| {
                c.vessels_reporting(mmsi, lat, lon, config.coverage_radius_m, a.time_ms, b.time_ms)
            };
            at(a.lat_deg, a.lon_deg).max(at(b.lat_deg, b.lon_deg))
        })
        // `usize::MAX` is a coverage too costly to check: unknown, not a count.
        .filter(|&n| n != usize::MAX);
    match heard {
        Some(0) => {
            reasons.push("no other vessel heard nearby during the gap: likely a reception outage");
            confidence = 0.1;
        }
        Some(_) => reasons.push("other vessels heard nearby during the gap"),
        None => reasons.push("coverage unknown"),
    }

    let mut details = Map::new();
    details.insert("gap_ms".into(), json!(gap_ms));
    details.insert("gap_hours".into(), json!(gap_ms as f64 / 3_600_000.0));
    details.insert("disappeared".into(), json!({"time_ms": a.time_ms, "lat": a.lat_deg, "lon": a.lon_deg}));
    details.insert("reappeared".into(), json!({"time_ms": b.time_ms, "lat": b.lat_deg, "lon": b.lon_deg}));
    details.insert("segment_before".into(), json!(seg_before.id.index));
    details.insert("segment_after".into(), json!(seg_after.id.index));
    details.insert("distance_m".into(), json!(distance_m));
    details.insert("implied_speed_knots".into(), json!(speed_knots));
    details.insert("sog_before_knots".into(), json!(a.sog_knots));
    details.insert("stopped_or_detoured".into(), json!(slowed));
    details.insert("shore_distance_before_m".into(), json!(shore_before_m));
    details.insert("shore_distance_after_m".into(), json!(shore_after_m));
    details.insert("likely_disabling".into(), json!(likely_disabling));
    details.insert("other_vessels_heard".into(), json!(heard));
    details.insert("confidence_reasons".into(), json!(reasons));
    Event::new(
        EventKind::AisGap,
        vec![mmsi],
        a.time_ms,
        b.time_ms,
        (a.lat_deg, a.lon_deg),
        confidence.clamp(0.0, 1.0),
        details,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change to a valid config that makes it invalid.
    type Change = fn(&mut AisGapConfig);

    #[test]
    fn validate_rejects_bad_thresholds() {
        assert_eq!(AisGapConfig::default().validate(), Ok(()));
        let cases: [(&str, Change); 5] = [
            ("min_gap_ms", |c| c.min_gap_ms = 0),
            ("disabling_min_gap_ms", |c| c.disabling_min_gap_ms = -1),
            ("coverage_radius_m", |c| c.coverage_radius_m = f64::NAN),
            ("disabling_min_shore_distance_m", |c| c.disabling_min_shore_distance_m = -3.0),
            ("disabling_min_gap_ms", |c| c.disabling_min_gap_ms = HOUR_MS),
        ];
        for (field, change) in cases {
            let mut config = AisGapConfig::default();
            change(&mut config);
            let err = config.validate().unwrap_err();
            assert_eq!(err.field(), field, "{err}");
        }
    }

    #[test]
    fn grid_coverage_counts_other_vessels_near_place_and_time() {
        let t = 1_700_000_000_000;
        let grid = GridCoverage::new(
            0.5,
            [
                (1, t, 30.0, 125.0),
                (2, t + HOUR_MS, 30.1, 125.1),
                (2, t + 2 * HOUR_MS, 30.1, 125.1),
                (3, t, 30.0, 179.9),
                (4, t + 100 * HOUR_MS, 30.0, 125.0),
            ],
        );
        let cases = [
            // (mmsi asking, lat, lon, start, end, expected)
            (1, 30.0, 125.0, t, t + 3 * HOUR_MS, 1),
            (9, 30.0, 125.0, t, t + 3 * HOUR_MS, 2),
            (9, 30.0, 130.0, t, t + 3 * HOUR_MS, 0),
            (9, 30.0, 125.0, t + 10 * HOUR_MS, t + 20 * HOUR_MS, 0),
            // Across the antimeridian.
            (9, 30.0, -179.9, t, t, 1),
            // Too big to answer cheaply: reported as covered.
            (9, 30.0, 125.0, t, t + 10_000 * HOUR_MS, usize::MAX),
        ];
        for (mmsi, lat, lon, start, end, expected) in cases {
            assert_eq!(grid.vessels_reporting(mmsi, lat, lon, 50_000.0, start, end), expected, "{lat} {lon}");
        }
        assert_eq!(grid.vessels_reporting(9, 30.0, 125.0, 1e300, t, t), usize::MAX);
    }
}

//! The spatial-temporal index of the pairwise detectors: segments resampled to a
//! common clock, and the samples bucketed by (step, latitude cell, longitude cell)
//! so that close pairs are found without comparing every pair of vessels.
//!
//! # Resampling
//! [`resample`] puts a sample at every multiple of `step_ms` since the epoch that a
//! segment spans, linearly interpolated between the points around it; never across
//! two points more than `max_interpolation_gap_ms` apart (Global Fishing Watch: 10 min
//! steps, no interpolation across gaps over 1 h), except a silence of a vessel that was
//! stopped in one place on both sides of it ([`Stationary`]). Because every vessel is sampled at
//! the same instants, two samples can only be a pair at the same step. Longitudes
//! are interpolated the short way round, so a track across the antimeridian is not
//! dragged across the globe.
//!
//! # Complexity
//! For `S` samples, [`PairIndex::build`] sorts them once: `O(S log S)` time, `O(S)`
//! memory. [`PairIndex::close_pairs`] looks, for each sample, at the cells within
//! the search distance at the same step — a fixed number (9 at the default 0.05°
//! cells and 500 m, more only near the poles) — each found by binary search:
//! `O(S log S + C)` for `C` samples sharing those cells. `C` is proportional to the
//! local density of traffic, not to the square of the number of vessels.

use std::cmp::Ordering;

use crate::geo::geodesy::{haversine_distance_m, lon_delta_deg, wrap_lon_deg, EARTH_RADIUS_M};
use crate::store::TrackPoint;
use crate::track::Segment;

const METRES_PER_NAUTICAL_MILE: f64 = 1852.0;
const MS_PER_HOUR: f64 = 3_600_000.0;

/// A time difference as a float; exact below 2^53 ms. There is no `From<i64>` for
/// `f64`, and the rounding beyond is harmless here.
pub(super) fn ms_f64(ms: i64) -> f64 {
    ms as f64
}

/// One vessel's position at one step of the common clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub mmsi: u32,
    /// The segment's place among its vessel's segments ([`crate::track::SegmentId::index`]).
    pub segment_index: u64,
    /// A multiple of the step, UTC ms since the epoch.
    pub time_ms: i64,
    pub lat_deg: f64,
    /// In `[-180, 180)`.
    pub lon_deg: f64,
    /// Reported speed interpolated between the points around the sample (the one
    /// known if only one is), else the speed implied by their positions; `None`
    /// when neither is known (a sample exactly on a point without speed).
    pub sog_knots: Option<f64>,
}

/// When a silence longer than the interpolation gap is sampled across all the same:
/// the vessel reported a speed below `max_speed_knots` on both sides of it, at most
/// `max_drift_m` apart, and it lasted at most `max_gap_ms`. A ship at anchor heard
/// only on a satellite's passes is then sampled where it lay, instead of coming out
/// as a string of fragments between the passes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stationary {
    pub max_gap_ms: i64,
    pub max_drift_m: f64,
    pub max_speed_knots: f64,
}

impl Stationary {
    /// Whether the silence from `a` to `b` is bridged.
    fn bridges(&self, a: &TrackPoint, b: &TrackPoint) -> bool {
        let slow = |p: &TrackPoint| p.sog_knots.is_some_and(|s| s < self.max_speed_knots);
        b.time_ms.saturating_sub(a.time_ms) <= self.max_gap_ms
            && slow(a)
            && slow(b)
            && haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg) <= self.max_drift_m
    }
}

/// Appends to `out` the samples of `segment` at every multiple of `step_ms` it
/// spans, skipping steps between two points more than `max_interpolation_gap_ms`
/// apart unless `stationary` bridges them. `step_ms` must be positive (a
/// non-positive step gives no samples).
///
/// Work is linear in the segment's points plus the samples made.
pub fn resample(
    segment: &Segment,
    step_ms: i64,
    max_interpolation_gap_ms: i64,
    stationary: Option<&Stationary>,
    out: &mut Vec<Sample>,
) {
    if step_ms <= 0 {
        return;
    }
    // The first multiple of the step at or after the start.
    let past_ms = segment.start_ms.rem_euclid(step_ms);
    let mut time_ms = if past_ms == 0 {
        segment.start_ms
    } else {
        segment.start_ms.saturating_sub(past_ms).saturating_add(step_ms)
    };
    for pair in segment.points.windows(2) {
        let [a, b] = pair else { continue };
        let (a, b) = (&a.point, &b.point);
        // The distance is asked only of the rare long silence: most pairs of points are seconds apart.
        let sampled = b.time_ms.saturating_sub(a.time_ms) <= max_interpolation_gap_ms
            || stationary.is_some_and(|s| s.bridges(a, b));
        while time_ms <= b.time_ms {
            if time_ms >= a.time_ms && sampled {
                out.push(interpolate(segment, a, b, time_ms));
            }
            time_ms = time_ms.saturating_add(step_ms);
        }
    }
    // A segment of one point has no pair of points: a sample only if it is on a step.
    if let [only] = segment.points.as_slice() {
        if only.point.time_ms == time_ms {
            out.push(interpolate(segment, &only.point, &only.point, time_ms));
        }
    }
}

/// The sample at `time_ms`, between `a` and `b` (`a.time_ms <= time_ms <= b.time_ms`).
fn interpolate(segment: &Segment, a: &TrackPoint, b: &TrackPoint, time_ms: i64) -> Sample {
    let dt_ms = b.time_ms.saturating_sub(a.time_ms);
    let fraction = if dt_ms > 0 { ms_f64(time_ms.saturating_sub(a.time_ms)) / ms_f64(dt_ms) } else { 0.0 };
    let lat_deg = a.lat_deg + (b.lat_deg - a.lat_deg) * fraction;
    let lon_deg = wrap_lon_deg(a.lon_deg + lon_delta_deg(a.lon_deg, b.lon_deg) * fraction);
    let sog_knots = match (a.sog_knots, b.sog_knots) {
        (Some(sa), Some(sb)) => Some(sa + (sb - sa) * fraction),
        (Some(s), None) | (None, Some(s)) => Some(s),
        (None, None) if dt_ms > 0 => {
            let distance_m = haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
            Some(distance_m / METRES_PER_NAUTICAL_MILE / (ms_f64(dt_ms) / MS_PER_HOUR))
        }
        (None, None) => None,
    };
    Sample { mmsi: segment.id.mmsi, segment_index: segment.id.index, time_ms, lat_deg, lon_deg, sog_knots }
}

/// A sample's bucket: its step and its grid cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    time_ms: i64,
    lat_cell: i64,
    lon_cell: i64,
}

/// Two samples at the same step, of different vessels, within the search distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosePair {
    /// The sample of the vessel with the lower MMSI.
    pub a: Sample,
    /// The sample of the vessel with the higher MMSI.
    pub b: Sample,
    pub distance_m: f64,
}

/// Samples sorted by (step, latitude cell, longitude cell); see the module docs.
#[derive(Debug, Clone)]
pub struct PairIndex {
    cell_deg: f64,
    /// Longitude cells round the globe: longitudes wrap, so the last is next to the first.
    lon_cells: i64,
    entries: Vec<(Key, Sample)>,
}

impl PairIndex {
    /// Indexes `samples` in cells of `cell_deg` degrees (positive, at most 180).
    pub fn build(samples: Vec<Sample>, cell_deg: f64) -> PairIndex {
        let cell_deg = if cell_deg > 0.0 && cell_deg <= 180.0 { cell_deg } else { 180.0 };
        let lon_cells = cell_of(360.0, cell_deg).max(1);
        let mut entries: Vec<(Key, Sample)> = samples
            .into_iter()
            .map(|s| {
                let key = Key {
                    time_ms: s.time_ms,
                    lat_cell: cell_of(s.lat_deg + 90.0, cell_deg),
                    lon_cell: cell_of(s.lon_deg + 180.0, cell_deg).rem_euclid(lon_cells),
                };
                (key, s)
            })
            .collect();
        entries.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.mmsi.cmp(&y.1.mmsi)));
        PairIndex { cell_deg, lon_cells, entries }
    }

    /// Samples indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Calls `found` once for every pair of samples of different MMSIs at the same
    /// step within `max_distance_m` (great circle), the lower MMSI as `a`.
    pub fn close_pairs(&self, max_distance_m: f64, mut found: impl FnMut(ClosePair)) {
        let radius_deg = (max_distance_m / EARTH_RADIUS_M).to_degrees();
        for (key, a) in &self.entries {
            let lat_reach = cell_of(radius_deg, self.cell_deg) + 1;
            // The widest longitude span the radius covers, at the latitude nearest a pole it reaches.
            let cos_lat = (a.lat_deg.abs() + radius_deg).min(90.0).to_radians().cos();
            let lon_reach = if cos_lat > 1e-9 {
                cell_of(radius_deg / cos_lat, self.cell_deg) + 1
            } else {
                self.lon_cells
            };
            // Scanning more than the whole circle would visit cells twice.
            let (first_lon_cell, lon_span) = if 2 * lon_reach + 1 >= self.lon_cells {
                (0, self.lon_cells)
            } else {
                (key.lon_cell - lon_reach, 2 * lon_reach + 1)
            };
            for lat_cell in key.lat_cell - lat_reach..=key.lat_cell + lat_reach {
                for step in 0..lon_span {
                    let lon_cell = (first_lon_cell + step).rem_euclid(self.lon_cells);
                    let cell = Key { time_ms: key.time_ms, lat_cell, lon_cell };
                    for (_, b) in self.cell(cell) {
                        if b.mmsi <= a.mmsi {
                            continue;
                        }
                        let distance_m = haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
                        if distance_m <= max_distance_m {
                            found(ClosePair { a: *a, b: *b, distance_m });
                        }
                    }
                }
            }
        }
    }

    /// The entries of one cell at one step.
    fn cell(&self, key: Key) -> &[(Key, Sample)] {
        let start = self.entries.partition_point(|(k, _)| k.cmp(&key) == Ordering::Less);
        let end = self.entries.partition_point(|(k, _)| k.cmp(&key) != Ordering::Greater);
        self.entries.get(start..end).unwrap_or(&[])
    }
}

/// The cell number of a non-negative offset in degrees. Offsets are at most 360°
/// and cells at least a tiny positive size, so the float fits an `i64`; the
/// saturating float-to-int conversion is the defined behaviour of `as` here.
fn cell_of(offset_deg: f64, cell_deg: f64) -> i64 {
    (offset_deg / cell_deg).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{SegmentId, TrackedPoint};

    fn segment(mmsi: u32, points: &[(i64, f64, f64, Option<f64>)]) -> Segment {
        let points: Vec<TrackedPoint> = points
            .iter()
            .map(|&(time_ms, lat_deg, lon_deg, sog_knots)| TrackedPoint {
                point: TrackPoint { sog_knots, ..TrackPoint::bare(mmsi, time_ms, lat_deg, lon_deg) },
                also_received: Vec::new(),
            })
            .collect();
        let start_ms = points.first().map_or(0, |p| p.point.time_ms);
        let end_ms = points.last().map_or(0, |p| p.point.time_ms);
        Segment { id: SegmentId { mmsi, index: 0 }, start_ms, end_ms, concurrent: false, points }
    }

    const MIN: i64 = 60_000;

    #[test]
    fn resampling_steps_gaps_and_antimeridian() {
        let s = segment(
            1,
            &[
                (5 * MIN, 10.0, 179.9, Some(1.0)),
                (25 * MIN, 10.0, -179.9, Some(3.0)),
                // A gap of 2 h: no samples inside it.
                (145 * MIN, 10.0, -179.8, None),
                (150 * MIN, 10.0, -179.8, None),
            ],
        );
        let mut out = Vec::new();
        resample(&s, 10 * MIN, 60 * MIN, None, &mut out);
        let times: Vec<i64> = out.iter().map(|s| s.time_ms / MIN).collect();
        assert_eq!(times, [10, 20, 150]);
        let at_20 = out[1];
        assert!((at_20.lon_deg - (-179.95)).abs() < 1e-9, "{at_20:?}");
        assert!((at_20.sog_knots.unwrap() - 2.5).abs() < 1e-9);
        // Two points at one place and no speed: implied speed zero.
        assert_eq!(out[2].sog_knots, Some(0.0));
    }

    #[test]
    fn only_a_stationary_vessel_is_sampled_across_a_long_silence() {
        let stationary = Stationary { max_gap_ms: 6 * 60 * MIN, max_drift_m: 200.0, max_speed_knots: 2.0 };
        // (after 3 h: lat, speed; expected samples, none when the silence is not bridged)
        let cases = [
            ((10.0005, Some(0.0)), 19), // 55 m on: at anchor, sampled every 10 min
            ((10.01, Some(0.0)), 0),    // 1.1 km on: it moved while unheard
            ((10.0005, Some(3.0)), 0),  // under way when heard again
            ((10.0005, None), 0),       // speed unknown
        ];
        for ((lat_deg, sog_knots), expected) in cases {
            let s = segment(1, &[(0, 10.0, 120.0, Some(0.1)), (180 * MIN, lat_deg, 120.0, sog_knots)]);
            let mut out = Vec::new();
            resample(&s, 10 * MIN, 60 * MIN, Some(&stationary), &mut out);
            assert_eq!(out.len(), expected, "{lat_deg} {sog_knots:?}");
        }
        // Longer than the bridge: not sampled, however still.
        let s = segment(1, &[(0, 10.0, 120.0, Some(0.0)), (7 * 60 * MIN, 10.0, 120.0, Some(0.0))]);
        let mut out = Vec::new();
        resample(&s, 10 * MIN, 60 * MIN, Some(&stationary), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn close_pairs_found_once_across_cells_and_antimeridian() {
        let sample = |mmsi, lat_deg, lon_deg| Sample {
            mmsi,
            segment_index: 0,
            time_ms: 0,
            lat_deg,
            lon_deg,
            sog_knots: None,
        };
        let samples = vec![
            sample(1, 30.0, 124.0),
            // 333 m south, across the cell edge at 30.0° N.
            sample(2, 29.997, 124.0),
            sample(3, 10.0, 179.999),
            sample(4, 10.0, -179.999),
            // Far away.
            sample(5, 0.0, 0.0),
            // Same MMSI as 1, close: never a pair with itself.
            sample(1, 30.001, 124.0),
            Sample { time_ms: 600_000, ..sample(6, 30.0, 124.0) },
        ];
        let index = PairIndex::build(samples, 0.05);
        assert_eq!(index.len(), 7);
        let mut pairs = Vec::new();
        index.close_pairs(500.0, |p| pairs.push((p.a.mmsi, p.b.mmsi, p.distance_m.round())));
        pairs.sort_by(|x, y| x.partial_cmp(y).unwrap());
        assert_eq!(pairs.len(), 3, "{pairs:?}");
        assert_eq!((pairs[0].0, pairs[0].1), (1, 2));
        assert_eq!((pairs[1].0, pairs[1].1), (1, 2));
        assert_eq!((pairs[2].0, pairs[2].1), (3, 4));
        assert!(pairs[2].2 < 230.0);
    }

    #[test]
    fn near_the_pole_every_longitude_cell_is_searched() {
        let sample = |mmsi, lon_deg| Sample {
            mmsi,
            segment_index: 0,
            time_ms: 0,
            lat_deg: 89.999,
            lon_deg,
            sog_knots: None,
        };
        let index = PairIndex::build(vec![sample(1, 0.0), sample(2, 170.0)], 0.05);
        let mut count = 0;
        index.close_pairs(500.0, |_| count += 1);
        assert_eq!(count, 1);
    }
}

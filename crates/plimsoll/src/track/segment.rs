//! Per-vessel segmentation: cleaning, duplicate merging, and assigning each
//! point to the open segment that can reach it.
//!
//! Two passes over one vessel's time-ordered points:
//!
//! 1. [`clean`]: implausible positions are dropped, sentinel speeds become
//!    unknown, and copies of one fix from several receivers (within
//!    `duplicate_window_ms` and `duplicate_distance_m` of a kept point) are merged
//!    into it as provenance.
//! 2. [`assign`]: each kept point continues the open segment whose last point it
//!    can be reached from within `max_gap_ms` at no more than
//!    `max_implied_speed_knots` (or is within `noise_distance_m` of), the nearest
//!    one if several can; if none can, it
//!    opens a segment. Two streams under one MMSI therefore become two segments
//!    rather than a zig-zag split at every alternation: each point is only ever
//!    compared with its own stream's last point.

use super::{Counts, Error, ErrorKind, Provenance, Segment, SegmentId, TrackConfig, TrackedPoint};
use crate::geo::geodesy::haversine_distance_m;
use crate::store::TrackPoint;

/// Reported speeds that mean "unknown" rather than a speed (Global Fishing Watch):
/// 102.3 is AIS "not available", 51.2 and 63.0 are the largest values of
/// encodings some transponders use.
pub const SENTINEL_SPEEDS_KNOTS: [f64; 3] = [51.2, 63.0, 102.3];
/// Half the 0.1-knot resolution of AIS speeds: a speed this close to a sentinel is it.
const SENTINEL_TOLERANCE_KNOTS: f64 = 0.05;
/// Kept points looked back at for a duplicate: bounds the work per point when
/// many fixes share one second.
const MAX_DUPLICATE_LOOKBACK: usize = 32;
const METRES_PER_NAUTICAL_MILE: f64 = 1852.0;
const MS_PER_HOUR: f64 = 3_600_000.0;

/// A time difference as a float; exact below 2^53 ms (285,000 years). There is
/// no `From<i64>` for `f64`, and the rounding beyond is harmless here.
fn ms_f64(ms: i64) -> f64 {
    ms as f64
}

/// Whether a position can be on the earth and is not the (0, 0) of a receiver
/// that has no fix.
pub fn is_plausible(lat_deg: f64, lon_deg: f64) -> bool {
    (-90.0..=90.0).contains(&lat_deg)
        && (-180.0..=180.0).contains(&lon_deg)
        && !(lat_deg == 0.0 && lon_deg == 0.0)
}

/// Whether a reported speed is one of [`SENTINEL_SPEEDS_KNOTS`].
pub fn is_sentinel_speed(sog_knots: f64) -> bool {
    SENTINEL_SPEEDS_KNOTS.iter().any(|s| (sog_knots - s).abs() < SENTINEL_TOLERANCE_KNOTS)
}

/// Whether `distance_m` can be covered in `dt_ms` at `max_speed_knots`. Written
/// as a product, so that equal times need no division: only a distance of zero
/// is covered in no time.
pub fn is_reachable(distance_m: f64, dt_ms: i64, max_speed_knots: f64) -> bool {
    distance_m <= max_speed_knots * METRES_PER_NAUTICAL_MILE * ms_f64(dt_ms) / MS_PER_HOUR
}

/// Pass 1: checks the input contract, drops implausible positions, clears
/// sentinel speeds and merges duplicates, counting each.
pub(super) fn clean(
    config: &TrackConfig,
    mmsi: u32,
    points: &[TrackPoint],
    counts: &mut Counts,
) -> Result<Vec<TrackedPoint>, Error> {
    let mut kept: Vec<TrackedPoint> = Vec::with_capacity(points.len());
    let mut previous_ms = i64::MIN;
    for (index, p) in points.iter().enumerate() {
        if p.mmsi != mmsi {
            return Err(ErrorKind::OtherMmsi { mmsi, index, found: p.mmsi }.into());
        }
        if p.time_ms < previous_ms {
            return Err(ErrorKind::Unsorted { mmsi, index }.into());
        }
        previous_ms = p.time_ms;
        if !is_plausible(p.lat_deg, p.lon_deg) {
            counts.implausible_dropped += 1;
            continue;
        }
        let duplicate_of = kept
            .iter_mut()
            .rev()
            .take(MAX_DUPLICATE_LOOKBACK)
            .take_while(|k| p.time_ms.saturating_sub(k.point.time_ms) <= config.duplicate_window_ms)
            .find(|k| {
                haversine_distance_m(k.point.lat_deg, k.point.lon_deg, p.lat_deg, p.lon_deg)
                    <= config.duplicate_distance_m
            });
        if let Some(original) = duplicate_of {
            original.also_received.push(Provenance::of(p));
            counts.duplicates_merged += 1;
            continue;
        }
        let mut point = p.clone();
        if point.sog_knots.is_some_and(is_sentinel_speed) {
            point.sog_knots = None;
            counts.sentinel_speeds += 1;
        }
        kept.push(TrackedPoint { point, also_received: Vec::new() });
    }
    Ok(kept)
}

/// A segment that can still be continued: where its last point is.
#[derive(Debug, Clone, Copy)]
struct Open {
    /// Index into the segments built so far.
    segment: usize,
    last_time_ms: i64,
    last_lat_deg: f64,
    last_lon_deg: f64,
}

impl Open {
    fn at(segment: usize, p: &TrackPoint) -> Open {
        Open { segment, last_time_ms: p.time_ms, last_lat_deg: p.lat_deg, last_lon_deg: p.lon_deg }
    }
}

/// Pass 2: assigns time-ordered kept points to segments (see the module docs)
/// and flags the segments that overlap another in time.
pub(super) fn assign(
    config: &TrackConfig,
    mmsi: u32,
    kept: Vec<TrackedPoint>,
    counts: &mut Counts,
) -> Vec<Segment> {
    let mut segments: Vec<Vec<TrackedPoint>> = Vec::new();
    let mut open: Vec<Open> = Vec::with_capacity(config.max_open_segments);
    for tracked in kept {
        let p = &tracked.point;
        // A segment whose last point is more than the gap behind can never be continued.
        open.retain(|o| p.time_ms.saturating_sub(o.last_time_ms) <= config.max_gap_ms);
        // The nearest reachable segment; at equal distance the most recent.
        let mut best: Option<(usize, f64, i64)> = None;
        for (slot, o) in open.iter().enumerate() {
            let distance_m = haversine_distance_m(o.last_lat_deg, o.last_lon_deg, p.lat_deg, p.lon_deg);
            let dt_ms = p.time_ms.saturating_sub(o.last_time_ms);
            if distance_m > config.noise_distance_m
                && !is_reachable(distance_m, dt_ms, config.max_implied_speed_knots)
            {
                continue;
            }
            let better = best.is_none_or(|(_, best_m, best_ms)| {
                distance_m < best_m || (distance_m == best_m && o.last_time_ms > best_ms)
            });
            if better {
                best = Some((slot, distance_m, o.last_time_ms));
            }
        }
        match best.and_then(|(slot, _, _)| open.get_mut(slot)) {
            Some(o) => {
                *o = Open::at(o.segment, p);
                if let Some(points) = segments.get_mut(o.segment) {
                    points.push(tracked);
                }
            }
            None => {
                if open.len() >= config.max_open_segments {
                    if let Some(oldest) =
                        open.iter().enumerate().min_by_key(|(_, o)| o.last_time_ms).map(|(slot, _)| slot)
                    {
                        open.swap_remove(oldest);
                        counts.segments_evicted += 1;
                    }
                }
                open.push(Open::at(segments.len(), p));
                segments.push(vec![tracked]);
            }
        }
    }
    finish(mmsi, segments)
}

/// Gives the segments their ids and time spans, and flags each that overlaps
/// another of the vessel's segments in time (closed intervals, so two streams
/// reporting at the same instant overlap). Segments come in the order of their
/// first points, so a segment overlaps a later one exactly when the next one
/// starts before it ends, and an earlier one exactly when the latest end before
/// it is not before its start.
fn finish(mmsi: u32, segments: Vec<Vec<TrackedPoint>>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    for (index, points) in segments.into_iter().enumerate() {
        let (Some(first), Some(last)) = (points.first(), points.last()) else { continue };
        let (start_ms, end_ms) = (first.point.time_ms, last.point.time_ms);
        let id = SegmentId { mmsi, index: u64::try_from(index).unwrap_or(u64::MAX) };
        out.push(Segment { id, start_ms, end_ms, concurrent: false, points });
    }
    let mut latest_end_ms = i64::MIN;
    for i in 0..out.len() {
        let next_start_ms = out.get(i + 1).map(|s| s.start_ms);
        if let Some(segment) = out.get_mut(i) {
            let overlaps_earlier = i > 0 && latest_end_ms >= segment.start_ms;
            let overlaps_later = next_start_ms.is_some_and(|start_ms| start_ms <= segment.end_ms);
            segment.concurrent = overlaps_earlier || overlaps_later;
            latest_end_ms = latest_end_ms.max(segment.end_ms);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_positions() {
        let cases = [
            (0.0, 0.0, false),
            (0.0, 0.000_01, true),
            (90.0, 180.0, true),
            (-90.0, -180.0, true),
            (91.0, 0.0, false),
            (0.0, 181.0, false),
            (f64::NAN, 1.0, false),
            (1.0, f64::INFINITY, false),
        ];
        for (lat_deg, lon_deg, plausible) in cases {
            assert_eq!(is_plausible(lat_deg, lon_deg), plausible, "{lat_deg} {lon_deg}");
        }
    }

    #[test]
    fn sentinel_speeds() {
        for (sog_knots, sentinel) in
            [(51.2, true), (63.0, true), (102.3, true), (51.1, false), (12.0, false), (0.0, false)]
        {
            assert_eq!(is_sentinel_speed(sog_knots), sentinel, "{sog_knots}");
        }
    }

    #[test]
    fn reachability() {
        // 25 knots for one hour is 46,300 m.
        let cases = [
            (46_300.0, 3_600_000, true),
            (46_301.0, 3_600_000, false),
            (0.0, 0, true),
            (0.001, 0, false),
            (1_000_000.0, 0, false),
        ];
        for (distance_m, dt_ms, reachable) in cases {
            assert_eq!(is_reachable(distance_m, dt_ms, 25.0), reachable, "{distance_m} m in {dt_ms} ms");
        }
    }

    fn segment(start_ms: i64, end_ms: i64) -> Vec<TrackedPoint> {
        let point = |time_ms| TrackedPoint {
            point: TrackPoint::bare(1, time_ms, 1.0, 1.0),
            also_received: Vec::new(),
        };
        vec![point(start_ms), point(end_ms)]
    }

    #[test]
    fn concurrent_flags() {
        /// Segments as (start, end), and the expected flags.
        type Case = (&'static [(i64, i64)], &'static [bool]);
        let cases: [Case; 6] = [
            (&[(0, 10)], &[false]),
            (&[(0, 10), (11, 20)], &[false, false]),
            (&[(0, 10), (10, 20)], &[true, true]),
            (&[(0, 100), (10, 20), (30, 40)], &[true, true, true]),
            (&[(0, 3), (0, 10), (5, 20)], &[true, true, true]),
            (&[(0, 5), (6, 7), (6, 7), (8, 9)], &[false, true, true, false]),
        ];
        for (spans, expected) in cases {
            let segments = spans.iter().map(|&(s, e)| segment(s, e)).collect();
            let flags: Vec<bool> = finish(1, segments).iter().map(|s| s.concurrent).collect();
            assert_eq!(flags, expected, "{spans:?}");
        }
    }
}

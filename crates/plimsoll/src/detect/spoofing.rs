//! Spoofing: signs that a vessel's positions or identity are false. Per vessel
//! ([`detect`]): impossible jumps between its segments, positions far inland, and an
//! MMSI no ship may carry. Over all vessels ([`shared_positions`]): several MMSIs
//! reporting the same position at the same time. Circle and grid patterns (positions
//! laid out by software) are not detected yet.
//!
//! Every event has `details.signal` (`impossible_jump`, `on_land`, `invalid_mmsi`,
//! `shared_position`), its evidence, and `confidence_reasons`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::{check_positive, implied_speed_knots, ConfigError};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::{haversine_distance_m, EARTH_RADIUS_M};
use crate::geo::{Land, MidTable, MmsiValidity};
use crate::store::TrackPoint;
use crate::track::VesselTracks;

/// Thresholds of the spoofing detector.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpoofingConfig {
    /// A move between two segments of one MMSI faster than this is impossible.
    /// Default 50 kn: twice the tracker's 25 kn continuation limit, beyond any
    /// merchant ship.
    pub max_jump_speed_knots: f64,
    /// Shorter moves are not reported, however fast: GPS noise and receive-time
    /// jitter give absurd speeds over short distances. Default 10 km.
    pub min_jump_distance_m: f64,
    /// A position on land further than this from the coastline is false; nearer, it
    /// may be a berth the coastline data puts ashore. Default 1 km.
    pub max_inland_m: f64,
    /// Reports of two MMSIs within this distance ... Default 10 m (the tracker's
    /// duplicate distance).
    pub shared_position_radius_m: f64,
    /// ... and this time are the same position. Default 10 s.
    pub shared_position_window_ms: i64,
}

impl Default for SpoofingConfig {
    fn default() -> Self {
        SpoofingConfig {
            max_jump_speed_knots: 50.0,
            min_jump_distance_m: 10_000.0,
            max_inland_m: 1_000.0,
            shared_position_radius_m: 10.0,
            shared_position_window_ms: 10_000,
        }
    }
}

impl SpoofingConfig {
    /// Checks every threshold is positive (and finite); the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            "spoofing",
            &[
                ("max_jump_speed_knots", self.max_jump_speed_knots),
                ("min_jump_distance_m", self.min_jump_distance_m),
                ("max_inland_m", self.max_inland_m),
                ("shared_position_radius_m", self.shared_position_radius_m),
            ],
            &[("shared_position_window_ms", self.shared_position_window_ms)],
        )
    }
}

/// The per-vessel signs in one vessel's tracks, in time order:
///
/// - `impossible_jump`: consecutive points (over all its segments, in time order) in
///   different segments, at least `min_jump_distance_m` apart and reached faster
///   than `max_jump_speed_knots`; one event per jump, from the point left to the
///   point reached.
/// - `on_land`: per segment, the points on land more than `max_inland_m` from the
///   coastline; one event from the first to the last, at the furthest inland.
/// - `invalid_mmsi`: the MMSI is a placeholder, too short, of no assigned form, or has
///   an unallocated MID ([`MidTable::mmsi_validity`]); one event over all its points.
///   Other stations' numbers (aids to navigation, SARTs…) are not flagged.
///
/// The caller validates `config` ([`SpoofingConfig::validate`]).
pub fn detect(tracks: &VesselTracks, land: &Land, mids: &MidTable, config: &SpoofingConfig) -> Vec<Event> {
    let mmsi = tracks.mmsi;
    let mut events = Vec::new();
    // (segment index, point) over every segment, in time order.
    let mut points: Vec<(usize, &TrackPoint)> = Vec::new();
    for (s, segment) in tracks.segments.iter().enumerate() {
        points.extend(segment.points.iter().map(|t| (s, &t.point)));
        on_land(mmsi, segment.id.index, segment.points.iter().map(|t| &t.point), land, config, &mut events);
    }
    points.sort_by_key(|&(s, p)| (p.time_ms, s));
    for pair in points.windows(2) {
        let [(from_segment, from), (to_segment, to)] = [pair[0], pair[1]];
        if from_segment != to_segment {
            let concurrent =
                tracks.segments[from_segment].concurrent || tracks.segments[to_segment].concurrent;
            jump(mmsi, from, to, concurrent, config, &mut events);
        }
    }
    if let (Some(&(_, first)), Some(&(_, last))) = (points.first(), points.last()) {
        invalid_mmsi(mmsi, first, last, mids, &mut events);
    }
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

fn jump(
    mmsi: u32,
    from: &TrackPoint,
    to: &TrackPoint,
    concurrent: bool,
    config: &SpoofingConfig,
    events: &mut Vec<Event>,
) {
    let distance_m = haversine_distance_m(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
    let speed_knots = implied_speed_knots(distance_m, to.time_ms - from.time_ms);
    if distance_m < config.min_jump_distance_m || speed_knots <= config.max_jump_speed_knots {
        return;
    }
    let mut reasons = vec!["position reached at an impossible speed"];
    let confidence = if concurrent {
        reasons.push("the MMSI reports from two places over the same time (concurrent segments)");
        0.8
    } else {
        0.6
    };
    let mut details = signal("impossible_jump", &reasons);
    details.insert("jump_distance_m".into(), json!(distance_m));
    // An infinite speed (no time between the points) is not JSON: null.
    details.insert("implied_speed_knots".into(), json!(speed_knots.is_finite().then_some(speed_knots)));
    details.insert("from".into(), json!([from.lat_deg, from.lon_deg]));
    details.insert("to".into(), json!([to.lat_deg, to.lon_deg]));
    events.push(spoofing_event(
        vec![mmsi],
        from.time_ms,
        to.time_ms,
        (to.lat_deg, to.lon_deg),
        confidence,
        details,
    ));
}

fn on_land<'a>(
    mmsi: u32,
    segment_index: u64,
    points: impl Iterator<Item = &'a TrackPoint>,
    land: &Land,
    config: &SpoofingConfig,
    events: &mut Vec<Event>,
) {
    // (first, last, deepest point and its distance inland, count)
    let mut found: Option<(&TrackPoint, &TrackPoint, &TrackPoint, f64, u64)> = None;
    for p in points {
        let Some(shore) = land.locate(p.lat_deg, p.lon_deg) else { continue };
        if !shore.on_land || shore.coastline_distance_m <= config.max_inland_m {
            continue;
        }
        let inland_m = shore.coastline_distance_m;
        found = Some(match found {
            None => (p, p, p, inland_m, 1),
            Some((first, _, deepest, deepest_m, count)) if deepest_m >= inland_m => {
                (first, p, deepest, deepest_m, count + 1)
            }
            Some((first, _, _, _, count)) => (first, p, p, inland_m, count + 1),
        });
    }
    let Some((first, last, deepest, inland_m, count)) = found else { return };
    let mut reasons = vec!["positions on land beyond the tolerance inland"];
    let confidence = if inland_m > 10.0 * config.max_inland_m {
        reasons.push("more than ten times the tolerance inland");
        0.9
    } else {
        0.7
    };
    let mut details = signal("on_land", &reasons);
    details.insert("max_inland_m".into(), json!(inland_m));
    details.insert("points_on_land".into(), json!(count));
    details.insert("segment".into(), json!(segment_index));
    events.push(spoofing_event(
        vec![mmsi],
        first.time_ms,
        last.time_ms,
        (deepest.lat_deg, deepest.lon_deg),
        confidence,
        details,
    ));
}

fn invalid_mmsi(mmsi: u32, first: &TrackPoint, last: &TrackPoint, mids: &MidTable, events: &mut Vec<Event>) {
    let (verdict, confidence, reason) = match mids.mmsi_validity(mmsi) {
        MmsiValidity::Placeholder => (json!("placeholder"), 0.9, "a placeholder number, not an identity"),
        MmsiValidity::UnallocatedMid { mid } => {
            (json!({ "unallocated_mid": mid }), 0.8, "the MID is allocated to no country")
        }
        MmsiValidity::TooShort { digit_count } => {
            (json!({ "too_short_digits": digit_count }), 0.6, "fewer than nine digits")
        }
        MmsiValidity::Invalid => {
            (json!("invalid"), 0.8, "nine digits of no assigned form, or more than nine")
        }
        MmsiValidity::Ship { .. } | MmsiValidity::OtherStation(_) => return,
    };
    let mut details = signal("invalid_mmsi", &[reason]);
    details.insert("mmsi_verdict".into(), verdict);
    events.push(spoofing_event(
        vec![mmsi],
        first.time_ms,
        last.time_ms,
        (first.lat_deg, first.lon_deg),
        confidence,
        details,
    ));
}

/// Details with the signal's name and the reasons behind the confidence.
/// A spoofing event whose id names its signal (from `details.signal`): one vessel can
/// show several signals starting at the same moment (an invalid MMSI and a jump at its
/// first point), and each must keep its own id.
fn spoofing_event(
    vessels: Vec<u32>,
    start_ms: i64,
    end_ms: i64,
    at: (f64, f64),
    confidence: f64,
    details: Map<String, Value>,
) -> Event {
    let signal = details.get("signal").and_then(Value::as_str).unwrap_or_default().to_owned();
    Event::new(EventKind::Spoofing, vessels, start_ms, end_ms, at, confidence, details).qualified(&signal)
}

fn signal(name: &str, reasons: &[&str]) -> Map<String, Value> {
    let mut details = Map::new();
    details.insert("signal".into(), json!(name));
    details.insert("confidence_reasons".into(), json!(reasons));
    details
}

/// Pairs of MMSIs reporting the same position at the same time: reports within
/// `shared_position_radius_m` and `shared_position_window_ms` of each other. One
/// `shared_position` event per pair (vessels ascending), from the first coincidence
/// to the last, with their count; in order of start, then id.
///
/// Points are gridded in cells of the radius (on earth-centred coordinates, so the
/// poles and the antimeridian need no care) and of the window in time, so only
/// neighbouring cells are compared: never all pairs.
///
/// The caller validates `config` ([`SpoofingConfig::validate`]).
pub fn shared_positions(vessels: &[VesselTracks], config: &SpoofingConfig) -> Vec<Event> {
    let points =
        vessels.iter().flat_map(|v| v.segments.iter()).flat_map(|s| s.points.iter().map(|t| &t.point));
    let mut grid: HashMap<[i64; 4], Vec<&TrackPoint>> = HashMap::new();
    for p in points {
        grid.entry(cell(p, config)).or_default().push(p);
    }
    // (first, last, count) per pair of MMSIs, ordered for a deterministic output.
    let mut pairs: BTreeMap<(u32, u32), (&TrackPoint, &TrackPoint, u64)> = BTreeMap::new();
    for (key, cell_points) in &grid {
        for p in cell_points {
            for neighbour in neighbours(*key) {
                for q in grid.get(&neighbour).into_iter().flatten() {
                    // Each pair once: from the lower MMSI's report.
                    if q.mmsi <= p.mmsi
                        || p.time_ms.abs_diff(q.time_ms) > config.shared_position_window_ms.unsigned_abs()
                        || haversine_distance_m(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg)
                            > config.shared_position_radius_m
                    {
                        continue;
                    }
                    let entry = pairs.entry((p.mmsi, q.mmsi)).or_insert((p, p, 0));
                    if p.time_ms < entry.0.time_ms {
                        entry.0 = p;
                    }
                    if p.time_ms > entry.1.time_ms {
                        entry.1 = p;
                    }
                    entry.2 += 1;
                }
            }
        }
    }
    let mut events: Vec<Event> = pairs
        .into_iter()
        .map(|((a, b), (first, last, count))| {
            let mut reasons = vec!["two MMSIs report one position at one time"];
            let confidence = if count >= 3 {
                reasons.push("at least three coincident reports");
                0.9
            } else {
                0.7
            };
            let mut details = signal("shared_position", &reasons);
            details.insert("coincident_reports".into(), json!(count));
            spoofing_event(
                vec![a, b],
                first.time_ms,
                last.time_ms,
                (first.lat_deg, first.lon_deg),
                confidence,
                details,
            )
        })
        .collect();
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

/// The grid cell of a point: earth-centred x, y, z in units of the radius and time
/// in units of the window. The chord is never longer than the arc, so points within
/// the radius are in the same or neighbouring cells.
fn cell(p: &TrackPoint, config: &SpoofingConfig) -> [i64; 4] {
    let (lat, lon) = (p.lat_deg.to_radians(), p.lon_deg.to_radians());
    let size_m = config.shared_position_radius_m;
    // Cell numbers of finite coordinates, far inside i64: the float casts are exact.
    let axis = |unit: f64| (unit * EARTH_RADIUS_M / size_m).floor() as i64;
    [
        axis(lat.cos() * lon.cos()),
        axis(lat.cos() * lon.sin()),
        axis(lat.sin()),
        p.time_ms.div_euclid(config.shared_position_window_ms),
    ]
}

/// The cell and its 80 neighbours.
fn neighbours(key: [i64; 4]) -> impl Iterator<Item = [i64; 4]> {
    (0..81_i64).map(move |n| {
        let d = [n % 3 - 1, n / 3 % 3 - 1, n / 9 % 3 - 1, n / 27 - 1];
        [key[0] + d[0], key[1] + d[1], key[2] + d[2], key[3] + d[3]]
    })
}

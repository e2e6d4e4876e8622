//! Loitering: a vessel moving slowly for hours far from shore and outside ports,
//! the behaviour of a ship waiting for a rendezvous (or fishing).

use serde_json::{json, Map};

use super::{check_positive, implied_speed_knots, ConfigError, NAUTICAL_MILE_M};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::haversine_distance_m;
use crate::geo::{Land, Ports};
use crate::store::TrackPoint;
use crate::track::{Segment, TrackedPoint, VesselTracks};

/// Thresholds of the loitering detector. [`LoiteringConfig::default`] gives the
/// Global Fishing Watch baselines (DESIGN.md, "Detection defaults").
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoiteringConfig {
    /// A point is slow below this speed (reported, else implied from the point
    /// before). Default 2 kn (Global Fishing Watch).
    pub max_speed_knots: f64,
    /// Slow points spanning at least this long are loitering. Default 2 h
    /// (Global Fishing Watch).
    pub min_duration_ms: i64,
    /// Every point of the run is at least this far from shore. Default 20 nm
    /// (Global Fishing Watch, for carriers).
    pub min_shore_distance_m: f64,
    /// No point of the run is this close to a World Port Index port: waiting
    /// there is a port visit. Default 4 km, the port visit exit radius (Global
    /// Fishing Watch).
    pub port_exclusion_radius_m: f64,
    /// Reports further apart than this break a run: nothing says the vessel
    /// stayed slow in between. Default 1 h (Global Fishing Watch does not
    /// interpolate across gaps over 1 h).
    pub max_report_interval_ms: i64,
    /// A longer silence, up to this long, does not break a run when the vessel is
    /// found where it was (the speed implied across the silence is below
    /// `max_speed_knots`): a ship at anchor far offshore, heard only when a
    /// satellite passes, is waiting the whole time, not loitering in pieces.
    /// Default 6 h: the AIS gap threshold (GFW), so a silence the gap detector
    /// reports as a finding in itself is never papered over here.
    pub max_bridged_silence_ms: i64,
}

impl Default for LoiteringConfig {
    fn default() -> Self {
        LoiteringConfig {
            max_speed_knots: 2.0,
            min_duration_ms: 2 * 3_600_000,
            min_shore_distance_m: 20.0 * NAUTICAL_MILE_M,
            port_exclusion_radius_m: 4_000.0,
            max_report_interval_ms: 3_600_000,
            max_bridged_silence_ms: 6 * 3_600_000,
        }
    }
}

impl LoiteringConfig {
    /// Checks every threshold is positive (and finite); the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            "loitering",
            &[
                ("max_speed_knots", self.max_speed_knots),
                ("min_shore_distance_m", self.min_shore_distance_m),
                ("port_exclusion_radius_m", self.port_exclusion_radius_m),
            ],
            &[
                ("min_duration_ms", self.min_duration_ms),
                ("max_report_interval_ms", self.max_report_interval_ms),
                ("max_bridged_silence_ms", self.max_bridged_silence_ms),
            ],
        )
    }
}

/// Every loitering episode in one vessel's tracks, in time order: maximal runs
/// of consecutive points of one segment that are slow, at least
/// `min_shore_distance_m` from shore and beyond `port_exclusion_radius_m` of
/// every port, reported at most `max_report_interval_ms` apart (or up to
/// `max_bridged_silence_ms` apart when found where it was), and spanning at
/// least `min_duration_ms`. Runs are never cut at day boundaries.
///
/// The caller validates `config` ([`LoiteringConfig::validate`]).
pub fn detect(tracks: &VesselTracks, land: &Land, ports: &Ports, config: &LoiteringConfig) -> Vec<Event> {
    let mut events = Vec::new();
    for segment in &tracks.segments {
        segment_runs(segment, land, ports, config, &mut events);
    }
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

/// Finds the runs of one segment and emits those long enough.
fn segment_runs(
    segment: &Segment,
    land: &Land,
    ports: &Ports,
    config: &LoiteringConfig,
    events: &mut Vec<Event>,
) {
    // The current run: its first point's index and its points' speeds and shore distances.
    let mut run: Option<(usize, Vec<(f64, f64)>)> = None;
    let points = &segment.points;
    for (i, tracked) in points.iter().enumerate() {
        let p = &tracked.point;
        let previous = i.checked_sub(1).and_then(|j| points.get(j)).map(|t| &t.point);
        let speed_knots = p.sog_knots.or_else(|| previous.map(|q| point_speed_knots(q, p)));
        let continues = previous.is_some_and(|q| {
            let interval_ms = p.time_ms - q.time_ms;
            interval_ms <= config.max_report_interval_ms
                || (interval_ms < config.max_bridged_silence_ms
                    && point_speed_knots(q, p) < config.max_speed_knots)
        });
        let slow_offshore = speed_knots.filter(|&s| s < config.max_speed_knots).and_then(|s| {
            let shore_m = land.distance_to_shore_m(p.lat_deg, p.lon_deg);
            let far = shore_m >= config.min_shore_distance_m
                && ports.within(p.lat_deg, p.lon_deg, config.port_exclusion_radius_m).is_empty();
            far.then_some((s, shore_m))
        });
        match (run.as_mut(), slow_offshore) {
            (Some((_, evidence)), Some(e)) if continues => evidence.push(e),
            (_, starts) => {
                if let Some((first, evidence)) = run.take() {
                    finish(segment, first, &evidence, config, events);
                }
                run = starts.map(|e| (i, vec![e]));
            }
        }
    }
    if let Some((first, evidence)) = run {
        finish(segment, first, &evidence, config, events);
    }
}

fn point_speed_knots(from: &TrackPoint, to: &TrackPoint) -> f64 {
    let distance_m = haversine_distance_m(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
    implied_speed_knots(distance_m, to.time_ms - from.time_ms)
}

/// Emits the event of the run starting at point `first` if it lasted long
/// enough. `evidence` holds each of its points' (speed, shore distance).
fn finish(
    segment: &Segment,
    first: usize,
    evidence: &[(f64, f64)],
    config: &LoiteringConfig,
    events: &mut Vec<Event>,
) {
    let Some(run) = segment.points.get(first..first + evidence.len()) else { return };
    let (Some(first), Some(last)) = (run.first().map(|t| &t.point), run.last().map(|t| &t.point)) else {
        return;
    };
    let duration_ms = last.time_ms - first.time_ms;
    if duration_ms < config.min_duration_ms {
        return;
    }
    let (lat_deg, lon_deg) = centroid_deg(run);
    let radius_m = run
        .iter()
        .map(|t| haversine_distance_m(lat_deg, lon_deg, t.point.lat_deg, t.point.lon_deg))
        .fold(0.0, f64::max);
    // Float division of small counts: exact.
    let mean_speed_knots = evidence.iter().map(|e| e.0).sum::<f64>() / evidence.len() as f64;
    let min_shore_m = evidence.iter().map(|e| e.1).fold(f64::INFINITY, f64::min);
    let mut reasons = vec!["slow far from shore and outside ports"];
    let confidence = if duration_ms >= 2 * config.min_duration_ms {
        reasons.push("lasted at least twice the minimum duration");
        0.9
    } else {
        0.7
    };
    let mut details = Map::new();
    details.insert("duration_ms".into(), json!(duration_ms));
    details.insert("duration_hours".into(), json!(duration_ms as f64 / 3_600_000.0));
    details.insert("mean_speed_knots".into(), json!(mean_speed_knots));
    details.insert("area_radius_m".into(), json!(radius_m));
    details.insert("min_shore_distance_m".into(), json!(min_shore_m));
    details.insert("points".into(), json!(run.len()));
    details.insert("segment".into(), json!(segment.id.index));
    details.insert("confidence_reasons".into(), json!(reasons));
    events.push(Event::new(
        EventKind::Loitering,
        vec![segment.id.mmsi],
        first.time_ms,
        last.time_ms,
        (lat_deg, lon_deg),
        confidence,
        details,
    ));
}

/// The centroid of points on the sphere (mean of unit vectors), so that a run
/// across the antimeridian centres on it rather than on the Greenwich meridian.
fn centroid_deg(points: &[TrackedPoint]) -> (f64, f64) {
    let mut sum = [0.0_f64; 3];
    for TrackedPoint { point: p, .. } in points {
        let (lat, lon) = (p.lat_deg.to_radians(), p.lon_deg.to_radians());
        sum[0] += lat.cos() * lon.cos();
        sum[1] += lat.cos() * lon.sin();
        sum[2] += lat.sin();
    }
    let lat_deg = sum[2].atan2(sum[0].hypot(sum[1])).to_degrees();
    let lon_deg = sum[1].atan2(sum[0]).to_degrees();
    (lat_deg, lon_deg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ConfigErrorKind;

    /// A change to a valid config that makes it invalid.
    type Change = fn(&mut LoiteringConfig);

    #[test]
    fn validate_rejects_bad_thresholds() {
        assert_eq!(LoiteringConfig::default().validate(), Ok(()));
        let cases: [(&str, Change); 4] = [
            ("max_speed_knots", |c| c.max_speed_knots = 0.0),
            ("min_shore_distance_m", |c| c.min_shore_distance_m = f64::NAN),
            ("min_duration_ms", |c| c.min_duration_ms = -5),
            ("max_report_interval_ms", |c| c.max_report_interval_ms = 0),
        ];
        for (field, change) in cases {
            let mut config = LoiteringConfig::default();
            change(&mut config);
            let err = config.validate().unwrap_err();
            assert!(matches!(err.kind, ConfigErrorKind::NotPositive { field: f, .. } if f == field), "{err}");
        }
    }

    #[test]
    fn centroid_is_on_the_sphere() {
        let at = |lat_deg, lon_deg| TrackedPoint {
            also_received: Vec::new(),
            point: TrackPoint {
                mmsi: 1,
                time_ms: 0,
                lat_deg,
                lon_deg,
                sog_knots: None,
                cog_deg: None,
                heading_deg: None,
                nav_status: None,
                source: None,
                input_id: 0,
                line: 0,
            },
        };
        let cases = [
            (vec![at(10.0, 20.0)], (10.0, 20.0)),
            (vec![at(0.0, 10.0), at(0.0, 20.0)], (0.0, 15.0)),
            // Across the antimeridian: 180°, not 0°.
            (vec![at(0.0, 179.0), at(0.0, -179.0)], (0.0, 180.0)),
        ];
        for (points, (lat_deg, lon_deg)) in cases {
            let c = centroid_deg(&points);
            assert!(haversine_distance_m(c.0, c.1, lat_deg, lon_deg) < 1.0, "{c:?}");
        }
    }
}

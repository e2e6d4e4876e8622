//! Scenario tests of the pairwise detectors: hand-built tracks, run through the
//! `Tracker`, then `encounter` (and `sts_transfer`).

use plimsoll::detect::encounter::{Encounter, EncounterConfig, EncounterDetector};
use plimsoll::geo::geodesy::{destination, lon_delta_deg, wrap_lon_deg};
use plimsoll::geo::Ports;
use plimsoll::store::TrackPoint;
use plimsoll::track::{Segment, Tracker};

const MIN: i64 = 60_000;
const HOUR: i64 = 3_600_000;
/// 2018-02-16T00:00:00Z, the day of the YU JONG 2 transfer off Shanghai.
const DAY_MS: i64 = 1_518_739_200_000;
/// About 300 km east of Shanghai, in the East China Sea.
const OFF_SHANGHAI: (f64, f64) = (31.0, 124.6);
const REPORT_EVERY_MS: i64 = 5 * MIN;

/// One leg of a voyage: to a place (the same place for a stay), taking a time.
#[derive(Clone, Copy)]
struct Leg {
    to: (f64, f64),
    duration_ms: i64,
}

fn leg(to: (f64, f64), duration_ms: i64) -> Leg {
    Leg { to, duration_ms }
}

/// Positions every 5 min from `from` along straight legs, each reporting the
/// speed the leg implies (a stay reports 0.2 knots of drift).
fn voyage(mmsi: u32, start_ms: i64, from: (f64, f64), legs: &[Leg]) -> Vec<TrackPoint> {
    let mut points = Vec::new();
    let (mut time_ms, mut at) = (start_ms, from);
    for l in legs {
        let distance_m = plimsoll::geo::geodesy::haversine_distance_m(at.0, at.1, l.to.0, l.to.1);
        let sog_knots = (distance_m / 1852.0 / (l.duration_ms as f64 / HOUR as f64)).max(0.2);
        let mut t = 0;
        while t < l.duration_ms {
            let f = t as f64 / l.duration_ms as f64;
            let lat_deg = at.0 + (l.to.0 - at.0) * f;
            let lon_deg = wrap_lon_deg(at.1 + lon_delta_deg(at.1, l.to.1) * f);
            points.push(point(mmsi, time_ms + t, lat_deg, lon_deg, sog_knots));
            t += REPORT_EVERY_MS;
        }
        time_ms += l.duration_ms;
        at = l.to;
    }
    points.push(point(mmsi, time_ms, at.0, at.1, 0.2));
    points
}

fn point(mmsi: u32, time_ms: i64, lat_deg: f64, lon_deg: f64, sog_knots: f64) -> TrackPoint {
    TrackPoint {
        mmsi,
        time_ms,
        lat_deg,
        lon_deg,
        sog_knots: Some(sog_knots),
        cog_deg: None,
        heading_deg: None,
        nav_status: None,
        source: None,
        input_id: 1,
        line: 1,
    }
}

/// `distance_m` from `at` on `bearing_deg`.
fn offset(at: (f64, f64), bearing_deg: f64, distance_m: f64) -> (f64, f64) {
    destination(at.0, at.1, bearing_deg, distance_m)
}

/// Two vessels that sail 1 h (10 km) from opposite sides to 60 m apart at `at`,
/// stay `stay_ms` from `start_ms`, and sail away again.
fn meeting(mmsis: (u32, u32), at: (f64, f64), start_ms: i64, stay_ms: i64) -> Vec<Vec<TrackPoint>> {
    let one = |mmsi, bearing_deg: f64, place| {
        let away = offset(place, bearing_deg, 10_000.0);
        voyage(mmsi, start_ms - HOUR, away, &[leg(place, HOUR), leg(place, stay_ms), leg(away, HOUR)])
    };
    vec![one(mmsis.0, 270.0, at), one(mmsis.1, 90.0, offset(at, 0.0, 60.0))]
}

fn segments(vessels: &[Vec<TrackPoint>]) -> Vec<Segment> {
    let tracker = Tracker::default();
    vessels.iter().flat_map(|points| tracker.track(points[0].mmsi, points).unwrap().segments).collect()
}

fn encounters(vessels: &[Vec<TrackPoint>]) -> Vec<Encounter> {
    let ports = Ports::embedded().unwrap();
    EncounterDetector::default().detect(&segments(vessels), &ports)
}

#[test]
fn a_four_hour_meeting_off_shanghai_is_one_encounter() {
    let start_ms = DAY_MS + 8 * HOUR;
    let found = encounters(&meeting((445_000_002, 412_000_001), OFF_SHANGHAI, start_ms, 4 * HOUR));
    assert_eq!(found.len(), 1, "{found:?}");
    let e = &found[0];
    assert_eq!((e.mmsi_a, e.mmsi_b), (412_000_001, 445_000_002));
    assert!((start_ms..start_ms + 10 * MIN).contains(&e.start_ms), "{e:?}");
    assert!((4 * HOUR - 20 * MIN..=4 * HOUR).contains(&e.duration_ms()), "{e:?}");
    assert!((e.median_distance_m - 60.0).abs() < 1.0 && e.min_distance_m <= e.median_distance_m, "{e:?}");
    assert!((e.lat_deg - OFF_SHANGHAI.0).abs() < 0.01 && (e.lon_deg - OFF_SHANGHAI.1).abs() < 0.01);
    assert!(e.mean_speed_a_knots < 2.0 && e.mean_speed_b_knots < 2.0);
    let event = e.to_event();
    assert_eq!(event.vessels, [412_000_001, 445_000_002]);
    assert_eq!(event.id, format!("encounter-412000001-{}", e.start_ms / 1000));
}

#[test]
fn a_meeting_across_midnight_is_one_encounter() {
    let found = encounters(&meeting((1, 2), OFF_SHANGHAI, DAY_MS - 2 * HOUR, 4 * HOUR));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].start_ms < DAY_MS && found[0].end_ms > DAY_MS);
}

#[test]
fn ships_passing_at_twelve_knots_are_no_encounter() {
    let a = OFF_SHANGHAI;
    let b = offset(a, 0.0, 300.0);
    let pass = |mmsi, from: (f64, f64), bearing_deg| {
        // 12 knots for 4 h is 88.9 km.
        voyage(
            mmsi,
            DAY_MS,
            offset(from, bearing_deg, -44_448.0),
            &[leg(offset(from, bearing_deg, 44_448.0), 4 * HOUR)],
        )
    };
    assert!(encounters(&[pass(1, a, 90.0), pass(2, b, 270.0)]).is_empty());
    // Side by side in the same direction at 12 knots for hours: still no encounter.
    assert!(encounters(&[pass(1, a, 90.0), pass(2, b, 90.0)]).is_empty());
}

#[test]
fn a_tug_alongside_a_ship_near_a_port_is_no_encounter() {
    let ports = Ports::embedded().unwrap();
    let nampo = ports.all().iter().find(|p| p.name == "Nampo").unwrap();
    let near = offset((nampo.lat_deg, nampo.lon_deg), 200.0, 2_000.0);
    let vessels = meeting((1, 2), near, DAY_MS, 4 * HOUR);
    assert!(encounters(&vessels).is_empty());
    // The port alone rules it out: without the port rule it is an encounter.
    let config = EncounterConfig { min_port_distance_m: 0.0, ..EncounterConfig::default() };
    let anywhere = EncounterDetector::new(config).unwrap();
    assert_eq!(anywhere.detect(&segments(&vessels), &ports).len(), 1);
}

#[test]
fn a_meeting_of_an_hour_and_a_half_is_no_encounter() {
    assert!(encounters(&meeting((1, 2), OFF_SHANGHAI, DAY_MS, 90 * MIN)).is_empty());
}

#[test]
fn two_meetings_three_hours_apart_are_merged() {
    let at = OFF_SHANGHAI;
    let start_ms = DAY_MS + 6 * HOUR;
    let away = offset(at, 90.0, 20_000.0);
    // The first stays put 9 h; the second stays 2.5 h, leaves for 3 h, comes back for 2.5 h.
    let first = voyage(1, start_ms - HOUR, offset(at, 270.0, 10_000.0), &[leg(at, HOUR), leg(at, 8 * HOUR)]);
    let second = voyage(
        2,
        start_ms - HOUR,
        offset(at, 0.0, 10_000.0),
        &[
            leg(at, HOUR),
            leg(at, 150 * MIN),
            leg(away, 90 * MIN),
            leg(at, 90 * MIN),
            leg(at, 150 * MIN),
            leg(away, HOUR),
        ],
    );
    let found = encounters(&[first, second]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].runs, 2);
    assert!(found[0].duration_ms() >= 8 * HOUR - 20 * MIN, "{:?}", found[0]);
}

#[test]
fn a_meeting_across_the_antimeridian_is_found() {
    let at = (10.0, 179.999);
    let drift_to = (10.0, -179.99);
    let a = voyage(1, DAY_MS, offset(at, 270.0, 10_000.0), &[leg(at, HOUR), leg(drift_to, 4 * HOUR)]);
    let b_at = offset(at, 0.0, 80.0);
    let b = voyage(
        2,
        DAY_MS,
        offset(b_at, 90.0, 10_000.0),
        &[leg(b_at, HOUR), leg(offset(drift_to, 0.0, 80.0), 4 * HOUR)],
    );
    let found = encounters(&[a, b]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].duration_ms() >= 3 * HOUR + 30 * MIN, "{:?}", found[0]);
    assert!(found[0].lon_deg.abs() > 179.9, "{:?}", found[0]);
}

//! Tracking scenarios: small hand-built tracks and the segments they must give,
//! and the property that segments partition the kept points.

use std::sync::Arc;

use plimsoll::geo::geodesy::{destination, haversine_distance_m};
use plimsoll::store::TrackPoint;
use plimsoll::track::{is_reachable, ErrorKind, TrackConfig, Tracker, VesselTracks};
use proptest::prelude::*;

const MMSI: u32 = 273_123_456;
const T0_MS: i64 = 1_700_000_000_000;
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
const KNOT_M_PER_MS: f64 = 1852.0 / 3_600_000.0;

fn point(line: u64, time_ms: i64, lat_deg: f64, lon_deg: f64) -> TrackPoint {
    TrackPoint {
        mmsi: MMSI,
        time_ms,
        lat_deg,
        lon_deg,
        sog_knots: Some(12.0),
        cog_deg: Some(90.0),
        heading_deg: Some(90),
        nav_status: Some(0),
        source: Some(Arc::from("rx1")),
        input_id: 1,
        line,
    }
}

/// A ship sailing a great circle from a start at a constant speed, reporting every
/// `every_ms` from `start_ms`, with lines numbered from `first_line`.
#[allow(clippy::too_many_arguments)]
fn voyage(
    first_line: u64,
    start_ms: i64,
    every_ms: i64,
    count: u64,
    (lat_deg, lon_deg): (f64, f64),
    bearing_deg: f64,
    speed_knots: f64,
) -> Vec<TrackPoint> {
    (0..count)
        .map(|i| {
            let elapsed_ms = every_ms * i64::try_from(i).unwrap();
            let (lat, lon) =
                destination(lat_deg, lon_deg, bearing_deg, speed_knots * KNOT_M_PER_MS * elapsed_ms as f64);
            point(first_line + i, start_ms + elapsed_ms, lat, lon)
        })
        .collect()
}

fn track(points: &[TrackPoint]) -> VesselTracks {
    Tracker::default().track(MMSI, points).unwrap()
}

/// Lines of each segment's points, in order.
fn lines(tracks: &VesselTracks) -> Vec<Vec<u64>> {
    tracks.segments.iter().map(|s| s.points.iter().map(|p| p.point.line).collect()).collect()
}

#[test]
fn clean_voyage_is_one_segment() {
    let points = voyage(1, T0_MS, 10 * MINUTE_MS, 145, (36.0, 14.0), 90.0, 12.0);
    let tracks = track(&points);
    assert_eq!(lines(&tracks), vec![(1..=145).collect::<Vec<_>>()]);
    let segment = &tracks.segments[0];
    assert_eq!((segment.id.mmsi, segment.id.index), (MMSI, 0));
    assert_eq!(segment.id.to_string(), format!("{MMSI}-0"));
    assert_eq!((segment.start_ms, segment.end_ms), (T0_MS, T0_MS + 24 * HOUR_MS));
    assert!(!segment.concurrent);
    assert_eq!(tracks.counts.points_kept(), 145);
}

#[test]
fn a_ten_hour_gap_splits() {
    let mut points = voyage(1, T0_MS, 10 * MINUTE_MS, 31, (36.0, 14.0), 90.0, 12.0);
    let last = points.last().unwrap().clone();
    // Drifting slowly through a 10-hour silence: close by, but too late.
    points.extend(voyage(
        32,
        last.time_ms + 10 * HOUR_MS,
        10 * MINUTE_MS,
        10,
        (last.lat_deg, last.lon_deg),
        90.0,
        12.0,
    ));
    let tracks = track(&points);
    assert_eq!(lines(&tracks), vec![(1..=31).collect::<Vec<_>>(), (32..=41).collect()]);
    assert!(tracks.segments.iter().all(|s| !s.concurrent));
}

#[test]
fn a_spoofed_jump_is_its_own_segment() {
    let mut points = voyage(1, T0_MS, 10 * MINUTE_MS, 60, (36.0, 14.0), 90.0, 12.0);
    // Three positions 1,000 km away, then back on the voyage.
    for p in &mut points[30..33] {
        (p.lat_deg, p.lon_deg) = destination(p.lat_deg, p.lon_deg, 0.0, 1_000_000.0);
    }
    let tracks = track(&points);
    let voyage_lines: Vec<u64> = (1..=30).chain(34..=60).collect();
    assert_eq!(lines(&tracks), vec![voyage_lines, vec![31, 32, 33]]);
    assert!(tracks.segments.iter().all(|s| s.concurrent));
}

#[test]
fn two_ships_sharing_an_mmsi_are_two_segments() {
    // Ship A sails east; ship B, 300 km north, sails west; they report alternately
    // every 2.5 min for 6 hours.
    let a = voyage(0, T0_MS, 5 * MINUTE_MS, 72, (20.0, 60.0), 90.0, 10.0);
    let b_start = destination(20.0, 60.0, 0.0, 300_000.0);
    let b = voyage(0, T0_MS + 150_000, 5 * MINUTE_MS, 72, b_start, 270.0, 10.0);
    let mut points = Vec::new();
    for (i, (pa, pb)) in a.into_iter().zip(b).enumerate() {
        let i = u64::try_from(i).unwrap();
        points.push(TrackPoint { line: 2 * i, ..pa });
        points.push(TrackPoint { line: 2 * i + 1, ..pb });
    }
    let tracks = track(&points);
    let evens: Vec<u64> = (0..72).map(|i| 2 * i).collect();
    let odds: Vec<u64> = (0..72).map(|i| 2 * i + 1).collect();
    assert_eq!(lines(&tracks), vec![evens, odds]);
    assert!(tracks.segments.iter().all(|s| s.concurrent));
    assert_eq!(tracks.counts.segments_evicted, 0);
}

#[test]
fn duplicates_from_three_receivers_are_merged() {
    let fixes = voyage(0, T0_MS, 10 * MINUTE_MS, 20, (55.0, 12.0), 45.0, 12.0);
    let mut points = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        let line = 3 * u64::try_from(i).unwrap();
        // The same fix through three stations: later by the stations' clock
        // errors, and one rounding the position 3 m differently.
        let (lat_deg, lon_deg) = destination(fix.lat_deg, fix.lon_deg, 0.0, 3.0);
        points.push(TrackPoint { line, ..fix.clone() });
        points.push(TrackPoint {
            line: line + 1,
            time_ms: fix.time_ms + 300,
            source: Some(Arc::from("rx2")),
            ..fix.clone()
        });
        points.push(TrackPoint {
            line: line + 2,
            time_ms: fix.time_ms + 800,
            lat_deg,
            lon_deg,
            source: Some(Arc::from("rx3")),
            ..fix.clone()
        });
    }
    let tracks = track(&points);
    assert_eq!(tracks.segments.len(), 1);
    assert_eq!(tracks.counts.duplicates_merged, 40);
    let kept = &tracks.segments[0].points;
    assert_eq!(kept.len(), 20);
    for (i, p) in kept.iter().enumerate() {
        let line = 3 * u64::try_from(i).unwrap();
        assert_eq!(p.point.line, line);
        let also: Vec<(Option<&str>, u64)> =
            p.also_received.iter().map(|a| (a.source.as_deref(), a.line)).collect();
        assert_eq!(also, vec![(Some("rx2"), line + 1), (Some("rx3"), line + 2)]);
    }
}

#[test]
fn a_track_across_the_antimeridian_near_fiji_is_one_segment() {
    let points = voyage(1, T0_MS, 10 * MINUTE_MS, 73, (-17.0, 179.5), 90.0, 12.0);
    assert!(points.first().unwrap().lon_deg > 179.0 && points.last().unwrap().lon_deg < -177.0);
    let tracks = track(&points);
    assert_eq!(lines(&tracks), vec![(1..=73).collect::<Vec<_>>()]);
}

#[test]
fn near_the_pole_is_one_segment() {
    // Across the north pole: longitudes jump by 180°, distances do not.
    let points = voyage(1, T0_MS, 10 * MINUTE_MS, 30, (89.9, 0.0), 0.0, 12.0);
    assert_eq!(track(&points).segments.len(), 1);
}

#[test]
fn sentinel_speeds_become_unknown() {
    let mut points = voyage(1, T0_MS, 10 * MINUTE_MS, 6, (36.0, 14.0), 90.0, 12.0);
    for (p, sog_knots) in points.iter_mut().zip([102.3, 51.2, 63.0, 12.0, 0.0]) {
        p.sog_knots = Some(sog_knots);
    }
    points[5].sog_knots = None;
    let tracks = track(&points);
    assert_eq!(tracks.counts.sentinel_speeds, 3);
    let speeds: Vec<Option<f64>> = tracks.segments[0].points.iter().map(|p| p.point.sog_knots).collect();
    assert_eq!(speeds, vec![None, None, None, Some(12.0), Some(0.0), None]);
}

#[test]
fn implausible_positions_are_dropped_and_counted() {
    let mut points = voyage(1, T0_MS, 10 * MINUTE_MS, 6, (36.0, 14.0), 90.0, 12.0);
    (points[1].lat_deg, points[1].lon_deg) = (0.0, 0.0);
    points[2].lat_deg = 91.0;
    points[3].lon_deg = 181.0;
    points[4].lat_deg = f64::NAN;
    let tracks = track(&points);
    assert_eq!(tracks.counts.implausible_dropped, 4);
    assert_eq!(lines(&tracks), vec![vec![1, 6]]);
}

#[test]
fn a_single_point_is_one_segment() {
    let tracks = track(&[point(7, T0_MS, 1.0, 2.0)]);
    assert_eq!(lines(&tracks), vec![vec![7]]);
    let segment = &tracks.segments[0];
    assert_eq!((segment.start_ms, segment.end_ms, segment.concurrent), (T0_MS, T0_MS, false));
    assert!(track(&[]).segments.is_empty());
}

#[test]
fn a_fast_ships_scattered_fixes_stay_one_segment() {
    // 20.5 knots east, a report every 6 s (63 m), each fix scattered up to 15 m along
    // the track: two consecutive fixes 78 m apart imply 25.3 knots.
    let scatter_m = [0.0, 15.0, -15.0, 15.0, 0.0, -15.0];
    let ship: Vec<TrackPoint> = (0..60)
        .map(|k: i64| {
            let along_m = 20.5 * KNOT_M_PER_MS * (k * 6_000) as f64 + scatter_m[(k % 6) as usize];
            let (lat_deg, lon_deg) = destination(37.5, 124.0, 90.0, along_m);
            point(u64::try_from(k).unwrap() + 1, T0_MS + k * 6_000, lat_deg, lon_deg)
        })
        .collect();
    let tracks = track(&ship);
    assert_eq!(tracks.segments.len(), 1, "{:?}", lines(&tracks));

    // Confounder: a second ship under the same MMSI 5 km north, reporting in between,
    // is still a segment of its own.
    let mut both: Vec<TrackPoint> = ship.clone();
    both.extend(ship.iter().map(|p| {
        let (lat_deg, lon_deg) = destination(p.lat_deg, p.lon_deg, 0.0, 5_000.0);
        TrackPoint { time_ms: p.time_ms + 3_000, lat_deg, lon_deg, line: p.line + 1_000, ..p.clone() }
    }));
    both.sort_by_key(|p| p.time_ms);
    let tracks = track(&both);
    assert_eq!(tracks.segments.len(), 2, "{:?}", lines(&tracks));
    assert!(tracks.segments.iter().all(|s| s.points.len() == 60 && s.concurrent));
}

#[test]
fn points_all_at_one_time() {
    // Two copies of one fix, and two other places: no speed can link them. A fix
    // 111 m from another is within the scatter of fixes (the noise distance): one ship.
    let (far_lat_deg, far_lon_deg) = destination(10.0, 10.0, 90.0, 50_000.0);
    let points = [
        point(1, T0_MS, 10.0, 10.0),
        point(2, T0_MS, 10.0, 10.0),
        point(3, T0_MS, far_lat_deg, far_lon_deg),
        point(4, T0_MS, 10.01, 10.0),
        point(5, T0_MS, 10.001, 10.0),
    ];
    let tracks = track(&points);
    assert_eq!(lines(&tracks), vec![vec![1, 5], vec![3], vec![4]]);
    assert_eq!(tracks.counts.duplicates_merged, 1);
    assert!(tracks.segments.iter().all(|s| s.concurrent));
}

#[test]
fn open_segments_are_bounded() {
    // Ten places far apart at one time, with room for three open segments.
    let config = TrackConfig { max_open_segments: 3, ..TrackConfig::default() };
    let points: Vec<TrackPoint> =
        (0..10).map(|i| point(i, T0_MS + i64::try_from(i).unwrap(), 0.5 * i as f64, 1.0)).collect();
    let tracks = Tracker::new(config).unwrap().track(MMSI, &points).unwrap();
    assert_eq!(tracks.segments.len(), 10);
    assert_eq!(tracks.counts.segments_evicted, 7);
}

#[test]
fn input_contract_is_checked() {
    let points = [point(1, T0_MS, 1.0, 1.0), point(2, T0_MS - 1, 1.0, 1.0)];
    let err = Tracker::default().track(MMSI, &points).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Unsorted { mmsi: MMSI, index: 1 }), "{err}");
    let err = Tracker::default().track(MMSI + 1, &points[..1]).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::OtherMmsi { index: 0, found: MMSI, .. }), "{err}");
    let err = Tracker::new(TrackConfig { max_gap_ms: -1, ..TrackConfig::default() }).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Config { field: "max_gap_ms", .. }), "{err}");
}

/// Random points: a few streams wandering at random speeds (some too fast),
/// interleaved, with random gaps, copies, implausible positions and equal times.
fn arbitrary_points() -> impl Strategy<Value = Vec<TrackPoint>> {
    let step = (0i64..4 * HOUR_MS, 0usize..3, 0.0f64..360.0, 0.0f64..200_000.0, 0u8..20);
    (prop::collection::vec(step, 1..120), -60.0f64..60.0, -180.0f64..180.0).prop_map(
        |(steps, lat_deg, lon_deg)| {
            let mut places = [(lat_deg, lon_deg); 3];
            let mut time_ms = T0_MS;
            let mut points = Vec::new();
            for (i, (dt_ms, stream, bearing_deg, distance_m, odd)) in steps.into_iter().enumerate() {
                // A zero step now and then: points at one time.
                time_ms += if odd < 3 { 0 } else { dt_ms };
                let (lat, lon) = destination(places[stream].0, places[stream].1, bearing_deg, distance_m);
                places[stream] = (lat, lon);
                let line = u64::try_from(i).unwrap();
                match odd {
                    0 => points.push(point(line, time_ms, 0.0, 0.0)),
                    1 => {
                        points.push(point(line, time_ms, lat, lon));
                        points.push(point(line + 1_000, time_ms, lat, lon));
                    }
                    _ => points.push(point(line, time_ms, lat, lon)),
                }
            }
            points
        },
    )
}

proptest! {
    #[test]
    fn segments_partition_the_kept_points(points in arbitrary_points()) {
        let config = TrackConfig::default();
        let tracks = Tracker::new(config.clone()).unwrap().track(MMSI, &points).unwrap();
        let counts = tracks.counts;
        prop_assert_eq!(counts.points_read, u64::try_from(points.len()).unwrap());
        // Every point is kept in exactly one segment, or merged, or dropped.
        let mut seen: Vec<u64> = Vec::new();
        for segment in &tracks.segments {
            prop_assert!(!segment.points.is_empty());
            for p in &segment.points {
                seen.push(p.point.line);
                seen.extend(p.also_received.iter().map(|a| a.line));
            }
        }
        let kept: usize = tracks.segments.iter().map(|s| s.points.len()).sum();
        prop_assert_eq!(u64::try_from(kept).unwrap(), counts.points_kept());
        seen.sort_unstable();
        let before = seen.len();
        seen.dedup();
        prop_assert_eq!(seen.len(), before, "a point in two places");
        prop_assert_eq!(u64::try_from(seen.len()).unwrap() + counts.implausible_dropped, counts.points_read);
        for (index, segment) in tracks.segments.iter().enumerate() {
            prop_assert_eq!(segment.id.index, u64::try_from(index).unwrap());
            prop_assert_eq!(segment.start_ms, segment.points[0].point.time_ms);
            for pair in segment.points.windows(2) {
                let (a, b) = (&pair[0].point, &pair[1].point);
                let dt_ms = b.time_ms - a.time_ms;
                prop_assert!(dt_ms >= 0 && dt_ms <= config.max_gap_ms);
                let distance_m = haversine_distance_m(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
                prop_assert!(
                    distance_m <= config.noise_distance_m
                        || is_reachable(distance_m, dt_ms, config.max_implied_speed_knots)
                );
            }
        }
    }
}

//! Spoofing scenarios: small hand-built tracks through the `Tracker`, and the
//! signs the detector must (and must not) find.

use std::sync::{Arc, OnceLock};

use plimsoll::detect::spoofing::{self, SpoofingConfig};
use plimsoll::event::{Event, EventKind};
use plimsoll::geo::geodesy::destination;
use plimsoll::geo::{Land, MidTable, Ports};
use plimsoll::store::TrackPoint;
use plimsoll::track::{TrackConfig, Tracker, VesselTracks};

const MMSI: u32 = 412_000_001;
/// 2024-01-01T00:00:00Z.
const START_MS: i64 = 1_704_067_200_000;
const MINUTE_MS: i64 = 60_000;
const NM_M: f64 = 1852.0;
/// East China Sea, more than 80 nm from any shore.
const OFFSHORE: (f64, f64) = (29.0, 125.5);
/// Xi'an: central China, hundreds of km from the sea.
const CENTRAL_CHINA: (f64, f64) = (34.26, 108.94);

fn land() -> &'static Land {
    static LAND: OnceLock<Land> = OnceLock::new();
    LAND.get_or_init(|| Land::embedded().unwrap())
}

fn ports() -> &'static Ports {
    static PORTS: OnceLock<Ports> = OnceLock::new();
    PORTS.get_or_init(|| Ports::embedded().unwrap())
}

fn mids() -> &'static MidTable {
    static MIDS: OnceLock<MidTable> = OnceLock::new();
    MIDS.get_or_init(|| MidTable::embedded().unwrap())
}

fn point(mmsi: u32, time_ms: i64, (lat_deg, lon_deg): (f64, f64)) -> TrackPoint {
    TrackPoint {
        mmsi,
        time_ms,
        lat_deg,
        lon_deg,
        sog_knots: Some(12.0),
        cog_deg: Some(90.0),
        heading_deg: Some(90),
        nav_status: Some(0),
        source: Some(Arc::from("rx1")),
        input_id: 1,
        line: 0,
    }
}

/// Six hours eastward from `from` at 12 kn, a report every 10 minutes.
fn voyage(mmsi: u32, from: (f64, f64)) -> Vec<TrackPoint> {
    (0..37)
        .map(|i| {
            let distance_m = 12.0 * NM_M * f64::from(i) / 6.0;
            point(
                mmsi,
                START_MS + i64::from(i) * 10 * MINUTE_MS,
                destination(from.0, from.1, 90.0, distance_m),
            )
        })
        .collect()
}

fn track(mmsi: u32, mut points: Vec<TrackPoint>) -> VesselTracks {
    points.sort_by_key(|p| p.time_ms);
    Tracker::new(TrackConfig::default()).unwrap().track(mmsi, &points).unwrap()
}

fn detect(tracks: &VesselTracks) -> Vec<Event> {
    spoofing::detect(tracks, land(), ports(), mids(), &SpoofingConfig::default())
}

fn signals(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.details["signal"].as_str().unwrap()).collect()
}

#[test]
fn a_normal_track_shows_nothing() {
    assert_eq!(SpoofingConfig::default().validate(), Ok(()));
    let tracks = track(MMSI, voyage(MMSI, OFFSHORE));
    assert_eq!(detect(&tracks), []);
    assert_eq!(spoofing::shared_positions(&[tracks], &SpoofingConfig::default()), []);
}

/// One false position 1,000 km away and back: the jump out and the jump back are
/// between concurrent segments (the lone point overlaps the voyage), one episode.
#[test]
fn a_jump_of_1000_km_and_back_is_one_impossible_jump_episode() {
    let mut points = voyage(MMSI, OFFSHORE);
    let far = destination(OFFSHORE.0, OFFSHORE.1, 150.0, 1_000_000.0);
    let at_ms = START_MS + 3 * 60 * MINUTE_MS + MINUTE_MS;
    points.push(point(MMSI, at_ms, far));
    let events = detect(&track(MMSI, points));
    assert_eq!(signals(&events), ["impossible_jump"], "{events:?}");
    let e = &events[0];
    assert_eq!(e.kind, EventKind::Spoofing);
    assert_eq!(e.details["jumps"], 2);
    assert_eq!((e.start_ms, e.end_ms), (at_ms - MINUTE_MS, at_ms + 9 * MINUTE_MS));
    let distance_m = e.details["jump_distance_m"].as_f64().unwrap();
    assert!((900_000.0..1_100_000.0).contains(&distance_m), "{e:?}");
    assert!(e.details["implied_speed_knots"].as_f64().unwrap() > 1_000.0, "{e:?}");
    assert_eq!(e.confidence, 0.8, "concurrent segments: {e:?}");
}

/// Two boats given one MMSI, 300 km apart, heard in turn for six hours: dozens of
/// jumps, one finding.
#[test]
fn two_boats_sharing_an_mmsi_are_one_impossible_jump_episode() {
    let elsewhere = destination(OFFSHORE.0, OFFSHORE.1, 0.0, 300_000.0);
    let mut points = voyage(MMSI, OFFSHORE);
    points.extend(
        voyage(MMSI, elsewhere).into_iter().map(|p| TrackPoint { time_ms: p.time_ms + 5 * MINUTE_MS, ..p }),
    );
    let tracks = track(MMSI, points);
    assert!(tracks.segments.iter().all(|s| s.concurrent), "{:?}", tracks.segments.len());
    let events = detect(&tracks);
    assert_eq!(signals(&events), ["impossible_jump"], "{events:?}");
    assert!(events[0].details["jumps"].as_u64().unwrap() >= 70, "{:?}", events[0]);
    // A second episode a day later is a second finding.
    let mut points = voyage(MMSI, OFFSHORE);
    points.extend(
        voyage(MMSI, elsewhere).into_iter().map(|p| TrackPoint { time_ms: p.time_ms + 5 * MINUTE_MS, ..p }),
    );
    let later: Vec<TrackPoint> =
        points.iter().map(|p| TrackPoint { time_ms: p.time_ms + 24 * 60 * MINUTE_MS, ..p.clone() }).collect();
    points.extend(later);
    assert_eq!(signals(&detect(&track(MMSI, points))), ["impossible_jump", "impossible_jump"]);
}

#[test]
fn a_position_in_central_china_is_on_land() {
    let mut points = voyage(MMSI, OFFSHORE);
    points.push(point(MMSI, START_MS + 3 * 60 * MINUTE_MS + MINUTE_MS, CENTRAL_CHINA));
    let events = detect(&track(MMSI, points));
    let on_land: Vec<&Event> = events.iter().filter(|e| e.details["signal"] == "on_land").collect();
    assert_eq!(on_land.len(), 1, "{events:?}");
    assert!(on_land[0].details["max_inland_m"].as_f64().unwrap() > 100_000.0);
    assert_eq!(on_land[0].confidence, 0.9);
}

#[test]
fn a_ship_at_a_berth_is_not_on_land() {
    // A port whose charted position the coastline data puts just ashore.
    let berth = Ports::embedded()
        .unwrap()
        .all()
        .iter()
        .map(|p| (p.lat_deg, p.lon_deg))
        .find(|&(lat, lon)| {
            land().locate(lat, lon).is_some_and(|s| s.on_land && s.coastline_distance_m < 500.0)
        })
        .unwrap();
    let points = (0..30).map(|i| point(MMSI, START_MS + i * 10 * MINUTE_MS, berth)).collect();
    assert_eq!(detect(&track(MMSI, points)), []);
}

/// Zhenhai, Ningbo's oil port: its reference point lies 2.5 km inland on the
/// coastline data, so a ship at its berth is ashore by more than the 1 km
/// tolerance, yet in port, not spoofed.
#[test]
fn a_ship_at_a_river_port_charted_inland_is_not_on_land() {
    let zhenhai = ports().all().iter().find(|p| p.name == "Zhen Hai").expect("Zhen Hai in the WPI");
    let at = (zhenhai.lat_deg, zhenhai.lon_deg);
    let shore = land().locate(at.0, at.1).unwrap();
    assert!(shore.on_land && shore.coastline_distance_m > 1_000.0, "{shore:?}");
    let points: Vec<TrackPoint> = (0..30).map(|i| point(MMSI, START_MS + i * 10 * MINUTE_MS, at)).collect();
    assert_eq!(detect(&track(MMSI, points)), []);
}

#[test]
fn invalid_mmsis_are_flagged() {
    for (mmsi, verdict) in
        [(200_123_456, serde_json::json!({ "unallocated_mid": 200 })), (123_456_789, "placeholder".into())]
    {
        let events = detect(&track(mmsi, voyage(mmsi, OFFSHORE)));
        assert_eq!(signals(&events), ["invalid_mmsi"], "{events:?}");
        assert_eq!(events[0].details["mmsi_verdict"], verdict);
        assert_eq!(events[0].vessels, [mmsi]);
    }
}

#[test]
fn two_mmsis_at_one_spot_share_a_position() {
    let other = 413_000_002;
    // The same fixes, 2 s and a few metres apart.
    let twin: Vec<TrackPoint> = voyage(MMSI, OFFSHORE)
        .iter()
        .map(|p| {
            let (lat, lon) = destination(p.lat_deg, p.lon_deg, 0.0, 5.0);
            point(other, p.time_ms + 2_000, (lat, lon))
        })
        .collect();
    let elsewhere = 414_000_003;
    let vessels = [
        track(MMSI, voyage(MMSI, OFFSHORE)),
        track(other, twin),
        track(elsewhere, voyage(elsewhere, (30.0, 126.0))),
    ];
    let events = spoofing::shared_positions(&vessels, &SpoofingConfig::default());
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].vessels, [MMSI, other]);
    assert_eq!(events[0].details["coincident_reports"], 37);
    assert_eq!((events[0].start_ms, events[0].end_ms), (START_MS, START_MS + 360 * MINUTE_MS));
}

#[test]
fn ships_passing_close_are_no_shared_position_a_twin_transmitter_is() {
    // Two ships on reciprocal courses at 12 kn pass 5 m apart, each reporting every
    // 10 s: closing at 12 m/s, their fixes are within 10 m of each other at one report
    // (within 10 s), as two ships passing close (or GPS error) can be.
    let passing = 413_000_002;
    let centre = OFFSHORE;
    let speed_mps = 12.0 * NM_M / 3_600.0;
    let at = |bearing_deg: f64, seconds: f64, north_m: f64| {
        let (lat, lon) = destination(centre.0, centre.1, 0.0, north_m);
        destination(lat, lon, bearing_deg, speed_mps * seconds)
    };
    // Every 10 s for 10 minutes, `lag_ms` after the eastbound ship's reports, passing
    // abeam of the centre `passing_ms` after START_MS.
    let reports = |mmsi: u32, lag_ms: i32, passing_ms: i32, bearing_deg: f64, north_m: f64| {
        (-30..=30_i32)
            .map(|i| {
                let seconds = f64::from(i * 10_000 + lag_ms - passing_ms) / 1_000.0;
                point(mmsi, START_MS + i64::from(i * 10_000 + lag_ms), at(bearing_deg, seconds, north_m))
            })
            .collect::<Vec<TrackPoint>>()
    };
    // Eastbound, at the centre at START_MS; westbound 5 m north of it 1 s later.
    let east = reports(MMSI, 0, 0, 90.0, 0.0);
    let west = reports(passing, 1_000, 1_000, 270.0, 5.0);
    let vessels = [track(MMSI, east), track(passing, west)];
    assert_eq!(spoofing::shared_positions(&vessels, &SpoofingConfig::default()), []);
    // The one coincidence is there, under the minimum.
    let every = SpoofingConfig { shared_position_min_reports: 1, ..SpoofingConfig::default() };
    let events = spoofing::shared_positions(&vessels, &every);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].details["coincident_reports"], 1);
    // A second transmitter under another MMSI on the eastbound hull coincides at
    // every report: a shared position, with the passing ship still left out.
    let twin = 414_000_003;
    let vessels = [vessels[0].clone(), vessels[1].clone(), track(twin, reports(twin, 1_000, 0, 90.0, 3.0))];
    let events = spoofing::shared_positions(&vessels, &SpoofingConfig::default());
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].vessels, [MMSI, twin]);
}

#[test]
fn five_hundred_mmsis_on_one_spot_are_one_cluster_found_fast() {
    // A spoofing tool's worth of MMSIs on one spot, each reporting every 10 s for an
    // hour: 180,000 reports, 124,750 pairs if reported pairwise.
    let spot = (29.5, 124.0);
    let vessels: Vec<VesselTracks> = (0..500_u32)
        .map(|n| {
            let mmsi = 412_100_000 + n;
            let points = (0..360).map(|i| point(mmsi, START_MS + i * 10_000 + i64::from(n), spot)).collect();
            track(mmsi, points)
        })
        .collect();
    let started = std::time::Instant::now();
    let events = spoofing::shared_positions(&vessels, &SpoofingConfig::default());
    let elapsed = started.elapsed();
    // Generous for a debug build on a loaded machine; a pairwise sweep takes minutes.
    assert!(elapsed < std::time::Duration::from_secs(20), "{elapsed:?}");
    let clusters: Vec<&Event> = events.iter().filter(|e| e.details["cluster"] == true).collect();
    assert_eq!(clusters.len(), 1, "{events:?}");
    assert_eq!(events.len(), 1, "the pairs found before the spot got crowded are subsumed: {events:?}");
    let cluster = clusters[0];
    assert_eq!(cluster.details["vessel_count"], 500);
    assert_eq!(cluster.vessels.len(), spoofing::CLUSTER_VESSELS_LISTED);
    assert_eq!(cluster.vessels[0], 412_100_000);
    assert_eq!(cluster.details["coincident_reports"], 180_000);
    assert_eq!((cluster.start_ms, cluster.end_ms), (START_MS, START_MS + 359 * 10_000 + 499));
}

#[test]
fn validate_rejects_bad_thresholds() {
    use plimsoll::detect::ConfigErrorKind;
    let bad = SpoofingConfig { max_inland_m: -1.0, ..SpoofingConfig::default() };
    let err = bad.validate().unwrap_err();
    assert!(matches!(err.kind, ConfigErrorKind::NotPositive { field: "max_inland_m", .. }), "{err}");
    let bad = SpoofingConfig { shared_position_window_ms: 0, ..SpoofingConfig::default() };
    assert!(bad.validate().is_err());
    let bad = SpoofingConfig { shared_position_max_vessels: 1, ..SpoofingConfig::default() };
    assert_eq!(bad.validate().unwrap_err().field(), "shared_position_max_vessels");
    let bad = SpoofingConfig { shared_position_min_reports: 0, ..SpoofingConfig::default() };
    assert_eq!(bad.validate().unwrap_err().field(), "shared_position_min_reports");
}

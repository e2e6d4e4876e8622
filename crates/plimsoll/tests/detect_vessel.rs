//! Per-vessel detector scenarios: small hand-built tracks, run through the
//! `Tracker`, and the events the detectors must (and must not) find.

use std::sync::{Arc, OnceLock};

use plimsoll::detect::ais_gap::{self, AisGapConfig, GridCoverage};
use plimsoll::detect::loitering::{self, LoiteringConfig};
use plimsoll::detect::port_visit::{self, PortVisitConfig};
use plimsoll::event::{Event, EventKind};
use plimsoll::geo::geodesy::destination;
use plimsoll::geo::{Land, Port, Ports};
use plimsoll::store::TrackPoint;
use plimsoll::track::{TrackConfig, Tracker, VesselTracks};

const MMSI: u32 = 412_000_001;
/// 2024-01-01T00:00:00Z: a UTC midnight.
const MIDNIGHT_MS: i64 = 1_704_067_200_000;
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
const NM_M: f64 = 1852.0;

/// East China Sea, far out: more than 80 nm from any shore.
const OFFSHORE: (f64, f64) = (29.0, 125.5);
/// Off Zhoushan, about 30 nm from shore.
const FISHING_GROUND: (f64, f64) = (29.6, 122.95);
/// Off the Yangtze estuary, a few nm from shore.
const NEAR_SHORE: (f64, f64) = (31.0, 122.2);

fn land() -> &'static Land {
    static LAND: OnceLock<Land> = OnceLock::new();
    LAND.get_or_init(|| Land::embedded().unwrap())
}

fn ports() -> &'static Ports {
    static PORTS: OnceLock<Ports> = OnceLock::new();
    PORTS.get_or_init(|| Ports::embedded().unwrap())
}

fn nampo() -> &'static Port {
    ports().all().iter().find(|p| p.name == "Nampo").unwrap()
}

/// A position `distance_m` from `port` on `bearing_deg`.
fn off(port: &Port, bearing_deg: f64, distance_m: f64) -> (f64, f64) {
    destination(port.lat_deg, port.lon_deg, bearing_deg, distance_m)
}

/// A ship sailing straight in to (or out from) `port` on a radial at 6 kn,
/// reporting every 5 minutes from `from_m` to `to_m` from the port.
fn radial(port: &Port, start_ms: i64, from_m: f64, to_m: f64) -> Vec<TrackPoint> {
    let step_m = 6.0 * NM_M / 12.0;
    let steps = ((from_m - to_m).abs() / step_m).floor() as i64;
    (0..=steps)
        .map(|i| {
            let distance_m = from_m + (to_m - from_m).signum() * step_m * i as f64;
            point(MMSI, start_ms + i * 5 * MINUTE_MS, off(port, 200.0, distance_m), 6.0)
        })
        .collect()
}

fn visits(tracks: &VesselTracks) -> Vec<Event> {
    port_visit::detect(tracks, ports(), &PortVisitConfig::default())
}

fn point(mmsi: u32, time_ms: i64, (lat_deg, lon_deg): (f64, f64), sog_knots: f64) -> TrackPoint {
    TrackPoint {
        mmsi,
        time_ms,
        lat_deg,
        lon_deg,
        sog_knots: Some(sog_knots),
        cog_deg: Some(90.0),
        heading_deg: Some(90),
        nav_status: Some(0),
        source: Some(Arc::from("rx1")),
        input_id: 1,
        line: 0,
    }
}

/// A leg of a voyage: `count` reports every `every_ms` from `start_ms`, sailing
/// from `from` on `bearing_deg` at `sog_knots`.
fn leg(
    mmsi: u32,
    start_ms: i64,
    every_ms: i64,
    count: i64,
    from: (f64, f64),
    bearing_deg: f64,
    sog_knots: f64,
) -> Vec<TrackPoint> {
    (0..count)
        .map(|i| {
            let dt_ms = i * every_ms;
            let distance_m = sog_knots * NM_M * dt_ms as f64 / HOUR_MS as f64;
            point(mmsi, start_ms + dt_ms, destination(from.0, from.1, bearing_deg, distance_m), sog_knots)
        })
        .collect()
}

fn track(mmsi: u32, mut points: Vec<TrackPoint>) -> VesselTracks {
    points.sort_by_key(|p| p.time_ms);
    Tracker::new(TrackConfig::default()).unwrap().track(mmsi, &points).unwrap()
}

fn gaps(tracks: &VesselTracks, coverage: Option<&dyn ais_gap::Coverage>) -> Vec<Event> {
    ais_gap::detect(tracks, land(), coverage, &AisGapConfig::default())
}

/// A ship steaming at 10 kn on `bearing_deg` from `from`, silent from `silent_at_ms`
/// for `silent_ms`, reporting every 10 minutes for 3 h either side.
fn voyage_with_gap(from: (f64, f64), bearing_deg: f64, silent_at_ms: i64, silent_ms: i64) -> Vec<TrackPoint> {
    let start_ms = silent_at_ms - 3 * HOUR_MS;
    let all = leg(MMSI, start_ms, 10 * MINUTE_MS, 37 + silent_ms / (10 * MINUTE_MS), from, bearing_deg, 10.0);
    all.into_iter().filter(|p| p.time_ms <= silent_at_ms || p.time_ms >= silent_at_ms + silent_ms).collect()
}

fn detail_bool(event: &Event, key: &str) -> bool {
    event.details[key].as_bool().unwrap()
}

#[test]
fn reference_places_are_where_the_scenarios_need_them() {
    assert!(land().distance_to_shore_m(OFFSHORE.0, OFFSHORE.1) > 80.0 * NM_M);
    let fishing_m = land().distance_to_shore_m(FISHING_GROUND.0, FISHING_GROUND.1);
    assert!(fishing_m > 25.0 * NM_M && fishing_m < 40.0 * NM_M, "{}", fishing_m / NM_M);
    let near_m = land().distance_to_shore_m(NEAR_SHORE.0, NEAR_SHORE.1);
    assert!(near_m > 0.0 && near_m < 20.0 * NM_M, "{near_m}");
}

#[test]
fn seven_hour_gap_near_shore_is_a_gap_not_likely_disabling() {
    let silent_at_ms = MIDNIGHT_MS + 10 * HOUR_MS;
    let tracks = track(MMSI, voyage_with_gap(NEAR_SHORE, 90.0, silent_at_ms, 7 * HOUR_MS));
    let events = gaps(&tracks, None);
    assert_eq!(events.len(), 1, "{events:?}");
    let gap = &events[0];
    assert_eq!(gap.kind, EventKind::AisGap);
    assert_eq!((gap.start_ms, gap.end_ms), (silent_at_ms, silent_at_ms + 7 * HOUR_MS));
    assert!(!detail_bool(gap, "likely_disabling"));
    assert!(!detail_bool(gap, "stopped_or_detoured"));
    let speed = gap.details["implied_speed_knots"].as_f64().unwrap();
    assert!((speed - 10.0).abs() < 0.1, "{speed}");
}

#[test]
fn fourteen_hour_gap_far_offshore_is_likely_disabling_and_found_once_across_midnight() {
    // Silent from 18:00 to 08:00 the next day: one event, not split at midnight.
    let silent_at_ms = MIDNIGHT_MS + 18 * HOUR_MS;
    let tracks = track(MMSI, voyage_with_gap(OFFSHORE, 0.0, silent_at_ms, 14 * HOUR_MS));
    // 14 h is beyond the tracker's 8 h: the gap lies between two segments.
    assert_eq!(tracks.segments.len(), 2);
    let events = gaps(&tracks, None);
    assert_eq!(events.len(), 1, "{events:?}");
    let gap = &events[0];
    assert_eq!((gap.start_ms, gap.end_ms), (silent_at_ms, silent_at_ms + 14 * HOUR_MS));
    assert!(detail_bool(gap, "likely_disabling"));
    assert!(gap.confidence >= 0.8, "{}", gap.confidence);
    assert!(gap.details["shore_distance_before_m"].as_f64().unwrap() > 80.0 * NM_M);
}

#[test]
fn a_gap_nobody_else_was_heard_in_has_low_confidence() {
    let silent_at_ms = MIDNIGHT_MS + 2 * HOUR_MS;
    let tracks = track(MMSI, voyage_with_gap(OFFSHORE, 0.0, silent_at_ms, 14 * HOUR_MS));
    // Another ship sailing nearby through the gap: the area was covered.
    let neighbour = leg(999, MIDNIGHT_MS, 30 * MINUTE_MS, 48, (OFFSHORE.0 + 0.1, OFFSHORE.1), 0.0, 5.0);
    let ours: Vec<TrackPoint> =
        tracks.segments.iter().flat_map(|s| &s.points).map(|p| p.point.clone()).collect();
    let positions = |others: &[TrackPoint]| {
        let all: Vec<_> =
            ours.iter().chain(others).map(|p| (p.mmsi, p.time_ms, p.lat_deg, p.lon_deg)).collect();
        GridCoverage::new(0.5, all)
    };
    let covered = positions(&neighbour);
    let heard = gaps(&tracks, Some(&covered));
    assert_eq!(heard.len(), 1);
    assert!(heard[0].confidence >= 0.8, "{:?}", heard[0]);
    assert_eq!(heard[0].details["other_vessels_heard"].as_u64(), Some(1));

    // Only the vessel itself was heard: a receiver outage is as likely as a silent ship.
    let outage = positions(&[]);
    let unheard = gaps(&tracks, Some(&outage));
    assert_eq!(unheard.len(), 1);
    assert!(unheard[0].confidence < 0.3, "{:?}", unheard[0]);
    assert_eq!(unheard[0].details["other_vessels_heard"].as_u64(), Some(0));
}

#[test]
fn two_ships_sharing_one_mmsi_get_no_invented_gap_but_keep_their_own() {
    // Ship A reports every 10 min for a day, except for 7 h in the afternoon;
    // ship B, 300 km away with the same MMSI, reports all day. A per-MMSI gap
    // finder sees no silence (B fills it) and jumps between the ships.
    let ship_a = leg(MMSI, MIDNIGHT_MS, 10 * MINUTE_MS, 144, OFFSHORE, 90.0, 8.0);
    let ship_a: Vec<_> = ship_a
        .into_iter()
        .filter(|p| !(MIDNIGHT_MS + 12 * HOUR_MS < p.time_ms && p.time_ms < MIDNIGHT_MS + 19 * HOUR_MS))
        .collect();
    let ship_b = leg(MMSI, MIDNIGHT_MS + 5 * MINUTE_MS, 10 * MINUTE_MS, 144, (32.0, 126.5), 180.0, 8.0);
    let tracks = track(MMSI, [ship_a, ship_b].concat());
    assert!(tracks.segments.len() >= 2 && tracks.segments.iter().all(|s| s.concurrent));
    let events = gaps(&tracks, None);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (events[0].start_ms, events[0].end_ms),
        (MIDNIGHT_MS + 12 * HOUR_MS, MIDNIGHT_MS + 19 * HOUR_MS)
    );
    let distance_m = events[0].details["distance_m"].as_f64().unwrap();
    assert!((distance_m - 7.0 * 8.0 * NM_M).abs() < 1_000.0, "{distance_m}");
}

#[test]
fn a_ship_that_stopped_during_its_gap_is_flagged_and_the_antimeridian_is_crossed() {
    let before = leg(MMSI, MIDNIGHT_MS, 10 * MINUTE_MS, 7, (10.0, 179.9), 90.0, 12.0);
    // Reappears 7 h later only 20 nm on, across the antimeridian.
    let after_from = destination(10.0, 179.9, 90.0, 12.0 * NM_M + 20.0 * NM_M);
    let after = leg(MMSI, MIDNIGHT_MS + 8 * HOUR_MS, 10 * MINUTE_MS, 7, after_from, 90.0, 12.0);
    assert!(after_from.1 < 0.0);
    let tracks = track(MMSI, [before, after].concat());
    let events = gaps(&tracks, None);
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(detail_bool(&events[0], "stopped_or_detoured"));
    let distance_m = events[0].details["distance_m"].as_f64().unwrap();
    assert!((distance_m - 20.0 * NM_M).abs() < 100.0, "{distance_m}");
}

#[test]
fn degenerate_tracks_have_no_gaps() {
    let one = track(MMSI, vec![point(MMSI, MIDNIGHT_MS, OFFSHORE, 0.0)]);
    assert!(gaps(&one, None).is_empty());
    let same_time: Vec<_> = (0..5)
        .map(|i| point(MMSI, MIDNIGHT_MS, (OFFSHORE.0 + f64::from(i) * 0.01, OFFSHORE.1), 0.0))
        .collect();
    assert!(gaps(&track(MMSI, same_time), None).is_empty());
}

#[test]
fn a_ship_at_anchor_in_port_across_midnight_is_one_visit() {
    let port = nampo();
    // In at 6 kn from 10 km, anchored 1 km off from 21:00 to 07:00, out again.
    let inbound = radial(port, MIDNIGHT_MS - 4 * HOUR_MS, 10_000.0, 1_000.0);
    let anchored_from_ms = inbound.last().unwrap().time_ms + 10 * MINUTE_MS;
    let anchored: Vec<_> = (0..=60)
        .map(|i| point(MMSI, anchored_from_ms + i * 10 * MINUTE_MS, off(port, 200.0, 1_000.0), 0.0))
        .collect();
    let outbound = radial(port, anchored.last().unwrap().time_ms + 10 * MINUTE_MS, 1_000.0, 10_000.0);
    let all = [inbound.clone(), anchored, outbound.clone()].concat();
    let events = visits(&track(MMSI, all));
    assert_eq!(events.len(), 1, "{events:?}");
    let visit = &events[0];
    assert_eq!(visit.kind, EventKind::PortVisit);
    assert!(visit.start_ms < MIDNIGHT_MS && visit.end_ms > MIDNIGHT_MS);
    assert_eq!(visit.details["port_name"], "Nampo");
    assert_eq!(visit.details["port_unlocode"], "KPNAM");
    assert_eq!(visit.details["open"], false);
    // Arrival: the first point within 3 km; departure: the last within 4 km.
    let arrival = inbound.iter().find(|p| distance_to(port, p) <= 3_000.0).unwrap();
    let departure = outbound.iter().rev().find(|p| distance_to(port, p) <= 4_000.0).unwrap();
    assert_eq!((visit.start_ms, visit.end_ms), (arrival.time_ms, departure.time_ms));
    // Stopped from the first anchored report until the first report under way.
    let stopped_ms = visit.details["stopped_ms"].as_i64().unwrap();
    assert_eq!(stopped_ms, outbound[0].time_ms - anchored_from_ms);
    assert_eq!(visit.details["stops"], 1);
    assert_eq!(visit.confidence, 1.0);
}

fn distance_to(port: &Port, p: &TrackPoint) -> f64 {
    plimsoll::geo::geodesy::haversine_distance_m(port.lat_deg, port.lon_deg, p.lat_deg, p.lon_deg)
}

#[test]
fn a_ship_wandering_at_the_rim_is_one_visit_and_one_still_in_port_is_open() {
    let port = nampo();
    // Alternating 2.5 km and 3.5 km from the port for 4 h: inside the exit radius
    // throughout, so one visit, still open at the end of the data.
    let wandering: Vec<_> = (0..48)
        .map(|i| {
            let distance_m = if i % 2 == 0 { 2_500.0 } else { 3_500.0 };
            point(MMSI, MIDNIGHT_MS + i * 5 * MINUTE_MS, off(port, 200.0, distance_m), 1.0)
        })
        .collect();
    let events = visits(&track(MMSI, wandering.clone()));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].details["open"], true);
    assert_eq!(events[0].end_ms, wandering.last().unwrap().time_ms);
    assert_eq!(events[0].details["stops"], 0);
    assert!(events[0].confidence < 1.0);

    // Passing 3.5 km off without entering 3 km is no visit.
    let passing: Vec<_> = (0..12)
        .map(|i| point(MMSI, MIDNIGHT_MS + i * 5 * MINUTE_MS, off(port, 200.0, 3_500.0), 1.0))
        .collect();
    assert!(visits(&track(MMSI, passing)).is_empty());
}

#[test]
fn degenerate_tracks_in_port() {
    let port = nampo();
    let one = track(MMSI, vec![point(MMSI, MIDNIGHT_MS, off(port, 200.0, 500.0), 0.0)]);
    let events = visits(&one);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].start_ms, events[0].end_ms), (MIDNIGHT_MS, MIDNIGHT_MS));
    assert_eq!(events[0].details["open"], true);
    let same_time: Vec<_> = (0..5)
        .map(|i| point(MMSI, MIDNIGHT_MS, off(port, 200.0, 500.0 + f64::from(i) * 50.0), 0.0))
        .collect();
    assert!(visits(&track(MMSI, same_time))
        .iter()
        .all(|e| e.start_ms == MIDNIGHT_MS && e.end_ms == MIDNIGHT_MS));
}

fn loiters(tracks: &VesselTracks, config: &LoiteringConfig) -> Vec<Event> {
    loitering::detect(tracks, land(), ports(), config)
}

/// A vessel drifting around `centre` within 500 m at `sog_knots`, reporting every
/// 10 minutes for `hours` from `start_ms`.
fn drifting(centre: (f64, f64), start_ms: i64, hours: i64, sog_knots: f64) -> Vec<TrackPoint> {
    (0..=hours * 6)
        .map(|i| {
            let at = destination(centre.0, centre.1, (i * 30 % 360) as f64, 500.0);
            point(MMSI, start_ms + i * 10 * MINUTE_MS, at, sog_knots)
        })
        .collect()
}

#[test]
fn a_fishing_vessel_loitering_offshore_across_midnight_is_one_event() {
    // Steaming in at 10 kn, drifting at 1.5 kn from 22:00 to 03:00, steaming off.
    let start_ms = MIDNIGHT_MS - 2 * HOUR_MS;
    let west = destination(FISHING_GROUND.0, FISHING_GROUND.1, 270.0, 20.0 * NM_M);
    let mut all = leg(MMSI, start_ms - 2 * HOUR_MS, 10 * MINUTE_MS, 12, west, 90.0, 10.0);
    all.extend(drifting(FISHING_GROUND, start_ms, 5, 1.5));
    all.extend(leg(
        MMSI,
        start_ms + 5 * HOUR_MS + 10 * MINUTE_MS,
        10 * MINUTE_MS,
        12,
        FISHING_GROUND,
        90.0,
        10.0,
    ));
    let tracks = track(MMSI, all);
    assert_eq!(tracks.segments.len(), 1);
    let events = loiters(&tracks, &LoiteringConfig::default());
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.kind, EventKind::Loitering);
    assert_eq!((event.start_ms, event.end_ms), (start_ms, start_ms + 5 * HOUR_MS));
    assert!((event.details["mean_speed_knots"].as_f64().unwrap() - 1.5).abs() < 1e-9);
    let radius_m = event.details["area_radius_m"].as_f64().unwrap();
    assert!((400.0..600.0).contains(&radius_m), "{radius_m}");
    assert!(event.details["min_shore_distance_m"].as_f64().unwrap() > 20.0 * NM_M);
    assert!(event.confidence >= 0.9);
    // Not a gap, not a port visit.
    assert!(gaps(&tracks, None).is_empty());
    assert!(visits(&tracks).is_empty());
}

#[test]
fn a_ship_at_anchor_in_port_is_a_port_visit_not_loitering() {
    let port = nampo();
    let anchored: Vec<_> = (0..=60)
        .map(|i| point(MMSI, MIDNIGHT_MS + i * 10 * MINUTE_MS, off(port, 200.0, 1_000.0), 0.0))
        .collect();
    let tracks = track(MMSI, anchored);
    assert!(loiters(&tracks, &LoiteringConfig::default()).is_empty());
    // Even with no shore distance required, the port radius excludes it.
    let anywhere = LoiteringConfig { min_shore_distance_m: 1.0, ..LoiteringConfig::default() };
    assert!(loiters(&tracks, &anywhere).is_empty());
    assert_eq!(visits(&tracks).len(), 1);
}

#[test]
fn short_slow_spells_and_broken_ones_are_not_loitering() {
    let short = track(MMSI, drifting(FISHING_GROUND, MIDNIGHT_MS, 1, 1.0));
    assert!(loiters(&short, &LoiteringConfig::default()).is_empty());
    // Three hours slow, but silent for 90 minutes in the middle and found 10 km
    // away after it (3.6 knots across the silence): it did not stay, not continuous.
    let away = destination(FISHING_GROUND.0, FISHING_GROUND.1, 90.0, 10_000.0);
    let silent = |p: &TrackPoint| {
        MIDNIGHT_MS + 40 * MINUTE_MS < p.time_ms && p.time_ms < MIDNIGHT_MS + 130 * MINUTE_MS
    };
    let moved: Vec<_> = drifting(FISHING_GROUND, MIDNIGHT_MS, 3, 1.0)
        .into_iter()
        .filter(|p| !silent(p))
        .map(|p| {
            if p.time_ms < MIDNIGHT_MS + HOUR_MS {
                p
            } else {
                TrackPoint { lat_deg: away.0, lon_deg: away.1, ..p }
            }
        })
        .collect();
    assert!(loiters(&track(MMSI, moved), &LoiteringConfig::default()).is_empty());
    // Found where it was after the silence (heard only when a satellite passes):
    // one spell of loitering across it.
    let bridged: Vec<_> =
        drifting(FISHING_GROUND, MIDNIGHT_MS, 3, 1.0).into_iter().filter(|p| !silent(p)).collect();
    let events = loiters(&track(MMSI, bridged), &LoiteringConfig::default());
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0].start_ms, events[0].end_ms), (MIDNIGHT_MS, MIDNIGHT_MS + 3 * HOUR_MS));
    // A silence of an AIS gap's length (6 h) is never bridged, even in one place.
    let gap: Vec<_> = drifting(FISHING_GROUND, MIDNIGHT_MS, 9, 1.0)
        .into_iter()
        .filter(|p| !(MIDNIGHT_MS + 80 * MINUTE_MS < p.time_ms && p.time_ms < MIDNIGHT_MS + 440 * MINUTE_MS))
        .collect();
    assert!(loiters(&track(MMSI, gap), &LoiteringConfig::default()).is_empty());
    // Single point and points all at one time.
    let one = track(MMSI, vec![point(MMSI, MIDNIGHT_MS, FISHING_GROUND, 0.0)]);
    assert!(loiters(&one, &LoiteringConfig::default()).is_empty());
    let same_time: Vec<_> = (0..5)
        .map(|i| point(MMSI, MIDNIGHT_MS, (FISHING_GROUND.0 + f64::from(i) * 0.01, FISHING_GROUND.1), 0.0))
        .collect();
    assert!(loiters(&track(MMSI, same_time), &LoiteringConfig::default()).is_empty());
}

#[test]
fn loitering_across_the_antimeridian_centres_on_it() {
    let centre = (10.0, 180.0);
    assert!(land().distance_to_shore_m(centre.0, centre.1) > 20.0 * NM_M);
    let tracks = track(MMSI, drifting(centre, MIDNIGHT_MS, 3, 1.0));
    let events = loiters(&tracks, &LoiteringConfig::default());
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].lon_deg.abs() > 179.9, "{}", events[0].lon_deg);
    assert!(events[0].details["area_radius_m"].as_f64().unwrap() < 600.0);
}

/// The built-in `east-china-sea` scenario, decoded and tracked per vessel.
fn simulated() -> &'static (Vec<Event>, Vec<VesselTracks>) {
    static SIMULATED: OnceLock<(Vec<Event>, Vec<VesselTracks>)> = OnceLock::new();
    SIMULATED.get_or_init(|| {
        use plimsoll::sim::{builtin, BuiltinOptions, Geography, Simulation};
        let geo = Geography::embedded().unwrap();
        let scenario = builtin("east-china-sea", &BuiltinOptions::default(), 7).unwrap();
        let simulation = Simulation::new(&scenario, None, 7, &geo).unwrap();
        let mut nmea = Vec::new();
        simulation.write_nmea(&mut nmea).unwrap();
        let mut decoder = ais::Decoder::default();
        let mut by_mmsi: std::collections::BTreeMap<u32, Vec<TrackPoint>> = Default::default();
        for (i, line) in nmea.split(|&b| b == b'\n').filter(|l| !l.is_empty()).enumerate() {
            if let ais::Fed::Message(decoded) = decoder.feed(line, u64::try_from(i).unwrap() + 1) {
                if let Some(fix) = decoded.message.position() {
                    let mut p = point(fix.mmsi, decoded.time_ms.unwrap(), (fix.lat_deg, fix.lon_deg), 0.0);
                    p.sog_knots = fix.sog_knots;
                    by_mmsi.entry(fix.mmsi).or_default().push(p);
                }
            }
        }
        let tracks = by_mmsi.into_iter().map(|(mmsi, points)| track(mmsi, points)).collect();
        (simulation.truth().to_vec(), tracks)
    })
}

/// Whether a detected event of the truth event's kind, for its vessel (and port),
/// overlaps it in time.
fn found(truth: &Event, detected: &[Event]) -> bool {
    detected.iter().any(|e| {
        e.kind == truth.kind
            && e.vessels == truth.vessels
            && e.start_ms < truth.end_ms
            && truth.start_ms < e.end_ms
            && truth.details.get("port").is_none_or(|port| e.details.get("port_name") == Some(port))
    })
}

#[test]
fn the_simulators_gaps_and_port_visits_are_found() {
    let (truth, tracks) = simulated();
    // The scenario's gaps last 5 h, under the 6 h baseline: look for shorter ones.
    let gap_config = AisGapConfig { min_gap_ms: 4 * HOUR_MS, ..AisGapConfig::default() };
    let detected: Vec<Event> = tracks
        .iter()
        .flat_map(|t| [ais_gap::detect(t, land(), None, &gap_config), visits(t)].concat())
        .collect();
    let wanted: Vec<&Event> =
        truth.iter().filter(|e| matches!(e.kind, EventKind::AisGap | EventKind::PortVisit)).collect();
    assert!(wanted.iter().any(|e| e.kind == EventKind::AisGap));
    assert!(wanted.iter().any(|e| e.kind == EventKind::PortVisit));
    let missed: Vec<_> = wanted.iter().filter(|e| !found(e, &detected)).collect();
    assert!(missed.is_empty(), "missed {} of {}: {missed:#?}", missed.len(), wanted.len());
}

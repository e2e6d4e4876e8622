//! The built-in scenario end to end: its NMEA decodes, its ships stay at sea, its
//! truth parses and agrees with the tracks, and the store ingests every line.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use ais::{Decoder, Fed, Outcome};
use plimsoll::geo::geodesy::haversine_distance_m;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::sim::motion::State;
use plimsoll::sim::{builtin, BuiltinOptions, Geography, Simulation, Summary, PORT_AREA_M};
use plimsoll::store::{IngestOutcome, Store, WriteOptions};

struct Run {
    geo: Geography,
    simulation: Simulation,
    nmea: Vec<u8>,
    truth: Vec<u8>,
    summary: Summary,
}

/// The built-in scenario with a little background traffic, simulated once.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let geo = Geography::embedded().unwrap();
        let options = BuiltinOptions { background_vessels: 10, ..BuiltinOptions::default() };
        let scenario = builtin("east-china-sea", &options, 7).unwrap();
        let simulation = Simulation::new(&scenario, None, 7, &geo).unwrap();
        let (mut nmea, mut truth) = (Vec::new(), Vec::new());
        let summary = simulation.write_nmea(&mut nmea).unwrap();
        simulation.write_truth(&mut truth).unwrap();
        Run { geo, simulation, nmea, truth, summary }
    })
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect()
}

/// A position as decoded: (mmsi, time ms, lat, lon).
type Position = (u32, i64, f64, f64);
/// A type 5 as decoded: (mmsi, time ms, name, call sign, draught m).
type Static5 = (u32, i64, String, String, f64);

/// The positions and type 5 reports decoded.
fn decoded() -> &'static (Vec<Position>, Vec<Static5>) {
    static DECODED: OnceLock<(Vec<Position>, Vec<Static5>)> = OnceLock::new();
    DECODED.get_or_init(|| {
        let mut decoder = Decoder::default();
        let (mut positions, mut statics) = (Vec::new(), Vec::new());
        for (i, line) in lines(&run().nmea).into_iter().enumerate() {
            if let Fed::Message(decoded) = decoder.feed(line, u64::try_from(i).unwrap() + 1) {
                let time_ms = decoded.time_ms.unwrap();
                if let Some(fix) = decoded.message.position() {
                    positions.push((fix.mmsi, time_ms, fix.lat_deg, fix.lon_deg));
                }
                if let Some(s) = decoded.message.static_data().filter(|s| s.msg_type == 5) {
                    let text = |t: Option<&str>| t.unwrap_or_default().to_owned();
                    statics.push((s.mmsi, time_ms, text(s.shipname), text(s.callsign), s.draught_m.unwrap()));
                }
            }
        }
        (positions, statics)
    })
}

fn decoded_positions() -> &'static Vec<Position> {
    &decoded().0
}

#[test]
fn static_reports_show_draughts_renames_and_port_calls() {
    let run = run();
    let statics = &decoded().1;
    let draughts = |mmsi: u32, before: bool, t_ms: i64| -> Vec<f64> {
        statics.iter().filter(|s| s.0 == mmsi && (s.1 < t_ms) == before).map(|s| s.4).collect()
    };
    for event in run.simulation.truth() {
        match event.kind.as_str() {
            "sts_transfer" => {
                // The receiver floats deeper after, the giver higher, in the type 5s heard.
                let (giver, receiver) = (event.vessels[0], event.vessels[1]);
                let (before, after) =
                    (draughts(receiver, true, event.end_ms), draughts(receiver, false, event.end_ms));
                assert!(!before.is_empty() && !after.is_empty(), "{}: type 5 heard", event.id);
                let rise_m = after[0] - before[before.len() - 1];
                assert!((1.0..=3.0).contains(&rise_m), "{}: draught rose {rise_m} m", event.id);
                assert!(draughts(giver, false, event.end_ms)[0] < draughts(giver, true, event.end_ms)[0]);
            }
            "identity_change" => {
                let mmsi = event.vessels[0];
                let names: HashSet<&str> =
                    statics.iter().filter(|s| s.0 == mmsi).map(|s| s.2.as_str()).collect();
                assert!(names.contains(event.details["old_name"].as_str().unwrap()), "{names:?}");
                assert!(names.contains(event.details["new_name"].as_str().unwrap()), "{names:?}");
            }
            _ => {}
        }
    }
    let plan = run.simulation.plan();
    let visits: Vec<_> = run.simulation.truth().iter().filter(|e| e.kind.as_str() == "port_visit").collect();
    assert!(visits.len() > 4, "the confounders call at ports too");
    let sts_parties: HashSet<u32> = run
        .simulation
        .truth()
        .iter()
        .filter(|e| e.kind.as_str() == "sts_transfer")
        .flat_map(|e| e.vessels.iter().copied())
        .collect();
    let ports: Vec<&str> = visits
        .iter()
        .filter(|v| sts_parties.contains(&v.vessels[0]))
        .map(|v| v.details["port"].as_str().unwrap())
        .collect();
    assert_eq!(ports, ["Zhen Hai", "Nampo", "Nampo", "Nampo"], "a feeder loads, the tankers deliver");
    let left = visits.iter().find(|v| v.end_ms < plan.end_ms).expect("one tanker leaves Nampo");
    let vessel = plan.vessels.iter().find(|v| v.mmsi == left.vessels[0]).unwrap();
    let (during, after) =
        (vessel.state_at(left.start_ms + 60_000).unwrap(), vessel.state_at(left.end_ms + 600_000).unwrap());
    assert_eq!((during.nav_status, during.sog_knots), (5, 0.0), "moored");
    assert!(after.sog_knots > 5.0, "under way again");
}

#[test]
fn every_intact_line_decodes() {
    let run = run();
    let all = lines(&run.nmea);
    assert_eq!(u64::try_from(all.len()).unwrap(), run.summary.lines);
    assert!(run.summary.corrupt_lines > 0, "the scenario corrupts some lines");
    let mut decoder = Decoder::default();
    let (mut decoded_lines, mut bad_checksum, mut held) = (0_u64, 0_u64, 0_u64);
    let mut types = HashSet::new();
    for (i, line) in all.iter().enumerate() {
        match decoder.feed(line, u64::try_from(i).unwrap() + 1) {
            Fed::Message(decoded) => {
                assert!(decoded.time_ms.is_some() && decoded.source.is_some());
                types.insert(decoded.message.msg_type());
                decoded_lines += u64::try_from(decoded.lines.as_slice().len()).unwrap();
            }
            Fed::Held => held += 1,
            Fed::Rejected { error, .. } => {
                assert_eq!(error.outcome(), Outcome::BadChecksum, "line {}: {error}", i + 1);
                bad_checksum += 1;
            }
            Fed::NonAis => panic!("line {}: not AIS", i + 1),
        }
    }
    decoder.finish();
    assert!(decoder.take_given_up().is_empty());
    assert!(held > 0, "type 5 spans two sentences");
    assert_eq!(bad_checksum, run.summary.corrupt_lines);
    assert_eq!(decoded_lines + bad_checksum, run.summary.lines);
    for msg_type in [1, 5, 18, 24] {
        assert!(types.contains(&msg_type), "message type {msg_type}");
    }
}

#[test]
fn positions_are_at_sea_outside_port_areas() {
    let run = run();
    let positions = decoded_positions();
    assert!(positions.len() > 1_000);
    for &(mmsi, t_ms, lat_deg, lon_deg) in positions {
        if run.geo.land.is_on_land(lat_deg, lon_deg) {
            let (port, distance_m) = run.geo.ports.nearest(lat_deg, lon_deg).unwrap();
            assert!(
                distance_m < PORT_AREA_M,
                "{mmsi} at {t_ms}: {lat_deg}, {lon_deg} on land, {distance_m} m from {}",
                port.name
            );
        }
    }
}

#[test]
fn truth_parses_and_sts_pairs_lie_alongside() {
    let run = run();
    let events: Vec<serde_json::Value> =
        lines(&run.truth).iter().map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(events.len(), run.simulation.truth().len() + run.summary.reception_gaps.len());
    let kinds: HashSet<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    let expected = [
        "sts_transfer",
        "encounter",
        "loitering",
        "ais_gap",
        "spoofing",
        "identity_change",
        "draught_change",
        "port_visit",
    ];
    assert_eq!(kinds, HashSet::from(expected));
    let ids: HashSet<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), events.len(), "ids are unique");
    let starts: Vec<&str> = events.iter().map(|e| e["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
    for e in &events {
        for key in ["id", "kind", "vessels", "start", "end", "lat", "lon", "confidence", "details"] {
            assert!(e.get(key).is_some(), "{key} in {e}");
        }
        assert!(e["start"].as_str().unwrap() <= e["end"].as_str().unwrap());
    }

    let vessels: HashMap<u32, &plimsoll::sim::Vessel> =
        run.simulation.plan().vessels.iter().map(|v| (v.mmsi, v)).collect();
    let positions = decoded_positions();
    let sts: Vec<_> = run.simulation.truth().iter().filter(|e| e.kind.as_str() == "sts_transfer").collect();
    assert_eq!(sts.len(), 3);
    for event in sts {
        assert!(event.end_ms - event.start_ms >= 3 * 3_600_000, "{}: hours alongside", event.id);
        let (a, b) = (event.vessels[0], event.vessels[1]);
        // The simulated tracks, every minute of the transfer (at its end they leave).
        for t_ms in (event.start_ms..event.end_ms).step_by(60_000) {
            let (sa, sb) = (vessels[&a].state_at(t_ms).unwrap(), vessels[&b].state_at(t_ms).unwrap());
            let distance_m = haversine_distance_m(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg);
            assert!(distance_m < 200.0, "{}: {distance_m} m apart at {t_ms}", event.id);
            assert!(sa.sog_knots < 1.0 && sb.sog_knots < 1.0);
        }
        // And what the receivers heard: reports of the two within a minute of each other.
        let during = |mmsi: u32| {
            positions.iter().filter(move |p| p.0 == mmsi && (event.start_ms..=event.end_ms).contains(&p.1))
        };
        let mut pairs = 0;
        for pa in during(a) {
            for pb in during(b).filter(|pb| (pb.1 - pa.1).abs() <= 60_000) {
                let distance_m = haversine_distance_m(pa.2, pa.3, pb.2, pb.3);
                assert!(distance_m < 200.0, "{}: reported {distance_m} m apart", event.id);
                pairs += 1;
            }
        }
        assert!(pairs > 0, "{}: both heard during the transfer", event.id);
    }
}

#[test]
fn store_ingests_every_line() {
    let run = run();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ais.nmea");
    std::fs::write(&path, &run.nmea).unwrap();
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let outcome = store
        .ingest(&InputSource::Path(path), &IngestOptions::default(), &WriteOptions::default(), &mut |_| {})
        .unwrap();
    let IngestOutcome::Added(added) = outcome else { panic!("not added") };
    let report = &added.report;
    assert_eq!(report.lines_read, run.summary.lines);
    assert_eq!(report.outcomes_total(), report.lines_read);
    assert_eq!(report.outcome(Outcome::BadChecksum), run.summary.corrupt_lines);
    assert_eq!(
        report.outcome(Outcome::Decoded) + report.outcome(Outcome::Duplicate),
        run.summary.lines - run.summary.corrupt_lines
    );
    assert!(report.outcome(Outcome::Duplicate) > 0, "several receivers hear some messages");
    assert!(report.positions > 1_000 && report.static_reports > 0);
}

/// Every position heard that lies on land is in a port area.
fn assert_at_sea(geo: &Geography, nmea: &[u8]) -> usize {
    let mut decoder = Decoder::default();
    let mut count = 0;
    for (i, line) in lines(nmea).into_iter().enumerate() {
        if let Fed::Message(decoded) = decoder.feed(line, u64::try_from(i).unwrap() + 1) {
            if let Some(fix) = decoded.message.position() {
                count += 1;
                if geo.land.is_on_land(fix.lat_deg, fix.lon_deg) {
                    let (port, distance_m) = geo.ports.nearest(fix.lat_deg, fix.lon_deg).unwrap();
                    assert!(
                        distance_m < PORT_AREA_M,
                        "{}: {}, {} on land, {distance_m} m from {}",
                        fix.mmsi,
                        fix.lat_deg,
                        fix.lon_deg,
                        port.name
                    );
                }
            }
        }
    }
    count
}

fn simulate(name: &str, options: &BuiltinOptions, seed: u64) -> (Simulation, Vec<u8>, Summary) {
    let scenario = builtin(name, options, seed).unwrap();
    let simulation = Simulation::new(&scenario, None, seed, geo()).unwrap();
    let mut nmea = Vec::new();
    let summary = simulation.write_nmea(&mut nmea).unwrap();
    (simulation, nmea, summary)
}

fn geo() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| Geography::embedded().unwrap())
}

#[test]
fn global_day_scales_with_vessels_stays_on_the_lanes_and_repeats_itself() {
    let small = BuiltinOptions { background_vessels: 100, duration_hours: 2.0 };
    let large = BuiltinOptions { background_vessels: 200, ..small };
    let (simulation, nmea, summary) = simulate("global-day", &large, 3);
    assert_eq!(simulation.plan().vessels.len(), 200);
    let (_, again, _) = simulate("global-day", &large, 3);
    assert!(nmea == again, "same seed, same bytes");
    let (_, _, half) = simulate("global-day", &small, 3);
    // Positions grow with the fleet: twice the vessels, about twice the reports.
    let ratio = summary.positions_sent as f64 / half.positions_sent as f64;
    assert!((1.6..2.4).contains(&ratio), "{ratio}: {summary:?} against {half:?}");
    assert!(summary.positions_heard > 10_000 && summary.positions_heard < summary.positions_sent);
    assert!(summary.lines > summary.positions_heard, "some heard by several receivers");
    let heard = assert_at_sea(geo(), &nmea);
    assert!(heard > 10_000, "{heard}");
    // Vessels are spread over the world's lanes, not one sea.
    let plan = simulation.plan();
    let oceans: HashSet<(i64, i64)> = plan
        .vessels
        .iter()
        .filter_map(|v| v.state_at(plan.start_ms))
        .map(|s| ((s.lat_deg / 30.0).floor() as i64, (s.lon_deg / 60.0).floor() as i64))
        .collect();
    assert!(oceans.len() >= 8, "{oceans:?}");
    let kinds: HashSet<&str> = simulation.truth().iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains("port_visit"), "{kinds:?}");
}

#[test]
fn korea_bay_truth_labels_the_pattern_and_its_confounders() {
    let options = BuiltinOptions { background_vessels: 20, ..BuiltinOptions::default() };
    let (simulation, nmea, summary) = simulate("korea-bay", &options, 5);
    assert_at_sea(geo(), &nmea);
    let truth = simulation.truth();
    let count = |kind: &str| truth.iter().filter(|e| e.kind.as_str() == kind).count();
    assert_eq!(count("sts_transfer"), 3);
    assert_eq!(count("identity_change"), 1);
    assert!(count("ais_gap") >= 6);
    let nampo =
        truth.iter().filter(|e| e.kind.as_str() == "port_visit" && e.details["port"] == "Nampo").count();
    assert_eq!(nampo, 3, "every tanker delivers to Nampo");
    // Every STS transfer is an encounter too, within the same hours.
    for sts in truth.iter().filter(|e| e.kind.as_str() == "sts_transfer") {
        let encounter = truth
            .iter()
            .find(|e| {
                let mut parties = sts.vessels.clone();
                parties.sort_unstable();
                e.kind.as_str() == "encounter" && e.vessels == parties
            })
            .unwrap_or_else(|| panic!("{}: no encounter", sts.id));
        assert_eq!(encounter.details["confounder"], "sts_transfer");
        assert!(encounter.start_ms < sts.end_ms && sts.start_ms < encounter.end_ms);
    }
    let labels = |kind: &str| -> HashSet<String> {
        truth
            .iter()
            .filter(|e| e.kind.as_str() == kind)
            .filter_map(|e| e.details.get("confounder").and_then(|c| c.as_str()).map(str::to_owned))
            .collect()
    };
    for label in ["pair_trawl", "anchorage", "sts_transfer"] {
        assert!(labels("encounter").contains(label), "{label}: {:?}", labels("encounter"));
    }
    assert_eq!(labels("spoofing"), HashSet::from(["identity_theft".to_owned(), "shared_mmsi".to_owned()]));
    assert!(labels("loitering").contains("sts_transfer"), "{:?}", labels("loitering"));
    // Bunkering and the tug are in port: staged, but not encounters by the definition.
    let mut confounders = Vec::new();
    simulation.write_confounders(&mut confounders).unwrap();
    let confounders: Vec<serde_json::Value> =
        lines(&confounders).iter().map(|l| serde_json::from_slice(l).unwrap()).collect();
    let staged: HashMap<&str, bool> = confounders
        .iter()
        .map(|c| (c["details"]["confounder"].as_str().unwrap(), c["details"]["event"].as_bool().unwrap()))
        .collect();
    let expected = [
        ("pair_trawl", true),
        ("bunkering", false),
        ("tug_assist", false),
        ("fast_passing", false),
        ("identity_theft", false),
    ];
    assert_eq!(staged, HashMap::from(expected));
    // The stolen identity is heard from two places at once.
    let theft = truth.iter().find(|e| e.details.get("cause").is_some_and(|c| c == "identity_theft")).unwrap();
    let mmsi = theft.vessels[0];
    let hulls = simulation.plan().vessels.iter().filter(|v| v.mmsi == mmsi).count();
    assert_eq!(hulls, 2);
    assert!(summary.positions_heard > 10_000);

    // The watchlist: the three designated tankers as listed, and a feeder listed later.
    let mut csv = Vec::new();
    simulation.write_sanctions(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("name,imo,mmsi,call_sign,flag,vessel_type,aliases,program,listed_on,delisted_on,remarks")
    );
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    let listed: HashSet<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    for tanker in [("CHON MA SAN", "8660313"), ("YU SON", "8691702"), ("JI SONG 6", "8898740")] {
        assert!(listed.contains(&tanker), "{tanker:?} in {csv}");
    }
    let yu_son = rows.iter().find(|r| r[0] == "YU SON").unwrap();
    let mmsi: u32 = yu_son[2].parse().unwrap();
    let renamed = truth.iter().find(|e| e.kind.as_str() == "identity_change").unwrap();
    assert_eq!(renamed.vessels, [mmsi], "listed under the name it had before the rename");
    assert_eq!(renamed.details["old_name"], "YU SON");
}

#[test]
fn korea_bay_is_deterministic() {
    let options = BuiltinOptions { background_vessels: 5, duration_hours: 12.0 };
    let once = || {
        let (simulation, nmea, _) = simulate("korea-bay", &options, 9);
        let mut truth = Vec::new();
        simulation.write_truth(&mut truth).unwrap();
        (nmea, truth)
    };
    assert!(once() == once());
}

#[test]
fn traffic_ships_keep_apart_on_the_lanes_and_at_their_berths() {
    // Merchant ships and ships in port in the seas off China and Korea, six hours: on
    // the lanes' bare lines, ships meeting passed through one spot, and ships berthed
    // on their port's reference point; either would be a position shared by two MMSIs
    // (in reality a collision). Each keeps to starboard of the line now, and each ship
    // in port has its own berth.
    let options = BuiltinOptions { background_vessels: 600, duration_hours: 6.0 };
    let mut scenario = builtin("global-day", &options, 7).unwrap();
    scenario.traffic.as_mut().unwrap().get_mut().area = Some([28.0, 118.0, 42.0, 132.0]);
    let simulation = Simulation::new(&scenario, None, 7, geo()).unwrap();
    let plan = simulation.plan();
    let ships: Vec<&plimsoll::sim::Vessel> =
        plan.vessels.iter().filter(|v| (60..=89).contains(&v.ship_type)).collect();
    assert!(ships.len() > 300, "{}", ships.len());
    // Ships at rest are checked at each minute; ships meeting within 2 km then at
    // each second over the minutes around. Under way in a port area, ships pass the
    // berths, and a channel narrower than the coastline data can tell leaves them on
    // the lane's line (Kanmon); one overtaking another keeps its own offset on the same
    // side, which can differ by metres: those are not checked.
    let checked = |sa: &State, sb: &State| {
        let course_diff_deg = (sa.cog_deg - sb.cog_deg).rem_euclid(360.0);
        let meeting = (90.0..=270.0).contains(&course_diff_deg);
        let in_port = geo().ports.nearest(sa.lat_deg, sa.lon_deg).is_some_and(|(_, d_m)| d_m < PORT_AREA_M);
        let at_rest = sa.sog_knots == 0.0 && sb.sog_knots == 0.0;
        at_rest || (meeting && !in_port && sa.sog_knots > 0.0 && sb.sog_knots > 0.0)
    };
    let apart = |a: usize, b: usize, sa: &State, sb: &State, t_ms: i64| {
        let d_m = haversine_distance_m(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg);
        assert!(
            d_m > 20.0,
            "{} and {} {d_m:.1} m apart at {}, {} (t {t_ms})",
            ships[a].mmsi,
            ships[b].mmsi,
            sa.lat_deg,
            sa.lon_deg
        );
    };
    let (mut meetings, mut at_rest) = (BTreeSet::new(), 0);
    let mut t_ms = plan.start_ms;
    while t_ms < plan.end_ms {
        let mut cells: HashMap<(i64, i64), Vec<(usize, State)>> = HashMap::new();
        for (i, ship) in ships.iter().enumerate() {
            if let Some(s) = ship.state_at(t_ms) {
                let cell = ((s.lat_deg * 50.0).floor() as i64, (s.lon_deg * 50.0).floor() as i64);
                cells.entry(cell).or_default().push((i, s));
            }
        }
        for (&(row, col), members) in &cells {
            for &(a, sa) in members {
                for (dr, dc) in (-1..=1).flat_map(|dr| (-1..=1).map(move |dc| (dr, dc))) {
                    for &(b, sb) in cells.get(&(row + dr, col + dc)).into_iter().flatten() {
                        let d_m = haversine_distance_m(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg);
                        if a >= b || d_m > 2_000.0 || !checked(&sa, &sb) {
                            continue;
                        }
                        if sa.sog_knots == 0.0 && sb.sog_knots == 0.0 {
                            at_rest += 1;
                            apart(a, b, &sa, &sb, t_ms);
                        } else {
                            meetings.insert((a, b, t_ms));
                        }
                    }
                }
            }
        }
        t_ms += 60_000;
    }
    assert!(at_rest > 1_000 && meetings.len() > 10, "the check checks something: {at_rest}, {meetings:?}");
    for &(a, b, around_ms) in &meetings {
        for t_ms in (around_ms - 60_000..=around_ms + 60_000).step_by(1_000) {
            let (Some(sa), Some(sb)) = (ships[a].state_at(t_ms), ships[b].state_at(t_ms)) else { continue };
            if checked(&sa, &sb) {
                apart(a, b, &sa, &sb, t_ms);
            }
        }
    }
}

#[test]
fn background_ships_share_no_mmsi_and_no_imo() {
    // 4,000 ships: IMOs drawn freely from the simulator's 300,000 serials would give
    // about 25 pairs, each a true "one IMO on two MMSIs" for the detector.
    let options = BuiltinOptions { background_vessels: 4_000, duration_hours: 0.25 };
    let simulation = Simulation::new(&builtin("global-day", &options, 3).unwrap(), None, 3, geo()).unwrap();
    let vessels = &simulation.plan().vessels;
    let mmsis: HashSet<u32> = vessels.iter().map(|v| v.mmsi).collect();
    assert_eq!(mmsis.len(), vessels.len());
    let imos: Vec<u32> = vessels.iter().map(|v| v.imo).filter(|&imo| imo != 0).collect();
    assert!(imos.len() > 2_000, "{}", imos.len());
    assert_eq!(imos.iter().collect::<HashSet<_>>().len(), imos.len());
}

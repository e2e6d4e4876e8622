//! The built-in scenario end to end: its NMEA decodes, its ships stay at sea, its
//! truth parses and agrees with the tracks, and the store ingests every line.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ais::{Decoder, Fed, Outcome};
use plimsoll::geo::geodesy::haversine_distance_m;
use plimsoll::ingest::{IngestOptions, InputSource};
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
    let ports: Vec<&str> = visits.iter().map(|v| v.details["port"].as_str().unwrap()).collect();
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
    assert_eq!(events.len(), run.simulation.truth().len());
    let kinds: HashSet<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, HashSet::from(["sts_transfer", "ais_gap", "identity_change", "port_visit"]));
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

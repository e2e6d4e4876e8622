//! Identity and draught from static reports: type 5 NMEA written with the
//! encoder, ingested, read back with `StaticReader`, turned into identity
//! histories, and run through the identity-change and draught-change detectors.

use std::fs;
use std::path::Path;

use ais::encode::{encode_sentences, EncodeOptions};
use ais::msg::{Dimensions, Eta, Message, StaticVoyage};
use plimsoll::detect::draught_change::{DraughtChangeConfig, DraughtChangeDetector};
use plimsoll::detect::identity_change::{IdentityChangeConfig, IdentityChangeDetector};
use plimsoll::detect::sts_transfer::VesselFacts;
use plimsoll::event::{Event, EventKind};
use plimsoll::geo::MidTable;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::sim::{builtin, BuiltinOptions, Geography, Simulation};
use plimsoll::store::{IngestOutcome, StaticReader, Store, TimeRange, WriteOptions};
use plimsoll::track::identity::{HistoryConfig, IdentityHistory};
use serde_json::{json, Map};

/// 2021-03-23T00:00:00Z.
const MIDNIGHT_MS: i64 = 1_616_457_600_000;
const REPORT_EVERY_MS: i64 = 30 * 60_000;
/// A renamed tanker whose draught rises.
const RENAMED: u32 = 445_000_001;
/// Another ship reporting the renamed tanker's IMO at the same time.
const TWIN: u32 = 445_000_002;
/// A ship whose IMO fails its check digit.
const BAD_IMO: u32 = 412_000_003;
const IMO: u32 = 9_074_729;

fn static_report(mmsi: u32, imo: u32, name: &str, draught_m: f64) -> Message {
    Message::StaticVoyage(Box::new(StaticVoyage {
        repeat: 0,
        mmsi,
        ais_version: 0,
        imo: Some(imo),
        callsign: format!("P{}", mmsi % 1000),
        shipname: name.to_owned(),
        ship_type: 80,
        dimensions: Dimensions { to_bow_m: 150, to_stern_m: 30, to_port_m: 15, to_starboard_m: 15 },
        epfd: 1,
        eta: Eta { month: 0, day: 0, hour: 24, minute: 60 },
        draught_m: Some(draught_m),
        destination: "NAMPO".to_owned(),
        dte: false,
        spare: 0,
    }))
}

fn time(index: i64) -> i64 {
    MIDNIGHT_MS + index * REPORT_EVERY_MS
}

/// Twenty reports of each ship, every half hour. The renamed tanker is "OCEAN STAR"
/// for ten reports (the fifth garbled as "OCEAN STAP"), then "SEA HORSE"; its
/// draught rises from 8.0 to 11.5 m at the thirteenth.
fn write_nmea(path: &Path) {
    let mut text = String::new();
    for i in 0..20 {
        let renamed_name = match i {
            4 => "OCEAN STAP",
            0..10 => "OCEAN STAR",
            _ => "SEA HORSE",
        };
        let reports = [
            static_report(RENAMED, IMO, renamed_name, if i < 12 { 8.0 } else { 11.5 }),
            static_report(TWIN, IMO, "GHOST", 6.0),
            static_report(BAD_IMO, IMO - 1, "BAD NUMBER", 9.0),
        ];
        for (report, n) in reports.iter().zip(0..) {
            // A group id per message keeps each message's fragments together,
            // as the simulator writes them.
            let opts = EncodeOptions {
                time_ms: Some(time(i)),
                source: Some("rx"),
                group_id: Some(u32::try_from(i).unwrap() * 3 + n),
                ..EncodeOptions::default()
            };
            for line in encode_sentences(report, 1, &opts) {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    fs::write(path, text).unwrap();
}

fn histories(store_dir: &Path) -> Vec<IdentityHistory> {
    let mids = MidTable::embedded().unwrap();
    StaticReader::open(store_dir, TimeRange::ALL)
        .unwrap()
        .map(|v| {
            let v = v.unwrap();
            IdentityHistory::build(v.mmsi, &v.reports, &mids, &HistoryConfig::default())
        })
        .collect()
}

#[test]
fn renames_shared_and_bad_imos_and_draught_rises_are_found() {
    let work = tempfile::tempdir().unwrap();
    let store_dir = work.path().join("store");
    let nmea = work.path().join("static.nmea");
    write_nmea(&nmea);
    let mut store = Store::open(&store_dir).unwrap();
    let outcome = store
        .ingest(&InputSource::Path(nmea), &IngestOptions::default(), &WriteOptions::default(), &mut |_| {})
        .unwrap();
    let IngestOutcome::Added(added) = outcome else { panic!("not added") };
    assert_eq!(added.report.static_reports, 60, "{:?}", added.report);
    drop(store);

    let histories = histories(&store_dir);
    assert_eq!(histories.iter().map(|h| h.mmsi).collect::<Vec<_>>(), [BAD_IMO, RENAMED, TWIN]);
    assert!(histories.iter().all(|h| h.report_count == 20));
    let renamed = &histories[1];
    let names: Vec<(&str, u32, bool)> =
        renamed.names.iter().map(|r| (r.value.as_str(), r.report_count, r.one_off)).collect();
    assert_eq!(
        names,
        [
            ("OCEAN STAR", 4, false),
            ("OCEAN STAP", 1, true),
            ("OCEAN STAR", 5, false),
            ("SEA HORSE", 10, false)
        ]
    );
    assert_eq!(renamed.flag.as_ref().map(|f| f.iso_alpha2.as_str()), Some("KP"));
    let facts = VesselFacts::from_history(renamed);
    assert_eq!((facts.ship_type, facts.draughts.len()), (Some(80), 20));

    // Identity: the rename (the garbled name is a one-off, not a rename), the bad
    // check digit, the IMO on two MMSIs at once.
    let detector = IdentityChangeDetector::new(IdentityChangeConfig::default()).unwrap();
    let per_vessel: Vec<Event> = histories.iter().flat_map(|h| detector.detect(h)).collect();
    let got: Vec<(&str, i64, i64, f64)> =
        per_vessel.iter().map(|e| (e.id.as_str(), e.start_ms, e.end_ms, e.confidence)).collect();
    let bad_id = format!("identity_change-invalid_imo-{BAD_IMO}-{}", MIDNIGHT_MS / 1000);
    let rename_id = format!("identity_change-name-{RENAMED}-{}", time(9) / 1000);
    assert_eq!(
        got,
        [(bad_id.as_str(), time(0), time(19), 0.5), (rename_id.as_str(), time(9), time(10), 0.7)]
    );
    let rename = &per_vessel[1];
    assert_eq!(rename.details["changes"]["name"]["old"]["value"], "OCEAN STAR");
    assert_eq!(rename.details["changes"]["name"]["new"]["value"], "SEA HORSE");
    assert_eq!(rename.details["changes"]["name"]["new"]["used_ms"], json!(time(19) - time(10)));
    assert_eq!(rename.details["changes"].as_object().map(Map::len), Some(1));
    let shared = detector.shared_imos(&histories);
    assert_eq!(shared.len(), 1);
    assert_eq!(
        (shared[0].vessels.clone(), shared[0].start_ms, shared[0].end_ms),
        (vec![RENAMED, TWIN], time(0), time(19))
    );
    assert_eq!(shared[0].details["shared_imo"], json!(IMO));

    // Draught: the rise, tied to an encounter in the window.
    let encounter = Event::new(
        EventKind::Encounter,
        vec![RENAMED, TWIN],
        time(11) + 60_000,
        time(11) + 20 * 60_000,
        (38.5, 124.0),
        0.9,
        Map::new(),
    );
    let draughts = DraughtChangeDetector::new(DraughtChangeConfig::default()).unwrap();
    let events: Vec<Event> =
        histories.iter().flat_map(|h| draughts.detect(h, std::slice::from_ref(&encounter))).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    let rise = &events[0];
    assert_eq!(
        (rise.vessels.clone(), rise.start_ms, rise.end_ms, rise.confidence),
        (vec![RENAMED], time(11), time(12), 1.0)
    );
    assert_eq!(rise.details["change_m"], json!(3.5));
    assert_eq!(rise.details["during"], json!([encounter.id]));
}

/// The simulator's east-china-sea scenario through the store: its identity change
/// is found, and every STS transfer's receiver shows a draught rise at its end.
#[test]
fn the_simulated_east_china_sea_identity_change_and_draught_rises_are_found() {
    let geo = Geography::embedded().unwrap();
    let options = BuiltinOptions { background_vessels: 5, ..BuiltinOptions::default() };
    let simulation =
        Simulation::new(&builtin("east-china-sea", &options, 7).unwrap(), None, 7, &geo).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (nmea_path, store_dir) = (work.path().join("sim.nmea"), work.path().join("store"));
    let (mut nmea, mut truth) = (Vec::new(), Vec::new());
    simulation.write_nmea(&mut nmea).unwrap();
    simulation.write_truth(&mut truth).unwrap();
    fs::write(&nmea_path, nmea).unwrap();
    let mut store = Store::open(&store_dir).unwrap();
    store
        .ingest(
            &InputSource::Path(nmea_path),
            &IngestOptions::default(),
            &WriteOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    drop(store);
    let truth: Vec<Event> = std::str::from_utf8(&truth)
        .unwrap()
        .lines()
        .zip(1..)
        .map(|(line, n)| Event::from_json_line(line, n).unwrap())
        .collect();
    let histories = histories(&store_dir);

    let detector = IdentityChangeDetector::new(IdentityChangeConfig::default()).unwrap();
    // Two boats the scenario gives one MMSI (spoofing in the truth) alternate their
    // names under it: identity changes too, but staged ones.
    let shared: Vec<u32> = truth
        .iter()
        .filter(|e| e.kind == EventKind::Spoofing && e.details["cause"] == "shared_mmsi")
        .flat_map(|e| e.vessels.clone())
        .collect();
    let found: Vec<Event> = histories
        .iter()
        .flat_map(|h| detector.detect(h))
        .filter(|f| !f.vessels.iter().any(|v| shared.contains(v)))
        .collect();
    let renames: Vec<&Event> = truth.iter().filter(|e| e.kind == EventKind::IdentityChange).collect();
    assert!(!renames.is_empty());
    for t in &renames {
        assert!(
            found
                .iter()
                .any(|f| f.vessels == t.vessels && f.start_ms <= t.start_ms && t.start_ms <= f.end_ms),
            "missed {t:?}; found {found:#?}"
        );
    }
    assert_eq!(found.len(), renames.len(), "{found:#?}");
    assert!(detector.shared_imos(&histories).is_empty());

    let transfers: Vec<&Event> = truth.iter().filter(|e| e.kind == EventKind::StsTransfer).collect();
    assert!(!transfers.is_empty());
    let draughts = DraughtChangeDetector::new(DraughtChangeConfig::default()).unwrap();
    let context: Vec<Event> = transfers.iter().map(|&e| e.clone()).collect();
    let changes: Vec<Event> = histories.iter().flat_map(|h| draughts.detect(h, &context)).collect();
    for t in &transfers {
        let rise = changes.iter().find(|c| {
            t.vessels.contains(&c.vessels[0])
                && c.details["change_m"].as_f64().unwrap() > 0.0
                && c.details["during"].as_array().unwrap().contains(&json!(t.id))
        });
        assert!(rise.is_some(), "no rise for {t:?}; changes {changes:#?}");
    }
}

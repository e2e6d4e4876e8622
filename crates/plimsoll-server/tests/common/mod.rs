//! The small store the API and browser tests share: the example scenario
//! simulated (two tankers, one STS transfer, 24 hours), ingested and detected;
//! optionally screened against a one-entry watchlist naming a vessel of an
//! STS transfer, so the "sanctioned parties" filter has something to find.

#![allow(dead_code)]

use std::fs;
use std::path::Path;

use plimsoll::detect::run::{run_all, DetectConfig};
use plimsoll::event::{Event, EventKind};
use plimsoll::geo::MidTable;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::screen::run::{screen_store, RunConfig};
use plimsoll::screen::{read_files, Countries, ReadOptions};
use plimsoll::sim::{Geography, ScenarioFile, Simulation};
use plimsoll::store::events::{record_run, RunInfo};
use plimsoll::store::{lists, Store, TimeRange, WriteOptions};
use serde_json::json;

/// Builds the store in `dir/store` (simulated input in `dir/ais.nmea`); returns its events.
pub fn build_store(dir: &Path, screened: bool) -> Vec<Event> {
    let text = include_str!("../../../plimsoll/src/sim/example.toml");
    let scenario = ScenarioFile::from_toml(text).unwrap();
    let simulation = Simulation::new(&scenario, Some(text), 3, &Geography::embedded().unwrap()).unwrap();
    let input = dir.join("ais.nmea");
    simulation.write_nmea(&mut fs::File::create(&input).unwrap()).unwrap();
    let store = dir.join("store");
    Store::open(&store)
        .unwrap()
        .ingest(&InputSource::Path(input), &IngestOptions::default(), &WriteOptions::default(), &mut |_| {})
        .unwrap();
    let events = run_all(&store, TimeRange::ALL, &DetectConfig::default(), |_| {}).unwrap().events;
    assert!(!events.is_empty(), "the example scenario yields events");
    let info = RunInfo { window: TimeRange::ALL, version: "test".into(), parameters: json!({}) };
    record_run(&store, &info, &events).unwrap();
    if screened {
        screen(dir, &store, &events);
    }
    events
}

/// The vessel the test watchlist lists: the first vessel of the first STS
/// transfer (of the first event where there is none).
pub fn listed_mmsi(events: &[Event]) -> u32 {
    events.iter().find(|e| e.kind == EventKind::StsTransfer).unwrap_or(&events[0]).vessels[0]
}

/// The watchlist: [`listed_mmsi`], by MMSI.
fn screen(dir: &Path, store: &Path, events: &[Event]) {
    let mmsi = listed_mmsi(events);
    let csv = dir.join("test_watchlist.csv");
    fs::write(
        &csv,
        format!(
            "name,imo,mmsi,call_sign,flag,vessel_type,aliases,program,listed_on,delisted_on,remarks\n\
             TEST LISTED TANKER,,{mmsi},,,tanker,,TEST,2020-01-01,,a test entry\n"
        ),
    )
    .unwrap();
    let countries = Countries::new(&MidTable::embedded().unwrap());
    let options = ReadOptions { published: Some("2026-01-01".into()), watchlist_name: None };
    for version in read_files(&[csv], &options, &countries).unwrap() {
        lists::import(store, &version).unwrap();
    }
    screen_store(store, events, &RunConfig::default()).unwrap();
    assert!(!lists::all_matches(store).unwrap().is_empty(), "the watchlist matches by MMSI");
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

//! `plimsoll detect` end to end: the simulator's east-china-sea scenario
//! simulated, ingested, detected and scored.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use plimsoll::store::events::{read_events, EventFilter, StoredEvent};
use serde_json::Value;

fn plimsoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll")).args(args).output().unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Simulates east-china-sea (seed 1, 10 background vessels) and ingests it;
/// returns the simulation and store directories.
fn simulated_store(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let sim = dir.join("sim");
    let store = dir.join("store");
    ok(plimsoll(&[
        "simulate",
        "--scenario",
        "east-china-sea",
        "--seed",
        "1",
        "--vessels",
        "10",
        "--out",
        path(&sim),
    ]));
    ok(plimsoll(&["ingest", "--store", path(&store), path(&sim.join("ais.nmea"))]));
    (sim, store)
}

#[test]
fn the_simulated_transfers_are_detected_and_runs_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, store) = simulated_store(dir.path());
    let events = dir.path().join("events.jsonl");
    let summary = ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&events)]));
    println!("{summary}");
    assert!(summary.contains("STS transfers:"), "{summary}");

    let json: Value = serde_json::from_str(&ok(plimsoll(&[
        "eval",
        "--truth",
        path(&sim.join("truth.jsonl")),
        "--events",
        path(&events),
        "--json",
    ])))
    .unwrap();
    println!("{}", serde_json::to_string_pretty(&json).unwrap());
    let sts = &json["kinds"]["sts_transfer"];
    assert_eq!(sts["truth"], 3, "{sts}");
    assert_eq!(sts["recall"], 1.0, "{sts}");

    let again = dir.path().join("again.jsonl");
    let summary_again = ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&again)]));
    assert_eq!(fs::read(&events).unwrap(), fs::read(&again).unwrap());
    // The second run finds the same events: the store's copy is unchanged.
    let stored_line = |s: &str| s.lines().find(|l| l.starts_with("stored as")).unwrap().to_owned();
    let n = fs::read_to_string(&events).unwrap().lines().count();
    assert!(stored_line(&summary).contains(&format!("{n} added, 0 updated")), "{summary}");
    assert!(
        stored_line(&summary_again).contains(&format!("0 added, 0 updated, {n} unchanged, 0 retracted")),
        "{summary_again}"
    );
    let without_stored =
        |s: &str| s.lines().filter(|l| !l.starts_with("stored as")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_stored(&summary), without_stored(&summary_again));
    let stored = read_events(&store, &EventFilter::default()).unwrap();
    assert_eq!(stored.len(), n);

    let geojson = dir.path().join("events.geojson");
    ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&geojson)]));
    let collection: Value = serde_json::from_slice(&fs::read(&geojson).unwrap()).unwrap();
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    assert!(!features.is_empty());
    // Every event, placed ones as Points, the rest (identity changes) without geometry.
    assert_eq!(features.len(), n);
    for f in features {
        assert!(f["geometry"]["type"] == "Point" || f["geometry"].is_null(), "{f}");
        assert!(f["properties"]["kind"].is_string(), "{f}");
    }

    let bad = plimsoll(&["detect", "--store", path(&store), "--out", path(&dir.path().join("events.txt"))]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown output format"));
}

#[test]
fn a_bad_config_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let config = dir.path().join("detect.toml");
    for (text, field) in [
        ("[encounter]\nmax_distnce_m = 400\n", "max_distnce_m"),
        ("[encounter]\nmax_distance_m = -4\n", "max_distance_m"),
        ("[loitering]\nmin_duration_ms = \"long\"\n", "min_duration_ms"),
        ("[nonsense]\n", "nonsense"),
    ] {
        fs::write(&config, text).unwrap();
        let out = plimsoll(&["detect", "--store", path(&store), "--config", path(&config)]);
        assert!(!out.status.success(), "{text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(field), "{text}: {stderr}");
    }
}

/// The active events of a store, as JSON lines sorted by id.
fn active_events(store: &Path) -> Vec<String> {
    let mut lines: Vec<String> = read_events(store, &EventFilter::default())
        .unwrap()
        .iter()
        .map(|e: &StoredEvent| e.event.to_json().to_string())
        .collect();
    lines.sort();
    lines
}

/// Data arriving late (one receiver's lines ingested after a first detect run)
/// leaves the store with exactly the events of a store that had everything at
/// once: what changed is updated, what no longer holds is retracted.
#[test]
fn late_data_updates_and_retracts_consistently() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, all_at_once) = simulated_store(dir.path());
    ok(plimsoll(&["detect", "--store", path(&all_at_once)]));

    // The satellite's lines arrive late.
    let text = fs::read_to_string(sim.join("ais.nmea")).unwrap();
    // A later fragment of a multi-part message (tag block with `g:` only) goes
    // with its first fragment.
    let (mut late, mut early): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut is_late = false;
    for line in text.lines() {
        if !line.starts_with("\\g:") {
            is_late = line.contains("s:SAT");
        }
        if is_late {
            late.push(line)
        } else {
            early.push(line)
        }
    }
    assert!(!late.is_empty() && !early.is_empty(), "no satellite lines to hold back");
    let early_file = dir.path().join("early.nmea");
    let late_file = dir.path().join("late.nmea");
    fs::write(&early_file, early.join("\n") + "\n").unwrap();
    fs::write(&late_file, late.join("\n") + "\n").unwrap();
    let incremental = dir.path().join("incremental");
    ok(plimsoll(&["ingest", "--store", path(&incremental), path(&early_file)]));
    let first = ok(plimsoll(&["detect", "--store", path(&incremental)]));
    ok(plimsoll(&["ingest", "--store", path(&incremental), path(&late_file)]));
    let second = ok(plimsoll(&["detect", "--store", path(&incremental)]));
    println!("{first}\n{second}");
    assert_eq!(active_events(&incremental), active_events(&all_at_once));
    // The late data changed something, and the change is on record.
    let changed = !second.contains(" 0 added, 0 updated") || !second.contains(" 0 retracted");
    assert!(changed, "{second}");
}

/// Detecting day by day (each window reading a halo around it) finds every
/// event of a whole-store run once, in the window where it starts. The halo
/// covers the longest event of the scenario (ships anchored for days): an event
/// still open a halo after its window's end is cut there, as documented.
#[test]
fn windows_find_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = simulated_store(dir.path());
    let config = dir.path().join("halo.toml");
    fs::write(&config, "[window]\nhalo_ms = 259200000\n").unwrap();
    let config = path(&config);
    ok(plimsoll(&["detect", "--store", path(&store), "--config", config]));
    let whole = active_events(&store);
    let starts: Vec<i64> =
        read_events(&store, &EventFilter::default()).unwrap().iter().map(|e| e.event.start_ms).collect();
    let day_ms = 86_400_000;
    let first_day = starts.iter().min().unwrap().div_euclid(day_ms);
    let last_day = starts.iter().max().unwrap().div_euclid(day_ms);
    assert!(last_day > first_day, "the scenario should span midnight");
    for day in first_day..=last_day {
        let (from, to) = (day * day_ms, (day + 1) * day_ms);
        let text = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339();
        let summary = ok(plimsoll(&[
            "detect",
            "--store",
            path(&store),
            "--config",
            config,
            "--from",
            &text(from),
            "--to",
            &text(to),
        ]));
        assert!(summary.contains(" 0 added, 0 updated, "), "day {day}: {summary}");
        assert!(summary.contains(" 0 retracted"), "day {day}: {summary}");
    }
    assert_eq!(active_events(&store), whole);
}

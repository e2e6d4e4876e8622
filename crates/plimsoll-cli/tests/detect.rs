//! `plimsoll detect` end to end: the simulator's east-china-sea scenario
//! simulated, ingested, detected and scored.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

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
    assert_eq!(summary, summary_again);
    assert_eq!(fs::read(&events).unwrap(), fs::read(&again).unwrap());

    let geojson = dir.path().join("events.geojson");
    ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&geojson)]));
    let collection: Value = serde_json::from_slice(&fs::read(&geojson).unwrap()).unwrap();
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        assert_eq!(f["geometry"]["type"], "Point", "{f}");
        assert!(f["properties"]["kind"].is_string(), "{f}");
    }

    let bad = plimsoll(&["detect", "--store", path(&store), "--out", path(&dir.path().join("events.csv"))]);
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

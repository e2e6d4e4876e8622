//! `plimsoll eval` end to end: files written here, a bad line, and the simulator's
//! truth scored against itself.

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

fn eval_json(truth: &Path, events: &Path) -> Value {
    let stdout = ok(plimsoll(&[
        "eval",
        "--truth",
        truth.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--json",
    ]));
    serde_json::from_str(&stdout).unwrap()
}

const TRUE_STS: &str = r#"{"id":"a","kind":"sts_transfer","vessels":[1,2],"start":"2018-02-16T00:00:00Z","end":"2018-02-16T04:00:00Z","lat":29.5,"lon":124.8,"confidence":1,"details":{}}"#;
const FOUND_STS: &str = r#"{"id":"b","kind":"sts_transfer","vessels":[2,1],"start":"2018-02-16T01:00:00Z","end":"2018-02-16T04:00:00Z","lat":29.5,"lon":124.8,"confidence":0.8,"details":{}}"#;
const FOUND_GAP: &str = r#"{"id":"c","kind":"ais_gap","vessels":[3],"start":"2018-02-16T01:00:00Z","end":"2018-02-16T09:00:00Z","lat":29.5,"lon":124.8,"confidence":0.5}"#;

#[test]
fn scores_files_as_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let truth = dir.path().join("truth.jsonl");
    let events = dir.path().join("events.jsonl");
    fs::write(&truth, format!("{TRUE_STS}\n")).unwrap();
    // A blank line is skipped.
    fs::write(&events, format!("{FOUND_STS}\n\n{FOUND_GAP}\n")).unwrap();

    let json = eval_json(&truth, &events);
    let sts = &json["kinds"]["sts_transfer"];
    assert_eq!((sts["true_positives"].as_u64(), sts["f1"].as_f64()), (Some(1), Some(1.0)), "{json}");
    assert_eq!(sts["start_error_median_ms"], 3_600_000);
    assert_eq!(sts["end_error_max_ms"], 0);
    assert!(json["kinds"]["ais_gap"]["recall"].is_null(), "{json}");
    assert_eq!(json["total"]["precision"], 0.5);

    let table =
        ok(plimsoll(&["eval", "--truth", truth.to_str().unwrap(), "--events", events.to_str().unwrap()]));
    let gap_row = table.lines().find(|l| l.starts_with("ais_gap")).unwrap();
    assert!(gap_row.contains('—'), "{table}");
    assert!(table.lines().any(|l| l.starts_with("total")), "{table}");
}

#[test]
fn a_bad_line_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let truth = dir.path().join("truth.jsonl");
    let events = dir.path().join("events.jsonl");
    fs::write(&truth, format!("{TRUE_STS}\n")).unwrap();
    fs::write(&events, format!("{FOUND_STS}\n{}\n", FOUND_GAP.replace("ais_gap", "teleport"))).unwrap();
    let output =
        plimsoll(&["eval", "--truth", truth.to_str().unwrap(), "--events", events.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{}:2: unknown kind `teleport`", events.display())), "{stderr}");
}

#[test]
fn simulated_truth_against_itself_is_perfect() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ok(plimsoll(&["simulate", "--scenario", "east-china-sea", "--seed", "1", "--out", out]));
    let truth = dir.path().join("truth.jsonl");
    let json = eval_json(&truth, &truth);
    let kinds = json["kinds"].as_object().unwrap();
    assert!(!kinds.is_empty(), "{json}");
    for score in kinds.values().chain([&json["total"]]) {
        for ratio in ["precision", "recall", "f1"] {
            assert_eq!(score[ratio], 1.0, "{json}");
        }
        assert_eq!(score["false_positives"], 0);
        assert_eq!(score["start_error_max_ms"], 0);
    }
}

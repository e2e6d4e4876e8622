//! `plimsoll export` and `plimsoll report` end to end on a small simulation.

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

fn fails(output: Output) -> String {
    assert!(!output.status.success(), "succeeded:\n{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8(output.stderr).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_and_report_from_a_simulated_store() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, store, events) =
        (dir.path().join("sim"), dir.path().join("store"), dir.path().join("ev.jsonl"));
    let args =
        ["simulate", "--scenario", "east-china-sea", "--vessels", "2", "--hours", "36", "--out", path(&sim)];
    ok(plimsoll(&args));
    ok(plimsoll(&["ingest", "--store", path(&store), path(&sim.join("ais.nmea"))]));
    ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&events)]));

    for format in ["geojson", "kml", "csv", "parquet"] {
        for dataset in ["--positions", "--tracks", "--events"] {
            let out = dir.path().join(format!("x{dataset}.{format}"));
            let mut args =
                vec!["export", "--store", path(&store), dataset, "--format", format, "-o", path(&out)];
            if dataset == "--events" {
                args.extend(["--events-file", path(&events)]);
            }
            ok(plimsoll(&args));
            assert!(fs::metadata(&out).unwrap().len() > 0, "{format} {dataset}");
        }
    }
    // GeoJSON to standard output, the store's events filtered to one kind.
    let stdout = ok(plimsoll(&[
        "export",
        "--store",
        path(&store),
        "--events",
        "--format",
        "geojson",
        "--kind",
        "sts_transfer",
    ]));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let features = json["features"].as_array().unwrap();
    assert!(!features.is_empty());
    assert!(features.iter().all(|f| f["properties"]["kind"] == "sts_transfer"));
    let sts_id = features[0]["properties"]["id"].as_str().unwrap().to_owned();

    let err = fails(plimsoll(&["export", "--store", path(&store), "--positions", "--format", "shp"]));
    assert!(err.contains("unknown format"), "{err}");
    let err = fails(plimsoll(&[
        "export",
        "--store",
        path(&store),
        "--positions",
        "--format",
        "csv",
        "--kind",
        "ais_gap",
    ]));
    assert!(err.contains("--kind filters events only"), "{err}");
    let err = fails(plimsoll(&[
        "export",
        "--store",
        path(&store),
        "--tracks",
        "--format",
        "csv",
        "--bbox",
        "1,2,3",
    ]));
    assert!(err.contains("W,S,E,N"), "{err}");

    // The dossier of a transfer, with the store's events and the detect run's parameters.
    let from_store = dir.path().join("s.html");
    ok(plimsoll(&["report", "--store", path(&store), "--event", &sts_id, "-o", path(&from_store)]));
    let text = fs::read_to_string(&from_store).unwrap();
    assert!(text.contains("last detect run") && text.contains("max_distance_m"), "no detect parameters");

    // The same from the event file.
    let html = dir.path().join("d.html");
    let summary = ok(plimsoll(&[
        "report",
        "--store",
        path(&store),
        "--event",
        &sts_id,
        "--events-file",
        path(&events),
        "-o",
        path(&html),
    ]));
    assert!(summary.contains("2 vessels"), "{summary}");
    let text = fs::read_to_string(&html).unwrap();
    assert!(
        text.starts_with("<!DOCTYPE html>")
            && text.contains("<svg")
            && text.contains("verified: SHA-256 matches")
    );

    let err = fails(plimsoll(&[
        "report",
        "--store",
        path(&store),
        "--event",
        "nope",
        "--events-file",
        path(&events),
    ]));
    assert!(err.contains("no event with id `nope`"), "{err}");

    // Not screened, then screened against the scenario's list: the dossier says which.
    assert!(text.contains("Not screened"), "an unscreened store's dossier says so");
    ok(plimsoll(&[
        "lists",
        "import",
        "--store",
        path(&store),
        "--published",
        "2019-01-01",
        path(&sim.join("sanctions.csv")),
    ]));
    ok(plimsoll(&["screen", "--store", path(&store)]));
    ok(plimsoll(&["report", "--store", path(&store), "--event", &sts_id, "-o", path(&html)]));
    let text = fs::read_to_string(&html).unwrap();
    assert!(!text.contains("Not screened") && text.contains("= listed IMO"), "screening in the dossier");

    // The ledger report: two regimes, the shipped reported deliveries, a chart.
    let ledger = dir.path().join("ledger.html");
    let reported = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../plimsoll/data/reported/dprk_refined_petroleum.csv");
    let summary = ok(plimsoll(&[
        "report",
        "--store",
        path(&store),
        "--ledger",
        "2018",
        "--regime",
        "unscr-2397",
        "--regime",
        "partial-relief-example",
        "--reported",
        path(&reported),
        "-o",
        path(&ledger),
    ]));
    assert!(summary.contains("UNSCR 2397") && summary.contains("Partial relief"), "{summary}");
    let text = fs::read_to_string(&ledger).unwrap();
    for part in ["<svg", "Under each regime", "Determination", "Reported deliveries", "SHA-256"] {
        assert!(text.contains(part), "ledger report lacks {part}");
    }
    // A year without data is "no evidence", not a silent zero.
    let empty = dir.path().join("empty.html");
    let summary = ok(plimsoll(&["report", "--store", path(&store), "--ledger", "2031", "-o", path(&empty)]));
    assert!(summary.contains("No evidence") || summary.contains("No cap"), "{summary}");
    let err = fails(plimsoll(&["report", "--store", path(&store), "--ledger", "2018", "--regime", "nope"]));
    assert!(err.contains("not a shipped regime"), "{err}");

    if Path::new("/usr/bin/chromium").exists() {
        let summary = ok(plimsoll(&[
            "report",
            "--store",
            path(&store),
            "--event",
            &sts_id,
            "-o",
            path(&html),
            "--pdf",
        ]));
        let pdf = html.with_extension("pdf");
        assert!(summary.contains(path(&pdf)), "{summary}");
        assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "a PDF");
    } else {
        let err = fails(plimsoll(&[
            "report",
            "--store",
            path(&store),
            "--event",
            &sts_id,
            "--events-file",
            path(&events),
            "-o",
            path(&html),
            "--pdf",
        ]));
        assert!(err.contains("--pdf needs Chromium"), "{err}");
    }
}

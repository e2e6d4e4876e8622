//! `plimsoll ledger` end to end: the east-china-sea scenario simulated, ingested and
//! detected, then the ledger under two shipped regimes; and bad inputs reported with
//! their file and line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn plimsoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll")).args(args).output().unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn failure(output: Output) -> String {
    assert!(!output.status.success(), "succeeded:\n{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8(output.stderr).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn shipped(file: &str) -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../plimsoll/data")
        .join(file)
}

#[test]
fn simulated_deliveries_under_two_regimes() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, store, events) =
        (dir.path().join("sim"), dir.path().join("store"), dir.path().join("ev.jsonl"));
    ok(plimsoll(&[
        "simulate",
        "--scenario",
        "east-china-sea",
        "--seed",
        "1",
        "--vessels",
        "0",
        "--out",
        path(&sim),
    ]));
    ok(plimsoll(&["ingest", "--store", path(&store), path(&sim.join("ais.nmea"))]));
    ok(plimsoll(&["detect", "--store", path(&store), "--out", path(&events)]));
    let reported = shipped("reported/dprk_refined_petroleum.csv");
    let ledger = |year: &str, format: &str| {
        ok(plimsoll(&[
            "ledger",
            "--store",
            path(&store),
            "--events",
            path(&events),
            "--regime",
            "unscr-2397",
            "--regime",
            path(&shipped("regimes/unscr_2375.toml")),
            "--year",
            year,
            "--reported",
            path(&reported),
            "--format",
            format,
        ]))
    };

    let json: Value = serde_json::from_str(&ledger("2018", "json")).unwrap();
    let ledgers = json["ledgers"].as_array().unwrap();
    assert_eq!(ledgers.len(), 2);
    let detected_ids = fs::read_to_string(&events).unwrap();
    for l in ledgers {
        // The three North Korean tankers' calls at Nampo, each with the transfer before it.
        let deliveries = l["deliveries"].as_array().unwrap();
        assert_eq!(deliveries.len(), 3, "{l}");
        for d in deliveries {
            let evidence: Vec<&str> =
                d["evidence"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
            assert!(
                evidence[0].starts_with("port_visit-") && evidence[1].starts_with("sts_transfer-"),
                "{d}"
            );
            assert!(evidence.iter().all(|id| detected_ids.contains(&format!("\"id\":\"{id}\""))), "{d}");
            assert!(d["volume"]["volume_bbl_low"].as_f64().unwrap() > 0.0, "{d}");
            assert!(d["volume"]["volume_bbl_low"].as_f64() < d["volume"]["volume_bbl_high"].as_f64());
        }
        assert_eq!(l["verdict"], "not_exceeded");
    }
    let caps: Vec<f64> = ledgers.iter().map(|l| l["periods"][0]["limit_bbl"].as_f64().unwrap()).collect();
    assert_eq!(caps, [500_000.0, 2_000_000.0]);

    let table = ledger("2018", "table");
    assert!(table.contains("Under each regime:"), "{table}");
    assert!(table.contains("Determination: The cap on refined_petroleum under UNSCR 2375"), "{table}");
    let csv = ledger("2018", "csv");
    assert_eq!(csv.lines().count(), 1 + 2 * 12, "{csv}");

    // 2022: nothing reported and nothing observed.
    let json: Value = serde_json::from_str(&ledger("2022", "json")).unwrap();
    assert_eq!(json["ledgers"][0]["verdict"], "no_evidence", "{json}");

    // Without --events, the events `plimsoll detect` recorded in the store: the same ledger.
    let regime_2397 = ["--regime", "unscr-2397", "--year", "2018", "--format", "json"];
    let mut store_args = vec!["ledger", "--store", path(&store)];
    store_args.extend(regime_2397);
    let from_store: Value = serde_json::from_str(&ok(plimsoll(&store_args))).unwrap();
    store_args.extend(["--events", path(&events)]);
    let from_file: Value = serde_json::from_str(&ok(plimsoll(&store_args))).unwrap();
    assert_eq!(from_store, from_file);
    assert_eq!(from_store["ledgers"][0]["deliveries"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_inputs_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("ev.jsonl");
    fs::write(&events, "").unwrap();
    let run = |regime: &str, reported: Option<&Path>| {
        let mut args = vec![
            "ledger",
            "--store",
            "no-store",
            "--events",
            path(&events),
            "--regime",
            regime,
            "--year",
            "2019",
        ];
        if let Some(r) = reported {
            args.extend(["--reported", path(r)]);
        }
        failure(plimsoll(&args))
    };

    let csv = dir.path().join("reported.csv");
    fs::write(
        &csv,
        "period_start,period_end,reporter,product,quantity,unit,source\n\
         2019-01-01,2019-12-31,China,refined_petroleum,1,bbl,ok\n\
         2019-01-01,2019-12-31,\"China,refined_petroleum,1,bbl,unclosed\n",
    )
    .unwrap();
    let stderr = run("unscr-2397", Some(&csv));
    assert!(stderr.contains(&format!("{}:3: reported deliveries:", csv.display())), "{stderr}");

    let text = fs::read_to_string(shipped("regimes/unscr_2397.toml")).unwrap();
    let gap = dir.path().join("gap.toml");
    fs::write(&gap, text.replacen("from = \"2018-01-01\"", "from = \"2018-03-01\"", 1)).unwrap();
    let stderr = run(path(&gap), None);
    assert!(
        stderr.contains(&format!(
            "{}:26: no refined_petroleum cap from 2018-01-01 to 2018-02-28",
            gap.display()
        )),
        "{stderr}"
    );

    let stderr = run("unscr-1", None);
    assert!(stderr.contains("not a shipped regime"), "{stderr}");

    let stderr =
        failure(plimsoll(&["ledger", "--store", "no-store", "--regime", "unscr-2397", "--year", "2019"]));
    assert!(stderr.contains("no-store: not a store"), "{stderr}");
}

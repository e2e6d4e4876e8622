//! `plimsoll demo`: the README's main command, end to end.

use std::fs;
use std::process::{Command, Output};

fn plimsoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll")).args(args).output().unwrap()
}

#[test]
fn the_demo_runs_the_pipeline_and_can_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let out_text = out.to_str().unwrap();
    let run = || {
        let output = plimsoll(&["demo", "--out", out_text, "--vessels", "10"]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run();
    println!("{first}");
    for step in [
        "1/7 simulate",
        "2/7 ingest",
        "3/7 detect",
        "4/7 screen",
        "5/7 evaluate",
        "6/7 the cap ledger for 2018",
        "7/7 dossiers",
        "STS transfers:",
        "PAEK YANG 2 → SONG HAE",
        "Under each regime:",
        "Determination:",
        "plimsoll serve --store",
        "http://127.0.0.1:8080/",
    ] {
        assert!(first.contains(step), "missing {step:?}");
    }
    // Screening names the listed tankers, the renamed one under its new name
    // through its former one, and the stolen identity through the handover.
    assert!(first.contains("watchlist:sanctions published"), "{first}");
    for listed in ["SAM HAE 7", "PAEK YANG 2", "RYONG SAN 5"] {
        assert!(
            first.lines().any(|l| l.contains(&format!("~ {listed} [")) && l.contains("score")),
            "{listed}"
        );
    }
    assert!(first.contains("former AIS name PAEK YANG 2"), "{first}");
    assert!(first.contains("disguised identity during the AIS gap"), "{first}");
    assert!(first.contains("Riskiest events"), "{first}");
    let sts = first.lines().find(|l| l.starts_with("sts_transfer ")).unwrap();
    let fields: Vec<&str> = sts.split_whitespace().collect();
    // truth, found, TP, FP, FN: the three documented transfers, found.
    assert_eq!(fields[1..6], ["3", "3", "3", "0", "0"], "{sts}");
    let eval: serde_json::Value = serde_json::from_slice(&fs::read(out.join("eval.json")).unwrap()).unwrap();
    assert_eq!(eval["kinds"]["sts_transfer"]["recall"], 1.0);
    assert!(!fs::read_to_string(out.join("events.jsonl")).unwrap().is_empty());
    // A dossier per STS transfer found, citing the simulated input, with the screening
    // and the volume of the delivery; and the ledger report.
    let mut dossiers: Vec<_> =
        fs::read_dir(out.join("dossiers")).unwrap().map(|e| e.unwrap().path()).collect();
    dossiers.sort();
    let ledger = dossiers.remove(0);
    assert!(ledger.ends_with("ledger-2018.html"), "{ledger:?}");
    let html = fs::read_to_string(&ledger).unwrap();
    assert!(html.contains("UNSCR 2397") && html.contains("Partial relief") && html.contains("<svg"));
    assert!(html.contains("Detected deliveries (3)"), "the three transfers to DPRK tankers");
    assert_eq!(dossiers.len(), 3, "{dossiers:?}");
    for dossier in &dossiers {
        let html = fs::read_to_string(dossier).unwrap();
        assert!(html.contains("ais.nmea") && html.contains("<svg"), "{}", dossier.display());
        assert!(html.contains("= listed IMO") && html.contains("delivery to"), "{}", dossier.display());
    }

    // Again in the same directory: the previous demo's output is replaced, stale
    // dossiers included.
    let stale = out.join("dossiers").join("sts_transfer-stale.html");
    fs::write(&stale, "old").unwrap();
    assert_eq!(run(), first);
    assert!(!stale.exists());

    // A directory the demo did not make is left alone.
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("precious.txt"), "keep").unwrap();
    let refused = plimsoll(&["demo", "--out", other.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not made by `plimsoll demo`"));
    assert_eq!(fs::read_to_string(other.join("precious.txt")).unwrap(), "keep");
}

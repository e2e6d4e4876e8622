//! The `plimsoll` binary: ingest and stats on the real data, re-ingest, stdin,
//! garbage, bad arguments, and an ingest killed with SIGKILL part way.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn plimsoll() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
}

fn data(path: &str) -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stats(store: &Path) -> Value {
    let out = run(plimsoll().args(["stats", "--json", "--store"]).arg(store));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

/// Lines as ingest counts them: a last line without `\n` counts.
fn lines_of(path: &Path) -> u64 {
    let raw = fs::read(path).unwrap();
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out);
        out
    } else {
        raw
    };
    bytes.iter().filter(|&&c| c == b'\n').count() as u64
        + u64::from(bytes.last().is_some_and(|&c| c != b'\n'))
}

/// Checks the invariants of `stats --json`: the fields are there and the
/// outcomes add up.
fn check_stats(s: &Value) {
    for field in [
        "lines_read",
        "outcomes",
        "positions",
        "static_reports",
        "vessels",
        "inputs",
        "messages_by_type",
        "time_span",
    ] {
        assert!(s.get(field).is_some(), "no {field} in {s}");
    }
    let outcomes = s["outcomes"].as_object().unwrap();
    let names = [
        "decoded",
        "non_ais",
        "bad_checksum",
        "malformed",
        "incomplete",
        "unsupported",
        "duplicate",
        "no_time",
    ];
    for name in names {
        assert!(outcomes.contains_key(name), "no outcome {name}");
    }
    assert_eq!(outcomes.values().map(u).sum::<u64>(), u(&s["lines_read"]));
}

const SUEZ_COLUMNS: &str = "mmsi=ID,time=ais_pos_timestamp,lon=longitude,lat=latitude";

#[test]
fn ingest_all_real_files_then_stats() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut files: Vec<PathBuf> = fs::read_dir(data("nmea")).unwrap().map(|e| e.unwrap().path()).collect();
    files.push(data("csv/aisdb_marinecadastre_noaa_20230101.csv"));
    files.push(data("csv/dma_aisdk_header_sample.csv"));
    files.sort();
    let out = run(plimsoll().args(["ingest", "--store"]).arg(&store).args(&files));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("amsa_risky_ais.txt.gz: input"), "{text}");
    assert!(text.contains("csv-dma-aisdk"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let suez = data("csv/movingpandas_boat-positions_suez_2021.csv");
    let out = run(plimsoll()
        .args(["ingest", "--store"])
        .arg(&store)
        .args(["--columns", SUEZ_COLUMNS, "--time-format", "%d/%m/%Y %H:%M"])
        .arg(&suez));
    assert!(String::from_utf8_lossy(&out.stdout).contains("22,287 positions"));
    files.push(suez);

    let s = stats(&store);
    check_stats(&s);
    assert_eq!(u(&s["lines_read"]), files.iter().map(|f| lines_of(f)).sum::<u64>());
    assert_eq!(s["inputs"].as_array().unwrap().len(), files.len());
    assert!(u(&s["positions"]) > 30_000);
    assert!(u(&s["vessels"]) > 1_000);
    assert!(u(&s["messages_by_type"]["5"]) > 0);
    for input in s["inputs"].as_array().unwrap() {
        assert_eq!(input["sha256"].as_str().unwrap().len(), 64);
        assert!(input["path"].as_str().unwrap().starts_with('/'));
    }
    // the text form and the reject listing
    let out = run(plimsoll().args(["stats", "--rejects", "5", "--store"]).arg(&store));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("vessels (distinct MMSI)"), "{text}");
    assert!(text.contains(".txt.gz:"), "rejects carry file:line: {text}");

    // a reader that stops reading (`| head`) ends the output, not in a panic
    let mut child = plimsoll()
        .args(["stats", "--rejects", "100000", "--store"])
        .arg(&store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn reingest_and_stdin_add_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let file = data("nmea/amsa_risky_exact-earth-augmented-2.txt");
    // from stdin first
    let mut child = plimsoll()
        .args(["ingest", "--store"])
        .arg(&store)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&fs::read(&file).unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("-: input 1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let before = stats(&store);
    assert_eq!(before["inputs"][0]["path"], "-");
    // the same bytes by path, twice
    for _ in 0..2 {
        let out = run(plimsoll().args(["ingest", "--store"]).arg(&store).arg(&file));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("already in the store as input 1") && text.contains("nothing added"), "{text}");
    }
    assert_eq!(stats(&store), before);
}

#[test]
fn garbage_inputs_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let random: Vec<u8> = (0u32..200_000).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let random_path = dir.path().join("random.bin");
    fs::write(&random_path, &random).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fs::read(data("nmea/amsa_risky_exact-earth-augmented.txt")).unwrap()).unwrap();
    let gz = gz.finish().unwrap();
    let truncated = dir.path().join("truncated.gz");
    fs::write(&truncated, &gz[..gz.len() / 3]).unwrap();
    let out = run(plimsoll().args(["ingest", "--store"]).arg(&store).arg(&random_path).arg(&truncated));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("input ended early"), "{text}");
    let s = stats(&store);
    check_stats(&s);
    assert_eq!(u(&s["lines_read"]), lines_of(&random_path) + lines_of(&truncated));

    // a missing input fails alone; the others are stored
    let out = plimsoll()
        .args(["ingest", "--store"])
        .arg(&store)
        .arg(dir.path().join("missing.nmea"))
        .arg(data("nmea/pyais_gatehouse.nmea"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.nmea") && err.contains("1 of 2 inputs failed"), "{err}");
    assert_eq!(stats(&store)["inputs"].as_array().unwrap().len(), 3);

    // bad options are refused before anything is read
    for args in [
        vec!["--columns", "mmsi=ID"],
        vec!["--columns", "mmsi=ID,time=t,speed=s"],
        vec!["--time-format", "dd/mm/yyyy"],
        vec!["--assume-time", "yesterday"],
    ] {
        let out = plimsoll()
            .args(["ingest", "--store"])
            .arg(&store)
            .args(&args)
            .arg(&random_path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // stats of something that is no store
    let out = plimsoll().args(["stats", "--store"]).arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Plimsoll store"));
}

/// An NMEA log of `copies` copies of a real log, each copy an hour later (so
/// copies are no duplicates of each other).
fn big_log(path: &Path, copies: u64) {
    let lines: Vec<String> = fs::read_to_string(data("nmea/amsa_risky_exact-earth-augmented-3.txt"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('!'))
        .map(str::to_owned)
        .collect();
    let mut out = std::io::BufWriter::new(fs::File::create(path).unwrap());
    for copy in 0..copies {
        for (i, line) in lines.iter().enumerate() {
            let tag = format!("c:{}", 1_328_182_324 + copy * 3600 + i as u64 / 20);
            let checksum = tag.bytes().fold(0u8, |a, b| a ^ b);
            writeln!(out, "\\{tag}*{checksum:02X}\\{line}").unwrap();
        }
    }
    out.flush().unwrap();
}

/// Names of data files in the store, and whether any is temporary.
fn data_files(store: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for table in ["positions", "static"] {
        let Ok(days) = fs::read_dir(store.join(table)) else { continue };
        for day in days {
            for file in fs::read_dir(day.unwrap().path()).unwrap() {
                names.push(file.unwrap().file_name().to_string_lossy().into_owned());
            }
        }
    }
    names
}

#[test]
fn an_ingest_killed_part_way_leaves_a_readable_store_and_completes_when_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let small = data("nmea/amsa_risky_exact-earth-augmented.txt");
    let big = dir.path().join("big.nmea");
    big_log(&big, 60);
    let store = dir.path().join("store");
    let ingest = |store: &Path| {
        let mut cmd = plimsoll();
        cmd.args(["ingest", "--max-rows-in-memory", "20000", "--store"]).arg(store).arg(&small).arg(&big);
        cmd
    };

    // Kill it once the big input has written files but not committed.
    let mut child = ingest(&store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    loop {
        let writing_big = data_files(&store).iter().any(|n| n.starts_with("in-000002-"));
        if writing_big {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the ingest ended before it could be killed; make the input bigger"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no files after two minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // Readable, and showing only what was committed: the small input.
    let s = stats(&store);
    check_stats(&s);
    let inputs = s["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{s}");
    assert_eq!(u(&s["lines_read"]), lines_of(&small));

    // Run again: the small one is already there, the big one completes.
    let out = run(&mut ingest(&store));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("already in the store as input 1"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted ingest"), "the cleanup is reported");
    let after = stats(&store);

    // Nothing lost, nothing doubled: the same as a clean run.
    let clean = dir.path().join("clean");
    run(&mut ingest(&clean));
    let want = stats(&clean);
    for field in [
        "lines_read",
        "outcomes",
        "positions",
        "static_reports",
        "vessels",
        "messages_by_type",
        "time_span",
        "rejects_total",
    ] {
        assert_eq!(after[field], want[field], "{field}");
    }
    let committed: Vec<String> =
        after["inputs"].as_array().unwrap().iter().map(|i| format!("in-{:06}-", u(&i["id"]))).collect();
    for name in data_files(&store) {
        assert!(name.ends_with(".parquet"), "left over: {name}");
        assert!(
            committed.iter().any(|c| name.starts_with(c.as_str())),
            "file of an uncommitted input: {name}"
        );
    }
    assert_eq!(data_files(&store).len(), data_files(&clean).len());
}

#[test]
fn killed_at_many_moments_the_store_stays_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.nmea");
    big_log(&big, 15);
    let store = dir.path().join("store");
    let ingest = |store: &Path| {
        let mut cmd = plimsoll();
        cmd.args(["ingest", "--max-rows-in-memory", "5000", "--store"]).arg(store).arg(&big);
        cmd
    };
    let clean = dir.path().join("clean");
    let started = Instant::now();
    run(&mut ingest(&clean));
    let full_run = started.elapsed();
    let want = stats(&clean);

    // Kill at moments spread over a whole run (the last ones may come after it ended).
    for step in 0..12u32 {
        let mut child = ingest(&store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full_run * step / 10);
        child.kill().unwrap_or(()); // SIGKILL, unless it has ended
        child.wait().unwrap();
        let out = plimsoll().args(["stats", "--json", "--store"]).arg(&store).output().unwrap();
        if !out.status.success() {
            // killed before the store existed
            assert!(String::from_utf8_lossy(&out.stderr).contains("not a Plimsoll store"), "step {step}");
            continue;
        }
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        check_stats(&s);
        let inputs = s["inputs"].as_array().unwrap().len();
        if inputs == 1 {
            assert_eq!(s["positions"], want["positions"], "committed means complete");
            assert_eq!(s["outcomes"], want["outcomes"]);
        } else {
            assert_eq!(
                (inputs, u(&s["lines_read"]), u(&s["positions"])),
                (0, 0, 0),
                "uncommitted means invisible"
            );
        }
    }
    run(&mut ingest(&store));
    let after = stats(&store);
    for field in ["lines_read", "outcomes", "positions", "static_reports", "vessels", "time_span"] {
        assert_eq!(after[field], want[field], "{field}");
    }
    let mut files = data_files(&store);
    files.sort();
    assert!(files.iter().all(|n| n.ends_with(".parquet")), "{files:?}");
    assert_eq!(files.len(), data_files(&clean).len());
}

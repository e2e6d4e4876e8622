//! Ingest into a store, on the real test data and on garbage: every line is
//! accounted for, the Parquet files are sorted and cite their lines, re-ingest
//! adds nothing, an interrupted ingest is cleaned up.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch, StringArray, UInt32Array, UInt64Array};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use plimsoll::ingest::{fix_time_ms, IngestOptions, InputSource, Outcome, Report, TimeFormat};
use plimsoll::store::{self, schema, Added, IngestOutcome, RejectRow, Store, WriteOptions};

fn data_dir() -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
}

/// The real inputs: every NMEA log and CSV export in the test data.
fn real_inputs() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["nmea", "csv"] {
        for entry in fs::read_dir(data_dir().join(sub)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

/// The content as the reader sees it (decompressed, as far as it goes).
fn content(path: &Path) -> Vec<u8> {
    let raw = fs::read(path).unwrap();
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        // a truncated stream ends in an error after what it could decompress
        let _ = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out);
        out
    } else if raw.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        zstd::decode_all(&raw[..]).unwrap()
    } else {
        raw
    }
}

/// Lines as the reader counts them: a last line without `\n` counts.
fn physical_lines(bytes: &[u8]) -> u64 {
    let newlines = bytes.iter().filter(|&&c| c == b'\n').count() as u64;
    newlines + u64::from(bytes.last().is_some_and(|&c| c != b'\n'))
}

fn options_for(path: &Path) -> IngestOptions {
    let mut options = IngestOptions::default();
    if path.to_string_lossy().contains("movingpandas") {
        options.columns = Some("mmsi=ID,time=ais_pos_timestamp,lon=longitude,lat=latitude".parse().unwrap());
        options.time_format = "%d/%m/%Y %H:%M".parse().unwrap();
    }
    options
}

fn ingest(store: &mut Store, path: &Path, options: &IngestOptions) -> IngestOutcome {
    store.ingest(&InputSource::Path(path.to_owned()), options, &WriteOptions::default(), &mut |_| {}).unwrap()
}

fn added(outcome: IngestOutcome) -> Added {
    match outcome {
        IngestOutcome::Added(a) => *a,
        other => panic!("not added: {other:?}"),
    }
}

/// The rejected lines of an input kept in detail.
fn rejects(store: &Store, added: &Added) -> Vec<RejectRow> {
    store.rejects(added.input_id, u64::MAX).unwrap()
}

/// Checks the report's invariants against the input's content and the rejects stored.
fn check_accounting(store: &Store, added: &Added, content: &[u8], what: &str) {
    let report = &added.report;
    assert_eq!(report.lines_read, physical_lines(content), "{what}: lines read");
    assert_eq!(report.outcomes_total(), report.lines_read, "{what}: outcomes add up");
    let rejected: u64 = report
        .outcomes()
        .filter(|(o, _)| !matches!(o, Outcome::Decoded | Outcome::NonAis))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(report.rejects_total, rejected, "{what}: every rejected line is a reject");
    let by_reason: u64 = report.reasons().iter().map(|r| r.2).sum();
    assert_eq!(by_reason, rejected, "{what}: reasons add up");
    let stored = rejects(store, added);
    assert_eq!(stored.len() as u64, report.rejects_stored.min(rejected), "{what}: rejects stored");
    for reject in &stored {
        assert!(reject.line >= 1 && reject.line <= report.lines_read, "{what}: {reject:?}");
        assert!(!reject.reason.is_empty());
    }
}

/// All rows of a table, with the files they came from.
fn read_table(store: &Path, table: &str) -> Vec<(PathBuf, RecordBatch)> {
    let mut out = Vec::new();
    let Ok(days) = fs::read_dir(store.join(table)) else { return out };
    for day in days {
        for file in fs::read_dir(day.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            assert_eq!(path.extension().unwrap(), "parquet", "no temporary files left: {}", path.display());
            let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
                .unwrap()
                .build()
                .unwrap();
            for batch in reader {
                out.push((path.clone(), batch.unwrap()));
            }
        }
    }
    out
}

fn column<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> &'a T {
    batch.column_by_name(name).unwrap().as_any().downcast_ref::<T>().unwrap()
}

#[test]
fn every_real_file_is_accounted_for_and_stored_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (mut lines, mut positions, mut statics) = (0, 0, 0);
    for path in real_inputs() {
        let added = added(ingest(&mut store, &path, &options_for(&path)));
        check_accounting(&store, &added, &content(&path), &path.display().to_string());
        let report = added.report;
        lines += report.lines_read;
        positions += report.positions;
        statics += report.static_reports;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            assert!(report.outcome(Outcome::Decoded) * 10 > report.lines_read * 9, "{name}: {report:?}");
            assert!(report.positions > 0, "{name}");
        }
    }
    drop(store);

    let stats = store::stats(dir.path()).unwrap();
    assert_eq!(stats.lines_read, lines);
    assert_eq!(stats.outcomes.values().sum::<u64>(), lines);
    assert_eq!(stats.outcomes.len(), Outcome::ALL.len());
    assert_eq!((stats.positions, stats.static_reports), (positions, statics));
    assert_eq!(stats.inputs.len(), real_inputs().len());
    assert!(stats.vessels > 1000, "{}", stats.vessels);

    let committed: Vec<i64> = stats.inputs.iter().map(|i| i.id).collect();
    let mut rows = 0;
    for (path, batch) in read_table(dir.path(), "positions") {
        assert_eq!(batch.schema(), schema::positions_schema());
        rows += batch.num_rows() as u64;
        let mmsi = column::<UInt32Array>(&batch, "mmsi");
        let time = column::<Int64Array>(&batch, "time_ms");
        let lat = column::<Float64Array>(&batch, "lat_deg");
        let input = column::<Int64Array>(&batch, "input_id");
        let line = column::<UInt64Array>(&batch, "line");
        for i in 0..batch.num_rows() {
            assert!(committed.contains(&input.value(i)));
            assert!(line.value(i) >= 1);
            assert!((-90.0..=90.0).contains(&lat.value(i)));
            let day = plimsoll::ingest::day_name(time.value(i).div_euclid(86_400_000));
            assert!(path.to_string_lossy().contains(&format!("day={day}")), "{} in {}", day, path.display());
            if i > 0 {
                assert!(
                    (mmsi.value(i - 1), time.value(i - 1)) <= (mmsi.value(i), time.value(i)),
                    "{} sorted",
                    path.display()
                );
            }
        }
    }
    assert_eq!(rows, positions);
    let static_rows: usize = read_table(dir.path(), "static").iter().map(|(_, b)| b.num_rows()).sum();
    assert_eq!(static_rows as u64, statics);
}

#[test]
fn reingesting_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = data_dir().join("nmea/amsa_risky_exact-earth-augmented-2.txt");
    let mut store = Store::open(dir.path()).unwrap();
    let first = added(ingest(&mut store, &path, &IngestOptions::default())).report;
    let before = store::stats(dir.path()).unwrap();
    match ingest(&mut store, &path, &IngestOptions::default()) {
        IngestOutcome::AlreadyPresent { input_id, sha256 } => {
            assert_eq!(input_id, before.inputs[0].id);
            assert_eq!(Some(sha256), before.inputs[0].sha256.clone());
        }
        other => panic!("{other:?}"),
    }
    // the same bytes under another name are the same input
    let copy = dir.path().join("copy.txt");
    fs::copy(&path, &copy).unwrap();
    assert!(matches!(
        ingest(&mut store, &copy, &IngestOptions::default()),
        IngestOutcome::AlreadyPresent { .. }
    ));
    assert_eq!(store::stats(dir.path()).unwrap(), before);
    assert!(first.positions > 0);
}

#[test]
fn an_interrupted_ingest_is_cleaned_up_and_can_be_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let a = data_dir().join("nmea/amsa_risky_exact-earth-augmented.txt");
    let b = data_dir().join("nmea/amsa_risky_exact-earth-augmented-3.txt");
    {
        let mut store = Store::open(dir.path()).unwrap();
        added(ingest(&mut store, &a, &IngestOptions::default()));
    }
    let after_a = store::stats(dir.path()).unwrap();

    // What a process killed while writing B leaves: its input row, still
    // `ingesting`, with rows of its own, a file in place and one half written.
    let catalog = rusqlite::Connection::open(dir.path().join(store::CATALOG_FILE)).unwrap();
    catalog
        .execute("INSERT INTO inputs (id, path, status, started_at) VALUES (99, 'b', 'ingesting', 'now')", [])
        .unwrap();
    catalog.execute("INSERT INTO input_vessels VALUES (99, 1, 1, 0, 0, 0)", []).unwrap();
    catalog.execute("INSERT INTO input_files VALUES (99, 'positions', '2012-02-02', 'x', 1)", []).unwrap();
    drop(catalog);
    let day = dir.path().join("positions/day=2012-02-02");
    fs::create_dir_all(&day).unwrap();
    fs::write(day.join("in-000099-0001.parquet"), b"partial").unwrap();
    fs::write(day.join("in-000099-0002.parquet.tmp"), b"partial").unwrap();
    // readers see only committed inputs meanwhile
    assert_eq!(store::stats(dir.path()).unwrap(), after_a);

    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.recovered(), &[99]);
    assert!(!day.exists(), "files of the interrupted ingest are gone");
    assert_eq!(store::stats(dir.path()).unwrap(), after_a);
    let report = added(ingest(&mut store, &b, &IngestOptions::default())).report;

    // the same as ingesting both into a fresh store
    let fresh = tempfile::tempdir().unwrap();
    let mut clean = Store::open(fresh.path()).unwrap();
    added(ingest(&mut clean, &a, &IngestOptions::default()));
    let clean_report = added(ingest(&mut clean, &b, &IngestOptions::default())).report;
    assert_eq!(report, clean_report);
    let (got, want) = (store::stats(dir.path()).unwrap(), store::stats(fresh.path()).unwrap());
    assert_eq!(
        (got.lines_read, got.positions, got.static_reports, got.vessels),
        (want.lines_read, want.positions, want.static_reports, want.vessels)
    );
    assert_eq!(got.outcomes, want.outcomes);
}

/// A deterministic pseudo-random byte stream (xorshift).
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_is_accounted_for_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).unwrap();
    let real = fs::read(data_dir().join("nmea/amsa_risky_exact-earth-augmented.txt")).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("newlines", b"\n\n\r\n\n".to_vec()),
        ("random", random_bytes(3 << 20, 0x9e37_79b9_7f4a_7c15)),
        ("random-lines", random_bytes(1 << 20, 7).iter().map(|&b| if b < 8 { b'\n' } else { b }).collect()),
    ];
    let mut invalid_utf8 = real[..20_000].to_vec();
    for (i, b) in invalid_utf8.iter_mut().enumerate() {
        if i % 97 == 0 {
            *b = 0xff;
        }
    }
    cases.push(("invalid-utf8", invalid_utf8));
    // an overlong line of 5 MB in the middle, a 10 kB one, and no final newline
    let cut = real[..5_000].iter().rposition(|&c| c == b'\n').unwrap() + 1;
    let mut long = real[..cut].to_vec();
    long.extend(std::iter::repeat_n(b'!', 5 << 20));
    long.extend(b"\n");
    long.extend(std::iter::repeat_n(b'A', 10_000));
    long.extend(b"\n");
    long.extend(&real[cut..9_000]);
    long.extend(std::iter::repeat_n(b'Z', 100_000));
    cases.push(("long-lines", long));
    // a file of one 100 MB line: scanned, never held
    cases.push(("one-100MB-line", vec![b'A'; 100 << 20]));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&real).unwrap();
    let gz = gz.finish().unwrap();
    cases.push(("truncated.gz", gz[..gz.len() / 2].to_vec()));
    cases.push(("trailing-garbage.gz", [gz.clone(), b"garbage".to_vec()].concat()));
    cases.push(("bad-magic.gz", [&[0x1f, 0x8b][..], &random_bytes(5000, 3)].concat()));
    cases.push(("real.zst", zstd::encode_all(&real[..], 3).unwrap()));
    let csv = b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n\
        1,2023-01-11T00:00:00,1,2,3,4,5,,,,,,,,,,A\n\
        x,2023-01-11T00:00:00,1,2,3,4,5,,,,,,,,,,A\n\
        1,2023-13-11T00:00:00,1,2,3,4,5,,,,,,,,,,A\n\
        1,2023-01-11T00:00:00,100,2,3,4,5,,,,,,,,,,A\n\
        1,2023-01-11T00:00:00,1,2,fast,4,5,,,,,,,,,,A\n\
        1,2023-01-11T00:00:00,1,2,3,4,5,\"unterminated,,,,,,,,,A\n\
        1,2023-01-11T00:00:00,1,2\n\
        \xff\xfe,\xff,\xff\n\
        \n\
        1,,1,2,3,4,5,,,,,,,,,,A";
    cases.push(("garbage.csv", csv.to_vec()));

    let mut store = Store::open(&dir.path().join("store")).unwrap();
    for (name, bytes) in &cases {
        let path = inputs.join(name);
        fs::write(&path, bytes).unwrap();
        let added = added(ingest(&mut store, &path, &IngestOptions::default()));
        check_accounting(&store, &added, &content(&path), name);
        let stored = rejects(&store, &added);
        let report = added.report;
        match *name {
            "truncated.gz" | "trailing-garbage.gz" | "bad-magic.gz" => {
                assert!(report.read_error.is_some(), "{name}")
            }
            _ => assert_eq!(report.read_error, None, "{name}"),
        }
        if *name == "garbage.csv" {
            assert_eq!(report.format, "csv-marinecadastre");
            assert_eq!(report.outcome(Outcome::Decoded), 1);
            assert_eq!(report.outcome(Outcome::NoTime), 1);
            assert_eq!(report.outcome(Outcome::Malformed), 7);
            let reasons: Vec<&str> = stored.iter().map(|r| r.reason.as_str()).collect();
            assert!(reasons.iter().any(|r| r.contains("lat 100 is out of range")), "{reasons:?}");
            assert!(reasons.iter().any(|r| r.contains("unterminated")), "{reasons:?}");
        }
        if *name == "long-lines" {
            let long: Vec<_> = stored.iter().filter(|r| r.reason.contains("line too long")).collect();
            assert_eq!(long.len(), 3, "{long:?}");
            assert!(long[0].reason.contains("5242880 bytes"), "{:?}", long[0]);
        }
        if *name == "one-100MB-line" {
            assert_eq!(report.lines_read, 1);
            assert_eq!(report.outcome(Outcome::Malformed), 1);
            assert!(stored[0].reason.contains("104857600 bytes"), "{:?}", stored[0]);
        }
        if *name == "real.zst" {
            assert!(report.positions > 1000);
        }
    }
}

/// Writes `lines` to a file and ingests it into a fresh store: the report and
/// the rejects kept.
fn ingest_lines(lines: &[&str], options: &IngestOptions) -> (tempfile::TempDir, Report, Vec<RejectRow>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.nmea");
    fs::write(&path, lines.join("\n")).unwrap();
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let added = added(ingest(&mut store, &path, options));
    let rejects = rejects(&store, &added);
    (dir, added.report, rejects)
}

const TAGGED: &str = r"\s:rEV02,c:1334337317*58\!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F";
const PLAIN: &str = "!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F";

fn utc_second_of(sentence: &str) -> Option<u8> {
    match ais::Decoder::default().feed(sentence.as_bytes(), 1) {
        ais::Fed::Message(m) => m.message.position().unwrap().utc_second,
        other => panic!("{other:?}"),
    }
}

#[test]
fn positions_keep_source_line_and_the_refined_time() {
    let (dir, report, _) = ingest_lines(&["# a comment", TAGGED], &IngestOptions::default());
    assert_eq!(
        (report.outcome(Outcome::NonAis), report.outcome(Outcome::Decoded), report.positions),
        (1, 1, 1)
    );
    let batches = read_table(&dir.path().join("store"), "positions");
    let batch = &batches[0].1;
    let expected = fix_time_ms(1_334_337_317_000, utc_second_of(PLAIN));
    assert_eq!(column::<Int64Array>(batch, "time_ms").value(0), expected);
    assert!(expected <= 1_334_337_317_000 && 1_334_337_317_000 - expected < 60_000);
    assert_eq!(column::<StringArray>(batch, "source").value(0), "rEV02");
    assert_eq!(column::<UInt64Array>(batch, "line").value(0), 2);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_line() {
    let first = format!("\u{feff}{TAGGED}");
    let (_dir, report, rejects) = ingest_lines(&[&first, TAGGED], &IngestOptions::default());
    assert_eq!(report.outcome(Outcome::Decoded), 1, "{rejects:?}");
    assert_eq!(report.outcome(Outcome::Duplicate), 1);
    assert_eq!(report.note, None);
}

#[test]
fn no_time_is_reported_never_made_up_unless_assumed() {
    let (_dir, report, rejects) = ingest_lines(&[PLAIN], &IngestOptions::default());
    assert_eq!((report.outcome(Outcome::NoTime), report.positions), (1, 0));
    assert_eq!((rejects[0].line, rejects[0].outcome.as_str()), (1, "no_time"));

    let assumed = 1_600_000_000_000;
    let options = IngestOptions { assume_time_ms: Some(assumed), ..IngestOptions::default() };
    let (dir, report, _) = ingest_lines(&[PLAIN], &options);
    assert_eq!((report.outcome(Outcome::Decoded), report.positions), (1, 1));
    let batches = read_table(&dir.path().join("store"), "positions");
    assert_eq!(
        column::<Int64Array>(&batches[0].1, "time_ms").value(0),
        fix_time_ms(assumed, utc_second_of(PLAIN))
    );
}

#[test]
fn the_same_message_from_two_receivers_is_a_duplicate() {
    let tag = |station: &str, time_s: u64| {
        let body = format!("s:{station},c:{time_s}");
        let checksum = body.bytes().fold(0u8, |a, b| a ^ b);
        format!("\\{body}*{checksum:02X}\\{PLAIN}")
    };
    let lines = [tag("r1", 1_334_337_317), tag("r2", 1_334_337_318), tag("r1", 1_334_337_437)];
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (_dir, report, rejects) = ingest_lines(&refs, &IngestOptions::default());
    assert_eq!(report.outcome(Outcome::Decoded), 2, "{report:?}");
    assert_eq!(report.outcome(Outcome::Duplicate), 1);
    assert_eq!(rejects[0].line, 2);
    assert!(rejects[0].reason.contains("line 1"), "{:?}", rejects[0]);
}

#[test]
fn csv_with_a_column_map() {
    let path = data_dir().join("csv/movingpandas_boat-positions_suez_2021.csv");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // without the map: not a CSV it knows, read as NMEA, and the report says so
    let report = added(ingest(&mut store, &path, &IngestOptions::default())).report;
    assert_eq!(report.outcome(Outcome::Decoded), 0);
    assert!(report.note.as_deref().unwrap_or("").contains("--columns"), "{:?}", report.note);
    // a map naming a column the header lacks is an error for the input
    let bad = IngestOptions {
        columns: Some("mmsi=ID,time=when,lat=latitude,lon=longitude".parse().unwrap()),
        ..options_for(&path)
    };
    let fresh = tempfile::tempdir().unwrap();
    let mut other = Store::open(fresh.path()).unwrap();
    let err = other
        .ingest(&InputSource::Path(path.clone()), &bad, &WriteOptions::default(), &mut |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("when"), "{err}");
    assert!(store::stats(fresh.path()).unwrap().inputs.is_empty(), "nothing of a failed input stays");
    // with it
    let report = added(ingest(&mut other, &path, &options_for(&path))).report;
    assert_eq!(report.positions, 22_287);
    assert_eq!(report.time_min_ms, TimeFormat::Iso.parse_ms("2021-03-20T00:00:00Z"));
}

#[test]
fn small_memory_bound_gives_more_files_same_rows() {
    let path = data_dir().join("csv/movingpandas_boat-positions_suez_2021.csv");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let write = WriteOptions { max_rows_in_memory: 5_000 };
    let outcome =
        store.ingest(&InputSource::Path(path.clone()), &options_for(&path), &write, &mut |_| {}).unwrap();
    let IngestOutcome::Added(a) = outcome else { panic!() };
    assert!(a.files > 5, "{}", a.files);
    let rows: usize = read_table(dir.path(), "positions").iter().map(|(_, b)| b.num_rows()).sum();
    assert_eq!(rows, 22_287);
    // every source value is null for CSV rows
    for (_, batch) in read_table(dir.path(), "positions") {
        assert_eq!(batch.column_by_name("source").unwrap().null_count(), batch.num_rows());
    }
}

#[test]
fn a_failed_write_fails_the_input_and_leaves_nothing() {
    let path = data_dir().join("csv/movingpandas_boat-positions_suez_2021.csv");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // A file where the last day's directory goes: the encoder thread writes the
    // other days' files of a flush, then fails.
    let blocked = dir.path().join("positions/day=2021-03-24");
    fs::create_dir_all(blocked.parent().unwrap()).unwrap();
    File::create(&blocked).unwrap();
    let write = WriteOptions { max_rows_in_memory: 5_000 };
    let err =
        store.ingest(&InputSource::Path(path.clone()), &options_for(&path), &write, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("day=2021-03-24"), "{err}");
    assert!(store::stats(dir.path()).unwrap().inputs.is_empty(), "nothing of a failed input stays");
    assert_eq!(data_files(dir.path()), vec![blocked.clone()], "no file of it stays");
    // Once the way is clear, the same input goes in whole.
    fs::remove_file(&blocked).unwrap();
    let a = added(
        store.ingest(&InputSource::Path(path.clone()), &options_for(&path), &write, &mut |_| {}).unwrap(),
    );
    assert_eq!(a.report.positions, 22_287);
    let rows: usize = read_table(dir.path(), "positions").iter().map(|(_, b)| b.num_rows()).sum();
    assert_eq!(rows, 22_287);
}

/// Every file under the store's table directories.
fn data_files(store: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> =
        ["positions", "static"].iter().map(|t| store.join(t)).filter(|d| d.is_dir()).collect();
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

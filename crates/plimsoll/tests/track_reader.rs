//! Reading positions back from a store: NMEA written with the encoder, ingested
//! as two inputs spanning a UTC midnight, read vessel by vessel, then tracked.

use std::fs;
use std::path::Path;

use ais::encode::{encode_sentences, EncodeOptions};
use ais::msg::{Message, PositionReport};
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::store::{IngestOutcome, PositionReader, Store, TimeRange, VesselPositions, WriteOptions};
use plimsoll::track::Tracker;

/// 2021-03-23T00:00:00Z.
const MIDNIGHT_MS: i64 = 1_616_457_600_000;
const MINUTE_MS: i64 = 60_000;

/// A position report of a ship near Malta, moving east slowly with time.
fn report(mmsi: u32, time_ms: i64) -> Message {
    let minutes = (time_ms - MIDNIGHT_MS) as f64 / 60_000.0;
    Message::Position(PositionReport {
        msg_type: 1,
        repeat: 0,
        mmsi,
        nav_status: 0,
        turn: None,
        sog_knots: Some(6.0),
        accuracy: true,
        lon_deg: Some(14.5 + 0.001 * minutes),
        lat_deg: Some(35.9 + f64::from(mmsi % 10) * 0.1),
        cog_deg: Some(90.0),
        heading_deg: Some(90),
        // No UTC second: the receive time is the fix time.
        second: 60,
        maneuver: 0,
        spare: 0,
        raim: false,
        radio: 0,
    })
}

/// Writes an NMEA file of `(mmsi, time)` reports, one line each, in the order given.
fn write_nmea(path: &Path, station: &str, reports: &[(u32, i64)]) {
    let mut text = String::new();
    for &(mmsi, time_ms) in reports {
        let opts =
            EncodeOptions { time_ms: Some(time_ms), source: Some(station), ..EncodeOptions::default() };
        for line in encode_sentences(&report(mmsi, time_ms), 0, &opts) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    fs::write(path, text).unwrap();
}

/// Times from an hour before midnight to an hour after, every 10 minutes, offset.
fn times(offset_ms: i64) -> Vec<i64> {
    (-6..=6).map(|i| MIDNIGHT_MS + i * 10 * MINUTE_MS + offset_ms).collect()
}

fn read(dir: &Path, range: TimeRange) -> Vec<VesselPositions> {
    PositionReader::open(dir, range).unwrap().collect::<Result<Vec<_>, _>>().unwrap()
}

/// (mmsi, number of points) of each vessel read.
fn counts(vessels: &[VesselPositions]) -> Vec<(u32, usize)> {
    vessels.iter().map(|v| (v.mmsi, v.points.len())).collect()
}

#[test]
fn positions_read_back_per_vessel_in_time_order() {
    let work = tempfile::tempdir().unwrap();
    let store_dir = work.path().join("store");
    // Input A: vessels 2 and 1 interleaved; input B: vessel 2 again, five minutes
    // later each time, through another station, and vessel 3.
    let a: Vec<(u32, i64)> =
        times(0).into_iter().flat_map(|t| [(222_222_222, t), (111_111_111, t)]).collect();
    let b: Vec<(u32, i64)> =
        times(5 * MINUTE_MS).into_iter().flat_map(|t| [(333_333_333, t), (222_222_222, t)]).collect();
    let (path_a, path_b) = (work.path().join("a.nmea"), work.path().join("b.nmea"));
    write_nmea(&path_a, "rxA", &a);
    write_nmea(&path_b, "rxB", &b);
    let mut store = Store::open(&store_dir).unwrap();
    for path in [&path_a, &path_b] {
        let outcome = store
            .ingest(
                &InputSource::Path(path.clone()),
                &IngestOptions::default(),
                &WriteOptions::default(),
                &mut |_| {},
            )
            .unwrap();
        let IngestOutcome::Added(added) = outcome else { panic!("{path:?} not added") };
        assert_eq!(added.report.positions, 26, "{path:?}");
    }
    drop(store);
    // A file no committed input lists (as an interrupted ingest might leave) is not read.
    let day_dir = store_dir.join("positions/day=2021-03-23");
    let committed = fs::read_dir(&day_dir).unwrap().next().unwrap().unwrap().path();
    fs::copy(committed, day_dir.join("in-000099-0001.parquet")).unwrap();

    let vessels = read(&store_dir, TimeRange::ALL);
    assert_eq!(counts(&vessels), vec![(111_111_111, 13), (222_222_222, 26), (333_333_333, 13)]);
    for v in &vessels {
        assert!(v.points.iter().all(|p| p.mmsi == v.mmsi));
        assert!(v.points.windows(2).all(|w| w[0].time_ms <= w[1].time_ms), "{}: not in time order", v.mmsi);
    }
    // Vessel 2 alternates between the inputs and their stations, citing their lines.
    let shared = &vessels[1];
    let expected_times: Vec<i64> = times(0).into_iter().flat_map(|t| [t, t + 5 * MINUTE_MS]).collect();
    assert_eq!(shared.points.iter().map(|p| p.time_ms).collect::<Vec<_>>(), expected_times);
    let stations: Vec<&str> = shared.points.iter().map(|p| p.source.as_deref().unwrap()).collect();
    assert_eq!(stations, ["rxA", "rxB"].repeat(13));
    let (first, second) = (&shared.points[0], &shared.points[1]);
    assert_eq!((first.line, second.line), (1, 2));
    assert_ne!(first.input_id, second.input_id);

    // Half-open ranges: the first half hour of the day, and everything before it.
    let range = TimeRange { from_ms: Some(MIDNIGHT_MS), to_ms: Some(MIDNIGHT_MS + 30 * MINUTE_MS) };
    assert_eq!(counts(&read(&store_dir, range)), vec![(111_111_111, 3), (222_222_222, 6), (333_333_333, 3)]);
    let before = TimeRange { from_ms: None, to_ms: Some(MIDNIGHT_MS) };
    assert_eq!(
        counts(&read(&store_dir, before)),
        vec![(111_111_111, 6), (222_222_222, 12), (333_333_333, 6)]
    );
    assert!(read(&store_dir, TimeRange { from_ms: Some(MIDNIGHT_MS), to_ms: Some(MIDNIGHT_MS) }).is_empty());

    // Each ship is one voyage, vessel 2 included although two inputs carry it.
    let tracker = Tracker::default();
    for v in &vessels {
        let tracks = tracker.track(v.mmsi, &v.points).unwrap();
        assert_eq!(tracks.segments.len(), 1, "{}", v.mmsi);
        assert_eq!(tracks.counts.points_kept(), u64::try_from(v.points.len()).unwrap());
    }
}

#[test]
fn reading_a_directory_that_is_no_store_fails() {
    let dir = tempfile::tempdir().unwrap();
    assert!(PositionReader::open(dir.path(), TimeRange::ALL).is_err());
}

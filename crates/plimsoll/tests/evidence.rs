//! Exports and dossiers on a small simulated store: the example scenario (two
//! tankers, one STS transfer in the Korea Strait, 24 hours) with a hostile ship name,
//! written gzip-compressed so that raw sentences are read back through the decompressor.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use plimsoll::detect::run::{run_all, DetectConfig};
use plimsoll::event::{Event, EventKind};
use plimsoll::evidence::dossier::{
    Dossier, DossierConfig, EventsOrigin, SanctionsMatch, Subject, VesselQuery, VolumeEstimate,
};
use plimsoll::evidence::export::{export_events, export_positions, export_tracks, Format};
use plimsoll::evidence::raw::InputStatus;
use plimsoll::evidence::svg::{map_svg, MapMarker, MapSpec, MapTrack};
use plimsoll::evidence::{BBox, Filter};
use plimsoll::geo::Land;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::sim::{Geography, ScenarioFile, Simulation};
use plimsoll::store::{PositionReader, Store, TimeRange, WriteOptions};
use plimsoll::track::TrackConfig;
use serde_json::Value;

const HOSTILE: &str = "<SCRIPT>X</SCRIPT>";

struct Fixture {
    dir: tempfile::TempDir,
    input: PathBuf,
    store: PathBuf,
    events: Vec<Event>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../src/sim/example.toml").replace("FEEDER ONE", HOSTILE);
    let scenario = ScenarioFile::from_toml(&text).unwrap();
    let simulation = Simulation::new(&scenario, Some(&text), 3, &Geography::embedded().unwrap()).unwrap();
    let input = dir.path().join("ais.nmea.gz");
    let mut gz =
        flate2::write::GzEncoder::new(fs::File::create(&input).unwrap(), flate2::Compression::fast());
    simulation.write_nmea(&mut gz).unwrap();
    gz.finish().unwrap().flush().unwrap();
    let store = dir.path().join("store");
    let mut s = Store::open(&store).unwrap();
    s.ingest(
        &InputSource::Path(input.clone()),
        &IngestOptions::default(),
        &WriteOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    drop(s);
    let events = run_all(&store, TimeRange::ALL, &DetectConfig::default(), |_| {}).unwrap().events;
    Fixture { dir, input, store, events }
}

fn lines_of(gz: &Path) -> Vec<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(gz).unwrap()).read_to_string(&mut text).unwrap();
    text.lines().map(str::to_owned).collect()
}

fn export(f: impl FnOnce(&mut (dyn Write + Send))) -> Vec<u8> {
    let mut out = Vec::new();
    f(&mut out);
    out
}

/// Checks `xml` is well-formed and returns the count of each element name.
fn elements(xml: &[u8]) -> BTreeMap<String, usize> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut counts = BTreeMap::new();
    let mut depth = 0i64;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                *counts.entry(String::from_utf8(e.name().as_ref().to_vec()).unwrap()).or_default() += 1;
            }
            quick_xml::events::Event::Empty(e) => {
                *counts.entry(String::from_utf8(e.name().as_ref().to_vec()).unwrap()).or_default() += 1;
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "unbalanced XML");
    counts
}

fn positions_in_store(store: &Path) -> usize {
    let mut reader = PositionReader::open(store, TimeRange::ALL).unwrap();
    let mut n = 0;
    while let Some(v) = reader.next_vessel().unwrap() {
        n += v.points.len();
    }
    n
}

#[test]
fn exports_round_trip_in_every_format_and_filters_apply() {
    let fx = fixture();
    assert!(fx.events.iter().any(|e| e.kind == EventKind::StsTransfer), "{:?}", fx.events);
    let all = Filter::default();

    // GeoJSON events: [lon, lat] order; events without a position have a null geometry.
    let out = export(|w| {
        export_events(&fx.events, &all, Format::GeoJson, w).unwrap();
    });
    let json: Value = serde_json::from_slice(&out).unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), fx.events.len());
    for (f, e) in features.iter().zip(&fx.events) {
        if e.lat_deg.is_finite() {
            assert_eq!(f["geometry"]["coordinates"][0].as_f64().unwrap(), e.lon_deg);
            assert_eq!(f["geometry"]["coordinates"][1].as_f64().unwrap(), e.lat_deg);
        } else {
            assert!(f["geometry"].is_null());
        }
        assert_eq!(f["properties"]["id"], e.id.as_str());
    }

    // GeoJSON tracks: lines of [lon, lat] within the Korea Strait, times per point.
    let out = export(|w| {
        export_tracks(&fx.store, &all, &TrackConfig::default(), Format::GeoJson, w).unwrap();
    });
    let json: Value = serde_json::from_slice(&out).unwrap();
    let features = json["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let geometry = &f["geometry"];
        let coords: Vec<&Value> = match geometry["type"].as_str().unwrap() {
            "LineString" => geometry["coordinates"].as_array().unwrap().iter().collect(),
            "Point" => vec![&geometry["coordinates"]],
            other => panic!("{other}"),
        };
        for c in &coords {
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!((127.0..132.0).contains(&lon) && (33.0..36.0).contains(&lat), "{lon} {lat}");
        }
        assert_eq!(f["properties"]["times"].as_array().unwrap().len(), coords.len());
    }

    // KML tracks: well-formed, one gx:Track per piece, a when and a gx:coord per point.
    let out = export(|w| {
        export_tracks(&fx.store, &all, &TrackConfig::default(), Format::Kml, w).unwrap();
    });
    let counts = elements(&out);
    assert_eq!(counts["gx:Track"], features.len());
    assert_eq!(counts["when"], counts["gx:coord"]);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("xmlns:gx=\"http://www.google.com/kml/ext/2.2\""));

    // KML events: well-formed, one placemark per event.
    let out = export(|w| {
        export_events(&fx.events, &all, Format::Kml, w).unwrap();
    });
    assert_eq!(elements(&out)["Placemark"], fx.events.len());

    // CSV positions: a header and one row per stored position.
    let total = positions_in_store(&fx.store);
    let out = export(|w| {
        export_positions(&fx.store, &all, Format::Csv, w).unwrap();
    });
    let mut csv = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..5], ["mmsi", "time_ms", "time", "lat_deg", "lon_deg"]);
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), total);

    // Parquet positions read back: the same rows.
    let out = export(|w| {
        export_positions(&fx.store, &all, Format::Parquet, w).unwrap();
    });
    let parquet_file = fx.dir.path().join("positions.parquet");
    fs::write(&parquet_file, &out).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        fs::File::open(&parquet_file).unwrap(),
    )
    .unwrap()
    .build()
    .unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), total);
    assert_eq!(batches[0].schema().field(0).name(), "mmsi");

    // Filters: an area, a time range, a kind.
    let bbox = BBox::parse("128.0,34.0,129.0,34.6").unwrap();
    let from_ms = fx.events[0].start_ms;
    let filter =
        Filter { bbox: Some(bbox), time: TimeRange { from_ms: Some(from_ms), to_ms: None }, kinds: vec![] };
    let out = export(|w| {
        export_positions(&fx.store, &filter, Format::Csv, w).unwrap();
    });
    let mut csv = csv::Reader::from_reader(out.as_slice());
    let kept: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert!(!kept.is_empty() && kept.len() < total);
    for r in &kept {
        let (time_ms, lat, lon): (i64, f64, f64) =
            (r[1].parse().unwrap(), r[3].parse().unwrap(), r[4].parse().unwrap());
        assert!(time_ms >= from_ms && bbox.contains(lat, lon), "{r:?}");
    }
    let kinds = Filter { kinds: vec![EventKind::StsTransfer], ..Filter::default() };
    let out = export(|w| {
        export_events(&fx.events, &kinds, Format::Csv, w).unwrap();
    });
    let mut csv = csv::Reader::from_reader(out.as_slice());
    let kept: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(kept.len(), fx.events.iter().filter(|e| e.kind == EventKind::StsTransfer).count());
    assert!(kept.iter().all(|r| &r[1] == "sts_transfer"));
    assert!(export_positions(&fx.store, &kinds, Format::Csv, &mut Vec::new()).is_err());

    // The dossier of the transfer, from the same store.
    dossier_cites_the_raw_sentences_and_escapes_names(&fx);
}

fn dossier_cites_the_raw_sentences_and_escapes_names(fx: &Fixture) {
    let sts = fx.events.iter().find(|e| e.kind == EventKind::StsTransfer).unwrap();
    let origin = EventsOrigin { source: "test".to_owned(), detect_parameters: None };
    let config = DossierConfig::default();
    let subject = Subject::Event(sts.id.clone());
    let mut dossier =
        Dossier::gather(&fx.store, &subject, &fx.events, &origin, TimeRange::ALL, &config).unwrap();
    assert_eq!(dossier.vessels.len(), 2);
    assert!(
        !dossier.supporting.is_empty() && dossier.supporting.len() <= 2 * config.supporting_per_vessel_max
    );
    assert_eq!(dossier.cited_inputs.len(), 1);
    assert_eq!(dossier.cited_inputs[0].status, InputStatus::Verified);
    let land = Land::embedded().unwrap();
    let html = dossier.to_html(&land);

    // Each cited record's line, exactly as in the input, escaped.
    let lines = lines_of(&fx.input);
    for s in &dossier.supporting {
        let line = &lines[usize::try_from(s.line).unwrap() - 1];
        let shown = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(html.contains(&shown), "line {} not shown: {line}", s.line);
        assert!(html.contains(&format!(":{}</code>", s.line)));
    }
    let sha = &dossier.inputs[0].sha256.clone().unwrap();
    assert!(html.contains(sha.as_str()));
    assert!(html.contains("Not screened") && html.contains("No estimate"));
    // The hostile name is shown, escaped, and never as markup.
    assert!(html.contains("&lt;SCRIPT&gt;X&lt;/SCRIPT&gt;"), "name not shown");
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.contains("<svg"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "no network");

    // Sanctions and volume, when given, are shown with their reasons and bounds.
    dossier.sanctions = Some(vec![SanctionsMatch {
        mmsi: Some(sts.vessels[0]),
        list: "UN consolidated".to_owned(),
        entry: "KPe.001 <b>".to_owned(),
        score: 0.97,
        reasons: vec!["IMO equal".to_owned()],
    }]);
    dossier.volume = Some(VolumeEstimate {
        volume_bbl_low: 40_000.0,
        volume_bbl_central: 52_000.0,
        volume_bbl_high: 61_000.0,
        method: "draught change × hull".to_owned(),
    });
    let html = dossier.to_html(&land);
    assert!(html.contains("KPe.001 &lt;b&gt;") && html.contains("IMO equal") && html.contains("52000 bbl"));

    // A vessel dossier by MMSI finds the same vessel's events.
    let vessel = Subject::Vessel(VesselQuery::Mmsi(sts.vessels[0]));
    let d = Dossier::gather(&fx.store, &vessel, &fx.events, &origin, TimeRange::ALL, &config).unwrap();
    assert!(d.events.iter().any(|e| e.id == sts.id));
    assert!(Dossier::gather(
        &fx.store,
        &Subject::Vessel(VesselQuery::Mmsi(1)),
        &[],
        &origin,
        TimeRange::ALL,
        &config
    )
    .is_err());

    // An input changed since ingest: its lines are withheld and the dossier says why.
    let mut f = fs::OpenOptions::new().append(true).open(&fx.input).unwrap();
    f.write_all(b"tampered").unwrap();
    drop(f);
    let d = Dossier::gather(&fx.store, &subject, &fx.events, &origin, TimeRange::ALL, &config).unwrap();
    assert!(matches!(d.cited_inputs[0].status, InputStatus::Changed { .. }));
    assert!(d.cited_inputs[0].lines.is_empty());
    let html = d.to_html(&land);
    assert!(html.contains("CHANGED since ingest") && html.contains("(input not verified)"));
}

#[test]
fn a_tiny_map_matches_its_golden_svg() {
    let square = br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}"#;
    let land = Land::from_geojson(square).unwrap();
    let spec = MapSpec {
        tracks: vec![MapTrack {
            label: "<A&B>".to_owned(),
            points: vec![
                (0, 0.9, 1.2),
                (3_600_000, 1.05, 1.05),
                (5_400_000, 1.1, 0.9),
                (7_200_000, 1.2, 0.6),
            ],
        }],
        markers: vec![MapMarker { lat_deg: 1.1, lon_deg: 0.9, label: "encounter".to_owned() }],
        areas: vec![[0.85, 1.05, 0.95, 1.15]],
    };
    let svg = map_svg(&spec, &land);
    elements(svg.as_bytes());
    assert!(svg.contains("&lt;A&amp;B&gt;"));
    let golden = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../tests/data/golden/evidence_map.svg");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(&golden, &svg).unwrap();
    }
    assert_eq!(
        svg,
        fs::read_to_string(&golden).unwrap(),
        "run with UPDATE_GOLDEN=1 after a deliberate change"
    );
}

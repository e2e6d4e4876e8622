//! Decoder throughput on real sentences from the shipped test logs.
//!
//! `cargo bench -p plimsoll-ais --bench decode`

use ais::{Decoder, Fed};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// Every single-part sentence of the shipped logs whose payload is a Class A
/// position report (types 1-3), with tag blocks and trailing fields as logged.
fn position_lines() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/nmea");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).expect("test data directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "gz" || e == "chk") {
            continue;
        }
        let text = std::fs::read(&path).expect("readable test file");
        for line in text.split(|&c| c == b'\n') {
            let s = String::from_utf8_lossy(line);
            let body = s.rsplit('\\').next().unwrap_or("");
            let fields: Vec<&str> = body.split(',').collect();
            if fields.len() > 6
                && fields[0].ends_with("VDM")
                && fields[1] == "1"
                && matches!(fields[5].as_bytes().first(), Some(b'1'..=b'3'))
            {
                lines.push(line.strip_suffix(b"\r").unwrap_or(line).to_vec());
            }
        }
    }
    assert!(lines.len() > 1000, "too few position lines: {}", lines.len());
    lines
}

fn bench_decode(c: &mut Criterion) {
    let lines = position_lines();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("position_reports_feed", |b| {
        let mut decoder = Decoder::default();
        b.iter(|| {
            let mut n = 0u64;
            for (i, line) in lines.iter().enumerate() {
                if let Fed::Message(m) = decoder.feed(black_box(line), i as u64) {
                    n += u64::from(m.message.mmsi() & 1);
                }
            }
            n
        })
    });
    group.bench_function("position_reports_to_fix", |b| {
        let mut decoder = Decoder::default();
        b.iter(|| {
            let mut acc = 0.0;
            for (i, line) in lines.iter().enumerate() {
                if let Fed::Message(m) = decoder.feed(black_box(line), i as u64) {
                    if let Some(p) = m.message.position() {
                        acc += p.lat_deg;
                    }
                }
            }
            acc
        })
    });
    group.bench_function("frame_only", |b| {
        let opts = ais::ParseOptions::default();
        b.iter(|| {
            let mut n = 0usize;
            for (i, line) in lines.iter().enumerate() {
                if let Ok(ais::Line::Ais(s)) = ais::parse_line(black_box(line), i as u64, &opts) {
                    n += s.payload.len();
                }
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);

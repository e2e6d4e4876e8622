//! Golden test against gpsd's own expected output for its sample log: every
//! message, field by field (floats to 1e-6, `device` ignored).
//!
//! gpsd prints type 24 only as joined A+B pairs, so the test joins parts with
//! [`Type24Pairing`] as gpsd does before comparing.
//!
//! All 97 messages match, the type 6 and 8 application payloads included. Where
//! this crate departs from gpsd on payloads the sample does not contain, the code
//! says so: type 6 DAC 1 FID 15 and FID 16 other than 136 bits, and type 8 DAC 1
//! FID 16, stay raw data (gpsd reads them from the wrong bits); type 8 DAC 200 FID
//! 23 prints its start time in order and names its fields `emma_type` and
//! `emma_class` (gpsd repeats the keys `type` and `class`); type 8 DAC 1 FID 19
//! has the comma gpsd leaves out; gpsd's phantom all-zero tidal window after an
//! exactly full type 6 payload is not produced.

use ais::msg::Type24Pairing;
use ais::{Decoder, Fed, Gpsd, Message};
use serde_json::Value;
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../tests/data/nmea")
        .join(name)
}

/// Differences between two JSON objects, as `field: ours != gpsd's` lines.
fn differences(ours: &Value, expected: &Value) -> Vec<String> {
    let (Value::Object(o), Value::Object(e)) = (ours, expected) else {
        return vec![format!("not objects: {ours} / {expected}")];
    };
    let mut out = Vec::new();
    for (k, ev) in e {
        if k == "device" {
            continue;
        }
        match o.get(k) {
            None => out.push(format!("{k}: missing (gpsd: {ev})")),
            Some(ov) if !same(ov, ev) => out.push(format!("{k}: {ov} != {ev}")),
            Some(_) => {}
        }
    }
    for k in o.keys() {
        if !e.contains_key(k) {
            out.push(format!("{k}: extra ({})", o[k]));
        }
    }
    out
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-6,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(_), Value::Object(_)) => differences(a, b).is_empty(),
        _ => a == b,
    }
}

#[test]
fn every_message_matches_gpsd() {
    let log = std::fs::read(data("gpsd_sample.aivdm")).unwrap();
    let expected: Vec<Value> = std::fs::read_to_string(data("gpsd_sample.aivdm.js.chk"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut decoder = Decoder::default();
    let mut pairing = Type24Pairing::new();
    let mut ours = Vec::new();
    for (i, line) in log.split(|&c| c == b'\n').enumerate() {
        if let Fed::Message(m) = decoder.feed(line, i as u64 + 1) {
            let mut s = String::new();
            let g = Gpsd { scaled: true };
            if let Message::StaticDataReport(part) = &m.message {
                match pairing.push(m.channel, part) {
                    Some(pair) => pair.write_gpsd_json(&mut s, g),
                    None => continue,
                }
            } else {
                m.message.write_gpsd_json(&mut s, g);
            }
            let v: Value =
                serde_json::from_str(&s).unwrap_or_else(|e| panic!("line {}: invalid JSON {s}: {e}", i + 1));
            ours.push((i + 1, v));
        }
    }
    let mut failures = Vec::new();
    let mut binary_differences = Vec::new();
    for (n, exp) in expected.iter().enumerate() {
        let Some((line, got)) = ours.get(n) else {
            failures.push(format!("message {n}: not decoded (gpsd: {exp})"));
            continue;
        };
        let diffs = differences(got, exp);
        if diffs.is_empty() {
            continue;
        }
        let t = exp["type"].as_u64().unwrap_or(0);
        let entry = format!("message {n} (line {line}, type {t}): {}", diffs.join("; "));
        if t == 6 || t == 8 {
            binary_differences.push(entry);
        } else {
            failures.push(entry);
        }
    }
    if ours.len() != expected.len() {
        failures.push(format!("decoded {} messages, gpsd {}", ours.len(), expected.len()));
    }
    for d in &binary_differences {
        eprintln!("type 6/8 difference: {d}");
    }
    assert!(failures.is_empty(), "{} messages differ from gpsd:\n{}", failures.len(), failures.join("\n"));
    // Binary application payloads still decoded differently from gpsd, listed above.
    // Keep this number at what it is: raising it is a regression.
    assert!(binary_differences.is_empty(), "{} type 6/8 messages differ", binary_differences.len());
}

//! Times the two ways of reading one vessel's track from a store, as the track
//! endpoint did before and does now (BENCHMARKS.md, "Serve"):
//!
//! - merge: `PositionReader::open` over the range and the k-way merge of every
//!   day file, vessel by vessel, until the MMSI (the endpoint before);
//! - vessel: `PositionReader::vessel`, row groups pruned by `mmsi` statistics
//!   and a row filter with the page index (the endpoint now).
//!
//! cargo run --release -p plimsoll-server --example track_read -- STORE MMSI...

use std::path::PathBuf;
use std::time::Instant;

use plimsoll::store::{PositionReader, TimeRange};

fn merge(store: &std::path::Path, mmsi: u32) -> Result<usize, plimsoll::store::Error> {
    let mut reader = PositionReader::open(store, TimeRange::ALL)?;
    while let Some(vessel) = reader.next_vessel()? {
        if vessel.mmsi == mmsi {
            return Ok(vessel.points.len());
        }
        if vessel.mmsi > mmsi {
            break;
        }
    }
    Ok(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let store = PathBuf::from(args.next().ok_or("usage: track_read STORE MMSI...")?);
    let mmsis: Vec<u32> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    println!("mmsi       points  merge ms  vessel ms");
    let (mut total_merge, mut total_vessel) = (0.0, 0.0);
    for &mmsi in &mmsis {
        let t = Instant::now();
        let a = merge(&store, mmsi)?;
        let merge_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let b = PositionReader::vessel(&store, TimeRange::ALL, mmsi)?.len();
        let vessel_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(a, b, "both ways read the same points of {mmsi}");
        println!("{mmsi:<9} {a:>7} {merge_ms:>9.1} {vessel_ms:>10.1}");
        total_merge += merge_ms;
        total_vessel += vessel_ms;
    }
    let n = f64::from(u32::try_from(mmsis.len().max(1)).unwrap_or(u32::MAX));
    println!("mean              {:>9.1} {:>10.1}", total_merge / n, total_vessel / n);
    Ok(())
}

//! Any bytes as OpenSanctions FollowTheMoney JSON lines: the parser never
//! panics, and every IMO number it accepts passes its check digit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::geo::is_valid_imo;
use plimsoll::screen::{opensanctions, Countries};

fuzz_target!(|data: &[u8]| {
    let countries = Countries::embedded().expect("embedded countries");
    if let Ok(parsed) = opensanctions::parse(data, &countries) {
        assert!(parsed.entries.iter().filter_map(|e| e.imo).all(is_valid_imo));
    }
});

//! Any bytes as OpenSanctions FollowTheMoney JSON lines: the parser never
//! panics, and every IMO number it accepts passes its check digit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::geo::is_valid_imo;
use plimsoll::screen::{opensanctions, Countries};

/// Loaded once: parsing the embedded MID table each run would make this target
/// a hundred times slower.
static COUNTRIES: std::sync::OnceLock<Countries> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let countries = COUNTRIES.get_or_init(|| Countries::embedded().expect("embedded countries"));
    if let Ok(parsed) = opensanctions::parse(data, countries) {
        assert!(parsed.entries.iter().filter_map(|e| e.imo).all(is_valid_imo));
    }
});

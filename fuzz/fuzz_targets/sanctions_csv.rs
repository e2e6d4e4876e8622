//! Any bytes as OFAC `sdn.csv` (then `alt.csv` and `add.csv` against what it
//! read) and as a watchlist: the parsers never panic, and every IMO number
//! they accept passes its check digit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::geo::is_valid_imo;
use plimsoll::screen::{ofac_csv, watchlist, Countries};

/// Loaded once: parsing the embedded MID table each run would make this target
/// a hundred times slower.
static COUNTRIES: std::sync::OnceLock<Countries> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let countries = COUNTRIES.get_or_init(|| Countries::embedded().expect("embedded countries"));
    if let Ok(mut parsed) = ofac_csv::parse_sdn(data, countries) {
        assert!(parsed.entries.iter().filter_map(|e| e.imo).all(is_valid_imo));
        let mut problems = Vec::new();
        let _ = ofac_csv::apply_alt(data, &mut parsed.entries, &mut problems);
        let _ = ofac_csv::check_add(data, &parsed.entries, &mut problems);
    }
    let mut with_header = watchlist::HEADER.as_bytes().to_vec();
    with_header.push(b'\n');
    with_header.extend_from_slice(data);
    for input in [data, &with_header[..]] {
        if let Ok(parsed) = watchlist::parse(input, countries) {
            assert!(parsed.entries.iter().filter_map(|e| e.imo).all(is_valid_imo));
        }
    }
});

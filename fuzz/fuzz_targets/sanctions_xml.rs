//! Any bytes as a UN consolidated list and as an OFAC `sdn.xml`: the parsers
//! never panic, and every IMO number they accept passes its check digit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::geo::is_valid_imo;
use plimsoll::screen::{ofac_xml, un_xml, Countries};

/// Loaded once: parsing the embedded MID table each run would make this target
/// a hundred times slower.
static COUNTRIES: std::sync::OnceLock<Countries> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let countries = COUNTRIES.get_or_init(|| Countries::embedded().expect("embedded countries"));
    for parsed in [un_xml::parse(data, countries), ofac_xml::parse(data, countries)].into_iter().flatten() {
        assert!(parsed.entries.iter().filter_map(|e| e.imo).all(is_valid_imo));
    }
});

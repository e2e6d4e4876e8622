//! Any bytes as a regime TOML and as a reported-deliveries CSV: the parsers never
//! panic, a regime they accept has caps that follow each other without overlap, and
//! every reported row has ordered bounds and dates.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::ledger::volume::VolumeConfig;
use plimsoll::ledger::{read_reported, Regime};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(regime) = Regime::from_toml(text) {
            for pair in regime.caps.windows(2) {
                if pair[0].product == pair[1].product {
                    assert!(pair[0].end.is_some_and(|end| end < pair[1].start), "{pair:?}");
                }
            }
            for year in [2017, 2018, 2030] {
                let _ = regime.cap_periods("refined_petroleum", year);
            }
        }
    }
    if let Ok(rows) = read_reported(data, &VolumeConfig::default()) {
        for r in rows {
            assert!(r.period_start <= r.period_end);
            assert!(r.bbl.low <= r.bbl.central && r.bbl.central <= r.bbl.high, "{r:?}");
        }
    }
});

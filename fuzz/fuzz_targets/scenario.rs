//! Any text as a scenario file: parsing and planning never panic; a file that plans
//! gives truth whose events end no earlier than they start. Emission is left out (it
//! is a pure function of the plan), and so are scenarios too big to plan quickly.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plimsoll::sim::{Geography, ScenarioFile, Simulation};

fn geo() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| Geography::embedded().expect("embedded geography loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(scenario) = ScenarioFile::from_toml(text) else { return };
    let too_big = scenario.duration_hours > 48.0
        || scenario.vessels.len() > 50
        || scenario.traffic.as_ref().is_some_and(|t| t.get_ref().vessels > 50);
    if too_big {
        return;
    }
    if let Ok(simulation) = Simulation::new(&scenario, Some(text), 1, geo()) {
        for event in simulation.truth() {
            assert!(event.start_ms <= event.end_ms, "{event:?}");
        }
    }
});

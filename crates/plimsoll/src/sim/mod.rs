//! A traffic simulator with ground truth, the yardstick for the detectors.
//!
//! A scenario ([`ScenarioFile`], TOML or built in) names vessels with their routes,
//! receivers, and the events to inject: STS transfers, AIS gaps, identity changes;
//! port visits follow from routes that call at ports. [`Simulation::new`] resolves it
//! into tracks and timelines ([`plan`]); [`Simulation::write_nmea`] sends every
//! vessel's reports on the ITU-R M.1371 schedule and writes what each receiver heard as
//! tagged NMEA (`\s:<station>,c:<epoch s>*hh\!AIVDM...`); [`Simulation::write_truth`]
//! writes the injected events in the data model's Event schema, one per line.
//!
//! Deterministic: the same scenario and seed give byte-identical output. Randomness
//! comes from [`rng::Rng`] (SplitMix64), in separate streams per vessel (identity,
//! speeds), per transmitter (phases, speed noise) and for the radio channel, so that a
//! change in reception never moves a ship.

mod builtin;
mod derived;
mod emit;
pub(crate) mod error;
pub mod identity;
pub mod lanes;
pub mod motion;
pub mod plan;
pub mod reporting;
pub mod rng;
mod scenario;
mod traffic;

use std::io::Write;

pub use crate::event::{Event, EventKind};
pub use builtin::{builtin, BuiltinOptions, BUILTIN_NAMES};
pub use emit::Summary;
pub use error::{Error, ErrorKind, Problem};
pub use plan::{Designation, Plan, Receiver, Vessel, PORT_AREA_M};
pub use scenario::{
    AlongsideSpec, ClosePassSpec, DesignationSpec, GapSpec, HoldStatus, IdentityChangeSpec, OutageSpec,
    Satellite, ScenarioFile, ShoreStation, StsSpec, TrafficSpec, VesselSpec, WaypointSpec,
};

use std::sync::OnceLock;

use crate::event::sort_events;
use crate::geo::{Land, MidTable, Ports};

/// Events as JSON lines.
fn write_events(events: &[Event], out: &mut dyn Write) -> Result<(), Error> {
    for event in events {
        serde_json::to_writer(&mut *out, &event.to_json()).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The reference data the simulator checks and places things with.
pub struct Geography {
    pub land: Land,
    pub ports: Ports,
    pub mids: MidTable,
    /// MARNET as published.
    pub lanes: lanes::Lanes,
    /// MARNET without what lies on `land` ([`lanes::Lanes::at_sea`]), made on first use.
    sea_lanes: OnceLock<lanes::Lanes>,
}

impl Geography {
    /// The embedded land, ports, MID table and shipping lanes.
    ///
    /// # Errors
    /// Only if the embedded data is corrupt.
    pub fn embedded() -> Result<Geography, Error> {
        Ok(Geography {
            land: Land::embedded()?,
            ports: Ports::embedded()?,
            mids: MidTable::embedded()?,
            lanes: lanes::Lanes::embedded()?,
            sea_lanes: OnceLock::new(),
        })
    }

    /// The lanes the simulator's traffic sails: MARNET off the land.
    pub fn sea_lanes(&self) -> &lanes::Lanes {
        self.sea_lanes.get_or_init(|| self.lanes.at_sea(&self.land))
    }
}

/// A planned simulation, ready to write.
#[derive(Debug, Clone)]
pub struct Simulation {
    plan: Plan,
    seed: u64,
    /// The gaps reception made, known once the NMEA is written.
    reception_gaps: OnceLock<Vec<Event>>,
}

impl Simulation {
    /// Resolves `scenario` with `seed`. `text` is the scenario file's text, for the
    /// line numbers in errors (`None` for a built-in scenario).
    ///
    /// # Errors
    /// [`ErrorKind::Field`] naming the field (and the line) for a value out of range, an
    /// unknown vessel, port or STS id, a leg across land, or a vessel that reaches its
    /// STS transfer too late.
    pub fn new(
        scenario: &ScenarioFile,
        text: Option<&str>,
        seed: u64,
        geo: &Geography,
    ) -> Result<Simulation, Error> {
        Ok(Simulation { plan: plan::plan(scenario, text, seed, geo)?, seed, reception_gaps: OnceLock::new() })
    }

    /// The resolved scenario: vessels with their tracks, receivers, truth.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The planned ground truth, sorted by start: everything but the gaps that
    /// reception makes, which [`Simulation::write_nmea`] finds ([`Summary`]) and
    /// [`Simulation::write_truth`] adds once it has run.
    pub fn truth(&self) -> &[Event] {
        &self.plan.truth
    }

    /// Writes the AIS every receiver heard, as NMEA lines in time order.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_nmea(&self, out: &mut (dyn Write + Send)) -> Result<Summary, Error> {
        let summary = emit::write_nmea(&self.plan, self.seed, out)?;
        // Deterministic: a second run finds the same gaps.
        let _ = self.reception_gaps.set(summary.reception_gaps.clone());
        Ok(summary)
    }

    /// Writes the ground truth as JSON lines, one event per line, sorted by start:
    /// the planned truth, and the reception gaps if the NMEA has been written.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_truth(&self, out: &mut dyn Write) -> Result<(), Error> {
        let mut truth = self.plan.truth.clone();
        truth.extend(self.reception_gaps.get().into_iter().flatten().cloned());
        sort_events(&mut truth);
        write_events(&truth, out)
    }

    /// Writes the staged confounders (`confounders.jsonl`), in the Event schema: kind
    /// `encounter`, `details.confounder` naming it, `details.event` whether the truth
    /// has the encounter.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_confounders(&self, out: &mut dyn Write) -> Result<(), Error> {
        write_events(&self.plan.confounders, out)
    }

    /// Writes the scenario's sanctioned vessels as a sanctions list would give them
    /// (`sanctions.csv`): header `name,imo,mmsi,call_sign,flag,vessel_type,aliases,
    /// program,listed_on,delisted_on,remarks`, aliases `;`-separated, dates YYYY-MM-DD.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_sanctions(&self, out: &mut dyn Write) -> Result<(), Error> {
        let mut writer = csv::Writer::from_writer(out);
        let io = |e: csv::Error| Error::from(std::io::Error::other(e));
        writer
            .write_record([
                "name",
                "imo",
                "mmsi",
                "call_sign",
                "flag",
                "vessel_type",
                "aliases",
                "program",
                "listed_on",
                "delisted_on",
                "remarks",
            ])
            .map_err(io)?;
        for d in &self.plan.designations {
            writer
                .write_record([
                    d.name.as_str(),
                    &d.imo.to_string(),
                    &d.mmsi.to_string(),
                    &d.call_sign,
                    &d.flag,
                    d.vessel_type,
                    &d.aliases.join(";"),
                    &d.program,
                    d.listed_on.as_deref().unwrap_or(""),
                    d.delisted_on.as_deref().unwrap_or(""),
                    &d.remarks,
                ])
                .map_err(io)?;
        }
        writer.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn geo() -> &'static Geography {
        static GEO: OnceLock<Geography> = OnceLock::new();
        GEO.get_or_init(|| Geography::embedded().unwrap())
    }

    /// A small file scenario: one tanker crossing in view of a station, 3 hours.
    const SMALL: &str = r#"
name = "small"
start = "2018-02-16T00:00:00Z"
duration_hours = 3.0
corrupt_fraction = 0.01

[[shore_station]]
name = "ST1"
lat = 31.0
lon = 123.5
range_nm = 40.0

[[satellite]]
name = "SAT"
fraction = 0.3

[[vessel]]
name = "Test Tanker"
flag = "PA"
ship_type = 80
length_m = 100.0
beam_m = 16.0
draught_m = 6.0
speed_knots = 12.0
route = [{ lat = 30.8, lon = 123.0 }, { lat = 31.2, lon = 124.0 }]
"#;

    fn run(text: &str, seed: u64) -> (Vec<u8>, Vec<u8>) {
        let scenario = ScenarioFile::from_toml(text).unwrap();
        let simulation = Simulation::new(&scenario, Some(text), seed, geo()).unwrap();
        let (mut nmea, mut truth) = (Vec::new(), Vec::new());
        simulation.write_nmea(&mut nmea).unwrap();
        simulation.write_truth(&mut truth).unwrap();
        (nmea, truth)
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let first = run(SMALL, 42);
        assert!(first.0.len() > 10_000);
        assert_eq!(first, run(SMALL, 42));
        assert_ne!(first.0, run(SMALL, 43).0);
    }

    #[test]
    fn builtin_is_deterministic() {
        let options = BuiltinOptions { background_vessels: 3, duration_hours: 6.0 };
        let once = || {
            let scenario = builtin("east-china-sea", &options, 5).unwrap();
            let simulation = Simulation::new(&scenario, None, 5, geo()).unwrap();
            let mut nmea = Vec::new();
            simulation.write_nmea(&mut nmea).unwrap();
            nmea
        };
        assert_eq!(once(), once());
    }

    /// No simulated ship is heard jumping: between states 30 s apart (a Class B report's
    /// interval) while transmitting, none covers more than the tracker's 25 knots allow. Trawlers used to jump up to
    /// 2 km onto their fishing figure, which the tracker took for a second ship under
    /// the same MMSI, so the gap detector saw silences where the ship kept reporting.
    #[test]
    fn no_ship_jumps() {
        let options = BuiltinOptions { background_vessels: 150, duration_hours: 72.0 };
        for name in ["east-china-sea", "korea-bay"] {
            let scenario = builtin(name, &options, 1).unwrap();
            let simulation = Simulation::new(&scenario, None, 1, geo()).unwrap();
            let plan = simulation.plan();
            let step_ms = 30_000;
            let max_m = crate::track::TrackConfig::default().max_implied_speed_knots * 1852.0 / 120.0;
            for vessel in &plan.vessels {
                let mut last: Option<motion::State> = None;
                for t_ms in (plan.start_ms..plan.end_ms).step_by(step_ms) {
                    // An impostor "moves" onto the hull it rides while silent: unheard.
                    let Some(state) = vessel.state_at(t_ms).filter(|_| vessel.transmitting_at(t_ms)) else {
                        last = None;
                        continue;
                    };
                    if let Some(p) = last {
                        let d_m = crate::geo::geodesy::haversine_distance_m(
                            p.lat_deg,
                            p.lon_deg,
                            state.lat_deg,
                            state.lon_deg,
                        );
                        assert!(d_m <= max_m, "{name}: {} moved {d_m:.0} m in 30 s at {t_ms}", vessel.mmsi);
                    }
                    last = Some(state);
                }
            }
        }
    }

    /// A staged gap from the run's very start has no report before it: no `ais_gap`
    /// truth (the data model's gap is a silence between two reports); one an hour in is.
    #[test]
    fn a_gap_from_the_start_is_no_ais_gap() {
        let gaps = |start_hours: f64| {
            let text = SMALL.replace("duration_hours = 3.0", "duration_hours = 12.0")
                + &format!(
                    "\n[[ais_gap]]\nvessel = \"Test Tanker\"\nstart_hours = {start_hours:.1}\nend_hours = 8.0\n"
                );
            let scenario = ScenarioFile::from_toml(&text).unwrap();
            let simulation = Simulation::new(&scenario, Some(&text), 1, geo()).unwrap();
            let truth = simulation.plan().truth.clone();
            truth.iter().filter(|e| e.kind == crate::event::EventKind::AisGap).count()
        };
        assert_eq!(gaps(0.0), 0);
        assert_eq!(gaps(1.0), 1);
    }

    #[test]
    fn the_documented_example_runs() {
        let text = include_str!("example.toml");
        let scenario = ScenarioFile::from_toml(text).unwrap();
        let simulation = Simulation::new(&scenario, Some(text), 1, geo()).unwrap();
        let kinds: Vec<&str> = simulation.truth().iter().map(|e| e.kind.as_str()).collect();
        for kind in ["sts_transfer", "encounter", "ais_gap", "identity_change", "port_visit", "spoofing"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
        let plan = simulation.plan();
        assert_eq!(plan.vessels.len(), 4 + 20, "scripted and background");
        assert_eq!(plan.designations.len(), 1);
        assert_eq!(plan.confounders.len(), 3, "{:?}", plan.confounders);
        let receiver = &simulation.plan().vessels[1];
        assert_eq!(receiver.imo, 8_604_917);
        assert_eq!(receiver.mmsi / 1_000_000, 445, "a North Korean MID");
        assert!((receiver.draught_m_at(simulation.plan().end_ms) - 5.6).abs() < 1e-9);
    }

    #[test]
    fn errors_name_the_field_and_line() {
        let bad_port = SMALL.replace("{ lat = 31.2, lon = 124.0 }", "{ port = \"Atlantis\" }");
        let scenario = ScenarioFile::from_toml(&bad_port).unwrap();
        let error = Simulation::new(&scenario, Some(&bad_port), 1, geo()).unwrap_err();
        assert_eq!(error.line, Some(25), "{error}");
        assert!(matches!(
            &error.kind,
            ErrorKind::Field { field, problem: Problem::UnknownPort { .. } } if field == "vessel[0].route[1].port"
        ));

        let typo = SMALL.replace("speed_knots", "speed_kn");
        let error = ScenarioFile::from_toml(&typo).unwrap_err();
        assert_eq!(error.line, Some(24), "{error}");
        assert!(error.to_string().contains("speed_kn"), "{error}");

        let slow = SMALL.replace("speed_knots = 12.0", "speed_knots = 120.0");
        let scenario = ScenarioFile::from_toml(&slow).unwrap();
        let error = Simulation::new(&scenario, Some(&slow), 1, geo()).unwrap_err();
        // A value out of range is placed at its table's header.
        assert_eq!(error.line, Some(17), "{error}");
        assert!(error.to_string().contains("vessel[0].speed_knots"), "{error}");

        // Only one of the two parties routed to the transfer.
        let example = include_str!("example.toml");
        let lonely = example.replacen("{ sts = \"s1\" },", "{ lat = 34.4, lon = 128.7 },", 1);
        let scenario = ScenarioFile::from_toml(&lonely).unwrap();
        let error = Simulation::new(&scenario, Some(&lonely), 1, geo()).unwrap_err();
        assert!(
            matches!(error.kind, ErrorKind::Field { problem: Problem::StsParties { count: 1, .. }, .. }),
            "{error}"
        );
        assert_eq!(error.line, Some(75), "{error}");

        // Across the Zhoushan islands onto the mainland.
        let inland = SMALL.replace("{ lat = 31.2, lon = 124.0 }", "{ lat = 30.0, lon = 120.5 }");
        let scenario = ScenarioFile::from_toml(&inland).unwrap();
        let error = Simulation::new(&scenario, Some(&inland), 1, geo()).unwrap_err();
        assert!(
            matches!(error.kind, ErrorKind::Field { problem: Problem::CrossesLand { .. }, .. }),
            "{error}"
        );
    }
}

//! `plimsoll simulate`: AIS traffic with ground truth, from a built-in scenario or a
//! TOML file.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use plimsoll::sim::{builtin, BuiltinOptions, Geography, ScenarioFile, Simulation, BUILTIN_NAMES};

use crate::ingest::grouped;

#[derive(clap::Args)]
pub struct Args {
    /// A built-in scenario (east-china-sea) or a scenario TOML file.
    #[arg(long, value_name = "NAME|FILE")]
    scenario: String,
    /// The random seed: the same scenario and seed give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The output directory (created if missing): ais.nmea and truth.jsonl.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Background vessels in a built-in scenario (default 40).
    #[arg(long, value_name = "N")]
    vessels: Option<usize>,
    /// How many hours to simulate (overrides the scenario's duration).
    #[arg(long, value_name = "H")]
    hours: Option<f64>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let (scenario, text) = if BUILTIN_NAMES.contains(&args.scenario.as_str()) {
        let defaults = BuiltinOptions::default();
        let options = BuiltinOptions {
            background_vessels: args.vessels.unwrap_or(defaults.background_vessels),
            duration_hours: args.hours.unwrap_or(defaults.duration_hours),
        };
        (builtin(&args.scenario, &options, args.seed)?, None)
    } else {
        let path = Path::new(&args.scenario);
        if !path.exists() {
            bail!(
                "{}: no such file, and not a built-in scenario ({})",
                args.scenario,
                BUILTIN_NAMES.join(", ")
            );
        }
        if args.vessels.is_some() {
            bail!("--vessels applies to built-in scenarios only");
        }
        let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut scenario =
            ScenarioFile::from_toml(&text).with_context(|| format!("scenario {}", path.display()))?;
        if let Some(hours) = args.hours {
            scenario.duration_hours = hours;
        }
        (scenario, Some(text))
    };
    let geo = Geography::embedded()?;
    let simulation = Simulation::new(&scenario, text.as_deref(), args.seed, &geo)
        .with_context(|| format!("scenario {}", args.scenario))?;
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let create = |name: &str| {
        let path = args.out.join(name);
        File::create(&path).map(BufWriter::new).with_context(|| format!("creating {}", path.display()))
    };
    let summary = simulation.write_nmea(&mut create("ais.nmea")?)?;
    simulation.write_truth(&mut create("truth.jsonl")?)?;

    let plan = simulation.plan();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for event in simulation.truth() {
        *kinds.entry(event.kind.as_str()).or_default() += 1;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "scenario {} (seed {}): {} vessels, {} receivers, {} hours",
        plan.name,
        args.seed,
        plan.vessels.len(),
        plan.receivers.len(),
        (plan.end_ms - plan.start_ms) / 3_600_000
    )?;
    writeln!(
        out,
        "{}: {} lines ({} corrupt); {} messages sent, {} heard by no receiver",
        args.out.join("ais.nmea").display(),
        grouped(summary.lines),
        grouped(summary.corrupt_lines),
        grouped(summary.messages_sent),
        grouped(summary.messages_unheard)
    )?;
    let kinds: Vec<String> = kinds.iter().map(|(kind, n)| format!("{kind}: {n}")).collect();
    writeln!(
        out,
        "{}: {} events ({})",
        args.out.join("truth.jsonl").display(),
        simulation.truth().len(),
        kinds.join(", ")
    )?;
    Ok(())
}

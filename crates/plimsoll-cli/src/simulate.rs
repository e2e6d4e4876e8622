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
    /// A built-in scenario (east-china-sea, korea-bay, global-day) or a scenario TOML file.
    #[arg(long, value_name = "NAME|FILE")]
    scenario: String,
    /// The random seed: the same scenario and seed give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The output directory (created if missing): ais.nmea (or ais.nmea.zst),
    /// truth.jsonl, confounders.jsonl (staged confounders) and sanctions.csv (the
    /// scenario's designated vessels).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Background vessels in a built-in scenario (default 40; global-day 50,000).
    #[arg(long, value_name = "N")]
    vessels: Option<usize>,
    /// How many hours to simulate (overrides the scenario's duration).
    #[arg(long, value_name = "H")]
    hours: Option<f64>,
    /// Write ais.nmea.zst (zstd, level 1) instead of ais.nmea: a day of global traffic
    /// is several GB of plain text; `plimsoll ingest` reads either.
    #[arg(long)]
    zstd: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let (scenario, text) = if BUILTIN_NAMES.contains(&args.scenario.as_str()) {
        let defaults = BuiltinOptions::for_scenario(&args.scenario);
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
    let nmea_name = if args.zstd { "ais.nmea.zst" } else { "ais.nmea" };
    let summary = if args.zstd {
        let mut encoder = zstd::Encoder::new(create(nmea_name)?, 1)?;
        let summary = simulation.write_nmea(&mut encoder)?;
        encoder.finish()?.flush()?;
        summary
    } else {
        simulation.write_nmea(&mut create(nmea_name)?)?
    };
    simulation.write_truth(&mut create("truth.jsonl")?)?;
    simulation.write_confounders(&mut create("confounders.jsonl")?)?;
    simulation.write_sanctions(&mut create("sanctions.csv")?)?;

    let plan = simulation.plan();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for event in simulation.truth().iter().chain(&summary.reception_gaps) {
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
        "{}: {} lines ({} corrupt); {} messages sent, {} heard by no receiver; \
         {} position reports sent, {} heard (by one receiver or more)",
        args.out.join(nmea_name).display(),
        grouped(summary.lines),
        grouped(summary.corrupt_lines),
        grouped(summary.messages_sent),
        grouped(summary.messages_unheard),
        grouped(summary.positions_sent),
        grouped(summary.positions_heard)
    )?;
    let kinds: Vec<String> = kinds.iter().map(|(kind, n)| format!("{kind}: {n}")).collect();
    writeln!(
        out,
        "{}: {} events ({})",
        args.out.join("truth.jsonl").display(),
        simulation.truth().len() + summary.reception_gaps.len(),
        kinds.join(", ")
    )?;
    Ok(())
}

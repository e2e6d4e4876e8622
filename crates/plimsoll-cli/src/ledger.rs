//! `plimsoll ledger`: deliveries to a sanctioned country against a regime's cap,
//! month by month, with the determination, as a table, CSV or JSON.
//!
//! Vessel facts (type, dimensions, draughts, identity) come from the store's static
//! reports; the detected events from the store's events table, or from `--events`
//! (JSON lines, as `plimsoll detect --out` writes them). Several `--regime`s evaluate
//! the same evidence under each.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use plimsoll::event::Event;
use plimsoll::ledger::{
    build_ledger, events_in_year, find_deliveries, output, read_reported, vessels_from_store, Config,
    Delivery, Error, Ledger, Regime, ReportedDelivery, VesselInfo, VolumeModel,
};
use plimsoll::store::events::EventFilter;
use plimsoll::store::CATALOG_FILE;

use crate::eval::read_events;

#[derive(clap::Args)]
pub struct Args {
    /// The store directory (its static reports give each vessel's type, size and draughts).
    #[arg(long)]
    store: PathBuf,
    /// A regime TOML file, or a shipped one by name: unscr-2375, unscr-2397,
    /// partial-relief-example. Repeat to compare regimes on the same evidence.
    #[arg(long, value_name = "FILE|NAME", required = true)]
    regime: Vec<String>,
    /// The calendar year (UTC).
    #[arg(long)]
    year: i32,
    /// Deliveries reported to the sanctions committee (CSV: period_start, period_end,
    /// reporter, product, quantity, unit, source).
    #[arg(long, value_name = "FILE")]
    reported: Option<PathBuf>,
    /// Detected events from a JSON-lines file (`plimsoll detect --out`) instead of
    /// the store's (the active events `plimsoll detect` recorded).
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// The capped product the ledger counts.
    #[arg(long, default_value = "refined_petroleum")]
    product: String,
    /// Volume model and ledger thresholds (TOML: `[volume]`, `[ledger]`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output: table (default), csv (one row per month) or json.
    #[arg(long, default_value = "table", value_parser = ["table", "csv", "json"])]
    format: String,
}

/// A library error in `path`, as `path:line: what` when it has a line.
fn located(path: &Path, e: Error) -> anyhow::Error {
    match e.line {
        Some(line) => anyhow::anyhow!("{}:{line}: {}", path.display(), e.kind),
        None => anyhow::anyhow!("{}: {}", path.display(), e.kind),
    }
}

/// A regime file, or a shipped regime by name.
pub(crate) fn load_regime(spec: &str) -> anyhow::Result<Regime> {
    let path = Path::new(spec);
    if !path.exists() {
        if let Some(builtin) = Regime::builtin(spec) {
            return builtin.with_context(|| format!("shipped regime {spec}"));
        }
        bail!(
            "{spec}: no such file, and not a shipped regime (unscr-2375, unscr-2397, partial-relief-example)"
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {spec}"))?;
    Regime::from_toml(&text).map_err(|e| located(path, e))
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let config = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            Config::from_toml(&text).map_err(|e| located(path, e))?
        }
        None => Config::default(),
    };
    let regimes = args.regime.iter().map(|r| load_regime(r)).collect::<anyhow::Result<Vec<_>>>()?;
    let reported: Vec<ReportedDelivery> = match &args.reported {
        Some(path) => read_reported_file(path, &config)?,
        None => Vec::new(),
    };
    if !args.store.join(CATALOG_FILE).exists() {
        bail!("{}: not a store (no {CATALOG_FILE})", args.store.display());
    }
    let events: Vec<Event> = match &args.events {
        Some(path) => read_events(path)?,
        // Every active event: transfers before the year can lead to calls in it, and a
        // cap period can straddle years.
        None => plimsoll::store::events::read_events(&args.store, &EventFilter::default())
            .with_context(|| format!("reading the events of {}", args.store.display()))?
            .into_iter()
            .map(|stored| stored.event)
            .collect(),
    };
    let ledgers = ledgers(&args.store, &regimes, &args.product, args.year, &events, &reported, &config)?;

    let mut out = io::stdout().lock();
    match args.format.as_str() {
        "json" => {
            let all: Vec<_> = ledgers.iter().map(output::to_json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "ledgers": all }))?)?;
        }
        "csv" => {
            for (i, ledger) in ledgers.iter().enumerate() {
                output::write_csv(ledger, i == 0, &mut out)?;
            }
        }
        _ => write_tables(&mut out, &ledgers)?,
    }
    Ok(())
}

/// The ledger of `year` under each regime, from the store's vessel facts and `events`.
pub(crate) fn ledgers(
    store: &Path,
    regimes: &[Regime],
    product: &str,
    year: i32,
    events: &[Event],
    reported: &[ReportedDelivery],
    config: &Config,
) -> anyhow::Result<Vec<Ledger>> {
    let (vessels, model) = vessels_and_model(store, config)?;
    let observed = events_in_year(events, year);
    let ledgers = regimes
        .iter()
        .map(|regime| {
            let deliveries = find_deliveries(events, &vessels, regime, &model, &config.ledger);
            build_ledger(regime, product, year, &deliveries, reported, observed)
        })
        .collect::<Result<Vec<Ledger>, Error>>()?;
    Ok(ledgers)
}

/// The deliveries among `events` under `regime`, with the store's vessel facts.
pub(crate) fn deliveries(
    store: &Path,
    regime: &Regime,
    events: &[Event],
    config: &Config,
) -> anyhow::Result<Vec<Delivery>> {
    let (vessels, model) = vessels_and_model(store, config)?;
    Ok(find_deliveries(events, &vessels, regime, &model, &config.ledger))
}

fn vessels_and_model(
    store: &Path,
    config: &Config,
) -> anyhow::Result<(HashMap<u32, VesselInfo>, VolumeModel)> {
    let vessels = vessels_from_store(store).with_context(|| format!("reading {}", store.display()))?;
    let model = VolumeModel::new(config.volume.clone()).context("volume config")?;
    Ok((vessels, model))
}

/// Reported deliveries from a CSV file, errors with its path and line.
pub(crate) fn read_reported_file(path: &Path, config: &Config) -> anyhow::Result<Vec<ReportedDelivery>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    read_reported(file, &config.volume).map_err(|e| located(path, e))
}

/// Each ledger as a table, then, for several, the determination under each regime.
pub(crate) fn write_tables(out: &mut impl Write, ledgers: &[Ledger]) -> io::Result<()> {
    for (i, ledger) in ledgers.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        output::write_table(ledger, out)?;
    }
    if ledgers.len() > 1 {
        writeln!(out)?;
        write_determinations(out, ledgers)?;
    }
    Ok(())
}

/// One line per ledger: its regime, the deliveries detected and the determination's headline.
pub(crate) fn write_determinations(out: &mut impl Write, ledgers: &[Ledger]) -> io::Result<()> {
    writeln!(out, "Under each regime:")?;
    for ledger in ledgers {
        let headline = ledger.determination.split(". ").next().unwrap_or_default();
        writeln!(out, "  {}: {} detected deliveries; {headline}.", ledger.regime, ledger.deliveries.len())?;
    }
    Ok(())
}

//! `plimsoll detect`: every detector over a store; the events go into the store
//! (idempotent by id, see `plimsoll::store::events`), with a summary, and
//! optionally into a JSON-lines or GeoJSON file.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use plimsoll::detect::run::{run_all, DetectConfig, DetectRun};
use plimsoll::event::{Event, EventKind};
use plimsoll::evidence::{export, Filter};
use plimsoll::ingest::{format_time_ms, parse_assumed_time};
use plimsoll::store::events::{record_run, RunInfo, RunOutcome};
use plimsoll::store::TimeRange;
use serde_json::Value;

#[derive(clap::Args)]
pub struct Args {
    /// The store directory (written by `plimsoll ingest`).
    #[arg(long)]
    store: PathBuf,
    /// First time read (RFC 3339, e.g. 2021-03-23T00:00:00Z); open if absent.
    #[arg(long, value_parser = parse_assumed_time)]
    from: Option<i64>,
    /// First time not read (RFC 3339); open if absent.
    #[arg(long, value_parser = parse_assumed_time)]
    to: Option<i64>,
    /// Detector thresholds (TOML: one table per stage, e.g. `[encounter]
    /// max_distance_m = 400`); defaults otherwise.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write the events, by extension: `.jsonl`/`.json` (JSON lines), or
    /// `.geojson`, `.kml`, `.csv`, `.parquet` as `plimsoll export --events` writes them.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The output format, chosen by the file's extension: `.jsonl`/`.json` (JSON
/// lines, the event schema) or one of the export formats (`.geojson`, `.kml`,
/// `.csv`, `.parquet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLines,
    Export(export::Format),
}

fn format_of(path: &Path) -> anyhow::Result<Format> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if matches!(extension, "jsonl" | "json") {
        return Ok(Format::JsonLines);
    }
    match export::Format::ALL.iter().find(|(name, _)| *name == extension) {
        Some(&(_, format)) => Ok(Format::Export(format)),
        None => bail!(
            "{}: unknown output format (use .jsonl, .json, .geojson, .kml, .csv or .parquet)",
            path.display()
        ),
    }
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let format = args.out.as_deref().map(format_of).transpose()?;
    let config = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            DetectConfig::from_toml(&text).with_context(|| path.display().to_string())?
        }
        None => DetectConfig::default(),
    };
    let range = TimeRange { from_ms: args.from, to_ms: args.to };
    let bar = if io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}")?);
    let run = run_all(&args.store, range, &config, |vessels| {
        bar.set_message(format!("{vessels} vessels tracked"));
        bar.tick();
    })
    .with_context(|| format!("detecting in {}", args.store.display()))?;
    bar.finish_and_clear();
    let info = RunInfo {
        window: range,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        parameters: serde_json::to_value(&config)?,
    };
    let stored = record_run(&args.store, &info, &run.events)
        .with_context(|| format!("storing the events in {}", args.store.display()))?;

    let unplaced = match (&args.out, format) {
        (Some(path), Some(format)) => write_events(path, format, &run.events)?,
        _ => 0,
    };
    print_summary(&mut io::stdout().lock(), &run, &stored, unplaced)?;
    Ok(())
}

/// Writes the events; returns how many have no position (written without geometry).
fn write_events(path: &Path, format: Format, events: &[Event]) -> anyhow::Result<u64> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::new(file);
    let unplaced = match format {
        Format::JsonLines => {
            for event in events {
                writeln!(out, "{}", event.to_json())?;
            }
            0
        }
        Format::Export(format) => {
            export::export_events(events, &Filter::default(), format, &mut out)?.events_without_position
        }
    };
    out.flush().with_context(|| format!("writing {}", path.display()))?;
    Ok(unplaced)
}

pub(crate) fn print_summary(
    out: &mut impl Write,
    run: &DetectRun,
    stored: &RunOutcome,
    unplaced: u64,
) -> io::Result<()> {
    writeln!(out, "{} positions of {} vessels; {} events", run.positions, run.vessels, run.events.len())?;
    writeln!(
        out,
        "stored as detect run {}: {} added, {} updated, {} unchanged, {} retracted, {} restored",
        stored.run_id, stored.added, stored.updated, stored.unchanged, stored.retracted, stored.restored
    )?;
    for kind in EventKind::ALL {
        writeln!(out, "  {:<16} {:>7}", kind.as_str(), run.counts.get(&kind).copied().unwrap_or(0))?;
    }
    if run.id_collisions > 0 {
        writeln!(
            out,
            "{} events shared an id with another and were renamed `<id>~<n>` (please report)",
            run.id_collisions
        )?;
    }
    if unplaced > 0 {
        writeln!(out, "{unplaced} events without a position written without a geometry")?;
    }
    let transfers: Vec<&Event> = run.events.iter().filter(|e| e.kind == EventKind::StsTransfer).collect();
    if !transfers.is_empty() {
        writeln!(out, "\nSTS transfers:")?;
    }
    for e in transfers {
        let vessels: Vec<String> = e.vessels.iter().map(u32::to_string).collect();
        writeln!(
            out,
            "  {} {} – {} at {:.4}, {:.4} confidence {:.2}",
            vessels.join(" + "),
            format_time_ms(e.start_ms),
            format_time_ms(e.end_ms),
            e.lat_deg,
            e.lon_deg,
            e.confidence
        )?;
        for reason in e.details.get("reasons").and_then(Value::as_array).into_iter().flatten() {
            let text = reason.get("reason").and_then(Value::as_str).unwrap_or("?");
            let weight = reason.get("weight").and_then(Value::as_f64).unwrap_or(f64::NAN);
            writeln!(out, "      {text} ({weight:+.2})")?;
        }
    }
    Ok(())
}

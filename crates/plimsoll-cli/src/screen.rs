//! `plimsoll screen`: every vessel identity of a store against the latest
//! version of every list in it, risk per vessel and per event, all recorded
//! in the store.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use plimsoll::event::Event;
use plimsoll::screen::run::{screen_store, RunConfig};
use plimsoll::store::events::{read_events as read_events_stored, EventFilter};

#[derive(clap::Args)]
pub struct Args {
    /// The store directory (with lists imported by `plimsoll lists import`).
    #[arg(long)]
    store: PathBuf,
    /// Score risks with these events (JSON lines, as `plimsoll detect --out`
    /// writes them) instead of the store's own (those `plimsoll detect` stored).
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Thresholds (TOML: `[screen]`, `[risk]`, `[history]` tables).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also print every match with its reasons as JSON lines.
    #[arg(long)]
    json: bool,
}

/// The events of `--events FILE`, or else the store's active events.
pub fn events(store: &Path, file: Option<&Path>, mmsi: Option<u32>) -> anyhow::Result<Vec<Event>> {
    match file {
        Some(path) => {
            let mut events = crate::eval::read_events(path)?;
            events.retain(|e| mmsi.is_none_or(|m| e.vessels.contains(&m)));
            Ok(events)
        }
        None => {
            let filter = EventFilter { mmsi, ..EventFilter::default() };
            let stored = read_events_stored(store, &filter)
                .with_context(|| format!("reading the events of {}", store.display()))?;
            Ok(stored.into_iter().map(|s| s.event).collect())
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let config = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            RunConfig::from_toml(&text).with_context(|| path.display().to_string())?
        }
        None => RunConfig::default(),
    };
    let events = events(&args.store, args.events.as_deref(), None)?;
    let started = std::time::Instant::now();
    let s = screen_store(&args.store, &events, &config)
        .with_context(|| format!("screening {}", args.store.display()))?;
    let mut out = io::stdout().lock();
    if s.versions.is_empty() {
        writeln!(out, "no lists in the store: import some with `plimsoll lists import`")?;
    }
    for v in &s.versions {
        writeln!(
            out,
            "list {} published {} ({} entries, {} vessels)",
            v.list, v.published, v.entries, v.vessels
        )?;
    }
    let vessels_matched = {
        let mut mmsis: Vec<u32> = s.matches.iter().map(|m| m.mmsi).collect();
        mmsis.dedup();
        mmsis.len()
    };
    writeln!(
        out,
        "{} identities screened against {} listed vessels in {:.1} s: {} matches, {} vessels matched (run {})",
        s.identities,
        s.listed_vessels,
        started.elapsed().as_secs_f64(),
        s.matches.len(),
        vessels_matched,
        s.run_id
    )?;
    if s.gaps_without_ends > 0 {
        writeln!(
            out,
            "{} ais_gap events of listed vessels lack their disappeared/reappeared details: not checked for \
             another MMSI taking over the identity",
            s.gaps_without_ends
        )?;
    }
    for m in &s.matches {
        let reasons: Vec<&str> = m.reasons.iter().map(|r| r.detail.as_str()).collect();
        writeln!(
            out,
            "  {} ~ {} {} [{}] score {:.2}: {}",
            m.mmsi,
            m.list,
            m.entry_name,
            m.entry_id,
            m.score,
            reasons.join("; ")
        )?;
    }
    let risky = s.assessment.vessels.iter().filter(|v| v.score > 0.0).count();
    writeln!(out, "risk: {} vessels and {} events with reasons", risky, s.assessment.events.len())?;
    if args.json {
        for m in &s.matches {
            writeln!(out, "{}", serde_json::to_string(m)?)?;
        }
    }
    Ok(())
}

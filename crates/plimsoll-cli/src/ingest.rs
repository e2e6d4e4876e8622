//! `plimsoll ingest`: inputs into a store, with the report of each.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use plimsoll::ingest::{
    format_time_ms, parse_assumed_time, ColumnSpec, IngestOptions, InputSource, TimeFormat,
    MAX_REJECTS_STORED,
};
use plimsoll::store::{Added, IngestOutcome, Store, WriteOptions};

/// Reasons for rejects printed per input.
const SHOWN_REASONS: usize = 12;

#[derive(clap::Args)]
pub struct Args {
    /// The store directory (created if missing).
    #[arg(long)]
    store: PathBuf,
    /// NMEA logs or CSV exports (DMA aisdk, MarineCadastre, or any with
    /// --columns), plain, gzip or zstd; `-` reads stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Columns of a CSV that is not a known layout, as field=column pairs, e.g.
    /// `mmsi=ID,time=ais_pos_timestamp,lon=longitude,lat=latitude`. Fields: mmsi,
    /// time, lat, lon, sog, cog, heading, nav_status, imo, callsign, name,
    /// ship_type, length, beam, draught, destination, eta.
    #[arg(long, value_parser = parse_columns)]
    columns: Option<ColumnSpec>,
    /// How the time (and ETA) columns of a --columns CSV are written: a strftime
    /// format such as `%d/%m/%Y %H:%M` (UTC unless it has %z), `epoch_s`,
    /// `epoch_ms`, or `iso` (RFC 3339 / ISO 8601).
    #[arg(long, default_value = "iso", value_parser = parse_time_format)]
    time_format: TimeFormat,
    /// The receive time of lines that carry none (RFC 3339, e.g.
    /// 2021-03-23T10:00:00Z); position times are refined by their UTC second.
    #[arg(long, value_parser = parse_assumed_time)]
    assume_time: Option<i64>,
    /// Accept NMEA sentences whose checksum does not match.
    #[arg(long)]
    accept_bad_checksum: bool,
    /// Most rejected lines kept in detail per input (all are counted).
    #[arg(long, default_value_t = MAX_REJECTS_STORED, value_name = "N")]
    max_rejects: usize,
    /// Rejected lines printed per input.
    #[arg(long, default_value_t = 10, value_name = "N")]
    show_rejects: u64,
    /// Rows buffered before Parquet files are written (bounds memory, about
    /// 100 bytes a row).
    #[arg(long, default_value_t = WriteOptions::default().max_rows_in_memory, value_name = "N")]
    max_rows_in_memory: usize,
}

fn parse_columns(text: &str) -> Result<ColumnSpec, plimsoll::ingest::csv::ColumnSpecError> {
    text.parse()
}

fn parse_time_format(text: &str) -> Result<TimeFormat, plimsoll::ingest::ErrorKind> {
    text.parse()
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut store =
        Store::open(&args.store).with_context(|| format!("opening the store {}", args.store.display()))?;
    if !store.recovered().is_empty() {
        eprintln!(
            "removed what an interrupted ingest left (inputs {:?}); run it again to complete it",
            store.recovered()
        );
    }
    let options = IngestOptions {
        accept_bad_checksum: args.accept_bad_checksum,
        assume_time_ms: args.assume_time,
        columns: args.columns.clone(),
        time_format: args.time_format.clone(),
        max_rejects_stored: args.max_rejects,
        ..IngestOptions::default()
    };
    let write = WriteOptions { max_rows_in_memory: args.max_rows_in_memory };
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for arg in &args.inputs {
        let input = InputSource::from_arg(arg);
        let bar = progress_bar(&input, arg);
        let result = store.ingest(&input, &options, &write, &mut |bytes| bar.set_position(bytes));
        bar.finish_and_clear();
        match result {
            Ok(IngestOutcome::Added(added)) => {
                print_report(&mut out, arg, &added, &store, args.show_rejects)?
            }
            Ok(IngestOutcome::AlreadyPresent { input_id, sha256 }) => {
                writeln!(
                    out,
                    "{arg}: already in the store as input {input_id} (SHA-256 {sha256}); nothing added"
                )?;
            }
            Ok(_) => writeln!(out, "{arg}: done")?,
            Err(e) => {
                eprintln!("{arg}: {:#}", anyhow::Error::from(e));
                failed += 1;
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} inputs failed; the others are in the store", args.inputs.len());
    }
    Ok(())
}

/// Inputs smaller than this read in well under a second: no bar for them.
const PROGRESS_MIN_BYTES: u64 = 16 << 20;

/// A bar on stderr for long inputs (and stdin) when stderr is a terminal;
/// hidden otherwise.
fn progress_bar(input: &InputSource, name: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match input {
        InputSource::Path(path) => {
            let len = std::fs::metadata(path).map_or(0, |m| m.len());
            if len < PROGRESS_MIN_BYTES {
                return ProgressBar::hidden();
            }
            (ProgressBar::new(len), "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
        }
        InputSource::Stdin => (ProgressBar::new_spinner(), "{msg} {spinner} {bytes} {bytes_per_sec}"),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message(name.to_owned());
    bar
}

/// `1234567` as `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn print_report(
    out: &mut impl Write,
    name: &str,
    added: &Added,
    store: &Store,
    show_rejects: u64,
) -> anyhow::Result<()> {
    let r = &added.report;
    let short = &added.sha256[..added.sha256.len().min(16)];
    writeln!(
        out,
        "{name}: input {}, {} ({}), {} bytes, SHA-256 {short}…",
        added.input_id,
        r.format,
        added.compression.name(),
        grouped(added.size_bytes)
    )?;
    let outcomes: Vec<String> = r.outcomes().map(|(o, n)| format!("{o} {}", grouped(n))).collect();
    writeln!(out, "  {} lines: {}", grouped(r.lines_read), outcomes.join(", "))?;
    let span = match (r.time_min_ms, r.time_max_ms) {
        (Some(a), Some(b)) => format!(", {} to {}", format_time_ms(a), format_time_ms(b)),
        _ => String::new(),
    };
    writeln!(
        out,
        "  stored {} positions, {} static reports in {} files{span}",
        grouped(r.positions),
        grouped(r.static_reports),
        added.files
    )?;
    if r.static_repeats > 0 {
        writeln!(
            out,
            "  {} CSV rows repeated their vessel's static columns unchanged: not stored again",
            grouped(r.static_repeats)
        )?;
    }
    if let Some(e) = &r.read_error {
        writeln!(out, "  input ended early: {e} (everything before is accounted for)")?;
    }
    if let Some(note) = &r.note {
        writeln!(out, "  note: {note}")?;
    }
    if r.rejects_total == 0 {
        return Ok(());
    }
    writeln!(out, "  rejected {} lines:", grouped(r.rejects_total))?;
    let reasons = r.reasons();
    for (outcome, reason, lines) in reasons.iter().take(SHOWN_REASONS) {
        writeln!(out, "    {:>10}  {outcome}: {reason}", grouped(*lines))?;
    }
    if reasons.len() > SHOWN_REASONS {
        writeln!(
            out,
            "    ... and {} more reasons (plimsoll stats lists them all)",
            reasons.len() - SHOWN_REASONS
        )?;
    }
    for reject in store.rejects(added.input_id, show_rejects)? {
        let byte = reject.byte_offset.map(|b| format!(" (byte {b})")).unwrap_or_default();
        writeln!(out, "    {name}:{}{byte}: {}: {}", reject.line, reject.outcome, reject.reason)?;
    }
    let kept = r.rejects_stored;
    if kept > show_rejects {
        writeln!(
            out,
            "    ... {} more kept in the store: plimsoll stats --store {} --rejects N",
            grouped(kept - show_rejects),
            store.dir().display()
        )?;
    }
    if r.rejects_truncated() {
        writeln!(
            out,
            "  (the first {} rejected lines are kept in detail; the counts above are exact)",
            grouped(kept)
        )?;
    }
    Ok(())
}

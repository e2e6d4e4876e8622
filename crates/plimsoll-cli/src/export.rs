//! `plimsoll export`: events, positions or tracks as GeoJSON, KML, CSV or Parquet.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use plimsoll::event::EventKind;
use plimsoll::evidence::export::{export_events, export_positions, export_tracks, Format, Summary};
use plimsoll::evidence::{BBox, Filter};
use plimsoll::ingest::parse_assumed_time;
use plimsoll::store::TimeRange;
use plimsoll::track::TrackConfig;

use crate::eval::read_events;
use crate::report::store_events;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("dataset").required(true).args(["events", "positions", "tracks"])))]
pub struct Args {
    /// The store directory (written by `plimsoll ingest`).
    #[arg(long)]
    store: PathBuf,
    /// Export events: the store's (active events, as `plimsoll detect` recorded them),
    /// or those of `--events-file`.
    #[arg(long)]
    events: bool,
    /// Export the stored positions (as received: duplicates included).
    #[arg(long)]
    positions: bool,
    /// Export track segments (positions tracked per vessel: duplicates merged,
    /// implausible fixes dropped, cut at gaps and impossible speeds).
    #[arg(long)]
    tracks: bool,
    /// geojson, kml, csv or parquet.
    #[arg(long, value_parser = parse_format)]
    format: Format,
    /// Only what lies inside `W,S,E,N` (degrees; W > E crosses the antimeridian).
    #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
    bbox: Option<BBox>,
    /// First time kept (RFC 3339); events ending before it are left out.
    #[arg(long, value_parser = parse_assumed_time)]
    from: Option<i64>,
    /// First time not kept (RFC 3339); events starting at or after it are left out.
    #[arg(long, value_parser = parse_assumed_time)]
    to: Option<i64>,
    /// Only events of this kind (repeatable): sts_transfer, encounter, loitering,
    /// ais_gap, spoofing, identity_change, draught_change, port_visit.
    #[arg(long, value_parser = parse_kind)]
    kind: Vec<EventKind>,
    /// Export these events (JSON lines, as `plimsoll detect --out` writes them)
    /// instead of the store's.
    #[arg(long, value_name = "FILE")]
    events_file: Option<PathBuf>,
    /// Where to write (standard output if absent; Parquet needs a file or a pipe).
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::from_name(text).ok_or_else(|| format!("unknown format `{text}` (geojson, kml, csv or parquet)"))
}

fn parse_bbox(text: &str) -> Result<BBox, String> {
    BBox::parse(text).map_err(|e| e.to_string())
}

fn parse_kind(text: &str) -> Result<EventKind, String> {
    EventKind::from_name(text).ok_or_else(|| format!("unknown event kind `{text}`"))
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let filter = Filter {
        bbox: args.bbox,
        time: TimeRange { from_ms: args.from, to_ms: args.to },
        kinds: args.kind.clone(),
    };
    if !args.events && !filter.kinds.is_empty() {
        bail!("--kind filters events only (use it with --events)");
    }
    if args.events_file.is_some() && !args.events {
        bail!("--events-file is for --events");
    }
    let mut out: Box<dyn Write + Send> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None if args.format.is_binary() && io::stdout().is_terminal() => {
            bail!("Parquet is binary: write it to a file with --out")
        }
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let summary: Summary = if args.events {
        let events = match &args.events_file {
            Some(path) => read_events(path)?,
            None => store_events(&args.store, &filter)?,
        };
        export_events(&events, &filter, args.format, &mut out)?
    } else if args.positions {
        export_positions(&args.store, &filter, args.format, &mut out)
            .with_context(|| format!("exporting from {}", args.store.display()))?
    } else {
        export_tracks(&args.store, &filter, &TrackConfig::default(), args.format, &mut out)
            .with_context(|| format!("exporting from {}", args.store.display()))?
    };
    out.flush().context("writing the export")?;
    let what = if args.events {
        format!("{} events ({} without a position)", summary.items, summary.events_without_position)
    } else if args.positions {
        format!("{} positions", summary.items)
    } else {
        format!("{} track pieces, {} points", summary.items, summary.points)
    };
    eprintln!("plimsoll export: {what}");
    Ok(())
}

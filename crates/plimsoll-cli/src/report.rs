//! `plimsoll report`: a self-contained HTML dossier on an event or a vessel, and
//! optionally its PDF printed by headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use plimsoll::event::Event;
use plimsoll::evidence::dossier::{
    store_events as store_events_of, Dossier, DossierConfig, EventsOrigin, Subject, VesselQuery,
};
use plimsoll::evidence::Filter;
use plimsoll::geo::Land;
use plimsoll::ingest::parse_assumed_time;
use plimsoll::store::events::{read_events as read_store_events, EventFilter};
use plimsoll::store::TimeRange;

use crate::eval::read_events;

/// Where headless Chromium is looked for, in order.
const CHROMIUM: [&str; 3] = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["event", "vessel", "ledger"])))]
pub struct Args {
    /// The store directory (written by `plimsoll ingest`).
    #[arg(long)]
    store: PathBuf,
    /// The event's id (as `plimsoll detect` wrote it).
    #[arg(long)]
    event: Option<String>,
    /// A vessel: its MMSI, or its IMO number (7 digits, or `IMO1234567`).
    #[arg(long, value_parser = parse_vessel)]
    vessel: Option<VesselQuery>,
    /// The yearly cap ledger as a dossier (not wired yet: `plimsoll ledger` prints it).
    #[arg(long, value_name = "YEAR")]
    ledger: Option<i32>,
    /// Read the events from this file (JSON lines, as `plimsoll detect --out` writes
    /// them) instead of the store.
    #[arg(long, value_name = "FILE")]
    events_file: Option<PathBuf>,
    /// For a vessel: first time read (RFC 3339); all of the store if absent.
    #[arg(long, value_parser = parse_assumed_time)]
    from: Option<i64>,
    /// For a vessel: first time not read (RFC 3339).
    #[arg(long, value_parser = parse_assumed_time)]
    to: Option<i64>,
    /// Time shown before and after an event, hours (default 12).
    #[arg(long, value_name = "HOURS")]
    padding_hours: Option<u32>,
    /// The HTML file to write (default `dossier-<event or vessel>.html`).
    #[arg(short, long, value_name = "FILE.html")]
    out: Option<PathBuf>,
    /// Also print it to PDF (beside the HTML) with headless Chromium.
    #[arg(long)]
    pdf: bool,
}

fn parse_vessel(text: &str) -> Result<VesselQuery, String> {
    VesselQuery::parse(text).ok_or_else(|| format!("`{text}` is not an MMSI or an IMO number"))
}

/// The store's active events that `filter` keeps (kinds, overlap with its time range,
/// inside its box).
pub(crate) fn store_events(store: &Path, filter: &Filter) -> anyhow::Result<Vec<Event>> {
    let store_filter = EventFilter {
        kinds: filter.kinds.clone(),
        range: filter.time,
        bbox: filter.bbox.map(|b| [b.west_deg, b.south_deg, b.east_deg, b.north_deg]),
        ..EventFilter::default()
    };
    let stored = read_store_events(store, &store_filter)
        .with_context(|| format!("reading the events of {}", store.display()))?;
    Ok(stored.into_iter().map(|s| s.event).collect())
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    if let Some(year) = args.ledger {
        bail!("--ledger {year}: the ledger dossier is not built yet; `plimsoll ledger --year {year}` prints the ledger");
    }
    let (subject, default_name) = match (&args.event, args.vessel) {
        (Some(id), _) => (Subject::Event(id.clone()), format!("dossier-{}.html", file_safe(id))),
        (None, Some(q)) => {
            let name = match q {
                VesselQuery::Mmsi(m) => format!("dossier-mmsi-{m}.html"),
                VesselQuery::Imo(i) => format!("dossier-imo-{i}.html"),
            };
            (Subject::Vessel(q), name)
        }
        (None, None) => bail!("give --event ID, --vessel MMSI|IMO or --ledger YEAR"),
    };
    let mut config = DossierConfig::default();
    if let Some(hours) = args.padding_hours {
        config.padding_ms = i64::from(hours) * 3_600_000;
    }
    let window = TimeRange { from_ms: args.from, to_ms: args.to };
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(default_name));
    let summary = write_dossier(&args.store, &subject, window, &config, args.events_file.as_deref(), &out)?;
    println!("{summary}");
    if args.pdf {
        let pdf = out.with_extension("pdf");
        print_pdf(&out, &pdf)?;
        println!("{}", pdf.display());
    }
    Ok(())
}

/// Writes the dossier of `subject` to `out`, from the events of `events_file` or
/// else the store's; returns a one-line summary naming the file.
pub(crate) fn write_dossier(
    store: &Path,
    subject: &Subject,
    window: TimeRange,
    config: &DossierConfig,
    events_file: Option<&Path>,
    out: &Path,
) -> anyhow::Result<String> {
    let (events, origin) = match events_file {
        Some(path) => {
            (read_events(path)?, EventsOrigin { source: path.display().to_string(), detect_parameters: None })
        }
        None => store_events_of(store, subject, window, config.padding_ms)
            .with_context(|| format!("reading the events of {}", store.display()))?,
    };
    let dossier = Dossier::gather(store, subject, &events, &origin, window, config)
        .with_context(|| format!("gathering from {}", store.display()))?;
    let land = Land::embedded().context("loading the land polygons")?;
    let html = dossier.to_html(&land);
    std::fs::write(out, &html).with_context(|| format!("writing {}", out.display()))?;
    let unverified = dossier.cited_inputs.iter().filter(|i| !i.status.is_verified()).count();
    Ok(format!(
        "{}: {} vessels, {} events, {} records cited from {} inputs{}",
        out.display(),
        dossier.vessels.len(),
        dossier.events.len(),
        dossier.supporting.len(),
        dossier.cited_inputs.len(),
        if unverified > 0 {
            format!(" ({unverified} could not be verified: see the dossier)")
        } else {
            String::new()
        }
    ))
}

/// An id as a file name: characters other than letters, digits, `-` and `_` become `_`.
fn file_safe(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

fn print_pdf(html: &Path, pdf: &Path) -> anyhow::Result<()> {
    let Some(chromium) = CHROMIUM.iter().map(Path::new).find(|p| p.exists()) else {
        bail!("--pdf needs Chromium (looked for {}); the HTML is written", CHROMIUM.join(", "))
    };
    let html = std::fs::canonicalize(html).with_context(|| format!("finding {}", html.display()))?;
    let status = Command::new(chromium)
        .args(["--headless", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .status()
        .with_context(|| format!("running {}", chromium.display()))?;
    if !status.success() {
        bail!("{} failed ({status}) printing {}", chromium.display(), html.display());
    }
    Ok(())
}

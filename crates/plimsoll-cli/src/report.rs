//! `plimsoll report`: a self-contained HTML dossier on an event or a vessel, and
//! optionally its PDF printed by headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use plimsoll::event::Event;
use plimsoll::evidence::dossier::{
    store_events as store_events_of, Dossier, DossierConfig, EventsOrigin, Subject, VesselQuery,
};
use plimsoll::evidence::ledger_html::LedgerReport;
use plimsoll::evidence::Filter;
use plimsoll::geo::Land;
use plimsoll::ingest::parse_assumed_time;
use plimsoll::ledger::{Delivery, Regime, ReportedDelivery};
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
    /// The yearly cap ledger as a report: per regime the determination, the running
    /// total against the cap, the deliveries with their volumes and evidence.
    #[arg(long, value_name = "YEAR")]
    ledger: Option<i32>,
    /// The regime deliveries and volumes are judged under: a TOML file or a shipped
    /// one (unscr-2375, unscr-2397, partial-relief-example). Repeat to compare
    /// regimes in a ledger report; an event's dossier uses the first.
    #[arg(long, value_name = "FILE|NAME", default_value = "unscr-2397")]
    regime: Vec<String>,
    /// For a ledger: the deliveries reported to the sanctions committee (CSV, as
    /// `plimsoll ledger --reported` reads it).
    #[arg(long, value_name = "FILE", requires = "ledger")]
    reported: Option<PathBuf>,
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
    let regimes =
        args.regime.iter().map(|r| crate::ledger::load_regime(r)).collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(year) = args.ledger {
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("ledger-{year}.html")));
        let reported = match &args.reported {
            Some(path) => crate::ledger::read_reported_file(path, &plimsoll::ledger::Config::default())?,
            None => Vec::new(),
        };
        let reported_source = args.reported.as_ref().map(|p| p.display().to_string());
        let summary = write_ledger_report(
            &args.store,
            &regimes,
            year,
            args.events_file.as_deref(),
            (&reported, reported_source),
            &out,
        )?;
        println!("{summary}");
        return print_pdf_if(args.pdf, &out);
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
    let regime = regimes.first().context("no --regime")?;
    let deliveries = match subject {
        // A delivery rests on transfers and port calls beyond the dossier's window.
        Subject::Event(_) => {
            let (all, _) = all_events(&args.store, args.events_file.as_deref())?;
            crate::ledger::deliveries(&args.store, regime, &all, &plimsoll::ledger::Config::default())?
        }
        Subject::Vessel(_) => Vec::new(),
    };
    let summary = write_dossier(
        &args.store,
        &subject,
        window,
        &config,
        args.events_file.as_deref(),
        (&deliveries, &regime.name),
        &out,
    )?;
    println!("{summary}");
    print_pdf_if(args.pdf, &out)
}

/// With `pdf`, prints the HTML at `html` to a PDF beside it and names it.
fn print_pdf_if(pdf: bool, html: &Path) -> anyhow::Result<()> {
    if pdf {
        let path = html.with_extension("pdf");
        print_pdf(html, &path)?;
        println!("{}", path.display());
    }
    Ok(())
}

/// The events of `events_file`, or else every active event of the store.
fn all_events(store: &Path, events_file: Option<&Path>) -> anyhow::Result<(Vec<Event>, String)> {
    match events_file {
        Some(path) => Ok((read_events(path)?, path.display().to_string())),
        None => Ok((store_events(store, &Filter::default())?, "store".to_owned())),
    }
}

/// Writes the dossier of `subject` to `out`, from the events of `events_file` or
/// else the store's, with the store's screening and, for an event that is one of
/// the `deliveries` found under the regime named, its volume; returns a one-line
/// summary naming the file.
pub(crate) fn write_dossier(
    store: &Path,
    subject: &Subject,
    window: TimeRange,
    config: &DossierConfig,
    events_file: Option<&Path>,
    (deliveries, regime): (&[Delivery], &str),
    out: &Path,
) -> anyhow::Result<String> {
    let (events, origin) = match events_file {
        Some(path) => {
            (read_events(path)?, EventsOrigin { source: path.display().to_string(), detect_parameters: None })
        }
        None => store_events_of(store, subject, window, config.padding_ms)
            .with_context(|| format!("reading the events of {}", store.display()))?,
    };
    let mut dossier = Dossier::gather(store, subject, &events, &origin, window, config)
        .with_context(|| format!("gathering from {}", store.display()))?;
    dossier.add_screening(store).with_context(|| format!("reading the screening of {}", store.display()))?;
    dossier.add_volume(deliveries, regime);
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

/// Writes the ledger of `year` under each regime as one HTML report to `out`,
/// with the `reported` deliveries (read from `reported_source`); returns a
/// one-line summary naming the file.
pub(crate) fn write_ledger_report(
    store: &Path,
    regimes: &[Regime],
    year: i32,
    events_file: Option<&Path>,
    (reported, reported_source): (&[ReportedDelivery], Option<String>),
    out: &Path,
) -> anyhow::Result<String> {
    let config = plimsoll::ledger::Config::default();
    let (events, events_source) = all_events(store, events_file)?;
    let ledgers =
        crate::ledger::ledgers(store, regimes, "refined_petroleum", year, &events, reported, &config)?;
    let inputs =
        plimsoll::store::stats(store).with_context(|| format!("reading {}", store.display()))?.inputs;
    let report = LedgerReport {
        ledgers: &ledgers,
        inputs: &inputs,
        events_source,
        parameters: serde_json::json!({
            "regimes": regimes.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            "year": year,
            "reported": reported_source,
            "ledger": config,
        }),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        generated_ms: chrono::Utc::now().timestamp_millis(),
    };
    std::fs::write(out, report.to_html()).with_context(|| format!("writing {}", out.display()))?;
    let headlines: Vec<String> = ledgers
        .iter()
        .map(|l| format!("{}: {}", l.regime, l.determination.split(". ").next().unwrap_or_default()))
        .collect();
    Ok(format!("{}: {}", out.display(), headlines.join("; ")))
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
    let profile = tempfile::tempdir().context("a profile directory for Chromium")?;
    // No sandbox: it needs user namespaces, which containers and root lack. The
    // dossier runs no script and loads nothing, so the sandbox guards nothing here.
    // No background networking: nothing to fetch, and a closed network makes
    // Chromium retry for a long time.
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .status()
        .with_context(|| format!("running {}", chromium.display()))?;
    if !status.success() {
        bail!("{} failed ({status}) printing {}", chromium.display(), html.display());
    }
    Ok(())
}

//! `plimsoll demo`: the whole pipeline on the simulator's `east-china-sea`
//! scenario (the documented DPRK pattern): simulate, ingest, detect, screen
//! against the scenario's sanctions list, evaluate against the truth, the cap
//! ledger under two regimes, and dossiers of the STS transfers found.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use plimsoll::detect::run::{run_all, DetectConfig};
use plimsoll::eval::evaluate;
use plimsoll::event::{Event, EventKind};
use plimsoll::evidence::dossier::{DossierConfig, Subject};
use plimsoll::geo::MidTable;
use plimsoll::ingest::{IngestOptions, InputSource};
use plimsoll::ledger::reported::DPRK_REFINED_PETROLEUM_CSV;
use plimsoll::ledger::{read_reported, Regime};
use plimsoll::screen::run::{screen_store, RunConfig};
use plimsoll::screen::{read_files, Countries, ReadOptions};
use plimsoll::sim::{builtin, BuiltinOptions, Geography, Simulation};
use plimsoll::store::events::{record_run, RunInfo};
use plimsoll::store::lists::{self, Imported};
use plimsoll::store::{IngestOutcome, StaticReader, Store, TimeRange, WriteOptions};
use plimsoll::track::identity::{HistoryConfig, IdentityHistory};

use crate::ingest::grouped;

/// The scenario the demo runs.
const SCENARIO: &str = "east-china-sea";
/// Marks a directory the demo made, so that running it again may replace its
/// contents and nothing else is ever removed.
const MARKER: &str = ".plimsoll-demo";

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the simulation, the store and the results (created; a
    /// previous demo's output there is replaced).
    #[arg(long, default_value = "plimsoll-demo", value_name = "DIR")]
    out: PathBuf,
    /// The simulation's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Background vessels besides the scenario's tankers.
    #[arg(long, value_name = "N")]
    vessels: Option<usize>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    prepare(&args.out)?;
    let mut out = io::stdout().lock();
    let sim_dir = args.out.join("sim");
    let store_dir = args.out.join("store");

    writeln!(out, "1/7 simulate {SCENARIO} (seed {}) into {}", args.seed, sim_dir.display())?;
    let defaults = BuiltinOptions::default();
    let options = BuiltinOptions {
        background_vessels: args.vessels.unwrap_or(defaults.background_vessels),
        ..defaults
    };
    let scenario = builtin(SCENARIO, &options, args.seed)?;
    let geo = Geography::embedded()?;
    let simulation = Simulation::new(&scenario, None, args.seed, &geo)?;
    fs::create_dir_all(&sim_dir).with_context(|| format!("creating {}", sim_dir.display()))?;
    let nmea = sim_dir.join("ais.nmea");
    let truth_path = sim_dir.join("truth.jsonl");
    let summary = simulation.write_nmea(&mut create(&nmea)?)?;
    simulation.write_truth(&mut create(&truth_path)?)?;
    writeln!(
        out,
        "    {} vessels, {} lines ({} corrupt on purpose), {} true events",
        simulation.plan().vessels.len(),
        grouped(summary.lines),
        grouped(summary.corrupt_lines),
        simulation.truth().len()
    )?;

    writeln!(out, "\n2/7 ingest into {}", store_dir.display())?;
    let mut store = Store::open(&store_dir)?;
    let name = nmea.display().to_string();
    match store.ingest(
        &InputSource::Path(nmea.clone()),
        &IngestOptions::default(),
        &WriteOptions::default(),
        &mut |_| {},
    )? {
        IngestOutcome::Added(added) => crate::ingest::print_report(&mut out, &name, &added, &store, 3)?,
        _ => bail!("{name}: already in a fresh store (a bug)"),
    }
    drop(store);

    writeln!(out, "\n3/7 detect")?;
    let config = DetectConfig::default();
    let detected = run_all(&store_dir, TimeRange::ALL, &config, |_| {})?;
    let info = RunInfo {
        window: TimeRange::ALL,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        parameters: serde_json::to_value(&config)?,
    };
    let stored = record_run(&store_dir, &info, &detected.events)?;
    let events_path = args.out.join("events.jsonl");
    let mut file = create(&events_path)?;
    for event in &detected.events {
        writeln!(file, "{}", event.to_json())?;
    }
    file.flush().with_context(|| format!("writing {}", events_path.display()))?;
    crate::detect::print_summary(&mut out, &detected, &stored, 0)?;
    print_sts_vessels(&mut out, &store_dir, &detected.events)?;

    let sanctions = sim_dir.join("sanctions.csv");
    writeln!(
        out,
        "\n4/7 screen every identity against the scenario's sanctions list ({})",
        sanctions.display()
    )?;
    simulation.write_sanctions(&mut create(&sanctions)?)?;
    screen(&mut out, &store_dir, &sanctions, &simulation, &detected.events)?;

    writeln!(out, "\n5/7 evaluate against the truth ({})", truth_path.display())?;
    let evaluation = evaluate(simulation.truth(), &detected.events);
    crate::eval::write_table(&mut out, &evaluation)?;
    let eval_path = args.out.join("eval.json");
    fs::write(&eval_path, serde_json::to_string_pretty(&evaluation.to_json())?)
        .with_context(|| format!("writing {}", eval_path.display()))?;

    let year = chrono::DateTime::from_timestamp_millis(simulation.plan().start_ms)
        .map_or(2018, |t| chrono::Datelike::year(&t));
    writeln!(
        out,
        "\n6/7 the cap ledger for {year}: UNSCR 2397, then a partial-relief regime, same evidence"
    )?;
    let regimes = REGIMES
        .iter()
        .map(|name| Ok(Regime::builtin(name).with_context(|| format!("no shipped regime {name}"))??))
        .collect::<anyhow::Result<Vec<Regime>>>()?;
    let config = plimsoll::ledger::Config::default();
    let reported = read_reported(DPRK_REFINED_PETROLEUM_CSV.as_bytes(), &config.volume)?;
    let ledgers = crate::ledger::ledgers(
        &store_dir,
        &regimes,
        "refined_petroleum",
        year,
        &detected.events,
        &reported,
        &config,
    )?;
    // The first regime's ledger in full; the others by their determination.
    if let Some(first) = ledgers.first() {
        plimsoll::ledger::output::write_table(first, &mut out)?;
    }
    writeln!(out)?;
    crate::ledger::write_determinations(&mut out, &ledgers)?;

    let dossiers = args.out.join("dossiers");
    writeln!(out, "\n7/7 dossiers of the STS transfers and the ledger report into {}", dossiers.display())?;
    fs::create_dir_all(&dossiers).with_context(|| format!("creating {}", dossiers.display()))?;
    let mut transfers: Vec<&Event> =
        detected.events.iter().filter(|e| e.kind == EventKind::StsTransfer).collect();
    transfers.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.id.cmp(&b.id)));
    let deliveries = crate::ledger::deliveries(&store_dir, &regimes[0], &detected.events, &config)?;
    for event in transfers.iter().take(DOSSIERS) {
        let path = dossiers.join(format!("{}.html", event.id));
        let subject = Subject::Event(event.id.clone());
        let summary = crate::report::write_dossier(
            &store_dir,
            &subject,
            TimeRange::ALL,
            &DossierConfig::default(),
            None,
            (&deliveries, &regimes[0].name),
            &path,
        )?;
        writeln!(out, "    {summary}")?;
    }
    let ledger_path = dossiers.join(format!("ledger-{year}.html"));
    let summary = crate::report::write_ledger_report(
        &store_dir,
        &regimes,
        year,
        None,
        (&reported, Some("the shipped sample data/reported/dprk_refined_petroleum.csv".to_owned())),
        &ledger_path,
    )?;
    writeln!(out, "    {summary}")?;

    writeln!(out, "\nWritten: {} (events), {} (scores).", events_path.display(), eval_path.display())?;
    writeln!(
        out,
        "\nThe web map on this store (events, filters, vessels, the ledger, reviews):\n\
         \x20   plimsoll user add --store {0} --name admin --role admin   # asks for a password\n\
         \x20   plimsoll serve --store {0}                                # then open http://127.0.0.1:8080/\n\
         (the binary is target/release/plimsoll; accounts live in the store, so a new demo run removes them)\n\
         More: open a dossier above in a browser; plimsoll stats --store {0}; \
         plimsoll export --store {0} --tracks --format kml -o tracks.kml",
        store_dir.display()
    )?;
    Ok(())
}

/// Imports the simulated sanctions list, published the day after the last of the
/// simulation and its designations, screens the store and prints who matched and
/// why, then the riskiest events.
fn screen(
    out: &mut impl Write,
    store: &Path,
    sanctions: &Path,
    simulation: &Simulation,
    events: &[Event],
) -> anyhow::Result<()> {
    let end = chrono::DateTime::from_timestamp_millis(simulation.plan().end_ms)
        .context("the simulation's end is out of range")?
        .date_naive()
        .succ_opt()
        .context("the simulation's end is out of range")?
        .to_string();
    let published = simulation
        .plan()
        .designations
        .iter()
        .filter_map(|d| d.listed_on.clone())
        .chain([end])
        .max()
        .unwrap_or_default();
    let countries = Countries::embedded()?;
    let options = ReadOptions { published: Some(published), watchlist_name: None };
    for version in read_files(&[sanctions.to_path_buf()], &options, &countries)? {
        let imported = lists::import(store, &version)?;
        let info = match &imported {
            Imported::Added(v) | Imported::AlreadyPresent(v) => v,
        };
        writeln!(out, "    {} published {}: {} vessels listed", info.list, info.published, info.vessels)?;
    }
    let s = screen_store(store, events, &RunConfig::default())?;
    writeln!(
        out,
        "    {} identities screened against {} listed vessels: {} matched",
        s.identities,
        s.listed_vessels,
        s.matches.len()
    )?;
    for m in &s.matches {
        writeln!(out, "  {} ~ {} [{}] score {:.2}", m.mmsi, m.entry_name, m.entry_id, m.score)?;
        for r in &m.reasons {
            writeln!(out, "      {:+.2} {}", r.weight, r.detail)?;
        }
    }
    let mut risky: Vec<_> = s.assessment.events.iter().filter(|e| e.score > 0.0).collect();
    risky.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.event_id.cmp(&b.event_id)));
    writeln!(out, "  Riskiest events (confidence as detected → with the screening):")?;
    for e in risky.iter().take(RISKY_EVENTS) {
        let why: Vec<&str> = e.reasons.iter().map(|r| r.detail.as_str()).collect();
        writeln!(
            out,
            "    {} risk {:.2}, confidence {:.2} → {:.2}: {}",
            e.event_id,
            e.score,
            e.detected_confidence,
            e.confidence,
            why.join("; ")
        )?;
    }
    Ok(())
}

/// Events listed by risk after screening.
const RISKY_EVENTS: usize = 5;

/// The shipped regimes the demo compares.
const REGIMES: [&str; 2] = ["unscr-2397", "partial-relief-example"];
/// Dossiers written, for the most confident STS transfers.
const DOSSIERS: usize = 3;

/// Makes `dir` ready: created with the marker if new, emptied of a previous
/// demo's output if it has the marker; any other non-empty directory is refused.
fn prepare(dir: &Path) -> anyhow::Result<()> {
    let marker = dir.join(MARKER);
    if dir.exists() {
        let empty = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?.next().is_none();
        if !empty && !marker.exists() {
            bail!("{}: exists and was not made by `plimsoll demo`; choose another --out", dir.display());
        }
        for sub in ["sim", "store", "dossiers"] {
            let path = dir.join(sub);
            if path.exists() {
                fs::remove_dir_all(&path).with_context(|| format!("removing {}", path.display()))?;
            }
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    fs::write(&marker, "made by plimsoll demo; its contents are replaced when it runs again\n")
        .with_context(|| format!("writing {}", marker.display()))?;
    Ok(())
}

fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    File::create(path).map(BufWriter::new).with_context(|| format!("creating {}", path.display()))
}

/// Who the vessels in the STS transfers say they are: every name, IMO and
/// ship type they broadcast, and the flag of their MMSI.
fn print_sts_vessels(out: &mut impl Write, store: &Path, events: &[Event]) -> anyhow::Result<()> {
    let mut wanted: BTreeMap<u32, Option<IdentityHistory>> = events
        .iter()
        .filter(|e| e.kind == EventKind::StsTransfer)
        .flat_map(|e| e.vessels.iter().map(|&m| (m, None)))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let mids = MidTable::embedded()?;
    let mut statics = StaticReader::open(store, TimeRange::ALL)?;
    while let Some(vessel) = statics.next_vessel()? {
        if let Some(slot) = wanted.get_mut(&vessel.mmsi) {
            *slot =
                Some(IdentityHistory::build(vessel.mmsi, &vessel.reports, &mids, &HistoryConfig::default()));
        }
    }
    writeln!(out, "\nVessels in the STS transfers (identities as broadcast):")?;
    for (mmsi, history) in &wanted {
        let Some(h) = history else {
            writeln!(out, "  {mmsi}: no static reports")?;
            continue;
        };
        let names: Vec<&str> = h.names.iter().map(|i| i.value.as_str()).collect();
        let imos: Vec<String> = h.imos.iter().map(|i| i.value.to_string()).collect();
        let types: Vec<String> = h.ship_types.iter().map(|i| i.value.to_string()).collect();
        let flag = h.flag.as_ref().map_or("?", |f| f.name.as_str());
        writeln!(
            out,
            "  {mmsi} ({flag}): {}; IMO {}; type {}",
            names.join(" → "),
            if imos.is_empty() { "none".to_owned() } else { imos.join(", ") },
            if types.is_empty() { "?".to_owned() } else { types.join(", ") }
        )?;
    }
    Ok(())
}

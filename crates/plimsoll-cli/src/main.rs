//! `plimsoll`: the command-line tool. Each command lives in its own module;
//! this file only dispatches.

mod audit;
mod decode;
mod demo;
mod detect;
mod eval;
mod export;
mod ingest;
mod ledger;
mod lists;
mod report;
mod screen;
mod serve;
mod simulate;
mod stats;
mod user;
mod vessel;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Maritime sanctions monitoring from AIS.
#[derive(Parser)]
#[command(name = "plimsoll", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The whole pipeline on a simulated DPRK scenario: simulate, ingest, detect, evaluate.
    Demo(demo::Args),
    /// Decode AIS (NMEA 0183 AIVDM/AIVDO) to gpsd-style JSON, one object per line.
    Decode(decode::Args),
    /// Read NMEA logs and CSV exports into a store.
    Ingest(ingest::Args),
    /// Show what a store holds.
    Stats(stats::Args),
    /// Simulate AIS traffic with ground truth (ais.nmea, truth.jsonl).
    Simulate(simulate::Args),
    /// Run every detector over a store and write the events.
    Detect(detect::Args),
    /// Score detected events against ground truth (precision, recall, F1, timing).
    Eval(eval::Args),
    /// Export events, positions or tracks as GeoJSON, KML, CSV or Parquet.
    Export(export::Args),
    /// Write a self-contained HTML dossier on an event or a vessel.
    Report(report::Args),
    /// Deliveries to a sanctioned country against a regime's cap, month by month, with the determination.
    Ledger(ledger::Args),
    /// Import sanctions lists into a store; show versions and their differences.
    Lists(lists::Args),
    /// Match every vessel identity of a store against its lists; score risks.
    Screen(screen::Args),
    /// A vessel's profile: identities over time, list matches, risk, events.
    Vessel(vessel::Args),
    /// Serve the JSON API (OpenAPI at /api/v1/openapi.json) over a store.
    Serve(serve::Args),
    /// Manage the server's users.
    #[command(subcommand)]
    User(user::Command),
    /// Check the review audit trail.
    #[command(subcommand)]
    Audit(audit::Command),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Demo(args) => demo::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Ingest(args) => ingest::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Detect(args) => detect::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Ledger(args) => ledger::run(&args),
        Command::Lists(args) => lists::run(&args),
        Command::Screen(args) => screen::run(&args),
        Command::Vessel(args) => vessel::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::User(command) => user::run(&command),
        Command::Audit(command) => audit::run(&command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // Output cut short by its reader (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("plimsoll: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

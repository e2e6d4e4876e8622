//! `plimsoll`: the command-line tool. Each command lives in its own module;
//! this file only dispatches.

mod ingest;
mod stats;

use clap::{Parser, Subcommand};

/// Maritime sanctions monitoring from AIS.
#[derive(Parser)]
#[command(name = "plimsoll", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read NMEA logs and CSV exports into a store.
    Ingest(ingest::Args),
    /// Show what a store holds.
    Stats(stats::Args),
}

fn main() -> anyhow::Result<()> {
    let result = match Cli::parse().command {
        Command::Ingest(args) => ingest::run(&args),
        Command::Stats(args) => stats::run(&args),
    };
    // Output cut short by its reader (`| head`) is not a failure.
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

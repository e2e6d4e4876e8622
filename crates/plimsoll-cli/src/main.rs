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
    match Cli::parse().command {
        Command::Ingest(args) => ingest::run(&args),
        Command::Stats(args) => stats::run(&args),
    }
}

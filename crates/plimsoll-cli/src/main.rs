//! The `plimsoll` command-line tool.

mod decode;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "plimsoll", version, about = "Maritime sanctions monitoring from AIS")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode AIS (NMEA 0183 AIVDM/AIVDO) to gpsd-style JSON, one object per line.
    Decode(decode::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Decode(args) => decode::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plimsoll: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `-` means standard input.
fn is_stdin(path: &PathBuf) -> bool {
    path.as_os_str() == "-"
}

//! `plimsoll lists`: import sanctions lists into a store, show the versions
//! held, and what one version added or removed.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use plimsoll::screen::{read_files, Countries, Entry, ReadOptions};
use plimsoll::store::lists::{self, Imported};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Import list files: UN consolidated XML, OFAC SDN XML or its CSV trio
    /// (sdn, alt, add given together), OpenSanctions FollowTheMoney JSON lines,
    /// a watchlist CSV. Each becomes a version dated by the list's own
    /// publication date.
    Import(ImportArgs),
    /// Show the list versions a store holds.
    Show(ShowArgs),
    /// Show what a version of a list added, removed and changed.
    Diff(DiffArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The store directory (created if needed).
    #[arg(long)]
    store: PathBuf,
    /// Publication date (YYYY-MM-DD) for files that carry none (OFAC CSV,
    /// OpenSanctions, watchlists); an error for files that carry their own.
    #[arg(long)]
    published: Option<String>,
    /// The list name of a watchlist (default `watchlist:<file stem>`).
    #[arg(long)]
    name: Option<String>,
    /// Import even when single values could not be read (an IMO number
    /// failing its check digit): they are reported and left out.
    #[arg(long)]
    keep_going: bool,
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct ShowArgs {
    #[arg(long)]
    store: PathBuf,
}

#[derive(clap::Args)]
struct DiffArgs {
    #[arg(long)]
    store: PathBuf,
    /// The list (`un`, `ofac_sdn`, `opensanctions`, `watchlist:NAME`).
    list: String,
    /// The older version's date (default: the one before `--to`).
    #[arg(long)]
    from: Option<String>,
    /// The newer version's date (default: the latest).
    #[arg(long)]
    to: Option<String>,
    /// Print JSON lines (`{"change": "added"|"removed"|"changed", "entry": ...}`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    match &args.command {
        Command::Import(a) => import(a),
        Command::Show(a) => show(a),
        Command::Diff(a) => diff(a),
    }
}

/// A problem count never hides a problem: the first few are printed.
const PROBLEMS_SHOWN: usize = 20;

fn import(args: &ImportArgs) -> anyhow::Result<()> {
    let countries = Countries::embedded()?;
    let options = ReadOptions { published: args.published.clone(), watchlist_name: args.name.clone() };
    let versions = read_files(&args.files, &options, &countries)?;
    let mut out = io::stdout().lock();
    for version in &versions {
        if !version.problems.is_empty() {
            for p in version.problems.iter().take(PROBLEMS_SHOWN) {
                eprintln!("plimsoll: {p}");
            }
            if version.problems.len() > PROBLEMS_SHOWN {
                eprintln!("plimsoll: ... and {} more", version.problems.len() - PROBLEMS_SHOWN);
            }
            if !args.keep_going {
                bail!(
                    "{} published {}: {} values could not be read; nothing imported (--keep-going imports without them)",
                    version.list,
                    version.published,
                    version.problems.len()
                );
            }
        }
    }
    for version in &versions {
        let imported = lists::import(&args.store, version)
            .with_context(|| format!("importing {} into {}", version.list, args.store.display()))?;
        match imported {
            Imported::Added(v) => writeln!(
                out,
                "{} published {}: {} entries ({} vessels, {} problems) imported as version {}",
                v.list, v.published, v.entries, v.vessels, v.problems, v.id
            )?,
            Imported::AlreadyPresent(v) => writeln!(
                out,
                "{} published {}: already in the store (version {})",
                v.list, v.published, v.id
            )?,
        }
    }
    Ok(())
}

fn show(args: &ShowArgs) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:>4}  {:<22} {:<10} {:>8} {:>8}  files",
        "id", "list", "published", "entries", "vessels"
    )?;
    for v in lists::versions(&args.store)? {
        writeln!(
            out,
            "{:>4}  {:<22} {:<10} {:>8} {:>8}  {}",
            v.id,
            v.list,
            v.published,
            v.entries,
            v.vessels,
            v.files.join(" ")
        )?;
    }
    Ok(())
}

/// `NAME (vessel, IMO 1234567, DPRK3)`.
fn describe(e: &Entry) -> String {
    let mut parts = vec![e.kind().as_str().to_owned()];
    if let Some(imo) = e.imo {
        parts.push(format!("IMO {imo}"));
    }
    if !e.programs.is_empty() {
        parts.push(e.programs.join(" "));
    }
    format!("{} [{}] ({})", e.name, e.id, parts.join(", "))
}

fn diff(args: &DiffArgs) -> anyhow::Result<()> {
    let d = lists::diff(&args.store, &args.list, args.from.as_deref(), args.to.as_deref())?;
    let mut out = io::stdout().lock();
    if args.json {
        for (change, e) in
            d.added.iter().map(|e| ("added", e)).chain(d.removed.iter().map(|e| ("removed", e)))
        {
            writeln!(out, "{}", json!({"change": change, "entry": e}))?;
        }
        for (before, after) in &d.changed {
            writeln!(out, "{}", json!({"change": "changed", "before": before, "entry": after}))?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{} {} -> {}: {} added, {} removed, {} changed",
        args.list,
        d.from.published,
        d.to.published,
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    )?;
    for e in &d.added {
        writeln!(out, "+ {}", describe(e))?;
    }
    for e in &d.removed {
        writeln!(out, "- {}", describe(e))?;
    }
    for (_, e) in &d.changed {
        writeln!(out, "~ {}", describe(e))?;
    }
    Ok(())
}

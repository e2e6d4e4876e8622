//! `plimsoll audit verify`: recomputes the audit trail's hash chain.

use std::path::PathBuf;

use anyhow::{bail, Context};
use plimsoll_server::Accounts;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no entry of the audit trail was edited, removed or reordered.
    Verify(VerifyArgs),
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The store directory.
    #[arg(long)]
    store: PathBuf,
}

pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::Verify(args) => {
            let accounts = Accounts::open(&args.store).context("opening the store's accounts")?;
            let v = accounts.verify_audit()?;
            match &v.first_bad {
                None => {
                    println!("audit trail intact: {} entries, head {}", v.entries, v.head_hash);
                    Ok(())
                }
                Some(bad) => bail!(
                    "audit trail broken at entry {}: {} ({} entries verify before it)",
                    bad.seq,
                    bad.problem,
                    v.entries
                ),
            }
        }
    }
}

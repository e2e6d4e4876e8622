//! `plimsoll serve`: the JSON API over a store.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use plimsoll_server::Accounts;

#[derive(clap::Args)]
pub struct Args {
    /// The store directory (written by `plimsoll ingest`).
    #[arg(long)]
    store: PathBuf,
    /// The address to listen on. The server speaks plain HTTP: keep it on a
    /// loopback address, or put a TLS proxy in front.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let accounts = Accounts::open(&args.store).context("opening the store's accounts")?;
    if accounts.user_count()? == 0 {
        eprintln!(
            "plimsoll: no users yet: create an admin with `plimsoll user add --store {} --name NAME --role admin`",
            args.store.display()
        );
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "plimsoll: warning: plain HTTP on {}: passwords and session cookies cross the network unencrypted; \
             put a TLS proxy in front",
            args.addr
        );
    }
    plimsoll_server::serve(&args.store, args.addr, |bound| {
        eprintln!(
            "serving {} on http://{bound}/api/v1/ (OpenAPI: /api/v1/openapi.json); Ctrl-C stops",
            args.store.display()
        );
    })
    .context("serving")?;
    Ok(())
}

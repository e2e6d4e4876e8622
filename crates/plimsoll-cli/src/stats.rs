//! `plimsoll stats`: what a store holds.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::ingest::grouped;

#[derive(clap::Args)]
pub struct Args {
    /// The store directory.
    #[arg(long)]
    store: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Also list up to N rejected lines kept in detail (file:line, byte, reason).
    #[arg(long, value_name = "N")]
    rejects: Option<u64>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let context = || format!("reading the store {}", args.store.display());
    let stats = plimsoll::store::stats(&args.store).with_context(context)?;
    let mut out = std::io::stdout().lock();
    let rejects = match args.rejects {
        Some(limit) => plimsoll::store::rejects(&args.store, limit).with_context(context)?,
        None => Vec::new(),
    };
    if args.json {
        let mut value = serde_json::to_value(&stats)?;
        if args.rejects.is_some() {
            if let Some(object) = value.as_object_mut() {
                object.insert("rejects".to_owned(), serde_json::to_value(&rejects)?);
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    let total_bytes: u64 = stats.inputs.iter().map(|i| i.size_bytes).sum();
    writeln!(out, "store {}", stats.store)?;
    writeln!(out, "inputs: {} ({} bytes)", stats.inputs.len(), grouped(total_bytes))?;
    writeln!(out, "lines read: {}", grouped(stats.lines_read))?;
    for (outcome, lines) in &stats.outcomes {
        writeln!(out, "  {outcome:>13} {:>12}", grouped(*lines))?;
    }
    let types: Vec<String> =
        stats.messages_by_type.iter().map(|(t, n)| format!("{t}: {}", grouped(*n))).collect();
    writeln!(
        out,
        "messages by type: {}",
        if types.is_empty() { "none".to_owned() } else { types.join(", ") }
    )?;
    writeln!(out, "positions: {}", grouped(stats.positions))?;
    writeln!(out, "static reports: {}", grouped(stats.static_reports))?;
    writeln!(out, "vessels (distinct MMSI): {}", grouped(stats.vessels))?;
    match &stats.time_span {
        Some(span) => writeln!(out, "time span: {} to {}", span.start, span.end)?,
        None => writeln!(out, "time span: none")?,
    }
    writeln!(
        out,
        "rejected lines: {} ({} kept in detail)",
        grouped(stats.rejects_total),
        grouped(stats.rejects_stored)
    )?;
    for reason in &stats.rejects_by_reason {
        writeln!(out, "  {:>12}  {}: {}", grouped(reason.lines), reason.outcome, reason.reason)?;
    }
    for input in &stats.inputs {
        writeln!(
            out,
            "input {}: {} ({}, {}) {} lines, {} positions, {} static, {} rejected, SHA-256 {}",
            input.id,
            input.path,
            input.format.as_deref().unwrap_or("?"),
            input.compression.as_deref().unwrap_or("?"),
            grouped(input.lines_read),
            grouped(input.positions),
            grouped(input.static_reports),
            grouped(input.rejects),
            input.sha256.as_deref().unwrap_or("?"),
        )?;
        if let Some(e) = &input.read_error {
            writeln!(out, "  ended early: {e}")?;
        }
    }
    for r in &rejects {
        let byte = r.byte_offset.map(|b| format!(" (byte {b})")).unwrap_or_default();
        writeln!(out, "{}:{}{byte}: {}: {}", r.path, r.line, r.outcome, r.reason)?;
    }
    Ok(())
}

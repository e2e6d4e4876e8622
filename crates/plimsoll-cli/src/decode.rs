//! `plimsoll decode`: AIS sentences to gpsd-style JSON lines.

use ais::{Decoder, DecoderConfig, Fed, Gpsd, ParseOptions};
use plimsoll::ingest::{scan_lines, Content, InputSource};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Input files (plain, gzip or zstd, detected from content); standard input when none or `-`.
    files: Vec<String>,
    /// Print raw integer fields as sent, as gpsd does without scaling.
    #[arg(long)]
    unscaled: bool,
    /// Decode sentences whose checksum does not match instead of rejecting them.
    #[arg(long)]
    accept_bad_checksum: bool,
    /// Do not list each rejected line on standard error (the summary is still printed).
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let inputs: Vec<InputSource> = if args.files.is_empty() {
        vec![InputSource::Stdin]
    } else {
        args.files.iter().map(|f| InputSource::from_arg(f)).collect()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut totals = Totals::default();
    for input in &inputs {
        decode_input(input, args, &mut out, &mut totals)?;
    }
    out.flush()?;
    eprintln!("{} lines: {}", totals.lines, totals.summary());
    Ok(())
}

#[derive(Default)]
struct Totals {
    lines: u64,
    by_outcome: std::collections::BTreeMap<ais::Outcome, u64>,
}

impl Totals {
    fn count(&mut self, outcome: ais::Outcome, n: usize) {
        *self.by_outcome.entry(outcome).or_default() += u64::try_from(n).unwrap_or(u64::MAX);
    }

    fn summary(&self) -> String {
        self.by_outcome.iter().map(|(o, n)| format!("{o} {n}")).collect::<Vec<_>>().join(", ")
    }
}

fn decode_input(
    input: &InputSource,
    args: &Args,
    out: &mut impl Write,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let name = match input {
        InputSource::Stdin => "<stdin>".to_owned(),
        InputSource::Path(p) => p.display().to_string(),
    };
    let mut decoder = Decoder::new(DecoderConfig {
        parse: ParseOptions { accept_bad_checksum: args.accept_bad_checksum },
        ..Default::default()
    });
    let gpsd = Gpsd { scaled: !args.unscaled };
    let mut json = String::with_capacity(512);
    let quiet = args.quiet;
    let report = |e: &ais::Error| {
        if !quiet {
            eprintln!("{name}:{}: byte {}: {} ({})", e.line, e.byte, e.kind, e.outcome());
        }
    };
    let mut write_error = None;
    let scanned = scan_lines(input, &mut |_| {}, &mut |line| {
        let fed = match line.content {
            Content::Bytes(bytes) => decoder.feed(bytes, line.line_no),
            // Too long to hold: the decoder would reject it the same way.
            Content::TooLong { len_bytes } => Fed::Rejected {
                error: ais::Error::new(
                    ais::ErrorKind::LineTooLong {
                        len_bytes: usize::try_from(len_bytes).unwrap_or(usize::MAX),
                        limit_bytes: ais::MAX_LINE_BYTES,
                    },
                    line.line_no,
                    ais::MAX_LINE_BYTES,
                ),
                lines: ais::LineList::One(line.line_no),
            },
        };
        match &fed {
            Fed::Message(d) => {
                json.clear();
                d.message.write_gpsd_json(&mut json, gpsd);
                if let Some(t) = d.time_ms {
                    // gpsd has no receive time; it goes last so gpsd's fields keep their order.
                    json.pop();
                    json.push_str(",\"rxtime\":\"");
                    json.push_str(&rfc3339_ms(t));
                    json.push_str("\"}");
                }
                json.push('\n');
                if let Err(e) = out.write_all(json.as_bytes()) {
                    write_error = Some(e);
                    return Err(plimsoll::ingest::Error::new(plimsoll::ingest::ErrorKind::SinkClosed));
                }
            }
            Fed::Rejected { error, .. } => report(error),
            Fed::Held | Fed::NonAis => {}
        }
        if let Some((outcome, lines)) = ais::outcome_of(&fed) {
            totals.count(outcome, lines.len().max(1));
        }
        if decoder.has_given_up() {
            for e in decoder.take_given_up() {
                report(&e);
                totals.count(e.outcome(), 1);
            }
        }
        Ok(())
    });
    if let Some(e) = write_error {
        return Err(e.into());
    }
    let scanned = scanned?;
    decoder.finish();
    for e in decoder.take_given_up() {
        report(&e);
        totals.count(e.outcome(), 1);
    }
    totals.lines += scanned.lines;
    if let Some(e) = scanned.data_error {
        eprintln!("{name}: the input ends early or is corrupt after line {}: {e}", scanned.lines);
    }
    Ok(())
}

/// `2012-02-01T20:02:00.012Z`.
fn rfc3339_ms(t: i64) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

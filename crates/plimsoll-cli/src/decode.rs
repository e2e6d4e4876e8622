//! `plimsoll decode`: AIS sentences to gpsd-style JSON lines.

use ais::{Decoder, DecoderConfig, Fed, Gpsd, ParseOptions};
use anyhow::Context;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Input files (plain, gzip or zstd, detected from content); standard input when none or `-`.
    files: Vec<PathBuf>,
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let files = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut totals = Totals::default();
    for path in &files {
        let name = if crate::is_stdin(path) { "<stdin>".to_owned() } else { path.display().to_string() };
        let reader = open(path).with_context(|| format!("cannot open {name}"))?;
        decode_stream(reader, &name, &args, &mut out, &mut totals)
            .with_context(|| format!("while reading {name}"))?;
    }
    out.flush()?;
    eprintln!("{} lines: {}", totals.lines, totals.summary());
    Ok(ExitCode::SUCCESS)
}

#[derive(Default)]
struct Totals {
    lines: u64,
    by_outcome: std::collections::BTreeMap<ais::Outcome, u64>,
}

impl Totals {
    fn count(&mut self, outcome: ais::Outcome, n: usize) {
        *self.by_outcome.entry(outcome).or_default() += n as u64;
    }

    fn summary(&self) -> String {
        self.by_outcome.iter().map(|(o, n)| format!("{o} {n}")).collect::<Vec<_>>().join(", ")
    }
}

/// Opens a file or standard input, decompressing gzip or zstd by their magic bytes.
fn open(path: &PathBuf) -> std::io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> =
        if crate::is_stdin(path) { Box::new(std::io::stdin()) } else { Box::new(std::fs::File::open(path)?) };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let head = buffered.fill_buf()?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(buffered)))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(BufReader::new(zstd::stream::read::Decoder::with_buffer(buffered)?))
    } else {
        Box::new(buffered)
    })
}

fn decode_stream(
    mut reader: Box<dyn BufRead>,
    name: &str,
    args: &Args,
    out: &mut impl Write,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let mut decoder = Decoder::new(DecoderConfig {
        parse: ParseOptions { accept_bad_checksum: args.accept_bad_checksum },
        ..Default::default()
    });
    let gpsd = Gpsd { scaled: !args.unscaled };
    let mut line = Vec::with_capacity(256);
    let mut json = String::with_capacity(512);
    let mut line_no = 0u64;
    let report = |e: &ais::Error, quiet: bool| {
        if !quiet {
            eprintln!("{name}:{}: byte {}: {} ({})", e.line, e.byte, e.kind, e.outcome());
        }
    };
    while read_line_bounded(&mut reader, &mut line)? {
        line_no += 1;
        totals.lines += 1;
        let fed = decoder.feed(&line, line_no);
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
                out.write_all(json.as_bytes())?;
            }
            Fed::Rejected { error, .. } => report(error, args.quiet),
            Fed::Held | Fed::NonAis => {}
        }
        if let Some((outcome, lines)) = ais::outcome_of(&fed) {
            totals.count(outcome, lines.len().max(1));
        }
        if decoder.has_given_up() {
            for e in decoder.take_given_up() {
                report(&e, args.quiet);
                totals.count(e.outcome(), 1);
            }
        }
    }
    decoder.finish();
    for e in decoder.take_given_up() {
        report(&e, args.quiet);
        totals.count(e.outcome(), 1);
    }
    Ok(())
}

/// Reads one line into `buf` (without the newline), keeping at most
/// `ais::MAX_LINE_BYTES + 1` bytes of it so that a huge line is never held whole: the
/// decoder still sees that it is too long. Returns false at end of input.
fn read_line_bounded(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.clear();
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any);
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        let room = (ais::MAX_LINE_BYTES + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        reader.consume(if done { take + 1 } else { take });
        if done {
            return Ok(true);
        }
    }
}

/// `2012-02-01T20:02:00.012Z`.
fn rfc3339_ms(t: i64) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

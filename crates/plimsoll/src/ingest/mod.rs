//! Ingest: reading inputs into position and static-report rows, with a report
//! that accounts for every line.
//!
//! An input is read on three legs: a reader thread reads, hashes and
//! decompresses blocks of 1 MiB (`source`); the calling thread splits them
//! into lines (`lines`), recognises the format from the first line, and
//! decodes sequentially (the multi-part assembler and `$PGHP` times carry
//! state from line to line); the rows go in batches to a [`Sink`] (the store
//! encodes them on a thread of its own).
//!
//! Every line read gets exactly one [`Outcome`], counted in the [`Report`];
//! rejected lines also go to the sink in detail, with their line, byte offset
//! and reason (the first [`IngestOptions::max_rejects_stored`] of an input;
//! the counts stay exact). Only what prevents reading the input at all is an
//! [`Error`].

mod collect;
pub mod csv;
mod csv_reader;
mod dedup;
mod error;
mod lines;
mod nmea;
mod report;
mod rows;
mod source;
mod time;

use std::fs::File;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};

pub use csv::{
    parse_row, ColumnSpec, CsvKind, CsvLayout, CsvRow, Field, FieldSplitter, RowError, RowErrorKind,
};
pub use dedup::{DUPLICATE_CAPACITY, DUPLICATE_WINDOW_MS};
pub use error::{Error, ErrorKind, Location, SinkClosed};
pub use report::{Outcome, Reject, Report, MAX_REASON_CLASSES, MAX_REJECTS_STORED, OTHER_REASON};
pub use rows::{PositionRow, Sink, StaticRow};
pub use source::{hash_file, Compression, InputSource};
pub use time::{
    day_name, fix_time_ms, format_time_ms, is_plausible, parse_assumed_time, TimeFormat, TIME_MAX_MS,
    TIME_MIN_MS,
};

use collect::Collector;
use csv_reader::CsvReader;
use lines::LineSplitter;
pub use lines::{Content, RawLine};
use nmea::NmeaReader;
use source::{Chunk, ReadFailure};

/// The longest line read as a line; longer ones are counted `malformed` without
/// being held in memory. NMEA sentences are far shorter (the decoder rejects
/// lines over [`ais::MAX_LINE_BYTES`] itself); CSV rows with long names can be
/// longer.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// How to read inputs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Accept NMEA sentences whose checksum does not match.
    pub accept_bad_checksum: bool,
    /// The receive time of lines that carry none, ms since the epoch.
    pub assume_time_ms: Option<i64>,
    /// Columns of a CSV that is not a known layout.
    pub columns: Option<ColumnSpec>,
    /// How the time column of a `columns` CSV is written.
    pub time_format: TimeFormat,
    /// Most rejects kept in detail per input (all are counted).
    pub max_rejects_stored: usize,
    /// Copies of a message received within this much of each other are duplicates.
    pub duplicate_window_ms: i64,
    /// Bound on the messages remembered for duplicate detection.
    pub duplicate_capacity: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            accept_bad_checksum: false,
            assume_time_ms: None,
            columns: None,
            time_format: TimeFormat::Iso,
            max_rejects_stored: MAX_REJECTS_STORED,
            duplicate_window_ms: DUPLICATE_WINDOW_MS,
            duplicate_capacity: DUPLICATE_CAPACITY,
        }
    }
}

/// What reading an input produced, besides the rows.
#[derive(Debug, Clone)]
pub struct ReadSummary {
    /// SHA-256 of the input's bytes as stored (compressed, if it is).
    pub sha256: [u8; 32],
    /// Size of the input's bytes as stored.
    pub size_bytes: u64,
    pub compression: Compression,
    pub report: Report,
}

/// What scanning an input's lines found, besides the lines.
#[derive(Debug)]
pub struct Scanned {
    /// SHA-256 of the input's bytes as stored (compressed, if it is).
    pub sha256: [u8; 32],
    /// Size of the input's bytes as stored.
    pub size_bytes: u64,
    pub compression: Compression,
    /// Lines handed out (a final line without `\n` counts).
    pub lines: u64,
    /// A compressed stream that ended early or was corrupt: the lines before it
    /// were handed out.
    pub data_error: Option<String>,
}

/// Reads `input` to its end (decompressing gzip or zstd, hashing the bytes as
/// stored) and calls `line` for each line, in order. Lines longer than
/// [`MAX_LINE_BYTES`] come as [`Content::TooLong`] without being held in memory;
/// `progress` is called now and then with the input bytes read so far.
///
/// Errors when the input cannot be read, or with the first error of `line`.
pub fn scan_lines(
    input: &InputSource,
    progress: &mut dyn FnMut(u64),
    line: &mut dyn FnMut(RawLine<'_>) -> Result<(), Error>,
) -> Result<Scanned, Error> {
    let name = input.name();
    let raw: Box<dyn Read + Send> = match input {
        InputSource::Path(path) => {
            Box::new(File::open(path).map_err(|source| Error::new(ErrorKind::Io { source }).at_input(&name))?)
        }
        InputSource::Stdin => Box::new(std::io::stdin()),
    };
    let bytes_read = AtomicU64::new(0);
    let (blocks_tx, blocks_rx) = sync_channel(source::BLOCKS_IN_FLIGHT);
    let (free_tx, free_rx) = channel();
    std::thread::scope(|scope| {
        let bytes_read = &bytes_read;
        std::thread::Builder::new()
            .name("plimsoll-read".to_owned())
            .spawn_scoped(scope, move || source::read_blocks(raw, blocks_tx, free_rx, bytes_read))
            .map_err(|source| Error::new(ErrorKind::Io { source }).at_input(&name))?;
        split_blocks(&blocks_rx, &free_tx, bytes_read, progress, line).map_err(|e| e.at_input(&name))
    })
}

/// The line-splitting leg of [`scan_lines`].
fn split_blocks(
    blocks: &Receiver<Chunk>,
    free: &Sender<Vec<u8>>,
    bytes_read: &AtomicU64,
    progress: &mut dyn FnMut(u64),
    line: &mut dyn FnMut(RawLine<'_>) -> Result<(), Error>,
) -> Result<Scanned, Error> {
    let mut splitter = LineSplitter::new(MAX_LINE_BYTES);
    let mut ending = None;
    for chunk in blocks {
        match chunk {
            Chunk::Block(buf, len) => {
                let block = buf.get(..len).unwrap_or(&buf);
                splitter.push(block, &mut *line)?;
                // The reader allocates anew when none come back.
                let _ = free.send(buf);
                progress(bytes_read.load(Ordering::Relaxed));
            }
            Chunk::End(e) => {
                ending = Some(e);
                break;
            }
        }
    }
    let ending = ending.ok_or_else(|| {
        let source = std::io::Error::other("the reader thread stopped before the end");
        Error::new(ErrorKind::Io { source })
    })?;
    splitter.finish(&mut *line)?;
    let data_error = match ending.failure {
        Some(ReadFailure::Io(source)) => return Err(Error::new(ErrorKind::Io { source })),
        Some(ReadFailure::Data(e)) => Some(e.to_string()),
        None => None,
    };
    Ok(Scanned {
        sha256: ending.sha256,
        size_bytes: ending.size_bytes,
        compression: ending.compression,
        lines: splitter.lines(),
        data_error,
    })
}

/// Reads `input` to its end and hands its rows to `sink`; `progress` is called
/// now and then with the count of input bytes read so far.
///
/// Errors only when the input cannot be read (or the sink stops): bad lines are
/// outcomes in the report, a truncated compressed stream is the report's
/// `read_error`.
pub fn read_input(
    input: &InputSource,
    opts: &IngestOptions,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<ReadSummary, Error> {
    let mut out = Collector::new(sink, Report::new(opts.max_rejects_stored));
    let mut router = Router { opts, reader: None };
    let scanned = scan_lines(input, progress, &mut |line| router.line(line, &mut out))?;
    router.finish(&mut out)?;
    out.flush()?;
    let mut report = out.into_report();
    report.read_error = scanned.data_error;
    report.lines_read = scanned.lines;
    if report.outcomes_total() != report.lines_read {
        return Err(Error::new(ErrorKind::Accounting {
            lines_read: report.lines_read,
            counted: report.outcomes_total(),
        }));
    }
    if report.format.is_empty() {
        report.format = "nmea".to_owned();
    }
    Ok(ReadSummary {
        sha256: scanned.sha256,
        size_bytes: scanned.size_bytes,
        compression: scanned.compression,
        report,
    })
}

enum Reader {
    Nmea(Box<NmeaReader>),
    Csv(Box<CsvReader>),
}

/// Sends lines to the reader for the input's format, chosen by its first line.
struct Router<'a> {
    opts: &'a IngestOptions,
    reader: Option<Reader>,
}

/// The UTF-8 byte-order mark some tools write at the start of a text file.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

impl Router<'_> {
    fn line(&mut self, mut line: RawLine<'_>, out: &mut Collector<'_>) -> Result<(), Error> {
        if let (1, Content::Bytes(bytes)) = (line.line_no, line.content) {
            if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
                line.content = Content::Bytes(rest);
                line.offset += 3;
            }
        }
        if self.reader.is_none() {
            let (reader, is_header) =
                self.detect(&line, out).map_err(|e| e.at_line(line.line_no, line.offset))?;
            self.reader = Some(reader);
            if is_header {
                out.report.count(Outcome::NonAis, 1);
                return Ok(());
            }
        }
        let Some(reader) = &mut self.reader else {
            return Ok(());
        };
        match (reader, line.content) {
            (Reader::Nmea(r), Content::Bytes(bytes)) => r.line(bytes, line.line_no, line.offset, out)?,
            (Reader::Csv(r), Content::Bytes(bytes)) => r.line(bytes, line.line_no, line.offset, out)?,
            (_, Content::TooLong { len_bytes }) => {
                let kind = ais::ErrorKind::LineTooLong {
                    len_bytes: usize::try_from(len_bytes).unwrap_or(usize::MAX),
                    limit_bytes: MAX_LINE_BYTES,
                };
                out.reject(line.line_no, Some(line.offset), Outcome::Malformed, "line too long", &kind)?;
            }
        }
        Ok(())
    }

    /// The reader for an input whose first line is `line`, and whether that
    /// line is a CSV header (consumed, not data).
    fn detect(&self, line: &RawLine<'_>, out: &mut Collector<'_>) -> Result<(Reader, bool), Error> {
        let nmea = || Reader::Nmea(Box::new(NmeaReader::new(self.opts)));
        let Content::Bytes(bytes) = line.content else {
            out.report.format = "nmea".to_owned();
            return Ok((nmea(), false));
        };
        let start = bytes.trim_ascii_start();
        let looks_nmea = matches!(start.first(), Some(b'!' | b'$' | b'\\'));
        let mut splitter = FieldSplitter::default();
        if !looks_nmea && splitter.split(bytes).is_ok() {
            let header = splitter.fields();
            let layout = CsvLayout::recognise(
                &header,
                self.opts.columns.as_ref(),
                &self.opts.time_format,
                self.opts.assume_time_ms,
            )?;
            if let Some(layout) = layout {
                out.report.format = layout.kind().name().to_owned();
                return Ok((Reader::Csv(Box::new(CsvReader::new(layout))), true));
            }
            if header.len() >= 3 && !start.starts_with(b"#") {
                out.report.note = Some("the first line looks like a CSV header this does not know; read as NMEA (give --columns to read it as CSV)".to_owned());
            }
        }
        out.report.format = "nmea".to_owned();
        Ok((nmea(), false))
    }

    fn finish(&mut self, out: &mut Collector<'_>) -> Result<(), SinkClosed> {
        match &mut self.reader {
            Some(Reader::Nmea(r)) => r.finish(out),
            _ => Ok(()),
        }
    }
}

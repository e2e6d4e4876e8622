//! NMEA logs: lines through the decoder, then time, range and duplicate checks,
//! into rows. Every line gets one outcome, including fragments given up later.

use std::collections::HashMap;
use std::fmt;

use ais::{Decoded, Decoder, DecoderConfig, Fed, Outcome, ParseOptions};

use super::collect::Collector;
use super::dedup::DuplicateFilter;
use super::error::SinkClosed;
use super::rows::{PositionRow, StaticRow};
use super::time::{fix_time_ms, format_time_ms, is_plausible};
use super::IngestOptions;

/// Most line offsets remembered for held fragments. The decoder holds at most
/// 512 messages of up to 9 fragments; past this bound (a decoder configured
/// otherwise) offsets are forgotten and rejects carry none.
const MAX_HELD_OFFSETS: usize = 16_384;

/// The reason class of a decoder error: its kind without the values (but with
/// the message type, which takes few values). Written into `buf` when it is
/// not a constant, so that counting rejects does not allocate.
pub(crate) fn reason_class<'b>(kind: &ais::ErrorKind, buf: &'b mut String) -> &'b str {
    use ais::ErrorKind as K;
    use std::fmt::Write;
    buf.clear();
    // Writing to a String cannot fail.
    let _ = match kind {
        K::LineTooLong { .. } => return "line too long",
        K::BadChecksum { .. } => return "bad checksum",
        K::BadTagBlockChecksum { .. } => return "bad tag block checksum",
        K::MalformedTagBlock { what } => write!(buf, "malformed tag block: {what}"),
        K::Malformed { what } => write!(buf, "malformed sentence: {what}"),
        K::InvalidPayloadChar { .. } => return "invalid payload character",
        K::PayloadTooLong { .. } => return "payload too long",
        K::TooShort { msg_type, .. } => write!(buf, "message type {msg_type} too short"),
        K::UnsupportedType { msg_type } => write!(buf, "unsupported message type {msg_type}"),
        K::EmptyPayload => return "empty payload",
        K::DuplicateFragment { .. } => return "duplicate fragment",
        K::IncompleteMessage { reason, .. } => write!(buf, "incomplete multi-part message ({reason})"),
        K::NoTime => return "no receive time",
        K::InvalidPartNumber { part } => write!(buf, "message type 24 part number {part}"),
        _ => return "other decoder error",
    };
    buf
}

/// Reads NMEA lines into rows.
pub(crate) struct NmeaReader {
    decoder: Decoder,
    dedup: DuplicateFilter,
    /// Offsets of lines whose fragment the decoder holds, for their rejects.
    held_offsets: HashMap<u64, u64>,
    assume_time_ms: Option<i64>,
    /// How many of the decoder's sources the collector has been given.
    sources_sent: usize,
    /// Scratch space for reason classes.
    class: String,
}

impl NmeaReader {
    pub(crate) fn new(opts: &IngestOptions) -> Self {
        let config = DecoderConfig {
            parse: ParseOptions { accept_bad_checksum: opts.accept_bad_checksum },
            ..DecoderConfig::default()
        };
        NmeaReader {
            decoder: Decoder::new(config),
            dedup: DuplicateFilter::new(opts.duplicate_window_ms, opts.duplicate_capacity),
            held_offsets: HashMap::new(),
            assume_time_ms: opts.assume_time_ms,
            sources_sent: 0,
            class: String::new(),
        }
    }

    /// Reads one line (`offset`: where it starts in the input).
    pub(crate) fn line(
        &mut self,
        bytes: &[u8],
        line_no: u64,
        offset: u64,
        out: &mut Collector<'_>,
    ) -> Result<(), SinkClosed> {
        match self.decoder.feed(bytes, line_no) {
            Fed::Message(d) => self.message(&d, line_no, offset, out)?,
            Fed::Held => {
                if self.held_offsets.len() >= MAX_HELD_OFFSETS {
                    self.held_offsets.clear();
                }
                self.held_offsets.insert(line_no, offset);
            }
            Fed::NonAis => out.report.count(Outcome::NonAis, 1),
            Fed::Rejected { error, lines } => {
                for &line in lines.as_slice() {
                    let start = self.offset_of(line, line_no, offset);
                    let within = if line == error.line { error.byte } else { 0 };
                    let byte = start.map(|s| s + u64::try_from(within).unwrap_or(0));
                    let class = reason_class(&error.kind, &mut self.class);
                    out.reject(line, byte, error.outcome(), class, &error.kind)?;
                }
            }
        }
        if self.decoder.has_given_up() {
            self.report_given_up(out)?;
        }
        Ok(())
    }

    /// Ends the input: fragments still held are incomplete.
    pub(crate) fn finish(&mut self, out: &mut Collector<'_>) -> Result<(), SinkClosed> {
        self.decoder.finish();
        self.report_given_up(out)
    }

    fn report_given_up(&mut self, out: &mut Collector<'_>) -> Result<(), SinkClosed> {
        for error in self.decoder.take_given_up() {
            let byte = self.held_offsets.remove(&error.line);
            let class = reason_class(&error.kind, &mut self.class);
            out.reject(error.line, byte, error.outcome(), class, &error.kind)?;
        }
        Ok(())
    }

    /// Where `line` starts: the current line's offset, or a held fragment's.
    fn offset_of(&mut self, line: u64, current_line: u64, current_offset: u64) -> Option<u64> {
        if line == current_line {
            Some(current_offset)
        } else {
            self.held_offsets.remove(&line)
        }
    }

    fn message(
        &mut self,
        d: &Decoded,
        line_no: u64,
        offset: u64,
        out: &mut Collector<'_>,
    ) -> Result<(), SinkClosed> {
        let lines = d.lines.as_slice();
        let mut offsets = [None; 9];
        for (slot, &line) in offsets.iter_mut().zip(lines) {
            *slot = self.offset_of(line, line_no, offset);
        }
        let first_line = lines.first().copied().unwrap_or(line_no);
        let reject_all = |out: &mut Collector<'_>, outcome, class: &str, reason: &dyn fmt::Display| {
            lines
                .iter()
                .zip(offsets)
                .try_for_each(|(&line, byte)| out.reject(line, byte, outcome, class, reason))
        };
        let Some(time_ms) = d.time_ms.or(self.assume_time_ms) else {
            let reason = "no receive time (state one with --assume-time)";
            return reject_all(out, Outcome::NoTime, "no receive time", &reason);
        };
        if !is_plausible(time_ms) {
            let reason = format_args!("receive time {} is outside 1990..2100", format_time_ms(time_ms));
            return reject_all(out, Outcome::Malformed, "receive time out of range", &reason);
        }
        let fix = d.message.position();
        if let Some(f) = &fix {
            if !(-90.0..=90.0).contains(&f.lat_deg) || !(-180.0..=180.0).contains(&f.lon_deg) {
                let reason = format_args!("position out of range: lat {} lon {}", f.lat_deg, f.lon_deg);
                return reject_all(out, Outcome::Malformed, "position out of range", &reason);
            }
        }
        let fingerprint = self.dedup.fingerprint(&d.message);
        if let Some(earlier) = self.dedup.check(fingerprint, time_ms, first_line) {
            let reason = format_args!("duplicate of the message on line {earlier}");
            return reject_all(out, Outcome::Duplicate, "duplicate message", &reason);
        }
        out.report.count(Outcome::Decoded, u64::try_from(lines.len()).unwrap_or(0));
        out.report.count_type(d.message.msg_type());
        let source = d.source;
        if let Some(index) = source {
            self.send_sources_up_to(index, out);
        }
        if let Some(f) = fix {
            out.position(PositionRow {
                mmsi: f.mmsi,
                time_ms: fix_time_ms(time_ms, f.utc_second),
                lat_deg: f.lat_deg,
                lon_deg: f.lon_deg,
                sog_knots: f.sog_knots,
                cog_deg: f.cog_deg,
                heading_deg: f.heading_deg,
                nav_status: Some(f.nav_status),
                msg_type: Some(f.msg_type),
                accuracy: Some(f.accuracy),
                source,
                line: first_line,
            })?;
        }
        if let Some(s) = d.message.static_data() {
            out.static_report(StaticRow {
                mmsi: s.mmsi,
                time_ms,
                msg_type: Some(s.msg_type),
                imo: s.imo,
                callsign: s.callsign.map(str::to_owned),
                shipname: s.shipname.map(str::to_owned),
                ship_type: s.ship_type,
                dimensions: s.dimensions,
                length_m: s.dimensions.and_then(|d| d.length_m()),
                beam_m: s.dimensions.and_then(|d| d.beam_m()),
                draught_m: s.draught_m,
                destination: s.destination.map(str::to_owned),
                eta: s.eta,
                source,
                line: first_line,
            })?;
        }
        Ok(())
    }

    /// Hands the collector the decoder's sources up to `index`, before any row
    /// that refers to them.
    fn send_sources_up_to(&mut self, index: u32, out: &mut Collector<'_>) {
        let wanted = usize::try_from(index).map_or(usize::MAX, |i| i.saturating_add(1));
        let sources = self.decoder.sources();
        while self.sources_sent < wanted.min(sources.len()) {
            out.source(sources[self.sources_sent].clone());
            self.sources_sent += 1;
        }
    }
}

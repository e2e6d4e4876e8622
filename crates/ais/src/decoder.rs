//! The stateful line-by-line decoder: framing, Gatehouse times, bounded multi-part
//! assembly, and message decoding, with one outcome for every line fed.

use crate::bits::BitBuf;
use crate::error::{Error, ErrorKind, IncompleteReason, Outcome};
use crate::msg::Message;
use crate::sentence::{parse_line, Formatter, Line, ParseOptions, Sentence};

/// Limits of the multi-part assembler. Every open message is keyed by untrusted
/// input, so the number held and how long each is held are bounded.
#[derive(Debug, Clone, Copy)]
pub struct AssemblerConfig {
    /// Most multi-part messages open at once; the oldest is given up past this.
    pub max_open: usize,
    /// A message still open this many lines after its first fragment is given up.
    pub max_age_lines: u64,
    /// A message still open this long (by receive time) after its first fragment is
    /// given up, when times are known.
    pub max_age_ms: i64,
}

impl Default for AssemblerConfig {
    fn default() -> Self {
        // Fragments of one message are sent in consecutive slots, so they arrive
        // within a second; satellite feeds interleave more, hence generous limits.
        AssemblerConfig { max_open: 512, max_age_lines: 5_000, max_age_ms: 120_000 }
    }
}

/// Decoder options.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecoderConfig {
    pub parse: ParseOptions,
    pub assembler: AssemblerConfig,
}

/// The line numbers a message was assembled from (1–9 of them). Single-part
/// messages, the common case, hold theirs inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineList {
    One(u64),
    Many(Box<[u64]>),
}

impl LineList {
    fn one(line: u64) -> Self {
        LineList::One(line)
    }

    /// The line numbers, in fragment order.
    pub fn as_slice(&self) -> &[u64] {
        match self {
            LineList::One(line) => std::slice::from_ref(line),
            LineList::Many(lines) => lines,
        }
    }
}

/// A decoded message and where and when it was received.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub message: Message,
    /// Receive time, ms since the epoch, if the input carried one.
    pub time_ms: Option<i64>,
    /// The receiving station (tag block `s:`), as an index into [`Decoder::sources`].
    pub source: Option<u32>,
    /// The radio channel of the first fragment.
    pub channel: Option<u8>,
    /// Own-ship (`VDO`) report.
    pub own_ship: bool,
    /// The lines the message came from, in fragment order.
    pub lines: LineList,
}

/// What became of one line fed to [`Decoder::feed`].
#[derive(Debug, Clone, PartialEq)]
pub enum Fed {
    /// A whole message: this line completed it (its `lines` lists all its lines).
    Message(Decoded),
    /// A fragment is held until its message completes or is given up; its outcome
    /// is reported then, through `Message` or [`Decoder::take_given_up`].
    Held,
    /// Not AIS (blank, comment, other NMEA, or a consumed `$PGHP` time line).
    NonAis,
    /// Rejected; the error says why and where, and `error.outcome()` how it counts.
    /// For a message that framed but did not decode, `lines` lists all its lines.
    Rejected { error: Error, lines: LineList },
}

struct OpenMessage {
    key: Key,
    count: u8,
    /// Payload and fill bits per fragment number (index 0 = fragment 1).
    parts: [Option<(Vec<u8>, u8, u64)>; 9],
    have: u8,
    first_line: u64,
    time_ms: Option<i64>,
    source: Option<u32>,
    channel: Option<u8>,
    own_ship: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    group_id: Option<u32>,
    /// The source only separates messages when there is no tag-block group: a
    /// group's later fragments often omit `s:`.
    source: Option<u32>,
    channel: Option<u8>,
    sequence_id: Option<u8>,
    talker: [u8; 2],
}

/// Most distinct receiving stations remembered; later new ones get no source id.
pub const MAX_SOURCES: usize = 65_536;
/// Longest station name remembered (real ones are a dozen bytes); a longer one gets
/// no source id, so that the names held are bounded in bytes too.
pub const MAX_SOURCE_BYTES: usize = 64;

/// Decodes a stream of lines. Feed lines in order with their line numbers; call
/// [`Decoder::finish`] at the end of input.
pub struct Decoder {
    config: DecoderConfig,
    bits: BitBuf,
    open: Vec<OpenMessage>,
    given_up: Vec<Error>,
    /// The time of the last `$PGHP` line, for the sentence that follows it.
    gatehouse_time_ms: Option<i64>,
    sources: Vec<String>,
    source_index: std::collections::HashMap<String, u32, foldhash::fast::RandomState>,
    last_source: Option<u32>,
    scratch: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(DecoderConfig::default())
    }
}

impl Decoder {
    pub fn new(config: DecoderConfig) -> Self {
        Decoder {
            config,
            bits: BitBuf::new(),
            open: Vec::new(),
            given_up: Vec::new(),
            gatehouse_time_ms: None,
            sources: Vec::new(),
            source_index: std::collections::HashMap::default(),
            last_source: None,
            scratch: Vec::with_capacity(256),
        }
    }

    /// The receiving stations seen so far; [`Decoded::source`] indexes this.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Feeds one line. `line_no` locates errors and is recorded in [`Decoded::lines`].
    pub fn feed(&mut self, line: &[u8], line_no: u64) -> Fed {
        let sentence = match parse_line(line, line_no, &self.config.parse) {
            Ok(Line::Ais(s)) => s,
            Ok(Line::Gatehouse { time_ms }) => {
                self.gatehouse_time_ms = Some(time_ms);
                return Fed::NonAis;
            }
            Ok(Line::NonAis) => return Fed::NonAis,
            Err(error) => return Fed::Rejected { error, lines: LineList::one(line_no) },
        };
        // The receive time, best source first. A `$PGHP` line dates only the
        // sentence right after it, and it outranks a trailing epoch: in the
        // exactEarth logs the `$PGHP` time matches the reports' own UTC seconds
        // while the trailing epoch is when the ground segment logged the line,
        // half an hour and more later.
        let gatehouse_ms = self.gatehouse_time_ms.take();
        let time_ms = sentence.tag_block.time_ms.or(gatehouse_ms).or(sentence.trailing_time_ms);
        self.expire(line_no, time_ms);
        let source = sentence.tag_block.source.and_then(|s| self.intern(s));
        if sentence.fragment_count == 1 {
            return self.decode_single(&sentence, line_no, time_ms, source);
        }
        self.add_fragment(&sentence, line_no, time_ms, source)
    }

    /// Gives up all open multi-part messages (end of input). Their lines are
    /// reported by the next [`Decoder::take_given_up`].
    pub fn finish(&mut self) {
        let open = std::mem::take(&mut self.open);
        for m in open {
            self.give_up(m, IncompleteReason::EndOfInput);
        }
    }

    /// Errors for fragments of messages that were given up since the last call: one
    /// per fragment line, of kind [`ErrorKind::IncompleteMessage`].
    pub fn take_given_up(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.given_up)
    }

    /// Whether any given-up fragments wait to be taken (cheap check for hot loops).
    pub fn has_given_up(&self) -> bool {
        !self.given_up.is_empty()
    }

    fn intern(&mut self, source: &str) -> Option<u32> {
        // Consecutive lines mostly come from the same station.
        if let Some(i) = self.last_source {
            if self.sources.get(usize::try_from(i).ok()?).is_some_and(|s| s == source) {
                return Some(i);
            }
        }
        let i = match self.source_index.get(source) {
            Some(&i) => i,
            None => {
                if self.sources.len() >= MAX_SOURCES || source.len() > MAX_SOURCE_BYTES {
                    return None;
                }
                let i = u32::try_from(self.sources.len()).ok()?;
                self.sources.push(source.to_owned());
                self.source_index.insert(source.to_owned(), i);
                i
            }
        };
        self.last_source = Some(i);
        Some(i)
    }

    fn decode_single(
        &mut self,
        s: &Sentence<'_>,
        line_no: u64,
        time_ms: Option<i64>,
        source: Option<u32>,
    ) -> Fed {
        let meta = Meta { time_ms, source, channel: s.channel, own_ship: s.formatter == Formatter::Vdo };
        decode_payload(&mut self.bits, s.payload, s.fill_bits, meta, LineList::one(line_no), line_no)
    }

    fn add_fragment(
        &mut self,
        s: &Sentence<'_>,
        line_no: u64,
        time_ms: Option<i64>,
        source: Option<u32>,
    ) -> Fed {
        let key = Key {
            group_id: s.tag_block.group.map(|g| g.id),
            source: if s.tag_block.group.is_some() { None } else { source },
            channel: s.channel,
            sequence_id: s.sequence_id,
            talker: s.talker,
        };
        let index = usize::from(s.fragment_number - 1);
        let existing = self.open.iter().position(|m| m.key == key);
        if let Some(i) = existing {
            let m = &self.open[i];
            let same_count = m.count == s.fragment_count;
            match &m.parts[index] {
                Some((payload, _, _)) if same_count && payload.as_slice() == s.payload => {
                    let kind = ErrorKind::DuplicateFragment {
                        fragment_number: s.fragment_number,
                        fragment_count: s.fragment_count,
                    };
                    return Fed::Rejected {
                        error: Error::new(kind, line_no, 0),
                        lines: LineList::one(line_no),
                    };
                }
                // The slot is taken by other content, or the count differs: the
                // earlier message lost fragments. Never splice the two.
                Some(_) => {
                    let old = self.open.swap_remove(i);
                    self.give_up(old, IncompleteReason::Superseded);
                }
                None if !same_count => {
                    let old = self.open.swap_remove(i);
                    self.give_up(old, IncompleteReason::Superseded);
                }
                None => {}
            }
        }
        let i = match self.open.iter().position(|m| m.key == key) {
            Some(i) => i,
            None => {
                if self.open.len() >= self.config.assembler.max_open {
                    let oldest = (0..self.open.len()).min_by_key(|&j| self.open[j].first_line).unwrap_or(0);
                    let old = self.open.remove(oldest);
                    self.give_up(old, IncompleteReason::TooManyOpen);
                }
                self.open.push(OpenMessage {
                    key,
                    count: s.fragment_count,
                    parts: Default::default(),
                    have: 0,
                    first_line: line_no,
                    time_ms: None,
                    source: None,
                    channel: s.channel,
                    own_ship: s.formatter == Formatter::Vdo,
                });
                self.open.len() - 1
            }
        };
        let m = &mut self.open[i];
        m.parts[index] = Some((s.payload.to_vec(), s.fill_bits, line_no));
        m.have += 1;
        // The first fragment's time and source describe the message; later
        // fragments fill them in when the first had none.
        if s.fragment_number == 1 || m.time_ms.is_none() {
            m.time_ms = time_ms.or(m.time_ms);
        }
        if s.fragment_number == 1 || m.source.is_none() {
            m.source = source.or(m.source);
        }
        if m.have < m.count {
            return Fed::Held;
        }
        let m = self.open.swap_remove(i);
        self.assemble(m)
    }

    fn assemble(&mut self, m: OpenMessage) -> Fed {
        let mut line_numbers = Vec::with_capacity(usize::from(m.count));
        self.scratch.clear();
        let mut fill = 0;
        for (payload, fill_bits, line) in m.parts.iter().take(usize::from(m.count)).flatten() {
            self.scratch.extend_from_slice(payload);
            fill = *fill_bits;
            line_numbers.push(*line);
        }
        let last_line = line_numbers.last().copied().unwrap_or(m.first_line);
        let lines = LineList::Many(line_numbers.into_boxed_slice());
        let meta = Meta { time_ms: m.time_ms, source: m.source, channel: m.channel, own_ship: m.own_ship };
        decode_payload(&mut self.bits, &self.scratch, fill, meta, lines, last_line)
    }

    fn give_up(&mut self, m: OpenMessage, reason: IncompleteReason) {
        for (_, _, line) in m.parts.iter().flatten() {
            self.given_up.push(Error::new(
                ErrorKind::IncompleteMessage { have: m.have, fragment_count: m.count, reason },
                *line,
                0,
            ));
        }
    }

    fn expire(&mut self, line_no: u64, time_ms: Option<i64>) {
        if self.open.is_empty() {
            return;
        }
        let limits = self.config.assembler;
        let mut i = 0;
        while i < self.open.len() {
            let m = &self.open[i];
            let too_old_lines = line_no.saturating_sub(m.first_line) > limits.max_age_lines;
            let too_old_time = match (time_ms, m.time_ms) {
                (Some(now), Some(then)) => now.saturating_sub(then) > limits.max_age_ms,
                _ => false,
            };
            if too_old_lines || too_old_time {
                let old = self.open.swap_remove(i);
                self.give_up(old, IncompleteReason::TimedOut);
            } else {
                i += 1;
            }
        }
    }
}

/// Where and when a message was received: what [`Decoded`] carries besides it.
#[derive(Clone, Copy)]
struct Meta {
    time_ms: Option<i64>,
    source: Option<u32>,
    channel: Option<u8>,
    own_ship: bool,
}

/// Decodes a whole payload (one sentence's, or the fragments' joined) into `bits`
/// and a message; errors are located at `error_line`.
fn decode_payload(
    bits: &mut BitBuf,
    payload: &[u8],
    fill_bits: u8,
    meta: Meta,
    lines: LineList,
    error_line: u64,
) -> Fed {
    if let Err((kind, _)) = bits.fill(payload, fill_bits) {
        return Fed::Rejected { error: Error::new(kind, error_line, 0), lines };
    }
    match Message::from_bits(bits) {
        Ok(message) => Fed::Message(Decoded {
            message,
            time_ms: meta.time_ms,
            source: meta.source,
            channel: meta.channel,
            own_ship: meta.own_ship,
            lines,
        }),
        Err(kind) => Fed::Rejected { error: Error::new(kind, error_line, 0), lines },
    }
}

/// How a [`Fed`] result counts, per line, in a report: the outcome and the lines it
/// covers. `Held` covers no line yet.
pub fn outcome_of(fed: &Fed) -> Option<(Outcome, &[u64])> {
    match fed {
        Fed::Message(d) => Some((Outcome::Decoded, d.lines.as_slice())),
        Fed::Held => None,
        Fed::NonAis => Some((Outcome::NonAis, &[])),
        Fed::Rejected { error, lines } => Some((error.outcome(), lines.as_slice())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_all(d: &mut Decoder, lines: &[&str]) -> Vec<Fed> {
        lines.iter().enumerate().map(|(i, l)| d.feed(l.as_bytes(), i as u64 + 1)).collect()
    }

    const PART1: &str = "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C";
    const PART2: &str = "!AIVDM,2,2,1,A,88888888880,2*25";

    #[test]
    fn two_fragments_assemble_with_both_lines() {
        let mut d = Decoder::default();
        let out = feed_all(&mut d, &[PART1, PART2]);
        assert_eq!(out[0], Fed::Held);
        match &out[1] {
            Fed::Message(m) => {
                assert_eq!(m.lines.as_slice(), &[1, 2]);
                assert_eq!(m.message.msg_type(), 5);
            }
            other => panic!("{other:?}"),
        }
        d.finish();
        assert!(d.take_given_up().is_empty());
    }

    #[test]
    fn out_of_order_fragments_assemble() {
        let mut d = Decoder::default();
        let out = feed_all(&mut d, &[PART2, PART1]);
        assert_eq!(out[0], Fed::Held);
        assert!(matches!(&out[1], Fed::Message(m) if m.lines.as_slice() == [2, 1]));
    }

    #[test]
    fn duplicate_fragment_is_reported_and_message_still_completes() {
        let mut d = Decoder::default();
        let out = feed_all(&mut d, &[PART1, PART1, PART2]);
        assert!(matches!(&out[1], Fed::Rejected { error, .. } if error.outcome() == Outcome::Duplicate));
        assert!(matches!(&out[2], Fed::Message(_)));
    }

    #[test]
    fn lone_second_fragment_is_given_up_at_end() {
        let mut d = Decoder::default();
        let out = feed_all(&mut d, &[PART2]);
        assert_eq!(out[0], Fed::Held);
        d.finish();
        let lost = d.take_given_up();
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].line, 1);
        assert_eq!(lost[0].outcome(), Outcome::Incomplete);
    }

    #[test]
    fn new_first_fragment_supersedes_and_never_splices() {
        let mut d = Decoder::default();
        let out = feed_all(&mut d, &[PART1, PART1.replace("55?Mb", "55?Mc").as_str()]);
        // the second line's checksum no longer matches, so craft via lenient options
        assert!(matches!(out[1], Fed::Rejected { .. }));
        let mut d = Decoder::new(DecoderConfig {
            parse: ParseOptions { accept_bad_checksum: true },
            ..Default::default()
        });
        let other = PART1.replace("55?Mb", "55?Mc");
        let out = feed_all(&mut d, &[PART1, &other, PART2]);
        assert_eq!(out[1], Fed::Held);
        let lost = d.take_given_up();
        assert_eq!(lost.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1]);
        assert!(matches!(&out[2], Fed::Message(m) if m.lines.as_slice() == [2, 3]));
    }

    #[test]
    fn open_messages_are_bounded() {
        let mut d = Decoder::new(DecoderConfig {
            assembler: AssemblerConfig { max_open: 4, ..Default::default() },
            ..Default::default()
        });
        // ten first fragments on different channels/sequence ids: all distinct keys
        let mut held = 0;
        for seq in 0..10u8 {
            let body =
                format!("AIVDM,2,1,{seq},A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0");
            let line = format!("!{body}*{:02X}", crate::sentence::checksum(body.as_bytes()));
            if d.feed(line.as_bytes(), u64::from(seq) + 1) == Fed::Held {
                held += 1;
            }
        }
        assert_eq!(held, 10);
        assert_eq!(d.take_given_up().len(), 6);
    }

    #[test]
    fn station_names_are_bounded_in_length() {
        let mut d = Decoder::default();
        let line = |source: &str| {
            let tb = format!("s:{source}");
            format!(
                "\\{tb}*{:02X}\\!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
                crate::sentence::checksum(tb.as_bytes())
            )
        };
        let short = d.feed(line("rEV02").as_bytes(), 1);
        assert!(matches!(short, Fed::Message(m) if m.source == Some(0)));
        let long = d.feed(line(&"x".repeat(MAX_SOURCE_BYTES + 1)).as_bytes(), 2);
        assert!(matches!(long, Fed::Message(m) if m.source.is_none()));
        assert_eq!(d.sources(), ["rEV02"]);
    }

    /// From `amsa_risky_exact-earth-augmented-3.txt`: the report's UTC second is 7,
    /// the `$PGHP` time 10:58:06, the trailing epoch 11:32:04.635 (the time the line
    /// was logged). The receive time is the `$PGHP` one.
    #[test]
    fn gatehouse_time_outranks_a_trailing_epoch() {
        let mut d = Decoder::default();
        let out = feed_all(
            &mut d,
            &[
                "$PGHP,1,2012,2,2,10,58,6,0,316,56,316999999,1AIS_S,18*75,1328182324627",
                "!AIVDM,1,1,,B,15?t00002Sctd0aial1<Wb@>0@4W,0*18,1328182324635",
                "!AIVDM,1,1,,B,15?t00002Sctd0aial1<Wb@>0@4W,0*18,1328182324635",
            ],
        );
        let pghp_ms = crate::sentence::civil_to_epoch_ms(2012, 2, 2, 10, 58, 6, 0).unwrap();
        assert!(matches!(&out[1], Fed::Message(m) if m.time_ms == Some(pghp_ms)));
        // without a `$PGHP` line before it, the trailing epoch is all there is
        assert!(matches!(&out[2], Fed::Message(m) if m.time_ms == Some(1_328_182_324_635)));
    }

    #[test]
    fn gatehouse_dates_the_next_sentence_only() {
        let mut d = Decoder::default();
        let out = feed_all(
            &mut d,
            &[
                "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17",
                "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09",
                "!AIVDM,1,1,,B,15NBj>PP1gG>1PVKTDTUJOv00<0M,0*09",
            ],
        );
        assert_eq!(out[0], Fed::NonAis);
        assert!(matches!(&out[1], Fed::Message(m) if m.time_ms == Some(1_210_291_200_010)));
        assert!(matches!(&out[2], Fed::Message(m) if m.time_ms.is_none()));
    }
}

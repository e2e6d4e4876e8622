//! NMEA 0183 framing: one line into an AIS sentence, a Gatehouse time line, or
//! something that is not AIS.
//!
//! Accepted around the sentence, as real logs write them:
//! - any number of IEC 61162-450 tag blocks before it (`\c:1334337317,s:rEV02*58\`);
//! - `!` or `$`, any two-character talker, `VDM` or `VDO`;
//! - an extra field between the fill bits and the checksum (some receivers);
//! - trailing fields after the checksum: exactEarth's epoch milliseconds, or the
//!   older USCG/ORBCOMM metadata (`,d-109,S2105,...,r003669946,1325394001`) whose
//!   last field is the receive time in epoch seconds.

use crate::error::{Error, ErrorKind, Malformed};

/// The longest line accepted. Real sentences are under 100 bytes; with tag blocks
/// and trailing metadata a few hundred. Anything longer is garbage, rejected before
/// it is scanned.
pub const MAX_LINE_BYTES: usize = 4096;

/// How strictly to frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Accept sentences and tag blocks whose checksum does not match. Off by default:
    /// evidence should rest on sentences that arrived intact.
    pub accept_bad_checksum: bool,
}

/// What one line is.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    /// An AIVDM/AIVDO sentence.
    Ais(Sentence<'a>),
    /// A Gatehouse `$PGHP,1,...` line: the receive time of the sentence after it.
    Gatehouse { time_ms: i64 },
    /// A blank line, a comment, or an NMEA sentence that is not AIS.
    NonAis,
}

/// Own-ship (`VDO`) or other-ship (`VDM`) report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formatter {
    Vdm,
    Vdo,
}

/// One framed AIS sentence, borrowing from the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence<'a> {
    /// The talker id (`AI`, `AB`, `BS`, ...).
    pub talker: [u8; 2],
    pub formatter: Formatter,
    /// How many fragments the message has (1–9).
    pub fragment_count: u8,
    /// Which fragment this is (1-based).
    pub fragment_number: u8,
    /// The sequential message id that ties fragments together (0–9), if given.
    pub sequence_id: Option<u8>,
    /// The radio channel (`A`, `B`, `1`, `2`), if given.
    pub channel: Option<u8>,
    /// The armoured payload characters.
    pub payload: &'a [u8],
    /// Bits to drop from the end of the payload (0–5).
    pub fill_bits: u8,
    /// The tag block before the sentence, if any.
    pub tag_block: TagBlock<'a>,
    /// A receive time written after the checksum, in ms since the epoch.
    pub trailing_time_ms: Option<i64>,
    /// Whether the checksum matched (always true unless bad checksums are accepted).
    pub checksum_ok: bool,
}

impl Sentence<'_> {
    /// The receive time the line itself carries: tag block first, then trailing.
    /// (The decoder ranks a `$PGHP` line before it between the two.)
    pub fn time_ms(&self) -> Option<i64> {
        self.tag_block.time_ms.or(self.trailing_time_ms)
    }
}

/// A multi-part group from a tag block's `g:` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub number: u8,
    pub count: u8,
    pub id: u32,
}

/// The fields of IEC 61162-450 tag blocks that the decoder uses. Unknown fields are
/// skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagBlock<'a> {
    /// `c:` receive time, ms since the epoch (seconds are scaled; values above 10^11
    /// are taken to be milliseconds already).
    pub time_ms: Option<i64>,
    /// `s:` the source station.
    pub source: Option<&'a str>,
    /// `g:` sentence grouping.
    pub group: Option<Group>,
    /// `n:` line count.
    pub line_count: Option<u32>,
    /// `t:` free text.
    pub text: Option<&'a str>,
    /// `d:` destination.
    pub destination: Option<&'a str>,
}

impl TagBlock<'_> {
    /// True when no tag block was present.
    pub fn is_empty(&self) -> bool {
        *self == TagBlock::default()
    }
}

/// XOR of all bytes: the NMEA checksum.
#[inline]
pub fn checksum(bytes: &[u8]) -> u8 {
    // Folding 8 bytes at a time lets the compiler keep this in registers; the
    // per-byte tail handles the rest.
    let mut chunks = bytes.chunks_exact(8);
    let mut acc = 0u64;
    for c in &mut chunks {
        acc ^= u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    }
    let folded = acc.to_le_bytes().iter().fold(0u8, |a, b| a ^ b);
    chunks.remainder().iter().fold(folded, |a, b| a ^ b)
}

#[inline]
fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

fn hex_byte(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [hi, lo, ..] => Some(hex_digit(*hi)? << 4 | hex_digit(*lo)?),
        _ => None,
    }
}

fn parse_u64(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    bytes.iter().try_fold(0u64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u64::from(c - b'0')))
}

/// Epoch seconds or milliseconds, told apart by size (10^11 s is the year 5138),
/// with an optional decimal fraction of seconds.
fn parse_epoch_ms(bytes: &[u8]) -> Option<i64> {
    let (int, frac) = match memchr::memchr(b'.', bytes) {
        Some(dot) => (&bytes[..dot], &bytes[dot + 1..]),
        None => (bytes, &bytes[..0]),
    };
    let whole = i64::try_from(parse_u64(int)?).ok()?;
    if whole >= 100_000_000_000 {
        return Some(whole);
    }
    let mut ms = whole.checked_mul(1000)?;
    if !frac.is_empty() {
        let digits = &frac[..frac.len().min(3)];
        let v = i64::try_from(parse_u64(digits)?).ok()?;
        ms += v * [100, 10, 1][digits.len() - 1];
    }
    Some(ms)
}

fn trim(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., last] = line {
        if last.is_ascii_whitespace() || *last == 0 {
            line = rest;
        } else {
            break;
        }
    }
    while let [first, rest @ ..] = line {
        if first.is_ascii_whitespace() {
            line = rest;
        } else {
            break;
        }
    }
    line
}

/// Frames one line (without or with its line ending).
///
/// `line_no` is only used to locate errors. Never panics, whatever the bytes.
pub fn parse_line<'a>(raw: &'a [u8], line_no: u64, opts: &ParseOptions) -> Result<Line<'a>, Error> {
    if raw.len() > MAX_LINE_BYTES {
        return Err(Error::new(
            ErrorKind::LineTooLong { len_bytes: raw.len(), limit_bytes: MAX_LINE_BYTES },
            line_no,
            MAX_LINE_BYTES,
        ));
    }
    let line = trim(raw);
    // Offset of `line` within `raw`, so that errors point into what the user has.
    let base = raw.iter().take_while(|c| c.is_ascii_whitespace()).count();
    if line.is_empty() || line[0] == b'#' {
        return Ok(Line::NonAis);
    }
    let err = |kind: ErrorKind, at: usize| Error::new(kind, line_no, base + at);

    let mut tag_block = TagBlock::default();
    let mut pos = 0;
    while line.get(pos) == Some(&b'\\') {
        let end = match memchr::memchr(b'\\', &line[pos + 1..]) {
            Some(i) => pos + 1 + i,
            None => {
                return Err(err(ErrorKind::MalformedTagBlock { what: Malformed::TagBlockUnterminated }, pos))
            }
        };
        parse_tag_block(&line[pos + 1..end], &mut tag_block, opts)
            .map_err(|(kind, at)| err(kind, pos + 1 + at))?;
        pos = end + 1;
    }
    let body = &line[pos..];
    // `!AIVDM,` / `$PGHP,`: start, talker/formatter, comma.
    let start = match body.first() {
        Some(&c @ (b'!' | b'$')) => c,
        _ => return Err(err(ErrorKind::Malformed { what: Malformed::NotNmea }, pos)),
    };
    let address = match memchr::memchr(b',', body) {
        Some(i) => &body[1..i],
        None => &body[1..],
    };
    if start == b'$' && address == b"PGHP" {
        return parse_gatehouse(body, opts).map_err(|(kind, at)| err(kind, pos + at));
    }
    let formatter = match address {
        [_, _, b'V', b'D', b'M'] => Formatter::Vdm,
        [_, _, b'V', b'D', b'O'] => Formatter::Vdo,
        _ => return Ok(Line::NonAis),
    };
    let talker = [address[0], address[1]];
    let star = match memchr::memchr(b'*', body) {
        Some(i) => i,
        None => return Err(err(ErrorKind::Malformed { what: Malformed::MissingChecksum }, pos + body.len())),
    };
    let stated = match hex_byte(&body[star + 1..]) {
        Some(v) => v,
        None => return Err(err(ErrorKind::Malformed { what: Malformed::ChecksumDigits }, pos + star + 1)),
    };
    let computed = checksum(&body[1..star]);
    let checksum_ok = computed == stated;
    if !checksum_ok && !opts.accept_bad_checksum {
        return Err(err(ErrorKind::BadChecksum { computed, stated }, pos + star + 1));
    }

    // Fields between the address and the checksum: the first five are a few bytes
    // each, so a plain scan finds their commas; memchr finds the one after the payload.
    let fields_end = &body[..star];
    let mut offsets = [0usize; 7];
    let mut parts: [&[u8]; 7] = [&[]; 7];
    let mut at = 0;
    for i in 0..7 {
        let rest = &fields_end[at.min(fields_end.len())..];
        let len = if i == 5 { memchr::memchr(b',', rest) } else { rest.iter().position(|&c| c == b',') };
        let len = match (len, i) {
            (Some(len), _) => len,
            // The fill-bit field is the last unless an extra field follows it.
            (None, 6) if at <= fields_end.len() => rest.len(),
            _ => return Err(err(ErrorKind::Malformed { what: Malformed::TooFewFields }, pos + star)),
        };
        parts[i] = &rest[..len];
        offsets[i] = at;
        at += len + 1;
    }
    let malformed = |what: Malformed, field: usize| err(ErrorKind::Malformed { what }, pos + offsets[field]);

    let fragment_count = match parts[1] {
        [d @ b'1'..=b'9'] => d - b'0',
        _ => return Err(malformed(Malformed::FragmentCount, 1)),
    };
    let fragment_number = match parts[2] {
        [d @ b'1'..=b'9'] if d - b'0' <= fragment_count => d - b'0',
        _ => return Err(malformed(Malformed::FragmentNumber, 2)),
    };
    let sequence_id = match parts[3] {
        [] => None,
        [d @ b'0'..=b'9'] => Some(d - b'0'),
        _ => return Err(malformed(Malformed::SequenceId, 3)),
    };
    let channel = match parts[4] {
        [] => None,
        [c] => Some(*c),
        _ => return Err(malformed(Malformed::Channel, 4)),
    };
    let payload = parts[5];
    let fill_bits = match parts[6] {
        [] => 0,
        [d @ b'0'..=b'5'] => d - b'0',
        _ => return Err(malformed(Malformed::FillBits, 6)),
    };

    // After `*hh`: optional `,field,...`; the last all-digit field is an epoch time.
    let trailing = &body[(star + 3).min(body.len())..];
    let trailing_time_ms =
        trailing.strip_prefix(b",").and_then(|t| t.rsplit(|&c| c == b',').next()).and_then(parse_epoch_ms);

    Ok(Line::Ais(Sentence {
        talker,
        formatter,
        fragment_count,
        fragment_number,
        sequence_id,
        channel,
        payload,
        fill_bits,
        tag_block,
        trailing_time_ms,
        checksum_ok,
    }))
}

/// Parses the content between the backslashes into `tb`. Errors carry the offset
/// within `content`.
fn parse_tag_block<'a>(
    content: &'a [u8],
    tb: &mut TagBlock<'a>,
    opts: &ParseOptions,
) -> Result<(), (ErrorKind, usize)> {
    let bad = |what, at| (ErrorKind::MalformedTagBlock { what }, at);
    let fields = match memchr::memrchr(b'*', content) {
        Some(star) => {
            let stated = hex_byte(&content[star + 1..]).ok_or(bad(Malformed::ChecksumDigits, star + 1))?;
            let computed = checksum(&content[..star]);
            if computed != stated && !opts.accept_bad_checksum {
                return Err((ErrorKind::BadTagBlockChecksum { computed, stated }, star + 1));
            }
            &content[..star]
        }
        None => return Err(bad(Malformed::MissingChecksum, content.len())),
    };
    let mut at = 0;
    for field in fields.split(|&c| c == b',') {
        let here = at;
        at += field.len() + 1;
        if field.is_empty() {
            continue;
        }
        let (key, value) = match field {
            [k, b':', v @ ..] => (*k, v),
            _ => return Err(bad(Malformed::TagBlockField, here)),
        };
        let text = std::str::from_utf8(value).map_err(|_| bad(Malformed::NotAscii, here))?;
        match key {
            b'c' => tb.time_ms = Some(parse_epoch_ms(value).ok_or(bad(Malformed::TagBlockTime, here))?),
            b's' => tb.source = Some(text),
            b'd' => tb.destination = Some(text),
            b't' => tb.text = Some(text),
            b'n' => tb.line_count = parse_u64(value).and_then(|v| u32::try_from(v).ok()),
            b'g' => tb.group = Some(parse_group(value).ok_or(bad(Malformed::TagBlockGroup, here))?),
            _ => {} // r:, x:, q:, T: and vendor fields carry nothing the decoder needs
        }
    }
    Ok(())
}

fn parse_group(value: &[u8]) -> Option<Group> {
    let mut it = value.split(|&c| c == b'-');
    let number = u8::try_from(parse_u64(it.next()?)?).ok()?;
    let count = u8::try_from(parse_u64(it.next()?)?).ok()?;
    let id = u32::try_from(parse_u64(it.next()?)?).ok()?;
    (it.next().is_none() && number >= 1 && number <= count).then_some(Group { number, count, id })
}

/// `$PGHP,1,yyyy,m,d,h,min,s,ms,...*hh`: Gatehouse's receive time for the next sentence.
fn parse_gatehouse(body: &[u8], opts: &ParseOptions) -> Result<Line<'static>, (ErrorKind, usize)> {
    let bad = |at| (ErrorKind::Malformed { what: Malformed::GatehouseTime }, at);
    let star = memchr::memchr(b'*', body)
        .ok_or((ErrorKind::Malformed { what: Malformed::MissingChecksum }, body.len()))?;
    let stated = hex_byte(&body[star + 1..])
        .ok_or((ErrorKind::Malformed { what: Malformed::ChecksumDigits }, star + 1))?;
    let computed = checksum(&body[1..star]);
    if computed != stated && !opts.accept_bad_checksum {
        return Err((ErrorKind::BadChecksum { computed, stated }, star + 1));
    }
    let mut f = body[..star].split(|&c| c == b',').skip(1);
    if f.next() != Some(b"1".as_slice()) {
        // Other PGHP message kinds carry no time.
        return Ok(Line::NonAis);
    }
    let mut num = || f.next().and_then(parse_u64).and_then(|v| i64::try_from(v).ok());
    let (y, mo, d, h, mi, s, ms) = (num(), num(), num(), num(), num(), num(), num());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s), Some(ms)) = (y, mo, d, h, mi, s, ms) else {
        return Err(bad(6));
    };
    let time_ms = civil_to_epoch_ms(y, mo, d, h, mi, s, ms).ok_or(bad(6))?;
    Ok(Line::Gatehouse { time_ms })
}

/// UTC civil time to ms since the epoch; `None` for out-of-range fields.
pub fn civil_to_epoch_ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> Option<i64> {
    if !(1..=12).contains(&mo)
        || !(1..=31).contains(&d)
        || !(0..24).contains(&h)
        || !(0..60).contains(&mi)
        || !(0..=60).contains(&s)
        || !(0..1000).contains(&ms)
        || !(1970..=9999).contains(&y)
    {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ais(line: &str) -> Sentence<'_> {
        match parse_line(line.as_bytes(), 1, &ParseOptions::default()).unwrap() {
            Line::Ais(s) => s,
            other => panic!("not AIS: {other:?}"),
        }
    }

    #[test]
    fn plain_sentence() {
        let s = ais("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n");
        assert_eq!(&s.talker, b"AI");
        assert_eq!(s.formatter, Formatter::Vdm);
        assert_eq!((s.fragment_count, s.fragment_number, s.sequence_id), (1, 1, None));
        assert_eq!(s.channel, Some(b'A'));
        assert_eq!(s.payload, b"15RTgt0PAso;90TKcjM8h6g208CQ");
        assert_eq!(s.fill_bits, 0);
        assert_eq!(s.time_ms(), None);
    }

    #[test]
    fn bad_checksum_rejected_with_location_unless_accepted() {
        let line = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B";
        let e = parse_line(line, 7, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BadChecksum { computed: 0x4A, stated: 0x4B });
        assert_eq!((e.line, e.byte), (7, 45)); // the stated checksum's first digit
        let lenient = ParseOptions { accept_bad_checksum: true };
        match parse_line(line, 7, &lenient).unwrap() {
            Line::Ais(s) => assert!(!s.checksum_ok),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tag_block_with_group_source_and_time() {
        let s = ais(
            r"\g:1-2-3985,s:rEV02,c:1334337317*2D\!AIVDM,2,1,9,B,58KvN<42ACikUKW77F1H4hF0<PTp622222222216`0`cF5BF0RT13H0T,0*70",
        );
        assert_eq!(s.tag_block.group, Some(Group { number: 1, count: 2, id: 3985 }));
        assert_eq!(s.tag_block.source, Some("rEV02"));
        assert_eq!(s.time_ms(), Some(1_334_337_317_000));
        assert_eq!(s.sequence_id, Some(9));
    }

    #[test]
    fn bad_tag_block_checksum() {
        let e = parse_line(
            br"\c:1420030798*00\!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22",
            1,
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::BadTagBlockChecksum { stated: 0, .. }));
    }

    #[test]
    fn trailing_epoch_ms_and_uscg_metadata() {
        let s = ais("!AIVDM,1,1,,A,144gjIP0085KKPQHMPjT81Sb1PSL,0*22,1328133720087");
        assert_eq!(s.time_ms(), Some(1_328_133_720_087));
        let s = ais("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,d-080,S2118,t050056.00,T56.4837741,r003669946,1325394060,1325394001");
        assert_eq!(s.time_ms(), Some(1_325_394_001_000));
    }

    #[test]
    fn extra_field_before_checksum() {
        let s = ais("!AIVDM,1,1,1,,13aI8e?P00PGpU:NR6s00?vT2000,0,0*1C");
        assert_eq!(s.sequence_id, Some(1));
        assert_eq!(s.channel, None);
        assert_eq!(s.fill_bits, 0);
    }

    #[test]
    fn gatehouse_time() {
        let l = parse_line(b"$PGHP,1,2013,3,18,9,19,9,499,219,,2190048,1,28*23", 1, &ParseOptions::default())
            .unwrap();
        assert_eq!(l, Line::Gatehouse { time_ms: 1_363_598_349_499 });
    }

    #[test]
    fn non_ais_and_comments() {
        let o = ParseOptions::default();
        assert_eq!(parse_line(b"$BSALR,,006,V,V,general failure*62", 1, &o).unwrap(), Line::NonAis);
        assert_eq!(parse_line(b"# comment", 1, &o).unwrap(), Line::NonAis);
        assert_eq!(parse_line(b"   \r\n", 1, &o).unwrap(), Line::NonAis);
        assert_eq!(parse_line(b"!AIPWR,1,2*00", 1, &o).unwrap(), Line::NonAis);
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        let o = ParseOptions::default();
        for bad in [
            &b"AIVDM,2,2,1,B,00000000000,2*26"[..],
            b"!AIVDM",
            b"!AIVDM,1,1,,A,abc,0",
            b"!AIVDM,1,1,,A,abc,0*",
            b"!AIVDM,1,1,,A,abc,0*G1",
            b"\\c:12",
            b"!AIVDM,0,1,,A,,0*00",
            b"\xff\xfe!AIVDM",
        ] {
            assert!(parse_line(bad, 1, &o).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let long = vec![b'!'; MAX_LINE_BYTES + 1];
        assert!(matches!(parse_line(&long, 1, &o).unwrap_err().kind, ErrorKind::LineTooLong { .. }));
    }

    #[test]
    fn civil_time() {
        assert_eq!(civil_to_epoch_ms(1970, 1, 1, 0, 0, 0, 0), Some(0));
        assert_eq!(civil_to_epoch_ms(2012, 2, 29, 12, 0, 0, 0), Some(1_330_516_800_000));
        assert_eq!(civil_to_epoch_ms(2012, 13, 1, 0, 0, 0, 0), None);
    }
}

//! Typed errors with their location.
//!
//! The decoder has no I/O, so a location is what it can know: the line number the
//! caller gave it and the byte offset of the fault within that line. Callers that
//! read files add the file name (see `plimsoll::ingest`).

use std::fmt;

/// An error from framing, assembling or decoding one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, byte {byte}: {kind}")]
pub struct Error {
    /// What went wrong; match on it.
    pub kind: ErrorKind,
    /// The 1-based line number the caller passed with the line (0 when unknown).
    pub line: u64,
    /// Byte offset of the fault within that line (0-based).
    pub byte: usize,
}

impl Error {
    /// An error of `kind` at `byte` of `line`.
    pub fn new(kind: ErrorKind, line: u64, byte: usize) -> Self {
        Error { kind, line, byte }
    }

    /// The coarse outcome this error is counted under in reports.
    pub fn outcome(&self) -> Outcome {
        self.kind.outcome()
    }
}

/// What went wrong. Variants carry the offending values, never free text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The line is longer than [`crate::MAX_LINE_BYTES`].
    #[error("line too long ({len_bytes} bytes, limit {limit_bytes})")]
    LineTooLong { len_bytes: usize, limit_bytes: usize },
    /// The sentence's checksum does not match its content.
    #[error("bad checksum: computed {computed:02X}, sentence says {stated:02X}")]
    BadChecksum { computed: u8, stated: u8 },
    /// The tag block's checksum does not match its content.
    #[error("bad tag block checksum: computed {computed:02X}, tag block says {stated:02X}")]
    BadTagBlockChecksum { computed: u8, stated: u8 },
    /// The tag block is not `\...*hh\` or one of its fields is malformed.
    #[error("malformed tag block: {what}")]
    MalformedTagBlock { what: Malformed },
    /// The sentence is not well-formed NMEA 0183 AIVDM/AIVDO.
    #[error("malformed sentence: {what}")]
    Malformed { what: Malformed },
    /// A character outside the 6-bit armouring alphabet in the payload.
    #[error("invalid payload character {byte:#04x}")]
    InvalidPayloadChar { byte: u8 },
    /// The payload is longer than [`crate::MAX_PAYLOAD_CHARS`].
    #[error("payload too long ({len_chars} characters, limit {limit_chars})")]
    PayloadTooLong { len_chars: usize, limit_chars: usize },
    /// The payload is shorter than its message type requires.
    #[error("message type {msg_type} too short: {len_bits} bits, needs {min_bits}")]
    TooShort { msg_type: u8, len_bits: usize, min_bits: usize },
    /// A type 24 part number other than 0 (part A) or 1 (part B).
    #[error("message type 24 part number {part} (only 0 and 1 exist)")]
    InvalidPartNumber { part: u8 },
    /// Message type 0 or above 27.
    #[error("unsupported message type {msg_type}")]
    UnsupportedType { msg_type: u8 },
    /// An empty payload.
    #[error("empty payload")]
    EmptyPayload,
    /// A fragment that repeats one already held for its message.
    #[error("duplicate fragment {fragment_number} of {fragment_count}")]
    DuplicateFragment { fragment_number: u8, fragment_count: u8 },
    /// The fragments of a multi-part message never all arrived (or a new message
    /// with the same key displaced them); reported on each fragment's line.
    #[error("incomplete multi-part message: {have} of {fragment_count} fragments ({reason})")]
    IncompleteMessage { have: u8, fragment_count: u8, reason: IncompleteReason },
    /// The line has no receive time and none was assumed.
    #[error("no receive time for this line")]
    NoTime,
}

/// Which part of a sentence was malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// The line is neither a comment nor an NMEA sentence (`!` or `$`).
    NotNmea,
    /// No `*hh` checksum field.
    MissingChecksum,
    /// The checksum is not two hexadecimal digits.
    ChecksumDigits,
    /// Fewer than the seven fields of `!xxVDM,n,m,s,c,payload,fill`.
    TooFewFields,
    /// The fragment count is not 1–9.
    FragmentCount,
    /// The fragment number is not 1–count.
    FragmentNumber,
    /// The sequence id is not a digit.
    SequenceId,
    /// The fill-bit count is not 0–5.
    FillBits,
    /// The channel is more than one character.
    Channel,
    /// Bytes that are not ASCII where ASCII is required.
    NotAscii,
    /// A tag block with no closing backslash.
    TagBlockUnterminated,
    /// A tag-block field that is not `x:value`.
    TagBlockField,
    /// A tag-block time that is not a number.
    TagBlockTime,
    /// A tag-block group that is not `n-m-id`.
    TagBlockGroup,
    /// A Gatehouse `$PGHP` line whose date fields do not form a valid time.
    GatehouseTime,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Malformed::NotNmea => "not an NMEA sentence",
            Malformed::MissingChecksum => "no *hh checksum",
            Malformed::ChecksumDigits => "checksum is not two hex digits",
            Malformed::TooFewFields => "fewer than 7 fields",
            Malformed::FragmentCount => "fragment count not 1-9",
            Malformed::FragmentNumber => "fragment number not 1..count",
            Malformed::SequenceId => "sequence id not a digit",
            Malformed::FillBits => "fill bits not 0-5",
            Malformed::Channel => "channel longer than one character",
            Malformed::NotAscii => "non-ASCII bytes",
            Malformed::TagBlockUnterminated => "no closing backslash",
            Malformed::TagBlockField => "field is not x:value",
            Malformed::TagBlockTime => "time is not a number",
            Malformed::TagBlockGroup => "group is not n-m-id",
            Malformed::GatehouseTime => "$PGHP date is not a valid time",
        };
        f.write_str(text)
    }
}

/// Why a multi-part message was given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IncompleteReason {
    /// A new first fragment (or a different fragment count) arrived under the same key.
    Superseded,
    /// Open longer than the assembler's line or time limit.
    TimedOut,
    /// Evicted because too many messages were open at once.
    TooManyOpen,
    /// The input ended first.
    EndOfInput,
}

impl fmt::Display for IncompleteReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IncompleteReason::Superseded => "superseded by a new message",
            IncompleteReason::TimedOut => "timed out",
            IncompleteReason::TooManyOpen => "too many open messages",
            IncompleteReason::EndOfInput => "end of input",
        })
    }
}

/// The fate of one input line, as counted in ingest reports. Every line read gets
/// exactly one, so the counts add up to the lines read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Part of a message that decoded.
    Decoded,
    /// A blank line, a comment, or an NMEA sentence that is not AIS (`$GPGGA`,
    /// `$BSALR`, a consumed `$PGHP` time line, ...).
    NonAis,
    /// The sentence or its tag block failed its checksum.
    BadChecksum,
    /// Not well-formed, or its payload does not decode as its type says.
    Malformed,
    /// A fragment of a multi-part message that never completed.
    Incomplete,
    /// A message type this decoder does not know (0, or above 27).
    Unsupported,
    /// A repeated fragment, or a message the caller already has.
    Duplicate,
    /// Decoded, but no receive time was known (only counted by callers that need time).
    NoTime,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 8] = [
        Outcome::Decoded,
        Outcome::NonAis,
        Outcome::BadChecksum,
        Outcome::Malformed,
        Outcome::Incomplete,
        Outcome::Unsupported,
        Outcome::Duplicate,
        Outcome::NoTime,
    ];

    /// The snake_case name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Decoded => "decoded",
            Outcome::NonAis => "non_ais",
            Outcome::BadChecksum => "bad_checksum",
            Outcome::Malformed => "malformed",
            Outcome::Incomplete => "incomplete",
            Outcome::Unsupported => "unsupported",
            Outcome::Duplicate => "duplicate",
            Outcome::NoTime => "no_time",
        }
    }

    /// Parses [`Outcome::name`] back.
    pub fn from_name(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.name() == name)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl ErrorKind {
    /// The outcome a line with this error is counted under.
    pub fn outcome(&self) -> Outcome {
        match self {
            ErrorKind::BadChecksum { .. } | ErrorKind::BadTagBlockChecksum { .. } => Outcome::BadChecksum,
            ErrorKind::UnsupportedType { .. } => Outcome::Unsupported,
            ErrorKind::DuplicateFragment { .. } => Outcome::Duplicate,
            ErrorKind::IncompleteMessage { .. } => Outcome::Incomplete,
            ErrorKind::NoTime => Outcome::NoTime,
            ErrorKind::LineTooLong { .. }
            | ErrorKind::MalformedTagBlock { .. }
            | ErrorKind::Malformed { .. }
            | ErrorKind::InvalidPayloadChar { .. }
            | ErrorKind::PayloadTooLong { .. }
            | ErrorKind::TooShort { .. }
            | ErrorKind::InvalidPartNumber { .. }
            | ErrorKind::EmptyPayload => Outcome::Malformed,
        }
    }
}

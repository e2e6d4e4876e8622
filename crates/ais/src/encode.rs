//! Sentences from messages: the encoder used by round-trip tests and the simulator.

use crate::msg::Message;
use crate::sentence::checksum;
use std::fmt::Write;

/// How to frame encoded messages.
#[derive(Debug, Clone)]
pub struct EncodeOptions<'a> {
    /// Talker id, `AI` by default.
    pub talker: &'a str,
    /// `A` or `B` (or none).
    pub channel: Option<char>,
    /// Most payload characters per sentence (60 keeps sentences under 82 bytes);
    /// raised when the payload would otherwise need more than 9 fragments.
    pub max_payload_chars: usize,
    /// A tag block `c:` receive time, ms since the epoch (written in seconds when whole).
    pub time_ms: Option<i64>,
    /// A tag block `s:` source station.
    pub source: Option<&'a str>,
    /// Own-ship (`VDO`) instead of `VDM`.
    pub own_ship: bool,
}

impl Default for EncodeOptions<'_> {
    fn default() -> Self {
        EncodeOptions {
            talker: "AI",
            channel: Some('A'),
            max_payload_chars: 60,
            time_ms: None,
            source: None,
            own_ship: false,
        }
    }
}

/// Encodes `msg` into one or more sentences (without line endings). `sequence_id`
/// (0–9) ties the fragments of a multi-part message together.
pub fn encode_sentences(msg: &Message, sequence_id: u8, opts: &EncodeOptions<'_>) -> Vec<String> {
    let (payload, fill) = msg.encode_payload();
    // A message has at most 9 fragments; longer payloads get longer fragments.
    let chunk = opts.max_payload_chars.max(1).max(payload.len().div_ceil(9));
    let chunks: Vec<&str> = if payload.is_empty() {
        vec![""]
    } else {
        payload.as_bytes().chunks(chunk).map(|c| std::str::from_utf8(c).unwrap_or("")).collect()
    };
    let count = chunks.len();
    let formatter = if opts.own_ship { "VDO" } else { "VDM" };
    let mut out = Vec::with_capacity(count);
    for (i, part) in chunks.iter().enumerate() {
        let mut line = String::with_capacity(100);
        if i == 0 && (opts.time_ms.is_some() || opts.source.is_some()) {
            let mut tb = String::new();
            if let Some(s) = opts.source {
                let _ = write!(tb, "s:{s}");
            }
            if let Some(t) = opts.time_ms {
                if !tb.is_empty() {
                    tb.push(',');
                }
                if t % 1000 == 0 {
                    let _ = write!(tb, "c:{}", t / 1000);
                } else {
                    let _ = write!(tb, "c:{t}");
                }
            }
            let _ = write!(line, "\\{tb}*{:02X}\\", checksum(tb.as_bytes()));
        }
        let seq = if count > 1 { sequence_id.min(9).to_string() } else { String::new() };
        let fill_here = if i + 1 == count { fill } else { 0 };
        let body = format!(
            "{}{},{},{},{},{},{},{}",
            opts.talker,
            formatter,
            count,
            i + 1,
            seq,
            opts.channel.map(String::from).unwrap_or_default(),
            part,
            fill_here
        );
        let _ = write!(line, "!{body}*{:02X}", checksum(body.as_bytes()));
        out.push(line);
    }
    out
}

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
    /// An IEC 61162-450 group id: a multi-part message then carries a tag block on every
    /// fragment (`g:<n>-<count>-<id>`, the first with `s:` and `c:` as well), as
    /// satellite feeds write it, so that the fragments stay tied to their station when
    /// several stations' messages interleave. Single-part messages carry no `g:`.
    pub group_id: Option<u32>,
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
            group_id: None,
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
        let group = opts.group_id.filter(|_| count > 1);
        if let Some(id) = group.filter(|_| i > 0) {
            let tb = format!("g:{}-{count}-{id}", i + 1);
            let _ = write!(line, "\\{tb}*{:02X}\\", checksum(tb.as_bytes()));
        } else if i == 0 && (opts.time_ms.is_some() || opts.source.is_some() || group.is_some()) {
            let mut tb = String::new();
            if let Some(id) = group {
                let _ = write!(tb, "g:1-{count}-{id}");
            }
            if let Some(s) = opts.source {
                if !tb.is_empty() {
                    tb.push(',');
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoder::{Decoder, Fed};
    use crate::msg::Dimensions;

    #[test]
    fn grouped_fragments_carry_tag_blocks_and_reassemble() {
        let msg = Message::StaticVoyage(Box::new(crate::msg::StaticVoyage {
            repeat: 0,
            mmsi: 445_123_456,
            ais_version: 2,
            imo: Some(8_604_917),
            callsign: "HMYU2".into(),
            shipname: "YU JONG 2".into(),
            ship_type: 80,
            dimensions: Dimensions { to_bow_m: 60, to_stern_m: 40, to_port_m: 7, to_starboard_m: 7 },
            epfd: 1,
            eta: crate::msg::Eta { month: 0, day: 0, hour: 24, minute: 60 },
            draught_m: Some(5.8),
            destination: String::new(),
            dte: false,
            spare: 0,
        }));
        let opts = EncodeOptions {
            source: Some("SAT"),
            time_ms: Some(1_518_566_400_000),
            group_id: Some(42),
            ..EncodeOptions::default()
        };
        let lines = encode_sentences(&msg, 3, &opts);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("\\g:1-2-42,s:SAT,c:1518566400*"), "{}", lines[0]);
        assert!(lines[1].starts_with("\\g:2-2-42*"), "{}", lines[1]);
        let mut decoder = Decoder::default();
        assert_eq!(decoder.feed(lines[0].as_bytes(), 1), Fed::Held);
        match decoder.feed(lines[1].as_bytes(), 2) {
            Fed::Message(decoded) => {
                assert_eq!(decoded.message, msg);
                assert_eq!(decoded.time_ms, Some(1_518_566_400_000));
                assert_eq!(decoder.sources()[usize::try_from(decoded.source.unwrap()).unwrap()], "SAT");
            }
            other => panic!("{other:?}"),
        }
        // A single-part message gets no group.
        let single = encode_sentences(&msg, 0, &EncodeOptions { max_payload_chars: 100, ..opts });
        assert!(single[0].starts_with("\\s:SAT,c:1518566400*"), "{}", single[0]);
    }
}

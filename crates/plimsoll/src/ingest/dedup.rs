//! Suppressing the same message heard by several receivers.
//!
//! A message is a duplicate when one with the same content (fingerprint) was
//! received within the window before or after it. Memory is bounded: entries
//! live in two generations, and the older is dropped when the newer fills up or
//! is older than the window. Dropping can only miss a duplicate (keep both
//! copies), never drop a message that was not seen.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use ais::Message;

/// Default window: copies of one transmission arrive within seconds of each
/// other. It stays well under 60 s, so that two different transmissions with
/// the same content and the same UTC second (a minute apart) are never confused.
pub const DUPLICATE_WINDOW_MS: i64 = 30_000;
/// Default bound on remembered messages per generation (two generations are kept).
pub const DUPLICATE_CAPACITY: usize = 1 << 20;

/// When and where a fingerprint was first seen.
#[derive(Debug, Clone, Copy)]
struct Seen {
    time_ms: i64,
    line: u64,
}

/// The fingerprints are already keyed hashes; hashing them again would only cost.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type SeenMap = HashMap<u64, Seen, BuildHasherDefault<Prehashed>>;

/// A bounded memory of recent messages.
pub struct DuplicateFilter {
    window_ms: i64,
    capacity: usize,
    current: SeenMap,
    previous: SeenMap,
    /// Receive time that opened the current generation.
    generation_start_ms: i64,
    /// A per-run key, so crafted input cannot aim for collisions.
    keys: foldhash::fast::RandomState,
}

impl DuplicateFilter {
    /// A filter with the given window and per-generation capacity.
    pub fn new(window_ms: i64, capacity: usize) -> Self {
        DuplicateFilter {
            window_ms,
            capacity: capacity.max(1),
            current: SeenMap::default(),
            previous: SeenMap::default(),
            generation_start_ms: i64::MIN,
            keys: foldhash::fast::RandomState::default(),
        }
    }

    /// The fingerprint of a message's content: the fields of its position and
    /// static data when it has them (all that the store keeps), else its
    /// re-encoded payload.
    pub fn fingerprint(&self, message: &Message) -> u64 {
        let mut h = self.keys.build_hasher();
        let position = message.position();
        let static_data = message.static_data();
        // The position's fields in one write: the hasher's cost is per call.
        let mut words = [0u64; 6];
        words[0] = u64::from(message.msg_type()) << 40
            | u64::from(message.repeat()) << 32
            | u64::from(message.mmsi());
        if let Some(p) = &position {
            words[1] = p.lat_deg.to_bits();
            words[2] = p.lon_deg.to_bits();
            words[3] = p.sog_knots.map_or(u64::MAX, f64::to_bits);
            words[4] = p.cog_deg.map_or(u64::MAX, f64::to_bits);
            words[5] = u64::from(p.heading_deg.unwrap_or(u16::MAX)) << 32
                | u64::from(p.nav_status) << 16
                | u64::from(p.utc_second.unwrap_or(u8::MAX)) << 8
                | u64::from(p.accuracy);
        }
        let mut bytes = [0u8; 48];
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        h.write(&bytes);
        if let Some(s) = &static_data {
            h.write_u32(s.imo.unwrap_or(u32::MAX));
            for text in [s.callsign, s.shipname, s.destination] {
                h.write(text.unwrap_or("\u{0}").as_bytes());
                h.write_u8(0xff);
            }
            h.write_u8(s.ship_type.unwrap_or(0));
            if let Some(d) = s.dimensions {
                h.write_u16(d.to_bow_m);
                h.write_u16(d.to_stern_m);
                h.write_u8(d.to_port_m);
                h.write_u8(d.to_starboard_m);
            }
            h.write_u64(s.draught_m.map_or(u64::MAX, f64::to_bits));
            if let Some(e) = s.eta {
                h.write(&[e.month, e.day, e.hour, e.minute]);
            }
        }
        if position.is_none() && static_data.is_none() {
            let (payload, fill_bits) = message.encode_payload();
            h.write(payload.as_bytes());
            h.write_u8(fill_bits);
        }
        h.finish()
    }

    /// Records a message received at `time_ms` on `line`. Returns the line of
    /// the earlier copy if this one is a duplicate.
    pub fn check(&mut self, fingerprint: u64, time_ms: i64, line: u64) -> Option<u64> {
        for map in [&self.current, &self.previous] {
            if let Some(seen) = map.get(&fingerprint) {
                if time_ms.abs_diff(seen.time_ms) <= self.window_ms.unsigned_abs() {
                    return Some(seen.line);
                }
            }
        }
        if self.current.len() >= self.capacity
            || time_ms.saturating_sub(self.generation_start_ms) > self.window_ms
        {
            self.previous = std::mem::take(&mut self.current);
            self.generation_start_ms = time_ms;
        }
        self.current.insert(fingerprint, Seen { time_ms, line });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(mmsi: u32, second: u8) -> Message {
        let line = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
        let mut d = ais::Decoder::default();
        let ais::Fed::Message(m) = d.feed(line, 1) else { panic!() };
        let Message::Position(mut p) = m.message else { panic!() };
        p.mmsi = mmsi;
        p.second = second;
        Message::Position(p)
    }

    #[test]
    fn same_message_within_window_is_duplicate() {
        let mut f = DuplicateFilter::new(30_000, 100);
        let a = f.fingerprint(&position(1, 10));
        assert_eq!(f.check(a, 1_000_000, 1), None);
        assert_eq!(f.check(a, 1_000_500, 2), Some(1));
        assert_eq!(f.check(a, 999_000, 3), Some(1));
        // different content, or the same content a minute later: not duplicates
        let b = f.fingerprint(&position(2, 10));
        assert_eq!(f.check(b, 1_000_500, 4), None);
        assert_eq!(f.check(a, 1_060_000, 5), None);
    }

    #[test]
    fn fingerprints_differ_by_content() {
        let f = DuplicateFilter::new(30_000, 100);
        assert_eq!(f.fingerprint(&position(1, 10)), f.fingerprint(&position(1, 10)));
        assert_ne!(f.fingerprint(&position(1, 10)), f.fingerprint(&position(1, 11)));
    }

    #[test]
    fn memory_is_bounded() {
        let mut f = DuplicateFilter::new(30_000, 10);
        for i in 0..1000u64 {
            assert_eq!(f.check(i, 5_000, i), None);
            assert!(f.current.len() <= 10 && f.previous.len() <= 10);
        }
        // recent ones are still remembered
        assert_eq!(f.check(999, 5_000, 2000), Some(999));
    }
}

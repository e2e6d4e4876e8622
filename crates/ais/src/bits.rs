//! The 6-bit armoured payload: unarmouring into bits, reading fields, and the
//! writer the encoder uses.
//!
//! Bits are kept MSB-first in `u64` words, so a field of up to 57 bits is read with
//! at most two word loads and shifts. The buffer is reused between messages so the
//! hot path does not allocate.

use crate::error::ErrorKind;

/// The most payload characters one message may have, across all its fragments.
/// ITU-R M.1371 allows 5 slots (1,008 bits, 168 characters); feeds in the wild
/// stretch that, so the bound is generous but finite.
pub const MAX_PAYLOAD_CHARS: usize = 1024;

/// The bits of one message's payload, MSB first.
#[derive(Debug, Clone, Default)]
pub struct BitBuf {
    words: Vec<u64>,
    len_bits: usize,
}

/// 6-bit values of armoured characters; 0x80 marks bytes outside the alphabet.
static UNARMOR: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'0'..=b'W' => b - 48,
            b'`'..=b'w' => b - 56,
            _ => 0x80,
        };
        c += 1;
    }
    t
};

fn first_invalid(group: &[u8], offset: usize) -> (ErrorKind, usize) {
    let i = group.iter().position(|&c| UNARMOR[usize::from(c)] & 0x80 != 0).unwrap_or(0);
    (ErrorKind::InvalidPayloadChar { byte: group.get(i).copied().unwrap_or(0) }, offset + i)
}

/// The 6-bit value of an armoured payload character, or `None` outside the alphabet
/// (`0`–`W` and `` ` ``–`w`).
#[inline]
pub fn unarmor(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'W' => Some(c - 48),
        b'`'..=b'w' => Some(c - 56),
        _ => None,
    }
}

/// The armoured character for a 6-bit value (only the low 6 bits are used).
#[inline]
pub fn armor(v: u8) -> u8 {
    let v = v & 0x3f;
    if v < 40 {
        v + 48
    } else {
        v + 56
    }
}

impl BitBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        BitBuf { words: Vec::with_capacity(MAX_PAYLOAD_CHARS * 6 / 64 + 2), len_bits: 0 }
    }

    /// Replaces the content with the payload `chars` (possibly the concatenation of
    /// several fragments), less `fill_bits` at the end.
    ///
    /// On error the offending character's index within `chars` is returned with the kind.
    pub fn fill(&mut self, chars: &[u8], fill_bits: u8) -> Result<(), (ErrorKind, usize)> {
        self.clear();
        self.extend(chars)?;
        self.finish(fill_bits);
        Ok(())
    }

    /// Empties the buffer, keeping its allocation.
    pub fn clear(&mut self) {
        self.words.clear();
        self.len_bits = 0;
    }

    /// Appends the bits of armoured `chars`. Call [`BitBuf::finish`] after the last.
    pub fn extend(&mut self, chars: &[u8]) -> Result<(), (ErrorKind, usize)> {
        let total_chars = self.len_bits / 6 + chars.len();
        if total_chars > MAX_PAYLOAD_CHARS {
            return Err((
                ErrorKind::PayloadTooLong { len_chars: total_chars, limit_chars: MAX_PAYLOAD_CHARS },
                0,
            ));
        }
        // Pending bits live in the last word, left-aligned; `used` is how many.
        let mut used = u32::try_from(self.len_bits % 64).unwrap_or(0);
        let mut acc: u64 = if used == 0 { 0 } else { self.words.pop().unwrap_or(0) };
        // Ten characters (60 bits) at a time: one table lookup each, one validity
        // test for the group, one append.
        let mut groups = chars.chunks_exact(10);
        for (g, group) in (&mut groups).enumerate() {
            let mut v = 0u64;
            let mut invalid = 0u8;
            for &c in group {
                let x = UNARMOR[usize::from(c)];
                invalid |= x;
                v = (v << 6) | u64::from(x & 0x3f);
            }
            if invalid & 0x80 != 0 {
                return Err(first_invalid(group, g * 10));
            }
            self.push_bits(&mut acc, &mut used, v, 60);
        }
        let done = chars.len() - groups.remainder().len();
        for (i, &c) in groups.remainder().iter().enumerate() {
            let x = UNARMOR[usize::from(c)];
            if x & 0x80 != 0 {
                return Err((ErrorKind::InvalidPayloadChar { byte: c }, done + i));
            }
            self.push_bits(&mut acc, &mut used, u64::from(x), 6);
        }
        if used > 0 {
            self.words.push(acc);
        }
        self.len_bits += chars.len() * 6;
        Ok(())
    }

    /// Appends the low `n` (1–63) bits of `v` to the pending word `acc` holding `used` bits.
    #[inline(always)]
    fn push_bits(&mut self, acc: &mut u64, used: &mut u32, v: u64, n: u32) {
        let free = 64 - *used;
        if n < free {
            *acc |= v << (free - n);
            *used += n;
        } else {
            *acc |= v >> (n - free);
            self.words.push(*acc);
            let rest = n - free;
            *acc = if rest == 0 { 0 } else { v << (64 - rest) };
            *used = rest;
        }
    }

    /// Drops `fill_bits` from the end and pads so that reads past the end see zeros.
    pub fn finish(&mut self, fill_bits: u8) {
        self.len_bits = self.len_bits.saturating_sub(usize::from(fill_bits.min(5)));
        // A zero word after the data lets `get` read two words without a bounds branch
        // in the common case.
        self.words.push(0);
    }

    /// Number of payload bits (after fill bits are removed).
    #[inline]
    pub fn len_bits(&self) -> usize {
        self.len_bits
    }

    /// Reads `len` bits (0–57) from bit `start` as an unsigned integer. Bits past the
    /// end of the payload read as zero.
    #[inline]
    pub fn get(&self, start: usize, len: u32) -> u64 {
        debug_assert!(len <= 57);
        if len == 0 {
            return 0;
        }
        let word = start / 64;
        let offset = start % 64;
        let hi = self.words.get(word).copied().unwrap_or(0);
        let lo = self.words.get(word + 1).copied().unwrap_or(0);
        // Join the two words around the field, then take its `len` bits.
        let joined = if offset == 0 { hi } else { (hi << offset) | (lo >> (64 - offset)) };
        let mut v = joined >> (64 - len);
        // Bits beyond len_bits may hold fill bits: mask them out.
        let end = start + len as usize;
        if end > self.len_bits {
            let beyond = (end - self.len_bits).min(len as usize);
            v &= if beyond >= 64 { 0 } else { u64::MAX << beyond };
            // Fields starting past the end read as zero.
        }
        v
    }

    /// Reads an unsigned field that fits in `u32` (len ≤ 32).
    #[inline]
    pub fn u32(&self, start: usize, len: u32) -> u32 {
        debug_assert!(len <= 32);
        u32::try_from(self.get(start, len)).unwrap_or(u32::MAX)
    }

    /// Reads an unsigned field that fits in `u8` (len ≤ 8).
    #[inline]
    pub fn u8(&self, start: usize, len: u32) -> u8 {
        debug_assert!(len <= 8);
        u8::try_from(self.get(start, len)).unwrap_or(u8::MAX)
    }

    /// Reads an unsigned field that fits in `u16` (len ≤ 16).
    #[inline]
    pub fn u16(&self, start: usize, len: u32) -> u16 {
        debug_assert!(len <= 16);
        u16::try_from(self.get(start, len)).unwrap_or(u16::MAX)
    }

    /// Reads a two's-complement signed field (len 1–32).
    #[inline]
    pub fn i32(&self, start: usize, len: u32) -> i32 {
        debug_assert!((1..=32).contains(&len));
        let raw = self.get(start, len);
        let shift = 64 - len;
        // Sign-extend through i64: a shift, not a lossy cast.
        let v = (raw << shift).cast_signed() >> shift;
        i32::try_from(v).unwrap_or(0)
    }

    /// Reads a one-bit flag.
    #[inline]
    pub fn bool(&self, start: usize) -> bool {
        self.get(start, 1) == 1
    }

    /// Reads `n_chars` six-bit ASCII characters from bit `start`, trimming the `@`
    /// padding and trailing spaces as gpsd does. Characters past the end of the
    /// payload are not read.
    pub fn text(&self, start: usize, n_chars: usize) -> String {
        let mut s = self.text_untrimmed(start, n_chars);
        let trimmed = s.trim_end_matches(' ').len();
        s.truncate(trimmed);
        s
    }

    /// Like [`BitBuf::text`] but keeps trailing spaces: it stops only at the first
    /// `@` or the end of the payload. Fields that gpsd joins with a neighbour before
    /// trimming (type 21 name extension, type 24 vendor id) need this.
    pub fn text_untrimmed(&self, start: usize, n_chars: usize) -> String {
        let mut s = String::with_capacity(n_chars);
        for i in 0..n_chars {
            let at = start + i * 6;
            if at + 6 > self.len_bits {
                break;
            }
            let v = self.u8(at, 6);
            // 0 is '@', the terminator
            if v == 0 {
                break;
            }
            s.push(char::from(sixbit_ascii(v)));
        }
        s
    }

    /// The text from bit `start` to the end of the payload, in whole characters
    /// (gpsd's rule for the free text of types 12, 14 and some binary payloads).
    pub fn text_to_end(&self, start: usize) -> String {
        self.text(start, self.len_bits.saturating_sub(start) / 6)
    }

    /// Copies the bits `start..start+len_bits` into bytes, MSB first, with the last
    /// byte zero-padded: the form gpsd prints as `"data":"<bits>:<hex>"`.
    pub fn bytes(&self, start: usize, len_bits: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len_bits.div_ceil(8));
        let mut at = start;
        let end = start + len_bits;
        while at < end {
            let n = (end - at).min(8);
            let v = self.u8(at, u32::try_from(n).unwrap_or(8));
            out.push(v << (8 - n));
            at += n;
        }
        out
    }
}

/// The ASCII character of a 6-bit text value (ITU-R M.1371 Table 47).
#[inline]
pub fn sixbit_ascii(v: u8) -> u8 {
    let v = v & 0x3f;
    if v < 32 {
        v + 64
    } else {
        v
    }
}

/// The 6-bit text value of an ASCII character; characters outside the table become `?`.
#[inline]
pub fn ascii_sixbit(c: u8) -> u8 {
    match c {
        b'@'..=b'_' => c - 64,
        b' '..=b'?' => c,
        b'a'..=b'z' => c - 96, // lower case is sent as upper case
        _ => b'?',
    }
}

/// Builds a payload bit by bit, MSB first; the encoder's half of [`BitBuf`].
#[derive(Debug, Clone, Default)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        BitWriter { bits: Vec::with_capacity(1024) }
    }

    /// Appends the low `len` bits of `v`, MSB first.
    pub fn put(&mut self, v: u64, len: u32) {
        for i in (0..len).rev() {
            self.bits.push((v >> i) & 1 == 1);
        }
    }

    /// Appends a signed value in two's complement of `len` bits.
    pub fn put_i(&mut self, v: i64, len: u32) {
        let mask = if len >= 64 { u64::MAX } else { (1u64 << len) - 1 };
        self.put(v.cast_unsigned() & mask, len);
    }

    /// Appends a flag.
    pub fn put_bool(&mut self, b: bool) {
        self.bits.push(b);
    }

    /// Appends `text` as `n_chars` six-bit characters, padded with `@`.
    pub fn put_text(&mut self, text: &str, n_chars: usize) {
        let mut bytes = text.bytes();
        for _ in 0..n_chars {
            let v = bytes.next().map_or(0, ascii_sixbit);
            self.put(u64::from(v), 6);
        }
    }

    /// Appends whole bytes, then drops bits so exactly `len_bits` were added.
    pub fn put_bytes(&mut self, data: &[u8], len_bits: usize) {
        let start = self.bits.len();
        for &b in data {
            self.put(u64::from(b), 8);
        }
        self.bits.truncate(start + len_bits);
        while self.bits.len() < start + len_bits {
            self.bits.push(false);
        }
    }

    /// Number of bits written.
    pub fn len_bits(&self) -> usize {
        self.bits.len()
    }

    /// The armoured payload and its fill-bit count.
    pub fn armored(&self) -> (String, u8) {
        let fill = (6 - self.bits.len() % 6) % 6;
        let mut s = String::with_capacity(self.bits.len().div_ceil(6));
        for chunk in self.bits.chunks(6) {
            let mut v = 0u8;
            for i in 0..6 {
                v = (v << 1) | u8::from(chunk.get(i).copied().unwrap_or(false));
            }
            s.push(char::from(armor(v)));
        }
        (s, u8::try_from(fill).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armor_round_trip_all_values() {
        for v in 0..64u8 {
            assert_eq!(unarmor(armor(v)), Some(v));
        }
        assert_eq!(unarmor(b'X'), None);
        assert_eq!(unarmor(b'_'), None);
        assert_eq!(unarmor(b'x'), None);
    }

    #[test]
    fn reads_fields_across_word_boundaries() {
        let mut w = BitWriter::new();
        w.put(0b101, 3);
        w.put(0x1234_5678_9, 36);
        w.put(0x3f_ffff, 30);
        w.put_i(-5, 8);
        w.put(1, 1);
        let (payload, fill) = w.armored();
        let mut b = BitBuf::new();
        b.fill(payload.as_bytes(), fill).unwrap();
        assert_eq!(b.len_bits(), 78);
        assert_eq!(b.get(0, 3), 0b101);
        assert_eq!(b.get(3, 36), 0x1234_5678_9);
        assert_eq!(b.get(39, 30), 0x3f_ffff);
        assert_eq!(b.i32(69, 8), -5);
        assert!(b.bool(77));
        // past the end reads zero, never panics
        assert_eq!(b.get(78, 57), 0);
        assert_eq!(b.get(10_000, 57), 0);
    }

    #[test]
    fn fill_bits_are_masked() {
        // one character "w" = 0b111111; with 4 fill bits only "11" is payload
        let mut b = BitBuf::new();
        b.fill(b"w", 4).unwrap();
        assert_eq!(b.len_bits(), 2);
        assert_eq!(b.get(0, 6), 0b110000);
    }

    #[test]
    fn text_trims_padding() {
        let mut w = BitWriter::new();
        w.put_text("EVER DIADEM", 20);
        let (p, f) = w.armored();
        let mut b = BitBuf::new();
        b.fill(p.as_bytes(), f).unwrap();
        assert_eq!(b.text(0, 20), "EVER DIADEM");
    }

    #[test]
    fn rejects_bad_characters_with_index() {
        let mut b = BitBuf::new();
        assert_eq!(b.fill(b"15RT~", 0).unwrap_err(), (ErrorKind::InvalidPayloadChar { byte: b'~' }, 4));
    }

    #[test]
    fn extend_concatenates_fragments_at_any_alignment() {
        let mut w = BitWriter::new();
        for i in 0..100u64 {
            w.put(i % 64, 6);
        }
        let (p, _) = w.armored();
        let mut whole = BitBuf::new();
        whole.fill(p.as_bytes(), 0).unwrap();
        for split in [1usize, 10, 11, 33, 60, 99] {
            let mut parts = BitBuf::new();
            parts.extend(&p.as_bytes()[..split]).unwrap();
            parts.extend(&p.as_bytes()[split..]).unwrap();
            parts.finish(0);
            for start in (0..600).step_by(7) {
                assert_eq!(parts.get(start, 13), whole.get(start, 13), "split {split} at {start}");
            }
        }
    }
}

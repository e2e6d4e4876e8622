//! A minimal JSON object writer for gpsd's AIVDM JSON, without allocation per field.
//!
//! gpsd's field names and number formats are the de-facto convention (pyais and
//! AIS-catcher follow it), so decoded output can be compared with theirs.

use std::fmt::Write;

/// Writes one JSON object's fields into a `String`.
pub struct JsonWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> JsonWriter<'a> {
    /// Opens an object at the end of `out`.
    pub fn begin(out: &'a mut String) -> Self {
        out.push('{');
        JsonWriter { out, first: true }
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }

    fn key(&mut self, name: &str) {
        self.key_with_suffix(name, "");
    }

    fn key_with_suffix(&mut self, name: &str, suffix: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str(suffix);
        self.out.push_str("\":");
    }

    /// An unsigned integer field.
    pub fn uint(&mut self, name: &str, v: impl Into<u64>) {
        self.key(name);
        self.out.push_str(itoa::Buffer::new().format(v.into()));
    }

    /// A signed integer field.
    pub fn int(&mut self, name: &str, v: impl Into<i64>) {
        self.key(name);
        self.out.push_str(itoa::Buffer::new().format(v.into()));
    }

    /// A float field with `decimals` digits after the point (as gpsd's `%.Nf`).
    pub fn float(&mut self, name: &str, v: f64, decimals: usize) {
        self.key(name);
        push_fixed(self.out, v, decimals);
    }

    /// A boolean field.
    pub fn bool(&mut self, name: &str, v: bool) {
        self.key(name);
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// A string field, escaped.
    pub fn str(&mut self, name: &str, v: &str) {
        self.key(name);
        push_escaped(self.out, v);
    }

    /// gpsd's text companion of a coded field: `"<name>_text":"v"`.
    pub fn text_of(&mut self, name: &str, v: &str) {
        self.key_with_suffix(name, "_text");
        push_escaped(self.out, v);
    }

    /// A field whose value is already JSON (an array or object built by the caller).
    pub fn raw(&mut self, name: &str, json: &str) {
        self.key(name);
        self.out.push_str(json);
    }
}

/// Appends `v` with exactly `decimals` digits after the point (`null` if not finite).
///
/// Decoded AIS values are small integers over a power of ten or 600,000, so scaling
/// to an integer and printing its digits is exact to the last printed digit and many
/// times faster than the general float formatter, which remains the fallback for
/// magnitudes where the scaled value would not fit in 53 bits.
pub fn push_fixed(out: &mut String, v: f64, decimals: usize) {
    const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    if !v.is_finite() {
        out.push_str("null");
        return;
    }
    let Some(&scale) = POW10.get(decimals) else {
        let _ = write!(out, "{v:.decimals$}");
        return;
    };
    let scaled = (v.abs() * scale).round();
    if scaled >= 9.0e15 {
        let _ = write!(out, "{v:.decimals$}");
        return;
    }
    // In range and finite: the cast is exact.
    let units = scaled as u64;
    if v < 0.0 && units != 0 {
        out.push('-');
    }
    let mut digits = itoa::Buffer::new();
    let text = digits.format(units);
    if decimals == 0 {
        out.push_str(text);
        return;
    }
    if text.len() <= decimals {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', decimals - text.len()));
        out.push_str(text);
    } else {
        let (int, frac) = text.split_at(text.len() - decimals);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
}

/// Appends `s` as a JSON string literal.
pub fn push_escaped(out: &mut String, s: &str) {
    out.push('"');
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Hex digits of `bytes`, lower case, as gpsd prints binary payloads.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_the_general_formatter() {
        for (v, d) in [
            (0.0, 1),
            (-0.04, 1),
            (12.3, 1),
            (-123.395383333, 7),
            (0.000_000_4, 7),
            (-0.000_000_04, 7),
            (102.3, 1),
            (91.0, 7),
            (1e300, 2),
            (5.0, 0),
            (-7.25, 2),
            (0.05, 2),
            (13.7, 2),
        ] {
            let mut s = String::new();
            push_fixed(&mut s, v, d);
            let general = format!("{v:.d$}");
            let general = if general.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                general.trim_start_matches('-').to_owned()
            } else {
                general
            };
            assert_eq!(s, general, "{v} to {d} decimals");
        }
        let mut s = String::new();
        push_fixed(&mut s, f64::NAN, 1);
        assert_eq!(s, "null");
    }

    #[test]
    fn writes_valid_json() {
        let mut s = String::new();
        let mut w = JsonWriter::begin(&mut s);
        w.str("class", "AIS");
        w.uint("mmsi", 371798000u32);
        w.int("turn", -127i32);
        w.float("lon", -123.395383333, 7);
        w.bool("raim", false);
        w.str("name", "A \"Q\"\\\u{1}");
        w.end();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert!(s.contains("\"lon\":-123.3953833,"), "{s}");
        assert_eq!(v["lon"], -123.3953833);
        assert_eq!(v["name"], "A \"Q\"\\\u{1}");
        assert_eq!(v["turn"], -127);
    }
}

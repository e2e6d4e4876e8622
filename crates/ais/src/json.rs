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
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    /// An unsigned integer field.
    pub fn uint(&mut self, name: &str, v: impl Into<u64>) {
        self.key(name);
        let _ = write!(self.out, "{}", v.into());
    }

    /// A signed integer field.
    pub fn int(&mut self, name: &str, v: impl Into<i64>) {
        self.key(name);
        let _ = write!(self.out, "{}", v.into());
    }

    /// A float field with `decimals` digits after the point (as gpsd's `%.Nf`).
    pub fn float(&mut self, name: &str, v: f64, decimals: usize) {
        self.key(name);
        if v.is_finite() {
            let _ = write!(self.out, "{v:.decimals$}");
        } else {
            self.out.push_str("null");
        }
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

    /// A field whose value is already JSON (an array or object built by the caller).
    pub fn raw(&mut self, name: &str, json: &str) {
        self.key(name);
        self.out.push_str(json);
    }
}

/// Appends `s` as a JSON string literal.
pub fn push_escaped(out: &mut String, s: &str) {
    out.push('"');
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
        assert_eq!(v["lon"], -123.3953833);
        assert_eq!(v["name"], "A \"Q\"\\\u{1}");
        assert_eq!(v["turn"], -127);
    }
}

//! Escaping untrusted text (ship names, station names, file paths) for XML, SVG and
//! HTML, and the small formatting helpers the writers share.

use std::fmt::Write;

/// `text` escaped for XML and HTML character data and attribute values (double- or
/// single-quoted). Characters XML 1.0 forbids (C0 controls other than tab, newline and
/// carriage return; U+FFFE, U+FFFF) become U+FFFD, so the output is always well-formed.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// [`escape`], appended to `out`.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A number rounded to `decimals` places without trailing zeros ("12.5", "3").
pub(crate) fn num(value: f64, decimals: usize) -> String {
    let mut s = String::new();
    let _ = write!(s, "{value:.decimals$}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    if s == "-0" {
        s = "0".to_owned();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\u{1}b\tc"), "a\u{FFFD}b\tc");
    }

    proptest::proptest! {
        /// Escaped text holds no markup and unescapes (by an XML library) to the text,
        /// forbidden characters aside.
        #[test]
        fn escaping_round_trips_through_an_xml_unescaper(text in "\\PC*") {
            let escaped = escape(&text);
            proptest::prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
            let back = quick_xml::escape::unescape(&escaped).unwrap();
            let allowed: String = text
                .chars()
                .map(|c| if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') { '\u{FFFD}' } else { c })
                .collect();
            proptest::prop_assert_eq!(back.as_ref(), allowed.as_str());
        }
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(12.50, 2), "12.5");
        assert_eq!(num(3.0, 3), "3");
        assert_eq!(num(-0.0001, 2), "0");
        assert_eq!(num(124.123456789, 6), "124.123457");
    }
}

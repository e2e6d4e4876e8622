//! Any bytes as one line: framing and decoding never panic, and an accepted
//! sentence's fields lie within the line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    for accept_bad_checksum in [false, true] {
        let opts = ais::ParseOptions { accept_bad_checksum };
        if let Ok(ais::Line::Ais(s)) = ais::parse_line(line, 1, &opts) {
            assert!(s.fragment_number >= 1 && s.fragment_number <= s.fragment_count);
            assert!(s.fill_bits <= 5);
            let _ = ais::Message::from_payload(s.payload, s.fill_bits);
        }
    }
});

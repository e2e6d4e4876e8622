//! Any bytes as a stream of lines through the stateful decoder (multi-part
//! assembly with its bounds): no panic, and every line gets exactly one outcome.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut d = ais::Decoder::new(ais::DecoderConfig {
        parse: ais::ParseOptions { accept_bad_checksum: true },
        assembler: ais::AssemblerConfig { max_open: 4, max_age_lines: 16, max_age_ms: 60_000 },
    });
    let mut accounted = 0usize;
    let mut lines = 0usize;
    for (i, line) in data.split(|&c| c == b'\n').enumerate() {
        lines += 1;
        let fed = d.feed(line, i as u64 + 1);
        if let Some((_, covered)) = ais::outcome_of(&fed) {
            accounted += covered.len().max(1);
        }
        accounted += d.take_given_up().len();
    }
    d.finish();
    accounted += d.take_given_up().len();
    assert_eq!(accounted, lines, "every line must be accounted for exactly once");
});

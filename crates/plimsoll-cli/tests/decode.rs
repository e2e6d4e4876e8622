//! `plimsoll decode` end to end: real logs, compressed input, and garbage.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn plimsoll() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../../tests/data/nmea")
        .join(name)
}

fn decode(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = plimsoll()
        .arg("decode")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // A broken pipe is fine: the decoder may finish first.
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// The summary line: `N lines: decoded a, non_ais b, ...` → (N, sum of the counts).
fn summary(stderr: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(stderr);
    let last = text.lines().last().unwrap_or_default().to_owned();
    let (lines, rest) = last.split_once(" lines: ").unwrap_or_else(|| panic!("no summary in {text}"));
    let sum = rest.split(", ").filter_map(|p| p.rsplit(' ').next()?.parse::<u64>().ok()).sum();
    (lines.parse().unwrap(), sum)
}

#[test]
fn decodes_a_tag_block_log_with_receive_times() {
    let out =
        plimsoll().args(["decode"]).arg(data("amsa_risky_exact-earth-with-tag-block.txt")).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["class"], "AIS");
    assert_eq!(first["type"], 5);
    assert_eq!(first["rxtime"], "2012-04-13T17:15:17.000Z");
    let (lines, sum) = summary(&out.stderr);
    assert_eq!(lines, 221);
    assert_eq!(sum, lines, "every line accounted for");
}

#[test]
fn gzip_and_zstd_are_detected_from_content() {
    let plain = std::fs::read(data("dma_aislib_ais250.txt")).unwrap();
    let expected = decode(&[], &plain).stdout;
    assert!(!expected.is_empty());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    assert_eq!(decode(&[], &gz).stdout, expected);
    let zst = zstd::encode_all(&plain[..], 1).unwrap();
    assert_eq!(decode(&[], &zst).stdout, expected);
}

#[test]
fn bad_lines_are_reported_with_file_and_line() {
    let input =
        b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n";
    let out = decode(&[], input);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:1: byte 45: bad checksum"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // accepted on request
    let out = decode(&["--accept-bad-checksum"], input);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn garbage_never_panics_and_every_line_is_counted() {
    // Random bytes (a fixed-seed xorshift), invalid UTF-8, truncated sentences,
    // a line of 100 MB, and no final newline.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut input = Vec::new();
    for _ in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        input.push((x >> 24) as u8);
    }
    input.extend_from_slice(b"\n\xff\xfe\xfd!AIVDM,1,1,,A,15RT\n!AIVDM,2,1,3,B,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1B\n");
    input.extend(std::iter::repeat_n(b'A', 100 * 1024 * 1024));
    input.extend_from_slice(b"\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
    let expected_lines = input.iter().filter(|&&c| c == b'\n').count() as u64 + 1;
    let out = decode(&["--quiet"], &input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (lines, sum) = summary(&out.stderr);
    assert_eq!(lines, expected_lines);
    assert_eq!(sum, lines, "every line accounted for");
    // the good sentence after all that still decodes
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"mmsi\":371798000"));
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = plimsoll().args(["decode", "/nonexistent/file.nmea"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("plimsoll: /nonexistent/file.nmea: cannot read: No such file"));
}

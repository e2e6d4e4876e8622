//! The raw sentences behind a finding: line `line` of input `input_id`, read back from
//! the input file the catalog names, and only if the file is still the one ingested.
//!
//! Each input is read once, front to back (through [`crate::ingest::scan_lines`], so
//! gzip and zstd inputs read as at ingest), keeping only the wanted lines; its SHA-256
//! is computed on the way and compared with the catalog's. A file that has moved, can
//! no longer be read or has changed gives no lines, only a status saying so: showing
//! lines of a different file as evidence would be worse than showing none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::ingest::{scan_lines, Content, InputSource};
use crate::store::InputInfo;

/// Longest line shown; longer ones are cut (with a note), so a corrupt input cannot
/// blow up a dossier.
pub const SHOWN_LINE_BYTES_MAX: usize = 2048;

/// Whether an input could be read back as it was ingested.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputStatus {
    /// Read, and its SHA-256 matches the catalog's: the lines are the ones ingested.
    Verified,
    /// Read, but its SHA-256 differs: the file changed since it was ingested.
    Changed { sha256_now: String },
    /// Not readable at the recorded path (moved, deleted, no permission): the reason.
    Unreadable { reason: String },
    /// Read from standard input at ingest: there is no file to read back.
    Stdin,
    /// The catalog has no SHA-256 for it, so the lines cannot be verified.
    NoHash,
    /// A compressed stream ended early or is corrupt: the reason.
    Corrupt { reason: String },
}

impl InputStatus {
    /// Whether lines read under this status are the ones ingested.
    pub fn is_verified(&self) -> bool {
        *self == InputStatus::Verified
    }
}

/// One input read back.
#[derive(Debug, Clone)]
pub struct InputLines {
    pub input: InputInfo,
    pub status: InputStatus,
    /// The wanted lines found (1-based line → text), only when verified.
    pub lines: BTreeMap<u64, String>,
}

/// Reads the `wanted` lines of `input`, verifying its SHA-256.
pub fn read_lines(input: &InputInfo, wanted: &BTreeSet<u64>) -> InputLines {
    let done = |status, lines| InputLines { input: input.clone(), status, lines };
    if input.path == "-" {
        return done(InputStatus::Stdin, BTreeMap::new());
    }
    let Some(expected) = input.sha256.as_deref() else { return done(InputStatus::NoHash, BTreeMap::new()) };
    let mut lines = BTreeMap::new();
    let source = InputSource::Path(PathBuf::from(&input.path));
    let scanned = scan_lines(&source, &mut |_| {}, &mut |raw| {
        if wanted.contains(&raw.line_no) {
            let text = match raw.content {
                Content::Bytes(bytes) => {
                    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                    let shown = bytes.get(..SHOWN_LINE_BYTES_MAX).unwrap_or(bytes);
                    let mut text = String::from_utf8_lossy(shown).into_owned();
                    if shown.len() < bytes.len() {
                        text.push_str(&format!(" … ({} bytes in all)", bytes.len()));
                    }
                    text
                }
                Content::TooLong { len_bytes } => format!("(a line of {len_bytes} bytes, not shown)"),
            };
            lines.insert(raw.line_no, text);
        }
        Ok(())
    });
    match scanned {
        Err(e) => done(InputStatus::Unreadable { reason: e.to_string() }, BTreeMap::new()),
        Ok(s) => {
            let sha256_now: String = s.sha256.iter().map(|b| format!("{b:02x}")).collect();
            if !sha256_now.eq_ignore_ascii_case(expected) {
                done(InputStatus::Changed { sha256_now }, BTreeMap::new())
            } else if let Some(reason) = s.data_error {
                done(InputStatus::Corrupt { reason }, lines)
            } else {
                done(InputStatus::Verified, lines)
            }
        }
    }
}

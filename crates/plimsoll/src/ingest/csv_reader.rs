//! CSV inputs: lines through [`parse_row`] into rows, each line accounted for.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use ais::Outcome;

use super::collect::Collector;
use super::csv::{parse_row, CsvLayout, FieldSplitter};
use super::error::SinkClosed;
use super::rows::StaticRow;

/// Most vessels whose last static columns are remembered; past it the memory
/// is cleared, which only stores a repeat again.
const MAX_STATIC_MEMO: usize = 1 << 20;

/// Reads the rows of a CSV whose header has been recognised.
pub(crate) struct CsvReader {
    layout: CsvLayout,
    splitter: FieldSplitter,
    /// Per vessel, a fingerprint of its last stored static columns: exports
    /// repeat them on every row, and one row per change is what identity
    /// history needs.
    last_static: HashMap<u32, u64>,
    keys: std::collections::hash_map::RandomState,
}

impl CsvReader {
    pub(crate) fn new(layout: CsvLayout) -> Self {
        CsvReader {
            layout,
            splitter: FieldSplitter::default(),
            last_static: HashMap::new(),
            keys: std::collections::hash_map::RandomState::new(),
        }
    }

    /// Reads one line after the header (`offset`: where it starts in the input).
    pub(crate) fn line(
        &mut self,
        bytes: &[u8],
        line_no: u64,
        offset: u64,
        out: &mut Collector<'_>,
    ) -> Result<(), SinkClosed> {
        if bytes.trim_ascii().is_empty() {
            out.report.count(Outcome::NonAis, 1);
            return Ok(());
        }
        let parsed = self
            .splitter
            .split(bytes)
            .and_then(|()| parse_row(&self.splitter.fields(), &self.layout, line_no));
        let row = match parsed {
            Ok(row) => row,
            Err(e) => {
                let within = e.field_index.map_or(0, |i| self.splitter.offset_of(i));
                let byte = offset + u64::try_from(within).unwrap_or(0);
                return out.reject(line_no, Some(byte), e.outcome(), e.class(), &e);
            }
        };
        out.report.count(Outcome::Decoded, 1);
        if let Some(p) = row.position {
            out.position(p)?;
        }
        if let Some(s) = row.static_report {
            if self.is_change(&s) {
                out.static_report(s)?;
            } else {
                out.report.static_repeats += 1;
            }
        }
        Ok(())
    }

    /// Whether the row's static columns differ from the vessel's last stored ones.
    fn is_change(&mut self, row: &StaticRow) -> bool {
        let mut h = self.keys.build_hasher();
        h.write_u32(row.imo.unwrap_or(0));
        for text in [&row.callsign, &row.shipname, &row.destination] {
            h.write(text.as_deref().unwrap_or("\u{0}").as_bytes());
            h.write_u8(0xff);
        }
        h.write_u8(row.ship_type.unwrap_or(0));
        h.write_u16(row.length_m.unwrap_or(0));
        h.write_u16(row.beam_m.unwrap_or(0));
        h.write_u64(row.draught_m.map_or(u64::MAX, f64::to_bits));
        if let Some(e) = row.eta {
            h.write(&[e.month, e.day, e.hour, e.minute]);
        }
        let fingerprint = h.finish();
        if self.last_static.get(&row.mmsi) == Some(&fingerprint) {
            return false;
        }
        if self.last_static.len() >= MAX_STATIC_MEMO {
            self.last_static.clear();
        }
        self.last_static.insert(row.mmsi, fingerprint);
        true
    }
}

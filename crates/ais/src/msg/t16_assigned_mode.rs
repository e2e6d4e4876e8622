//! Type 16: assigned mode command.

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A reporting schedule assigned to one station.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assignment {
    pub dest_mmsi: u32,
    pub offset: u16,
    pub increment: u16,
}

impl Assignment {
    fn decode(b: &BitBuf, start: usize) -> Self {
        Assignment {
            dest_mmsi: b.u32(start, 30),
            offset: b.u16(start + 30, 12),
            increment: b.u16(start + 42, 10),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.dest_mmsi), 30);
        w.put(u64::from(self.offset), 12);
        w.put(u64::from(self.increment), 10);
    }
}

/// Assigned reporting for one station (96 bits) or two (144 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignedMode {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    pub first: Assignment,
    pub second: Option<Assignment>,
}

impl AssignedMode {
    /// Always 16.
    pub fn msg_type(&self) -> u8 {
        16
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 16, 96)?;
        Ok(AssignedMode {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            first: Assignment::decode(b, 40),
            second: (b.len_bits() >= 144).then(|| Assignment::decode(b, 92)),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(16, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        self.first.encode(w);
        match &self.second {
            Some(a) => a.encode(w),
            // one assignment is padded to 96 bits
            None => w.put(0, 4),
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        let second = self.second.unwrap_or_default();
        w.uint("mmsi1", self.first.dest_mmsi);
        w.uint("offset1", self.first.offset);
        w.uint("increment1", self.first.increment);
        w.uint("mmsi2", second.dest_mmsi);
        w.uint("offset2", second.offset);
        w.uint("increment2", second.increment);
    }
}

//! Type 10: UTC and date inquiry.

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A request to `dest_mmsi` for its UTC time and date (answered by type 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcInquiry {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    pub dest_mmsi: u32,
    pub spare2: u8,
}

impl UtcInquiry {
    /// Always 10.
    pub fn msg_type(&self) -> u8 {
        10
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 10, 72)?;
        Ok(UtcInquiry {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            dest_mmsi: b.u32(40, 30),
            spare2: b.u8(70, 2),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(10, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        w.put(u64::from(self.dest_mmsi), 30);
        w.put(u64::from(self.spare2), 2);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        w.uint("dest_mmsi", self.dest_mmsi);
    }
}

//! Type 25: single slot binary message, and the addressing header it shares with
//! type 26.

use super::{BinaryData, Gpsd};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// The body of a type 25 or 26 message: optional destination, optional application
/// id, and the data. The `addressed` and `structured` flags of the header are
/// `dest_mmsi.is_some()` and `app_id.is_some()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotPayload {
    pub dest_mmsi: Option<u32>,
    /// Designated area code (10 bits) and function id (6 bits), as sent.
    pub app_id: Option<u16>,
    pub data: BinaryData,
}

impl SlotPayload {
    /// Reads the flags at bit 38 and the rest of the payload, less `tail_bits` at the
    /// end (type 26's communication state).
    pub(crate) fn decode(b: &BitBuf, msg_type: u8, tail_bits: usize) -> Result<Self, ErrorKind> {
        let addressed = b.bool(38);
        let structured = b.bool(39);
        let mut at = 40;
        let dest_mmsi = addressed.then(|| b.u32(at, 30));
        at += if addressed { 30 } else { 0 };
        let app_id = structured.then(|| b.u16(at, 16));
        at += if structured { 16 } else { 0 };
        super::require(b, msg_type, at + tail_bits)?;
        Ok(SlotPayload { dest_mmsi, app_id, data: BinaryData::decode(b, at, b.len_bits() - tail_bits) })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put_bool(self.dest_mmsi.is_some());
        w.put_bool(self.app_id.is_some());
        if let Some(d) = self.dest_mmsi {
            w.put(u64::from(d), 30);
        }
        if let Some(a) = self.app_id {
            w.put(u64::from(a), 16);
        }
        self.data.encode(w);
    }

    /// gpsd's fields, 0 for an absent destination or application id.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.bool("addressed", self.dest_mmsi.is_some());
        w.bool("structured", self.app_id.is_some());
        w.uint("dest_mmsi", self.dest_mmsi.unwrap_or(0));
        w.uint("app_id", self.app_id.unwrap_or(0));
        self.data.write_json(w, "data");
    }
}

/// Binary data in one slot, addressed or broadcast, with or without an
/// application id: at most 128 data bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleSlotBinary {
    pub repeat: u8,
    pub mmsi: u32,
    pub payload: SlotPayload,
}

impl SingleSlotBinary {
    /// Always 25.
    pub fn msg_type(&self) -> u8 {
        25
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 25, 40)?;
        Ok(SingleSlotBinary {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            payload: SlotPayload::decode(b, 25, 0)?,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(25, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        self.payload.encode(w);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        self.payload.write_json(w);
    }
}

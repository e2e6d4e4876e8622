//! Type 26: multiple slot binary message with communication state.

use super::{BinaryData, Gpsd, SlotPayload};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Binary data over one to five slots, addressed or broadcast, with or without an
/// application id, followed by the sender's communication state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiSlotBinary {
    pub repeat: u8,
    pub mmsi: u32,
    pub payload: SlotPayload,
    /// Communication state selector (1 bit) and state (19 bits), as sent.
    pub radio: u32,
}

/// The communication state is the last 20 bits.
const RADIO_BITS: usize = 20;

impl MultiSlotBinary {
    /// Always 26.
    pub fn msg_type(&self) -> u8 {
        26
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 26, 60)?;
        let payload = SlotPayload::decode(b, 26, RADIO_BITS)?;
        Ok(MultiSlotBinary {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            payload,
            radio: b.u32(b.len_bits() - RADIO_BITS, 20),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(26, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        self.payload.encode(w);
        w.put(u64::from(self.radio), 20);
    }

    /// The data as gpsd prints it. gpsd copies whole bytes from the raw payload, so
    /// the padding of the last byte shows the bits that follow the data (the start
    /// of the communication state) as far as its copy reaches: for an addressed
    /// message it copies from before the 30-bit destination, so it reaches
    /// `(8 - (bits + 30) % 8) % 8` bits past the data.
    fn gpsd_data(&self) -> BinaryData {
        let mut data = self.payload.data.clone();
        let pad = (8 - data.len_bits % 8) % 8;
        let copied = if self.payload.dest_mmsi.is_some() { (8 - (data.len_bits + 30) % 8) % 8 } else { pad };
        let shown = pad.min(copied);
        if let Some(last) = data.bytes.last_mut() {
            // the first `shown` bits of the 20-bit state, right after the data bits
            let follow = u8::try_from((self.radio >> (20 - shown)) & 0x7f).unwrap_or(0);
            *last |= follow << (pad - shown);
        }
        data
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        let shown = SlotPayload { data: self.gpsd_data(), ..self.payload.clone() };
        shown.write_json(w);
        // gpsd never decodes this field and always prints 0; print what it prints
        // so that output stays comparable (the decoded value is in `radio`).
        w.uint("radio", 0u8);
    }
}

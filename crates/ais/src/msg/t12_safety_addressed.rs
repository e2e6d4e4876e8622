//! Type 12: addressed safety-related message.

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Safety-related text sent to one station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyAddressed {
    pub repeat: u8,
    pub mmsi: u32,
    /// Sequence number 0–3.
    pub seqno: u8,
    pub dest_mmsi: u32,
    pub retransmit: bool,
    pub spare: u8,
    /// Up to 156 six-bit characters, `@` padding and trailing spaces removed.
    pub text: String,
}

impl SafetyAddressed {
    /// Always 12.
    pub fn msg_type(&self) -> u8 {
        12
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 12, 72)?;
        Ok(SafetyAddressed {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            seqno: b.u8(38, 2),
            dest_mmsi: b.u32(40, 30),
            retransmit: b.bool(70),
            spare: b.u8(71, 1),
            text: b.text_to_end(72),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(12, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.seqno), 2);
        w.put(u64::from(self.dest_mmsi), 30);
        w.put_bool(self.retransmit);
        w.put(u64::from(self.spare), 1);
        w.put_text(&self.text, self.text.len());
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        w.uint("seqno", self.seqno);
        w.uint("dest_mmsi", self.dest_mmsi);
        w.bool("retransmit", self.retransmit);
        w.str("text", &self.text);
    }
}

//! Type 14: safety-related broadcast message.

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Safety-related text sent to all stations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyBroadcast {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    /// Up to 161 six-bit characters, `@` padding and trailing spaces removed.
    pub text: String,
}

impl SafetyBroadcast {
    /// Always 14.
    pub fn msg_type(&self) -> u8 {
        14
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 14, 40)?;
        Ok(SafetyBroadcast {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            text: b.text_to_end(40),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(14, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        w.put_text(&self.text, self.text.len());
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        w.str("text", &self.text);
    }
}

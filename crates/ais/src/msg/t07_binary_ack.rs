//! Types 7 and 13: binary acknowledge and safety-related acknowledge (one layout).

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// One acknowledged message: its sender and sequence number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ack {
    pub mmsi: u32,
    /// Sequence number 0–3 of the acknowledged message.
    pub seqno: u8,
}

/// An acknowledgement of one to four addressed messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryAck {
    /// 7 or 13.
    pub msg_type: u8,
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    /// One to four acknowledgements, as many as the payload holds.
    pub acks: Vec<Ack>,
}

/// Each acknowledgement is a 30-bit MMSI and a 2-bit sequence number from bit 40.
const ACK_BITS: usize = 32;
const FIRST_ACK: usize = 40;

impl BinaryAck {
    /// 7 or 13.
    pub fn msg_type(&self) -> u8 {
        self.msg_type
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        let msg_type = b.u8(0, 6);
        // gpsd takes 72 to 168 bits; an acknowledgement is there when its first bit is.
        super::require(b, msg_type, 72)?;
        let acks = (0..4)
            .map(|i| FIRST_ACK + ACK_BITS * i)
            .take_while(|&at| at < b.len_bits())
            .map(|at| Ack { mmsi: b.u32(at, 30), seqno: b.u8(at + 30, 2) })
            .collect();
        Ok(BinaryAck { msg_type, repeat: b.u8(6, 2), mmsi: b.u32(8, 30), spare: b.u8(38, 2), acks })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.msg_type), 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        for a in self.acks.iter().take(4) {
            w.put(u64::from(a.mmsi), 30);
            w.put(u64::from(a.seqno), 2);
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        // gpsd prints all four, 0 for the absent ones, and no sequence numbers.
        for (i, name) in ["mmsi1", "mmsi2", "mmsi3", "mmsi4"].into_iter().enumerate() {
            w.uint(name, self.acks.get(i).map_or(0, |a| a.mmsi));
        }
    }
}

//! Type 15: interrogation.

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// One requested message: its type and the slot offset for the reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotRequest {
    pub msg_type: u8,
    pub slot_offset: u16,
}

impl SlotRequest {
    fn decode(b: &BitBuf, start: usize) -> Self {
        SlotRequest { msg_type: b.u8(start, 6), slot_offset: b.u16(start + 6, 12) }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.msg_type), 6);
        w.put(u64::from(self.slot_offset), 12);
    }
}

/// A request for specific messages from one or two stations. The payload is 88,
/// 110 or 160 bits long, by how many requests it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrogation {
    pub repeat: u8,
    pub mmsi: u32,
    pub mmsi1: u32,
    pub request1_1: SlotRequest,
    /// A second request to the first station (payloads over 90 bits).
    pub request1_2: Option<SlotRequest>,
    /// A request to a second station (payloads over 110 bits). When set, an absent
    /// `request1_2` is sent as zeros, so decodes back as `Some` of zeros.
    pub station2: Option<(u32, SlotRequest)>,
}

impl Interrogation {
    /// Always 15.
    pub fn msg_type(&self) -> u8 {
        15
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 15, 88)?;
        let len = b.len_bits();
        Ok(Interrogation {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            mmsi1: b.u32(40, 30),
            request1_1: SlotRequest::decode(b, 70),
            request1_2: (len > 90).then(|| SlotRequest::decode(b, 90)),
            station2: (len > 110).then(|| (b.u32(110, 30), SlotRequest::decode(b, 140))),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(15, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(0, 2);
        w.put(u64::from(self.mmsi1), 30);
        self.request1_1.encode(w);
        w.put(0, 2);
        if self.request1_2.is_none() && self.station2.is_none() {
            return;
        }
        self.request1_2.unwrap_or_default().encode(w);
        w.put(0, 2);
        if let Some((mmsi2, request)) = self.station2 {
            w.put(u64::from(mmsi2), 30);
            request.encode(w);
            w.put(0, 2);
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        let r12 = self.request1_2.unwrap_or_default();
        let (mmsi2, r21) = self.station2.unwrap_or_default();
        w.uint("mmsi1", self.mmsi1);
        w.uint("type1_1", self.request1_1.msg_type);
        w.uint("offset1_1", self.request1_1.slot_offset);
        w.uint("type1_2", r12.msg_type);
        w.uint("offset1_2", r12.slot_offset);
        w.uint("mmsi2", mmsi2);
        w.uint("type2_1", r21.msg_type);
        w.uint("offset2_1", r21.slot_offset);
    }
}

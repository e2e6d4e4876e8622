//! Type 17: GNSS broadcast binary message (DGNSS corrections).

use super::{lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, BinaryData, Gpsd};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Differential GNSS corrections from a reference station: its position (1/10
/// minute resolution) and the RTCM SC-104 words, kept as raw bits.
#[derive(Debug, Clone, PartialEq)]
pub struct DgnssBroadcast {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    /// Reference station longitude; `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// Reference station latitude; `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    pub spare2: u8,
    /// The correction data (up to 736 bits), as sent.
    pub data: BinaryData,
}

/// Positions in this message are in 1/10 minute.
const PER_DEGREE: f64 = 600.0;

impl DgnssBroadcast {
    /// Always 17.
    pub fn msg_type(&self) -> u8 {
        17
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 17, 80)?;
        Ok(DgnssBroadcast {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            lon_deg: lon_from_raw(b.i32(40, 18), PER_DEGREE),
            lat_deg: lat_from_raw(b.i32(58, 17), PER_DEGREE),
            spare2: b.u8(75, 5),
            data: BinaryData::decode(b, 80, b.len_bits()),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(17, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        w.put_i(lon_to_raw(self.lon_deg, PER_DEGREE), 18);
        w.put_i(lat_to_raw(self.lat_deg, PER_DEGREE), 17);
        w.put(u64::from(self.spare2), 5);
        self.data.encode(w);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        g.lon_lat(w, self.lon_deg, self.lat_deg, PER_DEGREE, 1);
        self.data.write_json(w, "data");
    }
}

//! Types 4 and 11: base station report and UTC/date response (one layout).

use super::{
    code_with_text, epfd_text, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, Gpsd, PositionFix,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A base station's UTC time and position (type 4), or a station's answer to a UTC
/// inquiry (type 11). Time fields are as sent: year 0, month 0, day 0, hour 24,
/// minute 60 and second 60 mean not available.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaseStationReport {
    /// 4 or 11.
    pub msg_type: u8,
    pub repeat: u8,
    pub mmsi: u32,
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Position accuracy flag (true: better than 10 m).
    pub accuracy: bool,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    /// Type of position fixing device 0–15.
    pub epfd: u8,
    /// 10 spare bits (bit 0 of them is "long-range transmission control" in M.1371-5).
    pub spare: u16,
    pub raim: bool,
    /// The 19-bit SOTDMA communication state, as sent.
    pub radio: u32,
}

impl BaseStationReport {
    /// 4 or 11.
    pub fn msg_type(&self) -> u8 {
        self.msg_type
    }

    /// The station's position, when available. The UTC second is given when valid.
    pub fn position(&self) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type: self.msg_type,
            mmsi: self.mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: None,
            cog_deg: None,
            heading_deg: None,
            nav_status: 15,
            utc_second: (self.second < 60).then_some(self.second),
            accuracy: self.accuracy,
        })
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        let msg_type = b.u8(0, 6);
        // gpsd accepts 168 bits and more.
        super::require(b, msg_type, 168)?;
        Ok(BaseStationReport {
            msg_type,
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            year: b.u16(38, 14),
            month: b.u8(52, 4),
            day: b.u8(56, 5),
            hour: b.u8(61, 5),
            minute: b.u8(66, 6),
            second: b.u8(72, 6),
            accuracy: b.bool(78),
            lon_deg: lon_from_raw(b.i32(79, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(107, 27), 600_000.0),
            epfd: b.u8(134, 4),
            spare: b.u16(138, 10),
            raim: b.bool(148),
            radio: b.u32(149, 19),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.msg_type), 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.year), 14);
        w.put(u64::from(self.month), 4);
        w.put(u64::from(self.day), 5);
        w.put(u64::from(self.hour), 5);
        w.put(u64::from(self.minute), 6);
        w.put(u64::from(self.second), 6);
        w.put_bool(self.accuracy);
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        w.put(u64::from(self.epfd), 4);
        w.put(u64::from(self.spare), 10);
        w.put_bool(self.raim);
        w.put(u64::from(self.radio), 19);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        // gpsd merges the time into one ISO 8601 string, out-of-range values and all.
        w.str(
            "timestamp",
            &format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                self.year, self.month, self.day, self.hour, self.minute, self.second
            ),
        );
        w.bool("accuracy", self.accuracy);
        g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
        code_with_text(w, "epfd", self.epfd, epfd_text(self.epfd));
        w.bool("raim", self.raim);
        w.uint("radio", self.radio);
    }
}

//! Type 27: long-range AIS broadcast (satellite reception), positions in 1/10
//! minute.

use super::{lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, nav_status_text, Gpsd, PositionFix};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A coarse position report for long-range reception. Sentinel "not available"
/// values are `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongRange {
    pub repeat: u8,
    pub mmsi: u32,
    pub accuracy: bool,
    pub raim: bool,
    /// Navigational status 0–15 (15 = not defined).
    pub nav_status: u8,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    /// Speed over ground in whole knots 0–62; `None` for 63.
    pub sog_knots: Option<u8>,
    /// Course over ground in whole degrees 0–359; `None` for 511.
    pub cog_deg: Option<u16>,
    /// True when the position is *not* from the GNSS (the position latency flag).
    pub gnss: bool,
    pub spare: u8,
}

/// Positions in this message are in 1/10 minute.
const PER_DEGREE: f64 = 600.0;

impl LongRange {
    /// Always 27.
    pub fn msg_type(&self) -> u8 {
        27
    }

    /// The fix, when available.
    pub fn position(&self) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type: 27,
            mmsi: self.mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: self.sog_knots.map(f64::from),
            cog_deg: self.cog_deg.map(f64::from),
            heading_deg: None,
            nav_status: self.nav_status,
            utc_second: None,
            accuracy: self.accuracy,
        })
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        // 96 bits; some senders fill a whole 168-bit slot, which gpsd also takes.
        super::require(b, 27, 96)?;
        let speed = b.u8(79, 6);
        let course = b.u16(85, 9);
        Ok(LongRange {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            accuracy: b.bool(38),
            raim: b.bool(39),
            nav_status: b.u8(40, 4),
            lon_deg: lon_from_raw(b.i32(44, 18), PER_DEGREE),
            lat_deg: lat_from_raw(b.i32(62, 17), PER_DEGREE),
            sog_knots: (speed != 63).then_some(speed),
            cog_deg: (course != 511).then_some(course),
            gnss: b.bool(94),
            spare: b.u8(95, 1),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(27, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put_bool(self.accuracy);
        w.put_bool(self.raim);
        w.put(u64::from(self.nav_status), 4);
        w.put_i(lon_to_raw(self.lon_deg, PER_DEGREE), 18);
        w.put_i(lat_to_raw(self.lat_deg, PER_DEGREE), 17);
        w.put(u64::from(self.sog_knots.unwrap_or(63)), 6);
        w.put(u64::from(self.cog_deg.unwrap_or(511)), 9);
        w.put_bool(self.gnss);
        w.put(u64::from(self.spare), 1);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("status", self.nav_status);
        if g.scaled {
            w.str("status_text", nav_status_text(self.nav_status));
        }
        w.bool("accuracy", self.accuracy);
        g.lon_lat(w, self.lon_deg, self.lat_deg, PER_DEGREE, 4);
        w.uint("speed", self.sog_knots.unwrap_or(63));
        w.uint("course", self.cog_deg.unwrap_or(511));
        w.bool("raim", self.raim);
        w.bool("gnss", self.gnss);
    }
}

//! Type 9: standard SAR aircraft position report.

use super::{
    cog_from_raw, cog_to_raw, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, Gpsd, PositionFix,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A search-and-rescue aircraft's position. Sentinel "not available" values are
/// `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SarAircraft {
    pub repeat: u8,
    pub mmsi: u32,
    /// Altitude (GNSS), metres; 4094 means 4094 m or higher; `None` for 4095.
    pub altitude_m: Option<u16>,
    /// Speed over ground in whole knots; 1022 means 1022 knots or more; `None` for 1023.
    pub sog_knots: Option<u16>,
    pub accuracy: bool,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    /// `None` for 360 (not available).
    pub cog_deg: Option<f64>,
    /// UTC second 0–59; 60 not available, 61–63 positioning-system states.
    pub second: u8,
    /// Altitude sensor (M.1371-5: 0 GNSS, 1 barometric) and regional bits, as sent.
    pub regional: u8,
    /// Data terminal equipment ready (false = available).
    pub dte: bool,
    pub spare: u8,
    pub assigned: bool,
    pub raim: bool,
    /// The 20-bit communication state (selector and SOTDMA/ITDMA state), as sent.
    pub radio: u32,
}

impl SarAircraft {
    /// Always 9.
    pub fn msg_type(&self) -> u8 {
        9
    }

    /// The aircraft's fix, when available.
    pub fn position(&self) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type: 9,
            mmsi: self.mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: self.sog_knots.map(f64::from),
            cog_deg: self.cog_deg,
            heading_deg: None,
            nav_status: 15,
            utc_second: (self.second < 60).then_some(self.second),
            accuracy: self.accuracy,
        })
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 9, 168)?;
        let altitude = b.u16(38, 12);
        let speed = b.u16(50, 10);
        Ok(SarAircraft {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            altitude_m: (altitude != 4095).then_some(altitude),
            sog_knots: (speed != 1023).then_some(speed),
            accuracy: b.bool(60),
            lon_deg: lon_from_raw(b.i32(61, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(89, 27), 600_000.0),
            cog_deg: cog_from_raw(b.u16(116, 12)),
            second: b.u8(128, 6),
            regional: b.u8(134, 8),
            dte: b.bool(142),
            spare: b.u8(143, 3),
            assigned: b.bool(146),
            raim: b.bool(147),
            radio: b.u32(148, 20),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(9, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.altitude_m.unwrap_or(4095)), 12);
        w.put(u64::from(self.sog_knots.unwrap_or(1023)), 10);
        w.put_bool(self.accuracy);
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        w.put(u64::from(cog_to_raw(self.cog_deg)), 12);
        w.put(u64::from(self.second), 6);
        w.put(u64::from(self.regional), 8);
        w.put_bool(self.dte);
        w.put(u64::from(self.spare), 3);
        w.put_bool(self.assigned);
        w.put_bool(self.raim);
        w.put(u64::from(self.radio), 20);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        // Altitude and speed are whole units either way; sentinels print as sent.
        w.uint("alt", self.altitude_m.unwrap_or(4095));
        w.uint("speed", self.sog_knots.unwrap_or(1023));
        w.bool("accuracy", self.accuracy);
        g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
        g.cog(w, "course", self.cog_deg);
        w.uint("second", self.second);
        w.uint("regional", self.regional);
        w.uint("dte", u8::from(self.dte));
        w.bool("raim", self.raim);
        w.uint("radio", self.radio);
    }
}

//! Type 18: standard Class B position report, and the kinematic fields it shares
//! with type 19.

use super::{
    cog_from_raw, cog_to_raw, heading_from_raw, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw,
    sog_from_raw, sog_to_raw, Gpsd, PositionFix,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Bits 38–138 of types 18 and 19: the Class B fix. Sentinel "not available" values
/// are `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBFix {
    /// 8 bits reserved for regional applications.
    pub reserved: u8,
    /// `None` for 102.3 (not available).
    pub sog_knots: Option<f64>,
    pub accuracy: bool,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    /// `None` for 360 (not available).
    pub cog_deg: Option<f64>,
    /// `None` for 511 (not available).
    pub heading_deg: Option<u16>,
    /// UTC second 0–59; 60 not available, 61–63 positioning-system states.
    pub second: u8,
}

impl ClassBFix {
    pub(crate) fn decode(b: &BitBuf) -> Self {
        ClassBFix {
            reserved: b.u8(38, 8),
            sog_knots: sog_from_raw(b.u16(46, 10)),
            accuracy: b.bool(56),
            lon_deg: lon_from_raw(b.i32(57, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(85, 27), 600_000.0),
            cog_deg: cog_from_raw(b.u16(112, 12)),
            heading_deg: heading_from_raw(b.u16(124, 9)),
            second: b.u8(133, 6),
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.reserved), 8);
        w.put(u64::from(sog_to_raw(self.sog_knots)), 10);
        w.put_bool(self.accuracy);
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        w.put(u64::from(cog_to_raw(self.cog_deg)), 12);
        w.put(u64::from(self.heading_deg.unwrap_or(511)), 9);
        w.put(u64::from(self.second), 6);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("reserved", self.reserved);
        g.sog(w, "speed", self.sog_knots);
        w.bool("accuracy", self.accuracy);
        g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
        g.cog(w, "course", self.cog_deg);
        w.uint("heading", self.heading_deg.unwrap_or(511));
        w.uint("second", self.second);
    }

    /// The fix of a type 18 or 19 from `mmsi`, when available.
    pub fn position(&self, msg_type: u8, mmsi: u32) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type,
            mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: self.sog_knots,
            cog_deg: self.cog_deg,
            heading_deg: self.heading_deg,
            nav_status: 15,
            utc_second: (self.second < 60).then_some(self.second),
            accuracy: self.accuracy,
        })
    }
}

/// A Class B position report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBPosition {
    pub repeat: u8,
    pub mmsi: u32,
    pub fix: ClassBFix,
    /// 2 bits reserved for regional applications.
    pub regional: u8,
    /// Class B unit type: true for carrier-sense (CS), false for SOTDMA.
    pub cs: bool,
    /// Has an integrated display.
    pub display: bool,
    /// Has a DSC function.
    pub dsc: bool,
    /// Can use the whole marine band.
    pub band: bool,
    /// Accepts channel management by type 22.
    pub msg22: bool,
    pub assigned: bool,
    pub raim: bool,
    /// The 20-bit communication state, as sent.
    pub radio: u32,
}

impl ClassBPosition {
    /// Always 18.
    pub fn msg_type(&self) -> u8 {
        18
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 18, 168)?;
        Ok(ClassBPosition {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            fix: ClassBFix::decode(b),
            regional: b.u8(139, 2),
            cs: b.bool(141),
            display: b.bool(142),
            dsc: b.bool(143),
            band: b.bool(144),
            msg22: b.bool(145),
            assigned: b.bool(146),
            raim: b.bool(147),
            radio: b.u32(148, 20),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(18, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        self.fix.encode(w);
        w.put(u64::from(self.regional), 2);
        for flag in [self.cs, self.display, self.dsc, self.band, self.msg22, self.assigned, self.raim] {
            w.put_bool(flag);
        }
        w.put(u64::from(self.radio), 20);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        self.fix.write_json(w, g);
        w.uint("regional", self.regional);
        w.bool("cs", self.cs);
        w.bool("display", self.display);
        w.bool("dsc", self.dsc);
        w.bool("band", self.band);
        w.bool("msg22", self.msg22);
        // gpsd does not print the assigned flag of type 18.
        w.bool("raim", self.raim);
        w.uint("radio", self.radio);
    }
}

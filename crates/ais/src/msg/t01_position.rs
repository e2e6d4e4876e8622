//! Types 1, 2 and 3: Class A position report (scheduled, assigned, interrogated).

use super::{
    cog_from_raw, cog_to_raw, heading_from_raw, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw,
    nav_status_text, sog_from_raw, sog_to_raw, Gpsd, PositionFix,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A Class A position report. Sentinel "not available" values are `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionReport {
    /// 1, 2 or 3.
    pub msg_type: u8,
    pub repeat: u8,
    pub mmsi: u32,
    /// Navigational status 0–15 (15 = not defined).
    pub nav_status: u8,
    /// Rate of turn, raw ITU value −127..=127 (`None` for −128, not available).
    pub turn: Option<i8>,
    /// Speed over ground; `None` for 102.3 (not available).
    pub sog_knots: Option<f64>,
    /// Position accuracy flag (true: better than 10 m).
    pub accuracy: bool,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    /// Course over ground; `None` for 360 (not available).
    pub cog_deg: Option<f64>,
    /// True heading; `None` for 511 (not available).
    pub heading_deg: Option<u16>,
    /// UTC second of the fix 0–59; 60 not available, 61–63 positioning-system states.
    pub second: u8,
    /// Special manoeuvre indicator 0–2.
    pub maneuver: u8,
    pub spare: u8,
    pub raim: bool,
    /// The 19-bit communication state, as sent.
    pub radio: u32,
}

impl PositionReport {
    /// 1, 2 or 3.
    pub fn msg_type(&self) -> u8 {
        self.msg_type
    }

    /// The fix, when latitude and longitude are available.
    pub fn position(&self) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type: self.msg_type,
            mmsi: self.mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: self.sog_knots,
            cog_deg: self.cog_deg,
            heading_deg: self.heading_deg,
            nav_status: self.nav_status,
            utc_second: (self.second < 60).then_some(self.second),
            accuracy: self.accuracy,
        })
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        let msg_type = b.u8(0, 6);
        // Some transmitters send a few bits short; gpsd accepts from 163 bits on.
        super::require(b, msg_type, 163)?;
        let turn = b.i32(42, 8);
        let heading = b.u16(128, 9);
        Ok(PositionReport {
            msg_type,
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            nav_status: b.u8(38, 4),
            turn: (turn != -128).then(|| i8::try_from(turn).unwrap_or(0)),
            sog_knots: sog_from_raw(b.u16(50, 10)),
            accuracy: b.bool(60),
            lon_deg: lon_from_raw(b.i32(61, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(89, 27), 600_000.0),
            cog_deg: cog_from_raw(b.u16(116, 12)),
            heading_deg: heading_from_raw(heading),
            second: b.u8(137, 6),
            maneuver: b.u8(143, 2),
            spare: b.u8(145, 3),
            raim: b.bool(148),
            // gpsd reads what there is of the radio field of a short message.
            radio: b.u32(149, u32::try_from(b.len_bits().min(168) - 149).unwrap_or(19)),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.msg_type), 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.nav_status), 4);
        w.put_i(self.turn.map_or(-128, i64::from), 8);
        w.put(u64::from(sog_to_raw(self.sog_knots)), 10);
        w.put_bool(self.accuracy);
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        w.put(u64::from(cog_to_raw(self.cog_deg)), 12);
        w.put(u64::from(self.heading_deg.unwrap_or(511)), 9);
        w.put(u64::from(self.second), 6);
        w.put(u64::from(self.maneuver), 2);
        w.put(u64::from(self.spare), 3);
        w.put_bool(self.raim);
        w.put(u64::from(self.radio), 19);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        super::code_with_text(w, "status", self.nav_status, nav_status_text(self.nav_status));
        if g.scaled {
            w.str("turn", &turn_text(self.turn));
        } else {
            w.int("turn", self.turn.map_or(-128, i64::from));
        }
        g.sog(w, "speed", self.sog_knots);
        w.bool("accuracy", self.accuracy);
        g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
        g.cog(w, "course", self.cog_deg);
        w.uint("heading", self.heading_deg.unwrap_or(511));
        w.uint("second", self.second);
        w.uint("maneuver", self.maneuver);
        w.bool("raim", self.raim);
        w.uint("radio", self.radio);
    }
}

/// gpsd's scaled rate of turn: `n/a`, `fastleft`/`fastright` (more than 5° per 30 s
/// with no turn indicator), or degrees per minute, (raw / 4.733)² with its sign.
fn turn_text(turn: Option<i8>) -> String {
    match turn {
        None => "n/a".to_owned(),
        Some(127) => "fastright".to_owned(),
        Some(-127) => "fastleft".to_owned(),
        Some(raw) => {
            let r = f64::from(raw) / 4.733;
            let rot = if raw < 0 { -(r * r) } else { r * r };
            format!("{rot:.2}")
        }
    }
}

//! Type 23: group assignment command.

use super::{code_with_text, ship_type_text, Area, Gpsd};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Reporting interval and quiet time assigned to the stations of one kind in an
/// area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupAssignment {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    pub area: Area,
    /// Station type 0–15 (see [`station_type_text`]).
    pub station_type: u8,
    /// Ship and cargo type addressed (0 = all).
    pub ship_type: u8,
    pub spare2: u32,
    /// Transmit/receive mode 0–3.
    pub txrx: u8,
    /// Reporting interval code 0–15.
    pub interval: u8,
    /// Quiet time, minutes 0–15 (0 = none).
    pub quiet: u8,
    pub spare3: u8,
}

impl GroupAssignment {
    /// Always 23.
    pub fn msg_type(&self) -> u8 {
        23
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 23, 160)?;
        Ok(GroupAssignment {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            area: Area::decode(b, 40),
            station_type: b.u8(110, 4),
            ship_type: b.u8(114, 8),
            spare2: b.u32(122, 22),
            txrx: b.u8(144, 2),
            interval: b.u8(146, 4),
            quiet: b.u8(150, 4),
            spare3: b.u8(154, 6),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(23, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        self.area.encode(w);
        w.put(u64::from(self.station_type), 4);
        w.put(u64::from(self.ship_type), 8);
        w.put(u64::from(self.spare2), 22);
        w.put(u64::from(self.txrx), 2);
        w.put(u64::from(self.interval), 4);
        w.put(u64::from(self.quiet), 4);
        w.put(u64::from(self.spare3), 6);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        self.area.write_json(w, g);
        code_with_text(w, "stationtype", self.station_type, station_type_text(self.station_type));
        code_with_text(w, "shiptype", self.ship_type, ship_type_text(self.ship_type));
        // gpsd leaves out the transmit/receive mode.
        w.uint("interval", self.interval);
        w.uint("quiet", self.quiet);
    }
}

/// gpsd's text for a station type (ITU-R M.1371 Table 78).
pub fn station_type_text(t: u8) -> &'static str {
    match t {
        0 => "All types of mobiles",
        2 => "All types of Class B mobile stations",
        3 => "SAR airborne mobile station",
        4 => "Aid to Navigation station",
        5 => "Class B shipborne mobile station",
        6..=9 => "Regional use and inland waterways",
        _ => "Reserved for future use",
    }
}

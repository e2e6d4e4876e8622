//! Type 22: channel management, and the rectangular area it shares with type 23.

use super::{deg_from_raw, deg_to_raw, Gpsd};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A rectangle given by its north-east and south-west corners, 1/10 minute
/// resolution (types 22 and 23).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Area {
    pub ne_lon_deg: f64,
    pub ne_lat_deg: f64,
    pub sw_lon_deg: f64,
    pub sw_lat_deg: f64,
}

/// Corners are in 1/10 minute.
const PER_DEGREE: f64 = 600.0;

impl Area {
    /// Reads the 70 bits (18, 17, 18, 17) at `start`.
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        Area {
            ne_lon_deg: deg_from_raw(b.i32(start, 18), PER_DEGREE),
            ne_lat_deg: deg_from_raw(b.i32(start + 18, 17), PER_DEGREE),
            sw_lon_deg: deg_from_raw(b.i32(start + 35, 18), PER_DEGREE),
            sw_lat_deg: deg_from_raw(b.i32(start + 53, 17), PER_DEGREE),
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put_i(deg_to_raw(self.ne_lon_deg, PER_DEGREE), 18);
        w.put_i(deg_to_raw(self.ne_lat_deg, PER_DEGREE), 17);
        w.put_i(deg_to_raw(self.sw_lon_deg, PER_DEGREE), 18);
        w.put_i(deg_to_raw(self.sw_lat_deg, PER_DEGREE), 17);
    }

    /// gpsd prints the scaled corners as strings (`"%f"`), the raw ones as numbers.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        let corners = [
            ("ne_lon", self.ne_lon_deg),
            ("ne_lat", self.ne_lat_deg),
            ("sw_lon", self.sw_lon_deg),
            ("sw_lat", self.sw_lat_deg),
        ];
        for (name, deg) in corners {
            let raw = deg_to_raw(deg, PER_DEGREE);
            if g.scaled {
                w.str(name, &format!("{:.6}", raw as f64 / PER_DEGREE));
            } else {
                w.int(name, raw);
            }
        }
    }
}

/// Whom a channel management command is for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ChannelTarget {
    /// Stations within an area.
    Area(Area),
    /// Up to two stations (an unused one is 0).
    Addressed { dest1: u32, dest2: u32 },
}

/// Channel, power and transmit mode settings for a region or for two stations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelManagement {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    pub channel_a: u16,
    pub channel_b: u16,
    /// Transmit/receive mode 0–3.
    pub txrx: u8,
    /// Low power.
    pub power: bool,
    pub target: ChannelTarget,
    /// Channel A bandwidth 12.5 kHz (obsolete in M.1371-5).
    pub band_a: bool,
    pub band_b: bool,
    /// Transitional zone size, nautical miles minus one, 0–7.
    pub zonesize: u8,
    pub spare2: u32,
}

impl ChannelManagement {
    /// Always 22.
    pub fn msg_type(&self) -> u8 {
        22
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 22, 168)?;
        let target = if b.bool(139) {
            ChannelTarget::Addressed { dest1: b.u32(69, 30), dest2: b.u32(104, 30) }
        } else {
            ChannelTarget::Area(Area::decode(b, 69))
        };
        Ok(ChannelManagement {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            spare: b.u8(38, 2),
            channel_a: b.u16(40, 12),
            channel_b: b.u16(52, 12),
            txrx: b.u8(64, 4),
            power: b.bool(68),
            target,
            band_a: b.bool(140),
            band_b: b.bool(141),
            zonesize: b.u8(142, 3),
            spare2: b.u32(145, 23),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(22, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        w.put(u64::from(self.channel_a), 12);
        w.put(u64::from(self.channel_b), 12);
        w.put(u64::from(self.txrx), 4);
        w.put_bool(self.power);
        match &self.target {
            ChannelTarget::Area(area) => area.encode(w),
            ChannelTarget::Addressed { dest1, dest2 } => {
                w.put(u64::from(*dest1), 30);
                w.put(0, 5);
                w.put(u64::from(*dest2), 30);
                w.put(0, 5);
            }
        }
        w.put_bool(matches!(self.target, ChannelTarget::Addressed { .. }));
        w.put_bool(self.band_a);
        w.put_bool(self.band_b);
        w.put(u64::from(self.zonesize), 3);
        w.put(u64::from(self.spare2), 23);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("channel_a", self.channel_a);
        w.uint("channel_b", self.channel_b);
        w.uint("txrx", self.txrx);
        w.bool("power", self.power);
        match &self.target {
            ChannelTarget::Area(area) => area.write_json(w, g),
            ChannelTarget::Addressed { dest1, dest2 } => {
                w.uint("dest1", *dest1);
                w.uint("dest2", *dest2);
            }
        }
        w.bool("addressed", matches!(self.target, ChannelTarget::Addressed { .. }));
        w.bool("band_a", self.band_a);
        w.bool("band_b", self.band_b);
        w.uint("zonesize", self.zonesize);
    }
}

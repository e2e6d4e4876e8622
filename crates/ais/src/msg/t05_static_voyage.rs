//! Type 5: static and voyage related data (Class A).

use super::{code_with_text, epfd_text, non_empty, ship_type_text, Dimensions, Eta, Gpsd, StaticData};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

#[derive(Debug, Clone, PartialEq)]
pub struct StaticVoyage {
    pub repeat: u8,
    pub mmsi: u32,
    pub ais_version: u8,
    /// IMO number as sent; `None` for 0 (not available). Not validated here.
    pub imo: Option<u32>,
    pub callsign: String,
    pub shipname: String,
    /// Ship and cargo type 0–255 (0 = not available).
    pub ship_type: u8,
    pub dimensions: Dimensions,
    /// Type of position fixing device 0–15.
    pub epfd: u8,
    pub eta: Eta,
    /// Maximum present static draught; `None` for 0 (not available).
    pub draught_m: Option<f64>,
    pub destination: String,
    /// Data terminal equipment ready (false = available).
    pub dte: bool,
    pub spare: u8,
}

impl StaticVoyage {
    /// Always 5.
    pub fn msg_type(&self) -> u8 {
        5
    }

    /// The identity and voyage fields in the form the tracking stages use.
    pub fn static_data(&self) -> StaticData<'_> {
        StaticData {
            imo: self.imo,
            callsign: non_empty(&self.callsign),
            shipname: non_empty(&self.shipname),
            ship_type: (self.ship_type != 0).then_some(self.ship_type),
            dimensions: Some(self.dimensions),
            draught_m: self.draught_m,
            destination: non_empty(&self.destination),
            eta: Some(self.eta),
            ..StaticData::empty(5, self.mmsi)
        }
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        // 424 bits by the standard; many transmitters drop the last spare bits.
        super::require(b, 5, 420)?;
        let imo = b.u32(40, 30);
        let draught = b.u8(294, 8);
        Ok(StaticVoyage {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            ais_version: b.u8(38, 2),
            imo: (imo != 0).then_some(imo),
            callsign: b.text(70, 7),
            shipname: b.text(112, 20),
            ship_type: b.u8(232, 8),
            dimensions: Dimensions::decode(b, 240),
            epfd: b.u8(270, 4),
            eta: Eta::decode(b, 274),
            draught_m: (draught != 0).then(|| f64::from(draught) / 10.0),
            destination: b.text(302, 20),
            dte: b.bool(422),
            spare: b.u8(423, 1),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(5, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.ais_version), 2);
        w.put(u64::from(self.imo.unwrap_or(0)), 30);
        w.put_text(&self.callsign, 7);
        w.put_text(&self.shipname, 20);
        w.put(u64::from(self.ship_type), 8);
        self.dimensions.encode(w);
        w.put(u64::from(self.epfd), 4);
        self.eta.encode(w);
        w.put(self.draught_m.map_or(0, |d| (d * 10.0).round().clamp(0.0, 255.0) as u64), 8);
        w.put_text(&self.destination, 20);
        w.put_bool(self.dte);
        w.put(u64::from(self.spare), 1);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("imo", self.imo.unwrap_or(0));
        w.uint("ais_version", self.ais_version);
        w.str("callsign", &self.callsign);
        w.str("shipname", &self.shipname);
        code_with_text(w, "shiptype", self.ship_type, ship_type_text(self.ship_type));
        self.dimensions.write_json(w);
        code_with_text(w, "epfd", self.epfd, epfd_text(self.epfd));
        self.eta.write_json(w, "eta");
        if g.scaled {
            w.float("draught", self.draught_m.unwrap_or(0.0), 1);
        } else {
            w.uint("draught", self.draught_m.map_or(0, |d| (d * 10.0).round() as u64));
        }
        w.str("destination", &self.destination);
        w.uint("dte", u8::from(self.dte));
    }
}

//! Type 6: addressed binary message, with the application payloads gpsd decodes.

use super::{lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, BinaryData, Eta, Gpsd, TextDescription};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Binary data sent to one station. `app` holds the decoded application payload
/// for the designated area code (`dac`) and function id (`fid`) pairs gpsd decodes,
/// or the raw bits otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryAddressed {
    pub repeat: u8,
    pub mmsi: u32,
    /// Sequence number 0–3.
    pub seqno: u8,
    pub dest_mmsi: u32,
    pub retransmit: bool,
    pub spare: u8,
    pub dac: u16,
    pub fid: u8,
    /// Must be the variant that `dac`, `fid` and the payload length select when
    /// decoding, or the encoded message decodes differently.
    pub app: AddressedApp,
}

/// The application payload of a type 6 message.
#[derive(Debug, Clone, PartialEq)]
pub enum AddressedApp {
    /// Not decoded: the bits after the header.
    Data(BinaryData),
    /// DAC 235 or 250, FID 10 (136 bits): UK/Ireland AtoN monitoring.
    AtonMonitoring(AtonMonitoring),
    /// DAC 1, FID 12: dangerous cargo indication (IMO Circ. 236).
    DangerousCargo(DangerousCargo236),
    /// DAC 1, FID 14 (IMO 236) or FID 32 (IMO 289): tidal window.
    TidalWindow(TidalWindow),
    /// DAC 1, FID 16 (136 payload bits): number of persons on board (IMO 289).
    Persons(u16),
    /// DAC 1, FID 18: clearance time to enter port (IMO 289).
    ClearanceTime(ClearanceTime),
    /// DAC 1, FID 20: berthing data (IMO 289).
    Berthing(BerthingData),
    /// DAC 1, FID 25: dangerous cargo indication (IMO 289).
    DangerousCargo289(DangerousCargo289),
    /// DAC 1, FID 28: route information, addressed (IMO 289).
    Route(RouteInfo),
    /// DAC 1, FID 30: text description, addressed (IMO 289).
    Text(TextDescription),
    /// DAC 200, FID 21 (248 bits): inland ETA at lock, bridge or terminal.
    InlandEta(InlandEta),
    /// DAC 200, FID 22 (232 bits): inland RTA at lock, bridge or terminal.
    InlandRta(InlandRta),
    /// DAC 200, FID 55 (168 bits): inland number of persons on board.
    InlandPersons(InlandPersons),
}

/// The application payload starts after the 88-bit header.
const APP: usize = 88;

/// The IMO 289 persons-on-board payload: 13 bits and spare to 136.
const PERSONS_BITS: usize = 136;

impl BinaryAddressed {
    /// Always 6.
    pub fn msg_type(&self) -> u8 {
        6
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 6, APP)?;
        let dac = b.u16(72, 10);
        let fid = b.u8(82, 6);
        let len = b.len_bits();
        // gpsd's choice of decoder, length checks included.
        let app = match (dac, fid) {
            (235 | 250, 10) if len == 136 => AddressedApp::AtonMonitoring(AtonMonitoring::decode(b)),
            (1, 12) => AddressedApp::DangerousCargo(DangerousCargo236::decode(b)),
            (1, 14) => AddressedApp::TidalWindow(TidalWindow::decode(b, TidalLayout::Imo236)),
            (1, 32) => AddressedApp::TidalWindow(TidalWindow::decode(b, TidalLayout::Imo289)),
            // gpsd also takes other lengths (IMO 236), but reads them from inside the
            // header (bit 55); those are left as data here.
            (1, 16) if len == APP + PERSONS_BITS => AddressedApp::Persons(b.u16(APP, 13)),
            (1, 18) => AddressedApp::ClearanceTime(ClearanceTime::decode(b)),
            (1, 20) => AddressedApp::Berthing(BerthingData::decode(b)),
            (1, 25) => AddressedApp::DangerousCargo289(DangerousCargo289::decode(b)),
            (1, 28) => AddressedApp::Route(RouteInfo::decode(b, APP)),
            (1, 30) => AddressedApp::Text(TextDescription::decode(b, APP)),
            (200, 21) if len == 248 => AddressedApp::InlandEta(InlandEta::decode(b)),
            (200, 22) if len == 232 => AddressedApp::InlandRta(InlandRta::decode(b)),
            (200, 55) if len == 168 => AddressedApp::InlandPersons(InlandPersons::decode(b)),
            _ => AddressedApp::Data(BinaryData::decode(b, APP, len)),
        };
        Ok(BinaryAddressed {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            seqno: b.u8(38, 2),
            dest_mmsi: b.u32(40, 30),
            retransmit: b.bool(70),
            spare: b.u8(71, 1),
            dac,
            fid,
            app,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(6, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.seqno), 2);
        w.put(u64::from(self.dest_mmsi), 30);
        w.put_bool(self.retransmit);
        w.put(u64::from(self.spare), 1);
        w.put(u64::from(self.dac), 10);
        w.put(u64::from(self.fid), 6);
        match &self.app {
            AddressedApp::Data(d) => d.encode(w),
            AddressedApp::AtonMonitoring(a) => a.encode(w),
            AddressedApp::DangerousCargo(a) => a.encode(w),
            AddressedApp::TidalWindow(a) => a.encode(w),
            AddressedApp::Persons(n) => {
                w.put(u64::from(*n), 13);
                for _ in 13..PERSONS_BITS {
                    w.put_bool(false);
                }
            }
            AddressedApp::ClearanceTime(a) => a.encode(w),
            AddressedApp::Berthing(a) => a.encode(w),
            AddressedApp::DangerousCargo289(a) => a.encode(w),
            AddressedApp::Route(a) => a.encode(w),
            AddressedApp::Text(a) => a.encode(w),
            AddressedApp::InlandEta(a) => a.encode(w),
            AddressedApp::InlandRta(a) => a.encode(w),
            AddressedApp::InlandPersons(a) => a.encode(w),
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("seqno", self.seqno);
        w.uint("dest_mmsi", self.dest_mmsi);
        w.bool("retransmit", self.retransmit);
        w.uint("dac", self.dac);
        w.uint("fid", self.fid);
        match &self.app {
            AddressedApp::Data(d) => d.write_json(w, "data"),
            AddressedApp::AtonMonitoring(a) => a.write_json(w, g),
            AddressedApp::DangerousCargo(a) => a.write_json(w),
            AddressedApp::TidalWindow(a) => a.write_json(w, g),
            AddressedApp::Persons(n) => w.uint("persons", *n),
            AddressedApp::ClearanceTime(a) => a.write_json(w, g),
            AddressedApp::Berthing(a) => a.write_json(w, g),
            AddressedApp::DangerousCargo289(a) => a.write_json(w),
            AddressedApp::Route(a) => a.write_json(w, g),
            AddressedApp::Text(a) => a.write_json(w),
            AddressedApp::InlandEta(a) => a.write_json(w),
            AddressedApp::InlandRta(a) => a.write_json(w),
            AddressedApp::InlandPersons(a) => a.write_json(w),
        }
    }
}

/// UK/Ireland AtoN monitoring data (DAC 235/250, FID 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtonMonitoring {
    /// Supply voltage, 0.05 V units (0 = not measured).
    pub ana_int: u16,
    /// External analogue 1, 0.05 V units (0 = not measured).
    pub ana_ext1: u16,
    /// External analogue 2, 0.05 V units (0 = not measured).
    pub ana_ext2: u16,
    /// RACON status 0–3 (see [`racon_text`]).
    pub racon: u8,
    /// Light status 0–3 (see [`light_text`]).
    pub light: u8,
    pub alarm: bool,
    /// Extended status bits.
    pub stat_ext: u8,
    pub off_pos: bool,
    pub spare: u8,
}

impl AtonMonitoring {
    fn decode(b: &BitBuf) -> Self {
        AtonMonitoring {
            ana_int: b.u16(88, 10),
            ana_ext1: b.u16(98, 10),
            ana_ext2: b.u16(108, 10),
            racon: b.u8(118, 2),
            light: b.u8(120, 2),
            alarm: b.bool(122),
            stat_ext: b.u8(123, 8),
            off_pos: b.bool(131),
            spare: b.u8(132, 4),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.ana_int), 10);
        w.put(u64::from(self.ana_ext1), 10);
        w.put(u64::from(self.ana_ext2), 10);
        w.put(u64::from(self.racon), 2);
        w.put(u64::from(self.light), 2);
        w.put_bool(self.alarm);
        w.put(u64::from(self.stat_ext), 8);
        w.put_bool(self.off_pos);
        w.put(u64::from(self.spare), 4);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.bool("off_pos", self.off_pos);
        w.bool("alarm", self.alarm);
        w.uint("stat_ext", self.stat_ext);
        // gpsd scales a voltage only when it was measured.
        for (name, raw) in
            [("ana_int", self.ana_int), ("ana_ext1", self.ana_ext1), ("ana_ext2", self.ana_ext2)]
        {
            if g.scaled && raw != 0 {
                w.float(name, f64::from(raw) * 0.05, 2);
            } else {
                w.uint(name, raw);
            }
        }
        super::code_with_text(w, "racon", self.racon, racon_text(self.racon));
        super::code_with_text(w, "light", self.light, light_text(self.light));
    }
}

/// gpsd's text for an AtoN RACON status.
pub fn racon_text(v: u8) -> &'static str {
    ["No RACON installed", "RACON not monitored", "RACON operational", "RACON ERROR"]
        .get(usize::from(v))
        .copied()
        .unwrap_or("RACON ERROR")
}

/// gpsd's text for an AtoN light status.
pub fn light_text(v: u8) -> &'static str {
    ["No light or no monitoring", "Light ON", "Light OFF", "Light ERROR"]
        .get(usize::from(v))
        .copied()
        .unwrap_or("Light ERROR")
}

/// Dangerous cargo indication (DAC 1, FID 12, IMO Circ. 236).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DangerousCargo236 {
    /// UN/LOCODE of the last port.
    pub lastport: String,
    pub departure: Eta,
    /// UN/LOCODE of the next port.
    pub nextport: String,
    pub eta: Eta,
    /// Main dangerous good.
    pub dangerous: String,
    /// IMD category.
    pub imdcat: String,
    /// UN number.
    pub unid: u16,
    /// Amount of cargo.
    pub amount: u16,
    /// Unit code of the amount 0–3, as sent.
    pub unit: u8,
    pub spare: u8,
}

impl DangerousCargo236 {
    fn decode(b: &BitBuf) -> Self {
        DangerousCargo236 {
            lastport: b.text(88, 5),
            departure: Eta::decode(b, 118),
            nextport: b.text(138, 5),
            eta: Eta::decode(b, 168),
            dangerous: b.text(188, 20),
            imdcat: b.text(308, 4),
            unid: b.u16(332, 13),
            amount: b.u16(345, 10),
            unit: b.u8(355, 2),
            spare: b.u8(357, 3),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_text(&self.lastport, 5);
        self.departure.encode(w);
        w.put_text(&self.nextport, 5);
        self.eta.encode(w);
        w.put_text(&self.dangerous, 20);
        w.put_text(&self.imdcat, 4);
        w.put(u64::from(self.unid), 13);
        w.put(u64::from(self.amount), 10);
        w.put(u64::from(self.unit), 2);
        w.put(u64::from(self.spare), 3);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("lastport", &self.lastport);
        self.departure.write_json(w, "departure");
        w.str("nextport", &self.nextport);
        self.eta.write_json(w, "eta");
        w.str("dangerous", &self.dangerous);
        w.str("imdcat", &self.imdcat);
        w.uint("unid", self.unid);
        w.uint("amount", self.amount);
        w.uint("unit", self.unit);
    }
}

/// Which of the two tidal window layouts a message uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TidalLayout {
    /// FID 14 (IMO Circ. 236): 93-bit entries, latitude first, 1/10 000 minute.
    Imo236,
    /// FID 32 (IMO Circ. 289): 88-bit entries, longitude first, 1/1 000 minute.
    Imo289,
}

impl TidalLayout {
    fn entry_bits(self) -> usize {
        match self {
            TidalLayout::Imo236 => 93,
            TidalLayout::Imo289 => 88,
        }
    }

    /// (longitude bits, latitude bits, raw units per degree, current speed bits).
    fn fields(self) -> (u32, u32, f64, u32) {
        match self {
            TidalLayout::Imo236 => (28, 27, 600_000.0, 7),
            TidalLayout::Imo289 => (25, 24, 60_000.0, 8),
        }
    }
}

/// One tidal window: where, when, and the current.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tidal {
    pub lon_deg: Option<f64>,
    pub lat_deg: Option<f64>,
    pub from_hour: u8,
    pub from_min: u8,
    pub to_hour: u8,
    pub to_min: u8,
    /// Current direction, degrees (360 = not available).
    pub cdir_deg: u16,
    /// Current speed, knots (tenths as sent).
    pub cspeed_knots: f64,
}

/// Tidal windows (DAC 1, FID 14 or 32): as many entries as the payload holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TidalWindow {
    pub layout: TidalLayout,
    pub month: u8,
    pub day: u8,
    pub tidals: Vec<Tidal>,
}

/// Tidal entries start at bit 97.
const TIDALS: usize = 97;

impl TidalWindow {
    fn decode(b: &BitBuf, layout: TidalLayout) -> Self {
        let (lon_bits, lat_bits, per_degree, speed_bits) = layout.fields();
        let size = layout.entry_bits();
        // As gpsd, an entry counts when it starts inside the payload; its missing bits
        // read as zeros. (gpsd also counts one starting exactly at the end, an empty
        // entry after a full payload; that one is left out here.)
        let tidals = (0..)
            .map(|i| TIDALS + size * i)
            .take_while(|&at| at < b.len_bits())
            .map(|at| {
                let (lon, lat) = match layout {
                    TidalLayout::Imo236 => (b.i32(at + 27, lon_bits), b.i32(at, lat_bits)),
                    TidalLayout::Imo289 => (b.i32(at, lon_bits), b.i32(at + 25, lat_bits)),
                };
                let t = at + usize::try_from(lon_bits + lat_bits).unwrap_or(0);
                Tidal {
                    lon_deg: lon_from_raw(lon, per_degree),
                    lat_deg: lat_from_raw(lat, per_degree),
                    from_hour: b.u8(t, 5),
                    from_min: b.u8(t + 5, 6),
                    to_hour: b.u8(t + 11, 5),
                    to_min: b.u8(t + 16, 6),
                    cdir_deg: b.u16(t + 22, 9),
                    cspeed_knots: f64::from(b.u8(t + 31, speed_bits)) / 10.0,
                }
            })
            .collect();
        TidalWindow { layout, month: b.u8(88, 4), day: b.u8(92, 5), tidals }
    }

    fn encode(&self, w: &mut BitWriter) {
        let (lon_bits, lat_bits, per_degree, speed_bits) = self.layout.fields();
        w.put(u64::from(self.month), 4);
        w.put(u64::from(self.day), 5);
        for t in &self.tidals {
            let lon = lon_to_raw(t.lon_deg, per_degree);
            let lat = lat_to_raw(t.lat_deg, per_degree);
            match self.layout {
                TidalLayout::Imo236 => {
                    w.put_i(lat, lat_bits);
                    w.put_i(lon, lon_bits);
                }
                TidalLayout::Imo289 => {
                    w.put_i(lon, lon_bits);
                    w.put_i(lat, lat_bits);
                }
            }
            w.put(u64::from(t.from_hour), 5);
            w.put(u64::from(t.from_min), 6);
            w.put(u64::from(t.to_hour), 5);
            w.put(u64::from(t.to_min), 6);
            w.put(u64::from(t.cdir_deg), 9);
            w.put((t.cspeed_knots * 10.0).round().max(0.0) as u64, speed_bits);
        }
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        let (_, _, per_degree, _) = self.layout.fields();
        w.uint("month", self.month);
        w.uint("day", self.day);
        let mut list = String::from("[");
        for (i, t) in self.tidals.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut o = JsonWriter::begin(&mut list);
            // gpsd scales both layouts as 1/1000 minute.
            let lon = lon_to_raw(t.lon_deg, per_degree);
            let lat = lat_to_raw(t.lat_deg, per_degree);
            g.coord(&mut o, "lon", lon, 60_000.0, 6);
            g.coord(&mut o, "lat", lat, 60_000.0, 6);
            o.uint("from_hour", t.from_hour);
            o.uint("from_min", t.from_min);
            o.uint("to_hour", t.to_hour);
            o.uint("to_min", t.to_min);
            o.uint("cdir", t.cdir_deg);
            g.tenths(&mut o, "cspeed", (t.cspeed_knots * 10.0).round() as i64);
            o.end();
        }
        list.push(']');
        w.raw("tidals", &list);
    }
}

/// Clearance time to enter port (DAC 1, FID 18, IMO Circ. 289).
#[derive(Debug, Clone, PartialEq)]
pub struct ClearanceTime {
    /// Message linkage id.
    pub linkage: u16,
    /// Time of clearance (month, day, hour, minute).
    pub arrival: Eta,
    pub portname: String,
    /// UN/LOCODE of the destination.
    pub destination: String,
    /// Position, 1/1000 minute; `None` for 181.
    pub lon_deg: Option<f64>,
    /// `None` for 91.
    pub lat_deg: Option<f64>,
    pub spare: u64,
}

impl ClearanceTime {
    fn decode(b: &BitBuf) -> Self {
        ClearanceTime {
            linkage: b.u16(88, 10),
            arrival: Eta::decode(b, 98),
            portname: b.text(118, 20),
            destination: b.text(238, 5),
            lon_deg: lon_from_raw(b.i32(268, 25), 60_000.0),
            lat_deg: lat_from_raw(b.i32(293, 24), 60_000.0),
            spare: b.get(317, 43),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.linkage), 10);
        self.arrival.encode(w);
        w.put_text(&self.portname, 20);
        w.put_text(&self.destination, 5);
        w.put_i(lon_to_raw(self.lon_deg, 60_000.0), 25);
        w.put_i(lat_to_raw(self.lat_deg, 60_000.0), 24);
        w.put(self.spare, 43);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("linkage", self.linkage);
        self.arrival.write_json(w, "arrival");
        w.str("portname", &self.portname);
        w.str("destination", &self.destination);
        g.lon_lat(w, self.lon_deg, self.lat_deg, 60_000.0, 6);
    }
}

/// A month, day, hour and minute written as gpsd writes some of them: unpadded,
/// `"M-DTH:M"`.
fn unpadded_time(t: &Eta) -> String {
    format!("{}-{}T{}:{}", t.month, t.day, t.hour, t.minute)
}

/// Berthing data (DAC 1, FID 20, IMO Circ. 289).
#[derive(Debug, Clone, PartialEq)]
pub struct BerthingData {
    /// Message linkage id.
    pub linkage: u16,
    /// Berth length, metres.
    pub berth_length_m: u16,
    /// Water depth at the berth, tenths of a metre, as sent.
    pub berth_depth: u8,
    /// Mooring position 0–7 (see gpsd's `position_text`).
    pub position: u8,
    /// Time of arrival (month, day, hour, minute).
    pub arrival: Eta,
    /// Services availability flag.
    pub availability: bool,
    /// The 26 two-bit service status codes, in gpsd's order: agent, fuel, chandler,
    /// stevedore, electrical, water, customs, cartage, crane, lift, medical,
    /// navrepair, provisions, shiprepair, surveyor, steam, tugs, solidwaste,
    /// liquidwaste, hazardouswaste, ballast, additional, regional1, regional2,
    /// future1, future2.
    pub services: [u8; 26],
    pub berth_name: String,
    /// Berth position, 1/1000 minute; `None` for 181.
    pub berth_lon_deg: Option<f64>,
    /// `None` for 91.
    pub berth_lat_deg: Option<f64>,
}

const SERVICES: [&str; 26] = [
    "agent",
    "fuel",
    "chandler",
    "stevedore",
    "electrical",
    "water",
    "customs",
    "cartage",
    "crane",
    "lift",
    "medical",
    "navrepair",
    "provisions",
    "shiprepair",
    "surveyor",
    "steam",
    "tugs",
    "solidwaste",
    "liquidwaste",
    "hazardouswaste",
    "ballast",
    "additional",
    "regional1",
    "regional2",
    "future1",
    "future2",
];

impl BerthingData {
    fn decode(b: &BitBuf) -> Self {
        let mut services = [0u8; 26];
        for (i, s) in services.iter_mut().enumerate() {
            *s = b.u8(139 + 2 * i, 2);
        }
        BerthingData {
            linkage: b.u16(88, 10),
            berth_length_m: b.u16(98, 9),
            berth_depth: b.u8(107, 8),
            position: b.u8(115, 3),
            arrival: Eta::decode(b, 118),
            availability: b.bool(138),
            services,
            berth_name: b.text(191, 20),
            berth_lon_deg: lon_from_raw(b.i32(311, 25), 60_000.0),
            berth_lat_deg: lat_from_raw(b.i32(336, 24), 60_000.0),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.linkage), 10);
        w.put(u64::from(self.berth_length_m), 9);
        w.put(u64::from(self.berth_depth), 8);
        w.put(u64::from(self.position), 3);
        self.arrival.encode(w);
        w.put_bool(self.availability);
        for s in self.services {
            w.put(u64::from(s), 2);
        }
        w.put_text(&self.berth_name, 20);
        w.put_i(lon_to_raw(self.berth_lon_deg, 60_000.0), 25);
        w.put_i(lat_to_raw(self.berth_lat_deg, 60_000.0), 24);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        const POSITION: [&str; 8] = [
            "Not available",
            "Port-side to",
            "Starboard-side to",
            "Mediterranean (end-on) mooring",
            "Mooring buoy",
            "Anchorage",
            "Reserved for future use",
            "Reserved for future use",
        ];
        w.uint("linkage", self.linkage);
        w.uint("berth_length", self.berth_length_m);
        super::code_with_text(
            w,
            "position",
            self.position,
            POSITION.get(usize::from(self.position)).copied().unwrap_or(""),
        );
        w.str("arrival", &unpadded_time(&self.arrival));
        w.uint("availability", u8::from(self.availability));
        for (name, v) in SERVICES.iter().zip(self.services) {
            w.uint(name, v);
        }
        w.str("berth_name", &self.berth_name);
        g.coord(w, "berth_lon", lon_to_raw(self.berth_lon_deg, 60_000.0), 60_000.0, 6);
        g.coord(w, "berth_lat", lat_to_raw(self.berth_lat_deg, 60_000.0), 60_000.0, 6);
        g.tenths(w, "berth_depth", self.berth_depth);
    }
}

/// One cargo of [`DangerousCargo289`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CargoEntry {
    /// Code type 0–15 (IMDG class, UN number, BC code, ...).
    pub code: u8,
    /// The code, 13 bits.
    pub subtype: u16,
}

/// Dangerous cargo indication (DAC 1, FID 25, IMO Circ. 289).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DangerousCargo289 {
    /// Unit code of the amount 0–3.
    pub unit: u8,
    pub amount: u16,
    /// As many cargos as the payload holds.
    pub cargos: Vec<CargoEntry>,
}

impl DangerousCargo289 {
    fn decode(b: &BitBuf) -> Self {
        let cargos = (0..)
            .map(|i| 100 + 17 * i)
            .take_while(|&at| at < b.len_bits())
            .map(|at| CargoEntry { code: b.u8(at, 4), subtype: b.u16(at + 4, 13) })
            .collect();
        DangerousCargo289 { unit: b.u8(88, 2), amount: b.u16(90, 10), cargos }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.unit), 2);
        w.put(u64::from(self.amount), 10);
        for c in &self.cargos {
            w.put(u64::from(c.code), 4);
            w.put(u64::from(c.subtype), 13);
        }
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.uint("unit", self.unit);
        w.uint("amount", self.amount);
        let mut list = String::from("[");
        for (i, c) in self.cargos.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut o = JsonWriter::begin(&mut list);
            o.uint("code", c.code);
            o.uint("subtype", c.subtype);
            o.end();
        }
        list.push(']');
        w.raw("cargos", &list);
    }
}

/// Route information (DAC 1, FID 28 addressed in type 6; FID 27 broadcast in type
/// 8; IMO Circ. 289): waypoints in 1/10 000 minute.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteInfo {
    /// Message linkage id.
    pub linkage: u16,
    /// Sender class 0–7.
    pub sender: u8,
    /// Route type 0–31 (see [`route_type_text`]).
    pub rtype: u8,
    /// Start time (month, day, hour, minute).
    pub start: Eta,
    /// Duration, minutes (0 = cancel route).
    pub duration_min: u32,
    /// Up to 31 waypoints (the count is sent in 5 bits; ones past the payload's end
    /// read as zeros, as in gpsd).
    pub waypoints: Vec<(Option<f64>, Option<f64>)>,
}

impl RouteInfo {
    /// Reads the payload from `start` (the end of the binary header).
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        let count = usize::from(b.u8(start + 56, 5));
        let waypoints = (0..count)
            .map(|i| start + 61 + 55 * i)
            .map(|at| (lon_from_raw(b.i32(at, 28), 600_000.0), lat_from_raw(b.i32(at + 28, 27), 600_000.0)))
            .collect();
        RouteInfo {
            linkage: b.u16(start, 10),
            sender: b.u8(start + 10, 3),
            rtype: b.u8(start + 13, 5),
            start: Eta::decode(b, start + 18),
            duration_min: b.u32(start + 38, 18),
            waypoints,
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.linkage), 10);
        w.put(u64::from(self.sender), 3);
        w.put(u64::from(self.rtype), 5);
        self.start.encode(w);
        w.put(u64::from(self.duration_min), 18);
        let n = self.waypoints.len().min(31);
        w.put(u64::try_from(n).unwrap_or(0), 5);
        for (lon, lat) in self.waypoints.iter().take(n) {
            w.put_i(lon_to_raw(*lon, 600_000.0), 28);
            w.put_i(lat_to_raw(*lat, 600_000.0), 27);
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("linkage", self.linkage);
        w.uint("sender", self.sender);
        super::code_with_text(w, "rtype", self.rtype, route_type_text(self.rtype));
        self.start.write_json(w, "start");
        w.uint("duration", self.duration_min);
        let mut list = String::from("[");
        for (i, (lon, lat)) in self.waypoints.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut o = JsonWriter::begin(&mut list);
            g.lon_lat(&mut o, *lon, *lat, 600_000.0, 6);
            o.end();
        }
        list.push(']');
        w.raw("waypoints", &list);
    }
}

/// gpsd's text for a route type.
pub fn route_type_text(t: u8) -> &'static str {
    match t {
        0 => "Undefined (default)",
        1 => "Mandatory",
        2 => "Recommended",
        3 => "Alternative",
        4 => "Recommended route through ice",
        5 => "Ship route plan",
        31 => "Cancel route identified by message linkage",
        _ => "Reserved for future use.",
    }
}

/// Where an inland vessel is expected (DAC 200, FIDs 21 and 22).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlandLocation {
    /// UN country code, 2 characters.
    pub country: String,
    /// UN/LOCODE, 3 characters.
    pub locode: String,
    /// Fairway section number, 5 characters.
    pub section: String,
    /// Terminal code, 5 characters.
    pub terminal: String,
    /// Fairway hectometre, 5 characters.
    pub hectometre: String,
}

impl InlandLocation {
    fn decode(b: &BitBuf) -> Self {
        InlandLocation {
            country: b.text(88, 2),
            locode: b.text(100, 3),
            section: b.text(118, 5),
            terminal: b.text(148, 5),
            hectometre: b.text(178, 5),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_text(&self.country, 2);
        w.put_text(&self.locode, 3);
        w.put_text(&self.section, 5);
        w.put_text(&self.terminal, 5);
        w.put_text(&self.hectometre, 5);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("country", &self.country);
        w.str("locode", &self.locode);
        w.str("section", &self.section);
        w.str("terminal", &self.terminal);
        w.str("hectometre", &self.hectometre);
    }
}

/// Inland ETA at a lock, bridge or terminal (DAC 200, FID 21).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlandEta {
    pub location: InlandLocation,
    pub eta: Eta,
    /// Number of assisting tugboats 0–6 (7 = unknown).
    pub tugs: u8,
    /// Air draught, centimetres.
    pub airdraught_cm: u16,
    pub spare: u8,
}

impl InlandEta {
    fn decode(b: &BitBuf) -> Self {
        InlandEta {
            location: InlandLocation::decode(b),
            eta: Eta::decode(b, 208),
            tugs: b.u8(228, 3),
            airdraught_cm: b.u16(231, 12),
            spare: b.u8(243, 5),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        self.location.encode(w);
        self.eta.encode(w);
        w.put(u64::from(self.tugs), 3);
        w.put(u64::from(self.airdraught_cm), 12);
        w.put(u64::from(self.spare), 5);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        self.location.write_json(w);
        w.str("eta", &unpadded_time(&self.eta));
        w.uint("tugs", self.tugs);
        w.uint("airdraught", self.airdraught_cm);
    }
}

/// Inland RTA (requested time of arrival) at a lock, bridge or terminal (DAC 200,
/// FID 22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlandRta {
    pub location: InlandLocation,
    pub rta: Eta,
    /// Lock/bridge/terminal status 0–3.
    pub status: u8,
    pub spare: u8,
}

impl InlandRta {
    fn decode(b: &BitBuf) -> Self {
        InlandRta {
            location: InlandLocation::decode(b),
            rta: Eta::decode(b, 208),
            status: b.u8(228, 2),
            spare: b.u8(230, 2),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        self.location.encode(w);
        self.rta.encode(w);
        w.put(u64::from(self.status), 2);
        w.put(u64::from(self.spare), 2);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        const STATUS: [&str; 4] = ["Operational", "Limited operation", "Out of order", "N/A"];
        self.location.write_json(w);
        // gpsd names the requested time "eta" too.
        w.str("eta", &unpadded_time(&self.rta));
        super::code_with_text(
            w,
            "status",
            self.status,
            STATUS.get(usize::from(self.status)).copied().unwrap_or("N/A"),
        );
    }
}

/// Inland number of persons on board (DAC 200, FID 55).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlandPersons {
    pub crew: u8,
    pub passengers: u16,
    /// Shipboard personnel.
    pub personnel: u8,
    pub spare: u64,
}

impl InlandPersons {
    fn decode(b: &BitBuf) -> Self {
        InlandPersons {
            crew: b.u8(88, 8),
            passengers: b.u16(96, 13),
            personnel: b.u8(109, 8),
            spare: b.get(117, 51),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.crew), 8);
        w.put(u64::from(self.passengers), 13);
        w.put(u64::from(self.personnel), 8);
        w.put(self.spare, 51);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.uint("crew", self.crew);
        w.uint("passengers", self.passengers);
        w.uint("personnel", self.personnel);
    }
}

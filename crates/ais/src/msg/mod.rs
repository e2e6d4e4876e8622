//! The AIS message types of ITU-R M.1371-5, one file per type, and what they share:
//! the [`Message`] enum, scaling of coordinates, dimensions, ETA and gpsd's texts.

mod t01_position;
mod t05_static_voyage;

pub use t01_position::PositionReport;
pub use t05_static_voyage::StaticVoyage;

use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// One decoded AIS message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// Types 1, 2, 3.
    Position(PositionReport),
    /// Type 5.
    StaticVoyage(StaticVoyage),
}

/// How gpsd's JSON is written: scaled (`"scaled":true`, degrees and knots, `*_text`
/// fields) or raw integers as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gpsd {
    pub scaled: bool,
}

impl Gpsd {
    /// Speed in knots, or its raw tenths (1023 = not available).
    fn sog(self, w: &mut JsonWriter<'_>, name: &str, v: Option<f64>) {
        let raw = t01_position::sog_to_raw(v);
        if self.scaled {
            w.float(name, raw as f64 / 10.0, 1);
        } else {
            w.uint(name, raw);
        }
    }

    /// Course in degrees, or its raw tenths (3600 = not available).
    fn cog(self, w: &mut JsonWriter<'_>, name: &str, v: Option<f64>) {
        let raw = t01_position::cog_to_raw(v);
        if self.scaled {
            w.float(name, raw as f64 / 10.0, 1);
        } else {
            w.uint(name, raw);
        }
    }

    /// `lon` then `lat`, in degrees with `decimals` digits, or raw units of
    /// 1/`per_degree` degree. Not-available positions print as gpsd does (181, 91).
    fn lon_lat(
        self,
        w: &mut JsonWriter<'_>,
        lon: Option<f64>,
        lat: Option<f64>,
        per_degree: f64,
        decimals: usize,
    ) {
        let lon_raw = lon_to_raw(lon, per_degree);
        let lat_raw = lat_to_raw(lat, per_degree);
        if self.scaled {
            w.float("lon", lon_raw as f64 / per_degree, decimals);
            w.float("lat", lat_raw as f64 / per_degree, decimals);
        } else {
            w.int("lon", lon_raw);
            w.int("lat", lat_raw);
        }
    }
}

/// Fails with [`ErrorKind::TooShort`] when the payload has fewer than `min_bits`.
pub(crate) fn require(b: &BitBuf, msg_type: u8, min_bits: usize) -> Result<(), ErrorKind> {
    if b.len_bits() < min_bits {
        return Err(ErrorKind::TooShort { msg_type, len_bits: b.len_bits(), min_bits });
    }
    Ok(())
}

/// Longitude from raw units of 1/`per_degree` degree; 181° is "not available".
pub(crate) fn lon_from_raw(raw: i32, per_degree: f64) -> Option<f64> {
    let deg = f64::from(raw) / per_degree;
    (deg != 181.0).then_some(deg)
}

/// Latitude from raw units of 1/`per_degree` degree; 91° is "not available".
pub(crate) fn lat_from_raw(raw: i32, per_degree: f64) -> Option<f64> {
    let deg = f64::from(raw) / per_degree;
    (deg != 91.0).then_some(deg)
}

pub(crate) fn lon_to_raw(deg: Option<f64>, per_degree: f64) -> i64 {
    (deg.unwrap_or(181.0) * per_degree).round() as i64
}

pub(crate) fn lat_to_raw(deg: Option<f64>, per_degree: f64) -> i64 {
    (deg.unwrap_or(91.0) * per_degree).round() as i64
}

/// Dimensions to the reference point, metres (types 5, 19, 21, 24).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dimensions {
    pub to_bow_m: u16,
    pub to_stern_m: u16,
    pub to_port_m: u8,
    pub to_starboard_m: u8,
}

impl Dimensions {
    /// Reads the 30 bits (9, 9, 6, 6) at `start`.
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        Dimensions {
            to_bow_m: b.u16(start, 9),
            to_stern_m: b.u16(start + 9, 9),
            to_port_m: b.u8(start + 18, 6),
            to_starboard_m: b.u8(start + 24, 6),
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.to_bow_m), 9);
        w.put(u64::from(self.to_stern_m), 9);
        w.put(u64::from(self.to_port_m), 6);
        w.put(u64::from(self.to_starboard_m), 6);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.uint("to_bow", self.to_bow_m);
        w.uint("to_stern", self.to_stern_m);
        w.uint("to_port", self.to_port_m);
        w.uint("to_starboard", self.to_starboard_m);
    }

    /// Length overall, metres, when both ends are given.
    pub fn length_m(&self) -> Option<u16> {
        (self.to_bow_m > 0 && self.to_stern_m > 0).then(|| self.to_bow_m + self.to_stern_m)
    }

    /// Beam, metres, when both sides are given.
    pub fn beam_m(&self) -> Option<u16> {
        (self.to_port_m > 0 && self.to_starboard_m > 0)
            .then(|| u16::from(self.to_port_m) + u16::from(self.to_starboard_m))
    }
}

/// Estimated time of arrival as sent: month, day, hour, minute, no year
/// (0 / 24 / 60 mean not available).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Eta {
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl Eta {
    /// Reads the 20 bits (4, 5, 5, 6) at `start`.
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        Eta {
            month: b.u8(start, 4),
            day: b.u8(start + 4, 5),
            hour: b.u8(start + 9, 5),
            minute: b.u8(start + 14, 6),
        }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.month), 4);
        w.put(u64::from(self.day), 5);
        w.put(u64::from(self.hour), 5);
        w.put(u64::from(self.minute), 6);
    }

    /// gpsd: `"eta":"MM-DDTHH:MMZ"` scaled; separate fields unscaled.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        if g.scaled {
            w.str("eta", &format!("{:02}-{:02}T{:02}:{:02}Z", self.month, self.day, self.hour, self.minute));
        } else {
            w.uint("month", self.month);
            w.uint("day", self.day);
            w.uint("hour", self.hour);
            w.uint("minute", self.minute);
        }
    }
}

/// A position as the tracking stages use it, from any message that reports one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionFix {
    pub msg_type: u8,
    pub mmsi: u32,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub sog_knots: Option<f64>,
    pub cog_deg: Option<f64>,
    pub heading_deg: Option<u16>,
    /// Navigational status (types 1–3, 27), 15 when not given.
    pub nav_status: u8,
    /// UTC second of the fix (0–59) when the message gives one.
    pub utc_second: Option<u8>,
    pub accuracy: bool,
}

/// Identity and voyage data as the tracking stages use it (types 5, 19, 24).
/// Fields a message does not carry are `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticData<'a> {
    pub msg_type: u8,
    pub mmsi: u32,
    pub imo: Option<u32>,
    pub callsign: Option<&'a str>,
    pub shipname: Option<&'a str>,
    pub ship_type: Option<u8>,
    pub dimensions: Option<Dimensions>,
    pub draught_m: Option<f64>,
    pub destination: Option<&'a str>,
    pub eta: Option<Eta>,
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

impl Message {
    /// Decodes a payload already in `bits`.
    pub fn from_bits(b: &BitBuf) -> Result<Message, ErrorKind> {
        if b.len_bits() == 0 {
            return Err(ErrorKind::EmptyPayload);
        }
        if b.len_bits() < 38 {
            return Err(ErrorKind::TooShort { msg_type: b.u8(0, 6), len_bits: b.len_bits(), min_bits: 38 });
        }
        match b.u8(0, 6) {
            1..=3 => PositionReport::decode(b).map(Message::Position),
            5 => StaticVoyage::decode(b).map(Message::StaticVoyage),
            t => Err(ErrorKind::UnsupportedType { msg_type: t }),
        }
    }

    /// Decodes an armoured payload (all fragments concatenated).
    pub fn from_payload(payload: &[u8], fill_bits: u8) -> Result<Message, ErrorKind> {
        let mut b = BitBuf::new();
        b.fill(payload, fill_bits).map_err(|(k, _)| k)?;
        Message::from_bits(&b)
    }

    /// The message type, 1–27.
    pub fn msg_type(&self) -> u8 {
        match self {
            Message::Position(m) => m.msg_type,
            Message::StaticVoyage(_) => 5,
        }
    }

    /// The repeat indicator, 0–3.
    pub fn repeat(&self) -> u8 {
        match self {
            Message::Position(m) => m.repeat,
            Message::StaticVoyage(m) => m.repeat,
        }
    }

    /// The sending station's MMSI.
    pub fn mmsi(&self) -> u32 {
        match self {
            Message::Position(m) => m.mmsi,
            Message::StaticVoyage(m) => m.mmsi,
        }
    }

    /// The position this message reports, if it reports one that is available.
    pub fn position(&self) -> Option<PositionFix> {
        match self {
            Message::Position(m) => Some(PositionFix {
                msg_type: m.msg_type,
                mmsi: m.mmsi,
                lat_deg: m.lat_deg?,
                lon_deg: m.lon_deg?,
                sog_knots: m.sog_knots,
                cog_deg: m.cog_deg,
                heading_deg: m.heading_deg,
                nav_status: m.nav_status,
                utc_second: (m.second < 60).then_some(m.second),
                accuracy: m.accuracy,
            }),
            Message::StaticVoyage(_) => None,
        }
    }

    /// Identity and voyage data, if this message carries any.
    pub fn static_data(&self) -> Option<StaticData<'_>> {
        match self {
            Message::StaticVoyage(m) => Some(StaticData {
                msg_type: 5,
                mmsi: m.mmsi,
                imo: m.imo,
                callsign: non_empty(&m.callsign),
                shipname: non_empty(&m.shipname),
                ship_type: (m.ship_type != 0).then_some(m.ship_type),
                dimensions: Some(m.dimensions),
                draught_m: m.draught_m,
                destination: non_empty(&m.destination),
                eta: Some(m.eta),
            }),
            Message::Position(_) => None,
        }
    }

    /// Encodes the message into its bits.
    pub fn encode_bits(&self, w: &mut BitWriter) {
        match self {
            Message::Position(m) => m.encode(w),
            Message::StaticVoyage(m) => m.encode(w),
        }
    }

    /// The armoured payload and its fill bits.
    pub fn encode_payload(&self) -> (String, u8) {
        let mut w = BitWriter::new();
        self.encode_bits(&mut w);
        w.armored()
    }

    /// Appends gpsd's JSON for this message (`{"class":"AIS","type":...}`), without a
    /// newline.
    pub fn write_gpsd_json(&self, out: &mut String, g: Gpsd) {
        let mut w = JsonWriter::begin(out);
        w.str("class", "AIS");
        w.uint("type", self.msg_type());
        w.uint("repeat", self.repeat());
        w.uint("mmsi", self.mmsi());
        w.bool("scaled", g.scaled);
        match self {
            Message::Position(m) => m.write_json(&mut w, g),
            Message::StaticVoyage(m) => m.write_json(&mut w, g),
        }
        w.end();
    }
}

/// gpsd's text for a navigational status.
pub fn nav_status_text(status: u8) -> &'static str {
    const TEXT: [&str; 16] = [
        "Under way using engine",
        "At anchor",
        "Not under command",
        "Restricted maneuverability",
        "Constrained by her draught",
        "Moored",
        "Aground",
        "Engaged in fishing",
        "Under way sailing",
        "Reserved for HSC",
        "Reserved for WIG",
        "Power-driven vessel towing astern",
        "Power-driven vessel pushing ahead or towing alongside",
        "Reserved",
        "AIS-SART is active",
        "Not defined",
    ];
    TEXT.get(usize::from(status)).copied().unwrap_or("Not defined")
}

/// gpsd's text for a type of electronic position fixing device.
pub fn epfd_text(epfd: u8) -> &'static str {
    const TEXT: [&str; 16] = [
        "Undefined",
        "GPS",
        "GLONASS",
        "Combined GPS/GLONASS",
        "Loran-C",
        "Chayka",
        "Integrated navigation system",
        "Surveyed",
        "Galileo",
        "Reserved",
        "Reserved",
        "Reserved",
        "Reserved",
        "Reserved",
        "Reserved",
        "Internal GNSS",
    ];
    TEXT.get(usize::from(epfd)).copied().unwrap_or("Reserved")
}

/// gpsd's text for a ship and cargo type (ITU-R M.1371 Table 53).
pub fn ship_type_text(t: u8) -> &'static str {
    match t {
        0 => "Not available",
        1..=19 => "Reserved for future use",
        20 => "Wing in ground (WIG), all ships of this type",
        21 => "Wing in ground (WIG), Hazardous category A",
        22 => "Wing in ground (WIG), Hazardous category B",
        23 => "Wing in ground (WIG), Hazardous category C",
        24 => "Wing in ground (WIG), Hazardous category D",
        25..=29 => "Wing in ground (WIG), Reserved for future use",
        30 => "Fishing",
        31 => "Towing",
        32 => "Towing: length exceeds 200m or breadth exceeds 25m",
        33 => "Dredging or underwater ops",
        34 => "Diving ops",
        35 => "Military ops",
        36 => "Sailing",
        37 => "Pleasure Craft",
        38 | 39 => "Reserved",
        40 => "High speed craft (HSC), all ships of this type",
        41 => "High speed craft (HSC), Hazardous category A",
        42 => "High speed craft (HSC), Hazardous category B",
        43 => "High speed craft (HSC), Hazardous category C",
        44 => "High speed craft (HSC), Hazardous category D",
        45..=48 => "High speed craft (HSC), Reserved for future use",
        49 => "High speed craft (HSC), No additional information",
        50 => "Pilot Vessel",
        51 => "Search and Rescue vessel",
        52 => "Tug",
        53 => "Port Tender",
        54 => "Anti-pollution equipment",
        55 => "Law Enforcement",
        56 | 57 => "Spare - Local Vessel",
        58 => "Medical Transport",
        59 => "Ship according to RR Resolution No. 18",
        60 => "Passenger - all ships of this type",
        61 => "Passenger - Hazardous category A",
        62 => "Passenger - Hazardous category B",
        63 => "Passenger - Hazardous category C",
        64 => "Passenger - Hazardous category D",
        65..=68 => "Passenger - Reserved for future use",
        69 => "Passenger - No additional information",
        70 => "Cargo - all ships of this type",
        71 => "Cargo - Hazardous category A",
        72 => "Cargo - Hazardous category B",
        73 => "Cargo - Hazardous category C",
        74 => "Cargo - Hazardous category D",
        75..=78 => "Cargo - Reserved for future use",
        79 => "Cargo - No additional information",
        80 => "Tanker - all ships of this type",
        81 => "Tanker - Hazardous category A",
        82 => "Tanker - Hazardous category B",
        83 => "Tanker - Hazardous category C",
        84 => "Tanker - Hazardous category D",
        85..=88 => "Tanker - Reserved for future use",
        89 => "Tanker - No additional information",
        90 => "Other Type - all ships of this type",
        91 => "Other Type - Hazardous category A",
        92 => "Other Type - Hazardous category B",
        93 => "Other Type - Hazardous category C",
        94 => "Other Type - Hazardous category D",
        95..=98 => "Other Type - Reserved for future use",
        99 => "Other Type - no additional information",
        _ => "Unknown",
    }
}

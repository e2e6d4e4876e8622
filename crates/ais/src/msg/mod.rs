//! The AIS message types of ITU-R M.1371-5, one file per type, and what they share:
//! the [`Message`] enum, scaling of coordinates and speeds, dimensions, ETA, binary
//! payloads and gpsd's texts.

mod t01_position;
mod t04_base_station;
mod t05_static_voyage;
mod t06_binary_addressed;
mod t07_binary_ack;
mod t08_binary_broadcast;
mod t09_sar_aircraft;
mod t10_utc_inquiry;
mod t12_safety_addressed;
mod t14_safety_broadcast;
mod t15_interrogation;
mod t16_assigned_mode;
mod t17_dgnss;
mod t18_class_b;
mod t19_class_b_extended;
mod t20_data_link;
mod t21_aid_to_navigation;
mod t22_channel_management;
mod t23_group_assignment;
mod t24_static_data;
mod t25_single_slot_binary;
mod t26_multi_slot_binary;
mod t27_long_range;

pub use t01_position::PositionReport;
pub use t04_base_station::BaseStationReport;
pub use t05_static_voyage::StaticVoyage;
pub use t06_binary_addressed::{
    light_text, racon_text, route_type_text, AddressedApp, AtonMonitoring, BerthingData, BinaryAddressed,
    CargoEntry, ClearanceTime, DangerousCargo236, DangerousCargo289, InlandEta, InlandLocation,
    InlandPersons, InlandRta, RouteInfo, Tidal, TidalLayout, TidalWindow,
};
pub use t07_binary_ack::{Ack, BinaryAck};
pub use t08_binary_broadcast::{
    inland_ship_type_text, signal_text, BinaryBroadcast, BroadcastApp, EmmaWarning, FairwayClosed,
    InlandStatic, MarineTrafficSignal, MetHydro236, MetHydro289, Observation, SeaState, SignalStatus,
    VtsTarget, VtsTargetId, WaterLevelGauge, WaterLevels,
};
pub use t09_sar_aircraft::SarAircraft;
pub use t10_utc_inquiry::UtcInquiry;
pub use t12_safety_addressed::SafetyAddressed;
pub use t14_safety_broadcast::SafetyBroadcast;
pub use t15_interrogation::{Interrogation, SlotRequest};
pub use t16_assigned_mode::{AssignedMode, Assignment};
pub use t17_dgnss::DgnssBroadcast;
pub use t18_class_b::{ClassBFix, ClassBPosition};
pub use t19_class_b_extended::ClassBExtended;
pub use t20_data_link::{DataLinkManagement, SlotReservation};
pub use t21_aid_to_navigation::{aid_type_text, AidToNavigation};
pub use t22_channel_management::{Area, ChannelManagement, ChannelTarget};
pub use t23_group_assignment::{station_type_text, GroupAssignment};
pub use t24_static_data::{
    is_auxiliary_mmsi, PartA, PartB, PartBTail, StaticDataPart, StaticDataReport, Type24Pair, Type24Pairing,
};
pub use t25_single_slot_binary::{SingleSlotBinary, SlotPayload};
pub use t26_multi_slot_binary::MultiSlotBinary;
pub use t27_long_range::LongRange;

use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::{push_hex, JsonWriter};

/// One decoded AIS message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// Types 1, 2, 3.
    Position(PositionReport),
    /// Types 4 and 11.
    BaseStation(BaseStationReport),
    /// Type 5. (Boxed, like the other large rare variants, so that a `Message` stays
    /// small enough to move cheaply on the position-report hot path.)
    StaticVoyage(Box<StaticVoyage>),
    /// Type 6.
    BinaryAddressed(Box<BinaryAddressed>),
    /// Types 7 and 13.
    BinaryAck(BinaryAck),
    /// Type 8.
    BinaryBroadcast(Box<BinaryBroadcast>),
    /// Type 9.
    SarAircraft(SarAircraft),
    /// Type 10.
    UtcInquiry(UtcInquiry),
    /// Type 12.
    SafetyAddressed(SafetyAddressed),
    /// Type 14.
    SafetyBroadcast(SafetyBroadcast),
    /// Type 15.
    Interrogation(Interrogation),
    /// Type 16.
    AssignedMode(AssignedMode),
    /// Type 17.
    Dgnss(DgnssBroadcast),
    /// Type 18.
    ClassB(ClassBPosition),
    /// Type 19.
    ClassBExtended(ClassBExtended),
    /// Type 20.
    DataLink(DataLinkManagement),
    /// Type 21.
    AidToNavigation(AidToNavigation),
    /// Type 22.
    ChannelManagement(ChannelManagement),
    /// Type 23.
    GroupAssignment(GroupAssignment),
    /// Type 24, part A or B.
    StaticDataReport(StaticDataReport),
    /// Type 25.
    SingleSlotBinary(SingleSlotBinary),
    /// Type 26.
    MultiSlotBinary(MultiSlotBinary),
    /// Type 27.
    LongRange(LongRange),
}

/// Runs `$body` with `$m` bound to the inner struct of any variant: every message
/// struct has `repeat`, `mmsi`, `msg_type()`, `encode` and `write_json`.
macro_rules! each_variant {
    ($self:expr, $m:ident => $body:expr) => {
        match $self {
            Message::Position($m) => $body,
            Message::BaseStation($m) => $body,
            Message::StaticVoyage($m) => $body,
            Message::BinaryAddressed($m) => $body,
            Message::BinaryAck($m) => $body,
            Message::BinaryBroadcast($m) => $body,
            Message::SarAircraft($m) => $body,
            Message::UtcInquiry($m) => $body,
            Message::SafetyAddressed($m) => $body,
            Message::SafetyBroadcast($m) => $body,
            Message::Interrogation($m) => $body,
            Message::AssignedMode($m) => $body,
            Message::Dgnss($m) => $body,
            Message::ClassB($m) => $body,
            Message::ClassBExtended($m) => $body,
            Message::DataLink($m) => $body,
            Message::AidToNavigation($m) => $body,
            Message::ChannelManagement($m) => $body,
            Message::GroupAssignment($m) => $body,
            Message::StaticDataReport($m) => $body,
            Message::SingleSlotBinary($m) => $body,
            Message::MultiSlotBinary($m) => $body,
            Message::LongRange($m) => $body,
        }
    };
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
        self.tenths(w, name, sog_to_raw(v));
    }

    /// Course in degrees, or its raw tenths (3600 = not available).
    fn cog(self, w: &mut JsonWriter<'_>, name: &str, v: Option<f64>) {
        self.tenths(w, name, cog_to_raw(v));
    }

    /// A value sent in tenths: `raw / 10` with one decimal scaled, `raw` unscaled.
    fn tenths(self, w: &mut JsonWriter<'_>, name: &str, raw: impl Into<i64>) {
        let raw = raw.into();
        if self.scaled {
            w.float(name, raw as f64 / 10.0, 1);
        } else {
            w.int(name, raw);
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
        self.coord(w, "lon", lon_to_raw(lon, per_degree), per_degree, decimals);
        self.coord(w, "lat", lat_to_raw(lat, per_degree), per_degree, decimals);
    }

    /// One coordinate given in raw units of 1/`per_degree` degree.
    fn coord(self, w: &mut JsonWriter<'_>, name: &str, raw: i64, per_degree: f64, decimals: usize) {
        if self.scaled {
            w.float(name, raw as f64 / per_degree, decimals);
        } else {
            w.int(name, raw);
        }
    }
}

/// Writes the fields every gpsd AIS object starts with.
pub(crate) fn write_header(w: &mut JsonWriter<'_>, msg_type: u8, repeat: u8, mmsi: u32, g: Gpsd) {
    w.str("class", "AIS");
    w.uint("type", msg_type);
    w.uint("repeat", repeat);
    w.uint("mmsi", mmsi);
    w.bool("scaled", g.scaled);
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

/// A coordinate with no "not available" value, from raw units of 1/`per_degree`.
pub(crate) fn deg_from_raw(raw: i32, per_degree: f64) -> f64 {
    f64::from(raw) / per_degree
}

pub(crate) fn deg_to_raw(deg: f64, per_degree: f64) -> i64 {
    (deg * per_degree).round() as i64
}

/// Speed in tenths of a knot to knots, with 1023 as not available.
pub(crate) fn sog_from_raw(raw: u16) -> Option<f64> {
    (raw != 1023).then(|| f64::from(raw) / 10.0)
}

pub(crate) fn sog_to_raw(v: Option<f64>) -> u16 {
    v.map_or(1023, |k| (k * 10.0).round().clamp(0.0, 1023.0) as u16)
}

/// Course in tenths of a degree to degrees, with 3600 as not available.
pub(crate) fn cog_from_raw(raw: u16) -> Option<f64> {
    (raw != 3600).then(|| f64::from(raw) / 10.0)
}

pub(crate) fn cog_to_raw(v: Option<f64>) -> u16 {
    v.map_or(3600, |d| (d * 10.0).round().clamp(0.0, 4095.0) as u16)
}

/// True heading in degrees, with 511 as not available.
pub(crate) fn heading_from_raw(raw: u16) -> Option<u16> {
    (raw != 511).then_some(raw)
}

/// Raw application bits as gpsd prints them: `"<bit count>:<hex>"`, the last byte
/// padded with zero bits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BinaryData {
    /// Number of bits.
    pub len_bits: usize,
    /// The bits, MSB first, `len_bits.div_ceil(8)` bytes, unused low bits zero.
    pub bytes: Vec<u8>,
}

impl BinaryData {
    /// The bits of `b` from `start` to `end` (none when `end <= start`).
    pub(crate) fn decode(b: &BitBuf, start: usize, end: usize) -> Self {
        let len_bits = end.saturating_sub(start);
        BinaryData { len_bits, bytes: b.bytes(start, len_bits) }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put_bytes(&self.bytes, self.len_bits);
    }

    /// `"name":"<bits>:<hex>"`.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, name: &str) {
        let mut s = String::with_capacity(8 + self.bytes.len() * 2);
        s.push_str(&self.len_bits.to_string());
        s.push(':');
        push_hex(&mut s, &self.bytes);
        w.str(name, &s);
    }
}

/// Up to `N` characters of six-bit text held inline, so that decoding the text of a
/// position report (type 19's name) allocates nothing. Holds only characters of the
/// six-bit alphabet (others are stored as they would be sent: lower case as upper
/// case, the rest as `?`), `@` padding and trailing spaces removed as gpsd does.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SixbitText<const N: usize> {
    bytes: [u8; N],
    len: u8,
}

impl<const N: usize> SixbitText<N> {
    /// Reads up to `N` characters at `start` as [`BitBuf::text`] does.
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        let mut t = SixbitText { bytes: [0; N], len: 0 };
        for i in 0..N {
            let at = start + i * 6;
            let v = b.u8(at, 6);
            if at + 6 > b.len_bits() || v == 0 {
                break;
            }
            t.push(crate::bits::sixbit_ascii(v));
        }
        t.trim_end();
        t
    }

    fn push(&mut self, c: u8) {
        if let Some(slot) = self.bytes.get_mut(usize::from(self.len)) {
            *slot = c;
            self.len = self.len.saturating_add(1);
        }
    }

    /// Drops trailing spaces, zeroing them: bytes past `len` are always zero, which
    /// is what makes the derived equality and hash compare the text alone.
    fn trim_end(&mut self) {
        while self.len > 0 && self.bytes.get(usize::from(self.len) - 1) == Some(&b' ') {
            self.len -= 1;
            if let Some(b) = self.bytes.get_mut(usize::from(self.len)) {
                *b = 0;
            }
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        // only six-bit ASCII is ever stored
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

impl<const N: usize> Default for SixbitText<N> {
    fn default() -> Self {
        SixbitText { bytes: [0; N], len: 0 }
    }
}

impl<const N: usize> From<&str> for SixbitText<N> {
    /// The first `N` characters of `s` in the six-bit alphabet, as they would be
    /// sent and read back.
    fn from(s: &str) -> Self {
        let mut t = SixbitText::default();
        for c in s.bytes().take(N) {
            if c == b'@' {
                break;
            }
            t.push(crate::bits::sixbit_ascii(crate::bits::ascii_sixbit(c)));
        }
        t.trim_end();
        t
    }
}

impl<const N: usize> std::ops::Deref for SixbitText<N> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> std::fmt::Debug for SixbitText<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> std::fmt::Display for SixbitText<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text description (DAC 1, FID 30 addressed in type 6, FID 29 broadcast in
/// type 8, IMO Circ. 289): a linkage id and text to the end of the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDescription {
    /// Message linkage id.
    pub linkage: u16,
    pub text: String,
}

impl TextDescription {
    /// Reads the payload from `start` (the end of the binary header).
    pub(crate) fn decode(b: &BitBuf, start: usize) -> Self {
        TextDescription { linkage: b.u16(start, 10), text: b.text_to_end(start + 10) }
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.linkage), 10);
        w.put_text(&self.text, self.text.len());
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.uint("linkage", self.linkage);
        w.str("text", &self.text);
    }
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

/// A month, day, hour and minute as sent, no year (0 / 24 / 60 mean not available):
/// the ETA of type 5 and the times of several binary payloads.
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

    /// gpsd's `"name":"MM-DDTHH:MMZ"`, the same scaled and unscaled.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, name: &str) {
        w.str(name, &format!("{:02}-{:02}T{:02}:{:02}Z", self.month, self.day, self.hour, self.minute));
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
    /// Class B equipment vendor id (type 24 part B).
    pub vendor_id: Option<&'a str>,
    /// The mother ship of an auxiliary craft (type 24 part B, MMSI 98xxxxxxx).
    pub mothership_mmsi: Option<u32>,
}

impl<'a> StaticData<'a> {
    /// A record with only the sender known.
    pub(crate) fn empty(msg_type: u8, mmsi: u32) -> Self {
        StaticData {
            msg_type,
            mmsi,
            imo: None,
            callsign: None,
            shipname: None,
            ship_type: None,
            dimensions: None,
            draught_m: None,
            destination: None,
            eta: None,
            vendor_id: None,
            mothership_mmsi: None,
        }
    }
}

pub(crate) fn non_empty(s: &str) -> Option<&str> {
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
            4 | 11 => BaseStationReport::decode(b).map(Message::BaseStation),
            5 => StaticVoyage::decode(b).map(|m| Message::StaticVoyage(Box::new(m))),
            6 => BinaryAddressed::decode(b).map(|m| Message::BinaryAddressed(Box::new(m))),
            7 | 13 => BinaryAck::decode(b).map(Message::BinaryAck),
            8 => BinaryBroadcast::decode(b).map(|m| Message::BinaryBroadcast(Box::new(m))),
            9 => SarAircraft::decode(b).map(Message::SarAircraft),
            10 => UtcInquiry::decode(b).map(Message::UtcInquiry),
            12 => SafetyAddressed::decode(b).map(Message::SafetyAddressed),
            14 => SafetyBroadcast::decode(b).map(Message::SafetyBroadcast),
            15 => Interrogation::decode(b).map(Message::Interrogation),
            16 => AssignedMode::decode(b).map(Message::AssignedMode),
            17 => DgnssBroadcast::decode(b).map(Message::Dgnss),
            18 => ClassBPosition::decode(b).map(Message::ClassB),
            19 => ClassBExtended::decode(b).map(Message::ClassBExtended),
            20 => DataLinkManagement::decode(b).map(Message::DataLink),
            21 => AidToNavigation::decode(b).map(Message::AidToNavigation),
            22 => ChannelManagement::decode(b).map(Message::ChannelManagement),
            23 => GroupAssignment::decode(b).map(Message::GroupAssignment),
            24 => StaticDataReport::decode(b).map(Message::StaticDataReport),
            25 => SingleSlotBinary::decode(b).map(Message::SingleSlotBinary),
            26 => MultiSlotBinary::decode(b).map(Message::MultiSlotBinary),
            27 => LongRange::decode(b).map(Message::LongRange),
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
        each_variant!(self, m => m.msg_type())
    }

    /// The repeat indicator, 0–3.
    pub fn repeat(&self) -> u8 {
        each_variant!(self, m => m.repeat)
    }

    /// The sending station's MMSI.
    pub fn mmsi(&self) -> u32 {
        each_variant!(self, m => m.mmsi)
    }

    /// The position this message reports (types 1–4, 9, 11, 18, 19, 21, 27), if it
    /// reports one that is available.
    pub fn position(&self) -> Option<PositionFix> {
        match self {
            Message::Position(m) => m.position(),
            Message::BaseStation(m) => m.position(),
            Message::SarAircraft(m) => m.position(),
            Message::ClassB(m) => Some(m.fix.position(18, m.mmsi)?),
            Message::ClassBExtended(m) => Some(m.fix.position(19, m.mmsi)?),
            Message::AidToNavigation(m) => m.position(),
            Message::LongRange(m) => m.position(),
            _ => None,
        }
    }

    /// Identity and voyage data (types 5, 19, 24), if this message carries any.
    pub fn static_data(&self) -> Option<StaticData<'_>> {
        match self {
            Message::StaticVoyage(m) => Some(m.static_data()),
            Message::ClassBExtended(m) => Some(m.static_data()),
            Message::StaticDataReport(m) => Some(m.static_data()),
            _ => None,
        }
    }

    /// Encodes the message into its bits.
    pub fn encode_bits(&self, w: &mut BitWriter) {
        each_variant!(self, m => m.encode(w))
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
        write_header(&mut w, self.msg_type(), self.repeat(), self.mmsi(), g);
        each_variant!(self, m => m.write_json(&mut w, g));
        w.end();
    }
}

/// Writes `"name":v,"name_text":"..."`; gpsd prints the text scaled and unscaled.
pub(crate) fn code_with_text(w: &mut JsonWriter<'_>, name: &str, v: impl Into<u64>, text: &str) {
    w.uint(name, v);
    w.text_of(name, text);
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
    match epfd {
        0 => "Undefined",
        1 => "GPS",
        2 => "GLONASS",
        3 => "Combined GPS/GLONASS",
        4 => "Loran-C",
        5 => "Chayka",
        6 => "Integrated navigation system",
        7 => "Surveyed",
        8 => "Galileo",
        // gpsd numbers the reserved codes (its expected output has "Reserved (14)").
        9 => "Reserved (9)",
        10 => "Reserved (10)",
        11 => "Reserved (11)",
        12 => "Reserved (12)",
        13 => "Reserved (13)",
        14 => "Reserved (14)",
        15 => "Internal GNSS",
        _ => "Reserved",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(payload: &str, fill: u8) -> Result<Message, ErrorKind> {
        Message::from_payload(payload.as_bytes(), fill)
    }

    fn json(m: &Message, scaled: bool) -> String {
        let mut s = String::new();
        m.write_gpsd_json(&mut s, Gpsd { scaled });
        s
    }

    /// `len` bits: the 6-bit type, then zeros.
    fn zeros(msg_type: u8, len: usize) -> BitBuf {
        let mut w = BitWriter::new();
        w.put(u64::from(msg_type), 6);
        for _ in 6..len {
            w.put_bool(false);
        }
        let (p, f) = w.armored();
        let mut b = BitBuf::new();
        b.fill(p.as_bytes(), f).unwrap();
        b
    }

    #[test]
    fn minimum_lengths_as_gpsd_accepts() {
        // (type, shortest accepted length)
        let table: [(u8, usize); 26] = [
            (1, 163),
            (2, 163),
            (3, 163),
            (4, 168),
            (5, 420),
            (6, 88),
            (7, 72),
            (8, 56),
            (9, 168),
            (10, 72),
            (11, 168),
            (12, 72),
            (13, 72),
            (14, 40),
            (15, 88),
            (16, 96),
            (17, 80),
            (18, 168),
            (19, 312),
            (20, 72),
            (21, 272),
            (22, 168),
            (23, 160),
            (25, 40),
            (26, 60),
            (27, 96),
        ];
        for (t, min) in table {
            assert!(Message::from_bits(&zeros(t, min)).is_ok(), "type {t} at {min} bits");
            assert_eq!(
                Message::from_bits(&zeros(t, min - 1)),
                Err(ErrorKind::TooShort { msg_type: t, len_bits: min - 1, min_bits: min }),
                "type {t} at {} bits",
                min - 1
            );
        }
    }

    #[test]
    fn variable_lengths_give_the_entries_present() {
        let acks = |len| match Message::from_bits(&zeros(7, len)) {
            Ok(Message::BinaryAck(m)) => m.acks.len(),
            other => panic!("{other:?}"),
        };
        assert_eq!([acks(72), acks(104), acks(136), acks(168)], [1, 2, 3, 4]);
        let reservations = |len| match Message::from_bits(&zeros(20, len)) {
            Ok(Message::DataLink(m)) => m.reservations.len(),
            other => panic!("{other:?}"),
        };
        assert_eq!([reservations(72), reservations(104), reservations(136), reservations(160)], [1, 2, 3, 4]);
        let requests = |len| match Message::from_bits(&zeros(15, len)) {
            Ok(Message::Interrogation(m)) => (m.request1_2.is_some(), m.station2.is_some()),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            [requests(88), requests(110), requests(160)],
            [(false, false), (true, false), (true, true)]
        );
        let second = |len| match Message::from_bits(&zeros(16, len)) {
            Ok(Message::AssignedMode(m)) => m.second.is_some(),
            other => panic!("{other:?}"),
        };
        assert_eq!([second(96), second(143), second(144)], [false, false, true]);
    }

    #[test]
    fn short_type_1_keeps_the_radio_bits_it_has() {
        // gpsd's sample: a 163-bit type 1 whose radio field is 14 bits
        let Ok(Message::Position(m)) = decode("13aIkM@P00PJ@qPNL=e@0?wJ28JO", 5) else { panic!() };
        assert_eq!(m.radio, 1076);
    }

    #[test]
    fn sentinels_become_none() {
        // type 9 with altitude 4095, speed 1023, lon 181, lat 91, course 360
        let mut w = BitWriter::new();
        w.put(9, 6);
        w.put(0, 32);
        w.put(4095, 12);
        w.put(1023, 10);
        w.put(0, 1);
        w.put_i(181 * 600_000, 28);
        w.put_i(91 * 600_000, 27);
        w.put(3600, 12);
        w.put(60, 6);
        w.put(0, 34);
        let (p, f) = w.armored();
        let Ok(Message::SarAircraft(m)) = decode(&p, f) else { panic!() };
        assert_eq!(
            (m.altitude_m, m.sog_knots, m.lon_deg, m.lat_deg, m.cog_deg),
            (None, None, None, None, None)
        );
        let msg = Message::SarAircraft(m);
        assert_eq!(msg.position(), None);
        // printed as gpsd prints the sentinels
        let s = json(&msg, true);
        assert!(s.contains(r#""alt":4095,"speed":1023,"accuracy":false,"lon":181.0000000,"lat":91.0000000,"course":360.0"#), "{s}");
    }

    #[test]
    fn type_27_sentinels_and_position() {
        let Ok(m) = decode("KC5E2b@U19PFdLbMuc5=ROv62<7m", 0) else { panic!() };
        let p = m.position().unwrap();
        assert_eq!((p.msg_type, p.mmsi), (27, 206914217));
        assert!((p.lon_deg - 137.02333).abs() < 1e-4 && (p.lat_deg - 4.84).abs() < 1e-9);
        assert_eq!(
            (p.sog_knots, p.cog_deg, p.heading_deg, p.utc_second),
            (Some(57.0), Some(167.0), None, None)
        );
    }

    #[test]
    fn unscaled_json_as_gpsd_prints_it() {
        // gpsd's unscaled form: raw integers, the *_text fields kept (except type
        // 27's status text), times as strings.
        let table = [
            (
                "15RTgt0PAso;90TKcjM8h6g208CQ",
                0,
                r#"{"class":"AIS","type":1,"repeat":0,"mmsi":371798000,"scaled":false,"status":0,"status_text":"Under way using engine","turn":-127,"speed":123,"accuracy":true,"lon":-74037230,"lat":29028980,"course":2240,"heading":215,"second":33,"maneuver":0,"raim":false,"radio":34017}"#,
            ),
            (
                "403OviQuMGCqWrRO9>E6fE700@GO",
                0,
                r#"{"class":"AIS","type":4,"repeat":0,"mmsi":3669702,"scaled":false,"timestamp":"2007-05-14T19:57:39Z","accuracy":true,"lon":-45811417,"lat":22130260,"epfd":7,"epfd_text":"Surveyed","raim":false,"radio":67039}"#,
            ),
            (
                "KCQ9r=hrFUnH7P00",
                0,
                r#"{"class":"AIS","type":27,"repeat":1,"mmsi":236091959,"scaled":false,"status":3,"accuracy":false,"lon":-92521,"lat":52239,"speed":0,"course":0,"raim":false,"gnss":false}"#,
            ),
            (
                "G02:Kn01R`sn@291nj600000900",
                2,
                r#"{"class":"AIS","type":23,"repeat":0,"mmsi":2268120,"scaled":false,"ne_lon":1578,"ne_lat":30642,"sw_lon":1096,"sw_lat":30408,"stationtype":6,"stationtype_text":"Regional use and inland waterways","shiptype":0,"shiptype_text":"Not available","interval":9,"quiet":0}"#,
            ),
            (
                "91b55wi;hbOS@OdQAC062Ch2089h",
                0,
                r#"{"class":"AIS","type":9,"repeat":0,"mmsi":111232511,"scaled":false,"alt":303,"speed":42,"accuracy":false,"lon":-3767306,"lat":34886400,"course":1545,"second":15,"regional":0,"dte":1,"raim":false,"radio":33392}"#,
            ),
        ];
        for (payload, fill, expected) in table {
            let m = decode(payload, fill).unwrap();
            assert_eq!(json(&m, false), expected);
        }
    }

    #[test]
    fn unscaled_met_hydro_keeps_raw_codes() {
        // gpsd's sample type 8 DAC 1 FID 11: scaled airtemp 14.2 is raw 742
        let Ok(m) = decode("8>jR06@0Bk3:wOli;<`WPhh<1rqVBQf2V@Pdt0J82avIM2b<<Rv1t<ot=@1", 2) else {
            panic!()
        };
        let s = json(&m, false);
        assert!(s.contains(r#""airtemp":742,"#) && s.contains(r#""pressuretend":2,"#), "{s}");
        assert!(json(&m, true).contains(r#""airtemp":14.2,"#));
    }

    #[test]
    fn sixbit_text_holds_what_would_be_sent() {
        for (input, expected) in [("ab@cd", "AB"), ("xyz w", "XYZ"), ("A  ", "A"), ("é!", "??!"), ("", "")] {
            let t: SixbitText<3> = input.into();
            assert_eq!(t.as_str(), expected, "{input}");
        }
    }

    #[test]
    fn positions_from_every_reporting_type() {
        for (payload, fill, msg_type) in [
            ("15RTgt0PAso;90TKcjM8h6g208CQ", 0, 1),
            ("403OviQuMGCqWrRO9>E6fE700@GO", 0, 4),
            ("91b55wi;hbOS@OdQAC062Ch2089h", 0, 9),
            ("B52K>;h00Fc>jpUlNV@ikwpUoP06", 0, 18),
            ("C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", 0, 19),
            ("KCQ9r=hrFUnH7P00", 0, 27),
        ] {
            let m = decode(payload, fill).unwrap();
            assert_eq!(m.position().map(|p| p.msg_type), Some(msg_type), "{payload}");
        }
    }
}

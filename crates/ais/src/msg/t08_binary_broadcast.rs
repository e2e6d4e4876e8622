//! Type 8: binary broadcast message, with the application payloads gpsd decodes.

use super::{
    code_with_text, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, BinaryData, Eta, Gpsd, RouteInfo,
    TextDescription,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Binary data broadcast to all stations. `app` holds the decoded application
/// payload for the designated area code (`dac`) and function id (`fid`) pairs gpsd
/// decodes, or the raw bits otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryBroadcast {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    pub dac: u16,
    pub fid: u8,
    /// Must be the variant that `dac`, `fid` and the payload length select when
    /// decoding, or the encoded message decodes differently.
    pub app: BroadcastApp,
}

/// The application payload of a type 8 message.
#[derive(Debug, Clone, PartialEq)]
pub enum BroadcastApp {
    /// Not decoded: the bits after the header.
    Data(BinaryData),
    /// DAC 1, FID 11: meteorological and hydrological data (IMO Circ. 236).
    MetHydro236(MetHydro236),
    /// DAC 1, FID 13: fairway closed (IMO Circ. 236).
    FairwayClosed(FairwayClosed),
    /// DAC 1, FID 15: extended ship static and voyage data, air draught (IMO 236).
    AirDraught(u16),
    /// DAC 1, FID 17: VTS-generated / synthetic targets (IMO Circ. 289).
    VtsTargets(Vec<VtsTarget>),
    /// DAC 1, FID 19: marine traffic signal (IMO Circ. 289).
    TrafficSignal(MarineTrafficSignal),
    /// DAC 1, FID 27: route information, broadcast (IMO Circ. 289).
    Route(RouteInfo),
    /// DAC 1, FID 29: text description, broadcast (IMO Circ. 289).
    Text(TextDescription),
    /// DAC 1, FID 31: meteorological and hydrological data (IMO Circ. 289).
    MetHydro289(MetHydro289),
    /// DAC 200, FID 10 (168 bits): inland ship static and voyage data.
    InlandStatic(InlandStatic),
    /// DAC 200, FID 23 (256 bits): EMMA weather warning.
    EmmaWarning(EmmaWarning),
    /// DAC 200, FID 24 (168 bits): inland water levels.
    WaterLevels(WaterLevels),
    /// DAC 200, FID 40 (168 bits): inland signal status.
    SignalStatus(SignalStatus),
}

/// The application payload starts after the 56-bit header.
const APP: usize = 56;

impl BinaryBroadcast {
    /// Always 8.
    pub fn msg_type(&self) -> u8 {
        8
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 8, APP)?;
        let dac = b.u16(40, 10);
        let fid = b.u8(50, 6);
        let len = b.len_bits();
        // gpsd's choice of decoder, length and sanity checks included.
        let app = match (dac, fid) {
            (1, 11) => BroadcastApp::MetHydro236(MetHydro236::decode(b)),
            (1, 13) => BroadcastApp::FairwayClosed(FairwayClosed::decode(b)),
            (1, 15) => BroadcastApp::AirDraught(b.u16(56, 11)),
            (1, 17) => BroadcastApp::VtsTargets(VtsTarget::decode_all(b)),
            (1, 19) => BroadcastApp::TrafficSignal(MarineTrafficSignal::decode(b)),
            (1, 27) => BroadcastApp::Route(RouteInfo::decode(b, APP)),
            (1, 29) => BroadcastApp::Text(TextDescription::decode(b, APP)),
            (1, 31) => BroadcastApp::MetHydro289(MetHydro289::decode(b)),
            (200, 10) if len == 168 && b.u8(141, 3) <= INLAND_HAZARD_MAX => {
                BroadcastApp::InlandStatic(InlandStatic::decode(b))
            }
            (200, 23) if len == 256 => BroadcastApp::EmmaWarning(EmmaWarning::decode(b)),
            (200, 24) if len == 168 => BroadcastApp::WaterLevels(WaterLevels::decode(b)),
            (200, 40) if len == 168 => BroadcastApp::SignalStatus(SignalStatus::decode(b)),
            _ => BroadcastApp::Data(BinaryData::decode(b, APP, len)),
        };
        Ok(BinaryBroadcast { repeat: b.u8(6, 2), mmsi: b.u32(8, 30), spare: b.u8(38, 2), dac, fid, app })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(8, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        w.put(u64::from(self.dac), 10);
        w.put(u64::from(self.fid), 6);
        match &self.app {
            BroadcastApp::Data(d) => d.encode(w),
            BroadcastApp::MetHydro236(a) => a.encode(w),
            BroadcastApp::FairwayClosed(a) => a.encode(w),
            BroadcastApp::AirDraught(a) => {
                w.put(u64::from(*a), 11);
                w.put(0, 5);
            }
            BroadcastApp::VtsTargets(a) => a.iter().for_each(|t| t.encode(w)),
            BroadcastApp::TrafficSignal(a) => a.encode(w),
            BroadcastApp::Route(a) => a.encode(w),
            BroadcastApp::Text(a) => a.encode(w),
            BroadcastApp::MetHydro289(a) => a.encode(w),
            BroadcastApp::InlandStatic(a) => a.encode(w),
            BroadcastApp::EmmaWarning(a) => a.encode(w),
            BroadcastApp::WaterLevels(a) => a.encode(w),
            BroadcastApp::SignalStatus(a) => a.encode(w),
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        w.uint("dac", self.dac);
        w.uint("fid", self.fid);
        match &self.app {
            BroadcastApp::Data(d) => d.write_json(w, "data"),
            BroadcastApp::MetHydro236(a) => a.write_json(w, g),
            BroadcastApp::FairwayClosed(a) => a.write_json(w),
            BroadcastApp::AirDraught(a) => w.uint("airdraught", *a),
            BroadcastApp::VtsTargets(a) => VtsTarget::write_all_json(a, w, g),
            BroadcastApp::TrafficSignal(a) => a.write_json(w),
            BroadcastApp::Route(a) => a.write_json(w, g),
            BroadcastApp::Text(a) => a.write_json(w),
            BroadcastApp::MetHydro289(a) => a.write_json(w, g),
            BroadcastApp::InlandStatic(a) => a.write_json(w),
            BroadcastApp::EmmaWarning(a) => a.write_json(w, g),
            BroadcastApp::WaterLevels(a) => a.write_json(w),
            BroadcastApp::SignalStatus(a) => a.write_json(w, g),
        }
    }
}

/// gpsd's text for a pressure or water level trend.
fn trend_text(v: u8) -> &'static str {
    ["steady", "increasing", "decreasing", "N/A"].get(usize::from(v)).copied().unwrap_or("N/A")
}

/// gpsd's text for a precipitation type (WMO 306, code table 4.201).
fn precip_text(v: u8) -> &'static str {
    ["reserved", "rain", "thunderstorm", "freezing rain", "mixed/ice", "snow", "reserved", "N/A"]
        .get(usize::from(v))
        .copied()
        .unwrap_or("N/A")
}

/// gpsd's text for an ice code.
fn ice_text(v: u8) -> &'static str {
    ["no", "yes", "reserved", "N/A"].get(usize::from(v)).copied().unwrap_or("N/A")
}

/// Writes `(raw + offset) / divisor` with one decimal scaled, `raw` unscaled.
fn scaled1(w: &mut JsonWriter<'_>, g: Gpsd, name: &str, raw: i32, offset: i32, divisor: f64) {
    if g.scaled {
        w.float(name, f64::from(raw + offset) / divisor, 1);
    } else {
        w.int(name, raw);
    }
}

/// The currents, waves, swell and sea state fields common to both met/hydro
/// layouts, all as sent: speeds and heights in tenths, directions in degrees
/// (360 or 511 = not available), depths in metres, periods in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeaState {
    pub cspeed: u8,
    pub cdir: u16,
    pub cspeed2: u8,
    pub cdir2: u16,
    pub cdepth2: u8,
    pub cspeed3: u8,
    pub cdir3: u16,
    pub cdepth3: u8,
    pub waveheight: u8,
    pub waveperiod: u8,
    pub wavedir: u16,
    pub swellheight: u8,
    pub swellperiod: u8,
    pub swelldir: u16,
    /// Beaufort scale 0–12 (13–15 not available).
    pub seastate: u8,
}

impl SeaState {
    /// Reads the 111 bits at `start`.
    fn decode(b: &BitBuf, start: usize) -> Self {
        let s = start;
        SeaState {
            cspeed: b.u8(s, 8),
            cdir: b.u16(s + 8, 9),
            cspeed2: b.u8(s + 17, 8),
            cdir2: b.u16(s + 25, 9),
            cdepth2: b.u8(s + 34, 5),
            cspeed3: b.u8(s + 39, 8),
            cdir3: b.u16(s + 47, 9),
            cdepth3: b.u8(s + 56, 5),
            waveheight: b.u8(s + 61, 8),
            waveperiod: b.u8(s + 69, 6),
            wavedir: b.u16(s + 75, 9),
            swellheight: b.u8(s + 84, 8),
            swellperiod: b.u8(s + 92, 6),
            swelldir: b.u16(s + 98, 9),
            seastate: b.u8(s + 107, 4),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.cspeed), 8);
        w.put(u64::from(self.cdir), 9);
        w.put(u64::from(self.cspeed2), 8);
        w.put(u64::from(self.cdir2), 9);
        w.put(u64::from(self.cdepth2), 5);
        w.put(u64::from(self.cspeed3), 8);
        w.put(u64::from(self.cdir3), 9);
        w.put(u64::from(self.cdepth3), 5);
        w.put(u64::from(self.waveheight), 8);
        w.put(u64::from(self.waveperiod), 6);
        w.put(u64::from(self.wavedir), 9);
        w.put(u64::from(self.swellheight), 8);
        w.put(u64::from(self.swellperiod), 6);
        w.put(u64::from(self.swelldir), 9);
        w.put(u64::from(self.seastate), 4);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        scaled1(w, g, "cspeed", i32::from(self.cspeed), 0, 10.0);
        w.uint("cdir", self.cdir);
        scaled1(w, g, "cspeed2", i32::from(self.cspeed2), 0, 10.0);
        w.uint("cdir2", self.cdir2);
        w.uint("cdepth2", self.cdepth2);
        scaled1(w, g, "cspeed3", i32::from(self.cspeed3), 0, 10.0);
        w.uint("cdir3", self.cdir3);
        w.uint("cdepth3", self.cdepth3);
        scaled1(w, g, "waveheight", i32::from(self.waveheight), 0, 10.0);
        w.uint("waveperiod", self.waveperiod);
        w.uint("wavedir", self.wavedir);
        scaled1(w, g, "swellheight", i32::from(self.swellheight), 0, 10.0);
        w.uint("swellperiod", self.swellperiod);
        w.uint("swelldir", self.swelldir);
        w.uint("seastate", self.seastate);
    }
}

/// Wind, the observation time and humidity, common to both met/hydro layouts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Observation {
    /// UTC day, hour and minute of the observation.
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    /// Average wind speed, knots (127 = not available).
    pub wspeed_knots: u8,
    /// Gust speed, knots (127 = not available).
    pub wgust_knots: u8,
    /// Wind direction, degrees (360 or 511 = not available).
    pub wdir_deg: u16,
    pub wgustdir_deg: u16,
}

impl Observation {
    /// Reads day, hour, minute at `time` and the four wind fields at `wind`.
    fn decode(b: &BitBuf, time: usize) -> Self {
        let wind = time + 16;
        Observation {
            day: b.u8(time, 5),
            hour: b.u8(time + 5, 5),
            minute: b.u8(time + 10, 6),
            wspeed_knots: b.u8(wind, 7),
            wgust_knots: b.u8(wind + 7, 7),
            wdir_deg: b.u16(wind + 14, 9),
            wgustdir_deg: b.u16(wind + 23, 9),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.day), 5);
        w.put(u64::from(self.hour), 5);
        w.put(u64::from(self.minute), 6);
        w.put(u64::from(self.wspeed_knots), 7);
        w.put(u64::from(self.wgust_knots), 7);
        w.put(u64::from(self.wdir_deg), 9);
        w.put(u64::from(self.wgustdir_deg), 9);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("timestamp", &format!("{:02}T{:02}:{:02}Z", self.day, self.hour, self.minute));
        w.uint("wspeed", self.wspeed_knots);
        w.uint("wgust", self.wgust_knots);
        w.uint("wdir", self.wdir_deg);
        w.uint("wgustdir", self.wgustdir_deg);
    }
}

/// Meteorological and hydrological data (DAC 1, FID 11, IMO Circ. 236). Position in
/// 1/1000 minute; the other fields as sent, with the scaling gpsd applies noted.
#[derive(Debug, Clone, PartialEq)]
pub struct MetHydro236 {
    /// `None` for 91.
    pub lat_deg: Option<f64>,
    /// `None` for 181.
    pub lon_deg: Option<f64>,
    pub obs: Observation,
    /// Air temperature, (raw − 600) / 10 °C.
    pub airtemp: u16,
    /// Relative humidity, percent (127 = not available).
    pub humidity_pct: u8,
    /// Dew point, (raw − 200) / 10 °C.
    pub dewpoint: u16,
    /// Air pressure, raw + 800 hPa.
    pub pressure: u16,
    /// 0 steady, 1 increasing, 2 decreasing, 3 not available.
    pub pressuretend: u8,
    /// Horizontal visibility, tenths of a nautical mile.
    pub visibility: u8,
    /// Water level, (raw − 100) / 10 m.
    pub waterlevel: u16,
    pub leveltrend: u8,
    pub sea: SeaState,
    /// Water temperature, (raw − 100) / 10 °C.
    pub watertemp: u16,
    pub preciptype: u8,
    /// Salinity, tenths of ‰.
    pub salinity: u16,
    pub ice: u8,
    pub spare: u8,
}

impl MetHydro236 {
    fn decode(b: &BitBuf) -> Self {
        MetHydro236 {
            lat_deg: lat_from_raw(b.i32(56, 24), 60_000.0),
            lon_deg: lon_from_raw(b.i32(80, 25), 60_000.0),
            obs: Observation::decode(b, 105),
            airtemp: b.u16(153, 11),
            humidity_pct: b.u8(164, 7),
            dewpoint: b.u16(171, 10),
            pressure: b.u16(181, 9),
            pressuretend: b.u8(190, 2),
            visibility: b.u8(192, 8),
            waterlevel: b.u16(200, 9),
            leveltrend: b.u8(209, 2),
            sea: SeaState::decode(b, 211),
            watertemp: b.u16(322, 10),
            preciptype: b.u8(332, 3),
            salinity: b.u16(335, 9),
            ice: b.u8(344, 2),
            spare: b.u8(346, 6),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_i(lat_to_raw(self.lat_deg, 60_000.0), 24);
        w.put_i(lon_to_raw(self.lon_deg, 60_000.0), 25);
        self.obs.encode(w);
        w.put(u64::from(self.airtemp), 11);
        w.put(u64::from(self.humidity_pct), 7);
        w.put(u64::from(self.dewpoint), 10);
        w.put(u64::from(self.pressure), 9);
        w.put(u64::from(self.pressuretend), 2);
        w.put(u64::from(self.visibility), 8);
        w.put(u64::from(self.waterlevel), 9);
        w.put(u64::from(self.leveltrend), 2);
        self.sea.encode(w);
        w.put(u64::from(self.watertemp), 10);
        w.put(u64::from(self.preciptype), 3);
        w.put(u64::from(self.salinity), 9);
        w.put(u64::from(self.ice), 2);
        w.put(u64::from(self.spare), 6);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        g.coord(w, "lat", lat_to_raw(self.lat_deg, 60_000.0), 60_000.0, 6);
        g.coord(w, "lon", lon_to_raw(self.lon_deg, 60_000.0), 60_000.0, 6);
        self.obs.write_json(w);
        w.uint("humidity", self.humidity_pct);
        scaled1(w, g, "airtemp", i32::from(self.airtemp), -600, 10.0);
        scaled1(w, g, "dewpoint", i32::from(self.dewpoint), -200, 10.0);
        if g.scaled {
            w.uint("pressure", u32::from(self.pressure) + 800);
            w.str("pressuretend", trend_text(self.pressuretend));
        } else {
            w.uint("pressure", self.pressure);
            w.uint("pressuretend", self.pressuretend);
        }
        scaled1(w, g, "visibility", i32::from(self.visibility), 0, 10.0);
        scaled1(w, g, "waterlevel", i32::from(self.waterlevel), -100, 10.0);
        if g.scaled {
            w.str("leveltrend", trend_text(self.leveltrend));
        } else {
            w.uint("leveltrend", self.leveltrend);
        }
        self.sea.write_json(w, g);
        scaled1(w, g, "watertemp", i32::from(self.watertemp), -100, 10.0);
        super::code_with_text(w, "preciptype", self.preciptype, precip_text(self.preciptype));
        scaled1(w, g, "salinity", i32::from(self.salinity), 0, 10.0);
        super::code_with_text(w, "ice", self.ice, ice_text(self.ice));
    }
}

/// Meteorological and hydrological data (DAC 1, FID 31, IMO Circ. 289). Position in
/// 1/1000 minute; the other fields as sent, with the scaling gpsd applies noted.
#[derive(Debug, Clone, PartialEq)]
pub struct MetHydro289 {
    /// `None` for 181.
    pub lon_deg: Option<f64>,
    /// `None` for 91.
    pub lat_deg: Option<f64>,
    pub accuracy: bool,
    pub obs: Observation,
    /// Air temperature, tenths of °C (−1024 = not available).
    pub airtemp: i16,
    /// Relative humidity, percent (101 = not available).
    pub humidity_pct: u8,
    /// Dew point, tenths of °C (501 = not available).
    pub dewpoint: i16,
    /// Air pressure, raw + 799 hPa (511 = not available).
    pub pressure: u16,
    /// 0 steady, 1 increasing, 2 decreasing, 3 not available.
    pub pressuretend: u8,
    /// Visibility greater than the value given.
    pub visgreater: bool,
    /// Horizontal visibility, tenths of a nautical mile (127 = not available).
    pub visibility: u8,
    /// Water level, (raw − 1000) / 100 m.
    pub waterlevel: u16,
    pub leveltrend: u8,
    pub sea: SeaState,
    /// Water temperature, tenths of °C (501 = not available).
    pub watertemp: i16,
    pub preciptype: u8,
    /// Salinity, tenths of ‰ (510 = not available).
    pub salinity: u16,
    pub ice: u8,
    pub spare: u16,
}

impl MetHydro289 {
    fn decode(b: &BitBuf) -> Self {
        MetHydro289 {
            lon_deg: lon_from_raw(b.i32(56, 25), 60_000.0),
            lat_deg: lat_from_raw(b.i32(81, 24), 60_000.0),
            accuracy: b.bool(105),
            obs: Observation::decode(b, 106),
            airtemp: i16::try_from(b.i32(154, 11)).unwrap_or(0),
            humidity_pct: b.u8(165, 7),
            dewpoint: i16::try_from(b.i32(172, 10)).unwrap_or(0),
            pressure: b.u16(182, 9),
            pressuretend: b.u8(191, 2),
            visgreater: b.bool(193),
            visibility: b.u8(194, 7),
            waterlevel: b.u16(201, 12),
            leveltrend: b.u8(213, 2),
            sea: SeaState::decode(b, 215),
            watertemp: i16::try_from(b.i32(326, 10)).unwrap_or(0),
            preciptype: b.u8(336, 3),
            salinity: b.u16(339, 9),
            ice: b.u8(348, 2),
            spare: b.u16(350, 10),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_i(lon_to_raw(self.lon_deg, 60_000.0), 25);
        w.put_i(lat_to_raw(self.lat_deg, 60_000.0), 24);
        w.put_bool(self.accuracy);
        self.obs.encode(w);
        w.put_i(i64::from(self.airtemp), 11);
        w.put(u64::from(self.humidity_pct), 7);
        w.put_i(i64::from(self.dewpoint), 10);
        w.put(u64::from(self.pressure), 9);
        w.put(u64::from(self.pressuretend), 2);
        w.put_bool(self.visgreater);
        w.put(u64::from(self.visibility), 7);
        w.put(u64::from(self.waterlevel), 12);
        w.put(u64::from(self.leveltrend), 2);
        self.sea.encode(w);
        w.put_i(i64::from(self.watertemp), 10);
        w.put(u64::from(self.preciptype), 3);
        w.put(u64::from(self.salinity), 9);
        w.put(u64::from(self.ice), 2);
        w.put(u64::from(self.spare), 10);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        g.coord(w, "lat", lat_to_raw(self.lat_deg, 60_000.0), 60_000.0, 6);
        g.coord(w, "lon", lon_to_raw(self.lon_deg, 60_000.0), 60_000.0, 6);
        w.bool("accuracy", self.accuracy);
        self.obs.write_json(w);
        w.uint("humidity", self.humidity_pct);
        scaled1(w, g, "airtemp", i32::from(self.airtemp), 0, 10.0);
        scaled1(w, g, "dewpoint", i32::from(self.dewpoint), 0, 10.0);
        if g.scaled {
            w.uint("pressure", u32::from(self.pressure) + 799);
            w.str("pressuretend", trend_text(self.pressuretend));
        } else {
            w.uint("pressure", self.pressure);
            w.uint("pressuretend", self.pressuretend);
        }
        w.bool("visgreater", self.visgreater);
        scaled1(w, g, "visibility", i32::from(self.visibility), 0, 10.0);
        if g.scaled {
            w.float("waterlevel", (f64::from(self.waterlevel) - 1000.0) / 100.0, 1);
            w.str("leveltrend", trend_text(self.leveltrend));
        } else {
            w.uint("waterlevel", self.waterlevel);
            w.uint("leveltrend", self.leveltrend);
        }
        self.sea.write_json(w, g);
        scaled1(w, g, "watertemp", i32::from(self.watertemp), 0, 10.0);
        // gpsd prints only the texts of these two scaled, only the codes unscaled.
        if g.scaled {
            w.str("preciptype", precip_text(self.preciptype));
        } else {
            w.uint("preciptype", self.preciptype);
        }
        scaled1(w, g, "salinity", i32::from(self.salinity), 0, 10.0);
        if g.scaled {
            w.str("ice", ice_text(self.ice));
        } else {
            w.uint("ice", self.ice);
        }
    }
}

/// The largest hazard code gpsd accepts before it treats a DAC 200 FID 10 payload
/// as something else.
const INLAND_HAZARD_MAX: u8 = 5;

/// Inland ship static and voyage related data (DAC 200, FID 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlandStatic {
    /// European vessel identification number.
    pub vin: String,
    /// Length, decimetres.
    pub length_dm: u16,
    /// Beam, decimetres.
    pub beam_dm: u16,
    /// ERI ship type code (see [`inland_ship_type_text`]).
    pub ship_type: u16,
    /// Number of blue cones 0–3, 4 B-flag, 5 unknown.
    pub hazard: u8,
    /// Draught, centimetres.
    pub draught_cm: u16,
    /// 0 not available, 1 unloaded, 2 loaded.
    pub loaded: u8,
    pub speed_q: bool,
    pub course_q: bool,
    pub heading_q: bool,
    pub spare: u8,
}

impl InlandStatic {
    fn decode(b: &BitBuf) -> Self {
        InlandStatic {
            vin: b.text(56, 8),
            length_dm: b.u16(104, 13),
            beam_dm: b.u16(117, 10),
            ship_type: b.u16(127, 14),
            hazard: b.u8(141, 3),
            draught_cm: b.u16(144, 11),
            loaded: b.u8(155, 2),
            speed_q: b.bool(157),
            course_q: b.bool(158),
            heading_q: b.bool(159),
            spare: b.u8(160, 8),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_text(&self.vin, 8);
        w.put(u64::from(self.length_dm), 13);
        w.put(u64::from(self.beam_dm), 10);
        w.put(u64::from(self.ship_type), 14);
        w.put(u64::from(self.hazard), 3);
        w.put(u64::from(self.draught_cm), 11);
        w.put(u64::from(self.loaded), 2);
        w.put_bool(self.speed_q);
        w.put_bool(self.course_q);
        w.put_bool(self.heading_q);
        w.put(u64::from(self.spare), 8);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("vin", &self.vin);
        w.uint("length", self.length_dm);
        w.uint("beam", self.beam_dm);
        super::code_with_text(w, "shiptype", self.ship_type, inland_ship_type_text(self.ship_type));
        let hazard = [
            "0 blue cones/lights",
            "1 blue cone/light",
            "2 blue cones/lights",
            "3 blue cones/lights",
            "4 B-Flag",
            "Unknown",
        ];
        super::code_with_text(
            w,
            "hazard",
            self.hazard,
            hazard.get(usize::from(self.hazard)).copied().unwrap_or("INVALID HAZARD TYPE"),
        );
        w.uint("draught", self.draught_cm);
        let loaded = ["N/A (default)", "Unloaded", "Loaded"];
        super::code_with_text(
            w,
            "loaded",
            self.loaded,
            loaded.get(usize::from(self.loaded)).copied().unwrap_or("INVALID LOAD STATUS"),
        );
        w.bool("speed_q", self.speed_q);
        w.bool("course_q", self.course_q);
        w.bool("heading_q", self.heading_q);
    }
}

/// gpsd's text for an inland (ERI) ship type. gpsd matches the ERI code or the
/// corresponding ITU-R M.1371 type, whichever the sender used, first match wins.
pub fn inland_ship_type_text(code: u16) -> &'static str {
    const TYPES: [(u16, u16, &str); 42] = [
        (8000, 99, "Vessel, type unknown"),
        (8010, 79, "Motor freighter"),
        (8020, 89, "Motor tanker"),
        (8021, 80, "Motor tanker, liquid cargo, type N"),
        (8022, 80, "Motor tanker, liquid cargo, type C"),
        (8023, 89, "Motor tanker, dry cargo as if liquid (e.g. cement)"),
        (8030, 79, "Container vessel"),
        (8040, 80, "Gas tanker"),
        (8050, 79, "Motor freighter, tug"),
        (8060, 89, "Motor tanker, tug"),
        (8070, 79, "Motor freighter with one or more ships alongside"),
        (8080, 89, "Motor freighter with tanker"),
        (8090, 79, "Motor freighter pushing one or more freighters"),
        (8100, 89, "Motor freighter pushing at least one tank-ship"),
        (8110, 79, "Tug, freighter"),
        (8120, 89, "Tug, tanker"),
        (8130, 31, "Tug freighter, coupled"),
        (8140, 31, "Tug, freighter/tanker, coupled"),
        (8150, 99, "Freightbarge"),
        (8160, 99, "Tankbarge"),
        (8161, 90, "Tankbarge, liquid cargo, type N"),
        (8162, 90, "Tankbarge, liquid cargo, type C"),
        (8163, 99, "Tankbarge, dry cargo as if liquid (e.g. cement)"),
        (8170, 99, "Freightbarge with containers"),
        (8180, 90, "Tankbarge, gas"),
        (8210, 79, "Pushtow, one cargo barge"),
        (8220, 79, "Pushtow, two cargo barges"),
        (8230, 79, "Pushtow, three cargo barges"),
        (8240, 79, "Pushtow, four cargo barges"),
        (8250, 79, "Pushtow, five cargo barges"),
        (8260, 79, "Pushtow, six cargo barges"),
        (8270, 79, "Pushtow, seven cargo barges"),
        (8280, 79, "Pushtow, eigth cargo barges"),
        (8290, 79, "Pushtow, nine or more barges"),
        (8310, 80, "Pushtow, one tank/gas barge"),
        (8320, 80, "Pushtow, two barges at least one tanker or gas barge"),
        (8330, 80, "Pushtow, three barges at least one tanker or gas barge"),
        (8340, 80, "Pushtow, four barges at least one tanker or gas barge"),
        (8350, 80, "Pushtow, five barges at least one tanker or gas barge"),
        (8360, 80, "Pushtow, six barges at least one tanker or gas barge"),
        (8370, 80, "Pushtow, seven barges at least one tanker or gas barg"),
        (0, 0, "Illegal ship type value."),
    ];
    TYPES
        .iter()
        .find(|(eri, itu, _)| *eri == code || *itu == code)
        .map_or("Illegal ship type value.", |(_, _, text)| text)
}

/// Fairway closed (DAC 1, FID 13, IMO Circ. 236).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FairwayClosed {
    pub reason: String,
    /// Location of closing from.
    pub closefrom: String,
    /// Location of closing to.
    pub closeto: String,
    /// Radius of the closed area, in `extunit`.
    pub radius: u16,
    /// Unit of the radius 0–3.
    pub extunit: u8,
    /// Closed from (month, day, hour, minute).
    pub from: Eta,
    /// Closed to.
    pub to: Eta,
    pub spare: u8,
}

impl FairwayClosed {
    /// Day comes before month in this payload; the rest as [`Eta`].
    fn time(b: &BitBuf, at: usize) -> Eta {
        Eta { day: b.u8(at, 5), month: b.u8(at + 5, 4), hour: b.u8(at + 9, 5), minute: b.u8(at + 14, 6) }
    }

    fn put_time(w: &mut BitWriter, t: &Eta) {
        w.put(u64::from(t.day), 5);
        w.put(u64::from(t.month), 4);
        w.put(u64::from(t.hour), 5);
        w.put(u64::from(t.minute), 6);
    }

    fn decode(b: &BitBuf) -> Self {
        FairwayClosed {
            reason: b.text(56, 20),
            closefrom: b.text(176, 20),
            closeto: b.text(296, 20),
            radius: b.u16(416, 10),
            extunit: b.u8(426, 2),
            from: Self::time(b, 428),
            to: Self::time(b, 448),
            spare: b.u8(468, 4),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_text(&self.reason, 20);
        w.put_text(&self.closefrom, 20);
        w.put_text(&self.closeto, 20);
        w.put(u64::from(self.radius), 10);
        w.put(u64::from(self.extunit), 2);
        Self::put_time(w, &self.from);
        Self::put_time(w, &self.to);
        w.put(u64::from(self.spare), 4);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        let time = |t: &Eta| format!("{:02}-{:02}T{:02}:{:02}", t.month, t.day, t.hour, t.minute);
        w.str("reason", &self.reason);
        w.str("closefrom", &self.closefrom);
        w.str("closeto", &self.closeto);
        w.uint("radius", self.radius);
        w.uint("extunit", self.extunit);
        w.str("from", &time(&self.from));
        w.str("to", &time(&self.to));
    }
}

/// How a VTS target is identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VtsTargetId {
    /// An MMSI (sent in 42 bits).
    Mmsi(u64),
    /// An IMO number (sent in 42 bits).
    Imo(u64),
    /// A call sign, 7 characters.
    Callsign(String),
    /// Other, 7 characters.
    Other(String),
}

/// One VTS-generated or synthetic target (DAC 1, FID 17).
#[derive(Debug, Clone, PartialEq)]
pub struct VtsTarget {
    pub id: VtsTargetId,
    pub spare: u8,
    /// 1/1000 minute; `None` for 91.
    pub lat_deg: Option<f64>,
    /// `None` for 181.
    pub lon_deg: Option<f64>,
    /// Course over ground, degrees (360 = not available).
    pub cog_deg: u16,
    /// UTC second (60 = not available).
    pub second: u8,
    /// Speed over ground, knots (255 = not available).
    pub sog_knots: u16,
}

/// VTS targets are 122 bits each from bit 56.
const TARGET_BITS: usize = 122;

impl VtsTarget {
    /// As many targets as start inside the payload (missing bits read as zeros).
    fn decode_all(b: &BitBuf) -> Vec<Self> {
        (0..)
            .map(|i| APP + TARGET_BITS * i)
            .take_while(|&at| at < b.len_bits())
            .map(|at| VtsTarget {
                id: match b.u8(at, 2) {
                    0 => VtsTargetId::Mmsi(b.get(at + 2, 42)),
                    1 => VtsTargetId::Imo(b.get(at + 2, 42)),
                    2 => VtsTargetId::Callsign(b.text(at + 2, 7)),
                    _ => VtsTargetId::Other(b.text(at + 2, 7)),
                },
                spare: b.u8(at + 44, 4),
                lat_deg: lat_from_raw(b.i32(at + 48, 24), 60_000.0),
                lon_deg: lon_from_raw(b.i32(at + 72, 25), 60_000.0),
                cog_deg: b.u16(at + 97, 9),
                second: b.u8(at + 106, 6),
                sog_knots: b.u16(at + 112, 10),
            })
            .collect()
    }

    fn encode(&self, w: &mut BitWriter) {
        match &self.id {
            VtsTargetId::Mmsi(n) | VtsTargetId::Imo(n) => {
                w.put(if matches!(self.id, VtsTargetId::Mmsi(_)) { 0 } else { 1 }, 2);
                w.put(*n, 42);
            }
            VtsTargetId::Callsign(s) | VtsTargetId::Other(s) => {
                w.put(if matches!(self.id, VtsTargetId::Callsign(_)) { 2 } else { 3 }, 2);
                w.put_text(s, 7);
            }
        }
        w.put(u64::from(self.spare), 4);
        w.put_i(lat_to_raw(self.lat_deg, 60_000.0), 24);
        w.put_i(lon_to_raw(self.lon_deg, 60_000.0), 25);
        w.put(u64::from(self.cog_deg), 9);
        w.put(u64::from(self.second), 6);
        w.put(u64::from(self.sog_knots), 10);
    }

    fn write_all_json(targets: &[Self], w: &mut JsonWriter<'_>, g: Gpsd) {
        let mut list = String::from("[");
        for (i, t) in targets.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut o = JsonWriter::begin(&mut list);
            // gpsd prints the id under the name of its kind, numbers as strings
            let (code, name, value) = match &t.id {
                VtsTargetId::Mmsi(n) => (0u8, "mmsi", n.to_string()),
                VtsTargetId::Imo(n) => (1, "imo", n.to_string()),
                VtsTargetId::Callsign(s) => (2, "callsign", s.clone()),
                VtsTargetId::Other(s) => (3, "other", s.clone()),
            };
            code_with_text(&mut o, "idtype", code, name);
            o.str(name, &value);
            g.coord(&mut o, "lat", lat_to_raw(t.lat_deg, 60_000.0), 60_000.0, 6);
            g.coord(&mut o, "lon", lon_to_raw(t.lon_deg, 60_000.0), 60_000.0, 6);
            o.uint("course", t.cog_deg);
            o.uint("second", t.second);
            o.uint("speed", t.sog_knots);
            o.end();
        }
        list.push(']');
        w.raw("targets", &list);
    }
}

/// Marine traffic signal (DAC 1, FID 19, IMO Circ. 289).
#[derive(Debug, Clone, PartialEq)]
pub struct MarineTrafficSignal {
    /// Message linkage id.
    pub linkage: u16,
    /// Name of the signal station.
    pub station: String,
    /// 1/1000 minute; `None` for 181.
    pub lon_deg: Option<f64>,
    /// `None` for 91.
    pub lat_deg: Option<f64>,
    /// Status of the signal 0–3.
    pub status: u8,
    /// Signal in service 0–31 (see [`signal_text`]).
    pub signal: u8,
    /// UTC hour and minute of the next signal shift.
    pub hour: u8,
    pub minute: u8,
    /// Expected next signal.
    pub nextsignal: u8,
    pub spare: u128,
}

impl MarineTrafficSignal {
    fn decode(b: &BitBuf) -> Self {
        // 102 spare bits, read in two parts (a field is at most 57 bits)
        let spare = (u128::from(b.get(258, 51)) << 51) | u128::from(b.get(309, 51));
        MarineTrafficSignal {
            linkage: b.u16(56, 10),
            station: b.text(66, 20),
            lon_deg: lon_from_raw(b.i32(186, 25), 60_000.0),
            lat_deg: lat_from_raw(b.i32(211, 24), 60_000.0),
            status: b.u8(235, 2),
            signal: b.u8(237, 5),
            hour: b.u8(242, 5),
            minute: b.u8(247, 6),
            nextsignal: b.u8(253, 5),
            spare,
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        const LOW: u128 = (1 << 51) - 1;
        w.put(u64::from(self.linkage), 10);
        w.put_text(&self.station, 20);
        w.put_i(lon_to_raw(self.lon_deg, 60_000.0), 25);
        w.put_i(lat_to_raw(self.lat_deg, 60_000.0), 24);
        w.put(u64::from(self.status), 2);
        w.put(u64::from(self.signal), 5);
        w.put(u64::from(self.hour), 5);
        w.put(u64::from(self.minute), 6);
        w.put(u64::from(self.nextsignal), 5);
        w.put(u64::try_from((self.spare >> 51) & LOW).unwrap_or(0), 51);
        w.put(u64::try_from(self.spare & LOW).unwrap_or(0), 51);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.uint("linkage", self.linkage);
        w.str("station", &self.station);
        // gpsd prints this position scaled whether or not scaling is asked for.
        let scaled = Gpsd { scaled: true };
        scaled.lon_lat(w, self.lon_deg, self.lat_deg, 60_000.0, 6);
        w.uint("status", self.status);
        code_with_text(w, "signal", self.signal, signal_text(self.signal));
        w.uint("hour", self.hour);
        w.uint("minute", self.minute);
        // gpsd leaves out the comma before nextsignal_text (invalid JSON); it is
        // written here as valid JSON.
        code_with_text(w, "nextsignal", self.nextsignal, signal_text(self.nextsignal));
    }
}

/// gpsd's text for a marine traffic signal.
pub fn signal_text(v: u8) -> &'static str {
    const TEXT: [&str; 15] = [
        "N/A",
        "Serious emergency \u{2013} stop or divert according to instructions.",
        "Vessels shall not proceed.",
        "Vessels may proceed. One way traffic.",
        "Vessels may proceed. Two way traffic.",
        "Vessels shall proceed on specific orders only.",
        "Vessels in main channel shall not proceed.",
        "Vessels in main channel shall proceed on specific orders only.",
        "Vessels in main channel shall proceed on specific orders only.",
        "I = \"in-bound\" only acceptable.",
        "O = \"out-bound\" only acceptable.",
        "F = both \"in- and out-bound\" acceptable.",
        "XI = Code will shift to \"I\" in due time.",
        "XO = Code will shift to \"O\" in due time.",
        "X = Vessels shall proceed only on direction.",
    ];
    TEXT.get(usize::from(v)).copied().unwrap_or("INVALID SIGNAL TYPE")
}

/// EMMA weather warning (DAC 200, FID 23).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmmaWarning {
    /// Years since 2000.
    pub start_year: u8,
    pub start_month: u8,
    pub start_day: u8,
    pub end_year: u8,
    pub end_month: u8,
    pub end_day: u8,
    pub start_hour: u8,
    pub start_minute: u8,
    pub end_hour: u8,
    pub end_minute: u8,
    /// 1/10 000 minute; `None` for 181.
    pub start_lon_deg: Option<f64>,
    pub start_lat_deg: Option<f64>,
    pub end_lon_deg: Option<f64>,
    pub end_lat_deg: Option<f64>,
    /// Warning type 0–15 (wind, rain, ...).
    pub kind: u8,
    /// Minimum and maximum value (in the type's unit).
    pub min: i16,
    pub max: i16,
    /// Intensity class 0–3.
    pub intensity: u8,
    /// Wind direction code 0–15.
    pub wind: u8,
    pub spare: u8,
}

impl EmmaWarning {
    fn decode(b: &BitBuf) -> Self {
        EmmaWarning {
            start_year: b.u8(56, 8),
            start_month: b.u8(64, 4),
            start_day: b.u8(68, 5),
            end_year: b.u8(73, 8),
            end_month: b.u8(81, 4),
            end_day: b.u8(85, 5),
            start_hour: b.u8(90, 5),
            start_minute: b.u8(95, 6),
            end_hour: b.u8(101, 5),
            end_minute: b.u8(106, 6),
            start_lon_deg: lon_from_raw(b.i32(112, 28), 600_000.0),
            start_lat_deg: lat_from_raw(b.i32(140, 27), 600_000.0),
            end_lon_deg: lon_from_raw(b.i32(167, 28), 600_000.0),
            end_lat_deg: lat_from_raw(b.i32(195, 27), 600_000.0),
            kind: b.u8(222, 4),
            min: i16::try_from(b.i32(226, 9)).unwrap_or(0),
            max: i16::try_from(b.i32(235, 9)).unwrap_or(0),
            intensity: b.u8(244, 2),
            wind: b.u8(246, 4),
            spare: b.u8(250, 6),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put(u64::from(self.start_year), 8);
        w.put(u64::from(self.start_month), 4);
        w.put(u64::from(self.start_day), 5);
        w.put(u64::from(self.end_year), 8);
        w.put(u64::from(self.end_month), 4);
        w.put(u64::from(self.end_day), 5);
        w.put(u64::from(self.start_hour), 5);
        w.put(u64::from(self.start_minute), 6);
        w.put(u64::from(self.end_hour), 5);
        w.put(u64::from(self.end_minute), 6);
        w.put_i(lon_to_raw(self.start_lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.start_lat_deg, 600_000.0), 27);
        w.put_i(lon_to_raw(self.end_lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.end_lat_deg, 600_000.0), 27);
        w.put(u64::from(self.kind), 4);
        w.put_i(i64::from(self.min), 9);
        w.put_i(i64::from(self.max), 9);
        w.put(u64::from(self.intensity), 2);
        w.put(u64::from(self.wind), 4);
        w.put(u64::from(self.spare), 6);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        const KIND: [&str; 10] = [
            "Not Available",
            "Wind",
            "Rain",
            "Snow and ice",
            "Thunderstorm",
            "Fog",
            "Low temperature",
            "High temperature",
            "Flood",
            "Forest Fire",
        ];
        const CLASS: [&str; 3] = ["Slight", "Medium", "Strong"];
        const WIND: [&str; 9] =
            ["N/A", "North", "North East", "East", "South East", "South", "South West", "West", "North West"];
        // gpsd swaps day, hour and minute in the start time (printing month-hour,
        // minute:day); the start is written here in the order of the end time.
        w.str(
            "start",
            &format!(
                "{:4}-{:02}-{:02}T{:02}:{:02}",
                u16::from(self.start_year) + 2000,
                self.start_month,
                self.start_day,
                self.start_hour,
                self.start_minute
            ),
        );
        w.str(
            "end",
            &format!(
                "{:4}-{:02}-{:02}T{:02}:{:02}",
                u16::from(self.end_year) + 2000,
                self.end_month,
                self.end_day,
                self.end_hour,
                self.end_minute
            ),
        );
        g.coord(w, "start_lon", lon_to_raw(self.start_lon_deg, 600_000.0), 600_000.0, 6);
        g.coord(w, "start_lat", lat_to_raw(self.start_lat_deg, 600_000.0), 600_000.0, 6);
        g.coord(w, "end_lon", lon_to_raw(self.end_lon_deg, 600_000.0), 600_000.0, 6);
        g.coord(w, "end_lat", lat_to_raw(self.end_lat_deg, 600_000.0), 600_000.0, 6);
        // gpsd names these two "type" and "class", repeating the keys of the object's
        // header so that a JSON reader loses the message type; they are prefixed here.
        code_with_text(
            w,
            "emma_type",
            self.kind,
            KIND.get(usize::from(self.kind)).copied().unwrap_or("INVALID EMMA TYPE"),
        );
        w.int("min", self.min);
        w.int("max", self.max);
        code_with_text(
            w,
            "emma_class",
            self.intensity,
            CLASS.get(usize::from(self.intensity)).copied().unwrap_or("INVALID EMMA TYPE"),
        );
        code_with_text(
            w,
            "wind",
            self.wind,
            WIND.get(usize::from(self.wind)).copied().unwrap_or("INVALID EMMA WIND DIRECTION"),
        );
    }
}

/// One gauge of [`WaterLevels`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaterLevelGauge {
    pub id: u16,
    /// Water level, centimetres, signed.
    pub level_cm: i16,
}

/// Inland water levels (DAC 200, FID 24): four gauges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaterLevels {
    /// UN country code, 2 characters.
    pub country: String,
    pub gauges: [WaterLevelGauge; 4],
}

impl WaterLevels {
    fn decode(b: &BitBuf) -> Self {
        let mut gauges = [WaterLevelGauge::default(); 4];
        for (i, g) in gauges.iter_mut().enumerate() {
            let at = 68 + 25 * i;
            *g = WaterLevelGauge {
                id: b.u16(at, 11),
                level_cm: i16::try_from(b.i32(at + 11, 14)).unwrap_or(0),
            };
        }
        WaterLevels { country: b.text(56, 2), gauges }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_text(&self.country, 2);
        for g in &self.gauges {
            w.put(u64::from(g.id), 11);
            w.put_i(i64::from(g.level_cm), 14);
        }
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("country", &self.country);
        let mut list = String::from("[");
        for (i, g) in self.gauges.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            let mut o = JsonWriter::begin(&mut list);
            o.uint("id", g.id);
            o.int("level", g.level_cm);
            o.end();
        }
        list.push(']');
        w.raw("gauges", &list);
    }
}

/// Inland signal status (DAC 200, FID 40).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalStatus {
    /// 1/10 000 minute; `None` for 181.
    pub lon_deg: Option<f64>,
    pub lat_deg: Option<f64>,
    /// Signal form 0–15.
    pub form: u8,
    /// Orientation of the signal, degrees.
    pub facing_deg: u16,
    /// Direction of impact 0–7.
    pub direction: u8,
    /// Light status, 30 bits as sent.
    pub status: u32,
    pub spare: u16,
}

impl SignalStatus {
    fn decode(b: &BitBuf) -> Self {
        SignalStatus {
            lon_deg: lon_from_raw(b.i32(56, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(84, 27), 600_000.0),
            form: b.u8(111, 4),
            facing_deg: b.u16(115, 9),
            direction: b.u8(124, 3),
            status: b.u32(127, 30),
            spare: b.u16(157, 11),
        }
    }

    fn encode(&self, w: &mut BitWriter) {
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        w.put(u64::from(self.form), 4);
        w.put(u64::from(self.facing_deg), 9);
        w.put(u64::from(self.direction), 3);
        w.put(u64::from(self.status), 30);
        w.put(u64::from(self.spare), 11);
    }

    fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        const DIRECTION: [&str; 5] = ["Unknown", "Upstream", "Downstream", "To left bank", "To right bank"];
        const STATUS: [&str; 8] =
            ["Unknown", "No light", "White", "Yellow", "Green", "Red", "White flashing", "Yellow flashing."];
        g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 6);
        w.uint("form", self.form);
        w.uint("facing", self.facing_deg);
        code_with_text(
            w,
            "direction",
            self.direction,
            DIRECTION.get(usize::from(self.direction)).copied().unwrap_or("INVALID DIRECTION"),
        );
        let status = usize::try_from(self.status)
            .ok()
            .and_then(|i| STATUS.get(i))
            .copied()
            .unwrap_or("INVALID STATUS");
        code_with_text(w, "status", self.status, status);
    }
}

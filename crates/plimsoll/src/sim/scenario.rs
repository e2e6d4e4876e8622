//! The scenario format: what a TOML scenario file holds, field by field.
//!
//! Hours count from `start`. Unknown fields are errors (a typo must not pass silently).
//! An example with every kind of table (`example.toml`, which the tests run):
//!
//! ```toml
#![doc = include_str!("example.toml")]
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::reporting::AisClass;

/// A whole scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub name: String,
    /// RFC 3339.
    pub start: String,
    pub duration_hours: f64,
    /// Fraction of single-sentence lines written with one payload character flipped.
    #[serde(default)]
    pub corrupt_fraction: f64,
    #[serde(default, rename = "shore_station")]
    pub shore_stations: Vec<Spanned<ShoreStation>>,
    #[serde(default, rename = "satellite")]
    pub satellites: Vec<Spanned<Satellite>>,
    #[serde(default, rename = "vessel")]
    pub vessels: Vec<Spanned<VesselSpec>>,
    #[serde(default, rename = "sts_transfer")]
    pub sts_transfers: Vec<Spanned<StsSpec>>,
    #[serde(default, rename = "ais_gap")]
    pub ais_gaps: Vec<Spanned<GapSpec>>,
    #[serde(default, rename = "identity_change")]
    pub identity_changes: Vec<Spanned<IdentityChangeSpec>>,
}

/// A receiver on shore.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShoreStation {
    /// The tag-block `s:` name.
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Beyond this range nothing is heard; closer in, the chance of hearing a message
    /// falls from 95 % at the station with the square of the distance.
    pub range_nm: f64,
}

/// A satellite receiver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Satellite {
    /// The tag-block `s:` name.
    pub name: String,
    /// The fraction of messages it hears, anywhere (0–1).
    pub fraction: f64,
}

/// A vessel and its voyage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VesselSpec {
    /// The name in its static reports (up to 20 characters), and its handle in the file.
    pub name: String,
    /// ISO 3166-1 alpha-2 of the flag state; a generated MMSI gets one of its MIDs.
    pub flag: String,
    pub mmsi: Option<u32>,
    /// Checked for a valid check digit; generated when absent.
    pub imo: Option<u32>,
    pub callsign: Option<String>,
    /// AIS ship and cargo type (tankers 80–89, cargo 70–79, fishing 30, tug 52, pilot 50).
    pub ship_type: u8,
    #[serde(default)]
    pub class: AisClass,
    pub length_m: f64,
    pub beam_m: f64,
    /// Draught at the start; STS transfers change it.
    pub draught_m: f64,
    /// Service speed; each leg varies it by up to ±5 %.
    pub speed_knots: f64,
    /// When it leaves the first waypoint (before that it holds there).
    #[serde(default)]
    pub depart_hours: f64,
    #[serde(default)]
    pub destination: String,
    pub route: Vec<Spanned<WaypointSpec>>,
}

/// A waypoint: a position, a port, or an STS meeting point.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaypointSpec {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// A World Port Index name or UN/LOCODE: the vessel berths there (a port visit).
    pub port: Option<String>,
    /// The id of an STS transfer: the vessel goes to its point and stays to its end.
    pub sts: Option<String>,
    /// How long it stays (for a port, the visit; 0 passes through).
    #[serde(default)]
    pub hold_hours: f64,
    /// How it stays: moored in port by default, anchored elsewhere.
    pub status: Option<HoldStatus>,
}

/// What a vessel does while it stays at a waypoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldStatus {
    /// Navigational status 1, still.
    Anchored,
    /// Navigational status 5, still.
    Moored,
    /// Status 0 (under way), drifting slowly around the point.
    Drifting,
    /// Status 7 (engaged in fishing), wandering slowly around the point.
    Fishing,
}

/// A ship-to-ship transfer between the two vessels whose routes name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StsSpec {
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    /// When they part. The transfer starts when the later of the two arrives.
    pub end_hours: f64,
    /// The vessel that takes the cargo (name).
    pub receiver: String,
    /// How much deeper the receiver (and shallower the other) floats after.
    pub draught_change_m: f64,
}

/// A time when a vessel's transponder is off. The truth gives exactly this time; the
/// gap a receiver sees is longer, from the last message it heard to the next.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapSpec {
    pub vessel: String,
    pub start_hours: f64,
    pub end_hours: f64,
}

/// A change of the name (and call sign) a vessel broadcasts, MMSI and IMO kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityChangeSpec {
    pub vessel: String,
    pub at_hours: f64,
    pub name: String,
    pub callsign: Option<String>,
}

impl ScenarioFile {
    /// Parses a scenario file.
    ///
    /// # Errors
    /// [`super::ErrorKind::Toml`] with the line, for syntax errors, missing or unknown
    /// fields and wrong types.
    pub fn from_toml(text: &str) -> Result<ScenarioFile, super::Error> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| super::error::line_of(text, span.start));
            super::Error { kind: super::ErrorKind::Toml(e), line }
        })
    }
}

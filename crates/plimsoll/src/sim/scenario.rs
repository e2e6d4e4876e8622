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
    #[serde(default, rename = "alongside")]
    pub alongsides: Vec<Spanned<AlongsideSpec>>,
    #[serde(default, rename = "outage")]
    pub outages: Vec<Spanned<OutageSpec>>,
    #[serde(default, rename = "close_pass")]
    pub close_passes: Vec<Spanned<ClosePassSpec>>,
    #[serde(default, rename = "designation")]
    pub designations: Vec<Spanned<DesignationSpec>>,
    /// Background traffic generated on the shipping lanes (none when absent).
    pub traffic: Option<Spanned<TrafficSpec>>,
}

/// Background traffic: vessels generated on the MARNET shipping lanes between World
/// Port Index ports (those within 12 km of a lane), with a shore station at each port.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficSpec {
    /// How many vessels (at most 2,000,000).
    pub vessels: usize,
    /// Only ports inside `[lat_min, lon_min, lat_max, lon_max]` (degrees; the world
    /// when absent). Voyages between them may leave the box on the way.
    pub area: Option<[f64; 4]>,
    /// A shore station at each of those ports with this range (nautical miles; 0 for
    /// none).
    #[serde(default = "default_port_station_range_nm")]
    pub port_station_range_nm: f64,
    /// Fractions of the vessels that are, besides merchant ships under way between
    /// ports (the rest): moored in port or anchored off it all along; fishing on
    /// grounds near a port; tugs and pilot boats working a port. Each 0–1, summing to
    /// at most 1.
    #[serde(default = "default_in_port_fraction")]
    pub in_port_fraction: f64,
    #[serde(default = "default_fishing_fraction")]
    pub fishing_fraction: f64,
    #[serde(default = "default_harbour_fraction")]
    pub harbour_fraction: f64,
}

impl TrafficSpec {
    /// `vessels` vessels over the whole world, the other fields at their defaults.
    pub fn worldwide(vessels: usize) -> TrafficSpec {
        TrafficSpec {
            vessels,
            area: None,
            port_station_range_nm: default_port_station_range_nm(),
            in_port_fraction: default_in_port_fraction(),
            fishing_fraction: default_fishing_fraction(),
            harbour_fraction: default_harbour_fraction(),
        }
    }
}

fn default_port_station_range_nm() -> f64 {
    40.0
}
fn default_in_port_fraction() -> f64 {
    0.25
}
fn default_fishing_fraction() -> f64 {
    0.12
}
fn default_harbour_fraction() -> f64 {
    0.02
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
    /// The name it broadcasts instead, when that is not its handle: another ship's, for
    /// a stolen identity (give that ship's `mmsi` and `imo` too).
    pub ais_name: Option<String>,
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

/// A vessel keeping station beside another (pair trawlers, a tug or bunker barge
/// alongside, a ship broadcasting from another's hull): from `start_hours` to
/// `end_hours` it is `distance_m` to starboard of `leader`, at its speed and course;
/// before, it follows its own route (which should bring it there); after, it stays
/// where they parted, holding as `after` says. The leader must not itself be alongside
/// another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlongsideSpec {
    pub vessel: String,
    pub leader: String,
    pub start_hours: f64,
    pub end_hours: f64,
    /// 0 puts it on the leader's position: one hull, two transponders.
    pub distance_m: f64,
    /// How it holds after parting (default drifting; a drift wanders no further than
    /// a third of `distance_m`, so as not to swing into the leader's hull).
    pub after: Option<HoldStatus>,
    /// What the truth calls the pair's meeting (`details.confounder` of the encounter
    /// it makes, and of the record in `confounders.jsonl`): `pair_trawl`,
    /// `tug_assist`, `bunkering`, `identity_theft`, ...
    pub confounder: String,
}

/// Two vessels whose routes bring them close: the closest approach goes into
/// `confounders.jsonl` with this label (the truth has no event for it unless it meets
/// the encounter definition).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosePassSpec {
    pub vessels: [String; 2],
    /// `fast_passing`, ...
    pub confounder: String,
}

/// A vessel on a sanctions list, written to `sanctions.csv` as the list knows it: its
/// name, IMO, MMSI, call sign and flag at the start of the run (before any rename).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignationSpec {
    pub vessel: String,
    /// The sanctions programme ("DPRK").
    pub program: String,
    /// YYYY-MM-DD.
    pub listed_on: Option<String>,
    /// YYYY-MM-DD.
    pub delisted_on: Option<String>,
    /// Other names the list gives.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub remarks: String,
}

/// A receiver that hears nothing for a while.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutageSpec {
    /// The station or satellite name.
    pub receiver: String,
    pub start_hours: f64,
    pub end_hours: f64,
}

/// A time when a vessel's transponder is off. The truth gives exactly this time; the
/// gap a receiver sees is longer, from the last message it heard to the next.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapSpec {
    pub vessel: String,
    pub start_hours: f64,
    pub end_hours: f64,
    /// Whether the truth records it as an AIS gap (default true). False for a
    /// transponder that is not yet this hull's: a stolen identity before the theft.
    #[serde(default = "yes")]
    pub truth: bool,
}

fn yes() -> bool {
    true
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

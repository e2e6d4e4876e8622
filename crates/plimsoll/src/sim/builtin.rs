//! The built-in scenarios.
//!
//! `east-china-sea`: the pattern documented in 2017–2019 (`dprk_cases.md`). Three
//! feeder tankers (one leaving Zhenhai, Ningbo's oil port; two from anchorages off
//! Shanghai and Zhoushan) meet three North
//! Korean tankers 250–450 km off Shanghai; each pair lies alongside for hours while
//! oil moves (the receiver floats 2.2 m deeper after, the feeder as much higher); the
//! tankers go dark before and after, one renames itself, and the North Korean tankers
//! sail to Nampo and berth there. Background traffic (cargo ships and tankers on the
//! lanes through the area, trawlers fishing, tugs and pilots off the Yangtze) makes the
//! detection work.

use toml::Spanned;

use super::error::{Error, ErrorKind};
use super::lanes::{keep_to_starboard, lane_offset_m};
use super::motion::LatLon;
use super::reporting::AisClass::{self, A, B};
use super::rng::Rng;
use super::scenario::{
    AlongsideSpec, ClosePassSpec, DesignationSpec, GapSpec, HoldStatus, IdentityChangeSpec, OutageSpec,
    Satellite, ScenarioFile, ShoreStation, StsSpec, TrafficSpec, VesselSpec, WaypointSpec,
};

/// The names of the built-in scenarios.
pub const BUILTIN_NAMES: &[&str] = &["east-china-sea", "korea-bay", "global-day"];

/// The knobs of a built-in scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuiltinOptions {
    /// Background vessels (cargo, fishing, tugs) besides the scripted ones.
    pub background_vessels: usize,
    /// How long the scenario runs. The scripted voyages need about 72 hours to end in
    /// port; a shorter run cuts them off (the truth says what happened within it).
    pub duration_hours: f64,
}

impl Default for BuiltinOptions {
    /// The defaults of the regional scenarios: 40 background vessels, 72 hours.
    fn default() -> Self {
        BuiltinOptions { background_vessels: 40, duration_hours: 72.0 }
    }
}

impl BuiltinOptions {
    /// The defaults of scenario `name`: `global-day` is 50,000 vessels for 24 hours (the
    /// size of the speed targets), the regional ones [`BuiltinOptions::default`].
    pub fn for_scenario(name: &str) -> BuiltinOptions {
        match name {
            "global-day" => BuiltinOptions { background_vessels: 50_000, duration_hours: 24.0 },
            _ => BuiltinOptions::default(),
        }
    }
}

/// A built-in scenario by name. `seed` places the background traffic.
///
/// # Errors
/// [`ErrorKind::UnknownScenario`] for a name not in [`BUILTIN_NAMES`].
pub fn builtin(name: &str, options: &BuiltinOptions, seed: u64) -> Result<ScenarioFile, Error> {
    match name {
        "east-china-sea" => Ok(east_china_sea(options, seed)),
        "korea-bay" => Ok(korea_bay(options, seed)),
        "global-day" => Ok(global_day(options)),
        _ => Err(ErrorKind::UnknownScenario { name: name.to_owned() }.into()),
    }
}

/// A value with no place in a file.
fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn at(lat: f64, lon: f64) -> Spanned<WaypointSpec> {
    unplaced(WaypointSpec { lat: Some(lat), lon: Some(lon), ..WaypointSpec::default() })
}

fn hold(lat: f64, lon: f64, hold_hours: f64, status: HoldStatus) -> Spanned<WaypointSpec> {
    unplaced(WaypointSpec {
        lat: Some(lat),
        lon: Some(lon),
        hold_hours,
        status: Some(status),
        ..WaypointSpec::default()
    })
}

fn port(name: &str, hold_hours: f64) -> Spanned<WaypointSpec> {
    unplaced(WaypointSpec { port: Some(name.to_owned()), hold_hours, ..WaypointSpec::default() })
}

fn sts(id: &str) -> Spanned<WaypointSpec> {
    unplaced(WaypointSpec { sts: Some(id.to_owned()), ..WaypointSpec::default() })
}

/// A vessel with the fields every one needs; the rest default.
#[allow(clippy::too_many_arguments)]
fn vessel(
    name: &str,
    flag: &str,
    ship_type: u8,
    class: AisClass,
    (length_m, beam_m, draught_m): (f64, f64, f64),
    speed_knots: f64,
    depart_hours: f64,
    route: Vec<Spanned<WaypointSpec>>,
) -> Spanned<VesselSpec> {
    unplaced(VesselSpec {
        name: name.to_owned(),
        ais_name: None,
        flag: flag.to_owned(),
        mmsi: None,
        imo: None,
        callsign: None,
        ship_type,
        class,
        length_m,
        beam_m,
        draught_m,
        speed_knots,
        depart_hours,
        destination: String::new(),
        route,
    })
}

/// One DPRK-pattern theatre: the data that makes `east-china-sea` and `korea-bay`
/// differ; [`dprk_scenario`] builds either from it.
struct Theatre {
    name: &'static str,
    start: &'static str,
    /// The STS meetings, one feeder and one North Korean tanker each.
    meetings: [Meeting; 3],
    /// From the meeting area to the mouth of the Taedong (then in to Nampo and out).
    nampo_approach: &'static [(f64, f64)],
    /// Transponder off: (vessel, start hour, end hour).
    gaps: &'static [(&'static str, f64, f64)],
    /// A North Korean tanker renaming itself: (vessel, hour, new name, new call sign).
    rename: (&'static str, f64, &'static str, &'static str),
    /// A North Korean tanker broadcasting another ship's identity while its own is dark.
    theft: Theft,
    shore_stations: &'static [(&'static str, f64, f64)],
    /// A shore station off for a while: (name, start hour, end hour).
    outage: (&'static str, f64, f64),
    background: Background,
    confounders: Confounders,
}

/// A meeting: where, until when, and the two ships.
struct Meeting {
    id: &'static str,
    at: (f64, f64),
    end_hours: f64,
    feeder: Ship,
    /// The feeder's route: `None` marks the meeting.
    feeder_route: &'static [Option<Wp>],
    tanker: Ship,
    /// Where the North Korean tanker is at the start, and how long it stays at Nampo.
    tanker_from: (f64, f64),
    nampo_hours: f64,
}

/// A scripted ship.
struct Ship {
    name: &'static str,
    flag: &'static str,
    imo: Option<u32>,
    ship_type: u8,
    size: (f64, f64, f64),
    speed_knots: f64,
    depart_hours: f64,
}

/// A waypoint of a scripted route.
#[derive(Clone, Copy)]
enum Wp {
    At(f64, f64),
    Anchor(f64, f64),
    Port(&'static str, f64),
}

impl Wp {
    fn spec(self) -> Spanned<WaypointSpec> {
        match self {
            Wp::At(lat, lon) => at(lat, lon),
            Wp::Anchor(lat, lon) => hold(lat, lon, 0.0, HoldStatus::Anchored),
            Wp::Port(name, hours) => port(name, hours),
        }
    }
}

/// The stolen identity: whose, worn by which tanker, when.
struct Theft {
    tanker: &'static str,
    from_hours: f64,
    to_hours: f64,
    victim: Ship,
    victim_mmsi: u32,
    victim_callsign: &'static str,
    victim_route: &'static [(f64, f64)],
}

/// Where the background traffic goes: the lanes, the fishing grounds, the port whose
/// tugs and pilots work off it, and the tenths of the background that are lane traffic
/// and fishing (the rest are tugs and pilots).
struct Background {
    lanes: &'static [&'static [(f64, f64)]],
    fishing: ((f64, f64), (f64, f64)),
    harbour: (f64, f64),
    /// Where the harbour craft go out to: up to this many degrees north or south, and
    /// between these degrees east.
    harbour_out: (f64, f64, f64),
    harbour_prefix: &'static str,
    lane_tenths: usize,
    fishing_tenths: usize,
    fishing_prefix: &'static str,
}

/// The staged confounders.
struct Confounders {
    /// Two trawlers side by side, heading east from here.
    pair_trawl: (f64, f64),
    /// Nine ships at anchor, 400 m apart, around here.
    anchorage: (f64, f64),
    /// A bunker tanker alongside a ship in this port.
    bunkering_port: &'static str,
    /// A tug meeting a ship on the way in: the ship's route (ending at the port), the
    /// tug's waiting point, and the hours alongside.
    tug_route: &'static [Wp],
    tug_wait: (f64, f64),
    tug_hours: (f64, f64),
    /// Two ships passing close at speed on reciprocal courses between these points.
    passing: ((f64, f64), (f64, f64)),
    /// Two fishing boats with one MMSI, here and there.
    shared_mmsi: (u32, (f64, f64), (f64, f64)),
}

const SMALL_TANKER: (f64, f64, f64) = (95.0, 14.0, 3.6);
const FEEDER: (f64, f64, f64) = (110.0, 17.0, 6.8);

const fn ship(
    name: &'static str,
    flag: &'static str,
    ship_type: u8,
    speed_knots: f64,
    depart_hours: f64,
) -> Ship {
    let size = if ship_type >= 80 && flag.as_bytes()[0] == b'K' && flag.as_bytes()[1] == b'P' {
        SMALL_TANKER
    } else {
        FEEDER
    };
    Ship { name, flag, imo: None, ship_type, size, speed_knots, depart_hours }
}

const fn designated(name: &'static str, imo: u32, speed_knots: f64) -> Ship {
    Ship {
        name,
        flag: "KP",
        imo: Some(imo),
        ship_type: 80,
        size: SMALL_TANKER,
        speed_knots,
        depart_hours: 0.0,
    }
}

/// `east-china-sea`, as documented in 2017–2019: feeders from Ningbo and the anchorages
/// off Shanghai and Zhoushan meet North Korean tankers 250–450 km off Shanghai.
const EAST_CHINA_SEA: Theatre = Theatre {
    name: "east-china-sea",
    start: "2018-02-14T00:00:00Z",
    meetings: [
        // 260 km east of Shanghai.
        Meeting {
            id: "s1",
            at: (31.0, 124.2),
            end_hours: 20.0,
            feeder: ship("HAI FENG 18", "TG", 80, 11.0, 6.0),
            feeder_route: &[Some(Wp::Anchor(30.75, 123.1)), None, Some(Wp::Anchor(30.75, 123.1))],
            tanker: ship("SAM HAE 7", "KP", 80, 11.0, 0.0),
            tanker_from: (33.3, 124.6),
            nampo_hours: 6.0,
        },
        // 375 km east-south-east of Shanghai; the feeder loaded at Zhenhai (Ningbo) and
        // comes out past the Zhoushan islands.
        Meeting {
            id: "s2",
            at: (30.2, 125.2),
            end_hours: 22.0,
            feeder: Ship { ship_type: 81, ..ship("JIN YUAN 9", "PA", 81, 12.0, 1.0) },
            feeder_route: &[
                Some(Wp::Port("Zhen Hai", 0.0)),
                Some(Wp::At(29.97, 121.95)),
                Some(Wp::At(29.97, 122.15)),
                Some(Wp::At(29.91, 122.25)),
                Some(Wp::At(29.87, 122.3)),
                Some(Wp::At(29.82, 122.4)),
                Some(Wp::At(29.8, 123.3)),
                None,
                Some(Wp::Anchor(29.8, 123.3)),
            ],
            tanker: ship("PAEK YANG 2", "KP", 80, 12.0, 0.0),
            tanker_from: (32.0, 126.3),
            nampo_hours: 4.0,
        },
        // 395 km east-north-east of Shanghai; the North Korean tanker waits there.
        Meeting {
            id: "s3",
            at: (32.2, 125.5),
            end_hours: 20.0,
            feeder: ship("DONG LI 66", "SL", 80, 11.0, 0.0),
            feeder_route: &[Some(Wp::Anchor(31.1, 123.0)), None, Some(Wp::Anchor(31.1, 123.0))],
            tanker: ship("RYONG SAN 5", "KP", 80, 11.0, 0.0),
            tanker_from: (32.3, 125.4),
            nampo_hours: 8.0,
        },
    ],
    // Up the west coast of Korea, into Taedong Bay.
    nampo_approach: &[(35.5, 124.4), (37.0, 124.3), (38.0, 124.3), (38.7, 124.6)],
    gaps: &[
        ("SAM HAE 7", 8.0, 13.0),
        ("SAM HAE 7", 21.0, 30.0),
        ("JIN YUAN 9", 5.0, 10.0),
        ("PAEK YANG 2", 23.0, 31.0),
        ("RYONG SAN 5", 2.0, 11.0),
        ("RYONG SAN 5", 21.0, 32.0),
    ],
    // Like RYE SONG GANG 1 calling itself "SONG HAE" (case 5).
    rename: ("PAEK YANG 2", 26.0, "SONG HAE", "HMSH1"),
    // SAM HAE 7, dark after its transfer, sails north as a Panamanian tanker trading
    // between Busan and Kyushu.
    theft: Theft {
        tanker: "SAM HAE 7",
        from_hours: 21.0,
        to_hours: 30.0,
        victim: Ship { imo: Some(9_310_020), ..ship("HUA XIN 8", "PA", 80, 12.0, 0.0) },
        victim_mmsi: 352_001_234,
        victim_callsign: "3FXB8",
        victim_route: &[(34.75, 128.95), (33.9, 127.9), (34.75, 128.95)],
    },
    shore_stations: &[
        ("CN-SHANGHAI", 31.05, 121.95),
        ("CN-ZHOUSHAN", 30.0, 122.3),
        ("KR-JEJU", 33.5, 126.5),
        ("KR-HEUKSAN", 34.68, 125.43),
        ("KR-BAENGNYEONG", 37.95, 124.7),
    ],
    outage: ("KR-JEJU", 30.0, 42.0),
    background: Background {
        lanes: &[
            // Shanghai to Busan, south of Jeju.
            &[(30.95, 122.95), (32.6, 126.0), (33.9, 127.9), (34.75, 128.95)],
            // Shanghai to Kyushu.
            &[(30.95, 122.95), (31.4, 127.5), (31.6, 129.0)],
            // The coastal lane from the Taiwan Strait to the Bohai.
            &[(28.0, 122.4), (29.5, 123.0), (31.0, 123.1), (33.0, 123.6), (36.0, 123.6), (38.2, 122.9)],
        ],
        fishing: ((30.3, 32.8), (123.2, 125.0)),
        harbour: (30.95, 122.95),
        harbour_out: (0.12, 0.1, 0.3),
        harbour_prefix: "HU",
        lane_tenths: 6,
        fishing_tenths: 3,
        fishing_prefix: "ZHE DAI YU",
    },
    confounders: Confounders {
        pair_trawl: (31.6, 124.4),
        anchorage: (30.9, 123.35),
        bunkering_port: "Zhoushan",
        tug_route: &[
            Wp::At(29.82, 122.4),
            Wp::At(29.87, 122.3),
            Wp::At(29.91, 122.25),
            Wp::At(29.97, 122.15),
            Wp::At(29.97, 121.95),
            Wp::Port("Zhen Hai", 24.0),
        ],
        tug_wait: (29.97, 121.95),
        tug_hours: (3.6, 5.6),
        passing: ((29.5, 123.0), (31.0, 123.1)),
        shared_mmsi: (412_440_123, (31.9, 123.6), (30.5, 124.6)),
    },
};

/// `korea-bay`: feeders from Dalian, Yantai and the anchorage off Dalian meet
/// North Korean tankers in Korea Bay, 100–200 km west of Nampo, among the Chinese
/// fishing fleets; the tankers are three that the UN designated (CHON MA SAN, YU SON,
/// JI SONG 6, with their IMO numbers).
const KOREA_BAY: Theatre = Theatre {
    name: "korea-bay",
    start: "2019-03-18T00:00:00Z",
    meetings: [
        Meeting {
            id: "k1",
            at: (38.55, 123.3),
            end_hours: 18.0,
            feeder: ship("XIN HAI 9", "CN", 80, 10.0, 2.0),
            feeder_route: &[
                Some(Wp::Port("Dalian", 0.0)),
                Some(Wp::At(38.85, 121.9)),
                Some(Wp::At(38.6, 122.6)),
                None,
                Some(Wp::At(38.6, 122.6)),
                Some(Wp::Anchor(38.8, 122.0)),
            ],
            tanker: designated("CHON MA SAN", 8_660_313, 10.0),
            tanker_from: (38.6, 124.4),
            nampo_hours: 10.0,
        },
        Meeting {
            id: "k2",
            at: (38.25, 123.8),
            end_hours: 22.0,
            feeder: ship("LONG TENG 7", "TG", 80, 11.0, 1.0),
            feeder_route: &[
                Some(Wp::Port("Yantai", 0.0)),
                Some(Wp::At(37.75, 121.6)),
                Some(Wp::At(38.1, 122.6)),
                None,
                Some(Wp::At(38.1, 122.6)),
                Some(Wp::Anchor(37.8, 121.9)),
            ],
            tanker: designated("YU SON", 8_691_702, 11.0),
            tanker_from: (38.45, 124.3),
            nampo_hours: 6.0,
        },
        Meeting {
            id: "k3",
            at: (38.85, 123.75),
            end_hours: 20.0,
            feeder: ship("FU YUAN 16", "SL", 80, 10.0, 4.0),
            feeder_route: &[Some(Wp::Anchor(38.8, 122.2)), None, Some(Wp::Anchor(38.8, 122.2))],
            tanker: designated("JI SONG 6", 8_898_740, 10.0),
            tanker_from: (38.8, 123.7),
            nampo_hours: 8.0,
        },
    ],
    nampo_approach: &[(38.6, 124.3), (38.7, 124.6)],
    gaps: &[
        ("CHON MA SAN", 1.0, 7.0),
        ("CHON MA SAN", 18.0, 26.0),
        ("XIN HAI 9", 8.0, 16.0),
        ("YU SON", 20.0, 28.0),
        // Dark from its first hour (a gap from the very start would have no report before it).
        ("JI SONG 6", 1.0, 9.0),
        ("JI SONG 6", 20.0, 30.0),
    ],
    rename: ("YU SON", 24.0, "YU SONG 8", "HMYS8"),
    // CHON MA SAN, dark after its transfer, goes in to Nampo as a Chinese coaster
    // trading out of Weihai.
    theft: Theft {
        tanker: "CHON MA SAN",
        from_hours: 19.0,
        to_hours: 26.0,
        victim: Ship { imo: Some(9_310_044), ..ship("HUA YANG 3", "CN", 80, 10.0, 0.0) },
        victim_mmsi: 413_001_717,
        victim_callsign: "BVHY3",
        victim_route: &[(38.0, 122.6), (37.7, 123.3), (38.0, 122.6), (37.7, 123.3)],
    },
    shore_stations: &[
        ("CN-DALIAN", 38.93, 121.7),
        ("CN-YANTAI", 37.6, 121.45),
        ("CN-DANDONG", 39.75, 124.1),
        ("KR-BAENGNYEONG", 37.95, 124.7),
    ],
    outage: ("CN-DALIAN", 20.0, 32.0),
    background: Background {
        lanes: &[
            // Dalian to Incheon, south of Baengnyeong.
            &[(38.85, 121.9), (38.3, 123.0), (37.6, 124.3), (37.3, 125.6)],
            // Dalian to the Yellow Sea and Shanghai, round Chengshan Jiao by its
            // traffic separation scheme (the straight line grazes the cape, and the
            // southbound side of the lane would cross it).
            &[(38.85, 121.9), (38.0, 122.5), (37.4, 122.9), (36.5, 123.0), (34.5, 123.3)],
            // The Bohai Strait to Dandong.
            &[(38.0, 121.9), (38.6, 122.8), (39.5, 123.9)],
        ],
        fishing: ((38.0, 38.75), (122.6, 124.0)),
        harbour: (38.85, 121.9),
        harbour_out: (0.08, 0.1, 0.3),
        harbour_prefix: "DA",
        lane_tenths: 3,
        fishing_tenths: 6,
        fishing_prefix: "LIAO DAN YU",
    },
    confounders: Confounders {
        pair_trawl: (38.35, 122.9),
        anchorage: (38.75, 122.35),
        bunkering_port: "Dalian",
        tug_route: &[Wp::At(37.9, 121.6), Wp::At(37.7, 121.5), Wp::Port("Yantai", 24.0)],
        tug_wait: (37.7, 121.5),
        tug_hours: (2.2, 3.8),
        passing: ((38.3, 123.0), (37.6, 124.3)),
        shared_mmsi: (412_360_456, (38.9, 123.0), (38.2, 122.4)),
    },
};

/// A vessel from a [`Ship`].
fn scripted(ship: &Ship, route: Vec<Spanned<WaypointSpec>>) -> Spanned<VesselSpec> {
    let mut v = vessel(
        ship.name,
        ship.flag,
        ship.ship_type,
        A,
        ship.size,
        ship.speed_knots,
        ship.depart_hours,
        route,
    );
    v.get_mut().imo = ship.imo;
    v
}

fn east_china_sea(options: &BuiltinOptions, seed: u64) -> ScenarioFile {
    dprk_scenario(&EAST_CHINA_SEA, options, seed)
}

fn korea_bay(options: &BuiltinOptions, seed: u64) -> ScenarioFile {
    dprk_scenario(&KOREA_BAY, options, seed)
}

fn dprk_scenario(theatre: &Theatre, options: &BuiltinOptions, seed: u64) -> ScenarioFile {
    // Each tanker waits off the coast afterwards at its own spot, 4 km apart.
    let nampo_route = |(index, meeting): (usize, &Meeting)| {
        let mut route = vec![at(meeting.tanker_from.0, meeting.tanker_from.1), sts(meeting.id)];
        route.extend(theatre.nampo_approach.iter().map(|&(lat, lon)| at(lat, lon)));
        route.push(at(38.7, 125.2));
        route.push(port("Nampo", meeting.nampo_hours));
        route.push(at(38.7, 125.2));
        route.push(at(38.7, 124.6));
        route.push(at(38.5, 124.3 - 0.05 * f64::from(u8::try_from(index).unwrap_or(0))));
        route
    };
    let mut vessels = Vec::new();
    for (index, meeting) in theatre.meetings.iter().enumerate() {
        let route =
            meeting.feeder_route.iter().map(|w| w.map_or_else(|| sts(meeting.id), Wp::spec)).collect();
        vessels.push(scripted(&meeting.feeder, route));
        vessels.push(scripted(&meeting.tanker, nampo_route((index, meeting))));
    }
    let sts_transfers = theatre
        .meetings
        .iter()
        .map(|m| {
            unplaced(StsSpec {
                id: m.id.to_owned(),
                lat: m.at.0,
                lon: m.at.1,
                end_hours: m.end_hours,
                receiver: m.tanker.name.to_owned(),
                draught_change_m: 2.2,
            })
        })
        .collect();
    let gap = |vessel: &str, start_hours: f64, end_hours: f64, truth: bool| {
        unplaced(GapSpec { vessel: vessel.to_owned(), start_hours, end_hours, truth })
    };
    let mut ais_gaps: Vec<_> = theatre.gaps.iter().map(|&(v, start, end)| gap(v, start, end, true)).collect();
    let (vessel_name, at_hours, name, callsign) = theatre.rename;
    let identity_changes = vec![unplaced(IdentityChangeSpec {
        vessel: vessel_name.to_owned(),
        at_hours,
        name: name.to_owned(),
        callsign: Some(callsign.to_owned()),
    })];
    let mut designations: Vec<_> = theatre
        .meetings
        .iter()
        .map(|m| {
            unplaced(DesignationSpec {
                vessel: m.tanker.name.to_owned(),
                program: "DPRK".to_owned(),
                listed_on: Some("2018-01-24".to_owned()),
                delisted_on: None,
                aliases: Vec::new(),
                remarks: "Oil tanker; ship-to-ship transfers of refined petroleum (UNSCR 2397)".to_owned(),
            })
        })
        .collect();
    // A feeder designated after the fact, as KOTI was after its transfer (case 2).
    designations.push(unplaced(DesignationSpec {
        vessel: theatre.meetings[1].feeder.name.to_owned(),
        program: "DPRK".to_owned(),
        listed_on: Some("2018-12-28".to_owned()),
        delisted_on: None,
        aliases: vec![format!("{} II", theatre.meetings[1].feeder.name)],
        remarks: "Transferred refined petroleum to a DPRK-flagged tanker".to_owned(),
    }));

    // The stolen identity: the victim sails its own trade; a second transponder on the
    // tanker's hull speaks as the victim while the tanker's own is dark.
    let theft = &theatre.theft;
    let mut victim =
        scripted(&theft.victim, theft.victim_route.iter().map(|&(lat, lon)| at(lat, lon)).collect());
    victim.get_mut().mmsi = Some(theft.victim_mmsi);
    victim.get_mut().callsign = Some(theft.victim_callsign.to_owned());
    vessels.push(victim);
    let impostor_name = format!("{} AS {}", theft.tanker, theft.victim.name);
    let mut impostor = scripted(
        &theft.victim,
        vec![at(theatre.meetings[0].tanker_from.0, theatre.meetings[0].tanker_from.1)],
    );
    {
        let spec = impostor.get_mut();
        spec.name = impostor_name.clone();
        spec.ais_name = Some(theft.victim.name.to_owned());
        spec.mmsi = Some(theft.victim_mmsi);
        spec.callsign = Some(theft.victim_callsign.to_owned());
    }
    vessels.push(impostor);
    ais_gaps.push(gap(&impostor_name, 0.0, theft.from_hours, false));
    ais_gaps.push(gap(&impostor_name, theft.to_hours, 24.0 * 62.0, false));
    let mut alongsides = vec![alongside(
        &impostor_name,
        theft.tanker,
        (theft.from_hours, theft.to_hours),
        0.0,
        None,
        "identity_theft",
    )];

    let mut close_passes = Vec::new();
    confounders(theatre, &mut vessels, &mut alongsides, &mut close_passes);
    let mut rng = Rng::derive(seed, 0xB4C6);
    for index in 0..options.background_vessels {
        vessels.push(background_vessel(&theatre.background, index, &mut rng));
    }
    let (outage_station, outage_start, outage_end) = theatre.outage;
    ScenarioFile {
        name: theatre.name.to_owned(),
        start: theatre.start.to_owned(),
        duration_hours: options.duration_hours,
        corrupt_fraction: 0.001,
        shore_stations: theatre
            .shore_stations
            .iter()
            .map(|&(name, lat, lon)| {
                unplaced(ShoreStation { name: name.to_owned(), lat, lon, range_nm: 40.0 })
            })
            .collect(),
        satellites: vec![unplaced(Satellite { name: "SAT-1".to_owned(), fraction: 0.08 })],
        vessels,
        sts_transfers,
        ais_gaps,
        identity_changes,
        alongsides,
        outages: vec![unplaced(OutageSpec {
            receiver: outage_station.to_owned(),
            start_hours: outage_start,
            end_hours: outage_end,
        })],
        close_passes,
        designations,
        traffic: None,
    }
}

fn alongside(
    vessel: &str,
    leader: &str,
    (start_hours, end_hours): (f64, f64),
    distance_m: f64,
    after: Option<HoldStatus>,
    confounder: &str,
) -> Spanned<AlongsideSpec> {
    unplaced(AlongsideSpec {
        vessel: vessel.to_owned(),
        leader: leader.to_owned(),
        start_hours,
        end_hours,
        distance_m,
        after,
        confounder: confounder.to_owned(),
    })
}

/// The staged confounders: pair trawlers, a crowded anchorage, bunkering in port, a tug
/// alongside on the way in, two ships passing close at speed, two boats sharing an
/// MMSI.
fn confounders(
    theatre: &Theatre,
    vessels: &mut Vec<Spanned<VesselSpec>>,
    alongsides: &mut Vec<Spanned<AlongsideSpec>>,
    close_passes: &mut Vec<Spanned<ClosePassSpec>>,
) {
    let c = &theatre.confounders;
    let trawler = (38.0, 8.0, 3.2);
    let fishing = |name: &str, route| vessel(name, "CN", 30, A, trawler, 1.5, 4.0, route);
    // Pair trawlers: towing one net east at 1.5 knots, 150 m apart, for eight hours.
    let (lat, lon) = c.pair_trawl;
    vessels.push(fishing("PAIR TRAWLER 1", vec![at(lat, lon), at(lat, lon + 0.5)]));
    let (south_lat, _) = crate::geo::geodesy::destination(lat, lon, 180.0, 150.0);
    vessels.push(fishing("PAIR TRAWLER 2", vec![at(south_lat, lon)]));
    alongsides.push(alongside("PAIR TRAWLER 2", "PAIR TRAWLER 1", (4.0, 12.0), 150.0, None, "pair_trawl"));

    // A crowded anchorage: nine ships waiting, 400 m apart.
    let (lat, lon) = c.anchorage;
    for row in 0..3_i32 {
        for col in 0..3_i32 {
            let (lat_deg, _) = crate::geo::geodesy::destination(lat, lon, 0.0, 400.0 * f64::from(row - 1));
            let (_, lon_deg) = crate::geo::geodesy::destination(lat, lon, 90.0, 400.0 * f64::from(col - 1));
            let ship_type = if (row + col) % 2 == 0 { 80 } else { 70 };
            let name = format!("WAITING {}", row * 3 + col + 1);
            vessels.push(vessel(
                &name,
                ["PA", "LR", "HK"][usize::try_from(col).unwrap_or(0)],
                ship_type,
                A,
                (180.0, 30.0, 10.0),
                12.0,
                0.0,
                vec![hold(lat_deg, lon_deg, 0.0, HoldStatus::Anchored)],
            ));
        }
    }

    // Bunkering in port: a bunker tanker alongside a moored ship for five hours.
    vessels.push(vessel(
        "BULK CALLER",
        "PA",
        70,
        A,
        (190.0, 32.0, 11.0),
        12.0,
        0.0,
        vec![port(c.bunkering_port, 0.0)],
    ));
    vessels.push(vessel(
        "BUNKER BARGE 3",
        "CN",
        80,
        A,
        (60.0, 11.0, 3.5),
        8.0,
        0.0,
        vec![port(c.bunkering_port, 0.0)],
    ));
    alongsides.push(alongside(
        "BUNKER BARGE 3",
        "BULK CALLER",
        (10.0, 15.0),
        30.0,
        Some(HoldStatus::Moored),
        "bunkering",
    ));

    // A tug meets a ship coming in and stays alongside to the berth.
    let inbound = c.tug_route.iter().map(|w| w.spec()).collect();
    vessels.push(vessel("INBOUND TRADER", "HK", 70, A, (200.0, 32.0, 11.0), 10.0, 1.0, inbound));
    let tug_route = vec![
        c.tug_route[c.tug_route.len() - 1].spec(),
        hold(c.tug_wait.0, c.tug_wait.1, 0.0, HoldStatus::Drifting),
    ];
    vessels.push(vessel("HARBOUR TUG 2", "CN", 52, A, (32.0, 10.0, 4.0), 10.0, 0.0, tug_route));
    // At the berth the tug makes fast beside the ship, 30 m between their antennas:
    // drifting round the spot it would pass within metres of the ship's antenna.
    alongsides.push(alongside(
        "HARBOUR TUG 2",
        "INBOUND TRADER",
        c.tug_hours,
        30.0,
        Some(HoldStatus::Moored),
        "tug_assist",
    ));

    // Two ships passing 150 m apart at 14 knots on reciprocal courses.
    let ((lat_a, lon_a), (lat_b, lon_b)) = c.passing;
    vessels.push(vessel(
        "NORTHBOUND",
        "LR",
        71,
        A,
        (220.0, 32.0, 12.0),
        14.0,
        0.0,
        vec![at(lat_a, lon_a), at(lat_b, lon_b)],
    ));
    let shift = |lat: f64, lon: f64| crate::geo::geodesy::destination(lat, lon, 90.0, 150.0);
    let (b0, b1) = (shift(lat_b, lon_b), shift(lat_a, lon_a));
    vessels.push(vessel(
        "SOUTHBOUND",
        "SG",
        72,
        A,
        (220.0, 32.0, 12.0),
        14.0,
        0.0,
        vec![at(b0.0, b0.1), at(b1.0, b1.1)],
    ));
    close_passes.push(unplaced(ClosePassSpec {
        vessels: ["NORTHBOUND".to_owned(), "SOUTHBOUND".to_owned()],
        confounder: "fast_passing".to_owned(),
    }));

    // Two fishing boats whose sets were given one MMSI.
    let (mmsi, here, there) = c.shared_mmsi;
    for (name, (lat, lon)) in [("TWIN MMSI A", here), ("TWIN MMSI B", there)] {
        let mut boat = vessel(
            name,
            "CN",
            30,
            B,
            trawler,
            7.0,
            0.0,
            vec![at(lat, lon), hold(lat, lon + 0.05, 72.0, HoldStatus::Fishing)],
        );
        boat.get_mut().mmsi = Some(mmsi);
        vessels.push(boat);
    }
}

/// `global-day`: background traffic only, all over the world, on the MARNET lanes
/// between real ports, heard by a station at each port and two satellites.
fn global_day(options: &BuiltinOptions) -> ScenarioFile {
    let satellite = |name: &str| unplaced(Satellite { name: name.to_owned(), fraction: 0.015 });
    ScenarioFile {
        name: "global-day".to_owned(),
        start: "2024-06-01T00:00:00Z".to_owned(),
        duration_hours: options.duration_hours,
        corrupt_fraction: 0.0005,
        shore_stations: Vec::new(),
        satellites: vec![satellite("SAT-A"), satellite("SAT-B")],
        vessels: Vec::new(),
        sts_transfers: Vec::new(),
        ais_gaps: Vec::new(),
        identity_changes: Vec::new(),
        alongsides: Vec::new(),
        outages: Vec::new(),
        close_passes: Vec::new(),
        designations: Vec::new(),
        traffic: Some(unplaced(TrafficSpec::worldwide(options.background_vessels))),
    }
}

/// Background vessel `index`: of every ten, `lane_tenths` on the lanes (one in five of
/// them a tanker), `fishing_tenths` fishing, the rest tugs or pilot boats off the port.
fn background_vessel(bg: &Background, index: usize, rng: &mut Rng) -> Spanned<VesselSpec> {
    let jitter = |rng: &mut Rng, deg: f64| rng.range_f64(-deg, deg);
    let tenth = index % 10;
    if tenth < bg.lane_tenths {
        let lane =
            bg.lanes[usize::try_from(rng.below(u64::try_from(bg.lanes.len()).unwrap_or(1))).unwrap_or(0)];
        let mut points: Vec<(f64, f64)> = lane.to_vec();
        if rng.chance(0.5) {
            points.reverse();
        }
        // Start somewhere along the lane, heading for its end, then back and forth
        // the whole way (the next voyages), so that it is under way for the whole run
        // rather than piling up at the lane's end.
        let leg = usize::try_from(rng.below(u64::try_from(points.len() - 1).unwrap_or(1))).unwrap_or(0);
        let f = rng.range_f64(0.0, 1.0);
        let (a, b) = (points[leg], points[leg + 1]);
        let start = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        let mut way = vec![start];
        way.extend(&points[leg + 1..]);
        for _ in 0..8 {
            way.extend(points.iter().rev().skip(1));
            way.extend(points.iter().skip(1));
        }
        let way: Vec<LatLon> =
            way.into_iter().map(|(lat_deg, lon_deg)| LatLon { lat_deg, lon_deg }).collect();
        // Each ship keeps to starboard of the lane's line (drawing nothing from `rng`,
        // so that the rest of the background is as before): ships meeting pass a
        // kilometre or two apart, as on a real lane, not through one spot.
        let route = keep_to_starboard(&way, lane_offset_m(index), None)
            .iter()
            .map(|p| at(p.lat_deg, p.lon_deg))
            .collect();
        let tanker = rng.chance(0.2);
        let ship_type = if tanker {
            80 + u8::try_from(rng.below(5)).unwrap_or(0)
        } else {
            70 + u8::try_from(rng.below(10)).unwrap_or(0)
        };
        let length_m = rng.range_f64(120.0, 300.0);
        let dims = (length_m, length_m / 6.5, rng.range_f64(7.0, 14.0));
        let flag = ["CN", "PA", "LR", "HK", "KR", "JP", "SG"][usize::try_from(rng.below(7)).unwrap_or(0)];
        let name = format!("{} {}", if tanker { "OCEAN STAR" } else { "PACIFIC TRADER" }, index + 1);
        vessel(&name, flag, ship_type, A, dims, rng.range_f64(12.0, 20.0), 0.0, route)
    } else if tenth < bg.lane_tenths + bg.fishing_tenths {
        let ((lat_min, lat_max), (lon_min, lon_max)) = bg.fishing;
        let base = (rng.range_f64(lat_min, lat_max), rng.range_f64(lon_min, lon_max));
        let mut route = vec![at(base.0, base.1)];
        for _ in 0..4 {
            route.push(hold(
                base.0 + jitter(rng, 0.15),
                base.1 + jitter(rng, 0.15),
                rng.range_f64(2.0, 5.0),
                HoldStatus::Fishing,
            ));
        }
        let class = if rng.chance(0.7) { B } else { A };
        let dims = (rng.range_f64(28.0, 45.0), 7.0, rng.range_f64(2.5, 3.5));
        vessel(&format!("{} {}", bg.fishing_prefix, 1000 + index), "CN", 30, class, dims, 7.0, 0.0, route)
    } else {
        let pilot = rng.chance(0.5);
        // Each boat's own berth, 200 m to 1.1 km from the harbour point on a bearing
        // of the golden angle times its index: boats never share one spot.
        let k = f64::from(u16::try_from(index % 1024).unwrap_or(0));
        let base = crate::geo::geodesy::destination(
            bg.harbour.0,
            bg.harbour.1,
            (k * 137.507_764) % 360.0,
            200.0 + 100.0 * (k % 10.0),
        );
        let (lat_out, lon_min, lon_max) = bg.harbour_out;
        let away = (base.0 + jitter(rng, lat_out), base.1 + rng.range_f64(lon_min, lon_max));
        let mut route = vec![at(base.0, base.1)];
        for _ in 0..6 {
            route.push(hold(away.0, away.1, rng.range_f64(1.0, 3.0), HoldStatus::Drifting));
            route.push(hold(base.0, base.1, rng.range_f64(1.0, 3.0), HoldStatus::Drifting));
        }
        let (name, ship_type) = if pilot { ("PILOT", 50) } else { ("TUO", 52) };
        vessel(
            &format!("{} {name} {}", bg.harbour_prefix, index + 1),
            "CN",
            ship_type,
            A,
            (32.0, 9.0, 3.5),
            10.0,
            0.0,
            route,
        )
    }
}

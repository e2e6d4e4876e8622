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
use super::reporting::AisClass::{self, A, B};
use super::rng::Rng;
use super::scenario::{
    GapSpec, HoldStatus, IdentityChangeSpec, Satellite, ScenarioFile, ShoreStation, StsSpec, VesselSpec,
    WaypointSpec,
};

/// The names of the built-in scenarios.
pub const BUILTIN_NAMES: &[&str] = &["east-china-sea"];

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
    fn default() -> Self {
        BuiltinOptions { background_vessels: 40, duration_hours: 72.0 }
    }
}

/// A built-in scenario by name. `seed` places the background traffic.
///
/// # Errors
/// [`ErrorKind::UnknownScenario`] for a name not in [`BUILTIN_NAMES`].
pub fn builtin(name: &str, options: &BuiltinOptions, seed: u64) -> Result<ScenarioFile, Error> {
    match name {
        "east-china-sea" => Ok(east_china_sea(options, seed)),
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

/// The way into Nampo from the Yellow Sea: up the west coast, into Taedong Bay and the
/// estuary.
const NAMPO_APPROACH: [(f64, f64); 4] = [(35.5, 124.4), (37.0, 124.3), (38.0, 124.3), (38.7, 124.6)];

/// The shipping lanes through the area, as waypoints at sea.
const LANES: [&[(f64, f64)]; 3] = [
    // Shanghai to Busan, south of Jeju.
    &[(30.95, 122.95), (32.6, 126.0), (33.9, 127.9), (34.75, 128.95)],
    // Shanghai to Kyushu.
    &[(30.95, 122.95), (31.4, 127.5), (31.6, 129.0)],
    // The coastal lane from the Taiwan Strait to the Bohai.
    &[(28.0, 122.4), (29.5, 123.0), (31.0, 123.1), (33.0, 123.6), (36.0, 123.6), (38.2, 122.9)],
];

fn east_china_sea(options: &BuiltinOptions, seed: u64) -> ScenarioFile {
    let small_tanker = (95.0, 14.0, 3.6);
    let feeder = (110.0, 17.0, 6.8);
    let nampo_route = |meeting: &str, visit_hours: f64| {
        let mut route = vec![sts(meeting)];
        route.extend(NAMPO_APPROACH.iter().map(|&(lat, lon)| at(lat, lon)));
        route.push(at(38.7, 125.2));
        route.push(port("Nampo", visit_hours));
        route.push(at(38.7, 125.2));
        route.push(at(38.7, 124.6));
        route.push(at(37.5, 124.2));
        route
    };
    let mut vessels = vec![
        // Pair 1: met 260 km east of Shanghai.
        vessel(
            "HAI FENG 18",
            "TG",
            80,
            A,
            feeder,
            11.0,
            6.0,
            vec![
                hold(30.75, 123.1, 0.0, HoldStatus::Anchored),
                sts("s1"),
                hold(30.75, 123.1, 0.0, HoldStatus::Anchored),
            ],
        ),
        vessel("SAM HAE 7", "KP", 80, A, small_tanker, 11.0, 0.0, {
            let mut route = vec![at(33.3, 124.6)];
            route.extend(nampo_route("s1", 6.0));
            route
        }),
        // Pair 2: 375 km east-south-east of Shanghai.
        vessel(
            "JIN YUAN 9",
            "PA",
            81,
            A,
            feeder,
            12.0,
            1.0,
            // Loaded at Zhenhai (Ningbo), out past the Zhoushan islands.
            vec![
                port("Zhen Hai", 0.0),
                at(29.97, 121.95),
                at(29.97, 122.15),
                at(29.91, 122.25),
                at(29.87, 122.3),
                at(29.82, 122.4),
                at(29.8, 123.3),
                sts("s2"),
                hold(29.8, 123.3, 0.0, HoldStatus::Anchored),
            ],
        ),
        vessel("PAEK YANG 2", "KP", 80, A, small_tanker, 12.0, 0.0, {
            let mut route = vec![at(32.0, 126.3)];
            route.extend(nampo_route("s2", 4.0));
            route
        }),
        // Pair 3: 395 km east-north-east of Shanghai; the North Korean tanker waits there.
        vessel(
            "DONG LI 66",
            "SL",
            80,
            A,
            feeder,
            11.0,
            0.0,
            vec![
                hold(31.1, 123.0, 0.0, HoldStatus::Anchored),
                sts("s3"),
                hold(31.1, 123.0, 0.0, HoldStatus::Anchored),
            ],
        ),
        vessel("RYONG SAN 5", "KP", 80, A, small_tanker, 11.0, 0.0, {
            let mut route = vec![at(32.3, 125.4)];
            route.extend(nampo_route("s3", 8.0));
            route
        }),
    ];
    let sts_transfers = [
        ("s1", 31.0, 124.2, 20.0, "SAM HAE 7"),
        ("s2", 30.2, 125.2, 22.0, "PAEK YANG 2"),
        ("s3", 32.2, 125.5, 20.0, "RYONG SAN 5"),
    ]
    .into_iter()
    .map(|(id, lat, lon, end_hours, receiver)| {
        unplaced(StsSpec {
            id: id.to_owned(),
            lat,
            lon,
            end_hours,
            receiver: receiver.to_owned(),
            draught_change_m: 2.2,
        })
    })
    .collect();
    let ais_gaps = [
        ("SAM HAE 7", 8.0, 13.0),
        ("SAM HAE 7", 21.0, 30.0),
        ("JIN YUAN 9", 5.0, 10.0),
        ("PAEK YANG 2", 23.0, 31.0),
        ("RYONG SAN 5", 2.0, 11.0),
        ("RYONG SAN 5", 21.0, 32.0),
    ]
    .into_iter()
    .map(|(vessel, start_hours, end_hours)| {
        unplaced(GapSpec { vessel: vessel.to_owned(), start_hours, end_hours })
    })
    .collect();
    // Like RYE SONG GANG 1 calling itself "SONG HAE" (case 5).
    let identity_changes = vec![unplaced(IdentityChangeSpec {
        vessel: "PAEK YANG 2".to_owned(),
        at_hours: 26.0,
        name: "SONG HAE".to_owned(),
        callsign: Some("HMSH1".to_owned()),
    })];

    let mut rng = Rng::derive(seed, 0xB4C6);
    for index in 0..options.background_vessels {
        vessels.push(background_vessel(index, &mut rng));
    }

    let shore = |name: &str, lat: f64, lon: f64| {
        unplaced(ShoreStation { name: name.to_owned(), lat, lon, range_nm: 40.0 })
    };
    ScenarioFile {
        name: "east-china-sea".to_owned(),
        start: "2018-02-14T00:00:00Z".to_owned(),
        duration_hours: options.duration_hours,
        corrupt_fraction: 0.001,
        shore_stations: vec![
            shore("CN-SHANGHAI", 31.05, 121.95),
            shore("CN-ZHOUSHAN", 30.0, 122.3),
            shore("KR-JEJU", 33.5, 126.5),
            shore("KR-HEUKSAN", 34.68, 125.43),
            shore("KR-BAENGNYEONG", 37.95, 124.7),
        ],
        satellites: vec![unplaced(Satellite { name: "SAT-1".to_owned(), fraction: 0.08 })],
        vessels,
        sts_transfers,
        ais_gaps,
        identity_changes,
    }
}

/// Background vessel `index`: six in ten on the lanes (one in five of them a
/// tanker), three fishing, one a tug or pilot boat off the Yangtze.
fn background_vessel(index: usize, rng: &mut Rng) -> Spanned<VesselSpec> {
    let jitter = |rng: &mut Rng, deg: f64| rng.range_f64(-deg, deg);
    match index % 10 {
        0..=5 => {
            let lane = LANES[usize::try_from(rng.below(3)).unwrap_or(0)];
            let mut points: Vec<(f64, f64)> = lane.to_vec();
            if rng.chance(0.5) {
                points.reverse();
            }
            // Start somewhere along the lane, heading for its end, then back the whole
            // way (the next voyage), so that it is under way for the whole run.
            let leg = usize::try_from(rng.below(u64::try_from(points.len() - 1).unwrap_or(1))).unwrap_or(0);
            let f = rng.range_f64(0.0, 1.0);
            let (a, b) = (points[leg], points[leg + 1]);
            let start = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            let mut route = vec![at(start.0, start.1)];
            route.extend(points[leg + 1..].iter().map(|&(lat, lon)| at(lat, lon)));
            route.extend(points.iter().rev().skip(1).map(|&(lat, lon)| at(lat, lon)));
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
        }
        6..=8 => {
            let base = (rng.range_f64(30.3, 32.8), rng.range_f64(123.2, 125.0));
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
            vessel(&format!("ZHE DAI YU {}", 1000 + index), "CN", 30, class, dims, 7.0, 0.0, route)
        }
        _ => {
            let pilot = rng.chance(0.5);
            let base = (30.95, 122.95);
            let away = (base.0 + jitter(rng, 0.12), base.1 + rng.range_f64(0.1, 0.3));
            let mut route = vec![at(base.0, base.1)];
            for _ in 0..6 {
                route.push(hold(away.0, away.1, rng.range_f64(1.0, 3.0), HoldStatus::Drifting));
                route.push(hold(base.0, base.1, rng.range_f64(1.0, 3.0), HoldStatus::Drifting));
            }
            let (name, ship_type) = if pilot { ("HU PILOT", 50) } else { ("HU TUO", 52) };
            vessel(&format!("{name} {}", index + 1), "CN", ship_type, A, (32.0, 9.0, 3.5), 10.0, 0.0, route)
        }
    }
}

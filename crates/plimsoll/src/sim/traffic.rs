//! Background traffic of any size on the MARNET lanes ([`super::lanes`]).
//!
//! The ports are the World Port Index ports within [`PORT_AREA_M`] of a lane node (in
//! the scenario's area, if it names one). Each vessel is one of:
//! - a merchant ship (cargo, tanker, passenger; Class A) on a voyage from one port to
//!   another along the shortest path on the network, keeping to starboard of its lines
//!   ([`super::lanes::keep_to_starboard`]), caught somewhere along it at the start (so
//!   that the oceans are busy from the first minute), berthing on arrival;
//! - a ship moored in port, or anchored off it near the lane node nearest the port;
//! - a fishing vessel (Class B eight times in ten) working grounds on lane nodes within
//!   60 km of a port, a few hours on each;
//! - a tug or pilot boat shuttling between a port and its anchorage.
//!
//! Every ship that berths has its own berth ([`super::plan::berth`]).
//!
//! Shortest paths are computed once per port of departure (Dijkstra over the whole
//! network) for all the vessels leaving it, in parallel, and dropped; a vessel keeps
//! only the legs it sails within the run, so memory grows with vessels, not paths.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Map};

use super::error::{Error, Problem};
use super::identity::{random_callsign, random_imo, random_mmsi};
use super::lanes::{keep_to_starboard, lane_offset_m, NodeId};
use super::motion::{hold_radius_m, move_leg, LatLon, Leg, Track};
use super::plan::{ais_text, berth, dimensions, Identity, Receiver, Vessel, PORT_AREA_M};
use super::reporting::AisClass;
use super::rng::Rng;
use super::scenario::{HoldStatus, TrafficSpec};
use super::Geography;
use crate::event::{Event, EventKind};
use crate::geo::geodesy::{destination, haversine_distance_m, initial_bearing_deg};
use crate::geo::{Land, Port};

/// The most background vessels a scenario may ask for.
pub const MAX_TRAFFIC_VESSELS: usize = 2_000_000;

/// The least distance between two shore stations at ports.
const STATION_SPACING_M: f64 = 30_000.0;

/// How far from its port a fishing vessel's grounds may be.
const FISHING_RANGE_M: f64 = 60_000.0;

/// Flags of merchant ships, repeated by rough share of the world fleet (open registries
/// first).
const MERCHANT_FLAGS: &[&str] = &[
    "PA", "PA", "PA", "LR", "LR", "LR", "MH", "MH", "HK", "HK", "SG", "SG", "MT", "BS", "CN", "CN", "GR",
    "JP", "CY", "NO", "KR", "GB", "DE", "IT", "DK", "NL", "US", "RU", "TR", "IN", "ID", "VN", "MY", "PT",
];

/// Flags of fishing fleets.
const FISHING_FLAGS: &[&str] = &[
    "CN", "CN", "CN", "CN", "TW", "JP", "KR", "ID", "VN", "ES", "RU", "NO", "PE", "CL", "US", "IN", "TH",
    "PH",
];

const NAME_FIRST: &[&str] = &[
    "OCEAN", "PACIFIC", "ATLANTIC", "GOLDEN", "NORDIC", "EVER", "GLOBAL", "BLUE", "GRAND", "ORIENT",
    "SILVER", "CAPE", "STAR", "NEW", "ROYAL", "SEA",
];
const NAME_SECOND: &[&str] = &[
    "TRADER", "SPIRIT", "PIONEER", "HARMONY", "VOYAGER", "GLORY", "FORTUNE", "PRIDE", "EXPRESS", "PEARL",
    "WAVE", "LEADER", "VENTURE", "HORIZON",
];

/// A port on the network.
#[derive(Debug, Clone, Copy)]
struct LanePort<'g> {
    port: &'g Port,
    node: NodeId,
}

impl LanePort<'_> {
    fn at(&self) -> LatLon {
        LatLon { lat_deg: self.port.lat_deg, lon_deg: self.port.lon_deg }
    }
}

/// What a background vessel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Merchant,
    InPort,
    Fishing,
    Harbour,
}

/// One vessel's draws, before its track.
struct Draft {
    role: Role,
    origin: usize,
    destination: usize,
    vessel: Vessel,
    rng: Rng,
}

/// The generated traffic.
pub(super) struct Traffic {
    pub vessels: Vec<Vessel>,
    pub receivers: Vec<Receiver>,
    /// Port visits of the ships that berth.
    pub truth: Vec<Event>,
}

/// The first number `draw` gives that is not in `used`, which then holds it. Ships
/// share neither MMSIs nor IMO numbers by chance: at 50,000 vessels, IMOs drawn
/// freely from 300,000 serials gave some 3,000 pairs, each rightly reported as one
/// IMO on two MMSIs.
fn unique(used: &mut HashSet<u32>, mut draw: impl FnMut() -> u32) -> u32 {
    loop {
        let number = draw();
        if used.insert(number) {
            return number;
        }
    }
}

/// Generates `spec`'s traffic; `field` names it in errors.
#[allow(clippy::too_many_arguments)]
pub(super) fn generate(
    spec: &TrafficSpec,
    error: &dyn Fn(String, Problem) -> Error,
    seed: u64,
    geo: &Geography,
    (start_ms, end_ms): (i64, i64),
    used_mmsis: &mut HashSet<u32>,
) -> Result<Traffic, Error> {
    let range = |value: f64, (min, max): (f64, f64), name: &str| {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            Err(error(format!("traffic.{name}"), Problem::OutOfRange { value, min, max }))
        }
    };
    let count_f64 = spec.vessels as f64;
    range(count_f64, (0.0, MAX_TRAFFIC_VESSELS as f64), "vessels")?;
    range(spec.port_station_range_nm, (0.0, 500.0), "port_station_range_nm")?;
    range(spec.in_port_fraction, (0.0, 1.0), "in_port_fraction")?;
    range(spec.fishing_fraction, (0.0, 1.0), "fishing_fraction")?;
    range(spec.harbour_fraction, (0.0, 1.0), "harbour_fraction")?;
    let busy = spec.in_port_fraction + spec.fishing_fraction + spec.harbour_fraction;
    range(busy, (0.0, 1.0), "harbour_fraction")?;
    let area = spec.area.unwrap_or([-90.0, -180.0, 90.0, 180.0]);
    range(area[0], (-90.0, area[2]), "area")?;
    range(area[1], (-180.0, area[3]), "area")?;
    range(area[2], (-90.0, 90.0), "area")?;
    range(area[3], (-180.0, 180.0), "area")?;

    let lanes = geo.sea_lanes();
    let ports: Vec<LanePort> = geo
        .ports
        .all()
        .iter()
        .filter(|p| (area[0]..=area[2]).contains(&p.lat_deg) && (area[1]..=area[3]).contains(&p.lon_deg))
        .filter_map(|port| {
            let at = LatLon { lat_deg: port.lat_deg, lon_deg: port.lon_deg };
            lanes.nearest(at, PORT_AREA_M).map(|(node, _)| LanePort { port, node })
        })
        .collect();
    if ports.is_empty() && spec.vessels > 0 {
        return Err(error("traffic.area".into(), Problem::NoLanePorts));
    }
    let receivers = if spec.port_station_range_nm > 0.0 {
        stations(&ports, spec.port_station_range_nm)
    } else {
        Vec::new()
    };

    let mids = |flags: &[&'static str]| -> Result<Vec<(&'static str, u16)>, Error> {
        flags
            .iter()
            .map(|&iso| {
                geo.mids.flags().find(|f| f.iso_alpha2 == iso).map(|f| (iso, f.mid)).ok_or_else(|| {
                    error("traffic".into(), Problem::UnknownFlag { iso_alpha2: iso.to_owned() })
                })
            })
            .collect()
    };
    let (merchant_flags, fishing_flags) = (mids(MERCHANT_FLAGS)?, mids(FISHING_FLAGS)?);

    // Identities in order (MMSIs and IMOs must be unique), then tracks in parallel.
    let mut used_imos = HashSet::new();
    let mut drafts = Vec::with_capacity(spec.vessels);
    for index in 0..spec.vessels {
        let mut rng = Rng::derive(seed, (3 << 32) + u64::try_from(index).unwrap_or(0));
        let u = rng.unit_f64();
        let role = if u < spec.in_port_fraction {
            Role::InPort
        } else if u < spec.in_port_fraction + spec.fishing_fraction {
            Role::Fishing
        } else if u < busy {
            Role::Harbour
        } else {
            Role::Merchant
        };
        let origin = pick(&mut rng, ports.len());
        let destination = pick(&mut rng, ports.len());
        let flags = if role == Role::Fishing { &fishing_flags } else { &merchant_flags };
        let (flag, mid) = flags[pick(&mut rng, flags.len())];
        let mmsi = unique(used_mmsis, || random_mmsi(mid, &mut rng));
        let (name, class, ship_type, length_m, draught_m) = match role {
            Role::Merchant | Role::InPort => {
                let name = format!(
                    "{} {} {}",
                    NAME_FIRST[pick(&mut rng, NAME_FIRST.len())],
                    NAME_SECOND[pick(&mut rng, NAME_SECOND.len())],
                    1 + rng.below(99)
                );
                let ship_type = match rng.below(20) {
                    0..=9 => 70 + u8::try_from(rng.below(10)).unwrap_or(0),
                    10..=15 => 80 + u8::try_from(rng.below(5)).unwrap_or(0),
                    16 => 60 + u8::try_from(rng.below(10)).unwrap_or(0),
                    _ => 70,
                };
                let length_m = rng.range_f64(80.0, 350.0);
                (name, AisClass::A, ship_type, length_m, (length_m / 25.0).clamp(4.0, 16.0))
            }
            Role::Fishing => {
                let class = if rng.chance(0.8) { AisClass::B } else { AisClass::A };
                let name = format!("{} YU {}", ["LU", "ZHE", "MIN", "YUE", "HAI"][pick(&mut rng, 5)], index);
                (name, class, 30, rng.range_f64(20.0, 60.0), rng.range_f64(2.0, 4.5))
            }
            Role::Harbour => {
                let (name, ship_type) = if rng.chance(0.5) { ("PILOT", 50) } else { ("TUG", 52) };
                (format!("{name} {index}"), AisClass::A, ship_type, rng.range_f64(15.0, 35.0), 3.5)
            }
        };
        let beam_m = (length_m / 6.5).max(4.0);
        let port_name = ports.get(destination).map_or_else(String::new, |p| p.port.name.clone());
        let vessel = Vessel {
            mmsi,
            imo: if class == AisClass::A { unique(&mut used_imos, || random_imo(&mut rng)) } else { 0 },
            class,
            ship_type,
            dimensions: dimensions(length_m, beam_m),
            destination: ais_text(if role == Role::Merchant { &port_name } else { "" }, 20),
            track: Track::default(),
            identities: vec![Identity {
                from_ms: start_ms,
                name: ais_text(&name, 20),
                callsign: random_callsign(flag, &mut rng),
            }],
            draughts_m: vec![(start_ms, draught_m)],
            gaps_ms: Vec::new(),
        };
        drafts.push(Draft { role, origin, destination, vessel, rng });
    }

    // Merchant voyages grouped by port of departure: one Dijkstra per port.
    let mut by_origin: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, draft) in drafts.iter().enumerate() {
        if draft.role == Role::Merchant {
            by_origin.entry(draft.origin).or_default().push(index);
        }
    }
    let groups: Vec<(usize, Vec<usize>)> = by_origin.into_iter().collect();
    let paths: Vec<(usize, Option<Vec<LatLon>>)> = groups
        .par_iter()
        .flat_map_iter(|(origin, members)| {
            let tree = lanes.shortest_paths(ports[*origin].node);
            members
                .iter()
                .map(|&index| {
                    let to = ports[drafts[index].destination];
                    let path = tree.path_to(to.node).filter(|p| p.len() > 1).map(|nodes| {
                        // From its own berth to its own berth, keeping to starboard
                        // of the lanes' lines in between.
                        let mut points = vec![berth(ports[*origin].at(), index)];
                        let way: Vec<LatLon> = nodes.iter().map(|&n| lanes.node(n)).collect();
                        points.extend(keep_to_starboard(&way, lane_offset_m(index), Some(&geo.land)));
                        points.push(berth(to.at(), index));
                        points
                    });
                    (index, path)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut voyage: Vec<Option<Vec<LatLon>>> = vec![None; drafts.len()];
    for (index, path) in paths {
        voyage[index] = path;
    }

    let built: Vec<(Vessel, Option<Event>)> = drafts
        .into_par_iter()
        .zip(voyage.into_par_iter())
        .enumerate()
        .map(|(index, (mut draft, path))| {
            let origin = ports[draft.origin];
            let rng = &mut draft.rng;
            let (legs, visit) = match (draft.role, path) {
                (Role::Merchant, Some(path)) => {
                    let speed_knots = match draft.vessel.ship_type {
                        80..=89 => rng.range_f64(11.0, 14.5),
                        60..=69 => rng.range_f64(15.0, 22.0),
                        _ => rng.range_f64(12.0, 20.0),
                    };
                    voyage_legs(&path, speed_knots, (start_ms, end_ms), rng)
                }
                (Role::Merchant | Role::InPort, _) => berth_legs(geo, origin, index, (start_ms, end_ms), rng),
                (Role::Fishing, _) => fishing_legs(geo, origin, (start_ms, end_ms), rng),
                (Role::Harbour, _) => harbour_legs(geo, origin, index, (start_ms, end_ms), rng),
            };
            let event = visit.map(|(arrival_ms, at, port)| {
                let port = ports[if port { draft.destination } else { draft.origin }].port;
                port_visit(draft.vessel.mmsi, arrival_ms, end_ms, at, port)
            });
            draft.vessel.track = Track::new(legs);
            (draft.vessel, event)
        })
        .collect();
    let mut vessels = Vec::with_capacity(built.len());
    let mut truth = Vec::new();
    for (vessel, event) in built {
        vessels.push(vessel);
        truth.extend(event);
    }
    Ok(Traffic { vessels, receivers, truth })
}

/// A uniform index below `len` (0 when empty).
fn pick(rng: &mut Rng, len: usize) -> usize {
    usize::try_from(rng.below(u64::try_from(len).unwrap_or(0))).unwrap_or(0)
}

/// A shore station at each port, except within [`STATION_SPACING_M`] of one already
/// placed (ports in the index's order): a port city has one receiver network, not one
/// per terminal.
fn stations(ports: &[LanePort], range_nm: f64) -> Vec<Receiver> {
    let mut placed: HashMap<(i32, i32), Vec<LatLon>> = HashMap::new();
    let mut stations = Vec::new();
    for port in ports {
        let at = port.at();
        let (row, col) = ((at.lat_deg * 10.0).floor() as i32, (at.lon_deg * 10.0).floor() as i32);
        let near = (-3..=3).any(|dr| {
            (-3..=3).any(|dc| {
                placed.get(&(row + dr, col + dc)).is_some_and(|ps| {
                    ps.iter().any(|p| {
                        haversine_distance_m(p.lat_deg, p.lon_deg, at.lat_deg, at.lon_deg) < STATION_SPACING_M
                    })
                })
            })
        });
        if near {
            continue;
        }
        placed.entry((row, col)).or_default().push(at);
        stations.push(Receiver::Shore { name: station_name(port.port), at, range_m: range_nm * 1852.0 });
    }
    stations
}

/// A tag-block-safe station name for a port: its UN/LOCODE, else its index number.
fn station_name(port: &Port) -> String {
    port.unlocode.clone().unwrap_or_else(|| format!("WPI{}", port.wpi_number))
}

fn port_visit(mmsi: u32, arrival_ms: i64, end_ms: i64, at: LatLon, port: &Port) -> Event {
    let mut details = Map::new();
    details.insert("port".into(), json!(port.name));
    details.insert("unlocode".into(), json!(port.unlocode));
    details.insert("country".into(), json!(port.country));
    details.insert("background".into(), json!(true));
    Event::new(EventKind::PortVisit, vec![mmsi], arrival_ms, end_ms, (at.lat_deg, at.lon_deg), 1.0, details)
}

/// A random point within `max_m` of `centre` whose surroundings (`clearance_m` each
/// way) are at sea, so that a ship holding there never touches land; `centre` itself
/// after ten tries.
fn sea_spot(land: &Land, centre: LatLon, max_m: f64, clearance_m: f64, rng: &mut Rng) -> LatLon {
    for _ in 0..10 {
        let spot = scatter(centre, max_m, rng);
        let wet = [0.0, 90.0, 180.0, 270.0].iter().all(|&bearing_deg| {
            let (lat_deg, lon_deg) = destination(spot.lat_deg, spot.lon_deg, bearing_deg, clearance_m);
            !land.is_on_land(lat_deg, lon_deg)
        }) && !land.is_on_land(spot.lat_deg, spot.lon_deg);
        if wet {
            return spot;
        }
    }
    centre
}

/// A point `distance_m` from `at` in a random direction.
fn scatter(at: LatLon, max_m: f64, rng: &mut Rng) -> LatLon {
    let (lat_deg, lon_deg) =
        destination(at.lat_deg, at.lon_deg, rng.range_f64(0.0, 360.0), rng.range_f64(0.0, max_m));
    LatLon { lat_deg, lon_deg }
}

fn hold(start_ms: i64, end_ms: i64, at: LatLon, status: HoldStatus, rng: &mut Rng) -> Leg {
    Leg::Hold {
        start_ms,
        end_ms,
        at,
        status,
        radius_m: hold_radius_m(status),
        phase_rad: rng.range_f64(0.0, std::f64::consts::TAU),
    }
}

/// What a track builder returns: its legs, and a port visit (arrival, where, whether at
/// the destination rather than the origin) if it berths.
type Built = (Vec<Leg>, Option<(i64, LatLon, bool)>);

/// Along `path` at `speed_knots` from a random point on it, berthing at its end.
fn voyage_legs(path: &[LatLon], speed_knots: f64, (start_ms, end_ms): (i64, i64), rng: &mut Rng) -> Built {
    let lengths_m: Vec<f64> = path
        .windows(2)
        .map(|w| haversine_distance_m(w[0].lat_deg, w[0].lon_deg, w[1].lat_deg, w[1].lon_deg))
        .collect();
    let mut along_m = rng.range_f64(0.0, lengths_m.iter().sum::<f64>());
    let mut segment = 0;
    while segment + 1 < lengths_m.len() && along_m > lengths_m[segment] {
        along_m -= lengths_m[segment];
        segment += 1;
    }
    let (a, b) = (path[segment], path[segment + 1]);
    let bearing_deg = initial_bearing_deg(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
    let (lat_deg, lon_deg) = destination(a.lat_deg, a.lon_deg, bearing_deg, along_m);
    let mut at = LatLon { lat_deg, lon_deg };
    let mut t_ms = start_ms;
    let mut legs = Vec::new();
    for &next in &path[segment + 1..] {
        let leg = move_leg(t_ms, at, next, speed_knots);
        t_ms = leg.end_ms();
        legs.push(leg);
        at = next;
        if t_ms >= end_ms {
            return (legs, None);
        }
    }
    legs.push(hold(t_ms, end_ms, at, HoldStatus::Moored, rng));
    (legs, Some((t_ms, at, true)))
}

/// Moored at its berth in the port all along (a port visit), or anchored off it.
fn berth_legs(
    geo: &Geography,
    port: LanePort,
    index: usize,
    (start_ms, end_ms): (i64, i64),
    rng: &mut Rng,
) -> Built {
    if rng.chance(0.6) {
        let at = berth(port.at(), index);
        (vec![hold(start_ms, end_ms, at, HoldStatus::Moored, rng)], Some((start_ms, at, false)))
    } else {
        let at = sea_spot(&geo.land, geo.sea_lanes().node(port.node), 1_500.0, 200.0, rng);
        (vec![hold(start_ms, end_ms, at, HoldStatus::Anchored, rng)], None)
    }
}

/// Fishing on grounds near the port: a few hours on each, moving between them.
fn fishing_legs(geo: &Geography, port: LanePort, (start_ms, end_ms): (i64, i64), rng: &mut Rng) -> Built {
    let lanes = geo.sea_lanes();
    let grounds = lanes.within(lanes.node(port.node), FISHING_RANGE_M);
    let centre = grounds.get(pick(rng, grounds.len())).map_or(lanes.node(port.node), |&(n, _)| lanes.node(n));
    // Each spot clear of land by the trawl's reach, and the way there too (spots are
    // within 6 km of each other: the middle of the way is checked).
    let clearance_m = hold_radius_m(HoldStatus::Fishing) * 1.3;
    let mut legs = Vec::new();
    let mut at = sea_spot(&geo.land, centre, 3_000.0, clearance_m, rng);
    let mut t_ms = start_ms;
    while t_ms < end_ms {
        let stay_ms = (rng.range_f64(2.0, 5.0) * 3_600.0).round() as i64 * 1000;
        legs.push(hold(t_ms, t_ms + stay_ms, at, HoldStatus::Fishing, rng));
        t_ms += stay_ms;
        let mut next = sea_spot(&geo.land, centre, 3_000.0, clearance_m, rng);
        let middle =
            LatLon { lat_deg: (at.lat_deg + next.lat_deg) / 2.0, lon_deg: (at.lon_deg + next.lon_deg) / 2.0 };
        if geo.land.is_on_land(middle.lat_deg, middle.lon_deg) {
            next = at;
        }
        let leg = move_leg(t_ms, at, next, rng.range_f64(7.0, 10.0));
        t_ms = leg.end_ms();
        legs.push(leg);
        at = next;
    }
    (legs, None)
}

/// Between its berth in the port (moored) and the port's anchorage (drifting),
/// waiting an hour or three at each end.
fn harbour_legs(
    geo: &Geography,
    port: LanePort,
    index: usize,
    (start_ms, end_ms): (i64, i64),
    rng: &mut Rng,
) -> Built {
    // The anchorage is around the lane node: the way from the berth to it stays in the
    // port area. Each boat has its own berth and its own spot there, as real ones do:
    // on one spot, two boats' reports would be one position shared by two MMSIs.
    let anchorage = sea_spot(&geo.land, geo.sea_lanes().node(port.node), 1_500.0, 200.0, rng);
    let mut legs = Vec::new();
    let mut t_ms = start_ms;
    let (mut at, mut to) = (berth(port.at(), index), anchorage);
    while t_ms < end_ms {
        let stay_ms = (rng.range_f64(1.0, 3.0) * 3_600.0).round() as i64 * 1000;
        let status = if at == anchorage { HoldStatus::Drifting } else { HoldStatus::Moored };
        legs.push(hold(t_ms, t_ms + stay_ms, at, status, rng));
        t_ms += stay_ms;
        let leg = move_leg(t_ms, at, to, 10.0);
        t_ms = leg.end_ms();
        legs.push(leg);
        std::mem::swap(&mut at, &mut to);
    }
    (legs, None)
}

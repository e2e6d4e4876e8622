//! From a scenario to a plan: identities, tracks, transmitter gaps and static-data
//! timelines for every vessel, the receivers, and the ground truth.

use std::collections::{HashMap, HashSet};

use ais::msg::Dimensions;
use serde_json::{json, Map, Value};
use toml::Spanned;

use super::derived::{self, PairLabels};
use super::error::{Error, Problem};
use super::identity::{is_valid_imo, random_callsign, random_imo, random_mmsi};
use super::motion::{hold_radius_m, move_leg, LatLon, Leg, State, Track};
use super::reporting::AisClass;
use super::rng::Rng;
use super::scenario::{HoldStatus, ScenarioFile, VesselSpec, WaypointSpec};
use super::Geography;
use crate::detect::ais_gap::AisGapConfig;
use crate::event::{sort_events, Event, EventKind};
use crate::geo::geodesy::destination;
use crate::ingest::parse_assumed_time;

const MS_PER_HOUR: f64 = 3_600_000.0;

/// The longest run, and the longest hold: two months.
const MAX_HOURS: f64 = 24.0 * 62.0;

/// Within this distance of a port a position may be on land (berths are inland on the
/// coarse coastline, and approaches run up rivers).
pub const PORT_AREA_M: f64 = 12_000.0;

/// Where vessel `index` berths at a port whose reference point is `port`: its own spot
/// on a sunflower spiral around it (Vogel's: the golden angle between consecutive
/// spots, the distance growing with the square root of the number, so that neighbours
/// stay at least 50 m apart however many there are), 60 m to 1.4 km out over 2,048
/// spots. No two ships of a port lie on one spot, which real berths never share and
/// which the shared-position check rightly calls spoofing.
pub(super) fn berth(port: LatLon, index: usize) -> LatLon {
    let k = f64::from(u16::try_from(index % 2048).unwrap_or(0));
    let bearing_deg = (k * 137.507_764) % 360.0;
    // Vogel's spiral with a factor of 31 m: the nearest two of the 2,048 spots are
    // 51 m apart.
    let distance_m = 31.0 * (k + 4.0).sqrt();
    let (lat_deg, lon_deg) = destination(port.lat_deg, port.lon_deg, bearing_deg, distance_m);
    LatLon { lat_deg, lon_deg }
}

/// Legs are checked for land at this spacing (islets smaller than this can slip
/// through; the tests check every position the receivers heard).
const LAND_CHECK_STEP_M: f64 = 500.0;

/// How far apart the two ships of an STS transfer lie: alongside, hull to hull about
/// their beams, measured between their AIS antennas.
const STS_SEPARATION_M: f64 = 60.0;

/// Metres in a degree of latitude (and of longitude at the equator) on the mean sphere.
use crate::geo::geodesy::METRES_PER_DEGREE;

/// A receiver.
#[derive(Debug, Clone, PartialEq)]
pub enum Receiver {
    /// Hears within `range_m`, with a chance falling from 95 % with the square of the
    /// distance.
    Shore { name: String, at: LatLon, range_m: f64 },
    /// Hears `fraction` of all messages.
    Satellite { name: String, fraction: f64 },
}

impl Receiver {
    /// The tag-block station name.
    pub fn name(&self) -> &str {
        match self {
            Receiver::Shore { name, .. } | Receiver::Satellite { name, .. } => name,
        }
    }

    /// The chance that a message sent at `lat_deg, lon_deg` is heard.
    pub fn chance(&self, lat_deg: f64, lon_deg: f64) -> f64 {
        match self {
            Receiver::Shore { at, range_m, .. } => {
                // Distance on the local plane: within a station's few tens of miles it
                // differs from the great circle by less than 0.1 %, and it is the
                // simulator's hottest arithmetic.
                let north_m = (lat_deg - at.lat_deg) * METRES_PER_DEGREE;
                let east_m = crate::geo::geodesy::lon_delta_deg(at.lon_deg, lon_deg)
                    * METRES_PER_DEGREE
                    * ((lat_deg + at.lat_deg) / 2.0).to_radians().cos();
                let d2_m2 = north_m * north_m + east_m * east_m;
                let range2_m2 = range_m * range_m;
                if d2_m2 >= range2_m2 {
                    0.0
                } else {
                    0.95 * (1.0 - d2_m2 / range2_m2)
                }
            }
            Receiver::Satellite { fraction, .. } => *fraction,
        }
    }
}

/// What a vessel broadcasts as its identity from a time on.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub from_ms: i64,
    pub name: String,
    pub callsign: String,
}

/// A simulated vessel.
#[derive(Debug, Clone)]
pub struct Vessel {
    pub mmsi: u32,
    pub imo: u32,
    pub class: AisClass,
    pub ship_type: u8,
    pub dimensions: Dimensions,
    pub destination: String,
    pub track: Track,
    /// Names and call signs over time, sorted, the first from the start (never empty).
    pub identities: Vec<Identity>,
    /// Draughts over time (from ms, metres), sorted, the first from the start (never
    /// empty).
    pub draughts_m: Vec<(i64, f64)>,
    /// When the transponder is off: `[start, end)` ms.
    pub gaps_ms: Vec<(i64, i64)>,
}

impl Vessel {
    /// Where it is at `t_ms`.
    pub fn state_at(&self, t_ms: i64) -> Option<State> {
        self.track.state_at(t_ms)
    }

    /// Whether its transponder is on at `t_ms`.
    pub fn transmitting_at(&self, t_ms: i64) -> bool {
        !self.gaps_ms.iter().any(|&(start, end)| (start..end).contains(&t_ms))
    }

    /// Its identity at `t_ms`.
    pub fn identity_at(&self, t_ms: i64) -> &Identity {
        let index = self.identities.partition_point(|i| i.from_ms <= t_ms);
        &self.identities[index.saturating_sub(1)]
    }

    /// Its draught at `t_ms`.
    pub fn draught_m_at(&self, t_ms: i64) -> f64 {
        let index = self.draughts_m.partition_point(|&(from_ms, _)| from_ms <= t_ms);
        self.draughts_m[index.saturating_sub(1)].1
    }
}

/// The resolved scenario.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub corrupt_fraction: f64,
    pub receivers: Vec<Receiver>,
    /// When receivers hear nothing: (receiver index, `[start, end)` ms).
    pub outages_ms: Vec<(usize, i64, i64)>,
    pub vessels: Vec<Vessel>,
    pub truth: Vec<Event>,
    /// The confounding episodes the scenario stages (vessels alongside one another),
    /// whether or not they are events by the definitions: what eval can blame a false
    /// detection on. Kind `encounter`, `details.confounder` naming it, `details.event`
    /// whether the truth has it.
    pub confounders: Vec<Event>,
    /// The scenario's sanctioned vessels, as a list would give them.
    pub designations: Vec<Designation>,
}

/// A sanctions-list entry for a scenario vessel (one row of `sanctions.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Designation {
    pub name: String,
    pub imo: u32,
    pub mmsi: u32,
    pub call_sign: String,
    /// ISO 3166-1 alpha-2.
    pub flag: String,
    pub vessel_type: &'static str,
    pub aliases: Vec<String>,
    pub program: String,
    pub listed_on: Option<String>,
    pub delisted_on: Option<String>,
    pub remarks: String,
}

/// Builds the plan; `text` is the scenario file (for error lines), `None` when built in.
pub fn plan(file: &ScenarioFile, text: Option<&str>, seed: u64, geo: &Geography) -> Result<Plan, Error> {
    Planner { file, text, geo }.plan(seed)
}

struct Planner<'a> {
    file: &'a ScenarioFile,
    text: Option<&'a str>,
    geo: &'a Geography,
}

impl Planner<'_> {
    fn err<T>(&self, field: String, problem: Problem, span: std::ops::Range<usize>) -> Result<T, Error> {
        Err(Error::field(field, problem, self.text, span))
    }

    fn check_range(
        &self,
        value: f64,
        (min, max): (f64, f64),
        field: String,
        span: std::ops::Range<usize>,
    ) -> Result<(), Error> {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            self.err(field, Problem::OutOfRange { value, min, max }, span)
        }
    }

    fn hours_ms(&self, hours: f64) -> i64 {
        // Whole seconds: transmissions fall on whole seconds, and tag blocks carry
        // seconds.
        (hours * 3_600.0).round() as i64 * 1000
    }

    fn plan(&self, seed: u64) -> Result<Plan, Error> {
        let file = self.file;
        let start_ms = parse_assumed_time(&file.start).map_err(|_| {
            Error::field("start".into(), Problem::Time { text: file.start.clone() }, None, 0..0)
        })?;
        self.check_range(file.duration_hours, (0.01, MAX_HOURS), "duration_hours".into(), 0..0)?;
        self.check_range(file.corrupt_fraction, (0.0, 0.5), "corrupt_fraction".into(), 0..0)?;
        let end_ms = start_ms + self.hours_ms(file.duration_hours);
        let receivers = self.receivers()?;

        let mut names: HashMap<&str, usize> = HashMap::new();
        for (index, spec) in file.vessels.iter().enumerate() {
            if names.insert(spec.get_ref().name.as_str(), index).is_some() {
                let problem = Problem::DuplicateVessel { name: spec.get_ref().name.clone() };
                return self.err(format!("vessel[{index}].name"), problem, spec.span());
            }
        }
        let vessel_index = |name: &str, field: String, span: std::ops::Range<usize>| {
            names.get(name).copied().ok_or_else(|| {
                Error::field(field, Problem::UnknownVessel { name: name.to_owned() }, self.text, span)
            })
        };

        let mut truth = Vec::new();
        let mut vessels = Vec::with_capacity(file.vessels.len());
        let mut used_mmsis = HashSet::new();
        let mut sts_arrivals: HashMap<&str, Vec<i64>> = HashMap::new();
        for (index, spec) in file.vessels.iter().enumerate() {
            let mut rng = Rng::derive(seed, u64::try_from(index).unwrap_or(u64::MAX));
            let mut vessel = self.identity(index, spec, &mut rng, &mut used_mmsis, start_ms)?;
            let track = self.track(
                index,
                spec,
                &mut rng,
                start_ms,
                end_ms,
                vessel.mmsi,
                &mut truth,
                &mut sts_arrivals,
            )?;
            vessel.track = track;
            vessels.push(vessel);
        }

        let mut pair_labels = PairLabels::new();
        let mut same_hull = HashSet::new();
        let mut confounders = Vec::new();
        for (index, alongside) in file.alongsides.iter().enumerate() {
            let spec = alongside.get_ref();
            let field = |name: &str| format!("alongside[{index}].{name}");
            let v = vessel_index(&spec.vessel, field("vessel"), alongside.span())?;
            let leader = vessel_index(&spec.leader, field("leader"), alongside.span())?;
            self.check_range(spec.start_hours, (0.0, MAX_HOURS), field("start_hours"), alongside.span())?;
            self.check_range(spec.distance_m, (0.0, 5_000.0), field("distance_m"), alongside.span())?;
            if spec.end_hours <= spec.start_hours {
                let problem =
                    Problem::EndNotAfterStart { start_hours: spec.start_hours, end_hours: spec.end_hours };
                return self.err(field("end_hours"), problem, alongside.span());
            }
            let start = start_ms + self.hours_ms(spec.start_hours);
            let end = (start_ms + self.hours_ms(spec.end_hours)).min(end_ms);
            if start >= end || v == leader {
                continue;
            }
            let track = vessels[v].track.alongside(
                &vessels[leader].track,
                (start, end, end_ms),
                spec.distance_m,
                spec.after.unwrap_or(HoldStatus::Drifting),
            );
            vessels[v].track = track;
            let pair = (vessels[v].mmsi.min(vessels[leader].mmsi), vessels[v].mmsi.max(vessels[leader].mmsi));
            pair_labels.insert(pair, spec.confounder.clone());
            if spec.distance_m <= 0.0 {
                same_hull.insert((v, leader));
            }
            let at = position(&vessels[leader], start + (end - start) / 2);
            let mut details = Map::new();
            details.insert("confounder".into(), json!(spec.confounder));
            confounders.push(Event::new(
                EventKind::Encounter,
                vec![pair.0, pair.1],
                start,
                end,
                (at.lat_deg, at.lon_deg),
                1.0,
                details,
            ));
        }
        let mut outages_ms = Vec::new();
        for (index, outage) in file.outages.iter().enumerate() {
            let spec = outage.get_ref();
            let field = |name: &str| format!("outage[{index}].{name}");
            let Some(r) = receivers.iter().position(|r| r.name() == spec.receiver) else {
                let problem = Problem::UnknownReceiver { name: spec.receiver.clone() };
                return self.err(field("receiver"), problem, outage.span());
            };
            self.check_range(spec.start_hours, (0.0, MAX_HOURS), field("start_hours"), outage.span())?;
            if spec.end_hours <= spec.start_hours {
                let problem =
                    Problem::EndNotAfterStart { start_hours: spec.start_hours, end_hours: spec.end_hours };
                return self.err(field("end_hours"), problem, outage.span());
            }
            outages_ms.push((
                r,
                start_ms + self.hours_ms(spec.start_hours),
                start_ms + self.hours_ms(spec.end_hours),
            ));
        }

        for (index, pass) in file.close_passes.iter().enumerate() {
            let spec = pass.get_ref();
            let a = vessel_index(&spec.vessels[0], format!("close_pass[{index}].vessels"), pass.span())?;
            let b = vessel_index(&spec.vessels[1], format!("close_pass[{index}].vessels"), pass.span())?;
            if let Some(event) =
                closest_approach(&vessels[a], &vessels[b], (start_ms, end_ms), &spec.confounder)
            {
                confounders.push(event);
            }
        }
        let mut designations = Vec::new();
        for (index, designation) in file.designations.iter().enumerate() {
            let spec = designation.get_ref();
            let field = |name: &str| format!("designation[{index}].{name}");
            let v = vessel_index(&spec.vessel, field("vessel"), designation.span())?;
            for (name, date) in [("listed_on", &spec.listed_on), ("delisted_on", &spec.delisted_on)] {
                if let Some(date) = date {
                    if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                        let problem = Problem::Date { text: date.clone() };
                        return self.err(field(name), problem, designation.span());
                    }
                }
            }
            let vessel = &vessels[v];
            let identity = &vessel.identities[0];
            designations.push(Designation {
                name: identity.name.clone(),
                imo: vessel.imo,
                mmsi: vessel.mmsi,
                call_sign: identity.callsign.clone(),
                flag: file.vessels[v].get_ref().flag.clone(),
                vessel_type: vessel_type(vessel.ship_type),
                aliases: spec.aliases.clone(),
                program: spec.program.clone(),
                listed_on: spec.listed_on.clone(),
                delisted_on: spec.delisted_on.clone(),
                remarks: spec.remarks.clone(),
            });
        }

        let mut loiter_labels = HashMap::new();
        for (index, sts) in file.sts_transfers.iter().enumerate() {
            let spec = sts.get_ref();
            let field = |name: &str| format!("sts_transfer[{index}].{name}");
            let routed: Vec<usize> = file
                .vessels
                .iter()
                .enumerate()
                .filter(|(_, v)| {
                    v.get_ref().route.iter().any(|w| w.get_ref().sts.as_deref() == Some(spec.id.as_str()))
                })
                .map(|(v, _)| v)
                .collect();
            if routed.len() != 2 {
                let problem = Problem::StsParties { id: spec.id.clone(), count: routed.len() };
                return self.err(field("id"), problem, sts.span());
            }
            let receiver = vessel_index(&spec.receiver, field("receiver"), sts.span())?;
            let giver = match routed.iter().position(|&v| v == receiver) {
                Some(i) => routed[1 - i],
                None => {
                    let problem =
                        Problem::ReceiverNotRouted { name: spec.receiver.clone(), id: spec.id.clone() };
                    return self.err(field("receiver"), problem, sts.span());
                }
            };
            let arrivals_ms = sts_arrivals.remove(spec.id.as_str()).unwrap_or_default();
            if arrivals_ms.len() != 2 {
                // A party's voyage was cut off by the end of the run before it got there.
                continue;
            }
            self.check_range(spec.draught_change_m, (0.0, 10.0), field("draught_change_m"), sts.span())?;
            let start = arrivals_ms.iter().copied().max().unwrap_or(start_ms);
            let end = (start_ms + self.hours_ms(spec.end_hours)).min(end_ms);
            if start >= end_ms {
                continue;
            }
            let mut details = Map::new();
            details.insert("sts_id".into(), json!(spec.id));
            details.insert("giver".into(), json!(vessels[giver].mmsi));
            details.insert("receiver".into(), json!(vessels[receiver].mmsi));
            for (role, v, sign) in [("giver", giver, -1.0), ("receiver", receiver, 1.0)] {
                let before_m = vessels[v].draught_m_at(end);
                let after_m = (before_m + sign * spec.draught_change_m).clamp(0.1, 25.5);
                vessels[v].draughts_m.push((end, after_m));
                details.insert(format!("{role}_draught_before_m"), json!(round1(before_m)));
                details.insert(format!("{role}_draught_after_m"), json!(round1(after_m)));
                // The new draught goes out from the end of the transfer: a draught change
                // (the detector's default threshold is 0.5 m).
                if (after_m - before_m).abs() >= 0.5 {
                    let at = position(&vessels[v], end);
                    let mut change = Map::new();
                    change.insert("before_m".into(), json!(round1(before_m)));
                    change.insert("after_m".into(), json!(round1(after_m)));
                    change.insert("change_m".into(), json!(round1(after_m - before_m)));
                    change.insert("sts_id".into(), json!(spec.id));
                    truth.push(Event::new(
                        EventKind::DraughtChange,
                        vec![vessels[v].mmsi],
                        end,
                        end,
                        (at.lat_deg, at.lon_deg),
                        1.0, // ground truth: this is what happened
                        change,
                    ));
                }
            }
            let vs = vec![vessels[giver].mmsi, vessels[receiver].mmsi];
            let pair = (vs[0].min(vs[1]), vs[0].max(vs[1]));
            pair_labels.insert(pair, "sts_transfer".to_owned());
            for mmsi in &vs {
                loiter_labels.insert(*mmsi, "sts_transfer".to_owned());
            }
            truth.push(Event::new(
                EventKind::StsTransfer,
                vs,
                start,
                end,
                (spec.lat, spec.lon),
                1.0, // ground truth: this is what happened
                details,
            ));
        }

        for (index, gap) in file.ais_gaps.iter().enumerate() {
            let spec = gap.get_ref();
            let v = vessel_index(&spec.vessel, format!("ais_gap[{index}].vessel"), gap.span())?;
            self.check_range(
                spec.start_hours,
                (0.0, MAX_HOURS),
                format!("ais_gap[{index}].start_hours"),
                gap.span(),
            )?;
            if spec.end_hours <= spec.start_hours {
                let problem =
                    Problem::EndNotAfterStart { start_hours: spec.start_hours, end_hours: spec.end_hours };
                return self.err(format!("ais_gap[{index}].end_hours"), problem, gap.span());
            }
            // Clipped to the run (which `--hours` may shorten); a gap after it is dropped.
            let start = start_ms + self.hours_ms(spec.start_hours);
            let end = (start_ms + self.hours_ms(spec.end_hours)).min(end_ms);
            if start >= end {
                continue;
            }
            let vessel = &mut vessels[v];
            vessel.gaps_ms.push((start, end));
            // A silence shorter than the data model's gap (DESIGN.md: gaps of 6 h
            // or more are recorded) is no `ais_gap` event, whoever caused it: the
            // reception gaps follow the same rule (`emit::reception_gap`).
            // Nor is a silence from the run's start: with no report before it, the
            // vessel is first heard late, which no one can tell from switching off.
            if !spec.truth || end - start < AisGapConfig::default().min_gap_ms || start <= start_ms {
                continue;
            }
            let (from, to) = (position(vessel, start), position(vessel, end));
            let mut details = Map::new();
            details.insert("duration_hours".into(), json!((end - start) as f64 / MS_PER_HOUR));
            details.insert("end_lat".into(), json!(to.lat_deg));
            details.insert("end_lon".into(), json!(to.lon_deg));
            details.insert("cause".into(), json!("transponder_off"));
            truth.push(Event::new(
                EventKind::AisGap,
                vec![vessel.mmsi],
                start,
                end,
                (from.lat_deg, from.lon_deg),
                1.0, // ground truth: this is what happened
                details,
            ));
        }

        for (index, change) in file.identity_changes.iter().enumerate() {
            let spec = change.get_ref();
            let v = vessel_index(&spec.vessel, format!("identity_change[{index}].vessel"), change.span())?;
            self.check_range(
                spec.at_hours,
                (0.0, MAX_HOURS),
                format!("identity_change[{index}].at_hours"),
                change.span(),
            )?;
            let at_ms = start_ms + self.hours_ms(spec.at_hours);
            if at_ms >= end_ms {
                // After the run (which `--hours` may shorten).
                continue;
            }
            let vessel = &mut vessels[v];
            let old = vessel.identity_at(at_ms).clone();
            let new = Identity {
                from_ms: at_ms,
                name: ais_text(&spec.name, 20),
                callsign: spec.callsign.as_deref().map_or_else(|| old.callsign.clone(), |c| ais_text(c, 7)),
            };
            let mut details = Map::new();
            details.insert("old_name".into(), json!(old.name));
            details.insert("new_name".into(), json!(new.name));
            details.insert("old_callsign".into(), json!(old.callsign));
            details.insert("new_callsign".into(), json!(new.callsign));
            details.insert("imo".into(), json!(vessel.imo));
            let at = position(vessel, at_ms);
            let insert_at = vessel.identities.partition_point(|i| i.from_ms <= at_ms);
            vessel.identities.insert(insert_at, new);
            truth.push(Event::new(
                EventKind::IdentityChange,
                vec![vessel.mmsi],
                at_ms,
                at_ms,
                (at.lat_deg, at.lon_deg),
                1.0, // ground truth: this is what happened
                details,
            ));
        }
        let mut receivers = receivers;
        if let Some(traffic) = &file.traffic {
            let error =
                |field: String, problem: Problem| Error::field(field, problem, self.text, traffic.span());
            let generated = super::traffic::generate(
                traffic.get_ref(),
                &error,
                seed,
                self.geo,
                (start_ms, end_ms),
                &mut used_mmsis,
            )?;
            vessels.extend(generated.vessels);
            receivers.extend(generated.receivers);
            truth.extend(generated.truth);
        }
        let run = (start_ms, end_ms);
        truth.extend(derived::encounters(&vessels, self.geo, run, &pair_labels, &same_hull));
        truth.extend(derived::loitering(&vessels, self.geo, run, &loiter_labels));
        truth.extend(derived::shared_mmsis(&vessels, run, &pair_labels));
        for confounder in confounders.iter_mut().filter(|c| !c.details.contains_key("event")) {
            let in_truth =
                truth.iter().any(|e| e.kind == EventKind::Encounter && e.vessels == confounder.vessels);
            confounder.details.insert("event".into(), json!(in_truth));
        }
        for vessel in &mut vessels {
            vessel.draughts_m.sort_by_key(|&(from_ms, _)| from_ms);
            vessel.gaps_ms.sort_unstable();
        }
        sort_events(&mut truth);
        Ok(Plan {
            name: file.name.clone(),
            start_ms,
            end_ms,
            corrupt_fraction: file.corrupt_fraction,
            receivers,
            outages_ms,
            vessels,
            truth,
            confounders,
            designations,
        })
    }

    fn receivers(&self) -> Result<Vec<Receiver>, Error> {
        let mut receivers = Vec::new();
        for (index, station) in self.file.shore_stations.iter().enumerate() {
            let s = station.get_ref();
            let field = |name: &str| format!("shore_station[{index}].{name}");
            self.check_range(s.lat, (-90.0, 90.0), field("lat"), station.span())?;
            self.check_range(s.lon, (-180.0, 180.0), field("lon"), station.span())?;
            self.check_range(s.range_nm, (0.1, 500.0), field("range_nm"), station.span())?;
            receivers.push(Receiver::Shore {
                name: s.name.clone(),
                at: LatLon { lat_deg: s.lat, lon_deg: s.lon },
                range_m: s.range_nm * 1852.0,
            });
        }
        for (index, satellite) in self.file.satellites.iter().enumerate() {
            let s = satellite.get_ref();
            self.check_range(
                s.fraction,
                (0.0, 1.0),
                format!("satellite[{index}].fraction"),
                satellite.span(),
            )?;
            receivers.push(Receiver::Satellite { name: s.name.clone(), fraction: s.fraction });
        }
        Ok(receivers)
    }

    fn identity(
        &self,
        index: usize,
        spanned: &Spanned<VesselSpec>,
        rng: &mut Rng,
        used_mmsis: &mut HashSet<u32>,
        start_ms: i64,
    ) -> Result<Vessel, Error> {
        let spec = spanned.get_ref();
        let span = spanned.span();
        let field = |name: &str| format!("vessel[{index}].{name}");
        self.check_range(spec.length_m, (2.0, 511.0), field("length_m"), span.clone())?;
        self.check_range(spec.beam_m, (1.0, 126.0), field("beam_m"), span.clone())?;
        self.check_range(spec.draught_m, (0.1, 25.5), field("draught_m"), span.clone())?;
        self.check_range(spec.speed_knots, (0.5, 50.0), field("speed_knots"), span.clone())?;
        self.check_range(spec.depart_hours, (0.0, MAX_HOURS), field("depart_hours"), span.clone())?;
        self.check_range(f64::from(spec.ship_type), (0.0, 99.0), field("ship_type"), span.clone())?;
        let Some(mid) = self.geo.mids.flags().find(|f| f.iso_alpha2 == spec.flag).map(|f| f.mid) else {
            return self.err(field("flag"), Problem::UnknownFlag { iso_alpha2: spec.flag.clone() }, span);
        };
        let mmsi = match spec.mmsi {
            Some(mmsi) => mmsi,
            None => loop {
                let mmsi = random_mmsi(mid, rng);
                if !used_mmsis.contains(&mmsi) {
                    break mmsi;
                }
            },
        };
        used_mmsis.insert(mmsi);
        let imo = match spec.imo {
            Some(imo) if !is_valid_imo(imo) => {
                return self.err(field("imo"), Problem::BadImo { value: imo }, span)
            }
            Some(imo) => imo,
            None => random_imo(rng),
        };
        let callsign =
            spec.callsign.as_deref().map_or_else(|| random_callsign(&spec.flag, rng), |c| ais_text(c, 7));
        let dimensions = dimensions(spec.length_m, spec.beam_m);
        Ok(Vessel {
            mmsi,
            imo,
            class: spec.class,
            ship_type: spec.ship_type,
            dimensions,
            destination: ais_text(&spec.destination, 20),
            track: Track::default(),
            identities: vec![Identity {
                from_ms: start_ms,
                name: ais_text(spec.ais_name.as_deref().unwrap_or(&spec.name), 20),
                callsign,
            }],
            draughts_m: vec![(start_ms, spec.draught_m)],
            gaps_ms: Vec::new(),
        })
    }

    /// The vessel's track; records its port visits in `truth` and its STS arrivals.
    #[allow(clippy::too_many_arguments)]
    fn track<'f>(
        &self,
        index: usize,
        spanned: &'f Spanned<VesselSpec>,
        rng: &mut Rng,
        start_ms: i64,
        end_ms: i64,
        mmsi: u32,
        truth: &mut Vec<Event>,
        sts_arrivals: &mut HashMap<&'f str, Vec<i64>>,
    ) -> Result<Track, Error> {
        let spec = spanned.get_ref();
        let field = |i: usize, name: &str| format!("vessel[{index}].route[{i}].{name}");
        let mut legs = Vec::new();
        let mut t_ms = start_ms;
        let mut previous: Option<(LatLon, bool)> = None;
        // A phase per vessel, so that drifting ships do not all wander in step; STS
        // parties get their transfer's phase and drift as one.
        let phase_rad = rng.range_f64(0.0, std::f64::consts::TAU);
        for (i, waypoint) in spec.route.iter().enumerate() {
            let w = waypoint.get_ref();
            let span = waypoint.span();
            let target = self.waypoint(index, i, w, span.clone())?;
            let mut at = target.at;
            let mut hold_status = w.status.unwrap_or(if target.port.is_some() {
                HoldStatus::Moored
            } else {
                HoldStatus::Anchored
            });
            let mut hold_phase_rad = phase_rad;
            let mut hold_until_ms = None;
            if let Some((_, sts_index)) = &target.sts {
                let sts = self.file.sts_transfers[*sts_index].get_ref();
                // The receiver lies alongside, abeam to the east.
                if sts.receiver == spec.name {
                    let (lat_deg, lon_deg) = destination(at.lat_deg, at.lon_deg, 90.0, STS_SEPARATION_M);
                    at = LatLon { lat_deg, lon_deg };
                }
                hold_status = HoldStatus::Drifting;
                hold_phase_rad = f64::from(u32::try_from(*sts_index).unwrap_or(0));
                hold_until_ms = Some(start_ms + self.hours_ms(sts.end_hours));
            }
            let arrival_ms = match previous {
                None => {
                    // The first waypoint: there from the start, leaving at depart_hours.
                    t_ms = start_ms + self.hours_ms(spec.depart_hours.max(w.hold_hours));
                    start_ms
                }
                Some((from, from_port)) => {
                    self.check_leg(
                        from,
                        from_port,
                        at,
                        target.port.is_some(),
                        field(i, "lat"),
                        span.clone(),
                    )?;
                    let speed_knots = spec.speed_knots * rng.range_f64(0.95, 1.05);
                    let leg = move_leg(t_ms, from, at, speed_knots);
                    t_ms = leg.end_ms();
                    legs.push(leg);
                    t_ms
                }
            };
            if let Some((id, _)) = &target.sts {
                let until_ms = hold_until_ms.unwrap_or(t_ms);
                if arrival_ms >= until_ms {
                    return self.err(field(i, "sts"), Problem::LateForSts { id: id.to_string() }, span);
                }
                t_ms = until_ms;
                sts_arrivals.entry(id).or_default().push(arrival_ms);
            } else if previous.is_some() {
                t_ms += self.hours_ms(w.hold_hours);
            }
            let last = i + 1 == spec.route.len();
            if last {
                t_ms = t_ms.max(end_ms);
            }
            if t_ms > arrival_ms {
                legs.push(Leg::Hold {
                    start_ms: arrival_ms,
                    end_ms: t_ms,
                    at,
                    status: hold_status,
                    radius_m: hold_radius_m(hold_status),
                    phase_rad: hold_phase_rad,
                });
            }
            if let Some(port) = target.port {
                let visit_end_ms = t_ms.min(end_ms);
                if visit_end_ms > arrival_ms && arrival_ms < end_ms {
                    let mut details = Map::new();
                    details.insert("port".into(), Value::from(port.name.clone()));
                    details.insert("unlocode".into(), json!(port.unlocode));
                    details.insert("country".into(), json!(port.country));
                    truth.push(Event::new(
                        EventKind::PortVisit,
                        vec![mmsi],
                        arrival_ms,
                        visit_end_ms,
                        (at.lat_deg, at.lon_deg),
                        1.0, // ground truth: this is what happened
                        details,
                    ));
                }
            }
            previous = Some((at, target.port.is_some()));
            if t_ms >= end_ms {
                break;
            }
        }
        Ok(Track::new(legs))
    }

    fn waypoint<'w>(
        &self,
        vessel: usize,
        i: usize,
        w: &'w WaypointSpec,
        span: std::ops::Range<usize>,
    ) -> Result<Target<'w, '_>, Error> {
        let field = |name: &str| format!("vessel[{vessel}].route[{i}].{name}");
        self.check_range(w.hold_hours, (0.0, MAX_HOURS), field("hold_hours"), span.clone())?;
        match (w.lat.zip(w.lon), &w.port, &w.sts) {
            (Some((lat_deg, lon_deg)), None, None) => {
                self.check_range(lat_deg, (-90.0, 90.0), field("lat"), span.clone())?;
                self.check_range(lon_deg, (-180.0, 180.0), field("lon"), span)?;
                Ok(Target { at: LatLon { lat_deg, lon_deg }, port: None, sts: None })
            }
            (None, Some(name), None) if w.lat.is_none() && w.lon.is_none() => {
                let port = self.geo.ports.all().iter().find(|p| {
                    p.name.eq_ignore_ascii_case(name)
                        || p.unlocode.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(name))
                });
                match port {
                    Some(port) => Ok(Target {
                        at: berth(LatLon { lat_deg: port.lat_deg, lon_deg: port.lon_deg }, vessel),
                        port: Some(port),
                        sts: None,
                    }),
                    None => self.err(field("port"), Problem::UnknownPort { name: name.clone() }, span),
                }
            }
            (None, None, Some(id)) if w.lat.is_none() && w.lon.is_none() => {
                let found = self.file.sts_transfers.iter().position(|s| s.get_ref().id == *id);
                match found {
                    Some(sts_index) => {
                        let sts = self.file.sts_transfers[sts_index].get_ref();
                        Ok(Target {
                            at: LatLon { lat_deg: sts.lat, lon_deg: sts.lon },
                            port: None,
                            sts: Some((id.as_str(), sts_index)),
                        })
                    }
                    None => self.err(field("sts"), Problem::UnknownSts { id: id.clone() }, span),
                }
            }
            _ => self.err(field("lat"), Problem::AmbiguousWaypoint, span),
        }
    }

    /// Fails if the great circle from `from` to `to` crosses land, outside the port
    /// areas at its ends.
    fn check_leg(
        &self,
        from: LatLon,
        from_port: bool,
        to: LatLon,
        to_port: bool,
        field: String,
        span: std::ops::Range<usize>,
    ) -> Result<(), Error> {
        let leg = move_leg(0, from, to, 10.0);
        let Leg::Move { distance_m, .. } = leg else { return Ok(()) };
        let steps = (distance_m / LAND_CHECK_STEP_M).ceil().max(1.0) as u32;
        let track = Track::new(vec![leg.clone()]);
        let end_ms = leg.end_ms();
        for step in 0..=steps {
            let along_m = distance_m * f64::from(step) / f64::from(steps);
            let in_port_area =
                (from_port && along_m < PORT_AREA_M) || (to_port && distance_m - along_m < PORT_AREA_M);
            if in_port_area {
                continue;
            }
            let t_ms = (end_ms as f64 * f64::from(step) / f64::from(steps)).round() as i64;
            let Some(s) = track.state_at(t_ms) else { continue };
            if self.geo.land.is_on_land(s.lat_deg, s.lon_deg) {
                return self.err(
                    field,
                    Problem::CrossesLand { lat_deg: s.lat_deg, lon_deg: s.lon_deg },
                    span,
                );
            }
        }
        Ok(())
    }
}

/// A resolved waypoint.
struct Target<'w, 'p> {
    at: LatLon,
    port: Option<&'p crate::geo::Port>,
    sts: Option<(&'w str, usize)>,
}

/// What a sanctions list calls a ship of AIS type `ship_type`.
fn vessel_type(ship_type: u8) -> &'static str {
    match ship_type {
        80..=89 => "Oil Tanker",
        70..=79 => "General Cargo",
        60..=69 => "Passenger",
        30 => "Fishing Vessel",
        _ => "Other",
    }
}

/// The closest approach of two vessels (every 10 s over the run), as a confounder
/// record: kind `encounter`, `details.event` false, the distance in the details.
fn closest_approach(a: &Vessel, b: &Vessel, (start_ms, end_ms): (i64, i64), label: &str) -> Option<Event> {
    let mut best: Option<(f64, i64, LatLon)> = None;
    let mut t_ms = start_ms;
    while t_ms < end_ms {
        if let (Some(sa), Some(sb)) = (a.state_at(t_ms), b.state_at(t_ms)) {
            let d_m =
                crate::geo::geodesy::haversine_distance_m(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg);
            if best.is_none_or(|(best_m, _, _)| d_m < best_m) {
                best = Some((d_m, t_ms, LatLon { lat_deg: sa.lat_deg, lon_deg: sa.lon_deg }));
            }
        }
        t_ms += 10_000;
    }
    let (d_m, t_ms, at) = best?;
    let mut details = Map::new();
    details.insert("confounder".into(), json!(label));
    details.insert("closest_m".into(), json!(d_m.round()));
    details.insert("event".into(), json!(false));
    let vessels = vec![a.mmsi.min(b.mmsi), a.mmsi.max(b.mmsi)];
    Some(Event::new(EventKind::Encounter, vessels, t_ms, t_ms, (at.lat_deg, at.lon_deg), 1.0, details))
}

/// The vessel's position at `t_ms` (its track is never empty once planned; an empty one
/// answers the origin, which no check relies on).
fn position(vessel: &Vessel, t_ms: i64) -> LatLon {
    vessel
        .state_at(t_ms)
        .map_or(LatLon { lat_deg: 0.0, lon_deg: 0.0 }, |s| LatLon { lat_deg: s.lat_deg, lon_deg: s.lon_deg })
}

/// AIS dimensions of a hull: the antenna stands aft of midships, as on most ships
/// (A, to the bow, takes 60 % of the length), on the centre line.
pub(super) fn dimensions(length_m: f64, beam_m: f64) -> Dimensions {
    let to_bow_m = (length_m * 0.6).round();
    let to_port_m = (beam_m / 2.0).round();
    Dimensions {
        to_bow_m: metres_u16(to_bow_m, 511),
        to_stern_m: metres_u16(length_m - to_bow_m, 511),
        to_port_m: u8::try_from(metres_u16(to_port_m, 63)).unwrap_or(63),
        to_starboard_m: u8::try_from(metres_u16(beam_m - to_port_m, 63)).unwrap_or(63),
    }
}

/// Text as AIS sends it: upper case, at most `max_chars` characters of the 6-bit set.
pub(super) fn ais_text(text: &str, max_chars: usize) -> String {
    text.chars()
        .map(|c| c.to_ascii_uppercase())
        .map(|c| if (' '..='_').contains(&c) { c } else { ' ' })
        .take(max_chars)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// Whole metres, capped at the field's largest value.
fn metres_u16(metres: f64, max: u16) -> u16 {
    // Float to integer: `as` saturates, and the clamp makes the range explicit.
    metres.round().clamp(0.0, f64::from(max)) as u16
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

//! Ship-to-ship transfers: encounters in which cargo likely moved.
//!
//! DESIGN.md: an STS transfer is an encounter in which at least one vessel is a
//! tanker (or a cargo ship, when the other evidence is strong: modified cargo ships
//! have carried oil in their ballast tanks, UN Panel of Experts 2022) and the evidence
//! supports cargo moving. [`StsDetector::detect`] weighs, for each
//! [`Encounter`], the evidence it can see:
//!
//! - the vessels' types (a tanker, two tankers), from the caller's [`VesselFacts`];
//! - the duration (longer is stronger, full weight at `full_duration_ms`);
//! - a draught change of either vessel across the encounter (the last report at or
//!   before its start against the first at or after its end);
//! - an AIS gap of either vessel ending just before or starting just after it;
//! - the sea area (polygons of concern; [`default_sea_areas`] are those of the
//!   documented DPRK cases);
//! - a crowd of other slow vessels around it (an anchorage, a fishing ground),
//!   which weighs against.
//!
//! Besides the encounters, it weighs the same evidence for the dark rendezvous
//! ([`super::dark_rendezvous`]): a vessel silent while beside another, whose
//! meeting no encounter could show.
//!
//! The confidence is the sum of the weights of the reasons found (at most 1), and
//! every reason is listed in `details.reasons` with its weight. Whether a party is
//! sanctioned is not known here: the screening stage adds it and recomputes the
//! confidence. Fishing vessels, tugs, pilots and vessels of unknown type are never
//! parties to a transfer here, whatever the rest of the evidence.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::dark_rendezvous::{self, Fix, SlowIndex};
use super::encounter::Encounter;
use super::{check_positive, ConfigError};

/// The detector's name in configuration errors.
const DETECTOR: &str = "sts_transfer";
use super::index::ms_f64;
use crate::event::{Event, EventKind};
use crate::geo::Ports;
use crate::track::identity::IdentityHistory;
use crate::track::{ConfigValue, Segment};

const MS_PER_HOUR: i64 = 3_600_000;

/// What the caller knows of one vessel besides its track.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VesselFacts {
    /// AIS ship and cargo type (message 5 / 24B): 80–89 tanker, 70–79 cargo, 30 fishing.
    pub ship_type: Option<u8>,
    /// Draught reports as (time, UTC ms; draught, m), in time order.
    pub draughts: Vec<(i64, f64)>,
    /// Known to be a tanker from lists (registries, sanctions designations), whatever
    /// its AIS type says.
    pub known_tanker: bool,
}

impl VesselFacts {
    /// What the identity history says: the ship type of the last run that is not a
    /// one-off, and the draught reports. `known_tanker` stays false: lists are the
    /// screening stage's.
    pub fn from_history(history: &IdentityHistory) -> VesselFacts {
        VesselFacts {
            ship_type: history.ship_types.iter().rev().find(|run| !run.one_off).map(|run| run.value),
            draughts: history.draughts.clone(),
            known_tanker: false,
        }
    }
}

/// The kind of ship, as far as transfers are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipClass {
    Tanker,
    Cargo,
    /// Anything else, or unknown: never a party to a transfer here.
    Other,
}

impl VesselFacts {
    /// Tanker if known from lists or AIS type 80–89, cargo for 70–79, else other.
    pub fn class(&self) -> ShipClass {
        match self.ship_type {
            _ if self.known_tanker => ShipClass::Tanker,
            Some(80..=89) => ShipClass::Tanker,
            Some(70..=79) => ShipClass::Cargo,
            _ => ShipClass::Other,
        }
    }

    /// The draught change across `[start_ms, end_ms]`: the first report at or after
    /// the end (else the last one after the start) less the last report at or
    /// before the start. `None` without a report on both sides.
    pub fn draught_change_m(&self, start_ms: i64, end_ms: i64) -> Option<(f64, f64)> {
        let before_m = self.draughts.iter().rev().find(|(t, _)| *t <= start_ms).map(|d| d.1)?;
        let after_m = self
            .draughts
            .iter()
            .find(|(t, _)| *t >= end_ms)
            .or_else(|| self.draughts.iter().rev().find(|(t, _)| *t > start_ms))
            .map(|d| d.1)?;
        Some((before_m, after_m))
    }
}

/// A sea area of concern: a simple polygon of (lat, lon) degree vertices that does
/// not cross the antimeridian.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeaArea {
    pub name: String,
    pub polygon: Vec<(f64, f64)>,
}

impl SeaArea {
    /// Whether the point is inside (even–odd rule, in plain lat/lon).
    pub fn contains(&self, lat_deg: f64, lon_deg: f64) -> bool {
        let mut inside = false;
        let n = self.polygon.len();
        for i in 0..n {
            let (Some(&(lat_i, lon_i)), Some(&(lat_j, lon_j))) =
                (self.polygon.get(i), self.polygon.get((i + n - 1) % n))
            else {
                continue;
            };
            if (lat_i > lat_deg) != (lat_j > lat_deg)
                && lon_deg < lon_i + (lat_deg - lat_i) * (lon_j - lon_i) / (lat_j - lat_i)
            {
                inside = !inside;
            }
        }
        inside
    }
}

/// The areas of the documented DPRK transfers (`data/facts/dprk_cases.md`). The
/// sources give only "N km off Shanghai", so these boxes are approximate:
///
/// - the East China Sea 200–450 km off Shanghai (cases 4, 8, 10, 11: 250, 450, 350
///   and 410 km), 27.5–33° N, 123.2–126.3° E;
/// - Korea Bay, 38.6–39.9° N, 122.6–124.9° E;
/// - the approaches to Nampo, 38.2–38.9° N, 124.3–125.35° E.
pub fn default_sea_areas() -> Vec<SeaArea> {
    let rectangle = |name: &str, lat: (f64, f64), lon: (f64, f64)| SeaArea {
        name: name.to_owned(),
        polygon: vec![(lat.0, lon.0), (lat.1, lon.0), (lat.1, lon.1), (lat.0, lon.1)],
    };
    vec![
        rectangle("East China Sea off Shanghai", (27.5, 33.0), (123.2, 126.3)),
        rectangle("Korea Bay", (38.6, 39.9), (122.6, 124.9)),
        rectangle("Approaches to Nampo", (38.2, 38.9), (124.3, 125.35)),
    ]
}

/// Weights and thresholds of the STS detector. The weights are judgement, not a
/// published baseline: they make two tankers, a 4 h stay, a draught change, a gap
/// and a sea area of concern add up to 1, and they are meant to be fitted to
/// labelled cases.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StsConfig {
    /// A draught change at least this large is evidence. Default 0.5 m: above the
    /// 0.1 m resolution of AIS draughts and the usual trim corrections.
    pub min_draught_change_m: f64,
    /// A gap counts when it ends this long before the start, or starts this long
    /// after the end. Default 12 h.
    pub gap_window_ms: i64,
    /// A silence at least this long is a gap. Default 6 h (GFW records gaps ≥ 6 h).
    pub min_gap_ms: i64,
    /// The duration weight is full at this duration. Default 8 h: transfers of small
    /// tanker cargoes take several hours.
    pub full_duration_ms: i64,
    /// Weight of one tanker, and of two.
    pub tanker_weight: f64,
    pub two_tankers_weight: f64,
    /// Weight of a duration of `full_duration_ms` (proportionally less for shorter).
    pub duration_weight: f64,
    pub draught_weight: f64,
    pub gap_weight: f64,
    pub sea_area_weight: f64,
    /// Without a tanker, a cargo ship is a party only when the evidence other than
    /// the ship types weighs at least this. Default 0.5.
    pub cargo_min_evidence: f64,
    /// Other vessels slow (below `slow_max_speed_knots`) within `crowd_radius_m`
    /// of a meeting while it lasts, heard at least once: at least
    /// `crowd_min_vessels` of them make it a crowd — an anchorage or a fishing
    /// ground — where ships wait side by side, not the lonely meeting of a covert
    /// transfer; the crowd weighs against it (`crowd_weight`, subtracted).
    /// Defaults 3 km, 3 vessels, 0.3: on the simulator's anchorage confounder (nine
    /// ships 400 m apart) every pair has at least six others around it, while the
    /// documented DPRK meetings are alone. Counted from the reports rather than
    /// from the other encounters, so that an anchorage heard only now and then
    /// (by satellite, far offshore), whose pairs' encounters come in fragments, is
    /// still a crowd. Busy STS hubs (many tankers transferring at once) are
    /// weighed down too: there the draught and gap evidence has to carry the finding.
    pub crowd_radius_m: f64,
    pub crowd_min_vessels: usize,
    pub crowd_weight: f64,
    /// Slower than this is "slow" for the crowd and for a dark rendezvous's
    /// partner. Default 2 knots (the GFW encounter and loitering speed).
    pub slow_max_speed_knots: f64,
    /// A dark rendezvous ([`super::dark_rendezvous`]): a vessel silent for at least
    /// `min_gap_ms` whose last report before, or first after, lies within
    /// `rendezvous_radius_m` of a slow partner that was heard there with no silence
    /// over `rendezvous_max_partner_silence_ms`, where the silence leaves at least
    /// `rendezvous_min_dark_ms` beside the partner after the transit to or from its
    /// other end at the speed reported there (else `rendezvous_transit_speed_knots`),
    /// at least `rendezvous_min_port_distance_m` from a port. Defaults: 5 km (a
    /// ship casts off and sails for half an hour before switching back on; ten
    /// times the encounter distance, and far below the spacing of ships at sea
    /// outside anchorages and fishing grounds, which the crowd rule and the types
    /// weigh); 1 h (GFW's longest interpolation: a place heard hourly is covered,
    /// so the silence is the ship's, not a receiver outage's); 2 h (the GFW
    /// encounter duration); 10 knots (the service speed of the small tankers of the
    /// DPRK cases); 10 km (the GFW encounter's port distance).
    pub rendezvous_radius_m: f64,
    pub rendezvous_max_partner_silence_ms: i64,
    pub rendezvous_min_dark_ms: i64,
    pub rendezvous_transit_speed_knots: f64,
    pub rendezvous_min_port_distance_m: f64,
    /// Events below this confidence are not reported (their encounter still is).
    /// Default 0.5, measured on the labelled scenarios (`bench/quality.py`): the
    /// tanker pairs waiting in anchorages score 0.40–0.49 on type and duration
    /// alone, the true transfers 0.6 and above on draught, gap and sea area. The
    /// screening stage recomputes confidence with sanctioned parties, from the
    /// encounters as well.
    pub min_confidence: f64,
    pub sea_areas: Vec<SeaArea>,
}

impl Default for StsConfig {
    fn default() -> Self {
        StsConfig {
            min_draught_change_m: 0.5,
            gap_window_ms: 12 * MS_PER_HOUR,
            min_gap_ms: 6 * MS_PER_HOUR,
            full_duration_ms: 8 * MS_PER_HOUR,
            tanker_weight: 0.2,
            two_tankers_weight: 0.3,
            duration_weight: 0.2,
            draught_weight: 0.3,
            gap_weight: 0.15,
            sea_area_weight: 0.15,
            cargo_min_evidence: 0.5,
            crowd_radius_m: 3000.0,
            crowd_min_vessels: 3,
            crowd_weight: 0.3,
            slow_max_speed_knots: 2.0,
            rendezvous_radius_m: 5_000.0,
            rendezvous_max_partner_silence_ms: MS_PER_HOUR,
            rendezvous_min_dark_ms: 2 * MS_PER_HOUR,
            rendezvous_transit_speed_knots: 10.0,
            rendezvous_min_port_distance_m: 10_000.0,
            min_confidence: 0.5,
            sea_areas: default_sea_areas(),
        }
    }
}

impl StsConfig {
    /// Checks thresholds are positive, weights in 0–1 and polygons have at least
    /// three vertices; the error names the first field that is not.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            DETECTOR,
            &[
                ("min_draught_change_m", self.min_draught_change_m),
                ("crowd_radius_m", self.crowd_radius_m),
                ("slow_max_speed_knots", self.slow_max_speed_knots),
                ("rendezvous_radius_m", self.rendezvous_radius_m),
                ("rendezvous_transit_speed_knots", self.rendezvous_transit_speed_knots),
                ("rendezvous_min_port_distance_m", self.rendezvous_min_port_distance_m),
            ],
            &[
                ("gap_window_ms", self.gap_window_ms),
                ("min_gap_ms", self.min_gap_ms),
                ("full_duration_ms", self.full_duration_ms),
                ("rendezvous_max_partner_silence_ms", self.rendezvous_max_partner_silence_ms),
                ("rendezvous_min_dark_ms", self.rendezvous_min_dark_ms),
            ],
        )?;
        let fractions = [
            ("tanker_weight", self.tanker_weight),
            ("two_tankers_weight", self.two_tankers_weight),
            ("duration_weight", self.duration_weight),
            ("draught_weight", self.draught_weight),
            ("gap_weight", self.gap_weight),
            ("sea_area_weight", self.sea_area_weight),
            ("cargo_min_evidence", self.cargo_min_evidence),
            ("crowd_weight", self.crowd_weight),
            ("min_confidence", self.min_confidence),
        ];
        for (field, value) in fractions {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError::out_of_range(DETECTOR, field, ConfigValue::Float(value), "0 to 1"));
            }
        }
        if let Some(area) = self.sea_areas.iter().find(|a| a.polygon.len() < 3) {
            return Err(ConfigError::out_of_range(
                DETECTOR,
                "sea_areas",
                ConfigValue::Count(area.polygon.len()),
                "at least 3 vertices per polygon",
            ));
        }
        Ok(())
    }
}

/// Two vessels together, from an encounter or a dark rendezvous: what the STS
/// evidence is weighed on.
#[derive(Debug, Clone, PartialEq)]
struct Meeting {
    /// The lower MMSI.
    mmsi_a: u32,
    mmsi_b: u32,
    start_ms: i64,
    end_ms: i64,
    lat_deg: f64,
    lon_deg: f64,
    /// The evidence of the encounter or the rendezvous.
    details: serde_json::Map<String, Value>,
}

impl Meeting {
    fn duration_ms(&self) -> i64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// A reason and its weight.
#[derive(Debug, Clone, PartialEq)]
struct Reason {
    reason: String,
    weight: f64,
}

/// Decides which encounters are STS transfers, with a validated [`StsConfig`].
#[derive(Debug, Clone, Default)]
pub struct StsDetector {
    config: StsConfig,
}

impl StsDetector {
    /// A detector with `config`, once [`StsConfig::validate`] accepts it.
    pub fn new(config: StsConfig) -> Result<StsDetector, ConfigError> {
        config.validate()?;
        Ok(StsDetector { config })
    }

    /// The `sts_transfer` events: among `encounters`, and among the dark
    /// rendezvous ([`super::dark_rendezvous`]) of the vessels' silences that no
    /// encounter of the same pair overlaps. `segments` are the vessels' segments
    /// the encounters were found in (for the gaps, the crowds and the rendezvous);
    /// `facts` what is known of each MMSI (a vessel missing from it is of unknown
    /// type, so never a party); `ports` keep rendezvous out of harbours. Events
    /// come in the encounters' order, then the rendezvous' by dark vessel and time.
    pub fn detect<'a>(
        &self,
        encounters: &[Encounter],
        segments: impl IntoIterator<Item = &'a Segment>,
        facts: &HashMap<u32, VesselFacts>,
        ports: &Ports,
    ) -> Vec<Event> {
        let mut fixes: HashMap<u32, Vec<Fix>> = HashMap::new();
        for segment in segments {
            fixes.entry(segment.id.mmsi).or_default().extend(segment.points.iter().map(Fix::of));
        }
        // Concurrent segments interleave in time.
        for vessel in fixes.values_mut() {
            vessel.sort_by_key(|f| f.time_ms);
        }
        self.detect_with_fixes(encounters, &fixes, facts, ports)
    }

    /// [`StsDetector::detect`] with each vessel's reports in time order instead of
    /// its segments. A caller streaming vessels may leave out the vessels that
    /// cannot matter: no encounter, no slow report and no silence of `min_gap_ms`.
    pub(super) fn detect_with_fixes(
        &self,
        encounters: &[Encounter],
        fixes: &HashMap<u32, Vec<Fix>>,
        facts: &HashMap<u32, VesselFacts>,
        ports: &Ports,
    ) -> Vec<Event> {
        let c = &self.config;
        let unknown = VesselFacts::default();
        let class = |mmsi: u32| facts.get(&mmsi).unwrap_or(&unknown).class();
        // Only vessels that may be parties are asked about their silences.
        let mut darkened: Vec<u32> =
            fixes.keys().copied().filter(|&m| class(m) != ShipClass::Other).collect();
        darkened.sort_unstable();
        let places = encounters.iter().map(|e| (e.lat_deg, e.lon_deg)).chain(
            darkened
                .iter()
                .flat_map(|m| dark_rendezvous::gap_ends(c, fixes.get(m).map_or(&[][..], Vec::as_slice))),
        );
        let slow = SlowIndex::build(
            fixes,
            c.slow_max_speed_knots,
            c.crowd_radius_m.max(c.rendezvous_radius_m),
            places,
        );
        let times = |mmsi| fixes.get(&mmsi).map_or(&[][..], Vec::as_slice);
        let mut meetings: Vec<Meeting> = encounters
            .iter()
            .map(|e| Meeting {
                mmsi_a: e.mmsi_a,
                mmsi_b: e.mmsi_b,
                start_ms: e.start_ms,
                end_ms: e.end_ms,
                lat_deg: e.lat_deg,
                lon_deg: e.lon_deg,
                details: e.details(),
            })
            .collect();
        let may_meet = |a: u32, b: u32| class(a) != ShipClass::Other && class(b) != ShipClass::Other;
        for &mmsi in &darkened {
            for r in dark_rendezvous::find(c, mmsi, times(mmsi), &slow, ports, may_meet) {
                let seen = encounters.iter().any(|e| {
                    (e.mmsi_a, e.mmsi_b) == (mmsi.min(r.partner), mmsi.max(r.partner))
                        && e.start_ms <= r.end_ms
                        && r.start_ms <= e.end_ms
                });
                if !seen {
                    meetings.push(Meeting {
                        mmsi_a: r.dark.min(r.partner),
                        mmsi_b: r.dark.max(r.partner),
                        start_ms: r.start_ms,
                        end_ms: r.end_ms,
                        lat_deg: r.lat_deg,
                        lon_deg: r.lon_deg,
                        details: r.details,
                    });
                }
            }
        }
        meetings
            .iter()
            .filter_map(|m| {
                let crowd = slow.vessels_near(
                    (m.lat_deg, m.lon_deg),
                    c.crowd_radius_m,
                    (m.start_ms, m.end_ms),
                    &[m.mmsi_a, m.mmsi_b],
                );
                let a = facts.get(&m.mmsi_a).unwrap_or(&unknown);
                let b = facts.get(&m.mmsi_b).unwrap_or(&unknown);
                self.judge(m, (a, b), (times(m.mmsi_a), times(m.mmsi_b)), crowd)
            })
            .collect()
    }

    /// The event for one meeting, if it is a transfer.
    fn judge(
        &self,
        e: &Meeting,
        facts: (&VesselFacts, &VesselFacts),
        fixes: (&[Fix], &[Fix]),
        crowd: usize,
    ) -> Option<Event> {
        let c = &self.config;
        let mut details = e.details.clone();
        details.insert("crowd_vessels".into(), json!(crowd));
        let mut evidence: Vec<Reason> = Vec::new();
        let duration_fraction = ms_f64(e.duration_ms()) / ms_f64(c.full_duration_ms);
        evidence.push(Reason {
            reason: format!("together {:.1} h", ms_f64(e.duration_ms()) / ms_f64(MS_PER_HOUR)),
            weight: c.duration_weight * duration_fraction.min(1.0),
        });
        let mut changes: Vec<String> = Vec::new();
        for (mmsi, f) in [(e.mmsi_a, facts.0), (e.mmsi_b, facts.1)] {
            let Some((before_m, after_m)) = f.draught_change_m(e.start_ms, e.end_ms) else { continue };
            details.insert(format!("draught_m_{mmsi}"), json!([before_m, after_m]));
            if (after_m - before_m).abs() >= c.min_draught_change_m {
                let role = if after_m > before_m { "receiver" } else { "giver" };
                details.insert(role.into(), json!(mmsi));
                changes.push(format!("{mmsi} draught {before_m:.1} m to {after_m:.1} m ({role})"));
            }
        }
        // One reason for both ships: either ship's change shows the cargo moved.
        if !changes.is_empty() {
            evidence.push(Reason { reason: changes.join("; "), weight: c.draught_weight });
        }
        for (mmsi, fixes) in [(e.mmsi_a, fixes.0), (e.mmsi_b, fixes.1)] {
            if let Some(gap) = self.gap_around(fixes, e.start_ms, e.end_ms) {
                evidence.push(Reason { reason: format!("{mmsi} AIS gap {gap}"), weight: c.gap_weight });
                break;
            }
        }
        if let Some(area) = c.sea_areas.iter().find(|a| a.contains(e.lat_deg, e.lon_deg)) {
            details.insert("sea_area".into(), json!(area.name));
            evidence.push(Reason { reason: format!("in {}", area.name), weight: c.sea_area_weight });
        }
        let evidence_weight: f64 = evidence.iter().map(|r| r.weight).sum();
        let types = match (facts.0.class(), facts.1.class()) {
            // A tanker alongside a fishing vessel or a tug is bunkering or harbour
            // work, and two fishing vessels are trawling.
            (ShipClass::Other, _) | (_, ShipClass::Other) => return None,
            (ShipClass::Tanker, ShipClass::Tanker) => {
                Reason { reason: "two tankers".into(), weight: c.two_tankers_weight }
            }
            (ShipClass::Tanker, _) | (_, ShipClass::Tanker) => {
                Reason { reason: "a tanker".into(), weight: c.tanker_weight }
            }
            (ShipClass::Cargo, _) | (_, ShipClass::Cargo) if evidence_weight >= c.cargo_min_evidence => {
                Reason { reason: "a cargo ship, with strong evidence".into(), weight: 0.0 }
            }
            (ShipClass::Cargo, ShipClass::Cargo) => return None,
        };
        evidence.insert(0, types);
        if crowd >= c.crowd_min_vessels {
            evidence.push(Reason {
                reason: format!(
                    "{crowd} other vessels slow within {:.1} km (an anchorage or a fishing ground)",
                    c.crowd_radius_m / 1000.0
                ),
                weight: -c.crowd_weight,
            });
        }
        let confidence = evidence.iter().map(|r| r.weight).sum::<f64>().clamp(0.0, 1.0);
        if confidence < c.min_confidence {
            return None;
        }
        let reasons: Vec<Value> =
            evidence.iter().map(|r| json!({"reason": r.reason, "weight": r.weight})).collect();
        details.insert("reasons".into(), Value::Array(reasons));
        Some(Event::new(
            EventKind::StsTransfer,
            vec![e.mmsi_a, e.mmsi_b],
            e.start_ms,
            e.end_ms,
            (e.lat_deg, e.lon_deg),
            confidence,
            details,
        ))
    }

    /// A silence of at least `min_gap_ms` in `fixes` (time order) that ends within
    /// the window before the start (or during the meeting), or starts during it or
    /// within the window after the end; described as "before" or "after".
    fn gap_around(&self, fixes: &[Fix], start_ms: i64, end_ms: i64) -> Option<&'static str> {
        let c = &self.config;
        fixes.windows(2).find_map(|w| {
            let [from, to] = w else { return None };
            let (from_ms, to_ms) = (from.time_ms, to.time_ms);
            if to_ms.saturating_sub(from_ms) < c.min_gap_ms {
                return None;
            }
            if (start_ms.saturating_sub(c.gap_window_ms)..=end_ms).contains(&to_ms) {
                Some("before")
            } else if (start_ms..=end_ms.saturating_add(c.gap_window_ms)).contains(&from_ms) {
                Some("after")
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_types_and_lists() {
        let facts = |ship_type, known_tanker| VesselFacts { ship_type, draughts: Vec::new(), known_tanker };
        let cases = [
            (Some(80), false, ShipClass::Tanker),
            (Some(89), false, ShipClass::Tanker),
            (Some(70), false, ShipClass::Cargo),
            (Some(79), false, ShipClass::Cargo),
            (Some(30), false, ShipClass::Other),
            (Some(52), false, ShipClass::Other),
            (None, false, ShipClass::Other),
            (Some(70), true, ShipClass::Tanker),
            (None, true, ShipClass::Tanker),
        ];
        for (ship_type, known, class) in cases {
            assert_eq!(facts(ship_type, known).class(), class, "{ship_type:?} {known}");
        }
    }

    #[test]
    fn draught_before_and_after() {
        let f = VesselFacts {
            draughts: vec![(0, 4.0), (50, 4.5), (200, 6.0), (300, 7.0)],
            ..VesselFacts::default()
        };
        let cases = [
            ((100, 200), Some((4.5, 6.0))),
            ((100, 250), Some((4.5, 7.0))),
            // No report after the end: the last one after the start.
            ((100, 400), Some((4.5, 7.0))),
            ((-10, 100), None),
            ((400, 500), None),
        ];
        for ((start_ms, end_ms), expected) in cases {
            assert_eq!(f.draught_change_m(start_ms, end_ms), expected, "{start_ms}..{end_ms}");
        }
    }

    #[test]
    fn default_areas_hold_the_documented_places() {
        let areas = default_sea_areas();
        let area_of = |lat, lon| areas.iter().find(|a| a.contains(lat, lon)).map(|a| a.name.as_str());
        assert_eq!(area_of(31.0, 124.6), Some("East China Sea off Shanghai"));
        assert_eq!(area_of(39.2, 123.8), Some("Korea Bay"));
        assert_eq!(area_of(38.6, 125.0), Some("Approaches to Nampo"));
        assert_eq!(area_of(31.2, 121.5), None);
        assert_eq!(area_of(35.0, 140.0), None);
    }

    #[test]
    fn gaps_around_an_encounter() {
        let d = StsDetector::default();
        let h = MS_PER_HOUR;
        let cases: [(&[i64], Option<&str>); 5] = [
            (&[0, 10 * h, 11 * h, 15 * h], Some("before")),
            (&[10 * h, 11 * h, 15 * h, 22 * h], Some("after")),
            (&[10 * h, 11 * h, 15 * h, 16 * h], None),
            // A gap that ended long before.
            (&[-30 * h, -20 * h, -16 * h, -12 * h, -8 * h, -4 * h, 0, 4 * h, 8 * h, 11 * h, 15 * h], None),
            (&[10 * h, 11 * h, 14 * h, 15 * h], None),
        ];
        for (times, expected) in cases {
            let fixes: Vec<Fix> = times
                .iter()
                .map(|&time_ms| Fix { time_ms, lat_deg: 0.0, lon_deg: 0.0, sog_knots: None })
                .collect();
            assert_eq!(d.gap_around(&fixes, 11 * h, 15 * h), expected, "{times:?}");
        }
    }

    #[test]
    fn bad_config_is_named() {
        type Change = fn(&mut StsConfig);
        let cases: [(Change, &str); 5] = [
            (|c| c.min_draught_change_m = 0.0, "min_draught_change_m"),
            (|c| c.gap_window_ms = 0, "gap_window_ms"),
            (|c| c.draught_weight = 1.5, "draught_weight"),
            (|c| c.min_confidence = -0.1, "min_confidence"),
            (|c| c.sea_areas[0].polygon.truncate(2), "sea_areas"),
        ];
        StsConfig::default().validate().unwrap();
        for (change, expected) in cases {
            let mut config = StsConfig::default();
            change(&mut config);
            assert_eq!(config.validate().map_err(|e| e.field()), Err(expected));
            assert!(StsDetector::new(config).is_err());
        }
    }
}

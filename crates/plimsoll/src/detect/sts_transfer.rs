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
//!   documented DPRK cases).
//!
//! The confidence is the sum of the weights of the reasons found (at most 1), and
//! every reason is listed in `details.reasons` with its weight. Whether a party is
//! sanctioned is not known here: the screening stage adds it and recomputes the
//! confidence. Fishing vessels, tugs, pilots and vessels of unknown type are never
//! parties to a transfer here, whatever the rest of the evidence.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::encounter::Encounter;
use super::{check_positive, ConfigError};

/// The detector's name in configuration errors.
const DETECTOR: &str = "sts_transfer";
use super::index::ms_f64;
use crate::event::{Event, EventKind};
use crate::geo::geodesy::{haversine_distance_m, METRES_PER_DEGREE};
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
    /// Other vessels meeting (in encounters) within `crowd_radius_m` of an
    /// encounter while it lasts: at least `crowd_min_vessels` of them make it a
    /// crowd — an anchorage or a fishing ground — where ships wait side by side,
    /// not the lonely meeting of a covert transfer; the crowd weighs against it
    /// (`crowd_weight`, subtracted). Defaults 3 km, 3 vessels, 0.3: on the
    /// simulator's anchorage confounder (nine ships 400 m apart) every pair meets
    /// a crowd of at least six, while the documented DPRK meetings are alone.
    /// Busy STS hubs (many tankers transferring at once) are weighed down too:
    /// there the draught and gap evidence has to carry the finding.
    pub crowd_radius_m: f64,
    pub crowd_min_vessels: usize,
    pub crowd_weight: f64,
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
            &[("min_draught_change_m", self.min_draught_change_m), ("crowd_radius_m", self.crowd_radius_m)],
            &[
                ("gap_window_ms", self.gap_window_ms),
                ("min_gap_ms", self.min_gap_ms),
                ("full_duration_ms", self.full_duration_ms),
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

    /// The `sts_transfer` events among `encounters`. `segments` are the vessels'
    /// segments the encounters were found in (for the gaps around them); `facts`
    /// what is known of each MMSI (a vessel missing from it is of unknown type, so
    /// never a party). Events come in the encounters' order.
    pub fn detect<'a>(
        &self,
        encounters: &[Encounter],
        segments: impl IntoIterator<Item = &'a Segment>,
        facts: &HashMap<u32, VesselFacts>,
    ) -> Vec<Event> {
        let mut times_ms: HashMap<u32, Vec<i64>> = HashMap::new();
        for segment in segments {
            times_ms
                .entry(segment.id.mmsi)
                .or_default()
                .extend(segment.points.iter().map(|p| p.point.time_ms));
        }
        // Concurrent segments interleave in time.
        for times in times_ms.values_mut() {
            times.sort_unstable();
        }
        self.detect_with_times(encounters, &times_ms, facts)
    }

    /// [`StsDetector::detect`] with each vessel's point times, sorted, instead of
    /// its segments (a caller streaming vessels keeps only these, and only for the
    /// vessels that can meet another); a vessel missing from `times_ms` has none.
    pub fn detect_with_times(
        &self,
        encounters: &[Encounter],
        times_ms: &HashMap<u32, Vec<i64>>,
        facts: &HashMap<u32, VesselFacts>,
    ) -> Vec<Event> {
        let crowds = self.crowds(encounters);
        let unknown = VesselFacts::default();
        encounters
            .iter()
            .zip(crowds)
            .filter_map(|(e, crowd)| {
                let a = facts.get(&e.mmsi_a).unwrap_or(&unknown);
                let b = facts.get(&e.mmsi_b).unwrap_or(&unknown);
                let times = |mmsi| times_ms.get(&mmsi).map_or(&[][..], Vec::as_slice);
                self.judge(e, (a, b), (times(e.mmsi_a), times(e.mmsi_b)), crowd)
            })
            .collect()
    }

    /// For each encounter, how many other vessels meet within `crowd_radius_m`
    /// of it while it lasts. Encounters are bucketed in cells of the radius, so
    /// only neighbouring cells are compared.
    fn crowds(&self, encounters: &[Encounter]) -> Vec<usize> {
        let radius_m = self.config.crowd_radius_m;
        // Degrees of latitude per radius; longitude cells are widened by latitude
        // below, so a 3×3 block always covers the radius (poles: whole rings).
        let cell_deg = (radius_m / METRES_PER_DEGREE).min(90.0);
        let key = |lat: f64, lon: f64| -> (i64, i64) {
            // Finite coordinates over a positive cell: far inside i64.
            ((lat / cell_deg).floor() as i64, (lon / cell_deg).floor() as i64)
        };
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, e) in encounters.iter().enumerate() {
            cells.entry(key(e.lat_deg, e.lon_deg)).or_default().push(i);
        }
        encounters
            .iter()
            .map(|e| {
                let (row, col) = key(e.lat_deg, e.lon_deg);
                let cos = e.lat_deg.to_radians().cos().max(1e-6);
                // Longitude cells to look at either side: the radius at this latitude.
                let span = ((1.0 / cos).ceil() as i64).min(i64::from(u16::MAX));
                let mut others: Vec<u32> = Vec::new();
                for dr in -1..=1 {
                    for dc in -span..=span {
                        for &j in cells.get(&(row + dr, col + dc)).into_iter().flatten() {
                            let o = &encounters[j];
                            let overlaps = o.start_ms <= e.end_ms && e.start_ms <= o.end_ms;
                            if overlaps
                                && haversine_distance_m(e.lat_deg, e.lon_deg, o.lat_deg, o.lon_deg)
                                    <= radius_m
                            {
                                others.extend([o.mmsi_a, o.mmsi_b]);
                            }
                        }
                    }
                }
                others.retain(|&m| m != e.mmsi_a && m != e.mmsi_b);
                others.sort_unstable();
                others.dedup();
                others.len()
            })
            .collect()
    }

    /// The event for one encounter, if it is a transfer.
    fn judge(
        &self,
        e: &Encounter,
        facts: (&VesselFacts, &VesselFacts),
        times_ms: (&[i64], &[i64]),
        crowd: usize,
    ) -> Option<Event> {
        let c = &self.config;
        let mut details = e.details();
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
        for (mmsi, times) in [(e.mmsi_a, times_ms.0), (e.mmsi_b, times_ms.1)] {
            if let Some(gap) = self.gap_around(times, e.start_ms, e.end_ms) {
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
                    "{crowd} other vessels meeting within {:.1} km (an anchorage or a fishing ground)",
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

    /// A silence of at least `min_gap_ms` in sorted `times_ms` that ends within the
    /// window before the start (or during the encounter), or starts during it or
    /// within the window after the end; described as "before" or "after".
    fn gap_around(&self, times_ms: &[i64], start_ms: i64, end_ms: i64) -> Option<&'static str> {
        let c = &self.config;
        times_ms.windows(2).find_map(|w| {
            let [from_ms, to_ms] = *w else { return None };
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
            assert_eq!(d.gap_around(times, 11 * h, 15 * h), expected, "{times:?}");
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

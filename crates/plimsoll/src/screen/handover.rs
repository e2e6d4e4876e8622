//! Disguised identities: a listed vessel switches its own transponder off and
//! another identity starts speaking from its hull (the DPRK tankers that
//! broadcast a stolen MMSI and name while their own AIS was dark, UN Panel of
//! Experts S/2019/171 and S/2020/151). No static report links the two, so the
//! name, IMO and MMSI matching of [`super::matcher`] cannot; the positions do.
//!
//! For every AIS gap (an `ais_gap` event) of a vessel that screening matched to a
//! listed entry, another MMSI is a *handover* candidate when
//! - it **appears** where the listed vessel went dark: its first report within
//!   reach of the disappearance ([`HandoverConfig::radius_m`] plus what the dark
//!   hull could steam at [`HandoverConfig::dark_speed_knots`]) comes within
//!   [`HandoverConfig::within_ms`] after it, and before that report the MMSI was
//!   not heard nearby for [`HandoverConfig::absent_ms`] (silent, or heard only
//!   where no ship could have come from at [`HandoverConfig::speed_knots_max`]:
//!   another transponder's stream); or
//! - it **vanishes** where the listed vessel reappears: its last report nearby
//!   comes within `within_ms` before the reappearance, and the MMSI is not heard
//!   nearby for `absent_ms` after.
//!
//! A ship met alongside (an STS partner, a tug) was there before the
//! disappearance and stays after the reappearance, so it is neither. Both ends
//! seen give [`HandoverConfig::both_ends_weight`]; one end alone counts only
//! within `radius_m` (ships come into coverage everywhere offshore) and gives
//! [`HandoverConfig::one_end_weight`], under the default reporting threshold; the candidate becomes a match against the
//! listed vessel's entry with that weight times the listed match's score, and its
//! reasons cite the gap event.

use std::collections::HashMap;
use std::path::Path;

use super::matcher::{Match, Reason, ReasonKind};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::haversine_distance_m;
use crate::store::{PositionReader, TimeRange, TrackPoint};

/// Metres per nautical mile.
const METRES_PER_NM: f64 = 1852.0;

/// Thresholds of the handover rule. Every field must be positive; the weights
/// within 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct HandoverConfig {
    /// How far from the listed vessel's last (or first) position the other
    /// identity may be heard at once. Default 5 km: a ship's length is nothing
    /// next to the scatter of positions and the minutes between reports.
    pub radius_m: f64,
    /// How fast the dark hull may have moved between its last report and the
    /// other identity's first (and between the other's last and its own first):
    /// the radius grows by this speed times the time between. Default 15 kn, the
    /// service speed of a laden product tanker.
    pub dark_speed_knots: f64,
    /// How soon after the disappearance (before the reappearance) the other
    /// identity must be heard. Default 2 h: the second transponder is often
    /// switched on only once the ship has left the place it went dark.
    pub within_ms: i64,
    /// How long the other identity must have been silent nearby before it
    /// appears (and after it vanishes). Default 1 h: a ship alongside is heard
    /// every few minutes.
    pub absent_ms: i64,
    /// Reports of the same MMSI elsewhere farther than this speed allows are
    /// another transponder's. Default 40 kn, well above any tanker.
    pub speed_knots_max: f64,
    /// The weight when the identity appears at the disappearance and vanishes at
    /// the reappearance. Default 0.9: two coincidences in space and time.
    pub both_ends_weight: f64,
    /// The weight when only one end is seen. Default 0.4, under the default
    /// reporting threshold ([`super::matcher::ScreenConfig::score_min`] 0.5): a
    /// vessel switching its AIS on or off near a dark tanker happens by chance
    /// (the simulator's korea-bay has one such ship beside a DPRK tanker coming
    /// back on), so one end alone is a lead to lower the threshold for, not a match.
    pub one_end_weight: f64,
    /// The listed vessel's own match score from which its gaps are examined.
    /// Default 0.8 (an IMO or MMSI match).
    pub listed_score_min: f64,
}

impl Default for HandoverConfig {
    fn default() -> Self {
        HandoverConfig {
            radius_m: 5_000.0,
            dark_speed_knots: 15.0,
            within_ms: 2 * 3_600_000,
            absent_ms: 3_600_000,
            speed_knots_max: 40.0,
            both_ends_weight: 0.9,
            one_end_weight: 0.4,
            listed_score_min: 0.8,
        }
    }
}

impl HandoverConfig {
    /// The first field out of its range, with its value.
    pub fn invalid_field(&self) -> Option<(&'static str, f64)> {
        let positive = [
            ("radius_m", self.radius_m),
            ("dark_speed_knots", self.dark_speed_knots),
            ("within_ms", self.within_ms as f64),
            ("absent_ms", self.absent_ms as f64),
            ("speed_knots_max", self.speed_knots_max),
        ];
        let unit = [
            ("both_ends_weight", self.both_ends_weight),
            ("one_end_weight", self.one_end_weight),
            ("listed_score_min", self.listed_score_min),
        ];
        positive
            .into_iter()
            .find(|(_, v)| !(v.is_finite() && *v > 0.0))
            .or_else(|| unit.into_iter().find(|(_, v)| !(0.0..=1.0).contains(v)))
    }
}

/// Where and when a listed vessel went dark and came back.
#[derive(Debug, Clone, PartialEq)]
struct Gap<'a> {
    event_id: &'a str,
    mmsi: u32,
    dark: (i64, f64, f64),
    back: (i64, f64, f64),
}

impl<'a> Gap<'a> {
    /// The gap of an `ais_gap` event (its `disappeared` and `reappeared` details).
    fn of(event: &'a Event) -> Option<Gap<'a>> {
        let end = |key: &str| {
            let v = event.details.get(key)?;
            Some((v.get("time_ms")?.as_i64()?, v.get("lat")?.as_f64()?, v.get("lon")?.as_f64()?))
        };
        Some(Gap {
            event_id: &event.id,
            mmsi: *event.vessels.first()?,
            dark: end("disappeared")?,
            back: end("reappeared")?,
        })
    }
}

/// One end of a handover: the other identity's report there and how far it was.
#[derive(Debug, Clone, Copy, PartialEq)]
struct End {
    time_ms: i64,
    distance_m: f64,
}

/// What the handover step found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handovers {
    /// New matches scoring at least the threshold, by MMSI then score.
    pub matches: Vec<Match>,
    /// `ais_gap` events of listed vessels that could not be checked: they lack the
    /// `disappeared` or `reappeared` place and time (an events file written by
    /// another tool or edited by hand). Counted so that none is passed over silently.
    pub gaps_without_ends: usize,
}

/// The handover matches: for every gap of a listed vessel in `events`, the other
/// MMSIs of the store at `dir` that took over its identity (see the module doc).
/// `matches` are the name, IMO and MMSI matches; the result holds only new ones
/// scoring at least `score_min`, by MMSI then score.
///
/// # Errors
/// The store's errors reading positions.
pub fn find(
    dir: &Path,
    matches: &[Match],
    events: &[Event],
    config: &HandoverConfig,
    score_min: f64,
) -> Result<Handovers, crate::store::Error> {
    let mut listed: HashMap<u32, &Match> = HashMap::new();
    for m in matches.iter().filter(|m| m.score >= config.listed_score_min) {
        let best = listed.entry(m.mmsi).or_insert(m);
        if m.score > best.score {
            *best = m;
        }
    }
    let listed_gaps = events
        .iter()
        .filter(|e| e.kind == EventKind::AisGap)
        .filter(|e| e.vessels.first().is_some_and(|mmsi| listed.contains_key(mmsi)));
    let mut gaps_without_ends = 0;
    let mut gaps: Vec<Gap> = Vec::new();
    for event in listed_gaps {
        match Gap::of(event) {
            Some(gap) => gaps.push(gap),
            None => gaps_without_ends += 1,
        }
    }
    let mut found = Vec::new();
    for gap in &gaps {
        let listed_vessel = listed[&gap.mmsi];
        // Two short windows, not the whole gap: gaps last days.
        let dark = positions(dir, gap.dark.0 - config.absent_ms, gap.dark.0 + config.within_ms)?;
        let back = positions(dir, gap.back.0 - config.within_ms, gap.back.0 + config.absent_ms)?;
        let mut mmsis: Vec<u32> = dark.keys().chain(back.keys()).copied().collect();
        mmsis.sort_unstable();
        mmsis.dedup();
        for mmsi in mmsis {
            let same_entry = listed.get(&mmsi).is_some_and(|m| m.entry_id == listed_vessel.entry_id);
            if mmsi == gap.mmsi || same_entry {
                continue;
            }
            let appeared = dark.get(&mmsi).and_then(|p| appears(p, gap.dark, config));
            let vanished = back.get(&mmsi).and_then(|p| vanishes(p, gap.back, config));
            // Alone, an end must be close by: ships come into coverage everywhere
            // offshore, and the grown reach is a wide circle.
            let close = |end: &Option<End>| end.is_some_and(|e| e.distance_m <= config.radius_m);
            let seen = (appeared.is_some() && vanished.is_some()) || close(&appeared) || close(&vanished);
            if seen {
                found.push(handover_match(mmsi, listed_vessel, gap, appeared, vanished, config));
            }
        }
    }
    // One match per MMSI and entry: the strongest of its gaps.
    found.sort_by(|a, b| {
        (a.mmsi, &a.list, &a.entry_id).cmp(&(b.mmsi, &b.list, &b.entry_id)).then(b.score.total_cmp(&a.score))
    });
    found.dedup_by(|b, a| a.mmsi == b.mmsi && a.list == b.list && a.entry_id == b.entry_id);
    found.retain(|m| m.score >= score_min);
    super::run::sort_matches(&mut found);
    Ok(Handovers { matches: found, gaps_without_ends })
}

/// Every vessel's positions from `from_ms` to `to_ms` (both included).
fn positions(
    dir: &Path,
    from_ms: i64,
    to_ms: i64,
) -> Result<HashMap<u32, Vec<TrackPoint>>, crate::store::Error> {
    let mut reader = PositionReader::open(dir, TimeRange { from_ms: Some(from_ms), to_ms: Some(to_ms + 1) })?;
    let mut by_mmsi = HashMap::new();
    while let Some(vessel) = reader.next_vessel()? {
        by_mmsi.insert(vessel.mmsi, vessel.points);
    }
    Ok(by_mmsi)
}

/// How far the dark hull may be from where it was `elapsed_ms` before or after.
fn dark_reach_m(elapsed_ms: i64, config: &HandoverConfig) -> f64 {
    config.radius_m + config.dark_speed_knots * METRES_PER_NM * elapsed_ms as f64 / 3_600_000.0
}

/// Whether a report at `(time_ms, lat, lon)` could have come from the same ship as
/// `p` (within reach at the top speed) and was heard within `absent_ms` of it.
fn near_in_time_and_reach(p: &TrackPoint, time_ms: i64, lat: f64, lon: f64, config: &HandoverConfig) -> bool {
    let dt_ms = (p.time_ms - time_ms).abs();
    let reach_m = config.radius_m + config.speed_knots_max * METRES_PER_NM * dt_ms as f64 / 3_600_000.0;
    dt_ms <= config.absent_ms && haversine_distance_m(p.lat_deg, p.lon_deg, lat, lon) <= reach_m
}

/// The first report within the radius of `dark` in the `within_ms` after it, if
/// the MMSI was not heard within reach in the `absent_ms` before that report.
fn appears(points: &[TrackPoint], dark: (i64, f64, f64), config: &HandoverConfig) -> Option<End> {
    let (t, lat, lon) = dark;
    let first = points.iter().position(|p| {
        p.time_ms > t
            && p.time_ms <= t + config.within_ms
            && haversine_distance_m(p.lat_deg, p.lon_deg, lat, lon) <= dark_reach_m(p.time_ms - t, config)
    })?;
    let q = &points[first];
    let heard_before = points[..first]
        .iter()
        .rev()
        .any(|p| near_in_time_and_reach(p, q.time_ms, q.lat_deg, q.lon_deg, config));
    (!heard_before)
        .then(|| End { time_ms: q.time_ms, distance_m: haversine_distance_m(q.lat_deg, q.lon_deg, lat, lon) })
}

/// The last report within the radius of `back` in the `within_ms` before it, if
/// the MMSI is not heard within reach in the `absent_ms` after that report.
fn vanishes(points: &[TrackPoint], back: (i64, f64, f64), config: &HandoverConfig) -> Option<End> {
    let (t, lat, lon) = back;
    let last = points.iter().rposition(|p| {
        p.time_ms < t
            && p.time_ms >= t - config.within_ms
            && haversine_distance_m(p.lat_deg, p.lon_deg, lat, lon) <= dark_reach_m(t - p.time_ms, config)
    })?;
    let q = &points[last];
    let heard_after =
        points[last + 1..].iter().any(|p| near_in_time_and_reach(p, q.time_ms, q.lat_deg, q.lon_deg, config));
    (!heard_after)
        .then(|| End { time_ms: q.time_ms, distance_m: haversine_distance_m(q.lat_deg, q.lon_deg, lat, lon) })
}

fn handover_match(
    mmsi: u32,
    listed: &Match,
    gap: &Gap,
    appeared: Option<End>,
    vanished: Option<End>,
    config: &HandoverConfig,
) -> Match {
    let minutes = |ms: i64| ms.abs() as f64 / 60_000.0;
    let mut said = Vec::new();
    if let Some(a) = appeared {
        said.push(format!(
            "first heard {:.1} km from where {} went dark, {:.0} min after",
            a.distance_m / 1000.0,
            gap.mmsi,
            minutes(a.time_ms - gap.dark.0)
        ));
    }
    if let Some(v) = vanished {
        said.push(format!(
            "last heard {:.1} km from where {} reappeared, {:.0} min before",
            v.distance_m / 1000.0,
            gap.mmsi,
            minutes(gap.back.0 - v.time_ms)
        ));
    }
    let weight = if appeared.is_some() && vanished.is_some() {
        config.both_ends_weight
    } else {
        config.one_end_weight
    };
    let detail = format!(
        "disguised identity during the AIS gap {} of {} (which matches {} {}, score {:.2}): {}",
        gap.event_id,
        gap.mmsi,
        listed.list,
        listed.entry_name,
        listed.score,
        said.join("; ")
    );
    Match {
        mmsi,
        list: listed.list.clone(),
        version_id: listed.version_id,
        entry_id: listed.entry_id.clone(),
        entry_name: listed.entry_name.clone(),
        entry_imo: listed.entry_imo,
        programs: listed.programs.clone(),
        score: weight * listed.score,
        reasons: vec![Reason { kind: ReasonKind::Handover, detail, weight }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 3_600_000;

    fn point(time_ms: i64, lat_deg: f64, lon_deg: f64) -> TrackPoint {
        TrackPoint::bare(1, time_ms, lat_deg, lon_deg)
    }

    /// Every 10 minutes from `from_ms` to `to_ms` at one spot.
    fn stay(from_ms: i64, to_ms: i64, lat: f64, lon: f64) -> Vec<TrackPoint> {
        (from_ms..=to_ms).step_by(600_000).map(|t| point(t, lat, lon)).collect()
    }

    const DARK: (i64, f64, f64) = (10 * HOUR_MS, 31.0, 124.0);
    const BACK: (i64, f64, f64) = (20 * HOUR_MS, 31.1, 124.1);

    #[test]
    fn a_stream_starting_at_the_dark_spot_and_ending_at_the_return_is_a_handover() {
        let config = HandoverConfig::default();
        // The stolen MMSI's real owner far away, then the impostor's stream on the
        // dark hull (a different transponder: 300 km in minutes is impossible).
        let mut points = stay(0, 12 * HOUR_MS, 34.0, 127.0);
        points.extend(stay(10 * HOUR_MS + 300_000, 20 * HOUR_MS - 300_000, 31.0, 124.0));
        points.sort_by_key(|p| p.time_ms);
        let points: Vec<TrackPoint> = points
            .into_iter()
            .map(|mut p| {
                if p.lat_deg == 31.0 && p.time_ms > 15 * HOUR_MS {
                    // It moves with the hull to where the listed vessel comes back.
                    p.lat_deg = 31.1;
                    p.lon_deg = 124.1;
                }
                p
            })
            .collect();
        let a = appears(&points, DARK, &config).expect("appears");
        assert_eq!(a.time_ms, 10 * HOUR_MS + 300_000);
        let v = vanishes(&points, BACK, &config).expect("vanishes");
        assert_eq!(v.time_ms, 20 * HOUR_MS - 300_000);
    }

    #[test]
    fn a_ship_alongside_before_and_after_is_not_a_handover() {
        let config = HandoverConfig::default();
        let mut points = stay(8 * HOUR_MS, 15 * HOUR_MS, 31.0, 124.0);
        points.extend(stay(15 * HOUR_MS + 600_000, 22 * HOUR_MS, 31.1, 124.1));
        assert_eq!(appears(&points, DARK, &config), None);
        assert_eq!(vanishes(&points, BACK, &config), None);
    }

    #[test]
    fn a_ship_heard_too_late_or_too_far_is_not_a_handover() {
        let config = HandoverConfig::default();
        let late = stay(13 * HOUR_MS, 14 * HOUR_MS, 31.0, 124.0);
        assert_eq!(appears(&late, DARK, &config), None);
        // 22 km away 5 minutes after: farther than a tanker steams.
        let far = stay(10 * HOUR_MS + 300_000, 11 * HOUR_MS, 31.2, 124.0);
        assert_eq!(appears(&far, DARK, &config), None);
        // The same spot 2 hours after is within reach.
        let later = stay(12 * HOUR_MS, 13 * HOUR_MS, 31.2, 124.0);
        assert!(appears(&later, DARK, &config).is_some());
    }

    #[test]
    fn a_config_out_of_range_names_its_field() {
        let bad = HandoverConfig { radius_m: -1.0, ..HandoverConfig::default() };
        assert_eq!(bad.invalid_field(), Some(("radius_m", -1.0)));
        let bad = HandoverConfig { one_end_weight: 1.5, ..HandoverConfig::default() };
        assert_eq!(bad.invalid_field(), Some(("one_end_weight", 1.5)));
        assert_eq!(HandoverConfig::default().invalid_field(), None);
    }
}

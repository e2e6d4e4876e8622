//! Encounters: two vessels close together, both slow, for hours, away from ports.
//!
//! The rule is Global Fishing Watch's published one (all thresholds in
//! [`EncounterConfig`]): tracks resampled every 10 min (not across gaps over 1 h),
//! two vessels within 500 m of each other at under 2 knots for at least 2 h, at least
//! 10 km from any port; encounters of one pair less than 4 h apart merged into one.
//!
//! One addition to GFW's rule: a vessel stopped in one place on both sides of a
//! silence of up to 6 h is sampled across it ([`super::index::Stationary`]). Two ships
//! at anchor together for days, heard only on a satellite's passes hours apart, are
//! one encounter, not a fragment for every stretch in which both happened to be heard.
//!
//! [`EncounterDetector::detect`] works on whole segments, never on days, so an
//! encounter spanning midnight is found once. Its steps:
//!
//! 1. every segment is resampled to the common clock ([`super::index::resample`]),
//!    across the silences of a stationary vessel too;
//! 2. close pairs at each step come from the grid ([`super::index::PairIndex`]),
//!    never from comparing all pairs of vessels;
//! 3. a close pair counts when both are slow and its midpoint is far from ports;
//!    where one MMSI has concurrent segments, the closest sample of the step counts;
//! 4. consecutive counted steps of one pair form a run; runs of at least the
//!    minimum duration are kept, and kept runs less than the merge gap apart are
//!    merged into one [`Encounter`].
//!
//! Work: the index's `O(S log S + C)` for `S` samples and `C` candidates, plus a
//! port look-up per counted step and a sort of the counted steps.

use serde_json::{json, Map};

use super::index::{resample, ClosePair, PairIndex, Sample, Stationary};
use super::{check_positive, ConfigError};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::{lon_delta_deg, wrap_lon_deg};
use crate::geo::Ports;
use crate::track::{ConfigValue, Segment};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 3_600_000;

/// The detector's name in configuration errors.
const DETECTOR: &str = "encounter";

/// Thresholds of the encounter detector. [`EncounterConfig::default`] gives Global
/// Fishing Watch's published values (DESIGN.md, "Detection defaults");
/// [`EncounterConfig::validate`] checks a changed one.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EncounterConfig {
    /// Two vessels at most this far apart are close. Default 500 m (GFW).
    pub max_distance_m: f64,
    /// Both must be slower than this. Default 2 knots (GFW).
    pub max_speed_knots: f64,
    /// A run of close, slow steps this long or longer is an encounter. Default 2 h (GFW).
    pub min_duration_ms: i64,
    /// The pair's midpoint must be at least this far from the nearest port.
    /// Default 10 km (GFW).
    pub min_port_distance_m: f64,
    /// Encounters of one pair separated by less than this are one. Default 4 h (GFW).
    pub max_merge_gap_ms: i64,
    /// The common clock's step. Default 10 min (GFW).
    pub resample_step_ms: i64,
    /// No samples between two points further apart than this. Default 1 h (GFW)...
    pub max_interpolation_gap_ms: i64,
    /// ... unless the vessel reported under `max_speed_knots` on both sides of the
    /// silence, at most `max_stationary_drift_m` apart, and the silence is at most
    /// this long. Default 6 h: shorter than any silence the data model records as an
    /// AIS gap (DESIGN.md; `AisGapConfig::min_gap_ms`), so no bridged silence is one.
    /// Setting it to `max_interpolation_gap_ms` gives GFW's rule unchanged.
    pub max_stationary_gap_ms: i64,
    /// How far apart the points either side of a bridged silence may be. Default
    /// 200 m: a ship at anchor lies within its swing circle (a few hundred metres
    /// across on a short scope of chain), and an interpolated sample so placed is
    /// off by well under the 500 m that makes two vessels close.
    pub max_stationary_drift_m: f64,
    /// Grid cell size of the index. Default 0.05° (5.6 km north–south): larger than
    /// the distance searched, so a search covers few cells, yet small enough that a
    /// busy anchorage does not fill one cell with hundreds of ships.
    pub cell_deg: f64,
}

impl Default for EncounterConfig {
    fn default() -> Self {
        EncounterConfig {
            max_distance_m: 500.0,
            max_speed_knots: 2.0,
            min_duration_ms: 2 * MS_PER_HOUR,
            min_port_distance_m: 10_000.0,
            max_merge_gap_ms: 4 * MS_PER_HOUR,
            resample_step_ms: 10 * MS_PER_MINUTE,
            max_interpolation_gap_ms: MS_PER_HOUR,
            max_stationary_gap_ms: 6 * MS_PER_HOUR,
            max_stationary_drift_m: 200.0,
            cell_deg: 0.05,
        }
    }
}

impl EncounterConfig {
    /// Checks every threshold is positive (and finite; the port distance may be
    /// zero) and the cell at most 90°; the error names the first field that is not.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            DETECTOR,
            &[
                ("max_distance_m", self.max_distance_m),
                ("max_speed_knots", self.max_speed_knots),
                ("max_stationary_drift_m", self.max_stationary_drift_m),
            ],
            &[
                ("min_duration_ms", self.min_duration_ms),
                ("max_merge_gap_ms", self.max_merge_gap_ms),
                ("resample_step_ms", self.resample_step_ms),
                ("max_interpolation_gap_ms", self.max_interpolation_gap_ms),
                ("max_stationary_gap_ms", self.max_stationary_gap_ms),
            ],
        )?;
        if !(self.min_port_distance_m.is_finite() && self.min_port_distance_m >= 0.0) {
            return Err(ConfigError::out_of_range(
                DETECTOR,
                "min_port_distance_m",
                ConfigValue::Float(self.min_port_distance_m),
                "zero or positive, finite",
            ));
        }
        if !(self.cell_deg.is_finite() && self.cell_deg > 0.0 && self.cell_deg <= 90.0) {
            return Err(ConfigError::out_of_range(
                DETECTOR,
                "cell_deg",
                ConfigValue::Float(self.cell_deg),
                "above 0 and at most 90",
            ));
        }
        Ok(())
    }
}

/// One encounter of two vessels.
#[derive(Debug, Clone, PartialEq)]
pub struct Encounter {
    /// The lower MMSI.
    pub mmsi_a: u32,
    /// The higher MMSI.
    pub mmsi_b: u32,
    /// The first and last counted step, UTC ms.
    pub start_ms: i64,
    pub end_ms: i64,
    /// The mean of the pair's midpoints over the counted steps.
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub median_distance_m: f64,
    pub min_distance_m: f64,
    /// Mean speeds over the counted steps.
    pub mean_speed_a_knots: f64,
    pub mean_speed_b_knots: f64,
    /// Steps counted.
    pub steps: usize,
    /// Runs merged into this encounter (1 when none were).
    pub runs: usize,
}

impl Encounter {
    /// End minus start.
    pub fn duration_ms(&self) -> i64 {
        self.end_ms.saturating_sub(self.start_ms)
    }

    /// The evidence as event details (shared with the STS detector's events).
    pub fn details(&self) -> Map<String, serde_json::Value> {
        let mut details = Map::new();
        details.insert("duration_ms".into(), json!(self.duration_ms()));
        details.insert("median_distance_m".into(), json!(self.median_distance_m));
        details.insert("min_distance_m".into(), json!(self.min_distance_m));
        details.insert("mean_speed_knots".into(), json!([self.mean_speed_a_knots, self.mean_speed_b_knots]));
        details.insert("steps".into(), json!(self.steps));
        details.insert("runs_merged".into(), json!(self.runs));
        details
    }

    /// The `encounter` event (confidence 1: the rule holds or it does not).
    pub fn to_event(&self) -> Event {
        Event::new(
            EventKind::Encounter,
            vec![self.mmsi_a, self.mmsi_b],
            self.start_ms,
            self.end_ms,
            (self.lat_deg, self.lon_deg),
            1.0,
            self.details(),
        )
    }
}

/// One partition of the scale-out (DESIGN.md): a time window and a lat/lon tile,
/// half-open on every side, so that partitions tiling time and the globe own every
/// encounter exactly once.
///
/// A partition's detector is given the segments (or their points clipped to the
/// area) of the window widened by an overlap and the tile widened by a halo, and
/// keeps the encounters it [`Partition::owns`]: those starting in its window whose
/// mean position is in its tile. Steps are multiples of the step since the epoch,
/// so clipping does not move them; an encounter is found exactly as in one run over
/// everything when the overlap exceeds its duration plus the merge gap and the halo
/// the distance it drifts (at under 2 knots, 89 km a day). Longer ones are cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partition {
    pub start_ms: i64,
    pub end_ms: i64,
    pub lat_min_deg: f64,
    pub lat_max_deg: f64,
    /// In `[-180, 180)`; a tile does not cross the antimeridian (two tiles meet there).
    pub lon_min_deg: f64,
    pub lon_max_deg: f64,
}

impl Partition {
    /// Whether this partition reports `encounter`: it starts in the window and its
    /// mean position is in the tile (the upper edges belong to the next partition,
    /// except the north pole and 180° E, which is −180°).
    pub fn owns(&self, encounter: &Encounter) -> bool {
        let lat_in = encounter.lat_deg >= self.lat_min_deg
            && (encounter.lat_deg < self.lat_max_deg
                || (self.lat_max_deg >= 90.0 && encounter.lat_deg <= 90.0));
        (self.start_ms..self.end_ms).contains(&encounter.start_ms)
            && lat_in
            && (self.lon_min_deg..self.lon_max_deg).contains(&encounter.lon_deg)
    }
}

/// A counted step of one pair.
#[derive(Debug, Clone, Copy)]
struct Step {
    mmsi_a: u32,
    mmsi_b: u32,
    time_ms: i64,
    distance_m: f64,
    lat_deg: f64,
    lon_deg: f64,
    sog_a_knots: f64,
    sog_b_knots: f64,
}

/// Finds encounters with a validated [`EncounterConfig`].
#[derive(Debug, Clone, Default)]
pub struct EncounterDetector {
    config: EncounterConfig,
}

impl EncounterDetector {
    /// A detector with `config`, once [`EncounterConfig::validate`] accepts it.
    pub fn new(config: EncounterConfig) -> Result<EncounterDetector, ConfigError> {
        config.validate()?;
        Ok(EncounterDetector { config })
    }

    /// The configuration in use.
    pub fn config(&self) -> &EncounterConfig {
        &self.config
    }

    /// The encounters among `segments` (any vessels, any order; whole segments, so
    /// that nothing is cut at day edges), sorted by (start, MMSIs). The same
    /// segments give the same encounters.
    pub fn detect<'a>(
        &self,
        segments: impl IntoIterator<Item = &'a Segment>,
        ports: &Ports,
    ) -> Vec<Encounter> {
        let mut samples = Vec::new();
        for segment in segments {
            self.candidate_samples(segment, &mut samples);
        }
        self.detect_samples(samples, ports)
    }

    /// Appends to `out` the samples of `segment` that can count towards an
    /// encounter: those known to be slower than `max_speed_knots` (a step counts
    /// only when both vessels' samples are). A caller streaming vessels keeps
    /// these, a small part of the track, for [`EncounterDetector::detect_samples`].
    pub fn candidate_samples(&self, segment: &Segment, out: &mut Vec<Sample>) {
        let c = &self.config;
        let first = out.len();
        let stationary = Stationary {
            max_gap_ms: c.max_stationary_gap_ms,
            max_drift_m: c.max_stationary_drift_m,
            max_speed_knots: c.max_speed_knots,
        };
        resample(segment, c.resample_step_ms, c.max_interpolation_gap_ms, Some(&stationary), out);
        let mut kept = first;
        for i in first..out.len() {
            if out[i].sog_knots.is_some_and(|s| s < c.max_speed_knots) {
                out.swap(kept, i);
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    /// [`EncounterDetector::detect`] over the segments' candidate samples
    /// ([`EncounterDetector::candidate_samples`]), in the segments' order.
    pub fn detect_samples(&self, samples: Vec<Sample>, ports: &Ports) -> Vec<Encounter> {
        let c = &self.config;
        let index = PairIndex::build(samples, c.cell_deg);
        let mut steps: Vec<Step> = Vec::new();
        index.close_pairs(c.max_distance_m, |pair| {
            if let Some(step) = self.counted(&pair, ports) {
                steps.push(step);
            }
        });
        steps.sort_by(|x, y| {
            (x.mmsi_a, x.mmsi_b, x.time_ms)
                .cmp(&(y.mmsi_a, y.mmsi_b, y.time_ms))
                .then(x.distance_m.total_cmp(&y.distance_m))
        });
        // Concurrent segments of one MMSI can both be close at one step: keep the closest.
        steps.dedup_by(|later, kept| {
            (later.mmsi_a, later.mmsi_b, later.time_ms) == (kept.mmsi_a, kept.mmsi_b, kept.time_ms)
        });
        let mut encounters = Vec::new();
        for pair_steps in steps.chunk_by(|x, y| (x.mmsi_a, x.mmsi_b) == (y.mmsi_a, y.mmsi_b)) {
            self.pair_encounters(pair_steps, &mut encounters);
        }
        encounters.sort_by_key(|e| (e.start_ms, e.mmsi_a, e.mmsi_b));
        encounters
    }

    /// The step a close pair counts as: both slow and far from ports. A sample of
    /// unknown speed (on a point without one) is not known to be slow, so it does not count.
    fn counted(&self, pair: &ClosePair, ports: &Ports) -> Option<Step> {
        let c = &self.config;
        let sog_a_knots = pair.a.sog_knots.filter(|s| *s < c.max_speed_knots)?;
        let sog_b_knots = pair.b.sog_knots.filter(|s| *s < c.max_speed_knots)?;
        let lat_deg = (pair.a.lat_deg + pair.b.lat_deg) / 2.0;
        let lon_deg = wrap_lon_deg(pair.a.lon_deg + lon_delta_deg(pair.a.lon_deg, pair.b.lon_deg) / 2.0);
        let near_port = ports.nearest(lat_deg, lon_deg).is_some_and(|(_, d)| d < c.min_port_distance_m);
        (!near_port).then_some(Step {
            mmsi_a: pair.a.mmsi,
            mmsi_b: pair.b.mmsi,
            time_ms: pair.a.time_ms,
            distance_m: pair.distance_m,
            lat_deg,
            lon_deg,
            sog_a_knots,
            sog_b_knots,
        })
    }

    /// Cuts one pair's time-ordered steps into runs of consecutive steps, keeps
    /// those of at least the minimum duration, and merges kept runs less than the
    /// merge gap apart (with any short runs between them) into one encounter.
    fn pair_encounters(&self, steps: &[Step], out: &mut Vec<Encounter>) {
        let c = &self.config;
        // Kept stretches of `steps` as (first, past the last, runs merged).
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        let mut start = 0;
        for run in steps.chunk_by(|x, y| y.time_ms.saturating_sub(x.time_ms) <= c.resample_step_ms) {
            let end = start + run.len();
            let (Some(first), Some(last)) = (run.first(), run.last()) else { continue };
            if last.time_ms.saturating_sub(first.time_ms) >= c.min_duration_ms {
                let previous_end_ms = kept.last().and_then(|k| steps.get(k.1 - 1)).map(|s| s.time_ms);
                match kept.last_mut() {
                    Some(k)
                        if previous_end_ms.is_some_and(|end_ms| {
                            first.time_ms.saturating_sub(end_ms) < c.max_merge_gap_ms
                        }) =>
                    {
                        k.1 = end;
                        k.2 += 1;
                    }
                    _ => kept.push((start, end, 1)),
                }
            }
            start = end;
        }
        out.extend(kept.into_iter().filter_map(|(first, end, runs)| summarise(steps.get(first..end)?, runs)));
    }
}

/// The encounter made of `steps` (time-ordered, one pair); `None` when empty.
fn summarise(steps: &[Step], runs: usize) -> Option<Encounter> {
    let (first, last) = (steps.first()?, steps.last()?);
    let count = steps.len();
    // A count of steps is far below 2^53: exact as a float.
    let n = count as f64;
    let mut distances_m: Vec<f64> = steps.iter().map(|s| s.distance_m).collect();
    distances_m.sort_by(f64::total_cmp);
    let median_distance_m = match (distances_m.get((count - 1) / 2), distances_m.get(count / 2)) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        _ => first.distance_m,
    };
    let mean = |f: fn(&Step) -> f64| steps.iter().map(f).sum::<f64>() / n;
    // Longitudes averaged as offsets from the first, so a meeting on the antimeridian stays there.
    let mean_lon_offset_deg = steps.iter().map(|s| lon_delta_deg(first.lon_deg, s.lon_deg)).sum::<f64>() / n;
    Some(Encounter {
        mmsi_a: first.mmsi_a,
        mmsi_b: first.mmsi_b,
        start_ms: first.time_ms,
        end_ms: last.time_ms,
        lat_deg: mean(|s| s.lat_deg),
        lon_deg: wrap_lon_deg(first.lon_deg + mean_lon_offset_deg),
        median_distance_m,
        min_distance_m: distances_m.first().copied().unwrap_or(first.distance_m),
        mean_speed_a_knots: mean(|s| s.sog_a_knots),
        mean_speed_b_knots: mean(|s| s.sog_b_knots),
        steps: count,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        EncounterConfig::default().validate().unwrap();
        EncounterDetector::new(EncounterConfig::default()).unwrap();
    }

    #[test]
    fn bad_thresholds_are_named() {
        type Change = fn(&mut EncounterConfig);
        let cases: [(Change, &str); 12] = [
            (|c| c.max_distance_m = 0.0, "max_distance_m"),
            (|c| c.max_distance_m = f64::NAN, "max_distance_m"),
            (|c| c.max_speed_knots = -1.0, "max_speed_knots"),
            (|c| c.min_duration_ms = 0, "min_duration_ms"),
            (|c| c.max_merge_gap_ms = -1, "max_merge_gap_ms"),
            (|c| c.resample_step_ms = 0, "resample_step_ms"),
            (|c| c.max_interpolation_gap_ms = 0, "max_interpolation_gap_ms"),
            (|c| c.max_stationary_gap_ms = -1, "max_stationary_gap_ms"),
            (|c| c.max_stationary_drift_m = f64::INFINITY, "max_stationary_drift_m"),
            (|c| c.min_port_distance_m = -1.0, "min_port_distance_m"),
            (|c| c.cell_deg = 0.0, "cell_deg"),
            (|c| c.cell_deg = 91.0, "cell_deg"),
        ];
        for (change, expected) in cases {
            let mut config = EncounterConfig::default();
            change(&mut config);
            assert_eq!(config.validate().map_err(|e| e.field()), Err(expected));
            assert!(EncounterDetector::new(config).is_err());
        }
    }

    fn step(time_ms: i64, distance_m: f64, lon_deg: f64) -> Step {
        Step {
            mmsi_a: 1,
            mmsi_b: 2,
            time_ms,
            distance_m,
            lat_deg: 10.0,
            lon_deg,
            sog_a_knots: 1.0,
            sog_b_knots: 0.0,
        }
    }

    #[test]
    fn summaries_take_medians_and_antimeridian_means() {
        let steps = [step(0, 50.0, 179.9), step(600_000, 10.0, -179.9), step(1_200_000, 30.0, 179.9)];
        let e = summarise(&steps, 1).unwrap();
        assert_eq!((e.median_distance_m, e.min_distance_m), (30.0, 10.0));
        assert!((e.lon_deg - 179.9667).abs() < 1e-3, "{e:?}");
        assert_eq!((e.mean_speed_a_knots, e.mean_speed_b_knots, e.duration_ms()), (1.0, 0.0, 1_200_000));
        let even = summarise(&steps[..2], 1).unwrap();
        assert_eq!(even.median_distance_m, 30.0);
        assert!(summarise(&[], 1).is_none());
    }

    #[test]
    fn partitions_own_their_edges_once() {
        let tiles = [
            (-90.0, 0.0, -180.0, 0.0),
            (-90.0, 0.0, 0.0, 180.0),
            (0.0, 90.0, -180.0, 0.0),
            (0.0, 90.0, 0.0, 180.0),
        ];
        let windows = [(0, 100), (100, 200)];
        let at = |start_ms, lat_deg, lon_deg| Encounter {
            start_ms,
            lat_deg,
            lon_deg,
            ..summarise(&[step(0, 1.0, 0.0)], 1).unwrap()
        };
        for e in [at(0, 0.0, 0.0), at(100, 90.0, -180.0), at(199, -90.0, 179.99), at(50, 0.0, -0.0)] {
            let owners = windows
                .iter()
                .flat_map(|w| tiles.iter().map(move |t| (w, t)))
                .filter(|((start_ms, end_ms), (lat_min_deg, lat_max_deg, lon_min_deg, lon_max_deg))| {
                    Partition {
                        start_ms: *start_ms,
                        end_ms: *end_ms,
                        lat_min_deg: *lat_min_deg,
                        lat_max_deg: *lat_max_deg,
                        lon_min_deg: *lon_min_deg,
                        lon_max_deg: *lon_max_deg,
                    }
                    .owns(&e)
                })
                .count();
            assert_eq!(owners, 1, "{e:?}");
        }
    }
}

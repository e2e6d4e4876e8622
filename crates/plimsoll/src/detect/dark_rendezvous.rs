//! Dark rendezvous: a transfer inferred from a gap, when one party's transponder
//! was off for most of the meeting and no encounter could be seen.
//!
//! The pattern of the UN Panel of Experts reports on the DPRK (`dprk_cases.md`,
//! e.g. case 15, CHON MA SAN going dark after Vostochnyy) is a tanker that switches
//! its AIS off on the way to a meeting and on again beside the other ship, or
//! switches it off beside the other ship and on again far away. An investigator
//! infers the meeting from three facts, which [`find`] checks:
//!
//! 1. vessel A is silent for at least `min_gap_ms`, and its last report before the
//!    silence or its first after lies within `rendezvous_radius_m` of where vessel
//!    B sits slow (< `slow_max_speed_knots`), at least `rendezvous_min_port_distance_m`
//!    from any port;
//! 2. B was heard there throughout (no silence over `rendezvous_max_partner_silence_ms`)
//!    from the edge of A's silence back (or on) into it: the place was covered by
//!    the receivers, so A's silence is its own (a receiver outage silences both);
//! 3. the silence is long enough to have sailed between the spot and A's other end
//!    at the speed A reported there (else `rendezvous_transit_speed_knots`) and still
//!    spend `rendezvous_min_dark_ms` beside B: the implied speed across the gap is
//!    that of a ship that stopped.
//!
//! Which vessels may be parties (types) and how strong the case is are the STS
//! detector's decision ([`super::sts_transfer`]): this module only finds the
//! meetings. [`SlowIndex`] also answers the STS detector's crowd question.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::index::ms_f64;
use super::sts_transfer::StsConfig;
use super::NAUTICAL_MILE_M;
use crate::geo::geodesy::{haversine_distance_m, METRES_PER_DEGREE};
use crate::geo::Ports;
use crate::track::TrackedPoint;

const MS_PER_HOUR: i64 = 3_600_000;

/// One report, as much of it as the STS detector needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fix {
    pub time_ms: i64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub sog_knots: Option<f64>,
}

impl Fix {
    /// A tracked point's time, place and speed.
    pub(super) fn of(p: &TrackedPoint) -> Fix {
        Fix {
            time_ms: p.point.time_ms,
            lat_deg: p.point.lat_deg,
            lon_deg: p.point.lon_deg,
            sog_knots: p.point.sog_knots,
        }
    }

    fn distance_m(&self, lat_deg: f64, lon_deg: f64) -> f64 {
        haversine_distance_m(self.lat_deg, self.lon_deg, lat_deg, lon_deg)
    }

    fn slow(&self, max_knots: f64) -> bool {
        self.sog_knots.is_some_and(|s| s < max_knots)
    }
}

/// Slow reports (speed known and below a threshold) near chosen places, binned in
/// square cells of at least the largest radius asked, so that a query looks at a
/// 3-cell-high block. Only the cells around the places given to [`SlowIndex::build`]
/// are kept: the memory is that of the neighbourhoods asked about, not of the fleet.
/// Longitudes are not wrapped: a place within a radius of the antimeridian sees only
/// its own side.
#[derive(Debug, Default)]
pub(super) struct SlowIndex {
    cell_deg: f64,
    /// (MMSI, report) per cell, in the order added.
    cells: HashMap<(i64, i64), Vec<(u32, Fix)>>,
}

impl SlowIndex {
    /// The slow reports of `fixes` (per MMSI) within `radius_m` (or a little more)
    /// of any of `places`.
    pub(super) fn build(
        fixes: &HashMap<u32, Vec<Fix>>,
        max_speed_knots: f64,
        radius_m: f64,
        places: impl IntoIterator<Item = (f64, f64)>,
    ) -> SlowIndex {
        let mut index =
            SlowIndex { cell_deg: (radius_m / METRES_PER_DEGREE).clamp(1e-4, 90.0), ..SlowIndex::default() };
        let mut wanted: HashSet<(i64, i64)> = HashSet::new();
        for (lat_deg, lon_deg) in places {
            wanted.extend(index.neighbourhood(lat_deg, lon_deg));
        }
        if wanted.is_empty() {
            return index;
        }
        for (&mmsi, vessel) in fixes {
            for fix in vessel.iter().filter(|f| f.slow(max_speed_knots)) {
                let key = index.key(fix.lat_deg, fix.lon_deg);
                if wanted.contains(&key) {
                    index.cells.entry(key).or_default().push((mmsi, *fix));
                }
            }
        }
        index
    }

    fn key(&self, lat_deg: f64, lon_deg: f64) -> (i64, i64) {
        // Finite coordinates over a positive cell: far inside i64.
        ((lat_deg / self.cell_deg).floor() as i64, (lon_deg / self.cell_deg).floor() as i64)
    }

    /// The cells a query around the place looks at: one row either side, and as
    /// many columns as a cell's height spans at this latitude (whole rings near the poles).
    fn neighbourhood(&self, lat_deg: f64, lon_deg: f64) -> Vec<(i64, i64)> {
        if !(lat_deg.is_finite() && lon_deg.is_finite()) {
            return Vec::new();
        }
        let (row, col) = self.key(lat_deg, lon_deg);
        let cos = lat_deg.to_radians().cos().max(1e-6);
        let span = ((1.0 / cos).ceil() as i64).min(i64::from(u16::MAX));
        (-1..=1).flat_map(|dr| (-span..=span).map(move |dc| (row + dr, col + dc))).collect()
    }

    /// Slow reports within `radius_m` (at most the radius built with) of the place
    /// during `from_ms..=to_ms`, of vessels other than those in `except`.
    pub(super) fn near(
        &self,
        (lat_deg, lon_deg): (f64, f64),
        radius_m: f64,
        (from_ms, to_ms): (i64, i64),
        except: &[u32],
    ) -> Vec<(u32, Fix)> {
        self.neighbourhood(lat_deg, lon_deg)
            .into_iter()
            .filter_map(|key| self.cells.get(&key))
            .flatten()
            .filter(|(mmsi, f)| {
                (from_ms..=to_ms).contains(&f.time_ms)
                    && !except.contains(mmsi)
                    && f.distance_m(lat_deg, lon_deg) <= radius_m
            })
            .copied()
            .collect()
    }

    /// How many vessels other than `except` were slow within `radius_m` of the
    /// place during the interval.
    pub(super) fn vessels_near(
        &self,
        place: (f64, f64),
        radius_m: f64,
        interval_ms: (i64, i64),
        except: &[u32],
    ) -> usize {
        let mut vessels: Vec<u32> =
            self.near(place, radius_m, interval_ms, except).into_iter().map(|(m, _)| m).collect();
        vessels.sort_unstable();
        vessels.dedup();
        vessels.len()
    }
}

/// The two ends of a silence: which one lies beside the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A went dark beside B.
    Disappeared,
    /// A came back on beside B.
    Reappeared,
}

/// A meeting inferred from a silence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rendezvous {
    /// The vessel that was silent.
    pub dark: u32,
    /// The vessel it met, heard throughout.
    pub partner: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The partner's mean position while they were together.
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// The evidence: the gap, the side, the distances and the transit assumed.
    pub details: Map<String, Value>,
}

/// The silences of at least `config.min_gap_ms` in `fixes` (one MMSI, time order)
/// that begin or end beside a slow partner in `index` (built around those ends),
/// for which the silence leaves time to have stopped there. `may_meet(a, b)` says
/// whether two vessels may be parties; the caller weighs the rest.
pub(super) fn find(
    config: &StsConfig,
    mmsi: u32,
    fixes: &[Fix],
    index: &SlowIndex,
    ports: &Ports,
    may_meet: impl Fn(u32, u32) -> bool,
) -> Vec<Rendezvous> {
    let mut found: Vec<Rendezvous> = Vec::new();
    for (i, pair) in fixes.windows(2).enumerate() {
        let [before, after] = pair else { continue };
        if after.time_ms.saturating_sub(before.time_ms) < config.min_gap_ms {
            continue;
        }
        for side in [Side::Reappeared, Side::Disappeared] {
            for rendezvous in beside(config, mmsi, (fixes, i), side, index, ports, &may_meet) {
                // The two ends of one silence beside one partner are one meeting.
                match found.iter_mut().find(|r| {
                    r.partner == rendezvous.partner
                        && r.start_ms <= rendezvous.end_ms
                        && rendezvous.start_ms <= r.end_ms
                }) {
                    Some(r) if r.end_ms - r.start_ms >= rendezvous.end_ms - rendezvous.start_ms => {}
                    Some(r) => *r = rendezvous,
                    None => found.push(rendezvous),
                }
            }
        }
    }
    found
}

/// The places whose neighbourhoods [`find`] asks about: both ends of every silence.
pub(super) fn gap_ends<'a>(config: &StsConfig, fixes: &'a [Fix]) -> impl Iterator<Item = (f64, f64)> + 'a {
    let min_gap_ms = config.min_gap_ms;
    fixes
        .windows(2)
        .filter(move |w| w[1].time_ms.saturating_sub(w[0].time_ms) >= min_gap_ms)
        .flat_map(|w| [(w[0].lat_deg, w[0].lon_deg), (w[1].lat_deg, w[1].lon_deg)])
}

/// The partners beside one end of the silence between `fixes[i]` and `fixes[i + 1]`.
fn beside(
    config: &StsConfig,
    mmsi: u32,
    (fixes, i): (&[Fix], usize),
    side: Side,
    index: &SlowIndex,
    ports: &Ports,
    may_meet: &impl Fn(u32, u32) -> bool,
) -> Vec<Rendezvous> {
    let c = config;
    let (before, after) = (fixes[i], fixes[i + 1]);
    let (spot, far) = match side {
        Side::Reappeared => (after, before),
        Side::Disappeared => (before, after),
    };
    let place = (spot.lat_deg, spot.lon_deg);
    if ports.nearest(place.0, place.1).is_some_and(|(_, d_m)| d_m < c.rendezvous_min_port_distance_m) {
        return Vec::new();
    }
    // The transit between the spot and the silence's other end, at the speed reported
    // at that end (a ship under way keeps its speed), else the assumed one.
    let speed_knots =
        far.sog_knots.filter(|s| *s >= c.slow_max_speed_knots).unwrap_or(c.rendezvous_transit_speed_knots);
    let transit_m = spot.distance_m(far.lat_deg, far.lon_deg);
    // Metres over knots in ms; far below i64's range for any distance on earth.
    let transit_ms = (transit_m / NAUTICAL_MILE_M / speed_knots * ms_f64(MS_PER_HOUR)).ceil() as i64;
    // When A could have been at the spot while silent.
    let (dark_from_ms, dark_to_ms) = match side {
        Side::Reappeared => (before.time_ms.saturating_add(transit_ms), after.time_ms),
        Side::Disappeared => (before.time_ms, after.time_ms.saturating_sub(transit_ms)),
    };
    if dark_to_ms.saturating_sub(dark_from_ms) < c.rendezvous_min_dark_ms {
        return Vec::new();
    }
    // A itself at the spot next to the silence: its visible part of the meeting.
    let near_spot =
        |f: &&Fix| f.slow(c.slow_max_speed_knots) && f.distance_m(place.0, place.1) <= c.rendezvous_radius_m;
    let visible_edge_ms = match side {
        Side::Reappeared => run_edge(fixes[i + 1..].iter().take_while(near_spot), c, spot.time_ms),
        Side::Disappeared => run_edge(fixes[..=i].iter().rev().take_while(near_spot), c, spot.time_ms),
    };

    let look_ms =
        (before.time_ms.saturating_sub(c.gap_window_ms), after.time_ms.saturating_add(c.gap_window_ms));
    let mut partners: BTreeMap<u32, Vec<Fix>> = BTreeMap::new();
    for (partner, fix) in index.near(place, c.rendezvous_radius_m, look_ms, &[mmsi]) {
        partners.entry(partner).or_default().push(fix);
    }
    let touch_ms = spot.time_ms;
    let silence_ms = c.rendezvous_max_partner_silence_ms;
    let mut found = Vec::new();
    for (partner, mut heard) in partners {
        if !may_meet(mmsi, partner) {
            continue;
        }
        heard.sort_by_key(|f| f.time_ms);
        // The partner's run of reports, none more than `silence_ms` apart, that
        // reaches the moment A went dark or came back.
        let Some(run) = runs(&heard, silence_ms).find(|r| {
            r[0].time_ms - silence_ms <= touch_ms && touch_ms <= r[r.len() - 1].time_ms + silence_ms
        }) else {
            continue;
        };
        let (run_from_ms, run_to_ms) = (run[0].time_ms, run[run.len() - 1].time_ms);
        let (start_ms, end_ms) = match side {
            Side::Reappeared => {
                (run_from_ms.max(dark_from_ms), after.time_ms.max(run_to_ms.min(visible_edge_ms)))
            }
            Side::Disappeared => {
                (before.time_ms.min(run_from_ms.max(visible_edge_ms)), run_to_ms.min(dark_to_ms))
            }
        };
        // The partner heard beside the spot while A was silent there, long enough.
        let dark_ms = end_ms.min(dark_to_ms).saturating_sub(start_ms.max(dark_from_ms));
        if dark_ms < c.rendezvous_min_dark_ms {
            continue;
        }
        let together: Vec<&Fix> = run.iter().filter(|f| (start_ms..=end_ms).contains(&f.time_ms)).collect();
        let n = together.len().max(1) as f64;
        let lat_deg = together.iter().map(|f| f.lat_deg).sum::<f64>() / n;
        let lon_deg = together.iter().map(|f| f.lon_deg).sum::<f64>() / n;
        let closest_m = run.iter().map(|f| f.distance_m(place.0, place.1)).fold(f64::INFINITY, f64::min);
        let mut details = Map::new();
        details.insert("rule".into(), json!("dark_rendezvous"));
        details.insert("dark_vessel".into(), json!(mmsi));
        details.insert(
            "side".into(),
            json!(match side {
                Side::Reappeared => "reappeared beside the partner",
                Side::Disappeared => "disappeared beside the partner",
            }),
        );
        details.insert("gap_start_ms".into(), json!(before.time_ms));
        details.insert("gap_end_ms".into(), json!(after.time_ms));
        details.insert("partner_distance_m".into(), json!(closest_m.round()));
        details.insert("transit_m".into(), json!(transit_m.round()));
        details.insert("transit_speed_knots".into(), json!(speed_knots));
        details.insert("dark_alongside_ms".into(), json!(dark_ms));
        details.insert("partner_reports".into(), json!(run.len()));
        details.insert("duration_ms".into(), json!(end_ms - start_ms));
        found.push(Rendezvous { dark: mmsi, partner, start_ms, end_ms, lat_deg, lon_deg, details });
    }
    found
}

/// Runs of `fixes` (time order) whose consecutive reports are at most `silence_ms` apart.
fn runs(fixes: &[Fix], silence_ms: i64) -> impl Iterator<Item = &[Fix]> {
    fixes.chunk_by(move |a, b| b.time_ms - a.time_ms <= silence_ms)
}

/// The time of the last of `fixes` (going away from `from_ms`, forwards or
/// backwards) reached without a step over the partner silence; `from_ms` when
/// the first is already further.
fn run_edge<'a>(fixes: impl Iterator<Item = &'a Fix>, c: &StsConfig, from_ms: i64) -> i64 {
    let mut edge_ms = from_ms;
    for fix in fixes {
        if fix.time_ms.abs_diff(edge_ms) > c.rendezvous_max_partner_silence_ms.unsigned_abs() {
            break;
        }
        edge_ms = fix.time_ms;
    }
    edge_ms
}

//! Truth derived from the true tracks: the encounters and loitering that a perfect
//! detector following the data model's definitions (DESIGN.md, "Detection defaults")
//! would report, whatever caused them: STS transfers, pair trawlers, crowded
//! anchorages, waiting tankers. The thresholds are the detectors' defaults
//! ([`EncounterConfig`], [`LoiteringConfig`]), read from their one config struct.
//!
//! "Perfect" means from the true motion, every 10 minutes (the encounter detector's
//! clock), transponder on or off: the truth says what happened, whether or not a
//! receiver heard it.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Map};

use super::motion::State;
use super::plan::Vessel;
use super::Geography;
use crate::detect::encounter::EncounterConfig;
use crate::detect::loitering::LoiteringConfig;
use crate::event::{Event, EventKind};
use crate::geo::geodesy::haversine_distance_m;

/// Pairs (lower MMSI first) labelled with what brought them together; a pair missing
/// here is labelled by [`default_label`].
pub type PairLabels = HashMap<(u32, u32), String>;

/// Encounter truth (pairs of vessel indices in `same_hull` are one ship with two
/// transponders, never a meeting): pairs within 500 m, both slower than 2 knots, for 2 hours or more,
/// at least 10 km from a port; runs less than 4 hours apart merged.
pub(super) fn encounters(
    vessels: &[Vessel],
    geo: &Geography,
    (start_ms, end_ms): (i64, i64),
    labels: &PairLabels,
    same_hull: &HashSet<(usize, usize)>,
) -> Vec<Event> {
    let config = EncounterConfig::default();
    let step_ms = config.resample_step_ms;
    // Close, slow steps of each pair.
    let mut close: BTreeMap<(usize, usize), Vec<(i64, f64, State, State)>> = BTreeMap::new();
    let mut cells: HashMap<(i64, i64), Vec<(usize, State)>> = HashMap::new();
    let mut t_ms = start_ms;
    while t_ms < end_ms {
        cells.clear();
        for (index, vessel) in vessels.iter().enumerate() {
            let Some(state) = vessel.state_at(t_ms) else { continue };
            if state.sog_knots < config.max_speed_knots {
                // 0.01° cells: at least 500 m across up to 60° of latitude; above that
                // the neighbourhood searched is two cells wide.
                cells.entry(cell(&state)).or_default().push((index, state));
            }
        }
        for (&(row, col), members) in &cells {
            for &(a, sa) in members {
                let reach = if sa.lat_deg.abs() > 60.0 { 2 } else { 1 };
                for d_row in -1..=1 {
                    for d_col in -reach..=reach {
                        for &(b, sb) in cells.get(&(row + d_row, col + d_col)).into_iter().flatten() {
                            if b <= a {
                                continue;
                            }
                            let d_m = haversine_distance_m(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg);
                            if d_m <= config.max_distance_m {
                                close.entry((a, b)).or_default().push((t_ms, d_m, sa, sb));
                            }
                        }
                    }
                }
            }
        }
        t_ms += step_ms;
    }

    let mut events = Vec::new();
    for ((a, b), steps) in close {
        let mut runs: Vec<&[(i64, f64, State, State)]> = Vec::new();
        let mut from = 0;
        for i in 1..=steps.len() {
            if i == steps.len() || steps[i].0 - steps[i - 1].0 > step_ms {
                runs.push(&steps[from..i]);
                from = i;
            }
        }
        let qualifying: Vec<&[(i64, f64, State, State)]> = runs
            .into_iter()
            .filter(|run| run[run.len() - 1].0 - run[0].0 >= config.min_duration_ms)
            .filter(|run| {
                let (lat_deg, lon_deg) = middle(run);
                geo.ports.nearest(lat_deg, lon_deg).is_none_or(|(_, d_m)| d_m >= config.min_port_distance_m)
            })
            .collect();
        let mut merged: Vec<Vec<(i64, f64, State, State)>> = Vec::new();
        for run in qualifying {
            match merged.last_mut() {
                Some(last) if run[0].0 - last[last.len() - 1].0 < config.max_merge_gap_ms => {
                    last.extend_from_slice(run)
                }
                _ => merged.push(run.to_vec()),
            }
        }
        let (va, vb) = (&vessels[a], &vessels[b]);
        let pair = (va.mmsi.min(vb.mmsi), va.mmsi.max(vb.mmsi));
        if same_hull.contains(&(a, b)) || same_hull.contains(&(b, a)) {
            // Two transponders on one hull: no meeting, whatever the distance.
            continue;
        }
        for run in merged {
            let mut distances: Vec<f64> = run.iter().map(|s| s.1).collect();
            distances.sort_by(f64::total_cmp);
            let label =
                labels.get(&pair).cloned().unwrap_or_else(|| default_label(va, vb, &run[0]).to_owned());
            let mut details = Map::new();
            details.insert("confounder".into(), json!(label));
            details.insert("median_distance_m".into(), json!(distances[distances.len() / 2].round()));
            events.push(Event::new(
                EventKind::Encounter,
                vec![pair.0, pair.1],
                run[0].0,
                run[run.len() - 1].0,
                middle(&run),
                1.0, // ground truth: this is what happened
                details,
            ));
        }
    }
    events
}

/// Loitering truth: a vessel slower than 2 knots for 2 hours or more, every point at
/// least 20 nm from shore and 4 km from a port.
pub(super) fn loitering(
    vessels: &[Vessel],
    geo: &Geography,
    (start_ms, end_ms): (i64, i64),
    labels: &HashMap<u32, String>,
) -> Vec<Event> {
    let config = LoiteringConfig::default();
    let step_ms = EncounterConfig::default().resample_step_ms;
    let mut events = Vec::new();
    for vessel in vessels {
        // Distance to shore only for slow points, and once per place: a ship at anchor
        // is asked about once.
        let mut last: Option<(State, bool)> = None;
        let mut run: Vec<(i64, State)> = Vec::new();
        let mut t_ms = start_ms;
        loop {
            let state = (t_ms < end_ms).then(|| vessel.state_at(t_ms)).flatten();
            let far = state.filter(|s| s.sog_knots < config.max_speed_knots).is_some_and(|s| match last {
                Some((p, far))
                    if haversine_distance_m(p.lat_deg, p.lon_deg, s.lat_deg, s.lon_deg) < 100.0 =>
                {
                    far
                }
                _ => {
                    let far = geo.land.distance_to_shore_m(s.lat_deg, s.lon_deg)
                        >= config.min_shore_distance_m
                        && geo
                            .ports
                            .nearest(s.lat_deg, s.lon_deg)
                            .is_none_or(|(_, d_m)| d_m >= config.port_exclusion_radius_m);
                    last = Some((s, far));
                    far
                }
            });
            match state {
                Some(s) if far => run.push((t_ms, s)),
                _ => {
                    if run.len() > 1 && run[run.len() - 1].0 - run[0].0 >= config.min_duration_ms {
                        let (first, final_) = (run[0], run[run.len() - 1]);
                        let mut details = Map::new();
                        let label = labels.get(&vessel.mmsi).map_or(
                            if vessel.ship_type == 30 { "fishing" } else { "waiting" },
                            String::as_str,
                        );
                        details.insert("confounder".into(), json!(label));
                        details.insert(
                            "duration_hours".into(),
                            json!((final_.0 - first.0) as f64 / 3_600_000.0),
                        );
                        let mid = run[run.len() / 2].1;
                        events.push(Event::new(
                            EventKind::Loitering,
                            vec![vessel.mmsi],
                            first.0,
                            final_.0,
                            (mid.lat_deg, mid.lon_deg),
                            1.0, // ground truth: this is what happened
                            details,
                        ));
                    }
                    run.clear();
                    if state.is_none() {
                        break;
                    }
                }
            }
            t_ms += step_ms;
        }
    }
    events
}

fn cell(state: &State) -> (i64, i64) {
    // Float to integer: cell numbers of bounded coordinates.
    ((state.lat_deg * 100.0).floor() as i64, (state.lon_deg * 100.0).floor() as i64)
}

/// The pair's midpoint at the run's middle step.
fn middle(run: &[(i64, f64, State, State)]) -> (f64, f64) {
    let (_, _, a, b) = run[run.len() / 2];
    ((a.lat_deg + b.lat_deg) / 2.0, (a.lon_deg + b.lon_deg) / 2.0)
}

/// What brought an unlabelled pair together, from what they are and do.
fn default_label(a: &Vessel, b: &Vessel, first: &(i64, f64, State, State)) -> &'static str {
    let (_, _, sa, sb) = first;
    match (a.ship_type, b.ship_type) {
        (30, 30) => "fishing",
        (50..=53, 50..=53) => "pilot_station",
        _ if sa.nav_status == 1 && sb.nav_status == 1 => "anchorage",
        _ => "chance",
    }
}

/// Spoofing truth: an MMSI broadcast by more than one vessel at once, over the time
/// they both transmit (a stolen identity, or two sets sharing a number). The cause is
/// the label of a staged pair with one of the vessels, else `shared_mmsi`.
pub(super) fn shared_mmsis(
    vessels: &[Vessel],
    (start_ms, end_ms): (i64, i64),
    labels: &PairLabels,
) -> Vec<Event> {
    let step_ms = EncounterConfig::default().resample_step_ms;
    let mut by_mmsi: BTreeMap<u32, Vec<&Vessel>> = BTreeMap::new();
    for vessel in vessels {
        by_mmsi.entry(vessel.mmsi).or_default().push(vessel);
    }
    let mut events = Vec::new();
    for (mmsi, sharing) in by_mmsi.into_iter().filter(|(_, v)| v.len() > 1) {
        let both: Vec<i64> = (0..)
            .map(|k| start_ms + k * step_ms)
            .take_while(|&t| t < end_ms)
            .filter(|&t| sharing.iter().filter(|v| v.transmitting_at(t)).count() > 1)
            .collect();
        let (Some(&first), Some(&last)) = (both.first(), both.last()) else { continue };
        let cause = labels
            .iter()
            .find(|((a, b), label)| (*a == mmsi || *b == mmsi) && label.as_str() != "sts_transfer")
            .map_or("shared_mmsi", |(_, label)| label.as_str());
        let at = sharing[0].state_at(first).map_or((f64::NAN, f64::NAN), |s| (s.lat_deg, s.lon_deg));
        let mut details = Map::new();
        details.insert("cause".into(), json!(cause));
        details.insert("confounder".into(), json!(cause));
        details.insert("transmitters".into(), json!(sharing.len()));
        events.push(
            Event::new(EventKind::Spoofing, vec![mmsi], first, last, at, 1.0, details)
                .qualified("shared_mmsi"),
        );
    }
    events
}

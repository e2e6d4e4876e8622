//! Spoofing: signs that a vessel's positions or identity are false. Per vessel
//! ([`detect`]): impossible jumps between its segments, positions far inland, and an
//! MMSI no ship may carry. Over all vessels ([`shared_positions`]): several MMSIs
//! reporting the same position at the same time. Circle and grid patterns (positions
//! laid out by software) are not detected yet.
//!
//! Every event has `details.signal` (`impossible_jump`, `on_land`, `invalid_mmsi`,
//! `shared_position`), its evidence, and `confidence_reasons`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, VecDeque};

use smallvec::SmallVec;

use serde_json::{json, Map, Value};

use super::{check_positive, implied_speed_knots, ConfigError, ConfigValue};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::{haversine_distance_m, EARTH_RADIUS_M};
use crate::geo::{Land, MidTable, MmsiValidity, Ports};
use crate::store::TrackPoint;
use crate::track::{TrackedPoint, VesselTracks};

/// Thresholds of the spoofing detector.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpoofingConfig {
    /// A move between two segments of one MMSI faster than this is impossible.
    /// Default 50 kn: twice the tracker's 25 kn continuation limit, beyond any
    /// merchant ship.
    pub max_jump_speed_knots: f64,
    /// Shorter moves are not reported, however fast: GPS noise and receive-time
    /// jitter give absurd speeds over short distances. Default 10 km.
    pub min_jump_distance_m: f64,
    /// A position on land further than this from the coastline is false; nearer, it
    /// may be a berth the coastline data puts ashore. Default 1 km.
    pub max_inland_m: f64,
    /// Within this distance of a World Port Index port, a position on land is a
    /// berth or a river approach the coarse coastline puts ashore (Zhenhai's
    /// reference point is 2.5 km inland), never spoofing. Default 10 km: the GFW
    /// encounter's port distance, within which river ports' approaches lie.
    pub on_land_port_radius_m: f64,
    /// Reports of two MMSIs within this distance ... Default 10 m (the tracker's
    /// duplicate distance).
    pub shared_position_radius_m: f64,
    /// ... and this time are the same position. Default 10 s.
    pub shared_position_window_ms: i64,
    /// A pair of MMSIs is reported only with at least this many coincident reports.
    /// Default 3: two ships passing close, or a tug alongside, can read as one spot
    /// once or twice, as each fix is off by several metres (GPS's 95 % horizontal
    /// error is under 10 m; the simulator draws 4 m); one transmitter under two
    /// MMSIs, or a tool writing both, coincides at every report. At least 1.
    pub shared_position_min_reports: u32,
    /// More MMSIs than this on one spot at once are reported as one cluster, not as
    /// pairs ([`shared_positions`]). Default 8: a few vessels rafted up or a tug
    /// alongside a ship are pairs worth naming; beyond that the spot itself is the
    /// finding. At least 2.
    pub shared_position_max_vessels: u32,
    /// Impossible jumps between concurrent segments (one MMSI heard from two
    /// places at once) less than this apart are one episode, reported once.
    /// Default 8 h: the tracker's segmentation gap, within which two streams keep
    /// their segments open (`TrackConfig::max_gap_ms`).
    pub jump_episode_gap_ms: i64,
}

impl Default for SpoofingConfig {
    fn default() -> Self {
        SpoofingConfig {
            max_jump_speed_knots: 50.0,
            min_jump_distance_m: 10_000.0,
            max_inland_m: 1_000.0,
            on_land_port_radius_m: 10_000.0,
            shared_position_radius_m: 10.0,
            shared_position_window_ms: 10_000,
            shared_position_min_reports: 3,
            shared_position_max_vessels: 8,
            jump_episode_gap_ms: 8 * 3_600_000,
        }
    }
}

impl SpoofingConfig {
    /// Checks every threshold is positive (and finite); the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            "spoofing",
            &[
                ("max_jump_speed_knots", self.max_jump_speed_knots),
                ("min_jump_distance_m", self.min_jump_distance_m),
                ("max_inland_m", self.max_inland_m),
                ("on_land_port_radius_m", self.on_land_port_radius_m),
                ("shared_position_radius_m", self.shared_position_radius_m),
            ],
            &[
                ("shared_position_window_ms", self.shared_position_window_ms),
                ("jump_episode_gap_ms", self.jump_episode_gap_ms),
            ],
        )?;
        if self.shared_position_min_reports < 1 {
            return Err(ConfigError::out_of_range(
                "spoofing",
                "shared_position_min_reports",
                ConfigValue::Integer(i64::from(self.shared_position_min_reports)),
                "at least 1",
            ));
        }
        if self.shared_position_max_vessels < 2 {
            return Err(ConfigError::out_of_range(
                "spoofing",
                "shared_position_max_vessels",
                ConfigValue::Integer(i64::from(self.shared_position_max_vessels)),
                "at least 2",
            ));
        }
        Ok(())
    }
}

/// The per-vessel signs in one vessel's tracks, in time order:
///
/// - `impossible_jump`: consecutive points (over all its segments, in time order) in
///   different segments, at least `min_jump_distance_m` apart and reached faster
///   than `max_jump_speed_knots`; one event per jump, from the point left to the
///   point reached — except between concurrent segments (two transmitters under
///   one MMSI, whose reports alternate): there the jumps less than
///   `jump_episode_gap_ms` apart are one episode and one event, from the first
///   jump to the last, with their count in `jumps`.
/// - `on_land`: per segment, the points on land more than `max_inland_m` from the
///   coastline and beyond `on_land_port_radius_m` of every port; one event from the
///   first to the last, at the furthest inland.
/// - `invalid_mmsi`: the MMSI is a placeholder, too short, of no assigned form, or has
///   an unallocated MID ([`MidTable::mmsi_validity`]); one event over all its points.
///   Other stations' numbers (aids to navigation, SARTs…) are not flagged.
///
/// The caller validates `config` ([`SpoofingConfig::validate`]).
pub fn detect(
    tracks: &VesselTracks,
    land: &Land,
    ports: &Ports,
    mids: &MidTable,
    config: &SpoofingConfig,
) -> Vec<Event> {
    let mmsi = tracks.mmsi;
    let mut events = Vec::new();
    // (segment index, point) over every segment, in time order.
    let mut points: Vec<(usize, &TrackPoint)> = Vec::new();
    for (s, segment) in tracks.segments.iter().enumerate() {
        points.extend(segment.points.iter().map(|t| (s, &t.point)));
        let places = Places { land, ports };
        on_land(mmsi, segment.id.index, segment.points.iter().map(|t| &t.point), places, config, &mut events);
    }
    points.sort_by_key(|&(s, p)| (p.time_ms, s));
    let mut episode: Vec<Jump> = Vec::new();
    for pair in points.windows(2) {
        let [(from_segment, from), (to_segment, to)] = [pair[0], pair[1]];
        if from_segment == to_segment {
            continue;
        }
        let Some(found) = jump(from, to, config) else { continue };
        if !(tracks.segments[from_segment].concurrent || tracks.segments[to_segment].concurrent) {
            events.extend(jumps_event(mmsi, &[found], false));
            continue;
        }
        if episode.last().is_some_and(|last| to.time_ms - last.to.time_ms > config.jump_episode_gap_ms) {
            events.extend(jumps_event(mmsi, &episode, true));
            episode.clear();
        }
        episode.push(found);
    }
    events.extend(jumps_event(mmsi, &episode, true));
    if let (Some(&(_, first)), Some(&(_, last))) = (points.first(), points.last()) {
        invalid_mmsi(mmsi, first, last, mids, &mut events);
    }
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

/// One impossible jump.
struct Jump<'a> {
    from: &'a TrackPoint,
    to: &'a TrackPoint,
    distance_m: f64,
    speed_knots: f64,
}

/// The jump from `from` to `to`, if it is far enough and too fast.
fn jump<'a>(from: &'a TrackPoint, to: &'a TrackPoint, config: &SpoofingConfig) -> Option<Jump<'a>> {
    let distance_m = haversine_distance_m(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
    let speed_knots = implied_speed_knots(distance_m, to.time_ms - from.time_ms);
    (distance_m >= config.min_jump_distance_m && speed_knots > config.max_jump_speed_knots).then_some(Jump {
        from,
        to,
        distance_m,
        speed_knots,
    })
}

/// The detail of an impossible-jump event that says whether its jumps are between
/// concurrent segments (two transmitters under one MMSI at once).
pub const CONCURRENT_SEGMENTS: &str = "concurrent_segments";

/// One event for `jumps` (time order; none for none): a single jump, or an
/// episode of jumps between `concurrent` segments.
fn jumps_event(mmsi: u32, jumps: &[Jump], concurrent: bool) -> Option<Event> {
    let (first, last) = (jumps.first()?, jumps.last()?);
    let mut reasons = vec!["position reached at an impossible speed"];
    let confidence = if concurrent {
        reasons.push("the MMSI reports from two places over the same time (concurrent segments)");
        0.8
    } else {
        0.6
    };
    let mut details = signal("impossible_jump", &reasons);
    details.insert(CONCURRENT_SEGMENTS.into(), json!(concurrent));
    let widest = jumps.iter().max_by(|a, b| a.distance_m.total_cmp(&b.distance_m)).unwrap_or(first);
    details.insert("jumps".into(), json!(jumps.len()));
    details.insert("jump_distance_m".into(), json!(widest.distance_m));
    // An infinite speed (no time between the points) is not JSON: null.
    let speed_knots = jumps
        .iter()
        .map(|j| j.speed_knots)
        .filter(|s| s.is_finite())
        .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))));
    details.insert("implied_speed_knots".into(), json!(speed_knots));
    details.insert("from".into(), json!([widest.from.lat_deg, widest.from.lon_deg]));
    details.insert("to".into(), json!([widest.to.lat_deg, widest.to.lon_deg]));
    Some(spoofing_event(
        vec![mmsi],
        first.from.time_ms,
        last.to.time_ms,
        (first.to.lat_deg, first.to.lon_deg),
        confidence,
        details,
    ))
}

/// The reference data `on_land` judges positions with.
#[derive(Clone, Copy)]
struct Places<'a> {
    land: &'a Land,
    ports: &'a Ports,
}

fn on_land<'a>(
    mmsi: u32,
    segment_index: u64,
    points: impl Iterator<Item = &'a TrackPoint>,
    Places { land, ports }: Places,
    config: &SpoofingConfig,
    events: &mut Vec<Event>,
) {
    // (first, last, deepest point and its distance inland, count)
    let mut found: Option<(&TrackPoint, &TrackPoint, &TrackPoint, f64, u64)> = None;
    for p in points {
        // Most positions are at sea: the one-bit land test spares their coastline distance.
        if !land.is_on_land(p.lat_deg, p.lon_deg) {
            continue;
        }
        let Some(shore) = land.locate(p.lat_deg, p.lon_deg) else { continue };
        if !shore.on_land
            || shore.coastline_distance_m <= config.max_inland_m
            || ports.nearest(p.lat_deg, p.lon_deg).is_some_and(|(_, d_m)| d_m <= config.on_land_port_radius_m)
        {
            continue;
        }
        let inland_m = shore.coastline_distance_m;
        found = Some(match found {
            None => (p, p, p, inland_m, 1),
            Some((first, _, deepest, deepest_m, count)) if deepest_m >= inland_m => {
                (first, p, deepest, deepest_m, count + 1)
            }
            Some((first, _, _, _, count)) => (first, p, p, inland_m, count + 1),
        });
    }
    let Some((first, last, deepest, inland_m, count)) = found else { return };
    let mut reasons = vec!["positions on land beyond the tolerance inland"];
    let confidence = if inland_m > 10.0 * config.max_inland_m {
        reasons.push("more than ten times the tolerance inland");
        0.9
    } else {
        0.7
    };
    let mut details = signal("on_land", &reasons);
    details.insert("max_inland_m".into(), json!(inland_m));
    details.insert("points_on_land".into(), json!(count));
    details.insert("segment".into(), json!(segment_index));
    events.push(spoofing_event(
        vec![mmsi],
        first.time_ms,
        last.time_ms,
        (deepest.lat_deg, deepest.lon_deg),
        confidence,
        details,
    ));
}

fn invalid_mmsi(mmsi: u32, first: &TrackPoint, last: &TrackPoint, mids: &MidTable, events: &mut Vec<Event>) {
    let (verdict, confidence, reason) = match mids.mmsi_validity(mmsi) {
        MmsiValidity::Placeholder => (json!("placeholder"), 0.9, "a placeholder number, not an identity"),
        MmsiValidity::UnallocatedMid { mid } => {
            (json!({ "unallocated_mid": mid }), 0.8, "the MID is allocated to no country")
        }
        MmsiValidity::TooShort { digit_count } => {
            (json!({ "too_short_digits": digit_count }), 0.6, "fewer than nine digits")
        }
        MmsiValidity::Invalid => {
            (json!("invalid"), 0.8, "nine digits of no assigned form, or more than nine")
        }
        MmsiValidity::Ship { .. } | MmsiValidity::OtherStation(_) => return,
    };
    let mut details = signal("invalid_mmsi", &[reason]);
    details.insert("mmsi_verdict".into(), verdict);
    events.push(spoofing_event(
        vec![mmsi],
        first.time_ms,
        last.time_ms,
        (first.lat_deg, first.lon_deg),
        confidence,
        details,
    ));
}

/// Details with the signal's name and the reasons behind the confidence.
/// A spoofing event whose id names its signal (from `details.signal`): one vessel can
/// show several signals starting at the same moment (an invalid MMSI and a jump at its
/// first point), and each must keep its own id.
fn spoofing_event(
    vessels: Vec<u32>,
    start_ms: i64,
    end_ms: i64,
    at: (f64, f64),
    confidence: f64,
    details: Map<String, Value>,
) -> Event {
    let signal = details.get("signal").and_then(Value::as_str).unwrap_or_default().to_owned();
    Event::new(EventKind::Spoofing, vessels, start_ms, end_ms, at, confidence, details).qualified(&signal)
}

fn signal(name: &str, reasons: &[&str]) -> Map<String, Value> {
    let mut details = Map::new();
    details.insert("signal".into(), json!(name));
    details.insert("confidence_reasons".into(), json!(reasons));
    details
}

/// MMSIs reporting the same position at the same time: reports within
/// `shared_position_radius_m` and `shared_position_window_ms` of each other.
///
/// - A pair of MMSIs with at least `shared_position_min_reports` coincidences gives
///   one `shared_position` event (vessels ascending) from the first coincidence to the
///   last (the lower MMSI's reports), with their count in `coincident_reports`. Pairs
///   with fewer are left out, of the spots below too.
/// - A crowded spot - more than `shared_position_max_vessels` MMSIs heard within one
///   radius-sized cell over one window - gives one `shared_position` event for the
///   whole cluster instead of a quadratic number of pairs: `details.cluster` is true,
///   `vessel_count` counts its MMSIs, `coincident_reports` its reports, and `vessels`
///   names the lowest [`CLUSTER_VESSELS_LISTED`] MMSIs. A cluster lasts while its cells
///   keep being heard (no silence longer than the window); neighbouring crowded cells
///   join one cluster. The pairs among a cluster's MMSIs found before it got crowded
///   are subsumed in it and not reported.
/// - A spot shared by more than `shared_position_max_vessels` MMSIs over the whole
///   run, though never at one moment (tugs taking turns at one berth): the pairs whose
///   first coincidences lie in touching cells are one spot, reported as one cluster
///   event as above, whose `coincident_reports` sums its pairs' counts.
///
/// One pair event is worth an investigator's
///   look; a thousand MMSIs on one spot are one finding (a spoofing tool, or a
///   simulator), and listing half a million pairs would bury everything else.
///
/// In order of start, then id.
///
/// Reports are swept in time order; only the reports of the last window are kept, in
/// a hash map of cells of the radius (on earth-centred coordinates, so the poles and
/// the antimeridian need no care), and each report is compared with those in its cell
/// and the 26 neighbouring ones. A crowded cell stops taking reports, so no report is
/// compared with more than 27 cells' worth of a bounded number of reports, whatever
/// the input: the work is linear in the reports.
///
/// The caller validates `config` ([`SpoofingConfig::validate`]).
pub fn shared_positions(vessels: &[VesselTracks], config: &SpoofingConfig) -> Vec<Event> {
    shared_positions_in_order(in_time_order(vessels).map(Report::of), config)
}

/// [`shared_positions`] over reports already in the order it sweeps them: by time,
/// then MMSI, then the segment's index, then the point's place in its segment.
/// For a caller that does not hold the tracks (the streaming run keeps only these
/// 32-byte reports), the same reports in this order give the same events.
pub fn shared_positions_in_order(
    reports: impl IntoIterator<Item = Report>,
    config: &SpoofingConfig,
) -> Vec<Event> {
    let mut sweep = Sweep::new(config);
    for p in reports {
        sweep.add(p);
    }
    sweep.finish()
}

/// What the shared-position sweep reads of a position report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub mmsi: u32,
    /// UTC ms since the epoch.
    pub time_ms: i64,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

impl Report {
    /// The report of a stored point.
    pub fn of(p: &TrackPoint) -> Report {
        Report { mmsi: p.mmsi, time_ms: p.time_ms, lat_deg: p.lat_deg, lon_deg: p.lon_deg }
    }
}

/// At most this many MMSIs are named in a cluster's `vessels` (the lowest ones); its
/// `vessel_count` has them all.
pub const CLUSTER_VESSELS_LISTED: usize = 20;

/// A cell stops taking reports when it holds this many times
/// `shared_position_max_vessels` reports of the last window, whatever their MMSIs:
/// the bound on the comparisons per report.
const CELL_REPORTS_PER_VESSEL: usize = 8;

/// Every point of every segment, merged by (time, MMSI, segment): each segment's
/// points are in time order, so a heap of one cursor per segment does it without
/// copying the points.
fn in_time_order(vessels: &[VesselTracks]) -> impl Iterator<Item = &TrackPoint> {
    let segments: Vec<&[TrackedPoint]> =
        vessels.iter().flat_map(|v| v.segments.iter()).map(|s| s.points.as_slice()).collect();
    fn key(segments: &[&[TrackedPoint]], s: usize, i: usize) -> Option<Reverse<(i64, u32, usize, usize)>> {
        segments[s].get(i).map(|t| Reverse((t.point.time_ms, t.point.mmsi, s, i)))
    }
    let mut heap: BinaryHeap<_> = (0..segments.len()).filter_map(|s| key(&segments, s, 0)).collect();
    std::iter::from_fn(move || {
        let Reverse((_, _, s, i)) = heap.pop()?;
        if let Some(next) = key(&segments, s, i + 1) {
            heap.push(next);
        }
        Some(&segments[s][i].point)
    })
}

type Cell = [i64; 3];

/// The state of a sweep over reports in time order ([`shared_positions`]).
struct Sweep<'a> {
    config: &'a SpoofingConfig,
    /// Reports of the last window per cell, oldest first (none once crowded).
    cells: HashMap<Cell, CellState, CellBuild>,
    /// Every report taken into a cell, oldest first, to evict them in order.
    recent: VecDeque<(i64, Cell)>,
    /// Per pair of MMSIs, ordered for a deterministic output.
    pairs: BTreeMap<(u32, u32), Pair>,
    clusters: Vec<Cluster>,
    /// Cells left by the last sweep of silent ones ([`Sweep::evict`]).
    cells_after_sweep: usize,
    /// Reports held per block of [`BLOCK_CELLS`]³ cells: a report whose 27
    /// neighbouring cells lie in blocks holding none (most reports, out at sea) is
    /// compared with nothing, without looking the 27 cells up.
    held: HashMap<Cell, usize, CellBuild>,
    /// Scratch space for counting a cell's MMSIs without allocating.
    mmsis: Vec<u32>,
}

/// Cells per block side of [`Sweep::held`].
const BLOCK_CELLS: i64 = 4;

fn block(key: Cell) -> Cell {
    key.map(|c| c.div_euclid(BLOCK_CELLS))
}

#[derive(Default)]
struct CellState {
    /// In time order. Most cells of a 10 m grid hear one report: held inline.
    reports: SmallVec<[Report; 2]>,
    /// The cluster the cell belongs to while crowded.
    cluster: Option<usize>,
    last_heard_ms: i64,
}

/// Two MMSIs' coincidences: the lower MMSI's first and last coincident reports, their
/// count, and the cell of the first.
struct Pair {
    first: Report,
    last: Report,
    count: u64,
    spot: Cell,
}

struct Cluster {
    first: Report,
    last_ms: i64,
    vessels: BTreeSet<u32>,
    reports: u64,
}

type FoldBuild = foldhash::fast::FixedState;

/// The hasher of the sweep's cell maps, looked up many times per report: the
/// three coordinates in three multiply-rotate steps, where a general hasher
/// takes the array as a byte slice (a fifth of the sweep's time at 50,000
/// vessels). Not a keyed hash: positions are untrusted, but the maps hold only
/// the cells of the last window, so keys a feed could make collide cost probes
/// among those few, never a growing table.
#[derive(Default, Clone, Copy)]
struct CellHasher(u64);

impl CellHasher {
    fn add(&mut self, word: u64) {
        // The multiplier of FxHash (odd, bits spread).
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for CellHasher {
    fn finish(&self) -> u64 {
        // The table indexes by the low bits: fold the well-mixed high ones in.
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0_u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    // An array's length prefix: the same for every cell.
    fn write_usize(&mut self, _: usize) {}
    fn write_i64(&mut self, value: i64) {
        self.add(u64::from_le_bytes(value.to_le_bytes()));
    }
}

type CellBuild = std::hash::BuildHasherDefault<CellHasher>;

impl<'a> Sweep<'a> {
    fn new(config: &'a SpoofingConfig) -> Self {
        Sweep {
            config,
            cells: HashMap::with_hasher(CellBuild::default()),
            recent: VecDeque::new(),
            pairs: BTreeMap::new(),
            clusters: Vec::new(),
            cells_after_sweep: 0,
            held: HashMap::with_hasher(CellBuild::default()),
            mmsis: Vec::new(),
        }
    }

    fn add(&mut self, p: Report) {
        let window_ms = self.config.shared_position_window_ms;
        self.evict(p.time_ms - window_ms);
        let key = cell(&p, self.config);
        let state = self.cells.entry(key).or_default();
        if state.last_heard_ms < p.time_ms - window_ms {
            // Silent for longer than the window: a crowd here is over.
            state.cluster = None;
        }
        state.last_heard_ms = p.time_ms;
        if let Some(c) = state.cluster {
            self.clusters[c].take(&p);
            return;
        }
        let near = |c: i64| (c - 1).div_euclid(BLOCK_CELLS)..=(c + 1).div_euclid(BLOCK_CELLS);
        let anyone_near = near(key[0]).any(|x| {
            near(key[1]).any(|y| near(key[2]).any(|z| self.held.get(&[x, y, z]).is_some_and(|&n| n > 0)))
        });
        for neighbour in neighbours(key).filter(|_| anyone_near) {
            let Some(other) = self.cells.get(&neighbour) else { continue };
            for q in &other.reports {
                if q.mmsi == p.mmsi
                    || haversine_distance_m(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg)
                        > self.config.shared_position_radius_m
                {
                    continue;
                }
                // Attributed to the lower MMSI's report.
                let (low, pair) =
                    if p.mmsi < q.mmsi { (p, (p.mmsi, q.mmsi)) } else { (*q, (q.mmsi, p.mmsi)) };
                let entry =
                    self.pairs.entry(pair).or_insert(Pair { first: low, last: low, count: 0, spot: key });
                if low.time_ms < entry.first.time_ms {
                    entry.first = low;
                }
                if low.time_ms > entry.last.time_ms {
                    entry.last = low;
                }
                entry.count += 1;
            }
        }
        let max_vessels = usize::try_from(self.config.shared_position_max_vessels).unwrap_or(usize::MAX);
        let Some(state) = self.cells.get_mut(&key) else { return };
        state.reports.push(p);
        *self.held.entry(block(key)).or_default() += 1;
        self.recent.push_back((p.time_ms, key));
        // Counting the MMSIs only once there are enough reports to exceed the limit.
        let crowded = state.reports.len() > max_vessels.saturating_mul(CELL_REPORTS_PER_VESSEL)
            || (state.reports.len() > max_vessels && {
                self.mmsis.clear();
                self.mmsis.extend(state.reports.iter().map(|q| q.mmsi));
                self.mmsis.sort_unstable();
                self.mmsis.dedup();
                self.mmsis.len() > max_vessels
            });
        if crowded {
            self.crowd(key);
        }
    }

    /// Turns the cell into (part of) a cluster: its reports go to the cluster of a
    /// crowded neighbouring cell, or to a new one.
    fn crowd(&mut self, key: Cell) {
        let heard_since_ms =
            self.cells.get(&key).map_or(0, |s| s.last_heard_ms) - self.config.shared_position_window_ms;
        let joined = neighbours(key).find_map(|n| {
            self.cells.get(&n).filter(|s| s.last_heard_ms >= heard_since_ms).and_then(|s| s.cluster)
        });
        let c = joined.unwrap_or(self.clusters.len());
        let Some(state) = self.cells.get_mut(&key) else { return };
        let reports: Vec<Report> = state.reports.drain(..).collect();
        state.cluster = Some(c);
        self.release(key, reports.len());
        if joined.is_none() {
            let Some(first) = reports.iter().copied().min_by_key(|q| q.time_ms) else { return };
            self.clusters.push(Cluster {
                first,
                last_ms: first.time_ms,
                vessels: BTreeSet::new(),
                reports: 0,
            });
        }
        for q in reports {
            self.clusters[c].take(&q);
        }
    }

    /// Forgets the reports older than `oldest_ms`, and the cells silent since.
    fn evict(&mut self, oldest_ms: i64) {
        while let Some(&(time_ms, key)) = self.recent.front() {
            if time_ms >= oldest_ms {
                break;
            }
            self.recent.pop_front();
            if let Some(state) = self.cells.get_mut(&key) {
                // A cell holds at most `CELL_REPORTS_PER_VESSEL` times the vessel
                // limit: removing the first shifts few.
                if !state.reports.is_empty() {
                    state.reports.remove(0);
                    self.release(key, 1);
                }
            }
        }
        // Emptied cells (and crowded ones, which take no reports) are dropped when
        // silent, in a sweep whenever the map has doubled since the last one.
        if self.cells.len() > 2 * self.cells_after_sweep + 64 {
            self.cells.retain(|_, s| !s.reports.is_empty() || s.last_heard_ms >= oldest_ms);
            self.cells_after_sweep = self.cells.len();
        }
    }

    /// `count` reports left the cell `key`.
    fn release(&mut self, key: Cell, count: usize) {
        if let std::collections::hash_map::Entry::Occupied(mut held) = self.held.entry(block(key)) {
            *held.get_mut() = held.get().saturating_sub(count);
            if *held.get() == 0 {
                held.remove();
            }
        }
    }

    fn finish(self) -> Vec<Event> {
        let max_vessels = usize::try_from(self.config.shared_position_max_vessels).unwrap_or(usize::MAX);
        let min_reports = u64::from(self.config.shared_position_min_reports);
        let mut pairs = self.pairs;
        pairs.retain(|_, pair| pair.count >= min_reports);
        let mut clusters = self.clusters;
        // The live clusters each MMSI belongs to, to drop the pairs they subsume.
        let mut member: HashMap<u32, Vec<usize>, FoldBuild> = HashMap::with_hasher(FoldBuild::default());
        for (c, cluster) in clusters.iter().enumerate() {
            for &mmsi in &cluster.vessels {
                member.entry(mmsi).or_default().push(c);
            }
        }
        let subsumed = |a: u32, b: u32| {
            let (Some(ca), Some(cb)) = (member.get(&a), member.get(&b)) else { return false };
            ca.iter().any(|c| cb.contains(c))
        };
        // A spot shared over the day, never crowded at one moment (tugs taking turns
        // at one berth, a slow spoofing tool): the pairs whose cells touch are one
        // spot, and a spot of more than `max_vessels` MMSIs is a cluster too.
        let spots = Spots::of(pairs.values().map(|pair| pair.spot));
        let mut vessels_at: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); spots.len()];
        for (&(a, b), pair) in &pairs {
            vessels_at[spots.of_cell(pair.spot)].extend([a, b]);
        }
        let mut spot_cluster: Vec<Option<usize>> = vec![None; spots.len()];
        let mut events = Vec::new();
        for ((a, b), pair) in pairs {
            if subsumed(a, b) {
                continue;
            }
            let spot = spots.of_cell(pair.spot);
            if vessels_at[spot].len() <= max_vessels {
                events.push(pair_event(a, b, &pair));
                continue;
            }
            let c = *spot_cluster[spot].get_or_insert_with(|| {
                clusters.push(Cluster {
                    first: pair.first,
                    last_ms: pair.last.time_ms,
                    vessels: BTreeSet::new(),
                    reports: 0,
                });
                clusters.len() - 1
            });
            let cluster = &mut clusters[c];
            if pair.first.time_ms < cluster.first.time_ms {
                cluster.first = pair.first;
            }
            cluster.last_ms = cluster.last_ms.max(pair.last.time_ms);
            cluster.vessels.extend([a, b]);
            cluster.reports += pair.count;
        }
        events.extend(clusters.into_iter().filter(|c| c.vessels.len() >= 2).map(Cluster::into_event));
        events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
        events
    }
}

fn pair_event(a: u32, b: u32, pair: &Pair) -> Event {
    let mut reasons = vec!["two MMSIs report one position at one time"];
    let confidence = if pair.count >= 3 {
        reasons.push("at least three coincident reports");
        0.9
    } else {
        0.7
    };
    let mut details = signal("shared_position", &reasons);
    details.insert("coincident_reports".into(), json!(pair.count));
    let (first, last) = (pair.first, pair.last);
    spoofing_event(
        vec![a, b],
        first.time_ms,
        last.time_ms,
        (first.lat_deg, first.lon_deg),
        confidence,
        details,
    )
}

/// The cells where pairs were found, joined into spots where they touch (union-find).
struct Spots {
    index: HashMap<Cell, usize, FoldBuild>,
    parent: Vec<usize>,
}

impl Spots {
    fn of(cells: impl Iterator<Item = Cell>) -> Spots {
        let mut index = HashMap::with_hasher(FoldBuild::default());
        for key in cells {
            let next = index.len();
            index.entry(key).or_insert(next);
        }
        let mut spots = Spots { parent: (0..index.len()).collect(), index: HashMap::default() };
        for (&key, &i) in &index {
            for n in neighbours(key).filter_map(|n| index.get(&n)) {
                let (root_i, root_n) = (spots.root(i), spots.root(*n));
                // The lower root wins: the same cells give the same roots.
                spots.parent[root_i.max(root_n)] = root_i.min(root_n);
            }
        }
        spots.index = index;
        spots
    }

    fn len(&self) -> usize {
        self.parent.len()
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// The spot of a cell given to [`Spots::of`] (its root, fully compressed).
    fn of_cell(&self, key: Cell) -> usize {
        let mut i = self.index.get(&key).copied().unwrap_or(0);
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }
}

impl Cluster {
    fn into_event(self) -> Event {
        let mut details = signal(
            "shared_position",
            &["many MMSIs report one position at one time", "a crowded spot: reported as one cluster"],
        );
        details.insert("cluster".into(), json!(true));
        details.insert("vessel_count".into(), json!(self.vessels.len()));
        details.insert("coincident_reports".into(), json!(self.reports));
        let listed = self.vessels.into_iter().take(CLUSTER_VESSELS_LISTED).collect();
        let first = self.first;
        spoofing_event(listed, first.time_ms, self.last_ms, (first.lat_deg, first.lon_deg), 0.9, details)
    }

    fn take(&mut self, p: &Report) {
        self.vessels.insert(p.mmsi);
        self.reports += 1;
        self.last_ms = self.last_ms.max(p.time_ms);
    }
}

/// The grid cell of a point: earth-centred x, y, z in units of the radius. The chord
/// is never longer than the arc, so points within the radius are in the same or
/// neighbouring cells.
fn cell(p: &Report, config: &SpoofingConfig) -> Cell {
    let (lat, lon) = (p.lat_deg.to_radians(), p.lon_deg.to_radians());
    let size_m = config.shared_position_radius_m;
    // Cell numbers of finite coordinates, far inside i64: the float casts are exact.
    let axis = |unit: f64| (unit * EARTH_RADIUS_M / size_m).floor() as i64;
    [axis(lat.cos() * lon.cos()), axis(lat.cos() * lon.sin()), axis(lat.sin())]
}

/// The cell and its 26 neighbours.
fn neighbours(key: Cell) -> impl Iterator<Item = Cell> {
    (0..27_i64).map(move |n| [key[0] + n % 3 - 1, key[1] + n / 3 % 3 - 1, key[2] + n / 9 - 1])
}

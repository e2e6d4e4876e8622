//! The whole detection pipeline over a store: every detector, wired once.
//!
//! [`run_all`] reads positions vessel by vessel, tracks them and runs the
//! per-vessel detectors (gaps, port visits, loitering, spoofing); then the
//! pairwise ones over all segments (encounters, weighed into STS transfers with
//! facts from the static reports' identity histories), the identity and
//! draught detectors over those histories, and the cross-vessel checks
//! (`shared_positions`, `shared_imos`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use super::ais_gap::{self, AisGapConfig, GridCoverage};
use super::draught_change::{DraughtChangeConfig, DraughtChangeDetector};
use super::encounter::{EncounterConfig, EncounterDetector};
use super::identity_change::{IdentityChangeConfig, IdentityChangeDetector};
use super::loitering::{self, LoiteringConfig};
use super::port_visit::{self, PortVisitConfig};
use super::spoofing::{self, SpoofingConfig};
use super::sts_transfer::{StsConfig, StsDetector, VesselFacts};
use super::ConfigError;
use crate::event::{sort_events, Event, EventKind};
use crate::geo::{Land, MidTable, Ports};
use crate::store::{PositionReader, StaticReader, TimeRange};
use crate::track::identity::{HistoryConfig, IdentityHistory};
use crate::track::{TrackConfig, Tracker, VesselTracks};

/// Cell size of the coverage grid the gap detector asks whether anybody else
/// was heard near a gap (the size [`GridCoverage::new`] recommends).
pub const COVERAGE_CELL_DEG: f64 = 0.5;

/// Vessels tracked in parallel at a time: enough to keep every core busy, few
/// enough that their raw positions are a small part of the memory.
const TRACK_BATCH_VESSELS: usize = 256;

/// Every stage's thresholds; the defaults are each detector's own. In TOML, one
/// table per stage (`[track]`, `[history]`, `[ais_gap]`, ..., `[draught_change]`)
/// with that config's field names; missing fields keep their defaults.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectConfig {
    pub window: WindowConfig,
    pub track: TrackConfig,
    pub history: HistoryConfig,
    pub ais_gap: AisGapConfig,
    pub port_visit: PortVisitConfig,
    pub loitering: LoiteringConfig,
    pub spoofing: SpoofingConfig,
    pub encounter: EncounterConfig,
    pub sts_transfer: StsConfig,
    pub identity_change: IdentityChangeConfig,
    pub draught_change: DraughtChangeConfig,
}

/// How a run over a time window reads around it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WindowConfig {
    /// Data read on each side of a bounded window, so that an event starting in
    /// the window is seen whole and one starting before it is recognised as the
    /// previous window's. Default 24 h: longer than GFW's 8 h segmentation gap
    /// and the detectors' minimum durations, so every kind's evidence fits. An
    /// event still open `halo_ms` after the window's end is cut there, and a gap
    /// longer than the halo across a window edge is not seen by a windowed run;
    /// a run over the whole store (no `--from`/`--to`) has no edges.
    pub halo_ms: i64,
}

impl Default for WindowConfig {
    fn default() -> Self {
        WindowConfig { halo_ms: 24 * 3_600_000 }
    }
}

impl WindowConfig {
    /// # Errors
    /// A halo that is not positive.
    pub fn validate(&self) -> Result<(), ConfigError> {
        super::check_positive("window", &[], &[("halo_ms", self.halo_ms)])
    }
}

impl DetectConfig {
    /// Parses a TOML configuration and validates it ([`validate`]); an unknown
    /// field or a value of the wrong type is an error naming the field.
    pub fn from_toml(text: &str) -> Result<DetectConfig, Error> {
        let config: DetectConfig = toml::from_str(text).map_err(|e| Error::Toml(Box::new(e)))?;
        validate(&config)?;
        Ok(config)
    }
}

/// Why a run could not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TOML configuration could not be parsed (its message names the field).
    #[error("config: {0}")]
    Toml(Box<toml::de::Error>),
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] crate::store::Error),
    /// The tracker's configuration was rejected, or a vessel broke its contract.
    #[error(transparent)]
    Track(#[from] crate::track::Error),
    /// A detector's configuration was rejected.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The embedded reference data could not be loaded.
    #[error(transparent)]
    Geo(#[from] crate::geo::Error),
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct DetectRun {
    /// All events, in [`sort_events`] order.
    pub events: Vec<Event>,
    /// Events per kind.
    pub counts: BTreeMap<EventKind, usize>,
    /// Vessels whose positions were read.
    pub vessels: usize,
    /// Positions read.
    pub positions: usize,
    /// Events that came with the id of an earlier, different event and were
    /// renamed `<id>~<n>` (a detector's id scheme too coarse; reported, not fatal).
    pub id_collisions: usize,
}

/// Makes ids unique in sorted `events`: an exact repeat of an event is dropped,
/// a different event with a taken id becomes `<id>~2`, `<id>~3`, ... in order.
/// Returns how many were renamed.
fn disambiguate_ids(events: &mut Vec<Event>) -> usize {
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut renamed = 0;
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    for mut event in events.drain(..) {
        match seen.get_mut(&event.id) {
            None => {
                seen.insert(event.id.clone(), (kept.len(), 1));
                kept.push(event);
            }
            Some((first, _)) if kept[*first] == event => {}
            Some((_, count)) => {
                *count += 1;
                event.id = format!("{}~{count}", event.id);
                renamed += 1;
                kept.push(event);
            }
        }
    }
    debug_assert_eq!(renamed, 0, "a detector gave one id to different events");
    *events = kept;
    renamed
}

/// Validates every stage's configuration; the error names the detector and field.
pub fn validate(config: &DetectConfig) -> Result<(), Error> {
    config.window.validate()?;
    config.track.validate()?;
    config.ais_gap.validate()?;
    config.port_visit.validate()?;
    config.loitering.validate()?;
    config.spoofing.validate()?;
    config.encounter.validate()?;
    config.sts_transfer.validate()?;
    config.identity_change.validate()?;
    config.draught_change.validate()?;
    Ok(())
}

/// Runs every detector over the store at `store_dir` for the window `range`:
/// positions and static reports within `range` widened by the configured halo
/// ([`WindowConfig`]) are read, and the events that start in `range` are kept
/// (the window owns them; see [`crate::store::events`]). `progress` is called
/// after each vessel tracked with the number of vessels so far.
///
/// All tracks are held in memory (the pairwise and cross-vessel detectors need
/// every segment at once), and the gap detector's [`GridCoverage`] is built
/// from all positions read. The same store, range and config give the same
/// events in the same order.
pub fn run_all(
    store_dir: &Path,
    range: TimeRange,
    config: &DetectConfig,
    mut progress: impl FnMut(usize),
) -> Result<DetectRun, Error> {
    validate(config)?;
    let tracker = Tracker::new(config.track.clone())?;
    let encounters_detector = EncounterDetector::new(config.encounter.clone())?;
    let sts_detector = StsDetector::new(config.sts_transfer.clone())?;
    let identity_detector = IdentityChangeDetector::new(config.identity_change)?;
    let draught_detector = DraughtChangeDetector::new(config.draught_change)?;
    let land = Land::embedded()?;
    let ports = Ports::embedded()?;
    let mids = MidTable::embedded()?;

    let mut run = DetectRun::default();
    let mut vessels: Vec<VesselTracks> = Vec::new();
    let read_range = range.widened(config.window.halo_ms);
    let mut reader = PositionReader::open(store_dir, read_range)?;
    // Vessels are read in batches and each batch tracked in parallel; a batch's
    // positions are dropped once tracked.
    let mut batch = Vec::with_capacity(TRACK_BATCH_VESSELS);
    loop {
        let vessel = reader.next_vessel()?;
        let done = vessel.is_none();
        if let Some(vessel) = vessel {
            run.positions += vessel.points.len();
            batch.push(vessel);
        }
        if batch.len() == TRACK_BATCH_VESSELS || (done && !batch.is_empty()) {
            let tracked: Vec<VesselTracks> = batch
                .par_iter()
                .map(|v| {
                    let mut tracks = tracker.track(v.mmsi, &v.points)?;
                    // Growth slack is a quarter of the points on average: not worth holding.
                    tracks.segments.iter_mut().for_each(|s| s.points.shrink_to_fit());
                    Ok(tracks)
                })
                .collect::<Result<_, crate::track::Error>>()?;
            for _ in &tracked {
                run.vessels += 1;
                progress(run.vessels);
            }
            vessels.extend(tracked);
            batch.clear();
        }
        if done {
            break;
        }
    }

    let coverage = GridCoverage::new(
        COVERAGE_CELL_DEG,
        vessels.iter().flat_map(|v| {
            v.segments.iter().flat_map(|s| {
                s.points.iter().map(|p| (p.point.mmsi, p.point.time_ms, p.point.lat_deg, p.point.lon_deg))
            })
        }),
    );
    // The per-vessel detectors over the vessels in parallel (in the vessels' order),
    // beside the sweep for shared positions.
    let (per_vessel, shared) = rayon::join(
        || {
            vessels
                .par_iter()
                .flat_map_iter(|tracks| {
                    let mut events = ais_gap::detect(tracks, &land, Some(&coverage), &config.ais_gap);
                    events.extend(port_visit::detect(tracks, &ports, &config.port_visit));
                    events.extend(loitering::detect(tracks, &land, &ports, &config.loitering));
                    events.extend(spoofing::detect(tracks, &land, &ports, &mids, &config.spoofing));
                    events
                })
                .collect::<Vec<Event>>()
        },
        || spoofing::shared_positions(&vessels, &config.spoofing),
    );
    let mut events = per_vessel;
    events.extend(shared);

    let mut histories = Vec::new();
    // Identities over the whole store, not the window: a name's or a draught's run
    // is a fact of the vessel's life, and an identity change found in a window
    // must read the same as one found by a whole-store run. Static reports are a
    // few per cent of the messages.
    let mut statics = StaticReader::open(store_dir, TimeRange::ALL)?;
    while let Some(vessel) = statics.next_vessel()? {
        histories.push(IdentityHistory::build(vessel.mmsi, &vessel.reports, &mids, &config.history));
    }
    let facts: HashMap<u32, VesselFacts> =
        histories.iter().map(|h| (h.mmsi, VesselFacts::from_history(h))).collect();

    let segments = || vessels.iter().flat_map(|v| v.segments.iter());
    let encounters = encounters_detector.detect(segments(), &ports);
    events.extend(encounters.iter().map(|e| e.to_event()));
    events.extend(sts_detector.detect(&encounters, segments(), &facts, &ports));

    // Each vessel's encounters and port visits, in the order found, gathered once:
    // filtering all events per vessel would be quadratic in the fleet.
    let mut context: HashMap<u32, Vec<Event>> = HashMap::new();
    for event in events.iter().filter(|e| matches!(e.kind, EventKind::Encounter | EventKind::PortVisit)) {
        let mut vessels = event.vessels.clone();
        vessels.sort_unstable();
        vessels.dedup();
        for mmsi in vessels {
            context.entry(mmsi).or_default().push(event.clone());
        }
    }
    for history in &histories {
        events.extend(identity_detector.detect(history));
        let context = context.get(&history.mmsi).map_or(&[][..], Vec::as_slice);
        events.extend(draught_detector.detect(history, context));
    }
    events.extend(identity_detector.shared_imos(&histories));

    // Events starting in the halo belong to the neighbouring windows.
    events.retain(|e| range.contains(e.start_ms));
    sort_events(&mut events);
    run.id_collisions = disambiguate_ids(&mut events);
    for event in &events {
        *run.counts.entry(event.kind).or_default() += 1;
    }
    run.events = events;
    Ok(run)
}

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
use super::dark_rendezvous::Fix;
use super::draught_change::{DraughtChangeConfig, DraughtChangeDetector};
use super::encounter::{EncounterConfig, EncounterDetector};
use super::identity_change::{self, IdentityChangeConfig, IdentityChangeDetector};
use super::index::Sample;
use super::loitering::{self, LoiteringConfig};
use super::port_visit::{self, PortVisitConfig};
use super::spoofing::{self, SpoofingConfig};
use super::sts_transfer::{StsConfig, StsDetector, VesselFacts};
use super::ConfigError;
use crate::event::{sort_events, Event, EventKind};
use crate::geo::{Land, MidTable, Ports};
use crate::store::{PositionReader, StaticReader, TimeRange, VesselPositions};
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
/// Vessels are streamed: read in batches (on a thread of their own), tracked and
/// run through the per-vessel detectors in parallel, then dropped. What the
/// cross-vessel stages need is kept in compact form ([`VesselPass`]): every
/// tracked point as a 32-byte report for the shared-position sweep and the gap
/// detector's [`GridCoverage`], the slow resampled steps and point times of the
/// vessels that could meet another (encounters, STS), and the whole tracks only
/// of vessels with a gap, whose coverage check waits for every vessel to be read.
/// The same store, range and config give the same events in the same order.
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
    let read_range = range.widened(config.window.halo_ms);
    let reader = PositionReader::open(store_dir, read_range)?;
    let mut kept = Kept::default();
    let mut coverage = GridCoverage::new(COVERAGE_CELL_DEG, []);
    let stage = Stage {
        tracker: &tracker,
        encounters: &encounters_detector,
        land: &land,
        ports: &ports,
        mids: &mids,
        config,
    };
    std::thread::scope(|scope| -> Result<(), Error> {
        // Reading (Parquet decoding and the merge of the day files) overlaps the
        // tracking of the batch before; one batch waits, so at most three are held.
        let (sender, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || read_batches(reader, &sender));
        for batch in batches {
            let batch = batch?;
            run.positions += batch.iter().map(|v| v.points.len()).sum::<usize>();
            let passes: Vec<VesselPass> =
                batch.par_iter().map(|v| stage.vessel(v)).collect::<Result<_, crate::track::Error>>()?;
            drop(batch);
            for pass in passes {
                coverage.extend(pass.reports.iter().map(|r| (r.mmsi, r.time_ms, r.lat_deg, r.lon_deg)));
                kept.add(pass);
                run.vessels += 1;
                progress(run.vessels);
            }
        }
        Ok(())
    })?;

    let Kept { events: mut per_vessel, gap_tracks, samples, fixes, mut reports } = kept;
    // The shared-position sweep (one core, the longest stage) beside everything
    // else, which needs every vessel read but not the sweep's events: the gaps'
    // coverage check, the encounters, the identities and the STS transfers.
    let (shared, others) = rayon::join(
        move || {
            reports.par_sort_unstable_by_key(|r| (r.time_ms, r.mmsi, r.segment));
            spoofing::shared_positions_in_order(reports.iter().map(SweepReport::report), &config.spoofing)
        },
        || -> Result<Vec<Event>, Error> {
            let (mut events, encounters) = rayon::join(
                || {
                    gap_tracks
                        .par_iter()
                        .flat_map_iter(|t| ais_gap::detect(t, &land, Some(&coverage), &config.ais_gap))
                        .collect::<Vec<Event>>()
                },
                || encounters_detector.detect_samples(samples, &ports),
            );
            events.append(&mut per_vessel);
            let histories = identity_histories(store_dir, &mids, config)?;
            let facts: HashMap<u32, VesselFacts> =
                histories.iter().map(|h| (h.mmsi, VesselFacts::from_history(h))).collect();
            events.extend(encounters.iter().map(|e| e.to_event()));
            events.extend(sts_detector.detect_with_fixes(&encounters, &fixes, &facts, &ports));

            // Each vessel's encounters and port visits, in the order found, gathered
            // once: filtering all events per vessel would be quadratic in the fleet.
            let mut context: HashMap<u32, Vec<Event>> = HashMap::new();
            for event in
                events.iter().filter(|e| matches!(e.kind, EventKind::Encounter | EventKind::PortVisit))
            {
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
            identity_change::fold_alternations_into_spoofing(&mut events);
            Ok(events)
        },
    );
    let mut events = others?;
    events.extend(shared);

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

/// Every vessel's identity history over the whole store, not the window: a
/// name's or a draught's run is a fact of the vessel's life, and an identity
/// change found in a window must read the same as one found by a whole-store
/// run. Static reports are a few per cent of the messages.
fn identity_histories(
    store_dir: &Path,
    mids: &MidTable,
    config: &DetectConfig,
) -> Result<Vec<IdentityHistory>, Error> {
    let mut histories = Vec::new();
    let mut statics = StaticReader::open(store_dir, TimeRange::ALL)?;
    while let Some(vessel) = statics.next_vessel()? {
        histories.push(IdentityHistory::build(vessel.mmsi, &vessel.reports, mids, &config.history));
    }
    Ok(histories)
}

/// The detectors and reference data every vessel goes through.
struct Stage<'a> {
    tracker: &'a Tracker,
    encounters: &'a EncounterDetector,
    land: &'a Land,
    ports: &'a Ports,
    mids: &'a MidTable,
    config: &'a DetectConfig,
}

/// One tracked point as the shared-position sweep and the coverage grid read it,
/// with its segment's index for the sweep's order: 32 bytes.
#[derive(Debug, Clone, Copy)]
struct SweepReport {
    time_ms: i64,
    lat_deg: f64,
    lon_deg: f64,
    mmsi: u32,
    /// The segment's index among its vessel's ([`crate::track::SegmentId::index`]),
    /// saturated (a vessel has fewer segments than points).
    segment: u32,
}

impl SweepReport {
    fn report(&self) -> spoofing::Report {
        spoofing::Report {
            mmsi: self.mmsi,
            time_ms: self.time_ms,
            lat_deg: self.lat_deg,
            lon_deg: self.lon_deg,
        }
    }
}

/// What one vessel leaves for the stages after the pass.
struct VesselPass {
    /// Its port visits, loitering and per-vessel spoofing events.
    events: Vec<Event>,
    /// Its tracks, only when it has a gap (whose coverage is checked after the pass).
    gap_tracks: Option<VesselTracks>,
    /// Its resampled steps that can count towards an encounter.
    samples: Vec<Sample>,
    /// Its reports as the STS detector reads them, in time order; only when it
    /// can take part in a meeting the STS detector looks at: it has such steps,
    /// slow reports (a partner or a crowd) or a silence (a dark rendezvous).
    fixes: Option<(u32, Vec<Fix>)>,
    /// Every tracked point.
    reports: Vec<SweepReport>,
}

/// Everything the vessels left, in their order.
#[derive(Default)]
struct Kept {
    events: Vec<Event>,
    gap_tracks: Vec<VesselTracks>,
    samples: Vec<Sample>,
    fixes: HashMap<u32, Vec<Fix>>,
    reports: Vec<SweepReport>,
}

impl Kept {
    fn add(&mut self, pass: VesselPass) {
        self.events.extend(pass.events);
        self.gap_tracks.extend(pass.gap_tracks);
        self.samples.extend(pass.samples);
        self.fixes.extend(pass.fixes);
        self.reports.extend(pass.reports);
    }
}

impl Stage<'_> {
    /// Tracks one vessel and runs the per-vessel detectors over it; the tracks
    /// are dropped unless it has a gap.
    fn vessel(&self, vessel: &VesselPositions) -> Result<VesselPass, crate::track::Error> {
        let config = self.config;
        let mut tracks = self.tracker.track(vessel.mmsi, &vessel.points)?;
        let mut events = port_visit::detect(&tracks, self.ports, &config.port_visit);
        events.extend(loitering::detect(&tracks, self.land, self.ports, &config.loitering));
        events.extend(spoofing::detect(&tracks, self.land, self.ports, self.mids, &config.spoofing));
        let mut samples = Vec::new();
        let mut reports = Vec::with_capacity(tracks.segments.iter().map(|s| s.points.len()).sum());
        for segment in &tracks.segments {
            self.encounters.candidate_samples(segment, &mut samples);
            let index = u32::try_from(segment.id.index).unwrap_or(u32::MAX);
            reports.extend(segment.points.iter().map(|p| SweepReport {
                time_ms: p.point.time_ms,
                lat_deg: p.point.lat_deg,
                lon_deg: p.point.lon_deg,
                mmsi: p.point.mmsi,
                segment: index,
            }));
        }
        let mut fixes: Vec<Fix> = tracks.segments.iter().flat_map(|s| s.points.iter()).map(Fix::of).collect();
        // Concurrent segments interleave in time.
        fixes.sort_by_key(|f| f.time_ms);
        let sts = &config.sts_transfer;
        let slow = fixes.iter().any(|f| f.sog_knots.is_some_and(|s| s < sts.slow_max_speed_knots));
        let silent = fixes.windows(2).any(|w| w[1].time_ms.saturating_sub(w[0].time_ms) >= sts.min_gap_ms);
        let fixes = (!samples.is_empty() || slow || silent).then(|| {
            fixes.shrink_to_fit();
            (vessel.mmsi, fixes)
        });
        // Without coverage, the gap detector says only whether there is a gap: the
        // cheap test that decides whether the tracks are kept for the real run.
        let has_gap = !ais_gap::detect(&tracks, self.land, None, &config.ais_gap).is_empty();
        let gap_tracks = has_gap.then(|| {
            // Growth slack is a quarter of the points on average: not worth holding.
            tracks.segments.iter_mut().for_each(|s| s.points.shrink_to_fit());
            tracks
        });
        samples.shrink_to_fit();
        Ok(VesselPass { events, gap_tracks, samples, fixes, reports })
    }
}

/// Sends the reader's vessels in batches of [`TRACK_BATCH_VESSELS`] until the
/// end, an error (sent, then stop) or the receiver hangs up.
fn read_batches(
    mut reader: PositionReader,
    sender: &std::sync::mpsc::SyncSender<Result<Vec<VesselPositions>, crate::store::Error>>,
) {
    loop {
        let mut batch = Vec::with_capacity(TRACK_BATCH_VESSELS);
        let end = loop {
            match reader.next_vessel() {
                Ok(Some(vessel)) => batch.push(vessel),
                Ok(None) => break Ok(true),
                Err(e) => break Err(e),
            }
            if batch.len() == TRACK_BATCH_VESSELS {
                break Ok(false);
            }
        };
        let failed = end.is_err();
        let done = end.as_ref().is_ok_and(|&end| end);
        let sent = match end {
            Err(e) => sender.send(Err(e)),
            Ok(_) if batch.is_empty() => Ok(()),
            Ok(_) => sender.send(Ok(batch)),
        };
        if failed || done || sent.is_err() {
            return;
        }
    }
}

//! Dossiers: everything known about one event or one vessel, gathered from the store
//! into a [`Dossier`] (plain data), then rendered as one self-contained HTML file
//! ([`Dossier::to_html`]).
//!
//! What supports a finding is cited down to the raw sentence: for each vessel, the
//! positions during the event and the last one before and first one after it (what
//! proves a gap), and the static reports over the same span (what proves a rename or
//! a draught change), thinned evenly to [`DossierConfig::supporting_per_vessel_max`].
//! A vessel dossier cites so for each of its events (the first
//! [`DossierConfig::events_cited_max`]), or, for a vessel without events, over the
//! whole window.
//! Their lines are read back from the inputs ([`super::raw`]) and shown only if the
//! input's SHA-256 still matches the catalog's.
//!
//! Sanctions matches and the volume estimate come from later stages (`screen`,
//! `ledger`): they are plain inputs here, `None` when not available, and the dossier
//! says "not screened" or "no estimate" rather than leaving a silent blank.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde_json::{json, Value};

use super::error::{Error, ErrorKind};
use super::raw::{read_lines, InputLines};
use crate::event::{sort_events, Event};
use crate::geo::MidTable;
use crate::ledger::Delivery;
use crate::store::{self, InputInfo, PositionReader, StaticReader, StaticReport, TimeRange, TrackPoint};
use crate::track::identity::{HistoryConfig, IdentityHistory};
use crate::track::{Segment, TrackConfig, Tracker};

const HOUR_MS: i64 = 3_600_000;

/// A vessel as the user names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VesselQuery {
    Mmsi(u32),
    /// Every MMSI whose static reports carried this IMO number.
    Imo(u32),
}

impl VesselQuery {
    /// `IMO1234567` or a 7-digit number is an IMO number; another number an MMSI.
    pub fn parse(text: &str) -> Option<VesselQuery> {
        let text = text.trim();
        if let Some(imo) = text.strip_prefix("IMO").or_else(|| text.strip_prefix("imo")) {
            return imo.trim().parse().ok().map(VesselQuery::Imo);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u32 = text.parse().ok()?;
        Some(if text.len() == 7 { VesselQuery::Imo(value) } else { VesselQuery::Mmsi(value) })
    }
}

impl fmt::Display for VesselQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VesselQuery::Mmsi(m) => write!(f, "MMSI {m}"),
            VesselQuery::Imo(i) => write!(f, "IMO {i}"),
        }
    }
}

/// What a dossier is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The event with this id.
    Event(String),
    Vessel(VesselQuery),
}

/// A match of a vessel against a sanctions list, as the screening stage reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct SanctionsMatch {
    /// The vessel matched (its MMSI in this dossier), if known.
    pub mmsi: Option<u32>,
    /// The list (e.g. "UN consolidated", "OFAC SDN").
    pub list: String,
    /// The listed entry (name and reference as the list gives them).
    pub entry: String,
    /// 0–1.
    pub score: f64,
    /// Why it matched (IMO equal, name similar, ...).
    pub reasons: Vec<String>,
}

/// A volume estimate with its bounds, as the ledger stage reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeEstimate {
    pub volume_bbl_low: f64,
    pub volume_bbl_central: f64,
    pub volume_bbl_high: f64,
    /// How it was estimated (draught change and hull size, ...).
    pub method: String,
}

/// How much a dossier gathers. The defaults suit an event of hours to a few days.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DossierConfig {
    /// Time shown before and after an event. Default 12 h: the approach and departure,
    /// and the gaps that often surround a transfer.
    pub padding_ms: i64,
    /// Most supporting records (positions and static reports) cited per vessel per
    /// event. Default 60: enough to see the track, few enough to read.
    pub supporting_per_vessel_max: usize,
    /// Most events of a vessel dossier cited with their supporting records. Default 20.
    pub events_cited_max: usize,
    /// Reception gaps at least this long are drawn on the timeline. Default 1 h.
    pub timeline_gap_ms_min: i64,
    pub track: TrackConfig,
    pub history: HistoryConfig,
}

impl Default for DossierConfig {
    fn default() -> Self {
        DossierConfig {
            padding_ms: 12 * HOUR_MS,
            supporting_per_vessel_max: 60,
            events_cited_max: 20,
            timeline_gap_ms_min: HOUR_MS,
            track: TrackConfig::default(),
            history: HistoryConfig::default(),
        }
    }
}

/// What a cited record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Position,
    StaticReport,
}

/// A stored record cited as evidence, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Supporting {
    pub mmsi: u32,
    pub time_ms: i64,
    pub kind: RecordKind,
    /// What the record says, decoded (position and speed; name, IMO, draught).
    pub decoded: String,
    pub input_id: i64,
    /// 1-based line in the input (the first fragment of a multi-part message).
    pub line: u64,
}

/// One vessel of the dossier.
#[derive(Debug, Clone)]
pub struct VesselFile {
    pub mmsi: u32,
    /// Its track segments in the window.
    pub segments: Vec<Segment>,
    /// Its identity over the window, if it sent static reports.
    pub history: Option<IdentityHistory>,
    /// Positions and static reports read.
    pub positions: usize,
    pub static_reports: usize,
}

/// Everything a dossier shows.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub subject: Subject,
    /// The time shown.
    pub from_ms: i64,
    pub to_ms: i64,
    /// The event a dossier is about.
    pub focus: Option<Event>,
    /// Events involving the dossier's vessels in the window (the focus included).
    pub events: Vec<Event>,
    pub vessels: Vec<VesselFile>,
    /// The cited records, by time.
    pub supporting: Vec<Supporting>,
    /// The inputs of the cited records, read back (lines only if verified).
    pub cited_inputs: Vec<InputLines>,
    /// Every input of the store, with its recorded SHA-256.
    pub inputs: Vec<InputInfo>,
    /// `None`: not screened.
    pub sanctions: Option<Vec<SanctionsMatch>>,
    /// `None`: no estimate.
    pub volume: Option<VolumeEstimate>,
    /// Where the events came from (a file, or the store).
    pub events_source: String,
    /// The parameters used: this dossier's, and the detection run's when known.
    pub parameters: Value,
    /// The Plimsoll version that made it.
    pub version: String,
    /// The configuration it was gathered with (also in `parameters`).
    pub config: DossierConfig,
    /// When it was made, UTC ms.
    pub generated_ms: i64,
}

/// What the caller knows about where the events came from.
#[derive(Debug, Clone, Default)]
pub struct EventsOrigin {
    /// A file name or "store".
    pub source: String,
    /// The detection run's parameters, when recorded.
    pub detect_parameters: Option<Value>,
}

/// Evenly spaced picks of at most `max` items, always keeping the first and last.
fn thin_evenly<T: Clone>(items: &[T], max: usize) -> Vec<T> {
    if items.len() <= max {
        return items.to_vec();
    }
    if max < 2 {
        return items.first().cloned().into_iter().collect();
    }
    let last = items.len() - 1;
    (0..max).filter_map(|k| items.get(k * last / (max - 1)).cloned()).collect()
}

/// Records over `[start, end]` with the last before and the first after.
fn around<T>(items: &[T], time: impl Fn(&T) -> i64, start_ms: i64, end_ms: i64) -> &[T] {
    let first = items.partition_point(|x| time(x) < start_ms);
    let after = items.partition_point(|x| time(x) <= end_ms);
    &items[first.saturating_sub(1)..(after + 1).min(items.len())]
}

fn position_record(p: &TrackPoint) -> Supporting {
    let mut decoded = format!("{:.5}, {:.5}", p.lat_deg, p.lon_deg);
    if let Some(sog) = p.sog_knots {
        decoded.push_str(&format!(" · {sog:.1} kn"));
    }
    if let Some(cog) = p.cog_deg {
        decoded.push_str(&format!(" · {cog:.0}°"));
    }
    if let Some(source) = &p.source {
        decoded.push_str(&format!(" · via {source}"));
    }
    Supporting {
        mmsi: p.mmsi,
        time_ms: p.time_ms,
        kind: RecordKind::Position,
        decoded,
        input_id: p.input_id,
        line: p.line,
    }
}

fn static_record(r: &StaticReport) -> Supporting {
    let mut parts = Vec::new();
    if let Some(name) = &r.shipname {
        parts.push(format!("name {}", name.trim_end_matches(['@', ' '])));
    }
    if let Some(callsign) = &r.callsign {
        parts.push(format!("call sign {}", callsign.trim_end_matches(['@', ' '])));
    }
    if let Some(imo) = r.imo {
        parts.push(format!("IMO {imo}"));
    }
    if let Some(ship_type) = r.ship_type {
        parts.push(format!("type {ship_type}"));
    }
    if let Some(draught) = r.draught_m {
        parts.push(format!("draught {draught:.1} m"));
    }
    if let Some(destination) = &r.destination {
        parts.push(format!("to {}", destination.trim_end_matches(['@', ' '])));
    }
    Supporting {
        mmsi: r.mmsi,
        time_ms: r.time_ms,
        kind: RecordKind::StaticReport,
        decoded: parts.join(" · "),
        input_id: r.input_id,
        line: r.line,
    }
}

/// One vessel's raw records as read.
struct Read {
    points: Vec<TrackPoint>,
    reports: Vec<StaticReport>,
}

/// The events a dossier on `subject` draws on, from the store at `store_dir`: the
/// event asked for (even retracted: the dossier says where it came from) and every
/// active event overlapping the time around it (`padding_ms` each side), or the
/// vessel's `window`; with the last detect run's parameters as their origin.
///
/// # Errors
/// [`ErrorKind::NoSuchEvent`] when the event is not in the store; store errors.
pub fn store_events(
    store_dir: &Path,
    subject: &Subject,
    window: TimeRange,
    padding_ms: i64,
) -> Result<(Vec<Event>, EventsOrigin), Error> {
    use crate::store::events::{detect_runs, read_event, read_events, EventFilter};
    let asked = match subject {
        Subject::Event(id) => Some(
            read_event(store_dir, id)?
                .ok_or_else(|| Error::from(ErrorKind::NoSuchEvent { id: id.clone() }))?,
        ),
        Subject::Vessel(_) => None,
    };
    let range = match &asked {
        Some(stored) => TimeRange {
            from_ms: Some(stored.event.start_ms.saturating_sub(padding_ms)),
            to_ms: Some(stored.event.end_ms.saturating_add(padding_ms).saturating_add(1)),
        },
        None => window,
    };
    let mut events: Vec<Event> = read_events(store_dir, &EventFilter { range, ..EventFilter::default() })?
        .into_iter()
        .map(|s| s.event)
        .collect();
    if let Some(stored) = asked {
        if !events.iter().any(|e| e.id == stored.event.id) {
            events.push(stored.event);
        }
    }
    let origin = match detect_runs(store_dir)?.into_iter().max_by_key(|r| r.id) {
        Some(run) => EventsOrigin {
            source: format!(
                "the store (last detect run {}, finished {}, Plimsoll {})",
                run.id, run.finished_at, run.version
            ),
            detect_parameters: Some(run.parameters),
        },
        None => {
            EventsOrigin { source: "the store (no detect run recorded)".to_owned(), detect_parameters: None }
        }
    };
    Ok((events, origin))
}

impl Dossier {
    /// Gathers a dossier on `subject` from the store at `store_dir` and `events` (the
    /// detection run's). For a vessel, `window` bounds the time read (open: all of it);
    /// for an event, the window is the event padded by [`DossierConfig::padding_ms`].
    ///
    /// Reads the store's positions and static reports in the window once each
    /// (keeping only the dossier's vessels) and the cited inputs once each.
    pub fn gather(
        store_dir: &Path,
        subject: &Subject,
        events: &[Event],
        origin: &EventsOrigin,
        window: TimeRange,
        config: &DossierConfig,
    ) -> Result<Dossier, Error> {
        let tracker = Tracker::new(config.track.clone())?;
        let mids = MidTable::embedded()?;
        let (focus, range) = match subject {
            Subject::Event(id) => {
                let event = events
                    .iter()
                    .find(|e| &e.id == id)
                    .ok_or_else(|| Error::from(ErrorKind::NoSuchEvent { id: id.clone() }))?;
                let range = TimeRange {
                    from_ms: Some(event.start_ms.saturating_sub(config.padding_ms)),
                    to_ms: Some(event.end_ms.saturating_add(config.padding_ms).saturating_add(1)),
                };
                (Some(event.clone()), range)
            }
            Subject::Vessel(_) => (None, window),
        };
        let mut wanted: BTreeSet<u32> = match (&focus, subject) {
            (Some(e), _) => e.vessels.iter().copied().collect(),
            (None, Subject::Vessel(VesselQuery::Mmsi(m))) => BTreeSet::from([*m]),
            _ => BTreeSet::new(),
        };
        let imo = match subject {
            Subject::Vessel(VesselQuery::Imo(imo)) => Some(*imo),
            _ => None,
        };

        // Static reports first: an IMO names its MMSIs through them.
        let mut read: BTreeMap<u32, Read> = BTreeMap::new();
        let mut histories: BTreeMap<u32, IdentityHistory> = BTreeMap::new();
        let mut statics = StaticReader::open(store_dir, range)?;
        while let Some(vessel) = statics.next_vessel()? {
            let keep = wanted.contains(&vessel.mmsi)
                || imo.is_some_and(|imo| vessel.reports.iter().any(|r| r.imo == Some(imo)));
            if keep {
                wanted.insert(vessel.mmsi);
                let history = IdentityHistory::build(vessel.mmsi, &vessel.reports, &mids, &config.history);
                histories.insert(vessel.mmsi, history);
                read.insert(vessel.mmsi, Read { points: Vec::new(), reports: vessel.reports });
            }
        }
        let mut positions = PositionReader::open(store_dir, range)?;
        while let Some(vessel) = positions.next_vessel()? {
            if wanted.contains(&vessel.mmsi) {
                read.entry(vessel.mmsi)
                    .or_insert_with(|| Read { points: Vec::new(), reports: Vec::new() })
                    .points = vessel.points;
            }
        }
        if let (Subject::Vessel(query), true) = (subject, read.is_empty()) {
            return Err(ErrorKind::NoSuchVessel { vessel: query.to_string() }.into());
        }

        let in_window = |e: &&Event| {
            range.from_ms.is_none_or(|f| e.end_ms >= f) && range.to_ms.is_none_or(|t| e.start_ms < t)
        };
        let mut related: Vec<Event> = events
            .iter()
            .filter(|e| e.vessels.iter().any(|v| wanted.contains(v)))
            .filter(in_window)
            .cloned()
            .collect();
        sort_events(&mut related);

        // The spans whose records are cited: the event's, or each related event's, or
        // (a vessel without events) the whole window, thinned like any other span.
        let all_vessels: Vec<u32> = wanted.iter().copied().collect();
        let spans: Vec<(i64, i64, &[u32])> = match &focus {
            Some(e) => vec![(e.start_ms, e.end_ms, e.vessels.as_slice())],
            None if related.is_empty() => vec![(i64::MIN, i64::MAX, all_vessels.as_slice())],
            None => related
                .iter()
                .take(config.events_cited_max)
                .map(|e| (e.start_ms, e.end_ms, e.vessels.as_slice()))
                .collect(),
        };
        let mut supporting = Vec::new();
        let mut vessels = Vec::new();
        for (&mmsi, r) in &read {
            for &(start_ms, end_ms, _) in spans.iter().filter(|(_, _, v)| v.contains(&mmsi)) {
                let points = around(&r.points, |p| p.time_ms, start_ms, end_ms);
                let reports = around(&r.reports, |s| s.time_ms, start_ms, end_ms);
                let half = config.supporting_per_vessel_max.div_ceil(2);
                let reports = thin_evenly(reports, half);
                let points =
                    thin_evenly(points, config.supporting_per_vessel_max.saturating_sub(reports.len()));
                supporting.extend(points.iter().map(position_record));
                supporting.extend(reports.iter().map(static_record));
            }
            let segments = tracker.track(mmsi, &r.points)?.segments;
            vessels.push(VesselFile {
                mmsi,
                segments,
                history: histories.remove(&mmsi),
                positions: r.points.len(),
                static_reports: r.reports.len(),
            });
        }
        supporting.sort_by(|a, b| {
            (a.time_ms, a.mmsi, a.input_id, a.line).cmp(&(b.time_ms, b.mmsi, b.input_id, b.line))
        });
        supporting.dedup_by(|a, b| (a.input_id, a.line, a.kind) == (b.input_id, b.line, b.kind));

        let inputs = store::stats(store_dir)?.inputs;
        let mut lines_by_input: BTreeMap<i64, BTreeSet<u64>> = BTreeMap::new();
        for s in &supporting {
            lines_by_input.entry(s.input_id).or_default().insert(s.line);
        }
        let cited_inputs = inputs
            .iter()
            .filter_map(|input| lines_by_input.get(&input.id).map(|lines| read_lines(input, lines)))
            .collect();

        let times = || read.values().flat_map(|r| r.points.iter().map(|p| p.time_ms));
        let from_ms = range.from_ms.or_else(|| times().min()).unwrap_or(0);
        let to_ms = range.to_ms.or_else(|| times().max()).unwrap_or(from_ms);
        Ok(Dossier {
            subject: subject.clone(),
            from_ms,
            to_ms,
            focus,
            events: related,
            vessels,
            supporting,
            cited_inputs,
            inputs,
            sanctions: None,
            volume: None,
            events_source: origin.source.clone(),
            parameters: json!({
                "dossier": config,
                "window": {"from_ms": range.from_ms, "to_ms": range.to_ms},
                "detect": origin.detect_parameters,
            }),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            config: config.clone(),
            generated_ms: chrono::Utc::now().timestamp_millis(),
        })
    }

    /// Adds the latest screening's matches of the dossier's vessels, with their
    /// reasons; left "not screened" when the store never was.
    ///
    /// # Errors
    /// The store's, reading its screening tables.
    pub fn add_screening(&mut self, store_dir: &Path) -> Result<(), Error> {
        if !store::lists::screened(store_dir)? {
            return Ok(());
        }
        let mut found = Vec::new();
        for v in &self.vessels {
            for m in store::lists::matches_for(store_dir, v.mmsi)? {
                found.push(SanctionsMatch {
                    mmsi: Some(m.mmsi),
                    list: m.list,
                    entry: format!("{} [{}]", m.entry_name, m.entry_id),
                    score: m.score,
                    reasons: m
                        .reasons
                        .into_iter()
                        .map(|r| format!("{:+.2} {}", r.weight, r.detail))
                        .collect(),
                });
            }
        }
        self.sanctions = Some(found);
        Ok(())
    }

    /// Adds the volume of the delivery among `deliveries` (found under `regime`)
    /// that rests on the dossier's event; none when the event is no delivery.
    pub fn add_volume(&mut self, deliveries: &[Delivery], regime: &str) {
        let Some(focus) = &self.focus else { return };
        let delivery = deliveries.iter().find(|d| d.evidence.contains(&focus.id));
        self.volume = delivery.and_then(|d| {
            let v = d.volume.as_ref()?;
            Some(VolumeEstimate {
                volume_bbl_low: v.bbl.low,
                volume_bbl_central: v.bbl.central,
                volume_bbl_high: v.bbl.high,
                method: format!("delivery to {} under {regime}: {}", d.mmsi, v.method),
            })
        });
    }

    /// The dossier's title.
    pub fn title(&self) -> String {
        match (&self.focus, &self.subject) {
            (Some(e), _) => {
                let vessels: Vec<String> = e.vessels.iter().map(u32::to_string).collect();
                format!("{} — {}", e.kind.as_str().replace('_', " "), vessels.join(" + "))
            }
            (None, Subject::Vessel(q)) => format!("Vessel {q}"),
            (None, Subject::Event(id)) => format!("Event {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vessel_queries() {
        assert_eq!(VesselQuery::parse("412000001"), Some(VesselQuery::Mmsi(412000001)));
        assert_eq!(VesselQuery::parse("9123456"), Some(VesselQuery::Imo(9123456)));
        assert_eq!(VesselQuery::parse("IMO 9123456"), Some(VesselQuery::Imo(9123456)));
        assert_eq!(VesselQuery::parse("ship"), None);
    }

    #[test]
    fn thinning_keeps_the_ends() {
        let v: Vec<u32> = (0..100).collect();
        let t = thin_evenly(&v, 5);
        assert_eq!(t, vec![0, 24, 49, 74, 99]);
        assert_eq!(thin_evenly(&v[..3], 5), vec![0, 1, 2]);
    }

    #[test]
    fn around_takes_the_neighbours() {
        let v = [1, 5, 10, 20, 30];
        assert_eq!(around(&v, |&x| x, 6, 20), &[5, 10, 20, 30]);
        assert_eq!(around(&v, |&x| x, 0, 0), &[1]);
        assert_eq!(around(&v, |&x| x, 40, 50), &[30]);
    }
}

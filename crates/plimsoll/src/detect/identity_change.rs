//! Identity changes: what a vessel says it is, changing.
//!
//! Three findings, from [`IdentityHistory`]s:
//!
//! - [`IdentityChangeDetector::detect`]: under one MMSI, the name, call sign, IMO,
//!   ship type or size (length, beam) changing from one run of reports to the next.
//!   One-off runs ([`crate::track::identity::Interval::one_off`]) are passed over, so
//!   a single garbled name between two long runs of the same name is no rename.
//!   Changes first seen in the same report are one event.
//! - [`IdentityChangeDetector::shared_imos`]: one IMO number reported by two MMSIs
//!   at overlapping times (two ships under one identity, or one ship under two
//!   MMSIs); needs every vessel's history.
//! - [`IdentityChangeDetector::detect`] also reports an IMO that fails its check
//!   digit (a made-up or mistyped number).
//!
//! Events carry no position (the histories have none): `lat`/`lon` are NaN.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Map, Value};

use super::{check_positive, ConfigError};
use crate::event::{Event, EventKind};
use crate::geo::is_valid_imo;
use crate::track::identity::{IdentityHistory, Interval};

const DETECTOR: &str = "identity_change";

/// Thresholds of the identity-change detector.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityChangeConfig {
    /// A run of fewer reports than this (on either side of a change) halves the
    /// change's confidence. Default 3: static reports repeat every 6 minutes, so
    /// a value used for real is seen at least a few times.
    pub established_reports_min: u32,
    /// Two MMSIs' runs of one IMO must overlap by at least this long to count as
    /// simultaneous. Default 1 h: when a ship is re-flagged its old and new
    /// transponder settings may both be heard briefly; an hour of both is two ships.
    pub shared_imo_overlap_ms_min: i64,
}

impl Default for IdentityChangeConfig {
    fn default() -> Self {
        IdentityChangeConfig { established_reports_min: 3, shared_imo_overlap_ms_min: 3_600_000 }
    }
}

impl IdentityChangeConfig {
    /// Checks that the overlap is positive.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(DETECTOR, &[], &[("shared_imo_overlap_ms_min", self.shared_imo_overlap_ms_min)])
    }
}

/// Confidence of a change of each field when both runs are established: an IMO is
/// the hull's lifetime number, so changing it is the strongest sign; names and call
/// signs change legitimately on sale or re-flagging; type and size are often
/// mistyped.
fn field_confidence(field: &str) -> f64 {
    match field {
        "imo" => IMO_CONFIDENCE,
        "name" => 0.7,
        "callsign" => 0.6,
        _ => 0.4,
    }
}

/// The confidence of an IMO changing, or of one IMO on two MMSIs at once: the
/// strongest sign of a false identity.
const IMO_CONFIDENCE: f64 = 0.9;

/// The confidence of an IMO that fails its check digit: usually a typing error,
/// sometimes a made-up number.
const BAD_IMO_CONFIDENCE: f64 = 0.5;

/// The identity-change detector.
#[derive(Debug, Clone)]
pub struct IdentityChangeDetector {
    config: IdentityChangeConfig,
}

/// One field's change: its name, the old and new runs as JSON.
struct Change {
    field: &'static str,
    old: Value,
    new: Value,
    /// Both runs established.
    established: bool,
    old_last_ms: i64,
    new_first_ms: i64,
}

/// Removes from `changes` and returns those of a field whose values go back and
/// forth: a change between two values that also changes between them the other
/// way (A to B, later B to A). Under one MMSI that is two transmitters heard in
/// turn (or a vessel switching between two identities), and one finding, not one
/// per switch.
fn take_alternations(changes: &mut Vec<Change>) -> Vec<Change> {
    let key = |c: &Change| {
        let (old, new) = (c.old["value"].to_string(), c.new["value"].to_string());
        (c.field, old.clone().min(new.clone()), old.max(new))
    };
    let mut counts: HashMap<(&'static str, String, String), usize> = HashMap::new();
    for c in changes.iter() {
        *counts.entry(key(c)).or_default() += 1;
    }
    let (alternating, kept): (Vec<Change>, Vec<Change>) =
        changes.drain(..).partition(|c| counts.get(&key(c)).is_some_and(|&n| n > 1));
    *changes = kept;
    alternating
}

/// One event for all the alternating changes of one MMSI (none for none), from
/// the first switch to the last, with the values each field took and the number
/// of switches.
fn alternation_event(mmsi: u32, alternating: &[Change]) -> Option<Event> {
    let start_ms = alternating.iter().map(|c| c.old_last_ms).min()?;
    let end_ms = alternating.iter().map(|c| c.new_first_ms).max()?;
    // Each field's values in the order first seen.
    let mut values: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for c in alternating {
        let seen = values.entry(c.field).or_default();
        for value in [&c.old["value"], &c.new["value"]] {
            if !seen.contains(value) {
                seen.push(value.clone());
            }
        }
    }
    let confidence = alternating.iter().map(|c| field_confidence(c.field)).fold(0.0, f64::max);
    let switches = alternating.iter().map(|c| c.new_first_ms).collect::<BTreeSet<_>>().len();
    let mut details = Map::new();
    details.insert("alternating".into(), json!(values));
    details.insert("switches".into(), json!(switches));
    details.insert(
        "reasons".into(),
        json!([format!(
            "identities alternate under one MMSI ({switches} switches): two transmitters share it, or one vessel \
             switches between two identities"
        )]),
    );
    let fields: Vec<&str> = values.keys().copied().collect();
    Some(
        Event::new(
            EventKind::IdentityChange,
            vec![mmsi],
            start_ms,
            end_ms,
            (f64::NAN, f64::NAN),
            confidence,
            details,
        )
        .qualified(&format!("alternating-{}", fields.join("+"))),
    )
}

/// Folds each alternation event (identities alternating under one MMSI) into a
/// spoofing event of that MMSI for two transmitters at once (impossible jumps
/// between concurrent segments) that overlaps it in time: one fact, the MMSI
/// shared by two vessels, then gives one event with both kinds of evidence
/// instead of two alarms. The spoofing event gains the `alternating` values, the
/// `switches` and a reason; its confidence becomes the larger of the two. An
/// alternation with no such event (two transmitters whose positions the tracker
/// could not tell apart) stays an identity change. Returns how many were folded.
pub fn fold_alternations_into_spoofing(events: &mut Vec<Event>) -> usize {
    let concurrent_spoofing = |e: &Event| {
        e.kind == EventKind::Spoofing
            && e.details.get(crate::detect::spoofing::CONCURRENT_SEGMENTS) == Some(&Value::Bool(true))
    };
    let mut episodes: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate().filter(|(_, e)| concurrent_spoofing(e)) {
        for &mmsi in &e.vessels {
            episodes.entry(mmsi).or_default().push(i);
        }
    }
    let mut folded = vec![false; events.len()];
    for a in 0..events.len() {
        let alternation = &events[a];
        if alternation.kind != EventKind::IdentityChange || !alternation.details.contains_key("alternating") {
            continue;
        }
        let (start_ms, end_ms) = (alternation.start_ms, alternation.end_ms);
        let Some(&into) = alternation.vessels.first().and_then(|mmsi| episodes.get(mmsi)).and_then(|found| {
            found.iter().find(|&&s| events[s].start_ms <= end_ms && start_ms <= events[s].end_ms)
        }) else {
            continue;
        };
        let (alternating, switches, confidence) = (
            alternation.details["alternating"].clone(),
            alternation.details.get("switches").cloned().unwrap_or(Value::Null),
            alternation.confidence,
        );
        let spoofing = &mut events[into];
        spoofing.details.insert("alternating".into(), alternating);
        spoofing.details.insert("switches".into(), switches.clone());
        if let Some(Value::Array(reasons)) = spoofing.details.get_mut("confidence_reasons") {
            reasons.push(json!(format!("its identities alternate over the same time ({switches} switches)")));
        }
        spoofing.confidence = spoofing.confidence.max(confidence);
        folded[a] = true;
    }
    let count = folded.iter().filter(|&&f| f).count();
    let mut index = 0;
    events.retain(|_| {
        index += 1;
        !folded[index - 1]
    });
    count
}

/// A run as evidence: value, first and last seen, how long used, report count.
fn run_json<T: Clone + Into<Value>>(run: &Interval<T>) -> Value {
    json!({
        "value": run.value.clone().into(),
        "first_ms": run.first_ms,
        "last_ms": run.last_ms,
        "used_ms": run.last_ms - run.first_ms,
        "reports": run.report_count,
    })
}

impl IdentityChangeDetector {
    /// A detector with a checked configuration.
    pub fn new(config: IdentityChangeConfig) -> Result<IdentityChangeDetector, ConfigError> {
        config.validate()?;
        Ok(IdentityChangeDetector { config })
    }

    /// The changes between consecutive runs of one field that are not one-offs.
    fn changes<T: Clone + PartialEq + Into<Value>>(
        &self,
        field: &'static str,
        runs: &[Interval<T>],
        out: &mut Vec<Change>,
    ) {
        let mut kept = runs.iter().filter(|run| !run.one_off);
        let Some(mut old) = kept.next() else { return };
        for new in kept {
            if new.value != old.value {
                let min = self.config.established_reports_min;
                out.push(Change {
                    field,
                    old: run_json(old),
                    new: run_json(new),
                    established: old.report_count >= min && new.report_count >= min,
                    old_last_ms: old.last_ms,
                    new_first_ms: new.first_ms,
                });
            }
            old = new;
        }
    }

    /// The changes of identity under one MMSI, and its IMOs that fail their check
    /// digit, in time order.
    pub fn detect(&self, history: &IdentityHistory) -> Vec<Event> {
        let mut changes = Vec::new();
        self.changes("imo", &history.imos, &mut changes);
        self.changes("name", &history.names, &mut changes);
        self.changes("callsign", &history.callsigns, &mut changes);
        self.changes("ship_type", &history.ship_types, &mut changes);
        let sizes: Vec<Interval<Value>> = history
            .sizes
            .iter()
            .map(|run| Interval {
                value: json!({"length_m": run.value.length_m, "beam_m": run.value.beam_m}),
                first_ms: run.first_ms,
                last_ms: run.last_ms,
                report_count: run.report_count,
                one_off: run.one_off,
            })
            .collect();
        self.changes("size", &sizes, &mut changes);
        let mut events = Vec::new();
        let alternating = take_alternations(&mut changes);
        events.extend(alternation_event(history.mmsi, &alternating));
        // Changes first seen in the same report are one event (a sale renames and
        // re-calls a ship at once); its window is the widest of theirs.
        changes.sort_by_key(|c| c.new_first_ms);
        for group in changes.chunk_by(|a, b| a.new_first_ms == b.new_first_ms) {
            let Some(first) = group.first() else { continue };
            let start_ms = group.iter().map(|c| c.old_last_ms).min().unwrap_or(first.old_last_ms);
            let confidence_of = |c: &Change| {
                let base = field_confidence(c.field);
                if c.established {
                    base
                } else {
                    base / 2.0
                }
            };
            let confidence = group.iter().map(confidence_of).fold(0.0, f64::max);
            let mut reasons = Vec::new();
            let mut fields = Map::new();
            for c in group {
                fields.insert(c.field.to_owned(), json!({"old": c.old, "new": c.new}));
                reasons.push(if c.established {
                    format!("{} changed (weight {})", c.field, confidence_of(c))
                } else {
                    format!("{} changed, but a run is short (weight {})", c.field, confidence_of(c))
                });
            }
            let mut details = Map::new();
            details.insert("changes".into(), Value::Object(fields));
            details.insert("reasons".into(), json!(reasons));
            // The fields name the event: two groups can share a start (the last
            // report of the old values) when their new values appear in different reports.
            let fields_changed: Vec<&str> = group.iter().map(|c| c.field).collect();
            events.push(
                Event::new(
                    EventKind::IdentityChange,
                    vec![history.mmsi],
                    start_ms,
                    first.new_first_ms,
                    (f64::NAN, f64::NAN),
                    confidence,
                    details,
                )
                .qualified(&fields_changed.join("+")),
            );
        }
        for run in history.imos.iter().filter(|run| !is_valid_imo(run.value)) {
            let mut details = Map::new();
            details.insert("invalid_imo".into(), run_json(run));
            details.insert("reasons".into(), json!([format!("IMO {} fails its check digit", run.value)]));
            events.push(
                Event::new(
                    EventKind::IdentityChange,
                    vec![history.mmsi],
                    run.first_ms,
                    run.last_ms,
                    (f64::NAN, f64::NAN),
                    BAD_IMO_CONFIDENCE,
                    details,
                )
                .qualified("invalid_imo"),
            );
        }
        events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
        events
    }

    /// One IMO reported by two MMSIs whose runs of it overlap by at least
    /// `shared_imo_overlap_ms_min`: one event per pair of MMSIs and IMO, over
    /// the first overlap, vessels in MMSI order. One-off runs are passed over.
    pub fn shared_imos(&self, histories: &[IdentityHistory]) -> Vec<Event> {
        // (imo, mmsi, first, last) of every established run, sorted by IMO.
        let mut runs: Vec<(u32, u32, i64, i64)> = histories
            .iter()
            .flat_map(|h| {
                h.imos
                    .iter()
                    .filter(|run| !run.one_off)
                    .map(|run| (run.value, h.mmsi, run.first_ms, run.last_ms))
            })
            .collect();
        runs.sort_unstable();
        let mut events: Vec<Event> = Vec::new();
        let mut reported: BTreeSet<(u32, u32, u32)> = BTreeSet::new();
        for same_imo in runs.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(imo, a, a_first, a_last)) in same_imo.iter().enumerate() {
                for &(_, b, b_first, b_last) in same_imo.iter().skip(i + 1) {
                    let (from_ms, to_ms) = (a_first.max(b_first), a_last.min(b_last));
                    if a == b || to_ms - from_ms < self.config.shared_imo_overlap_ms_min {
                        continue;
                    }
                    let key = (imo, a.min(b), a.max(b));
                    // Each pair once, however many runs of the IMO each has.
                    if !reported.insert(key) {
                        continue;
                    }
                    let mut details = Map::new();
                    details.insert("shared_imo".into(), json!(imo));
                    details.insert("overlap_ms".into(), json!(to_ms - from_ms));
                    details.insert(
                        "reasons".into(),
                        json!([format!("IMO {imo} reported by {a} and {b} at the same time")]),
                    );
                    events.push(Event::new(
                        EventKind::IdentityChange,
                        vec![key.1, key.2],
                        from_ms,
                        to_ms,
                        (f64::NAN, f64::NAN),
                        IMO_CONFIDENCE,
                        details,
                    ));
                }
            }
        }
        events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(value: T, first_ms: i64, last_ms: i64, report_count: u32, one_off: bool) -> Interval<T> {
        Interval { value, first_ms, last_ms, report_count, one_off }
    }

    fn history(mmsi: u32) -> IdentityHistory {
        IdentityHistory {
            mmsi,
            flag: None,
            names: Vec::new(),
            callsigns: Vec::new(),
            imos: Vec::new(),
            ship_types: Vec::new(),
            sizes: Vec::new(),
            draughts: Vec::new(),
            report_count: 0,
        }
    }

    #[test]
    fn a_rename_and_recall_are_one_event_and_one_offs_are_not_changes() {
        let detector = IdentityChangeDetector::new(IdentityChangeConfig::default()).unwrap();
        let mut h = history(445_000_001);
        h.names = vec![
            run("OLD".to_owned(), 0, 10_000, 5, false),
            run("0LD".to_owned(), 11_000, 11_000, 1, true),
            run("OLD".to_owned(), 12_000, 20_000, 5, false),
            run("NEW".to_owned(), 30_000, 90_000, 9, false),
        ];
        h.callsigns = vec![
            run("ABC".to_owned(), 0, 20_000, 10, false),
            run("XYZ".to_owned(), 30_000, 40_000, 2, false),
        ];
        h.imos = vec![run(9_074_729, 0, 90_000, 19, false)];
        let events = detector.detect(&h);
        assert_eq!(events.len(), 1, "{events:?}");
        let e = &events[0];
        assert_eq!((e.start_ms, e.end_ms, e.confidence), (20_000, 30_000, 0.7));
        assert_eq!(e.details["changes"]["name"]["old"]["value"], "OLD");
        assert_eq!(e.details["changes"]["name"]["new"]["used_ms"], 60_000);
        assert_eq!(e.details["changes"]["callsign"]["new"]["value"], "XYZ");
        assert_eq!(e.details["reasons"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn a_bad_check_digit_and_a_shared_imo_are_found() {
        let detector = IdentityChangeDetector::new(IdentityChangeConfig::default()).unwrap();
        let mut a = history(1);
        a.imos = vec![run(9_074_728, 0, 10_000_000, 50, false)];
        let events = detector.detect(&a);
        assert_eq!(events.len(), 1);
        assert_eq!(
            (events[0].confidence, events[0].details["invalid_imo"]["value"].clone()),
            (0.5, json!(9_074_728))
        );
        let mut b = history(2);
        b.imos = vec![run(9_074_728, 5_000_000, 20_000_000, 50, false)];
        let mut c = history(3);
        // Overlaps `a` by less than an hour: a hand-over, not two ships.
        c.imos = vec![run(9_074_728, 9_000_000, 9_500_000, 50, false)];
        let shared = detector.shared_imos(&[a, b, c]);
        let got: Vec<(Vec<u32>, i64, i64)> =
            shared.iter().map(|e| (e.vessels.clone(), e.start_ms, e.end_ms)).collect();
        assert_eq!(got, [(vec![1, 2], 5_000_000, 10_000_000)]);
    }

    /// Two transmitters on one MMSI, seen both from two places at once (a spoofing
    /// episode) and as alternating names: one event. Without a two-place episode
    /// over the same time (a single jump, or one at another time) the alternation
    /// stays an identity change.
    #[test]
    fn an_alternation_during_a_two_transmitter_episode_is_folded_into_it() {
        let mut alternating = Map::new();
        alternating.insert("alternating".into(), json!({"name": ["TWIN A", "TWIN B"]}));
        alternating.insert("switches".into(), json!(19));
        let alternation = |mmsi| {
            Event::new(
                EventKind::IdentityChange,
                vec![mmsi],
                500,
                19_000,
                (f64::NAN, f64::NAN),
                0.9,
                alternating.clone(),
            )
            .qualified("alternating-name")
        };
        let spoofing = |mmsi, concurrent: bool, start_ms, end_ms| {
            let mut details = Map::new();
            details.insert("signal".into(), json!("impossible_jump"));
            details.insert("confidence_reasons".into(), json!(["position reached at an impossible speed"]));
            details.insert(crate::detect::spoofing::CONCURRENT_SEGMENTS.into(), json!(concurrent));
            Event::new(EventKind::Spoofing, vec![mmsi], start_ms, end_ms, (1.0, 2.0), 0.8, details)
        };
        let mut events = vec![
            spoofing(1, true, 10_000, 90_000),
            alternation(1),
            alternation(2),
            spoofing(2, false, 0, 90_000),
            alternation(3),
            spoofing(3, true, 20_000, 30_000),
        ];
        assert_eq!(fold_alternations_into_spoofing(&mut events), 1);
        let kinds: Vec<(EventKind, u32)> = events.iter().map(|e| (e.kind, e.vessels[0])).collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Spoofing, 1),
                (EventKind::IdentityChange, 2),
                (EventKind::Spoofing, 2),
                (EventKind::IdentityChange, 3),
                (EventKind::Spoofing, 3)
            ]
        );
        let folded = &events[0];
        assert_eq!(folded.details["alternating"]["name"], json!(["TWIN A", "TWIN B"]));
        assert_eq!(folded.details["switches"], 19);
        assert_eq!(folded.confidence, 0.9);
        let reasons = folded.details["confidence_reasons"].as_array().unwrap();
        assert!(reasons.last().unwrap().as_str().unwrap().contains("19 switches"), "{reasons:?}");
        assert!(!events[2].details.contains_key("alternating"));
    }

    /// Two boats with one MMSI: their names alternate report after report. One
    /// event for the whole episode, not one per switch; a real rename beside it
    /// stays its own event.
    #[test]
    fn alternating_names_are_one_event() {
        let detector = IdentityChangeDetector::new(IdentityChangeConfig::default()).unwrap();
        let mut h = history(412_440_123);
        for k in 0..20_i64 {
            let name = if k % 2 == 0 { "TWIN A" } else { "TWIN B" };
            h.names.push(run(name.to_owned(), k * 1_000, k * 1_000 + 500, 3, false));
        }
        h.names.push(run("TWIN C".to_owned(), 30_000, 40_000, 5, false));
        let events = detector.detect(&h);
        assert_eq!(events.len(), 2, "{events:?}");
        let alternating = &events[0];
        assert_eq!((alternating.start_ms, alternating.end_ms), (500, 19_000));
        assert_eq!(alternating.details["switches"], 19);
        assert_eq!(alternating.details["alternating"]["name"], json!(["TWIN A", "TWIN B"]));
        assert!(alternating.id.contains("alternating-name"), "{}", alternating.id);
        assert_eq!(events[1].details["changes"]["name"]["new"]["value"], "TWIN C");
    }

    #[test]
    fn configs_are_checked() {
        let config = IdentityChangeConfig { shared_imo_overlap_ms_min: 0, ..Default::default() };
        assert_eq!(IdentityChangeDetector::new(config).unwrap_err().detector, "identity_change");
    }
}

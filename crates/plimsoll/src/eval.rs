//! Evaluation: detected events scored against ground truth (the simulator's
//! `truth.jsonl`), per kind and in total.
//!
//! A detected event matches a true one when they have the same kind, the same set
//! of vessels (order and repeats ignored) and overlapping closed time intervals
//! (`[start, end]`; a zero-length event overlaps an interval it lies inside).
//! Matching is one-to-one: among all candidate pairs the largest overlap is taken
//! first, ties going to the earlier true event and then the earlier detection in
//! input order, so the same inputs always give the same score.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::event::{Event, EventKind};

/// Absolute timing errors over the matched pairs of one kind (or all kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimingError {
    /// Median |detected start − true start|; for an even count the mean of the two
    /// middle values, rounded down.
    pub start_median_ms: i64,
    pub start_max_ms: i64,
    /// Median |detected end − true end|, as for the start.
    pub end_median_ms: i64,
    pub end_max_ms: i64,
}

/// Counts and timing for one kind, or for all kinds together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Score {
    /// True events.
    pub truth: u64,
    /// Detected events.
    pub detected: u64,
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    /// `None` when nothing matched.
    pub timing: Option<TimingError>,
}

impl Score {
    /// TP / (TP + FP); `None` when nothing was detected.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// TP / (TP + FN); `None` when there is no truth, so a kind the simulator never
    /// injects is neither perfect nor hopeless.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    /// The harmonic mean of precision and recall; `None` when either is undefined,
    /// 0 when both are 0.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
    }

    /// The score as a JSON object; undefined ratios and timing are `null`.
    pub fn to_json(&self) -> Value {
        json!({
            "truth": self.truth,
            "detected": self.detected,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision(),
            "recall": self.recall(),
            "f1": self.f1(),
            "start_error_median_ms": self.timing.map(|t| t.start_median_ms),
            "start_error_max_ms": self.timing.map(|t| t.start_max_ms),
            "end_error_median_ms": self.timing.map(|t| t.end_median_ms),
            "end_error_max_ms": self.timing.map(|t| t.end_max_ms),
        })
    }
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// One score per kind present in the truth or the detections, in
    /// [`EventKind::ALL`] order; kinds absent from both are omitted.
    pub kinds: Vec<(EventKind, Score)>,
    /// All kinds together (timing over every match).
    pub total: Score,
}

impl Evaluation {
    /// `{"kinds": {"<kind>": score, ...}, "total": score}`.
    pub fn to_json(&self) -> Value {
        let kinds: serde_json::Map<String, Value> =
            self.kinds.iter().map(|(kind, score)| (kind.as_str().to_owned(), score.to_json())).collect();
        json!({ "kinds": kinds, "total": self.total.to_json() })
    }
}

/// Scores `detected` against `truth` (see the module documentation for the
/// matching rule).
pub fn evaluate(truth: &[Event], detected: &[Event]) -> Evaluation {
    // Events can only match within one (kind, vessel set) group, so candidate pairs
    // are formed inside groups rather than over all pairs.
    let mut groups: BTreeMap<(EventKind, Vec<u32>), Group> = BTreeMap::new();
    for event in truth {
        groups.entry((event.kind, vessel_set(event))).or_default().0.push(event);
    }
    for event in detected {
        groups.entry((event.kind, vessel_set(event))).or_default().1.push(event);
    }

    let mut per_kind: BTreeMap<EventKind, (Score, Errors)> = BTreeMap::new();
    for ((kind, _), (true_events, found)) in &groups {
        let (score, errors) = per_kind.entry(*kind).or_default();
        let matches = match_group(true_events, found);
        let matched = u64::try_from(matches.len()).unwrap_or(u64::MAX);
        let truth_count = u64::try_from(true_events.len()).unwrap_or(u64::MAX);
        let found_count = u64::try_from(found.len()).unwrap_or(u64::MAX);
        score.truth += truth_count;
        score.detected += found_count;
        score.true_positives += matched;
        score.false_negatives += truth_count - matched;
        score.false_positives += found_count - matched;
        for (t, d) in matches {
            errors.start_ms.push(true_events[t].start_ms.abs_diff(found[d].start_ms));
            errors.end_ms.push(true_events[t].end_ms.abs_diff(found[d].end_ms));
        }
    }

    let mut total = Score::default();
    let mut all_errors = Errors::default();
    let mut kinds = Vec::new();
    for kind in EventKind::ALL {
        let Some((mut score, mut errors)) = per_kind.remove(&kind) else { continue };
        score.timing = errors.timing();
        total.truth += score.truth;
        total.detected += score.detected;
        total.true_positives += score.true_positives;
        total.false_positives += score.false_positives;
        total.false_negatives += score.false_negatives;
        all_errors.start_ms.extend(errors.start_ms);
        all_errors.end_ms.extend(errors.end_ms);
        kinds.push((kind, score));
    }
    total.timing = all_errors.timing();
    Evaluation { kinds, total }
}

/// The true and the detected events of one kind and vessel set.
type Group<'a> = (Vec<&'a Event>, Vec<&'a Event>);

/// The vessels as a set: sorted, repeats removed.
fn vessel_set(event: &Event) -> Vec<u32> {
    let mut vessels = event.vessels.clone();
    vessels.sort_unstable();
    vessels.dedup();
    vessels
}

/// One-to-one matches `(true index, detected index)` within a group of one kind and
/// vessel set: largest overlap first, then input order.
fn match_group(truth: &[&Event], found: &[&Event]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(u64, usize, usize)> = Vec::new();
    for (t, true_event) in truth.iter().enumerate() {
        for (d, event) in found.iter().enumerate() {
            let from = true_event.start_ms.max(event.start_ms);
            let to = true_event.end_ms.min(event.end_ms);
            if from <= to {
                candidates.push((from.abs_diff(to), t, d));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut true_taken = vec![false; truth.len()];
    let mut found_taken = vec![false; found.len()];
    let mut matches = Vec::new();
    for (_, t, d) in candidates {
        if !true_taken[t] && !found_taken[d] {
            true_taken[t] = true;
            found_taken[d] = true;
            matches.push((t, d));
        }
    }
    matches
}

/// Absolute start and end errors of matched pairs, in ms.
#[derive(Default)]
struct Errors {
    start_ms: Vec<u64>,
    end_ms: Vec<u64>,
}

impl Errors {
    /// Sorts the errors in place.
    fn timing(&mut self) -> Option<TimingError> {
        let (start_median_ms, start_max_ms) = median_max(&mut self.start_ms)?;
        let (end_median_ms, end_max_ms) = median_max(&mut self.end_ms)?;
        Some(TimingError { start_median_ms, start_max_ms, end_median_ms, end_max_ms })
    }
}

/// (median, max) of non-empty values, saturated to `i64`; `None` when empty.
fn median_max(values: &mut [u64]) -> Option<(i64, i64)> {
    values.sort_unstable();
    let max = *values.last()?;
    let mid = values.len() / 2;
    let median = if values.len() % 2 == 1 {
        values[mid]
    } else {
        // Halving each first cannot overflow; the lost halves are added back.
        let (a, b) = (values[mid - 1], values[mid]);
        a / 2 + b / 2 + (a % 2 + b % 2) / 2
    };
    let to_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    Some((to_i64(median), to_i64(max)))
}

fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    // Counts are far below 2^53, so the conversion is exact in practice.
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

//! The ingest report: one outcome for every line read, the rejected lines with
//! their location and reason, and what was stored.

use std::collections::HashMap;

pub use ais::Outcome;

/// A rejected line in detail: where, how it counts, and why. Ingest hands
/// these to the [`Sink`](super::Sink), the first `max_rejects_stored` of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the fault in the (decompressed) input, when known.
    pub byte_offset: Option<u64>,
    pub outcome: Outcome,
    /// The reason, with the offending values.
    pub reason: String,
}

/// Default for [`Report::new`]'s bound on rejects kept in detail.
pub const MAX_REJECTS_STORED: usize = 100_000;
/// Most distinct reason classes counted per outcome; more are counted as
/// [`OTHER_REASON`] (classes come from untrusted input through error values).
pub const MAX_REASON_CLASSES: usize = 1_000;
/// The reason class that absorbs classes past [`MAX_REASON_CLASSES`].
pub const OTHER_REASON: &str = "other";

/// What ingest found in one input. Invariant: the outcome counts add up to
/// `lines_read`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Lines read (for CSV: lines, the header included).
    pub lines_read: u64,
    outcomes: [u64; Outcome::ALL.len()],
    /// Decoded messages by AIS message type (index = type).
    msg_types: [u64; 64],
    /// Rejected lines by outcome and reason class, exact.
    reasons: [HashMap<String, u64>; Outcome::ALL.len()],
    /// How many lines were rejected (all, not only those kept in detail).
    pub rejects_total: u64,
    /// How many rejected lines were handed to the sink in detail (the first ones).
    pub rejects_stored: u64,
    max_rejects_stored: usize,
    /// Positions handed to the sink.
    pub positions: u64,
    /// Static reports handed to the sink.
    pub static_reports: u64,
    /// CSV static columns identical to the vessel's previous row, not stored again.
    pub static_repeats: u64,
    /// Earliest and latest time of the rows handed to the sink.
    pub time_min_ms: Option<i64>,
    pub time_max_ms: Option<i64>,
    /// What the input was recognised as.
    pub format: String,
    /// Why the input ended before its end, if it did (a truncated or corrupt
    /// compressed stream): everything before is accounted for.
    pub read_error: Option<String>,
    /// A hint about the input as a whole (e.g. a CSV header that was not recognised).
    pub note: Option<String>,
}

/// Index of an outcome in [`Outcome::ALL`].
fn slot(outcome: Outcome) -> usize {
    match outcome {
        Outcome::Decoded => 0,
        Outcome::NonAis => 1,
        Outcome::BadChecksum => 2,
        Outcome::Malformed => 3,
        Outcome::Incomplete => 4,
        Outcome::Unsupported => 5,
        Outcome::Duplicate => 6,
        Outcome::NoTime => 7,
    }
}

impl Report {
    /// An empty report that keeps at most `max_rejects_stored` rejects in detail.
    pub fn new(max_rejects_stored: usize) -> Self {
        Report {
            lines_read: 0,
            outcomes: [0; Outcome::ALL.len()],
            msg_types: [0; 64],
            reasons: Default::default(),
            rejects_total: 0,
            rejects_stored: 0,
            max_rejects_stored,
            positions: 0,
            static_reports: 0,
            static_repeats: 0,
            time_min_ms: None,
            time_max_ms: None,
            format: String::new(),
            read_error: None,
            note: None,
        }
    }

    /// Counts `lines` lines under `outcome`.
    pub fn count(&mut self, outcome: Outcome, lines: u64) {
        self.outcomes[slot(outcome)] += lines;
    }

    /// Counts a decoded message of AIS type `msg_type`.
    pub fn count_type(&mut self, msg_type: u8) {
        if let Some(n) = self.msg_types.get_mut(usize::from(msg_type)) {
            *n += 1;
        }
    }

    /// Counts one rejected line under `outcome` and reason `class` (the reason
    /// without values). Returns whether it is among the first
    /// `max_rejects_stored`, to be kept in detail (and counts it as kept).
    pub fn reject(&mut self, outcome: Outcome, class: &str) -> bool {
        self.count(outcome, 1);
        self.rejects_total += 1;
        let classes = &mut self.reasons[slot(outcome)];
        if let Some(n) = classes.get_mut(class) {
            *n += 1;
        } else if classes.len() < MAX_REASON_CLASSES {
            classes.insert(class.to_owned(), 1);
        } else {
            *classes.entry(OTHER_REASON.to_owned()).or_insert(0) += 1;
        }
        let keep = self.rejects_stored < u64::try_from(self.max_rejects_stored).unwrap_or(u64::MAX);
        if keep {
            self.rejects_stored += 1;
        }
        keep
    }

    /// Widens the time span to include `time_ms`.
    pub fn saw_time(&mut self, time_ms: i64) {
        self.time_min_ms = Some(self.time_min_ms.map_or(time_ms, |t| t.min(time_ms)));
        self.time_max_ms = Some(self.time_max_ms.map_or(time_ms, |t| t.max(time_ms)));
    }

    /// Lines counted under `outcome`.
    pub fn outcome(&self, outcome: Outcome) -> u64 {
        self.outcomes[slot(outcome)]
    }

    /// Every outcome with its count, in report order (zeros included).
    pub fn outcomes(&self) -> impl Iterator<Item = (Outcome, u64)> + '_ {
        Outcome::ALL.into_iter().map(|o| (o, self.outcome(o)))
    }

    /// Sum of the outcome counts (equals `lines_read` in a finished report).
    pub fn outcomes_total(&self) -> u64 {
        self.outcomes.iter().sum()
    }

    /// Decoded messages by type, types with none left out.
    pub fn msg_types(&self) -> impl Iterator<Item = (u8, u64)> + '_ {
        (0u8..).zip(self.msg_types.iter().copied()).filter(|(_, n)| *n > 0)
    }

    /// Rejected lines by outcome and reason class, sorted by outcome then count
    /// (largest first).
    pub fn reasons(&self) -> Vec<(Outcome, &str, u64)> {
        let mut out: Vec<(Outcome, &str, u64)> = Outcome::ALL
            .into_iter()
            .flat_map(|o| self.reasons[slot(o)].iter().map(move |(class, n)| (o, class.as_str(), *n)))
            .collect();
        out.sort_by(|a, b| {
            (slot(a.0), std::cmp::Reverse(a.2), a.1).cmp(&(slot(b.0), std::cmp::Reverse(b.2), b.1))
        });
        out
    }

    /// Whether some rejects were counted but not kept in detail.
    pub fn rejects_truncated(&self) -> bool {
        self.rejects_total > self.rejects_stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_are_bounded_counts_are_not() {
        let mut r = Report::new(2);
        let kept: Vec<bool> = (0..5).map(|_| r.reject(Outcome::Malformed, "bad")).collect();
        assert_eq!(kept, [true, true, false, false, false]);
        r.count(Outcome::Decoded, 3);
        assert_eq!(r.rejects_stored, 2);
        assert_eq!(r.rejects_total, 5);
        assert!(r.rejects_truncated());
        assert_eq!(r.outcome(Outcome::Malformed), 5);
        assert_eq!(r.outcomes_total(), 8);
        assert_eq!(r.reasons(), vec![(Outcome::Malformed, "bad", 5)]);
    }

    #[test]
    fn reason_classes_are_bounded() {
        let mut r = Report::new(0);
        for i in 0..MAX_REASON_CLASSES + 10 {
            r.reject(Outcome::Malformed, &format!("class {i}"));
        }
        let reasons = r.reasons();
        assert_eq!(reasons.len(), MAX_REASON_CLASSES + 1);
        assert_eq!(reasons[0], (Outcome::Malformed, OTHER_REASON, 10));
    }

    #[test]
    fn slots_match_report_order() {
        for (i, o) in Outcome::ALL.into_iter().enumerate() {
            assert_eq!(slot(o), i);
        }
    }
}

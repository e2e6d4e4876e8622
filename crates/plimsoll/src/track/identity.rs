//! Identity history: what one MMSI said about itself over time, from its static
//! reports.
//!
//! Each field (name, call sign, IMO, ship type, length and beam) becomes a list of
//! [`Interval`]s, one per run of consecutive reports with the same value, with the
//! times first and last seen and the count of reports. "Not available" values
//! (empty text, IMO 0, type 0, dimensions 0, draught 0) are skipped: they neither
//! start nor end a run. A short run between two long runs of one value is kept but
//! marked [`Interval::one_off`]: a garbled or mistyped report, not a change of
//! identity. The flag comes from the MMSI's MID; draught is a time series.

use crate::geo::{Flag, MidTable};
use crate::store::StaticReport;

/// How the history tells a one-off from a change. Every value is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryConfig {
    /// A run of at most this many reports between two runs of one value is a
    /// one-off. Default 1: a single odd report; transponders repeat a static
    /// report every 6 minutes, so a real change is seen many times.
    pub one_off_reports_max: u32,
    /// Each of the runs around a one-off must have at least this many reports.
    /// Default 3: with fewer, the "long runs" are themselves too thin to trust
    /// over the odd report.
    pub neighbour_reports_min: u32,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig { one_off_reports_max: 1, neighbour_reports_min: 3 }
    }
}

/// One run of a value: consecutive reports that agree on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval<T> {
    pub value: T,
    /// Time of the run's first report, UTC ms since the epoch.
    pub first_ms: i64,
    /// Time of the run's last report, UTC ms since the epoch.
    pub last_ms: i64,
    /// Reports in the run (reports without the field are not counted).
    pub report_count: u32,
    /// A short run between two long runs of one other value (see [`HistoryConfig`]).
    pub one_off: bool,
}

/// Length and beam, metres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub length_m: u16,
    pub beam_m: u16,
}

/// One MMSI's identity over time.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityHistory {
    pub mmsi: u32,
    /// The flag of the MMSI's MID, if it is a ship's MMSI under an allocated MID.
    pub flag: Option<Flag>,
    pub names: Vec<Interval<String>>,
    pub callsigns: Vec<Interval<String>>,
    pub imos: Vec<Interval<u32>>,
    /// AIS ship and cargo type.
    pub ship_types: Vec<Interval<u8>>,
    pub sizes: Vec<Interval<Size>>,
    /// Every reported draught (time, UTC ms; draught, m), in time order.
    pub draughts: Vec<(i64, f64)>,
    /// Static reports read, with or without any field.
    pub report_count: usize,
}

/// A text field as sent, without the AIS padding (`@`) and spaces; `None` if
/// nothing is left.
fn text(value: Option<&str>) -> Option<String> {
    let trimmed = value?.trim_matches(|c: char| c == '@' || c.is_whitespace());
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Folds `(time, value)` in time order into runs, skipping `None`, and marks one-offs.
fn runs<T: PartialEq>(
    values: impl Iterator<Item = (i64, Option<T>)>,
    config: &HistoryConfig,
) -> Vec<Interval<T>> {
    let mut runs: Vec<Interval<T>> = Vec::new();
    for (time_ms, value) in values {
        let Some(value) = value else { continue };
        match runs.last_mut() {
            Some(run) if run.value == value => {
                run.last_ms = time_ms;
                run.report_count = run.report_count.saturating_add(1);
            }
            _ => runs.push(Interval {
                value,
                first_ms: time_ms,
                last_ms: time_ms,
                report_count: 1,
                one_off: false,
            }),
        }
    }
    for i in 1..runs.len().saturating_sub(1) {
        let (before, after) = (&runs[i - 1], &runs[i + 1]);
        let one_off = runs[i].report_count <= config.one_off_reports_max
            && before.value == after.value
            && before.report_count >= config.neighbour_reports_min
            && after.report_count >= config.neighbour_reports_min;
        runs[i].one_off = one_off;
    }
    runs
}

impl IdentityHistory {
    /// The history of `mmsi` from its static reports, which must be in time order
    /// (as [`crate::store::StaticReader`] hands them out); reports of other MMSIs
    /// are ignored.
    pub fn build(
        mmsi: u32,
        reports: &[StaticReport],
        mids: &MidTable,
        config: &HistoryConfig,
    ) -> IdentityHistory {
        let own = || reports.iter().filter(move |r| r.mmsi == mmsi);
        IdentityHistory {
            mmsi,
            flag: mids.mid_flag(mmsi).cloned(),
            names: runs(own().map(|r| (r.time_ms, text(r.shipname.as_deref()))), config),
            callsigns: runs(own().map(|r| (r.time_ms, text(r.callsign.as_deref()))), config),
            imos: runs(own().map(|r| (r.time_ms, r.imo.filter(|&imo| imo != 0))), config),
            ship_types: runs(own().map(|r| (r.time_ms, r.ship_type.filter(|&t| t != 0))), config),
            sizes: runs(
                own().map(|r| {
                    let size = r.length_m.zip(r.beam_m).map(|(length_m, beam_m)| Size { length_m, beam_m });
                    (r.time_ms, size.filter(|s| s.length_m != 0 && s.beam_m != 0))
                }),
                config,
            ),
            draughts: own()
                .filter_map(|r| r.draught_m.filter(|&d| d.is_finite() && d > 0.0).map(|d| (r.time_ms, d)))
                .collect(),
            report_count: own().count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(time_ms: i64, name: &str, draught_m: f64) -> StaticReport {
        StaticReport {
            mmsi: 445_000_001,
            time_ms,
            msg_type: Some(5),
            imo: Some(0),
            callsign: Some("  ".to_owned()),
            shipname: Some(name.to_owned()),
            ship_type: Some(84),
            dimensions: None,
            length_m: Some(180),
            beam_m: Some(30),
            draught_m: Some(draught_m),
            destination: None,
            eta: None,
            source: None,
            input_id: 1,
            line: 1,
        }
    }

    #[test]
    fn runs_count_reports_and_mark_one_offs() {
        let config = HistoryConfig::default();
        let names = ["A", "A", "A", "X", "A", "A", "A", "B", "B", "", "B"];
        let reports: Vec<StaticReport> = names
            .iter()
            .zip(0..)
            .map(|(name, t)| report(t * 1000, name, if t < 5 { 7.0 } else { 0.0 }))
            .collect();
        let mids = MidTable::embedded().unwrap();
        let h = IdentityHistory::build(445_000_001, &reports, &mids, &config);
        let got: Vec<(&str, i64, i64, u32, bool)> = h
            .names
            .iter()
            .map(|r| (r.value.as_str(), r.first_ms, r.last_ms, r.report_count, r.one_off))
            .collect();
        assert_eq!(
            got,
            [
                ("A", 0, 2000, 3, false),
                ("X", 3000, 3000, 1, true),
                ("A", 4000, 6000, 3, false),
                // The empty name neither ends nor counts in the run.
                ("B", 7000, 10_000, 3, false),
            ]
        );
        assert!(h.callsigns.is_empty() && h.imos.is_empty(), "not-available values are skipped");
        assert_eq!(h.sizes.len(), 1);
        assert_eq!(h.sizes[0].value, Size { length_m: 180, beam_m: 30 });
        assert_eq!(h.flag.as_ref().map(|f| f.iso_alpha2.as_str()), Some("KP"));
        assert_eq!(h.draughts.len(), 5, "draught 0 is not available");
        assert_eq!(h.report_count, 11);
    }

    #[test]
    fn a_one_off_needs_long_runs_on_both_sides() {
        let config = HistoryConfig::default();
        let of = |values: &[u8]| -> Vec<bool> {
            runs(values.iter().zip(0..).map(|(&v, t)| (t, Some(v))), &config)
                .iter()
                .map(|r| r.one_off)
                .collect()
        };
        assert_eq!(of(&[1, 1, 1, 2, 1, 1, 1]), [false, true, false]);
        assert_eq!(of(&[1, 1, 2, 1, 1, 1]), [false, false, false], "too few before");
        assert_eq!(of(&[1, 1, 1, 2, 2, 1, 1, 1]), [false, false, false], "two reports are a run");
        assert_eq!(of(&[1, 1, 1, 2, 3, 3, 3]), [false, false, false], "different values around");
        assert_eq!(of(&[1, 1, 1, 2]), [false, false], "the last run is never a one-off");
    }
}

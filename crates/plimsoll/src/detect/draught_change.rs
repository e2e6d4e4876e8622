//! Draught changes: a vessel reporting a different draught, the sign of cargo
//! loaded or discharged.
//!
//! [`DraughtChangeDetector::detect`] compares consecutive draught reports of one
//! vessel ([`IdentityHistory::draughts`]); a change of at least `min_change_m` is
//! an event over the window between the two reports. The caller may pass what the
//! vessel did meanwhile (its encounters, STS transfers, port visits): the ids of
//! those that overlap the window go into `details.during`, and the event takes the
//! first one's position (without one, `lat`/`lon` are NaN: the history has no
//! positions).

use serde_json::{json, Map};

use super::{check_positive, ConfigError};
use crate::event::{Event, EventKind};
use crate::track::identity::IdentityHistory;

const DETECTOR: &str = "draught_change";

/// Thresholds of the draught-change detector.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraughtChangeConfig {
    /// The least change reported, metres. Default 0.5 m: AIS carries draught in
    /// 0.1 m steps and crews round or adjust it by a step or two for trim and
    /// fuel burnt; half a metre is above that noise and still small enough to
    /// catch a partial transfer (on a product tanker about 1,500 t of cargo).
    pub min_change_m: f64,
    /// A change this large or more gets full confidence, smaller ones in
    /// proportion. Default 3 m: between laden and ballast for most tankers.
    pub full_change_m: f64,
}

impl Default for DraughtChangeConfig {
    fn default() -> Self {
        DraughtChangeConfig { min_change_m: 0.5, full_change_m: 3.0 }
    }
}

impl DraughtChangeConfig {
    /// Checks that both thresholds are positive and finite and in order.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            DETECTOR,
            &[("min_change_m", self.min_change_m), ("full_change_m", self.full_change_m)],
            &[],
        )?;
        if self.full_change_m < self.min_change_m {
            return Err(ConfigError {
                detector: DETECTOR,
                kind: super::ConfigErrorKind::Order { field: "full_change_m", other: "min_change_m" },
            });
        }
        Ok(())
    }
}

/// The draught-change detector.
#[derive(Debug, Clone)]
pub struct DraughtChangeDetector {
    config: DraughtChangeConfig,
}

impl DraughtChangeDetector {
    /// A detector with a checked configuration.
    pub fn new(config: DraughtChangeConfig) -> Result<DraughtChangeDetector, ConfigError> {
        config.validate()?;
        Ok(DraughtChangeDetector { config })
    }

    /// The draught changes of one vessel, in time order. `context` is what the
    /// caller knows the vessel did (any events; those naming the vessel and
    /// overlapping a change's window, ends included, are cited).
    pub fn detect(&self, history: &IdentityHistory, context: &[Event]) -> Vec<Event> {
        let mut events = Vec::new();
        for pair in history.draughts.windows(2) {
            let [(before_ms, before_m), (after_ms, after_m)] = *pair else { continue };
            let change_m = after_m - before_m;
            if change_m.abs() < self.config.min_change_m {
                continue;
            }
            let during: Vec<&Event> = context
                .iter()
                .filter(|e| {
                    e.vessels.contains(&history.mmsi) && e.start_ms <= after_ms && e.end_ms >= before_ms
                })
                .collect();
            let at = during.first().map_or((f64::NAN, f64::NAN), |e| (e.lat_deg, e.lon_deg));
            let confidence = (change_m.abs() / self.config.full_change_m).min(1.0);
            let mut details = Map::new();
            details.insert("before_m".into(), json!(before_m));
            details.insert("after_m".into(), json!(after_m));
            details.insert("change_m".into(), json!(change_m));
            details.insert("window_ms".into(), json!(after_ms - before_ms));
            details.insert("during".into(), json!(during.iter().map(|e| e.id.as_str()).collect::<Vec<_>>()));
            details.insert(
                "reasons".into(),
                json!([format!(
                    "draught {before_m} m to {after_m} m; confidence {confidence:.2} of a full {} m",
                    self.config.full_change_m
                )]),
            );
            events.push(Event::new(
                EventKind::DraughtChange,
                vec![history.mmsi],
                before_ms,
                after_ms,
                at,
                confidence,
                details,
            ));
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(draughts: Vec<(i64, f64)>) -> IdentityHistory {
        IdentityHistory {
            mmsi: 7,
            flag: None,
            names: Vec::new(),
            callsigns: Vec::new(),
            imos: Vec::new(),
            ship_types: Vec::new(),
            sizes: Vec::new(),
            draughts,
            report_count: 0,
        }
    }

    #[test]
    fn changes_of_half_a_metre_are_found_with_what_happened_between() {
        let detector = DraughtChangeDetector::new(DraughtChangeConfig::default()).unwrap();
        let h = history(vec![(0, 8.0), (1000, 8.4), (5000, 11.4), (9000, 10.9), (9500, 10.5)]);
        let sts = Event::new(EventKind::StsTransfer, vec![3, 7], 2000, 4000, (30.0, 123.0), 0.8, Map::new());
        let other = Event::new(EventKind::PortVisit, vec![8], 2000, 4000, (0.0, 0.0), 1.0, Map::new());
        let events = detector.detect(&h, &[sts.clone(), other]);
        let got: Vec<(i64, i64, f64)> = events.iter().map(|e| (e.start_ms, e.end_ms, e.confidence)).collect();
        // 8.0 → 8.4 is under half a metre; 10.9 → 10.5 too (floating point: 0.4).
        assert_eq!(got, [(1000, 5000, 1.0), (5000, 9000, 0.5 / 3.0)]);
        assert_eq!(events[0].details["during"], json!([sts.id]));
        assert_eq!((events[0].lat_deg, events[0].lon_deg), (30.0, 123.0));
        assert_eq!(events[1].details["during"], json!([]));
        assert!(events[1].lat_deg.is_nan());
        assert_eq!(events[1].details["change_m"], json!(-0.5));
    }

    #[test]
    fn configs_are_checked() {
        for config in [
            DraughtChangeConfig { min_change_m: 0.0, ..Default::default() },
            DraughtChangeConfig { min_change_m: 4.0, ..Default::default() },
            DraughtChangeConfig { full_change_m: f64::NAN, ..Default::default() },
        ] {
            assert_eq!(DraughtChangeDetector::new(config).unwrap_err().detector, "draught_change");
        }
    }
}

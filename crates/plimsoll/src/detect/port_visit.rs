//! Port visits: a vessel that came within a port's entry radius, with the
//! time it spent there and how long it was stopped.

use serde_json::{json, Map};

use super::{check_positive, ConfigError, ConfigErrorKind};
use crate::event::{Event, EventKind};
use crate::geo::geodesy::haversine_distance_m;
use crate::geo::{Port, Ports};
use crate::track::{Segment, VesselTracks};

/// Thresholds of the port visit detector. [`PortVisitConfig::default`] gives the
/// Global Fishing Watch baselines (DESIGN.md, "Detection defaults").
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortVisitConfig {
    /// A visit starts at the first point this close to a World Port Index port.
    /// Default 3 km (Global Fishing Watch).
    pub entry_radius_m: f64,
    /// A visit ends after the last point before one farther than this from its
    /// port; larger than the entry radius so that a ship at the rim does not
    /// flicker in and out. Default 4 km (Global Fishing Watch).
    pub exit_radius_m: f64,
    /// In a visit, a reported speed below this starts a stop. Default 0.2 kn
    /// (Global Fishing Watch).
    pub stop_max_speed_knots: f64,
    /// A reported speed above this ends a stop. Default 0.5 kn (Global Fishing Watch).
    pub resume_min_speed_knots: f64,
}

impl Default for PortVisitConfig {
    fn default() -> Self {
        PortVisitConfig {
            entry_radius_m: 3_000.0,
            exit_radius_m: 4_000.0,
            stop_max_speed_knots: 0.2,
            resume_min_speed_knots: 0.5,
        }
    }
}

const DETECTOR: &str = "port_visit";

impl PortVisitConfig {
    /// Checks every threshold is positive and finite, the exit radius at least
    /// the entry radius and the resume speed at least the stop speed.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_positive(
            DETECTOR,
            &[
                ("entry_radius_m", self.entry_radius_m),
                ("exit_radius_m", self.exit_radius_m),
                ("stop_max_speed_knots", self.stop_max_speed_knots),
                ("resume_min_speed_knots", self.resume_min_speed_knots),
            ],
            &[],
        )?;
        let order = |field, other| {
            Err(ConfigError { detector: DETECTOR, kind: ConfigErrorKind::Order { field, other } })
        };
        if self.exit_radius_m < self.entry_radius_m {
            return order("exit_radius_m", "entry_radius_m");
        }
        if self.resume_min_speed_knots < self.stop_max_speed_knots {
            return order("resume_min_speed_knots", "stop_max_speed_knots");
        }
        Ok(())
    }
}

/// A visit being followed.
struct Visit<'p> {
    port: &'p Port,
    arrival_ms: i64,
    /// The last point still within the exit radius.
    last_ms: i64,
    closest_m: f64,
    /// When the current stop began, if stopped.
    stopped_since_ms: Option<i64>,
    stopped_ms: i64,
    stops: u64,
    points: u64,
}

impl<'p> Visit<'p> {
    /// A visit to `port` arriving at `arrival_ms`, before its first point is observed.
    fn new(port: &'p Port, arrival_ms: i64) -> Visit<'p> {
        Visit {
            port,
            arrival_ms,
            last_ms: arrival_ms,
            closest_m: f64::INFINITY,
            stopped_since_ms: None,
            stopped_ms: 0,
            stops: 0,
            points: 0,
        }
    }

    fn observe(&mut self, time_ms: i64, distance_m: f64, sog_knots: Option<f64>, config: &PortVisitConfig) {
        self.last_ms = time_ms;
        self.closest_m = self.closest_m.min(distance_m);
        self.points += 1;
        // A missing speed changes nothing: the stop goes on until a speed says otherwise.
        match (self.stopped_since_ms, sog_knots) {
            (None, Some(sog)) if sog < config.stop_max_speed_knots => {
                self.stopped_since_ms = Some(time_ms);
                self.stops += 1;
            }
            (Some(since_ms), Some(sog)) if sog > config.resume_min_speed_knots => {
                self.stopped_ms += time_ms - since_ms;
                self.stopped_since_ms = None;
            }
            _ => {}
        }
    }

    fn into_event(mut self, mmsi: u32, open: bool) -> Event {
        if let Some(since_ms) = self.stopped_since_ms {
            self.stopped_ms += self.last_ms - since_ms;
        }
        let port = self.port;
        let stopped = self.stops > 0;
        let (confidence, reason) = if stopped {
            (1.0, "stopped within the port radius")
        } else {
            (0.6, "passed within the port radius without stopping")
        };
        let mut details = Map::new();
        details.insert("port_name".into(), json!(port.name));
        details.insert("port_country".into(), json!(port.country));
        details.insert("port_unlocode".into(), json!(port.unlocode));
        details.insert("port_wpi_number".into(), json!(port.wpi_number));
        details.insert("arrival_ms".into(), json!(self.arrival_ms));
        details.insert("departure_ms".into(), json!(self.last_ms));
        details.insert("duration_ms".into(), json!(self.last_ms - self.arrival_ms));
        details.insert("stopped_ms".into(), json!(self.stopped_ms));
        details.insert("stops".into(), json!(self.stops));
        details.insert("closest_distance_m".into(), json!(self.closest_m));
        details.insert("points".into(), json!(self.points));
        details.insert("open".into(), json!(open));
        details.insert("confidence_reasons".into(), json!([reason]));
        Event::new(
            EventKind::PortVisit,
            vec![mmsi],
            self.arrival_ms,
            self.last_ms,
            (port.lat_deg, port.lon_deg),
            confidence,
            details,
        )
    }
}

/// Every port visit in one vessel's tracks, in time order: one event per visit,
/// from the first point within `entry_radius_m` of a port to the last point
/// before one beyond `exit_radius_m` of it.
///
/// Visits are followed within each segment, so two ships sharing an MMSI keep
/// their own visits. A visit still in progress at its segment's last point
/// (the end of the data, or a gap longer than the tracker bridges) ends there
/// with `details.open = true`: its departure is unknown.
///
/// The caller validates `config` ([`PortVisitConfig::validate`]).
pub fn detect(tracks: &VesselTracks, ports: &Ports, config: &PortVisitConfig) -> Vec<Event> {
    let mut events: Vec<Event> =
        tracks.segments.iter().flat_map(|s| segment_visits(s, ports, config)).collect();
    events.sort_by(|a, b| (a.start_ms, &a.id).cmp(&(b.start_ms, &b.id)));
    events
}

fn segment_visits(segment: &Segment, ports: &Ports, config: &PortVisitConfig) -> Vec<Event> {
    let mmsi = segment.id.mmsi;
    let mut events = Vec::new();
    let mut visit: Option<Visit> = None;
    for tracked in &segment.points {
        let p = &tracked.point;
        if let Some(current) = visit.as_mut() {
            let distance_m =
                haversine_distance_m(p.lat_deg, p.lon_deg, current.port.lat_deg, current.port.lon_deg);
            if distance_m <= config.exit_radius_m {
                current.observe(p.time_ms, distance_m, p.sog_knots, config);
                continue;
            }
            if let Some(done) = visit.take() {
                events.push(done.into_event(mmsi, false));
            }
        }
        // Not in a visit (or just left one, perhaps for a neighbouring port).
        if let Some(&(port, distance_m)) = ports.within(p.lat_deg, p.lon_deg, config.entry_radius_m).first() {
            let mut entered = Visit::new(port, p.time_ms);
            entered.observe(p.time_ms, distance_m, p.sog_knots, config);
            visit = Some(entered);
        }
    }
    if let Some(open) = visit {
        events.push(open.into_event(mmsi, true));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change to a valid config that makes it invalid.
    type Change = fn(&mut PortVisitConfig);

    #[test]
    fn validate_rejects_bad_thresholds() {
        assert_eq!(PortVisitConfig::default().validate(), Ok(()));
        let cases: [(&str, Change); 5] = [
            ("entry_radius_m", |c| c.entry_radius_m = 0.0),
            ("exit_radius_m", |c| c.exit_radius_m = f64::NAN),
            ("stop_max_speed_knots", |c| c.stop_max_speed_knots = -0.2),
            ("exit_radius_m", |c| c.exit_radius_m = 2_000.0),
            ("resume_min_speed_knots", |c| c.resume_min_speed_knots = 0.1),
        ];
        for (field, change) in cases {
            let mut config = PortVisitConfig::default();
            change(&mut config);
            let err = config.validate().unwrap_err();
            assert_eq!(err.field(), field, "{err}");
        }
    }

    #[test]
    fn stops_follow_the_speed_hysteresis() {
        let port = Port {
            wpi_number: "1".into(),
            name: "Test".into(),
            alternate_name: None,
            country: None,
            unlocode: None,
            lat_deg: 0.0,
            lon_deg: 0.0,
        };
        let config = PortVisitConfig::default();
        // (speeds reported each hour, stopped hours, stops)
        let cases: [(&[Option<f64>], i64, u64); 5] = [
            (&[Some(5.0), Some(3.0), Some(1.0)], 0, 0),
            (&[Some(5.0), Some(0.1), Some(0.1), Some(5.0)], 2, 1),
            // 0.3 kn is not a resume: the stop goes on.
            (&[Some(0.1), Some(0.3), Some(0.1), Some(0.6)], 3, 1),
            (&[Some(0.1), Some(0.6), Some(0.1), Some(0.6)], 2, 2),
            // Still stopped at the end: counted to the last point; no speed changes nothing.
            (&[Some(0.0), None, Some(0.0)], 2, 1),
        ];
        for (speeds, stopped_hours, stops) in cases {
            let mut visit = Visit::new(&port, 0);
            for (hour, &sog) in (0..).zip(speeds) {
                visit.observe(hour * 3_600_000, 100.0, sog, &config);
            }
            let event = visit.into_event(1, false);
            assert_eq!(event.details["stopped_ms"], json!(stopped_hours * 3_600_000), "{speeds:?}");
            assert_eq!(event.details["stops"], json!(stops), "{speeds:?}");
        }
    }
}

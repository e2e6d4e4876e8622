//! The Event: the data model's record of something that happened at sea, shared by
//! the detectors (what they found), the simulator (what really happened) and the
//! evaluation that compares the two.
//!
//! JSON schema (one object per line in `.jsonl` files):
//! `{"id","kind","vessels":[mmsi...],"start","end","lat","lon","confidence","details":{...}}`
//! with times in RFC 3339 UTC.

use std::fmt::Write;

use serde_json::{json, Map, Value};

use crate::ingest::{format_time_ms, TimeFormat};

/// What kind of event (the data model's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum EventKind {
    StsTransfer,
    Encounter,
    Loitering,
    AisGap,
    Spoofing,
    IdentityChange,
    DraughtChange,
    PortVisit,
}

impl EventKind {
    /// Every kind, in report order.
    pub const ALL: [EventKind; 8] = [
        EventKind::StsTransfer,
        EventKind::Encounter,
        EventKind::Loitering,
        EventKind::AisGap,
        EventKind::Spoofing,
        EventKind::IdentityChange,
        EventKind::DraughtChange,
        EventKind::PortVisit,
    ];

    /// The data model's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::StsTransfer => "sts_transfer",
            EventKind::Encounter => "encounter",
            EventKind::Loitering => "loitering",
            EventKind::AisGap => "ais_gap",
            EventKind::Spoofing => "spoofing",
            EventKind::IdentityChange => "identity_change",
            EventKind::DraughtChange => "draught_change",
            EventKind::PortVisit => "port_visit",
        }
    }

    /// Parses [`EventKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable: `<kind>-<mmsi>[-<mmsi>...]-<start, epoch seconds>` over all its vessels,
    /// so the same input gives the same ids, re-running adds no duplicates, and one
    /// ship meeting two others at once gives two ids.
    pub id: String,
    pub kind: EventKind,
    /// The vessels' MMSIs; for pairwise events, in ascending order.
    pub vessels: Vec<u32>,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Where it happened (for an extended event, a representative point); NaN when
    /// the event has no position (an identity change seen only in static reports),
    /// written as `null` in JSON.
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// 0–1: how strongly the evidence supports the event (1 for ground truth).
    pub confidence: f64,
    /// Kind-specific evidence and facts (durations, distances, draughts, reasons).
    pub details: Map<String, Value>,
}

/// Why an event line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event line {line}: {what}")]
pub struct ParseError {
    /// 1-based line number in the JSON-lines input.
    pub line: u64,
    pub what: ParseErrorKind,
}

/// What was wrong with an event line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("field `{0}` is missing or of the wrong type")]
    Field(&'static str),
    #[error("unknown kind `{0}`")]
    Kind(String),
    #[error("field `{field}` is not an RFC 3339 time: {value}")]
    Time { field: &'static str, value: String },
}

impl Event {
    /// An event with its stable id derived from the kind, the vessels and the start.
    pub fn new(
        kind: EventKind,
        vessels: Vec<u32>,
        start_ms: i64,
        end_ms: i64,
        at: (f64, f64),
        confidence: f64,
        details: Map<String, Value>,
    ) -> Event {
        let mut id = kind.as_str().to_owned();
        for mmsi in &vessels {
            // Writing to a String cannot fail.
            let _ = write!(id, "-{mmsi}");
        }
        let _ = write!(id, "-{}", start_ms.div_euclid(1000));
        Event { id, kind, vessels, start_ms, end_ms, lat_deg: at.0, lon_deg: at.1, confidence, details }
    }

    /// The same event with `qualifier` in its id after the kind
    /// (`<kind>-<qualifier>-<mmsi>...-<start s>`), for detectors that can report
    /// several different findings of one kind for the same vessels at the same moment.
    pub fn qualified(mut self, qualifier: &str) -> Event {
        let rest = self.id.strip_prefix(self.kind.as_str()).unwrap_or(&self.id).to_owned();
        self.id = format!("{}-{qualifier}{rest}", self.kind.as_str());
        self
    }

    /// The event as one JSON object in the data model's schema (times RFC 3339 UTC).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "kind": self.kind.as_str(),
            "vessels": self.vessels,
            "start": format_time_ms(self.start_ms),
            "end": format_time_ms(self.end_ms),
            "lat": self.lat_deg,
            "lon": self.lon_deg,
            "confidence": self.confidence,
            "details": self.details,
        })
    }

    /// Reads one JSON-lines event back; `line` locates errors.
    pub fn from_json_line(text: &str, line: u64) -> Result<Event, ParseError> {
        let err = |what| ParseError { line, what };
        let v: Value = serde_json::from_str(text).map_err(|e| err(ParseErrorKind::Json(e.to_string())))?;
        let str_field =
            |name: &'static str| v.get(name).and_then(Value::as_str).ok_or(err(ParseErrorKind::Field(name)));
        let f64_field =
            |name: &'static str| v.get(name).and_then(Value::as_f64).ok_or(err(ParseErrorKind::Field(name)));
        // `null` is an event without a position.
        let coordinate = |name: &'static str| match v.get(name) {
            Some(Value::Null) => Ok(f64::NAN),
            _ => f64_field(name),
        };
        let time_field = |name: &'static str| {
            let text = str_field(name)?;
            TimeFormat::Iso
                .parse_ms(text)
                .ok_or(err(ParseErrorKind::Time { field: name, value: text.to_owned() }))
        };
        let kind_name = str_field("kind")?;
        let kind = EventKind::from_name(kind_name).ok_or(err(ParseErrorKind::Kind(kind_name.to_owned())))?;
        let vessels = v
            .get("vessels")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter().map(|m| m.as_u64().and_then(|m| u32::try_from(m).ok())).collect::<Option<Vec<u32>>>()
            })
            .ok_or(err(ParseErrorKind::Field("vessels")))?;
        Ok(Event {
            id: str_field("id")?.to_owned(),
            kind,
            vessels,
            start_ms: time_field("start")?,
            end_ms: time_field("end")?,
            lat_deg: coordinate("lat")?,
            lon_deg: coordinate("lon")?,
            confidence: f64_field("confidence")?,
            details: v.get("details").and_then(Value::as_object).cloned().unwrap_or_default(),
        })
    }
}

/// Sorts events by start, then kind and id: the order event files are written in.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| (a.start_ms, a.kind, &a.id).cmp(&(b.start_ms, b.kind, &b.id)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_stable_id() {
        let mut details = Map::new();
        details.insert("draught_change_m".to_owned(), json!(2.2));
        let e = Event::new(
            EventKind::StsTransfer,
            vec![412000001, 445000002],
            1_518_739_200_000,
            1_518_753_600_000,
            (29.5, 124.8),
            0.9,
            details,
        );
        assert_eq!(e.id, "sts_transfer-412000001-445000002-1518739200");
        let line = e.to_json().to_string();
        assert!(line.contains("\"start\":\"2018-02-16T00:00:00.000Z\""), "{line}");
        assert_eq!(Event::from_json_line(&line, 1).unwrap(), e);
        assert_eq!(e.qualified("x").id, "sts_transfer-x-412000001-445000002-1518739200");
    }

    #[test]
    fn an_event_without_a_position_round_trips_as_null() {
        let e = Event::new(EventKind::IdentityChange, vec![1], 0, 0, (f64::NAN, f64::NAN), 0.7, Map::new());
        let line = e.to_json().to_string();
        assert!(line.contains("\"lat\":null"), "{line}");
        let back = Event::from_json_line(&line, 1).unwrap();
        assert!(back.lat_deg.is_nan() && back.lon_deg.is_nan());
        assert_eq!(back.id, e.id);
    }

    #[test]
    fn bad_lines_are_located_errors() {
        assert!(matches!(
            Event::from_json_line("{", 3),
            Err(ParseError { line: 3, what: ParseErrorKind::Json(_) })
        ));
        let no_kind = r#"{"id":"x","kind":"teleport","vessels":[1],"start":"2018-02-16T00:00:00Z","end":"2018-02-16T00:00:00Z","lat":0,"lon":0,"confidence":1}"#;
        assert_eq!(
            Event::from_json_line(no_kind, 4).unwrap_err().what,
            ParseErrorKind::Kind("teleport".to_owned())
        );
        let bad_time = no_kind
            .replace("teleport", "ais_gap")
            .replace("\"start\":\"2018-02-16T00:00:00Z\"", "\"start\":\"yesterday\"");
        assert!(matches!(
            Event::from_json_line(&bad_time, 5).unwrap_err().what,
            ParseErrorKind::Time { field: "start", .. }
        ));
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_name(kind.as_str()), Some(kind));
        }
    }
}

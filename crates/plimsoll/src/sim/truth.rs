//! Ground truth: the injected events, in the Event schema of the data model.

use serde_json::{json, Map, Value};

use crate::ingest::format_time_ms;

/// The event kinds the simulator injects (a subset of the data model's kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum EventKind {
    StsTransfer,
    AisGap,
    IdentityChange,
    PortVisit,
}

impl EventKind {
    /// The data model's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::StsTransfer => "sts_transfer",
            EventKind::AisGap => "ais_gap",
            EventKind::IdentityChange => "identity_change",
            EventKind::PortVisit => "port_visit",
        }
    }
}

/// One true event.
#[derive(Debug, Clone, PartialEq)]
pub struct TruthEvent {
    /// Stable: `<kind>-<first mmsi>-<start, epoch seconds>`, the same for the same
    /// scenario and seed.
    pub id: String,
    pub kind: EventKind,
    pub vessels: Vec<u32>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// Always 1: this is what happened.
    pub confidence: f64,
    /// Kind-specific facts (draughts before and after, old and new names, the port).
    pub details: Map<String, Value>,
}

impl TruthEvent {
    /// An event; the id is derived from the kind, first vessel and start.
    pub fn new(
        kind: EventKind,
        vessels: Vec<u32>,
        start_ms: i64,
        end_ms: i64,
        at: (f64, f64),
        details: Map<String, Value>,
    ) -> TruthEvent {
        let first = vessels.first().copied().unwrap_or(0);
        let id = format!("{}-{first}-{}", kind.as_str(), start_ms.div_euclid(1000));
        TruthEvent {
            id,
            kind,
            vessels,
            start_ms,
            end_ms,
            lat_deg: at.0,
            lon_deg: at.1,
            confidence: 1.0,
            details,
        }
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
}

/// Sorts events by start, then kind and id, the order `truth.jsonl` is written in.
pub fn sort_events(events: &mut [TruthEvent]) {
    events.sort_by(|a, b| (a.start_ms, a.kind, &a.id).cmp(&(b.start_ms, b.kind, &b.id)));
}

//! Detected events in the catalog: idempotent by id, versioned by detect run.
//!
//! A detect run covers a time window and owns the events that *start* in it
//! (the detectors read a halo around the window, so an event is whole wherever
//! it starts). [`record_run`] compares the run's events with the stored events
//! of the window, in one transaction:
//!
//! - an id not stored yet is **added**;
//! - a stored id whose content changed (late data moved its end, raised its
//!   confidence) is **updated**;
//! - a stored id the run found again unchanged is left as it is (**unchanged**);
//! - an active stored id of the window the run did not find is **retracted**
//!   (kept, with status `retracted`, so a review or a dossier that cited it can
//!   still see what it was and why it went);
//! - a retracted id found again is **restored**.
//!
//! Every change writes a row into `event_revisions`, so the story of an event
//! across runs (the "events that flip when late data arrives" that the
//! baselines hide) can be shown. Running the same store twice changes nothing
//! but the run log.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::ToSql;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde_json::Value;

use super::catalog::Catalog;
use super::error::{At, Error, ErrorKind};
use super::TimeRange;
use crate::event::{Event, EventKind};

/// The events tables (created with the catalog's schema).
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS detect_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    finished_at TEXT NOT NULL,
    from_ms INTEGER,
    to_ms INTEGER,
    version TEXT NOT NULL,
    parameters TEXT NOT NULL,
    inputs TEXT NOT NULL,
    events INTEGER NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    retracted INTEGER NOT NULL,
    restored INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    lat_deg REAL,
    lon_deg REAL,
    confidence REAL NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'retracted')),
    revision INTEGER NOT NULL,
    first_run INTEGER NOT NULL REFERENCES detect_runs(id),
    last_run INTEGER NOT NULL REFERENCES detect_runs(id)
);
CREATE INDEX IF NOT EXISTS events_by_start ON events(start_ms);
CREATE INDEX IF NOT EXISTS events_by_kind ON events(kind, start_ms);
CREATE TABLE IF NOT EXISTS event_vessels (
    mmsi INTEGER NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (mmsi, event_id)
) WITHOUT ROWID;
-- Rewriting an event deletes its vessels by id: without this index each delete
-- scans the table, quadratic in the events of a run.
CREATE INDEX IF NOT EXISTS event_vessels_by_event ON event_vessels(event_id);
CREATE TABLE IF NOT EXISTS event_revisions (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES detect_runs(id),
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (event_id, revision)
) WITHOUT ROWID;
";

/// Most events one [`read_events`] returns when the filter sets no limit.
pub const MAX_READ_EVENTS: u64 = 1_000_000;

/// Whether a stored event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// Found by the last run over its window.
    Active,
    /// Found once, not by the last run over its window.
    Retracted,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Active => "active",
            EventStatus::Retracted => "retracted",
        }
    }

    fn from_db(text: &str) -> EventStatus {
        if text == "retracted" {
            EventStatus::Retracted
        } else {
            EventStatus::Active
        }
    }
}

/// An event as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub event: Event,
    pub status: EventStatus,
    /// 1 when first added; one more for every change.
    pub revision: u32,
    /// The detect run that first found it.
    pub first_run: i64,
    /// The last detect run that found it (or retracted it).
    pub last_run: i64,
}

/// One version of an event (`event_revisions`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventRevision {
    pub revision: u32,
    pub run_id: i64,
    pub status: EventStatus,
    /// The event's JSON at that revision.
    pub body: Value,
}

/// What a detect run was, for the log and to reproduce it.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// The window the run owns: events starting in it.
    pub window: TimeRange,
    /// The Plimsoll version that ran.
    pub version: String,
    /// The effective parameters (every threshold), as JSON.
    pub parameters: Value,
}

/// What [`record_run`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// The run's id in `detect_runs`.
    pub run_id: i64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub retracted: u64,
    pub restored: u64,
    /// Events of the run that start outside its window (owned by another
    /// window) and were not recorded.
    pub outside_window: u64,
}

/// A logged detect run (`detect_runs`).
#[derive(Debug, Clone, PartialEq)]
pub struct DetectRunRow {
    pub id: i64,
    pub finished_at: String,
    pub window: TimeRange,
    pub version: String,
    pub parameters: Value,
    /// The committed inputs the run read: `[{"id", "path", "sha256"}]`.
    pub inputs: Value,
    pub events: u64,
    pub outcome: RunOutcome,
}

/// Which events to read. The default reads every active event.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only these kinds (all when empty).
    pub kinds: Vec<EventKind>,
    /// Only events overlapping this range.
    pub range: TimeRange,
    /// Only events of this vessel.
    pub mmsi: Option<u32>,
    /// Only events placed inside `[west, south, east, north]` degrees; `west >
    /// east` crosses the antimeridian. Events without a position are left out.
    pub bbox: Option<[f64; 4]>,
    /// Only events at least this confident.
    pub confidence_min: Option<f64>,
    /// Retracted events too.
    pub include_retracted: bool,
    /// At most this many (at most [`MAX_READ_EVENTS`]).
    pub limit: Option<u64>,
    /// Skip this many first (for paging).
    pub offset: u64,
}

fn to_db(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_db(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn body_of(event: &Event) -> String {
    event.to_json().to_string()
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Records a detect run's `events` for `info.window` in the store at `dir`
/// (see the module documentation), logging the run with its parameters and the
/// committed inputs it read. Ids must be unique within `events`.
///
/// # Errors
/// [`ErrorKind::NotAStore`] when `dir` holds no store; SQLite errors. On error
/// nothing is changed.
pub fn record_run(dir: &Path, info: &RunInfo, events: &[Event]) -> Result<RunOutcome, Error> {
    let mut catalog = Catalog::open_existing(dir)?;
    let (conn, path) = catalog.parts();
    let tx = conn.transaction().at(path)?;
    let inputs = committed_inputs_json(&tx).at(path)?;
    tx.execute(
        "INSERT INTO detect_runs (finished_at, from_ms, to_ms, version, parameters, inputs, events,
             added, updated, unchanged, retracted, restored)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, 0)",
        params![
            super::catalog::now_text(),
            info.window.from_ms,
            info.window.to_ms,
            info.version,
            info.parameters.to_string(),
            inputs.to_string(),
            to_db(u64::try_from(events.len()).unwrap_or(u64::MAX)),
        ],
    )
    .at(path)?;
    let run_id = tx.last_insert_rowid();
    let mut outcome = RunOutcome { run_id, ..RunOutcome::default() };

    // The window's stored events: id -> (status, revision, body).
    let mut stored: HashMap<String, (EventStatus, u32, String)> = HashMap::new();
    {
        let mut stmt = tx
            .prepare(
                "SELECT id, status, revision, body FROM events
                 WHERE (?1 IS NULL OR start_ms >= ?1) AND (?2 IS NULL OR start_ms < ?2)",
            )
            .at(path)?;
        let rows = stmt
            .query_map(params![info.window.from_ms, info.window.to_ms], |r| {
                let status: String = r.get(1)?;
                let revision: i64 = r.get(2)?;
                Ok((
                    r.get(0)?,
                    (EventStatus::from_db(&status), u32::try_from(revision).unwrap_or(0), r.get(3)?),
                ))
            })
            .at(path)?;
        for row in rows {
            let (id, value) = row.at(path)?;
            stored.insert(id, value);
        }
    }

    let mut seen = std::collections::HashSet::new();
    for event in events {
        if !info.window.contains(event.start_ms) {
            outcome.outside_window += 1;
            continue;
        }
        if !seen.insert(event.id.as_str()) {
            return Err(ErrorKind::DuplicateEventId { id: event.id.clone() }.into());
        }
        let body = body_of(event);
        match stored.remove(&event.id) {
            Some((EventStatus::Active, _, old)) if old == body => {
                outcome.unchanged += 1;
                tx.execute("UPDATE events SET last_run = ?2 WHERE id = ?1", params![event.id, run_id])
                    .at(path)?;
            }
            Some((status, revision, _)) => {
                if status == EventStatus::Retracted {
                    outcome.restored += 1;
                } else {
                    outcome.updated += 1;
                }
                write_event(&tx, event, &body, revision + 1, run_id).at(path)?;
            }
            None => {
                // Not in this window's rows, but maybe stored under another window
                // (an event whose start moved across the window's edge keeps its id
                // only if its start second did not change, so this is rare).
                let existing: Option<i64> = tx
                    .query_row("SELECT revision FROM events WHERE id = ?1", [&event.id], |r| r.get(0))
                    .optional()
                    .at(path)?;
                match existing {
                    Some(revision) => {
                        outcome.updated += 1;
                        let revision = u32::try_from(revision).unwrap_or(0);
                        write_event(&tx, event, &body, revision + 1, run_id).at(path)?;
                    }
                    None => {
                        outcome.added += 1;
                        write_event(&tx, event, &body, 1, run_id).at(path)?;
                    }
                }
            }
        }
    }
    for (id, (status, revision, body)) in stored {
        if status == EventStatus::Retracted {
            continue;
        }
        outcome.retracted += 1;
        let revision = revision + 1;
        tx.execute(
            "UPDATE events SET status = 'retracted', revision = ?2, last_run = ?3 WHERE id = ?1",
            params![id, revision, run_id],
        )
        .at(path)?;
        tx.execute(
            "INSERT INTO event_revisions (event_id, revision, run_id, status, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, revision, run_id, EventStatus::Retracted.as_str(), body],
        )
        .at(path)?;
    }
    tx.execute(
        "UPDATE detect_runs SET added = ?2, updated = ?3, unchanged = ?4, retracted = ?5, restored = ?6
         WHERE id = ?1",
        params![
            run_id,
            to_db(outcome.added),
            to_db(outcome.updated),
            to_db(outcome.unchanged),
            to_db(outcome.retracted),
            to_db(outcome.restored)
        ],
    )
    .at(path)?;
    tx.commit().at(path)?;
    Ok(outcome)
}

/// Inserts or replaces an event as `revision`, active, found by `run_id`.
fn write_event(
    tx: &rusqlite::Transaction<'_>,
    event: &Event,
    body: &str,
    revision: u32,
    run_id: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO events (id, kind, start_ms, end_ms, lat_deg, lon_deg, confidence, body, status,
             revision, first_run, last_run)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?10, ?10)
         ON CONFLICT (id) DO UPDATE SET kind = ?2, start_ms = ?3, end_ms = ?4, lat_deg = ?5,
             lon_deg = ?6, confidence = ?7, body = ?8, status = 'active', revision = ?9, last_run = ?10",
        params![
            event.id,
            event.kind.as_str(),
            event.start_ms,
            event.end_ms,
            finite(event.lat_deg),
            finite(event.lon_deg),
            event.confidence,
            body,
            revision,
            run_id
        ],
    )?;
    tx.execute("DELETE FROM event_vessels WHERE event_id = ?1", [&event.id])?;
    for mmsi in &event.vessels {
        tx.execute(
            "INSERT OR IGNORE INTO event_vessels (mmsi, event_id) VALUES (?1, ?2)",
            params![mmsi, event.id],
        )?;
    }
    tx.execute(
        "INSERT INTO event_revisions (event_id, revision, run_id, status, body) VALUES (?1, ?2, ?3, 'active', ?4)",
        params![event.id, revision, run_id, body],
    )?;
    Ok(())
}

/// The committed inputs as `[{"id", "path", "sha256"}]`.
fn committed_inputs_json(conn: &rusqlite::Connection) -> rusqlite::Result<Value> {
    let mut stmt = conn.prepare("SELECT id, path, sha256 FROM committed_inputs ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        let id: i64 = r.get(0)?;
        let path: String = r.get(1)?;
        let sha256: Option<String> = r.get(2)?;
        Ok(serde_json::json!({"id": id, "path": path, "sha256": sha256}))
    })?;
    Ok(Value::Array(rows.collect::<Result<_, _>>()?))
}

/// Reads the stored events `filter` selects, in (start, kind, id) order.
///
/// # Errors
/// [`ErrorKind::NotAStore`]; [`ErrorKind::StoredEvent`] if a stored event's
/// JSON no longer parses (a store written by another version); SQLite errors.
pub fn read_events(dir: &Path, filter: &EventFilter) -> Result<Vec<StoredEvent>, Error> {
    let mut catalog = Catalog::open_existing(dir)?;
    let (conn, path) = catalog.parts();
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    let mut bind = |clause: &str, value: Box<dyn ToSql>, values: &mut Vec<Box<dyn ToSql>>| {
        values.push(value);
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    };
    if !filter.include_retracted {
        bind("e.status = ?", Box::new("active"), &mut values);
    }
    if let Some(from_ms) = filter.range.from_ms {
        bind("e.end_ms >= ?", Box::new(from_ms), &mut values);
    }
    if let Some(to_ms) = filter.range.to_ms {
        bind("e.start_ms < ?", Box::new(to_ms), &mut values);
    }
    if let Some(mmsi) = filter.mmsi {
        bind(
            "e.id IN (SELECT event_id FROM event_vessels WHERE mmsi = ?)",
            Box::new(i64::from(mmsi)),
            &mut values,
        );
    }
    if let Some(confidence_min) = filter.confidence_min {
        bind("e.confidence >= ?", Box::new(confidence_min), &mut values);
    }
    if let Some([west, south, east, north]) = filter.bbox {
        bind("e.lat_deg >= ?", Box::new(south), &mut values);
        bind("e.lat_deg <= ?", Box::new(north), &mut values);
        if west <= east {
            bind("e.lon_deg >= ?", Box::new(west), &mut values);
            bind("e.lon_deg <= ?", Box::new(east), &mut values);
        } else {
            values.push(Box::new(west));
            values.push(Box::new(east));
            let n = values.len();
            clauses.push(format!("(e.lon_deg >= ?{} OR e.lon_deg <= ?{n})", n - 1));
        }
    }
    if !filter.kinds.is_empty() {
        let mut marks = Vec::new();
        for kind in &filter.kinds {
            values.push(Box::new(kind.as_str()));
            marks.push(format!("?{}", values.len()));
        }
        clauses.push(format!("e.kind IN ({})", marks.join(", ")));
    }
    let limit = filter.limit.unwrap_or(MAX_READ_EVENTS).min(MAX_READ_EVENTS);
    values.push(Box::new(to_db(limit)));
    let limit_mark = values.len();
    values.push(Box::new(to_db(filter.offset)));
    let offset_mark = values.len();
    let where_sql =
        if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    // The data model's order (start, kind in `EventKind::ALL` order, id), so pages do not overlap.
    let kind_rank: String = EventKind::ALL
        .iter()
        .enumerate()
        .map(|(rank, kind)| format!(" WHEN '{}' THEN {rank}", kind.as_str()))
        .collect();
    let sql = format!(
        "SELECT e.body, e.status, e.revision, e.first_run, e.last_run FROM events e {where_sql}
         ORDER BY e.start_ms, CASE e.kind{kind_rank} END, e.id LIMIT ?{limit_mark} OFFSET ?{offset_mark}"
    );
    let mut stmt = conn.prepare(&sql).at(path)?;
    let rows = stmt
        .query_map(params_from_iter(values.iter().map(|v| v.as_ref())), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .at(path)?;
    let mut events = Vec::new();
    for row in rows {
        let (body, status, revision, first_run, last_run) = row.at(path)?;
        events.push(StoredEvent {
            event: parse_body(&body)?,
            status: EventStatus::from_db(&status),
            revision: u32::try_from(revision).unwrap_or(0),
            first_run,
            last_run,
        });
    }
    Ok(events)
}

fn parse_body(body: &str) -> Result<Event, Error> {
    Event::from_json_line(body, 1).map_err(|source| ErrorKind::StoredEvent { source }.into())
}

/// One stored event by id, retracted or not.
///
/// # Errors
/// As [`read_events`].
pub fn read_event(dir: &Path, id: &str) -> Result<Option<StoredEvent>, Error> {
    let mut catalog = Catalog::open_existing(dir)?;
    let (conn, path) = catalog.parts();
    let row = conn
        .query_row(
            "SELECT body, status, revision, first_run, last_run FROM events WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()
        .at(path)?;
    row.map(|(body, status, revision, first_run, last_run)| {
        Ok(StoredEvent {
            event: parse_body(&body)?,
            status: EventStatus::from_db(&status),
            revision: u32::try_from(revision).unwrap_or(0),
            first_run,
            last_run,
        })
    })
    .transpose()
}

/// Every revision of an event, oldest first.
///
/// # Errors
/// As [`read_events`].
pub fn event_revisions(dir: &Path, id: &str) -> Result<Vec<EventRevision>, Error> {
    let mut catalog = Catalog::open_existing(dir)?;
    let (conn, path) = catalog.parts();
    let mut stmt = conn
        .prepare(
            "SELECT revision, run_id, status, body FROM event_revisions WHERE event_id = ?1 ORDER BY revision",
        )
        .at(path)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })
        .at(path)?;
    let mut revisions = Vec::new();
    for row in rows {
        let (revision, run_id, status, body) = row.at(path)?;
        // Written by `record_run` from `Event::to_json`; checked the same way as the events.
        parse_body(&body)?;
        let body = serde_json::from_str(&body).unwrap_or(Value::Null);
        revisions.push(EventRevision {
            revision: u32::try_from(revision).unwrap_or(0),
            run_id,
            status: EventStatus::from_db(&status),
            body,
        });
    }
    Ok(revisions)
}

/// The detect runs logged in the store, oldest first.
///
/// # Errors
/// [`ErrorKind::NotAStore`]; SQLite errors.
pub fn detect_runs(dir: &Path) -> Result<Vec<DetectRunRow>, Error> {
    let mut catalog = Catalog::open_existing(dir)?;
    let (conn, path) = catalog.parts();
    let mut stmt = conn
        .prepare(
            "SELECT id, finished_at, from_ms, to_ms, version, parameters, inputs, events, added, updated,
                 unchanged, retracted, restored FROM detect_runs ORDER BY id",
        )
        .at(path)?;
    let rows = stmt
        .query_map([], |r| {
            let json = |i: usize| -> rusqlite::Result<Value> {
                let text: String = r.get(i)?;
                Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
            };
            let id: i64 = r.get(0)?;
            Ok(DetectRunRow {
                id,
                finished_at: r.get(1)?,
                window: TimeRange { from_ms: r.get(2)?, to_ms: r.get(3)? },
                version: r.get(4)?,
                parameters: json(5)?,
                inputs: json(6)?,
                events: from_db(r.get(7)?),
                outcome: RunOutcome {
                    run_id: id,
                    added: from_db(r.get(8)?),
                    updated: from_db(r.get(9)?),
                    unchanged: from_db(r.get(10)?),
                    retracted: from_db(r.get(11)?),
                    restored: from_db(r.get(12)?),
                    outside_window: 0,
                },
            })
        })
        .at(path)?;
    rows.collect::<Result<_, _>>().at(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const HOUR_MS: i64 = 3_600_000;
    const DAY_MS: i64 = 24 * HOUR_MS;

    fn event(kind: EventKind, vessels: &[u32], start_ms: i64, at: (f64, f64), confidence: f64) -> Event {
        Event::new(
            kind,
            vessels.to_vec(),
            start_ms,
            start_ms + 2 * HOUR_MS,
            at,
            confidence,
            Default::default(),
        )
    }

    fn info(window: TimeRange) -> RunInfo {
        RunInfo { window, version: "test".into(), parameters: serde_json::json!({"encounter": {"x": 1}}) }
    }

    fn store() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        dir
    }

    fn ids(events: &[StoredEvent]) -> Vec<&str> {
        events.iter().map(|e| e.event.id.as_str()).collect()
    }

    fn sample() -> Vec<Event> {
        vec![
            event(EventKind::StsTransfer, &[1, 2], 10 * HOUR_MS, (30.0, 124.0), 0.9),
            event(EventKind::Encounter, &[1, 2], 10 * HOUR_MS, (30.0, 124.0), 0.8),
            event(EventKind::AisGap, &[3], 30 * HOUR_MS, (60.0, 179.5), 0.5),
            event(EventKind::IdentityChange, &[4], 40 * HOUR_MS, (f64::NAN, f64::NAN), 1.0),
        ]
    }

    #[test]
    fn running_twice_adds_nothing() {
        let dir = store();
        let first = record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        assert_eq!((first.added, first.updated, first.unchanged, first.retracted), (4, 0, 0, 0));
        let second = record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        assert_eq!((second.added, second.updated, second.unchanged, second.retracted), (0, 0, 4, 0));
        let stored = read_events(dir.path(), &EventFilter::default()).unwrap();
        assert_eq!(stored.len(), 4);
        assert!(stored.iter().all(|e| e.revision == 1 && e.first_run == first.run_id));
        assert!(stored.iter().all(|e| e.last_run == second.run_id));
        // The event without a position comes back without one.
        let identity = stored.iter().find(|e| e.event.kind == EventKind::IdentityChange).unwrap();
        assert!(identity.event.lat_deg.is_nan());
        let mut expected = sample();
        crate::event::sort_events(&mut expected);
        let back: Vec<Event> = stored.into_iter().map(|e| e.event).collect();
        assert_eq!(format!("{back:?}"), format!("{expected:?}"));
        let runs = detect_runs(dir.path()).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].outcome, RunOutcome { outside_window: 0, ..second });
        assert_eq!(runs[0].parameters["encounter"]["x"], 1);
    }

    #[test]
    fn late_data_updates_retracts_and_restores() {
        let dir = store();
        record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        // Late data: the transfer lasted longer, the gap was filled, a new encounter appears.
        let mut late = sample();
        late[0].end_ms += HOUR_MS;
        late.remove(2);
        late.push(event(EventKind::Encounter, &[5, 6], 20 * HOUR_MS, (31.0, 125.0), 0.7));
        let outcome = record_run(dir.path(), &info(TimeRange::ALL), &late).unwrap();
        assert_eq!((outcome.added, outcome.updated, outcome.unchanged, outcome.retracted), (1, 1, 2, 1));
        let active = read_events(dir.path(), &EventFilter::default()).unwrap();
        assert!(!ids(&active).contains(&"ais_gap-3-108000"));
        let all =
            read_events(dir.path(), &EventFilter { include_retracted: true, ..Default::default() }).unwrap();
        let gap = all.iter().find(|e| e.event.id == "ais_gap-3-108000").unwrap();
        assert_eq!((gap.status, gap.revision), (EventStatus::Retracted, 2));
        let sts = read_event(dir.path(), "sts_transfer-1-2-36000").unwrap().unwrap();
        assert_eq!((sts.status, sts.revision, sts.event.end_ms), (EventStatus::Active, 2, 13 * HOUR_MS));
        let history = event_revisions(dir.path(), "sts_transfer-1-2-36000").unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].body["end"], "1970-01-01T12:00:00.000Z");

        // The gap comes back with the first run's data.
        let outcome = record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        assert_eq!((outcome.restored, outcome.retracted, outcome.updated), (1, 1, 1));
        let gap = read_event(dir.path(), "ais_gap-3-108000").unwrap().unwrap();
        assert_eq!((gap.status, gap.revision), (EventStatus::Active, 3));
        let statuses: Vec<EventStatus> =
            event_revisions(dir.path(), "ais_gap-3-108000").unwrap().iter().map(|r| r.status).collect();
        assert_eq!(statuses, [EventStatus::Active, EventStatus::Retracted, EventStatus::Active]);
    }

    #[test]
    fn a_window_owns_only_the_events_starting_in_it() {
        let dir = store();
        record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        // Day 2 again, with nothing found: only the day-2 events go.
        let day2 = TimeRange { from_ms: Some(DAY_MS), to_ms: Some(2 * DAY_MS) };
        let outcome = record_run(dir.path(), &info(day2), &sample()[..2]).unwrap();
        assert_eq!((outcome.retracted, outcome.outside_window, outcome.added), (2, 2, 0));
        let active = read_events(dir.path(), &EventFilter::default()).unwrap();
        assert_eq!(ids(&active), ["sts_transfer-1-2-36000", "encounter-1-2-36000"]);
    }

    #[test]
    fn duplicate_ids_are_refused_and_change_nothing() {
        let dir = store();
        let mut events = sample();
        events.push(events[0].clone());
        let err = record_run(dir.path(), &info(TimeRange::ALL), &events).unwrap_err();
        assert!(matches!(err.kind, ErrorKind::DuplicateEventId { .. }), "{err}");
        assert!(read_events(dir.path(), &EventFilter::default()).unwrap().is_empty());
        assert!(detect_runs(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn filters() {
        let dir = store();
        record_run(dir.path(), &info(TimeRange::ALL), &sample()).unwrap();
        let read = |filter: EventFilter| {
            read_events(dir.path(), &filter).unwrap().into_iter().map(|e| e.event.id).collect::<Vec<_>>()
        };
        assert_eq!(
            read(EventFilter { kinds: vec![EventKind::AisGap], ..Default::default() }),
            ["ais_gap-3-108000"]
        );
        assert_eq!(read(EventFilter { mmsi: Some(2), ..Default::default() }).len(), 2);
        assert_eq!(read(EventFilter { confidence_min: Some(0.85), ..Default::default() }).len(), 2);
        // Across the antimeridian: west 170, east -170.
        let pacific = EventFilter { bbox: Some([170.0, 50.0, -170.0, 70.0]), ..Default::default() };
        assert_eq!(read(pacific), ["ais_gap-3-108000"]);
        let china = EventFilter { bbox: Some([120.0, 25.0, 130.0, 35.0]), ..Default::default() };
        assert_eq!(read(china).len(), 2);
        let range = TimeRange { from_ms: Some(11 * HOUR_MS), to_ms: Some(31 * HOUR_MS) };
        assert_eq!(read(EventFilter { range, ..Default::default() }).len(), 3);
        let page = EventFilter { limit: Some(2), offset: 1, ..Default::default() };
        assert_eq!(read(page), ["encounter-1-2-36000", "ais_gap-3-108000"]);
    }

    #[test]
    fn a_directory_that_is_no_store() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_events(dir.path(), &EventFilter::default()).unwrap_err();
        assert!(matches!(err.kind, ErrorKind::NotAStore { .. }));
        assert!(!dir.path().join(super::super::CATALOG_FILE).exists());
    }
}

//! A vessel's profile (`GET /api/v1/vessels/{mmsi}`: identity over time, list
//! matches, risk), the vessels the latest screening matched (`GET
//! /api/v1/sanctioned`, the map's "sanctioned parties" filter), and what the
//! store holds (`GET /api/v1/summary`).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::Json;
use plimsoll::geo::{is_valid_imo, MidTable};
use plimsoll::ingest::format_time_ms;
use plimsoll::store::events::{read_events, EventFilter};
use plimsoll::store::{lists, StaticReader, TimeRange};
use plimsoll::track::identity::{HistoryConfig, IdentityHistory, Interval};
use serde_json::{json, Value};

use crate::api::{blocking, parse_mmsi};
use crate::app_error::AppError;
use crate::auth::Caller;
use crate::AppState;

fn runs<T>(runs: &[Interval<T>], show: impl Fn(&T) -> Value) -> Value {
    runs.iter()
        .map(|r| {
            json!({
                "value": show(&r.value),
                "first": format_time_ms(r.first_ms),
                "last": format_time_ms(r.last_ms),
                "reports": r.report_count,
                "one_off": r.one_off,
            })
        })
        .collect()
}

fn identity_json(h: &IdentityHistory) -> Value {
    json!({
        "flag": h.flag.as_ref().map(|f| json!({"mid": f.mid, "iso_alpha2": f.iso_alpha2, "name": f.name})),
        "static_reports": h.report_count,
        "names": runs(&h.names, |n| json!(n)),
        "call_signs": runs(&h.callsigns, |c| json!(c)),
        "imos": runs(&h.imos, |i| json!({"imo": i, "check_digit_ok": is_valid_imo(*i)})),
        "ship_types": runs(&h.ship_types, |t| json!(t)),
        "sizes": runs(&h.sizes, |s| json!({"length_m": s.length_m, "beam_m": s.beam_m})),
        "draughts": h.draughts.iter().map(|(t, d)| json!([format_time_ms(*t), d])).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/vessels/{mmsi}`: identity history, list matches with reasons,
/// risk with reasons, and the time span of its events (for the track).
pub async fn vessel(
    State(state): State<AppState>,
    _caller: Caller,
    Path(mmsi): Path<String>,
) -> Result<Json<Value>, AppError> {
    let mmsi = parse_mmsi(&mmsi)?;
    let store = state.store.clone();
    blocking(move || {
        let mids = MidTable::embedded().map_err(|e| AppError::Internal(Box::new(e)))?;
        let mut reader = StaticReader::open(&store, TimeRange::ALL)?;
        let mut identity = None;
        // Vessels come in MMSI order: stop once past the one asked for.
        while let Some(vessel) = reader.next_vessel()? {
            if vessel.mmsi >= mmsi {
                if vessel.mmsi == mmsi {
                    identity =
                        Some(IdentityHistory::build(mmsi, &vessel.reports, &mids, &HistoryConfig::default()));
                }
                break;
            }
        }
        let matches = lists::matches_for(&store, mmsi)?;
        let risk = lists::vessel_risk(&store, mmsi)?;
        let filter = EventFilter { mmsi: Some(mmsi), ..EventFilter::default() };
        let events = read_events(&store, &filter)?;
        let span = events.iter().map(|e| (e.event.start_ms, e.event.end_ms)).reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        Ok(Json(json!({
            "mmsi": mmsi,
            "flag": mids.mid_flag(mmsi).map(|f| json!({"mid": f.mid, "iso_alpha2": f.iso_alpha2, "name": f.name})),
            "identity": identity.as_ref().map(identity_json),
            "matches": matches,
            "risk": risk,
            "event_count": events.len(),
            "events_first": span.map(|s| format_time_ms(s.0)),
            "events_last": span.map(|s| format_time_ms(s.1)),
        })))
    })
    .await
}

/// `GET /api/v1/sanctioned`: every vessel the latest screening matched to a
/// list entry, with its best match (best first).
pub async fn sanctioned(State(state): State<AppState>, _caller: Caller) -> Result<Json<Value>, AppError> {
    let store = state.store.clone();
    blocking(move || {
        let mut best: BTreeMap<u32, plimsoll::screen::matcher::Match> = BTreeMap::new();
        for m in lists::all_matches(&store)? {
            // Matches come best first per vessel: keep the first.
            best.entry(m.mmsi).or_insert(m);
        }
        let mut vessels: Vec<_> = best.into_values().collect();
        vessels.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.mmsi.cmp(&b.mmsi)));
        let vessels: Vec<Value> = vessels
            .iter()
            .map(|m| {
                json!({
                    "mmsi": m.mmsi, "list": m.list, "entry_id": m.entry_id, "entry_name": m.entry_name,
                    "entry_imo": m.entry_imo, "programs": m.programs, "score": m.score,
                })
            })
            .collect();
        Ok(Json(json!({"vessels": vessels})))
    })
    .await
}

/// The MMSIs the latest screening matched.
pub(crate) fn sanctioned_mmsis(store: &std::path::Path) -> Result<std::collections::HashSet<u32>, AppError> {
    Ok(lists::all_matches(store)?.into_iter().map(|m| m.mmsi).collect())
}

/// `GET /api/v1/summary`: the store's positions, vessels and time span, and its events' span.
pub async fn summary(State(state): State<AppState>, _caller: Caller) -> Result<Json<Value>, AppError> {
    let store = state.store.clone();
    blocking(move || {
        let stats = plimsoll::store::stats(&store)?;
        let events = read_events(&store, &EventFilter::default())?;
        let span = events
            .iter()
            .map(|e| (e.event.start_ms, e.event.end_ms))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        Ok(Json(json!({
            "positions": stats.positions,
            "static_reports": stats.static_reports,
            "vessels": stats.vessels,
            "first": stats.time_span.as_ref().map(|s| &s.start),
            "last": stats.time_span.as_ref().map(|s| &s.end),
            "events": events.len(),
            "kinds": plimsoll::event::EventKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            "events_first": span.map(|s| format_time_ms(s.0)),
            "events_last": span.map(|s| format_time_ms(s.1)),
        })))
    })
    .await
}

//! The `/api/v1` handlers. Every input is checked here, before it reaches the
//! store: ids by form, numbers by range, times as RFC 3339, boxes by
//! [`BBox::parse`], page sizes and time spans by the bounds below. Store reads
//! and password hashing run on blocking tasks.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::DateTime;
use plimsoll::event::EventKind;
use plimsoll::evidence::dossier::{store_events, Dossier, DossierConfig, Subject};
use plimsoll::evidence::BBox;
use plimsoll::ingest::format_time_ms;
use plimsoll::store::events::{
    event_revisions, read_event, read_events, EventFilter, EventStatus, StoredEvent,
};
use plimsoll::store::{PositionReader, TimeRange};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{ReviewAction, Role, COMMENT_MAX, PASSWORD_MAX, SESSION_MS, USER_NAME_MAX};
use crate::app_error::AppError;
use crate::auth::{cleared_cookie, session_cookie, Caller, Credential};
use crate::AppState;

/// Most events one page holds.
pub const PAGE_SIZE_MAX: u64 = 500;
/// Events on a page when the request does not say.
pub const PAGE_SIZE_DEFAULT: u64 = 100;
/// Largest offset into the event list (deeper paging should narrow the filter).
pub const OFFSET_MAX: u64 = 1_000_000;
/// Longest event id accepted (ids are `<kind>-<qualifier>-<mmsi>...-<start s>`).
pub const EVENT_ID_MAX: usize = 200;
/// Longest time span of one track request, ms (31 days).
pub const TRACK_SPAN_MAX_MS: i64 = 31 * 24 * 3_600_000;
/// Most points of one track response; beyond it the track is thinned evenly.
pub const TRACK_POINTS_MAX: usize = 50_000;
/// Most audit entries on one page.
pub const AUDIT_PAGE_MAX: u32 = 1000;

/// The Content-Security-Policy of a dossier: its CSS is inline and it runs no
/// script; only the UI's event page (same origin) may frame it.
const DOSSIER_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

pub(crate) fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// An event id as the detectors write it: letters, digits, `-`, `_`, `.`, `:`
/// (no `/`, no `..` component, nothing a path or a query could be built from).
fn check_event_id(id: &str) -> Result<(), AppError> {
    let ok = !id.is_empty()
        && id.len() <= EVENT_ID_MAX
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        && !id.contains("..");
    if ok {
        Ok(())
    } else {
        Err(bad("event id must be letters, digits, `-`, `_`, `.` or `:`"))
    }
}

fn parse_time(name: &str, text: &str) -> Result<i64, AppError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|_| bad(format!("`{name}` must be an RFC 3339 time such as 2026-01-31T12:00:00Z")))
}

pub(crate) fn parse_number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    name: &str,
    text: &str,
    min: T,
    max: T,
) -> Result<T, AppError> {
    text.parse::<T>()
        .ok()
        .filter(|v| *v >= min && *v <= max)
        .ok_or_else(|| bad(format!("`{name}` must be a number from {min} to {max}")))
}

/// 1 to 999999999: the nine digits of an MMSI.
pub(crate) fn parse_mmsi(text: &str) -> Result<u32, AppError> {
    parse_number("mmsi", text, 1, 999_999_999)
}

fn status_str(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Active => "active",
        EventStatus::Retracted => "retracted",
    }
}

fn event_json(stored: &StoredEvent) -> Value {
    let mut v = stored.event.to_json();
    if let Some(o) = v.as_object_mut() {
        o.insert("status".to_owned(), json!(status_str(stored.status)));
        o.insert("revision".to_owned(), json!(stored.revision));
    }
    v
}

/// Runs blocking work (SQLite, Parquet, argon2) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await?
}

#[derive(Deserialize)]
pub struct LoginBody {
    name: String,
    password: String,
}

/// `POST /api/v1/login`: checks the password, sets the session cookie, returns
/// the CSRF token the client sends back on every state-changing request.
pub async fn login(
    State(state): State<AppState>,
    body: Result<Json<LoginBody>, JsonRejection>,
) -> Result<Response, AppError> {
    let Json(body) = body?;
    if body.name.len() > USER_NAME_MAX || body.password.len() > PASSWORD_MAX {
        return Err(bad("name or password too long"));
    }
    let now_ms = chrono::Utc::now().timestamp_millis();
    if !state.login_limiter.allows(&body.name, now_ms) {
        return Err(AppError::TooManyRequests);
    }
    // Bounds the argon2 work running at once, whatever the request rate.
    let _permit = state.hashing.acquire().await.map_err(|e| AppError::Internal(Box::new(e)))?;
    let accounts = state.accounts.clone();
    let name = body.name.clone();
    let session = blocking(move || {
        let Some(user) = accounts.check_password(&name, &body.password)? else { return Ok(None) };
        let session = accounts.create_session(&user)?;
        Ok(Some((user, session)))
    })
    .await?;
    state.login_limiter.record(&body.name, session.is_some(), now_ms);
    let Some((user, session)) = session else {
        // The same 401 whether the name exists or not.
        return Err(AppError::Unauthorized);
    };
    let cookie = session_cookie(&session.token, SESSION_MS / 1000);
    let body = json!({
        "user": user.name,
        "role": user.role,
        "csrf_token": session.csrf_token,
        "expires": format_time_ms(session.expires_ms),
    });
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// `POST /api/v1/logout`: ends the session (an API token is revoked instead).
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let Credential::Session { token, .. } = caller.credential else {
        return Err(bad("logout ends a session; an API token is revoked with DELETE /api/v1/tokens/{id}"));
    };
    let accounts = state.accounts.clone();
    blocking(move || Ok(accounts.end_session(&token)?)).await?;
    Ok(([(header::SET_COOKIE, cleared_cookie())], StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/v1/me`: who the caller is, and for a session its CSRF token (so a
/// page reloaded in the browser can still change things; only a same-origin
/// script can read it).
pub async fn me(caller: Caller) -> Json<Value> {
    let mut body = json!({"user": caller.user.name, "role": caller.user.role});
    if let Credential::Session { csrf_token, .. } = &caller.credential {
        body["csrf_token"] = json!(csrf_token);
    }
    Json(body)
}

/// The event list's query; every value is text, checked by [`EventsQuery::filter`].
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    kinds: Option<String>,
    from: Option<String>,
    to: Option<String>,
    mmsi: Option<String>,
    bbox: Option<String>,
    confidence_min: Option<String>,
    include_retracted: Option<String>,
    sanctioned: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

impl EventsQuery {
    /// Whether only events with a party the latest screening matched are asked for.
    fn sanctioned(&self) -> Result<bool, AppError> {
        match self.sanctioned.as_deref() {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(_) => Err(bad("`sanctioned` must be true or false")),
        }
    }

    fn filter(&self) -> Result<EventFilter, AppError> {
        let mut filter = EventFilter::default();
        if let Some(kinds) = &self.kinds {
            for name in kinds.split(',').filter(|k| !k.is_empty()) {
                let kind = EventKind::from_name(name).ok_or_else(|| {
                    let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                    bad(format!("`kinds` must be among {}", known.join(", ")))
                })?;
                if !filter.kinds.contains(&kind) {
                    filter.kinds.push(kind);
                }
            }
        }
        filter.range.from_ms = self.from.as_deref().map(|t| parse_time("from", t)).transpose()?;
        filter.range.to_ms = self.to.as_deref().map(|t| parse_time("to", t)).transpose()?;
        if let (Some(from), Some(to)) = (filter.range.from_ms, filter.range.to_ms) {
            if from >= to {
                return Err(bad("`from` must be before `to`"));
            }
        }
        filter.mmsi = self.mmsi.as_deref().map(parse_mmsi).transpose()?;
        filter.bbox = self
            .bbox
            .as_deref()
            .map(|b| {
                BBox::parse(b)
                    .map(|b| [b.west_deg, b.south_deg, b.east_deg, b.north_deg])
                    .map_err(|_| bad("`bbox` must be W,S,E,N in degrees (S <= N, |lat| <= 90, |lon| <= 180)"))
            })
            .transpose()?;
        filter.confidence_min = self
            .confidence_min
            .as_deref()
            .map(|c| parse_number("confidence_min", c, 0.0, 1.0))
            .transpose()?;
        filter.include_retracted = match self.include_retracted.as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(bad("`include_retracted` must be true or false")),
        };
        let limit = self
            .limit
            .as_deref()
            .map(|l| parse_number("limit", l, 1, PAGE_SIZE_MAX))
            .transpose()?
            .unwrap_or(PAGE_SIZE_DEFAULT);
        // One more than the page, to tell whether there is a next one.
        filter.limit = Some(limit + 1);
        filter.offset = self
            .offset
            .as_deref()
            .map(|o| parse_number("offset", o, 0, OFFSET_MAX))
            .transpose()?
            .unwrap_or(0);
        Ok(filter)
    }
}

/// `GET /api/v1/events`: a page of events.
pub async fn list_events(
    State(state): State<AppState>,
    _caller: Caller,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Result<Json<Value>, AppError> {
    let Query(query) = query?;
    let mut filter = query.filter()?;
    let sanctioned = query.sanctioned()?;
    let limit = filter.limit.unwrap_or(PAGE_SIZE_DEFAULT + 1) - 1;
    let offset = filter.offset;
    let store = state.store.clone();
    let mut events = blocking(move || {
        if !sanctioned {
            return Ok(read_events(&store, &filter)?);
        }
        // The matches live in the catalog's screening tables: filter the whole
        // selection by them, then page it.
        let parties = crate::vessels::sanctioned_mmsis(&store)?;
        let page = filter.limit.take();
        let skip = usize::try_from(std::mem::take(&mut filter.offset)).unwrap_or(usize::MAX);
        let take = page.and_then(|p| usize::try_from(p).ok()).unwrap_or(usize::MAX);
        Ok(read_events(&store, &filter)?
            .into_iter()
            .filter(|e| e.event.vessels.iter().any(|m| parties.contains(m)))
            .skip(skip)
            .take(take)
            .collect())
    })
    .await?;
    let more = u64::try_from(events.len()).unwrap_or(u64::MAX) > limit;
    events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_offset = more.then(|| offset + limit);
    Ok(Json(json!({
        "events": events.iter().map(event_json).collect::<Vec<_>>(),
        "limit": limit,
        "offset": offset,
        "next_offset": next_offset,
    })))
}

/// `GET /api/v1/events/{id}`: the event, its revisions across detect runs and its reviews.
pub async fn get_event(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    check_event_id(&id)?;
    let store = state.store.clone();
    let accounts = state.accounts.clone();
    blocking(move || {
        let stored = read_event(&store, &id)?.ok_or(AppError::NotFound)?;
        let revisions: Vec<Value> = event_revisions(&store, &id)?
            .into_iter()
            .map(|r| {
                json!({"revision": r.revision, "run_id": r.run_id, "status": status_str(r.status), "event": r.body})
            })
            .collect();
        let reviews = accounts.reviews(&id)?;
        Ok(Json(json!({
            "event": event_json(&stored),
            "first_run": stored.first_run,
            "last_run": stored.last_run,
            "revisions": revisions,
            "reviews": reviews,
        })))
    })
    .await
}

/// `GET /api/v1/events/{id}/dossier`: the event's self-contained HTML dossier.
pub async fn event_dossier(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    check_event_id(&id)?;
    let store = state.store.clone();
    let html = blocking(move || {
        let config = DossierConfig::default();
        let subject = Subject::Event(id);
        let (events, origin) = store_events(&store, &subject, TimeRange::ALL, config.padding_ms)?;
        let dossier = Dossier::gather(&store, &subject, &events, &origin, TimeRange::ALL, &config)?;
        Ok(dossier.to_html(crate::web::land()?))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOSSIER_CSP)),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN")),
        ],
        html,
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackQuery {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /api/v1/vessels/{mmsi}/track?from&to`: the vessel's positions in the
/// range (at most [`TRACK_SPAN_MAX_MS`]) as a GeoJSON FeatureCollection of one
/// LineString, times alongside.
pub async fn vessel_track(
    State(state): State<AppState>,
    _caller: Caller,
    Path(mmsi): Path<String>,
    query: Result<Query<TrackQuery>, QueryRejection>,
) -> Result<Json<Value>, AppError> {
    let mmsi = parse_mmsi(&mmsi)?;
    let Query(query) = query?;
    let (Some(from), Some(to)) = (query.from.as_deref(), query.to.as_deref()) else {
        return Err(bad("`from` and `to` are required"));
    };
    let (from_ms, to_ms) = (parse_time("from", from)?, parse_time("to", to)?);
    if from_ms >= to_ms || to_ms - from_ms > TRACK_SPAN_MAX_MS {
        return Err(bad("`from` must be before `to`, at most 31 days apart"));
    }
    let store = state.store.clone();
    let range = TimeRange { from_ms: Some(from_ms), to_ms: Some(to_ms) };
    let points = blocking(move || Ok(PositionReader::vessel(&store, range, mmsi)?)).await?;
    let total = points.len();
    let step = total.div_ceil(TRACK_POINTS_MAX).max(1);
    let kept: Vec<_> = points.iter().step_by(step).collect();
    let features: Vec<Value> = if kept.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": kept.iter().map(|p| [p.lon_deg, p.lat_deg]).collect::<Vec<_>>(),
            },
            "properties": {
                "mmsi": mmsi,
                "times": kept.iter().map(|p| format_time_ms(p.time_ms)).collect::<Vec<_>>(),
                "sog_knots": kept.iter().map(|p| p.sog_knots).collect::<Vec<_>>(),
                "points_in_range": total,
                "thinned": step > 1,
            },
        })]
    };
    Ok(Json(json!({"type": "FeatureCollection", "features": features})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    action: ReviewAction,
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/events/{id}/reviews`: an analyst confirms, dismisses or
/// escalates an event; recorded with its audit entry.
pub async fn add_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<ReviewBody>, JsonRejection>,
) -> Result<Response, AppError> {
    caller.require(Role::Analyst)?;
    check_event_id(&id)?;
    let Json(body) = body?;
    if body.comment.len() > COMMENT_MAX {
        return Err(bad(format!("`comment` must be at most {COMMENT_MAX} bytes")));
    }
    if body.comment.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return Err(bad("`comment` must not hold control characters"));
    }
    let store = state.store.clone();
    let accounts = state.accounts.clone();
    let review = blocking(move || {
        read_event(&store, &id)?.ok_or(AppError::NotFound)?;
        Ok(accounts.add_review(&caller.user, &id, body.action, &body.comment)?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(review)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    limit: Option<String>,
    offset: Option<String>,
}

/// `GET /api/v1/audit` (admin): a page of the audit trail and whether the whole chain verifies.
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Value>, AppError> {
    caller.require(Role::Admin)?;
    let Query(query) = query?;
    let limit = query.limit.as_deref().map(|l| parse_number("limit", l, 1, AUDIT_PAGE_MAX)).transpose()?;
    let limit = limit.unwrap_or(100);
    let offset = query.offset.as_deref().map(|o| parse_number("offset", o, 0, u64::MAX)).transpose()?;
    let offset = offset.unwrap_or(0);
    let accounts = state.accounts.clone();
    blocking(move || {
        let entries = accounts.audit_entries(limit, offset)?;
        let verification = accounts.verify_audit()?;
        Ok(Json(json!({"entries": entries, "verification": verification, "limit": limit, "offset": offset})))
    })
    .await
}

/// `GET /api/v1/openapi.json`: the API's description.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

/// Any other path.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

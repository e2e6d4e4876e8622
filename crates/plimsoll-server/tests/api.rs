//! The API called through the router (`oneshot`), on a small store: the example
//! scenario simulated (two tankers, one STS transfer, 24 hours), ingested and
//! detected, with one user of each role. Hostile requests get the right refusals.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use plimsoll::detect::run::{run_all, DetectConfig};
use plimsoll::event::Event;
use plimsoll::ingest::{format_time_ms, IngestOptions, InputSource};
use plimsoll::sim::{Geography, ScenarioFile, Simulation};
use plimsoll::store::events::{record_run, RunInfo};
use plimsoll::store::{Store, TimeRange, WriteOptions};
use plimsoll_server::accounts::{Accounts, Role};
use plimsoll_server::audit::Problem;
use plimsoll_server::auth::LOGIN_FAILURES_MAX;
use plimsoll_server::{app, AppState, BODY_MAX_BYTES, OPENAPI};
use serde_json::{json, Value};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

/// A store with events (built once; each test works on its own copy).
fn template() -> &'static (tempfile::TempDir, Vec<Event>) {
    static TEMPLATE: OnceLock<(tempfile::TempDir, Vec<Event>)> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let text = include_str!("../../plimsoll/src/sim/example.toml");
        let scenario = ScenarioFile::from_toml(text).unwrap();
        let simulation = Simulation::new(&scenario, Some(text), 3, &Geography::embedded().unwrap()).unwrap();
        let input = dir.path().join("ais.nmea");
        simulation.write_nmea(&mut fs::File::create(&input).unwrap()).unwrap();
        let store = dir.path().join("store");
        Store::open(&store)
            .unwrap()
            .ingest(
                &InputSource::Path(input),
                &IngestOptions::default(),
                &WriteOptions::default(),
                &mut |_| {},
            )
            .unwrap();
        let events = run_all(&store, TimeRange::ALL, &DetectConfig::default(), |_| {}).unwrap().events;
        assert!(!events.is_empty(), "the example scenario yields events");
        let info = RunInfo { window: TimeRange::ALL, version: "test".into(), parameters: json!({}) };
        record_run(&store, &info, &events).unwrap();
        (dir, events)
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
    accounts: Accounts,
    events: Vec<Event>,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn fixture() -> Fixture {
    let (template, events) = template();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&template.path().join("store"), dir.path());
    let state = AppState::open(dir.path()).unwrap();
    for (name, role) in [("vic", Role::Viewer), ("ana", Role::Analyst), ("root", Role::Admin)] {
        state.accounts.add_user(name, role, PASSWORD, "test").unwrap();
    }
    let accounts = (*state.accounts).clone();
    Fixture { _dir: dir, app: app(state), accounts, events: events.clone() }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The error code of a uniform error body.
    fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_owned()
    }
}

async fn call(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

/// A logged-in client: its cookie and CSRF token.
struct Client {
    cookie: String,
    csrf: String,
}

impl Client {
    fn get(&self, uri: &str) -> Request<Body> {
        Request::get(uri).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap()
    }

    fn post_json(&self, uri: &str, body: &Value) -> Request<Body> {
        Request::post(uri)
            .header(header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    }
}

fn login_request(name: &str, password: &str) -> Request<Body> {
    Request::post("/api/v1/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"name": name, "password": password}).to_string()))
        .unwrap()
}

async fn login(app: &Router, name: &str) -> Client {
    let reply = call(app, login_request(name, PASSWORD)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    let set_cookie = reply.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    Client { cookie, csrf: reply.json()["csrf_token"].as_str().unwrap().to_owned() }
}

fn review_uri(id: &str) -> String {
    format!("/api/v1/events/{id}/reviews")
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_logout_ends_it() {
    let f = fixture();
    let reply = call(&f.app, login_request("ana", PASSWORD)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert_eq!(reply.json()["role"], "analyst");

    let client = login(&f.app, "ana").await;
    let me = call(&f.app, client.get("/api/v1/me")).await;
    assert_eq!(me.json(), json!({"user": "ana", "role": "analyst"}));
    // Logout changes state: without the CSRF header it is refused.
    let no_csrf = Request::post("/api/v1/logout").header(header::COOKIE, &client.cookie).body(Body::empty());
    assert_eq!(call(&f.app, no_csrf.unwrap()).await.status, StatusCode::FORBIDDEN);
    let out = Request::post("/api/v1/logout")
        .header(header::COOKIE, &client.cookie)
        .header("x-csrf-token", &client.csrf)
        .body(Body::empty());
    assert_eq!(call(&f.app, out.unwrap()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(call(&f.app, client.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_logins_look_alike_and_are_limited() {
    let f = fixture();
    let wrong = call(&f.app, login_request("ana", "wrong password")).await;
    let unknown = call(&f.app, login_request("nobody", "wrong password")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(wrong.body, unknown.body, "an unknown name reads as a wrong password");
    for _ in 1..LOGIN_FAILURES_MAX {
        call(&f.app, login_request("vic", "wrong password")).await;
    }
    call(&f.app, login_request("vic", "wrong password")).await;
    // Locked now, even with the right password.
    let locked = call(&f.app, login_request("vic", PASSWORD)).await;
    assert_eq!((locked.status, locked.code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"));
    // Another name is not.
    login(&f.app, "root").await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let f = fixture();
    let client = login(&f.app, "vic").await;
    let replies = [
        call(&f.app, client.get("/api/v1/events")).await,
        call(&f.app, Request::get("/api/v1/events").body(Body::empty()).unwrap()).await,
        call(&f.app, Request::get("/nowhere").body(Body::empty()).unwrap()).await,
        call(&f.app, Request::get("/api/v1/openapi.json").body(Body::empty()).unwrap()).await,
    ];
    for reply in &replies {
        let csp = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["referrer-policy"], "no-referrer");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
    assert_eq!(replies[1].code(), "unauthorized");
    assert_eq!(replies[2].code(), "not_found");
}

#[tokio::test]
async fn roles_are_enforced() {
    let f = fixture();
    let id = &f.events[0].id;
    let viewer = login(&f.app, "vic").await;
    let analyst = login(&f.app, "ana").await;
    let admin = login(&f.app, "root").await;
    let review = json!({"action": "confirm", "comment": "seen"});
    let refused = call(&f.app, viewer.post_json(&review_uri(id), &review)).await;
    assert_eq!((refused.status, refused.code().as_str()), (StatusCode::FORBIDDEN, "forbidden"));
    assert_eq!(call(&f.app, viewer.get("/api/v1/audit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call(&f.app, analyst.get("/api/v1/audit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(call(&f.app, analyst.post_json(&review_uri(id), &review)).await.status, StatusCode::CREATED);
    assert_eq!(call(&f.app, admin.post_json(&review_uri(id), &review)).await.status, StatusCode::CREATED);
    assert_eq!(call(&f.app, admin.get("/api/v1/audit")).await.status, StatusCode::OK);
    // Nothing without a session, and a forged cookie is no session.
    let anonymous = Request::get("/api/v1/events").body(Body::empty()).unwrap();
    assert_eq!(call(&f.app, anonymous).await.status, StatusCode::UNAUTHORIZED);
    let forged = Client { cookie: format!("plimsoll_session={}", "a".repeat(64)), csrf: String::new() };
    assert_eq!(call(&f.app, forged.get("/api/v1/events")).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn state_changes_need_the_csrf_header() {
    let f = fixture();
    let id = &f.events[0].id;
    let analyst = login(&f.app, "ana").await;
    let body = json!({"action": "dismiss"}).to_string();
    for csrf in [None, Some("0".repeat(64)), Some(String::new())] {
        let mut request = Request::post(review_uri(id))
            .header(header::COOKIE, &analyst.cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        let reply = call(&f.app, request.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    // Another session's token is not this one's.
    let other = login(&f.app, "ana").await;
    let crossed = Client { cookie: analyst.cookie.clone(), csrf: other.csrf };
    let reply = call(&f.app, crossed.post_json(&review_uri(id), &json!({"action": "dismiss"}))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(f.accounts.reviews(id).unwrap().is_empty());
}

#[tokio::test]
async fn hostile_bodies_are_refused() {
    let f = fixture();
    let id = &f.events[0].id;
    let analyst = login(&f.app, "ana").await;
    let post = |body: Body, content_type: &str| {
        Request::post(review_uri(id))
            .header(header::COOKIE, &analyst.cookie)
            .header("x-csrf-token", &analyst.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .unwrap()
    };
    let huge = json!({"action": "confirm", "comment": "x".repeat(BODY_MAX_BYTES * 2)}).to_string();
    let reply = call(&f.app, post(Body::from(huge), "application/json")).await;
    assert_eq!((reply.status, reply.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    let reply = call(&f.app, post(Body::from("{\"action\": \"confirm\", "), "application/json")).await;
    assert_eq!((reply.status, reply.code().as_str()), (StatusCode::BAD_REQUEST, "bad_request"));
    let reply = call(&f.app, post(Body::from("action=confirm"), "application/x-www-form-urlencoded")).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    for body in [
        json!({"action": "approve"}),
        json!({"action": "confirm", "comment": 5}),
        json!({"action": "confirm", "extra": true}),
        json!({"action": "confirm", "comment": "x".repeat(4097)}),
        json!({"action": "confirm", "comment": "bell \u{7}"}),
        json!([]),
    ] {
        let reply = call(&f.app, analyst.post_json(&review_uri(id), &body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let text = String::from_utf8_lossy(&reply.body);
        assert!(!text.contains("serde") && !text.contains("line"), "no parser internals: {text}");
    }
    assert!(f.accounts.reviews(id).unwrap().is_empty());
}

#[tokio::test]
async fn injection_strings_are_just_strings() {
    let f = fixture();
    let id = &f.events[0].id;
    let analyst = login(&f.app, "ana").await;
    for uri in [
        "/api/v1/events?kinds=%27%20OR%201%3D1--",
        "/api/v1/events?mmsi=1%20OR%201%3D1",
        "/api/v1/events?from=2026-01-01%27;DROP%20TABLE%20events;--",
        "/api/v1/events?bbox=0,0,1,1);DELETE%20FROM%20events;--",
        "/api/v1/events/x%27%20OR%20%271%27%3D%271",
        "/api/v1/events?limit=1;--",
    ] {
        let reply = call(&f.app, analyst.get(uri)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    let comment = "'); DROP TABLE reviews; -- <script>alert(1)</script>";
    let reply =
        call(&f.app, analyst.post_json(&review_uri(id), &json!({"action": "escalate", "comment": comment})))
            .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let event = call(&f.app, analyst.get(&format!("/api/v1/events/{id}"))).await.json();
    assert_eq!(event["reviews"][0]["comment"], comment);
    assert_eq!(event["reviews"][0]["action"], "escalate");
    let all = call(&f.app, analyst.get("/api/v1/events?limit=500")).await.json();
    assert_eq!(all["events"].as_array().unwrap().len(), f.events.len().min(500));
}

#[tokio::test]
async fn unknown_events_and_traversal_attempts_are_refused() {
    let f = fixture();
    let analyst = login(&f.app, "ana").await;
    let unknown = "sts_transfer-1-2-3";
    for uri in [format!("/api/v1/events/{unknown}"), format!("/api/v1/events/{unknown}/dossier")] {
        let reply = call(&f.app, analyst.get(&uri)).await;
        assert_eq!((reply.status, reply.code().as_str()), (StatusCode::NOT_FOUND, "not_found"), "{uri}");
    }
    let reply = call(&f.app, analyst.post_json(&review_uri(unknown), &json!({"action": "confirm"}))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    for uri in [
        "/api/v1/events/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/events/..%2F..%2Fetc%2Fpasswd/dossier",
        "/api/v1/events/%2e%2e",
        "/api/v1/events/..%5Ccatalog.sqlite/dossier",
        "/api/v1/events/../../etc/passwd",
        "/api/v1/vessels/..%2F1/track?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
        &format!("/api/v1/events/{}", "a".repeat(201)),
    ] {
        let reply = call(&f.app, analyst.get(uri)).await;
        assert!(
            matches!(reply.status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND),
            "{uri}: {}",
            reply.status
        );
        let text = String::from_utf8_lossy(&reply.body);
        assert!(!text.contains("root:") && !text.contains("SQLite"), "{uri}: {text}");
        assert!(reply.json()["error"].is_object(), "{uri}");
    }
}

#[tokio::test]
async fn event_list_filters_are_validated_and_bounded() {
    let f = fixture();
    let viewer = login(&f.app, "vic").await;
    let page = call(&f.app, viewer.get("/api/v1/events?limit=1")).await.json();
    assert_eq!(page["events"].as_array().unwrap().len(), 1);
    assert_eq!(page["next_offset"], if f.events.len() > 1 { json!(1) } else { Value::Null });
    let first = &f.events[0];
    let kind = first.kind.as_str();
    let by_kind = call(&f.app, viewer.get(&format!("/api/v1/events?kinds={kind}&limit=500"))).await.json();
    assert!(by_kind["events"].as_array().unwrap().iter().all(|e| e["kind"] == kind));
    let mmsi = first.vessels[0];
    let by_vessel = call(&f.app, viewer.get(&format!("/api/v1/events?mmsi={mmsi}"))).await.json();
    assert!(by_vessel["events"].as_array().unwrap().iter().any(|e| e["id"] == first.id.as_str()));
    let nowhere = call(&f.app, viewer.get("/api/v1/events?bbox=-10,-10,-9,-9")).await.json();
    assert_eq!(nowhere["events"], json!([]));
    for uri in [
        "/api/v1/events?limit=501",
        "/api/v1/events?limit=0",
        "/api/v1/events?offset=-1",
        "/api/v1/events?kinds=teleport",
        "/api/v1/events?bbox=0,10,1,5",
        "/api/v1/events?bbox=0,0,200,1",
        "/api/v1/events?bbox=0,0,NaN,1",
        "/api/v1/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        "/api/v1/events?from=yesterday",
        "/api/v1/events?mmsi=0",
        "/api/v1/events?mmsi=1000000000",
        "/api/v1/events?confidence_min=1.5",
        "/api/v1/events?include_retracted=yes",
        "/api/v1/events?colour=red",
    ] {
        let reply = call(&f.app, viewer.get(uri)).await;
        assert_eq!((reply.status, reply.code().as_str()), (StatusCode::BAD_REQUEST, "bad_request"), "{uri}");
    }
}

#[tokio::test]
async fn event_detail_dossier_and_track() {
    let f = fixture();
    let viewer = login(&f.app, "vic").await;
    let event = &f.events[0];
    let detail = call(&f.app, viewer.get(&format!("/api/v1/events/{}", event.id))).await.json();
    assert_eq!(detail["event"]["id"], event.id.as_str());
    assert_eq!(detail["event"]["status"], "active");
    assert_eq!(detail["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(detail["reviews"], json!([]));

    let dossier = call(&f.app, viewer.get(&format!("/api/v1/events/{}/dossier", event.id))).await;
    assert_eq!(dossier.status, StatusCode::OK);
    assert!(dossier.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(dossier.headers["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    assert!(String::from_utf8_lossy(&dossier.body).contains(&event.id));

    let mmsi = event.vessels[0];
    let from = format_time_ms(event.start_ms - 3_600_000);
    let to = format_time_ms(event.end_ms + 3_600_000);
    let track = call(&f.app, viewer.get(&format!("/api/v1/vessels/{mmsi}/track?from={from}&to={to}"))).await;
    assert_eq!(track.status, StatusCode::OK);
    let track = track.json();
    assert_eq!(track["type"], "FeatureCollection");
    let feature = &track["features"][0];
    let coordinates = feature["geometry"]["coordinates"].as_array().unwrap();
    assert!(coordinates.len() > 1);
    assert_eq!(coordinates.len(), feature["properties"]["times"].as_array().unwrap().len());
    for uri in [
        format!("/api/v1/vessels/{mmsi}/track"),
        format!("/api/v1/vessels/{mmsi}/track?from={from}"),
        format!("/api/v1/vessels/{mmsi}/track?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"),
        format!("/api/v1/vessels/{mmsi}/track?from={to}&to={from}"),
        format!("/api/v1/vessels/abc/track?from={from}&to={to}"),
    ] {
        assert_eq!(call(&f.app, viewer.get(&uri)).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
}

#[tokio::test]
async fn reviews_are_audited_and_tampering_is_detected() {
    let f = fixture();
    let analyst = login(&f.app, "ana").await;
    let admin = login(&f.app, "root").await;
    for (event, action) in f.events.iter().zip(["confirm", "dismiss", "escalate"].iter().cycle()).take(3) {
        let reply = call(
            &f.app,
            analyst.post_json(&review_uri(&event.id), &json!({"action": action, "comment": "checked"})),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let audit = call(&f.app, admin.get("/api/v1/audit")).await.json();
    let entries = audit["entries"].as_array().unwrap();
    // Three users added, then the reviews.
    let reviews: Vec<&Value> =
        entries.iter().filter(|e| e["action"].as_str().unwrap().starts_with("review.")).collect();
    assert_eq!(reviews.len(), f.events.len().min(3));
    assert_eq!(reviews[0]["user"], "ana");
    assert_eq!(audit["verification"]["first_bad"], Value::Null);
    assert!(f.accounts.verify_audit().unwrap().ok());

    // Someone with the database file rewrites a verdict.
    let conn = rusqlite::Connection::open(f.accounts.path()).unwrap();
    conn.execute("UPDATE audit_log SET action = 'review.dismiss' WHERE seq = 4", []).unwrap();
    let verification = f.accounts.verify_audit().unwrap();
    let bad = verification.first_bad.unwrap();
    assert_eq!((bad.seq, bad.problem), (4, Problem::Edited));
    let audit = call(&f.app, admin.get("/api/v1/audit")).await.json();
    assert_eq!(audit["verification"]["first_bad"], json!({"seq": 4, "problem": "edited"}));
    for uri in ["/api/v1/audit?limit=1001", "/api/v1/audit?offset=x", "/api/v1/audit?user=ana"] {
        assert_eq!(call(&f.app, admin.get(uri)).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
}

#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let f = fixture();
    let reply = call(&f.app, Request::get("/api/v1/openapi.json").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert_eq!(doc, serde_json::from_str::<Value>(OPENAPI).unwrap());
    assert_eq!(doc["openapi"], "3.1.0");
    let base = doc["servers"][0]["url"].as_str().unwrap();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let uri = format!("{base}{}", path.replace("{id}", "some-id").replace("{mmsi}", "1"));
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let request = Request::builder().method(method.clone()).uri(&uri);
            let request = request.header(header::CONTENT_TYPE, "application/json").body(Body::from("{}"));
            let reply = call(&f.app, request.unwrap()).await;
            // Routed: neither "no such path" nor "no such method"; guarded unless public.
            assert!(
                !matches!(reply.status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
                "{method} {uri}: {}",
                reply.status
            );
            let public = operation["security"] == json!([]);
            assert_eq!(reply.status == StatusCode::UNAUTHORIZED, !public, "{method} {uri}");
        }
    }
    // Every route the router has is documented (the router has ten).
    assert_eq!(operations, 10);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 64, ..Default::default() })]

    /// Whatever the query and the id, the answer is a page, a refusal or "not found",
    /// in the uniform shape: never a server error.
    #[test]
    fn arbitrary_queries_and_ids_never_fail_inside(
        name in proptest::sample::select(vec![
            "kinds", "from", "to", "mmsi", "bbox", "confidence_min", "include_retracted", "limit", "offset",
        ]),
        value in "\\PC{0,40}",
        id in "\\PC{1,60}",
    ) {
        static FIXTURE: OnceLock<(Fixture, Client)> = OnceLock::new();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (f, client) = FIXTURE.get_or_init(|| {
            let f = fixture();
            let client = runtime.block_on(login(&f.app, "vic"));
            (f, client)
        });
        let encode = |text: &str| -> String {
            text.bytes().map(|b| format!("%{b:02X}")).collect()
        };
        let list = format!("/api/v1/events?{name}={}", encode(&value));
        let one = format!("/api/v1/events/{}", encode(&id));
        for uri in [list, one] {
            let reply = runtime.block_on(call(&f.app, client.get(&uri)));
            proptest::prop_assert!(
                matches!(reply.status, StatusCode::OK | StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND),
                "{uri}: {}", reply.status
            );
            if reply.status != StatusCode::OK {
                proptest::prop_assert!(reply.json()["error"]["code"].is_string());
            }
        }
    }
}

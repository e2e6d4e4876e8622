//! The API called through the router (`oneshot`), on a small store (see
//! `common`: the example scenario simulated, ingested, detected and screened),
//! with one user of each role. Hostile requests get the right refusals.

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use plimsoll::event::Event;
use plimsoll::ingest::format_time_ms;
use plimsoll_server::accounts::{Accounts, Role};
use plimsoll_server::audit::Problem;
use plimsoll_server::auth::LOGIN_FAILURES_MAX;
use plimsoll_server::{app, AppState, BODY_MAX_BYTES, OPENAPI};
use serde_json::{json, Value};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

/// A store with events, screened (built once; each test works on its own copy).
fn template() -> &'static (tempfile::TempDir, Vec<Event>) {
    static TEMPLATE: OnceLock<(tempfile::TempDir, Vec<Event>)> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let events = common::build_store(dir.path(), true);
        (dir, events)
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
    accounts: Accounts,
    events: Vec<Event>,
}

fn fixture() -> Fixture {
    let (template, events) = template();
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&template.path().join("store"), dir.path());
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
    assert_eq!(me.json(), json!({"user": "ana", "role": "analyst", "csrf_token": client.csrf}));
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
    // Every route the router has under /api/v1 is documented (it has eighteen).
    assert_eq!(operations, 18);
}

/// A request with an API token (and no cookie, no CSRF header).
fn bearer(method: Method, uri: &str, token: &str, body: Option<&Value>) -> Request<Body> {
    let request =
        Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(b) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}

#[tokio::test]
async fn api_tokens_work_without_csrf_and_only_admins_manage_them() {
    let f = fixture();
    let id = &f.events[0].id;
    let admin = login(&f.app, "root").await;
    let analyst = login(&f.app, "ana").await;
    let viewer = login(&f.app, "vic").await;
    let body = json!({"user": "ana", "label": "nightly export", "days": 30});
    // Analysts and viewers cannot make tokens, list or revoke them.
    for client in [&analyst, &viewer] {
        assert_eq!(
            call(&f.app, client.post_json("/api/v1/tokens", &body)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(call(&f.app, client.get("/api/v1/tokens")).await.status, StatusCode::FORBIDDEN);
    }
    // An admin's session still needs the CSRF header to make one.
    let no_csrf = Request::post("/api/v1/tokens")
        .header(header::COOKIE, &admin.cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    assert_eq!(call(&f.app, no_csrf).await.status, StatusCode::FORBIDDEN);
    let created = call(&f.app, admin.post_json("/api/v1/tokens", &body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&created.body));
    let created = created.json();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("plm_") && token.len() == 68);
    // The list never shows the secret.
    let list = call(&f.app, admin.get("/api/v1/tokens")).await;
    assert!(!String::from_utf8_lossy(&list.body).contains(&token));
    assert_eq!(list.json()["tokens"][0]["label"], "nightly export");

    // The token reads and, being an analyst's, reviews without any CSRF header.
    let me = call(&f.app, bearer(Method::GET, "/api/v1/me", &token, None)).await.json();
    assert_eq!(me, json!({"user": "ana", "role": "analyst"}));
    let review = json!({"action": "confirm", "comment": "via the API"});
    let reply = call(&f.app, bearer(Method::POST, &review_uri(id), &token, Some(&review))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    // But it carries only its user's role.
    let reply = call(&f.app, bearer(Method::GET, "/api/v1/audit", &token, None)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = call(&f.app, bearer(Method::POST, "/api/v1/logout", &token, None)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);

    // Malformed, unknown and revoked tokens are refused, even alongside a valid cookie.
    for bad in ["plm_xyz", &format!("plm_{}", "0".repeat(64)), "Basic abc", &"a".repeat(5000)] {
        let request = Request::get("/api/v1/events")
            .header(header::AUTHORIZATION, format!("Bearer {bad}"))
            .header(header::COOKIE, &viewer.cookie)
            .body(Body::empty())
            .unwrap();
        assert_eq!(call(&f.app, request).await.status, StatusCode::UNAUTHORIZED, "{bad}");
    }
    let token_id = created["id"].as_i64().unwrap();
    let revoke = Request::delete(format!("/api/v1/tokens/{token_id}"))
        .header(header::COOKIE, &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&f.app, revoke).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(&f.app, bearer(Method::GET, "/api/v1/me", &token, None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Creating and revoking are audited, and the chain still verifies.
    let audit = call(&f.app, admin.get("/api/v1/audit")).await.json();
    let actions: Vec<&str> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"token.create") && actions.contains(&"token.revoke"), "{actions:?}");
    assert_eq!(audit["verification"]["first_bad"], Value::Null);

    // Hostile token requests.
    for (body, status) in [
        (json!({"user": "nobody"}), StatusCode::BAD_REQUEST),
        (json!({"user": "../../etc"}), StatusCode::BAD_REQUEST),
        (json!({"user": "ana", "days": 0}), StatusCode::BAD_REQUEST),
        (json!({"user": "ana", "days": 100000}), StatusCode::BAD_REQUEST),
        (json!({"user": "ana", "label": "x".repeat(101)}), StatusCode::BAD_REQUEST),
        (json!({"user": "ana", "role": "admin"}), StatusCode::BAD_REQUEST),
        (json!({"user": "ana", "label": "x".repeat(BODY_MAX_BYTES)}), StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let reply = call(&f.app, admin.post_json("/api/v1/tokens", &body)).await;
        assert_eq!(reply.status, status, "{body}");
    }
    for uri in
        ["/api/v1/tokens/0", "/api/v1/tokens/abc", "/api/v1/tokens/99999", "/api/v1/tokens/1%20OR%201=1"]
    {
        let request = Request::delete(uri)
            .header(header::COOKIE, &admin.cookie)
            .header("x-csrf-token", &admin.csrf)
            .body(Body::empty())
            .unwrap();
        let status = call(&f.app, request).await.status;
        assert!(matches!(status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND), "{uri}: {status}");
    }
}

#[tokio::test]
async fn profile_ledger_summary_and_sanctioned_filter() {
    let f = fixture();
    let viewer = login(&f.app, "vic").await;
    let listed = common::listed_mmsi(&f.events);
    let summary = call(&f.app, viewer.get("/api/v1/summary")).await.json();
    assert!(summary["positions"].as_u64().unwrap() > 0);
    assert_eq!(summary["events"], f.events.len());
    let sanctioned = call(&f.app, viewer.get("/api/v1/sanctioned")).await.json();
    assert_eq!(sanctioned["vessels"][0]["mmsi"], listed);
    assert_eq!(sanctioned["vessels"][0]["entry_name"], "TEST LISTED TANKER");
    let page = call(&f.app, viewer.get("/api/v1/events?sanctioned=true&limit=500")).await.json();
    let events = page["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["vessels"].as_array().unwrap().contains(&json!(listed))));
    let expected = f.events.iter().filter(|e| e.vessels.contains(&listed)).count();
    assert_eq!(events.len(), expected);
    // Paging applies after the filter.
    let one = call(&f.app, viewer.get("/api/v1/events?sanctioned=true&limit=1&offset=0")).await.json();
    assert_eq!(one["events"].as_array().unwrap().len(), 1);
    assert_eq!(one["next_offset"], if expected > 1 { json!(1) } else { Value::Null });
    assert_eq!(call(&f.app, viewer.get("/api/v1/events?sanctioned=1")).await.status, StatusCode::BAD_REQUEST);

    let profile = call(&f.app, viewer.get(&format!("/api/v1/vessels/{listed}"))).await.json();
    assert_eq!(profile["mmsi"], listed);
    assert!(profile["identity"]["names"].as_array().is_some_and(|n| !n.is_empty()), "{profile}");
    assert_eq!(profile["matches"][0]["entry_name"], "TEST LISTED TANKER");
    assert!(profile["event_count"].as_u64().unwrap() >= 1);
    let unknown = call(&f.app, viewer.get("/api/v1/vessels/123456789")).await.json();
    assert_eq!((unknown["identity"].clone(), unknown["event_count"].clone()), (Value::Null, json!(0)));
    for uri in ["/api/v1/vessels/0", "/api/v1/vessels/abc", "/api/v1/vessels/..%2F..%2Fcatalog.sqlite"] {
        assert_eq!(call(&f.app, viewer.get(uri)).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }

    let year = &format_time_ms(f.events[0].start_ms)[..4];
    let ledger = call(&f.app, viewer.get(&format!("/api/v1/ledger?year={year}&regime=unscr-2397"))).await;
    assert_eq!(ledger.status, StatusCode::OK, "{}", String::from_utf8_lossy(&ledger.body));
    let ledger = ledger.json();
    assert_eq!(ledger["ledger"]["months"].as_array().unwrap().len(), 12);
    assert!(ledger["regimes"].as_array().unwrap().contains(&json!("partial-relief-example")));
    for uri in [
        "/api/v1/ledger",
        "/api/v1/ledger?year=abc",
        "/api/v1/ledger?year=99999",
        "/api/v1/ledger?year=2018&regime=../../etc/passwd",
        "/api/v1/ledger?year=2018&regime=%2Fetc%2Fpasswd",
        "/api/v1/ledger?year=2018&regime=Cargo.toml",
        "/api/v1/ledger?year=2018&reported=%2Fetc%2Fpasswd",
        "/api/v1/ledger?year=2018&product=crude",
    ] {
        let reply = call(&f.app, viewer.get(uri)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(!String::from_utf8_lossy(&reply.body).contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn the_web_ui_is_served_with_its_csp_and_no_file_escapes() {
    let f = fixture();
    let page = call(&f.app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(String::from_utf8_lossy(&page.body).contains("/ui/app.js"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    for directive in ["script-src 'self'", "worker-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]
    {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe-eval") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-cache");
    let etag = page.headers[header::ETAG].clone();
    let again = Request::get("/").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
    assert_eq!(call(&f.app, again).await.status, StatusCode::NOT_MODIFIED);
    let worker =
        call(&f.app, Request::get("/ui/vendor/maplibre-gl-worker.mjs").body(Body::empty()).unwrap()).await;
    assert_eq!(worker.status, StatusCode::OK);
    assert_eq!(worker.headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    for uri in [
        "/ui/../Cargo.toml",
        "/ui/..%2F..%2FCargo.toml",
        "/ui/%2e%2e/src/lib.rs",
        "/ui/vendor/..%2F..%2Fpackage.json",
        "/ui/package.json",
        "/ui/node_modules/maplibre-gl/package.json",
        "/ui//etc/passwd",
        "/ui/app.js%00.html",
    ] {
        let reply = call(&f.app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert!(
            matches!(reply.status, StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST),
            "{uri}: {}",
            reply.status
        );
        assert!(reply.json()["error"].is_object(), "{uri}");
    }
    // The dossier may be framed by the UI only.
    let viewer = login(&f.app, "vic").await;
    let dossier = call(&f.app, viewer.get(&format!("/api/v1/events/{}/dossier", f.events[0].id))).await;
    assert_eq!(dossier.headers["x-frame-options"], "SAMEORIGIN");
    assert!(dossier.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'self'"));
}

#[tokio::test]
async fn the_basemap_is_land_and_public() {
    let f = fixture();
    let reply = call(&f.app, Request::get("/api/v1/basemap/land.geojson").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/geo+json");
    assert!(reply.body.len() < 8_000_000, "simplified: {} bytes", reply.body.len());
    let land = reply.json();
    let features = land["features"].as_array().unwrap();
    assert!(features.len() > 1000, "islands kept: {}", features.len());
    for f in features {
        let ring = f["geometry"]["coordinates"][0].as_array().unwrap();
        assert!(ring.len() >= 4 && ring.first() == ring.last());
    }
}

#[tokio::test]
async fn hostile_logins_are_refused_without_a_session() {
    let f = fixture();
    let post = |body: String| {
        Request::post("/api/v1/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let huge = json!({"name": "root", "password": "x".repeat(BODY_MAX_BYTES)}).to_string();
    let cases = [
        (huge, StatusCode::PAYLOAD_TOO_LARGE),
        ("{\"name\": \"root\", \"password\": ".to_owned(), StatusCode::BAD_REQUEST),
        ("{\"name\": \"root\"}".to_owned(), StatusCode::BAD_REQUEST),
        (json!({"name": "root' OR '1'='1", "password": "' OR '1'='1"}).to_string(), StatusCode::UNAUTHORIZED),
        (json!({"name": "root", "password": "x".repeat(2000)}).to_string(), StatusCode::BAD_REQUEST),
        (json!({"name": "r".repeat(65), "password": PASSWORD}).to_string(), StatusCode::BAD_REQUEST),
        ("\u{0}\u{1}binary".to_owned(), StatusCode::BAD_REQUEST),
    ];
    for (body, status) in cases {
        let shown: String = body.chars().take(60).collect();
        let reply = call(&f.app, post(body)).await;
        assert_eq!(reply.status, status, "{shown}");
        assert!(reply.headers.get(header::SET_COOKIE).is_none(), "{shown}");
        assert!(reply.json()["error"]["code"].is_string(), "{shown}");
    }
    // Nothing above counted against root's login limit but the one guess.
    login(&f.app, "root").await;
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

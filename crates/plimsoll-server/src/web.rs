//! The web UI and its basemap, embedded in the binary.
//!
//! The UI is plain HTML, ES modules and CSS (`web/`, no bundler), with the
//! vendored MapLibre GL build (`web/vendor/`, refreshed from npm by
//! `web/scripts/vendor.mjs`). Files are looked up in a fixed table by request
//! path, so no request names a file on disk. Each response carries its content
//! type and an ETag; `Cache-Control: no-cache` makes the browser revalidate, and
//! an unchanged file costs a `304`.
//!
//! The basemap is Natural Earth's land as shipped in `plimsoll::geo`, simplified
//! (Douglas–Peucker at [`BASEMAP_TOLERANCE_DEG`]) and served as one GeoJSON
//! source: no tiles, glyphs or fonts from the network.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use geo::{Coord, LineString, Simplify};
use plimsoll::geo::Land;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::api::blocking;
use crate::app_error::AppError;

/// The Content-Security-Policy of every response. Scripts, styles, workers and
/// fetches only from this origin (MapLibre's worker is a module loaded from
/// `/ui/vendor/`, so no `blob:` worker and no `'unsafe-eval'`); images also from
/// `data:`/`blob:`, which MapLibre uses for its canvas; the dossier may be framed
/// by the UI only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; object-src 'none'; \
frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Douglas–Peucker tolerance of the basemap, degrees (about 1 km at the
/// equator): a coastline drawn within a kilometre, in about 3 MB of GeoJSON.
pub const BASEMAP_TOLERANCE_DEG: f64 = 0.01;

struct File {
    path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! web_file {
    ($path:literal, $type:expr) => {
        File { path: $path, content_type: $type, bytes: include_bytes!(concat!("../web/", $path)) }
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// Every file of the UI, by its path under `/ui/` (`index.html` is also `/`).
static FILES: [File; 12] = [
    web_file!("index.html", "text/html; charset=utf-8"),
    web_file!("style.css", CSS),
    web_file!("app.js", JS),
    web_file!("api.js", JS),
    web_file!("dom.js", JS),
    web_file!("map.js", JS),
    web_file!("pages.js", JS),
    web_file!("chart.js", JS),
    web_file!("vendor/maplibre-gl.mjs", JS),
    web_file!("vendor/maplibre-gl-worker.mjs", JS),
    web_file!("vendor/maplibre-gl.css", CSS),
    web_file!("vendor/LICENSE-maplibre-gl.txt", "text/plain; charset=utf-8"),
];

/// A strong ETag of `bytes`.
fn etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", crate::audit::hex(&digest[..16]))
}

fn etags() -> &'static [String] {
    static ETAGS: OnceLock<Vec<String>> = OnceLock::new();
    ETAGS.get_or_init(|| FILES.iter().map(|f| etag(f.bytes)).collect())
}

/// The body, or `304` when the client holds this version.
fn cached(request: &HeaderMap, etag: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let tag = HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    let headers = [(header::ETAG, tag), (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))];
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if matches {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

fn file(request: &HeaderMap, path: &str) -> Result<Response, AppError> {
    let i = FILES.iter().position(|f| f.path == path).ok_or(AppError::NotFound)?;
    let (f, tag) = (&FILES[i], &etags()[i]);
    Ok(cached(request, tag, f.content_type, f.bytes.to_vec()))
}

/// `GET /`: the UI's page.
pub async fn index(headers: HeaderMap) -> Result<Response, AppError> {
    file(&headers, "index.html")
}

/// `GET /ui/{*path}`: a file of the UI.
pub async fn asset(headers: HeaderMap, Path(path): Path<String>) -> Result<Response, AppError> {
    file(&headers, &path)
}

/// The land of `plimsoll::geo`, loaded once per process (it takes 34 MB and a
/// fraction of a second; the dossiers use it too).
pub(crate) fn land() -> Result<&'static Land, AppError> {
    static LAND: OnceLock<Land> = OnceLock::new();
    if let Some(land) = LAND.get() {
        return Ok(land);
    }
    let land = Land::embedded().map_err(|e| AppError::Internal(Box::new(e)))?;
    Ok(LAND.get_or_init(|| land))
}

/// The simplified land as a GeoJSON FeatureCollection of Polygons (one per ring;
/// holes are lakes, which the even-odd fill of separate polygons does not draw,
/// and a basemap can do without).
fn basemap_geojson(land: &Land) -> Vec<u8> {
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let features: Vec<serde_json::Value> = land
        .rings_within([-180.0, -90.0, 180.0, 90.0])
        .filter_map(|ring| {
            let line: LineString<f64> = ring.iter().map(|&[x, y]| Coord { x, y }).collect();
            let simple = line.simplify(BASEMAP_TOLERANCE_DEG);
            let mut points: Vec<[f64; 2]> = simple.0.iter().map(|c| [round(c.x), round(c.y)]).collect();
            points.dedup();
            // A ring needs three distinct corners and its first point again.
            if points.len() < 4 {
                return None;
            }
            if points.first() != points.last() {
                points.push(points[0]);
            }
            Some(json!({
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [points]},
            }))
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string().into_bytes()
}

/// `GET /api/v1/basemap/land.geojson` (public: Natural Earth is public domain).
pub async fn basemap(headers: HeaderMap) -> Result<Response, AppError> {
    static BASEMAP: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    let (body, tag) = match BASEMAP.get() {
        Some(built) => built,
        None => {
            let built = blocking(|| {
                let body = basemap_geojson(land()?);
                let tag = etag(&body);
                Ok((body, tag))
            })
            .await?;
            BASEMAP.get_or_init(|| built)
        }
    };
    Ok(cached(&headers, tag, "application/geo+json", body.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_served_with_its_type() {
        for f in &FILES {
            assert!(!f.bytes.is_empty(), "{}", f.path);
            assert!(!f.path.contains(".."), "{}", f.path);
        }
        let none = HeaderMap::new();
        assert!(matches!(file(&none, "../Cargo.toml"), Err(AppError::NotFound)));
        assert!(matches!(file(&none, "vendor/../index.html"), Err(AppError::NotFound)));
        let reply = file(&none, "app.js").unwrap();
        assert_eq!(reply.headers()[header::CONTENT_TYPE], JS);
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, reply.headers()[header::ETAG].clone());
        assert_eq!(file(&again, "app.js").unwrap().status(), StatusCode::NOT_MODIFIED);
    }

    /// The vendored MapLibre build is the version `package.json` pins (refresh
    /// it with `node web/scripts/vendor.mjs` after changing the pin).
    #[test]
    fn vendored_maplibre_matches_package_json() {
        let package: serde_json::Value = serde_json::from_str(include_str!("../web/package.json")).unwrap();
        let pinned = package["dependencies"]["maplibre-gl"].as_str().unwrap();
        assert!(pinned.chars().all(|c| c.is_ascii_digit() || c == '.'), "pin an exact version: {pinned}");
        let lock: serde_json::Value = serde_json::from_str(include_str!("../web/package-lock.json")).unwrap();
        assert_eq!(lock["packages"]["node_modules/maplibre-gl"]["version"], pinned);
        let versions = include_str!("../web/vendor/VERSIONS");
        assert!(versions.lines().any(|l| l == format!("maplibre-gl {pinned} BSD-3-Clause")), "{versions}");
        let build = FILES.iter().find(|f| f.path == "vendor/maplibre-gl.mjs").unwrap().bytes;
        let build = String::from_utf8_lossy(&build[..400]);
        assert!(build.contains(&format!("/v{pinned}/LICENSE.txt")), "{build}");
    }
}

//! Static SVG drawn by Plimsoll itself, for dossiers that open offline: a map (land,
//! tracks coloured by time, event areas and markers) and a timeline (speed, draught,
//! gaps). Sizes are bounded: land is clipped to the map and simplified to its
//! resolution, tracks are thinned to one point per pixel and drawn as one polyline per
//! run of equal colour.
//!
//! The map is equirectangular, scaled by the cosine of its middle latitude so that
//! shapes are true at its centre (a fair rendering over the few hundred kilometres a
//! dossier shows). Longitudes are unwrapped around the first point, so a map across
//! the antimeridian is drawn in one piece.

use std::fmt::Write;

use super::text::{escape, num};
use crate::geo::geodesy::EARTH_RADIUS_M;
use crate::geo::Land;
use crate::ingest::format_time_ms;

/// Map width in pixels; the height follows the area's shape within
/// [`MAP_HEIGHT_MIN_PX`, `MAP_HEIGHT_MAX_PX`].
pub const MAP_WIDTH_PX: f64 = 900.0;
pub const MAP_HEIGHT_MIN_PX: f64 = 420.0;
pub const MAP_HEIGHT_MAX_PX: f64 = 900.0;
/// The smallest span drawn, degrees of latitude (about 11 km), so one point is a map.
pub const MAP_SPAN_MIN_DEG: f64 = 0.1;
/// Vertices of land closer than this to the previous kept vertex are dropped.
const LAND_TOLERANCE_PX: f64 = 0.75;
/// Track points closer than this to the previous kept point are dropped.
const TRACK_TOLERANCE_PX: f64 = 1.5;
/// Colours the time ramp is cut into (one polyline per run of one colour).
const TIME_COLOURS: usize = 24;

/// One line on the map: a track segment's points `(time ms, lat, lon)` in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct MapTrack {
    /// Shown at the line's last point (e.g. the MMSI).
    pub label: String,
    pub points: Vec<(i64, f64, f64)>,
}

/// A labelled point (an event's position).
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub label: String,
}

/// What a map shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapSpec {
    pub tracks: Vec<MapTrack>,
    pub markers: Vec<MapMarker>,
    /// Boxes `[west, south, east, north]` drawn dashed: the area an event covered.
    pub areas: Vec<[f64; 4]>,
}

/// Viridis, sampled: dark (early) to yellow (late); readable in grey and by the
/// colour-blind.
const RAMP: [[f64; 3]; 5] =
    [[68.0, 1.0, 84.0], [59.0, 82.0, 139.0], [33.0, 145.0, 140.0], [94.0, 201.0, 98.0], [253.0, 231.0, 37.0]];

/// The ramp's colour at `t` in [0, 1].
fn ramp(t: f64) -> String {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let x = t * 4.0;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f64;
    let c: Vec<u8> = (0..3).map(|k| (RAMP[i][k] + f * (RAMP[i + 1][k] - RAMP[i][k])).round() as u8).collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Categorical colours for vessels in the timeline (Okabe–Ito).
pub const VESSEL_COLOURS: [&str; 7] =
    ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];

/// The strip under the map holding the time ramp and the scale bar.
const LEGEND_PX: f64 = 36.0;
/// Markers closer than this share one circle and one label.
const MARKER_MERGE_PX: f64 = 12.0;

/// Markers in pixels, those within [`MARKER_MERGE_PX`] of an earlier one merged into it
/// (labels joined, each once), so events at one place do not print over each other.
fn merged_markers(frame: &Frame, markers: &[MapMarker]) -> Vec<(f64, f64, String)> {
    let mut out: Vec<(f64, f64, Vec<&str>)> = Vec::new();
    for m in markers.iter().filter(|m| m.lat_deg.is_finite() && m.lon_deg.is_finite()) {
        let (x, y) = frame.xy(m.lat_deg, m.lon_deg);
        match out.iter_mut().find(|(ox, oy, _)| (x - ox).hypot(y - oy) < MARKER_MERGE_PX) {
            Some((_, _, labels)) if labels.contains(&m.label.as_str()) => {}
            Some((_, _, labels)) => labels.push(&m.label),
            None => out.push((x, y, vec![&m.label])),
        }
    }
    out.into_iter().map(|(x, y, labels)| (x, y, labels.join(", "))).collect()
}

/// Labels nearer the right edge than this are written leftwards.
const LABEL_ROOM_PX: f64 = 110.0;

fn label_anchor(x: f64, width: f64) -> &'static str {
    if x > width - LABEL_ROOM_PX {
        " text-anchor=\"end\""
    } else {
        ""
    }
}

/// `lon` unwrapped to within 180° of `reference`.
fn unwrap_lon(lon: f64, reference: f64) -> f64 {
    reference + (lon - reference + 180.0).rem_euclid(360.0) - 180.0
}

/// The map's frame: the area shown and the projection into pixels.
struct Frame {
    west: f64,
    north: f64,
    reference_lon: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    /// Pixels per degree of longitude over pixels per degree of latitude.
    cos_lat: f64,
    width: f64,
    height: f64,
}

impl Frame {
    fn fit(lats: &[f64], lons: &[f64]) -> Frame {
        let reference_lon = lons.first().copied().unwrap_or(0.0);
        let unwrapped: Vec<f64> = lons.iter().map(|&l| unwrap_lon(l, reference_lon)).collect();
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (mut south, mut north) = (min(lats), max(lats));
        let (mut west, mut east) = (min(&unwrapped), max(&unwrapped));
        if !(south.is_finite() && west.is_finite()) {
            (south, north, west, east) = (-60.0, 75.0, -180.0, 180.0);
        }
        let pad = |lo: f64, hi: f64| {
            let span = (hi - lo).max(MAP_SPAN_MIN_DEG);
            let mid = (lo + hi) / 2.0;
            (mid - span * 0.6, mid + span * 0.6)
        };
        (south, north) = pad(south, north);
        let cos_lat = ((south + north) / 2.0).to_radians().cos().max(0.1);
        (west, east) = pad(west, east);
        let mut lat_span = north - south;
        let mut lon_span = east - west;
        let width = MAP_WIDTH_PX;
        let mut height = width * lat_span / (lon_span * cos_lat);
        if height < MAP_HEIGHT_MIN_PX {
            height = MAP_HEIGHT_MIN_PX;
            lat_span = height * lon_span * cos_lat / width;
        } else if height > MAP_HEIGHT_MAX_PX {
            height = MAP_HEIGHT_MAX_PX;
            lon_span = width * lat_span / (height * cos_lat);
        }
        let (lat_mid, lon_mid) = ((south + north) / 2.0, (west + east) / 2.0);
        Frame {
            west: lon_mid - lon_span / 2.0,
            north: lat_mid + lat_span / 2.0,
            reference_lon,
            scale: height / lat_span,
            cos_lat,
            width,
            height,
        }
    }

    fn east(&self) -> f64 {
        self.west + self.width / (self.scale * self.cos_lat)
    }

    fn south(&self) -> f64 {
        self.north - self.height / self.scale
    }

    /// Pixels of an unwrapped longitude and a latitude.
    fn xy_unwrapped(&self, lat: f64, lon: f64) -> (f64, f64) {
        ((lon - self.west) * self.scale * self.cos_lat, (self.north - lat) * self.scale)
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        self.xy_unwrapped(lat, unwrap_lon(lon, self.reference_lon))
    }
}

/// Sutherland–Hodgman: `ring` clipped to the rectangle `[lo, hi]²` in pixels. Edges of
/// the result may run along the border; for a filled area that draws nothing extra.
fn clip_ring(ring: &[(f64, f64)], lo: (f64, f64), hi: (f64, f64)) -> Vec<(f64, f64)> {
    type Inside = fn((f64, f64), f64) -> bool;
    let planes: [(Inside, bool, f64); 4] = [
        (|p, v| p.0 >= v, true, lo.0),
        (|p, v| p.0 <= v, true, hi.0),
        (|p, v| p.1 >= v, false, lo.1),
        (|p, v| p.1 <= v, false, hi.1),
    ];
    let mut out = ring.to_vec();
    for (inside, vertical, v) in planes {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else { break };
        let mut prev = last;
        for &p in &input {
            let cross = |a: (f64, f64), b: (f64, f64)| {
                if vertical {
                    let t = (v - a.0) / (b.0 - a.0);
                    (v, a.1 + t * (b.1 - a.1))
                } else {
                    let t = (v - a.1) / (b.1 - a.1);
                    (a.0 + t * (b.0 - a.0), v)
                }
            };
            match (inside(p, v), inside(prev, v)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

/// Drops vertices within `tolerance` pixels of the previous kept one (the last is kept).
fn thin(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len().min(4096));
    for (i, &p) in points.iter().enumerate() {
        let far = out.last().is_none_or(|q| (p.0 - q.0).hypot(p.1 - q.1) >= tolerance);
        if far || i + 1 == points.len() {
            out.push(p);
        }
    }
    out
}

fn push_xy(out: &mut String, (x, y): (f64, f64)) {
    let _ = write!(out, "{},{} ", num(x, 1), num(y, 1));
}

/// The land of the frame as one even-odd path (the land is read with the even-odd
/// rule, so lakes stay water).
fn land_path(frame: &Frame, land: &Land) -> String {
    let mut d = String::new();
    let (lo, hi) = ((-2.0, -2.0), (frame.width + 2.0, frame.height + 2.0));
    let (west, east) = (frame.west, frame.east());
    // The frame's longitudes may run past ±180: ask for each copy of the world it shows.
    for shift in [-360.0, 0.0, 360.0] {
        let (w, e) = ((west - shift).max(-180.0), (east - shift).min(180.0));
        if w > e {
            continue;
        }
        for ring in land.rings_within([w, frame.south(), e, frame.north]) {
            let pixels: Vec<(f64, f64)> =
                ring.iter().map(|&[lon, lat]| frame.xy_unwrapped(lat, lon + shift)).collect();
            let clipped = thin(&clip_ring(&pixels, lo, hi), LAND_TOLERANCE_PX);
            if clipped.len() < 3 {
                continue;
            }
            d.push('M');
            for p in clipped {
                push_xy(&mut d, p);
            }
            d.push_str("Z ");
        }
    }
    d
}

/// A round step (1, 2 or 5 × 10ⁿ) giving about `count` ticks over `span`.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = span / count;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|&s| s >= raw).unwrap_or(10.0 * magnitude)
}

/// Draws the map.
pub fn map_svg(spec: &MapSpec, land: &Land) -> String {
    let mut lats = Vec::new();
    let mut lons = Vec::new();
    for t in &spec.tracks {
        for &(_, lat, lon) in &t.points {
            lats.push(lat);
            lons.push(lon);
        }
    }
    for m in spec.markers.iter().filter(|m| m.lat_deg.is_finite() && m.lon_deg.is_finite()) {
        lats.push(m.lat_deg);
        lons.push(m.lon_deg);
    }
    for &[w, s, e, n] in &spec.areas {
        lats.extend([s, n]);
        lons.extend([w, e]);
    }
    let frame = Frame::fit(&lats, &lons);
    let (width, height) = (frame.width, frame.height);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><rect width=\"{w}\" height=\"{mh}\" fill=\"#dbe9f4\"/>\n\
         <path fill=\"#efe9dc\" stroke=\"#9c927e\" stroke-width=\"0.6\" fill-rule=\"evenodd\" d=\"{d}\"/>\n",
        w = num(width, 1),
        h = num(height + LEGEND_PX, 1),
        mh = num(height, 1),
        d = land_path(&frame, land).trim_end()
    );
    graticule(&mut svg, &frame);

    let times: Vec<i64> = spec.tracks.iter().flat_map(|t| t.points.iter().map(|p| p.0)).collect();
    let (t0, t1) = (times.iter().copied().min().unwrap_or(0), times.iter().copied().max().unwrap_or(0));
    let colour_of = |time_ms: i64| {
        let t = if t1 > t0 { (time_ms - t0) as f64 / (t1 - t0) as f64 } else { 1.0 };
        (t * (TIME_COLOURS - 1) as f64).round() / (TIME_COLOURS - 1) as f64
    };
    for track in &spec.tracks {
        track_lines(&mut svg, &frame, track, colour_of);
    }
    for &[w, s, e, n] in &spec.areas {
        let (x0, y0) = frame.xy(n, w);
        let (x1, y1) = frame.xy_unwrapped(s, unwrap_lon(w, frame.reference_lon) + (e - w).rem_euclid(360.0));
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#d7191c\" fill-opacity=\"0.08\" \
             stroke=\"#d7191c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
            num(x0.min(x1) - 6.0, 1),
            num(y0.min(y1) - 6.0, 1),
            num((x1 - x0).abs() + 12.0, 1),
            num((y1 - y0).abs() + 12.0, 1)
        );
    }
    for (x, y, label) in merged_markers(&frame, &spec.markers) {
        let _ = writeln!(
            svg,
            "<g><circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"none\" stroke=\"#d7191c\" stroke-width=\"2.5\"/>\
             <text x=\"{tx}\" y=\"{ty}\" fill=\"#a50f15\" font-weight=\"bold\"{anchor}>{}</text></g>",
            escape(&label),
            x = num(x, 1),
            y = num(y, 1),
            anchor = label_anchor(x, frame.width),
            tx = num(if x > frame.width - LABEL_ROOM_PX { x - 9.0 } else { x + 9.0 }, 1),
            ty = num(y - 8.0, 1)
        );
    }
    legend(&mut svg, &frame, (t0, t1));
    svg.push_str("</svg>\n");
    svg
}

fn track_lines(svg: &mut String, frame: &Frame, track: &MapTrack, colour_of: impl Fn(i64) -> f64) {
    let pixels: Vec<(f64, f64)> = track.points.iter().map(|&(_, lat, lon)| frame.xy(lat, lon)).collect();
    // Thin, remembering each kept point's time for its colour.
    let mut kept: Vec<((f64, f64), i64)> = Vec::new();
    for (i, (&p, &(time_ms, ..))) in pixels.iter().zip(&track.points).enumerate() {
        let far = kept.last().is_none_or(|(q, _)| (p.0 - q.0).hypot(p.1 - q.1) >= TRACK_TOLERANCE_PX);
        if far || i + 1 == pixels.len() {
            kept.push((p, time_ms));
        }
    }
    // Each step between kept points takes the colour of its middle time; one polyline per
    // run of steps of one colour, each starting where the previous ended.
    let colours: Vec<f64> = kept.windows(2).map(|w| colour_of(w[0].1 + (w[1].1 - w[0].1) / 2)).collect();
    let mut i = 0;
    while i < colours.len() {
        let mut j = i;
        while j + 1 < colours.len() && colours[j + 1] == colours[i] {
            j += 1;
        }
        let mut points = String::new();
        for &(p, _) in &kept[i..=j + 1] {
            push_xy(&mut points, p);
        }
        let _ = writeln!(
            svg,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\" stroke-linejoin=\"round\" points=\"{}\"/>",
            ramp(colours[i]),
            points.trim_end()
        );
        i = j + 1;
    }
    if let Some(&((x, y), _)) = kept.last() {
        let _ = writeln!(
            svg,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"#222\"/><text x=\"{tx}\" y=\"{y}\" fill=\"#222\" \
             stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"{anchor}>{}</text>",
            escape(&track.label),
            x = num(x, 1),
            y = num(y, 1),
            anchor = label_anchor(x, frame.width),
            tx = num(if x > frame.width - LABEL_ROOM_PX { x - 5.0 } else { x + 5.0 }, 1)
        );
    }
}

fn graticule(svg: &mut String, frame: &Frame) {
    let lat_span = frame.north - frame.south();
    let step = nice_step(lat_span, 5.0);
    let decimals = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
    svg.push_str("<g stroke=\"#ffffff\" stroke-width=\"0.8\" fill=\"#5b6b7a\">\n");
    let mut lat = (frame.south() / step).ceil() * step;
    while lat <= frame.north {
        let (_, y) = frame.xy_unwrapped(lat, frame.west);
        let _ = writeln!(
            svg,
            "<line x1=\"0\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/><text x=\"3\" y=\"{}\" stroke=\"none\">{}°</text>",
            num(frame.width, 1),
            num(y - 2.0, 1),
            num(lat, decimals),
            y = num(y, 1)
        );
        lat += step;
    }
    let mut lon = (frame.west / step).ceil() * step;
    while lon <= frame.east() {
        let (x, _) = frame.xy_unwrapped(frame.north, lon);
        let shown = (lon + 180.0).rem_euclid(360.0) - 180.0;
        let _ = writeln!(
            svg,
            "<line y1=\"0\" y2=\"{}\" x1=\"{x}\" x2=\"{x}\"/><text x=\"{}\" y=\"12\" stroke=\"none\">{}°</text>",
            num(frame.height, 1),
            num(x + 2.0, 1),
            num(shown, decimals),
            x = num(x, 1)
        );
        lon += step;
    }
    svg.push_str("</g>\n");
}

/// The time ramp with its first and last times, and a scale bar.
fn legend(svg: &mut String, frame: &Frame, (t0, t1): (i64, i64)) {
    let y = frame.height + 4.0;
    let _ = write!(
        svg,
        "<defs><linearGradient id=\"time-ramp\">{}</linearGradient></defs>\n\
         <g><rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{LEGEND_PX}\" fill=\"#ffffff\"/>\
         <rect x=\"14\" y=\"{}\" width=\"260\" height=\"8\" fill=\"url(#time-ramp)\"/>\
         <text x=\"14\" y=\"{}\" font-size=\"9\">{}</text><text x=\"274\" y=\"{}\" font-size=\"9\" \
         text-anchor=\"end\">{}</text>",
        (0..RAMP.len())
            .map(|i| format!("<stop offset=\"{}%\" stop-color=\"{}\"/>", i * 25, ramp(i as f64 / 4.0)))
            .collect::<String>(),
        num(frame.height, 1),
        num(frame.width, 1),
        num(y + 4.0, 1),
        num(y + 24.0, 1),
        format_time_ms(t0).get(..16).unwrap_or(""),
        num(y + 24.0, 1),
        format_time_ms(t1).get(..16).unwrap_or(""),
    );
    // Scale bar: the longest round distance (1, 2 or 5 × 10ⁿ km) within 120 px.
    let km_per_px = std::f64::consts::PI * EARTH_RADIUS_M / 180_000.0 / frame.scale;
    let room_km = km_per_px * 120.0;
    let magnitude = 10f64.powf(room_km.log10().floor());
    let km = [5.0, 2.0, 1.0].into_iter().map(|m| m * magnitude).find(|&k| k <= room_km).unwrap_or(magnitude);
    let px = km / km_per_px;
    let _ = writeln!(
        svg,
        "<line x1=\"300\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"2\"/>\
         <text x=\"300\" y=\"{}\" font-size=\"9\">{} km</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\">track colour: time (UTC)</text></g>",
        num(300.0 + px, 1),
        num(y + 8.0, 1),
        num(y + 8.0, 1),
        num(y + 24.0, 1),
        num(km, 3),
        num(frame.width - 8.0, 1),
        num(y + 24.0, 1)
    );
}

/// One vessel's series on the timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineSeries {
    pub label: String,
    /// `(time ms, knots)` in time order.
    pub speed: Vec<(i64, f64)>,
    /// `(time ms, metres)` in time order (each report; drawn as steps).
    pub draught: Vec<(i64, f64)>,
    /// Gaps in reception `(start ms, end ms)`.
    pub gaps: Vec<(i64, i64)>,
}

/// What a timeline shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineSpec {
    pub from_ms: i64,
    pub to_ms: i64,
    pub series: Vec<TimelineSeries>,
    /// Spans shaded on every panel (the event), with a label.
    pub highlights: Vec<(i64, i64, String)>,
}

const TIMELINE_WIDTH_PX: f64 = 900.0;
const PLOT_LEFT_PX: f64 = 60.0;
const PANEL_HEIGHT_PX: f64 = 120.0;
const GAP_ROW_PX: f64 = 14.0;

/// Time ticks: a round step giving at most about eight ticks.
fn time_ticks(from_ms: i64, to_ms: i64) -> (Vec<i64>, i64) {
    const HOUR: i64 = 3_600_000;
    let steps =
        [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 7 * 24 * HOUR, 30 * 24 * HOUR];
    let span = (to_ms - from_ms).max(1);
    let step = steps.into_iter().find(|s| span / s <= 8).unwrap_or(365 * 24 * HOUR);
    let first = from_ms.div_euclid(step) * step + if from_ms.rem_euclid(step) == 0 { 0 } else { step };
    ((0..).map(|k| first + k * step).take_while(|&t| t <= to_ms).take(64).collect(), step)
}

/// Draws the timeline: speed and draught panels with one colour per vessel, a row of
/// gaps per vessel, and the highlighted spans.
pub fn timeline_svg(spec: &TimelineSpec) -> String {
    let width = TIMELINE_WIDTH_PX;
    let plot_w = width - PLOT_LEFT_PX - 10.0;
    let span = (spec.to_ms - spec.from_ms).max(1) as f64;
    let x_of = |t: i64| PLOT_LEFT_PX + (t - spec.from_ms) as f64 / span * plot_w;
    let gap_rows = spec.series.len() as f64 * GAP_ROW_PX;
    let top_speed = 16.0;
    let top_draught = top_speed + PANEL_HEIGHT_PX + 24.0;
    let top_gaps = top_draught + PANEL_HEIGHT_PX + 24.0;
    let height = top_gaps + gap_rows + 40.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         font-family=\"sans-serif\" font-size=\"11\" role=\"img\"><rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>",
        w = num(width, 1),
        h = num(height, 1)
    );
    for (start, end, label) in &spec.highlights {
        let (x0, x1) = (x_of(*start).max(PLOT_LEFT_PX), x_of(*end).min(width - 10.0));
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#d7191c\" fill-opacity=\"0.12\"/>\
             <text x=\"{}\" y=\"11\" fill=\"#a50f15\">{}</text>",
            num(x0, 1),
            num(top_speed, 1),
            num((x1 - x0).max(1.0), 1),
            num(top_gaps + gap_rows - top_speed, 1),
            num(x0 + 2.0, 1),
            escape(label)
        );
    }
    // Speed and draught panels.
    let speed_max = spec.series.iter().flat_map(|s| s.speed.iter().map(|p| p.1)).fold(1.0f64, f64::max);
    let draughts: Vec<f64> = spec.series.iter().flat_map(|s| s.draught.iter().map(|p| p.1)).collect();
    let d_lo = draughts.iter().copied().fold(f64::INFINITY, f64::min);
    let d_hi = draughts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (d_lo, d_hi) = if d_lo.is_finite() { ((d_lo - 1.0).max(0.0), d_hi + 1.0) } else { (0.0, 1.0) };
    for (top, title, lo, hi) in
        [(top_speed, "speed (kn)", 0.0, speed_max * 1.1), (top_draught, "draught (m)", d_lo, d_hi)]
    {
        let _ = writeln!(
            svg,
            "<rect x=\"{l}\" y=\"{t}\" width=\"{pw}\" height=\"{ph}\" fill=\"none\" stroke=\"#bbb\"/>\
             <text x=\"4\" y=\"{ty}\">{title}</text><text x=\"{ax}\" y=\"{t2}\" text-anchor=\"end\" font-size=\"9\">{hi}</text>\
             <text x=\"{ax}\" y=\"{b}\" text-anchor=\"end\" font-size=\"9\">{lo}</text>",
            l = num(PLOT_LEFT_PX, 1),
            t = num(top, 1),
            pw = num(plot_w, 1),
            ph = num(PANEL_HEIGHT_PX, 1),
            ty = num(top + PANEL_HEIGHT_PX / 2.0, 1),
            ax = num(PLOT_LEFT_PX - 3.0, 1),
            t2 = num(top + 9.0, 1),
            b = num(top + PANEL_HEIGHT_PX, 1),
            hi = num(hi, 1),
            lo = num(lo, 1)
        );
        let y_of = |v: f64| top + PANEL_HEIGHT_PX - (v - lo) / (hi - lo) * PANEL_HEIGHT_PX;
        for (i, s) in spec.series.iter().enumerate() {
            let colour = VESSEL_COLOURS[i % VESSEL_COLOURS.len()];
            let is_speed = top == top_speed;
            let series = if is_speed { &s.speed } else { &s.draught };
            let mut d = String::new();
            let mut last: Option<(i64, f64, f64)> = None;
            for &(t, v) in series.iter().filter(|(t, _)| (spec.from_ms..=spec.to_ms).contains(t)) {
                let (x, y) = (x_of(t), y_of(v));
                let in_gap = s.gaps.iter().any(|&(g0, g1)| last.is_some_and(|(lt, ..)| lt <= g0) && t >= g1);
                match last {
                    // Draught holds until the next report: steps. Speed is not drawn across gaps.
                    Some((_, lx, ly)) if !(is_speed && in_gap) => {
                        if !is_speed {
                            let _ = write!(d, "L{},{} ", num(x, 1), num(ly, 1));
                        }
                        if (x - lx).abs() >= 0.5 || (y - ly).abs() >= 0.5 || !is_speed {
                            let _ = write!(d, "L{},{} ", num(x, 1), num(y, 1));
                        } else {
                            continue;
                        }
                    }
                    _ => {
                        let _ = write!(d, "M{},{} ", num(x, 1), num(y, 1));
                    }
                }
                last = Some((t, x, y));
            }
            if !is_speed {
                if let Some((_, _, ly)) = last {
                    let _ = write!(d, "L{},{}", num(PLOT_LEFT_PX + plot_w, 1), num(ly, 1));
                }
            }
            if !d.is_empty() {
                let _ = writeln!(
                    svg,
                    "<path fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.4\" d=\"{}\"/>",
                    d.trim_end()
                );
            }
        }
    }
    // Gap rows.
    let _ = writeln!(svg, "<text x=\"4\" y=\"{}\">gaps</text>", num(top_gaps - 4.0, 1));
    for (i, s) in spec.series.iter().enumerate() {
        let y = top_gaps + i as f64 * GAP_ROW_PX;
        let colour = VESSEL_COLOURS[i % VESSEL_COLOURS.len()];
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"9\" fill=\"{colour}\">{}</text>\
             <line x1=\"{l}\" x2=\"{r}\" y1=\"{m}\" y2=\"{m}\" stroke=\"#ddd\"/>",
            num(PLOT_LEFT_PX - 3.0, 1),
            num(y + 10.0, 1),
            escape(&s.label),
            l = num(PLOT_LEFT_PX, 1),
            r = num(PLOT_LEFT_PX + plot_w, 1),
            m = num(y + 7.0, 1)
        );
        for &(g0, g1) in &s.gaps {
            let (x0, x1) = (x_of(g0).max(PLOT_LEFT_PX), x_of(g1).min(PLOT_LEFT_PX + plot_w));
            if x1 > x0 {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"{colour}\" fill-opacity=\"0.6\"/>",
                    num(x0, 1),
                    num(y + 2.0, 1),
                    num((x1 - x0).max(1.0), 1)
                );
            }
        }
    }
    // Time axis.
    let (ticks, step) = time_ticks(spec.from_ms, spec.to_ms);
    let axis_y = top_gaps + gap_rows + 4.0;
    for t in ticks {
        let x = x_of(t);
        let text = format_time_ms(t);
        let label = if step >= 24 * 3_600_000 { text.get(..10) } else { text.get(5..16) }.unwrap_or("");
        let _ = writeln!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#eee\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\">{}</text>",
            num(top_speed, 1),
            num(axis_y, 1),
            num(axis_y + 12.0, 1),
            label.replace('T', " "),
            x = num(x, 1)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_the_inside_of_a_ring() {
        let square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let clipped = clip_ring(&square, (0.0, 0.0), (5.0, 5.0));
        let mut xs: Vec<(f64, f64)> = clipped.clone();
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        xs.dedup();
        assert_eq!(xs, vec![(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)], "{clipped:?}");
        assert!(clip_ring(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], (0.0, 0.0), (5.0, 5.0)).is_empty());
    }

    #[test]
    fn ramp_and_ticks() {
        assert_eq!(ramp(0.0), "#440154");
        assert_eq!(ramp(1.0), "#fde725");
        let (ticks, step) = time_ticks(1_000, 3 * 86_400_000);
        assert_eq!(step, 12 * 3_600_000);
        assert_eq!(ticks.first(), Some(&(12 * 3_600_000)));
        assert!(ticks.len() <= 8);
    }

    #[test]
    fn longitudes_unwrap_across_the_antimeridian() {
        assert_eq!(unwrap_lon(-179.0, 179.0), 181.0);
        assert_eq!(unwrap_lon(10.0, 0.0), 10.0);
    }
}

//! GeoJSON (RFC 7946): a FeatureCollection written feature by feature, coordinates
//! `[lon, lat]`, lines split where they cross the antimeridian (§3.1.9).

use std::io::Write;

use serde_json::{json, Map, Value};

use super::error::Error;
use super::export::{Item, Sink};
use crate::ingest::format_time_ms;
use crate::store::TrackPoint;

/// Splits a line of `[lon, lat]` positions where it crosses the antimeridian (a step
/// of more than 180° of longitude), ending one part at ±180° and starting the next at
/// ∓180° with the latitude interpolated, as RFC 7946 §3.1.9 asks.
pub(crate) fn split_antimeridian(line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut parts = Vec::new();
    let mut part: Vec<[f64; 2]> = Vec::new();
    for &[lon, lat] in line {
        if let Some(&[prev_lon, prev_lat]) = part.last() {
            let step = lon - prev_lon;
            if step.abs() > 180.0 {
                // Going west across 180° (a step of more than +180°) meets -180 first.
                let (edge, unwrapped) = if step > 0.0 { (-180.0, lon - 360.0) } else { (180.0, lon + 360.0) };
                let t = (edge - prev_lon) / (unwrapped - prev_lon);
                let cross_lat = prev_lat + t * (lat - prev_lat);
                part.push([edge, cross_lat]);
                parts.push(std::mem::take(&mut part));
                part.push([-edge, cross_lat]);
            }
        }
        part.push([lon, lat]);
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

/// The geometry of a line: a Point for a single position, a LineString, or a
/// MultiLineString when it crosses the antimeridian.
fn line_geometry(line: &[[f64; 2]]) -> Value {
    match line {
        [only] => json!({"type": "Point", "coordinates": only}),
        _ => {
            let mut parts = split_antimeridian(line);
            if parts.len() == 1 {
                json!({"type": "LineString", "coordinates": parts.swap_remove(0)})
            } else {
                json!({"type": "MultiLineString", "coordinates": parts})
            }
        }
    }
}

fn point_properties(p: &TrackPoint) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("mmsi".to_owned(), json!(p.mmsi));
    m.insert("time".to_owned(), json!(format_time_ms(p.time_ms)));
    m.insert("sog_knots".to_owned(), json!(p.sog_knots));
    m.insert("cog_deg".to_owned(), json!(p.cog_deg));
    m.insert("heading_deg".to_owned(), json!(p.heading_deg));
    m.insert("nav_status".to_owned(), json!(p.nav_status));
    m.insert("source".to_owned(), json!(p.source.as_deref()));
    m.insert("input_id".to_owned(), json!(p.input_id));
    m.insert("line".to_owned(), json!(p.line));
    m
}

/// The Feature of one item. An event without a position has a `null` geometry
/// (RFC 7946 §3.2: an unlocated feature), so it stays in the collection.
pub(crate) fn feature(item: Item<'_>) -> Value {
    let (geometry, properties) = match item {
        Item::Event(e) => {
            let geometry = if e.lat_deg.is_finite() && e.lon_deg.is_finite() {
                json!({"type": "Point", "coordinates": [e.lon_deg, e.lat_deg]})
            } else {
                Value::Null
            };
            (geometry, e.to_json())
        }
        Item::Position(p) => (
            json!({"type": "Point", "coordinates": [p.lon_deg, p.lat_deg]}),
            Value::Object(point_properties(p)),
        ),
        Item::Track(piece) => {
            let line: Vec<[f64; 2]> = piece.points.iter().map(|p| [p.lon_deg, p.lat_deg]).collect();
            let (start_ms, end_ms) = piece.time_span_ms();
            let properties = json!({
                "mmsi": piece.segment.mmsi,
                "segment": piece.segment.to_string(),
                "piece": piece.piece,
                "start": format_time_ms(start_ms),
                "end": format_time_ms(end_ms),
                "points": piece.points.len(),
                // Each coordinate's time, for tools that animate lines.
                "times": piece.points.iter().map(|p| format_time_ms(p.time_ms)).collect::<Vec<_>>(),
            });
            (line_geometry(&line), properties)
        }
    };
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

/// Writes a FeatureCollection one feature at a time, so memory stays flat.
pub(crate) struct GeoJsonSink<'w> {
    out: &'w mut (dyn Write + Send),
    first: bool,
}

impl<'w> GeoJsonSink<'w> {
    pub(crate) fn new(out: &'w mut (dyn Write + Send)) -> Result<Self, Error> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n").map_err(|e| Error::io(None, e))?;
        Ok(GeoJsonSink { out, first: true })
    }
}

impl Sink for GeoJsonSink<'_> {
    fn write(&mut self, item: Item<'_>) -> Result<(), Error> {
        if !self.first {
            self.out.write_all(b",\n").map_err(|e| Error::io(None, e))?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, &feature(item))?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), Error> {
        self.out.write_all(b"\n]}\n").and_then(|()| self.out.flush()).map_err(|e| Error::io(None, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_across_the_antimeridian_is_split_at_it() {
        let parts = split_antimeridian(&[[179.0, 10.0], [-179.0, 12.0], [-178.0, 12.0]]);
        assert_eq!(
            parts,
            vec![vec![[179.0, 10.0], [180.0, 11.0]], vec![[-180.0, 11.0], [-179.0, 12.0], [-178.0, 12.0]]]
        );
        let back = split_antimeridian(&[[-179.0, 0.0], [179.0, 2.0]]);
        assert_eq!(back, vec![vec![[-179.0, 0.0], [-180.0, 1.0]], vec![[180.0, 1.0], [179.0, 2.0]]]);
        assert_eq!(split_antimeridian(&[[0.0, 0.0], [170.0, 0.0]]).len(), 1);
    }

    proptest::proptest! {
        /// Every part steps less than 180° of longitude; parts meet at ±180° on one
        /// latitude; no position is lost.
        #[test]
        fn split_lines_never_jump_and_keep_every_position(
            line in proptest::collection::vec((-180.0f64..180.0, -90.0f64..90.0), 1..40)
        ) {
            let line: Vec<[f64; 2]> = line.into_iter().map(|(lon, lat)| [lon, lat]).collect();
            let parts = split_antimeridian(&line);
            let total: usize = parts.iter().map(Vec::len).sum();
            proptest::prop_assert_eq!(total, line.len() + 2 * (parts.len() - 1));
            for part in &parts {
                for w in part.windows(2) {
                    proptest::prop_assert!((w[1][0] - w[0][0]).abs() <= 180.0, "{:?}", part);
                }
                for p in part {
                    proptest::prop_assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                }
            }
            for w in parts.windows(2) {
                let (end, start) = (w[0][w[0].len() - 1], w[1][0]);
                proptest::prop_assert!(end[0].abs() == 180.0 && start[0] == -end[0] && start[1] == end[1]);
            }
        }
    }
}

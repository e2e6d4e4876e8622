//! KML 2.2 for Google Earth: events as time-spanned placemarks, positions as
//! time-stamped points, tracks as `gx:Track`s (one `when` and one `gx:coord` per
//! point), so the time slider plays them. Every text from data is escaped.

use std::fmt::Write as _;
use std::io::Write;

use super::error::Error;
use super::export::{Dataset, Item, Sink};
use super::text::{escape, num};
use crate::event::Event;
use crate::ingest::format_time_ms;
use crate::store::TrackPoint;

/// Writes a KML Document, one placemark at a time.
pub(crate) struct KmlSink<'w> {
    out: &'w mut (dyn Write + Send),
    buf: String,
}

/// `<Data>` elements of an ExtendedData block.
fn data(buf: &mut String, fields: &[(&str, String)]) {
    buf.push_str("<ExtendedData>");
    for (name, value) in fields {
        let _ = write!(buf, "<Data name=\"{}\"><value>{}</value></Data>", escape(name), escape(value));
    }
    buf.push_str("</ExtendedData>");
}

/// A `gx:coord`: longitude, latitude and altitude separated by spaces (KML's
/// `<coordinates>` uses commas instead).
fn gx_coord(p: &TrackPoint) -> String {
    format!("{} {} 0", num(p.lon_deg, 7), num(p.lat_deg, 7))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn point_fields(p: &TrackPoint) -> Vec<(&'static str, String)> {
    vec![
        ("mmsi", p.mmsi.to_string()),
        ("time", format_time_ms(p.time_ms)),
        ("sog_knots", opt(p.sog_knots)),
        ("cog_deg", opt(p.cog_deg)),
        ("heading_deg", opt(p.heading_deg)),
        ("nav_status", opt(p.nav_status)),
        ("source", opt(p.source.as_deref())),
        ("input_id", p.input_id.to_string()),
        ("line", p.line.to_string()),
    ]
}

fn event_placemark(buf: &mut String, e: &Event) {
    let vessels: Vec<String> = e.vessels.iter().map(u32::to_string).collect();
    let _ = write!(
        buf,
        "<Placemark id=\"{}\"><name>{} {}</name><styleUrl>#event</styleUrl>\
         <TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>",
        escape(&e.id),
        escape(e.kind.as_str()),
        escape(&vessels.join(" + ")),
        format_time_ms(e.start_ms),
        format_time_ms(e.end_ms)
    );
    let details = serde_json::Value::Object(e.details.clone()).to_string();
    let _ =
        write!(buf, "<description>confidence {}: {}</description>", num(e.confidence, 2), escape(&details));
    data(
        buf,
        &[
            ("id", e.id.clone()),
            ("kind", e.kind.as_str().to_owned()),
            ("vessels", vessels.join(" ")),
            ("confidence", e.confidence.to_string()),
            ("details", details),
        ],
    );
    // An event without a position is a placemark without geometry: listed, not drawn.
    if e.lat_deg.is_finite() && e.lon_deg.is_finite() {
        let _ = write!(
            buf,
            "<Point><coordinates>{},{},0</coordinates></Point>",
            num(e.lon_deg, 7),
            num(e.lat_deg, 7)
        );
    }
    buf.push_str("</Placemark>\n");
}

impl<'w> KmlSink<'w> {
    pub(crate) fn new(dataset: Dataset, out: &'w mut (dyn Write + Send)) -> Result<Self, Error> {
        let name = match dataset {
            Dataset::Events => "events",
            Dataset::Positions => "positions",
            Dataset::Tracks => "tracks",
        };
        let head = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <kml xmlns=\"http://www.opengis.net/kml/2.2\" xmlns:gx=\"http://www.google.com/kml/ext/2.2\">\n\
             <Document><name>Plimsoll {name}</name>\n\
             <Style id=\"track\"><LineStyle><color>ff00a5ff</color><width>2</width></LineStyle>\
             <IconStyle><scale>0.5</scale></IconStyle></Style>\n\
             <Style id=\"event\"><IconStyle><color>ff0000ff</color><scale>1.1</scale></IconStyle></Style>\n\
             <Style id=\"position\"><IconStyle><scale>0.4</scale></IconStyle></Style>\n"
        );
        out.write_all(head.as_bytes()).map_err(|e| Error::io(None, e))?;
        Ok(KmlSink { out, buf: String::new() })
    }
}

impl Sink for KmlSink<'_> {
    fn write(&mut self, item: Item<'_>) -> Result<(), Error> {
        let buf = &mut self.buf;
        buf.clear();
        match item {
            Item::Event(e) => event_placemark(buf, e),
            Item::Position(p) => {
                let _ = write!(
                    buf,
                    "<Placemark><name>{}</name><styleUrl>#position</styleUrl>\
                     <TimeStamp><when>{}</when></TimeStamp>",
                    p.mmsi,
                    format_time_ms(p.time_ms)
                );
                data(buf, &point_fields(p));
                let _ = writeln!(
                    buf,
                    "<Point><coordinates>{},{},0</coordinates></Point></Placemark>",
                    num(p.lon_deg, 7),
                    num(p.lat_deg, 7)
                );
            }
            Item::Track(piece) => {
                let (start_ms, end_ms) = piece.time_span_ms();
                let _ = write!(
                    buf,
                    "<Placemark><name>{} ({})</name><styleUrl>#track</styleUrl>",
                    piece.segment, piece.piece
                );
                data(
                    buf,
                    &[
                        ("mmsi", piece.segment.mmsi.to_string()),
                        ("segment", piece.segment.to_string()),
                        ("start", format_time_ms(start_ms)),
                        ("end", format_time_ms(end_ms)),
                        ("points", piece.points.len().to_string()),
                    ],
                );
                buf.push_str("<gx:Track><altitudeMode>clampToGround</altitudeMode>\n");
                for p in &piece.points {
                    let _ = writeln!(buf, "<when>{}</when>", format_time_ms(p.time_ms));
                }
                for p in &piece.points {
                    let _ = writeln!(buf, "<gx:coord>{}</gx:coord>", gx_coord(p));
                }
                buf.push_str("</gx:Track></Placemark>\n");
            }
        }
        self.out.write_all(self.buf.as_bytes()).map_err(|e| Error::io(None, e))
    }

    fn finish(self: Box<Self>) -> Result<(), Error> {
        self.out
            .write_all(b"</Document>\n</kml>\n")
            .and_then(|()| self.out.flush())
            .map_err(|e| Error::io(None, e))
    }
}

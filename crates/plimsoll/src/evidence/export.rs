//! Exports: events, positions or tracks, filtered ([`Filter`]), in one of four
//! formats. Every format is written as a stream, one item at a time, so an export of
//! the whole store costs the memory of one vessel (positions) or one vessel's tracks.
//!
//! - **GeoJSON** (RFC 7946): a FeatureCollection; `[lon, lat]`; tracks are LineStrings,
//!   MultiLineStrings when split at the antimeridian, with each point's time in the
//!   `times` property; events without a position have a `null` geometry.
//! - **KML**: `gx:Track`s with `when`/`gx:coord` for tracks, time-stamped placemarks
//!   for positions and events (events without a position have no geometry).
//! - **CSV** and **Parquet**: one row per event, position or track point; times as
//!   both epoch milliseconds (`time_ms`) and RFC 3339 (`time`); events' vessels
//!   space-separated and their details as JSON text; Parquet columns are Int64,
//!   Float64 or Utf8, all nullable.
//!
//! Track points keep their provenance (`input_id`, `line`) in every format, so an
//! exported point can be traced to its raw sentence.

use std::io::Write;
use std::path::Path;

use super::error::{Error, ErrorKind};
use super::filter::Filter;
use super::geojson::GeoJsonSink;
use super::kml::KmlSink;
use super::table::{CsvSink, ParquetSink};
use crate::event::Event;
use crate::store::{PositionReader, TrackPoint};
use crate::track::{SegmentId, TrackConfig, Tracker};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Events,
    Positions,
    Tracks,
}

/// How to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    GeoJson,
    Kml,
    Csv,
    Parquet,
}

impl Format {
    /// Every format, by name.
    pub const ALL: [(&'static str, Format); 4] = [
        ("geojson", Format::GeoJson),
        ("kml", Format::Kml),
        ("csv", Format::Csv),
        ("parquet", Format::Parquet),
    ];

    /// The format of a name (`geojson`, `kml`, `csv`, `parquet`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, f)| f)
    }

    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }
}

/// A run of a track segment's points that passed the filters: the whole segment, or
/// one of the pieces the area or time filter cut it into.
#[derive(Debug, Clone)]
pub struct TrackPiece<'a> {
    pub segment: SegmentId,
    /// 0 for the segment's first piece, counting up.
    pub piece: u32,
    /// In time order; never empty.
    pub points: Vec<&'a TrackPoint>,
}

impl TrackPiece<'_> {
    /// The times of the first and last points, UTC ms.
    pub fn time_span_ms(&self) -> (i64, i64) {
        let first = self.points.first().map_or(0, |p| p.time_ms);
        (first, self.points.last().map_or(first, |p| p.time_ms))
    }
}

/// One thing written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item<'a> {
    Event(&'a Event),
    Position(&'a TrackPoint),
    Track(&'a TrackPiece<'a>),
}

/// A format's writer.
pub(crate) trait Sink {
    fn write(&mut self, item: Item<'_>) -> Result<(), Error>;
    /// Writes what closes the document and flushes.
    fn finish(self: Box<Self>) -> Result<(), Error>;
}

fn sink<'w>(
    format: Format,
    dataset: Dataset,
    out: &'w mut (dyn Write + Send),
) -> Result<Box<dyn Sink + 'w>, Error> {
    Ok(match format {
        Format::GeoJson => Box::new(GeoJsonSink::new(out)?),
        Format::Kml => Box::new(KmlSink::new(dataset, out)?),
        Format::Csv => Box::new(CsvSink::new(dataset, out)?),
        Format::Parquet => Box::new(ParquetSink::new(dataset, out)?),
    })
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Events, positions or track pieces written.
    pub items: u64,
    /// Points written (positions, or the points of the track pieces).
    pub points: u64,
    /// Events written without a position (null geometry in GeoJSON, no geometry in KML,
    /// empty coordinates in CSV and Parquet).
    pub events_without_position: u64,
}

/// Writes the events that pass `filter`, in the order given.
pub fn export_events(
    events: &[Event],
    filter: &Filter,
    format: Format,
    out: &mut (dyn Write + Send),
) -> Result<Summary, Error> {
    let mut sink = sink(format, Dataset::Events, out)?;
    let mut summary = Summary::default();
    for event in events.iter().filter(|e| filter.keeps_event(e)) {
        sink.write(Item::Event(event))?;
        summary.items += 1;
        summary.events_without_position +=
            u64::from(!(event.lat_deg.is_finite() && event.lon_deg.is_finite()));
    }
    sink.finish()?;
    Ok(summary)
}

/// Writes the store's positions that pass `filter`, by vessel (MMSI order) and time,
/// as stored (before tracking: duplicates and implausible fixes included).
pub fn export_positions(
    store_dir: &Path,
    filter: &Filter,
    format: Format,
    out: &mut (dyn Write + Send),
) -> Result<Summary, Error> {
    if !filter.kinds.is_empty() {
        return Err(ErrorKind::KindWithoutEvents.into());
    }
    let mut sink = sink(format, Dataset::Positions, out)?;
    let mut summary = Summary::default();
    let mut reader = PositionReader::open(store_dir, filter.time)?;
    while let Some(vessel) = reader.next_vessel()? {
        for p in vessel.points.iter().filter(|p| filter.keeps_point(p.time_ms, p.lat_deg, p.lon_deg)) {
            sink.write(Item::Position(p))?;
            summary.items += 1;
        }
    }
    summary.points = summary.items;
    sink.finish()?;
    Ok(summary)
}

/// Writes the tracks of the store's positions in `filter`'s time range, segmented by
/// [`Tracker`] with `track`. A segment leaving the area is cut: each run of points
/// inside it is a piece of its own, so no line is drawn across what was filtered out.
pub fn export_tracks(
    store_dir: &Path,
    filter: &Filter,
    track: &TrackConfig,
    format: Format,
    out: &mut (dyn Write + Send),
) -> Result<Summary, Error> {
    if !filter.kinds.is_empty() {
        return Err(ErrorKind::KindWithoutEvents.into());
    }
    let tracker = Tracker::new(track.clone())?;
    let mut sink = sink(format, Dataset::Tracks, out)?;
    let mut summary = Summary::default();
    let mut reader = PositionReader::open(store_dir, filter.time)?;
    while let Some(vessel) = reader.next_vessel()? {
        let tracks = tracker.track(vessel.mmsi, &vessel.points)?;
        for segment in &tracks.segments {
            for piece in pieces(segment.id, segment.points.iter().map(|p| &p.point), filter) {
                sink.write(Item::Track(&piece))?;
                summary.items += 1;
                summary.points += u64::try_from(piece.points.len()).unwrap_or(u64::MAX);
            }
        }
    }
    sink.finish()?;
    Ok(summary)
}

/// The runs of consecutive points that pass the filter.
fn pieces<'a>(
    segment: SegmentId,
    points: impl Iterator<Item = &'a TrackPoint>,
    filter: &Filter,
) -> Vec<TrackPiece<'a>> {
    let mut out: Vec<TrackPiece<'a>> = Vec::new();
    let mut open = false;
    for p in points {
        if !filter.keeps_point(p.time_ms, p.lat_deg, p.lon_deg) {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(piece) if open => piece.points.push(p),
            _ => {
                let piece = u32::try_from(out.len()).unwrap_or(u32::MAX);
                out.push(TrackPiece { segment, piece, points: vec![p] });
                open = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::BBox;

    fn point(time_ms: i64, lon_deg: f64) -> TrackPoint {
        TrackPoint::bare(1, time_ms, 0.0, lon_deg)
    }

    #[test]
    fn a_segment_leaving_the_box_is_cut_into_pieces() {
        let points: Vec<TrackPoint> =
            [0.5, 1.5, 2.5, 0.6, 0.7].iter().enumerate().map(|(i, &lon)| point(i as i64, lon)).collect();
        let filter = Filter { bbox: Some(BBox::parse("0,-1,1,1").unwrap()), ..Filter::default() };
        let got = pieces(SegmentId { mmsi: 1, index: 0 }, points.iter(), &filter);
        let lens: Vec<(u32, usize)> = got.iter().map(|p| (p.piece, p.points.len())).collect();
        assert_eq!(lens, vec![(0, 1), (1, 2)]);
        assert_eq!(got[1].time_span_ms(), (3, 4));
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::from_name("GeoJSON"), Some(Format::GeoJson));
        assert_eq!(Format::from_name("shp"), None);
        assert!(Format::Parquet.is_binary() && !Format::Csv.is_binary());
    }
}

//! The tabular forms of an export (CSV and Parquet): one column list per dataset and
//! one row of cells per event, position or track point, written by either format.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::error::Error;
use super::export::{Dataset, Item, Sink};
use crate::event::Event;
use crate::ingest::format_time_ms;
use crate::store::TrackPoint;

/// Rows buffered before a Parquet row group is written.
pub(crate) const PARQUET_BATCH_ROWS: usize = 65_536;

/// The types a column can have: integers are `Int64` (MMSIs, lines and times all fit),
/// so every tool reads them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Int,
    Float,
    Text,
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
enum Cell<'a> {
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<Cow<'a, str>>),
}

const POINT_COLUMNS: [(&str, ColumnType); 12] = [
    ("mmsi", ColumnType::Int),
    ("time_ms", ColumnType::Int),
    ("time", ColumnType::Text),
    ("lat_deg", ColumnType::Float),
    ("lon_deg", ColumnType::Float),
    ("sog_knots", ColumnType::Float),
    ("cog_deg", ColumnType::Float),
    ("heading_deg", ColumnType::Int),
    ("nav_status", ColumnType::Int),
    ("source", ColumnType::Text),
    ("input_id", ColumnType::Int),
    ("line", ColumnType::Int),
];

const EVENT_COLUMNS: [(&str, ColumnType); 11] = [
    ("id", ColumnType::Text),
    ("kind", ColumnType::Text),
    ("vessels", ColumnType::Text),
    ("start_ms", ColumnType::Int),
    ("start", ColumnType::Text),
    ("end_ms", ColumnType::Int),
    ("end", ColumnType::Text),
    ("lat_deg", ColumnType::Float),
    ("lon_deg", ColumnType::Float),
    ("confidence", ColumnType::Float),
    ("details", ColumnType::Text),
];

/// The columns of a dataset, in order. Tracks are their points with the segment id
/// (`mmsi-index`) first and the piece (a segment cut by the filters) second.
fn columns(dataset: Dataset) -> Vec<(&'static str, ColumnType)> {
    match dataset {
        Dataset::Events => EVENT_COLUMNS.to_vec(),
        Dataset::Positions => POINT_COLUMNS.to_vec(),
        Dataset::Tracks => {
            let mut c = vec![("segment", ColumnType::Text), ("piece", ColumnType::Int)];
            c.extend(POINT_COLUMNS);
            c
        }
    }
}

fn event_cells(e: &Event) -> Vec<Cell<'_>> {
    let vessels: Vec<String> = e.vessels.iter().map(u32::to_string).collect();
    let finite = |v: f64| v.is_finite().then_some(v);
    vec![
        Cell::Text(Some(Cow::Borrowed(&e.id))),
        Cell::Text(Some(Cow::Borrowed(e.kind.as_str()))),
        // Space-separated: one cell, no quoting surprises.
        Cell::Text(Some(Cow::Owned(vessels.join(" ")))),
        Cell::Int(Some(e.start_ms)),
        Cell::Text(Some(Cow::Owned(format_time_ms(e.start_ms)))),
        Cell::Int(Some(e.end_ms)),
        Cell::Text(Some(Cow::Owned(format_time_ms(e.end_ms)))),
        Cell::Float(finite(e.lat_deg)),
        Cell::Float(finite(e.lon_deg)),
        Cell::Float(Some(e.confidence)),
        Cell::Text(Some(Cow::Owned(serde_json::Value::Object(e.details.clone()).to_string()))),
    ]
}

fn point_cells(p: &TrackPoint) -> Vec<Cell<'_>> {
    vec![
        Cell::Int(Some(i64::from(p.mmsi))),
        Cell::Int(Some(p.time_ms)),
        Cell::Text(Some(Cow::Owned(format_time_ms(p.time_ms)))),
        Cell::Float(Some(p.lat_deg)),
        Cell::Float(Some(p.lon_deg)),
        Cell::Float(p.sog_knots),
        Cell::Float(p.cog_deg),
        Cell::Int(p.heading_deg.map(i64::from)),
        Cell::Int(p.nav_status.map(i64::from)),
        Cell::Text(p.source.as_deref().map(Cow::Borrowed)),
        Cell::Int(Some(p.input_id)),
        Cell::Int(i64::try_from(p.line).ok()),
    ]
}

/// Calls `row` with each row of an item.
fn rows(item: Item<'_>, mut row: impl FnMut(Vec<Cell<'_>>) -> Result<(), Error>) -> Result<(), Error> {
    match item {
        Item::Event(e) => row(event_cells(e)),
        Item::Position(p) => row(point_cells(p)),
        Item::Track(piece) => {
            let segment = piece.segment.to_string();
            for p in &piece.points {
                let mut cells = vec![
                    Cell::Text(Some(Cow::Borrowed(segment.as_str()))),
                    Cell::Int(Some(i64::from(piece.piece))),
                ];
                cells.extend(point_cells(p));
                row(cells)?;
            }
            Ok(())
        }
    }
}

/// CSV with a header row; empty cells for missing values; floats in their shortest
/// exact form.
pub(crate) struct CsvSink<'w> {
    out: csv::Writer<&'w mut (dyn Write + Send)>,
}

impl<'w> CsvSink<'w> {
    pub(crate) fn new(dataset: Dataset, out: &'w mut (dyn Write + Send)) -> Result<Self, Error> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(columns(dataset).iter().map(|(name, _)| name)).map_err(csv_error)?;
        Ok(CsvSink { out })
    }
}

impl Sink for CsvSink<'_> {
    fn write(&mut self, item: Item<'_>) -> Result<(), Error> {
        rows(item, |cells| {
            let fields = cells.iter().map(|c| match c {
                Cell::Int(v) => v.map(|v| v.to_string()).unwrap_or_default(),
                Cell::Float(v) => v.map(|v| v.to_string()).unwrap_or_default(),
                Cell::Text(v) => v.as_deref().unwrap_or_default().to_owned(),
            });
            self.out.write_record(fields).map_err(csv_error)
        })
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.out.flush().map_err(|e| Error::io(None, e))
    }
}

/// A CSV error, with an I/O failure kept as I/O (so a closed pipe reads as one).
fn csv_error(e: csv::Error) -> Error {
    if !e.is_io_error() {
        return Error::from(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(None, io),
        _ => Error::io(None, std::io::Error::other("csv output failed")),
    }
}

/// One Arrow builder per column.
enum Builder {
    Int(Int64Builder),
    Float(Float64Builder),
    Text(StringBuilder),
}

/// Parquet (zstd) with the dataset's columns; nullable where a value may be missing.
pub(crate) struct ParquetSink<'w> {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    out: ArrowWriter<&'w mut (dyn Write + Send)>,
}

impl<'w> ParquetSink<'w> {
    pub(crate) fn new(dataset: Dataset, out: &'w mut (dyn Write + Send)) -> Result<Self, Error> {
        let cols = columns(dataset);
        let schema: SchemaRef = Arc::new(Schema::new(
            cols.iter()
                .map(|&(name, ty)| {
                    let data_type = match ty {
                        ColumnType::Int => DataType::Int64,
                        ColumnType::Float => DataType::Float64,
                        ColumnType::Text => DataType::Utf8,
                    };
                    Field::new(name, data_type, true)
                })
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(PARQUET_BATCH_ROWS))
            .build();
        let out = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        let builders = cols
            .iter()
            .map(|&(_, ty)| match ty {
                ColumnType::Int => Builder::Int(Int64Builder::new()),
                ColumnType::Float => Builder::Float(Float64Builder::new()),
                ColumnType::Text => Builder::Text(StringBuilder::new()),
            })
            .collect();
        Ok(ParquetSink { schema, builders, rows: 0, out })
    }

    fn flush_batch(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Float(b) => Arc::new(b.finish()),
                    Builder::Text(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.out.write(&batch)?;
        self.rows = 0;
        Ok(())
    }
}

impl Sink for ParquetSink<'_> {
    fn write(&mut self, item: Item<'_>) -> Result<(), Error> {
        let mut added = 0;
        rows(item, |cells| {
            for (builder, cell) in self.builders.iter_mut().zip(cells) {
                match (builder, cell) {
                    (Builder::Int(b), Cell::Int(v)) => b.append_option(v),
                    (Builder::Float(b), Cell::Float(v)) => b.append_option(v),
                    (Builder::Text(b), Cell::Text(v)) => b.append_option(v),
                    // The column lists and the cell lists are written side by side above.
                    _ => {
                        let what = "a cell's type differs from its column's".to_owned();
                        return Err(Error::from(ArrowError::InvalidArgumentError(what)));
                    }
                }
            }
            added += 1;
            Ok(())
        })?;
        self.rows += added;
        if self.rows >= PARQUET_BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), Error> {
        self.flush_batch()?;
        self.out.close()?;
        Ok(())
    }
}

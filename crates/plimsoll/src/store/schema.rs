//! The Arrow schemas of the store's Parquet tables, defined once, and the
//! builders that turn rows into record batches of those schemas.

use std::sync::{Arc, OnceLock};

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, UInt16Array, UInt32Array,
    UInt64Array, UInt8Array,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use crate::ingest::{PositionRow, StaticRow};

/// Columns the Parquet files are sorted by, in order (indices into the schemas).
pub const SORT_COLUMNS: [&str; 2] = ["mmsi", "time_ms"];

/// The `positions` table: one row per position fix.
///
/// | column | type | |
/// |---|---|---|
/// | `mmsi` | u32 | |
/// | `time_ms` | i64 | time of the fix, UTC ms since the epoch |
/// | `lat_deg`, `lon_deg` | f64 | WGS 84 degrees |
/// | `sog_knots`, `cog_deg` | f64, nullable | speed and course over ground |
/// | `heading_deg` | u16, nullable | true heading |
/// | `nav_status` | u8, nullable | navigational status 0–15 |
/// | `msg_type` | u8, nullable | AIS message type; null for CSV rows |
/// | `accuracy` | bool, nullable | position accuracy flag |
/// | `source` | utf8, nullable | receiving station (tag block `s:`) |
/// | `input_id` | i64 | the input (`inputs.id` in the catalog) |
/// | `line` | u64 | 1-based line in that input (first fragment) |
pub fn positions_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            Arc::new(Schema::new(vec![
                Field::new("mmsi", DataType::UInt32, false),
                Field::new("time_ms", DataType::Int64, false),
                Field::new("lat_deg", DataType::Float64, false),
                Field::new("lon_deg", DataType::Float64, false),
                Field::new("sog_knots", DataType::Float64, true),
                Field::new("cog_deg", DataType::Float64, true),
                Field::new("heading_deg", DataType::UInt16, true),
                Field::new("nav_status", DataType::UInt8, true),
                Field::new("msg_type", DataType::UInt8, true),
                Field::new("accuracy", DataType::Boolean, true),
                Field::new("source", DataType::Utf8, true),
                Field::new("input_id", DataType::Int64, false),
                Field::new("line", DataType::UInt64, false),
            ]))
        })
        .clone()
}

/// The `static` table: one row per static or voyage report.
///
/// | column | type | |
/// |---|---|---|
/// | `mmsi` | u32 | |
/// | `time_ms` | i64 | receive time, UTC ms since the epoch |
/// | `msg_type` | u8, nullable | AIS message type (5, 19, 24); null for CSV rows |
/// | `imo` | u32, nullable | IMO number as sent (not validated) |
/// | `callsign`, `shipname`, `destination` | utf8, nullable | |
/// | `ship_type` | u8, nullable | ship and cargo type |
/// | `to_bow_m`, `to_stern_m`, `to_port_m`, `to_starboard_m` | u16, u16, u8, u8, nullable | dimensions A, B, C, D |
/// | `length_m`, `beam_m` | u16, nullable | |
/// | `draught_m` | f64, nullable | |
/// | `eta_month`, `eta_day`, `eta_hour`, `eta_minute` | u8, nullable | ETA as sent (no year; AIS "not available" values kept) |
/// | `source`, `input_id`, `line` | | as in `positions` |
pub fn static_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            Arc::new(Schema::new(vec![
                Field::new("mmsi", DataType::UInt32, false),
                Field::new("time_ms", DataType::Int64, false),
                Field::new("msg_type", DataType::UInt8, true),
                Field::new("imo", DataType::UInt32, true),
                Field::new("callsign", DataType::Utf8, true),
                Field::new("shipname", DataType::Utf8, true),
                Field::new("ship_type", DataType::UInt8, true),
                Field::new("to_bow_m", DataType::UInt16, true),
                Field::new("to_stern_m", DataType::UInt16, true),
                Field::new("to_port_m", DataType::UInt8, true),
                Field::new("to_starboard_m", DataType::UInt8, true),
                Field::new("length_m", DataType::UInt16, true),
                Field::new("beam_m", DataType::UInt16, true),
                Field::new("draught_m", DataType::Float64, true),
                Field::new("destination", DataType::Utf8, true),
                Field::new("eta_month", DataType::UInt8, true),
                Field::new("eta_day", DataType::UInt8, true),
                Field::new("eta_hour", DataType::UInt8, true),
                Field::new("eta_minute", DataType::UInt8, true),
                Field::new("source", DataType::Utf8, true),
                Field::new("input_id", DataType::Int64, false),
                Field::new("line", DataType::UInt64, false),
            ]))
        })
        .clone()
}

/// A source index resolved against the input's source table.
fn source_name(sources: &[String], index: Option<u32>) -> Option<&str> {
    sources.get(usize::try_from(index?).ok()?).map(String::as_str)
}

/// Common tail columns: source, input id, line.
fn provenance<'a>(
    n: usize,
    sources: &'a [String],
    input_id: i64,
    rows: impl Iterator<Item = (Option<u32>, u64)> + Clone + 'a,
) -> [ArrayRef; 3] {
    [
        Arc::new(StringArray::from_iter(rows.clone().map(|(s, _)| source_name(sources, s)))),
        Arc::new(Int64Array::from_value(input_id, n)),
        Arc::new(UInt64Array::from_iter_values(rows.map(|(_, line)| line))),
    ]
}

/// Positions as a batch of [`positions_schema`], in the order given.
pub fn positions_batch(
    rows: &[PositionRow],
    sources: &[String],
    input_id: i64,
) -> Result<RecordBatch, ArrowError> {
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.mmsi))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.time_ms))),
        Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.lat_deg))),
        Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.lon_deg))),
        Arc::new(Float64Array::from_iter(rows.iter().map(|r| r.sog_knots))),
        Arc::new(Float64Array::from_iter(rows.iter().map(|r| r.cog_deg))),
        Arc::new(UInt16Array::from_iter(rows.iter().map(|r| r.heading_deg))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.nav_status))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.msg_type))),
        Arc::new(BooleanArray::from_iter(rows.iter().map(|r| r.accuracy))),
    ];
    columns.extend(provenance(rows.len(), sources, input_id, rows.iter().map(|r| (r.source, r.line))));
    RecordBatch::try_new(positions_schema(), columns)
}

/// Static reports as a batch of [`static_schema`], in the order given.
pub fn static_batch(
    rows: &[StaticRow],
    sources: &[String],
    input_id: i64,
) -> Result<RecordBatch, ArrowError> {
    let dims = |f: fn(&ais::msg::Dimensions) -> u16| rows.iter().map(move |r| r.dimensions.as_ref().map(f));
    let eta = |f: fn(&ais::msg::Eta) -> u8| rows.iter().map(move |r| r.eta.as_ref().map(f));
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.mmsi))),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.time_ms))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.msg_type))),
        Arc::new(UInt32Array::from_iter(rows.iter().map(|r| r.imo))),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| r.callsign.as_deref()))),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| r.shipname.as_deref()))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.ship_type))),
        Arc::new(UInt16Array::from_iter(dims(|d| d.to_bow_m))),
        Arc::new(UInt16Array::from_iter(dims(|d| d.to_stern_m))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.dimensions.map(|d| d.to_port_m)))),
        Arc::new(UInt8Array::from_iter(rows.iter().map(|r| r.dimensions.map(|d| d.to_starboard_m)))),
        Arc::new(UInt16Array::from_iter(rows.iter().map(|r| r.length_m))),
        Arc::new(UInt16Array::from_iter(rows.iter().map(|r| r.beam_m))),
        Arc::new(Float64Array::from_iter(rows.iter().map(|r| r.draught_m))),
        Arc::new(StringArray::from_iter(rows.iter().map(|r| r.destination.as_deref()))),
        Arc::new(UInt8Array::from_iter(eta(|e| e.month))),
        Arc::new(UInt8Array::from_iter(eta(|e| e.day))),
        Arc::new(UInt8Array::from_iter(eta(|e| e.hour))),
        Arc::new(UInt8Array::from_iter(eta(|e| e.minute))),
    ];
    columns.extend(provenance(rows.len(), sources, input_id, rows.iter().map(|r| (r.source, r.line))));
    RecordBatch::try_new(static_schema(), columns)
}

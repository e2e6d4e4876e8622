//! Reading static and voyage reports back, one vessel at a time: the same
//! k-way merge over committed files as the position reader ([`super::reader`]),
//! over the `static` table.

use std::path::Path;
#[cfg(test)]
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::types::{Float64Type, Int64Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{
    Float64Array, Int64Array, RecordBatch, StringArray, UInt16Array, UInt32Array, UInt64Array, UInt8Array,
};

use super::error::Error;
use super::reader::{column, optional, optional_str, string_column, Interner, Merge, Table, TimeRange};

/// One stored static or voyage report (AIS types 5, 19, 24, or a CSV row), as
/// the identity history reads it. Values are as sent: "not available" values
/// are the identity stage's to recognise.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticReport {
    pub mmsi: u32,
    /// Receive time, UTC ms since the epoch.
    pub time_ms: i64,
    /// The AIS message type; `None` for CSV rows.
    pub msg_type: Option<u8>,
    /// IMO number as sent (not validated).
    pub imo: Option<u32>,
    pub callsign: Option<String>,
    pub shipname: Option<String>,
    /// Ship and cargo type (ITU-R M.1371 table 53).
    pub ship_type: Option<u8>,
    /// Distances from the position reference point (A, B, C, D), metres.
    pub dimensions: Option<ais::msg::Dimensions>,
    /// Length overall, metres.
    pub length_m: Option<u16>,
    /// Beam, metres.
    pub beam_m: Option<u16>,
    pub draught_m: Option<f64>,
    pub destination: Option<String>,
    /// ETA as sent (no year; AIS "not available" parts kept).
    pub eta: Option<ais::msg::Eta>,
    /// The receiving station (tag block `s:`), shared between reports.
    pub source: Option<Arc<str>>,
    /// The input it came from (`inputs.id` in the catalog).
    pub input_id: i64,
    /// 1-based line in that input.
    pub line: u64,
}

/// One vessel's static reports in the range, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselStatics {
    pub mmsi: u32,
    /// Sorted by `time_ms` (ties in file order); never empty.
    pub reports: Vec<StaticReport>,
}

/// The `static` table, as [`StaticReport`]s.
struct Statics;

/// The typed columns of one decoded batch of static reports.
struct StaticColumns {
    msg_type: UInt8Array,
    imo: UInt32Array,
    callsign: StringArray,
    shipname: StringArray,
    ship_type: UInt8Array,
    to_bow_m: UInt16Array,
    to_stern_m: UInt16Array,
    to_port_m: UInt8Array,
    to_starboard_m: UInt8Array,
    length_m: UInt16Array,
    beam_m: UInt16Array,
    draught_m: Float64Array,
    destination: StringArray,
    eta_month: UInt8Array,
    eta_day: UInt8Array,
    eta_hour: UInt8Array,
    eta_minute: UInt8Array,
    source: StringArray,
    input_id: Int64Array,
    line: UInt64Array,
}

impl Table for Statics {
    const NAME: &'static str = "static";
    // Every column: the identity history uses them all.
    const COLUMNS: &'static [&'static str] = &[
        "msg_type",
        "imo",
        "callsign",
        "shipname",
        "ship_type",
        "to_bow_m",
        "to_stern_m",
        "to_port_m",
        "to_starboard_m",
        "length_m",
        "beam_m",
        "draught_m",
        "destination",
        "eta_month",
        "eta_day",
        "eta_hour",
        "eta_minute",
        "source",
        "input_id",
        "line",
    ];
    type Columns = StaticColumns;
    type Row = StaticReport;

    fn columns(batch: &RecordBatch, path: &Path) -> Result<StaticColumns, Error> {
        Ok(StaticColumns {
            msg_type: column::<UInt8Type>(batch, "msg_type", path)?,
            imo: column::<UInt32Type>(batch, "imo", path)?,
            callsign: string_column(batch, "callsign", path)?,
            shipname: string_column(batch, "shipname", path)?,
            ship_type: column::<UInt8Type>(batch, "ship_type", path)?,
            to_bow_m: column::<UInt16Type>(batch, "to_bow_m", path)?,
            to_stern_m: column::<UInt16Type>(batch, "to_stern_m", path)?,
            to_port_m: column::<UInt8Type>(batch, "to_port_m", path)?,
            to_starboard_m: column::<UInt8Type>(batch, "to_starboard_m", path)?,
            length_m: column::<UInt16Type>(batch, "length_m", path)?,
            beam_m: column::<UInt16Type>(batch, "beam_m", path)?,
            draught_m: column::<Float64Type>(batch, "draught_m", path)?,
            destination: string_column(batch, "destination", path)?,
            eta_month: column::<UInt8Type>(batch, "eta_month", path)?,
            eta_day: column::<UInt8Type>(batch, "eta_day", path)?,
            eta_hour: column::<UInt8Type>(batch, "eta_hour", path)?,
            eta_minute: column::<UInt8Type>(batch, "eta_minute", path)?,
            source: string_column(batch, "source", path)?,
            input_id: column::<Int64Type>(batch, "input_id", path)?,
            line: column::<UInt64Type>(batch, "line", path)?,
        })
    }

    fn row(c: &StaticColumns, r: usize, mmsi: u32, time_ms: i64, sources: &mut Interner) -> StaticReport {
        // The writer stores the four dimensions (and the four ETA parts)
        // together or not at all.
        let dimensions = (|| {
            Some(ais::msg::Dimensions {
                to_bow_m: optional(&c.to_bow_m, r)?,
                to_stern_m: optional(&c.to_stern_m, r)?,
                to_port_m: optional(&c.to_port_m, r)?,
                to_starboard_m: optional(&c.to_starboard_m, r)?,
            })
        })();
        let eta = (|| {
            Some(ais::msg::Eta {
                month: optional(&c.eta_month, r)?,
                day: optional(&c.eta_day, r)?,
                hour: optional(&c.eta_hour, r)?,
                minute: optional(&c.eta_minute, r)?,
            })
        })();
        StaticReport {
            mmsi,
            time_ms,
            msg_type: optional(&c.msg_type, r),
            imo: optional(&c.imo, r),
            callsign: optional_str(&c.callsign, r).map(str::to_owned),
            shipname: optional_str(&c.shipname, r).map(str::to_owned),
            ship_type: optional(&c.ship_type, r),
            dimensions,
            length_m: optional(&c.length_m, r),
            beam_m: optional(&c.beam_m, r),
            draught_m: optional(&c.draught_m, r),
            destination: optional_str(&c.destination, r).map(str::to_owned),
            eta,
            source: optional_str(&c.source, r).map(|name| sources.get(name)),
            input_id: c.input_id.value(r),
            line: c.line.value(r),
        }
    }
}

/// Reads a store's static reports vessel by vessel, in MMSI order. An iterator
/// of [`VesselStatics`]; after an error it ends.
pub struct StaticReader {
    merge: Merge<Statics>,
}

impl StaticReader {
    /// Opens the static reports of the committed inputs of the store in `dir`
    /// that fall in `range`. Inputs committed after this call are not seen.
    pub fn open(dir: &Path, range: TimeRange) -> Result<StaticReader, Error> {
        Ok(StaticReader { merge: Merge::open(dir, range)? })
    }

    /// Merges the given files, each sorted by (mmsi, time), in the order given for ties.
    #[cfg(test)]
    fn of_files(
        paths: impl IntoIterator<Item = PathBuf>,
        range: TimeRange,
        batch_rows: usize,
    ) -> Result<StaticReader, Error> {
        Ok(StaticReader { merge: Merge::of_files(paths, range, batch_rows, None)? })
    }

    /// The next vessel's reports, or `None` when every file is read.
    pub fn next_vessel(&mut self) -> Result<Option<VesselStatics>, Error> {
        Ok(self.merge.next_vessel()?.map(|(mmsi, reports)| VesselStatics { mmsi, reports }))
    }
}

impl Iterator for StaticReader {
    type Item = Result<VesselStatics, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.merge.next_item(|mmsi, reports| VesselStatics { mmsi, reports })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::StaticRow;
    use parquet::arrow::ArrowWriter;
    use std::fs::File;

    fn row(mmsi: u32, time_ms: i64, line: u64) -> StaticRow {
        StaticRow {
            mmsi,
            time_ms,
            msg_type: Some(5),
            imo: Some(9_074_729),
            callsign: Some("ABCD".to_owned()),
            shipname: (line != 2).then(|| "PACIFIC".to_owned()),
            ship_type: Some(80),
            dimensions: Some(ais::msg::Dimensions {
                to_bow_m: 100,
                to_stern_m: 20,
                to_port_m: 10,
                to_starboard_m: 12,
            }),
            length_m: Some(120),
            beam_m: Some(22),
            draught_m: Some(7.5),
            destination: None,
            eta: Some(ais::msg::Eta { month: 3, day: 4, hour: 5, minute: 6 }),
            source: line.is_multiple_of(2).then_some(0),
            line,
        }
    }

    fn write_file(path: &Path, rows: &[StaticRow]) {
        let batch = super::super::schema::static_batch(rows, &["rx".to_owned()], 1).unwrap();
        let mut writer = ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    }

    #[test]
    fn reports_are_merged_by_vessel_and_time_with_their_columns() {
        let dir = tempfile::tempdir().unwrap();
        let paths = [dir.path().join("a.parquet"), dir.path().join("b.parquet")];
        write_file(&paths[0], &[row(1, 10, 1), row(1, 30, 3), row(5, 0, 5)]);
        write_file(&paths[1], &[row(1, 20, 2), row(3, 40, 4)]);
        let vessels: Vec<VesselStatics> =
            StaticReader::of_files(paths.to_vec(), TimeRange::ALL, 1).unwrap().map(Result::unwrap).collect();
        let keys: Vec<Vec<(i64, u64)>> =
            vessels.iter().map(|v| v.reports.iter().map(|r| (r.time_ms, r.line)).collect()).collect();
        assert_eq!(keys, [vec![(10, 1), (20, 2), (30, 3)], vec![(40, 4)], vec![(0, 5)]]);
        assert_eq!(vessels.iter().map(|v| v.mmsi).collect::<Vec<_>>(), [1, 3, 5]);
        let r = &vessels[0].reports[1];
        assert_eq!(
            (r.msg_type, r.imo, r.callsign.as_deref(), r.shipname.as_deref()),
            (Some(5), Some(9_074_729), Some("ABCD"), None)
        );
        assert_eq!(
            (r.ship_type, r.length_m, r.beam_m, r.draught_m),
            (Some(80), Some(120), Some(22), Some(7.5))
        );
        assert_eq!(r.dimensions.map(|d| (d.to_bow_m, d.to_starboard_m)), Some((100, 12)));
        assert_eq!(r.eta.map(|e| (e.month, e.minute)), Some((3, 6)));
        assert_eq!((r.source.as_deref(), r.input_id), (Some("rx"), 1));
        let range = TimeRange { from_ms: Some(15), to_ms: Some(40) };
        let times: Vec<i64> = StaticReader::of_files(paths.to_vec(), range, 2)
            .unwrap()
            .flat_map(|v| v.unwrap().reports.into_iter().map(|r| r.time_ms))
            .collect();
        assert_eq!(times, [20, 30]);
    }
}

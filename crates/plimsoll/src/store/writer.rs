//! The Parquet writer: a thread that takes rows from ingest, buffers them by UTC
//! day, and writes each day's rows sorted by (mmsi, time) to a file under a
//! temporary name. The commit moves the files into place.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender};

use arrow_array::RecordBatch;
use arrow_schema::Schema;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression as ParquetCompression, Encoding, ZstdLevel};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::WriterProperties;

use super::catalog::{Catalog, FileRecord, VesselCounts};
use super::error::{At, Error, ErrorKind};
use super::schema::{self, SORT_COLUMNS};
use super::{data_file_name, tmp_path};
use crate::ingest::{day_name, PositionRow, Reject, Sink, SinkClosed, StaticRow};

/// Batches queued between ingest and the writer (each up to 16,384 rows).
pub(crate) const WRITER_QUEUE: usize = 8;
/// Most UTC days buffered at once: inputs spanning more are written in more,
/// smaller files rather than holding a buffer per day.
const MAX_DAYS_BUFFERED: usize = 1024;
pub(super) const DAY_MS: i64 = 86_400_000;

/// How the store writes.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Rows buffered before they are written out: bounds memory (about 100 bytes
    /// a row) and sets the size of files. An input with more rows for a day
    /// gets several files for it, each sorted.
    pub max_rows_in_memory: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        // Small enough that encoding runs beside decoding rather than after it,
        // large enough for files of a few MB.
        WriteOptions { max_rows_in_memory: 262_144 }
    }
}

/// What goes to the writer thread.
pub(crate) enum ToWriter {
    Sources(Vec<String>),
    Positions(Vec<PositionRow>),
    Statics(Vec<StaticRow>),
    Rejects(Vec<Reject>),
}

/// The ingest side of the channel to the writer thread.
pub(crate) struct WriterSink {
    tx: SyncSender<ToWriter>,
}

impl WriterSink {
    pub(crate) fn new(tx: SyncSender<ToWriter>) -> Self {
        WriterSink { tx }
    }
}

impl Sink for WriterSink {
    fn sources(&mut self, names: Vec<String>) -> Result<(), SinkClosed> {
        self.tx.send(ToWriter::Sources(names)).map_err(|_| SinkClosed)
    }
    fn positions(&mut self, rows: Vec<PositionRow>) -> Result<(), SinkClosed> {
        self.tx.send(ToWriter::Positions(rows)).map_err(|_| SinkClosed)
    }
    fn statics(&mut self, rows: Vec<StaticRow>) -> Result<(), SinkClosed> {
        self.tx.send(ToWriter::Statics(rows)).map_err(|_| SinkClosed)
    }
    fn rejects(&mut self, rejects: Vec<Reject>) -> Result<(), SinkClosed> {
        self.tx.send(ToWriter::Rejects(rejects)).map_err(|_| SinkClosed)
    }
}

/// A file written under its temporary name.
#[derive(Debug, Clone)]
pub(crate) struct WrittenFile {
    pub(crate) tmp: PathBuf,
    pub(crate) path: PathBuf,
}

/// What the writer wrote.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub(crate) files: Vec<WrittenFile>,
    pub(crate) positions: u64,
    pub(crate) static_reports: u64,
    pub(crate) rejects: u64,
}

/// Columns whose values rarely repeat, and the encoding that suits them better
/// than a dictionary (which would only cost time before being given up).
const UNDICTIONARIED_COLUMNS: [(&str, Encoding); 4] = [
    ("time_ms", Encoding::DELTA_BINARY_PACKED),
    ("line", Encoding::DELTA_BINARY_PACKED),
    ("lat_deg", Encoding::BYTE_STREAM_SPLIT),
    ("lon_deg", Encoding::BYTE_STREAM_SPLIT),
];

/// Writer properties for a table: zstd, sorted by [`SORT_COLUMNS`].
fn properties(schema: &Schema) -> Result<WriterProperties, Error> {
    let arrow = |source| Error::from(ErrorKind::Arrow { source });
    let mut sorting = Vec::new();
    for name in SORT_COLUMNS {
        let index = schema.index_of(name).map_err(arrow)?;
        let column_idx = i32::try_from(index).unwrap_or(i32::MAX);
        sorting.push(SortingColumn { column_idx, descending: false, nulls_first: false });
    }
    let mut builder = WriterProperties::builder()
        // zstd's default level, 1: fast, and still a third the size of snappy's.
        .set_compression(ParquetCompression::ZSTD(ZstdLevel::default()))
        .set_sorting_columns(Some(sorting))
        .set_created_by(format!("plimsoll {}", env!("CARGO_PKG_VERSION")));
    for (name, encoding) in UNDICTIONARIED_COLUMNS {
        if schema.index_of(name).is_ok() {
            builder = builder
                .set_column_dictionary_enabled(name.into(), false)
                .set_column_encoding(name.into(), encoding);
        }
    }
    Ok(builder.build())
}

/// Folds a sorted run of one vessel's times into the flush's counts.
fn count_vessel(
    vessels: &mut BTreeMap<u32, VesselCounts>,
    mmsi: u32,
    positions: u64,
    static_reports: u64,
    first_ms: i64,
    last_ms: i64,
) {
    let v =
        vessels.entry(mmsi).or_insert(VesselCounts { positions: 0, static_reports: 0, first_ms, last_ms });
    v.positions += positions;
    v.static_reports += static_reports;
    v.first_ms = v.first_ms.min(first_ms);
    v.last_ms = v.last_ms.max(last_ms);
}

/// Counts per vessel of rows sorted by mmsi; `is_position` picks the counter.
fn count_vessels<T>(
    vessels: &mut BTreeMap<u32, VesselCounts>,
    rows: &[T],
    key: impl Fn(&T) -> (u32, i64),
    is_position: bool,
) {
    for run in rows.chunk_by(|a, b| key(a).0 == key(b).0) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else { continue };
        let (mmsi, first_ms) = key(first);
        let n = u64::try_from(run.len()).unwrap_or(u64::MAX);
        let (p, s) = if is_position { (n, 0) } else { (0, n) };
        count_vessel(vessels, mmsi, p, s, first_ms, key(last).1);
    }
}

/// Adds rows to the buffers of their UTC days: a batch within one day (the
/// usual case) in one move, others row by row.
fn bucket_by_day<T>(buckets: &mut BTreeMap<i64, Vec<T>>, mut rows: Vec<T>, time_ms: impl Fn(&T) -> i64) {
    let day = |row: &T| time_ms(row).div_euclid(DAY_MS);
    match (rows.first().map(day), rows.last().map(day)) {
        (Some(first), Some(last)) if first == last && rows.iter().all(|r| day(r) == first) => {
            buckets.entry(first).or_default().append(&mut rows);
        }
        _ => {
            for row in rows {
                buckets.entry(day(&row)).or_default().push(row);
            }
        }
    }
}

/// The writer thread's state.
pub(crate) struct Writer {
    dir: PathBuf,
    input_id: i64,
    max_rows: usize,
    catalog: Catalog,
    sources: Vec<String>,
    positions: BTreeMap<i64, Vec<PositionRow>>,
    statics: BTreeMap<i64, Vec<StaticRow>>,
    buffered_rows: usize,
    file_seq: u32,
    positions_props: WriterProperties,
    static_props: WriterProperties,
    written: Written,
}

impl Writer {
    pub(crate) fn new(
        dir: &Path,
        input_id: i64,
        options: &WriteOptions,
        catalog: Catalog,
    ) -> Result<Writer, Error> {
        Ok(Writer {
            dir: dir.to_owned(),
            input_id,
            max_rows: options.max_rows_in_memory.max(1),
            catalog,
            sources: Vec::new(),
            positions: BTreeMap::new(),
            statics: BTreeMap::new(),
            buffered_rows: 0,
            file_seq: 0,
            positions_props: properties(&schema::positions_schema())?,
            static_props: properties(&schema::static_schema())?,
            written: Written::default(),
        })
    }

    /// Writes everything received until the sender hangs up.
    pub(crate) fn run(mut self, rx: Receiver<ToWriter>) -> Result<Written, Error> {
        for message in rx {
            match message {
                ToWriter::Sources(names) => self.sources.extend(names),
                ToWriter::Positions(rows) => {
                    self.buffered_rows += rows.len();
                    bucket_by_day(&mut self.positions, rows, |r| r.time_ms);
                }
                ToWriter::Statics(rows) => {
                    self.buffered_rows += rows.len();
                    bucket_by_day(&mut self.statics, rows, |r| r.time_ms);
                }
                ToWriter::Rejects(rejects) => {
                    self.catalog.record_rejects(self.input_id, &rejects)?;
                    self.written.rejects += u64::try_from(rejects.len()).unwrap_or(u64::MAX);
                }
            }
            if self.buffered_rows >= self.max_rows
                || self.positions.len() + self.statics.len() > MAX_DAYS_BUFFERED
            {
                self.flush()?;
            }
        }
        self.flush()?;
        Ok(self.written)
    }

    fn flush(&mut self) -> Result<(), Error> {
        let arrow = |source| Error::from(ErrorKind::Arrow { source });
        let mut files = Vec::new();
        let mut vessels = BTreeMap::new();
        for (day, mut rows) in std::mem::take(&mut self.positions) {
            // In place: faster here than sorting keys and gathering, whose
            // random reads miss the cache.
            rows.sort_unstable_by_key(|r| (r.mmsi, r.time_ms, r.line));
            count_vessels(&mut vessels, &rows, |r| (r.mmsi, r.time_ms), true);
            let batch = schema::positions_batch(&rows, &self.sources, self.input_id).map_err(arrow)?;
            files.push(self.write_file("positions", day, &batch)?);
            self.written.positions += u64::try_from(rows.len()).unwrap_or(u64::MAX);
        }
        for (day, mut rows) in std::mem::take(&mut self.statics) {
            rows.sort_unstable_by_key(|r| (r.mmsi, r.time_ms, r.line));
            count_vessels(&mut vessels, &rows, |r| (r.mmsi, r.time_ms), false);
            let batch = schema::static_batch(&rows, &self.sources, self.input_id).map_err(arrow)?;
            files.push(self.write_file("static", day, &batch)?);
            self.written.static_reports += u64::try_from(rows.len()).unwrap_or(u64::MAX);
        }
        self.buffered_rows = 0;
        if files.is_empty() {
            return Ok(());
        }
        self.catalog.record_flush(self.input_id, &files, &vessels)
    }

    /// Writes one sorted batch to `table/day=YYYY-MM-DD/` under a temporary
    /// name, synced to disk.
    fn write_file(
        &mut self,
        table: &'static str,
        day: i64,
        batch: &RecordBatch,
    ) -> Result<FileRecord, Error> {
        let day = day_name(day);
        let relative_dir = format!("{table}/day={day}");
        let dir = self.dir.join(&relative_dir);
        fs::create_dir_all(&dir).at(&dir)?;
        self.file_seq += 1;
        let name = data_file_name(self.input_id, self.file_seq);
        let path = dir.join(&name);
        let tmp = tmp_path(&path);
        let props = if table == "positions" { &self.positions_props } else { &self.static_props };
        let file = File::create(&tmp).at(&tmp)?;
        // The Parquet writer buffers its output itself.
        let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props.clone())).at(&tmp)?;
        writer.write(batch).at(&tmp)?;
        // Writes the footer.
        let file = writer.into_inner().at(&tmp)?;
        file.sync_all().at(&tmp)?;
        self.written.files.push(WrittenFile { tmp, path });
        let rows = u64::try_from(batch.num_rows()).unwrap_or(u64::MAX);
        Ok(FileRecord { table, day, path: format!("{relative_dir}/{name}"), rows })
    }
}

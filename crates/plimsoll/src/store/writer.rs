//! The Parquet writer: a thread that takes rows from ingest, buffers them by UTC
//! day, and writes each day's rows sorted by (mmsi, time) to a file under a
//! temporary name. The commit moves the files into place.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

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
    /// a row, twice over: one buffer fills while the last is encoded) and sets
    /// the size of files (the first flushes are smaller, see
    /// [`FIRST_FLUSH_ROWS`]). An input with more rows for a day gets several
    /// files for it, each sorted.
    pub max_rows_in_memory: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        // Reading a day merges its files vessel by vessel: the fewer the files,
        // the longer each vessel's run in one file. 2 M rows (about 200 MB) make
        // a 50,000-vessel day 37 files with runs of about 35 positions.
        WriteOptions { max_rows_in_memory: 2_097_152 }
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

/// Rows per Parquet row group. Each group's `mmsi` and `time_ms` statistics let a
/// reader skip it: a vessel's track reads about one group per file rather than
/// the file, while groups stay large enough to compress well.
const ROW_GROUP_ROWS: usize = 131_072;

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
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
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
fn bucket_by_day<T>(
    buckets: &mut BTreeMap<i64, Vec<T>>,
    mut rows: Vec<T>,
    time_ms: impl Fn(&T) -> i64,
    spare: &mut Vec<Vec<T>>,
) {
    let day = |row: &T| time_ms(row).div_euclid(DAY_MS);
    match (rows.first().map(day), rows.last().map(day)) {
        (Some(first), Some(last)) if first == last && rows.iter().all(|r| day(r) == first) => {
            bucket(buckets, spare, first).append(&mut rows);
        }
        _ => {
            for row in rows {
                bucket(buckets, spare, day(&row)).push(row);
            }
        }
    }
}

/// A day's buffer; a spare one when the day is new.
fn bucket<'a, T>(
    buckets: &'a mut BTreeMap<i64, Vec<T>>,
    spare: &mut Vec<Vec<T>>,
    day: i64,
) -> &'a mut Vec<T> {
    buckets.entry(day).or_insert_with(|| spare.pop().unwrap_or_default())
}

/// Vessels whose counts are held across flushes before they go to the catalog:
/// one upsert per vessel per input rather than per flush (an input of 50,000
/// vessels in 30 flushes would otherwise make 1.5 M), bounded because MMSIs are
/// untrusted input.
const MAX_VESSELS_HELD: usize = 1 << 20;

/// One flush's rows by UTC day, on their way to the encoder thread.
struct Flush {
    positions: BTreeMap<i64, Vec<PositionRow>>,
    statics: BTreeMap<i64, Vec<StaticRow>>,
    /// The input's station names so far (rows index into them).
    sources: Vec<String>,
}

/// What the encoder wrote for one flush.
struct Encoded {
    records: Vec<FileRecord>,
    files: Vec<WrittenFile>,
    vessels: BTreeMap<u32, VesselCounts>,
    positions: u64,
    static_reports: u64,
    /// The flush's buffers, emptied for the next ones.
    spare_positions: Vec<Vec<PositionRow>>,
    spare_statics: Vec<Vec<StaticRow>>,
}

/// The writer: the state of its thread, which buffers rows by day and records
/// what was written in the catalog, and of the encoder thread it starts, which
/// sorts and writes each flush, so that the next flush's rows are buffered (and
/// decoded) while the last one is encoded.
pub(crate) struct Writer {
    buffers: Buffers,
    encoder: Encoder,
}

/// The writer thread's state.
struct Buffers {
    input_id: i64,
    max_rows: usize,
    /// Rows of the next flush: [`FIRST_FLUSH_ROWS`], doubling up to `max_rows`.
    flush_rows: usize,
    catalog: Catalog,
    sources: Vec<String>,
    positions: BTreeMap<i64, Vec<PositionRow>>,
    statics: BTreeMap<i64, Vec<StaticRow>>,
    buffered_rows: usize,
    /// Counts of the vessels flushed, not yet in the catalog.
    vessels: BTreeMap<u32, VesselCounts>,
    /// Emptied buffers of past flushes (at most [`MAX_SPARE_BUFFERS`] each),
    /// reused rather than allocated and faulted in again for every flush.
    spare_positions: Vec<Vec<PositionRow>>,
    spare_statics: Vec<Vec<StaticRow>>,
    written: Written,
}

/// Rows of the first flush. Flushes then double up to the memory bound: a small
/// input is still encoded while it is decoded (a single flush at the end would
/// do the two one after the other), and a large one still makes few files.
const FIRST_FLUSH_ROWS: usize = 262_144;

/// Spare buffers kept per table: a flush of one day needs one.
const MAX_SPARE_BUFFERS: usize = 2;

/// The encoder thread's state: sorts a flush's rows and writes its files.
struct Encoder {
    dir: PathBuf,
    input_id: i64,
    file_seq: u32,
    positions_props: WriterProperties,
    static_props: WriterProperties,
}

impl Writer {
    pub(crate) fn new(
        dir: &Path,
        input_id: i64,
        options: &WriteOptions,
        catalog: Catalog,
    ) -> Result<Writer, Error> {
        let max_rows = options.max_rows_in_memory.max(1);
        Ok(Writer {
            buffers: Buffers {
                input_id,
                max_rows,
                flush_rows: FIRST_FLUSH_ROWS.min(max_rows),
                catalog,
                sources: Vec::new(),
                positions: BTreeMap::new(),
                statics: BTreeMap::new(),
                buffered_rows: 0,
                vessels: BTreeMap::new(),
                spare_positions: Vec::new(),
                spare_statics: Vec::new(),
                written: Written::default(),
            },
            encoder: Encoder {
                dir: dir.to_owned(),
                input_id,
                file_seq: 0,
                positions_props: properties(&schema::positions_schema())?,
                static_props: properties(&schema::static_schema())?,
            },
        })
    }

    /// Writes everything received until the sender hangs up.
    pub(crate) fn run(self, rx: Receiver<ToWriter>) -> Result<Written, Error> {
        let Writer { buffers: mut this, encoder } = self;
        let dir = encoder.dir.clone();
        std::thread::scope(|scope| {
            // A rendezvous: at most two flushes are held, the one encoded and the
            // one filling.
            let (flush_tx, flush_rx) = sync_channel::<Flush>(0);
            let (done_tx, done_rx) = channel();
            let handle = std::thread::Builder::new()
                .name("plimsoll-encode".to_owned())
                .spawn_scoped(scope, move || encoder.run(flush_rx, &done_tx))
                .at(&dir)?;
            let buffered = this.buffer(rx, &flush_tx, &done_rx);
            drop(flush_tx);
            // The encoder ends once its channel is closed; its results follow.
            let joined = handle.join().map_err(|_| Error::from(ErrorKind::WriterStopped));
            let recorded = this.record(&done_rx);
            buffered?;
            joined?;
            recorded
        })?;
        let vessels = std::mem::take(&mut this.vessels);
        this.catalog.record_flush(this.input_id, &[], &vessels)?;
        Ok(this.written)
    }
}

impl Buffers {
    /// Buffers the rows received, handing each full buffer to the encoder and
    /// recording what it wrote as it goes.
    fn buffer(
        &mut self,
        rx: Receiver<ToWriter>,
        flush_tx: &SyncSender<Flush>,
        done_rx: &Receiver<Result<Encoded, Error>>,
    ) -> Result<(), Error> {
        for message in rx {
            match message {
                ToWriter::Sources(names) => self.sources.extend(names),
                ToWriter::Positions(rows) => {
                    self.buffered_rows += rows.len();
                    bucket_by_day(&mut self.positions, rows, |r| r.time_ms, &mut self.spare_positions);
                }
                ToWriter::Statics(rows) => {
                    self.buffered_rows += rows.len();
                    bucket_by_day(&mut self.statics, rows, |r| r.time_ms, &mut self.spare_statics);
                }
                ToWriter::Rejects(rejects) => {
                    self.catalog.record_rejects(self.input_id, &rejects)?;
                    self.written.rejects += u64::try_from(rejects.len()).unwrap_or(u64::MAX);
                }
            }
            if self.buffered_rows >= self.flush_rows
                || self.positions.len() + self.statics.len() > MAX_DAYS_BUFFERED
            {
                self.flush(flush_tx, done_rx)?;
            }
        }
        self.flush(flush_tx, done_rx)
    }

    /// Hands the buffered rows to the encoder.
    fn flush(
        &mut self,
        flush_tx: &SyncSender<Flush>,
        done_rx: &Receiver<Result<Encoded, Error>>,
    ) -> Result<(), Error> {
        self.buffered_rows = 0;
        self.flush_rows = self.flush_rows.saturating_mul(2).min(self.max_rows);
        let flush = Flush {
            positions: std::mem::take(&mut self.positions),
            statics: std::mem::take(&mut self.statics),
            sources: self.sources.clone(),
        };
        if flush.positions.is_empty() && flush.statics.is_empty() {
            return Ok(());
        }
        if flush_tx.send(flush).is_err() {
            // The encoder stopped: its error is among its results.
            self.record(done_rx)?;
            return Err(ErrorKind::WriterStopped.into());
        }
        self.record_ready(done_rx)
    }

    /// Records the encoder's results that are ready, without waiting.
    fn record_ready(&mut self, done_rx: &Receiver<Result<Encoded, Error>>) -> Result<(), Error> {
        while let Ok(encoded) = done_rx.try_recv() {
            self.record_one(encoded?)?;
        }
        Ok(())
    }

    /// Records every result the encoder has left, waiting for it to end.
    fn record(&mut self, done_rx: &Receiver<Result<Encoded, Error>>) -> Result<(), Error> {
        while let Ok(encoded) = done_rx.recv() {
            self.record_one(encoded?)?;
        }
        Ok(())
    }

    /// Records one flush's files in the catalog, and the vessels' counts when
    /// too many are held; the rest go in at the end.
    fn record_one(&mut self, encoded: Encoded) -> Result<(), Error> {
        for (mmsi, v) in &encoded.vessels {
            count_vessel(&mut self.vessels, *mmsi, v.positions, v.static_reports, v.first_ms, v.last_ms);
        }
        let vessels = if self.vessels.len() > MAX_VESSELS_HELD {
            std::mem::take(&mut self.vessels)
        } else {
            BTreeMap::new()
        };
        self.catalog.record_flush(self.input_id, &encoded.records, &vessels)?;
        self.written.files.extend(encoded.files);
        self.written.positions += encoded.positions;
        self.written.static_reports += encoded.static_reports;
        keep_spare(&mut self.spare_positions, encoded.spare_positions);
        keep_spare(&mut self.spare_statics, encoded.spare_statics);
        Ok(())
    }
}

/// Keeps the largest of the returned buffers, up to [`MAX_SPARE_BUFFERS`].
fn keep_spare<T>(spare: &mut Vec<Vec<T>>, returned: Vec<Vec<T>>) {
    spare.extend(returned);
    spare.sort_unstable_by_key(|b| std::cmp::Reverse(b.capacity()));
    spare.truncate(MAX_SPARE_BUFFERS);
}

impl Encoder {
    /// Encodes every flush received until the channel closes or one fails.
    fn run(mut self, flush_rx: Receiver<Flush>, done_tx: &Sender<Result<Encoded, Error>>) {
        for flush in flush_rx {
            let encoded = self.encode(flush);
            let failed = encoded.is_err();
            if done_tx.send(encoded).is_err() || failed {
                return;
            }
        }
    }

    fn encode(&mut self, flush: Flush) -> Result<Encoded, Error> {
        let arrow = |source| Error::from(ErrorKind::Arrow { source });
        let mut out = Encoded {
            records: Vec::new(),
            files: Vec::new(),
            vessels: BTreeMap::new(),
            positions: 0,
            static_reports: 0,
            spare_positions: Vec::new(),
            spare_statics: Vec::new(),
        };
        for (day, mut rows) in flush.positions {
            // In place: faster here than sorting keys and gathering, whose
            // random reads miss the cache.
            rows.sort_unstable_by_key(|r| (r.mmsi, r.time_ms, r.line));
            count_vessels(&mut out.vessels, &rows, |r| (r.mmsi, r.time_ms), true);
            let batch = schema::positions_batch(&rows, &flush.sources, self.input_id).map_err(arrow)?;
            rows.clear();
            out.spare_positions.push(rows);
            self.write_file("positions", day, &batch, &mut out)?;
            out.positions += u64::try_from(batch.num_rows()).unwrap_or(u64::MAX);
        }
        for (day, mut rows) in flush.statics {
            rows.sort_unstable_by_key(|r| (r.mmsi, r.time_ms, r.line));
            count_vessels(&mut out.vessels, &rows, |r| (r.mmsi, r.time_ms), false);
            let batch = schema::static_batch(&rows, &flush.sources, self.input_id).map_err(arrow)?;
            rows.clear();
            out.spare_statics.push(rows);
            self.write_file("static", day, &batch, &mut out)?;
            out.static_reports += u64::try_from(batch.num_rows()).unwrap_or(u64::MAX);
        }
        Ok(out)
    }

    /// Writes one sorted batch to `table/day=YYYY-MM-DD/` under a temporary
    /// name, synced to disk.
    fn write_file(
        &mut self,
        table: &'static str,
        day: i64,
        batch: &RecordBatch,
        out: &mut Encoded,
    ) -> Result<(), Error> {
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
        out.files.push(WrittenFile { tmp, path });
        let rows = u64::try_from(batch.num_rows()).unwrap_or(u64::MAX);
        out.records.push(FileRecord { table, day, path: format!("{relative_dir}/{name}"), rows });
        Ok(())
    }
}

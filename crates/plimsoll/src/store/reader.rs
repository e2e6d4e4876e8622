//! Reading positions back, one vessel at a time: a k-way merge over the
//! committed Parquet files of the days asked for.
//!
//! Each file is sorted by (mmsi, time), so merging the files' heads by that key
//! yields every vessel's positions in time order without sorting anything. Ties
//! (the same vessel at the same millisecond in several files) come out in file
//! order (input id, then path), so a read is deterministic.
//!
//! # Memory
//!
//! At most one decoded batch of [`READ_BATCH_ROWS`] rows per file in the range
//! (the merge heads), plus the points of the one vessel being handed out (all of
//! them: a vessel with millions of points is allowed), plus the interned station
//! names (at most [`MAX_INTERNED_SOURCES`]). Every file in range stays open
//! for the whole read, so the range must not span more files than the process
//! may open.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::ArrowPrimitiveType;
use arrow_array::types::{Float64Type, Int64Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{
    Array, BooleanArray, Float64Array, Int64Array, PrimitiveArray, RecordBatch, StringArray, UInt16Array,
    UInt32Array, UInt64Array, UInt8Array,
};
use parquet::arrow::arrow_reader::{
    ArrowPredicateFn, ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
    RowFilter,
};
use parquet::arrow::ProjectionMask;
use parquet::file::metadata::PageIndexPolicy;
use parquet::file::statistics::Statistics;

use super::catalog::Catalog;
use super::error::{At, Error, ErrorKind};
use super::writer::DAY_MS;
use crate::ingest::day_name;

/// Rows decoded at a time from each file: bounds the memory of the merge heads.
pub const READ_BATCH_ROWS: usize = 4096;
/// Distinct station names shared between points; names beyond it are allocated
/// per point rather than remembered.
pub const MAX_INTERNED_SOURCES: usize = 65_536;

/// A half-open time range `[from_ms, to_ms)`; `None` leaves that side open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRange {
    /// First time included, UTC ms since the epoch.
    pub from_ms: Option<i64>,
    /// First time excluded, UTC ms since the epoch.
    pub to_ms: Option<i64>,
}

impl TimeRange {
    /// Every time.
    pub const ALL: TimeRange = TimeRange { from_ms: None, to_ms: None };

    /// Whether `time_ms` is in the range.
    pub fn contains(&self, time_ms: i64) -> bool {
        self.from_ms.is_none_or(|from_ms| time_ms >= from_ms)
            && self.to_ms.is_none_or(|to_ms| time_ms < to_ms)
    }

    /// The range grown by `margin_ms` on each bounded side.
    pub fn widened(&self, margin_ms: i64) -> TimeRange {
        TimeRange {
            from_ms: self.from_ms.map(|t| t.saturating_sub(margin_ms)),
            to_ms: self.to_ms.map(|t| t.saturating_add(margin_ms)),
        }
    }

    /// Whether some time in `[min_ms, max_ms]` is in the range.
    fn overlaps(&self, min_ms: i64, max_ms: i64) -> bool {
        self.from_ms.is_none_or(|from_ms| max_ms >= from_ms) && self.to_ms.is_none_or(|to_ms| min_ms < to_ms)
    }
}

/// One stored position fix, as the tracking stage reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackPoint {
    pub mmsi: u32,
    /// Time of the fix, UTC ms since the epoch.
    pub time_ms: i64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub sog_knots: Option<f64>,
    pub cog_deg: Option<f64>,
    pub heading_deg: Option<u16>,
    /// Navigational status 0–15 as sent.
    pub nav_status: Option<u8>,
    /// The receiving station (tag block `s:`), shared between points.
    pub source: Option<Arc<str>>,
    /// The input it came from (`inputs.id` in the catalog).
    pub input_id: i64,
    /// 1-based line in that input.
    pub line: u64,
}

#[cfg(test)]
impl TrackPoint {
    /// A fix with only a place and a time (speed, course, status and source
    /// unknown; input 1, line 1), for tests.
    pub(crate) fn bare(mmsi: u32, time_ms: i64, lat_deg: f64, lon_deg: f64) -> TrackPoint {
        TrackPoint {
            mmsi,
            time_ms,
            lat_deg,
            lon_deg,
            sog_knots: None,
            cog_deg: None,
            heading_deg: None,
            nav_status: None,
            source: None,
            input_id: 1,
            line: 1,
        }
    }
}

/// One vessel's positions in the range, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselPositions {
    pub mmsi: u32,
    /// Sorted by `time_ms` (ties in file order); never empty.
    pub points: Vec<TrackPoint>,
}

/// A table read back by the merge: its catalog name, the columns read, and how
/// one row becomes a value. `mmsi` and `time_ms` are always read (they are the
/// merge key); `COLUMNS` are the others.
pub(super) trait Table {
    /// The table's name in the catalog and on disk (`positions`, `static`).
    const NAME: &'static str;
    /// The columns read besides `mmsi` and `time_ms`.
    const COLUMNS: &'static [&'static str];
    /// The typed columns of one decoded batch.
    type Columns;
    /// One row as the later stages read it.
    type Row;
    /// Takes the typed columns out of a batch read with `COLUMNS`.
    fn columns(batch: &RecordBatch, path: &Path) -> Result<Self::Columns, Error>;
    /// Row `row` of a batch; `mmsi` and `time_ms` are its key.
    fn row(c: &Self::Columns, row: usize, mmsi: u32, time_ms: i64, sources: &mut Interner) -> Self::Row;
}

/// The positions table, as [`TrackPoint`]s.
struct Positions;

/// The typed columns of one decoded batch of positions.
struct PositionColumns {
    lat_deg: Float64Array,
    lon_deg: Float64Array,
    sog_knots: Float64Array,
    cog_deg: Float64Array,
    heading_deg: UInt16Array,
    nav_status: UInt8Array,
    source: StringArray,
    input_id: Int64Array,
    line: UInt64Array,
}

impl Table for Positions {
    const NAME: &'static str = "positions";
    // Everything a track needs; `msg_type` and `accuracy` are not.
    const COLUMNS: &'static [&'static str] = &[
        "lat_deg",
        "lon_deg",
        "sog_knots",
        "cog_deg",
        "heading_deg",
        "nav_status",
        "source",
        "input_id",
        "line",
    ];
    type Columns = PositionColumns;
    type Row = TrackPoint;

    fn columns(batch: &RecordBatch, path: &Path) -> Result<PositionColumns, Error> {
        Ok(PositionColumns {
            lat_deg: column::<Float64Type>(batch, "lat_deg", path)?,
            lon_deg: column::<Float64Type>(batch, "lon_deg", path)?,
            sog_knots: column::<Float64Type>(batch, "sog_knots", path)?,
            cog_deg: column::<Float64Type>(batch, "cog_deg", path)?,
            heading_deg: column::<UInt16Type>(batch, "heading_deg", path)?,
            nav_status: column::<UInt8Type>(batch, "nav_status", path)?,
            source: string_column(batch, "source", path)?,
            input_id: column::<Int64Type>(batch, "input_id", path)?,
            line: column::<UInt64Type>(batch, "line", path)?,
        })
    }

    fn row(c: &PositionColumns, r: usize, mmsi: u32, time_ms: i64, sources: &mut Interner) -> TrackPoint {
        TrackPoint {
            mmsi,
            time_ms,
            lat_deg: c.lat_deg.value(r),
            lon_deg: c.lon_deg.value(r),
            sog_knots: optional(&c.sog_knots, r),
            cog_deg: optional(&c.cog_deg, r),
            heading_deg: optional(&c.heading_deg, r),
            nav_status: optional(&c.nav_status, r),
            source: optional_str(&c.source, r).map(|name| sources.get(name)),
            input_id: c.input_id.value(r),
            line: c.line.value(r),
        }
    }
}

/// A nullable primitive value.
pub(super) fn optional<T: ArrowPrimitiveType>(array: &PrimitiveArray<T>, row: usize) -> Option<T::Native> {
    array.is_valid(row).then(|| array.value(row))
}

/// A nullable string value.
pub(super) fn optional_str(array: &StringArray, row: usize) -> Option<&str> {
    array.is_valid(row).then(|| array.value(row))
}

/// A primitive column of a batch, or an error naming the file and the column.
pub(super) fn column<T: ArrowPrimitiveType>(
    batch: &RecordBatch,
    name: &'static str,
    path: &Path,
) -> Result<PrimitiveArray<T>, Error> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<T>())
        .cloned()
        .ok_or_else(|| ErrorKind::Column { path: path.to_owned(), column: name }.into())
}

/// A string column of a batch, or an error naming the file and the column.
pub(super) fn string_column(
    batch: &RecordBatch,
    name: &'static str,
    path: &Path,
) -> Result<StringArray, Error> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_string_opt::<i32>())
        .cloned()
        .ok_or_else(|| ErrorKind::Column { path: path.to_owned(), column: name }.into())
}

/// Whether a row group's `mmsi` statistics allow `mmsi` (true without them).
/// The column is a Parquet INT32 annotated unsigned, so the statistics' `i32`s
/// are the `u32` bits.
fn may_hold_mmsi(column: Option<&parquet::file::metadata::ColumnChunkMetaData>, mmsi: u32) -> bool {
    match column.and_then(|c| c.statistics()) {
        Some(Statistics::Int32(s)) => match (s.min_opt(), s.max_opt()) {
            (Some(&min), Some(&max)) => {
                let (min, max) =
                    (u32::from_ne_bytes(min.to_ne_bytes()), u32::from_ne_bytes(max.to_ne_bytes()));
                // Statistics ordered otherwise than unsigned prove nothing.
                min > max || (min..=max).contains(&mmsi)
            }
            _ => true,
        },
        _ => true,
    }
}

/// One decoded batch: the merge key and the table's other columns.
struct Batch<C> {
    mmsi: UInt32Array,
    time_ms: Int64Array,
    columns: C,
}

/// A file being read: its current batch and the next row in it that is in range.
struct Cursor<T: Table> {
    path: PathBuf,
    reader: ParquetRecordBatchReader,
    batch: Option<Batch<T::Columns>>,
    row: usize,
}

impl<T: Table> Cursor<T> {
    /// Opens a file, reading only the needed columns of the row groups whose
    /// time statistics overlap the range, `batch_rows` at a time, and moves to
    /// its first row in range. With `only`, just that vessel's rows: row groups
    /// whose `mmsi` statistics exclude it are skipped, and a row filter on the
    /// `mmsi` column (with the page index, so other columns' pages without the
    /// vessel are not decoded) keeps its rows.
    fn open(
        path: PathBuf,
        range: TimeRange,
        batch_rows: usize,
        only: Option<u32>,
    ) -> Result<Cursor<T>, Error> {
        let file = File::open(&path).at(&path)?;
        // The page index is read where it exists (Plimsoll writes it), and only for one vessel.
        let policy = if only.is_some() { PageIndexPolicy::Optional } else { PageIndexPolicy::Skip };
        let options = ArrowReaderOptions::new().with_page_index_policy(policy);
        let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options).at(&path)?;
        let arrow_schema = builder.schema().clone();
        let index_of = |column: &'static str| {
            arrow_schema
                .index_of(column)
                .map_err(|_| Error::from(ErrorKind::Column { path: path.clone(), column }))
        };
        let time_index = index_of("time_ms")?;
        let mut indices = vec![index_of("mmsi")?, time_index];
        for &column in T::COLUMNS {
            indices.push(index_of(column)?);
        }
        // A row group without statistics is read (and filtered row by row).
        let row_groups = builder
            .metadata()
            .row_groups()
            .iter()
            .enumerate()
            .filter(|(_, rg)| match rg.columns().get(time_index).and_then(|c| c.statistics()) {
                Some(Statistics::Int64(s)) => match (s.min_opt(), s.max_opt()) {
                    (Some(&min_ms), Some(&max_ms)) => range.overlaps(min_ms, max_ms),
                    _ => true,
                },
                _ => true,
            })
            .filter(|(_, rg)| only.is_none_or(|mmsi| may_hold_mmsi(rg.columns().get(indices[0]), mmsi)))
            .map(|(i, _)| i)
            .collect();
        let mut builder = builder;
        if let Some(mmsi) = only {
            let key = ProjectionMask::roots(builder.parquet_schema(), [indices[0]]);
            let keep = ArrowPredicateFn::new(key, move |batch: RecordBatch| {
                let column = batch.column(0).as_primitive_opt::<UInt32Type>().ok_or_else(|| {
                    arrow_schema::ArrowError::SchemaError("mmsi is not a UInt32 column".to_owned())
                })?;
                Ok(BooleanArray::from(column.values().iter().map(|&m| m == mmsi).collect::<Vec<bool>>()))
            });
            builder = builder.with_row_filter(RowFilter::new(vec![Box::new(keep)]));
        }
        let mask = ProjectionMask::roots(builder.parquet_schema(), indices);
        let reader = builder
            .with_projection(mask)
            .with_row_groups(row_groups)
            .with_batch_size(batch_rows)
            .build()
            .at(&path)?;
        let mut cursor = Cursor { path, reader, batch: None, row: 0 };
        cursor.seek_in_range(range)?;
        Ok(cursor)
    }

    /// The (mmsi, time) of the current row, if the file is not exhausted.
    fn key(&self) -> Option<(u32, i64)> {
        let b = self.batch.as_ref()?;
        Some((b.mmsi.value(self.row), b.time_ms.value(self.row)))
    }

    /// Moves past the current row to the next one in range.
    fn advance(&mut self, range: TimeRange) -> Result<(), Error> {
        self.row += 1;
        self.seek_in_range(range)
    }

    /// Stays on the current row if it is in range, else moves to the next row
    /// that is, loading batches as needed; at the end, `batch` is `None`.
    fn seek_in_range(&mut self, range: TimeRange) -> Result<(), Error> {
        loop {
            if let Some(b) = &self.batch {
                let times = b.time_ms.values();
                match times.get(self.row..).and_then(|rest| rest.iter().position(|&t| range.contains(t))) {
                    Some(offset) => {
                        self.row += offset;
                        return Ok(());
                    }
                    None => self.batch = None,
                }
            }
            match self.reader.next() {
                None => return Ok(()),
                Some(batch) => {
                    let batch =
                        batch.map_err(|source| ErrorKind::ArrowRead { path: self.path.clone(), source })?;
                    self.batch = Some(Batch {
                        mmsi: column::<UInt32Type>(&batch, "mmsi", &self.path)?,
                        time_ms: column::<Int64Type>(&batch, "time_ms", &self.path)?,
                        columns: T::columns(&batch, &self.path)?,
                    });
                    self.row = 0;
                }
            }
        }
    }

    /// The current row.
    fn row(&self, sources: &mut Interner) -> Option<T::Row> {
        let b = self.batch.as_ref()?;
        let r = self.row;
        Some(T::row(&b.columns, r, b.mmsi.value(r), b.time_ms.value(r), sources))
    }
}

/// Station names shared between rows, so that a row costs no allocation.
#[derive(Default)]
pub(super) struct Interner {
    names: HashSet<Arc<str>>,
    /// The name asked for last.
    last: Option<Arc<str>>,
}

impl Interner {
    pub(super) fn get(&mut self, name: &str) -> Arc<str> {
        // Consecutive rows mostly come from one station: no hashing then.
        if let Some(last) = self.last.as_ref().filter(|last| ***last == *name) {
            return last.clone();
        }
        let shared = self.lookup(name);
        self.last = Some(shared.clone());
        shared
    }

    fn lookup(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.names.get(name) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(name);
        if self.names.len() < MAX_INTERNED_SOURCES {
            self.names.insert(shared.clone());
        }
        shared
    }
}

/// One vessel's MMSI and rows, as the merge hands them out.
type VesselRows<R> = (u32, Vec<R>);

/// The k-way merge of a table's files by (mmsi, time, file), vessel by vessel.
pub(super) struct Merge<T: Table> {
    range: TimeRange,
    cursors: Vec<Cursor<T>>,
    /// The head of every cursor that is not exhausted: (mmsi, time, cursor index),
    /// smallest first.
    heads: BinaryHeap<Reverse<(u32, i64, usize)>>,
    sources: Interner,
    failed: bool,
}

impl<T: Table> Merge<T> {
    /// Opens the table's files of the committed inputs of the store in `dir`
    /// that fall in `range`. Inputs committed after this call are not seen.
    pub(super) fn open(dir: &Path, range: TimeRange) -> Result<Merge<T>, Error> {
        Self::open_only(dir, range, None)
    }

    /// As [`Merge::open`], with only the rows of the vessel `only` when given.
    pub(super) fn open_only(dir: &Path, range: TimeRange, only: Option<u32>) -> Result<Merge<T>, Error> {
        let catalog = Catalog::open_read_only(dir)?;
        let day = |ms: i64| day_name(ms.div_euclid(DAY_MS));
        // `to_ms` is excluded: its last day is that of the millisecond before.
        let first_day = range.from_ms.map(day);
        let last_day = range.to_ms.map(|to_ms| day(to_ms.saturating_sub(1)));
        let empty = range.from_ms.zip(range.to_ms).is_some_and(|(from_ms, to_ms)| from_ms >= to_ms);
        let files = if empty {
            Vec::new()
        } else {
            catalog.committed_files(T::NAME, first_day.as_deref(), last_day.as_deref())?
        };
        Self::of_files(
            files.into_iter().map(|(_, relative)| dir.join(relative)),
            range,
            READ_BATCH_ROWS,
            only,
        )
    }

    /// Merges the given files, each sorted by (mmsi, time), in the order given for ties.
    pub(super) fn of_files(
        paths: impl IntoIterator<Item = PathBuf>,
        range: TimeRange,
        batch_rows: usize,
        only: Option<u32>,
    ) -> Result<Merge<T>, Error> {
        let mut merge = Merge {
            range,
            cursors: Vec::new(),
            heads: BinaryHeap::new(),
            sources: Interner::default(),
            failed: false,
        };
        for path in paths {
            let cursor = Cursor::<T>::open(path, range, batch_rows, only)?;
            if let Some((mmsi, time_ms)) = cursor.key() {
                merge.heads.push(Reverse((mmsi, time_ms, merge.cursors.len())));
            }
            merge.cursors.push(cursor);
        }
        Ok(merge)
    }

    /// The next vessel's MMSI and rows (never empty), or `None` when every file is read.
    pub(super) fn next_vessel(&mut self) -> Result<Option<VesselRows<T::Row>>, Error> {
        let Some(&Reverse((mmsi, _, _))) = self.heads.peek() else { return Ok(None) };
        let mut rows = Vec::new();
        while let Some(&Reverse((head_mmsi, _, index))) = self.heads.peek() {
            if head_mmsi != mmsi {
                break;
            }
            self.heads.pop();
            let Some(cursor) = self.cursors.get_mut(index) else { break };
            // The cursor's rows stay the smallest while they sort before the next
            // head: taken without a heap operation each (one file holds most of a
            // vessel's day).
            let next_head = self.heads.peek().map(|&Reverse(key)| key);
            loop {
                rows.extend(cursor.row(&mut self.sources));
                cursor.advance(self.range)?;
                match cursor.key() {
                    Some((next_mmsi, next_ms))
                        if next_mmsi == mmsi
                            && next_head.is_none_or(|head| (mmsi, next_ms, index) < head) => {}
                    Some((next_mmsi, next_ms)) => {
                        self.heads.push(Reverse((next_mmsi, next_ms, index)));
                        break;
                    }
                    None => break,
                }
            }
        }
        Ok(Some((mmsi, rows)))
    }

    /// One step of an iterator over vessels: `vessel` builds the item; after
    /// an error the iterator ends.
    pub(super) fn next_item<V>(
        &mut self,
        vessel: impl FnOnce(u32, Vec<T::Row>) -> V,
    ) -> Option<Result<V, Error>> {
        if self.failed {
            return None;
        }
        let next = self.next_vessel();
        self.failed = next.is_err();
        next.map(|v| v.map(|(mmsi, rows)| vessel(mmsi, rows))).transpose()
    }
}

/// Reads a store's positions vessel by vessel, in MMSI order. An iterator of
/// [`VesselPositions`]; after an error it ends.
pub struct PositionReader {
    merge: Merge<Positions>,
}

impl PositionReader {
    /// Opens the positions of the committed inputs of the store in `dir` that
    /// fall in `range`. Inputs committed after this call are not seen.
    pub fn open(dir: &Path, range: TimeRange) -> Result<PositionReader, Error> {
        Ok(PositionReader { merge: Merge::open(dir, range)? })
    }

    /// One vessel's positions in `range`, in time order (empty when it has
    /// none), reading only the row groups and pages that can hold them (see
    /// `Cursor::open`): a track costs about a row group per day file, not the
    /// whole day.
    pub fn vessel(dir: &Path, range: TimeRange, mmsi: u32) -> Result<Vec<TrackPoint>, Error> {
        let mut merge = Merge::<Positions>::open_only(dir, range, Some(mmsi))?;
        Ok(merge.next_vessel()?.map(|(_, points)| points).unwrap_or_default())
    }

    /// Merges the given files, each sorted by (mmsi, time), in the order given for ties.
    #[cfg(test)]
    fn of_files(
        paths: impl IntoIterator<Item = PathBuf>,
        range: TimeRange,
        batch_rows: usize,
    ) -> Result<PositionReader, Error> {
        Ok(PositionReader { merge: Merge::of_files(paths, range, batch_rows, None)? })
    }

    /// The next vessel's positions, or `None` when every file is read.
    pub fn next_vessel(&mut self) -> Result<Option<VesselPositions>, Error> {
        Ok(self.merge.next_vessel()?.map(|(mmsi, points)| VesselPositions { mmsi, points }))
    }
}

impl Iterator for PositionReader {
    type Item = Result<VesselPositions, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.merge.next_item(|mmsi, points| VesselPositions { mmsi, points })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_ranges_are_half_open() {
        let range = TimeRange { from_ms: Some(10), to_ms: Some(20) };
        for (time_ms, inside) in [(9, false), (10, true), (19, true), (20, false)] {
            assert_eq!(range.contains(time_ms), inside, "{time_ms}");
        }
        assert!(TimeRange::ALL.contains(i64::MIN) && TimeRange::ALL.contains(i64::MAX));
        for (min_ms, max_ms, overlaps) in [(0, 9, false), (0, 10, true), (19, 30, true), (20, 30, false)] {
            assert_eq!(range.overlaps(min_ms, max_ms), overlaps, "{min_ms}..={max_ms}");
        }
    }

    use crate::ingest::PositionRow;
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;

    /// Writes rows (sorted by the caller) in row groups of three.
    fn write_file(path: &Path, rows: &[PositionRow]) {
        let batch = super::super::schema::positions_batch(rows, &["rx".to_owned()], 1).unwrap();
        let props = WriterProperties::builder().set_max_row_group_row_count(Some(3)).build();
        let mut writer =
            ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    }

    fn row(mmsi: u32, time_ms: i64, line: u64) -> PositionRow {
        PositionRow {
            mmsi,
            time_ms,
            lat_deg: 1.0,
            lon_deg: 2.0,
            sog_knots: Some(3.0),
            cog_deg: None,
            heading_deg: Some(4),
            nav_status: None,
            msg_type: Some(1),
            accuracy: None,
            source: line.is_multiple_of(2).then_some(0),
            line,
        }
    }

    /// (mmsi, time, line) of every point read, vessel by vessel.
    fn read_all(paths: &[PathBuf], range: TimeRange, batch_rows: usize) -> Vec<Vec<(u32, i64, u64)>> {
        let reader = PositionReader::of_files(paths.to_vec(), range, batch_rows).unwrap();
        reader
            .map(|v| {
                let v = v.unwrap();
                assert!(!v.points.is_empty());
                v.points.iter().map(|p| (p.mmsi, p.time_ms, p.line)).collect()
            })
            .collect()
    }

    #[test]
    fn one_vessel_is_read_alone_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let paths = [dir.path().join("a.parquet"), dir.path().join("b.parquet")];
        // Row groups of three over vessels 1..=9, a large MMSI beyond i32 in both files.
        let big = 3_000_000_000;
        let a: Vec<PositionRow> = (1..=9u32)
            .flat_map(|m| (0..4i64).map(move |t| row(m, 10 * t, u64::from(m) * 100 + t as u64)))
            .chain([row(big, 7, 7)])
            .collect();
        let b: Vec<PositionRow> = [row(5, 5, 1), row(5, 35, 2), row(8, 1, 3), row(big, 1, 4)].into();
        write_file(&paths[0], &a);
        write_file(&paths[1], &b);
        let merged = |only| {
            let mut merge = Merge::<Positions>::of_files(paths.to_vec(), TimeRange::ALL, 2, only).unwrap();
            let mut vessels = Vec::new();
            while let Some((mmsi, points)) = merge.next_vessel().unwrap() {
                vessels.push((mmsi, points.iter().map(|p| (p.time_ms, p.line)).collect::<Vec<_>>()));
            }
            vessels
        };
        let all = merged(None);
        for mmsi in [1, 5, 8, 9, big, 10, 4_000_000_000] {
            let alone = merged(Some(mmsi));
            let expected: Vec<_> = all.iter().filter(|(m, _)| *m == mmsi).cloned().collect();
            assert_eq!(alone, expected, "mmsi {mmsi}");
        }
        assert_eq!(merged(Some(5))[0].1.iter().map(|&(t, _)| t).collect::<Vec<_>>(), [0, 5, 10, 20, 30, 35]);
    }

    #[test]
    fn merges_files_across_row_groups_and_batches() {
        let dir = tempfile::tempdir().unwrap();
        let paths = [dir.path().join("a.parquet"), dir.path().join("b.parquet")];
        // File a: vessel 1 at even times, vessel 2 at 5; file b: vessel 1 at odd
        // times and at 4 again, vessel 3.
        let a: Vec<PositionRow> =
            (0..8u64).map(|t| row(1, 2 * t as i64, 100 + t)).chain([row(2, 5, 200)]).collect();
        let b: Vec<PositionRow> =
            [row(1, 1, 1), row(1, 3, 3), row(1, 4, 4), row(1, 13, 13), row(3, 0, 30)].into();
        write_file(&paths[0], &a);
        write_file(&paths[1], &b);
        for batch_rows in [1, 2, 3, 1024] {
            let vessels = read_all(&paths, TimeRange::ALL, batch_rows);
            assert_eq!(vessels.len(), 3, "batches of {batch_rows}");
            let times: Vec<i64> = vessels[0].iter().map(|&(_, t, _)| t).collect();
            assert_eq!(times, [0, 1, 2, 3, 4, 4, 6, 8, 10, 12, 13, 14]);
            // A tie goes to the earlier file.
            assert_eq!(vessels[0][4..6].iter().map(|&(_, _, line)| line).collect::<Vec<_>>(), [102, 4]);
            assert_eq!(vessels[1], [(2, 5, 200)]);
            assert_eq!(vessels[2], [(3, 0, 30)]);
            // A range that row-group statistics partly prune.
            let range = TimeRange { from_ms: Some(4), to_ms: Some(10) };
            let vessels = read_all(&paths, range, batch_rows);
            let times: Vec<i64> = vessels[0].iter().map(|&(_, t, _)| t).collect();
            assert_eq!(times, [4, 4, 6, 8], "batches of {batch_rows}");
            assert_eq!(vessels[1], [(2, 5, 200)]);
            assert_eq!(vessels.len(), 2);
        }
    }

    #[test]
    fn points_carry_their_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.parquet");
        write_file(&path, &[row(7, 10, 1), row(7, 11, 2)]);
        let mut reader = PositionReader::of_files([path], TimeRange::ALL, 16).unwrap();
        let vessel = reader.next_vessel().unwrap().unwrap();
        let p = &vessel.points[1];
        assert_eq!((p.mmsi, p.time_ms, p.lat_deg, p.lon_deg, p.sog_knots), (7, 11, 1.0, 2.0, Some(3.0)));
        assert_eq!((p.cog_deg, p.heading_deg, p.nav_status, p.input_id, p.line), (None, Some(4), None, 1, 2));
        assert_eq!(p.source.as_deref(), Some("rx"));
        assert_eq!(vessel.points[0].source, None);
        assert!(reader.next_vessel().unwrap().is_none());
    }

    #[test]
    fn a_bad_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.parquet");
        std::fs::write(&path, b"not parquet").unwrap();
        match PositionReader::of_files([path.clone()], TimeRange::ALL, 16) {
            Err(Error { kind: ErrorKind::Parquet { path: p, .. } }) => assert_eq!(p, path),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("read a file that is not Parquet"),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// The merge is a stable sort of all the files' rows by (mmsi, time),
        /// ties in file order, whatever the range and the batch size.
        #[test]
        fn merge_is_a_stable_sort(
            files in proptest::collection::vec(proptest::collection::vec((0u32..4, 0i64..50), 0..40), 1..5),
            from_ms in proptest::option::of(0i64..50),
            to_ms in proptest::option::of(0i64..50),
            batch_rows in 1usize..8,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let range = TimeRange { from_ms, to_ms };
            let mut paths = Vec::new();
            let mut expected = Vec::new();
            let mut line = 0;
            for (i, keys) in files.iter().enumerate() {
                let mut keys = keys.clone();
                keys.sort_unstable();
                let rows: Vec<PositionRow> = keys
                    .iter()
                    .map(|&(mmsi, time_ms)| {
                        line += 1;
                        row(mmsi, time_ms, line)
                    })
                    .collect();
                expected.extend(rows.iter().filter(|r| range.contains(r.time_ms)).map(|r| (r.mmsi, r.time_ms, r.line)));
                let path = dir.path().join(format!("{i}.parquet"));
                write_file(&path, &rows);
                paths.push(path);
            }
            // Lines grow with the file, so a stable sort keeps ties in file order.
            expected.sort_by_key(|&(mmsi, time_ms, _)| (mmsi, time_ms));
            let got: Vec<(u32, i64, u64)> = read_all(&paths, range, batch_rows).into_iter().flatten().collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn station_names_are_shared() {
        let mut interner = Interner::default();
        let a = interner.get("rx1");
        let b = interner.get("rx1");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*interner.get("rx2"), "rx2");
    }
}

//! The embedded store: positions and static reports as Parquet partitioned by
//! UTC day, everything about the inputs in a SQLite catalog.
//!
//! ```text
//! STORE/
//!   catalog.sqlite                    inputs, reports, rejects, files, vessel counts
//!   ingest.lock                       held by the one ingest writing
//!   positions/day=2021-03-23/in-000007-0001.parquet
//!   static/day=2021-03-23/in-000007-0002.parquet
//! ```
//!
//! Each file holds rows of one input and one day, sorted by (mmsi, time); its
//! name carries the input id. Rows cite their input (`input_id`) and line.
//!
//! # Crash safety
//!
//! An ingest inserts its input row (`ingesting`) before writing anything. While
//! it reads, it writes Parquet under `*.tmp` names and records rejects, file
//! names and vessel counts under that input's id. It commits in one SQLite
//! transaction: report counts, renames into place (directories synced), status
//! `committed`. Readers only look at committed inputs. Opening a store for
//! ingest removes whatever an interrupted ingest left (files of uncommitted
//! inputs, `*.tmp`, their rows), so running it again completes it with nothing
//! lost and nothing doubled. The catalog itself is created under a temporary
//! name and renamed into place, so one that exists is complete.
//!
//! Static reports are Parquet too, like positions, rather than SQLite rows:
//! they come by the million a day, the tracking stage reads them per vessel
//! beside the positions, and one commit protocol then covers both.

mod catalog;
mod error;
pub mod events;
pub mod lists;
mod reader;
pub mod schema;
mod static_reader;
mod stats;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

pub use catalog::CATALOG_FILE;
pub use error::{Error, ErrorKind};
pub use reader::{
    PositionReader, TimeRange, TrackPoint, VesselPositions, MAX_INTERNED_SOURCES, READ_BATCH_ROWS,
};
pub use static_reader::{StaticReader, StaticReport, VesselStatics};
pub use stats::{InputInfo, ReasonCount, RejectRow, Stats, TimeSpan};
pub use writer::WriteOptions;

use crate::ingest::{self, hash_file, Compression, IngestOptions, InputSource, ReadSummary, Report};
use catalog::{Catalog, Committed, Lock};
use error::At;
use writer::{Writer, WriterSink, WrittenFile, WRITER_QUEUE};

/// The Parquet tables, as directories of the store.
pub const TABLES: [&str; 2] = ["positions", "static"];
const TMP_SUFFIX: &str = ".tmp";

/// `in-<input id>-<sequence>.parquet`.
fn data_file_name(input_id: i64, seq: u32) -> String {
    format!("in-{input_id:06}-{seq:04}.parquet")
}

/// The input id in a data file's name.
fn input_id_of(file_name: &str) -> Option<i64> {
    let rest = file_name.strip_prefix("in-")?;
    rest.split('-').next()?.parse().ok()
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(TMP_SUFFIX);
    PathBuf::from(name)
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What became of an input.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum IngestOutcome {
    /// The input was read and committed.
    Added(Box<Added>),
    /// An input with the same SHA-256 was already in the store; nothing was added.
    AlreadyPresent { input_id: i64, sha256: String },
}

/// A committed input.
#[derive(Debug, Clone)]
pub struct Added {
    pub input_id: i64,
    /// The path recorded (absolute, or `-` for stdin).
    pub path: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub compression: Compression,
    pub report: Report,
    /// Parquet files written.
    pub files: usize,
}

/// A store opened for ingest. Holds the store's lock while open.
pub struct Store {
    dir: PathBuf,
    catalog: Catalog,
    recovered: Vec<i64>,
    _lock: Lock,
}

impl Store {
    /// Opens the store in `dir` for ingest, creating it if needed, and cleans up
    /// after an interrupted ingest. Fails if another ingest holds it.
    pub fn open(dir: &Path) -> Result<Store, Error> {
        fs::create_dir_all(dir).at(dir)?;
        let lock = Lock::acquire(dir)?;
        let catalog = Catalog::open(dir)?;
        let mut store = Store { dir: dir.to_owned(), catalog, recovered: Vec::new(), _lock: lock };
        store.recover()?;
        Ok(store)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ids of inputs whose interrupted ingest was cleaned up when opening.
    pub fn recovered(&self) -> &[i64] {
        &self.recovered
    }

    fn recover(&mut self) -> Result<(), Error> {
        let stale = self.catalog.uncommitted_inputs()?;
        if stale.is_empty() {
            return Ok(());
        }
        // Files first, rows last: a crash in between leaves rows that make the
        // next open do this again.
        let committed = self.catalog.committed_inputs()?;
        remove_data_files(&self.dir, |id| !committed.contains(&id))?;
        for &id in &stale {
            self.catalog.delete_uncommitted(id)?;
        }
        self.recovered = stale;
        Ok(())
    }

    /// Reads `input` into the store, unless an input with the same SHA-256 is
    /// already there. `progress` gets the input bytes read so far.
    ///
    /// On error nothing of the input stays in the store.
    pub fn ingest(
        &mut self,
        input: &InputSource,
        options: &IngestOptions,
        write: &WriteOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<IngestOutcome, Error> {
        let name = input.name();
        let io_error =
            |source| Error::from(ingest::Error::new(ingest::ErrorKind::Io { source }).at_input(&name));
        let (recorded_path, hashed) = match input {
            InputSource::Path(path) => {
                let absolute =
                    fs::canonicalize(path).map_or_else(|_| name.clone(), |p| p.display().to_string());
                // Equal hashes mean equal sizes: hash ahead only when an input
                // of this size is in the store. The commit checks again anyway.
                let size_bytes = fs::metadata(path).map_err(io_error)?.len();
                let hashed = if self.catalog.has_committed_size(size_bytes)? {
                    Some(hash_file(path).map_err(io_error)?.0)
                } else {
                    None
                };
                (absolute, hashed)
            }
            InputSource::Stdin => (name.clone(), None),
        };
        if let Some(sha256) = hashed.map(|h| hex(&h)) {
            if let Some(input_id) = self.catalog.committed_with_sha256(&sha256)? {
                return Ok(IngestOutcome::AlreadyPresent { input_id, sha256 });
            }
        }
        let input_id = self.catalog.begin_input(&recorded_path)?;
        let result = self.ingest_as(input_id, input, recorded_path, hashed, options, write, progress);
        if result.is_err() {
            // Best effort: if this fails too, the next open cleans up.
            let _ = self.discard(input_id);
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn ingest_as(
        &mut self,
        input_id: i64,
        input: &InputSource,
        recorded_path: String,
        hashed: Option<[u8; 32]>,
        options: &IngestOptions,
        write: &WriteOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<IngestOutcome, Error> {
        let writer = Writer::new(&self.dir, input_id, write, self.catalog.writer_connection()?)?;
        let (tx, rx) = sync_channel(WRITER_QUEUE);
        let (read, written) = std::thread::scope(|scope| {
            let handle = std::thread::Builder::new()
                .name("plimsoll-write".to_owned())
                .spawn_scoped(scope, move || writer.run(rx))
                .at(&self.dir)?;
            let mut sink = WriterSink::new(tx);
            let read = ingest::read_input(input, options, &mut sink, progress);
            drop(sink);
            Ok::<_, Error>((read, handle.join()))
        })?;
        // A writer failure makes reading fail too (its sink closes): report the cause.
        let written = written.map_err(|_| Error::from(ErrorKind::WriterStopped))??;
        let summary: ReadSummary = read?;
        if let Some(before) = hashed.filter(|h| *h != summary.sha256) {
            let kind = ErrorKind::InputChanged {
                input: input.name(),
                before: hex(&before),
                after: hex(&summary.sha256),
            };
            return Err(kind.into());
        }
        for (table, produced, written) in [
            ("positions", summary.report.positions, written.positions),
            ("static", summary.report.static_reports, written.static_reports),
            ("rejects", summary.report.rejects_stored, written.rejects),
        ] {
            if produced != written {
                return Err(ErrorKind::RowCount { table, produced, written }.into());
            }
        }
        let sha256 = hex(&summary.sha256);
        let files = written.files;
        match self.catalog.commit_input(input_id, &sha256, &summary, || place_files(&files))? {
            Committed::Done => Ok(IngestOutcome::Added(Box::new(Added {
                input_id,
                path: recorded_path,
                sha256,
                size_bytes: summary.size_bytes,
                compression: summary.compression,
                report: summary.report,
                files: files.len(),
            }))),
            Committed::AlreadyPresent { input_id: existing } => {
                self.discard(input_id)?;
                Ok(IngestOutcome::AlreadyPresent { input_id: existing, sha256 })
            }
        }
    }

    /// The first `limit` rejected lines of a committed input, by line.
    pub fn rejects(&self, input_id: i64, limit: u64) -> Result<Vec<RejectRow>, Error> {
        self.catalog.rejects(Some(input_id), limit)
    }

    /// Removes an uncommitted input: its files, then its rows.
    fn discard(&self, input_id: i64) -> Result<(), Error> {
        remove_data_files(&self.dir, |id| id == input_id)?;
        self.catalog.delete_uncommitted(input_id)
    }
}

/// Moves written files to their final names and syncs the directories, so that
/// the renames are on disk before the commit that makes them count.
fn place_files(files: &[WrittenFile]) -> Result<(), Error> {
    let mut dirs: Vec<&Path> = Vec::new();
    for f in files {
        fs::rename(&f.tmp, &f.path).at(&f.path)?;
        if let Some(day_dir) = f.path.parent() {
            dirs.push(day_dir);
            // The table directory, which may have gained this day's directory.
            dirs.extend(day_dir.parent());
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        fs::File::open(dir).and_then(|d| d.sync_all()).at(dir)?;
    }
    Ok(())
}

/// Deletes the data files of inputs `remove` picks, and every `*.tmp` (only an
/// ingest holding the lock writes those), then day directories left empty.
fn remove_data_files(dir: &Path, remove: impl Fn(i64) -> bool) -> Result<(), Error> {
    for table in TABLES {
        let table_dir = dir.join(table);
        let days = match fs::read_dir(&table_dir) {
            Ok(days) => days,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(ErrorKind::Io { path: table_dir, source: e }.into()),
        };
        for day in days {
            let day_dir = day.at(&table_dir)?.path();
            if !day_dir.is_dir() {
                continue;
            }
            for file in fs::read_dir(&day_dir).at(&day_dir)? {
                let path = file.at(&day_dir)?.path();
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name.ends_with(TMP_SUFFIX) || input_id_of(&name).is_some_and(&remove) {
                    fs::remove_file(&path).at(&path)?;
                }
            }
            // Only succeeds when empty, which is all that is wanted.
            let _ = fs::remove_dir(&day_dir);
        }
    }
    Ok(())
}

/// What the store in `dir` holds (committed inputs only). Does not need the
/// ingest lock: it can run while an ingest writes.
pub fn stats(dir: &Path) -> Result<Stats, Error> {
    Catalog::open_read_only(dir)?.stats(dir)
}

/// The first `limit` rejected lines kept in detail, by input and line.
pub fn rejects(dir: &Path, limit: u64) -> Result<Vec<RejectRow>, Error> {
    Catalog::open_read_only(dir)?.rejects(None, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_input_id() {
        let name = data_file_name(42, 7);
        assert_eq!(name, "in-000042-0007.parquet");
        assert_eq!(input_id_of(&name), Some(42));
        assert_eq!(input_id_of(&data_file_name(12_345_678, 1)), Some(12_345_678));
        assert_eq!(input_id_of("part-0.parquet"), None);
        assert_eq!(tmp_path(Path::new("a/b.parquet")), PathBuf::from("a/b.parquet.tmp"));
    }

    #[test]
    fn second_ingest_on_a_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path()).unwrap();
        let second = Store::open(dir.path());
        assert!(matches!(second, Err(Error { kind: ErrorKind::Locked { .. } })), "{:?}", second.err());
        // stats reads while the ingest holds the store
        assert_eq!(stats(dir.path()).unwrap().inputs.len(), 0);
    }

    #[test]
    fn stats_of_a_directory_that_is_no_store() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(stats(dir.path()), Err(Error { kind: ErrorKind::NotAStore { .. } })));
    }
}

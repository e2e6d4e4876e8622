//! The SQLite catalog: inputs, their reports and rejects, the Parquet files
//! each input wrote, per-input vessel counts. All the store's SQL is here.
//!
//! An input row is inserted as `ingesting` before any of its files exist and
//! set to `committed` in the transaction that ends its ingest; readers look
//! only at committed inputs (the `committed_inputs` view).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use super::error::{At, Error, ErrorKind};
use super::stats::{InputInfo, ReasonCount, RejectRow, Stats, TimeSpan};
use crate::ingest::{format_time_ms, Outcome, ReadSummary, Reject};

/// The catalog's file name in the store directory.
pub const CATALOG_FILE: &str = "catalog.sqlite";
/// The lock held by the one ingest writing to a store.
const LOCK_FILE: &str = "ingest.lock";
const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    size_bytes INTEGER,
    sha256 TEXT,
    format TEXT,
    compression TEXT,
    status TEXT NOT NULL CHECK (status IN ('ingesting', 'committed')),
    started_at TEXT NOT NULL,
    ingested_at TEXT,
    lines_read INTEGER NOT NULL DEFAULT 0,
    positions INTEGER NOT NULL DEFAULT 0,
    static_reports INTEGER NOT NULL DEFAULT 0,
    static_repeats INTEGER NOT NULL DEFAULT 0,
    rejects_total INTEGER NOT NULL DEFAULT 0,
    rejects_stored INTEGER NOT NULL DEFAULT 0,
    time_min_ms INTEGER,
    time_max_ms INTEGER,
    read_error TEXT,
    note TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS inputs_committed_sha256 ON inputs(sha256) WHERE status = 'committed';
CREATE INDEX IF NOT EXISTS inputs_size ON inputs(size_bytes);
CREATE VIEW IF NOT EXISTS committed_inputs AS SELECT * FROM inputs WHERE status = 'committed';
CREATE TABLE IF NOT EXISTS input_outcomes (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    lines INTEGER NOT NULL,
    PRIMARY KEY (input_id, outcome)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS input_message_types (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    msg_type INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    PRIMARY KEY (input_id, msg_type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS input_reject_reasons (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    lines INTEGER NOT NULL,
    PRIMARY KEY (input_id, outcome, reason)
) WITHOUT ROWID;
-- A line has one outcome, so at most one reject.
CREATE TABLE IF NOT EXISTS rejects (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    byte_offset INTEGER,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (input_id, line)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS input_files (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL CHECK (tbl IN ('positions', 'static')),
    day TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    rows INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS input_files_by_input ON input_files(input_id);
CREATE TABLE IF NOT EXISTS input_vessels (
    input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    mmsi INTEGER NOT NULL,
    positions INTEGER NOT NULL,
    static_reports INTEGER NOT NULL,
    first_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    PRIMARY KEY (input_id, mmsi)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS input_vessels_by_mmsi ON input_vessels(mmsi);
";

/// SQLite stores signed 64-bit integers; counts beyond that are saturated.
fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(super) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A Parquet file written for an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileRecord {
    /// `positions` or `static`.
    pub(crate) table: &'static str,
    /// `YYYY-MM-DD`.
    pub(crate) day: String,
    /// Path relative to the store directory (its final name).
    pub(crate) path: String,
    pub(crate) rows: u64,
}

/// What one flush saw of one vessel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VesselCounts {
    pub(crate) positions: u64,
    pub(crate) static_reports: u64,
    pub(crate) first_ms: i64,
    pub(crate) last_ms: i64,
}

/// How a commit ended.
pub(crate) enum Committed {
    /// The input is in the store.
    Done,
    /// A committed input has the same SHA-256; nothing was changed.
    AlreadyPresent { input_id: i64 },
}

/// Holds the store for one ingest: an exclusive SQLite lock on a file of its
/// own, which the operating system releases if the process dies.
pub(crate) struct Lock {
    _conn: Connection,
}

impl Lock {
    pub(crate) fn acquire(dir: &Path) -> Result<Lock, Error> {
        let path = dir.join(LOCK_FILE);
        let conn = Connection::open(&path).at(&path)?;
        // Fail at once rather than wait for the other ingest to finish.
        conn.busy_timeout(Duration::ZERO).at(&path)?;
        let locked = conn
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE;
                 BEGIN EXCLUSIVE;
                 CREATE TABLE IF NOT EXISTS holder (pid INTEGER);
                 DELETE FROM holder;",
            )
            .and_then(|()| conn.execute("INSERT INTO holder (pid) VALUES (?1)", [std::process::id()]))
            .and_then(|_| conn.execute_batch("COMMIT"));
        match locked {
            Ok(()) => Ok(Lock { _conn: conn }),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                Err(ErrorKind::Locked { path: dir.to_owned() }.into())
            }
            Err(source) => Err(ErrorKind::Sqlite { path, source }.into()),
        }
    }
}

/// What a connection is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    /// Writes for an input not committed yet (see [`Catalog::writer_connection`]).
    WriteUncommitted,
}

/// A connection to a store's catalog.
pub(crate) struct Catalog {
    conn: Connection,
    path: PathBuf,
}

impl Catalog {
    /// Opens (creating if needed) the catalog of the store in `dir`.
    pub(crate) fn open(dir: &Path) -> Result<Catalog, Error> {
        let path = dir.join(CATALOG_FILE);
        if !path.exists() {
            create(dir, &path)?;
        }
        let conn = Connection::open(&path).at(&path)?;
        let catalog = Catalog { conn, path };
        catalog.configure(Access::Write)?;
        let p = &catalog.path;
        catalog.conn.execute_batch(SCHEMA).at(p)?;
        catalog.conn.execute_batch(super::events::SCHEMA).at(p)?;
        catalog.conn.execute_batch(super::lists::SCHEMA).at(p)?;
        let found: Option<String> = catalog
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
            .optional()
            .at(p)?;
        match found {
            None => {
                catalog
                    .conn
                    .execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?1)", [SCHEMA_VERSION])
                    .at(p)?;
            }
            Some(v) if v == SCHEMA_VERSION => {}
            Some(found) => {
                return Err(ErrorKind::SchemaVersion {
                    path: p.clone(),
                    found,
                    expected: SCHEMA_VERSION.to_owned(),
                }
                .into())
            }
        }
        Ok(catalog)
    }

    /// Opens the catalog of an existing store for reading and writing (the
    /// tables added since the store was created are created).
    pub(crate) fn open_existing(dir: &Path) -> Result<Catalog, Error> {
        if !dir.join(CATALOG_FILE).is_file() {
            return Err(ErrorKind::NotAStore { path: dir.to_owned() }.into());
        }
        Catalog::open(dir)
    }

    /// The connection and the catalog's path, for the store's other tables.
    pub(super) fn parts(&mut self) -> (&mut Connection, &Path) {
        (&mut self.conn, &self.path)
    }

    /// Opens the catalog of an existing store for reading.
    pub(crate) fn open_read_only(dir: &Path) -> Result<Catalog, Error> {
        let path = dir.join(CATALOG_FILE);
        if !path.is_file() {
            return Err(ErrorKind::NotAStore { path: dir.to_owned() }.into());
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(&path)?;
        let catalog = Catalog { conn, path };
        catalog.configure(Access::Read)?;
        Ok(catalog)
    }

    /// A second connection, for the Parquet writer thread. Its transactions
    /// need not be durable on their own: they belong to an input that is not
    /// committed yet, and the commit's sync makes them durable with it.
    pub(crate) fn writer_connection(&self) -> Result<Catalog, Error> {
        let conn = Connection::open(&self.path).at(&self.path)?;
        let catalog = Catalog { conn, path: self.path.clone() };
        catalog.configure(Access::WriteUncommitted)?;
        Ok(catalog)
    }

    fn configure(&self, access: Access) -> Result<(), Error> {
        let p = &self.path;
        self.conn.busy_timeout(Duration::from_secs(10)).at(p)?;
        // WAL lets `stats` read while an ingest writes; FULL makes a commit
        // durable before the ingest reports it.
        let pragmas = match access {
            Access::Read => "PRAGMA foreign_keys = ON;",
            Access::Write => {
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
            }
            Access::WriteUncommitted => {
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
            }
        };
        self.conn.execute_batch(pragmas).at(p)
    }

    /// Ids of inputs whose ingest never committed (it was killed).
    pub(crate) fn uncommitted_inputs(&self) -> Result<Vec<i64>, Error> {
        let mut stmt =
            self.conn.prepare("SELECT id FROM inputs WHERE status <> 'committed'").at(&self.path)?;
        let ids = stmt.query_map([], |r| r.get(0)).at(&self.path)?;
        ids.collect::<Result<_, _>>().at(&self.path)
    }

    pub(crate) fn committed_inputs(&self) -> Result<HashSet<i64>, Error> {
        let mut stmt = self.conn.prepare("SELECT id FROM committed_inputs").at(&self.path)?;
        let ids = stmt.query_map([], |r| r.get(0)).at(&self.path)?;
        ids.collect::<Result<_, _>>().at(&self.path)
    }

    /// The files of `table` written by committed inputs for the UTC days
    /// `first_day..=last_day` (`YYYY-MM-DD`, either bound open), by input and path:
    /// (input id, path relative to the store directory).
    pub(crate) fn committed_files(
        &self,
        table: &str,
        first_day: Option<&str>,
        last_day: Option<&str>,
    ) -> Result<Vec<(i64, String)>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT f.input_id, f.path FROM input_files f JOIN committed_inputs i ON i.id = f.input_id
                 WHERE f.tbl = ?1 AND (?2 IS NULL OR f.day >= ?2) AND (?3 IS NULL OR f.day <= ?3)
                 ORDER BY f.input_id, f.path",
            )
            .at(&self.path)?;
        let files = stmt
            .query_map(params![table, first_day, last_day], |r| Ok((r.get(0)?, r.get(1)?)))
            .at(&self.path)?;
        files.collect::<Result<_, _>>().at(&self.path)
    }

    /// Deletes an input that did not commit, with everything recorded for it.
    pub(crate) fn delete_uncommitted(&self, input_id: i64) -> Result<(), Error> {
        self.conn
            .execute("DELETE FROM inputs WHERE id = ?1 AND status <> 'committed'", [input_id])
            .at(&self.path)?;
        Ok(())
    }

    /// The committed input with this SHA-256 (hex), if there is one.
    pub(crate) fn committed_with_sha256(&self, sha256_hex: &str) -> Result<Option<i64>, Error> {
        committed_with_sha256(&self.conn, sha256_hex).at(&self.path)
    }

    /// Whether a committed input has this size.
    pub(crate) fn has_committed_size(&self, size_bytes: u64) -> Result<bool, Error> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM committed_inputs WHERE size_bytes = ?1)",
                [int(size_bytes)],
                |r| r.get(0),
            )
            .at(&self.path)
    }

    /// Records the start of an input's ingest; its id names its files.
    pub(crate) fn begin_input(&self, path: &str) -> Result<i64, Error> {
        self.conn
            .execute(
                "INSERT INTO inputs (path, status, started_at) VALUES (?1, 'ingesting', ?2)",
                params![path, now_text()],
            )
            .at(&self.path)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the files of a flush and its vessel counts (writer thread).
    pub(crate) fn record_flush(
        &mut self,
        input_id: i64,
        files: &[FileRecord],
        vessels: &BTreeMap<u32, VesselCounts>,
    ) -> Result<(), Error> {
        let p = self.path.clone();
        let tx = self.conn.transaction().at(&p)?;
        {
            let mut insert_file = tx
                .prepare(
                    "INSERT INTO input_files (input_id, tbl, day, path, rows) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .at(&p)?;
            for f in files {
                insert_file.execute(params![input_id, f.table, f.day, f.path, int(f.rows)]).at(&p)?;
            }
            let mut upsert = tx
                .prepare(
                    "INSERT INTO input_vessels (input_id, mmsi, positions, static_reports, first_ms, last_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (input_id, mmsi) DO UPDATE SET
                         positions = positions + excluded.positions,
                         static_reports = static_reports + excluded.static_reports,
                         first_ms = min(first_ms, excluded.first_ms),
                         last_ms = max(last_ms, excluded.last_ms)",
                )
                .at(&p)?;
            for (mmsi, v) in vessels {
                upsert
                    .execute(params![
                        input_id,
                        mmsi,
                        int(v.positions),
                        int(v.static_reports),
                        v.first_ms,
                        v.last_ms
                    ])
                    .at(&p)?;
            }
        }
        tx.commit().at(&p)
    }

    /// Records rejected lines of an input (writer thread, as they come).
    pub(crate) fn record_rejects(&mut self, input_id: i64, rejects: &[Reject]) -> Result<(), Error> {
        let p = self.path.clone();
        let tx = self.conn.transaction().at(&p)?;
        {
            let mut stmt = tx
                .prepare("INSERT INTO rejects (input_id, line, byte_offset, outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5)")
                .at(&p)?;
            for r in rejects {
                stmt.execute(params![
                    input_id,
                    int(r.line),
                    r.byte_offset.map(int),
                    r.outcome.name(),
                    r.reason
                ])
                .at(&p)?;
            }
        }
        tx.commit().at(&p)
    }

    /// Commits an input: its report, then `place_files` (which moves its files
    /// into place), then its status, in one transaction. If a committed input
    /// has the same SHA-256, changes nothing and says which.
    pub(crate) fn commit_input(
        &mut self,
        input_id: i64,
        sha256_hex: &str,
        summary: &ReadSummary,
        place_files: impl FnOnce() -> Result<(), Error>,
    ) -> Result<Committed, Error> {
        let p = self.path.clone();
        let tx = self.conn.transaction().at(&p)?;
        if let Some(existing) = committed_with_sha256(&tx, sha256_hex).at(&p)? {
            return Ok(Committed::AlreadyPresent { input_id: existing });
        }
        insert_report(&tx, input_id, summary).at(&p)?;
        place_files()?;
        let r = &summary.report;
        tx.execute(
            "UPDATE inputs SET status = 'committed', ingested_at = ?2, size_bytes = ?3, sha256 = ?4, format = ?5,
                 compression = ?6, lines_read = ?7, positions = ?8, static_reports = ?9, static_repeats = ?10,
                 rejects_total = ?11, rejects_stored = ?12, time_min_ms = ?13, time_max_ms = ?14,
                 read_error = ?15, note = ?16
             WHERE id = ?1",
            params![
                input_id,
                now_text(),
                int(summary.size_bytes),
                sha256_hex,
                r.format,
                summary.compression.name(),
                int(r.lines_read),
                int(r.positions),
                int(r.static_reports),
                int(r.static_repeats),
                int(r.rejects_total),
                int(r.rejects_stored),
                r.time_min_ms,
                r.time_max_ms,
                r.read_error,
                r.note,
            ],
        )
        .at(&p)?;
        tx.commit().at(&p)?;
        Ok(Committed::Done)
    }

    /// What the committed inputs hold.
    pub(crate) fn stats(&self, store: &Path) -> Result<Stats, Error> {
        let p = &self.path;
        let c = &self.conn;
        let mut outcomes: BTreeMap<String, u64> =
            Outcome::ALL.iter().map(|o| (o.name().to_owned(), 0)).collect();
        let mut stmt = c
            .prepare(
                "SELECT o.outcome, SUM(o.lines) FROM input_outcomes o JOIN committed_inputs i ON i.id = o.input_id
                 GROUP BY o.outcome",
            )
            .at(p)?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).at(p)? {
            let (outcome, lines) = row.at(p)?;
            *outcomes.entry(outcome).or_insert(0) += count(lines);
        }
        let mut stmt = c
            .prepare(
                "SELECT t.msg_type, SUM(t.messages) FROM input_message_types t JOIN committed_inputs i ON i.id = t.input_id
                 GROUP BY t.msg_type ORDER BY t.msg_type",
            )
            .at(p)?;
        let messages_by_type = stmt
            .query_map([], |r| Ok((r.get::<_, u8>(0)?, count(r.get(1)?))))
            .at(p)?
            .collect::<Result<BTreeMap<u8, u64>, _>>()
            .at(p)?;
        let mut stmt = c
            .prepare(
                "SELECT x.outcome, x.reason, SUM(x.lines) AS n FROM input_reject_reasons x
                 JOIN committed_inputs i ON i.id = x.input_id GROUP BY x.outcome, x.reason ORDER BY n DESC, x.reason",
            )
            .at(p)?;
        let rejects_by_reason = stmt
            .query_map([], |r| {
                Ok(ReasonCount { outcome: r.get(0)?, reason: r.get(1)?, lines: count(r.get(2)?) })
            })
            .at(p)?
            .collect::<Result<Vec<_>, _>>()
            .at(p)?;
        let vessels: i64 = c
            .query_row(
                "SELECT COUNT(DISTINCT v.mmsi) FROM input_vessels v JOIN committed_inputs i ON i.id = v.input_id",
                [],
                |r| r.get(0),
            )
            .at(p)?;
        let mut stmt = c
            .prepare(
                "SELECT id, path, size_bytes, sha256, format, compression, ingested_at, lines_read, positions,
                     static_reports, rejects_total, rejects_stored, time_min_ms, time_max_ms, read_error, note
                 FROM committed_inputs ORDER BY id",
            )
            .at(p)?;
        let inputs = stmt
            .query_map([], |r| {
                Ok(InputInfo {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    size_bytes: count(r.get(2)?),
                    sha256: r.get(3)?,
                    format: r.get(4)?,
                    compression: r.get(5)?,
                    ingested_at: r.get(6)?,
                    lines_read: count(r.get(7)?),
                    positions: count(r.get(8)?),
                    static_reports: count(r.get(9)?),
                    rejects: count(r.get(10)?),
                    rejects_stored: count(r.get(11)?),
                    time_min_ms: r.get(12)?,
                    time_max_ms: r.get(13)?,
                    read_error: r.get(14)?,
                    note: r.get(15)?,
                })
            })
            .at(p)?
            .collect::<Result<Vec<_>, _>>()
            .at(p)?;
        let start_ms = inputs.iter().filter_map(|i| i.time_min_ms).min();
        let end_ms = inputs.iter().filter_map(|i| i.time_max_ms).max();
        let time_span = match (start_ms, end_ms) {
            (Some(start_ms), Some(end_ms)) => Some(TimeSpan {
                start: format_time_ms(start_ms),
                end: format_time_ms(end_ms),
                start_ms,
                end_ms,
            }),
            _ => None,
        };
        Ok(Stats {
            store: store.display().to_string(),
            lines_read: inputs.iter().map(|i| i.lines_read).sum(),
            outcomes,
            messages_by_type,
            positions: inputs.iter().map(|i| i.positions).sum(),
            static_reports: inputs.iter().map(|i| i.static_reports).sum(),
            vessels: count(vessels),
            time_span,
            rejects_total: inputs.iter().map(|i| i.rejects).sum(),
            rejects_stored: inputs.iter().map(|i| i.rejects_stored).sum(),
            rejects_by_reason,
            inputs,
        })
    }

    /// The first `limit` rejected lines kept in detail, of one input or all,
    /// by input and line.
    pub(crate) fn rejects(&self, input_id: Option<i64>, limit: u64) -> Result<Vec<RejectRow>, Error> {
        let p = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.path, r.input_id, r.line, r.byte_offset, r.outcome, r.reason
                 FROM rejects r JOIN committed_inputs i ON i.id = r.input_id
                 WHERE ?1 IS NULL OR r.input_id = ?1
                 ORDER BY r.input_id, r.line LIMIT ?2",
            )
            .at(p)?;
        let rows = stmt
            .query_map(params![input_id, int(limit)], |r| {
                Ok(RejectRow {
                    path: r.get(0)?,
                    input_id: r.get(1)?,
                    line: count(r.get(2)?),
                    byte_offset: r.get::<_, Option<i64>>(3)?.map(count),
                    outcome: r.get(4)?,
                    reason: r.get(5)?,
                })
            })
            .at(p)?;
        rows.collect::<Result<Vec<_>, _>>().at(p)
    }
}

/// Creates a catalog with its tables under a temporary name and renames it into
/// place, so that a catalog that exists is always complete.
fn create(dir: &Path, path: &Path) -> Result<(), Error> {
    let new = dir.join(format!("{CATALOG_FILE}.new"));
    for stale in [new.clone(), dir.join(format!("{CATALOG_FILE}.new-journal"))] {
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(ErrorKind::Io { path: stale, source: e }.into())
            }
            _ => {}
        }
    }
    {
        let conn = Connection::open(&new).at(&new)?;
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA} INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
        ))
        .at(&new)?;
    }
    std::fs::rename(&new, path).at(path)?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

fn committed_with_sha256(conn: &Connection, sha256_hex: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM committed_inputs WHERE sha256 = ?1", [sha256_hex], |r| r.get(0)).optional()
}

fn insert_report(tx: &Transaction<'_>, input_id: i64, summary: &ReadSummary) -> rusqlite::Result<()> {
    let r = &summary.report;
    let mut stmt = tx.prepare("INSERT INTO input_outcomes (input_id, outcome, lines) VALUES (?1, ?2, ?3)")?;
    for (outcome, lines) in r.outcomes() {
        stmt.execute(params![input_id, outcome.name(), int(lines)])?;
    }
    let mut stmt =
        tx.prepare("INSERT INTO input_message_types (input_id, msg_type, messages) VALUES (?1, ?2, ?3)")?;
    for (msg_type, messages) in r.msg_types() {
        stmt.execute(params![input_id, msg_type, int(messages)])?;
    }
    let mut stmt = tx.prepare(
        "INSERT INTO input_reject_reasons (input_id, outcome, reason, lines) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (outcome, reason, lines) in r.reasons() {
        stmt.execute(params![input_id, outcome.name(), reason, int(lines)])?;
    }
    Ok(())
}

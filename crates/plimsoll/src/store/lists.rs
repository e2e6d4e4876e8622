//! Sanctions lists and screening results in the catalog.
//!
//! ```text
//! list_versions   one row per (list, publication date): its files, their SHA-256
//! list_entries    the entries of a version (the model's fields, the full entry as JSON)
//! screen_runs     one row per `plimsoll screen`: when, the versions and config used
//! screen_matches  the latest run's matches: vessel, entry, score, reasons (JSON)
//! vessel_risk     the latest run's risk per vessel, reasons (JSON)
//! event_risk      the latest run's risk per event: the detector's confidence and
//!                 the one with screening evidence, reasons (JSON)
//! ```
//!
//! A list is versioned by its own publication date: importing the same files
//! again changes nothing, importing other content under a date already there
//! is an error. Screening looks at the latest version of each list; a new run
//! replaces the previous run's matches and risks (the runs themselves stay).
//! Other commands read matches with [`matches_for`] and [`all_matches`].

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::catalog::Catalog;
use super::error::{At, Error, ErrorKind};
use crate::screen::matcher::{Listed, Match, Reason};
use crate::screen::risk::{Assessment, EventRisk, RiskReason, VesselRisk};
use crate::screen::{Entry, ListVersion};

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS list_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list TEXT NOT NULL,
    format TEXT NOT NULL,
    published TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    files TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    entries INTEGER NOT NULL,
    vessels INTEGER NOT NULL,
    problems INTEGER NOT NULL DEFAULT 0,
    UNIQUE (list, published)
);
CREATE TABLE IF NOT EXISTS list_entries (
    version_id INTEGER NOT NULL REFERENCES list_versions(id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    imo INTEGER,
    mmsi INTEGER,
    call_sign TEXT,
    flag TEXT,
    entry TEXT NOT NULL,
    PRIMARY KEY (version_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS list_entries_imo ON list_entries(imo) WHERE imo IS NOT NULL;
CREATE TABLE IF NOT EXISTS screen_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_at TEXT NOT NULL,
    versions TEXT NOT NULL,
    config TEXT NOT NULL,
    identities INTEGER NOT NULL,
    matches INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS screen_matches (
    run_id INTEGER NOT NULL REFERENCES screen_runs(id) ON DELETE CASCADE,
    mmsi INTEGER NOT NULL,
    version_id INTEGER NOT NULL,
    list TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    entry_name TEXT NOT NULL,
    entry_imo INTEGER,
    programs TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (mmsi, version_id, entry_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vessel_risk (
    run_id INTEGER NOT NULL REFERENCES screen_runs(id) ON DELETE CASCADE,
    mmsi INTEGER PRIMARY KEY,
    score REAL NOT NULL,
    reasons TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_risk (
    run_id INTEGER NOT NULL REFERENCES screen_runs(id) ON DELETE CASCADE,
    event_id TEXT PRIMARY KEY,
    detected_confidence REAL NOT NULL,
    confidence REAL NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL
);
";

fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn json_at<T>(path: &Path, result: Result<T, serde_json::Error>) -> Result<T, Error> {
    result.map_err(|source| ErrorKind::StoredJson { path: path.to_owned(), source }.into())
}

/// A stored list version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VersionInfo {
    pub id: i64,
    pub list: String,
    pub format: String,
    pub published: String,
    pub imported_at: String,
    pub files: Vec<String>,
    pub sha256: String,
    pub entries: u64,
    pub vessels: u64,
    /// Problems the import kept going past.
    pub problems: u64,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Added(VersionInfo),
    /// The same files were imported before as this version.
    AlreadyPresent(VersionInfo),
}

/// SHA-256 over the files' own SHA-256s, in order.
fn version_sha256(version: &ListVersion) -> Result<String, Error> {
    use sha2::{Digest, Sha256};
    let mut sha = Sha256::new();
    for path in &version.files {
        let (hash, _) = crate::ingest::hash_file(path).at(path)?;
        sha.update(hash);
    }
    Ok(sha.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Imports a list version into the store in `dir` (created if needed), in one
/// transaction.
pub fn import(dir: &Path, version: &ListVersion) -> Result<Imported, Error> {
    std::fs::create_dir_all(dir).at(dir)?;
    let mut catalog = Catalog::open(dir)?;
    let (conn, path) = catalog.parts();
    let sha256 = version_sha256(version)?;
    if let Some(existing) = version_by_date(conn, path, &version.list, &version.published)? {
        return if existing.sha256 == sha256 {
            Ok(Imported::AlreadyPresent(existing))
        } else {
            Err(ErrorKind::ListVersionConflict {
                list: version.list.clone(),
                published: version.published.clone(),
                sha256: existing.sha256,
            }
            .into())
        };
    }
    let files: Vec<String> = version.files.iter().map(|f| f.display().to_string()).collect();
    let vessels = version.entries.iter().filter(|e| e.kind() == crate::screen::EntryKind::Vessel).count();
    let tx = conn.transaction().at(path)?;
    tx.execute(
        "INSERT INTO list_versions (list, format, published, imported_at, files, sha256, entries, vessels, problems)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            version.list,
            version.format,
            version.published,
            now_text(),
            json_at(path, serde_json::to_string(&files))?,
            sha256,
            int(version.entries.len()),
            int(vessels),
            int(version.problems.len()),
        ],
    )
    .at(path)?;
    let version_id = tx.last_insert_rowid();
    {
        // Entry ids are unique within a list; a repeated one keeps its first entry
        // (OFAC and the UN never repeat one; a watchlist might).
        let mut insert = tx
            .prepare(
                "INSERT OR IGNORE INTO list_entries (version_id, entry_id, kind, name, imo, mmsi, call_sign, flag, entry)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .at(path)?;
        for e in &version.entries {
            insert
                .execute(params![
                    version_id,
                    e.id,
                    e.kind().as_str(),
                    e.name,
                    e.imo,
                    e.mmsi,
                    e.call_sign,
                    e.flag,
                    json_at(path, serde_json::to_string(e))?,
                ])
                .at(path)?;
        }
    }
    tx.commit().at(path)?;
    let added = version_by_id(conn, path, version_id)?;
    Ok(Imported::Added(added))
}

const VERSION_COLUMNS: &str =
    "id, list, format, published, imported_at, files, sha256, entries, vessels, problems";

fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(VersionInfo, String)> {
    let count = |i| r.get::<_, i64>(i).map(|n| u64::try_from(n).unwrap_or(0));
    Ok((
        VersionInfo {
            id: r.get(0)?,
            list: r.get(1)?,
            format: r.get(2)?,
            published: r.get(3)?,
            imported_at: r.get(4)?,
            files: Vec::new(),
            sha256: r.get(6)?,
            entries: count(7)?,
            vessels: count(8)?,
            problems: count(9)?,
        },
        r.get(5)?,
    ))
}

fn with_files(path: &Path, (mut info, files): (VersionInfo, String)) -> Result<VersionInfo, Error> {
    info.files = json_at(path, serde_json::from_str(&files))?;
    Ok(info)
}

fn version_by_date(
    conn: &Connection,
    path: &Path,
    list: &str,
    published: &str,
) -> Result<Option<VersionInfo>, Error> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE list = ?1 AND published = ?2");
    let row = conn.query_row(&sql, params![list, published], version_row).optional().at(path)?;
    row.map(|row| with_files(path, row)).transpose()
}

fn version_by_id(conn: &Connection, path: &Path, id: i64) -> Result<VersionInfo, Error> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = ?1");
    let row = conn.query_row(&sql, [id], version_row).at(path)?;
    with_files(path, row)
}

/// Opens an existing store's catalog for reading; `None` if it has no list
/// tables yet (a store from before screening, never opened for writing since).
fn open_lists(dir: &Path) -> Result<Option<Catalog>, Error> {
    let mut catalog = Catalog::open_read_only(dir)?;
    let (conn, path) = catalog.parts();
    let present: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'list_versions')", [], |r| {
            r.get(0)
        })
        .at(path)?;
    Ok(present.then_some(catalog))
}

/// Every stored version, by list and date.
pub fn versions(dir: &Path) -> Result<Vec<VersionInfo>, Error> {
    let Some(mut catalog) = open_lists(dir)? else { return Ok(Vec::new()) };
    let (conn, path) = catalog.parts();
    let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions ORDER BY list, published");
    let mut stmt = conn.prepare(&sql).at(path)?;
    let rows = stmt.query_map([], version_row).at(path)?.collect::<Result<Vec<_>, _>>().at(path)?;
    rows.into_iter().map(|row| with_files(path, row)).collect()
}

fn entries_of(conn: &Connection, path: &Path, version: &VersionInfo) -> Result<Vec<Entry>, Error> {
    let mut stmt =
        conn.prepare("SELECT entry FROM list_entries WHERE version_id = ?1 ORDER BY entry_id").at(path)?;
    let texts = stmt.query_map([version.id], |r| r.get::<_, String>(0)).at(path)?;
    let mut entries = Vec::new();
    for text in texts {
        entries.push(json_at(path, serde_json::from_str(&text.at(path)?))?);
    }
    Ok(entries)
}

/// The entries of the latest version of each list, for screening.
pub fn latest_entries(dir: &Path) -> Result<(Vec<VersionInfo>, Vec<Listed>), Error> {
    let all = versions(dir)?;
    let mut latest: BTreeMap<&str, &VersionInfo> = BTreeMap::new();
    for v in &all {
        latest.insert(&v.list, v);
    }
    let Some(mut catalog) = open_lists(dir)? else { return Ok((Vec::new(), Vec::new())) };
    let (conn, path) = catalog.parts();
    let mut listed = Vec::new();
    for v in latest.values() {
        for entry in entries_of(conn, path, v)? {
            listed.push(Listed { list: v.list.clone(), version_id: v.id, entry });
        }
    }
    Ok((latest.into_values().cloned().collect(), listed))
}

/// What changed between two versions of a list, by entry id.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub from: VersionInfo,
    pub to: VersionInfo,
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    /// (before, after) of entries whose content changed.
    pub changed: Vec<(Entry, Entry)>,
}

/// Compares two versions of `list`: `to` defaults to the latest, `from` to the
/// one before `to`.
pub fn diff(dir: &Path, list: &str, from: Option<&str>, to: Option<&str>) -> Result<Diff, Error> {
    let all: Vec<VersionInfo> = versions(dir)?.into_iter().filter(|v| v.list == list).collect();
    let missing = |published: Option<&str>| -> Error {
        ErrorKind::NoListVersion { list: list.to_owned(), published: published.map(str::to_owned) }.into()
    };
    let to_index = match to {
        Some(date) => all.iter().position(|v| v.published == date).ok_or_else(|| missing(Some(date)))?,
        None => all.len().checked_sub(1).ok_or_else(|| missing(None))?,
    };
    let from_index = match from {
        Some(date) => all.iter().position(|v| v.published == date).ok_or_else(|| missing(Some(date)))?,
        None => to_index.checked_sub(1).ok_or_else(|| missing(None))?,
    };
    let Some(mut catalog) = open_lists(dir)? else { return Err(missing(None)) };
    let (conn, path) = catalog.parts();
    let before: BTreeMap<String, Entry> =
        entries_of(conn, path, &all[from_index])?.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut after: BTreeMap<String, Entry> =
        entries_of(conn, path, &all[to_index])?.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut diff = Diff {
        from: all[from_index].clone(),
        to: all[to_index].clone(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for (id, old) in before {
        match after.remove(&id) {
            None => diff.removed.push(old),
            Some(new) if new != old => diff.changed.push((old, new)),
            Some(_) => {}
        }
    }
    diff.added = after.into_values().collect();
    Ok(diff)
}

/// What one screening run used.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenRun {
    pub versions: Vec<VersionInfo>,
    /// The configuration as JSON.
    pub config: serde_json::Value,
    /// Vessel identities screened.
    pub identities: usize,
}

/// Records a screening run, replacing the previous run's matches and risks.
pub fn record_screening(
    dir: &Path,
    run: &ScreenRun,
    matches: &[Match],
    assessment: &Assessment,
) -> Result<i64, Error> {
    let mut catalog = Catalog::open(dir)?;
    let (conn, path) = catalog.parts();
    let tx = conn.transaction().at(path)?;
    let versions: Vec<(i64, &str, &str)> =
        run.versions.iter().map(|v| (v.id, v.list.as_str(), v.published.as_str())).collect();
    tx.execute(
        "INSERT INTO screen_runs (run_at, versions, config, identities, matches) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            now_text(),
            json_at(path, serde_json::to_string(&versions))?,
            run.config.to_string(),
            int(run.identities),
            int(matches.len())
        ],
    )
    .at(path)?;
    let run_id = tx.last_insert_rowid();
    tx.execute_batch("DELETE FROM screen_matches; DELETE FROM vessel_risk; DELETE FROM event_risk;")
        .at(path)?;
    {
        let mut insert = tx
            .prepare(
                "INSERT OR REPLACE INTO screen_matches
                 (run_id, mmsi, version_id, list, entry_id, entry_name, entry_imo, programs, score, reasons)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .at(path)?;
        for m in matches {
            insert
                .execute(params![
                    run_id,
                    m.mmsi,
                    m.version_id,
                    m.list,
                    m.entry_id,
                    m.entry_name,
                    m.entry_imo,
                    json_at(path, serde_json::to_string(&m.programs))?,
                    m.score,
                    json_at(path, serde_json::to_string(&m.reasons))?,
                ])
                .at(path)?;
        }
        let mut insert = tx
            .prepare(
                "INSERT OR REPLACE INTO vessel_risk (run_id, mmsi, score, reasons) VALUES (?1, ?2, ?3, ?4)",
            )
            .at(path)?;
        for v in &assessment.vessels {
            insert
                .execute(params![run_id, v.mmsi, v.score, json_at(path, serde_json::to_string(&v.reasons))?])
                .at(path)?;
        }
        let mut insert = tx
            .prepare(
                "INSERT OR REPLACE INTO event_risk (run_id, event_id, detected_confidence, confidence, score, reasons)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .at(path)?;
        for e in &assessment.events {
            insert
                .execute(params![
                    run_id,
                    e.event_id,
                    e.detected_confidence,
                    e.confidence,
                    e.score,
                    json_at(path, serde_json::to_string(&e.reasons))?
                ])
                .at(path)?;
        }
    }
    tx.commit().at(path)?;
    Ok(run_id)
}

fn read_matches(dir: &Path, mmsi: Option<u32>) -> Result<Vec<Match>, Error> {
    let Some(mut catalog) = open_lists(dir)? else { return Ok(Vec::new()) };
    let (conn, path) = catalog.parts();
    let mut stmt = conn
        .prepare(
            "SELECT mmsi, version_id, list, entry_id, entry_name, entry_imo, programs, score, reasons
             FROM screen_matches WHERE ?1 IS NULL OR mmsi = ?1 ORDER BY mmsi, score DESC, entry_id",
        )
        .at(path)?;
    let rows = stmt
        .query_map([mmsi], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<u32>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, f64>(7)?,
                r.get::<_, String>(8)?,
            ))
        })
        .at(path)?;
    let mut matches = Vec::new();
    for row in rows {
        let (mmsi, version_id, list, entry_id, entry_name, entry_imo, programs, score, reasons) =
            row.at(path)?;
        let reasons: Vec<Reason> = json_at(path, serde_json::from_str(&reasons))?;
        let programs: Vec<String> = json_at(path, serde_json::from_str(&programs))?;
        matches.push(Match {
            mmsi,
            list,
            version_id,
            entry_id,
            entry_name,
            entry_imo,
            programs,
            score,
            reasons,
        });
    }
    Ok(matches)
}

/// Whether the store was ever screened (`plimsoll screen`): with no screening,
/// "no matches" means "not screened", not "clean".
pub fn screened(dir: &Path) -> Result<bool, Error> {
    let Some(mut catalog) = open_lists(dir)? else { return Ok(false) };
    let (conn, path) = catalog.parts();
    conn.query_row("SELECT EXISTS (SELECT 1 FROM screen_runs)", [], |r| r.get(0)).at(path)
}

/// The latest screening's matches of one vessel, best first.
pub fn matches_for(dir: &Path, mmsi: u32) -> Result<Vec<Match>, Error> {
    read_matches(dir, Some(mmsi))
}

/// The latest screening's matches of every vessel, by MMSI, best first.
pub fn all_matches(dir: &Path) -> Result<Vec<Match>, Error> {
    read_matches(dir, None)
}

/// The latest screening's risk of one vessel, if it had a reason.
pub fn vessel_risk(dir: &Path, mmsi: u32) -> Result<Option<VesselRisk>, Error> {
    let Some(mut catalog) = open_lists(dir)? else { return Ok(None) };
    let (conn, path) = catalog.parts();
    let row: Option<(f64, String)> = conn
        .query_row("SELECT score, reasons FROM vessel_risk WHERE mmsi = ?1", [mmsi], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .at(path)?;
    row.map(|(score, reasons)| {
        let reasons: Vec<RiskReason> = json_at(path, serde_json::from_str(&reasons))?;
        Ok(VesselRisk { mmsi, score, reasons })
    })
    .transpose()
}

/// The latest screening's risk of the events with these ids (those without a
/// reason have none), in the order given.
pub fn event_risks(dir: &Path, event_ids: &[&str]) -> Result<Vec<EventRisk>, Error> {
    let Some(mut catalog) = open_lists(dir)? else { return Ok(Vec::new()) };
    let (conn, path) = catalog.parts();
    let mut stmt = conn
        .prepare("SELECT detected_confidence, confidence, score, reasons FROM event_risk WHERE event_id = ?1")
        .at(path)?;
    let mut risks = Vec::new();
    for id in event_ids {
        let row: Option<(f64, f64, f64, String)> =
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional().at(path)?;
        if let Some((detected_confidence, confidence, score, reasons)) = row {
            let reasons: Vec<RiskReason> = json_at(path, serde_json::from_str(&reasons))?;
            risks.push(EventRisk {
                event_id: (*id).to_owned(),
                detected_confidence,
                confidence,
                score,
                reasons,
            });
        }
    }
    Ok(risks)
}

//! The audit trail: an append-only hash chain in the accounts database.
//!
//! Entry `n` stores `hash = SHA-256(canonical(n) || prev_hash)`, where
//! `canonical(n)` is the JSON array `[seq, time, user, action, event_id,
//! comment]` and `prev_hash` is entry `n-1`'s hash (64 zeros for the first).
//! Editing any field of an entry breaks its hash; removing or reordering
//! entries breaks the next entry's `prev_hash` link. The head (count and last
//! hash) is kept in `audit_head`, written in the same transaction, so cutting
//! entries off the end must also rewrite the head; an attacker who can do
//! that can rewrite the whole chain too, which only a copy of the head kept
//! elsewhere (`plimsoll audit verify` prints it) detects.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    event_id TEXT,
    comment TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL,
    hash TEXT NOT NULL
);
";

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// 1 for the first entry, one more for each.
    pub seq: i64,
    /// RFC 3339 UTC.
    pub time: String,
    pub user: String,
    /// `review.confirm`, `review.dismiss`, `review.escalate`, `user.add`, `token.create`, `token.revoke`.
    pub action: String,
    pub event_id: Option<String>,
    pub comment: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entries read.
    pub entries: u64,
    /// The last entry's hash (the genesis hash when empty): keep a copy to detect
    /// a rewritten chain.
    pub head_hash: String,
    /// The first problem, if any.
    pub first_bad: Option<BadEntry>,
}

impl Verification {
    /// Whether the chain is intact.
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// The first entry at which the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadEntry {
    /// The entry's `seq` (for a missing tail: one past the last entry read).
    pub seq: i64,
    pub problem: Problem,
}

/// How the chain breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The entry's content does not match its hash: it was edited.
    Edited,
    /// The entry does not follow the one before: entries were removed or reordered.
    Unlinked,
    /// The sequence numbers skip or repeat.
    Sequence,
    /// The head records more entries, or another last hash, than the chain has:
    /// entries were cut off the end.
    Truncated,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Problem::Edited => "edited (its content does not match its hash)",
            Problem::Unlinked => "entries before it removed or reordered (it does not follow the one before)",
            Problem::Sequence => "sequence broken (an entry removed or inserted)",
            Problem::Truncated => "entries cut off the end (the recorded head is further on)",
        })
    }
}

/// The hash of an entry with these fields.
fn entry_hash(e: &AuditEntry) -> String {
    let canonical = serde_json::json!([e.seq, e.time, e.user, e.action, e.event_id, e.comment]).to_string();
    let mut h = Sha256::new();
    h.update(canonical.as_bytes());
    h.update(e.prev_hash.as_bytes());
    hex(&h.finalize())
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// What to append; the chain fields are filled in by [`append`].
pub(crate) struct NewEntry<'a> {
    pub time: String,
    pub user: &'a str,
    pub action: &'a str,
    pub event_id: Option<&'a str>,
    pub comment: &'a str,
}

/// Appends an entry in `tx` (the caller commits it with the change it records).
pub(crate) fn append(tx: &Transaction<'_>, new: &NewEntry<'_>) -> rusqlite::Result<AuditEntry> {
    let head: Option<(i64, String)> = tx
        .query_row("SELECT entries, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (entries, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
    let mut entry = AuditEntry {
        seq: entries + 1,
        time: new.time.clone(),
        user: new.user.to_owned(),
        action: new.action.to_owned(),
        event_id: new.event_id.map(str::to_owned),
        comment: new.comment.to_owned(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    tx.execute(
        "INSERT INTO audit_log (seq, time, user, action, event_id, comment, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.seq,
            entry.time,
            entry.user,
            entry.action,
            entry.event_id,
            entry.comment,
            entry.prev_hash,
            entry.hash
        ],
    )?;
    tx.execute(
        "INSERT INTO audit_head (id, entries, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET entries = excluded.entries, hash = excluded.hash",
        params![entry.seq, entry.hash],
    )?;
    Ok(entry)
}

fn entry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        time: r.get(1)?,
        user: r.get(2)?,
        action: r.get(3)?,
        event_id: r.get(4)?,
        comment: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

const SELECT: &str = "SELECT seq, time, user, action, event_id, comment, prev_hash, hash FROM audit_log";

/// Entries in `seq` order, `limit` from `offset`.
pub(crate) fn entries(conn: &Connection, limit: u32, offset: u64) -> rusqlite::Result<Vec<AuditEntry>> {
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq LIMIT ?1 OFFSET ?2"))?;
    let rows = stmt.query_map(params![limit, offset], entry_of)?;
    rows.collect()
}

/// Recomputes the chain and reports the first bad entry. Reads the trail in
/// one pass, holding one entry at a time.
pub(crate) fn verify(conn: &Connection) -> rusqlite::Result<Verification> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1_i64;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut entries = 0_u64;
    let mut first_bad = None;
    while let Some(row) = rows.next()? {
        let entry = entry_of(row)?;
        let problem = if entry.seq != expected_seq {
            Some(Problem::Sequence)
        } else if entry.prev_hash != prev_hash {
            Some(Problem::Unlinked)
        } else if entry_hash(&entry) != entry.hash {
            Some(Problem::Edited)
        } else {
            None
        };
        if let Some(problem) = problem {
            first_bad = Some(BadEntry { seq: entry.seq, problem });
            break;
        }
        entries += 1;
        expected_seq += 1;
        prev_hash = entry.hash;
    }
    if first_bad.is_none() {
        let head: Option<(i64, String)> = conn
            .query_row("SELECT entries, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let (head_entries, head_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
        if i64::try_from(entries).ok() != Some(head_entries) || head_hash != prev_hash {
            first_bad = Some(BadEntry { seq: expected_seq, problem: Problem::Truncated });
        }
    }
    Ok(Verification { entries, head_hash: prev_hash, first_bad })
}

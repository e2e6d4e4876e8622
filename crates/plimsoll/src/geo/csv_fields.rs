//! Named columns of a CSV dataset, and fields read from them with their line numbers.

use std::str::FromStr;

use csv::StringRecord;

use super::error::ErrorKind;

/// The positions of the columns a loader needs, found by header name.
pub(super) struct Columns<const N: usize> {
    names: [&'static str; N],
    indexes: [usize; N],
}

impl<const N: usize> Columns<N> {
    pub(super) fn new(header: &StringRecord, names: [&'static str; N]) -> Result<Self, ErrorKind> {
        let mut indexes = [0; N];
        for (index, name) in indexes.iter_mut().zip(names) {
            *index = header
                .iter()
                .position(|h| h.trim() == name)
                .ok_or(ErrorKind::MissingColumn { column: name })?;
        }
        Ok(Columns { names, indexes })
    }

    /// The record's fields in the order the columns were named.
    pub(super) fn fields<'r>(&self, record: &'r StringRecord) -> Fields<'r, N> {
        Fields {
            names: self.names,
            // Every record has the header's length: csv rejects ragged rows.
            values: self.indexes.map(|index| record.get(index).unwrap_or("")),
            line: record.position().map_or(0, |position| position.line()),
        }
    }
}

pub(super) struct Fields<'r, const N: usize> {
    names: [&'static str; N],
    values: [&'r str; N],
    line: u64,
}

impl<'r, const N: usize> Fields<'r, N> {
    /// The line the record starts on (1-based, the header being line 1).
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    /// The field, trimmed; `None` when blank.
    pub(super) fn optional(&self, slot: usize) -> Option<&'r str> {
        Some(self.values[slot].trim()).filter(|value| !value.is_empty())
    }

    /// The field, trimmed; an error when blank.
    pub(super) fn required(&self, slot: usize) -> Result<&'r str, ErrorKind> {
        self.optional(slot).ok_or_else(|| self.bad(slot))
    }

    /// The field parsed, and accepted by `check`.
    pub(super) fn parse<T: FromStr>(&self, slot: usize, check: impl Fn(&T) -> bool) -> Result<T, ErrorKind> {
        self.required(slot)?.parse().ok().filter(check).ok_or_else(|| self.bad(slot))
    }

    fn bad(&self, slot: usize) -> ErrorKind {
        ErrorKind::BadField { line: self.line, column: self.names[slot], value: self.values[slot].to_owned() }
    }
}

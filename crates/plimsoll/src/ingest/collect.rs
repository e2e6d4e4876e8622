//! Collecting rows into batches for the sink, and the report beside them.

use std::fmt;

use super::error::SinkClosed;
use super::report::{Outcome, Reject, Report};
use super::rows::{PositionRow, Sink, StaticRow};

/// Rows per batch handed to the sink: large enough that the hand-over costs
/// nothing per row, small enough to keep the writer busy early.
pub(crate) const BATCH_ROWS: usize = 16_384;

/// The report being built and the rows on their way to the sink.
pub(crate) struct Collector<'s> {
    pub(crate) report: Report,
    positions: Vec<PositionRow>,
    statics: Vec<StaticRow>,
    rejects: Vec<Reject>,
    sources: Vec<String>,
    sink: &'s mut dyn Sink,
}

impl<'s> Collector<'s> {
    pub(crate) fn new(sink: &'s mut dyn Sink, report: Report) -> Self {
        Collector {
            report,
            positions: Vec::with_capacity(BATCH_ROWS),
            statics: Vec::new(),
            rejects: Vec::new(),
            sources: Vec::new(),
            sink,
        }
    }

    /// Queues a source name; it reaches the sink before the rows queued after it.
    pub(crate) fn source(&mut self, name: String) {
        self.sources.push(name);
    }

    pub(crate) fn position(&mut self, row: PositionRow) -> Result<(), SinkClosed> {
        self.report.positions += 1;
        self.report.saw_time(row.time_ms);
        self.positions.push(row);
        if self.positions.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    pub(crate) fn static_report(&mut self, row: StaticRow) -> Result<(), SinkClosed> {
        self.report.static_reports += 1;
        self.report.saw_time(row.time_ms);
        self.statics.push(row);
        if self.statics.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Counts a rejected line and, while under the report's bound, queues it
    /// in detail. `class` is the reason without values, `reason` the full text.
    pub(crate) fn reject(
        &mut self,
        line: u64,
        byte_offset: Option<u64>,
        outcome: Outcome,
        class: &str,
        reason: &dyn fmt::Display,
    ) -> Result<(), SinkClosed> {
        if self.report.reject(outcome, class) {
            self.rejects.push(Reject { line, byte_offset, outcome, reason: reason.to_string() });
            if self.rejects.len() >= BATCH_ROWS {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Hands everything queued to the sink: sources first.
    pub(crate) fn flush(&mut self) -> Result<(), SinkClosed> {
        if !self.sources.is_empty() {
            self.sink.sources(std::mem::take(&mut self.sources))?;
        }
        if !self.positions.is_empty() {
            let rows = std::mem::replace(&mut self.positions, Vec::with_capacity(BATCH_ROWS));
            self.sink.positions(rows)?;
        }
        if !self.statics.is_empty() {
            self.sink.statics(std::mem::take(&mut self.statics))?;
        }
        if !self.rejects.is_empty() {
            self.sink.rejects(std::mem::take(&mut self.rejects))?;
        }
        Ok(())
    }

    /// The finished report.
    pub(crate) fn into_report(self) -> Report {
        self.report
    }
}

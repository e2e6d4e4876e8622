//! `plimsoll eval`: detected events scored against ground truth.
//!
//! Both inputs are JSON-lines event files; blank lines are skipped and any other
//! line that is not an event stops the command with `FILE:LINE: what`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use plimsoll::eval::{evaluate, Evaluation, Score};
use plimsoll::event::Event;

#[derive(clap::Args)]
pub struct Args {
    /// The true events (e.g. the simulator's truth.jsonl).
    #[arg(long, value_name = "FILE")]
    truth: PathBuf,
    /// The detected events.
    #[arg(long, value_name = "FILE")]
    events: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let truth = read_events(&args.truth)?;
    let detected = read_events(&args.events)?;
    let evaluation = evaluate(&truth, &detected);
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&evaluation.to_json())?)?;
        return Ok(());
    }
    write_table(&mut out, &evaluation)?;
    Ok(())
}

/// The evaluation as a table: one row per kind and a total.
pub(crate) fn write_table(out: &mut impl Write, evaluation: &Evaluation) -> io::Result<()> {
    writeln!(
        out,
        "{:<16} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9} {:>19} {:>19}",
        "kind",
        "truth",
        "found",
        "TP",
        "FP",
        "FN",
        "precision",
        "recall",
        "F1",
        "start err med/max s",
        "end err med/max s"
    )?;
    for (kind, score) in &evaluation.kinds {
        write_row(out, kind.as_str(), score)?;
    }
    write_row(out, "total", &evaluation.total)?;
    Ok(())
}

fn write_row(out: &mut impl Write, name: &str, score: &Score) -> io::Result<()> {
    let ratio = |r: Option<f64>| r.map_or_else(|| "—".to_owned(), |r| format!("{r:.3}"));
    let (start, end) = match score.timing {
        Some(t) => (
            format!("{}/{}", seconds(t.start_median_ms), seconds(t.start_max_ms)),
            format!("{}/{}", seconds(t.end_median_ms), seconds(t.end_max_ms)),
        ),
        None => ("—".to_owned(), "—".to_owned()),
    };
    writeln!(
        out,
        "{:<16} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9} {:>19} {:>19}",
        name,
        score.truth,
        score.detected,
        score.true_positives,
        score.false_positives,
        score.false_negatives,
        ratio(score.precision()),
        ratio(score.recall()),
        ratio(score.f1()),
        start,
        end
    )
}

/// Milliseconds as seconds with one decimal, for the table.
fn seconds(ms: i64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

/// Reads a JSON-lines event file; a bad line is `FILE:LINE: what`.
pub(crate) fn read_events(path: &Path) -> anyhow::Result<Vec<Event>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut events = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line_no = u64::try_from(index).map_or(u64::MAX, |i| i + 1);
        let text = line.with_context(|| format!("{}:{line_no}", path.display()))?;
        if text.trim().is_empty() {
            continue;
        }
        match Event::from_json_line(&text, line_no) {
            Ok(event) => events.push(event),
            Err(e) => bail!("{}:{}: {}", path.display(), e.line, e.what),
        }
    }
    Ok(events)
}

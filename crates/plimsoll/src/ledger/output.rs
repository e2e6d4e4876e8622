//! The ledger written out: a readable table, CSV (one row per month) and JSON.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::book::{describe_entry, Ledger, Verdict};
use super::Estimate;
use crate::ingest::format_time_ms;

/// A number rounded to whole units with thousands separators (`1,367,628`).
pub fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in rounded.chars().enumerate() {
        if i > 0 && (rounded.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value.round() < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Low / central / high with thousands separators (`1,200 / 1,500 / 1,900`).
pub fn triple(e: Estimate) -> String {
    format!("{} / {} / {}", thousands(e.low), thousands(e.central), thousands(e.high))
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `Jan` … `Dec` for 1–12, `?` otherwise.
pub fn month_name(month: u32) -> &'static str {
    usize::try_from(month).ok().and_then(|m| MONTHS.get(m.wrapping_sub(1))).copied().unwrap_or("?")
}

/// The ledger as a table for people: the months, the deliveries with their
/// evidence, and the determination.
pub fn write_table(ledger: &Ledger, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "Ledger: {} — {} — {}", ledger.regime, ledger.product, ledger.year)?;
    writeln!(out, "Volumes in barrels, low / central / high.")?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<5} {:>11} {:>30} {:>10} {:>30} {:>30}",
        "month", "cap", "reported", "detected", "detected volume", "running total"
    )?;
    for row in &ledger.months {
        let cap = row
            .period
            .and_then(|i| ledger.periods.get(i))
            .map_or_else(|| "none".to_owned(), |p| thousands(p.period.limit_bbl));
        let detected = if row.unknown_volume_count > 0 {
            format!("{} ({}?)", row.detected_count, row.unknown_volume_count)
        } else {
            row.detected_count.to_string()
        };
        writeln!(
            out,
            "{:<5} {:>11} {:>30} {:>10} {:>30} {:>30}",
            month_name(row.month),
            cap,
            triple(row.reported_bbl),
            detected,
            triple(row.detected_bbl),
            row.running_bbl.map_or_else(|| "—".to_owned(), triple)
        )?;
    }
    if !ledger.reported.is_empty() {
        writeln!(out)?;
        writeln!(out, "Reported deliveries:")?;
        for r in &ledger.reported {
            writeln!(
                out,
                "  {} to {}  {:<24} {:>14}  = {} bbl  ({}; line {})",
                r.period_start,
                r.period_end,
                r.reporter,
                r.as_reported,
                triple(r.bbl),
                r.source,
                r.line
            )?;
        }
    }
    if !ledger.deliveries.is_empty() {
        writeln!(out)?;
        writeln!(out, "Detected deliveries:")?;
        for (i, d) in ledger.deliveries.iter().enumerate() {
            let volume = d.volume.as_ref().map_or_else(|| "volume unknown".to_owned(), |v| triple(v.bbl));
            writeln!(
                out,
                "  {:>3}. {}  {} {}  {} bbl",
                i + 1,
                format_time_ms(d.time_ms),
                d.mmsi,
                d.vessel_name.as_deref().unwrap_or(""),
                volume
            )?;
            writeln!(out, "       why: {}", d.reasons.join("; "))?;
            if let Some(v) = &d.volume {
                writeln!(out, "       how: {}", v.method)?;
            }
            writeln!(out, "       evidence: {}", d.evidence.join(", "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Determination: {}", ledger.determination)?;
    Ok(())
}

fn estimate_json(prefix: &str, e: Estimate) -> [(String, Value); 3] {
    [
        (format!("{prefix}_low"), json!(e.low)),
        (format!("{prefix}_central"), json!(e.central)),
        (format!("{prefix}_high"), json!(e.high)),
    ]
}

fn object(pairs: impl IntoIterator<Item = (String, Value)>) -> Value {
    Value::Object(pairs.into_iter().collect())
}

fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::NoCap => "no_cap",
        Verdict::NoEvidence => "no_evidence",
        Verdict::Exceeded { low: true, .. } => "exceeded_low",
        Verdict::Exceeded { central: true, .. } => "exceeded_central",
        Verdict::Exceeded { .. } => "exceeded_high",
        Verdict::NotExceeded => "not_exceeded",
    }
}

/// The ledger as one JSON object (times RFC 3339, volumes in `*_bbl_low` / `_central` / `_high`).
pub fn to_json(ledger: &Ledger) -> Value {
    let months: Vec<Value> = ledger
        .months
        .iter()
        .map(|m| {
            let mut pairs = vec![
                ("month".to_owned(), json!(m.month)),
                (
                    "cap_bbl".to_owned(),
                    json!(m.period.and_then(|i| ledger.periods.get(i)).map(|p| p.period.limit_bbl)),
                ),
                ("reported_count".to_owned(), json!(m.reported_count)),
                ("detected_count".to_owned(), json!(m.detected_count)),
                ("unknown_volume_count".to_owned(), json!(m.unknown_volume_count)),
                ("evidence".to_owned(), json!(m.evidence)),
            ];
            pairs.extend(estimate_json("reported_bbl", m.reported_bbl));
            pairs.extend(estimate_json("detected_bbl", m.detected_bbl));
            match m.running_bbl {
                Some(r) => pairs.extend(estimate_json("running_bbl", r)),
                None => pairs.push(("running_bbl_central".to_owned(), Value::Null)),
            }
            object(pairs)
        })
        .collect();
    let periods: Vec<Value> = ledger
        .periods
        .iter()
        .map(|a| {
            let crossings: Vec<Value> = a
                .crossings
                .iter()
                .map(|c| {
                    json!({
                        "bound": c.bound.as_str(),
                        "time": format_time_ms(c.time_ms),
                        "total_bbl": c.total_bbl,
                        "by": describe_entry(ledger, &c.entry),
                    })
                })
                .collect();
            let mut pairs = vec![
                ("start".to_owned(), json!(a.period.start.to_string())),
                ("end".to_owned(), json!(a.period.end.to_string())),
                ("limit_bbl".to_owned(), json!(a.period.limit_bbl)),
                ("regime_line".to_owned(), json!(a.period.line)),
                ("reported_count".to_owned(), json!(a.reported_count)),
                ("detected_count".to_owned(), json!(a.detected_count)),
                ("crossings".to_owned(), Value::Array(crossings)),
            ];
            pairs.extend(estimate_json("total_bbl", a.total_bbl()));
            pairs.extend(estimate_json("brought_forward_bbl", a.brought_forward_bbl));
            object(pairs)
        })
        .collect();
    let deliveries: Vec<Value> = ledger
        .deliveries
        .iter()
        .map(|d| {
            json!({
                "time": format_time_ms(d.time_ms),
                "mmsi": d.mmsi,
                "vessel_name": d.vessel_name,
                "evidence": d.evidence,
                "reasons": d.reasons,
                "volume": d.volume.as_ref().map(|v| v.to_json()),
            })
        })
        .collect();
    let reported: Vec<Value> = ledger
        .reported
        .iter()
        .map(|r| {
            let mut pairs = vec![
                ("period_start".to_owned(), json!(r.period_start.to_string())),
                ("period_end".to_owned(), json!(r.period_end.to_string())),
                ("reporter".to_owned(), json!(r.reporter)),
                ("as_reported".to_owned(), json!(r.as_reported)),
                ("source".to_owned(), json!(r.source)),
                ("line".to_owned(), json!(r.line)),
            ];
            pairs.extend(estimate_json("bbl", r.bbl));
            object(pairs)
        })
        .collect();
    json!({
        "regime": ledger.regime,
        "product": ledger.product,
        "year": ledger.year,
        "verdict": verdict_str(ledger.verdict),
        "determination": ledger.determination,
        "events_in_year": ledger.observed.count,
        "events_first": ledger.observed.first_ms.map(format_time_ms),
        "events_last": ledger.observed.last_ms.map(format_time_ms),
        "periods": periods,
        "months": months,
        "deliveries": deliveries,
        "reported": reported,
    })
}

/// The CSV header of [`write_csv`].
pub const CSV_HEADER: &str = "regime,product,year,month,cap_bbl,reported_count,reported_bbl_low,reported_bbl_central,\
reported_bbl_high,detected_count,unknown_volume_count,detected_bbl_low,detected_bbl_central,detected_bbl_high,\
running_bbl_low,running_bbl_central,running_bbl_high,evidence";

/// One CSV row per month, after [`CSV_HEADER`] when `header`.
pub fn write_csv(ledger: &Ledger, header: bool, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io_error = |e: csv::Error| io::Error::other(e.to_string());
    if header {
        w.write_record(CSV_HEADER.split(',')).map_err(io_error)?;
    }
    let num = |v: f64| format!("{v:.0}");
    for m in &ledger.months {
        let cap =
            m.period.and_then(|i| ledger.periods.get(i)).map_or(String::new(), |p| num(p.period.limit_bbl));
        let running =
            m.running_bbl.map_or([String::new(), String::new(), String::new()], |r| r.bounds().map(num));
        let mut record = vec![
            ledger.regime.clone(),
            ledger.product.clone(),
            ledger.year.to_string(),
            m.month.to_string(),
            cap,
            m.reported_count.to_string(),
        ];
        record.extend(m.reported_bbl.bounds().map(num));
        record.push(m.detected_count.to_string());
        record.push(m.unknown_volume_count.to_string());
        record.extend(m.detected_bbl.bounds().map(num));
        record.extend(running);
        record.push(m.evidence.join(";"));
        w.write_record(&record).map_err(io_error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1_367_628.4), "1,367,628");
        assert_eq!(thousands(500.0), "500");
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(-12_345.0), "-12,345");
    }
}

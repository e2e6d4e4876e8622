//! The cap ledger as one self-contained HTML file (`plimsoll report --ledger`):
//! per regime, the determination, a chart of the running total against the cap,
//! the months, the detected deliveries with their volumes and evidence, the
//! reported deliveries, then the inputs with their SHA-256 and the parameters.
//! Like the dossier it has inline CSS and SVG, no script and no network.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::html::{inputs_table, page_end, page_start, time};
use super::text::{escape, num};
use crate::ledger::output::{month_name, thousands, triple};
use crate::ledger::{Estimate, Ledger};
use crate::store::InputInfo;

/// Everything a ledger report shows.
#[derive(Debug, Clone)]
pub struct LedgerReport<'a> {
    /// One ledger per regime, same year, product and evidence.
    pub ledgers: &'a [Ledger],
    /// Every input of the store.
    pub inputs: &'a [InputInfo],
    /// Where the events came from (a file, or the store).
    pub events_source: String,
    /// The parameters used (regimes, volume model, ledger thresholds).
    pub parameters: Value,
    pub version: String,
    /// When it was made, UTC ms.
    pub generated_ms: i64,
}

impl LedgerReport<'_> {
    /// The report as one HTML document.
    pub fn to_html(&self) -> String {
        let (year, product) = self.ledgers.first().map_or((0, ""), |l| (l.year, l.product.as_str()));
        let title = format!("Cap ledger {year} — {}", product.replace('_', " "));
        let mut h = page_start(
            &title,
            &self.version,
            &format!("Plimsoll ledger · generated {} by Plimsoll {}", time(self.generated_ms), self.version),
        );
        if self.ledgers.len() > 1 {
            h.push_str("<h2>Under each regime</h2>\n<table><tr><th>regime</th><th>detected deliveries</th><th>determination</th></tr>\n");
            for l in self.ledgers {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    escape(&l.regime),
                    l.deliveries.len(),
                    escape(&l.determination)
                );
            }
            h.push_str("</table>\n");
        }
        for ledger in self.ledgers {
            ledger_section(&mut h, ledger);
        }
        let _ = writeln!(h, "<h2>Inputs ({})</h2>", self.inputs.len());
        inputs_table(&mut h, self.inputs, &BTreeMap::new());
        h.push_str("<h2>Reproduce</h2>\n");
        let _ = writeln!(
            h,
            "<p>Made by Plimsoll {} from the inputs above (same SHA-256), events from {}. Ingest the inputs, \
             run <code>plimsoll detect</code>, then <code>plimsoll report --ledger {year}</code> with the \
             parameters below.</p>",
            escape(&self.version),
            escape(&self.events_source)
        );
        let params =
            serde_json::to_string_pretty(&self.parameters).unwrap_or_else(|_| self.parameters.to_string());
        let _ = writeln!(h, "<pre>{}</pre>", escape(&params));
        page_end(&mut h);
        h
    }
}

fn ledger_section(h: &mut String, ledger: &Ledger) {
    let _ = writeln!(h, "<h2>{} — {}</h2>", escape(&ledger.regime), ledger.year);
    let _ = writeln!(h, "<p><strong>Determination.</strong> {}</p>", escape(&ledger.determination));
    h.push_str(&running_total_svg(ledger));
    h.push_str(
        "<p class=\"note\">Running total at each month's end: the band spans the low and high bounds, the \
         line is the central estimate; the red steps are the cap in force. Volumes in barrels.</p>\n",
    );
    h.push_str(
        "<table><tr><th>month</th><th>cap</th><th>reported (low / central / high)</th><th>detected</th>\
         <th>detected volume</th><th>running total</th><th>evidence</th></tr>\n",
    );
    for row in &ledger.months {
        let cap = row
            .period
            .and_then(|i| ledger.periods.get(i))
            .map_or_else(|| "none".to_owned(), |p| thousands(p.period.limit_bbl));
        let unknown = if row.unknown_volume_count > 0 {
            format!(" ({} of unknown volume)", row.unknown_volume_count)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
            month_name(row.month),
            cap,
            triple(row.reported_bbl),
            row.detected_count,
            escape(&unknown),
            triple(row.detected_bbl),
            row.running_bbl.map_or_else(|| "—".to_owned(), triple),
            escape(&row.evidence.join(" "))
        );
    }
    h.push_str("</table>\n");
    if !ledger.deliveries.is_empty() {
        let _ = writeln!(h, "<h3>Detected deliveries ({})</h3>", ledger.deliveries.len());
        h.push_str(
            "<table><tr><th>#</th><th>time</th><th>vessel</th><th>volume, bbl (low / central / high)</th>\
             <th>how estimated</th><th>why a delivery</th><th>evidence</th></tr>\n",
        );
        for (i, d) in ledger.deliveries.iter().enumerate() {
            let (volume, method) = d.volume.as_ref().map_or_else(
                || ("unknown".to_owned(), "no capacity or draught evidence".to_owned()),
                |v| (triple(v.bbl), v.method.clone()),
            );
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{} {}</td><td class=\"num\">{}</td><td>{}</td>\
                 <td>{}</td><td><code>{}</code></td></tr>",
                i + 1,
                time(d.time_ms),
                d.mmsi,
                escape(d.vessel_name.as_deref().unwrap_or("")),
                volume,
                escape(&method),
                escape(&d.reasons.join("; ")),
                escape(&d.evidence.join(" "))
            );
        }
        h.push_str("</table>\n");
    }
    if !ledger.reported.is_empty() {
        let _ = writeln!(h, "<h3>Reported deliveries ({})</h3>", ledger.reported.len());
        h.push_str(
            "<table><tr><th>period</th><th>reporter</th><th>as reported</th><th>bbl (low / central / high)</th>\
             <th>source</th><th>line</th></tr>\n",
        );
        for r in &ledger.reported {
            let _ = writeln!(
                h,
                "<tr><td>{} – {}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
                 <td class=\"num\">{}</td></tr>",
                r.period_start,
                r.period_end,
                escape(&r.reporter),
                escape(&r.as_reported),
                triple(r.bbl),
                escape(&r.source),
                r.line
            );
        }
        h.push_str("</table>\n");
    }
}

/// Chart size and margins, px.
const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 15.0;
const BOTTOM: f64 = 30.0;

/// The running total at each month's end (band low–high, central line) and
/// the cap in force (red steps), as inline SVG.
fn running_total_svg(ledger: &Ledger) -> String {
    let caps: Vec<Option<f64>> = ledger
        .months
        .iter()
        .map(|m| m.period.and_then(|i| ledger.periods.get(i)).map(|p| p.period.limit_bbl))
        .collect();
    let top_bbl = ledger
        .months
        .iter()
        .filter_map(|m| m.running_bbl.map(|r| r.high))
        .chain(caps.iter().flatten().copied())
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let months = ledger.months.len().max(1) as f64;
    let step = (WIDTH - LEFT - RIGHT) / months;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |bbl: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - bbl / top_bbl);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" role=\"img\" aria-label=\"running total against the cap, {}\">\n\
         <rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n",
        escape(&ledger.regime),
        WIDTH - LEFT - RIGHT,
        HEIGHT - TOP - BOTTOM
    );
    for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let bbl = top_bbl / 1.1 * fraction;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>\
             <line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"#e4e4e4\"/>",
            LEFT - 6.0,
            num(y(bbl) + 4.0, 1),
            thousands(bbl),
            WIDTH - RIGHT,
            y1 = num(y(bbl), 1)
        );
    }
    for (i, m) in ledger.months.iter().enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            num(x(i), 1),
            HEIGHT - 10.0,
            month_name(m.month)
        );
    }
    let points: Vec<(usize, Estimate)> =
        ledger.months.iter().enumerate().filter_map(|(i, m)| m.running_bbl.map(|r| (i, r))).collect();
    if !points.is_empty() {
        let upper = points.iter().map(|&(i, r)| format!("{},{}", num(x(i), 1), num(y(r.high), 1)));
        let lower = points.iter().rev().map(|&(i, r)| format!("{},{}", num(x(i), 1), num(y(r.low), 1)));
        let band: Vec<String> = upper.chain(lower).collect();
        let _ = writeln!(s, "<polygon points=\"{}\" fill=\"#9ecae1\" fill-opacity=\"0.6\"/>", band.join(" "));
        let central: Vec<String> =
            points.iter().map(|&(i, r)| format!("{},{}", num(x(i), 1), num(y(r.central), 1))).collect();
        let _ = writeln!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>",
            central.join(" ")
        );
    }
    for (i, cap) in caps.iter().enumerate() {
        if let Some(cap) = cap {
            let _ = writeln!(
                s,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"#cb181d\" stroke-width=\"2\"/>",
                num(x(i) - step / 2.0, 1),
                num(x(i) + step / 2.0, 1),
                y1 = num(y(*cap), 1)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

//! A dossier as one HTML file: inline CSS and SVG, no script, no network, so it opens
//! offline and prints as it shows. Every string from data goes through
//! [`escape`](super::text::escape): ship names and station names are untrusted input.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::dossier::{Dossier, RecordKind, Subject};
use super::raw::InputStatus;
use super::svg::{map_svg, timeline_svg, MapMarker, MapSpec, MapTrack, TimelineSeries, TimelineSpec};
use super::text::{escape, num};
use crate::event::Event;
use crate::geo::Land;
use crate::ingest::format_time_ms;
use crate::store::InputInfo;
use crate::track::identity::Interval;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#1b1b1b}\
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ccc;margin-top:2em;font-size:1.2em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:3px 6px;\
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}\
code,.raw{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}\
.note{color:#555}.warn{color:#a50f15;font-weight:bold}.absent{background:#fff6d6;padding:.6em;\
border-left:4px solid #e6b800}svg{max-width:100%;height:auto}pre{white-space:pre-wrap;background:#f7f7f7;\
padding:.6em;font-size:12px}@media print{h2{break-after:avoid}table{break-inside:auto}}";

/// A time as `2018-02-14 03:00:00Z`.
pub(super) fn time(ms: i64) -> String {
    format_time_ms(ms).replace('T', " ").replace(".000Z", "Z")
}

fn duration(ms: i64) -> String {
    let minutes = ms / 60_000;
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

fn vessels_text(e: &Event) -> String {
    e.vessels.iter().map(u32::to_string).collect::<Vec<_>>().join(" + ")
}

fn position_text(lat: f64, lon: f64) -> String {
    if lat.is_finite() && lon.is_finite() {
        format!("{:.4}, {:.4}", lat, lon)
    } else {
        "no position".to_owned()
    }
}

/// A JSON value as readable text (strings without quotes).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Dossier {
    /// The dossier as one self-contained HTML document.
    pub fn to_html(&self, land: &Land) -> String {
        let mut h = page_start(
            &self.title(),
            &self.version,
            &format!(
                "Plimsoll dossier · {} – {} · generated {} by Plimsoll {}",
                time(self.from_ms),
                time(self.to_ms),
                time(self.generated_ms),
                self.version
            ),
        );
        self.summary(&mut h);
        h.push_str("<h2>Map</h2>\n");
        h.push_str(&map_svg(&self.map_spec(), land));
        h.push_str(
            "<p class=\"note\">Tracks coloured by time (dark early, yellow late), labelled with the MMSI at \
             their last point; the dashed box is the area the vessels covered during the event.</p>\n",
        );
        h.push_str("<h2>Timeline</h2>\n");
        h.push_str(&timeline_svg(&self.timeline_spec()));
        let _ = writeln!(
            h,
            "<p class=\"note\">Speed over ground and reported draught per vessel; bars mark reception gaps of \
             at least {}; the shaded span is the event.</p>",
            duration(self.config.timeline_gap_ms_min)
        );
        self.events_table(&mut h);
        self.identities(&mut h);
        self.sanctions_section(&mut h);
        self.volume_section(&mut h);
        self.raw_sentences(&mut h);
        self.inputs_table(&mut h);
        self.reproduce(&mut h);
        page_end(&mut h);
        h
    }

    fn summary(&self, h: &mut String) {
        h.push_str("<h2>Finding</h2>\n");
        let Some(e) = &self.focus else {
            let Subject::Vessel(q) = &self.subject else { return };
            let mmsis: Vec<String> = self.vessels.iter().map(|v| v.mmsi.to_string()).collect();
            let _ = writeln!(
                h,
                "<p>{} — MMSI {}; {} events in the period.</p>",
                escape(&q.to_string()),
                escape(&mmsis.join(", ")),
                self.events.len()
            );
            return;
        };
        let _ = writeln!(
            h,
            "<table><tr><th>event</th><td><code>{}</code></td></tr><tr><th>kind</th><td>{}</td></tr>\
             <tr><th>vessels</th><td>{}</td></tr><tr><th>start – end</th><td>{} – {} ({})</td></tr>\
             <tr><th>position</th><td>{}</td></tr><tr><th>confidence</th><td>{}</td></tr></table>",
            escape(&e.id),
            escape(e.kind.as_str()),
            escape(&vessels_text(e)),
            time(e.start_ms),
            time(e.end_ms),
            duration(e.end_ms - e.start_ms),
            position_text(e.lat_deg, e.lon_deg),
            num(e.confidence, 2)
        );
        if let Some(reasons) = e.details.get("reasons").and_then(Value::as_array) {
            h.push_str("<p>Reasons behind the confidence:</p><ul>");
            for r in reasons {
                let text = r.get("reason").map(value_text).unwrap_or_else(|| value_text(r));
                let weight = r.get("weight").and_then(Value::as_f64);
                let _ = write!(h, "<li>{}", escape(&text));
                if let Some(w) = weight {
                    let _ = write!(h, " ({w:+.2})");
                }
                h.push_str("</li>");
            }
            h.push_str("</ul>\n");
        }
        h.push_str("<table><tr><th>detail</th><th>value</th></tr>");
        for (k, v) in e.details.iter().filter(|(k, _)| k.as_str() != "reasons") {
            let _ =
                write!(h, "<tr><td>{}</td><td><code>{}</code></td></tr>", escape(k), escape(&value_text(v)));
        }
        h.push_str("</table>\n");
    }

    fn map_spec(&self) -> MapSpec {
        let mut spec = MapSpec::default();
        for v in &self.vessels {
            for s in &v.segments {
                let points = s
                    .points
                    .iter()
                    .filter(|p| (self.from_ms..=self.to_ms).contains(&p.point.time_ms))
                    .map(|p| (p.point.time_ms, p.point.lat_deg, p.point.lon_deg))
                    .collect::<Vec<_>>();
                if !points.is_empty() {
                    spec.tracks.push(MapTrack { label: v.mmsi.to_string(), points });
                }
            }
        }
        let events: Vec<&Event> = match &self.focus {
            Some(e) => vec![e],
            None => self.events.iter().collect(),
        };
        for e in events {
            spec.markers.push(MapMarker {
                lat_deg: e.lat_deg,
                lon_deg: e.lon_deg,
                label: e.kind.as_str().replace('_', " "),
            });
        }
        if let Some(e) = &self.focus {
            let during: Vec<(f64, f64)> = self
                .vessels
                .iter()
                .filter(|v| e.vessels.contains(&v.mmsi))
                .flat_map(|v| v.segments.iter().flat_map(|s| s.points.iter()))
                .filter(|p| (e.start_ms..=e.end_ms).contains(&p.point.time_ms))
                .map(|p| (p.point.lat_deg, p.point.lon_deg))
                .collect();
            if let Some(&(lat0, lon0)) = during.first() {
                // Longitudes relative to the first, so a box across 180° stays small.
                let rel = |lon: f64| (lon - lon0 + 180.0).rem_euclid(360.0) - 180.0;
                let (mut s, mut n, mut w, mut east) = (lat0, lat0, 0.0f64, 0.0f64);
                for &(lat, lon) in &during {
                    (s, n) = (s.min(lat), n.max(lat));
                    (w, east) = (w.min(rel(lon)), east.max(rel(lon)));
                }
                spec.areas.push([lon0 + w, s, lon0 + east, n]);
            }
        }
        spec
    }

    fn timeline_spec(&self) -> TimelineSpec {
        let gap_min = self.config.timeline_gap_ms_min;
        let series = self
            .vessels
            .iter()
            .map(|v| {
                let mut points: Vec<(i64, Option<f64>)> = v
                    .segments
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| (p.point.time_ms, p.point.sog_knots)))
                    .collect();
                points.sort_by_key(|p| p.0);
                let mut gaps: Vec<(i64, i64)> = points
                    .windows(2)
                    .filter(|w| w[1].0 - w[0].0 >= gap_min)
                    .map(|w| (w[0].0, w[1].0))
                    .collect();
                // Silence at the window's edges is a gap too.
                if let (Some(first), Some(last)) = (points.first(), points.last()) {
                    if first.0 - self.from_ms >= gap_min {
                        gaps.insert(0, (self.from_ms, first.0));
                    }
                    if self.to_ms - last.0 >= gap_min {
                        gaps.push((last.0, self.to_ms));
                    }
                }
                TimelineSeries {
                    label: v.mmsi.to_string(),
                    speed: points.iter().filter_map(|&(t, s)| Some((t, s?))).collect(),
                    draught: v.history.as_ref().map(|h| h.draughts.clone()).unwrap_or_default(),
                    gaps,
                }
            })
            .collect();
        let highlights =
            self.focus.iter().map(|e| (e.start_ms, e.end_ms, e.kind.as_str().replace('_', " "))).collect();
        TimelineSpec { from_ms: self.from_ms, to_ms: self.to_ms, series, highlights }
    }

    fn events_table(&self, h: &mut String) {
        let _ = writeln!(h, "<h2>Events involving these vessels ({})</h2>", self.events.len());
        let _ = writeln!(h, "<p class=\"note\">Events from {}.</p>", escape(&self.events_source));
        if self.events.is_empty() {
            h.push_str("<p>None in the period.</p>\n");
            return;
        }
        h.push_str(
            "<table><tr><th>start</th><th>end</th><th>kind</th><th>vessels</th><th>position</th>\
             <th>confidence</th><th>id</th></tr>\n",
        );
        for e in &self.events {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td><code>{}</code></td></tr>",
                time(e.start_ms),
                time(e.end_ms),
                escape(e.kind.as_str()),
                escape(&vessels_text(e)),
                position_text(e.lat_deg, e.lon_deg),
                num(e.confidence, 2),
                escape(&e.id)
            );
        }
        h.push_str("</table>\n");
    }

    fn identities(&self, h: &mut String) {
        h.push_str("<h2>Identities over time</h2>\n");
        fn rows<T>(h: &mut String, field: &str, runs: &[Interval<T>], show: impl Fn(&T) -> String) {
            for r in runs {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    field,
                    escape(&show(&r.value)),
                    if r.one_off { " <span class=\"note\">(one-off, likely garbled)</span>" } else { "" },
                    time(r.first_ms),
                    time(r.last_ms),
                    r.report_count
                );
            }
        }
        for v in &self.vessels {
            let _ = writeln!(
                h,
                "<h3>MMSI {}</h3><p class=\"note\">{} positions, {} static reports in the period.</p>",
                v.mmsi, v.positions, v.static_reports
            );
            let Some(hist) = &v.history else {
                h.push_str("<p>No static reports in the period: identity unknown.</p>\n");
                continue;
            };
            if let Some(flag) = &hist.flag {
                let _ = writeln!(
                    h,
                    "<p>Flag by MID {}: {} ({})</p>",
                    flag.mid,
                    escape(&flag.name),
                    escape(&flag.iso_alpha2)
                );
            }
            h.push_str(
                "<table><tr><th>field</th><th>value</th><th>first seen</th><th>last seen</th><th>reports</th></tr>\n",
            );
            rows(h, "name", &hist.names, |v| v.clone());
            rows(h, "call sign", &hist.callsigns, |v| v.clone());
            rows(h, "IMO", &hist.imos, |v| v.to_string());
            rows(h, "ship type", &hist.ship_types, |v| v.to_string());
            rows(h, "size", &hist.sizes, |s| format!("{} × {} m", s.length_m, s.beam_m));
            h.push_str("</table>\n");
        }
    }

    fn sanctions_section(&self, h: &mut String) {
        h.push_str("<h2>Sanctions matches</h2>\n");
        match &self.sanctions {
            None => h.push_str(
                "<p class=\"absent\">Not screened: no sanctions list was consulted for this dossier.</p>\n",
            ),
            Some(m) if m.is_empty() => h.push_str("<p>Screened: no vessel matched a sanctions list.</p>\n"),
            Some(matches) => {
                h.push_str(
                    "<table><tr><th>MMSI</th><th>list</th><th>entry</th><th>score</th><th>reasons</th></tr>\n",
                );
                for m in matches {
                    let reasons: String =
                        m.reasons.iter().map(|r| format!("<li>{}</li>", escape(r))).collect::<String>();
                    let _ = writeln!(
                        h,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><ul>{}</ul></td></tr>",
                        m.mmsi.map(|m| m.to_string()).unwrap_or_default(),
                        escape(&m.list),
                        escape(&m.entry),
                        num(m.score, 2),
                        reasons
                    );
                }
                h.push_str("</table>\n");
            }
        }
    }

    fn volume_section(&self, h: &mut String) {
        h.push_str("<h2>Estimated volume</h2>\n");
        match &self.volume {
            None => {
                h.push_str("<p class=\"absent\">No estimate: no volume was estimated for this dossier.</p>\n")
            }
            Some(v) => {
                let _ = writeln!(
                    h,
                    "<table><tr><th>low</th><th>central</th><th>high</th><th>method</th></tr>\
                     <tr><td class=\"num\">{} bbl</td><td class=\"num\">{} bbl</td><td class=\"num\">{} bbl</td>\
                     <td>{}</td></tr></table>",
                    num(v.volume_bbl_low, 0),
                    num(v.volume_bbl_central, 0),
                    num(v.volume_bbl_high, 0),
                    escape(&v.method)
                );
            }
        }
    }

    fn raw_sentences(&self, h: &mut String) {
        let _ = writeln!(h, "<h2>Raw sentences ({} records cited)</h2>", self.supporting.len());
        h.push_str(
            "<p class=\"note\">Each record as stored and the line of the input it was decoded from (for a \
             multi-part message, its first fragment), read back from the input file and shown only if the file's \
             SHA-256 still matches the one recorded at ingest.</p>\n",
        );
        let by_input: BTreeMap<i64, &super::raw::InputLines> =
            self.cited_inputs.iter().map(|i| (i.input.id, i)).collect();
        for input in &self.cited_inputs {
            if !input.status.is_verified() {
                let _ = writeln!(
                    h,
                    "<p class=\"warn\">Input {} ({}): {} — its lines are not shown.</p>",
                    input.input.id,
                    escape(&input.input.path),
                    escape(&status_text(&input.status))
                );
            }
        }
        if self.supporting.is_empty() {
            h.push_str("<p>No stored record in the period.</p>\n");
            return;
        }
        h.push_str(
            "<table><tr><th>time</th><th>MMSI</th><th>record</th><th>input:line</th><th>raw sentence</th></tr>\n",
        );
        for s in &self.supporting {
            let input = by_input.get(&s.input_id);
            let path = input.map(|i| i.input.path.as_str()).unwrap_or("?");
            let raw = match input {
                Some(i) if i.status.is_verified() => {
                    i.lines.get(&s.line).map(String::as_str).unwrap_or("(line not found in the input)")
                }
                _ => "(input not verified)",
            };
            let kind = match s.kind {
                RecordKind::Position => "position",
                RecordKind::StaticReport => "static report",
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}: {}</td><td><code>{}:{}</code></td><td class=\"raw\">{}</td></tr>",
                time(s.time_ms),
                s.mmsi,
                kind,
                escape(&s.decoded),
                escape(path),
                s.line,
                escape(raw)
            );
        }
        h.push_str("</table>\n");
    }

    fn inputs_table(&self, h: &mut String) {
        let _ = writeln!(h, "<h2>Inputs ({})</h2>", self.inputs.len());
        let checked: BTreeMap<i64, &InputStatus> =
            self.cited_inputs.iter().map(|i| (i.input.id, &i.status)).collect();
        inputs_table(h, &self.inputs, &checked);
    }

    fn reproduce(&self, h: &mut String) {
        h.push_str("<h2>Reproduce</h2>\n");
        let _ = writeln!(
            h,
            "<p>Made by Plimsoll {} from the inputs above (same SHA-256), events from {}. Ingest the inputs into a \
             store, run <code>plimsoll detect</code> with the detection parameters below, and \
             <code>plimsoll report</code> with the dossier parameters.</p>",
            escape(&self.version),
            escape(&self.events_source)
        );
        let params =
            serde_json::to_string_pretty(&self.parameters).unwrap_or_else(|_| self.parameters.to_string());
        let _ = writeln!(h, "<pre>{}</pre>", escape(&params));
    }
}

/// The opening of a report page: doctype, title, style, heading and the note
/// under it (`subtitle`, escaped here).
pub(super) fn page_start(title: &str, version: &str, subtitle: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"generator\" content=\"Plimsoll {v}\"><title>{t}</title><style>{STYLE}</style></head><body>\n\
         <h1>{t}</h1><p class=\"note\">{sub}</p>\n",
        t = escape(title),
        v = escape(version),
        sub = escape(subtitle)
    )
}

/// The close of a report page.
pub(super) fn page_end(h: &mut String) {
    h.push_str("</body></html>\n");
}

/// Every input with its SHA-256 at ingest and, where `checked` has it, what
/// reading it back found.
pub(super) fn inputs_table(h: &mut String, inputs: &[InputInfo], checked: &BTreeMap<i64, &InputStatus>) {
    h.push_str(
        "<table><tr><th>id</th><th>path</th><th>bytes</th><th>SHA-256 at ingest</th><th>checked now</th></tr>\n",
    );
    for i in inputs {
        let status =
            checked.get(&i.id).map_or_else(|| "not cited, not re-read".to_owned(), |s| status_text(s));
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td><code>{}</code></td><td>{}</td></tr>",
            i.id,
            escape(&i.path),
            i.size_bytes,
            escape(i.sha256.as_deref().unwrap_or("—")),
            escape(&status)
        );
    }
    h.push_str("</table>\n");
}

fn status_text(s: &InputStatus) -> String {
    match s {
        InputStatus::Verified => "verified: SHA-256 matches".to_owned(),
        InputStatus::Changed { sha256_now } => format!("CHANGED since ingest: SHA-256 now {sha256_now}"),
        InputStatus::Unreadable { reason } => format!("cannot be read at its recorded path: {reason}"),
        InputStatus::Stdin => "read from standard input: no file to check".to_owned(),
        InputStatus::NoHash => "no SHA-256 recorded: cannot be verified".to_owned(),
        InputStatus::Corrupt { reason } => {
            format!("verified, but its compressed stream is damaged: {reason}")
        }
    }
}

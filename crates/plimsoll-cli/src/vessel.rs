//! `plimsoll vessel MMSI|IMO`: a vessel's profile from the store: identities
//! over time, list matches with their reasons, risk, and events.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::bail;
use plimsoll::geo::{is_valid_imo, MidTable};
use plimsoll::ingest::format_time_ms;
use plimsoll::screen::run::identities;
use plimsoll::store::lists;
use plimsoll::track::identity::{HistoryConfig, IdentityHistory, Interval};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    store: PathBuf,
    /// List these events (JSON lines from `plimsoll detect --out`) instead of
    /// the store's own.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// A nine-digit MMSI, or a seven-digit IMO number (every MMSI that sent it).
    id: String,
}

fn runs<T>(
    out: &mut impl Write,
    label: &str,
    runs: &[Interval<T>],
    show: impl Fn(&T) -> String,
) -> io::Result<()> {
    for r in runs {
        let one_off = if r.one_off { " (one-off)" } else { "" };
        writeln!(
            out,
            "  {label:<10} {:<24} {} .. {}  {} reports{one_off}",
            show(&r.value),
            format_time_ms(r.first_ms),
            format_time_ms(r.last_ms),
            r.report_count
        )?;
    }
    Ok(())
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let digits = args.id.trim();
    let Ok(number) = digits.parse::<u32>() else { bail!("{digits}: not an MMSI or IMO number") };
    let mids = MidTable::embedded()?;
    let all = identities(&args.store, &mids, &HistoryConfig::default())?;
    let selected: Vec<&IdentityHistory> = match digits.len() {
        9 => all.iter().filter(|h| h.mmsi == number).collect(),
        7 if is_valid_imo(number) => {
            all.iter().filter(|h| h.imos.iter().any(|r| r.value == number)).collect()
        }
        7 => bail!("IMO {number} fails its check digit"),
        _ => bail!("{digits}: an MMSI has nine digits, an IMO number seven"),
    };
    let mut mmsis: Vec<u32> = selected.iter().map(|h| h.mmsi).collect();
    if mmsis.is_empty() && digits.len() == 9 {
        mmsis.push(number);
    }
    if mmsis.is_empty() {
        bail!("no vessel in {} sent IMO {number}", args.store.display());
    }
    let mut out = io::stdout().lock();
    for mmsi in mmsis {
        writeln!(out, "MMSI {mmsi}")?;
        if let Some(h) = selected.iter().find(|h| h.mmsi == mmsi) {
            let flag = h
                .flag
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), |f| format!("{} ({})", f.iso_alpha2, f.name));
            writeln!(out, "  flag (MID)  {flag}")?;
            writeln!(out, "identities ({} static reports)", h.report_count)?;
            runs(&mut out, "name", &h.names, String::clone)?;
            runs(&mut out, "call sign", &h.callsigns, String::clone)?;
            runs(&mut out, "IMO", &h.imos, |imo| {
                if is_valid_imo(*imo) {
                    imo.to_string()
                } else {
                    format!("{imo} (bad check digit)")
                }
            })?;
            runs(&mut out, "type", &h.ship_types, u8::to_string)?;
            runs(&mut out, "size", &h.sizes, |s| format!("{} x {} m", s.length_m, s.beam_m))?;
        } else {
            writeln!(out, "  no static reports")?;
        }
        let matches = lists::matches_for(&args.store, mmsi)?;
        writeln!(out, "matches ({})", matches.len())?;
        for m in &matches {
            let imo = m.entry_imo.map(|i| format!(", IMO {i}")).unwrap_or_default();
            writeln!(
                out,
                "  {} {} [{}{imo}] {} score {:.2}",
                m.list,
                m.entry_name,
                m.entry_id,
                m.programs.join(" "),
                m.score
            )?;
            for r in &m.reasons {
                writeln!(out, "    {:<16} {:>5.2}  {}", format!("{:?}", r.kind), r.weight, r.detail)?;
            }
        }
        match lists::vessel_risk(&args.store, mmsi)? {
            Some(risk) => {
                writeln!(out, "risk {:.2}", risk.score)?;
                for r in &risk.reasons {
                    let event = r.event_id.as_deref().map(|e| format!(" [{e}]")).unwrap_or_default();
                    writeln!(
                        out,
                        "    {:<22} {:>5.2}  {}{event}",
                        format!("{:?}", r.kind),
                        r.weight,
                        r.detail
                    )?;
                }
            }
            None => writeln!(out, "risk: no reasons")?,
        }
        let events = crate::screen::events(&args.store, args.events.as_deref(), Some(mmsi))?;
        let own: Vec<&plimsoll::event::Event> = events.iter().collect();
        let ids: Vec<&str> = own.iter().map(|e| e.id.as_str()).collect();
        let risks = lists::event_risks(&args.store, &ids)?;
        writeln!(out, "events ({})", own.len())?;
        for e in own {
            let risk = risks.iter().find(|r| r.event_id == e.id);
            let confidence = match risk {
                Some(r) if r.confidence != r.detected_confidence => {
                    format!("confidence {:.2} (detected {:.2})", r.confidence, r.detected_confidence)
                }
                _ => format!("confidence {:.2}", e.confidence),
            };
            let reasons = risk
                .map(|r| r.reasons.iter().map(|x| x.detail.as_str()).collect::<Vec<_>>().join("; "))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} {} .. {} {}  {}",
                e.id,
                format_time_ms(e.start_ms),
                format_time_ms(e.end_ms),
                confidence,
                reasons
            )?;
        }
    }
    Ok(())
}

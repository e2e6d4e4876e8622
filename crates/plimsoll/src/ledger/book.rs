//! The ledger proper: which events are deliveries to the sanctioned country, their
//! volumes, the running total against the cap month by month, the day the cap is
//! passed under each bound, and the determination.
//!
//! A **delivery** is
//!
//! - a tanker's call at one of the regime's ports in which it stopped (AIS type
//!   80–89, or designated as a tanker); the transfers in which it received cargo
//!   in the `link_window_ms` before are its evidence, not further deliveries, so a
//!   cargo is counted once, on the day it arrived (the US counted port calls);
//! - an STS transfer (confidence at least `min_sts_confidence`) to a vessel
//!   designated at the time that is not followed by such a port call: bound for the
//!   country by its designation.
//!
//! Its volume, best evidence first: the receiver's draught change across the
//! transfers (summed), its draught change across the port call (it discharged), or
//! the laden-fraction bounds of its capacity ([`VolumeModel`]). A delivery whose
//! volume cannot be estimated (no dimensions, no listed deadweight) is listed and
//! counted apart, never as zero.
//!
//! Reported deliveries count on the last day of the period they cover: the earliest
//! day they are known to have been delivered in full. The cap is **passed** when the
//! running total exceeds it.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::regime::{date_of_ms, ms_of_date, CapPeriod, Regime};
use super::reported::ReportedDelivery;
use super::volume::{Hull, HullClass, Volume, VolumeModel};
use super::{Error, ErrorKind, Estimate};
use crate::detect::sts_transfer::{ShipClass, VesselFacts};
use crate::event::{Event, EventKind};
use crate::geo::MidTable;
use crate::store::{StaticReader, TimeRange};
use crate::track::identity::{HistoryConfig, IdentityHistory, Interval};

const MS_PER_DAY: i64 = 86_400_000;

/// Thresholds of the ledger.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LedgerConfig {
    /// A transfer is evidence for the receiver's next port call within this time.
    /// Default 30 days: the documented DPRK tankers sailed from the East China Sea to
    /// Nampo in 2–5 days; the window allows for waiting at anchor.
    pub link_window_ms: i64,
    /// STS transfers below this confidence are not deliveries. Default 0.5.
    pub min_sts_confidence: f64,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        LedgerConfig { link_window_ms: 30 * MS_PER_DAY, min_sts_confidence: 0.5 }
    }
}

impl LedgerConfig {
    /// Checks the window is positive and the confidence in 0–1.
    pub fn validate(&self) -> Result<(), Error> {
        if self.link_window_ms <= 0 {
            return Err(ErrorKind::Config {
                field: "link_window_ms".into(),
                value: self.link_window_ms.to_string(),
            }
            .into());
        }
        if !(0.0..=1.0).contains(&self.min_sts_confidence) {
            return Err(ErrorKind::Config {
                field: "min_sts_confidence".into(),
                value: self.min_sts_confidence.to_string(),
            }
            .into());
        }
        Ok(())
    }
}

/// What is known of one vessel: its identity and the facts the detectors use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VesselInfo {
    pub mmsi: u32,
    pub name: Option<String>,
    pub imo: Option<u32>,
    /// Length overall and beam, metres.
    pub length_m: Option<f64>,
    pub beam_m: Option<f64>,
    /// Ship type and draught reports.
    pub facts: VesselFacts,
    /// A published deadweight (a registry's), tonnes; a regime's entry is used when
    /// this is `None`.
    pub listed_deadweight_t: Option<f64>,
}

fn latest<T: Clone>(runs: &[Interval<T>]) -> Option<T> {
    runs.iter().rev().find(|r| !r.one_off).map(|r| r.value.clone())
}

impl VesselInfo {
    /// The latest name, IMO and size that are not one-offs, and the facts.
    pub fn from_history(history: &IdentityHistory) -> VesselInfo {
        let size = latest(&history.sizes);
        VesselInfo {
            mmsi: history.mmsi,
            name: latest(&history.names),
            imo: latest(&history.imos),
            length_m: size.map(|s| f64::from(s.length_m)),
            beam_m: size.map(|s| f64::from(s.beam_m)),
            facts: VesselFacts::from_history(history),
            listed_deadweight_t: None,
        }
    }
}

/// What the store's static reports say of every vessel (all times), keyed by MMSI.
pub fn vessels_from_store(store_dir: &Path) -> Result<HashMap<u32, VesselInfo>, Error> {
    let mids = MidTable::embedded().map_err(|e| Error::from(ErrorKind::Geo(Box::new(e))))?;
    let store_error = |e| Error::from(ErrorKind::Store(Box::new(e)));
    let mut reader = StaticReader::open(store_dir, TimeRange::default()).map_err(store_error)?;
    let mut vessels = HashMap::new();
    while let Some(vessel) = reader.next_vessel().map_err(store_error)? {
        let history = IdentityHistory::build(vessel.mmsi, &vessel.reports, &mids, &HistoryConfig::default());
        vessels.insert(vessel.mmsi, VesselInfo::from_history(&history));
    }
    Ok(vessels)
}

/// A delivery found in the events.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// When it counts: the port call's arrival, or the transfer's end.
    pub time_ms: i64,
    pub mmsi: u32,
    pub vessel_name: Option<String>,
    /// The events it rests on: the port call first, then the transfers.
    pub evidence: Vec<String>,
    /// Why it is a delivery, in words.
    pub reasons: Vec<String>,
    /// `None`: no capacity or draught evidence to estimate it from.
    pub volume: Option<Volume>,
}

/// One vessel's facts with what the regime adds.
struct Vessel<'a> {
    info: Option<&'a VesselInfo>,
    listed_deadweight_t: Option<f64>,
    designated_tanker: bool,
}

impl Vessel<'_> {
    fn is_tanker(&self) -> bool {
        self.designated_tanker || self.info.is_some_and(|i| i.facts.class() == ShipClass::Tanker)
    }

    fn hull(&self) -> Hull {
        let class = if self.is_tanker() {
            Some(HullClass::Tanker)
        } else if self.info.is_some_and(|i| i.facts.class() == ShipClass::Cargo) {
            Some(HullClass::Cargo)
        } else {
            None
        };
        Hull {
            class,
            length_m: self.info.and_then(|i| i.length_m),
            beam_m: self.info.and_then(|i| i.beam_m),
            max_draught_m: self.info.and_then(|i| i.facts.draughts.iter().map(|d| d.1).reduce(f64::max)),
            listed_deadweight_t: self.listed_deadweight_t,
        }
    }

    fn name(&self) -> Option<String> {
        self.info.and_then(|i| i.name.clone())
    }
}

fn vessel<'a>(mmsi: u32, vessels: &'a HashMap<u32, VesselInfo>, regime: &Regime) -> Vessel<'a> {
    let info = vessels.get(&mmsi);
    let entry = regime.vessel_entry(mmsi, info.and_then(|i| i.imo), info.and_then(|i| i.name.as_deref()));
    Vessel {
        info,
        listed_deadweight_t: info.and_then(|i| i.listed_deadweight_t).or(entry.and_then(|e| e.deadweight_t)),
        designated_tanker: entry.is_some_and(|e| e.tanker),
    }
}

fn detail_str<'a>(event: &'a Event, key: &str) -> Option<&'a str> {
    event.details.get(key).and_then(|v| v.as_str())
}

fn format_day(time_ms: i64) -> String {
    date_of_ms(time_ms).map_or_else(|| time_ms.to_string(), |d| d.to_string())
}

/// The receiver's draughts before and after a transfer, from its details
/// (`draught_m_<mmsi>`: [before, after]).
fn sts_draughts(event: &Event, mmsi: u32) -> Option<(f64, f64)> {
    let pair = event.details.get(&format!("draught_m_{mmsi}"))?.as_array()?;
    Some((pair.first()?.as_f64()?, pair.get(1)?.as_f64()?))
}

/// The deliveries among `events`, in time order.
pub fn find_deliveries(
    events: &[Event],
    vessels: &HashMap<u32, VesselInfo>,
    regime: &Regime,
    model: &VolumeModel,
    config: &LedgerConfig,
) -> Vec<Delivery> {
    // Port calls of tankers that stopped at the regime's ports.
    let mut calls: Vec<&Event> = events
        .iter()
        .filter(|e| e.kind == EventKind::PortVisit)
        .filter(|e| {
            regime.ports.contains(
                detail_str(e, "port_name"),
                detail_str(e, "port_country"),
                detail_str(e, "port_unlocode"),
            )
        })
        .filter(|e| e.details.get("stops").and_then(|s| s.as_u64()) != Some(0))
        .filter(|e| e.vessels.first().is_some_and(|&m| vessel(m, vessels, regime).is_tanker()))
        .collect();
    calls.sort_by_key(|e| (e.start_ms, e.id.clone()));

    let mut linked: HashMap<&str, Vec<(&Event, u32)>> = HashMap::new();
    let mut deliveries = Vec::new();
    for sts in events
        .iter()
        .filter(|e| e.kind == EventKind::StsTransfer && e.confidence >= config.min_sts_confidence)
    {
        let next_call = |mmsi: u32| {
            calls.iter().find(|c| {
                c.vessels.first() == Some(&mmsi)
                    && c.start_ms >= sts.end_ms
                    && c.start_ms - sts.end_ms <= config.link_window_ms
            })
        };
        let designated = |mmsi: u32| {
            let info = vessels.get(&mmsi);
            regime.designated_vessel(
                mmsi,
                info.and_then(|i| i.imo),
                info.and_then(|i| i.name.as_deref()),
                sts.start_ms,
            )
        };
        let stated = sts.details.get("receiver").and_then(|r| r.as_u64()).and_then(|r| u32::try_from(r).ok());
        // The giver, when the draughts tell, is not the one bound for the country (a
        // designated feeder supplies, it does not deliver).
        let giver = sts.details.get("giver").and_then(|g| g.as_u64()).and_then(|g| u32::try_from(g).ok());
        let bound: Vec<u32> = sts
            .vessels
            .iter()
            .copied()
            .filter(|&m| Some(m) != giver)
            .filter(|&m| next_call(m).is_some() || designated(m).is_some())
            .collect();
        let Some(receiver) = stated.filter(|r| bound.contains(r)).or_else(|| bound.first().copied()) else {
            continue;
        };
        if let Some(call) = next_call(receiver) {
            linked.entry(call.id.as_str()).or_default().push((sts, receiver));
            continue;
        }
        let Some(designation) = designated(receiver) else { continue };
        let v = vessel(receiver, vessels, regime);
        let hull = v.hull();
        let volume = sts_draughts(sts, receiver)
            .and_then(|(before, after)| {
                (after > before).then(|| model.by_draught(&hull, before, after)).flatten()
            })
            .or_else(|| model.by_laden_fraction(&hull));
        deliveries.push(Delivery {
            time_ms: sts.end_ms,
            mmsi: receiver,
            vessel_name: v.name(),
            evidence: vec![sts.id.clone()],
            reasons: vec![format!(
                "received cargo by STS transfer on {}; {} designated since {} (regime line {})",
                format_day(sts.start_ms),
                designation.name,
                designation.designated,
                designation.line
            )],
            volume,
        });
    }

    for call in calls {
        let Some(&mmsi) = call.vessels.first() else { continue };
        let v = vessel(mmsi, vessels, regime);
        let hull = v.hull();
        let transfers = linked.remove(call.id.as_str()).unwrap_or_default();
        let port = detail_str(call, "port_name").unwrap_or("a port");
        let mut reasons = vec![format!("tanker stopped at {port} on {}", format_day(call.start_ms))];
        let mut evidence = vec![call.id.clone()];
        let mut by_sts: Option<Volume> = None;
        for (sts, receiver) in &transfers {
            evidence.push(sts.id.clone());
            reasons.push(format!("received cargo by STS transfer on {}", format_day(sts.start_ms)));
            let Some(v) = sts_draughts(sts, *receiver)
                .filter(|(before, after)| after > before)
                .and_then(|(before, after)| model.by_draught(&hull, before, after))
            else {
                continue;
            };
            by_sts = Some(match by_sts {
                None => v,
                Some(sum) => Volume {
                    tonnes: sum.tonnes + v.tonnes,
                    bbl: sum.bbl + v.bbl,
                    method: format!("{}; {}", sum.method, v.method),
                },
            });
        }
        let facts = v.info.map(|i| &i.facts);
        let by_call = || {
            let (arrival_m, departure_m) = facts?.draught_change_m(call.start_ms, call.end_ms)?;
            (arrival_m > departure_m).then(|| model.by_draught(&hull, arrival_m, departure_m)).flatten()
        };
        let volume = by_sts.or_else(by_call).or_else(|| model.by_laden_fraction(&hull));
        deliveries.push(Delivery {
            time_ms: call.start_ms,
            mmsi,
            vessel_name: v.name(),
            evidence,
            reasons,
            volume,
        });
    }
    deliveries.sort_by(|a, b| (a.time_ms, &a.evidence).cmp(&(b.time_ms, &b.evidence)));
    deliveries
}

/// Which bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Low,
    Central,
    High,
}

impl Bound {
    pub const ALL: [Bound; 3] = [Bound::Low, Bound::Central, Bound::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Low => "low",
            Bound::Central => "central",
            Bound::High => "high",
        }
    }
}

/// What passed the cap.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// The `n`-th (1-based) detected delivery of the cap period, index into
    /// [`Ledger::deliveries`].
    Detected { ordinal: usize, index: usize },
    /// A reported delivery, index into [`Ledger::reported`].
    Reported { index: usize },
}

/// The moment the running total first exceeded the cap under one bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    pub bound: Bound,
    pub time_ms: i64,
    pub entry: Entry,
    /// The running total just after it.
    pub total_bbl: f64,
}

/// One cap period's account.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodAccount {
    pub period: CapPeriod,
    /// Reported and detected before the ledger's year began.
    pub brought_forward_bbl: Estimate,
    pub reported_bbl: Estimate,
    pub detected_bbl: Estimate,
    pub detected_count: usize,
    /// Detected deliveries whose volume is unknown (not in the totals).
    pub unknown_volume: Vec<usize>,
    pub reported_count: usize,
    /// Under low, central and high, when the cap was passed.
    pub crossings: Vec<Crossing>,
}

impl PeriodAccount {
    pub fn total_bbl(&self) -> Estimate {
        self.reported_bbl + self.detected_bbl
    }
}

/// One month of the year.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    /// 1–12.
    pub month: u32,
    /// The cap in force at the month's end, and its period (index into
    /// [`Ledger::periods`]).
    pub period: Option<usize>,
    pub reported_bbl: Estimate,
    pub reported_count: usize,
    pub detected_bbl: Estimate,
    pub detected_count: usize,
    pub unknown_volume_count: usize,
    /// Running total of the period in force at the month's end.
    pub running_bbl: Option<Estimate>,
    /// The evidence of the month's detected deliveries.
    pub evidence: Vec<String>,
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The regime has no cap on the product in the year.
    NoCap,
    /// Nothing reported, nothing detected, and no events at all in the year: no
    /// evidence either way.
    NoEvidence,
    /// Passed under the high bound only, the central too, or every bound.
    Exceeded { low: bool, central: bool, high: bool },
    /// Not passed under any bound.
    NotExceeded,
}

/// The ledger of one regime, product and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub regime: String,
    pub product: String,
    pub year: i32,
    pub periods: Vec<PeriodAccount>,
    pub months: Vec<MonthRow>,
    /// The detected deliveries in the cap periods (or the year, without a cap).
    pub deliveries: Vec<Delivery>,
    pub reported: Vec<ReportedDelivery>,
    /// Events of any kind starting in the year: the observations behind "nothing
    /// detected".
    pub observed: Observed,
    pub verdict: Verdict,
    /// The determination in plain language, naming its evidence.
    pub determination: String,
}

/// The span `[start, end)` in ms of a cap period or a year.
fn span_ms(start: NaiveDate, end_inclusive: NaiveDate) -> (i64, i64) {
    (ms_of_date(start), ms_of_date(end_inclusive).saturating_add(MS_PER_DAY))
}

/// When a reported delivery counts: the end of its period's last day.
fn reported_time_ms(r: &ReportedDelivery) -> i64 {
    span_ms(r.period_start, r.period_end).1 - 1
}

/// Builds the ledger of `year` for `product` from deliveries already found
/// ([`find_deliveries`]), the reported deliveries, and the number of events of
/// any kind in the year ([`events_in_year`]).
pub fn build_ledger(
    regime: &Regime,
    product: &str,
    year: i32,
    deliveries: &[Delivery],
    reported: &[ReportedDelivery],
    observed: Observed,
) -> Result<Ledger, Error> {
    let (Some(year_start), Some(year_end)) =
        (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return Err(ErrorKind::Year { year }.into());
    };
    let cap_periods = regime.cap_periods(product, year);
    let year_span = span_ms(year_start, year_end);
    // Everything from the first period's start (or the year's) to the last's end.
    let whole = cap_periods.iter().fold(year_span, |(s, e), p| {
        let (ps, pe) = span_ms(p.start, p.end);
        (s.min(ps), e.max(pe))
    });
    let in_whole = |t: i64| whole.0 <= t && t < whole.1;
    let deliveries: Vec<Delivery> = deliveries.iter().filter(|d| in_whole(d.time_ms)).cloned().collect();
    let reported: Vec<ReportedDelivery> =
        reported.iter().filter(|r| r.product == product && in_whole(reported_time_ms(r))).cloned().collect();

    // Every entry in time order: reported and detected interleaved.
    let mut entries: Vec<(i64, Entry, Option<Estimate>)> = Vec::new();
    entries.extend(
        reported
            .iter()
            .enumerate()
            .map(|(index, r)| (reported_time_ms(r), Entry::Reported { index }, Some(r.bbl))),
    );
    entries.extend(deliveries.iter().enumerate().map(|(index, d)| {
        (d.time_ms, Entry::Detected { ordinal: 0, index }, d.volume.as_ref().map(|v| v.bbl))
    }));
    entries.sort_by_key(|(t, entry, _)| (*t, matches!(entry, Entry::Detected { .. })));

    let mut periods = Vec::new();
    for period in &cap_periods {
        let (start, end) = span_ms(period.start, period.end);
        let mut account = PeriodAccount {
            period: period.clone(),
            brought_forward_bbl: Estimate::default(),
            reported_bbl: Estimate::default(),
            detected_bbl: Estimate::default(),
            detected_count: 0,
            unknown_volume: Vec::new(),
            reported_count: 0,
            crossings: Vec::new(),
        };
        for (time_ms, entry, bbl) in entries.iter().filter(|(t, ..)| start <= *t && *t < end) {
            let entry = match entry {
                Entry::Detected { index, .. } => {
                    account.detected_count += 1;
                    Entry::Detected { ordinal: account.detected_count, index: *index }
                }
                Entry::Reported { index } => {
                    account.reported_count += 1;
                    Entry::Reported { index: *index }
                }
            };
            let Some(bbl) = bbl else {
                if let Entry::Detected { index, .. } = entry {
                    account.unknown_volume.push(index);
                }
                continue;
            };
            if matches!(entry, Entry::Detected { .. }) {
                account.detected_bbl += *bbl;
            } else {
                account.reported_bbl += *bbl;
            }
            if *time_ms < year_span.0 {
                account.brought_forward_bbl += *bbl;
            }
            let total = account.total_bbl().bounds();
            for (bound, total_bbl) in Bound::ALL.into_iter().zip(total) {
                if total_bbl > period.limit_bbl && !account.crossings.iter().any(|c| c.bound == bound) {
                    account.crossings.push(Crossing {
                        bound,
                        time_ms: *time_ms,
                        entry: entry.clone(),
                        total_bbl,
                    });
                }
            }
        }
        periods.push(account);
    }

    let months = (1..=12)
        .map(|month| {
            let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(year_start);
            let last = if month == 12 {
                year_end
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1).and_then(|d| d.pred_opt()).unwrap_or(year_end)
            };
            let (start, end) = span_ms(first, last);
            let period = cap_periods.iter().position(|p| p.start <= last && last <= p.end);
            let mut row = MonthRow {
                month,
                period,
                reported_bbl: Estimate::default(),
                reported_count: 0,
                detected_bbl: Estimate::default(),
                detected_count: 0,
                unknown_volume_count: 0,
                running_bbl: None,
                evidence: Vec::new(),
            };
            for r in reported.iter().filter(|r| (start..end).contains(&reported_time_ms(r))) {
                row.reported_bbl += r.bbl;
                row.reported_count += 1;
            }
            for d in deliveries.iter().filter(|d| (start..end).contains(&d.time_ms)) {
                row.detected_count += 1;
                match &d.volume {
                    Some(v) => row.detected_bbl += v.bbl,
                    None => row.unknown_volume_count += 1,
                }
                row.evidence.extend(d.evidence.iter().cloned());
            }
            row.running_bbl = period.map(|i| {
                let (p_start, _) = span_ms(cap_periods[i].start, cap_periods[i].end);
                entries
                    .iter()
                    .filter(|(t, ..)| p_start <= *t && *t < end)
                    .filter_map(|(_, _, bbl)| *bbl)
                    .fold(Estimate::default(), |a, b| a + b)
            });
            row
        })
        .collect();

    let mut ledger = Ledger {
        regime: regime.name.clone(),
        product: product.to_owned(),
        year,
        periods,
        months,
        deliveries,
        reported,
        observed,
        verdict: Verdict::NoCap,
        determination: String::new(),
    };
    (ledger.verdict, ledger.determination) = determine(&ledger);
    Ok(ledger)
}

fn bbl(value: f64) -> String {
    super::output::thousands(value)
}

fn range(e: Estimate) -> String {
    format!("{}–{} bbl (central {})", bbl(e.low), bbl(e.high), bbl(e.central))
}

/// What an entry was, with its evidence.
pub fn describe_entry(ledger: &Ledger, entry: &Entry) -> String {
    match entry {
        Entry::Detected { ordinal, index } => match ledger.deliveries.get(*index) {
            Some(d) => format!(
                "detected delivery {ordinal} ({}{}; evidence {})",
                d.vessel_name.as_deref().map(|n| format!("{n}, ")).unwrap_or_default(),
                d.mmsi,
                d.evidence.join(", ")
            ),
            None => format!("detected delivery {ordinal}"),
        },
        Entry::Reported { index } => match ledger.reported.get(*index) {
            Some(r) => format!(
                "the delivery reported by {} for {} to {} ({}; reported-deliveries line {})",
                r.reporter, r.period_start, r.period_end, r.as_reported, r.line
            ),
            None => "a reported delivery".to_owned(),
        },
    }
}

/// The verdict and its text.
fn determine(ledger: &Ledger) -> (Verdict, String) {
    let subject = format!("{} under {} in {}", ledger.product, ledger.regime, ledger.year);
    if ledger.periods.is_empty() {
        return (Verdict::NoCap, format!("No cap on {subject}: the regime sets none for that year."));
    }
    let reported: usize = ledger.periods.iter().map(|p| p.reported_count).sum();
    let detected: usize = ledger.periods.iter().map(|p| p.detected_count).sum();
    if reported == 0 && detected == 0 && ledger.observed.count == 0 {
        return (
            Verdict::NoEvidence,
            format!(
                "No evidence on {subject}: no deliveries were reported, and the input holds no events in {} \
                 from which deliveries could be detected. This is not a finding that nothing was delivered.",
                ledger.year
            ),
        );
    }
    let mut passed = [false; 3];
    let mut text = Vec::new();
    for account in &ledger.periods {
        let p = &account.period;
        let count = |n: usize, what: &str, total: Estimate| match n {
            0 => format!("no {what}s"),
            1 => format!("1 {what}, {}", range(total)),
            n => format!("{n} {what}s, {}", range(total)),
        };
        let mut s = format!(
            "Cap of {} bbl on {} for {} to {} (regime line {}): {}; {}; total {}.",
            bbl(p.limit_bbl),
            p.product,
            p.start,
            if p.end == NaiveDate::MAX { "open end".to_owned() } else { p.end.to_string() },
            p.line,
            count(account.reported_count, "reported delivery", account.reported_bbl)
                .replace("deliverys", "deliveries"),
            count(account.detected_count, "detected delivery", account.detected_bbl)
                .replace("deliverys", "deliveries"),
            range(account.total_bbl()),
        );
        if account.crossings.is_empty() {
            s.push_str(" Not passed under any bound.");
        }
        for c in &account.crossings {
            if let Some(slot) = Bound::ALL.iter().position(|b| *b == c.bound) {
                passed[slot] = true;
            }
            s.push_str(&format!(
                " Under the {} bound it was passed on {} by {}, the running total reaching {} bbl.",
                c.bound.as_str(),
                format_day(c.time_ms),
                describe_entry(ledger, &c.entry),
                bbl(c.total_bbl)
            ));
        }
        if !account.unknown_volume.is_empty() {
            let ids: Vec<String> = account
                .unknown_volume
                .iter()
                .filter_map(|&i| ledger.deliveries.get(i))
                .flat_map(|d| d.evidence.first().cloned())
                .collect();
            s.push_str(&format!(
                " {} detected deliveries of unknown volume (no dimensions or listed deadweight) are not in the \
                 totals: {}.",
                ids.len(),
                ids.join(", ")
            ));
        }
        if account.detected_count == 0 {
            s.push_str(&format!(
                " No illicit delivery was detected among the {} events of {}.",
                ledger.observed.count, ledger.year
            ));
        }
        text.push(s);
    }
    // Detection sees only what the events cover: say how much that is.
    if let (Some(first_ms), Some(last_ms)) = (ledger.observed.first_ms, ledger.observed.last_ms) {
        text.push(format!(
            "Detection rests on {} events from {} to {}; deliveries outside that span are not in the totals.",
            ledger.observed.count,
            format_day(first_ms),
            format_day(last_ms)
        ));
    } else {
        text.push(format!("No events in {}: detection adds nothing.", ledger.year));
    }
    let [low, central, high] = passed;
    let verdict =
        if high || central || low { Verdict::Exceeded { low, central, high } } else { Verdict::NotExceeded };
    let headline = match verdict {
        Verdict::Exceeded { low: true, .. } => {
            format!("The cap on {subject} was exceeded even under the low bound.")
        }
        Verdict::Exceeded { central: true, .. } => {
            format!("The cap on {subject} was exceeded under the central and high bounds, not the low.")
        }
        Verdict::Exceeded { .. } => format!("The cap on {subject} was exceeded only under the high bound."),
        _ => format!("The cap on {subject} was not exceeded under any bound on this evidence."),
    };
    (verdict, format!("{headline} {}", text.join(" ")))
}

/// How much the events cover of a year: how many start in it, and the first and
/// last start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Observed {
    pub count: usize,
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
}

/// The events of `year` (UTC) among `events`.
pub fn events_in_year(events: &[Event], year: i32) -> Observed {
    let mut observed = Observed::default();
    for e in events.iter().filter(|e| date_of_ms(e.start_ms).is_some_and(|d| d.year() == year)) {
        observed.count += 1;
        observed.first_ms = Some(observed.first_ms.map_or(e.start_ms, |t| t.min(e.start_ms)));
        observed.last_ms = Some(observed.last_ms.map_or(e.start_ms, |t| t.max(e.start_ms)));
    }
    observed
}

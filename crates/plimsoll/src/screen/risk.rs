//! Risk: an explainable score per vessel and per event, from the detected
//! events, the screening matches and the identity histories. Pure functions:
//! the same inputs give the same scores, reasons in the same order.
//!
//! Every reason carries its weight in 0..1; a score is `1 - Π(1 - weight)`
//! over its reasons (noisy-or: each reason alone can raise it, none lowers
//! it), so that "0.93 = sanctioned (0.86) + STS with a sanctioned partner
//! (0.45)" can be read off the list.
//!
//! This is also where an event's confidence takes the screening evidence in
//! (the detectors do not reach forward to the lists): an STS transfer or an
//! encounter with a sanctioned party is more likely what it looks like, so
//! its confidence is recomputed as `1 - (1 - c)(1 - w · match score)` and
//! stored beside the detector's own.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::matcher::Match;
use super::normalize::Countries;
use crate::event::{Event, EventKind};
use crate::geo::is_valid_imo;
use crate::track::identity::IdentityHistory;

/// Weights of the risk reasons. Every weight is in 0..=1.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    /// Times the best match score. Default 0.9: a designation is the strongest reason there is.
    pub sanctioned_weight: f64,
    /// An STS transfer with a sanctioned partner, times the partner's match
    /// score and the event's confidence. Default 0.6.
    pub sts_sanctioned_partner_weight: f64,
    /// An STS transfer with a partner that went dark (a gap) around it. Default 0.3.
    pub sts_dark_partner_weight: f64,
    /// How near an STS a partner's gap must start or end to count as dark. Default 12 h
    /// (GFW's threshold for a likely disabling gap).
    pub dark_window_ms: i64,
    /// Each likely disabling AIS gap. Default 0.2.
    pub disabling_gap_weight: f64,
    /// Each spoofing event, times its confidence. Default 0.3.
    pub spoofing_weight: f64,
    /// Each identity change. Default 0.15.
    pub identity_change_weight: f64,
    /// At most this many events of one kind count (gaps, spoofing, identity changes). Default 3.
    pub repeat_count_max: usize,
    /// The ship's IMO number seen under this many flags (MIDs) or more. Default 3
    /// (two reflaggings).
    pub reflag_flags_min: usize,
    /// Frequent reflagging. Default 0.3.
    pub reflag_weight: f64,
    /// Each call at a port of [`RiskConfig::watched_port_countries`]. Default 0.6.
    pub watched_port_call_weight: f64,
    /// ISO codes of countries whose ports are a reason. Default `["KP"]`.
    pub watched_port_countries: Vec<String>,
    /// How much a sanctioned party raises an STS transfer's or an encounter's
    /// confidence, times its match score. Default 0.3.
    pub sanctioned_party_confidence_weight: f64,
}

impl Default for RiskConfig {
    fn default() -> Self {
        RiskConfig {
            sanctioned_weight: 0.9,
            sts_sanctioned_partner_weight: 0.6,
            sts_dark_partner_weight: 0.3,
            dark_window_ms: 12 * 3_600_000,
            disabling_gap_weight: 0.2,
            spoofing_weight: 0.3,
            identity_change_weight: 0.15,
            repeat_count_max: 3,
            reflag_flags_min: 3,
            reflag_weight: 0.3,
            watched_port_call_weight: 0.6,
            watched_port_countries: vec!["KP".to_owned()],
            sanctioned_party_confidence_weight: 0.3,
        }
    }
}

/// What a risk reason is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Sanctioned,
    StsSanctionedPartner,
    StsDarkPartner,
    DisablingGap,
    Spoofing,
    IdentityChange,
    FrequentReflagging,
    WatchedPortCall,
}

/// One reason with its weight.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskReason {
    pub kind: RiskKind,
    pub detail: String,
    pub weight: f64,
    /// The event it comes from, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
}

/// A vessel's risk.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VesselRisk {
    pub mmsi: u32,
    pub score: f64,
    pub reasons: Vec<RiskReason>,
}

/// An event's risk and its confidence with the screening evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRisk {
    pub event_id: String,
    /// The detector's confidence.
    pub detected_confidence: f64,
    /// The confidence with the screening evidence.
    pub confidence: f64,
    pub score: f64,
    pub reasons: Vec<RiskReason>,
}

/// Everything the risk step computes.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Assessment {
    /// Vessels with at least one reason, by MMSI.
    pub vessels: Vec<VesselRisk>,
    /// Events with at least one reason, in the events' order.
    pub events: Vec<EventRisk>,
}

/// `1 - Π(1 - w)`.
pub fn combine(reasons: &[RiskReason]) -> f64 {
    1.0 - reasons.iter().map(|r| 1.0 - r.weight.clamp(0.0, 1.0)).product::<f64>()
}

fn reason(kind: RiskKind, detail: String, weight: f64, event: Option<&Event>) -> RiskReason {
    RiskReason { kind, detail, weight, event_id: event.map(|e| e.id.clone()) }
}

/// The best match of each vessel.
fn best_matches(matches: &[Match]) -> HashMap<u32, &Match> {
    let mut best: HashMap<u32, &Match> = HashMap::new();
    for m in matches {
        let slot = best.entry(m.mmsi).or_insert(m);
        if m.score > slot.score {
            *slot = m;
        }
    }
    best
}

/// The flags (ISO codes of the MIDs) each MMSI's IMO numbers were seen under,
/// across every MMSI that broadcast them.
pub fn flags_per_vessel(histories: &[IdentityHistory]) -> HashMap<u32, BTreeSet<String>> {
    let mut by_imo: HashMap<u32, BTreeSet<String>> = HashMap::new();
    for h in histories {
        let Some(flag) = &h.flag else { continue };
        for run in h.imos.iter().filter(|r| !r.one_off && is_valid_imo(r.value)) {
            by_imo.entry(run.value).or_default().insert(flag.iso_alpha2.clone());
        }
    }
    let mut flags: HashMap<u32, BTreeSet<String>> = HashMap::new();
    for h in histories {
        for run in h.imos.iter().filter(|r| !r.one_off) {
            if let Some(set) = by_imo.get(&run.value) {
                flags.entry(h.mmsi).or_default().extend(set.iter().cloned());
            }
        }
    }
    flags
}

fn is_likely_disabling(event: &Event) -> bool {
    event.kind == EventKind::AisGap
        && event.details.get("likely_disabling").and_then(Value::as_bool) == Some(true)
}

/// The country of a port visit: its UN/LOCODE's first two letters, else its country name.
fn port_country(event: &Event, countries: &Countries) -> Option<String> {
    let locode = event.details.get("port_unlocode").and_then(Value::as_str).map(str::trim);
    if let Some(code) = locode.and_then(|l| l.get(..2)).filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Some(code.to_owned());
    }
    let name = event.details.get("port_country").and_then(Value::as_str)?;
    countries.iso_alpha2(name).map(str::to_owned)
}

/// Scores every vessel that has a reason and every event that has one.
/// `flags` is [`flags_per_vessel`] of the store's identity histories.
pub fn assess(
    events: &[Event],
    matches: &[Match],
    flags: &HashMap<u32, BTreeSet<String>>,
    countries: &Countries,
    config: &RiskConfig,
) -> Assessment {
    let best = best_matches(matches);
    let mut gaps_by_vessel: HashMap<u32, Vec<&Event>> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == EventKind::AisGap) {
        for &v in &e.vessels {
            gaps_by_vessel.entry(v).or_default().push(e);
        }
    }
    let dark_around = |mmsi: u32, event: &Event| -> Option<&Event> {
        gaps_by_vessel.get(&mmsi)?.iter().copied().find(|g| {
            g.start_ms <= event.end_ms + config.dark_window_ms
                && g.end_ms >= event.start_ms - config.dark_window_ms
        })
    };

    let mut event_risks = Vec::new();
    let mut vessel_reasons: BTreeMap<u32, Vec<RiskReason>> = BTreeMap::new();
    for (mmsi, m) in &best {
        let detail = format!(
            "matches {} {} ({}) with score {:.2}",
            m.list,
            m.entry_name,
            m.programs.join(", "),
            m.score
        );
        vessel_reasons.entry(*mmsi).or_default().push(reason(
            RiskKind::Sanctioned,
            detail,
            config.sanctioned_weight * m.score,
            None,
        ));
    }
    for event in events {
        let mut reasons = Vec::new();
        let mut confidence = event.confidence;
        let pairwise = matches!(event.kind, EventKind::StsTransfer | EventKind::Encounter);
        for &v in &event.vessels {
            let Some(m) = best.get(&v) else { continue };
            let detail = format!("{v} matches {} {} (score {:.2})", m.list, m.entry_name, m.score);
            reasons.push(reason(RiskKind::Sanctioned, detail, config.sanctioned_weight * m.score, None));
            if pairwise {
                confidence =
                    1.0 - (1.0 - confidence) * (1.0 - config.sanctioned_party_confidence_weight * m.score);
            }
        }
        match event.kind {
            EventKind::StsTransfer => {
                for &v in &event.vessels {
                    for &partner in event.vessels.iter().filter(|&&p| p != v) {
                        if let Some(m) = best.get(&partner) {
                            let detail = format!(
                                "STS transfer with {partner}, which matches {} {}",
                                m.list, m.entry_name
                            );
                            let weight = config.sts_sanctioned_partner_weight * m.score * confidence;
                            let r = reason(RiskKind::StsSanctionedPartner, detail, weight, Some(event));
                            vessel_reasons.entry(v).or_default().push(r);
                        }
                        if let Some(gap) = dark_around(partner, event) {
                            let detail =
                                format!("STS transfer with {partner}, dark around it (gap {})", gap.id);
                            let weight = config.sts_dark_partner_weight * confidence;
                            reasons.push(reason(RiskKind::StsDarkPartner, detail.clone(), weight, None));
                            vessel_reasons.entry(v).or_default().push(reason(
                                RiskKind::StsDarkPartner,
                                detail,
                                weight,
                                Some(event),
                            ));
                        }
                    }
                }
            }
            EventKind::AisGap if is_likely_disabling(event) => {
                let r = reason(
                    RiskKind::DisablingGap,
                    "likely disabling AIS gap".to_owned(),
                    config.disabling_gap_weight,
                    None,
                );
                reasons.push(r);
            }
            EventKind::Spoofing => {
                let r = reason(
                    RiskKind::Spoofing,
                    "spoofing".to_owned(),
                    config.spoofing_weight * event.confidence,
                    None,
                );
                reasons.push(r);
            }
            EventKind::PortVisit => {
                if let Some(country) =
                    port_country(event, countries).filter(|c| config.watched_port_countries.contains(c))
                {
                    let port = event.details.get("port_name").and_then(Value::as_str).unwrap_or("?");
                    let detail = format!("call at {port} ({country})");
                    reasons.push(reason(
                        RiskKind::WatchedPortCall,
                        detail,
                        config.watched_port_call_weight * event.confidence,
                        None,
                    ));
                }
            }
            _ => {}
        }
        // Per-vessel reasons from the event's own reasons (gaps, spoofing, port calls).
        for r in reasons.iter().filter(|r| {
            matches!(r.kind, RiskKind::DisablingGap | RiskKind::Spoofing | RiskKind::WatchedPortCall)
        }) {
            for &v in &event.vessels {
                vessel_reasons
                    .entry(v)
                    .or_default()
                    .push(RiskReason { event_id: Some(event.id.clone()), ..r.clone() });
            }
        }
        if event.kind == EventKind::IdentityChange {
            for &v in &event.vessels {
                let r = reason(
                    RiskKind::IdentityChange,
                    "identity change".to_owned(),
                    config.identity_change_weight,
                    Some(event),
                );
                vessel_reasons.entry(v).or_default().push(r);
            }
        }
        if !reasons.is_empty() {
            event_risks.push(EventRisk {
                event_id: event.id.clone(),
                detected_confidence: event.confidence,
                confidence,
                score: combine(&reasons),
                reasons,
            });
        }
    }
    for (mmsi, set) in flags {
        if set.len() >= config.reflag_flags_min {
            let detail = format!(
                "its IMO number seen under {} flags: {}",
                set.len(),
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            vessel_reasons.entry(*mmsi).or_default().push(reason(
                RiskKind::FrequentReflagging,
                detail,
                config.reflag_weight,
                None,
            ));
        }
    }
    let vessels = vessel_reasons
        .into_iter()
        .map(|(mmsi, reasons)| {
            let reasons = cap_repeats(reasons, config.repeat_count_max);
            VesselRisk { mmsi, score: combine(&reasons), reasons }
        })
        .collect();
    Assessment { vessels, events: event_risks }
}

/// Keeps at most `max` reasons of each repeated kind (the strongest), so that
/// a hundred short gaps do not outweigh one designation.
fn cap_repeats(mut reasons: Vec<RiskReason>, max: usize) -> Vec<RiskReason> {
    reasons.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.weight.total_cmp(&a.weight)));
    let mut counts: HashMap<RiskKind, usize> = HashMap::new();
    reasons.retain(|r| {
        let n = counts.entry(r.kind).or_default();
        *n += 1;
        *n <= max
    });
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    fn event(kind: EventKind, vessels: Vec<u32>, start_h: i64, confidence: f64, details: Value) -> Event {
        let details: Map<String, Value> = details.as_object().cloned().unwrap_or_default();
        Event::new(
            kind,
            vessels,
            start_h * 3_600_000,
            (start_h + 3) * 3_600_000,
            (38.0, 124.0),
            confidence,
            details,
        )
    }

    fn matched(mmsi: u32, score: f64) -> Match {
        Match {
            mmsi,
            list: "ofac_sdn".into(),
            version_id: 1,
            entry_id: "1".into(),
            entry_name: "YU JONG 2".into(),
            entry_imo: Some(8_604_917),
            programs: vec!["DPRK".into()],
            score,
            reasons: vec![],
        }
    }

    #[test]
    fn reasons_and_recomputed_confidence() {
        let events = vec![
            event(EventKind::StsTransfer, vec![1, 2], 10, 0.5, json!({})),
            event(EventKind::AisGap, vec![1], 0, 0.9, json!({"likely_disabling": true})),
            event(
                EventKind::PortVisit,
                vec![2],
                30,
                1.0,
                json!({"port_name": "Nampo", "port_unlocode": "KP NAM"}),
            ),
        ];
        let countries = Countries::embedded().unwrap();
        let a = assess(&events, &[matched(2, 1.0)], &HashMap::new(), &countries, &RiskConfig::default());
        let sts = a.events.iter().find(|e| e.event_id.starts_with("sts")).unwrap();
        assert!((sts.confidence - (1.0 - 0.5 * 0.7)).abs() < 1e-9, "{sts:?}");
        assert_eq!(sts.detected_confidence, 0.5);
        let v1 = a.vessels.iter().find(|v| v.mmsi == 1).unwrap();
        let kinds: Vec<RiskKind> = v1.reasons.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RiskKind::StsSanctionedPartner, RiskKind::DisablingGap]);
        let v2 = a.vessels.iter().find(|v| v.mmsi == 2).unwrap();
        let kinds: Vec<RiskKind> = v2.reasons.iter().map(|r| r.kind).collect();
        // Vessel 1 went dark within 12 h of the STS: vessel 2's partner was dark.
        assert_eq!(kinds, [RiskKind::Sanctioned, RiskKind::StsDarkPartner, RiskKind::WatchedPortCall]);
        assert!((v2.score - combine(&v2.reasons)).abs() < 1e-12);
        assert!(v2.score > 0.9);
    }

    #[test]
    fn repeats_are_capped_and_reflagging_counted() {
        let events: Vec<Event> =
            (0..10).map(|k| event(EventKind::IdentityChange, vec![7], k * 24, 0.8, json!({}))).collect();
        let flags = HashMap::from([(7, BTreeSet::from(["KP".into(), "PA".into(), "SL".into()]))]);
        let countries = Countries::embedded().unwrap();
        let a = assess(&events, &[], &flags, &countries, &RiskConfig::default());
        let v = &a.vessels[0];
        assert_eq!(v.reasons.iter().filter(|r| r.kind == RiskKind::IdentityChange).count(), 3);
        assert!(v.reasons.iter().any(|r| r.kind == RiskKind::FrequentReflagging));
    }
}

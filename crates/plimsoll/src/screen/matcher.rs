//! Matching vessel identities against the lists.
//!
//! A [`ListIndex`] holds the vessel entries of every list (those designated
//! themselves, and those whose owner or manager is), keyed by IMO number,
//! MMSI, call sign and normalised name, with a token index for fuzzy names.
//! [`ListIndex::screen`] takes one vessel's [`IdentityHistory`] (every name,
//! call sign and IMO number it broadcast, with when) and returns the entries
//! it matches, each with its [`Reason`]s.
//!
//! # Scoring
//!
//! Each reason has a weight in 0..1 (see [`ScreenConfig`]); the score is
//! `1 - Π(1 - weight)` over the reasons (independent pieces of evidence, any
//! one of which may be enough), then multiplied by the factors of the
//! contradicting reasons (a different IMO number on both sides). With the
//! defaults an IMO or MMSI alone is a match; an exact name needs one
//! corroboration (flag, type, size or call sign); a fuzzy name needs two.
//! IMO numbers failing their check digit are never matched.

use std::collections::{HashMap, HashSet};

use crate::geo::is_valid_imo;
use crate::track::identity::{IdentityHistory, Interval};

use super::normalize::{call_sign, name_key, name_numbers, VesselCategory};
use super::{Entry, EntryKind};

/// Weights and thresholds of screening. Every weight is in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenConfig {
    /// IMO numbers equal (both pass the check digit). Default 0.95: the IMO
    /// number is the ship's for life, whatever its name and flag.
    pub imo_weight: f64,
    /// MMSIs equal. Default 0.85: an MMSI changes with the flag and is reused.
    pub mmsi_weight: f64,
    /// Call signs equal. Default 0.5: call signs are reassigned with the flag.
    pub call_sign_weight: f64,
    /// Normalised names equal (the list's name or an alias). Default 0.45:
    /// short of a match alone, since names repeat across fleets.
    pub name_weight: f64,
    /// A normalised name equals one of the list's former names. Default 0.4.
    pub former_name_weight: f64,
    /// Fuzzy name weight at similarity 1, scaled by the similarity. Default 0.35.
    pub fuzzy_name_weight: f64,
    /// Jaro-Winkler similarity of the name keys from which a fuzzy name counts.
    /// Default 0.9 (one or two letters off in a romanised name).
    pub fuzzy_similarity_min: f64,
    /// The MMSI's flag equals the list's flag or one of its former flags. Default 0.2.
    pub flag_weight: f64,
    /// AIS ship type and list vessel type agree (tanker, cargo...). Default 0.1.
    pub type_weight: f64,
    /// AIS length fits the list's gross tonnage. Default 0.1.
    pub size_weight: f64,
    /// A length fits a tonnage if within this ratio of `6 · GT^(1/3)` metres.
    /// Default 0.35: the rule of thumb is rough (tugs and tankers differ).
    pub size_ratio_max: f64,
    /// Factor when both sides have valid IMO numbers and none agree. Default 0.2.
    pub conflicting_imo_factor: f64,
    /// Factor for entries designated only through their owner or manager.
    /// Default 0.8.
    pub owner_designated_factor: f64,
    /// Matches below this score are not reported. Default 0.5.
    pub score_min: f64,
}

impl Default for ScreenConfig {
    fn default() -> Self {
        ScreenConfig {
            imo_weight: 0.95,
            mmsi_weight: 0.85,
            call_sign_weight: 0.5,
            name_weight: 0.45,
            former_name_weight: 0.4,
            fuzzy_name_weight: 0.35,
            fuzzy_similarity_min: 0.9,
            flag_weight: 0.2,
            type_weight: 0.1,
            size_weight: 0.1,
            size_ratio_max: 0.35,
            conflicting_imo_factor: 0.2,
            owner_designated_factor: 0.8,
            score_min: 0.5,
        }
    }
}

/// A configuration value out of its range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("screen config: `{field}` = {value} is outside 0..=1")]
pub struct ConfigError {
    pub field: &'static str,
    pub value: f64,
}

impl ScreenConfig {
    /// Every weight, factor and threshold must be within 0..=1 (the size ratio too).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let fields = [
            ("imo_weight", self.imo_weight),
            ("mmsi_weight", self.mmsi_weight),
            ("call_sign_weight", self.call_sign_weight),
            ("name_weight", self.name_weight),
            ("former_name_weight", self.former_name_weight),
            ("fuzzy_name_weight", self.fuzzy_name_weight),
            ("fuzzy_similarity_min", self.fuzzy_similarity_min),
            ("flag_weight", self.flag_weight),
            ("type_weight", self.type_weight),
            ("size_weight", self.size_weight),
            ("size_ratio_max", self.size_ratio_max),
            ("conflicting_imo_factor", self.conflicting_imo_factor),
            ("owner_designated_factor", self.owner_designated_factor),
            ("score_min", self.score_min),
        ];
        for (field, value) in fields {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError { field, value });
            }
        }
        Ok(())
    }
}

/// What a reason is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    Imo,
    Mmsi,
    CallSign,
    Name,
    FormerName,
    FuzzyName,
    Flag,
    Type,
    Size,
    /// Both sides have IMO numbers and none agree (a factor, not a weight).
    ConflictingImo,
    /// The entry is designated through its owner or manager (a factor).
    OwnerDesignated,
    /// A designated owner or manager of a designated vessel (weight 0: context).
    Owner,
    /// Another identity spoke from the listed vessel's hull while its own AIS was
    /// dark ([`super::handover`]).
    Handover,
}

/// One piece of evidence for (or against) a match.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    /// What was compared, in words ("AIS name YU JONG 2 (2018-01-02 to 2018-02-03) = list alias").
    pub detail: String,
    /// Its weight (for factors, the factor).
    pub weight: f64,
}

/// A list entry with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// `un`, `ofac_sdn`, ...
    pub list: String,
    /// The store's id of the list version (0 outside a store).
    pub version_id: i64,
    pub entry: Entry,
}

/// One vessel matched to one list entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Match {
    pub mmsi: u32,
    pub list: String,
    pub version_id: i64,
    pub entry_id: String,
    pub entry_name: String,
    /// The entry's IMO number.
    pub entry_imo: Option<u32>,
    pub programs: Vec<String>,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// Where a name appears on an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRole {
    Current,
    Former,
}

/// The vessel entries of all lists, indexed.
pub struct ListIndex {
    entries: Vec<Listed>,
    /// Per entry: designated owners (owner name, list), and whether the entry
    /// itself is designated.
    owners_designated: Vec<Vec<(String, String)>>,
    by_imo: HashMap<u32, Vec<usize>>,
    by_mmsi: HashMap<u32, Vec<usize>>,
    by_call_sign: HashMap<String, Vec<usize>>,
    /// Name key → (entry, role, the list's spelling).
    by_name: HashMap<String, Vec<(usize, NameRole, String)>>,
    /// Distinct name keys, for fuzzy matching.
    keys: Vec<String>,
    /// Token (3+ letters) or key prefix → indexes into `keys`.
    blocks: HashMap<String, Vec<usize>>,
    config: ScreenConfig,
}

/// Tokens of 3+ characters of a name, and its key's first three characters:
/// a fuzzy match shares at least one with its target.
fn block_keys(name: &str) -> Vec<String> {
    let mut blocks: Vec<String> = super::normalize::name_tokens(name)
        .into_iter()
        .filter(|t| t.chars().count() >= 3 && !t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let key = name_key(name);
    blocks.push(format!("^{}", key.chars().take(3).collect::<String>()));
    blocks.sort();
    blocks.dedup();
    blocks
}

impl ListIndex {
    /// Indexes the vessel entries of `listed` that are designated, themselves or
    /// through an owner or manager designated on any of the lists, and not
    /// delisted. Organisations and people serve only to resolve owners.
    pub fn new(listed: Vec<Listed>, config: ScreenConfig) -> Result<ListIndex, ConfigError> {
        config.validate()?;
        let mut designated_parties: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for l in &listed {
            if l.entry.sanctioned && l.entry.delisted_on.is_none() && l.entry.kind() != EntryKind::Vessel {
                for name in std::iter::once(&l.entry.name).chain(&l.entry.aliases) {
                    designated_parties
                        .entry(name_key(name))
                        .or_default()
                        .push((l.entry.name.clone(), l.list.clone()));
                }
            }
        }
        let mut index = ListIndex {
            entries: Vec::new(),
            owners_designated: Vec::new(),
            by_imo: HashMap::new(),
            by_mmsi: HashMap::new(),
            by_call_sign: HashMap::new(),
            by_name: HashMap::new(),
            keys: Vec::new(),
            blocks: HashMap::new(),
            config,
        };
        let mut key_ids: HashMap<String, usize> = HashMap::new();
        for l in listed {
            let e = &l.entry;
            if e.kind() != EntryKind::Vessel || e.delisted_on.is_some() {
                continue;
            }
            let mut owners: Vec<(String, String)> = e
                .owners
                .iter()
                .flat_map(|o| designated_parties.get(&name_key(o)).into_iter().flatten().cloned())
                .collect();
            owners.sort();
            owners.dedup();
            if !e.sanctioned && owners.is_empty() {
                continue;
            }
            let i = index.entries.len();
            if let Some(imo) = e.imo {
                index.by_imo.entry(imo).or_default().push(i);
            }
            if let Some(mmsi) = e.mmsi {
                index.by_mmsi.entry(mmsi).or_default().push(i);
            }
            if let Some(sign) = e.call_sign.as_deref().and_then(call_sign) {
                index.by_call_sign.entry(sign).or_default().push(i);
            }
            let names = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|n| (n, NameRole::Current))
                .chain(e.former_names.iter().map(|n| (n, NameRole::Former)));
            for (name, role) in names {
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                let entries = index.by_name.entry(key.clone()).or_default();
                if entries.iter().any(|(j, r, _)| *j == i && *r == role) {
                    continue;
                }
                entries.push((i, role, name.clone()));
                if !key_ids.contains_key(&key) {
                    let id = index.keys.len();
                    key_ids.insert(key.clone(), id);
                    index.keys.push(key);
                    for block in block_keys(name) {
                        index.blocks.entry(block).or_default().push(id);
                    }
                }
            }
            index.owners_designated.push(owners);
            index.entries.push(l);
        }
        Ok(index)
    }

    /// The vessel entries indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn config(&self) -> &ScreenConfig {
        &self.config
    }

    /// The entries `history` matches with a score of at least
    /// [`ScreenConfig::score_min`], best first.
    pub fn screen(&self, history: &IdentityHistory) -> Vec<Match> {
        let c = &self.config;
        let mut found: HashMap<usize, Vec<Reason>> = HashMap::new();
        let mut add = |i: usize, kind, detail: String, weight| {
            let reasons = found.entry(i).or_default();
            // One reason of a kind per entry: the first (strongest lookups run first).
            if !reasons.iter().any(|r: &Reason| r.kind == kind) {
                reasons.push(Reason { kind, detail, weight });
            }
        };
        let latest_name =
            history.names.iter().filter(|n| !n.one_off).max_by_key(|n| n.last_ms).map(|n| &n.value);
        for run in &history.imos {
            if !is_valid_imo(run.value) {
                continue;
            }
            for &i in self.by_imo.get(&run.value).into_iter().flatten() {
                add(
                    i,
                    ReasonKind::Imo,
                    format!("AIS IMO {} {} = listed IMO", run.value, seen(run)),
                    c.imo_weight,
                );
            }
        }
        for &i in self.by_mmsi.get(&history.mmsi).into_iter().flatten() {
            add(i, ReasonKind::Mmsi, format!("MMSI {} = listed MMSI", history.mmsi), c.mmsi_weight);
        }
        for run in &history.callsigns {
            let Some(sign) = call_sign(&run.value).filter(|s| s.len() >= 3) else { continue };
            for &i in self.by_call_sign.get(&sign).into_iter().flatten() {
                let detail = format!("AIS call sign {} {} = listed call sign", run.value, seen(run));
                add(i, ReasonKind::CallSign, detail, c.call_sign_weight);
            }
        }
        for run in &history.names {
            let key = name_key(&run.value);
            if key.len() < 2 {
                continue;
            }
            let when = if Some(&run.value) == latest_name {
                format!("AIS name {} {}", run.value, seen(run))
            } else {
                format!("former AIS name {} {}", run.value, seen(run))
            };
            let mut exact: HashSet<usize> = HashSet::new();
            for (i, role, spelling) in self.by_name.get(&key).into_iter().flatten() {
                exact.insert(*i);
                match role {
                    NameRole::Current => {
                        add(*i, ReasonKind::Name, format!("{when} = listed name {spelling}"), c.name_weight)
                    }
                    NameRole::Former => add(
                        *i,
                        ReasonKind::FormerName,
                        format!("{when} = listed former name {spelling}"),
                        c.former_name_weight,
                    ),
                }
            }
            if key.chars().count() < 4 {
                continue;
            }
            for (key_id, similarity) in self.fuzzy(&run.value, &key) {
                for (i, _, spelling) in self.by_name.get(&self.keys[key_id]).into_iter().flatten() {
                    if exact.contains(i) {
                        continue;
                    }
                    let detail = format!("{when} ≈ listed name {spelling} (similarity {similarity:.2})");
                    add(*i, ReasonKind::FuzzyName, detail, c.fuzzy_name_weight * similarity);
                }
            }
        }
        let mut matches: Vec<Match> = found
            .into_iter()
            .filter_map(|(i, reasons)| self.finish(history, i, reasons))
            .filter(|m| m.score >= c.score_min)
            .collect();
        matches.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.entry_id.cmp(&b.entry_id)));
        matches
    }

    /// Keys similar to `key` (same numbers, similarity at least the minimum).
    fn fuzzy(&self, name: &str, key: &str) -> Vec<(usize, f64)> {
        let numbers = name_numbers(key);
        let mut candidates: Vec<usize> =
            block_keys(name).iter().flat_map(|b| self.blocks.get(b).into_iter().flatten().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|&id| self.keys[id] != key && name_numbers(&self.keys[id]) == numbers)
            .filter_map(|id| {
                let similarity = strsim::jaro_winkler(key, &self.keys[id]);
                (similarity >= self.config.fuzzy_similarity_min).then_some((id, similarity))
            })
            .collect()
    }

    /// Adds corroborations and contradictions to the identifying reasons and scores them.
    fn finish(&self, history: &IdentityHistory, i: usize, mut reasons: Vec<Reason>) -> Option<Match> {
        let c = &self.config;
        let listed = &self.entries[i];
        let e = &listed.entry;
        if let Some(flag) = &history.flag {
            let code = &flag.iso_alpha2;
            if e.flag.as_ref() == Some(code) {
                reasons.push(Reason {
                    kind: ReasonKind::Flag,
                    detail: format!("MMSI flag {code} = listed flag"),
                    weight: c.flag_weight,
                });
            } else if e.former_flags.contains(code) {
                reasons.push(Reason {
                    kind: ReasonKind::Flag,
                    detail: format!("MMSI flag {code} = a listed former flag"),
                    weight: c.flag_weight,
                });
            }
        }
        if let Some(listed_category) = e.vessel_type.as_deref().and_then(VesselCategory::from_text) {
            if let Some(run) =
                history.ship_types.iter().find(|t| VesselCategory::from_ais(t.value) == Some(listed_category))
            {
                reasons.push(Reason {
                    kind: ReasonKind::Type,
                    detail: format!(
                        "AIS ship type {} agrees with listed type {}",
                        run.value,
                        e.vessel_type.as_deref().unwrap_or_default()
                    ),
                    weight: c.type_weight,
                });
            }
        }
        if let Some(gt) = e.tonnage_gt.filter(|&gt| gt > 0) {
            let expected_m = 6.0 * f64::from(gt).cbrt();
            if let Some(size) = history
                .sizes
                .iter()
                .find(|s| (f64::from(s.value.length_m) / expected_m - 1.0).abs() <= c.size_ratio_max)
            {
                reasons.push(Reason {
                    kind: ReasonKind::Size,
                    detail: format!(
                        "AIS length {} m fits listed {gt} GT (about {expected_m:.0} m)",
                        size.value.length_m
                    ),
                    weight: c.size_weight,
                });
            }
        }
        let mut score = 1.0 - reasons.iter().map(|r| 1.0 - r.weight).product::<f64>();
        if let Some(imo) = e.imo {
            let valid: Vec<u32> = history.imos.iter().map(|r| r.value).filter(|&v| is_valid_imo(v)).collect();
            if !valid.is_empty() && !valid.contains(&imo) {
                reasons.push(Reason {
                    kind: ReasonKind::ConflictingImo,
                    detail: format!(
                        "listed IMO {imo}, AIS IMO {}",
                        valid.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                    weight: c.conflicting_imo_factor,
                });
                score *= c.conflicting_imo_factor;
            }
        }
        let owners = &self.owners_designated[i];
        if !e.sanctioned {
            let (owner, list) = owners.first()?;
            reasons.push(Reason {
                kind: ReasonKind::OwnerDesignated,
                detail: format!("not designated itself; its owner or manager {owner} is, on {list}"),
                weight: c.owner_designated_factor,
            });
            score *= c.owner_designated_factor;
        } else {
            for (owner, list) in owners {
                reasons.push(Reason {
                    kind: ReasonKind::Owner,
                    detail: format!("owner or manager {owner} designated on {list}"),
                    weight: 0.0,
                });
            }
        }
        Some(Match {
            mmsi: history.mmsi,
            list: listed.list.clone(),
            version_id: listed.version_id,
            entry_id: e.id.clone(),
            entry_name: e.name.clone(),
            entry_imo: e.imo,
            programs: e.programs.clone(),
            score,
            reasons,
        })
    }
}

/// `(2018-01-02 to 2018-02-03, 14 reports)`.
fn seen<T>(run: &Interval<T>) -> String {
    let day = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map_or_else(|| format!("{ms} ms"), |t| t.format("%Y-%m-%d").to_string())
    };
    format!("({} to {}, {} reports)", day(run.first_ms), day(run.last_ms), run.report_count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::MidTable;
    use crate::track::identity::Size;

    fn run<T>(value: T, first_ms: i64, last_ms: i64) -> Interval<T> {
        Interval { value, first_ms, last_ms, report_count: 10, one_off: false }
    }

    fn history(mmsi: u32, names: &[&str], imo: Option<u32>, ship_type: u8, length_m: u16) -> IdentityHistory {
        let mids = MidTable::embedded().unwrap();
        IdentityHistory {
            mmsi,
            flag: mids.mid_flag(mmsi).cloned(),
            names: names
                .iter()
                .enumerate()
                .map(|(k, n)| run(n.to_string(), k as i64 * 1000, k as i64 * 1000 + 500))
                .collect(),
            callsigns: vec![],
            imos: imo.map(|i| run(i, 0, 1)).into_iter().collect(),
            ship_types: vec![run(ship_type, 0, 1)],
            sizes: vec![run(Size { length_m, beam_m: 20 }, 0, 1)],
            draughts: vec![],
            report_count: 10,
        }
    }

    fn vessel(id: &str, name: &str, imo: Option<u32>, flag: &str) -> Listed {
        Listed {
            list: "test".into(),
            version_id: 1,
            entry: Entry {
                id: id.into(),
                kind: Some(EntryKind::Vessel),
                name: name.into(),
                imo,
                flag: Some(flag.into()),
                vessel_type: Some("Oil Products Tanker".into()),
                tonnage_gt: Some(2000),
                sanctioned: true,
                ..Entry::default()
            },
        }
    }

    fn index(listed: Vec<Listed>) -> ListIndex {
        ListIndex::new(listed, ScreenConfig::default()).unwrap()
    }

    #[test]
    fn imo_matches_alone_and_invalid_imo_never() {
        let idx = index(vec![vessel("1", "YU JONG 2", Some(8_604_917), "KP")]);
        let m = idx.screen(&history(351_000_001, &["OCEAN GLORY"], Some(8_604_917), 70, 300));
        assert_eq!(m.len(), 1);
        assert!(m[0].score >= 0.95 && m[0].reasons[0].kind == ReasonKind::Imo, "{m:?}");
        // 8604918 fails its check digit: not even looked up.
        assert!(idx.screen(&history(351_000_001, &["OCEAN GLORY"], Some(8_604_918), 70, 300)).is_empty());
    }

    #[test]
    fn names_need_corroboration() {
        let idx = index(vec![vessel("1", "YU JONG 2", None, "KP")]);
        // Exact normalised name, nothing else agrees: below the threshold.
        assert!(idx.screen(&history(351_000_001, &["M/V YU JONG NO.2"], None, 0, 0)).is_empty());
        // With the flag (MID 445 is KP) it is a match.
        let m = idx.screen(&history(445_000_001, &["M/V YU JONG NO.2"], None, 0, 0));
        assert_eq!(m.len(), 1, "{m:?}");
        // Fuzzy: one letter off needs flag and type.
        let m = idx.screen(&history(445_000_001, &["YU JONK 2"], None, 80, 0));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].reasons.iter().any(|r| r.kind == ReasonKind::FuzzyName));
        assert!(idx.screen(&history(445_000_001, &["YU JONK 2"], None, 0, 0)).is_empty());
        // Another number is another ship.
        assert!(idx.screen(&history(445_000_001, &["YU JONG 3"], None, 80, 75)).is_empty());
    }

    #[test]
    fn a_renamed_vessel_matches_through_its_former_name() {
        let mut listed = vessel("1", "SEA BREEZE", None, "KP");
        listed.entry.former_names.push("CHON MYONG 1".into());
        let idx = index(vec![listed, vessel("2", "NAM SAN 8", None, "KP")]);
        // The AIS history: NAM SAN 8 first, then renamed to something unlisted.
        let m = idx.screen(&history(445_000_001, &["NAM SAN 8", "KUM BONG"], None, 80, 0));
        assert_eq!(m.len(), 1);
        assert!(m[0].reasons[0].detail.starts_with("former AIS name NAM SAN 8"), "{:?}", m[0].reasons);
        let m = idx.screen(&history(445_000_001, &["CHONMYONG 1"], None, 80, 0));
        assert_eq!(m[0].reasons[0].kind, ReasonKind::FormerName);
    }

    #[test]
    fn conflicting_imo_and_owner_designation() {
        let idx = index(vec![vessel("1", "YU JONG 2", Some(8_604_917), "KP")]);
        // Same name and flag, but a valid other IMO: another ship.
        assert!(idx.screen(&history(445_000_001, &["YU JONG 2"], Some(9_187_629), 80, 75)).is_empty());
        let owner = Listed {
            list: "un".into(),
            version_id: 2,
            entry: Entry {
                id: "o".into(),
                kind: Some(EntryKind::Organization),
                name: "KOTI CORP".into(),
                sanctioned: true,
                ..Entry::default()
            },
        };
        let mut ship = vessel("u", "KOTI", None, "PA");
        ship.entry.sanctioned = false;
        ship.entry.owners.push("Koti Corp.".into());
        let mut stray = vessel("s", "STRAY", None, "PA");
        stray.entry.sanctioned = false;
        let idx = index(vec![owner, ship, stray]);
        assert_eq!(idx.len(), 1);
        let m = idx.screen(&history(351_000_001, &["KOTI"], None, 80, 75));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].reasons.iter().any(|r| r.kind == ReasonKind::OwnerDesignated));
    }

    #[test]
    fn config_is_validated() {
        let config = ScreenConfig { score_min: 1.5, ..ScreenConfig::default() };
        assert_eq!(ListIndex::new(vec![], config).err().map(|e| e.field), Some("score_min"));
    }
}

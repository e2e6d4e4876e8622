//! Screening a whole store: every vessel identity the static reports show,
//! against the latest version of every list the store holds; then the risk
//! of every vessel and event; the results recorded in the store.

use std::path::Path;

use rayon::prelude::*;

use super::handover::{self, HandoverConfig};
use super::matcher::{ConfigError, ListIndex, Match, ScreenConfig};
use super::normalize::Countries;
use super::risk::{assess, flags_per_vessel, Assessment, RiskConfig};
use crate::event::Event;
use crate::geo::MidTable;
use crate::store::lists::{self, ScreenRun, VersionInfo};
use crate::store::{StaticReader, TimeRange};
use crate::track::identity::{HistoryConfig, IdentityHistory};

/// Screening's thresholds. In TOML, one table each: `[screen]`, `[handover]`,
/// `[risk]`, `[history]`, with the fields of [`ScreenConfig`], [`HandoverConfig`],
/// [`RiskConfig`] and [`HistoryConfig`]; missing fields keep their defaults.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    pub screen: ScreenConfig,
    pub handover: HandoverConfig,
    pub risk: RiskConfig,
    #[serde(skip_serializing)]
    pub history: HistoryConfig,
}

impl RunConfig {
    /// Parses and validates a TOML configuration.
    pub fn from_toml(text: &str) -> Result<RunConfig, Error> {
        let config: RunConfig = toml::from_str(text).map_err(|e| Error::Toml(Box::new(e)))?;
        config.validate()?;
        Ok(config)
    }

    /// Every table's values within their ranges.
    pub fn validate(&self) -> Result<(), Error> {
        self.screen.validate()?;
        match self.handover.invalid_field() {
            Some((field, value)) => Err(Error::Handover { field, value }),
            None => Ok(()),
        }
    }
}

/// Why a screening could not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("config: {0}")]
    Toml(Box<toml::de::Error>),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("handover config: `{field}` = {value} is out of range (times and distances above 0, weights within 0..=1)")]
    Handover { field: &'static str, value: f64 },
    #[error(transparent)]
    Store(#[from] crate::store::Error),
    #[error(transparent)]
    Geo(#[from] crate::geo::Error),
}

/// What a screening found.
#[derive(Debug, Clone)]
pub struct Screening {
    /// The list versions screened against (the latest of each list).
    pub versions: Vec<VersionInfo>,
    /// Vessel entries indexed.
    pub listed_vessels: usize,
    /// Vessel identities (MMSIs with static reports) screened.
    pub identities: usize,
    /// Matches, by MMSI then score.
    pub matches: Vec<Match>,
    /// Gap events of listed vessels the handover step could not check
    /// ([`handover::Handovers::gaps_without_ends`]).
    pub gaps_without_ends: usize,
    pub assessment: Assessment,
    /// The store's id of this run.
    pub run_id: i64,
}

/// The identity history of every MMSI with static reports in the store.
pub fn identities(
    dir: &Path,
    mids: &MidTable,
    config: &HistoryConfig,
) -> Result<Vec<IdentityHistory>, Error> {
    let mut reader = StaticReader::open(dir, TimeRange::default())?;
    let mut histories = Vec::new();
    while let Some(vessel) = reader.next_vessel()? {
        histories.push(IdentityHistory::build(vessel.mmsi, &vessel.reports, mids, config));
    }
    Ok(histories)
}

/// Screens identities against an index, on all cores; matches by MMSI, then
/// score.
pub fn screen_all(index: &ListIndex, histories: &[IdentityHistory]) -> Vec<Match> {
    let mut matches: Vec<Match> = histories.par_iter().flat_map_iter(|h| index.screen(h)).collect();
    sort_matches(&mut matches);
    matches
}

/// Matches by MMSI, then score, then entry.
pub fn sort_matches(matches: &mut [Match]) {
    matches.sort_by(|a, b| {
        a.mmsi.cmp(&b.mmsi).then(b.score.total_cmp(&a.score)).then(a.entry_id.cmp(&b.entry_id))
    });
}

/// Screens the store in `dir`, scores risks with `events` (the detected events
/// of the same store) and records everything in the store.
pub fn screen_store(dir: &Path, events: &[Event], config: &RunConfig) -> Result<Screening, Error> {
    config.validate()?;
    let mids = MidTable::embedded()?;
    let countries = Countries::new(&mids);
    let (versions, listed) = lists::latest_entries(dir)?;
    let index = ListIndex::new(listed, config.screen)?;
    let histories = identities(dir, &mids, &config.history)?;
    let mut matches = screen_all(&index, &histories);
    let handovers = handover::find(dir, &matches, events, &config.handover, config.screen.score_min)?;
    matches.extend(handovers.matches);
    sort_matches(&mut matches);
    let flags = flags_per_vessel(&histories);
    let assessment = assess(events, &matches, &flags, &countries, &config.risk);
    let run = ScreenRun {
        versions: versions.clone(),
        config: serde_json::to_value(config).unwrap_or_default(),
        identities: histories.len(),
    };
    let run_id = lists::record_screening(dir, &run, &matches, &assessment)?;
    Ok(Screening {
        versions,
        listed_vessels: index.len(),
        identities: histories.len(),
        matches,
        gaps_without_ends: handovers.gaps_without_ends,
        assessment,
        run_id,
    })
}
